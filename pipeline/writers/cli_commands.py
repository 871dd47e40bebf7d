"""The `dataset` and `report` commands; the lead registers them on the app in pipeline/cli.py.

They stay thin: parse arguments, call the writer, print what happened. Skipped records are printed
but do not fail the command, since one bad file should not hold back the tables for the rest; a
folder with no valid record at all is a usage error (exit 2) rather than an empty result.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, cast

import typer

from pipeline.writers.csvfile import STYLES, CsvDialect

if TYPE_CHECKING:  # the writers (pyarrow, duckdb, plotly) load when their command runs, not at start-up
    from pipeline.writers.load import Rejected

RecordsDir = Annotated[
    Path,
    typer.Argument(help="Directory of record JSON files (e.g. output/records).", exists=True, file_okay=False),
]


def dataset(
    records_dir: RecordsDir,
    out: Annotated[Path, typer.Option("-o", "--out", help="Directory to write the tables into.")] = Path(
        "output/datasets"
    ),
    csv_dialect: Annotated[
        str,
        typer.Option(
            "--csv-dialect",
            help="standard (`,` and decimal point) or excel-da (`;` and decimal comma, for Danish Excel).",
        ),
    ] = "standard",
) -> None:
    """Build analyst tables (Parquet, CSV, XLSX, DuckDB with views) from a directory of records."""
    from pipeline.writers.datasets import build_datasets
    from pipeline.writers.load import NoRecordsError

    if csv_dialect not in STYLES:
        raise typer.BadParameter(f"choose one of {', '.join(STYLES)}", param_hint="--csv-dialect")
    try:
        result = build_datasets(records_dir, out, cast(CsvDialect, csv_dialect))
    except NoRecordsError as exc:
        _fail(exc)
    _echo_rejected(result.load.rejected)
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in result.tables.items())
    typer.echo(f"{len(result.load.loaded)} records, {len(result.tables.agreements)} distinct agreements → {counts}")
    typer.echo(f"wrote {len(result.written)} files to {out} in {result.seconds:.2f} s")


def report(
    records_dir: RecordsDir,
    out: Annotated[Path, typer.Option("-o", "--out", help="HTML file to write.")] = Path("output/report.html"),
) -> None:
    """Write one self-contained HTML report comparing the helhedsplaner in a directory of records."""
    from pipeline.writers.load import NoRecordsError
    from pipeline.writers.report import write_report

    try:
        result = write_report(records_dir, out)
    except NoRecordsError as exc:
        _fail(exc)
    _echo_rejected(result.load.rejected)
    typer.echo(f"{len(result.load.loaded)} records → {out} ({result.size_bytes / 1e6:.1f} MB)")


def _fail(exc: Exception) -> NoReturn:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2) from exc


def _echo_rejected(rejected: list[Rejected]) -> None:
    for item in rejected:
        typer.echo(f"skipped {item.path.name}: {item.reason}", err=True)
