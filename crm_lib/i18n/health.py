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
        "ja": "欠損があるのは{columns}列です。最も多いのは{table}の{column}列（{share:.1%}）です。",
        "en": "{columns} columns have empty values; the most is {column} of {table} ({share:.1%}).",
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
}
