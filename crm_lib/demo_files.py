"""Writing the demo company to files: one per canonical table, the truth, and a config.

The config written beside the files runs the pipeline on exactly those files
(``data.source: files``): the starting point for a user's own config. With
``japanese_headers`` the tables look like a Japanese system's export: Japanese column
names, dates as 2025/01/31, and (with ``encoding="cp932"``) Shift_JIS text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from crm_lib.io import write_json, write_table, write_yaml

CONFIG_HEADER = """\
# Runs CRM Workbench on the files in this folder (written by `crm demo-data`).
# To use your own data, point each table's path at your export and map its columns
# (canonical name: your header); encoding is auto | utf-8 | cp932 (Shift_JIS).
"""

# Column names as a Japanese CRM or order system might export them.
JAPANESE_HEADERS: dict[str, dict[str, str]] = {
    "transactions": {"order_id": "受注番号", "customer_id": "顧客番号", "order_date": "受注日",
                     "amount": "税込金額", "channel": "販売チャネル", "category": "商品カテゴリ",
                     "quantity": "数量"},
    "customers": {"customer_id": "顧客番号", "signup_date": "会員登録日", "prefecture": "都道府県",
                  "region": "地方", "age_band": "年代", "gender": "性別",
                  "acquisition_channel": "獲得チャネル", "name": "氏名", "email": "メールアドレス",
                  "phone": "電話番号"},
    "subscriptions": {"subscription_id": "定期契約番号", "customer_id": "顧客番号",
                      "plan": "定期コース", "start_date": "開始日", "end_date": "解約日",
                      "skips": "スキップ回数", "cancel_reason": "解約理由"},
    "events": {"event_id": "イベント番号", "customer_id": "顧客番号", "lead_id": "見込み客番号",
               "event_time": "発生日時", "event_type": "イベント種別", "channel": "チャネル",
               "stage": "ステージ"},
    "leads": {"lead_id": "見込み客番号", "created_at": "登録日時", "source": "流入元",
              "first_contact_at": "初回対応日時", "status": "状況", "customer_id": "顧客番号"},
    "contacts": {"contact_id": "接触番号", "customer_id": "顧客番号", "campaign_id": "施策ID",
                 "campaign_name": "施策名", "channel": "チャネル", "sent_at": "配信日時",
                 "group": "群", "responded": "反応有無", "revenue": "反応売上",
                 "unsubscribed": "配信停止"},
    "feedback": {"feedback_id": "受付番号", "customer_id": "顧客番号", "created_at": "受付日時",
                 "channel": "受付チャネル", "rating": "評価", "text": "内容"},
    "survey_answers": {"feedback_id": "受付番号", "question": "設問", "answer": "回答",
                       "answered_at": "回答日時"},
    "context": {"region": "都道府県", "date": "日付", "weather": "天気",
                "precipitation_mm": "降水量_mm", "temperature_c": "気温_c"},
}  # fmt: skip


def write_demo_company(
    company,
    out_dir: Path,
    fmt: Literal["parquet", "csv"] = "parquet",
    *,
    encoding: Literal["utf-8", "cp932"] = "utf-8",
    japanese_headers: bool = False,
    tables: Iterable[str] | None = None,
) -> list[Path]:
    """Write the tables (all, or ``tables``), ``truth.json``, the per-customer truth and
    ``config.yaml``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = list(tables) if tables is not None else list(company.tables)
    unknown = sorted(set(names) - set(company.tables))
    if unknown:
        raise ValueError(f"unknown table(s): {', '.join(unknown)}")
    written, entries = [], {}
    for name in names:
        frame = company.tables[name]
        entry: dict = {"path": f"{name}.{fmt}"}
        if fmt == "csv":
            entry["encoding"] = encoding
        if japanese_headers:
            headers = {k: v for k, v in JAPANESE_HEADERS[name].items() if k in frame.columns}
            frame = frame.rename(columns=headers)
            entry["columns"] = headers
        slash_dates = japanese_headers and fmt == "csv"
        written.append(
            write_table(frame, out_dir / entry["path"], encoding=encoding, slash_dates=slash_dates)
        )
        entries[name] = entry
    written.append(write_table(company.truth_customers, out_dir / f"truth_customers.{fmt}"))
    written.append(write_json(company.truth, out_dir / "truth.json"))
    config = {
        "name": "demo-files",
        "language": "ja",
        "data": {"source": "files", "tables": entries},
        "period": {"observation_end": company.end},
    }
    written.append(write_yaml(config, out_dir / "config.yaml", CONFIG_HEADER))
    return written
