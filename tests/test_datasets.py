"""Analyst datasets built from the gold records: the tables must hold exactly the records' content."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from models import Record, TemplateError
from pipeline.writers.cli_commands import dataset
from pipeline.writers.database import VIEWS, write_duckdb
from pipeline.writers.datasets import DUCKDB_NAME, XLSX_NAME, DatasetResult, build_datasets, to_arrow
from pipeline.writers.flatten import Tables
from pipeline.writers.load import NoRecordsError
from pipeline.writers.rows import TABLE_MODELS
from pipeline.writers.vocab import ACTIVITY_TYPES, INDICATOR_THEMES, Matcher, load_vocabulary

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "gold"
SEEDS = SHARED / "seeds"
EXTRA_FINDINGS = {
    "vejle": {"code": "missing_section", "severity": "error", "path": "sub_agreements[0].revision"},
    "viborg": {"code": "ocr_repair", "severity": "info", "path": "text_repair"},
}


def write_gold_records(out: Path) -> list[Record]:
    """Make valid Records from the gold files: bundle parts merged, source hashed from the seed text.

    The gold has no severities or messages; its template_residue notes become warnings. A missing_section
    finding is added to Vejle so the missing-sections view has something to show, and a record-level
    ocr_repair finding to Viborg, which belongs to no agreement.
    """
    if not GOLD.is_dir():
        pytest.skip(f"gold records not found at {GOLD}")
    parts: dict[str, list[dict]] = {}
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        parts.setdefault(gold["file"], []).append(gold)
    out.mkdir(parents=True, exist_ok=True)
    records = []
    for file, golds in parts.items():
        seed = SEEDS / file
        sha256 = hashlib.sha256(seed.read_bytes()).hexdigest()
        data: dict = {
            "schema_version": "1.0",
            "source": {"file": str(seed), "sha256": sha256, "format": "txt"},
            "text_repair": {"applied": "ocr" in file, "tokens_changed": 0},
            "strategic_agreement": None,
            "sub_agreements": [],
            "findings": [],
        }
        for gold in golds:
            data["strategic_agreement"] = gold.get("strategic_agreement") or data["strategic_agreement"]
            data["sub_agreements"] += gold.get("sub_agreements") or []
            data["findings"] += [
                {"code": f["code"], "severity": "warning", "path": f["path"], "message": f["note"]}
                for f in gold["expected_findings"]
                if f["code"] != "note"
            ]
        extra = EXTRA_FINDINGS.get(file.split("_")[0])
        if extra:
            data["findings"].append({**extra, "message": "tilføjet til testen"})
        record = Record.model_validate(data)
        (out / f"{Path(file).stem}.json").write_text(record.model_dump_json(indent=1), encoding="utf-8")
        records.append(record)
    return records


@pytest.fixture(scope="module")
def records_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("records")
    write_gold_records(directory)
    (directory / "broken.json").write_text('{"schema_version": "1.0", "source": {}}', encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def built(records_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[DatasetResult, Path]:
    out = tmp_path_factory.mktemp("datasets")
    return build_datasets(records_dir, out), out


def _records(records_dir: Path) -> list[Record]:
    paths = [p for p in sorted(records_dir.glob("*.json")) if p.stem != "broken"]
    return [Record.model_validate_json(p.read_bytes()) for p in paths]


def test_invalid_record_is_reported_and_skipped(built: tuple[DatasetResult, Path]) -> None:
    result, _ = built
    assert [r.path.name for r in result.load.rejected] == ["broken.json"]
    assert "invalid record" in result.load.rejected[0].reason
    assert len(result.load.loaded) == 3


def test_row_counts_match_the_records(built: tuple[DatasetResult, Path], records_dir: Path) -> None:
    records = _records(records_dir)
    subs = [s for r in records for s in r.sub_agreements]
    strategic = [r.strategic_agreement for r in records if r.strategic_agreement]
    goals = [g for s in subs for g in s.sub_goals] + [g for a in strategic for g in a.goals]
    indicators = [i for g in goals for i in g.indicators]
    expected = {
        "documents": len(records),
        "agreement_copies": len(subs) + len(strategic),
        "helhedsplaner": 3,
        "agreements": len(subs) + len(strategic),
        "parties": sum(len(a.parties) for a in [*subs, *strategic]),
        "sub_goals": len(goals),
        "indicators": len(indicators),
        "baselines": sum(len(i.baselines) + (i.other_baseline is not None) for i in indicators),
        "activities": 25,  # 25 schemas and 23 overview items, 21 of them linked (each activity once)
        "sections": sum(len(a.sections) for a in strategic),
        "focus_areas": sum(len(a.focus_areas) for a in strategic),
        "findings": sum(len(r.findings) for r in records),
    }
    assert {name: len(rows) for name, rows in built[0].tables.items()} == expected
    assert expected["agreements"] == 7 and expected["sections"] == 8
    activities = built[0].tables.activities
    assert sum(a.has_schema for a in activities) == sum(len(s.activities) for s in subs)
    assert sum(a.in_overview for a in activities) == sum(len(s.activity_overview) for s in subs)


def test_overview_items_link_to_their_schemas(built: tuple[DatasetResult, Path]) -> None:
    """Vejle's overview names "Familieliv og Bydelsmødre", which has no schema; its third schema is not in the overview."""
    tables = built[0].tables
    vejle = next(a for a in tables.agreements if a.name == "Vejle 2026-2029_En bydækkende indsats")
    rows = [(x.name, x.in_overview, x.has_schema) for x in tables.activities if x.agreement_id == vejle.agreement_id]
    assert rows == [
        ("Sprog- og læringsunderstøttende indsatser børn og voksne", True, True),
        ("Helhedsorienterede familieindsatser", True, True),
        ("Social integration og styrkelse af medborgerskab", False, True),
        ("Familieliv og Bydelsmødre", True, False),
    ]
    slagelse = next(x for x in tables.activities if x.name == "Mind Your Own Business (MYOB)")
    assert slagelse.overview_text is not None and slagelse.overview_text.startswith("Mind Your Own Business, ")


def test_gold_values_land_in_the_tables(built: tuple[DatasetResult, Path]) -> None:
    tables = built[0].tables
    vejle = next(a for a in tables.agreements if a.name == "Vejle 2026-2029_En bydækkende indsats")
    vejle_indicators = [i for i in tables.indicators if i.agreement_id == vejle.agreement_id]
    assert len(vejle_indicators) == 4
    assert vejle_indicators[0].indicator == "Andel 1-5-årige i dagtilbud"
    assert vejle_indicators[0].indicator_theme == "dagtilbud"
    assert vejle_indicators[0].indicator_id == f"{vejle.agreement_id}:0:0"
    first = [b for b in tables.baselines if b.indicator_id == vejle_indicators[0].indicator_id]
    assert (first[0].area, first[0].value, first[0].unit) == ("Nørremarken", 81.1, "percent")
    other = [b for b in first if b.is_other_baseline]
    assert len(other) == 1 and other[0].text == "88,5 %" and other[0].baseline_index is None
    assert vejle.agreement_id == f"{vejle.sha256[:12]}:0" and vejle.focus_area == "uddannelse_og_livschancer"
    assert (vejle_indicators[0].baseline_year, vejle_indicators[0].baseline_year_int) == ("2021", 2021)


def test_strategic_rows(built: tuple[DatasetResult, Path]) -> None:
    tables = built[0].tables
    strategic = next(a for a in tables.agreements if a.kind == "strategic")
    assert strategic.agreement_id.endswith(":strategic")
    goals = [g for g in tables.sub_goals if g.agreement_id == strategic.agreement_id]
    assert [g.kind for g in goals] == ["goal"] * 4
    assert sum(g.n_indicators for g in goals) == 9
    assert [s.number for s in tables.sections] == list(range(1, 9))
    bundle = {a.helhedsplan for a in tables.agreements if a.record_id == strategic.record_id}
    assert bundle == {strategic.name}


def test_unmatched_values_are_kept_and_marked(built: tuple[DatasetResult, Path]) -> None:
    activities = built[0].tables.activities
    relational = next(a for a in activities if a.name == "Relationel Velfærd - som indsats")
    assert relational.activity_type is None and not relational.activity_type_matched
    lektie = next(a for a in activities if a.name == "Lektiecaféer")
    assert lektie.activity_type == "lektiecafe" and lektie.activity_type_score == 100.0


def test_findings_link_to_their_agreement(built: tuple[DatasetResult, Path]) -> None:
    tables = built[0].tables
    ids = {a.agreement_id for a in tables.agreements}
    record_level = [f for f in tables.findings if f.path == "text_repair"]
    assert len(record_level) == 1 and record_level[0].agreement_id is None
    assert all(f.agreement_id in ids for f in tables.findings if f.path != "text_repair")


def test_files_agree_with_tables(built: tuple[DatasetResult, Path]) -> None:
    result, out = built
    for name, rows in result.tables.items():
        parquet = pq.read_table(out / "parquet" / f"{name}.parquet")
        assert parquet.num_rows == len(rows)
        assert parquet.column_names == list(TABLE_MODELS[name].model_fields)
        with (out / "csv" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
            assert sum(1 for _ in csv.DictReader(fh)) == len(rows)
    baselines = pq.read_table(out / "parquet" / "baselines.parquet").to_pylist()
    assert ("Nørremarken", 81.1) in [(b["area"], b["value"]) for b in baselines]
    with (out / "csv" / "baselines.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert ("Nørremarken", "81.1", "Nørremarken 81,1 %") in [
            (b["area"], b["value"], b["text"]) for b in csv.DictReader(fh)
        ]


def test_xlsx_opens_with_a_sheet_per_table(built: tuple[DatasetResult, Path]) -> None:
    result, out = built
    workbook = load_workbook(out / XLSX_NAME)
    assert workbook.sheetnames == [*TABLE_MODELS, *VIEWS]
    header, *rows = workbook["indicators"].iter_rows(values_only=True)
    assert header[:5] == ("indicator_id", "goal_id", "agreement_id", "indicator_index", "indicator")
    assert len(rows) == len(result.tables.indicators)
    assert [r[4] for r in rows] == [i.indicator for i in result.tables.indicators]
    sheet = workbook["sections"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:G{len(result.tables.sections) + 1}"
    assert sheet["A1"].font.bold and sheet.column_dimensions["F"].width == 60  # the long section text
    assert sheet["F2"].alignment.wrap_text
    agreements = workbook["agreements"]
    column = [c.value for c in agreements[1]].index("valid_from") + 1
    assert isinstance(agreements.cell(row=2, column=column).value, datetime)
    missing = workbook["missing_sections_per_agreement"]
    assert missing.max_row == len(result.tables.agreements) + 1


def test_duckdb_views_answer_queries(built: tuple[DatasetResult, Path]) -> None:
    _, out = built
    with duckdb.connect(str(out / DUCKDB_NAME), read_only=True) as con:
        dagtilbud = con.execute(
            "SELECT n_indicators, n_helhedsplaner FROM indicators_per_focus_area "
            "WHERE focus_area = 'uddannelse_og_livschancer' AND indicator_theme = 'dagtilbud'"
        ).fetchone()
        assert dagtilbud == (1, 1)
        lektie = con.execute(
            "SELECT helhedsplan, n_activities FROM activities_per_helhedsplan WHERE activity_type = 'lektiecafe'"
        ).fetchall()
        assert lektie == [("”En Fælles Indsats”, Slagelse", 1)]
        missing = con.execute(
            "SELECT name, n_missing, paths FROM missing_sections_per_agreement WHERE n_missing > 0"
        ).fetchall()
        assert missing == [("Vejle 2026-2029_En bydækkende indsats", 1, "sub_agreements[0].revision")]
        assert con.execute("SELECT count(*) FROM missing_sections_per_agreement").fetchone() == (7,)


def test_xlsx_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    records = write_gold_records(tmp_path / "records")
    hostile = records[0].model_copy(deep=True)
    hostile.sub_agreements[0].activities[0].name = '=HYPERLINK("http://x","klik")\x07'
    target = tmp_path / "records" / "slagelse_strategisk_004.json"
    target.write_text(hostile.model_dump_json(), encoding="utf-8")
    build_datasets(tmp_path / "records", tmp_path / "out")
    sheet = load_workbook(tmp_path / "out" / XLSX_NAME)["activities"]
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK")]
    assert len(cells) == 1
    cell = cells[0]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","klik")'


@pytest.mark.parametrize("name", [INDICATOR_THEMES, ACTIVITY_TYPES])
def test_vocabulary_examples_map_to_their_entry(name: str) -> None:
    vocabulary = load_vocabulary(name)
    matcher = Matcher(vocabulary)
    for entry in vocabulary.entries:
        for example in entry.examples:
            assert matcher.match(example).key == entry.key, example


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Lektiecafeer", "lektiecafe"),  # OCR lost the accent
        ("Lokal UU-vejledning", "uu_vejledning"),
        ("Bydelsmodre", "bydelsmoedre"),
        ("Relationel Velfærd - som indsats", None),
        ("job", None),  # a scrap would sit inside "fritidsjob" at 100
        ("i", None),
        ("", None),
        (None, None),
    ],
)
def test_activity_type_matching(text: str | None, key: str | None) -> None:
    assert Matcher(load_vocabulary(ACTIVITY_TYPES)).match(text).key == key


def test_vocabulary_mistake_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "vocab_bad.toml").write_text(
        'score_cutoff = 90\n[[entry]]\nkey = "x"\nlabel = "X"\naliases = ["UU"]\n', encoding="utf-8"
    )
    with pytest.raises(TemplateError, match=r"(?s)vocab_bad\.toml.*shorter than 4"):
        load_vocabulary("vocab_bad.toml", tmp_path)


def test_cli_dataset_command(records_dir: Path, tmp_path: Path) -> None:
    app = typer.Typer()
    app.command()(dataset)
    result = CliRunner().invoke(app, [str(records_dir), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "broken.json" in result.output and (tmp_path / DUCKDB_NAME).is_file()


def test_empty_tables_keep_their_columns(tmp_path: Path) -> None:
    arrow = to_arrow(Tables())
    views = write_duckdb(arrow, tmp_path / DUCKDB_NAME)
    assert arrow["indicators"].num_rows == 0 and "indicator_theme" in arrow["indicators"].column_names
    assert views["indicators_per_focus_area"].num_rows == 0


def test_folder_without_records_is_an_error(tmp_path: Path) -> None:
    """`extract -o DIR` writes DIR/records; given DIR itself, the error points there."""
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(NoRecordsError, match="none of the 1 files"):
        build_datasets(tmp_path / "records", tmp_path / "out")
    app = typer.Typer()
    app.command()(dataset)
    result = CliRunner().invoke(app, [str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"did you mean {tmp_path / 'records'}?" in result.output
    assert not (tmp_path / "out").exists()
