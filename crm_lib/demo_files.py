"""Writing the demo company to files: one per canonical table, the truth, and a config.

The config written beside the files runs the pipeline on exactly those files
(``data.source: files``): the starting point for a user's own config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from crm_lib.io import write_json, write_table, write_yaml

CONFIG_HEADER = """\
# Runs CRM Workbench on the files in this folder (written by `crm demo-data`).
# To use your own data, point each table's path at your export and map its columns:
#   transactions:
#     path: exports/orders_*.csv
#     encoding: auto            # auto | utf-8 | cp932 (Shift_JIS)
#     columns: {order_id: 受注番号, customer_id: 顧客番号, order_date: 受注日, amount: 税込金額}
"""


def write_demo_company(company, out_dir: Path, fmt: Literal["parquet", "csv"]) -> list[Path]:
    """Write every table, ``truth.json``, the per-customer truth and ``config.yaml``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    tables = {}
    for name, frame in company.tables.items():
        path = write_table(frame, out_dir / f"{name}.{fmt}")
        tables[name] = {"path": path.name}
        written.append(path)
    written.append(write_table(company.truth_customers, out_dir / f"truth_customers.{fmt}"))
    written.append(write_json(company.truth, out_dir / "truth.json"))
    config = {
        "name": "demo-files",
        "language": "ja",
        "data": {"source": "files", "tables": tables},
        "period": {"observation_end": company.end},
    }
    written.append(write_yaml(config, out_dir / "config.yaml", CONFIG_HEADER))
    return written
