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
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from pdfplumber.table import Table, TableFinder, TableSettings
from pdfplumber.utils.text import chars_to_textmap

from extractors import ocr
from extractors.line_cleanup import normalise_bullet, undo_hyphenation
from extractors.ocr_layout import OcrPage
from extractors.page_image import Placement
from extractors.pdf_layer import LayerPage, read_page, rule_edge
from extractors.pdf_wraps import CellText, GlyphLine, glyph_line, join_cut_cell, joined, paragraphs
from models import Block, ExtractedDocument, ExtractionError, UnreadPage

logger = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 2000
PDF_HEADER = b"%PDF-"
HEADER_SEARCH_BYTES = 1024  # the spec lets junk precede the header; readers look this far
MARGIN_BAND = 0.12  # share of page height at top and bottom where running headers/footers sit
RUNNING_LINE_MIN_SHARE = 0.5  # a margin line on at least this share of pages is page furniture
POSITION_TOLERANCE = 3.0  # points: same vertical slot on two pages, same column edge in two tables
MIN_PAGE_LETTERS = 20  # fewer letters than this and the page is a scan with a stray text layer
MIN_WORD_CHAR_SHARE = 0.5  # fewer letters and digits than this among visible glyphs is garbage
MAX_JUNK_SHARE = 0.2  # more unmapped glyphs ("(cid:12)", U+FFFD, private use) than this is garbage
# A page mostly covered by images with little text beside them is a scan with a stamped-on header or
# page number: its body is in the image.
SCAN_IMAGE_SHARE = 0.5
MIN_LETTERS_BESIDE_SCAN = 200
PARAGRAPH_GAP_FACTOR = 2.0  # a gap this many times the usual line gap starts a new paragraph
PARAGRAPH_GAP_MIN = 0.3  # … and at least this share of the font size, for tightly set text
FONT_SIZE_TOLERANCE = 1.0
RIGHT_EDGE_QUANTILE = 0.95  # of the lines' right ends: the text column's edge, past the odd outlier
PAGE_FRAME_SHARE = 0.5  # a one-cell "table" covering this share of the page is a page border

_PAGE_NUMBER = re.compile(r"^(?:side\s+|page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:af|/|of)\s*\d{1,4})?$", re.IGNORECASE)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@dataclass
class _Line:
    """One text line outside tables, with what paragraph grouping needs to know."""

    text: str
    page: int
    top: float
    bottom: float
    size: float
    font: str  # dominant font family and weight; "" for OCR lines
    paragraph: int | None = None  # OCR lines carry tesseract's paragraph number instead of a font
    x0: float | None = None
    x1: float | None = None
    confidence: float | None = None  # OCR word confidence, 0-1
    glyphs: GlyphLine | None = None  # text-layer lines: horizontal extent, which tells wraps from ends
    bbox: tuple[float, float, float, float] | None = None  # OCR lines: PDF points (the layout's may differ)


@dataclass
class _Row:
    """A table row and the page it is on, which differs from the table's once a continuation is joined."""

    cells: list[str]
    page: int
    bbox: tuple[float, float, float, float] | None = None
    read: list[CellText] | None = None  # text-layer cells with their edge lines, to join a cut row
    confidence: float | None = None  # OCR rows: mean word confidence, 0-1


@dataclass
class _Table:
    """One ruled table; `columns` are the left edges used to recognise its continuation on the next page."""

    rows: list[_Row]
    page: int
    top: float
    columns: tuple[float, ...]


_Item = _Line | _Table


@dataclass
class _Page:
    """The text layer of one page; `needs_ocr` when it has none worth keeping."""

    number: int
    height: float
    items: list[_Item] = field(default_factory=list)
    needs_ocr: bool = False


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
    read = ocr.read_pages(path, scanned, workers=ocr_workers)
    if scanned and not read.pages:
        first = min(read.failed)
        raise ExtractionError(path, f"no page could be read by OCR (page {first}: {read.failed[first]})")
    for number, (layout, placement) in read.pages.items():
        pages[number - 1].items = _ocr_items(number, layout, placement)
        pages[number - 1].height = layout.height
    _drop_page_furniture(pages)
    return ExtractedDocument(
        blocks=_items_to_blocks(pages),
        format="pdf-ocr" if scanned else "pdf",
        pages=page_count,
        ocr=bool(scanned),
        unread_pages=[UnreadPage(page=number, reason=reason) for number, reason in sorted(read.failed.items())],
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


def _read_pages(path: Path, document: pdfium.PdfDocument) -> list[_Page]:
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


def _read_page(page: LayerPage) -> _Page:
    """Split one page into ruled tables and the lines outside them, ordered top to bottom."""
    result = _Page(number=page.number, height=page.height)
    if _needs_ocr(page):
        result.needs_ocr = True
        return result
    page = replace(page, edges=page.edges + _closing_edges(page.edges))
    finder = TableFinder(page, TableSettings.resolve(None))  # type: ignore[arg-type]  # duck-typed page
    tables = [table for table in finder.tables if not _is_page_frame(table, page)]
    centres = [((char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2) for char in page.chars]
    inside = [[_inside(centre, box) for centre in centres] for box in (table.bbox for table in tables)]
    items: list[_Item] = [
        _table_item(table, replace(page, chars=list(itertools.compress(page.chars, mask))))
        for table, mask in zip(tables, inside, strict=True)
    ]
    outside = [char for char, *masks in zip(page.chars, *inside, strict=True) if not any(masks)]
    if outside:
        textmap = chars_to_textmap(outside, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height)
        items.extend(_line_item(line, page.number) for line in textmap.extract_text_lines(return_chars=True))
    result.items = sorted((item for item in items if _has_content(item)), key=lambda item: item.top)
    return result


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


def _table_item(table: Table, page: LayerPage) -> _Table:
    """Cells keep their own line breaks; merged-cell gaps (None) become empty strings.

    `page` holds only the glyphs inside the table: pdfplumber tests every glyph of its page against
    every row, which on a full page costs more than reading it.
    """
    rows = []
    for row in table.rows:
        read = [_cell_text(cell, page.chars) for cell in row.cells]
        rows.append(_Row([cell.text for cell in read], page.number, tuple(row.bbox), read=read))
    columns = tuple(sorted({round(column.bbox[0], 1) for column in table.columns}))
    return _Table(rows=rows, page=page.number, top=float(table.bbox[1]), columns=columns)


def _cell_text(cell: tuple[float, float, float, float] | None, chars: list[dict[str, Any]]) -> CellText:
    """A cell's paragraphs, one per line, wraps joined; the cell's inner width is the room its lines had
    (its right padding taken as wide as its left). Merged-cell gaps (None) are empty."""
    if cell is None:
        return CellText("")
    inside = [char for char in chars if _inside_cell(char, cell)]
    lines = (
        [
            line
            for raw in chars_to_textmap(inside).extract_text_lines(return_chars=True)
            if (line := glyph_line(normalise_bullet(raw["text"].strip()), raw["chars"])) is not None
        ]
        if inside
        else []
    )
    if not lines:
        return CellText("")
    right = cell[2] - (min(line.x0 for line in lines) - cell[0])
    text = "\n".join(joined(group, right, mend_cut_words=True) for group in paragraphs(lines, right, capital_ends=True))
    return CellText(text, lines[0], lines[-1], right)


def _inside_cell(char: dict[str, Any], cell: tuple[float, float, float, float]) -> bool:
    """pdfplumber's own test: the glyph's centre lies in the cell (right and bottom edges excluded)."""
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return cell[0] <= x < cell[2] and cell[1] <= y < cell[3]


def _clean_cell(text: str, from_ocr: bool) -> str:
    """Cells get the same bullet and hyphenation cleanup as paragraphs, line by line."""
    lines = [normalise_bullet(line.strip(), ocr=from_ocr) for line in text.splitlines()]
    return undo_hyphenation("\n".join(line for line in lines if line))


def _line_item(line: dict[str, Any], page: int) -> _Line:
    """Record a line with its dominant font, which tells headings from body text."""
    chars = [char for char in line["chars"] if not char["text"].isspace()] or line["chars"]
    size = statistics.median(float(char["size"]) for char in chars)
    font = Counter(_font_key(char["fontname"]) for char in chars).most_common(1)[0][0]
    text = normalise_bullet(line["text"].strip())
    return _Line(
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


def _has_content(item: _Item) -> bool:
    if isinstance(item, _Line):
        return bool(item.text)
    return any(any(cell.strip() for cell in row.cells) for row in item.rows)


def _drop_page_furniture(pages: list[_Page]) -> None:
    """Remove running headers/footers and lone page numbers from the top and bottom margin bands."""
    running = _running_lines(pages)
    for page in pages:
        page.items = [
            item
            for item in page.items
            if not (
                isinstance(item, _Line)
                and _in_margin(item, page.height)
                and (_PAGE_NUMBER.match(item.text) or (_furniture_key(item.text), _slot(item)) in running)
            )
        ]


def _running_lines(pages: list[_Page]) -> set[tuple[str, int]]:
    """Margin lines (digits masked, so "Side 3" matches "Side 4") that recur in one slot on most pages."""
    seen: defaultdict[tuple[str, int], set[int]] = defaultdict(set)
    for page in pages:
        for item in page.items:
            if isinstance(item, _Line) and _in_margin(item, page.height):
                for slot in (_slot(item) - 1, _slot(item), _slot(item) + 1):
                    seen[(_furniture_key(item.text), slot)].add(page.number)
    needed = max(2, RUNNING_LINE_MIN_SHARE * len(pages))
    return {key for key, numbers in seen.items() if len(numbers) >= needed}


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def _slot(line: _Line) -> int:
    """Vertical position in tolerance-sized steps; neighbours are counted too, so jitter is absorbed."""
    return round(line.top / POSITION_TOLERANCE)


def _in_margin(line: _Line, height: float) -> bool:
    return line.bottom <= MARGIN_BAND * height or line.top >= (1 - MARGIN_BAND) * height


def _ocr_items(number: int, layout: OcrPage, placement: Placement) -> list[_Item]:
    """Give OCR'd lines and tables the shape of text-layer ones, so one assembly serves both; boxes are
    mapped back to the PDF page's points and words' confidences kept, for provenance."""
    items: list[_Item] = [
        _Table(
            rows=[
                _Row(
                    [_clean_cell(cell, from_ocr=True) for cell in row],
                    number,
                    bbox=placement.to_pdf(box) if box else None,
                    confidence=confidence,
                )
                for row, box, confidence in itertools.zip_longest(table.rows, table.row_boxes, table.row_confidences)
            ],
            page=number,
            top=table.top,
            columns=table.columns,
        )
        for table in layout.tables
    ]
    items.extend(
        _Line(
            text=normalise_bullet(line.text, ocr=True),
            page=number,
            top=line.top,
            bottom=line.bottom,
            size=line.bottom - line.top,
            font="",
            paragraph=line.paragraph,
            confidence=line.confidence,
            bbox=placement.to_pdf((line.x0, line.top, line.x1, line.bottom)),
        )
        for line in layout.lines
    )
    return sorted((item for item in items if _has_content(item)), key=lambda item: item.top)


def _items_to_blocks(pages: list[_Page]) -> list[Block]:
    """Turn the pages' item stream into blocks: tables joined over page breaks, lines into paragraphs."""
    items = _join_continued_tables(item for page in pages for item in page.items)
    gap = _usual_line_gap(items)
    right = _text_column_right(items)
    blocks: list[Block] = []
    paragraph: list[_Line] = []
    for item in items:
        if isinstance(item, _Table):
            _flush(paragraph, blocks, right)
            paragraph = []
            _separate(blocks, item.page)
            blocks.extend(
                Block(kind="row", cells=row.cells, page=row.page, bbox=row.bbox, confidence=row.confidence)
                for row in item.rows
            )
        elif not paragraph:
            _separate(blocks, item.page)
            paragraph = [item]
        elif _gap_between(paragraph[-1], item, gap):
            _flush(paragraph, blocks, right)
            _separate(blocks, item.page)
            paragraph = [item]
        elif _style_change(paragraph[-1], item):
            _flush(paragraph, blocks, right)
            paragraph = [item]
        else:
            paragraph.append(item)
    _flush(paragraph, blocks, right)
    return blocks


def _separate(blocks: list[Block], page: int) -> None:
    """A blank block marks white space: between paragraphs, and around tables as a DOCX's empty
    paragraphs do, so that two tables in a row stay apart."""
    if blocks and blocks[-1].kind != "blank":
        blocks.append(Block(kind="blank", page=page))


def _flush(lines: list[_Line], blocks: list[Block], right: float) -> None:
    """One block per paragraph: text-layer lines are split at paragraph ends and their wraps joined by
    their positions; OCR lines keep their breaks for value building to judge."""
    if not lines:
        return
    glyphs = [line.glyphs for line in lines]
    if any(g is None for g in glyphs):
        text = undo_hyphenation("\n".join(line.text for line in lines))
        blocks.append(Block(kind="paragraph", text=text, page=lines[0].page, bbox=_box(lines), confidence=_conf(lines)))
        return
    start = 0
    for group in paragraphs([g for g in glyphs if g is not None], right):
        own = lines[start : start + len(group)]
        blocks.append(Block(kind="paragraph", text=joined(group, right), page=own[0].page, bbox=_box(own)))
        start += len(group)


def _box(lines: list[_Line]) -> tuple[float, float, float, float] | None:
    """The paragraph's box on its first page (x0, top, x1, bottom, PDF points)."""
    first = [_line_box(line) for line in lines if line.page == lines[0].page]
    boxes = [box for box in first if box is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _line_box(line: _Line) -> tuple[float, float, float, float] | None:
    """An OCR line's own box (mapped onto the PDF page), or a text-layer line's from its glyphs."""
    if line.bbox is not None or line.x0 is None or line.x1 is None:
        return line.bbox
    return (line.x0, line.top, line.x1, line.bottom)


def _conf(lines: list[_Line]) -> float | None:
    """Mean OCR confidence of the paragraph's lines (None for text-layer lines)."""
    known = [line.confidence for line in lines if line.confidence is not None]
    return round(sum(known) / len(known), 3) if known else None


def _text_column_right(items: list[_Item]) -> float:
    """The right edge of the body text column: where most full lines end (a few run past it)."""
    ends = sorted(item.glyphs.x1 for item in items if isinstance(item, _Line) and item.glyphs is not None)
    return ends[int(len(ends) * RIGHT_EDGE_QUANTILE)] if ends else 0.0


def _usual_line_gap(items: list[_Item]) -> float:
    """The typical white space between two lines of one paragraph, from the whole document."""
    gaps = [
        current.top - previous.bottom
        for previous, current in itertools.pairwise(items)
        if isinstance(previous, _Line)
        and isinstance(current, _Line)
        and previous.page == current.page
        and 0 <= current.top - previous.bottom < previous.size
    ]
    return statistics.median(gaps) if gaps else 0.0


def _gap_between(previous: _Line, line: _Line, usual_gap: float) -> bool:
    """White space wider than between the lines of one paragraph separates two paragraphs.

    Across a page break a line continues the paragraph only when it starts lowercase, i.e. mid-sentence.
    """
    if line.page != previous.page:
        return not line.text[:1].islower()
    gap = line.top - previous.bottom
    return gap > max(PARAGRAPH_GAP_FACTOR * usual_gap, PARAGRAPH_GAP_MIN * previous.size)


def _style_change(previous: _Line, line: _Line) -> bool:
    """A heading set tight above its text, or a list item, is still a paragraph of its own.

    OCR gives no fonts; there tesseract's own paragraph numbers stand in for the font change.
    """
    if line.text.startswith("• "):
        return True
    if previous.paragraph is not None and line.paragraph is not None:
        return previous.page == line.page and previous.paragraph != line.paragraph
    return previous.font != line.font or abs(previous.size - line.size) > FONT_SIZE_TOLERANCE


def _join_continued_tables(items: Iterable[_Item]) -> list[_Item]:
    """Join a table that goes on at the top of the next page onto the one that ended the page before."""
    joined: list[_Item] = []
    for item in items:
        previous = joined[-1] if joined else None
        if isinstance(item, _Table) and isinstance(previous, _Table) and _continues(previous, item):
            _append_rows(previous, item.rows)
        else:
            joined.append(item)
    return joined


def _continues(previous: _Table, table: _Table) -> bool:
    """The next page's first table goes on with the same columns. One that opens with the same lone label
    as the previous one ("Aktivitetsnavn:") is the template's next schema, not a continuation: a repeated
    header row has several column headings."""
    if table.rows and table.rows[0].cells == previous.rows[0].cells and sum(map(bool, table.rows[0].cells)) < 2:
        return False
    return (
        table.page == previous.rows[-1].page + 1
        and len(table.columns) == len(previous.columns)
        and all(abs(a - b) <= POSITION_TOLERANCE for a, b in zip(table.columns, previous.columns, strict=True))
    )


def _append_rows(table: _Table, rows: list[_Row]) -> None:
    """Add a continuation's rows, dropping a repeated header row and merging a row split by the break."""
    if rows and rows[0].cells == table.rows[0].cells:
        rows = rows[1:]
    last = table.rows[-1]
    if rows and len(rows[0].cells) == len(last.cells) and _is_split_row(last.cells, rows[0].cells):
        last.cells = _join_cut_row(last, rows[0])
        rows = rows[1:]
    table.rows.extend(rows)


def _is_split_row(previous: list[str], row: list[str]) -> bool:
    """A row broken by the page break has its first cell empty, opens mid-sentence, or goes on with a
    list that the row before the break ended with."""
    first = row[0].strip() if row else ""
    if not first or first[:1].islower():
        return True
    last_line = previous[0].rsplit("\n", 1)[-1] if previous else ""
    return first.startswith("• ") and last_line.startswith("• ")


def _join_cut_row(head: _Row, tail: _Row) -> list[str]:
    """The cells of a row a page break cut in two, each joined with its continuation."""
    if head.read is not None and tail.read is not None:
        return [join_cut_cell(a, b) for a, b in zip(head.read, tail.read, strict=True)]
    return [_join_cell(a, b) for a, b in zip(head.cells, tail.cells, strict=True)]


def _join_cell(head: str, tail: str) -> str:
    if head and tail:
        return undo_hyphenation(f"{head}\n{tail}")
    return head or tail
