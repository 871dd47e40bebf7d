"""DOCX extractor: the document body as ordered paragraph and table-row blocks.

The body XML is walked directly rather than through python-docx's `Table.rows[i].cells`, because that API
repeats a merged cell once per grid column and per spanned row: a Delmål cell spanning two indicator rows
would then read as two Delmål. Walking `<w:tc>` elements reads each cell once, and a vertical-merge
continuation cell is emitted empty so the columns still line up.

Tracked changes are read as if accepted (inserted text kept, deleted text dropped), since that is the text the
parties signed. Headers, footers, comments and footnotes live in other package parts and are never read.
Text boxes and content controls are part of the body and are read in place.

The package is opened by `extractors.docx_package` (zip and XML hardening; .doc, .rtf and .odt converted
with LibreOffice first) with zipfile and lxml rather than python-docx's `Document`: only the main part and
the styles are needed, and python-docx parses every part and builds proxies for them, a fifth of the time
of a whole agreement's extraction. python-docx still supplies Word's UI names of built-in styles.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from extractors.docx_package import converted_to_docx, needs_conversion, read_head, read_package
from extractors.docx_xml import (
    DELETED,
    MC_FALLBACK,
    NS,
    ON,
    W_BR,
    W_CR,
    W_CUSTOM_XML,
    W_HIGHLIGHT,
    W_NO_BREAK_HYPHEN,
    W_P,
    W_R,
    W_SDT,
    W_SDT_CONTENT,
    W_SHD,
    W_STYLE,
    W_STYLE_ID,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TR,
    W_TXBX,
    W_VAL,
    w,
)
from models import Block, ExtractedDocument
from pipeline.bullets import BULLET
from pipeline.paragraphs import row_lines

GREEN_HIGHLIGHTS = frozenset({"green", "brightGreen", "darkGreen"})
GREEN_MARGIN = 40  # a shading fill whose green exceeds red and blue by this much reads as green
MIN_MARKED_CHARS = 25

# Subtrees whose text is not part of the accepted reading: deletions, field instructions, property blocks,
# the VML fallback copy of a text box (its mc:Choice twin is read), and text boxes, which become blocks of
# their own after the paragraph that anchors them.
_SKIPPED_INLINE = frozenset(
    {w(tag) for tag in ("del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr", "sdtPr")}
    | {MC_FALLBACK, W_TXBX}
)
_PAGE_BREAK = etree.XPath("./w:r/w:br[@w:type='page'] | ./w:ins/w:r/w:br[@w:type='page']", namespaces=NS)
# Elements that only wrap block content (paragraphs, tables) and are read through.
_BLOCK_WRAPPERS = frozenset({W_SDT, W_SDT_CONTENT, W_CUSTOM_XML})


def is_available() -> bool:
    """python-docx is the only hard requirement; soffice is needed for .doc, .rtf and .odt and checked there."""
    return importlib.util.find_spec("docx") is not None


def extract(path: Path) -> ExtractedDocument:
    """Read a .docx (or a .doc, .rtf or .odt, converted with LibreOffice first) into blocks in reading order."""
    path = Path(path)
    head = read_head(path)
    if needs_conversion(path, head):
        with converted_to_docx(path) as converted:
            return extract(converted)
    body, styles = read_package(path, head)
    return ExtractedDocument(
        blocks=list(_BodyWalker(styles).blocks(body)), format="docx", marked_guidance=_green_spans(body)
    )


class _BodyWalker:
    """Turns body XML into blocks; holds the style facts (names, list styles) that paragraphs refer to."""

    def __init__(self, style_sheet: etree._Element | None) -> None:
        """Read the paragraph styles off styles.xml (none: Word's defaults, no list styles)."""
        from docx.styles import BabelFish

        styles = [
            style
            for style in (style_sheet.iterchildren(W_STYLE) if style_sheet is not None else ())
            if style.get(w("type"), "paragraph") == "paragraph"
        ]
        self.style_names: dict[str, str] = {
            style.get(W_STYLE_ID, ""): BabelFish.internal2ui(name.get(W_VAL, ""))
            for style in styles
            if (name := style.find("w:name", NS)) is not None
        }
        numbering = {style.get(W_STYLE_ID, ""): _own_numbering(style) for style in styles}
        based_on = {
            style.get(W_STYLE_ID, ""): parent.get(W_VAL, "")
            for style in styles
            if (parent := style.find("w:basedOn", NS)) is not None
        }
        self.list_style_ids: set[str] = {
            style_id for style_id in numbering if _style_is_list(style_id, numbering, based_on)
        }
        defaults = [style.get(W_STYLE_ID) for style in styles if style.get(w("default")) in ON]
        self.default_style_id: str | None = defaults[-1] if defaults else None  # the spec: the last one wins

    def blocks(self, container: etree._Element) -> Iterator[Block]:
        """Blocks of any block container (body, cell, text box, content control) in document order."""
        for child in container.iterchildren():
            if child.tag == W_P:
                yield from self._paragraph_blocks(child)
            elif child.tag == W_TBL:
                yield from self._table_blocks(child)
            elif child.tag in _BLOCK_WRAPPERS and not _shows_placeholder(child):
                yield from self.blocks(child)

    def _paragraph_blocks(self, p: etree._Element) -> Iterator[Block]:
        text = _inline_text(p).strip()
        textboxes = _own_textboxes(p)
        style_id = self._style_id(p)
        page_break = _has_page_break(p)
        if text:
            bullet = BULLET if self._is_list_item(p, style_id) else ""
            yield Block(kind="paragraph", text=bullet + text, style=self.style_names.get(style_id or ""))
        elif not (textboxes or page_break or _paragraph_mark_deleted(p)):
            yield Block(kind="blank")
        for box in textboxes:
            yield from self.blocks(box)
        if page_break:
            yield Block(kind="page_break")

    def _table_blocks(self, tbl: etree._Element) -> Iterator[Block]:
        for tr in _rows(tbl):
            if tr.find("w:trPr/w:del", NS) is not None:
                continue  # a row deleted with tracked changes on
            cells: list[str] = []
            nested: list[Block] = []
            for tc in _cells(tr):
                text, inner_rows = self._cell_content(tc)
                cells.append(text)
                nested.extend(inner_rows)
            yield Block(kind="row", cells=cells)
            yield from nested

    def _cell_content(self, tc: etree._Element) -> tuple[str, list[Block]]:
        """A cell's paragraphs joined by newlines, and the rows of tables nested in it. A table set
        between a cell's paragraphs (a schedule inside "Indhold og praksis") is read in its place, a row a
        line; a cell holding only a table (a layout grid) gives its rows, emitted after the outer row."""
        if _is_merge_continuation(tc):
            return "", []
        blocks = list(self.blocks(tc))
        if not any(block.kind == "paragraph" for block in blocks):
            return "", [block for block in blocks if block.is_row]
        lines: list[str] = []
        for block in blocks:
            lines.extend(row_lines(block.cells) if block.is_row else [block.text])
        return "\n".join(lines).strip(), []

    def _style_id(self, p: etree._Element) -> str | None:
        style = p.find("w:pPr/w:pStyle", NS)
        return style.get(W_VAL) if style is not None else self.default_style_id

    def _is_list_item(self, p: etree._Element, style_id: str | None) -> bool:
        """Numbered or bulleted in Word, either directly or through its style; numId 0 switches numbering off.

        Heading styles are left alone: outline-numbered headings ("1. Kort om boligområdet") are headings,
        not list items, and a bullet would hide them from the segmenter.
        """
        if self.style_names.get(style_id or "", "").lower().startswith("heading"):
            return False
        num_id = p.find("w:pPr/w:numPr/w:numId", NS)
        if num_id is not None:
            return num_id.get(W_VAL) != "0"
        return style_id in self.list_style_ids


def _own_numbering(style: etree._Element) -> bool | None:
    """Whether a style's own properties switch numbering on (True) or off (numId 0), None if silent."""
    num_id = style.find("w:pPr/w:numPr/w:numId", NS)
    return None if num_id is None else num_id.get(W_VAL) != "0"


def _style_is_list(style_id: str, numbering: dict[str, bool | None], based_on: dict[str, str]) -> bool:
    """A paragraph style numbers its paragraphs when it, or the nearest style it is based on that says
    anything about numbering, carries a numPr."""
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current in numbering and current not in seen:
        seen.add(current)
        if numbering[current] is not None:
            return bool(numbering[current])
        current = based_on.get(current)
    return False


def _inline_text(element: etree._Element) -> str:
    """The accepted text of a paragraph: runs, hyperlinks, insertions, fields and inline content controls."""
    parts: list[str] = []
    for node in element.iterchildren():
        tag = node.tag
        if tag in _SKIPPED_INLINE or not isinstance(tag, str) or _shows_placeholder(node):
            continue
        if tag == W_T:
            parts.append(node.text or "")
        elif tag == W_TAB:
            parts.append("\t")
        elif tag == W_CR or (tag == W_BR and node.get(w("type")) in (None, "textWrapping")):
            parts.append("\n")
        elif tag == W_NO_BREAK_HYPHEN:
            parts.append("-")
        else:
            parts.append(_inline_text(node))
    return "".join(parts)


def _green_spans(body: etree._Element) -> list[str]:
    """Runs of text highlighted or shaded green, joined where they follow each other in a paragraph.

    LBF's templates print their guidance on a green highlight ("Vejledende tekst er fremhævet med grønt og
    slettes af ansøger"), so green text left in a filled-in agreement is guidance even where the
    guidance catalogue lacks that sentence. Spans shorter than MIN_MARKED_CHARS are left alone: a
    highlighted word or figure is the applicant's emphasis.
    """
    marked = [props for mark in body.iter(W_HIGHLIGHT, W_SHD) if _is_green(props := mark.getparent())]
    paragraphs: dict[etree._Element, None] = {}  # in document order, once each
    for properties in marked:
        owner = properties.getparent()  # a run (rPr) or a paragraph (pPr)
        paragraph = owner if owner is None or owner.tag == W_P else next(owner.iterancestors(W_P), None)
        if paragraph is not None:
            paragraphs[paragraph] = None
    spans: list[str] = []
    for paragraph in paragraphs:
        current: list[str] = []
        paragraph_green = _is_green(paragraph.find("w:pPr", NS))
        for run in paragraph.iter(W_R):
            if run.getparent().tag in DELETED:
                continue
            if paragraph_green or _is_green(run.find("w:rPr", NS)):
                current.append(_inline_text(run))
            elif current:
                spans.append("".join(current))
                current = []
        if current:
            spans.append("".join(current))
    return [" ".join(span.split()) for span in spans if len(span.strip()) >= MIN_MARKED_CHARS]


def _is_green(properties: etree._Element | None) -> bool:
    """A run's or paragraph's properties set a green highlight or a green shading fill."""
    if properties is None:
        return False
    highlight = properties.find("w:highlight", NS)
    if highlight is not None and highlight.get(W_VAL) in GREEN_HIGHLIGHTS:
        return True
    shading = properties.find("w:shd", NS)
    fill = shading.get(w("fill"), "") if shading is not None else ""
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
        return False
    red, green, blue = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
    return green >= red + GREEN_MARGIN and green >= blue + GREEN_MARGIN


def _shows_placeholder(element: etree._Element) -> bool:
    """A content control still showing its prompt ("Klik her for at angive tekst") holds no applicant text."""
    return element.tag == W_SDT and element.find("w:sdtPr/w:showingPlcHdr", NS) is not None


def _own_textboxes(p: etree._Element) -> list[etree._Element]:
    """Text boxes anchored in this paragraph, not those nested in another text box or in a VML fallback."""
    boxes = []
    for box in p.iter(W_TXBX):
        ancestor = box.getparent()
        while ancestor is not None and ancestor is not p and ancestor.tag not in (W_TXBX, MC_FALLBACK):
            ancestor = ancestor.getparent()
        if ancestor is p:
            boxes.append(box)
    return boxes


def _has_page_break(p: etree._Element) -> bool:
    """A hard page break typed in this paragraph (kept or inserted, not deleted); it often ends a part."""
    return bool(_PAGE_BREAK(p))


def _paragraph_mark_deleted(p: etree._Element) -> bool:
    """An empty paragraph whose mark was deleted with tracked changes disappears once changes are accepted."""
    return p.find("w:pPr/w:rPr/w:del", NS) is not None


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    """Rows of a table, including rows wrapped in content controls or custom XML."""
    for child in tbl.iterchildren():
        if child.tag == W_TR:
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _rows(child)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    """Cells of a row; a legacy hMerge continuation cell is the tail of its left neighbour and is skipped.

    A horizontally merged cell is normally one `<w:tc>` with `w:gridSpan`, so it is read once as it is.
    """
    for child in tr.iterchildren():
        if child.tag == W_TC:
            merge = child.find("w:tcPr/w:hMerge", NS)
            if merge is None or merge.get(W_VAL) == "restart":
                yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _cells(child)


def _is_merge_continuation(tc: etree._Element) -> bool:
    """`<w:vMerge/>` without val="restart" continues the cell above; its text was read there."""
    merge = tc.find("w:tcPr/w:vMerge", NS)
    return merge is not None and merge.get(W_VAL) != "restart"
