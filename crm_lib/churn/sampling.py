"""A stratified random sample of customers: models learn from it, every customer is scored.

Beyond a few ten thousand customers per cutoff, a churn model fitted on a random sample
with the churned and retained shares of the whole (``ChurnParams.fit_sample``), and its
permutation importance and partial dependence computed on one (``explain_sample``), are the
same within sampling noise at a fraction of the time (the design rule of issue 21; boosting
needs the larger samples, tests/test_churn_scale.py). Predictions, test metrics and bootstrap
intervals stay on every customer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone


def stratified_sample(churned, size: int, *, seed: int = 0) -> np.ndarray:
    """Sorted row positions of at most ``size`` rows drawn without replacement, each label
    (churned or not) keeping its share: label k gets floor(size x share_k) rows, the rows
    left over go to the labels with the largest remainders, so each count is within one
    row of size x share_k. All rows when there are at most ``size``. Seeded by ``seed``."""
    y = np.asarray(churned, dtype=bool)
    if len(y) <= size:
        return np.arange(len(y))
    rng = np.random.default_rng(seed)
    labels = (False, True)
    exact = np.array([size * np.mean(y == k) for k in labels])
    counts = np.floor(exact).astype(int)
    counts[np.argsort(counts - exact)[: size - counts.sum()]] += 1
    picked = [
        rng.choice(np.flatnonzero(y == k), n, replace=False)
        for k, n in zip(labels, counts, strict=True)
    ]
    return np.sort(np.concatenate(picked))


def sample_rows(
    features: pd.DataFrame, churned, size: int, *, seed: int = 0
) -> tuple[pd.DataFrame, np.ndarray]:
    """The :func:`stratified_sample` rows of one cutoff's ``features`` and labels (bool)."""
    y = np.asarray(churned, dtype=bool)
    rows = stratified_sample(y, size, seed=seed)
    return features.iloc[rows], y[rows]


def fit_on_sample(model, features: pd.DataFrame, churned, size: int, *, seed: int = 0):
    """A clone of ``model`` fitted on :func:`sample_rows` of one cutoff's ``features`` and
    labels (all rows when there are at most ``size``)."""
    return clone(model).fit(*sample_rows(features, churned, size, seed=seed))
