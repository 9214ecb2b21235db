"""Labels of the lifetime-value report."""

LABELS: dict[str, dict[str, str]] = {
    "ltv_data": {"ja": "分析の前提", "en": "What the models see"},
    "ltv_data_text": {
        "ja": "{calibration_end:%Y-%m-%d}までに購入した{customers:,}人の購買履歴でモデルを学習し、"
        "その後{holdout:.0f}{unit}の実績で精度を確かめました。購買回数は購入日の数で数えます"
        "（同じ日の複数注文は1回）。",
        "en": "The models learn from {customers:,} customers who had bought by "
        "{calibration_end:%Y-%m-%d} and are checked against the {holdout:.0f} {unit} after. "
        "Purchases are counted as purchase days (several orders on one day count once).",
    },
    "unit_D": {"ja": "日", "en": "days"},
    "unit_W": {"ja": "週", "en": "weeks"},
    "ltv_models": {"ja": "モデルと推定値", "en": "Models and estimates"},
    "ltv_model_bgnbd": {"ja": "BG/NBD", "en": "BG/NBD"},
    "ltv_model_pareto_nbd": {"ja": "Pareto/NBD", "en": "Pareto/NBD"},
    "ltv_model_gamma_gamma": {"ja": "Gamma-Gamma（購入単価）", "en": "Gamma-Gamma (spend)"},
    "ltv_model": {"ja": "モデル", "en": "Model"},
    "ltv_parameter": {"ja": "パラメータ", "en": "Parameter"},
    "ltv_estimate": {"ja": "推定値", "en": "Estimate"},
    "ltv_se": {"ja": "標準誤差", "en": "Standard error"},
    "ltv_se_note": {
        "ja": "標準誤差は対数尤度のヘッセ行列（観測情報量）から求めた漸近値です。",
        "en": "Standard errors are asymptotic, from the observed information (Hessian of the "
        "log-likelihood).",
    },
    "ltv_correlation": {
        "ja": "リピート顧客の購買回数と平均購入単価の相関は{corr:.2f}です"
        "（Gamma-Gammaモデルはこれがほぼ0であることを前提とします）。",
        "en": "Among repeat customers, purchase frequency and average spend correlate at "
        "{corr:.2f} (the Gamma-Gamma model assumes close to zero).",
    },
    "ltv_holdout": {"ja": "予測精度（検証期間）", "en": "Holdout check"},
    "ltv_holdout_text": {
        "ja": "検証期間の実際のリピート購入は{actual:,.0f}回、BG/NBDの予測は{predicted:,.0f}回"
        "（{level:.0%}区間 {low:,.0f}〜{high:,.0f}、誤差{error:+.1f}%）でした。",
        "en": "In the holdout, customers made {actual:,.0f} repeat purchases; BG/NBD "
        "predicted {predicted:,.0f} ({level:.0%} interval {low:,.0f}–{high:,.0f}, "
        "error {error:+.1f} %).",
    },
    "ltv_interval_note": {
        "ja": "区間は顧客を復元抽出して再推定した{n_boot}回のブートストラップによります。",
        "en": "The interval comes from {n_boot} bootstrap refits on customers resampled with "
        "replacement.",
    },
    "ltv_actual": {"ja": "実績", "en": "Actual"},
    "ltv_predicted_total": {"ja": "予測合計", "en": "Predicted total"},
    "ltv_actual_total": {"ja": "実績合計", "en": "Actual total"},
    "ltv_error_pct": {"ja": "誤差（%）", "en": "Error (%)"},
    "ltv_mae": {"ja": "平均絶対誤差", "en": "Mean absolute error"},
    "ltv_log_likelihood": {"ja": "対数尤度", "en": "Log-likelihood"},
    "ltv_chart_holdout": {
        "ja": "学習期間の購買回数別：検証期間の平均購入回数（実績と予測）",
        "en": "Holdout purchases per customer by calibration purchases: actual vs predicted",
    },
    "ltv_calibration_purchases": {
        "ja": "学習期間のリピート購入回数",
        "en": "Repeat purchases in calibration",
    },
    "ltv_holdout_purchases_mean": {
        "ja": "検証期間の平均購入回数",
        "en": "Mean purchases in holdout",
    },
    "ltv_alive": {"ja": "稼働の可能性", "en": "Who is still active"},
    "ltv_p_alive": {"ja": "稼働確率 P(alive)", "en": "P(alive)"},
    "ltv_chart_p_alive": {"ja": "稼働確率の分布", "en": "Distribution of P(alive)"},
    "ltv_alive_text": {
        "ja": "リピート顧客のうち{share:.1%}は稼働確率が50%未満で、"
        "すでに離れている可能性が高い顧客です。",
        "en": "{share:.1%} of repeat customers have P(alive) below 50 %: they have probably "
        "already lapsed.",
    },
    "ltv_value": {"ja": "顧客生涯価値（LTV）", "en": "Customer lifetime value"},
    "ltv_value_text": {
        "ja": "今後{horizon}週間の割引後LTVは合計{total}、1人あたり平均{mean}です"
        "（月{rate:.1%}で割引）。上位20%の顧客がLTVの{top_share:.0%}を占めます。",
        "en": "Over the next {horizon} weeks, discounted CLV totals {total}, "
        "{mean} per customer on average (discounted at {rate:.1%} a month). The top "
        "20 % of customers hold {top_share:.0%} of it.",
    },
    "ltv_clv_is_revenue": {
        "ja": "LTVは売上ベースの金額です（粗利率は掛けていません）。",
        "en": "CLV here is revenue: no gross margin is applied.",
    },
    "ltv_clv_is_margin": {
        "ja": "LTVは売上に粗利率{margin:.0%}を掛けた粗利ベースの金額です。",
        "en": "CLV here is gross margin: revenue at a margin of {margin:.0%}.",
    },
    "ltv_refit_note": {
        "ja": "LTVは全期間（{end:%Y-%m-%d}まで）で学習し直したモデルで計算しています。",
        "en": "CLV comes from the models refitted on all data up to {end:%Y-%m-%d}.",
    },
    "ltv_top": {"ja": "LTV上位の顧客", "en": "Customers with the highest CLV"},
    "customer_id": {"ja": "顧客ID", "en": "Customer"},
    "ltv_frequency": {"ja": "リピート購入回数", "en": "Repeat purchases"},
    "ltv_expected_purchases": {"ja": "予想購入回数", "en": "Expected purchases"},
    "ltv_expected_value": {"ja": "予想購入単価", "en": "Expected spend per purchase"},
    "ltv_clv": {"ja": "LTV", "en": "CLV"},
    "ltv_mean_clv": {"ja": "平均LTV", "en": "Mean CLV"},
    "ltv_mean_clv_in": {"ja": "平均LTV（{unit}）", "en": "Mean CLV ({unit})"},
    "ltv_customers_n": {"ja": "{n:,}人", "en": "{n:,} customers"},
    "ltv_chart_value_by": {"ja": "{group}別の平均LTV", "en": "Mean CLV by {group}"},
    "ltv_by_channel_text": {
        "ja": "獲得チャネル別では「{best}」の平均LTVが最も高く（{best_value}）、"
        "「{worst}」が最も低い（{worst_value}）です。",
        "en": "By acquisition channel, '{best}' brings the highest mean CLV ({best_value}) "
        "and '{worst}' the lowest ({worst_value}).",
    },
    "acquisition_channel": {"ja": "獲得チャネル", "en": "acquisition channel"},
    "ltv_rank": {"ja": "会員ランク", "en": "membership rank"},
    "ltv_segment": {"ja": "RFMセグメント", "en": "RFM segment"},
    "ltv_by_rank_text": {
        "ja": "会員ランク「{rank}」の平均LTVは{value}で、全体平均の{ratio:.1f}倍です。",
        "en": "Customers of rank '{rank}' have a mean CLV of {value}, {ratio:.1f} times "
        "the average.",
    },
    "ltv_no_customers": {
        "ja": "顧客マスタがないため、獲得チャネル別のLTVは省略します。",
        "en": "There is no customers table, so CLV by acquisition channel is skipped.",
    },
    "ltv_subscriptions": {"ja": "定期便の継続（sBGモデル）", "en": "Subscription retention (sBG)"},
    "ltv_no_subscriptions": {
        "ja": "定期便のテーブルがないため、契約型の継続分析は省略します。",
        "en": "There is no subscriptions table, so contractual retention is skipped.",
    },
    "ltv_sbg_text": {
        "ja": "「{plan}」（{days}日ごとの更新）は{subscribers:,}件。sBGモデルでは1回の更新あたりの"
        "平均解約確率は{mean_churn:.1%}（α={alpha:.2f}、β={beta:.2f}）で、12回目の更新まで続く"
        "のは{s12:.0%}と見込まれます。",
        "en": "'{plan}' (renewed every {days} days): {subscribers:,} subscriptions. The sBG "
        "model puts the mean cancellation probability per renewal at {mean_churn:.1%} "
        "(alpha = {alpha:.2f}, beta = {beta:.2f}); {s12:.0%} are expected to reach the 12th "
        "renewal.",
    },
    "ltv_chart_retention": {
        "ja": "定期便の継続率：実績とsBG予測",
        "en": "Subscription retention: observed and sBG projection",
    },
    "ltv_observed": {"ja": "{plan}：実績", "en": "{plan}: observed"},
    "ltv_sbg_projection": {"ja": "{plan}：sBG予測", "en": "{plan}: sBG projection"},
    "ltv_sbg_none": {
        "ja": "どのプランも観測できた更新回数が少なく、sBGモデルを推定できませんでした。",
        "en": "No plan has enough renewals observed yet to fit the sBG model.",
    },
    "ltv_plan": {"ja": "プラン", "en": "Plan"},
    "ltv_renewals": {"ja": "更新回数", "en": "Renewals"},
    "ltv_still_subscribed": {"ja": "継続中の割合", "en": "Still subscribed"},
    "ltv_cohorts": {
        "ja": "開始月別の残存と今後の見込み",
        "en": "Cohorts: who is left and what remains",
    },
    "ltv_cohort": {"ja": "開始月", "en": "Start month"},
    "ltv_cohort_size": {"ja": "開始件数", "en": "Started"},
    "ltv_active": {"ja": "継続中", "en": "Active"},
    "ltv_remaining": {
        "ja": "継続中1件あたりの今後の更新回数（割引後）",
        "en": "Expected further renewals per active subscription (discounted)",
    },
    "ltv_remaining_note": {
        "ja": "更新回数の見込みは割引後の残存期待値（DERL、Fader & Hardie 2010）です。",
        "en": "Remaining renewals are the discounted expected residual lifetime (DERL, Fader & "
        "Hardie 2010).",
    },
}
