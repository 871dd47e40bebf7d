"""Plain-text agreements (.txt/.md): DOCX exported to Markdown-like text, OCR'd text, flattened tables.

Tables arrive in two flattened shapes: cells separated by tabs (one row per line) and cells separated by
" | " (DOCX tables flattened to pipe lines). Both become row blocks. Runs of other non-blank lines
become one paragraph block with its line breaks kept; the normaliser decides what was hard-wrapped.
"""

from __future__ import annotations

import re
from pathlib import Path

from extractors.text_flat import flat_tables, table_blocks
from extractors.text_layout import is_layout, layout_blocks
from extractors.text_markdown import is_markdown, markdown_blocks
from extractors.text_wraps import hard_wrap_width, reaches_margin, wrapped_paragraphs
from models import Block, ExtractedDocument, ExtractionError, NoTextError
from pipeline.bullets import private_use_to_bullet

MAX_TEXT_BYTES = 50 * 1024 * 1024  # an agreement is ~200 KB; anything this big is not one
MAX_LINES = 200_000  # an agreement has a few thousand lines; millions of blank lines are not one
_PIPE_ROW = re.compile(r"(^\s*\|)|(\s\|\s)|(\s\|\s*$)")
ENCODINGS = ("utf-8-sig", "cp1252")
UTF16_ZERO_SHARE = 0.7  # Danish text is mostly ASCII: in UTF-16 most code units have a zero high byte


def is_available() -> bool:
    return True


def read_text(path: Path) -> str:
    """Read a text file as UTF-8, falling back to Windows-1252 (old Danish exports), else fail clearly."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise ExtractionError(path, f"text file too large ({size} bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(path, f"cannot read file: {exc.strerror or exc}") from exc
    utf16 = _utf16_encoding(raw)
    if utf16 is not None:
        try:
            return raw.decode(utf16).lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            raise ExtractionError(path, f"text looks like UTF-16 but does not decode: {exc.reason}") from exc
    if b"\x00" in raw[:4096]:
        raise ExtractionError(path, "binary data, not a text file")
    for enc in ENCODINGS:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ExtractionError(path, "text is neither UTF-8 nor Windows-1252")


def _utf16_encoding(raw: bytes) -> str | None:
    """UTF-16 as Windows saves "Unicode" text (Notepad, Word's text export): by its byte-order mark, or,
    without one, by the zero high byte of nearly every ASCII character at even or odd offsets."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = raw[:4096]
    pairs = len(head) // 2
    if pairs < 8:
        return None
    if head[1::2].count(0) >= UTF16_ZERO_SHARE * pairs and head[0::2].count(0) == 0:
        return "utf-16-le"
    if head[0::2].count(0) >= UTF16_ZERO_SHARE * pairs and head[1::2].count(0) == 0:
        return "utf-16-be"
    return None


def line_to_row(line: str) -> list[str] | None:
    """Cells of a flattened table row, or None when the line is prose."""
    if "\t" in line.strip("\n") and line.strip():
        return [c.strip() for c in line.split("\t")]
    if _PIPE_ROW.search(line):
        cells = [c.strip() for c in line.strip().split("|")]
        if cells and cells[0] == "" and line.lstrip().startswith("|"):
            cells = cells[1:]
        if cells and cells[-1] == "":
            cells = cells[:-1]
        return cells
    return None


def _is_rule(cells: list[str]) -> bool:
    """A Markdown table rule ("---|---"): layout, not content."""
    return all(re.fullmatch(r"[-:=+ ]*", c) for c in cells)


def text_to_blocks(text: str) -> list[Block]:
    """Blocks of a text export, read by the dialect it is written in (`pdftotext -layout`, pandoc Markdown,
    or flattened DOCX text), each dialect in its own module."""
    text = private_use_to_bullet(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        raise ValueError(f"{len(lines)} lines, more than an agreement has ({MAX_LINES})")
    if is_markdown(lines):  # first: a grid table's cells also stand apart in columns
        return markdown_blocks(lines)
    if is_layout(text):
        return layout_blocks(text)
    return flat_blocks(lines)


def flat_blocks(lines: list[str]) -> list[Block]:
    """Split flattened text into paragraph, row and blank blocks, keeping document order; a goals table
    written cell by cell (one cell per line, `text_flat`) becomes its rows."""
    blocks: list[Block] = []
    para: list[str] = []
    tables = {t.start: t for t in flat_tables(lines)}
    width = hard_wrap_width(lines)

    def flush() -> None:
        if para and width and reaches_margin(para, width):
            blocks.extend(Block(kind="paragraph", text=p) for p in wrapped_paragraphs(para, width))
        elif para:
            blocks.append(Block(kind="paragraph", text="\n".join(para)))
        para.clear()

    skip_to = 0
    for i, line in enumerate(lines):
        if i < skip_to:
            continue
        if i in tables:
            flush()
            blocks += table_blocks(tables[i])
            skip_to = tables[i].end
            continue
        if not line.strip():
            flush()
            blocks.append(Block(kind="blank"))
            continue
        cells = line_to_row(line)
        if cells is not None:
            flush()
            if not _is_rule(cells):
                blocks.append(Block(kind="row", cells=cells))
        else:
            para.append(line.rstrip())
    flush()
    return blocks


def extract(path: Path) -> ExtractedDocument:
    text = read_text(path)
    if not text.strip():
        raise NoTextError(path, "empty file")
    try:
        blocks = text_to_blocks(text)
    except ValueError as exc:
        raise ExtractionError(path, str(exc)) from exc
    return ExtractedDocument(blocks=blocks, format="txt", pages=None)
