"""The LTV report, section by section: dataset in, :class:`Section` out.

Each function computes its figures (:mod:`crm_lib.ltv.analysis` and the models), picks the
values its sentences cite, declares its metrics (:mod:`crm_lib.metrics.ltv`) and
artifacts. The notebook ``20_ltv`` shows, says and records them. The sections build on one
another: :func:`calibration` gives the summary the models are fitted on (:func:`models`),
which :func:`holdout` and :func:`alive` check; :func:`value` refits on all data and gives
the CLV that :func:`top_customers`, :func:`by_channel` and :func:`by_rank_and_segment`
break down; :func:`subscriptions` stands alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib import artifacts
from crm_lib.config import PeriodConfig
from crm_lib.dataset import Dataset
from crm_lib.ltv.analysis import (
    PlanRetention,
    customer_values,
    default_calibration_end,
    fit_models,
    parameter_table,
    plan_retention,
    top_share,
    value_by,
)
from crm_lib.ltv.base import UniqueHistories
from crm_lib.ltv.summary import rfm_summary
from crm_lib.ltv.value import bootstrap_total, compare_models, holdout_by_frequency
from crm_lib.metrics import ltv as m
from crm_lib.money import Amount
from crm_lib.params import Business, LtvParams
from crm_lib.section import Code, Column, Label, Section, Table
from crm_lib.segments import membership_ranks, rfm_scores

COUNT_MODELS = ("bgnbd", "pareto_nbd")  # the purchase-count models checked on the holdout
CHANNEL_LABELS = "jny_acq_"  # label prefix of acquisition channels (else the code itself)
SEGMENT_LABELS = "seg_name_"  # label prefix of RFM segments
LAPSED_BELOW = 0.5  # P(alive) under which a repeat customer has probably lapsed
TOP_COHORTS = 12  # latest start-month cohorts listed per subscription plan


@dataclass(kw_only=True)
class CalibrationSection(Section):
    summary: pd.DataFrame  # per customer: frequency, recency, T, monetary_value, holdout
    calibration_end: dt.date
    time_unit: str  # D | W
    duration: float  # length of the holdout, in model time units


def calibration(ds: Dataset, period: PeriodConfig) -> CalibrationSection:
    """Who the models learn from (first purchase by the calibration end) and the holdout
    they are checked on (to the observation end)."""
    end = default_calibration_end(ds.observation_end, period.calibration_end)
    summary = rfm_summary(ds, end, ds.observation_end, period.time_unit)
    duration = float(summary["duration_holdout"].iloc[0])
    sec = CalibrationSection(
        heading="ltv_data",
        summary=summary,
        calibration_end=end,
        time_unit=period.time_unit,
        duration=duration,
    )
    sec.say(
        "ltv_data_text",
        calibration_end=end,
        customers=len(summary),
        holdout=duration,
        unit=Label(f"unit_{period.time_unit}"),
    )
    sec.metrics = {
        m.CUSTOMERS: len(summary),
        m.TIME_UNIT: period.time_unit,
        m.CALIBRATION_END: end,
        m.HISTORIES: UniqueHistories.of(summary).counts.size,
    }
    return sec


@dataclass(kw_only=True)
class ModelsSection(Section):
    models: dict  # bgnbd, pareto_nbd (purchase counts), gamma_gamma (spend): fitted
    parameters: pd.DataFrame  # model, parameter, estimate, se


def models(cal: CalibrationSection) -> ModelsSection:
    """BG/NBD, Pareto/NBD and Gamma-Gamma on the calibration summary, with standard
    errors, and the frequency-spend correlation Gamma-Gamma assumes near zero."""
    fitted = fit_models(cal.summary)
    table = parameter_table(fitted)
    sec = ModelsSection(heading="ltv_models", models=fitted, parameters=table)
    sec.tables["parameters"] = Table(
        table,
        {
            "model": Column("ltv_model", "code:ltv_model_"),
            "parameter": Column("ltv_parameter"),
            "estimate": Column("ltv_estimate", "number4"),
            "se": Column("ltv_se", "number4"),
        },
    )
    corr = fitted["gamma_gamma"].frequency_monetary_correlation_
    sec.say("ltv_se_note")
    sec.say("ltv_correlation", corr=corr)
    sec.metrics = {
        metric: fitted[name].params_[key]
        for name, by_key in m.MODEL_PARAMETERS.items()
        for key, metric in by_key.items()
    }
    sec.metrics[m.STANDARD_ERRORS] = {
        name: model.standard_errors_ for name, model in fitted.items()
    }
    sec.metrics[m.FREQUENCY_MONETARY_CORRELATION] = corr
    return sec


@dataclass(kw_only=True)
class HoldoutSection(Section):
    comparison: pd.DataFrame  # per model: log-likelihood, totals, errors
    by_frequency: pd.DataFrame  # mean actual and predicted by calibration frequency
    models: tuple[str, ...]  # the purchase-count models compared
    interval: dict  # bootstrap interval on BG/NBD's total (see bootstrap_total)


def holdout(cal: CalibrationSection, fits: ModelsSection, params: LtvParams) -> HoldoutSection:
    """Predicted vs actual repeat purchases in the holdout, in total (with a bootstrap
    interval for BG/NBD) and by calibration frequency."""
    counts = {name: fits.models[name] for name in COUNT_MODELS}
    comparison = compare_models(counts, cal.summary)
    interval = bootstrap_total(counts["bgnbd"], cal.summary, cal.duration, n_boot=params.n_boot)
    bg = comparison.set_index("model").loc["bgnbd"]
    sec = HoldoutSection(
        heading="ltv_holdout",
        comparison=comparison,
        by_frequency=holdout_by_frequency(counts, cal.summary),
        models=COUNT_MODELS,
        interval=interval,
    )
    sec.say(
        "ltv_holdout_text",
        actual=bg["actual_total"],
        predicted=bg["predicted_total"],
        level=interval["level"],
        low=interval["low"],
        high=interval["high"],
        error=bg["error_total_pct"],
    )
    sec.say("ltv_interval_note", n_boot=interval["n_boot"])
    sec.tables["comparison"] = Table(
        comparison,
        {
            "model": Column("ltv_model", "code:ltv_model_"),
            "log_likelihood": Column("ltv_log_likelihood", "number1"),
            "predicted_total": Column("ltv_predicted_total", "count"),
            "actual_total": Column("ltv_actual_total", "count"),
            "error_total_pct": Column("ltv_error_pct", "signed1"),
            "mae": Column("ltv_mae", "number3"),
        },
    )
    sec.metrics = {
        m.HOLDOUT_ACTUAL: float(bg["actual_total"]),
        m.HOLDOUT_PREDICTED: dict(
            zip(comparison["model"], comparison["predicted_total"], strict=True)
        ),
        m.HOLDOUT_DURATION: cal.duration,
    }
    sec.metrics |= {metric: interval[key] for key, metric in m.HOLDOUT_INTERVAL.items()}
    return sec


@dataclass(kw_only=True)
class AliveSection(Section):
    p_alive: np.ndarray  # BG/NBD P(alive) of the repeat customers at the calibration end


def alive(cal: CalibrationSection, fits: ModelsSection) -> AliveSection:
    """P(alive) of repeat customers (BG/NBD deems one-time buyers alive by construction)
    and the share of them that have probably lapsed."""
    p_alive = fits.models["bgnbd"].p_alive(cal.summary)
    repeat = (cal.summary["frequency"] > 0).to_numpy()
    lapsed = float((p_alive[repeat] < LAPSED_BELOW).mean()) if repeat.any() else 0.0
    sec = AliveSection(heading="ltv_alive", p_alive=p_alive[repeat])
    sec.say("ltv_alive_text", share=lapsed)
    sec.metrics = {m.REPEAT_CUSTOMERS_LAPSED_SHARE: lapsed}
    return sec


@dataclass(kw_only=True)
class ValueSection(Section):
    values: pd.DataFrame  # per customer: model inputs, P(alive), expected purchases, CLV


def value(ds: Dataset, time_unit: str, params: LtvParams, business: Business) -> ValueSection:
    """CLV of every customer from the models refitted on all data to the observation end
    (:func:`~crm_lib.ltv.analysis.customer_values`): total, mean, top-20 % share; whether
    it is revenue or gross margin (``business.gross_margin``)."""
    values = customer_values(
        ds,
        ds.observation_end,
        time_unit,
        horizon_weeks=params.horizon,
        discount_rate_monthly=params.discount_rate,
        gross_margin=business.gross_margin,
    )
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
    if business.gross_margin == 1:
        sec.say("ltv_clv_is_revenue")
    else:
        sec.say("ltv_clv_is_margin", margin=business.gross_margin)
    sec.say("ltv_refit_note", end=ds.observation_end)
    sec.metrics = {
        m.CLV_TOTAL: clv.sum(),
        m.CLV_MEAN: clv.mean(),
        m.CLV_TOP20_SHARE: share,
        m.CLV_HORIZON_WEEKS: params.horizon,
        m.CLV_DISCOUNT_RATE: params.discount_rate,
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
            plan=plan.plan,
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
                "plan": Column("ltv_plan"),
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
