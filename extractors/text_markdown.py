"""pandoc Markdown (`pandoc -t markdown`/`plain`, any `--columns`) → blocks in the DOCX shape.

pandoc re-wraps every paragraph at its column width and draws Word tables as grid tables (`+---+`,
`+===+` under the header, cells wrapped over several lines, blank lines between a cell's paragraphs),
simple or multiline tables (dash rules) and pipe tables. Here each table row becomes one row block
(a cell's paragraphs joined by "\\n", as the DOCX reader joins them; a cell merged down from the row
above is empty, as in DOCX), each paragraph one paragraph block with its wraps undone, `-   ` list items
"• " items and `#` headings paragraphs with a heading style. Grid tables are parsed by docutils'
reStructuredText grid-table parser (pandoc's grid syntax is the same apart from alignment colons and a
footer rule), so row and column spans come out right. Inline markup (`**`, `\\` escapes) is left to the
normaliser, which removes it for every format; pandoc's smart dashes (`--` for "–") are undone here,
because only this dialect writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docutils.parsers.rst.tableparser import GridTableParser, TableMarkupError
from docutils.statemachine import StringList

from extractors.text_html import CELL_SEPARATOR, html_blocks, starts_table, table_end
from extractors.text_markdown_breaks import word_broken
from models import Block
from pipeline.bullets import BULLET

_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_GRID_ROW = re.compile(r"^\s*[+|]")
_RULE_SEGMENTS = re.compile(r"^\s*-{3,}(?:\s+-{3,})+\s*$")  # a simple table's column rule
_FULL_RULE = re.compile(r"^\s*-{3,}\s*$")  # a multiline table's top and bottom rule
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+](\s+)|(?:\d{1,3}[.)]|#\.)(\s{2,}))(?=\S)")  # pandoc pads "1." to 4
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+\{[#.][^{}]*\})?\s*#*\s*$")  # `{#id}`: pandoc, PHP Markdown Extra
_SETEXT = re.compile(r"^(?:={3,}|-{3,})\s*$")  # a heading underlined (pandoc's setext headings, reStructuredText)
_LINE_BLOCK = re.compile(r"^\|(?: |$)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SMART_DASH = re.compile(r"(?<![-+|])(-{2,3})(?![-+|])")


def is_markdown(lines: list[str]) -> bool:
    """pandoc's own table and list syntax: grid borders, column rules, raw HTML tables or its `-   ` items."""
    return any(_GRID_BORDER.match(ln) or _RULE_SEGMENTS.match(ln) or starts_table(ln) for ln in lines) or (
        sum(1 for ln in lines if re.match(r"^\s*-   \S", ln)) >= 2
    )


def markdown_blocks(lines: list[str], width: int | None = None) -> list[Block]:
    """All blocks of a document (or of one table cell), in reading order.

    Blank lines only separate Markdown blocks; one is kept as a blank block where it parts two tables
    (so they stay two, as Word's empty paragraph between them does in DOCX) and dropped elsewhere.
    """
    raw = list(_Reader(lines, width).blocks())
    out: list[Block] = []
    for k, block in enumerate(raw):
        if block.kind == "blank":
            nxt = next((b for b in raw[k + 1 :] if b.kind != "blank"), None)
            if not (out and out[-1].is_row and nxt is not None and nxt.is_row):
                continue
            if out[-1].kind == "blank":
                continue
        out.append(block)
    return out


class _Reader:
    """One pass over the lines; each method consumes the lines of one construct from `self.i`."""

    def __init__(self, lines: list[str], width: int | None) -> None:
        self.lines = lines
        self.i = 0
        self.width = width  # a table cell's text width: a word wider than it is broken there, unhyphenated

    def blocks(self) -> Iterator[Block]:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line.strip():
                self.i += 1
                yield Block(kind="blank")
            elif _GRID_BORDER.match(line):
                yield from self._grid_table()
            elif starts_table(line):
                yield from self._html_table()
            elif self._at_simple_table():
                yield from self._simple_table()
            elif self._at_pipe_table():
                yield from self._pipe_table()
            elif heading := _HEADING.match(line):
                self.i += 1
                yield Block(text=_inline(heading.group(2)), style=f"Heading {len(heading.group(1))}")
            elif self._at_setext(self.i):
                self.i += 2
                level = 1 if self.lines[self.i - 1].strip()[0] == "=" else 2
                yield Block(text=_inline(line.strip()), style=f"Heading {level}")
            elif _LINE_BLOCK.match(line):
                yield self._line_block()
            elif line.strip() == "\f":
                self.i += 1
                yield Block(kind="page_break")
            else:
                yield self._paragraph()

    # --- paragraphs -------------------------------------------------------------------------------------

    def _starts_block(self, k: int) -> bool:
        line = self.lines[k]
        return bool(
            not line.strip()
            or _LIST_ITEM.match(line)
            or _GRID_BORDER.match(line)
            or _HEADING.match(line)
            or (k + 1 < len(self.lines) and _RULE_SEGMENTS.match(self.lines[k + 1]))
            or self._at_setext(k)
        )

    def _at_setext(self, k: int) -> bool:
        """A text line at the margin underlined with `===` or `---` (under an indented line the rule is a
        one-column simple table's)."""
        line = self.lines[k]
        if not line.strip() or line[:1].isspace() or _LIST_ITEM.match(line) or _GRID_ROW.match(line):
            return False
        return _SETEXT.match(self._line(k + 1)) is not None

    def _paragraph(self) -> Block:
        """A paragraph or one list item: its lines up to a blank line or the next block, wraps undone."""
        first = self.lines[self.i]
        item = _LIST_ITEM.match(first)
        parts = [first[item.end() :] if item else first]
        indent = len(item.group(0)) if item else 0
        self.i += 1
        while self.i < len(self.lines) and not self._starts_block(self.i):
            line = self.lines[self.i]
            if item and len(line) - len(line.lstrip()) < min(indent, 2):
                break  # a lazy line of a list item is still part of it; an unindented one after blank is not
            parts.append(line)
            self.i += 1
        text = _join_wrapped(parts, self.width)
        return Block(text=BULLET + text if item else text)

    def _line_block(self) -> Block:
        """`| ` lines keep their breaks (pandoc's line blocks: addresses, verse, typed line breaks)."""
        out: list[str] = []
        while self.i < len(self.lines) and (
            _LINE_BLOCK.match(self.lines[self.i])
            or (out and self.lines[self.i].startswith(" ") and self.lines[self.i].strip())
        ):
            line = self.lines[self.i]
            if _LINE_BLOCK.match(line):
                out.append(line[1:].strip())
            else:
                out[-1] = f"{out[-1]} {line.strip()}"
            self.i += 1
        return Block(text=_inline("\n".join(out)))

    # --- grid tables -----------------------------------------------------------------------------------

    def _grid_table(self) -> Iterator[Block]:
        start = self.i
        while self.i < len(self.lines) and _GRID_ROW.match(self.lines[self.i]) and self.lines[self.i].strip():
            self.i += 1
        table = [ln.strip() for ln in self.lines[start : self.i]]
        try:
            yield from _grid_rows(table)
        except TableMarkupError:
            # not a well-formed grid (hand-edited): keep its text, each line one paragraph
            for ln in table:
                if not _GRID_BORDER.match(ln):
                    yield Block(text=_inline(ln.strip("| ")))

    def _html_table(self) -> Iterator[Block]:
        """A raw HTML table, as writers without grid tables (gfm, commonmark) draw merged or rich cells."""
        start = self.i
        self.i = table_end(self.lines, start) or len(self.lines)
        yield from html_blocks("\n".join(self.lines[start : self.i]))

    # --- simple, multiline and pipe tables ---------------------------------------------------------------

    def _at_simple_table(self) -> bool:
        """A column rule under a header line, a headerless rule, or a multiline table's full rule."""
        line, nxt = self.lines[self.i], self._line(self.i + 1)
        if _RULE_SEGMENTS.match(line):
            return True
        if _RULE_SEGMENTS.match(nxt) and line.strip():
            return True
        if _FULL_RULE.match(line) and nxt.strip():
            return any(_RULE_SEGMENTS.match(self._line(k)) for k in range(self.i + 2, self.i + 6))
        return False

    def _simple_table(self) -> Iterator[Block]:
        start = self.i
        k = start
        while not _RULE_SEGMENTS.match(self.lines[k]):
            k += 1
        rule = self.lines[k]
        columns = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
        multiline = _FULL_RULE.match(self.lines[start]) is not None or self._headerless_multiline(start, k)
        header = [ln for ln in self.lines[start:k] if not _FULL_RULE.match(ln)]
        body: list[str] = []
        self.i = k + 1
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if _RULE_SEGMENTS.match(line) or (multiline and _FULL_RULE.match(line)):
                self.i += 1
                break
            if not line.strip() and not multiline:
                break
            body.append(line)
            self.i += 1
        groups = [header] if header else []
        if multiline:  # rows are separated by blank lines, each row's cells wrap inside their columns
            groups += _split_on_blank(body)
        else:
            groups += [[ln] for ln in body if ln.strip()]
        for group in groups:
            yield Block(kind="row", cells=[_cell_text(_column_lines(group, a, b, columns)) for a, b in columns])

    def _headerless_multiline(self, start: int, k: int) -> bool:
        """A table that opens with its column rule and holds blank lines before its closing rule is a
        headerless multiline table (pandoc writes one when the first row is no header): its rows are
        separated by blank lines, not ended by the first."""
        if start != k:
            return False
        seen_blank = previous_blank = False
        for line in self.lines[k + 1 :]:
            if _RULE_SEGMENTS.match(line):
                return seen_blank
            blank = not line.strip()
            if blank and previous_blank:  # two blank lines: the table ended without a closing rule
                return False
            seen_blank, previous_blank = seen_blank or blank, blank
        return False

    def _at_pipe_table(self) -> bool:
        return "|" in self.lines[self.i] and bool(_PIPE_SEPARATOR.match(self._line(self.i + 1)))

    def _pipe_table(self) -> Iterator[Block]:
        while self.i < len(self.lines) and "|" in self.lines[self.i] and self.lines[self.i].strip():
            line = self.lines[self.i]
            self.i += 1
            if _PIPE_SEPARATOR.match(line):
                continue
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            yield Block(kind="row", cells=[_inline(c) for c in cells])

    def _line(self, k: int) -> str:
        return self.lines[k] if k < len(self.lines) else ""


def _grid_rows(table: list[str]) -> Iterator[Block]:
    """Rows of one grid table: cells placed by column, a row-spanned cell's continuation left empty."""
    head_seen = False
    plain: list[str] = []
    for ln in table:  # docutils knows no alignment colons and only one header rule (pandoc adds a footer)
        if _GRID_BORDER.match(ln):
            ln = ln.replace(":", "=" if "=" in ln else "-")
            if "=" in ln:
                ln = ln.replace("=", "-") if head_seen else ln
                head_seen = True
        plain.append(ln)
    colspecs, head, body = GridTableParser().parse(StringList(plain))
    covered: dict[int, int] = {}  # column → rows still covered by a cell spanning down into them
    for row in head + body:
        cells: list[str] = []
        col = 0
        items = iter(c for c in row if c is not None)
        while col < len(colspecs):
            if covered.get(col, 0) > 0:
                covered[col] -= 1
                cells.append("")
                col += 1
                continue
            cell = next(items, None)
            if cell is None:
                break
            morerows, morecols, _offset, content = cell
            for c in range(col, col + morecols + 1):
                covered[c] = morerows
            width = sum(colspecs[col : col + morecols + 1]) + morecols - 2  # the borders' padding left out
            cells.append(_cell_text(list(content), width))
            col += morecols + 1
        yield Block(kind="row", cells=cells)


def _cell_text(lines: list[str], width: int | None = None) -> str:
    """A cell's own blocks as lines: paragraphs and items one per line, a nested table's rows as lines."""
    out: list[str] = []
    for block in markdown_blocks(_dedent(lines), width):
        if block.kind == "row":
            out.append(CELL_SEPARATOR.join(c for c in block.cells if c))
        elif block.text:
            out.append(block.text)
    return "\n".join(ln for ln in out if ln.strip())


def _column_lines(group: list[str], a: int, b: int, columns: list[tuple[int, int]]) -> list[str]:
    """The text of one column of a simple table: what stands under its rule, stretched to the next one."""
    index = columns.index((a, b))
    end = columns[index + 1][0] if index + 1 < len(columns) else None
    begin = columns[index - 1][1] if index > 0 else 0
    return [ln[begin:end].strip() for ln in group]


def _split_on_blank(lines: list[str]) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for ln in lines:
        if ln.strip():
            groups[-1].append(ln)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _dedent(lines: list[str]) -> list[str]:
    indents = [len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()]
    cut = min(indents, default=0)
    return [ln[cut:].rstrip() for ln in lines]


def _join_wrapped(parts: list[str], width: int | None) -> str:
    """pandoc wrapped these lines at its column width; a trailing backslash is a typed line break."""
    text = ""
    for part in parts:
        part = part.strip()
        if text.endswith("\\") and not text.endswith("\\\\"):
            text = text[:-1].rstrip() + "\n" + part
        elif text and word_broken(text, part, width):
            text += part
        else:
            text = f"{text} {part}" if text else part
    return _inline(text)


def _inline(text: str) -> str:
    """pandoc's smart punctuation back to characters (`--` is an en dash, `---` an em dash) and its
    backslash escapes of ASCII punctuation undone (`1\\.`, `1970\\'erne`); emphasis is the normaliser's."""
    text = _SMART_DASH.sub(lambda m: "–" if len(m.group(1)) == 2 else "—", text)
    return _ESCAPE.sub(r"\1", text)
