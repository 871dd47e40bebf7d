"""From the pages' items to blocks: tables joined over page breaks become rows, lines become paragraphs
(a gap, a change of font or size, or a line that left room for the next word ends one)."""

from __future__ import annotations

import itertools
import statistics

from extractors.pdf_continued import join_continued_tables
from extractors.pdf_items import PdfItem, PdfLine, PdfPage, PdfTable
from extractors.pdf_wraps import joined, paragraphs
from models import Block
from pipeline.linebreaks import undo_hyphenation

PARAGRAPH_GAP_FACTOR = 2.0  # a gap this many times the usual line gap starts a new paragraph
PARAGRAPH_GAP_MIN = 0.3  # … and at least this share of the font size, for tightly set text
FONT_SIZE_TOLERANCE = 1.0
OCR_SIZE_RATIO = 1.2  # OCR'd type sizes are estimates (±0.5 pt at 200 dpi): a heading differs by more
RIGHT_EDGE_QUANTILE = 0.95  # of the lines' right ends: the text column's edge, past the odd outlier


def items_to_blocks(pages: list[PdfPage]) -> list[Block]:
    """Turn the pages' item stream into blocks: tables joined over page breaks, lines into paragraphs."""
    items = join_continued_tables(item for page in pages for item in page.items)
    gap = _usual_line_gap(items)
    right = _text_column_right(items)
    blocks: list[Block] = []
    paragraph: list[PdfLine] = []
    for item in items:
        if isinstance(item, PdfTable):
            _flush(paragraph, blocks, right)
            paragraph = []
            _separate(blocks, item.page)
            blocks.extend(
                Block(
                    kind="row",
                    cells=row.cells,
                    page=row.page,
                    bbox=row.bbox,
                    confidence=row.confidence,
                    word_confidences=list(row.words),
                )
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


def _flush(lines: list[PdfLine], blocks: list[Block], right: float) -> None:
    """One block per paragraph: lines (a text layer's, or OCR'd ones with their word boxes) are split at
    paragraph ends and their wraps joined by their positions; lines without positions keep their breaks
    for value building to judge."""
    if not lines:
        return
    glyphs = [line.glyphs for line in lines]
    if any(g is None for g in glyphs):
        text = undo_hyphenation("\n".join(line.text for line in lines))
        blocks.append(_paragraph(text, lines))
        return
    start = 0
    for group in paragraphs([g for g in glyphs if g is not None], right):
        own = lines[start : start + len(group)]
        text = joined(group, right)
        blocks.append(_paragraph(text, own))
        start += len(group)


def _paragraph(text: str, lines: list[PdfLine]) -> Block:
    return Block(
        kind="paragraph",
        text=text,
        page=lines[0].page,
        bbox=_box(lines),
        confidence=_conf(lines),
        word_confidences=[word for line in lines for word in line.words],
    )


def _box(lines: list[PdfLine]) -> tuple[float, float, float, float] | None:
    """The paragraph's box on its first page (x0, top, x1, bottom, PDF points)."""
    first = [_line_box(line) for line in lines if line.page == lines[0].page]
    boxes = [box for box in first if box is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _line_box(line: PdfLine) -> tuple[float, float, float, float] | None:
    """An OCR line's own box (mapped onto the PDF page), or a text-layer line's from its glyphs."""
    if line.bbox is not None or line.x0 is None or line.x1 is None:
        return line.bbox
    return (line.x0, line.top, line.x1, line.bottom)


def _conf(lines: list[PdfLine]) -> float | None:
    """Mean OCR confidence of the paragraph's lines (None for text-layer lines)."""
    known = [line.confidence for line in lines if line.confidence is not None]
    return round(sum(known) / len(known), 3) if known else None


def _text_column_right(items: list[PdfItem]) -> float:
    """The right edge of the body text column: where most full lines end (a few run past it)."""
    ends = sorted(item.glyphs.x1 for item in items if isinstance(item, PdfLine) and item.glyphs is not None)
    return ends[int(len(ends) * RIGHT_EDGE_QUANTILE)] if ends else 0.0


def _usual_line_gap(items: list[PdfItem]) -> float:
    """The typical white space between two lines of one paragraph, from the whole document."""
    gaps = [
        current.top - previous.bottom
        for previous, current in itertools.pairwise(items)
        if isinstance(previous, PdfLine)
        and isinstance(current, PdfLine)
        and previous.page == current.page
        and 0 <= current.top - previous.bottom < previous.size
    ]
    return statistics.median(gaps) if gaps else 0.0


def _gap_between(previous: PdfLine, line: PdfLine, usual_gap: float) -> bool:
    """White space wider than between the lines of one paragraph separates two paragraphs.

    Across a page break a line continues the paragraph only when it starts lowercase, i.e. mid-sentence.
    """
    if line.page != previous.page:
        return not line.text[:1].islower()
    gap = line.top - previous.bottom
    return gap > max(PARAGRAPH_GAP_FACTOR * usual_gap, PARAGRAPH_GAP_MIN * previous.size)


def _style_change(previous: PdfLine, line: PdfLine) -> bool:
    """A heading set tight above its text, or a list item, is still a paragraph of its own.

    OCR gives no fonts, only a size estimated from the words' heights; there tesseract's own paragraph
    numbers stand in for the font change, except before a line that goes on mid-sentence (lowercase),
    where tesseract often starts a paragraph the geometry says is wrapped.
    """
    if line.text.startswith("• "):
        return True
    if previous.paragraph is not None and line.paragraph is not None:
        larger, smaller = max(previous.size, line.size), min(previous.size, line.size)
        if larger > OCR_SIZE_RATIO * smaller:
            return True
        return previous.page == line.page and previous.paragraph != line.paragraph and not line.text[:1].islower()
    return previous.font != line.font or abs(previous.size - line.size) > FONT_SIZE_TOLERANCE
