"""Which purchase-count model to use: BG/NBD, MBG/NBD, Pareto/NBD or the latent-class
MBG/NBD (a mixture of MBG/NBD classes, :mod:`crm_lib.ltv.latent_class`), by a stated rule.

The four are fitted on the calibration summary and checked on the holdout that follows it.
The rule (:func:`choose`):

1. Only identified fits compete (:class:`~crm_lib.ltv.uncertainty.FitDiagnostics`: converged,
   a proper maximum, not on a ridge); when none is, all do, and the page says so.
2. The winner is the model whose P(alive) at the calibration end best separates the
   customers who bought again in the holdout from those who did not (ROC-AUC). A purchase
   in the holdout proves the customer was alive at the calibration end, so this checks
   P(alive) itself, the figure the choice drives (who is still active, the at-risk list,
   the churn baseline, the value of one-time buyers).
3. Models within :data:`AUC_TIE` of the best AUC are tied; the lowest per-customer RMSE of
   holdout purchases (what CLV adds up) breaks the tie, then the lowest AIC.
4. Without a usable holdout (no buyer or no non-buyer in it), the lowest AIC wins.
5. A latent-class fit of one class is MBG/NBD itself: beside an MBG/NBD fit it is listed
   but does not compete again (rounding would otherwise decide between two copies).

Why not the holdout error of expected purchases alone: the three models predict the holdout
counts about equally well (per-customer RMSE within a few per cent of each other on CDNOW
and on the demo), because over a short holdout a customer who has left and one who buys
rarely look the same in expected counts; their P(alive) differs far more (on the demo,
planted with dropout after the first purchase, mean P(alive) 0.92 for BG/NBD, 0.70 for
Pareto/NBD, 0.35 for MBG/NBD against a true active share of 0.35), and only the AUC rule
ranks them as the planted truth does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from crm_lib.ltv.base import PurchaseCountModel
from crm_lib.ltv.bgnbd import BetaGeoModel
from crm_lib.ltv.latent_class import LatentClassMBGNBD
from crm_lib.ltv.mbgnbd import ModifiedBetaGeoModel
from crm_lib.ltv.pareto_nbd import ParetoNBDModel

#: the purchase-count models, by name, in the order tables list them
COUNT_MODELS: dict[str, type[PurchaseCountModel]] = {
    model.name: model
    for model in (BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel, LatentClassMBGNBD)
}
AUC_TIE = 0.01  # P(alive) AUCs closer than this to the best are a tie


def fit_count_models(summary: pd.DataFrame) -> dict[str, PurchaseCountModel]:
    """Every model of :data:`COUNT_MODELS` fitted on one calibration summary, by name."""
    return {name: model().fit(summary) for name, model in COUNT_MODELS.items()}


def choice_table(models: dict[str, PurchaseCountModel], summary: pd.DataFrame) -> pd.DataFrame:
    """One row per model: parameters, classes (the latent-class model's number; 1 for the
    others), log-likelihood, AIC, mean P(alive), holdout predicted
    vs actual total and error (%), per-customer MAE and RMSE of holdout purchases, the
    P(alive) AUC against a purchase in the holdout (NaN without buyers and non-buyers),
    identified and the reason when not. ``summary`` needs the holdout columns of
    :func:`~crm_lib.ltv.summary.rfm_summary` (``frequency_holdout``, ``duration_holdout``)."""
    duration = float(summary["duration_holdout"].iloc[0]) if len(summary) else 0.0
    actual = summary["frequency_holdout"].to_numpy(dtype=float)
    bought = actual > 0
    usable = 0 < bought.sum() < len(bought)
    rows = []
    for name, model in models.items():
        predicted = model.expected_purchases(summary, duration)
        p_alive = model.p_alive(summary)
        k = len(model.param_names)
        rows.append(
            {
                "model": name,
                "parameters": k,
                "classes": int(getattr(model, "n_classes_", 1)),
                "log_likelihood": model.log_likelihood_,
                "aic": 2 * k - 2 * model.log_likelihood_,
                "mean_p_alive": float(p_alive.mean()),
                "predicted_total": float(predicted.sum()),
                "actual_total": float(actual.sum()),
                "error_total_pct": float(100 * (predicted.sum() / actual.sum() - 1))
                if actual.sum()
                else np.nan,
                "mae": float(np.abs(predicted - actual).mean()),
                "rmse": float(np.sqrt(((predicted - actual) ** 2).mean())),
                "p_alive_auc": float(roc_auc_score(bought, p_alive)) if usable else np.nan,
                "identified": model.diagnostics_.identified,
                "reason": model.diagnostics_.reason,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class ModelChoice:
    """The chosen model and why. ``basis``: ``p_alive_auc`` (the holdout decided, rule 2-3)
    or ``aic`` (no usable holdout, rule 4); ``all_unidentified``: no fit was identified, so
    all competed (rule 1); ``runner_up``: the best of the others (None with one model)."""

    chosen: str
    basis: str
    all_unidentified: bool
    runner_up: str | None
    table: pd.DataFrame  # choice_table, plus ``chosen`` (bool)


def choose(table: pd.DataFrame) -> ModelChoice:
    """Apply the rule of this module to a :func:`choice_table`."""
    single = table["classes"].eq(1) if "classes" in table else pd.Series(True, table.index)
    copy = (table["model"] == LatentClassMBGNBD.name) & single
    competing = table[~copy] if (table["model"] == ModifiedBetaGeoModel.name).any() else table
    identified = competing[competing["identified"]]
    candidates = identified if len(identified) else competing
    by_auc = bool(len(candidates)) and bool(candidates["p_alive_auc"].notna().all())
    if by_auc:
        best = candidates["p_alive_auc"].max()
        tied = candidates[candidates["p_alive_auc"] >= best - AUC_TIE]
        ranked = tied.sort_values(["rmse", "aic"], kind="stable")
        others = candidates.drop(ranked.index[:1]).sort_values(
            ["p_alive_auc", "rmse"], ascending=[False, True], kind="stable"
        )
    else:
        ranked = candidates.sort_values("aic", kind="stable")
        others = candidates.drop(ranked.index[:1]).sort_values("aic", kind="stable")
    chosen = str(ranked["model"].iloc[0])
    return ModelChoice(
        chosen=chosen,
        basis="p_alive_auc" if by_auc else "aic",
        all_unidentified=len(identified) == 0,
        runner_up=str(others["model"].iloc[0]) if len(others) else None,
        table=table.assign(chosen=table["model"] == chosen),
    )


def choose_model(
    summary: pd.DataFrame, models: dict[str, PurchaseCountModel] | None = None
) -> ModelChoice:
    """The models of :data:`COUNT_MODELS` fitted on a calibration summary (or ``models``,
    already fitted on it), compared on its holdout, and the choice."""
    models = fit_count_models(summary) if models is None else models
    return choose(choice_table(models, summary))


def chosen_model(summary: pd.DataFrame) -> str:
    """The name of the chosen model for a calibration summary with its holdout columns
    (what the churn report uses for its baseline); :data:`COUNT_MODELS` gives its class."""
    return choose_model(summary).chosen
