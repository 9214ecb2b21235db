"""Who to call first: a scikit-learn model of conversion of open leads, on features known at
a snapshot date, evaluated out of time against the source's historic conversion.

Design: at a snapshot date ``s`` a lead is *open* when it was created in the ``open_days``
before ``s`` and has not bought; its label is a purchase in the ``horizon_days`` after ``s``.
Features use only what was recorded before ``s`` (:func:`snapshot_features`). The model is
trained on snapshots whose labels end before the test snapshot (``end - horizon_days``),
tested there, and scores the open leads at the observation end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from crm_lib.churn.evaluation import paired_auc_bootstrap
from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal

NUMERIC = ("age_days", "contacted", "log_response_hours", "log_events", "interest")
REASONS = ("source", *NUMERIC)

_EVENTS_SQL = """
SELECT lead_id, count(*) AS events,
       count(*) FILTER (WHERE stage = 'interest') AS interest_events
FROM events SEMI JOIN _open_leads USING (lead_id)
WHERE event_time < CAST({s} AS TIMESTAMP)
GROUP BY lead_id
"""  # the leads of the snapshot only (_open_leads: their ids, registered from pandas)


def open_at(leads: pd.DataFrame, s: pd.Timestamp, open_days: int) -> pd.DataFrame:
    """Leads open at ``s``: created in the ``open_days`` before it, no purchase before it."""
    created = pd.to_datetime(leads["created_at"])
    won_at = pd.to_datetime(leads["won_at"])
    keep = (created < s) & (created >= s - pd.Timedelta(days=open_days))
    keep &= won_at.isna() | (won_at >= s)
    return leads[keep]


def snapshot_features(ds: Dataset, leads: pd.DataFrame, s: pd.Timestamp) -> pd.DataFrame:
    """Features of ``leads`` at ``s`` from what was recorded before ``s`` only: age (days),
    contacted, log1p response hours, log1p events and whether an interest-stage event was
    seen; plus the source."""
    has_events = ds.has("events")
    if has_events:
        sql = _EVENTS_SQL.format(s=quote_literal(s.isoformat(sep=" ")))
        ds.con.register("_open_leads", pd.DataFrame({"lead_id": leads["lead_id"].to_numpy()}))
        try:
            ev = ds.con.execute(sql).df().set_index("lead_id")
        finally:
            ds.con.unregister("_open_leads")
    else:
        ev = pd.DataFrame(columns=["events", "interest_events"])
    created = pd.to_datetime(leads["created_at"])
    contact = pd.to_datetime(leads["first_contact_at"])
    contacted = contact.notna() & (contact < s)
    hours = ((contact - created).dt.total_seconds() / 3600.0).where(contacted, 0.0)
    joined = ev.reindex(leads["lead_id"]).fillna(0.0)
    return pd.DataFrame(
        {
            "lead_id": leads["lead_id"].to_numpy(),
            "source": leads["source"].to_numpy(),
            "age_days": ((s - created).dt.total_seconds() / 86400.0).to_numpy(),
            "contacted": contacted.astype(float).to_numpy(),
            "log_response_hours": np.log1p(hours.clip(lower=0.0)).to_numpy(),
            "log_events": np.log1p(joined["events"].to_numpy(float)),
            "interest": (joined["interest_events"].to_numpy(float) > 0).astype(float),
        }
    )


def labelled_snapshot(
    ds: Dataset, leads: pd.DataFrame, s: pd.Timestamp, open_days: int, horizon_days: int
) -> pd.DataFrame:
    """Features at ``s`` of the leads open then, and ``y``: bought within ``horizon_days``."""
    part = open_at(leads, s, open_days)
    feats = snapshot_features(ds, part, s)
    won_at = pd.to_datetime(part["won_at"])
    feats["y"] = (won_at < s + pd.Timedelta(days=horizon_days)).fillna(False).to_numpy(bool)
    feats["snapshot"] = s
    return feats


class LeadScorer:
    """Logistic regression on standardised features and source dummies (scikit-learn)."""

    def __init__(self, C: float = 1.0):
        self.C = C

    def _matrix(self, feats: pd.DataFrame) -> np.ndarray:
        src = np.stack([(feats["source"] == s).to_numpy(float) for s in self.sources_], axis=1)
        return np.hstack([feats[list(NUMERIC)].to_numpy(float), src])

    def fit(self, feats: pd.DataFrame, y) -> LeadScorer:
        self.sources_ = sorted(feats["source"].unique())
        self.model_ = make_pipeline(StandardScaler(), LogisticRegression(C=self.C, max_iter=1000))
        self.model_.fit(self._matrix(feats), np.asarray(y, dtype=int))
        return self

    def predict_proba(self, feats: pd.DataFrame) -> np.ndarray:
        """Probability of a purchase within the horizon."""
        if not hasattr(self, "model_"):
            raise RuntimeError("LeadScorer is not fitted")
        return self.model_.predict_proba(self._matrix(feats))[:, 1]

    def reasons(self, feats: pd.DataFrame) -> np.ndarray:
        """Per lead, the feature group (:data:`REASONS`) adding most to its log-odds."""
        scaler, lr = self.model_[0], self.model_[1]
        z = (self._matrix(feats) - scaler.mean_) / scaler.scale_
        contrib = z * lr.coef_[0]
        k = len(NUMERIC)
        groups = np.column_stack([contrib[:, k:].sum(axis=1), contrib[:, :k]])
        return np.array(REASONS)[np.argmax(groups, axis=1)]


class SourceBaseline:
    """The source's historic conversion rate (the baseline a model must beat)."""

    def fit(self, feats: pd.DataFrame, y) -> SourceBaseline:
        y = pd.Series(np.asarray(y, dtype=float), index=feats.index)
        self.rates_ = y.groupby(feats["source"]).mean()
        self.overall_ = float(y.mean())
        return self

    def predict_proba(self, feats: pd.DataFrame) -> np.ndarray:
        return feats["source"].map(self.rates_).fillna(self.overall_).to_numpy(float)


@dataclass(frozen=True)
class Evaluation:
    """Out-of-time test: AUCs with 95 % bootstrap (percentile) intervals over test leads,
    the paired difference, and calibration by quintile of the model's score."""

    train_rows: int
    test_rows: int
    test_positives: int
    auc: float | None
    auc_ci: tuple[float, float] | None
    baseline_auc: float | None
    baseline_ci: tuple[float, float] | None
    diff_ci: tuple[float, float] | None
    calibration: pd.DataFrame  # bin, leads, predicted, observed

    @property
    def beats_baseline(self) -> bool:
        return self.diff_ci is not None and self.diff_ci[0] > 0


def evaluate(train: pd.DataFrame, test: pd.DataFrame, reps: int, seed: int) -> Evaluation:
    """Fit model and baseline on ``train``, compare them on ``test`` (later snapshot)."""
    y_test = test["y"].to_numpy(int)
    empty = pd.DataFrame(columns=["bin", "leads", "predicted", "observed"])
    if train["y"].nunique() < 2 or len(np.unique(y_test)) < 2:
        return Evaluation(len(train), len(test), int(y_test.sum()), None, None, None, None,
                          None, empty)  # fmt: skip
    model = LeadScorer().fit(train, train["y"])
    base = SourceBaseline().fit(train, train["y"])
    p, b = model.predict_proba(test), base.predict_proba(test)
    auc_ci, base_ci, diff_ci = paired_auc_bootstrap(y_test, p, b, n_boot=reps, random_state=seed)
    bins = pd.qcut(pd.Series(p).rank(method="first"), 5, labels=False) + 1
    cal = (
        pd.DataFrame({"bin": bins, "p": p, "y": y_test})
        .groupby("bin")
        .agg(leads=("y", "size"), predicted=("p", "mean"), observed=("y", "mean"))
        .reset_index()
    )
    return Evaluation(
        len(train), len(test), int(y_test.sum()), float(roc_auc_score(y_test, p)), auc_ci,
        float(roc_auc_score(y_test, b)), base_ci, diff_ci, cal,
    )  # fmt: skip


def snapshots(end: pd.Timestamp, horizon_days: int, n_train: int, step_days: int):
    """(training snapshots, test snapshot): the test at ``end - horizon_days``, training
    snapshots every ``step_days`` whose labels end by the test snapshot."""
    test = end - pd.Timedelta(days=horizon_days)
    first = test - pd.Timedelta(days=horizon_days)
    train = [first - pd.Timedelta(days=step_days * k) for k in range(n_train)]
    return train, test
