"""Template guidance left in a document: found fuzzily, cut out of values, reported as findings.

The catalogue (templates/guidance.toml) holds LBF's guidance sentences; each is located in a paragraph
with rapidfuzz's partial alignment, so OCR-damaged or lightly edited copies are still found and only the
guidance span is removed (the applicant's own words around it stay). Sentences that open like every
template instruction ("Her beskrives …") are caught even when the catalogue lacks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from pipeline.bullets import BULLET
from pipeline.catalogue import guidance, template
from pipeline.match import fold

MIN_FRAGMENT = 25  # a paragraph shorter than this is never judged a guidance fragment on its own
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[(A-ZÆØÅ])")


@dataclass(frozen=True)
class Residue:
    text: str  # the guidance as found in the document


SIGNATURE_MIN_LEN = 6  # words this long are distinctive enough to pre-select a guidance entry


@cache
def _catalogue() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(guidance text, its lower-cased anchor (the first words), its distinctive folded words) per entry."""
    return tuple((g.text, g.text.lower()[:40], _signature(g.text)) for g in guidance().guidance)


def _signature(text: str) -> frozenset[str]:
    return frozenset(w for w in fold(text).split() if len(w) >= SIGNATURE_MIN_LEN)


@cache
def _generic() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in guidance().generic_patterns)


def _cut_catalogue(para: str, cutoff: float) -> tuple[str, list[str]]:
    found: list[str] = []
    words = _signature(para)
    for text, anchor, signature in _catalogue():
        if len(words & signature) < min(2, len(signature)):
            continue  # cheap pre-selection: a guidance copy shares its distinctive words
        low = para.lower()
        if fuzz.partial_ratio(anchor, low) < cutoff and fuzz.partial_ratio(low[:40], text.lower()) < cutoff:
            continue
        if len(para) <= len(text):
            if len(para) >= MIN_FRAGMENT and _whole_copy(para, text, cutoff):
                found.append(para)
                para = ""
                break
            continue
        al = fuzz.partial_ratio_alignment(text.lower(), low)
        if al is not None and al.score >= cutoff:
            start, end = _widen(para, al.dest_start, al.dest_end)
            found.append(para[start:end].strip())
            para = _remove(para, start, end)
    return para, found


def _whole_copy(para: str, text: str, cutoff: float) -> bool:
    """Whether all of `para` is (a part of) the guidance `text`, as written or in comparison form: OCR's
    lost diacritics, cases and punctuation ("Maler ppen må grupperne:" for "målgruppen/målgrupperne:")
    are no difference between an applicant's words and the template's."""
    return (
        fuzz.partial_ratio(para.lower(), text.lower()) >= cutoff or fuzz.partial_ratio(fold(para), fold(text)) >= cutoff
    )


def _remove(para: str, start: int, end: int) -> str:
    """`para` without [start:end], the text either side joined by one space."""
    return (para[:start].rstrip() + " " + para[end:].lstrip()).strip()


def _widen(para: str, start: int, end: int) -> tuple[int, int]:
    """Extend an alignment to whole words (and a closing parenthesis/period right after it)."""
    while start > 0 and not para[start - 1].isspace():
        start -= 1
    while end < len(para) and not para[end].isspace():
        end += 1
    return start, end


def _cut_generic(para: str) -> tuple[str, list[str]]:
    kept, found = [], []
    for sentence in _SENTENCE.split(para):
        (found if any(p.match(sentence.strip()) for p in _generic()) else kept).append(sentence)
    return " ".join(kept).strip(), found


def _cut_marked(para: str, marked: tuple[str, ...]) -> tuple[str, list[str]]:
    """Cut the spans the source marked as guidance, wherever line wrapping left them."""
    found = []
    for span in marked:
        if span.split(" ", 1)[0] not in para:
            continue  # cheap pre-check: most paragraphs hold no marked span
        match = _marked_pattern(span).search(para)
        if match:
            found.append(match.group())
            para = _remove(para, match.start(), match.end())
    return para, found


@lru_cache(maxsize=1024)
def _marked_pattern(span: str) -> re.Pattern[str]:
    """The span's words with any white space between them (a wrap may have put a line break there)."""
    return re.compile(r"\s*".join(map(re.escape, span.split())))


def strip_guidance(paragraphs: list[str], marked: tuple[str, ...] = ()) -> tuple[list[str], list[Residue]]:
    """Paragraphs with guidance removed, and the guidance found: catalogue sentences, generic template
    instructions, and `marked`, text the source itself marks as guidance."""
    cutoff = guidance().score_cutoff
    kept: list[str] = []
    residues: list[Residue] = []
    for para in paragraphs:
        bullet = para.startswith(BULLET)
        body = para.removeprefix(BULLET)
        body, found = _cut_catalogue(body, cutoff)
        body, generic = _cut_generic(body) if body else (body, [])
        body, by_mark = _cut_marked(body, marked) if body and marked else (body, [])
        residues.extend(Residue(f) for f in [*found, *generic, *by_mark] if f)
        if body.strip():
            kept.append((BULLET if bullet else "") + body.strip())
    return kept, residues


BOILERPLATE_CUTOFF = 90


def strip_boilerplate(paragraphs: list[str]) -> list[str]:
    """Drop the delaftale template's fixed sentences ("Bestyrelsen for den boligsociale indsats har
    ansvar for …") where a layout let them into a field: they are no one's value, and not guidance."""
    fixed = template().vocab.sub_boilerplate
    kept = []
    for para in paragraphs:
        sentences = [
            s for s in _SENTENCE.split(para)
            if process.extractOne(s, fixed, scorer=fuzz.ratio, score_cutoff=BOILERPLATE_CUTOFF) is None
        ]
        if sentences:
            kept.append(" ".join(sentences))
    return kept
