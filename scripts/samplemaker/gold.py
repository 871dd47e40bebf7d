"""The golden records, built from the same content that renders each document so the two cannot drift."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from samplemaker.content import (
    ActivityContent,
    Figure,
    GoalBlock,
    IndicatorRow,
    PartyGroup,
    Sample,
    StrategicContent,
    SubAgreementContent,
    Value,
)
from samplemaker.render_docx import parties_value
from samplemaker.settings import Gold
from samplemaker.template_text import ACTIVITY_FIELDS, GUIDANCE_NOTE


def figure_gold(figure: Figure | None) -> Gold | None:
    if figure is None:
        return None
    return {"area": figure.area, "value": figure.value, "unit": figure.unit, "text": figure.text}


def indicator_gold(row: IndicatorRow) -> Gold:
    return {
        "indicator": row.indicator,
        "baselines": [figure_gold(f) for f in row.baselines],
        "other_baseline": figure_gold(row.other),
        "baseline_year": row.year,
        "data_source": row.source,
    }


def goals_gold(goals: Sequence[GoalBlock], key: str) -> list[Gold]:
    return [{key: g.goal, "indicators": [indicator_gold(r) for r in g.indicators]} for g in goals]


def parties_gold(groups: Sequence[PartyGroup]) -> list[Gold]:
    """A header names the organisation of the lines under it; a line without one names its own."""
    return [
        {
            "text": line.text,
            "name": line.name,
            "role": line.role,
            "organisation": group.header.rstrip(":") if group.header else line.text,
        }
        for group in groups
        for line in group.parties
    ]


def activity_gold(activity: ActivityContent) -> Gold:
    return {"name": activity.name} | {key: getattr(activity, key).text for key in ACTIVITY_FIELDS}


def sub_agreement_gold(sub: SubAgreementContent) -> Gold:
    return {
        "focus_area": sub.focus_area,
        "focus_area_label": sub.label,
        "initiative_name": sub.initiative,
        "valid_from": sub.valid_from,
        "valid_to": sub.valid_to,
        "parties": parties_gold(sub.party_groups),
        "sub_goals": goals_gold(sub.sub_goals, "sub_goal"),
        "activity_overview": list(sub.overview.lines),
        "staff_resources": sub.staff.text,
        "municipal_coherence": sub.coherence.text if sub.coherence else None,
        "revision": sub.revision.text,
        "activities": [activity_gold(a) for a in sub.activities],
    }


def strategic_gold(strategic: StrategicContent) -> Gold:
    return {
        "area_name": strategic.area_name,
        "parties": [{"text": p, "name": None, "role": None, "organisation": p} for p in strategic.parties],
        "valid_from": strategic.valid_from,
        "valid_to": strategic.valid_to,
        "sections": [
            {"number": s.number, "key": s.key, "heading": s.heading, "text": s.body.text} for s in strategic.sections
        ],
        "goals": goals_gold(strategic.goals, "goal"),
        "focus_areas": [
            {"focus_area": f.focus_area, "focus_area_label": f.label, "problem_complex": f.problem_complex.text}
            for f in strategic.focus_areas
        ],
    }


def sub_agreement_fields(sub: SubAgreementContent) -> Iterator[tuple[str, Value | None]]:
    """Every checked field of a delaftale with its path below `sub_agreements[i]`."""
    yield "parties", parties_value(sub)
    yield "activity_overview", sub.overview
    yield "staff_resources", sub.staff
    yield "municipal_coherence", sub.coherence
    yield "revision", sub.revision
    for i, activity in enumerate(sub.activities):
        for key in ACTIVITY_FIELDS:
            yield f"activities[{i}].{key}", getattr(activity, key)


def sub_agreement_findings(sub: SubAgreementContent, index: int) -> list[Gold]:
    root = f"sub_agreements[{index}]"
    findings = []
    if sub.guidance_note:
        findings.append(_finding("template_residue", root, f"{_opening(GUIDANCE_NOTE)} under the title"))
    for path, field in sub_agreement_fields(sub):
        if field is None:
            findings.append(_finding("missing_section", f"{root}.{path}", "the section is left out"))
        elif not field.lines:
            findings.append(_finding("empty_section", f"{root}.{path}", "heading present, value cell empty"))
        elif field.guidance:
            findings.append(_finding("template_residue", f"{root}.{path}", _opening(field.guidance)))
    return findings


def _opening(sentence: str) -> str:
    return " ".join(sentence.split()[:6]) + " …"


def _finding(code: str, path: str, note: str) -> Gold:
    return {"code": code, "path": path, "note": note}


def sample_gold(sample: Sample) -> Gold:
    return {
        "file": f"{sample.stem}.docx",
        "strategic_agreement": strategic_gold(sample.strategic) if sample.strategic else None,
        "sub_agreements": [sub_agreement_gold(s) for s in sample.sub_agreements],
        "expected_findings": [
            _finding("note", "", sample.note),
            *(f for i, s in enumerate(sample.sub_agreements) for f in sub_agreement_findings(s, i)),
        ],
    }
