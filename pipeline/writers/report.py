"""The comparison report: one self-contained HTML page over an archive of records.

It is built from the same flat tables as the datasets (flatten.py), so the page and the tables can
never disagree. Sections: an overview of the archive, indicators and baselines per focus area side
by side across helhedsplaner, activity types by frequency, and findings per agreement.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from models.record import FindingCode
from pipeline.writers.charts import Series, hbar, plotly_js
from pipeline.writers.flatten import Tables, records_to_tables
from pipeline.writers.htmlkit import Cell, esc, page, table
from pipeline.writers.load import LoadResult, load_records
from pipeline.writers.rows import AgreementRow, BaselineRow
from pipeline.writers.vocab import default_matchers

TITLE = "Helhedsplaner: comparison report"
UNMATCHED = "(unmatched)"
STRATEGIC_GOALS = "strategic"
WHOLE_AREA = "whole area"
AGREEMENT_COLUMNS = [
    "Helhedsplan", "Kind", "Name", "Focus area", "From", "To", "Source file", "Format",
    "Indicators", "Activities", "Findings",
]  # fmt: skip
INDICATOR_COLUMNS = ["Theme", "Helhedsplan", "Indicator", "Baselines", "Unit", "Year", "Other baseline", "Data source"]


@dataclass(frozen=True)
class ReportResult:
    load: LoadResult
    size_bytes: int


def write_report(records_dir: Path, out: Path) -> ReportResult:
    """Load and validate the records, render the page and write it as UTF-8."""
    load = load_records(records_dir)
    html = render_report(records_to_tables(load.loaded), source=str(records_dir))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return ReportResult(load, out.stat().st_size)


def render_report(tables: Tables, source: str) -> str:
    """The whole page; every document string passes through `esc` (htmlkit) or the chart labels."""
    labels = _agreement_labels(tables.agreements)
    body = "".join(
        [
            f"<h1>{esc(TITLE)}</h1><p class='muted'>Records from {esc(source)}</p>",
            "<nav><a href='#overview'>Overview</a><a href='#indicators'>Indicators</a>"
            "<a href='#activities'>Activities</a><a href='#findings'>Findings</a></nav>",
            _overview(tables),
            _indicators(tables),
            _activities(tables),
            _findings(tables, labels),
        ]
    )
    return page(TITLE, [plotly_js()], body)


def _agreement_labels(agreements: list[AgreementRow]) -> dict[str, str]:
    """Readable, unique names: "<helhedsplan> · <focus area>", numbered when a plan has two alike."""
    labels: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for a in agreements:
        part = "strategic agreement" if a.kind == "strategic" else a.focus_area_label or a.focus_area
        label = f"{a.helhedsplan} · {part}"
        seen[label] += 1
        labels[a.agreement_id] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    return labels


def _overview(tables: Tables) -> str:
    subs = [a for a in tables.agreements if a.kind == "sub"]
    schema_activities = tables.activities
    cards = {
        "input files": len(tables.documents),
        "helhedsplaner": len(tables.helhedsplaner),
        "strategic agreements": len(tables.agreements) - len(subs),
        "delaftaler": len(subs),
        "focus areas": len({a.focus_area for a in subs}),
        "indicators": len(tables.indicators),
        "baseline values": sum(b.value is not None for b in tables.baselines),
        "activities": len(schema_activities),
        "findings": len(tables.findings),
    }
    card_html = "".join(f"<div class='card'><b>{n}</b>{esc(k)}</div>" for k, n in cards.items())
    formats = Counter(r.source_format for r in tables.documents)
    per_agreement = {
        "indicators": Counter(i.agreement_id for i in tables.indicators),
        "activities": Counter(x.agreement_id for x in schema_activities),
        "findings": Counter(f.agreement_id for f in tables.findings),
    }
    rows = [
        [
            a.helhedsplan,
            a.kind,
            a.name,
            a.focus_area_label or a.focus_area,
            a.valid_from,
            a.valid_to,
            Path(a.source_file).name,
            a.source_format,
            *(per_agreement[k][a.agreement_id] for k in ("indicators", "activities", "findings")),
        ]
        for a in tables.agreements
    ]
    names = _focus_area_names(tables.agreements)
    focus = Counter(names[a.focus_area or STRATEGIC_GOALS] for a in subs)
    chart = hbar(
        "chart-focus-areas",
        "Delaftaler per focus area",
        [Series("delaftaler", list(focus), list(focus.values()))],
        "delaftaler",
        counts=True,
    )
    return (
        f"<h2 id='overview'>Overview</h2><div class='cards'>{card_html}</div>"
        + table(["Format", "Records"], sorted(formats.items()), "formats")
        + (chart if subs else "")
        + table(AGREEMENT_COLUMNS, rows, "agreements")
    )


def _indicators(tables: Tables) -> str:
    """Per focus area one table (a row per indicator, its area values listed) and a chart of percent values.

    Rows are ordered by theme, so the same indicator from different helhedsplaner sits side by side.
    """
    theme_labels = {e.key: e.label for e in default_matchers()[0].vocabulary.entries}
    agreements = {a.agreement_id: a for a in tables.agreements}
    focus_names = _focus_area_names(tables.agreements)
    baselines = defaultdict(list)
    for b in tables.baselines:
        baselines[b.indicator_id].append(b)
    groups: dict[str, list[list]] = defaultdict(list)
    series: dict[str, dict[str, tuple[list[str], list[float]]]] = defaultdict(dict)
    for i in sorted(
        tables.indicators, key=lambda i: (i.indicator_theme is None, i.indicator_theme or "", i.indicator_id)
    ):
        a = agreements[i.agreement_id]
        focus = a.focus_area or STRATEGIC_GOALS
        theme = theme_labels.get(i.indicator_theme or "", UNMATCHED)
        values = [b for b in baselines[i.indicator_id] if not b.is_other_baseline]
        other = next((b for b in baselines[i.indicator_id] if b.is_other_baseline), None)
        first_value = next((b.value for b in values if b.value is not None), None)
        groups[focus].append(
            [
                theme,
                a.helhedsplan,
                i.indicator,
                Cell("\n".join(_area_text(b) for b in values), first_value),
                ", ".join(sorted({b.unit for b in values if b.unit})),
                i.baseline_year,
                other and _area_text(other),
                i.data_source,
            ]
        )
        for b in baselines[i.indicator_id]:
            if b.unit == "percent" and b.value is not None:
                area = b.area or ("other baseline" if b.is_other_baseline else WHOLE_AREA)
                labels, numbers = series[focus].setdefault(a.helhedsplan, ([], []))
                labels.append(_unique(f"{theme} · {area}", labels))
                numbers.append(b.value)
    parts = ["<h2 id='indicators'>Indicators and baselines per focus area</h2>"]
    for n, focus in enumerate(sorted(groups, key=lambda f: (f != STRATEGIC_GOALS, f))):
        parts.append(f"<h3>{esc(focus_names[focus])}</h3>")
        if series[focus]:
            chart_series = [Series(plan, *data) for plan, data in series[focus].items()]
            parts.append(hbar(f"chart-indicators-{n}", "Baselines in percent", chart_series, "%"))
        parts.append(table(INDICATOR_COLUMNS, groups[focus], f"indicators-{n}"))
    return "".join(parts)


def _focus_area_names(agreements: list[AgreementRow]) -> dict[str, str]:
    """Group by focus area code (labels differ in case and OCR between documents); show the first label."""
    names = {STRATEGIC_GOALS: "Strategic agreements: overall goals"}
    for a in agreements:
        if a.focus_area:
            names.setdefault(a.focus_area, a.focus_area_label or a.focus_area)
    return names


def _area_text(baseline: BaselineRow) -> str:
    """The cell as written, prefixed by its area unless the cell already names it."""
    if baseline.area is None or baseline.area in baseline.text:
        return baseline.text
    return f"{baseline.area}: {baseline.text}"


def _unique(label: str, taken: list[str]) -> str:
    """Two indicators of one theme in one plan would share a bar slot; number the second."""
    n = 1
    candidate = label
    while candidate in taken:
        n += 1
        candidate = f"{label} ({n})"
    return candidate


def _activities(tables: Tables) -> str:
    """Activity schemas by type; overview items are left out because they repeat the schemas."""
    type_labels = {e.key: e.label for e in default_matchers()[1].vocabulary.entries}
    agreements = {a.agreement_id: a for a in tables.agreements}
    by_type: dict[str, list] = defaultdict(list)
    for x in tables.activities:
        by_type[type_labels.get(x.activity_type or "", UNMATCHED)].append(x)
    ordered = sorted(by_type.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    rows = [
        [
            label,
            len(items),
            len({agreements[x.agreement_id].helhedsplan for x in items}),
            "; ".join(x.name or "" for x in items),
        ]
        for label, items in ordered
    ]
    counts = Series("activities", [k for k, _ in ordered], [len(v) for _, v in ordered])
    chart = hbar("chart-activities", "Activity types by frequency", [counts], "activities", counts=True)
    return (
        "<h2 id='activities'>Activity types</h2>"
        + (chart if ordered else "<p class='muted'>No activity schemas.</p>")
        + table(["Activity type", "Activities", "Helhedsplaner", "Names"], rows, "activity-types")
    )


def _findings(tables: Tables, labels: dict[str, str]) -> str:
    """Counts per agreement and finding code, with the paths of missing and empty sections spelled out."""
    codes = list(get_args(FindingCode))
    counts: dict[str, Counter[str]] = {a.agreement_id: Counter() for a in tables.agreements}
    paths: dict[str, list[str]] = defaultdict(list)
    for f in tables.findings:
        key = f.agreement_id or f"{f.record_id}:record"
        counts.setdefault(key, Counter())[f.code] += 1
        if f.code in ("missing_section", "empty_section"):
            paths[key].append(f.path)
    files = {r.record_id: r.record_file for r in tables.documents}
    name = {**{k: f"{files[k.split(':')[0]]} · whole record" for k in counts}, **labels}
    rows = [
        [name[k], *(c[code] for code in codes), sum(c.values()), "; ".join(paths[k])]
        for k, c in sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), name[kv[0]]))
    ]
    with_findings = [k for k, c in counts.items() if c]
    chart = hbar(
        "chart-findings",
        "Findings per agreement",
        [Series(code, [name[k] for k in with_findings], [counts[k][code] for k in with_findings]) for code in codes],
        "findings",
        stacked=True,
        counts=True,
    )
    return (
        "<h2 id='findings'>Missing sections and findings per agreement</h2>"
        + (chart if with_findings else "<p class='muted'>No findings.</p>")
        + table(["Agreement", *codes, "Total", "Missing or empty"], rows, "findings")
    )
