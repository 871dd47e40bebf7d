"""Tables drawn without ruling lines, recovered from where their words stand.

Word tables whose borders were removed (shaded label cells only), browser prints of HTML tables and other
producers draw no grid, so the ruled-table finder sees none and every table line would be read as one
line running its cells together. pdfplumber's own "text" strategy finds such columns but takes each line
for a row and prose for tables, so the geometry is read here the way `pdftotext -layout` text is
(extractors.text_layout):

- a line splits into segments at gaps far wider than a space (the cells' padding on both sides);
- a run of consecutive lines is a table when two or more of them split and white-space "rivers" (x
  ranges no line of the run covers) survive over the whole run: the rivers are the column gaps, and a
  line that crosses one (body text after the table) ends the run;
- a row starts where two or more columns begin a cell at the same height while no column's paragraph
  runs on through it (cells are top-aligned; a merged cell leaves its column empty), or, for cells set
  in the middle of their row (browser prints), where a band of white space wider than any within a
  cell crosses every column;
- each cell is then read like a ruled one (extractors.pdf_tables.cell_text), so its wraps and paragraph
  ends are judged by the same rule.

A page's ruled tables are read first; only the glyphs outside them come here.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pdfplumber.utils.text import WordExtractor

from extractors.pdf_furniture import MARGIN_BAND, is_page_number
from extractors.pdf_items import PdfLine, PdfRow, PdfTable
from extractors.pdf_tables import cell_text
from extractors.pdf_wraps import CellText
from pipeline.bullets import is_bullet_token

COLUMN_GAP_SHARE = 0.8  # a gap between words this share of the font size wide separates two cells
MIN_SPLIT_LINES = 2  # lines with a column gap that a run needs to be a table
LINE_GAP_SHARE = 2.5  # a table's consecutive lines are never further apart than this share of their size
SIZE_TOLERANCE = 1.5  # points: a line set larger than the table's text (a heading) is not in the table
TOP_TOLERANCE = 2.0  # points: cells of one row start at the same height
PADDING_SHARE = 1.2  # two cell paddings (Word's, LibreOffice's, a browser's) are at most this share of the size
LEADING_SHARE = 0.5  # lines of one paragraph are set closer than this share of their size
MAX_CONTINUED_CELLS = 1  # a row may start beside one merged cell whose text goes on from the row above
SAME_LINE_SHARE = 0.5  # words whose tops differ by less than this share of their size are on one line
PARAGRAPH_GAP_SHARE = 0.3  # lines of a cell's paragraph are no further apart than its tightest gap + this × size

_ITEM_NUMBER = re.compile(r"\(?[0-9]{1,2}[.)]|\(?[a-zæøå][.)]")

Char = dict[str, Any]


@dataclass
class Segment:
    """Words of one line that stand together: one cell's line of text."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    chars: list[Char] = field(default_factory=list)


@dataclass
class Line:
    """The segments that share one baseline band of the page, left to right."""

    segments: list[Segment]

    @property
    def top(self) -> float:
        return min(segment.top for segment in self.segments)

    @property
    def bottom(self) -> float:
        return max(segment.bottom for segment in self.segments)

    @property
    def size(self) -> float:
        return max(segment.size for segment in self.segments)


def borderless_tables(
    chars: list[Char], page: int, height: float, text_lines: Callable[[list[Char]], list[PdfLine]]
) -> tuple[list[PdfTable], list[Char]]:
    """The page's tables without rules, and the glyphs left for its text lines. A lone line that splits
    into cells at the foot of the page (below it only the footer margin) becomes a tentative table, with
    its `text_lines` to fall back on (extractors.pdf_items.PdfTable)."""
    lines = [line for line in _lines(chars) if not _is_page_number(line, height)]
    tables: list[PdfTable] = []
    used: set[int] = set()
    for run in _runs(lines, _foot(lines, height)):
        table = _table(run, page)
        if table is None:
            continue
        glyphs = [char for line in run for segment in line.segments for char in segment.chars]
        if sum(len(line.segments) > 1 for line in run) < MIN_SPLIT_LINES:
            table.fallback = text_lines(glyphs)
        tables.append(table)
        used.update(id(char) for char in glyphs)
    return tables, [char for char in chars if id(char) not in used]


def _is_page_number(line: Line, height: float) -> bool:
    """A page number in the top or bottom margin band, which no table beside it holds."""
    in_margin = line.bottom <= MARGIN_BAND * height or line.top >= (1 - MARGIN_BAND) * height
    return in_margin and is_page_number(" ".join(_text(segment) for segment in line.segments))


def _text(segment: Segment) -> str:
    return "".join(char["text"] for char in sorted(segment.chars, key=lambda char: char["x0"])).strip()


def _foot(lines: list[Line], height: float) -> Line | None:
    """The page's last line that splits into cells, when only lines in the footer margin follow it (the rest
    of its row, a footer)."""
    for line in reversed(lines):
        if len(line.segments) > 1:
            return line
        if line.top < (1 - MARGIN_BAND) * height:
            return None
    return None


def _lines(chars: list[Char]) -> list[Line]:
    """Words grouped into lines by their tops and split into segments at column-wide gaps; the space
    glyphs between a segment's words go with it, as a cell's text needs them."""
    extractor = WordExtractor(x_tolerance=1.5, y_tolerance=1.5)
    words = sorted(extractor.iter_extract_tuples(chars), key=lambda pair: (pair[0]["top"], pair[0]["x0"]))
    bands: list[list[tuple[Char, list[Char]]]] = []
    for word, glyphs in words:
        size = max(float(glyph["size"]) for glyph in glyphs)
        if bands and abs(float(word["top"]) - float(bands[-1][0][0]["top"])) < SAME_LINE_SHARE * size:
            bands[-1].append((word, glyphs))
        else:
            bands.append([(word, glyphs)])
    lines = [Line(_segments(band)) for band in bands]
    _add_spaces(lines, [char for char in chars if char["text"].isspace()])
    return lines


def _add_spaces(lines: list[Line], spaces: list[Char]) -> None:
    """Give each space glyph to the segment it stands in (between two of its words)."""
    tops = [line.top for line in lines]
    for space in spaces:
        x, y = (space["x0"] + space["x1"]) / 2, (space["top"] + space["bottom"]) / 2
        index = bisect.bisect_right(tops, y) - 1
        for line in lines[max(index - 1, 0) : index + 1]:
            for segment in line.segments:
                if segment.x0 <= x <= segment.x1 and segment.top <= y <= segment.bottom:
                    segment.chars.append(space)


def _segments(band: list[tuple[Char, list[Char]]]) -> list[Segment]:
    """A line's words, left to right, cut where the gap is wider than any space between words."""
    segments: list[Segment] = []
    for word, glyphs in sorted(band, key=lambda pair: float(pair[0]["x0"])):
        size = max(float(glyph["size"]) for glyph in glyphs)
        x0, x1 = float(word["x0"]), float(word["x1"])
        last = segments[-1] if segments else None
        if last is not None and x0 - last.x1 < COLUMN_GAP_SHARE * max(size, last.size):
            last.x1, last.size = max(last.x1, x1), max(last.size, size)
            last.top, last.bottom = min(last.top, word["top"]), max(last.bottom, word["bottom"])
            last.chars.extend(glyphs)
        else:
            segments.append(Segment(x0, x1, float(word["top"]), float(word["bottom"]), size, list(glyphs)))
    if len(segments) > 1 and _is_list_marker(segments[0]):
        marker, first = segments.pop(0), segments[0]
        first.x0, first.chars = marker.x0, marker.chars + first.chars
    return segments


def _is_list_marker(segment: Segment) -> bool:
    """A bullet glyph or an item number ("1.", "a)") set apart from its item's text by a tab: the start
    of a list item, not a cell."""
    text = _text(segment)
    return is_bullet_token(text) or _ITEM_NUMBER.fullmatch(text) is not None


def _runs(lines: list[Line], last: Line | None) -> list[list[Line]]:
    """Runs of consecutive lines whose column gaps hold, seeded by a line that splits, with two or more
    lines that split, or holding `last`, the split line at the page's foot (a table the page break cut
    after its first line)."""
    runs: list[list[Line]] = []
    start = 0
    while start < len(lines):
        if len(lines[start].segments) < 2:
            start += 1
            continue
        run = [lines[start]]
        end = start + 1
        while end < len(lines) and _joins(run, lines[end], below=True):
            run.append(lines[end])
            end += 1
        first = start
        floor = runs[-1][-1].bottom if runs else float("-inf")
        while first > 0 and lines[first - 1].top > floor and _joins(run, lines[first - 1], below=False):
            first -= 1
            run.insert(0, lines[first])
        while len(run[0].segments) == 1 and first > 0 and _same_paragraph(lines[first - 1], run[0]):
            first += 1
            run.pop(0)
        while len(run[-1].segments) == 1 and end < len(lines) and _same_paragraph(run[-1], lines[end]):
            end -= 1
            run.pop()
        if sum(len(line.segments) > 1 for line in run) >= MIN_SPLIT_LINES or any(line is last for line in run):
            runs.append(run)
            start = end
        else:
            start += 1
    return runs


def _same_paragraph(line: Line, nxt: Line) -> bool:
    """Two lines set as close as the lines of one paragraph: a short line beside a line that crossed the
    table's gaps is that paragraph's first or last line, not a cell's."""
    return nxt.top - line.bottom < LEADING_SHARE * line.size


def _joins(run: list[Line], line: Line, below: bool) -> bool:
    """Does `line` belong to the table `run` forms: close above or below it, set in its type size, and
    crossing none of its column gaps?"""
    edge = run[-1] if below else run[0]
    gap = line.top - edge.bottom if below else edge.top - line.bottom
    size = statistics.median(line.size for line in run)
    if gap > LINE_GAP_SHARE * size or line.size > size + SIZE_TOLERANCE:
        return False
    rivers = _rivers(run)
    after = _rivers([*run, line])
    return all(any(r0 <= a0 and a1 <= r1 for a0, a1 in after) for r0, r1 in rivers)


def _rivers(lines: list[Line]) -> list[tuple[float, float]]:
    """The x ranges, between the lines' outer edges, that no segment covers and that are as wide as a
    column gap."""
    spans = sorted((segment.x0, segment.x1, segment.size) for line in lines for segment in line.segments)
    rivers = []
    reach = spans[0][1]
    for x0, x1, size in spans[1:]:
        if x0 - reach >= COLUMN_GAP_SHARE * size:
            rivers.append((reach, x0))
        reach = max(reach, x1)
    return rivers


def _table(run: list[Line], page: int) -> PdfTable | None:
    """The run read as rows of cells: each segment goes to the column between two gaps and to the row
    whose start it does not stand above."""
    rivers = _rivers(run)
    segments = [segment for line in run for segment in line.segments]
    columns: list[list[Segment]] = [[] for _ in range(len(rivers) + 1)]
    for segment in segments:
        columns[sum(segment.x0 >= r1 for _, r1 in rivers)].append(segment)
    if any(not column for column in columns):
        return None
    leading = _leading(columns)
    starts = _row_starts(run, columns, leading)
    lefts = [min(segment.x0 for segment in column) - 0.5 for column in columns]
    size = statistics.median(segment.size for segment in segments)
    rights = _rooms(columns, lefts, min([r1 - r0 for r0, r1 in rivers] + [PADDING_SHARE * size]))
    cells: list[list[list[Char]]] = [[[] for _ in columns] for _ in starts]
    for index, column in enumerate(columns):
        row, previous = 0, None
        for segment in sorted(column, key=lambda segment: segment.top):
            if previous is None or not _goes_on(leading, previous, segment):
                row = max(bisect.bisect_right(starts, segment.top + TOP_TOLERANCE) - 1, 0)
            cells[row][index].extend(segment.chars)
            previous = segment
    bounds = [start - TOP_TOLERANCE for start in starts] + [run[-1].bottom + TOP_TOLERANCE]
    rows = []
    for (top, bottom), row_cells in zip(itertools.pairwise(bounds), cells, strict=True):
        read = [_cell(glyphs, left, right, page) for glyphs, left, right in zip(row_cells, lefts, rights, strict=True)]
        rows.append(PdfRow([cell.text for cell in read], page, (lefts[0], top, rights[-1], bottom), read=read))
    columns_at = tuple(round(left, 1) for left in lefts)
    return PdfTable(rows=rows, page=page, top=run[0].top, columns=columns_at, ruled=False)


def _rooms(columns: list[list[Segment]], lefts: list[float], narrowest: float) -> list[float]:
    """The right edge of each column's room: the next column's text less the narrowest column gap (two
    cell paddings; `narrowest` is capped, as a table of few lines may have no text near a column's edge);
    for the last column its widest line; never short of the column's own text."""
    widest = [max(segment.x1 for segment in column) + 0.5 for column in columns]
    return [max(width, left - narrowest) for width, left in zip(widest, [*lefts[1:], 0.0], strict=True)]


def _cell(glyphs: list[Char], left: float, right: float, page: int) -> CellText:
    """One cell's text, read from its glyphs inside a box from its column's left to its room's right."""
    if not glyphs:
        return CellText("")
    top = min(float(glyph["top"]) for glyph in glyphs)
    bottom = max(float(glyph["bottom"]) for glyph in glyphs) + 1.0
    return cell_text((left, top, right, bottom), glyphs, page, [])[0]


def _row_starts(run: list[Line], columns: list[list[Segment]], leading: float) -> list[float]:
    """Heights where a table row begins: the run's first line, and each height where two or more columns
    begin a cell while at most one (a merged cell) goes on through it from above.

    Heights are the segments' own tops: a row's cells start level with each other, not with the lines of
    a merged cell beside them, so one line of the page may hold the end of one row and the start of the
    next."""
    starts = [run[0].top]
    tops = sorted({segment.top for column in columns for segment in column})
    for y in tops:
        if y - starts[-1] <= TOP_TOLERANCE:
            continue
        going = [_runs_through(column, y, leading) for column in columns]
        opening = sum(
            not goes and any(abs(segment.top - y) <= TOP_TOLERANCE for segment in column)
            for column, goes in zip(columns, going, strict=True)
        )
        if opening >= 2 and sum(going) <= MAX_CONTINUED_CELLS:
            starts.append(y)
    return starts


def _runs_through(column: list[Segment], y: float, leading: float) -> bool:
    """Does a paragraph of this column go on across height `y`: its last line above `y` and its next
    line at or below it are set as close as the lines of one paragraph?"""
    above = [segment for segment in column if segment.top < y - TOP_TOLERANCE]
    below = [segment for segment in column if segment.top >= y - TOP_TOLERANCE]
    if not above or not below:
        return False
    last = max(above, key=lambda segment: segment.top)
    return _goes_on(leading, last, min(below, key=lambda segment: segment.top))


def _goes_on(leading: float, line: Segment, nxt: Segment) -> bool:
    """Is `nxt` the next line of `line`'s paragraph (set no further below it than this column's lines of
    one paragraph are)? A merged cell's text runs on past the start of the next row this way."""
    return nxt.top - line.bottom <= leading + PARAGRAPH_GAP_SHARE * line.size


def _leading(columns: list[list[Segment]]) -> float:
    """The white space between two lines of one paragraph in this table: the tightest gap in any of its
    columns, but never more than a paragraph's lines are set apart (a table of one-line cells has only
    gaps between rows)."""
    gaps = [
        b.top - a.bottom
        for column in columns
        for a, b in itertools.pairwise(sorted(column, key=lambda segment: segment.top))
        if b.top > a.bottom
    ]
    size = statistics.median(segment.size for column in columns for segment in column)
    return min([*gaps, LEADING_SHARE * size])
