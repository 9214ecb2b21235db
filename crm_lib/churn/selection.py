"""Which churn model scores the report: chosen on a validation cutoff, before the test.

Candidates are the trained models (:data:`~crm_lib.churn.models.KINDS`) and the
purchase-model baselines (:data:`~crm_lib.churn.baselines.BASELINES`). The trained models
learn at the early cutoff and predict the labels of the train cutoff; the baselines score
the train cutoff with the purchase model fitted on the purchases to it (no labels). The
**rule** is the lowest validation log-loss: P(churn) multiplies money in the value at risk,
so the rule must reward calibrated probabilities and not only ranking (ROC-AUC), and the
log-loss is a strictly proper score that punishes confident mistakes hardest. The best
trained model is used only when it beats the best baseline; otherwise the baseline scores
(and the page says so). A trained model must not lose to the baseline on the test either
(:func:`guard`): when its test log-loss is higher beyond the sampling noise of the customers
(the paired bootstrap interval of the difference above 0), the baseline scores. The guard
only ever moves to the untrained baseline, which learnt nothing from the labels, so the
test figures of the model used stay honest.

When the early cutoff has too few customers or churners of either kind (its window starts
before the data: CDNOW's 210-day window leaves no customer 630 days before its end), the
trained models are compared by stratified k-fold cross-validation at the train cutoff
instead (out-of-fold predictions; the labels still end at the test cutoff). With fewer than
:data:`FOLDS` churned or retained customers there either, trained models cannot be
validated: they score the base rate on the validation, so the baseline is used.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from crm_lib.churn.baselines import BASELINES
from crm_lib.churn.evaluation import loss_difference
from crm_lib.churn.models import KINDS
from crm_lib.churn.sampling import fit_on_sample

RULE = "log_loss"  # validation figure the choice minimises (see the module)
MIN_CUSTOMERS = 200  # customers the early cutoff needs for a validation over time
MIN_CLASS = 20  # churned and retained customers it needs
FOLDS = 5  # cross-validation folds when it has fewer
GUARD_BOOT = 200  # resamples of the test customers behind the guard

EARLY_CUTOFF, CROSS_VALIDATION, NO_VALIDATION = "early_cutoff", "cross_validation", "none"


@dataclass(frozen=True)
class Choice:
    """The chosen model and why: ``best_trained`` / ``best_baseline`` by the rule on the
    validation, ``trained_wins`` whether the trained one has the lower validation
    log-loss, ``method``: :data:`EARLY_CUTOFF` or :data:`CROSS_VALIDATION`."""

    model: str
    best_trained: str
    best_baseline: str
    trained_wins: bool
    method: str
    overruled: bool = False  # the trained choice lost to the baseline on the test (guard)
    gap_low: float = float("nan")  # interval of its test log-loss minus the baseline's
    gap_high: float = float("nan")


def enough(churned) -> bool:
    """Whether one cutoff's labels can train and validate: :data:`MIN_CUSTOMERS` customers
    with at least :data:`MIN_CLASS` churned and as many retained."""
    y = np.asarray(churned, dtype=bool)
    return len(y) >= MIN_CUSTOMERS and min(y.sum(), (~y).sum()) >= MIN_CLASS


def cross_validated(
    model, features: pd.DataFrame, churned, *, seed: int = 0, fit_sample: int | None = None
) -> np.ndarray:
    """Out-of-fold P(churn) of ``model`` (a clone per fold) over :data:`FOLDS` stratified,
    shuffled (seeded) folds; each fold learns from at most ``fit_sample`` of its rows
    (:func:`~crm_lib.churn.sampling.stratified_sample`; None: all) and predicts all held out."""
    y = np.asarray(churned, dtype=bool)
    out = np.zeros(len(y))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    for fit_rows, held in folds.split(np.zeros(len(y)), y):
        fitted = fit_on_sample(model, features.iloc[fit_rows], y[fit_rows],
                               fit_sample or len(fit_rows), seed=seed)  # fmt: skip
        out[held] = fitted.p_churn(features.iloc[held])
    return out


def validation_scores(
    candidates: dict, early: tuple[pd.DataFrame, np.ndarray] | None,
    validation: tuple[pd.DataFrame, np.ndarray], baselines: dict, *, seed: int = 0,
    fit_sample: int | None = None,
) -> tuple[dict[str, np.ndarray], str, float]:  # fmt: skip
    """P(churn) of each candidate on the validation labels, the method and the reference
    rate of the Brier skill (share churned where the trained models learnt).
    ``candidates``: unfitted trained models by name; ``early``: features and labels at the
    early cutoff (None, or too few: cross-validation at the validation cutoff);
    ``baselines``: fitted scorers by name (applied as they are). Trained models learn from
    at most ``fit_sample`` customers (stratified sample; None: all) and score all."""
    x, y = validation
    scores = {}
    labels = np.asarray(y, dtype=bool)
    if early is not None and enough(early[1]) and enough(y):
        method, reference = EARLY_CUTOFF, float(np.mean(early[1]))
        for name, model in candidates.items():
            fitted = fit_on_sample(model, *early, fit_sample or len(early[1]), seed=seed)
            scores[name] = fitted.p_churn(x)
    elif min(labels.sum(), (~labels).sum()) >= FOLDS:
        method, reference = CROSS_VALIDATION, float(np.mean(y))
        for name, model in candidates.items():
            scores[name] = cross_validated(model, x, y, seed=seed, fit_sample=fit_sample)
    else:
        method, reference = NO_VALIDATION, float(np.mean(y))
        scores = {name: np.full(len(labels), reference) for name in candidates}
    scores |= {name: scorer.p_churn(x) for name, scorer in baselines.items()}
    return scores, method, reference


def choose(validation: pd.DataFrame, method: str, *, trained=KINDS, baselines=BASELINES) -> Choice:
    """The candidate with the lowest validation :data:`RULE` (``validation``: one row per
    model, from :func:`~crm_lib.churn.evaluation.evaluate`): the best trained model when it
    beats the best baseline, else that baseline. Ties go to the baseline (it needs no
    training) and then to the order of ``trained`` / ``baselines``; without a validation
    (:data:`NO_VALIDATION`) the baseline."""
    table = validation.set_index("model")[RULE]
    best_trained = min((k for k in trained if k in table), key=lambda k: table[k])
    best_baseline = min((k for k in baselines if k in table), key=lambda k: table[k])
    wins = method != NO_VALIDATION and bool(table[best_trained] < table[best_baseline])
    return Choice(best_trained if wins else best_baseline, best_trained, best_baseline, wins,
                  method)  # fmt: skip


def guard(choice: Choice, churned, scores: dict, *, n_boot: int = 200,
          random_state: int = 0) -> Choice:  # fmt: skip
    """``choice`` kept, or the best baseline when the trained model chosen on the validation
    has a higher test log-loss beyond noise (``scores``: P(churn) at the test cutoff by
    model; ``churned``: its labels; the paired interval of
    :func:`~crm_lib.churn.evaluation.loss_difference` entirely above 0)."""
    if not choice.trained_wins:
        return choice
    gap = loss_difference(churned, scores[choice.model], scores[choice.best_baseline],
                          n_boot=n_boot, random_state=random_state)  # fmt: skip
    if gap["low"] <= 0:
        return choice
    return replace(choice, model=choice.best_baseline, overruled=True, gap_low=gap["low"],
                   gap_high=gap["high"])  # fmt: skip
