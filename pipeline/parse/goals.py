"""The Delmål/Indikator/Baseline table (delaftale) and the Mål/Indikator table (strategic section 5).

Three shapes reach this parser: rows with every cell in place (DOCX, tab exports), rows whose empty cells
were dropped so later cells slid left (flattened exports, merged Delmål cells), and OCR text where each
cell is a paragraph and the row boundaries are lost. Cells are therefore placed by what they hold
(text, figure, year) and by the column header, not by position alone:

* text cells before the first figure are the (Del)mål and the indicator; one text cell alone is a further
  indicator of the (Del)mål above (merged cell), or, when it starts in lower case, the rest of the
  indicator a page break cut;
* the first figure cell is the boligområde baseline, the next the "anden baseline"/kommune figure;
* a text cell after the figures is the Datakilde and closes the row (this recovers OCR rows).

Rows are assembled in `goal_rows`, an indicator's cells read in `goal_indicator`. Text lines around the
table are handed back as `prose`, so that the caller puts them in a field or a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, repeat

from models import Indicator
from pipeline.catalogue import goal_table
from pipeline.parse.cell_kinds import classify_cell, names_a_period
from pipeline.parse.goal_cells import chunks, merge_fragment_rows, one_line, row_cells, split_packed
from pipeline.parse.goal_rows import Builder
from pipeline.table_columns import column_role, header_roles, is_header
from pipeline.units import Line

SUBHEADER_CELL_MAX = 40


@dataclass
class GoalTable:
    """Parsed table plus the text lines around it (they belong to the caller)."""

    goals: list[tuple[str, list[Indicator]]]
    prose: list[Line]
    unparsed: list[tuple[int, int, str]]  # (goal index, indicator index, cell text)
    found: bool


def _find_header(lines: list[Line]) -> tuple[int, int, list[str | None]] | None:
    """(first line of header, first line after it, column roles), for a row header or OCR cell chunks."""
    for i, ln in enumerate(lines):
        if ln.kind == "row":
            roles = header_roles(ln.cells)
            if is_header(roles):
                return i, i + 1, roles
    found = chunks(lines)
    for k in range(len(found)):
        roles: list[str | None] = []
        j = k
        while j < len(found) and (role := column_role(found[j][2])) is not None and role not in roles:
            roles.append(role)
            j += 1
        if is_header(roles):
            return found[k][0], found[j - 1][1], roles
    return None


def _positional_ok(cells: list[str], roles: list[str | None]) -> bool:
    if len(cells) != len(roles):
        return False
    for role, cell in zip(roles, cells, strict=True):
        kind = classify_cell(cell)
        if role in ("goal", "indicator", "source") and kind == "value":
            return False
        if role == "year" and not _year_column_cell(cell, kind):
            return False
    # Filled first cell but empty last one: the export dropped empty cells and the rest slid left.
    return not (cells[0].strip() and not cells[-1].strip())


def _year_column_cell(cell: str, kind: str) -> bool:
    """Can `cell` stand in the Baseline år column: a year, nothing, or the words of one whose year goes
    on in the next row ("Skoleåret" / "2015/16")?"""
    return kind in ("year", "empty") or names_a_period(cell)


def _without_noise(cells: list[str], roles: list[str | None]) -> list[str]:
    """The row with its (Del)mål and indicator cells emptied where they hold a lone letter and no digit: a
    speck of dust read as "m" in an empty indicator cell would split the indicator above. A figure or a
    dash slid into the column from a dropped cell is no noise and stays."""
    return [
        "" if role in ("goal", "indicator") and _stray_letters(cell) else cell
        for cell, role in zip(cells, chain(roles, repeat(None)), strict=False)
    ]


def _stray_letters(cell: str) -> bool:
    letters = sum(char.isalpha() for char in cell)
    return 0 < letters < goal_table().min_text_cell_letters and not any(char.isdigit() for char in cell)


def _subheader(cells: list[str]) -> str | None:
    """A row under the header that names the baseline columns' areas ("Boligområder samlet set |
    Slagelse Kommune"): returns the area of the "anden baseline" column."""
    texts, values, year, _ = split_packed([c for c in cells if c.strip()])
    # Names only, no digit or per cent sign: a first row whose figures were misread ("Horsens Kommune
    # 2,1 %" read "Horsens Kommuner. %" by a speck, "84,7 % (2023)" read "% (2023)" under a stamp) still
    # has what is left of them, or its Baseline år.
    if values or year or len(texts) < 2 or any(len(t) > SUBHEADER_CELL_MAX for t in texts[-2:]):
        return None
    if any(char.isdigit() or char == "%" for text in texts for char in text):
        return None
    return one_line(texts[-1])


def parse_goal_table(lines: list[Line]) -> GoalTable:
    """Parse the first goals table in `lines`; the text lines before and after it are returned as prose."""
    header = _find_header(lines)
    if header is None:
        return GoalTable([], lines, [], False)
    start, body_start, roles = header
    body = lines[body_start:]
    rows = [ln for ln in body if ln.kind == "row"]
    builder = Builder(roles)
    if not rows:
        builder.stream([c[2] for c in chunks(body)])
        goals, unparsed = builder.result()
        return GoalTable(goals, lines[:start], unparsed, True)
    for k, cells in enumerate(merge_fragment_rows([_without_noise(row_cells(ln), roles) for ln in rows])):
        if k == 0 and (area := _subheader(cells)) is not None:
            builder.other_area = area
            continue
        full = cells[: len(roles)] if len(cells) > len(roles) and not any(cells[len(roles):]) else cells
        if _positional_ok(full, roles):
            builder.add_positional(full)
        else:
            builder.add(*split_packed([c for c in cells if c.strip()]))
    goals, unparsed = builder.result()
    after = [ln for ln in body if ln.kind != "row"]
    return GoalTable(goals, lines[:start] + after, unparsed, True)
