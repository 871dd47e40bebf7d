"""What a value's own text says about how it was read: the signs of the few ways extraction goes wrong.

Each test looks at one value (and, for an indicator's fields, at the indicator they belong to) and
reports a count or a flag; pipeline/provenance_confidence.py turns them into factors with the weights of
pipeline/templates/confidence.toml. The signs are general, not a document's wording:

- *broken words*: a narrow cell broke a word where its column ended and a flat export joined the pieces
  with a space ("regi strering", "dec ember"); each costs the value one character edit, so it matters
  in proportion to the value's length;
- *merged items*: two table rows or two party lines read as one ("Andel … Antal …" in one indicator,
  two years in one Baseline år cell, two "v/" or two titles in one party line);
- *a misparsed party*: a title word in the line but no role found, or a name with neither role nor body;
- *a flattened table in prose*: a prose value holding a run of short lines with figures;
- *template text in a value*: a run of words of one of the template's headings, guidance sentences or
  fixed paragraphs (a heading's tail or a guidance sentence a layout wove into the value);
- *a heading inside a value*: a line of the value that is one of the template's headings or goal-table
  column heads (as printed, numbered, bulleted or not, or misread a little): the heading was not
  recognised, so the next field's or section's text (or a table) was read into this value.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, process

from pipeline.catalogue import guidance, template
from pipeline.lexicon import load_lexicon
from pipeline.parse.party_words import is_title, vocab
from pipeline.provenance_leaves import Leaf

_WORD = re.compile(r"[^\W\d_]+")
_LEAD = re.compile(r"(?<!\S)\W*([^\W\d_]*)")  # the letters a whitespace-separated token opens with


class SignalTable(BaseModel):
    """The vocabularies and thresholds the tests use (the [signals] table of confidence.toml)."""

    model_config = ConfigDict(frozen=True)

    fragment_letters: int
    word_start_letters: int
    split_patterns: tuple[str, ...]
    item_openers: tuple[str, ...]
    merged_patterns: dict[str, tuple[str, ...]]
    figure_line: str
    figure_line_chars: int
    template_words: int
    heading_line_score: float


@cache
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def count(patterns: tuple[str, ...], text: str) -> int:
    """How many times any of `patterns` matches `text`."""
    pattern = _compiled(patterns)
    return 0 if pattern is None else len(pattern.findall(text))


def junk_chars(patterns: tuple[str, ...], text: str) -> int:
    """How many characters of `text` any of `patterns` matches."""
    pattern = _compiled(patterns)
    return 0 if pattern is None else sum(len(m.group()) for m in pattern.finditer(text))


def broken_words(text: str, t: SignalTable) -> int:
    """Words a column broke and a space joined, by the lower-case piece after the break: the word before
    and it are a word together while one alone is not ("regi strering"), or no word list knows it and it
    is short ("dec ember") or opens as no Danish word does ("Jobin dsats.dk"). Every break involves an
    unknown word, so only the places next to one are looked at: this runs on every value of every record."""
    lexicon = load_lexicon()
    costs = lexicon.costs
    leads = _LEAD.findall(text)
    words = [lead.lower() for lead in leads]
    unknown = set(words).difference(costs)
    unknown.discard("")
    breaks = 0
    if unknown:
        places = {j for i, w in enumerate(words) if w in unknown for j in (i, i + 1) if j < len(words)}
        for i in sorted(places):
            word = words[i]
            if not leads[i][:1].islower():
                continue
            before = words[i - 1] if i else ""
            joined = bool(before) and before + word in costs
            if word not in unknown:
                breaks += joined and before in unknown
            else:
                breaks += joined or len(word) <= t.fragment_letters or not lexicon.has_prefix(
                    word[: t.word_start_letters]
                )
    return breaks + count(t.split_patterns, text)


def second_items(text: str, kind: str, t: SignalTable) -> int:
    """Signs that a value holds two items of its field: a second indicator opener inside an indicator,
    a second year in a year cell, two "v/" in a party line (the kind's merged_patterns)."""
    extra = count(t.merged_patterns.get(kind, ()), text)
    if kind == "indicator":
        words = _WORD.findall(text)
        extra += sum(1 for w in words[1:] if w in t.item_openers)
    return extra


def party_doubts(leaf: Leaf) -> int:
    """A party line the parser could not take apart as its words say: more than one title or
    represented-by marker (two parties in one line), a title word but no role found, or a name alone."""
    party = leaf.party
    if party is None:
        return 0
    words = leaf.text.split()
    titles = sum(1 for w in words if is_title(w))
    markers = sum(1 for w in words if w.lower() in vocab().represented_by)
    doubts = (titles > 1) + (markers > 1)
    doubts += bool(titles and not party.role)
    doubts += bool(party.name and not party.role and not party.organisation)
    return doubts


def figure_lines(text: str, t: SignalTable) -> int:
    """Short lines holding a figure inside a prose value: rows of a table that was read as paragraphs."""
    pattern = _compiled((t.figure_line,))
    assert pattern is not None
    return sum(1 for line in text.split("\n") if len(line) <= t.figure_line_chars and pattern.search(line))


@cache
def _template_runs(n: int) -> frozenset[tuple[str, ...]]:
    """Every run of `n` words of the template's own text: headings (with their fixed tails), guidance
    sentences and the delaftale's fixed paragraphs."""
    tpl = template()
    texts = [h.printed for h in (*tpl.sub_heading, *tpl.activity_heading, *tpl.strategic_heading)]
    texts += [g.text for g in guidance().guidance] + tpl.vocab.sub_boilerplate
    return frozenset(run for text in texts for run in _runs(text, n))


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return set(zip(*(words[i:] for i in range(n)), strict=False))


def template_text(text: str, t: SignalTable) -> bool:
    """The value holds a run of `template_words` words of the template's own text."""
    return not _runs(text, t.template_words).isdisjoint(_template_runs(t.template_words))


def _heading_key(text: str) -> str:
    """A line as compared with headings: its words in lower case, without a number, bullet or colon."""
    return " ".join(_WORD.findall(text.lower()))


@cache
def _heading_keys() -> tuple[str, ...]:
    """Every heading of the template (fields, activity fields, strategic fields, sections and the goals
    table's column heads), each name."""
    tpl = template()
    names = [n for h in (*tpl.sub_heading, *tpl.activity_heading, *tpl.strategic_heading) for n in h.names]
    names += [n for h in tpl.section for n in (h.heading, *h.aliases)]
    names += [n for column in tpl.table_column for n in column.names]
    return tuple(dict.fromkeys(key for key in map(_heading_key, names) if key))


def heading_lines(text: str, t: SignalTable) -> int:
    """Lines of the value (after its first) that are a template heading, as a rapidfuzz ratio of at least
    `heading_line_score`; lines far longer than any heading are not compared."""
    keys = _heading_keys()
    longest = max(map(len, keys))
    found = 0
    for line in text.split("\n")[1:]:
        key = _heading_key(line)
        if key and len(key) <= longest and process.extractOne(key, keys, scorer=fuzz.ratio,
                                                              score_cutoff=t.heading_line_score):
            found += 1
    return found
