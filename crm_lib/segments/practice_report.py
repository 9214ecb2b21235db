"""Sections of the segments report for the mail-order practice: CPM (customer portfolio
management), deciles, the F-conversion ladder and the segment history per customer.

Same shape as :mod:`crm_lib.segments.report`: dataset and typed parameters in,
:class:`~crm_lib.section.Section` out, with tables, chart data, sentences (values picked
here), metrics (:mod:`crm_lib.metrics.segments`) and artifacts. Parameters:
:class:`~crm_lib.params.SegmentsParams` (``cpm_*``, ``decile_*``, ``ladder_*``,
``history_months``); the F window comes from ``business.f2_window_days`` so that the
ladder's first step is the F2 rate of the page. Amounts in the run's currency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from crm_lib.artifacts import CPM_LAPSED
from crm_lib.dataset import Dataset
from crm_lib.metrics import segments as m
from crm_lib.money import Amount
from crm_lib.params import Business, SegmentsParams
from crm_lib.section import Code, Column, Items, Section, Table
from crm_lib.segments.cohorts import has_acquisition_channel
from crm_lib.segments.cpm import (
    CELL_PREFIX,
    CELLS,
    STAGES,
    CpmThresholds,
    cpm_cells,
    cpm_migration,
    cpm_summary,
    lapsed_list,
)
from crm_lib.segments.decile import decile_table, window_start
from crm_lib.segments.history import NOT_YET, cell_counts, segment_history, snapshot_dates
from crm_lib.segments.ladder import f_ladder
from crm_lib.segments.migration import migration_flows, migration_matrix
from crm_lib.segments.report import CHANNEL_PREFIX, migration_start
from crm_lib.segments.rfm import RfmCutoffs

# ---------------------------------------------------------------- CPM


@dataclass(kw_only=True)
class CpmSection(Section):
    thresholds: CpmThresholds
    cells: pd.DataFrame  # per customer: CPM measures and cell at the observation end
    summary: pd.DataFrame  # per cell: customers, revenue and their shares
    moves: pd.DataFrame  # per customer: cell at start and end, revenue change
    flows: pd.DataFrame  # per (source, target): customers, revenue change
    matrix: pd.DataFrame  # cell at start x cell at end: customers
    counts: pd.DataFrame  # customers per cell at each month end (d, cell, customers)
    order: list[str]  # groups of the flows in display order ("not_yet" first)
    lapsed: pd.DataFrame  # the reactivation list
    start: dt.date
    end: dt.date
    has_history: bool  # some customers had bought by start


def _stage(cells: pd.Series) -> pd.Series:
    """The stage of each cell as its position in :data:`STAGES` (0 = first-time)."""
    return cells.str.rsplit("_", n=1).str[0].map({s: i for i, s in enumerate(STAGES)})


def _migration_counts(moves: pd.DataFrame) -> dict[str, int]:
    """Customers who became customers, moved up a stage, lapsed, came back."""
    old = moves[moves["segment_from"] != NOT_YET]
    up = _stage(old["segment_to"]) > _stage(old["segment_from"])
    was_active = old["segment_from"].str.endswith("_active")
    now_active = old["segment_to"].str.endswith("_active")
    return {
        "new": int(len(moves) - len(old)),
        "promoted": int(up.sum()),
        "lapsed": int((was_active & ~now_active).sum()),
        "reactivated": int((~was_active & now_active).sum()),
        "active_at_start": int(was_active.sum()),
    }


CELL_COLUMNS = {
    "cell": Column("seg_cpm_cell", f"code:{CELL_PREFIX}"),
    "customers": Column("customers", "count"),
    "customer_share": Column("seg_customer_share", "share"),
    "revenue": Column("seg_revenue_net", "money"),
    "revenue_share": Column("seg_revenue_share", "share"),
    "revenue_window": Column("seg_cpm_revenue_12m", "money"),
    "revenue_window_share": Column("seg_cpm_revenue_12m_share", "share"),
    "spend_per_customer": Column("seg_mean_spend", "money"),
}


def cpm_portfolio(ds: Dataset, params: SegmentsParams) -> CpmSection:
    """CPM: the ten cells (stage x active/lapsed) at the observation end with their
    customers and revenue, the moves between cells from
    :func:`~crm_lib.segments.report.migration_start` to the end, the cell counts at each
    month end, and the lapsed customers as the reactivation list (artifact)."""
    th = CpmThresholds.of(params)
    start, end = migration_start(ds, params), ds.observation_end
    cells = cpm_cells(ds, th)
    summary = cpm_summary(ds, th)
    moves = cpm_migration(ds, th, start, end)
    counts_ = _migration_counts(moves)
    sec = CpmSection(
        heading="seg_cpm_heading",
        thresholds=th,
        cells=cells,
        summary=summary,
        moves=moves,
        flows=migration_flows(moves),
        matrix=migration_matrix(moves, list(CELLS), list(CELLS)),
        counts=cell_counts(ds, th, months=params.history_months),
        order=[NOT_YET, *CELLS],
        lapsed=lapsed_list(cells),
        start=start,
        end=end,
        has_history=len(moves) > counts_["new"],
    )
    by_cell = summary.set_index("cell")
    sec.say(
        "seg_cpm_text",
        lapse=th.lapse_days,
        early=th.early_tenure_days,
        loyal=th.loyal_tenure_days,
        spend=Amount(th.spend),
    )
    sec.tables["cells"] = Table(summary, CELL_COLUMNS)
    sec.say(
        "seg_cpm_loyal_text",
        customers=int(by_cell.loc["loyal_active", "customers"]),
        share=by_cell.loc["loyal_active", "customer_share"],
        revenue=by_cell.loc["loyal_active", "revenue_share"],
        revenue_12m=by_cell.loc["loyal_active", "revenue_window_share"],
    )
    first_lapsed = int(by_cell.loc["first_lapsed", "customers"])
    sec.say(
        "seg_cpm_first_text",
        customers=first_lapsed,
        share=by_cell.loc["first_lapsed", "customer_share"],
        first=first_lapsed + int(by_cell.loc["first_active", "customers"]),
    )
    lapsed = sec.lapsed
    if lapsed.empty:
        sec.say("seg_cpm_no_lapsed", days=th.lapse_days)
    else:
        top = lapsed.groupby("cell")["spend"].sum().idxmax()
        sec.say(
            "seg_cpm_lapsed_text",
            customers=len(lapsed),
            spend=Amount(lapsed["spend"].sum()),
            top=Code(CELL_PREFIX, top),
            top_customers=int((lapsed["cell"] == top).sum()),
        )
    if not sec.has_history:
        sec.say("seg_migration_no_history", start=start)
    else:
        sec.say("seg_cpm_migration_text", start=start, end=end, **counts_)
    sec.artifacts[CPM_LAPSED] = lapsed
    sec.metrics = {
        m.CPM_CELL_SIZES: dict(zip(summary["cell"], summary["customers"], strict=True)),
        m.CPM_CELL_REVENUE_SHARE: dict(zip(summary["cell"], summary["revenue_share"], strict=True)),
        m.CPM_LAPSED: len(lapsed),
        m.CPM_MIGRATION_NEW: counts_["new"],
        m.CPM_MIGRATION_PROMOTED: counts_["promoted"],
        m.CPM_MIGRATION_LAPSED: counts_["lapsed"],
        m.CPM_MIGRATION_REACTIVATED: counts_["reactivated"],
    }
    return sec


# ---------------------------------------------------------------- deciles


@dataclass(kw_only=True)
class DecileSection(Section):
    table: pd.DataFrame  # per decile: customers, revenue, shares, order value, largest order
    start: dt.date  # first day of the window
    end: dt.date


def deciles(ds: Dataset, params: SegmentsParams) -> DecileSection:
    """Deciles of the customers who bought in the trailing ``decile_window_months``: the
    top decile's share of revenue, how much of it one large order or one-order customers
    explain, and any decile whose revenue one order dominates."""
    months, end = params.decile_window_months, ds.observation_end
    table = decile_table(ds, window_months=months)
    sec = DecileSection(
        heading="seg_decile_heading", table=table, start=window_start(end, months), end=end
    )
    if table.empty:
        sec.say("seg_decile_none", start=sec.start, end=end)
        return sec
    top = table.iloc[0]
    top3 = table.loc[table["decile"] <= 3, "revenue_share"].sum()
    sec.say(
        "seg_decile_text",
        start=sec.start,
        end=end,
        customers=int(table["customers"].sum()),
        share=top["revenue_share"],
        top3=top3,
        min_spend=Amount(top["min_spend"]),
    )
    order = {"order": Amount(top["largest_order"]), "order_share": top["largest_order_share"]}
    if top["one_order_customers"] == 0:
        sec.say("seg_decile_top_repeat", **order)
    else:
        sec.say(
            "seg_decile_top_caveat",
            **order,
            one_order=int(top["one_order_customers"]),
            one_order_share=top["one_order_share"],
        )
    dominated = table[table["largest_order_share"] >= params.decile_dominant_share]
    for row in dominated.itertuples():
        sec.say(
            "seg_decile_dominated",
            decile=int(row.decile),
            order_share=row.largest_order_share,
            order=Amount(row.largest_order),
        )
    sec.tables["deciles"] = Table(
        table,
        {
            "decile": Column("seg_decile"),
            "customers": Column("customers", "count"),
            "revenue": Column("seg_decile_revenue", "money"),
            "revenue_share": Column("seg_revenue_share", "share"),
            "cumulative_share": Column("seg_cum_revenue", "share"),
            "avg_order_value": Column("seg_avg_order_value", "money"),
            "min_spend": Column("seg_decile_min_spend", "money"),
            "largest_order_share": Column("seg_decile_largest_order_share", "share"),
            "one_order_customers": Column("seg_decile_one_order", "count"),
        },
    )
    sec.metrics = {
        m.DECILE_REVENUE_SHARE: {
            str(d): s for d, s in zip(table["decile"], table["revenue_share"], strict=True)
        },
        m.DECILE_TOP_SHARE: float(top["revenue_share"]),
        m.DECILE_WINDOW_MONTHS: months,
    }
    return sec


# ---------------------------------------------------------------- F-conversion ladder


@dataclass(kw_only=True)
class LadderSection(Section):
    overall: pd.DataFrame  # per step: reached, eligible, converted, rate, median days
    by_channel: pd.DataFrame | None  # per acquisition channel and step; None: no channels
    by_cohort: pd.DataFrame  # per month of first purchase and step
    window_days: int


def _step_key(n: int) -> str:
    return f"f{n}_f{n + 1}"


def f_conversion_ladder(ds: Dataset, params: SegmentsParams, business: Business) -> LadderSection:
    """F1 -> F2 -> ... -> F``ladder_max_f``: the share of customers with n purchase days who
    make an (n+1)-th within ``business.f2_window_days``, censored (only customers observed
    that long after their n-th count), overall, by acquisition channel and by cohort."""
    days, top = business.f2_window_days, params.ladder_max_f
    overall = f_ladder(ds, window_days=days, max_f=top)
    channels = None
    if has_acquisition_channel(ds):
        channels = f_ladder(ds, window_days=days, max_f=top, by="acquisition_channel")
    sec = LadderSection(
        heading="seg_ladder_heading",
        overall=overall,
        by_channel=channels,
        by_cohort=f_ladder(ds, window_days=days, max_f=top, by="cohort_month"),
        window_days=days,
    )
    measured = overall.dropna(subset=["rate"])
    if measured.empty:
        sec.say("seg_no_f2", days=days)
        return sec
    sec.say(
        "seg_ladder_text",
        days=days,
        steps=Items(
            tuple(f"{s} {r:.0%}" for s, r in zip(measured["step"], measured["rate"], strict=True))
        ),
    )
    weakest = measured.loc[measured["rate"].idxmin()]
    sec.say(
        "seg_ladder_weakest",
        step=weakest["step"],
        rate=weakest["rate"],
        eligible=int(weakest["eligible"]),
        lost=int(weakest["eligible"] - weakest["converted"]),
    )
    if channels is not None:
        _say_channels(sec, channels, params.ladder_min_eligible)
    sec.say("seg_ladder_censoring", days=days)
    sec.tables["ladder"] = Table(overall, _ladder_columns("step"))
    if channels is not None:
        shown = channels.assign(
            channel=[Code(CHANNEL_PREFIX, c) for c in channels["acquisition_channel"]]
        )
        sec.tables["channels"] = Table(
            shown, {"channel": Column("seg_channel")} | _ladder_columns("step")
        )
    sec.metrics = {
        m.LADDER_RATES: {
            _step_key(n): r for n, r in zip(overall["n"], overall["rate"], strict=True)
        },
        m.LADDER_WINDOW_DAYS: days,
    }
    if channels is not None:
        sec.metrics[m.LADDER_RATES_BY_CHANNEL] = {
            ch: {_step_key(n): r for n, r in zip(g["n"], g["rate"], strict=True)}
            for ch, g in channels.groupby("acquisition_channel")
        }
    return sec


def _ladder_columns(step: str) -> dict[str, Column]:
    return {
        step: Column("seg_ladder_step"),
        "reached": Column("seg_ladder_reached", "count"),
        "eligible": Column("seg_eligible", "count"),
        "converted": Column("seg_ladder_converted", "count"),
        "rate": Column("seg_ladder_rate", "share"),
        "median_days": Column("seg_ladder_median_days", "days"),
    }


def _say_channels(sec: LadderSection, channels: pd.DataFrame, min_eligible: int) -> None:
    """Best and worst channel at the step after F2 (F2 -> F3), among channels with enough
    eligible customers."""
    step = channels[(channels["n"] == 2) & (channels["eligible"] >= min_eligible)]
    step = step.dropna(subset=["rate"]).sort_values("rate")
    if len(step) < 2:
        return
    best, worst = step.iloc[-1], step.iloc[0]
    sec.say(
        "seg_ladder_channel_text",
        best=Code(CHANNEL_PREFIX, best["acquisition_channel"]),
        best_rate=best["rate"],
        worst=Code(CHANNEL_PREFIX, worst["acquisition_channel"]),
        worst_rate=worst["rate"],
        min_eligible=min_eligible,
    )


# ---------------------------------------------------------------- segment history


@dataclass(kw_only=True)
class HistorySection(Section):
    history: pd.DataFrame  # per customer: current, previous segment and cell, change dates
    dates: list[dt.date]  # the snapshot dates (month ends, then the observation end)


def segment_changes(ds: Dataset, params: SegmentsParams) -> HistorySection:
    """Each customer's RFM segment (fixed cut-offs) and CPM cell at the last
    ``history_months`` month ends, reduced to the current and previous one and the date of
    the last change (joined into the ``customer_segments`` artifact by
    :func:`~crm_lib.segments.report.customer_table`); how many changed at the last
    snapshot."""
    months = params.history_months
    history = segment_history(ds, RfmCutoffs.of(params), CpmThresholds.of(params), months=months)
    dates = snapshot_dates(ds.observation_end, months)
    sec = HistorySection(heading="seg_history_heading", history=history, dates=dates)
    last = pd.Timestamp(dates[-1])
    segment = history["segment_changed_on"] == last
    cell = history["cpm_cell_changed_on"] == last
    sec.say(
        "seg_history_text",
        first=dates[0],
        months=len(dates),
        since=dates[-2] if len(dates) > 1 else dates[0],
        end=dates[-1],
        segment=int(segment.sum()),
        cell=int(cell.sum()),
    )
    moved = history[cell & history["cpm_cell_previous"].ne(NOT_YET)]
    if not moved.empty:
        sizes = moved.groupby(["cpm_cell_previous", "cpm_cell"]).size()
        source, target = sizes.idxmax()
        sec.say(
            "seg_history_top_move",
            source=Code(CELL_PREFIX, source),
            target=Code(CELL_PREFIX, target),
            customers=int(sizes.max()),
        )
    sec.metrics = {
        m.HISTORY_SEGMENT_CHANGED: int(segment.sum()),
        m.HISTORY_CELL_CHANGED: int(cell.sum()),
    }
    return sec


HISTORY_COLUMNS = (
    "segment_previous",
    "segment_changed_on",
    "cpm_cell",
    "cpm_cell_previous",
    "cpm_cell_changed_on",
)
