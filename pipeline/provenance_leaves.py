"""The text leaves of a record, in record order: each value provenance must account for, with its path.

Paths use the findings' syntax (contract v1.1). `kind` names the field a leaf fills (`activity.purpose`,
`party`, `baseline`, …), which is what confidence priors and length expectations are kept per; `unit` says
which agreement it belongs to (None: the strategic agreement), so its place is searched for in that
agreement's part of the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from models import Indicator, Party, Record, StrategicAgreement, SubAgreement


@dataclass(frozen=True)
class Leaf:
    """One value; a party keeps its parsed parts, an indicator's fields the indicator's text (`owner`)
    and a list item the item before it, since how those were taken apart says how far the value can be
    trusted (a cell cut in two gives a fragment and then its rest)."""

    path: str
    text: str
    kind: str
    unit: int | None
    party: Party | None = None
    owner: str | None = None
    before: str | None = None  # the previous item of the same list (parties, overview, goals, indicators)


def _text(
    path: str, value: str | None, kind: str, unit: int | None, owner: str | None = None, before: str | None = None
) -> Iterator[Leaf]:
    if value is not None and value.strip():
        yield Leaf(path, value, kind, unit, owner=owner, before=before)


def _parties(base: str, parties: list[Party], unit: int | None) -> Iterator[Leaf]:
    for i, party in enumerate(parties):
        if party.text.strip():
            before = parties[i - 1].text if i else None
            yield Leaf(f"{base}.parties[{i}]", party.text, "party", unit, party=party, before=before)


def _indicators(base: str, indicators: list[Indicator], unit: int | None) -> Iterator[Leaf]:
    for j, ind in enumerate(indicators):
        path = f"{base}.indicators[{j}]"
        owner = ind.indicator
        before = indicators[j - 1].indicator if j else None
        yield from _text(f"{path}.indicator", ind.indicator, "indicator", unit, before=before)
        for k, baseline in enumerate(ind.baselines):
            yield from _text(f"{path}.baselines[{k}]", baseline.text, "baseline", unit, owner)
        if ind.other_baseline is not None:
            yield from _text(f"{path}.other_baseline", ind.other_baseline.text, "baseline", unit, owner)
        yield from _text(f"{path}.baseline_year", ind.baseline_year, "baseline_year", unit, owner)
        yield from _text(f"{path}.data_source", ind.data_source, "data_source", unit, owner)


def _period(base: str, valid_from: str | None, valid_to: str | None, unit: int | None) -> Iterator[Leaf]:
    """The period is one leaf, at `valid_from`, standing for the whole "fra – til" cell."""
    if valid_from or valid_to:
        yield Leaf(f"{base}.valid_from", valid_from or valid_to or "", "period", unit)


def _strategic(s: StrategicAgreement) -> Iterator[Leaf]:
    base = "strategic_agreement"
    yield from _text(f"{base}.area_name", s.area_name, "area_name", None)
    yield from _parties(base, s.parties, None)
    yield from _period(base, s.valid_from, s.valid_to, None)
    for i, section in enumerate(s.sections):
        yield from _text(f"{base}.sections[{i}].text", section.text, "section", None)
    for i, goal in enumerate(s.goals):
        yield from _text(f"{base}.goals[{i}].goal", goal.goal, "goal", None)
        yield from _indicators(f"{base}.goals[{i}]", goal.indicators, None)
    for i, area in enumerate(s.focus_areas):
        yield from _text(f"{base}.focus_areas[{i}].focus_area_label", area.focus_area_label, "label", None)
        yield from _text(f"{base}.focus_areas[{i}].problem_complex", area.problem_complex, "section", None)


def _sub(n: int, sub: SubAgreement) -> Iterator[Leaf]:
    base = f"sub_agreements[{n}]"
    yield from _text(f"{base}.focus_area_label", sub.focus_area_label, "label", n)
    yield from _text(f"{base}.initiative_name", sub.initiative_name, "initiative_name", n)
    yield from _period(base, sub.valid_from, sub.valid_to, n)
    yield from _parties(base, sub.parties, n)
    for i, goal in enumerate(sub.sub_goals):
        before = sub.sub_goals[i - 1].sub_goal if i else None
        yield from _text(f"{base}.sub_goals[{i}].sub_goal", goal.sub_goal, "sub_goal", n, before=before)
        yield from _indicators(f"{base}.sub_goals[{i}]", goal.indicators, n)
    for i, item in enumerate(sub.activity_overview):
        before = sub.activity_overview[i - 1] if i else None
        yield from _text(f"{base}.activity_overview[{i}]", item, "overview", n, before=before)
    for key in ("staff_resources", "municipal_coherence", "revision"):
        yield from _text(f"{base}.{key}", getattr(sub, key), "sub.text", n)
    for i, act in enumerate(sub.activities):
        for key in ("name", "purpose", "target_group", "content_and_practice", "responsibilities"):
            yield from _text(f"{base}.activities[{i}].{key}", getattr(act, key), f"activity.{key}", n)


def leaves(record: Record) -> Iterator[Leaf]:
    """Every non-null text leaf, strategic agreement first, then the delaftaler in order."""
    if record.strategic_agreement is not None:
        yield from _strategic(record.strategic_agreement)
    for n, sub in enumerate(record.sub_agreements):
        yield from _sub(n, sub)
