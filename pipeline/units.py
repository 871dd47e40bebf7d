"""The segmenter's data: document lines (text, table rows, blanks) and the agreements (units) and template
fields they are sorted into. Kept apart from `pipeline.segment` so that the parsers, which read fields
and lines, depend on the shapes only, not on how headings are recognised."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from models import Block


@dataclass
class Line:
    """One line of text or one table row, in document order."""

    kind: Literal["text", "row", "blank"]
    text: str = ""
    cells: list[str] = field(default_factory=list)
    page: int | None = None
    style: str | None = None
    block: int | None = None  # index of the block it came from, so provenance can find its place

    @property
    def head(self) -> str:
        """The text a heading would stand in: the line, or a row's first non-empty cell."""
        if self.kind == "row":
            return next((c for c in self.cells if c.strip()), "")
        return self.text


@dataclass
class Field:
    key: str
    heading: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class FocusBlock:
    label: str
    code: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Unit:
    kind: Literal["strategic", "sub"]
    label: str | None = None
    titled: bool = False  # False for the text before any title (an untitled agreement)
    preamble: list[Line] = field(default_factory=list)
    fields: dict[str, Field] = field(default_factory=dict)
    activities: list[dict[str, Field]] = field(default_factory=list)
    sections: dict[int, Field] = field(default_factory=dict)
    focus_blocks: list[FocusBlock] = field(default_factory=list)
    start: int | None = None  # block index of the title line (None for an untitled agreement)


def blocks_to_lines(blocks: list[Block]) -> list[Line]:
    """One Line per line of a paragraph, per table row and per blank, each knowing its block."""
    lines: list[Line] = []
    for i, b in enumerate(blocks):
        if b.is_row:
            lines.append(Line("row", cells=list(b.cells), page=b.page, style=b.style, block=i))
        elif b.kind == "paragraph":
            lines.extend(Line("text", t, page=b.page, style=b.style, block=i) for t in b.text.split("\n") if t.strip())
        else:
            lines.append(Line("blank", page=b.page, block=i))
    return lines
