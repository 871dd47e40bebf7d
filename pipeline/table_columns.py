"""Which column of a goals table a header cell names (Delmål, Indikator, Baseline, …).

One rule for every reader: the goals parser finds the header row with it, and the flat-text extractor
finds the header cells that a text export wrote one per line. The column names are template data
(`[[table_column]]` in templates/helhedsplan.toml).
"""

from __future__ import annotations

from functools import cache

from pipeline.catalogue import template
from pipeline.match import best_label

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


def is_header(roles: list[str | None]) -> bool:
    """Do these cells' roles make a goals-table header row?"""
    return sum(r is not None for r in roles) >= HEADER_MIN_ROLES and "indicator" in roles
