"""Lifetime value: purchase-count models (BG/NBD, Pareto/NBD), spend (Gamma-Gamma),
contractual retention (sBG), and their evaluation. One model per module."""

from crm_lib.ltv.base import PurchaseCountModel, UniqueHistories
from crm_lib.ltv.bgnbd import BetaGeoModel
from crm_lib.ltv.gamma_gamma import GammaGammaModel
from crm_lib.ltv.pareto_nbd import ParetoNBDModel
from crm_lib.ltv.sbg import SbgFit, cohort_survival_counts, fit_sbg, fit_sbg_cohorts
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
    "SbgFit",
    "UniqueHistories",
    "bootstrap_total",
    "cohort_survival_counts",
    "compare_models",
    "customer_lifetime_value",
    "fit_sbg",
    "fit_sbg_cohorts",
    "holdout_by_frequency",
    "rfm_summary",
    "rfm_summary_sql",
]
