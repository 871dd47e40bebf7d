"""DOCX extractor: the document body as ordered paragraph and table-row blocks.

The body XML is walked directly rather than through python-docx's `Table.rows[i].cells`, because that API
repeats a merged cell once per grid column and per spanned row: a Delmål cell spanning two indicator rows
would then read as two Delmål. Walking `<w:tc>` elements reads each cell once, and a vertical-merge
continuation cell is emitted empty so the columns still line up.

Tracked changes are read as if accepted (inserted text kept, deleted text dropped), since that is the text the
parties signed. Headers, footers, comments and footnotes live in other package parts and are never read.
Text boxes and content controls are part of the body and are read in place.

Untrusted files are checked before any XML is parsed: an OLE container (encrypted DOCX or an old .doc under a
.docx name), a zip whose directory promises more than `MAX_UNCOMPRESSED_BYTES` or an extreme compression
ratio, and zip entries flagged encrypted or of a zip version zipfile lacks are refused with an
ExtractionError. Every part read (rels, main part, styles) goes through one hardened lxml parser, and one
that declares a DTD or entities is refused, in UTF-8 and UTF-16 alike.

The package is read with zipfile and lxml rather than python-docx's `Document`: only the main part and the
styles are needed, and python-docx parses every part and builds proxies for them, a fifth of the time of a
whole agreement's extraction. python-docx still supplies Word's UI names of built-in styles.
"""

from __future__ import annotations

import importlib.util
import logging
import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from models import Block, ExtractedDocument, ExtractionError
from pipeline.paragraphs import row_lines

logger = logging.getLogger(__name__)

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 500
RATIO_CHECK_MIN_BYTES = 1024 * 1024
SOFFICE_TIMEOUT_S = 120
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rt"  # Word saves "Rich Text" under a .doc name too
MAIN_PART = "word/document.xml"  # where Word puts the main part when the package's _rels say nothing
OFFICE_DOCUMENT_REL = "/officeDocument"
STYLES_REL = "/styles"
RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# python-docx's settings (blank text between elements dropped), hardened: no entities, DTD or network.
_PARSER = etree.XMLParser(
    remove_blank_text=True, resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
)
BULLET = "• "

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}


def _w(tag: str) -> str:
    return f"{{{_NS['w']}}}{tag}"


W_P = _w("p")
W_TBL = _w("tbl")
W_TR = _w("tr")
W_TC = _w("tc")
W_SDT = _w("sdt")
W_SDT_CONTENT = _w("sdtContent")
W_CUSTOM_XML = _w("customXml")
W_TXBX = _w("txbxContent")
W_T = _w("t")
W_TAB = _w("tab")
W_BR = _w("br")
W_CR = _w("cr")
W_NO_BREAK_HYPHEN = _w("noBreakHyphen")
W_VAL = _w("val")
W_STYLE = _w("style")
W_R = _w("r")
W_HIGHLIGHT = _w("highlight")
W_SHD = _w("shd")
_DELETED = frozenset({_w("del"), _w("moveFrom")})
GREEN_HIGHLIGHTS = frozenset({"green", "brightGreen", "darkGreen"})
GREEN_MARGIN = 40  # a shading fill whose green exceeds red and blue by this much reads as green
MIN_MARKED_CHARS = 25
W_STYLE_ID = _w("styleId")
_ON = ("1", "true", "on")
MC_FALLBACK = f"{{{_NS['mc']}}}Fallback"

# Subtrees whose text is not part of the accepted reading: deletions, field instructions, property blocks,
# the VML fallback copy of a text box (its mc:Choice twin is read), and text boxes, which become blocks of
# their own after the paragraph that anchors them.
_SKIPPED_INLINE = frozenset(
    {_w(tag) for tag in ("del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr", "sdtPr")}
    | {MC_FALLBACK, W_TXBX}
)
_PAGE_BREAK = etree.XPath("./w:r/w:br[@w:type='page'] | ./w:ins/w:r/w:br[@w:type='page']", namespaces=_NS)
# Elements that only wrap block content (paragraphs, tables) and are read through.
_BLOCK_WRAPPERS = frozenset({W_SDT, W_SDT_CONTENT, W_CUSTOM_XML})


def is_available() -> bool:
    """python-docx is the only hard requirement; soffice is needed for .doc only and checked there."""
    return importlib.util.find_spec("docx") is not None


def extract(path: Path) -> ExtractedDocument:
    """Read a .docx (or a .doc, converted with LibreOffice first) into blocks in reading order."""
    path = Path(path)
    head = _read_head(path)
    if path.suffix.lower() == ".doc" and head.startswith((OLE_MAGIC, RTF_MAGIC)):
        return _extract_converted_doc(path)
    body, styles = _read_package(path, head)
    return ExtractedDocument(
        blocks=list(_BodyWalker(styles).blocks(body)), format="docx", marked_guidance=_green_spans(body)
    )


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(len(OLE_MAGIC))
    except OSError as exc:
        raise ExtractionError(path, f"cannot read file: {exc.strerror or exc}") from exc


def _extract_converted_doc(path: Path) -> ExtractedDocument:
    """Old binary Word files are converted by LibreOffice into a temporary DOCX and read as one."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise ExtractionError(path, "old Word .doc file, and LibreOffice (soffice) is missing to convert it")
    logger.info("converting %s to DOCX with LibreOffice", path)
    with tempfile.TemporaryDirectory(prefix="helhedsplan-doc-") as tmp:
        # A private profile keeps parallel conversions from fighting over one LibreOffice user directory.
        profile = Path(tmp, "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(path),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=SOFFICE_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            reason = f"LibreOffice did not convert the .doc within {SOFFICE_TIMEOUT_S} s"
            raise ExtractionError(path, reason) from exc
        converted = Path(tmp, f"{path.stem}.docx")
        if not converted.is_file():
            raise ExtractionError(path, "LibreOffice could not convert the .doc (corrupt or encrypted?)")
        return extract(converted)


def _read_package(path: Path, head: bytes) -> tuple[etree._Element, etree._Element | None]:
    """The body and the styles of a DOCX, after refusing files that are not a plain, reasonably sized
    DOCX zip. Only these two parts and the rels that lead to them are parsed, each by `_parse`."""
    if head.startswith(OLE_MAGIC):
        raise ExtractionError(path, "password-protected or encrypted Word file (OLE container, not a zip)")
    if not zipfile.is_zipfile(path):
        # A zip's directory sits at its end, so a cut-off DOCX still starts like one.
        truncated = head.startswith(ZIP_MAGIC)
        reason = "corrupt or truncated DOCX zip" if truncated else "not a DOCX file: not a zip"
        raise ExtractionError(path, reason)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_sizes(path, archive.infolist())
            names = set(archive.namelist())
            main = _related(path, archive, names, "", OFFICE_DOCUMENT_REL) or MAIN_PART
            if main not in names:
                raise ExtractionError(path, f"not a Word document: {main} is missing")
            styles = _related(path, archive, names, main, STYLES_REL)
            document = _parse(path, main, _read_member(path, archive, main))
            style_sheet = _parse(path, styles, _read_member(path, archive, styles)) if styles else None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ExtractionError(path, f"corrupt or truncated DOCX zip: {exc}") from exc
    except NotImplementedError as exc:  # the zip directory asks for a zip version zipfile lacks
        raise ExtractionError(path, f"unsupported DOCX: {exc}") from exc
    body = document.find("w:body", _NS)
    if body is None:
        raise ExtractionError(path, f"cannot open as a Word document: {main} has no body")
    return body, style_sheet


def _read_member(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    """One zip member's bytes. zipfile says "password required" for an entry flagged encrypted and
    NotImplementedError for a zip version or compression method it lacks; Word writes neither."""
    try:
        return archive.read(name)
    except RuntimeError as exc:  # zipfile's only RuntimeError on read is the encryption flag
        raise ExtractionError(path, f"encrypted DOCX: zip entry {name} is password-protected") from exc
    except NotImplementedError as exc:
        raise ExtractionError(path, f"unsupported DOCX: zip entry {name}: {exc}") from exc


def _related(path: Path, archive: zipfile.ZipFile, names: set[str], source: str, relationship: str) -> str | None:
    """The part that `source` ("" for the package) points to with a relationship of this type, as Word
    finds it: through the _rels file, so a main part called document2.xml is read too."""
    folder, _, file = source.rpartition("/")
    rels = posixpath.join(folder, "_rels", f"{file}.rels")
    if rels not in names:
        return None
    root = _parse(path, rels, _read_member(path, archive, rels))
    for rel in root.iterchildren(RELATIONSHIP):
        if rel.get("Type", "").endswith(relationship) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            name = posixpath.normpath(name)
            return name if name in names else None
    return None


def _parse(path: Path, name: str, data: bytes) -> etree._Element:
    """Parse one part with the hardened parser (no entities, DTD, network or huge trees), in whatever
    encoding it declares (UTF-8 or UTF-16), and refuse a part that declares a DTD: OOXML never needs one,
    so it can only be an entity-expansion or XXE attempt."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        if b"<!ENTITY" in data or "<!ENTITY".encode("utf-16-le") in data:
            raise ExtractionError(path, f"{name} declares entities, which Word files never do") from exc
        raise ExtractionError(path, f"cannot open as a Word document: {name}: {exc}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ExtractionError(path, f"{name} declares a DTD or entities, which Word files never do")
    return root


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Zip-bomb guard on the sizes the zip directory declares; zipfile never inflates a member beyond them."""
    total = sum(info.file_size for info in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        reason = f"zip expands to {total} bytes, over the {MAX_UNCOMPRESSED_BYTES} byte limit"
        raise ExtractionError(path, reason)
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            reason = f"zip member {info.filename} has compression ratio {ratio:.0f} (zip bomb?)"
            raise ExtractionError(path, reason)


class _BodyWalker:
    """Turns body XML into blocks; holds the style facts (names, list styles) that paragraphs refer to."""

    def __init__(self, style_sheet: etree._Element | None) -> None:
        """Read the paragraph styles off styles.xml (none: Word's defaults, no list styles)."""
        from docx.styles import BabelFish

        styles = [
            style
            for style in (style_sheet.iterchildren(W_STYLE) if style_sheet is not None else ())
            if style.get(_w("type"), "paragraph") == "paragraph"
        ]
        self.style_names: dict[str, str] = {
            style.get(W_STYLE_ID, ""): BabelFish.internal2ui(name.get(W_VAL, ""))
            for style in styles
            if (name := style.find("w:name", _NS)) is not None
        }
        numbering = {style.get(W_STYLE_ID, ""): _own_numbering(style) for style in styles}
        based_on = {
            style.get(W_STYLE_ID, ""): parent.get(W_VAL, "")
            for style in styles
            if (parent := style.find("w:basedOn", _NS)) is not None
        }
        self.list_style_ids: set[str] = {
            style_id for style_id in numbering if _style_is_list(style_id, numbering, based_on)
        }
        defaults = [style.get(W_STYLE_ID) for style in styles if style.get(_w("default")) in _ON]
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
            if tr.find("w:trPr/w:del", _NS) is not None:
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
        style = p.find("w:pPr/w:pStyle", _NS)
        return style.get(W_VAL) if style is not None else self.default_style_id

    def _is_list_item(self, p: etree._Element, style_id: str | None) -> bool:
        """Numbered or bulleted in Word, either directly or through its style; numId 0 switches numbering off.

        Heading styles are left alone: outline-numbered headings ("1. Kort om boligområdet") are headings,
        not list items, and a bullet would hide them from the segmenter.
        """
        if self.style_names.get(style_id or "", "").lower().startswith("heading"):
            return False
        num_id = p.find("w:pPr/w:numPr/w:numId", _NS)
        if num_id is not None:
            return num_id.get(W_VAL) != "0"
        return style_id in self.list_style_ids


def _own_numbering(style: etree._Element) -> bool | None:
    """Whether a style's own properties switch numbering on (True) or off (numId 0), None if silent."""
    num_id = style.find("w:pPr/w:numPr/w:numId", _NS)
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
        elif tag == W_CR or (tag == W_BR and node.get(_w("type")) in (None, "textWrapping")):
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
        paragraph_green = _is_green(paragraph.find("w:pPr", _NS))
        for run in paragraph.iter(W_R):
            if run.getparent().tag in _DELETED:
                continue
            if paragraph_green or _is_green(run.find("w:rPr", _NS)):
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
    highlight = properties.find("w:highlight", _NS)
    if highlight is not None and highlight.get(W_VAL) in GREEN_HIGHLIGHTS:
        return True
    shading = properties.find("w:shd", _NS)
    fill = shading.get(_w("fill"), "") if shading is not None else ""
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
        return False
    red, green, blue = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
    return green >= red + GREEN_MARGIN and green >= blue + GREEN_MARGIN


def _shows_placeholder(element: etree._Element) -> bool:
    """A content control still showing its prompt ("Klik her for at angive tekst") holds no applicant text."""
    return element.tag == W_SDT and element.find("w:sdtPr/w:showingPlcHdr", _NS) is not None


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
    return p.find("w:pPr/w:rPr/w:del", _NS) is not None


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
            merge = child.find("w:tcPr/w:hMerge", _NS)
            if merge is None or merge.get(W_VAL) == "restart":
                yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _cells(child)


def _is_merge_continuation(tc: etree._Element) -> bool:
    """`<w:vMerge/>` without val="restart" continues the cell above; its text was read there."""
    merge = tc.find("w:tcPr/w:vMerge", _NS)
    return merge is not None and merge.get(W_VAL) != "restart"
