"""Calibration, the purchase-count models and the choice among them, the holdout check with
its prediction interval, and who is still active."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib.config import PeriodConfig
from crm_lib.dataset import Dataset
from crm_lib.ltv import predictive as _predictive
from crm_lib.ltv.analysis import (
    default_calibration_end,
    fit_models,
    parameter_table,
    split_at,
)
from crm_lib.ltv.base import UniqueHistories
from crm_lib.ltv.choice import AUC_TIE, ModelChoice, choose_model
from crm_lib.ltv.choice import COUNT_MODELS as _COUNT_MODELS
from crm_lib.ltv.deliveries import DeliverySplit, holdout_deliveries
from crm_lib.ltv.summary import rfm_summary
from crm_lib.ltv.value import compare_models, holdout_by_frequency
from crm_lib.metrics import ltv as m
from crm_lib.params import Business, LtvParams
from crm_lib.section import Code, Column, Label, Section, Table

COUNT_MODELS = tuple(_COUNT_MODELS)  # the purchase-count models compared
LAPSED_BELOW = 0.5  # P(alive) under which a customer has probably lapsed


@dataclass(kw_only=True)
class CalibrationSection(Section):
    summary: pd.DataFrame  # per customer: frequency, recency, T, monetary_value, holdout
    calibration_end: dt.date
    time_unit: str  # D | W
    duration: float  # length of the holdout, in model time units
    purchases: Dataset  # what the count and spend models count (定期便 deliveries left out)
    split: DeliverySplit | None  # the deliveries valued by the sBG at the calibration end


def calibration(
    ds: Dataset, period: PeriodConfig, business: Business | None = None
) -> CalibrationSection:
    """Who the models learn from (first purchase by the calibration end) and the holdout
    they are checked on (to the observation end); with ``business``, on the purchases
    without the 定期便 deliveries the sBG values (:mod:`crm_lib.ltv.deliveries`)."""
    end = default_calibration_end(ds.observation_end, period.calibration_end)
    split = split_at(ds, end, business)
    purchases = split.purchases if split is not None else ds
    summary = rfm_summary(purchases, end, ds.observation_end, period.time_unit)
    duration = float(summary["duration_holdout"].iloc[0])
    sec = CalibrationSection(
        heading="ltv_data",
        summary=summary,
        calibration_end=end,
        time_unit=period.time_unit,
        duration=duration,
        purchases=purchases,
        split=split,
    )
    sec.say(
        "ltv_data_text",
        calibration_end=end,
        customers=len(summary),
        holdout=duration,
        unit=Label(f"unit_{period.time_unit}"),
    )
    if split is not None:
        sec.say("ltv_deliveries_excluded", rows=split.delivery_rows)
    sec.metrics = {
        m.CUSTOMERS: len(summary),
        m.TIME_UNIT: period.time_unit,
        m.CALIBRATION_END: end,
        m.HISTORIES: UniqueHistories.of(summary).counts.size,
    }
    return sec


@dataclass(kw_only=True)
class ModelsSection(Section):
    models: dict  # bgnbd, mbgnbd, pareto_nbd, latent_class (counts), gamma_gamma (spend)
    parameters: pd.DataFrame  # model, parameter, estimate, se (NaN: not identified), status
    choice: ModelChoice  # the purchase-count models compared on the holdout, and why
    chosen: str  # the purchase-count model of P(alive), CLV and the at-risk list


def models(cal: CalibrationSection, params: LtvParams | None = None) -> ModelsSection:
    """BG/NBD, MBG/NBD, Pareto/NBD, the latent-class MBG/NBD (its number of classes by
    BIC) and Gamma-Gamma on the calibration summary, with
    standard errors where the fit is identified ("—" and the reason where not), the choice
    of the purchase-count model by the rule of :mod:`crm_lib.ltv.choice` (or
    ``params.count_model`` when set), and the frequency-spend correlation Gamma-Gamma
    assumes near zero."""
    fitted = fit_models(cal.summary)
    table = parameter_table(fitted)
    counts = {name: fitted[name] for name in COUNT_MODELS}
    choice = choose_model(cal.summary, counts)
    forced = params is not None and params.count_model != "auto"
    sec = ModelsSection(
        heading="ltv_models", models=fitted, parameters=table, choice=choice,
        chosen=params.count_model if forced else choice.chosen,
    )  # fmt: skip
    shown = table.assign(se=[Label("ltv_se_none") if pd.isna(v) else v for v in table["se"]])
    sec.tables["parameters"] = Table(
        shown,
        {
            "model": Column("ltv_model", "code:ltv_model_"),
            "parameter": Column("ltv_parameter"),
            "estimate": Column("ltv_estimate", "number4"),
            "se": Column("ltv_se", "number4"),
            "status": Column("ltv_fit_status", "code:ltv_fit_"),
        },
    )
    sec.tables["choice"] = _model_choice_table(choice)
    sec.say("ltv_se_note")
    for name, model in counts.items():
        if not model.diagnostics_.identified:
            reason = Label(f"ltv_fit_{model.diagnostics_.reason}")
            sec.say("ltv_not_identified", model=Code("ltv_model_", name), reason=reason)
    _say_model_choice(sec, choice)
    mixture = counts.get("latent_class")
    if mixture is not None:
        sec.say("ltv_latent_classes", classes=mixture.n_classes_, tried=len(mixture.bic_))
    if forced:
        sec.say("ltv_choice_set", model=Code("ltv_model_", sec.chosen),
                rule=Code("ltv_model_", choice.chosen))  # fmt: skip
    corr = fitted["gamma_gamma"].frequency_monetary_correlation_
    sec.metrics = {
        metric: fitted[name].params_[key]
        for name, by_key in m.MODEL_PARAMETERS.items()
        for key, metric in by_key.items()
    }
    sec.metrics[m.STANDARD_ERRORS] = {
        name: model.standard_errors_ for name, model in fitted.items()
    }
    sec.metrics[m.FREQUENCY_MONETARY_CORRELATION] = corr
    sec.metrics |= _model_choice_metrics(choice, counts) | {m.MODEL_CHOSEN: sec.chosen}
    if mixture is not None:
        sec.metrics[m.LATENT_CLASSES] = mixture.n_classes_
    return sec


def _model_choice_table(choice: ModelChoice) -> Table:
    """The model-choice table as shown: one row per purchase-count model."""
    shown = choice.table.assign(
        status=[r or "identified" for r in choice.table["reason"]],
        chosen=[Label("ltv_chosen_mark") if c else None for c in choice.table["chosen"]],
    )
    return Table(
        shown,
        {
            "model": Column("ltv_model", "code:ltv_model_"),
            "parameters": Column("ltv_parameters_n", "count"),
            "classes": Column("ltv_classes_n", "count"),
            "log_likelihood": Column("ltv_log_likelihood", "number1"),
            "aic": Column("ltv_aic", "number1"),
            "mean_p_alive": Column("ltv_mean_p_alive", "share"),
            "p_alive_auc": Column("ltv_p_alive_auc", "number3"),
            "predicted_total": Column("ltv_predicted_total", "count"),
            "actual_total": Column("ltv_actual_total", "count"),
            "error_total_pct": Column("ltv_error_pct", "signed1"),
            "mae": Column("ltv_mae", "number3"),
            "rmse": Column("ltv_rmse", "number3"),
            "status": Column("ltv_fit_status", "code:ltv_fit_"),
            "chosen": Column("ltv_chosen"),
        },
    )


def _say_model_choice(sec: Section, choice: ModelChoice) -> None:
    """The rule, the model it chose and why, and what the chosen model does not win."""
    rows = choice.table.set_index("model")
    best = rows.loc[choice.chosen]
    model = Code("ltv_model_", choice.chosen)
    sec.say("ltv_choice_rule", tie=AUC_TIE)
    if choice.all_unidentified:
        sec.say("ltv_choice_none_identified", model=model)
    if choice.basis == "aic":
        sec.say("ltv_choice_aic", model=model)
        return
    if choice.runner_up is None:
        sec.say("ltv_choice_only", model=model, auc=best["p_alive_auc"],
                error=best["error_total_pct"])  # fmt: skip
        return
    runner = rows.loc[choice.runner_up]
    sec.say(
        "ltv_choice_auc", model=model, auc=best["p_alive_auc"],
        runner=Code("ltv_model_", choice.runner_up), runner_auc=runner["p_alive_auc"],
        error=best["error_total_pct"],
    )  # fmt: skip
    rivals = rows[(rows.index != choice.chosen) & (rows["identified"] | choice.all_unidentified)]
    if len(rivals) and rivals["rmse"].min() < best["rmse"]:
        other = rivals["rmse"].idxmin()
        sec.say("ltv_choice_tradeoff", other=Code("ltv_model_", other), model=model,
                other_rmse=rows.loc[other, "rmse"], rmse=best["rmse"])  # fmt: skip


def _model_choice_metrics(choice: ModelChoice, counts: dict) -> dict:
    rows = choice.table.set_index("model")
    return {
        m.MODEL_CHOSEN: choice.chosen,
        m.MODEL_CHOICE_BASIS: choice.basis,
        m.MODEL_IDENTIFIED: {k: bool(v) for k, v in rows["identified"].items()},
        m.MODEL_NOT_IDENTIFIED_REASON: rows["reason"].to_dict(),
        m.MODEL_AIC: rows["aic"].to_dict(),
        m.MODEL_P_ALIVE_AUC: rows["p_alive_auc"].to_dict(),
        m.MODEL_HOLDOUT_RMSE: rows["rmse"].to_dict(),
        m.MODEL_ITERATIONS: {k: c.diagnostics_.iterations for k, c in counts.items()},
    }


@dataclass(kw_only=True)
class HoldoutSection(Section):
    comparison: pd.DataFrame  # per model: log-likelihood, totals, errors
    by_frequency: pd.DataFrame  # mean actual and predicted by calibration frequency
    models: tuple[str, ...]  # the purchase-count models compared
    interval: _predictive.PredictiveTotal  # the chosen model's parameter and prediction intervals
    actual: float  # repeat purchases in the holdout


def holdout(cal: CalibrationSection, fits: ModelsSection, params: LtvParams) -> HoldoutSection:
    """Predicted vs actual repeat purchases in the holdout, of every purchase-count model,
    in total and by calibration frequency; the chosen model's prediction interval (its
    parameter uncertainty and the purchase process's own noise) and where the actual lies."""
    counts = {name: fits.models[name] for name in COUNT_MODELS}
    comparison = compare_models(counts, cal.summary)
    interval = holdout_interval(cal, fits.models[fits.chosen], params)
    actual = float(comparison["actual_total"].iloc[0])
    sec = HoldoutSection(
        heading="ltv_holdout",
        comparison=comparison,
        by_frequency=holdout_by_frequency(counts, cal.summary),
        models=COUNT_MODELS,
        interval=interval,
        actual=actual,
    )
    _say_holdout_models(sec, comparison, fits.chosen)
    sec.tables["comparison"] = Table(
        comparison,
        {
            "model": Column("ltv_model", "code:ltv_model_"),
            "log_likelihood": Column("ltv_log_likelihood", "number1"),
            "predicted_total": Column("ltv_predicted_total", "count"),
            "actual_total": Column("ltv_actual_total", "count"),
            "error_total_pct": Column("ltv_error_pct", "signed1"),
            "mae": Column("ltv_mae", "number3"),
            "rmse": Column("ltv_rmse", "number3"),
        },
    )
    sec.metrics = {
        m.HOLDOUT_ACTUAL: actual,
        m.HOLDOUT_PREDICTED: dict(
            zip(comparison["model"], comparison["predicted_total"], strict=True)
        ),
        m.HOLDOUT_DURATION: cal.duration,
    }
    say_holdout_interval(sec, interval, model=fits.chosen, actual=actual, time_unit=cal.time_unit)
    if cal.split is not None:
        _say_holdout_deliveries(sec, cal)
    return sec


def _say_holdout_deliveries(sec: Section, cal: CalibrationSection) -> None:
    """The sBG's expected deliveries of the subscriptions running at the calibration end
    against those made in the holdout, said and recorded."""
    end = cal.split.source.observation_end
    check = holdout_deliveries(cal.split, cal.calibration_end, end)
    error = 100 * (check["expected"] / check["actual"] - 1) if check["actual"] else float("nan")
    sec.say("ltv_holdout_deliveries", cal=cal.calibration_end, error=error, **check)
    sec.metrics |= {
        m.HOLDOUT_DELIVERIES_EXPECTED: check["expected"],
        m.HOLDOUT_DELIVERIES_ACTUAL: check["actual"],
    }


def _say_holdout_models(sec: Section, comparison: pd.DataFrame, chosen: str) -> None:
    """Every model's predicted holdout total and the chosen one's error; the model closest
    to the total named when it is not the chosen one."""
    rows = comparison.set_index("model")
    sec.say(
        "ltv_holdout_models_text", actual=rows["actual_total"].iloc[0],
        **{name: rows.loc[name, "predicted_total"] for name in COUNT_MODELS},
        model=Code("ltv_model_", chosen), error=rows.loc[chosen, "error_total_pct"],
    )  # fmt: skip
    closest = rows["error_total_pct"].abs().idxmin()
    if closest != chosen:
        sec.say("ltv_holdout_closest", other=Code("ltv_model_", closest),
                other_error=rows.loc[closest, "error_total_pct"])  # fmt: skip


@dataclass(kw_only=True)
class AliveSection(Section):
    p_alive: np.ndarray  # the chosen model's P(alive) of every customer at the calibration end
    model: str  # the chosen purchase-count model


def alive(cal: CalibrationSection, fits: ModelsSection) -> AliveSection:
    """P(alive) at the calibration end by the chosen model, one-time buyers included: the
    mean, the share of customers (and of repeat customers) that have probably lapsed."""
    p_alive = fits.models[fits.chosen].p_alive(cal.summary)
    repeat = (cal.summary["frequency"] > 0).to_numpy()
    lapsed = float((p_alive < LAPSED_BELOW).mean()) if len(p_alive) else 0.0
    lapsed_repeat = float((p_alive[repeat] < LAPSED_BELOW).mean()) if repeat.any() else 0.0
    sec = AliveSection(heading="ltv_alive", p_alive=p_alive, model=fits.chosen)
    model = Code("ltv_model_", fits.chosen)
    mean = float(p_alive.mean()) if len(p_alive) else float("nan")
    sec.say("ltv_alive_chosen_text", model=model, mean=mean, share=lapsed)
    sec.say("ltv_alive_text", share=lapsed_repeat)
    one_time = float(p_alive[~repeat].mean()) if (~repeat).any() else float("nan")
    if (~repeat).any():
        sec.say("ltv_alive_one_time", customers=int((~repeat).sum()), mean=one_time)
    if fits.chosen == "bgnbd":
        sec.say("ltv_alive_bgnbd_caveat")
    sec.metrics = {
        m.REPEAT_CUSTOMERS_LAPSED_SHARE: lapsed_repeat,
        m.LAPSED_SHARE: lapsed,
        m.MEAN_P_ALIVE: mean,
        m.ONE_TIME_MEAN_P_ALIVE: one_time,
    }
    return sec


# Honest intervals (crm_lib.ltv.predictive): the holdout total's parameter and prediction
# intervals, said and recorded in the holdout section; per-customer CLV and order intervals
# for the customer artifact.


def holdout_interval(
    cal: CalibrationSection, model, params: LtvParams
) -> _predictive.PredictiveTotal:
    """Parameter and prediction intervals of ``model``'s total holdout purchases:
    ``params.interval_draws`` parameter draws, each with every customer's purchases
    simulated, at ``params.interval_level`` (bootstrap refits, ``params.n_boot``, when the
    fit has no covariance); see :func:`crm_lib.ltv.predictive.predictive_total`."""
    return _predictive.predictive_total(
        model, cal.summary, cal.duration, draws=params.interval_draws,
        level=params.interval_level, n_boot=params.n_boot,
    )  # fmt: skip


def actual_position(interval: _predictive.PredictiveTotal, actual: float) -> str:
    """Where ``actual`` lies against the prediction interval: inside, above or below."""
    if interval.covers(actual):
        return "inside"
    return "above" if actual > interval.predictive_high else "below"


def say_holdout_interval(
    sec: Section,
    interval: _predictive.PredictiveTotal,
    *,
    model: str,
    actual: float,
    time_unit: str,
) -> None:
    """Into ``sec`` (the holdout section): ``model``'s prediction interval and where the
    ``actual`` total lies, what each interval covers, how the parameters were drawn, the
    approximations made at scale; and their metrics (``m.PREDICTIVE_TOTAL``, the model, the
    actual's position)."""
    position = actual_position(interval, actual)
    sec.say(
        "ltv_holdout_interval_text",
        model=Code("ltv_model_", model),
        point=interval.point,
        level=interval.level,
        low=interval.predictive_low,
        high=interval.predictive_high,
    )
    sec.say(f"ltv_holdout_interval_{position}", actual=actual)
    sec.say("ltv_holdout_interval_meaning", low=interval.parameter_low,
            high=interval.parameter_high)  # fmt: skip
    if interval.method == "normal":
        sec.say("ltv_holdout_draws_normal", draws=interval.draws)
    else:
        sec.say("ltv_holdout_draws_bootstrap", n_boot=interval.n_boot,
                n_failed=interval.n_failed, draws=interval.draws)  # fmt: skip
    if interval.grid:
        sec.say("ltv_holdout_interval_rounded", grid=interval.grid, unit=Label(f"unit_{time_unit}"))
    if interval.simulated:
        sec.say("ltv_holdout_interval_capped", simulated=interval.simulated)
    sec.metrics |= {metric: getattr(interval, key) for key, metric in m.PREDICTIVE_TOTAL.items()}
    sec.metrics[m.HOLDOUT_INTERVAL_MODEL] = model
    sec.metrics[m.HOLDOUT_ACTUAL_POSITION] = position
