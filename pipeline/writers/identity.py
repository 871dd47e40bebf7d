"""Each agreement once: recognise copies of one agreement across input files and pick the copy to use.

Records stay one per input file, but an archive often holds the same agreement as DOCX, as the PDF
made from it and as a scan of the signed copy. Copies are recognised by content only (kind, focus
area, normalised name, period, similarity of the texts), never by file name, since files are renamed
and copied freely. The copy used is the best read one (format, then confidence, then content);
thresholds and the format ranking live in `templates/datasets.toml`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from rapidfuzz import fuzz, utils

from models import Record, StrategicAgreement, SubAgreement
from pipeline.writers.load import RECORD_ID_LENGTH, LoadedRecord
from pipeline.writers.settings import DatasetSettings, dataset_settings

STRATEGIC = "strategic"
CONFIDENCE_SEVERITIES = ("error", "warning")  # info findings (an OCR repair noted) say nothing of the read
AgreementKind = Literal["strategic", "sub"]


@dataclass(frozen=True)
class Copy:
    """One agreement as read from one input file."""

    loaded: LoadedRecord
    index: int | None  # position among the record's delaftaler; None for the strategic agreement
    agreement: StrategicAgreement | SubAgreement

    @property
    def record(self) -> Record:
        return self.loaded.record

    @cached_property
    def record_id(self) -> str:
        return record_id(self.record)

    @cached_property
    def name_key(self) -> str:
        return normalise_name(self.name)

    @cached_property
    def text(self) -> str:
        return content_text(self.agreement)

    @property
    def period(self) -> tuple[str | None, str | None]:
        return self.agreement.valid_from, self.agreement.valid_to

    @property
    def copy_id(self) -> str:
        return f"{self.record_id}:{STRATEGIC if self.index is None else self.index}"

    @property
    def kind(self) -> AgreementKind:
        return STRATEGIC if self.index is None else "sub"

    @property
    def name(self) -> str | None:
        agreement = self.agreement
        return agreement.initiative_name if isinstance(agreement, SubAgreement) else agreement.area_name

    @property
    def focus_area(self) -> str | None:
        return self.agreement.focus_area if isinstance(self.agreement, SubAgreement) else None

    @property
    def finding_prefix(self) -> str:
        return "strategic_agreement" if self.index is None else f"sub_agreements[{self.index}]"


@dataclass
class DistinctAgreement:
    """All copies of one agreement, the used copy first; its id is the used copy's id."""

    copies: list[Copy]
    reason: str = "only copy"
    record_ids: set[str] = field(default_factory=set)

    @property
    def used(self) -> Copy:
        return self.copies[0]

    @property
    def agreement_id(self) -> str:
        return self.used.copy_id


def record_id(record: Record) -> str:
    """Ids come from the source file's hash, so they are the same on every run and machine."""
    return record.source.sha256[:RECORD_ID_LENGTH]


def normalise_name(name: str | None) -> str:
    """Case, accents of quotes and dashes, punctuation and spacing do not make a different name."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def resolve(loaded: list[LoadedRecord], settings: DatasetSettings | None = None) -> list[DistinctAgreement]:
    """Group every agreement of every record into distinct agreements, in first-seen order."""
    settings = settings or dataset_settings()
    groups: list[DistinctAgreement] = []
    # Blocked by kind and focus area, then by period, so that a large archive is not compared pairwise.
    blocks: dict[tuple[str, str | None], dict[tuple[str | None, str | None], list[DistinctAgreement]]] = {}
    for copy in _copies(loaded):
        periods = blocks.setdefault((copy.kind, copy.focus_area), {})
        candidates = (g for period, block in periods.items() if _periods_agree(period, copy.period) for g in block)
        group = next((g for g in candidates if _joins(copy, g, settings)), None)
        if group is None:
            group = DistinctAgreement([copy])
            periods.setdefault(copy.period, []).append(group)
            groups.append(group)
        else:
            group.copies.append(copy)
        group.record_ids.add(copy.record_id)
    for group in groups:
        _choose_used(group, settings)
    return groups


def _copies(loaded: list[LoadedRecord]) -> list[Copy]:
    copies = []
    for item in loaded:
        if item.record.strategic_agreement is not None:
            copies.append(Copy(item, None, item.record.strategic_agreement))
        copies += [Copy(item, index, sub) for index, sub in enumerate(item.record.sub_agreements)]
    return copies


def _joins(copy: Copy, group: DistinctAgreement, settings: DatasetSettings) -> bool:
    """A copy joins a group when it is alike the group's first copy and no copy comes from its file.

    Two agreements of one file are never copies of each other: a bundle lists each delaftale once.
    """
    if copy.record_id in group.record_ids:
        return False
    return same_agreement(copy, group.copies[0], settings)


def same_agreement(a: Copy, b: Copy, settings: DatasetSettings) -> bool:
    """Same kind and focus area, agreeing periods, alike names and alike texts."""
    if (a.kind, a.focus_area) != (b.kind, b.focus_area) or not _periods_agree(a.period, b.period):
        return False
    if not _names_alike(a.name_key, b.name_key, settings.identity.name_similarity):
        return False
    chars = settings.identity.text_chars
    left, right = a.text[:chars], b.text[:chars]
    if not left and not right:
        return True
    score = fuzz.token_set_ratio(left, right, processor=utils.default_process)
    return score >= settings.identity.text_similarity


def _periods_agree(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Start and end dates agree where both copies read them."""
    return all(not x or not y or x == y for x, y in zip(a, b, strict=True))


def _names_alike(a: str, b: str, threshold: float) -> bool:
    """Normalised names; a name one copy lost (a misread front page) leaves the decision to the texts."""
    if not a or not b:
        return True
    if re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return False
    return a == b or fuzz.ratio(a, b) >= threshold


def content_text(agreement: StrategicAgreement | SubAgreement) -> str:
    """The agreement's own words (goals, indicators, activities or sections), not the template's."""
    if isinstance(agreement, SubAgreement):
        parts = [g.sub_goal for g in agreement.sub_goals]
        parts += [i.indicator for g in agreement.sub_goals for i in g.indicators]
        parts += [a.name or "" for a in agreement.activities] + list(agreement.activity_overview)
        parts += [a.purpose or "" for a in agreement.activities]
    else:
        parts = [g.goal for g in agreement.goals] + [i.indicator for g in agreement.goals for i in g.indicators]
        parts += [s.text or "" for s in agreement.sections]
    return "\n".join(p for p in parts if p)


def _quality(copy: Copy, settings: DatasetSettings) -> tuple[int, int, int, int, str]:
    """Sort key, best first: format rank, findings that mark a poor read, OCR repairs, less content."""
    rank = settings.best_copy.format_rank.get(copy.record.source.format, len(settings.best_copy.format_rank))
    poor = sum(
        f.severity in CONFIDENCE_SEVERITIES and f.path.startswith(copy.finding_prefix) for f in copy.record.findings
    )
    return rank, poor, copy.record.text_repair.tokens_changed, -len(copy.text), copy.record_id


def _choose_used(group: DistinctAgreement, settings: DatasetSettings) -> None:
    if len(group.copies) == 1:
        return
    group.copies.sort(key=lambda c: _quality(c, settings))
    best, runner_up = (_quality(c, settings) for c in group.copies[:2])
    used, other = group.copies[0].record.source.format, group.copies[1].record.source.format
    if best[0] != runner_up[0]:
        why = f"{used} reads better than {other}"
    elif best[1] != runner_up[1]:
        why = f"fewer errors and warnings ({best[1]} against {runner_up[1]})"
    elif best[2] != runner_up[2]:
        why = f"fewer OCR repairs ({best[2]} against {runner_up[2]})"
    elif best[3] != runner_up[3]:
        why = "more content read"
    else:
        why = "copies read alike; first by source hash"
    group.reason = f"best of {len(group.copies)} copies: {why}"
