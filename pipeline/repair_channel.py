"""The noisy channel for one word-like span: its readings under the OCR confusion table, and their costs.

`pipeline.repair` applies it across a text (which spans, in which context, with which casing). This module
only answers, for one span as printed, how each reading that spells Danish words (`pipeline.lexicon`)
costs: the rarity of its words plus the price of each confusion it assumes (`templates/ocr_repairs.toml`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from models.errors import TemplateError
from pipeline.lexicon import Lexicon, load_lexicon

REPAIRS_PATH = Path(__file__).parent / "templates" / "ocr_repairs.toml"

MAX_EDITS = 4  # confusions assumed within one span
MAX_PARTS = 3  # words in one compound
MIN_PART = 3  # shortest word that may be part of a compound
MAX_ENDING = 3  # longest ending tried after a listed word
JOIN_COST = 1.5  # a compound is less likely than one listed word
SHORT_PART = 3  # compound parts this short ...
SHORT_PART_COST = 1.0  # ... cost this much more
UNKNOWN_COST = 16.0  # cost of a span that no list knows, as written
MARGIN = 0.3  # a repair must beat the span as written by this much
CLEAN_MAX_COST = 7.0  # in clean text a non-word is repaired only to a fairly common word


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
