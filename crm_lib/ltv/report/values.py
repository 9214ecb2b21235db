"""Customer lifetime value: per customer with its intervals and next-order date, the top
customers, and CLV by acquisition channel, membership rank and RFM segment."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from crm_lib import artifacts
from crm_lib.dataset import Dataset
from crm_lib.ltv import diagnostics as dg
from crm_lib.ltv import predictive as _predictive
from crm_lib.ltv.analysis import (
    top_share,
    value_by,
    value_customers,
)
from crm_lib.ltv.report.spend import clv_basis, clv_basis_metrics, say_clv_basis
from crm_lib.metrics import ltv as m
from crm_lib.money import Amount
from crm_lib.params import Business, LtvParams
from crm_lib.section import Code, Column, Section, Table
from crm_lib.segments import membership_ranks, rfm_scores

CHANNEL_LABELS = "jny_acq_"  # label prefix of acquisition channels (else the code itself)
SEGMENT_LABELS = "seg_name_"  # label prefix of RFM segments


@dataclass(kw_only=True)
class ValueSection(Section):
    values: pd.DataFrame  # per customer: model inputs, P(alive), expected purchases, CLV


def value(
    ds: Dataset,
    time_unit: str,
    params: LtvParams,
    business: Business,
    *,
    model: str | None = None,
    spend_model: str | None = None,
) -> ValueSection:
    """CLV of every customer from the models refitted on all data to the observation end
    (:func:`~crm_lib.ltv.analysis.value_customers`; ``model`` and ``spend_model``: the
    ones the page chose on the calibration split): total, mean, top-20 % share; what the
    amounts count (``params.clv_basis``); per customer the CLV's interval from parameter
    uncertainty, the predictive interval of orders, the expected next-order date and the
    net revenue to date (artifact ``customer_ltv``)."""
    end = ds.observation_end
    basis, refunded = clv_basis(ds, params, business)
    fitted = value_customers(
        ds, end, time_unit, horizon_weeks=params.horizon,
        discount_rate_monthly=params.discount_rate, gross_margin=business.gross_margin,
        spend_model=spend_model, basis=basis, model=model, business=business,
    )  # fmt: skip
    values = fitted.frame
    intervals = clv_intervals(
        fitted.counts, fitted.summary, values["clv_purchases"].reindex(fitted.summary.index),
        time_unit, params,
    )  # fmt: skip
    for bound in ("clv_low", "clv_high"):  # the sBG's value of deliveries at its estimate
        intervals[bound] += values["delivery_value"].reindex(intervals.index)
    nxt = dg.expected_next_order(fitted.counts, fitted.summary, end, time_unit)
    values = values.join(intervals).join(nxt[["next_order_days_if_alive", "next_order_date"]])
    history = dg.historic_revenue(ds, end).reindex(values.index).fillna(0.0)
    values["historic_revenue"] = history
    clv = values["clv"]
    share = top_share(clv)
    sec = ValueSection(heading="ltv_value", values=values)
    sec.say(
        "ltv_value_text",
        horizon=params.horizon,
        total=Amount(clv.sum()),
        mean=Amount(clv.mean()),
        rate=params.discount_rate,
        top_share=share,
    )
    if fitted.split is not None and clv.sum():
        deliveries = float(values["delivery_value"].sum())
        sec.say("ltv_value_deliveries", value=Amount(deliveries), share=deliveries / clv.sum(),
                subscribers=int(values["running_subscription"].sum()))  # fmt: skip
        sec.metrics[m.CLV_DELIVERIES_SHARE] = deliveries / float(clv.sum())
    say_clv_basis(sec, basis, refunded, business)
    sec.say("ltv_refit_note", end=end)
    say_clv_intervals(sec, params)
    sec.metrics |= {
        m.CLV_TOTAL: clv.sum(),
        m.CLV_MEAN: clv.mean(),
        m.CLV_TOP20_SHARE: share,
        m.CLV_HORIZON_WEEKS: params.horizon,
        m.CLV_DISCOUNT_RATE: params.discount_rate,
        m.VALUE_COUNT_PARAMS: fitted.counts.params_,
        **clv_basis_metrics(basis, refunded),
    }
    sec.artifacts[artifacts.CUSTOMER_LTV] = values.reset_index()
    return sec


def top_customers(val: ValueSection, params: LtvParams) -> Section:
    """The ``params.top_n`` customers with the highest CLV."""
    top = val.values.head(params.top_n).reset_index()
    sec = Section(heading="ltv_top")
    sec.tables["top"] = Table(
        top,
        {
            "customer_id": Column("customer_id"),
            "frequency": Column("ltv_frequency", "count"),
            "p_alive": Column("ltv_p_alive", "percent"),
            "expected_purchases": Column("ltv_expected_purchases", "number2"),
            "expected_value": Column("ltv_expected_value", "money"),
            "clv": Column("ltv_clv", "money"),
        },
    )
    return sec


@dataclass(kw_only=True)
class ChannelSection(Section):
    by_channel: pd.DataFrame | None  # group (channel), customers, mean_clv; None: no table
    label_prefix: str = CHANNEL_LABELS  # labels of the channel codes


def by_channel(ds: Dataset, val: ValueSection) -> ChannelSection:
    """Mean CLV per acquisition channel (customers table), the best and the worst named."""
    if not ds.has("customers"):
        sec = ChannelSection(by_channel=None)
        sec.say("ltv_no_customers")
        return sec
    channels = ds.table("customers").set_index("customer_id")["acquisition_channel"]
    table = value_by(val.values, channels)
    sec = ChannelSection(by_channel=table)
    best, worst = table.iloc[0], table.iloc[-1]
    sec.say(
        "ltv_by_channel_text",
        best=Code(CHANNEL_LABELS, best["group"]),
        best_value=Amount(best["mean_clv"]),
        worst=Code(CHANNEL_LABELS, worst["group"]),
        worst_value=Amount(worst["mean_clv"]),
    )
    sec.metrics = {m.CLV_BY_CHANNEL: dict(zip(table["group"], table["mean_clv"], strict=True))}
    return sec


@dataclass(kw_only=True)
class RankSegmentSection(Section):
    by_rank: pd.DataFrame  # group (rank, highest first), customers, mean_clv
    by_segment: pd.DataFrame  # group (RFM segment code, highest mean first), customers, mean_clv
    segment_prefix: str = SEGMENT_LABELS  # labels of the segment codes


def by_rank_and_segment(ds: Dataset, val: ValueSection, business: Business) -> RankSegmentSection:
    """Mean CLV per membership rank (``business.rank_tiers`` over
    ``business.rank_window_months``) and per RFM segment; the top rank against the mean."""
    tiers = business.rank_tiers
    ranks = membership_ranks(ds, tiers, window_months=business.rank_window_months)
    order = sorted(tiers, key=lambda name: -tiers[name])  # highest minimum spend first
    by_rank = value_by(val.values, ranks.set_index("customer_id")["rank"], order)
    segments = rfm_scores(ds).set_index("customer_id")["segment"]
    by_segment = value_by(val.values, segments)
    sec = RankSegmentSection(by_rank=by_rank, by_segment=by_segment)
    top = by_rank.iloc[0]
    sec.say(
        "ltv_by_rank_text",
        rank=top["group"],
        value=Amount(top["mean_clv"]),
        ratio=top["mean_clv"] / val.values["clv"].mean(),
    )
    sec.metrics = {
        m.CLV_BY_RANK: dict(zip(by_rank["group"], by_rank["mean_clv"], strict=True)),
        m.CLV_BY_SEGMENT: dict(zip(by_segment["group"], by_segment["mean_clv"], strict=True)),
    }
    return sec


def clv_intervals(
    model, summary: pd.DataFrame, clv: pd.Series, time_unit: str, params: LtvParams
) -> pd.DataFrame:
    """Per customer (``summary``'s index), for the customer artifact: ``clv_low``,
    ``clv_high`` (the interval of ``clv`` — per customer id, as the page shows it — from
    ``model``'s parameter uncertainty, spend per order held fixed) and ``orders_low``,
    ``orders_high`` (prediction interval of the orders in the horizon); ``model`` is the
    purchase-count model the CLV came from, fitted on ``summary``. See
    :func:`crm_lib.ltv.predictive.customer_intervals`."""
    return _predictive.customer_intervals(
        model, summary, clv=clv.reindex(summary.index).to_numpy(), time_unit=time_unit,
        horizon_weeks=params.horizon, discount_rate_monthly=params.discount_rate,
        draws=params.interval_draws, level=params.interval_level, n_boot=params.n_boot,
    )  # fmt: skip


def say_clv_intervals(sec: Section, params: LtvParams) -> None:
    """What the per-customer intervals cover, into ``sec`` (the value section)."""
    sec.say("ltv_clv_interval_note", level=params.interval_level)
