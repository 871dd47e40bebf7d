"""What the scan benchmarks share: one corpus scan page read by the pipeline and by plain tesseract, each
with the CPU seconds it cost (this process and its tesseract children).

Both readings start from the same PDF pages. The pipeline's is `extractors.ocr`'s own (each embedded
image taken out, orientation checked, cleaned, read, laid out; the unsure words of all pages re-read); plain
tesseract's is `tesseract - - -l dan` on the page's embedded image as the PDF stores it (JPEG as JPEG,
other encodings as a lossless TIFF), with its default page segmentation. Both tesseracts run with
OMP_THREAD_LIMIT=1, as the pipeline's do, so CPU seconds compare like with like.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"

from extractors import ocr, tesseract  # noqa: E402
from pipeline.lexicon import load_lexicon  # noqa: E402

T = TypeVar("T")


@dataclass(frozen=True)
class PageRead:
    """One page's text as read, and the CPU seconds the reading cost."""

    text: str
    cpu: float


def be_nice() -> None:
    """Lower this process's priority (and its children's): the benchmarks share a small machine. Also
    does what a worker does once before its first file (tesseract's language list, the word lists the
    layout's word mending looks up), so that the first page timed does not pay for it."""
    os.nice(10)
    tesseract.languages()
    load_lexicon()


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the tesseract runs)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], T]) -> tuple[T, float]:
    """`work`'s result and the CPU seconds it took."""
    started = cpu_seconds()
    result = work()
    return result, cpu_seconds() - started


def scans(formats: list[str] | None, names: list[str] | None) -> list[Path]:
    """The corpus scans of the given format folders (default: every scan*) and agreement names."""
    folders = formats or sorted(path.name for path in CORPUS.glob("scan*") if path.is_dir())
    found = [scan for folder in folders for scan in sorted((CORPUS / folder).glob("*.pdf"))]
    return [scan for scan in found if not names or scan.stem in names]


def page_count(path: Path) -> int:
    """How many pages a PDF has."""
    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def chosen_pages(count: int, pages: list[int] | None) -> list[int]:
    """The 1-based pages asked for (default: all) that a document of `count` pages has."""
    return [number for number in pages or range(1, count + 1) if number <= count]


def pipeline_pages(scan: Path, numbers: list[int]) -> tuple[dict[int, str], float]:
    """The pipeline's reading of the given 1-based pages (as `extractors.ocr` reads a document: one
    second-look run for all of them), on one core, and its CPU seconds."""
    result, cpu = timed(lambda: ocr.read_pages(scan, numbers, workers=1))
    if result.failed:
        raise RuntimeError(f"{scan}: pages not read: {result.failed}")
    return {number: page.text for number, (page, _) in result.pages.items()}, cpu


def embedded_image(document: pdfium.PdfDocument, number: int) -> bytes:
    """The page's (first) embedded image in its stored encoding where pdfium can keep it (JPEG, JPEG
    2000), else decoded and written as a lossless TIFF."""
    page = document[number - 1]
    try:
        image = next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
        buffer = io.BytesIO()
        image.extract(buffer, fb_format="tiff")
        return buffer.getvalue()
    finally:
        page.close()


def plain_tesseract(image: bytes) -> PageRead:
    """`tesseract - - -l dan` on an encoded image, single-threaded, as a user would run it."""

    def run() -> str:
        command = ["tesseract", "-", "-", "-l", tesseract.ocr_language()]
        environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        result = subprocess.run(command, input=image, capture_output=True, check=True, env=environment)
        return result.stdout.decode("utf-8", "replace")

    text, cpu = timed(run)
    return PageRead(text, cpu)
