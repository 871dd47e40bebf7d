"""A second look at table cells whose print tesseract left unread.

Tesseract's layout analysis now and then skips a whole cell: on a copy of a copy, bold print spread into
dense blocks beside thick rules lost the first row of a Delmål table continued from the page before
(the sub-goal's middle lines, the indicator's, one area's baseline). Such a cell holds print no word
was found on: 0.03-0.23 square inch of it, where every cell of the corpus scans tesseract did read
leaves under 0.002 (specks and the rims of whitened rules). Cut out and read alone as a block of text
(psm 6), the same pixels read whole; the reading replaces what the first read found in the cell when it
holds more letters and digits.

The cells are cut out while their page is read (`missed_cells`), so the page image can go, and those of
all pages of a document are read by one tesseract run, as the unsure words are (ocr_reread).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Hashable, Mapping
from typing import TypeVar

import cv2
import numpy as np
from PIL import Image, ImageOps

from extractors.ocr_layout import Bbox, OcrWord, centre_in
from extractors.ocr_reread import batches, read_crops
from extractors.raster import DARK_THRESHOLD, inch
from extractors.tesseract import TesseractError

logger = logging.getLogger(__name__)

MIN_MISSED_INK_INCH2 = 0.01  # print with no word on it, in a cell: about a word's ink
COVER_PAD_INCH = 0.02  # a word's box covers its strokes' rims and the dots above it this far around
COUNT_MARGIN_INCH = 0.025  # the cell's rim is left out of the count: what whitening left of its rules
CROP_MARGIN_INCH = 0.01  # cut inside the rules: print in a cell may come that close to them
BORDER_INCH = 0.05  # white put around a cut-out cell: tesseract finds no line touching the image's edge
BLOCK_MODE = 6  # psm 6: the image is one uniform block of text
LINE_BASE = 10_000  # a cell's words get tesseract line numbers from here on, apart from the page's own

K = TypeVar("K", bound=Hashable)


@dataclasses.dataclass(frozen=True)
class Missed:
    """A page's cells with unread print: each cell's box, where its cut-out's corner lies on the page (both
    in page pixels), and the cut-out."""

    cells: list[tuple[Bbox, tuple[int, int], Image.Image]]
    ppi: float


def missed_cells(pixels: np.ndarray, words: list[OcrWord], grids: list[list[Bbox]], ppi: float) -> Missed:
    """The cells of the page's tables holding at least MIN_MISSED_INK_INCH2 of print off every word."""
    cells = [cell for grid in grids for cell in grid]
    if not cells:
        return Missed([], ppi)
    pad = inch(COVER_PAD_INCH, ppi)
    unread = (pixels < DARK_THRESHOLD).view(np.uint8)
    for word in words:  # words' boxes taken off the print (a new mask: the page itself is not touched)
        corners = (int(word.x0) - pad, int(word.top) - pad), (int(word.x1) + pad, int(word.bottom) + pad)
        cv2.rectangle(unread, *corners, 0, -1)
    total = cv2.integral(unread)
    margin, least = inch(COUNT_MARGIN_INCH, ppi), MIN_MISSED_INK_INCH2 * ppi * ppi
    found = []
    for cell in cells:
        x0, top, x1, bottom = (int(value) for value in cell)
        left, up, right, down = x0 + margin, top + margin, x1 - margin, bottom - margin
        if right > left and down > up and _sum(total, left, up, right, down) >= least:
            found.append((cell, *_cut(pixels, cell, inch(CROP_MARGIN_INCH, ppi), inch(BORDER_INCH, ppi))))
    return Missed(found, ppi)


def read_missed(pages: Mapping[K, tuple[list[OcrWord], Missed]], language: str) -> dict[K, list[OcrWord]]:
    """Each page's words, the words of each missed cell replaced by the cell's reading alone where that
    holds more letters and digits. One tesseract run per resolution for all pages' cells (a few for a
    long scan's many, as for the unsure words)."""
    result = {key: words for key, (words, _) in pages.items()}
    cells = ((missed.ppi, (key, *cell)) for key, (_, missed) in pages.items() for cell in missed.cells)
    first_line = LINE_BASE
    for ppi, run in batches(cells):
        try:
            readings = read_crops([crop for *_, crop in run], ppi, language, BLOCK_MODE)
        except TesseractError as error:
            logger.warning("cells left unread not read again: %s", error)
            continue
        for number, (key, box, corner, _) in enumerate(run, start=1):  # each cell's lines numbered apart
            result[key] = _replaced(result[key], box, readings.get(number, []), corner, first_line)
            first_line += LINE_BASE
    return result


def _replaced(
    words: list[OcrWord], box: Bbox, reading: list[OcrWord], corner: tuple[int, int], line: int
) -> list[OcrWord]:
    """`words` with those whose centre lies in `box` replaced by `reading` (its cut-out's `corner` put
    back on the page, its lines numbered from `line`) where the reading holds more letters and digits."""
    inside = [index for index, word in enumerate(words) if centre_in(word, box)]
    if _characters(reading) <= _characters([words[index] for index in inside]):
        return words
    dx, dy = corner
    moved = [
        dataclasses.replace(
            word,
            x0=word.x0 + dx,
            x1=word.x1 + dx,
            top=word.top + dy,
            bottom=word.bottom + dy,
            line=(line + word.line[0], word.line[1], word.line[2]),
        )
        for word in reading
    ]
    at, dropped = (inside[0] if inside else len(words)), set(inside)
    kept = [word for index, word in enumerate(words) if index not in dropped]
    return kept[:at] + moved + kept[at:]


def _characters(words: list[OcrWord]) -> int:
    return sum(char.isalnum() for word in words for char in word.text)


def _sum(total: np.ndarray, left: int, up: int, right: int, down: int) -> int:
    """The sum of the image over [up, down) × [left, right), from its integral image."""
    return int(total[down, right] - total[up, right] - total[down, left] + total[up, left])


def _cut(pixels: np.ndarray, cell: Bbox, margin: int, border: int) -> tuple[tuple[int, int], Image.Image]:
    """The cell's inside, cut from the page as read, with white around it, and where the cut-out's corner
    lies on the page."""
    height, width = pixels.shape
    x0, top, x1, bottom = (int(value) for value in cell)
    left, up = max(0, x0 + margin), max(0, top + margin)
    inside = pixels[up : min(height, bottom - margin), left : min(width, x1 - margin)]
    return (left - border, up - border), ImageOps.expand(Image.fromarray(inside.copy()), border=border, fill=255)
