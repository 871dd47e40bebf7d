"""The second look at unsure words, on a corpus scan's Delmål table page (noisy 200 dpi JPEG): lone
figures misread in their line are mended, one tesseract run for a whole document reads each word as a run
per page would, long scans are split over several runs, and a run that fails keeps the first readings."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors import ocr, ocr_reread, tesseract
from extractors.ocr import is_available
from extractors.ocr_reread import Unsure, reread

SCAN = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "corpus"
    / "scan200_jpeg"
    / "corpus_horsens_kriminalitet.pdf"
)
TABLE_PAGE = 2  # its Delmål table: a baseline cell holding a lone "0"

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.skipif(not is_available(), reason="tesseract is not installed"),
]


@pytest.fixture(scope="module")
def unsure() -> Unsure:
    """The table page read once by the pipeline, its unsure words cut out."""
    if not SCAN.is_file():
        pytest.skip("../shared/corpus is not beside the repo")
    document = pdfium.PdfDocument(SCAN)
    try:
        return ocr._read_page(partial(ocr.page_image, document), TABLE_PAGE, tesseract.ocr_language()).unsure
    finally:
        document.close()


def _halves(page: Unsure) -> dict[str, Unsure]:
    """The page's crops shared out over two pages, as a two-page document would have them."""
    middle = len(page.crops) // 2
    return {
        "first": Unsure(page.words, page.crops[:middle], page.ppi),
        "second": Unsure(page.words, page.crops[middle:], page.ppi),
    }


def test_a_word_read_right_in_its_line_is_not_misread_alone() -> None:
    """The corpus's bitonal fax scan, last page: "Helhedsplanen" (confidence 63 in its line) read alone
    comes back "Helhedspianen" (92); the word lists keep the first reading."""
    fax = SCAN.parent.parent / "scan200_fax" / SCAN.name
    if not fax.is_file():
        pytest.skip("../shared/corpus is not beside the repo")
    text = ocr.ocr_pages(fax, [6])[6]
    assert "Helhedsplanen har ansvaret for mentorforløbene" in text


def test_a_lone_figure_misread_in_its_line_is_mended(unsure: Unsure) -> None:
    first = [unsure.words[index].text for index, _ in unsure.crops]
    mended = reread({1: unsure}, tesseract.ocr_language())[1]
    assert [mended[index].text for index, _ in unsure.crops if unsure.words[index].text == "(9)"] == ["0"]
    assert "(9)" in first


def test_one_run_for_the_document_reads_each_word_as_one_run_per_page(unsure: Unsure) -> None:
    pages = _halves(unsure)
    together = reread(pages, tesseract.ocr_language())
    alone = {key: reread({key: page}, tesseract.ocr_language())[key] for key, page in pages.items()}
    assert together == alone


def test_a_long_scan_is_read_in_several_runs_with_the_same_result(
    unsure: Unsure, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = reread({1: unsure}, tesseract.ocr_language())
    runs = []
    recognise_tiff = tesseract.recognise_tiff

    def counted(*arguments: object) -> str:
        runs.append(arguments)
        return recognise_tiff(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(tesseract, "recognise_tiff", counted)
    monkeypatch.setattr(ocr_reread, "MAX_CROPS_PER_RUN", len(unsure.crops) // 2 + 1)
    assert reread({1: unsure}, tesseract.ocr_language()) == whole
    assert len(runs) == 2


def test_a_failing_run_keeps_the_first_readings(unsure: Unsure, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*_: object) -> str:
        raise tesseract.TesseractError("tesseract failed: test")

    monkeypatch.setattr(tesseract, "recognise_tiff", failing)
    assert reread({1: unsure}, tesseract.ocr_language()) == {1: unsure.words}
