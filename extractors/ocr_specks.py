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

Two kinds go however sure tesseract was: a "word" whose box is a speck's (smaller every way than a fifth
of the type: a speck read as "." before "7. Lokal evaluering" made it a list item, a 3×1 px one was an
"i" after a label), and a speck glued to a word's start ("-Jobcafé Syd" for an activity named "Jobcafé
Syd"), whose symbol is cut off the word when the ink it stands for is a dot. A hyphen, a quote mark or
a bullet is wider or taller than that. A "dash" as tall as the letters beside it ("Klub Kildehøjen
Aften --") is a hair: dashes are flat.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from extractors import levels
from extractors.ocr_layout import DASHES, OcrWord, type_height

SPECK_SHARE = 0.2  # a blob smaller every way than this share of the type height is a speck
SPECK_BELOW_CONFIDENCE = 75.0  # surer words are kept whatever their ink looks like (tesseract read
# the dirt of a dirty-glass scan at up to 72, and no printed word of the corpus scans at 50-75 has dirt's ink)
MIN_INK_SHARE = 0.05  # a box with less ink than this is a hair or a rule's trace
DOT_SHARE = 0.25  # a blob whose longer side is under this share of the type height is a dot
MAX_DOT_INK = 0.5  # a word with more of its ink than this in dots is a speck cluster
FLAT_SHARE = 0.5  # a dash is flat: one whose box is taller than this share of the type is a hair


def drop_specks(pixels: np.ndarray, words: list[OcrWord]) -> list[OcrWord]:
    """The words without those that are dirt on the image they were read from (`pixels`, as read), and
    without a speck read at the start of a word."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    kept = []
    for word in words:
        size = type_height(lines[word.line])
        if size and not _is_dirt(pixels, word, size):
            kept.append(_without_glued_speck(pixels, word, size))
        elif not size:
            kept.append(word)
    return kept


def _is_dirt(pixels: np.ndarray, word: OcrWord, type_size: float) -> bool:
    if max(word.x1 - word.x0, word.bottom - word.top) < SPECK_SHARE * type_size:
        return True
    if all(char in DASHES for char in word.text) and word.bottom - word.top > FLAT_SHARE * type_size:
        return True
    if word.conf >= SPECK_BELOW_CONFIDENCE:
        return False
    ink = _ink(pixels, word)
    total = int(ink.sum())
    if total < MIN_INK_SHARE * ink.size:
        return True
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    sides = np.maximum(stats[1:count, cv2.CC_STAT_WIDTH], stats[1:count, cv2.CC_STAT_HEIGHT])
    dots = int(stats[1:count, cv2.CC_STAT_AREA][sides < DOT_SHARE * type_size].sum())
    return dots > MAX_DOT_INK * total


def _without_glued_speck(pixels: np.ndarray, word: OcrWord, type_size: float) -> OcrWord:
    """The word without specks at its start: blobs smaller than a speck's size wholly left of the word's
    first letter-sized blob are whitened on the page (so the second look, which reads the unsure words
    again from it, does not see them either), and a leading symbol they were read as is cut off the text.
    The dot of a first "i" or "j" is above its stem, not left of it, and stays."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(_ink(pixels, word), connectivity=8)
    blobs = stats[1:count]
    letters = np.maximum(blobs[:, cv2.CC_STAT_WIDTH], blobs[:, cv2.CC_STAT_HEIGHT]) >= SPECK_SHARE * type_size
    if not letters.any():
        return word
    start = int(blobs[letters, cv2.CC_STAT_LEFT].min())
    specks = blobs[~letters & (blobs[:, cv2.CC_STAT_LEFT] + blobs[:, cv2.CC_STAT_WIDTH] <= start)]
    if not len(specks):
        return word
    x0, y0 = int(word.x0), int(word.top)
    for left, top, width, height, _ in specks:
        pixels[y0 + top : y0 + top + height, x0 + left : x0 + left + width] = 255
    text = word.text[1:] if len(word.text) > 1 and not word.text[0].isalnum() and word.text[1].isalnum() else word.text
    return dataclasses.replace(word, text=text, x0=float(x0 + start))


def _ink(pixels: np.ndarray, word: OcrWord) -> np.ndarray:
    box = pixels[int(word.top) : int(word.bottom) + 1, int(word.x0) : int(word.x1) + 1]
    return (box < levels.INK_LEVEL).astype(np.uint8)
