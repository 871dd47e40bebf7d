"""Image steps on a grayscale page before OCR: straighten it, tell a sideways page, lift shading, find rules.

Every length is given in inches and turned into pixels with the image's real resolution, so one scan
written with a wrong page size (a 300 dpi image on a 96 dpi page) is cleaned exactly as the right one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

# Pages are read one per core already, each beside its own tesseract process: OpenCV's own threads would
# only compete with them.
cv2.setNumThreads(1)

RULE_MIN_LENGTH_INCH = 0.3  # ink runs this long are rules: longer than any letter stroke at body sizes
RULE_MAX_THICKNESS_INCH = 0.03  # 2 pt; thicker "rules" are shading or highlight behind text
RULE_MARGIN_INCH = 0.007  # also whiten this much around a rule: its grey anti-aliased edges read as "|"
DARK_THRESHOLD = 160  # gray level below which a pixel counts as ink
# A hairline rule scanned out of focus (or a 0.5 pt rule at 150 dpi) spreads to grey 165-190, never as
# dark as letters. Such faint rules are looked for up to FAINT_RULE_LEVEL, and only runs this long count:
# a blurred word's letters also merge into grey runs, but word gaps stay paper, so those runs stay shorter.
FAINT_RULE_LEVEL = 200
FAINT_RULE_MIN_LENGTH_INCH = 1.0
# Shading (the template's green guidance highlight, cell fills) is mid-grey in a scan, and tesseract's
# layout analysis takes a grey block for a picture and skips the text on it. Grey pixels with hardly any
# white paper around them are shading and are whitened before anything else; grey text (coloured
# headings) has paper all around its strokes and is kept.
PAPER_LEVEL = 220  # lighter than this is paper
SHADE_INK_LEVEL = 110  # darker than this is text even on shading (the highlight scans as grey 130-150)
SHADE_WINDOW_INCH = 0.1  # the neighbourhood looked at, wider than any stroke
MAX_PAPER_IN_SHADE = 0.05  # share of paper pixels in the neighbourhood of a shaded pixel
SHADE_REDUCTION = 4  # shading is found on a copy this many times smaller
SHADE_SPREAD = 35  # a fill's grey, noise and JPEG ringing and all, lies within half of this of its median
MIN_FLAT_SHARE = 0.5  # share of a shaded area's grey within half the spread of its median: a flat fill
# A fill's core (its pixels with no paper in the window) covers at least a window's square; the cores in
# bold grey headings, where a copy's thickened strokes closed a letter's counters, are specks of a few.
MIN_CORE_WINDOWS = 1.0
USUAL_SKEW_DEGREES = 3.0  # most scans lie within this: the sideways test looks no further
MAX_SKEW_DEGREES = 6.0  # a sheet hand-fed well askew; beyond this a page is left as it is
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


def deskew(pixels: np.ndarray, ppi: float, angle: float | None = None) -> np.ndarray:
    """Straighten a page scanned slightly askew (by `angle`, measured here when not given), so table
    rules become straight ink runs again; the page itself when it is level."""
    angle = measure_lines(pixels, ppi).skew if angle is None else angle
    if abs(angle) < SKEW_FINE_STEP:
        return pixels
    height, width = pixels.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(pixels, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)


@dataclass(frozen=True)
class Lines:
    """Which way a page's text lines run, and the rotation (degrees, counter-clockwise) that levels them
    on the page as it lies (meaningful for a page that is not sideways)."""

    sideways: bool
    skew: float


def measure_lines(pixels: np.ndarray, ppi: float) -> Lines:
    """Whether the page was fed in turned by a quarter, and its skew, from one ink sample.

    A sideways page has its text lines running down the page: its column profile is sharper than its
    row profile. Costs a few milliseconds where OCR-ing a sideways page costs tesseract many seconds
    for a handful of words; which quarter it is, tesseract's orientation detection then says.
    """
    sample = _ink_sample(pixels, ppi)
    rows, columns = _Profile.pair(sample)
    # Text lines sharpen the row profile only within about a degree of level: a page 4.5° off scores no
    # higher at 3° than at 2°, so the skew is looked for over the whole range. Sideways lines are caught
    # in the usual one.
    coarse = _angles(0.0, MAX_SKEW_DEGREES, SKEW_COARSE_STEP)
    row_scores = [rows.sharpness(angle) for angle in coarse]
    column_score = max(columns.sharpness(angle) for angle in _angles(0.0, USUAL_SKEW_DEGREES, SKEW_COARSE_STEP))
    best = coarse[int(np.argmax(row_scores))]
    return Lines(
        sideways=column_score > SIDEWAYS_RATIO * max(row_scores),
        skew=rows.sharpest(_angles(best, SKEW_COARSE_STEP, SKEW_FINE_STEP)),
    )


def _angles(centre: float, reach: float, step: float) -> list[float]:
    """The angles from centre - reach to centre + reach, `step` apart."""
    return [float(angle) for angle in np.arange(centre - reach, centre + reach + 1e-9, step)]


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

    def __init__(self, weights: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> None:
        self.weights, self.xs, self.ys = weights, xs, ys

    @classmethod
    def pair(cls, sample: np.ndarray) -> tuple[_Profile, _Profile]:
        """The sample's row and column profiles (the columns' are the rows' of the sample transposed), from
        one pass over its ink pixels."""
        ys, xs = np.nonzero(sample)
        weights = sample[ys, xs]
        xs = (xs - sample.shape[1] // 2).astype(np.float32)  # whole pixels: half-pixel offsets would fold
        ys = (ys - sample.shape[0] // 2).astype(np.float32)  # rows pairwise at 0°
        return cls(weights, xs, ys), cls(weights, ys, xs)

    def sharpness(self, angle: float) -> float:
        if not len(self.ys):
            return 0.0
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))  # floats keep the float32
        rows = np.floor(self.ys * cos - self.xs * sin + 0.5).astype(np.int32)
        profile = np.bincount(rows - rows.min(), weights=self.weights)
        return float(np.square(np.diff(profile)).sum())

    def sharpest(self, angles: list[float]) -> float:
        if not len(self.ys):
            return 0.0
        return max(angles, key=self.sharpness)


def find_rules(
    pixels: np.ndarray, ppi: float, level: int = DARK_THRESHOLD, min_length_inch: float = RULE_MIN_LENGTH_INCH
) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the pixels on horizontal and on vertical rules: runs of pixels darker than `level` at least
    `min_length_inch` long and at most RULE_MAX_THICKNESS_INCH thick.

    Runs are measured over one-pixel gaps: a noisy or bitonal scan flips single pixels of a thin rule, and
    a 2 px rule broken every few dozen pixels in each row is no run as long as a rule in either row.

    The thickness bound keeps dark fills out (a black header row): whitening them would erase the text
    on them, and their edges would make up table columns. Light shading is gone before the search at
    DARK_THRESHOLD runs; the faint search runs before it (ocr._recognise says why).

    A run is a rule only where a stretch of it RULE_MIN_LENGTH_INCH long is thin in the ink itself, not
    only in the mask of long runs: the letters of a blurred (or bold, shaded) line of text merge into dark
    runs whose slivers pass the thickness bound, but each sliver crosses letters far thicker than a rule
    every few pixels. The rest of a seeded run is kept, where letters touch it too.
    """
    min_length, max_thickness = inch(min_length_inch, ppi), inch(RULE_MAX_THICKNESS_INCH, ppi)
    seed_length = inch(RULE_MIN_LENGTH_INCH, ppi)
    dark = pixels < level
    found = []
    for along, across in ((1, 0), (0, 1)):
        rules = _runs(_bridged(dark, along), min_length, axis=along)
        thick = _runs(rules, max_thickness + 1, axis=across)
        np.logical_and(rules, np.logical_not(thick, out=thick), out=rules)
        found.append(rules)
    horizontal, vertical = found
    # Rows first, their thin stretches measured in the ink itself: a table's columns are wider than a rule's
    # length. Its rows may not be (one line of text), so a column rule's stretches are measured with the
    # row rules that cross it left out, and only those found: a blurred line's letters are no rule.
    _keep_seeded_runs(horizontal, np.logical_not(_runs(dark, max_thickness + 1, axis=0)), seed_length)
    thin = np.logical_not(_runs(dark & ~horizontal, max_thickness + 1, axis=1))
    _keep_seeded_runs(vertical.T, thin.T, seed_length)  # on the transposed views: columns are rows there
    del thin
    del dark  # pages are big: each full-size mask is 9 MB at 300 dpi, and two pages are read at once
    return horizontal, vertical


def _bridged(mask: np.ndarray, axis: int) -> np.ndarray:
    """The mask with each unset pixel between two set ones along `axis` set too."""
    bridged = mask.copy()
    if axis == 1:
        bridged[:, 1:-1] |= mask[:, :-2] & mask[:, 2:]
    else:
        bridged[1:-1] |= mask[:-2] & mask[2:]
    return bridged


def _keep_seeded_runs(rules: np.ndarray, thin: np.ndarray, min_length: int) -> None:
    """Clear, in place, each run of `rules` along its rows that holds no stretch `min_length` long of
    `thin` pixels. Worked on the few rows that hold rule pixels only."""
    rows = np.flatnonzero(rules.any(axis=1))
    if not rows.size:
        return
    runs = rules[rows]
    seeds = _runs(runs & thin[rows], min_length, axis=1)
    starts = runs.copy()
    starts[:, 1:] &= ~runs[:, :-1]
    ids = np.cumsum(starts, axis=1, dtype=np.int32)
    ids += (np.arange(len(rows), dtype=np.int32) * (runs.shape[1] + 1))[:, None]
    rules[rows] = runs & np.isin(ids, ids[seeds])


def whiten_rules(pixels: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray, ppi: float) -> None:
    """Paint the rules and their grey rims white, in place: rules touching text make tesseract drop rows."""
    pixels[_dilate(horizontal | vertical, inch(RULE_MARGIN_INCH, ppi))] = 255


def _runs(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Mark pixels on a run of at least `length` set pixels along `axis`: a binary opening by a line.

    Eroded and then dilated with mirrored anchors, so that even lengths are exact too (OpenCV's own
    opening keeps the one anchor for both and shifts an even-length run by a pixel). Beyond the edge
    counts as unset, so a run is measured only by the pixels it has on the page.
    """
    kernel = np.ones((1, length) if axis == 1 else (length, 1), np.uint8)
    anchor = length // 2
    mirrored = length - 1 - anchor
    points = ((anchor, 0), (mirrored, 0)) if axis == 1 else ((0, anchor), (0, mirrored))
    border = {"borderType": cv2.BORDER_CONSTANT, "borderValue": 0}
    eroded = cv2.erode(mask.view(np.uint8), kernel, anchor=points[0], **border)
    return cv2.dilate(eroded, kernel, anchor=points[1], **border).view(bool)


def lift_shading(pixels: np.ndarray, ppi: float) -> bool:
    """Whiten shaded backgrounds in place; True when there were any."""
    mask = find_shading(pixels, inch(SHADE_WINDOW_INCH, ppi))
    if not mask.any():
        return False
    pixels[mask] = 255
    return True


def find_shading(pixels: np.ndarray, window: int) -> np.ndarray:
    """Mask of the grey (not ink, not paper) pixels in flat areas with almost no paper: shaded backgrounds.

    Worked out on a copy reduced by SHADE_REDUCTION for speed; the shaded areas are then grown by a
    window so that their rims, where the window reaches the paper outside, are included too (only grey
    pixels are whitened, so the growth never reaches into paper or text). An area whose grey is not flat
    is no shading: the rows of a blurred scan's text hold so little paper that they pass for it, and
    whitening their grey would thin the letters to scraps.
    """
    small_window = max(1, window // SHADE_REDUCTION)
    paper_share = np.asarray(Image.fromarray(pixels).point(_PAPER_LUT).reduce(SHADE_REDUCTION)) / 255
    core = _box_mean(paper_share, small_window) < MAX_PAPER_IN_SHADE
    shaded = _box_mean(core, 2 * small_window) > 0
    if not shaded.any():
        return np.zeros(pixels.shape, bool)
    small = np.asarray(Image.fromarray(pixels).reduce(SHADE_REDUCTION))
    shaded = _flat_areas(small, core, shaded, MIN_CORE_WINDOWS * small_window**2)
    height, width = pixels.shape
    grown = (shaded.shape[1] * SHADE_REDUCTION, shaded.shape[0] * SHADE_REDUCTION)
    near = cv2.resize(shaded.view(np.uint8), grown, interpolation=cv2.INTER_NEAREST)[:height, :width]
    mask = cv2.inRange(pixels, SHADE_INK_LEVEL, PAPER_LEVEL)  # 255 on grey pixels
    np.bitwise_and(mask, near, out=mask)  # 255 & 1: one mask of 0/1, no further page-size copies
    return mask.view(bool)


def _flat_areas(small: np.ndarray, core: np.ndarray, shaded: np.ndarray, min_core: float) -> np.ndarray:
    """The connected areas of `shaded` (on the reduced page) with at least `min_core` core pixels whose
    grey is flat: at least MIN_FLAT_SHARE of it within half of SHADE_SPREAD of its median, as a fill's
    grey is under text and noise. A blurred line of text's greys spread over every level between ink and
    paper; a grey heading's strokes, spread by copying, are as flat but leave only specks of core."""
    count, labels = cv2.connectedComponents(shaded.view(np.uint8))
    grey = core & (small >= SHADE_INK_LEVEL) & (small <= PAPER_LEVEL)
    area, level = labels[grey], small[grey].astype(np.int16)
    blocks = np.bincount(area, minlength=count)
    order = np.lexsort((level, area))
    starts = np.concatenate(([0], np.cumsum(blocks)[:-1]))
    median = np.zeros(count, np.int16)
    has_grey = blocks > 0
    median[has_grey] = level[order][(starts + blocks // 2)[has_grey]]
    near = np.abs(level - median[area]) <= SHADE_SPREAD // 2
    flat = has_grey & (np.bincount(area, weights=near, minlength=count) >= MIN_FLAT_SHARE * np.maximum(blocks, 1))
    flat &= np.bincount(labels[core], minlength=count) >= min_core
    flat[0] = False  # label 0 is the unshaded page
    return flat[labels]


def _box_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Mean of the values in the window × window square around each pixel; near the edges, of the part
    of the square that lies on the page."""
    size = (2 * (window // 2) + 1,) * 2
    values = values.astype(np.float32)
    total = cv2.boxFilter(values, -1, size, normalize=False, borderType=cv2.BORDER_CONSTANT)
    area = cv2.boxFilter(np.ones_like(values), -1, size, normalize=False, borderType=cv2.BORDER_CONSTANT)
    return total / area


def _dilate(mask: np.ndarray, margin: int) -> np.ndarray:
    """Grow a mask by `margin` pixels up, down, left and right."""
    cross = cv2.getStructuringElement(cv2.MORPH_CROSS, (2 * margin + 1, 2 * margin + 1))
    return cv2.dilate(mask.view(np.uint8), cross).view(bool)
