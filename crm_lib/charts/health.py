"""Charts of the data-health report."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from crm_lib.charts.base import TEMPLATE, code_text, data_text
from crm_lib.i18n import Translator


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
    labels = [
        f"{code_text('table_', n, t)} · {data_text(c, t)}"
        for n, c in zip(shown["table"], shown["column"], strict=True)
    ]
    fig = go.Figure(go.Bar(x=shown["missing_share"], y=labels, orientation="h"))
    fig.update_layout(
        template=TEMPLATE,
        height=max(260, 28 * len(shown) + 120),
        title=t("chart_missing_values"),
        xaxis={"tickformat": ".0%", "title": t("missing_share"), "rangemode": "tozero"},
    )
    return fig
