"""Charts of the lifetime-value report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from crm_lib.charts.base import COLORS, TEMPLATE
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


def plot_value_by_group(table: pd.DataFrame, group_label: str, t: Translator) -> go.Figure:
    """Mean CLV (bars) and customers (text) per group, largest first."""
    shown = table.sort_values("mean_clv")
    fig = go.Figure(
        go.Bar(
            x=shown["mean_clv"], y=shown["group"].astype(str), orientation="h",
            text=[t("ltv_customers_n", n=int(n)) for n in shown["customers"]],
            textposition="auto",
        )
    )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_value_by", group=group_label),
        xaxis_title=t("ltv_mean_clv"),
        height=max(300, 40 * len(shown) + 120),
    )
    return fig


def plot_retention(observed: pd.Series, projected: np.ndarray, t: Translator) -> go.Figure:
    """Observed share of subscribers still active by renewal, and the sBG projection."""
    fig = go.Figure()
    fig.add_scatter(x=observed.index, y=observed.to_numpy(), mode="markers",
                    name=t("ltv_observed"), marker={"size": 8})  # fmt: skip
    fig.add_scatter(x=np.arange(len(projected)), y=projected, mode="lines",
                    name=t("ltv_sbg_projection"))  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_retention"),
        xaxis_title=t("ltv_renewals"),
        yaxis={"title": t("ltv_still_subscribed"), "tickformat": ".0%", "range": [0, 1.02]},
    )
    return fig
