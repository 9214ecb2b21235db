"""Subscriptions (定期): sBG retention per plan, retention by delivery count (回数別継続率),
conversion from a first order to a subscription (引き上げ率), time-series LTV (累積LTV) and
the acquisition cost it supports (限界CPO)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib import section as _section
from crm_lib.dataset import Dataset
from crm_lib.ltv import cohort_value as _cohort_value
from crm_lib.ltv import teiki as _teiki
from crm_lib.ltv.analysis import (
    PlanRetention,
    plan_retention,
)
from crm_lib.ltv.report.values import CHANNEL_LABELS
from crm_lib.metrics import ltv as m
from crm_lib.money import Amount
from crm_lib.params import Business, LtvParams
from crm_lib.section import Code, Column, Label, Section, Table

TOP_COHORTS = 12  # latest start-month cohorts listed per subscription plan


@dataclass(kw_only=True)
class SubscriptionsSection(Section):
    plans: list[PlanRetention]  # per plan: sBG fit, observed survival, cohorts
    retention: pd.DataFrame  # plan, renewal, observed (share still subscribed), projected


def _retention_curves(plans: list[PlanRetention]) -> pd.DataFrame:
    """Observed and sBG-projected share still subscribed by renewal, per plan; projected
    at least 24 renewals and 6 beyond the last observed."""
    frames = []
    for plan in plans:  # one per subscription plan (a few)
        periods = max(24, len(plan.observed) + 6)
        curve = pd.DataFrame({"renewal": np.arange(periods + 1)})
        curve["observed"] = curve["renewal"].map(plan.observed)
        curve["projected"] = plan.fit.survival(periods)
        frames.append(curve.assign(plan=plan.plan))
    columns = ["plan", "renewal", "observed", "projected"]
    return (
        pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    )


def subscriptions(ds: Dataset, params: LtvParams, business: Business) -> SubscriptionsSection:
    """sBG retention per subscription plan, each on its renewal period
    (``business.renewal_days``): mean cancellation per renewal, share reaching the 12th
    renewal, and the expected further (discounted) renewals of each start-month cohort."""
    if not ds.has("subscriptions"):
        sec = SubscriptionsSection(
            heading="ltv_subscriptions", plans=[], retention=_retention_curves([])
        )
        sec.say("ltv_no_subscriptions")
        return sec
    plans = plan_retention(
        ds.table("subscriptions"), ds.observation_end, business.renewal_days, params.discount_rate
    )
    sec = SubscriptionsSection(
        heading="ltv_subscriptions", plans=plans, retention=_retention_curves(plans)
    )
    for plan in plans:
        sec.say(
            "ltv_sbg_text",
            plan=Code(PLAN_LABELS, plan.plan),
            days=plan.period_days,
            subscribers=plan.subscriptions,
            mean_churn=plan.fit.mean_churn_,
            alpha=plan.fit.alpha_,
            beta=plan.fit.beta_,
            s12=plan.fit.survival(12)[12],
        )
    if plans:
        cohorts = pd.concat(
            [p.cohorts.tail(TOP_COHORTS).assign(plan=p.plan) for p in plans], ignore_index=True
        )
        sec.tables["cohorts"] = Table(
            cohorts,
            {
                "plan": Column("ltv_plan", f"code:{PLAN_LABELS}"),
                "cohort": Column("ltv_cohort", "month"),
                "started": Column("ltv_cohort_size", "count"),
                "active": Column("ltv_active", "count"),
                "remaining": Column("ltv_remaining", "number1"),
            },
        )
        sec.say("ltv_remaining_note")
    else:
        sec.say("ltv_sbg_none")
    sec.metrics = {
        m.SBG: {
            p.plan: {"alpha": p.fit.alpha_, "beta": p.fit.beta_, "subscriptions": p.subscriptions}
            for p in plans
        }
    }
    return sec


# Japanese subscription (定期) practice: retention by delivery count, conversion to a
# subscription, time-series LTV and the acquisition cost it supports. Each section stands
# alone on the dataset except max_cpo, which reads the cumulative_ltv section.


PLAN_LABELS = "ltv_plan_"  # label prefix of subscription plans (else the plan itself)
CATEGORY_LABELS = "ltv_category_"  # label prefix of product categories
FOCUS_DELIVERY = 3  # deliveries 1-3 are where most 定期 customers leave: named per plan
NAMED_MIN_CUSTOMERS = 30  # a group needs this many customers to be named highest or lowest
TEIKI_LEVEL = 0.95  # level of the upgrade-rate, cumulative-value and CPO intervals


def _group_cell(prefix: str, group) -> Code | Label:
    """A group as a table cell or cited value: its code, or "all customers"."""
    return Label("ltv_all_customers") if pd.isna(group) else Code(prefix, group)


def _interval_sentence(best: pd.Series, worst: pd.Series) -> str:
    """Whether the intervals of the highest and lowest group overlap (label key)."""
    return "ltv_intervals_separate" if best["low"] > worst["high"] else "ltv_intervals_overlap"


def _named(table: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series] | None:
    """Highest and lowest group by ``column`` among groups (all customers and customers
    without a group excluded) with at least :data:`NAMED_MIN_CUSTOMERS` customers; None
    when fewer than two."""
    known = table["group"].notna() & table["group"].ne(_teiki.NO_PLAN)  # "—": no group
    big = table[known & (table["customers"] >= NAMED_MIN_CUSTOMERS)]
    big = big.dropna(subset=[column]).sort_values(column, ascending=False, kind="stable")
    return (big.iloc[0], big.iloc[-1]) if len(big) >= 2 else None


def _say_plan_drops(sec: Section, plan: str, by_k: pd.DataFrame) -> None:
    """The drops 1 -> 2 and 2 -> 3 of one plan (``by_k``: its rows by delivery), and the
    largest drop shown; or that the plan is too recent to tell."""
    focus = by_k.loc[FOCUS_DELIVERY]
    if focus["eligible"] == 0 or pd.isna(by_k.loc[2, "step"]) or pd.isna(focus["step"]):
        sec.say("ltv_teiki_too_recent", plan=Code(PLAN_LABELS, plan), k=FOCUS_DELIVERY)
        return
    sec.say(
        "ltv_teiki_drop_text",
        plan=Code(PLAN_LABELS, plan),
        days=int(focus["period_days"]),
        started=int(focus["started"]),
        drop12=1 - by_k.loc[2, "step"],
        drop23=1 - focus["step"],
        share3=focus["share"],
        n2=int(by_k.loc[2, "eligible"]),
        n3=int(focus["eligible"]),
    )
    steps = by_k["step"].dropna()
    worst = int(steps.idxmin())
    sec.say(
        "ltv_teiki_largest_drop",
        plan=Code(PLAN_LABELS, plan),
        previous=worst - 1,
        k=worst,
        drop=1 - steps[worst],
    )


@dataclass(kw_only=True)
class DeliveryRetentionSection(Section):
    retention: pd.DataFrame  # plan, delivery, period_days, started, eligible, censored,
    # reached, share (of eligible), step (from the previous delivery); empty: no data
    plan_prefix: str = PLAN_LABELS


def teiki_retention(ds: Dataset, params: LtvParams, business: Business) -> DeliveryRetentionSection:
    """回数別継続率: per plan, the share of subscriptions started that received their
    2nd, 3rd, ... delivery (:func:`crm_lib.ltv.teiki.delivery_retention`, right-censored),
    the drop between deliveries 1 -> 2 and 2 -> 3 named, and the largest drop shown."""
    empty = pd.DataFrame(
        columns=["plan", "delivery", "period_days", "started", "eligible", "censored",
                 "reached", "share", "step"]
    )  # fmt: skip
    sec = DeliveryRetentionSection(heading="ltv_teiki_retention", retention=empty)
    channel = business.subscription_channel
    sec.metrics = {m.TEIKI_RETENTION: {}, m.TEIKI_STEP_RETENTION: {}}
    if not ds.has("subscriptions"):
        sec.say("ltv_no_subscriptions")
        return sec
    if _teiki.subscription_delivery_rows(ds, channel) == 0:
        sec.say("ltv_teiki_no_deliveries", channel=channel)
        return sec
    table = _teiki.delivery_retention(
        ds,
        business.renewal_days,
        deliveries=params.teiki_deliveries,
        grace_days=params.delivery_grace_days,
        channel=channel,
    )
    sec.retention = table
    for plan, rows in table.groupby("plan", sort=False):  # a few plans
        _say_plan_drops(sec, plan, rows.set_index("delivery"))
    at_focus = table[table["delivery"] == FOCUS_DELIVERY]
    sec.say(
        "ltv_teiki_censoring_note",
        grace=params.delivery_grace_days,
        censored=int(at_focus["censored"].sum()),
        k=FOCUS_DELIVERY,
        channel=channel,
    )
    shown = table.assign(plan=[Code(PLAN_LABELS, p) for p in table["plan"]])
    sec.tables["retention"] = Table(
        shown,
        {
            "plan": Column("ltv_plan"),
            "delivery": Column("ltv_delivery", "count"),
            "started": Column("ltv_cohort_size", "count"),
            "eligible": Column("ltv_eligible", "count"),
            "censored": Column("ltv_censored", "count"),
            "reached": Column("ltv_reached", "count"),
            "share": Column("ltv_retention_share", "share"),
            "step": Column("ltv_step_retention", "share"),
        },
    )
    later = table[table["delivery"] >= 2]
    for metric, column in ((m.TEIKI_RETENTION, "share"), (m.TEIKI_STEP_RETENTION, "step")):
        sec.metrics[metric] = {
            plan: {str(k): v for k, v in zip(rows["delivery"], rows[column], strict=True)}
            for plan, rows in later.groupby("plan", sort=False)
        }
    return sec


@dataclass(kw_only=True)
class UpgradeSection(Section):
    overall: pd.DataFrame  # one row: customers, converted, rate, low, high (Wilson)
    by_channel: pd.DataFrame | None  # group (acquisition channel), the same columns
    by_category: pd.DataFrame | None  # group (first-order category), the same columns
    label_prefix: str = CHANNEL_LABELS
    category_prefix: str = CATEGORY_LABELS


def _upgrade_table(table: pd.DataFrame, group_label: str, prefix: str) -> Table:
    shown = table.assign(group=[_group_cell(prefix, g) for g in table["group"]])
    return Table(
        shown,
        {
            "group": Column(group_label),
            "customers": Column("customers", "count"),
            "converted": Column("ltv_converted", "count"),
            "rate": Column("ltv_upgrade_rate", "share"),
            "low": Column("ltv_interval_low", "share"),
            "high": Column("ltv_interval_high", "share"),
        },
    )


def _say_upgrade_by(sec: Section, table: pd.DataFrame, group: str, prefix: str) -> None:
    named = _named(table, "rate")
    if named is None:
        return
    best, worst = named
    sec.say(
        "ltv_upgrade_by_text",
        group=Label(group),
        best=Code(prefix, best["group"]),
        best_rate=best["rate"],
        best_low=best["low"],
        best_high=best["high"],
        worst=Code(prefix, worst["group"]),
        worst_rate=worst["rate"],
        worst_low=worst["low"],
        worst_high=worst["high"],
    )
    sec.say(_interval_sentence(best, worst))


def teiki_upgrade(ds: Dataset, params: LtvParams, business: Business) -> UpgradeSection:
    """引き上げ率: the share of customers whose first order was a trial or one-off purchase
    who started a subscription within ``params.upgrade_within_days`` days, overall, by
    acquisition channel (customers table) and by first-order category, with Wilson
    intervals (:func:`crm_lib.ltv.teiki.upgrade_rates`)."""
    days, channel = params.upgrade_within_days, business.subscription_channel
    sec = UpgradeSection(heading="ltv_upgrade", overall=pd.DataFrame(), by_channel=None,
                         by_category=None)  # fmt: skip
    sec.metrics = {m.TEIKI_UPGRADE_RATE: None, m.TEIKI_UPGRADE_WITHIN_DAYS: days,
                   m.TEIKI_UPGRADE_BY_CHANNEL: {}}  # fmt: skip
    if not ds.has("subscriptions"):
        sec.say("ltv_upgrade_no_subscriptions")
        return sec
    rates = _teiki.upgrade_rates
    overall = rates(ds, days, channel=channel, level=TEIKI_LEVEL)
    sec.overall = overall
    if overall.empty or overall["customers"].sum() == 0:
        sec.say("ltv_upgrade_none", days=days)
        return sec
    row = overall.iloc[0]
    sec.say(
        "ltv_upgrade_text",
        customers=int(row["customers"]),
        converted=int(row["converted"]),
        rate=row["rate"],
        days=days,
        low=row["low"],
        high=row["high"],
    )
    sec.say("ltv_upgrade_definition", days=days, recent=int(row["too_recent"]))
    sec.metrics[m.TEIKI_UPGRADE_RATE] = float(row["rate"])
    if ds.has("customers"):
        sec.by_channel = rates(ds, days, by="acquisition_channel", channel=channel,
                               level=TEIKI_LEVEL)  # fmt: skip
        sec.tables["by_channel"] = _upgrade_table(
            sec.by_channel, "ltv_acquisition_channel_col", CHANNEL_LABELS
        )
        _say_upgrade_by(sec, sec.by_channel, "acquisition_channel", CHANNEL_LABELS)
        sec.metrics[m.TEIKI_UPGRADE_BY_CHANNEL] = dict(
            zip(sec.by_channel["group"], sec.by_channel["rate"], strict=True)
        )
    else:
        sec.say("ltv_upgrade_no_customers")
    by_category = rates(ds, days, by="first_category", channel=channel, level=TEIKI_LEVEL)
    if by_category["group"].ne(_teiki.NO_PLAN).any():  # the data has categories
        sec.by_category = by_category
        sec.tables["by_category"] = _upgrade_table(
            by_category, "ltv_first_category_col", CATEGORY_LABELS
        )
        _say_upgrade_by(sec, by_category, "ltv_first_category", CATEGORY_LABELS)
    return sec


@dataclass(kw_only=True)
class CumulativeLtvSection(Section):
    cumulative: pd.DataFrame  # group (NaN/None: all customers), months, customers, value,
    # low, high; value in the currency (margin when business.gross_margin < 1)
    months: tuple[int, ...]  # horizons asked for (params.cumulative_months and cpo_months)
    gross_margin: float
    label_prefix: str = CHANNEL_LABELS


def cumulative_ltv(ds: Dataset, params: LtvParams, business: Business) -> CumulativeLtvSection:
    """累積LTV: mean net revenue (or margin) per customer by months since acquisition,
    overall and by acquisition channel, each horizon over the customers who reached it
    (:func:`crm_lib.ltv.cohort_value.cumulative_value`)."""
    months = tuple(sorted({*params.cumulative_months, params.cpo_months}))
    table = _cohort_value.cumulative_value(
        ds, months, gross_margin=business.gross_margin, level=TEIKI_LEVEL
    )
    sec = CumulativeLtvSection(
        heading="ltv_cumulative", cumulative=table, months=months,
        gross_margin=business.gross_margin,
    )  # fmt: skip
    overall = table[table["group"].isna()]
    sec.metrics = {
        m.CUMULATIVE_VALUE_OVERALL: {
            str(k): v for k, v in zip(overall["months"], overall["value"], strict=True)
        },
        m.CUMULATIVE_VALUE: {
            group: {str(k): v for k, v in zip(rows["months"], rows["value"], strict=True)}
            for group, rows in table[table["group"].notna()].groupby("group")
        },
    }
    if overall.empty:
        sec.say("ltv_cumulative_none")
        return sec
    values = tuple(
        _section.Sentence("ltv_months_value", {"months": int(k), "value": Amount(v)})
        for k, v in zip(overall["months"], overall["value"], strict=True)
    )
    sec.say("ltv_cumulative_text", values=_section.Items(values))
    if business.gross_margin == 1:
        sec.say("ltv_clv_is_revenue")
    else:
        sec.say("ltv_clv_is_margin", margin=business.gross_margin)
    last = overall.iloc[-1]
    cutoff = pd.Timestamp(ds.observation_end) + pd.Timedelta(days=1)
    sec.say(
        "ltv_cumulative_note",
        months=int(last["months"]),
        customers=int(last["customers"]),
        acquired_by=(cutoff - pd.DateOffset(months=int(last["months"]))).date(),
    )
    unreached = [k for k in months if k not in set(overall["months"])]
    if unreached:
        sec.say("ltv_cumulative_unreached", months=_section.Items(tuple(unreached)))
    if not ds.has("customers"):
        sec.say("ltv_cumulative_no_customers")
    shown = table.assign(group=[_group_cell(CHANNEL_LABELS, g) for g in table["group"]])
    sec.tables["cumulative"] = Table(
        shown,
        {
            "group": Column("ltv_acquisition_channel_col"),
            "months": Column("ltv_months_since", "count"),
            "customers": Column("customers", "count"),
            "value": Column("ltv_cumulative_value", "money"),
            "low": Column("ltv_interval_low", "money"),
            "high": Column("ltv_interval_high", "money"),
        },
    )
    return sec


@dataclass(kw_only=True)
class MaxCpoSection(Section):
    cpo: pd.DataFrame  # group (NaN/None: all), customers, value, max_cpo, low, high
    months: int
    label_prefix: str = CHANNEL_LABELS


def max_cpo(cum: CumulativeLtvSection, params: LtvParams) -> MaxCpoSection:
    """限界CPO: the most each acquisition channel can pay to acquire one customer, from
    the mean value per customer over ``params.cpo_months`` months
    (:func:`crm_lib.ltv.cohort_value.max_cpo`): the break-even CPA, times
    1 - ``params.cpo_profit_share`` when a profit target is set."""
    months, share = params.cpo_months, params.cpo_profit_share
    table = _cohort_value.max_cpo(cum.cumulative, months, share)
    sec = MaxCpoSection(heading="ltv_cpo", cpo=table, months=months)
    channels = table[table["group"].notna()]
    sec.metrics = {
        m.MAX_CPO_MONTHS: months,
        m.MAX_CPO_OVERALL: None,
        m.MAX_CPO: dict(zip(channels["group"], channels["max_cpo"], strict=True)),
    }
    overall = table[table["group"].isna()]
    if overall.empty:
        sec.say("ltv_cpo_none", months=months)
        return sec
    row = overall.iloc[0]
    at = cum.cumulative[cum.cumulative["group"].isna() & (cum.cumulative["months"] == months)]
    basis = Label("ltv_basis_revenue" if cum.gross_margin == 1 else "ltv_basis_margin")
    sec.say(
        "ltv_cpo_text",
        months=months,
        basis=basis,
        value=Amount(row["value"]),
        low=Amount(at["low"].iloc[0]),
        high=Amount(at["high"].iloc[0]),
    )
    if share > 0:
        sec.say("ltv_cpo_target", share=share, value=Amount(row["max_cpo"]))
    sec.metrics[m.MAX_CPO_OVERALL] = float(row["max_cpo"])
    named = _named(table, "max_cpo")
    if named is not None:
        best, worst = named
        sec.say(
            "ltv_cpo_by_channel_text",
            best=Code(CHANNEL_LABELS, best["group"]),
            best_value=Amount(best["max_cpo"]),
            worst=Code(CHANNEL_LABELS, worst["group"]),
            worst_value=Amount(worst["max_cpo"]),
        )
        sec.say(_interval_sentence(best, worst))
    if cum.gross_margin == 1:
        sec.say("ltv_cpo_revenue_warning")
    sec.say("ltv_cpo_note", months=months)
    shown = table.assign(group=[_group_cell(CHANNEL_LABELS, g) for g in table["group"]])
    sec.tables["cpo"] = Table(
        shown,
        {
            "group": Column("ltv_acquisition_channel_col"),
            "customers": Column("customers", "count"),
            "value": Column("ltv_breakeven_value", "money"),
            "max_cpo": Column("ltv_max_cpo", "money"),
            "low": Column("ltv_interval_low", "money"),
            "high": Column("ltv_interval_high", "money"),
        },
    )
    return sec
