"""The one home of the bullet rules: which marks open a list item in each kind of source, and the
record's "• " prefix they all become, so a list reads the same from DOCX, PDF, text exports and scans.

The shapes are data (`templates/bullets.toml`); this module compiles them into the few questions readers
ask: turn a line's leading mark into "• " (`normalise_bullet`, with the OCR misreadings for scans), take
the marker or typed enumerator off a list field's item (`list_item`), map
Word's private-use glyphs in a text export (`private_use_to_bullet`), and tell whether a token or a word
is only a bullet mark (`is_bullet_token`, `is_ocr_bullet`).
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel

from pipeline.catalogue import load_validated

BULLET = "• "  # the record contract's list-item prefix


class BulletShapes(BaseModel, frozen=True):
    """The content of bullets.toml (see its comments for why each shape is there)."""

    glyphs: list[str]
    private_use: list[str]
    spaced: list[str]
    stray_letters: list[str]
    ocr_symbols: list[str]
    ocr_letters: list[str]
    enumerators: list[str]


class _Patterns:
    """The shapes compiled once: a class, so the patterns are built lazily from validated data."""

    def __init__(self, shapes: BulletShapes) -> None:
        glyphs = _chars(shapes.glyphs + shapes.private_use)
        spaced = "|".join(map(re.escape, shapes.spaced))
        letters = "|".join(map(re.escape, shapes.stray_letters))
        symbols = _chars(shapes.ocr_symbols)
        ocr_letters = "|".join(map(re.escape, shapes.ocr_letters))
        self.glyph_class = glyphs
        self.private_use = re.compile(_chars(shapes.private_use))
        self.lead = re.compile(rf"^\s*(?:{glyphs}\s*|(?:{spaced})\s+)(?=\S)")
        self.stray = re.compile(rf"^(?:{letters})\s+(?=\S)")
        self.ocr = re.compile(rf"^\s*(?:{symbols}{{1,3}}|(?:{ocr_letters})(?=\s+[A-ZÆØÅ]))\s+(?=\S)")
        self.ocr_symbols = frozenset("".join(shapes.ocr_symbols))
        self.enumerator = re.compile(rf"^\s*(?:{'|'.join(shapes.enumerators)})\s+(?=\S)")
        self.tokens = frozenset(shapes.glyphs + shapes.private_use + shapes.spaced + shapes.stray_letters)


def _chars(items: list[str]) -> str:
    return "[" + "".join(re.escape(item) for item in items) + "]"


@cache
def _patterns() -> _Patterns:
    return _Patterns(load_validated(BulletShapes, "bullets.toml"))  # type: ignore[arg-type]


def normalise_bullet(line: str, ocr: bool = False, stray_letters: bool = False) -> str:
    """Give a list item the contract's "• " prefix, whatever mark the source used.

    `ocr` adds tesseract's misreadings of a bullet (symbols, or a letter before a capital), for lines read
    from a scan; `stray_letters` adds the letters a bullet became in an OCR'd copy converted to text."""
    patterns = _patterns()
    line = patterns.lead.sub(BULLET, line, count=1)
    if stray_letters and not line.startswith(BULLET):
        line = patterns.stray.sub(BULLET, line.lstrip(), count=1)
    return patterns.ocr.sub(BULLET, line, count=1) if ocr else line


def glyph_class() -> str:
    """The bullet glyphs as a regex character class, for readers that match a glyph inside a pattern."""
    return _patterns().glyph_class


def list_item(line: str) -> str | None:
    """The text of a list item with its typed enumerator ("1. ", "b) ", "(2) ") or bullet taken off; None
    when the line is no list item. For list fields only: elsewhere "1." may number a heading."""
    if line.startswith(BULLET):
        return line.removeprefix(BULLET).strip()
    m = _patterns().enumerator.match(line)
    return line[m.end() :].strip() if m else None


def private_use_to_bullet(text: str) -> str:
    """Word's symbol-font bullet glyphs, as text exports copy them, become "•"."""
    return _patterns().private_use.sub("•", text)


def is_bullet_token(token: str) -> bool:
    """A whitespace-separated token that is only a bullet mark, so the word after it opens a line."""
    return token in _patterns().tokens


def is_ocr_bullet(word: str) -> bool:
    """A word tesseract made of a bullet: only the symbols it reads small round bullets as."""
    return bool(word) and all(char in _patterns().ocr_symbols for char in word)
