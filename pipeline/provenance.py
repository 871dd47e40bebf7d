"""Provenance (contract v1.1): for every text leaf of a record, its span in the read text, its pages and
box, and a confidence; and the pages of each finding.

Spans are found by locating each value's text in the read text (pipeline.provenance_align), searched
from where its agreement's title stands and from the previous value, not by asking the parsers: so
provenance works the same for every format and parser route, and survives changes to either.
"""

from __future__ import annotations

import re

from models import Block, Finding, Provenance, Record
from pipeline.provenance_align import Aligner, Hit
from pipeline.provenance_confidence import confidence, factors, misread
from pipeline.provenance_leaves import Leaf, leaves
from pipeline.provenance_text import ReadText

_PARENT = re.compile(r"(\[\d+\]|\.[a-z_]+)$")


def _pages(blocks: list[Block]) -> list[int] | None:
    pages = sorted({b.page for b in blocks if b.page is not None})
    return pages or None


def _bbox(blocks: list[Block], page: int | None) -> tuple[float, float, float, float] | None:
    """The union of the boxes of the value's blocks on its first page."""
    boxes = [b.bbox for b in blocks if b.bbox is not None and b.page == page]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _codes(findings: list[Finding]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in findings:
        out.setdefault(f.path, set()).add(f.code)
    return out


def _path_codes(path: str, codes: dict[str, set[str]]) -> set[str]:
    """Codes of findings on a leaf's path or on the field it is an item of (`parties` for `parties[3]`)."""
    found = set(codes.get(path, ()))
    parent = _PARENT.sub("", path)
    if parent != path:
        found |= codes.get(parent, set())
    return found


class _Locator:
    """Walks the leaves in record order, each agreement from its title, each value from the one before."""

    def __init__(self, read: ReadText, unit_starts: dict[int | None, int]) -> None:
        self.read = read
        self.aligner = Aligner(read.text)
        self.unit_start = {
            unit: self.aligner.to_squeezed(read.source_spans[block][0]) for unit, block in unit_starts.items()
        }
        self.cursor: dict[int | None, int] = {}

    def hit(self, leaf: Leaf) -> Hit | None:
        start = self.unit_start.get(leaf.unit, 0)
        hints = list(dict.fromkeys([self.cursor.get(leaf.unit, start), start, 0]))
        found = self._period(leaf, hints) if leaf.kind == "period" else self.aligner.locate(leaf.text, hints)
        if found is not None:
            self.cursor[leaf.unit] = self.aligner.to_squeezed(found.start)
        return found

    def _period(self, leaf: Leaf, hints: list[int]) -> Hit | None:
        """The period's source is the line holding its first year: the whole "fra – til" cell or line."""
        year = self.aligner.locate(leaf.text[:4], hints)
        if year is None:
            return None
        text = self.read.text
        line_start = text.rfind("\n", 0, year.start) + 1
        line_end = text.find("\n", year.end)
        return Hit(line_start, len(text) if line_end < 0 else line_end, 1.0)


def build_provenance(record: Record, read: ReadText, unit_starts: dict[int | None, int]) -> dict[str, Provenance]:
    """Provenance of every text leaf; `unit_starts` maps a delaftale's index (None: the strategic
    agreement) to the block of its title. Two passes: each value is located and its factors found, then
    its confidence takes in the share of its agreement's values that look misread."""
    locator = _Locator(read, unit_starts)
    codes = _codes(record.findings)
    located = []
    for leaf in leaves(record):
        hit = locator.hit(leaf)
        blocks = read.blocks_between(hit.start, hit.end) if hit else []
        located.append((leaf, hit, blocks, factors(leaf, hit, blocks, _path_codes(leaf.path, codes))))
    units: dict[int | None, list[bool]] = {}
    for leaf, _, _, found in located:
        units.setdefault(leaf.unit, []).append(misread(found))
    share = {unit: sum(flags) / len(flags) for unit, flags in units.items()}
    out: dict[str, Provenance] = {}
    for leaf, hit, blocks, found in located:
        pages = _pages(blocks)
        out[leaf.path] = Provenance(
            pages=pages,
            start=hit.start if hit else None,
            end=hit.end if hit else None,
            bbox=_bbox(blocks, pages[0] if pages else None),
            confidence=confidence(leaf, found, share[leaf.unit]),
        )
    return out


def finding_pages(findings: list[Finding], provenance: dict[str, Provenance]) -> list[Finding]:
    """Findings with the pages of the values on their path (a field's items for a field's finding)."""
    out = []
    for f in findings:
        pages = sorted(
            {p for path, entry in provenance.items() if path == f.path or path.startswith((f.path + "[", f.path + "."))
             for p in entry.pages or ()}
        )
        out.append(f.model_copy(update={"pages": pages or None}))
    return out


def low_confidence(record: Record, threshold: float) -> list[Finding]:
    """`low_confidence` findings (info) for the values below `threshold`: what a reviewer should look at."""
    from pipeline.findings import SEVERITY

    return [
        Finding(
            code="low_confidence",
            severity=SEVERITY["low_confidence"],
            path=path,
            message=f"confidence {entry.confidence:.2f} is below {threshold:.2f}: check this value against its source",
            pages=entry.pages,
        )
        for path, entry in record.provenance.items()
        if entry.confidence < threshold
    ]
