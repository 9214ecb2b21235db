"""Charts of the campaigns report: lifts with their intervals (forest plots)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from crm_lib.charts.base import COLORS, TEMPLATE, code_text, data_text, thinned
from crm_lib.i18n import Translator


def _forest(labels, lifts, lows, highs, *, name: str, color: str) -> go.Scatter:
    lifts, lows, highs = (pd.Series(v, dtype=float).to_numpy() for v in (lifts, lows, highs))
    return go.Scatter(
        x=lifts,
        y=list(labels),
        mode="markers",
        name=name,
        marker={"color": color, "size": 9},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": highs - lifts,
            "arrayminus": lifts - lows,
            "color": color,
        },  # fmt: skip
        hovertemplate="%{y}: %{x:+.1f}<extra></extra>",
    )


def _layout(fig: go.Figure, title: str, rows: int, t: Translator) -> go.Figure:
    fig.add_vline(x=0, line={"color": "#888", "dash": "dot"})
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        height=max(300, 44 * rows + 160),
        xaxis={"title": t("cmp_lift_axis"), "zeroline": False},
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
    )
    return fig


def plot_lifts(effects: pd.DataFrame, t: Translator) -> go.Figure:
    """Each verified campaign's lift (points) with its 95 % interval, zero marked."""
    labels = [
        f"{data_text(r.campaign_id, t)} {data_text(r.campaign_name, t)}"
        for r in effects.itertuples()
    ]
    fig = go.Figure(
        _forest(
            labels,
            effects["lift_pts"],
            effects["lift_ci_low_pts"],
            effects["lift_ci_high_pts"],
            name=t("cmp_col_lift"),
            color=COLORS[0],
        )  # fmt: skip
    )
    return _layout(fig, t("cmp_chart_lift"), len(labels), t)


def plot_segment_lifts(lifts: pd.DataFrame, t: Translator) -> go.Figure:
    """The lift of each age group per campaign, one colour a group, with intervals."""
    fig = go.Figure()
    for i, (segment, rows) in enumerate(lifts.groupby("segment", sort=True)):
        fig.add_trace(
            _forest(
                [data_text(c, t) for c in rows["campaign_id"]],
                rows["lift_pts"],
                rows["lift_ci_low_pts"],
                rows["lift_ci_high_pts"],
                name=code_text("cmp_segment_", segment, t),
                color=COLORS[i % len(COLORS)],
            )  # fmt: skip
        )
    fig.update_layout(scattermode="group")
    return _layout(fig, t("cmp_chart_segments"), lifts["campaign_id"].nunique(), t)


def plot_trigger(effects: pd.DataFrame, t: Translator) -> go.Figure:
    """Lift on trigger days and on other days per campaign, with intervals."""
    fig = go.Figure()
    for i, side in enumerate(("on", "off")):
        fig.add_trace(
            _forest(
                [data_text(c, t) for c in effects["campaign_id"]],
                effects[f"uplift_pts_{side}"],
                effects[f"uplift_ci_low_pts_{side}"],
                effects[f"uplift_ci_high_pts_{side}"],
                name=t(f"cmp_trigger_{side}"),
                color=COLORS[i],
            )  # fmt: skip
        )
    fig.update_layout(scattermode="group")
    return _layout(fig, t("cmp_chart_trigger"), len(effects), t)


def plot_fatigue(table: pd.DataFrame, cap: int | None, t: Translator) -> go.Figure:
    """Unsubscribe rate by sends in the window (all channels), with Wilson intervals; the
    recommended cap as a dotted line."""
    rows = table[table["channel"] == "all"]
    rate = rows["unsubscribe_rate"].to_numpy()
    fig = go.Figure(
        go.Scatter(
            x=rows["sends_in_window"],
            y=rate,
            mode="lines+markers",
            name=t("cmp_unsubscribe_rate"),
            marker={"color": COLORS[3]},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": rows["unsubscribe_high"].to_numpy() - rate,
                "arrayminus": rate - rows["unsubscribe_low"].to_numpy(),
            },  # fmt: skip
            hovertemplate="%{x}: %{y:.2%}<extra></extra>",
        )
    )
    if cap is not None:
        fig.add_vline(x=cap + 0.5, line={"color": "#888", "dash": "dot"})
    fig.update_layout(
        template=TEMPLATE,
        title=t("cmp_chart_fatigue"),
        xaxis={"title": t("cmp_fatigue_axis"), "dtick": 1},
        yaxis={"title": t("cmp_unsubscribe_rate"), "tickformat": ".1%", "rangemode": "tozero"},
    )
    return fig


def plot_qini(curve: pd.DataFrame, t: Translator) -> go.Figure:
    """The held-out Qini curve (incremental responders by share targeted, highest predicted
    uplift first) against the random line."""
    fig = go.Figure()
    curve = thinned(curve)
    fig.add_scatter(x=curve["share"], y=curve["qini"], mode="lines", name=t("cmp_qini_model"),
                    line={"color": COLORS[0]})  # fmt: skip
    fig.add_scatter(x=curve["share"], y=curve["qini_random"], mode="lines",
                    name=t("cmp_qini_random"), line={"color": "#888", "dash": "dot"})  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("cmp_chart_qini"),
        xaxis={"title": t("cmp_qini_share"), "tickformat": ".0%"},
        yaxis={"title": t("cmp_qini_incremental")},
    )
    return fig
