"""CPU seconds per scanned page: the pipeline's OCR against plain `tesseract -l dan` on the same image.

For the chosen pages of each corpus scan, the pipeline's reading (`extractors.ocr` on the document, one
core) and plain tesseract on each page's embedded image are timed in CPU seconds (this process and its
tesseract children, `resource.getrusage`), each the least of `--repeat` runs taken in turn, since this
shared machine is noisy. Prints per scan both figures per page and their ratio, per format the totals, and for
`scan300_wrongdpi` the pipeline's CPU against the same images put on pages of the right size. Targets
(issue 13): pipeline ≤ 1.05× tesseract alone; a wrong page size costs no more than the right one. The
once-per-worker start (word lists, tesseract's language list) is left out. Not a test.

    .venv/bin/python benchmarks/scan_cpu.py --formats scan200_jpeg --names corpus_aarhus_uddannelse --pages 1 2
    .venv/bin/python benchmarks/scan_cpu.py                       # every scan format (slow: ~10 min each)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium
from scan_pages import be_nice, chosen_pages, embedded_image, page_count, pipeline_pages, plain_tesseract, scans

from extractors import page_image

TARGET_RATIO = 1.05
WRONG_SIZE = "scan300_wrongdpi"  # 300 dpi JPEGs on pages sized as if 96 dpi


def page_costs(scan: Path, pages: list[int] | None, repeat: int) -> tuple[int, float, float]:
    """(pages, pipeline CPU s, tesseract CPU s) over the chosen pages, the least of `repeat` runs each."""
    document = pdfium.PdfDocument(scan)
    try:
        numbers = chosen_pages(len(document), pages)
        images = [embedded_image(document, number) for number in numbers]
    finally:
        document.close()
    ours, plain = least_in_turn(
        partial(_pipeline_cpu, scan, numbers), lambda: sum(plain_tesseract(image).cpu for image in images), repeat
    )
    print(f"  {scan.parent.name}/{scan.stem}: {ours:.1f} / {plain:.1f} s", file=sys.stderr, flush=True)
    return len(numbers), ours, plain


def _pipeline_cpu(scan: Path, numbers: list[int]) -> float:
    return pipeline_pages(scan, numbers)[1]


def least_in_turn(first: Callable[[], float], second: Callable[[], float], repeat: int) -> tuple[float, float]:
    """The least of `repeat` runs of each, run by turns: a change in the machine's load hits both alike."""
    firsts, seconds = [], []
    for _ in range(repeat):
        firsts.append(first())
        seconds.append(second())
    return min(firsts), min(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", nargs="+", help="scan format folders (default: every scan*)")
    parser.add_argument("--names", nargs="+", help="agreement names (default: all six)")
    parser.add_argument("--pages", nargs="+", type=int, help="1-based pages (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per page, the least counts (default 1)")
    arguments = parser.parse_args()
    be_nice()
    print("| format | agreement | pages | pipeline CPU s/page | tesseract CPU s/page | ratio |")
    print("|---|---|---|---|---|---|")
    by_format: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for scan in scans(arguments.formats, arguments.names):
        n, ours, plain = page_costs(scan, arguments.pages, arguments.repeat)
        by_format[scan.parent.name].append((n, ours, plain))
        print(f"| {scan.parent.name} | {scan.stem} | {n} | {ours / n:.2f} | {plain / n:.2f} | {ours / plain:.3f} |")
    print("\n| format | pages | pipeline CPU s/page | tesseract CPU s/page | ratio | ≤ 1.05× |")
    print("|---|---|---|---|---|---|")
    failed = 0
    for folder, costs in by_format.items():
        n, ours, plain = (sum(cost[i] for cost in costs) for i in (0, 1, 2))
        ratio = ours / plain
        failed += ratio > TARGET_RATIO
        verdict = "pass" if ratio <= TARGET_RATIO else "FAIL"
        print(f"| {folder} | {n} | {ours / n:.2f} | {plain / n:.2f} | {ratio:.3f} | {verdict} |")
    if WRONG_SIZE in {scan.parent.name for scan in scans(arguments.formats, arguments.names)}:
        failed += _wrong_size_against_right(arguments.pages, arguments.repeat, arguments.names)
    return 1 if failed else 0


def _wrong_size_against_right(pages: list[int] | None, repeat: int, names: list[str] | None) -> int:
    """Print the pipeline's CPU per page on each wrong-page-size scan against its right-size twin: the
    same embedded JPEGs put on pages of their real size by img2pdf at the resolution page_image finds.
    1 when the wrong size costs more (beyond the 5 % of the tesseract target), else 0."""
    wrong_cpu = right_cpu = 0.0
    count = 0
    for scan in scans([WRONG_SIZE], names):
        numbers = chosen_pages(page_count(scan), pages)
        with tempfile.TemporaryDirectory() as folder:
            twin = _right_size_twin(scan, Path(folder))
            wrong, right = least_in_turn(
                partial(_pipeline_cpu, scan, numbers), partial(_pipeline_cpu, twin, numbers), repeat
            )
        print(f"  {scan.stem}: wrong size {wrong:.1f}, right size {right:.1f} s", file=sys.stderr, flush=True)
        wrong_cpu, right_cpu, count = wrong_cpu + wrong, right_cpu + right, count + len(numbers)
    if not count:
        return 0
    ratio = wrong_cpu / right_cpu
    print(
        f"\nwrong page size ({WRONG_SIZE}) against the same images on right-size pages, {count} pages: "
        f"{wrong_cpu / count:.2f} against {right_cpu / count:.2f} CPU s/page, {ratio:.3f}×"
    )
    return int(ratio > TARGET_RATIO)


def _right_size_twin(scan: Path, folder: Path) -> Path:
    """The scan's page images, unchanged, on pages sized from their real resolution (img2pdf)."""
    document = pdfium.PdfDocument(scan)
    try:
        images = []
        for number in range(1, len(document) + 1):
            pixels = embedded_image(document, number)
            ppi = page_image.page_image(document, number).ppi
            path = folder / f"page{number:03d}.jpg"
            path.write_bytes(pixels)
            images.append(path)
    finally:
        document.close()
    twin = folder / scan.name
    command = ["img2pdf", "--imgsize", f"{ppi:.0f}dpi", "-o", str(twin), *map(str, images)]
    subprocess.run(command, check=True, capture_output=True)
    return twin


if __name__ == "__main__":
    sys.exit(main())
