"""Validated records → flat tidy tables (one row model per table, see rows.py).

Every value of a distinct agreement that an analyst compares across helhedsplaner lands in exactly
one row, read from the agreement's used copy (identity.py); nothing is summarised here, so the tables
can be checked against the records one to one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models import Indicator, StrategicAgreement, SubAgreement
from pipeline.writers.activities import link_activities
from pipeline.writers.documents import copy_rows, document_rows, helhedsplan_rows, iso_date
from pipeline.writers.identity import STRATEGIC, Copy, DistinctAgreement, record_id, resolve
from pipeline.writers.load import LoadedRecord
from pipeline.writers.plans import Helhedsplan, group_helhedsplaner
from pipeline.writers.rows import (
    TABLE_MODELS,
    ActivityRow,
    AgreementCopyRow,
    AgreementRow,
    BaselineRow,
    DocumentRow,
    FindingRow,
    FocusAreaRow,
    GoalKind,
    GoalRow,
    HelhedsplanRow,
    IndicatorRow,
    PartyRow,
    SectionRow,
)
from pipeline.writers.settings import dataset_settings
from pipeline.writers.vocab import Matcher, default_matchers

# A finding path starts with the agreement it belongs to: "sub_agreements[1].activities[0].name".
FINDING_AGREEMENT = re.compile(r"^(?:sub_agreements\[(?P<index>\d+)\]|(?P<strategic>strategic_agreement))")
# A baseline year names one year when a single four-digit year stands in it ("2024 (december)", "2024/25").
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@dataclass
class Tables:
    """All analyst tables; field names are the table names of TABLE_MODELS."""

    documents: list[DocumentRow] = field(default_factory=list)
    agreement_copies: list[AgreementCopyRow] = field(default_factory=list)
    helhedsplaner: list[HelhedsplanRow] = field(default_factory=list)
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


def records_to_tables(loaded: list[LoadedRecord]) -> Tables:
    """Flatten the distinct agreements, each from its used copy; ids depend only on content, never on run order."""
    settings = dataset_settings()
    themes, activity_types = default_matchers()
    agreements = resolve(loaded, settings)
    plans = group_helhedsplaner(agreements, settings)
    plan_of = {a.agreement_id: plan for plan in plans for a in [plan.strategic, *plan.delaftaler] if a is not None}
    tables = Tables(
        documents=document_rows(loaded, agreements),
        agreement_copies=copy_rows(agreements),
        helhedsplaner=helhedsplan_rows(plans),
    )
    for group in agreements:
        row = _agreement_row(group, plan_of[group.agreement_id])
        tables.agreements.append(row)
        agreement = group.used.agreement
        _add_parties(tables, row.agreement_id, agreement)
        if isinstance(agreement, SubAgreement):
            _add_sub(tables, row.agreement_id, agreement, themes, activity_types, settings.activities.link_similarity)
        else:
            _add_strategic(tables, row.agreement_id, agreement, themes)
    copies = {c.copy_id: c is a.used for a in agreements for c in a.copies}
    for item in loaded:
        _add_findings(tables, item, copies)
    return tables


def _agreement_row(group: DistinctAgreement, plan: Helhedsplan) -> AgreementRow:
    copy: Copy = group.used
    source = copy.record.source
    agreement = copy.agreement
    sub = agreement if isinstance(agreement, SubAgreement) else None
    return AgreementRow(
        agreement_id=group.agreement_id,
        record_id=copy.record_id,
        record_file=copy.loaded.path.name,
        source_file=source.file,
        sha256=source.sha256,
        source_format=source.format,
        n_copies=len(group.copies),
        kind=copy.kind,
        agreement_index=copy.index,
        helhedsplan_id=plan.helhedsplan_id,
        helhedsplan=plan.name,
        name=copy.name,
        focus_area=sub.focus_area if sub else None,
        focus_area_label=sub.focus_area_label if sub else None,
        valid_from=iso_date(agreement.valid_from),
        valid_to=iso_date(agreement.valid_to),
    )


def _add_strategic(tables: Tables, agreement_id: str, agreement: StrategicAgreement, themes: Matcher) -> None:
    for g_index, goal in enumerate(agreement.goals):
        _add_goal(tables, agreement_id, g_index, "goal", goal.goal, goal.indicators, themes)
    tables.sections.extend(
        SectionRow(
            section_id=f"{agreement_id}:{section.number}",
            agreement_id=agreement_id,
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
            focus_area_id=f"{agreement_id}:{index}",
            agreement_id=agreement_id,
            focus_area_index=index,
            focus_area=block.focus_area,
            focus_area_label=block.focus_area_label,
            problem_complex=block.problem_complex,
        )
        for index, block in enumerate(agreement.focus_areas)
    )


def _add_sub(
    tables: Tables, agreement_id: str, sub: SubAgreement, themes: Matcher, activity_types: Matcher, link: float
) -> None:
    for g_index, sub_goal in enumerate(sub.sub_goals):
        _add_goal(tables, agreement_id, g_index, "sub_goal", sub_goal.sub_goal, sub_goal.indicators, themes)
    for index, linked in enumerate(link_activities(sub, link)):
        activity = linked.activity
        match = activity_types.match_first(
            [("name", activity.name), ("overview", linked.overview_text), ("purpose", activity.purpose)]
        )
        tables.activities.append(
            ActivityRow(
                activity_id=f"{agreement_id}:{index}",
                agreement_id=agreement_id,
                activity_index=index,
                schema_index=linked.schema_index,
                overview_index=linked.overview_index,
                in_overview=linked.overview_index is not None,
                has_schema=linked.schema_index is not None,
                **activity.model_dump(include=set(type(activity).model_fields)),
                overview_text=linked.overview_text,
                activity_type=match.key,
                activity_type_matched=match.key is not None,
                activity_type_score=match.score,
                activity_type_matched_on=match.matched_on,
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
        match = themes.match_first([("name", indicator.indicator), ("goal", text)])
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
                theme_matched_on=match.matched_on,
                baseline_year=indicator.baseline_year,
                baseline_year_int=_year(indicator.baseline_year),
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


def _year(text: str | None) -> int | None:
    """The year a baseline year names; None for none or for a span of several ("2022-2023")."""
    years = set(YEAR.findall(text or ""))
    return int(years.pop()) if len(years) == 1 else None


def _add_findings(tables: Tables, item: LoadedRecord, copies: dict[str, bool]) -> None:
    """A finding of a used copy, linked to its agreement; a finding of the file itself is always kept.

    `copies` tells for every copy id whether it is used; a path naming no agreement of the record
    (or none at all) is a finding of the file.

    Findings of copies not used describe a read the tables do not show; `documents.n_findings` counts them.
    """
    rid = record_id(item.record)
    for index, finding in enumerate(item.record.findings):
        found = FINDING_AGREEMENT.match(finding.path)
        agreement_id = None
        if found:
            candidate = f"{rid}:{found['index'] if found['index'] is not None else STRATEGIC}"
            if copies.get(candidate) is False:
                continue
            agreement_id = candidate if candidate in copies else None
        tables.findings.append(
            FindingRow(
                finding_id=f"{rid}:{index}",
                record_id=rid,
                agreement_id=agreement_id,
                finding_index=index,
                code=finding.code,
                severity=finding.severity,
                path=finding.path,
                message=finding.message,
            )
        )
