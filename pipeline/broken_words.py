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
    lexicon = load_lexicon()
    first, second = tail.group().lower(), head.group().lower()
    joined = lexicon.cost(first + second)
    if joined is None:
        return False
    pieces = [lexicon.cost(first), lexicon.cost(second)]
    return None in pieces or joined < min(cost for cost in pieces if cost is not None)


def rejoin_in_rows(blocks: list[Block]) -> list[Block]:
    """Every table cell of the blocks, mended; paragraphs are left as they are (their lines wrap at spaces)."""
    return [
        block.model_copy(update={"cells": [rejoin_broken_words(cell) for cell in block.cells]})
        if block.is_row
        else block
        for block in blocks
    ]
