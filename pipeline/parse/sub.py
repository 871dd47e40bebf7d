"""A delaftale unit → SubAgreement, with its findings."""

from __future__ import annotations

from collections.abc import Callable

from models import Activity, SubAgreement, SubGoal
from pipeline.catalogue import template
from pipeline.findings import Findings, is_empty_value
from pipeline.paragraphs import to_paragraphs
from pipeline.parse.dates import parse_period
from pipeline.parse.goals import parse_goal_table
from pipeline.parse.overview import parse_overview
from pipeline.parse.parties import parse_parties
from pipeline.residue import strip_boilerplate, strip_guidance
from pipeline.segment import Field, Line, Unit, focus_code

ACTIVITY_FIELDS = ("name", "purpose", "target_group", "content_and_practice", "responsibilities")
TEXT_FIELDS = ("staff_resources", "municipal_coherence", "revision")


class ValueReader:
    """Turns a field's lines into clean paragraphs, reporting residue and emptiness on the way."""

    def __init__(self, findings: Findings, width: int | None) -> None:
        self.findings = findings
        self.width = width

    def paragraphs(self, lines: list[Line], path: str) -> list[str]:
        kept, residues = strip_guidance(strip_boilerplate(to_paragraphs(lines, self.width)))
        self.findings.residue(path, [r.text for r in residues])
        return kept

    def field(self, fld: Field | None, path: str, heading: str, required: bool,
              join: Callable[[list[str]], str | None]) -> tuple[list[str], str | None]:
        """(paragraphs, joined value) of a field, with missing/empty findings when it is mandatory."""
        if fld is None:
            if required:
                self.findings.missing(path, heading)
            return [], None
        paras = self.paragraphs(fld.lines, path)
        value = join(paras) if paras else None
        if is_empty_value(value):
            if required:
                self.findings.empty(path, heading)
            return [], None
        return paras, value


def _lines_text(paras: list[str]) -> str | None:
    return "\n".join(paras) or None


def _one_line(paras: list[str]) -> str | None:
    return " ".join(p.strip() for p in paras) or None


def _headings() -> dict[str, str]:
    t = template()
    return {h.field: h.heading for h in t.sub_heading + t.activity_heading}


def build_sub(unit: Unit, index: int, findings: Findings, width: int | None) -> SubAgreement:
    base = f"sub_agreements[{index}]"
    reader = ValueReader(findings, width)
    heads = _headings()
    required = {h.field for h in template().sub_heading if h.required}
    findings.residue(base, [r.text for r in strip_guidance(to_paragraphs(unit.preamble, width))[1]])

    label = (unit.label or "").strip(" :*") or None
    if label is None:
        findings.missing(f"{base}.focus_area_label", "Delaftale for indsatsområdet …")

    def read(key: str, path_key: str, join: Callable[[list[str]], str | None]) -> tuple[list[str], str | None]:
        return reader.field(unit.fields.get(key), f"{base}.{path_key}", heads[key], key in required, join)

    _, initiative = read("initiative_name", "initiative_name", _one_line)
    _, period = read("period", "valid_from", _one_line)
    valid_from, valid_to = parse_period(period)
    if period and not (valid_from and valid_to):
        findings.add("unparsed_value", f"{base}.valid_from", f"period {period!r} is not a date range")
    party_paras, _ = read("parties", "parties", _lines_text)
    overview_paras, _ = read("activity_overview", "activity_overview", _lines_text)
    texts = {k: read(k, k, _lines_text)[1] for k in TEXT_FIELDS}
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
        join = _one_line if key == "name" else _lines_text
        values[key] = reader.field(fields.get(key), f"{path}.{key}", heads[key], True, join)[1]
    return Activity(**values)
