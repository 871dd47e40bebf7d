"""Acceptance on the committed samples: one agreement as DOCX, PDF and scan, a bundle as DOCX and PDF.

The records are the pipeline's own (extracted here once per module), so the datasets are judged on
what real extraction gives: each agreement once, each activity once, typed columns, files that open
in older DuckDB and in Excel without garbling or running formulas.
"""

from __future__ import annotations

import csv
import shutil
import struct
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from models import Record
from pipeline.writers.database import STORAGE_VERSION
from pipeline.writers.datasets import DUCKDB_NAME, DatasetResult, build_datasets
from tests.conftest import REPO

SAMPLES = REPO / "samples"
BUNDLE = ("aftale-bundle.docx", "aftale-bundle.pdf")
DELAFTALE = ("aftale-delaftale.docx", "aftale-delaftale.pdf", "aftale-delaftale-scan.pdf")
DUCKDB_1_1_STORAGE = 64  # the storage version number DuckDB 0.10–1.1 read and write
HOSTILE = ['=HYPERLINK("http://x")', "+45 12 34", "-1+2", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.fixture(scope="module")
def sample_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Records of every sample; the scan needs tesseract, and without it the test cannot say what it must."""
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed; the scanned sample cannot be read")
    from pipeline import extract

    out = tmp_path_factory.mktemp("sample-records")
    for name in (*BUNDLE, *DELAFTALE):
        record = extract(SAMPLES / name)
        (out / f"{name}.json").write_text(record.model_dump_json(), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def built(sample_records: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[DatasetResult, Path]:
    out = tmp_path_factory.mktemp("sample-datasets")
    return build_datasets(sample_records, out), out


def test_each_agreement_once(built: tuple[DatasetResult, Path]) -> None:
    tables = built[0].tables
    assert len(tables.documents) == 5
    assert sorted((a.kind, a.focus_area, a.n_copies) for a in tables.agreements) == [
        ("strategic", None, 2),
        ("sub", "beskaeftigelse", 3),
        ("sub", "kriminalitetsforebyggelse", 2),
        ("sub", "uddannelse_og_livschancer", 2),
    ]
    assert {a.source_format for a in tables.agreements} == {"docx"}  # the best read copy
    used = {Path(d.source_file).name: d.is_used for d in tables.documents}
    assert used == {"aftale-bundle.docx": True, "aftale-delaftale.docx": True} | {
        name: False for name in ("aftale-bundle.pdf", "aftale-delaftale.pdf", "aftale-delaftale-scan.pdf")
    }
    scan = next(c for c in tables.agreement_copies if c.source_format == "pdf-ocr")
    assert not scan.is_used and "docx copy is used" in scan.reason
    plans = sorted((h.n_delaftaler, h.strategic_agreement_id is not None) for h in tables.helhedsplaner)
    assert plans == [(1, False), (2, True)]


def test_each_activity_once(built: tuple[DatasetResult, Path]) -> None:
    activities = built[0].tables.activities
    assert [x.name for x in activities] == [
        "Læsekuffert", "Lektieværkstedet", "Aftenklubben", "Trygge stier",
        "Jobcafé Søhøjen", "Sprogcafé med praktik", "Ungeguiden",
    ]  # fmt: skip
    assert all(x.in_overview and x.has_schema for x in activities)
    lektie = next(x for x in activities if x.name == "Lektieværkstedet")
    assert (lektie.activity_type, lektie.activity_type_matched_on) == ("lektiecafe", "overview")
    with duckdb.connect(str(built[1] / DUCKDB_NAME), read_only=True) as con:
        assert con.execute("SELECT sum(n_activities) FROM activities_per_helhedsplan").fetchone() == (7,)
        assert con.execute("SELECT count(*) FROM activities").fetchone() == (7,)


def test_typed_columns(built: tuple[DatasetResult, Path]) -> None:
    _, out = built
    agreements = pq.read_table(out / "parquet" / "agreements.parquet").schema
    assert agreements.field("valid_from").type == pa.date32() and agreements.field("valid_to").type == pa.date32()
    indicators = pq.read_table(out / "parquet" / "indicators.parquet")
    assert indicators.schema.field("baseline_year_int").type == pa.int64()
    assert pq.read_table(out / "parquet" / "baselines.parquet").schema.field("value").type == pa.float64()
    with duckdb.connect(str(out / DUCKDB_NAME), read_only=True) as con:
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'agreements'").fetchall())  # fmt: skip
        assert types["valid_from"] == "DATE" and types["n_copies"] == "BIGINT"
        first = con.execute("SELECT min(valid_from) FROM agreements").fetchone()
        assert str(first[0]) == "2027-01-01"


def test_duckdb_file_is_in_the_storage_older_duckdb_reads(built: tuple[DatasetResult, Path]) -> None:
    """DuckDB's main header: 8 bytes checksum, magic "DUCK", then the storage version as uint64."""
    header = (built[1] / DUCKDB_NAME).read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert struct.unpack("<Q", header[12:20])[0] == DUCKDB_1_1_STORAGE
    assert STORAGE_VERSION == "v1.1.0"


def test_csv_has_a_bom_and_neutralised_formulas(sample_records: Path, tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(sample_records, records)
    path = records / "aftale-delaftale.docx.json"
    record = Record.model_validate_json(path.read_bytes())
    for activity, text in zip(record.sub_agreements[0].activities, HOSTILE, strict=False):
        activity.purpose = text
    path.write_text(record.model_dump_json(), encoding="utf-8")
    build_datasets(records, tmp_path / "standard")
    build_datasets(records, tmp_path / "da", csv_dialect="excel-da")
    raw = (tmp_path / "standard" / "csv" / "activities.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (tmp_path / "standard" / "csv" / "activities.csv").open(encoding="utf-8-sig", newline="") as fh:
        purposes = [row["purpose"] for row in csv.DictReader(fh)]
    assert purposes[4:7] == ["'" + text for text in HOSTILE[:3]]
    with (tmp_path / "da" / "csv" / "baselines.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert ("Nordparken", "41,5") in [(r["area"], r["value"]) for r in rows]
