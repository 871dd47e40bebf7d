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
so the repaired text lines up with the original line by line.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from models.errors import TemplateError
from pipeline.lexicon import Lexicon, load_lexicon

logger = logging.getLogger(__name__)

REPAIRS_PATH = Path(__file__).parent / "templates" / "ocr_repairs.toml"

# A span: letters, digits and the glyphs OCR puts for æøå; "(@" is a split capital Ø.
SPAN = re.compile(r"(?:\(@)?(?:[^\W_]|[@&])+")
# Whitespace-separated tokens that are addresses, not words.
LETTER = re.compile(r"[^\W\d_]")
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.[a-z]{2,}", re.IGNORECASE)
# Bullet glyphs OCR leaves at a line start; a word after one starts a sentence.
BULLET_GLYPHS = frozenset({"e", "o", "¢", "•", "-", "–", "*", "·"})
SENTENCE_END = ".!?:"
MARKUP = "*#|"  # Markdown emphasis, headings and table cells start a new unit of text

MAX_EDITS = 4  # confusions assumed within one span
MAX_PARTS = 3  # words in one compound
MIN_PART = 3  # shortest word that may be part of a compound
MIN_SPAN = 2  # shorter spans are not repaired
MAX_SPAN = 40  # longer spans are codes or garbage, not words
MAX_ENDING = 3  # longest ending tried after a listed word
JOIN_COST = 1.5  # a compound is less likely than one listed word
SHORT_PART = 3  # compound parts this short ...
SHORT_PART_COST = 1.0  # ... cost this much more
UNKNOWN_COST = 16.0  # cost of a span that no list knows, as written
MARGIN = 0.3  # a repair must beat the span as written by this much
NAME_MARGIN = 1.5  # ... and by this much for a capitalised word inside a sentence (Gerlev, Løget)
CLEAN_MAX_COST = 7.0  # in clean text a non-word is repaired only to a fairly common word
MAX_ABBREVIATION = 4  # all-caps spans this short are abbreviations (LBF, SSP, R&D)
DAMAGE_THRESHOLD = 0.03  # share of word spans the channel repairs in a damaged text
MIN_DAMAGED_SPANS = 3  # ... and at least this many in a document, so a few odd names are no verdict
SHORT_TEXT_SPANS = 100  # texts with fewer word spans (blocks, cells) are judged by the share alone


class RepairRule(BaseModel, frozen=True):
    """One OCR confusion: `ocr` as printed may stand for the Danish `letter`."""

    ocr: str = Field(min_length=1)
    letter: str = Field(min_length=1)
    cost: float = Field(gt=0)
    case_sensitive: bool = False
    case: Literal["keep", "lower"] = "keep"
    why: str
    example: tuple[str, str]


class AmbiguousForm(BaseModel, frozen=True):
    """A damaged form that is also a word; neighbours decide whether to repair it."""

    form: str
    repair: str
    default: Literal["repair", "keep"]
    keep_after: frozenset[str] = frozenset()
    keep_before: frozenset[str] = frozenset()
    repair_after: frozenset[str] = frozenset()
    repair_before: frozenset[str] = frozenset()
    why: str
    example: tuple[str, str]


class Ending(BaseModel, frozen=True):
    """An inflectional ending accepted after a listed word that the lists lack inflected."""

    suffix: str = Field(min_length=1)
    cost: float = Field(ge=0)
    stem_ends: str = ""
    infinitive: str = ""
    why: str
    example: tuple[str, str]

    def fits(self, stem: str, lexicon: Lexicon) -> bool:
        """Whether this ending may follow the listed word `stem`."""
        if not stem.endswith(self.stem_ends):
            return False
        return not self.infinitive or lexicon.cost(stem + self.infinitive) is not None


class RepairTable(BaseModel, frozen=True):
    """The validated content of ocr_repairs.toml."""

    model_config = ConfigDict(populate_by_name=True)

    compound_linkers: frozenset[str]
    endings: tuple[Ending, ...] = Field(alias="ending")
    rules: tuple[RepairRule, ...] = Field(alias="rule")
    ambiguous: tuple[AmbiguousForm, ...] = ()

    def ending_cost(self, stem: str, rest: str, lexicon: Lexicon, open_compound: bool) -> float | None:
        """Cost of the letters `rest` left after the listed word `stem`, or None if they end none.

        Before a hyphen a linking letter may end the span too ("børn-e-"): the compound goes on.
        """
        costs = [e.cost for e in self.endings if e.suffix == rest and e.fits(stem, lexicon)]
        if open_compound and rest in self.compound_linkers:
            costs.append(JOIN_COST)
        return min(costs, default=None)


class RepairResult(BaseModel, frozen=True):
    """Repaired text plus an account of what changed, so a caller can log or review it."""

    text: str
    tokens_changed: int
    tokens_seen: int
    changes: list[tuple[str, str]]


@dataclass(frozen=True)
class Reading:
    """One way to read a span: (as printed, as read, rule or None) pieces and the total cost."""

    pieces: tuple[tuple[str, str, RepairRule | None], ...]
    cost: float
    edits: int

    @property
    def word(self) -> str:
        """The lower-case Danish spelling this reading proposes."""
        return "".join(read for _, read, _ in self.pieces)


@cache
def load_table(path: Path = REPAIRS_PATH) -> RepairTable:
    """Read and validate the confusion table once; a broken file is the template author's error."""
    try:
        return RepairTable.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise TemplateError(str(exc), path) from exc


@cache
def ambiguous_forms() -> dict[str, AmbiguousForm]:
    """Ambiguous entries by their lower-case form."""
    return {entry.form: entry for entry in load_table().ambiguous}


@cache
def rules_by_first_letter() -> dict[str, tuple[RepairRule, ...]]:
    """Rules keyed by the first printed character they need, so each position tries only a few.

    Case-insensitive rules sit under the lower-case character, case-sensitive ones under the
    exact character; `rules_at` looks up both.
    """
    index: dict[str, list[RepairRule]] = {}
    for rule in load_table().rules:
        first = rule.ocr[0] if rule.case_sensitive else rule.ocr[0].lower()
        index.setdefault(first, []).append(rule)
    return {first: tuple(rules) for first, rules in index.items()}


def rules_at(span: str, i: int) -> list[RepairRule]:
    """Rules whose `ocr` is printed at position `i` of `span`."""
    index = rules_by_first_letter()
    char = span[i]
    lower = char.lower()
    candidates = index.get(lower, ())
    if char != lower:
        candidates += index.get(char, ())
    return [
        rule
        for rule in candidates
        if (printed := span[i : i + len(rule.ocr)]) == rule.ocr
        or (not rule.case_sensitive and printed.lower() == rule.ocr.lower())
    ]


def continuations(
    span: str, i: int, part: str, lexicon: Lexicon, confusions: bool
) -> list[tuple[int, str, tuple[str, str, RepairRule | None]]]:
    """Ways to read on from position `i`: the letter as printed, or a confusion starting there."""
    letter = span[i].lower()
    found: list[tuple[int, str, tuple[str, str, RepairRule | None]]] = []
    if lexicon.has_prefix(part + letter):
        found.append((i + 1, part + letter, (span[i], letter, None)))
    if confusions:
        for rule in rules_at(span, i):
            if lexicon.has_prefix(part + rule.letter):
                found.append((i + len(rule.ocr), part + rule.letter, (span[i : i + len(rule.ocr)], rule.letter, rule)))
    return found


@dataclass
class SpanSearch:
    """A pruned depth-first search for the readings of one span that cost at most `budget`.

    The search walks the span left to right, building the current word; `has_prefix` cuts
    paths that can no longer become a word, and `budget` cuts paths already too dear to beat
    the span as written, which keeps long spans and common words cheap. At a word end it may
    close the word and start the next part of a compound, with an optional linking s or e.
    """

    span: str
    open_compound: bool
    budget: float
    max_edits: int
    cheapest_repair_only: bool = False
    lexicon: Lexicon = field(default_factory=load_lexicon)
    found: list[Reading] = field(default_factory=list)

    def run(self) -> list[Reading]:
        """All readings within budget, cheapest first."""
        self.extend(0, "", (), 0.0, 0, 0)
        return sorted(self.found, key=lambda r: r.cost)

    def accept(self, pieces: tuple, cost: float, edits: int) -> None:
        """Keep a complete reading if it fits the budget.

        When only the cheapest repair matters, each one found lowers the budget (branch and
        bound), and readings without a confusion are not kept.
        """
        if cost > self.budget or (self.cheapest_repair_only and not edits):
            return
        self.found.append(Reading(pieces, cost, edits))
        if self.cheapest_repair_only:
            self.budget = cost

    def walk(self, i: int, part: str, pieces: tuple, cost: float, edits: int, parts: int) -> None:
        """At position `i` with `part` read so far: finish, split the compound, or read on."""
        word_cost = self.lexicon.cost(part) if parts == 0 or len(part) >= MIN_PART else None
        if word_cost is not None:
            # a short word inside a compound is a cheap way to explain odd letters ("seminar-ler")
            as_part = word_cost + (SHORT_PART_COST if len(part) <= SHORT_PART else 0.0)
            self.finish(i, part, pieces, cost + (as_part + JOIN_COST if parts else word_cost), edits)
            if len(part) >= MIN_PART and parts < MAX_PARTS - 1 and i < len(self.span):
                self.split(i, pieces, cost + as_part + JOIN_COST, edits, parts + 1)
        self.extend(i, part, pieces, cost, edits, parts)

    def finish(self, i: int, part: str, pieces: tuple, cost: float, edits: int) -> None:
        """Accept the reading when the span ends here, or ends with an ending the lists lack."""
        rest = self.span[i:]
        if not rest:
            self.accept(pieces, cost, edits)
        elif len(rest) <= MAX_ENDING and len(part) >= MIN_PART and rest.isalpha():
            extra = load_table().ending_cost(part, rest.lower(), self.lexicon, self.open_compound)
            if extra is not None:
                self.accept((*pieces, (rest, rest.lower(), None)), cost + extra, edits)

    def split(self, i: int, pieces: tuple, cost: float, edits: int, parts: int) -> None:
        """Start the next word of a compound at `i`, directly or after a linking s or e."""
        if cost > self.budget:
            return
        self.extend(i, "", pieces, cost, edits, parts)
        letter = self.span[i].lower()
        if letter in load_table().compound_linkers:
            self.extend(i + 1, "", (*pieces, (self.span[i], letter, None)), cost, edits, parts)

    def extend(self, i: int, part: str, pieces: tuple, cost: float, edits: int, parts: int) -> None:
        """Read one more printed letter, or one confusion, from position `i`."""
        if i >= len(self.span):
            return
        confusions = edits < self.max_edits
        for j, nxt, piece in continuations(self.span, i, part, self.lexicon, confusions):
            rule = piece[2]
            extra = rule.cost if rule else 0.0
            if cost + extra <= self.budget:
                self.walk(j, nxt, (*pieces, piece), cost + extra, edits + (rule is not None), parts)


@lru_cache(maxsize=200_000)
def cost_as_written(span: str, open_compound: bool = False) -> float:
    """Cost of the span read without any confusion; UNKNOWN_COST when no list knows it."""
    listed = load_lexicon().cost(span.lower())
    if listed is not None:
        return listed  # a listed word: no compound reading of it would be cheaper in practice
    found = SpanSearch(span, open_compound, UNKNOWN_COST, max_edits=0).run()
    return found[0].cost if found else UNKNOWN_COST


def cheapest_repair(span: str, open_compound: bool, budget: float) -> Reading | None:
    """The cheapest reading that assumes at least one confusion and costs at most `budget`."""
    found = SpanSearch(span, open_compound, budget, MAX_EDITS, cheapest_repair_only=True).run()
    return found[0] if found else None


@lru_cache(maxsize=200_000)
def channel_repair(span: str, damaged: bool, open_compound: bool = False, margin: float = MARGIN) -> Reading | None:
    """The reading that should replace `span`, or None to keep it as written.

    In damaged text a reading wins when it is cheaper than the span as written by `margin`; in
    clean text only a span that is no word at all is repaired, and only to a fairly common word.
    """
    as_written = cost_as_written(span, open_compound)
    if damaged:
        return cheapest_repair(span, open_compound, as_written - margin)
    if as_written < UNKNOWN_COST:
        return None
    return cheapest_repair(span, open_compound, CLEAN_MAX_COST)


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
    return all(token in BULLET_GLYPHS or not any(c.isalnum() for c in token) for token in before)


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
