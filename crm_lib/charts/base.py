"""Chart basics shared by every ``plot_*`` function: the look, the labels taken from the
data (:func:`data_text`, :func:`code_text`; in the order of meaning with
:func:`crm_lib.i18n.label_order`), date axes in the page's language (:func:`date_axis`),
and :func:`show`.

A chart of one value per customer carries its summary, not the values: a histogram binned
here (:func:`histogram_bar`), a curve thinned to :data:`MAX_CURVE_POINTS` (:func:`thinned`);
a million customers' values would be tens of megabytes of page.

No chart loads anything from the network: in the HTML reports plotly.js is embedded once
per page by the page frame.

Plotly reads titles, tick labels, legend names, hover text and annotations as pseudo-HTML
(``<b>``, ``<br>``, ``<a href>``, entities). A chart takes every label that comes from the
data — channels, plans, campaign names, event types, prefectures, ranks, anything not in
the label table — through :func:`data_text` or :func:`code_text` (personal data masked,
then escaped): ``<`` shows as the character. Labels of :mod:`crm_lib.i18n` are markup the
charts mean (``<br>`` in hover templates) and are not escaped.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from crm_lib.i18n import LABELS, Translator
from crm_lib.i18n.dates import plotly_date_formats
from crm_lib.privacy import masker_of

FONT = "Hiragino Sans, 'Noto Sans CJK JP', 'Yu Gothic', Meiryo, 'Helvetica Neue', Arial, sans-serif"
# ten distinct colours (a chart with seven channels gave two lines one colour with six)
COLORS = [
    "#1f5aa6", "#e07b39", "#3c9d5d", "#c0392b", "#7f5fa8",
    "#8c8c8c", "#2aa1b3", "#b5890a", "#d35fb7", "#17324d",
]  # fmt: skip
LOG_STEPS = (1, 2, 5)  # tick mantissas of a log axis
MAX_LOG_TICKS = 8
HEIGHT_PX = 420
MAX_CURVE_POINTS = 500  # points a curve with one point per customer is drawn with
pio.templates["crm"] = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 13, "color": "#222"},
        colorway=COLORS,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        # counts in full with separators (25,000, not 25k), on either axis
        xaxis={
            "gridcolor": "#eee",
            "linecolor": "#999",
            "separatethousands": True,
            "exponentformat": "none",
        },
        yaxis={
            "gridcolor": "#eee",
            "linecolor": "#999",
            "separatethousands": True,
            "exponentformat": "none",
        },
        legend={"orientation": "h", "y": -0.15},
        hoverlabel={"font": {"family": FONT}},
    )
)
TEMPLATE = "plotly_white+crm"


def log_axis(values, **axis) -> dict:
    """A log axis whose ticks are 1, 2, 5 × 10^k (only 10^k when that gives more than
    :data:`MAX_LOG_TICKS`) from just below the smallest positive value to just above the
    largest, written in full (plotly's own log ticks label every 2, 3, 4 … and crowd)."""
    positive = [float(v) for v in values if v is not None and math.isfinite(v) and v > 0]
    if not positive:
        return {"type": "log", **axis}
    low, high = min(positive), max(positive)
    decades = range(math.floor(math.log10(low)), math.floor(math.log10(high)) + 1)
    ticks = [m * 10.0**k for k in decades for m in LOG_STEPS]
    ticks = _round_ticks(ticks, low, high)
    if len(ticks) > MAX_LOG_TICKS:
        ticks = _round_ticks([10.0**k for k in range(decades.start, decades.stop + 1)], low, high)
    text = [f"{v:,.0f}" if v >= 1 else f"{v:g}" for v in ticks]
    return {"type": "log", "tickvals": ticks, "ticktext": text, **axis}


def _round_ticks(ticks: list[float], low: float, high: float) -> list[float]:
    """The ``ticks`` in [low, high], plus the nearest one on either side."""
    below = [v for v in ticks if v <= low]
    above = [v for v in ticks if v >= high]
    inside = [v for v in ticks if low < v < high]
    return sorted({*(below[-1:] or []), *inside, *(above[:1] or [])})


def histogram_bar(values, start: float, end: float, size: float, **bar: Any) -> go.Bar:
    """Bars of the counts of ``values`` in bins [start + i size, start + (i + 1) size) up to
    ``end`` (the last bin closed), counted here: the page holds one count per bin."""
    edges = np.arange(start, end + size, size)
    edges = edges[: max(int(np.searchsorted(edges, end, side="left")) + 1, 2)]
    counts, edges = np.histogram(np.asarray(values, dtype=float), bins=edges)
    return go.Bar(x=(edges[:-1] + edges[1:]) / 2, y=counts, width=np.diff(edges), **bar)


def thinned(curve: pd.DataFrame, max_points: int = MAX_CURVE_POINTS) -> pd.DataFrame:
    """At most ``max_points`` rows of ``curve`` evenly spread along it, first and last kept
    (a piecewise-linear curve drawn through them, exact at every kept point)."""
    if len(curve) <= max_points:
        return curve
    rows = np.unique(np.linspace(0, len(curve) - 1, max_points).round().astype(int))
    return curve.iloc[rows]


def data_text(value: Any, t: Translator) -> str:
    """A value from the data as a chart labels it: personal data masked (the run's policy,
    :mod:`crm_lib.privacy`), then escaped for Plotly's pseudo-HTML (``&``, ``<``, ``>``;
    Plotly shows the characters again). Escape once: pass the result to ``t(...)`` or into
    a figure, never through this function again."""
    return html.escape(masker_of(t).text(value), quote=False)


def code_text(prefix: str | None, value: Any, t: Translator) -> str:
    """A code as a chart labels it: its label when the label table has ``prefix + value``
    (a segment, a stage), else the code as data (:func:`data_text`: a channel, a plan)."""
    if prefix and f"{prefix}{value}" in LABELS:
        return t(f"{prefix}{value}")
    return data_text(value, t)


def date_axis(t: Translator, unit: str = "month", **axis: Any) -> dict:
    """A plotly date axis whose ticks and hover labels are written in the page's language
    (2023年1月 on Japanese pages, from :mod:`crm_lib.i18n.dates`; plotly's locale files
    would need the network); ``unit``: ``day`` or ``month``, the precision of the data."""
    return {"type": "date", **plotly_date_formats(t.language, unit), **axis}


def show(*figs: go.Figure) -> None:
    """Display figures: interactive in JupyterLab, and embedded (without plotly.js, which
    the report page carries once) when the notebook is exported to HTML."""
    for fig in figs:
        _show_one(fig)


def _show_one(fig: go.Figure) -> None:
    from IPython.display import display

    html = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        default_height=f"{fig.layout.height or HEIGHT_PX}px",
        config={"displaylogo": False, "responsive": True},
    )
    bundle = {
        "application/vnd.plotly.v1+json": json.loads(pio.to_json(fig, validate=False)),
        "text/html": html,
    }
    display(bundle, raw=True)
