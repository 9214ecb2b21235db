"""The churn report, section by section: dataset and parameters in, :class:`Section` out.

Each function computes its figures (the rest of :mod:`crm_lib.churn`), picks the values its
sentences cite, declares its metrics (:mod:`crm_lib.metrics.churn`) and artifacts; the
notebook ``30_churn`` shows, says and records them. The sections build on each other:
:func:`definition` gives the design, the purchase-model fits and the features at the three
cutoffs, :func:`models` the chosen model (on the validation) and the fitted candidates,
:func:`explanations` the importance the at-risk reasons are chosen from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lib import artifacts
from crm_lib.churn.at_risk import at_risk_list, next_orders, reasons
from crm_lib.churn.baselines import BASELINES, PurchaseFits
from crm_lib.churn.definition import Design, design
from crm_lib.churn.evaluation import calibration_table, evaluate, gain_table, loss_difference
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
    design_features,
    feature_sources,
    features_and_labels,
)
from crm_lib.churn.models import KINDS, ChurnModel
from crm_lib.churn.sampling import fit_on_sample, sample_rows
from crm_lib.churn.selection import (
    CROSS_VALIDATION,
    EARLY_CUTOFF,
    FOLDS,
    GUARD_BOOT,
    Choice,
    choose,
    guard,
    validation_scores,
)
from crm_lib.churn.survival import median_table, retention_by, subscription_durations
from crm_lib.dataset import Dataset
from crm_lib.engine import scalar
from crm_lib.features import PURCHASE
from crm_lib.ltv import PurchaseCountModel, customer_values
from crm_lib.metrics import churn as m
from crm_lib.money import Amount
from crm_lib.params import Business, ChurnParams, LtvParams
from crm_lib.privacy import Masker
from crm_lib.section import Code, Column, Items, Section, Sentence, Table

TOP_FEATURES = 3  # named in the importance sentence, drawn as partial dependence
IMPORTANCE_SHOWN = 12  # features in the importance chart
IMPORTANCE_RECORDED = 10  # features in metrics.json
REASON_CANDIDATES = 8  # most important features a customer's reasons are chosen from
MIN_SUBSCRIBERS = 50  # subscribers needed for their own importance ranking
#: Kaplan-Meier groupings: column -> chart title label key
RETENTION_GROUPS = {"plan": "churn_chart_km_plan", "acquisition_channel": "churn_chart_km_channel"}


@dataclass(kw_only=True)
class DefinitionSection(Section):
    design: Design  # definition, window, cutoffs, population, purchase gaps
    fits: PurchaseFits  # the purchase-count model fitted at each cutoff asked (no labels)
    early: tuple[pd.DataFrame, np.ndarray] | None  # features and labels at the early cutoff
    train_x: pd.DataFrame  # features at the train cutoff, by customer_id
    train_y: np.ndarray  # churned in the window after it (bool)
    test_x: pd.DataFrame  # features at the test cutoff
    test_y: np.ndarray


def definition(
    ds: Dataset, params: ChurnParams, business: Business, *, time_unit: str,
    count_model: PurchaseCountModel | str | None = None,
) -> DefinitionSection:  # fmt: skip
    """The churn definition, window and cutoffs, the features and labels at the three
    cutoffs, the churn rate at the test cutoff and how to read it, and the tables whose
    features are left out. ``count_model``: the purchase-count model (an unfitted model or
    a name of :data:`crm_lib.ltv.choice.COUNT_MODELS`; default BG/NBD) of the ``p_alive``
    definition, the baselines and the value at risk, fitted in ``time_unit``."""
    plan = design(ds, params, business)
    fits = PurchaseFits(ds, time_unit, count_model)
    early = _early(ds, plan, business, fits)
    train_x, train_y = features_and_labels(ds, plan.train_cutoff, plan, business, fits)
    test_x, test_y = features_and_labels(ds, plan.test_cutoff, plan, business, fits)
    sec = DefinitionSection(
        heading="churn_definition_heading", design=plan, fits=fits, early=early,
        train_x=train_x, train_y=train_y, test_x=test_x, test_y=test_y,
    )  # fmt: skip
    rate = float(test_y.mean())
    window = plan.window_days
    sec.say(
        f"churn_definition_{plan.definition}", window=window, multiple=plan.rhythm_multiple,
        threshold=plan.p_alive_threshold, model=Code("ltv_model_", fits.counts.name),
    )  # fmt: skip
    if plan.quantile is None:
        sec.say("churn_window_fixed", window=window)
    else:
        sec.say("churn_window_quantile", window=window, quantile=plan.quantile)
    sec.say("churn_cutoffs", train=plan.train_cutoff, test=plan.test_cutoff, rate=rate)
    sec.say(f"churn_rate_reading_{plan.definition}", window=window, rate=rate,
            multiple=plan.rhythm_multiple)  # fmt: skip
    absent = [name for name, present in feature_sources(ds).items() if not present]
    if absent:
        sec.say("churn_skipped_sources", tables=Items(tuple(Code("table_", n) for n in absent)))
    sec.metrics = {
        m.RATE: rate,
        m.DEFINITION: plan.definition,
        m.WINDOW_DAYS: window,
        m.EARLY_CUTOFF: plan.early_cutoff,
        m.TRAIN_CUTOFF: plan.train_cutoff,
        m.TEST_CUTOFF: plan.test_cutoff,
        m.CUSTOMERS_TEST: len(test_x),
    }
    return sec


def _early(ds, plan, business, fits) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Features and labels at the early cutoff; None when no purchase is that old."""
    first = scalar(ds.con, f"SELECT min(order_date) FROM transactions WHERE {PURCHASE}")
    if first is None or pd.Timestamp(first).date() > plan.early_cutoff:
        return None
    return features_and_labels(ds, plan.early_cutoff, plan, business, fits)


@dataclass(kw_only=True)
class ModelsSection(Section):
    choice: Choice  # the chosen model and why
    validation: pd.DataFrame  # per candidate: figures on the validation (train cutoff) labels
    models: dict  # name -> trained at the train cutoff, or the baseline fitted at the test cutoff
    scores: dict[str, np.ndarray]  # model or baseline -> P(churn) at the test cutoff
    evaluation: pd.DataFrame  # per model, test cutoff: evaluation.evaluate with intervals
    calibration: pd.DataFrame  # per model and bin: predicted, observed
    gains: pd.DataFrame  # per model: contacted, found


def models(defined: DefinitionSection, params: ChurnParams) -> ModelsSection:
    """The model chosen on the validation (candidates learn at the early cutoff, or by
    cross-validation, and predict the train cutoff's labels; lowest log-loss, a trained
    model only when it beats the best baseline), then every candidate refitted at the train
    cutoff and evaluated at the test cutoff (Brier skill against the train cutoff's churn
    rate, bootstrap intervals on ROC-AUC and PR-AUC); a trained choice that loses to the
    baseline on the test beyond noise gives way to it (:func:`crm_lib.churn.selection.guard`)."""
    plan, fits, seed = defined.design, defined.fits, params.seed
    candidates = {k: ChurnModel(k, random_state=seed) for k in KINDS}
    at_train = {k: fits.scorer(k, plan.train_cutoff, plan).fit(defined.train_x) for k in BASELINES}
    val_scores, method, val_reference = validation_scores(
        candidates, defined.early, (defined.train_x, defined.train_y), at_train, seed=seed,
        fit_sample=params.fit_sample,
    )  # fmt: skip
    validation = evaluate(defined.train_y, val_scores, reference_rate=val_reference)
    validated = choose(validation, method)
    fitted = {k: fit_on_sample(c, defined.train_x, defined.train_y, params.fit_sample, seed=seed)
              for k, c in candidates.items()}  # fmt: skip
    fitted |= {k: fits.scorer(k, plan.test_cutoff, plan).fit(defined.test_x) for k in BASELINES}
    test_x, test_y = defined.test_x, defined.test_y
    scores = {name: model.p_churn(test_x) for name, model in fitted.items()}
    evaluation = evaluate(test_y, scores, reference_rate=float(defined.train_y.mean()),
                          n_boot=params.n_boot, random_state=seed)  # fmt: skip
    choice = guard(validated, test_y, scores, n_boot=GUARD_BOOT, random_state=seed)
    sec = ModelsSection(
        heading="churn_models_heading", choice=choice, validation=validation, models=fitted,
        scores=scores, evaluation=evaluation, calibration=calibration_table(test_y, scores),
        gains=gain_table(test_y, scores),
    )  # fmt: skip
    learnt = [len(defined.train_x)] + ([len(defined.early[1])] if method == EARLY_CUTOFF else [])
    if max(learnt) > params.fit_sample:
        sec.say("churn_fit_sample", sample=params.fit_sample, customers=len(defined.train_x),
                train=plan.train_cutoff)  # fmt: skip
    _say_choice(sec, validation, choice, plan)
    _say_test(sec, test_y, choice, params.n_boot, seed, fits.counts.name)
    sec.tables["validation"] = Table(validation.assign(chosen=validation["model"] == choice.model),
                                     VALIDATION_COLUMNS)  # fmt: skip
    sec.tables["models"] = Table(evaluation, _test_columns(params.n_boot))
    by_model = evaluation.set_index("model")
    sec.metrics = {
        m.CHOSEN_MODEL: choice.model,
        m.VALIDATION_LOG_LOSS: validation.set_index("model")["log_loss"].to_dict(),
        m.AUC: by_model["roc_auc"].to_dict(),
        m.PR_AUC: by_model["pr_auc"].to_dict(),
        m.BRIER: by_model["brier"].to_dict(),
        m.BRIER_SKILL: by_model["brier_skill"].to_dict(),
        m.LOG_LOSS: by_model["log_loss"].to_dict(),
        m.TOP_DECILE_LIFT: float(by_model.loc[choice.model, "top_decile_lift"]),
    }
    return sec


VALIDATION_COLUMNS = {
    "model": Column("churn_model", "code:churn_model_"),
    "log_loss": Column("churn_log_loss", "number3"),
    "roc_auc": Column("churn_roc_auc", "number3"),
    "brier_skill": Column("churn_brier_skill", "number3"),
    "chosen": Column("churn_chosen", "code:churn_chosen_"),
}


def _test_columns(n_boot: int) -> dict[str, Column]:
    columns = {"model": Column("churn_model", "code:churn_model_"),
               "roc_auc": Column("churn_roc_auc", "number3")}  # fmt: skip
    if n_boot:
        columns |= {"roc_auc_low": Column("churn_roc_auc_low", "number3"),
                    "roc_auc_high": Column("churn_roc_auc_high", "number3")}  # fmt: skip
    columns["pr_auc"] = Column("churn_pr_auc", "number3")
    if n_boot:
        columns |= {"pr_auc_low": Column("churn_pr_auc_low", "number3"),
                    "pr_auc_high": Column("churn_pr_auc_high", "number3")}  # fmt: skip
    return columns | {
        "log_loss": Column("churn_log_loss", "number3"),
        "brier": Column("churn_brier", "number3"),
        "brier_skill": Column("churn_brier_skill", "number3"),
        "top_decile_lift": Column("churn_lift", "number2"),
    }


def _say_choice(sec: Section, validation: pd.DataFrame, choice: Choice, plan: Design) -> None:
    """How the model was chosen, and which."""
    if choice.method == EARLY_CUTOFF:
        sec.say("churn_validation_early", early=plan.early_cutoff, train=plan.train_cutoff)
    elif choice.method == CROSS_VALIDATION:
        sec.say("churn_validation_cv", early=plan.early_cutoff, train=plan.train_cutoff,
                folds=FOLDS)  # fmt: skip
    else:
        sec.say("churn_validation_none", train=plan.train_cutoff, folds=FOLDS,
                baseline=Code("churn_model_", choice.best_baseline))  # fmt: skip
        return
    loss = validation.set_index("model")["log_loss"]
    cited = {
        "trained": Code("churn_model_", choice.best_trained),
        "trained_loss": loss[choice.best_trained],
        "baseline": Code("churn_model_", choice.best_baseline),
        "baseline_loss": loss[choice.best_baseline],
    }
    sec.say("churn_choice_trained" if choice.trained_wins else "churn_choice_baseline", **cited)
    if choice.overruled:
        sec.say("churn_choice_overruled", low=choice.gap_low, high=choice.gap_high, **cited)


def _say_test(sec: ModelsSection, test_y: np.ndarray, choice: Choice, n_boot: int, seed: int,
              counts: str) -> None:  # fmt: skip
    """The chosen model's test figures; a model with a lower test log-loss (and whether the
    paired interval of the difference excludes 0); models below the constant."""
    by_model = sec.evaluation.set_index("model")
    row = by_model.loc[choice.model]
    cited = {"model": Code("churn_model_", choice.model), "auc": row["roc_auc"],
             "skill": row["brier_skill"], "lift": row["top_decile_lift"],
             "rate": row["reference_rate"]}  # fmt: skip
    if n_boot:
        sec.say("churn_test_text_interval", low=row["roc_auc_low"], high=row["roc_auc_high"],
                **cited)  # fmt: skip
    else:
        sec.say("churn_test_text", **cited)
    best = by_model["log_loss"].idxmin()
    if best != choice.model:
        cited = {"other": Code("churn_model_", best), "loss": by_model.loc[best, "log_loss"],
                 "model": Code("churn_model_", choice.model), "own": row["log_loss"]}  # fmt: skip
        if n_boot:
            y, scores = test_y, sec.scores
            gap = loss_difference(y, scores[choice.model], scores[best], n_boot=n_boot,
                                  random_state=seed)  # fmt: skip
            key = "churn_test_other_better_" + ("clearly" if gap["low"] > 0 else "noise")
            sec.say(key, low=gap["low"], high=gap["high"], **cited)
        else:
            sec.say("churn_test_other_better", **cited)
    worse = [name for name in by_model.index if by_model.loc[name, "brier_skill"] <= 0]
    if worse:
        sec.say("churn_below_constant", models=Items(tuple(Code("churn_model_", n) for n in worse)),
                rate=row["reference_rate"])  # fmt: skip
    sec.sentences += trust_notes(sec.evaluation, choice.model)
    if counts == "bgnbd" and "palive" in by_model.index:
        sec.say("churn_palive_bgnbd")


CHANCE_AUC = 0.5  # ROC-AUC of a random order


def trust_notes(evaluation: pd.DataFrame, chosen: str) -> list[Sentence]:
    """What a reader must not miss about the model scoring the page (``evaluation``: one
    test row per model, as :func:`~crm_lib.churn.evaluation.evaluate` writes it): a baseline
    that ranks the test customers better (higher ROC-AUC), a ranking no better than chance
    (its ROC-AUC interval, or without one the figure, at or below 0.5), probabilities no
    better than the constant churn rate (Brier skill at or below 0)."""
    by_model = evaluation.set_index("model")
    row, notes = by_model.loc[chosen], []
    others = [b for b in BASELINES if b in by_model.index and b != chosen]
    if others:
        best = max(others, key=lambda b: by_model.loc[b, "roc_auc"])
        if by_model.loc[best, "roc_auc"] > row["roc_auc"]:
            notes.append(Sentence("churn_auc_below_baseline", {
                "model": Code("churn_model_", chosen), "auc": row["roc_auc"],
                "baseline": Code("churn_model_", best),
                "baseline_auc": by_model.loc[best, "roc_auc"]}))  # fmt: skip
    low = row.get("roc_auc_low", float("nan"))
    if (row["roc_auc"] if pd.isna(low) else low) <= CHANCE_AUC:
        key = "churn_auc_chance" + ("_point" if pd.isna(low) else "")
        notes.append(Sentence(key, {"model": Code("churn_model_", chosen),
                                    "auc": row["roc_auc"], "low": low}))  # fmt: skip
    if row["brier_skill"] <= 0:
        notes.append(Sentence("churn_chosen_below_constant", {
            "model": Code("churn_model_", chosen), "skill": row["brier_skill"],
            "rate": row["reference_rate"]}))  # fmt: skip
    return notes


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
    """What the chosen model relies on (permutation importance, overall and among
    subscribers), how churn moves along the top features (partial dependence), and the
    drivers whose adjusted odds ratio is above 1 with 95 % confidence. The importance and
    partial dependence use at most ``params.explain_sample`` test customers (stratified
    sample, and as many subscribers), the drivers every one."""
    model = trained.models[trained.choice.model]
    test_x, test_y = defined.test_x, defined.test_y
    size, seed = params.explain_sample, params.seed
    sample_x, sample_y = sample_rows(test_x, test_y, size, seed=seed)
    importance = permutation_importance(model, sample_x, sample_y, random_state=seed)
    top = importance["feature"].head(TOP_FEATURES).tolist()
    subscribed = test_x["contractual"].to_numpy(dtype=bool)
    among = None
    if subscribed.sum() >= MIN_SUBSCRIBERS and 0 < test_y[subscribed].mean() < 1:
        sub_x, sub_y = sample_rows(test_x[subscribed], test_y[subscribed], size, seed=seed)
        among = permutation_importance(model, sub_x, sub_y, random_state=seed)
    curves = {feature: partial_dependence(model, sample_x, feature) for feature in top}
    drivers = driver_effects(test_x, test_y)
    sec = ExplanationsSection(
        heading="churn_explain_heading",
        importance=importance,
        importance_shown=importance.head(IMPORTANCE_SHOWN),
        subscriber_importance=among,
        curves=curves,
        drivers=drivers,
    )
    sec.say("churn_explained_model", model=Code("churn_model_", trained.choice.model))
    if len(test_x) > size:
        sec.say("churn_explain_sample", sample=size, customers=len(test_x),
                test=defined.design.test_cutoff)  # fmt: skip
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
    model: object  # the chosen model: refitted at the test cutoff, or the baseline at the end
    features: pd.DataFrame  # features at the observation end, by customer_id
    values: pd.DataFrame  # CLV and P(alive) per customer (crm_lib.ltv.customer_values)
    risk: pd.DataFrame  # every scored customer, highest value at risk first (the artifact)
    upcoming: pd.DataFrame  # per customer: mean_gap_days, expected_next_order, overdue


def at_risk(
    ds: Dataset,
    defined: DefinitionSection,
    trained: ModelsSection,
    explained: ExplanationsSection,
    params: ChurnParams,
    business: Business,
    ltv: LtvParams,
    time_unit: str,
    *,
    spend_model: str | None = None,
    values: pd.DataFrame | None = None,
) -> AtRiskSection:
    """Every customer of the population at the observation end scored by the chosen model
    (a trained model refitted at the test cutoff, or the baseline with the purchase model
    fitted at the end); value at risk = P(churn) x value if retained, the CLV divided by
    P(alive) from the same purchase model (:func:`crm_lib.churn.at_risk.at_risk_list`; the
    LTV report's horizon and discount rate, ``business.gross_margin``); the top
    ``params.top_n`` with masked names, reasons in words and the suggested action; the
    expected next orders in a sentence. ``spend_model``: the LTV page's spend model
    (:func:`crm_lib.ltv.analysis.run_models`; None: chosen here as it would be), so that a
    customer's CLV is the LTV page's (``ltv``: :meth:`crm_lib.notebook.RunContext.ltv_params`,
    whose count model fit at the observation end is used rather than repeated). ``values``:
    the LTV page's per-customer values of the run (:meth:`crm_lib.notebook.RunContext.
    ltv_values`), used as they are when the purchase model here is the LTV page's."""
    plan, fits, kind = defined.design, defined.fits, trained.choice.model
    end = plan.observation_end
    now_x = design_features(ds, end, plan, business, fits)
    if kind in BASELINES:
        model = fits.scorer(kind, end, plan).fit(now_x)
    else:
        model = fit_on_sample(ChurnModel(kind, random_state=params.seed), defined.test_x,
                              defined.test_y, params.fit_sample, seed=params.seed)  # fmt: skip
    p_now = pd.Series(model.p_churn(now_x), index=now_x.index)
    people = _names(ds)
    same_model = fits.counts.name == ltv.count_model
    if values is None or not same_model:
        values = customer_values(
            ds, end, time_unit, horizon_weeks=ltv.horizon,
            discount_rate_monthly=ltv.discount_rate, gross_margin=business.gross_margin,
            model=fits.counts.name, spend_model=spend_model, basis=ltv.clv_basis,
            business=business, count_params=ltv.count_params if same_model else None,
        )  # fmt: skip
    candidates = explained.importance["feature"].head(REASON_CANDIDATES)
    candidates = [f for f in candidates if f in now_x.columns]
    upcoming = next_orders(now_x, end)
    risk = at_risk_list(p_now, values["clv"], values["p_alive"],
                        main_reasons(model, now_x, candidates), upcoming)  # fmt: skip
    sec = AtRiskSection(heading="churn_at_risk_heading", model=model, features=now_x,
                        values=values, risk=risk, upcoming=upcoming)  # fmt: skip
    total = float(risk["value_at_risk"].sum())
    shown = risk.head(params.top_n).copy()
    sec.say("churn_value_at_risk_definition", model=Code("churn_model_", kind),
            counts=Code("ltv_model_", fits.counts.name))  # fmt: skip
    sec.say(
        "churn_at_risk_text",
        end=end,
        customers=len(risk),
        total=Amount(total),
        clv=Amount(float(risk["clv"].sum())),
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
    if people is not None:
        masked = Masker(business.privacy).names(people.reindex(shown["customer_id"]))
        shown["name"] = masked.to_numpy()  # as business.privacy says (default: masked)
        columns["name"] = Column("churn_name")
    columns |= {
        "p_churn": Column("churn_p_churn", "percent"),
        "p_alive": Column("churn_p_alive", "percent"),
        "clv": Column("churn_clv", "money"),
        "value_if_retained": Column("churn_value_if_retained", "money"),
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


def _names(ds: Dataset) -> pd.Series | None:
    """Customer names by id (None: the data has none)."""
    if ds.has("customers") and "name" in ds.loads["customers"].columns:
        return ds.table("customers").set_index("customer_id")["name"]
    return None


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
