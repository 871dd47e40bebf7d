"""Corpus golden scores: every non-scan corpus format of every agreement, scored with ../shared/eval/score.py,
keeps the exact tally recorded in tests/corpus_scores.json (fields right, fields reached, findings
found, reported and reported right). A change that loses one field fails here; one that wins fields fails
too, until the table is rewritten with `pytest tests/test_corpus_golden.py --update-golden` and the new
figures are committed with the change that earned them, so the table always says what main scores."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO, SHARED

CORPUS = SHARED / "corpus"
TABLE = REPO / "tests" / "corpus_scores.json"
FORMATS = ("docx", "docx_columns", "docx_lo", "pdf", "pdf_columns", "txt_pandoc_md", "txt_pdftotext_layout")
_measured: dict[str, dict[str, dict[str, int]]] = {}


def _names() -> list[str]:
    return sorted(path.stem for path in (CORPUS / "gold").glob("*.json")) if CORPUS.exists() else []


def _source(fmt: str, name: str) -> Path:
    return next((CORPUS / fmt).glob(f"{name}.*"))


def _tally(scorer: ModuleType, fmt: str, name: str) -> dict[str, int]:
    from pipeline import extract

    gold = scorer.load_gold_dir(CORPUS / "gold")[name]
    tally, findings = scorer.score_file(gold, json.loads(extract(_source(fmt, name)).model_dump_json()))
    return {"correct": tally.correct, "total": tally.total, **findings}


@pytest.fixture(scope="module")
def table(request: pytest.FixtureRequest) -> Iterator[dict[str, dict[str, dict[str, int]]]]:
    """The recorded table, or (with --update-golden) nothing to check against and the table rewritten after."""
    update = request.config.getoption("--update-golden")
    yield {} if update else json.loads(TABLE.read_text(encoding="utf-8"))
    if update and _measured:
        ordered = {fmt: dict(sorted(_measured[fmt].items())) for fmt in FORMATS if fmt in _measured}
        TABLE.write_text(json.dumps(ordered, indent=1) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", _names())
@pytest.mark.parametrize("fmt", FORMATS)
def test_corpus_format_keeps_its_golden_score(fmt: str, name: str, scorer: ModuleType, table: dict) -> None:
    if not CORPUS.exists():
        pytest.skip("../shared/corpus is not beside the repo")
    measured = _tally(scorer, fmt, name)
    _measured.setdefault(fmt, {})[name] = measured
    if table:
        assert measured == table[fmt][name], f"{fmt}/{name}: rerun with --update-golden if this is a gain"
