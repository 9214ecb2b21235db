"""Metrics of the churn report."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "churn"

RATE = Metric("churn.rate", "share", "離反率", "Churn rate", "down")
DEFINITION = Metric(
    "churn.definition", "code", "離反の定義（window / rhythm / p_alive）",
    "Churn definition (window / rhythm / p_alive)",
)  # fmt: skip
WINDOW_DAYS = Metric("churn.window_days", "days", "離反の判定期間", "Churn window")
#: expected value lost if the scored customers lapse: sum of P(churn) x CLV / P(alive)
VALUE_AT_RISK = Metric(
    "churn.value_at_risk", "money", "離反リスクのある価値（離反確率×継続した場合のLTV）",
    "Value at risk (P(churn) × CLV if retained)", "down",
)  # fmt: skip
EARLY_CUTOFF = Metric(
    "churn.early_cutoff", "date", "モデル選択の学習基準日", "Cutoff the candidates learn at"
)
TRAIN_CUTOFF = Metric("churn.train_cutoff", "date", "学習の基準日", "Training cutoff")
TEST_CUTOFF = Metric("churn.test_cutoff", "date", "検証の基準日", "Test cutoff")
CUSTOMERS_TEST = Metric(
    "churn.customers_test", "count", "検証時点の対象顧客", "Customers at the test cutoff"
)
CHOSEN_MODEL = Metric(
    "churn.chosen_model", "code", "採用したモデル（検証の対数損失で選択）",
    "Model used (chosen by validation log-loss)",
)  # fmt: skip
VALIDATION_LOG_LOSS = Metric(
    "churn.validation_log_loss", "ratio", "検証時点の対数損失（モデル別）",
    "Validation log-loss by model", "down", keyed=True,
)  # fmt: skip
AUC = Metric("churn.auc", "ratio", "ROC-AUC（モデル別）", "ROC-AUC by model", "up", keyed=True)
PR_AUC = Metric("churn.pr_auc", "ratio", "PR-AUC（モデル別）", "PR-AUC by model", "up", keyed=True)
BRIER = Metric(
    "churn.brier", "ratio", "ブライアスコア（モデル別）", "Brier score by model", "down", keyed=True
)
BRIER_SKILL = Metric(
    "churn.brier_skill", "ratio", "ブライアスキル（学習時の離反率を一律に予測する場合と比較）",
    "Brier skill against the training churn rate, by model", "up", keyed=True,
)  # fmt: skip
LOG_LOSS = Metric(
    "churn.log_loss", "ratio", "対数損失（モデル別）", "Log-loss by model", "down", keyed=True
)
TOP_DECILE_LIFT = Metric(
    "churn.top_decile_lift",
    "ratio",
    "上位10%リフト（採用したモデル）",
    "Top-decile lift (the model used)",
    "up",
)
IMPORTANCE = Metric(
    "churn.importance",
    "ratio",
    "特徴量の重要度（ROC-AUCの低下、上位10）",
    "Feature importance (ROC-AUC lost, top 10)",
    keyed=True,
)
DRIVERS = Metric(
    "churn.drivers",
    "ratio",
    "離反要因の調整オッズ比（95%区間）",
    "Adjusted odds ratio of each churn driver (95 % interval)",
    keyed=True,
)
SUBSCRIPTION_MEDIAN_DAYS = Metric(
    "churn.subscription_median_days",
    "days",
    "定期便の解約までの日数の中央値（プラン別・獲得チャネル別）",
    "Median days to cancel a subscription (by plan, by acquisition channel)",
    "up",
    keyed=True,
    requires=("subscriptions",),
)
AT_RISK_CUSTOMERS = Metric(
    "churn.at_risk_customers", "count", "離反確率を算出した顧客", "Customers scored"
)
