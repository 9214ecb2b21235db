"""What the run's earlier notebooks left for the executive report: their figures
(``metrics/*.json``), which reports ran (their pages will exist) and the run folder (for
the artifacts, read through :mod:`crm_lib.artifacts`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crm_lib.metrics import FOLDER, merge_metrics


def run_metrics(run_dir: str | Path | None) -> dict[str, Any]:
    """What the notebooks of the run recorded so far (``{}`` outside a run)."""
    return merge_metrics(Path(run_dir)) if run_dir else {}


def reports_in_run(run_dir: str | Path | None) -> frozenset[str]:
    """Notebooks of the run that ran before this one (their page will exist)."""
    if not run_dir:
        return frozenset()
    run = Path(run_dir)
    done = {p.stem for p in (run / FOLDER).glob("*.json")}
    done |= {p.stem.split("_", 1)[1] for p in (run / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    return frozenset(done)


@dataclass(frozen=True)
class RunFigures:
    """The figures, reports and folder of a run (all empty outside a run)."""

    run_dir: Path | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    reports: frozenset[str] = frozenset()

    @classmethod
    def read(cls, run_dir: str | Path | None) -> RunFigures:
        """The run in ``run_dir``; empty (nothing to read) when ``run_dir`` is empty."""
        if not run_dir:
            return cls()
        return cls(Path(run_dir), run_metrics(run_dir), reports_in_run(run_dir))


__all__ = ["RunFigures", "reports_in_run", "run_metrics"]
