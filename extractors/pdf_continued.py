"""Tables continued over a page break: joined into one, and a row the break cut in two made whole again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from extractors.pdf_items import POSITION_TOLERANCE, PdfItem, PdfRow, PdfTable
from extractors.pdf_wraps import CellText, goes_on, join_cut_cell
from pipeline.linebreaks import undo_hyphenation

# A cell whose text ended more than this many lines above the fullest cell of its row was complete
# before the page break (widow and orphan control may leave a cut cell one line short).
CUT_ROOM_LINES = 1.5


def join_continued_tables(items: Iterable[PdfItem]) -> list[PdfItem]:
    """Join a table that goes on at the top of the next page onto the one that ended the page before; a
    tentative one-row table at a page's foot that nothing continues is read as its lines again."""
    joined: list[PdfItem] = []
    for item in items:
        previous = joined[-1] if joined else None
        if isinstance(item, PdfTable) and isinstance(previous, PdfTable) and _continues(previous, item):
            _append_rows(previous, _widened(item, previous.columns).rows)
            previous.fallback = None
            continue
        if isinstance(previous, PdfTable) and previous.fallback is not None:
            joined[-1:] = previous.fallback
        joined.append(item)
    if joined and isinstance(joined[-1], PdfTable) and joined[-1].fallback is not None:
        joined[-1:] = joined[-1].fallback
    return joined


def _continues(previous: PdfTable, table: PdfTable) -> bool:
    """The next page's first table goes on with the same columns. One that opens with the same label as
    the previous one ("Aktivitetsnavn:", alone or beside another activity's name) is the template's next
    schema, not a continuation: a repeated header row has several column headings, all the same."""
    first, opening = (table.rows[0].cells, previous.rows[0].cells) if table.rows else ([], [])
    if first and first[0] and first[0] == opening[0] and (first != opening or sum(map(bool, first)) < 2):
        return False
    if table.page != previous.rows[-1].page + 1:
        return False
    if not table.ruled and len(table.columns) == len(previous.columns) - 1:
        return _slots(table.columns, previous.columns) is not None
    return len(table.columns) == len(previous.columns) and all(
        abs(a - b) <= POSITION_TOLERANCE for a, b in zip(table.columns, previous.columns, strict=True)
    )


def _slots(columns: tuple[float, ...], wider: tuple[float, ...]) -> list[int] | None:
    """Where each of `columns` stands among the `wider` table's columns, or None if one stands in none."""
    slots = [
        next((index for index, edge in enumerate(wider) if abs(edge - column) <= POSITION_TOLERANCE), -1)
        for column in columns
    ]
    return None if -1 in slots or slots != sorted(set(slots)) else slots


def _widened(table: PdfTable, columns: tuple[float, ...]) -> PdfTable:
    """A table without rules read with a column less than its part before the break (the column, empty on
    this page, left no gap of its own) gets its cells in the columns they stand in, the other empty."""
    slots = _slots(table.columns, columns) if len(table.columns) == len(columns) - 1 else None
    if slots is None:
        return table
    rows = []
    for row in table.rows:
        cells, read = [""] * len(columns), [CellText("")] * len(columns)
        for slot, cell, text in zip(slots, row.cells, row.read or [CellText(c) for c in row.cells], strict=True):
            cells[slot], read[slot] = cell, text
        rows.append(replace(row, cells=cells, read=read))
    return replace(table, rows=rows, columns=columns)


def _append_rows(table: PdfTable, rows: list[PdfRow]) -> None:
    """Add a continuation's rows, dropping a repeated header row and merging a row split by the break."""
    if rows and rows[0].cells == table.rows[0].cells:
        rows = rows[1:]
    last = table.rows[-1]
    if rows and len(rows[0].cells) == len(last.cells):
        if _starts_new_row(last, rows[0]):
            _carry_cut_cells(last, rows[0])
        elif _is_split_row(last.cells, rows[0].cells) or _wraps_over(last, rows[0]):
            last.cells = _join_cut_row(last, rows[0])
            last.words += rows[0].words
            rows = rows[1:]
    table.rows.extend(rows)


def _starts_new_row(head: PdfRow, tail: PdfRow) -> bool:
    """The next page opens with a row of its own, not the rest of the row the page ended with.

    A row cut by the break goes on only in cells filled down to the break; a cell with text on the new
    page whose cell above ended lines short of the break (or held nothing in a row of several lines) is
    a new row's. Its first cells may still be empty or open mid-sentence: a cell merged down over rows
    (the template's Delmål) continues over the break beside the new row.
    """
    if head.read is None or tail.read is None or head.bbox is None:
        return False
    filled = _filled_to(head)
    return any(
        below.text and filled - _text_end(above, head) > CUT_ROOM_LINES * below.line_height
        for above, below in zip(head.read, tail.read, strict=True)
    )


def _text_end(cell: CellText, row: PdfRow) -> float:
    """Where a cell's text ends; an empty cell's at the top of its row. An OCR'd cell carries that top
    itself, in the upright scan's points its text is measured in (the row's box is the PDF page's)."""
    return cell.bottom if cell.text or cell.bottom else row.bbox[1] if row.bbox else 0.0


def _wraps_over(head: PdfRow, tail: PdfRow) -> bool:
    """Most cells with text on both pages go on as their paragraph would over a wrap ("Flere børn i" /
    "Hvedemarken og …", "Andel 1-5-årige i" / "dagtilbud", "LBF Boligsociale" / "data"): a row the break
    cut although its first cell opens with a capital."""
    if head.read is None or tail.read is None:
        return False
    both = [(above, below) for above, below in zip(head.read, tail.read, strict=True) if above.text and below.text]
    return 2 * sum(goes_on(above, below) for above, below in both) > len(both)


def _carry_cut_cells(head: PdfRow, tail: PdfRow) -> None:
    """Move the rest of a merged cell that the break cut (filled to the break, its paragraph going on
    at the top of the new page) back into its cell above, as the DOCX has it."""
    if head.read is None or tail.read is None:
        return
    filled = _filled_to(head)
    for index, (above, below) in enumerate(zip(head.read, tail.read, strict=True)):
        cut = above.text and filled - above.bottom <= CUT_ROOM_LINES * above.line_height
        if cut and below.text and goes_on(above, below):
            head.cells[index] = join_cut_cell(above, below)
            tail.cells[index] = ""
            tail.read[index] = CellText("")


def _filled_to(row: PdfRow) -> float:
    """How far down the row's text reaches: the bottom of its fullest cell."""
    return max((cell.bottom for cell in row.read or [] if cell.text), default=row.bbox[1] if row.bbox else 0.0)


def _is_split_row(previous: list[str], row: list[str]) -> bool:
    """A row broken by the page break has its first cell empty under a label written before the break
    ("Indhold og praksis:"), opens mid-sentence, or goes on with a list that the row before the break
    ended with. A first cell empty on both pages says nothing: it is a cell merged down over the rows
    (the template's Delmål), beside a new row ("Drenge 5,4 %" / "Piger 1,1 %") as often as a cut one."""
    first = row[0].strip() if row else ""
    if not first:
        return bool(previous and previous[0].strip())
    if first[:1].islower():
        return True
    last_line = previous[0].rsplit("\n", 1)[-1] if previous else ""
    return first.startswith("• ") and last_line.startswith("• ")


def _join_cut_row(head: PdfRow, tail: PdfRow) -> list[str]:
    """The cells of a row a page break cut in two, each joined with its continuation."""
    if head.read is not None and tail.read is not None:
        return [join_cut_cell(a, b) for a, b in zip(head.read, tail.read, strict=True)]
    return [_join_cell(a, b) for a, b in zip(head.cells, tail.cells, strict=True)]


def _join_cell(head: str, tail: str) -> str:
    if head and tail:
        return undo_hyphenation(f"{head}\n{tail}")
    return head or tail
