"""The churn report, section by section: dataset and parameters in, :class:`Section` out.

Each function computes its figures (the rest of :mod:`crm_lib.churn`), picks the values its
sentences cite, declares its metrics (:mod:`crm_lib.metrics.churn`) and artifacts; the
notebook ``30_churn`` shows, says and records them. The sections build on each other:
:func:`definition` gives the design and the train/test features, :func:`models` the fitted
models, :func:`explanations` the importance the at-risk reasons are chosen from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib import artifacts
from crm_lib.churn.at_risk import at_risk_list, next_orders, reasons
from crm_lib.churn.definition import Design, design
from crm_lib.churn.explain import (
    driver_effects,
    main_reasons,
    partial_dependence,
    partial_dependence_summary,
    permutation_importance,
)
from crm_lib.churn.features import (
    CATEGORICAL,
    MONEY_FEATURES,
    churn_features,
    feature_sources,
    features_and_labels,
)
from crm_lib.churn.models import (
    KINDS,
    ChurnModel,
    bgnbd_baselines,
    calibration_table,
    evaluate,
    gain_table,
)
from crm_lib.churn.survival import median_table, retention_by, subscription_durations
from crm_lib.dataset import Dataset
from crm_lib.ltv import customer_values
from crm_lib.metrics import churn as m
from crm_lib.money import Amount
from crm_lib.params import Business, ChurnParams, LtvParams
from crm_lib.privacy import Masker
from crm_lib.section import Code, Column, Items, Section, Table

#: the model that is explained and scores the at-risk list (its lift is the recorded one)
SCORING_MODEL = "gbm"
#: label-free baselines from BG/NBD, evaluated beside the trained models
BASELINES = ("no_purchase", "palive")
TOP_FEATURES = 3  # named in the importance sentence, drawn as partial dependence
IMPORTANCE_SHOWN = 12  # features in the importance chart
IMPORTANCE_RECORDED = 10  # features in metrics.json
REASON_CANDIDATES = 8  # most important features a customer's reasons are chosen from
MIN_SUBSCRIBERS = 50  # subscribers needed for their own importance ranking
#: Kaplan-Meier groupings: column -> chart title label key
RETENTION_GROUPS = {"plan": "churn_chart_km_plan", "acquisition_channel": "churn_chart_km_channel"}


@dataclass(kw_only=True)
class DefinitionSection(Section):
    design: Design  # window, cutoffs, population, purchase gaps
    train_x: pd.DataFrame  # features at the train cutoff, by customer_id
    train_y: np.ndarray  # churned in the window after it (bool)
    test_x: pd.DataFrame  # features at the test cutoff
    test_y: np.ndarray


def definition(ds: Dataset, params: ChurnParams, business: Business) -> DefinitionSection:
    """The churn window and cutoffs, the features and labels at both cutoffs, the churn
    rate at the test cutoff, and the tables whose features are left out."""
    plan = design(ds, params, business)
    train_x, train_y = features_and_labels(ds, plan.train_cutoff, plan, business)
    test_x, test_y = features_and_labels(ds, plan.test_cutoff, plan, business)
    sec = DefinitionSection(
        heading="churn_definition_heading",
        design=plan,
        train_x=train_x,
        train_y=train_y,
        test_x=test_x,
        test_y=test_y,
    )
    rate = float(test_y.mean())
    cited = {
        "window": plan.window_days,
        "train": plan.train_cutoff,
        "test": plan.test_cutoff,
        "active": plan.active_within_days,
        "rate": rate,
    }
    if plan.quantile is None:
        sec.say("churn_definition_fixed", **cited)
    else:
        sec.say("churn_definition_text", quantile=plan.quantile, **cited)
    absent = [name for name, present in feature_sources(ds).items() if not present]
    if absent:
        sec.say("churn_skipped_sources", tables=Items(tuple(Code("table_", n) for n in absent)))
    sec.metrics = {
        m.RATE: rate,
        m.WINDOW_DAYS: plan.window_days,
        m.TRAIN_CUTOFF: plan.train_cutoff,
        m.TEST_CUTOFF: plan.test_cutoff,
        m.CUSTOMERS_TEST: len(test_x),
    }
    return sec


@dataclass(kw_only=True)
class ModelsSection(Section):
    models: dict[str, ChurnModel]  # kind -> fitted at the train cutoff
    scores: dict[str, np.ndarray]  # model or baseline -> P(churn) at the test cutoff
    evaluation: pd.DataFrame  # per model: roc_auc, pr_auc, brier, top_decile_lift, base_rate
    calibration: pd.DataFrame  # per model and bin: predicted, observed
    gains: pd.DataFrame  # per model: contacted, found


def models(
    ds: Dataset, defined: DefinitionSection, params: ChurnParams, time_unit: str
) -> ModelsSection:
    """The trained models (learnt at the train cutoff) and the BG/NBD baselines, scored at
    the test cutoff; the scoring model's figures in words, and a sentence when another
    trained model ranks better on this data."""
    plan, test_x, test_y = defined.design, defined.test_x, defined.test_y
    fitted = {
        kind: ChurnModel(kind, random_state=params.seed).fit(defined.train_x, defined.train_y)
        for kind in KINDS
    }
    scores = {kind: model.p_churn(test_x) for kind, model in fitted.items()}
    baselines = bgnbd_baselines(ds, plan.test_cutoff, plan.window_days, test_x.index, time_unit)
    scores |= {kind: baselines[kind].to_numpy() for kind in BASELINES}
    evaluation = evaluate(test_y, scores)
    sec = ModelsSection(
        heading="churn_models_heading",
        models=fitted,
        scores=scores,
        evaluation=evaluation,
        calibration=calibration_table(test_y, scores),
        gains=gain_table(test_y, scores),
    )
    by_model = evaluation.set_index("model")
    scoring = by_model.loc[SCORING_MODEL]
    sec.say(
        "churn_models_text",
        model=Code("churn_model_", SCORING_MODEL),
        auc=scoring["roc_auc"],
        no_purchase=by_model.loc["no_purchase", "roc_auc"],
        palive=by_model.loc["palive", "roc_auc"],
        lift=scoring["top_decile_lift"],
    )
    best = by_model.loc[list(KINDS), "roc_auc"].idxmax()
    if best != SCORING_MODEL:
        sec.say(
            "churn_models_other_better",
            other=Code("churn_model_", best),
            auc=by_model.loc[best, "roc_auc"],
            model=Code("churn_model_", SCORING_MODEL),
        )
    sec.tables["models"] = Table(
        evaluation,
        {
            "model": Column("churn_model", "code:churn_model_"),
            "roc_auc": Column("churn_roc_auc", "number3"),
            "pr_auc": Column("churn_pr_auc", "number3"),
            "brier": Column("churn_brier", "number3"),
            "top_decile_lift": Column("churn_lift", "number2"),
        },
    )
    sec.metrics = {
        m.AUC: by_model["roc_auc"].to_dict(),
        m.PR_AUC: by_model["pr_auc"].to_dict(),
        m.BRIER: by_model["brier"].to_dict(),
        m.TOP_DECILE_LIFT: float(scoring["top_decile_lift"]),
    }
    return sec


@dataclass(kw_only=True)
class ExplanationsSection(Section):
    importance: pd.DataFrame  # per feature: importance (ROC-AUC lost), std, rank
    importance_shown: pd.DataFrame  # the most important, for the chart
    subscriber_importance: pd.DataFrame | None  # the same among subscribers (None: too few)
    curves: dict[str, pd.DataFrame]  # top feature -> partial dependence (value, p_churn)
    drivers: pd.DataFrame  # per candidate driver: adjusted odds ratio and interval


def explanations(
    defined: DefinitionSection, trained: ModelsSection, params: ChurnParams
) -> ExplanationsSection:
    """What the scoring model relies on (permutation importance, overall and among
    subscribers), how churn moves along the top features (partial dependence), and the
    drivers whose adjusted odds ratio is above 1 with 95 % confidence."""
    model = trained.models[SCORING_MODEL]
    test_x, test_y = defined.test_x, defined.test_y
    importance = permutation_importance(model, test_x, test_y, random_state=params.seed)
    top = importance["feature"].head(TOP_FEATURES).tolist()
    subscribed = test_x["contractual"].to_numpy(dtype=bool)
    among = None
    if subscribed.sum() >= MIN_SUBSCRIBERS and 0 < test_y[subscribed].mean() < 1:
        among = permutation_importance(
            model, test_x[subscribed], test_y[subscribed], random_state=params.seed
        )
    curves = {feature: partial_dependence(model, test_x, feature) for feature in top}
    drivers = driver_effects(test_x, test_y)
    sec = ExplanationsSection(
        heading="churn_explain_heading",
        importance=importance,
        importance_shown=importance.head(IMPORTANCE_SHOWN),
        subscriber_importance=among,
        curves=curves,
        drivers=drivers,
    )
    sec.say("churn_importance_text", **_first_three(top))
    if among is not None:
        first = among["feature"].head(TOP_FEATURES).tolist()
        sec.say("churn_importance_subscribers", n=int(subscribed.sum()), **_first_three(first))
    for feature, curve in curves.items():
        categorical = feature in CATEGORICAL
        summary = partial_dependence_summary(
            curve, categorical=categorical, money=feature in MONEY_FEATURES
        )
        key = "churn_pdp_categorical" if categorical else "churn_pdp_numeric"
        sec.say(key, feature=Code("churn_feature_", feature), **summary)
    for d in drivers.itertuples():
        if d.low > 1:
            sec.say(
                "churn_driver_text",
                driver=Code("churn_feature_", d.feature),
                ratio=d.odds_ratio,
                low=d.low,
                high=d.high,
                affected=d.affected,
            )
    recorded = importance.head(IMPORTANCE_RECORDED)
    sec.metrics = {
        m.IMPORTANCE: dict(zip(recorded["feature"], recorded["importance"], strict=True)),
        m.DRIVERS: {
            d.feature: {"odds_ratio": d.odds_ratio, "low": d.low, "high": d.high}
            for d in drivers.itertuples()
        },
    }
    return sec


def _first_three(features: list[str]) -> dict[str, Code]:
    names = ("first", "second", "third")
    return {name: Code("churn_feature_", f) for name, f in zip(names, features, strict=True)}


@dataclass(kw_only=True)
class RetentionSection(Section):
    durations: pd.DataFrame | None  # per subscription: days, cancelled (None: no table)
    curves: dict[str, pd.DataFrame]  # chart title label key -> Kaplan-Meier curves by group
    medians: dict[str, pd.DataFrame]  # grouping column -> subscriptions, median_days per group


def retention(ds: Dataset, plan: Design) -> RetentionSection:
    """Kaplan-Meier retention of subscriptions to the observation end, by plan and by
    acquisition channel (groupings the data has); the median days per plan in words."""
    sec = RetentionSection(heading="churn_survival_heading", durations=None, curves={}, medians={})
    if not ds.has("subscriptions"):
        sec.say("churn_no_subscriptions")
        return sec
    durations = subscription_durations(ds.table("subscriptions"), plan.observation_end)
    if ds.has("customers"):
        channels = ds.table("customers")[["customer_id", "acquisition_channel"]]
        durations = durations.merge(channels, on="customer_id", how="left")
    sec.durations = durations
    for by, title in RETENTION_GROUPS.items():
        if by not in durations.columns:
            continue
        curves = retention_by(durations, by)
        if curves.empty:
            continue
        sec.curves[title] = curves
        sec.medians[by] = median_table(curves, durations, by)
    for row in sec.medians.get("plan", pd.DataFrame()).itertuples():
        if np.isfinite(row.median_days):
            sec.say("churn_survival_text", group=Code("churn_plan_", row.group),
                    days=row.median_days, n=row.subscriptions)  # fmt: skip
        else:
            sec.say(
                "churn_survival_not_reached", group=Code("churn_plan_", row.group),
                n=row.subscriptions,
            )  # fmt: skip
    sec.metrics[m.SUBSCRIPTION_MEDIAN_DAYS] = {
        by: dict(zip(table["group"], table["median_days"], strict=True))
        for by, table in sec.medians.items()
    }
    return sec


@dataclass(kw_only=True)
class AtRiskSection(Section):
    model: ChurnModel  # refitted at the test cutoff, scores the observation end
    features: pd.DataFrame  # features at the observation end, by customer_id
    values: pd.DataFrame  # CLV per customer (crm_lib.ltv.customer_values)
    risk: pd.DataFrame  # every scored customer, highest value at risk first (the artifact)
    upcoming: pd.DataFrame  # per customer: mean_gap_days, expected_next_order, overdue


def at_risk(
    ds: Dataset,
    defined: DefinitionSection,
    explained: ExplanationsSection,
    params: ChurnParams,
    business: Business,
    ltv: LtvParams,
    time_unit: str,
) -> AtRiskSection:
    """Every customer at the observation end scored by the scoring model refitted at the
    test cutoff; value at risk = P(churn) x CLV (the LTV report's horizon and discount rate,
    ``business.gross_margin``); the top ``params.top_n`` with masked names, reasons in
    words and the suggested action; the expected next orders in a sentence."""
    plan = defined.design
    end = plan.observation_end
    model = ChurnModel(SCORING_MODEL, random_state=params.seed)
    model.fit(defined.test_x, defined.test_y)
    now_x = churn_features(
        ds, end, business, active_within_days=plan.active_within_days,
        recent_days=plan.recent_days,
    )  # fmt: skip
    p_now = pd.Series(model.p_churn(now_x), index=now_x.index)
    values = customer_values(
        ds, end, time_unit, horizon_weeks=ltv.horizon, discount_rate_monthly=ltv.discount_rate,
        gross_margin=business.gross_margin,
    )  # fmt: skip
    candidates = explained.importance["feature"].head(REASON_CANDIDATES)
    candidates = [f for f in candidates if f in now_x.columns]
    upcoming = next_orders(now_x, end)
    risk = at_risk_list(p_now, values["clv"], main_reasons(model, now_x, candidates), upcoming)
    sec = AtRiskSection(
        heading="churn_at_risk_heading",
        model=model,
        features=now_x,
        values=values,
        risk=risk,
        upcoming=upcoming,
    )
    total = float(risk["value_at_risk"].sum())
    shown = risk.head(params.top_n).copy()
    sec.say(
        "churn_at_risk_text",
        end=end,
        customers=len(risk),
        total=Amount(total),
        top=params.top_n,
        top_share=shown["value_at_risk"].sum() / total if total else 0.0,
    )
    repeaters = upcoming[upcoming["mean_gap_days"].notna()]
    if len(repeaters):
        sec.say(
            "churn_next_text",
            median=repeaters["mean_gap_days"].median(),
            overdue=repeaters["overdue"].mean(),
        )
    shown["reasons"] = reasons(shown, now_x)
    columns = {"customer_id": Column("churn_customer_id")}
    if ds.has("customers") and "name" in ds.loads["customers"].columns:
        people = ds.table("customers").set_index("customer_id")["name"]
        masked = Masker(business.privacy).names(people.reindex(shown["customer_id"]))
        shown["name"] = masked.to_numpy()  # as business.privacy says (default: masked)
        columns["name"] = Column("churn_name")
    columns |= {
        "p_churn": Column("churn_p_churn", "percent"),
        "clv": Column("churn_clv", "money"),
        "value_at_risk": Column("churn_value_at_risk", "money"),
        "reasons": Column("churn_reasons"),
        "action": Column("churn_action", "code:churn_action_"),
        "mean_gap_days": Column("churn_mean_gap", "days"),
        "expected_next_order": Column("churn_next_order", "date"),
    }
    sec.tables["at_risk"] = Table(shown, columns)
    sec.metrics = {m.VALUE_AT_RISK: total, m.AT_RISK_CUSTOMERS: len(risk)}
    sec.artifacts[artifacts.CHURN_AT_RISK] = risk
    return sec


__all__ = [
    "AtRiskSection",
    "DefinitionSection",
    "ExplanationsSection",
    "ModelsSection",
    "RetentionSection",
    "at_risk",
    "definition",
    "explanations",
    "models",
    "retention",
]
