"""Where a running notebook is: the section being computed, for a scheduler's log.

A section is a notebook's markdown heading (a line starting with ``#``) and the code cells
after it. The ``crm run`` process executes a notebook through :func:`watched_engine`, whose
papermill engine tells a :class:`SectionWatch` at the start of each cell which section
that cell belongs to; the waiting loop then reports a section once it has been running for
``REPORT_AFTER`` seconds, so a quick run prints nothing more and a slow one shows where it
spends its time.
"""

from __future__ import annotations

import threading
import time

from papermill.engines import NBClientEngine, papermill_engines

REPORT_AFTER = 10.0  # seconds a section runs before the log names it


def heading_of(source: str) -> str | None:
    """The first heading line of a markdown cell's ``source``, without the ``#`` marks."""
    for line in source.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip() or None
    return None


class SectionWatch:
    """The section of the cell being executed and since when (monotonic seconds)."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self.section: str | None = None
        self.since = 0.0
        self._reported: str | None = None

    def cell_started(self, cells: list, index: int) -> None:
        """Cell ``index`` of ``cells`` (notebook cells) starts: its section is the latest
        heading at or before it."""
        section = None
        for cell in reversed(cells[: index + 1]):
            if cell.get("cell_type") == "markdown":
                section = heading_of(cell.get("source", ""))
                if section:
                    break
        with self._lock:
            if section != self.section:
                self.section, self.since = section, self._clock()

    def due(self, after: float = REPORT_AFTER) -> tuple[str, float] | None:
        """The section and its seconds so far, once, when it has run for ``after`` seconds."""
        with self._lock:
            elapsed = self._clock() - self.since
            if self.section is None or self.section == self._reported or elapsed < after:
                return None
            self._reported = self.section
            return self.section, elapsed


def watched_engine(watch: SectionWatch) -> str:
    """Register a papermill engine that reports each cell's start to ``watch``; returns the
    engine's name for ``papermill.execute_notebook(engine_name=...)``."""

    class WatchedEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            cell_start = nb_man.cell_start

            def started(cell, cell_index=None, **options):
                if cell_index is not None:
                    watch.cell_started(nb_man.nb.cells, cell_index)
                return cell_start(cell, cell_index, **options)

            nb_man.cell_start = started
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    name = f"crm-watched-{id(watch)}"
    papermill_engines.register(name, WatchedEngine)
    return name
