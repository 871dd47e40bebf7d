"""Write the analyst tables as Parquet, CSV, one XLSX workbook and a DuckDB database.

Each format serves a different reader (Parquet for notebooks, CSV for anything, XLSX for Excel users,
DuckDB for SQL with ready views); all are written from the same Arrow tables, whose schema comes from
the row models, so an empty table still has its columns and every format agrees on types.
"""

from __future__ import annotations

import time
import types
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, Union, get_args, get_origin

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from pipeline.writers.csvfile import CsvDialect, write_csv
from pipeline.writers.database import write_duckdb
from pipeline.writers.flatten import Tables, records_to_tables
from pipeline.writers.load import LoadResult, load_records
from pipeline.writers.rows import TABLE_MODELS
from pipeline.writers.xlsx import write_xlsx

XLSX_NAME = "helhedsplan.xlsx"
DUCKDB_NAME = "helhedsplan.duckdb"
_ARROW_TYPES: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    date: pa.date32(),
}


@dataclass(frozen=True)
class DatasetResult:
    """What `build_datasets` read and wrote, for the CLI to report."""

    load: LoadResult
    tables: Tables
    written: list[Path]
    seconds: float


def build_datasets(records_dir: Path, out_dir: Path, csv_dialect: CsvDialect = "standard") -> DatasetResult:
    """Load and validate records, flatten them and write every format under `out_dir`.

    The database is written first: its views become sheets of the workbook.
    """
    started = time.perf_counter()
    load = load_records(records_dir)
    tables = records_to_tables(load.loaded)
    arrow = to_arrow(tables)
    out_dir.mkdir(parents=True, exist_ok=True)
    views = write_duckdb(arrow, out_dir / DUCKDB_NAME)
    written = [
        out_dir / DUCKDB_NAME,
        *write_parquet(arrow, out_dir / "parquet"),
        *write_csv(arrow, out_dir / "csv", csv_dialect),
        write_xlsx({**arrow, **views}, out_dir / XLSX_NAME),
    ]
    return DatasetResult(load, tables, written, time.perf_counter() - started)


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """Map a flat row model to Arrow: `X | None` is a nullable X, a Literal of strings is a string."""
    fields = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        nullable = False
        if get_origin(annotation) in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            nullable = len(args) < len(get_args(annotation))
            (annotation,) = args
        if get_origin(annotation) is Literal:
            annotation = type(get_args(annotation)[0])
        fields.append(pa.field(name, _ARROW_TYPES[annotation], nullable=nullable))
    return pa.schema(fields)


def to_arrow(tables: Tables) -> dict[str, pa.Table]:
    """One Arrow table per analyst table, typed by its row model."""
    return {
        name: pa.Table.from_pylist([row.model_dump() for row in rows], schema=arrow_schema(TABLE_MODELS[name]))
        for name, rows in tables.items()
    }


def write_parquet(arrow: dict[str, pa.Table], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in arrow.items():
        path = directory / f"{name}.parquet"
        pq.write_table(table, path)
        paths.append(path)
    return paths
