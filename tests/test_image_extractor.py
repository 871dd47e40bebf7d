"""Scans archived as image files (multi-page TIFF, PNG, JPEG): each frame read as a scanned PDF page is."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from extractors import extract_document, image, ocr, pdf
from models import ExtractionError

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
FAX = CORPUS / "scan200_fax" / "corpus_horsens_kriminalitet.pdf"  # 200 dpi bitonal, G4 in the PDF

needs_tesseract = pytest.mark.skipif(not ocr.is_available(), reason="tesseract is not installed")


def _frames(pdf_path: Path, count: int) -> list[Image.Image]:
    """The first `count` pages' embedded images, as a scanner would have written them to files."""
    document = pdfium.PdfDocument(pdf_path)
    try:
        return [next(document[i].get_objects()).get_bitmap(render=False).to_pil() for i in range(count)]
    finally:
        document.close()


def _texts(document: object) -> list[str]:
    return [block.text for block in document.blocks]  # type: ignore[attr-defined]


@needs_tesseract
def test_a_multi_page_tiff_reads_as_the_same_scan_in_a_pdf(tmp_path: Path) -> None:
    """Pages 1-2 of a corpus fax scan, once as the PDF holds them and once as a G4 TIFF of the same
    pixels: the same blocks, and the delaftale's own heading and first parties among them."""
    frames = [frame.convert("1") for frame in _frames(FAX, 2)]
    tiff = tmp_path / "horsens.tif"
    frames[0].save(tiff, save_all=True, append_images=frames[1:], compression="group4", dpi=(200, 200))
    as_pdf = tmp_path / "horsens.pdf"
    source = pdfium.PdfDocument(FAX)
    two = pdfium.PdfDocument.new()
    two.import_pages(source, [0, 1])
    two.save(as_pdf)
    source.close()

    from_tiff = extract_document(tiff)
    assert (from_tiff.format, from_tiff.pages, from_tiff.ocr, from_tiff.unread_pages) == ("pdf-ocr", 2, True, [])
    assert _texts(from_tiff) == _texts(pdf.extract(as_pdf))
    assert "Delaftale for indsatsområdet Kriminalitetsforebyggelse" in _texts(from_tiff)[0]
    assert {block.page for block in from_tiff.blocks} == {1, 2}


@pytest.mark.parametrize(
    ("size", "dpi", "expected"),
    [
        ((1654, 2339), None, 200.0),  # no tag: an A4 sheet by its shape
        ((1654, 2339), (72, 72), 200.0),  # the 72 dpi many programs write: no real sheet, so by shape
        ((2550, 3300), (300, 300), 300.0),  # Letter, tagged right
        ((3300, 2550), (300, 300), 300.0),  # a sheet scanned sideways keeps its resolution
    ],
)
def test_a_frame_s_resolution_is_its_tag_or_its_sheet(
    tmp_path: Path, size: tuple[int, int], dpi: tuple[int, int] | None, expected: float
) -> None:
    path = tmp_path / "page.png"
    Image.new("L", size, 255).save(path, **({"dpi": dpi} if dpi else {}))
    with Image.open(path) as opened:
        page = image._frames(opened)(1)
    assert page.ppi == pytest.approx(expected, rel=0.01)
    assert page.points_per_pixel == pytest.approx((72 / expected, 72 / expected), rel=0.01)


def test_sixteen_bit_and_transparent_scans_keep_their_ink() -> None:
    """Pillow's own conversion makes a 16-bit scan white and a transparent one's clear paper black."""
    deep = np.full((20, 30), 60000, np.uint16)
    deep[5:10, 5:25] = 3000
    gray = image._gray(Image.fromarray(deep))
    assert gray[0, 0] == 255 and gray[7, 10] < 20

    clear = Image.new("RGBA", (30, 20), (0, 0, 0, 0))
    clear.paste((0, 0, 0, 255), (5, 5, 25, 10))
    gray = image._gray(clear)
    assert gray[0, 0] == 255 and gray[7, 10] == 0


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.tif", b"", "empty"),
        ("noise.png", bytes(range(256)) * 8, "not a readable image"),
    ],
)
def test_what_is_no_image_fails_with_a_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ExtractionError, match=reason):
        image.extract(path)


@needs_tesseract
def test_a_frame_too_large_for_a_page_fails_as_that_page(tmp_path: Path) -> None:
    """A TIFF of one real page and one poster-sized frame: the poster is named, the page still read."""
    page = _frames(FAX, 1)[0].convert("1")
    poster = Image.new("1", (8000, 6000), 1)
    path = tmp_path / "two.tif"
    page.save(path, save_all=True, append_images=[poster], compression="group4", dpi=(200, 200))
    document = image.extract(path)
    assert [(unread.page, "more than a page may have" in unread.reason) for unread in document.unread_pages] == [
        (2, True)
    ]
    assert "Delaftale for indsatsområdet Kriminalitetsforebyggelse" in _texts(document)[0]


@needs_tesseract
def test_truncated_image_fails_with_a_reason(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("L", (1654, 2339), 200).save(buffer, "JPEG", dpi=(200, 200))
    path = tmp_path / "half.jpg"
    path.write_bytes(buffer.getvalue()[:2000])
    with pytest.raises(ExtractionError, match="no page could be read"):
        image.extract(path)
