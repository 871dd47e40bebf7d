"""Faults from outside the pipeline: a full disk, Ctrl-C, `kill -9` of the batch, defects, bad arguments,
unsupported files in folders. Each must end in one clear line, a summary and a resumable output folder."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import hostile_corpus
import pytest
from typer.testing import CliRunner

import pipeline.batch
import pipeline.executors
import pipeline.manifest
import pipeline.run
from pipeline.batch import ERRORS_LOG, MANIFEST_NAME, BatchOptions, discover, run_batch
from pipeline.cli import app
from pipeline.executors import _out_of_memory

REPO = Path(__file__).resolve().parent.parent
DOCX_SAMPLE = REPO / "samples" / "aftale-delaftale.docx"
COPIES = 3


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(COPIES):
        shutil.copy(DOCX_SAMPLE, folder / f"aftale-{number}.docx")
    return folder


def _lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()]


def _extract(corpus: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(out), "-q", "--workers", "1", *extra])
    return result.exit_code, result.output


def _full_after(writes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills after `writes` records: later record writes fail with ENOSPC."""
    real = pipeline.batch.write_atomic
    count = {"n": 0}

    def write(target: Path, text: str) -> None:
        count["n"] += 1
        if count["n"] > writes:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real(target, text)

    monkeypatch.setattr(pipeline.batch, "write_atomic", write)


def test_a_full_disk_stops_with_one_line_a_summary_and_exit_1(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _full_after(1, monkeypatch)
    code, output = _extract(corpus, out)
    assert code == 1
    errors = [line for line in output.splitlines() if line.startswith("error")]
    assert errors == [f"error cannot write {out / 'records' / 'aftale-1.json'}: No space left on device"]
    assert "1 ok, 0 failed, 0 skipped, 2 not done" in output
    assert [entry["record"] for entry in _lines(out)] == ["records/aftale-0.json"]
    monkeypatch.undo()
    assert _extract(corpus, out)[0] == 0  # space freed: the rest is written, the first skipped
    assert [entry["status"] for entry in _lines(out)[1:]] == ["skipped", "ok", "ok"]


def test_a_manifest_line_the_disk_cuts_is_taken_back(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real_write = os.write
    calls = {"n": 0}

    def short_then_full(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            return real_write(fd, data[: len(data) // 2])  # half the second line fits
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(pipeline.manifest.os, "write", short_then_full)
    summary = run_batch(discover([corpus]), BatchOptions(out, workers=1))
    assert summary.output_error and "No space left on device" in summary.output_error
    assert len(_lines(out)) == 1  # every line whole: the cut one was truncated away


def test_ctrl_c_says_what_is_left_and_exits_130(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.executors.extract_json
    calls = {"n": 0}

    def interrupted_on_the_second(path: Path, *args: object) -> pipeline.executors.Outcome:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(path)

    monkeypatch.setattr(pipeline.executors, "extract_json", interrupted_on_the_second)
    code, output = _extract(corpus, tmp_path / "out")
    assert code == 130
    assert output.strip().endswith("interrupted: 1 written, 2 left; run again to resume")


def test_records_are_written_with_the_users_umask(corpus: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        run_batch(discover([corpus]), BatchOptions(tmp_path / "out", workers=1))
    finally:
        os.umask(old)
    modes = {oct((path.stat().st_mode) & 0o777) for path in (tmp_path / "out" / "records").iterdir()}
    assert modes == {"0o644"}


def test_an_unexpected_exception_is_counted_and_its_traceback_logged(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def defect(path: Path, **options: object) -> None:
        raise KeyError("focus_area")

    monkeypatch.setattr(pipeline.run, "extract", defect)
    out = tmp_path / "out"
    code, output = _extract(corpus, out)
    assert code == 1
    assert f"0 ok, 3 failed (3 pipeline defects, see {out / ERRORS_LOG})" in output
    log = (out / ERRORS_LOG).read_text(encoding="utf-8")
    assert log.count("Traceback (most recent call last)") == 3
    assert "KeyError: 'focus_area'" in log
    assert all("traceback in errors.log" in entry["error"] for entry in _lines(out))


def test_unsupported_files_in_folders_are_skipped_with_their_reason(corpus: Path, tmp_path: Path) -> None:
    (corpus / "budget.xlsx").write_bytes(b"PK")
    (corpus / "Thumbs.db").write_bytes(b"\0")
    out = tmp_path / "out"
    code, output = _extract(corpus, out)
    assert code == 0
    assert "3 ok, 0 failed, 2 skipped (1 unsupported file type .db, 1 unsupported file type .xlsx)" in output
    skipped = {Path(entry["path"]).name: entry["reason"] for entry in _lines(out) if entry["status"] == "skipped"}
    assert skipped == {"budget.xlsx": "unsupported file type .xlsx", "Thumbs.db": "unsupported file type .db"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder, so none can be made unreadable")
def test_an_unreadable_subfolder_is_reported(corpus: Path, tmp_path: Path) -> None:
    locked = corpus / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        code, output = _extract(corpus, tmp_path / "out")
    finally:
        locked.chmod(0o755)
    assert code == 1
    assert f"error {locked}: cannot read folder: Permission denied" in output


def test_the_dask_install_hint_is_printed_whole(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    code, output = _extract(corpus, tmp_path / "out", "--executor", "dask", "--scheduler", "tcp://localhost:1")
    assert code == 2
    assert "pip install 'helhedsplan[dask]'" in output


def test_repair_text_on_a_docx_is_a_one_line_error() -> None:
    result = CliRunner().invoke(app, ["repair-text", str(DOCX_SAMPLE)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith(f"error {DOCX_SAMPLE}: ")


@pytest.mark.parametrize(
    "exc",
    [
        MemoryError(),
        RuntimeError("can't start new thread"),
        OSError(errno.ENOMEM, "Cannot allocate memory"),
        SystemError("error return without exception set"),
    ],
)
def test_running_out_of_address_space_is_told_by_its_symptoms(exc: BaseException) -> None:
    assert _out_of_memory(exc)
    assert not _out_of_memory(RuntimeError("dictionary changed size during iteration"))


def test_a_memory_cap_too_small_for_threads_names_the_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_thread(path: Path, **options: object) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(pipeline.run, "extract", no_thread)
    outcome = pipeline.executors.extract_json(DOCX_SAMPLE, memory_limit_mb=300)
    assert outcome.error == f"{DOCX_SAMPLE}: over the memory limit of 300 MB (--max-memory-mb)"
    assert outcome.fatal and outcome.traceback is None


def test_the_smallest_memory_cap_on_a_real_pdf_is_named_not_called_a_defect(tmp_path: Path) -> None:
    """At the smallest cap the CLI allows, the PDF sample runs out of address space inside C code (numpy,
    pdfium, the repair walk); whatever fails, the user is told the limit, not 'a pipeline defect'."""
    cli = Path(sys.executable).with_name("helhedsplan")
    pdf = REPO / "samples" / "aftale-delaftale.pdf"
    done = subprocess.run(
        [str(cli), "extract", str(pdf), "-o", str(tmp_path), "--max-memory-mb", "256", "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "pipeline defect" not in done.stderr
    if done.returncode:
        assert "over the memory limit of 256 MB (--max-memory-mb)" in done.stderr
    else:
        assert (tmp_path / "records" / "aftale-delaftale.json").exists()


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(stat_file.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def test_kill_9_of_the_batch_ends_its_busy_workers(tmp_path: Path) -> None:
    """A worker busy on a slow file outlived its batch before: the fork server, its parent, stayed up."""
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(2):
        (folder / f"slow-{number}.pdf").write_bytes(hostile_corpus.slow_pdf())
    command = [sys.executable, "-m", "pipeline.cli", "extract", str(folder), "-o", str(tmp_path / "out"), "-q"]
    batch = subprocess.Popen([*command, "--workers", "2"], cwd=REPO, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(workers := _descendants(batch.pid)) < 4 and time.monotonic() < deadline:  # 2 + fork server
            time.sleep(0.2)
        time.sleep(1.0)
        workers = _descendants(batch.pid)
    finally:
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait()
    assert len(workers) >= 3, "the workers did not start"
    deadline = time.monotonic() + 10
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(workers)
