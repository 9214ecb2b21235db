"""Behavioural clusters: customers grouped by how recently, how often and how much per order
they buy, with the number of clusters chosen by a stated criterion and checked for
stability across random seeds.

The model (:class:`BehaviourClusters`) follows scikit-learn's estimator contract. Its
pipeline: log transform (``log1p`` recency days, ``log`` orders, ``log`` mean order value),
standard scaling, then a Gaussian mixture (default) or KMeans.

- Gaussian mixture: k minimises the ICL, the integrated completed likelihood (Biernacki,
  Celeux & Govaert 2000): BIC plus twice the entropy of the cluster memberships, so it
  prefers well-separated clusters over a closer fit of the density. The covariance floor
  ``reg_covar`` (in squared standard deviations) keeps a component from collapsing on one
  value of the discrete order count (2, 3, 4 orders).
- KMeans: k maximises the mean silhouette.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.mixture import GaussianMixture
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from crm_lib.dataset import Dataset
from crm_lib.features import customer_summary_sql

FEATURES = ("recency_days", "orders", "avg_order_value")
MIN_ORDER_VALUE = 1.0  # floor before the log, for orders recorded at 0 (one currency unit)


def cluster_features(
    ds: Dataset, as_of: dt.date | None = None, *, min_orders: int = 2
) -> pd.DataFrame:
    """Customers with at least ``min_orders`` orders by ``as_of``, from the shared customer
    summary (:mod:`crm_lib.features`): ``recency_days`` (days since the last purchase),
    ``orders`` (purchases), ``avg_order_value`` (gross spend per purchase) and ``monetary``
    (net spend, for revenue shares); amounts in the data's currency."""
    as_of = as_of or ds.observation_end
    return ds.con.execute(
        f"""SELECT customer_id, recency_days, orders, avg_order_value,
                   revenue_net AS monetary
            FROM ({customer_summary_sql(as_of, purchasers_only=True)})
            WHERE orders >= $min_orders
            ORDER BY customer_id""",
        {"min_orders": int(min_orders)},
    ).df()


def _log_features(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.column_stack(
        [np.log1p(x[:, 0]), np.log(x[:, 1]), np.log(np.maximum(x[:, 2], MIN_ORDER_VALUE))]
    )


def _icl(model: GaussianMixture, z: np.ndarray) -> float:
    proba = model.predict_proba(z)
    entropy = -np.sum(proba * np.log(np.clip(proba, 1e-300, None)))
    return model.bic(z) + 2 * entropy


class BehaviourClusters(ClusterMixin, BaseEstimator):
    """Clusters of customers on (recency days, orders, mean order value).

    ``k_range``: smallest and largest k tried. ``method``: ``"gmm"`` (k by ICL) or
    ``"kmeans"`` (k by silhouette). ``stability_seeds``: refits with other seeds, compared
    with the chosen fit by adjusted Rand index. ``silhouette_sample``: customers sampled
    for the silhouette (KMeans only), to bound its quadratic cost.

    Fitted: ``k_``, ``selection_`` (criterion per k), ``labels_`` (0 = the cluster with the
    highest mean log spend per customer, then down), ``stability_ari_`` (mean ARI of the
    refits against the chosen fit), ``stability_runs_``, ``pipeline_``.
    """

    def __init__(
        self,
        k_range: tuple[int, int] = (2, 8),
        method: str = "gmm",
        n_init: int = 3,
        reg_covar: float = 0.01,
        stability_seeds: int = 5,
        silhouette_sample: int = 5000,
        random_state=0,
    ):
        self.k_range = k_range
        self.method = method
        self.n_init = n_init
        self.reg_covar = reg_covar
        self.stability_seeds = stability_seeds
        self.silhouette_sample = silhouette_sample
        self.random_state = random_state

    def _pipeline(self, k: int, seed: int) -> Pipeline:
        if self.method == "gmm":
            model = GaussianMixture(
                k, n_init=self.n_init, reg_covar=self.reg_covar, random_state=seed
            )
        elif self.method == "kmeans":
            model = KMeans(k, n_init=self.n_init, random_state=seed)
        else:
            raise ValueError(f"method must be 'gmm' or 'kmeans', not {self.method!r}")
        return make_pipeline(FunctionTransformer(_log_features), StandardScaler(), model)

    def _criterion(self, pipe: Pipeline, x: np.ndarray, rng: np.random.Generator) -> float:
        z = pipe[:-1].transform(x)
        if self.method == "gmm":
            return _icl(pipe[-1], z)
        labels = pipe[-1].labels_
        if len(np.unique(labels)) < 2:
            return -1.0
        size = min(len(z), int(self.silhouette_sample))
        return silhouette_score(
            z, labels, sample_size=size, random_state=int(rng.integers(1 << 31))
        )

    def _features(self, X) -> np.ndarray:
        if isinstance(X, pd.DataFrame):
            X = X[list(FEATURES)]
        return np.asarray(X, dtype=float)

    def fit(self, X, y=None):
        """Choose k over ``k_range``, fit, order the clusters, measure stability.

        ``X``: a DataFrame with :data:`FEATURES` columns (or an array in that order)."""
        # Three feature columns: BLAS and OpenMP threads only add overhead (and spin when the
        # machine is busy: 10x slower on two shared cores), so the fit runs single-threaded.
        with threadpool_limits(limits=1):
            return self._fit(self._features(X))

    def _fit(self, x: np.ndarray):
        rng = np.random.default_rng(self.random_state)
        seed = int(rng.integers(1 << 31))
        low, high = int(self.k_range[0]), int(self.k_range[1])
        high = min(high, len(x) - 1)
        if low < 1 or high < low:
            raise ValueError(f"k_range {self.k_range} does not fit {len(x)} customers")
        rows, fits = [], {}
        for k in range(low, high + 1):
            pipe = self._pipeline(k, seed).fit(x)
            fits[k] = pipe
            rows.append({"k": k, "score": self._criterion(pipe, x, rng)})
        self.criterion_ = "icl" if self.method == "gmm" else "silhouette"
        self.selection_ = pd.DataFrame(rows)
        best = self.selection_["score"].idxmin() if self.method == "gmm" else None
        if best is None:
            best = self.selection_["score"].idxmax()
        self.k_ = int(self.selection_.loc[best, "k"])
        self.pipeline_ = fits[self.k_]
        raw = self.pipeline_.predict(x)
        self.order_ = self._order_by_spend(x, raw)
        self.labels_ = self.order_[raw]
        self._stability(x, raw, rng)
        self.n_features_in_ = x.shape[1]
        return self

    def _order_by_spend(self, x: np.ndarray, raw: np.ndarray) -> np.ndarray:
        log_spend = np.log(x[:, 1]) + np.log(np.maximum(x[:, 2], MIN_ORDER_VALUE))
        means = pd.Series(log_spend).groupby(raw).mean().reindex(range(self.k_))
        ranking = np.argsort(-means.fillna(-np.inf).to_numpy(), kind="stable")
        order = np.empty(self.k_, dtype=int)
        order[ranking] = np.arange(self.k_)
        return order

    def _stability(self, x: np.ndarray, raw: np.ndarray, rng: np.random.Generator) -> None:
        runs = [raw]
        for _ in range(int(self.stability_seeds)):
            runs.append(self._pipeline(self.k_, int(rng.integers(1 << 31))).fit(x).predict(x))
        against_chosen = [adjusted_rand_score(raw, other) for other in runs[1:]]
        pairwise = [adjusted_rand_score(a, b) for a, b in combinations(runs, 2)]
        self.stability_ari_ = float(np.mean(against_chosen)) if against_chosen else None
        self.stability_runs_ = pd.DataFrame(
            {"seed_run": range(1, len(against_chosen) + 1), "ari_vs_chosen": against_chosen}
        )
        self.stability_min_pairwise_ari_ = float(min(pairwise)) if pairwise else None

    def predict(self, X) -> np.ndarray:
        """Cluster of each customer (0 = highest spend), with the chosen fit."""
        check_is_fitted(self, "pipeline_")
        return self.order_[self.pipeline_.predict(self._features(X))]


def level_of(ratio: pd.Series, low: float = 2 / 3, high: float = 1.5) -> pd.Series:
    """``low``/``mid``/``high`` for a ratio of a cluster's median to the overall median."""
    return pd.Series(
        np.select([ratio < low, ratio > high], ["low", "high"], "mid"), index=ratio.index
    )


def cluster_profiles(features: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    """Per cluster (numbered from 1: label 0 is cluster 1): customers, share, share of net
    revenue, median recency (days), orders and mean order value (the data's currency), and
    each as a word: ``recency_days_level``, ``orders_level``, ``avg_order_value_level`` are
    ``low``, ``mid`` or ``high`` against the median of all clustered customers (below 2/3
    of it, within, above 1.5 times)."""
    frame = features.assign(cluster=np.asarray(labels) + 1)
    grouped = frame.groupby("cluster")
    profile = pd.DataFrame(
        {
            "customers": grouped.size(),
            "revenue": grouped["monetary"].sum(),
            "recency_days": grouped["recency_days"].median(),
            "orders": grouped["orders"].median(),
            "avg_order_value": grouped["avg_order_value"].median(),
        }
    )
    profile["customer_share"] = profile["customers"] / profile["customers"].sum()
    profile["revenue_share"] = profile["revenue"] / profile["revenue"].sum()
    for column in FEATURES:
        overall = frame[column].median()
        profile[f"{column}_level"] = level_of(profile[column] / overall)
    return profile.reset_index()
