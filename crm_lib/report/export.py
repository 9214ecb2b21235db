"""Executed notebooks to report pages: code hidden, charts embedded, nothing fetched.

A code cell tagged ``technical`` (Jupyter cell metadata ``"tags": ["technical"]``) runs in
place, but its output is shown at the end of the page, with every other technical cell's
in their order, inside one ``<details class="crm-technical">``: collapsed on screen,
expanded in print (report.css). Model parameters, fit diagnostics and method notes belong
there; what a finding means and its main chart stay in the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from markupsafe import escape
from nbconvert import HTMLExporter

from crm_lib.i18n import Translator
from crm_lib.report.page import PageInfo, PlotlyMode, render_page

TECHNICAL_TAG = "technical"
# a table cell of one short token with a digit (an amount, 9.9%〜13.3%, a date, C0001):
# printed on one line (report.css ``td.num``) while text cells wrap
_NUMERIC_CELL = re.compile(r"<td>(?=[^<\s]*\d)([^<\s]{1,20})</td>")


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


def is_technical(cell: nbformat.NotebookNode) -> bool:
    """Whether a cell's output belongs in the page's technical section."""
    return TECHNICAL_TAG in cell.get("metadata", {}).get("tags", [])


def split_technical(
    nb: nbformat.NotebookNode,
) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    """The notebook's reader cells and its technical cells with output, each in the order
    of the notebook, as two notebooks sharing the original's metadata."""
    main, technical = nbformat.v4.new_notebook(), nbformat.v4.new_notebook()
    main.metadata = technical.metadata = nb.metadata
    main.cells = [c for c in nb.cells if not is_technical(c)]
    technical.cells = [c for c in nb.cells if is_technical(c) and c.get("outputs")]
    return main, technical


def _cells_html(nb: nbformat.NotebookNode) -> str:
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    return body


def mark_numeric_cells(html: str) -> str:
    """``html`` with every table cell of :data:`_NUMERIC_CELL` classed ``num``."""
    return _NUMERIC_CELL.sub(r'<td class="num">\1</td>', html)


def technical_section(cells_html: str, t: Translator) -> str:
    """The collapsed section around the technical cells' HTML (nbconvert's, already safe)."""
    summary = escape(t("page_technical_details"))
    return (
        f'<details class="crm-technical">\n<summary>{summary}</summary>\n'
        f'<div class="crm-technical-body">\n{cells_html}\n</div>\n</details>\n'
    )


def notebook_to_html(path: Path, title: str, info: PageInfo, plotly: PlotlyMode = "inline") -> str:
    """The page for one executed notebook.

    nbconvert's ``basic`` template gives the cells alone (no CDN scripts, no MathJax);
    the technical cells are exported apart and follow the others in one section
    (:func:`technical_section`; nbconvert's sanitiser would balance a ``<details>`` opened
    in one raw cell and closed in another); :func:`render_page` adds the frame and
    plotly.js once (``plotly``: see there).
    """
    main, technical = split_technical(_for_readers(nbformat.read(path, as_version=4)))
    body = _cells_html(main)
    if technical.cells:
        body += technical_section(_cells_html(technical), Translator(info.language))
    return render_page(title, mark_numeric_cells(body), info, plotly=plotly)
