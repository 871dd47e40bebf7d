"""What one cell of a goals table holds: a figure, a year, a data source, text, or nothing.

The parser places cells by what they hold when a conversion slid them out of their columns, so these
tests decide a cell's column; the words they go by are in templates/goal_table.toml.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pipeline.catalogue import goal_table
from pipeline.match import fold
from pipeline.parse.baseline import figures, mask_parens, no_data_pattern
from pipeline.parse.dates import MONTHS

CellKind = Literal["empty", "value", "year", "text"]

# A year or school year: "2023", "2015/16", "2022/2023" (not part of a larger number or a figure).
YEAR = re.compile(r"(?<![\d,.])(?:19|20)\d{2}(?:\s*/\s*(?:19|20)?\d{2})?(?![\d,%])")
_YEAR_PAREN = re.compile(rf"\(\s*({YEAR.pattern})\s*\)")
_DAY = re.compile(rf"\b\d{{1,2}}\.\s*(?=(?:{'|'.join(MONTHS)})\b)", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]{2,}")
SOURCE_MAX = 80  # a Datakilde names a body or a register; longer cells are sentences


def is_year_cell(text: str) -> bool:
    """A Baseline år cell: one year (or school year) with at most a few words around it ("2024
    (december)", "ultimo 2023", "Skoleåret 2022/23, opgjort i juni"), no figure and no other number."""
    s = " ".join(text.split())
    if not s or "%" in s or not YEAR.search(s):
        return False
    rest = _DAY.sub(" ", YEAR.sub(" ", s))
    if any(ch.isdigit() for ch in rest):
        return False
    return len(_WORDS.findall(rest)) <= goal_table().year_cell_max_words


def names_a_period(text: str) -> bool:
    """Text a Baseline år cell holds before its year goes on in the next row ("Skoleåret", "Ultimo")."""
    words = [w.lower() for w in _WORDS.findall(text)]
    known = set(goal_table().year_words) | set(MONTHS)
    return bool(words) and not any(ch.isdigit() for ch in text) and all(w in known for w in words)


def has_year(text: str) -> bool:
    return YEAR.search(text) is not None


def cell_year(text: str) -> str | None:
    """A year written in a baseline cell, "90,7% (2019)" → "2019"."""
    m = _YEAR_PAREN.search(text)
    return m.group(1) if m else None


def classify_cell(text: str) -> CellKind:
    """What a goals-table cell holds: a figure (or "no data"), a year, text, or nothing."""
    s = " ".join(text.split())
    if not s:
        return "empty"
    if is_year_cell(s):
        return "year"
    figs = figures(s)
    if not figs:
        return "text"
    masked = no_data_pattern().sub(" ", mask_parens(s))
    words = len(_WORDS.findall(masked))
    # "Løget Høj 80,9 %", not a sentence with a number; a bare whole number is weaker evidence of a
    # figure than a percentage or a decimal ("Trivselsundersøgelse i indskolingen 3 Monitorering")
    room = 2 * len(figs) + (1 if any(f.percent or f.decimal for f in figs) else 0)
    return "value" if words <= room else "text"


def is_source(text: str) -> bool:
    """Does a cell name a data source (LBF, a kommune, own registration, a survey)?"""
    folded = fold(text)
    return len(text) <= SOURCE_MAX and any(w in folded for w in _source_words())


@cache
def _source_words() -> tuple[str, ...]:
    return tuple(fold(w) for w in goal_table().source_words)
