"""Whether the data is enough for predictions, and how the chosen model fits: the
calibration-period frequencies, the frequency-recency matrix, holdout tracking, and one
customer's P(alive) history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.ltv import diagnostics as dg
from crm_lib.ltv.report.models import CalibrationSection
from crm_lib.ltv.report.values import ValueSection
from crm_lib.ltv.summary import UNIT_DAYS
from crm_lib.metrics import ltv as m
from crm_lib.params import LtvParams
from crm_lib.section import Code, Column, Items, Label, Section, Sentence, Table

MODEL_CODES = {"bg": "bgnbd", "mbg": "mbgnbd", "pareto": "pareto_nbd"}  # family -> model code
HISTOGRAM_MAX = 7  # the frequency histogram's last bin: this many repeat purchases or more
MATRIX_RECENCY_POINTS = 20  # recency points of the frequency-recency matrix (plus 0)
MATRIX_MAX_FREQUENCY_QUANTILE = 0.99  # of repeat customers' frequency: the matrix's top row
MISFIT_P = 0.05  # chi-square p-value below which the histogram is said not to fit


def _model_code(model) -> str:
    return getattr(model, "name", None) or MODEL_CODES[dg.model_family(model)]


@dataclass(kw_only=True)
class ReadinessSection(Section):
    checks: pd.DataFrame  # check, value, threshold, ok (see diagnostics.readiness)
    ok: bool  # every check passed


def readiness(ds: Dataset, cal: CalibrationSection, params: LtvParams) -> ReadinessSection:
    """Whether the data is thick enough for the predictions of this page: enough repeat
    customers, a calibration and a holdout long enough against the median purchase gap
    (thresholds: ``params.ready_*``). A failed check says the predictions should not be
    used."""
    checks = dg.readiness(
        cal.purchases, cal.summary, cal.calibration_end, ds.observation_end,
        min_repeat_customers=params.ready_repeat_customers,
        min_repeat_share=params.ready_repeat_share,
        calibration_gaps=params.ready_calibration_gaps,
        holdout_gaps=params.ready_holdout_gaps,
    )  # fmt: skip
    ok = bool(checks["ok"].all())
    sec = ReadinessSection(heading="ltv_readiness", checks=checks, ok=ok)
    shown = pd.DataFrame(
        {
            "check": checks["check"],
            "value": [
                None if pd.isna(v) else Sentence(f"ltv_ready_value_{c}", {"value": v})
                for c, v in zip(checks["check"], checks["value"], strict=True)
            ],
            "threshold": [
                Sentence(f"ltv_ready_value_{c}", {"value": v})
                for c, v in zip(checks["check"], checks["threshold"], strict=True)
            ],
            "status": np.where(checks["ok"], "pass", "fail"),
        }
    )
    sec.tables["checks"] = Table(
        shown,
        {
            "check": Column("ltv_ready_check", "code:ltv_ready_"),
            "value": Column("ltv_ready_value"),
            "threshold": Column("ltv_ready_threshold"),
            "status": Column("ltv_ready_status", "code:ltv_ready_status_"),
        },
    )
    if ok:
        sec.say("ltv_ready_ok")
    else:
        failed = checks.loc[~checks["ok"], "check"]
        sec.say("ltv_ready_failed", checks=Items(tuple(Label(f"ltv_ready_{c}") for c in failed)))
    gap = checks.attrs["median_gap_days"]
    if gap is not None:
        sec.say("ltv_ready_gap_note", gap=gap)
    sec.metrics = {
        m.READINESS_OK: ok,
        m.READINESS_CHECKS: dict(zip(checks["check"], checks["value"], strict=True)),
    }
    return sec


@dataclass(kw_only=True)
class FrequencySection(Section):
    histogram: pd.DataFrame  # frequency (last: HISTOGRAM_MAX or more), actual, expected
    fit: dict  # chi2, dof, p_value
    model: str  # model code (label ltv_model_<code>)


def period_frequencies(cal: CalibrationSection, model) -> FrequencySection:
    """Customers by repeat purchases in calibration, actual against the model's exact
    expected counts (lifetimes' plot_period_transactions without its unseeded simulation),
    with a chi-square statistic."""
    histogram = dg.frequency_histogram(model, cal.summary, HISTOGRAM_MAX)
    fit = dg.histogram_fit(histogram, len(model.params_))
    code = _model_code(model)
    sec = FrequencySection(heading="ltv_period_frequencies", histogram=histogram, fit=fit,
                           model=code)  # fmt: skip
    zero = histogram.iloc[0]
    sec.say(
        "ltv_period_frequencies_text",
        model=Code("ltv_model_", code),
        actual=int(zero["actual"]),
        expected=float(zero["expected"]),
        customers=len(cal.summary),
        chi2=fit["chi2"],
        dof=fit["dof"],
        p=fit["p_value"],
    )
    sec.say("ltv_period_frequencies_misfit" if fit["p_value"] < MISFIT_P
            else "ltv_period_frequencies_fit")  # fmt: skip
    sec.metrics = {m.PERIOD_FREQUENCY_CHI2: fit["chi2"], m.PERIOD_FREQUENCY_P_VALUE: fit["p_value"]}
    return sec


@dataclass(kw_only=True)
class MatrixSection(Section):
    matrix: pd.DataFrame  # frequency, recency, T, p_alive, expected (long form)
    T: float  # age of the customer the matrix is for, in model time units
    horizon: float  # of the expected purchases, in model time units
    time_unit: str  # D | W


def frequency_recency(cal: CalibrationSection, model, params: LtvParams) -> MatrixSection:
    """P(alive) and expected purchases over the CLV horizon by frequency and recency, for
    a customer whose first purchase is as old as the oldest in calibration."""
    summary = cal.summary
    T = float(summary["T"].max())
    repeat = summary.loc[summary["frequency"] > 0, "frequency"]
    top = int(repeat.quantile(MATRIX_MAX_FREQUENCY_QUANTILE)) if len(repeat) else 1
    horizon = params.horizon * 7.0 / UNIT_DAYS[cal.time_unit]
    matrix = dg.alive_matrix(model, T, max(top, 1), MATRIX_RECENCY_POINTS, horizon)
    sec = MatrixSection(heading="ltv_matrix", matrix=matrix, T=T, horizon=horizon,
                        time_unit=cal.time_unit)  # fmt: skip
    typical = max(1, int(round(repeat.median()))) if len(repeat) else 1
    row = matrix[matrix["frequency"] == min(typical, max(top, 1))]
    sec.say(
        "ltv_matrix_text",
        T=T,
        unit=Label(f"unit_{cal.time_unit}"),
        frequency=int(row["frequency"].iloc[0]),
        recent=float(row["p_alive"].iloc[-1]),
        old=float(row["p_alive"].iloc[0]),
        old_recency=float(row["recency"].iloc[0]),
    )
    return sec


@dataclass(kw_only=True)
class TrackingSection(Section):
    tracking: pd.DataFrame  # period, day, date, actual, expected, and cumulative
    model: str  # model code


def tracking(ds: Dataset, cal: CalibrationSection, model) -> TrackingSection:
    """Repeat purchases week by week over the holdout, actual (SQL) against the model
    (cumulative and per week)."""
    table = dg.tracking(cal.purchases, model, cal.summary, cal.calibration_end, ds.observation_end,
                        cal.time_unit)  # fmt: skip
    code = _model_code(model)
    sec = TrackingSection(heading="ltv_tracking", tracking=table, model=code)
    if table.empty:
        sec.say("ltv_tracking_none")
        return sec
    last = table.iloc[-1]
    gap = (table["actual"] - table["expected"]).abs().idxmax()
    worst = table.loc[gap]
    sec.say(
        "ltv_tracking_text",
        model=Code("ltv_model_", code),
        days=int(last["day"]),
        actual=float(last["actual_cumulative"]),
        expected=float(last["expected_cumulative"]),
        error=100 * (last["expected_cumulative"] / last["actual_cumulative"] - 1)
        if last["actual_cumulative"]
        else 0.0,
        week=worst["date"],
        week_actual=float(worst["actual"]),
        week_expected=float(worst["expected"]),
    )
    sec.say("ltv_tracking_note")
    return sec


@dataclass(kw_only=True)
class HistorySection(Section):
    history: pd.DataFrame  # date, frequency, recency, T, p_alive, purchase
    customer_id: str
    calibration_end: dt.date


def alive_history(ds: Dataset, cal: CalibrationSection, model, val: ValueSection) -> HistorySection:
    """P(alive) day by day of the calibration customer with the highest CLV, from the first
    purchase to the observation end, each day from the history up to that day (model fitted
    on the calibration period). :func:`crm_lib.ltv.diagnostics.alive_history` does the same
    for any customer."""
    ids = val.values.index
    customer = str(ids[ids.isin(cal.summary.index)][0])
    history = dg.alive_history(cal.purchases, model, customer, ds.observation_end, cal.time_unit)
    sec = HistorySection(heading="ltv_history", history=history, customer_id=customer,
                         calibration_end=cal.calibration_end)  # fmt: skip
    at_cal = history.loc[history["date"] == pd.Timestamp(cal.calibration_end), "p_alive"]
    sec.say(
        "ltv_history_text",
        customer=customer,
        purchases=int(history["purchase"].sum()),
        end=ds.observation_end,
        p_end=float(history["p_alive"].iloc[-1]),
        p_min=float(history["p_alive"].min()),
    )
    if len(at_cal):
        sec.say("ltv_history_calibration", end=cal.calibration_end, p=float(at_cal.iloc[0]))
    return sec
