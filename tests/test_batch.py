"""Batch behaviour: record names, the manifest, skipping up-to-date files, resuming after `kill -9`,
exit codes, and the same records from the in-process, pooled and Dask executors."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline.batch
from pipeline.batch import MANIFEST_NAME, BatchOptions, discover, run_batch
from pipeline.cli import app
from pipeline.record_files import plan_records

REPO = Path(__file__).resolve().parent.parent
DOCX_SAMPLE = REPO / "samples" / "aftale-delaftale.docx"
SEEDS = REPO.parent / "shared" / "seeds"
KILL_COPIES = 40


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three small agreements: two copies of the DOCX sample and one text agreement."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DOCX_SAMPLE, folder / "first.docx")
    shutil.copy(DOCX_SAMPLE, folder / "second.docx")
    text = next(iter(sorted(SEEDS.glob("*.txt"))), None)
    if text is None:
        (folder / "third.txt").write_text("Boligsocial helhedsplan\n", encoding="utf-8")
    else:
        shutil.copy(text, folder / "third.txt")
    return folder


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()]


def _statuses(out: Path, corpus: Path, workers: int = 1, force: bool = False) -> dict[str, str]:
    summary = run_batch(discover([corpus]), BatchOptions(out, workers=workers, force=force))
    return {result.path.name: result.status for result in summary.results}


def test_colliding_stems_keep_the_first_name_and_add_the_suffix_later(tmp_path: Path) -> None:
    files = [tmp_path / "a.pdf", tmp_path / "sub" / "a.docx", tmp_path / "a.docx", tmp_path / "b.txt"]
    plan = plan_records(files, tmp_path / "out")
    names = {str(path.relative_to(tmp_path)): target.name for path, target in plan}
    assert names == {"a.docx": "a.json", "a.pdf": "a.pdf.json", "sub/a.docx": "a.docx.json", "b.txt": "b.json"}
    assert [path for path, _ in plan] == sorted(files)


def test_a_taken_record_name_is_reported_once_not_on_every_rerun(
    tmp_path: Path, corpus: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (corpus / "sub").mkdir()
    shutil.copy(DOCX_SAMPLE, corpus / "sub" / "first.docx")  # first.docx keeps first.json; this gets first.docx.json
    out = tmp_path / "out"
    with caplog.at_level(logging.WARNING, logger="pipeline.batch"):
        _statuses(out, corpus)
        first_run = [message for message in caplog.messages if "is taken" in message]
        caplog.clear()
        _statuses(out, corpus)
    assert len(first_run) == 1 and "first.docx.json" in first_run[0]
    assert not [message for message in caplog.messages if "is taken" in message]


def test_an_input_given_twice_is_read_once(tmp_path: Path, corpus: Path) -> None:
    files = [*discover([corpus]), corpus / "first.docx"]
    assert len(plan_records(files, tmp_path / "out")) == 3


def test_rerun_skips_unchanged_files_and_redoes_changed_ones(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    assert set(_statuses(out, corpus).values()) == {"ok"}
    assert set(_statuses(out, corpus).values()) == {"skipped"}
    (corpus / "third.txt").write_text((corpus / "third.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (out / "records" / "second.json").unlink()
    assert _statuses(out, corpus) == {"first.docx": "skipped", "second.docx": "ok", "third.txt": "ok"}
    assert set(_statuses(out, corpus, force=True).values()) == {"ok"}


def test_a_new_pipeline_version_redoes_everything(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _statuses(out, corpus)
    monkeypatch.setattr(pipeline.batch, "PIPELINE_VERSION", "999.0")
    assert set(_statuses(out, corpus).values()) == {"ok"}


def test_manifest_logs_one_line_per_input_per_run(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    _statuses(out, corpus)
    _statuses(out, corpus)
    entries = _manifest(out)
    assert len(entries) == 6
    first = entries[0]
    assert set(first) >= {"path", "sha256", "status", "error", "duration", "pipeline_version", "record"}
    assert first["record"] == "records/first.json"
    assert first["pipeline_version"] == pipeline.batch.PIPELINE_VERSION
    assert [entry["status"] for entry in entries[3:]] == ["skipped"] * 3


def test_a_cut_off_last_manifest_line_is_repaired_by_the_next_run(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    _statuses(out, corpus)
    with (out / MANIFEST_NAME).open("a", encoding="utf-8") as manifest:
        manifest.write('{"path": "half a li')
    assert set(_statuses(out, corpus).values()) == {"skipped"}
    lines = (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["status"] for line in lines] == ["ok"] * 3 + ["skipped"] * 3


def test_pooled_and_in_process_runs_write_the_same_records(tmp_path: Path, corpus: Path) -> None:
    _statuses(tmp_path / "one", corpus, workers=1)
    _statuses(tmp_path / "two", corpus, workers=2)
    for record in (tmp_path / "one" / "records").iterdir():
        assert record.read_text(encoding="utf-8") == (tmp_path / "two" / "records" / record.name).read_text(
            encoding="utf-8"
        )


def test_resume_after_kill_9_finishes_the_rest_with_nothing_lost_or_duplicated(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(KILL_COPIES):
        shutil.copy(DOCX_SAMPLE, folder / f"aftale-{number:03d}.docx")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline.cli", "extract", str(folder), "-o", str(out), "--workers", "2"]
    batch = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_manifest_lines(out, 5, batch)
    finally:
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait()
    done_before = len(_manifest(out))
    assert done_before < KILL_COPIES, "the batch finished before it could be killed"

    rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    records = sorted((out / "records").iterdir())
    assert [record.name for record in records] == [f"aftale-{number:03d}.json" for number in range(KILL_COPIES)]
    sources = [json.loads(record.read_text(encoding="utf-8"))["source"]["file"] for record in records]
    assert sorted(Path(source).name for source in sources) == sorted(path.name for path in folder.iterdir())
    assert not list(out.rglob("*.tmp"))
    second_run = _manifest(out)[done_before:]
    assert len(second_run) == KILL_COPIES
    assert sum(entry["status"] == "skipped" for entry in second_run) >= done_before


def test_partial_write_of_a_killed_batch_is_swept_and_its_file_redone(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert set(_statuses(out, corpus).values()) == {"ok"}
    lines = (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    (out / MANIFEST_NAME).write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # killed before its line
    lost = json.loads(lines[-1])["record"]
    partial = out / "records" / ".partial-k3x9q1.json.tmp"
    partial.write_text('{"schema_ver', encoding="utf-8")
    statuses = _statuses(out, corpus)
    assert not partial.exists()
    assert sorted(statuses.values()) == ["ok", "skipped", "skipped"]
    assert json.loads((out / lost).read_text(encoding="utf-8"))["source"]["file"]


def test_second_batch_on_the_same_output_is_refused(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pipeline.batch._exclusive(out):
        result = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 2
    assert "another helhedsplan batch is writing to" in result.output
    assert not (out / MANIFEST_NAME).exists()


def _wait_for_manifest_lines(out: Path, count: int, batch: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    manifest = out / MANIFEST_NAME
    while time.monotonic() < deadline and batch.poll() is None:
        if manifest.exists() and len(manifest.read_bytes().splitlines()) >= count:
            return
        time.sleep(0.05)
    pytest.fail("the batch wrote no manifest lines in time")


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        (["{good}"], 0),
        (["{good}", "{bad}"], 1),
        (["{empty}"], 2),
        (["{missing}"], 2),
        (["{good}", "-o", "{good}"], 2),
        (["{good}", "--workers", "0"], 2),
        (["{good}", "--timeout", "0"], 2),
        (["{good}", "--max-memory-mb", "10"], 2),
        (["{good}", "--executor", "dask"], 2),
        (["{good}", "--scheduler", "tcp://localhost:8786"], 2),
        (["{good}", "--executor", "spark"], 2),
    ],
)
def test_exit_codes(tmp_path: Path, arguments: list[str], code: int) -> None:
    good = tmp_path / "good.docx"
    shutil.copy(DOCX_SAMPLE, good)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    (tmp_path / "empty").mkdir()
    paths = {"good": good, "bad": bad, "empty": tmp_path / "empty", "missing": tmp_path / "missing.docx"}
    argv = ["extract", *(argument.format(**paths) for argument in arguments), "-q"]
    if "-o" not in arguments:
        argv += ["-o", str(tmp_path / "out")]
    if "--workers" not in arguments:
        argv += ["--workers", "1"]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == code, result.output


def test_dask_executor_writes_the_same_records(tmp_path: Path, corpus: Path) -> None:
    distributed = pytest.importorskip("distributed")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7\nbroken")
    _statuses(tmp_path / "local", corpus, workers=2)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        options = BatchOptions(tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)
        summary = run_batch(discover([corpus]), options)
    statuses = {result.path.name: result.status for result in summary.results}
    assert statuses == {"first.docx": "ok", "second.docx": "ok", "third.txt": "ok", "broken.pdf": "failed"}
    for record in (tmp_path / "local" / "records").iterdir():
        assert record.read_text(encoding="utf-8") == (tmp_path / "dask" / "records" / record.name).read_text(
            encoding="utf-8"
        )


def test_dask_executor_without_distributed_is_a_clear_usage_error(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    options = BatchOptions(tmp_path / "out", executor="dask", scheduler="tcp://localhost:8786")
    with pytest.raises(pipeline.batch.BatchUsageError, match="pip install"):
        run_batch(discover([corpus]), options)
    assert not (tmp_path / "out").exists()
