"""Plotly charts for the report: figures as JSON, drawn by one boot script from one copy of plotly.js.

plotly.js (4.8 MB) is embedded once, gzip-compressed and base64-encoded (2 MB), never from a CDN, so
the report opens offline; the browser inflates it (DecompressionStream) and then draws every chart
from its JSON. Pages without charts carry no plotly at all. Keeping the figures as data also lets
the report's filters redraw them (htmlkit's filter script). Plotly reads a small HTML subset in
labels, so every label is escaped first; plotly shows the entities as the characters they stand for.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from pipeline.writers.htmlkit import esc

ROW_HEIGHT_PX = 24
MIN_HEIGHT_PX = 220
LABEL_CHARS = 60  # long Danish names would squeeze the plot area to nothing
CONFIG = {"displaylogo": False, "responsive": True}
# Legend under the plot area, where the toolbar (top right) cannot cover it.
LEGEND = {"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0, "xanchor": "left"}

# Inflate plotly, run it, then draw each chart from the JSON beside its <div>.
BOOT_JS = """
(function () {
  var packed = document.getElementById('plotly-gz').textContent.trim();
  var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  new Response(stream).text().then(function (code) {
    var script = document.createElement('script');
    script.textContent = code;
    document.head.appendChild(script);
    window.reportCharts = {};
    document.querySelectorAll('script.chart-spec').forEach(function (spec) {
      var figure = JSON.parse(spec.textContent);
      var div = document.getElementById(spec.getAttribute('data-for'));
      window.reportCharts[div.id] = figure;
      Plotly.newPlot(div, figure.data, figure.layout, figure.config);
    });
    document.body.setAttribute('data-charts', 'ready');
    document.dispatchEvent(new Event('charts-ready'));
  });
})();
"""


@dataclass(frozen=True)
class Series:
    """One coloured series: labels on the y axis, values on x; `keys` tie points to helhedsplaner for filters."""

    name: str
    labels: Sequence[str]
    values: Sequence[float]
    keys: Sequence[str] | None = None


@cache
def plotly_bundle() -> str:
    """The plotly.js shipped inside the Python package, gzip + base64 (no network at build or view time)."""
    return base64.b64encode(gzip.compress(get_plotlyjs().encode("utf-8"), 9, mtime=0)).decode("ascii")


def chart_scripts() -> str:
    """What a page with charts carries once: the packed library and the boot script."""
    return f'<script type="application/gzip;base64" id="plotly-gz">{plotly_bundle()}</script><script>{BOOT_JS}</script>'


def hbar(chart_id: str, title: str, series: Series, x_title: str) -> str:
    """Horizontal count bars, one per label top-down in the caller's order, each with its value beside it.

    One series only: grouped series shift bars off their labels, which misreads a chart of counts.
    """
    labels = [_label(label) for label in series.labels]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=list(series.values),
            orientation="h",
            text=[f"{v:g}" for v in series.values],
            textposition="outside",
            cliponaxis=False,
            customdata=list(series.keys) if series.keys else None,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_layout(
        **_layout(title, len(labels)),
        xaxis={"title": x_title, "rangemode": "tozero", "tick0": 0, "dtick": _dtick(series.values)},
        yaxis={"automargin": True, "autorange": "reversed", "type": "category"},
        showlegend=False,
    )
    return _div(chart_id, figure)


def dotplot(chart_id: str, title: str, rows: Sequence[str], series: Sequence[Series], x_title: str) -> str:
    """One row per helhedsplan, one marker colour per series (area baseline, reference), values as labels."""
    shown = [_label(row) for row in rows]
    figure = go.Figure()
    for symbol, s in zip(("circle", "diamond", "square", "x"), series, strict=False):
        figure.add_trace(
            go.Scatter(
                name=esc(s.name),
                y=[_label(label) for label in s.labels],
                x=list(s.values),
                mode="markers+text",
                marker={"size": 11, "symbol": symbol},
                text=[f"{v:g}" for v in s.values],
                textposition="middle right",
                customdata=list(s.keys) if s.keys else None,
                hovertemplate="%{y}: %{x}<extra>" + esc(s.name) + "</extra>",
            )
        )
    figure.update_layout(
        **_layout(title, len(shown)),
        xaxis={"title": x_title},
        yaxis={"automargin": True, "autorange": "reversed", "categoryorder": "array", "categoryarray": shown},
        legend=LEGEND,
    )
    return _div(chart_id, figure)


def _layout(title: str, n_rows: int) -> dict:
    """Height grows with the rows so that no label overlaps another, at 1 row or 1,000."""
    return {
        "title": {"text": esc(title), "x": 0, "xanchor": "left"},
        "template": "plotly_white",
        "height": max(MIN_HEIGHT_PX, 140 + ROW_HEIGHT_PX * n_rows),
        "margin": {"l": 20, "r": 60, "t": 50, "b": 70},
    }


def _dtick(values: Sequence[float]) -> int:
    """Whole-number ticks, about ten of them: half an activity means nothing."""
    return max(1, -(-int(max(values, default=0)) // 10))


def _div(chart_id: str, figure: go.Figure) -> str:
    spec = json.loads(pio.to_json(figure, validate=True))
    spec["config"] = CONFIG
    data = json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<div class="chart" id="{esc(chart_id)}"></div>'
        f'<script type="application/json" class="chart-spec" data-for="{esc(chart_id)}">{data}</script>'
    )


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """Cut a label to `limit` characters; callers numbering rows cut first, so "(2)" survives."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(text: str) -> str:
    return esc(shorten(text))
