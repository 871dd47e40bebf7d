"""The comparison report: one self-contained HTML page over an archive of records.

It is built from the same flat tables as the datasets (flatten.py), so the page and the tables can
never disagree, and like them it counts each agreement and each activity once however many files
hold it. Sections: the archive (files, the copy used, helhedsplaner), indicator baselines beside
their references per theme, activity types per helhedsplan, and missing sections per agreement;
filters by focus area and period apply to every helhedsplan row and chart point.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from models.record import FindingCode
from pipeline.writers.charts import Series, chart_scripts, hbar
from pipeline.writers.filters import FILTER_JS, PlanFacets, filter_bar
from pipeline.writers.flatten import Tables, records_to_tables
from pipeline.writers.htmlkit import esc, page, table
from pipeline.writers.load import LoadResult, load_records
from pipeline.writers.report_compare import (
    activity_section,
    agreement_labels,
    focus_area_names,
    indicator_section,
    missing_sections,
)
from pipeline.writers.report_sources import ValueSources

TITLE = "Helhedsplaner: comparison report"
HELHEDSPLAN_COLUMNS = ["Helhedsplan", "Strategic agreement", "Delaftaler", "Focus areas", "From", "To"]
DOCUMENT_COLUMNS = ["Input file", "Format", "Agreements", "Used", "Why"]


@dataclass(frozen=True)
class ReportResult:
    load: LoadResult
    size_bytes: int


def write_report(records_dir: Path, out: Path) -> ReportResult:
    """Load and validate the records, render the page and write it as UTF-8."""
    load = load_records(records_dir)
    html = render_report(records_to_tables(load.loaded), source=str(records_dir), sources=ValueSources(load.loaded))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return ReportResult(load, out.stat().st_size)


def render_report(tables: Tables, source: str, sources: ValueSources) -> str:
    """The whole page; every document string passes through `esc` (htmlkit) or the chart labels.
    `sources` (the records' provenance) adds each indicator value's page and confidence on hover."""
    focus_names = focus_area_names(tables.agreements)
    body = "".join(
        [
            f"<h1>{esc(TITLE)}</h1><p class='muted'>Records from {esc(source)}</p>",
            "<nav><a href='#overview'>Overview</a><a href='#indicators'>Indicators</a>"
            "<a href='#activities'>Activities</a><a href='#missing'>Missing sections</a>"
            "<a href='#findings'>Findings</a></nav>",
            filter_bar(_facets(tables), focus_names),
            _overview(tables, focus_names),
            indicator_section(tables, sources),
            activity_section(tables),
            missing_sections(tables),
            _findings(tables),
        ]
    )
    tail = [chart_scripts()] if "chart-spec" in body else []
    return page(TITLE, body, [*tail, f"<script>{FILTER_JS}</script>"])


def _facets(tables: Tables) -> list[PlanFacets]:
    focus: dict[str, list[str]] = {h.helhedsplan_id: [] for h in tables.helhedsplaner}
    for a in tables.agreements:
        if a.focus_area and a.focus_area not in focus[a.helhedsplan_id]:
            focus[a.helhedsplan_id].append(a.focus_area)
    return [
        PlanFacets(
            h.helhedsplan_id,
            focus[h.helhedsplan_id],
            h.valid_from.year if h.valid_from else None,
            h.valid_to.year if h.valid_to else None,
        )
        for h in tables.helhedsplaner
    ]


def _overview(tables: Tables, focus_names: dict[str, str]) -> str:
    subs = [a for a in tables.agreements if a.kind == "sub"]
    themed = [i for i in tables.indicators if i.theme_matched]
    typed = [x for x in tables.activities if x.activity_type_matched]
    cards = {
        "input files": len(tables.documents),
        "distinct agreements": len(tables.agreements),
        "helhedsplaner": len(tables.helhedsplaner),
        "strategic agreements": len(tables.agreements) - len(subs),
        "delaftaler": len(subs),
        "activities": len(tables.activities),
        "indicators": len(tables.indicators),
        "baseline values": sum(b.value is not None for b in tables.baselines),
        "indicators without a theme": _share(len(tables.indicators) - len(themed), len(tables.indicators)),
        "activities without a type": _share(len(tables.activities) - len(typed), len(tables.activities)),
    }
    card_html = "".join(f"<div class='card'><b>{esc(n)}</b>{esc(k)}</div>" for k, n in cards.items())
    plans = [
        [
            h.name,
            "yes" if h.strategic_agreement_id else "not in the archive",
            h.n_delaftaler,
            ", ".join(focus_names.get(f, f) for f in h.focus_areas.split("; ") if f),
            h.valid_from and h.valid_from.isoformat(),
            h.valid_to and h.valid_to.isoformat(),
        ]
        for h in tables.helhedsplaner
    ]
    documents = [
        [Path(d.source_file).name, d.source_format, d.n_agreements, "yes" if d.is_used else "no", d.use_reason]
        for d in tables.documents
    ]
    focus = Counter(focus_names.get(a.focus_area or "", a.focus_area or "") for a in subs)
    ordered = focus.most_common()
    chart = hbar(
        "chart-focus-areas",
        "Delaftaler per focus area (whole archive)",
        Series("delaftaler", [k for k, _ in ordered], [v for _, v in ordered]),
        "delaftaler",
    )
    return (
        f"<h2 id='overview'>Overview</h2><div class='cards'>{card_html}</div>"
        + "<h3>Helhedsplaner</h3>"
        + table(HELHEDSPLAN_COLUMNS, plans, "helhedsplaner", [h.helhedsplan_id for h in tables.helhedsplaner])
        + (chart if subs else "")
        + "<h3>Input files and the copy used</h3>"
        + "<p class='muted'>Files holding the same agreement are recognised by content; the best-read copy is used.</p>"
        + table(DOCUMENT_COLUMNS, documents, "documents")
    )


def _share(part: int, whole: int) -> str:
    return f"{part} ({part / whole:.0%})" if whole else "0"


def _findings(tables: Tables) -> str:
    """Counts per agreement and finding code; findings outside every agreement count for their file."""
    codes = list(get_args(FindingCode))
    labels = agreement_labels(tables.agreements)
    plan_of = {a.agreement_id: a.helhedsplan_id for a in tables.agreements}
    files = {d.record_id: Path(d.source_file).name for d in tables.documents}
    counts: dict[str, Counter[str]] = {}
    for f in tables.findings:
        counts.setdefault(f.agreement_id or f"{f.record_id}:file", Counter())[f.code] += 1
    keys = sorted(counts, key=lambda k: (-sum(counts[k].values()), k))
    names = {k: labels.get(k) or f"{files[k.split(':')[0]]} · whole file" for k in keys}
    rows = [[names[k], *(counts[k][c] for c in codes), sum(counts[k].values())] for k in keys]
    return (
        "<h2 id='findings'>Findings per agreement</h2>"
        + (table(["Agreement", *codes, "Total"], rows, "findings", [plan_of.get(k) for k in keys]) if rows else "")
        + ("" if rows else "<p class='muted'>No findings.</p>")
    )
