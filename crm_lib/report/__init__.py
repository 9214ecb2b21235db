"""Offline HTML reports: executed notebooks and the run's index, in one consistent frame."""

from crm_lib.report.export import notebook_to_html
from crm_lib.report.page import (
    PLOTLY_ASSET,
    PageInfo,
    render_index,
    render_page,
    write_plotly_asset,
)

__all__ = [
    "PLOTLY_ASSET",
    "PageInfo",
    "notebook_to_html",
    "render_index",
    "render_page",
    "write_plotly_asset",
]
