"""The goals tables: baseline and year cells as the corpus and seed authors wrote them, and whole-record
indicator fields of corpus agreements read from DOCX and digital PDF."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from models import Block
from pipeline.parse.baseline import parse_baselines
from pipeline.parse.cell_kinds import classify_cell
from pipeline.parse.goals import parse_goal_table
from pipeline.units import Line
from tests.conftest import GOLD, SHARED

CORPUS = SHARED / "corpus"


def _gold_files() -> list[Path]:
    return sorted([*(CORPUS / "gold").glob("*.json"), *GOLD.glob("*.json")])


def _indicators(record: dict) -> list[dict]:
    units = [record["strategic_agreement"]] if record.get("strategic_agreement") else []
    units += record.get("sub_agreements", [])
    return [ind for u in units for g in (u.get("sub_goals") or u.get("goals") or []) for ind in g["indicators"]]


def _gold_indicators() -> list[dict]:
    return [ind for path in _gold_files() for ind in _indicators(json.loads(path.read_text(encoding="utf-8")))]


@pytest.fixture(scope="module")
def gold_indicators() -> list[dict]:
    if not _gold_files():
        pytest.skip("../shared gold files are not beside the repo")
    return _gold_indicators()


def test_gold_baseline_cells_parse_to_their_gold(gold_indicators: list[dict]) -> None:
    """Every gold baseline whose area is written in its own cell ("Tofteparken: Ingen data", "Aalborg
    Kommune: 6.480", "karaktersnit 6,2", "84,7 % (2023)") parses back to exactly its gold value."""
    checked = 0
    for ind in gold_indicators:
        cells = [*ind["baselines"], *([ind["other_baseline"]] if ind["other_baseline"] else [])]
        for gold in cells:
            if gold["area"] is not None and gold["area"] not in gold["text"]:
                continue  # the area comes from a label row or a column header, not from the cell
            got = [b.model_dump() for b in parse_baselines(gold["text"], ind["indicator"])]
            assert got == [gold], gold["text"]
            checked += 1
    assert checked > 150


def _figure(baseline: dict) -> str:
    value = baseline["value"]
    number = (f"{value:.1f}" if value != int(value) else str(int(value))).replace(".", ",")
    return f"{number} %" if baseline["unit"] == "percent" else number


def _is_place(area: str) -> bool:
    return all(w[:1].isupper() and not any(c.isdigit() for c in w) for w in area.split())


# Ways authors write an area's figure in one Baseline cell (issue 12), each made from a gold baseline.
CELL_SHAPES = {
    "area: figure": "{area}: {figure}",
    "area figure": "{area} {figure}",
    "area – figure": "{area} – {figure}",
    "figure (area)": "{figure} ({area})",
    "area: figure (count)": "{area}: {figure} (41 beboere)",
    "area: count noun": "{area}: {figure} beboere",
}


@pytest.mark.parametrize("shape", CELL_SHAPES)
def test_gold_areas_read_the_same_in_every_cell_shape(shape: str, gold_indicators: list[dict]) -> None:
    """Each gold indicator's per-area baselines, written one per line of one cell in each shape, parse to
    the gold areas and values ("Lerbakkeparken: 112 beboere" keeps its noun; "41 % (Lerbakkeparken)")."""
    checked = 0
    for ind in gold_indicators:
        named = [b for b in ind["baselines"] if b["area"] and b["value"] is not None and b["unit"] in ("percent", "count")]
        if len(named) < 2 or not all(_is_place(b["area"]) for b in named):
            continue  # areas like "Vibehøjparken – Drenge" or "Drenge 12-17 år" are no names to put in brackets
        if shape == "area: count noun" and any(b["unit"] != "count" for b in named):
            continue
        cell = "\n".join(CELL_SHAPES[shape].format(area=b["area"], figure=_figure(b)) for b in named)
        got = [(b.area, b.value) for b in parse_baselines(cell, ind["indicator"])]
        assert got == [(b["area"], float(b["value"])) for b in named], cell
        checked += len(named)
    assert checked >= (5 if shape == "area: count noun" else 40)


def test_gold_year_cells_are_years(gold_indicators: list[dict]) -> None:
    """"2024 (december)", "Skoleåret 2015/16", "2024/25" are Baseline år cells, wherever they slid."""
    years = {ind["baseline_year"] for ind in gold_indicators if ind["baseline_year"]}
    assert {"2024 (december)", "Skoleåret 2015/16", "2024/25"} <= years
    assert {y: classify_cell(y) for y in years} == {y: "year" for y in years}


@pytest.mark.parametrize(
    ("cell", "value", "unit", "area"),
    [
        ("7,3 % (41 elever)", 7.3, "percent", None),
        ("7,3% 41 elever", 7.3, "percent", None),
        ("29 unge (61,0 %)", 61.0, "percent", None),
        ("Landsgennemsnit 2,9 % (41 elever)", 2.9, "percent", "Landsgennemsnit"),
    ],
)
def test_count_beside_the_figure_is_no_area(cell: str, value: float, unit: str, area: str | None) -> None:
    (got,) = parse_baselines(cell)
    assert (got.value, got.unit, got.area, got.text) == (value, unit, area, cell)


def test_text_after_the_table_is_handed_back() -> None:
    """Nothing is dropped silently: a paragraph under the table comes back as prose for the caller."""
    header = Line("row", cells=["Delmål", "Indikator", "Baseline", "Datakilde"])
    row = Line("row", cells=["Flere i job", "Andel i job", "41 %", "LBF"])
    note = Line("text", text="Baselines opdateres i 2026.")
    table = parse_goal_table([header, row, Line("blank"), note])
    assert [ln.text for ln in table.prose if ln.kind == "text"] == ["Baselines opdateres i 2026."]
    assert [(g, [i.indicator for i in inds]) for g, inds in table.goals] == [("Flere i job", ["Andel i job"])]


@cache
def _record(fmt: str, stem: str) -> dict:
    from pipeline import extract

    ext = "docx" if fmt.startswith("docx") else "pdf"
    return extract(CORPUS / fmt / f"{stem}.{ext}").model_dump(mode="json")


def _gold(stem: str) -> dict:
    return json.loads((CORPUS / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


def _need_corpus() -> None:
    if not (CORPUS / "gold").exists():
        pytest.skip("../shared/corpus is not beside the repo")


@pytest.mark.parametrize(
    "stem", ["corpus_aalborg_beskaeftigelse", "corpus_horsens_kriminalitet", "corpus_randers_tryghed",
             "corpus_aarhus_uddannelse", "corpus_roskilde_strategisk"],
)
def test_docx_indicators_equal_gold(stem: str) -> None:
    """Merged Delmål cells, "Område: 41 %" lines, area label rows over "Drenge"/"Piger" rows, a year and a
    source continued on the next row, "2024 (december)": every indicator field as the gold has it."""
    _need_corpus()
    assert _indicators(_record("docx", stem)) == _indicators(_gold(stem))


@pytest.mark.parametrize(
    ("stem", "index", "key"),
    [
        ("corpus_horsens_kriminalitet", 0, "baselines"),  # label rows: "Vibehøjparken – Drenge"
        ("corpus_randers_tryghed", 3, "baseline_year"),  # "Skoleåret" / "2015/16"
        ("corpus_randers_tryghed", 3, "data_source"),  # "Randers Kommune," / "SSP-registrering"
        ("corpus_aalborg_beskaeftigelse", 0, "baseline_year"),  # "2024" / "(december)" wrapped in the cell
        ("corpus_aalborg_beskaeftigelse", 0, "baselines"),  # "Sønderkær: 44,2" / "%" wrapped
        ("corpus_roskilde_strategisk", 2, "baselines"),  # three areas with "(2023)" in one cell
    ],
)
def test_pdf_indicator_fields_equal_gold(stem: str, index: int, key: str) -> None:
    _need_corpus()
    got = _indicators(_record("pdf", stem))[index][key]
    assert got == _indicators(_gold(stem))[index][key]


def test_pdf_goal_cell_cut_by_a_row_goes_on() -> None:
    """Roskilde's first Mål cell runs into the next row in the PDF ("…skoleparate," / "og flere tager en
    uddannelse"): the lower-case rest belongs to the Mål above, not to a new one."""
    _need_corpus()
    stem = "corpus_roskilde_strategisk"
    got = [g["goal"] for g in _record("pdf", stem)["strategic_agreement"]["goals"]]
    assert got == [g["goal"] for g in _gold(stem)["strategic_agreement"]["goals"]]


@pytest.mark.parametrize(
    ("stem", "readings"),
    [
        # no år column; both baseline labels under a stamp
        ("corpus_roskilde_strategisk", {"Baseline boligområde": "2(bå8tline komm", "Baseline kommune": "me ak M AR"}),
        ("corpus_aalborg_beskaeftigelse", {"Evt. anden baseline": "2(bå8tline komm", "Baseline år": "me ak M AR"}),
        ("corpus_aalborg_beskaeftigelse", {"Baseline boligområde": "me ak M AR"}),
        # a copy of a copy of Odense lost the "år": two cells read as Baseline
        ("corpus_aalborg_beskaeftigelse", {"Baseline år": "Baseline"}),
    ],
)
def test_header_cells_misread_take_their_template_column(stem: str, readings: dict[str, str]) -> None:
    """A stamp or smudge over header labels ("Baseline kommune" read "2(bå8tline komm kom"), or a label
    read as another's, leaves the cells between the read ones to the template's column order: every
    indicator field still as the gold has it."""
    misread = []

    def misread_header(rows: list[list[str]]) -> None:
        header = rows[0]
        for i, cell in enumerate(header):
            label = next((name for name in readings if cell.startswith(name)), None)
            if label is not None:
                header[i] = readings[label]
                misread.append(label)

    got = _indicators_with_table_changed(stem, misread_header)
    assert sorted(misread) == sorted(readings)
    assert got == _indicators(_gold(stem))


def test_dust_in_the_first_row_and_in_an_empty_indicator_cell_changes_no_other_field() -> None:
    """Dust on a scanned Delmål table (a dirty-glass scan of Horsens): the first row's only figure misread
    ("Horsens Kommune 2,1 %" read "Horsens Kommuner. %"), so that the row is names and words only, and a
    speck read as "m" in the empty indicator cell of an area label row. The row is still the first
    indicator, not a header naming the baseline columns' areas, and the speck splits no indicator: every
    field but the misread one as the gold has it."""
    stem = "corpus_horsens_kriminalitet"

    def dust(rows: list[list[str]]) -> None:
        first, label = rows[1], next(row for row in rows if row[2] == "Ellekærhaven")
        assert (first[3], label[1]) == ("Horsens Kommune 2,1 %", "")
        first[3], label[1] = "Horsens Kommuner. %", "m"

    got = _indicators_with_table_changed(stem, dust)
    want = _indicators(_gold(stem))
    assert got[0]["other_baseline"] is None
    got[0]["other_baseline"] = want[0]["other_baseline"]
    assert got == want


def test_a_first_row_whose_figures_a_stamp_covered_is_still_a_row() -> None:
    """A stamp over Roskilde's goals table left the first row's baselines as "" and "% (2023)": names and
    words only but for a per cent sign and a year in brackets. It is still the first Mål's first
    indicator, not a header naming the baseline columns' areas: every other field as the gold has it."""
    stem = "corpus_roskilde_strategisk"

    def stamp(rows: list[list[str]]) -> None:
        assert rows[1][2:4] == ["84,7 % (2023)", "91,2 % (2023)"]
        rows[1][2:4] = ["", "% (2023)"]

    got = _indicators_with_table_changed(stem, stamp)
    want = _indicators(_gold(stem))
    assert got[0]["indicator"] == want[0]["indicator"]
    assert got[1:] == want[1:]


def test_a_row_cut_by_a_page_break_goes_on_with_every_cell_above() -> None:
    """A bitonal scan of Randers (the columns layout) read a page break through a Delmål row: "… og flere
    deltager i" / "organiserede fritidsaktiviteter" and, in the Datakilde column, "Randers" / "Kommune,"
    on the rows either side of the break. The lower-case rest goes on the Delmål above, and the Datakilde
    beside it on the indicator's: "Randers Kommune, SSP-registrering" as the gold has it."""
    stem = "corpus_randers_tryghed"

    def page_break(rows: list[list[str]]) -> None:
        at = next(i for i, row in enumerate(rows) if row[5] == "Randers Kommune,")
        goal = rows[at - 1][0]
        assert goal.endswith(" flere deltager i organiserede fritidsaktiviteter")
        rows[at - 1][0] = goal.removesuffix(" organiserede fritidsaktiviteter")
        rows[at][5] = "Randers"
        rows.insert(at + 1, ["organiserede fritidsaktiviteter", "", "", "", "", "Kommune,"])

    assert _indicators_with_table_changed(stem, page_break) == _indicators(_gold(stem))


def _indicators_with_table_changed(stem: str, change: Callable[[list[list[str]]], None]) -> list[dict]:
    """The indicators of the corpus DOCX's record with its first goals table's rows (header first) changed
    by `change` (in place, rows added or taken out), as a scan's OCR could have read them."""
    _need_corpus()
    from extractors import extract_document
    from models import Source
    from pipeline.assemble import document_to_record

    doc = extract_document(CORPUS / "docx" / f"{stem}.docx")
    start = next(i for i, b in enumerate(doc.blocks) if b.kind == "row" and "Indikator" in b.cells)
    end = next(i for i in range(start, len(doc.blocks)) if doc.blocks[i].kind != "row")
    rows = [b.cells for b in doc.blocks[start:end]]
    change(rows)
    doc.blocks[start:end] = [Block(kind="row", cells=cells) for cells in rows]
    record = document_to_record(doc, Source(file=f"{stem}.docx", sha256="", format=doc.format, pages=doc.pages))
    return _indicators(record.model_dump(mode="json"))


def test_an_extra_column_of_the_authors_own_stays_unnamed() -> None:
    """Only roles between the read neighbours fill a gap: an author's "Bemærkning" column after the
    Datakilde, or a "Målgruppe" column between Indikator and Baseline, is named by nothing."""
    from pipeline.table_columns import header_roles

    assert header_roles(["Delmål", "Indikator", "Baseline", "Datakilde", "Bemærkning"]) == [
        "goal", "indicator", "baseline", "source", None
    ]
    assert header_roles(["Delmål", "Indikator", "Målgruppe", "Baseline", "Datakilde"]) == [
        "goal", "indicator", None, "baseline", "source"
    ]
