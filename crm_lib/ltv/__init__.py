"""Lifetime value: purchase-count models (BG/NBD, Pareto/NBD), spend (Gamma-Gamma),
contractual retention (sBG), and their evaluation. One model per module; every model is a
scikit-learn estimator. :func:`customer_values` is the CLV every report uses; the LTV
report's sections are in :mod:`crm_lib.ltv.report`."""

from crm_lib.ltv.analysis import customer_values, plan_retention, value_by
from crm_lib.ltv.base import PurchaseCountModel, UniqueHistories
from crm_lib.ltv.bgnbd import BetaGeoModel
from crm_lib.ltv.gamma_gamma import GammaGammaModel
from crm_lib.ltv.pareto_nbd import ParetoNBDModel
from crm_lib.ltv.sbg import ShiftedBetaGeometric, cohort_survival_counts
from crm_lib.ltv.summary import rfm_summary, rfm_summary_sql
from crm_lib.ltv.value import (
    bootstrap_total,
    compare_models,
    customer_lifetime_value,
    holdout_by_frequency,
)

__all__ = [
    "BetaGeoModel",
    "GammaGammaModel",
    "ParetoNBDModel",
    "PurchaseCountModel",
    "ShiftedBetaGeometric",
    "UniqueHistories",
    "bootstrap_total",
    "cohort_survival_counts",
    "compare_models",
    "customer_lifetime_value",
    "customer_values",
    "holdout_by_frequency",
    "plan_retention",
    "rfm_summary",
    "rfm_summary_sql",
    "value_by",
]
