"""The shape of a report section: what an analysis returns for a notebook to show.

A report function in ``crm_lib/<analysis>/report.py`` takes the dataset and the typed
parameters and returns a :class:`Section` (or a subclass with typed fields for its chart
data): the heading, the sentences (:class:`Sentence`: a label key and the values it
cites, picked in ``crm_lib``), the tables to show (:class:`Table`: a frame and how each
column is labelled and written), the figures for ``metrics.json`` (declared
:class:`~crm_lib.metrics.Metric` -> value) and the artifacts to save. The notebook only
shows, says and records them; the language and the currency are applied when rendering.

Values a sentence cites may be plain numbers and strings, or:
:class:`~crm_lib.money.Amount` (written in the run's currency), :class:`Label` (a label
key, translated), :class:`Code` (a code with a label when the table has one, e.g. a stage
or a segment; else the code itself), :class:`Items` (a list, joined as the language joins
lists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from crm_lib.artifacts import Artifact
from crm_lib.metrics.declaration import Metric


@dataclass(frozen=True)
class Label:
    """A label key cited in a sentence; written in the page's language."""

    key: str


@dataclass(frozen=True)
class Code:
    """A code cited in a sentence: the label ``prefix + value`` where one exists, else the
    value as it is (channel names and plans from the data)."""

    prefix: str
    value: Any


@dataclass(frozen=True)
class Items:
    """Several cited values, joined with the language's list separator (、 / , ), or with
    another separator label (``path_separator``: A → B)."""

    values: tuple
    separator: str = "list_separator"  # label key


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report: its label key and the values it cites."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


#: named column formats; any other format is a ``str.format`` spec such as ``"{:.3f}"``
FORMATS = {
    "text": "{}",
    "count": "{:,.0f}",
    "share": "{:.1%}",
    "percent": "{:.0%}",
    "days": "{:,.0f}",
    "number1": "{:,.1f}",
    "number2": "{:,.2f}",
    "number3": "{:.3f}",
    "number4": "{:,.4f}",
    "signed1": "{:+.1f}",
    "date": "{:%Y-%m-%d}",
    "month": "{:%Y-%m}",
}


@dataclass(frozen=True)
class Column:
    """How a table column is shown: header label key and format (a :data:`FORMATS` name,
    ``money``, ``code:<label prefix>`` for codes with labels, or a format spec). A cell
    that holds a cited value (:class:`Code`, :class:`Items` ...) is written as a sentence
    writes it, whatever the format."""

    label: str
    format: str = "text"


@dataclass(frozen=True)
class Table:
    """A table to show: the frame and its shown columns, in order."""

    frame: pd.DataFrame
    columns: dict[str, Column]

    def __post_init__(self):
        missing = set(self.columns) - set(self.frame.columns)
        if missing:
            raise KeyError(f"table has no columns {sorted(missing)}")


@dataclass(frozen=True)
class Download:
    """A file set of the run a page links to beside its section: an action list
    (:mod:`crm_lib.lists`) with its title (label key), rows, files (paths relative to the
    run folder, each with the label key of its link) and notes (sentences) on how it was
    written."""

    title: str
    rows: int
    files: tuple[tuple[str, str], ...]  # (label key, relative path)
    notes: tuple[Sentence, ...] = ()


@dataclass(kw_only=True)
class Section:
    """What one report section shows, says and records; ``downloads`` are filled when the
    notebook records it in a run (the files its artifacts were also written as)."""

    heading: str | None = None  # label key
    sentences: list[Sentence] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    metrics: dict[Metric, Any] = field(default_factory=dict)
    artifacts: dict[Artifact, pd.DataFrame] = field(default_factory=dict)
    downloads: list[Download] = field(default_factory=list)

    def say(self, key: str, **values: Any) -> None:
        """Add a sentence."""
        self.sentences.append(Sentence(key, values))
