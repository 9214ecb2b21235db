"""Context-triggered messages: does a message work better on the days its trigger holds?

The trigger is a condition on a column of the ``context`` table on the customer's send day
in the customer's area: ``context.<context_column> <operator> threshold`` with
``context.region`` = ``customers.<region_column>`` and ``context.date`` = the send day (the
first send of the customer in the campaign). The demo's rainy day is ``precipitation_mm >=
1`` by prefecture. Several context rows for one region and day are averaged; a customer
without a context value that day (no area, no weather row) is counted in ``n_unknown`` and
left out.

Per campaign with a control group and arm, the uplift (treatment minus control response
rate) on trigger days and on the other days, each with the Newcombe interval, and the
interaction = uplift on trigger days minus uplift on the other days, with the MOVER interval
and Wald p-value of :func:`crm_lib.experiments.segments.lift_difference`. Because sends
are randomised within each day, the control group on trigger days is the right comparison:
a plain treatment-response difference between wet and dry days mixes the message's effect
with the weather's own effect on buying.
"""

from __future__ import annotations

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.engine import quote_ident
from crm_lib.experiments.effects import (
    CONTROL,
    NAN,
    RESPONSE_WINDOW_DAYS,
    campaign_units_sql,
    lift_interval,
)
from crm_lib.experiments.segments import lift_difference

OPERATORS = (">=", ">", "<=", "<", "=")


def trigger_counts(
    ds: Dataset,
    *,
    context_column: str = "precipitation_mm",
    threshold: float = 1.0,
    operator: str = ">=",
    region_column: str = "prefecture",
    response_window_days: int = RESPONSE_WINDOW_DAYS,
) -> pd.DataFrame:
    """Per campaign with a control group, arm and trigger state: ``campaign_id``, ``arm``,
    ``trigger_on`` (True, False, or None when the context is unknown), ``customers``,
    ``responders``."""
    if operator not in OPERATORS:
        raise ValueError(f"operator must be one of {OPERATORS}, got {operator!r}")
    for table, column in (("context", context_column), ("customers", region_column)):
        if not ds.has(table) or column not in ds.loads[table].columns:
            raise KeyError(f"{table}.{column} is not in this dataset")
    units = campaign_units_sql(ds, response_window_days=response_window_days)
    sql = f"""WITH u AS ({units}),
ctx AS (SELECT region, date, avg({quote_ident(context_column)}) AS value
        FROM context GROUP BY region, date),
tagged AS (
    SELECT u.campaign_id, u.arm, u.responded, x.value {operator} $threshold AS trigger_on
    FROM u LEFT JOIN customers k USING (customer_id)
    LEFT JOIN ctx x ON x.region = k.{quote_ident(region_column)} AND x.date = u.send_date)
SELECT campaign_id, arm, trigger_on, count(*) AS customers,
       count(*) FILTER (WHERE responded) AS responders
FROM tagged GROUP BY ALL ORDER BY campaign_id, arm, trigger_on"""
    return ds.con.execute(sql, {"threshold": float(threshold)}).df()


def trigger_effects(
    ds: Dataset,
    *,
    context_column: str = "precipitation_mm",
    threshold: float = 1.0,
    operator: str = ">=",
    region_column: str = "prefecture",
    campaign_ids: list[str] | None = None,
    alpha: float = 0.05,
    response_window_days: int = RESPONSE_WINDOW_DAYS,
) -> pd.DataFrame:
    """One row per campaign with a control group (or those in ``campaign_ids``) and arm.

    Columns: ``campaign_id``, ``arm``, ``trigger`` (the condition as text), ``n_unknown``,
    for ``_on`` (trigger holds) and ``_off``: ``n_treatment_``, ``n_control_``,
    ``rate_treatment_``, ``rate_control_``, ``uplift_pts_``, ``uplift_ci_low_pts_``,
    ``uplift_ci_high_pts_``; then ``interaction_pts`` (uplift on minus off),
    ``interaction_ci_low_pts``, ``interaction_ci_high_pts``, ``interaction_p_value``."""
    counts = trigger_counts(
        ds,
        context_column=context_column,
        threshold=threshold,
        operator=operator,
        region_column=region_column,
        response_window_days=response_window_days,
    )
    if campaign_ids is not None:
        counts = counts[counts["campaign_id"].isin(campaign_ids)]
    trigger = f"{context_column} {operator} {threshold:g}"
    rows = []
    for campaign_id, camp in counts.groupby("campaign_id", sort=True):
        unknown = camp[camp["trigger_on"].isna()]
        known = camp[camp["trigger_on"].notna()]
        cell = {
            (r.arm, bool(r.trigger_on)): (int(r.responders), int(r.customers))
            for r in known.itertuples(index=False)
        }
        for arm in sorted(set(camp["arm"]) - {CONTROL}):
            row = {
                "campaign_id": campaign_id,
                "arm": arm,
                "trigger": trigger,
                "n_unknown": int(unknown[unknown["arm"].isin([arm, CONTROL])]["customers"].sum()),
            }
            sides = {}
            for on, suffix in ((True, "on"), (False, "off")):
                x_t, n_t = cell.get((arm, on), (0, 0))
                x_c, n_c = cell.get((CONTROL, on), (0, 0))
                sides[on] = (x_t, n_t, x_c, n_c)
                lift, low, high = lift_interval(x_t, n_t, x_c, n_c, alpha=alpha)
                row |= {
                    f"n_treatment_{suffix}": n_t,
                    f"n_control_{suffix}": n_c,
                    f"rate_treatment_{suffix}": x_t / n_t if n_t else NAN,
                    f"rate_control_{suffix}": x_c / n_c if n_c else NAN,
                    f"uplift_pts_{suffix}": 100 * lift,
                    f"uplift_ci_low_pts_{suffix}": 100 * low,
                    f"uplift_ci_high_pts_{suffix}": 100 * high,
                }
            if all(s[1] and s[3] for s in sides.values()):
                diff = lift_difference(sides[True], sides[False], alpha=alpha)
            else:
                diff = dict.fromkeys(("diff", "ci_low", "ci_high", "p_value"), NAN)
            row |= {
                "interaction_pts": 100 * diff["diff"],
                "interaction_ci_low_pts": 100 * diff["ci_low"],
                "interaction_ci_high_pts": 100 * diff["ci_high"],
                "interaction_p_value": diff["p_value"],
            }
            rows.append(row)
    return pd.DataFrame(rows, columns=_COLUMNS)


_COLUMNS = [
    "campaign_id", "arm", "trigger", "n_unknown",
    *(f"{name}_{side}" for side in ("on", "off") for name in (
        "n_treatment", "n_control", "rate_treatment", "rate_control", "uplift_pts",
        "uplift_ci_low_pts", "uplift_ci_high_pts")),
    "interaction_pts", "interaction_ci_low_pts", "interaction_ci_high_pts",
    "interaction_p_value",
]  # fmt: skip
