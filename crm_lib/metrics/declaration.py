"""What a key of ``metrics.json`` is: its path, unit, better direction and ja/en label."""

from __future__ import annotations

from dataclasses import dataclass, replace
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

    ``path``: notebook, then the keys inside it (``ltv.clv.mean``); a ``*`` stands for a
    key from the data (``campaigns.*.lift_pts``: one entry per campaign id), filled in with
    :meth:`at` when recording. ``keyed``: the value is a mapping whose keys come from the
    data or the parameters (``segments.segment_sizes``: segment -> customers); its whole
    subtree is declared by this one entry, each leaf in ``unit``. ``requires``: canonical
    tables without which the notebook cannot record it.
    """

    path: str
    unit: Unit
    ja: str
    en: str
    direction: Direction | None = None
    keyed: bool = False
    requires: tuple[str, ...] = ()

    pattern: str = ""  # the declared path when this is a filled-in copy (see :meth:`at`)

    @property
    def declared(self) -> str:
        """The path as declared (with its ``*`` keys)."""
        return self.pattern or self.path

    def at(self, *keys: str) -> Metric:
        """This metric for data keys filling its ``*`` in order (``at("CP01")``)."""
        parts = self.path.split(".")
        stars = [i for i, part in enumerate(parts) if part == "*"]
        if len(stars) != len(keys) or any("." in str(k) or not str(k) for k in keys):
            raise ValueError(f"{self.path} takes {len(stars)} key(s) without dots, got {keys}")
        for i, key in zip(stars, keys, strict=True):
            parts[i] = str(key)
        return replace(self, path=".".join(parts), pattern=self.path)

    def matches(self, parts: list[str]) -> bool:
        """Whether a recorded path (split at dots) is this declared path, ``*`` any key."""
        mine = self.declared.split(".")
        if len(mine) != len(parts):
            return False
        return all(m in ("*", p) for m, p in zip(mine, parts, strict=True))

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
