"""Charts of the segments report: RFM segments, clusters, migrations, membership ranks,
revenue concentration, new vs repeat revenue, F2 conversion and cohort retention.

Amounts are in the run's currency: axis titles name it (``t.money.unit``), hover text
shows amounts written by ``t.money``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from crm_lib.charts.base import COLORS, TEMPLATE, code_text, data_text, date_axis, log_axis
from crm_lib.i18n import Translator
from crm_lib.segments.cpm import CELL_PREFIX, CELLS, STAGES, STATUSES
from crm_lib.segments.report import CHANNEL_PREFIX
from crm_lib.segments.rfm import SEGMENT_PREFIX

NEUTRAL = "#8c8c8c"


def segment_label(segment: str, t: Translator) -> str:
    """The display name of an RFM segment key (``not_yet`` = not yet a customer)."""
    return code_text(SEGMENT_PREFIX, segment, t)


def _with_unit(key: str, t: Translator) -> str:
    """An axis title of amounts: the label and the currency."""
    return t("seg_with_unit", label=t(key), unit=t.money.unit)


def plot_segment_overview(summary: pd.DataFrame, t: Translator) -> go.Figure:
    """Share of customers beside share of revenue for each RFM segment (best on top)."""
    shown = summary.iloc[::-1]
    labels = [segment_label(s, t) for s in shown["segment"]]
    fig = go.Figure()
    for column, key, color in (
        ("customer_share", "seg_customer_share", COLORS[5]),
        ("revenue_share", "seg_revenue_share", COLORS[0]),
    ):
        fig.add_bar(
            y=labels,
            x=shown[column],
            name=t(key),
            orientation="h",
            marker_color=color,
            text=[f"{v:.0%}" for v in shown[column]],
            textposition="outside",
        )
    fig.update_layout(
        template=TEMPLATE,
        barmode="group",
        height=480,
        title=t("seg_chart_segments"),
        xaxis={"tickformat": ".0%", "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.12},
    )
    return fig


def plot_cluster_selection(model, t: Translator) -> go.Figure:
    """The criterion for each k a fitted :class:`~crm_lib.segments.BehaviourClusters`
    tried, with the chosen k marked."""
    selection, k, criterion = model.selection_, model.k_, model.criterion_
    fig = go.Figure(go.Scatter(x=selection["k"], y=selection["score"], mode="lines+markers"))
    chosen = selection[selection["k"] == k]
    fig.add_scatter(
        x=chosen["k"],
        y=chosen["score"],
        mode="markers",
        marker={"size": 16, "color": COLORS[1], "symbol": "star"},
        name=t("seg_chosen_k"),
    )
    fig.update_layout(
        template=TEMPLATE,
        height=340,
        showlegend=False,
        title=t("seg_chart_k_selection", criterion=t(f"seg_criterion_{criterion}")),
        xaxis={"title": t("seg_k"), "dtick": 1},
        yaxis={"title": t(f"seg_criterion_{criterion}")},
    )
    return fig


def plot_cluster_map(profiles: pd.DataFrame, t: Translator) -> go.Figure:
    """Clusters as bubbles: median orders (x) against median order value (y); bubble
    size = customers, colour = median days since the last purchase."""
    size = np.sqrt(profiles["customers"] / profiles["customers"].max()) * 60 + 10
    fig = go.Figure(
        go.Scatter(
            x=profiles["orders"],
            y=profiles["avg_order_value"],
            mode="markers+text",
            text=[t("seg_cluster_n", cluster=c) for c in profiles["cluster"]],
            textposition="top center",
            marker={
                "size": size,
                "color": profiles["recency_days"],
                "colorscale": "Blues_r",
                "showscale": True,
                "colorbar": {"title": t("seg_median_recency")},
                "line": {"width": 1, "color": "#555"},
            },
            customdata=np.column_stack([profiles["customers"], profiles["revenue_share"]]),
            hovertemplate=t("seg_cluster_hover") + "<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        height=460,
        title=t("seg_chart_clusters"),
        xaxis=log_axis(profiles["orders"], title=t("seg_median_orders")),
        yaxis=log_axis(profiles["avg_order_value"], title=_with_unit("seg_median_order_value", t)),
    )
    return fig


def plot_segment_matrix(
    matrix: pd.DataFrame, start: dt.date, end: dt.date, t: Translator
) -> go.Figure:
    """RFM segment at ``start`` (rows) against segment at ``end`` (columns)."""
    title = t("seg_chart_segment_matrix", start=start, end=end)
    return plot_migration_matrix(matrix, t, title=title, code_prefix=SEGMENT_PREFIX)


def plot_rank_matrix(matrix: pd.DataFrame, start: dt.date, end: dt.date, t: Translator):
    """Membership rank at ``start`` (rows) against rank at ``end`` (columns); the rows
    ``lapsed`` (no spend in either window) and ``new`` (not a customer at ``start``) are
    labelled as such, rank names are shown as data."""
    title = t("seg_chart_rank_matrix", start=start, end=end)
    return plot_migration_matrix(matrix, t, title=title, code_prefix="seg_rank_row_")


def plot_migration_matrix(
    matrix: pd.DataFrame, t: Translator, *, title: str, code_prefix: str | None = None
) -> go.Figure:
    """Customers per (group at the first date, group at the second): colour = share of the
    row, text = customers. ``code_prefix``: groups are codes with labels (segments)."""
    counts = matrix.to_numpy()
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)

    def names(groups) -> list[str]:
        return [code_text(code_prefix, g, t) for g in groups]

    rows, cols = names(matrix.index), names(matrix.columns)
    fig = go.Figure(
        go.Heatmap(
            z=shares,
            x=cols,
            y=rows,
            text=counts,
            texttemplate="%{text:,}",
            colorscale="Blues",
            zmin=0,
            zmax=1,
            colorbar={"title": t("seg_row_share"), "tickformat": ".0%"},
            hovertemplate="%{y} → %{x}: %{text:,} (%{z:.1%})<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        height=max(340, 46 * len(rows) + 160),
        title=title,
        xaxis={"title": t("seg_to"), "side": "bottom"},
        yaxis={"title": t("seg_from"), "autorange": "reversed"},
    )
    return fig


def plot_segment_sankey(
    flows: pd.DataFrame, order: list[str], start: dt.date, end: dt.date, t: Translator
) -> go.Figure:
    """RFM segment moves from ``start`` (left) to ``end`` (right), groups in ``order``."""
    title = t("seg_chart_sankey", start=start, end=end)
    return plot_migration_sankey(flows, order, t, title=title, code_prefix=SEGMENT_PREFIX)


def plot_migration_sankey(
    flows: pd.DataFrame,
    order: list[str],
    t: Translator,
    *,
    title: str,
    code_prefix: str | None = None,
) -> go.Figure:
    """Flows of customers from their group at the first date (left) to the second (right);
    hover shows customers and the revenue change of each flow. ``code_prefix``: groups are
    codes with labels (segments)."""
    labels = {g: code_text(code_prefix, g, t) for g in order}
    sources = [g for g in order if g in set(flows["source"])]
    targets = [g for g in order if g in set(flows["target"])]
    index_from = {g: i for i, g in enumerate(sources)}
    index_to = {g: len(sources) + i for i, g in enumerate(targets)}
    palette = {g: COLORS[i % len(COLORS)] for i, g in enumerate(order)}
    node_colors = [palette[g] for g in sources + targets]
    link_colors = [_transparent(palette[g]) for g in flows["source"]]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": [labels[g] for g in sources + targets],
                "color": node_colors,
                "pad": 12,
                "thickness": 14,
            },
            link={
                "source": flows["source"].map(index_from),
                "target": flows["target"].map(index_to),
                "value": flows["customers"],
                "color": link_colors,
                "customdata": [t.money(v) for v in flows["revenue_change"]],
                "hovertemplate": t("seg_flow_hover") + "<extra></extra>",
            },
        )
    )
    fig.update_layout(template=TEMPLATE, height=520, title=title, font={"size": 12})
    return fig


def _transparent(hex_color: str, alpha: float = 0.35) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def plot_flow_revenue(flows: pd.DataFrame, t: Translator, *, top: int = 12) -> go.Figure:
    """The moves of existing customers between two RFM segments that gained or lost the
    most revenue, as horizontal bars. New customers (from ``not_yet``) and customers who
    stayed in their segment are left out: they are no move between segments."""
    moved = flows[(flows["source"] != "not_yet") & (flows["source"] != flows["target"])]
    shown = moved.reindex(moved["revenue_change"].abs().sort_values(ascending=False).index)
    shown = shown.head(top).iloc[::-1]
    names = [
        f"{segment_label(s, t)} → {segment_label(g, t)}"
        for s, g in zip(shown["source"], shown["target"], strict=True)
    ]
    colors = [COLORS[2] if v >= 0 else COLORS[3] for v in shown["revenue_change"]]
    fig = go.Figure(
        go.Bar(
            x=shown["revenue_change"],
            y=names,
            orientation="h",
            marker_color=colors,
            customdata=[t.money(v) for v in shown["revenue_change"]],
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        height=max(320, 30 * len(shown) + 140),
        title=t("seg_chart_flow_revenue_existing"),
        xaxis={"title": _with_unit("seg_revenue_change", t), "separatethousands": True},
    )
    return fig


def plot_rank_distribution(distribution: pd.DataFrame, t: Translator) -> go.Figure:
    """Share of customers beside share of trailing-12-month spend for each rank."""
    fig = go.Figure()
    for column, key, color in (
        ("customer_share", "seg_customer_share", COLORS[5]),
        ("spend_share", "seg_spend_share", COLORS[0]),
    ):
        fig.add_bar(
            x=[data_text(r, t) for r in distribution["rank"]],
            y=distribution[column],
            name=t(key),
            marker_color=color,
            text=[f"{v:.0%}" for v in distribution[column]],
            textposition="outside",
        )
    fig.update_layout(
        template=TEMPLATE,
        barmode="group",
        height=400,
        title=t("seg_chart_ranks"),
        yaxis={"tickformat": ".0%", "rangemode": "tozero"},
    )
    return fig


def plot_lorenz(curve: pd.DataFrame, top_share: float, top_revenue_share: float, t: Translator):
    """Lorenz curve of trailing spend with the line of equality and the top customers
    marked."""
    fig = go.Figure()
    fig.add_scatter(
        x=[0, 1],
        y=[0, 1],
        mode="lines",
        line={"dash": "dot", "color": NEUTRAL},
        name=t("seg_equality"),
    )
    fig.add_scatter(
        x=curve["customer_share"],
        y=curve["revenue_share"],
        mode="lines",
        line={"color": COLORS[0], "width": 3},
        name=t("seg_lorenz"),
    )
    fig.add_scatter(
        x=[1 - top_share],
        y=[1 - top_revenue_share],
        mode="markers+text",
        marker={"size": 11, "color": COLORS[1]},
        text=[t("seg_top_marker", share=top_share, revenue=top_revenue_share)],
        textposition="top left",
        showlegend=False,
    )
    fig.update_layout(
        template=TEMPLATE,
        height=460,
        title=t("seg_chart_lorenz"),
        xaxis={"title": t("seg_cum_customers"), "tickformat": ".0%", "range": [0, 1]},
        yaxis={"title": t("seg_cum_revenue"), "tickformat": ".0%", "range": [0, 1]},
    )
    return fig


def plot_new_vs_repeat(monthly: pd.DataFrame, t: Translator) -> go.Figure:
    """Monthly net revenue from first purchases and from repeat purchases, stacked."""
    fig = go.Figure()
    fig.add_bar(x=monthly["month"], y=monthly["repeat_revenue"], name=t("seg_repeat_revenue"))
    fig.add_bar(
        x=monthly["month"],
        y=monthly["new_revenue"],
        name=t("seg_new_revenue"),
        marker_color=COLORS[1],
    )
    fig.update_layout(
        template=TEMPLATE,
        barmode="stack",
        height=400,
        title=t("seg_chart_new_repeat"),
        xaxis=date_axis(t),
        yaxis={"title": _with_unit("revenue", t), "separatethousands": True},
    )
    return fig


def plot_f2_by_channel(summary: pd.DataFrame, days: int, t: Translator) -> go.Figure:
    """F2 conversion per acquisition channel, lowest at the bottom."""
    title = t("seg_chart_f2_channel", days=days)
    return plot_f2_by_group(summary, "acquisition_channel", t, title=title)


def plot_f2_by_cohort(summary: pd.DataFrame, days: int, t: Translator) -> go.Figure:
    """F2 conversion per month of first purchase, first month on top."""
    title = t("seg_chart_f2_cohort", days=days)
    return plot_f2_by_group(summary, "cohort_month", t, title=title, sort=False)


def plot_f2_by_group(
    summary: pd.DataFrame, group: str, t: Translator, *, title: str, sort: bool = True
) -> go.Figure:
    """F2 conversion rate per group (bars; hover: eligible customers); ``sort``: by rate,
    else in the given order (e.g. cohort months, first on top)."""
    shown = summary.dropna(subset=["f2_rate"])
    shown = shown.sort_values("f2_rate") if sort else shown.iloc[::-1]
    names = [_group_name(v, t) for v in shown[group]]
    fig = go.Figure(
        go.Bar(
            x=shown["f2_rate"],
            y=names,
            orientation="h",
            marker_color=COLORS[0],
            text=[f"{v:.0%}" for v in shown["f2_rate"]],
            textposition="outside",
            customdata=shown["eligible"],
            hovertemplate=t("seg_f2_hover") + "<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        height=max(300, 30 * len(shown) + 140),
        title=title,
        xaxis={"title": t("seg_f2_rate"), "tickformat": ".0%", "rangemode": "tozero"},
    )
    return fig


def _group_name(value, t: Translator) -> str:
    """A group's display name; dates (cohort months) as YYYY-MM, channels by their label."""
    if isinstance(value, pd.Timestamp | np.datetime64) or hasattr(value, "isoformat"):
        return t.date(pd.Timestamp(value), "%Y-%m")
    return "—" if pd.isna(value) else code_text(CHANNEL_PREFIX, value, t)


def plot_cohort_retention(matrix: pd.DataFrame, t: Translator) -> go.Figure:
    """Cohort heatmap: share of each first-purchase month's customers who bought again k
    months later (month 0 = the first purchase)."""
    cohorts = [t.date(pd.Timestamp(c), "%Y-%m") for c in matrix.index]
    shown = matrix.loc[:, matrix.columns >= 1]
    z = shown.to_numpy(dtype=float)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(shown.columns),
            y=cohorts,
            colorscale="Blues",
            zmin=0,
            zmax=float(np.nanmax(z)) if np.isfinite(z).any() else 1,
            colorbar={"title": t("seg_retention"), "tickformat": ".0%"},
            hovertemplate=t("seg_cohort_hover") + "<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        height=max(380, 16 * len(cohorts) + 160),
        title=t("seg_chart_cohorts"),
        xaxis={"title": t("seg_months_since_first"), "dtick": 3},
        yaxis={"title": t("seg_cohort_month"), "autorange": "reversed", "type": "category"},
    )
    return fig


def plot_cpm_portfolio(summary: pd.DataFrame, t: Translator) -> go.Figure:
    """The CPM portfolio: stages (columns) x active / lapsed (rows); colour and text =
    customers, hover adds the share of revenue to date."""
    cells = summary.set_index("cell")
    keys = [[f"{stage}_{status}" for stage in STAGES] for status in STATUSES]
    customers = [[int(cells.loc[k, "customers"]) for k in row] for row in keys]
    shares = [[float(cells.loc[k, "revenue_share"]) for k in row] for row in keys]
    text = [
        [f"{c:,}<br>{s:.0%}" for c, s in zip(cs, ss, strict=True)]
        for cs, ss in zip(customers, shares, strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=customers,
            x=[t(f"seg_cpm_stage_{s}") for s in STAGES],
            y=[t(f"seg_cpm_status_{s}") for s in STATUSES],
            text=text,
            texttemplate="%{text}",
            customdata=shares,
            colorscale="Blues",
            colorbar={"title": t("customers")},
            hovertemplate=t("seg_cpm_hover") + "<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        height=320,
        title=t("seg_chart_cpm"),
        xaxis={"title": t("seg_cpm_stage")},
        yaxis={"title": t("seg_cpm_status"), "autorange": "reversed"},
    )
    return fig


def plot_cpm_matrix(matrix: pd.DataFrame, start: dt.date, end: dt.date, t: Translator):
    """CPM cell at ``start`` (rows) against cell at ``end`` (columns)."""
    title = t("seg_chart_cpm_matrix", start=start, end=end)
    return plot_migration_matrix(matrix, t, title=title, code_prefix=CELL_PREFIX)


def plot_cpm_sankey(
    flows: pd.DataFrame, order: list[str], start: dt.date, end: dt.date, t: Translator
) -> go.Figure:
    """CPM cell moves from ``start`` (left) to ``end`` (right), cells in ``order``."""
    title = t("seg_chart_cpm_sankey", start=start, end=end)
    return plot_migration_sankey(flows, order, t, title=title, code_prefix=CELL_PREFIX)


def plot_cpm_counts(counts: pd.DataFrame, t: Translator) -> go.Figure:
    """Customers per CPM cell at each month end, stacked (active cells at the bottom)."""
    wide = counts.pivot(index="d", columns="cell", values="customers").fillna(0)
    fig = go.Figure()
    palette = COLORS[:5]
    for i, cell in enumerate(CELLS):
        if cell not in wide.columns:
            continue
        lapsed = cell.endswith("_lapsed")
        fig.add_bar(
            x=wide.index,
            y=wide[cell],
            name=t(f"{CELL_PREFIX}{cell}"),
            marker_color=_transparent(palette[i % 5], 0.45) if lapsed else palette[i % 5],
        )
    fig.update_layout(
        template=TEMPLATE,
        barmode="stack",
        height=460,
        title=t("seg_chart_cpm_counts"),
        xaxis=date_axis(t, "day", title=t("seg_month_end")),
        yaxis={"title": t("customers")},
    )
    return fig


def plot_deciles(table: pd.DataFrame, start: dt.date, end: dt.date, t: Translator):
    """Share of revenue per decile (bars) and the cumulative share (line)."""
    names = [t("seg_decile_n", decile=int(d)) for d in table["decile"]]
    fig = go.Figure()
    fig.add_bar(
        x=names,
        y=table["revenue_share"],
        name=t("seg_revenue_share"),
        marker_color=COLORS[0],
        text=[f"{v:.0%}" for v in table["revenue_share"]],
        textposition="outside",
    )
    fig.add_scatter(
        x=names,
        y=table["cumulative_share"],
        mode="lines+markers",
        name=t("seg_cum_revenue"),
        line={"color": COLORS[1]},
    )
    fig.update_layout(
        template=TEMPLATE,
        height=420,
        title=t("seg_chart_deciles", start=start, end=end),
        yaxis={"tickformat": ".0%", "range": [0, 1.05]},
    )
    return fig


def plot_f_ladder(ladder: pd.DataFrame, days: int, t: Translator) -> go.Figure:
    """F conversion per step (F1→F2, F2→F3 ...): bars, hover eligible and median days."""
    shown = ladder.dropna(subset=["rate"])
    median = shown["median_days"].map(lambda v: "—" if pd.isna(v) else f"{v:,.0f}")
    fig = go.Figure(
        go.Bar(
            x=shown["step"],
            y=shown["rate"],
            marker_color=COLORS[0],
            text=[f"{v:.0%}" for v in shown["rate"]],
            textposition="outside",
            customdata=np.column_stack([shown["eligible"], median]),
            hovertemplate=t("seg_ladder_hover") + "<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        height=380,
        title=t("seg_chart_ladder", days=days),
        xaxis={"title": t("seg_ladder_step")},
        yaxis={"title": t("seg_ladder_rate"), "tickformat": ".0%", "range": [0, 1.1]},
    )
    return fig


def plot_ladder_by_channel(ladder: pd.DataFrame, days: int, t: Translator) -> go.Figure:
    """F conversion per acquisition channel (rows) and step (columns)."""
    title = t("seg_chart_ladder_channel", days=days)
    return _plot_ladder_heatmap(ladder, "acquisition_channel", t, title=title, prefix="jny_acq_")


def plot_ladder_by_cohort(ladder: pd.DataFrame, days: int, t: Translator) -> go.Figure:
    """F conversion per month of first purchase (rows) and step (columns)."""
    title = t("seg_chart_ladder_cohort", days=days)
    return _plot_ladder_heatmap(ladder, "cohort_month", t, title=title)


def _plot_ladder_heatmap(
    ladder: pd.DataFrame, group: str, t: Translator, *, title: str, prefix: str | None = None
) -> go.Figure:
    wide = ladder.pivot(index=group, columns="step", values="rate").sort_index()
    wide = wide.reindex(columns=sorted(wide.columns, key=lambda s: int(s[1:].split("→")[0])))
    if prefix is None:
        rows = [_group_name(g, t) for g in wide.index]
    else:
        rows = [code_text(prefix, g, t) for g in wide.index]
    fig = go.Figure(
        go.Heatmap(
            z=wide.to_numpy(dtype=float),
            x=list(wide.columns),
            y=rows,
            colorscale="Blues",
            zmin=0,
            zmax=1,
            texttemplate="%{z:.0%}",
            colorbar={"title": t("seg_ladder_rate"), "tickformat": ".0%"},
            hovertemplate=t("seg_ladder_cell_hover") + "<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        height=max(320, 22 * len(rows) + 160),
        title=title,
        xaxis={"title": t("seg_ladder_step")},
        yaxis={"autorange": "reversed", "type": "category"},
    )
    return fig
