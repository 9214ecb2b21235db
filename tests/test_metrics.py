"""Metrics: declared once, recorded only when declared, plain JSON, merged per notebook;
every key a real run records is declared and every declared key of a run notebook is there."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crm_lib.metrics import (
    REGISTRY,
    Metric,
    MetricsRecorder,
    declaration_of,
    document,
    lookup,
    merge_metrics,
    recorded_paths,
    to_json_value,
)
from crm_lib.metrics import health as mh
from crm_lib.metrics import ltv as ml

ROOT = Path(__file__).resolve().parents[1]


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


def test_recorder_nests_declared_paths_and_the_runner_merges(tmp_path):
    a = MetricsRecorder("data_health", tmp_path)
    a.record({mh.CUSTOMERS: np.int64(10)})
    a.record({mh.RETURNS_SHARE_OF_ROWS: 0.25, mh.RETURNS_SHARE_OF_SALES: 0.5})
    MetricsRecorder("ltv", tmp_path).record({ml.CLV_MEAN: 12.5})
    merged = merge_metrics(tmp_path)
    assert merged == {
        "data_health": {"customers": 10, "returns": {"share_of_rows": 0.25, "share_of_sales": 0.5}},
        "ltv": {"clv": {"mean": 12.5}},
    }
    assert json.loads((tmp_path / "metrics" / "ltv.json").read_text())["clv"]["mean"] == 12.5
    assert lookup(merged, ml.CLV_MEAN) == 12.5 and lookup(merged, ml.CLV_TOTAL) is None


def test_recorder_refuses_undeclared_or_foreign_metrics():
    with pytest.raises(KeyError, match="not declared"):
        MetricsRecorder("ltv").record({Metric("ltv.clv.meen", "money", "x", "x"): 1.0})
    with pytest.raises(KeyError, match="belongs to ltv"):
        MetricsRecorder("data_health").record({ml.CLV_MEAN: 1.0})


def test_a_metric_per_data_key_is_declared_once_and_filled_in(monkeypatch):
    per_campaign = Metric("ltv.*.lift_pts", "points", "施策別", "Per campaign")
    monkeypatch.setitem(REGISTRY, per_campaign.path, per_campaign)
    recorder = MetricsRecorder("ltv")
    recorder.record({per_campaign.at("CP01"): 5.0, per_campaign.at("CP02"): -1.0})
    assert recorder.values == {"CP01": {"lift_pts": 5.0}, "CP02": {"lift_pts": -1.0}}
    assert declaration_of("ltv.CP03.lift_pts") == per_campaign
    assert declaration_of("ltv.CP03.p_value") is None
    with pytest.raises(KeyError, match="not declared"):
        recorder.record({per_campaign: 1.0})  # the key must be filled in
    with pytest.raises(ValueError, match="takes 1 key"):
        per_campaign.at("a.b")


def test_recorder_without_a_run_folder_keeps_values_in_memory():
    m = MetricsRecorder("data_health")
    m.record({mh.CUSTOMERS: 5})
    assert m.values == {"customers": 5} and m.path is None


def test_every_declaration_has_labels_and_the_reference_is_current():
    for metric in REGISTRY.values():
        assert metric.ja and metric.en and metric.keys, metric.path
    assert (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8") == document()


def _check_run_against_the_registry(run_dir):
    metrics = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    undeclared = [p for p in recorded_paths(metrics) if declaration_of(p) is None]
    assert not undeclared, f"recorded but not declared in crm_lib.metrics: {undeclared}"
    tables = set(manifest["data"]["tables"])
    notebooks = {nb["name"] for nb in manifest["notebooks"]}
    recorded = [p.split(".") for p in recorded_paths(metrics)]
    missing = [
        m.path
        for m in REGISTRY.values()
        if m.notebook in notebooks
        and set(m.requires) <= tables
        and not any(m.matches(p[: len(m.keys) + 1]) for p in recorded)
    ]
    assert not missing, f"declared for a run notebook but not recorded: {missing}"


def test_cdnow_run_records_exactly_the_declared_metrics(cdnow_run):
    out, _ = cdnow_run
    _check_run_against_the_registry(out / "latest")


def test_demo_run_records_exactly_the_declared_metrics(demo_run):
    _check_run_against_the_registry(demo_run)
