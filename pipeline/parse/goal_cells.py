"""Cell texts of a goals table as the parser reads them, and the row shapes conversions leave.

A cell keeps its line breaks (a baseline cell lists one area or målgruppe per line) except where a
narrow column broke a word at a hyphen ("30-" / "64 år", "ungdoms-" / "uddannelse"). Conversions that
re-flow a table line by line leave one row per visual line (`merge_fragment_rows` puts them back), and
OCR loses rows altogether (each cell is then a run of text lines, `chunks`).
"""

from __future__ import annotations

import re

from pipeline.linebreaks import ends_in_hyphen, join_kept_hyphen
from pipeline.parse.cell_kinds import classify_cell
from pipeline.units import Line

FRAGMENT_CELL_MAX = 40  # rows cut line by line (a table re-flowed per visual line) have only short cells
_SENTENCE_END = re.compile(r"[.!?]$")


def join_cell_lines(cell: str) -> str:
    """`cell` with every line break kept, except after a hyphen the author typed: the line goes on after it
    (`pipeline.linebreaks.join_kept_hyphen` says how)."""
    out: list[str] = []
    for raw in cell.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if out and ends_in_hyphen(out[-1]):
            out[-1] = join_kept_hyphen(out[-1], line)
        else:
            out.append(line)
    return "\n".join(out)


def one_line(cell: str) -> str:
    """A cell read as one line (indicator, year, source)."""
    return " ".join(cell.split())


def goal_text(cell: str) -> str:
    """A (Del)mål cell: wrapped lines run together, a line break after a full sentence kept."""
    out = ""
    for line in cell.split("\n"):
        sep = "\n" if _SENTENCE_END.search(out) and line[:1].isupper() else " "
        out = f"{out}{sep}{line}" if out else line
    return out


def row_cells(line: Line) -> list[str]:
    return [join_cell_lines(c) for c in line.cells]


def _is_fragment(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(len(c) <= FRAGMENT_CELL_MAX for c in filled)


def _continues_row(prev: list[str], cells: list[str]) -> bool:
    """Is `cells` the next visual line of the row `prev` (a cell running on in lower case or after a
    hyphen), rather than a row of its own?"""
    a = [c for c in prev if c.strip()]
    b = [c for c in cells if c.strip()]
    return any(y[:1].islower() or x.endswith("-") for x, y in zip(a, b, strict=False))


def merge_fragment_rows(rows: list[list[str]]) -> list[list[str]]:
    """Re-join rows that a conversion cut into one row per visual line, cell by cell."""
    out: list[list[str]] = []
    last: list[str] = []  # the previous row as it came, before any merge
    for cells in rows:
        if out and _is_fragment(cells) and _is_fragment(last) and _continues_row(last, cells):
            prev = [c for c in out[-1] if c.strip()]
            more = [c for c in cells if c.strip()]
            merged = [join_cell_lines(f"{x}\n{y}") for x, y in zip(prev, more, strict=False)]
            out[-1] = merged + prev[len(more) :] + more[len(prev) :]
        else:
            out.append(cells)
        last = cells
    return out


def chunks(lines: list[Line]) -> list[tuple[int, int, str]]:
    """Runs of text lines between blanks/rows: (start, end, joined text). In OCR text each is a cell."""
    out: list[tuple[int, int, str]] = []
    start = None
    for i, ln in enumerate([*lines, Line("blank")]):
        if ln.kind == "text":
            if start is None:
                start = i
        elif start is not None:
            out.append((start, i, join_cell_lines("\n".join(lines[j].text for j in range(start, i)))))
            start = None
    return out


def split_packed(cells: list[str]) -> tuple[list[str], list[str], str | None, str | None]:
    """Packed cells (empty ones dropped, the rest slid left) → (texts, figures, year, source) by content."""
    texts: list[str] = []
    values: list[str] = []
    year = source = None
    for c in cells:
        kind = classify_cell(c)
        if kind == "text":
            if values or year:
                source = source or c
            else:
                texts.append(c)
        elif kind == "value":
            values.append(c)
        elif kind == "year":
            year = c
    return texts, values, year, source
