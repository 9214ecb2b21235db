"""Metrics of the churn report."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "churn"

RATE = Metric("churn.rate", "share", "離反率", "Churn rate", "down")
WINDOW_DAYS = Metric("churn.window_days", "days", "離反の判定期間", "Churn window")
VALUE_AT_RISK = Metric(
    "churn.value_at_risk", "money", "離反リスクのある価値", "Value at risk", "down"
)
TRAIN_CUTOFF = Metric("churn.train_cutoff", "date", "学習の基準日", "Training cutoff")
TEST_CUTOFF = Metric("churn.test_cutoff", "date", "検証の基準日", "Test cutoff")
CUSTOMERS_TEST = Metric(
    "churn.customers_test", "count", "検証時点の対象顧客", "Customers at the test cutoff"
)
AUC = Metric("churn.auc", "ratio", "ROC-AUC（モデル別）", "ROC-AUC by model", "up", keyed=True)
PR_AUC = Metric("churn.pr_auc", "ratio", "PR-AUC（モデル別）", "PR-AUC by model", "up", keyed=True)
BRIER = Metric(
    "churn.brier", "ratio", "ブライアスコア（モデル別）", "Brier score by model", "down", keyed=True
)
TOP_DECILE_LIFT = Metric(
    "churn.top_decile_lift",
    "ratio",
    "上位10%リフト（勾配ブースティング）",
    "Top-decile lift (gradient boosting)",
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
