"""OCR for PDF pages without a usable text layer: render with pypdfium2, read with the tesseract CLI.

Scanned agreements are common in the LBF archive (signed copies, faxes). Each page is rendered to a
grayscale image and read by its own tesseract process; tesseract is single-threaded per page when
OMP_THREAD_LIMIT=1, so running one process per core over the pages is faster than letting one process
spread its internal threads over a single page.

Ruled tables (the Delmål/Indikator table, label/value activity schemas) are recovered from the scan
itself: long ink runs are the table rules. They are whitened before OCR, because rules touching the
text make tesseract drop whole rows, and they are turned into edges for pdfplumber's own
edges → intersections → cells → tables steps, so that words can be put back into their cells.

This module also holds the two line cleanups that both the text layer and OCR output need (bullets,
hyphenation), so that a digital and a scanned copy of one agreement yield the same text.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from pdfplumber.table import (
    Table,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from PIL import Image

from extractors.pdf_layer import rule_edge
from models import ExtractionError, NoTextError

logger = logging.getLogger(__name__)

DEFAULT_OCR_DPI = 300
PREFERRED_LANGUAGE = "dan"
FALLBACK_LANGUAGE = "eng"
# psm 4 ("a single column of text of variable sizes") keeps the cells of one table row on one line;
# psm 3 reads a table column by column, which separates a Delmål from its Indikator.
PAGE_SEGMENTATION_MODE = 4
PAGE_TIMEOUT_SECONDS = 180
PDF_POINTS_PER_INCH = 72
MAX_PAGE_PIXELS = 40_000_000  # an A4 page at 300 dpi is 8.7 M; posters are rendered at a lower dpi
RULE_MIN_LENGTH_INCH = 0.3  # ink runs this long are rules: longer than any letter stroke at body sizes
RULE_MAX_THICKNESS_INCH = 0.03  # 2 pt; thicker "rules" are shading or highlight behind text
RULE_TOLERANCE_INCH = 0.02  # rule pieces this close are one rule; rules meet within this distance
# Pieces of one rule in line with each other are joined across gaps this wide: in a blurred, noisy scan a
# rule breaks up, often right where it crosses another, and a row border that stops short of a column
# border merges two rows' cells.
RULE_GAP_INCH = 0.08
DARK_THRESHOLD = 160  # gray level below which a pixel counts as ink
# Shading (the template's green guidance highlight, cell fills) is mid-grey in a scan, and tesseract's
# layout analysis takes a grey block for a picture and skips the text on it. Grey pixels with hardly any
# white paper around them are shading and are whitened before anything else; grey text (coloured
# headings) has paper all around its strokes and is kept.
PAPER_LEVEL = 220  # lighter than this is paper
SHADE_INK_LEVEL = 110  # darker than this is text even on shading (the highlight scans as grey 130-150)
SHADE_WINDOW_INCH = 0.1  # the neighbourhood looked at, wider than any stroke
MAX_PAPER_IN_SHADE = 0.05  # share of paper pixels in the neighbourhood of a shaded pixel
SHADE_REDUCTION = 4  # shading is found on a copy this many times smaller
RULE_MARGIN_INCH = 0.007  # also whiten this much around a rule: its grey anti-aliased edges read as "|"
# Below this tesseract confidence a word without letters or digits is a rule remnant or a speckle.
# Words with letters are always kept: psm 4 reads a table row as one line, and the words after a cell
# border then get low confidences although they are right.
MIN_SYMBOL_CONFIDENCE = 60
MEANINGFUL_SYMBOLS = frozenset("%§&")  # symbol-only words that carry content ("81,1 %")
DASHES = frozenset({"-", "–", "—"})
# Tesseract's Danish model reads the en dash of "Ulla Dupont – leder af …" as an em dash; Danish text
# hardly uses em dashes, so OCR'd ones are turned back, to match the text layer of the same document.
OCR_DASH_FIXES = str.maketrans({"—": "–"})
WORD_LEVEL = "5"  # tesseract TSV row level of a single word
# A page whose words' confidences sum to less than this (a few dozen words read well) may have been
# scanned sideways or upside down, and gets an orientation check.
MIN_UPRIGHT_CONFIDENCE = 2000.0
MAX_SKEW_DEGREES = 3.0  # hand-fed scans are rarely further off; beyond this a page is left as it is
SKEW_COARSE_STEP = 0.5  # degrees; the best coarse angle is then refined in SKEW_FINE_STEP steps
SKEW_FINE_STEP = 0.1  # a 0.1° error leaves rules straight enough: 0.2 px drift over a rule run
SKEW_SAMPLE_WIDTH = 800  # pixels; the skew is measured on a reduced copy of the page, for speed

# Bullet glyphs as they appear at line start: Word's symbol-font bullets land in the Private Use Area
# (U+F0B7, U+F0A7), "o" and dashes are Word's second-level and plain-text bullets.
_BULLET = re.compile(r"^\s*(?:[•▪●◦■□➢►\uf0b7\uf0a7\uf0d8\uf076\uf0fc]\s*|[-–o]\s+)(?=\S)")
# Tesseract misreads small round bullets as one or two symbols (".", "+", "«+", "€", ".€", "°", "©"),
# or as the letters "e", "t", "te", "c"; no Danish line starts with those, a letter only before a capital.
_OCR_BULLET_SYMBOLS = "«»°©*+.…€•·■®"
_OCR_BULLET = re.compile(rf"^\s*(?:[{_OCR_BULLET_SYMBOLS}]{{1,3}}|(?:e|t|te|c)(?=\s+[A-ZÆØÅ]))\s+(?=\S)")
# A line-end hyphen between lowercase letters is a hyphenation point, except in the Danish shared-suffix
# construction "Børne- og ungeforvaltningen" / "Social- eller sundhedsfaglig". After a capital it is a
# real compound hyphen ("AAB-afdelingen"), after a digit a range ("15-17-årige").
_HYPHENATED = re.compile(r"(?<=[a-zæøåéü])[-\u00ad\u2010]\n(?=[a-zæøå])(?!(?:og|eller|samt|til)\b)")

_PAPER_LUT = [255 if level > PAPER_LEVEL else 0 for level in range(256)]  # gray level → paper (255) or not
_INK_LUT = [255 if level < DARK_THRESHOLD else 0 for level in range(256)]  # gray level → ink (255) or not
_PDFIUM_LOCK = threading.Lock()  # pdfium is not thread-safe; rendering is serialised, OCR is not

Bbox = tuple[float, float, float, float]


@dataclass(frozen=True)
class OcrWord:
    """One recognised word in image pixels; `line` is tesseract's (block, paragraph, line) number."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    line: tuple[int, int, int]
    conf: float = 100.0


@dataclass(frozen=True)
class OcrLine:
    """A text line outside tables, in PDF points; `paragraph` numbers tesseract's paragraphs on the page."""

    text: str
    top: float
    bottom: float
    paragraph: int
    x0: float | None = None
    x1: float | None = None
    confidence: float | None = None  # mean tesseract word confidence, 0-1


@dataclass(frozen=True)
class OcrTable:
    """A ruled table read off the scan, in PDF points; `columns` are the cells' left edges."""

    rows: list[list[str]]
    top: float
    columns: tuple[float, ...]
    row_boxes: list[Bbox] | None = None  # x0, top, x1, bottom of each row, in points


@dataclass(frozen=True)
class OcrPage:
    """One OCR'd page: its plain text, and the same words split into table rows and lines outside.

    `height` (points) is the upright page's: a page scanned sideways is taller than the PDF says.
    """

    text: str
    lines: list[OcrLine]
    tables: list[OcrTable]
    height: float


def normalise_bullet(line: str, ocr: bool = False) -> str:
    """Give every list item the contract's "• " prefix, whatever glyph the source used."""
    line = _BULLET.sub("• ", line, count=1)
    return _OCR_BULLET.sub("• ", line, count=1) if ocr else line


def undo_hyphenation(text: str) -> str:
    """Re-join words split at line ends ("udvik-\\nling" → "udvikling"), keeping "Børne- og unge…"."""
    return _HYPHENATED.sub("", text)


def is_available() -> bool:
    """True when the tesseract binary is on PATH."""
    return shutil.which("tesseract") is not None


@functools.cache
def ocr_language() -> str:
    """Danish when its traineddata is installed: without it æøå come out as "ae", "o", "a" noise."""
    listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False, timeout=30)
    if PREFERRED_LANGUAGE in listing.stdout.split():
        return PREFERRED_LANGUAGE
    logger.warning("tesseract lacks %r language data; using %r", PREFERRED_LANGUAGE, FALLBACK_LANGUAGE)
    return FALLBACK_LANGUAGE


def ocr_pages(pdf_path: Path, page_numbers: list[int], dpi: int = DEFAULT_OCR_DPI) -> dict[int, str]:
    """OCR the given 1-based pages, returning each page's plain text."""
    return {number: page.text for number, page in read_pages(pdf_path, page_numbers, dpi).items()}


def read_pages(
    pdf_path: Path, page_numbers: list[int], dpi: int = DEFAULT_OCR_DPI, workers: int | None = None
) -> dict[int, OcrPage]:
    """OCR the given 1-based pages in parallel, one tesseract process per page, `workers` at a time.

    `workers` defaults to the number of cores; a batch that already runs one file per core passes 1.
    Each worker renders its page under a lock, then cleans, recognises and lays it out on its own, so
    that at most one page image per worker is in memory however long the document is.
    """
    if not page_numbers:
        return {}
    if not is_available():
        raise NoTextError(pdf_path, f"{len(page_numbers)} page(s) need OCR but tesseract is not installed")
    language = ocr_language()
    try:
        document = pdfium.PdfDocument(pdf_path)
    except pdfium.PdfiumError as error:
        raise ExtractionError(pdf_path, f"cannot render pages for OCR: {error}") from error
    try:
        with (
            tempfile.TemporaryDirectory(prefix="helhedsplan-ocr-") as tmp,
            ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool,
        ):
            reader = functools.partial(_read_page, pdf_path, document, Path(tmp), dpi, language)
            return dict(zip(page_numbers, pool.map(reader, page_numbers), strict=True))
    finally:
        document.close()


def _read_page(
    pdf_path: Path, document: pdfium.PdfDocument, tmp: Path, dpi: int, language: str, number: int
) -> OcrPage:
    """Render, straighten, find and whiten the table rules, recognise, and put words back into cells.

    The rules are found before OCR and used twice: whitened so tesseract does not lose rows that touch
    them, and as the table grid the recognised words are sorted into.
    """
    pixels, dpi = _render(document, number, dpi)
    page = _Scan(pdf_path, number, tmp, dpi)
    reading = page.recognise(deskew(pixels), language)
    if _confidence(reading.tsv) < MIN_UPRIGHT_CONFIDENCE:
        reading = max(reading, page.turned(pixels, language), key=lambda candidate: _confidence(candidate.tsv))
    return layout_page(parse_tsv(reading.tsv), reading.grids, PDF_POINTS_PER_INCH / dpi, reading.height)


@dataclass(frozen=True)
class _Reading:
    """Tesseract's TSV for a page image, and the table grids its rules make on that same image."""

    tsv: str
    grids: list[list[Bbox]]
    height: int  # pixels of the image read


@dataclass(frozen=True)
class _Scan:
    """One page image's trip through tesseract: where its files go and how to name it in errors."""

    pdf_path: Path
    number: int
    tmp: Path
    dpi: int

    def recognise(self, pixels: np.ndarray, language: str) -> _Reading:
        """Whiten shading, then find and whiten the rules, then OCR what is left."""
        cleaned = pixels.copy()
        cleaned[find_shading(pixels, round(SHADE_WINDOW_INCH * self.dpi))] = 255
        horizontal, vertical = find_rules(
            cleaned, round(RULE_MIN_LENGTH_INCH * self.dpi), round(RULE_MAX_THICKNESS_INCH * self.dpi)
        )
        cleaned[_dilate(horizontal | vertical, round(RULE_MARGIN_INCH * self.dpi))] = 255
        # Only the grids outlive this: full-page masks held through the OCR would double a page's memory.
        grids = _grid_tables(horizontal, vertical, RULE_TOLERANCE_INCH * self.dpi, RULE_GAP_INCH * self.dpi)
        del horizontal, vertical
        image = self._save(cleaned)
        del cleaned  # the file is what tesseract reads; the page stays in memory once, not twice
        arguments = ["-l", language, "--psm", str(PAGE_SEGMENTATION_MODE), "tsv"]
        result = self._tesseract(image, arguments)
        if result.returncode != 0:
            reason = result.stderr.strip().splitlines()[-1:] or ["no message"]
            raise ExtractionError(self.pdf_path, f"tesseract failed on page {self.number}: {reason[0]}")
        return _Reading(result.stdout, grids, pixels.shape[0])

    def turned(self, pixels: np.ndarray, language: str) -> _Reading:
        """Re-read a page that tesseract's orientation detection says was scanned sideways or upside down.

        Only pages that read badly get here, so the extra OSD pass costs nothing on good scans; a page
        OSD cannot judge (too little text) reads as empty and loses to the first reading.
        """
        osd = self._tesseract(self._save(pixels), ["--psm", "0"])
        rotation = re.search(r"^Rotate: (\d+)", osd.stdout, re.MULTILINE)
        if osd.returncode != 0 or rotation is None or rotation.group(1) == "0":
            return _Reading("", [], 0)
        upright = Image.fromarray(pixels).rotate(-int(rotation.group(1)), expand=True, fillcolor=255)
        return self.recognise(deskew(np.asarray(upright)), language)

    def _save(self, pixels: np.ndarray) -> Path:
        """Write the image tesseract reads, uncompressed: PNG's deflate costs 0.1 s a page."""
        image = self.tmp / f"page-{self.number:05d}.tif"
        Image.fromarray(pixels).save(image, dpi=(self.dpi, self.dpi))
        return image

    def _tesseract(self, image: Path, arguments: list[str]) -> subprocess.CompletedProcess[str]:
        """One single-threaded tesseract process, so that parallel pages do not oversubscribe the cores.
        The image file is removed afterwards."""
        environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            return subprocess.run(
                ["tesseract", str(image), "stdout", *arguments],
                capture_output=True,
                text=True,
                env=environment,
                timeout=PAGE_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise ExtractionError(
                self.pdf_path, f"OCR of page {self.number} took over {PAGE_TIMEOUT_SECONDS} s"
            ) from error
        finally:
            image.unlink(missing_ok=True)


def _confidence(tsv: str) -> float:
    """Summed word confidence: high for many well-read words, low for a sideways page's few bad ones."""
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    return sum(float(row["conf"]) for row in rows if row["level"] == WORD_LEVEL and (row["text"] or "").strip())


def _render(document: pdfium.PdfDocument, number: int, dpi: int) -> tuple[np.ndarray, int]:
    """A grayscale image of the page and the dpi it was rendered at (lower than asked for huge pages).

    Grayscale keeps images small; tesseract binarises anyway.
    """
    with _PDFIUM_LOCK:
        page = document[number - 1]
        try:
            width, height = page.get_size()
            dpi = min(dpi, int(PDF_POINTS_PER_INCH * (MAX_PAGE_PIXELS / max(width * height, 1.0)) ** 0.5))
            bitmap = page.render(scale=dpi / PDF_POINTS_PER_INCH, grayscale=True)
            return bitmap.to_numpy().copy(), dpi  # a copy: the bitmap's buffer goes with the page
        finally:
            page.close()


def deskew(pixels: np.ndarray) -> np.ndarray:
    """Straighten a page scanned slightly askew, so table rules become straight ink runs again."""
    angle = estimate_skew(pixels)
    if abs(angle) < SKEW_FINE_STEP:
        return pixels
    rotated = Image.fromarray(pixels).rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return np.asarray(rotated)


def estimate_skew(pixels: np.ndarray) -> float:
    """The rotation (degrees, counter-clockwise) that makes text lines and rules horizontal.

    Projection profiles: when the page is straight, the ink per pixel row alternates sharply between
    text lines and the white between them, so the summed squared row-to-row change is largest.
    """
    ink = Image.fromarray(pixels).point(_INK_LUT)
    sample = np.asarray(ink.reduce(max(1, pixels.shape[1] // SKEW_SAMPLE_WIDTH)), dtype=np.float32)
    ys, xs = np.nonzero(sample)
    if not len(ys):
        return 0.0
    weights = sample[ys, xs]
    # Rotating the sample by an angle moves each ink pixel to a new row; the row profile of the rotated
    # image is the weighted histogram of those rows, without rendering the rotation.
    xs = xs - sample.shape[1] // 2  # whole pixels: half-pixel offsets would fold rows pairwise at 0°
    ys = ys - sample.shape[0] // 2

    def sharpness(angle: float) -> float:
        radians = np.deg2rad(angle)
        rows = np.floor(ys * np.cos(radians) - xs * np.sin(radians) + 0.5).astype(np.int64)
        profile = np.bincount(rows - rows.min(), weights=weights)
        return float(np.square(np.diff(profile)).sum())

    def sharpest(angles: np.ndarray) -> float:
        return float(max(angles, key=lambda angle: sharpness(float(angle))))

    coarse = sharpest(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, SKEW_COARSE_STEP))
    return sharpest(np.arange(coarse - SKEW_COARSE_STEP, coarse + SKEW_COARSE_STEP + 1e-9, SKEW_FINE_STEP))


def find_rules(pixels: np.ndarray, min_length: int, max_thickness: int) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the pixels on horizontal and on vertical rules: ink runs at least `min_length` long and
    at most `max_thickness` thick.

    The thickness bound keeps dark fills out (a black header row): whitening them would erase the text
    on them, and their edges would make up table columns. Light shading is gone before this runs.
    """
    dark = pixels < DARK_THRESHOLD
    horizontal = _runs(dark, min_length, axis=1)
    vertical = _runs(dark, min_length, axis=0)
    del dark  # pages are big: each full-size mask is 9 MB at 300 dpi, and two pages are read at once
    horizontal &= ~_runs(horizontal, max_thickness + 1, axis=0)
    vertical &= ~_runs(vertical, max_thickness + 1, axis=1)
    return horizontal, vertical


def _runs(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Mark pixels on a run of at least `length` set pixels along `axis`: a 1-D binary opening.

    Erosion and dilation by a line of `length` each take about log2(length) shifted ANDs or ORs of whole
    boolean planes (a window of 2k is two windows of k side by side), so a 300 dpi page costs tens of
    ms and no more memory than a few masks.
    """
    if mask.shape[axis] < length:
        return np.zeros_like(mask)
    starts = mask.copy()
    _shifted_windows(starts, length, axis, np.logical_and, forward=True)
    _shifted_windows(starts, length, axis, np.logical_or, forward=False)
    return starts


def _shifted_windows(result: np.ndarray, length: int, axis: int, combine: np.ufunc, forward: bool) -> None:
    """In place, `combine` over each window of `length` pixels along `axis` that starts (forward) or ends
    at a pixel; windows running off the edge count the missing pixels as unset."""
    width = 1
    while width < length:
        step = min(width, length - width)
        _combine_shifted(result, step, axis, combine, forward)
        width += step


def _combine_shifted(values: np.ndarray, step: int, axis: int, combine: np.ufunc, forward: bool) -> None:
    """values[i] = combine(values[i], values[i ± step]) in place (numpy buffers the overlap); beyond the
    edge counts as unset."""
    size = values.shape[axis]
    head = _along(values.ndim, axis, slice(0, size - step))
    tail = _along(values.ndim, axis, slice(step, size))
    near, far = (head, tail) if forward else (tail, head)
    combine(values[near], values[far], out=values[near])
    if forward and combine is np.logical_and:
        values[_along(values.ndim, axis, slice(size - step, size))] = False


def _along(ndim: int, axis: int, part: slice) -> tuple[slice, ...]:
    index = [slice(None)] * ndim
    index[axis] = part
    return tuple(index)


def find_shading(pixels: np.ndarray, window: int) -> np.ndarray:
    """Mask of the grey (not ink, not paper) pixels in areas with almost no paper: shaded backgrounds.

    Worked out on a copy reduced by SHADE_REDUCTION for speed; the shaded areas are then grown by a
    window so that their rims, where the window reaches the paper outside, are included too (only grey
    pixels are whitened, so the growth never reaches into paper or text).
    """
    small_window = max(1, window // SHADE_REDUCTION)
    paper_share = np.asarray(Image.fromarray(pixels).point(_PAPER_LUT).reduce(SHADE_REDUCTION)) / 255
    shaded = _box_mean(_box_mean(paper_share, small_window) < MAX_PAPER_IN_SHADE, 2 * small_window) > 0
    mask = np.zeros(pixels.shape, bool)
    if not shaded.any():
        return mask
    height, width = pixels.shape
    full = np.repeat(np.repeat(shaded, SHADE_REDUCTION, axis=0), SHADE_REDUCTION, axis=1)[:height, :width]
    rows, columns = full.shape
    region = pixels[:rows, :columns]
    mask[:rows, :columns] = full & (region <= PAPER_LEVEL) & (region >= SHADE_INK_LEVEL)
    return mask


def _box_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Mean of the values in the window × window square around each pixel, from an integral image."""
    height, width = values.shape
    integral = np.zeros((height + 1, width + 1), np.float64)
    np.cumsum(np.cumsum(values, axis=0, dtype=np.float64), axis=1, out=integral[1:, 1:])
    half = window // 2
    top = np.clip(np.arange(height) - half, 0, height)
    bottom = np.clip(np.arange(height) + half + 1, 0, height)
    left = np.clip(np.arange(width) - half, 0, width)
    right = np.clip(np.arange(width) + half + 1, 0, width)
    total = integral[bottom][:, right] - integral[top][:, right] - integral[bottom][:, left] + integral[top][:, left]
    area = np.outer(bottom - top, right - left)
    return total / area


def _dilate(mask: np.ndarray, margin: int) -> np.ndarray:
    """Grow a mask by `margin` pixels in each direction."""
    grown = mask.copy()
    for shift in range(1, margin + 1):
        grown[shift:, :] |= mask[:-shift, :]
        grown[:-shift, :] |= mask[shift:, :]
        grown[:, shift:] |= mask[:, :-shift]
        grown[:, :-shift] |= mask[:, shift:]
    return grown


def _grid_tables(horizontal: np.ndarray, vertical: np.ndarray, tolerance: float, gap: float) -> list[list[Bbox]]:
    """Cell boxes of each ruled table, by pdfplumber's own lattice steps run on the scan's rules.

    A lone framed box (one cell) is a text frame or the scan's border, not a table.
    """
    edges = _mask_edges(horizontal, "h") + _mask_edges(vertical.T, "v")
    if not edges:
        return []
    edges = merge_edges(edges, tolerance, tolerance, gap, gap)
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    return [table for table in cells_to_tables(cells) if len(table) > 1]


def _mask_edges(mask: np.ndarray, orientation: str) -> list[dict[str, Any]]:
    """One edge per pixel row of each run; merge_edges then snaps a thick rule's rows into one.

    Only the few rows that hold any rule pixel are scanned for runs.
    """
    edges = []
    for row in np.flatnonzero(mask.any(axis=1)).tolist():
        change = np.diff(mask[row].astype(np.int8), prepend=0, append=0)
        starts, ends = np.flatnonzero(change == 1).tolist(), np.flatnonzero(change == -1).tolist()
        for start, end in zip(starts, ends, strict=True):
            if orientation == "h":
                edges.append(rule_edge(start, end, row, row, "h"))
            else:
                edges.append(rule_edge(row, row, start, end, "v"))
    return edges


def parse_tsv(tsv: str) -> list[OcrWord]:
    """The words of tesseract's TSV output, in its reading order."""
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [
        OcrWord(
            text=row["text"].strip().translate(OCR_DASH_FIXES),
            x0=float(row["left"]),
            top=float(row["top"]),
            x1=float(row["left"]) + float(row["width"]),
            bottom=float(row["top"]) + float(row["height"]),
            line=(int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
            conf=float(row["conf"]),
        )
        for row in rows
        if row["level"] == WORD_LEVEL and (row["text"] or "").strip()
    ]


def _is_noise(word: OcrWord, opens_line: bool) -> bool:
    """Speckles and rule remnants: unsure symbol-only words, except a bullet misread as "+" or "«" where
    a line (of a cell) starts, which the bullet cleanup turns back into "• ", and a dash between words
    ("LBF - Boligsociale data"), which tesseract often reads with little confidence."""
    if any(char.isalnum() or char in MEANINGFUL_SYMBOLS for char in word.text) or word.conf >= MIN_SYMBOL_CONFIDENCE:
        return False
    if not opens_line and word.text in DASHES:
        return False
    return not (opens_line and all(char in _OCR_BULLET_SYMBOLS for char in word.text))


def _group_lines(words: list[OcrWord]) -> dict[tuple[int, int, int], list[OcrWord]]:
    """Words per tesseract line, in reading order, noise dropped.

    Grouping comes first because a table row is one tesseract line across all its cells: only within a
    cell's share of it is it clear which word opens a line.
    """
    lines: defaultdict[tuple[int, int, int], list[OcrWord]] = defaultdict(list)
    for word in words:
        lines[word.line].append(word)
    cleaned = {key: [w for i, w in enumerate(line) if not _is_noise(w, i == 0)] for key, line in lines.items()}
    return {key: line for key, line in cleaned.items() if line}


def layout_page(words: list[OcrWord], grids: list[list[Bbox]], scale: float, height: float) -> OcrPage:
    """Put words into table cells by their centre; the rest become lines. `scale` maps pixels to points,
    `height` is the image's height in pixels."""
    in_table: set[int] = set()
    tables = []
    for cells in grids:
        rows = []
        boxes: list[Bbox] = []
        for row in Table(None, cells).rows:  # type: ignore[arg-type]
            rows.append([_cell_text(words, cell, in_table) if cell else "" for cell in row.cells])
            boxes.append(tuple(v * scale for v in row.bbox))  # type: ignore[arg-type]
        columns = tuple(sorted({round(cell[0] * scale, 1) for cell in cells}))
        top = min(cell[1] for cell in cells) * scale
        tables.append(OcrTable(rows=rows, top=top, columns=columns, row_boxes=boxes))
    outside = [word for index, word in enumerate(words) if index not in in_table]
    return OcrPage(text=_plain_text(words), lines=_lines(outside, scale), tables=tables, height=height * scale)


def _cell_text(words: list[OcrWord], cell: Bbox, taken: set[int]) -> str:
    x0, top, x1, bottom = cell
    inside = [
        index
        for index, word in enumerate(words)
        if x0 <= (word.x0 + word.x1) / 2 <= x1 and top <= (word.top + word.bottom) / 2 <= bottom
    ]
    taken.update(inside)
    return "\n".join(_join_lines([words[index] for index in inside]).values())


def _join_lines(words: list[OcrWord]) -> dict[tuple[int, int, int], str]:
    """Words joined per tesseract line, in reading order."""
    return {key: " ".join(word.text for word in line) for key, line in _group_lines(words).items()}


def _lines(words: list[OcrWord], scale: float) -> list[OcrLine]:
    boxes = _group_lines(words)
    paragraphs = {key[:2]: number for number, key in enumerate(dict.fromkeys(k[:2] for k in boxes))}
    return [
        OcrLine(
            text=" ".join(word.text for word in line),
            top=min(word.top for word in line) * scale,
            bottom=max(word.bottom for word in line) * scale,
            paragraph=paragraphs[key[:2]],
            x0=min(word.x0 for word in line) * scale,
            x1=max(word.x1 for word in line) * scale,
            confidence=sum(max(word.conf, 0.0) for word in line) / len(line) / 100,
        )
        for key, line in boxes.items()
    ]


def _plain_text(words: list[OcrWord]) -> str:
    """Lines joined with newlines, a blank line between tesseract's paragraphs, as its txt output has."""
    chunks: list[str] = []
    previous: tuple[int, int] | None = None
    for key, text in _join_lines(words).items():
        if previous is not None and key[:2] != previous:
            chunks.append("")
        chunks.append(text)
        previous = key[:2]
    return "\n".join(chunks)
