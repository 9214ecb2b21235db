"""Campaign lift by customer segment: who gains, who is put off.

A segmentation is a label per customer: the age split the demo's truth uses
(:func:`age_segments`: "60+" when the first number in ``customers.age_band`` is 60 or more,
"60代" and "70代以上" in the demo; else "under_60"), or any per-customer ``pandas.Series``
(index ``customer_id``, values the label), such as the membership rank
(``membership_ranks(...).set_index("customer_id")["rank"]``,
:func:`crm_lib.segments.ranks.membership_ranks`) or the RFM segment. Take a label fixed
before the send (the rank as of the day before it): a label measured afterwards can itself
be changed by the campaign. Customers without a label are left out. The labels are joined
to the campaign units in the engine and only the counts per campaign, arm and segment
leave it.

Per campaign, arm and segment: the lift with its Newcombe interval (as in
:mod:`crm_lib.experiments.effects`) and ``harmed`` = the whole interval lies below 0. Two
interaction measures:

- ``diff_vs_rest``: the segment's lift minus the lift among the campaign's other customers
  (risk-difference scale), with the MOVER interval built from the two Newcombe intervals
  (Zou and Donner 2008) and a two-sided Wald z-test p-value (unpooled variances);
- ``interaction_p_value``: one per campaign and arm, the likelihood-ratio test of the
  treated x segment terms in a binomial logistic regression (statsmodels GLM on the grouped
  counts: log-odds scale; k - 1 degrees of freedom for k segments).
"""

from __future__ import annotations

import math
import uuid

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from crm_lib.dataset import Dataset
from crm_lib.engine import sql_list
from crm_lib.experiments.effects import (
    CONTROL,
    NAN,
    RESPONSE_WINDOW_DAYS,
    campaign_units_sql,
    lift_interval,
    quietly,
)

AGE_60_PLUS = "60+"
AGE_UNDER_60 = "under_60"


def age_segments(ds: Dataset) -> pd.Series:
    """Per customer with a readable ``age_band``: "60+" or "under_60" (index
    ``customer_id``, name "age")."""
    sql = f"""SELECT customer_id,
       CASE WHEN n >= 60 THEN '{AGE_60_PLUS}' ELSE '{AGE_UNDER_60}' END AS segment
FROM (SELECT customer_id,
             TRY_CAST(NULLIF(regexp_extract(age_band, '[0-9]+'), '') AS INTEGER) AS n
      FROM customers)
WHERE n IS NOT NULL ORDER BY customer_id"""
    frame = ds.con.execute(sql).df()
    return pd.Series(frame["segment"].to_numpy(), index=frame["customer_id"], name="age")


def segment_counts(
    ds: Dataset,
    segment: pd.Series,
    *,
    response_window_days: int = RESPONSE_WINDOW_DAYS,
    campaigns: list[str] | None = None,
) -> pd.DataFrame:
    """Per campaign with a control group (of ``campaigns``; None: every one), arm and
    segment label: ``campaign_id``, ``arm``, ``segment``, ``customers``, ``responders``."""
    if segment.index.has_duplicates:
        raise ValueError("the segment Series must hold one label per customer_id")
    labels = pd.DataFrame(
        {"customer_id": segment.index.astype(str), "segment": segment.astype(str).to_numpy()}
    )[segment.notna().to_numpy()]
    name = f"_segment_{uuid.uuid4().hex}"
    units = campaign_units_sql(ds, response_window_days=response_window_days)
    only = "" if campaigns is None else f"WHERE u.campaign_id IN ({sql_list(campaigns)})"
    sql = f"""WITH u AS ({units})
SELECT u.campaign_id, u.arm, s.segment, count(*) AS customers,
       count(*) FILTER (WHERE u.responded) AS responders
FROM u JOIN {name} s USING (customer_id) {only}
GROUP BY ALL ORDER BY u.campaign_id, u.arm, s.segment"""
    ds.con.register(name, labels)
    try:
        return ds.con.execute(sql).df()
    finally:
        ds.con.unregister(name)


def _wald_se(x_t: int, n_t: int, x_c: int, n_c: int) -> float:
    if n_t == 0 or n_c == 0:
        return NAN
    p_t, p_c = x_t / n_t, x_c / n_c
    return math.sqrt(p_t * (1 - p_t) / n_t + p_c * (1 - p_c) / n_c)


def lift_difference(first: tuple, second: tuple, *, alpha: float = 0.05) -> dict:
    """The lift of ``first`` minus the lift of ``second``, each (x_t, n_t, x_c, n_c), as
    shares: ``diff``, ``ci_low``, ``ci_high`` (MOVER from the two Newcombe intervals) and
    ``p_value`` (Wald z-test)."""
    d1, lo1, hi1 = lift_interval(*first, alpha=alpha)
    d2, lo2, hi2 = lift_interval(*second, alpha=alpha)
    diff = d1 - d2
    low = diff - math.sqrt((d1 - lo1) ** 2 + (hi2 - d2) ** 2)
    high = diff + math.sqrt((hi1 - d1) ** 2 + (d2 - lo2) ** 2)
    se = math.hypot(_wald_se(*first), _wald_se(*second))
    p = 2 * stats.norm.sf(abs(diff) / se) if se > 0 else NAN
    return {"diff": diff, "ci_low": low, "ci_high": high, "p_value": float(p)}


def interaction_p_value(cells: pd.DataFrame) -> float:
    """Likelihood-ratio p-value of treated x segment in a logistic regression on grouped
    counts; ``cells``: ``segment``, ``treated`` (bool), ``customers``, ``responders``."""
    cells = cells[cells["customers"] > 0]
    k = cells["segment"].nunique()
    if k < 2 or cells.groupby("segment")["treated"].nunique().min() < 2:
        return NAN
    endog = np.column_stack([cells["responders"], cells["customers"] - cells["responders"]]).astype(
        float
    )
    seg = pd.get_dummies(cells["segment"], drop_first=True, dtype=float)
    treated = cells["treated"].astype(float).to_numpy()
    base = pd.concat([seg, pd.Series(treated, index=cells.index, name="treated")], axis=1)
    full = pd.concat([base, seg.mul(treated, axis=0).add_prefix("treated_x_")], axis=1)
    try:
        fits = [
            quietly(sm.GLM(endog, sm.add_constant(x), family=sm.families.Binomial()).fit)
            for x in (base, full)
        ]
    except (ValueError, np.linalg.LinAlgError):
        return NAN
    lr = 2 * (fits[1].llf - fits[0].llf)
    return float(stats.chi2.sf(max(lr, 0.0), k - 1))


def lift_by_segment(
    ds: Dataset,
    segment: pd.Series | None = None,
    *,
    alpha: float = 0.05,
    response_window_days: int = RESPONSE_WINDOW_DAYS,
    campaigns: list[str] | None = None,
) -> pd.DataFrame:
    """One row per campaign with a control group (of ``campaigns``; None: every one),
    treatment arm and segment label (``segment`` default: :func:`age_segments`).

    Columns: ``campaign_id``, ``arm``, ``segment_by`` (the Series' name), ``segment``,
    ``n_treatment``, ``n_control``, ``rate_treatment``, ``rate_control``, ``lift_pts``,
    ``lift_ci_low_pts``, ``lift_ci_high_pts``, ``harmed`` (interval below 0),
    ``rest_lift_pts`` (the other segments together), ``diff_vs_rest_pts``,
    ``diff_vs_rest_ci_low_pts``, ``diff_vs_rest_ci_high_pts``, ``diff_vs_rest_p_value``,
    ``interaction_p_value``."""
    if segment is None:
        segment = age_segments(ds)
    counts = segment_counts(
        ds, segment, response_window_days=response_window_days, campaigns=campaigns
    )
    rows = []
    for campaign_id, camp in counts.groupby("campaign_id", sort=True):
        control = camp[camp["arm"] == CONTROL].set_index("segment")
        for arm, treated in camp[camp["arm"] != CONTROL].groupby("arm", sort=True):
            treated = treated.set_index("segment")
            labels = sorted(set(treated.index) | set(control.index))
            counts_only = ["customers", "responders"]  # a group one arm lacks counts 0
            t = treated[counts_only].reindex(labels, fill_value=0)
            c = control[counts_only].reindex(labels, fill_value=0)
            cells = pd.concat(
                [
                    pd.DataFrame({"segment": labels, "treated": True, **_cols(t)}),
                    pd.DataFrame({"segment": labels, "treated": False, **_cols(c)}),
                ],
                ignore_index=True,
            )
            p_interaction = interaction_p_value(cells)
            total = (
                int(t["responders"].sum()),
                int(t["customers"].sum()),
                int(c["responders"].sum()),
                int(c["customers"].sum()),
            )
            for label in labels:
                cell = (
                    int(t.at[label, "responders"]),
                    int(t.at[label, "customers"]),
                    int(c.at[label, "responders"]),
                    int(c.at[label, "customers"]),
                )
                rest = tuple(a - b for a, b in zip(total, cell, strict=True))
                rows.append(
                    _segment_row(campaign_id, arm, segment.name, label, cell, rest, alpha)
                    | {"interaction_p_value": p_interaction}
                )
    return pd.DataFrame(rows, columns=_COLUMNS)


_COLUMNS = [
    "campaign_id", "arm", "segment_by", "segment", "n_treatment", "n_control",
    "rate_treatment", "rate_control", "lift_pts", "lift_ci_low_pts", "lift_ci_high_pts",
    "harmed", "rest_lift_pts", "diff_vs_rest_pts", "diff_vs_rest_ci_low_pts",
    "diff_vs_rest_ci_high_pts", "diff_vs_rest_p_value", "interaction_p_value",
]  # fmt: skip


def _cols(frame: pd.DataFrame) -> dict:
    return {c: frame[c].to_numpy() for c in ("customers", "responders")}


def _segment_row(campaign_id, arm, by, label, cell, rest, alpha) -> dict:
    x_t, n_t, x_c, n_c = cell
    lift, low, high = lift_interval(*cell, alpha=alpha)
    rest_lift = lift_interval(*rest, alpha=alpha)[0]
    if rest[1] and rest[3] and n_t and n_c:
        diff = lift_difference(cell, rest, alpha=alpha)
    else:
        diff = dict.fromkeys(("diff", "ci_low", "ci_high", "p_value"), NAN)
    return {
        "campaign_id": campaign_id,
        "arm": arm,
        "segment_by": by,
        "segment": label,
        "n_treatment": n_t,
        "n_control": n_c,
        "rate_treatment": x_t / n_t if n_t else NAN,
        "rate_control": x_c / n_c if n_c else NAN,
        "lift_pts": 100 * lift,
        "lift_ci_low_pts": 100 * low,
        "lift_ci_high_pts": 100 * high,
        "harmed": bool(high < 0),
        "rest_lift_pts": 100 * rest_lift,
        "diff_vs_rest_pts": 100 * diff["diff"],
        "diff_vs_rest_ci_low_pts": 100 * diff["ci_low"],
        "diff_vs_rest_ci_high_pts": 100 * diff["ci_high"],
        "diff_vs_rest_p_value": diff["p_value"],
    }
