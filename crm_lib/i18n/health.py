"""Labels of the data-health report."""

LABELS: dict[str, dict[str, str]] = {
    "health_overview": {"ja": "概要", "en": "Overview"},
    "health_headline": {
        "ja": "{first_order_date:%Y年%m月%d日}から{last_order_date:%Y年%m月%d日}までに、"
        "{customers:,}人の顧客が{transactions:,}件の取引を行い、返品控除後の売上は{revenue}でした。",
        "en": "From {first_order_date:%d %b %Y} to {last_order_date:%d %b %Y}, {customers:,} "
        "customers made {transactions:,} transactions worth {revenue} net of returns.",
    },
    "health_tables": {"ja": "読み込んだテーブル", "en": "Tables loaded"},
    "health_tables_absent": {
        "ja": "次のテーブルはありません：{tables}。これらを使う分析はその旨を表示して省略します。",
        "en": "These tables are absent: {tables}. Analyses that need them say so and skip "
        "that part.",
    },
    "health_all_tables": {
        "ja": "8種類すべてのテーブルがそろっています。",
        "en": "All eight tables are present.",
    },
    "health_after_end": {
        "ja": "観測終了日（{end:%Y-%m-%d}）より後の取引{rows:,}件は分析から除外しました。",
        "en": "{rows:,} transactions after the observation end ({end:%Y-%m-%d}) were left out "
        "of the analysis.",
    },
    "health_none_after_end": {
        "ja": "観測終了日（{end:%Y-%m-%d}）より後の取引はありません。",
        "en": "No transactions fall after the observation end ({end:%Y-%m-%d}).",
    },
    "health_customer_coverage": {
        "ja": "購買履歴の顧客のうち{share:.1%}が顧客マスタに登録されています。",
        "en": "{share:.1%} of the customers in the transactions are in the customers table.",
    },
    "health_monthly": {"ja": "月別の推移", "en": "Month by month"},
    "health_peak": {
        "ja": "売上が最も多かったのは{month:%Y年%m月}（{revenue}）、"
        "新規顧客が最も多かったのは{new_month:%Y年%m月}（{new_customers:,}人）です。",
        "en": "Revenue peaked in {month:%B %Y} ({revenue}); new customers peaked in "
        "{new_month:%B %Y} ({new_customers:,}).",
    },
    "health_returns": {"ja": "返品", "en": "Returns"},
    "health_no_returns": {
        "ja": "返品・返金（マイナス金額の取引）はありません。",
        "en": "There are no returns or refunds (negative amounts).",
    },
    "health_returns_text": {
        "ja": "返品・返金は取引の{rows:.1%}、売上（返品前）の{sales:.1%}にあたります。"
        "返品はマイナス金額として残し、売上から差し引いています。",
        "en": "Returns and refunds are {rows:.1%} of transactions and {sales:.1%} of gross "
        "sales. They are kept as negative amounts and netted from revenue.",
    },
    "health_quality": {"ja": "欠損と重複", "en": "Missing values and duplicates"},
    "health_no_missing": {
        "ja": "入力された列に欠損はありません。",
        "en": "No provided column has empty values.",
    },
    "health_missing_text": {
        "ja": "設計上の空欄を除くと、欠損があるのは{columns}列です。"
        "最も多いのは{table}の{column}列（{share:.1%}）です。",
        "en": "Apart from empty values by design, {columns} columns have empty values; the "
        "most is {column} of {table} ({share:.1%}).",
    },
    "health_duplicates": {
        "ja": "同じ顧客・同じ日・同じ金額の取引が{count:,}件あります（二重登録の可能性）。",
        "en": "{count:,} transactions repeat another's customer, day and amount "
        "(possible double entries).",
    },
    "health_no_duplicates": {
        "ja": "注文番号の重複はなく、同一顧客・同日・同額の取引もありません。",
        "en": "No order id repeats, and no two transactions share customer, day and amount.",
    },
    "health_table_column": {"ja": "{table}・{column}", "en": "{table} · {column}"},
    "health_missing_by_design": {"ja": "設計上の空欄", "en": "By design"},
    "health_missing_gap": {"ja": "欠損", "en": "Gap"},
    "health_head_meaning": {"ja": "空欄の意味", "en": "What empty means"},
    "health_no_missing_gaps": {
        "ja": "設計上の空欄を除くと、入力された列に欠損はありません。",
        "en": "Apart from empty values by design, no provided column has empty values.",
    },
    "health_by_design_text": {
        "ja": "{columns}列の空欄は設計上のもので、欠損として数えていません。"
        "最も多いのは{table}の{column}列（{share:.1%}、{means}）です。",
        "en": "Empty values in {columns} columns are by design and not counted as gaps; "
        "the most are in {column} of {table} ({share:.1%}: {means}).",
    },
    # what an empty value means where it is by design (crm_lib.contract: empty_means)
    "health_empty_subscriptions_end_date": {"ja": "継続中", "en": "still running"},
    "health_empty_subscriptions_cancel_reason": {
        "ja": "継続中、または理由の記入なし",
        "en": "still running, or no reason given",
    },
    "health_empty_events_customer_id": {
        "ja": "見込み客の行動（まだ顧客ではない）",
        "en": "a prospect's step, not yet a customer",
    },
    "health_empty_events_lead_id": {
        "ja": "見込み客としての記録がない顧客の行動",
        "en": "a customer's step without a prospect record",
    },
    "health_empty_leads_first_contact_at": {"ja": "まだ接触していない", "en": "not contacted yet"},
    "health_empty_leads_customer_id": {"ja": "まだ顧客になっていない", "en": "not yet a customer"},
    "health_empty_feedback_rating": {
        "ja": "評価を尋ねない記録（コールセンターのメモ）",
        "en": "no rating asked (call-centre notes)",
    },
    # columns of the data contract, as pages name them
    "health_col_acquisition_channel": {"ja": "獲得チャネル", "en": "acquisition channel"},
    "health_col_age_band": {"ja": "年代", "en": "age band"},
    "health_col_amount": {"ja": "金額", "en": "amount"},
    "health_col_answer": {"ja": "回答", "en": "answer"},
    "health_col_answered_at": {"ja": "回答日時", "en": "answered at"},
    "health_col_campaign_id": {"ja": "施策ID", "en": "campaign id"},
    "health_col_campaign_name": {"ja": "施策名", "en": "campaign name"},
    "health_col_cancel_reason": {"ja": "解約理由", "en": "cancel reason"},
    "health_col_category": {"ja": "カテゴリ", "en": "category"},
    "health_col_channel": {"ja": "チャネル", "en": "channel"},
    "health_col_contact_id": {"ja": "接触ID", "en": "contact id"},
    "health_col_created_at": {"ja": "登録日時", "en": "created at"},
    "health_col_customer_id": {"ja": "顧客ID", "en": "customer id"},
    "health_col_date": {"ja": "日付", "en": "date"},
    "health_col_email": {"ja": "メールアドレス", "en": "e-mail"},
    "health_col_end_date": {"ja": "終了日", "en": "end date"},
    "health_col_event_id": {"ja": "イベントID", "en": "event id"},
    "health_col_event_time": {"ja": "発生日時", "en": "event time"},
    "health_col_event_type": {"ja": "イベント種別", "en": "event type"},
    "health_col_feedback_id": {"ja": "お客様の声ID", "en": "feedback id"},
    "health_col_first_contact_at": {"ja": "初回接触日時", "en": "first contact"},
    "health_col_gender": {"ja": "性別", "en": "gender"},
    "health_col_group": {"ja": "群（施策・対照）", "en": "group"},
    "health_col_lead_id": {"ja": "見込み客ID", "en": "lead id"},
    "health_col_name": {"ja": "氏名", "en": "name"},
    "health_col_order_date": {"ja": "注文日", "en": "order date"},
    "health_col_order_id": {"ja": "注文番号", "en": "order id"},
    "health_col_phone": {"ja": "電話番号", "en": "phone"},
    "health_col_plan": {"ja": "プラン", "en": "plan"},
    "health_col_precipitation_mm": {"ja": "降水量（mm）", "en": "precipitation (mm)"},
    "health_col_prefecture": {"ja": "都道府県", "en": "prefecture"},
    "health_col_quantity": {"ja": "数量", "en": "quantity"},
    "health_col_question": {"ja": "設問", "en": "question"},
    "health_col_rating": {"ja": "評価", "en": "rating"},
    "health_col_region": {"ja": "地域", "en": "region"},
    "health_col_responded": {"ja": "反応", "en": "responded"},
    "health_col_revenue": {"ja": "売上", "en": "revenue"},
    "health_col_sent_at": {"ja": "送付日時", "en": "sent at"},
    "health_col_signup_date": {"ja": "登録日", "en": "signup date"},
    "health_col_skips": {"ja": "スキップ回数", "en": "skips"},
    "health_col_source": {"ja": "流入元", "en": "source"},
    "health_col_stage": {"ja": "段階", "en": "stage"},
    "health_col_start_date": {"ja": "開始日", "en": "start date"},
    "health_col_status": {"ja": "状況", "en": "status"},
    "health_col_subscription_id": {"ja": "定期便ID", "en": "subscription id"},
    "health_col_temperature_c": {"ja": "気温（℃）", "en": "temperature (°C)"},
    "health_col_text": {"ja": "本文", "en": "text"},
    "health_col_unsubscribed": {"ja": "配信停止", "en": "unsubscribed"},
    "health_col_weather": {"ja": "天気", "en": "weather"},
    # consistency checks
    "health_checks": {"ja": "整合性のチェック", "en": "Consistency checks"},
    "health_check_unmatched_returns": {
        "ja": "対応する購入のない返品",
        "en": "Returns without a matching purchase",
    },
    "health_check_orphans": {"ja": "参照先のないID", "en": "Ids that match nothing"},
    "health_check_month_gaps": {"ja": "注文のない月", "en": "Months without orders"},
    "health_check_extreme_amounts": {"ja": "極端な金額", "en": "Extreme amounts"},
    "health_check_code_renames": {"ja": "途中で変わったコード", "en": "Codes renamed part-way"},
    "health_head_check": {"ja": "チェック", "en": "Check"},
    "health_head_count": {"ja": "件数", "en": "Count"},
    "health_head_severity": {"ja": "重要度", "en": "Severity"},
    "health_head_sample": {"ja": "該当するキーの例", "en": "Sample keys"},
    "health_severity_high": {"ja": "高", "en": "High"},
    "health_severity_medium": {"ja": "中", "en": "Medium"},
    "health_severity_ok": {"ja": "問題なし", "en": "OK"},
    "health_target_customers": {
        "ja": "顧客（顧客マスタ・購買履歴）",
        "en": "customer (customers table or transactions)",
    },
    "health_target_leads": {"ja": "見込み客", "en": "prospect"},
    "health_target_feedback": {"ja": "お客様の声", "en": "feedback row"},
    "health_unmatched_returns": {
        "ja": "返品・返金{count:,}件に、対応する購入（同じ顧客で、返品日以前{days:,}日以内の、"
        "返品額以上の注文）がありません（例：注文番号{sample}）。元の注文がデータにないか、"
        "別の顧客に計上されている可能性があります。",
        "en": "{count:,} returns have no matching purchase (same customer, up to {days:,} days "
        "before, at least the refunded amount), e.g. order ids {sample}: the original order "
        "is missing from the export, or the return was booked to another customer.",
    },
    "health_no_unmatched_returns": {
        "ja": "すべての返品・返金に、同じ顧客の対応する購入があります。",
        "en": "Every return matches an earlier purchase of the same customer.",
    },
    "health_orphans": {
        "ja": "{table}の{count:,}行（{keys:,}種類のID）で、{column}がどの{target}とも"
        "一致しません（例：{sample}）。これらの行は結合する分析から漏れます。",
        "en": "{count:,} rows of {table} ({keys:,} distinct ids) have a {column} that matches "
        "no {target} (e.g. {sample}); analyses that join them lose these rows.",
    },
    "health_no_orphans": {
        "ja": "他のテーブルの顧客ID・見込み客ID・お客様の声IDは、すべて参照先にあります。",
        "en": "Every customer, prospect and feedback id in the other tables matches a row.",
    },
    "health_month_gaps": {
        "ja": "観測期間の途中に、注文が1件もない月が{count}か月あります（{months}）。"
        "その月のデータが取り込まれていない可能性があります。",
        "en": "{count} months inside the observed span have no orders ({months}): their data "
        "may be missing from the export.",
    },
    "health_no_month_gaps": {
        "ja": "観測期間の途中に、注文のない月はありません。",
        "en": "Every month inside the observed span has orders.",
    },
    "health_extreme_amounts": {
        "ja": "金額が{threshold}を超える取引が{count:,}件あります（例：注文番号{sample}）。"
        "桁の誤りや合計額の入力でないか確認してください"
        "（基準：購入額の対数の第3四分位＋{factor:g}×四分位範囲）。",
        "en": "{count:,} transactions exceed {threshold} (e.g. order ids {sample}); check for "
        "a misplaced decimal point or a total typed as an amount (rule: Q3 + {factor:g} × "
        "IQR of log purchase amounts).",
    },
    "health_no_extreme_amounts": {
        "ja": "{threshold}（購入額の対数の第3四分位＋{factor:g}×四分位範囲）を超える"
        "極端な金額の取引はありません。",
        "en": "No transaction exceeds {threshold} (Q3 + {factor:g} × IQR of log purchase amounts).",
    },
    "health_extreme_too_few": {
        "ja": "購入が少ないため、極端な金額のチェックは行っていません。",
        "en": "Too few purchases to check for extreme amounts.",
    },
    "health_code_renames": {
        "ja": "{table}の{column}で、「{old}」がなくなり、{month}から入れ替わるように"
        "「{new}」が現れました（コード名の変更の可能性）。期間を通した集計では同じものとして"
        "扱う必要があるかもしれません。",
        "en": "In {column} of {table}, '{old}' stops and '{new}' starts in {month} with a "
        "similar share: a renamed code? Totals over the whole period may need to treat "
        "them as one.",
    },
    "health_no_code_renames": {
        "ja": "チャネル・カテゴリのコードに、期間の途中で名前が変わったものは見られません。",
        "en": "No channel or category code looks renamed part-way.",
    },
    "health_chart_gap": {"ja": "欠損", "en": "Gaps"},
    "health_chart_by_design": {"ja": "設計上の空欄", "en": "By design"},
    "health_source_demo": {
        "ja": "デモデータ（シード{seed}、顧客{customers:,}人）",
        "en": "Demo data (seed {seed}, {customers:,} customers)",
    },
    "health_source_cdnow": {
        "ja": "CDNOWの公開データ（{dataset}）",
        "en": "CDNOW public data ({dataset})",
    },
    # where a table came from (crm_lib.health.source): the kinds of source and CDNOW's sets
    "health_source_files": {"ja": "ファイル {path}", "en": "File {path}"},
    "health_source_duckdb": {
        "ja": "DuckDBファイル {path} のテーブル {table}",
        "en": "Table {table} of the DuckDB file {path}",
    },
    "health_source_query": {
        "ja": "DuckDBファイル {path} へのSQLクエリ",
        "en": "SQL query on the DuckDB file {path}",
    },
    "health_cdnow_sample": {"ja": "サンプル版、2,357人", "en": "sample, 2,357 customers"},
    "health_cdnow_master": {"ja": "全体版、23,570人", "en": "master, 23,570 customers"},
}
