"""The image of a PDF page to OCR, at the resolution the paper was really scanned at.

A scanned page is usually one embedded image covering the page: it is taken as it is, pixel for pixel,
never resampled (rendering it at a fixed dpi blurs it, and on a page whose size does not fit its image
multiplies its pixels by ten). Only pages that are something else (several image strips, vector text
beside an image, no image at all) are rendered, at the resolution of their own images.

The resolution (pixels per inch of paper) comes from the image and its placement on the page, unless
that makes a paper size no office uses: scanners that write a 300 dpi image on a 96 or 72 dpi page
make an A4 sheet a metre tall. Then the image's shape says which standard sheet it is.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

POINTS_PER_INCH = 72
DEFAULT_RENDER_PPI = 300  # for pages drawn as vectors only: enough for tesseract at body sizes
MIN_RENDER_PPI = 150
MAX_RENDER_PPI = 400  # an image placed tiny (a stamp) does not make a whole page worth 1200 dpi
MAX_SCAN_PPI = 600  # finer scans (or an image blown up far beyond its page) are rendered at MAX_RENDER_PPI
# A scan finer than MAX_RENDER_PPI (archive masters at 600 dpi) is read reduced to DEFAULT_RENDER_PPI:
# tesseract reads body text no better at 600 than at 300, and every full-page mask of the image steps
# costs four times the memory (a 600 dpi A4 page peaked at 930 MB in one worker).
MAX_PAGE_PIXELS = 40_000_000  # an A4 page at 300 dpi is 8.7 M; posters are rendered at a lower dpi
COVER_TOLERANCE_POINTS = 2.0  # an image this close to the page's edges covers the page
# Sheets a scan may be of, short × long side in inches, most common first: A4, Letter, Legal, A3, A5.
PAPER_SIZES_INCH = ((8.27, 11.69), (8.5, 11.0), (8.5, 14.0), (11.69, 16.54), (5.83, 8.27))
# A placement whose short side is within these bounds is a real sheet (A6 to A3), and its ppi is trusted.
PLAUSIBLE_SHORT_SIDE_INCH = (4.0, 12.5)
ASPECT_TOLERANCE = 0.03  # an image's height/width this close to a sheet's is that sheet
# Below this mean gray difference a thumbnail of the embedded image matches the page as rendered: the
# image is drawn upright and unmasked, not flipped, inverted or hidden, so it can be read as it is.
THUMBNAIL_WIDTH = 64
MAX_THUMBNAIL_DIFFERENCE = 24.0

_PDFIUM_LOCK = threading.Lock()  # pdfium is not thread-safe; reading images is serialised, OCR is not


@dataclass(frozen=True)
class PageImage:
    """A page's pixels (grayscale), their real resolution, and where they sit on the PDF page.

    `points_per_pixel` and `origin` map image pixels to PDF points (the placement), which differs from
    72 / `ppi` when the PDF's page size is wrong.
    """

    pixels: np.ndarray
    ppi: float
    points_per_pixel: tuple[float, float]
    origin: tuple[float, float]
    rendered: bool


def page_image(document: pdfium.PdfDocument, number: int) -> PageImage:
    """The embedded scan of 1-based page `number` as it is, or the page rendered where it is not one."""
    with _PDFIUM_LOCK:
        page = document[number - 1]
        try:
            return _embedded(page) or _rendered(page)
        finally:
            page.close()


def _embedded(page: pdfium.PdfPage) -> PageImage | None:
    """The page's only object when it is an upright image covering the page, read without resampling."""
    if page.get_rotation() != 0:
        return None
    objects = list(page.get_objects())
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    image = objects[0]
    a, b, c, d, _, _ = image.get_matrix().get()
    left, bottom, right, top = (float(value) for value in image.get_bounds())
    page_left, page_bottom, page_right, page_top = (float(value) for value in page.get_cropbox())
    covers = all(
        abs(edge - page_edge) <= COVER_TOLERANCE_POINTS
        for edge, page_edge in zip(
            (left, bottom, right, top), (page_left, page_bottom, page_right, page_top), strict=True
        )
    )
    if not covers or b or c or a <= 0 or d <= 0:
        return None
    width, height = image.get_px_size()
    per_pixel = ((right - left) / width, (top - bottom) / height)
    ppi = paper_ppi(width, height, POINTS_PER_INCH / per_pixel[0])
    if width * height > MAX_PAGE_PIXELS or ppi > MAX_SCAN_PPI:  # checked before decoding it
        return None
    pixels = _gray(image.get_bitmap(render=False))
    if pixels.shape != (height, width):
        return None
    pixels, ppi, per_pixel = read_resolution(pixels, ppi, per_pixel)
    if not _matches_render(pixels, page):
        return None
    return PageImage(
        pixels=pixels,
        ppi=ppi,
        points_per_pixel=per_pixel,
        origin=(left - page_left, page_top - top),
        rendered=False,
    )


def read_resolution(
    pixels: np.ndarray, ppi: float, per_pixel: tuple[float, float]
) -> tuple[np.ndarray, float, tuple[float, float]]:
    """A scan finer than MAX_RENDER_PPI reduced to DEFAULT_RENDER_PPI (area-averaged: a bitonal master's
    strokes keep their grey rims), its resolution and placement per pixel scaled alike; any other as it is."""
    if ppi <= MAX_RENDER_PPI:
        return pixels, ppi, per_pixel
    height, width = pixels.shape
    size = (max(1, round(width * DEFAULT_RENDER_PPI / ppi)), max(1, round(height * DEFAULT_RENDER_PPI / ppi)))
    # PIL, not OpenCV: this module is loaded by every worker, DOCX ones too, and OpenCV's libraries take
    # address space that counts against --max-memory-mb.
    reduced = np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.BOX))
    scale_x, scale_y = width / size[0], height / size[1]
    return reduced, ppi / scale_x, (per_pixel[0] * scale_x, per_pixel[1] * scale_y)


def _gray(bitmap: pdfium.PdfBitmap) -> np.ndarray:
    """8-bit grayscale pixels of a decoded image (bitonal and colour scans alike)."""
    if bitmap.format == pdfium_c.FPDFBitmap_Gray:
        return bitmap.to_numpy().copy()  # a copy: the bitmap's buffer goes with the page
    return np.asarray(bitmap.to_pil().convert("L"))


def _matches_render(pixels: np.ndarray, page: pdfium.PdfPage) -> bool:
    """The image looks like the page does: no decode array, mask or flip makes the page show otherwise."""
    width, _ = page.get_size()
    shown = page.render(scale=THUMBNAIL_WIDTH / width, grayscale=True).to_pil().convert("L")
    own = Image.fromarray(pixels).resize(shown.size, Image.Resampling.BOX)
    difference = np.abs(np.asarray(own, np.float32) - np.asarray(shown, np.float32))
    return float(difference.mean()) <= MAX_THUMBNAIL_DIFFERENCE


def _rendered(page: pdfium.PdfPage) -> PageImage:
    """The page rendered at its images' resolution (vector-only pages at DEFAULT_RENDER_PPI), fewer for
    a poster-sized page."""
    width, height = page.get_size()
    ppis = [
        POINTS_PER_INCH * image.get_px_size()[0] / max(float(image.get_bounds()[2] - image.get_bounds()[0]), 1.0)
        for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
    ]
    ppi = min(max(max(ppis, default=DEFAULT_RENDER_PPI), MIN_RENDER_PPI), MAX_RENDER_PPI)
    ppi = math.floor(min(ppi, POINTS_PER_INCH * (MAX_PAGE_PIXELS / max(width * height, 1.0)) ** 0.5))
    bitmap = page.render(scale=ppi / POINTS_PER_INCH, grayscale=True)
    pixels = _gray(bitmap)
    per_pixel = (width / pixels.shape[1], height / pixels.shape[0])
    return PageImage(
        pixels=pixels,
        ppi=ppi,  # a page drawn (not only scanned) has its real size
        points_per_pixel=per_pixel,
        origin=(0.0, 0.0),
        rendered=True,
    )


def paper_ppi(width: int, height: int, placed_ppi: float) -> float:
    """The image's real pixels per inch: the placement's, unless that makes an implausible sheet; then
    the standard sheet of the image's shape (a sheet turned sideways counts too); failing that, A4."""
    short, long = sorted((width, height))
    low, high = PLAUSIBLE_SHORT_SIDE_INCH
    if low <= short / placed_ppi <= high:
        return placed_ppi
    aspect = long / max(short, 1)
    for paper_short, paper_long in PAPER_SIZES_INCH:
        if abs(aspect / (paper_long / paper_short) - 1) <= ASPECT_TOLERANCE:
            return short / paper_short
    return short / PAPER_SIZES_INCH[0][0]


@dataclass(frozen=True)
class Placement:
    """Maps boxes in points of the upright scan back to PDF points on the page as the PDF has it.

    `turn` is how far the image was turned clockwise to stand upright; `size` is the image's own size in
    points of paper before the turn; `scale` is PDF points per point of paper (not 1 on a page whose size
    is wrong).
    """

    turn: int
    size: tuple[float, float]
    scale: tuple[float, float]
    origin: tuple[float, float]

    @classmethod
    def of(cls, image: PageImage, turn: int) -> Placement:
        height, width = image.pixels.shape
        to_paper = POINTS_PER_INCH / image.ppi
        scale = tuple(per_pixel / to_paper for per_pixel in image.points_per_pixel)
        return cls(turn % 360, (width * to_paper, height * to_paper), (scale[0], scale[1]), image.origin)

    def to_pdf(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        x0, top, x1, bottom = box
        width, height = self.size
        if self.turn == 90:  # turned clockwise: the image's left edge became its top
            x0, top, x1, bottom = top, height - x1, bottom, height - x0
        elif self.turn == 180:
            x0, top, x1, bottom = width - x1, height - bottom, width - x0, height - top
        elif self.turn == 270:
            x0, top, x1, bottom = width - bottom, x0, width - top, x1
        (sx, sy), (ox, oy) = self.scale, self.origin
        return (round(x0 * sx + ox, 2), round(top * sy + oy, 2), round(x1 * sx + ox, 2), round(bottom * sy + oy, 2))
