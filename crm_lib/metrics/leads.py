"""Metrics of the prospect follow-up report (the leads table)."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "leads"
NEEDS = ("leads",)

COUNT = Metric("leads.count", "count", "見込み客の数", "Leads", requires=NEEDS)
CONVERSION_RATE = Metric(
    "leads.conversion_rate", "share", "見込み客の購入率（期間内）", "Lead conversion (ever)",
    "up", requires=NEEDS,
)  # fmt: skip
NEVER_FOLLOWED_SHARE = Metric(
    "leads.never_followed_share", "share", "一度もフォローされていない見込み客の割合",
    "Leads never followed up", "down", requires=NEEDS,
)  # fmt: skip
LATE_SHARE = Metric(
    "leads.late_share", "share", "初回対応が遅れた割合（対応した見込み客のうち）",
    "Followed up late (of those followed up)", "down", requires=NEEDS,
)  # fmt: skip
NOT_READY_SHARE = Metric(
    "leads.not_ready_share", "share", "すぐには買わなかった購入者の割合",
    "Buyers who were not ready yet", requires=NEEDS,
)  # fmt: skip
LOST_SHARE = Metric(
    "leads.lost_share", "share", "フォローなしで購入に至らなかった割合（上限）",
    "Never followed up and not converted (upper bound of lost)", "down", requires=NEEDS,
)  # fmt: skip
SPEED_EFFECT = Metric(
    "leads.speed_effect", "points", "1日以内の対応による購入率の差（情報源で調整）",
    "Conversion gain of a response within a day (adjusted for source)", "up", requires=NEEDS,
)  # fmt: skip
SPEED_EFFECT_CI_LOW = Metric(
    "leads.speed_effect_ci_low", "points", "1日以内の対応の効果の95%区間（下限）",
    "Within-a-day effect, 95 % interval low", requires=NEEDS,
)  # fmt: skip
SPEED_EFFECT_CI_HIGH = Metric(
    "leads.speed_effect_ci_high", "points", "1日以内の対応の効果の95%区間（上限）",
    "Within-a-day effect, 95 % interval high", requires=NEEDS,
)  # fmt: skip
EXTRA_CUSTOMERS = Metric(
    "leads.extra_customers", "count", "全員に1日以内に対応した場合の追加顧客数（直近1年）",
    "Extra customers if every lead were answered within a day (last year)", "up",
    requires=NEEDS,
)  # fmt: skip
EXTRA_VALUE = Metric(
    "leads.extra_value", "money", "その追加顧客の見込み価値（チャネル別平均LTV、仮定）",
    "Expected value of those extra customers (mean CLV of their channel, an assumption)", "up",
    requires=NEEDS,
)  # fmt: skip
PRIORITY_AUC = Metric(
    "leads.priority_auc", "ratio", "優先度モデルのAUC（時系列で検証）",
    "Priority model AUC (out of time)", "up", requires=NEEDS,
)  # fmt: skip
BASELINE_AUC = Metric(
    "leads.baseline_auc", "ratio", "基準（情報源の過去の購入率）のAUC",
    "Baseline AUC (the source's historic conversion)", "up", requires=NEEDS,
)  # fmt: skip
OPEN_LEADS = Metric("leads.open", "count", "未決の見込み客", "Open leads", requires=NEEDS)
