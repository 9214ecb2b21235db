"""Offline HTML reports: executed notebooks and the run's index, in one consistent frame.

The notebook export (:mod:`crm_lib.report.export`, nbconvert) is imported from its module by
the ``crm run`` process only: report kernels that render templates do not load nbconvert.
"""

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
    "render_index",
    "render_page",
    "write_plotly_asset",
]
