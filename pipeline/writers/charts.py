"""Plotly charts for the report, rendered as inline <div>s that share one embedded copy of plotly.js.

plotly.js is embedded once in the page (`plotly_js()`), not per chart and never from a CDN, so the
report opens offline. Plotly reads a small HTML subset in labels, so every label is escaped first;
plotly shows the entities as the characters they stand for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from pipeline.writers.htmlkit import esc

BAR_HEIGHT_PX = 22
MIN_HEIGHT_PX = 260
LABEL_CHARS = 70  # long Danish indicator names would squeeze the plot area to nothing
MAX_COUNT_TICKS = 10
CONFIG = {"displaylogo": False, "responsive": True}


@dataclass(frozen=True)
class Series:
    """One coloured series of a horizontal bar chart: labels on the y axis, values on x."""

    name: str
    labels: Sequence[str]
    values: Sequence[float]


def plotly_js() -> str:
    """The plotly.js bundle shipped inside the Python package (no network at build or view time)."""
    return get_plotlyjs()


def hbar(
    chart_id: str,
    title: str,
    series: Sequence[Series],
    x_title: str,
    stacked: bool = False,
    counts: bool = False,
) -> str:
    """Horizontal bars, one colour per series, labels top-down in first-seen order (the caller's order).

    The height grows with the number of labels so that no bar or label overlaps another; `counts`
    keeps the ticks on whole numbers (half an activity means nothing).
    """
    figure = go.Figure()
    labels: dict[str, None] = {}
    for s in series:
        shown = [_label(label) for label in s.labels]
        labels.update(dict.fromkeys(shown))
        figure.add_trace(go.Bar(name=esc(s.name), y=shown, x=list(s.values), orientation="h"))
    figure.update_layout(
        title=esc(title),
        barmode="stack" if stacked else "group",
        template="plotly_white",
        height=max(MIN_HEIGHT_PX, 120 + BAR_HEIGHT_PX * len(labels) * (1 if stacked else max(1, len(series)))),
        margin={"l": 20, "r": 20, "t": 50, "b": 40},
        xaxis=_count_axis(series, stacked) if counts else {},
        xaxis_title=x_title,
        showlegend=len(series) > 1,
        yaxis={
            "automargin": True,
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": list(labels),
        },
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    return pio.to_html(figure, include_plotlyjs=False, full_html=False, div_id=chart_id, config=CONFIG)


def _count_axis(series: Sequence[Series], stacked: bool) -> dict[str, float]:
    """Whole-number ticks, about ten of them, from the largest bar (a stack's total when stacked)."""
    if stacked:
        totals: dict[str, float] = {}
        for s in series:
            for label, value in zip(s.labels, s.values, strict=True):
                totals[label] = totals.get(label, 0) + value
        largest = max(totals.values(), default=0)
    else:
        largest = max((v for s in series for v in s.values), default=0)
    return {"tick0": 0, "dtick": max(1, math.ceil(largest / MAX_COUNT_TICKS))}


def _label(text: str) -> str:
    short = text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
    return esc(short)
