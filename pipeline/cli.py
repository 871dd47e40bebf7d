"""Command line: `helhedsplan extract|check|text|schema|repair-text|dataset|report`. Thin: parse options,
call the library, print. Exit codes: 0 all well, 1 some file failed (or a finding at --fail-on), 2 usage
or unreadable input."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from extractors import SUPPORTED
from models.errors import HelhedsplanError, printable
from pipeline.batch import (
    ERRORS_LOG,
    RECORDS_DIR,
    BatchOptions,
    BatchSummary,
    BatchUsageError,
    FileResult,
    discover,
    run_batch,
)
from pipeline.check_cli import check
from pipeline.executors import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_S, Limits
from pipeline.text_cli import text
from pipeline.writers.cli_commands import dataset, report

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)  # one line per file error, also when piped
MIN_MEMORY_MB = 256  # below this not even the pipeline's own imports fit



def _print_version(value: bool) -> None:
    if value:
        from pipeline.version import PIPELINE_VERSION

        typer.echo(f"helhedsplan {PIPELINE_VERSION}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the pipeline version (package version + hash of the code and templates) and exit.",
        ),
    ] = False,
) -> None:
    """Turn LBF helhedsplan agreements (DOCX, PDF, scanned PDF, text) into validated JSON records."""


app.command(help="Build analyst tables (Parquet, CSV, XLSX, DuckDB) from a folder of records.")(dataset)
app.command(help="Write a self-contained HTML report comparing the helhedsplaner in a folder of records.")(report)
app.command(help="Report missing or empty sections and leftover guidance in agreements or records.")(check)
app.command(help="Print a file as the pipeline read it: the text provenance spans point into.")(text)


class ExecutorChoice(StrEnum):
    local = "local"
    dask = "dask"


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Agreement files or folders (searched recursively).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder; records go to OUT/records/.")] = Path(
        "output"
    ),
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes; 1 reads in this process, without limits (debugging).")
    ] = os.cpu_count() or 1,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds per file before its worker is killed.")] = (
        DEFAULT_TIMEOUT_S
    ),
    max_memory_mb: Annotated[
        int, typer.Option(min=MIN_MEMORY_MB, help="Address-space cap per worker (MB); over it the file fails.")
    ] = DEFAULT_MAX_MEMORY_MB,
    force: Annotated[bool, typer.Option("--force", help="Re-extract files whose records are up to date.")] = False,
    executor: Annotated[
        ExecutorChoice, typer.Option(help="local: a pool on this machine; dask: a Dask cluster (--scheduler).")
    ] = ExecutorChoice.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Extract one JSON record per input file into OUT/records/<input stem>.json, logging OUT/manifest.jsonl.

    Files whose content and pipeline version are unchanged since their last successful run are skipped.
    """
    if scheduler and executor is not ExecutorChoice.dask:
        raise typer.BadParameter("--scheduler is only used with --executor dask", param_hint="--scheduler")
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise typer.BadParameter(f"{printable(path)}: no such file or folder", param_hint="PATH")
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{printable(out)} is a file, not a folder", param_hint="-o / --out")
    found = discover(paths)
    if not found.files:
        err.print(f"[yellow]no agreement files found[/yellow] (supported: {SUPPORTED})")
        raise typer.Exit(2)
    options = BatchOptions(
        out_dir=out,
        workers=workers,
        limits=Limits(timeout_s=timeout, max_memory_mb=max_memory_mb),
        force=force,
        executor=executor.value,
        scheduler=scheduler,
    )
    total = len(found.files) + len(found.passed_over) + len(found.unreadable)
    with _progress(quiet, total) as (advance, starting):
        try:
            summary = run_batch(found, options, on_result=advance, on_start=starting)
        except BatchUsageError as exc:
            err.print(Text.assemble(("error", "red"), f" {exc}"))
            raise typer.Exit(2) from exc
    if summary.output_error:
        err.print(Text.assemble(("error", "red"), f" {summary.output_error}"))
    err.print(Text(_summary_line(summary, out)))
    if summary.interrupted:
        err.print(f"interrupted: {summary.ok} written, {summary.left} left; run again to resume")
        raise typer.Exit(130)
    raise typer.Exit(1 if summary.failed or summary.output_error else 0)


def _summary_line(summary: BatchSummary, out: Path) -> str:
    """"3 ok, 1 failed (1 pipeline defect, see OUT/errors.log), 4 skipped (2 up to date, …) in 1.2 s → …"."""
    failed = f"{summary.failed} failed"
    if summary.defects:
        failed += f" ({summary.defects} pipeline defect{'s' * (summary.defects > 1)}, see {out / ERRORS_LOG})"
    skipped = f"{summary.skipped} skipped"
    if summary.skip_reasons:
        skipped += " (" + ", ".join(f"{n} {reason}" for reason, n in summary.skip_reasons.most_common()) + ")"
    left = f", {summary.left} not done" if summary.left else ""
    return f"{summary.ok} ok, {failed}, {skipped}{left} in {summary.seconds:.1f} s → {printable(out / RECORDS_DIR)}"


class _RateColumn(ProgressColumn):
    """Files per second, which tells an archive run's throughput at a glance."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} files/s" if speed else "– files/s", style="progress.data.speed")


@contextmanager
def _progress(
    quiet: bool, total: int
) -> Iterator[tuple[Callable[[FileResult], None], Callable[[Path], None]]]:
    """A progress bar on a terminal (never in logs or pipes) naming the file being read; per-file errors and
    log warnings are printed above it."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, disable=quiet or not err.is_terminal) as progress:
        task = progress.add_task("extracting", total=total)

        def advance(result: FileResult) -> None:
            if not result.ok:
                err.print(Text.assemble(("error", "red"), f" {result.error or ''}"))
            progress.advance(task)

        def starting(path: Path) -> None:
            progress.update(task, description=f"reading {printable(path.name)}")

        yield advance, starting


@app.command()
def schema() -> None:
    """Print the record's JSON Schema (generated from the Pydantic models)."""
    from models import Record

    typer.echo(json.dumps(Record.model_json_schema(), indent=2, ensure_ascii=False))


@app.command("repair-text")
def repair_text_cmd(
    file: Annotated[Path, typer.Argument(help="An OCR'd text file with mangled æøå.", exists=True, dir_okay=False)],
) -> None:
    """Print FILE with OCR-mangled Danish letters repaired (Bgrn → Børn, omradet → området)."""
    from extractors.text import read_text
    from pipeline.repair import repair_text

    try:
        result = repair_text(read_text(file))
    except HelhedsplanError as exc:
        err.print(Text.assemble(("error", "red"), f" {exc}"))
        raise typer.Exit(1) from exc
    sys.stdout.write(result.text)
    err.print(f"{result.tokens_changed} tokens changed")


class _ConsoleHandler(logging.Handler):
    """Log records printed through the stderr console, so that they appear above a live progress bar
    instead of tearing it, and as plain text (rich markup in a message is not interpreted)."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(Text(printable(self.format(record)), style="yellow" if record.levelno >= logging.WARNING else ""))


def main() -> None:
    handler = _ConsoleHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    app()


if __name__ == "__main__":
    main()
