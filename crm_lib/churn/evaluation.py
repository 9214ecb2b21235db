"""How well churn scores predict the labels of one cutoff.

Per model: ROC-AUC and PR-AUC (average precision) with a bootstrap interval, log-loss,
the Brier score and its **skill** against a constant (1 - Brier / Brier of predicting the
reference rate, the share churned where the model learnt, for everyone: above 0 beats the
constant, 0 ties it, below 0 is worse), and the lift of the top decile.

The intervals cover the sampling uncertainty of the scored customers only (the models are
not refitted): a Poisson bootstrap (each customer weighted by a Poisson(1) count, seeded)
on one sort of the scores, so that a resample costs one pass over the customers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

EPS = 1e-6  # probabilities are clipped to [EPS, 1 - EPS] in the log-loss
BOOT_CHUNK = 25  # resamples weighted at once (memory: chunk x customers floats)


def top_share_lift(churned, scores, share: float = 0.1) -> float:
    """Churn rate among the ``share`` highest scores divided by the overall churn rate."""
    y = np.asarray(churned, dtype=float)
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    top = max(1, int(round(share * len(y))))
    return float(y[order[:top]].mean() / y.mean()) if y.mean() else float("nan")


def log_loss(churned, p) -> float:
    """Mean negative log-likelihood of the labels (nats per customer), P clipped to
    [:data:`EPS`, 1 - :data:`EPS`] so that a certain wrong score costs about 13.8."""
    y = np.asarray(churned, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def brier_skill(churned, p, reference_rate: float) -> float:
    """1 - Brier(p) / Brier(constant ``reference_rate``)."""
    y = np.asarray(churned, dtype=float)
    reference = float(np.mean((y - reference_rate) ** 2))
    return 1.0 - brier_score_loss(y, np.clip(p, 0, 1)) / reference if reference else float("nan")


def weighted_ranking(y_sorted: np.ndarray, starts: np.ndarray, weights: np.ndarray):
    """ROC-AUC and average precision of scores sorted from highest to lowest, for each row
    of ``weights`` (resamples x customers, in the sorted order). ``starts``: first position
    of each run of tied scores (ties count half in the AUC, and form one threshold of the
    precision-recall curve, as in scikit-learn)."""
    pos = np.add.reduceat(weights * y_sorted, starts, axis=1)
    neg = np.add.reduceat(weights * (1 - y_sorted), starts, axis=1)
    tp, fp = np.cumsum(pos, axis=1), np.cumsum(neg, axis=1)
    n_pos, n_neg = tp[:, -1], fp[:, -1]
    with np.errstate(invalid="ignore", divide="ignore"):
        auc = (neg * (tp - 0.5 * pos)).sum(axis=1) / (n_pos * n_neg)
        precision = np.where(tp + fp > 0, tp / np.where(tp + fp > 0, tp + fp, 1), 0.0)
        ap = (pos * precision).sum(axis=1) / n_pos
    return auc, ap


def bootstrap_ranking(
    churned, scores, *, n_boot: int = 200, level: float = 0.95, random_state: int = 0
) -> dict[str, float]:
    """Percentile intervals (``level``) of ROC-AUC and PR-AUC over ``n_boot`` Poisson
    resamples of the customers: ``roc_auc_low`` ... ``pr_auc_high``."""
    y = np.asarray(churned, dtype=float)
    s = np.asarray(scores, dtype=float)
    _, y_sorted, starts = _sorted_ties(y, s)
    rng = np.random.default_rng(random_state)
    aucs, aps = [], []
    for done in range(0, n_boot, BOOT_CHUNK):
        weights = rng.poisson(1.0, size=(min(BOOT_CHUNK, n_boot - done), len(y)))
        auc, ap = weighted_ranking(y_sorted, starts, weights.astype(float))
        aucs.append(auc)
        aps.append(ap)
    tails = [(1 - level) / 2, (1 + level) / 2]
    auc_low, auc_high = np.nanquantile(np.concatenate(aucs), tails)
    ap_low, ap_high = np.nanquantile(np.concatenate(aps), tails)
    return {"roc_auc_low": float(auc_low), "roc_auc_high": float(auc_high),
            "pr_auc_low": float(ap_low), "pr_auc_high": float(ap_high)}  # fmt: skip


def _sorted_ties(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order from highest score to lowest, labels in that order, first position of each
    run of tied scores): the inputs of :func:`weighted_ranking`."""
    order = np.argsort(-s, kind="stable")
    s_sorted = s[order]
    return order, y[order], np.flatnonzero(np.r_[True, s_sorted[1:] != s_sorted[:-1]])


def paired_auc_bootstrap(
    y, a, b, *, n_boot: int = 200, level: float = 0.95, random_state: int = 0
) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
    """Percentile intervals (``level``) of the ROC-AUC of scores ``a``, of ``b`` and of
    their difference (a - b) over ``n_boot`` Poisson resamples of the rows, each resample
    weighting both scores alike (paired): whether ``a`` ranks better than ``b`` beyond the
    sampling noise of the rows. Vectorised (:func:`weighted_ranking`), no refit."""
    y = np.asarray(y, dtype=float)
    order_a, y_a, starts_a = _sorted_ties(y, np.asarray(a, dtype=float))
    order_b, y_b, starts_b = _sorted_ties(y, np.asarray(b, dtype=float))
    rng = np.random.default_rng(random_state)
    auc_a, auc_b = [], []
    for done in range(0, n_boot, BOOT_CHUNK):
        weights = rng.poisson(1.0, size=(min(BOOT_CHUNK, n_boot - done), len(y))).astype(float)
        auc_a.append(weighted_ranking(y_a, starts_a, weights[:, order_a])[0])
        auc_b.append(weighted_ranking(y_b, starts_b, weights[:, order_b])[0])
    first, second = np.concatenate(auc_a), np.concatenate(auc_b)
    tails = [(1 - level) / 2, (1 + level) / 2]

    def interval(x):
        low, high = np.nanquantile(x, tails)
        return float(low), float(high)

    return interval(first), interval(second), interval(first - second)


def log_losses(churned, p) -> np.ndarray:
    """Each customer's log-loss (nats), P clipped as in :func:`log_loss`."""
    y = np.asarray(churned, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), EPS, 1 - EPS)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def loss_difference(
    churned, p_a, p_b, *, n_boot: int = 200, level: float = 0.95, random_state: int = 0
) -> dict[str, float]:
    """Mean log-loss of ``p_a`` minus that of ``p_b`` on the same customers (``difference``,
    below 0: ``a`` is better) and its paired Poisson-bootstrap interval (``low``,
    ``high``): whether one model beats another beyond the sampling noise of the customers."""
    diff = log_losses(churned, p_a) - log_losses(churned, p_b)
    rng = np.random.default_rng(random_state)
    means = []
    for done in range(0, n_boot, BOOT_CHUNK):
        weights = rng.poisson(1.0, size=(min(BOOT_CHUNK, n_boot - done), len(diff)))
        means.append(weights @ diff / np.maximum(weights.sum(axis=1), 1))
    low, high = np.quantile(np.concatenate(means), [(1 - level) / 2, (1 + level) / 2])
    return {"difference": float(diff.mean()), "low": float(low), "high": float(high)}


def evaluate(
    churned,
    scores: dict[str, np.ndarray],
    *,
    reference_rate: float | None = None,
    n_boot: int = 0,
    level: float = 0.95,
    random_state: int = 0,
) -> pd.DataFrame:
    """One row per model: ``roc_auc``, ``pr_auc`` (average precision), ``log_loss``,
    ``brier``, ``brier_skill`` (against ``reference_rate``, default the share churned
    here), ``top_decile_lift``, ``base_rate`` (share churned here) and
    ``reference_rate``; with ``n_boot``, the ``level`` intervals of
    :func:`bootstrap_ranking` (the same resamples for every model)."""
    y = np.asarray(churned, dtype=int)
    reference = float(y.mean()) if reference_rate is None else float(reference_rate)
    rows = []
    for name, s in scores.items():
        s = np.clip(np.asarray(s, dtype=float), 0, 1)
        row = {
            "model": name,
            "roc_auc": roc_auc_score(y, s),
            "pr_auc": average_precision_score(y, s),
            "log_loss": log_loss(y, s),
            "brier": brier_score_loss(y, s),
            "brier_skill": brier_skill(y, s, reference),
            "top_decile_lift": top_share_lift(y, s),
            "base_rate": float(y.mean()),
            "reference_rate": reference,
        }
        if n_boot:
            row |= bootstrap_ranking(y, s, n_boot=n_boot, level=level, random_state=random_state)
        rows.append(row)
    return pd.DataFrame(rows)


def calibration_table(churned, scores: dict[str, np.ndarray], bins: int = 10) -> pd.DataFrame:
    """Mean predicted vs observed churn rate per quantile bin of each model's score."""
    frames = []
    for name, s in scores.items():
        observed, predicted = calibration_curve(
            np.asarray(churned, dtype=int), np.clip(s, 0, 1), n_bins=bins, strategy="quantile"
        )
        frames.append(pd.DataFrame({"model": name, "predicted": predicted, "observed": observed}))
    return pd.concat(frames, ignore_index=True)


def gain_table(churned, scores: dict[str, np.ndarray], points: int = 20) -> pd.DataFrame:
    """Cumulative share of churners found when contacting the top share of customers by
    each model's score (the gain chart), at ``points`` shares plus the origin."""
    y = np.asarray(churned, dtype=float)
    shares = np.linspace(0, 1, points + 1)
    frames = []
    for name, s in scores.items():
        found = np.concatenate([[0], np.cumsum(y[np.argsort(-np.asarray(s), kind="stable")])])
        idx = np.round(shares * len(y)).astype(int)
        frames.append(
            pd.DataFrame({"model": name, "contacted": shares, "found": found[idx] / y.sum()})
        )
    return pd.concat(frames, ignore_index=True)
