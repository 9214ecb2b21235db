"""Charts: ``plot_*`` functions return Plotly figures; :func:`show` displays one.

Labels come from :mod:`crm_lib.i18n`. No chart loads anything from the network: in the
HTML reports plotly.js is embedded once per page.
"""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from crm_lib.i18n import Translator

FONT = "Hiragino Sans, 'Noto Sans CJK JP', 'Yu Gothic', Meiryo, 'Helvetica Neue', Arial, sans-serif"
COLORS = ["#1f5aa6", "#e07b39", "#3c9d5d", "#c0392b", "#7f5fa8", "#8c8c8c"]
HEIGHT_PX = 420

pio.templates["crm"] = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 13, "color": "#222"},
        colorway=COLORS,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        xaxis={"gridcolor": "#eee", "linecolor": "#999"},
        yaxis={"gridcolor": "#eee", "linecolor": "#999", "separatethousands": True},
        legend={"orientation": "h", "y": -0.15},
        hoverlabel={"font": {"family": FONT}},
    )
)
TEMPLATE = "plotly_white+crm"


def show(fig: go.Figure) -> None:
    """Display a figure: interactive in JupyterLab, and embedded (without plotly.js, which
    the report page carries once) when the notebook is exported to HTML."""
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


def plot_monthly_activity(monthly: pd.DataFrame, t: Translator) -> go.Figure:
    """Revenue (bars) and orders and new customers (lines) per month."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    fig.add_bar(x=monthly["month"], y=monthly["revenue"], name=t("revenue"), row=1, col=1)
    for key in ("orders", "new_customers"):
        fig.add_scatter(x=monthly["month"], y=monthly[key], name=t(key), mode="lines", row=2, col=1)
    fig.update_yaxes(title_text=t("revenue"), row=1, col=1)
    fig.update_yaxes(title_text=t("orders"), row=2, col=1)
    fig.update_layout(template=TEMPLATE, height=520, title=t("chart_monthly_activity"))
    return fig


def plot_missing_values(missing: pd.DataFrame, t: Translator) -> go.Figure:
    """Share of empty cells for each column that has any, as horizontal bars."""
    shown = missing[missing["missing"] > 0].sort_values("missing_share")
    labels = shown["table"].map(lambda n: t(f"table_{n}")) + " · " + shown["column"]
    fig = go.Figure(go.Bar(x=shown["missing_share"], y=labels, orientation="h"))
    fig.update_layout(
        template=TEMPLATE,
        height=max(260, 28 * len(shown) + 120),
        title=t("chart_missing_values"),
        xaxis={"tickformat": ".0%", "title": t("missing_share"), "rangemode": "tozero"},
    )
    return fig
