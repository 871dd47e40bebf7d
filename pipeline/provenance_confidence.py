"""How sure the pipeline is of one value: factors from what it knew while reading, weights kept as data.

Each signal multiplies a prior for the value's kind (pipeline/templates/confidence.toml): whether the
value's text was found in the read text as written, fuzzily, or not at all (then it was reconstructed);
tesseract's confidence in the value's own words (pipeline/provenance_ocr.py) and slips typical of OCR;
guidance cut from it or a value left unparsed (findings on its path); a table inside a prose value; and
what the value's own text gives away (pipeline/provenance_signals.py): layout residue, a heading read into
it, a cut-off fragment or what follows one, another field's look, a length unusual for its field, words
a column broke, two items in one, a party line not taken apart as its words say, a table flattened into
prose, template text woven in. `factors` names
each one, so a reviewer (and the benchmark) can see why a value scored low; `confidence` multiplies
them with the prior and with the doubt a badly read agreement spreads over all its values. The AUROC
and reliability table of benchmarks/accuracy.py say whether the weights are right.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel

from models import Block
from pipeline.catalogue import load_validated
from pipeline.provenance_align import Hit
from pipeline.provenance_leaves import Leaf
from pipeline.provenance_ocr import word_confidences
from pipeline.provenance_signals import (
    SignalTable,
    broken_words,
    count,
    figure_lines,
    heading_lines,
    junk_chars,
    party_doubts,
    second_items,
    template_text,
)

OCR = "OCR word confidence"
RESIDUE = "template guidance cut out"
NOT_MISREADING = frozenset({OCR, RESIDUE})  # factors that say nothing of how well the agreement was read


class ConfidenceTable(BaseModel):
    default_prior: float
    not_found: float
    tail_missed: float
    residue_cut: float
    unparsed: float
    ocr_floor: float
    ocr_slips: tuple[str, ...]
    odd_length: float
    junk_patterns: tuple[str, ...]
    fragment: float
    fragment_open: tuple[str, ...]
    fragment_end: tuple[str, ...]
    fragment_kinds: list[str]
    unclosed_kinds: list[str]
    continuation: float
    misfit: float
    misfit_patterns: dict[str, tuple[str, ...]]
    damage_near: float
    damage_floor: float
    tolerance: dict[str, float]
    default_tolerance: float
    second_item: float
    owner_merged: float
    party_doubt: float
    table_in_prose: float
    figure_lines_min: int
    prose_kinds: list[str]
    template_text: float
    template_text_kinds: list[str]
    heading_inside: float
    nested_table: float
    layout_cells: int
    doubt_spread: float
    prior: dict[str, float]
    length: dict[str, tuple[int, int]]
    signals: SignalTable


@cache
def table() -> ConfidenceTable:
    return load_validated(ConfidenceTable, "confidence.toml")  # type: ignore[return-value]


def _found(hit: Hit | None, t: ConfidenceTable) -> list[tuple[str, float]]:
    if hit is None:
        return [("not found in the read text", t.not_found)]
    out = []
    if hit.quality < 1:
        out.append(("found only fuzzily", hit.quality))
    if not hit.tail_found:
        out.append(("its closing words not found", t.tail_missed))
    return out


def _reading(leaf: Leaf, blocks: list[Block], codes: set[str], t: ConfidenceTable) -> list[tuple[str, float]]:
    """What the reading of the value's blocks says: OCR confidence (of the value's own words, else of its
    blocks) and slips, findings on its path, a table inside a prose value. (Whether a table value was
    rebuilt from paragraphs or joined over rows is no sign: measured, such values are right as often as
    the rest, since the parsers do that on purpose.)"""
    out = []
    ocr = [b.confidence for b in blocks if b.confidence is not None]
    if ocr:
        own = word_confidences(leaf.text, blocks)
        sure = sum(own) / len(own) if own else sum(ocr) / len(ocr)
        out.append((OCR, t.ocr_floor + (1 - t.ocr_floor) * sure))
        slips = count(t.ocr_slips, leaf.text)
        if slips:
            out.append(("a slip typical of OCR", _damage(slips / len(leaf.text.strip()), leaf.kind, t)))
    if "template_residue" in codes:
        out.append((RESIDUE, t.residue_cut))
    if "unparsed_value" in codes:
        out.append(("left unparsed", t.unparsed))
    if leaf.kind in t.prose_kinds and any(len(b.cells) > t.layout_cells for b in blocks if b.is_row):
        out.append(("holds a table read as lines", t.nested_table))
    return out


def _shape(leaf: Leaf, t: ConfidenceTable) -> list[tuple[str, float]]:
    """What the value's own text gives away."""
    text = leaf.text.strip()
    s = t.signals
    out = []
    junk = junk_chars(t.junk_patterns, text)
    if junk:
        out.append(("layout left in it", _damage(junk / len(text), leaf.kind, t)))
    if leaf.kind in t.fragment_kinds:
        if count(t.fragment_open, text) or count(t.fragment_end, text):
            out.append(("looks cut from a longer value", t.fragment))
        if leaf.before is not None and count(t.fragment_end, leaf.before.strip()):
            out.append(("follows a value cut short", t.continuation))
    if leaf.kind in t.unclosed_kinds and text.count("(") > text.count(")"):
        out.append(("opens a parenthesis it does not close", t.fragment))
    if count(t.misfit_patterns.get(leaf.kind, ()), text):
        out.append(("looks like another field's value", t.misfit))
    low, high = t.length.get(leaf.kind, (1, 1 << 30))
    if not low <= len(text) <= high:
        out.append(("unusual length for its field", t.odd_length))
    breaks = broken_words(text, s)
    if breaks:
        out.append(("words broken by a column", _damage(breaks / len(text), leaf.kind, t)))
    items = second_items(text, leaf.kind, s)
    if items:
        out.append(("two items read as one", t.second_item**items))
    if leaf.owner is not None and (
        second_items(leaf.owner, "indicator", s) or len(leaf.owner) > t.length["indicator"][1]
    ):
        out.append(("its indicator holds two rows", t.owner_merged))
    doubts = party_doubts(leaf)
    if doubts:
        out.append(("party line not taken apart", t.party_doubt**doubts))
    if leaf.kind in t.prose_kinds and figure_lines(text, s) >= t.figure_lines_min:
        out.append(("a table read as prose", t.table_in_prose))
    if leaf.kind in t.template_text_kinds and template_text(text, s):
        out.append(("template text left in it", t.template_text))
    if heading_lines(text, s):
        out.append(("holds a heading", t.heading_inside))
    return out


def _damage(share: float, kind: str, t: ConfidenceTable) -> float:
    """The factor for a share of a value's characters in error: falling to `damage_near` as the share
    reaches what a reader of that kind of field tolerates (a word or two in a long text, hardly one in
    a short name or source), `damage_floor` beyond it."""
    tolerance = t.tolerance.get(kind, t.default_tolerance)
    if share >= tolerance:
        return t.damage_floor
    return 1 - (1 - t.damage_near) * share / tolerance


def factors(leaf: Leaf, hit: Hit | None, blocks: list[Block], codes: set[str]) -> list[tuple[str, float]]:
    """Every factor below 1 on `leaf`'s confidence, with what it stands for; `codes` are the finding
    codes on its path."""
    t = table()
    found = [*_found(hit, t), *_reading(leaf, blocks, codes, t), *_shape(leaf, t)]
    return [(why, f) for why, f in found if f < 1]


def misread(found: list[tuple[str, float]]) -> bool:
    """Whether `factors` found a sign that the value was misread (not OCR noise or a clean guidance cut)."""
    return any(why not in NOT_MISREADING for why, _ in found)


def confidence(leaf: Leaf, found: list[tuple[str, float]], misread_share: float) -> float:
    """The estimate (0–1) that `leaf` is right: its kind's prior times every factor against it (`found`,
    from `factors`), times the doubt its agreement spreads: misreadings cluster (a layout that breaks
    one cell breaks its neighbours), so a value is less sure where many values of its agreement
    (`misread_share` of them) show signs of misreading, though it shows none itself."""
    t = table()
    score = t.prior.get(leaf.kind, t.default_prior) * (1 - t.doubt_spread * misread_share)
    for _, factor in found:
        score *= factor
    return round(min(max(score, 0.0), 1.0), 3)
