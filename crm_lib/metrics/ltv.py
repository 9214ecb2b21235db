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
HOLDOUT_DELIVERIES_EXPECTED = Metric(
    "ltv.holdout.deliveries_expected",
    "count",
    "検証期間の定期便配送（sBGの予測）",
    "Subscription deliveries in the holdout, expected by the sBG",
    requires=("subscriptions",),
)
HOLDOUT_DELIVERIES_ACTUAL = Metric(
    "ltv.holdout.deliveries_actual",
    "count",
    "検証期間の定期便配送（実績）",
    "Subscription deliveries in the holdout, actual",
    requires=("subscriptions",),
)
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
CLV_DELIVERIES_SHARE = Metric(
    "ltv.clv.deliveries_share",
    "share",
    "LTVのうち継続中の定期便の配送分",
    "Share of CLV from running subscriptions' deliveries",
    requires=("subscriptions",),
)
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
# MBG/NBD beside BG/NBD and Pareto/NBD, fit diagnostics and the model choice (crm_lib.ltv.choice)
MBGNBD_R = Metric("ltv.mbgnbd.r", "number", "MBG/NBDのr", "MBG/NBD r")
MBGNBD_ALPHA = Metric("ltv.mbgnbd.alpha", "number", "MBG/NBDのα", "MBG/NBD alpha")
MBGNBD_A = Metric("ltv.mbgnbd.a", "number", "MBG/NBDのa", "MBG/NBD a")
MBGNBD_B = Metric("ltv.mbgnbd.b", "number", "MBG/NBDのb", "MBG/NBD b")
MODEL_PARAMETERS["mbgnbd"] = {"r": MBGNBD_R, "alpha": MBGNBD_ALPHA, "a": MBGNBD_A, "b": MBGNBD_B}
MODEL_CHOSEN = Metric(
    "ltv.model_choice.chosen",
    "code",
    "採用した購買回数モデル（稼働確率・LTV・離反の基準に使用）",
    "Purchase-count model chosen (P(alive), CLV, churn baseline)",
)
VALUE_COUNT_PARAMS = Metric(
    "ltv.value.count_params",
    "number",
    "観測終了時点で再推定した購買回数モデルのパラメータ（他のレポートが同じ推定を使う）",
    "Purchase-count model's parameters refitted at the observation end (other reports reuse them)",
    keyed=True,
)
MODEL_CHOICE_BASIS = Metric(
    "ltv.model_choice.basis",
    "code",
    "モデル選択の決め手（p_alive_auc：検証期間の再購入に対するP(alive)のAUC、aic）",
    "What decided the model choice (p_alive_auc: P(alive) AUC on holdout buyers, aic)",
)
MODEL_IDENTIFIED = Metric(
    "ltv.model_choice.identified",
    "code",
    "推定が識別できたか（モデル別、true/false）",
    "Whether each model's fit is identified (true/false)",
    keyed=True,
)
MODEL_NOT_IDENTIFIED_REASON = Metric(
    "ltv.model_choice.reason",
    "code",
    "識別できない理由（モデル別、識別できたモデルは空）",
    "Why a fit is not identified, by model (empty when identified)",
    keyed=True,
)
MODEL_AIC = Metric("ltv.model_choice.aic", "number", "AIC（モデル別）", "AIC, by model", "down",
                   keyed=True)  # fmt: skip
MODEL_P_ALIVE_AUC = Metric(
    "ltv.model_choice.p_alive_auc",
    "ratio",
    "学習期間末のP(alive)の、検証期間に再購入した顧客に対するAUC（モデル別）",
    "ROC-AUC of P(alive) at the calibration end against a holdout purchase, by model",
    "up",
    keyed=True,
)
MODEL_HOLDOUT_RMSE = Metric(
    "ltv.model_choice.holdout_rmse",
    "number",
    "検証期間の購入回数の顧客別誤差（RMSE、モデル別）",
    "Per-customer RMSE of holdout purchases, by model",
    "down",
    keyed=True,
)
LATENT_CLASSES = Metric(
    "ltv.model_choice.latent_classes",
    "count",
    "潜在クラスMBG/NBDのクラス数（BICで選択）",
    "Classes of the latent-class MBG/NBD (chosen by BIC)",
)
MODEL_ITERATIONS = Metric(
    "ltv.model_choice.iterations",
    "count",
    "最適化の反復回数（モデル別）",
    "Optimiser iterations, by model",
    keyed=True,
)
MEAN_P_ALIVE = Metric(
    "ltv.p_alive.mean",
    "share",
    "学習期間末の平均稼働確率（採用モデル、全顧客）",
    "Mean P(alive) at the calibration end (chosen model, every customer)",
)
ONE_TIME_MEAN_P_ALIVE = Metric(
    "ltv.p_alive.one_time_mean",
    "share",
    "一度だけ購入した顧客の平均稼働確率（採用モデル）",
    "Mean P(alive) of one-time buyers (chosen model)",
)
LAPSED_SHARE = Metric(
    "ltv.p_alive.lapsed_share",
    "share",
    "稼働確率50%未満の顧客の割合（採用モデル、全顧客）",
    "Share of customers with P(alive) below 50 % (chosen model, every customer)",
    "down",
)
# holdout intervals of the chosen purchase-count model (crm_lib.ltv.predictive)
HOLDOUT_INTERVAL_MODEL = Metric(
    "ltv.holdout.interval.model", "code", "区間を求めたモデル", "Model behind the holdout intervals"
)
HOLDOUT_POINT = Metric(
    "ltv.holdout.interval.point",
    "count",
    "検証期間の予測購入（推定パラメータでの期待値）",
    "Predicted holdout purchases (expected at the fitted parameters)",
)
HOLDOUT_PARAMETER_LOW = Metric(
    "ltv.holdout.interval.parameter_low",
    "count",
    "パラメータ区間の下限（パラメータの不確実性のみ）",
    "Parameter interval, low (parameter uncertainty only)",
)
HOLDOUT_PARAMETER_HIGH = Metric(
    "ltv.holdout.interval.parameter_high",
    "count",
    "パラメータ区間の上限（パラメータの不確実性のみ）",
    "Parameter interval, high (parameter uncertainty only)",
)
HOLDOUT_PREDICTIVE_LOW = Metric(
    "ltv.holdout.interval.predictive_low",
    "count",
    "予測区間の下限（パラメータと購買の偶然の変動）",
    "Prediction interval, low (parameters and the purchase process's noise)",
)
HOLDOUT_PREDICTIVE_HIGH = Metric(
    "ltv.holdout.interval.predictive_high",
    "count",
    "予測区間の上限（パラメータと購買の偶然の変動）",
    "Prediction interval, high (parameters and the purchase process's noise)",
)
HOLDOUT_INTERVAL_LEVEL = Metric(
    "ltv.holdout.interval.level", "share", "区間の水準", "Level of the intervals"
)
HOLDOUT_INTERVAL_DRAWS = Metric(
    "ltv.holdout.interval.draws",
    "count",
    "予測区間のシミュレーション回数",
    "Simulations behind the prediction interval",
)
HOLDOUT_INTERVAL_METHOD = Metric(
    "ltv.holdout.interval.method",
    "code",
    "パラメータの抽出方法（normal: 共分散、bootstrap: 再推定）",
    "How parameters were drawn (normal: covariance, bootstrap: refits)",
)
HOLDOUT_ACTUAL_POSITION = Metric(
    "ltv.holdout.interval.actual_position",
    "code",
    "実績と予測区間の関係（inside, above, below）",
    "Where the actual total lies against the prediction interval (inside, above, below)",
)
#: field of :class:`crm_lib.ltv.predictive.PredictiveTotal` -> its metric
PREDICTIVE_TOTAL: dict[str, Metric] = {
    "point": HOLDOUT_POINT,
    "parameter_low": HOLDOUT_PARAMETER_LOW,
    "parameter_high": HOLDOUT_PARAMETER_HIGH,
    "predictive_low": HOLDOUT_PREDICTIVE_LOW,
    "predictive_high": HOLDOUT_PREDICTIVE_HIGH,
    "level": HOLDOUT_INTERVAL_LEVEL,
    "draws": HOLDOUT_INTERVAL_DRAWS,
    "method": HOLDOUT_INTERVAL_METHOD,
}
# spend per purchase (crm_lib.ltv.spend_choice) and what CLV counts (crm_lib.ltv.clv_basis)
SPEND_CHOSEN = Metric(
    "ltv.spend.chosen", "code", "LTVに使う購入単価モデル", "Spend model the CLV uses"
)
SPEND_HOLDOUT_RMSE = Metric(
    "ltv.spend.holdout_rmse",
    "money",
    "検証期間の購入単価の誤差（RMSE、購入回数で加重、モデル別）",
    "Holdout error of spend per purchase (RMSE weighted by purchases), by model",
    "down",
    keyed=True,
)
SPEND_HOLDOUT_BIAS = Metric(
    "ltv.spend.holdout_bias",
    "share",
    "検証期間の購入金額の予測の偏り（実績比、モデル別）",
    "Bias of predicted holdout spend (share of actual), by model",
    keyed=True,
)
SPEND_ONE_TIME_EXPECTED = Metric(
    "ltv.spend.one_time_expected",
    "money",
    "1回購入客の予想購入単価の平均（モデル別）",
    "Mean expected spend per purchase of one-time buyers, by model",
    keyed=True,
)
SPEND_INDEPENDENCE_STATISTIC = Metric(
    "ltv.spend.independence.statistic",
    "number",
    "購入単価と購買回数の独立性の尤度比検定統計量（自由度1）",
    "Likelihood-ratio statistic of spend independent of frequency (1 df)",
)
SPEND_INDEPENDENCE_P_VALUE = Metric(
    "ltv.spend.independence.p_value",
    "number",
    "購入単価と購買回数の独立性の検定のp値",
    "p-value of the test of spend independent of frequency",
)
SPEND_ELASTICITY = Metric(
    "ltv.spend.independence.elasticity",
    "number",
    "購買回数に対する平均購入単価の弾力性β",
    "Elasticity beta of mean spend per purchase to frequency",
)
CLV_BASIS = Metric(
    "ltv.clv.basis",
    "code",
    "LTVの金額の基準（売上・返品控除後・粗利）",
    "What CLV counts (revenue, net of returns, margin)",
)
CLV_RETURNS_SHARE = Metric(
    "ltv.clv.returns_share",
    "share",
    "これまでの購入金額に占める返品・返金の割合",
    "Refunds as a share of gross purchases to date",
)
# subscription (定期) practice and time-series LTV (crm_lib.ltv.teiki, crm_lib.ltv.cohort_value)
TEIKI_RETENTION = Metric(
    "ltv.teiki.retention_by_delivery",
    "share",
    "回数別継続率：開始した定期便のうちk回目のお届けを受けた割合（プラン→回）",
    "Retention by delivery count: share of subscriptions started that received delivery k "
    "(plan -> k)",
    "up",
    keyed=True,
    requires=("subscriptions",),
)
TEIKI_STEP_RETENTION = Metric(
    "ltv.teiki.step_retention",
    "share",
    "前回からの継続率：k−1回目を受けた定期便のうちk回目も受けた割合（プラン→回）",
    "Share of subscriptions that received delivery k - 1 and then k (plan -> k)",
    "up",
    keyed=True,
    requires=("subscriptions",),
)
TEIKI_UPGRADE_RATE = Metric(
    "ltv.teiki.upgrade_rate",
    "share",
    "引き上げ率：お試し・単品の初回購入から期間内に定期便を始めた顧客の割合",
    "Share of customers with a trial or one-off first order who started a subscription "
    "within the window",
    "up",
    requires=("subscriptions",),
)
TEIKI_UPGRADE_WITHIN_DAYS = Metric(
    "ltv.teiki.upgrade_within_days",
    "days",
    "引き上げ率の期間（初回購入からの日数）",
    "Window of the conversion to a subscription (days after the first order)",
    requires=("subscriptions",),
)
TEIKI_UPGRADE_BY_CHANNEL = Metric(
    "ltv.teiki.upgrade_rate_by_channel",
    "share",
    "獲得チャネル別の引き上げ率",
    "Conversion to a subscription by acquisition channel",
    "up",
    keyed=True,
    requires=("subscriptions", "customers"),
)
CUMULATIVE_VALUE_OVERALL = Metric(
    "ltv.cumulative_value_overall",
    "money",
    "獲得からの月数別の1人あたり累積LTV（月数→金額、全顧客）",
    "Cumulative value per customer by months since acquisition (months -> value, all)",
    "up",
    keyed=True,
)
CUMULATIVE_VALUE = Metric(
    "ltv.cumulative_value",
    "money",
    "獲得チャネル別・獲得からの月数別の1人あたり累積LTV（チャネル→月数→金額）",
    "Cumulative value per customer by acquisition channel and months since acquisition "
    "(channel -> months -> value)",
    "up",
    keyed=True,
    requires=("customers",),
)
MAX_CPO_OVERALL = Metric(
    "ltv.max_cpo_overall",
    "money",
    "限界CPO：獲得1人あたりにかけられる費用の上限（全顧客）",
    "Maximum acquisition cost per customer the value supports (all customers)",
    "up",
)
MAX_CPO_MONTHS = Metric(
    "ltv.max_cpo_months", "number", "限界CPOの算定月数", "Months of value the maximum CPO rests on"
)
MAX_CPO = Metric(
    "ltv.max_cpo",
    "money",
    "獲得チャネル別の限界CPO",
    "Maximum acquisition cost per customer by acquisition channel",
    "up",
    keyed=True,
    requires=("customers",),
)

# diagnostics and readiness
READINESS_OK = Metric(
    "ltv.readiness.ok",
    "code",
    "データが予測に足りるか（すべての確認を満たすとtrue）",
    "Data ready for predictions (true when every check passes)",
)
READINESS_CHECKS = Metric(
    "ltv.readiness.checks",
    "number",
    "予測に足りるかの確認値（確認→値）",
    "Readiness checks (check -> value)",
    keyed=True,
)
PERIOD_FREQUENCY_CHI2 = Metric(
    "ltv.period_frequencies.chi2",
    "number",
    "学習期間の購買回数分布の適合度（カイ二乗）",
    "Calibration purchase-count histogram: chi-square, actual vs model",
)
PERIOD_FREQUENCY_P_VALUE = Metric(
    "ltv.period_frequencies.p_value",
    "ratio",
    "学習期間の購買回数分布の適合度（p値）",
    "Calibration purchase-count histogram: p-value of the chi-square",
)
