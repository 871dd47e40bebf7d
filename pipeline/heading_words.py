"""Headings in an author's own wording, recognised by what they mean: the template heading's key words.

Authors reword the template's headings ("Formål med aktiviteten", "Rollefordeling og ansvar",
"6. PERSONALERESSOURCER", "Sammenhæng til kommunens indsats:"). A list of seen variants never catches the
next author's, so each heading carries its key word stems in the template data (`keys` in
helhedsplan.toml): alternatives of stems that must all occur. A short line is that heading when one
alternative is complete and every other word of it is a key word of the same heading or a filler word
(articles, prepositions, the agreement's own nouns, `[heading_words]`). Words are compared in the folded
form of `pipeline.match.fold`, a stem matching a word's start or, as the head of a compound
("Aktivitetsnavn", "Personaleressourcer"), its later part; OCR-damaged words match fuzzily.

Prose is kept out by shape: the heading is the whole line (or row's first cell), or the text before its
first colon; it is at most `max_words` words, starts with a capital and ends in no sentence mark. Where
in the agreement such a heading may stand is the segmenter's decision (`pipeline.segment`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from pipeline.catalogue import template
from pipeline.match import fold

_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}\s*[.),]|[a-hA-H]\s*[.)])\s*")  # "7," is OCR's "7." (pipeline.match)
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_SENTENCE_END = re.compile(r"[.!?;,]\s*$")
COMPOUND_MIN_LEAD = 2  # letters before a stem that closes a compound ("delmål", "personaleressourcer")


@dataclass(frozen=True)
class WordsMatch:
    """Which headings (keys, in catalogue order) a line could be, and where its value begins."""

    keys: tuple[str, ...]
    end: int  # index in the text just after the heading (and its colon)


@dataclass(frozen=True)
class _Meaning:
    alternatives: tuple[tuple[str, ...], ...]  # each: folded stems that must all occur
    vocabulary: tuple[str, ...]  # every stem of the heading


def _word_has(word: str, stem: str, cutoff: float) -> bool:
    """Does a folded word carry a folded stem: at its start, as the end of a compound, or fuzzily (OCR)?"""
    if word.startswith(stem):
        return True
    at = word.find(stem, COMPOUND_MIN_LEAD)
    if at >= COMPOUND_MIN_LEAD:
        return True
    return len(stem) >= 5 and len(word) >= len(stem) - 1 and fuzz.partial_ratio(stem, word) >= cutoff


@cache
def _fillers() -> tuple[frozenset[str], tuple[str, ...]]:
    cfg = template().heading_words
    return frozenset(map(fold, cfg.filler_words)), tuple(map(fold, cfg.filler_stems))


def meanings(catalogue: dict[str, list[str]]) -> dict[str, _Meaning]:
    """Folded key-word alternatives per heading key, from the catalogue's `keys` strings."""
    out: dict[str, _Meaning] = {}
    for key, alternatives in catalogue.items():
        alts = tuple(tuple(fold(w) for w in alt.split()) for alt in alternatives if alt.strip())
        if alts:
            out[key] = _Meaning(alts, tuple(sorted({s for alt in alts for s in alt})))
    return out


def heading_span(text: str) -> tuple[str, int, bool] | None:
    """(heading words, end offset, alone) when `text` has a heading's shape: a short whole line or the
    short text before its first colon, no sentence (a question is a heading: "Hvem er målgruppen?"),
    starting with a capital after any "3." / "a)" enumerator. `alone`: nothing follows it on the line."""
    colon = text.find(":")
    head, end = (text[:colon], colon + 1) if colon >= 0 else (text.rstrip(), len(text.rstrip()))
    enum = _ENUMERATOR.match(head)
    body = (head[enum.end() :] if enum else head).strip(" *•\"“”").removesuffix("?")
    first = body[:1]
    if not first.isalpha() or not first.isupper() or _SENTENCE_END.search(body):
        return None
    if len(_PARENTHETICAL.sub(" ", body).split()) > template().heading_words.max_words:
        return None
    return body, end, not text[end:].strip(" |")


def match_words(text: str, catalogue: dict[str, _Meaning]) -> WordsMatch | None:
    """Headings of `catalogue` whose key words the heading-shaped start of `text` says; None if none.
    A parenthetical counts when it names the heading ("Aktiviteter (ét skema pr. aktivitet)"), and is
    passed over when it only explains it ("Parter (navn, titel)")."""
    span = heading_span(text)
    if span is None:
        return None
    body, end, alone = span
    for words in (fold(body).split(), fold(_PARENTHETICAL.sub(" ", body)).split()):
        keys = [key for key, meaning in catalogue.items() if words and _says(words, meaning, alone)]
        if keys:
            return WordsMatch(tuple(keys), end)
    return None


def _says(words: list[str], meaning: _Meaning, alone: bool) -> bool:
    """Do the folded words say this heading: one alternative complete, and no word foreign to it? A heading
    alone on its line (or in its label cell) may carry as many words of the author's own ("Deltagende
    parter", "Delmål og tilhørende indikatorer") as it has key words that are no filler; a label with its
    value after the colon may not ("Ansvarlig medarbejder: …" inside a schema is text)."""
    cutoff = template().heading_words.stem_cutoff
    exact, stems = _fillers()
    foreign = strong = 0
    for w in words:
        carried = [s for s in meaning.vocabulary if _word_has(w, s, cutoff)]
        foreign += not carried and w not in exact and not w.startswith(stems)
        strong += any(s not in exact and s not in stems for s in carried)  # "aktivitet" says little
    if foreign > (strong if alone else 0):
        return False
    return any(all(any(_word_has(w, s, cutoff) for w in words) for s in alt) for alt in meaning.alternatives)
