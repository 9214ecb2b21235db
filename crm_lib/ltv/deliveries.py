"""定期便 deliveries in a customer's value: left out of the purchase counts, valued by the sBG.

A subscription's deliveries arrive on a renewal clock and end by cancellation: the
contractual process of :mod:`crm_lib.ltv.sbg`, not the Poisson purchases and dropout coin of
BG/NBD, MBG/NBD or Pareto/NBD. Counted as purchases they make a subscriber look like a
very frequent buyer who is sure to stay, and the models then over-predict everyone's
purchases (demo, seed 42: MBG/NBD predicted 6,811 holdout purchase days against 6,018;
without the deliveries 5,812 against 5,387). So, wherever the data has deliveries
(purchase rows of ``business.subscription_channel``) and an sBG fit:

- the purchase-count and spend models see the data without them (:func:`without_deliveries`:
  the same database through a second connection whose ``transactions`` leaves them out);
- every subscription running at ``as_of`` is valued on its own: the expected deliveries in
  the horizon from its plan's sBG, given the renewals it has survived, times the share of
  scheduled deliveries its plan's subscribers actually receive (skips, お休み), times the
  subscription's mean delivery value, each delivery discounted to ``as_of``.

A customer's CLV is then the value of their ad-hoc purchases plus that of their running
subscriptions, and a customer with a running subscription is active (P(alive) 1).

Assumptions, named: a plan's cancellation follows its sBG (one churn probability per
subscriber, fixed over time); skips are a constant share per plan; the price of a delivery
stays the subscription's mean so far; a subscription started after ``as_of`` is not
valued (as the count models value no customer not yet acquired).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import betaln

from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal, scalar
from crm_lib.features import PURCHASE
from crm_lib.ltv.sbg import ShiftedBetaGeometric, cohort_survival_counts
from crm_lib.ltv.teiki import (
    DEFAULT_PERIOD_DAYS,
    subscription_deliveries_sql,
    subscription_delivery_rows,
)

DAYS_PER_MONTH = 365.25 / 12


def without_deliveries(ds: Dataset, channel: str) -> Dataset:
    """``ds`` seen without the purchase rows of ``channel``: a second connection to the
    same database whose ``transactions`` is a temporary view of the others (every query
    of the purchase-count and spend models runs unchanged on it)."""
    con = ds.con.cursor()
    database = scalar(con, "SELECT current_database()")
    con.execute(
        f"CREATE TEMP VIEW transactions AS SELECT * FROM {_ident(database)}.main.transactions "
        f"WHERE channel IS DISTINCT FROM {quote_literal(channel)} OR NOT ({PURCHASE})"
    )
    return dataclasses.replace(ds, con=con)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class PlanTerms:
    """What values one plan's running subscriptions: its sBG and delivery share."""

    period_days: int
    fit: ShiftedBetaGeometric
    delivery_share: float  # deliveries received / deliveries scheduled while subscribed

    def renewal_probabilities(self, renewed: np.ndarray, ahead: int) -> np.ndarray:
        """P(still subscribed j renewals later | renewed ``renewed`` times), j = 1..ahead:
        S(n + j) / S(n) of the sBG, shape (len(renewed), ahead)."""
        a, b = self.fit.alpha_, self.fit.beta_
        n = np.asarray(renewed, dtype=float)[:, None]
        j = np.arange(1, ahead + 1)[None, :]
        return np.exp(betaln(a, b + n + j) - betaln(a, b + n))


def _elapsed(subs: pd.DataFrame, as_of: dt.date, period_days: np.ndarray) -> np.ndarray:
    """Renewal periods each subscription has completed by ``as_of`` (or its end)."""
    stop = pd.to_datetime(subs["end_date"]).fillna(pd.Timestamp(as_of))
    stop = stop.clip(upper=pd.Timestamp(as_of))
    days = (stop - pd.to_datetime(subs["start_date"])).dt.days.to_numpy()
    return np.floor(days / period_days)


def plan_terms(
    subs: pd.DataFrame, as_of: dt.date, renewal_days: dict[str, int]
) -> dict[str, PlanTerms]:
    """The sBG fit (renewal periods of the plan, cohorts by start month) and delivery share
    of each plan of ``subs`` (rows of :func:`~crm_lib.ltv.teiki.subscription_deliveries_sql`);
    a plan too young to fit (no cohort observed for two renewals) is left out."""
    terms = {}
    for plan, group in subs.groupby("plan"):
        days = int(renewal_days.get(plan, DEFAULT_PERIOD_DAYS))
        counts = cohort_survival_counts(group, pd.Timestamp(as_of), period_days=days)
        try:
            fit = ShiftedBetaGeometric().fit(counts)
        except ValueError:
            continue
        scheduled = (_elapsed(group, as_of, np.full(len(group), days)) + 1).sum()
        share = min(1.0, float(group["deliveries"].sum() / scheduled)) if scheduled else 1.0
        terms[str(plan)] = PlanTerms(days, fit, share)
    return terms


def running_values(
    subs: pd.DataFrame,
    terms: dict[str, PlanTerms],
    as_of: dt.date,
    *,
    horizon_days: float,
    discount_rate_monthly: float,
) -> pd.DataFrame:
    """Per running subscription of a plan in ``terms`` (``subs`` rows not ended by
    ``as_of``): ``renewed`` (renewals survived), ``expected_deliveries`` in the next
    ``horizon_days`` days and their discounted gross ``value`` (deliveries at start +
    k · period; the price: the subscription's mean delivery value, else its plan's mean,
    else the mean of all)."""
    end = pd.Timestamp(as_of)
    running = subs[subs["end_date"].isna() | (pd.to_datetime(subs["end_date"]) > end)]
    running = running[running["plan"].isin(list(terms))].copy()
    prices = running["price"].fillna(running.groupby("plan")["price"].transform("mean"))
    running["price"] = prices.fillna(subs["price"].mean())
    parts = []
    for plan, group in running.groupby("plan"):
        term = terms[plan]
        period = term.period_days
        renewed = _elapsed(group, as_of, np.full(len(group), period))
        age = (end - pd.to_datetime(group["start_date"])).dt.days.to_numpy()
        ahead = int(horizon_days // period) + 1
        j = np.arange(1, ahead + 1)
        until = (renewed[:, None] + j[None, :]) * period - age[:, None]  # days to delivery
        inside = (until > 0) & (until <= horizon_days)
        expected = term.renewal_probabilities(renewed, ahead) * term.delivery_share * inside
        discount = (1 + discount_rate_monthly) ** (-until / DAYS_PER_MONTH)
        parts.append(
            group.assign(
                renewed=renewed,
                expected_deliveries=expected.sum(axis=1),
                value=(expected * discount).sum(axis=1) * group["price"].to_numpy(),
            )
        )
    columns = ["customer_id", "plan", "renewed", "expected_deliveries", "value"]
    return pd.concat(parts)[columns] if parts else pd.DataFrame(columns=columns)


@dataclass(frozen=True)
class DeliverySplit:
    """A dataset split into what the count models see and what the sBG values."""

    channel: str
    source: Dataset  # the dataset, deliveries included
    purchases: Dataset  # the dataset without the deliveries (:func:`without_deliveries`)
    terms: dict[str, PlanTerms]  # per plan with an sBG fit
    subscriptions: pd.DataFrame  # rows of teiki.subscription_deliveries_sql at as_of
    delivery_rows: int  # purchase rows of the channel left out of the counts

    def values(
        self, as_of: dt.date, *, horizon_days: float, discount_rate_monthly: float
    ) -> pd.DataFrame:
        """Per customer with a running subscription (indexed by ``customer_id``):
        ``running_subscription`` (True), ``expected_deliveries`` and ``delivery_value`` (discounted,
        gross) over the horizon (:func:`running_values`, summed over their subscriptions)."""
        per_sub = running_values(
            self.subscriptions, self.terms, as_of, horizon_days=horizon_days,
            discount_rate_monthly=discount_rate_monthly,
        )  # fmt: skip
        out = per_sub.groupby("customer_id")[["expected_deliveries", "value"]].sum()
        out = out.rename(columns={"value": "delivery_value"})
        out.insert(0, "running_subscription", True)
        return out


def delivery_split(
    ds: Dataset, as_of: dt.date, channel: str, renewal_days: dict[str, int]
) -> DeliverySplit | None:
    """The split at ``as_of`` when ``ds`` has subscriptions, deliveries of ``channel`` and
    at least one plan with an sBG fit; None otherwise (the count models then count every
    purchase, deliveries included)."""
    if not ds.has("subscriptions") or not (rows := subscription_delivery_rows(ds, channel)):
        return None
    subs = ds.con.execute(subscription_deliveries_sql(as_of, channel)).df()
    terms = plan_terms(subs, as_of, renewal_days) if len(subs) else {}
    if not terms:
        return None
    return DeliverySplit(channel, ds, without_deliveries(ds, channel), terms, subs, rows)


def holdout_deliveries(
    split: DeliverySplit, calibration_end: dt.date, observation_end: dt.date
) -> dict:
    """Expected vs actual deliveries after ``calibration_end`` up to ``observation_end``
    of the subscriptions running at ``calibration_end`` (``split`` made at that date):
    ``expected``, ``actual`` (delivery days of those subscriptions in the holdout, each
    assigned as in :func:`~crm_lib.ltv.teiki.subscription_deliveries_sql`),
    ``subscriptions`` (running at the split)."""
    days = (observation_end - calibration_end).days
    per_sub = running_values(
        split.subscriptions, split.terms, calibration_end, horizon_days=days,
        discount_rate_monthly=0.0,
    )  # fmt: skip
    sql = subscription_deliveries_sql(observation_end, split.channel)
    later = split.source.con.execute(sql).df()
    then = split.subscriptions.loc[per_sub.index, ["subscription_id", "deliveries"]]
    now = then.merge(later[["subscription_id", "deliveries"]], on="subscription_id",
                     how="left", suffixes=("", "_later"))  # fmt: skip
    return {
        "expected": float(per_sub["expected_deliveries"].sum()),
        "actual": float((now["deliveries_later"] - now["deliveries"]).sum()),
        "subscriptions": len(per_sub),
    }
