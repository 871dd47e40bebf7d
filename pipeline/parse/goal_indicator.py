"""One indicator's cells, gathered over its rows, → an Indicator with its baselines.

A Baseline column may name areas in label rows and give the målgrupper's figures in the rows under
them (an area row, then "Drenge 5,4 %" / "Piger 1,1 %"), or list the same inside one cell, one per
line; each figure's area is then "Area – Målgruppe". An area row followed by a bare figure is instead
one baseline a page break cut in two ("Løget Høj" / "80,9 %").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import Baseline, Indicator
from pipeline.catalogue import goal_table
from pipeline.parse.baseline import figures, parse_baselines, split_areas
from pipeline.parse.cell_kinds import cell_year, classify_cell
from pipeline.parse.goal_cells import one_line

NESTED_MIN = 2  # målgruppe lines under an area label that make it a label (one alone may be a wrap)


@dataclass
class IndicatorDraft:
    text: str
    baselines: list[str] = field(default_factory=list)  # cells as written, one per row
    other: str | None = None
    year: str | None = None
    source: str | None = None


def _is_label(piece: str) -> bool:
    return classify_cell(piece) == "text" and not figures(piece)


def _own_area(piece: str) -> bool:
    got = parse_baselines(piece)
    return bool(got) and got[0].area is not None


def _is_nested(pieces: list[str], k: int) -> bool:
    """Does the label at `pieces[k]` head at least NESTED_MIN målgruppe pieces of their own?"""
    run = 0
    for piece in pieces[k + 1 :]:
        if _is_label(piece) or not _own_area(piece) or piece[:1].islower():
            break
        run += 1
    return run >= NESTED_MIN


def _pieces(cells: list[str]) -> list[str]:
    """Baseline cells, a cell split into its lines where they list målgrupper under area labels."""
    out: list[str] = []
    for cell in cells:
        lines = [ln for ln in cell.split("\n") if ln.strip()]
        if any(_is_label(ln) and _is_nested(lines, k) for k, ln in enumerate(lines)):
            out.extend(lines)
        else:
            out.append(cell)
    return out


def _baselines(cells: list[str], indicator: str) -> tuple[list[Baseline], str, list[str]]:
    """(baselines, a trailing area text without figure, cells with a number that could not be read)."""
    pieces = _pieces(cells)
    out: list[Baseline] = []
    bad: list[str] = []
    pending = ""  # an area text waiting for its figure
    label: str | None = None  # the area over the målgruppe rows that follow
    sep = goal_table().nested_area_separator
    for k, piece in enumerate(pieces):
        if _is_label(piece):
            if _is_nested(pieces, k):
                label, pending = one_line(piece).strip(" :"), ""
            else:
                pending = f"{pending} {piece}".strip()
            continue
        got = parse_baselines(f"{pending} {piece}", indicator)
        pending = ""
        if label and got and got[0].area is not None:
            got = [b.model_copy(update={"area": f"{label}{sep}{b.area}"}) for b in got]
        else:
            label = None
        out.extend(got)
        if not got and any(ch.isdigit() for ch in piece):
            bad.append(one_line(piece))
    return out, pending, bad


def finish(d: IndicatorDraft, other_area: str | None) -> tuple[Indicator, list[str]]:
    """The Indicator of a draft, and the cells whose numbers could not be read (for a finding)."""
    baselines, pending, bad = _baselines(d.baselines, d.text)
    other = None
    if d.other:
        others = parse_baselines(d.other, d.text)
        areas = split_areas(pending) if pending else []
        if len(others) > 1 and len(areas) == len(others) and not baselines:
            # one figure per area listed in the baseline cell: the figures are the areas' own values
            baselines = [
                o.model_copy(update={"area": a, "text": f"{a} {o.text}"})
                for a, o in zip(areas, others, strict=True)
            ]
            pending = ""
        elif others:
            other = others[0]
            if other.area is None and other_area:
                other = other.model_copy(update={"area": other_area})
        elif any(ch.isdigit() for ch in d.other):
            bad.append(one_line(d.other))
    if pending and not baselines and any(ch.isdigit() for ch in pending):
        bad.append(one_line(pending))
    year = d.year or next((y for y in map(cell_year, [*d.baselines, d.other or ""]) if y), None)
    indicator = Indicator(
        indicator=one_line(d.text),
        baselines=baselines,
        other_baseline=other,
        baseline_year=one_line(year) if year else None,
        data_source=one_line(d.source) if d.source else None,
    )
    return indicator, bad
