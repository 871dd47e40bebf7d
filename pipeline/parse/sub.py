"""A delaftale unit → SubAgreement, with its findings.

Which parser reads each field, and whether it is mandatory, is template data (`parser` and `required` of
each `[[sub_heading]]` / `[[activity_heading]]` in helhedsplan.toml); this module only knows the parsers.
"""

from __future__ import annotations

from typing import Any

from models import Activity, SubAgreement, SubGoal
from pipeline.catalogue import Heading, template
from pipeline.parse.goals import parse_goal_table
from pipeline.parse.overview import parse_overview
from pipeline.parse.parties import parse_parties
from pipeline.parse.values import ValueReader, lines_text, one_line
from pipeline.segment import focus_code
from pipeline.units import Field, Unit


def build_sub(unit: Unit, index: int, reader: ValueReader) -> SubAgreement:
    t = template()
    base = f"sub_agreements[{index}]"
    findings = reader.findings
    reader.leftover(unit.preamble, base)  # text outside every field is reported at the agreement

    label = (unit.label or "").strip(" :*") or None
    if label is None:
        sub_title = next(u.heading for u in t.unit if u.kind == "sub")
        findings.missing(f"{base}.focus_area_label", f"{sub_title} …")

    values: dict[str, Any] = {}
    for h in t.sub_heading:
        values.update(_read(h, unit.fields.get(h.field), base, reader))

    activities = [_activity(a, f"{base}.activities[{j}]", reader) for j, a in enumerate(unit.activities)]
    if not activities:
        findings.missing(f"{base}.activities", t.activity_heading[0].heading)
    return SubAgreement(
        focus_area=focus_code(label) if label else "other",
        focus_area_label=label,
        activities=activities,
        **values,
    )


def _read(h: Heading, fld: Field | None, base: str, reader: ValueReader) -> dict[str, Any]:
    """The record keys one delaftale field gives, read by the field's parser."""
    path = f"{base}.{h.field}"
    if h.parser == "period":
        valid_from, valid_to = reader.period(fld, base, h.heading, h.required)
        return {"valid_from": valid_from, "valid_to": valid_to}
    if h.parser == "goals":
        return {h.field: _sub_goals(fld, path, reader, h)}
    if h.parser == "none":  # no record field (the schemas' header, the 2015–18 problem complex)
        reader.leftover(fld.lines if fld else [], base)
        return {}
    paras, value = reader.field(fld, path, h.heading, h.required, one_line if h.parser == "one_line" else lines_text)
    if h.parser == "parties":
        return {h.field: parse_parties(paras)}
    if h.parser == "overview":
        return {h.field: parse_overview(paras)}
    return {h.field: value}


def _sub_goals(fld: Field | None, path: str, reader: ValueReader, h: Heading) -> list[SubGoal]:
    if fld is None:
        if h.required:
            reader.findings.missing(path, h.heading)
        return []
    table = parse_goal_table(fld.lines)
    reader.leftover(table.prose, path)  # text around the table: the fixed paragraphs, or a finding
    goals = [SubGoal(sub_goal=g, indicators=inds) for g, inds in table.goals]
    for gi, ii, cell in table.unparsed:
        reader.findings.add("unparsed_value", f"{path}[{gi}].indicators[{ii}].baselines",
                            f"baseline {cell!r} has a number that could not be read")
    if not goals and h.required:
        reader.findings.empty(path, h.heading)
    return goals


def _activity(fields: dict[str, Field], path: str, reader: ValueReader) -> Activity:
    values: dict[str, str | None] = {}
    for h in template().activity_heading:
        join = one_line if h.parser == "one_line" else lines_text
        values[h.field] = reader.field(fields.get(h.field), f"{path}.{h.field}", h.heading, h.required, join)[1]
    return Activity(**values)
