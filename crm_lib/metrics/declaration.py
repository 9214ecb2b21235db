"""What a key of ``metrics.json`` is: its path, unit, better direction and ja/en label."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal[
    "count",  # people, orders, rows
    "share",  # 0-1
    "money",  # in the run's currency
    "days",
    "weeks",
    "units",  # of the LTV time unit (days or weeks, recorded beside it)
    "points",  # NPS points, percentage points
    "ratio",  # odds ratio, lift, AUC and other unitless figures
    "number",  # model parameters and other plain numbers
    "date",  # ISO date string
    "code",  # a code from the data or the parameters (a stage, a model kind)
    "record",  # a list of records (executive goals, findings, actions)
]
Direction = Literal["up", "down"]


@dataclass(frozen=True)
class Metric:
    """One declared figure of a notebook.

    ``path``: notebook, then the keys inside it (``ltv.clv.mean``). ``keyed``: the value is
    a mapping whose keys come from the data or the parameters (``segments.segment_sizes``:
    segment -> customers); its whole subtree is declared by this one entry, each leaf in
    ``unit``. ``requires``: canonical tables without which the notebook cannot record it.
    """

    path: str
    unit: Unit
    ja: str
    en: str
    direction: Direction | None = None
    keyed: bool = False
    requires: tuple[str, ...] = ()

    @property
    def notebook(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys inside the notebook's entry (``("clv", "mean")``)."""
        return tuple(self.path.split(".")[1:])

    def label(self, language: str) -> str:
        return self.ja if language == "ja" else self.en

    def __str__(self) -> str:
        return self.path
