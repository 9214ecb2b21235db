"""The LTV report's steps, each one call: fit, check on the holdout, value, retention.

:func:`customer_values` is the one CLV of every report (the churn report's value at risk
calls it with ``params.ltv``'s horizon and discount rate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.config import PeriodConfig
from crm_lib.dataset import Dataset
from crm_lib.ltv.base import PurchaseCountModel
from crm_lib.ltv.choice import COUNT_MODELS, chosen_model, fit_count_models
from crm_lib.ltv.clv_basis import basis_factor, resolve_basis, returns_share
from crm_lib.ltv.deliveries import DeliverySplit, delivery_split
from crm_lib.ltv.gamma_gamma import GammaGammaModel
from crm_lib.ltv.latent_class import LatentClassMBGNBD
from crm_lib.ltv.sbg import ShiftedBetaGeometric, cohort_survival_counts
from crm_lib.ltv.spend import spend_inputs
from crm_lib.ltv.spend_choice import chosen_spend_model, fit_spend_model
from crm_lib.ltv.summary import UNIT_DAYS, rfm_summary
from crm_lib.ltv.value import customer_lifetime_value
from crm_lib.params import Business, LtvParams


def default_calibration_end(observation_end: dt.date, configured: dt.date | None) -> dt.date:
    """The configured calibration end, or 26 weeks before the observation end."""
    return configured or observation_end - dt.timedelta(weeks=26)


def fit_models(summary: pd.DataFrame) -> dict:
    """BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma fitted on one summary, by metric name."""
    return fit_count_models(summary) | {"gamma_gamma": GammaGammaModel().fit(summary)}


def parameter_table(models: dict) -> pd.DataFrame:
    """One row per model parameter: estimate, standard error (NaN when the fit is not
    identified) and ``status``: ``identified`` or the reason it is not (the diagnostics of
    a purchase-count model; for another model, ``not_negative_definite`` when its standard
    errors are NaN)."""
    rows = []
    for name, model in models.items():
        diagnostics = getattr(model, "diagnostics_", None)
        if diagnostics is not None:
            status = diagnostics.reason or "identified"
        else:
            finite = np.isfinite(list(model.standard_errors_.values())).all()
            status = "identified" if finite else "not_negative_definite"
        for key, value in model.params_.items():
            se = model.standard_errors_[key]
            rows.append({"model": name, "parameter": key, "estimate": value, "se": se,
                         "status": status})  # fmt: skip
    return pd.DataFrame(rows)


def count_data(ds: Dataset, as_of: dt.date, business: Business | None) -> Dataset:
    """What the purchase-count and spend models count at ``as_of``: ``ds`` without its
    定期便 deliveries when they are valued by the sBG (:mod:`crm_lib.ltv.deliveries`),
    else ``ds`` (no business given, no subscriptions or no sBG fit)."""
    split = split_at(ds, as_of, business)
    return split.purchases if split is not None else ds


def split_at(ds: Dataset, as_of: dt.date, business: Business | None) -> DeliverySplit | None:
    """The :func:`~crm_lib.ltv.deliveries.delivery_split` of ``ds`` at ``as_of`` by
    ``business.subscription_channel`` and ``renewal_days`` (None without ``business``)."""
    if business is None:
        return None
    return delivery_split(ds, as_of, business.subscription_channel, business.renewal_days)


def default_count_model(ds: Dataset, as_of: dt.date, time_unit: str) -> str:
    """The chosen purchase-count model (:mod:`crm_lib.ltv.choice`) on the default split
    before ``as_of``: calibration to 26 weeks before it, holdout to ``as_of``."""
    calibration_end = default_calibration_end(as_of, None)
    return chosen_model(rfm_summary(ds, calibration_end, as_of, time_unit))


@dataclass(frozen=True)
class RunModels:
    """The purchase-count and spend models of a run, by name, as the LTV page chooses them."""

    count: str  # a name of crm_lib.ltv.choice.COUNT_MODELS
    spend: str  # a name of crm_lib.ltv.spend_choice.SPEND_MODELS


def run_models(
    ds: Dataset, period: PeriodConfig, params: LtvParams, business: Business | None = None
) -> RunModels:
    """The models the LTV page values customers with: ``params.count_model`` and
    ``params.spend_model`` when set, else the ones chosen on the run's calibration split
    (``period.calibration_end``, default 26 weeks before the observation end, and the
    holdout to the observation end), on the purchases they count (:func:`count_data`).
    Other reports (churn's value at risk, the voice report's CLV) pass these to
    :func:`customer_values` so that a customer has one CLV."""
    end = ds.observation_end
    calibration_end = default_calibration_end(end, period.calibration_end)
    ds = count_data(ds, calibration_end, business)
    count = params.count_model
    if count == "auto":
        count = chosen_model(rfm_summary(ds, calibration_end, end, period.time_unit))
    spend = params.spend_model
    if spend == "auto":
        spend = chosen_spend_model(ds, calibration_end, end)
    return RunModels(count, spend)


def refit_model(name: str, params: LtvParams) -> PurchaseCountModel:
    """The unfitted count model ``name`` to refit at other cutoffs (the churn report's
    baselines). The latent-class MBG/NBD keeps the number of classes of the LTV page's fit
    (``params.count_params``, when that fit is of this model): a refit estimates the
    same model, the number of classes being a trait of the customer base that the
    page's fit on all the data chose, rather than choosing it again at every cutoff."""
    model = COUNT_MODELS[name]()
    fitted = params.count_params if name == params.count_model else None
    if fitted and isinstance(model, LatentClassMBGNBD):
        return model.with_params(fitted).fixed()
    return model


@dataclass(frozen=True)
class CustomerValues:
    """The models refitted to ``as_of`` and what they give each customer
    (:func:`value_customers`)."""

    counts: PurchaseCountModel  # the fitted purchase-count model
    summary: pd.DataFrame  # frequency, recency, T, monetary_value per customer (its input)
    split: DeliverySplit | None  # 定期便 deliveries valued by the sBG (None: counted)
    spend_per_order: np.ndarray  # expected value of a purchase on the CLV's basis, per customer
    basis: str  # the resolved CLV basis (crm_lib.ltv.clv_basis)
    frame: pd.DataFrame  # customer_values' table, highest CLV first


def value_customers(
    ds: Dataset,
    as_of: dt.date,
    time_unit: str,
    *,
    horizon_weeks: int,
    discount_rate_monthly: float,
    gross_margin: float = 1.0,
    spend_model: str | None = None,
    basis: str = "auto",
    model: str | None = None,
    business: Business | None = None,
    count_params: dict[str, float] | None = None,
) -> CustomerValues:
    """The fitted models, their inputs and, in ``frame``, per customer (indexed by
    ``customer_id``, highest CLV first), from the purchase-count
    ``model`` (a name of :data:`~crm_lib.ltv.choice.COUNT_MODELS`; None: the chosen one,
    :func:`default_count_model`) and the spend model refitted on all purchases to
    ``as_of``: the model inputs (``frequency``, ``recency``, ``T`` in model time units,
    ``monetary_value``), ``p_alive``, ``expected_purchases`` over the horizon,
    ``expected_value`` (gross spend per purchase) and ``clv``: the discounted value of the
    purchases over ``horizon_weeks`` on ``basis`` (:mod:`crm_lib.ltv.clv_basis`: revenue,
    net_revenue, margin at ``gross_margin``; auto: margin below 1, else net revenue).
    ``spend_model``: a name of :data:`~crm_lib.ltv.spend_choice.SPEND_MODELS`; None: chosen
    on the holdout of the 26 weeks to ``as_of``. Reports pass the choices the LTV page
    shows (:func:`run_models`) so that a customer has one CLV.

    With ``business`` (its ``subscription_channel`` and ``renewal_days``) and subscriptions
    in the data, 定期便 deliveries are not counted as purchases but valued by the sBG
    (:mod:`crm_lib.ltv.deliveries`): ``clv`` is ``clv_purchases`` (the count and spend
    models') plus ``delivery_value`` (running subscriptions, same basis and discounting),
    ``running_subscription`` marks one, ``expected_deliveries`` counts its
    deliveries in the horizon, and ``p_alive`` is 1 for a subscriber (the count model's own
    in ``p_alive_purchases``). A subscriber without an ad-hoc purchase has empty model
    inputs. Without a split those columns hold no subscription (False, 0).

    ``count_params``: ``model``'s parameters at ``as_of`` when already fitted on these data
    (the run's LTV report's, :attr:`~crm_lib.params.LtvParams.count_params`): used instead
    of fitting again (the fit is deterministic: the same values)."""
    split = split_at(ds, as_of, business)
    counted = split.purchases if split is not None else ds
    summary = rfm_summary(counted, as_of, None, time_unit)
    name = default_count_model(counted, as_of, time_unit) if model is None else model
    unfitted = COUNT_MODELS[name]()
    counts = unfitted.with_params(count_params) if count_params else unfitted.fit(summary)
    spend_data = spend_inputs(counted, summary, as_of)
    if spend_model is None:
        spend_model = chosen_spend_model(counted, default_calibration_end(as_of, None), as_of)
    spend = fit_spend_model(spend_model, spend_data)
    horizon = horizon_weeks * 7.0 / UNIT_DAYS[time_unit]  # in model time units
    out = summary[["frequency", "recency", "T", "monetary_value"]].copy()
    out["p_alive"] = counts.p_alive(summary)
    out["expected_purchases"] = counts.expected_purchases(summary, horizon)
    out["expected_value"] = spend.expected_value(spend_data)
    on = resolve_basis(basis, gross_margin)
    factor = basis_factor(on, gross_margin, returns_share(ds, as_of))
    per_order = out["expected_value"].to_numpy() * factor
    out["clv"] = customer_lifetime_value(
        counts, per_order, summary, time_unit=time_unit,
        horizon_weeks=horizon_weeks, discount_rate_monthly=discount_rate_monthly,
    )  # fmt: skip
    out = with_deliveries(out, split, as_of, horizon_weeks * 7.0, discount_rate_monthly, factor)
    return CustomerValues(
        counts=counts, summary=summary, split=split, spend_per_order=per_order, basis=on,
        frame=out.sort_values("clv", ascending=False),
    )  # fmt: skip


def with_deliveries(
    values: pd.DataFrame,
    split: DeliverySplit | None,
    as_of: dt.date,
    horizon_days: float,
    discount_rate_monthly: float,
    factor: float,
) -> pd.DataFrame:
    """``values`` (per customer: p_alive, expected_purchases, clv of the count model) with
    running subscriptions added (:meth:`DeliverySplit.values`, gross value times the basis
    ``factor``): the columns :func:`value_customers` describes."""
    out = values.rename(columns={"clv": "clv_purchases", "p_alive": "p_alive_purchases"})
    if split is not None:
        subs = split.values(as_of, horizon_days=horizon_days,
                            discount_rate_monthly=discount_rate_monthly)  # fmt: skip
        out = out.join(subs, how="outer")
        out["delivery_value"] = out["delivery_value"] * factor
    subscribed = out.get("running_subscription", pd.Series(False, index=out.index))
    out["running_subscription"] = subscribed.fillna(False).astype(bool)
    for column in ("expected_deliveries", "delivery_value"):
        out[column] = out.get(column, pd.Series(0.0, index=out.index)).fillna(0.0)
    out["expected_purchases"] = out["expected_purchases"].fillna(0.0)
    out["clv_purchases"] = out["clv_purchases"].fillna(0.0)
    out["p_alive"] = out["p_alive_purchases"].where(~out["running_subscription"], 1.0)
    out["clv"] = out["clv_purchases"] + out["delivery_value"]
    return out


def customer_values(ds: Dataset, as_of: dt.date, time_unit: str, **options) -> pd.DataFrame:
    """The per-customer table of :func:`value_customers` (same ``options``): the one CLV of
    every report."""
    return value_customers(ds, as_of, time_unit, **options).frame


def page_values(
    ds: Dataset,
    period: PeriodConfig,
    ltv: LtvParams,
    business: Business,
    *,
    horizon_weeks: int | None = None,
) -> pd.DataFrame:
    """:func:`customer_values` at the observation end exactly as the LTV page values every
    customer: its models (:func:`run_models`), basis, discount rate and gross margin, over
    ``horizon_weeks`` (default ``ltv.horizon``). What other reports cite as a customer's
    CLV."""
    chosen = run_models(ds, period, ltv, business)
    return customer_values(
        ds, ds.observation_end, period.time_unit, horizon_weeks=horizon_weeks or ltv.horizon,
        discount_rate_monthly=ltv.discount_rate, gross_margin=business.gross_margin,
        model=chosen.count, spend_model=chosen.spend, basis=ltv.clv_basis, business=business,
        count_params=ltv.count_params if chosen.count == ltv.count_model else None,
    )  # fmt: skip


def top_share(values: pd.Series, share: float = 0.2) -> float:
    """Share of the total held by the top ``share`` of customers."""
    ordered = np.sort(values.to_numpy())[::-1]
    top = max(1, int(round(share * len(ordered))))
    return float(ordered[:top].sum() / ordered.sum()) if ordered.sum() else 0.0


NO_GROUP = "—"  # customers without a group (no channel recorded, no rank)


def value_by(
    values: pd.DataFrame, groups: pd.Series, order: list[str] | None = None
) -> pd.DataFrame:
    """Customers and mean CLV per group (e.g. acquisition channel): highest mean first,
    or in ``order`` (groups not in it last). Customers without a group: :data:`NO_GROUP`."""
    joined = values[["clv"]].join(groups.rename("group"), how="left")
    joined["group"] = joined["group"].fillna(NO_GROUP)
    table = joined.groupby("group")["clv"].agg(customers="size", mean_clv="mean")
    table = table.sort_values("mean_clv", ascending=False).reset_index()
    if order is not None:
        position = {name: i for i, name in enumerate(order)}
        table = table.sort_values(
            "group", key=lambda g: g.map(position).fillna(len(order)), kind="stable"
        ).reset_index(drop=True)
    return table


@dataclass(frozen=True)
class PlanRetention:
    """One subscription plan's sBG fit, observed survival and cohort table."""

    plan: str
    period_days: int
    subscriptions: int
    fit: ShiftedBetaGeometric
    observed: pd.Series  # share still subscribed by renewal (cohorts pooled)
    cohorts: pd.DataFrame  # cohort, started, active, expected further renewals


def plan_retention(
    subscriptions: pd.DataFrame,
    as_of: dt.date,
    renewal_days: dict[str, int],
    discount_rate_monthly: float,
    default_days: int = 30,
) -> list[PlanRetention]:
    """sBG per plan, each on its own renewal period (``renewal_days``; others
    ``default_days``); plans with too few renewals observed are skipped."""
    results = []
    plans = subscriptions["plan"].fillna("—") if "plan" in subscriptions else None
    for plan, subs in subscriptions.groupby(plans) if plans is not None else [("—", subscriptions)]:
        days = int(renewal_days.get(plan, default_days))
        counts = cohort_survival_counts(subs, pd.Timestamp(as_of), period_days=days)
        try:
            fit = ShiftedBetaGeometric().fit(counts)
        except ValueError:
            continue
        pooled = counts.notna()
        sizes = pd.DataFrame({t: counts[0].where(pooled[t]) for t in counts.columns})
        observed = counts.sum() / sizes.sum()  # cohorts observed at t only
        rate = (1 + discount_rate_monthly) ** (days / (365.25 / 12)) - 1  # per renewal
        elapsed = pooled.sum(axis=1) - 1
        active = counts.apply(lambda row: row.dropna().iloc[-1], axis=1)
        remaining = [fit.discounted_residual_lifetime(int(n), rate) for n in elapsed]
        cohorts = pd.DataFrame(
            {"cohort": counts.index, "started": counts[0].to_numpy(),
             "active": active.to_numpy(), "remaining": remaining}
        )  # fmt: skip
        results.append(PlanRetention(str(plan), days, len(subs), fit, observed, cohorts))
    return results
