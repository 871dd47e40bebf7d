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
    joined = _cost(first + second)
    if joined is None:
        return False
    lexicon = load_lexicon()
    pieces = [lexicon.cost(first), lexicon.cost(second)]  # a piece that reads only as a compound is no word
    return None in pieces or joined <= min(cost for cost in pieces if cost is not None)


def _cost(word: str) -> float | None:
    """The lexicon's cost of `word`, or of the compound it is: Danish writes compounds as one word
    ("minoritets|baggrund", "bolig|organisationerne") and no word list holds them all. A compound is a
    known word (with or without a linking "s" or "e") and a known word of MIN_PART letters or more each,
    priced as the two together, so that two known pieces are not glued into a dearer compound."""
    lexicon = load_lexicon()
    known = lexicon.cost(word)
    if known is not None:
        return known
    splits = []
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:cut], word[cut:]
        right_cost = lexicon.cost(right)
        if right_cost is None:
            continue
        left_cost = lexicon.cost(left)
        if left_cost is None and left[-1] in LINKING_LETTERS and len(left) > MIN_PART:
            left_cost = lexicon.cost(left[:-1])
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
