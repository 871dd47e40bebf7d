"""A second look at the words tesseract was unsure of, each read alone.

Read as part of a page line, a short word beside wide white space (a lone "0" or "35" in a baseline cell)
is often misread, with low confidence ("(9)" for "0", "25" for "35"): the line model reads it with
context that does not belong to it. Cut out and read alone as one text line (psm 7), the same pixels
mostly read right. All unsure words of a page go to one tesseract process, as the pages of one
multi-page TIFF through stdin, so the second look costs about one model load, a few percent of the
page's first read. A word's new reading replaces the old one only when tesseract is clearly surer of it.
"""

from __future__ import annotations

import dataclasses
import io

import numpy as np
from PIL import Image

from extractors import tesseract
from extractors.ocr_layout import OcrWord, paged_words
from extractors.raster import inch

REREAD_BELOW_CONFIDENCE = 70.0  # words read less surely than this get a second look
MIN_GAIN = 15.0  # the second reading must be this much surer to replace the first
MAX_WORDS = 60  # per page, the least sure first: a page of noise is not re-read word by word
PAD_INCH = 0.03  # white kept around a word's box, so that its strokes are whole
LINE_MODE = 7  # psm 7: the image is a single text line


def reread_unsure(pixels: np.ndarray, words: list[OcrWord], ppi: float, language: str) -> list[OcrWord]:
    """The page's words, the unsure ones replaced by their reading alone where that is surer."""
    unsure = sorted(
        (index for index, word in enumerate(words) if _worth_rereading(word)),
        key=lambda index: words[index].conf,
    )[:MAX_WORDS]
    if not unsure:
        return words
    pad = inch(PAD_INCH, ppi)
    readings = _read_alone([_crop(pixels, words[index], pad) for index in unsure], ppi, language)
    result = list(words)
    for number, index in enumerate(unsure, start=1):
        found = readings.get(number)
        text = " ".join(word.text for word in found or [])
        if found and min(word.conf for word in found) >= words[index].conf + MIN_GAIN and _keeps_figures(
            words[index].text, text
        ):
            result[index] = dataclasses.replace(words[index], text=text, conf=min(word.conf for word in found))
    return result


def _keeps_figures(first: str, second: str) -> bool:
    """A second reading that has fewer digits than the first lost a figure, however sure it is: a 150 dpi
    bitonal scan's "9%" read alone came back "%" (the baseline "Piger 12-17 år 9 %" lost its value)."""
    return sum(char.isdigit() for char in second) >= sum(char.isdigit() for char in first)


def _worth_rereading(word: OcrWord) -> bool:
    """Unsure words with a letter or digit: symbol-only ones are bullets or rule remnants, which the
    layout tells apart."""
    return word.conf < REREAD_BELOW_CONFIDENCE and any(char.isalnum() for char in word.text)


def _crop(pixels: np.ndarray, word: OcrWord, pad: int) -> Image.Image:
    height, width = pixels.shape
    top, bottom = max(0, int(word.top) - pad), min(height, int(word.bottom) + pad)
    left, right = max(0, int(word.x0) - pad), min(width, int(word.x1) + pad)
    return Image.fromarray(pixels[top:bottom, left:right])


def _read_alone(crops: list[Image.Image], ppi: float, language: str) -> dict[int, list[OcrWord]]:
    """Each crop read as a single line, by one tesseract run over them as the pages of one TIFF; the
    words found, by 1-based crop number."""
    image = io.BytesIO()
    crops[0].save(image, format="TIFF", save_all=True, append_images=crops[1:])
    found: dict[int, list[OcrWord]] = {}
    for page, word in paged_words(tesseract.recognise_tiff(image.getvalue(), ppi, language, LINE_MODE)):
        found.setdefault(page, []).append(word)
    return found
