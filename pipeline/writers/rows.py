"""Flat row models, one per analyst table, linked by stable string keys.

Keys are built from the source file's sha256 and list positions, so the same document always gets
the same ids across runs and machines, and a row can be traced back to its place in the record:
`record_id = sha256[:12]`, `agreement_id = <record_id>:<sub index | "strategic">` of the copy used
(identity.py: one row per distinct agreement however many files hold it),
`goal_id = <agreement_id>:<goal idx>`, `indicator_id = <goal_id>:<indicator idx>`.
Only scalar fields are allowed (str, int, float, bool, date), so each model maps one-to-one onto a
Parquet/DuckDB schema with real DATE, DOUBLE and BOOLEAN columns.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

GoalKind = Literal["goal", "sub_goal"]
MatchedOn = Literal["name", "overview", "purpose", "goal"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocumentRow(_Row):
    """One input file (one record). `is_used` says whether any of its agreements is the copy used."""

    record_id: str
    record_file: str
    source_file: str
    sha256: str
    source_format: str
    pages: int | None
    text_repair_applied: bool
    tokens_changed: int
    n_findings: int
    n_agreements: int
    agreement_ids: str
    n_used: int
    is_used: bool
    use_reason: str


class AgreementCopyRow(_Row):
    """One agreement as read from one file; exactly one copy per agreement is used."""

    copy_id: str
    agreement_id: str
    record_id: str
    source_file: str
    source_format: str
    is_used: bool
    reason: str


class HelhedsplanRow(_Row):
    """A strategic agreement with its delaftaler, or delaftaler whose strategic agreement is not in the archive."""

    helhedsplan_id: str
    name: str
    strategic_agreement_id: str | None
    n_delaftaler: int
    focus_areas: str
    valid_from: date | None
    valid_to: date | None


class AgreementRow(_Row):
    """One distinct strategic agreement or delaftale, read from the copy named by `record_id`."""

    agreement_id: str
    record_id: str
    record_file: str
    source_file: str
    sha256: str
    source_format: str
    n_copies: int
    kind: Literal["strategic", "sub"]
    agreement_index: int | None
    helhedsplan_id: str
    helhedsplan: str
    name: str | None
    focus_area: str | None
    focus_area_label: str | None
    valid_from: date | None
    valid_to: date | None


class PartyRow(_Row):
    party_id: str
    agreement_id: str
    party_index: int
    text: str
    name: str | None
    role: str | None
    organisation: str | None


class GoalRow(_Row):
    """A delmål of a delaftale (kind `sub_goal`) or an overall goal of the strategic agreement (`goal`)."""

    goal_id: str
    agreement_id: str
    goal_index: int
    kind: GoalKind
    text: str
    n_indicators: int


class IndicatorRow(_Row):
    indicator_id: str
    goal_id: str
    agreement_id: str
    indicator_index: int
    indicator: str
    indicator_theme: str | None
    theme_matched: bool
    theme_score: float | None
    theme_matched_on: MatchedOn | None
    baseline_year: str | None
    baseline_year_int: int | None
    data_source: str | None
    n_baselines: int


class BaselineRow(_Row):
    """One area value; the "Evt. anden baseline" cell is a row too, flagged `is_other_baseline`."""

    baseline_id: str
    indicator_id: str
    agreement_id: str
    baseline_index: int | None
    is_other_baseline: bool
    area: str | None
    value: float | None
    unit: str | None
    text: str


class ActivityRow(_Row):
    """One activity: its schema and its overview item linked (activities.py), or whichever exists.

    `in_overview` / `has_schema` show an overview item without a schema and a schema the overview lacks.
    """

    activity_id: str
    agreement_id: str
    activity_index: int
    schema_index: int | None
    overview_index: int | None
    in_overview: bool
    has_schema: bool
    name: str | None
    purpose: str | None
    target_group: str | None
    content_and_practice: str | None
    responsibilities: str | None
    overview_text: str | None
    activity_type: str | None
    activity_type_matched: bool
    activity_type_score: float | None
    activity_type_matched_on: MatchedOn | None


class SectionRow(_Row):
    section_id: str
    agreement_id: str
    number: int
    key: str
    heading: str
    text: str | None
    n_chars: int


class FocusAreaRow(_Row):
    """Section 6 of a strategic agreement: one problem complex per indsatsområde."""

    focus_area_id: str
    agreement_id: str
    focus_area_index: int
    focus_area: str
    focus_area_label: str | None
    problem_complex: str | None


class FindingRow(_Row):
    """A finding; `agreement_id` is null when its path lies outside every agreement."""

    finding_id: str
    record_id: str
    agreement_id: str | None
    finding_index: int
    code: str
    severity: str
    path: str
    message: str


TABLE_MODELS: dict[str, type[_Row]] = {
    "documents": DocumentRow,
    "agreement_copies": AgreementCopyRow,
    "helhedsplaner": HelhedsplanRow,
    "agreements": AgreementRow,
    "parties": PartyRow,
    "sub_goals": GoalRow,
    "indicators": IndicatorRow,
    "baselines": BaselineRow,
    "activities": ActivityRow,
    "sections": SectionRow,
    "focus_areas": FocusAreaRow,
    "findings": FindingRow,
}
