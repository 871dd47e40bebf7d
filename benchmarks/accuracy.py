"""The accuracy matrix: format × agreement, scored with the judges' own scorer.

Extracts the seeds and every format folder of `../shared/corpus` (each through `helhedsplan extract`, as a
user would), scores each record with `../shared/eval/score.py`, and prints

- a table format × agreement: field accuracy over all of the agreement's gold fields (a field the scorer
  could not reach, e.g. the baselines of an indicator that was not found, counts as wrong), then findings
  recall / precision;
- the mean per format (over all gold fields of the format) and findings recall / precision per format;
- the misses grouped by scorer group (`party.parts`, `indicator.year`, `sub.overview`, …) per format;
- provenance and confidence (benchmarks/provenance_eval.py): per format the share of text leaves with an
  entry, whose span holds the value, with pages and bbox (PDFs, scans), the confidence AUROC of right vs
  wrong leaves, and a reliability table.

Not a test: it reads the shared corpus, which tests only sample. Run it before and after a change.

    .venv/bin/python benchmarks/accuracy.py                   # everything (scans take minutes)
    .venv/bin/python benchmarks/accuracy.py --fast            # seeds and the non-scan formats
    .venv/bin/python benchmarks/accuracy.py --formats docx pdf --misses 20
    .venv/bin/python benchmarks/accuracy.py --json out.json   # the matrix as JSON too
    .venv/bin/python benchmarks/accuracy.py --formats seeds --extra lo_txt pdftotext_raw   # renderings the
                                              # corpus lacks, made at run time (provenance_eval.VARIANTS)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from provenance_eval import VARIANTS, Stats, folder_stats, print_provenance, render_variants

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SCAN_PREFIX = "scan"
SEEDS = "seeds"


def load_scorer() -> ModuleType:
    """The judges' scorer, imported from ../shared/eval/score.py (not copied: it is theirs to change)."""
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer at {SHARED / 'eval' / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Cell:
    """One agreement in one format: correct fields of the gold's full total, and findings counts."""

    correct: int = 0
    full: int = 0
    expected: int = 0
    found: int = 0
    reported: int = 0
    right: int = 0
    groups: Counter[str] = field(default_factory=Counter)  # misses per scorer group
    misses: list[str] = field(default_factory=list)

    def add(self, other: Cell) -> None:
        self.correct += other.correct
        self.full += other.full
        self.expected += other.expected
        self.found += other.found
        self.reported += other.reported
        self.right += other.right
        self.groups.update(other.groups)
        self.misses += other.misses

    @property
    def accuracy(self) -> float:
        return self.correct / self.full if self.full else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.reported if self.reported else (1.0 if not self.expected else 0.0)

    def findings(self) -> str:
        if not self.expected and not self.reported:
            return "–"
        return f"{self.recall:.2f}/{self.precision:.2f}"


def score_folder(scorer: ModuleType, gold_dir: Path, records: Path) -> dict[str, Cell]:
    """Score every gold agreement against its record; the denominator is the gold scored against itself."""
    cells: dict[str, Cell] = {}
    for name, gold in scorer.load_gold_dir(gold_dir).items():
        path = records / f"{name}.json"
        got = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        tally, found = scorer.score_file(gold, got)
        full, _ = scorer.score_file(gold, {**gold, "findings": gold.get("expected_findings") or []})
        cell = Cell(correct=tally.correct, full=full.total, expected=found["expected"], found=found["found"],
                    reported=found["reported"], right=found["reported_right"])
        for group, (_, total) in full.groups.items():
            reached_correct, _ = tally.groups.get(group, (0, 0))
            if total - reached_correct:
                cell.groups[group] += total - reached_correct
        cell.misses = [f"{name}: {m}" for m in tally.misses] + ([] if got else [f"{name}: no record"])
        cells[name] = cell
    return cells


def extract(inputs: Path, out: Path, workers: int | None) -> float:
    """Run `helhedsplan extract` on a folder as a user would; returns the wall time."""
    cli = Path(sys.executable).parent / "helhedsplan"
    cmd = [str(cli) if cli.exists() else "helhedsplan", "extract", str(inputs), "-o", str(out), "-q", "--force"]
    if workers:
        cmd += ["--workers", str(workers)]
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def formats_available(fast: bool, only: list[str] | None) -> list[str]:
    skip = {"gold", "sources", "tools"}
    names = [SEEDS, *sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and p.name not in skip)]
    if only:
        missing = sorted(set(only) - set(names))
        if missing:
            raise SystemExit(f"unknown format(s): {', '.join(missing)}; known: {', '.join(names)}")
        names = [n for n in names if n in only]
    if fast:
        names = [n for n in names if not n.startswith(SCAN_PREFIX)]
    return names


def short(name: str) -> str:
    return name.removeprefix("corpus_").split("_")[0]


def print_matrix(matrix: dict[str, dict[str, Cell]], walls: dict[str, float]) -> None:
    agreements = sorted({a for row in matrix.values() for a in row if row is not matrix.get(SEEDS)})
    seeds = sorted(matrix.get(SEEDS, {}))
    for title, names, rows in (("Corpus", agreements, [f for f in matrix if f != SEEDS]),
                               ("Seeds (dev gold)", seeds, [f for f in matrix if f == SEEDS])):
        if not rows:
            continue
        print(f"\n{title}: field accuracy of all gold fields · findings recall/precision\n")
        head = ["format", *[short(n) for n in names], "mean", "findings R/P", "wall s"]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for fmt in rows:
            total = Cell()
            cols = []
            for n in names:
                cell = matrix[fmt].get(n)
                if cell is None:
                    cols.append("")
                    continue
                total.add(cell)
                cols.append(f"{cell.accuracy:.3f} · {cell.findings()}")
            print(f"| {fmt} | " + " | ".join(cols) + f" | **{total.accuracy:.3f}** | {total.findings()} | "
                  f"{walls.get(fmt, 0):.0f} |")


def print_misses(matrix: dict[str, dict[str, Cell]], limit: int) -> None:
    print("\nMisses by scorer group (fields lost, per format):\n")
    groups = sorted({g for row in matrix.values() for c in row.values() for g in c.groups})
    print("| group | " + " | ".join(matrix) + " |")
    print("|" + "---|" * (len(matrix) + 1))
    for g in groups:
        print(f"| {g} | " + " | ".join(str(sum(c.groups[g] for c in matrix[f].values()) or "")
                                      for f in matrix) + " |")
    if limit:
        for fmt, row in matrix.items():
            misses = [m for c in row.values() for m in c.misses]
            if misses:
                print(f"\n{fmt}: {len(misses)} misses" + (f", first {limit}" if len(misses) > limit else ""))
                for m in misses[:limit]:
                    print("  ", m)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--formats", nargs="+", help="only these format folders (and 'seeds')")
    ap.add_argument("--fast", action="store_true", help="leave out the scan formats")
    ap.add_argument("--misses", type=int, default=0, metavar="N", help="print up to N misses per format")
    ap.add_argument("--workers", type=int, help="passed to helhedsplan extract")
    ap.add_argument("--keep", type=Path, help="write the records here (one folder per format) and keep them")
    ap.add_argument("--json", type=Path, help="write the matrix as JSON here")
    ap.add_argument("--extra", nargs="+", default=[], choices=sorted(VARIANTS),
                    help="also render these formats from the corpus (provenance_eval.VARIANTS) and score them")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        raise SystemExit(f"no corpus at {CORPUS}")
    scorer = load_scorer()
    matrix: dict[str, dict[str, Cell]] = {}
    walls: dict[str, float] = {}
    provenance: dict[str, Stats] = {}
    work = args.keep or Path(tempfile.mkdtemp(prefix="accuracy-"))
    try:
        for fmt in formats_available(args.fast, args.formats):
            inputs, gold = (SHARED / SEEDS, SHARED / "gold") if fmt == SEEDS else (CORPUS / fmt, CORPUS / "gold")
            print(f"extracting {fmt} …", file=sys.stderr, flush=True)
            walls[fmt] = extract(inputs, work / fmt, args.workers)
            matrix[fmt] = score_folder(scorer, gold, work / fmt / "records")
            provenance[fmt] = folder_stats(scorer, gold, work / fmt / "records")
        for inputs in render_variants(CORPUS, work / "extra-inputs", args.extra) if args.extra else []:
            fmt = inputs.name
            print(f"extracting {fmt} (rendered) …", file=sys.stderr, flush=True)
            walls[fmt] = extract(inputs, work / fmt, args.workers)
            matrix[fmt] = score_folder(scorer, CORPUS / "gold", work / fmt / "records")
            provenance[fmt] = folder_stats(scorer, CORPUS / "gold", work / fmt / "records")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_matrix(matrix, walls)
    print_misses(matrix, args.misses)
    print_provenance(provenance)
    if args.json:
        args.json.write_text(json.dumps({f: {a: {"accuracy": c.accuracy, "correct": c.correct, "full": c.full,
                                                  "recall": c.recall, "precision": c.precision,
                                                  "misses": dict(c.groups)} for a, c in row.items()}
                                         for f, row in matrix.items()}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
