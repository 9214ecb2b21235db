"""Who responds *because* of a campaign: uplift models trained on the campaigns that kept a
random control group, with features as of each send and an out-of-sample evaluation.

**Data.** One row per contact of a campaign with both a ``treatment`` and a ``control``
group (``contacts.group``; other campaigns, such as newsletters without a control group, are
left out): ``treatment`` (1 sent, 0 control), ``responded`` (0/1), ``revenue``. The features
of a row are computed in the engine (one SQL statement, joins by customer) **as of the day
before the send date**: only orders dated before the send date, earlier sends, a subscription
running then, and the customer's profile. The purchase measures are the shared definitions of
:mod:`crm_lib.features`: ``recency_days``, ``tenure_days`` (days to the day before the send),
``orders``, ``purchase_days``, ``spend_total`` (gross purchases), ``avg_order_value``; plus
``mean_gap_days`` (first to last purchase over purchase days - 1), ``overdue_ratio``
(recency over the mean gap), ``orders_90d`` (purchases in the 90 days before),
``spend_365d`` (net spend of the 365 days
before), ``rank_level`` (membership rank of the net spend in the ``rank_window_months``
months before, 0 = highest, as :mod:`crm_lib.segments.ranks` ranks), ``sends_30d`` and
``sends_before`` (messages actually sent to the customer, control rows excluded, in the 30
days before the send date and ever before it), ``subscription_active`` (0/1); and the
categories ``age_band``, ``gender``, ``region``, ``acquisition_channel`` (customers table),
``channel`` and ``campaign_id`` of the send. Amounts in the data's currency, durations in
days. A customer without an earlier order has no purchase measures (missing; ``orders`` 0).

**Models** (:class:`UpliftModel`, scikit-learn's estimator contract):

* ``approach="two_model"`` (T-learner, **the default**): one classifier of P(respond) on the
  treated rows and one on the controls; uplift = P_T(x) - P_C(x). With the default
  ``learner="gbm"`` (HistGradientBoostingClassifier: 100 trees, learning rate 0.05, at
  least 200 rows a leaf, since the control groups are small, 10-20 % of a campaign) each
  arm's model finds interactions such as campaign x age band by itself. It is the default
  because it did better on the demo: trained on all five campaigns with a control group
  (50,000 customers, seeds 1, 7 and 42, the same settings), it put CP03's test under-60s
  above its 60+ by 8-10 points of predicted uplift, with a Qini coefficient on CP03 of
  0.057-0.092; the class transformation by 1.5-4.5 points, Qini 0.002-0.032.
* ``approach="class_transformation"`` (Jaskowski & Jaroszewicz 2012): one classifier of
  Z = Y T + (1 - Y)(1 - T); with treatment and control equally likely, uplift =
  2 P(Z = 1 | x) - 1. The arms here are not balanced, so each row is weighted by
  0.5 / P(its arm) within its stratum (``strata``: the campaign, inside which treatment was
  randomised), which makes them so.

``learner="logit"``: a regularised logistic regression on standardised, imputed numbers and
one-hot categories (main effects only) in place of boosting.

**Evaluation out of sample, by customer.** :func:`customer_split` puts each customer with
all their rows (every campaign) in the training or the test part (a seeded permutation of the
distinct customer ids), so no customer's own responses inform the score they are evaluated
on. A held-out campaign is not used: each campaign has its own effect pattern (the demo's
CP03 alone harms the 60+), so a model never shown a campaign cannot know it. The test rows
are scored per campaign with :mod:`crm_lib.experiments.qini` (Qini coefficient, AUUC, top
decile uplift, seeded bootstrap intervals).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from crm_lib import blocks, encoded
from crm_lib.dataset import Dataset
from crm_lib.engine import quote_literal, sql_list
from crm_lib.experiments import qini
from crm_lib.features import CUSTOMER_SUMMARY, PURCHASE, date_literal
from crm_lib.params import DEFAULT_RANK_TIERS

APPROACHES = ("two_model", "class_transformation")
LEARNERS = ("gbm", "logit")
#: numeric model inputs, in this order
NUMERIC = (
    "recency_days", "tenure_days", "orders", "purchase_days", "mean_gap_days", "overdue_ratio",
    "orders_90d", "spend_total", "spend_365d", "avg_order_value", "rank_level", "sends_30d",
    "sends_before", "subscription_active",
)  # fmt: skip
#: categorical model inputs: the customer's profile, then the send's channel and campaign
PROFILE = ("age_band", "gender", "region", "acquisition_channel")
CATEGORICAL = (*PROFILE, "channel", "campaign_id")
#: the model inputs that are amounts in the data's currency
MONEY_FEATURES = ("spend_total", "spend_365d", "avg_order_value")
MISSING_CATEGORY = "—"


def _has(ds: Dataset, table: str, column: str) -> bool:
    return ds.has(table) and column in ds.loads[table].columns


def _rank_level_sql(tiers: dict[str, float], spend: str) -> str:
    """SQL: the rank level (0 = highest) of a net spend column, NULL when it is NULL."""
    minimums = sorted({float(v) for v in tiers.values()}, reverse=True)
    whens = " ".join(f"WHEN {spend} >= {v!r} THEN {i}" for i, v in enumerate(minimums[:-1]))
    last = len(minimums) - 1
    return f"CASE WHEN {spend} IS NULL THEN NULL {whens} ELSE {last} END"


def _features_sql(
    ds: Dataset, sends: str, *, rank_tiers: dict[str, float], rank_window_months: int
) -> str:
    """SQL: ``sends`` (a relation with ``row_id``, ``customer_id``, ``send_date`` and any
    other columns) with the features of every row as of the day before its send date."""
    summary = {
        name: CUSTOMER_SUMMARY[name].format(as_of="as_of")
        for name in (
            "recency_days", "tenure_days", "orders", "purchase_days", "revenue_gross",
            "avg_order_value",
        )
    }  # fmt: skip
    months = int(rank_window_months)
    parts = [
        """tx AS (SELECT s.row_id, s.as_of, t.order_date, t.amount
             FROM s JOIN transactions t
               ON t.customer_id = s.customer_id AND t.order_date <= s.as_of)""",
        f"""f AS (SELECT row_id,
               {summary["recency_days"]} AS recency_days,
               {summary["tenure_days"]} AS tenure_days,
               {summary["orders"]} AS orders,
               {summary["purchase_days"]} AS purchase_days,
               count(*) FILTER (WHERE {PURCHASE} AND order_date > as_of - INTERVAL 90 DAY)
                   AS orders_90d,
               {summary["revenue_gross"]} AS spend_total,
               coalesce(sum(amount) FILTER (WHERE order_date > as_of - INTERVAL 365 DAY), 0)
                   AS spend_365d,
               {summary["avg_order_value"]} AS avg_order_value,
               coalesce(sum(amount) FILTER (
                   WHERE order_date > as_of - INTERVAL {months} MONTH), 0) AS spend_rank
             FROM tx GROUP BY row_id, as_of)""",
    ]
    select = [
        "s.*",
        "f.recency_days", "f.tenure_days", "coalesce(f.orders, 0) AS orders",
        "coalesce(f.purchase_days, 0) AS purchase_days",
        "(f.tenure_days - f.recency_days) / nullif(f.purchase_days - 1, 0) AS mean_gap_days",
        "f.recency_days * (f.purchase_days - 1) / nullif(f.tenure_days - f.recency_days, 0)"
        " AS overdue_ratio",
        "coalesce(f.orders_90d, 0) AS orders_90d", "f.spend_total", "f.spend_365d",
        "f.avg_order_value", f"{_rank_level_sql(rank_tiers, 'f.spend_rank')} AS rank_level",
    ]  # fmt: skip
    joins = ["LEFT JOIN f USING (row_id)"]
    if ds.has("contacts"):
        sent = (
            "lower(trim(coalesce(c.\"group\", 'treatment'))) <> 'control'"
            if _has(ds, "contacts", "group")
            else "true"
        )
        parts.append(
            f"""prev AS (SELECT s.row_id,
                   count(*) FILTER (WHERE CAST(c.sent_at AS DATE) > s.as_of - INTERVAL 30 DAY)
                       AS sends_30d,
                   count(*) AS sends_before
                 FROM s JOIN contacts c
                   ON c.customer_id = s.customer_id AND CAST(c.sent_at AS DATE) <= s.as_of
                 WHERE {sent} GROUP BY s.row_id)"""
        )
        select += ["coalesce(prev.sends_30d, 0) AS sends_30d",
                   "coalesce(prev.sends_before, 0) AS sends_before"]  # fmt: skip
        joins.append("LEFT JOIN prev USING (row_id)")
    if ds.has("subscriptions"):
        parts.append(
            """sub AS (SELECT s.row_id, 1 AS subscription_active
                FROM s JOIN subscriptions u ON u.customer_id = s.customer_id
                 AND u.start_date <= s.as_of AND (u.end_date IS NULL OR u.end_date > s.as_of)
                GROUP BY s.row_id)"""
        )
        select.append("coalesce(sub.subscription_active, 0) AS subscription_active")
        joins.append("LEFT JOIN sub USING (row_id)")
    profile = [c for c in PROFILE if _has(ds, "customers", c)]
    if profile:
        parts.append(f"prof AS (SELECT customer_id, {', '.join(profile)} FROM customers)")
        select += [f"prof.{c}" for c in profile]
        joins.append("LEFT JOIN prof USING (customer_id)")
    return (
        f"WITH s AS ({sends}),\n"
        + ",\n".join(parts)
        + f"\nSELECT {', '.join(select)} FROM s {' '.join(joins)} ORDER BY s.row_id"
    )


def _frame(ds: Dataset, sql: str, params: dict | None = None) -> pd.DataFrame:
    frame = ds.con.execute(sql, params or {}).df()
    for c in NUMERIC:  # plain floats, missing = NaN (not pandas' nullable NA)
        if c in frame.columns:
            frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    for c in CATEGORICAL:
        if c in frame.columns:
            frame[c] = frame[c].astype(object).where(frame[c].notna(), MISSING_CATEGORY)
            frame[c] = frame[c].astype(str)
    return frame


def experiment_campaigns(ds: Dataset) -> list[str]:
    """Campaigns with at least one treatment and one control row, sorted."""
    if not (_has(ds, "contacts", "group")):
        return []
    rows = ds.con.execute(
        """SELECT campaign_id FROM contacts GROUP BY campaign_id
           HAVING count(*) FILTER (WHERE lower(trim("group")) = 'treatment') > 0
              AND count(*) FILTER (WHERE lower(trim("group")) = 'control') > 0
           ORDER BY campaign_id"""
    ).fetchall()
    return [r[0] for r in rows]


def uplift_features(
    ds: Dataset,
    campaigns: list[str] | None = None,
    *,
    rank_tiers: dict[str, float] | None = None,
    rank_window_months: int = 12,
) -> pd.DataFrame:
    """One row per contact of the experiment campaigns (``campaigns``, default
    :func:`experiment_campaigns`): ``row_id``, ``customer_id``, ``campaign_id``, ``channel``,
    ``sent_at``, ``send_date``, ``as_of`` (the day before), ``treatment`` (1/0),
    ``responded`` (1/0), ``revenue`` (0 when empty), and every feature of the module notes
    the data has. ``rank_tiers``: rank -> minimum net spend (``business.rank_tiers``)."""
    for column in ("group", "responded"):
        if not _has(ds, "contacts", column):
            raise ValueError(f"uplift needs contacts.{column}")
    chosen = experiment_campaigns(ds) if campaigns is None else list(campaigns)
    if not chosen:
        raise ValueError("no campaign has both a treatment and a control group")
    listed = sql_list(chosen)
    channel = "channel" if _has(ds, "contacts", "channel") else "NULL"
    revenue = "coalesce(revenue, 0)" if _has(ds, "contacts", "revenue") else "0"
    sends = f"""SELECT row_number() OVER (ORDER BY campaign_id, sent_at, customer_id) AS row_id,
                customer_id, campaign_id, {channel} AS channel, sent_at,
                CAST(sent_at AS DATE) AS send_date, CAST(sent_at AS DATE) - 1 AS as_of,
                CAST(lower(trim("group")) = 'treatment' AS INTEGER) AS treatment,
                CAST(coalesce(responded, false) AS INTEGER) AS responded,
                CAST({revenue} AS DOUBLE) AS revenue
         FROM contacts
         WHERE campaign_id IN ({listed}) AND lower(trim("group")) IN ('treatment', 'control')"""
    tiers = DEFAULT_RANK_TIERS if rank_tiers is None else rank_tiers
    return _frame(
        ds, _features_sql(ds, sends, rank_tiers=tiers, rank_window_months=rank_window_months)
    )


def send_features(
    ds: Dataset,
    send_date,
    *,
    campaign_id: str,
    channel: str,
    customers: list[str] | None = None,
    rank_tiers: dict[str, float] | None = None,
    rank_window_months: int = 12,
) -> pd.DataFrame:
    """The same features for a planned send on ``send_date`` of a campaign like
    ``campaign_id`` on ``channel``: one row per customer with a purchase before that day who
    had not unsubscribed before it (or the listed ``customers``), for scoring a target list.
    Columns as :func:`uplift_features` without the outcome columns."""
    day = date_literal(send_date)
    unsub = ""
    if _has(ds, "contacts", "unsubscribed"):
        unsub = f"""AND customer_id NOT IN (SELECT customer_id FROM contacts
                    WHERE unsubscribed AND CAST(sent_at AS DATE) < {day})"""
    chosen, params = "", None
    if customers is not None:
        chosen = "AND customer_id IN (SELECT unnest($customers))"
        params = {"customers": [str(c) for c in customers]}
    sends = f"""SELECT row_number() OVER (ORDER BY customer_id) AS row_id, customer_id,
                {quote_literal(campaign_id)} AS campaign_id, {quote_literal(channel)} AS channel,
                {day} AS send_date, CAST({day} - 1 AS DATE) AS as_of
         FROM (SELECT DISTINCT customer_id FROM transactions
               WHERE {PURCHASE} AND order_date < {day}) b
         WHERE true {unsub} {chosen}"""
    tiers = DEFAULT_RANK_TIERS if rank_tiers is None else rank_tiers
    sql = _features_sql(ds, sends, rank_tiers=tiers, rank_window_months=rank_window_months)
    return _frame(ds, sql, params)


def feature_columns(frame: pd.DataFrame, *, campaign: bool = True) -> list[str]:
    """The model inputs present in a feature frame, numbers first; ``campaign=False`` leaves
    out ``campaign_id`` (for a model meant to score campaigns it has not seen)."""
    names = [c for c in NUMERIC + CATEGORICAL if c in frame.columns]
    return names if campaign else [c for c in names if c != "campaign_id"]


class UpliftModel(BaseEstimator):
    """Predicted uplift (treated minus control response probability) per row.

    ``approach``: ``"two_model"`` (default) or ``"class_transformation"`` (module notes).
    ``learner``: ``"gbm"`` (HistGradientBoostingClassifier, default) or ``"logit"``.
    ``features``: input columns (default: :func:`feature_columns` of the training frame).
    ``C``: inverse regularisation of the logit; ``max_iter``, ``learning_rate``,
    ``max_leaf_nodes``, ``min_samples_leaf``, ``l2_regularization``: boosting settings.
    Learned: ``features_``, ``n_features_in_``, ``categorical_``, ``models_`` (dict
    ``treatment``/``control`` for two_model, ``transformed`` for class_transformation),
    ``treatment_rate_``, ``response_rate_``.
    """

    def __init__(
        self,
        approach: str = "two_model",
        learner: str = "gbm",
        *,
        features: list[str] | None = None,
        C: float = 1.0,
        max_iter: int = 100,
        learning_rate: float = 0.05,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 200,
        l2_regularization: float = 1.0,
        early_stopping: bool = False,
        random_state: int | None = None,
    ):
        self.approach = approach
        self.learner = learner
        self.features = features
        self.C = C
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.early_stopping = early_stopping
        self.random_state = random_state

    def _pipeline(self, seed: int):
        numeric = [c for c in self.features_ if c not in self.categorical_]
        steps = [SimpleImputer(strategy="median", add_indicator=True)]
        if self.learner == "logit":
            steps.append(StandardScaler())
        prep = ColumnTransformer(
            [
                ("num", make_pipeline(*steps), numeric),
                (
                    "cat",
                    OneHotEncoder(handle_unknown="ignore", min_frequency=20, sparse_output=False),
                    self.categorical_,
                ),
            ],  # fmt: skip
            verbose_feature_names_out=False,
        )
        if self.learner == "logit":
            model = LogisticRegression(C=self.C, max_iter=2000)
        elif self.learner == "gbm":
            model = HistGradientBoostingClassifier(
                max_iter=self.max_iter,
                learning_rate=self.learning_rate,
                max_leaf_nodes=self.max_leaf_nodes,
                min_samples_leaf=self.min_samples_leaf,
                l2_regularization=self.l2_regularization,
                early_stopping=self.early_stopping,
                validation_fraction=0.2,
                n_iter_no_change=10,
                random_state=seed,
            )
        else:
            raise ValueError(f"learner must be one of {LEARNERS}, not {self.learner!r}")
        return make_pipeline(prep, model)

    def _x(self, X: pd.DataFrame) -> pd.DataFrame:
        x = X[self.features_].copy()
        for c in self.features_:
            x[c] = x[c].astype(str) if c in self.categorical_ else x[c].astype(float)
        return x

    def fit(self, X: pd.DataFrame, treatment, y, *, strata=None) -> UpliftModel:
        """Learn from feature rows ``X``, ``treatment`` (1/0) and the 0/1 outcome ``y``.
        ``strata``: per row, the group inside which treatment was randomised (the campaign);
        used by class_transformation to balance the arms (default: one group)."""
        if self.approach not in APPROACHES:
            raise ValueError(f"approach must be one of {APPROACHES}, not {self.approach!r}")
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        t = np.asarray(treatment).astype(bool)
        y = np.asarray(y, dtype=int)
        if t.all() or not t.any():
            raise ValueError("both arms (treatment and control) are needed")
        self.features_ = list(self.features or feature_columns(X))
        self.categorical_ = [
            c for c in self.features_
            if c in CATEGORICAL or not pd.api.types.is_numeric_dtype(X[c])
        ]  # fmt: skip
        self.n_features_in_ = len(self.features_)
        x = self._x(X)
        with threadpool_limits(1):
            if self.approach == "two_model":
                self.models_ = {
                    "treatment": self._pipeline(seed).fit(x[t], y[t]),
                    "control": self._pipeline(seed).fit(x[~t], y[~t]),
                }
            else:
                z = np.where(t, y, 1 - y)
                groups = np.zeros(len(t)) if strata is None else pd.factorize(strata)[0]
                share = pd.Series(t).groupby(groups).transform("mean").to_numpy()
                weight = np.where(t, 0.5 / share, 0.5 / (1 - share))
                model = self._pipeline(seed)
                step = model.steps[-1][0]
                model.fit(x, z, **{f"{step}__sample_weight": weight / weight.mean()})
                self.models_ = {"transformed": model}
        self.treatment_rate_ = float(t.mean())
        self.response_rate_ = float(y.mean())
        return self

    def predict_arms(self, X: pd.DataFrame) -> pd.DataFrame:
        """Two-model only: ``p_treatment`` and ``p_control`` (response probabilities)."""
        check_is_fitted(self, "models_")
        if self.approach != "two_model":
            raise ValueError("arm probabilities need approach='two_model'")
        x = self._x(X)
        with threadpool_limits(1):
            return pd.DataFrame(
                {
                    "p_treatment": blocks.predict_proba(self.models_["treatment"], x)[:, 1],
                    "p_control": blocks.predict_proba(self.models_["control"], x)[:, 1],
                },
                index=X.index,
            )

    def predict_uplift(self, X: pd.DataFrame) -> np.ndarray:
        """Predicted uplift of each row: the change in response probability a send causes
        (-1 to 1; 0.05 = 5 points)."""
        check_is_fitted(self, "models_")
        if self.approach == "two_model":
            arms = self.predict_arms(X)
            return (arms["p_treatment"] - arms["p_control"]).to_numpy()
        with threadpool_limits(1):
            p = blocks.predict_proba(self.models_["transformed"], self._x(X))[:, 1]
        return 2 * p - 1

    def what_if(self, X: pd.DataFrame, values: dict) -> pd.DataFrame:
        """Predicted uplift of each row with one input at a time set to ``values[input]``:
        one column per input of ``features_`` (in ``values``). Each arm's rows are encoded
        once and only the rows an input's value changes predicted again
        (:func:`crm_lib.encoded.with_each_input_set`)."""
        check_is_fitted(self, "models_")
        x = self._x(X)
        row = self._x(pd.DataFrame([{f: values.get(f, np.nan) for f in self.features_}]))
        inputs = [f for f in self.features_ if f in values]
        with threadpool_limits(1):
            preds = {arm: encoded.with_each_input_set(pipe, x, row, inputs)[1]
                     for arm, pipe in self.models_.items()}  # fmt: skip
        if self.approach == "two_model":
            out = {f: preds["treatment"][f] - preds["control"][f] for f in inputs}
        else:
            out = {f: 2 * preds["transformed"][f] - 1 for f in inputs}
        return pd.DataFrame(out, index=X.index)


def typical_values(frame: pd.DataFrame, features: list[str]) -> dict:
    """The typical value of each input: the median of a number, the most common category."""
    out = {}
    for f in features:
        col = frame[f]
        if f in CATEGORICAL or not pd.api.types.is_numeric_dtype(col):
            out[f] = col.astype(str).mode().iloc[0]
        else:
            values = col.astype(float)
            out[f] = float(values.median()) if values.notna().any() else np.nan
    return out


def customer_split(customer_ids, test_share: float = 0.3, seed: int = 0) -> np.ndarray:
    """Per row, whether its customer is in the test part: ``test_share`` of the distinct
    customers (a numpy Generator permutation of the sorted ids, seeded), all their rows with
    them."""
    ids = pd.Series(np.asarray(customer_ids)).astype(str)
    distinct = np.sort(ids.unique())
    rng = np.random.default_rng(seed)
    chosen = distinct[rng.permutation(len(distinct))[: int(round(test_share * len(distinct)))]]
    return ids.isin(set(chosen)).to_numpy()


def evaluate(
    frame: pd.DataFrame,
    uplift,
    *,
    by: str | None = "campaign_id",
    outcome: str = "responded",
    n_boot: int = 200,
    seed: int = 0,
    top_share: float = 0.1,
) -> pd.DataFrame:
    """Per group of ``by`` (each campaign; None: all rows as one group ``"all"``) of the
    scored rows: ``n``, ``n_treatment``, ``n_control``, and for each of
    ``qini_coefficient``, ``qini_area``, ``auuc``, ``uplift_top`` (observed uplift in the top
    ``top_share`` by score) and ``uplift_overall`` the estimate with ``_low``/``_high``
    (bootstrap percentile interval, 95 %, ``n_boot`` resamples within arms, ``seed``)."""
    score = np.asarray(uplift, dtype=float)
    keys = np.full(len(frame), "all", dtype=object) if by is None else frame[by].to_numpy()
    rows = []
    for key in pd.unique(keys):
        m = keys == key
        t = frame["treatment"].to_numpy()[m]
        if t.all() or not t.any():
            continue
        boot = qini.bootstrap(
            frame[outcome].to_numpy()[m], t, score[m], n_boot=n_boot, seed=seed,
            top_share=top_share,
        ).set_index("metric")  # fmt: skip
        row = {by or "group": key, "n": int(m.sum()), "n_treatment": int(t.sum()),
               "n_control": int((1 - t).sum())}  # fmt: skip
        for metric in qini.METRICS:
            row[metric] = boot.loc[metric, "estimate"]
            row[f"{metric}_low"] = boot.loc[metric, "ci_low"]
            row[f"{metric}_high"] = boot.loc[metric, "ci_high"]
        rows.append(row)
    return pd.DataFrame(rows)


def segment_uplift(
    frame: pd.DataFrame, uplift, segment, *, outcome: str = "responded", alpha: float = 0.05
) -> pd.DataFrame:
    """Predicted against observed uplift per segment (``segment``: a column name or one
    label per row): ``segment``, ``n``, ``n_treatment``, ``n_control``,
    ``predicted_uplift`` (mean score), ``rate_treatment``, ``rate_control``,
    ``observed_uplift`` with ``ci_low``/``ci_high`` (Newcombe, 1 - ``alpha``)."""
    labels = frame[segment].to_numpy() if isinstance(segment, str) else np.asarray(segment)
    y = frame[outcome].to_numpy(dtype=float)
    t = frame["treatment"].to_numpy().astype(bool)
    table = qini.rates_by_group(y, t, labels, alpha=alpha)
    table["predicted_uplift"] = pd.Series(np.asarray(uplift, dtype=float)).groupby(labels).mean()
    table = table.rename(columns={"uplift": "observed_uplift"}).rename_axis("segment")
    cols = ["n", "n_treatment", "n_control", "predicted_uplift", "rate_treatment",
            "rate_control", "observed_uplift", "ci_low", "ci_high"]  # fmt: skip
    return table[cols].reset_index()


@dataclass
class UpliftStudy:
    """A model trained on the training customers and scored on the test customers:
    ``frame`` (every contact row with its features), ``test`` (bool per row),
    ``uplift`` (predicted uplift of each test row, out of sample; NaN on training rows,
    whose in-sample scores nothing reads), ``model``,
    ``evaluation`` (:func:`evaluate` of the test rows per campaign)."""

    frame: pd.DataFrame
    test: np.ndarray
    uplift: np.ndarray
    model: UpliftModel
    evaluation: pd.DataFrame

    @property
    def test_frame(self) -> pd.DataFrame:
        """The test rows with their out-of-sample ``uplift``."""
        return self.frame[self.test].assign(uplift=self.uplift[self.test])


def uplift_study(
    ds: Dataset,
    campaigns: list[str] | None = None,
    *,
    model: UpliftModel | None = None,
    test_share: float = 0.3,
    seed: int = 0,
    n_boot: int = 200,
    rank_tiers: dict[str, float] | None = None,
) -> UpliftStudy:
    """Features of the experiment campaigns, a customer-level split (``test_share``,
    ``seed``), ``model`` (default ``UpliftModel(random_state=seed)``) fitted on the training
    rows with the campaign as stratum, the test rows scored and evaluated."""
    frame = uplift_features(ds, campaigns, rank_tiers=rank_tiers)
    test = customer_split(frame["customer_id"], test_share, seed)
    model = model if model is not None else UpliftModel(random_state=seed)
    train = frame[~test]
    model.fit(train, train["treatment"], train["responded"], strata=train["campaign_id"])
    uplift = np.full(len(frame), np.nan)
    uplift[test] = model.predict_uplift(frame[test])
    evaluation = evaluate(frame[test], uplift[test], n_boot=n_boot, seed=seed)
    return UpliftStudy(frame, test, uplift, model, evaluation)
