"""pandoc Markdown at its default width (72 columns): grid-table cells so narrow that pandoc cuts words
wider than the cell into pieces without a hyphen. The pieces below are lines of the corpus DOCX rendered
with `pandoc -t markdown` (cell widths as pandoc drew them); the agreements are rendered at test time."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SHARED

from extractors import extract_document
from extractors.text_markdown_breaks import word_broken
from pipeline import extract

CORPUS = SHARED / "corpus"


@pytest.mark.parametrize(
    ("before", "line", "width"),
    [
        ("Lerb", "akkeparken:", 11),  # Aalborg, an area name: neither piece is a word
        ("2024 (dec", "ember)", 6),
        ("Egen regi", "strering", 8),  # "regi" is a word, "strering" no word and no compound
        ("Friti", "dsunders", 8),  # Horsens "Fritidsundersøgelsen," in three pieces
        ("Fritidsunders", "øgelsen,", 8),
        ("Andel kontanthjæ", "lpsmodtagere", 12),
        ("**", "Delmål**", 8),  # the bold marks count as characters
        ("20", "24/25", 5),  # Aarhus Baseline år
        ("T", "ofteparken:", 11),
    ],
)
def test_pieces_of_a_word_wider_than_the_cell_are_joined(before: str, line: str, width: int) -> None:
    assert word_broken(before, line, width)


@pytest.mark.parametrize(
    ("before", "line", "width"),
    [
        ("Flere kvinder med etnisk", "minoritetsbaggrund,", 19),  # Aalborg Delmål: two words, a compound known
        ("Flere kvinder med etnisk", "minoritetsbaggrund,", 20),  # not as wide as the cell: an ordinary wrap
        ("Aarhus", "Kommune", 7),  # a capital starts a word of its own
        ("Vibehøjparken", "71 %", 4),
        ("Andel børn i", "børnehaveklassen,", 17),  # after one of the commonest words
    ],
)
def test_whole_words_as_wide_as_the_cell_stay_apart(before: str, line: str, width: int) -> None:
    assert not word_broken(before, line, width)


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("writer", ["markdown", "plain"])
@pytest.mark.parametrize("name", ["corpus_aarhus_uddannelse", "corpus_horsens_kriminalitet"])
def test_default_width_markdown_scores_like_the_docx(writer: str, name: str, tmp_path: Path, scorer) -> None:
    """At 72 columns the six-column goals tables break most Baseline år and Datakilde values
    ("20" / "24/25", "Friti" / "dsunders" / "øgelsen,"); every gold field still reads right."""
    source = CORPUS / "docx" / f"{name}.docx"
    if not source.exists():
        pytest.skip(f"{source} is not beside the repo")
    out = tmp_path / f"{name}.md"
    subprocess.run(["pandoc", str(source), "-t", writer, "--columns=72", "-o", str(out)], check=True)
    gold = json.loads((CORPUS / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    tally, _ = scorer.score_file(gold, extract(out).model_dump(mode="json"))
    assert tally.correct == tally.total


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize(
    ("args", "suffix"),
    [
        (["-t", "markdown", "--markdown-headings=setext"], "md"),  # "1. Kort om boligområdet" / "-----"
        (["-t", "markdown_phpextra"], "md"),  # "## 1. Kort om boligområdet {#kort-om-boligområdet}"
        (["-t", "rst"], "rst"),
    ],
)
def test_section_headings_in_other_markdown_dialects(args: list[str], suffix: str, tmp_path: Path, scorer) -> None:
    """Roskilde's eight numbered section headings are heading blocks whatever way the writer marks them
    (underlined, with an `{#id}` attribute, as reStructuredText), and the agreement reads in full."""
    name = "corpus_roskilde_strategisk"
    source = CORPUS / "docx" / f"{name}.docx"
    if not source.exists():
        pytest.skip(f"{source} is not beside the repo")
    out = tmp_path / f"{name}.{suffix}"
    subprocess.run(["pandoc", str(source), *args, "--columns=150", "-o", str(out)], check=True)
    gold = json.loads((CORPUS / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    headings = [b.text for b in extract_document(out).blocks if (b.style or "").startswith("Heading")]
    wanted = [f"{s['number']}. {s['heading']}" for s in gold["strategic_agreement"]["sections"]]
    assert [h for h in headings if h in wanted] == wanted
    tally, _ = scorer.score_file(gold, extract(out).model_dump(mode="json"))
    assert tally.correct == tally.total


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_headerless_multiline_table_of_a_libreoffice_docx(tmp_path: Path, scorer) -> None:
    """pandoc writes the strategic goals table of LibreOffice's DOCX (no header row marked) as a headerless
    multiline table: it opens with its column rule and its rows are separated by blank lines. Every row is
    read, so the goals and indicators reach the record."""
    name = "corpus_odense_bundle"
    source = CORPUS / "docx_lo" / f"{name}.docx"
    if not source.exists():
        pytest.skip(f"{source} is not beside the repo")
    out = tmp_path / f"{name}.md"
    subprocess.run(["pandoc", str(source), "-t", "markdown", "-o", str(out)], check=True)
    gold = json.loads((CORPUS / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    record = extract(out).model_dump(mode="json")
    assert [g["goal"] for g in record["strategic_agreement"]["goals"]] == [
        g["goal"] for g in gold["strategic_agreement"]["goals"]
    ]
    tally, _ = scorer.score_file(gold, record)
    assert tally.correct == tally.total
