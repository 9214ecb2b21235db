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
    "jny_censored_text": {
        "ja": "データの終わりまで{days:,}日ない人（{date}より後にそのステージに入った人）は、"
        "まだ次へ進む時間が残っているため、転換とも離脱とも数えず、打ち切りとして除いています。"
        "最も多いのは{from_stage} → {to_stage}で{censored:,}人、転換率はそれ以外の"
        "{observed:,}人で計算しています。",
        "en": "People who entered a stage less than {days:,} days before the end of the data "
        "(after {date}) still have time to move on: they are counted neither as converted "
        "nor as lost (right-censored). Most of them at {from_stage} → {to_stage}: "
        "{censored:,} people; conversion there is among the other {observed:,}.",
    },
    "jny_window_latest": {
        "ja": "クローズドファネル：前のステージの行動から{days:,}日以内に次のステージへ進んだ人を"
        "数えます。起点は次のステージの直前にあった前のステージの最後の行動なので、"
        "一度離れて戻ってきた人も離脱とは数えません。",
        "en": "Closed funnel: a person counts at a stage when they reached it within {days:,} "
        "days of an event of the previous stage, the latest one before it, so people who "
        "came back are not counted as lost.",
    },
    "jny_late_entry": {
        "ja": "{people:,}人は{entry}より先に途中のステージから入っています（紹介・店舗・直接の"
        "電話など）。オープンファネルはその全員を到達したステージで数え、クローズドファネルは"
        "{entry}の行動の後に進んだステージだけを数えます。",
        "en": "{people:,} people entered mid-way, before any {entry} event (a referral, a "
        "store visit, a direct call): the open funnel counts them at every stage they "
        "reached, the closed funnel only at the stages they reached after {entry}.",
    },
    "jny_time_anchor": {
        "ja": "日数は、次のステージの直前にあった前のステージの最後の行動から数えます"
        "（一度離れて戻ってきた人は、戻ってきた時点から）。",
        "en": "Days are counted from the latest event of the previous stage before the step "
        "(a person who came back counts from the return).",
    },
    "jny_measures_rules": {
        "ja": "施策{campaigns:,}件を{programmes:,}のプログラムにまとめています"
        "（号・年度違いの同じ施策は1つとして数え、複数の号をもつプログラムは{merged:,}）。"
        "人をそのステージに入れた行動（最初の広告クリックなど）は、"
        "そのステージに届いた施策として数えません。"
        "重複は、同じステージで2つの異なるプログラムが{days:,.0f}日以内に届いた人です。",
        "en": "{campaigns:,} campaigns are grouped into {programmes:,} programmes (issues of "
        "the same measure count once; {merged:,} of the programmes have several). The "
        "event that put a person into a stage (their first ad click, say) does not count "
        "as a measure reaching them there. Duplication: two different programmes reach the "
        "person at the same stage within {days:,.0f} days.",
    },
    "jny_trend": {
        "ja": "コホート別の転換率の推移",
        "en": "Conversion over time, by cohort",
    },
    "jny_trend_rule": {
        "ja": "各遷移の前のステージに入った{period}ごとに、クローズドファネルの転換率を比べます。",
        "en": "Closed-funnel conversion of each step, by the {period} in which people "
        "entered the step's first stage.",
    },
    "jny_trend_text": {
        "ja": "{from_stage} → {to_stage}：{first}は{first_rate:.1%}、{last}は{last_rate:.1%}"
        "（観察期間が揃ったコホートの最初と最後）。",
        "en": "{from_stage} → {to_stage}: {first_rate:.1%} in {first}, {last_rate:.1%} in "
        "{last} (first and last cohort observed for the whole window).",
    },
    "jny_trend_censored": {
        "ja": "{first}以降のコホートには、まだ{days:,}日経っていない人がいます（打ち切り、"
        "図では白抜き）。その転換率は{days:,}日を観察できた人だけで計算しています。",
        "en": "Cohorts from {first} on include people who have not had {days:,} days yet "
        "(right-censored, open markers in the chart): their conversion counts only the "
        "people observed for the whole window.",
    },
    "jny_period_quarter": {"ja": "四半期", "en": "quarter"},
    "jny_period_month": {"ja": "月", "en": "month"},
    "jny_col_quarter": {"ja": "四半期", "en": "Quarter"},
    "jny_col_month": {"ja": "月", "en": "Month"},
    "jny_col_transition": {"ja": "遷移", "en": "Step"},
    "jny_col_entered": {"ja": "前のステージに入った人数", "en": "Entered"},
    "jny_col_observed": {"ja": "観察できた人数", "en": "Observed for the window"},
    "jny_col_censored": {"ja": "打ち切り（判定前）", "en": "Censored (not yet known)"},
    "jny_chart_trend": {
        "ja": "コホート期間別の転換率（白抜き：打ち切りを含む）",
        "en": "Conversion by cohort period (open markers: right-censored)",
    },
    "jny_axis_cohort": {"ja": "コホート期間", "en": "Cohort period"},
    "jny_axis_conversion": {"ja": "転換率", "en": "Conversion"},
    "jny_censored_marker": {"ja": "打ち切りを含む", "en": "right-censored"},
    # feedback topics (crm_lib.journey.touches.FEEDBACK_TOPICS), contacts and item kinds
    "jny_topic_subscription_cancel": {"ja": "定期便の解約", "en": "subscription cancellation"},
    "jny_topic_subscription_skip": {"ja": "定期便のスキップ", "en": "subscription skip"},
    "jny_topic_delivery_delay": {"ja": "配送遅延", "en": "delivery delay"},
    "jny_topic_packaging": {"ja": "容器・パッケージ", "en": "packaging"},
    "jny_topic_skin_reaction": {"ja": "肌トラブル", "en": "skin reaction"},
    "jny_topic_call_wait": {"ja": "電話の待ち時間", "en": "call waiting time"},
    "jny_topic_price": {"ja": "価格", "en": "price"},
    "jny_topic_product_effect": {"ja": "効果の実感", "en": "product effect"},
    "jny_topic_usage_question": {"ja": "使い方の質問", "en": "usage question"},
    "jny_contact_any": {"ja": "施策の送付（いずれか）", "en": "Any campaign contact"},
    "jny_contact_unsubscribed": {"ja": "配信停止", "en": "Unsubscribed"},
    "jny_item_feedback": {"ja": "お客様の声：{topic}", "en": "Feedback: {topic}"},
    "jny_item_event": {"ja": "行動：{event}", "en": "Event: {event}"},
    "jny_item_campaign": {"ja": "施策：{campaign} {name}", "en": "Campaign: {campaign} {name}"},
    "jny_end_lapse": {"ja": "購入途絶", "en": "lapse"},
    "jny_end_cancellation": {"ja": "定期便の解約", "en": "subscription cancellation"},
    "jny_yes": {"ja": "あり", "en": "yes"},
    "jny_no": {"ja": "—", "en": "—"},
    # between purchases
    "jny_between": {
        "ja": "購入と次の購入のあいだ：再購入した顧客と、しなかった顧客",
        "en": "Between one purchase and the next: who bought again and who did not",
    },
    "jny_btw_rule": {
        "ja": "顧客を購入回数でそろえ、n回目の購入から{lapse_days:,}日以内に次の購入があった人"
        "（再購入）と、なかった人（購入途絶：{lapse_days:,}日購入がない。定期便が続いている人"
        "は含めません）を比べます"
        "（n = 1〜{max_n}）。n回目の購入がデータの終わりの{lapse_days:,}日前より後の人は、"
        "結果がまだ分からないため除いています。比べる出来事は、n回目の購入の翌日から{window:,}日以内"
        "かつ次の購入より前にあったもの（お客様の声の話題、施策の送付、行動イベント）です。",
        "en": "Customers are aligned on purchase number: after their n-th purchase (n = 1 to "
        "{max_n}), those who bought again within {lapse_days:,} days (repurchased) are "
        "compared with those who did not (lapsed: no purchase for {lapse_days:,} days; a "
        "running subscription counts as staying). "
        "A purchase less than {lapse_days:,} days before the end of the data has no known "
        "outcome yet and is left out. The items compared are those in the {window:,} days "
        "after the n-th purchase and before the next one (feedback topics, campaign "
        "contacts, events).",
    },
    "jny_btw_assumption": {
        "ja": "前提：再購入が{window:,}日より早かった人は、その分だけ短い期間しか見ていません"
        "（1回目の購入後に再購入した人の間隔の中央値は{gap:.0f}日）。",
        "en": "Assumption: customers who bought again sooner than {window:,} days were "
        "observed for fewer days (median gap of those who repurchased after the first "
        "purchase: {gap:.0f} days).",
    },
    "jny_btw_absent": {
        "ja": "結果が分かる購入がないため、この比較は省略します。",
        "en": "No purchase has a known outcome yet, so this comparison is skipped.",
    },
    "jny_btw_no_items": {
        "ja": "比べられるだけの件数がある出来事（お客様の声・施策・行動）がないため、"
        "出来事の比較は省略します。",
        "en": "No item (feedback, campaign contact, event) is frequent enough to compare, so "
        "the item comparison is skipped.",
    },
    "jny_btw_none": {
        "ja": "比べた{compared:,}の出来事のうち、偽発見率{alpha:.0%}で調整すると購入途絶率に差が"
        "ある出来事はありません。",
        "en": "Of the {compared:,} items compared, none has a different lapse rate once the "
        "false discovery rate is controlled at {alpha:.0%}.",
    },
    "jny_btw_count": {
        "ja": "比べた{compared:,}の出来事のうち{flagged:,}で購入途絶率に差があります"
        "（偽発見率{alpha:.0%}で調整、Benjamini-Hochberg法）。",
        "en": "Of the {compared:,} items compared, {flagged:,} have a different lapse rate "
        "(false discovery rate controlled at {alpha:.0%}, Benjamini-Hochberg).",
    },
    "jny_btw_top": {
        "ja": "{n}回目の購入後：最も差が大きいのは{item}で、あった人の購入途絶率は{rate_with:.1%}"
        "（{with_item:,}人）、なかった人は{rate_without:.1%}、差は{points:+.1f}ポイント"
        "（95%区間 {low:+.1f}〜{high:+.1f}、Newcombe法）です。"
        "あった人の再購入率は{drop:.0%}低くなっています"
        "（95%区間 {drop_low:.0%}〜{drop_high:.0%}）。",
        "en": "After purchase {n}: the largest difference is {item}: customers with it lapsed "
        "at {rate_with:.1%} ({with_item:,} customers) against {rate_without:.1%} without, "
        "{points:+.1f} points (95% Newcombe interval {low:+.1f} to {high:+.1f}); their "
        "repurchase rate is {drop:.0%} lower (95% interval {drop_low:.0%} to {drop_high:.0%}).",
    },
    "jny_btw_lower": {
        "ja": "{n}回目の購入後に{item}があった人の購入途絶率は{rate_with:.1%}で、"
        "なかった人（{rate_without:.1%}）より低くなっています。",
        "en": "After purchase {n}, customers with {item} lapsed less: "
        "{rate_with:.1%} against {rate_without:.1%} without.",
    },
    "jny_btw_caveat": {
        "ja": "これは関連であり、原因とは限りません。施策は購入が途絶えそうな顧客に送られることも"
        "あり、出来事と購入途絶の両方に共通の理由があるかもしれません。施策の効果は対照群との比較で"
        "確かめます。",
        "en": "This is an association, not a cause: campaigns may be sent to customers who "
        "are already drifting away, and a common reason may lie behind both. A measure's "
        "effect is verified against a control group.",
    },
    # backwards from an end point
    "jny_backwards": {
        "ja": "終点からさかのぼる：購入途絶・解約の前に何があったか",
        "en": "Read backwards: what preceded a lapse or a cancellation",
    },
    "jny_bwd_rule": {
        "ja": "購入途絶（最後の購入から{lapse_days:,}日購入がない）は、その{lapse_days:,}日を"
        "さかのぼり、その直前の{lapse_days:,}日（最後の購入まで）と比べます。定期便の解約は、"
        "解約日の前{days:,}日（解約日当日を除く）を、その前の{days:,}日と比べます。"
        "どちらも同じ顧客の以前の期間との比較で、その期間もデータにある顧客だけを数えます"
        "（購入途絶{lapses:,}件、解約{cancellations:,}件）。",
        "en": "A lapse (no purchase for {lapse_days:,} days) is read back over the "
        "{lapse_days:,} days without purchase after the last one, against the "
        "{lapse_days:,} days before (up to the last purchase); a subscription cancellation "
        "over the {days:,} days before the end date (the day itself left out), against the "
        "{days:,} days before those. Both compare the same customers with their earlier "
        "period, and count only customers in the data for all of it ({lapses:,} lapses, "
        "{cancellations:,} cancellations).",
    },
    "jny_bwd_top": {
        "ja": "{end}の前に多かったのは{items}です。",
        "en": "Before a {end}, the most common items were {items}.",
    },
    "jny_bwd_share": {"ja": "{item}（{share:.0%}）", "en": "{item} ({share:.0%})"},
    "jny_bwd_flagged": {
        "ja": "{end}の前の期間には、同じ顧客の以前の期間より{item}が多く見られます："
        "{share:.1%}（95%区間 {low:.1%}〜{high:.1%}）対{base:.1%}"
        "（McNemarの正確検定、偽発見率{alpha:.0%}で調整）。",
        "en": "Before a {end}, {item} is more common than in the same customers' earlier "
        "period: {share:.1%} (95% interval {low:.1%} to {high:.1%}) against {base:.1%} "
        "(exact McNemar test, false discovery rate {alpha:.0%}).",
    },
    "jny_bwd_none": {
        "ja": "{end}の前の期間と以前の期間で、差のある出来事はありません（偽発見率{alpha:.0%}）。",
        "en": "No item differs between the period before a {end} and the earlier one "
        "(false discovery rate {alpha:.0%}).",
    },
    "jny_bwd_absent": {
        "ja": "以前の期間もデータにある購入途絶・解約がないか、比べる出来事のデータがないため、"
        "この分析は省略します。",
        "en": "No lapse or cancellation has its earlier period in the data, or there is no "
        "data on touches, so this analysis is skipped.",
    },
    "jny_bwd_caveat": {
        "ja": "これは関連です。購入途絶の前の期間は購入がない期間なので、購入に伴う行動は少なく、"
        "休眠顧客向けの施策は多くなります。また以前の期間は暦の上でも前なので、最近始まった施策は"
        "終点の前に多く見えます（前提：比べる以前の期間は同じ顧客のふだんの状態）。",
        "en": "This is an association. The period before a lapse has no purchase by "
        "definition, so touches that come with buying are rarer there and win-back "
        "campaigns more common; the earlier period is also earlier in the calendar, so "
        "campaigns that started recently look more common before the end (assumption: the "
        "earlier period shows the same customers as usual).",
    },
    # tables and charts
    "jny_col_purchase_number": {"ja": "購入回数 n", "en": "Purchase n"},
    "jny_col_intervals": {"ja": "結果が分かる顧客", "en": "Customers (known outcome)"},
    "jny_col_lapsed": {"ja": "購入途絶", "en": "Lapsed"},
    "jny_col_lapse_rate": {"ja": "購入途絶率", "en": "Lapse rate"},
    "jny_col_median_gap": {"ja": "再購入までの日数（中央値）", "en": "Median days to repurchase"},
    "jny_col_item": {"ja": "出来事", "en": "Item"},
    "jny_col_with_item": {"ja": "あった人", "en": "Customers with it"},
    "jny_col_rate_with": {"ja": "購入途絶率（あり）", "en": "Lapse rate with"},
    "jny_col_rate_without": {"ja": "購入途絶率（なし）", "en": "Lapse rate without"},
    "jny_col_diff_pts": {"ja": "差（ポイント）", "en": "Difference (pts)"},
    "jny_col_ci_low_pts": {"ja": "95%区間 下限", "en": "95% CI low"},
    "jny_col_ci_high_pts": {"ja": "95%区間 上限", "en": "95% CI high"},
    "jny_col_repurchase_drop": {"ja": "再購入率の低下", "en": "Repurchase rate drop"},
    "jny_col_q_value": {"ja": "q値（BH）", "en": "q-value (BH)"},
    "jny_col_flagged": {"ja": "差あり", "en": "Flagged"},
    "jny_col_end_kind": {"ja": "終点", "en": "End point"},
    "jny_col_end_points": {"ja": "件数", "en": "End points"},
    "jny_col_share_window": {"ja": "終点の前", "en": "Before the end"},
    "jny_col_share_baseline": {"ja": "以前の期間", "en": "Earlier period"},
    "jny_chart_between": {
        "ja": "出来事があった人となかった人の購入途絶率の差（ポイント、95%区間）",
        "en": "Lapse rate with minus without the item (points, 95% interval)",
    },
    "jny_chart_backwards": {
        "ja": "終点の前と同じ顧客の以前の期間：出来事があった割合",
        "en": "Share with each item: before the end vs the same customers earlier",
    },
    "jny_axis_diff_pts": {"ja": "購入途絶率の差（ポイント）", "en": "Lapse rate difference (pts)"},
    "jny_axis_share": {"ja": "割合", "en": "Share"},
    "jny_after_purchase": {"ja": "{n}回目の購入後", "en": "After purchase {n}"},
    "jny_quarter": {"ja": "{year}年第{quarter}四半期", "en": "{year} Q{quarter}"},
}
