"""The lead funnel by source and the open leads aging without a touch."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lib.leads.frame import is_open

ALL = "all"  # the row of every source together


def funnel_by_source(
    leads: pd.DataFrame, within_days: int, late_hours: float, open_days: int
) -> pd.DataFrame:
    """Per source (and ``all``): leads, open, won, lost, never contacted, the share never
    followed up, the share followed up later than ``late_hours`` (of those followed up), and
    the conversion within ``within_days`` of leads at least that old (open: :func:`is_open`
    with ``open_days``)."""
    open_ = is_open(leads, open_days)
    d = leads.assign(
        open=open_,
        lost=~open_ & ~leads["won"],
        never=leads["response_hours"].isna(),
        late=leads["response_hours"] > late_hours,
        contacted=leads["response_hours"].notna(),
        mature=leads["age_days"] >= within_days,
    )
    d["won_within"] = d["mature"] & d["won"] & (d["days_to_win"] <= within_days)
    rows = [_row(src, part) for src, part in d.groupby("source", sort=True)]
    rows.append(_row(ALL, d))
    return pd.DataFrame(rows)


def _row(source, d: pd.DataFrame) -> dict:
    contacted = int(d["contacted"].sum())
    mature = int(d["mature"].sum())
    return {
        "source": source,
        "leads": len(d),
        "open": int(d["open"].sum()),
        "won": int(d["won"].sum()),
        "lost": int(d["lost"].sum()),
        "never_contacted": int(d["never"].sum()),
        "never_share": float(d["never"].mean()) if len(d) else np.nan,
        "late_share": float(d["late"].sum() / contacted) if contacted else np.nan,
        "mature": mature,
        "conversion_within": float(d["won_within"].sum() / mature) if mature else np.nan,
    }


def aging_untouched(leads: pd.DataFrame, open_days: int, top_n: int | None) -> pd.DataFrame:
    """Open leads never contacted, oldest first (``top_n`` rows, None: all): lead_id,
    source, created_at, age_days."""
    open_ = leads[is_open(leads, open_days) & leads["response_hours"].isna()]
    cols = ["lead_id", "source", "created_at", "age_days"]
    ranked = open_.sort_values(["age_days", "lead_id"], ascending=[False, True])[cols]
    return ranked if top_n is None else ranked.head(top_n)
