"""The archive's own tables: every input file, every copy of every agreement, and the helhedsplaner.

They make the de-duplication checkable: an analyst sees which files hold the same agreement, which
copy the other tables were read from and why, and how the agreements group into helhedsplaner.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from pipeline.writers.identity import DistinctAgreement, record_id
from pipeline.writers.load import LoadedRecord
from pipeline.writers.plans import Helhedsplan
from pipeline.writers.rows import AgreementCopyRow, DocumentRow, HelhedsplanRow


def iso_date(value: str | None) -> date | None:
    """Record dates are validated ISO strings (YYYY-MM-DD); the tables store them as dates."""
    return date.fromisoformat(value) if value else None


def document_rows(loaded: list[LoadedRecord], agreements: list[DistinctAgreement]) -> list[DocumentRow]:
    """One row per input file, with the distinct agreements it holds and whether it supplied them."""
    held: dict[str, list[str]] = defaultdict(list)
    used: dict[str, list[str]] = defaultdict(list)
    reasons: dict[str, list[str]] = defaultdict(list)
    for group in agreements:
        for n, copy in enumerate(group.copies):
            held[copy.record_id].append(group.agreement_id)
            reason = group.reason if n == 0 else _duplicate_reason(group)
            if n == 0:
                used[copy.record_id].append(group.agreement_id)
            if reason not in reasons[copy.record_id]:
                reasons[copy.record_id].append(reason)
    rows = []
    for item in loaded:
        record = item.record
        rid = record_id(record)
        rows.append(
            DocumentRow(
                record_id=rid,
                record_file=item.path.name,
                source_file=record.source.file,
                sha256=record.source.sha256,
                source_format=record.source.format,
                pages=record.source.pages,
                text_repair_applied=record.text_repair.applied,
                tokens_changed=record.text_repair.tokens_changed,
                n_findings=len(record.findings),
                n_agreements=len(held[rid]),
                agreement_ids="; ".join(held[rid]),
                n_used=len(used[rid]),
                is_used=bool(used[rid]),
                use_reason="; ".join(reasons[rid]) or "no agreement read",
            )
        )
    return rows


def copy_rows(agreements: list[DistinctAgreement]) -> list[AgreementCopyRow]:
    return [
        AgreementCopyRow(
            copy_id=copy.copy_id,
            agreement_id=group.agreement_id,
            record_id=copy.record_id,
            source_file=copy.record.source.file,
            source_format=copy.record.source.format,
            is_used=n == 0,
            reason=group.reason if n == 0 else _duplicate_reason(group),
        )
        for group in agreements
        for n, copy in enumerate(group.copies)
    ]


def _duplicate_reason(group: DistinctAgreement) -> str:
    return f"copy of {group.agreement_id}; the {group.used.record.source.format} copy is used"


def helhedsplan_rows(plans: list[Helhedsplan]) -> list[HelhedsplanRow]:
    """The period is the strategic agreement's, else the span of its delaftaler."""
    rows = []
    for plan in plans:
        parts = [plan.strategic] if plan.strategic else plan.delaftaler
        starts = [d for p in parts if (d := iso_date(p.used.agreement.valid_from))]
        ends = [d for p in parts if (d := iso_date(p.used.agreement.valid_to))]
        focus = dict.fromkeys(p.used.focus_area for p in plan.delaftaler if p.used.focus_area)
        rows.append(
            HelhedsplanRow(
                helhedsplan_id=plan.helhedsplan_id,
                name=plan.name,
                strategic_agreement_id=plan.strategic.agreement_id if plan.strategic else None,
                n_delaftaler=len(plan.delaftaler),
                focus_areas="; ".join(focus),
                valid_from=min(starts, default=None),
                valid_to=max(ends, default=None),
            )
        )
    return rows
