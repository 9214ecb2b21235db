"""Metrics of the voice-of-the-customer report (Japanese text of the feedback table)."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "voice"
NEEDS = ("feedback",)

COUNT = Metric("voice.count", "count", "お客様の声の件数", "Comments", requires=NEEDS)
COUNT_RECENT = Metric(
    "voice.count_recent", "count", "直近期間の件数", "Comments in the latest period",
    requires=NEEDS,
)  # fmt: skip
NPS = Metric(
    "voice.nps", "points", "NPS（直近12か月）", "NPS (last 12 months)", "up", requires=NEEDS
)
NPS_RESPONSES = Metric(
    "voice.nps_responses", "count", "NPSの回答数（直近12か月）",
    "NPS responses (last 12 months)", requires=NEEDS,
)  # fmt: skip
CSAT = Metric(
    "voice.csat", "share", "満足度（CSAT、直近四半期）", "CSAT (latest quarter)", "up",
    requires=NEEDS,
)  # fmt: skip
EMERGING_COUNT = Metric(
    "voice.emerging_count", "count", "急増した語の数", "Emerging terms", requires=NEEDS
)
EMERGING_TERMS = Metric(
    "voice.emerging_terms", "record", "急増した語（順位・件数・スコア）",
    "Emerging terms (ranked, with counts and scores)", requires=NEEDS,
)  # fmt: skip
EMERGING_TOP_TERM = Metric(
    "voice.emerging_top.term", "code", "最も急増した語", "Top emerging term", requires=NEEDS
)
EMERGING_TOP_RECENT = Metric(
    "voice.emerging_top.recent", "count", "その語を含む直近期間の声の数",
    "Comments with the top emerging term in the latest period", requires=NEEDS,
)  # fmt: skip
EMERGING_TOP_RECENT_SHARE = Metric(
    "voice.emerging_top.recent_share", "share", "その語を含む声の割合（直近期間）",
    "Share of comments with the top emerging term (latest period)", requires=NEEDS,
)  # fmt: skip
EMERGING_TOP_BASELINE_SHARE = Metric(
    "voice.emerging_top.baseline_share", "share", "その語を含む声の割合（比較期間）",
    "Share of comments with the top emerging term (baseline)", requires=NEEDS,
)  # fmt: skip
TOPICS = Metric(
    "voice.topics", "record", "トピック（上位語・件数・構成比）",
    "Topics (top terms, comments, shares)", requires=NEEDS,
)  # fmt: skip
CHURN_BY_TOPIC = Metric(
    "voice.churn_by_topic", "record", "トピック別の後の離反率（95%区間）",
    "Later churn by topic (95 % interval)", requires=NEEDS,
)  # fmt: skip
SURVEY_DRIVERS = Metric(
    "voice.survey_drivers", "record", "総合評価の規定要因（設問・標準化係数・95%区間）",
    "Key drivers of the overall rating (question, standardised coefficient, 95 % interval)",
    requires=NEEDS,
)  # fmt: skip
QUESTIONS_TO_DROP = Metric(
    "voice.questions_to_drop", "record", "総合評価も再購入も説明しない設問",
    "Survey questions that neither drive the overall rating nor predict repurchase",
    requires=("feedback", "survey_answers"),
)  # fmt: skip
REPURCHASE_AUC = Metric(
    "voice.repurchase_auc", "ratio", "再購入を見分けるAUC（機能的・情緒的満足）",
    "AUC of later repurchase (rational, emotional satisfaction)", keyed=True,
    requires=("feedback", "survey_answers"),
)  # fmt: skip
NON_PREDICTIVE = Metric(
    "voice.non_predictive_questions", "record", "再購入を予測しない設問",
    "Survey answers that predict no repurchase", requires=NEEDS,
)  # fmt: skip
