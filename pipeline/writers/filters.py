"""The report's filters: by focus area and by period, over every table row and chart point of a helhedsplan.

Rows carry `data-plan` (htmlkit.table's `row_keys`), chart points carry the helhedsplan id as plotly
`customdata`; one small script hides the rows and redraws the charts from their JSON (charts.py), so
a filter never needs the server or a rebuild. A theme selector shows one indicator theme's dot plot.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.writers.htmlkit import esc


@dataclass(frozen=True)
class PlanFacets:
    """What a helhedsplan is filtered by: its focus areas and the years its period spans."""

    plan_id: str
    focus_areas: Sequence[str]
    first_year: int | None
    last_year: int | None


FILTER_JS = """
(function () {
  var meta = JSON.parse(document.getElementById('plan-facets').textContent);
  var focus = document.getElementById('filter-focus'), year = document.getElementById('filter-year');
  function pass(key) {
    var m = meta[key];
    if (!m) return true;
    if (focus.value && m.focus.indexOf(focus.value) < 0) return false;
    var y = year.value ? Number(year.value) : null;
    return y === null || ((m.from === null || m.from <= y) && (m.to === null || y <= m.to));
  }
  function redraw(id, figure) {
    var data = figure.data.map(function (trace) {
      if (!trace.customdata) return trace;
      var keep = [];
      trace.customdata.forEach(function (k, i) { if (pass(k)) keep.push(i); });
      var copy = Object.assign({}, trace);
      ['x', 'y', 'text', 'customdata'].forEach(function (p) {
        if (Array.isArray(trace[p])) copy[p] = keep.map(function (i) { return trace[p][i]; });
      });
      return copy;
    });
    var layout = JSON.parse(JSON.stringify(figure.layout));
    var present = {};
    data.forEach(function (t) { (t.y || []).forEach(function (v) { present[v] = true; }); });
    if (layout.yaxis && layout.yaxis.categoryarray) {
      layout.yaxis.categoryarray = layout.yaxis.categoryarray.filter(function (v) { return present[v]; });
    }
    layout.height = Math.max(220, 140 + 24 * Object.keys(present).length);
    Plotly.react(id, data, layout, figure.config);
  }
  function apply() {
    document.querySelectorAll('tr[data-plan]').forEach(function (tr) {
      tr.style.display = pass(tr.getAttribute('data-plan')) ? '' : 'none';
    });
    var charts = window.reportCharts || {};
    if (window.Plotly) Object.keys(charts).forEach(function (id) { redraw(id, charts[id]); });
    var shown = Object.keys(meta).filter(pass).length;
    document.getElementById('filter-count').textContent = shown + ' of ' + Object.keys(meta).length + ' helhedsplaner';
  }
  focus.addEventListener('change', apply);
  year.addEventListener('change', apply);
  var theme = document.getElementById('theme-select');
  if (theme) {
    theme.addEventListener('change', function () {
      document.querySelectorAll('.theme-panel').forEach(function (panel) {
        panel.hidden = panel.getAttribute('data-theme') !== theme.value;
        if (panel.hidden || !window.Plotly) return;
        panel.querySelectorAll('.chart').forEach(function (d) { Plotly.Plots.resize(d); });
      });
    });
  }
  document.body.setAttribute('data-filters', 'ready');
})();
"""


def filter_bar(facets: Sequence[PlanFacets], focus_labels: dict[str, str]) -> str:
    """Two selects (focus area, a year within the period) and the facets the script filters by."""
    years = sorted({y for f in facets for y in range(f.first_year or 0, (f.last_year or 0) + 1) if y})
    focus = sorted({a for f in facets for a in f.focus_areas}, key=lambda a: focus_labels.get(a, a))
    data = {f.plan_id: {"focus": list(f.focus_areas), "from": f.first_year, "to": f.last_year} for f in facets}
    focus_options = "".join(f'<option value="{esc(a)}">{esc(focus_labels.get(a, a))}</option>' for a in focus)
    year_options = "".join(f'<option value="{y}">{y}</option>' for y in years)
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (
        '<div class="filters"><label>Focus area <select id="filter-focus"><option value="">all</option>'
        f"{focus_options}</select></label>"
        '<label>Period includes <select id="filter-year"><option value="">any year</option>'
        f'{year_options}</select></label><span id="filter-count" class="muted">{len(facets)} helhedsplaner</span>'
        f'</div><script type="application/json" id="plan-facets">{payload}</script>'
    )


def theme_select(themes: Sequence[tuple[str, str]]) -> str:
    """A select of (key, label) themes; the first is shown."""
    options = "".join(f'<option value="{esc(k)}">{esc(label)}</option>' for k, label in themes)
    return f'<label class="filters">Indicator theme <select id="theme-select">{options}</select></label>'


def theme_panel(key: str, body: str, shown: bool) -> str:
    hidden = "" if shown else " hidden"
    return f'<div class="theme-panel" data-theme="{esc(key)}"{hidden}>{body}</div>'
