"""Words pandoc broke in a narrow grid-table cell, put back together.

pandoc lays a cell's text out at the cell's width. A word wider than the cell is cut, without a hyphen,
into a head of (length mod width) characters, which goes on the current line like any word, and pieces
exactly as wide as the cell, each on a line of its own: "Friti" / "dsunders" / "øgelsen,", "Lerb" /
"akkeparken:", "20" / "24/25", "**" / "Delmål**" (bold marks count as characters). So a line that is one
token filling the cell is either such a piece or a word that happened to be as wide as the cell, and the
words decide which: the line goes on the word before it when the break left a fragment on either side
(letters that are no word and no compound of words: "dsunders", "Jobin", "kontanthjæ", a lone "T") and
the other side is not one of the commonest words ("Vi" / "behøjparken" stays apart, as "i" /
"minoritetsbaggrund," must). Two whole words stay apart ("etnisk" / "minoritetsbaggrund,"), also where
they were one compound ("alders" / "svarende"): Danish compounds are open-ended, so no list can tell.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.lexicon import load_lexicon

COMMON_WORD_COST = 2.5  # lexicon cost up to which a word is among the commonest ("og" 0.5, "vi" 1.2)
SINGLE_LETTER_COST = 1.0  # "i" (0.5) is a word; other letters (2.1 and up) are web-text noise in wordfreq
MIN_COMPOUND_PART = 4  # letters of each word a compound is read as ("minoritet|s|baggrund")
LINKING_LETTERS = ("s", "e")  # Danish compounds join their parts with these ("fritid-s-tilbud")
MAX_COMPOUND_PARTS = 3
_OPENING = ("(", "[", "/", '"', "“")  # no line ends in an opening bracket of its own
_HEAD = re.compile(r"[^\W\d_]+$")
_TAIL = re.compile(r"^[^\W\d_]+")


def word_broken(before: str, line: str, width: int | None) -> bool:
    """True when `line` (one line of a grid cell `width` characters wide) goes on the last word of `before`
    without a space; see the module docstring."""
    if width is None or len(line) != width or " " in line:
        return False
    token = before.rsplit(None, 1)[-1] if before.strip() else ""
    if token and not token.strip("*_"):
        return True  # "**" / "Delmål**": the bold marks were cut off the word
    if token.isdigit() and line[:1].isdigit():
        return True  # "20" / "24/25": a figure wider than the cell
    if not line[:1].islower():
        return False
    if before.endswith(_OPENING):
        return True
    head, tail = _HEAD.search(before), _TAIL.match(line)
    if head is None or tail is None:
        return False
    first, second = head.group().lower(), tail.group().lower()
    return (_fragment(first) and not _common(second)) or (_fragment(second) and not _common(first))


@cache
def _fragment(piece: str) -> bool:
    """Letters that read as part of a word: unknown and no compound, or a short piece that is no common word."""
    cost = load_lexicon().cost(piece)
    if len(piece) == 1:
        return cost is None or cost > SINGLE_LETTER_COST
    if len(piece) < MIN_COMPOUND_PART:
        return cost is None or cost > COMMON_WORD_COST
    return not _compound(piece, MAX_COMPOUND_PARTS)


def _common(piece: str) -> bool:
    cost = load_lexicon().cost(piece)
    return cost is not None and cost <= COMMON_WORD_COST


def _compound(word: str, parts: int) -> bool:
    """The word is known, or reads as known words of at least MIN_COMPOUND_PART letters (a linking letter
    between them allowed), at most `parts` of them."""
    lexicon = load_lexicon()
    if lexicon.cost(word) is not None:
        return True
    if parts <= 1:
        return False
    for cut in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        left = word[:cut]
        linked = left[-1] in LINKING_LETTERS and cut > MIN_COMPOUND_PART and lexicon.cost(left[:-1]) is not None
        if (lexicon.cost(left) is not None or linked) and _compound(word[cut:], parts - 1):
            return True
    return False
