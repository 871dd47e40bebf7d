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

import contextlib
import ctypes
import json
import logging
import os
import resource
import signal
import stat
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import Literal

from extractors import EXTRACTORS
from models import HelhedsplanError
from pipeline.run import PIPELINE_VERSION, sha256_of

logger = logging.getLogger(__name__)

RECORDS_DIR = "records"
MANIFEST_NAME = "manifest.jsonl"
Status = Literal["ok", "failed", "skipped"]
Executor = Literal["local", "dask"]
DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MAX_MEMORY_MB = 2048
# Imported once in the fork server, so that a worker (also one restarted after a kill) starts in milliseconds.
WORKER_PRELOAD = ["pipeline.run", "pipeline.assemble", "extractors.docx", "extractors.pdf", "extractors.text", "docx"]
STOP_GRACE_S = 2.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True)
class Limits:
    """Per-file limits a worker is killed at; the memory cap is on address space (RLIMIT_AS)."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    ocr_workers: int | None = None  # OCR pages at once in one worker (None: one per core)


@dataclass(frozen=True)
class Outcome:
    """One file read by a worker: the record JSON or a one-line error. `fatal`: the worker must not go on."""

    record_json: str | None
    error: str | None
    duration: float
    peak_rss_mb: float | None = None
    fatal: bool = False
    cpu_seconds: float | None = None  # the worker's own CPU time (OCR threads too, tesseract not)


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

    Raises BatchUsageError (before anything is written) when the executor cannot run.
    """
    started = time.monotonic()
    out_dir = options.out_dir
    manifest = Manifest(out_dir / MANIFEST_NAME)
    summary = BatchSummary()

    def finish(result: FileResult) -> None:
        manifest.append(result, out_dir)
        summary.results.append(result)
        setattr(summary, result.status, getattr(summary, result.status) + 1)
        if on_result is not None:
            on_result(result)

    executor = _executor(options)
    try:
        todo = _triage(plan_records(files, out_dir), manifest, options.force, finish)
        for index, outcome in executor([path for path, _, _ in todo]):
            path, target, sha = todo[index]
            finish(_store(path, target, sha, outcome))
    finally:
        manifest.close()
    summary.seconds = time.monotonic() - started
    return summary


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


# --- Reading files: in this process, in a pool of killable worker processes, or on a Dask cluster ---------


def extract_json(path: Path, memory_limit_mb: int | None = None, ocr_workers: int | None = None) -> Outcome:
    """Extract one file into record JSON; any failure becomes an Outcome with the reason, never an exception.

    Unexpected exceptions are reported too (as defects), because one file must never stop an archive run.
    """
    from pipeline.run import extract

    started, cpu_started = time.monotonic(), time.process_time()
    fatal = False
    try:
        record_json = extract(path, ocr_workers=ocr_workers).model_dump_json(indent=2) + "\n"
        cpu = time.process_time() - cpu_started
        return Outcome(record_json, None, time.monotonic() - started, _peak_rss_mb(), cpu_seconds=cpu)
    except HelhedsplanError as exc:
        error = str(exc)
    except MemoryError:
        limit = (
            f"over the memory limit of {memory_limit_mb} MB (--max-memory-mb)" if memory_limit_mb else "out of memory"
        )
        error, fatal = f"{path}: {limit}", True
    except (OSError, ValueError) as exc:
        error = f"{path}: {type(exc).__name__}: {exc}"
    except Exception as exc:
        logger.debug("unexpected error on %s", path, exc_info=True)
        error = f"{path}: unexpected {type(exc).__name__}: {exc} (a pipeline defect; please report it)"
    return Outcome(None, error, time.monotonic() - started, _peak_rss_mb(), fatal, time.process_time() - cpu_started)


def _peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports ru_maxrss in KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_in_process(paths: Sequence[Path]) -> Iterator[tuple[int, Outcome]]:
    """`--workers 1`: no worker processes, so a debugger and tracebacks reach the code; no limits apply."""
    for index, path in enumerate(paths):
        yield index, extract_json(path)


def run_pooled(paths: Sequence[Path], workers: int, limits: Limits) -> Iterator[tuple[int, Outcome]]:
    if not paths:
        return
    # Each worker OCRs its share of the cores, so N workers do not start N × cores tesseract processes.
    limits = replace(limits, ocr_workers=max(1, (os.cpu_count() or 1) // workers))
    with WorkerPool(min(workers, len(paths)), limits) as pool:
        yield from pool.run(paths)


def run_dask(paths: Sequence[Path], limits: Limits, scheduler: str, prefix: str) -> Iterator[tuple[int, Outcome]]:
    """Spread the files over a Dask cluster; each task still reads its file in a killable child process.

    Paths are sent as absolute paths, so Dask workers must see the inputs at the same place (a shared
    file system). Records come back as JSON and are written here, as with the local pool.
    """
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        futures = {
            client.submit(guarded_extract, os.path.abspath(path), limits, key=f"{prefix}-{index}", pure=False): index
            for index, path in enumerate(paths)
        }
        for future in as_completed(futures):
            index = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # Dask re-raises whatever killed the task (KilledWorker, lost connection)
                outcome = Outcome(None, f"{paths[index]}: Dask task failed: {type(exc).__name__}: {exc}", 0.0)
            yield index, outcome


def guarded_extract(path: str, limits: Limits) -> Outcome:
    """One file in a fresh limited worker; the Dask task body, since Dask cannot kill a single task.

    Dask's nanny starts workers as daemonic processes by default, and those may not have children; there the
    file is read in the Dask worker itself, without the limits (the nanny's own memory limit still holds),
    and the worker log says how to get them: DASK_DISTRIBUTED__WORKER__DAEMON=False.
    """
    import multiprocessing

    if multiprocessing.current_process().daemon:
        logger.warning(
            "daemonic Dask worker: %s read without --timeout/--max-memory-mb; start workers with "
            "DASK_DISTRIBUTED__WORKER__DAEMON=False to enforce them",
            path,
        )
        return extract_json(Path(path))
    with WorkerPool(1, limits) as pool:
        return next(pool.run([Path(path)]))[1]


class WorkerPool:
    """A few long-lived worker processes, each killable on its own (concurrent.futures' pool is not).

    Workers are forked from a fork server that has the pipeline preloaded, so starting or replacing one is
    cheap, and none inherits this process's threads (the progress bar's, Dask's). Each worker leads its own
    process group, so a kill also takes the tesseract or LibreOffice processes it started.
    """

    def __init__(self, workers: int, limits: Limits) -> None:
        import multiprocessing

        # Fewer malloc arenas keep each worker thread from reserving 64 MB of address space, which would
        # count against RLIMIT_AS without being used. Set before the fork server starts, which reads it.
        os.environ.setdefault("MALLOC_ARENA_MAX", "2")
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(WORKER_PRELOAD)
        self.limits = limits
        self._workers = [_Worker(context, limits) for _ in range(workers)]

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._workers:
            worker.stop()

    def run(self, paths: Sequence[Path]) -> Iterator[tuple[int, Outcome]]:
        """Outcomes as they finish, with the index of their path; a stuck or crashed file costs one worker."""
        from multiprocessing.connection import wait

        queue = list(reversed(list(enumerate(paths))))
        while True:
            for worker in self._workers:
                if worker.index is None and queue:
                    worker.assign(*queue.pop())
            busy = [worker for worker in self._workers if worker.index is not None]
            if not busy:
                return
            deadline = min(worker.started for worker in busy) + self.limits.timeout_s
            handles = [worker.conn for worker in busy] + [worker.process.sentinel for worker in busy]
            wait(handles, timeout=max(0.0, deadline - time.monotonic()) + 0.05)
            for worker in busy:
                index = worker.index
                outcome = worker.collect()
                if outcome is not None and index is not None:
                    yield index, outcome


class _Worker:
    """One worker process and the file it is on."""

    def __init__(self, context: ForkServerContext, limits: Limits) -> None:
        self._context = context
        self.limits = limits
        self.index: int | None = None
        self.path = Path()
        self.started = 0.0
        self._spawn()

    def _spawn(self) -> None:
        parent_end, child_end = self._context.Pipe()
        self.process = self._context.Process(target=_worker_main, args=(child_end, self.limits), daemon=True)
        self.process.start()
        child_end.close()
        self.conn = parent_end
        self._stopped = False

    def assign(self, index: int, path: Path) -> None:
        if not self.process.is_alive():
            self._kill()
            self._spawn()
        try:
            self.conn.send(str(path))
        except OSError:  # died between the check and the send
            self._kill()
            self._spawn()
            self.conn.send(str(path))
        self.index, self.path, self.started = index, path, time.monotonic()

    def collect(self) -> Outcome | None:
        """The file's outcome once there is one: the worker's answer, or a failure if it died or overran."""
        elapsed = time.monotonic() - self.started
        if self.conn.poll():
            try:
                outcome: Outcome = self.conn.recv()
            except (EOFError, OSError):
                return self._failed(elapsed, self._death_reason())
            self.index = None
            return outcome
        if not self.process.is_alive():
            return self._failed(elapsed, self._death_reason())
        if elapsed > self.limits.timeout_s:
            return self._failed(elapsed, f"timed out after {self.limits.timeout_s:g} s (--timeout)")
        return None

    def _death_reason(self) -> str:
        self.process.join(STOP_GRACE_S)
        code = self.process.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            hint = " (by the kernel's out-of-memory killer?)" if -code == signal.SIGKILL else ""
            return f"worker process killed by {name} while reading the file{hint}"
        return f"worker process exited with code {code} while reading the file"

    def _failed(self, elapsed: float, reason: str) -> Outcome:
        self._kill()
        self.index = None
        return Outcome(None, f"{self.path}: {reason}", elapsed)

    def _kill(self) -> None:
        """Kill the worker's whole process group (its tesseract children too), then the worker itself.

        Only once per worker: after that its pid may belong to another process.
        """
        if self._stopped:
            return
        _kill_group(self.process.pid)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()
        self._stopped = True

    def stop(self) -> None:
        """Let an idle worker exit on end-of-input; kill it if it does not (or is still busy)."""
        self.conn.close()
        self.process.join(STOP_GRACE_S if self.index is None else 0)
        self._kill()


def _kill_group(pid: int | None) -> None:
    """SIGKILL a worker's process group; it may be gone already, or not have become a leader yet."""
    if pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


def _worker_main(conn: Connection, limits: Limits) -> None:
    """A worker's life: own process group, die with the fork server, capped memory, then read paths."""
    os.setpgid(0, 0)
    _die_with_parent()
    _warm_up()
    cap = limits.max_memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap if hard == resource.RLIM_INFINITY else min(cap, hard)))
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        outcome = extract_json(Path(path), limits.max_memory_mb, limits.ocr_workers)
        try:
            conn.send(outcome)
        except OSError:
            return
        if outcome.fatal:
            return


def _warm_up() -> None:
    """Load the OCR-repair word lists (about a second) before the first file, so that its time limit is not
    spent on them; every document is checked for OCR damage, so every worker needs them. Done before the
    memory cap, so that a cap too small for any file fails those files with a clear reason."""
    from pipeline.lexicon import load_lexicon

    try:
        load_lexicon()
    except (OSError, MemoryError, HelhedsplanError):
        logger.debug("warm-up failed; the first file will load the word lists again", exc_info=True)


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when its parent goes, so a `kill -9` of a batch leaves no orphans."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: orphans then exit when their pipe closes
        pass
