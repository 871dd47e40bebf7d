"""Provenance and confidence against the gold: the accuracy matrix's second section (benchmarks/accuracy.py).

For every text leaf of every record: has it a provenance entry, does the read text at its span hold the
value, has it pages and a box (PDFs and scans), and is it right? A leaf is right when the gold agreement
the scorer aligns with its delaftale holds a value of the same field (indices aside) that the scorer's own
similarity accepts. Confidence is then judged by the AUROC of right against wrong leaves and by a
reliability table (confidence bins against the share right).

Run alone, it measures confidence where wrong values are many: on renderings of the corpus that the
corpus folders lack (LibreOffice's text export, pdftotext without -layout and of the label-left PDF,
pandoc gfm, plain and narrow Markdown, PDFs whose tables have no rules: benchmarks/pdf_variants.py), made
into a temporary folder with the tools setup.sh installs, plus any corpus folders named (a scan format,
say), against the unchanged gold:

    .venv/bin/python benchmarks/provenance_eval.py                       # the renderings only
    .venv/bin/python benchmarks/provenance_eval.py --formats pdf scan200_fax

To tune confidence without re-reading scans (minutes a format), `--cache DIR` keeps each input's
extracted document (JSON) in DIR on the first run and reads it from there on the next: only
normalisation to provenance is redone, in this process. (A change to an extractor needs a fresh DIR.)

    .venv/bin/python benchmarks/provenance_eval.py --cache /tmp/conf-cache --formats seeds scan200_fax
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from types import ModuleType

from scan_variants import KINDS

from extractors import extract_document
from models import ExtractedDocument, Record, Source
from models.record import LENIENT
from pipeline.assemble import document_to_record, read_blocks
from pipeline.findings import Findings
from pipeline.provenance_align import squeeze
from pipeline.provenance_leaves import Leaf, leaves
from pipeline.provenance_text import render
from pipeline.text_cli import read_file

PDF_VARIANTS = str(Path(__file__).resolve().parent / "pdf_variants.py")  # two-step PDF renderings
SCAN_VARIANTS = str(Path(__file__).resolve().parent / "scan_variants.py")  # scans the corpus lacks
SCAN_KINDS = tuple(KINDS)
COLUMN_SCAN_KINDS = ("scan_skew2", "scan_fax150", "scan_photocopy")  # also scanned from pdf_columns
# name → (corpus folder rendered from, file suffix written, command with {src} and {out}).
VARIANTS: dict[str, tuple[str, str, list[str]]] = {
    "lo_txt": ("docx", ".txt", ["soffice", "--headless", "--convert-to", "txt:Text", "--outdir", "{dir}", "{src}"]),
    "pdftotext_raw": ("pdf", ".txt", ["pdftotext", "{src}", "{out}"]),
    "pdftotext_layout_columns": ("pdf_columns", ".txt", ["pdftotext", "-layout", "{src}", "{out}"]),
    "pandoc_gfm": ("docx", ".md", ["pandoc", "{src}", "-t", "gfm", "-o", "{out}"]),
    "pandoc_gfm_columns": ("docx_columns", ".md", ["pandoc", "{src}", "-t", "gfm", "-o", "{out}"]),
    "pandoc_plain": ("docx", ".txt", ["pandoc", "{src}", "-t", "plain", "-o", "{out}"]),
    "pandoc_plain_columns": ("docx_columns", ".txt", ["pandoc", "{src}", "-t", "plain", "-o", "{out}"]),
    "pandoc_md72": ("docx", ".md", ["pandoc", "{src}", "-t", "markdown", "--columns=72", "-o", "{out}"]),
    "pdf_borderless": ("docx", ".pdf", [sys.executable, PDF_VARIANTS, "borderless", "{src}", "{out}"]),
    "pdf_chromium": ("docx", ".pdf", [sys.executable, PDF_VARIANTS, "chromium", "{src}", "{out}"]),
    **{kind: ("pdf", ".pdf", [sys.executable, SCAN_VARIANTS, kind, "{src}", "{out}"]) for kind in SCAN_KINDS},
    # The other layout scanned: the same degradations on pages the parsing has seen less of.
    **{
        f"{kind}_columns": ("pdf_columns", ".pdf", [sys.executable, SCAN_VARIANTS, kind, "{src}", "{out}"])
        for kind in COLUMN_SCAN_KINDS
    },
}
SCANNED = {name for name, (_, _, command) in VARIANTS.items() if SCAN_VARIANTS in command}  # OCR'd: slow
BINS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
SHORT_KINDS = {"label", "initiative_name", "area_name", "baseline_year", "data_source", "party", "activity.name"}
SPAN_HOLDS = 0.8  # share of the value's squeezed text the span must hold, by the scorer's similarity


@dataclass
class Stats:
    """Provenance coverage and (confidence, right) pairs of one format."""

    leaves: int = 0
    entries: int = 0
    spans: int = 0
    held: int = 0
    paged: int = 0
    paged_of: int = 0
    pairs: list[tuple[float, bool]] = field(default_factory=list)

    def add(self, other: Stats) -> None:
        for name in ("leaves", "entries", "spans", "held", "paged", "paged_of"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.pairs += other.pairs


def _group(leaf: Leaf) -> str:
    return re.sub(r"\[\d+\]", "[]", leaf.path.split(".", 1)[1] if leaf.unit is not None else leaf.path)


def _gold_groups(gold: dict) -> dict[int | None, dict[str, list[str]]]:
    record = Record.model_validate({**gold, "source": {"file": "", "sha256": "", "format": "txt"}}, context=LENIENT)
    groups: dict[int | None, dict[str, list[str]]] = {}
    for leaf in leaves(record):
        groups.setdefault(leaf.unit, {}).setdefault(_group(leaf), []).append(leaf.text)
    return groups


def _sub_map(gold: dict, got: dict) -> dict[int, int]:
    """Got delaftale index → gold index, aligned as score.py's score_file aligns them."""
    out: dict[int, int] = {}
    subs = got.get("sub_agreements") or []
    for i, g in enumerate(gold.get("sub_agreements") or []):
        cand = [j for j, s in enumerate(subs) if s.get("focus_area") == g.get("focus_area")]
        j = cand[0] if len(cand) == 1 else (i if i < len(subs) else None)
        if j is not None:
            out.setdefault(j, i)
    return out


def _right(scorer: ModuleType, leaf: Leaf, wanted: list[str]) -> bool:
    ok = scorer.SHORT_OK if leaf.kind in SHORT_KINDS else scorer.TEXT_OK
    if leaf.kind == "period":
        return leaf.text in wanted
    return any(scorer.sim(w, leaf.text) >= ok for w in wanted)


def _holds(scorer: ModuleType, value: str, source: str) -> bool:
    """The span holds the value: its squeezed text matches the value's, or the value is a date it gave."""
    v, s = squeeze(value), squeeze(source)
    return v in s or scorer.sim(v, s) >= SPAN_HOLDS or bool(re.match(r"\d{4}-\d\d-\d\d$", value) and value[:4] in s)


def record_stats(scorer: ModuleType, gold: dict, got: dict, text: str | None) -> Stats:
    """Coverage and confidence pairs of one record against its gold; `text` (the read text of its source)
    for span checks."""
    record = Record.model_validate(got)
    paged = record.source.format in ("pdf", "pdf-ocr")
    groups = _gold_groups(gold)
    subs = _sub_map(gold, got)
    st = Stats()
    for leaf in leaves(record):
        st.leaves += 1
        entry = record.provenance.get(leaf.path)
        if entry is None:
            continue
        st.entries += 1
        if paged:
            st.paged_of += 1
            st.paged += bool(entry.pages and entry.bbox)
        if text is not None and entry.start is not None and entry.end is not None:
            st.spans += 1
            st.held += _holds(scorer, leaf.text, text[entry.start : entry.end])
        unit = None if leaf.unit is None else subs.get(leaf.unit, -1)
        wanted = groups.get(unit, {}).get(_group(leaf), [])
        st.pairs.append((entry.confidence, _right(scorer, leaf, wanted)))
    return st


def folder_stats(scorer: ModuleType, gold_dir: Path, records: Path) -> Stats:
    total = Stats()
    for name, gold in scorer.load_gold_dir(gold_dir).items():
        path = records / f"{name}.json"
        if not path.exists():
            continue
        got = json.loads(path.read_text(encoding="utf-8"))
        source = Path(got["source"]["file"])
        total.add(record_stats(scorer, gold, got, read_file(source).text if source.exists() else None))
    return total


def _cached_document(src: Path, cache: Path) -> ExtractedDocument:
    """`src` extracted, from `cache` when it was extracted before (else extracted and kept there)."""
    kept = cache / f"{src.name}.json"
    if kept.exists():
        return ExtractedDocument.model_validate_json(kept.read_text(encoding="utf-8"))
    doc = extract_document(src)
    kept.parent.mkdir(parents=True, exist_ok=True)
    part = kept.with_suffix(".part")
    part.write_text(doc.model_dump_json(), encoding="utf-8")
    part.replace(kept)  # whole or not at all: an interrupted run leaves no half document to reuse
    return doc


def cached_stats(scorer: ModuleType, gold_dir: Path, inputs: Path, cache: Path) -> Stats:
    """As folder_stats, for the inputs of a folder whose documents are kept in `cache` (see --cache)."""
    total = Stats()
    golds = scorer.load_gold_dir(gold_dir)
    for src in sorted(inputs.iterdir()):
        if src.stem not in golds:
            continue
        doc = _cached_document(src, cache / inputs.name)
        record = document_to_record(doc, Source(file=str(src), sha256="", format=doc.format, pages=doc.pages))
        got = json.loads(Record.model_validate(record.model_dump()).model_dump_json())
        text = render(read_blocks(doc, Findings())[0]).text
        total.add(record_stats(scorer, golds[src.stem], got, text))
    return total


def auroc(pairs: list[tuple[float, bool]]) -> float | None:
    """Probability that a right leaf has higher confidence than a wrong one (ties count half)."""
    ranked = sorted(pairs, key=lambda p: p[0])
    n_right = sum(ok for _, ok in pairs)
    n_wrong = len(pairs) - n_right
    if not n_right or not n_wrong:
        return None
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # mean 1-based rank of the tie group
        rank_sum += mid * sum(ok for _, ok in ranked[i:j])
        i = j
    return (rank_sum - n_right * (n_right + 1) / 2) / (n_right * n_wrong)


def _pct(n: int, d: int) -> str:
    return f"{n / d:.1%}" if d else "–"


def print_provenance(stats: dict[str, Stats]) -> None:
    print("\nProvenance and confidence (text leaves of the records)\n")
    print("| format | leaves | entry | span holds value | pages+bbox | right | AUROC |")
    print("|---|---|---|---|---|---|---|")
    total = Stats()
    for fmt, st in stats.items():
        total.add(st)
        a = auroc(st.pairs)
        right = sum(ok for _, ok in st.pairs)
        print(f"| {fmt} | {st.leaves} | {_pct(st.entries, st.leaves)} | {_pct(st.held, st.spans)} | "
              f"{_pct(st.paged, st.paged_of)} | {_pct(right, len(st.pairs))} | {'–' if a is None else f'{a:.3f}'} |")
    a = auroc(total.pairs)
    print(f"\nConfidence AUROC over all formats (right vs wrong leaves): {'–' if a is None else f'{a:.3f}'}\n")
    print("| confidence | leaves | mean confidence | observed right |")
    print("|---|---|---|---|")
    for low, high in pairwise(BINS):
        inside = [(c, ok) for c, ok in total.pairs if low <= c < high]
        if inside:
            mean = sum(c for c, _ in inside) / len(inside)
            print(f"| {low:.1f}–{min(high, 1.0):.1f} | {len(inside)} | {mean:.2f} | "
                  f"{sum(ok for _, ok in inside) / len(inside):.2f} |")


def render_variants(corpus: Path, work: Path, names: list[str] | None = None) -> list[Path]:
    """Each of VARIANTS (or of `names`) into work/<name>/ (one file per corpus agreement); a missing tool,
    or one that fails (a renderer's own helper missing, as Chromium for pdf_chromium), skips its variant."""
    folders = []
    for name, (source, suffix, command) in VARIANTS.items():
        if names is not None and name not in names:
            continue
        if shutil.which(command[0]) is None:
            print(f"skipping {name}: no {command[0]}", file=sys.stderr)
            continue
        out_dir = work / name
        out_dir.mkdir(parents=True)
        try:
            for src in sorted((corpus / source).iterdir()):
                out = out_dir / f"{src.stem}{suffix}"
                args = [a.format(src=src, out=out, dir=out_dir) for a in command]
                subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except subprocess.CalledProcessError as error:
            reason = (error.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            print(f"skipping {name}: {Path(error.cmd[1]).name} failed on {src.name}: {reason[0]}", file=sys.stderr)
            shutil.rmtree(out_dir)
            continue
        folders.append(out_dir)
    return folders


def main(argv: list[str] | None = None) -> int:
    from accuracy import CORPUS, SEEDS, SHARED, extract, load_scorer

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--formats", nargs="*", default=[], help="corpus folders to add (e.g. pdf scan200_fax, seeds)")
    ap.add_argument("--no-variants", action="store_true", help="only the --formats folders")
    ap.add_argument("--cache", type=Path, help="keep extracted documents here and reuse them on the next run")
    args = ap.parse_args(argv)
    scorer = load_scorer()
    work = Path(tempfile.mkdtemp(prefix="provenance-"))
    try:
        rendered = args.cache / "inputs" if args.cache else work / "inputs"
        inputs = [] if args.no_variants else _variant_inputs(CORPUS, rendered)
        inputs += [SHARED / SEEDS if f == SEEDS else CORPUS / f for f in args.formats]
        stats: dict[str, Stats] = {}
        for folder in inputs:
            gold = SHARED / "gold" if folder.name == SEEDS else CORPUS / "gold"
            print(f"extracting {folder.name} …", file=sys.stderr, flush=True)
            if args.cache:
                stats[folder.name] = cached_stats(scorer, gold, folder, args.cache / "documents")
                continue
            extract(folder, work / "out" / folder.name, None)
            stats[folder.name] = folder_stats(scorer, gold, work / "out" / folder.name / "records")
        print_provenance(stats)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _variant_inputs(corpus: Path, work: Path) -> list[Path]:
    """The text and PDF VARIANTS' folders under `work`, rendered unless they are there from an earlier run.
    The scan kinds are left to `accuracy.py --extra`: OCR-ing eight more scans of the corpus takes an hour."""
    names = [name for name in VARIANTS if name not in SCANNED]
    missing = [name for name in names if not (work / name).is_dir()]
    if missing:
        render_variants(corpus, work, missing)
    return [work / name for name in names if (work / name).is_dir()]


if __name__ == "__main__":
    sys.exit(main())
