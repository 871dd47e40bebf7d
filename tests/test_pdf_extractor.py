"""The PDF extractor on real PDFs made from a DOCX by LibreOffice, and on broken files.

The sample has what Word exports of LBF agreements have: running header, "Side X af Y" footer, template
headings, Danish letters, a bullet list, a Delmål table, a hand-hyphenated line and a table that runs
over a page break with a row split by the break.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extractors import pdf
from extractors.pdf import _needs_ocr
from extractors.pdf_layer import LayerPage, read_page
from models import ExtractedDocument, ExtractionError

LONG_TABLE_ROWS = 45
SPLIT_ROW = 41  # tall enough that LibreOffice breaks it over the page end
DELMAAL_ROWS = [
    ["Delmål", "Indikator", "Baseline"],
    ["Flere unge i uddannelse", "Andel 15-17-årige i uddannelse", "81,1 %"],
    ["Færre unge i kriminalitet", "Antal sigtelser", "12"],
]


def _add_field(paragraph: object, instruction: str) -> None:
    """Word fields (PAGE, NUMPAGES) are how real footers number pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)  # type: ignore[attr-defined]


def build_agreement_docx(path: Path) -> Path:
    """Write a three-page delaftale-like DOCX."""
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "LANDSBYGGEFONDEN"
    footer = section.footer.paragraphs[0]
    footer.add_run("Side ")
    _add_field(footer, "PAGE")
    footer.add_run(" af ")
    _add_field(footer, "NUMPAGES")
    document.add_heading("Delaftale for indsatsområdet Uddannelse og livschancer", level=1)
    document.add_paragraph(
        "Bestyrelsen for den boligsociale indsats har ansvar for, at denne delaftale til hver en tid "
        "understøtter de overordnede mål i den strategiske samarbejdsaftale. Delaftalerne er således bilag."
    )
    hyphenated = document.add_paragraph("Formålet er at styrke den faglige udvik-")
    hyphenated.add_run().add_break()
    hyphenated.add_run("ling hos børn i Børne-")
    hyphenated.add_run().add_break()
    hyphenated.add_run("og ungeforvaltningen.")
    document.add_paragraph("Aktivitetsnavn:", style="Heading 2")
    document.add_paragraph("Lektiecafé i Nørremarken")
    document.add_paragraph("Formål:", style="Heading 2")
    document.add_paragraph("Flere børn skal klare sig godt i skolen.")
    document.add_paragraph("Første punkt på listen", style="List Bullet")
    document.add_paragraph("Andet punkt på listen", style="List Bullet")
    _add_table(document, DELMAAL_ROWS)
    document.add_paragraph("Tekst efter tabellen.")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Lang tabel:")
    _add_table(document, [[f"Række {n}", _long_cell(n)] for n in range(1, LONG_TABLE_ROWS + 1)])
    document.add_paragraph("Slut på dokumentet.")
    document.save(str(path))
    return path


def _long_cell(n: int) -> str:
    extra = [f"linje {k}" for k in range(12)] if n == SPLIT_ROW else []
    return "\n".join([f"Værdi {n}", *extra])


def _add_table(document: object, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


def docx_to_pdf(docx: Path, export_options: str = "") -> Path:
    """Convert with headless LibreOffice; a private profile dir lets parallel runs coexist.

    `export_options` is the PDF export filter's JSON, e.g. to encrypt the result.
    """
    profile = docx.parent / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            f"pdf:writer_pdf_Export:{export_options}" if export_options else "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return docx.with_suffix(".pdf")


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("pdf")
    return docx_to_pdf(build_agreement_docx(folder / "aftale.docx"))


@pytest.fixture(scope="module")
def document(sample_pdf: Path) -> ExtractedDocument:
    return pdf.extract(sample_pdf)


def _paragraphs(document: ExtractedDocument) -> list[str]:
    return [block.text for block in document.blocks if block.kind == "paragraph"]


def _rows(document: ExtractedDocument) -> list[list[str]]:
    return [block.cells for block in document.blocks if block.kind == "row"]


def test_reports_format_and_pages(document: ExtractedDocument) -> None:
    assert (document.format, document.pages, document.ocr) == ("pdf", 3, False)


def test_headings_and_text_in_reading_order(document: ExtractedDocument) -> None:
    text = "\n".join(_paragraphs(document))
    expected = ["Delaftale for indsatsområdet", "Bestyrelsen", "Aktivitetsnavn:", "Lektiecafé", "Formål:"]
    positions = [text.index(phrase) for phrase in expected]
    assert positions == sorted(positions)
    assert "Aktivitetsnavn:" in _paragraphs(document)


def test_danish_letters_intact(document: ExtractedDocument) -> None:
    text = "\n".join(_paragraphs(document))
    for word in ("understøtter", "således", "indsatsområdet", "Nørremarken", "Slut på dokumentet."):
        assert word in text


def test_paragraphs_separated_by_blank_blocks(document: ExtractedDocument) -> None:
    kinds = [block.kind for block in document.blocks]
    assert "blank" in kinds
    assert all(block.page in (1, 2, 3) for block in document.blocks)


def test_bullets_normalised(document: ExtractedDocument) -> None:
    assert "• Første punkt på listen" in _paragraphs(document)
    assert "• Andet punkt på listen" in _paragraphs(document)


def test_table_rows_keep_cells(document: ExtractedDocument) -> None:
    rows = [[cell.replace("\n", " ") for cell in row] for row in _rows(document)]
    assert rows[:3] == DELMAAL_ROWS


def test_table_over_page_break_is_one_table(document: ExtractedDocument) -> None:
    rows = _rows(document)[len(DELMAAL_ROWS) :]
    assert [row[0] for row in rows] == [f"Række {n}" for n in range(1, LONG_TABLE_ROWS + 1)]
    split = rows[SPLIT_ROW - 1][1].splitlines()
    assert split == [f"Værdi {SPLIT_ROW}", *(f"linje {k}" for k in range(12))]


def test_page_furniture_removed(document: ExtractedDocument) -> None:
    text = "\n".join(_paragraphs(document))
    assert "LANDSBYGGEFONDEN" not in text
    assert "Side" not in text


def test_hyphenation_undone_but_shared_suffix_kept(document: ExtractedDocument) -> None:
    text = "\n".join(_paragraphs(document))
    assert "faglige udvikling hos" in text
    assert "Børne-\nog ungeforvaltningen" in text


def test_page_limit(sample_pdf: Path) -> None:
    with pytest.raises(ExtractionError, match="limit of 2"):
        pdf.extract(sample_pdf, max_pages=2)


def _pdf_bytes(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of the given objects (1 is the catalog), with a correct cross-reference table."""
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R %s >>\n" % (len(objects) + 1, trailer)
    body += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(body)


def _minimal_encrypted_pdf() -> bytes:
    """A one-page PDF whose Standard security handler accepts no password we know (not even empty)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    return _pdf_bytes(objects, b"/Encrypt 4 0 R /ID [<%s> <%s>]" % (b"ab" * 16, b"ab" * 16))


def _unmapped_font_pdf() -> bytes:
    """A page of text in a font whose glyph names (/g1 …) map to no Unicode: its text layer is unreadable."""
    content = b"BT /F1 12 Tf 72 720 Td (" + b"ABCDEFGHIJ KLMNOP " * 4 + b") Tj ET"
    names = b" ".join(b"/g%d" % n for n in range(1, 17))
    return _pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /Differences [65 "
            + names
            + b"] >> >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        ]
    )


def test_text_in_a_font_without_unicode_map_is_a_page_for_ocr(tmp_path: Path) -> None:
    path = tmp_path / "unmapped.pdf"
    path.write_bytes(_unmapped_font_pdf())
    document = pdfium.PdfDocument(path)
    try:
        page = read_page(document[0], 1)
    finally:
        document.close()
    assert {char["text"] for char in page.chars} == {"\ufffd", " "}
    assert _needs_ocr(page)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"PK\x03\x04 this is a zip, not a pdf" * 10, "not a PDF"),
        (b"%PDF-1.7\n" + b"\x00garbage\xff" * 200, "corrupt"),
        (_minimal_encrypted_pdf(), "encrypted"),
    ],
    ids=["zero-byte", "not-a-pdf", "garbage-after-header", "encrypted"],
)
def test_bad_input_raises_extraction_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(ExtractionError, match=reason):
        pdf.extract(path)


def test_truncated_pdf_raises_extraction_error(sample_pdf: Path, tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    data = sample_pdf.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExtractionError, match="corrupt or truncated"):
        pdf.extract(path)


def _lo_string(value: str) -> dict[str, str]:
    return {"type": "string", "value": value}


@pytest.mark.parametrize(
    ("options", "readable"),
    [
        ({"EncryptFile": {"type": "boolean", "value": "true"}, "DocumentOpenPassword": _lo_string("hemmelig")}, False),
        ({"RestrictPermissions": {"type": "boolean", "value": "true"}, "PermissionPassword": _lo_string("ejer")}, True),
    ],
    ids=["open-password", "permissions-password-only"],
)
def test_password_to_open_is_refused_but_permission_password_is_read(
    sample_pdf: Path, tmp_path: Path, options: dict[str, object], readable: bool
) -> None:
    """Many official PDFs restrict printing or copying without a password to open them; those are read."""
    docx = tmp_path / "aftale.docx"
    shutil.copy(sample_pdf.with_suffix(".docx"), docx)
    encrypted = docx_to_pdf(docx, json.dumps(options))
    assert b"/Encrypt" in encrypted.read_bytes()
    if readable:
        assert pdf.extract(encrypted).blocks[0].text.startswith("Delaftale for indsatsområdet")
    else:
        with pytest.raises(ExtractionError, match="password-protected"):
            pdf.extract(encrypted)


def test_missing_file_raises_extraction_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot read"):
        pdf.extract(tmp_path / "nope.pdf")


FULL_PAGE = {"x0": 0.0, "x1": 595.0, "top": 0.0, "bottom": 842.0}
LOGO = {"x0": 450.0, "x1": 560.0, "top": 20.0, "bottom": 60.0}
BODY = "Bestyrelsen for den boligsociale indsats har ansvar for, at denne delaftale understøtter målene. " * 4


def _a4_page(glyphs: list[str], images: list[dict[str, float]]) -> LayerPage:
    """An A4 page with just what scan detection reads: glyphs and image boxes."""
    return LayerPage(number=1, width=595.0, height=842.0, chars=[{"text": glyph} for glyph in glyphs], images=images)


@pytest.mark.parametrize(
    ("text", "images", "needs_ocr"),
    [
        ("Delaftale for indsatsområdet Uddannelse og livschancer", [], False),
        ("Baseline 81,1 % 88,5 % 2021 LBF Nørremarken 12 13 14 15 16 17 18 19 20", [], False),
        ("", [FULL_PAGE], True),
        ("", [], False),
        ("3", [FULL_PAGE], True),
        (["(cid:12)"] * 80 + list("Delaftale for indsatsområdet"), [FULL_PAGE], True),
        ("\ufffd" * 60 + "Delaftale for indsatsområdet", [FULL_PAGE], True),
        ("#%&/()=?" * 20 + "Delaftale for indsatsområdet", [FULL_PAGE], True),
        ("LANDSBYGGEFONDEN Side 2 af 3", [FULL_PAGE], True),
        ("Delaftale for indsatsområdet Uddannelse og livschancer", [LOGO], False),
        (BODY, [FULL_PAGE], False),
    ],
    ids=[
        "text",
        "figures",
        "image-only",
        "blank-page",
        "page-number-only",
        "cid",
        "replacement",
        "symbols",
        "scan-with-stamped-header",
        "text-with-logo",
        "text-on-background-image",
    ],
)
def test_scan_detection(text: str | list[str], images: list[dict[str, float]], needs_ocr: bool) -> None:
    assert _needs_ocr(_a4_page(list(text), images)) is needs_ocr


SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{name} not generated (scripts/make_samples.py)")
    return path


def test_sample_delaftale_has_its_headings_and_tables() -> None:
    result = pdf.extract(_sample("aftale-delaftale.pdf"))
    assert result.blocks[0].text.startswith("Delaftale for indsatsområdet")
    rows = _rows(result)
    header = next(row for row in rows if row[0] == "Delmål")
    assert (header[1], len(header)) == ("Indikator", 6)
    assert sum(row == ["Aktivitetsnavn:"] for row in rows) == 3
    text = "\n".join(_paragraphs(result) + ["\n".join(row) for row in rows])
    assert "LANDSBYGGEFONDEN" not in text
    assert "Side 2" not in text


def test_sample_bundle_has_both_kinds_of_agreement() -> None:
    paragraphs = _paragraphs(pdf.extract(_sample("aftale-bundle.pdf")))
    assert paragraphs[0].startswith("Strategisk samarbejdsaftale")
    assert sum(text.startswith("Delaftale for indsatsområdet") for text in paragraphs) == 2


def test_page_shown_rotated_reads_as_upright(tmp_path: Path) -> None:
    """A /Rotate entry only turns the page on screen; its text layer still runs upright in page space."""
    original = _sample("aftale-delaftale.pdf")
    document = pdfium.PdfDocument(original)
    try:
        for page in document:
            page.set_rotation(90)
        document.save(tmp_path / "rotated.pdf")
    finally:
        document.close()
    assert pdf.extract(tmp_path / "rotated.pdf").blocks == pdf.extract(original).blocks


def test_pdf_without_space_glyphs_reads_like_the_original(tmp_path: Path) -> None:
    """cairo (like Chromium) sets words apart by position and draws no space glyphs; the word gaps pdfium
    finds must come back as spaces, or "for Tårnhusene" reads "forTårnhusene" where the gap is narrow."""
    if shutil.which("pdftocairo") is None:
        pytest.skip("poppler-utils (pdftocairo) is not installed")
    original = _sample("aftale-bundle.pdf")
    redrawn = tmp_path / "cairo.pdf"
    subprocess.run(["pdftocairo", "-pdf", str(original), str(redrawn)], check=True, capture_output=True, timeout=120)
    unboxed = [b.model_copy(update={"bbox": None}) for b in pdf.extract(redrawn).blocks]  # cairo moves glyphs a little
    assert unboxed == [b.model_copy(update={"bbox": None}) for b in pdf.extract(original).blocks]
