"""Churn: an explicit definition, features as of a cutoff (SQL in the engine), models
evaluated over time, explanations, subscription retention and the at-risk list.
Durations in days, amounts in the data's currency. :mod:`crm_lib.churn.report` assembles the
report's sections from these."""

from crm_lib.churn.at_risk import (
    ACTIONS,
    DEFAULT_ACTION,
    at_risk_list,
    next_orders,
    reasons,
    reasons_in_words,
)
from crm_lib.churn.definition import (
    Design,
    churn_labels,
    default_cutoffs,
    default_window_days,
    design,
    has_column,
    inter_purchase_days,
    population_sql,
)
from crm_lib.churn.explain import (
    DRIVERS,
    driver_effects,
    main_reasons,
    partial_dependence,
    partial_dependence_summary,
    permutation_importance,
)
from crm_lib.churn.features import (
    CATEGORICAL,
    FEATURE_GROUPS,
    MONEY_FEATURES,
    churn_features,
    feature_columns,
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
    top_share_lift,
)
from crm_lib.churn.survival import (
    kaplan_meier,
    median_days,
    median_table,
    retention_by,
    subscription_durations,
)

__all__ = [
    "ACTIONS",
    "CATEGORICAL",
    "DEFAULT_ACTION",
    "DRIVERS",
    "FEATURE_GROUPS",
    "KINDS",
    "MONEY_FEATURES",
    "ChurnModel",
    "Design",
    "bgnbd_baselines",
    "at_risk_list",
    "calibration_table",
    "churn_features",
    "churn_labels",
    "default_cutoffs",
    "default_window_days",
    "design",
    "driver_effects",
    "evaluate",
    "feature_columns",
    "feature_sources",
    "features_and_labels",
    "gain_table",
    "has_column",
    "inter_purchase_days",
    "kaplan_meier",
    "main_reasons",
    "median_days",
    "median_table",
    "next_orders",
    "partial_dependence",
    "partial_dependence_summary",
    "permutation_importance",
    "population_sql",
    "reasons",
    "reasons_in_words",
    "retention_by",
    "subscription_durations",
    "top_share_lift",
]
