"""Does a campaign's effect last? Repeat purchase and retention after the response window.

For each customer of a campaign with a control group, day d of an order = order date -
send day (the customer's first send in the campaign, day 0); a purchase is
:data:`crm_lib.features.PURCHASE` (subscription deliveries included). With the response
window W (``response_window_days``, default 14: days 0..13), R = ``repeat_days`` (90) and
T = ``retention_days`` (180), three outcomes per customer:

- ``repeat``: a purchase on a day d with W <= d <= R (bought again after the response window,
  within R days of the send);
- ``active_late``: a purchase with R < d <= T (still buying between day R + 1 and day T);
- ``retained``: both (repeat by day R and still buying at day T).

Each is compared between the arm and the control with the Newcombe interval and the score
test of :mod:`crm_lib.experiments.effects`. An outcome is measured only when its whole
window lies inside the data: last send day of the campaign + window end <= observation
end; otherwise ``status`` is "not_yet_measurable" and ``measurable_from`` says when it
will be.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from crm_lib.dataset import Dataset
from crm_lib.experiments.effects import (
    CONTROL,
    RESPONSE_WINDOW_DAYS,
    campaign_units_sql,
    lift_columns,
)
from crm_lib.features import PURCHASE

OUTCOMES = ("repeat", "active_late", "retained")


def outcome_counts(
    ds: Dataset,
    *,
    repeat_days: int = 90,
    retention_days: int = 180,
    response_window_days: int = RESPONSE_WINDOW_DAYS,
) -> pd.DataFrame:
    """Per campaign with a control group and arm: ``campaign_id``, ``arm``,
    ``last_send_date`` (of the campaign), ``customers``, and the customers with each
    outcome: ``repeat``, ``active_late``, ``retained`` (aggregated in the engine)."""
    w, r, t = int(response_window_days), int(repeat_days), int(retention_days)
    if not w <= r < t:
        raise ValueError("need response_window_days <= repeat_days < retention_days")
    units = campaign_units_sql(ds, response_window_days=w)
    sql = f"""WITH u AS ({units}),
flags AS (
    SELECT u.campaign_id, u.customer_id, u.arm,
           coalesce(bool_or(date_diff('day', u.send_date, p.order_date) <= {r}), FALSE)
               AS repeat,
           coalesce(bool_or(date_diff('day', u.send_date, p.order_date) > {r}), FALSE)
               AS active_late
    FROM u LEFT JOIN (SELECT customer_id, order_date FROM transactions WHERE {PURCHASE}) p
      ON p.customer_id = u.customer_id AND p.order_date >= u.send_date + {w}
     AND p.order_date <= u.send_date + {t}
    GROUP BY u.campaign_id, u.customer_id, u.arm),
ends AS (SELECT campaign_id, max(last_send_date) AS last_send_date FROM u GROUP BY campaign_id)
SELECT f.campaign_id, f.arm, any_value(e.last_send_date) AS last_send_date,
       count(*) AS customers, count(*) FILTER (WHERE repeat) AS repeat,
       count(*) FILTER (WHERE active_late) AS active_late,
       count(*) FILTER (WHERE repeat AND active_late) AS retained
FROM flags f JOIN ends e USING (campaign_id)
GROUP BY f.campaign_id, f.arm ORDER BY f.campaign_id, f.arm"""
    return ds.con.execute(sql).df()


def long_term_effects(
    ds: Dataset,
    *,
    repeat_days: int = 90,
    retention_days: int = 180,
    response_window_days: int = RESPONSE_WINDOW_DAYS,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """One row per campaign with a control group, treatment arm and outcome.

    Columns: ``campaign_id``, ``arm``, ``outcome`` (:data:`OUTCOMES`), ``definition``,
    ``window_start_day``, ``window_end_day`` (d, inclusive), ``measurable_from`` (date),
    ``status`` ("measured" or "not_yet_measurable"), ``n_treatment``, ``n_control``,
    ``rate_treatment``, ``rate_control``, ``lift_pts``, ``lift_ci_low_pts``,
    ``lift_ci_high_pts``, ``p_value`` (empty when not yet measurable)."""
    w, r, t = int(response_window_days), int(repeat_days), int(retention_days)
    counts = outcome_counts(ds, repeat_days=r, retention_days=t, response_window_days=w)
    windows = {
        "repeat": (w, r, f"purchase on day {w}..{r} after the send"),
        "active_late": (r + 1, t, f"purchase on day {r + 1}..{t} after the send"),
        "retained": (w, t, f"purchase on day {w}..{r} and on day {r + 1}..{t} after the send"),
    }
    rows = []
    for campaign_id, camp in counts.groupby("campaign_id", sort=True):
        control = camp[camp["arm"] == CONTROL].iloc[0]
        last_send = pd.Timestamp(camp["last_send_date"].iloc[0]).date()
        for arm in camp[camp["arm"] != CONTROL].itertuples(index=False):
            for outcome in OUTCOMES:
                start, end, definition = windows[outcome]
                ready = last_send + dt.timedelta(days=end)
                row = {
                    "campaign_id": campaign_id,
                    "arm": arm.arm,
                    "outcome": outcome,
                    "definition": definition,
                    "window_start_day": start,
                    "window_end_day": end,
                    "measurable_from": ready,
                    "n_treatment": int(arm.customers),
                    "n_control": int(control["customers"]),
                }
                if ready > ds.observation_end:
                    rows.append(row | {"status": "not_yet_measurable"})
                    continue
                x_t, n_t = int(getattr(arm, outcome)), int(arm.customers)
                x_c, n_c = int(control[outcome]), int(control["customers"])
                rows.append(
                    row | {"status": "measured"} | lift_columns(x_t, n_t, x_c, n_c, alpha=alpha)
                )
    columns = [
        "campaign_id", "arm", "outcome", "definition", "window_start_day", "window_end_day",
        "measurable_from", "status", "n_treatment", "n_control", "rate_treatment",
        "rate_control", "lift_pts", "lift_ci_low_pts", "lift_ci_high_pts", "p_value",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
