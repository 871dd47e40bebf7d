"""Tables drawn without rules (extractors.pdf_borderless): a corpus agreement printed by LibreOffice with
its table borders removed (benchmarks/pdf_variants.py, as authors do for tables of shaded cells) reads as
its gold, and the rules that find such tables on glyph positions hold on pages laid out as such PDFs are."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from extractors.pdf_borderless import borderless_tables
from extractors.pdf_continued import join_continued_tables
from extractors.pdf_items import PdfLine, PdfTable

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
GLYPH_WIDTH = 5.0  # points per glyph of the made-up pages below (10 pt type)
SIZE = 10.0
A4_HEIGHT = 842.0


@pytest.fixture(scope="module")
def borderless_aalborg(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    """The Aalborg delaftale printed without table borders, as a record, and its gold."""
    source, gold = (
        CORPUS / "docx" / "corpus_aalborg_beskaeftigelse.docx",
        CORPUS / "gold" / "corpus_aalborg_beskaeftigelse.json",
    )
    if not source.is_file() or not gold.is_file():
        pytest.skip(f"{source} or its gold is not beside the repo")
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from pdf_variants import borderless_pdf

    folder = tmp_path_factory.mktemp("borderless")
    borderless_pdf(source, folder / "aalborg.pdf", folder)
    from pipeline import extract

    record = json.loads(extract(folder / "aalborg.pdf").model_dump_json())
    return record, json.loads(gold.read_text(encoding="utf-8"))


def test_delmaal_table_without_rules_reads_as_its_gold(borderless_aalborg: tuple[dict, dict]) -> None:
    """Shaded header cells only, no grid: the Delmål table is found from its column gaps, its rows from
    the cells that start level (a Delmål cell merged over three indicators and typed over several lines
    goes on beside the next rows), and its last row, cut by the page break, is joined over it."""
    record, gold = borderless_aalborg
    goals = [sub["sub_goals"] for sub in record["sub_agreements"]]
    assert goals == [sub["sub_goals"] for sub in gold["sub_agreements"]]


def test_text_around_a_table_without_rules_keeps_its_fields(borderless_aalborg: tuple[dict, dict]) -> None:
    """The prose and the one-column label tables beside the borderless table are read as before: the
    parties (a group header over four lines), the overview's "Navn: beskrivelse" lines and the activity
    names equal the gold."""
    record, gold = borderless_aalborg

    def fields(sub: dict) -> tuple:
        return sub["parties"], sub["activity_overview"], [activity["name"] for activity in sub["activities"]]

    assert [fields(sub) for sub in record["sub_agreements"]] == [fields(sub) for sub in gold["sub_agreements"]]


def _line(top: float, *cells: tuple[float, str]) -> list[dict]:
    """Glyphs of one line: each cell's text from its left edge, words apart by a space glyph."""
    chars = []
    for x0, text in cells:
        x = x0
        for glyph in text:
            chars.append(
                {"text": glyph, "x0": x, "x1": x + GLYPH_WIDTH, "top": top, "bottom": top + SIZE, "size": SIZE,
                 "fontname": "Arial", "upright": True, "doctop": top}
            )  # fmt: skip
            x += GLYPH_WIDTH
    return chars


def _page(*lines: list[dict]) -> list[dict]:
    return [char for line in lines for char in line]


def _text_lines(chars: list[dict]) -> list[PdfLine]:
    """Stand-in for the reader's text lines: one PdfLine per top, enough to see what fell back."""
    tops = sorted({char["top"] for char in chars})
    return [
        PdfLine("".join(c["text"] for c in chars if c["top"] == top), 1, top, top + SIZE, SIZE, "arial") for top in tops
    ]


def _rows(tables: list[PdfTable]) -> list[list[list[str]]]:
    return [[row.cells for row in table.rows] for table in tables]


PROSE = "Delaftalens parter og bestyrelsen har ansvar for løbende at følge op på delmålene hvert år."


def test_columns_from_gaps_and_rows_from_level_cell_starts() -> None:
    """Two rows of three columns; a cell's second line under its first is the same cell, the prose line
    above that crosses the column gaps is not part of the table, nor the page number below it."""
    chars = _page(
        _line(100.0, (60.0, PROSE)),
        _line(130.0, (60.0, "Delmål"), (200.0, "Indikator"), (340.0, "Datakilde")),
        _line(150.0, (60.0, "Flere i job"), (200.0, "Andel 30-64-årige beboere"), (340.0, "Jobindsats.dk")),
        _line(162.0, (200.0, "på offentlig")),
        _line(182.0, (200.0, "Akt.nær indikator"), (340.0, "Egen")),
        _line(800.0, (290.0, "3")),
    )
    tables, rest = borderless_tables(chars, 1, A4_HEIGHT, _text_lines)
    assert _rows(tables) == [
        [
            ["Delmål", "Indikator", "Datakilde"],
            ["Flere i job", "Andel 30-64-årige beboere på offentlig", "Jobindsats.dk"],
            ["", "Akt.nær indikator", "Egen"],
        ]
    ]
    assert {char["top"] for char in rest} == {100.0, 800.0}


def test_merged_cell_going_on_beside_the_next_row_stays_in_its_row() -> None:
    """A Delmål cell merged over two indicators: its third line stands level with the second indicator's
    first line but goes on with its own paragraph, so it stays in the first row."""
    chars = _page(
        _line(150.0, (60.0, "Flere unge mellem 16"), (175.0, "Andel 16-29-årige"), (340.0, "2024")),
        _line(162.0, (60.0, "og 29 år kommer til")),
        _line(174.0, (60.0, "job eller uddannelse"), (175.0, "Akt.nær: 45 unge"), (340.0, "2025")),
    )
    tables, _ = borderless_tables(chars, 1, A4_HEIGHT, _text_lines)
    assert _rows(tables) == [
        [
            ["Flere unge mellem 16 og 29 år kommer til job eller uddannelse", "Andel 16-29-årige", "2024"],
            ["", "Akt.nær: 45 unge", "2025"],
        ]
    ]


def test_list_items_set_off_by_a_tab_are_no_table() -> None:
    """Bullets and item numbers a tab away from their text are list items, not a column of cells."""
    chars = _page(
        _line(100.0, (60.0, "•"), (80.0, "Et budget")),
        _line(114.0, (60.0, "•"), (80.0, "En beredskabsplan")),
        _line(128.0, (60.0, "2."), (80.0, "En milepælsplan")),
    )
    tables, rest = borderless_tables(chars, 1, A4_HEIGHT, _text_lines)
    assert tables == []
    assert len(rest) == len(chars)


def test_header_row_cut_at_the_page_foot_joins_the_table_on_the_next_page() -> None:
    """A header row alone at the foot of a page is a tentative table: joined when the next page's table
    goes on with its columns, read as its lines when nothing does."""
    foot = _page(
        _line(700.0, (60.0, PROSE)),
        _line(760.0, (60.0, "Mål"), (200.0, "Baseline"), (340.0, "Datakilde")),
        _line(800.0, (290.0, "3")),
    )
    top = _page(
        _line(60.0, (60.0, "Flere i job"), (200.0, "41 %"), (340.0, "LBF")),
        _line(80.0, (60.0, "Færre sigtede"), (200.0, "4,9 %"), (340.0, "LBF")),
    )
    cut, _ = borderless_tables(foot, 1, A4_HEIGHT, _text_lines)
    assert [table.fallback is not None for table in cut] == [True]
    following, _ = borderless_tables(top, 2, A4_HEIGHT, _text_lines)
    joined = join_continued_tables([*cut, *following])
    assert _rows([item for item in joined if isinstance(item, PdfTable)]) == [
        [["Mål", "Baseline", "Datakilde"], ["Flere i job", "41 %", "LBF"], ["Færre sigtede", "4,9 %", "LBF"]]
    ]
    alone = join_continued_tables(borderless_tables(foot, 1, A4_HEIGHT, _text_lines)[0])
    assert [item.text for item in alone if isinstance(item, PdfLine)] == ["MålBaselineDatakilde"]


def test_part_of_a_table_lacking_a_column_empty_on_its_page_is_joined() -> None:
    """Without rules a column empty on a page leaves no gap of its own: the table's part there has one
    column less, and its cells go back into the columns they stand in when it is joined."""
    first, _ = borderless_tables(
        _page(
            _line(600.0, (60.0, "Delmål"), (200.0, "Evt. anden"), (340.0, "Datakilde")),
            _line(620.0, (60.0, "Flere i job"), (200.0, "17,9 %"), (340.0, "Jobindsats.dk")),
        ),
        1,
        A4_HEIGHT,
        _text_lines,
    )
    rest, _ = borderless_tables(
        _page(
            _line(60.0, (60.0, "Færre sigtede"), (340.0, "LBF")), _line(80.0, (60.0, "Flere trygge"), (340.0, "LBF"))
        ),
        2,
        A4_HEIGHT,
        _text_lines,
    )
    assert [len(table.columns) for table in first + rest] == [3, 2]
    assert _rows(join_continued_tables(first + rest)) == [
        [
            ["Delmål", "Evt. anden", "Datakilde"],
            ["Flere i job", "17,9 %", "Jobindsats.dk"],
            ["Færre sigtede", "", "LBF"],
            ["Flere trygge", "", "LBF"],
        ]
    ]
