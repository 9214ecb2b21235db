"""Charts of the prospect follow-up report. Source names come from the data: every one goes
through :func:`~crm_lib.charts.base.code_text` (labelled, masked, escaped)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from crm_lib.charts.base import COLORS, TEMPLATE, code_text
from crm_lib.i18n import Translator
from crm_lib.leads.funnel import ALL

_STATUSES = (("won", "leads_col_won"), ("open", "leads_col_open"), ("lost", "leads_col_lost"))


def plot_funnel(funnel: pd.DataFrame, t: Translator) -> go.Figure:
    """Leads per source, stacked by status (won, open, lost)."""
    rows = funnel[funnel["source"] != ALL].sort_values("leads")
    names = [code_text("leads_src_", s, t) for s in rows["source"]]
    fig = go.Figure()
    for i, (col, label) in enumerate(_STATUSES):
        fig.add_bar(
            y=names, x=rows[col], name=t(label), orientation="h",
            marker_color=COLORS[i % len(COLORS)], hovertemplate="%{x:,}<extra></extra>",
        )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE, barmode="stack", title=t("leads_chart_funnel"),
        xaxis={"title": t("leads_axis_leads")},
    )  # fmt: skip
    return fig


HOUR_TICKS = (1, 6, 24, 72, 168, 720)  # hours marked on the response-time axis


def plot_speed(bands: pd.DataFrame, curve: pd.DataFrame, t: Translator) -> list[go.Figure]:
    """Two figures: conversion by response band (bars, 95 % intervals), and the smooth fit
    against the hours to first response (line with its 95 % band, log axis)."""
    by_band = go.Figure()
    names = [code_text("leads_band_", b, t) for b in bands["band"]]
    by_band.add_bar(
        x=names, y=bands["conversion"], name=t("leads_legend_bands"), marker_color=COLORS[0],
        error_y={"type": "data", "symmetric": False,
                 "array": bands["ci_high"] - bands["conversion"],
                 "arrayminus": bands["conversion"] - bands["ci_low"]},
        hovertemplate="%{y:.1%}<extra></extra>",
    )  # fmt: skip
    by_band.update_layout(
        template=TEMPLATE, title=t("leads_chart_speed"),
        yaxis={"title": t("leads_axis_conversion"), "tickformat": ".0%", "rangemode": "tozero"},
    )  # fmt: skip
    smooth = go.Figure()
    hours = curve["hours"].clip(lower=0.5)  # the log axis starts at half an hour
    smooth.add_scatter(
        x=hours, y=curve["conversion"], name=t("leads_legend_curve"), mode="lines+markers",
        line={"color": COLORS[1]},
        error_y={"type": "data", "symmetric": False,
                 "array": curve["ci_high"] - curve["conversion"],
                 "arrayminus": curve["conversion"] - curve["ci_low"]},
        hovertemplate="%{x:.0f}h: %{y:.1%}<extra></extra>",
    )  # fmt: skip
    smooth.update_layout(
        template=TEMPLATE, title=t("leads_chart_speed_curve"), showlegend=False,
        xaxis={"title": t("leads_axis_hours"), "type": "log", "tickvals": list(HOUR_TICKS),
               "ticktext": [f"{h:,}" for h in HOUR_TICKS]},
        yaxis={"title": t("leads_axis_conversion"), "tickformat": ".0%", "rangemode": "tozero"},
    )  # fmt: skip
    return [by_band, smooth]


def plot_readiness(curve: pd.DataFrame, t: Translator) -> go.Figure:
    """Kaplan-Meier cumulative conversion against days since the lead, with its 95 % band."""
    fig = go.Figure()
    fig.add_scatter(x=curve["day"], y=curve["ci_high"], mode="lines", line={"width": 0},
                    showlegend=False, hoverinfo="skip", line_shape="hv")  # fmt: skip
    fig.add_scatter(
        x=curve["day"], y=curve["ci_low"], mode="lines", line={"width": 0}, fill="tonexty",
        fillcolor="rgba(31,119,180,0.2)", showlegend=False, hoverinfo="skip", line_shape="hv",
    )  # fmt: skip
    fig.add_scatter(
        x=curve["day"], y=curve["conversion"], mode="lines", line={"color": COLORS[0]},
        line_shape="hv", showlegend=False, hovertemplate="%{x}: %{y:.1%}<extra></extra>",
    )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE, title=t("leads_chart_readiness"),
        xaxis={"title": t("leads_axis_days")},
        yaxis={"title": t("leads_axis_conversion"), "tickformat": ".0%"},
    )  # fmt: skip
    return fig
