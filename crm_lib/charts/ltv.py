"""Charts of the lifetime-value report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from crm_lib.charts.base import COLORS, TEMPLATE, code_text, data_text
from crm_lib.i18n import Translator


def plot_holdout_by_frequency(table: pd.DataFrame, models: list[str], t: Translator) -> go.Figure:
    """Mean holdout purchases, actual vs each model, by calibration frequency (the classic
    check of Fader, Hardie & Lee 2005)."""
    labels = table["frequency"].astype(int).astype(str)
    labels.iloc[-1] = labels.iloc[-1] + "+"
    fig = go.Figure(go.Bar(x=labels, y=table["actual"], name=t("ltv_actual"), marker_color="#bbb"))
    for i, name in enumerate(models):
        fig.add_scatter(x=labels, y=table[name], name=t(f"ltv_model_{name}"),
                        mode="lines+markers", line={"color": COLORS[i]})  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_holdout"),
        xaxis_title=t("ltv_calibration_purchases"),
        yaxis_title=t("ltv_holdout_purchases_mean"),
    )
    return fig


def plot_p_alive(p_alive: np.ndarray, t: Translator) -> go.Figure:
    """Distribution of the probability that a customer is still active."""
    fig = go.Figure(go.Histogram(x=p_alive, xbins={"start": 0, "end": 1.0001, "size": 0.05}))
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_p_alive"),
        xaxis={"title": t("ltv_p_alive"), "tickformat": ".0%"},
        yaxis_title=t("customers"),
        bargap=0.05,
    )
    return fig


def plot_value_by_group(
    table: pd.DataFrame, group: str, t: Translator, codes: str | None = None
) -> go.Figure:
    """Mean CLV (bars) and customers (text) per group, largest first. ``group``: label key
    of the grouping; ``codes``: label prefix of the group codes (e.g. RFM segments)."""
    shown = table.iloc[::-1]  # the first row on top
    names = [code_text(codes, g, t) for g in shown["group"]]
    fig = go.Figure(
        go.Bar(
            x=shown["mean_clv"], y=names, orientation="h",
            text=[t("ltv_customers_n", n=int(n)) for n in shown["customers"]],
            textposition="auto",
        )
    )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_value_by", group=t(group)),
        xaxis_title=t("ltv_mean_clv_in", unit=t.money.unit),
        yaxis={"categoryorder": "array", "categoryarray": names},
        height=max(300, 40 * len(shown) + 120),
    )
    return fig


def plot_retention(retention: pd.DataFrame, t: Translator) -> go.Figure:
    """Observed share of subscribers still active by renewal (markers) and the sBG
    projection (lines), one colour per plan."""
    fig = go.Figure()
    for i, (plan, curve) in enumerate(retention.groupby("plan", sort=False)):  # a few plans
        color, plan = COLORS[i % len(COLORS)], data_text(plan, t)
        seen = curve.dropna(subset=["observed"])
        fig.add_scatter(x=seen["renewal"], y=seen["observed"], mode="markers",
                        name=t("ltv_observed", plan=plan),
                        marker={"size": 8, "color": color})  # fmt: skip
        fig.add_scatter(x=curve["renewal"], y=curve["projected"], mode="lines",
                        name=t("ltv_sbg_projection", plan=plan), line={"color": color})  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_retention"),
        xaxis_title=t("ltv_renewals"),
        yaxis={"title": t("ltv_still_subscribed"), "tickformat": ".0%", "range": [0, 1.02]},
    )
    return fig
