"""Line cleanups that the text layer and OCR output both need, so a digital and a scanned copy of one
agreement yield the same text: every bullet glyph becomes "• ". Line-end hyphenation is undone by
`pipeline.linebreaks`, the one home of the hyphen and wrap rules.
"""

from __future__ import annotations

import re

# Bullet glyphs as they appear at line start: Word's symbol-font bullets land in the Private Use Area
# (U+F0B7, U+F0A7), "o" and dashes are Word's second-level and plain-text bullets.
_BULLET = re.compile(r"^\s*(?:[•▪●◦■□➢►\uf0b7\uf0a7\uf0d8\uf076\uf0fc]\s*|[-–o]\s+)(?=\S)")
# Tesseract misreads small round bullets as one or two symbols (".", "+", "«+", "€", ".€", "°", "©"),
# or as the letters "e", "t", "te", "c"; no Danish line starts with those, a letter only before a capital.
OCR_BULLET_SYMBOLS = "«»°©*+.…€•·■®"
_OCR_BULLET = re.compile(rf"^\s*(?:[{OCR_BULLET_SYMBOLS}]{{1,3}}|(?:e|t|te|c)(?=\s+[A-ZÆØÅ]))\s+(?=\S)")


def normalise_bullet(line: str, ocr: bool = False) -> str:
    """Give every list item the contract's "• " prefix, whatever glyph the source used."""
    line = _BULLET.sub("• ", line, count=1)
    return _OCR_BULLET.sub("• ", line, count=1) if ocr else line
