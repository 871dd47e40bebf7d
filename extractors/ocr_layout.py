"""Tesseract's TSV → a page layout: words into the cells of the ruled tables found on the scan, the rest
into lines, each with its box and its words' mean confidence.

Ruled tables (the Delmål/Indikator table, label/value activity schemas) are recovered from the scan
itself: the rules raster.find_rules found become edges for pdfplumber's own edges → intersections →
cells → tables steps, so that words can be put back into their cells.

Each line also gets the horizontal extent the text layer's paragraph rule (extractors.pdf_wraps) reads:
where it starts and ends, how wide its first word is and how wide a space is. So a scanned page's lines
are grouped into paragraphs, and its cells' wraps joined, by the same rule as a digital PDF's, and the
parsers see one document shape whichever way the agreement was archived.
"""

from __future__ import annotations

import csv
import io
import itertools
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from pdfplumber.table import (
    Table,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from extractors.pdf_items import WordConfidences
from extractors.pdf_layer import rule_edge
from extractors.pdf_wraps import SPACE_SHARE, CellText, GlyphLine, joined, paragraphs
from pipeline.bullets import BULLET, is_ocr_bullet, normalise_bullet

RULE_TOLERANCE_INCH = 0.02  # rule pieces this close are one rule; rules meet within this distance
# Pieces of one rule in line with each other are joined across gaps this wide: in a blurred, noisy scan a
# rule breaks up, often right where it crosses another, and a row border that stops short of a column
# border merges two rows' cells.
RULE_GAP_INCH = 0.08
# Below this tesseract confidence a word without letters or digits is a rule remnant or a speckle.
# Words with letters are kept here (ocr_specks judges unsure ones by their ink): psm 4 reads a table row
# as one line, and the words after a cell border then get low confidences although they are right.
MIN_SYMBOL_CONFIDENCE = 60
RULE_TRACES = frozenset("|¦")  # a scan has no table pipes: read alone, one is a rule's or a hair's trace
MEANINGFUL_SYMBOLS = frozenset("%§&")  # symbol-only words that carry content ("81,1 %")
DASHES = frozenset({"-", "–", "—"})
# Tesseract's Danish model reads the en dash of "Ulla Dupont – leder af …" as an em dash; Danish text
# hardly uses em dashes, so OCR'd ones are turned back, to match the text layer of the same document.
OCR_DASH_FIXES = str.maketrans({"—": "–"})
WORD_LEVEL = "5"  # tesseract TSV row level of a single word
# OCR gives no font sizes; a line's is read off its words that reach from the baseline to the ascender
# line and no lower (capitals, digits, "b d f h k l t"): their height is about this share of the type size
# in the common sans and serif faces. A heading set larger than the text then tells from it, as a text
# layer's font size does.
ASCENDER_SHARE = 0.73
ASCENDING = frozenset("bdfhklt0123456789ABCDEFGHIKLMNOPRSTUVWXYZÆØÅÉ")
DESCENDING = frozenset("gjpqyJQ(),;[]{}/|@$§")
POINTS_PER_INCH = 72

Bbox = tuple[float, float, float, float]


@dataclass(frozen=True)
class OcrWord:
    """One recognised word in image pixels; `line` is tesseract's (block, paragraph, line) number."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    line: tuple[int, int, int]
    conf: float = 100.0


@dataclass(frozen=True)
class OcrLine:
    """A text line outside tables, in points; `paragraph` numbers tesseract's paragraphs on the page,
    `confidence` is its words' mean (0-1), `words` each word with its own."""

    text: str
    top: float
    bottom: float
    paragraph: int
    x0: float = 0.0
    x1: float = 0.0
    confidence: float = 1.0
    glyphs: GlyphLine | None = None
    size: float = 0.0  # type size in points, estimated from the words' heights
    words: WordConfidences = ()


@dataclass(frozen=True)
class OcrTable:
    """A ruled table read off the scan, in points; `columns` are the cells' left edges; each row has a box
    and its words' mean confidence (None for a row without words); `read` holds each cell with its first
    and last line, so a row cut by a page break can be joined as a text layer's is."""

    rows: list[list[str]]
    top: float
    columns: tuple[float, ...]
    row_boxes: tuple[Bbox, ...] = ()
    row_confidences: tuple[float | None, ...] = ()
    row_words: tuple[WordConfidences, ...] = ()  # each row's words with their confidences, in reading order
    read: tuple[tuple[CellText, ...], ...] = ()


@dataclass(frozen=True)
class OcrPage:
    """One OCR'd page: its plain text, and the same words split into table rows and lines outside.

    Coordinates are points of the paper as scanned, upright (the image's real resolution, not the PDF's
    page size); `height` is the upright page's (a page scanned sideways is taller than the PDF says).
    """

    text: str
    lines: list[OcrLine]
    tables: list[OcrTable]
    height: float


def grid_tables(horizontal: np.ndarray, vertical: np.ndarray, ppi: float) -> list[list[Bbox]]:
    """Cell boxes of each ruled table, by pdfplumber's own lattice steps run on the scan's rule masks.

    A lone framed box (one cell) is a text frame or the scan's border, not a table.
    """
    edges = _mask_edges(horizontal, "h") + _mask_edges(vertical.T, "v")
    if not edges:
        return []
    tolerance, gap = RULE_TOLERANCE_INCH * ppi, RULE_GAP_INCH * ppi
    edges = merge_edges(edges, tolerance, tolerance, gap, gap)
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    return [table for table in cells_to_tables(cells) if len(table) > 1]


def _mask_edges(mask: np.ndarray, orientation: str) -> list[dict[str, Any]]:
    """One edge per pixel row of each run; merge_edges then snaps a thick rule's rows into one.

    Only the few rows that hold any rule pixel are scanned for runs.
    """
    edges = []
    for row in np.flatnonzero(mask.any(axis=1)).tolist():
        change = np.diff(mask[row].astype(np.int8), prepend=0, append=0)
        starts, ends = np.flatnonzero(change == 1).tolist(), np.flatnonzero(change == -1).tolist()
        for start, end in zip(starts, ends, strict=True):
            if orientation == "h":
                edges.append(rule_edge(start, end, row, row, "h"))
            else:
                edges.append(rule_edge(row, row, start, end, "v"))
    return edges


def parse_tsv(tsv: str) -> list[OcrWord]:
    """The words of tesseract's TSV output, in its reading order."""
    return [word for _, word in paged_words(tsv)]


def paged_words(tsv: str) -> list[tuple[int, OcrWord]]:
    """The words of tesseract's TSV output with the (1-based) page of a multi-page image each is on."""
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [
        (
            int(row["page_num"]),
            OcrWord(
                text=row["text"].strip().translate(OCR_DASH_FIXES),
                x0=float(row["left"]),
                top=float(row["top"]),
                x1=float(row["left"]) + float(row["width"]),
                bottom=float(row["top"]) + float(row["height"]),
                line=(int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
                conf=float(row["conf"]),
            ),
        )
        for row in rows
        if row["level"] == WORD_LEVEL and (row["text"] or "").strip()
    ]


def mean_confidence(words: list[OcrWord]) -> float:
    """Mean word confidence, 0-100: a page read upside down scores under half of a page read upright."""
    return sum(word.conf for word in words) / len(words) if words else 0.0


def word_confidences(words: list[OcrWord]) -> WordConfidences:
    """Each word's text with tesseract's confidence in it (0-1), kept with the blocks for provenance."""
    return tuple((word.text, round(word.conf / 100, 3)) for word in words)


def _is_noise(word: OcrWord, opens_line: bool) -> bool:
    """Speckles and rule remnants: unsure symbol-only words, except a bullet misread as "+" or "«" where
    a line (of a cell) starts, which the bullet cleanup turns back into "• ", and a dash between words
    ("LBF - Boligsociale data"), which tesseract often reads with little confidence. A lone pipe is a
    rule's trace however sure tesseract was of it. (Specks too small for any glyph went before the
    second look, in ocr_specks.)"""
    if any(char.isalnum() or char in MEANINGFUL_SYMBOLS for char in word.text):
        return False
    if all(char in RULE_TRACES for char in word.text):
        return True
    if word.conf >= MIN_SYMBOL_CONFIDENCE:
        return False
    if not opens_line and word.text in DASHES:
        return False
    return not (opens_line and is_ocr_bullet(word.text))


def _group_lines(words: list[OcrWord]) -> dict[tuple[int, int, int], list[OcrWord]]:
    """Words per tesseract line, in reading order, noise dropped.

    Grouping comes first because a table row is one tesseract line across all its cells: only within a
    cell's share of it is it clear which word opens a line.
    """
    lines: defaultdict[tuple[int, int, int], list[OcrWord]] = defaultdict(list)
    for word in words:
        lines[word.line].append(word)
    cleaned = {
        key: [w for i, w in enumerate(line) if not _is_noise(w, i == 0)]
        for key, line in lines.items()
    }
    return {key: line for key, line in cleaned.items() if line}


def layout_page(words: list[OcrWord], grids: list[list[Bbox]], ppi: float, height: float) -> OcrPage:
    """Put words into table cells by their centre; the rest become lines. `ppi` maps pixels to points,
    `height` is the image's height in pixels."""
    scale = POINTS_PER_INCH / ppi
    space = _space_width(words) * scale
    in_table: set[int] = set()
    tables = []
    for cells in grids:
        read, boxes, confidences, row_words = [], [], [], []
        for row in Table(None, cells).rows:  # type: ignore[arg-type]
            taken: set[int] = set()
            top = row.bbox[1] * scale  # where an empty cell's text "ends", as the break-cut row test reads it
            cells_read = (
                _cell_text(words, cell, taken, scale, space) if cell else CellText("", bottom=top) for cell in row.cells
            )
            read.append(tuple(cells_read))
            in_table |= taken
            boxes.append(tuple(value * scale for value in row.bbox))
            taken_words = [words[index] for index in sorted(taken)]
            confidences.append(round(mean_confidence(taken_words) / 100, 3) if taken_words else None)
            row_words.append(word_confidences(taken_words))
        columns = tuple(sorted({round(cell[0] * scale, 1) for cell in cells}))
        tables.append(
            OcrTable(
                rows=[[cell.text for cell in row] for row in read],
                top=min(cell[1] for cell in cells) * scale,
                columns=columns,
                row_boxes=tuple(boxes),
                row_confidences=tuple(confidences),
                row_words=tuple(row_words),
                read=tuple(read),
            )
        )
    outside = [word for index, word in enumerate(words) if index not in in_table]
    return OcrPage(text=_plain_text(words), lines=_lines(outside, scale, space), tables=tables, height=height * scale)


def _space_width(words: list[OcrWord]) -> float:
    """The page's usual gap between two words of a line (pixels): what a space is wide in its type.

    Gaps wider than the words are tall are cell borders in a table row (psm 4 reads a row as one line),
    not spaces; a page without two words on a line falls back on a space's usual share of the type size.
    """
    gaps = [
        after.x0 - before.x1
        for before, after in itertools.pairwise(words)
        if before.line == after.line and 0 < after.x0 - before.x1 < before.bottom - before.top
    ]
    if gaps:
        return statistics.median(gaps)
    return SPACE_SHARE * statistics.median(word.bottom - word.top for word in words) if words else 0.0


def _glyph_line(text: str, line: list[OcrWord], scale: float, space: float) -> GlyphLine:
    """An OCR line's extent in points, as the paragraph rule reads a text-layer line's: a bullet read as
    its own word ("+", "«") is left out of where the text starts and of the first word's width."""
    first = line[1] if len(line) > 1 and text.startswith(BULLET) and _is_bullet(line[0].text) else line[0]
    return GlyphLine(
        text=text,
        x0=line[0].x0 * scale,
        text_x0=first.x0 * scale,
        x1=line[-1].x1 * scale,
        lead=(first.x1 - first.x0) * scale,
        space=space,
    )


def _is_bullet(word: str) -> bool:
    """A word that is only a bullet glyph, as tesseract reads one."""
    return normalise_bullet(f"{word} X", ocr=True) == f"{BULLET}X"


def _cell_text(words: list[OcrWord], cell: Bbox, taken: set[int], scale: float, space: float) -> CellText:
    """A cell's paragraphs, one per line, wraps joined by the text layer's rule; the room its lines had is
    the cell's inner width (the right padding taken as wide as the left)."""
    x0, top, x1, bottom = cell
    inside = [index for index, word in enumerate(words) if centre_in(word, cell)]
    taken.update(inside)
    grouped = list(_group_lines([words[index] for index in inside]).values())
    lines = [
        _glyph_line(normalise_bullet(" ".join(word.text for word in line), ocr=True), line, scale, space)
        for line in grouped
    ]
    if not lines:
        return CellText("", bottom=top * scale)
    right = (x1 - (min(words[index].x0 for index in inside) - x0)) * scale
    text = "\n".join(joined(group, right, mend_cut_words=True) for group in paragraphs(lines, right, capital_ends=True))
    last = grouped[-1]
    bottom, height = max(word.bottom for word in last), max(w.bottom for w in last) - min(w.top for w in last)
    return CellText(text, lines[0], lines[-1], right, bottom=bottom * scale, line_height=height * scale)


def centre_in(word: OcrWord, box: Bbox) -> bool:
    """Whether the word's centre lies in the box: the cell a word is sorted into."""
    x0, top, x1, bottom = box
    return x0 <= (word.x0 + word.x1) / 2 <= x1 and top <= (word.top + word.bottom) / 2 <= bottom


def type_height(line: list[OcrWord]) -> float:
    """The median height of a line's lettered words (pixels; 0 for a line without letters or digits)."""
    heights = [w.bottom - w.top for w in line if any(char.isalnum() for char in w.text)]
    return statistics.median(heights) if heights else 0.0


def _join_lines(words: list[OcrWord]) -> dict[tuple[int, int, int], str]:
    """Words joined per tesseract line, in reading order."""
    return {key: " ".join(word.text for word in line) for key, line in _group_lines(words).items()}


def _type_size(line: list[OcrWord]) -> float | None:
    """The line's type size in pixels, from its words that ascend and do not descend; None without one."""
    heights = [
        word.bottom - word.top
        for word in line
        if not DESCENDING.intersection(word.text) and ASCENDING.intersection(word.text)
    ]
    return statistics.median(heights) / ASCENDER_SHARE if heights else None


def _lines(words: list[OcrWord], scale: float, space: float) -> list[OcrLine]:
    """The lines outside tables; a line with no word to measure its type by (all "om en a") is taken to
    be in the page's usual size."""
    boxes = _group_lines(words)
    numbers = {key[:2]: number for number, key in enumerate(dict.fromkeys(k[:2] for k in boxes))}
    sizes = {key: _type_size(line) for key, line in boxes.items()}
    known = [size for size in sizes.values() if size is not None]
    usual = statistics.median(known) if known else None
    lines = []
    for key, line in boxes.items():
        size = sizes[key] or usual or max(word.bottom - word.top for word in line)
        text = normalise_bullet(" ".join(word.text for word in line), ocr=True)
        lines.append(
            OcrLine(
                text=text,
                top=min(word.top for word in line) * scale,
                bottom=max(word.bottom for word in line) * scale,
                paragraph=numbers[key[:2]],
                x0=min(word.x0 for word in line) * scale,
                x1=max(word.x1 for word in line) * scale,
                confidence=round(mean_confidence(line) / 100, 3),
                glyphs=_glyph_line(text, line, scale, space),
                size=size * scale,
                words=word_confidences(line),
            )
        )
    return lines


def _plain_text(words: list[OcrWord]) -> str:
    """Lines joined with newlines, a blank line between tesseract's paragraphs, as its txt output has."""
    chunks: list[str] = []
    previous: tuple[int, int] | None = None
    for key, text in _join_lines(words).items():
        if previous is not None and key[:2] != previous:
            chunks.append("")
        chunks.append(text)
        previous = key[:2]
    return "\n".join(chunks)
