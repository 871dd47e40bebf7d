"""The `helhedsplan check` command as a CI job uses it: exit codes that follow --fail-on, JSON and CSV that
list every finding with its file, a table that fits the terminal, unreadable inputs reported while the
others are still printed, and nothing written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from models import Finding
from pipeline import extract
from pipeline.check import ROW_FIELDS
from pipeline.cli import app
from tests.delaftale_docx import FILLED_ACTIVITY, FILLED_SUB, GUIDANCE_REVISION, delaftale_docx, write_record


@pytest.fixture
def agreements(tmp_path: Path) -> dict[str, Path]:
    """clean (no findings), warning (revision left as guidance), error (staff deleted), info (a record whose
    only finding is an unparsed value)."""
    folder = tmp_path / "in"
    folder.mkdir()
    files = {
        "clean": delaftale_docx(folder / "clean.docx", "label_left", FILLED_SUB, FILLED_ACTIVITY),
        "warning": delaftale_docx(
            folder / "warning.docx", "label_above", {**FILLED_SUB, "revision": [GUIDANCE_REVISION]}, FILLED_ACTIVITY
        ),
        "error": delaftale_docx(
            folder / "error.docx", "paragraphs", {**FILLED_SUB, "staff_resources": None}, FILLED_ACTIVITY
        ),
    }
    record = extract(files["clean"])
    record.findings.append(
        Finding(code="unparsed_value", severity="info", path="sub_agreements[0].valid_from", message="odd period")
    )
    files["info"] = folder / "records" / "info.json"
    write_record(record, files["info"])
    return files


def invoke(*args: str):
    return CliRunner().invoke(app, ["check", *args], env={"COLUMNS": "160"})


@pytest.mark.parametrize(
    ("name", "fail_on", "code"),
    [
        ("clean", None, 0),
        ("error", None, 1),
        ("warning", None, 0),
        ("warning", "warning", 1),
        ("info", "warning", 0),
        ("info", "info", 1),
        ("error", "never", 0),
    ],
)
def test_exit_code_follows_fail_on(agreements: dict[str, Path], name: str, fail_on: str | None, code: int) -> None:
    options = ["--fail-on", fail_on] if fail_on else []
    result = invoke(str(agreements[name]), *options)
    assert result.exit_code == code, result.output


def test_json_output_lists_every_finding_with_its_file(agreements: dict[str, Path]) -> None:
    result = invoke(str(agreements["warning"].parent), "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert all(tuple(row) == ROW_FIELDS for row in rows)
    assert {(Path(r["file"]).name, r["code"], r["severity"], r["path"]) for r in rows} == {
        ("clean.docx", None, None, None),  # a clean file is listed too, with no finding
        ("error.docx", "missing_section", "error", "sub_agreements[0].staff_resources"),
        ("info.json", "unparsed_value", "info", "sub_agreements[0].valid_from"),
        ("warning.docx", "template_residue", "warning", "sub_agreements[0].revision"),
        ("warning.docx", "empty_section", "warning", "sub_agreements[0].revision"),
    }


def test_csv_output_parses_with_a_header(agreements: dict[str, Path]) -> None:
    result = invoke(str(agreements["warning"]), str(agreements["error"]), "--format", "csv")
    assert result.exit_code == 1, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert tuple(reader.fieldnames or ()) == ROW_FIELDS
    rows = list(reader)
    assert [(Path(r["file"]).name, r["code"]) for r in rows] == [
        ("warning.docx", "template_residue"),
        ("warning.docx", "empty_section"),
        ("error.docx", "missing_section"),
    ]
    assert "Medarbejderressourcer" in rows[2]["message"]


def test_unreadable_file_exits_2_and_the_others_are_still_printed(agreements: dict[str, Path]) -> None:
    broken = agreements["error"].with_name("broken.docx")
    broken.write_bytes(b"PK\x03\x04 cut off")
    result = invoke(str(broken), str(agreements["error"]), "--format", "json")
    assert result.exit_code == 2
    assert "broken.docx" in result.stderr
    assert [(Path(r["file"]).name, r["path"]) for r in json.loads(result.stdout)] == [
        ("error.docx", "sub_agreements[0].staff_resources")
    ]


def test_invalid_record_json_is_unreadable(agreements: dict[str, Path]) -> None:
    bad = agreements["info"].with_name("bad.json")
    bad.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    result = invoke(str(bad), str(agreements["clean"]))
    assert result.exit_code == 2
    assert "not a valid record" in result.stderr


def test_table_shows_findings_and_counts(agreements: dict[str, Path]) -> None:
    broken = agreements["error"].with_name("broken.docx")
    broken.write_bytes(b"not a zip")
    result = invoke(str(agreements["error"]), str(agreements["clean"]), str(broken))
    assert result.exit_code == 2
    out = result.stdout
    for text in ("missing_section", "sub_agreements[0].staff_resources", "no findings", "unreadable"):
        assert text in out
    assert re.search(r"missing_section\s+error\s+1", out)
    assert "3 files checked, 1 unreadable" in out


@pytest.mark.parametrize("columns", [100, 160])
def test_table_fits_the_terminal_width(agreements: dict[str, Path], columns: int) -> None:
    result = CliRunner().invoke(app, ["check", str(agreements["warning"].parent)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 1, result.output
    assert max(map(len, result.stdout.splitlines())) <= columns


def test_check_writes_nothing(agreements: dict[str, Path]) -> None:
    folder = agreements["clean"].parent
    before = sorted(folder.rglob("*"))
    invoke(str(folder))
    assert sorted(folder.rglob("*")) == before


def test_folder_without_inputs_exits_2(tmp_path: Path) -> None:
    result = invoke(str(tmp_path))
    assert result.exit_code == 2
    assert "no agreement or record files found" in result.stderr
