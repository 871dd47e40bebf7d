"""Command line: `helhedsplan extract|check|schema|repair-text|dataset|report`. Thin: parse options,
call the library, print. Exit codes: 0 all well, 1 some file failed (or a finding at --fail-on), 2 usage
or unreadable input."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from models import Record
from pipeline.batch import discover, process_file
from pipeline.writers.cli_commands import dataset, report

app = typer.Typer(
    help="Turn LBF helhedsplan agreements (DOCX, PDF, scanned PDF, text) into validated JSON records.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)

app.command(help="Build analyst tables (Parquet, CSV, XLSX, DuckDB) from a folder of records.")(dataset)
app.command(help="Write a self-contained HTML report comparing the helhedsplaner in a folder of records.")(report)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Agreement files or folders (searched recursively).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder; records go to OUT/records/.")] = Path(
        "output"
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Extract one JSON record per input file into OUT/records/<input stem>.json."""
    files = list(discover(paths))
    missing = [p for p in files if not p.exists()]
    for p in missing:
        err.print(f"[red]error[/red] {p}: no such file or folder")
    files = [p for p in files if p.exists()]
    if not files and not missing:
        err.print("[yellow]no agreement files found[/yellow] (supported: .docx .doc .pdf .txt .md)")
        raise typer.Exit(2)
    failed = len(missing)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=err, disable=quiet or not err.is_terminal) as progress:
        task = progress.add_task("extracting", total=len(files))
        for path in files:
            result = process_file(path, out)
            if not result.ok:
                failed += 1
                err.print(f"[red]error[/red] {result.error}")
            progress.advance(task)
    ok = len(files) + len(missing) - failed
    err.print(f"{ok} ok, {failed} failed → {out / 'records'}")
    raise typer.Exit(1 if failed else 0)


@app.command()
def schema() -> None:
    """Print the record's JSON Schema (generated from the Pydantic models)."""
    typer.echo(json.dumps(Record.model_json_schema(), indent=2, ensure_ascii=False))


@app.command("repair-text")
def repair_text_cmd(
    file: Annotated[Path, typer.Argument(help="An OCR'd text file with mangled æøå.", exists=True, dir_okay=False)],
) -> None:
    """Print FILE with OCR-mangled Danish letters repaired (Bgrn → Børn, omradet → området)."""
    from extractors.text import read_text
    from pipeline.repair import repair_text

    result = repair_text(read_text(file))
    sys.stdout.write(result.text)
    err.print(f"{result.tokens_changed} tokens changed")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
