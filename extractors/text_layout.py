"""`pdftotext -layout` text → blocks in the DOCX shape: tables rebuilt from whitespace-aligned columns.

`-layout` prints each PDF line at its horizontal position, so a table's cells stand side by side, each
wrapped within its column over several lines, and pages are parted by form feeds. The table borders are
gone; what is left is geometry in characters:

- columns: text chunks (runs of words parted by two or more spaces) start at the same few positions on
  consecutive lines; a run of lines with several chunks is a table, its columns the positions that recur
  (give or take a few characters, as pdftotext rounds each line separately). A two-column table is the
  label-left layout (label cell | value cell, the value wrapped in its column under its first line); it
  needs more lines side by side than a wider table, since two chunks alone can be a gap in prose;
- rows: cells are top-aligned, so a new row starts on a line where several columns begin new text after
  a line on which they were empty; a column whose text simply goes on is still the row above (a cell
  merged down, as the leftmost Delmål/Mål cell usually is, runs on past the next row's start);
- page furniture: a bare page number or a line repeated at the top or foot of most pages is dropped, so a
  table continued on the next page stays one table.

Lines outside tables are handed on as the flat text reader reads them (the value builder knows which
line breaks are wraps). Word's list glyphs arrive as "•" followed by a layout gap, which is not a column.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.text_wraps import (
    FIT_SLACK,
    MIN_WRAP_WIDTH,
    cell_paragraphs,
    printed_width,
    right_margin,
    wrapped_paragraphs,
)
from models import Block
from pipeline.broken_words import rejoin_broken_words
from pipeline.bullets import BULLET, glyph_class, normalise_bullet
from pipeline.linebreaks import join_wrapped

COLUMN_TOLERANCE = 3  # characters a column's left edge wanders between lines
MIN_TABLE_CHUNKS = 2  # a table row line has at least this many side-by-side chunks
MIN_TABLE_LINES = 2  # ...and a table at least this many such lines
MIN_PAIR_LINES = 3  # ...or, with only two columns (label | value, which a gap in prose can fake), this many
_CHUNK = re.compile(rf"(?:{glyph_class()}\s+)?\S+(?: \S+)*")  # a list glyph and the gap after it are one chunk
_GAP = re.compile(r"\S {3,}\S")
_FIGURES = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^\s*(?:(?:side|page)\s*)?-?\s*\d{1,3}\s*-?(?:\s*(?:af|/|of)\s*\d{1,3})?\s*$", re.IGNORECASE)


def is_layout(text: str) -> bool:
    """Form feeds between pages, or many lines whose words stand apart in columns."""
    lines = text.split("\n")
    return "\f" in text or sum(1 for ln in lines if _GAP.search(ln.strip())) >= 5


@dataclass
class _Chunk:
    start: int
    end: int
    text: str


def layout_lines(text: str) -> tuple[list[str], list[int]]:
    """The document's lines, pages joined, page furniture removed; and the page number of each line."""
    pages = [page.split("\n") for page in text.split("\f")]
    furniture = _running_lines(pages)
    out: list[str] = []
    page_of: list[int] = []
    for number, page in enumerate(pages):
        lines = [ln.rstrip() for ln in page]
        kept = [ln for k, ln in enumerate(lines) if not _is_furniture(lines, k, furniture)]
        while out and not out[-1].strip():
            out.pop()
            page_of.pop()
        while kept and not kept[0].strip():
            kept.pop(0)
        out.extend(kept)
        page_of.extend([number] * len(kept))
    return out, page_of


def _edge_indices(lines: list[str], depth: int = 2) -> set[int]:
    filled = [k for k, ln in enumerate(lines) if ln.strip()]
    return set(filled[:depth] + filled[-depth:])


def _running_key(line: str) -> str:
    """A line as its running header or footer recurs: its figures masked (a page number, "3/11", a date) and
    its gaps closed (each page is laid on its own grid, so a centred title stands a few characters off)."""
    return _FIGURES.sub("#", " ".join(line.split()))


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Texts standing at the top or foot of at least half the pages (running headers and footers), as
    `_running_key` gives them."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_running_key(page[k]) for k in _edge_indices(page)})
    return {t for t, n in counts.items() if t and n >= max(2, len(pages) // 2)}


def _is_furniture(lines: list[str], k: int, running: set[str]) -> bool:
    if k not in _edge_indices(lines):
        return False
    text = lines[k].strip()
    return bool(text) and (_running_key(text) in running or _PAGE_NUMBER.match(text) is not None)


def _chunks(line: str) -> list[_Chunk]:
    return [_Chunk(m.start(), m.end(), m.group()) for m in _CHUNK.finditer(line)]


def layout_blocks(text: str) -> list[Block]:
    """Blocks of a layout text: table regions as rows, the lines between them as paragraphs."""
    lines, page_of = layout_lines(text)
    regions: list[tuple[bool, list[str]]] = []  # (is a table, its lines), in order
    tables: list[list[int]] = []  # the page of each line of each table region
    k = 0
    while k < len(lines):
        end = _table_end(lines, page_of, k)
        if end > k:
            regions.append((True, lines[k:end]))
            tables.append(page_of[k:end])
            k = end
        else:
            if not regions or regions[-1][0]:
                regions.append((False, []))
            regions[-1][1].append(lines[k])
            k += 1
    width = right_margin([ln for is_table, part in regions if not is_table for ln in part])
    blocks: list[Block] = []
    pages = iter(tables)
    for is_table, part in regions:
        if is_table:
            blocks.extend(_table_rows(part, next(pages)))
        else:
            blocks.extend(Block(text=normalise_bullet(p)) for p in wrapped_paragraphs(part, width))
    return blocks


def _table_end(lines: list[str], page_of: list[int], start: int) -> int:
    """End (exclusive) of the table starting at `start`, or `start` when no table starts there. Each page
    lays the columns out anew (pdftotext places every page on its own grid), so they are measured per page."""
    if len(_chunks(lines[start])) < MIN_TABLE_CHUNKS:
        return start
    columns = _columns(_page_lines(lines, page_of, start))
    if len(columns) < 2:
        return start
    k = start
    wide = 0
    while k < len(lines) and lines[k].strip():
        if k > start and page_of[k] != page_of[k - 1]:
            columns = _continued(_page_lines(lines, page_of, k), columns)
        if not _fits(_chunks(lines[k]), columns):
            break
        wide += len(_chunks(lines[k])) >= 2
        k += 1
    return k if wide >= (MIN_PAIR_LINES if len(columns) == 2 else MIN_TABLE_LINES) else start


def _page_lines(lines: list[str], page_of: list[int], start: int) -> list[str]:
    """The table lines from `start` on, as far as they stand on the same page."""
    end = start
    while end < len(lines) and page_of[end] == page_of[start] and lines[end].strip():
        end += 1
    return lines[start:end]


def _continued(lines: list[str], above: list[int]) -> list[int]:
    """A table's columns on a page it runs on to, from that page's `lines`: the page's own, and for each
    column of the page before that they do not show (one line of the page alone starts text there, or
    none), the chunk start between its neighbours nearest to where it stood, else that place (each page
    is laid on its own grid, so positions shift a few characters between pages)."""
    page = _columns(lines)
    if not page:
        return above
    index = _match_columns(page, above)
    starts = sorted({c.start for ln in lines for c in _chunks(ln)})
    out = list(page)
    for j, left in enumerate(above):
        if j in index:
            continue
        before = [i for i, m in enumerate(index) if m < j]
        after = [i for i, m in enumerate(index) if m > j]
        low = page[before[-1]] if before else -1
        high = page[after[0]] if after else 10**6
        shift = page[before[-1]] - above[index[before[-1]]] if before else 0
        inside = [s for s in starts if low + COLUMN_TOLERANCE < s < high - COLUMN_TOLERANCE]
        out.append(min(inside, key=lambda s: abs(s - left - shift)) if inside else left + shift)
    return sorted(out)


def _columns(lines: list[str]) -> list[int]:
    """Left edges of the columns: chunk starts that recur on the lines with several chunks."""
    starts = sorted(c.start for ln in lines if len(_chunks(ln)) >= 2 for c in _chunks(ln))
    clusters: list[list[int]] = []
    for s in starts:
        if clusters and s - clusters[-1][-1] <= COLUMN_TOLERANCE:
            clusters[-1].append(s)
        else:
            clusters.append([s])
    return [min(c) for c in clusters if len(c) >= 2]


def _column_of(chunk: _Chunk, columns: list[int]) -> int:
    index = 0
    for i, left in enumerate(columns):
        if left <= chunk.start + COLUMN_TOLERANCE:
            index = i
    return index


def _fits(chunks: list[_Chunk], columns: list[int]) -> bool:
    """Every chunk stays inside its column (prose running across the columns is not table text)."""
    if not chunks:
        return False
    for chunk in chunks:
        i = _column_of(chunk, columns)
        if abs(columns[i] - chunk.start) > COLUMN_TOLERANCE and i + 1 < len(columns):
            return False  # starts in the middle of a column
        if i + 1 < len(columns) and chunk.end > columns[i + 1] + COLUMN_TOLERANCE:
            return False
    return True


def _table_rows(lines: list[str], page_of: list[int]) -> list[Block]:
    """The rows of one table region: lines cut into column cells (columns measured per page and matched to
    the first page's), lines grouped into rows."""
    columns = _columns([ln for ln, page in zip(lines, page_of, strict=True) if page == page_of[0]])
    grid: list[list[str]] = []  # per line, the text of each column ("" where the column is empty)
    here = columns
    for page in dict.fromkeys(page_of):
        page_lines = [ln for ln, p in zip(lines, page_of, strict=True) if p == page]
        here = _continued(page_lines, here) if page != page_of[0] else columns
        index = _match_columns(here, columns)
        for ln in page_lines:
            cells = [""] * len(columns)
            for chunk in _chunks(ln):
                i = index[_column_of(chunk, here)]
                cells[i] = f"{cells[i]} {chunk.text}".strip()
            grid.append(cells)
    labels = len(columns) == 2  # label | value: the label cell is one heading, wrapped in its narrow column
    room = [max(len(cells[i]) for cells in grid) for i in range(len(columns))]
    printed = [max(printed_width(cells[i]) for cells in grid) for i in range(len(columns))]
    rows: list[list[list[str]]] = []
    merged_on = False  # the first column's text still belongs to the row above (a cell merged down)
    for k, cells in enumerate(grid):
        above = grid[k - 1] if k else None
        if above is None or (_starts_pair_row(cells, above) if labels else _starts_row(cells, above, room)):
            rows.append([[] for _ in columns])
            merged_on = bool(cells[0]) and len(rows) > 1 and above is not None and _goes_on(above[0], cells[0])
        for i, cell in enumerate(cells):
            if not cell:
                merged_on = merged_on and i != 0
                continue
            (rows[-2] if i == 0 and merged_on else rows[-1])[i].append(cell)
    return [
        Block(
            kind="row",
            cells=[
                _label_text(c) if labels and i == 0 else _cell_text(c, room[i], printed[i]) for i, c in enumerate(row)
            ],
        )
        for row in rows
    ]


def _match_columns(page: list[int], reference: list[int]) -> list[int]:
    """For each of a page's columns, the reference column it is: the nearest one, keeping their order."""
    out: list[int] = []
    for left in page:
        lowest = out[-1] + 1 if out else 0
        candidates = range(min(lowest, len(reference) - 1), len(reference))
        out.append(min(candidates, key=lambda i: abs(reference[i] - left)))
    return out


def _cell_text(lines: list[str], room: int, printed: float) -> str:
    """A cell's lines, words the column broke mended. In a column as wide as a page's text (`room`
    characters: a label | value table's value column) its wraps are joined by the PDF reader's rule for
    cells (`text_wraps.cell_paragraphs`, `printed` the printed width of the column's widest line); a narrower
    column gives too little room to tell a wrap from a typed line break by width, so there they are left
    as line breaks, for the value builder."""
    if room >= MIN_WRAP_WIDTH:
        lines = cell_paragraphs(lines, printed)
    return rejoin_broken_words("\n".join(normalise_bullet(ln) for ln in lines))


def _label_text(lines: list[str]) -> str:
    """A label cell's lines as the one paragraph the template's label is ("Revision af delaftalen" /
    "(Eventuelle reviderede aftaler" / … / "ajourførte delaftaler):"), so its heading is read whole."""
    text = ""
    for line in lines:
        text = join_wrapped(text, line) if text else line
    return text


def _goes_on(above: str, cell: str) -> bool:
    """The text continues the line above it (a lower-case start or a line broken after a hyphen/comma)."""
    return bool(above) and (cell[:1].islower() or above.endswith(("-", ",")))


def _starts_row(cells: list[str], above: list[str], room: list[int]) -> bool:
    """Cells are top-aligned: a new row begins where columns start new text below an empty line in them
    (two, or one and a column opening like a new cell: upper case or a digit, the line above ending a
    phrase), and these outnumber the columns going on in lower case; or where every column is filled on
    both lines and none wraps on: each either opens like a new cell or its line above ended short of the
    column's width (`room`, its widest line), so the cell's first word would have fitted there (a one-line
    header row over a row of new cells, "Ugedag og tid" / "mandag og onsdag …")."""
    filled = [i for i, c in enumerate(cells) if c]
    fresh = [i for i in filled if not above[i]]
    going_on = [i for i in filled if above[i] and not (i == 0 and _goes_on(above[0], cells[0]))]
    opening = [i for i in going_on if _opens(above[i], cells[i])]
    if len(fresh) + min(len(opening), 1) >= 2 and len(fresh) + len(opening) > len(going_on) - len(opening):
        return True
    # every column filled again, none wrapping on
    return (
        len(filled) == len(cells)
        and all(above)
        and all(_ended(above[i], cells[i], room[i]) or _opens(above[i], cells[i]) for i in filled)
    )


def _starts_pair_row(cells: list[str], above: list[str]) -> bool:
    """In a label | value table a row starts with a label: on a line where the label column had no text, or
    after a label line that ended the label (":", "."), with the value opening like a new cell there (a
    label goes on over capitalised words: "fremsendes til" / "Landsbyggefonden, men")."""
    label, value = cells
    if not label:
        return False
    if not above[0]:
        return True
    return above[0].endswith((":", ".")) and (not value or not above[1] or _capital_start(value))


def _ended(above: str, cell: str, room: int) -> bool:
    """The line above would have had room for the cell's first word: it ended its paragraph there."""
    return len(above) + 1 + len(cell.split()[0]) <= room - FIT_SLACK


def _opens(above: str, cell: str) -> bool:
    return _capital_start(cell) and not above.endswith(("-", ",", "/"))


def _capital_start(cell: str) -> bool:
    """The cell text opens like a new cell: upper case or a digit, also after a list glyph ("• Afdeling…")."""
    first = normalise_bullet(cell).removeprefix(BULLET)[:1]
    return first.isupper() or first.isdigit()
