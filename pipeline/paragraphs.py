"""Field values as text: lines → paragraphs joined with "\\n", hard wraps and page-break splits undone.

Exports keep one paragraph per line; OCR and PDF text is hard-wrapped at the page width. Which one a
document is decides how lines are joined, so it is measured once per document (`is_hard_wrapped`).
"""

from __future__ import annotations

import itertools
import re

from pipeline.segment import Line

BULLET = "• "
_SENTENCE_END = re.compile(r"[.!?:;)\"”]$")
_HYPHEN_END = re.compile(r"[a-zæøå]-$")
_NO_JOIN_AFTER_HYPHEN = {"og", "eller", "samt", "hhv", "hhv.", "til", "som", "&"}


def is_hard_wrapped(lines: list[Line]) -> bool:
    """True when the text was wrapped at a fixed width (OCR, PDF): many lines run on in the next line."""
    texts = [ln for ln in lines if ln.kind == "text"]
    if len(texts) < 20:
        return False
    run_on = sum(
        1
        for a, b in itertools.pairwise(lines)
        if a.kind == b.kind == "text" and b.text[:1].islower() and not a.text.startswith(BULLET)
    )
    return run_on / len(texts) > 0.08


def _line_texts(lines: list[Line]) -> list[str | None]:
    """Text lines in order, None for a blank (paragraph break); row cells become lines of their own."""
    out: list[str | None] = []
    for ln in lines:
        if ln.kind == "blank":
            out.append(None)
        elif ln.kind == "row":
            out.extend(p.strip() for c in ln.cells if c.strip() for p in c.split("\n") if p.strip())
            out.append(None)
        else:
            out.append(ln.text.strip())
    return out


def _join(prev: str, nxt: str) -> str:
    if _HYPHEN_END.search(prev) and nxt[:1].islower() and nxt.split()[0] not in _NO_JOIN_AFTER_HYPHEN:
        return prev[:-1] + nxt
    return prev + " " + nxt


def to_paragraphs(lines: list[Line], wrapped: bool) -> list[str]:
    """Paragraph strings of a field value, in order, bullets kept as "• " items."""
    paras: list[str] = []
    gap = True  # a blank line (or the start) came before the current line
    for text in _line_texts(lines):
        if text is None:
            gap = True
            continue
        if not paras:
            paras.append(text)
        elif _continues(paras[-1], text, wrapped, gap):
            paras[-1] = _join(paras[-1], text)
        else:
            paras.append(text)
        gap = False
    return [p for p in paras if p.strip()]


def _continues(prev: str, text: str, wrapped: bool, gap: bool) -> bool:
    """Does `text` continue the paragraph `prev`? A lower-case start after an open sentence always does
    (a page break cut it); in wrapped text, adjacent lines do unless a list item or a short closed line."""
    if text.startswith(BULLET):
        return False
    if text[:1].islower() and not _SENTENCE_END.search(prev):
        return True
    if not wrapped or gap:
        return False
    return not _SENTENCE_END.search(prev) or text[:1].islower()


def to_text(lines: list[Line], wrapped: bool) -> str | None:
    """A field's value as one string (paragraphs joined with newlines), or None when empty."""
    text = "\n".join(to_paragraphs(lines, wrapped)).strip()
    return text or None
