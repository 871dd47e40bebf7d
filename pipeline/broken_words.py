"""Words a narrow table cell broke without a hyphen, put back together.

Word and LibreOffice break a word that is wider than its table column wherever the column ends, with no
hyphen: a Delmål cell of a goals table then reads "Øget beskæftigels" / "e i målgruppen" or "ungdomsuddan" /
"nelse". PDF text layers and scans keep those breaks. A break is mended only when the line before it is a
single token (a word too long for the column fills its line alone), the next line goes on in lower case, and
the Danish lexicon knows the joined word while it does not know one of the pieces, or knows the joined word
better than either: "boligområderne" / "har" and "matematik" / "for" stay apart.
"""

from __future__ import annotations

import re
from functools import cache

from models import Block
from pipeline.lexicon import load_lexicon

MIN_PIECE = 3  # letters the broken line must end with: shorter tails are words of their own ("og", "i")
MIN_PART = 3  # letters each word of a compound has at least
LINKING_LETTERS = "se"  # the letters Danish puts between the words of a compound ("tryghed|s|undersøgelse")
_TAIL = re.compile(r"[^\W\d_]+$")
_HEAD = re.compile(r"[^\W\d_]+")


def rejoin_broken_words(text: str) -> str:
    """`text` (one table cell, lines separated by newlines) with column-broken words joined."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if _broken(out[-1], line):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def _broken(before: str, after: str) -> bool:
    if not after[:1].islower() or " " in before.strip():
        return False
    tail, head = _TAIL.search(before), _HEAD.match(after)
    if tail is None or head is None or len(tail.group()) < MIN_PIECE:
        return False
    first, second = tail.group().lower(), head.group().lower()
    lexicon = load_lexicon()
    joined = lexicon.cost(first + second)
    if joined is not None:
        pieces = [lexicon.cost(first), lexicon.cost(second)]
        return None in pieces or joined <= min(cost for cost in pieces if cost is not None)
    compound = _compound_cost(first + second, len(first))
    if compound is None:
        return False
    readings = [word_cost(first), word_cost(second)]  # "Tofteparken" / "er" reads better apart than as "…park|ener"
    return None in readings or compound < sum(cost for cost in readings if cost is not None)


def word_cost(word: str) -> float | None:
    """The cost of a lower-case word as a known word or, failing that, as a compound; None for neither."""
    known = load_lexicon().cost(word)
    return known if known is not None else _compound_cost(word, -1)


@cache
def _compound_cost(word: str, cut_at: int) -> float | None:
    """The cost of `word` read as a compound whose words do not meet at `cut_at`, the column's break.

    Danish writes compounds as one word ("minoritets|baggrund", "ravns|bjerg|skolen") and no word list
    holds them all. A compound is a known word or compound (with or without a linking "s" or "e") and a
    known word, MIN_PART letters or more each, priced as its words together. The break must fall inside
    one of its words: "Lerbakkeparken" / "har" reads as "…parken|har" only by meeting at the break, which
    is two words, not a broken one.
    """
    lexicon = load_lexicon()
    splits = []
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:cut], word[cut:]
        right_cost = lexicon.cost(right)
        if cut == cut_at or right_cost is None:
            continue
        left_cost = lexicon.cost(left)
        if left_cost is None:
            left_cost = _compound_cost(left, cut_at)
        if left_cost is None and left[-1] in LINKING_LETTERS and len(left) > MIN_PART and cut - 1 != cut_at:
            stem = left[:-1]
            left_cost = lexicon.cost(stem)
            if left_cost is None:
                left_cost = _compound_cost(stem, cut_at)
        if left_cost is not None:
            splits.append(left_cost + right_cost)
    return min(splits, default=None)


def rejoin_in_rows(blocks: list[Block]) -> list[Block]:
    """Every table cell of the blocks, mended; paragraphs are left as they are (their lines wrap at spaces)."""
    return [
        block.model_copy(update={"cells": [rejoin_broken_words(cell) for cell in block.cells]})
        if block.is_row
        else block
        for block in blocks
    ]
