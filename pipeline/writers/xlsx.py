"""The XLSX workbook for Excel users: one sheet per table, then the database's views as sheets.

Each sheet has a bold, filled, frozen header row with an autofilter, columns sized to their content
and long text wrapped, so it reads without any fiddling. Text is always text, never a formula: the
documents are untrusted. Dates are Excel dates, numbers numbers, booleans booleans.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pyarrow as pa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

logger = logging.getLogger(__name__)

XLSX_MAX_CELL = 32_767  # Excel refuses longer cell text
SHEET_NAME_CHARS = 31  # Excel's limit on sheet names
WRAP_CHARS = 60  # text longer than this is wrapped in a column this wide
MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE_ROWS = 200  # enough rows to size a column; measuring all of a large archive costs time
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5496")
WRAP = Alignment(wrap_text=True, vertical="top")


def write_xlsx(sheets: dict[str, pa.Table], path: Path) -> Path:
    """Write every table as a styled sheet, in the given order."""
    workbook = Workbook(write_only=True)
    for name, table in sheets.items():
        sheet = workbook.create_sheet(title=name[:SHEET_NAME_CHARS])
        rows = table.to_pylist()
        columns = table.column_names
        for index, width in enumerate(_widths(columns, rows), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        if columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
        sheet.append([_header(sheet, column) for column in columns])
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row.values()])
    workbook.save(path)
    return path


def _widths(columns: list[str], rows: list[dict]) -> list[float]:
    """Header or longest sampled value, in characters, within bounds; wrapped text gets the widest column."""
    widths = []
    for column in columns:
        longest = max((len(str(r[column])) for r in rows[:WIDTH_SAMPLE_ROWS] if r[column] is not None), default=0)
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, len(column) + 2, longest + 1)))
    return widths


def _header(sheet: WriteOnlyWorksheet, name: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=name)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    """Clean text of characters XLSX forbids; keep text starting "=" as text; wrap long text.

    Only those cells get a cell object: wrapping every value would double the time of the largest writer.
    """
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(text) > XLSX_MAX_CELL:
        logger.warning("cell text cut to %d characters for XLSX", XLSX_MAX_CELL)
        text = text[:XLSX_MAX_CELL]
    long = len(text) > WRAP_CHARS or "\n" in text
    if not long and not text.startswith("="):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if long:
        cell.alignment = WRAP
    return cell
