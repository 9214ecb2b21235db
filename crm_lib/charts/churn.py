"""Charts of the churn report. Models, features and groups are named through the
Translator (``churn_model_*``, ``churn_feature_*``); amounts carry the run's currency."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from crm_lib.charts.base import TEMPLATE, code_text, data_text, histogram_bar
from crm_lib.churn.features import MONEY_FEATURES
from crm_lib.i18n import Translator, label_order

#: label prefix of the groups of each retention chart (by its title key): plans, channels
GROUP_PREFIX = {"churn_chart_km_plan": "churn_plan_", "churn_chart_km_channel": "jny_acq_"}


def _feature(feature: str, t: Translator, *, unit: bool = False) -> str:
    """A feature's label; with ``unit``, amounts say their currency ("Spend in the last
    year ($)")."""
    label = code_text("churn_feature_", feature, t)
    return f"{label} ({t.money.unit})" if unit and feature in MONEY_FEATURES else label


def plot_gap_distribution(gaps: np.ndarray, window_days: int, t: Translator) -> go.Figure:
    """Histogram of days between consecutive purchases, with the churn window marked."""
    shown = gaps[gaps <= np.quantile(gaps, 0.99)] if len(gaps) else gaps
    top = float(shown.max()) if len(shown) else 1.0
    fig = go.Figure(histogram_bar(shown, 0.0, top, max(1.0, float(np.ceil(top / 60)))))
    fig.add_vline(x=window_days, line_dash="dash", annotation_text=t("churn_window_mark",
                                                                     days=window_days))  # fmt: skip
    fig.update_layout(
        template=TEMPLATE, title=t("churn_chart_gaps"),
        xaxis_title=t("churn_days_between"), yaxis_title=t("churn_gaps_n"), bargap=0.05,
    )  # fmt: skip
    return fig


def plot_calibration(table: pd.DataFrame, t: Translator) -> go.Figure:
    """Observed churn rate against mean predicted P(churn) per bin, one line per model."""
    fig = go.Figure()
    fig.add_scatter(x=[0, 1], y=[0, 1], mode="lines", line={"dash": "dot", "color": "#999"},
                    name=t("churn_perfect"))  # fmt: skip
    for model, rows in table.groupby("model", sort=False):
        fig.add_scatter(x=rows["predicted"], y=rows["observed"], mode="lines+markers",
                        name=code_text("churn_model_", model, t))  # fmt: skip
    fig.update_layout(
        template=TEMPLATE, title=t("churn_chart_calibration"),
        xaxis={"title": t("churn_predicted"), "tickformat": ".0%", "range": [0, 1]},
        yaxis={"title": t("churn_observed"), "tickformat": ".0%", "range": [0, 1]},
    )  # fmt: skip
    return fig


def plot_gains(table: pd.DataFrame, t: Translator) -> go.Figure:
    """Share of churners found against share of customers contacted, by model."""
    fig = go.Figure()
    fig.add_scatter(x=[0, 1], y=[0, 1], mode="lines", line={"dash": "dot", "color": "#999"},
                    name=t("churn_random"))  # fmt: skip
    for model, rows in table.groupby("model", sort=False):
        fig.add_scatter(x=rows["contacted"], y=rows["found"], mode="lines",
                        name=code_text("churn_model_", model, t))  # fmt: skip
    fig.update_layout(
        template=TEMPLATE, title=t("churn_chart_gains"),
        xaxis={"title": t("churn_contacted"), "tickformat": ".0%"},
        yaxis={"title": t("churn_found"), "tickformat": ".0%"},
    )  # fmt: skip
    return fig


def plot_importance(table: pd.DataFrame, t: Translator) -> go.Figure:
    """Permutation importance (ROC-AUC lost) of the features of ``table``, largest at the top."""
    shown = table.iloc[::-1]
    fig = go.Figure(go.Bar(x=shown["importance"], y=[_feature(f, t) for f in shown["feature"]],
                           orientation="h", error_x={"array": shown["std"]}))  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=t("churn_chart_importance"),
        xaxis_title=t("churn_auc_lost"),
        height=max(300, 28 * len(shown) + 120),
    )
    return fig


def plot_partial_dependence(curves: dict[str, pd.DataFrame], t: Translator) -> go.Figure:
    """Mean P(churn) along each feature's values, one small line per feature."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=len(curves), shared_yaxes=True,
                        subplot_titles=[_feature(f, t, unit=True) for f in curves])  # fmt: skip
    for i, curve in enumerate(curves.values(), start=1):
        x = curve["value"]
        if not pd.api.types.is_numeric_dtype(x):  # categories from the data: a region, a channel
            x = [data_text(v, t) for v in x]
        fig.add_scatter(x=x, y=curve["p_churn"], mode="lines+markers",
                        showlegend=False, row=1, col=i)  # fmt: skip
    fig.update_layout(template=TEMPLATE, title=t("churn_chart_pdp"))
    fig.update_yaxes(tickformat=".0%", title_text=t("churn_p_churn"), row=1, col=1)
    return fig


def plot_retention(curves: dict[str, pd.DataFrame], t: Translator) -> list[go.Figure]:
    """One Kaplan-Meier chart per grouping: ``curves`` maps a title label key to the curves
    of :func:`crm_lib.churn.retention_by`; groups named by their labels (:data:`GROUP_PREFIX`)."""
    return [
        plot_retention_curves(frame, t(title), t, GROUP_PREFIX.get(title))
        for title, frame in curves.items()
    ]


def plot_retention_curves(
    curves: pd.DataFrame, title: str, t: Translator, prefix: str | None = None
) -> go.Figure:
    """Kaplan-Meier step curves of the share still subscribed, one per group (``prefix``:
    label prefix of the group codes; codes without a label are shown as they are)."""
    fig = go.Figure()
    groups = curves.groupby("group", sort=False)
    for group in label_order(prefix, sorted(groups.groups)):
        rows = groups.get_group(group)
        fig.add_scatter(x=rows["days"], y=rows["survival"], mode="lines",
                        line={"shape": "hv"}, name=code_text(prefix, group, t))  # fmt: skip
    fig.update_layout(
        template=TEMPLATE, title=title, xaxis_title=t("churn_days_since_start"),
        yaxis={"title": t("churn_still_subscribed"), "tickformat": ".0%", "range": [0, 1.02]},
    )  # fmt: skip
    return fig
