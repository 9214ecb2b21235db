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
    "purchase_days": ("購入日数{value:,.0f}日", "{value:,.0f} purchase days"),
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
    "churn_model_palive": {
        "ja": "1 − P(生存)（購入回数モデル、学習なし）",
        "en": "1 − P(alive) (purchase model, untrained)",
    },
    "churn_model_no_purchase": {
        "ja": "購入回数モデルによる離反確率（学習なし）",
        "en": "Purchase model's P(churn) (untrained)",
    },
    "churn_definition_heading": {"ja": "離反の定義", "en": "How churn is defined"},
    "churn_definition_window": {
        "ja": "離反＝基準日から{window}日以内に購入がないこと（定期便の継続中の顧客は、その期間内の"
        "解約）。",
        "en": "Churn = no purchase within {window} days after the cutoff (customers with a running"
        " subscription: a cancellation within that period).",
    },
    "churn_definition_rhythm": {
        "ja": "離反＝その顧客自身の平均購入間隔の{multiple:g}倍の日数（{window}日より短い場合と、"
        "購入が1回だけの場合は{window}日）、購入がないこと。定期便の継続中の顧客は、{window}日以内の"
        "解約を離反とします。購入の間隔が長い顧客を、{window}日購入がないだけで離反とはみなしません。",
        "en": "Churn = no purchase for {multiple:g} times the customer's own mean gap between"
        " purchases ({window} days when that is shorter, and for one-time buyers); customers with"
        " a running subscription churn by cancelling within {window} days. A customer who"
        " usually buys less often is not counted as churned after {window} quiet days alone.",
    },
    "churn_definition_p_alive": {
        "ja": "離反＝購入回数モデル（{model}）による「まだ顧客である確率」P(生存)が"
        "{threshold:.0%}を下回ること（定期便の継続中の顧客は、{window}日以内の解約）。判定は各基準日の{window}日後に"
        "行います。",
        "en": "Churn = the purchase model ({model}) puts the probability that the customer is"
        " still active, P(alive), below {threshold:.0%} (customers with a running subscription:"
        " a cancellation within {window} days); it is judged {window} days after each cutoff.",
    },
    "churn_window_quantile": {
        "ja": "{window}日は購入間隔の{quantile:.0%}点（30日単位に切り上げ）です。",
        "en": "{window} days is the {quantile:.0%} quantile of the days between purchases,"
        " rounded up to 30-day months.",
    },
    "churn_window_fixed": {
        "ja": "{window}日は設定（business.churn_window_days）によります。",
        "en": "The {window} days are set in the configuration (business.churn_window_days).",
    },
    "churn_cutoffs": {
        "ja": "対象は各基準日にまだ離反していない顧客（同じ定義による）と定期便の継続中の顧客です。"
        "モデルは{train}時点で学習し、{test}時点で評価します（{test}時点の離反率は{rate:.1%}）。"
        "どのモデルを使うかは、その前に検証で決めます（次の節）。",
        "en": "Scored are the customers not churned at each cutoff (by the same definition) and"
        " the running subscribers. Models learn at {train} and are tested at {test}, where the"
        " churn rate was {rate:.1%}; which model is used is decided before that, on a"
        " validation (next section).",
    },
    "churn_rate_reading_window": {
        "ja": "離反率{rate:.1%}は「{window}日間購入がなかった顧客の割合」で、顧客が取引をやめた"
        "割合（離脱）ではありません。購入の間隔が長い顧客は、まだ顧客であっても離反に数えられます。",
        "en": "The churn rate of {rate:.1%} reads as the share with no purchase within {window}"
        " days, not as the share of customers who have left for good: slow buyers who are still"
        " customers count as churned.",
    },
    "churn_rate_reading_rhythm": {
        "ja": "離反率{rate:.1%}は「{window}日のうちに、自分の購入間隔の{multiple:g}倍（最低{window}"
        "日）の空白に達した顧客の割合」です。購入が止まったことを数えており、取引をやめたこと"
        "（離脱）を確かめたものではありません。",
        "en": "The churn rate of {rate:.1%} reads as the share whose silence reached"
        " {multiple:g} times their own gap between purchases (at least {window} days) within"
        " the {window} days: it counts purchases that stopped, not customers known to have left.",
    },
    "churn_rate_reading_p_alive": {
        "ja": "離反率{rate:.1%}は「{window}日後に購入回数モデルが離脱したとみなす顧客の割合」で、"
        "モデルの推定によるものです。",
        "en": "The churn rate of {rate:.1%} reads as the share the purchase model deems gone"
        " {window} days later: an estimate of attrition by the model, not an observation.",
    },
    "churn_skipped_sources": {
        "ja": "次のデータがないため、その特徴量は使っていません：{tables}。",
        "en": "These tables are absent, so their features are left out: {tables}.",
    },
    "churn_window_mark": {"ja": "離反の判定期間 {days}日", "en": "churn window {days} days"},
    "churn_chart_gaps": {"ja": "購入間隔の分布", "en": "Days between purchases"},
    "churn_days_between": {"ja": "購入間隔（日）", "en": "Days between purchases"},
    "churn_gaps_n": {"ja": "件数", "en": "Count"},
    "churn_models_heading": {"ja": "予測モデルの選択と精度", "en": "Which model, and how well"},
    "churn_validation_early": {
        "ja": "モデルは、{early}時点で学習し{train}時点の離反を予測したときの対数損失が最も小さい"
        "ものを選びます。離反確率は金額に掛け合わせるため、順位だけでなく確率の正しさを評価する"
        "指標で選んでいます。",
        "en": "The model is the one with the lowest log-loss when it learns at {early} and"
        " predicts churn at {train}: churn probabilities multiply money below, so the rule"
        " rewards correct probabilities, not only a correct ranking.",
    },
    "churn_validation_cv": {
        "ja": "{early}時点にはまだ顧客がいない（または少なすぎる）ため、{train}時点の顧客を"
        "{folds}分割した交差検証で対数損失を比べ、最も小さいモデルを選びます。離反確率は金額に掛け合わせる"
        "ため、順位だけでなく確率の正しさを評価する指標で選んでいます。",
        "en": "There are no (or too few) customers at {early}, so the models are compared by"
        " {folds}-fold cross-validation on the customers at {train}; the lowest log-loss wins:"
        " churn probabilities multiply money below, so the rule rewards correct probabilities,"
        " not only a correct ranking.",
    },
    "churn_validation_none": {
        "ja": "{train}時点の離反した顧客（または継続した顧客）が{folds}人未満で、学習したモデルを"
        "検証できないため、学習なしの基準（{baseline}）を使います。",
        "en": "Fewer than {folds} customers churned (or stayed) at {train}, too few to validate"
        " a trained model, so the report uses the baseline without training ({baseline}).",
    },
    "churn_fit_sample": {
        "ja": "学習には各基準日の対象顧客から無作為に抽出した最大{sample:,}人（離反・継続の割合を"
        "保つ層化抽出）を使っています（{train}時点の対象は{customers:,}人）。予測と評価は対象の"
        "全員について行います。",
        "en": "The models learn from a random sample of at most {sample:,} customers per cutoff,"
        " stratified by churned and retained ({customers:,} customers at {train}); every"
        " customer is scored and evaluated.",
    },
    "churn_choice_trained": {
        "ja": "検証では{trained}の対数損失が{trained_loss:.3f}で、学習を使わない基準で最良の"
        "{baseline}（{baseline_loss:.3f}）を下回ったため、{trained}を選びました。",
        "en": "On the validation, {trained} reaches a log-loss of {trained_loss:.3f}, below the"
        " best baseline without training, {baseline} ({baseline_loss:.3f}), and is chosen.",
    },
    "churn_choice_baseline": {
        "ja": "検証では、学習したモデルはどれも学習を使わない基準を上回りませんでした（最良の"
        "{trained}の対数損失{trained_loss:.3f}に対し、{baseline}は{baseline_loss:.3f}）。そのため"
        "このレポートは{baseline}を使います。",
        "en": "On the validation, no trained model beats the baseline without training (best"
        " trained, {trained}: log-loss {trained_loss:.3f}; {baseline}: {baseline_loss:.3f}), so"
        " the report uses {baseline}.",
    },
    "churn_choice_overruled": {
        "ja": "ただし評価時点では、{trained}の対数損失が{baseline}より大きく、その差（95%区間 "
        "{low:.3f}〜{high:.3f}）は顧客の抽出によるばらつきを超えています。学習したモデルは検証と"
        "評価の両方で学習なしの基準を上回る必要があるため、このレポートは{baseline}を使います。",
        "en": "At the test cutoff, however, {trained} has a higher log-loss than {baseline},"
        " beyond the sampling noise of the customers (difference, 95 % interval {low:.3f} to"
        " {high:.3f}); a trained model must beat the untrained baseline at both cutoffs, so the"
        " report uses {baseline}.",
    },
    "churn_test_text": {
        "ja": "評価時点では、{model}のROC-AUCは{auc:.3f}、ブライアスキル（学習時の離反率"
        "{rate:.1%}を全員に予測する場合との比較、0より大きければ優れる）は{skill:.3f}で、予測上位10%の顧客の"
        "離反率は全体の{lift:.2f}倍です。",
        "en": "At the test cutoff, {model} reaches a ROC-AUC of {auc:.3f} and a Brier skill of"
        " {skill:.3f} against predicting the training churn rate ({rate:.1%}) for everyone"
        " (above 0: better than that constant); the top 10 % of its scores churn {lift:.2f}"
        " times as often as average.",
    },
    "churn_test_text_interval": {
        "ja": "評価時点では、{model}のROC-AUCは{auc:.3f}（95%区間 {low:.3f}〜{high:.3f}：評価時点の"
        "顧客を再抽出したときのばらつき、モデルは学習し直していません）、ブライアスキル（学習時の"
        "離反率{rate:.1%}を全員に予測する場合との比較、0より大きければ優れる）は{skill:.3f}で、"
        "予測上位10%の顧客の離反率は全体の{lift:.2f}倍です。",
        "en": "At the test cutoff, {model} reaches a ROC-AUC of {auc:.3f} (95 % interval"
        " {low:.3f} to {high:.3f}: the spread over resamples of the test customers, models not"
        " refitted) and a Brier skill of {skill:.3f} against predicting the training churn rate"
        " ({rate:.1%}) for everyone (above 0: better than that constant); the top 10 % of its"
        " scores churn {lift:.2f} times as often as average.",
    },
    "churn_test_other_better": {
        "ja": "評価時点では{other}の対数損失（{loss:.3f}）が{model}（{own:.3f}）より小さく"
        "なりました。モデルは評価の前に検証で選んだもので、評価の結果を見て選び直すことは"
        "しません。",
        "en": "At the test cutoff {other} has a lower log-loss ({loss:.3f}) than {model}"
        " ({own:.3f}); the model was chosen on the validation, before the test, and is not"
        " re-chosen on the test.",
    },
    "churn_test_other_better_clearly": {
        "ja": "評価時点では{other}の対数損失（{loss:.3f}）が{model}（{own:.3f}）より小さく、その差"
        "（{model}−{other}、95%区間 {low:.3f}〜{high:.3f}）は顧客の抽出によるばらつきを"
        "超えています。モデルは評価の前に検証で選んだもので、評価の結果を見て選び直すことはしませんが、検証では"
        "見えなかった差があることを示しています。",
        "en": "At the test cutoff {other} has a lower log-loss ({loss:.3f}) than {model}"
        " ({own:.3f}), beyond the sampling noise of the customers (difference {model} − {other},"
        " 95 % interval {low:.3f} to {high:.3f}). The model was chosen on the validation, before"
        " the test, and is not re-chosen on the test; the validation did not see this"
        " difference.",
    },
    "churn_test_other_better_noise": {
        "ja": "評価時点では{other}の対数損失（{loss:.3f}）が{model}（{own:.3f}）よりわずかに"
        "小さくなりましたが、その差（{model}−{other}、95%区間 {low:.3f}〜{high:.3f}）は顧客の抽出に"
        "よるばらつきの範囲内です。モデルは評価の前に検証で選んだものです。",
        "en": "At the test cutoff {other} has a slightly lower log-loss ({loss:.3f}) than"
        " {model} ({own:.3f}), within the sampling noise of the customers (difference {model}"
        " − {other}, 95 % interval {low:.3f} to {high:.3f}); the model was chosen on the"
        " validation, before the test.",
    },
    "churn_below_constant": {
        "ja": "{models}は、学習時の離反率{rate:.1%}を全員に予測するよりも確率の精度が劣るか"
        "同じです（ブライアスキルが0以下）。",
        "en": "{models} predict probabilities no better than the training churn rate"
        " ({rate:.1%}) for everyone (Brier skill at or below 0).",
    },
    # what a reader must not miss about the model used (trust_notes)
    "churn_auc_below_baseline": {
        "ja": "注意：評価時点では、学習を使わない基準の{baseline}のほうが顧客を離反しやすい順に"
        "正しく並べています（ROC-AUC {baseline_auc:.3f}、このページで使う{model}は{auc:.3f}）。"
        "リスク一覧の順位は、{baseline}の順位と見比べてから使ってください。",
        "en": "Note: on the test, the untrained baseline {baseline} orders customers by risk"
        " better (ROC-AUC {baseline_auc:.3f}) than {model}, which this page uses ({auc:.3f})."
        " Compare the at-risk list's order with {baseline}'s before relying on it.",
    },
    "churn_auc_chance": {
        "ja": "注意：{model}の順位づけは偶然と区別できません（ROC-AUC {auc:.3f}、95%区間の"
        "下限{low:.3f}が0.5以下）。リスク一覧の上位が本当に離反しやすい顧客だとは言えません。",
        "en": "Note: {model} ranks customers no better than chance (ROC-AUC {auc:.3f}, the"
        " lower end of its 95 % interval {low:.3f} at or below 0.5): the top of the at-risk"
        " list is not shown to churn more.",
    },
    "churn_auc_chance_point": {
        "ja": "注意：{model}の順位づけは偶然と区別できません（ROC-AUC {auc:.3f}、0.5以下）。"
        "リスク一覧の上位が本当に離反しやすい顧客だとは言えません。",
        "en": "Note: {model} ranks customers no better than chance (ROC-AUC {auc:.3f}, at or"
        " below 0.5): the top of the at-risk list is not shown to churn more.",
    },
    "churn_chosen_below_constant": {
        "ja": "注意：このページで使う{model}の離反確率は、全員に離反率{rate:.1%}を予測する"
        "よりも精度が高くありません（ブライアスキル{skill:.3f}）。確率とそれを掛けたリスク価値は"
        "目安にとどめ、金額の根拠にしないでください。",
        "en": "Note: the churn probabilities of {model}, which this page uses, are no better"
        " than predicting the churn rate ({rate:.1%}) for everyone (Brier skill"
        " {skill:.3f}); read them and the value at risk they multiply as rough guides, not"
        " as amounts to budget on.",
    },
    "churn_palive_bgnbd": {
        "ja": "BG/NBDでは1回しか購入していない顧客のP(生存)が常に1になるため、1 − P(生存)は"
        "初回購入だけの顧客をひとりも離反の恐れありとみなしません。",
        "en": "BG/NBD gives every one-time buyer P(alive) = 1, so 1 − P(alive) deems none of"
        " them at risk.",
    },
    "churn_model": {"ja": "モデル", "en": "Model"},
    "churn_roc_auc": {"ja": "ROC-AUC", "en": "ROC-AUC"},
    "churn_pr_auc": {"ja": "PR-AUC", "en": "PR-AUC"},
    "churn_roc_auc_low": {"ja": "ROC-AUC 95%区間 下限", "en": "ROC-AUC 95 % low"},
    "churn_roc_auc_high": {"ja": "ROC-AUC 95%区間 上限", "en": "ROC-AUC 95 % high"},
    "churn_pr_auc_low": {"ja": "PR-AUC 95%区間 下限", "en": "PR-AUC 95 % low"},
    "churn_pr_auc_high": {"ja": "PR-AUC 95%区間 上限", "en": "PR-AUC 95 % high"},
    "churn_log_loss": {"ja": "対数損失", "en": "Log-loss"},
    "churn_brier": {"ja": "ブライアスコア", "en": "Brier score"},
    "churn_brier_skill": {"ja": "ブライアスキル", "en": "Brier skill"},
    "churn_lift": {"ja": "上位10%リフト", "en": "Top-decile lift"},
    "churn_chosen": {"ja": "採用", "en": "Used"},
    "churn_chosen_True": {"ja": "採用", "en": "used"},
    "churn_chosen_False": {"ja": "", "en": ""},
    "churn_chart_calibration": {"ja": "予測確率と実際の離反率", "en": "Calibration"},
    "churn_perfect": {"ja": "完全一致", "en": "Perfect"},
    "churn_predicted": {"ja": "予測した離反確率", "en": "Predicted churn probability"},
    "churn_observed": {"ja": "実際の離反率", "en": "Observed churn rate"},
    "churn_chart_gains": {"ja": "ゲインチャート", "en": "Gain chart"},
    "churn_random": {"ja": "無作為", "en": "Random"},
    "churn_contacted": {"ja": "接触する顧客の割合", "en": "Share of customers contacted"},
    "churn_found": {"ja": "捕捉した離反者の割合", "en": "Share of churners found"},
    "churn_explain_heading": {"ja": "離反の要因", "en": "What drives churn"},
    "churn_explain_sample": {
        "ja": "特徴量の重要度と部分依存は、{test}時点の対象顧客{customers:,}人から無作為に抽出した"
        "最大{sample:,}人（離反・継続の割合を保つ層化抽出）で計算しています。",
        "en": "The importance and the partial dependence are computed on a random sample of at"
        " most {sample:,} of the {customers:,} customers at {test}, stratified by churned and"
        " retained.",
    },
    "churn_explained_model": {
        "ja": "以下は、このレポートが使うモデル（{model}）の説明です。",
        "en": "The explanations below are those of the model the report uses ({model}).",
    },
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
    "churn_value_at_risk_definition": {
        "ja": "リスク価値＝離反確率（{model}）×継続した場合のLTV。継続した場合のLTVは、予測LTVを"
        "同じ購入回数モデル（{counts}）のP(生存)で割ったもので、まだ顧客であるとした場合の将来価値"
        "です。予測LTVには離脱の可能性がすでに含まれているため、離反確率×予測LTVでは離反を二重に"
        "数えてしまいます。",
        "en": "Value at risk = churn probability ({model}) × CLV if retained, the expected CLV"
        " divided by P(alive) from the same purchase model ({counts}): the future value of the"
        " customer if still a customer. The expected CLV already allows for leaving, so churn"
        " probability × CLV would count churn twice.",
    },
    "churn_at_risk_text": {
        "ja": "{end}時点の{customers:,}人（予測LTVの合計{clv}）について、失われうる価値"
        "（リスク価値）は合計{total}で、上位{top}人で{top_share:.0%}を占めます。",
        "en": "For {customers:,} customers at {end} (expected CLV {clv} in total), the value at"
        " risk totals {total}; the top {top} hold {top_share:.0%} of it.",
    },
    "churn_customer_id": {"ja": "顧客ID", "en": "Customer ID"},
    "churn_name": {"ja": "氏名（マスク済）", "en": "Name (masked)"},
    "churn_clv": {"ja": "予測LTV", "en": "Expected CLV"},
    "churn_p_alive": {"ja": "P(生存)", "en": "P(alive)"},
    "churn_value_if_retained": {"ja": "継続した場合のLTV", "en": "CLV if retained"},
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
