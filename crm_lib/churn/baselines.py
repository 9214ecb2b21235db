"""Churn scores without training: a purchase-count model's own probabilities.

A purchase-count model (BG/NBD by default, or the one the LTV report chose: any
:class:`~crm_lib.ltv.PurchaseCountModel` with ``p_alive`` and ``p_no_purchase``) is fitted
on every customer's purchase days to a cutoff, without the churn labels.
:class:`PurchaseFits` keeps one fit per cutoff, shared by the ``p_alive`` churn definition,
the baselines and the value at risk. :class:`PurchaseModelChurn` turns a fitted model into a
churn scorer with the interface of :class:`~crm_lib.churn.ChurnModel`, reading the model's
inputs from the churn features (``purchase_days``, ``recency_days``, ``tenure_days``), so
that it is evaluated, chosen, explained and scores the at-risk list like a trained model:

- ``no_purchase``: the model's own probability of the churn label: P(no purchase in the
  ``window_days`` days after the cutoff), times whether the silence then reaches the
  customer's allowance (``rhythm``: known at the cutoff from their mean gap; ``p_alive``:
  whether P(alive) after a quiet window, by the same model, is below the threshold). For
  the ``window`` definition it is P(no purchase in the window) itself;
- ``palive``: 1 - P(alive). BG/NBD lets a customer drop out only after a repeat purchase,
  so every one-time buyer has P(alive) = 1: it deems none of them at risk.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

from crm_lib.churn.definition import Design
from crm_lib.dataset import Dataset
from crm_lib.ltv import BetaGeoModel, PurchaseCountModel, rfm_summary
from crm_lib.ltv.choice import COUNT_MODELS
from crm_lib.ltv.summary import UNIT_DAYS

BASELINES = ("no_purchase", "palive")
#: the churn features a purchase-count model reads (days, and purchase days)
INPUTS = ("recency_days", "purchase_days", "tenure_days")


class PurchaseFits:
    """One purchase-count model per cutoff, fitted on every customer's purchase days to it
    (:func:`crm_lib.ltv.rfm_summary` in ``time_unit``); ``counts``: the unfitted model to
    clone, or its name in :data:`crm_lib.ltv.choice.COUNT_MODELS` (default
    :class:`~crm_lib.ltv.BetaGeoModel`). Fits are kept: each cutoff is fitted
    once however many sections ask."""

    def __init__(self, ds: Dataset, time_unit: str, counts: PurchaseCountModel | str | None = None):
        self.ds = ds
        self.time_unit = time_unit
        if isinstance(counts, str):
            counts = COUNT_MODELS[counts]()
        self.counts = counts if counts is not None else BetaGeoModel()
        self._fits: dict[dt.date, tuple[PurchaseCountModel, pd.DataFrame]] = {}

    def at(self, cutoff: dt.date) -> tuple[PurchaseCountModel, pd.DataFrame]:
        """(fitted model, summary) of the purchases on or before ``cutoff``."""
        if cutoff not in self._fits:
            summary = rfm_summary(self.ds, cutoff, None, self.time_unit)
            self._fits[cutoff] = (clone(self.counts).fit(summary), summary)
        return self._fits[cutoff]

    def p_alive(self, cutoff: dt.date) -> pd.Series:
        """P(alive) at ``cutoff`` of every customer with a purchase by then."""
        model, summary = self.at(cutoff)
        return pd.Series(model.p_alive(summary), index=summary.index, name="p_alive")

    def scorer(self, kind: str, cutoff: dt.date, design: Design) -> PurchaseModelChurn:
        """The baseline ``kind`` for the labels of ``design``, with the model fitted at
        ``cutoff``."""
        model, _ = self.at(cutoff)
        threshold = design.p_alive_threshold if design.definition == "p_alive" else None
        return PurchaseModelChurn(
            model, kind, window_days=design.window_days, time_unit=self.time_unit,
            rhythm_multiple=design.multiple, p_alive_threshold=threshold,
        )  # fmt: skip


def histories(features: pd.DataFrame, time_unit: str) -> pd.DataFrame:
    """The purchase-count model's inputs from churn features (days): ``frequency`` = purchase
    days - 1, ``T`` = days since the first purchase, ``recency`` = days from the first to the
    last purchase (clipped to [0, T]; 0 with one purchase day), in ``time_unit``."""
    unit = UNIT_DAYS[time_unit]
    days = features[list(INPUTS)].astype(float)
    frequency = (days["purchase_days"] - 1).clip(lower=0)
    t = days["tenure_days"].clip(lower=0)
    recency = (t - days["recency_days"]).clip(lower=0).clip(upper=t).where(frequency > 0, 0.0)
    return pd.DataFrame(
        {"frequency": frequency, "recency": recency / unit, "T": t / unit}, index=features.index
    )


class PurchaseModelChurn(ClassifierMixin, BaseEstimator):
    """P(churn) from a **fitted** purchase-count model ``counts`` (no training on labels).

    ``kind``: ``"no_purchase"`` or ``"palive"`` (see the module); ``window_days``: the
    churn window; ``time_unit``: the model's unit (``D`` or ``W``); ``rhythm_multiple``
    (``rhythm`` labels, 0 otherwise) and ``p_alive_threshold`` (``p_alive`` labels, None
    otherwise) say which label ``no_purchase`` is the probability of. ``fit(features,
    churned=None)`` learns nothing from the labels: it records ``features_`` (the inputs it
    reads), ``classes_`` and ``base_rate_`` (share churned, when labels are given).
    """

    def __init__(
        self,
        counts: PurchaseCountModel | None = None,
        kind: str = "no_purchase",
        *,
        window_days: int = 90,
        time_unit: str = "D",
        rhythm_multiple: float = 0.0,
        p_alive_threshold: float | None = None,
    ):
        self.counts = counts
        self.kind = kind
        self.window_days = window_days
        self.time_unit = time_unit
        self.rhythm_multiple = rhythm_multiple
        self.p_alive_threshold = p_alive_threshold

    def fit(self, features: pd.DataFrame, churned=None) -> PurchaseModelChurn:
        """Check the purchase model is fitted; the labels are not used."""
        if self.kind not in BASELINES:
            raise ValueError(f"kind must be one of {BASELINES}, not {self.kind!r}")
        check_is_fitted(self.counts, "params_")
        gap = ["mean_gap_days"] if self.kind == "no_purchase" and self.rhythm_multiple else []
        self.features_ = [*INPUTS, *gap]
        self.n_features_in_ = len(self.features_)
        self.classes_ = np.array([False, True])
        self.base_rate_ = float(np.mean(churned)) if churned is not None else float("nan")
        return self

    def p_churn(self, features: pd.DataFrame) -> np.ndarray:
        """P(churn) of each row (0-1)."""
        check_is_fitted(self, "features_")
        summary = histories(features, self.time_unit)
        if self.kind == "palive":
            return 1.0 - np.asarray(self.counts.p_alive(summary), dtype=float)
        t = self.window_days / UNIT_DAYS[self.time_unit]
        quiet = np.asarray(self.counts.p_no_purchase(summary, t), dtype=float)
        return quiet * self._reaches(features, summary, t)

    def _reaches(self, features: pd.DataFrame, summary: pd.DataFrame, t: float) -> np.ndarray:
        """Whether a quiet window makes the customer churned by the label's definition."""
        if self.rhythm_multiple:
            gap = features["mean_gap_days"].astype(float).to_numpy()
            allowance = np.fmax(self.window_days, self.rhythm_multiple * gap)  # NaN: window
            silence = features["recency_days"].astype(float).to_numpy() + self.window_days
            return (silence >= allowance).astype(float)
        if self.p_alive_threshold is not None:
            later = summary.assign(T=summary["T"] + t)
            return (np.asarray(self.counts.p_alive(later)) < self.p_alive_threshold).astype(float)
        return np.ones(len(features))

    def predict_proba(self, features: pd.DataFrame) -> np.ndarray:
        """P(not churned), P(churned) of each row: one column per class of ``classes_``."""
        p = self.p_churn(features)
        return np.column_stack([1 - p, p])

    def predict(self, features: pd.DataFrame) -> np.ndarray:
        """Whether each row is more likely to churn than not (bool)."""
        return self.p_churn(features) >= 0.5
