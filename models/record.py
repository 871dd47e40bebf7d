"""The agreement record, contract v1 (shared/contract/RECORD.md). These models are the source of truth in code.

Keys are English snake_case; titles carry the template's Danish headings so a reader can map each key back.
Every listed key is always present (null or [] when the document gives nothing).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

SCHEMA_VERSION = "1.0"

FindingCode = Literal[
    "missing_section",
    "empty_section",
    "template_residue",
    "unparsed_value",
    "ocr_repair",
    "low_confidence",
    "page_unreadable",
]
Severity = Literal["error", "warning", "info"]
Unit = Literal["percent", "count", "grade", "other"]


LENIENT = {"lenient": True}  # validation context for records other tools (or older versions) wrote


class _Model(BaseModel):
    """Unknown keys are an error when the pipeline builds a record, so a misspelt key cannot slip into the
    output; reading a record with `context=LENIENT` drops keys these models do not know instead."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _drop_unknown_when_lenient(cls, data: object, info: ValidationInfo) -> object:
        if isinstance(data, dict) and info.context and info.context.get("lenient"):
            return {key: value for key, value in data.items() if key in cls.model_fields}
        return data


class Source(_Model):
    file: str = Field(description="Path as given")
    sha256: str
    format: Literal["docx", "pdf", "pdf-ocr", "txt"]
    pages: int | None = None


class TextRepair(_Model):
    applied: bool = False
    tokens_changed: int = 0


class Party(_Model):
    text: str = Field(title="Part", description="The whole line as written")
    name: str | None = None
    role: str | None = None
    organisation: str | None = None


class Baseline(_Model):
    area: str | None = Field(default=None, description="Boligområde/målgruppe the figure is for; null for all")
    value: float | None = None
    unit: Unit | None = None
    text: str = Field(description="The cell text as written")


class Indicator(_Model):
    indicator: str = Field(title="Indikator")
    baselines: list[Baseline] = Field(default_factory=list, title="Baseline boligområde/målgruppe")
    other_baseline: Baseline | None = Field(default=None, title="Evt. anden baseline")
    baseline_year: str | None = Field(default=None, title="Baseline år")
    data_source: str | None = Field(default=None, title="Datakilde")


class SubGoal(_Model):
    sub_goal: str = Field(title="Delmål")
    indicators: list[Indicator] = Field(default_factory=list)


class Goal(_Model):
    goal: str = Field(title="Mål")
    indicators: list[Indicator] = Field(default_factory=list)


class Activity(_Model):
    name: str | None = Field(default=None, title="Aktivitetsnavn")
    purpose: str | None = Field(default=None, title="Formål")
    target_group: str | None = Field(default=None, title="Målgruppe(r)")
    content_and_practice: str | None = Field(default=None, title="Indhold og praksis")
    responsibilities: str | None = Field(default=None, title="Ansvars- og rollefordeling")


class SubAgreement(_Model):
    focus_area: str = Field(title="Indsatsområde (code)")
    focus_area_label: str | None = Field(default=None, title="Delaftale for indsatsområdet …")
    initiative_name: str | None = Field(
        default=None, title="Navn på den boligsociale indsats, som delaftalen vedrører"
    )
    valid_from: str | None = Field(default=None, title="Delaftalen gælder fra", pattern=r"^\d{4}-\d{2}-\d{2}$")
    valid_to: str | None = Field(default=None, title="Delaftalen gælder til", pattern=r"^\d{4}-\d{2}-\d{2}$")
    parties: list[Party] = Field(default_factory=list, title="Delaftalens parter")
    sub_goals: list[SubGoal] = Field(default_factory=list, title="Delmål og indikatorer for indsatsområdet")
    activity_overview: list[str] = Field(default_factory=list, title="Aktiviteter, som skal bidrage …")
    staff_resources: str | None = Field(default=None, title="Medarbejderressourcer for indsatsområdet")
    municipal_coherence: str | None = Field(
        default=None, title="Sammenhæng med den kommunale indsats i boligområdet"
    )
    revision: str | None = Field(default=None, title="Revision af delaftalen")
    activities: list[Activity] = Field(default_factory=list, title="Aktivitetsskemaer")


class Section(_Model):
    number: int
    key: str
    heading: str
    text: str | None = None


class FocusAreaBlock(_Model):
    focus_area: str
    focus_area_label: str | None = None
    problem_complex: str | None = Field(default=None, title="Problemkompleks for indsatsområdet")


class StrategicAgreement(_Model):
    area_name: str | None = Field(default=None, title="Områdets navn")
    parties: list[Party] = Field(default_factory=list, title="Aftalens parter")
    valid_from: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    valid_to: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    sections: list[Section] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list, title="Overordnede mål og indikatorer")
    focus_areas: list[FocusAreaBlock] = Field(default_factory=list, title="Indsatsområder")


class Finding(_Model):
    code: FindingCode
    severity: Severity
    path: str
    message: str
    pages: list[int] | None = Field(default=None, description="1-based pages the finding is about (contract v1.1)")


class Provenance(_Model):
    """Where one text leaf came from (contract v1.1): a span of the text `helhedsplan text` prints."""

    pages: list[int] | None = Field(default=None, description="1-based pages the value spans; null without pages")
    start: int | None = Field(default=None, description="Offset of the value's source in the read text")
    end: int | None = Field(default=None, description="End offset (exclusive) of the value's source")
    bbox: tuple[float, float, float, float] | None = Field(
        default=None, description="x0, top, x1, bottom in PDF points on the first of `pages` (PDF, scans)"
    )
    confidence: float = Field(ge=0, le=1, description="The pipeline's estimate that the value is right")


class Record(_Model):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    source: Source
    text_repair: TextRepair = Field(default_factory=TextRepair)
    strategic_agreement: StrategicAgreement | None = None
    sub_agreements: list[SubAgreement] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    provenance: dict[str, Provenance] = Field(
        default_factory=dict, description="Field path → source span, pages, bbox and confidence (contract v1.1)"
    )
