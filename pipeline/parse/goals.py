"""The Delmål/Indikator/Baseline table (delaftale) and the Mål/Indikator table (strategic section 5).

Three shapes reach this parser: rows with every cell in place (DOCX, tab exports), rows whose empty cells
were dropped so later cells slid left (flattened exports, merged Delmål cells), and OCR text where each
cell is a paragraph and the row boundaries are lost. Cells are therefore placed by what they hold
(text, figure, year) and by the column header, not by position alone:

* text cells before the first figure are the (Del)mål and the indicator; one text cell alone is a further
  indicator of the (Del)mål above (merged cell), or, when it starts in lower case, the rest of the
  indicator a page break cut;
* the first figure cell is the boligområde baseline, the next the "anden baseline"/kommune figure;
* a text cell after the figures is the Datakilde and closes the row (this recovers OCR rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from models import Baseline, Indicator
from pipeline.catalogue import template
from pipeline.match import best_label, fold
from pipeline.parse.baseline import cell_year, classify_cell, parse_baselines, split_areas
from pipeline.segment import Line

SUBHEADER_CELL_MAX = 40
FRAGMENT_CELL_MAX = 40  # rows cut line by line (a table re-flowed per visual line) have only short cells


@cache
def _columns() -> dict[str, list[str]]:
    return {c.role: c.names for c in template().table_column}


def _column_role(text: str) -> str | None:
    if not text.strip() or len(text) > 60:
        return None
    hit = best_label(text, _columns(), 85)
    return hit[0] if hit else None


@dataclass
class _IndicatorDraft:
    text: str
    baselines: list[str] = field(default_factory=list)
    other: str | None = None
    year: str | None = None
    source: str | None = None

    def add_baseline(self, cell: str) -> None:
        """A figure after an area-only cell completes it (a page break cut the area from its figure)."""
        if self.baselines and classify_cell(self.baselines[-1]) == "text" and classify_cell(cell) == "value":
            self.baselines[-1] = f"{self.baselines[-1]} {cell}"
        else:
            self.baselines.append(cell)


@dataclass
class _GoalDraft:
    text: str
    indicators: list[_IndicatorDraft] = field(default_factory=list)


@dataclass
class GoalTable:
    """Parsed table plus what surrounded it (prose before/after the table belongs to the caller)."""

    goals: list[tuple[str, list[Indicator]]]
    prose: list[Line]
    unparsed: list[tuple[int, int, str]]  # (goal index, indicator index, cell text)
    found: bool


@dataclass
class _Row:
    cells: list[str]  # positional when `positional`, else only the non-empty cells in order
    positional: bool


class _Builder:
    """Collects rows into goals and indicators, handling merged and page-broken cells."""

    def __init__(self, roles: list[str | None], other_area: str | None = None) -> None:
        self.roles = roles
        self.has_source = "source" in roles
        self.has_year = "year" in roles
        self.goals: list[_GoalDraft] = []
        self.other_area = other_area

    @property
    def current(self) -> _IndicatorDraft | None:
        if self.goals and self.goals[-1].indicators:
            return self.goals[-1].indicators[-1]
        return None

    def _goal(self) -> _GoalDraft:
        if not self.goals:
            self.goals.append(_GoalDraft(""))
        return self.goals[-1]

    def add(self, texts: list[str], values: list[str], year: str | None, source: str | None) -> None:
        cur = self.current
        if not texts and cur is not None:
            self._fill(cur, values, year, source)
            return
        if len(texts) == 1 and _continues_cell(texts[0]) and cur is not None:
            cur.text = f"{cur.text} {texts[0]}"
            self._fill(cur, values, year, source)
            return
        if not values and source is None and self.has_source and len(texts) >= 2 and _is_source(texts[-1]):
            source = texts.pop()
        if len(texts) >= 2:
            self.goals.append(_GoalDraft(texts[0]))
            ind_text = " ".join(texts[1:])
        elif not values and not source and not self.goals:
            self.goals.append(_GoalDraft(texts[0]))
            return
        else:
            ind_text = texts[0] if texts else ""
        draft = _IndicatorDraft(ind_text)
        self._goal().indicators.append(draft)
        self._fill(draft, values, year, source)

    def _fill(self, d: _IndicatorDraft, values: list[str], year: str | None, source: str | None) -> None:
        if values:
            d.add_baseline(values[0])
            for v in values[1:]:
                if d.other is None and "other" in self.roles:
                    d.other = v
                elif d.year is None and classify_cell(v) == "year":
                    d.year = v
                else:
                    d.baselines.append(v)
        d.year = d.year or year
        d.source = d.source or source

    def add_positional(self, cells: list[str]) -> None:
        by_role: dict[str, str] = {}
        for role, cell in zip(self.roles, cells, strict=False):
            if role and cell.strip():
                by_role[role] = cell.strip()
        goal, ind = by_role.get("goal"), by_role.get("indicator")
        base, other = by_role.get("baseline"), by_role.get("other")
        if goal and not ind and (base or other):
            goal, ind = None, goal  # an indicator slid into the merged Delmål column
        cur = self.current
        if ind and _continues_cell(ind) and cur is not None and not goal:
            cur.text = f"{cur.text} {ind}"
            ind = None
        elif ind or goal:
            if goal:
                self.goals.append(_GoalDraft(goal))
            if ind:
                self._goal().indicators.append(_IndicatorDraft(ind))
            elif goal:
                return
        cur = self.current
        if cur is None:
            return
        if base:
            cur.add_baseline(base)
        if other and cur.other is None:
            cur.other = other
        cur.year = cur.year or by_role.get("year")
        cur.source = cur.source or by_role.get("source")

    def result(self) -> tuple[list[tuple[str, list[Indicator]]], list[tuple[int, int, str]]]:
        goals: list[tuple[str, list[Indicator]]] = []
        unparsed: list[tuple[int, int, str]] = []
        for gi, g in enumerate(self.goals):
            inds = []
            for ii, d in enumerate(g.indicators):
                ind, bad = _finish(d, self.other_area)
                inds.append(ind)
                unparsed.extend((gi, ii, b) for b in bad)
            if g.text or inds:
                goals.append((g.text, inds))
        return goals, unparsed


def _finish(d: _IndicatorDraft, other_area: str | None) -> tuple[Indicator, list[str]]:
    baselines: list[Baseline] = []
    bad: list[str] = []
    pending = ""
    for raw in d.baselines:
        raw = f"{pending} {raw}".strip()
        got = parse_baselines(raw, d.text)
        if not got and classify_cell(raw) == "text":
            pending = raw
            continue
        pending = ""
        baselines.extend(got)
        if not got and any(ch.isdigit() for ch in raw):
            bad.append(raw)
    other = None
    if d.other:
        others = parse_baselines(d.other, d.text)
        areas = split_areas(pending) if pending else []
        if len(others) > 1 and len(areas) == len(others) and not baselines:
            # one figure per area listed in the baseline cell: the figures are the areas' own values
            baselines = [
                o.model_copy(update={"area": a, "text": f"{a} {o.text}"})
                for a, o in zip(areas, others, strict=True)
            ]
            pending = ""
        elif others:
            other = others[0]
            if other.area is None and other_area:
                other = other.model_copy(update={"area": other_area})
        elif any(ch.isdigit() for ch in d.other):
            bad.append(d.other)
    if pending and not baselines:
        bad.append(pending) if any(ch.isdigit() for ch in pending) else None
    year = d.year or next((y for y in map(cell_year, [*d.baselines, d.other or ""]) if y), None)
    text = " ".join(d.text.split())
    return Indicator(indicator=text, baselines=baselines, other_baseline=other,
                     baseline_year=" ".join(year.split()) if year else None, data_source=d.source), bad


def _continues_cell(text: str) -> bool:
    """A cell that starts in lower case or with "(" is the rest of a cell a page break cut."""
    return text[:1].islower() or text.startswith("(")


def _is_source(text: str) -> bool:
    """Does a cell name a data source (LBF, a kommune, own registration, a survey)?"""
    folded = fold(text)
    return len(text) <= 80 and any(w in folded for w in _source_words())


@cache
def _source_words() -> tuple[str, ...]:
    return tuple(fold(w) for w in template().vocab.source_words)


def _row_cells(line: Line) -> list[str]:
    return [" ".join(c.split()) for c in line.cells]


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
            merged = [f"{x} {y}" for x, y in zip(prev, more, strict=False)]
            out[-1] = merged + prev[len(more) :] + more[len(prev) :]
        else:
            out.append(cells)
        last = cells
    return out


def _find_header(lines: list[Line]) -> tuple[int, int, list[str | None]] | None:
    """(first line of header, first line after it, column roles), for a row header or OCR cell chunks."""
    for i, ln in enumerate(lines):
        if ln.kind == "row":
            roles = [_column_role(c) for c in _row_cells(ln)]
            if sum(r is not None for r in roles) >= 3 and "indicator" in roles:
                return i, i + 1, roles
    chunks = _chunks(lines)
    for k in range(len(chunks)):
        roles: list[str | None] = []
        j = k
        while j < len(chunks) and (role := _column_role(chunks[j][2])) is not None and role not in roles:
            roles.append(role)
            j += 1
        if len(roles) >= 3 and "indicator" in roles:
            return chunks[k][0], chunks[j - 1][1], roles
    return None


def _chunks(lines: list[Line]) -> list[tuple[int, int, str]]:
    """Runs of text lines between blanks/rows: (start, end, joined text). In OCR text each is a cell."""
    out: list[tuple[int, int, str]] = []
    start = None
    for i, ln in enumerate([*lines, Line("blank")]):
        if ln.kind == "text":
            if start is None:
                start = i
        elif start is not None:
            out.append((start, i, _join_cell([lines[j].text for j in range(start, i)])))
            start = None
    return out


def _join_cell(parts: list[str]) -> str:
    text = ""
    for p in parts:
        p = p.strip()
        if text.endswith("-") and p[:1].islower() and not text.endswith(" -"):
            text = text[:-1] + p if p.split()[0] not in {"og", "eller"} else f"{text} {p}"
        else:
            text = f"{text} {p}".strip()
    return text


def _split(cells: list[str]) -> tuple[list[str], list[str], str | None, str | None]:
    """Packed cells → (texts, figures, year, source) by content."""
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


def _positional_ok(cells: list[str], roles: list[str | None]) -> bool:
    if len(cells) != len(roles):
        return False
    for role, cell in zip(roles, cells, strict=True):
        kind = classify_cell(cell)
        if role in ("goal", "indicator", "source") and kind == "value":
            return False
        if role == "year" and kind not in ("year", "empty"):
            return False
    # Filled first cell but empty last one: the export dropped empty cells and the rest slid left.
    return not (cells[0].strip() and not cells[-1].strip())


def _subheader(cells: list[str]) -> str | None:
    """A row under the header that names the baseline columns' areas ("Boligområder samlet set |
    Slagelse Kommune"): returns the area of the "anden baseline" column."""
    texts, values, _, _ = _split([c for c in cells if c.strip()])
    if values or len(texts) < 2 or any(len(t) > SUBHEADER_CELL_MAX for t in texts[-2:]):
        return None
    return texts[-1]


def parse_goal_table(lines: list[Line]) -> GoalTable:
    """Parse the first goals table in `lines`; the lines before it are returned as prose."""
    header = _find_header(lines)
    if header is None:
        return GoalTable([], lines, [], False)
    start, body_start, roles = header
    body = lines[body_start:]
    rows = [ln for ln in body if ln.kind == "row"]
    builder = _Builder(roles)
    if rows:
        first = True
        for cells in merge_fragment_rows([_row_cells(ln) for ln in rows]):
            if first and (area := _subheader(cells)) is not None:
                builder.other_area = area
                first = False
                continue
            first = False
            full = cells[: len(roles)] if len(cells) > len(roles) and not any(cells[len(roles):]) else cells
            if _positional_ok(full, roles):
                builder.add_positional(full)
            else:
                texts, values, year, source = _split([c for c in cells if c.strip()])
                builder.add(texts, values, year, source)
    else:
        _stream(builder, [c[2] for c in _chunks(body)])
    goals, unparsed = builder.result()
    return GoalTable(goals, lines[:start], unparsed, True)


def _stream(builder: _Builder, cells: list[str]) -> None:
    """OCR cells one after another, rows lost: a text cell after figures is the Datakilde and ends the row
    (without a Datakilde column it starts the next row)."""
    row: list[str] = []
    seen_figures = False
    for cell in cells:
        kind = classify_cell(cell)
        if kind == "text" and seen_figures:
            if builder.has_source:
                builder.add(*_split([*row, cell]))
                row, seen_figures = [], False
                continue
            builder.add(*_split(row))
            row, seen_figures = [], False
        row.append(cell)
        seen_figures = seen_figures or kind in ("value", "year")
    if row:
        builder.add(*_split(row))
