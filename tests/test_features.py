"""Per-customer aggregations: exact on hand-made orders, equal to pandas on CDNOW."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from crm_lib.cdnow import load_cdnow
from crm_lib.dataset import Dataset
from crm_lib.engine import connect
from crm_lib.features import CUSTOMER_SUMMARY, customer_summary, customer_summary_sql


def _dataset(con) -> Dataset:
    return Dataset(con, {}, dt.date(2024, 12, 31), dt.date(2025, 1, 1))


@pytest.fixture
def con():
    orders = pd.DataFrame(
        {
            "order_id": ["1", "2", "3", "4", "5", "6"],
            "customer_id": ["A", "A", "A", "A", "B", "C"],
            "order_date": pd.to_datetime(
                ["2024-01-01", "2024-01-01", "2024-01-10", "2024-01-12", "2024-01-05", "2024-03-01"]
            ).date,
            "amount": [1000.0, 500.0, 2000.0, -500.0, 3000.0, 100.0],
            # A: three purchases on two days and a return; B: one; C: after the as-of date
        }
    )
    con = connect()
    con.register("orders", orders)
    con.execute("CREATE TABLE transactions AS SELECT * FROM orders")
    return con


def test_hand_made_customers(con):
    s = customer_summary(_dataset(con), dt.date(2024, 1, 31)).set_index("customer_id")
    assert list(s.index) == ["A", "B"]  # C's order is after the as-of date
    a = s.loc["A"]
    assert (a.orders, a.purchase_days, a.returns) == (3, 2, 1)
    assert (a.revenue_gross, a.return_amount, a.revenue_net) == (3500, 500, 3000)
    assert a.avg_order_value == pytest.approx(3500 / 3)
    assert (a.recency_days, a.tenure_days) == (21, 30)  # last order 01-10, first 01-01
    assert s.loc["B", "recency_days"] == 26


def test_equals_an_independent_pandas_computation_on_cdnow():
    tx = load_cdnow("sample")
    con = connect()
    con.register("cdnow", tx)
    con.execute("CREATE TABLE transactions AS SELECT * FROM cdnow")
    as_of = dt.date(1997, 9, 30)
    got = customer_summary(_dataset(con), as_of).set_index("customer_id")
    seen = tx[tx["order_date"] <= pd.Timestamp(as_of)]
    by = seen.groupby("customer_id")
    assert len(got) == seen["customer_id"].nunique() == 2357
    pd.testing.assert_series_equal(got["orders"], by.size(), check_names=False, check_dtype=False)
    days = by["order_date"].nunique().astype(got["purchase_days"].dtype)
    assert got["purchase_days"].equals(days)
    assert got["revenue_net"].to_numpy() == pytest.approx(by["amount"].sum().to_numpy())
    recency = (pd.Timestamp(as_of) - by["order_date"].max()).dt.days
    assert (got["recency_days"] == recency).all()


def test_a_zero_amount_order_is_a_purchase_and_a_return_is_not(con):
    con.execute("INSERT INTO transactions VALUES ('7', 'D', DATE '2024-01-20', 0.0)")
    con.execute("INSERT INTO transactions VALUES ('8', 'E', DATE '2024-01-20', -80.0)")
    s = customer_summary(_dataset(con), dt.date(2024, 1, 31)).set_index("customer_id")
    assert (s.loc["D", "orders"], s.loc["D", "recency_days"]) == (1, 11)
    assert s.loc["E", "orders"] == 0 and pd.isna(s.loc["E", "last_purchase_date"])
    only = customer_summary(_dataset(con), dt.date(2024, 1, 31), purchasers_only=True)
    assert list(only["customer_id"]) == ["A", "B", "D"]


@pytest.mark.parametrize("dialect", ["spark", "snowflake", "bigquery"])
def test_same_definitions_emit_for_other_engines(dialect):
    sql = customer_summary_sql(dt.date(2024, 1, 31), dialect=dialect)
    for name in CUSTOMER_SUMMARY:
        assert name in sql
    assert "date_diff('day'" not in sql  # DuckDB's spelling was translated
