"""Chart basics shared by every ``plot_*`` function: the look, and :func:`show`.

No chart loads anything from the network: in the HTML reports plotly.js is embedded once
per page by the page frame.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

FONT = "Hiragino Sans, 'Noto Sans CJK JP', 'Yu Gothic', Meiryo, 'Helvetica Neue', Arial, sans-serif"
COLORS = ["#1f5aa6", "#e07b39", "#3c9d5d", "#c0392b", "#7f5fa8", "#8c8c8c"]
HEIGHT_PX = 420
pio.templates["crm"] = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 13, "color": "#222"},
        colorway=COLORS,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        xaxis={"gridcolor": "#eee", "linecolor": "#999"},
        yaxis={"gridcolor": "#eee", "linecolor": "#999", "separatethousands": True},
        legend={"orientation": "h", "y": -0.15},
        hoverlabel={"font": {"family": FONT}},
    )
)
TEMPLATE = "plotly_white+crm"


def show(*figs: go.Figure) -> None:
    """Display figures: interactive in JupyterLab, and embedded (without plotly.js, which
    the report page carries once) when the notebook is exported to HTML."""
    for fig in figs:
        _show_one(fig)


def _show_one(fig: go.Figure) -> None:
    from IPython.display import display

    html = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        default_height=f"{fig.layout.height or HEIGHT_PX}px",
        config={"displaylogo": False, "responsive": True},
    )
    bundle = {
        "application/vnd.plotly.v1+json": json.loads(pio.to_json(fig, validate=False)),
        "text/html": html,
    }
    display(bundle, raw=True)
