"""Each activity once: link the delaftale's activity overview items to its activity schemas.

A delaftale names its activities twice, as items of the overview ("Aktiviteter, som skal bidrage …")
and as schemas; stored side by side they double every count. An item and a schema are one activity
when the schema's name is found in the item's first line (fuzzy, so OCR slips and "Jobcafé Syd:
ugentlig …" still match); the link is one-to-one, best pairs first. What is left over still shows:
an overview item without a schema, or a schema the overview forgot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from models import Activity, SubAgreement

# An overview item often runs its name into its description: "Jobcafé Syd: ugentlig …", "Gadeplan – opsøgende …".
NAME_SEPARATOR = re.compile(r"\s*(?::\s|\s[–—-]\s)")


@dataclass(frozen=True)
class LinkedActivity:
    """One activity: its schema, its overview item, or both."""

    schema_index: int | None
    overview_index: int | None
    activity: Activity
    overview_text: str | None


def overview_name(item: str) -> str:
    """The item's name: its first line, without a bullet or the description run on after a separator."""
    first = item.split("\n", 1)[0].strip().removeprefix("•").strip()
    return NAME_SEPARATOR.split(first, maxsplit=1)[0].strip() or first


def link_activities(sub: SubAgreement, threshold: float) -> list[LinkedActivity]:
    """Schemas in their order, each with its overview item if one matched; then the unmatched items."""
    pairs = sorted(
        (
            (_score(schema.name, item), s_index, o_index)
            for s_index, schema in enumerate(sub.activities)
            for o_index, item in enumerate(sub.activity_overview)
        ),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    linked: dict[int, int] = {}
    for score, s_index, o_index in pairs:
        if score >= threshold and s_index not in linked and o_index not in linked.values():
            linked[s_index] = o_index
    rows = [
        LinkedActivity(
            s_index, linked.get(s_index), schema, sub.activity_overview[linked[s_index]] if s_index in linked else None
        )
        for s_index, schema in enumerate(sub.activities)
    ]
    used = set(linked.values())
    rows += [
        LinkedActivity(None, o_index, Activity(name=overview_name(item)), item)
        for o_index, item in enumerate(sub.activity_overview)
        if o_index not in used
    ]
    return rows


def _score(name: str | None, item: str) -> float:
    """The schema name inside the item's first line; an empty name links to nothing."""
    first = utils.default_process(item.split("\n", 1)[0])
    wanted = utils.default_process(name or "")
    if not wanted or not first:
        return 0.0
    return fuzz.partial_ratio(wanted, first)
