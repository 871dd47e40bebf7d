"""A scan's own paper and ink levels, and the page stretched so that paper is white and ink black.

Every gray-level threshold of the image steps (ink below 160, paper above 220, text on shading below 110:
`raster`, `upside_down`) is written for white paper and black print. Scanners do not always deliver that:
grey recycled paper or a scanner set dark puts the paper at 200, faded toner or a light setting puts the
print at 110, a colour scan of yellowish paper turns to gray at 230. On such a page the shading test takes
the whole sheet for a shaded box (no pixel is lighter than 220) and whitens the print, and the ink
threshold finds half of each stroke. Stretching the page's levels first, from its own histogram, makes all
those thresholds fractions of the way from this page's ink to its paper, so they need no second set.

The levels come from the histogram split where it best separates two classes (Otsu's threshold): the
paper is the median of the light class, the ink a low percentile of the dark one (stroke edges blend into
the paper, so the dark class's middle is lighter than the print). A page already close to white paper and
black ink is left untouched, pixel for pixel, as is a page whose two classes are too close to be paper and
print (a blank sheet's noise).
"""

from __future__ import annotations

import cv2
import numpy as np

SAMPLE_STEP = 2  # the histogram is taken over every second pixel each way: the levels need no more
INK_PERCENTILE = 10  # of the dark class: the solid core of the strokes, not their blended edges
# A page whose paper is at least this light and whose ink at least this dark is read as it is: clean and
# noisy office scans (paper 245-255, ink 0-40), bitonal faxes (0 and 255).
WHITE_ENOUGH = 240
BLACK_ENOUGH = 70
MIN_CONTRAST = 40  # paper and ink closer than this are not paper and ink (a blank page's noise)
INK_LEVEL = 128  # on a page stretched (or already) black on white, darker pixels are ink


def levels(pixels: np.ndarray) -> tuple[int, int]:
    """The page's (ink, paper) gray levels."""
    sample = np.ascontiguousarray(pixels[::SAMPLE_STEP, ::SAMPLE_STEP])
    histogram = np.bincount(sample.ravel(), minlength=256).astype(np.float64)
    split = int(cv2.threshold(sample, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0])  # the dark class's top
    return _percentile(histogram[: split + 1], INK_PERCENTILE), split + 1 + _percentile(histogram[split + 1 :], 50)


def _percentile(histogram: np.ndarray, share: float) -> int:
    """The level (index into `histogram`) below which `share` per cent of its pixels lie."""
    cumulative = np.cumsum(histogram)
    if not len(cumulative) or cumulative[-1] == 0:
        return 0
    return int(np.searchsorted(cumulative, cumulative[-1] * share / 100))


def normalise(pixels: np.ndarray) -> np.ndarray:
    """The page with its ink stretched to black and its paper to white, or the page itself when it is
    black on white already (or shows no paper and ink to stretch)."""
    ink, paper = levels(pixels)
    if (paper >= WHITE_ENOUGH and ink <= BLACK_ENOUGH) or paper - ink < MIN_CONTRAST:
        return pixels
    table = np.clip((np.arange(256, dtype=np.float64) - ink) * 255.0 / (paper - ink), 0, 255).round()
    return table.astype(np.uint8)[pixels]
