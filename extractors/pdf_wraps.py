"""Which line breaks of a PDF text layer end a paragraph and which are wraps, from the glyphs' positions.

A PDF keeps no paragraphs, only lines. A line that was wrapped ran as far as the words allowed: the next
line's first word did not fit in the room left. So a line ends its paragraph when that word would have
fitted (the author pressed Enter), when the next line is a list item, when the next line is indented
further than the text of this one, or when a sentence ends and the next line opens with a capital (a
paragraph may end on a full line; splitting prose at a sentence costs its value nothing, while joining two
list items loses both); otherwise the break is a wrap and the lines are joined
(pipeline.linebreaks decides about line-end hyphens). The same rule serves body text, with the page's text
column as the room, and table cells, with the cell's inner width. The blocks of a PDF then carry whole
paragraphs, as the DOCX of the same agreement does.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from pipeline.broken_words import rejoin_broken_words
from pipeline.bullets import BULLET
from pipeline.linebreaks import breaks_word, join_wrapped, name_runs_on, open_end

WORD_GAP_SHARE = 0.1  # a gap between glyphs this share of the font size wide is a space (kerning is less)
SPACE_SHARE = 0.25  # a space is about this share of the font size wide
INDENT_TOLERANCE = 2.0  # points: lines starting this close together start at the same indent
CUT_WORD_ROOM = 3  # spaces: a lone word ending closer than this to its room's edge may have been cut
SENTENCE_END = (".", "!", "?", ":")
FIT_SLACK = 1.0  # points: the room must beat the next word by this much (glyph boxes are not exact)
CLOSING_MARKS = (".", ",", ")", ";", ":", "!", "?")


@dataclass(frozen=True)
class GlyphLine:
    """One text line with the horizontal extent the paragraph rule needs (PDF points)."""

    text: str  # bullet glyphs already made "• "
    x0: float  # left edge of the first glyph (the bullet of a list item)
    text_x0: float  # left edge of the text, after a bullet and its space
    x1: float  # right edge of the last glyph
    lead: float  # width of the first word: what would have had to fit on the line above
    space: float  # width of a space at this line's size


def glyph_line(text: str, chars: list[dict[str, Any]]) -> GlyphLine | None:
    """A line's text (bullets already made "• ") and its glyphs as a GlyphLine; None for a line of spaces."""
    words = _words(chars)
    if not words:
        return None
    first = words[1] if text.startswith(BULLET) and len(words) > 1 else words[0]
    size = max(float(char["size"]) for word in words for char in word)
    return GlyphLine(
        text=text,
        x0=float(words[0][0]["x0"]),
        text_x0=float(first[0]["x0"]),
        x1=float(words[-1][-1]["x1"]),
        lead=float(first[-1]["x1"]) - float(first[0]["x0"]),
        space=SPACE_SHARE * size,
    )


def _words(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The line's glyphs grouped into words: at space glyphs, and at gaps wider than kerning (many
    producers draw no space glyphs)."""
    words: list[list[dict[str, Any]]] = [[]]
    for char in chars:
        if not char["text"] or char["text"].isspace():
            words.append([])
            continue
        gap = float(char["x0"]) - float(words[-1][-1]["x1"]) if words[-1] else 0.0
        if gap > WORD_GAP_SHARE * float(char["size"]):
            words.append([])
        words[-1].append(char)
    return [word for word in words if word]


def ends_paragraph(
    line: GlyphLine, nxt: GlyphLine, right: float, item_x0: float | None, capital_ends: bool = False
) -> bool:
    """Does the break after `line` end its paragraph? `right` is the right edge of the room the line had;
    `item_x0` the text indent of the list item the line belongs to, if any. With `capital_ends` (table
    cells, where one-line items such as parties fill the column), a line opening with a capital starts a
    paragraph of its own."""
    if breaks_word(line.text, nxt.text):
        return False  # a hyphenated word goes on
    if nxt.text.startswith(BULLET):
        return True
    fits = max(right, line.x1) - line.x1 > nxt.lead + line.space + FIT_SLACK
    if capital_ends and nxt.text[:1].isupper() and not (open_end(line.text) or name_runs_on(line.text, nxt.text)):
        return True
    if line.text.endswith(SENTENCE_END) and nxt.text[:1].isupper():
        return True  # a full line may end a paragraph too; at a sentence end a "\n" costs nothing if not
    if fits:
        return True  # the next word would have fitted: the author ended the line
    if nxt.x0 > line.text_x0 + INDENT_TOLERANCE and (item_x0 is None or nxt.x0 > item_x0 + INDENT_TOLERANCE):
        return True  # an indented first line
    return item_x0 is not None and nxt.x0 < item_x0 - INDENT_TOLERANCE  # the list item is over


def paragraphs(lines: list[GlyphLine], right: float, capital_ends: bool = False) -> list[list[GlyphLine]]:
    """Lines grouped into paragraphs, in order."""
    groups: list[list[GlyphLine]] = []
    item_x0: float | None = None
    for line in lines:
        if groups and not ends_paragraph(groups[-1][-1], line, right, item_x0, capital_ends):
            groups[-1].append(line)
            continue
        groups.append([line])
        item_x0 = line.text_x0 if line.text.startswith(BULLET) else None
    return groups


def joined(group: list[GlyphLine], right: float, mend_cut_words: bool = False) -> str:
    """A paragraph's lines as its text. With `mend_cut_words` (table cells), a line that is one word
    filling all its room may be a word the column cut without a hyphen: it is glued to the next line when
    the lexicon knows the joined word (pipeline.broken_words)."""
    text = group[0].text
    for before, line in itertools.pairwise(group):
        cut = mend_cut_words and _mended(before, line, right)
        text = text + line.text if cut else join_wrapped(text, line.text)
    return text


def _mended(before: GlyphLine, line: GlyphLine, right: float) -> bool:
    """A line filling all its room ends in a word the column cut: a word too long for the column is
    begun on the line it would not fit ("LBF tryghedsu" / "ndersøgelse"). Its last word is glued to the
    next line when the lexicon knows the joined word, or when the next line opens with closing
    punctuation, which starts no word ("Jobindsats" / ".dk", "(december" / ")")."""
    if right - before.x1 >= CUT_WORD_ROOM * before.space:
        return False
    if line.text.startswith(CLOSING_MARKS):
        return True
    last = before.text.rsplit(" ", 1)[-1]
    return "\n" not in rejoin_broken_words(f"{last}\n{line.text}")


@dataclass(frozen=True)
class CellText:
    """A cell's text, with its first and last line, its room, and where its text ends on the page: a
    row cut by a page break is joined to its continuation by the same paragraph rule, and a cell whose
    text ended well above the break was not cut by it."""

    text: str
    first: GlyphLine | None = None
    last: GlyphLine | None = None
    right: float = 0.0
    bottom: float = 0.0  # bottom of the last line (PDF points from the page top)
    line_height: float = 0.0  # height of the last line


def goes_on(head: CellText, tail: CellText) -> bool:
    """Does `tail` (a cell at the top of a page) continue the paragraph `head` ended the page before with?"""
    first, last = tail.first, head.last
    return (
        last is not None
        and first is not None
        and head.text.endswith(last.text)
        and tail.text.startswith(first.text)
        and not ends_paragraph(last, first, head.right, None, capital_ends=True)
    )


def join_cut_cell(head: CellText, tail: CellText) -> str:
    """The text of a cell a page break cut in two: its paragraph goes on when the break was a wrap."""
    if not head.text or not tail.text:
        return head.text or tail.text
    if not goes_on(head, tail) or head.last is None or tail.first is None:
        return f"{head.text}\n{tail.text}"
    seam = joined([head.last, tail.first], head.right, mend_cut_words=True)
    return head.text.removesuffix(head.last.text) + seam + tail.text.removeprefix(tail.first.text)
