"""The cheap upside-down test on real scans: the corpus pages fed upside down are found before any OCR, and
no upright page of any scan kind (noisy JPEG, bitonal fax, wrong page size) is taken for one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from extractors.page_image import page_image
from extractors.raster import measure_lines
from extractors.upside_down import is_upside_down

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SAMPLE_SCAN = Path(__file__).resolve().parent.parent / "samples" / "aftale-delaftale-scan.pdf"
UPSIDE_DOWN_PAGE = 2  # scan_rotated: page 2 of every agreement was fed upside down (corpus README)


def _pages(path: Path) -> list[tuple[np.ndarray, float]]:
    document = pdfium.PdfDocument(path)
    try:
        images = [page_image(document, number) for number in range(1, len(document) + 1)]
    finally:
        document.close()
    return [(image.pixels, image.ppi) for image in images]


def _corpus(folder: str, name: str) -> Path:
    path = CORPUS / folder / f"{name}.pdf"
    if not path.is_file():
        pytest.skip("../shared/corpus is not beside the repo")
    return path


@pytest.mark.parametrize("name", ["corpus_roskilde_strategisk", "corpus_randers_tryghed"])
def test_pages_fed_upside_down_are_found_and_upright_ones_are_not(name: str) -> None:
    found = [
        number
        for number, (pixels, ppi) in enumerate(_pages(_corpus("scan_rotated", name)), start=1)
        if not measure_lines(pixels, ppi).sideways and is_upside_down(pixels, ppi)
    ]
    assert found == [UPSIDE_DOWN_PAGE]


@pytest.mark.parametrize("folder", ["scan200_jpeg", "scan200_fax", "scan300_wrongdpi"])
def test_noisy_bitonal_and_wrong_size_scans_read_upright_and_turned(folder: str) -> None:
    for pixels, ppi in _pages(_corpus(folder, "corpus_roskilde_strategisk"))[:3]:
        assert not is_upside_down(pixels, ppi)
        assert is_upside_down(np.ascontiguousarray(pixels[::-1, ::-1]), ppi)


def test_sample_scan_is_upright() -> None:
    assert not any(is_upside_down(pixels, ppi) for pixels, ppi in _pages(SAMPLE_SCAN))
