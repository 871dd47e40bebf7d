"""Where a value the report shows came from: its page and the pipeline's confidence, for a hover note.

The flat tables say which record and which place in it (agreement, goal, indicator, baseline) each row
comes from; the record's provenance, keyed by the same paths (contract v1.1), says the pages and the
confidence. The note is a plain title attribute, so the page needs no script to show it.
"""

from __future__ import annotations

from models import Provenance
from pipeline.writers.identity import record_id
from pipeline.writers.load import LoadedRecord
from pipeline.writers.rows import AgreementRow, BaselineRow, IndicatorRow

LOW_CONFIDENCE = 0.6  # below this a value is marked for review (a dotted red underline)


class ValueSources:
    """Provenance of every loaded record, by record id and leaf path."""

    def __init__(self, loaded: list[LoadedRecord]) -> None:
        self.by_record = {record_id(item.record): item.record.provenance for item in loaded}

    def entry(self, agreement: AgreementRow, suffix: str) -> Provenance | None:
        """The provenance of `suffix` (a path inside the agreement, "sub_goals[0].indicators[1]…")."""
        base = "strategic_agreement" if agreement.agreement_index is None else (
            f"sub_agreements[{agreement.agreement_index}]"
        )
        return self.by_record.get(agreement.record_id, {}).get(f"{base}.{suffix}")



def indicator_path(indicator: IndicatorRow, agreement: AgreementRow, goal_index: int) -> str:
    """The indicator's path inside its agreement: a strategic agreement has goals, a delaftale sub_goals."""
    goals = "goals" if agreement.agreement_index is None else "sub_goals"
    return f"{goals}[{goal_index}].indicators[{indicator.indicator_index}]"


def baseline_field(baseline: BaselineRow) -> str:
    """The baseline's field inside its indicator."""
    return "other_baseline" if baseline.is_other_baseline else f"baselines[{baseline.baseline_index}]"


def describe(entry: Provenance | None) -> str | None:
    """"page 3 · confidence 0.85" (pages 3–4 for a value over a break); None without an entry."""
    if entry is None:
        return None
    pages = entry.pages or []
    where = "" if not pages else (f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}–{pages[-1]}")
    return " · ".join(part for part in (where, f"confidence {entry.confidence:.2f}") if part)


def is_low(entries: list[Provenance | None]) -> bool:
    return any(e is not None and e.confidence < LOW_CONFIDENCE for e in entries)
