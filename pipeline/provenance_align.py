"""Find where a value stands in the read text, independently of how its parser built it.

Values differ from their source in layout only (hard-wrapped lines joined, cells split, bullets and case
kept or not), or by guidance cut out of them, or by OCR repairs. So both are compared in a squeezed form:
lower case, every run of white space, table pipes and bullet marks one space. A value's opening and closing
words are looked up exactly (str.find, from where its agreement or the previous value stands), and only
when that fails by fuzzy alignment (rapidfuzz) in a bounded window, so the cost stays linear in the
document for all but the few values that were reconstructed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from rapidfuzz import fuzz

_TOKEN = re.compile(r"[^\s|•]+")
PROBE = 40  # characters of a value's opening (and closing) looked up
WINDOW = 30_000  # characters searched fuzzily after the hint
FUZZY_CUTOFF = 72.0  # partial-ratio score below which a value counts as not found


@dataclass(frozen=True)
class Hit:
    """A value's span in the read text and how well it matched (1.0: its words are there as written)."""

    start: int
    end: int
    quality: float
    tail_found: bool = True


def squeeze(text: str) -> str:
    joined = " ".join(_TOKEN.findall(text))
    lowered = joined.lower()
    return lowered if len(lowered) == len(joined) else joined


class Aligner:
    """The squeezed read text, with the map from its offsets back to the read text's."""

    def __init__(self, text: str) -> None:
        self.text = text
        words = _TOKEN.findall(text)
        self.orig_starts = [m.start() for m in _TOKEN.finditer(text)]
        # A token's squeezed offset: the lengths of the tokens before it, plus one space after each.
        self.sq_starts = list(accumulate((len(w) + 1 for w in words[:-1]), initial=0)) if words else []
        joined = " ".join(words)
        lowered = joined.lower()
        self.squeezed = lowered if len(lowered) == len(joined) else joined  # as squeeze() does

    def to_squeezed(self, offset: int) -> int:
        """Squeezed offset of the first token at or after a read-text offset."""
        i = bisect_right(self.orig_starts, offset - 1)
        return self.sq_starts[i] if i < len(self.sq_starts) else len(self.squeezed)

    def to_text(self, pos: int, end: bool = False) -> int:
        """Read-text offset of a squeezed offset (for an end: just past the character before it)."""
        if not self.sq_starts:
            return 0
        p = pos - 1 if end else pos
        i = max(bisect_right(self.sq_starts, p) - 1, 0)
        offset = self.orig_starts[i] + min(p - self.sq_starts[i], len(self.text))
        return min(offset + 1, len(self.text)) if end else offset

    def locate(self, value: str, hints: list[int]) -> Hit | None:
        """The span of `value`, searched from each hint (squeezed offsets) in turn, best first."""
        short = len(value) <= 4 * PROBE  # a long value: only its opening and closing are looked up
        v = squeeze(value) if short else f"{squeeze(value[: 2 * PROBE])} {squeeze(value[-2 * PROBE :])}"
        if not v:
            return None
        head = v[:PROBE]
        start, quality, head_end = self._find(head, hints)
        if start < 0:
            return None
        end, tail_found = self._end(v, len(value), start, head_end)
        return Hit(self.to_text(start), self.to_text(end, end=True), quality, tail_found)

    def _find(self, probe: str, hints: list[int]) -> tuple[int, float, int]:
        for hint in hints:
            at = self.squeezed.find(probe, hint)
            if at >= 0:
                return at, 1.0, at + len(probe)
        for hint in hints[:1]:
            window = self.squeezed[hint : hint + WINDOW]
            found = fuzz.partial_ratio_alignment(probe, window, score_cutoff=FUZZY_CUTOFF)
            if found is not None:
                return hint + found.dest_start, found.score / 100, hint + found.dest_end
        return -1, 0.0, -1

    def _end(self, v: str, length: int, start: int, head_end: int) -> tuple[int, bool]:
        """Where the value's closing words end (`v` is its squeezed opening and closing, `length` its full
        length), and whether they were found at all."""
        if len(v) <= PROBE:
            return head_end, True
        tail = v[-PROBE:]
        limit = start + 2 * length + 400
        at = self.squeezed.find(tail, start, limit)
        if at >= 0:
            return at + len(tail), True
        window = self.squeezed[start:limit]
        found = fuzz.partial_ratio_alignment(tail, window, score_cutoff=FUZZY_CUTOFF)
        if found is not None:
            return start + found.dest_end, True
        return min(start + length, len(self.squeezed)), False
