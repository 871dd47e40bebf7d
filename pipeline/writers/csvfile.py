"""CSV for anything: UTF-8 with a BOM, in the standard dialect or the one Danish Excel reads.

Excel opens a CSV without a BOM as the local code page and garbles æøå, and a Danish Excel splits
on ";" and reads "81,1" as a number but "81.1" as text, so `excel-da` writes that. Cells starting
with =, +, -, @, tab or CR would run as formulas in a spreadsheet (the documents are untrusted), so
they are neutralised with a leading apostrophe as OWASP's CSV-injection rule says.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the CLI imports the dialect names at start-up; pyarrow loads with the writers
    import pyarrow as pa

CsvDialect = Literal["standard", "excel-da"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class _Style:
    delimiter: str
    decimal: str


STYLES: dict[str, _Style] = {"standard": _Style(",", "."), "excel-da": _Style(";", ",")}


def neutralise(text: str) -> str:
    """A leading apostrophe makes a spreadsheet show the cell as text instead of evaluating it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(arrow: dict[str, pa.Table], directory: Path, dialect: CsvDialect = "standard") -> list[Path]:
    """One file per table with a header row; null is an empty field, dates are ISO (YYYY-MM-DD)."""
    style = STYLES[dialect]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in arrow.items():
        path = directory / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=style.delimiter)
            writer.writerow(table.column_names)
            for row in table.to_pylist():
                writer.writerow([_cell(value, style) for value in row.values()])
        paths.append(path)
    return paths


def _cell(value: object, style: _Style) -> object:
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, float):
        return repr(value).replace(".", style.decimal)
    if isinstance(value, date):
        return value.isoformat()
    return value
