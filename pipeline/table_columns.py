"""Which column of a goals table a header cell names (Delmål, Indikator, Baseline, …).

One rule for every reader: the goals parser finds the header row with it, and the flat-text extractor
finds the header cells that a text export wrote one per line. The column names are template data
(`[[table_column]]` in templates/helhedsplan.toml).
"""

from __future__ import annotations

from functools import cache
from itertools import combinations, pairwise

from rapidfuzz import fuzz

from pipeline.catalogue import template
from pipeline.match import best_label, fold

HEADER_CELL_MAX = 60  # a header cell is a short label; a longer text is a value
HEADER_CUTOFF = 85
HEADER_MIN_ROLES = 3  # a goals table's header names at least this many columns, the indicator among them


@cache
def _columns() -> dict[str, list[str]]:
    return {c.role: c.names for c in template().table_column}


def column_match(text: str) -> tuple[str, float] | None:
    """(column role, match score) of a header cell, or None when it is no column header."""
    text = " ".join(text.split())
    if not text or len(text) > HEADER_CELL_MAX:
        return None
    return best_label(text, _columns(), HEADER_CUTOFF)


def column_role(text: str) -> str | None:
    """The column role a header cell names, or None when it is no column header."""
    hit = column_match(text)
    return hit[0] if hit else None


def header_roles(cells: list[str]) -> list[str | None]:
    """The column role of each header cell, an unreadable one (a stamp or a smudge over the label, OCR
    noise) taking the role the template's column order leaves for it between its readable neighbours.

    The templates' goals tables keep one order (`[[table_column]]`: Delmål, Indikator, Baseline, anden
    baseline, år, Datakilde), so a gap of unread cells between two read ones holds roles from between
    theirs. Where the gap has as many such roles, they are taken in order; where it has more (the
    strategic table has no år column), the order-keeping choice whose names the cells most resemble.
    A gap at either end, or with no role left for it (an author's own extra column), stays unnamed.
    A role read twice ("Baseline år" read "Baseline" beside "Baseline boligområde") is kept where the
    order has room for it and the other cell counts as unread.
    """
    order = list(_columns())
    roles = _once_each([column_role(c) for c in cells], order)
    known = [(i, order.index(role)) for i, role in enumerate(roles) if role is not None]
    for (left, low), (right, high) in pairwise(known):
        gap = range(left + 1, right)
        free = [role for role in order[low + 1 : high] if role not in roles]
        if not gap or len(free) < len(gap):
            continue
        best = max(combinations(free, len(gap)), key=lambda choice: _resemblance(cells, gap, choice))
        for i, role in zip(gap, best, strict=True):
            roles[i] = role
    return roles


def _once_each(roles: list[str | None], order: list[str]) -> list[str | None]:
    """The roles with each one read twice kept in the first cell whose place fits the template order
    between the nearest cells of roles read once (in the first cell when none does); the others unread.
    Columns an author reordered read each role once and are left as they are."""
    once = [role if role is not None and roles.count(role) == 1 else None for role in roles]
    result = list(once)
    for role in {role for role in roles if role is not None and roles.count(role) > 1}:
        places = [i for i, got in enumerate(roles) if got == role]
        result[next((i for i in places if _fits(once, i, order.index(role), order)), places[0])] = role
    return result


def _fits(roles: list[str | None], i: int, rank: int, order: list[str]) -> bool:
    """Does a role of template rank `rank` fit at cell `i`, between the nearest named cells each side?"""
    before = [order.index(role) for role in roles[:i] if role is not None]
    after = [order.index(role) for role in roles[i + 1 :] if role is not None]
    return (not before or before[-1] < rank) and (not after or rank < after[0])


def _resemblance(cells: list[str], gap: range, choice: tuple[str, ...]) -> float:
    """How much the gap's cells read like the names of the roles `choice` gives them."""
    names = _columns()
    return sum(
        max(fuzz.partial_ratio(fold(name), fold(" ".join(cells[i].split()))) for name in names[role])
        for i, role in zip(gap, choice, strict=True)
    )


def is_header(roles: list[str | None]) -> bool:
    """Do these cells' roles make a goals-table header row?"""
    return sum(r is not None for r in roles) >= HEADER_MIN_ROLES and "indicator" in roles
