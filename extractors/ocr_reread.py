"""A second look at the words tesseract was unsure of, each read alone.

Read as part of a page line, a short word beside wide white space (a lone "0" or "35" in a baseline cell)
is often misread, with low confidence ("(9)" for "0", "25" for "35"): the line model reads it with
context that does not belong to it. Cut out and read alone as one text line (psm 7), the same pixels
mostly read right. A word's new reading replaces the old one only when tesseract is clearly surer of it.

The unsure words are cut out while their page is read (`unsure_crops`), so the page image can go, and
those of all pages of a document are then read by one tesseract process, as the pages of one multi-page
TIFF through stdin (`reread`): starting tesseract and loading its model costs about 0.17 s of CPU, more
than reading the words, so one run per page would cost a few percent of every page's first read. Each
crop is read on its own, so the result does not depend on which crops share a run.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

import numpy as np
from PIL import Image

from extractors import tesseract
from extractors.ocr_layout import OcrWord, paged_words
from extractors.raster import inch
from pipeline.broken_words import word_cost

logger = logging.getLogger(__name__)

REREAD_BELOW_CONFIDENCE = 70.0  # words read less surely than this get a second look
MIN_GAIN = 15.0  # the second reading must be this much surer to replace the first
MAX_WORDS = 60  # per page, the least sure first: a page of noise is not re-read word by word
MAX_CROPS_PER_RUN = 600  # a long scan's crops go to a few runs, so none nears tesseract's time limit
PAD_INCH = 0.03  # white kept around a word's box, so that its strokes are whole
LINE_MODE = 7  # psm 7: the image is a single text line
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Unsure:
    """A page's words, and the unsure ones cut out: (index into `words`, the word's pixels)."""

    words: list[OcrWord]
    crops: list[tuple[int, Image.Image]]
    ppi: float


def unsure_crops(pixels: np.ndarray, words: list[OcrWord], ppi: float) -> Unsure:
    """The page's words with its unsure ones (the least sure MAX_WORDS) cut out of the image as read."""
    unsure = sorted(
        (index for index, word in enumerate(words) if _worth_rereading(word)),
        key=lambda index: words[index].conf,
    )[:MAX_WORDS]
    pad = inch(PAD_INCH, ppi)
    return Unsure(words, [(index, _crop(pixels, words[index], pad)) for index in unsure], ppi)


def reread(pages: Mapping[K, Unsure], language: str) -> dict[K, list[OcrWord]]:
    """Each page's words, the unsure ones replaced by their reading alone where that is surer. A run that
    fails leaves its pages' words as first read (a second look is not worth losing a page over)."""
    result = {key: list(page.words) for key, page in pages.items()}
    crops = ((page.ppi, (key, index, crop)) for key, page in pages.items() for index, crop in page.crops)
    for ppi, batch in batches(crops):
        try:
            readings = read_crops([crop for _, _, crop in batch], ppi, language, LINE_MODE)
        except tesseract.TesseractError as error:
            logger.warning("unsure words not read again: %s", error)
            continue
        for number, (key, index, _) in enumerate(batch, start=1):
            found, first = readings.get(number), result[key][index]
            text = " ".join(word.text for word in found or [])
            if found and min(word.conf for word in found) >= first.conf + MIN_GAIN and _keeps(first.text, text):
                result[key][index] = dataclasses.replace(first, text=text, conf=min(word.conf for word in found))
    return result


def batches(items: Iterable[tuple[float, T]]) -> list[tuple[int, list[T]]]:
    """Items (each with its page's resolution) grouped by resolution, since tesseract takes one --dpi a
    run, and at most MAX_CROPS_PER_RUN a run: (dpi, items) per run."""
    by_ppi: dict[int, list[T]] = {}
    for ppi, item in items:
        by_ppi.setdefault(round(ppi), []).append(item)
    return [
        (ppi, run[start : start + MAX_CROPS_PER_RUN])
        for ppi, run in by_ppi.items()
        for start in range(0, len(run), MAX_CROPS_PER_RUN)
    ]


def _keeps(first: str, second: str) -> bool:
    """Whether a second reading keeps what the first got right, however sure tesseract is of it.

    One with fewer digits lost a figure: a 150 dpi bitonal scan's "9%" read alone came back "%" (the
    baseline "Piger 12-17 år 9 %" lost its value). One that reads the same number of words worse by the
    word lists (rarer, or no words at all) lost letters: read without its line, a bitonal "l" often
    comes back "i" ("mellem" → "meliem", "variable" → "variabie"). A first reading with a word the lists
    do not know has nothing to lose, and a second one that splits or joins words must know all of them.
    """
    if sum(char.isdigit() for char in second) < sum(char.isdigit() for char in first):
        return False
    before, after = _WORD.findall(first.lower()), _WORD.findall(second.lower())
    cost_before = _words_cost(before)
    if cost_before is None:
        return True
    cost_after = _words_cost(after)
    return cost_after is not None and (len(after) != len(before) or cost_after <= cost_before)


def _words_cost(words: list[str]) -> float | None:
    """The words' summed cost by the word lists; None when there are none or one is no word."""
    costs = [word_cost(word) for word in words]
    if not costs or None in costs:
        return None
    return sum(cost for cost in costs if cost is not None)


def _worth_rereading(word: OcrWord) -> bool:
    """Unsure words with a letter or digit: symbol-only ones are bullets or rule remnants, which the
    layout tells apart."""
    return word.conf < REREAD_BELOW_CONFIDENCE and any(char.isalnum() for char in word.text)


def _crop(pixels: np.ndarray, word: OcrWord, pad: int) -> Image.Image:
    height, width = pixels.shape
    top, bottom = max(0, int(word.top) - pad), min(height, int(word.bottom) + pad)
    left, right = max(0, int(word.x0) - pad), min(width, int(word.x1) + pad)
    return Image.fromarray(pixels[top:bottom, left:right].copy())  # a copy: the page image may go


def read_crops(crops: list[Image.Image], ppi: float, language: str, mode: int) -> dict[int, list[OcrWord]]:
    """Each crop read as page segmentation `mode` says, by one tesseract run over them as the pages of
    one TIFF; the words found, by 1-based crop number."""
    image = io.BytesIO()
    crops[0].save(image, format="TIFF", save_all=True, append_images=crops[1:])
    found: dict[int, list[OcrWord]] = {}
    for page, word in paged_words(tesseract.recognise_tiff(image.getvalue(), ppi, language, mode)):
        found.setdefault(page, []).append(word)
    return found
