"""A delaftale unit → SubAgreement, with its findings."""

from __future__ import annotations

from models import Activity, SubAgreement, SubGoal
from pipeline.catalogue import template
from pipeline.parse.goals import parse_goal_table
from pipeline.parse.overview import parse_overview
from pipeline.parse.parties import parse_parties
from pipeline.parse.values import Joiner, ValueReader, lines_text, one_line
from pipeline.segment import Field, Unit, focus_code

ACTIVITY_FIELDS = ("name", "purpose", "target_group", "content_and_practice", "responsibilities")
TEXT_FIELDS = ("staff_resources", "municipal_coherence", "revision")


def _headings() -> dict[str, str]:
    t = template()
    return {h.field: h.heading for h in t.sub_heading + t.activity_heading}


def build_sub(unit: Unit, index: int, reader: ValueReader) -> SubAgreement:
    base = f"sub_agreements[{index}]"
    findings = reader.findings
    heads = _headings()
    required = {h.field for h in template().sub_heading if h.required}
    reader.paragraphs(unit.preamble, base)  # guidance outside every field is reported at the agreement

    label = (unit.label or "").strip(" :*") or None
    if label is None:
        findings.missing(f"{base}.focus_area_label", "Delaftale for indsatsområdet …")

    def read(key: str, path_key: str, join: Joiner) -> tuple[list[str], str | None]:
        return reader.field(unit.fields.get(key), f"{base}.{path_key}", heads[key], key in required, join)

    _, initiative = read("initiative_name", "initiative_name", one_line)
    valid_from, valid_to = reader.period(unit.fields.get("period"), base, heads["period"], "period" in required)
    party_paras, _ = read("parties", "parties", lines_text)
    overview_paras, _ = read("activity_overview", "activity_overview", lines_text)
    texts = {k: read(k, k, lines_text)[1] for k in TEXT_FIELDS}
    sub_goals = _sub_goals(unit.fields.get("sub_goals"), base, reader, "sub_goals" in required)

    activities = [_activity(a, f"{base}.activities[{j}]", reader, heads) for j, a in enumerate(unit.activities)]
    if not activities:
        findings.missing(f"{base}.activities", "Aktivitetsnavn")
    return SubAgreement(
        focus_area=focus_code(label) if label else "other",
        focus_area_label=label,
        initiative_name=initiative,
        valid_from=valid_from,
        valid_to=valid_to,
        parties=parse_parties(party_paras),
        sub_goals=sub_goals,
        activity_overview=parse_overview(overview_paras),
        activities=activities,
        **texts,
    )


def _sub_goals(fld: Field | None, base: str, reader: ValueReader, required: bool) -> list[SubGoal]:
    path = f"{base}.sub_goals"
    if fld is None:
        if required:
            reader.findings.missing(path, "Delmål og indikatorer for indsatsområdet")
        return []
    table = parse_goal_table(fld.lines)
    reader.paragraphs(table.prose, path)  # residue in the prose around the table
    goals = [SubGoal(sub_goal=g, indicators=inds) for g, inds in table.goals]
    for gi, ii, cell in table.unparsed:
        reader.findings.add("unparsed_value", f"{path}[{gi}].indicators[{ii}].baselines",
                            f"baseline {cell!r} has a number that could not be read")
    if not goals and required:
        reader.findings.empty(path, "Delmål og indikatorer for indsatsområdet")
    return goals


def _activity(fields: dict[str, Field], path: str, reader: ValueReader, heads: dict[str, str]) -> Activity:
    values: dict[str, str | None] = {}
    for key in ACTIVITY_FIELDS:
        join = one_line if key == "name" else lines_text
        values[key] = reader.field(fields.get(key), f"{path}.{key}", heads[key], True, join)[1]
    return Activity(**values)
