"""Charts of the executive report: the monthly business figures, and the trend of each
goal's KPI against its target."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from crm_lib.charts.base import COLORS, TEMPLATE
from crm_lib.executive.kpi import GoalResult
from crm_lib.i18n import Translator

TICKFORMAT = {"share": ".0%", "count": ",.0f", "money": ",.0f", "points": "+.0f"}


def plot_business_months(months: pd.DataFrame, t: Translator) -> go.Figure:
    """Monthly revenue split into new and existing customers (stacked bars, the run's
    currency on the left axis) with the orders (line, right axis), for the months the data
    covers (``months``: :attr:`crm_lib.executive.report.BusinessSection.months`)."""
    shown = months[months["covered"].astype(bool)]
    x = [t.date(m, "%Y-%m") for m in shown["month"]]  # 2025年1月 on Japanese pages
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for column, color in (("existing_revenue", COLORS[0]), ("new_revenue", COLORS[1])):
        fig.add_bar(
            x=x,
            y=shown[column],
            name=t(f"exec_biz_fig_{column}"),
            marker_color=color,
            hovertext=[t.money(v) for v in shown[column]],
            hoverinfo="x+name+text",
            secondary_y=False,
        )
    fig.add_scatter(
        x=x,
        y=shown["orders"],
        mode="lines+markers",
        name=t("exec_biz_fig_orders"),
        line={"color": COLORS[3], "width": 2},
        secondary_y=True,
    )
    fig.update_yaxes(
        title_text=t("exec_biz_axis_revenue", unit=t.money.unit),
        tickformat=",.0f",
        rangemode="tozero",
        secondary_y=False,
    )
    fig.update_yaxes(
        title_text=t("exec_biz_fig_orders"),
        tickformat=",.0f",
        rangemode="tozero",
        showgrid=False,
        secondary_y=True,
    )
    fig.update_xaxes(type="category", title_text=t("exec_biz_month"))
    fig.update_layout(
        template=TEMPLATE,
        barmode="stack",
        title=t("exec_biz_chart"),
        height=420,
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


def plot_kpi_trends(goals: list[GoalResult], t: Translator, *, max_columns: int = 2) -> go.Figure:
    """One small panel per goal with a trend: the KPI per period (solid line; the last
    point is the actual) and the target (dotted). Goals without a trend are left out.
    Money panels name the run's currency on their axis."""
    shown = [g for g in goals if not g.trend.empty and g.trend["value"].notna().sum() >= 1]
    columns = max(1, min(max_columns, len(shown)))
    rows = max(1, math.ceil(len(shown) / columns))
    titles = [g.title(t) for g in shown]
    fig = make_subplots(
        rows=rows, cols=columns, subplot_titles=titles or None, vertical_spacing=0.35 / rows
    )
    for i, g in enumerate(shown):
        row, col = i // columns + 1, i % columns + 1
        x = [d.isoformat() for d in g.trend["period_end"]]
        fig.add_scatter(
            x=x,
            y=g.trend["value"],
            mode="lines+markers",
            line={"color": COLORS[0], "width": 2},
            name=titles[i],
            showlegend=False,
            row=row,
            col=col,
        )
        fig.add_scatter(
            x=[x[0], x[-1]],
            y=[g.target, g.target],
            mode="lines",
            line={"color": COLORS[3], "dash": "dot", "width": 1.5},
            name=t("exec_target"),
            showlegend=False,
            hoverinfo="skip",
            row=row,
            col=col,
        )
        fig.update_yaxes(
            tickformat=TICKFORMAT.get(g.unit, ",.3g"),
            title_text=t.money.unit if g.unit == "money" else None,
            row=row,
            col=col,
        )
        fig.update_xaxes(type="category", tickangle=0, row=row, col=col)
    fig.update_layout(
        template=TEMPLATE,
        title=t("exec_chart_trend"),
        height=120 + 240 * rows,
        margin={"l": 60, "r": 20, "t": 80, "b": 40},
    )
    return fig


__all__ = ["plot_business_months", "plot_kpi_trends"]
