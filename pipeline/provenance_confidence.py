"""How sure the pipeline is of one value: factors from what it knew while reading, weights kept as data.

Each signal multiplies a prior for the value's kind (pipeline/templates/confidence.toml): whether the
value's text was found in the read text as written, fuzzily, or not at all (then it was reconstructed);
OCR word confidences of the blocks it came from; guidance cut out of it or a value left unparsed
(findings on its path); a table-shaped value read from paragraphs (a flattened table rebuilt) or over
several rows (merged); the value's own shape: layout residue, a cut-off fragment, another field's look, a
length unusual for its field. The benchmark's AUROC and reliability table say whether the weights are right.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel

from models import Block
from pipeline.catalogue import load_validated
from pipeline.provenance_align import Hit
from pipeline.provenance_leaves import Leaf


class ConfidenceTable(BaseModel):
    default_prior: float
    not_found: float
    tail_missed: float
    residue_cut: float
    unparsed: float
    table_from_text: float
    ocr_floor: float
    odd_length: float
    junk: float
    junk_patterns: list[str]
    fragment: float
    fragment_patterns: list[str]
    fragment_kinds: list[str]
    rows_merged: float
    misfit: float
    misfit_patterns: dict[str, list[str]]
    table_kinds: list[str]
    prior: dict[str, float]
    length: dict[str, tuple[int, int]]


@cache
def table() -> ConfidenceTable:
    return load_validated(ConfidenceTable, "confidence.toml")  # type: ignore[return-value]


@cache
def _pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _matches(patterns: list[str], text: str) -> bool:
    pattern = _pattern(tuple(patterns))
    return pattern is not None and pattern.search(text) is not None


def _shape(leaf: Leaf, t: ConfidenceTable) -> float:
    """What the value's own text gives away: layout residue, a cut-off fragment, another field's shape."""
    text = leaf.text.strip()
    factor = 1.0
    if _matches(t.junk_patterns, text):
        factor *= t.junk
    if leaf.kind in t.fragment_kinds and _matches(t.fragment_patterns, text):
        factor *= t.fragment
    if _matches(t.misfit_patterns.get(leaf.kind, []), text):
        factor *= t.misfit
    low, high = t.length.get(leaf.kind, (1, 1 << 30))
    if not low <= len(text) <= high:
        factor *= t.odd_length
    return factor


def confidence(leaf: Leaf, hit: Hit | None, blocks: list[Block], codes: set[str]) -> float:
    """The estimate (0–1) that `leaf` is right; `codes` are the finding codes on its path."""
    t = table()
    score = t.prior.get(leaf.kind, t.default_prior)
    if hit is None:
        score *= t.not_found
    else:
        score *= hit.quality**2 * (1.0 if hit.tail_found else t.tail_missed)
    ocr = [b.confidence for b in blocks if b.confidence is not None]
    if ocr:
        score *= t.ocr_floor + (1 - t.ocr_floor) * sum(ocr) / len(ocr)
    if "template_residue" in codes:
        score *= t.residue_cut
    if "unparsed_value" in codes:
        score *= t.unparsed
    if leaf.kind in t.table_kinds:
        rows = sum(b.is_row for b in blocks)
        if blocks and not rows:
            score *= t.table_from_text
        elif rows > 1:
            score *= t.rows_merged
    score *= _shape(leaf, t)
    return round(min(max(score, 0.0), 1.0), 3)
