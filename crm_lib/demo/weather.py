"""Daily weather per prefecture (the ``context`` table).

A simple climate: temperature follows each prefecture's annual cycle (coldest around 20
January) plus correlated day-to-day noise; a day is wet (precipitation >= 1 mm) with a
probability that depends on the month and the coast: 梅雨 (rainy season) in June and July
(not in 北海道; in 沖縄 it is May and June), typhoon rain in September, heavy winter
precipitation on the Sea of Japan side, dry winters on the Pacific side. A wet day below
1 °C is snow. Wetness is correlated across the country and within a region on the same day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri

from crm_lib.demo import geography as geo
from crm_lib.demo.columns import label_column
from crm_lib.demo.period import HORIZON_DAYS, day_of_year, month_of, to_dates

WEATHER = ("晴れ", "曇り", "雨", "雪")
SUNNY, CLOUDY, RAIN, SNOW = range(4)
WET_THRESHOLD_MM = 1.0  # a day with at least this much precipitation is rainy (or snowy)

# probability of a wet day by month (index 1-12) for Pacific-side prefectures
_WET_PACIFIC = np.array([0, 0.18, 0.22, 0.30, 0.32, 0.35, 0.55, 0.55, 0.30, 0.42, 0.32, 0.25, 0.2])
_WET_SNOWY = np.array([0, 0.65, 0.58, 0.42, 0.33, 0.33, 0.52, 0.52, 0.32, 0.42, 0.40, 0.55, 0.65])
_WET_HOKKAIDO = np.array(
    [0, 0.55, 0.50, 0.38, 0.30, 0.30, 0.33, 0.38, 0.38, 0.40, 0.42, 0.50, 0.58]
)
_WET_OKINAWA = np.array([0, 0.35, 0.35, 0.35, 0.38, 0.58, 0.55, 0.30, 0.38, 0.40, 0.32, 0.30, 0.33])
_MEAN_WET_MM = np.array([0, 6.0, 6.0, 8.0, 9.0, 10.0, 14.0, 16.0, 12.0, 16.0, 10.0, 7.0, 6.0])


def wet_probability(prefecture: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Probability (0-1) that a day of ``month`` (1-12) is wet in ``prefecture`` (code)."""
    p = np.where(geo.SNOWY[prefecture], _WET_SNOWY[month], _WET_PACIFIC[month])
    p = np.where(prefecture == geo.HOKKAIDO, _WET_HOKKAIDO[month], p)
    return np.where(prefecture == geo.OKINAWA, _WET_OKINAWA[month], p)


def simulate_weather(rng: np.random.Generator) -> pd.DataFrame:
    """The ``context`` table: one row per prefecture and day of the period.

    Columns: region (prefecture name), date, weather, precipitation_mm, temperature_c.
    """
    n_pref = len(geo.PREFECTURES)
    days = np.arange(HORIZON_DAYS)
    pref = np.repeat(np.arange(n_pref), HORIZON_DAYS)
    day = np.tile(days, n_pref)
    month = month_of(day)
    doy = day_of_year(day)
    region = geo.REGION_OF[pref]

    # correlated standard normal wetness: nation + region + prefecture
    national = rng.standard_normal(HORIZON_DAYS)
    regional = rng.standard_normal((len(geo.REGIONS), HORIZON_DAYS))
    local = rng.standard_normal(len(pref))
    z = (0.55 * national[day] + 0.55 * regional[region, day] + 0.63 * local) / np.sqrt(
        0.55**2 + 0.55**2 + 0.63**2
    )
    wet = z < ndtri(wet_probability(pref, month))

    heat = rng.standard_normal(HORIZON_DAYS)
    temperature = (
        geo.MEAN_TEMPERATURE_C[pref]
        - geo.SEASONAL_SWING_C[pref] * np.cos(2 * np.pi * (doy - 20) / 365.25)
        + 1.6 * heat[day]
        + 1.4 * rng.standard_normal(len(pref))
        - 1.2 * wet
    )
    amount = WET_THRESHOLD_MM + rng.gamma(0.8, _MEAN_WET_MM[month] / 0.8)
    trace = np.where(rng.random(len(pref)) < 0.25, rng.uniform(0.0, 0.9, len(pref)), 0.0)
    precipitation = np.round(np.where(wet, amount, trace), 1)
    cloudy = (trace > 0) | (rng.random(len(pref)) < 0.25)
    weather = np.where(
        wet, np.where(temperature < 1.0, SNOW, RAIN), np.where(cloudy, CLOUDY, SUNNY)
    )

    return pd.DataFrame(
        {
            "region": label_column(pref, geo.NAMES),
            "date": to_dates(day),
            "weather": label_column(weather, WEATHER),
            "precipitation_mm": precipitation.astype(np.float64),
            "temperature_c": np.round(temperature, 1).astype(np.float64),
        }
    )


def is_wet(context: pd.DataFrame) -> np.ndarray:
    """Wet flag as a (prefecture code x day number) matrix from a ``context`` table."""
    wet = context["precipitation_mm"].to_numpy() >= WET_THRESHOLD_MM
    return wet.reshape(len(geo.PREFECTURES), HORIZON_DAYS)
