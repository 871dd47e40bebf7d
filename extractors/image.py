"""Image files (TIFF, PNG, JPEG, …): scans archived as pictures rather than as PDFs.

Each frame (a multi-page TIFF has one per sheet) is a page, read by OCR exactly as a scanned PDF page
is: at its own resolution, turned upright, laid out as lines and ruled tables, then assembled by the PDF
extractor's own page assembly, so the record's shape does not depend on how the scan was archived. Its
`format` is `pdf-ocr`, the contract's name for OCR'd page images.

The resolution is the file's own (its dpi tag) unless that makes no real sheet of paper (no tag, or the
72 dpi many programs write), when the image's shape says which sheet it is (page_image.paper_ppi). A
frame whose pixels exceed what a page may have, or that fails to decode, fails as its page: the other
frames are still read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from extractors.page_image import MAX_PAGE_PIXELS, POINTS_PER_INCH, PageImage, paper_ppi, read_resolution
from extractors.pdf import DEFAULT_MAX_PAGES, page_document
from extractors.pdf_items import PdfPage
from models import ExtractedDocument, ExtractionError

UNTAGGED_PPI = 72.0  # what a file without a resolution tag is taken to say (paper_ppi then goes by shape)


def is_available() -> bool:
    """Pillow is a hard dependency; tesseract is checked when the pages are read."""
    return True


def extract(path: Path, max_pages: int = DEFAULT_MAX_PAGES, ocr_workers: int | None = None) -> ExtractedDocument:
    """OCR every frame of an image file, `ocr_workers` at a time (default one per core)."""
    from extractors import ocr  # OpenCV's address space only for files that need it, as in extractors.pdf

    with _open(path) as image:
        count = getattr(image, "n_frames", 1)
        if count > max_pages:
            raise ExtractionError(path, f"image has {count} frames (pages), more than the limit of {max_pages}")
        read = ocr.read_images(path, _frames(image), list(range(1, count + 1)), ocr_workers)
    return page_document(path, [PdfPage(number=number, height=0.0) for number in range(1, count + 1)], read)


def _open(path: Path) -> Image.Image:
    """Open without decoding (Pillow reads the header only), with a one-line reason when it is no image."""
    try:
        if path.stat().st_size == 0:
            raise ExtractionError(path, "file is empty (0 bytes)")
        return Image.open(path)
    except Image.DecompressionBombError as error:  # its header claims billions of pixels
        raise ExtractionError(path, f"image is too large to be a page: {error}") from error
    except UnidentifiedImageError as error:
        raise ExtractionError(path, f"not a readable image ({path.suffix or 'no suffix'})") from error
    except OSError as error:
        raise ExtractionError(path, f"cannot read file: {error.strerror or error}") from error


def _frames(image: Image.Image) -> Callable[[int], PageImage]:
    """The 1-based frame reader the OCR workers share: Pillow's frame pointer is one per file, so frames
    are decoded one at a time (the OCR of decoded frames runs in parallel)."""
    lock = threading.Lock()

    def frame(number: int) -> PageImage:
        with lock:
            image.seek(number - 1)
            width, height = image.size
            if width * height > MAX_PAGE_PIXELS:  # checked before decoding it
                raise ValueError(f"frame is {width}×{height} pixels, more than a page may have ({MAX_PAGE_PIXELS})")
            tagged = image.info.get("dpi")
            upright = ImageOps.exif_transpose(image)  # a camera's or scanner's own turn tag, where it has one
            pixels = _gray(upright)
        return _page(pixels, float(tagged[0]) if tagged and tagged[0] else UNTAGGED_PPI)

    return frame


def _gray(image: Image.Image) -> np.ndarray:
    """8-bit grayscale of any mode: 16-bit and float scans scaled down (Pillow's own conversion clips them
    to white), transparency laid on white paper (Pillow's drops it, blackening what was clear)."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        values = np.asarray(image, dtype=np.float32)
        return (values * (255.0 / max(float(values.max()), 1.0))).astype(np.uint8)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        paper = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(paper, image.convert("RGBA"))
    return np.asarray(image.convert("L"))


def _page(pixels: np.ndarray, tagged_ppi: float) -> PageImage:
    """A frame as a page whose paper is the image itself: one pixel is 72 / ppi points (read at most at
    page_image.MAX_RENDER_PPI, as a PDF's scan is)."""
    height, width = pixels.shape
    ppi = paper_ppi(width, height, tagged_ppi)
    pixels, ppi, per_pixel = read_resolution(pixels, ppi, (POINTS_PER_INCH / ppi, POINTS_PER_INCH / ppi))
    return PageImage(pixels=pixels, ppi=ppi, points_per_pixel=per_pixel, origin=(0.0, 0.0), rendered=False)
