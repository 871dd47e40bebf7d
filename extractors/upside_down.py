"""Whether a page's text stands on its head, told from the shape of its text lines before any OCR.

Latin script puts more ink above a line's x-height band (ascenders, capitals, accents, digits) than
below it (the descenders of g, j, p, q, y): in Danish body text about three to one. A page fed upside
down shows the reverse. Measured on narrow vertical strips (so that a slightly skewed line still fills
a few pixel rows), this costs a few milliseconds a page, where finding a turned page by reading it first
costs a whole extra tesseract run.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from extractors.raster import DARK_THRESHOLD, inch

SAMPLE_INCH = 0.005  # the page is looked at with pixels this size: x-height still spans several rows
STRIP_INCH = 0.5  # strips this wide: a line skewed by 1° drifts by about a third of its x-height over one
LINE_HEIGHT_INCH = (0.05, 0.4)  # inked row runs this tall are text lines (about 5 to 28 pt type)
CORE_SHARE = 0.5  # rows holding at least this share of the line's fullest row are its x-height band
# log(ink above the band / ink below): on the corpus scans upright pages measure +0.38 to +2.6 (noisy JPEG
# and bitonal fax lowest), the same pages upside down -0.36 to -2.7. Only a clear negative turns a page
# before OCR; a page this misjudges is still caught by its low word confidence and tesseract's OSD.
MAX_UPSIDE_DOWN_SCORE = -0.2


def is_upside_down(pixels: np.ndarray, ppi: float) -> bool:
    """True when the page's text lines carry clearly more ink below their x-height band than above."""
    return line_shape_score(pixels, ppi) <= MAX_UPSIDE_DOWN_SCORE


def line_shape_score(pixels: np.ndarray, ppi: float) -> float:
    """log of the ink above text lines' x-height band over the ink below it (0 for a page without lines)."""
    factor = max(1, round(SAMPLE_INCH * ppi))
    sample_ppi = ppi / factor
    ink = np.asarray(Image.fromarray(pixels).reduce(factor)) < DARK_THRESHOLD
    shortest, tallest = (inch(height, sample_ppi) for height in LINE_HEIGHT_INCH)
    step = max(1, inch(STRIP_INCH, sample_ppi))
    above = below = 0.0
    for left in range(0, ink.shape[1] - step + 1, step):
        profile = ink[:, left : left + step].sum(axis=1, dtype=np.int64)
        inked = np.concatenate(([0], (profile > 0).astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(inked))
        for top, bottom in zip(edges[::2], edges[1::2], strict=True):
            if not shortest <= bottom - top <= tallest:
                continue
            line = profile[top:bottom]
            core = np.flatnonzero(line >= CORE_SHARE * line.max())
            above += float(line[: core[0]].sum())
            below += float(line[core[-1] + 1 :].sum())
    return float(np.log((above + 1.0) / (below + 1.0)))
