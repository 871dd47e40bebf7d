"""The content model of a sample agreement: what an applicant writes into each template field."""

from __future__ import annotations

from dataclasses import dataclass

from samplemaker.settings import Layout


@dataclass(frozen=True)
class Value:
    """A field's text as lines ("• " starts a Word list item), plus LBF guidance the applicant left in."""

    lines: tuple[str, ...] = ()
    guidance: str | None = None

    @property
    def text(self) -> str | None:
        return "\n".join(self.lines) or None


def value(*lines: str, guidance: str | None = None) -> Value:
    return Value(lines, guidance)


@dataclass(frozen=True)
class Figure:
    """One baseline figure as written in its cell, with what the parser should read out of it."""

    text: str
    area: str | None = None
    value: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class IndicatorRow:
    indicator: str
    baselines: tuple[Figure, ...]
    other: Figure | None
    year: str | None
    source: str


@dataclass(frozen=True)
class GoalBlock:
    goal: str
    indicators: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class PartyLine:
    text: str
    name: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class PartyGroup:
    """Parties listed under an optional header that names their organisation ("Fjordby Kommune:")."""

    header: str | None
    parties: tuple[PartyLine, ...]


@dataclass(frozen=True)
class ActivityContent:
    name: str
    purpose: Value
    target_group: Value
    content_and_practice: Value
    responsibilities: Value


@dataclass(frozen=True)
class SubAgreementContent:
    focus_area: str
    label: str
    initiative: str
    period: str
    valid_from: str
    valid_to: str
    party_groups: tuple[PartyGroup, ...]
    sub_goals: tuple[GoalBlock, ...]
    overview: Value
    staff: Value
    coherence: Value | None  # None: the applicant deleted the whole section
    revision: Value
    activities: tuple[ActivityContent, ...]
    year_column: bool = True
    guidance_note: bool = False
    parties_guidance: str | None = None


@dataclass(frozen=True)
class SectionContent:
    number: int
    key: str
    heading: str
    body: Value


@dataclass(frozen=True)
class FocusAreaContent:
    focus_area: str
    label: str
    problem_complex: Value


@dataclass(frozen=True)
class StrategicContent:
    area_name: str
    parties: tuple[str, ...]
    period: str
    valid_from: str
    valid_to: str
    sections: tuple[SectionContent, ...]
    goals: tuple[GoalBlock, ...]
    focus_areas: tuple[FocusAreaContent, ...]


@dataclass(frozen=True)
class Sample:
    stem: str
    layout: Layout
    strategic: StrategicContent | None
    sub_agreements: tuple[SubAgreementContent, ...]
    note: str  # what the sample exercises, kept in its golden record for the reader


def pct(text: str, area: str | None, number: float) -> Figure:
    return Figure(text, area, number, "percent")
