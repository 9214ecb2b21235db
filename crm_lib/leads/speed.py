"""Speed to lead: conversion against first-response time (bands with Wilson intervals, a
spline logistic fit) and the within-one-hour / one-day effect adjusted for source."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from patsy import bs, build_design_matrices, dmatrix
from scipy.special import expit
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

BAND_EDGES_HOURS = (1.0, 24.0, 168.0)
BANDS = ("lt1h", "h1_24", "d1_7", "gt7d", "never")


def response_band(hours: pd.Series) -> pd.Series:
    """Band code per lead from its response hours (NaN: never contacted)."""
    idx = np.digitize(hours.fillna(0.0).to_numpy(), BAND_EDGES_HOURS)
    codes = np.array(BANDS)[np.where(hours.isna().to_numpy(), 4, idx)]
    return pd.Series(codes, index=hours.index)


def mature(leads: pd.DataFrame, days: int) -> pd.DataFrame:
    """Leads at least ``days`` old at the end: their conversion has had time to show."""
    return leads[leads["age_days"] >= days]


def by_band(leads: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Per response band: leads, won, conversion and its ``1 - alpha`` Wilson interval
    (sampling of the leads; each band's interval on its own, not simultaneous)."""
    band = response_band(leads["response_hours"])
    g = leads.groupby(band.rename("band"))["won"].agg(leads="size", won="sum")
    g = g.reindex(list(BANDS)).dropna().astype(int).reset_index()
    low, high = proportion_confint(g["won"], g["leads"], alpha=alpha, method="wilson")
    return g.assign(conversion=g["won"] / g["leads"], ci_low=low, ci_high=high)


@dataclass(frozen=True)
class CurveFit:
    """Spline logistic fit of conversion on log1p(hours) among contacted leads."""

    curve: pd.DataFrame  # hours, conversion, ci_low, ci_high (95 %, mean conversion)
    converged: bool


def smooth_curve(leads: pd.DataFrame, at_hours, df: int = 4) -> CurveFit:
    """Conversion against response hours: logistic GLM on a B-spline of log1p(hours) with
    ``df`` degrees of freedom; 95 % intervals of the fitted mean (delta method on the link)."""
    c = leads[leads["response_hours"].notna()]
    x = np.log1p(c["response_hours"].to_numpy())
    at = np.asarray(at_hours, dtype=float)
    hi = float(max(x.max(), np.log1p(at).max()))
    formula = f"bs(x, df={df}, lower_bound=0.0, upper_bound={hi!r})"
    design = dmatrix(formula, {"x": x})
    fit = sm.GLM(c["won"].to_numpy(float), design, family=sm.families.Binomial()).fit()
    (new,) = build_design_matrices([design.design_info], {"x": np.log1p(at)})
    pred = fit.get_prediction(np.asarray(new)).summary_frame(alpha=0.05)
    curve = pd.DataFrame(
        {
            "hours": at,
            "conversion": pred["mean"].to_numpy(),
            "ci_low": pred["mean_ci_lower"].to_numpy(),
            "ci_high": pred["mean_ci_upper"].to_numpy(),
        }
    )
    return CurveFit(curve, bool(fit.converged))


_ = bs  # patsy resolves bs() inside the formula


@dataclass(frozen=True)
class Effect:
    """Average effect on the conversion probability (risk difference) of a response within
    ``hours`` against later or never, adjusted for source (logistic regression), with its
    95 % delta-method interval (sampling of the leads)."""

    hours: float
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    fast_leads: int
    slow_leads: int
    converged: bool


def adjusted_effect(leads: pd.DataFrame, hours: float) -> Effect:
    """Logit(won) ~ responded within ``hours`` + source, fitted on the (response, source)
    groups with their counts (the same likelihood as one row per lead); the average marginal
    effect of the response (discrete change, averaged over the leads) and its delta-method
    interval."""
    fast = (leads["response_hours"] <= hours).to_numpy()
    n_fast, n_slow = int(fast.sum()), int(len(fast) - fast.sum())
    if n_fast == 0 or n_slow == 0 or leads["won"].nunique() < 2:
        return Effect(hours, None, None, None, n_fast, n_slow, False)
    g = (
        pd.DataFrame({"fast": fast, "source": leads["source"].to_numpy(), "won": leads["won"]})
        .groupby(["fast", "source"], sort=True)["won"]
        .agg(n="size", k="sum")
        .reset_index()
    )
    sources = sorted(g["source"].unique())[1:]
    src = np.column_stack([(g["source"] == s).to_numpy(float) for s in sources] or [
        np.zeros((len(g), 0))])  # fmt: skip
    design = lambda f: np.column_stack([np.ones(len(g)), f, src])  # noqa: E731
    x = design(g["fast"].to_numpy(float))
    endog = np.column_stack([g["k"], g["n"] - g["k"]]).astype(float)
    try:
        fit = sm.GLM(endog, x, family=sm.families.Binomial()).fit()
    except (np.linalg.LinAlgError, ValueError):
        return Effect(hours, None, None, None, n_fast, n_slow, False)
    x1, x0 = design(np.ones(len(g))), design(np.zeros(len(g)))
    p1, p0 = expit(x1 @ fit.params), expit(x0 @ fit.params)
    w = g["n"].to_numpy(float) / g["n"].sum()
    effect = float(w @ (p1 - p0))
    grad = (w * p1 * (1 - p1)) @ x1 - (w * p0 * (1 - p0)) @ x0
    se = float(np.sqrt(grad @ fit.cov_params() @ grad))
    if not fit.converged or not np.isfinite(se) or se == 0:
        return Effect(hours, None, None, None, n_fast, n_slow, False)
    z = norm.ppf(0.975)
    return Effect(hours, effect, effect - z * se, effect + z * se, n_fast, n_slow, True)


def extra_customers(effect: Effect, slow_leads: int) -> tuple[float, float, float] | None:
    """Expected extra customers (estimate, low, high) if ``slow_leads`` leads answered later
    had been answered within the effect's hours: the average effect times the leads (an
    assumption: the effect among the slow leads equals the average)."""
    if effect.effect is None:
        return None
    return (effect.effect * slow_leads, effect.ci_low * slow_leads, effect.ci_high * slow_leads)
