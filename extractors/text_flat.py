"""Goals tables in flat text: every cell written as its own lines, nothing marking where a cell ends.

LibreOffice's "Text" export and plain text saved from Word write a table cell by cell, each cell's
paragraphs one per line and an empty cell as one blank line, with no mark between cells or rows. The
header cells ("Delmål", "Indikator", "Baseline …", `[[table_column]]` in templates/helhedsplan.toml) say
how many columns a row has and what each holds, and the cells say by their shape which column they fit:
figures in the baseline columns, a year in Baseline år, a register or body in Datakilde, sentences in
Delmål and Indikator (`pipeline.parse.cell_kinds`, the parser's own cell tests). The lines after the
header are cut into rows of cells at the least total misfit (a dynamic programme over (line, column));
each row earns a reward, so the table ends where the next row would cost more than it earns (the prose
after the table fits no row). The costs are data: templates/flat_tables.toml.

The rows come out as DOCX gives them (a merged Delmål cell empty below its first row), so the parser sees
one shape whatever the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from models import Block
from pipeline.catalogue import load_validated
from pipeline.parse.cell_kinds import CellKind, classify_cell, is_source, names_a_period
from pipeline.table_columns import column_match, column_role, is_header

HEADER_CELL_LINES = 3  # a header label wrapped over at most this many lines ("Baseline" / "år")
_SENTENCE_END = re.compile(r"[.!?:]$")


class ExtraLine(BaseModel):
    goal: float
    indicator: float
    baseline: float
    other: float
    year: float
    source: float


class Limits(BaseModel):
    cell_lines: int
    table_lines: int


class FlatCosts(BaseModel):
    """templates/flat_tables.toml (see the comments there)."""

    row_reward: float
    missing_cell: float
    misfit: float
    lower_start: float
    area_label: float
    name_only: float
    name_max_words: int
    unknown_source: float
    long_source: float
    period_words: float
    extra_line: ExtraLine
    limits: Limits


@cache
def costs() -> FlatCosts:
    return load_validated(FlatCosts, "flat_tables.toml")  # type: ignore[return-value]


@dataclass
class FlatTable:
    """A table found in flat lines: lines[start:end] are its header and rows."""

    start: int
    end: int
    rows: list[list[str]]


def find_header(lines: list[str], i: int) -> tuple[int, list[str]] | None:
    """A goals-table header starting at line i: (first line after it, header cells), each header cell
    one line or a label wrapped over a few lines, each naming a different column."""
    roles: list[str] = []
    cells: list[str] = []
    j = i
    while j < len(lines) and lines[j].strip():
        hit: tuple[float, int, str] | None = None
        for k in range(1, HEADER_CELL_LINES + 1):  # the best label; of equals the longest ("Baseline" / "år")
            chunk = lines[j : j + k]
            if len(chunk) < k or not all(ln.strip() for ln in chunk):
                break
            match = column_match(" ".join(ln.strip() for ln in chunk))
            if match is not None and match[0] not in roles and (hit is None or match[1] >= hit[0]):
                hit = (match[1], k, match[0])
        if hit is None:
            break
        roles.append(hit[2])
        cells.append(" ".join(ln.strip() for ln in lines[j : j + hit[1]]))
        j += hit[1]
    if not is_header(list(roles)):
        return None
    return j, cells


class _Cells:
    """The cost of a run of lines as a cell of a column, from per-line costs summed in prefix arrays (the
    programme asks for every run of every start)."""

    def __init__(self, lines: list[str], roles: list[str | None]) -> None:
        self.lines = [ln.strip() for ln in lines]
        self.c = costs()
        kinds: list[CellKind] = [classify_cell(ln) for ln in self.lines]
        self.prefix: dict[str | None, list[float]] = {}
        pairs = list(zip(self.lines, kinds, strict=True))
        for role in set(roles):
            self.prefix[role] = _prefix([self._line_cost(role, ln, kind) for ln, kind in pairs])
        self.values = _prefix([float(k == "value") for k in kinds])
        self.names = _prefix([float(_is_name(ln, k, self.c)) for ln, k in pairs])
        self.goes_on = _prefix([0.0] + [
            float(self.lines[k][:1].islower() and not _SENTENCE_END.search(self.lines[k - 1]))
            for k in range(1, len(self.lines))
        ])

    def _line_cost(self, role: str | None, text: str, kind: CellKind) -> float:
        """Cost of one line in a cell of column `role` (a baseline name line is costed per cell)."""
        c = self.c
        if not text:
            return 0.0
        if role in ("goal", "indicator"):
            return c.misfit if kind in ("value", "year") else 0.0
        if role in ("baseline", "other"):
            return 0.0 if kind == "value" or _is_name(text, kind, c) else c.misfit
        if role == "year":
            if kind == "year":
                return 0.0
            return c.period_words if names_a_period(text) else c.misfit
        if role == "source":
            if kind in ("value", "year"):
                return c.misfit
            if is_source(text):
                return 0.0
            return c.long_source if len(text.split()) > 2 * c.name_max_words else c.unknown_source
        return 0.0

    def cell_cost(self, role: str | None, start: int, end: int) -> float:
        c = self.c
        total = self.prefix[role][end] - self.prefix[role][start]
        if role in ("baseline", "other"):
            names = self.names[end] - self.names[start]
            has_value = self.values[end] > self.values[start]
            total += names * (c.area_label if has_value else c.name_only)
        if role in ("goal", "indicator", "source") and self.lines[start][:1].islower():
            total += c.lower_start
        extra = getattr(c.extra_line, role, 0.0) if role else 0.0
        goes_on = self.goes_on[end] - self.goes_on[start + 1]
        return total + extra * (end - start - 1 - goes_on)


def _is_name(text: str, kind: CellKind, c: FlatCosts) -> bool:
    """A short line without a figure that may name an area ("Vibehøjparken") in a baseline cell."""
    return kind == "text" and len(text.split()) <= c.name_max_words


def _prefix(values: list[float]) -> list[float]:
    out = [0.0]
    for v in values:
        out.append(out[-1] + v)
    return out


def cut_rows(lines: list[str], roles: list[str | None]) -> tuple[int, list[list[str]]]:
    """The rows of cells that lines[0:end] make at the least cost, and `end` (see the module docstring)."""
    c = costs()
    n = len(roles)
    m = min(len(lines), c.limits.table_lines)
    cells = _Cells(lines[:m], roles)
    # state (i, col, filled) → (cost, back pointer (state, cell span or None for a missing cell))
    best: dict[tuple[int, int, bool], tuple[float, tuple | None]] = {(0, 0, False): (0.0, None)}
    end_state = (0, 0, False)

    def relax(state: tuple[int, int, bool], cost: float, back: tuple) -> None:
        i, col, filled = state
        if col == n:  # the row is complete
            if not filled:
                return
            state, cost = (i, 0, False), cost - c.row_reward
        if state not in best or cost < best[state][0]:
            best[state] = (cost, back)

    for i in range(m + 1):
        for filled in (True, False):
            for col in range(n):
                state = (i, col, filled)
                if state not in best:
                    continue
                cost = best[state][0]
                if col == 0 and not filled and cost <= best[end_state][0]:
                    end_state = state
                relax((i, col + 1, filled), cost + c.missing_cell, (state, None))
                if i < m and not cells.lines[i]:
                    relax((i + 1, col + 1, filled), cost, (state, (i, i)))
                    continue
                for j in range(i + 1, min(m, i + c.limits.cell_lines) + 1):
                    if not cells.lines[j - 1]:
                        break
                    relax((j, col + 1, True), cost + cells.cell_cost(roles[col], i, j), (state, (i, j)))
    return end_state[0], _trace(best, end_state, cells.lines, n)


def _trace(best: dict, state: tuple[int, int, bool], lines: list[str], n: int) -> list[list[str]]:
    """Follow the back pointers from the end state: the cells of each row, in order."""
    flat: list[str] = []
    back = best[state][1]
    while back is not None:
        prev, span = back
        flat.append("" if span is None else "\n".join(lines[span[0] : span[1]]))
        back = best[prev][1]
    flat.reverse()
    return [flat[k : k + n] for k in range(0, len(flat), n)]


def flat_tables(lines: list[str]) -> list[FlatTable]:
    """Every goals table written cell by cell in `lines`, in order."""
    out: list[FlatTable] = []
    i = 0
    while i < len(lines):
        header = find_header(lines, i) if lines[i].strip() else None
        if header is None:
            i += 1
            continue
        body, head = header
        stop = next((k for k in range(body, len(lines)) if lines[k].strip() and find_header(lines, k)), len(lines))
        roles = [column_role(h) for h in head]
        used, rows = cut_rows(lines[body:stop], roles)
        if rows:
            out.append(FlatTable(i, body + used, [head, *rows]))
        i = body + used if rows else body
    return out


def table_blocks(table: FlatTable) -> list[Block]:
    return [Block(kind="row", cells=cells) for cells in table.rows]
