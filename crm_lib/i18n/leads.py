"""Labels of the prospect follow-up report (the leads table)."""

_SOURCES = {
    "web_ad": ("Web広告", "Web ads"),
    "search": ("検索", "Search"),
    "affiliate": ("アフィリエイト", "Affiliate"),
    "tv_infomercial": ("テレビ通販", "TV infomercial"),
    "newspaper": ("新聞広告", "Newspaper"),
    "referral": ("紹介", "Referral"),
    "sample_campaign": ("サンプル施策", "Sample campaign"),
    "unknown": ("不明", "Unknown"),
}
_BANDS = {
    "lt1h": ("1時間以内", "within 1 hour"),
    "h1_24": ("1〜24時間", "1-24 hours"),
    "d1_7": ("1〜7日", "1-7 days"),
    "gt7d": ("7日超", "over 7 days"),
    "never": ("対応なし", "never"),
}
_REASONS = {
    "source": ("購入につながりやすい情報源", "a source that converts well"),
    "age_days": ("問い合わせから日が浅い", "a recent lead"),
    "contacted": ("すでに接触済み", "already contacted"),
    "log_response_hours": ("初回対応までの時間", "the time to the first response"),
    "log_events": ("接点（閲覧・資料請求など）が多い", "many touchpoints (visits, requests)"),
    "interest": ("関心段階の行動あり（資料・サンプル請求など）",
                 "an interest-stage action (catalogue, sample request)"),
}  # fmt: skip

LABELS = {
    **{f"leads_src_{k}": {"ja": ja, "en": en} for k, (ja, en) in _SOURCES.items()},
    **{f"leads_band_{k}": {"ja": ja, "en": en} for k, (ja, en) in _BANDS.items()},
    **{f"leads_reason_{k}": {"ja": ja, "en": en} for k, (ja, en) in _REASONS.items()},
    "leads_all_sources": {"ja": "全体", "en": "All sources"},
    # headings
    "leads_funnel": {"ja": "情報源別の見込み客ファネル", "en": "Lead funnel by source"},
    "leads_followup": {
        "ja": "自社版の「75%」と「80%」",
        "en": "The company's own 75 % and 80 %",
    },
    "leads_value": {"ja": "購入に至った見込み客の価値", "en": "What a converted lead is worth"},
    "leads_speed": {"ja": "初回対応の速さと購入率", "en": "Speed to lead"},
    "leads_readiness": {
        "ja": "購入までの時間と育成期間",
        "en": "Readiness: time from lead to purchase",
    },
    "leads_priority": {"ja": "優先してフォローする見込み客", "en": "Who to contact first"},
    # sentences
    "leads_no_table": {
        "ja": "このデータには見込み客（leadsテーブル）がないため、この分析は行いません。",
        "en": "The data has no prospects (no leads table), so this analysis is not run.",
    },
    "leads_funnel_text": {
        "ja": "見込み客は{leads:,}件（未決{open:,}件、購入{won:,}件、失注{lost:,}件）です。"
        "{days}日以内の購入率は{conversion:.1%}です。一度もフォローされていない見込み客は"
        "{never:.0%}、対応した見込み客のうち{hours:.0f}時間より遅れて初回対応したのは{late:.0%}です。",
        "en": "There are {leads:,} leads ({open:,} open, {won:,} won, {lost:,} lost); "
        "{conversion:.1%} bought within {days} days. {never:.0%} were never followed up, and "
        "{late:.0%} of those followed up were first answered later than {hours:.0f} hours.",
    },
    "leads_funnel_worst": {
        "ja": "フォローされていない割合が最も高い情報源は{source}（{share:.0%}）です。",
        "en": "The source with the highest share never followed up is {source} ({share:.0%}).",
    },
    "leads_aging_text": {
        "ja": "未決の見込み客{n:,}件のうち{untouched:,}件はまだ一度も接触していません。"
        "古い順に示します（個人情報はマスク済み）。",
        "en": "{untouched:,} of the {n:,} open leads have never been contacted; the oldest are "
        "listed (personal data masked).",
    },
    "leads_not_ready_text": {
        "ja": "{cohort}日以上前の見込み客から購入した{buyers:,}人のうち、見込み客になってから"
        "{days}日より後に購入した「すぐには買わなかった」人は{n:,}人、{share:.1%}"
        "（95%区間 {low:.1%}〜{high:.1%}）です。よく引用される75%と比べてください。",
        "en": "Of the {buyers:,} buyers among leads at least {cohort} days old, {n:,} "
        "({share:.1%}, 95 % interval {low:.1%} to {high:.1%}) bought more than {days} days "
        'after becoming a lead ("not ready yet"), against the often quoted 75 %.',
    },
    "leads_not_ready_none": {
        "ja": "{days}日以上前の見込み客からの購入者がいないため、"
        "「すぐには買わない」割合は示せません。",
        "en": "No lead at least {days} days old has bought, so the not-ready share is not shown.",
    },
    "leads_lost_text": {
        "ja": "一度もフォローされず{days}日以上たった見込み客{leads:,}件のうち、{days}日以内に"
        "購入しなかったのは{n:,}件、{share:.1%}（95%区間 {low:.1%}〜{high:.1%}）です。"
        "これは「競合に流れた」割合の上限です（よく引用される値は80%）。",
        "en": "Of the {leads:,} leads never followed up and at least {days} days old, {n:,} "
        "({share:.1%}, 95 % interval {low:.1%} to {high:.1%}) did not buy within {days} days: "
        'the upper bound of "lost to a competitor" (often quoted: 80 %).',
    },
    "leads_lost_none": {
        "ja": "フォローされず{days}日以上たった見込み客がいないため、失われた割合は示せません。",
        "en": "No lead never followed up is {days} days old, so the lost share is not shown.",
    },
    "leads_lost_combined": {
        "ja": "両者を掛け合わせると、すぐには買わずフォローもされないために失われる見込み客は約"
        "{share:.0%}の計算です（よく引用される値は75%×80%で約60%）。",
        "en": "Together, about {share:.0%} of prospects would be lost because they were not "
        "ready and not followed up (often quoted: 75 % × 80 %, about 60 %).",
    },
    "leads_followup_cannot": {
        "ja": "データが示せないこと：購入しなかった見込み客が競合から買ったのか、"
        "まったく買わなかったのかはわかりません。また別の連絡先で購入した人は未購入に数えられます。",
        "en": "What the data cannot show: whether a lead that did not buy here bought from a "
        "competitor or not at all; a lead who bought under other contact details counts as not "
        "converted.",
    },
    "leads_value_text": {
        "ja": "仮定：購入に至った見込み客の価値は、同じ獲得経路の既存顧客の{weeks}週間のLTV"
        "（LTVレポートのモデル）の平均とみなします（全体平均 {overall}）。",
        "en": "Assumption: a converted lead is worth the mean {weeks}-week CLV (the LTV "
        "report's models) of the existing customers of the same acquisition channel (overall "
        "mean {overall}).",
    },
    "leads_speed_intro": {
        "ja": "作成から{days}日以上たち購入の有無が見えている見込み客{n:,}件で、"
        "初回対応までの時間と購入率の関係を見ます（区間はWilsonの95%区間）。",
        "en": "{n:,} leads at least {days} days old (old enough for their purchase to show): "
        "conversion against the time to the first response (Wilson 95 % intervals).",
    },
    "leads_speed_bands": {
        "ja": "初回対応が{fast}の見込み客の購入率は{fast_rate:.1%}、"
        "{slow}では{slow_rate:.1%}です。",
        "en": "Leads answered {fast} converted at {fast_rate:.1%}; leads answered {slow} at "
        "{slow_rate:.1%}.",
    },
    "leads_curve_not_converged": {
        "ja": "滑らかな曲線の当てはめが収束しなかったため、曲線は参考値です。",
        "en": "The smooth curve's fit did not converge: read it as indicative only.",
    },
    "leads_effect_text": {
        "ja": "{hours:.0f}時間以内に対応すると、それより遅い・対応なしに比べて購入率が"
        "{effect:+.1f}ポイント（95%区間 {low:+.1f}〜{high:+.1f}）高くなります"
        "（情報源で調整したロジスティック回帰、平均限界効果）。",
        "en": "A response within {hours:.0f} hours raises conversion by {effect:+.1f} points "
        "(95 % interval {low:+.1f} to {high:+.1f}) against a later response or none "
        "(logistic regression adjusted for source, average marginal effect).",
    },
    # effects whose interval includes 0 are not shown
    "leads_effect_not_shown": {
        "ja": "ただし95%区間が0をまたぐため、{hours:.0f}時間以内の対応で購入率が上がるとは"
        "示されていません。",
        "en": "Its interval includes zero, though: a response within {hours:.0f} hours is not "
        "shown to raise conversion.",
    },
    "leads_extra_not_shown": {
        "ja": "この見込みの95%区間は0をまたぐため、追加の顧客が得られるとは示されていません。",
        "en": "This estimate's interval includes zero: extra customers are not shown.",
    },
    "leads_effect_none": {
        "ja": "{hours:.0f}時間以内の対応の効果は推定できません"
        "（当てはめが収束しないか、比べる群がありません）。",
        "en": "The effect of a response within {hours:.0f} hours cannot be estimated (the fit "
        "did not converge or a group is empty).",
    },
    "leads_extra_text": {
        "ja": "直近1年で{hours:.0f}時間以内に対応しなかった見込み客{slow:,}件に"
        "すべて対応していれば、"
        "追加の顧客は約{extra:,.0f}人（95%区間 {low:,.0f}〜{high:,.0f}人）、価値は約{revenue}"
        "（{revenue_low}〜{revenue_high}）と見込まれます（効果が平均と同じという仮定）。",
        "en": "Had the {slow:,} leads of the last year not answered within {hours:.0f} hours "
        "been answered in time, about {extra:,.0f} more customers (95 % interval {low:,.0f} to "
        "{high:,.0f}) worth about {revenue} ({revenue_low} to {revenue_high}) would be expected "
        "(assuming the average effect applies to them).",
    },
    "leads_readiness_text": {
        "ja": "見込み客になってから{last}日までに{final:.1%}が購入します（カプラン・マイヤー法、"
        "未購入の見込み客は現在の経過日数で打ち切り）。",
        "en": "{final:.1%} of leads have bought by day {last} (Kaplan-Meier; leads without a "
        "purchase censored at their age).",
    },
    "leads_readiness_nurture": {
        "ja": "その95%は{day}日目までに起きており、それ以降の育成で増える購入はわずかです。",
        "en": "95 % of it has happened by day {day}: nurturing beyond it adds few purchases.",
    },
    "leads_priority_eval": {
        "ja": "モデルは過去の時点で学習し、{date}時点で未決だった{test:,}件（うち{days}日以内の購入"
        "{positives:,}件）で検証しました。AUCは{auc:.2f}（95%区間 {low:.2f}〜{high:.2f}）、"
        "基準（情報源の過去の購入率）は{base:.2f}（{base_low:.2f}〜{base_high:.2f}）です。",
        "en": "The model was trained on earlier dates and tested on the {test:,} leads open on "
        "{date} ({positives:,} bought within {days} days): AUC {auc:.2f} (95 % interval "
        "{low:.2f} to {high:.2f}) against {base:.2f} ({base_low:.2f} to {base_high:.2f}) for "
        "the baseline, the source's historic conversion.",
    },
    "leads_priority_beats": {
        "ja": "モデルは基準を上回ります（AUCの差の95%区間 {low:+.2f}〜{high:+.2f}）。",
        "en": "The model beats the baseline (AUC difference, 95 % interval {low:+.2f} to "
        "{high:+.2f}).",
    },
    "leads_priority_not_beats": {
        "ja": "モデルは基準を上回るとは言えません（AUCの差の95%区間 {low:+.2f}〜{high:+.2f}）。"
        "そのため一覧は情報源の過去の購入率で並べています。",
        "en": "The model does not beat the baseline (AUC difference, 95 % interval {low:+.2f} "
        "to {high:+.2f}), so the list is ranked by the source's historic conversion.",
    },
    "leads_priority_none": {
        "ja": "検証期間に購入がないため、優先度モデルは評価できません。",
        "en": "No purchase in the test period: the priority model cannot be evaluated.",
    },
    "leads_priority_first": {
        "ja": "未決の見込み客{n:,}件のうち最初に連絡すべきは{lead}（{source}）です。購入確率"
        "{p:.0%}、期待価値{value}で、主な理由は「{reason}」です。",
        "en": "Of the {n:,} open leads, contact {lead} ({source}) first: probability "
        "{p:.0%}, expected value {value}, mainly because of {reason}.",
    },
    "leads_priority_value_assumption": {
        "ja": "期待価値＝購入確率×同じ獲得経路の顧客の平均LTV（仮定）。個人情報はマスク済みです。",
        "en": "Expected value = probability × the mean CLV of the channel's customers (an "
        "assumption). Personal data is masked.",
    },
    # columns
    "leads_col_source": {"ja": "情報源", "en": "Source"},
    "leads_col_leads": {"ja": "見込み客", "en": "Leads"},
    "leads_col_open": {"ja": "未決", "en": "Open"},
    "leads_col_won": {"ja": "購入", "en": "Won"},
    "leads_col_lost": {"ja": "失注", "en": "Lost"},
    "leads_col_never": {"ja": "未接触", "en": "Never contacted"},
    "leads_col_never_share": {"ja": "未フォロー率", "en": "Never followed up"},
    "leads_col_late_share": {"ja": "対応遅れ率", "en": "Followed up late"},
    "leads_col_conversion_within": {"ja": "期間内購入率", "en": "Conversion in window"},
    "leads_col_lead": {"ja": "見込み客ID", "en": "Lead"},
    "leads_col_created": {"ja": "作成日", "en": "Created"},
    "leads_col_age": {"ja": "経過日数", "en": "Age (days)"},
    "leads_col_band": {"ja": "初回対応まで", "en": "First response"},
    "leads_col_conversion": {"ja": "購入率", "en": "Conversion"},
    "leads_col_ci_low": {"ja": "95%区間（下限）", "en": "95 % low"},
    "leads_col_ci_high": {"ja": "95%区間（上限）", "en": "95 % high"},
    "leads_col_day": {"ja": "経過日数", "en": "Day"},
    "leads_col_cum_conversion": {"ja": "累積購入率", "en": "Cumulative conversion"},
    "leads_col_at_risk": {"ja": "観察中の見込み客", "en": "Leads still observed"},
    "leads_col_share_of_final": {"ja": "最終値に対する割合", "en": "Share of the final"},
    "leads_col_bin": {"ja": "スコア五分位", "en": "Score quintile"},
    "leads_col_predicted": {"ja": "予測購入率", "en": "Predicted"},
    "leads_col_observed": {"ja": "実際の購入率", "en": "Observed"},
    "leads_col_probability": {"ja": "購入確率", "en": "Probability"},
    "leads_col_value": {"ja": "顧客の価値（LTV）", "en": "Value (CLV)"},
    "leads_col_expected_value": {"ja": "期待価値", "en": "Expected value"},
    "leads_col_reason": {"ja": "主な理由", "en": "Main reason"},
    # charts
    "leads_chart_funnel": {"ja": "情報源別の見込み客の状態", "en": "Leads by source and status"},
    "leads_chart_speed": {"ja": "初回対応までの時間と購入率", "en": "Conversion by response time"},
    "leads_chart_speed_curve": {
        "ja": "初回対応までの時間（対数目盛）と購入率：滑らかな当てはめと95%区間",
        "en": "Conversion against hours to first response (log scale): smooth fit, 95 % interval",
    },
    "leads_chart_readiness": {
        "ja": "見込み客になってからの累積購入率",
        "en": "Cumulative conversion since the lead",
    },
    "leads_axis_leads": {"ja": "見込み客数", "en": "Leads"},
    "leads_axis_hours": {"ja": "初回対応までの時間（時間）", "en": "Hours to first response"},
    "leads_axis_conversion": {"ja": "購入率", "en": "Conversion"},
    "leads_axis_days": {"ja": "経過日数", "en": "Days since the lead"},
    "leads_legend_bands": {"ja": "区分別（95%区間）", "en": "By band (95 % interval)"},
    "leads_legend_curve": {"ja": "滑らかな当てはめ（95%区間）", "en": "Smooth fit (95 % interval)"},
}
