"""The at-risk list: customers ranked by value at risk, with their main reasons, a suggested
action, the expected next order date and the average days between orders.

**Value at risk** is the expected value lost if the customer lapses, counted once:
P(churn) x value if retained. The value if retained is the CLV conditional on the customer
being alive, CLV / P(alive), both from the same purchase-count model: for BG/NBD, MBG/NBD
and Pareto/NBD a customer who has left buys nothing, so E[purchases | history] = P(alive) x
E[purchases | alive, history] and the CLV already carries the survival. P(churn) x CLV would
count the chance of leaving twice (once in the CLV, once in P(churn)); dividing by P(alive)
takes it out of the CLV so that P(churn) alone carries it. Amounts are in the data's
currency.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from crm_lib.churn.features import FEATURE_GROUPS, MONEY_FEATURES
from crm_lib.money import Amount
from crm_lib.section import Items, Sentence

#: feature group of the main reason -> suggested action (a label key suffix)
ACTIONS = {
    "delivery_complaint": "apology_call",
    "complaint": "apology_call",
    "feedback": "service_follow_up",
    "skips": "plan_change",
    "subscription": "plan_change",
    "recency": "win_back_offer",
    "purchases": "win_back_offer",
    "trend": "personal_recommendation",
    "monetary": "personal_recommendation",
    "rank": "rank_keep_notice",
    "contacts": "other_channel",
    "returns": "product_advice",
}
DEFAULT_ACTION = "regular_follow_up"


def next_orders(features: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per customer: ``mean_gap_days`` (average days between purchase days; empty with one
    purchase) and ``expected_next_order`` = last purchase + mean gap (overdue when before
    ``as_of``)."""
    out = pd.DataFrame(index=features.index)
    out["mean_gap_days"] = features["mean_gap_days"].astype(float)
    gap = pd.to_timedelta(out["mean_gap_days"].round(), unit="D")
    out["expected_next_order"] = pd.to_datetime(features["last_purchase_date"]) + gap
    out["overdue"] = out["expected_next_order"] < pd.Timestamp(as_of)
    return out


def value_if_retained(clv: pd.Series, p_alive: pd.Series) -> pd.Series:
    """CLV conditional on being alive: CLV / P(alive) (0 where P(alive) is 0: no value)."""
    alive = p_alive.reindex(clv.index).astype(float)
    return (clv / alive.where(alive > 0)).fillna(0.0).rename("value_if_retained")


def at_risk_list(
    p_churn: pd.Series, clv: pd.Series, p_alive: pd.Series, reasons: pd.DataFrame,
    next_order: pd.DataFrame,
) -> pd.DataFrame:  # fmt: skip
    """One row per scored customer, highest value at risk first: ``p_churn``, ``p_alive``,
    ``clv``, ``value_if_retained`` (CLV / P(alive)), ``value_at_risk`` (``p_churn`` x
    ``value_if_retained``), ``reason_1``/``reason_2`` (feature names), ``action`` (key),
    ``mean_gap_days``, ``expected_next_order``. Customers without a CLV get 0."""
    table = pd.DataFrame({"p_churn": p_churn})
    table["p_alive"] = p_alive.reindex(table.index).astype(float)
    table["clv"] = clv.reindex(table.index).fillna(0.0).clip(lower=0)
    table["value_if_retained"] = value_if_retained(table["clv"], table["p_alive"])
    table["value_at_risk"] = table["p_churn"] * table["value_if_retained"]
    table = table.join(reasons[["reason_1", "reason_2"]]).join(
        next_order[["mean_gap_days", "expected_next_order"]]
    )
    group = table["reason_1"].map(FEATURE_GROUPS)
    table["action"] = group.map(ACTIONS).fillna(DEFAULT_ACTION)
    table = table.sort_values(["value_at_risk", "p_churn"], ascending=False, kind="stable")
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table.rename_axis("customer_id").reset_index()


def reasons(
    table: pd.DataFrame, features: pd.DataFrame, columns=("reason_1", "reason_2")
) -> list[Items]:
    """Each row's reasons as phrases citing the customer's own value (amounts as
    :class:`~crm_lib.money.Amount`), joined as a table cell or a sentence writes them
    ("前回購入から95日 / …"). ``table`` has ``customer_id`` and the reason columns (feature
    names; empty: no reason)."""
    rows = []
    for row in table[["customer_id", *columns]].itertuples(index=False):
        said = []
        for feature in row[1:]:
            if feature:
                value = features.at[row.customer_id, feature]
                value = Amount(value) if feature in MONEY_FEATURES else value
                said.append(Sentence(f"churn_reason_{feature}", {"value": value}))
        rows.append(Items(tuple(said), "phrase_separator"))
    return rows


def reasons_in_words(
    table: pd.DataFrame, features: pd.DataFrame, t, columns=("reason_1", "reason_2")
) -> list[str]:
    """Each row's reasons (:func:`reasons`) as a phrase ("前回購入から95日", "complained of a
    late delivery of the last order"), joined by " / "; ``t`` is a Translator."""
    return [t.value(row) for row in reasons(table, features, columns)]
