"""Field values as text: lines → paragraphs joined with "\\n", hard wraps and page-break splits undone.

Exports keep one paragraph per line; OCR and PDF text is hard-wrapped at the page width. Which one a
document is decides how lines are joined, so it is measured once per document (`wrap_width`).
"""

from __future__ import annotations

import itertools
import re

from pipeline.bullets import BULLET, list_item
from pipeline.linebreaks import join_wrapped
from pipeline.units import Line

_SENTENCE_END = re.compile(r"[.!?:;)\"”]$")


ROW_AS_LINE_MAX = 80  # cells this short are fields of one item (name, role, organisation), not prose
CELL_SEPARATOR = " – "
FULL_LINE = 0.6  # a wrapped line at least this share of the page width ran on into the next


def wrap_width(lines: list[Line]) -> int | None:
    """The page width (in characters) the text was hard-wrapped at (OCR, PDF), or None for unwrapped text
    (exports with one paragraph per line): many lines must run on into a lower-case next line."""
    texts = [ln for ln in lines if ln.kind == "text"]
    if len(texts) < 20:
        return None
    run_on = sum(
        1
        for a, b in itertools.pairwise(lines)
        if a.kind == b.kind == "text" and b.text[:1].islower() and not a.text.startswith(BULLET)
    )
    if run_on / len(texts) <= 0.08:
        return None
    lengths = sorted(len(ln.text) for ln in texts)
    return lengths[int(len(lengths) * 0.9)]


def row_lines(cells: list[str]) -> list[str]:
    """A table row as lines of a value: a small row (parties, staff, a schedule) is one line with its
    cells joined by " – "; a row of longer cells gives each paragraph of each cell a line."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) > 1 and all("\n" not in c and len(c) <= ROW_AS_LINE_MAX for c in filled):
        return [CELL_SEPARATOR.join(filled)]
    return [p.strip() for c in filled for p in c.split("\n") if p.strip()]


def _line_texts(lines: list[Line]) -> list[str | None]:
    """Text lines in order, None for a blank (paragraph break); row cells become lines of their own."""
    out: list[str | None] = []
    for ln in lines:
        if ln.kind == "blank":
            out.append(None)
        elif ln.kind == "row":
            out.extend(row_lines(ln.cells))
            out.append(None)
        else:
            out.append(ln.text.strip())
    return out


def to_paragraphs(lines: list[Line], width: int | None) -> list[str]:
    """Paragraph strings of a field value, in order, bullets kept as "• " items."""
    paras: list[str] = []
    gap = True  # a blank line (or the start) came before the current line
    last = ""  # the previous source line (its length tells a full, wrapped line)
    for text in _line_texts(lines):
        if text is None:
            gap = True
            continue
        if not paras:
            paras.append(text)
        elif _continues(last, text, width, gap):
            paras[-1] = join_wrapped(paras[-1], text)
        else:
            paras.append(text)
        last = text
        gap = False
    return [p for p in paras if p.strip()]


def _continues(prev: str, text: str, width: int | None, gap: bool) -> bool:
    """Does `text` continue the line `prev`? A lower-case start after an open sentence always does (a page
    break cut it); in wrapped text, a line that filled the width runs on unless a list item follows."""
    if list_item(text) is not None:  # a bullet or a typed enumerator ("b) Lektiecafé") opens an item
        return False
    if text[:1].islower() and not _SENTENCE_END.search(prev):
        return True
    if width is None or gap:
        return False
    return len(prev) >= FULL_LINE * width


