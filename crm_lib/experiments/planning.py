"""Pilot planning: customers needed per arm to detect a target lift in a response rate, and
the smallest lift a given sample can detect (the minimum detectable effect, MDE).

Both use the normal approximation on Cohen's effect size for proportions,
h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p0)) (statsmodels ``proportion_effectsize``), with a
two-sided test of level ``alpha`` (statsmodels ``NormalIndPower``). Rates are shares (0-1),
lifts are percentage points ("pts"). ``ratio`` is control customers per treatment customer
(1.0: equal arms; the demo's 15 % control share is 0.15 / 0.85 = 0.176). With several
treatment arms each compared with the control, ``n_treatment_arms`` > 1 divides ``alpha`` by
the number of arms (Bonferroni, which is what Holm's adjustment requires of the smallest
p-value), so the plan holds under the correction :mod:`crm_lib.experiments.arms` applies.
"""

from __future__ import annotations

import math

import pandas as pd
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize


def _check_rate(rate: float, name: str) -> None:
    if not 0.0 < rate < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {rate}")


def sample_size_per_arm(
    baseline_rate: float,
    target_lift_pts: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    n_treatment_arms: int = 1,
) -> dict:
    """Customers needed to detect ``target_lift_pts`` above ``baseline_rate`` (the control
    response rate, a share) with probability ``power``.

    Returns ``n_treatment`` (per treatment arm), ``n_control``, ``n_total`` (all arms and
    the control), ``effect_size_h`` and ``alpha_per_comparison``; sizes rounded up."""
    _check_rate(baseline_rate, "baseline_rate")
    target = baseline_rate + target_lift_pts / 100.0
    _check_rate(target, "baseline_rate + target_lift_pts / 100")
    if target_lift_pts == 0:
        raise ValueError("target_lift_pts must not be 0")
    level = alpha / n_treatment_arms
    h = abs(float(proportion_effectsize(target, baseline_rate)))
    n1 = NormalIndPower().solve_power(
        effect_size=h, nobs1=None, alpha=level, power=power, ratio=ratio, alternative="two-sided"
    )
    n_treatment = math.ceil(float(n1) - 1e-9)
    n_control = math.ceil(n_treatment * ratio - 1e-9)
    return {
        "n_treatment": n_treatment,
        "n_control": n_control,
        "n_total": n_treatment * n_treatment_arms + n_control,
        "effect_size_h": h,
        "alpha_per_comparison": level,
    }


def pilot_plan(
    baseline_rate: float,
    target_lifts_pts: list[float],
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    n_treatment_arms: int = 1,
) -> pd.DataFrame:
    """:func:`sample_size_per_arm` for several target lifts: ``target_lift_pts``,
    ``baseline_rate``, ``n_treatment``, ``n_control``, ``n_total``, ``effect_size_h``,
    ``alpha_per_comparison``."""
    rows = [
        {
            "target_lift_pts": float(lift),
            "baseline_rate": baseline_rate,
            **sample_size_per_arm(
                baseline_rate,
                lift,
                alpha=alpha,
                power=power,
                ratio=ratio,
                n_treatment_arms=n_treatment_arms,
            ),
        }
        for lift in target_lifts_pts
    ]
    return pd.DataFrame(rows)


def minimum_detectable_lift_pts(
    baseline_rate: float,
    n_treatment: int,
    n_control: int,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float:
    """The smallest increase (pts) over ``baseline_rate`` that arms of these sizes detect
    with probability ``power`` in a two-sided test of level ``alpha``.

    NaN when an arm is empty, the baseline is 0 or 1, or no rate up to 100 % is detectable."""
    if n_treatment < 2 or n_control < 2 or not 0.0 < baseline_rate < 1.0:
        return float("nan")
    h = NormalIndPower().solve_power(
        effect_size=None,
        nobs1=n_treatment,
        alpha=alpha,
        power=power,
        ratio=n_control / n_treatment,
        alternative="two-sided",
    )
    angle = math.asin(math.sqrt(baseline_rate)) + float(h) / 2.0
    if angle >= math.pi / 2:
        return float("nan")
    return 100.0 * (math.sin(angle) ** 2 - baseline_rate)
