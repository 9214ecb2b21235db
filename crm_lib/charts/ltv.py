"""Charts of the lifetime-value report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from crm_lib.charts.base import COLORS, TEMPLATE, code_text, data_text, date_axis, histogram_bar
from crm_lib.i18n import Translator
from crm_lib.ltv.report.subscriptions import PLAN_LABELS


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
    fig = go.Figure(histogram_bar(p_alive, 0.0, 1.0, 0.05))
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


def plot_retention(
    retention: pd.DataFrame, t: Translator, plans: str | None = PLAN_LABELS
) -> go.Figure:
    """Observed share of subscribers still active by renewal (markers) and the sBG
    projection (lines), one colour per plan (``plans``: label prefix of the plan codes)."""
    fig = go.Figure()
    for i, (plan, curve) in enumerate(retention.groupby("plan", sort=False)):  # a few plans
        color, plan = COLORS[i % len(COLORS)], code_text(plans, plan, t)
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


def plot_holdout_interval(interval, actual: float, t: Translator) -> go.Figure:
    """Total holdout purchases: the expected total per parameter draw (parameter
    uncertainty only) and the simulated realised total per draw (parameters and the
    purchase process's noise), the shaded prediction interval and the actual total.
    ``interval``: a :class:`crm_lib.ltv.predictive.PredictiveTotal`."""
    fig = go.Figure()
    layers = ((interval.predictive_totals, "ltv_prediction_interval", COLORS[0]),
              (interval.parameter_totals, "ltv_parameter_interval", COLORS[1]))  # fmt: skip
    for totals, key, color in layers:
        fig.add_histogram(x=totals, name=t(key), marker_color=color, opacity=0.55, nbinsx=40)
    fig.add_vrect(x0=interval.predictive_low, x1=interval.predictive_high, line_width=0,
                  fillcolor=COLORS[0], opacity=0.12)  # fmt: skip
    fig.add_vline(x=actual, line={"color": "#333", "width": 2})
    fig.add_scatter(x=[actual], y=[0], mode="markers", name=t("ltv_actual"),
                    marker={"color": "#333", "symbol": "diamond", "size": 10})  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_holdout_interval"),
        xaxis_title=t("ltv_holdout_total"),
        yaxis_title=t("ltv_simulations"),
        barmode="overlay",
    )
    return fig


def plot_spend_by_band(table: pd.DataFrame, models: list[str], t: Translator) -> go.Figure:
    """Mean holdout spend per purchase by calibration frequency band: actual (bars) vs
    each spend model (lines); customers who bought in the holdout."""
    fig = go.Figure(
        go.Bar(x=table["band"], y=table["actual"], name=t("ltv_actual"), marker_color="#bbb")
    )
    for i, name in enumerate(models):
        fig.add_scatter(x=table["band"], y=table[name], name=t(f"ltv_model_{name}"),
                        mode="lines+markers", line={"color": COLORS[i % len(COLORS)]})  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_spend_by_band"),
        xaxis={"title": t("ltv_calibration_purchases"), "type": "category"},
        yaxis_title=t("ltv_spend_per_purchase_in", unit=t.money.unit),
    )
    return fig


def _group_names(groups: pd.Series, prefix: str | None, t: Translator) -> list[str]:
    """Chart labels of groups: "all customers" for the overall row (empty group)."""
    return [t("ltv_all_customers") if pd.isna(g) else code_text(prefix, g, t) for g in groups]


def plot_delivery_retention(
    retention: pd.DataFrame, t: Translator, plans: str | None = None
) -> go.Figure:
    """回数別継続率: share of subscriptions started that received each delivery, one line
    per plan (``retention`` of :func:`crm_lib.ltv.teiki.delivery_retention`; ``plans``:
    label prefix of the plan codes)."""
    fig = go.Figure()
    for i, (plan, rows) in enumerate(retention.groupby("plan", sort=False)):  # a few plans
        seen = rows[rows["eligible"] > 0]
        fig.add_scatter(
            x=seen["delivery"], y=seen["share"], mode="lines+markers+text",
            name=code_text(plans, plan, t), line={"color": COLORS[i % len(COLORS)]},
            text=[f"{v:.0%}" for v in seen["share"]], textposition="top center",
            customdata=seen["eligible"],
            hovertemplate="%{x}: %{y:.1%} (n = %{customdata:,})<extra></extra>",
        )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_delivery_retention"),
        xaxis={"title": t("ltv_delivery"), "dtick": 1},
        yaxis={"title": t("ltv_retention_share"), "tickformat": ".0%", "range": [0, 1.08]},
    )
    return fig


def plot_upgrade_rates(
    table: pd.DataFrame, group: str, days: int, t: Translator, codes: str | None = None
) -> go.Figure:
    """引き上げ率 per group with its Wilson interval, highest on top (``table`` of
    :func:`crm_lib.ltv.teiki.upgrade_rates`; ``group``: label key of the grouping)."""
    shown = table.dropna(subset=["rate"]).sort_values("rate")
    names = _group_names(shown["group"], codes, t)
    fig = go.Figure(
        go.Bar(
            x=shown["rate"], y=names, orientation="h",
            error_x={"type": "data", "symmetric": False,
                     "array": shown["high"] - shown["rate"],
                     "arrayminus": shown["rate"] - shown["low"]},
            text=[t("ltv_customers_n", n=int(n)) for n in shown["customers"]],
            textposition="inside",
        )
    )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_upgrade", group=t(group), days=days),
        xaxis={"title": t("ltv_upgrade_rate"), "tickformat": ".0%"},
        yaxis={"categoryorder": "array", "categoryarray": names},
        height=max(300, 40 * len(shown) + 120),
    )
    return fig


def plot_cumulative_value(
    cumulative: pd.DataFrame, t: Translator, codes: str | None = None
) -> go.Figure:
    """累積LTV: mean cumulative value per customer by months since acquisition, one line
    per acquisition channel and a dashed line for all customers (``cumulative`` of
    :func:`crm_lib.ltv.cohort_value.cumulative_value`)."""
    fig = go.Figure()
    overall = cumulative[cumulative["group"].isna()]
    channels = cumulative[cumulative["group"].notna()]
    for i, (group, rows) in enumerate(channels.groupby("group", sort=True)):  # a few channels
        fig.add_scatter(
            x=rows["months"], y=rows["value"], mode="lines+markers",
            name=code_text(codes, group, t), line={"color": COLORS[i % len(COLORS)]},
            customdata=rows["customers"],
            hovertemplate="%{x}: %{y:,.0f} (n = %{customdata:,})<extra></extra>",
        )  # fmt: skip
    if not overall.empty:
        fig.add_scatter(
            x=overall["months"], y=overall["value"], mode="lines+markers",
            name=t("ltv_all_customers"), line={"color": "#222", "dash": "dash", "width": 3},
            customdata=overall["customers"],
            hovertemplate="%{x}: %{y:,.0f} (n = %{customdata:,})<extra></extra>",
        )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_cumulative"),
        xaxis={"title": t("ltv_months_since"), "tickvals": sorted(cumulative["months"].unique())},
        yaxis_title=t("ltv_cumulative_value_in", unit=t.money.unit),
    )
    return fig


def plot_max_cpo(
    cpo: pd.DataFrame, months: int, t: Translator, codes: str | None = None
) -> go.Figure:
    """限界CPO per acquisition channel with its interval, highest on top; all customers in
    grey (``cpo`` of :func:`crm_lib.ltv.cohort_value.max_cpo`)."""
    shown = cpo.iloc[::-1]
    names = _group_names(shown["group"], codes, t)
    fig = go.Figure(
        go.Bar(
            x=shown["max_cpo"], y=names, orientation="h",
            marker_color=["#8c8c8c" if pd.isna(g) else COLORS[0] for g in shown["group"]],
            error_x={"type": "data", "symmetric": False,
                     "array": shown["high"] - shown["max_cpo"],
                     "arrayminus": shown["max_cpo"] - shown["low"]},
            text=[t("ltv_customers_n", n=int(n)) for n in shown["customers"]],
            textposition="inside",
        )
    )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_cpo", months=months),
        xaxis_title=t("ltv_max_cpo_in", unit=t.money.unit),
        yaxis={"categoryorder": "array", "categoryarray": names},
        height=max(300, 40 * len(shown) + 120),
    )
    return fig


def plot_period_frequencies(histogram: pd.DataFrame, model: str, t: Translator) -> go.Figure:
    """Customers by repeat purchases in calibration: actual (bars) and the model's expected
    counts (lifetimes' plot_period_transactions); the last bin is "n or more"."""
    labels = histogram["frequency"].astype(int).astype(str).tolist()
    labels[-1] = t("ltv_or_more", n=labels[-1])
    name = code_text("ltv_model_", model, t)
    fig = go.Figure(go.Bar(x=labels, y=histogram["actual"], name=t("ltv_actual"),
                           marker_color="#bbb"))  # fmt: skip
    fig.add_bar(x=labels, y=histogram["expected"], name=t("ltv_model_expected", model=name),
                marker_color=COLORS[0])  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_period_frequencies"),
        xaxis_title=t("ltv_calibration_purchases"),
        yaxis_title=t("customers"),
        barmode="group",
    )
    return fig


def plot_alive_matrix(
    matrix: pd.DataFrame,
    T: float,
    time_unit: str,
    t: Translator,
    value: str = "p_alive",
    horizon: float | None = None,
) -> go.Figure:
    """Heat map of ``value`` (``p_alive`` or ``expected`` purchases over ``horizon``) by
    frequency (rows) and recency (columns) for a customer of age ``T`` (lifetimes'
    plot_probability_alive_matrix); impossible cells are blank."""
    grid = matrix.pivot(index="frequency", columns="recency", values=value)
    unit = t(f"unit_{time_unit}")
    alive = value == "p_alive"
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(), x=grid.columns, y=grid.index, colorscale="Blues",
            zmin=0, zmax=1 if alive else None, hoverongaps=False,
            colorbar={"tickformat": ".0%" if alive else ",.1f"},
        )
    )  # fmt: skip
    title = (
        t("ltv_chart_alive_matrix", T=T, unit=unit)
        if alive
        else t("ltv_chart_expected_matrix", T=T, unit=unit, horizon=horizon or 0)
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        xaxis_title=t("ltv_recency_in", unit=unit),
        yaxis_title=t("ltv_frequency"),
    )
    return fig


def plot_tracking(
    tracking: pd.DataFrame, model: str, t: Translator, cumulative: bool = True
) -> go.Figure:
    """Repeat purchases over the holdout, actual against the model: cumulative (lifetimes'
    plot_cumulative_transactions) or per week (plot_incremental_transactions)."""
    suffix = "_cumulative" if cumulative else ""
    title = "ltv_chart_tracking_cumulative" if cumulative else "ltv_chart_tracking_incremental"
    name = code_text("ltv_model_", model, t)
    fig = go.Figure()
    fig.add_scatter(x=tracking["date"], y=tracking[f"actual{suffix}"], name=t("ltv_actual"),
                    mode="lines+markers", line={"color": "#555"})  # fmt: skip
    fig.add_scatter(x=tracking["date"], y=tracking[f"expected{suffix}"],
                    name=t("ltv_model_expected", model=name), mode="lines",
                    line={"color": COLORS[0], "dash": "dash"})  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t(title),
        xaxis=date_axis(t, "day", title=t("ltv_week_to")),
        yaxis={"title": t("ltv_repeat_purchases"), "rangemode": "tozero"},
    )
    return fig


def plot_alive_history(
    history: pd.DataFrame, customer_id, t: Translator, calibration_end=None
) -> go.Figure:
    """One customer's P(alive) day by day (lifetimes' plot_history_alive), purchase days
    marked; the customer id is data (masked per the run's policy, escaped)."""
    fig = go.Figure()
    fig.add_scatter(x=history["date"], y=history["p_alive"], mode="lines",
                    name=t("ltv_p_alive"), line={"color": COLORS[0]})  # fmt: skip
    bought = history[history["purchase"]]
    fig.add_scatter(x=bought["date"], y=bought["p_alive"], mode="markers",
                    name=t("ltv_purchase_day"), marker={"color": COLORS[1], "size": 7})  # fmt: skip
    if calibration_end is not None:
        fig.add_vline(x=pd.Timestamp(calibration_end), line={"dash": "dot", "color": "#999"})
        fig.add_annotation(x=pd.Timestamp(calibration_end), y=1.02, text=t("ltv_calibration_end"),
                           showarrow=False, yanchor="bottom")  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("ltv_chart_history", customer=data_text(customer_id, t)),
        xaxis=date_axis(t, "day", title=t("ltv_date")),
        yaxis={"title": t("ltv_p_alive"), "tickformat": ".0%", "range": [0, 1.08]},
    )
    return fig
