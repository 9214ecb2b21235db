"""What the customers who raise a topic do afterwards: churn, value and rank.

*Later churn* of a comment: no purchase (:data:`crm_lib.features.PURCHASE`) in the
``window_days`` after the comment's day — the churn window of the churn report — counted
only for comments at least one window before the observation end (their outcome is
known). The unit is the comment, as in the truth of the demo (dropout after a complained
order against after other orders): comments whose main topic is T against every other
comment with a known outcome. A customer who writes often is mostly a customer who buys
often, so comparing *customers* who mention T with those who never do would compare busy
customers with quiet ones; comparing comments does not. Comments of one customer are not
independent: the difference's 95 % interval is a Wald interval with a standard error
clustered by customer (the CR1 sandwich of a regression of churn on the group, as
``statsmodels`` ``cov_type="cluster"`` computes it); p-values are BH-adjusted over the
topics. This is an association: a topic *precedes* churn, it is not shown to cause it.
"""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd
from scipy import stats

from crm_lib.dataset import Dataset
from crm_lib.experiments.arms import bh_adjust
from crm_lib.features import PURCHASE

_names = (f"_voice_refs_{i}" for i in itertools.count())
Z95 = stats.norm.ppf(0.975)


def purchased_within(ds: Dataset, refs: pd.DataFrame, days: int) -> pd.Series:
    """For each row of ``refs`` (``customer_id``, ``day``): whether the customer made a
    purchase in the ``days`` days after ``day`` (aggregated in the engine)."""
    name = next(_names)
    frame = refs[["customer_id", "day"]].reset_index(drop=True).rename_axis("row").reset_index()
    frame["day"] = pd.to_datetime(frame["day"])
    ds.con.register(name, frame)
    try:
        found = ds.con.execute(
            f"""SELECT r.row FROM {name} r
                WHERE EXISTS (SELECT 1 FROM transactions t
                              WHERE t.customer_id = r.customer_id AND {PURCHASE}
                                AND t.order_date > CAST(r.day AS DATE)
                                AND t.order_date <= CAST(r.day AS DATE)
                                                    + INTERVAL {int(days)} DAY)"""
        ).fetchnumpy()["row"]
    finally:
        ds.con.unregister(name)
    out = np.zeros(len(frame), dtype=bool)
    out[np.asarray(found, dtype=np.int64)] = True
    return pd.Series(out, index=refs.index)


def outcome_known(days: pd.Series, end: dt.date, window_days: int) -> pd.Series:
    """Comments at least ``window_days`` before ``end``: their later churn is observed."""
    return pd.to_datetime(days) <= pd.Timestamp(end) - pd.Timedelta(days=int(window_days))


def clustered_difference(
    y: np.ndarray, group: np.ndarray, cluster: np.ndarray
) -> tuple[float, float]:
    """(mean of ``y`` where ``group`` minus mean elsewhere, its CR1 standard error clustered
    by ``cluster``): the slope and standard error of OLS ``y ~ 1 + group`` with
    cluster-robust covariance and the small-sample factor ``G / (G - 1) * (N - 1) / (N - 2)``."""
    y, g = np.asarray(y, dtype=float), np.asarray(group, dtype=bool)
    n1, n0 = int(g.sum()), int((~g).sum())
    if n1 == 0 or n0 == 0:
        return float("nan"), float("nan")
    m1, m0 = y[g].mean(), y[~g].mean()
    resid = np.where(g, y - m1, y - m0)
    codes = pd.factorize(np.asarray(cluster))[0]
    s1 = np.bincount(codes, weights=np.where(g, resid, 0.0))
    s0 = np.bincount(codes, weights=np.where(g, 0.0, resid))
    var = (s1 @ s1) / n1**2 + (s0 @ s0) / n0**2 - 2 * (s1 @ s0) / (n1 * n0)
    clusters, n = len(s1), len(y)
    var *= clusters / (clusters - 1) * (n - 1) / (n - 2) if clusters > 1 and n > 2 else np.nan
    return float(m1 - m0), float(np.sqrt(var))


def churn_by_group(
    comments: pd.DataFrame,
    churned: pd.Series,
    column: str = "topic",
    *,
    min_customers: int = 30,
    fdr: float = 0.05,
) -> pd.DataFrame:
    """Per value of ``column`` (see the module docstring): ``group``, ``comments``,
    ``customers``, ``churn_rate``, ``other_rate``, ``diff_pts``, ``ci_low_pts``,
    ``ci_high_pts`` (95 %, clustered by customer), ``p_value``, ``q_value``,
    ``precedes_churn`` (interval above 0 and q <= ``fdr``).

    ``comments``: ``customer_id`` and ``column`` of the comments whose outcome is known;
    ``churned``: later churn of each (same order). Groups with fewer than
    ``min_customers`` customers are left out."""
    y = np.asarray(churned, dtype=float)
    who = comments["customer_id"].to_numpy()
    values = comments[column].to_numpy()
    rows = []
    for value in sorted(pd.unique(values[pd.notna(values)]), key=_topic_order):
        inside = values == value
        customers = len(np.unique(who[inside]))
        if customers < min_customers or inside.all():
            continue
        diff, se = clustered_difference(y, inside, who)
        z = diff / se if se > 0 else np.nan
        rows.append(
            {
                "group": value,
                "comments": int(inside.sum()),
                "customers": customers,
                "churn_rate": float(y[inside].mean()),
                "other_rate": float(y[~inside].mean()),
                "diff_pts": 100 * diff,
                "ci_low_pts": 100 * (diff - Z95 * se),
                "ci_high_pts": 100 * (diff + Z95 * se),
                "p_value": float(2 * stats.norm.sf(abs(z))) if np.isfinite(z) else np.nan,
            }
        )
    columns = ["group", "comments", "customers", "churn_rate", "other_rate", "diff_pts",
               "ci_low_pts", "ci_high_pts", "p_value"]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    out["q_value"] = bh_adjust(out["p_value"]) if len(out) else []
    out["precedes_churn"] = (out["ci_low_pts"] > 0) & (out["q_value"] <= fdr)
    return out


def _topic_order(value) -> tuple:
    text = str(value)
    return (0, int(text[1:]), "") if text[:1] == "T" and text[1:].isdigit() else (1, 0, text)


def value_by_topic(
    comments: pd.DataFrame, clv: pd.Series, ranks: pd.DataFrame, top_levels: int = 2
) -> pd.DataFrame:
    """Per topic: ``mean_clv`` of the customers who raised it (``clv``: by customer_id) and
    ``upper_rank_share``: their share in the ``top_levels`` highest membership ranks
    (``ranks``: customer_id, rank_level with 0 the highest)."""
    per = comments.dropna(subset=["topic"]).drop_duplicates(["topic", "customer_id"])
    per = per.assign(
        clv=per["customer_id"].map(clv).astype(float),
        upper=per["customer_id"].map(ranks.set_index("customer_id")["rank_level"]) < top_levels,
    )
    out = per.groupby("topic").agg(mean_clv=("clv", "mean"), upper_rank_share=("upper", "mean"))
    return out.reset_index()
