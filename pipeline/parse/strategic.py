"""A strategic-agreement unit → StrategicAgreement, with its findings.

Which section holds the goals table and which the focus-area blocks is template data (`parser` of each
`[[section]]` in helhedsplan.toml), as is each header field's parser."""

from __future__ import annotations

from models import FocusAreaBlock, Goal, Section, StrategicAgreement
from pipeline.catalogue import template
from pipeline.findings import is_empty_value
from pipeline.parse.goals import parse_goal_table
from pipeline.parse.parties import parse_parties
from pipeline.parse.values import ValueReader, lines_text, one_line
from pipeline.units import Unit

BASE = "strategic_agreement"


def build_strategic(unit: Unit, reader: ValueReader) -> StrategicAgreement:
    t = template()
    findings = reader.findings
    heads = {h.field: h for h in t.strategic_heading}
    reader.leftover(unit.preamble, BASE)  # text before the first heading: guidance, or a finding
    # the template's fixed "Aftaledokumenter" box (parser "none") is no one's value: only guidance is reported
    for h in t.strategic_heading:
        if h.parser == "none" and h.field in unit.fields:
            reader.paragraphs(unit.fields[h.field].lines, BASE)

    def read(key: str) -> tuple[list[str], str | None]:
        h = heads[key]
        join = one_line if h.parser == "one_line" else lines_text
        return reader.field(unit.fields.get(key), f"{BASE}.{key}", h.heading, h.required, join)

    _, area = read("area_name")
    party_paras, _ = read("parties")
    period = heads["period"]
    valid_from, valid_to = reader.period(unit.fields.get("period"), BASE, period.heading, period.required)

    sections: list[Section] = []
    goals: list[Goal] = []
    for sec in t.section:
        path = f"{BASE}.sections[{sec.number - 1}]"
        fld = unit.sections.get(sec.number)
        if fld is None:
            findings.missing(path, f"{sec.number}. {sec.heading}")
            sections.append(Section(number=sec.number, key=sec.key, heading=sec.heading, text=None))
            continue  # the placeholder keeps sections[i] the i+1'th section, as finding paths say
        lines = fld.lines
        if sec.parser == "goals":
            table = parse_goal_table(lines)
            goals = [Goal(goal=g, indicators=inds) for g, inds in table.goals]
            lines = table.prose
        text = "\n".join(reader.paragraphs(lines, path)) or None
        has_parts = (sec.parser == "goals" and goals) or (sec.parser == "focus_areas" and unit.focus_blocks)
        if is_empty_value(text):
            text = None
            if not has_parts:
                findings.empty(path, f"{sec.number}. {sec.heading}")
        sections.append(Section(number=sec.number, key=sec.key, heading=sec.heading, text=text))

    focus_areas = [
        FocusAreaBlock(
            focus_area=b.code,
            focus_area_label=b.label,
            problem_complex="\n".join(reader.paragraphs(b.lines, f"{BASE}.focus_areas[{k}].problem_complex"))
            or None,
        )
        for k, b in enumerate(unit.focus_blocks)
    ]
    return StrategicAgreement(
        area_name=area,
        parties=parse_parties(party_paras),
        valid_from=valid_from,
        valid_to=valid_to,
        sections=sections,
        goals=goals,
        focus_areas=focus_areas,
    )

