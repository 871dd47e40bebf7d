"""Load and validate the template data files (pipeline/templates/*.toml) once per process.

The data lives in TOML so that supporting a new template version or a new heading alias is a data
change, not a code change; the loader checks it once and hands typed objects to the stages.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from models import TemplateError

TEMPLATE_DIR = Path(__file__).parent / "templates"


class Heading(BaseModel):
    field: str
    heading: str
    aliases: list[str] = Field(default_factory=list)
    tail: str | None = None
    required: bool = False
    keys: list[str] = Field(default_factory=list)  # key-word alternatives (pipeline/heading_words.py)
    parser: Literal["text", "one_line", "period", "parties", "goals", "overview", "none"] = "text"

    @property
    def names(self) -> list[str]:
        return [self.heading, *self.aliases]

    @property
    def printed(self) -> str:
        """The heading as the template prints it: with its fixed tail and a colon."""
        return f"{self.heading} {self.tail}:" if self.tail else f"{self.heading}:"


class UnitHeading(BaseModel):
    kind: str
    heading: str
    aliases: list[str] = Field(default_factory=list)


class SectionHeading(BaseModel):
    number: int
    key: str
    heading: str
    aliases: list[str] = Field(default_factory=list)
    keys: list[str] = Field(default_factory=list)
    parser: Literal["text", "goals", "focus_areas"] = "text"


class FocusArea(BaseModel):
    code: str
    label: str
    aliases: list[str] = Field(default_factory=list)
    template: str


class TableColumn(BaseModel):
    role: str
    names: list[str]


class Vocab(BaseModel):
    problem_complex_heading: str
    empty_values: list[str]
    furniture_patterns: list[str]
    sub_boilerplate: list[str]


class Linebreaks(BaseModel):
    suspended_compound_words: list[str]
    open_end_words: list[str]


class Segmenting(BaseModel):
    """`[segment]`: the segmenter's limits and cutoffs (pipeline/segment.py)."""

    max_heading_line: int
    probe_lines: int
    unnumbered_section_max_words: int
    focus_label_cutoff: float
    focus_block_cutoff: float
    focus_block_max_chars: int
    heading_style_prefix: str


class HeadingWords(BaseModel):
    """`[heading_words]`: how a reworded heading is told from prose (pipeline/heading_words.py)."""

    max_words: int
    stem_cutoff: float
    activities_after: str
    filler_words: list[str]
    filler_stems: list[str]


class Overview(BaseModel):
    name_max_chars: int
    name_separators: list[str]
    separated_name_max_chars: int


class Template(BaseModel):
    score_cutoff: float
    lone_label_cutoff: float
    unit: list[UnitHeading]
    sub_heading: list[Heading]
    activity_heading: list[Heading]
    strategic_heading: list[Heading]
    section: list[SectionHeading]
    focus_area: list[FocusArea]
    table_column: list[TableColumn]
    linebreaks: Linebreaks
    overview: Overview
    heading_words: HeadingWords
    segment: Segmenting
    vocab: Vocab



class GoalTableVocab(BaseModel):
    """goal_table.toml: what the goals parser reads cells by (see the file's comments)."""

    no_data_phrases: list[str]
    source_words: list[str]
    grade_words: list[str]
    count_nouns: list[str]
    year_cell_max_words: int
    year_words: list[str]
    nested_area_separator: str
    continuation_words: list[str]
    min_text_cell_letters: int


class Guidance(BaseModel):
    field: str
    text: str


class GuidanceCatalogue(BaseModel):
    score_cutoff: float
    generic_patterns: list[str]
    guidance: list[Guidance]


def _load(name: str) -> dict:
    path = TEMPLATE_DIR / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(str(exc), path) from exc


def load_validated(model: type[BaseModel], name: str) -> BaseModel:
    """A template data file read and checked against its model (a clear TemplateError when it is wrong)."""
    try:
        return model.model_validate(_load(name))
    except ValidationError as exc:
        raise TemplateError(str(exc), TEMPLATE_DIR / name) from exc


@cache
def template() -> Template:
    """The heading catalogue and vocabularies of the LBF templates."""
    return load_validated(Template, "helhedsplan.toml")  # type: ignore[return-value]


@cache
def guidance() -> GuidanceCatalogue:
    """The catalogue of template guidance sentences (to be deleted by applicants)."""
    return load_validated(GuidanceCatalogue, "guidance.toml")  # type: ignore[return-value]


@cache
def goal_table() -> GoalTableVocab:
    """The vocabularies and thresholds of the goals tables."""
    return load_validated(GoalTableVocab, "goal_table.toml")  # type: ignore[return-value]
