"""A strategic-agreement unit → StrategicAgreement, with its findings."""

from __future__ import annotations

from models import FocusAreaBlock, Goal, Section, StrategicAgreement
from pipeline.catalogue import template
from pipeline.findings import is_empty_value
from pipeline.parse.goals import parse_goal_table
from pipeline.parse.parties import parse_parties
from pipeline.parse.values import Joiner, ValueReader, lines_text, one_line
from pipeline.segment import Unit

BASE = "strategic_agreement"
GOALS_SECTION = 5
FOCUS_SECTION = 6


def build_strategic(unit: Unit, reader: ValueReader) -> StrategicAgreement:
    t = template()
    findings = reader.findings
    heads = {h.field: h for h in t.strategic_heading}
    # guidance outside every field (before the first heading, in the fixed "Aftaledokumenter" text)
    fixed = unit.fields["fixed"].lines if "fixed" in unit.fields else []
    reader.paragraphs(unit.preamble + fixed, BASE)

    def read(key: str, path: str, join: Joiner) -> tuple[list[str], str | None]:
        h = heads[key]
        return reader.field(unit.fields.get(key), f"{BASE}.{path}", h.heading, h.required, join)

    _, area = read("area_name", "area_name", one_line)
    party_paras, _ = read("parties", "parties", lines_text)
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
        if sec.number == GOALS_SECTION:
            table = parse_goal_table(lines)
            goals = [Goal(goal=g, indicators=inds) for g, inds in table.goals]
            lines = table.prose
        text = "\n".join(reader.paragraphs(lines, path)) or None
        has_parts = (sec.number == GOALS_SECTION and goals) or (sec.number == FOCUS_SECTION and unit.focus_blocks)
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

