"""HTML → blocks in the DOCX shape: `.html` exports, and the raw `<table>`s inside Markdown.

pandoc's Markdown writers without grid tables (`-t gfm`, `commonmark`, `markdown_strict`) write every table
that a pipe table cannot hold (merged cells, several paragraphs or a list in a cell) as raw HTML, and
`-t html`, LibreOffice and Word write whole agreements as HTML. Both are parsed with lxml's HTML parser
(libxml2, forgiving of unclosed `<p>`/`<li>` and missing `<tbody>`), and the tree is read the way the DOCX
reader reads a body: each paragraph, list item and heading one block (headings keep a "Heading N" style,
list items start with "• "), each table row one row block, a cell's paragraphs and items one line each, a
`<br>` a line break. A cell that a `rowspan` carries down into later rows is empty there, as a
vertical-merge continuation is in DOCX; a `colspan` cell is one cell, as a DOCX `gridSpan` cell is. A table
nested in a cell becomes lines of that cell, its cells joined by " – ".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree, html

from models import Block, ExtractedDocument, ExtractionError, NoTextError
from pipeline.bullets import BULLET

CELL_SEPARATOR = " – "  # a row of a table nested in a cell becomes one line of the cell, cells joined by this
_SKIPPED = frozenset({"head", "script", "style", "template", "noscript", "title", "colgroup", "col", "img"})
# elements that end the paragraph before them and start a new one (everything else is inline text)
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dir", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "ul",
        "caption",
    }
)  # fmt: skip
_HEADING = re.compile(r"^h([1-6])$")
_SPACES = re.compile(r"[ \t\r\n\f]+")  # HTML's white space; a source line break is a space too
_BREAK = "\u2028"  # a `<br>` while the inline text is gathered (source newlines are only white space)
_TABLE_START = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_END = re.compile(r"</table\s*>", re.IGNORECASE)


def is_available() -> bool:
    return True


def extract(path: Path) -> ExtractedDocument:
    """An HTML file as blocks (a text export: the record's source format is `txt`)."""
    from extractors.text import read_text  # the one place text files are decoded

    markup = read_text(path)
    if not markup.strip():
        raise NoTextError(path, "empty file")
    try:
        blocks = html_blocks(markup)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(path, f"not readable as HTML: {exc}") from exc
    if not any(b.text.strip() or any(c.strip() for c in b.cells) for b in blocks):
        raise NoTextError(path, "no text in the HTML")
    return ExtractedDocument(blocks=blocks, format="txt", pages=None)


def html_blocks(markup: str) -> list[Block]:
    """Blocks of an HTML document or fragment, in reading order."""
    parser = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    root = html.document_fromstring(markup.encode("utf-8"), parser=parser)  # decoded once, by read_text
    return list(_Walker().blocks(root))


def table_end(lines: list[str], start: int) -> int | None:
    """End (exclusive) of the raw HTML table opening at `lines[start]`: the line where its `</table>` closes
    the nesting (tables nested in cells open and close inside it), or None when it never closes."""
    depth = 0
    for k in range(start, len(lines)):
        depth += len(_TABLE_START.findall(lines[k])) - len(_TABLE_END.findall(lines[k]))
        if depth <= 0:
            return k + 1
    return None


def starts_table(line: str) -> bool:
    """A line opening a raw HTML table (as Markdown writers put them, at the start of a line)."""
    return _TABLE_START.match(line.lstrip()) is not None


class _Walker:
    """Reads a tree in document order, gathering inline text into the paragraph being built."""

    def __init__(self) -> None:
        self.parts: list[str] = []  # inline text of the paragraph being built
        self.prefix = ""  # "• " while inside a list item
        self.style: str | None = None

    def blocks(self, element: etree._Element, inside: bool = False) -> Iterator[Block]:
        """Blocks of the element (`inside`: of what it holds, as for a table cell, which is no block)."""
        yield from self.content(element) if inside else self._walk(element)
        yield from self._flush()

    def _walk(self, element: etree._Element) -> Iterator[Block]:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED:
            return
        if tag == "table":
            yield from self._flush()
            yield from _table_rows(element)
            return
        if tag == "br":
            self.parts.append(_BREAK)
            return
        if tag in _BLOCK_TAGS:
            yield from self._block(element, tag)
            return
        yield from self.content(element)

    def content(self, element: etree._Element) -> Iterator[Block]:
        """The element's own text and its children, in order (what it holds, not the element itself)."""
        if element.text:
            self.parts.append(element.text)
        for child in element:
            yield from self._walk(child)
            if child.tail:
                self.parts.append(child.tail)

    def _block(self, element: etree._Element, tag: str) -> Iterator[Block]:
        """A block element: what came before it is a paragraph, its own text another, and a list item's
        prefix or a heading's style holds for the paragraphs inside it."""
        yield from self._flush()
        outer = (self.prefix, self.style)
        if tag == "li":
            self.prefix = BULLET
        if heading := _HEADING.match(tag):
            self.style = f"Heading {heading.group(1)}"
        yield from self.content(element)
        yield from self._flush()
        self.prefix, self.style = outer

    def _flush(self) -> Iterator[Block]:
        text = _lines("".join(self.parts))
        self.parts.clear()
        if text:
            yield Block(text=self.prefix + text, style=self.style)


def _lines(text: str) -> str:
    """Inline text as HTML shows it: whitespace runs one space, `<br>` breaks kept, lines trimmed."""
    lines = (_SPACES.sub(" ", ln).strip() for ln in text.split(_BREAK))
    return "\n".join(ln for ln in lines if ln)


def _table_rows(table: etree._Element) -> Iterator[Block]:
    """Rows of one table; a slot that a rowspan above still covers is one empty cell."""
    covering: dict[int, tuple[int, int]] = {}  # first grid column → (rows it still covers, columns it spans)
    for tr in _rows(table):
        here = {col: span for col, (_, span) in covering.items()}
        covering = {col: (left - 1, span) for col, (left, span) in covering.items() if left > 1}
        cells: list[str] = []
        col = 0
        for cell in (c for c in tr if c.tag in ("td", "th")):
            while col in here:
                cells.append("")
                col += here.pop(col)
            span = _span(cell, "colspan")
            if (down := _span(cell, "rowspan")) > 1:
                covering[col] = (down - 1, span)
            cells.append(_cell_text(cell))
            col += span
        cells += ["" for covered in sorted(here) if covered >= col]
        if cells:
            yield Block(kind="row", cells=cells)


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    """The table's own rows (in thead/tbody/tfoot or directly under it), not those of tables nested in cells."""
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if tr.tag == "tr")


def _span(cell: etree._Element, attribute: str) -> int:
    try:
        return max(1, int(cell.get(attribute, "1")))
    except ValueError:
        return 1


def _cell_text(cell: etree._Element) -> str:
    """A cell's paragraphs and items one per line, a nested table's rows as lines."""
    lines = (_block_line(block) for block in _Walker().blocks(cell, inside=True))
    return "\n".join(ln for ln in lines if ln.strip())


def _block_line(block: Block) -> str:
    return CELL_SEPARATOR.join(c for c in block.cells if c) if block.is_row else block.text
