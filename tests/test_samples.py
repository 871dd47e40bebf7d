"""The committed samples (made by scripts/make_samples.py) and their golden records.

Checks that the samples exist in every format, that the golden records are still what the script builds and
fit the record models, that the DOCX extractor reads the layouts the samples were made to exercise, and,
once the pipeline can assemble records, how well it scores against the golden records.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pdfplumber
import pytest

from extractors import docx as docx_extractor
from models import Block, StrategicAgreement, SubAgreement
from tests.conftest import REPO, _load

SAMPLES = REPO / "samples"
GOLDEN = REPO / "tests" / "golden"
DOCX_STEMS = ("aftale-delaftale", "aftale-bundle")
SAMPLE_FILES = (
    "aftale-delaftale.docx",
    "aftale-delaftale.pdf",
    "aftale-delaftale-scan.pdf",
    "aftale-bundle.docx",
    "aftale-bundle.pdf",
)
FINDING_CODES = {"template_residue", "missing_section", "empty_section", "note"}


@pytest.fixture(scope="module")
def make_samples() -> ModuleType:
    """The sample script, imported from its file because scripts/ is not a package; its parts
    (scripts/samplemaker/) are found beside it, as when it runs as a script."""
    if str(REPO / "scripts") not in sys.path:
        sys.path.insert(0, str(REPO / "scripts"))
    return _load("make_samples", REPO / "scripts" / "make_samples.py")


def _gold(stem: str) -> dict[str, Any]:
    return json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))


def _gold_stem(sample: str) -> str:
    """The PDF and scanned variants share the golden record of the DOCX they were made from."""
    return Path(sample).stem.removesuffix("-scan")


def _blocks(stem: str) -> list[Block]:
    return docx_extractor.extract(SAMPLES / f"{stem}.docx").blocks


def _rows(blocks: list[Block]) -> list[list[str]]:
    return [b.cells for b in blocks if b.is_row]


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_exists_with_its_golden_record(name: str) -> None:
    assert (SAMPLES / name).stat().st_size > 0
    assert (GOLDEN / f"{_gold_stem(name)}.json").is_file()


@pytest.mark.parametrize("stem", DOCX_STEMS)
def test_golden_record_is_what_the_script_builds(stem: str, make_samples: ModuleType) -> None:
    sample = next(s for s in make_samples.SAMPLES_TO_MAKE if s.stem == stem)

    assert importlib.import_module("samplemaker.gold").sample_gold(sample) == _gold(stem)


@pytest.mark.parametrize("stem", DOCX_STEMS)
def test_golden_record_fits_the_record_models(stem: str) -> None:
    gold = _gold(stem)

    for sub in gold["sub_agreements"]:
        SubAgreement.model_validate(sub)
    if gold["strategic_agreement"]:
        StrategicAgreement.model_validate(gold["strategic_agreement"])
    assert {f["code"] for f in gold["expected_findings"]} <= FINDING_CODES


def test_bundle_gold_expects_each_kind_of_finding() -> None:
    codes = {f["code"] for f in _gold("aftale-bundle")["expected_findings"]}

    assert {"template_residue", "missing_section", "empty_section"} <= codes


def test_pdf_has_a_text_layer_and_the_scan_has_none() -> None:
    with pdfplumber.open(SAMPLES / "aftale-delaftale.pdf") as pdf:
        assert "Delaftale for indsatsområdet Beskæftigelse" in pdf.pages[0].extract_text()
    with pdfplumber.open(SAMPLES / "aftale-delaftale-scan.pdf") as scan:
        assert all(not (page.extract_text() or "").strip() and page.images for page in scan.pages)


def test_docx_extractor_reads_the_invented_headings() -> None:
    delaftale = [b.text for b in _blocks("aftale-delaftale") if b.kind == "paragraph"]
    bundle = [b.text for b in _blocks("aftale-bundle") if b.kind == "paragraph"]

    assert delaftale[0] == "Delaftale for indsatsområdet Beskæftigelse"
    assert "Strategisk samarbejdsaftale om boligsocial indsats" in bundle
    assert {"1. Kort om boligområdet", "8. Revision af samarbejdsaftalen"} <= set(bundle)
    assert {
        "Delaftale for indsatsområdet Uddannelse og livschancer",
        "Delaftale for indsatsområdet Kriminalitetsforebyggelse",
    } <= set(bundle)


def test_merged_delmaal_cell_is_read_once() -> None:
    sub_goal = _gold("aftale-delaftale")["sub_agreements"][0]["sub_goals"][0]
    rows = _rows(_blocks("aftale-delaftale"))

    first = next(i for i, cells in enumerate(rows) if cells[0] == sub_goal["sub_goal"])

    assert sum(cells.count(sub_goal["sub_goal"]) for cells in rows) == 1
    assert rows[first][1] == sub_goal["indicators"][0]["indicator"]
    assert rows[first + 1][:2] == ["", sub_goal["indicators"][1]["indicator"]]
    assert rows[first][2] == "Nordparken 41,5 %\nSøhøjen 38,0 %"


def test_label_above_layout_gives_one_cell_rows() -> None:
    rows = _rows(_blocks("aftale-delaftale"))

    label = rows.index(["Aktivitetsnavn:"])

    assert rows[label + 1] == ["Jobcafé Søhøjen"]


def test_label_left_layout_gives_two_cell_rows() -> None:
    gold = _gold("aftale-bundle")
    rows = _rows(_blocks("aftale-bundle"))

    names = [cells[1] for cells in rows if cells[0] == "Aktivitetsnavn:"]
    empty = [cells for cells in rows if cells[0] == "Ansvars- og rollefordeling:" and not cells[1]]

    assert names == [a["name"] for sub in gold["sub_agreements"] for a in sub["activities"]]
    assert all(len(cells) == 2 for cells in rows if cells[0].endswith(":"))
    assert len(empty) == 1


def test_bundle_keeps_the_template_guidance(make_samples: ModuleType) -> None:
    template_text = importlib.import_module("samplemaker.template_text")
    blocks = _blocks("aftale-bundle")
    text = "\n".join([b.text for b in blocks] + [c for b in blocks for c in b.cells])

    assert template_text.GUIDANCE_NOTE in text
    assert template_text.GUIDANCE_RESPONSIBILITIES in text
    assert template_text.GUIDANCE_TARGET_GROUP in text


def _pipeline_params() -> list[Any]:
    ocr = [pytest.mark.ocr, pytest.mark.slow]
    return [pytest.param(name, marks=ocr if "scan" in name else ()) for name in SAMPLE_FILES]


@pytest.mark.parametrize("name", _pipeline_params())
def test_pipeline_scores_against_golden_record(name: str, scorer: ModuleType) -> None:
    pytest.importorskip("pipeline.assemble", reason="the parser has not landed yet")
    if "scan" in name and shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    from pipeline import extract

    gold = _gold(_gold_stem(name))
    record = json.loads(extract(SAMPLES / name).model_dump_json())

    tally, findings = scorer.score_file(gold, record)

    assert tally.correct == tally.total, tally.misses  # every golden field, in every format of the sample
    assert findings["found"] == findings["expected"], findings
    assert findings["reported_right"] == findings["reported"], findings


def _office_scan(pdf: Path, folder: Path) -> Path:
    """The PDF as an office scanner makes it: 150 dpi grey pages, each a little askew, blurred, noisy and
    JPEG-compressed, on A4 (deterministic: a fixed seed)."""
    import subprocess

    import numpy as np
    from PIL import Image, ImageFilter

    subprocess.run(["pdftoppm", "-r", "150", "-gray", str(pdf), str(folder / "page")], check=True, timeout=120)
    noise = np.random.default_rng(7)
    pages = []
    for number, page in enumerate(sorted(folder.glob("page-*.pgm"))):
        image = Image.open(page).rotate(0.7 if number % 2 else -0.5, Image.Resampling.BICUBIC, fillcolor=255)
        pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(0.6)), dtype=np.float32)
        pixels = np.clip(pixels * 0.92 + 10 + noise.normal(0, 10, pixels.shape), 0, 255).astype(np.uint8)
        pages.append(folder / f"scan-{number}.jpg")
        Image.fromarray(pixels).save(pages[-1], quality=60, dpi=(150, 150))
    scan = folder / "scan.pdf"
    subprocess.run(["img2pdf", "--pagesize", "A4", *map(str, pages), "-o", str(scan)], check=True, timeout=120)
    return scan


@pytest.mark.ocr
@pytest.mark.slow
def test_office_scan_of_the_bundle_scores_against_golden_record(tmp_path: Path, scorer: ModuleType) -> None:
    """Label-left tables, the strategic agreement and two delaftaler, read from a degraded 150 dpi scan."""
    for tool in ("tesseract", "pdftoppm", "img2pdf"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    from pipeline import extract

    record = json.loads(extract(_office_scan(SAMPLES / "aftale-bundle.pdf", tmp_path)).model_dump_json())
    tally, findings = scorer.score_file(_gold("aftale-bundle"), record)
    assert record["source"]["format"] == "pdf-ocr"
    assert tally.correct == tally.total, tally.misses
    assert findings["found"] == findings["expected"] == 7, findings
