"""Fuzzy matching of template headings and labels, tolerant of OCR damage and export residue.

Text is compared in a folded form: lower case, æøå spelled out the way OCR without Danish data
renders them, OCR look-alikes (`&`, `@`, `®`) mapped, punctuation dropped. Headings are matched word by
word at the start of a line with rapidfuzz, so "Delm&l og indikatorer" and "Målgruppe®:" match while
"Formålet er:" (a different word) does not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from pipeline.catalogue import template

_FOLD_MAP = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "&": "a", "@": "o", "é": "e", "ü": "u", "ö": "o"})
_NON_WORD = re.compile(r"[^0-9a-z\s/]+")
_WORD = re.compile(r"\S+")
# "3. ", "a) ", and "7, " as OCR often reads a section number's period at 150-200 dpi
_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}[.),]|[a-h][.)])\s+(?=[A-ZÆØÅ])")
_BOUNDARY_OK = re.compile(r"^\s*($|[:|(\-–—\"”“'•*]|[A-ZÆØÅ0-9@])")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Comparison form of a text: see module docstring."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD_MAP)
    text = text.replace("®", "r")
    return " ".join(_NON_WORD.sub("", text).replace("/", " ").split())


@dataclass(frozen=True)
class HeadingMatch:
    """A heading found at the start of a text: which one, how well, and where its value begins."""

    key: str
    score: float
    end: int  # index in the searched text just after the heading words


MAX_WINDOW_WORDS = 60


class _PrefixFolds:
    """Folded forms of a line's first 1, 2, … words, computed only as far as a heading needs them: most
    lines are rejected on their first word, so folding the whole line up front would be wasted."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = _WORD.finditer(text)
        self.folds: list[tuple[int, str]] = []

    def __len__(self) -> int:
        self._extend(MAX_WINDOW_WORDS)
        return len(self.folds)

    def get(self, n: int) -> tuple[int, str] | None:
        """(end offset, folded text) of the first n words, or None when the line is shorter."""
        self._extend(n)
        return self.folds[n - 1] if n <= len(self.folds) else None

    def _extend(self, n: int) -> None:
        while len(self.folds) < min(n, MAX_WINDOW_WORDS):
            m = next(self.words, None)
            if m is None:
                return
            acc = self.folds[-1][1] if self.folds else ""
            w = fold(m.group(0))
            self.folds.append((m.end(), f"{acc} {w}" if acc and w else (acc or w)))


@lru_cache(maxsize=1024)
def _targets(names: tuple[str, ...]) -> tuple[tuple[str, int, str], ...]:
    """Folded names with their word count and their second and third letters (for the pre-check)."""
    return tuple((t, len(t.split()), t[1:3]) for t in map(fold, names) if t)


def match_heading(
    text: str,
    candidates: dict[str, list[str]],
    cutoff: float,
    require_boundary: bool = True,
    capital_start: bool = True,
) -> HeadingMatch | None:
    """Best heading among `candidates` (key → names) that `text` starts with, or None.

    Windows of the text's first words (about the heading's length) are compared with each name; one-word
    names need the same length (a damaged letter, never a longer word). The rest of the text must start
    at a sensible boundary (end, colon, pipe, parenthesis, capital letter), so prose that merely begins
    with a heading's words is not cut. A heading must start with a capital unless `capital_start` is off
    (after a section number that already names the heading, an OCR'd "lort" may stand for "Kort").
    """
    enum = _ENUMERATOR.match(text)
    if enum:  # "1. Navn på …", "a) Formål": typed list numbers are no part of a heading
        found = match_heading(text[enum.end() :], candidates, cutoff, require_boundary, capital_start)
        return HeadingMatch(found.key, found.score, found.end + enum.end()) if found else None
    first = text.lstrip(" •*\"”“'(")[:1]
    # Template headings start with a capital; "strategiske samarbejdsaftale." is prose. A line that is
    # only a heading and its colon is a label whatever its first letter (OCR reads "Indhold" as "indhold").
    lower_label = capital_start and first.isalpha() and not first.isupper()
    if lower_label and not text.rstrip().endswith(":"):
        return None
    prefixes = _PrefixFolds(text[:800])
    first_word = prefixes.get(1)
    if first_word is None:
        return None
    head = first_word[1] or (prefixes.get(2) or (0, ""))[1]
    if not head:
        return None
    # Cheap pre-check before fuzzy scoring: the line's first word shares the heading's first letter, or,
    # when OCR got that one wrong ("Yision", "lort"), the two after it.
    lead, after_lead = head[0], head[1:3] if len(head) >= 3 else None
    lone = _is_lone_label(text)
    if lone:
        cutoff = min(cutoff, template().lone_label_cutoff)
    best: HeadingMatch | None = None
    for key, names in candidates.items():
        for target, n_words, target_after_lead in _targets(tuple(names)):
            if target[0] != lead and target_after_lead != after_lead:
                continue
            # Windows of whole words whose folded length is near the heading's: a PDF cell or OCR line
            # may split words ("indsatsom rådet"), so the word count alone would cut the window short.
            for n in range(max(1, n_words - 2), 2 * n_words + 3):
                window = prefixes.get(n)
                if window is None:
                    break
                end, got = window
                if n > n_words + 2 and len(got) > len(target) * 1.15:
                    break
                if not got:
                    continue
                score = fuzz.ratio(got, target)
                if score < cutoff or (n_words == 1 and len(got) != len(target) and not _lone_label(lone, got, target)):
                    continue  # one-word headings: a damaged letter, never a longer word
                end = _extend_over_punct(text, end)
                if require_boundary and not _BOUNDARY_OK.match(text[end:]):
                    continue
                if lower_label and (text[end:].strip() or n > n_words + 1):
                    continue  # a lower-case label is the whole line, its words no more than the heading's
                if best is None or score > best.score or (score == best.score and end > best.end):
                    best = HeadingMatch(key, score, end)
    return best


def _is_lone_label(text: str) -> bool:
    """One word and its colon first: a label by its shape ("Målgruppef(r):" over its text, a label cell)."""
    words = text.split(maxsplit=1)
    return bool(words) and words[0].endswith(":") and len(words[0]) > 1


def _lone_label(lone: bool, got: str, target: str) -> bool:
    """A lone label may have one letter more or less than the heading: OCR inserts and drops letters, and
    a colon-ended lone word is no prose word."""
    return lone and abs(len(got) - len(target)) == 1


def _extend_over_punct(text: str, end: int) -> int:
    """Move past a colon or pipe that closes a heading ("Formål:", "Formål |")."""
    m = re.match(r"\s*[:|]+", text[end:])
    return end + m.end() if m else end


def best_label(text: str, labels: dict[str, list[str]], cutoff: float) -> tuple[str, float] | None:
    """Which label a whole short text is (e.g. a focus-area title), by folded fuzzy ratio."""
    choices = {f"{key}\x00{i}": fold(name) for key, names in labels.items() for i, name in enumerate(names)}
    hit = process.extractOne(fold(text), choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    if hit is None:
        return None
    return hit[2].split("\x00")[0], hit[1]
