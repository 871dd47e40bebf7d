"""What extractors hand to the pipeline: an ordered list of blocks, each a paragraph or a table row.

Every input format (text export, DOCX, PDF, OCR) is reduced to this one shape so that one segmenter and
one set of parsers serve them all. A table row keeps its cells apart, because the Delmål/Indikator table
and label-left-of-value layouts are read by column, not as prose.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

BlockKind = Literal["paragraph", "row", "blank", "page_break"]
SourceFormat = Literal["docx", "pdf", "pdf-ocr", "txt"]


class Block(BaseModel):
    """One paragraph (text may hold several lines) or one table row (cells)."""

    kind: BlockKind = "paragraph"
    text: str = ""
    cells: list[str] = Field(default_factory=list, description="Cell texts of a table row, empty cells kept")
    page: int | None = None
    style: str | None = Field(default=None, description="Word style or PDF font hint, e.g. 'Heading 1'")
    bbox: tuple[float, float, float, float] | None = Field(
        default=None, description="Where the block stands on its page: x0, top, x1, bottom in PDF points (PDF, scans)"
    )
    confidence: float | None = Field(
        default=None, description="Mean OCR word confidence of the block, 0-1 (scans); None where text was not OCR'd"
    )
    word_confidences: list[tuple[str, float]] = Field(
        default_factory=list,
        description="The block's OCR'd words in reading order, each with tesseract's confidence in it, 0-1 (scans): "
        "a value's own words say more of how surely it was read than its block's mean",
    )

    @property
    def is_row(self) -> bool:
        return self.kind == "row"


class UnreadPage(BaseModel):
    """A page that could not be read (OCR failed or timed out on it); the rest of the document still was."""

    page: int
    reason: str


class ExtractedDocument(BaseModel):
    """The output of one extractor run."""

    blocks: list[Block]
    format: SourceFormat
    pages: int | None = None
    ocr: bool = Field(default=False, description="True when any text came from OCR")
    unread_pages: list[UnreadPage] = Field(default_factory=list, description="Pages left out, and why")
    marked_guidance: list[str] = Field(
        default_factory=list,
        description="Text the source itself marks as template guidance (DOCX: the template's green highlight)",
    )
