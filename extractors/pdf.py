"""PDF extractor: the text layer via pdfplumber, scanned pages via extractors.ocr.

Agreements reach us as Word exports (ruled tables, running "LANDSBYGGEFONDEN" headers, page numbers)
and as scans. Each page becomes a stream of lines and ruled tables in reading order; page furniture is
dropped, tables broken over a page are re-joined, and lines are grouped into paragraphs by vertical
gaps, so that the blocks look like those the DOCX extractor produces from the same agreement.
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.utils.text import chars_to_textmap

from extractors.ocr_layout import OcrPage
from extractors.page_image import Placement
from extractors.pdf_blocks import items_to_blocks
from extractors.pdf_borderless import borderless_tables
from extractors.pdf_furniture import drop_page_furniture
from extractors.pdf_items import POSITION_TOLERANCE, PdfItem, PdfLine, PdfPage, PdfRow, PdfTable
from extractors.pdf_layer import LayerPage, read_page, rule_edge
from extractors.pdf_tables import table_items
from extractors.pdf_wraps import glyph_line
from models import ExtractedDocument, ExtractionError, UnreadPage
from pipeline.bullets import normalise_bullet

if TYPE_CHECKING:
    from extractors.ocr import OcrResult

logger = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 2000
PDF_HEADER = b"%PDF-"
HEADER_SEARCH_BYTES = 1024  # the spec lets junk precede the header; readers look this far
MIN_PAGE_LETTERS = 20  # fewer letters than this and the page is a scan with a stray text layer
MIN_WORD_CHAR_SHARE = 0.5  # fewer letters and digits than this among visible glyphs is garbage
MAX_JUNK_SHARE = 0.2  # more unmapped glyphs ("(cid:12)", U+FFFD, private use) than this is garbage
# A page mostly covered by images with little text beside them is a scan with a stamped-on header or
# page number: its body is in the image.
SCAN_IMAGE_SHARE = 0.5
MIN_LETTERS_BESIDE_SCAN = 200
PAGE_FRAME_SHARE = 0.5  # a one-cell "table" covering this share of the page is a page border

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


def is_available() -> bool:
    """pdfplumber and pypdfium2 are hard dependencies; OCR availability is checked per document."""
    return True


def extract(path: Path, max_pages: int = DEFAULT_MAX_PAGES, ocr_workers: int | None = None) -> ExtractedDocument:
    """Read a PDF into blocks, OCR'ing pages without a usable text layer (`ocr_workers` pages at a time,
    default one per core)."""
    _check_header(path)
    document = _open(path)
    try:
        page_count = _count_pages(path, document, max_pages)
        pages = _read_pages(path, document)
    finally:
        document.close()
    scanned = [page.number for page in pages if page.needs_ocr]
    if scanned:
        logger.info(
            "%s: %d of %d page(s) have no usable text layer; reading them by OCR", path, len(scanned), page_count
        )
    read = None
    if scanned:
        # Imported for scans only: OpenCV maps about 300 MB of address space, which --max-memory-mb counts,
        # and a worker reading DOCX and digital PDFs should not pay for it.
        from extractors import ocr

        read = ocr.read_pages(path, scanned, workers=ocr_workers)
    return page_document(path, pages, read)


def page_document(path: Path, pages: list[PdfPage], read: OcrResult | None) -> ExtractedDocument:
    """The document of laid-out pages, the OCR'd ones (`read`, None when no page needed OCR) put in their
    places first; pages that could not be read are named in `unread_pages`."""
    failed: dict[int, str] = {}
    if read is not None:
        if not read.pages:
            first = min(read.failed)
            raise ExtractionError(path, f"no page could be read by OCR (page {first}: {read.failed[first]})")
        failed = read.failed
        for number, (layout, placement) in read.pages.items():
            pages[number - 1].items = _ocr_items(number, layout, placement)
            pages[number - 1].height = layout.height
    drop_page_furniture(pages)
    return ExtractedDocument(
        blocks=items_to_blocks(pages),
        format="pdf" if read is None else "pdf-ocr",
        pages=len(pages),
        ocr=read is not None,
        unread_pages=[UnreadPage(page=number, reason=reason) for number, reason in sorted(failed.items())],
    )


def _check_header(path: Path) -> None:
    """Reject empty and non-PDF files with a clear reason before a parser fails obscurely."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEADER_SEARCH_BYTES)
    except OSError as error:
        raise ExtractionError(path, f"cannot read file: {error.strerror}") from error
    if not head:
        raise ExtractionError(path, "file is empty (0 bytes)")
    if PDF_HEADER not in head:
        raise ExtractionError(path, "not a PDF file (no %PDF- header)")


def _open(path: Path) -> pdfium.PdfDocument:
    """Open with pdfium, which is strict about passwords and says which failure it met."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise ExtractionError(path, _pdfium_reason(error)) from error


def _count_pages(path: Path, document: pdfium.PdfDocument, max_pages: int) -> int:
    """Refuse an empty or oversized document before reading any page of it."""
    count = len(document)
    if count == 0:
        raise ExtractionError(path, "PDF has no pages")
    if count > max_pages:
        raise ExtractionError(path, f"PDF has {count} pages, more than the limit of {max_pages}")
    return count


def _pdfium_reason(error: pdfium.PdfiumError) -> str:
    """Turn pdfium's message into the one-line reason a batch report shows."""
    message = str(error)
    if "password" in message.lower():
        return "PDF is encrypted or password-protected"
    return f"corrupt or truncated PDF ({message})"


def _read_pages(path: Path, document: pdfium.PdfDocument) -> list[PdfPage]:
    """Read every page's text layer, closing each page once read so memory stays flat over long documents."""
    pages = []
    for index in range(len(document)):
        try:
            page = document[index]
        except pdfium.PdfiumError as error:
            raise ExtractionError(path, f"corrupt or truncated PDF (page {index + 1}: {error})") from error
        try:
            pages.append(_read_page(read_page(page, index + 1)))
        finally:
            page.close()
    return pages


def _read_page(page: LayerPage) -> PdfPage:
    """Split one page into ruled tables and the lines outside them, ordered top to bottom."""
    result = PdfPage(number=page.number, height=page.height)
    if _needs_ocr(page):
        result.needs_ocr = True
        return result
    page = replace(page, edges=page.edges + _closing_edges(page.edges))
    finder = TableFinder(page, TableSettings.resolve(None))  # type: ignore[arg-type]  # duck-typed page
    tables = [table for table in finder.tables if not _is_page_frame(table, page)]
    items: list[PdfItem] = list(table_items(tables, page.chars, page.number))
    boxes = [table.bbox for table in tables]
    outside = [
        char
        for char in page.chars
        if not any(_inside(((char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2), box) for box in boxes)
    ]
    loose, outside = borderless_tables(outside, page.number, page.height, lambda chars: _text_lines(chars, page))
    items.extend(loose)
    items.extend(_text_lines(outside, page))
    result.items = sorted((item for item in items if _has_content(item)), key=lambda item: item.top)
    return result


def _text_lines(chars: list[dict[str, Any]], page: LayerPage) -> list[PdfLine]:
    """The glyphs read as text lines, in pdfplumber's layout order."""
    if not chars:
        return []
    textmap = chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height)
    return [_line_item(line, page.number) for line in textmap.extract_text_lines(return_chars=True)]


def _closing_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules that close a table cut open by a page break.

    Some producers (Chromium, Word at times) draw no border where a table breaks over a page: the column
    rules of its last row just stop, so pdfplumber finds no cell there and the row falls out of the table
    as loose lines. Where two or more column rules end (or start) at the same height with no row rule
    there, a row rule is added across them.
    """
    vertical = [edge for edge in edges if edge["orientation"] == "v"]
    horizontal = [edge for edge in edges if edge["orientation"] == "h"]
    added = []
    for end in ("top", "bottom"):
        ends: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
        for edge in vertical:
            ends[round(edge[end] / POSITION_TOLERANCE)].append(edge)
        for group in ends.values():
            if len(group) < 2:
                continue
            y = statistics.median(edge[end] for edge in group)
            x0, x1 = min(edge["x0"] for edge in group), max(edge["x1"] for edge in group)
            if not any(_spans(edge, y, x0, x1) for edge in horizontal):
                added.append(rule_edge(x0, x1, y, y, "h"))
    return added


def _spans(edge: dict[str, Any], y: float, x0: float, x1: float) -> bool:
    """A row rule at about `y` already runs from about `x0` to about `x1`."""
    return (
        abs(edge["top"] - y) <= POSITION_TOLERANCE
        and edge["x0"] <= x0 + POSITION_TOLERANCE
        and edge["x1"] >= x1 - POSITION_TOLERANCE
    )


def _is_page_frame(table: Any, page: LayerPage) -> bool:
    """A single ruled box around most of the page is a page border, not a table: its text is body text."""
    x0, top, x1, bottom = table.bbox
    return len(table.cells) == 1 and (x1 - x0) * (bottom - top) >= PAGE_FRAME_SHARE * page.width * page.height


def _needs_ocr(page: LayerPage) -> bool:
    """A page whose text layer is missing or garbage but that shows something is a scan.

    Digits count as good text (baseline tables are mostly figures); unmapped glyphs, as fonts without a
    Unicode map produce them, do not.
    """
    glyphs = [char["text"] for char in page.chars if not char["text"].isspace()]
    letters = sum(glyph.isalpha() for glyph in glyphs)
    word_chars = sum(glyph.isalnum() for glyph in glyphs)
    junk = sum(_is_junk(glyph) for glyph in glyphs)
    readable = (
        letters >= MIN_PAGE_LETTERS
        and word_chars >= MIN_WORD_CHAR_SHARE * len(glyphs)
        and junk <= MAX_JUNK_SHARE * len(glyphs)
    )
    if readable:
        return letters < MIN_LETTERS_BESIDE_SCAN and _image_share(page) >= SCAN_IMAGE_SHARE
    return bool(page.images or page.chars or page.drawn)


def _image_share(page: LayerPage) -> float:
    """The share of the page that images cover (overlaps counted twice, which is fine for a threshold)."""
    area = float(page.width * page.height) or 1.0
    covered = sum(
        max(0.0, min(image["x1"], page.width) - max(image["x0"], 0))
        * max(0.0, min(image["bottom"], page.height) - max(image["top"], 0))
        for image in page.images
    )
    return float(covered) / area


def _is_junk(glyph: str) -> bool:
    return glyph.startswith("(cid:") or glyph == "\ufffd" or "\ue000" <= glyph[:1] <= "\uf8ff"


def _inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= point[0] <= x1 and top <= point[1] <= bottom


def _line_item(line: dict[str, Any], page: int) -> PdfLine:
    """Record a line with its dominant font, which tells headings from body text."""
    chars = [char for char in line["chars"] if not char["text"].isspace()] or line["chars"]
    size = statistics.median(float(char["size"]) for char in chars)
    font = Counter(_font_key(char["fontname"]) for char in chars).most_common(1)[0][0]
    text = normalise_bullet(line["text"].strip())
    return PdfLine(
        text=text,
        page=page,
        top=float(line["top"]),
        bottom=float(line["bottom"]),
        size=size,
        font=font,
        x0=float(line["x0"]),
        x1=float(line["x1"]),
        glyphs=glyph_line(text, line["chars"]),
    )


def _font_key(fontname: str) -> str:
    """Family and weight of a PDF font name ("ABCDEF+Calibri-BoldItalic" → "calibri bold").

    A heading often differs from the line below it only in family (a heading font of its own) or in
    weight; italics and the "MT"/"PS" suffixes of one family's cuts are not a change of paragraph.
    """
    name = fontname.split("+", 1)[-1]
    family = re.split(r"[-,]", name, maxsplit=1)[0].removesuffix("MT").removesuffix("PS").casefold()
    return f"{family} bold" if _BOLD_FONT.search(name) else family


def _has_content(item: PdfItem) -> bool:
    if isinstance(item, PdfLine):
        return bool(item.text)
    return any(any(cell.strip() for cell in row.cells) for row in item.rows)


def _ocr_items(number: int, layout: OcrPage, placement: Placement) -> list[PdfItem]:
    """Give OCR'd lines and tables the shape of text-layer ones, so one assembly serves both; boxes are
    mapped back to the PDF page's points and words' confidences kept, for provenance."""
    items: list[PdfItem] = [
        PdfTable(
            rows=[
                PdfRow(
                    row,
                    number,
                    bbox=placement.to_pdf(box) if box else None,
                    read=list(read) if read else None,
                    confidence=confidence,
                    words=words or (),
                )
                for row, read, box, confidence, words in itertools.zip_longest(
                    table.rows, table.read, table.row_boxes, table.row_confidences, table.row_words
                )
            ],
            page=number,
            top=table.top,
            columns=table.columns,
        )
        for table in layout.tables
    ]
    items.extend(
        PdfLine(
            text=line.text,
            page=number,
            top=line.top,
            bottom=line.bottom,
            size=line.size,
            font="",
            paragraph=line.paragraph,
            confidence=line.confidence,
            words=line.words,
            glyphs=line.glyphs,
            bbox=placement.to_pdf((line.x0, line.top, line.x1, line.bottom)),
        )
        for line in layout.lines
    )
    return sorted((item for item in items if _has_content(item)), key=lambda item: item.top)
