"""Scan reading benchmark: per corpus scan, the pipeline's OCR against plain `tesseract -l dan`.

For every page of the chosen scans in `../shared/corpus/scan*/`, the pipeline's page text (extractors.ocr,
the same reading the extractor uses) and plain tesseract's text of the page's embedded image (its default
page segmentation, the image as the PDF stores it) are each compared with the digital PDF's text of that
page (`pdftotext`, from `corpus/pdf/`) by the character error rate of `../shared/eval/cer.py`. Prints one
row per scan (CER of its pages joined, CPU seconds of each reading), the pages where the pipeline reads
worse than tesseract, and per format the mean CER of each. Exit code 1 when the pipeline's CER is higher
on some scan. Progress goes to stderr; it runs niced. `--keep DIR` writes each page's three texts for
diffing (DIR/FORMAT/NAME.pNN.{digital,pipeline,tesseract}.txt).

Not a test: it OCRs every page twice (about 5-10 min a format on a shared two-core machine).

    .venv/bin/python benchmarks/scan_cer.py --formats scan200_fax                 # one format at a time
    .venv/bin/python benchmarks/scan_cer.py --formats scan_rotated --names corpus_roskilde_strategisk --pages 2
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from scan_pages import CORPUS, SHARED, be_nice, chosen_pages, embedded_image, pipeline_pages, plain_tesseract, scans

sys.path.insert(0, str(SHARED / "eval"))  # cer.py imports the scorer's edit distance as `score`

from cer import cer  # the judges' CER, not a copy


@dataclass(frozen=True)
class Page:
    """One scanned page: the three texts and the CPU seconds of the two readings."""

    number: int
    digital: str
    pipeline: str
    tesseract: str
    pipeline_cpu: float
    tesseract_cpu: float


def digital_text(name: str, page: int) -> str:
    pdf = CORPUS / "pdf" / f"{name}.pdf"
    command = ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def read_scan(scan: Path, pages: list[int] | None) -> list[Page]:
    """The chosen pages of one scan (default: all), read both ways; the pipeline's CPU is shared out
    evenly over the pages, as it reads them together."""
    document = pdfium.PdfDocument(scan)
    try:
        numbers = chosen_pages(len(document), pages)
        images = {number: embedded_image(document, number) for number in numbers}
    finally:
        document.close()
    ours, our_cpu = pipeline_pages(scan, numbers)
    read = []
    for number in numbers:
        plain = plain_tesseract(images[number])
        page = Page(
            number, digital_text(scan.stem, number), ours[number], plain.text, our_cpu / len(numbers), plain.cpu
        )
        read.append(page)
        print(f"  {scan.parent.name}/{scan.stem} p{number}: {_cers(page)}", file=sys.stderr, flush=True)
    return read


def _cers(page: Page) -> str:
    return f"CER {cer(page.digital, page.pipeline):.4f} pipeline, {cer(page.digital, page.tesseract):.4f} tesseract"


def keep(folder: Path, scan: Path, pages: list[Page]) -> None:
    target = folder / scan.parent.name
    target.mkdir(parents=True, exist_ok=True)
    for page in pages:
        for kind in ("digital", "pipeline", "tesseract"):
            (target / f"{scan.stem}.p{page.number:02d}.{kind}.txt").write_text(getattr(page, kind), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", nargs="+", help="scan format folders (default: every scan*)")
    parser.add_argument("--names", nargs="+", help="agreement names (default: every scan in the folder)")
    parser.add_argument("--pages", nargs="+", type=int, help="1-based pages (default: all)")
    parser.add_argument("--keep", type=Path, help="write each page's texts into this folder")
    arguments = parser.parse_args()
    be_nice()
    rows, worse_pages = [], []
    per_format: dict[str, list[tuple[float, float]]] = defaultdict(list)
    worse = 0
    for scan in scans(arguments.formats, arguments.names):
        pages = read_scan(scan, arguments.pages)
        if arguments.keep:
            keep(arguments.keep, scan, pages)
        clean = "\n".join(page.digital for page in pages)
        ours = cer(clean, "\n".join(page.pipeline for page in pages))
        plain = cer(clean, "\n".join(page.tesseract for page in pages))
        worse += ours > plain
        per_format[scan.parent.name].append((ours, plain))
        our_cpu, plain_cpu = sum(page.pipeline_cpu for page in pages), sum(page.tesseract_cpu for page in pages)
        rows.append(
            f"| {scan.parent.name} | {scan.stem} | {len(pages)} | {ours:.4f} | {plain:.4f} | "
            f"{our_cpu:.1f} | {plain_cpu:.1f} | {our_cpu / max(plain_cpu, 1e-9):.2f} |"
        )
        worse_pages += [
            f"{scan.parent.name}/{scan.stem} p{page.number}: {_cers(page)}"
            for page in pages
            if cer(page.digital, page.pipeline) > cer(page.digital, page.tesseract)
        ]
    print("| format | agreement | pages | CER pipeline | CER tesseract | CPU s pipeline | CPU s tesseract | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("\n| format | scans | mean CER pipeline | mean CER tesseract | scans where the pipeline is worse |")
    print("|---|---|---|---|---|")
    for folder, values in per_format.items():
        n = len(values)
        mine, theirs = sum(value[0] for value in values) / n, sum(value[1] for value in values) / n
        print(f"| {folder} | {n} | {mine:.4f} | {theirs:.4f} | {sum(a > b for a, b in values)} |")
    print(f"\npages where the pipeline reads worse than plain tesseract: {len(worse_pages)}")
    print("\n".join(worse_pages))
    print(f"\npipeline worse than plain tesseract on {worse} scan(s)")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
