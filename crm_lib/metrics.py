"""Key figures of a notebook, recorded for ``metrics.json`` (DESIGN §9).

A notebook records its figures with :class:`MetricsRecorder`; the runner merges the
per-notebook files into ``metrics.json`` as ``{notebook: {key: value}}``. Values become
plain JSON: numbers stay numbers, dates become ISO strings, nested dicts are kept.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from crm_lib.io import write_json

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
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot record {type(value).__name__} as a metric")


class MetricsRecorder:
    """Collects one notebook's figures; writes them to ``<run>/metrics/<notebook>.json``.

    With no ``output_dir`` (a notebook opened by hand) the figures stay in ``values``.
    """

    def __init__(self, notebook: str, output_dir: str | Path | None = None):
        self.notebook = notebook
        self.path = Path(output_dir) / FOLDER / f"{notebook}.json" if output_dir else None
        self.values: dict[str, Any] = {}

    def record(self, **values: Any) -> None:
        """Record figures by key; a dict value is kept nested. Written at once."""
        self.values.update(to_json_value(values))
        if self.path:
            write_json(self.values, self.path)


def merge_metrics(run_dir: Path) -> dict[str, Any]:
    """All notebooks' figures of a run: ``{notebook: {key: value}}``."""
    folder = Path(run_dir) / FOLDER
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))
    }
