"""Metrics become plain JSON and merge per notebook."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from crm_lib.metrics import MetricsRecorder, merge_metrics, to_json_value


def test_values_become_plain_json():
    value = to_json_value(
        {
            "n": np.int64(3),
            "x": np.float32(0.5),
            "day": pd.Timestamp("2025-01-31"),
            "at": dt.datetime(2025, 1, 31, 9, 30),
            "nan": float("nan"),
            "nested": {"ok": np.bool_(True), "list": [np.int8(1), 2.5]},
        }
    )
    assert value == {
        "n": 3,
        "x": 0.5,
        "day": "2025-01-31",
        "at": "2025-01-31T09:30:00",
        "nan": None,
        "nested": {"ok": True, "list": [1, 2.5]},
    }
    assert type(value["n"]) is int
    with pytest.raises(TypeError):
        to_json_value({"frame": pd.DataFrame()})


def test_recorder_writes_each_notebook_and_the_runner_merges(tmp_path):
    a = MetricsRecorder("data_health", tmp_path)
    a.record(customers=np.int64(10))
    a.record(revenue=1234.5)
    MetricsRecorder("ltv", tmp_path).record(bgnbd={"r": 0.243})
    merged = merge_metrics(tmp_path)
    assert merged == {
        "data_health": {"customers": 10, "revenue": 1234.5},
        "ltv": {"bgnbd": {"r": 0.243}},
    }
    assert json.loads((tmp_path / "metrics" / "ltv.json").read_text())["bgnbd"]["r"] == 0.243


def test_recorder_without_a_run_folder_keeps_values_in_memory(tmp_path):
    m = MetricsRecorder("data_health")
    m.record(customers=5)
    assert m.values == {"customers": 5} and m.path is None
