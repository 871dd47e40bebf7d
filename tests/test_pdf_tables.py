"""PDF tables: continuation over page breaks, page borders and shading that are no tables, rules that
close a table a break cut open, and the corpus PDFs' tables read as their gold has them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from extractors.pdf import _closing_edges, _is_page_frame
from extractors.pdf_continued import join_continued_tables
from extractors.pdf_items import PdfItem, PdfRow, PdfTable
from extractors.pdf_layer import LayerPage, is_shading
from extractors.pdf_wraps import GlyphLine, joined


def _a4_page() -> LayerPage:
    return LayerPage(number=1, width=595.0, height=842.0)


def _table(page: int, columns: tuple[float, ...], *rows: list[str]) -> PdfTable:
    return PdfTable(rows=[PdfRow(list(row), page) for row in rows], page=page, top=72.0, columns=columns)


def _cells(items: list[PdfItem]) -> list[list[str]]:
    return [row.cells for item in items if isinstance(item, PdfTable) for row in item.rows]


def test_repeated_header_row_dropped_on_continuation() -> None:
    header = ["Delmål", "Indikator"]
    joined = join_continued_tables(
        [_table(1, (85.0, 300.0), header, ["a", "b"]), _table(2, (85.5, 300.2), header, ["C", "D"])]
    )
    assert len(joined) == 1
    assert _cells(joined) == [header, ["a", "b"], ["C", "D"]]


def test_next_schema_with_the_same_label_is_not_a_continuation() -> None:
    """Activity schemas (label above value) all open with "Aktivitetsnavn:"; the next one at the top of a
    page keeps its label row."""
    first = _table(1, (85.0,), ["Aktivitetsnavn:"], ["Lektiecafé"], ["Formål:"], ["At styrke"])
    second = _table(2, (85.0,), ["Aktivitetsnavn:"], ["Lokal UU-vejledning"])
    joined = join_continued_tables([first, second])
    assert _cells(joined)[-2:] == [["Aktivitetsnavn:"], ["Lokal UU-vejledning"]]


@pytest.mark.parametrize(
    ("before", "after", "merged"),
    [
        (["Flere unge", "Andel"], ["", "i uddannelse"], ["Flere unge", "Andel\ni uddannelse"]),
        (["Formålet er at", "x"], ["styrke børn", ""], ["Formålet er at\nstyrke børn", "x"]),
        (["• Første punkt"], ["• Andet punkt"], ["• Første punkt\n• Andet punkt"]),
    ],
    ids=["empty-first-cell", "lowercase-start", "list-goes-on"],
)
def test_row_split_by_page_break_is_merged(before: list[str], after: list[str], merged: list[str]) -> None:
    columns = tuple(float(85 + 100 * n) for n in range(len(before)))
    joined = join_continued_tables([_table(1, columns, before), _table(2, columns, after)])
    assert _cells(joined) == [merged]


def test_table_with_other_columns_is_not_joined() -> None:
    joined = join_continued_tables([_table(1, (85.0, 300.0), ["a", "b"]), _table(2, (85.0, 200.0), ["", "d"])])
    assert len(joined) == 2


def test_table_on_the_same_page_is_not_a_continuation() -> None:
    """Two activity schemas on one page are two tables, even with the same columns and first row."""
    first = _table(1, (85.0,), ["Aktivitetsnavn:"], ["Lektiecafé"])
    second = _table(2, (85.0,), ["Formål:"])
    third = _table(2, (85.0,), ["Aktivitetsnavn:"], ["Ungeguiden"])
    joined = join_continued_tables([first, second, third])
    assert len(joined) == 2
    assert _cells(joined)[-2:] == [["Aktivitetsnavn:"], ["Ungeguiden"]]


class _FakeTable:
    def __init__(self, bbox: tuple[float, float, float, float], cells: int) -> None:
        self.bbox = bbox
        self.cells = [bbox] * cells


@pytest.mark.parametrize(
    ("bbox", "cells", "frame"),
    [
        ((30.0, 30.0, 565.0, 812.0), 1, True),
        ((30.0, 30.0, 565.0, 812.0), 12, False),
        ((70.0, 300.0, 520.0, 360.0), 1, False),
    ],
    ids=["page-border", "full-page-table", "framed-note"],
)
def test_page_border_is_not_a_table(bbox: tuple[float, float, float, float], cells: int, frame: bool) -> None:
    assert _is_page_frame(_FakeTable(bbox, cells), _a4_page()) is frame


@pytest.mark.parametrize(
    ("box", "shading"),
    [
        ((388.0, 11.0, True, False), True),
        ((388.0, 0.5, True, False), False),
        ((120.0, 40.0, False, True), False),
    ],
    ids=["highlight", "rule-drawn-as-thin-box", "stroked-cell"],
)
def test_shading_is_not_a_table_edge(box: tuple[float, float, bool, bool], shading: bool) -> None:
    assert is_shading(*box) is shading


def _rule(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict[str, object]:
    return {"orientation": orientation, "x0": x0, "x1": x1, "top": top, "bottom": bottom}


def test_table_cut_open_by_a_page_break_is_closed() -> None:
    """Three column rules stop at 780 pt with no row rule there (the row goes on over the page)."""
    columns = [_rule("v", x, x, 600.0, 780.0) for x in (56.0, 200.0, 540.0)]
    rows = [_rule("h", 56.0, 540.0, y, y) for y in (600.0, 650.0)]
    added = _closing_edges(columns + rows)
    assert [(edge["x0"], edge["x1"], edge["top"]) for edge in added] == [(56.0, 540.0, 780.0)]
    assert _closing_edges([*columns, *rows, _rule("h", 56.0, 540.0, 780.0, 780.0)]) == []
    assert _closing_edges([columns[0], *rows]) == []  # one lone rule is no table


CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@cache
def _corpus_pair(fmt: str, name: str) -> tuple[dict, dict]:
    """The record of one corpus PDF and its gold, as JSON (read once per test session; not to be changed)."""
    from pipeline import extract

    path, gold = CORPUS / fmt / f"{name}.pdf", CORPUS / "gold" / f"{name}.json"
    if not path.is_file() or not gold.is_file():
        pytest.skip(f"{path} or its gold is not beside the repo")
    return json.loads(extract(path).model_dump_json()), json.loads(gold.read_text(encoding="utf-8"))


def _goal_tables(record: dict) -> list[list[tuple[str, list[tuple[str, str, str]]]]]:
    """Each delaftale's Delmål table as the parser read it: goals with their indicators' name, year, source."""
    return [
        [
            (goal["sub_goal"], [(i["indicator"], i["baseline_year"], i["data_source"]) for i in goal["indicators"]])
            for goal in sub["sub_goals"]
        ]
        for sub in record["sub_agreements"]
    ]


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("pdf", "corpus_odense_bundle"),
        ("pdf_columns", "corpus_odense_bundle"),
        ("pdf", "corpus_horsens_kriminalitet"),
        ("pdf_columns", "corpus_aarhus_uddannelse"),
    ],
)
def test_delmaal_table_read_as_written(fmt: str, name: str) -> None:
    """The Delmål tables equal the gold, word for word.

    A row that starts a page, beside a Delmål cell merged down over it (empty there, or going on
    mid-sentence: "fritidsfællesskab" / "er om aftenen"), is an indicator of its own, not the rest of the
    row the page before ended with: its Baseline år and Datakilde hold text although their cells above
    ended lines before the break; the merged cell's rest goes back into it. Words the narrow columns
    broke without a hyphen are whole again, compounds too ("minoritetsbag" / "grund", "Boligorganisatione"
    / "rne", "boligområder" / "ne"). A first row
    cut by the break after one line ("Flere børn i" / "Hvedemarken og …", "LBF Boligsociale" / "data") is
    one row, its cells' paragraphs going on over the break.
    """
    record, gold = _corpus_pair(fmt, name)
    assert _goal_tables(record) == _goal_tables(gold)


def test_label_row_at_a_page_top_stays_a_row() -> None:
    """Horsens, label-left layout: the page breaks between the målgruppe rows "Drenge 5,4 %" and "Piger
    1,1 %" under an area row, beside Delmål and Indikator cells merged down over them (empty on both
    pages). They stay two rows, so both get the area ("Vibehøjparken – Piger")."""
    record, gold = _corpus_pair("pdf_columns", "corpus_horsens_kriminalitet")
    baselines = [[i["baselines"] for i in goal["indicators"]] for goal in record["sub_agreements"][0]["sub_goals"]]
    assert baselines == [
        [i["baselines"] for i in goal["indicators"]] for goal in gold["sub_agreements"][0]["sub_goals"]
    ]


@pytest.mark.parametrize("fmt", ["pdf", "pdf_columns"])
def test_table_nested_in_a_cell_is_read_in_its_place(fmt: str) -> None:
    """Aarhus: the schedule table inside "Indhold og praksis" is read where it stands, a row a line with
    its cells joined by " – ", as in the DOCX; its glyphs are not read a second time as the outer cell's
    text, nor its rows put after the schema."""
    record, gold = _corpus_pair(fmt, "corpus_aarhus_uddannelse")
    got, want = record["sub_agreements"][0]["activities"][1], gold["sub_agreements"][0]["activities"][1]
    assert (got["content_and_practice"], got["responsibilities"]) == (
        want["content_and_practice"],
        want["responsibilities"],
    )


def test_party_wrapped_in_a_narrow_cell_is_one_party() -> None:
    """Aarhus, label-left layout: "Lotte Bjerregaard, sekretariatsleder, Helhedsplan Hvedemarken og" /
    "Ravnsbjerg Vænge" (a line ending in a joining word) and "…, Helhedsplan" / "Hvedemarken og Ravnsbjerg
    Vænge" (a name's rest, its joining words not counted) are one party each."""
    record, gold = _corpus_pair("pdf_columns", "corpus_aarhus_uddannelse")
    assert record["sub_agreements"][0]["parties"] == gold["sub_agreements"][0]["parties"]


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("minoritetsbag\ngrund, der i", "minoritetsbaggrund, der i"),
        ("Boligorganisatione\nrne", "Boligorganisationerne"),
        ("Hvedemarkssk\nolen, skolebiblioteket", "Hvedemarksskolen, skolebiblioteket"),
        ("boligområder\nne bliver", "boligområderne bliver"),
        ("Lerbakkeparken\nhar", "Lerbakkeparken\nhar"),
        ("Tofteparken\ner", "Tofteparken\ner"),
        ("boligområderne\nhar", "boligområderne\nhar"),
    ],
)
def test_compound_broken_by_a_column_is_mended(cell: str, read: str) -> None:
    """Words of the corpus PDFs' narrow cells, broken without a hyphen: a compound no word list holds is
    mended when its words do not meet at the break; two words that read better apart stay apart."""
    from pipeline.broken_words import rejoin_broken_words

    assert rejoin_broken_words(cell) == read


def _schema_table(page: int, first_row: list[str]) -> PdfTable:
    return PdfTable(rows=[PdfRow(first_row, page)], page=page, top=60.0, columns=(56.7, 200.0))


def test_next_schema_at_a_page_top_is_not_a_continuation() -> None:
    """Label-left schemas (Aalborg): a table opening a page with "Aktivitetsnavn:" beside another
    activity's name is the next schema; a header row repeated whole is a continuation."""
    schema = _schema_table(3, ["Aktivitetsnavn:", "Virksomhedssamarbejde og jobmesser"])
    following = _schema_table(4, ["Aktivitetsnavn:", "Fritidsjobformidling"])
    assert len(join_continued_tables([schema, following])) == 2
    header = ["Delmål", "Indikator"]
    assert len(join_continued_tables([_schema_table(1, header), _schema_table(2, header)])) == 1


@pytest.mark.parametrize(
    ("lines", "read"),
    [
        (["Jobindsats", ".dk"], "Jobindsats.dk"),
        (["2024 (december", ")"], "2024 (december)"),
        (["LBF tryghedsu", "ndersøgelse"], "LBF tryghedsundersøgelse"),
        (["Sydøstjyllands", "Politi"], "Sydøstjyllands Politi"),
    ],
)
def test_word_cut_at_a_full_line_end_is_mended(lines: list[str], read: str) -> None:
    """Narrow Datakilde and Baseline år cells of the corpus agreements printed on other page setups: a
    line filling its cell ends in a word the column cut, even after other words; closing punctuation
    starts no word. A word that ends the line whole stays apart from the next."""
    right = 100.0
    glyphs = [GlyphLine(text, 0.0, 0.0, right - 1.0, 20.0, 2.5) for text in lines]
    assert joined(glyphs, right, mend_cut_words=True) == read
