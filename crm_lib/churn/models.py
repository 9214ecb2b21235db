"""Trained churn models.

:class:`ChurnModel` follows the scikit-learn estimator contract (``BaseEstimator``,
``ClassifierMixin``): ``__init__`` stores settings, ``fit(features, churned)`` returns
``self``, learned attributes end in ``_``, ``random_state`` is resolved in ``fit``, an unfitted
model raises ``NotFittedError`` (``check_is_fitted``); ``predict_proba`` gives one column per
class of ``classes_`` (False, True), :meth:`ChurnModel.p_churn` the churn column alone.
``kind="logit"`` is a regularised logistic regression on imputed numbers and one-hot
categories, the counts, day counts and amounts (:data:`~crm_lib.churn.features.LOG_SCALED`)
taken as log1p (signed for net spend) before standardising, since a linear score in raw
currency or days lets a few large customers dominate; ``kind="gbm"`` is scikit-learn's
HistGradientBoostingClassifier on the same inputs without the logs (trees do not need
them). The label-free baselines are in :mod:`crm_lib.churn.baselines`, their evaluation
in :mod:`crm_lib.churn.evaluation`, the choice between them in
:mod:`crm_lib.churn.selection`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from crm_lib import blocks
from crm_lib.churn.features import CATEGORICAL, LOG_SCALED, feature_columns

KINDS = ("logit", "gbm")


SMALL_ROWS = 50_000  # below this, one thread: OpenMP threads cost more than they save


def _threads(rows: int):
    """One native thread for a small problem (on a busy 2-core machine a boosting fit of
    2,000 rows took 4.2 s with the default threads and 0.3 s with one), all above."""
    return threadpool_limits(1 if rows < SMALL_ROWS else None)


def signed_log1p(x):
    """sign(x) log(1 + |x|): log1p for counts, days and amounts, net spend may be negative."""
    return np.sign(x) * np.log1p(np.abs(x))


class ChurnModel(ClassifierMixin, BaseEstimator):
    """P(churn) per customer from the features of :func:`~crm_lib.churn.churn_features`.

    ``kind``: ``"logit"`` or ``"gbm"``. ``C``: inverse regularisation of the logit.
    ``max_iter``, ``learning_rate``, ``max_leaf_nodes``, ``min_samples_leaf``: boosting
    settings (100 trees at rate 0.1, scikit-learn's defaults: on the demo of 100,000
    customers test ROC-AUC 0.946 and log-loss 0.275, as 200 trees at rate 0.05 gave, at
    half the cost of every fit and prediction). Learned: ``pipeline_``, ``features_``
    (input columns used), ``n_features_in_``, ``classes_`` (False, True: churned),
    ``base_rate_`` (share churned in training).
    """

    def __init__(
        self,
        kind: str = "gbm",
        *,
        C: float = 1.0,
        max_iter: int = 100,
        learning_rate: float = 0.1,
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
        logged = [c for c in numeric if c in LOG_SCALED] if self.kind == "logit" else []
        plain = [c for c in numeric if c not in logged]

        def scaled(*first):
            steps = [*first, SimpleImputer(strategy="median", add_indicator=True)]
            return make_pipeline(*steps, *([StandardScaler()] if self.kind == "logit" else []))

        prep = ColumnTransformer(
            [
                (
                    "log",
                    scaled(FunctionTransformer(signed_log1p, feature_names_out="one-to-one")),
                    logged,
                ),
                ("num", scaled(), plain),
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
        with _threads(len(features)):
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
        with _threads(len(features)):
            return blocks.predict_proba(self.pipeline_, self._x(features))

    def predict(self, features: pd.DataFrame) -> np.ndarray:
        """Whether each row is more likely to churn than not (bool)."""
        return self.p_churn(features) >= 0.5

    def p_churn(self, features: pd.DataFrame) -> np.ndarray:
        """P(churn) of each row (0-1)."""
        return self.predict_proba(features)[:, 1]
