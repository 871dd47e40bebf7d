"""Flat row models, one per analyst table, linked by stable string keys.

Keys are built from the source file's sha256 and list positions, so the same document always gets
the same ids across runs and machines, and a row can be traced back to its place in the record:
`record_id = sha256[:12]`, `agreement_id = <record_id>:<sub index | "strategic">`,
`goal_id = <agreement_id>:<goal idx>`, `indicator_id = <goal_id>:<indicator idx>`.
Only scalar fields are allowed, so each model maps one-to-one onto a Parquet/DuckDB schema.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

GoalKind = Literal["goal", "sub_goal"]
ActivitySource = Literal["schema", "overview"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecordRow(_Row):
    """One record file: the archive's unit for formats and OCR repair."""

    record_id: str
    record_file: str
    source_file: str
    sha256: str
    source_format: str
    pages: int | None
    text_repair_applied: bool
    tokens_changed: int
    n_sub_agreements: int
    has_strategic_agreement: bool
    n_findings: int


class AgreementRow(_Row):
    """One strategic agreement or delaftale. `helhedsplan` groups a bundle under its area name."""

    agreement_id: str
    record_id: str
    record_file: str
    source_file: str
    sha256: str
    source_format: str
    kind: Literal["strategic", "sub"]
    agreement_index: int | None
    helhedsplan: str
    name: str | None
    focus_area: str | None
    focus_area_label: str | None
    valid_from: str | None
    valid_to: str | None


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
    baseline_year: str | None
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
    """One activity schema (`source = "schema"`) or one item of the activity overview (`"overview"`).

    An overview item has no schema fields: its first line is the `name`, the item as written `overview_text`.
    """

    activity_id: str
    agreement_id: str
    source: ActivitySource
    activity_index: int
    name: str | None
    purpose: str | None
    target_group: str | None
    content_and_practice: str | None
    responsibilities: str | None
    overview_text: str | None
    activity_type: str | None
    activity_type_matched: bool
    activity_type_score: float | None


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
    "records": RecordRow,
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
