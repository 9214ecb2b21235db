"""Metrics of the LTV report."""

from crm_lib.metrics.declaration import Metric

NOTEBOOK = "ltv"

# calibration
CUSTOMERS = Metric(
    "ltv.customers", "count", "モデルの学習対象の顧客数", "Customers the models learn from"
)
TIME_UNIT = Metric("ltv.time_unit", "code", "モデルの時間単位", "Time unit of the models")
CALIBRATION_END = Metric("ltv.calibration_end", "date", "学習期間の終了日", "Calibration end")
HISTORIES = Metric(
    "ltv.histories",
    "count",
    "異なる購買履歴（frequency, recency, T）の数",
    "Distinct (frequency, recency, T) histories",
)

# model parameters (rates in the time unit of the models)
BGNBD_R = Metric("ltv.bgnbd.r", "number", "BG/NBDのr", "BG/NBD r")
BGNBD_ALPHA = Metric("ltv.bgnbd.alpha", "number", "BG/NBDのα", "BG/NBD alpha")
BGNBD_A = Metric("ltv.bgnbd.a", "number", "BG/NBDのa", "BG/NBD a")
BGNBD_B = Metric("ltv.bgnbd.b", "number", "BG/NBDのb", "BG/NBD b")
PARETO_NBD_R = Metric("ltv.pareto_nbd.r", "number", "Pareto/NBDのr", "Pareto/NBD r")
PARETO_NBD_ALPHA = Metric("ltv.pareto_nbd.alpha", "number", "Pareto/NBDのα", "Pareto/NBD alpha")
PARETO_NBD_S = Metric("ltv.pareto_nbd.s", "number", "Pareto/NBDのs", "Pareto/NBD s")
PARETO_NBD_BETA = Metric("ltv.pareto_nbd.beta", "number", "Pareto/NBDのβ", "Pareto/NBD beta")
GAMMA_GAMMA_P = Metric("ltv.gamma_gamma.p", "number", "Gamma-Gammaのp", "Gamma-Gamma p")
GAMMA_GAMMA_Q = Metric("ltv.gamma_gamma.q", "number", "Gamma-Gammaのq", "Gamma-Gamma q")
GAMMA_GAMMA_V = Metric("ltv.gamma_gamma.v", "number", "Gamma-Gammaのv", "Gamma-Gamma v")
#: model -> parameter -> its metric
MODEL_PARAMETERS: dict[str, dict[str, Metric]] = {
    "bgnbd": {"r": BGNBD_R, "alpha": BGNBD_ALPHA, "a": BGNBD_A, "b": BGNBD_B},
    "pareto_nbd": {
        "r": PARETO_NBD_R,
        "alpha": PARETO_NBD_ALPHA,
        "s": PARETO_NBD_S,
        "beta": PARETO_NBD_BETA,
    },
    "gamma_gamma": {"p": GAMMA_GAMMA_P, "q": GAMMA_GAMMA_Q, "v": GAMMA_GAMMA_V},
}
STANDARD_ERRORS = Metric(
    "ltv.standard_errors",
    "number",
    "パラメータの標準誤差（モデル→パラメータ）",
    "Standard errors of the parameters (model -> parameter)",
    keyed=True,
)
FREQUENCY_MONETARY_CORRELATION = Metric(
    "ltv.frequency_monetary_correlation",
    "ratio",
    "リピート顧客の購買回数と平均購入単価の相関",
    "Correlation of purchase frequency and average spend among repeat customers",
)

# holdout check
HOLDOUT_ACTUAL = Metric(
    "ltv.holdout.actual_transactions",
    "count",
    "検証期間の実際のリピート購入",
    "Repeat purchase days in the holdout",
)
HOLDOUT_PREDICTED = Metric(
    "ltv.holdout.predicted_transactions",
    "count",
    "検証期間の予測購入（モデル別）",
    "Predicted holdout purchases, by model",
    keyed=True,
)
HOLDOUT_DURATION = Metric(
    "ltv.holdout.duration", "units", "検証期間の長さ", "Length of the holdout"
)
INTERVAL_TOTAL = Metric(
    "ltv.holdout.interval_bgnbd.total",
    "count",
    "BG/NBDの予測購入（区間の中心）",
    "BG/NBD predicted holdout purchases (point of the interval)",
)
INTERVAL_LOW = Metric(
    "ltv.holdout.interval_bgnbd.low",
    "count",
    "BG/NBDの予測購入の区間下限",
    "BG/NBD predicted holdout purchases: interval low",
)
INTERVAL_HIGH = Metric(
    "ltv.holdout.interval_bgnbd.high",
    "count",
    "BG/NBDの予測購入の区間上限",
    "BG/NBD predicted holdout purchases: interval high",
)
INTERVAL_LEVEL = Metric(
    "ltv.holdout.interval_bgnbd.level", "share", "区間の信頼水準", "Level of the interval"
)
INTERVAL_N_BOOT = Metric(
    "ltv.holdout.interval_bgnbd.n_boot",
    "count",
    "区間に使ったブートストラップ再推定の回数",
    "Bootstrap refits behind the interval",
)
INTERVAL_N_FAILED = Metric(
    "ltv.holdout.interval_bgnbd.n_failed",
    "count",
    "収束しなかったブートストラップ再推定",
    "Bootstrap refits that did not converge",
    "down",
)
#: key of ``bootstrap_total``'s result -> its metric
HOLDOUT_INTERVAL: dict[str, Metric] = {
    "total": INTERVAL_TOTAL,
    "low": INTERVAL_LOW,
    "high": INTERVAL_HIGH,
    "level": INTERVAL_LEVEL,
    "n_boot": INTERVAL_N_BOOT,
    "n_failed": INTERVAL_N_FAILED,
}

# who is still active
REPEAT_CUSTOMERS_LAPSED_SHARE = Metric(
    "ltv.repeat_customers_lapsed_share",
    "share",
    "離脱した可能性が高いリピート顧客の割合",
    "Share of repeat customers likely lapsed",
    "down",
)

# lifetime value
CLV_MEAN = Metric("ltv.clv.mean", "money", "平均LTV", "Mean CLV", "up")
CLV_TOTAL = Metric("ltv.clv.total", "money", "LTV合計", "Total CLV", "up")
CLV_TOP20_SHARE = Metric(
    "ltv.clv.top20_share", "share", "上位20%の顧客のLTVシェア", "CLV share of the top 20 %"
)
CLV_HORIZON_WEEKS = Metric("ltv.clv.horizon_weeks", "weeks", "LTVの期間", "CLV horizon")
CLV_DISCOUNT_RATE = Metric(
    "ltv.clv.discount_rate_monthly", "share", "割引率（月）", "Discount rate per month"
)
CLV_BY_CHANNEL = Metric(
    "ltv.clv_by_channel",
    "money",
    "獲得チャネル別の平均LTV",
    "Mean CLV by acquisition channel",
    keyed=True,
    requires=("customers",),
)
CLV_BY_RANK = Metric(
    "ltv.clv_by_rank", "money", "会員ランク別の平均LTV", "Mean CLV by membership rank", keyed=True
)
CLV_BY_SEGMENT = Metric(
    "ltv.clv_by_segment", "money", "RFMセグメント別の平均LTV", "Mean CLV by RFM segment", keyed=True
)

# subscriptions
SBG = Metric(
    "ltv.sbg",
    "number",
    "定期便のsBGモデル（プラン→α、β、件数）",
    "sBG retention per subscription plan (plan -> alpha, beta, subscriptions)",
    keyed=True,
    requires=("subscriptions",),
)
