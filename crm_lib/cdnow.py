"""The CDNOW transaction log that ships inside the lifetimes package.

CDNOW customers' CD purchases from their first purchase in Q1 1997 to 1998-06-30, the
standard benchmark of LTV models (Fader, Hardie & Lee 2005). The files are found through
:mod:`crm_lib.lifetimes_compat` (importlib.resources, not ``lifetimes.datasets``).
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from crm_lib.lifetimes_compat import dataset_file

FILES = {"sample": "CDNOW_sample.txt", "master": "CDNOW_master.txt"}


def load_cdnow(dataset: Literal["sample", "master"] = "sample") -> pd.DataFrame:
    """CDNOW transactions as a canonical ``transactions`` frame.

    ``sample`` is the 1/10 sample (2,357 customers, 6,919 rows); ``master`` the full log
    (23,570 customers, 69,659 rows). Amounts are US dollars. Several rows of one customer
    on one day are separate orders, as in the source.
    """
    if dataset not in FILES:
        raise ValueError(f"dataset must be one of {sorted(FILES)}, not {dataset!r}")
    with dataset_file(FILES[dataset]).open("r", encoding="ascii") as fh:
        if dataset == "sample":  # master id, sample id, date, CDs, dollars; no header
            names = ["customer_id", "sample_id", "date", "quantity", "amount"]
            raw = pd.read_csv(fh, sep=r"\s+", header=None, names=names, dtype={0: str, 1: str})
        else:  # header line: customer_id date number_of_cds dollar_value
            names = ["customer_id", "date", "quantity", "amount"]
            raw = pd.read_csv(fh, sep=r"\s+", header=0, names=names, dtype={0: str})
    seq = raw.groupby("customer_id").cumcount() + 1
    return pd.DataFrame(
        {
            "order_id": raw["customer_id"] + "-" + seq.astype(str).str.zfill(3),
            "customer_id": raw["customer_id"],
            "order_date": pd.to_datetime(raw["date"].astype(str), format="%Y%m%d"),
            "amount": raw["amount"].astype(float),
            "quantity": raw["quantity"].astype("int64"),
        }
    )
