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
    "ltv_holdout": {"ja": "予測精度（検証期間）", "en": "Holdout check"},
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
    "ltv_deliveries_excluded": {
        "ja": "定期便の配送（{rows:,}行）は購買回数に数えていません。定期便は解約されるまで"
        "周期どおりに届くもので、購買回数モデルが想定する「不規則な購入と、購入のたびの離脱」"
        "とは別の仕組みだからです。継続中の定期便は、コース別の解約モデル（sBG）で"
        "残りの配送を予測して価値に加えます。",
        "en": "Subscription (定期便) deliveries ({rows:,} rows) are not counted as purchases: "
        "they arrive on a renewal schedule until cancelled, not as the irregular purchases "
        "with a chance of leaving after each that the purchase-count models assume. Running "
        "subscriptions are valued on their own, by each plan's retention model (sBG).",
    },
    "ltv_holdout_deliveries": {
        "ja": "定期便：{cal:%Y-%m-%d}時点で継続中の{subscriptions:,}件について、検証期間の配送を"
        "解約モデル（sBG）は{expected:,.0f}回と予測し、実績は{actual:,.0f}回でした"
        "（誤差{error:+.1f}%）。",
        "en": "Subscriptions: for the {subscriptions:,} running on {cal:%Y-%m-%d}, the "
        "retention model (sBG) expected {expected:,.0f} deliveries in the holdout; "
        "{actual:,.0f} were made ({error:+.1f} %).",
    },
    "ltv_value_deliveries": {
        "ja": "このうち{value}（{share:.1%}）は、継続中の定期便{subscribers:,}人の今後の配送分"
        "（解約モデルsBGの予測、同じ割引率）です。定期便の契約者は稼働中として扱います。"
        "区間はsBGのパラメータの不確実性を含みません。",
        "en": "Of this, {value} ({share:.1%}) is the future deliveries of the {subscribers:,} "
        "customers with a running subscription (the sBG retention model, same discount "
        "rate). A subscriber counts as active. The intervals leave out the sBG's parameter "
        "uncertainty.",
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
    "ltv_model_mbgnbd": {"ja": "MBG/NBD", "en": "MBG/NBD"},
    "ltv_model_latent_class": {"ja": "潜在クラスMBG/NBD", "en": "Latent-class MBG/NBD"},
    "ltv_classes_n": {"ja": "クラス数", "en": "Classes"},
    "ltv_latent_classes": {
        "ja": "潜在クラスMBG/NBDは、顧客がいくつかの隠れた集団（クラス）から成り、集団ごとに"
        "購買頻度と離脱確率の分布が異なるとするモデルです。クラス数は1〜{tried}の中からBIC"
        "（ベイズ情報量規準）が最小のものを選び、{classes}クラスとなりました（1クラスなら"
        "MBG/NBDと同じです）。",
        "en": "The latent-class MBG/NBD lets customers come from a few hidden groups (classes), "
        "each with its own distributions of purchase rate and dropout probability. The number "
        "of classes is the one of 1 to {tried} with the lowest BIC (Bayesian information "
        "criterion): {classes} (with 1 class it is MBG/NBD itself).",
    },
    "ltv_fit_empty_class": {
        "ja": "ほぼ顧客のいないクラスがあり、そのパラメータがデータで決まらない",
        "en": "A class holds almost no customers: its parameters are not informed",
    },
    "ltv_fit_status": {"ja": "推定の状態", "en": "Fit"},
    "ltv_fit_identified": {"ja": "識別できた", "en": "Identified"},
    "ltv_fit_ridge": {
        "ja": "尾根上でパラメータが発散し、最大点がない",
        "en": "On a ridge: a parameter runs off, no maximum",
    },
    "ltv_fit_not_converged": {"ja": "最適化が収束しなかった", "en": "Optimiser did not converge"},
    "ltv_fit_not_negative_definite": {
        "ja": "ヘッセ行列が負定値でなく、最大点でない",
        "en": "Hessian not negative definite: not a maximum",
    },
    "ltv_fit_ill_conditioned": {
        "ja": "情報行列がほぼ特異で、データで決まらない方向がある",
        "en": "Information nearly singular: a direction the data do not inform",
    },
    "ltv_se_none": {"ja": "—", "en": "—"},
    "ltv_not_identified": {
        "ja": "{model}の推定は識別できません（理由：{reason}）。標準誤差は「—」とし、0とは"
        "示しません。",
        "en": "{model}: the fit is not identified ({reason}). Its standard errors are shown "
        "as '—', never as 0.",
    },
    "ltv_choice": {"ja": "購買回数モデルの比較と選択", "en": "Choosing the purchase-count model"},
    "ltv_choice_rule": {
        "ja": "購買回数モデルは次の規則で選びます。推定が識別できたモデルのうち、学習期間末の"
        "稼働確率P(alive)が、検証期間に再び購入した顧客とそうでない顧客を最もよく分けるもの"
        "（ROC-AUC。検証期間の購入は、その顧客が学習期間末に稼働していた証拠です）。AUCの差が"
        "{tie:.2f}未満のモデルは同等とみなし、検証期間の購入回数の顧客別誤差（RMSE）が小さい方を"
        "選びます。",
        "en": "The purchase-count model is chosen by a stated rule: among the fits that are "
        "identified, the one whose P(alive) at the calibration end best separates the customers "
        "who bought again in the holdout from those who did not (ROC-AUC; a holdout purchase "
        "proves the customer was still active). AUCs within {tie:.2f} of the best are a tie, "
        "broken by the lower per-customer error (RMSE) of holdout purchases.",
    },
    "ltv_choice_auc": {
        "ja": "採用したのは{model}で、稼働確率・LTV・離反リスクの一覧に使います。そのP(alive)の"
        "AUCは{auc:.3f}（次点の{runner}は{runner_auc:.3f}）、検証期間の購入合計の誤差は"
        "{error:+.1f}%です。",
        "en": "{model} is chosen and drives P(alive), CLV and the at-risk list: its P(alive) "
        "has an AUC of {auc:.3f} (next best, {runner}: {runner_auc:.3f}) and its holdout total "
        "is {error:+.1f} % off.",
    },
    "ltv_choice_only": {
        "ja": "推定が識別できたのは{model}だけのため、これを採用します（P(alive)のAUC {auc:.3f}、"
        "検証期間の購入合計の誤差{error:+.1f}%）。",
        "en": "{model} is the only model whose fit is identified and is chosen (P(alive) AUC "
        "{auc:.3f}, holdout total {error:+.1f} % off).",
    },
    "ltv_choice_aic": {
        "ja": "検証期間に購入した顧客（または購入しなかった顧客）がおらずP(alive)を確かめられない"
        "ため、AICが最小の{model}を採用します。",
        "en": "The holdout has no buyers (or no non-buyers) to check P(alive) against, so "
        "{model}, with the lowest AIC, is chosen.",
    },
    "ltv_choice_none_identified": {
        "ja": "どのモデルの推定も識別できないため、すべてを比較しました。{model}の予測は"
        "参考値として扱ってください。",
        "en": "No fit is identified, so all models competed; treat {model}'s predictions with "
        "caution.",
    },
    "ltv_choice_tradeoff": {
        "ja": "検証期間の購入回数の顧客別誤差は{other}の方が小さい（RMSE {other_rmse:.3f}、"
        "{model}は{rmse:.3f}）ものの、P(alive)の判別で{model}を選んでいます。",
        "en": "{other} has the lower per-customer holdout error (RMSE {other_rmse:.3f} against "
        "{rmse:.3f}); {model} is kept for its better P(alive).",
    },
    "ltv_choice_set": {
        "ja": "ただし設定（params.ltv.count_model）により{model}を使います（規則による選択は"
        "{rule}）。",
        "en": "The parameters (params.ltv.count_model) set {model} instead (the rule chose "
        "{rule}).",
    },
    "ltv_parameters_n": {"ja": "パラメータ数", "en": "Parameters"},
    "ltv_aic": {"ja": "AIC", "en": "AIC"},
    "ltv_mean_p_alive": {"ja": "平均稼働確率", "en": "Mean P(alive)"},
    "ltv_p_alive_auc": {
        "ja": "P(alive)のAUC（検証期間の再購入）",
        "en": "P(alive) AUC (holdout buyers)",
    },
    "ltv_rmse": {"ja": "顧客別RMSE", "en": "RMSE per customer"},
    "ltv_chosen": {"ja": "採用", "en": "Chosen"},
    "ltv_chosen_mark": {"ja": "採用", "en": "chosen"},
    "ltv_holdout_models_text": {
        "ja": "検証期間の実際のリピート購入は{actual:,.0f}回。予測はBG/NBDが{bgnbd:,.0f}回、"
        "MBG/NBDが{mbgnbd:,.0f}回、Pareto/NBDが{pareto_nbd:,.0f}回、潜在クラスMBG/NBDが"
        "{latent_class:,.0f}回で、採用した{model}の誤差は{error:+.1f}%です。",
        "en": "In the holdout customers made {actual:,.0f} repeat purchases; BG/NBD predicted "
        "{bgnbd:,.0f}, MBG/NBD {mbgnbd:,.0f}, Pareto/NBD {pareto_nbd:,.0f} and the "
        "latent-class MBG/NBD {latent_class:,.0f}: the chosen {model} is {error:+.1f} % off.",
    },
    "ltv_holdout_closest": {
        "ja": "購入合計に最も近いのは{other}です（誤差{other_error:+.1f}%）。",
        "en": "{other} comes closest to the holdout total ({other_error:+.1f} %).",
    },
    "ltv_alive_chosen_text": {
        "ja": "{model}によると、学習期間末の稼働確率の平均は{mean:.1%}で、顧客の{share:.1%}は"
        "稼働確率が50%未満です。",
        "en": "By {model}, mean P(alive) at the calibration end is {mean:.1%}, and {share:.1%} "
        "of customers are below 50 %.",
    },
    "ltv_alive_one_time": {
        "ja": "一度しか購入していない顧客（{customers:,}人）の稼働確率の平均は{mean:.1%}です。",
        "en": "One-time buyers ({customers:,}) have a mean P(alive) of {mean:.1%}.",
    },
    "ltv_alive_bgnbd_caveat": {
        "ja": "BG/NBDは、一度しか購入していない顧客を必ず稼働中とみなします（離脱は再購入の後に"
        "しか起きない前提）。",
        "en": "BG/NBD deems every one-time buyer active: it lets customers drop out only after "
        "a repeat purchase.",
    },
    "ltv_holdout_interval_text": {
        "ja": "{model}による検証期間のリピート購入の予測は{point:,.0f}回、{level:.0%}予測区間は"
        "{low:,.0f}〜{high:,.0f}回です。",
        "en": "{model} predicts {point:,.0f} repeat purchases in the holdout; the {level:.0%} "
        "prediction interval is {low:,.0f}–{high:,.0f}.",
    },
    "ltv_holdout_interval_inside": {
        "ja": "実績の{actual:,.0f}回はこの区間に入っています。",
        "en": "The actual {actual:,.0f} lies inside it.",
    },
    "ltv_holdout_interval_above": {
        "ja": "実績の{actual:,.0f}回は区間の上限を超えています。モデルは、自身の不確実性で"
        "説明できる以上に購入を少なく見積もっており、データにはモデルが捉えていない変化があります。",
        "en": "The actual {actual:,.0f} lies above it: the model under-predicts by more than "
        "its own uncertainty explains, so the data hold something the model does not.",
    },
    "ltv_holdout_interval_below": {
        "ja": "実績の{actual:,.0f}回は区間の下限を下回っています。モデルは、自身の不確実性で"
        "説明できる以上に購入を多く見積もっており、データにはモデルが捉えていない変化があります。",
        "en": "The actual {actual:,.0f} lies below it: the model over-predicts by more than "
        "its own uncertainty explains, so the data hold something the model does not.",
    },
    "ltv_holdout_interval_meaning": {
        "ja": "予測区間は、パラメータ推定の不確実性に加えて購買そのものの偶然の変動を含みます。"
        "パラメータ区間（{low:,.0f}〜{high:,.0f}回）はパラメータの不確実性だけを表すため、"
        "実際の合計がこの中に入るとは限りません。",
        "en": "The prediction interval covers the uncertainty of the estimated parameters and "
        "the purchase process's own noise; the parameter interval ({low:,.0f}–{high:,.0f}) "
        "covers parameter uncertainty only, so an actual total need not fall in it.",
    },
    "ltv_holdout_draws_normal": {
        "ja": "パラメータは対数パラメータの共分散（観測情報量の逆行列）に基づく多変量正規分布から"
        "{draws:,}回抽出し、抽出ごとに全顧客の購買を各自の履歴からシミュレーションしました。",
        "en": "The parameters are {draws:,} draws from a multivariate normal on the log "
        "parameters (inverse observed information); each draw is followed by a simulation of "
        "every customer's purchases given their own history.",
    },
    "ltv_holdout_draws_bootstrap": {
        "ja": "推定が識別されていない（共分散がない）ため、パラメータは顧客を復元抽出した"
        "{n_boot:,}回の再推定（収束しなかった{n_failed:,}回を除く）から得て、{draws:,}回の"
        "購買シミュレーションに使いました。",
        "en": "The fit is not identified (it has no covariance), so the parameters come from "
        "{n_boot:,} refits on customers resampled with replacement ({n_failed:,} that did not "
        "converge left out), behind {draws:,} simulations of the purchases.",
    },
    "ltv_holdout_interval_rounded": {
        "ja": "計算量を抑えるため、区間の計算ではrecencyとTを{grid:.1f}{unit}単位に丸めました"
        "（点予測は丸めない履歴のものです）。",
        "en": "To bound the work, the intervals round recency and T to {grid:.1f} {unit} (the "
        "point prediction uses the exact histories).",
    },
    "ltv_holdout_interval_capped": {
        "ja": "同じ履歴の顧客は1つの履歴につき最大{simulated:,}人をシミュレーションし、その変動を"
        "人数に合わせて拡大しました（合計の平均と分散は正確です）。",
        "en": "At most {simulated:,} customers are simulated per history, their deviations "
        "scaled to its size (the total's mean and variance stay exact).",
    },
    "ltv_clv_interval_note": {
        "ja": "顧客ごとのLTVの区間（下限〜上限）は購買回数モデルのパラメータの不確実性だけを表す"
        "{level:.0%}区間で、購入単価は推定値に固定しています。注文回数の区間は、予測期間に実際に"
        "発生する注文回数の{level:.0%}予測区間（購買の偶然の変動を含む）です。",
        "en": "A customer's CLV low–high is the {level:.0%} interval from the purchase model's "
        "parameter uncertainty only, the spend per order held at its estimate; orders low–high "
        "is the {level:.0%} prediction interval of the orders the customer will actually "
        "place in the horizon (the purchase process's noise included).",
    },
    "ltv_clv_low": {"ja": "LTV（下限）", "en": "CLV, low"},
    "ltv_clv_high": {"ja": "LTV（上限）", "en": "CLV, high"},
    "ltv_orders_low": {"ja": "注文回数（下限）", "en": "Orders, low"},
    "ltv_orders_high": {"ja": "注文回数（上限）", "en": "Orders, high"},
    "ltv_chart_holdout_interval": {
        "ja": "検証期間のリピート購入の合計：パラメータ区間と予測区間",
        "en": "Total holdout purchases: parameter and prediction intervals",
    },
    "ltv_parameter_interval": {
        "ja": "期待値（パラメータの不確実性のみ）",
        "en": "Expected total (parameter uncertainty only)",
    },
    "ltv_prediction_interval": {
        "ja": "実現値（パラメータと購買の偶然の変動）",
        "en": "Realised total (parameters and purchase noise)",
    },
    "ltv_holdout_total": {"ja": "検証期間のリピート購入の合計", "en": "Total holdout purchases"},
    "ltv_simulations": {"ja": "シミュレーション回数", "en": "Simulations"},
    "ltv_spend": {"ja": "購入単価のモデル", "en": "Spend per purchase"},
    "ltv_model_lognormal": {
        "ja": "対数正規（全顧客へ縮約）",
        "en": "Log-normal (shrunk toward all customers)",
    },
    "ltv_model_lognormal_by_frequency": {
        "ja": "対数正規（購買回数帯へ縮約）",
        "en": "Log-normal (shrunk toward the frequency band)",
    },
    "ltv_spend_dependent": {
        "ja": "Gamma-Gammaモデルは、購入単価が購買回数と無関係であることを前提とします。"
        "リピート顧客{customers:,}人での尤度比検定はこの前提を棄却しました"
        "（χ²={statistic:.1f}、自由度1、p {p}）。購買回数が2倍になると平均購入単価は"
        "{ratio:.2f}倍になります（弾力性β={beta:+.2f}、標準誤差{se:.2f}）。",
        "en": "The Gamma-Gamma model assumes that spend per purchase does not depend on how "
        "often a customer buys. A likelihood-ratio test on {customers:,} repeat customers "
        "rejects this (chi-squared = {statistic:.1f}, 1 df, p {p}): when "
        "frequency doubles, mean spend per purchase changes by a factor of {ratio:.2f} "
        "(elasticity beta = {beta:+.2f}, standard error {se:.2f}).",
    },
    "ltv_spend_independent": {
        "ja": "Gamma-Gammaモデルは、購入単価が購買回数と無関係であることを前提とします。"
        "リピート顧客{customers:,}人での尤度比検定はこの前提を棄却しませんでした"
        "（χ²={statistic:.1f}、自由度1、p {p}；購買回数が2倍のときの平均購入単価は"
        "{ratio:.2f}倍、弾力性β={beta:+.2f}、標準誤差{se:.2f}）。前提と矛盾しないというだけで、"
        "前提が正しいことの証明ではありません。",
        "en": "The Gamma-Gamma model assumes that spend per purchase does not depend on how "
        "often a customer buys. A likelihood-ratio test on {customers:,} repeat customers "
        "does not reject this (chi-squared = {statistic:.1f}, 1 df, p {p}; mean "
        "spend changes by a factor of {ratio:.2f} when frequency doubles, elasticity beta = "
        "{beta:+.2f}, standard error {se:.2f}). The data are consistent with the "
        "assumption; that does not prove it.",
    },
    "ltv_spend_untested": {
        "ja": "リピート顧客の購買回数にばらつきがないため、購入単価と購買回数の独立性は"
        "検定できませんでした。",
        "en": "Repeat customers do not differ enough in frequency to test whether spend "
        "depends on it.",
    },
    "ltv_spend_chosen": {
        "ja": "LTVの購入単価には「{model}」を使います。検証期間の購入単価を最も正確に予測した"
        "モデルです（購入回数で加重した二乗平均平方根誤差{rmse}、Gamma-Gammaは{baseline_rmse}）。",
        "en": "CLV uses '{model}' for spend per purchase: of the spend models it predicted "
        "holdout spend per purchase best (root-mean-square error weighted by purchases "
        "{rmse}, against {baseline_rmse} for Gamma-Gamma).",
    },
    "ltv_spend_baseline_best": {
        "ja": "LTVの購入単価にはGamma-Gammaを使います。検証期間の購入単価の誤差（{rmse}）が"
        "どの代替モデルより小さかったためです（最良の代替「{other}」は{other_rmse}）。",
        "en": "CLV uses Gamma-Gamma for spend per purchase: no alternative predicted holdout "
        "spend per purchase better (error {rmse}; the best alternative, '{other}', "
        "{other_rmse}).",
    },
    "ltv_spend_bias": {
        "ja": "検証期間に購入した顧客の購入金額の合計に対し、このモデルの予測は{bias:+.1f}%ずれて"
        "います（Gamma-Gammaは{baseline_bias:+.1f}%）。",
        "en": "Summed over the customers who bought in the holdout, its predicted spend is "
        "{bias:+.1f} % off the actual (Gamma-Gamma {baseline_bias:+.1f} %).",
    },
    "ltv_spend_baseline_only": {
        "ja": "LTVの購入単価にはGamma-Gammaを使います。このデータでは他の購入単価モデルを"
        "推定できませんでした。",
        "en": "CLV uses Gamma-Gamma for spend per purchase: no other spend model could be "
        "fitted on these data.",
    },
    "ltv_spend_few_holdout": {
        "ja": "検証期間に購入した顧客が{customers:,}人と少ないため購入単価のモデルを比較できず、"
        "LTVには基準のGamma-Gammaを使います。",
        "en": "Only {customers:,} customers bought in the holdout, too few to compare spend "
        "models: CLV uses Gamma-Gamma, the baseline.",
    },
    "ltv_spend_set": {
        "ja": "LTVの購入単価には、パラメータ（params.ltv.spend_model）で指定された「{model}」を"
        "使います。下の比較は参考です。",
        "en": "CLV uses '{model}' for spend per purchase, as set in the parameters "
        "(params.ltv.spend_model); the comparison below is for reference.",
    },
    "ltv_spend_one_time": {
        "ja": "1回だけ購入した顧客の予想購入単価は平均{value}です（「{model}」）。Gamma-Gammaでは"
        "リピート顧客の平均である{baseline}になります。",
        "en": "One-time buyers are expected to spend {value} per purchase on average "
        "('{model}'); Gamma-Gamma gives them the mean of repeat customers, {baseline}.",
    },
    "ltv_spend_models_note": {
        "ja": "Gamma-Gammaは2回目以降の購入だけで学習します。対数正規モデルは初回を含むすべての"
        "購入日を使い、顧客自身の平均を全顧客（または同じ購買回数帯の顧客）の分布へ縮約します。"
        "誤差は検証期間に購入した顧客の購入1回あたりの金額で測ります。",
        "en": "Gamma-Gamma learns from repeat purchases only. The log-normal models use "
        "every purchase day, the first included, and shrink each customer's own mean toward "
        "the spend of all customers (or of customers in the same frequency band). Errors are "
        "measured on spend per purchase of the customers who bought in the holdout.",
    },
    "ltv_spend_holdout_customers": {
        "ja": "検証期間の購入者数",
        "en": "Customers buying in the holdout",
    },
    "ltv_spend_rmse": {"ja": "誤差（RMSE）", "en": "Error (RMSE)"},
    "ltv_spend_mae": {"ja": "平均絶対誤差", "en": "Mean absolute error"},
    "ltv_spend_bias_pct": {"ja": "偏り（%）", "en": "Bias (%)"},
    "ltv_spend_one_time_rmse": {
        "ja": "1回購入客の誤差（RMSE）",
        "en": "Error among one-time buyers (RMSE)",
    },
    "ltv_spend_one_time_expected": {
        "ja": "1回購入客の予想購入単価",
        "en": "Expected spend of one-time buyers",
    },
    "ltv_chart_spend_by_band": {
        "ja": "学習期間のリピート購入回数別：検証期間の購入単価（実績と予測）",
        "en": "Holdout spend per purchase by repeat purchases in calibration: actual vs predicted",
    },
    "ltv_spend_per_purchase_in": {
        "ja": "購入1回あたりの金額（{unit}）",
        "en": "Spend per purchase ({unit})",
    },
    "ltv_clv_net_of_returns": {
        "ja": "返品・返金は差し引いています：これまでの購入金額の{share:.1%}が返金されており、"
        "今後も同じ割合と仮定しています。",
        "en": "Returns are deducted: {share:.1%} of gross purchases to date were refunded, "
        "and CLV assumes the same share of future purchases will be.",
    },
    "ltv_clv_returns_not_deducted": {
        "ja": "返品・返金は差し引いていません"
        "（これまでの購入金額の{share:.1%}が返金されています）。",
        "en": "Returns are not deducted ({share:.1%} of gross purchases to date were refunded).",
    },
    "ltv_clv_no_returns": {
        "ja": "データに返品・返金がないため、返品控除前後の金額は同じです。",
        "en": "The data has no returns, so CLV is the same gross or net of returns.",
    },
    "ltv_plan_monthly": {"ja": "毎月お届け", "en": "Monthly"},
    "ltv_plan_bimonthly": {"ja": "隔月お届け", "en": "Every two months"},
    "ltv_category_skincare": {"ja": "スキンケア", "en": "Skincare"},
    "ltv_category_supplement": {"ja": "サプリメント", "en": "Supplements"},
    "ltv_category_makeup": {"ja": "メイクアップ", "en": "Make-up"},
    "ltv_category_bodycare": {"ja": "ボディケア", "en": "Body care"},
    "ltv_all_customers": {"ja": "全顧客", "en": "All customers"},
    "ltv_interval_low": {"ja": "95%区間（下限）", "en": "95 % interval, low"},
    "ltv_interval_high": {"ja": "95%区間（上限）", "en": "95 % interval, high"},
    "ltv_intervals_separate": {
        "ja": "両者の95%区間は重ならず、差は顧客の抽出による誤差より大きいといえます。",
        "en": "Their 95 % intervals do not overlap: the difference is larger than sampling noise.",
    },
    "ltv_intervals_overlap": {
        "ja": "両者の95%区間は重なっており、このデータだけでは差があるとはいえません。",
        "en": "Their 95 % intervals overlap: the data do not establish a difference.",
    },
    "ltv_acquisition_channel_col": {"ja": "獲得チャネル", "en": "Acquisition channel"},
    "ltv_teiki_retention": {
        "ja": "定期便の回数別継続率",
        "en": "Subscription retention by delivery count",
    },
    "ltv_teiki_drop_text": {
        "ja": "「{plan}」（{days}日ごと、{started:,}件）：初回から2回目までに{drop12:.1%}、"
        "2回目から3回目までに{drop23:.1%}が離脱し、3回目のお届けまで続いたのは{share3:.1%}です"
        "（判定できた定期便は2回目{n2:,}件、3回目{n3:,}件）。",
        "en": "'{plan}' (every {days} days, {started:,} subscriptions): {drop12:.1%} drop off "
        "between the 1st and the 2nd delivery and {drop23:.1%} between the 2nd and the 3rd; "
        "{share3:.1%} of those started received a 3rd delivery ({n2:,} subscriptions old "
        "enough to tell for the 2nd, {n3:,} for the 3rd).",
    },
    "ltv_teiki_largest_drop": {
        "ja": "「{plan}」で離脱がもっとも多いのは{previous}回目から{k}回目の間（{drop:.1%}）です。",
        "en": "'{plan}' loses the most between delivery {previous} and {k} ({drop:.1%}).",
    },
    "ltv_teiki_too_recent": {
        "ja": "「{plan}」は開始から日が浅い定期便ばかりで、"
        "{k}回目までの継続率をまだ判定できません。",
        "en": "'{plan}' has no subscriptions old enough yet to tell retention to delivery {k}.",
    },
    "ltv_teiki_censoring_note": {
        "ja": "k回目の継続率の分母は、k回目のお届け予定日（開始日＋(k−1)×更新日数）に{grace}日の"
        "猶予を足した日が観測終了日までに来た定期便だけです。開始が新しく判定できない定期便"
        "（{k}回目では{censored:,}件）は分母から除いています。お届けはチャネル「{channel}」の"
        "注文（同じ日は1回）で数えます。スキップ（お休み）でお届けが遅れている継続中の定期便は、"
        "その回にまだ届いていないものとして数えます。",
        "en": "The share for delivery k counts only subscriptions whose k-th scheduled delivery "
        "(start + (k − 1) × the renewal days) plus {grace} days of grace fell on or before the "
        "observation end; those started too recently to tell ({censored:,} for delivery {k}) "
        "are left out of its denominator. Deliveries are orders of channel '{channel}' (one "
        "a day). A running subscription whose delivery was delayed by a skip counts as not "
        "yet having reached it.",
    },
    "ltv_teiki_no_deliveries": {
        "ja": "取引データにチャネル「{channel}」の注文がないため、"
        "定期便のお届け回数を数えられません"
        "（お届けのチャネルは business.subscription_channel で指定します）。",
        "en": "The transactions hold no orders of channel '{channel}', so subscription "
        "deliveries cannot be counted (the channel of deliveries is "
        "business.subscription_channel).",
    },
    "ltv_delivery": {"ja": "お届け回数（回目）", "en": "Delivery"},
    "ltv_eligible": {"ja": "判定できた件数", "en": "Old enough to tell"},
    "ltv_censored": {"ja": "開始が新しく判定前", "en": "Too recent to tell"},
    "ltv_reached": {"ja": "その回まで届いた件数", "en": "Received it"},
    "ltv_retention_share": {"ja": "継続率（開始時比）", "en": "Retention (of started)"},
    "ltv_step_retention": {"ja": "前回からの継続率", "en": "From the previous delivery"},
    "ltv_chart_delivery_retention": {
        "ja": "回数別継続率：開始した定期便のうち、その回のお届けを受けた割合",
        "en": "Retention by delivery count: share of subscriptions started that received "
        "each delivery",
    },
    "ltv_upgrade": {
        "ja": "引き上げ率（お試し・単品購入から定期便へ）",
        "en": "Conversion from a first order to a subscription",
    },
    "ltv_upgrade_text": {
        "ja": "初回購入が定期便以外（お試し・単品購入）だった{customers:,}人のうち、{rate:.1%}"
        "（{converted:,}人）が{days}日以内に定期便を始めました（95%区間 {low:.1%}〜{high:.1%}）。",
        "en": "Of {customers:,} customers whose first order was not a subscription (a trial or "
        "one-off purchase), {rate:.1%} ({converted:,}) started a subscription within {days} "
        "days (95 % interval {low:.1%}–{high:.1%}).",
    },
    "ltv_upgrade_definition": {
        "ja": "初回購入は最初の購入日（返品を除く）で、その日に定期便のお届けがなく、それより前に"
        "始めた定期便もない顧客が対象です。初回購入から{days}日がまだ経っていない{recent:,}人は"
        "判定できないため除いています。区間はWilsonの方法による比率の95%信頼区間で、顧客の"
        "抽出による誤差だけを表します。",
        "en": "A first order is the first purchase day (returns excluded); customers counted "
        "had no subscription delivery that day and no subscription started before it. "
        "{recent:,} customers whose first purchase is less than {days} days before the "
        "observation end cannot be judged yet and are left out. The interval is the 95 % "
        "Wilson interval of a proportion: sampling uncertainty only.",
    },
    "ltv_upgrade_by_text": {
        "ja": "{group}別では「{best}」がもっとも高く（{best_rate:.1%}、区間 {best_low:.1%}〜"
        "{best_high:.1%}）、「{worst}」がもっとも低い（{worst_rate:.1%}、区間 {worst_low:.1%}〜"
        "{worst_high:.1%}）です。",
        "en": "By {group}, '{best}' converts most ({best_rate:.1%}, interval {best_low:.1%}–"
        "{best_high:.1%}) and '{worst}' least ({worst_rate:.1%}, interval {worst_low:.1%}–"
        "{worst_high:.1%}).",
    },
    "ltv_upgrade_none": {
        "ja": "初回購入から{days}日以上経ったお試し・単品購入の顧客がいないため、"
        "引き上げ率を計算できません。",
        "en": "No customer with a trial or one-off first order is {days} days past it yet, so "
        "the conversion rate cannot be computed.",
    },
    "ltv_upgrade_no_subscriptions": {
        "ja": "定期便のテーブルがないため、引き上げ率は計算できません。",
        "en": "There is no subscriptions table, so the conversion to a subscription is skipped.",
    },
    "ltv_upgrade_no_customers": {
        "ja": "顧客マスタがないため、獲得チャネル別の引き上げ率は省略します。",
        "en": "There is no customers table, so the conversion by acquisition channel is skipped.",
    },
    "ltv_first_category": {"ja": "初回購入のカテゴリ", "en": "first-order category"},
    "ltv_first_category_col": {"ja": "初回購入のカテゴリ", "en": "First-order category"},
    "ltv_converted": {"ja": "定期便を開始", "en": "Started a subscription"},
    "ltv_upgrade_rate": {"ja": "引き上げ率", "en": "Conversion rate"},
    "ltv_chart_upgrade": {
        "ja": "{group}別の引き上げ率（{days}日以内、95%区間）",
        "en": "Conversion to a subscription within {days} days by {group} (95 % interval)",
    },
    "ltv_cumulative": {
        "ja": "累積LTV（獲得からの経過月数別）",
        "en": "Time-series LTV: value by months since acquisition",
    },
    "ltv_months_value": {"ja": "{months}か月で{value}", "en": "{value} by month {months}"},
    "ltv_cumulative_text": {
        "ja": "獲得（初回購入）からの1人あたり累積LTVは、{values}です（全顧客）。",
        "en": "Per customer acquired, cumulative value since the first purchase is {values} "
        "(all customers).",
    },
    "ltv_cumulative_note": {
        "ja": "各月数の値は、観測終了日までにその月数が経った顧客だけの平均です（{months}か月の値は"
        "{acquired_by:%Y-%m-%d}までに獲得した{customers:,}人）。長い月数ほど早い時期に獲得した顧客"
        "だけで計算するため、線は同じ顧客の推移ではありません。返品を差し引いた実績で、割引はして"
        "いません。区間は平均の95%信頼区間（正規近似、顧客の抽出による誤差）です。",
        "en": "Each horizon averages only the customers who had been acquired that many months "
        "before the observation end (the {months}-month value: {customers:,} customers "
        "acquired by {acquired_by:%Y-%m-%d}), so longer horizons rest on earlier cohorts and "
        "a line is not one group of customers followed over time. Actual revenue net of "
        "returns, undiscounted. Intervals are 95 % intervals of the mean (normal "
        "approximation, sampling uncertainty).",
    },
    "ltv_cumulative_unreached": {
        "ja": "{months}か月に達した顧客はまだいないため、その値は示していません。",
        "en": "No customer has reached {months} months yet, so those horizons are not shown.",
    },
    "ltv_cumulative_none": {
        "ja": "購入のある顧客がいないため、累積LTVを計算できません。",
        "en": "No customer has a purchase, so there is no cumulative value.",
    },
    "ltv_cumulative_no_customers": {
        "ja": "顧客マスタがないため、獲得チャネル別の累積LTVは省略し、全顧客の値だけを示します。",
        "en": "There is no customers table: cumulative value is shown for all customers only, "
        "not by acquisition channel.",
    },
    "ltv_months_since": {"ja": "獲得からの月数", "en": "Months since acquisition"},
    "ltv_cumulative_value": {"ja": "1人あたり累積LTV", "en": "Cumulative value per customer"},
    "ltv_cumulative_value_in": {
        "ja": "1人あたり累積LTV（{unit}）",
        "en": "Cumulative value per customer ({unit})",
    },
    "ltv_chart_cumulative": {
        "ja": "獲得チャネル別の累積LTV（1人あたり）",
        "en": "Cumulative value per customer by acquisition channel",
    },
    "ltv_cpo": {
        "ja": "限界CPO（獲得1人あたりにかけられる費用の上限）",
        "en": "Maximum acquisition cost per customer (break-even CPA)",
    },
    "ltv_basis_margin": {"ja": "粗利", "en": "gross margin"},
    "ltv_basis_revenue": {"ja": "売上", "en": "revenue"},
    "ltv_cpo_text": {
        "ja": "獲得から{months}か月の{basis}で見ると、1人の獲得にかけられる費用の上限（損益分岐の"
        "CPA、利益目標を置く前）は全顧客の平均で{value}です（95%区間 {low}〜{high}）。",
        "en": "On {months} months of {basis}, the most the company can pay to acquire one "
        "customer and break even (break-even CPA, before any profit target) is {value} on "
        "average ({low}–{high}, 95 % interval).",
    },
    "ltv_cpo_target": {
        "ja": "その{share:.0%}を利益として残す場合、上限は{value}です（表の限界CPOはこの値）。",
        "en": "Keeping {share:.0%} of it as profit, the ceiling is {value} (the maximum CPO in "
        "the table).",
    },
    "ltv_cpo_by_channel_text": {
        "ja": "獲得チャネル別では「{best}」の上限がもっとも高く{best_value}、「{worst}」がもっとも"
        "低く{worst_value}です。",
        "en": "By acquisition channel, '{best}' supports the highest cost ({best_value}) and "
        "'{worst}' the lowest ({worst_value}).",
    },
    "ltv_cpo_revenue_warning": {
        "ja": "粗利率（business.gross_margin）が設定されていない（1）ため、この上限は粗利ではなく"
        "売上にもとづいており、実際にかけられる費用より大きく出ます。粗利率を設定してください。",
        "en": "The gross margin rate (business.gross_margin) is not set (1): these ceilings are "
        "revenue, not margin, and overstate what acquisition can cost. Set the margin rate.",
    },
    "ltv_cpo_note": {
        "ja": "上限は{months}か月以上前に獲得した顧客の実績（割引なし）で、商品原価以外の費用"
        "（送料、コールセンター、販促など）は差し引いていません。月数を延ばせば上限は上がり"
        "ますが、回収にそれだけ時間がかかります。",
        "en": "The ceilings are the actual value of customers acquired at least {months} "
        "months ago (undiscounted), before costs other than the cost of goods (shipping, "
        "call centre, promotions). A longer period raises the ceiling but takes longer to "
        "pay back.",
    },
    "ltv_cpo_none": {
        "ja": "獲得から{months}か月が経った顧客がまだいないため、限界CPOを計算できません。",
        "en": "No customer was acquired {months} months before the observation end yet, so "
        "there is no maximum CPO.",
    },
    "ltv_breakeven_value": {
        "ja": "1人あたり価値（損益分岐CPA）",
        "en": "Value per customer (break-even CPA)",
    },
    "ltv_max_cpo": {"ja": "限界CPO", "en": "Maximum CPO"},
    "ltv_max_cpo_in": {"ja": "限界CPO（{unit}）", "en": "Maximum CPO ({unit})"},
    "ltv_chart_cpo": {
        "ja": "獲得チャネル別の限界CPO（獲得から{months}か月、95%区間）",
        "en": "Maximum CPO by acquisition channel ({months} months, 95 % interval)",
    },
    "ltv_readiness": {"ja": "予測に使えるデータか", "en": "Is the data ready for predictions?"},
    "ltv_ready_check": {"ja": "確認項目", "en": "Check"},
    "ltv_ready_value": {"ja": "このデータ", "en": "This data"},
    "ltv_ready_threshold": {"ja": "必要な水準", "en": "Needed"},
    "ltv_ready_status": {"ja": "判定", "en": "Result"},
    "ltv_ready_status_pass": {"ja": "可", "en": "pass"},
    "ltv_ready_status_fail": {"ja": "不足", "en": "fail"},
    "ltv_ready_repeat_customers": {
        "ja": "学習期間にリピート購入のある顧客数",
        "en": "Customers with a repeat purchase in calibration",
    },
    "ltv_ready_repeat_share": {
        "ja": "学習期間の顧客に占めるリピート顧客の割合",
        "en": "Share of calibration customers with a repeat purchase",
    },
    "ltv_ready_calibration_gaps": {
        "ja": "学習期間の長さ（購買間隔の中央値の何倍か）",
        "en": "Length of the calibration period, in median purchase gaps",
    },
    "ltv_ready_holdout_gaps": {
        "ja": "検証期間の長さ（購買間隔の中央値の何倍か）",
        "en": "Length of the holdout, in median purchase gaps",
    },
    "ltv_ready_value_repeat_customers": {"ja": "{value:,.0f}人", "en": "{value:,.0f}"},
    "ltv_ready_value_repeat_share": {"ja": "{value:.1%}", "en": "{value:.1%}"},
    "ltv_ready_value_calibration_gaps": {"ja": "{value:.1f}倍", "en": "{value:.1f}×"},
    "ltv_ready_value_holdout_gaps": {"ja": "{value:.1f}倍", "en": "{value:.1f}×"},
    "ltv_ready_ok": {
        "ja": "すべての確認項目を満たしており、予測に必要な購買履歴があります（モデルの精度は"
        "検証期間の結果で確かめてください）。",
        "en": "The data passes every check: there is enough purchase history for predictions "
        "(how well the models predict is for the holdout check to say).",
    },
    "ltv_ready_failed": {
        "ja": "{checks}が不足しています。このページの予測（稼働確率・予想購入回数・LTV）は"
        "判断に使わないでください。購買履歴がもっと蓄積されてから使ってください。",
        "en": "The data falls short on: {checks}. The predictions on this page (P(alive), "
        "expected purchases, CLV) should not be used for decisions until more purchase "
        "history has accumulated.",
    },
    "ltv_ready_gap_note": {
        "ja": "同じ顧客の購入日の間隔の中央値は{gap:,.0f}日です（学習期間の終了日まで）。",
        "en": "The median gap between a customer's purchase days is {gap:,.0f} days (up to "
        "the calibration end).",
    },
    "ltv_period_frequencies": {
        "ja": "学習期間の購買回数の分布（実績とモデル）",
        "en": "Repeat purchases in calibration: actual vs model",
    },
    "ltv_period_frequencies_text": {
        "ja": "{customers:,}人のうち学習期間にリピート購入のなかった顧客は{actual:,}人、"
        "{model}の期待値は{expected:,.0f}人でした。分布全体の当てはまりはカイ二乗{chi2:.1f}"
        "（自由度{dof}、p={p:.2g}）です。",
        "en": "Of {customers:,} customers, {actual:,} made no repeat purchase in calibration; "
        "{model} expects {expected:,.0f}. Over the whole histogram the chi-square is "
        "{chi2:.1f} ({dof} degrees of freedom, p = {p:.2g}).",
    },
    "ltv_period_frequencies_fit": {
        "ja": "実績とモデルの差は偶然の範囲内です（学習に使った同じ顧客での比較です）。",
        "en": "The differences are within chance (on the same customers the model was fitted on).",
    },
    "ltv_period_frequencies_misfit": {
        "ja": "実績とモデルの差は偶然では説明しにくい大きさです。顧客数が多いと小さなずれでも"
        "有意になるため、グラフでどの回数がずれているかを確かめてください。",
        "en": "The differences are larger than chance explains. With many customers even a "
        "small misfit is significant: see in the chart which counts are off.",
    },
    "ltv_chart_period_frequencies": {
        "ja": "学習期間のリピート購入回数別の顧客数",
        "en": "Customers by repeat purchases in calibration",
    },
    "ltv_model_expected": {"ja": "{model}の期待値", "en": "{model}: expected"},
    "ltv_or_more": {"ja": "{n}回以上", "en": "{n}+"},
    "ltv_matrix": {
        "ja": "購買回数×最終購入時期の稼働確率",
        "en": "P(alive) by frequency and recency",
    },
    "ltv_matrix_text": {
        "ja": "初回購入から{T:.0f}{unit}たった顧客で比べると、リピート購入{frequency}回の顧客の"
        "稼働確率は、最後の購入が学習期間の終わりなら{recent:.0%}、初回購入から{old_recency:.0f}"
        "{unit}後なら{old:.0%}です。",
        "en": "For a customer whose first purchase was {T:.0f} {unit} ago, {frequency} repeat "
        "purchases give P(alive) {recent:.0%} if the last one was at the end of the "
        "calibration period and {old:.0%} if it came {old_recency:.0f} {unit} after the "
        "first.",
    },
    "ltv_chart_alive_matrix": {
        "ja": "稼働確率（初回購入から{T:.0f}{unit}の顧客）",
        "en": "P(alive) of a customer first seen {T:.0f} {unit} ago",
    },
    "ltv_chart_expected_matrix": {
        "ja": "今後{horizon:.0f}{unit}の予想購入回数（初回購入から{T:.0f}{unit}の顧客）",
        "en": "Expected purchases in the next {horizon:.0f} {unit} (customer first seen "
        "{T:.0f} {unit} ago)",
    },
    "ltv_recency_in": {
        "ja": "初回から最後の購入までの期間（{unit}）",
        "en": "Time from the first to the last purchase ({unit})",
    },
    "ltv_tracking": {
        "ja": "検証期間の購入の推移（実績とモデル）",
        "en": "Tracking the holdout: actual vs model",
    },
    "ltv_tracking_text": {
        "ja": "学習期間の顧客は検証期間の{days:,}日間でリピート購入を{actual:,.0f}回しました。"
        "{model}の予測は{expected:,.0f}回（{error:+.1f}%）です。週ごとのずれが最も大きいのは"
        "{week:%Y-%m-%d}までの週で、実績{week_actual:,.0f}回に対し予測{week_expected:,.0f}回"
        "でした。",
        "en": "Over the {days:,} days of the holdout, the calibration customers made "
        "{actual:,.0f} repeat purchases; {model} expected {expected:,.0f} ({error:+.1f} %). "
        "The largest weekly gap is the week to {week:%Y-%m-%d}: {week_actual:,.0f} actual, "
        "{week_expected:,.0f} expected.",
    },
    "ltv_tracking_note": {
        "ja": "予測線は期待値で、区間ではありません。学習期間の後に初めて購入した顧客は"
        "含みません。",
        "en": "The model line is an expectation, not an interval; customers whose first "
        "purchase came after the calibration end are not included.",
    },
    "ltv_tracking_none": {
        "ja": "検証期間がないため、推移は示せません。",
        "en": "There is no holdout period to track.",
    },
    "ltv_chart_tracking_cumulative": {
        "ja": "検証期間の累積リピート購入",
        "en": "Cumulative repeat purchases in the holdout",
    },
    "ltv_chart_tracking_incremental": {
        "ja": "検証期間の週ごとのリピート購入",
        "en": "Weekly repeat purchases in the holdout",
    },
    "ltv_repeat_purchases": {"ja": "リピート購入回数", "en": "Repeat purchases"},
    "ltv_week_to": {"ja": "週の最終日", "en": "Week ending"},
    "ltv_history": {"ja": "顧客の稼働確率の推移（例）", "en": "P(alive) of one customer over time"},
    "ltv_history_text": {
        "ja": "学習期間の顧客のうちLTVが最も高い顧客（{customer}）の稼働確率は購入のたびに"
        "上がり、購入の間は下がります。{purchases}回の購入日のあと、{end:%Y-%m-%d}時点の稼働確率は{p_end:.0%}"
        "（期間中の最低{p_min:.0%}）です。",
        "en": "For the calibration customer with the highest CLV ({customer}), P(alive) "
        "rises at each "
        "purchase and falls in between. After {purchases} purchase days it stands at "
        "{p_end:.0%} on {end:%Y-%m-%d} (lowest {p_min:.0%}).",
    },
    "ltv_history_calibration": {
        "ja": "学習期間の終了日（{end:%Y-%m-%d}）の値は{p:.0%}で、学習期間の購買履歴から"
        "求めた稼働確率と一致します。",
        "en": "On the calibration end ({end:%Y-%m-%d}) it is {p:.0%}: the P(alive) of the "
        "customer's calibration history.",
    },
    "ltv_chart_history": {
        "ja": "稼働確率の推移：{customer}",
        "en": "P(alive) over time: {customer}",
    },
    "ltv_purchase_day": {"ja": "購入日", "en": "Purchase day"},
    "ltv_calibration_end": {"ja": "学習期間の終了日", "en": "Calibration end"},
    "ltv_date": {"ja": "日付", "en": "Date"},
}
