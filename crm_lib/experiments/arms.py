"""Several treatment arms of one campaign, each against the control, with multiplicity
adjustment.

The family of a campaign is its arms' comparisons with the shared control (the demo has one
arm per campaign, so the adjusted p-values equal the raw ones). Each comparison: the lift
with its Newcombe interval and the score-test p-value of
:mod:`crm_lib.experiments.effects`; then per campaign the Holm step-down adjusted p-value
(family-wise error rate, computed here) and the Benjamini-Hochberg adjusted p-value (false
discovery rate, ``scipy.stats.false_discovery_control``). **The verdict uses Holm**: an arm
is "better" (or "worse") than the control when its Holm-adjusted p-value is below ``alpha``
and its lift is positive (negative), else "not_different". BH is reported for screening
many arms, where a share of false leads is acceptable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from crm_lib.dataset import Dataset
from crm_lib.experiments.effects import (
    CONTROL,
    RESPONSE_WINDOW_DAYS,
    campaign_units_sql,
    lift_columns,
)


def holm_adjust(p_values) -> np.ndarray:
    """Holm step-down adjusted p-values: the i-th smallest of m becomes
    max over j <= i of min(1, (m - j + 1) p_(j)). NaN values are left out of the family."""
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    order = ok[np.argsort(p[ok], kind="stable")]
    m = len(order)
    scaled = np.minimum(1.0, (m - np.arange(m)) * p[order])
    out[order] = np.maximum.accumulate(scaled)
    return out


def bh_adjust(p_values) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (``scipy.stats.false_discovery_control``);
    NaN values are left out of the family."""
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = stats.false_discovery_control(p[ok], method="bh")
    return out


def arm_counts(ds: Dataset, *, response_window_days: int = RESPONSE_WINDOW_DAYS) -> pd.DataFrame:
    """Per campaign with a control group and arm: ``campaign_id``, ``arm``, ``customers``,
    ``responders`` (aggregated in the engine)."""
    units = campaign_units_sql(ds, response_window_days=response_window_days)
    sql = f"""WITH u AS ({units})
SELECT campaign_id, arm, count(*) AS customers, count(*) FILTER (WHERE responded) AS responders
FROM u GROUP BY campaign_id, arm ORDER BY campaign_id, arm"""
    return ds.con.execute(sql).df()


def arm_tests(
    ds: Dataset,
    *,
    alpha: float = 0.05,
    response_window_days: int = RESPONSE_WINDOW_DAYS,
) -> pd.DataFrame:
    """One row per campaign and treatment arm: ``campaign_id``, ``arm``, ``n_arms`` (arms
    in the campaign's family), ``n_treatment``, ``n_control``, ``rate_treatment``,
    ``rate_control``, ``lift_pts``, ``lift_ci_low_pts``, ``lift_ci_high_pts`` (unadjusted
    Newcombe), ``p_value`` (score test), ``p_holm``, ``p_bh``, ``verdict`` ("better",
    "worse", "not_different": Holm at ``alpha``)."""
    counts = arm_counts(ds, response_window_days=response_window_days)
    rows = []
    for campaign_id, group in counts.groupby("campaign_id", sort=True):
        control = group[group["arm"] == CONTROL].iloc[0]
        n_c, x_c = int(control["customers"]), int(control["responders"])
        arms = group[group["arm"] != CONTROL]
        family = []
        for arm in arms.itertuples(index=False):
            n_t, x_t = int(arm.customers), int(arm.responders)
            family.append(
                {
                    "campaign_id": campaign_id,
                    "arm": arm.arm,
                    "n_arms": len(arms),
                    "n_treatment": n_t,
                    "n_control": n_c,
                    **lift_columns(x_t, n_t, x_c, n_c, alpha=alpha),
                }
            )
        p = [r["p_value"] for r in family]
        for row, holm, bh in zip(family, holm_adjust(p), bh_adjust(p), strict=True):
            row["p_holm"], row["p_bh"] = float(holm), float(bh)
            significant = np.isfinite(holm) and holm < alpha
            row["verdict"] = (
                "not_different" if not significant else "better" if row["lift_pts"] > 0 else "worse"
            )
        rows += family
    columns = [
        "campaign_id", "arm", "n_arms", "n_treatment", "n_control", "rate_treatment",
        "rate_control", "lift_pts", "lift_ci_low_pts", "lift_ci_high_pts", "p_value",
        "p_holm", "p_bh", "verdict",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
