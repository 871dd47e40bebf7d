"""Document → Record: normalise, repair OCR damage, segment, parse each agreement, collect findings."""

from __future__ import annotations

import logging

from models import Block, ExtractedDocument, NoTextError, Record, Source, TextRepair
from pipeline.broken_words import rejoin_in_rows
from pipeline.findings import Findings
from pipeline.normalise import normalise_blocks
from pipeline.paragraphs import wrap_width
from pipeline.parse.strategic import build_strategic
from pipeline.parse.sub import build_sub
from pipeline.parse.values import ValueReader
from pipeline.provenance import build_provenance, finding_pages
from pipeline.provenance_text import render
from pipeline.repair_blocks import RepairSummary, repair_blocks
from pipeline.segment import segment
from pipeline.units import blocks_to_lines

logger = logging.getLogger(__name__)


def read_blocks(doc: ExtractedDocument, findings: Findings) -> tuple[list[Block], RepairSummary]:
    """The blocks as the segmenter reads them: words rejoined, normalised, OCR letters repaired. Also what
    `helhedsplan text` prints, so that provenance spans index the same text."""
    blocks = doc.blocks
    if doc.format in ("pdf", "pdf-ocr"):  # laid-out pages: narrow columns break long words
        blocks = rejoin_in_rows(blocks)  # first, so a tail like "e i målgruppen" is not read as a bullet
    blocks = normalise_blocks(blocks)
    return repair_blocks(blocks, findings, force=False)


def document_to_record(doc: ExtractedDocument, source: Source) -> Record:
    """Build the record of one extracted document. Raises NoTextError when nothing agreement-like is in it."""
    findings = Findings()
    for unread in doc.unread_pages:
        findings.add(
            "unparsed_value", "source", f"page {unread.page} could not be read and is left out: {unread.reason}"
        )
    blocks, repair = read_blocks(doc, findings)
    lines = blocks_to_lines(blocks)
    units = segment(lines)
    if not any(u.fields or u.activities or u.sections for u in units):
        raise NoTextError(source.file, "no LBF agreement headings found (not a helhedsplan agreement?)")
    reader = ValueReader(findings, wrap_width(lines), tuple(doc.marked_guidance))
    strategic = None
    subs = []
    starts: dict[int | None, int] = {}  # agreement (None: strategic) → block of its title
    for unit in units:
        if unit.kind == "strategic":
            if strategic is None:
                strategic = build_strategic(unit, reader)
                starts[None] = unit.start or 0
            else:
                logger.warning("%s: a second strategic agreement in one file is ignored", source.file)
        elif unit.fields or unit.activities:
            starts[len(subs)] = unit.start or 0
            subs.append(build_sub(unit, len(subs), reader))
    record = Record(
        source=source,
        text_repair=TextRepair(applied=repair.applied, tokens_changed=repair.tokens_changed),
        strategic_agreement=strategic,
        sub_agreements=subs,
        findings=findings.items,
    )
    record.provenance = build_provenance(record, render(blocks), starts)
    record.findings = finding_pages(record.findings, record.provenance)
    return record
