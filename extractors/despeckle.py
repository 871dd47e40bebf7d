"""Salt-and-pepper noise: single pixels flipped all over a scan, taken off before any other image step.

A worn scanner sensor, a noisy fax line or a photocopy's toner spray leaves lone black pixels on the paper
and lone white ones in the print. Tesseract reads the print through them, but they break the rules into
short runs and the text lines' outlines, and the dots in a cell read as stray "." and "'" that open or
end its value. A pixel none of whose eight neighbours shares its colour is such a flip: no printed mark is
one pixel at 150 dpi or more (the dot of an i is three pixels across at 200 dpi).

A page is despeckled only when it holds many such pixels, so a clean scan is read pixel for pixel as it
was: the corpus's 200 dpi faxes and JPEGs hold 10-40 a megapixel (a few real specks, JPEG ringing),
a page with 0.2 % of its pixels flipped about 1,800.
"""

from __future__ import annotations

import cv2
import numpy as np

from extractors import levels

SPECKLED_PER_MEGAPIXEL = 300  # lone pixels a megapixel from which a page counts as speckled
_NEIGHBOURS = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], np.float32)


def despeckle(pixels: np.ndarray) -> np.ndarray:
    """The page with each lone pixel given its neighbourhood's median, or the page itself when it is not
    speckled."""
    ink = (pixels < levels.INK_LEVEL).view(np.uint8)
    inked = cv2.filter2D(ink, -1, _NEIGHBOURS, borderType=cv2.BORDER_REPLICATE)  # inked neighbours, 0-8
    lone = ((ink == 1) & (inked == 0)) | ((ink == 0) & (inked == 8))
    if np.count_nonzero(lone) < SPECKLED_PER_MEGAPIXEL * pixels.size / 1e6:
        return pixels
    cleaned = pixels.copy()
    cleaned[lone] = cv2.medianBlur(pixels, 3)[lone]
    return cleaned
