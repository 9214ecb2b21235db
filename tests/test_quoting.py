"""Identifiers and values never reach SQL unquoted.

Column headers, file and folder names, DuckDB table names and category values (plans,
channels, campaign names) with quotes, semicolons, ``"; DROP TABLE x; --`` and Japanese
go through a whole load and the per-customer SQL of :mod:`crm_lib.features` unchanged.
Quoting is :func:`crm_lib.engine.quote_ident` and :func:`~crm_lib.engine.quote_literal`.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_lib.config import config_from_dict
from crm_lib.dataset import load_dataset
from crm_lib.engine import quote_ident, quote_literal
from crm_lib.features import customer_summary, purchase_days_sql

NASTY = [
    '"; DROP TABLE x; --',
    "'; DROP TABLE transactions; --",
    "O'Brien",
    'say "hi"',
    "a;b",
    "''",
    '""',
    "顧客 番号",
    "受注'日\"",
    "\\",
    "x' OR '1'='1",
]


def test_quote_literal_and_quote_ident_round_trip():
    con = duckdb.connect()

    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @given(text=st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00")))
    def check(text):
        assert con.execute(f"SELECT {quote_literal(text)}").fetchall() == [(text,)]
        if text:  # the engine has no empty identifier
            con.execute(f"CREATE OR REPLACE TABLE x AS SELECT 1 AS {quote_ident(text)}")
            assert con.execute("SELECT column_name FROM (DESCRIBE x)").fetchall() == [(text,)]

    check()
    con.close()


def _config(tables: dict, base) -> object:
    raw = {"data": {"source": "files", "tables": tables}}
    return config_from_dict(raw, source="quoting.yaml", base_dir=base)


def _orders() -> pd.DataFrame:
    n = len(NASTY) * 2
    return pd.DataFrame(
        {
            "order_id": [f"{NASTY[i % len(NASTY)]}#{i}" for i in range(n)],
            "customer_id": [NASTY[i % len(NASTY)] for i in range(n)],
            "order_date": pd.date_range("2024-01-01", periods=n, freq="D").strftime("%Y-%m-%d"),
            "amount": [100.0 * (i + 1) if i != 3 else -50.0 for i in range(n)],
            "channel": [NASTY[(i + 1) % len(NASTY)] for i in range(n)],
            "category": [NASTY[(i + 2) % len(NASTY)] for i in range(n)],
        }
    )


HEADERS = {  # canonical -> the user's header
    "order_id": '"; DROP TABLE x; --',
    "customer_id": "顧客'番号\"",
    "order_date": "order date; --",
    "amount": "select",
    "channel": "チャネル 'web'",
    "category": 'category"',
}


def _check_features(dataset, orders: pd.DataFrame) -> None:
    tx = dataset.table("transactions")
    assert sorted(tx["customer_id"]) == sorted(orders["customer_id"])
    assert set(tx["channel"]) == set(orders["channel"]) and set(tx["category"]) == set(NASTY)
    summary = customer_summary(dataset, dt.date(2024, 12, 31))
    assert sorted(summary["customer_id"]) == sorted(set(NASTY))
    expected = orders.groupby("customer_id")["amount"].sum()
    got = summary.set_index("customer_id")["revenue_net"]
    pd.testing.assert_series_equal(
        got.sort_index(), expected.sort_index(), check_names=False, check_dtype=False
    )
    days = dataset.con.execute(purchase_days_sql(dt.date(2024, 12, 31))).df()
    assert set(days["customer_id"]) == set(NASTY)
    tables = {
        r[0] for r in dataset.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    }
    assert {"transactions", "_crm_meta"} <= tables


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_nasty_headers_paths_and_values_through_a_whole_load(tmp_path, fmt):
    folder = tmp_path / 'it\'s "our" data; DROP TABLE x; -- 受注'
    folder.mkdir()
    orders = _orders()
    path = folder / f"orders '2024'; --.{fmt}"
    frame = orders.rename(columns=HEADERS)
    if fmt == "csv":
        frame.to_csv(path, index=False, encoding="utf-8")
    else:
        dates = pd.to_datetime(frame[HEADERS["order_date"]])
        frame.assign(**{HEADERS["order_date"]: dates}).to_parquet(path, index=False)
    config = _config(
        {"transactions": {"path": path.name, "columns": HEADERS}},
        folder,
    )
    _check_features(load_dataset(config, database=tmp_path / "run's.duckdb"), orders)


def test_a_glob_inside_a_folder_with_quotes_and_brackets(tmp_path):
    folder = tmp_path / "exports [2024] 'q'"
    folder.mkdir()
    orders = _orders()
    orders.iloc[:10].to_csv(folder / "orders_a.csv", index=False)
    orders.iloc[10:].to_csv(folder / "orders_b.csv", index=False)
    config = _config({"transactions": {"path": str(folder / "orders_*.csv")}}, tmp_path)
    _check_features(load_dataset(config), orders)


@pytest.mark.parametrize("how", ["table", "query"])
def test_duckdb_file_table_and_columns_with_quotes(tmp_path, how):
    folder = tmp_path / "ware'house"
    folder.mkdir()
    db = folder / 'crm "prod"; --.duckdb'
    orders = _orders()
    table = 'orders "2024"; DROP TABLE x; --'
    with duckdb.connect(str(db)) as con:
        con.register("frame", orders.rename(columns=HEADERS))
        con.execute(f"CREATE TABLE {quote_ident(table)} AS SELECT * FROM frame")
        con.execute("CREATE TABLE x AS SELECT 1 AS kept")
    source = {"table": table} if how == "table" else {"query": f"FROM {quote_ident(table)}"}
    config = config_from_dict(
        {
            "data": {
                "source": "duckdb",
                "tables": {"transactions": {"path": db.name, "columns": HEADERS, **source}},
            }
        },
        source="quoting.yaml",
        base_dir=folder,
    )
    _check_features(load_dataset(config, database=tmp_path / "run.duckdb"), orders)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT kept FROM x").fetchall() == [(1,)]


def test_plans_and_campaign_names_with_quotes(tmp_path):
    orders = _orders()
    orders.to_csv(tmp_path / "orders.csv", index=False)
    customers = sorted(set(NASTY))
    pd.DataFrame(
        {
            "customer_id": customers,
            "plan": [NASTY[i % len(NASTY)] for i in range(len(customers))],
            "start_date": "2024-01-01",
            "end_date": ["2024-06-01" if i % 2 else "" for i in range(len(customers))],
        }
    ).to_csv(tmp_path / "subscriptions.csv", index=False)
    pd.DataFrame(
        {
            "customer_id": customers,
            "campaign_id": [f"c'{i % 2}" for i in range(len(customers))],
            "campaign_name": [NASTY[(i + 3) % len(NASTY)] for i in range(len(customers))],
            "channel": [NASTY[(i + 4) % len(NASTY)] for i in range(len(customers))],
            "sent_at": "2024-02-01 10:00:00",
        }
    ).to_csv(tmp_path / "contacts.csv", index=False)
    config = _config(
        {
            "transactions": {"path": "orders.csv"},
            "subscriptions": {"path": "subscriptions.csv"},
            "contacts": {"path": "contacts.csv"},
        },
        tmp_path,
    )
    dataset = load_dataset(config)
    assert set(dataset.table("subscriptions")["plan"]) <= set(NASTY)
    assert set(dataset.table("contacts")["campaign_name"]) <= set(NASTY)
    _check_features(dataset, orders)
