"""OCR for PDF pages without a usable text layer: each page's own image, turned upright, cleaned only as
far as it helps, read by tesseract and laid out as lines and ruled tables.

Pages are read in parallel, one tesseract process per page, `workers` at a time; each worker holds one
page image, so memory stays flat however long the document is. A page that cannot be read (a corrupt
image, a tesseract error or timeout) is reported by number and the others are still read: one bad page
of a long scan should cost that page, not the record.

The steps live in modules of their own: page_image (the pixels and their real resolution), levels (grey
paper and faded ink stretched to white and black), despeckle and show_through (noise and the back page
taken off), raster (image steps), tesseract (driving the CLI), ocr_layout (TSV → lines and table cells),
ocr_reread and ocr_cells (the second look at unsure words and at cells left unread).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from extractors import (
    despeckle,
    levels,
    ocr_cells,
    ocr_reread,
    ocr_specks,
    raster,
    show_through,
    tesseract,
    upside_down,
)
from extractors.ocr_layout import Bbox, OcrPage, OcrWord, grid_tables, layout_page, mean_confidence, parse_tsv
from extractors.page_image import PageImage, Placement, page_image
from models import ExtractionError, NoTextError

logger = logging.getLogger(__name__)

# A page read with a mean word confidence below this (upright pages of clean or noisy scans read at
# 80-95, an upside-down page at about 40) gets tesseract's orientation check.
MIN_UPRIGHT_CONFIDENCE = 60.0
MIN_WORDS_TO_JUDGE = 20  # fewer words than this say nothing about the page's orientation


@dataclass
class OcrResult:
    """The pages read, and for each page that could not be, why."""

    pages: dict[int, tuple[OcrPage, Placement]] = field(default_factory=dict)
    failed: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Reading:
    words: list[OcrWord]
    grids: list[list[Bbox]]
    pixels: np.ndarray  # the image as read (straightened, shading and rules whitened)

    @property
    def score(self) -> float:
        """Summed word confidence: high for many well-read words, low for a turned page's few bad ones."""
        return mean_confidence(self.words) * len(self.words)


@dataclass(frozen=True)
class _PageRead:
    """A page read once, its image gone: the words, the unsure ones and the cells left unread cut out for
    the document's second look (one tesseract run each for all pages), the table grids, and the image's
    height (pixels) and placement."""

    unsure: ocr_reread.Unsure
    missed: ocr_cells.Missed
    grids: list[list[Bbox]]
    height: int
    placement: Placement


def is_available() -> bool:
    """True when the tesseract binary is on PATH."""
    return tesseract.is_available()


def ocr_pages(pdf_path: Path, page_numbers: list[int]) -> dict[int, str]:
    """OCR the given 1-based pages, returning each readable page's plain text."""
    return {number: page.text for number, (page, _) in read_pages(pdf_path, page_numbers).pages.items()}


def read_pages(pdf_path: Path, page_numbers: list[int], workers: int | None = None) -> OcrResult:
    """OCR the given 1-based pages of a PDF in parallel, `workers` at a time (default: one per core)."""
    if not page_numbers:
        return OcrResult()
    _require_tesseract(pdf_path, len(page_numbers))
    try:
        document = pdfium.PdfDocument(pdf_path)
    except pdfium.PdfiumError as error:
        raise ExtractionError(pdf_path, f"cannot read pages for OCR: {error}") from error
    try:
        return read_images(pdf_path, partial(page_image, document), page_numbers, workers)
    finally:
        document.close()


def read_images(
    path: Path, source: Callable[[int], PageImage], page_numbers: list[int], workers: int | None = None
) -> OcrResult:
    """OCR the pages `source` gives by 1-based number (a PDF's, an image file's frames), `workers` at a
    time. Each worker asks for its page's image itself, so no more images are held than pages are read."""
    result = OcrResult()
    if not page_numbers:
        return result
    _require_tesseract(path, len(page_numbers))
    language = tesseract.ocr_language()
    read: dict[int, _PageRead] = {}
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        futures = {number: pool.submit(_read_page, source, number, language) for number in page_numbers}
        for number, future in futures.items():
            try:
                read[number] = future.result()
            except (tesseract.TesseractError, pdfium.PdfiumError, OSError, ValueError) as error:
                logger.warning("%s: page %d could not be read by OCR: %s", path, number, error)
                result.failed[number] = str(error) or type(error).__name__
    words = ocr_reread.reread({number: page.unsure for number, page in read.items()}, language)
    words = ocr_cells.read_missed({number: (words[number], page.missed) for number, page in read.items()}, language)
    for number, page in read.items():
        layout = layout_page(words[number], page.grids, page.unsure.ppi, page.height)
        result.pages[number] = (layout, page.placement)
    return result


def _require_tesseract(path: Path, pages: int) -> None:
    if not is_available():
        raise NoTextError(path, f"{pages} page(s) need OCR but tesseract is not installed")


def _read_page(source: Callable[[int], PageImage], number: int, language: str) -> _PageRead:
    """Take the page's image, turn it upright, read it, and cut out the words to look at again."""
    image = source(number)
    # Grey paper or faded print stretched to white and black first, and lone flipped pixels taken off:
    # every threshold below assumes clean black on white.
    pixels, ppi, turn = despeckle.despeckle(levels.normalise(image.pixels)), image.ppi, 0
    lines = raster.measure_lines(pixels, ppi)
    skew: float | None = lines.skew  # a half turn leaves the skew as it is; a quarter turn does not
    if lines.sideways:
        turn, skew = tesseract.rotation(pixels, ppi), None
        pixels = _turned(pixels, turn)
    elif upside_down.is_upside_down(pixels, ppi):  # turned before reading: saves reading it twice
        turn = 180
        pixels = _turned(pixels, turn)
    reading = _recognise(pixels, ppi, language, skew)
    if len(reading.words) >= MIN_WORDS_TO_JUDGE and mean_confidence(reading.words) < MIN_UPRIGHT_CONFIDENCE:
        again = tesseract.rotation(pixels, ppi)
        if again:
            turned = _recognise(_turned(pixels, again), ppi, language)
            if turned.score > reading.score:
                reading, turn = turned, turn + again
    unsure = ocr_reread.unsure_crops(reading.pixels, reading.words, ppi)
    missed = ocr_cells.missed_cells(reading.pixels, reading.words, reading.grids, ppi)
    return _PageRead(unsure, missed, reading.grids, reading.pixels.shape[0], Placement.of(image, turn))


def _turned(pixels: np.ndarray, degrees: int) -> np.ndarray:
    """The image turned clockwise by a multiple of 90°: exact, no resampling."""
    return np.ascontiguousarray(np.rot90(pixels, k=-(degrees // 90)))


def _recognise(pixels: np.ndarray, ppi: float, language: str, skew: float | None = None) -> _Reading:
    """Straighten (by `skew` where it was measured already), whiten shading and show-through, find and
    whiten the rules, then OCR what is left.

    The rules are found before OCR and used twice: whitened so tesseract does not lose rows that touch
    them, and as the table grid the recognised words are sorted into. The faint rules of a blurred scan
    count too: left on the page, their grey is read as rows of tiny letters.
    """
    cleaned = raster.deskew(pixels, ppi, skew)
    if cleaned is pixels:  # level already: a writable copy, so the page itself stays as scanned
        cleaned = pixels.copy()
    # Faint (out of focus) rules are found before the shading and the show-through go: either takes the
    # grey of a blurred rule for its own.
    faint = raster.find_rules(cleaned, ppi, raster.FAINT_RULE_LEVEL, raster.FAINT_RULE_MIN_LENGTH_INCH)
    raster.lift_shading(cleaned, ppi)
    show_through.whiten(cleaned, ppi)  # after the shading: left a fill's grey halos, the fill is no flat area
    horizontal, vertical = raster.find_rules(cleaned, ppi)
    horizontal |= faint[0]
    vertical |= faint[1]
    del faint
    raster.whiten_rules(cleaned, horizontal, vertical, ppi)
    # Only the grids outlive this: full-page masks held through the OCR would double a page's memory.
    grids = grid_tables(horizontal, vertical, ppi)
    del horizontal, vertical
    words = ocr_specks.drop_specks(cleaned, parse_tsv(tesseract.recognise(cleaned, ppi, language)))
    return _Reading(words, grids, cleaned)
