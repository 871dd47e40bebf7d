"""`pdftotext -layout` of the label-left layout (label cell | value cell), rendered at test time from the
corpus PDFs: the two-column tables come back as label | value rows, each label read whole."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SHARED

from extractors import docx, text

CORPUS = SHARED / "corpus"


def _pairs(name: str, tmp_path: Path) -> tuple[list[list[str]], list[list[str]]]:
    """Two-cell rows of the layout text and of the label-left DOCX."""
    pdf = CORPUS / "pdf_columns" / f"{name}.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} is not beside the repo")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = tmp_path / f"{name}.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(out)], check=True)
    layout = [b.cells for b in text.extract(out).blocks if b.is_row and len(b.cells) == 2]
    reference = [b.cells for b in docx.extract(CORPUS / "docx_columns" / f"{name}.docx").blocks if b.is_row]
    return layout, [cells for cells in reference if len(cells) == 2]


def test_a_label_wrapped_over_many_lines_is_one_heading(tmp_path: Path) -> None:
    """Aarhus: "8. Revision af delaftalen (Eventuelle … delaftaler):" wraps over nine lines of its column,
    beside a value that starts new sentences with capitals ("Landsbyggefonden, men" / "Ændringer i …")."""
    layout, reference = _pairs("corpus_aarhus_uddannelse", tmp_path)
    want = next(cells for cells in reference if cells[0].startswith("8. Revision af delaftalen"))
    got = next(cells for cells in layout if cells[0].startswith("8. Revision af delaftalen"))
    assert got[0] == want[0]
    assert got[1].split() == want[1].split()


def test_a_value_opening_with_a_list_item_starts_its_row(tmp_path: Path) -> None:
    """Odense: "Delaftalens parter:" right under "Delaftalen gælder fra - til:", its value a bulleted list
    under a one-line period value; and the staff list under a long "Aktiviteter, som …" label."""
    layout, _ = _pairs("corpus_odense_bundle", tmp_path)
    parties = [cells[1] for cells in layout if cells[0] == "Delaftalens parter:"]
    assert len(parties) == 3  # one per delaftale
    assert parties[2].split("\n")[0] == "• Afdelingsbestyrelsen i Hybenhaven (Boligforeningen Højmarken, afd."
    staff = [cells[1] for cells in layout if cells[0] == "Medarbejderressourcer for indsatsområdet:"]
    assert staff[0].startswith("• Beskæftigelsesmedarbejder, 37 timer ugentligt (100 %)")
