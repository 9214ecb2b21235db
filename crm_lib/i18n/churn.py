"""Labels of the churn report."""

_FEATURES = {
    "recency_days": ("最終購入からの日数", "Days since the last purchase"),
    "overdue_ratio": ("購入間隔に対する経過の比", "Days since last purchase / usual gap"),
    "purchase_days": ("購入日数", "Purchase days"),
    "purchases_recent": ("直近の購入日数", "Recent purchase days"),
    "mean_purchase_value": ("平均購入額", "Mean purchase value"),
    "spend_365d": ("直近1年の購入額", "Spend in the last year"),
    "spend_trend": ("購入額の増減（直近と前期）", "Spend trend (recent vs before)"),
    "tenure_days": ("初回購入からの日数", "Days since the first purchase"),
    "mean_gap_days": ("平均購入間隔（日）", "Mean days between purchases"),
    "gap_cv": ("購入間隔のばらつき", "Irregularity of purchases"),
    "returns": ("返品数", "Returns"),
    "return_rate": ("返品率", "Return rate"),
    "subscription_active": ("定期便の継続中", "Running subscription"),
    "subscription_tenure_days": ("定期便の継続日数", "Days subscribed"),
    "subscription_skips": ("定期便のスキップ回数", "Subscription skips"),
    "subscriptions_cancelled": ("定期便の解約歴", "Cancelled subscriptions"),
    "rank_level": ("会員ランク（0が最上位）", "Membership rank (0 = top)"),
    "feedback_count": ("お客様の声の件数", "Feedback items"),
    "complaints_recent": ("直近の苦情", "Recent complaints"),
    "delivery_complaints_recent": ("直近の配送遅延の苦情", "Recent delivery-delay complaints"),
    "delivery_complaint_since_last_order": (
        "最終購入後の配送遅延の苦情",
        "Delivery complaint since the last order",
    ),
    "mean_rating": ("評価の平均（満点比）", "Mean rating (share of the maximum)"),
    "contacts_recent": ("直近の施策接触数", "Recent campaign messages"),
    "unsubscribed": ("配信停止", "Unsubscribed"),
    "region": ("地域", "Region"),
    "acquisition_channel": ("獲得チャネル", "Acquisition channel"),
    "age_band": ("年代", "Age band"),
}
#: a reason in plain words, with the customer's own value (the formats of each feature's unit;
#: amounts are cited as Amount and written in the run's currency)
_REASONS = {
    "recency_days": ("前回購入から{value:,.0f}日", "{value:,.0f} days since the last purchase"),
    "overdue_ratio": (
        "いつもの購入間隔の{value:.1f}倍空いている",
        "{value:.1f} times their usual gap since the last purchase",
    ),
    "purchase_days": ("購入は{value:,.0f}日のみ", "only {value:,.0f} purchase days"),
    "purchases_recent": ("直近の購入{value:,.0f}日", "{value:,.0f} purchase days lately"),
    "mean_purchase_value": ("平均購入額{value}", "mean purchase {value}"),
    "spend_365d": ("直近1年の購入額{value}", "{value} spent in the last year"),
    "spend_trend": ("購入額の増減{value:+.0%}", "spend trend {value:+.0%}"),
    "tenure_days": ("初回購入から{value:,.0f}日", "first purchase {value:,.0f} days ago"),
    "mean_gap_days": ("平均購入間隔{value:,.0f}日", "buys every {value:,.0f} days on average"),
    "gap_cv": ("購入間隔が不規則（{value:.1f}）", "irregular purchases ({value:.1f})"),
    "returns": ("返品{value:,.0f}件", "{value:,.0f} returns"),
    "return_rate": ("返品率{value:.0%}", "return rate {value:.0%}"),
    "subscription_active": ("定期便の状態（{value:.0f}）", "subscription state ({value:.0f})"),
    "subscription_tenure_days": ("定期便{value:,.0f}日目", "subscribed for {value:,.0f} days"),
    "subscription_skips": ("定期便のスキップ{value:,.0f}回", "{value:,.0f} subscription skips"),
    "subscriptions_cancelled": (
        "定期便の解約歴{value:,.0f}件",
        "{value:,.0f} cancelled subscriptions",
    ),
    "rank_level": ("会員ランク（レベル{value:.0f}）", "membership rank level {value:.0f}"),
    "feedback_count": ("お客様の声{value:,.0f}件", "{value:,.0f} feedback items"),
    "complaints_recent": ("直近の苦情{value:,.0f}件", "{value:,.0f} recent complaints"),
    "delivery_complaints_recent": (
        "直近の配送遅延の苦情{value:,.0f}件",
        "{value:,.0f} recent delivery-delay complaints",
    ),
    "delivery_complaint_since_last_order": (
        "前回の注文で配送遅延の苦情",
        "complained of a late delivery of the last order",
    ),
    "mean_rating": ("評価が満点の{value:.0%}", "ratings at {value:.0%} of the maximum"),
    "contacts_recent": ("直近の施策接触{value:,.0f}回", "{value:,.0f} recent campaign messages"),
    "unsubscribed": ("メール配信を停止", "unsubscribed from e-mails"),
    "region": ("地域：{value}", "region: {value}"),
    "acquisition_channel": ("獲得チャネル：{value}", "acquired via {value}"),
    "age_band": ("年代：{value}", "age band: {value}"),
}
_ACTIONS = {
    "apology_call": ("お詫びとフォローの電話", "Apology and follow-up call"),
    "service_follow_up": ("ご意見へのフォロー", "Follow up on their feedback"),
    "plan_change": ("お届け間隔・プラン変更のご提案", "Offer a longer interval or another plan"),
    "win_back_offer": ("再購入のご案内（クーポン）", "Win-back offer"),
    "personal_recommendation": ("おすすめ商品のご案内", "Personal recommendation"),
    "rank_keep_notice": ("ランク維持のご案内", "Notice on keeping the rank"),
    "other_channel": ("DM・電話での接触", "Reach by DM or phone"),
    "product_advice": ("商品選びのご相談", "Product advice"),
    "regular_follow_up": ("通常のフォロー", "Regular follow-up"),
}

LABELS: dict[str, dict[str, str]] = {
    **{f"churn_feature_{k}": {"ja": ja, "en": en} for k, (ja, en) in _FEATURES.items()},
    **{f"churn_reason_{k}": {"ja": ja, "en": en} for k, (ja, en) in _REASONS.items()},
    **{f"churn_action_{k}": {"ja": ja, "en": en} for k, (ja, en) in _ACTIONS.items()},
    "churn_model_logit": {"ja": "ロジスティック回帰", "en": "Logistic regression"},
    "churn_model_gbm": {"ja": "勾配ブースティング", "en": "Gradient boosting"},
    "churn_model_palive": {"ja": "1 − P(生存)（BG/NBD）", "en": "1 − P(alive) (BG/NBD)"},
    "churn_model_no_purchase": {
        "ja": "期間内に購入なしの確率（BG/NBD）",
        "en": "P(no purchase in the window) (BG/NBD)",
    },
    "churn_definition_heading": {"ja": "離反の定義", "en": "How churn is defined"},
    "churn_definition_text": {
        "ja": "離反＝基準日から{window}日以内に購入がないこと（定期便の継続中の顧客は、その期間内の"
        "解約）。{window}日は購入間隔の{quantile:.0%}点です。学習は{train}時点、検証は{test}時点の"
        "顧客（直近{active}日以内に購入、または定期便を継続中）で行い、検証時点の離反率は{rate:.1%}でした。",
        "en": "Churn = no purchase within {window} days after the cutoff (customers with a running"
        " subscription: a cancellation within that period). {window} days is the {quantile:.0%}"
        " quantile of the days between purchases. Models learn at {train} and are tested at"
        " {test} on customers who bought in the {active} days before or had a running subscription;"
        " the churn rate at the"
        " test cutoff was {rate:.1%}.",
    },
    "churn_definition_fixed": {
        "ja": "離反＝基準日から{window}日以内に購入がないこと（定期便の継続中の顧客は、その期間内の"
        "解約）。{window}日は設定（business.churn_window_days）によります。学習は{train}時点、検証は"
        "{test}時点の顧客（直近{active}日以内に購入、または定期便を継続中）で行い、検証時点の離反率は"
        "{rate:.1%}でした。",
        "en": "Churn = no purchase within {window} days after the cutoff (customers with a running"
        " subscription: a cancellation within that period); the {window} days are set in the"
        " configuration (business.churn_window_days). Models learn at {train} and are tested at"
        " {test} on customers who bought in the {active} days before or had a running"
        " subscription; the churn rate at the test cutoff was {rate:.1%}.",
    },
    "churn_skipped_sources": {
        "ja": "次のデータがないため、その特徴量は使っていません：{tables}。",
        "en": "These tables are absent, so their features are left out: {tables}.",
    },
    "churn_window_mark": {"ja": "離反の判定期間 {days}日", "en": "churn window {days} days"},
    "churn_chart_gaps": {"ja": "購入間隔の分布", "en": "Days between purchases"},
    "churn_days_between": {"ja": "購入間隔（日）", "en": "Days between purchases"},
    "churn_gaps_n": {"ja": "件数", "en": "Count"},
    "churn_models_heading": {"ja": "予測モデルの精度", "en": "How well the models predict"},
    "churn_models_text": {
        "ja": "{model}のROC-AUCは{auc:.3f}です。学習を使わない基準は、BG/NBDの「期間内に購入がない"
        "確率」が{no_purchase:.3f}、1 − P(生存)が{palive:.3f}でした（BG/NBDでは1回しか購入して"
        "いない顧客のP(生存)が常に1になるため、後者は最も離反しやすい初回購入者を安全とみなします）。"
        "予測スコア上位10%の顧客の離反率は全体の{lift:.2f}倍です。",
        "en": "{model} reaches a ROC-AUC of {auc:.3f}. The baselines without training score"
        " {no_purchase:.3f} for BG/NBD's probability of no purchase in the window and {palive:.3f}"
        " for 1 − P(alive) (BG/NBD gives every one-time buyer P(alive) = 1, so the latter ranks"
        " first-time buyers, who churn most, as the safest). The top 10 % of scores churn"
        " {lift:.2f} times as often as average.",
    },
    "churn_models_other_better": {
        "ja": "このデータでは{other}の方が順位付けの精度が高くなっています（ROC-AUC {auc:.3f}）。"
        "以下の要因分析と離反リスクの一覧は{model}によります。",
        "en": "{other} ranks customers better on this data (ROC-AUC {auc:.3f}); the explanations"
        " and the at-risk list below still come from the model above ({model}).",
    },
    "churn_model": {"ja": "モデル", "en": "Model"},
    "churn_roc_auc": {"ja": "ROC-AUC", "en": "ROC-AUC"},
    "churn_pr_auc": {"ja": "PR-AUC", "en": "PR-AUC"},
    "churn_brier": {"ja": "ブライアスコア", "en": "Brier score"},
    "churn_lift": {"ja": "上位10%リフト", "en": "Top-decile lift"},
    "churn_chart_calibration": {"ja": "予測確率と実際の離反率", "en": "Calibration"},
    "churn_perfect": {"ja": "完全一致", "en": "Perfect"},
    "churn_predicted": {"ja": "予測した離反確率", "en": "Predicted churn probability"},
    "churn_observed": {"ja": "実際の離反率", "en": "Observed churn rate"},
    "churn_chart_gains": {"ja": "ゲインチャート", "en": "Gain chart"},
    "churn_random": {"ja": "無作為", "en": "Random"},
    "churn_contacted": {"ja": "接触する顧客の割合", "en": "Share of customers contacted"},
    "churn_found": {"ja": "捕捉した離反者の割合", "en": "Share of churners found"},
    "churn_explain_heading": {"ja": "離反の要因", "en": "What drives churn"},
    "churn_importance_text": {
        "ja": "予測に最も効いているのは「{first}」「{second}」「{third}」です（その値を入れ替える"
        "と予測精度が最も下がる特徴量）。",
        "en": "The model relies most on {first}, {second} and {third} (shuffling them costs the"
        " most accuracy).",
    },
    "churn_importance_subscribers": {
        "ja": "定期便の顧客（{n:,}人、離反＝解約）に限ると、最も効いているのは「{first}」"
        "「{second}」「{third}」です。",
        "en": "Among subscribers ({n:,}; churn = cancelling), the model relies most on {first},"
        " {second} and {third}.",
    },
    "churn_chart_importance": {"ja": "特徴量の重要度", "en": "Feature importance"},
    "churn_auc_lost": {"ja": "ROC-AUCの低下", "en": "ROC-AUC lost"},
    "churn_chart_pdp": {
        "ja": "主な特徴量と平均離反確率（部分依存）",
        "en": "Mean churn probability along the top features (partial dependence)",
    },
    "churn_p_churn": {"ja": "離反確率", "en": "Churn probability"},
    "churn_pdp_numeric": {
        "ja": "「{feature}」が{low}から{high}になると、平均の離反確率は{p_low:.0%}から{p_high:.0%}"
        "になります（最も高いのは{peak}のとき、{p_peak:.0%}）。",
        "en": "As {feature} goes from {low} to {high}, the mean churn probability goes from"
        " {p_low:.0%} to {p_high:.0%} (highest at {peak}: {p_peak:.0%}).",
    },
    "churn_pdp_categorical": {
        "ja": "「{feature}」別では、平均の離反確率は{peak}で最も高く（{p_peak:.0%}）、{low}で最も"
        "低くなります（{p_low:.0%}）。",
        "en": "By {feature}, the mean churn probability is highest for {peak} ({p_peak:.0%}) and"
        " lowest for {low} ({p_low:.0%}).",
    },
    "churn_driver_text": {
        "ja": "購入状況をそろえて比べると、「{driver}」がある顧客の離反のオッズは{ratio:.2f}倍"
        "（95%区間 {low:.2f}〜{high:.2f}、{affected:,}人）です。",
        "en": "With purchase activity held equal, {driver} multiplies the odds of churn by"
        " {ratio:.2f} (95 % interval {low:.2f} to {high:.2f}; {affected:,} customers).",
    },
    "churn_survival_heading": {"ja": "定期便の継続率", "en": "Subscription retention"},
    "churn_survival_text": {
        "ja": "{group}の定期便の半数が解約するまでの日数（中央値）は{days:,.0f}日です（{n:,}件）。",
        "en": "Half of the {group} subscriptions are cancelled after {days:,.0f} days"
        " ({n:,} subscriptions).",
    },
    "churn_survival_not_reached": {
        "ja": "{group}の定期便は、まだ半数が解約していません（{n:,}件）。",
        "en": "Fewer than half of the {group} subscriptions have been cancelled so far"
        " ({n:,} subscriptions).",
    },
    "churn_plan_monthly": {"ja": "毎月お届け", "en": "monthly"},
    "churn_plan_bimonthly": {"ja": "隔月お届け", "en": "bimonthly"},
    "churn_chart_km_plan": {"ja": "プラン別の継続率", "en": "Retention by plan"},
    "churn_chart_km_channel": {"ja": "獲得チャネル別の継続率", "en": "Retention by channel"},
    "churn_days_since_start": {"ja": "開始からの日数", "en": "Days since start"},
    "churn_still_subscribed": {"ja": "継続している割合", "en": "Still subscribed"},
    "churn_no_subscriptions": {
        "ja": "定期便のデータがないため、継続率は表示しません。",
        "en": "No subscription data, so there are no retention curves.",
    },
    "churn_at_risk_heading": {"ja": "離反リスクの高い顧客", "en": "Customers at risk"},
    "churn_at_risk_text": {
        "ja": "{end}時点の{customers:,}人について、離反確率×予測LTVで失われうる価値を計算しました。"
        "合計{total}で、上位{top}人で{top_share:.0%}を占めます。",
        "en": "For {customers:,} customers at {end}, value at risk = churn probability × expected"
        " CLV totals {total}; the top {top} hold {top_share:.0%} of it.",
    },
    "churn_customer_id": {"ja": "顧客ID", "en": "Customer ID"},
    "churn_name": {"ja": "氏名（マスク済）", "en": "Name (masked)"},
    "churn_clv": {"ja": "予測LTV", "en": "Expected CLV"},
    "churn_value_at_risk": {"ja": "リスク価値", "en": "Value at risk"},
    "churn_reasons": {"ja": "主な理由", "en": "Main reasons"},
    "churn_action": {"ja": "推奨アクション", "en": "Suggested action"},
    "churn_next_order": {"ja": "次回購入予定日", "en": "Expected next order"},
    "churn_mean_gap": {"ja": "平均購入間隔（日）", "en": "Mean days between orders"},
    "churn_next_text": {
        "ja": "購入が2回以上の顧客の平均購入間隔の中央値は{median:.0f}日で、{overdue:.0%}は次回"
        "購入予定日を過ぎています。",
        "en": "Among customers with two or more purchases, the median of the mean days between"
        " orders is {median:.0f}; {overdue:.0%} are past their expected next order date.",
    },
}
