"""Image steps on a grayscale page before OCR: straighten it, tell a sideways page, lift shading, find rules.

Every length is given in inches and turned into pixels with the image's real resolution, so one scan
written with a wrong page size (a 300 dpi image on a 96 dpi page) is cleaned exactly as the right one.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

RULE_MIN_LENGTH_INCH = 0.3  # ink runs this long are rules: longer than any letter stroke at body sizes
RULE_MAX_THICKNESS_INCH = 0.03  # 2 pt; thicker "rules" are shading or highlight behind text
RULE_MARGIN_INCH = 0.007  # also whiten this much around a rule: its grey anti-aliased edges read as "|"
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
MAX_SKEW_DEGREES = 3.0  # hand-fed scans are rarely further off; beyond this a page is left as it is
SKEW_COARSE_STEP = 0.5  # degrees; the best coarse angle is then refined in SKEW_FINE_STEP steps
SKEW_FINE_STEP = 0.1  # a 0.1° error leaves rules straight enough: 0.2 px drift over a rule run
PROFILE_SAMPLE_INCH = 0.01  # skew and orientation are measured on a copy with pixels this size
# A page whose column profile is this much sharper than its row profile has its text lines running down
# the page: it was scanned sideways. Upright pages of text and tables score 3-10× the other way.
SIDEWAYS_RATIO = 1.5

_PAPER_LUT = [255 if level > PAPER_LEVEL else 0 for level in range(256)]  # gray level → paper (255) or not
_INK_LUT = [255 if level < DARK_THRESHOLD else 0 for level in range(256)]  # gray level → ink (255) or not


def inch(length: float, ppi: float) -> int:
    """An inch-based length in whole pixels at `ppi`, at least one."""
    return max(1, round(length * ppi))


def deskew(pixels: np.ndarray, ppi: float) -> np.ndarray:
    """Straighten a page scanned slightly askew, so table rules become straight ink runs again."""
    angle = estimate_skew(pixels, ppi)
    if abs(angle) < SKEW_FINE_STEP:
        return pixels
    rotated = Image.fromarray(pixels).rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return np.asarray(rotated)


def estimate_skew(pixels: np.ndarray, ppi: float) -> float:
    """The rotation (degrees, counter-clockwise) that makes text lines and rules horizontal."""
    profile = _Profile(_ink_sample(pixels, ppi))
    coarse = profile.sharpest(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, SKEW_COARSE_STEP))
    return profile.sharpest(np.arange(coarse - SKEW_COARSE_STEP, coarse + SKEW_COARSE_STEP + 1e-9, SKEW_FINE_STEP))


def is_sideways(pixels: np.ndarray, ppi: float) -> bool:
    """True when the text lines run down the page (a sheet fed in turned by a quarter).

    Costs a few milliseconds where OCR-ing a sideways page costs tesseract many seconds for a handful
    of words; which quarter it is, tesseract's orientation detection then says.
    """
    sample = _ink_sample(pixels, ppi)
    rows, columns = _Profile(sample), _Profile(sample.T)
    angles = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, SKEW_COARSE_STEP)
    row_score = max(rows.sharpness(float(angle)) for angle in angles)
    column_score = max(columns.sharpness(float(angle)) for angle in angles)
    return column_score > SIDEWAYS_RATIO * row_score


def _ink_sample(pixels: np.ndarray, ppi: float) -> np.ndarray:
    """Ink (255) on a reduced copy whose pixels are PROFILE_SAMPLE_INCH wide, as floats."""
    ink = Image.fromarray(pixels).point(_INK_LUT)
    return np.asarray(ink.reduce(max(1, round(PROFILE_SAMPLE_INCH * ppi))), dtype=np.float32)


class _Profile:
    """Projection profiles of an ink sample turned by small angles.

    When the page is straight, the ink per pixel row alternates sharply between text lines and the white
    between them, so the summed squared row-to-row change is largest. Rotating the sample moves each ink
    pixel to a new row; the row profile of the rotated image is the weighted histogram of those rows,
    without rendering the rotation.
    """

    def __init__(self, sample: np.ndarray) -> None:
        ys, xs = np.nonzero(sample)
        self.weights = sample[ys, xs]
        self.xs = xs - sample.shape[1] // 2  # whole pixels: half-pixel offsets would fold rows pairwise at 0°
        self.ys = ys - sample.shape[0] // 2

    def sharpness(self, angle: float) -> float:
        if not len(self.ys):
            return 0.0
        radians = np.deg2rad(angle)
        rows = np.floor(self.ys * np.cos(radians) - self.xs * np.sin(radians) + 0.5).astype(np.int64)
        profile = np.bincount(rows - rows.min(), weights=self.weights)
        return float(np.square(np.diff(profile)).sum())

    def sharpest(self, angles: np.ndarray) -> float:
        if not len(self.ys):
            return 0.0
        return float(max(angles, key=lambda angle: self.sharpness(float(angle))))


def find_rules(pixels: np.ndarray, ppi: float) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the pixels on horizontal and on vertical rules: ink runs at least RULE_MIN_LENGTH_INCH
    long and at most RULE_MAX_THICKNESS_INCH thick.

    The thickness bound keeps dark fills out (a black header row): whitening them would erase the text
    on them, and their edges would make up table columns. Light shading is gone before this runs.
    """
    min_length, max_thickness = inch(RULE_MIN_LENGTH_INCH, ppi), inch(RULE_MAX_THICKNESS_INCH, ppi)
    dark = pixels < DARK_THRESHOLD
    horizontal = _runs(dark, min_length, axis=1)
    vertical = _runs(dark, min_length, axis=0)
    del dark  # pages are big: each full-size mask is 9 MB at 300 dpi, and two pages are read at once
    horizontal &= ~_runs(horizontal, max_thickness + 1, axis=0)
    vertical &= ~_runs(vertical, max_thickness + 1, axis=1)
    return horizontal, vertical


def whiten_rules(pixels: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray, ppi: float) -> None:
    """Paint the rules and their grey rims white, in place: rules touching text make tesseract drop rows."""
    pixels[_dilate(horizontal | vertical, inch(RULE_MARGIN_INCH, ppi))] = 255


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


def lift_shading(pixels: np.ndarray, ppi: float) -> bool:
    """Whiten shaded backgrounds in place; True when there were any."""
    mask = find_shading(pixels, inch(SHADE_WINDOW_INCH, ppi))
    if not mask.any():
        return False
    pixels[mask] = 255
    return True


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
