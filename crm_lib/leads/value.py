"""Expected first-year value of a new customer by lead source, from the LTV report's CLV."""

from __future__ import annotations

import pandas as pd

from crm_lib.config import PeriodConfig
from crm_lib.dataset import Dataset
from crm_lib.ltv.analysis import page_values
from crm_lib.params import Business, LtvParams


def value_by_source(
    ds: Dataset, weeks: int, period: PeriodConfig, ltv: LtvParams, business: Business
) -> tuple[pd.Series, float]:
    """Mean ``weeks``-week CLV (the LTV page's models and basis) of the customers of each
    acquisition channel, and of all customers (the value of a source without customers).
    An assumption: a converted lead is worth what the channel's customers are worth now."""
    clv = page_values(ds, period, ltv, business, horizon_weeks=weeks)["clv"]
    if not ds.has("customers"):
        return pd.Series(dtype=float), float(clv.mean())
    channel = ds.table("customers").set_index("customer_id")["acquisition_channel"]
    by = clv.groupby(channel.reindex(clv.index)).mean()
    return by, float(clv.mean())


def lead_values(sources: pd.Series, by: pd.Series, overall: float) -> pd.Series:
    """Expected value per lead from its source (overall mean where the source has none)."""
    return sources.map(by).fillna(overall).astype(float)
