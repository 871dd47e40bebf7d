"""Repair Danish letters that OCR without Danish language data mangled (ø→g, å→a, æ→ae, l→I, ...).

The repair is a small noisy channel. Each word-like span of the text is *read* in every way
the confusion table (`templates/ocr_repairs.toml`) allows, keeping only readings that spell a
Danish word or a compound of Danish words (`pipeline.lexicon`). A reading costs the rarity of
its words plus the price of each confusion it assumes; the cheapest reading replaces the span
when it beats the span as written. How much a confusion is worth depends on the document: in
a text that `looks_ocr_damaged`, a real but rare word such as "pa" or "bade" gives way to "på"
or "både"; in clean text only spans that are no word at all are touched, so names, English
and abbreviations survive. Forms that are real words either way ("far"/"får", "ar"/"år") are
listed in the table with context cues and decided from their neighbours.

Only letters inside spans change: whitespace, punctuation, line breaks and bullets stay put,
so the repaired text lines up with the original line by line. The channel for one span (readings and
their costs) is `pipeline.repair_channel`; this module decides which spans to read and in what context.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from pydantic import BaseModel

from pipeline.bullets import is_bullet_token
from pipeline.repair_channel import (
    MAX_EDITS,
    UNKNOWN_COST,
    AmbiguousForm,
    Reading,
    SpanSearch,
    ambiguous_forms,
    channel_repair,
)

logger = logging.getLogger(__name__)


# A span: letters, digits and the glyphs OCR puts for æøå; "(@" is a split capital Ø.
SPAN = re.compile(r"(?:\(@)?(?:[^\W_]|[@&])+")
# Whitespace-separated tokens that are addresses, not words.
LETTER = re.compile(r"[^\W\d_]")
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.[a-z]{2,}", re.IGNORECASE)
SENTENCE_END = ".!?:"
MARKUP = "*#|"  # Markdown emphasis, headings and table cells start a new unit of text

MIN_SPAN = 2  # shorter spans are not repaired
MAX_SPAN = 40  # longer spans are codes or garbage, not words
NAME_MARGIN = 1.5  # a repair of a capitalised word inside a sentence must beat it by this much (Gerlev, Løget)
MAX_ABBREVIATION = 4  # all-caps spans this short are abbreviations (LBF, SSP, R&D)
DAMAGE_THRESHOLD = 0.03  # share of word spans the channel repairs in a damaged text
MIN_DAMAGED_SPANS = 3  # ... and at least this many in a document, so a few odd names are no verdict
SHORT_TEXT_SPANS = 100  # texts with fewer word spans (blocks, cells) are judged by the share alone


class RepairResult(BaseModel, frozen=True):
    """Repaired text plus an account of what changed, so a caller can log or review it."""

    text: str
    tokens_changed: int
    tokens_seen: int
    changes: list[tuple[str, str]]


def is_abbreviation(span: str) -> bool:
    """Short all-caps spans (LBF, SSP, R&D) are abbreviations and are never read as words."""
    if not span.isupper():  # any lower-case letter, or no letter at all: most words leave here
        return False
    return 1 < sum(c.isalpha() for c in span) <= MAX_ABBREVIATION


def glued_to_number(text: str, start: int) -> bool:
    """True for a span right after a decimal number ("2,0i"): its digits belong to the number."""
    return start >= 2 and text[start - 1] in ",." and text[start - 2].isdigit()


def word_spans(text: str) -> list[re.Match[str]]:
    """Spans worth reading: they hold a letter, and are neither number tails nor addresses."""
    spans = [
        m
        for m in SPAN.finditer(text)
        if len(m.group()) <= MAX_SPAN and LETTER.search(m.group()) and not glued_to_number(text, m.start())
    ]
    addresses = [m.span() for m in ADDRESS.finditer(text)]
    if addresses:
        spans = [m for m in spans if not any(a <= m.start() < b for a, b in addresses)]
    return spans


def opens_line(text: str, start: int) -> bool:
    """True when nothing but bullet glyphs and markup precedes the span on its line."""
    before = text[text.rfind("\n", 0, start) + 1 : start].split()
    return all(is_bullet_token(token) or not any(c.isalnum() for c in token) for token in before)


def starts_sentence(text: str, start: int) -> bool:
    """True when the span at `start` opens a sentence, list item or heading.

    Decides whether a glyph such as '@' stands for Ø or ø, and whether a capital marks a name.
    Within a line, a sentence end or markup (*, #, |) since the last word opens one; at a line
    start (bullet glyphs and markup aside) a bullet, a blank line or a finished line does.
    """
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if not opens_line(text, start):
        last = max(i for i, c in enumerate(before) if c.isalnum())
        return any(c in SENTENCE_END + MARKUP for c in before[last + 1 :])
    if any(c.isalnum() for c in before):
        return True  # after a bullet glyph
    previous = text[:line_start]
    stripped = previous.rstrip(" \t\r\n")
    return not stripped or previous.count("\n", len(stripped)) > 1 or stripped[-1] in SENTENCE_END + MARKUP


def spell(reading: Reading, capital_first: bool) -> str:
    """Write a reading with the span's own capitals: printed letters keep their case, a
    confused letter takes the case it was printed in, and glyphs (@, &, 3) and rules that fix
    their own case follow the sentence (`capital_first`) or an all-caps word."""
    printed = "".join(ocr for ocr, _, rule in reading.pieces if not (rule and rule.case == "lower"))
    letters = [c for c in printed if c.isalpha()]
    all_caps = len(letters) > 1 and all(c.isupper() for c in letters)
    out = []
    for index, (ocr, read, rule) in enumerate(reading.pieces):
        if rule is None:
            out.append(ocr)
            continue
        first_printed = next((c for c in ocr if c.isalpha()), None)
        printed_capital = first_printed is not None and first_printed.isupper() and rule.case == "keep"
        sets_own_case = first_printed is None or rule.case == "lower"
        opens = index == 0 and capital_first and sets_own_case
        out.append(read.upper() if all_caps or printed_capital or opens else read)
    return "".join(out)


def context_word(spans: list[re.Match[str]], index: int) -> str:
    """The lower-case neighbour at `index`, '<num>' for a number, '' beyond the text."""
    if not 0 <= index < len(spans):
        return ""
    word = spans[index].group().lower()
    return "<num>" if word.isdigit() else word


def ambiguous_choice(entry: AmbiguousForm, before: str, after: str) -> bool:
    """Whether to repair an ambiguous form, from the words either side of it."""
    if before in entry.keep_after or after in entry.keep_before:
        return False
    if before in entry.repair_after or after in entry.repair_before:
        return True
    return entry.default == "repair"


def reading_of(span: str, target: str) -> Reading | None:
    """The reading of `span` that spells `target`, so ambiguous repairs get the usual casing."""
    found = SpanSearch(span, False, UNKNOWN_COST, MAX_EDITS).run()
    return next((r for r in found if r.edits and r.word == target), None)


def choose(spans: list[re.Match[str]], index: int, text: str, damaged: bool) -> Reading | None:
    """The reading that replaces span `index`, or None to keep it."""
    span = spans[index].group()
    if len(span) < MIN_SPAN or is_abbreviation(span):
        return None  # single letters are list markers and bullet glyphs ("e", "o", "a)") more often than words
    entry = ambiguous_forms().get(span.lower())
    if entry is not None:
        if not damaged:
            return None
        before, after = context_word(spans, index - 1), context_word(spans, index + 1)
        return reading_of(span, entry.repair) if ambiguous_choice(entry, before, after) else None
    open_compound = text[spans[index].end() : spans[index].end() + 1] == "-"
    start = spans[index].start()
    if not span[0].isupper() or opens_line(text, start) or starts_sentence(text, start):
        return channel_repair(span, damaged, open_compound)
    if not damaged:
        return None  # a capitalised non-word inside a clean sentence is a name
    reading = channel_repair(span, damaged, open_compound)
    if reading is None or not reading.pieces[0][2] or reading.pieces[0][2].case != "lower":
        # a capital inside a sentence marks a name, so demand more, unless it was an l read as I
        return channel_repair(span, damaged, open_compound, NAME_MARGIN)
    return reading


def damaged_spans(spans: list[re.Match[str]]) -> int:
    """How many word spans read as a cheaper Danish word through some confusion."""
    counts = Counter(m.group() for m in spans)
    return sum(n for span, n in counts.items() if not is_abbreviation(span) and channel_repair(span, True) is not None)


def is_damaged(spans: list[re.Match[str]]) -> bool:
    """The verdict behind `looks_ocr_damaged`: a share of damaged spans, and in a long text a count.

    A document needs MIN_DAMAGED_SPANS hits as well, so a few odd names cannot tip it. A short
    text (a block, a table cell) is judged by its share alone: there a single damaged word is
    the usual sign, and repairing a clean line as damaged costs little (the clean seeds, forced
    through as damaged, change 0.02-0.05 % of their tokens).
    """
    hits = damaged_spans(spans)
    enough = hits >= MIN_DAMAGED_SPANS or len(spans) < SHORT_TEXT_SPANS
    return hits > 0 and enough and hits >= DAMAGE_THRESHOLD * len(spans)


def looks_ocr_damaged(text: str) -> bool:
    """Cheap check whether `text` went through OCR without Danish data.

    Clean Danish has few words that some confusion turns into a commoner word; OCR'd text
    without æøå has one in every few words. The check runs on the same cached readings the
    repair uses, so calling it before `repair_text` costs little extra.
    """
    return is_damaged(word_spans(text))


def repair_text(text: str, damaged: bool | None = None) -> RepairResult:
    """Repair mangled Danish letters span by span, leaving everything else byte for byte.

    `damaged` says whether the text is known to be OCR'd without Danish data; None detects it
    as `looks_ocr_damaged` does. When the document's verdict is known, pass it: a block or
    cell on its own is weaker evidence than the whole document.
    """
    spans = word_spans(text)
    if damaged is None:
        damaged = is_damaged(spans)
    out: list[str] = []
    changes: list[tuple[str, str]] = []
    done = 0
    for index, match in enumerate(spans):
        reading = choose(spans, index, text, damaged)
        if reading is None:
            continue
        new = spell(reading, starts_sentence(text, match.start()))
        if new == match.group():
            continue
        out.append(text[done : match.start()])
        out.append(new)
        changes.append((match.group(), new))
        done = match.end()
    out.append(text[done:])
    return RepairResult(text="".join(out), tokens_changed=len(changes), tokens_seen=len(spans), changes=changes)
