"""Key figures of every notebook: declared once (path, unit, direction, ja/en label),
recorded by the notebooks, merged into ``metrics.json`` by the runner.

Each report declares its metrics in its own module here (``crm_lib.metrics.ltv`` ...);
the KPI registry, the executive findings and the tests import those declarations instead
of spelling paths. ``docs/metrics.md`` lists them (``python -m crm_lib.metrics``).
"""

from crm_lib.metrics.declaration import Direction, Metric, Unit
from crm_lib.metrics.recorder import (
    FOLDER,
    MetricsRecorder,
    lookup,
    merge_metrics,
    to_json_value,
)
from crm_lib.metrics.registry import REGISTRY, declaration_of, document, recorded_paths

__all__ = [
    "FOLDER",
    "REGISTRY",
    "Direction",
    "Metric",
    "MetricsRecorder",
    "Unit",
    "declaration_of",
    "document",
    "lookup",
    "merge_metrics",
    "recorded_paths",
    "to_json_value",
]
