"""What a word in a party line is: part of a title, of an organisation's name, or of a person's name.

The vocabularies live in pipeline/templates/parties.toml; this module turns them into the few word tests
the party-line parser decides by. Danish compounds put the telling part at the end of a title
("afdelingsleder") and anywhere in a body's name ("Fritidsklubben"), so titles are matched by suffix and
organisations by stem. A person's name is what is left: capitalised words that are neither.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel

from pipeline.catalogue import load_validated

_NAME_WORD = re.compile(r"^[A-ZÆØÅÉÜÖ][a-zæøåéèüöäí']+(?:-[A-ZÆØÅÉÜÖ][a-zæøåéèüöäí']+)*$")
_INITIAL = re.compile(r"^[A-ZÆØÅ]\.$")
_ACRONYM = re.compile(r"^[A-ZÆØÅ0-9&/-]{2,}(?:'er)?$")
_EDGE = ",.;:()"


class PartyVocab(BaseModel):
    title_suffixes: list[str]
    title_modifiers: list[str]
    organisation_stems: list[str]
    name_particles: list[str]
    represented_by: list[str]
    appositive_openers: list[str]
    label_suffixes: list[str]
    label_words: list[str]
    header_prepositions: list[str]
    table_headers: list[str]
    max_party_chars: int
    prose_min_words: int
    enumeration_links: list[str]
    role_prepositions: list[str]
    first_names: list[str]


@cache
def vocab() -> PartyVocab:
    """The party vocabularies, validated once per process."""
    return load_validated(PartyVocab, "parties.toml")  # type: ignore[return-value]


def _bare(word: str) -> str:
    return word.strip(_EDGE).lower()


def is_title(word: str) -> bool:
    """A title or function: "leder", "SSP-konsulent", "Bibliotekschef" (a compound ending in a title)."""
    w = _bare(word)
    return bool(w) and w.endswith(tuple(vocab().title_suffixes))


def is_title_modifier(word: str) -> bool:
    """A word that may stand before a title as part of it ("administrerende", "boligsocial")."""
    return _bare(word) in vocab().title_modifiers


def is_organisation_word(word: str) -> bool:
    """A word that names a body: a compound holding an organisation stem, or an acronym ("SSP", "FOB")."""
    w = _bare(word)
    if not w or is_title(word):
        return False
    return any(stem in w for stem in vocab().organisation_stems) or bool(_ACRONYM.match(word.strip(_EDGE)))


def is_title_phrase(words: list[str]) -> bool:
    """Words that are a title and nothing else: "skoleleder", "administrerende direktør",
    "uddannelses- og familiemedarbejder" (a shared-suffix compound)."""
    if not words or not is_title(words[-1]):
        return False
    for i, word in enumerate(words[:-1]):
        nxt = words[i + 1]
        joined = word.endswith("-") and nxt.lower() in vocab().enumeration_links
        if not (is_title_modifier(word) or is_title(word) or joined or (word.lower() in vocab().enumeration_links)):
            return False
    return True


def is_name_word(word: str) -> bool:
    """One word of a person's name: capitalised (hyphenated first names too) or an initial, not a title or a
    body's word."""
    if _INITIAL.match(word):
        return True
    return bool(_NAME_WORD.match(word)) and not is_title(word) and not is_organisation_word(word)


def is_person_name(words: list[str]) -> bool:
    """Two or more name words ("Anne-Mette Rosenkilde", "Jan van der Berg"), particles only inside."""
    if len(words) < 2 or not is_name_word(words[0]) or not is_name_word(words[-1]):
        return False
    particles = vocab().name_particles
    return all(is_name_word(w) or w in particles for w in words[1:-1])


def trailing_name(words: list[str]) -> int | None:
    """Where a person's name at the end of `words` starts ("formand for bestyrelsen Jens Ole Brix" → 3)."""
    start = len(words)
    particles = vocab().name_particles
    while start > 0 and (is_name_word(words[start - 1]) or (words[start - 1] in particles and start < len(words))):
        start -= 1
    while start < len(words) and words[start] in particles:
        start += 1
    if start > 0 and not is_first_name(words[start : start + 1]):
        # after a role, a run of capitalised words may open with the role's end ("… for Integration og
        # Sprog Lars Bøgh"): the name starts at its first known first name
        known = next((i for i in range(start + 1, len(words) - 1) if is_first_name(words[i : i + 1])), None)
        if known is not None and is_person_name(words[known:]):
            start = known
    return start if is_person_name(words[start:]) else None


def is_first_name(words: list[str]) -> bool:
    """The (one) word is a common first name ("Lars", "Anne-Mette" by "Anne"), per parties.toml."""
    return len(words) == 1 and _bare(words[0]).split("-")[0] in _first_names()


@cache
def _first_names() -> frozenset[str]:
    return frozenset(vocab().first_names)


def is_role_phrase(words: list[str]) -> bool:
    """A title and what it is of: "leder af Ungeenheden", "afdelingsleder i Jobcenter Aalborg"."""
    return any(
        words[k].lower() in vocab().role_prepositions and is_title_phrase(words[:k]) for k in range(1, len(words) - 1)
    )


def is_label_word(word: str) -> bool:
    """A word that labels a kind of party ("parter", "Øvrige", "Boligorganisationer")."""
    w = _bare(word)
    return w in vocab().label_words or w.endswith(tuple(vocab().label_suffixes))
