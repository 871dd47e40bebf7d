"""Rows of a goals table → goals with their indicator drafts.

Cells are placed by column where the row kept every cell (`add_positional`) and by what they hold where
a conversion dropped the empty ones (`add`). Either way a row without a (Del)mål or indicator of its own
goes on the indicator above: a merged Delmål cell, the målgruppe rows under an area, a year or source
that a narrow column continued on the next row ("Skoleåret" / "2015/16", "Randers Kommune," /
"SSP-registrering"). A cell that starts in lower case is the rest of the cell above a page break cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import Indicator
from pipeline.catalogue import goal_table
from pipeline.parse.cell_kinds import classify_cell, has_year, is_source
from pipeline.parse.goal_cells import goal_text, split_packed
from pipeline.parse.goal_indicator import IndicatorDraft, finish


@dataclass
class _GoalDraft:
    text: str
    indicators: list[IndicatorDraft] = field(default_factory=list)


def continues_cell(text: str) -> bool:
    """A cell that starts in lower case or with "(" is the rest of a cell a page break cut."""
    return text[:1].islower() or text.startswith("(")


def _open_end(text: str) -> bool:
    """Does a year/source cell stop mid-phrase ("Randers Kommune,", "Egen registrering og")?"""
    s = text.rstrip()
    last = s.split()[-1].lower() if s.split() else ""
    return s.endswith((",", "-", "/", "&")) or last in goal_table().continuation_words


def _go_on(prev: str | None, more: str | None, need_year: bool = False, cut: bool = False) -> str | None:
    """A year/source cell, continued by the same column of a row without an indicator of its own (`cut`:
    of a row that is the rest of the row above, a page break between two lines of its cells)."""
    if not more:
        return prev
    if not prev:
        return more
    if cut or _open_end(prev) or more[:1].islower() or (need_year and not has_year(prev)):
        return f"{prev} {more}"
    return prev


class Builder:
    """Collects rows into goals and indicators, handling merged and page-broken cells."""

    def __init__(self, roles: list[str | None], other_area: str | None = None) -> None:
        self.roles = roles
        self.has_source = "source" in roles
        self.goals: list[_GoalDraft] = []
        self.other_area = other_area

    @property
    def current(self) -> IndicatorDraft | None:
        if self.goals and self.goals[-1].indicators:
            return self.goals[-1].indicators[-1]
        return None

    def _goal(self) -> _GoalDraft:
        if not self.goals:
            self.goals.append(_GoalDraft(""))
        return self.goals[-1]

    def _goes_on_goal(self, text: str) -> bool:
        """Is a (Del)mål cell the rest of the (Del)mål above, a page break having cut it?"""
        return continues_cell(text) and bool(self.goals) and bool(self.goals[-1].text)

    def _new_goal(self, text: str, positional: bool = False) -> None:
        """A (Del)mål cell; in its own column, one in lower case goes on with the (Del)mål above (packed
        cells may have slid there from anywhere)."""
        if positional and self._goes_on_goal(text):
            self.goals[-1].text = f"{self.goals[-1].text} {goal_text(text)}"  # a page break cut the cell
        else:
            self.goals.append(_GoalDraft(goal_text(text)))

    def add(self, texts: list[str], values: list[str], year: str | None, source: str | None) -> None:
        """A row of packed cells, sorted by `split_packed`."""
        cur = self.current
        if not texts and cur is not None:
            self._fill(cur, values, year, source, continued=True)
            return
        if len(texts) == 1 and continues_cell(texts[0]) and cur is not None:
            cur.text = f"{cur.text} {texts[0]}"
            self._fill(cur, values, year, source, continued=True)
            return
        if not values and source is None and self.has_source and len(texts) >= 2 and is_source(texts[-1]):
            source = texts.pop()
        if len(texts) >= 2:
            self._new_goal(texts[0])
            ind_text = " ".join(texts[1:])
        elif not values and not source and not self.goals:
            self._new_goal(texts[0])
            return
        else:
            ind_text = texts[0] if texts else ""
        draft = IndicatorDraft(ind_text)
        self._goal().indicators.append(draft)
        self._fill(draft, values, year, source, continued=False)

    def _fill(self, d: IndicatorDraft, values: list[str], year: str | None, source: str | None,
              continued: bool) -> None:
        if values:
            d.baselines.append(values[0])
            for v in values[1:]:
                if d.other is None and "other" in self.roles:
                    d.other = v
                elif d.year is None and classify_cell(v) == "year":
                    d.year = v
                else:
                    d.baselines.append(v)
        self._tail(d, year, source, continued)

    def _tail(
        self, d: IndicatorDraft, year: str | None, source: str | None, continued: bool, cut: bool = False
    ) -> None:
        if continued or cut:
            d.year = _go_on(d.year, year, need_year=True, cut=cut)
            d.source = _go_on(d.source, source, cut=cut)
        else:
            d.year = d.year or year
            d.source = d.source or source

    def add_positional(self, cells: list[str]) -> None:
        """A row with every cell in its column."""
        by_role: dict[str, str] = {}
        for role, cell in zip(self.roles, cells, strict=False):
            if role and cell.strip():
                by_role[role] = cell.strip()
        goal, ind = by_role.get("goal"), by_role.get("indicator")
        base, other = by_role.get("baseline"), by_role.get("other")
        if goal and not ind and (base or other):
            goal, ind = None, goal  # an indicator slid into the merged Delmål column
        cur = self.current
        continued = not goal and not ind
        # A row whose only text is the rest of the (Del)mål above (a page break cut the row) holds the rest
        # of the indicator's cells too: its year and source lines go on theirs ("Randers" / "Kommune,").
        cut = bool(goal and not ind and self._goes_on_goal(goal))
        if ind and continues_cell(ind) and cur is not None and not goal:
            cur.text = f"{cur.text} {ind}"
            ind, continued = None, True
        if goal:
            self._new_goal(goal, positional=True)
        if ind:
            self._goal().indicators.append(IndicatorDraft(ind))
        elif goal and not continues_cell(goal):
            return
        cur = self.current
        if cur is None:
            return
        if base:
            cur.baselines.append(base)
        if other and cur.other is None:
            cur.other = other
        self._tail(cur, by_role.get("year"), by_role.get("source"), continued, cut)

    def result(self) -> tuple[list[tuple[str, list[Indicator]]], list[tuple[int, int, str]]]:
        goals: list[tuple[str, list[Indicator]]] = []
        unparsed: list[tuple[int, int, str]] = []
        for gi, g in enumerate(self.goals):
            inds = []
            for ii, d in enumerate(g.indicators):
                ind, bad = finish(d, self.other_area)
                inds.append(ind)
                unparsed.extend((gi, ii, b) for b in bad)
            if g.text or inds:
                goals.append((g.text, inds))
        return goals, unparsed

    def stream(self, cells: list[str]) -> None:
        """OCR cells one after another, rows lost: a text cell after figures is the Datakilde and ends the
        row (without a Datakilde column it starts the next row)."""
        row: list[str] = []
        seen_figures = False
        for cell in cells:
            kind = classify_cell(cell)
            if kind == "text" and seen_figures:
                if self.has_source:
                    self.add(*split_packed([*row, cell]))
                    row, seen_figures = [], False
                    continue
                self.add(*split_packed(row))
                row, seen_figures = [], False
            row.append(cell)
            seen_figures = seen_figures or kind in ("value", "year")
        if row:
            self.add(*split_packed(row))
