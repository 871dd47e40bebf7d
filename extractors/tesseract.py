"""Driving the tesseract CLI: one single-threaded process per page image, fed through stdin and stdout.

Nothing touches the disk, so an interrupted or killed run leaves no image files behind; each process is
started through util-linux's `setpriv --pdeathsig KILL` (Debian's essential set), so the kernel ends it
with the thread that started it and a killed worker leaves no tesseract running either. Tesseract is
single-threaded per page when OMP_THREAD_LIMIT=1, so one process per core over the pages is faster than
one process spreading its internal threads over a single page.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess

import numpy as np

logger = logging.getLogger(__name__)

PREFERRED_LANGUAGE = "dan"
FALLBACK_LANGUAGE = "eng"
# psm 4 ("a single column of text of variable sizes") keeps the cells of one table row on one line;
# psm 3 reads a table column by column, which separates a Delmål from its Indikator.
PAGE_SEGMENTATION_MODE = 4
ORIENTATION_MODE = 0  # psm 0: orientation and script detection only (Debian's tesseract-ocr-osd)
PAGE_TIMEOUT_SECONDS = 180
_ROTATE = re.compile(r"^Rotate: (\d+)", re.MULTILINE)


class TesseractError(Exception):
    """Tesseract failed or timed out on one image; the message says how, for the page's finding."""


def is_available() -> bool:
    """True when the tesseract binary is on PATH."""
    return shutil.which("tesseract") is not None


@functools.cache
def languages() -> frozenset[str]:
    listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False, timeout=30)
    return frozenset(listing.stdout.split())


def ocr_language() -> str:
    """Danish when its traineddata is installed: without it æøå come out as "ae", "o", "a" noise."""
    if PREFERRED_LANGUAGE in languages():
        return PREFERRED_LANGUAGE
    logger.warning("tesseract lacks %r language data; using %r", PREFERRED_LANGUAGE, FALLBACK_LANGUAGE)
    return FALLBACK_LANGUAGE


def recognise(pixels: np.ndarray, ppi: float, language: str) -> str:
    """Tesseract's TSV for a grayscale page image at `ppi` pixels per inch."""
    return _run(pixels, ppi, ["-l", language, "--psm", str(PAGE_SEGMENTATION_MODE), "tsv"])


def recognise_tiff(tiff: bytes, ppi: float, language: str, mode: int) -> str:
    """Tesseract's TSV for the pages of a multi-page TIFF (`page_num` tells them apart), each laid out as
    page segmentation `mode` says: one process, one model load, for many small images."""
    return _run_encoded(tiff, ppi, ["-l", language, "--psm", str(mode), "tsv"])


def rotation(pixels: np.ndarray, ppi: float) -> int:
    """Degrees (0, 90, 180, 270) tesseract's orientation detection says to turn the image clockwise by;
    0 when the OSD data is missing or the page holds too little text to judge."""
    if "osd" not in languages():
        logger.warning("tesseract lacks orientation data (tesseract-ocr-osd); turned pages are read as they are")
        return 0
    try:
        found = _ROTATE.search(_run(pixels, ppi, ["--psm", str(ORIENTATION_MODE)]))
    except TesseractError:  # "Too few characters": nothing to turn
        return 0
    return int(found.group(1)) if found else 0


def _run(pixels: np.ndarray, ppi: float, arguments: list[str]) -> str:
    """One tesseract process reading a PGM from stdin (no compression to spend time on) and writing stdout.

    The PGM is its header and the pixel bytes joined once: encoding through an image library would hold
    two more copies of a page (9 MB each at 300 dpi) while tesseract reads it.
    """
    height, width = pixels.shape
    header = f"P5\n{width} {height}\n255\n".encode("ascii")
    return _run_encoded(b"".join((header, np.ascontiguousarray(pixels, np.uint8).data)), ppi, arguments)


def _run_encoded(image: bytes, ppi: float, arguments: list[str]) -> str:
    """One tesseract process on an encoded image (PGM, or a multi-page TIFF) from stdin."""
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [*_launcher(), "tesseract", "stdin", "stdout", "--dpi", str(round(ppi)), *arguments]
    try:
        result = subprocess.run(
            command,
            input=image,
            capture_output=True,
            env=environment,
            timeout=PAGE_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise TesseractError(f"OCR took over {PAGE_TIMEOUT_SECONDS} s") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise TesseractError(f"tesseract failed: {message[0]}")
    return result.stdout.decode("utf-8", "replace")


@functools.cache
def _launcher() -> tuple[str, ...]:
    """The prefix that ties tesseract's life to its parent's, where the system has it."""
    return ("setpriv", "--pdeathsig", "KILL") if shutil.which("setpriv") else ()
