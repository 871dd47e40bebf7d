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
    assert parties[2].split("\n")[0] == "• Afdelingsbestyrelsen i Hybenhaven (Boligforeningen Højmarken, afd. 12)"
    staff = [cells[1] for cells in layout if cells[0] == "Medarbejderressourcer for indsatsområdet:"]
    assert staff[0].startswith("• Beskæftigelsesmedarbejder, 37 timer ugentligt (100 %)")


def _layout_blocks(name: str) -> list:
    path = CORPUS / "txt_pdftotext_layout" / f"{name}.txt"
    if not path.exists():
        pytest.skip(f"{path} is not beside the repo")
    return text.extract(path).blocks


def test_a_full_list_line_before_a_sentence_paragraph_ends_its_item() -> None:
    """Aarhus: the last party line fills the line ("… Helhedsplan Hvedemarken og Ravnsbjerg Vænge"), and
    the sentence paragraph after the list ("Parterne mødes …") is not run onto it."""
    paras = [b.text for b in _layout_blocks("corpus_aarhus_uddannelse") if b.kind == "paragraph"]
    assert "Yasmin Haddad, uddannelses- og familiemedarbejder, Helhedsplan Hvedemarken og Ravnsbjerg Vænge" in paras
    assert any(p.startswith("Parterne mødes i følgegruppen") and p.endswith("lokale foreninger.") for p in paras)


def test_name_dash_description_lines_are_items_of_their_own() -> None:
    """Odense: the activity overview written "Navn – beskrivelse", its first line full to the margin."""
    paras = [b.text for b in _layout_blocks("corpus_odense_bundle") if b.kind == "paragraph"]
    assert "Gadeplan Sydøst – opsøgende arbejde i aftentimerne i samarbejde med SSP, Klub Sydøst og politiet" in paras
    assert "Ungeværkstedet – åbent værksted for 13-17-årige tre aftener om ugen" in paras


def test_a_table_row_on_the_next_page_keeps_the_columns_that_page_shows_once() -> None:
    """Odense: the goals table runs onto a page where only one row starts text in the Baseline and Baseline
    år columns ("Data kommer", "2025"): the row is still a row, its cells in their columns."""
    rows = [b.cells for b in _layout_blocks("corpus_odense_bundle") if b.is_row]
    row = next(r for r in rows if r[1].startswith("Antal kvinder, der"))
    assert len(row) == 6
    assert " ".join(row[1].split()) == (
        "Antal kvinder, der gennemfører et praktik- eller opkvalificeringsforløb via Kvinder på vej"
    )
    assert (row[2], row[4]) == ("Data kommer", "2025")
    assert " ".join(row[5].split()) == "Jobcenter Odense og egen registrering"


def test_a_one_line_header_row_stands_apart_from_the_row_under_it() -> None:
    """Aarhus: a table nested in an activity's cell, its header "Sted | Ugedag og tid | Klassetrin" right above
    a row whose cells are all filled too ("mandag …" in lower case): each header line ended short."""
    rows = [b.cells for b in _layout_blocks("corpus_aarhus_uddannelse") if b.is_row]
    assert ["Sted", "Ugedag og tid", "Klassetrin"] in rows
    first = next(r for r in rows if r[0].startswith("Hvedemarksskolen"))
    assert first[0].split() == ["Hvedemarksskolen,", "skolebiblioteket"]
    assert first[2] == "3.-6. klasse"


def test_running_headers_with_page_numbers_are_dropped() -> None:
    """A running header and footer that carry the page number ("Side 3 af 8", "3/8") and stand a few
    characters off on each page's grid are page furniture: Aarhus' layout text with them reads as without."""
    path = CORPUS / "txt_pdftotext_layout" / "corpus_aarhus_uddannelse.txt"
    if not path.exists():
        pytest.skip(f"{path} is not beside the repo")
    pages = path.read_text(encoding="utf-8").split("\f")
    framed = [
        f"{' ' * (n % 3)}Delaftale for Uddannelse og livschancer{' ' * (40 + n % 4)}Side {n + 1} af {len(pages)}\n\n"
        f"{page.rstrip()}\n\n{' ' * (30 + n % 2)}helhedsplan-aarhus.pdf{' ' * 20}{n + 1}/{len(pages)}\n"
        for n, page in enumerate(pages)
    ]
    assert text.text_to_blocks("\f".join(framed)) == text.text_to_blocks("\f".join(pages))


def test_wrapped_party_lines_of_a_value_cell_are_joined(tmp_path: Path) -> None:
    """Aarhus, label-left: party lines wrapped in the value column ("… Dagtilbud Vestre Bakker, Aarhus" /
    "Kommune", "… Helhedsplan" / "Hvedemarken og Ravnsbjerg Vænge") read as the DOCX's one line each,
    while full party lines followed by the next party stay apart."""
    layout, reference = _pairs("corpus_aarhus_uddannelse", tmp_path)
    got = next(cells[1] for cells in layout if cells[0] == "3. Delaftalens parter:")
    want = next(cells[1] for cells in reference if cells[0] == "3. Delaftalens parter:")
    assert got.split("\n") == want.split("\n")
    assert "Dorthe Ebbesen, dagtilbudsleder, Dagtilbud Vestre Bakker, Aarhus Kommune" in got.split("\n")
