"""Campaign effect verification: effects against control groups, pilots, uplift
targeting, contact fatigue and context-triggered messages.

One concern per module: :mod:`~crm_lib.experiments.effects` (each campaign against its
control group), :mod:`~crm_lib.experiments.arms` (several treatment arms, Holm and BH),
:mod:`~crm_lib.experiments.longterm` (repeat purchase and retention after the window),
:mod:`~crm_lib.experiments.segments` (lift by segment, interaction tests),
:mod:`~crm_lib.experiments.context` (context-triggered messages),
:mod:`~crm_lib.experiments.planning` (pilot sizes, detectable effects),
:mod:`~crm_lib.experiments.uplift` and :mod:`~crm_lib.experiments.qini` (the uplift model
and its Qini/AUUC evaluation), :mod:`~crm_lib.experiments.targeting` (target share under a
budget, do-not-disturb list), :mod:`~crm_lib.experiments.fatigue` (contact fatigue and a
frequency cap); :mod:`~crm_lib.experiments.report` returns the report's sections.
"""

from crm_lib.experiments.arms import arm_tests, bh_adjust, holm_adjust
from crm_lib.experiments.context import trigger_effects
from crm_lib.experiments.effects import campaign_effects, campaign_overview, campaign_units
from crm_lib.experiments.fatigue import fatigue_table, frequency_cap
from crm_lib.experiments.longterm import long_term_effects
from crm_lib.experiments.planning import minimum_detectable_lift_pts, sample_size_per_arm
from crm_lib.experiments.qini import uplift_by_decile
from crm_lib.experiments.segments import age_segments, lift_by_segment
from crm_lib.experiments.targeting import do_not_disturb, target_plan
from crm_lib.experiments.uplift import UpliftModel, uplift_features, uplift_study

__all__ = [
    "UpliftModel",
    "age_segments",
    "arm_tests",
    "bh_adjust",
    "campaign_effects",
    "campaign_overview",
    "campaign_units",
    "do_not_disturb",
    "fatigue_table",
    "frequency_cap",
    "holm_adjust",
    "lift_by_segment",
    "long_term_effects",
    "minimum_detectable_lift_pts",
    "sample_size_per_arm",
    "target_plan",
    "trigger_effects",
    "uplift_by_decile",
    "uplift_features",
    "uplift_study",
]
