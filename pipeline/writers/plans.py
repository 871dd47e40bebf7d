"""Group distinct agreements into helhedsplaner: a strategic agreement with its delaftaler.

A bundle file says so itself (its delaftaler follow its strategic agreement). A delaftale read from
its own file joins the strategic agreement of the same period whose name shares enough words with
its initiative name; delaftaler with no strategic agreement in the archive form a helhedsplan of
their own, one per initiative name and period.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, utils

from pipeline.writers.identity import DistinctAgreement, normalise_name
from pipeline.writers.settings import DatasetSettings, dataset_settings


@dataclass
class Helhedsplan:
    """One helhedsplan; its id is its strategic agreement's id, else its first delaftale's."""

    strategic: DistinctAgreement | None
    delaftaler: list[DistinctAgreement] = field(default_factory=list)

    @property
    def helhedsplan_id(self) -> str:
        return (self.strategic or self.delaftaler[0]).agreement_id

    @property
    def name(self) -> str:
        """Area name of the strategic agreement, else the initiative name, else the file it came from."""
        for group in [self.strategic, *self.delaftaler]:
            if group is not None and group.used.name:
                return group.used.name
        return (self.strategic or self.delaftaler[0]).used.loaded.path.stem


def group_helhedsplaner(
    agreements: list[DistinctAgreement], settings: DatasetSettings | None = None
) -> list[Helhedsplan]:
    """Every distinct agreement in exactly one helhedsplan, in first-seen order."""
    settings = settings or dataset_settings()
    plans = [Helhedsplan(a) for a in agreements if a.used.kind == "strategic"]
    by_copy = {c.record_id: plan for plan in plans if plan.strategic is not None for c in plan.strategic.copies}
    lone: dict[tuple[str, str | None, str | None], Helhedsplan] = {}
    for sub in (a for a in agreements if a.used.kind == "sub"):
        plan = next((by_copy[c.record_id] for c in sub.copies if c.record_id in by_copy), None)
        plan = plan or _strategic_alike(sub, plans, settings.helhedsplan.name_similarity)
        if plan is None:
            agreement = sub.used.agreement
            key = (normalise_name(sub.used.name), agreement.valid_from, agreement.valid_to)
            plan = lone.get(key)
            if plan is None:
                plan = lone[key] = Helhedsplan(None)
                plans.append(plan)
        plan.delaftaler.append(sub)
    return plans


def _strategic_alike(sub: DistinctAgreement, plans: list[Helhedsplan], threshold: float) -> Helhedsplan | None:
    """The strategic agreement of the same period whose area name is most alike the initiative name."""
    best: tuple[float, Helhedsplan] | None = None
    for plan in plans:
        if plan.strategic is None:
            continue
        strategic = plan.strategic.used.agreement
        if (strategic.valid_from, strategic.valid_to) != (sub.used.agreement.valid_from, sub.used.agreement.valid_to):
            continue
        names = (plan.strategic.used.name or "", sub.used.name or "")
        score = fuzz.token_set_ratio(*names, processor=utils.default_process)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, plan)
    return best[1] if best else None
