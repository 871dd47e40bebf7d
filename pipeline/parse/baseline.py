"""Baseline cells → {area, value, unit, text}: "Nørremarken 81,1 %", "95% Viborg Kommune", "Ingen data".

A cell may hold one figure for the whole area or one per boligområde/målgruppe, run together when a
page break or a flattened export removed the line breaks ("29,0 % Løget Høj 37,1 % …"). Figures are the
numbers with a % or a decimal comma (or, when there are none, the bare integers); the text between two
figures names the area of the second one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from models import Baseline
from pipeline.catalogue import template

CellKind = Literal["empty", "value", "year", "text"]

_PAREN = re.compile(r"\([^()]*\)")
_YEAR_PAREN = re.compile(r"\(\s*((?:19|20)\d{2}(?:\s*/\s*(?:19|20)?\d{2})?)\s*\)")
_NUMBER = re.compile(r"(?<![\w,.\-/])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+)|\.(\d+))?(?![\w\-/+])\s*(%|pct\.?|procent)?")
_YEAR_CELL = re.compile(r"^[A-Za-zÆØÅæøå .:]{0,25}?\s*(?:19|20)\d{2}(?:\s*/\s*(?:19|20)?\d{2})?\.?$")
_WORDS = re.compile(r"[A-Za-zÆØÅæøå]{2,}")
_TRIM = " ,;:–—-|"


@cache
def _no_data() -> re.Pattern[str]:
    phrases = sorted(template().vocab.no_data_phrases, key=len, reverse=True)
    alt = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<!\w)({alt})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class _Figure:
    start: int
    end: int
    value: float | None
    percent: bool
    decimal: bool


def _mask_parens(text: str) -> str:
    """Blank out parenthesised qualifiers so their numbers and words do not count as figures."""
    prev = None
    while prev != text:
        prev = text
        text = _PAREN.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _figures(text: str) -> list[_Figure]:
    masked = _mask_parens(text)
    figs: list[_Figure] = []
    for m in _NUMBER.finditer(masked):
        whole = m.group(1).replace(".", "")
        frac = m.group(2) or m.group(3)
        value = float(f"{whole}.{frac}") if frac else float(whole)
        figs.append(_Figure(m.start(), m.end(), value, bool(m.group(4)), bool(frac)))
    for m in _no_data().finditer(masked):
        figs.append(_Figure(m.start(), m.end(), None, False, False))
    figs.sort(key=lambda f: f.start)
    if any(f.percent or f.decimal for f in figs):
        figs = [f for f in figs if f.value is None or f.percent or f.decimal]
    return figs


def classify_cell(text: str) -> CellKind:
    """What a Delmål-table cell holds: a figure (or "no data"), a year, text, or nothing."""
    s = text.strip()
    if not s:
        return "empty"
    if _YEAR_CELL.match(s) and "%" not in s and "," not in s:
        return "year"
    figs = _figures(s)
    if not figs:
        return "text"
    masked = _no_data().sub(" ", _mask_parens(s))
    words = len(_WORDS.findall(masked))
    return "value" if words <= 2 * len(figs) + 1 else "text"  # "Løget Høj 80,9 %", not a sentence with a number


def cell_year(text: str) -> str | None:
    """A year written in a cell, "90,7% (2019)" → "2019"."""
    m = _YEAR_PAREN.search(text)
    return m.group(1) if m else None


def _unit(fig: _Figure, indicator: str) -> Literal["percent", "count", "grade", "other"] | None:
    if fig.value is None:
        return None
    if fig.percent:
        return "percent"
    lowered = indicator.lower()
    if fig.decimal:
        return "grade" if any(w in lowered for w in template().vocab.grade_words) else "other"
    return "count"


def _area(segment: str) -> str | None:
    area = _YEAR_PAREN.sub(" ", segment).strip(_TRIM + " ")
    return " ".join(area.split()) or None


def _qualifier(tail: str) -> str | None:
    """The area a parenthesised qualifier names after a dash: "(… – i boligomr.)" → "i boligomr."."""
    m = re.match(r"\s*\(([^()]*)\)", tail)
    if m and re.search(r"\s[–-]\s", m.group(1)):
        return re.split(r"\s[–-]\s", m.group(1))[-1].strip() or None
    return None


def parse_baselines(text: str, indicator: str = "") -> list[Baseline]:
    """All figures of one baseline cell, each with the area it is for (None when one figure for all)."""
    text = " ".join(text.split())
    figs = _figures(text)
    if not figs:
        return []
    out: list[Baseline] = []
    prev_end = 0
    for i, fig in enumerate(figs):
        seg_end = figs[i + 1].start if i + 1 < len(figs) else len(text)
        paren = re.match(r"(?:\s*\([^()]*\))+", text[fig.end : seg_end])
        piece_end = fig.end + (paren.end() if paren else 0)
        area = _area(text[prev_end : fig.start])
        if area is None:
            area = _qualifier(text[fig.end : piece_end])
        start = prev_end if _area(text[prev_end : fig.start]) else fig.start
        piece = text[start:piece_end]
        out.append(Baseline(area=area, value=fig.value, unit=_unit(fig, indicator), text=_clean_piece(piece)))
        prev_end = piece_end
    if len(figs) == 1 and out[0].area is None:
        trailing = _area(_mask_parens(text[figs[0].end :]))
        if trailing:
            out[0] = out[0].model_copy(update={"area": trailing, "text": text.strip()})
    return out


def _clean_piece(piece: str) -> str:
    return _YEAR_PAREN.sub("", piece).strip(_TRIM + " ") if len(piece) > 80 else piece.strip(_TRIM + " ")


def split_areas(text: str) -> list[str]:
    """Area names listed in one cell without figures: "A (x) B (y) C (z)" → three areas."""
    parts = [p.strip() for p in re.split(r"(?<=\))\s+(?=[A-ZÆØÅ])", text.strip()) if p.strip()]
    return parts
