"""Charts of the voice-of-the-customer report. Terms, topics and channels come from the
customers' text: every one goes through :func:`~crm_lib.charts.base.data_text` (masked,
escaped), so ``<script>`` in a comment shows as text in a tick, a legend or a hover."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from crm_lib.charts.base import COLORS, TEMPLATE, code_text, data_text, date_axis
from crm_lib.i18n import Translator


def plot_volume(monthly: pd.DataFrame, t: Translator) -> go.Figure:
    """Comments per month, stacked by channel."""
    fig = go.Figure()
    for i, (channel, part) in enumerate(monthly.groupby("channel", sort=True)):
        name = code_text("voc_channel_", channel, t)
        fig.add_bar(
            x=part["month"], y=part["comments"], name=name, marker_color=COLORS[i % len(COLORS)],
            hovertemplate=f"{name}: %{{y:,}}<extra></extra>",
        )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE, barmode="stack", title=t("voc_chart_volume"), xaxis=date_axis(t),
        yaxis={"title": t("voc_axis_comments")},
    )  # fmt: skip
    return fig


def plot_rating_trend(trend: pd.DataFrame, t: Translator) -> go.Figure:
    """NPS (points, left axis) and CSAT (share, right axis) by quarter."""
    fig = go.Figure()
    fig.add_scatter(
        x=trend["quarter"], y=trend["nps"], name=t("voc_axis_nps"), mode="lines+markers",
        line={"color": COLORS[0]}, hovertemplate="%{y:+.0f}<extra></extra>",
    )  # fmt: skip
    if trend["csat"].notna().any():
        fig.add_scatter(
            x=trend["quarter"], y=trend["csat"], name=t("voc_axis_csat"), mode="lines+markers",
            yaxis="y2", line={"color": COLORS[1]}, hovertemplate="%{y:.0%}<extra></extra>",
        )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("voc_chart_trend"),
        xaxis=date_axis(t),
        yaxis={"title": t("voc_axis_nps"), "zeroline": True},
        yaxis2={"title": t("voc_axis_csat"), "overlaying": "y", "side": "right",
                "tickformat": ".0%", "range": [0, 1], "showgrid": False},
    )  # fmt: skip
    return fig


def plot_emerging(terms: pd.DataFrame, t: Translator) -> go.Figure:
    """The emerging terms' log-likelihood ratios, largest on top, with their counts."""
    labels = [data_text(v, t) for v in terms["term"]]
    fig = go.Figure(
        go.Bar(
            x=terms["llr"],
            y=labels,
            orientation="h",
            marker_color=COLORS[3],
            customdata=terms[["recent", "baseline"]].to_numpy(),
            hovertemplate="%{y}: " + t("voc_hover_emerging") + "<extra></extra>",
        )  # fmt: skip
    )
    fig.update_layout(
        template=TEMPLATE, title=t("voc_chart_emerging"), height=max(300, 26 * len(labels) + 140),
        xaxis={"title": t("voc_axis_llr")},
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
    )  # fmt: skip
    return fig


def plot_topic_trend(trend: pd.DataFrame, topics: pd.DataFrame, t: Translator) -> go.Figure:
    """Each topic's share of the quarter's comments (lines), named by its top terms."""
    names = dict(zip(topics["topic"], topics["label"], strict=True))
    fig = go.Figure()
    for i, topic in enumerate(topics["topic"]):
        part = trend[trend["topic"] == topic]
        name = f"{data_text(topic, t)} {data_text(names.get(topic, ''), t)}"
        fig.add_scatter(
            x=part["quarter"], y=part["share"], name=name, mode="lines+markers",
            line={"color": COLORS[i % len(COLORS)]},
            hovertemplate=f"{name}: %{{y:.1%}}<extra></extra>",
        )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE, title=t("voc_chart_topics"), height=520, xaxis=date_axis(t),
        yaxis={"title": t("voc_axis_share"), "tickformat": ".0%"},
        legend={"orientation": "v", "y": 1, "x": 1.02},
    )  # fmt: skip
    return fig


def plot_network(network, communities: pd.Series | None, t: Translator) -> go.Figure:
    """Terms placed by co-occurrence (MDS), sized by comments, coloured by topic; edges
    for Jaccard at or above the threshold."""
    nodes = network.nodes.set_index("term")
    xs, ys = [], []
    for e in network.edges.itertuples():
        xs += [nodes.at[e.source, "x"], nodes.at[e.target, "x"], None]
        ys += [nodes.at[e.source, "y"], nodes.at[e.target, "y"], None]
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": "#bbb", "width": 1},
            hoverinfo="skip",
            showlegend=False,
        )  # fmt: skip
    )
    group = (
        communities.reindex(nodes.index).fillna("")
        if communities is not None
        else pd.Series("", index=nodes.index)
    )
    top = max(1, int(nodes["comments"].max()))
    order = sorted(set(group), key=lambda g: (len(g), g))  # T1, T2, ... T10
    for i, topic in enumerate(order):
        part = nodes[group.to_numpy() == topic]
        labels = [data_text(v, t) for v in part.index]
        fig.add_scatter(
            x=part["x"], y=part["y"], mode="markers+text", text=labels, textposition="top center",
            name=data_text(topic, t) or "-", customdata=part["comments"].to_numpy(),
            marker={"size": 10 + 30 * (part["comments"] / top) ** 0.5,
                    "color": COLORS[i % len(COLORS)], "opacity": 0.8},
            hovertemplate="%{text}: " + t("voc_hover_node") + "<extra></extra>",
        )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE, title=t("voc_chart_network"), height=640,
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"},
    )  # fmt: skip
    return fig


def plot_churn_by_topic(table: pd.DataFrame, t: Translator) -> go.Figure:
    """Each topic's later-churn difference (points) against other comments, 95 % interval."""
    labels = [f"{data_text(r.topic, t)} {data_text(r.label, t)}" for r in table.itertuples()]
    diff = table["diff_pts"].to_numpy(dtype=float)
    fig = go.Figure(
        go.Scatter(
            x=diff,
            y=labels,
            mode="markers",
            marker={"color": COLORS[0], "size": 9},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": table["ci_high_pts"].to_numpy(dtype=float) - diff,
                "arrayminus": diff - table["ci_low_pts"].to_numpy(dtype=float),
            },
            hovertemplate="%{y}: %{x:+.1f}<extra></extra>",
        )  # fmt: skip
    )
    fig.add_vline(x=0, line={"color": "#888", "dash": "dot"})
    fig.update_layout(
        template=TEMPLATE, title=t("voc_chart_churn"), height=max(300, 40 * len(labels) + 160),
        xaxis={"title": t("voc_axis_diff_pts")},
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
    )  # fmt: skip
    return fig
