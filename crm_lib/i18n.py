"""Report text and chart labels in Japanese and English: one table, one lookup.

Every label a stakeholder reads comes from :data:`LABELS`; notebooks and chart functions
never carry their own strings. ``Translator(lang)("orders")`` returns the label.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["ja", "en"]
LANGUAGES: tuple[Language, ...] = ("ja", "en")

LABELS: dict[str, dict[str, str]] = {
    # page frame
    "index_title": {"ja": "CRM分析レポート", "en": "CRM analysis reports"},
    "back_to_index": {"ja": "レポート一覧へ", "en": "All reports"},
    "run": {"ja": "実行", "en": "Run"},
    "data_period": {"ja": "データ期間", "en": "Data period"},
    "generated_at": {"ja": "作成日時", "en": "Generated"},
    "status": {"ja": "状態", "en": "Status"},
    "status_succeeded": {"ja": "成功", "en": "succeeded"},
    "status_failed": {"ja": "失敗", "en": "failed"},
    "status_skipped": {"ja": "未実行", "en": "not run"},
    "seconds": {"ja": "所要時間（秒）", "en": "Seconds"},
    "report": {"ja": "レポート", "en": "Report"},
    "data_freshness": {"ja": "最終データ日からの経過日数", "en": "Days since the last data"},
    "failed_cell": {"ja": "失敗したセル", "en": "Failed cell"},
    # notebooks
    "nb_data_health": {"ja": "データ品質", "en": "Data health"},
    "nb_segments": {"ja": "顧客セグメント", "en": "Customer segments"},
    "nb_ltv": {"ja": "顧客生涯価値（LTV）", "en": "Customer lifetime value"},
    "nb_churn": {"ja": "離反予測", "en": "Churn prediction"},
    "nb_journey": {"ja": "カスタマージャーニー", "en": "Customer journey"},
    "nb_leads": {"ja": "見込み客フォロー", "en": "Prospect follow-up"},
    "nb_campaigns": {"ja": "施策の効果検証", "en": "Campaign effect verification"},
    "nb_voice": {"ja": "お客様の声", "en": "Voice of the customer"},
    "nb_executive": {"ja": "エグゼクティブサマリー", "en": "Executive summary"},
    # tables and measures
    "table": {"ja": "テーブル", "en": "Table"},
    "rows": {"ja": "行数", "en": "Rows"},
    "rows_after_end": {"ja": "観測終了日より後（除外）", "en": "After observation end (left out)"},
    "first_date": {"ja": "最初の日付", "en": "First date"},
    "last_date": {"ja": "最後の日付", "en": "Last date"},
    "source": {"ja": "入力元", "en": "Source"},
    "absent": {"ja": "なし", "en": "absent"},
    "column": {"ja": "列", "en": "Column"},
    "missing": {"ja": "欠損数", "en": "Missing"},
    "missing_share": {"ja": "欠損率", "en": "Missing share"},
    "month": {"ja": "月", "en": "Month"},
    "orders": {"ja": "注文数", "en": "Orders"},
    "revenue": {"ja": "売上", "en": "Revenue"},
    "new_customers": {"ja": "新規顧客数", "en": "New customers"},
    "customers": {"ja": "顧客数", "en": "Customers"},
    "returns": {"ja": "返品数", "en": "Returns"},
    "return_share": {"ja": "返品率", "en": "Share of returns"},
    "possible_duplicates": {
        "ja": "重複の疑い（同一顧客・同日・同額）",
        "en": "Possible duplicates (same customer, day and amount)",
    },
    "chart_monthly_activity": {
        "ja": "月別の売上・注文数・新規顧客数",
        "en": "Revenue, orders and new customers per month",
    },
    "chart_missing_values": {"ja": "列ごとの欠損率", "en": "Share of empty values per column"},
    # data health
    "health_overview": {"ja": "概要", "en": "Overview"},
    "health_headline": {
        "ja": "{first_order_date:%Y年%m月%d日}から{last_order_date:%Y年%m月%d日}までに、"
        "{customers:,}人の顧客が{transactions:,}件の取引を行い、返品控除後の売上は{revenue:,.0f}でした。",
        "en": "From {first_order_date:%d %b %Y} to {last_order_date:%d %b %Y}, {customers:,} "
        "customers made {transactions:,} transactions worth {revenue:,.0f} net of returns.",
    },
    "health_tables": {"ja": "読み込んだテーブル", "en": "Tables loaded"},
    "health_tables_absent": {
        "ja": "次のテーブルはありません：{tables}。これらを使う分析はその旨を表示して省略します。",
        "en": "These tables are absent: {tables}. Analyses that need them say so and skip "
        "that part.",
    },
    "list_separator": {"ja": "、", "en": ", "},
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
        "ja": "売上が最も多かったのは{month:%Y年%m月}（{revenue:,.0f}）、"
        "新規顧客が最も多かったのは{new_month:%Y年%m月}（{new_customers:,}人）です。",
        "en": "Revenue peaked in {month:%B %Y} ({revenue:,.0f}); new customers peaked in "
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
        "ja": "欠損があるのは{columns}列です。最も多いのは{worst}（{share:.1%}）です。",
        "en": "{columns} columns have empty values; the most is {worst} ({share:.1%}).",
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
    "present": {"ja": "あり", "en": "present"},
    "table_transactions": {"ja": "購買履歴", "en": "Transactions"},
    "table_customers": {"ja": "顧客マスタ", "en": "Customers"},
    "table_subscriptions": {"ja": "定期便", "en": "Subscriptions"},
    "table_events": {"ja": "行動イベント", "en": "Events"},
    "table_leads": {"ja": "見込み客", "en": "Leads"},
    "table_contacts": {"ja": "施策接触", "en": "Contacts"},
    "table_feedback": {"ja": "お客様の声", "en": "Feedback"},
    "table_context": {"ja": "外部データ（天気など）", "en": "Context (weather …)"},
}


class Translator:
    """Looks labels up in one language; an unknown key is a bug and raises KeyError."""

    def __init__(self, language: Language = "ja"):
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
        self.language = language

    def notebook_title(self, name: str) -> str:
        """A notebook's report title; a notebook the table does not know shows its name."""
        key = f"nb_{name}"
        return self(key) if key in LABELS else name.replace("_", " ").capitalize()

    def __call__(self, key: str, **values) -> str:
        text = LABELS[key][self.language]
        return text.format(**values) if values else text
