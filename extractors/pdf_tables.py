"""Ruled tables of a PDF text layer read into rows of cells, tables nested in a cell included.

pdfplumber's table finder returns every ruled grid of the page: a table set inside a cell of another (a
schedule in "Indhold og praksis") as well as the table around it, whose cell then holds the schedule's
glyphs too. Only the outermost tables become items. A nested table is read where it stands in its cell,
a row a line (pipeline.paragraphs.row_lines: short cells joined by " – "), and a cell that holds nothing
but a table gives that table's rows after its own row: the blocks the DOCX extractor makes of the same
agreement.
"""

from __future__ import annotations

from typing import Any

from pdfplumber.table import Table
from pdfplumber.utils.text import chars_to_textmap

from extractors.pdf_items import PdfRow, PdfTable
from extractors.pdf_wraps import CellText, GlyphLine, glyph_line, joined, paragraphs
from pipeline.bullets import normalise_bullet
from pipeline.paragraphs import row_lines

Box = tuple[float, float, float, float]


def table_items(tables: list[Table], chars: list[dict[str, Any]], page: int) -> list[PdfTable]:
    """One item per outermost table of the page, in the finder's order."""
    return [
        _table_item(table, [char for char in chars if _inside(char, table.bbox)], page, _within(table.bbox, tables))
        for table in _outermost(tables)
    ]


def _table_item(table: Table, chars: list[dict[str, Any]], page: int, nested: list[Table]) -> PdfTable:
    """Cells keep their own line breaks; merged-cell gaps (None) become empty strings.

    `chars` holds only the glyphs inside the table: pdfplumber tests every glyph of its page against
    every row, which on a full page costs more than reading it.
    """
    rows = []
    for row in table.rows:
        read, after = [], []
        for cell in row.cells:
            text, grid_rows = cell_text(cell, chars, page, nested)
            read.append(text)
            after.extend(grid_rows)
        rows.append(PdfRow([cell.text for cell in read], page, tuple(row.bbox), read=read))
        rows.extend(after)
    columns = tuple(sorted({round(column.bbox[0], 1) for column in table.columns}))
    return PdfTable(rows=rows, page=page, top=float(table.bbox[1]), columns=columns)


def cell_text(
    cell: Box | None, chars: list[dict[str, Any]], page: int, nested: list[Table]
) -> tuple[CellText, list[PdfRow]]:
    """A cell's paragraphs, one per line, wraps joined, with the rows of the tables nested in it in their
    places; the cell's inner width is the room its lines had (its right padding taken as wide as its
    left). A cell holding only tables is empty and gives their rows. Merged-cell gaps (None) are empty."""
    if cell is None:
        return CellText(""), []
    inner = _outermost(_within(cell, nested))
    inside = [char for char in chars if _in_cell(char, cell)]
    free = [char for char in inside if not any(_inside(char, table.bbox) for table in inner)]
    read = [
        (line, raw)
        for raw in (chars_to_textmap(free).extract_text_lines(return_chars=True) if free else [])
        if (line := glyph_line(normalise_bullet(raw["text"].strip()), raw["chars"])) is not None
    ]
    grids = [_table_item(table, inside, page, _within(table.bbox, nested)) for table in inner]
    if not read:
        return CellText(""), [row for grid in grids for row in grid.rows]
    lines = [line for line, _ in read]
    right = cell[2] - (min(line.x0 for line in lines) - cell[0])
    parts: list[str] = []
    run: list[GlyphLine] = []
    events = sorted(
        [(float(raw["top"]), line) for line, raw in read] + [(grid.top, grid) for grid in grids], key=lambda e: e[0]
    )
    for _, event in events:
        if isinstance(event, GlyphLine):
            run.append(event)
            continue
        parts.extend(_paragraph_texts(run, right))
        run = []
        parts.extend(line for row in event.rows for line in row_lines(row.cells))
    parts.extend(_paragraph_texts(run, right))
    first = lines[0] if isinstance(events[0][1], GlyphLine) else None
    last = lines[-1] if isinstance(events[-1][1], GlyphLine) else None
    bottom = max([float(read[-1][1]["bottom"])] + [max(row.bbox[3] for row in grid.rows if row.bbox) for grid in grids])
    height = float(read[-1][1]["bottom"]) - float(read[-1][1]["top"])
    return CellText("\n".join(parts), first, last, right, bottom=bottom, line_height=height), []


def _paragraph_texts(lines: list[GlyphLine], right: float) -> list[str]:
    return (
        [joined(group, right, mend_cut_words=True) for group in paragraphs(lines, right, capital_ends=True)]
        if lines
        else []
    )


def _outermost(tables: list[Table]) -> list[Table]:
    """The tables that lie in no other of `tables`."""
    return [
        table
        for table in tables
        if not any(other is not table and _contains(other.bbox, table.bbox) for other in tables)
    ]


def _within(box: Box, tables: list[Table]) -> list[Table]:
    """The tables that lie inside `box` (and are not the box's own table)."""
    return [table for table in tables if tuple(table.bbox) != tuple(box) and _contains(box, table.bbox)]


def _contains(outer: Box, inner: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _inside(char: dict[str, Any], box: Box) -> bool:
    """The glyph's centre lies in the box, edges included."""
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _in_cell(char: dict[str, Any], cell: Box) -> bool:
    """pdfplumber's own test: the glyph's centre lies in the cell (right and bottom edges excluded)."""
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return cell[0] <= x < cell[2] and cell[1] <= y < cell[3]
