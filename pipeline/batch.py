"""Run the pipeline over an archive: one record per input, per-file errors, resumable, in parallel.

Archives hold thousands of agreements, some of them hostile (zip bombs, endless PDFs, scans too big to
render). So each file is read in a worker process that the batch can kill: a file that overruns its time
or memory limit is reported failed and the batch goes on. The workers only turn a path into record JSON;
this process alone names, writes and logs, so there is a single writer for the records and the manifest
and a `kill -9` at any moment leaves whole records and whole manifest lines behind.

A re-run skips every file whose content hash and pipeline version match the last successful manifest line
for its record, so an interrupted batch resumes where it stopped.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import stat
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from extractors import EXTRACTORS
from models import HelhedsplanError
from pipeline.executors import (
    Limits,
    Outcome,
    extract_json,
    run_dask,
    run_in_process,
    run_pooled,
)
from pipeline.run import PIPELINE_VERSION, sha256_of

logger = logging.getLogger(__name__)

RECORDS_DIR = "records"
MANIFEST_NAME = "manifest.jsonl"
LOCK_NAME = ".helhedsplan.lock"
Status = Literal["ok", "failed", "skipped"]
Executor = Literal["local", "dask"]


@dataclass(frozen=True)
class FileResult:
    """What became of one input: `status` is "skipped" when an up-to-date record was already there."""

    path: Path
    record_path: Path | None
    error: str | None
    status: Status = "ok"
    sha256: str | None = None
    duration: float = 0.0
    peak_rss_mb: float | None = None

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs; `workers == 1` with the local executor reads files in this process (no limits)."""

    out_dir: Path
    workers: int = os.cpu_count() or 1
    limits: Limits = field(default_factory=Limits)
    force: bool = False
    executor: Executor = "local"
    scheduler: str | None = None


@dataclass
class BatchSummary:
    """Counts for the closing line, and every result in the order they finished."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    results: list[FileResult] = field(default_factory=list)


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Input files under the given paths (folders recursively, supported suffixes only), sorted.

    Symbolic links to files are kept, so that a broken or looping one is reported rather than silently
    dropped; links to folders are not followed (rglob does not), which keeps a link loop from recursing.
    """
    for p in paths:
        if p.is_dir():
            yield from sorted(
                f for f in p.rglob("*") if (f.is_symlink() or f.is_file()) and f.suffix.lower() in EXTRACTORS
            )
        else:
            yield p


def record_path_for(path: Path, out_dir: Path) -> Path:
    return out_dir / RECORDS_DIR / f"{path.stem}.json"


def plan_records(files: Iterable[Path], out_dir: Path) -> list[tuple[Path, Path]]:
    """Each distinct input with its record path, in sorted order.

    The contract names a record after its input's stem. When stems collide (`a.docx`, `a.pdf`), the first
    input in sorted order keeps `a.json` and later ones get `a.pdf.json` (then `a.pdf.2.json` …), so that
    names are stable from one run to the next and resume finds the same records again. Names are compared
    case-insensitively because archives are often written to case-insensitive shares.
    """
    unique = {Path(os.path.abspath(p)): p for p in reversed(list(files))}
    taken: set[str] = set()
    plan: list[tuple[Path, Path]] = []
    for key in sorted(unique):
        path = unique[key]
        name = next(n for n in _candidate_names(path) if n.casefold() not in taken)
        taken.add(name.casefold())
        if name != f"{path.stem}.json":
            logger.warning("record name %s.json is taken by another input; %s → %s", path.stem, path, name)
        plan.append((path, out_dir / RECORDS_DIR / name))
    return plan


def _candidate_names(path: Path) -> Iterator[str]:
    yield f"{path.stem}.json"
    yield f"{path.stem}{path.suffix}.json"
    n = 2
    while True:
        yield f"{path.stem}{path.suffix}.{n}.json"
        n += 1


def write_atomic(target: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename, so readers never see a partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def process_file(path: Path, out_dir: Path) -> FileResult:
    """Extract one file in this process and write its record; bad input becomes a FileResult with an error."""
    outcome = extract_json(path)
    if outcome.record_json is None:
        return FileResult(path, None, outcome.error, "failed", duration=outcome.duration)
    target = record_path_for(path, out_dir)
    write_atomic(target, outcome.record_json)
    return FileResult(path, target, None, duration=outcome.duration)


class Manifest:
    """`DIR/manifest.jsonl`: one JSON line per input per run, appended and never rewritten.

    Each line goes out in a single unbuffered write on an O_APPEND descriptor, so a killed batch leaves at
    worst one cut-off last line, which reading skips and the next append starts a fresh line after.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.run = datetime.now(UTC).isoformat(timespec="seconds")
        self._fd: int | None = None

    def up_to_date(self) -> dict[str, tuple[str, str]]:
        """Record path (relative to DIR) → (sha256, pipeline version) of its last ok or skipped line."""
        latest: dict[str, tuple[str, str]] = {}
        if not self.path.exists():
            return latest
        with self.path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    entry = json.loads(line)
                    if entry["status"] in ("ok", "skipped"):
                        latest[entry["record"]] = (entry["sha256"], entry["pipeline_version"])
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # a line cut off by a kill, or written by hand
        return latest

    def append(self, result: FileResult, out_dir: Path) -> None:
        entry = {
            "path": str(result.path),
            "sha256": result.sha256,
            "status": result.status,
            "error": result.error,
            "duration": round(result.duration, 3),
            "pipeline_version": PIPELINE_VERSION,
            "record": _relative(result.record_path, out_dir),
            "peak_rss_mb": result.peak_rss_mb,
            "run": self.run,
        }
        os.write(self._open(), (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            if os.fstat(self._fd).st_size and not self.path.read_bytes().endswith(b"\n"):
                os.write(self._fd, b"\n")
        return self._fd

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _relative(record_path: Path | None, out_dir: Path) -> str | None:
    return None if record_path is None else record_path.relative_to(out_dir).as_posix()


def run_batch(
    files: Iterable[Path], options: BatchOptions, on_result: Callable[[FileResult], None] | None = None
) -> BatchSummary:
    """Extract every input into `options.out_dir`, skipping up-to-date records unless `options.force`.

    Raises BatchUsageError (before anything is written) when the executor cannot run or another batch
    holds the output folder.
    """
    started = time.monotonic()
    out_dir = options.out_dir
    executor = _executor(options)
    with _exclusive(out_dir):
        _sweep_partial_writes(out_dir)
        summary = _run_locked(files, options, executor, on_result)
    summary.seconds = time.monotonic() - started
    return summary


def _run_locked(
    files: Iterable[Path],
    options: BatchOptions,
    executor: Callable[[Sequence[Path]], Iterator[tuple[int, Outcome]]],
    on_result: Callable[[FileResult], None] | None,
) -> BatchSummary:
    out_dir = options.out_dir
    manifest = Manifest(out_dir / MANIFEST_NAME)
    summary = BatchSummary()

    def finish(result: FileResult) -> None:
        manifest.append(result, out_dir)
        summary.results.append(result)
        setattr(summary, result.status, getattr(summary, result.status) + 1)
        if on_result is not None:
            on_result(result)

    try:
        todo = _triage(plan_records(files, out_dir), manifest, options.force, finish)
        for index, outcome in executor([path for path, _, _ in todo]):
            path, target, sha = todo[index]
            finish(_store(path, target, sha, outcome))
    finally:
        manifest.close()
    return summary


@contextmanager
def _exclusive(out_dir: Path) -> Iterator[None]:
    """Hold OUT for this batch alone: two batches appending to one manifest and renaming over each other's
    records would interleave, and the sweep of partial writes must not touch a live batch's files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / LOCK_NAME).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BatchUsageError(f"another helhedsplan batch is writing to {out_dir}") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sweep_partial_writes(out_dir: Path) -> None:
    """Remove the temporary files of records a killed batch was writing (`.<name>.<random>.tmp`); their
    inputs have no manifest line yet, so this run extracts them again."""
    for folder in (out_dir, out_dir / RECORDS_DIR):
        for partial in folder.glob(".*.json.*.tmp"):
            logger.info("removing %s, left by an interrupted batch", partial)
            partial.unlink(missing_ok=True)


def _triage(
    plan: list[tuple[Path, Path]], manifest: Manifest, force: bool, finish: Callable[[FileResult], None]
) -> list[tuple[Path, Path, str]]:
    """Hash every input; finish unreadable and up-to-date ones at once, return the rest to extract.

    Only regular files are opened here: a FIFO or device named `.pdf` would block or never end.
    """
    done = {} if force else manifest.up_to_date()
    todo: list[tuple[Path, Path, str]] = []
    for path, target in plan:
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise HelhedsplanError(f"{path}: not a regular file")
            sha = sha256_of(path)
        except OSError as exc:
            finish(FileResult(path, None, f"{path}: cannot read file: {exc.strerror or exc}", "failed"))
            continue
        except HelhedsplanError as exc:
            finish(FileResult(path, None, str(exc), "failed"))
            continue
        rel = _relative(target, manifest.path.parent)
        if done.get(rel or "") == (sha, PIPELINE_VERSION) and target.is_file():
            finish(FileResult(path, target, None, "skipped", sha))
        else:
            todo.append((path, target, sha))
    return todo


def _store(path: Path, target: Path, sha: str, outcome: Outcome) -> FileResult:
    if outcome.record_json is None:
        return FileResult(path, None, outcome.error, "failed", sha, outcome.duration, outcome.peak_rss_mb)
    write_atomic(target, outcome.record_json)
    return FileResult(path, target, None, "ok", sha, outcome.duration, outcome.peak_rss_mb)


class BatchUsageError(HelhedsplanError):
    """The batch cannot run as asked (an executor that is not installed, a missing scheduler address)."""


def _executor(options: BatchOptions) -> Callable[[Sequence[Path]], Iterator[tuple[int, Outcome]]]:
    if options.executor == "dask":
        if not options.scheduler:
            raise BatchUsageError("--executor dask needs --scheduler ADDRESS")
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise BatchUsageError("--executor dask needs Dask distributed: pip install 'helhedsplan[dask]'") from exc
        scheduler = options.scheduler
        return lambda paths: run_dask(paths, options.limits, scheduler, f"helhedsplan-{uuid.uuid4().hex[:8]}")
    if options.workers == 1:
        return run_in_process
    return lambda paths: run_pooled(paths, options.workers, options.limits)
