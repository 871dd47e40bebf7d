"""The batch on hostile and broken input: each file gets a clear one-line error (or a correct record) within
the limits, nothing reaches the network or runs, and the real agreements beside them are still written."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import hostile_corpus
import pytest

from models.errors import printable
from pipeline.batch import BatchOptions, BatchSummary, FileResult, discover, run_batch
from pipeline.executors import Limits

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
LIMITS = Limits(timeout_s=60, max_memory_mb=1536)
BATCH_SECONDS = 120  # the whole hostile batch, two workers; it takes about ten on a 2-core machine
REAL = ["real-agreement.docx", *(f"seed-{path.name}" for path in sorted(SEEDS.glob("*.txt")))]


@dataclass
class HostileRun:
    cases: list[hostile_corpus.Case]
    corpus: Path
    out: Path
    summary: BatchSummary
    seconds: float
    requests: list[str]

    def result(self, name: str) -> FileResult:
        matches = [result for result in self.summary.results if result.path.name == name]
        assert len(matches) == 1, f"{name}: {len(matches)} results"
        return matches[0]


@pytest.fixture(scope="module")
def http_server() -> Iterator[tuple[str, list[str]]]:
    """A local server the hostile files point at; any request it gets is a network access by the pipeline."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory, http_server: tuple[str, list[str]]) -> HostileRun:
    url, requests = http_server
    corpus = tmp_path_factory.mktemp("hostile")
    cases = hostile_corpus.build(corpus, url)
    shutil.copy(hostile_corpus.DOCX_SAMPLE, corpus / "real-agreement.docx")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, corpus / f"seed-{seed.name}")
    out = tmp_path_factory.mktemp("out")
    started = time.monotonic()
    summary = run_batch(discover([corpus]), BatchOptions(out, workers=2, limits=LIMITS))
    return HostileRun(cases, corpus, out, summary, time.monotonic() - started, requests)


def test_every_input_has_exactly_one_result(hostile_run: HostileRun) -> None:
    names = sorted(result.path.name for result in hostile_run.summary.results)
    assert names == sorted([case.name for case in hostile_run.cases] + REAL)


def test_hostile_files_get_a_clear_error_or_a_record(hostile_run: HostileRun) -> None:
    problems = []
    for case in hostile_run.cases:
        result = hostile_run.result(case.name)
        if result.status == "skipped":
            if case.expect != hostile_corpus.UNSUPPORTED or case.expect not in (result.reason or ""):
                problems.append(f"{case.name}: skipped for {result.reason!r}")
            continue
        if result.status == "ok":
            if case.expect is not None:
                problems.append(f"{case.name}: expected an error matching {case.expect!r}, got a record")
            continue
        error = result.error or ""
        clear = error.startswith(printable(result.path)) and "\n" not in error and "defect" not in error
        if not clear or "worker process" in error or "timed out" in error:
            problems.append(f"{case.name}: unclear error {error!r}")
        elif case.expect is not None and not re.search(case.expect, error):
            problems.append(f"{case.name}: error {error!r} does not match {case.expect!r}")
    assert not problems, "\n".join(problems)


def test_odd_names_get_their_records(hostile_run: HostileRun) -> None:
    """Long stems and stems that are not UTF-8 are read like any other file; the record name fits in 255
    bytes and is valid UTF-8, and the manifest says which input it came from."""
    names = {}
    for name in (hostile_corpus.LONG_NAME, hostile_corpus.LONGER_NAME, hostile_corpus.NON_UTF8_NAME):
        result = hostile_run.result(name)
        assert result.status == "ok", result.error
        assert result.record_path is not None
        names[name] = result.record_path.name
        assert len(result.record_path.name.encode("utf-8")) <= 255
    assert names[hostile_corpus.LONG_NAME] == f"{Path(hostile_corpus.LONG_NAME).stem}.json"
    assert names[hostile_corpus.NON_UTF8_NAME] == "aftale-\\xf8ster-\\xe5\\xe6.json"
    lines = (hostile_run.out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    paths = {Path(json.loads(line)["path"]).name for line in lines}
    assert "aftale-\\xf8ster-\\xe5\\xe6.docx" in paths


def test_utf16_parts_read_like_the_original(hostile_run: HostileRun) -> None:
    utf16 = json.loads(_record_text(hostile_run, "utf-16-parts.docx"))
    original = json.loads(_record_text(hostile_run, "real-agreement.docx"))
    assert utf16["sub_agreements"] == original["sub_agreements"]


def _record_text(hostile_run: HostileRun, name: str) -> str:
    result = hostile_run.result(name)
    assert result.record_path is not None, result.error
    return result.record_path.read_text(encoding="utf-8")


def test_records_of_hostile_files_are_valid_json(hostile_run: HostileRun) -> None:
    for result in hostile_run.summary.results:
        if result.record_path is not None:
            json.loads(result.record_path.read_text(encoding="utf-8"))


def test_real_agreements_beside_them_are_written(hostile_run: HostileRun) -> None:
    for name in REAL:
        result = hostile_run.result(name)
        assert result.status == "ok", result.error
        assert result.record_path is not None
        record = json.loads(result.record_path.read_text(encoding="utf-8"))
        assert record["source"]["sha256"] == result.sha256


def test_within_time_and_memory_limits(hostile_run: HostileRun) -> None:
    assert hostile_run.seconds < BATCH_SECONDS
    for result in hostile_run.summary.results:
        assert result.duration < LIMITS.timeout_s, result.path
        assert result.peak_rss_mb is None or result.peak_rss_mb < LIMITS.max_memory_mb, result.path


def test_no_network_access_and_nothing_executed(hostile_run: HostileRun) -> None:
    time.sleep(0.2)  # a request in flight would land now
    assert hostile_run.requests == []
    assert not (hostile_run.corpus / hostile_corpus.LAUNCH_MARKER).exists()


def test_no_temporary_files_left(hostile_run: HostileRun) -> None:
    assert not list(hostile_run.out.rglob("*.tmp"))


def test_manifest_has_one_line_per_input(hostile_run: HostileRun) -> None:
    lines = (hostile_run.out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert len(entries) == len(hostile_run.summary.results)
    assert {entry["status"] for entry in entries} <= {"ok", "failed", "skipped"}


def test_a_file_over_the_memory_limit_fails_and_the_batch_goes_on(tmp_path: Path) -> None:
    """44 MB of paragraphs: under the text extractor's size and line limits, but one block object each."""
    big = tmp_path / "in" / "many-paragraphs.txt"
    big.parent.mkdir()
    big.write_bytes((b"x" * 440 + b"\n\n") * 99_000)
    shutil.copy(hostile_corpus.DOCX_SAMPLE, big.parent / "real.docx")
    options = BatchOptions(tmp_path / "out", workers=2, limits=Limits(timeout_s=60, max_memory_mb=320))
    results = {result.path.name: result for result in run_batch(discover([big.parent]), options).results}
    assert results["real.docx"].status == "ok", results["real.docx"].error
    assert results["many-paragraphs.txt"].status == "failed"
    assert "memory limit of 320 MB" in (results["many-paragraphs.txt"].error or "")


def test_millions_of_blank_lines_are_refused_before_they_fill_memory(tmp_path: Path) -> None:
    many = tmp_path / "in" / "blank-lines.txt"
    many.parent.mkdir()
    many.write_bytes(b"a\n\n" * 13_000_000)
    options = BatchOptions(tmp_path / "out", workers=1)
    [result] = run_batch(discover([many.parent]), options).results
    assert result.status == "failed"
    assert "more than an agreement has" in (result.error or "")


def test_a_file_over_the_time_limit_is_killed_and_the_batch_goes_on(tmp_path: Path) -> None:
    slow = tmp_path / "in" / "slow.pdf"
    slow.parent.mkdir()
    slow.write_bytes(hostile_corpus.slow_pdf())
    shutil.copy(hostile_corpus.DOCX_SAMPLE, slow.parent / "real.docx")
    options = BatchOptions(tmp_path / "out", workers=2, limits=Limits(timeout_s=8, max_memory_mb=1536))
    started = time.monotonic()
    results = {result.path.name: result for result in run_batch(discover([slow.parent]), options).results}
    assert time.monotonic() - started < 30
    assert results["real.docx"].status == "ok", results["real.docx"].error
    assert results["slow.pdf"].status == "failed"
    assert "timed out after 8 s" in (results["slow.pdf"].error or "")


def test_a_folder_of_ten_thousand_tiny_files(tmp_path: Path) -> None:
    """Per-file overhead: 10,000 empty files take a few seconds with two workers."""
    _tiny_files_batch(tmp_path, 10_000, seconds=120)


def _tiny_files_batch(tmp_path: Path, count: int, seconds: float) -> None:
    hostile_corpus.tiny_files(tmp_path / "in", count)
    started = time.monotonic()
    summary = run_batch(discover([tmp_path / "in"]), BatchOptions(tmp_path / "out", workers=2, limits=LIMITS))
    assert time.monotonic() - started < seconds
    assert (summary.failed, summary.ok) == (count, 0)
    assert all("empty file" in (result.error or "") for result in summary.results)
