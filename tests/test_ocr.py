"""OCR of scanned agreements: rule detection, table recovery, and a real scan end to end.

The end-to-end test scans a LibreOffice-made PDF the way a copier would (pdftoppm → img2pdf), so the
PDF has no text layer at all and every word must come from tesseract.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from docx import Document
from PIL import Image

from extractors import ocr, ocr_layout, ocr_reread, ocr_specks, page_image, pdf, raster
from extractors.ocr import is_available
from extractors.ocr_layout import OcrWord
from models import ExtractedDocument, NoTextError
from pipeline import linebreaks

HEADING = "Delaftale for indsatsområdet Uddannelse og livschancer"
TABLE = [
    ["Delmål", "Indikator", "Baseline"],
    ["Flere unge i uddannelse", "Andel unge i job", "81,1 %"],
    ["Færre sigtelser", "Antal sigtelser", "12"],
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("den faglige udvik-\nling hos børn", "den faglige udvikling hos børn"),
        ("boligso-\nciale", "boligsociale"),
        ("Børne-\nog ungeforvaltningen", "Børne-\nog ungeforvaltningen"),
        ("Social-\neller sundhedsfaglig", "Social-\neller sundhedsfaglig"),
        ("Andel 15-\n17-årige", "Andel 15-\n17-årige"),
        ("AAB-\nafdelingen", "AAB-afdelingen"),  # a compound's hyphen stays, the break goes
        ("Kultur-\nForvaltningen", "Kultur-\nForvaltningen"),
    ],
)
def test_undo_hyphenation(text: str, expected: str) -> None:
    assert linebreaks.undo_hyphenation(text) == expected


def test_find_rules_marks_rules_not_letters_or_fills() -> None:
    pixels = np.full((200, 400), 255, np.uint8)
    pixels[50:53, 20:380] = 0  # a table rule
    pixels[100:190, 200:203] = 0  # a column rule
    pixels[150:170, 30:45] = 0  # a letter-sized blob
    pixels[20:45, 20:380] = 60  # a dark header fill: as dark as a rule, but thick
    horizontal, vertical = raster.find_rules(pixels, ppi=200)  # rules ≥ 60 px long, ≤ 6 px thick
    assert horizontal[51, 20:380].all()
    assert vertical[100:190, 201].all()
    assert not (horizontal | vertical)[150:170, 30:45].any()
    assert not (horizontal | vertical)[20:45].any()


def test_a_rule_with_flipped_pixels_is_still_a_rule() -> None:
    """A 2 px rule as a noisy bitonal scan leaves it: a pixel flipped white every 40 px in each row, so
    neither row holds a run as long as a rule (60 px at 200 dpi); measured over one-pixel gaps, it is one."""
    pixels = np.full((100, 400), 255, np.uint8)
    pixels[50:52, 20:380] = 0
    pixels[50, 40:380:40] = 255
    pixels[51, 60:380:40] = 255
    horizontal, _ = raster.find_rules(pixels, ppi=200)
    assert horizontal[50:52, 20:380].all()


def test_row_border_broken_where_it_crosses_a_column_border_still_separates_rows() -> None:
    """A label-left table, two columns and three rows, scanned so that the middle row border breaks up by
    the column border (as blur and noise leave it): every row must keep its own two cells."""
    horizontal = np.zeros((400, 600), bool)
    vertical = np.zeros((400, 600), bool)
    for y in (50, 150, 250, 350):
        horizontal[y, 50:551] = True
    horizontal[250, 190:212] = False  # an 0.07 inch gap around the column border at 300 dpi
    for x in (50, 200, 550):
        vertical[50:351, x] = True
    (table,) = ocr_layout.grid_tables(horizontal, vertical, ppi=300)
    assert sorted((round(top), round(x0)) for x0, top, _, _ in table) == [
        (50, 50),
        (50, 200),
        (150, 50),
        (150, 200),
        (250, 50),
        (250, 200),
    ]


def test_find_shading_lifts_highlight_but_keeps_grey_text() -> None:
    pixels = np.full((400, 800), 255, np.uint8)
    pixels[50:110, 40:760] = 150  # the green guidance highlight, scanned
    pixels[70:90, 100:104] = 20  # a letter stroke on it
    pixels[250:290, 100:108] = 120  # a stroke of a grey (coloured) heading, on paper
    shading = raster.find_shading(pixels, window=30)
    assert shading[50:110, 40:760][pixels[50:110, 40:760] == 150].all()
    assert not shading[70:90, 100:104].any()
    assert not shading[250:290].any()


def test_joined_letters_are_no_rule_but_a_faint_hairline_is() -> None:
    """A line of letters joined by thin strokes (a blurred or bold line of text) is a long dark run whose
    joins are as thin as a rule; none of it is a rule, as no stretch of it is thin over a rule's length.
    A hairline scanned out of focus (grey 180) is a rule only to the faint level, and there a blurred
    word (a grey run as long as a word) is still none."""
    pixels = np.full((300, 800), 255, np.uint8)
    pixels[100:102, 40:760] = 0  # the joins, 2 px thick
    for x in range(40, 760, 8):
        pixels[85:110, x : x + 5] = 0  # the letters on them, 25 px tall
    pixels[200, 40:760] = 180  # a faint hairline
    pixels[250:262, 100:300] = 185  # a blurred word, 1 inch long at 200 dpi
    horizontal, vertical = raster.find_rules(pixels, ppi=200)
    assert not (horizontal | vertical).any()
    faint, _ = raster.find_rules(pixels, 200, raster.FAINT_RULE_LEVEL, raster.FAINT_RULE_MIN_LENGTH_INCH)
    assert faint[200, 40:760].all()
    assert not faint[:150].any() and not faint[240:].any()


def test_grey_that_is_not_flat_is_no_shading() -> None:
    """An area of greys spread over every level, with no paper in it, is a blurred scan's text, not a
    fill: it is left, where a flat fill beside it is whitened."""
    rng = np.random.default_rng(3)
    pixels = np.full((500, 800), 255, np.uint8)
    strokes = rng.integers(110, 220, (13, 90), dtype=np.uint8)  # blurred text's greys, in 8 px patches
    pixels[50:150, 40:760] = np.kron(strokes, np.ones((8, 8), np.uint8))[:100, :720]
    pixels[300:400, 40:760] = 170  # a flat fill
    shading = raster.find_shading(pixels, window=30)
    assert not shading[:250].any()
    assert shading[300:400, 40:760].all()


def _striped_page() -> np.ndarray:
    """Text-like bands of ink, as a page of body text looks to a projection profile."""
    pixels = np.full((1100, 850), 255, np.uint8)
    for top in range(100, 1000, 30):
        pixels[top : top + 12, 80:770] = 0
    return pixels


@pytest.mark.parametrize("degrees", [-2.0, -0.6, 0.0, 1.1, 2.5])
def test_estimate_skew_finds_the_rotation(degrees: float) -> None:
    tilted = np.asarray(Image.fromarray(_striped_page()).rotate(degrees, fillcolor=255))
    assert raster.measure_lines(tilted, ppi=100).skew == pytest.approx(-degrees, abs=0.1)


def test_deskew_straightens_rules() -> None:
    pixels = np.full((600, 800), 255, np.uint8)
    pixels[300:303, 50:750] = 0
    tilted = np.asarray(Image.fromarray(pixels).rotate(1.5, fillcolor=255))
    assert not raster.find_rules(tilted, ppi=600)[0].any()  # rules ≥ 180 px long
    assert raster.find_rules(raster.deskew(tilted, ppi=600), ppi=600)[0].any()


@pytest.mark.parametrize(
    ("text", "conf", "opens_line", "noise"),
    [
        ("|", 40.0, False, True),
        ("|", 40.0, True, True),
        ("|", 90.0, False, True),  # a lone pipe is a rule's trace, however sure
        ("/", 90.0, False, False),
        ("«+", 30.0, True, False),
        ("«+", 30.0, False, True),
        ("%", 0.0, False, False),
        ("Datakilde", 0.0, False, False),
        ("-", 48.0, False, False),
        ("-", 30.0, True, True),
    ],
    ids=[
        "rule-remnant",
        "remnant-opening-line",
        "sure-pipe",
        "sure-symbol",
        "bullet",
        "stray-symbols",
        "percent",
        "word",
        "dash-between-words",
        "dash-opening-line",
    ],
)
def test_noise_words(text: str, conf: float, opens_line: bool, noise: bool) -> None:
    word = OcrWord(text, 0.0, 0.0, 10.0, 10.0, (1, 1, 1), conf)
    assert ocr_layout._is_noise(word, opens_line) is noise


def test_a_speck_before_a_numbered_heading_is_no_bullet() -> None:
    """Page 6 of a corpus agreement faxed at 200 dpi: tesseract reads a 2 × 2 pixel speck left of
    "7. Lokal evaluering" as a sure "." (82), which the bullet cleanup would make "• 7. Lokal evaluering",
    a list item instead of the section heading. A bullet of the same type is a third of its height."""
    line = [
        OcrWord(".", 141.0, 428.0, 143.0, 430.0, (1, 4, 1), 81.8),
        OcrWord("7.", 166.0, 399.0, 198.0, 425.0, (1, 4, 1), 95.1),
        OcrWord("Lokal", 218.0, 399.0, 319.0, 427.0, (1, 4, 1), 96.6),
        OcrWord("evaluering", 337.0, 400.0, 549.0, 436.0, (1, 4, 1), 95.7),
    ]
    page = np.full((450, 600), 255, np.uint8)
    assert [ocr_layout._join_lines(ocr_specks.drop_specks(page, line))[(1, 4, 1)]] == ["7. Lokal evaluering"]
    bullet = OcrWord("•", 141.0, 405.0, 151.0, 415.0, (1, 4, 1), 81.8)
    kept = ocr_specks.drop_specks(page, [bullet, *line[1:]])
    assert ocr_layout._join_lines(kept)[(1, 4, 1)] == "• 7. Lokal evaluering"


def test_bullet_at_the_start_of_a_cell_survives_the_noise_filter() -> None:
    """psm 4 reads a table row as one line, so a cell's bullet is mid-line; in its cell it opens a line
    (and becomes the contract's "• ")."""
    grid = [(0.0, 0.0, 500.0, 100.0), (500.0, 0.0, 1000.0, 100.0)]
    words = [
        OcrWord("Aktiviteter:", 20.0, 20.0, 200.0, 50.0, (1, 1, 1), 95.0),
        OcrWord("«", 520.0, 20.0, 540.0, 50.0, (1, 1, 1), 12.0),
        OcrWord("Læsekuffert", 560.0, 20.0, 760.0, 50.0, (1, 1, 1), 93.0),
        OcrWord("|", 800.0, 20.0, 805.0, 50.0, (1, 1, 1), 30.0),
    ]
    page = ocr_layout.layout_page(words, [grid], ppi=300, height=1000)
    assert page.tables[0].rows == [["Aktiviteter:", "• Læsekuffert"]]


def _word(text: str, x0: float, top: float, line: tuple[int, int, int]) -> OcrWord:
    return OcrWord(text=text, x0=x0, top=top, x1=x0 + 10 * len(text), bottom=top + 30, line=line)


def test_layout_page_puts_words_into_cells() -> None:
    """A 2×2 grid at 300 dpi: words inside go to their cells, the heading above stays a line."""
    grid = [(100.0, 200.0, 500.0, 300.0), (500.0, 200.0, 900.0, 300.0)]
    grid += [(100.0, 300.0, 500.0, 400.0), (500.0, 300.0, 900.0, 400.0)]
    words = [
        _word("Formål:", 100, 100, (1, 1, 1)),
        _word("Delmål", 120, 220, (2, 1, 1)),
        _word("Indikator", 520, 220, (2, 1, 1)),
        _word("Flere", 120, 320, (2, 1, 2)),
        _word("unge", 220, 320, (2, 1, 2)),
        _word("i", 120, 355, (2, 1, 3)),
        _word("Andel", 520, 320, (2, 1, 2)),
    ]
    page = ocr_layout.layout_page(words, [grid], ppi=300, height=3508)
    assert [table.rows for table in page.tables] == [[["Delmål", "Indikator"], ["Flere unge\ni", "Andel"]]]
    assert page.tables[0].columns == (24.0, 120.0)
    assert [line.text for line in page.lines] == ["Formål:"]
    assert page.text.splitlines()[0] == "Formål:"
    assert page.height == pytest.approx(842, abs=1)


def test_parse_tsv_keeps_words_only() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "4\t1\t1\t1\t1\t0\t10\t20\t300\t40\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t20\t120\t40\t96.1\tAktivitetsnavn:\n"
        "5\t1\t1\t1\t1\t2\t140\t20\t60\t40\t95.0\t \n"
    )
    assert ocr_layout.parse_tsv(tsv) == [OcrWord("Aktivitetsnavn:", 10.0, 20.0, 130.0, 60.0, (1, 1, 1), 96.1)]


def test_scan_without_tesseract_raises_no_text_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    image = Image.new("L", (850, 1100), 255)
    image.paste(0, (100, 100, 700, 140))
    scan = tmp_path / "scan.pdf"
    image.save(scan, resolution=100.0)
    monkeypatch.setattr(ocr, "is_available", lambda: False)
    with pytest.raises(NoTextError, match="tesseract is not installed"):
        pdf.extract(scan)


def _needs(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"missing {', '.join(missing)}")


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-page agreement printed by LibreOffice, then rasterised at 200 dpi and wrapped as a PDF."""
    _needs("tesseract", "soffice", "pdftoppm", "img2pdf")
    folder = tmp_path_factory.mktemp("scan")
    document = Document()
    document.add_heading(HEADING, level=1)
    document.add_paragraph("Bestyrelsen har ansvar for, at delaftalen understøtter de overordnede mål.")
    document.add_paragraph("Aktivitetsnavn:", style="Heading 2")
    document.add_paragraph("Lektiecafé i Nørremarken")
    document.add_paragraph("Formål:", style="Heading 2")
    document.add_paragraph("Flere børn skal klare sig godt i skolen.")
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    table.style = "Table Grid"
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(str(folder / "aftale.docx"))
    profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"
    _run("soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(folder / "aftale.docx"))
    _run("pdftoppm", "-r", "200", "-png", str(folder / "aftale.pdf"), str(folder / "page"))
    _run("img2pdf", *sorted(str(page) for page in folder.glob("page*.png")), "-o", str(folder / "scan.pdf"))
    return folder / "scan.pdf"


@pytest.fixture(scope="module")
def scanned(scanned_pdf: Path) -> ExtractedDocument:
    return pdf.extract(scanned_pdf)


@pytest.mark.ocr
def test_scan_is_read_by_ocr(scanned: ExtractedDocument) -> None:
    assert (scanned.format, scanned.ocr, scanned.pages) == ("pdf-ocr", True, 1)
    assert all(block.page == 1 for block in scanned.blocks)


@pytest.mark.ocr
def test_scan_keeps_headings_in_order_with_danish_letters(scanned: ExtractedDocument) -> None:
    paragraphs = [block.text for block in scanned.blocks if block.kind == "paragraph"]
    text = " ".join(" ".join(paragraphs).split())  # headings may wrap; the normaliser re-joins lines
    positions = [text.index(phrase) for phrase in (HEADING, "understøtter", "Aktivitetsnavn:", "Formål:")]
    assert positions == sorted(positions)
    assert "Lektiecafé i Nørremarken" in text


@pytest.mark.ocr
def test_scan_recovers_table_rows(scanned: ExtractedDocument) -> None:
    """Cells compared without spaces: OCR may read "81,1 %" as "81,1%"."""
    rows = [["".join(cell.split()) for cell in block.cells] for block in scanned.blocks if block.is_row]
    assert rows == [["".join(cell.split()) for cell in row] for row in TABLE]


@pytest.mark.ocr
def test_ocr_pages_returns_text_per_requested_page(scanned_pdf: Path) -> None:
    texts = ocr.ocr_pages(scanned_pdf, [1])
    assert list(texts) == [1]
    assert "Aktivitetsnavn:" in texts[1]


def _turned_copy(scanned_pdf: Path, name: str, degrees: float) -> Path:
    """The scan fed into the scanner at an angle: a few degrees askew, or sideways, or upside down."""
    document = pdfium.PdfDocument(scanned_pdf)
    image = document[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    path = scanned_pdf.with_name(name)
    turned = image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=abs(degrees) >= 90, fillcolor=255)
    turned.save(path, resolution=200.0)
    return path


@pytest.mark.ocr
@pytest.mark.parametrize("degrees", [1.2, 90.0, 180.0], ids=["askew", "sideways", "upside-down"])
def test_turned_scan_still_gives_table_rows(scanned_pdf: Path, degrees: float) -> None:
    turned = _turned_copy(scanned_pdf, f"turned-{degrees:g}.pdf", degrees)
    rows = [["".join(cell.split()) for cell in block.cells] for block in pdf.extract(turned).blocks if block.is_row]
    assert rows == [["".join(cell.split()) for cell in row] for row in TABLE]


@pytest.mark.ocr
def test_text_layer_and_scanned_pages_in_one_file(scanned_pdf: Path, tmp_path: Path) -> None:
    """Page 1 from the text layer, page 2 by OCR, in page order."""
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(scanned_pdf.with_name("aftale.pdf")))
    mixed.import_pages(pdfium.PdfDocument(scanned_pdf))
    path = tmp_path / "mixed.pdf"
    mixed.save(path)
    result = pdf.extract(path)
    assert (result.format, result.pages, result.ocr) == ("pdf-ocr", 2, True)
    headings = [block.page for block in result.blocks if block.text.startswith("Aktivitetsnavn:")]
    assert headings == [1, 2]


def test_huge_pages_are_rendered_at_a_lower_dpi() -> None:
    """A poster-sized page would need gigabytes at 300 dpi; it is capped at MAX_PAGE_PIXELS."""
    document = pdfium.PdfDocument.new()
    document.new_page(5000, 5000)
    image = page_image.page_image(document, 1)
    assert image.rendered
    assert image.pixels.size <= page_image.MAX_PAGE_PIXELS


SAMPLES = Path(__file__).resolve().parent.parent / "samples"
MIN_SAME_BLOCKS = 0.85  # OCR slips ("81,1%" for "81,1 %", "igang") may differ; the structure may not


def _shape(document: ExtractedDocument) -> list[str]:
    return [block.kind if not block.is_row else f"row{len(block.cells)}" for block in document.blocks]


def _flat(document: ExtractedDocument) -> list[str]:
    return ["".join((block.text + "".join(block.cells)).split()) for block in document.blocks]


@pytest.mark.ocr
def test_sample_scan_reads_like_its_text_layer() -> None:
    """The committed scan and the PDF it was printed from give the same blocks, cell for cell."""
    if not is_available():
        pytest.skip("tesseract is not installed")
    paths = [SAMPLES / "aftale-delaftale.pdf", SAMPLES / "aftale-delaftale-scan.pdf"]
    if not all(path.is_file() for path in paths):
        pytest.skip("samples not generated (scripts/make_samples.py)")
    digital, scanned = (pdf.extract(path) for path in paths)
    assert scanned.format == "pdf-ocr"
    assert _shape(scanned) == _shape(digital)
    same = sum(a == b for a, b in zip(_flat(digital), _flat(scanned), strict=True))
    assert same / len(digital.blocks) >= MIN_SAME_BLOCKS


@pytest.mark.parametrize(
    ("first", "second", "kept"),
    [
        ("9%", "%", False),
        ("(9)", "0", True),
        ("defaftalen", "delaftalen", True),
        ("25", "35", True),
        ("mellem", "meliem", False),
        ("variable,", "variabie,", False),
        ("Virksøomhedskonsulent", "Virksomhedskonsulent", True),
        ("beboere:", "beboere i", True),
    ],
    ids=["figure-lost", "figure-read-right", "letters", "figure-changed", "word-lost", "word-rarer", "word-mended", "split"],
)
def test_a_second_reading_that_loses_a_figure_or_a_word_is_not_taken(first: str, second: str, kept: bool) -> None:
    """Readings of the corpus's bitonal scans, first in their line and then alone: the baseline "9%"
    (confidence 68) came back "%" (85), surer but without the value of "Piger 12-17 år 9 %"; "mellem"
    (15) came back "meliem" (85)."""
    assert ocr_reread._keeps(first, second) is kept


def _line_with(box: np.ndarray, conf: float) -> tuple[np.ndarray, list[OcrWord]]:
    """A 40 px line of type (two lettered words) and `box` as a third word after them."""
    pixels = np.full((60, 400), 255, np.uint8)
    pixels[10:50, 10:90] = 0  # two words, solid as printed strokes, setting the type height to 40
    pixels[10:50, 100:180] = 0
    pixels[10 : 10 + box.shape[0], 200 : 200 + box.shape[1]] = box
    words = [
        OcrWord("Formål", 10, 10, 90, 50, (1, 1, 1), 95.0),
        OcrWord("og", 100, 10, 180, 50, (1, 1, 1), 95.0),
        OcrWord("se", 200, 10, 200 + box.shape[1], 10 + box.shape[0], (1, 1, 1), conf),
    ]
    return pixels, words


def _dots() -> np.ndarray:
    box = np.full((40, 80), 255, np.uint8)
    box[::6, ::7] = 0  # dots of one pixel, each far under a quarter of the type height
    return box


def _hair() -> np.ndarray:
    box = np.full((40, 80), 255, np.uint8)
    box[np.arange(40), np.arange(40) * 2] = 0  # a thin diagonal across the box
    return box


def _letters() -> np.ndarray:
    box = np.full((40, 80), 255, np.uint8)
    for left in range(2, 78, 16):
        box[5:38, left : left + 5] = 0  # strokes as tall as the type, 5 px wide
    box[2:5, 2:7] = 0  # an i's dot, a small share of the word's ink
    return box


@pytest.mark.parametrize(
    ("box", "conf", "kept"),
    [
        (_dots(), 20.0, False),  # a speck cluster read as a word
        (_hair(), 20.0, False),  # a hair read as a word
        (_letters(), 20.0, True),  # an unsure printed word
        (_dots(), 80.0, True),  # tesseract sure of it: kept whatever the ink
    ],
)
def test_dirt_read_as_a_word_is_dropped(box: np.ndarray, conf: float, kept: bool) -> None:
    pixels, words = _line_with(box, conf)
    assert [word.text for word in ocr_specks.drop_specks(pixels, words)] == ["Formål", "og"] + (["se"] if kept else [])


@pytest.mark.parametrize(
    ("text", "speck", "expected"),
    [
        ("-Jobcafé", True, "Jobcafé"),  # a speck before a name, read as a hyphen
        ("tJobcafé", True, "tJobcafé"),  # read as a letter: whitened for the second look, text left to it
        ("-Jobcafé", False, "-Jobcafé"),  # a real hyphen, as wide as a third of the type: kept
    ],
)
def test_a_speck_glued_to_a_word_s_start_is_cut_off(text: str, speck: bool, expected: str) -> None:
    pixels = np.full((60, 300), 255, np.uint8)
    pixels[10:50, 10:90] = 0  # a word before it, setting the type height to 40
    if speck:
        pixels[30:34, 102:106] = 0  # 4 px: a tenth of the type
    else:
        pixels[28:33, 100:114] = 0  # a hyphen 14 px wide
    pixels[10:50, 120:130] = 0  # the word's letters
    pixels[20:50, 135:145] = 0
    words = [
        OcrWord("Formål", 10, 10, 90, 50, (1, 1, 1), 95.0),
        OcrWord(text, 100, 10, 145, 50, (1, 1, 1), 83.0),
    ]
    [_, word] = ocr_specks.drop_specks(pixels, words)
    assert word.text == expected
    assert (pixels[30:34, 102:106] == 255).all() or not speck  # gone from the page the second look reads


@pytest.mark.parametrize(("height", "kept"), [(8, True), (36, False)])
def test_a_dash_as_tall_as_the_letters_is_a_hair(height: int, kept: bool) -> None:
    """A corpus activity name scanned through a dirty glass read "Klub Kildehøjen Aften --", the "--" a
    hair 66 px tall beside 37 px type (sure: 63). Dashes are flat."""
    pixels = np.full((60, 300), 0, np.uint8)  # ink everywhere: only the box's shape may decide
    words = [
        OcrWord("Klub", 10, 10, 90, 50, (1, 1, 1), 95.0),
        OcrWord("Aften", 100, 10, 180, 50, (1, 1, 1), 95.0),
        OcrWord("--", 200, 20, 226, 20 + height, (1, 1, 1), 63.0),
    ]
    assert [word.text for word in ocr_specks.drop_specks(pixels, words)][2:] == (["--"] if kept else [])
