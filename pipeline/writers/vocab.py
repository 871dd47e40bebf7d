"""Canonical vocabularies (indicator themes, activity types) loaded from TOML and matched with rapidfuzz.

The knowledge lives in `pipeline/templates/vocab_*.toml` so an analyst can add a theme or an alias
without touching code; this module only validates the file once and runs one generic matcher.
A value that matches nothing is kept and marked unmatched, never forced onto the nearest entry.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from rapidfuzz import fuzz, process, utils

from models.errors import TemplateError

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
INDICATOR_THEMES = "vocab_indicator_themes.toml"
ACTIVITY_TYPES = "vocab_activity_types.toml"
MIN_ALIAS_LETTERS = 4  # shorter aliases ("job", "UU") would decide a match from a stray word


class VocabEntry(BaseModel):
    """One canonical value with the phrasings that point to it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str
    aliases: list[str] = Field(min_length=1)
    examples: list[str] = Field(default_factory=list, description="Real phrasings; tests map each to `key`")


class Vocabulary(BaseModel):
    """A vocabulary file: a cutoff and entries in priority order (first wins a tie)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    score_cutoff: float = Field(ge=0, le=100)
    entries: list[VocabEntry] = Field(alias="entry", min_length=1)

    @model_validator(mode="after")
    def _check_entries(self) -> Vocabulary:
        keys = [e.key for e in self.entries]
        if len(keys) != len(set(keys)):
            raise ValueError(f"duplicate keys in {keys}")
        for entry in self.entries:
            short = [a for a in entry.aliases if _letters(a) < MIN_ALIAS_LETTERS]
            if short:
                raise ValueError(f"{entry.key}: aliases shorter than {MIN_ALIAS_LETTERS} letters: {short}")
        return self


class Match(BaseModel):
    """The outcome of matching one value: `key` is None when nothing reached the cutoff."""

    model_config = ConfigDict(frozen=True)

    key: str | None
    score: float | None
    matched_on: str | None = None


class Matcher:
    """Matches free text to a vocabulary: best alias by fuzzy substring score, above the cutoff."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._aliases = [alias for entry in vocabulary.entries for alias in entry.aliases]
        self._alias_key = [entry.key for entry in vocabulary.entries for _ in entry.aliases]
        self._seen: dict[str, Match] = {}  # archives repeat the template's indicator phrasings

    def match(self, text: str | None) -> Match:
        """partial_ratio finds an alias inside a longer indicator or activity text, tolerating OCR slips.

        partial_ratio also scores a short text found inside an alias, so a scrap such as "i" or "job"
        would match anything; texts shorter than the shortest allowed alias stay unmatched.
        """
        if not text or _letters(text) < MIN_ALIAS_LETTERS:
            return Match(key=None, score=None)
        if text not in self._seen:
            self._seen[text] = self._best(text)
        return self._seen[text]

    def _best(self, text: str) -> Match:
        best = process.extractOne(
            text,
            self._aliases,
            scorer=fuzz.partial_ratio,
            processor=utils.default_process,
            score_cutoff=self.vocabulary.score_cutoff,
        )
        if best is None:
            return Match(key=None, score=None)
        _alias, score, index = best
        return Match(key=self._alias_key[index], score=round(score, 1))

    def match_first(self, texts: Sequence[tuple[str, str | None]]) -> Match:
        """The first of (field, text) that matches, most telling first: a name says more than a purpose.

        An activity named for a person or a place ("Lektieværkstedet", "Klub Kildehøjen") is often
        typed only by its overview line or its purpose; the field that decided is kept for review.
        """
        for field, text in texts:
            found = self.match(text)
            if found.key is not None:
                return found.model_copy(update={"matched_on": field})
        return Match(key=None, score=None)


def _letters(text: str) -> int:
    """Length of the text as the matcher sees it (lower-cased, punctuation and spaces dropped)."""
    return len(utils.default_process(text).replace(" ", ""))


def load_vocabulary(name: str, templates_dir: Path = TEMPLATES_DIR) -> Vocabulary:
    """Read and validate one vocabulary file; a mistake in it is a TemplateError naming the file."""
    path = templates_dir / name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Vocabulary.model_validate(data)
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise TemplateError(str(exc), path) from exc


@cache
def default_matchers() -> tuple[Matcher, Matcher]:
    """The (indicator theme, activity type) matchers from the shipped templates, built once per process."""
    return Matcher(load_vocabulary(INDICATOR_THEMES)), Matcher(load_vocabulary(ACTIVITY_TYPES))
