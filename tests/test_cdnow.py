"""The CDNOW loader reads the files shipped in lifetimes, without lifetimes.datasets."""

from __future__ import annotations

import sys

import pytest

from crm_lib.cdnow import load_cdnow
from crm_lib.config import load_config
from crm_lib.dataset import load_dataset
from crm_lib.engine import scalar


@pytest.mark.parametrize(
    ("dataset", "rows", "customers"), [("sample", 6919, 2357), ("master", 69659, 23570)]
)
def test_cdnow_counts_match_the_published_figures(dataset, rows, customers):
    tx = load_cdnow(dataset)
    assert len(tx) == rows
    assert tx["customer_id"].nunique() == customers
    assert tx["order_id"].is_unique
    assert tx["order_date"].min().date().isoformat() == "1997-01-01"
    assert tx["order_date"].max().date().isoformat() == "1998-06-30"
    assert "lifetimes.datasets" not in sys.modules


def test_cdnow_sample_first_purchases_are_in_the_first_quarter_of_1997():
    tx = load_cdnow("sample")
    first = tx.groupby("customer_id")["order_date"].min()
    assert first.max().date().isoformat() <= "1997-03-31"


def test_cdnow_loads_through_the_pipeline_data_path():
    dataset = load_dataset(load_config(None, ["data.source=cdnow"]))
    assert dataset.loads["transactions"].rows_used == 6919
    assert dataset.observation_end.isoformat() == "1998-06-30"
    revenue = scalar(dataset.con, "SELECT round(sum(amount), 2) FROM transactions")
    assert revenue == pytest.approx(244091.94)
