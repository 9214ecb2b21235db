"""Recording a notebook's declared figures for ``metrics.json``, and reading them back.

A notebook records :class:`~crm_lib.metrics.Metric` values (from a report section's
``metrics``) with :class:`MetricsRecorder`; the runner merges the per-notebook files into
``metrics.json`` as ``{notebook: {key: value}}``. Values become plain JSON: numbers stay
numbers, dates become ISO strings, nested dicts are kept.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from crm_lib.io import write_json
from crm_lib.metrics.declaration import Metric

FOLDER = "metrics"


def to_json_value(value: Any) -> Any:
    """A plain JSON value for numpy/pandas scalars, dates and nested containers."""
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if value is None or isinstance(value, bool | int | str):
        return value
    raise TypeError(f"cannot record {type(value).__name__} as a metric")


class MetricsRecorder:
    """Collects one notebook's figures; writes them to ``<run>/metrics/<notebook>.json``.

    Only metrics declared in :data:`crm_lib.metrics.REGISTRY` for this notebook are taken.
    With no ``output_dir`` (a notebook opened by hand) the figures stay in ``values``.
    """

    def __init__(self, notebook: str, output_dir: str | Path | None = None):
        self.notebook = notebook
        self.path = Path(output_dir) / FOLDER / f"{notebook}.json" if output_dir else None
        self.values: dict[str, Any] = {}

    def record(self, figures: Mapping[Metric, Any]) -> None:
        """Record each metric's value at its path; written at once."""
        from crm_lib.metrics.registry import REGISTRY

        for metric, value in figures.items():
            declared = REGISTRY.get(metric.declared)
            as_declared = replace(metric, path=metric.declared, pattern="")
            if declared != as_declared or "*" in metric.keys:
                raise KeyError(f"metric {metric.path} is not declared in crm_lib.metrics")
            if metric.notebook != self.notebook:
                raise KeyError(f"metric {metric.path} belongs to {metric.notebook}")
            node = self.values
            for key in metric.keys[:-1]:
                node = node.setdefault(key, {})
            node[metric.keys[-1]] = to_json_value(value)
        if self.path:
            write_json(self.values, self.path)


def lookup(metrics: Mapping[str, Any], metric: Metric | str) -> Any:
    """The value of a metric (or a dotted path) in ``metrics.json``; None if absent."""
    node: Any = metrics
    for part in str(metric).split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def merge_metrics(run_dir: Path) -> dict[str, Any]:
    """All notebooks' figures of a run: ``{notebook: {key: value}}``."""
    folder = Path(run_dir) / FOLDER
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))
    }
