"""Scans as archives hold them: the page image read at its real resolution whatever page size the PDF
gives it, boxes mapped back onto the PDF page, a page that cannot be read costing only that page, and
nothing left behind (files, tesseract processes) when a worker is killed.

The OCR'd tests read page 1 of the committed sample scan (200 dpi), re-wrapped as scanners write it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from extractors import pdf
from extractors.ocr import is_available
from extractors.page_image import PageImage, Placement, page_image, paper_ppi
from models import ExtractedDocument
from pipeline import extract

SAMPLE_SCAN = Path(__file__).resolve().parent.parent / "samples" / "aftale-delaftale-scan.pdf"
SCAN_PPI = 200  # the sample scan's resolution


@pytest.mark.parametrize(
    ("width", "height", "placed", "expected"),
    [
        (1654, 2339, 200.0, 200.0),  # A4 at 200 dpi, page size right
        (2481, 3508, 96.0, 300.0),  # 300 dpi written as a 96 dpi page: an A4 sheet 36 inches tall
        (1654, 2339, 72.0, 200.0),
        (2339, 1654, 72.0, 200.0),  # the same, landscape
        (1700, 2200, 72.0, 200.0),  # US Letter at 200 dpi on a 72 dpi page
        (5000, 5000, 72.0, 5000 / 8.27),  # no sheet has that shape: taken as A4 wide
    ],
)
def test_paper_ppi(width: int, height: int, placed: float, expected: float) -> None:
    assert paper_ppi(width, height, placed) == pytest.approx(expected, rel=0.01)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [(0, (10.0, 20.0, 30.0, 40.0)), (90, (20.0, 70.0, 40.0, 90.0)), (180, (70.0, 160.0, 90.0, 180.0))],
)
def test_boxes_on_a_turned_page_map_back_to_the_pdf_page(turn: int, expected: tuple[float, ...]) -> None:
    """A 100 × 200 pt image on a page whose size is twice too large: the box (10, 20, 30, 40) of the
    upright scan lands, doubled, where the PDF page shows it (turned 90°: the image is 200 × 100)."""
    shape = (100, 200) if turn == 90 else (200, 100)  # rows × columns of the image as the PDF holds it
    image = PageImage(np.zeros(shape, np.uint8), 72.0, (2.0, 2.0), (0.0, 0.0), False)
    box = Placement.of(image, turn).to_pdf((10.0, 20.0, 30.0, 40.0))
    assert box == tuple(2 * value for value in expected)


def _one_page_scan(folder: Path, name: str, page_ppi: float, extra: Image.Image | None = None) -> Path:
    """Page 1 of the sample scan as an image PDF whose page size says `page_ppi` (plus an `extra` page)."""
    if not SAMPLE_SCAN.is_file():
        pytest.skip("samples not generated (scripts/make_samples.py)")
    document = pdfium.PdfDocument(SAMPLE_SCAN)
    image = next(iter(document[0].get_objects())).get_bitmap(render=False).to_pil().convert("L")
    path = folder / name
    image.save(path, resolution=page_ppi, save_all=True, append_images=[extra] if extra else [])
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not is_available():
        pytest.skip("tesseract is not installed")
    return tmp_path_factory.mktemp("scans")


@pytest.fixture(scope="module")
def right_size(folder: Path) -> ExtractedDocument:
    return pdf.extract(_one_page_scan(folder, "right.pdf", SCAN_PPI))


def _texts(document: ExtractedDocument) -> list[str]:
    return [block.text or " | ".join(block.cells) for block in document.blocks]


@pytest.mark.ocr
def test_wrong_page_size_reads_as_the_right_one(folder: Path, right_size: ExtractedDocument) -> None:
    """A 200 dpi scan on a 72 dpi page (an A4 sheet 32 inches tall) reads exactly as with the right size."""
    wrong = _one_page_scan(folder, "wrong.pdf", 72.0)
    assert page_image(pdfium.PdfDocument(wrong), 1).ppi == pytest.approx(SCAN_PPI, rel=0.01)
    document = pdf.extract(wrong)
    assert _texts(document) == _texts(right_size)
    boxes = [block.bbox for block in document.blocks if block.bbox]
    assert max(box[2] for box in boxes) > 595  # boxes are in the PDF page's own (too large) points


@pytest.mark.ocr
def test_scan_blocks_carry_box_and_confidence(right_size: ExtractedDocument) -> None:
    located = [block for block in right_size.blocks if block.kind in ("paragraph", "row")]
    assert located and all(block.bbox and block.confidence for block in located)
    assert all(0 <= block.bbox[0] < block.bbox[2] <= 596 and 0 < block.confidence <= 1 for block in located)


@pytest.mark.ocr
def test_a_page_tesseract_fails_on_leaves_a_record_and_a_finding(folder: Path) -> None:
    """Page 2 is an image tesseract refuses (too wide): page 1 still makes the record, page 2 a finding."""
    path = _one_page_scan(folder, "bad-page.pdf", SCAN_PPI, extra=Image.new("L", (40000, 8), 255))
    document = pdf.extract(path)
    assert [(page.page, "tesseract" in page.reason) for page in document.unread_pages] == [(2, True)]
    record = extract(path)
    assert record.sub_agreements
    messages = [finding.message for finding in record.findings if finding.path == "source"]
    assert any(message.startswith("page 2 could not be read") for message in messages)


def _marked_processes(marker: str) -> list[str]:
    """Command lines of the live processes that inherited this test's marker in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "environ").read_bytes():
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:  # gone meanwhile, or not ours
            continue
    return found


@pytest.mark.ocr
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_a_worker_killed_by_its_timeout_leaves_no_files_and_no_tesseract(tmp_path: Path) -> None:
    if not SAMPLE_SCAN.is_file() or not is_available():
        pytest.skip("needs the sample scan and tesseract")
    marker = f"HELHEDSPLAN_TEST_{uuid.uuid4().hex}"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    environment = {**os.environ, "TMPDIR": str(scratch), marker: "1"}
    command = [sys.executable, "-m", "pipeline.cli", "extract", str(SAMPLE_SCAN), "-o", str(tmp_path / "out")]
    subprocess.run([*command, "--timeout", "1", "-q"], env=environment, capture_output=True, timeout=120, check=False)
    time.sleep(1.0)  # the kernel's kill reaches the orphans at once; give their exit a moment
    assert [line for line in _marked_processes(marker) if "tesseract" in line] == []
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "out" / "records" / f"{SAMPLE_SCAN.stem}.json").exists()


def _page(source: Path, number: int, folder: Path, name: str, last: int | None = None) -> Path:
    """One page of a PDF (or pages `number` to `last`) as a PDF of its own."""
    if not source.is_file():
        pytest.skip(f"{source} is not beside the repo")
    single = pdfium.PdfDocument.new()
    single.import_pages(pdfium.PdfDocument(source), list(range(number - 1, last or number)))
    path = folder / name
    single.save(path)
    return path


def _paragraphs(document: ExtractedDocument) -> list[str]:
    return [" ".join(block.text.split()) for block in document.blocks if block.kind == "paragraph"]


@pytest.mark.ocr
def test_scanned_page_has_the_paragraphs_of_its_text_layer(folder: Path) -> None:
    """Page 3 of a corpus agreement, printed and scanned (200 dpi, noisy JPEG): its OCR'd lines make the
    same paragraphs as the PDF's text layer, wraps joined, and the section heading set tight above its
    text and almost as wide as the column ("5. Overordnede mål …") stays a paragraph of its own."""
    name = "corpus_roskilde_strategisk.pdf"
    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    digital = _paragraphs(pdf.extract(_page(corpus / "pdf" / name, 3, folder, "digital.pdf")))
    scanned = _paragraphs(pdf.extract(_page(corpus / "scan200_jpeg" / name, 3, folder, "scanned.pdf")))
    heading = "5. Overordnede mål og indikatorer for den boligsociale indsats"
    assert heading in digital and heading in scanned
    assert len(scanned) == len(digital)
    same = sum(a == b for a, b in zip(digital, scanned, strict=True))
    assert same >= len(digital) - 1  # one OCR slip ("fasttægges") may differ; the paragraphs may not


@pytest.mark.ocr
def test_a_lone_figure_in_a_cell_is_read_again_alone(folder: Path) -> None:
    """In the 200 dpi noisy JPEG scan of a corpus agreement the baseline cell "0" of an activity
    indicator is read with its row as "(9)", unsure; read again alone it is "0", as the gold has it."""
    name = "corpus_aalborg_beskaeftigelse.pdf"
    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    document = pdf.extract(_page(corpus / "scan200_jpeg" / name, 2, folder, "aalborg-2.pdf"))
    rows = [block.cells for block in document.blocks if block.is_row]
    row = next(cells for cells in rows if any("Kvindenetværket" in cell for cell in cells))
    assert row[2:] == ["0", "", "2025", "Egen registrering"]


@pytest.mark.ocr
def test_a_row_opening_the_next_page_stays_a_row_of_its_own(folder: Path) -> None:
    """Pages 10-11 of a corpus bundle scanned at 200 dpi (noisy JPEG): the Delmål table goes on over the
    break with a new indicator row under the merged Delmål cell. Its OCR'd cells say where their text
    ends, as a text layer's do, so the row is not taken for the rest of the row the page ended with: the
    gold's two indicators, each with its own baseline, year and source."""
    name = "corpus_odense_bundle.pdf"
    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    document = pdf.extract(_page(corpus / "scan200_jpeg" / name, 10, folder, "odense-10-11.pdf", last=11))
    rows = [block.cells for block in document.blocks if block.is_row]
    ended = next(cells for cells in rows if any("Ungeværkstedet (mindst" in cell for cell in cells))
    opened = next(cells for cells in rows if any(cell.startswith("Andel 13-17-årige") for cell in cells))
    assert ended[1:] == [
        "Antal unge, der kommer fast i Ungeværkstedet (mindst én gang om ugen)", "Ny aktivitet", "", "2025",
        "Egen registrering",
    ]
    assert opened == [
        "", "Andel 13-17-årige, der er medlem af en forening eller går i klub", "44 %", "Odense Kommune 67 %",
        "2024", "Odense Kommune, Børn- og Ungeforvaltningen",
    ]
