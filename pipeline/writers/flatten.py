"""Validated records → flat tidy tables (one row model per table, see rows.py).

Every value of a record that an analyst compares across helhedsplaner lands in exactly one row;
nothing is summarised here, so the tables can be checked against the records one to one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from models import Activity, Indicator, Record, StrategicAgreement, SubAgreement
from pipeline.writers.rows import (
    TABLE_MODELS,
    ActivityRow,
    ActivitySource,
    AgreementRow,
    BaselineRow,
    FindingRow,
    FocusAreaRow,
    GoalKind,
    GoalRow,
    IndicatorRow,
    PartyRow,
    RecordRow,
    SectionRow,
)
from pipeline.writers.vocab import Matcher, default_matchers

RECORD_ID_LENGTH = 12
STRATEGIC = "strategic"
# A finding path starts with the agreement it belongs to: "sub_agreements[1].activities[0].name".
FINDING_AGREEMENT = re.compile(r"^(?:sub_agreements\[(?P<index>\d+)\]|(?P<strategic>strategic_agreement))")


@dataclass(frozen=True)
class LoadedRecord:
    """A record together with the file it was read from, which the tables cite."""

    path: Path
    record: Record


@dataclass
class Tables:
    """All analyst tables; field names are the table names of TABLE_MODELS."""

    records: list[RecordRow] = field(default_factory=list)
    agreements: list[AgreementRow] = field(default_factory=list)
    parties: list[PartyRow] = field(default_factory=list)
    sub_goals: list[GoalRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    baselines: list[BaselineRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    sections: list[SectionRow] = field(default_factory=list)
    focus_areas: list[FocusAreaRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)

    def items(self) -> list[tuple[str, list]]:
        """(table name, rows) in the fixed TABLE_MODELS order, so every writer lays tables out alike."""
        return [(name, getattr(self, name)) for name in TABLE_MODELS]


@dataclass(frozen=True)
class _Context:
    """What every row of one agreement repeats: its key and the record it came from."""

    loaded: LoadedRecord
    record_id: str
    helhedsplan: str


def records_to_tables(loaded: list[LoadedRecord]) -> Tables:
    """Flatten records in the given order; ids depend only on content and position, never on run order."""
    themes, activity_types = default_matchers()
    tables = Tables()
    for item in loaded:
        record = item.record
        record_id = record.source.sha256[:RECORD_ID_LENGTH]
        ctx = _Context(item, record_id, _helhedsplan_name(item))
        tables.records.append(_record_row(ctx))
        if record.strategic_agreement is not None:
            _add_strategic(tables, ctx, record.strategic_agreement, themes)
        for index, sub in enumerate(record.sub_agreements):
            _add_sub(tables, ctx, index, sub, themes, activity_types)
        _add_findings(tables, ctx)
    return tables


def _helhedsplan_name(item: LoadedRecord) -> str:
    """A bundle is named by its strategic area; a lone delaftale by its initiative; else by its file."""
    record = item.record
    if record.strategic_agreement is not None and record.strategic_agreement.area_name:
        return record.strategic_agreement.area_name
    for sub in record.sub_agreements:
        if sub.initiative_name:
            return sub.initiative_name
    return Path(record.source.file).stem


def _record_row(ctx: _Context) -> RecordRow:
    record = ctx.loaded.record
    return RecordRow(
        record_id=ctx.record_id,
        record_file=ctx.loaded.path.name,
        source_file=record.source.file,
        sha256=record.source.sha256,
        source_format=record.source.format,
        pages=record.source.pages,
        text_repair_applied=record.text_repair.applied,
        tokens_changed=record.text_repair.tokens_changed,
        n_sub_agreements=len(record.sub_agreements),
        has_strategic_agreement=record.strategic_agreement is not None,
        n_findings=len(record.findings),
    )


def _agreement_row(ctx: _Context, index: int | None, agreement: StrategicAgreement | SubAgreement) -> AgreementRow:
    source = ctx.loaded.record.source
    is_sub = isinstance(agreement, SubAgreement)
    return AgreementRow(
        agreement_id=f"{ctx.record_id}:{STRATEGIC if index is None else index}",
        record_id=ctx.record_id,
        record_file=ctx.loaded.path.name,
        source_file=source.file,
        sha256=source.sha256,
        source_format=source.format,
        kind="sub" if is_sub else "strategic",
        agreement_index=index,
        helhedsplan=ctx.helhedsplan,
        name=agreement.initiative_name if is_sub else agreement.area_name,
        focus_area=agreement.focus_area if is_sub else None,
        focus_area_label=agreement.focus_area_label if is_sub else None,
        valid_from=agreement.valid_from,
        valid_to=agreement.valid_to,
    )


def _add_strategic(tables: Tables, ctx: _Context, agreement: StrategicAgreement, themes: Matcher) -> None:
    row = _agreement_row(ctx, None, agreement)
    tables.agreements.append(row)
    _add_parties(tables, row.agreement_id, agreement)
    for g_index, goal in enumerate(agreement.goals):
        _add_goal(tables, row.agreement_id, g_index, "goal", goal.goal, goal.indicators, themes)
    tables.sections.extend(
        SectionRow(
            section_id=f"{row.agreement_id}:{section.number}",
            agreement_id=row.agreement_id,
            number=section.number,
            key=section.key,
            heading=section.heading,
            text=section.text,
            n_chars=len(section.text or ""),
        )
        for section in agreement.sections
    )
    tables.focus_areas.extend(
        FocusAreaRow(
            focus_area_id=f"{row.agreement_id}:{index}",
            agreement_id=row.agreement_id,
            focus_area_index=index,
            focus_area=block.focus_area,
            focus_area_label=block.focus_area_label,
            problem_complex=block.problem_complex,
        )
        for index, block in enumerate(agreement.focus_areas)
    )


def _add_sub(
    tables: Tables, ctx: _Context, index: int, sub: SubAgreement, themes: Matcher, activity_types: Matcher
) -> None:
    row = _agreement_row(ctx, index, sub)
    tables.agreements.append(row)
    _add_parties(tables, row.agreement_id, sub)
    for g_index, sub_goal in enumerate(sub.sub_goals):
        _add_goal(tables, row.agreement_id, g_index, "sub_goal", sub_goal.sub_goal, sub_goal.indicators, themes)
    entries: list[tuple[ActivitySource, int, Activity, str | None]] = [
        ("schema", index, activity, None) for index, activity in enumerate(sub.activities)
    ]
    entries += [
        ("overview", index, Activity(name=item.split("\n", 1)[0].removeprefix("• ").strip()), item)
        for index, item in enumerate(sub.activity_overview)
    ]
    for source, index, activity, overview_text in entries:
        match = activity_types.match(activity.name)
        tables.activities.append(
            ActivityRow(
                activity_id=f"{row.agreement_id}:{source}:{index}",
                agreement_id=row.agreement_id,
                source=source,
                activity_index=index,
                **activity.model_dump(include=set(Activity.model_fields)),
                overview_text=overview_text,
                activity_type=match.key,
                activity_type_matched=match.key is not None,
                activity_type_score=match.score,
            )
        )


def _add_parties(tables: Tables, agreement_id: str, agreement: StrategicAgreement | SubAgreement) -> None:
    tables.parties.extend(
        PartyRow(
            party_id=f"{agreement_id}:{index}",
            agreement_id=agreement_id,
            party_index=index,
            text=party.text,
            name=party.name,
            role=party.role,
            organisation=party.organisation,
        )
        for index, party in enumerate(agreement.parties)
    )


def _add_goal(
    tables: Tables,
    agreement_id: str,
    g_index: int,
    kind: GoalKind,
    text: str,
    indicators: list[Indicator],
    themes: Matcher,
) -> None:
    goal_id = f"{agreement_id}:{g_index}"
    tables.sub_goals.append(
        GoalRow(
            goal_id=goal_id,
            agreement_id=agreement_id,
            goal_index=g_index,
            kind=kind,
            text=text,
            n_indicators=len(indicators),
        )
    )
    for i_index, indicator in enumerate(indicators):
        indicator_id = f"{goal_id}:{i_index}"
        match = themes.match(indicator.indicator)
        tables.indicators.append(
            IndicatorRow(
                indicator_id=indicator_id,
                goal_id=goal_id,
                agreement_id=agreement_id,
                indicator_index=i_index,
                indicator=indicator.indicator,
                indicator_theme=match.key,
                theme_matched=match.key is not None,
                theme_score=match.score,
                baseline_year=indicator.baseline_year,
                data_source=indicator.data_source,
                n_baselines=len(indicator.baselines),
            )
        )
        cells = [(str(b_index), b_index, baseline) for b_index, baseline in enumerate(indicator.baselines)]
        if indicator.other_baseline is not None:
            cells.append(("other", None, indicator.other_baseline))
        tables.baselines.extend(
            BaselineRow(
                baseline_id=f"{indicator_id}:{suffix}",
                indicator_id=indicator_id,
                agreement_id=agreement_id,
                baseline_index=b_index,
                is_other_baseline=b_index is None,
                area=baseline.area,
                value=baseline.value,
                unit=baseline.unit,
                text=baseline.text,
            )
            for suffix, b_index, baseline in cells
        )


def _add_findings(tables: Tables, ctx: _Context) -> None:
    """Link each finding to the agreement its path names, if that agreement exists in the record."""
    known = {row.agreement_id for row in tables.agreements if row.record_id == ctx.record_id}
    for index, finding in enumerate(ctx.loaded.record.findings):
        found = FINDING_AGREEMENT.match(finding.path)
        agreement_id = None
        if found:
            candidate = f"{ctx.record_id}:{found['index'] if found['index'] is not None else STRATEGIC}"
            agreement_id = candidate if candidate in known else None
        tables.findings.append(
            FindingRow(
                finding_id=f"{ctx.record_id}:{index}",
                record_id=ctx.record_id,
                agreement_id=agreement_id,
                finding_index=index,
                code=finding.code,
                severity=finding.severity,
                path=finding.path,
                message=finding.message,
            )
        )
