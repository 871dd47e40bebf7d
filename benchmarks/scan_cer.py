"""Scan reading benchmark: per corpus scan, the pipeline's OCR against plain `tesseract -l dan`.

For every page of every scan in `../shared/corpus/scan*/`, the pipeline's page text (extractors.ocr, the
same reading the extractor uses) and plain tesseract's text of the same embedded page image are each
compared with the digital PDF's text of that page (`pdftotext`, from `corpus/pdf/`), by the character
error rate of `../shared/eval/cer.py`. Also printed: CPU seconds of each (own process and its tesseract
children), so the cost of the pipeline's image steps and orientation checks shows beside tesseract's.

Not a test: it reads the shared corpus and OCRs every page twice (minutes per format on two cores).

    .venv/bin/python benchmarks/scan_cer.py                                  # every scan format
    .venv/bin/python benchmarks/scan_cer.py --formats scan_rotated --names corpus_roskilde_strategisk
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
sys.path.insert(0, str(SHARED / "eval"))  # cer.py imports the scorer's edit distance as `score`

from cer import cer  # noqa: E402  # the judges' CER, not a copy

from extractors import ocr, page_image, tesseract  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the tesseract runs)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], list[str]]) -> tuple[list[str], float]:
    started = cpu_seconds()
    result = work()
    return result, cpu_seconds() - started


def digital_text(name: str, page: int) -> str:
    pdf = CORPUS / "pdf" / f"{name}.pdf"
    command = ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pipeline_texts(scan: Path, pages: int) -> list[str]:
    """The pipeline's reading, one page at a time (one core, as tesseract alone below)."""
    read = ocr.read_pages(scan, list(range(1, pages + 1)), workers=1)
    return [read.pages[number][0].text if number in read.pages else "" for number in range(1, pages + 1)]


def tesseract_texts(scan: Path, pages: int) -> list[str]:
    """Plain `tesseract -l dan` (its default page segmentation) on each page's own embedded image."""
    document = pdfium.PdfDocument(scan)
    texts = []
    for number in range(1, pages + 1):
        image = page_image.page_image(document, number)
        command = ["tesseract", "stdin", "stdout", "-l", tesseract.ocr_language()]
        encoded = _pgm(image.pixels)
        environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        result = subprocess.run(command, input=encoded, capture_output=True, check=False, env=environment)
        texts.append(result.stdout.decode("utf-8", "replace"))
    document.close()
    return texts


def _pgm(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PPM")
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", nargs="+", help="scan format folders (default: every scan*)")
    parser.add_argument("--names", nargs="+", help="agreement names (default: every scan in the folder)")
    arguments = parser.parse_args()
    formats = arguments.formats or sorted(path.name for path in CORPUS.glob("scan*") if path.is_dir())
    print("| format | agreement | pages | CER pipeline | CER tesseract | CPU s pipeline | CPU s tesseract | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    worse = 0
    for folder in formats:
        for scan in sorted((CORPUS / folder).glob("*.pdf")):
            if arguments.names and scan.stem not in arguments.names:
                continue
            pages = len(pdfium.PdfDocument(scan))
            ours, our_cpu = timed(lambda scan=scan, pages=pages: pipeline_texts(scan, pages))
            plain, plain_cpu = timed(lambda scan=scan, pages=pages: tesseract_texts(scan, pages))
            clean = "\n".join(digital_text(scan.stem, number) for number in range(1, pages + 1))
            our_cer, plain_cer = cer(clean, "\n".join(ours)), cer(clean, "\n".join(plain))
            worse += our_cer > plain_cer
            print(
                f"| {folder} | {scan.stem} | {pages} | {our_cer:.4f} | {plain_cer:.4f} | {our_cpu:.1f} | "
                f"{plain_cpu:.1f} | {our_cpu / max(plain_cpu, 1e-9):.2f} |",
                flush=True,
            )
    print(f"\npipeline worse than plain tesseract on {worse} scan(s)")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
