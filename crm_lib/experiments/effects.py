"""Campaign effects against their control groups: response lift, revenue, assignment check,
CUPED, incremental results, ROI, the detectable effect and a verdict.

**Units.** A campaign is analysed when its ``contacts`` hold both control rows
(``group`` = "control", any case) and sent rows (any other ``group``; an empty group counts
as "treatment"). Each other group value is a treatment *arm* compared with the control on its
own. The unit is the customer: one row per campaign and customer (:func:`campaign_units`),
``responded`` = any of the customer's contact rows responded, ``revenue`` = their sum (an
empty revenue is 0; without a revenue column the revenue figures stay empty), ``send_date``
= the day of the first send. A customer listed in two
groups of one campaign is left out (``n_mixed_customers``). When the contacts carry no
``responded``/``revenue`` column, they are derived from ``transactions``: a purchase
(:data:`crm_lib.features.PURCHASE`) from the first send day to ``response_window_days`` - 1
days after the last send, and the sum of those purchases.

**Statistics** (``alpha`` = 0.05 gives 95 % intervals; lifts in percentage points, "pts"):

- absolute lift = treatment minus control response rate, Newcombe hybrid-score interval
  (statsmodels ``confint_proportions_2indep(method="newcombe", compare="diff")``);
- relative lift = rate ratio - 1, with the asymptotic score interval of the ratio
  (Koopman / Miettinen-Nurminen, ``compare="ratio", method="score"``); empty when the
  control has no responder;
- ``p_value``: two-sided Miettinen-Nurminen score test of equal rates
  (``test_proportions_2indep(method="score")``). The verdict reads the interval, not the
  p-value (they can disagree right at the boundary);
- revenue per contacted customer in each arm, with a BCa bootstrap interval of the
  difference (:func:`bca_mean_difference`, seeded);
- sample-ratio mismatch: chi-square goodness-of-fit test of the control count against the
  planned control share (``planned_control_share``); a campaign missing from it is
  "not_checked", never assumed;
- CUPED (:func:`cuped_difference`) with the covariate X = the customer's net spend
  (all orders, returns netted) in the ``pre_period_days`` days before the send day (default
  180: on the demo 90 days leave the dormant targets of CP05 without any spend, 365 days
  remove less variance elsewhere);
- incremental responders and revenue = lift x treated customers; ROI = (incremental
  revenue x ``margin_share`` - cost) / cost, cost = ``cost_per_contact[channel]`` x sends;
- the MDE: the smallest lift (pts over the control rate) these arm sizes detect with 80 %
  power (:func:`crm_lib.experiments.planning.minimum_detectable_lift_pts`).

**Verdict** (:func:`verdict`) from the lift interval: "roll_out" (interval above 0 and ROI >
0), "not_profitable" (above 0, ROI <= 0), "effective_roi_unknown" (above 0, no cost for the
channel or no revenue in the data), "harmful" (interval below 0), "no_effect" (includes 0
and the MDE is at most ``meaningful_lift_pts``), "too_small_to_tell" (includes 0, the MDE
is larger). With several arms the intervals are unadjusted; :mod:`crm_lib.experiments.arms`
adds the multiplicity adjustment.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import ndtr, ndtri
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

from crm_lib.dataset import Dataset
from crm_lib.experiments.planning import minimum_detectable_lift_pts
from crm_lib.features import PURCHASE

CONTROL = "control"
DEFAULT_ARM = "treatment"  # the arm of a sent contact with an empty group
RESPONSE_WINDOW_DAYS = 14
VERDICTS = (
    "roll_out",
    "not_profitable",
    "effective_roi_unknown",
    "harmful",
    "no_effect",
    "too_small_to_tell",
)
NAN = float("nan")

ARM_SQL = (
    "CASE WHEN lower(trim(\"group\")) = 'control' THEN 'control' "
    "ELSE coalesce(NULLIF(trim(\"group\"), ''), 'treatment') END"
)


# --------------------------------------------------------------------------- units (SQL)


def _has_column(ds: Dataset, table: str, column: str) -> bool:
    return ds.has(table) and column in ds.loads[table].columns


def _require_contacts(ds: Dataset) -> None:
    if not ds.has("contacts"):
        raise KeyError("campaign analyses need the contacts table, which this dataset lacks")


def _sends_sql(ds: Dataset) -> str:
    responded = "responded" if _has_column(ds, "contacts", "responded") else "NULL"
    revenue = "revenue" if _has_column(ds, "contacts", "revenue") else "NULL"
    return f"""SELECT campaign_id, customer_id, {ARM_SQL} AS arm, sent_at,
           CAST({responded} AS BOOLEAN) AS responded, CAST({revenue} AS DOUBLE) AS revenue
    FROM contacts"""


def campaign_units_sql(
    ds: Dataset,
    *,
    pre_period_days: int | None = None,
    response_window_days: int = RESPONSE_WINDOW_DAYS,
) -> str:
    """SQL for :func:`campaign_units` (other modules wrap it as a CTE)."""
    _require_contacts(ds)
    derive = not _has_column(ds, "contacts", "responded")
    # sent revenue: 0 when empty; unknown (NULL) when the contacts have responses but no
    # revenue column
    revenue = (
        "coalesce(sum(revenue), 0)"
        if derive or _has_column(ds, "contacts", "revenue")
        else "CAST(NULL AS DOUBLE)"
    )
    per = f"""
WITH sends AS ({_sends_sql(ds)}),
controlled AS (
    SELECT campaign_id FROM sends GROUP BY campaign_id
    HAVING bool_or(arm = 'control') AND bool_or(arm <> 'control')
),
per AS (
    SELECT campaign_id, customer_id, min(arm) AS arm, count(DISTINCT arm) AS n_arms,
           count(*) AS n_sends, CAST(min(sent_at) AS DATE) AS send_date,
           CAST(max(sent_at) AS DATE) AS last_send_date,
           bool_or(coalesce(responded, FALSE)) AS responded,
           {revenue} AS revenue
    FROM sends WHERE campaign_id IN (SELECT campaign_id FROM controlled)
    GROUP BY campaign_id, customer_id
),
units AS (SELECT * EXCLUDE (n_arms) FROM per WHERE n_arms = 1)"""
    select = "u.campaign_id, u.customer_id, u.arm, u.n_sends, u.send_date, u.last_send_date"
    joins, ctes = [], []
    if derive:
        window = int(response_window_days)
        ctes.append(f"""resp AS (
    SELECT u.campaign_id, u.customer_id, sum(t.amount) AS revenue
    FROM units u JOIN (SELECT customer_id, order_date, amount FROM transactions
                       WHERE {PURCHASE}) t
      ON t.customer_id = u.customer_id AND t.order_date >= u.send_date
     AND t.order_date < u.last_send_date + {window}
    GROUP BY u.campaign_id, u.customer_id)""")
        joins.append("LEFT JOIN resp r USING (campaign_id, customer_id)")
        select += ", r.revenue IS NOT NULL AS responded, coalesce(r.revenue, 0) AS revenue"
    else:
        select += ", u.responded, u.revenue"
    if pre_period_days is not None:
        days = int(pre_period_days)
        ctes.append(f"""pre AS (
    SELECT u.campaign_id, u.customer_id, sum(t.amount) AS pre_spend
    FROM units u JOIN transactions t
      ON t.customer_id = u.customer_id AND t.order_date >= u.send_date - {days}
     AND t.order_date < u.send_date
    GROUP BY u.campaign_id, u.customer_id)""")
        joins.append("LEFT JOIN pre p USING (campaign_id, customer_id)")
        select += ", coalesce(p.pre_spend, 0) AS pre_spend"
    extra = "".join(f",\n{c}" for c in ctes)
    return f"""{per}{extra}
SELECT {select}
FROM units u {" ".join(joins)}
ORDER BY u.campaign_id, u.arm, u.customer_id"""


def campaign_units(
    ds: Dataset,
    *,
    pre_period_days: int | None = None,
    response_window_days: int = RESPONSE_WINDOW_DAYS,
) -> pd.DataFrame:
    """One row per campaign with a control group and customer: ``campaign_id``,
    ``customer_id``, ``arm`` ("control" or the treatment arm), ``n_sends`` (contact rows),
    ``send_date`` and ``last_send_date`` (first and last send day), ``responded`` (bool),
    ``revenue`` (the data's currency) and, with ``pre_period_days``, ``pre_spend`` (net spend
    from ``send_date`` - ``pre_period_days`` to the day before ``send_date``)."""
    sql = campaign_units_sql(
        ds, pre_period_days=pre_period_days, response_window_days=response_window_days
    )
    return ds.con.execute(sql).df()


def campaign_overview(ds: Dataset) -> pd.DataFrame:
    """Per campaign in ``contacts``: ``campaign_id``, ``campaign_name``, ``channel`` (the
    most frequent), ``first_sent_at``, ``last_sent_at``, ``n_contacts``, ``n_customers``,
    ``arms`` (sorted treatment arms, comma separated), ``has_control``,
    ``n_mixed_customers`` (in more than one group, left out) and ``status``: "analysed",
    "no_control_group" or "no_treatment" (control rows only)."""
    _require_contacts(ds)
    name = "campaign_name" if _has_column(ds, "contacts", "campaign_name") else "NULL"
    channel = "channel" if _has_column(ds, "contacts", "channel") else "NULL"
    sql = f"""
WITH sends AS (SELECT campaign_id, customer_id, {ARM_SQL} AS arm, sent_at,
                      {name} AS campaign_name, {channel} AS channel FROM contacts),
mixed AS (SELECT campaign_id, count(*) AS n_mixed_customers FROM (
            SELECT campaign_id, customer_id FROM sends GROUP BY ALL
            HAVING count(DISTINCT arm) > 1) GROUP BY campaign_id)
SELECT campaign_id, any_value(campaign_name) AS campaign_name, mode(channel) AS channel,
       min(sent_at) AS first_sent_at, max(sent_at) AS last_sent_at, count(*) AS n_contacts,
       count(DISTINCT customer_id) AS n_customers,
       string_agg(DISTINCT arm, ',' ORDER BY arm) FILTER (WHERE arm <> 'control') AS arms,
       bool_or(arm = 'control') AS has_control,
       coalesce(any_value(m.n_mixed_customers), 0) AS n_mixed_customers
FROM sends LEFT JOIN mixed m USING (campaign_id)
GROUP BY campaign_id ORDER BY campaign_id"""
    out = ds.con.execute(sql).df()
    out["status"] = np.select(
        [~out["has_control"], out["arms"].isna()],
        ["no_control_group", "no_treatment"],
        "analysed",
    )
    return out


# ------------------------------------------------------------------------- statistics


def quietly(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with numpy and statsmodels warnings silenced (empty cells)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def lift_interval(
    x_t: int, n_t: int, x_c: int, n_c: int, *, alpha: float = 0.05
) -> tuple[float, float, float]:
    """(lift, low, high) of the treatment minus control rate, as shares, with the Newcombe
    hybrid-score interval; NaN when an arm is empty."""
    if n_t == 0 or n_c == 0:
        return NAN, NAN, NAN
    low, high = quietly(
        confint_proportions_2indep, x_t, n_t, x_c, n_c, method="newcombe", compare="diff",
        alpha=alpha,
    )  # fmt: skip
    return x_t / n_t - x_c / n_c, float(low), float(high)


def lift_columns(x_t: int, n_t: int, x_c: int, n_c: int, *, alpha: float = 0.05) -> dict:
    """The columns every treatment-control comparison reports: ``rate_treatment``,
    ``rate_control``, ``lift_pts`` with its Newcombe interval (``lift_ci_low_pts``,
    ``lift_ci_high_pts``, points) and the score test's ``p_value``."""
    lift, low, high = lift_interval(x_t, n_t, x_c, n_c, alpha=alpha)
    return {
        "rate_treatment": x_t / n_t if n_t else NAN,
        "rate_control": x_c / n_c if n_c else NAN,
        "lift_pts": 100 * lift,
        "lift_ci_low_pts": 100 * low,
        "lift_ci_high_pts": 100 * high,
        "p_value": lift_p_value(x_t, n_t, x_c, n_c),
    }


def relative_lift_interval(
    x_t: int, n_t: int, x_c: int, n_c: int, *, alpha: float = 0.05
) -> tuple[float, float, float]:
    """(rate ratio - 1, low, high) with the score interval of the ratio; NaN when the
    control has no responder or an arm is empty."""
    if n_t == 0 or n_c == 0 or x_c == 0:
        return NAN, NAN, NAN
    low, high = quietly(
        confint_proportions_2indep, x_t, n_t, x_c, n_c, method="score", compare="ratio",
        alpha=alpha,
    )  # fmt: skip
    low, high = float(low), float(high)
    if not (math.isfinite(low) and math.isfinite(high)):
        return (x_t / n_t) / (x_c / n_c) - 1, NAN, NAN
    return (x_t / n_t) / (x_c / n_c) - 1, low - 1, high - 1


def lift_p_value(x_t: int, n_t: int, x_c: int, n_c: int) -> float:
    """Two-sided p-value of the score test (Miettinen-Nurminen) of equal rates; NaN when
    an arm is empty or nobody (or everybody) responded."""
    if n_t == 0 or n_c == 0:
        return NAN
    res = quietly(test_proportions_2indep, x_t, n_t, x_c, n_c, method="score", compare="diff")
    return float(res.pvalue)


def bca_mean_difference(
    y_t,
    y_c,
    *,
    n_resamples: int = 2000,
    seed: int = 0,
    alpha: float = 0.05,
    max_batch_values: int = 2**23,
) -> tuple[float, float, float]:
    """(mean(y_t) - mean(y_c), low, high): the BCa bootstrap interval of a difference of
    means, arms resampled independently, with ``numpy.random.default_rng(seed)``.

    Same formulas as ``scipy.stats.bootstrap(method="BCa")`` (Efron and Tibshirani 1993,
    14.3), but scipy's jackknife for the acceleration evaluates the statistic n times on
    n - 1 values (O(n^2): 5 s for 10,000 customers, hours for the 200,000 treated customers
    of a campaign at 1,000,000 customers), while the jackknife of a mean has a closed form:
    the influence of value i is its deviation from the mean (sign flipped for the control).
    The resampling is O(n x n_resamples), in batches of at most ``max_batch_values``
    values. ``tests/test_experiments.py`` compares it with scipy on small samples."""
    y_t, y_c = np.asarray(y_t, dtype=float), np.asarray(y_c, dtype=float)
    if len(y_t) < 2 or len(y_c) < 2:
        return NAN, NAN, NAN
    rng = np.random.default_rng(seed)
    theta = y_t.mean() - y_c.mean()
    boot = np.zeros(n_resamples)
    for y, sign in ((y_t, 1.0), (y_c, -1.0)):
        n = len(y)
        step = max(1, max_batch_values // n)
        for start in range(0, n_resamples, step):
            b = min(step, n_resamples - start)
            boot[start : start + b] += sign * y[rng.integers(0, n, (b, n))].mean(axis=1)
    if np.ptp(boot) == 0:
        return theta, theta, theta
    share = ((boot < theta).sum() + (boot <= theta).sum()) / (2.0 * n_resamples)
    z0 = ndtri(share)
    num = den = 0.0
    for y, sign in ((y_t, 1.0), (y_c, -1.0)):
        u = sign * (y - y.mean())  # jackknife influence (n - 1)(mean of jack - jack_i)
        n = float(len(y))
        num += (u**3).sum() / n**3
        den += (u**2).sum() / n**2
    a = num / (6.0 * den**1.5) if den > 0 else 0.0
    z = ndtri(1 - alpha / 2)
    levels = [ndtr(z0 + (z0 + q) / (1 - a * (z0 + q))) for q in (-z, z)]
    if not all(math.isfinite(v) for v in levels):
        return theta, NAN, NAN
    low, high = np.percentile(boot, [100 * levels[0], 100 * levels[1]])
    return float(theta), float(low), float(high)


def cuped_difference(y_t, y_c, x_t, x_c, *, alpha: float = 0.05) -> dict:
    """CUPED (Deng et al. 2013): y_adj = y - theta (x - mean x), theta = cov(x, y) / var(x)
    over both arms pooled (x measured before the send, so unaffected by it).

    Returns ``theta``, ``variance_removed`` (1 - var(y_adj) / var(y), pooled; the squared
    correlation of x and y), ``diff`` (adjusted treatment minus control mean), ``ci_low``,
    ``ci_high`` (normal interval, unpooled standard error of the adjusted means) and ``se``."""
    y_t, y_c = np.asarray(y_t, dtype=float), np.asarray(y_c, dtype=float)
    x_t, x_c = np.asarray(x_t, dtype=float), np.asarray(x_c, dtype=float)
    if len(y_t) < 2 or len(y_c) < 2:
        return dict.fromkeys(("theta", "variance_removed", "diff", "ci_low", "ci_high", "se"), NAN)
    y, x = np.concatenate([y_t, y_c]), np.concatenate([x_t, x_c])
    var_x = x.var(ddof=1)
    theta = float(np.cov(x, y, ddof=1)[0, 1] / var_x) if var_x > 0 else 0.0
    mean_x = x.mean()
    adj_t, adj_c = y_t - theta * (x_t - mean_x), y_c - theta * (x_c - mean_x)
    var_y = y.var(ddof=1)
    removed = 1.0 - np.concatenate([adj_t, adj_c]).var(ddof=1) / var_y if var_y > 0 else 0.0
    diff = adj_t.mean() - adj_c.mean()
    se = math.sqrt(adj_t.var(ddof=1) / len(adj_t) + adj_c.var(ddof=1) / len(adj_c))
    z = float(ndtri(1 - alpha / 2))
    return {
        "theta": theta,
        "variance_removed": float(removed),
        "diff": float(diff),
        "ci_low": float(diff - z * se),
        "ci_high": float(diff + z * se),
        "se": se,
    }


def srm_p_value(n_control: int, n_total: int, planned_control_share: float) -> float:
    """p-value of the chi-square goodness-of-fit test (1 df) of ``n_control`` of
    ``n_total`` customers against the planned control share."""
    if n_total == 0 or not 0.0 < planned_control_share < 1.0:
        return NAN
    expected = [n_total * planned_control_share, n_total * (1 - planned_control_share)]
    return float(stats.chisquare([n_control, n_total - n_control], f_exp=expected).pvalue)


def verdict(
    ci_low_pts: float,
    ci_high_pts: float,
    mde_pts: float,
    roi: float,
    *,
    meaningful_lift_pts: float,
) -> str:
    """The verdict code of one comparison (see the module docstring)."""
    if ci_low_pts > 0:
        if roi is None or not math.isfinite(roi):
            return "effective_roi_unknown"
        return "roll_out" if roi > 0 else "not_profitable"
    if ci_high_pts < 0:
        return "harmful"
    if math.isfinite(mde_pts) and mde_pts <= meaningful_lift_pts:
        return "no_effect"
    return "too_small_to_tell"


# ------------------------------------------------------------------------------ table


def campaign_effects(
    ds: Dataset,
    *,
    meaningful_lift_pts: float,
    planned_control_share: dict[str, float] | None = None,
    cost_per_contact: dict[str, float] | None = None,
    margin_share: float = 1.0,
    pre_period_days: int = 180,
    response_window_days: int = RESPONSE_WINDOW_DAYS,
    alpha: float = 0.05,
    power: float = 0.8,
    srm_alpha: float = 0.001,
    bootstrap_resamples: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """One row per campaign and treatment arm (a campaign without a control group: one row,
    ``status`` "no_control_group", nothing else filled).

    Columns: ``campaign_id``, ``campaign_name``, ``channel``, ``first_sent_at``,
    ``last_sent_at``, ``status``, ``arm``, ``n_treatment``, ``n_control`` (customers),
    ``n_sends_treatment`` (contact rows), ``n_mixed_customers``, ``rate_treatment``,
    ``rate_control`` (shares), ``lift_pts``, ``lift_ci_low_pts``, ``lift_ci_high_pts``,
    ``rel_lift``, ``rel_lift_ci_low``, ``rel_lift_ci_high`` (ratio - 1), ``p_value``,
    ``revenue_per_customer_treatment``, ``revenue_per_customer_control``, ``revenue_diff``,
    ``revenue_diff_ci_low``, ``revenue_diff_ci_high`` (BCa), ``planned_control_share``,
    ``observed_control_share``, ``srm_p_value``, ``srm_status`` ("ok", "mismatch" when
    p < ``srm_alpha``, "not_checked"), ``cuped_theta``, ``cuped_variance_removed``,
    ``cuped_revenue_diff``, ``cuped_ci_low``, ``cuped_ci_high``, ``incremental_responders``
    (+ ``_ci_low``/``_ci_high``), ``incremental_revenue`` (+ ``_ci_low``/``_ci_high``),
    ``cost``, ``roi``, ``mde_pts``, ``meaningful_lift_pts``, ``verdict``. Money in the data's
    currency; the SRM counts customers of all arms of the campaign."""
    planned = planned_control_share or {}
    costs = cost_per_contact or {}
    overview = campaign_overview(ds)
    units = campaign_units(
        ds, pre_period_days=pre_period_days, response_window_days=response_window_days
    )
    by_campaign = dict(tuple(units.groupby("campaign_id", sort=False)))
    rows = []
    for camp in overview.itertuples(index=False):
        head = {
            "campaign_id": camp.campaign_id,
            "campaign_name": camp.campaign_name,
            "channel": camp.channel,
            "first_sent_at": camp.first_sent_at,
            "last_sent_at": camp.last_sent_at,
            "status": camp.status,
            "n_mixed_customers": int(camp.n_mixed_customers),
        }
        if camp.status != "analysed" or camp.campaign_id not in by_campaign:
            rows.append(head)
            continue
        rows += _campaign_rows(
            head,
            by_campaign[camp.campaign_id],
            planned.get(camp.campaign_id),
            costs.get(camp.channel),
            margin_share=margin_share,
            meaningful_lift_pts=meaningful_lift_pts,
            alpha=alpha,
            power=power,
            srm_alpha=srm_alpha,
            bootstrap_resamples=bootstrap_resamples,
            seed=seed,
        )
    return pd.DataFrame(rows, columns=_COLUMNS)


_COLUMNS = [
    "campaign_id", "campaign_name", "channel", "first_sent_at", "last_sent_at", "status",
    "arm", "n_treatment", "n_control", "n_sends_treatment", "n_mixed_customers",
    "rate_treatment", "rate_control", "lift_pts", "lift_ci_low_pts", "lift_ci_high_pts",
    "rel_lift", "rel_lift_ci_low", "rel_lift_ci_high", "p_value",
    "revenue_per_customer_treatment", "revenue_per_customer_control", "revenue_diff",
    "revenue_diff_ci_low", "revenue_diff_ci_high", "planned_control_share",
    "observed_control_share", "srm_p_value", "srm_status", "cuped_theta",
    "cuped_variance_removed", "cuped_revenue_diff", "cuped_ci_low", "cuped_ci_high",
    "incremental_responders", "incremental_responders_ci_low",
    "incremental_responders_ci_high", "incremental_revenue", "incremental_revenue_ci_low",
    "incremental_revenue_ci_high", "cost", "roi", "mde_pts", "meaningful_lift_pts", "verdict",
]  # fmt: skip


def _campaign_rows(
    head: dict,
    units: pd.DataFrame,
    planned_share: float | None,
    unit_cost: float | None,
    *,
    margin_share: float,
    meaningful_lift_pts: float,
    alpha: float,
    power: float,
    srm_alpha: float,
    bootstrap_resamples: int,
    seed: int,
) -> list[dict]:
    control = units[units["arm"] == CONTROL]
    n_c, x_c = len(control), int(control["responded"].sum())
    if planned_share is None:
        srm = {"planned_control_share": NAN, "srm_p_value": NAN, "srm_status": "not_checked"}
    else:
        p = srm_p_value(n_c, len(units), planned_share)
        srm = {
            "planned_control_share": float(planned_share),
            "srm_p_value": p,
            "srm_status": "mismatch" if p < srm_alpha else "ok",
        }
    srm["observed_control_share"] = n_c / len(units)
    rows = []
    for arm, treated in units[units["arm"] != CONTROL].groupby("arm", sort=True):
        n_t, x_t = len(treated), int(treated["responded"].sum())
        lift, low, high = lift_interval(x_t, n_t, x_c, n_c, alpha=alpha)
        rel, rel_low, rel_high = relative_lift_interval(x_t, n_t, x_c, n_c, alpha=alpha)
        y_t, y_c = treated["revenue"].to_numpy(float), control["revenue"].to_numpy(float)
        if np.isnan(y_t).any() or np.isnan(y_c).any():  # no revenue in the data
            diff = d_low = d_high = NAN
            cuped = dict.fromkeys(("theta", "variance_removed", "diff", "ci_low", "ci_high"), NAN)
        else:
            diff, d_low, d_high = bca_mean_difference(
                y_t, y_c, n_resamples=bootstrap_resamples, seed=seed, alpha=alpha
            )
            pre_t = treated["pre_spend"].to_numpy(float)
            cuped = cuped_difference(
                y_t, y_c, pre_t, control["pre_spend"].to_numpy(float), alpha=alpha
            )
        n_sends = int(treated["n_sends"].sum())
        cost = NAN if unit_cost is None else float(unit_cost) * n_sends
        incremental_revenue = diff * n_t
        roi = (incremental_revenue * margin_share - cost) / cost if cost and cost > 0 else NAN
        mde = minimum_detectable_lift_pts(x_c / n_c, n_t, n_c, alpha=alpha, power=power)
        rows.append(
            {
                **head,
                **srm,
                "arm": arm,
                "n_treatment": n_t,
                "n_control": n_c,
                "n_sends_treatment": n_sends,
                "rate_treatment": x_t / n_t,
                "rate_control": x_c / n_c,
                "lift_pts": 100 * lift,
                "lift_ci_low_pts": 100 * low,
                "lift_ci_high_pts": 100 * high,
                "rel_lift": rel,
                "rel_lift_ci_low": rel_low,
                "rel_lift_ci_high": rel_high,
                "p_value": lift_p_value(x_t, n_t, x_c, n_c),
                "revenue_per_customer_treatment": float(y_t.mean()),
                "revenue_per_customer_control": float(y_c.mean()),
                "revenue_diff": diff,
                "revenue_diff_ci_low": d_low,
                "revenue_diff_ci_high": d_high,
                "cuped_theta": cuped["theta"],
                "cuped_variance_removed": cuped["variance_removed"],
                "cuped_revenue_diff": cuped["diff"],
                "cuped_ci_low": cuped["ci_low"],
                "cuped_ci_high": cuped["ci_high"],
                "incremental_responders": lift * n_t,
                "incremental_responders_ci_low": low * n_t,
                "incremental_responders_ci_high": high * n_t,
                "incremental_revenue": incremental_revenue,
                "incremental_revenue_ci_low": d_low * n_t,
                "incremental_revenue_ci_high": d_high * n_t,
                "cost": cost,
                "roi": roi,
                "mde_pts": mde,
                "meaningful_lift_pts": meaningful_lift_pts,
                "verdict": verdict(
                    100 * low, 100 * high, mde, roi, meaningful_lift_pts=meaningful_lift_pts
                ),
            }
        )
    return rows
