"""Executed notebooks to report pages: code hidden, charts embedded, nothing fetched."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from crm_lib.report.page import PageInfo, PlotlyMode, render_page


def _for_readers(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Keep what the report's readers are meant to see.

    Markdown cells are notes for the notebook's reader, in one language; report text is
    produced by code cells in the configured language. Stderr streams (warnings, progress)
    are logs, not findings.
    """
    nb.cells = [c for c in nb.cells if c.cell_type == "code"]
    for cell in nb.cells:
        if cell.get("outputs"):
            cell.outputs = [
                o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")
            ]
    return nb


def notebook_to_html(path: Path, title: str, info: PageInfo, plotly: PlotlyMode = "inline") -> str:
    """The page for one executed notebook.

    nbconvert's ``basic`` template gives the cells alone (no CDN scripts, no MathJax);
    :func:`render_page` adds the frame and plotly.js once (``plotly``: see there).
    """
    nb = _for_readers(nbformat.read(path, as_version=4))
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    return render_page(title, body, info, plotly=plotly)
