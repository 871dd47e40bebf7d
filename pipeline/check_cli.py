"""The `check` command; registered on the app in pipeline/cli.py.

Findings go to stdout (a table for people, JSON or CSV for machines) and unreadable inputs to stderr, so
`helhedsplan check … --format json > findings.json` stays parseable whatever the inputs hold.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from extractors import SUPPORTED
from models.errors import printable
from pipeline.check import (
    SEVERITY_RANK,
    CheckedFile,
    FailOn,
    check_file,
    count_findings,
    discover_inputs,
    exit_code,
    pages_text,
    to_csv,
    to_json,
)

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
PIPED_WIDTH = 160
SEVERITY_WIDTH = len("unreadable")
CODE_WIDTH = len("template_residue")
PAGE_WIDTH = len("page")
TABLE_OVERHEAD = 3 * 6 + 1 + PAGE_WIDTH  # six columns: padding either side, a separator between, the edges
FILE_MAX_WIDTH = 40
PATH_MAX_WIDTH = 52  # sub_agreements[9].activities[9].content_and_practice
MESSAGE_MIN_WIDTH = 24
NARROW_MIN_WIDTH = 14  # file and path are narrowed down to this for the message's sake


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Agreement files, record JSON files, or folders of either (searched recursively)."),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table for reading; json or csv for machines.")
    ] = OutputFormat.TABLE,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding of this severity or worse exists.")
    ] = FailOn.ERROR,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            "--min-confidence", min=0, max=1, help="Add low_confidence findings (info) for values below this."
        ),
    ] = None,
) -> None:
    """Report the findings of agreements (extracted in memory, no records written) or of existing records.

    Exit code: 0 nothing at or above --fail-on, 1 such a finding exists, 2 an input could not be read.
    """
    err = Console(stderr=True, soft_wrap=True)  # one line per unreadable input, also when piped
    results = _check_with_progress(paths, min_confidence, err)
    if not results:
        err.print(f"[yellow]no agreement or record files found[/yellow] ({SUPPORTED} .json)")
        raise typer.Exit(2)
    for r in results:
        if r.error:
            err.print(Text.assemble(("error", "red"), f" {r.error}"), soft_wrap=True)
    if output_format is OutputFormat.JSON:
        typer.echo(to_json(results))
    elif output_format is OutputFormat.CSV:
        typer.echo(to_csv(results), nl=False)
    else:
        out = _stdout_console()
        out.print(findings_table(results, out.width))
        out.print(summary_table(results))
    raise typer.Exit(exit_code(results, fail_on))


def _check_with_progress(paths: list[Path], min_confidence: float | None, err: Console) -> list[CheckedFile]:
    """Check every input in discovery order, with a progress bar naming the file on a terminal (a folder of
    scans takes minutes); the bar is gone before the table is printed, and never shows in pipes or logs."""
    inputs = list(discover_inputs(paths))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    results: list[CheckedFile] = []
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("checking", total=len(inputs))
        for path in inputs:
            progress.update(task, description=f"checking {printable(path.name)}")
            results.append(check_file(path, min_confidence))
            progress.advance(task)
    return results


def _stdout_console() -> Console:
    """Rich assumes 80 columns when stdout is not a terminal, which folds every message into a narrow strip;
    a file or pager holds wider lines well. COLUMNS still wins when set."""
    out = Console()
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(width=PIPED_WIDTH)
    return out


def findings_table(results: list[CheckedFile], width: int) -> Table:
    """One section per file; the file name is shown once, and a clean file says so rather than vanishing.

    Files are named relative to their common folder, which the title gives once: full paths would take the
    width the messages need. Codes and severities never wrap, and paths fold rather than end in "…": they
    are what a reader searches for.
    """
    folder, names = _relative_names([r.path for r in results])
    file_w, path_w, message_w = _column_widths(width, names, [f.path for r in results for f in r.findings])
    title = f"Findings in {folder}" if folder else "Findings"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("file", overflow="fold", width=file_w)
    table.add_column("severity", no_wrap=True, width=SEVERITY_WIDTH)
    table.add_column("code", no_wrap=True, width=CODE_WIDTH)
    table.add_column("page", no_wrap=True, width=PAGE_WIDTH)
    table.add_column("path", overflow="fold", width=path_w)
    table.add_column("message", overflow="fold", width=message_w)
    for r, name in zip(results, names, strict=True):
        if r.error:
            table.add_row(Text(name), Text("unreadable", "bold red"), "", "", "", Text(r.error), end_section=True)
            continue
        if not r.findings:
            table.add_row(Text(name), Text("ok", "green"), "", "", "", Text("no findings", "dim"), end_section=True)
            continue
        labels = r.labels or ("",) * len(r.findings)
        for i, (f, label) in enumerate(zip(r.findings, labels, strict=True)):
            table.add_row(
                Text(name) if i == 0 else "",
                Text(f.severity, SEVERITY_STYLE[f.severity]),
                f.code,
                pages_text(f) or "",
                Text.assemble(f.path, ("\n" + label, "dim") if label else ""),
                Text(f.message),
                end_section=i == len(r.findings) - 1,
            )
    return table


def _relative_names(paths: list[Path]) -> tuple[str | None, list[str]]:
    """(common folder, names relative to it); (None, paths as given) when they share no folder."""
    try:
        folder = Path(os.path.commonpath([p.parent for p in paths]))
        names = [str(p.relative_to(folder)) for p in paths]
    except ValueError:  # absolute mixed with relative paths, or different drives
        return None, [str(p) for p in paths]
    return (None if folder == Path() else str(folder)), names


def _column_widths(width: int, files: list[str], paths: list[str]) -> tuple[int, int, int]:
    """(file, path, message) widths that fit `width`: file and path as wide as their longest value up to a cap,
    narrowed (file first) when the message would get less than its minimum; the message takes the rest.

    Rich left to itself shrinks the widest column first, which squeezes paths into slivers.
    """
    file_w = min(max(map(len, files)), FILE_MAX_WIDTH)
    path_w = min(max(map(len, paths), default=len("path")), PATH_MAX_WIDTH)
    fixed = SEVERITY_WIDTH + CODE_WIDTH + TABLE_OVERHEAD
    deficit = MESSAGE_MIN_WIDTH - (width - fixed - file_w - path_w)
    if deficit > 0:
        cut = min(deficit, max(file_w - NARROW_MIN_WIDTH, 0))
        file_w, deficit = file_w - cut, deficit - cut
        path_w -= min(deficit, max(path_w - NARROW_MIN_WIDTH, 0))
    return file_w, path_w, max(width - fixed - file_w - path_w, MESSAGE_MIN_WIDTH)


def summary_table(results: list[CheckedFile]) -> Table:
    """Counts per code (each code has one severity) and per severity, with the number of files."""
    counts = count_findings(results)
    unreadable = sum(1 for r in results if r.error)
    caption = f"{len(results)} file{'s' if len(results) != 1 else ''} checked" + (
        f", {unreadable} unreadable" if unreadable else ""
    )
    table = Table(
        "code",
        "severity",
        "count",
        title="Counts",
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for (code, severity), n in sorted(counts.items(), key=lambda item: (-SEVERITY_RANK[item[0][1]], item[0][0])):
        table.add_row(code, Text(severity, SEVERITY_STYLE[severity]), str(n))
    per_severity = {s: sum(n for (_, sev), n in counts.items() if sev == s) for s in SEVERITY_STYLE}
    table.add_section()
    for severity, n in per_severity.items():
        table.add_row("all", Text(severity, SEVERITY_STYLE[severity]), str(n))
    return table
