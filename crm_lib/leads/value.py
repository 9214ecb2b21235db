"""Expected first-year value of a new customer by lead source, from the LTV report's CLV."""

from __future__ import annotations

import pandas as pd

from crm_lib.config import PeriodConfig
from crm_lib.dataset import Dataset
from crm_lib.ltv import customer_values
from crm_lib.ltv.analysis import run_models
from crm_lib.params import Business, LtvParams


def value_by_source(
    ds: Dataset, weeks: int, period: PeriodConfig, ltv: LtvParams, business: Business
) -> tuple[pd.Series, float]:
    """Mean ``weeks``-week CLV (the LTV page's models and basis) of the customers of each
    acquisition channel, and of all customers (the value of a source without customers).
    An assumption: a converted lead is worth what the channel's customers are worth now."""
    chosen = run_models(ds, period, ltv)
    clv = customer_values(
        ds, ds.observation_end, period.time_unit, horizon_weeks=weeks,
        discount_rate_monthly=ltv.discount_rate, gross_margin=business.gross_margin,
        model=chosen.count, spend_model=chosen.spend, basis=ltv.clv_basis,
    )["clv"]  # fmt: skip
    if not ds.has("customers"):
        return pd.Series(dtype=float), float(clv.mean())
    channel = ds.table("customers").set_index("customer_id")["acquisition_channel"]
    by = clv.groupby(channel.reindex(clv.index)).mean()
    return by, float(clv.mean())


def lead_values(sources: pd.Series, by: pd.Series, overall: float) -> pd.Series:
    """Expected value per lead from its source (overall mean where the source has none)."""
    return sources.map(by).fillna(overall).astype(float)
