"""Run the pipeline over an archive: one record per input, per-file errors, resumable, in parallel.

Archives hold thousands of agreements, some of them hostile (zip bombs, endless PDFs, scans too big to
render). So each file is read in a worker process that the batch can kill: a file that overruns its time
or memory limit is reported failed and the batch goes on. The workers only turn a path into record JSON;
this process alone plans, names, writes and logs, so there is a single writer for the records and the
manifest and a `kill -9` at any moment leaves whole records and whole manifest lines behind.

A re-run skips every file whose content hash and pipeline version match the last successful manifest line
for its record; the plan is made here, so a re-run with nothing to do starts no worker at all. Ctrl-C stops
the batch between files' results (the workers are killed) and the next run resumes where it stopped. When
the output cannot be written (a full disk), the batch stops with one line saying why.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import stat
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from models.errors import HelhedsplanError, OutputError, one_line, printable
from pipeline.discover import Found, discover
from pipeline.executors import Event, Limits, Outcome, run_dask, run_in_process, run_pooled
from pipeline.manifest import Done, Manifest
from pipeline.record_files import RECORDS_DIR, is_renamed, plan_records, sweep_partial_writes, write_atomic
from pipeline.run import PIPELINE_VERSION, sha256_of

logger = logging.getLogger(__name__)

__all__ = ["RECORDS_DIR", "BatchOptions", "BatchSummary", "BatchUsageError", "FileResult", "discover", "run_batch"]

MANIFEST_NAME = "manifest.jsonl"
ERRORS_LOG = "errors.log"
LOCK_NAME = ".helhedsplan.lock"
UP_TO_DATE = "up to date"
# Write errors that no later file can escape: the batch stops rather than fail every file the same way.
OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EACCES, errno.ENOENT})
Status = Literal["ok", "failed", "skipped"]
Executor = Literal["local", "dask"]


@dataclass(frozen=True)
class FileResult:
    """What became of one input: "skipped" with its `reason` (up to date, unsupported), or ok, or failed."""

    path: Path
    record_path: Path | None
    error: str | None
    status: Status = "ok"
    sha256: str | None = None
    duration: float = 0.0
    peak_rss_mb: float | None = None
    reason: str | None = None
    defect: bool = False  # an unexpected exception: its traceback is in OUT/errors.log

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
    planned: int = 0
    defects: int = 0
    skip_reasons: Counter[str] = field(default_factory=Counter)
    interrupted: bool = False
    output_error: str | None = None  # why the batch stopped early: the output could not be written

    @property
    def left(self) -> int:
        """Inputs that got no result this run (an interrupt or a full disk); a re-run reads them."""
        return self.planned - len(self.results)


class BatchUsageError(HelhedsplanError):
    """The batch cannot run as asked (an executor that is not installed, an output folder it cannot use)."""


def run_batch(
    inputs: Found | Iterable[Path],
    options: BatchOptions,
    on_result: Callable[[FileResult], None] | None = None,
    on_start: Callable[[Path], None] | None = None,
) -> BatchSummary:
    """Extract every input into `options.out_dir`, skipping up-to-date records unless `options.force`.

    Raises BatchUsageError (before anything is written) when the executor cannot run, the output folder
    cannot be made, or another batch holds it. Ctrl-C and an unwritable output end the batch early with
    `summary.interrupted` / `summary.output_error` set; the results so far are logged.
    """
    started = time.monotonic()
    found = inputs if isinstance(inputs, Found) else Found(files=list(inputs))
    executor = _executor(options)
    summary = BatchSummary()
    with _exclusive(options.out_dir):
        try:
            sweep_partial_writes([options.out_dir, options.out_dir / RECORDS_DIR])
            _run_locked(found, options, executor, summary, on_result, on_start)
        except KeyboardInterrupt:
            summary.interrupted = True
        except OutputError as exc:
            summary.output_error = str(exc)
    summary.seconds = time.monotonic() - started
    return summary


def _run_locked(
    found: Found,
    options: BatchOptions,
    executor: Callable[[Sequence[Path]], Iterator[Event]],
    summary: BatchSummary,
    on_result: Callable[[FileResult], None] | None,
    on_start: Callable[[Path], None] | None,
) -> None:
    out_dir = options.out_dir
    manifest = Manifest(out_dir / MANIFEST_NAME)

    def finish(result: FileResult) -> None:
        if result.error:
            result = replace(result, error=one_line(printable(result.error)))
        _output(lambda: manifest.append(_entry(result, out_dir, manifest.run)), manifest.path)
        summary.results.append(result)
        setattr(summary, result.status, getattr(summary, result.status) + 1)
        summary.defects += result.defect
        if result.reason:
            summary.skip_reasons[result.reason] += 1
        if on_result is not None:
            on_result(result)

    try:
        plan = plan_records(found.files, out_dir)
        summary.planned = len(plan) + len(found.passed_over) + len(found.unreadable)
        for path, reason in found.passed_over:
            finish(FileResult(path, None, None, "skipped", reason=reason))
        for path, reason in found.unreadable:
            finish(FileResult(path, None, f"{printable(path)}: {reason}", "failed"))
        todo = _triage(plan, manifest, options.force, finish)
        with closing(executor([path for path, _, _ in todo])) as events:
            for index, outcome in events:
                path, target, sha = todo[index]
                if outcome is None:
                    if on_start is not None:
                        on_start(path)
                    continue
                finish(_store(path, target, sha, outcome, out_dir, manifest.run))
    finally:
        manifest.close()


def _entry(result: FileResult, out_dir: Path, run: str) -> dict[str, object]:
    return {
        "path": str(result.path),
        "sha256": result.sha256,
        "status": result.status,
        "error": result.error,
        "reason": result.reason,
        "duration": round(result.duration, 3),
        "pipeline_version": PIPELINE_VERSION,
        "record": _relative(result.record_path, out_dir),
        "peak_rss_mb": result.peak_rss_mb,
        "run": run,
    }


def _relative(record_path: Path | None, out_dir: Path) -> str | None:
    return None if record_path is None else record_path.relative_to(out_dir).as_posix()


def _output(write: Callable[[], None], target: Path) -> None:
    """Run one write of the batch's own output; one that cannot succeed for any file stops the batch."""
    try:
        write()
    except OSError as exc:
        if exc.errno in OUTPUT_ERRNOS or target.name == MANIFEST_NAME:
            raise OutputError(f"cannot write {printable(target)}: {exc.strerror or exc}") from exc
        raise


@contextmanager
def _exclusive(out_dir: Path) -> Iterator[None]:
    """Hold OUT for this batch alone: two batches appending to one manifest and renaming over each other's
    records would interleave, and the sweep of partial writes must not touch a live batch's files."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = (out_dir / LOCK_NAME).open("a")
    except OSError as exc:
        raise BatchUsageError(f"cannot use output folder {printable(out_dir)}: {exc.strerror or exc}") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BatchUsageError(f"another helhedsplan batch is writing to {printable(out_dir)}") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _triage(
    plan: list[tuple[Path, Path]], manifest: Manifest, force: bool, finish: Callable[[FileResult], None]
) -> list[tuple[Path, Path, str]]:
    """Hash every input; finish unreadable and up-to-date ones at once, return the rest to extract.

    Only regular files are opened here: a FIFO or device named `.pdf` would block or never end.
    """
    done = manifest.done()
    todo: list[tuple[Path, Path, str]] = []
    for path, target in plan:
        rel = _relative(target, manifest.path.parent) or ""
        last = done.get(rel)
        _warn_if_newly_renamed(path, target, last)
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise HelhedsplanError(f"{printable(path)}: not a regular file")
            sha = sha256_of(path)
        except OSError as exc:
            finish(FileResult(path, None, f"{printable(path)}: cannot read file: {exc.strerror or exc}", "failed"))
            continue
        except HelhedsplanError as exc:
            finish(FileResult(path, None, str(exc), "failed"))
            continue
        if not force and last == Done(sha, PIPELINE_VERSION, printable(path)) and target.is_file():
            finish(FileResult(path, target, None, "skipped", sha, reason=UP_TO_DATE))
        else:
            todo.append((path, target, sha))
    return todo


def _warn_if_newly_renamed(path: Path, target: Path, last: Done | None) -> None:
    """Say once, on the run that names it, that a record could not take its input's stem."""
    if is_renamed(path, target) and (last is None or last.path != printable(path)):
        logger.warning("record name %s.json is taken or too long; %s → %s", path.stem, path, target.name)


def _store(path: Path, target: Path, sha: str, outcome: Outcome, out_dir: Path, run: str) -> FileResult:
    if outcome.traceback is not None:
        _output(lambda: _log_defect(out_dir / ERRORS_LOG, path, run, outcome.traceback or ""), out_dir / ERRORS_LOG)
    if outcome.record_json is None:
        failed = FileResult(path, None, outcome.error, "failed", sha, outcome.duration, outcome.peak_rss_mb)
        return _defect(failed) if outcome.traceback is not None else failed
    try:
        _output(lambda: write_atomic(target, outcome.record_json or ""), target)
    except OSError as exc:  # this record's name or folder only (say, a name the file system refuses)
        error = f"{printable(path)}: cannot write record {printable(target.name)}: {exc.strerror or exc}"
        return FileResult(path, None, error, "failed", sha, outcome.duration, outcome.peak_rss_mb)
    return FileResult(path, target, None, "ok", sha, outcome.duration, outcome.peak_rss_mb)


def _defect(result: FileResult) -> FileResult:
    return replace(result, error=f"{result.error}; traceback in {ERRORS_LOG}", defect=True)


def _log_defect(log: Path, path: Path, run: str, traceback: str) -> None:
    """Append a defect's traceback to OUT/errors.log, for the bug report the error line asks for."""
    text = f"--- {run} {printable(path)} (pipeline {PIPELINE_VERSION})\n{printable(traceback).rstrip()}\n"
    with log.open("a", encoding="utf-8") as handle:
        handle.write(text)


def _executor(options: BatchOptions) -> Callable[[Sequence[Path]], Iterator[Event]]:
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
