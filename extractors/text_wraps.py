"""Paragraphs from lines laid out at a known width (a page's text block).

A laid-out line ends its paragraph when the next line's first word would have fitted after it (the line
ended well short of the room it had), when the next line is a list item, or when the next line starts
further left than a list item's hanging indent, or when a sentence ended and a label or heading line
follows (the paragraph's last line happened to be full), or when the next line opens with a capitalised
label ending in a colon ("Formål:", "Navn: beskrivelse"); otherwise it is a wrap (as is any line going on in
lower case: sentences and headings start in upper case, so a full stop before it ended an abbreviation,
"pr." / "aktivitet):"), joined with a space. A wrap after a hyphen is kept as a line break, so the
one rule that decides hyphen joins (pipeline.paragraphs) decides it; a hyphen before a digit is a range
("30-" / "64 år") and is joined.
"""

from __future__ import annotations

import re

from pdfminer.fontmetrics import FONT_METRICS

from pipeline.bullets import normalise_bullet
from pipeline.linebreaks import breaks_word, join_wrapped, name_runs_on, open_end

AVERAGE_WIDTH = 556  # a character Helvetica's metrics lack (a private-use glyph): as wide as a digit
FIT_SLACK = 3  # characters: pdftotext rounds proportional text to columns, so "would have fitted" is fuzzy
_SENTENCE_END = re.compile(r"[.!?:;)\"”]$")
_LABEL = re.compile(r"^[A-ZÆØÅ][^.:;!?]{0,60}:(?:\s|$)")  # a capitalised phrase ending in a colon
_NAMED_ITEM = re.compile(r"^[A-ZÆØÅ][^\W\d_]*(?: \S+){0,3} [–-] \S")  # "Ungeværkstedet – åbent værksted …"
_ITEM_END = re.compile(r"[^\W_)]$")  # a list line ends on a word, not on punctuation that goes on
_NUMBERED = re.compile(r"^\d{1,2}\.\s+[A-ZÆØÅ]")
LABEL_LINES = 3  # a label wrapped over more lines than this is prose
LIST_SIBLINGS = 2  # one-line paragraphs before a line that make it a line of a list
HEADING_SHARE = 0.6  # a line shorter than this share of the width, not ending a sentence, is a title line
MIN_WRAP_WIDTH = 50  # characters: narrower "margins" are a table's or a list's, not a page's
WRAP_SPREAD = 0.15  # proportional type: wrapped lines end within this share of the margin
WRAP_SHARE = 0.5  # ...and at least this share of the lines that long end there


def right_margin(lines: list[str]) -> int:
    """The width the lines were laid out at: the length that the longest tenth of them reach."""
    lengths = sorted(len(ln.rstrip()) for ln in lines if ln.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def hard_wrap_width(lines: list[str]) -> int | None:
    """The width a text was hard-wrapped at (`pdftotext` without -layout, text saved with line breaks), or
    None when each line is a paragraph of its own (LibreOffice's Text export). Lines shorter than
    MIN_WRAP_WIDTH are a table's cells or a paragraph's last line and say nothing; of the longer ones, in
    wrapped text most end near one margin, while paragraphs written one per line have any length."""
    wide = sorted(n for n in (len(ln.rstrip()) for ln in lines) if n >= MIN_WRAP_WIDTH)
    if not wide:
        return None
    width = wide[int(len(wide) * 0.9)]
    near = sum(width * (1 - WRAP_SPREAD) <= n <= width * (1 + WRAP_SPREAD) for n in wide)
    return width if near >= WRAP_SHARE * len(wide) else None


def reaches_margin(lines: list[str], width: int) -> bool:
    """Does a run of lines reach the wrap margin? A run that never does (a table's cells, one per line, a
    list of short lines) was not wrapped there, and its line breaks are the author's."""
    return any(len(ln.rstrip()) >= width * (1 - WRAP_SPREAD) for ln in lines)


def wrapped_paragraphs(lines: list[str], width: int) -> list[str]:
    """Paragraph texts of consecutive non-blank `lines`; see the module docstring for the rule."""
    paras: list[str] = []
    prev = ""
    for k, line in enumerate(lines):
        if not line.strip():
            prev = ""
            continue
        if (
            prev
            and _wraps(prev, line, width)
            and not _opens_long_label(prev, lines[k : k + LABEL_LINES])
            and not _ends_list_line(paras, lines, k, width)
        ):
            text = line.strip()
            if re.search(r"[^\W\d_]-$", paras[-1]):
                paras[-1] += "\n" + text
            elif paras[-1].endswith("-") and text[:1].isdigit():
                paras[-1] += text
            else:
                paras[-1] += " " + text
        else:
            paras.append(line.strip())
        prev = line
    return paras


def _ends_list_line(paras: list[str], lines: list[str], k: int, width: int) -> bool:
    """A full line in a list of lines (parties, activities: one-line paragraphs, none ending a sentence)
    before a capitalised line that opens a sentence paragraph ("… Ravnsbjerg Vænge" / "Parterne mødes …
    foreninger."): the list's lines are not sentences, so the sentence after it is a paragraph of its own
    even though the line left no room for its first word."""
    items = paras[-1 - LIST_SIBLINGS :]
    if len(items) <= LIST_SIBLINGS or any("\n" in p or " " not in p or not _ITEM_END.search(p) for p in items):
        return False
    if any(len(p) > width + FIT_SLACK for p in items) or not lines[k].lstrip()[:1].isupper():
        return False
    end = k
    while end + 1 < len(lines) and lines[end + 1].strip() and _wraps(lines[end], lines[end + 1], width):
        end += 1
    return re.search(r"[.!?]$", lines[end].rstrip()) is not None


def printed_width(text: str) -> float:
    """Width of a text set in Helvetica (Arial and Liberation Sans share its widths), in ems: in proportional
    type "mmm" and "iii" fill different room, so a line's character count is too loose a measure of the few
    characters' room a cell's line has left."""
    widths = FONT_METRICS["Helvetica"][1]
    return sum(widths.get(c, AVERAGE_WIDTH) for c in text) / 1000


def cell_paragraphs(lines: list[str], room: float) -> list[str]:
    """Paragraphs of a wide table cell's lines (a label | value table's value cell), `room` the printed
    width of the column's widest line, by the rule the PDF reader gives cells (`pdf_wraps.ends_paragraph`
    with `capital_ends`): one-line items such as parties fill such a column, so a capitalised line opens a
    paragraph of its own unless the line before stops mid-phrase or a name runs on into it; and any line
    after one that had room for its first word opens one too."""
    paras: list[str] = []
    prev = ""
    for line in lines:
        text = line.strip()
        if paras and not _cell_line_ends(prev, text, room):
            paras[-1] = join_wrapped(paras[-1], text)
        else:
            paras.append(text)
        prev = text
    return paras


def _cell_line_ends(line: str, nxt: str, room: float) -> bool:
    if breaks_word(line, nxt):
        return False
    if _is_item(nxt):
        return True
    if nxt[:1].isupper() and not (open_end(line) or name_runs_on(line, nxt)):
        return True
    if _SENTENCE_END.search(line) and nxt[:1].isupper():
        return True
    return printed_width(f"{line} {nxt.split()[0]}") <= room - FIT_SLACK * printed_width("n")


def _opens_long_label(prev: str, following: list[str]) -> bool:
    """After a finished sentence, a capitalised line that opens a label running over a line or two and
    ending in a colon ("Revision af delaftalen (Eventuelle …," / "… delaftaler):")."""
    if not _SENTENCE_END.search(prev.rstrip()) or not following[0].lstrip()[:1].isupper():
        return False
    for k, line in enumerate(following):
        text = line.strip()
        if not text:
            return False
        if text.endswith(":"):
            return True
        after = following[k + 1].lstrip() if k + 1 < len(following) else ""
        if _SENTENCE_END.search(text) and not after[:1].islower():  # "pr." / "aktivitet):" goes on
            return False
    return False


def _heading_like(line: str, width: int) -> bool:
    """A long label ("Aktiviteter, som … jf. den strategiske samarbejdsaftale:"), a numbered heading
    ("2. Vision for boligområdet") or a short title line."""
    text = line.strip()
    if text.endswith(":") or _NUMBERED.match(text):
        return True
    return len(text) < HEADING_SHARE * width and not _SENTENCE_END.search(text) and text[:1].isupper()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _is_item(line: str) -> bool:
    """A list item, by the one bullet rule (any glyph, also the letters OCR makes of a bullet)."""
    return normalise_bullet(line, ocr=True).startswith("• ")


def _wraps(prev: str, line: str, width: int) -> bool:
    if _is_item(line):
        return False
    hanging = _is_item(prev)
    if _indent(line) > _indent(prev) and not hanging:
        return False  # an indented line starts something of its own
    if hanging and _indent(line) <= _indent(prev):
        return False  # back at the margin after a list item: a new paragraph
    if line.lstrip()[:1].islower():
        return True  # a sentence going on in lower case (the next word was long, or "pr." was no full stop)
    if _LABEL.match(line.strip()) or _NAMED_ITEM.match(line.strip()):
        return False  # "Label:", "Name: description" or "Name – description" opens a paragraph (or list line)
    if _SENTENCE_END.search(prev.rstrip()) and _heading_like(line, width):
        return False  # a heading after a paragraph whose last line happened to be full
    first_word = line.split()[0]
    return len(prev.rstrip()) + 1 + len(first_word) > width - FIT_SLACK
