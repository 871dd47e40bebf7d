"""The report's comparisons across helhedsplaner: baselines per indicator theme, activity types, missing sections.

Each is laid out for the question an analyst asks: for one indicator theme, where each helhedsplan
starts beside its kommune / landsgennemsnit reference (a dot plot, one row per helhedsplan); which
activity types each helhedsplan runs (a matrix); which mandatory sections each agreement misses (a
matrix). Rows carry their helhedsplan id, so the page's filters apply to all of them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from pipeline.writers.charts import LABEL_CHARS, Series, dotplot, hbar, shorten
from pipeline.writers.filters import theme_panel, theme_select
from pipeline.writers.flatten import Tables
from pipeline.writers.htmlkit import Cell, table
from pipeline.writers.report_sources import ValueSources, baseline_field, describe, indicator_path, is_low
from pipeline.writers.rows import AgreementRow, BaselineRow, IndicatorRow
from pipeline.writers.vocab import default_matchers

UNMATCHED = "(unmatched)"
STRATEGIC_GOALS = "strategic"
AREA_SERIES = "Boligområde / målgruppe"
REFERENCE_SERIES = "Kommune / landsgennemsnit (anden baseline)"
INDICATOR_COLUMNS = ["Helhedsplan", "Indicator", "Baselines", "Reference", "Year", "Data source"]
UNITS = {"percent": "%", "count": "count", "grade": "grade", "other": "value"}
# "sub_agreements[0].activities[3].responsibilities" → "activities[].responsibilities": one column per kind of gap.
AGREEMENT_PREFIX = re.compile(r"^(?:sub_agreements\[\d+\]|strategic_agreement)\.?")
LIST_INDEX = re.compile(r"\[\d+\]")


def agreement_labels(agreements: list[AgreementRow]) -> dict[str, str]:
    """Readable, unique names: "<helhedsplan> · <focus area>", numbered when a plan has two alike."""
    labels: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for a in agreements:
        part = "strategic agreement" if a.kind == "strategic" else a.focus_area_label or a.focus_area
        label = f"{a.helhedsplan} · {part}"
        seen[label] += 1
        labels[a.agreement_id] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    return labels


def focus_area_names(agreements: list[AgreementRow]) -> dict[str, str]:
    """Group by focus area code (labels differ in case and OCR between documents); show the first label."""
    names = {STRATEGIC_GOALS: "Strategic agreements: overall goals"}
    for a in agreements:
        if a.focus_area:
            names.setdefault(a.focus_area, a.focus_area_label or a.focus_area)
    return names


def indicator_section(tables: Tables, sources: ValueSources) -> str:
    """One panel per indicator theme (the select shows one): a dot plot and the indicators behind it;
    each value cell shows its page and confidence on hover (`sources`)."""
    theme_labels = {e.key: e.label for e in default_matchers()[0].vocabulary.entries}
    agreements = {a.agreement_id: a for a in tables.agreements}
    baselines: dict[str, list[BaselineRow]] = defaultdict(list)
    for b in tables.baselines:
        baselines[b.indicator_id].append(b)
    by_theme: dict[str, list[IndicatorRow]] = defaultdict(list)
    for i in tables.indicators:
        by_theme[i.indicator_theme or UNMATCHED].append(i)
    order = sorted(by_theme, key=lambda k: (k == UNMATCHED, -len(by_theme[k]), theme_labels.get(k, k)))
    goal_index = {g.goal_id: g.goal_index for g in tables.sub_goals}
    noter = _Noter(sources, agreements, goal_index)
    panels = []
    for n, key in enumerate(order):
        label = theme_labels.get(key, UNMATCHED)
        body = _theme_panel(f"chart-theme-{n}", label, by_theme[key], agreements, baselines, noter)
        panels.append(theme_panel(key, body, shown=n == 0))
    if not panels:
        return "<h2 id='indicators'>Indicators and baselines</h2><p class='muted'>No indicators.</p>"
    choices = [(k, f"{theme_labels.get(k, UNMATCHED)} ({len(by_theme[k])})") for k in order]
    return (
        "<h2 id='indicators'>Indicators and baselines</h2>"
        "<p class='muted'>Each helhedsplan's baseline for one indicator theme beside its reference value "
        "(the agreement's “Evt. anden baseline”: kommune or landsgennemsnit).</p>"
        + theme_select(choices)
        + "".join(panels)
    )


def _theme_panel(
    chart_id: str,
    theme: str,
    indicators: list[IndicatorRow],
    agreements: dict[str, AgreementRow],
    baselines: dict[str, list[BaselineRow]],
    noter: _Noter,
) -> str:
    """The dot plot shows the theme's most common unit only: percent beside a count would mislead."""
    units = Counter(b.unit for i in indicators for b in baselines[i.indicator_id] if b.value is not None and b.unit)
    unit = units.most_common(1)[0][0] if units else None
    rows: list[str] = []
    taken: set[str] = set()
    points: dict[str, tuple[list[str], list[float], list[str]]] = {
        AREA_SERIES: ([], [], []),
        REFERENCE_SERIES: ([], [], []),
    }
    table_rows, keys = [], []
    for i in sorted(indicators, key=lambda i: (agreements[i.agreement_id].helhedsplan, i.indicator_id)):
        a = agreements[i.agreement_id]
        values = [b for b in baselines[i.indicator_id] if not b.is_other_baseline]
        other = [b for b in baselines[i.indicator_id] if b.is_other_baseline]
        row = _unique(shorten(a.helhedsplan, LABEL_CHARS - 5), taken)
        plotted = False
        for name, cells in ((AREA_SERIES, values), (REFERENCE_SERIES, other)):
            for b in cells:
                if b.value is not None and b.unit == unit:
                    labels, numbers, plan_keys = points[name]
                    labels.append(row)
                    numbers.append(b.value)
                    plan_keys.append(a.helhedsplan_id)
                    plotted = True
        if plotted:
            rows.append(row)
            taken.add(row)
        first = next((b.value for b in values if b.value is not None), None)
        note = noter.cell
        table_rows.append(
            [
                a.helhedsplan,
                note(i.indicator, i, ["indicator"]),
                note("\n".join(_area_text(b) for b in values), i, [baseline_field(b) for b in values], first),
                note("\n".join(_area_text(b) for b in other), i, [baseline_field(b) for b in other]),
                note(i.baseline_year, i, ["baseline_year"]),
                note(i.data_source, i, ["data_source"]),
            ]
        )
        keys.append(a.helhedsplan_id)
    chart = ""
    if rows and unit is not None:
        series = [Series(name, *data) for name, data in points.items() if data[0]]
        chart = dotplot(chart_id, f"{theme}: baseline per helhedsplan", rows, series, UNITS.get(unit, unit))
    return chart + table(INDICATOR_COLUMNS, table_rows, f"{chart_id}-table", keys)


class _Noter:
    """Table cells of an indicator's values with their pages and confidences as the hover title."""

    def __init__(self, sources: ValueSources, agreements: dict[str, AgreementRow], goal_index: dict[str, int]) -> None:
        self.sources = sources
        self.agreements = agreements
        self.goal_index = goal_index

    def cell(self, text: str | None, indicator: IndicatorRow, fields: list[str], sort: float | None = None) -> Cell:
        """`fields` are paths inside the indicator ("indicator", "baselines[0]"); one note line each."""
        agreement = self.agreements[indicator.agreement_id]
        base = indicator_path(indicator, agreement, self.goal_index[indicator.goal_id])
        entries = [self.sources.entry(agreement, f"{base}.{f}") for f in fields]
        notes = [n for n in (describe(e) for e in entries) if n]
        lines = (text or "").split("\n")
        if len(notes) > 1 and len(notes) == len(lines):
            notes = [f"{line}: {n}" for line, n in zip(lines, notes, strict=True)]
        return Cell(text or "", sort, "low" if is_low(entries) else None, "\n".join(notes) or None)


def _area_text(baseline: BaselineRow) -> str:
    """The cell as written, prefixed by its area unless the cell already names it."""
    if baseline.area is None or baseline.area in baseline.text:
        return baseline.text
    return f"{baseline.area}: {baseline.text}"


def _unique(label: str, taken: set[str]) -> str:
    """Two indicators of one theme in one plan get a row each; number the second."""
    n, candidate = 1, label
    while candidate in taken:
        n += 1
        candidate = f"{label} ({n})"
    return candidate


def activity_section(tables: Tables) -> str:
    """Activity types by frequency, then the helhedsplan × activity type matrix and the activities themselves."""
    type_labels = {e.key: e.label for e in default_matchers()[1].vocabulary.entries}
    plan_of = {a.agreement_id: a.helhedsplan_id for a in tables.agreements}
    counts = Counter(type_labels.get(x.activity_type or "", UNMATCHED) for x in tables.activities)
    if not counts:
        return "<h2 id='activities'>Activity types</h2><p class='muted'>No activities.</p>"
    ordered = [(k, v) for k, v in counts.most_common() if k != UNMATCHED]
    unmatched = counts[UNMATCHED]
    chart = (
        hbar(
            "chart-activities",
            "Activity types by frequency (whole archive)",
            Series("activities", [k for k, _ in ordered], [v for _, v in ordered]),
            "activities",
        )
        if ordered
        else ""
    )
    columns = [k for k, _ in ordered] + ([UNMATCHED] if unmatched else [])
    per_plan: dict[str, Counter[str]] = {h.helhedsplan_id: Counter() for h in tables.helhedsplaner}
    for x in tables.activities:
        per_plan[plan_of[x.agreement_id]][type_labels.get(x.activity_type or "", UNMATCHED)] += 1
    matrix = [
        [h.name, *(_hit(per_plan[h.helhedsplan_id][c]) for c in columns), sum(per_plan[h.helhedsplan_id].values())]
        for h in tables.helhedsplaner
    ]
    names = {a.agreement_id: a.helhedsplan for a in tables.agreements}
    listing = [
        [
            names[x.agreement_id],
            x.name,
            type_labels.get(x.activity_type or "", UNMATCHED),
            x.activity_type_matched_on,
            "yes" if x.in_overview else "no",
            "yes" if x.has_schema else "no",
        ]
        for x in tables.activities
    ]
    share = f"{unmatched} of {len(tables.activities)} activities ({unmatched / len(tables.activities):.0%})"
    return (
        "<h2 id='activities'>Activity types</h2>"
        + f"<p class='muted'>Without a type in the vocabulary: {share}, listed as {UNMATCHED}.</p>"
        + chart
        + "<h3>Activity types per helhedsplan</h3>"
        + table(
            ["Helhedsplan", *columns, "Total"],
            matrix,
            "activity-matrix",
            [h.helhedsplan_id for h in tables.helhedsplaner],
        )
        + "<h3>Activities</h3>"
        + table(
            ["Helhedsplan", "Activity", "Type", "Typed by", "In overview", "Has schema"],
            listing,
            "activities",
            [plan_of[x.agreement_id] for x in tables.activities],
        )
    )


def _hit(n: int) -> Cell:
    return Cell(str(n), n, "hit") if n else Cell("", 0)


def missing_sections(tables: Tables) -> str:
    """Agreements × the mandatory sections they lack (missing) or leave empty; complete agreements are counted."""
    labels = agreement_labels(tables.agreements)
    plan_of = {a.agreement_id: a.helhedsplan_id for a in tables.agreements}
    gaps: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for f in tables.findings:
        if f.agreement_id and f.code in ("missing_section", "empty_section"):
            section = LIST_INDEX.sub("[]", AGREEMENT_PREFIX.sub("", f.path)) or "(whole agreement)"
            gaps[f.agreement_id][section][f.code.removesuffix("_section")] += 1
    columns = sorted({s for by_section in gaps.values() for s in by_section})
    ids = [a.agreement_id for a in tables.agreements if a.agreement_id in gaps]
    rows = [[labels[i], *(_gap(gaps[i].get(c)) for c in columns)] for i in ids]
    complete = len(tables.agreements) - len(ids)
    note = f"<p class='muted'>{complete} of {len(tables.agreements)} agreements miss no mandatory section.</p>"
    return (
        "<h2 id='missing'>Missing sections per agreement</h2>"
        + note
        + (table(["Agreement", *columns], rows, "missing-sections", [plan_of[i] for i in ids]) if rows else "")
    )


def _gap(found: Counter[str] | None) -> Cell:
    if not found:
        return Cell("", 0)
    text = ", ".join(f"{kind} ×{n}" if n > 1 else kind for kind, n in sorted(found.items()))
    return Cell(text, sum(found.values()), "miss")
