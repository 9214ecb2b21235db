"""What lifetimes and Klaviyo users look at beside a fitted purchase-count model.

Each function takes a fitted model (BG/NBD, MBG/NBD or Pareto/NBD: ``params_``, ``p_alive``,
``expected_purchases``, ``expected_purchases_path``) and returns plain frames:

- :func:`frequency_histogram`: customers by repeat purchases in calibration, actual against
  the model's exact expectation Σ_i P(X(T_i) = x) (lifetimes' ``plot_period_transactions``
  simulates this with an unseeded generator instead), with a chi-square statistic.
- :func:`alive_matrix`: P(alive) (and expected purchases) over frequency × recency for a
  customer of a given age T (lifetimes' ``plot_probability_alive_matrix``).
- :func:`tracking`: actual repeat purchases in the holdout (SQL) against the model's
  expected cumulative purchases, per period (``plot_cumulative_transactions`` /
  ``plot_incremental_transactions``).
- :func:`alive_history`: one customer's P(alive) day by day, each day from the history up to
  that day (``plot_history_alive``).
- :func:`expected_next_order`: per customer, when the next order is expected.
- :func:`readiness`: whether the data is thick enough for the predictions to be used.

Times are in the model's unit (days ``D`` or weeks ``W``) unless a name says ``days``.
Every computation runs on unique histories or unique ages, never one row per customer in
Python.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from scipy.special import betaln, gammaln, xlogy
from scipy.stats import chi2, nbinom

from crm_lib.dataset import Dataset
from crm_lib.features import customer_summary, date_literal, purchase_days_sql
from crm_lib.ltv.base import UniqueHistories
from crm_lib.ltv.mbgnbd import ModifiedBetaGeoModel
from crm_lib.ltv.summary import UNIT_DAYS

#: model family by the names a model may carry (``model.name``), its class or its fitter
FAMILIES = {
    "bgnbd": "bg",
    "bg_nbd": "bg",
    "BetaGeoModel": "bg",
    "BetaGeoFitter": "bg",
    "mbgnbd": "mbg",
    "mbg_nbd": "mbg",
    "ModifiedBetaGeoModel": "mbg",
    "ModifiedBetaGeoFitter": "mbg",
    "pareto_nbd": "pareto",
    "ParetoNBDModel": "pareto",
    "ParetoNBDFitter": "pareto",
    "latent_class": "mixture",
    "LatentClassMBGNBD": "mixture",
}
QUADRATURE_NODES = 96  # Gauss-Legendre nodes over the dropout-time distribution (Pareto/NBD)
MAX_NEXT_ORDER_DAYS = 3650  # a next order further away than this is not a forecast: none


def model_family(model) -> str:
    """``bg`` (BG/NBD), ``mbg`` (MBG/NBD), ``pareto`` (Pareto/NBD) or ``mixture`` (the
    latent-class MBG/NBD)."""
    fitter = getattr(model, "fitter_", None)
    for key in (getattr(model, "name", None), type(model).__name__, type(fitter).__name__):
        if key in FAMILIES:
            return FAMILIES[key]
    raise ValueError(f"not a known purchase-count model: {type(model).__name__}")


# --- P(X(t) = x): repeat purchases of a new customer in (0, t] ---------------------------


def _nb_log_pmf(x, r, alpha, t):
    """log P(N = x) of the gamma-Poisson count in time t (rate λ ~ Gamma(r, α)), written out
    (scipy's nbinom.logpmf is several times slower inside the quadrature)."""
    log_coefficient = gammaln(r + x) - gammaln(r) - gammaln(x + 1)
    return log_coefficient + r * np.log(alpha / (alpha + t)) + xlogy(x, t / (alpha + t))


def _nb_sf(x, r, alpha, t):
    """P(N ≥ x) of the gamma-Poisson count in time t."""
    return nbinom.sf(x - 1, r, alpha / (alpha + t))


def _pareto_pmf(r, alpha, s, beta, t, x):
    """Pareto/NBD P(X(t) = x): alive throughout (NB × (β/(β+t))^s) plus dropout at τ ≤ t
    with the purchases of (0, τ]. The dropout integral is over w = F(τ), the dropout-time
    CDF 1 - (β/(β+τ))^s, by Gauss-Legendre on [0, F(t)] (smooth in w whatever s and β)."""
    r, alpha, s, beta, t, x = np.broadcast_arrays(*(np.asarray(v, float) for v in
                                                   (r, alpha, s, beta, t, x)))  # fmt: skip
    alive = np.exp(_nb_log_pmf(x, r, alpha, t) + s * np.log(beta / (beta + t)))
    top = -np.expm1(s * np.log(beta / (beta + t)))  # F(t)
    nodes, weights = np.polynomial.legendre.leggauss(QUADRATURE_NODES)
    w = top[..., None] * (nodes + 1) / 2
    tau = beta[..., None] * np.expm1(-np.log1p(-w) / s[..., None])  # F^-1(w)
    inner = np.exp(_nb_log_pmf(x[..., None], r[..., None], alpha[..., None], tau))
    return alive + top / 2 * (inner * weights).sum(axis=-1)


def repeat_count_pmf(model, t, x) -> np.ndarray:
    """P(X(t) = x | parameters): probability that a customer makes ``x`` repeat purchases in
    the first ``t`` time units after the first purchase (arrays broadcast).

    BG/NBD (Fader, Hardie & Lee 2005, eq. 8): B(a, b+x)/B(a, b) NB(x; t) + 1{x>0}
    B(a+1, b+x-1)/B(a, b) P(NB(t) ≥ x). MBG/NBD (Batislam et al. 2007), dropout possible
    at time 0 too: B(a, b+x+1)/B(a, b) NB(x; t) + B(a+1, b+x)/B(a, b) P(NB(t) ≥ x).
    Pareto/NBD: see :func:`_pareto_pmf`. NB is the gamma-Poisson count with (r, α). The
    latent-class MBG/NBD: Σ_k π_k times class k's MBG/NBD probability.
    """
    p = model.params_
    t, x = np.broadcast_arrays(np.asarray(t, float), np.asarray(x, float))
    family = model_family(model)
    if family == "mixture":
        return sum(
            share * repeat_count_pmf(ModifiedBetaGeoModel().with_params(c), t, x)
            for share, c in zip(model.shares_, model.class_params_, strict=True)
        )
    if family == "pareto":
        return _pareto_pmf(p["r"], p["alpha"], p["s"], p["beta"], t, x)
    r, alpha, a, b = p["r"], p["alpha"], p["a"], p["b"]
    nb = _nb_log_pmf(x, r, alpha, t)
    if family == "bg":
        stay = np.exp(betaln(a, b + x) - betaln(a, b) + nb)
        with np.errstate(invalid="ignore"):  # x = 0: no dropout term
            drop = np.exp(betaln(a + 1, b + x - 1) - betaln(a, b)) * _nb_sf(x, r, alpha, t)
        return stay + np.where(x > 0, drop, 0.0)
    stay = np.exp(betaln(a, b + x + 1) - betaln(a, b) + nb)
    drop = np.exp(betaln(a + 1, b + x) - betaln(a, b)) * _nb_sf(x, r, alpha, t)
    return stay + drop


def frequency_histogram(model, summary: pd.DataFrame, max_frequency: int = 7) -> pd.DataFrame:
    """Customers by repeat purchases in calibration, ``0 … max_frequency`` (the last row is
    ``max_frequency`` or more): ``actual`` and ``expected`` = Σ_i P(X(T_i) = x) from the
    model, summed over unique ages T (the expected counts add up to the customers)."""
    x = np.arange(max_frequency + 1)
    actual = np.bincount(np.minimum(summary["frequency"].to_numpy(int), max_frequency),
                         minlength=max_frequency + 1)  # fmt: skip
    ages, counts = np.unique(summary["T"].to_numpy(float), return_counts=True)
    pmf = repeat_count_pmf(model, ages[:, None], x[None, :-1])
    pmf = np.column_stack([pmf, 1.0 - pmf.sum(axis=1)])  # the last bin: x or more
    return pd.DataFrame({"frequency": x, "actual": actual, "expected": counts @ pmf})


def histogram_fit(table: pd.DataFrame, n_parameters: int) -> dict:
    """Pearson chi-square of :func:`frequency_histogram`'s actual against expected counts:
    ``chi2``, ``dof`` (bins - 1 - parameters) and ``p_value``. In-sample: the model was fitted
    on the same customers (the dof allow for that only approximately)."""
    observed, expected = table["actual"].to_numpy(float), table["expected"].to_numpy(float)
    stat = float(((observed - expected) ** 2 / expected).sum())
    dof = max(1, len(table) - 1 - n_parameters)
    return {"chi2": stat, "dof": dof, "p_value": float(chi2.sf(stat, dof))}


# --- frequency × recency matrix ---------------------------------------------------------


def alive_matrix(
    model,
    T: float,
    max_frequency: int,
    n_recency: int = 20,
    horizon: float | None = None,
) -> pd.DataFrame:
    """P(alive) of a customer of age ``T`` by frequency (0 … ``max_frequency``) and recency
    (``n_recency + 1`` points from 0 to T), long form: ``frequency``, ``recency``, ``T``,
    ``p_alive`` and, with ``horizon``, ``expected`` purchases in the next ``horizon`` units.
    Impossible cells (no repeat purchase with recency > 0, repeat purchases with recency 0)
    are left out. The grid is a set of unique histories: one model call."""
    recency = np.linspace(0.0, T, n_recency + 1)
    f, rec = np.meshgrid(np.arange(max_frequency + 1), recency, indexing="ij")
    grid = pd.DataFrame({"frequency": f.ravel(), "recency": rec.ravel(), "T": float(T)})
    grid = grid[(grid["frequency"] == 0) == (grid["recency"] == 0)].reset_index(drop=True)
    grid["p_alive"] = model.p_alive(grid)
    if horizon is not None:
        grid["expected"] = model.expected_purchases(grid, horizon)
    return grid


# --- tracking over the holdout ----------------------------------------------------------


def holdout_purchases_sql(calibration_end: dt.date, observation_end: dt.date) -> str:
    """SQL: repeat purchase days per day of the holdout (``day`` = days after
    ``calibration_end``, 1 …), by customers whose first purchase is by ``calibration_end``
    (the customers of the calibration summary)."""
    cal = date_literal(calibration_end)
    return f"""
WITH days AS ({purchase_days_sql(observation_end)}),
firsts AS (SELECT customer_id, min(day) AS first_day FROM days GROUP BY customer_id)
SELECT date_diff('day', {cal}, day) AS day, count(*) AS purchases
FROM days JOIN firsts USING (customer_id)
WHERE first_day <= {cal} AND day > {cal}
GROUP BY 1 ORDER BY 1"""


def _unique_frame(summary: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    h = UniqueHistories.of(summary)
    frame = pd.DataFrame({"frequency": h.frequency, "recency": h.recency, "T": h.T})
    return frame, h.counts


def tracking(
    ds: Dataset,
    model,
    summary: pd.DataFrame,
    calibration_end: dt.date,
    observation_end: dt.date,
    time_unit: str,
    step_days: int = 7,
) -> pd.DataFrame:
    """Repeat purchases in the holdout per period of ``step_days``: ``period`` (1 …),
    ``day`` (its last day, days after the calibration end), ``date`` (that day), ``actual``
    and ``expected`` (in the period), ``actual_cumulative`` and ``expected_cumulative`` (to
    its end).
    Expected: the model's cumulative expected purchases of each calibration customer in
    (T, T + t], summed, on unique histories. Empty without a holdout."""
    length = (pd.Timestamp(observation_end) - pd.Timestamp(calibration_end)).days
    columns = [
        "period",
        "day",
        "date",
        "actual",
        "expected",
        "actual_cumulative",
        "expected_cumulative",
    ]
    if length <= 0:
        return pd.DataFrame(columns=columns)
    rows = ds.con.execute(holdout_purchases_sql(calibration_end, observation_end)).fetchall()
    daily = np.zeros(length + 1)
    for day, purchases in rows:  # one row per holdout day
        daily[day] = purchases
    ends = np.unique(np.minimum(np.arange(step_days, length + step_days, step_days), length))
    frame, counts = _unique_frame(summary)
    path = model.expected_purchases_path(frame, ends / UNIT_DAYS[time_unit])
    out = pd.DataFrame({"period": np.arange(1, len(ends) + 1), "day": ends})
    out["date"] = pd.Timestamp(calibration_end) + pd.to_timedelta(ends, unit="D")
    out["actual_cumulative"] = np.cumsum(daily)[ends]
    out["expected_cumulative"] = counts @ path
    out["actual"] = np.diff(out["actual_cumulative"], prepend=0.0)
    out["expected"] = np.diff(out["expected_cumulative"], prepend=0.0)
    return out[columns]


# --- P(alive) history of one customer ---------------------------------------------------


def purchase_days(ds: Dataset, customer_id, end: dt.date) -> pd.DatetimeIndex:
    """One customer's purchase days up to ``end``, in order."""
    sql = f"SELECT day FROM ({purchase_days_sql(end)}) WHERE customer_id = ? ORDER BY day"
    return pd.DatetimeIndex([row[0] for row in ds.con.execute(sql, [customer_id]).fetchall()])


def alive_history(ds: Dataset, model, customer_id, end: dt.date, time_unit: str) -> pd.DataFrame:
    """One customer's P(alive) on each day from the first purchase to ``end``, each from the
    history up to that day (frequency, recency, T as of that day, in the time unit):
    ``date``, ``frequency``, ``recency``, ``T``, ``p_alive``, ``purchase`` (bought that day).
    Empty for a customer without purchases by ``end``."""
    days = purchase_days(ds, customer_id, end)
    columns = ["date", "frequency", "recency", "T", "p_alive", "purchase"]
    if days.empty:
        return pd.DataFrame(columns=columns)
    dates = pd.date_range(days[0], pd.Timestamp(end), freq="D")
    bought = np.searchsorted(days.to_numpy(), dates.to_numpy(), side="right")  # days ≤ date
    unit = UNIT_DAYS[time_unit]
    out = pd.DataFrame({"date": dates, "frequency": bought - 1})
    out["recency"] = (days[bought - 1] - days[0]).days.to_numpy() / unit
    out["T"] = (dates - days[0]).days.to_numpy() / unit
    out["p_alive"] = model.p_alive(out)
    out["purchase"] = dates.isin(days)
    return out[columns]


# --- per customer: when the next order is expected ---------------------------------------


def quiet_if_alive(model, frequency, T, t) -> np.ndarray:
    """P(no purchase in the next ``t`` units | alive at T) of customers with ``frequency``
    repeat purchases and age ``T`` (arrays broadcast). Alive at T, λ ~ Gamma(r + x, α + T);
    under BG/NBD and MBG/NBD a customer drops out only at a purchase, so this is
    ((α+T)/(α+T+t))^(r+x). Under Pareto/NBD the customer may also drop out first: μ ~
    Gamma(s, β + T) independently, and the quiet probability is P(X(t) = 0) of a new
    customer with those parameters."""
    p = model.params_
    frequency, T, t = (np.asarray(v, float) for v in (frequency, T, t))
    r, alpha = p["r"] + frequency, p["alpha"] + T
    if model_family(model) == "pareto":
        return _pareto_pmf(r, alpha, p["s"], p["beta"] + T, t, 0.0)
    return (alpha / (alpha + t)) ** r


def _bisect_time(probability, target: np.ndarray, top: float, steps: int = 28) -> np.ndarray:
    """The t in (0, top] where ``probability(t)`` (increasing in t, per row) reaches
    ``target``, by bisection on log t; NaN where it does not by ``top``. 28 halvings of
    30 log units: within a relative 1.2e-7 (under 0.001 day at 3,650 days)."""
    lo = np.full(target.shape, np.log(top) - 30.0)
    hi = np.full(target.shape, np.log(top))
    reached = probability(np.full(target.shape, top)) >= target
    for _ in range(steps):
        mid = (lo + hi) / 2
        below = probability(np.exp(mid)) < target
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return np.where(reached, np.exp(hi), np.nan)


def expected_next_order(
    model, summary: pd.DataFrame, as_of: dt.date, time_unit: str
) -> pd.DataFrame:
    """When each customer's next order is expected, as of ``as_of`` (the end of the period
    ``summary`` covers), indexed like ``summary``:

    - ``p_alive``: probability the customer is still active.
    - ``next_order_days_if_alive``: median wait to the next purchase if the customer is
      active (days): under BG/NBD and MBG/NBD (α+T)(2^(1/(r+x)) - 1) in the model's unit;
      under Pareto/NBD (bisection) only where an active customer buys before dropping out
      with probability above 0.5; under the latent-class MBG/NBD by bisection on its
      classes' quiet probabilities weighted by P(class | history, alive).
    - ``next_order_date``: the date by which the customer has ordered again with
      probability 0.5, counting the chance of having left: P(alive) (1 - P(quiet | alive))
      = 0.5 (``as_of`` + the wait rounded up to whole days). Defined only when P(alive) >
      0.5 (else more likely gone than not: no date).

    Waits beyond :data:`MAX_NEXT_ORDER_DAYS` are no forecast: missing (NaN / NaT).
    """
    h = UniqueHistories.of(summary)
    frame = pd.DataFrame({"frequency": h.frequency, "recency": h.recency, "T": h.T})
    alive = model.p_alive(frame)
    unit = UNIT_DAYS[time_unit]
    top = MAX_NEXT_ORDER_DAYS / unit
    half = np.full(len(alive), 0.5)
    family = model_family(model)
    if family in ("pareto", "mixture"):  # no closed form: bisection on each history

        def bought(t, weight):
            if family == "mixture":
                return weight * (1.0 - model.quiet_if_alive(t, h.frequency, h.recency, h.T))
            return weight * (1.0 - quiet_if_alive(model, h.frequency, h.T, t))

        if_alive = _bisect_time(lambda t: bought(t, 1.0), half, top)
        by_half = _bisect_time(lambda t: bought(t, alive), half, top)
    else:
        scale, shape = model.params_["alpha"] + h.T, model.params_["r"] + h.frequency
        if_alive = scale * np.expm1(np.log(2.0) / shape)
        if_alive = np.where(if_alive <= top, if_alive, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            by_half = scale * np.expm1(-np.log1p(-0.5 / alive) / shape)
        by_half = np.where((alive > 0.5) & (by_half <= top), by_half, np.nan)
    days = h.expand(by_half) * unit
    out = pd.DataFrame(index=summary.index)
    out["p_alive"] = h.expand(alive)
    out["next_order_days_if_alive"] = h.expand(if_alive) * unit
    out["next_order_date"] = pd.Timestamp(as_of) + pd.to_timedelta(np.ceil(days), unit="D")
    return out


def historic_revenue(ds: Dataset, as_of: dt.date) -> pd.Series:
    """Net revenue to ``as_of`` per customer (purchases less returns, in the currency;
    :data:`crm_lib.features.CUSTOMER_SUMMARY` ``revenue_net``), indexed by customer_id."""
    summary = customer_summary(ds, as_of, purchasers_only=True)
    return summary.set_index("customer_id")["revenue_net"].rename("historic_revenue")


# --- readiness ----------------------------------------------------------------------------


def median_gap_days(ds: Dataset, end: dt.date) -> float | None:
    """Median gap between consecutive purchase days of the same customer up to ``end``
    (days); None without any repeat purchase."""
    sql = f"""
WITH days AS ({purchase_days_sql(end)}),
gaps AS (SELECT date_diff('day', lag(day) OVER (PARTITION BY customer_id ORDER BY day), day)
         AS gap FROM days)
SELECT median(gap) FROM gaps WHERE gap IS NOT NULL"""
    value = ds.con.execute(sql).fetchall()[0][0]
    return None if value is None else float(value)


def first_purchase_day(ds: Dataset, end: dt.date) -> dt.date | None:
    """The first purchase day in the data (up to ``end``)."""
    sql = f"SELECT min(day) FROM ({purchase_days_sql(end)})"
    value = ds.con.execute(sql).fetchall()[0][0]
    return None if value is None else pd.Timestamp(value).date()


def readiness(
    ds: Dataset,
    summary: pd.DataFrame,
    calibration_end: dt.date,
    observation_end: dt.date,
    *,
    min_repeat_customers: int,
    min_repeat_share: float,
    calibration_gaps: float,
    holdout_gaps: float,
) -> pd.DataFrame:
    """Whether the data can carry predictions, one row per check: ``check`` (code),
    ``value``, ``threshold``, ``ok``.

    - ``repeat_customers``: customers with a repeat purchase in calibration (the models learn
      the purchase rate and the dropout from them alone), at least ``min_repeat_customers``;
    - ``repeat_share``: their share of the calibration customers, at least
      ``min_repeat_share``;
    - ``calibration_gaps``: the calibration period (first purchase in the data to the
      calibration end) in median inter-purchase gaps, at least ``calibration_gaps``;
    - ``holdout_gaps``: the holdout in median gaps, at least ``holdout_gaps`` (a shorter
      holdout barely tests the predictions).

    A check whose value cannot be computed (no repeat purchase) fails.
    """
    repeat = int((summary["frequency"] > 0).sum())
    share = repeat / len(summary) if len(summary) else 0.0
    gap = median_gap_days(ds, calibration_end)
    first = first_purchase_day(ds, calibration_end)
    span = (calibration_end - first).days if first else 0
    holdout = (pd.Timestamp(observation_end) - pd.Timestamp(calibration_end)).days
    rows = [
        ("repeat_customers", float(repeat), float(min_repeat_customers)),
        ("repeat_share", share, min_repeat_share),
        ("calibration_gaps", span / gap if gap else np.nan, calibration_gaps),
        ("holdout_gaps", holdout / gap if gap else np.nan, holdout_gaps),
    ]
    table = pd.DataFrame(rows, columns=["check", "value", "threshold"])
    table["ok"] = table["value"] >= table["threshold"]  # NaN compares False: fails
    table.attrs["median_gap_days"] = gap
    return table
