"""Metrics of the campaigns report (effect verification against control groups)."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "campaigns"
NEEDS = ("contacts",)

ANALYSED = Metric(
    "campaigns.analysed", "count", "効果検証した施策数", "Campaigns verified", requires=NEEDS
)
LIFT_PTS = Metric(
    "campaigns.*.lift_pts", "points", "反応率の差（施策群−対照群）", "Response lift", "up",
    requires=NEEDS,
)  # fmt: skip
CI_LOW_PTS = Metric(
    "campaigns.*.ci_low_pts", "points", "反応率の差の95%区間（下限）", "Lift, 95 % interval low",
    requires=NEEDS,
)  # fmt: skip
CI_HIGH_PTS = Metric(
    "campaigns.*.ci_high_pts", "points", "反応率の差の95%区間（上限）",
    "Lift, 95 % interval high", requires=NEEDS,
)  # fmt: skip
P_VALUE = Metric("campaigns.*.p_value", "ratio", "p値", "p-value", requires=NEEDS)
SRM_P_VALUE = Metric(
    "campaigns.*.srm_p_value", "ratio", "割付比の検定のp値", "Sample-ratio mismatch p-value",
    requires=NEEDS,
)  # fmt: skip
INCREMENTAL_REVENUE = Metric(
    "campaigns.*.incremental_revenue", "money", "増分売上", "Incremental revenue", "up",
    requires=NEEDS,
)  # fmt: skip
INCREMENTAL_REVENUE_LOW = Metric(
    "campaigns.*.incremental_revenue_ci_low", "money", "増分売上の95%区間（下限）",
    "Incremental revenue, 95 % interval low", requires=NEEDS,
)  # fmt: skip
INCREMENTAL_REVENUE_HIGH = Metric(
    "campaigns.*.incremental_revenue_ci_high", "money", "増分売上の95%区間（上限）",
    "Incremental revenue, 95 % interval high", requires=NEEDS,
)  # fmt: skip
ROI = Metric("campaigns.*.roi", "ratio", "投資対効果（ROI）", "Return on investment", "up",
             requires=NEEDS)  # fmt: skip
MDE_PTS = Metric(
    "campaigns.*.mde_pts", "points", "検出できる最小の差", "Minimum detectable lift", "down",
    requires=NEEDS,
)  # fmt: skip
VERDICT = Metric("campaigns.*.verdict", "code", "判定", "Verdict", requires=NEEDS)
SEGMENT_LIFT_PTS = Metric(
    "campaigns.*.segments.*.lift_pts", "points", "セグメント別の反応率の差",
    "Response lift by segment", "up", requires=NEEDS,
)  # fmt: skip
SEGMENT_HARMED = Metric(
    "campaigns.*.segments.*.harmed", "code", "逆効果のセグメント", "Segment harmed",
    requires=NEEDS,
)  # fmt: skip
TRIGGER_ON_PTS = Metric(
    "campaigns.weather.uplift_rainy_pts", "points", "条件成立日（雨の日）の効果",
    "Uplift on trigger (rainy) days", requires=NEEDS,
)  # fmt: skip
TRIGGER_OFF_PTS = Metric(
    "campaigns.weather.uplift_dry_pts", "points", "条件不成立日（晴れの日）の効果",
    "Uplift on other (dry) days", requires=NEEDS,
)  # fmt: skip
TRIGGER_INTERACTION_PTS = Metric(
    "campaigns.weather.interaction_pts", "points", "条件による効果の差", "Trigger interaction",
    requires=NEEDS,
)  # fmt: skip
TRIGGER_CI_LOW_PTS = Metric(
    "campaigns.weather.ci_low_pts", "points", "効果の差の95%区間（下限）",
    "Interaction, 95 % interval low", requires=NEEDS,
)  # fmt: skip
TRIGGER_CI_HIGH_PTS = Metric(
    "campaigns.weather.ci_high_pts", "points", "効果の差の95%区間（上限）",
    "Interaction, 95 % interval high", requires=NEEDS,
)  # fmt: skip
QINI_AUC = Metric(
    "campaigns.uplift.qini_auc", "ratio", "Qini係数（検証用の顧客）",
    "Qini coefficient (held-out customers)", "up", requires=NEEDS,
)  # fmt: skip
QINI_AUC_LOW = Metric(
    "campaigns.uplift.qini_auc_ci_low", "ratio", "Qini係数の95%区間（下限）",
    "Qini coefficient, 95 % interval low", requires=NEEDS,
)  # fmt: skip
QINI_AUC_HIGH = Metric(
    "campaigns.uplift.qini_auc_ci_high", "ratio", "Qini係数の95%区間（上限）",
    "Qini coefficient, 95 % interval high", requires=NEEDS,
)  # fmt: skip
AUUC = Metric(
    "campaigns.uplift.auuc", "ratio", "AUUC（ランダムな選び方を上回る1人あたり反応）",
    "AUUC (response per customer over random targeting)", "up", requires=NEEDS,
)  # fmt: skip
TARGET_SHARE = Metric(
    "campaigns.uplift.target_share", "share", "利益が最大になる送付対象の割合",
    "Most profitable share to contact", requires=NEEDS,
)  # fmt: skip
TARGET_PROFIT = Metric(
    "campaigns.uplift.target_profit", "money", "その割合に送った場合の見込み利益",
    "Expected profit at that share", "up", requires=NEEDS,
)  # fmt: skip
TARGET_PROFIT_LOW = Metric(
    "campaigns.uplift.target_profit_ci_low", "money", "見込み利益の95%区間（下限）",
    "Expected profit at that share, 95 % interval low", requires=NEEDS,
)  # fmt: skip
TARGET_PROFIT_HIGH = Metric(
    "campaigns.uplift.target_profit_ci_high", "money", "見込み利益の95%区間（上限）",
    "Expected profit at that share, 95 % interval high", requires=NEEDS,
)  # fmt: skip
TARGET_CONTACTS = Metric(
    "campaigns.uplift.target_contacts", "count", "その割合で送る顧客数",
    "Customers contacted at that share", requires=NEEDS,
)  # fmt: skip
TARGET_CAMPAIGN = Metric(
    "campaigns.uplift.target_campaign", "code", "送付計画のひな形にした施策",
    "Campaign the send plan is modelled on", requires=NEEDS,
)  # fmt: skip
DO_NOT_DISTURB = Metric(
    "campaigns.uplift.do_not_disturb", "count", "送らない方がよい顧客数",
    "Customers not to contact", requires=NEEDS,
)  # fmt: skip
FATIGUE_CAP = Metric(
    "campaigns.fatigue_cap", "count", "推奨する接触回数の上限（30日あたり）",
    "Recommended contact cap (per 30 days)", requires=NEEDS,
)  # fmt: skip
PILOT_N_TREATMENT = Metric(
    "campaigns.pilot.n_treatment", "count", "次のパイロットに必要な施策群の人数（チャネル・層別）",
    "Next pilot: treated customers needed, by channel and group", keyed=True, requires=NEEDS,
)  # fmt: skip
PILOT_N_CONTROL = Metric(
    "campaigns.pilot.n_control", "count", "次のパイロットに必要な対照群の人数（チャネル・層別）",
    "Next pilot: control customers needed, by channel and group", keyed=True, requires=NEEDS,
)  # fmt: skip
PILOT_MDE_PTS = Metric(
    "campaigns.pilot.detectable_lift_pts", "points",
    "層の全員で検出できる最小の差（チャネル・層別）",
    "Smallest lift a pilot of the whole group detects, by channel and group", "down",
    keyed=True, requires=NEEDS,
)  # fmt: skip
