"""DOCX extractor: reading order, merged cells, lists, tracked changes, and refusal of hostile files.

Each test builds a small DOCX with python-docx and, where python-docx has no API for the feature (tracked
changes, text boxes, content controls), splices raw WordprocessingML into it.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml import parse_xml

from extractors import docx as docx_extractor
from extractors import docx_package
from models import Block, ExtractionError

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _save(document: Document, tmp_path: Path, name: str = "aftale.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def _blocks(path: Path) -> list[Block]:
    return docx_extractor.extract(path).blocks


def _texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.kind == "paragraph"]


def _rows(blocks: list[Block]) -> list[list[str]]:
    return [b.cells for b in blocks if b.is_row]


def _append_xml(document: Document, xml: str) -> None:
    """Add a raw body-level element before the final section properties."""
    document.element.body.sectPr.addprevious(parse_xml(xml))


def _rewrite_member(path: Path, member: str, data: bytes) -> None:
    """Replace one part of a DOCX zip, keeping all others."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in items:
            target.writestr(info, data if info.filename == member else content)


def test_paragraphs_and_tables_keep_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Delaftale for indsatsområdet Beskæftigelse", style="Heading 1")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Navn på indsatsen:"
    table.cell(0, 1).text = "Fælles Fremtid"
    document.add_paragraph("Efter tabellen")

    blocks = _blocks(_save(document, tmp_path))

    assert [b.kind for b in blocks] == ["paragraph", "row", "paragraph"]
    assert blocks[0].style == "Heading 1"
    assert blocks[1].cells == ["Navn på indsatsen:", "Fælles Fremtid"]
    assert blocks[2].text == "Efter tabellen"


def test_empty_paragraph_is_a_blank_block(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Første")
    document.add_paragraph("")
    document.add_paragraph("Anden")

    assert [b.kind for b in _blocks(_save(document, tmp_path))] == ["paragraph", "blank", "paragraph"]


def test_hard_page_break_becomes_a_page_break_block(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Strategisk del")
    document.add_page_break()
    document.add_paragraph("Delaftale")

    kinds = [b.kind for b in _blocks(_save(document, tmp_path))]

    assert kinds == ["paragraph", "page_break", "paragraph"]


def test_vertically_merged_cell_is_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Delmål", "Indikator"
    merged = table.cell(1, 0).merge(table.cell(2, 0))
    merged.text = "Flere unge i job"
    table.cell(1, 1).text, table.cell(2, 1).text = "Andel i job", "Andel i uddannelse"

    rows = _rows(_blocks(_save(document, tmp_path)))

    assert rows == [["Delmål", "Indikator"], ["Flere unge i job", "Andel i job"], ["", "Andel i uddannelse"]]


def test_horizontally_merged_cell_is_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Aktivitetsnavn: Lektier og leg"
    for col, text in enumerate(["a", "b", "c"]):
        table.cell(1, col).text = text

    rows = _rows(_blocks(_save(document, tmp_path)))

    assert rows == [["Aktivitetsnavn: Lektier og leg"], ["a", "b", "c"]]


def test_line_breaks_and_paragraphs_in_a_cell_become_newlines(tmp_path: Path) -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    run = cell.paragraphs[0].add_run("Nordparken 41,5 %")
    run.add_break()
    run.add_text("Søhøjen 38,0 %")
    cell.add_paragraph("Data kommer")
    cell.add_paragraph("Bydelsmødre", style="List Bullet")

    rows = _rows(_blocks(_save(document, tmp_path)))

    assert rows == [["Nordparken 41,5 %\nSøhøjen 38,0 %\nData kommer\n• Bydelsmødre"]]


def test_word_lists_start_with_bullet(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Jobcafé", style="List Bullet")
    document.add_paragraph("Mentorordning", style="List Number")
    numbered = document.add_paragraph("Direkte nummereret")
    numbered._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    document.add_paragraph("Almindelig tekst")

    texts = _texts(_blocks(_save(document, tmp_path)))

    assert texts == ["• Jobcafé", "• Mentorordning", "• Direkte nummereret", "Almindelig tekst"]


def test_numbering_switched_off_gives_no_bullet(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Ikke et punkt", style="List Bullet")
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W_NS}><w:numId w:val="0"/></w:numPr>'))

    assert _texts(_blocks(_save(document, tmp_path))) == ["Ikke et punkt"]


def test_header_and_footer_are_left_out(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "LANDSBYGGEFONDEN"
    document.sections[0].footer.paragraphs[0].text = "Side 1 af 3"
    document.add_paragraph("Brødtekst")

    texts = _texts(_blocks(_save(document, tmp_path)))

    assert texts == ["Brødtekst"]


def test_comments_are_left_out(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Aftalt på mødet")
    document.add_comment(paragraph.runs, text="Husk at tjekke datoen", author="Redaktør")

    assert _texts(_blocks(_save(document, tmp_path))) == ["Aftalt på mødet"]


def test_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    document = docx.Document()
    _append_xml(
        document,
        f"<w:p {W_NS}><w:r><w:t xml:space='preserve'>Mødet holdes </w:t></w:r>"
        "<w:del w:id='1' w:author='A'><w:r><w:delText>hver uge</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='A'><w:r><w:t>hver måned</w:t></w:r></w:ins></w:p>",
    )

    assert _texts(_blocks(_save(document, tmp_path))) == ["Mødet holdes hver måned"]


def test_text_box_and_content_control_are_included(tmp_path: Path) -> None:
    document = docx.Document()
    _append_xml(
        document,
        f"<w:sdt {W_NS}><w:sdtPr><w:alias w:val='Område'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Nordparken</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    )
    _append_xml(
        document,
        f"<w:p {W_NS} xmlns:v='urn:schemas-microsoft-com:vml'><w:r><w:t>Anker</w:t></w:r>"
        "<w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>Tekst i boks</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>",
    )

    assert _texts(_blocks(_save(document, tmp_path))) == ["Nordparken", "Anker", "Tekst i boks"]


def test_content_control_showing_its_prompt_is_left_out(tmp_path: Path) -> None:
    document = docx.Document()
    _append_xml(
        document,
        f"<w:p {W_NS}><w:r><w:t xml:space='preserve'>Område: </w:t></w:r>"
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        "<w:r><w:t>Klik her for at angive tekst.</w:t></w:r></w:sdtContent></w:sdt></w:p>",
    )

    assert _texts(_blocks(_save(document, tmp_path))) == ["Område:"]


def test_text_box_with_vml_fallback_is_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    box = "<w:txbxContent><w:p><w:r><w:t>Boks</w:t></w:r></w:p></w:txbxContent>"
    _append_xml(
        document,
        f"<w:p {W_NS} xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006'"
        " xmlns:v='urn:schemas-microsoft-com:vml'><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing>{box}</w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>",
    )

    assert _texts(_blocks(_save(document, tmp_path))) == ["Boks"]


def test_nested_table_rows_follow_their_parent_row(tmp_path: Path) -> None:
    """A cell holding only a table (a layout grid) gives its rows after the outer row."""
    document = docx.Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "Ydre"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Indre", "celle"
    outer.cell(1, 0).text = "Sidste"

    rows = _rows(_blocks(_save(document, tmp_path)))

    assert rows == [["Ydre", ""], ["Indre", "celle"], ["Sidste", ""]]


def test_table_between_cell_paragraphs_is_read_in_place(tmp_path: Path) -> None:
    """A table set between a cell's paragraphs is read where it stands, a row a line."""
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    outer.cell(0, 0).text = "Plan:"
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Mandag", "kl. 14-16"
    outer.cell(0, 0).add_paragraph("Efter planen.")

    rows = _rows(_blocks(_save(document, tmp_path)))

    assert rows == [["Plan:\nMandag – kl. 14-16\n\nEfter planen."]]  # Word keeps a paragraph after a table


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_rtf_saved_as_doc_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "rtf.doc"
    path.write_bytes(rb"{\rtf1\ansi Gemt som RTF\par}")

    assert "Gemt som RTF" in _texts(docx_extractor.extract(path).blocks)


def test_doc_that_is_neither_word_nor_rtf_is_refused_without_conversion(tmp_path: Path) -> None:
    path = tmp_path / "tekst.doc"
    path.write_text("Bare tekst", encoding="utf-8")

    with pytest.raises(ExtractionError, match="not a zip"):
        docx_extractor.extract(path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_old_doc_is_converted(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Gammelt Word-format")
    source = _save(document, tmp_path, "kilde.docx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip

    result = docx_extractor.extract(tmp_path / "kilde.doc")

    assert result.format == "docx"
    assert "Gammelt Word-format" in _texts(result.blocks)


def test_old_doc_without_libreoffice_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "gammel.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    monkeypatch.setattr(shutil, "which", lambda _name: None)

    with pytest.raises(ExtractionError, match="LibreOffice"):
        docx_extractor.extract(path)


def _corrupt(tmp_path: Path) -> Path:
    path = _save(docx.Document(), tmp_path)
    path.write_bytes(path.read_bytes()[:-200])
    return path


def _broken_xml(tmp_path: Path) -> Path:
    path = _save(docx.Document(), tmp_path)
    _rewrite_member(path, "word/document.xml", b"<w:document><w:body>")
    return path


def _encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "krypteret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


def test_main_part_found_through_the_package_relationships(tmp_path: Path) -> None:
    """Word for the web saves the main part as word/document2.xml; the package's _rels say where it is."""
    document = docx.Document()
    document.add_paragraph("Delaftale for indsatsområdet Beskæftigelse", style="Heading 1")
    document.add_paragraph("Tilbud om lektiehjælp", style="List Bullet")
    path = _save(document, tmp_path)
    moved = tmp_path / "document2.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info).replace(b"document.xml", b"document2.xml")
            target.writestr(info.filename.replace("document.xml", "document2.xml"), data)
    with zipfile.ZipFile(moved) as archive:
        assert "word/document.xml" not in archive.namelist()
    assert _texts(_blocks(moved)) == ["Delaftale for indsatsområdet Beskæftigelse", "• Tilbud om lektiehjælp"]


def _not_a_zip(tmp_path: Path) -> Path:
    path = tmp_path / "tekst.docx"
    path.write_text("Dette er ikke en Word-fil", encoding="utf-8")
    return path


def _no_main_part(tmp_path: Path) -> Path:
    path = tmp_path / "tom.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return path


def _zip_bomb(tmp_path: Path) -> Path:
    path = _save(docx.Document(), tmp_path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/fyld.bin", bytes(4 * 1024 * 1024))
    return path


def _xxe(tmp_path: Path) -> Path:
    path = _save(docx.Document(), tmp_path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml")
    declaration = b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    head, _, tail = xml.partition(b"?>")
    _rewrite_member(path, "word/document.xml", head + b"?>" + declaration + tail)
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_corrupt, "corrupt"),
        (_broken_xml, "cannot open"),
        (_encrypted, "password-protected"),
        (_not_a_zip, "not a zip"),
        (_no_main_part, "word/document.xml is missing"),
        (_zip_bomb, "compression ratio"),
        (_xxe, "DTD"),
    ],
)
def test_bad_input_raises_extraction_error(tmp_path: Path, make, reason: str) -> None:
    with pytest.raises(ExtractionError, match=reason):
        docx_extractor.extract(make(tmp_path))


def test_total_uncompressed_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "MAX_UNCOMPRESSED_BYTES", 1000)

    with pytest.raises(ExtractionError, match="byte limit"):
        docx_extractor.extract(_save(docx.Document(), tmp_path))


def test_is_available() -> None:
    assert docx_extractor.is_available()
