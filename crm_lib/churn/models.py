"""Churn models and their time-based evaluation.

:class:`ChurnModel` follows the scikit-learn estimator contract (``BaseEstimator``,
``ClassifierMixin``): ``__init__`` stores settings, ``fit(features, churned)`` returns
``self``, learned attributes end in ``_``, ``random_state`` is resolved in ``fit``, an unfitted
model raises ``NotFittedError`` (``check_is_fitted``); ``predict_proba`` gives one column per
class of ``classes_`` (False, True), :meth:`ChurnModel.p_churn` the churn column alone.
``kind="logit"`` is a regularised logistic regression on standardised, imputed numbers and
one-hot categories (the baseline); ``kind="gbm"`` is scikit-learn's
HistGradientBoostingClassifier on the same inputs. :func:`bgnbd_baselines`
gives the two baselines without training from a BG/NBD model fitted on the history to the
cutoff: ``palive`` = 1 - P(alive), and ``no_purchase`` = P(no purchase in the window), the
model's own probability of the churn label. BG/NBD lets a customer drop out only after a
repeat purchase, so every one-time buyer has P(alive) = 1: 1 - P(alive) ranks them as the
safest customers although they churn most; ``no_purchase`` also uses their low purchase rate.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import calibration_curve
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from crm_lib.churn.features import CATEGORICAL, feature_columns
from crm_lib.dataset import Dataset
from crm_lib.ltv import BetaGeoModel, rfm_summary
from crm_lib.ltv.summary import UNIT_DAYS

KINDS = ("logit", "gbm")


class ChurnModel(ClassifierMixin, BaseEstimator):
    """P(churn) per customer from the features of :func:`~crm_lib.churn.churn_features`.

    ``kind``: ``"logit"`` or ``"gbm"``. ``C``: inverse regularisation of the logit.
    ``max_iter``, ``learning_rate``, ``max_leaf_nodes``, ``min_samples_leaf``: boosting
    settings. Learned: ``pipeline_``, ``features_`` (input columns used),
    ``n_features_in_``, ``classes_`` (False, True: churned), ``base_rate_`` (share churned
    in training).
    """

    def __init__(
        self,
        kind: str = "gbm",
        *,
        C: float = 1.0,
        max_iter: int = 200,
        learning_rate: float = 0.05,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 40,
        random_state: int | None = None,
    ):
        self.kind = kind
        self.C = C
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.random_state = random_state

    def _pipeline(self, features: list[str], seed: int):
        categorical = [c for c in features if c in CATEGORICAL]
        numeric = [c for c in features if c not in CATEGORICAL]
        steps = [SimpleImputer(strategy="median", add_indicator=True)]
        if self.kind == "logit":
            steps.append(StandardScaler())
        prep = ColumnTransformer(
            [
                ("num", make_pipeline(*steps), numeric),
                (
                    "cat",
                    OneHotEncoder(handle_unknown="ignore", min_frequency=20, sparse_output=False),
                    categorical,
                ),
            ],  # fmt: skip
            verbose_feature_names_out=False,
        )
        if self.kind == "logit":
            model = LogisticRegression(C=self.C, max_iter=2000)
        elif self.kind == "gbm":
            model = HistGradientBoostingClassifier(
                max_iter=self.max_iter,
                learning_rate=self.learning_rate,
                max_leaf_nodes=self.max_leaf_nodes,
                min_samples_leaf=self.min_samples_leaf,
                random_state=seed,
            )
        else:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        return make_pipeline(prep, model)

    def fit(self, features: pd.DataFrame, churned) -> ChurnModel:
        """Learn from one cutoff's features and the churn labels (bool per row)."""
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        self.features_ = feature_columns(features)
        self.n_features_in_ = len(self.features_)
        y = np.asarray(churned, dtype=int)
        self.pipeline_ = self._pipeline(self.features_, seed).fit(self._x(features), y)
        self.classes_ = np.array([False, True])
        self.base_rate_ = float(y.mean())
        return self

    def _x(self, features: pd.DataFrame) -> pd.DataFrame:
        x = features[self.features_].copy()
        numeric = [c for c in self.features_ if c not in CATEGORICAL]
        x[numeric] = x[numeric].astype(float)
        for c in self.features_:
            if c in CATEGORICAL:
                x[c] = x[c].astype(object)
        return x

    def predict_proba(self, features: pd.DataFrame) -> np.ndarray:
        """P(not churned), P(churned) of each row: one column per class of ``classes_``."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict_proba(self._x(features))

    def predict(self, features: pd.DataFrame) -> np.ndarray:
        """Whether each row is more likely to churn than not (bool)."""
        return self.p_churn(features) >= 0.5

    def p_churn(self, features: pd.DataFrame) -> np.ndarray:
        """P(churn) of each row (0-1)."""
        return self.predict_proba(features)[:, 1]


def bgnbd_baselines(
    ds: Dataset, cutoff: dt.date, window_days: int, customer_ids: pd.Index, time_unit: str = "D"
) -> pd.DataFrame:
    """``palive`` (1 - P(alive)) and ``no_purchase`` (P(no purchase in the ``window_days``
    days after ``cutoff``)) from BG/NBD fitted on every customer's purchases to the cutoff
    (no labels used), for ``customer_ids``; customers without a purchase get the mean."""
    summary = rfm_summary(ds, cutoff, None, time_unit)
    model = BetaGeoModel().fit(summary)
    scores = pd.DataFrame(
        {
            "palive": 1.0 - model.p_alive(summary),
            "no_purchase": model.p_no_purchase(summary, window_days / UNIT_DAYS[time_unit]),
        },
        index=summary.index,
    )
    return scores.reindex(customer_ids).fillna(scores.mean())


def top_share_lift(churned, scores, share: float = 0.1) -> float:
    """Churn rate among the ``share`` highest scores divided by the overall churn rate."""
    y = np.asarray(churned, dtype=float)
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    top = max(1, int(round(share * len(y))))
    return float(y[order[:top]].mean() / y.mean()) if y.mean() else float("nan")


def evaluate(churned, scores: dict[str, np.ndarray]) -> pd.DataFrame:
    """One row per model: ``roc_auc``, ``pr_auc`` (average precision), ``brier``,
    ``top_decile_lift``; ``base_rate`` is the share churned."""
    y = np.asarray(churned, dtype=int)
    rows = []
    for name, s in scores.items():
        s = np.clip(np.asarray(s, dtype=float), 0, 1)
        rows.append(
            {
                "model": name,
                "roc_auc": roc_auc_score(y, s),
                "pr_auc": average_precision_score(y, s),
                "brier": brier_score_loss(y, s),
                "top_decile_lift": top_share_lift(y, s),
                "base_rate": float(y.mean()),
            }
        )
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
