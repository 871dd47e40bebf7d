"""Where files are read: in this process, in a pool of killable worker processes, or on a Dask cluster.

Each reader turns paths into Outcomes (record JSON or a one-line error) and never writes anything; the batch
(pipeline.batch) names, writes and logs. A pooled worker has its own process group, a capped address space
and a parent-death signal, so a file that hangs or balloons is killed with its tesseract children and the
batch goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import logging
import os
import resource
import signal
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from pathlib import Path

from models.errors import HelhedsplanError, one_line, printable

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MAX_MEMORY_MB = 2048
# Imported once in the fork server, so that a worker (also one restarted after a kill) starts in milliseconds.
WORKER_PRELOAD = ["pipeline.run", "pipeline.assemble", "extractors.docx", "extractors.pdf", "extractors.text", "docx"]
STOP_GRACE_S = 2.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h
# How a thread start or a shared-library load says the address space is used up.
# What a failed allocation says when it is not a MemoryError: a thread without room for its stack, a library
# that maps memory, and C code whose allocation failed so early that it could not even raise (SystemError).
OUT_OF_MEMORY_HINTS = (
    "can't start new thread",
    "cannot allocate memory",
    "failed to map segment",
    "error return without exception set",
)
VMSTAT = Path("/proc/vmstat")


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
    traceback: str | None = None  # set for an unexpected exception (a defect), for OUT/errors.log


# What a reader yields: (index of the path, None) when it starts on a file, (index, Outcome) when done.
Event = tuple[int, Outcome | None]


# --- Reading files: in this process, in a pool of killable worker processes, or on a Dask cluster ---------


def extract_json(path: Path, memory_limit_mb: int | None = None, ocr_workers: int | None = None) -> Outcome:
    """Extract one file into record JSON; any failure becomes an Outcome with the reason, never an exception.

    Unexpected exceptions are reported too (as defects), because one file must never stop an archive run.
    """
    from pipeline.run import extract

    started, cpu_started = time.monotonic(), time.process_time()
    fatal, trace = False, None
    name = printable(path)
    try:
        record_json = extract(path, ocr_workers=ocr_workers).model_dump_json(indent=2) + "\n"
        cpu = time.process_time() - cpu_started
        return Outcome(record_json, None, time.monotonic() - started, _peak_rss_mb(), cpu_seconds=cpu)
    except HelhedsplanError as exc:
        error = str(exc)
    except Exception as exc:
        if _out_of_memory(exc):
            limit = f"over the memory limit of {memory_limit_mb} MB (--max-memory-mb)" if memory_limit_mb else ""
            error, fatal = f"{name}: {limit or 'out of memory'}", True
        elif isinstance(exc, OSError | ValueError):
            error = f"{name}: {type(exc).__name__}: {exc}"
        else:
            trace = traceback.format_exc()
            error = f"{name}: unexpected {type(exc).__name__}: {exc} (a pipeline defect; please report it)"
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu_started
    return Outcome(None, one_line(error), elapsed, _peak_rss_mb(), fatal, cpu, trace)


def _out_of_memory(exc: BaseException) -> bool:
    """Whether an exception means the address space ran out: besides MemoryError, a thread or a library
    that cannot get its memory says so in its own words."""
    if isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno == errno.ENOMEM):
        return True
    text = str(exc).lower()
    return isinstance(exc, RuntimeError | ImportError | SystemError) and any(
        hint in text for hint in OUT_OF_MEMORY_HINTS
    )


def _peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports ru_maxrss in KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_in_process(paths: Sequence[Path]) -> Iterator[Event]:
    """`--workers 1`: no worker processes, so a debugger and tracebacks reach the code; no limits apply."""
    for index, path in enumerate(paths):
        yield index, None
        yield index, extract_json(path)


def run_pooled(paths: Sequence[Path], workers: int, limits: Limits) -> Iterator[Event]:
    if not paths:
        return
    # Each worker OCRs its share of the cores, so N workers do not start N × cores tesseract processes;
    # workers that would have no file give theirs to the others (one scan alone uses every core).
    workers = min(workers, len(paths))
    limits = replace(limits, ocr_workers=max(1, (os.cpu_count() or 1) // workers))
    with WorkerPool(workers, limits) as pool:
        yield from pool.run(paths)


def run_dask(paths: Sequence[Path], limits: Limits, scheduler: str, prefix: str) -> Iterator[Event]:
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
        return next(outcome for _, outcome in pool.run([Path(path)]) if outcome is not None)


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

    def run(self, paths: Sequence[Path]) -> Iterator[Event]:
        """Starts and outcomes as they happen, with the index of their path; a stuck or crashed file costs
        one worker."""
        from multiprocessing.connection import wait

        queue = list(reversed(list(enumerate(paths))))
        while True:
            for worker in self._workers:
                if worker.index is None and queue:
                    index, path = queue.pop()
                    worker.assign(index, path)
                    yield index, None
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
        self._oom_kills = 0
        self.index: int | None = None
        self.path = Path()
        self.started = 0.0
        self._spawn()

    def _spawn(self) -> None:
        parent_end, child_end = self._context.Pipe()
        # The lifeline's write end stays in this process only; when it closes (this process exits, even by
        # `kill -9`), the worker's group is ended (see _die_with_batch). One pipe per worker, since the
        # kernel keeps one signal owner per open pipe end and every worker must be its own.
        lifeline, self._lifeline = self._context.Pipe(duplex=False)
        self.process = self._context.Process(target=_worker_main, args=(child_end, self.limits, lifeline), daemon=True)
        self.process.start()
        child_end.close()
        lifeline.close()
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
        self._oom_kills = _oom_kills()

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
            killer = -code == signal.SIGKILL and _oom_kills() > self._oom_kills
            hint = " (by the kernel's out-of-memory killer)" if killer else ""
            return f"worker process killed by {name} while reading the file{hint}"
        return f"worker process exited with code {code} while reading the file"

    def _failed(self, elapsed: float, reason: str) -> Outcome:
        self._kill()
        self.index = None
        return Outcome(None, f"{printable(self.path)}: {reason}", elapsed)

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
        self._lifeline.close()
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


def _worker_main(conn: Connection, limits: Limits, lifeline: Connection) -> None:
    """A worker's life: own process group, die with the batch, capped memory, then read paths."""
    os.setpgid(0, 0)
    _die_with_parent()
    _die_with_batch(lifeline)
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


def _die_with_batch(lifeline: Connection) -> None:
    """Have the kernel end this worker's process group (its tesseract children too) once the batch is gone.

    The parent-death signal alone does not do it: a worker's parent is the fork server, which lives on
    while any worker holds its "alive" pipe, so a busy worker would outlive a `kill -9` of the batch. When
    the lifeline's only write end closes, the kernel sends SIGIO to the group named as the read end's
    owner, and SIGIO's default action ends each of its processes, however busy, without a thread here
    (which would cost address space under the memory cap).
    """
    fd = lifeline.fileno()
    fcntl.fcntl(fd, fcntl.F_SETOWN, -os.getpgid(0))
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_ASYNC)
    signal.signal(signal.SIGIO, signal.SIG_DFL)
    if lifeline.poll(0):  # nothing is ever sent: readable means the batch went before the owner was set
        os.killpg(0, signal.SIGKILL)


def _oom_kills() -> int:
    """The kernel's count of processes its out-of-memory killer has killed (0 where it is not shown)."""
    try:
        for line in VMSTAT.read_text().splitlines():
            name, _, value = line.partition(" ")
            if name == "oom_kill":
                return int(value)
    except (OSError, ValueError):
        pass
    return 0


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when its parent goes, so a `kill -9` of a batch leaves no orphans."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: orphans then exit when their pipe closes
        pass
