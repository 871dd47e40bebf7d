"""OCR for PDF pages without a usable text layer: render with pypdfium2, read with the tesseract CLI.

Scanned agreements are common in the LBF archive (signed copies, faxes). Each page is rendered to a
grayscale PNG and read by its own tesseract process; tesseract is single-threaded per page when
OMP_THREAD_LIMIT=1, so running one process per core over the pages is faster than letting one process
spread its internal threads over a single page.

This module also holds the two line cleanups that both the text layer and OCR output need (bullets,
hyphenation), so that a digital and a scanned copy of one agreement yield the same text.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from models import Block, ExtractionError, NoTextError

logger = logging.getLogger(__name__)

DEFAULT_OCR_DPI = 300
PREFERRED_LANGUAGE = "dan"
FALLBACK_LANGUAGE = "eng"
# psm 4 ("a single column of text of variable sizes") keeps table cells that share a line on one
# output line and does not reorder the template's label/value pairs the way psm 3 sometimes does.
PAGE_SEGMENTATION_MODE = 4
PAGE_TIMEOUT_SECONDS = 180
PDF_POINTS_PER_INCH = 72
# Table rules touching the text make tesseract drop whole rows of a ruled table, so dark runs longer
# than this (about 0.3 inch, longer than any letter stroke at body sizes) are whitened before OCR.
RULE_MIN_LENGTH_INCH = 0.3
DARK_THRESHOLD = 160  # gray level below which a pixel counts as ink

# Bullet glyphs as they appear at line start: Word's symbol-font bullets land in the Private Use Area
# (U+F0B7, U+F0A7), "o" and dashes are Word's second-level and plain-text bullets.
_BULLET = re.compile(r"^\s*(?:[•▪●◦■□➢►\uf0b7\uf0a7\uf0d8\uf076\uf0fc]\s*|[-–o]\s+)(?=\S)")
# Tesseract reads small round bullets as "e", "+", "«+", "°" or "©"; only trust that before a capital.
_OCR_BULLET = re.compile(r"^\s*(?:e|[«»°©*+]{1,2})\s+(?=[A-ZÆØÅ])")
# A line-end hyphen followed by a lowercase word start is a hyphenation point, except in the Danish
# shared-suffix construction "Børne- og ungeforvaltningen" / "Social- eller sundhedsfaglig".
_HYPHENATED = re.compile(r"(?<=[^\W\d_])[-\u00ad\u2010]\n(?=[a-zæøå])(?!(?:og|eller|samt|til)\b)")


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
    listing = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, check=False, timeout=30
    )
    languages = set(listing.stdout.split())
    if PREFERRED_LANGUAGE in languages:
        return PREFERRED_LANGUAGE
    logger.warning(
        "tesseract has no %r language data; falling back to %r", PREFERRED_LANGUAGE, FALLBACK_LANGUAGE
    )
    return FALLBACK_LANGUAGE


def ocr_pages(pdf_path: Path, page_numbers: list[int], dpi: int = DEFAULT_OCR_DPI) -> dict[int, str]:
    """OCR the given 1-based pages, returning each page's text.

    Pages are rendered one at a time in this thread (pdfium is not thread-safe) and handed to a pool
    as soon as they are on disk, so rendering overlaps with recognition of the previous pages.
    """
    if not page_numbers:
        return {}
    if not is_available():
        raise NoTextError(pdf_path, f"{len(page_numbers)} page(s) need OCR but tesseract is not installed")
    language = ocr_language()
    with (
        tempfile.TemporaryDirectory(prefix="helhedsplan-ocr-") as tmp,
        ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool,
    ):
        futures: dict[int, Future[str]] = {}
        for number, image in _render_pages(pdf_path, page_numbers, dpi, Path(tmp)):
            futures[number] = pool.submit(_run_tesseract, pdf_path, number, image, language)
        return {number: future.result() for number, future in futures.items()}


def _render_pages(
    pdf_path: Path, page_numbers: list[int], dpi: int, out_dir: Path
) -> Iterator[tuple[int, Path]]:
    """Render pages to grayscale PNGs, yielding each as soon as it is written.

    Grayscale keeps the files small; tesseract binarises anyway.
    """
    try:
        document = pdfium.PdfDocument(pdf_path)
    except pdfium.PdfiumError as error:
        raise ExtractionError(pdf_path, f"cannot render pages for OCR: {error}") from error
    try:
        for number in page_numbers:
            image_path = out_dir / f"page-{number:05d}.png"
            bitmap = document[number - 1].render(scale=dpi / PDF_POINTS_PER_INCH, grayscale=True)
            pixels = np.asarray(bitmap.to_pil().convert("L"))
            Image.fromarray(remove_rules(pixels, round(RULE_MIN_LENGTH_INCH * dpi))).save(image_path)
            yield number, image_path
    finally:
        document.close()


def remove_rules(pixels: np.ndarray, min_length: int) -> np.ndarray:
    """Whiten horizontal and vertical ink runs of at least `min_length` pixels (table rules, underlines)."""
    dark = pixels < DARK_THRESHOLD
    rules = _horizontal_runs(dark, min_length) | _horizontal_runs(np.ascontiguousarray(dark.T), min_length).T
    cleaned = pixels.copy()
    cleaned[rules] = 255
    return cleaned


def _horizontal_runs(dark: np.ndarray, length: int) -> np.ndarray:
    """Mark pixels on a horizontal dark run of at least `length`, with prefix sums instead of loops.

    First find the columns where a full-length run starts, then mark every pixel within `length` after
    such a start; both steps are differences of cumulative sums, so a page takes a fraction of a second.
    """
    height, width = dark.shape
    if width < length:
        return np.zeros_like(dark)
    ink = np.zeros((height, width + 1), np.int32)
    np.cumsum(dark, axis=1, out=ink[:, 1:])
    starts = (ink[:, length:] - ink[:, :-length]) == length
    # started[:, length + j] counts run starts at columns <= j; the first `length` columns stand for j < 0.
    started = np.zeros((height, width + length), np.int32)
    np.cumsum(starts, axis=1, out=started[:, length : length + starts.shape[1]])
    started[:, length + starts.shape[1] :] = started[
        :, length + starts.shape[1] - 1 : length + starts.shape[1]
    ]
    return (started[:, length:] - started[:, :width]) > 0


def _run_tesseract(pdf_path: Path, number: int, image: Path, language: str) -> str:
    """One tesseract process for one page, single-threaded so that parallel pages do not oversubscribe."""
    command = ["tesseract", str(image), "stdout", "-l", language, "--psm", str(PAGE_SEGMENTATION_MODE)]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=environment,
            timeout=PAGE_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ExtractionError(pdf_path, f"OCR of page {number} took over {PAGE_TIMEOUT_SECONDS} s") from error
    if result.returncode != 0:
        reason = result.stderr.strip().splitlines()[-1:] or ["no message"]
        raise ExtractionError(pdf_path, f"tesseract failed on page {number}: {reason[0]}")
    return result.stdout


def text_to_blocks(text: str, page: int) -> list[Block]:
    """Split one page of OCR text into paragraph blocks at blank lines, with "blank" blocks between."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\f", "")):
        lines = [normalise_bullet(line.rstrip(), ocr=True) for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if blocks:
            blocks.append(Block(kind="blank", page=page))
        blocks.append(Block(kind="paragraph", text=undo_hyphenation("\n".join(lines)), page=page))
    return blocks
