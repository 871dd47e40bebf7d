"""The public package and start-up: `import helhedsplan`, `helhedsplan.extract`, the pipeline version that
keys resumption, and a command line that starts without the heavy libraries."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import helhedsplan
import pipeline.version
from pipeline.cli import app

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "aftale-delaftale.docx"
GOLDEN = REPO / "tests" / "golden" / "aftale-delaftale.json"
HEAVY_MODULES = ("pydantic", "numpy", "pyarrow", "duckdb", "lxml", "pdfplumber", "pypdfium2", "plotly")


def test_helhedsplan_extract_reads_the_sample_like_its_golden_record() -> None:
    record = helhedsplan.extract(SAMPLE)
    gold = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert isinstance(record, helhedsplan.Record)
    assert record.sub_agreements[0].initiative_name == gold["sub_agreements"][0]["initiative_name"]
    assert record.sub_agreements[0].valid_from == gold["sub_agreements"][0]["valid_from"]


def test_helhedsplan_extract_raises_the_public_error_on_bad_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(helhedsplan.ExtractionError, match="not a DOCX"):
        helhedsplan.extract(empty)


def test_pipeline_version_is_the_package_version_and_a_content_hash() -> None:
    version, _, digest = helhedsplan.PIPELINE_VERSION.partition("+")
    assert version == helhedsplan.__version__ == pipeline.version.package_version()
    assert digest == pipeline.version.content_hash()
    assert len(digest) == pipeline.version.HASH_CHARS


def test_a_changed_template_changes_the_pipeline_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(pipeline.version.TEMPLATES, templates)
    monkeypatch.setattr(pipeline.version, "TEMPLATES", templates)
    before = pipeline.version.content_hash()
    heading_table = templates / "helhedsplan.toml"
    heading_table.write_text(heading_table.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert pipeline.version.content_hash() != before


def test_version_option_prints_the_pipeline_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"helhedsplan {helhedsplan.PIPELINE_VERSION}"


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    """Start-up time is import time: Pydantic, numpy, pyarrow and the PDF stack load only when a command
    needs them, which keeps `helhedsplan --version` and a re-run with nothing to do near 0.3 s."""
    probe = f"import sys, pipeline.cli; print(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO)
    assert loaded.stdout.strip() == "[]"


def test_records_are_built_strict_and_read_lenient(tmp_path: Path) -> None:
    """A misspelt key is an error when a record is built; a record another tool wrote with extra keys still
    reads (check, dataset), its unknown keys dropped and its own values kept."""
    from pydantic import ValidationError

    from models import Record
    from models.record import LENIENT

    record = helhedsplan.extract(SAMPLE)
    data = json.loads(record.model_dump_json())
    data["sub_agreements"][0]["initative_name"] = "misspelt"
    data["tool_of_origin"] = "other"
    with pytest.raises(ValidationError, match="initative_name"):
        Record.model_validate(data)
    read = Record.model_validate(data, context=LENIENT)
    assert read.sub_agreements[0].initiative_name == record.sub_agreements[0].initiative_name
    assert "tool_of_origin" not in read.model_dump()
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
