"""The section a running notebook is in, as the scheduler's log names it."""

from __future__ import annotations

import nbformat
import papermill

from crm_lib.progress import SectionWatch, heading_of, watched_engine


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _cells():
    v4 = nbformat.v4
    return [
        v4.new_code_cell("x = 1"),
        v4.new_markdown_cell("Some text\n## Model choice\nmore"),
        v4.new_code_cell("y = 2"),
        v4.new_code_cell("z = 3"),
        v4.new_markdown_cell("no heading here"),
        v4.new_code_cell("w = 4"),
        v4.new_markdown_cell("### Intervals"),
        v4.new_code_cell("v = 5"),
    ]


def test_heading_of_takes_the_first_heading_line():
    assert heading_of("intro\n## Model choice\n### sub") == "Model choice"
    assert heading_of("plain text") is None


def test_a_section_is_reported_once_after_it_has_run_long_enough():
    clock, cells = Clock(), _cells()
    watch = SectionWatch(clock)
    watch.cell_started(cells, 0)
    clock.now = 60
    assert watch.due(10) is None  # before the first heading: no section to name
    watch.cell_started(cells, 2)
    clock.now = 65
    assert watch.due(10) is None  # 5 s into "Model choice"
    watch.cell_started(cells, 5)  # same section (a heading-less markdown cell between)
    clock.now = 71
    assert watch.due(10) == ("Model choice", 11)
    assert watch.due(10) is None  # once
    watch.cell_started(cells, 7)
    clock.now = 90
    assert watch.due(10) == ("Intervals", 19)


def test_the_engine_reports_every_cell_start_of_a_real_execution(tmp_path):
    nb = nbformat.v4.new_notebook(cells=_cells())
    source, out = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, source)
    watch = SectionWatch()
    papermill.execute_notebook(
        str(source), str(out), kernel_name="python3", progress_bar=False,
        engine_name=watched_engine(watch),
    )  # fmt: skip
    assert watch.section == "Intervals"
