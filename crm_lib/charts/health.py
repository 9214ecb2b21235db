"""Charts of the data-health report."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from crm_lib.charts.base import COLORS, TEMPLATE, code_text, date_axis
from crm_lib.i18n import Translator


def plot_monthly_activity(monthly: pd.DataFrame, t: Translator) -> go.Figure:
    """Revenue (bars) and orders and new customers (lines) per month."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    fig.add_bar(x=monthly["month"], y=monthly["revenue"], name=t("revenue"), row=1, col=1)
    for key in ("orders", "new_customers"):
        fig.add_scatter(x=monthly["month"], y=monthly[key], name=t(key), mode="lines", row=2, col=1)
    fig.update_yaxes(title_text=t("revenue"), row=1, col=1)
    fig.update_yaxes(title_text=t("orders"), row=2, col=1)
    fig.update_xaxes(**date_axis(t))
    fig.update_layout(template=TEMPLATE, height=520, title=t("chart_monthly_activity"))
    return fig


def plot_missing_values(missing: pd.DataFrame, t: Translator) -> go.Figure:
    """Share of empty cells for each column that has any, as horizontal bars: gaps in one
    colour, empty values by design (the contract's ``empty_means``) in another, their
    meaning in the hover text. Tables and columns are named by their labels."""
    shown = missing[missing["missing"] > 0].sort_values("missing_share")
    fig = go.Figure()
    for by_design, name, color in ((False, "health_chart_gap", COLORS[3]),
                                   (True, "health_chart_by_design", COLORS[5])):  # fmt: skip
        part = shown[shown["by_design"] == by_design]
        if part.empty:
            continue
        labels = [column_label(n, c, t) for n, c in zip(part["table"], part["column"], strict=True)]
        means = [
            t(f"health_empty_{n}_{c}") if by_design else t(name)
            for n, c in zip(part["table"], part["column"], strict=True)
        ]
        fig.add_bar(
            x=part["missing_share"],
            y=labels,
            orientation="h",
            name=t(name),
            marker_color=color,
            customdata=means,
            hovertemplate="%{y}: %{x:.1%}<br>%{customdata}<extra></extra>",
        )
    fig.update_layout(
        template=TEMPLATE,
        height=max(260, 28 * len(shown) + 120),
        title=t("chart_missing_values"),
        xaxis={"tickformat": ".0%", "title": t("missing_share"), "rangemode": "tozero"},
        yaxis={"categoryorder": "array", "categoryarray": _order(shown, t)},
    )
    return fig


def column_label(table: str, column: str, t: Translator) -> str:
    """A contract column as pages name it: 見込み客・顧客ID, Leads · customer id."""
    return t(
        "health_table_column",
        table=code_text("table_", table, t),
        column=code_text("health_col_", column, t),
    )


def _order(shown: pd.DataFrame, t: Translator) -> list[str]:
    return [column_label(n, c, t) for n, c in zip(shown["table"], shown["column"], strict=True)]
