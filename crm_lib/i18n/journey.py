"""Labels of the journey report (keys ``jny_``): stages, event types, sections, sentences."""

LABELS: dict[str, dict[str, str]] = {
    # stages (default stage model)
    "jny_stage_awareness": {"ja": "認知", "en": "Awareness"},
    "jny_stage_interest": {"ja": "興味", "en": "Interest"},
    "jny_stage_first_purchase": {"ja": "初回購入", "en": "First purchase"},
    "jny_stage_repeat": {"ja": "2回目購入", "en": "Repeat purchase"},
    "jny_stage_loyal": {"ja": "定期・ロイヤル", "en": "Subscription / loyal"},
    # event types
    "jny_event_ad_impression": {"ja": "広告表示", "en": "Ad impression"},
    "jny_event_ad_click": {"ja": "広告クリック", "en": "Ad click"},
    "jny_event_tv_ad_response": {"ja": "テレビ通販への反応", "en": "TV ad response"},
    "jny_event_catalog_request": {"ja": "カタログ請求", "en": "Catalogue request"},
    "jny_event_site_visit": {"ja": "サイト訪問", "en": "Site visit"},
    "jny_event_sample_request": {"ja": "サンプル請求", "en": "Sample request"},
    "jny_event_call_inquiry": {"ja": "電話での問い合わせ", "en": "Inbound call"},
    "jny_event_first_purchase": {"ja": "初回購入", "en": "First purchase"},
    "jny_event_second_purchase": {"ja": "2回目購入", "en": "Second purchase"},
    "jny_event_subscription_start": {"ja": "定期便の開始", "en": "Subscription start"},
    "jny_event_email_open": {"ja": "メール開封", "en": "E-mail opened"},
    "jny_event_dm_received": {"ja": "DM・カタログ送付", "en": "Direct mail received"},
    "jny_event_sms_click": {"ja": "SMSのクリック", "en": "SMS click"},
    "jny_event_call_outbound": {"ja": "架電（フォローコール）", "en": "Outbound call"},
    "jny_event_other": {"ja": "その他（少数のイベント）", "en": "Other (rare events)"},
    "jny_event_path_end": {"ja": "（経路の終わり）", "en": "(path ended)"},
    # breakdown dimensions and their groups
    "jny_dim_acquisition_channel": {"ja": "獲得チャネル", "en": "acquisition channel"},
    "jny_dim_cohort_month": {"ja": "初回接点の月", "en": "month of first touch"},
    "jny_dim_value_segment": {"ja": "初回購入額の層", "en": "first-order value segment"},
    "jny_acq_web_ad": {"ja": "Web広告", "en": "Web ads"},
    "jny_acq_search": {"ja": "検索", "en": "Search"},
    "jny_acq_affiliate": {"ja": "アフィリエイト", "en": "Affiliate"},
    "jny_acq_tv_infomercial": {"ja": "テレビ通販", "en": "TV infomercial"},
    "jny_acq_newspaper": {"ja": "新聞広告", "en": "Newspaper"},
    "jny_acq_referral": {"ja": "紹介", "en": "Referral"},
    "jny_acq_sample_campaign": {"ja": "サンプル施策", "en": "Sample campaign"},
    "jny_acq_unknown": {"ja": "不明", "en": "Unknown"},
    "jny_value_low": {"ja": "初回購入額 低（下位1/3）", "en": "Low first order (bottom third)"},
    "jny_value_mid": {"ja": "初回購入額 中", "en": "Mid first order (middle third)"},
    "jny_value_high": {"ja": "初回購入額 高（上位1/3）", "en": "High first order (top third)"},
    "jny_value_prospect": {"ja": "未購入の見込み客", "en": "Prospects (no order)"},
    "jny_dim_rational": {"ja": "機能的満足（レビュー）", "en": "Rational (reviews)"},
    "jny_dim_emotional": {"ja": "情緒的満足（NPS調査）", "en": "Emotional (NPS survey)"},
    "jny_churned": {"ja": "離反した顧客", "en": "Churned customers"},
    "jny_retained": {"ja": "継続している顧客", "en": "Retained customers"},
    # sections
    "jny_data": {"ja": "ジャーニーのデータ", "en": "Journey data"},
    "jny_funnel": {
        "ja": "ファネル：ステージごとの人数と転換率",
        "en": "Funnel: people and conversion",
    },
    "jny_time": {"ja": "次のステージまでの日数", "en": "Days to the next stage"},
    "jny_breakdown": {
        "ja": "獲得チャネル・月・顧客層別の転換率",
        "en": "Conversion by channel, cohort and segment",
    },
    "jny_paths": {"ja": "行動の経路", "en": "Paths"},
    "jny_measures": {
        "ja": "施策マップ：どのステージに施策が届いているか",
        "en": "Map of marketing measures by stage",
    },
    "jny_divergence": {
        "ja": "離反した顧客と継続している顧客の違い",
        "en": "Churned vs retained customers",
    },
    "jny_satisfaction": {"ja": "ステージ別の満足度", "en": "Satisfaction by stage"},
    # sentences
    "jny_source_events": {
        "ja": "行動イベント{events:,}件から、{people:,}人（うち購入前の見込み客{prospects:,}人）の"
        "カスタマージャーニーを組み立てました。Webの行動も、DM・電話・カタログのように数日〜数週間"
        "離れたオフラインの接点も、同じ経路の一歩として扱います。",
        "en": "The journeys of {people:,} people ({prospects:,} of them prospects who have not "
        "bought) were built from {events:,} events. Offline touchpoints days or weeks apart "
        "(direct mail, calls, catalogues) count as steps of the same path as web clicks.",
    },
    "jny_source_transactions": {
        "ja": "行動イベントのテーブルがないため、購買履歴から初回購入・2回目購入（定期便があれば"
        "その開始）のステージだけを組み立てました（{people:,}人）。経路と施策の分析は省略します。",
        "en": "There is no events table, so only the purchase stages were built from the "
        "transactions: first and second purchase (and subscription start where subscriptions "
        "exist), for {people:,} people. Path and measure analyses are skipped.",
    },
    "jny_window": {
        "ja": "クローズドファネル：前のステージから{days:,}日以内に"
        "次のステージへ進んだ人だけを数えます。",
        "en": "Closed funnel: a person counts at a stage only when they reached it within "
        "{days:,} days of the previous one.",
    },
    "jny_window_none": {
        "ja": "クローズドファネル：前のステージの後に次のステージへ進んだ人を、"
        "期間の制限なく数えます。",
        "en": "Closed funnel: a person counts at a stage when they reached it after the "
        "previous one, with no time limit.",
    },
    "jny_excluded": {
        "ja": "除外イベント（{events}）がステージの途中にある人はファネルから除いています。",
        "en": "People with an exclusion event ({events}) between their stages are left out.",
    },
    "jny_funnel_text": {
        "ja": "{entry}の{entered:,}人のうち、{last}まで進んだのは{reached:,}人（{share:.1%}）です。"
        "最も大きな離脱は{from_stage}→{to_stage}で、{lost_share:.1%}（{lost:,}人）が次へ進んでいません。",
        "en": "Of {entered:,} people at {entry}, {reached:,} ({share:.1%}) reached {last}. The "
        "largest drop-off is {from_stage} → {to_stage}: {lost_share:.1%} ({lost:,} people) "
        "did not move on.",
    },
    "jny_time_text": {
        "ja": "最も時間がかかるのは{slow_from} → {slow_to}で、中央値{slow_days:.1f}日"
        "（10人に1人は{slow_p90:.0f}日以上）。"
        "最も速いのは{fast_from} → {fast_to}で、中央値{fast_days:.1f}日です。",
        "en": "The slowest step is {slow_from} → {slow_to}: a median of {slow_days:.1f} days "
        "(one in ten takes {slow_p90:.0f} days or more). The fastest is {fast_from} → "
        "{fast_to}, a median of {fast_days:.1f} days.",
    },
    "jny_time_single": {
        "ja": "{from_stage} → {to_stage}には中央値{days:.1f}日かかります"
        "（10人に1人は{p90:.0f}日以上）。",
        "en": "{from_stage} → {to_stage} takes a median of {days:.1f} days (one in ten takes "
        "{p90:.0f} days or more).",
    },
    "jny_segment_note": {
        "ja": "顧客セグメントの表はまだないため、獲得チャネル、初回接点の月（コホート）、"
        "初回購入額の3分位（低・中・高、未購入は見込み客）で分けています。",
        "en": "There is no segment table yet, so the funnel is broken down by acquisition "
        "channel, month of first touch (cohort) and a value segment: the tercile of the first "
        "order's amount (low, mid, high; prospects without an order apart).",
    },
    "jny_breakdown_text": {
        "ja": "{dimension}別に見ると、{from_stage} → {to_stage}の転換率は{best}が最も高く"
        "{best_rate:.1%}、{worst}が最も低く{worst_rate:.1%}です。",
        "en": "By {dimension}, conversion {from_stage} → {to_stage} is highest for {best} "
        "({best_rate:.1%}) and lowest for {worst} ({worst_rate:.1%}).",
    },
    "jny_breakdown_single": {
        "ja": "{dimension}の情報がないため、この内訳は省略します。",
        "en": "The data has no {dimension}, so this breakdown is skipped.",
    },
    "jny_cohort_note": {
        "ja": "最近のコホートは次のステージへ進む時間がまだ短いため、転換率が低めに出ます。",
        "en": "Recent cohorts have had less time to move on, so their conversion looks lower.",
    },
    "jny_steps_text": {
        "ja": "最初の接点で最も多いのは{event}（{share:.1%}）です。{step}歩目までに"
        "{ended:.1%}の人の経路が終わっています。",
        "en": "The most common first touch is {event} ({share:.1%}). By step {step}, the paths "
        "of {ended:.1%} of people have ended.",
    },
    "jny_sankey_text": {
        "ja": "上位{n}通りの経路で全体の{share:.1%}を占めます。"
        "最も多いのは「{path}」（{people:,}人）です。",
        "en": "The top {n} paths cover {share:.1%} of people; the most common is "
        "\u201c{path}\u201d ({people:,} people).",
    },
    "jny_variants_text": {
        "ja": "{target}の前の経路のうち、{min_people:,}人以上が通る経路で最も{target}に"
        "つながるのは「{path}」（{conversion:.1%}、{people:,}人）です。全体では{overall:.1%}です。",
        "en": "Of the paths before {target} taken by at least {min_people:,} people, "
        "\u201c{path}\u201d converts best ({conversion:.1%} of {people:,} people), against "
        "{overall:.1%} overall.",
    },
    "jny_variants_direct_text": {
        "ja": "{target}の前の経路のうち、{min_people:,}人以上が通る経路で最も{target}に"
        "つながるのは、最初の行動が{target}だった人（{conversion:.1%}、{people:,}人）です。"
        "全体では{overall:.1%}です。",
        "en": "Of the paths before {target} taken by at least {min_people:,} people, the one "
        "that converts best is going straight to {target} ({conversion:.1%} of {people:,} "
        "people), against {overall:.1%} overall.",
    },
    "jny_transitions_text": {
        "ja": "最も多い直後の遷移は{from_event}→{to_event}（{count:,}回）です。よく起きる遷移で"
        "最も間隔が長いのは{slow_from}→{slow_to}で、中央値{slow_days:.1f}日です。",
        "en": "The most frequent direct transition is {from_event} → {to_event} ({count:,} "
        "times). Among frequent transitions the longest gap is {slow_from} → {slow_to}, a "
        "median of {slow_days:.1f} days.",
    },
    "jny_loops_text": {
        "ja": "同じ行動を繰り返す人が最も多いのは{event}で、経験者の{share:.1%}が2回以上、"
        "{looping:.1%}が別の行動を挟んで戻っています。",
        "en": "{event} is repeated most: {share:.1%} of the people who have it have it twice "
        "or more, and {looping:.1%} come back to it after other steps.",
    },
    "jny_no_loops": {
        "ja": "同じ行動を繰り返す人はいません。",
        "en": "Nobody repeats a step.",
    },
    "jny_paths_absent": {
        "ja": "行動イベントがないため、経路の分析は省略します。",
        "en": "There are no events, so the path analysis is skipped.",
    },
    "jny_measures_gaps": {
        "ja": "施策が届いていないステージ（空白）：{stages}。",
        "en": "Stages no measure reaches (gaps): {stages}.",
    },
    "jny_measures_no_gaps": {
        "ja": "どのステージにも何らかの施策が届いています。",
        "en": "Every stage is reached by some measure.",
    },
    "jny_measures_dup": {
        "ja": "同じ人に複数の施策が重なっているステージ（重複）：{stages}。最も重なっているのは"
        "{top}で、施策が届いた人の{share:.1%}に2つ以上の施策が届いています。",
        "en": "Stages where several measures hit the same people (duplication): {stages}. "
        "Most of all at {top}, where {share:.1%} of the people reached get two or more.",
    },
    "jny_measures_no_dup": {
        "ja": "複数の施策が同じ人に重なっているステージはありません。",
        "en": "No stage has several measures hitting the same people.",
    },
    "jny_measures_absent": {
        "ja": "施策の接触データ（施策接触テーブル・施策イベント）がないため、"
        "施策マップは省略します。",
        "en": "There is no data on marketing measures (contacts or touch events), so the "
        "measure map is skipped.",
    },
    "jny_divergence_text": {
        "ja": "離反した顧客（{churned:,}人）と継続している顧客（{retained:,}人）の"
        "経路は{step}歩目で"
        "分かれます。そこで最も差が大きいのは{event}で、離反した顧客の方が{points:+.1f}ポイントです。",
        "en": "The paths of churned ({churned:,}) and retained ({retained:,}) customers "
        "diverge at step {step}; the largest difference there is {event}, {points:+.1f} "
        "points for churned customers.",
    },
    "jny_divergence_end": {
        "ja": "離反した顧客（{churned:,}人）と継続している顧客（{retained:,}人）の"
        "経路は{step}歩目で"
        "分かれます。そこで経路が終わっている割合は、離反した顧客の方が{points:+.1f}ポイントです。",
        "en": "The paths of churned ({churned:,}) and retained ({retained:,}) customers "
        "diverge at step {step}: the share of paths that have ended there is {points:+.1f} "
        "points for churned customers.",
    },
    "jny_divergence_none": {
        "ja": "離反した顧客（{churned:,}人）と継続している顧客（{retained:,}人）の"
        "経路に大きな違いはありません。",
        "en": "The paths of churned ({churned:,}) and retained ({retained:,}) customers do not "
        "differ much.",
    },
    "jny_divergence_absent": {
        "ja": "比較できる離反顧客・継続顧客がいないため、この比較は省略します。",
        "en": "There are not both churned and retained customers to compare, so this is skipped.",
    },
    "jny_churn_rule": {
        "ja": "離反：最後の購入から{days:,}日以上経ち、定期便も続いていない顧客"
        "（初回購入から{days:,}日以上経った顧客のみ比較）。",
        "en": "Churned: no order for {days:,} days or more and no running subscription "
        "(only customers whose first order is at least {days:,} days old are compared).",
    },
    "jny_satisfaction_text": {
        "ja": "{dimension}が最も低いのは{stage}（100点満点で{score:.0f}点、{responses:,}件）です。",
        "en": "{dimension} is lowest at {stage} ({score:.0f} out of 100, {responses:,} ratings).",
    },
    "jny_satisfaction_absent": {
        "ja": "評価付きのお客様の声がないため、ステージ別の満足度は省略します。",
        "en": "There is no rated feedback, so satisfaction by stage is skipped.",
    },
    # table columns
    "jny_col_stage": {"ja": "ステージ", "en": "Stage"},
    "jny_col_event_types": {"ja": "ステージを示す行動", "en": "Event marking the stage"},
    "jny_col_people": {"ja": "人数", "en": "People"},
    "jny_col_conversion": {"ja": "前ステージからの転換率", "en": "Conversion from previous"},
    "jny_col_lost": {"ja": "離脱人数", "en": "Dropped off"},
    "jny_col_open_people": {"ja": "人数（オープンファネル）", "en": "People (open funnel)"},
    "jny_col_path": {"ja": "経路", "en": "Path"},
    "jny_col_share": {"ja": "全体に占める割合", "en": "Share of people"},
    "jny_col_path_conversion": {"ja": "転換率", "en": "Conversion"},
    "jny_col_event": {"ja": "行動", "en": "Event"},
    "jny_col_repeating": {"ja": "2回以上の割合", "en": "Share repeating"},
    "jny_col_looping": {"ja": "戻ってくる割合", "en": "Share coming back"},
    "jny_direct_path": {"ja": "（直接{target}）", "en": "(straight to {target})"},
    # charts
    "jny_chart_funnel": {"ja": "ステージごとの人数", "en": "People per stage"},
    "jny_chart_time": {
        "ja": "次のステージまでの日数（箱：25〜75%、ひげ：10〜90%）",
        "en": "Days to the next stage (box: 25-75 %, whiskers: 10-90 %)",
    },
    "jny_chart_conversion_by": {"ja": "{dimension}別の転換率", "en": "Conversion by {dimension}"},
    "jny_chart_steps": {
        "ja": "ステップごとの行動（人数の割合）",
        "en": "Event at each step (share of people)",
    },
    "jny_chart_sankey": {
        "ja": "最初の接点からの主な経路",
        "en": "Most common paths from the first touch",
    },
    "jny_chart_transitions": {
        "ja": "直後の行動への遷移（行ごとの割合）",
        "en": "Directly-follows transitions (share of each row)",
    },
    "jny_chart_measures": {
        "ja": "ステージ×施策：届いた人数（ステージの人数に対する割合）",
        "en": "Stage × measure: people reached (share of the stage's people)",
    },
    "jny_chart_divergence": {
        "ja": "離反顧客と継続顧客の差（ポイント、離反−継続）",
        "en": "Churned minus retained (share of people, points)",
    },
    "jny_chart_satisfaction": {
        "ja": "ステージ別の満足度（0〜100）",
        "en": "Satisfaction by stage (0-100)",
    },
    "jny_axis_step": {"ja": "ステップ", "en": "Step"},
    "jny_axis_days": {"ja": "日数", "en": "Days"},
    "jny_axis_from": {"ja": "前の行動", "en": "From"},
    "jny_axis_to": {"ja": "次の行動", "en": "To"},
    "jny_axis_score": {"ja": "満足度（0〜100）", "en": "Score (0-100)"},
    "jny_gap_marker": {"ja": "空白", "en": "GAP"},
    "jny_dup_marker": {"ja": "重複", "en": "DUPLICATED"},
    "jny_any_measure": {"ja": "いずれかの施策", "en": "Any measure"},
}
