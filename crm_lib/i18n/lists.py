"""Labels of the action lists written beside the pages (lists/<name>.csv, .xlsx)."""

#: the inputs of the uplift model (crm_lib.experiments.uplift), as reasons of the
#: do-not-disturb list
_FEATURES = {
    "recency_days": ("最終購入からの日数", "Days since the last purchase"),
    "tenure_days": ("初回購入からの日数", "Days since the first purchase"),
    "orders": ("注文数", "Orders"),
    "purchase_days": ("購入日数", "Purchase days"),
    "mean_gap_days": ("平均購入間隔（日）", "Mean days between purchases"),
    "overdue_ratio": ("購入間隔に対する経過の比", "Days since last purchase / usual gap"),
    "orders_90d": ("直近90日の注文数", "Orders in the last 90 days"),
    "spend_total": ("累計購入額", "Spend to date"),
    "spend_365d": ("直近1年の購入額", "Spend in the last year"),
    "avg_order_value": ("平均注文単価", "Average order value"),
    "rank_level": ("会員ランク（0が最上位）", "Membership rank (0 = top)"),
    "sends_30d": ("直近30日の施策接触数", "Messages in the last 30 days"),
    "sends_before": ("これまでの施策接触数", "Messages before"),
    "subscription_active": ("定期便の継続中", "Running subscription"),
    "age_band": ("年代", "Age band"),
    "gender": ("性別", "Gender"),
    "region": ("地域", "Region"),
    "acquisition_channel": ("獲得チャネル", "Acquisition channel"),
    "channel": ("チャネル", "Channel"),
    "campaign_id": ("施策", "Campaign"),
}
#: list titles (link lines, Excel sheet names: at most 31 characters)
_TITLES = {
    "rank_at_risk": ("ランク維持が危うい会員", "Members whose rank is at risk"),
    "cpm_lapsed": ("休眠顧客（掘り起こし対象）", "Lapsed customers to reactivate"),
    "churn_at_risk": ("離反リスクの高い顧客", "Customers at risk of churn"),
    "do_not_disturb": ("接触を控える顧客", "Customers not to contact"),
    "leads_priority": ("優先してフォローする見込み客", "Leads to contact first"),
}
_COLUMNS = {
    "position": ("順位", "Position"),
    "name": ("氏名", "Name"),
    "name_masked": ("氏名（マスク済）", "Name (masked)"),
    "email": ("メールアドレス", "E-mail"),
    "email_masked": ("メールアドレス（マスク済）", "E-mail (masked)"),
    "phone": ("電話番号", "Phone"),
    "phone_masked": ("電話番号（マスク済）", "Phone (masked)"),
    "scheduled_deliveries": ("期限までの定期便お届け回数", "Scheduled deliveries by then"),
    "recency_days": ("最終購入からの日数", "Days since the last purchase"),
    "purchase_days": ("購入日数", "Purchase days"),
    "spend": ("累計購入額（返品差引後）", "Net spend to date"),
    "reason_1": ("理由1", "Reason 1"),
    "reason_2": ("理由2", "Reason 2"),
    "value_1": ("理由1の値", "Value of reason 1"),
    "value_2": ("理由2の値", "Value of reason 2"),
    "predicted_uplift": ("予測される反応率の変化（施策あり−なし）",
                         "Predicted uplift (response with minus without)"),
}  # fmt: skip

LABELS = {
    **{f"lists_feature_{k}": {"ja": ja, "en": en} for k, (ja, en) in _FEATURES.items()},
    **{f"lists_title_{k}": {"ja": ja, "en": en} for k, (ja, en) in _TITLES.items()},
    **{f"lists_col_{k}": {"ja": ja, "en": en} for k, (ja, en) in _COLUMNS.items()},
    "lists_money_header": {"ja": "{label}（{unit}）", "en": "{label} ({unit})"},
    "lists_download": {
        "ja": "一覧（{title}、{rows:,}件）：",
        "en": "List ({title}, {rows:,} rows):",
    },
    "lists_csv_utf8": {"ja": "CSV（UTF-8）", "en": "CSV (UTF-8)"},
    "lists_csv_cp932": {"ja": "CSV（Shift_JIS）", "en": "CSV (Shift_JIS)"},
    "lists_xlsx": {"ja": "Excel", "en": "Excel"},
    "lists_csv": {"ja": "CSV", "en": "CSV"},  # the run index: a list's files
    "lists_files": {"ja": "一覧ファイル（Excel用）", "en": "Lists for Excel"},
    "lists_replaced": {
        "ja": "Shift_JISで表せない{chars:,}文字はCSVでは〓と書いています（Excel版はそのまま）。",
        "en": "{chars:,} characters Shift_JIS cannot hold are written as 〓 in the CSV "
        "(the Excel file keeps them).",
    },
    "lists_xlsx_too_long": {
        "ja": "{limit:,}件を超えるため、Excel版は作っていません（CSVのみ）。",
        "en": "Longer than {limit:,} rows, so only as CSV (no Excel file).",
    },
}
