"""Baseline cells → {area, value, unit, text}: "Nørremarken 81,1 %", "95% Viborg Kommune", "Ingen data".

A cell may hold one figure for the whole area or one per boligområde/målgruppe, run together when a
page break or a flattened export removed the line breaks ("29,0 % Løget Høj 37,1 % …"). Figures are the
numbers with a % or a decimal comma (or, when there are none, the bare integers); the text between two
figures names the area of the second one. A count beside a figure ("7,3 % (41 elever)", "7,3% 41 elever",
"29 unge (61,0 %)") qualifies that figure: it is kept in its text and names no area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from models import Baseline
from pipeline.catalogue import goal_table

_PAREN = re.compile(r"\([^()]*\)")
_YEAR_PAREN = re.compile(r"\(\s*((?:19|20)\d{2}(?:\s*/\s*(?:19|20)?\d{2})?)\s*\)")
_NUMBER = re.compile(r"(?<![\w,.\-/])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+)|\.(\d+))?(?![\w\-/+])\s*(%|pct\.?|procent)?")
_TRIM = " ,;:–—-|"
LONG_PIECE = 80  # a piece longer than this is a run-together cell: its year qualifiers are dropped


@cache
def no_data_pattern() -> re.Pattern[str]:
    phrases = sorted(goal_table().no_data_phrases, key=len, reverse=True)
    alt = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<!\w)({alt})(?!\w)", re.IGNORECASE)


def _nouns() -> str:
    """The count nouns as a regex alternation, longest first."""
    return "|".join(re.escape(n) for n in sorted(goal_table().count_nouns, key=len, reverse=True))


@cache
def _count() -> re.Pattern[str]:
    """A count qualifier: "41 elever", "(41 elever)" (`match` for one at the start, `sub` for all)."""
    return re.compile(rf"\s*\(?\s*\d[\d.]*\s+(?:{_nouns()})\b\.?\s*\)?", re.IGNORECASE)


@cache
def _count_noun() -> re.Pattern[str]:
    """The noun of a count written after its figure ("112 beboere"): part of that figure, not the next area."""
    return re.compile(rf"\s+(?:{_nouns()})\b\.?", re.IGNORECASE)


@dataclass(frozen=True)
class _Figure:
    start: int
    end: int
    value: float | None
    percent: bool
    decimal: bool


def mask_parens(text: str) -> str:
    """Blank out parenthesised qualifiers so their numbers and words do not count as figures."""
    prev = None
    while prev != text:
        prev = text
        text = _PAREN.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _numbers(text: str, masked: str) -> list[_Figure]:
    out = []
    for m in _NUMBER.finditer(masked):
        whole = m.group(1).replace(".", "")
        frac = m.group(2) or m.group(3)
        value = float(f"{whole}.{frac}") if frac else float(whole)
        end = m.end() if m.group(4) else m.end(2 if m.group(2) else 3 if m.group(3) else 1)  # no trailing gap
        out.append(_Figure(m.start(), end, value, bool(m.group(4)), bool(frac)))
    return out


def figures(text: str) -> list[_Figure]:
    """The figures of a cell, in order, "no data" phrases as figures without a value."""
    masked = mask_parens(text)
    figs = _numbers(text, masked)
    if figs and not any(f.percent or f.decimal for f in figs) and all(_count().match(text[f.start:]) for f in figs):
        # "29 unge (61,0 %)": the counts qualify the percentage written in parentheses
        inner = [f for f in _numbers(text, text) if f.percent and masked[f.start] == " "]
        figs = inner or figs
    figs += [_Figure(m.start(), m.end(), None, False, False) for m in no_data_pattern().finditer(masked)]
    figs.sort(key=lambda f: f.start)
    if any(f.percent or f.decimal for f in figs):
        figs = [f for f in figs if f.value is None or f.percent or f.decimal]
    return figs


def _unit(fig: _Figure, context: str) -> Literal["percent", "count", "grade", "other"] | None:
    if fig.value is None:
        return None
    if fig.percent:
        return "percent"
    lowered = context.lower()
    if fig.decimal:
        return "grade" if any(w in lowered for w in goal_table().grade_words) else "other"
    return "count"


def _area(segment: str) -> str | None:
    """The area a text before (or after) a figure names; a count qualifier or a unit word
    ("karaktersnit 6,2") names none."""
    segment = _count().sub(" ", _YEAR_PAREN.sub(" ", segment))
    area = " ".join(segment.strip(_TRIM + "( ").split())
    return None if not area or area.lower() in _unit_words() else area


@cache
def _unit_words() -> frozenset[str]:
    vocab = goal_table()
    return frozenset(w.lower() for w in [*vocab.grade_words, *vocab.count_nouns])


def _qualifier(tail: str) -> str | None:
    """The area a parenthesised qualifier names: after a dash ("(… – i boligomr.)" → "i boligomr."), or
    the whole of it when it is a name ("41 % (Lerbakkeparken)"); a year, a count, a note in lower case or an
    acronym (a source: "(LBF)") names none."""
    m = re.match(r"\s*\(([^()]*)\)", tail)
    if not m:
        return None
    inner = m.group(1).strip()
    if re.search(r"\s[–-]\s", inner):
        return re.split(r"\s[–-]\s", inner)[-1].strip() or None
    if _is_name(inner):
        return _area(inner)
    return None


def _is_name(text: str) -> bool:
    """A place or group named in capitals ("Lerbakkeparken", "Stensbølle Vænge", "Drenge og Piger"), not an
    acronym (a source: "LBF"), a figure or a note ("Besvarelse ”Enig/meget enig”")."""
    words = text.split()
    links = goal_table().continuation_words
    return (
        bool(words)
        and not text.isupper()
        and all(w[:1].isupper() or w in links for w in words)
        and words[0][:1].isupper()
        and not any(c.isdigit() or c in "\"”“/" for c in text)
    )


def parse_baselines(text: str, indicator: str = "") -> list[Baseline]:
    """All figures of one baseline cell, each with the area it is for (None when one figure for all)."""
    text = " ".join(text.split())
    figs = figures(text)
    if not figs:
        return []
    out: list[Baseline] = []
    prev_end = 0
    for i, fig in enumerate(figs):
        seg_end = figs[i + 1].start if i + 1 < len(figs) else len(text)
        tail = re.match(r"(?:\s*\([^()]*\))+|\s*\)", text[fig.end : seg_end])  # qualifiers, or the ")" it is in
        after = fig.end + (tail.end() if tail else 0)
        count = _count().match(text[after:seg_end]) or _count_noun().match(text[after:seg_end])
        piece_end = after + (count.end() if count else 0)
        before = text[prev_end : fig.start]
        area = _area(before) or _qualifier(text[fig.end : piece_end])
        start = prev_end if _area(before) or _count().match(before) else fig.start
        piece = text[start:piece_end]
        unit = _unit(fig, f"{indicator} {piece}")
        out.append(Baseline(area=area, value=fig.value, unit=unit, text=_clean_piece(piece)))
        prev_end = piece_end
    if len(figs) == 1:
        trailing = _area(mask_parens(text[prev_end:]))
        area = out[0].area or trailing
        out[0] = out[0].model_copy(update={"area": area, "text": text.strip(_TRIM + " ")})
    return out


def _clean_piece(piece: str) -> str:
    return _YEAR_PAREN.sub("", piece).strip(_TRIM + " ") if len(piece) > LONG_PIECE else piece.strip(_TRIM + " ")


def split_areas(text: str) -> list[str]:
    """Area names listed in one cell without figures: "A (x) B (y) C (z)" → three areas."""
    return [p.strip() for p in re.split(r"(?<=\))\s+(?=[A-ZÆØÅ])", text.strip()) if p.strip()]
