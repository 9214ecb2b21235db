"""Behavioural clusters: customers grouped by how recently, how often and how much per order
they buy, with the number of clusters chosen by a stated criterion and checked for
stability across random seeds and across random subsamples.

The model (:class:`BehaviourClusters`) follows scikit-learn's estimator contract. Its
pipeline: log transform (``log1p`` recency days, ``log`` orders, ``log`` mean order value),
standard scaling, then a Gaussian mixture (default) or KMeans.

- Gaussian mixture: k minimises the ICL, the integrated completed likelihood (Biernacki,
  Celeux & Govaert 2000): BIC plus twice the entropy of the cluster memberships, so it
  prefers well-separated clusters over a closer fit of the density. The covariance floor
  ``reg_covar`` (in squared standard deviations) keeps a component from collapsing on one
  value of the discrete order count (2, 3, 4 orders).
- KMeans: k maximises the mean silhouette.

Scale: the model is fitted on at most ``fit_sample`` customers (a stratified sample, see
:func:`stratified_sample`) and applied to all, so its cost does not grow with the customer
base. Stability is measured two ways: refits with other seeds on the same customers (mean
and lowest adjusted Rand index, ARI) and refits, k chosen afresh, on ``subsample_runs``
stratified subsamples of ``subsample_share`` of the fitted customers (the ARI of each
against the full fit on the customers both saw, and the k each chose).
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


def strata_of(x: np.ndarray) -> np.ndarray:
    """Stratum of each customer for sampling: order-count band (2, 3, 4-5, 6-9, 10+: powers
    of two) x recency quartile band (of the customers given)."""
    x = np.asarray(x, dtype=float)
    orders = np.floor(np.log2(np.maximum(x[:, 1], 1))).clip(0, 4)
    edges = np.quantile(x[:, 0], [0.25, 0.5, 0.75])
    return (orders * 4 + np.searchsorted(edges, x[:, 0], side="right")).astype(int)


def stratified_sample(strata: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Sorted positions of ``size`` customers drawn without replacement, each stratum in
    proportion to its size (largest remainder, so the sizes add up to ``size``)."""
    strata = np.asarray(strata)
    if size >= len(strata):
        return np.arange(len(strata))
    values, counts = np.unique(strata, return_counts=True)
    quota = counts * size / len(strata)
    take = np.floor(quota).astype(int)
    extra = np.argsort(-(quota - take), kind="stable")[: size - take.sum()]
    take[extra] += 1
    chosen = [
        rng.choice(np.flatnonzero(strata == value), n, replace=False)
        for value, n in zip(values, take, strict=True)
    ]
    return np.sort(np.concatenate(chosen))


def _icl(model: GaussianMixture, z: np.ndarray) -> float:
    proba = model.predict_proba(z)
    entropy = -np.sum(proba * np.log(np.clip(proba, 1e-300, None)))
    return model.bic(z) + 2 * entropy


class BehaviourClusters(ClusterMixin, BaseEstimator):
    """Clusters of customers on (recency days, orders, mean order value).

    ``k_range``: smallest and largest k tried. ``method``: ``"gmm"`` (k by ICL) or
    ``"kmeans"`` (k by silhouette). ``stability_seeds``: refits with other seeds, compared
    with the chosen fit by adjusted Rand index. ``silhouette_sample``: customers sampled
    for the silhouette (KMeans only), to bound its quadratic cost. ``fit_sample``: most
    customers fitted on (a stratified sample; every customer is then predicted).
    ``subsample_runs``, ``subsample_share``: refits, k chosen afresh, on stratified
    subsamples of that share of the fitted customers.

    Fitted: ``k_``, ``selection_`` (criterion per k), ``labels_`` (every customer; 0 = the
    cluster with the highest mean log spend per customer, then down), ``fit_rows_``
    (positions of the customers fitted on), ``stability_ari_`` (mean ARI of the seed refits
    against the chosen fit), ``stability_min_ari_`` (lowest ARI of any two of the chosen fit
    and its refits), ``stability_runs_`` (seed, ARI), ``subsample_ari_`` and
    ``subsample_min_ari_`` (mean and lowest ARI of the subsample fits against the chosen fit
    on their customers), ``subsample_k_`` (k -> subsamples choosing it),
    ``subsample_runs_`` (seed, customers, k, ARI), ``subsample_rows_`` (each subsample's
    positions in ``fit_rows_``), ``pipeline_``. ARIs are None without refits.
    """

    def __init__(
        self,
        k_range: tuple[int, int] = (2, 8),
        method: str = "gmm",
        n_init: int = 3,
        reg_covar: float = 0.01,
        stability_seeds: int = 5,
        silhouette_sample: int = 5000,
        fit_sample: int = 50_000,
        subsample_runs: int = 0,
        subsample_share: float = 0.8,
        random_state=0,
    ):
        self.k_range = k_range
        self.method = method
        self.n_init = n_init
        self.reg_covar = reg_covar
        self.stability_seeds = stability_seeds
        self.silhouette_sample = silhouette_sample
        self.fit_sample = fit_sample
        self.subsample_runs = subsample_runs
        self.subsample_share = subsample_share
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
        if low < 1 or min(high, len(x) - 1) < low:
            raise ValueError(f"k_range {self.k_range} does not fit {len(x)} customers")
        strata = strata_of(x)
        self.fit_rows_ = np.arange(len(x))
        if len(x) > int(self.fit_sample):
            self.fit_rows_ = stratified_sample(strata, int(self.fit_sample), rng)
        fitted = x[self.fit_rows_]
        self.k_, self.pipeline_, self.selection_ = self._select(fitted, seed, rng)
        self.criterion_ = "icl" if self.method == "gmm" else "silhouette"
        raw = self.pipeline_.predict(fitted)
        self.order_ = self._order_by_spend(fitted, raw)
        self.labels_ = self.order_[self.pipeline_.predict(x)]
        self._stability(fitted, raw, rng)
        self._subsample_stability(fitted, strata[self.fit_rows_], raw, rng)
        self.n_features_in_ = x.shape[1]
        return self

    def _select(self, x: np.ndarray, seed: int, rng: np.random.Generator):
        """k, fitted pipeline and criterion per k over ``k_range`` on ``x``."""
        low, high = int(self.k_range[0]), min(int(self.k_range[1]), len(x) - 1)
        rows, fits = [], {}
        for k in range(low, high + 1):
            pipe = self._pipeline(k, seed).fit(x)
            fits[k] = pipe
            rows.append({"k": k, "score": self._criterion(pipe, x, rng)})
        selection = pd.DataFrame(rows)
        scores = selection["score"]
        best = scores.idxmin() if self.method == "gmm" else scores.idxmax()
        k = int(selection.loc[best, "k"])
        return k, fits[k], selection

    def _order_by_spend(self, x: np.ndarray, raw: np.ndarray) -> np.ndarray:
        log_spend = np.log(x[:, 1]) + np.log(np.maximum(x[:, 2], MIN_ORDER_VALUE))
        means = pd.Series(log_spend).groupby(raw).mean().reindex(range(self.k_))
        ranking = np.argsort(-means.fillna(-np.inf).to_numpy(), kind="stable")
        order = np.empty(self.k_, dtype=int)
        order[ranking] = np.arange(self.k_)
        return order

    def _stability(self, x: np.ndarray, raw: np.ndarray, rng: np.random.Generator) -> None:
        runs, seeds = [raw], []
        for _ in range(int(self.stability_seeds)):
            seeds.append(int(rng.integers(1 << 31)))
            runs.append(self._pipeline(self.k_, seeds[-1]).fit(x).predict(x))
        against_chosen = [adjusted_rand_score(raw, other) for other in runs[1:]]
        pairwise = [adjusted_rand_score(a, b) for a, b in combinations(runs, 2)]
        self.stability_ari_ = float(np.mean(against_chosen)) if against_chosen else None
        self.stability_min_ari_ = float(min(pairwise)) if pairwise else None
        self.stability_runs_ = pd.DataFrame(
            {
                "seed_run": range(1, len(against_chosen) + 1),
                "seed": seeds,
                "ari_vs_chosen": against_chosen,
            }
        )

    def _subsample_stability(self, x, strata, raw, rng: np.random.Generator) -> None:
        size = int(round(float(self.subsample_share) * len(x)))
        runs, self.subsample_rows_ = [], []
        for run in range(1, int(self.subsample_runs) + 1):
            rows = stratified_sample(strata, size, rng)
            seed = int(rng.integers(1 << 31))
            k, pipe, _ = self._select(x[rows], seed, rng)
            ari = adjusted_rand_score(raw[rows], pipe.predict(x[rows]))
            runs.append({"run": run, "seed": seed, "customers": len(rows), "k": k, "ari": ari})
            self.subsample_rows_.append(rows)
        frame = pd.DataFrame(runs, columns=["run", "seed", "customers", "k", "ari"])
        self.subsample_runs_ = frame
        self.subsample_ari_ = float(frame["ari"].mean()) if runs else None
        self.subsample_min_ari_ = float(frame["ari"].min()) if runs else None
        self.subsample_k_ = {
            int(k): int(n) for k, n in frame["k"].value_counts().sort_index().items()
        }

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
