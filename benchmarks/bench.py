"""Throughput of `helhedsplan extract` per format, against bare library reads of the same files.

Builds a corpus of renamed copies of the samples in a temporary folder, reads it through the batch's worker
pool with one and with two workers, and prints per format: ms per document and per page, documents/s, peak
RSS per worker, the two-worker speed-up, and the ratio to reference reads of the same files in this process
(python-docx paragraphs, pdfplumber text, pypdfium2 text, tesseract alone on the pages the pipeline renders).
Ends with one PASS/FAIL line per target. Not a test: timings depend on the machine.

    .venv/bin/python benchmarks/bench.py --n 20 --scan-n 2
    .venv/bin/python benchmarks/bench.py --profile      # cProfile hot spots, one document per format
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from docx import Document

from pipeline.batch import Limits, Outcome, WorkerPool
from pipeline.run import extract

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
FORMATS: dict[str, list[str]] = {
    "docx": ["aftale-delaftale.docx", "aftale-bundle.docx"],
    "pdf": ["aftale-delaftale.pdf", "aftale-bundle.pdf"],
    "scan": ["aftale-delaftale-scan.pdf"],
}
OCR_DPI = 300
TESSERACT_ARGS = ["-l", "dan", "--psm", "4"]
# Targets from issue 8.
DOCX_MS_PER_DOC = 30
PDF_MS_PER_PAGE = 60
SCAN_VS_TESSERACT = 1.1
TWO_WORKER_SPEEDUP = 1.8
WORKER_RSS_MB = 300


@dataclass
class Run:
    """One format read by a pool: per-document durations inside the workers, and the wall time."""

    durations: list[float]
    wall: float
    peak_rss_mb: float
    failures: int


def build_corpus(folder: Path, n: int, scan_n: int) -> dict[str, list[Path]]:
    """`n` renamed copies of each digital sample and `scan_n` of the scan (OCR is slow)."""
    corpus: dict[str, list[Path]] = {}
    for fmt, names in FORMATS.items():
        copies = scan_n if fmt == "scan" else n
        corpus[fmt] = []
        for name in names:
            for number in range(copies):
                target = folder / fmt / f"{Path(name).stem}-{number:04d}{Path(name).suffix}"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(SAMPLES / name, target)
                corpus[fmt].append(target)
    return corpus


def pool_run(paths: list[Path], workers: int) -> Run:
    """Read `paths` with a warmed-up pool: each worker first reads one of each sample, not timed, so that
    lazily loaded word lists and models do not count as per-document cost."""
    warm_up = [SAMPLES / name for names in FORMATS.values() for name in names if not name.endswith("scan.pdf")]
    with WorkerPool(workers, Limits(timeout_s=600, max_memory_mb=4096)) as pool:
        for _ in pool.run(warm_up * workers):
            pass
        started = time.perf_counter()
        outcomes: list[Outcome] = [outcome for _, outcome in pool.run(paths)]
        wall = time.perf_counter() - started
    return Run(
        durations=[outcome.duration for outcome in outcomes],
        wall=wall,
        peak_rss_mb=max(outcome.peak_rss_mb or 0.0 for outcome in outcomes),
        failures=sum(outcome.record_json is None for outcome in outcomes),
    )


def pages_of(path: Path) -> int:
    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def per_call(paths: list[Path], read: Callable[[Path], object]) -> float:
    """Mean seconds of `read` per path, after one untimed call."""
    read(paths[0])
    started = time.perf_counter()
    for path in paths:
        read(path)
    return (time.perf_counter() - started) / len(paths)


def docx_bare(path: Path) -> None:
    for paragraph in Document(str(path)).paragraphs:
        _ = paragraph.text


def pdfplumber_bare(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def pypdfium2_bare(path: Path) -> None:
    document = pdfium.PdfDocument(path)
    try:
        for page in document:
            page.get_textpage().get_text_range()
    finally:
        document.close()


def tesseract_alone(path: Path) -> None:
    """Render every page as the pipeline does and run tesseract on each, pages in parallel one per core
    (as extractors.ocr does), with nothing before or after."""
    with tempfile.TemporaryDirectory() as tmp:
        document = pdfium.PdfDocument(path)
        images = []
        for number, page in enumerate(document):
            image = Path(tmp, f"{number}.png")
            page.render(scale=OCR_DPI / 72, grayscale=True).to_pil().convert("L").save(image)
            images.append(image)
        document.close()
        environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        command = ["tesseract", "{}", "stdout", *TESSERACT_ARGS]
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            list(pool.map(lambda image: _tesseract(command, image, environment), images))


def _tesseract(command: list[str], image: Path, environment: dict[str, str]) -> None:
    argv = [str(image) if part == "{}" else part for part in command]
    subprocess.run(argv, capture_output=True, check=True, env=environment)


def report(corpus: dict[str, list[Path]], workers: int) -> list[tuple[str, bool]]:
    """Print the table and return the targets as (description, met)."""
    references = {
        "docx": ("python-docx paragraphs", docx_bare),
        "pdf": ("pdfplumber text", pdfplumber_bare),
        "scan": ("tesseract alone", tesseract_alone),
    }
    print(
        f"{'format':6} {'docs':>5} {'pages':>6} {'ms/doc':>8} {'ms/page':>8} {'docs/s':>7} "
        f"{'docs/s x' + str(workers):>10} {'speed-up':>8} {'RSS MB':>7}  reference (ms/page or ms/doc) ratio"
    )
    targets: list[tuple[str, bool]] = []
    one_total = many_total = 0.0
    for fmt, paths in corpus.items():
        if not paths:
            continue
        one, many = pool_run(paths, 1), pool_run(paths, workers)
        pages = sum(pages_of(path) for path in paths) if fmt != "docx" else 0
        ms_doc = 1000 * statistics.mean(one.durations)
        ms_page = 1000 * sum(one.durations) / pages if pages else float("nan")
        speedup = one.wall / many.wall
        name, read = references[fmt]
        reference = per_call(paths[: min(len(paths), 10)], read)
        per_unit = reference * len(paths) / pages if pages else reference
        ratio = (ms_page if pages else ms_doc) / (1000 * per_unit)
        print(
            f"{fmt:6} {len(paths):5d} {pages:6d} {ms_doc:8.0f} {ms_page:8.0f} {len(paths) / one.wall:7.1f} "
            f"{len(paths) / many.wall:10.1f} {speedup:8.2f} {max(one.peak_rss_mb, many.peak_rss_mb):7.0f}  "
            f"{name} {1000 * per_unit:.1f} → {ratio:.1f}x" + (f"  ({one.failures} failed)" if one.failures else "")
        )
        if fmt == "pdf":
            print(
                f"{'':6} pypdfium2 text {1000 * per_call(paths[:10], pypdfium2_bare) * len(paths) / pages:.1f} ms/page"
            )
            targets.append((f"digital PDF ≤ {PDF_MS_PER_PAGE} ms/page (is {ms_page:.0f})", ms_page <= PDF_MS_PER_PAGE))
        elif fmt == "docx":
            targets.append((f"DOCX ≤ {DOCX_MS_PER_DOC} ms/document (is {ms_doc:.0f})", ms_doc <= DOCX_MS_PER_DOC))
        else:
            targets.append(
                (f"scanned PDF ≤ {SCAN_VS_TESSERACT}× tesseract alone (is {ratio:.2f}×)", ratio <= SCAN_VS_TESSERACT)
            )
        rss = max(one.peak_rss_mb, many.peak_rss_mb)
        targets.append((f"{fmt}: peak RSS ≤ {WORKER_RSS_MB} MB per worker (is {rss:.0f})", rss <= WORKER_RSS_MB))
        if fmt != "scan":  # a scan already spreads its pages over every core
            one_total, many_total = one_total + one.wall, many_total + many.wall
    if many_total:
        speedup = one_total / many_total
        targets.append(
            (
                f"{workers} workers ≥ {TWO_WORKER_SPEEDUP}× one on DOCX+PDF (is {speedup:.2f}×)",
                speedup >= TWO_WORKER_SPEEDUP,
            )
        )
    return targets


def profile(top: int) -> None:
    """cProfile one steady-state extraction per sample (after one untimed run) and print the hot spots."""
    for names in FORMATS.values():
        for name in names:
            extract(SAMPLES / name)
            profiler = cProfile.Profile()
            profiler.runcall(extract, SAMPLES / name)
            print(f"\n=== {name}")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="copies of each digital sample (default 200)")
    parser.add_argument("--scan-n", type=int, default=4, help="copies of the scanned sample (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="pool size compared with one worker")
    parser.add_argument("--profile", action="store_true", help="print cProfile hot spots instead")
    parser.add_argument("--top", type=int, default=25, help="functions shown per profile")
    args = parser.parse_args()
    if args.profile:
        profile(args.top)
        return
    with tempfile.TemporaryDirectory(prefix="helhedsplan-bench-") as tmp:
        corpus = build_corpus(Path(tmp), args.n, args.scan_n)
        print(f"{os.cpu_count()} cores; {args.n} copies per digital sample, {args.scan_n} of the scan\n")
        targets = report(corpus, args.workers)
    print()
    for description, met in targets:
        print(f"{'PASS' if met else 'FAIL'}  {description}")


if __name__ == "__main__":
    main()
