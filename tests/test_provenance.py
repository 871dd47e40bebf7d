"""Provenance (contract v1.1) and `helhedsplan text` on the samples, the seeds and a corpus export."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from models import Record
from pipeline import extract
from pipeline.provenance_align import squeeze
from pipeline.provenance_leaves import leaves
from pipeline.provenance_text import PAGE_MARK
from pipeline.text_cli import read_file

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"
A4 = (595.3, 841.9)


def _held(value: str, source: str) -> bool:
    v, s = squeeze(value), squeeze(source)
    return v[:30] in s or (len(v) == 10 and v[4] == "-" and v[:4] in s)  # a period: its year is in the cell


@pytest.fixture(scope="module")
def bundle_pdf() -> tuple[Record, str]:
    path = SAMPLES / "aftale-bundle.pdf"
    return extract(path), read_file(path).text


def test_every_leaf_of_the_pdf_bundle_has_its_span_page_and_box(bundle_pdf: tuple[Record, str]) -> None:
    record, text = bundle_pdf
    found = list(leaves(record))
    assert len(found) > 100
    for leaf in found:
        entry = record.provenance[leaf.path]
        assert entry.start is not None and entry.end is not None, leaf.path
        assert _held(leaf.text, text[entry.start : entry.end]), (leaf.path, text[entry.start : entry.end])
        assert entry.pages and entry.pages[0] == text[: entry.start].count(PAGE_MARK) + 1, leaf.path
        assert entry.bbox is not None
        x0, top, x1, bottom = entry.bbox
        assert 0 <= x0 < x1 <= A4[0] and 0 <= top < bottom <= A4[1], (leaf.path, entry.bbox)
        assert 0 < entry.confidence <= 1


def test_values_on_later_pages_say_so(bundle_pdf: tuple[Record, str]) -> None:
    """The bundle's strategic goals table is on page 2 and its delaftaler start on page 4."""
    record, _ = bundle_pdf
    assert record.provenance["strategic_agreement.goals[0].goal"].pages == [2]
    assert record.provenance["strategic_agreement.area_name"].pages == [1]
    assert record.provenance["sub_agreements[0].parties[0]"].pages == [4]


def test_docx_spans_hold_their_values_without_pages() -> None:
    path = SAMPLES / "aftale-delaftale.docx"
    record, text = extract(path), read_file(path).text
    for leaf in leaves(record):
        entry = record.provenance[leaf.path]
        assert entry.pages is None and entry.bbox is None
        assert entry.start is not None and entry.end is not None
        assert _held(leaf.text, text[entry.start : entry.end]), leaf.path


def test_seed_spans_hold_their_values_and_findings_keep_their_paths() -> None:
    path = SHARED / "seeds" / "slagelse_strategisk_004.txt"
    if not path.exists():
        pytest.skip("../shared/seeds is not beside the repo")
    record, text = extract(path), read_file(path).text
    found = list(leaves(record))
    held = sum(
        _held(leaf.text, text[e.start : e.end])
        for leaf in found
        if (e := record.provenance[leaf.path]).start is not None and e.end is not None
    )
    assert held >= 0.95 * len(found)
    assert all(f.pages is None for f in record.findings)  # a text export has no pages


def test_layout_left_in_a_value_lowers_its_confidence() -> None:
    """A grid table not recovered leaves its borders in values; those must not look trustworthy."""
    path = SHARED / "corpus" / "txt_pandoc_md" / "corpus_aarhus_uddannelse.md"
    if not path.exists():
        pytest.skip("../shared/corpus is not beside the repo")
    record = extract(path)
    bordered, clean = [], []
    for leaf in leaves(record):
        (bordered if "+---" in leaf.text else clean).append(record.provenance[leaf.path].confidence)
    assert clean
    assert max(bordered, default=0) < min(0.5, sum(clean) / len(clean))


def test_text_command_is_stable_and_is_what_provenance_indexes(bundle_pdf: tuple[Record, str]) -> None:
    path = SAMPLES / "aftale-bundle.pdf"
    cmd = [sys.executable, "-m", "pipeline.cli", "text", str(path)]
    first = subprocess.run(cmd, capture_output=True, check=True, text=True, cwd=REPO).stdout
    second = subprocess.run(cmd, capture_output=True, check=True, text=True, cwd=REPO).stdout
    assert first == second == bundle_pdf[1]
    assert first.count(PAGE_MARK) == bundle_pdf[0].source.pages - 1
    markdown = subprocess.run([*cmd, "--format", "markdown"], capture_output=True, check=True, text=True, cwd=REPO)
    assert "<!-- page 2 -->" in markdown.stdout and "| " in markdown.stdout


def test_check_labels_pages_and_low_confidence(bundle_pdf: tuple[Record, str]) -> None:
    from pipeline.check import check_file, finding_rows

    record, _ = bundle_pdf
    checked = check_file(SAMPLES / "aftale-bundle.pdf", min_confidence=0.8)
    rows = finding_rows([checked])
    parties = [r for r in rows if r["code"] == "template_residue" and r["path"] == "sub_agreements[1].parties"]
    assert parties and all(r["label"] == "Kriminalitetsforebyggelse › Delaftalens parter" for r in parties)
    assert all(r["pages"] == str(record.provenance["sub_agreements[1].parties[0]"].pages[0]) for r in parties)
    assert not any(r["message"].endswith("…'") for r in rows)  # guidance is quoted whole
    low = {r["path"] for r in rows if r["code"] == "low_confidence"}
    assert low == {p for p, e in record.provenance.items() if e.confidence < 0.8}


def test_signs_of_bad_reading_in_values_from_corpus_renderings() -> None:
    """Values as renderings of the corpus read them, against the same values as their DOCX gives them."""
    from pipeline.provenance_confidence import table
    from pipeline.provenance_signals import broken_words, second_items

    signals = table().signals
    for broken, whole in [
        ("Egen regi strering", "Egen registrering"),  # pandoc -t plain of a narrow Datakilde cell
        ("2024 (dec ember)", "2024 (december)"),
        ("Jobin dsats.dk", "Jobindsats.dk"),
        ("20 24/25", "2024/25"),
    ]:
        assert (broken_words(broken, signals), broken_words(whole, signals)) == (1, 0), broken
    # Two indicator rows a PDF table finder read as one, and the years of their Baseline år cells.
    merged = "Andel 15-17-årige med fritidsjob Antal unge, der formidles til fritidsjob eller småjob pr. år"
    assert second_items(merged, "indicator", signals) == 1
    assert second_items("Andel 15-17-årige med fritidsjob", "indicator", signals) == 0
    assert second_items("2024 (december) 2025", "baseline_year", signals) == 1
    assert [second_items(y, "baseline_year", signals) for y in ("2023/24", "2022–2023", "Skoleåret 2015/16")] == [0, 0, 0]


def _auroc_against_gold(path: Path, gold_name: str) -> float:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from accuracy import load_scorer
    from provenance_eval import auroc, record_stats

    gold = json.loads((SHARED / "corpus" / "gold" / f"{gold_name}.json").read_text(encoding="utf-8"))
    stats = record_stats(load_scorer(), gold, json.loads(extract(path).model_dump_json()), None)
    assert sum(not ok for _, ok in stats.pairs) >= 3  # the rendering does lose values: a real test
    found = auroc(stats.pairs)
    assert found is not None
    return found


def test_wrong_values_of_a_pandoc_plain_export_rank_below_right_ones(tmp_path: Path) -> None:
    """pandoc -t plain (a format the corpus lacks) at 50 columns: the goals table's cells are so narrow that
    pandoc redraws them and values are lost ("2024 (decemb er)", "Aalborg Kommune: 6 .480")."""
    name = "corpus_aalborg_beskaeftigelse"
    docx = SHARED / "corpus" / "docx" / f"{name}.docx"
    if not docx.exists() or shutil.which("pandoc") is None:
        pytest.skip("needs ../shared/corpus and pandoc")
    out = tmp_path / f"{name}.txt"
    subprocess.run(["pandoc", str(docx), "-t", "plain", "--columns=50", "-o", str(out)], check=True)
    assert _auroc_against_gold(out, name) >= 0.95


def test_a_heading_read_into_a_value_is_a_sign() -> None:
    """Values of a fax-grade scan of the corpus where a heading was misread (lower-cased, bulleted), so the
    next field's or section's text ran into the value; and the same values as their DOCX gives them."""
    from pipeline.provenance_confidence import table
    from pipeline.provenance_signals import heading_lines

    signals = table().signals
    ran_on = "som er ledige, arbejder få timer eller ønsker at skifte job.\nindhold og praksis:\nJobcaféen holder åbent"
    section = "og den omkringliggende by.\n• 7. Lokal evaluering\nHelhedsplanen arbejder med en forandringsteori"
    assert [heading_lines(v, signals) for v in (ran_on, section)] == [1, 1]
    # pdftotext without -layout reads a goals table into an activity's target group, column heads and all.
    assert heading_lines("19 %\nEvt. anden baseline\nBaseline år\nDatakilde\nOpgøres ikke", signals) == 3
    own_words = "Indhold:\nJobcafé Syd holder åbent to gange om ugen"  # the author's own subheading is no sign
    assert heading_lines(own_words, signals) == 0
    assert heading_lines("som er ledige, arbejder få timer eller ønsker at skifte job.", signals) == 0


@pytest.fixture(scope="module")
def scan_sample() -> tuple[Record, list]:
    """The scanned sample's record and read blocks, from one OCR run."""
    from extractors import extract_document
    from models import Source
    from pipeline.assemble import document_to_record, read_blocks
    from pipeline.findings import Findings

    path = SAMPLES / "aftale-delaftale-scan.pdf"
    doc = extract_document(path)
    blocks, _ = read_blocks(doc, Findings())
    return document_to_record(doc, Source(file=path.name, sha256="", format=doc.format, pages=doc.pages)), blocks


def test_ocr_word_confidences_reach_the_blocks_and_each_value(scan_sample: tuple[Record, list]) -> None:
    """Every OCR'd block keeps its words with tesseract's confidence in each, and nearly every value of the
    scanned sample finds its own words among its blocks' (a repaired or rejoined word is not there)."""
    from pipeline.provenance_ocr import word_confidences
    from pipeline.provenance_text import render

    record, blocks = scan_sample
    read = [b for b in blocks if b.confidence is not None]
    assert len(read) > 30 and all(b.word_confidences for b in read)
    assert all(0 <= c <= 1 for b in read for _, c in b.word_confidences)
    text = render(blocks)
    own = []
    for leaf in leaves(record):
        entry = record.provenance[leaf.path]
        assert entry.start is not None and entry.end is not None
        own.append(bool(word_confidences(leaf.text, text.blocks_between(entry.start, entry.end))))
    assert sum(own) >= 0.95 * len(own)


def test_ocr_slips_lower_a_scanned_value(scan_sample: tuple[Record, list]) -> None:
    """A per cent sign that lost its space is a slip tesseract makes with confidence; the scanned sample's
    baselines as read, and with the slip."""
    from pipeline.provenance_confidence import factors
    from pipeline.provenance_leaves import Leaf

    _, blocks = scan_sample
    row = next(b for b in blocks if b.is_row and b.confidence is not None and any("%" in c for c in b.cells))
    cell = next(c for c in row.cells if " %" in c)
    kinds = [
        [why for why, _ in factors(Leaf("x", text, "baseline", 0), None, [row], set())]
        for text in (cell, cell.replace(" %", "%"))
    ]
    assert "a slip typical of OCR" not in kinds[0] and "a slip typical of OCR" in kinds[1]
