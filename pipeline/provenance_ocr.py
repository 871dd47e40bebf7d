"""What the OCR of a value's own words says about how surely it was read (scans only).

A block's mean word confidence hides a value's one misread word among its row's many well-read ones
("25" for "35" beside a long indicator text), so each value is judged by its own words: the tokens of its
text are looked up among the words tesseract read in its blocks (pipeline/extractors keep them with each
block, with tesseract's confidence in each), and the least sure one counts. A token the OCR repair or a
word rejoin changed is not among them and is left out: the repair has its own say elsewhere.
"""

from __future__ import annotations

import re

from models import Block

_TOKEN = re.compile(r"[^\W_]+")


def _key(text: str) -> str:
    """A word as compared: its letters and digits, lower case (punctuation and bullets vary by reading)."""
    return "".join(_TOKEN.findall(text)).lower()


def word_confidences(text: str, blocks: list[Block]) -> list[float]:
    """Tesseract's confidence in each of the value's words that its blocks hold, in the value's order.
    A word read more than once in the blocks (a year in two cells of a row) counts at its surest: which
    reading is the value's is not known, and a value should not pay for its neighbour's misreading."""
    known: dict[str, float] = {}
    for block in blocks:
        for word, conf in block.word_confidences:
            key = _key(word)
            if key:
                known[key] = max(conf, known.get(key, 0.0))
    if not known:
        return []
    keys = (_key(token) for token in text.split())
    return [known[key] for key in keys if key in known]
