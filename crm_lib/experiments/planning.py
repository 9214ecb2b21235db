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

:func:`segment_plan` sizes a pilot per segment from that segment's own baseline (the
response of past control groups in it, with its Wilson interval), and gives the smallest
lift the segment could show if all its customers took part.
"""

from __future__ import annotations

import math

import pandas as pd
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_confint, proportion_effectsize


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


def least_favourable_rate(low: float, high: float, target_lift_pts: float) -> float:
    """The baseline rate in ``[low, high]`` (shares) that needs the most customers to detect
    ``target_lift_pts``: Cohen's h of a fixed lift d is smallest at p = (1 - d) / 2 (where
    the two arcsine slopes are equal), so the rate of the interval nearest to it."""
    return min(max((1.0 - target_lift_pts / 100.0) / 2.0, low), high)


#: what :func:`segment_plan` could do with a segment's baseline
SIZED = "sized"  # sized, and the segment has the customers for it
EXCEEDS_SEGMENT = "exceeds_segment"  # sized, but needs more customers than the segment has
FEW_CONTROLS = "few_controls"  # too few past control customers to estimate the baseline
NO_RESPONDERS = "no_responders"  # no past control customer responded: baseline not above 0
OUT_OF_RANGE = "out_of_range"  # baseline + target lift reaches 100 %


def segment_plan(
    baselines: pd.DataFrame,
    target_lift_pts: float,
    *,
    control_share: float = 0.5,
    alpha: float = 0.05,
    power: float = 0.8,
    min_controls: int = 30,
) -> pd.DataFrame:
    """Pilot sizes per segment from the segment's own baseline response.

    ``baselines``: one row per segment with ``controls`` (control customers of past
    campaigns in the segment), ``responders`` (of them, those who responded) and
    ``customers`` (in the segment now: the largest pilot it allows); other columns are kept.
    The pilot puts ``control_share`` of its customers in the control group.

    Adds ``baseline_rate`` = responders / controls with its Wilson interval
    (``baseline_low``, ``baseline_high``, level 1 - ``alpha``); ``n_treatment``,
    ``n_control``, ``n_total``: customers to detect ``target_lift_pts`` at the baseline
    (:func:`sample_size_per_arm`); ``n_total_high``: the same at the least favourable
    baseline of its interval (:func:`least_favourable_rate`); ``mde_pts``: the smallest lift
    a pilot of all ``customers`` detects (:func:`minimum_detectable_lift_pts`); ``status``
    (the module's constants). A segment with fewer than ``min_controls`` controls, or none
    responding, is not sized (sizes NaN)."""
    ratio = control_share / (1.0 - control_share)
    rows = [
        _segment_row(r, target_lift_pts, ratio, control_share, alpha, power, min_controls)
        for r in baselines.to_dict("records")
    ]
    columns = ["baseline_rate", "baseline_low", "baseline_high", "n_treatment", "n_control",
               "n_total", "n_total_high", "mde_pts", "status"]  # fmt: skip
    found = pd.DataFrame(rows, columns=columns, index=baselines.index)
    return pd.concat([baselines.drop(columns=columns, errors="ignore"), found], axis=1)


def _segment_row(r, lift, ratio, control_share, alpha, power, min_controls) -> dict:
    nan = float("nan")
    row = dict.fromkeys(
        ("baseline_rate", "baseline_low", "baseline_high", "n_treatment", "n_control",
         "n_total", "n_total_high", "mde_pts"), nan,
    )  # fmt: skip
    controls, responders = int(r["controls"]), int(r["responders"])
    if controls < max(min_controls, 1):
        return row | {"status": FEW_CONTROLS}
    low, high = proportion_confint(responders, controls, alpha=alpha, method="wilson")
    base = responders / controls
    row |= {"baseline_rate": base, "baseline_low": float(low), "baseline_high": float(high)}
    if responders == 0:
        return row | {"status": NO_RESPONDERS}
    if base + lift / 100.0 >= 1.0:
        return row | {"status": OUT_OF_RANGE}
    size = sample_size_per_arm(base, lift, alpha=alpha, power=power, ratio=ratio)
    worst = least_favourable_rate(float(low), float(high), lift)
    high_size = sample_size_per_arm(worst, lift, alpha=alpha, power=power, ratio=ratio)
    customers = int(r["customers"])
    n_control = round(customers * control_share)
    mde = minimum_detectable_lift_pts(base, customers - n_control, n_control, alpha=alpha,
                                      power=power)  # fmt: skip
    row |= {
        "n_treatment": size["n_treatment"],
        "n_control": size["n_control"],
        "n_total": size["n_total"],
        "n_total_high": high_size["n_total"],
        "mde_pts": mde,
    }
    return row | {"status": EXCEEDS_SEGMENT if size["n_total"] > customers else SIZED}
