"""The items a PDF page is read into (text lines and ruled tables), shared by the reader, the page
furniture filter, the table joiner and the block builder."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.pdf_wraps import CellText, GlyphLine

# OCR'd words with tesseract's confidence in each (0-1), in reading order: what provenance judges a value by.
WordConfidences = tuple[tuple[str, float], ...]

POSITION_TOLERANCE = 3.0  # points: same vertical slot on two pages, same column edge in two tables


@dataclass
class PdfLine:
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
    words: WordConfidences = ()  # OCR lines


@dataclass
class PdfRow:
    """A table row and the page it is on, which differs from the table's once a continuation is joined."""

    cells: list[str]
    page: int
    bbox: tuple[float, float, float, float] | None = None
    read: list[CellText] | None = None  # text-layer cells with their edge lines, to join a cut row
    confidence: float | None = None  # OCR rows: mean word confidence, 0-1
    words: WordConfidences = ()  # OCR rows


@dataclass
class PdfTable:
    """One table; `columns` are the left edges used to recognise its continuation on the next page.

    A table row without rules that stands alone at the foot of a page may be the first line of a table the
    break cut (a header row): it is kept as a table only if the next page's table goes on with its
    columns, else it stands for its `fallback` lines. Such a table's part on a page may lack a column that
    is empty there.
    """

    rows: list[PdfRow]
    page: int
    top: float
    columns: tuple[float, ...]
    fallback: list[PdfLine] | None = None
    ruled: bool = True  # False when recovered from glyph positions: a column empty on a page leaves no trace


PdfItem = PdfLine | PdfTable


@dataclass
class PdfPage:
    """The text layer of one page; `needs_ocr` when it has none worth keeping."""

    number: int
    height: float
    items: list[PdfItem] = field(default_factory=list)
    needs_ocr: bool = False
