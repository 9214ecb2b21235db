"""Charts: ``plot_*`` functions return Plotly figures and never show them; :func:`show`
displays one (interactive in JupyterLab, embedded in the HTML reports).

One module per report; labels come from :mod:`crm_lib.i18n`.
"""

from crm_lib.charts.base import COLORS, TEMPLATE, show
from crm_lib.charts.health import plot_missing_values, plot_monthly_activity

__all__ = ["COLORS", "TEMPLATE", "plot_missing_values", "plot_monthly_activity", "show"]
