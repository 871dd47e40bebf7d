"""Show-through: the back page's print seen through thin paper, taken off before OCR.

A sheet printed on both sides and scanned on thin paper shows its back page mirrored, much lighter than
its own print (a fifth to a third of its darkness: grey 170-215 on a page stretched to white paper and
black ink). Tesseract's layout analysis takes those faint marks in the word gaps for punctuation and
letters (":", "'", "-", "i") and joins the words beside them ("tid understøtter" read "tidsunderstøtter").

Print on the front is darker than that at its core, light headings and strokes out of focus included;
only the rims of its strokes are that light. So a light grey pixel (SHOW_THROUGH_LEVEL
to raster.PAPER_LEVEL) farther than NEAR_INK_INCH from any darker pixel is no part of the front's print and
becomes paper. Lighter pixels are left as they are: fills as light as paper, and the grain around a lone
figure in a cell, change how tesseract reads it ("0" read "(9" with its surround whitened). Light grey
shading with no print near it goes too, which the shading step would whiten anyway; a faint rule out of
focus can be as light, which is why the faint rule search runs first (`ocr._recognise`).
"""

from __future__ import annotations

import cv2
import numpy as np

from extractors.raster import PAPER_LEVEL, inch

SHOW_THROUGH_LEVEL = 170  # on a stretched page: show-through is lighter, the core of any front print darker
NEAR_INK_INCH = 0.015  # a stroke's light rim (anti-aliasing, blur, JPEG ringing) lies this close to its core
# A shown-through letter (or a few run together) covers at most this square; a larger patch of light grey
# is a fill the shading step left (a shaded label cell out of focus), and whitened around its text, it
# would leave each letter a grey halo that tesseract reads as part of it ("Målgruppe" read "Målaruppef").
MAX_MARK_SQUARE_INCH = 0.15


def whiten(pixels: np.ndarray, ppi: float) -> None:
    """Paint white, in place, the patches of light grey that lie away from any darker pixel and are no
    larger than a mark."""
    reach = inch(NEAR_INK_INCH, ppi)
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 2 * reach + 1))
    near_ink = cv2.dilate(cv2.inRange(pixels, 0, SHOW_THROUGH_LEVEL - 1), square)  # 255 within reach of print
    # 255 on light grey; paper, and fills as light as paper (their grain read as it is), left out
    faint = cv2.inRange(pixels, SHOW_THROUGH_LEVEL, PAPER_LEVEL)
    cv2.bitwise_and(faint, cv2.bitwise_not(near_ink, dst=near_ink), dst=faint)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(faint, connectivity=8)
    mark = stats[:, cv2.CC_STAT_AREA] <= inch(MAX_MARK_SQUARE_INCH, ppi) ** 2
    mark[0] = False  # label 0: everything else
    pixels[mark[labels]] = 255
