"""HTML tables and HTML files: pandoc's gfm/commonmark writers put Word tables with merged cells or
paragraphs in cells into raw `<table>`s, and `-t html` writes the whole agreement as HTML. Rendered at test
time from the corpus DOCX (pandoc), checked against the corpus gold."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SHARED

from extractors import extract_document
from models import NoTextError
from pipeline import extract

CORPUS = SHARED / "corpus"
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")


def _render(name: str, writer: str, tmp_path: Path) -> Path:
    source = CORPUS / "docx" / f"{name}.docx"
    if not source.exists():
        pytest.skip(f"{source} is not beside the repo")
    out = tmp_path / f"{name}.{'html' if writer == 'html' else 'md'}"
    subprocess.run(["pandoc", str(source), "-t", writer, "-o", str(out)], check=True)
    return out


def _gold(name: str) -> dict:
    return json.loads((CORPUS / "gold" / f"{name}.json").read_text(encoding="utf-8"))


@needs_pandoc
@pytest.mark.parametrize("writer", ["gfm", "html"])
def test_rowspan_leaves_the_covered_cells_empty(writer: str, tmp_path: Path) -> None:
    """Aalborg's first Delmål spans three indicator rows (`rowspan="3"`): the two rows below it start with an
    empty cell, as a DOCX vertical-merge continuation does, and keep all six columns."""
    name = "corpus_aalborg_beskaeftigelse"
    goal = _gold(name)["sub_agreements"][0]["sub_goals"][0]
    rows = [b.cells for b in extract_document(_render(name, writer, tmp_path)).blocks if b.is_row]
    first = next(k for k, cells in enumerate(rows) if cells[1:2] == [goal["indicators"][0]["indicator"]])
    assert rows[first][0].split("\n")[0] == "Flere beboere i alderen 30-64 år"
    for k, indicator in enumerate(goal["indicators"][1:], start=1):
        assert rows[first + k][:2] == ["", indicator["indicator"]]
        assert len(rows[first + k]) == 6


@needs_pandoc
def test_cell_paragraphs_are_lines_of_the_cell(tmp_path: Path) -> None:
    """The parties cell holds one `<p>` per party: each is one line of the one cell."""
    name = "corpus_aalborg_beskaeftigelse"
    rows = [b.cells for b in extract_document(_render(name, "gfm", tmp_path)).blocks if b.is_row]
    cell = next(cells[0] for cells in rows if cells[0].startswith("Boligselskabet Egebo Nord"))
    lines = cell.split("\n")
    assert lines[0] == _gold(name)["sub_agreements"][0]["parties"][0]["text"]
    assert lines[-1] == "Frivilligforeningen Jobhjælperne i Aalborg Syd"
    assert len(lines) == 10


@needs_pandoc
@pytest.mark.parametrize("writer", ["gfm", "html"])
@pytest.mark.parametrize("name", ["corpus_aalborg_beskaeftigelse", "corpus_odense_bundle"])
def test_html_exports_score_like_the_docx(writer: str, name: str, tmp_path: Path, scorer) -> None:
    """A delaftale (merged Delmål cells, "Område: 41 %" lines) and a bundle read in full."""
    tally, _ = scorer.score_file(_gold(name), extract(_render(name, writer, tmp_path)).model_dump(mode="json"))
    assert tally.correct == tally.total


def test_html_without_text_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("  \n", encoding="utf-8")
    head_only = tmp_path / "head.html"
    head_only.write_text("<html><head><title>Delaftale</title><style>p {}</style></head><body></body></html>")
    for path in (empty, head_only):
        with pytest.raises(NoTextError):
            extract_document(path)
