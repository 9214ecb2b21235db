"""The LTV report, section by section: dataset in, :class:`Section` out.

Each function computes its figures (:mod:`crm_lib.ltv.analysis` and the models), picks the
values its sentences cite, declares its metrics (:mod:`crm_lib.metrics.ltv`) and
artifacts; the notebook ``20_ltv`` shows, says and records them. One module per concern:

- :mod:`~crm_lib.ltv.report.models`: :func:`calibration` gives the summary the purchase
  models are fitted on and chosen among (:func:`models`), which :func:`holdout` (with the
  prediction interval) and :func:`alive` check;
- :mod:`~crm_lib.ltv.report.checks`: whether the data is enough (:func:`readiness`) and how
  the chosen model fits (frequencies, the frequency-recency matrix, tracking, one
  customer's P(alive) history);
- :mod:`~crm_lib.ltv.report.spend`: spend per purchase and what a CLV amount counts;
- :mod:`~crm_lib.ltv.report.values`: :func:`value` refits the chosen models on all data and
  gives the CLV that :func:`top_customers`, :func:`by_channel` and
  :func:`by_rank_and_segment` break down;
- :mod:`~crm_lib.ltv.report.subscriptions`: sBG per plan and the 定期 practice (retention by
  delivery, conversion to a subscription, time-series LTV, maximum CPO).
"""

from crm_lib.ltv.report.checks import (
    HISTOGRAM_MAX,
    MATRIX_MAX_FREQUENCY_QUANTILE,
    MATRIX_RECENCY_POINTS,
    MISFIT_P,
    MODEL_CODES,
    FrequencySection,
    HistorySection,
    MatrixSection,
    ReadinessSection,
    TrackingSection,
    alive_history,
    frequency_recency,
    period_frequencies,
    readiness,
    tracking,
)
from crm_lib.ltv.report.models import (
    COUNT_MODELS,
    LAPSED_BELOW,
    AliveSection,
    CalibrationSection,
    HoldoutSection,
    ModelsSection,
    actual_position,
    alive,
    calibration,
    holdout,
    holdout_interval,
    models,
    say_holdout_interval,
)
from crm_lib.ltv.report.spend import (
    SPEND_LABELS,
    SpendSection,
    clv_basis,
    clv_basis_metrics,
    say_clv_basis,
    spend,
)
from crm_lib.ltv.report.subscriptions import (
    CATEGORY_LABELS,
    FOCUS_DELIVERY,
    NAMED_MIN_CUSTOMERS,
    PLAN_LABELS,
    TEIKI_LEVEL,
    TOP_COHORTS,
    CumulativeLtvSection,
    DeliveryRetentionSection,
    MaxCpoSection,
    SubscriptionsSection,
    UpgradeSection,
    cumulative_ltv,
    max_cpo,
    subscriptions,
    teiki_retention,
    teiki_upgrade,
)
from crm_lib.ltv.report.values import (
    CHANNEL_LABELS,
    SEGMENT_LABELS,
    ChannelSection,
    RankSegmentSection,
    ValueSection,
    by_channel,
    by_rank_and_segment,
    clv_intervals,
    say_clv_intervals,
    top_customers,
    value,
)

__all__ = [
    "AliveSection",
    "CATEGORY_LABELS",
    "CHANNEL_LABELS",
    "COUNT_MODELS",
    "CalibrationSection",
    "ChannelSection",
    "CumulativeLtvSection",
    "DeliveryRetentionSection",
    "FOCUS_DELIVERY",
    "FrequencySection",
    "HISTOGRAM_MAX",
    "HistorySection",
    "HoldoutSection",
    "LAPSED_BELOW",
    "MATRIX_MAX_FREQUENCY_QUANTILE",
    "MATRIX_RECENCY_POINTS",
    "MISFIT_P",
    "MODEL_CODES",
    "MatrixSection",
    "MaxCpoSection",
    "ModelsSection",
    "NAMED_MIN_CUSTOMERS",
    "PLAN_LABELS",
    "RankSegmentSection",
    "ReadinessSection",
    "SEGMENT_LABELS",
    "SPEND_LABELS",
    "SpendSection",
    "SubscriptionsSection",
    "TEIKI_LEVEL",
    "TOP_COHORTS",
    "TrackingSection",
    "UpgradeSection",
    "ValueSection",
    "actual_position",
    "alive",
    "alive_history",
    "by_channel",
    "by_rank_and_segment",
    "calibration",
    "clv_basis",
    "clv_basis_metrics",
    "clv_intervals",
    "cumulative_ltv",
    "frequency_recency",
    "holdout",
    "holdout_interval",
    "max_cpo",
    "models",
    "period_frequencies",
    "readiness",
    "say_clv_basis",
    "say_clv_intervals",
    "say_holdout_interval",
    "spend",
    "subscriptions",
    "teiki_retention",
    "teiki_upgrade",
    "top_customers",
    "tracking",
    "value",
]
