"""Lifetime value: purchase-count models (BG/NBD, MBG/NBD, Pareto/NBD) and the choice
between them, spend per purchase (Gamma-Gamma, a shrunk log-normal mean) and the choice
between them, prediction intervals, contractual retention (sBG), 定期便 deliveries valued by
the sBG outside the purchase counts (:mod:`crm_lib.ltv.deliveries`), subscription (定期)
practice and the diagnostics lifetimes users look for. One model per module; every model
is a scikit-learn estimator. :func:`customer_values` is the CLV every report uses (with
the models of :func:`run_models`); the LTV report's sections are in
:mod:`crm_lib.ltv.report`."""

from crm_lib.ltv.analysis import (
    RunModels,
    customer_values,
    page_values,
    plan_retention,
    run_models,
    value_by,
    value_customers,
)
from crm_lib.ltv.base import PurchaseCountModel, UniqueHistories
from crm_lib.ltv.bgnbd import BetaGeoModel
from crm_lib.ltv.choice import COUNT_MODELS, ModelChoice, choose_model, chosen_model
from crm_lib.ltv.gamma_gamma import GammaGammaModel
from crm_lib.ltv.mbgnbd import ModifiedBetaGeoModel
from crm_lib.ltv.pareto_nbd import ParetoNBDModel
from crm_lib.ltv.predictive import customer_intervals, predictive_total
from crm_lib.ltv.sbg import ShiftedBetaGeometric, cohort_survival_counts
from crm_lib.ltv.spend import LogNormalSpendModel
from crm_lib.ltv.spend_choice import SPEND_MODELS, choose_spend_model, chosen_spend_model
from crm_lib.ltv.summary import rfm_summary, rfm_summary_sql
from crm_lib.ltv.value import (
    compare_models,
    customer_lifetime_value,
    holdout_by_frequency,
)

__all__ = [
    "COUNT_MODELS",
    "SPEND_MODELS",
    "BetaGeoModel",
    "GammaGammaModel",
    "LogNormalSpendModel",
    "ModelChoice",
    "ModifiedBetaGeoModel",
    "ParetoNBDModel",
    "PurchaseCountModel",
    "RunModels",
    "ShiftedBetaGeometric",
    "UniqueHistories",
    "choose_model",
    "choose_spend_model",
    "chosen_model",
    "chosen_spend_model",
    "cohort_survival_counts",
    "compare_models",
    "customer_intervals",
    "customer_lifetime_value",
    "customer_values",
    "holdout_by_frequency",
    "page_values",
    "plan_retention",
    "predictive_total",
    "rfm_summary",
    "rfm_summary_sql",
    "run_models",
    "value_by",
    "value_customers",
]
