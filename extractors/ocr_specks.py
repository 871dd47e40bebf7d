"""Dirt read as words: unsure "words" that tesseract made out of dust, specks and hairs on the scan.

A dirty scanner glass or a photocopy of a photocopy leaves speck clusters and curved hairs that
tesseract reads as short words ("Eg", "DE", "se") with little confidence. In a label cell
("Målgruppe(r): se") or beside a heading they break the template match; in a value cell they end up in
the value ("2025 Er:"). Words with letters are otherwise always kept (a right word after a cell border
is often read unsurely too, see ocr_layout), so these are told apart by their ink, which tesseract's
confidence does not look at:

- a hair or a rule's trace is a thin stroke across a wide box: its box holds far less ink than any
  printed word's (printed words at 150-400 dpi fill 8-20 % of their box, a hair 1-3 %);
- a speck cluster is many dots, each far smaller than the line's letters: most of its ink is in blobs
  under a quarter of the type's height, where a printed word's letters are whole strokes (the dots of
  i and j, commas and periods are a small share of any word's ink).
"""

from __future__ import annotations

import cv2
import numpy as np

from extractors.ocr_layout import OcrWord, type_height

SPECK_BELOW_CONFIDENCE = 50.0  # surer words are kept whatever their ink looks like
INK_LEVEL = 128  # darker pixels are ink (the page is stretched to black on white before this)
MIN_INK_SHARE = 0.05  # a box with less ink than this is a hair or a rule's trace
DOT_SHARE = 0.25  # a blob whose longer side is under this share of the type height is a dot
MAX_DOT_INK = 0.5  # a word with more of its ink than this in dots is a speck cluster


def drop_specks(pixels: np.ndarray, words: list[OcrWord]) -> list[OcrWord]:
    """The words without those that are dirt on the image they were read from (`pixels`, as read)."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    return [word for word in words if not _is_dirt(pixels, word, type_height(lines[word.line]))]


def _is_dirt(pixels: np.ndarray, word: OcrWord, type_size: float) -> bool:
    if word.conf >= SPECK_BELOW_CONFIDENCE or not type_size:
        return False
    box = pixels[int(word.top) : int(word.bottom) + 1, int(word.x0) : int(word.x1) + 1]
    ink = (box < INK_LEVEL).astype(np.uint8)
    total = int(ink.sum())
    if total < MIN_INK_SHARE * ink.size:
        return True
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    sides = np.maximum(stats[1:count, cv2.CC_STAT_WIDTH], stats[1:count, cv2.CC_STAT_HEIGHT])
    dots = int(stats[1:count, cv2.CC_STAT_AREA][sides < DOT_SHARE * type_size].sum())
    return dots > MAX_DOT_INK * total
