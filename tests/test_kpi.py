"""KPI goals: status with its tolerance, the registry's sources, data KPIs and trends."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_lib.config import load_config
from crm_lib.dataset import load_dataset
from crm_lib.errors import ConfigError
from crm_lib.executive import kpi
from crm_lib.metrics import journey, lookup, ltv, segments
from crm_lib.params import Business, ExecutiveParams

ORDERS = [
    "order_id,customer_id,order_date,amount",
    # A: three purchase days; B: two orders on one day, then a return; C: one order long ago
    "1,A,2024-01-10,1000",
    "2,A,2024-06-01,2000",
    "3,A,2024-12-20,3000",
    "4,B,2024-11-01,500",
    "5,B,2024-11-01,700",
    "6,B,2024-12-01,-200",
    "7,C,2023-01-05,4000",
]


@pytest.mark.parametrize(
    ("actual", "target", "direction", "expected"),
    [
        (0.40, 0.35, "up", "met"),
        (0.35, 0.35, "up", "met"),  # exactly on target
        (0.34, 0.35, "up", "at_risk"),  # 0.01 short; 5 % of 0.35 = 0.0175
        (0.3325, 0.35, "up", "at_risk"),  # short by exactly 5 % of the target
        (0.33, 0.35, "up", "missed"),  # 0.02 short
        (0.18, 0.20, "down", "met"),
        (0.205, 0.20, "down", "at_risk"),  # 0.005 over; 5 % of 0.20 = 0.01
        (0.25, 0.20, "down", "missed"),
        (-3.0, 10.0, "up", "missed"),
        (None, 0.35, "up", "no_data"),
        (float("nan"), 0.35, "up", "no_data"),
        (0.0, 0.0, "down", "met"),
        (0.001, 0.0, "down", "missed"),  # target 0: no tolerance band
    ],
)
def test_status(actual, target, direction, expected):
    assert kpi.status(actual, target, direction) == expected


def test_tolerance_is_a_share_of_the_target():
    assert kpi.status(90, 100, "up", tolerance=0.1) == "at_risk"
    assert kpi.status(89.9, 100, "up", tolerance=0.1) == "missed"
    assert kpi.status(-9.6, -10, "down", tolerance=0.05) == "at_risk"  # |target| for negatives


def test_lookup_and_unknown_kpis():
    metrics = {"ltv": {"clv": {"mean": 12.5}}, "segments": {"f2_rate": 0.3}}
    assert lookup(metrics, ltv.CLV_MEAN) == 12.5
    assert lookup(metrics, ltv.CLV_TOTAL) is None
    assert lookup(metrics, "churn.rate") is None
    assert kpi.kpi_for("f2_rate").metric is segments.F2_RATE
    assert kpi.kpi_for("ltv.clv.total").metric is ltv.CLV_TOTAL  # a declared metric path
    assert kpi.kpi_for("ltv.clv.total").unit == "money"  # the declaration's unit
    assert kpi.kpi_for("average_clv").unit == "money" and kpi.kpi_for("churn_rate").unit == "share"
    assert kpi.kpi_for("churn_rate").direction == "down"  # the declaration's direction
    assert kpi.kpi_for("journey.largest_drop_off.lost").metric is journey.DROP_OFF_LOST
    with pytest.raises(ConfigError, match="unknown KPI 'repeat_rat'"):
        kpi.kpi_for("repeat_rat")
    with pytest.raises(ConfigError, match="unknown KPI 'ltv.clv.avg'"):  # undeclared path
        kpi.kpi_for("ltv.clv.avg")
    assert kpi.REGISTRY["nps"].report == "voice"  # the voice page measures it (the survey)
    model = {name for name, k in kpi.REGISTRY.items() if not k.has_trend}
    assert model == {"churn_rate", "average_clv"}  # model KPIs: no trend


def test_period_ends_finish_at_the_observation_end():
    assert kpi.period_ends(dt.date(2025, 12, 31), 4, 3) == [
        dt.date(2025, 3, 31),
        dt.date(2025, 6, 30),
        dt.date(2025, 9, 30),
        dt.date(2025, 12, 31),
    ]


@pytest.fixture
def small(write_csv, files_config):
    path = write_csv(ORDERS)
    return load_dataset(load_config(files_config(path), ["period.observation_end=2024-12-31"]))


def test_data_kpis_on_a_hand_made_log(small):
    s = kpi.KpiSettings.of(
        ExecutiveParams(window_months=12, nps_min_responses=1), Business(f2_window_days=180)
    )
    end = dt.date(2024, 12, 31)
    # purchase days (amount >= 0): A 3, B 1 (the return is not a purchase), C 1
    assert kpi.repeat_rate(small, end, s) == pytest.approx(1 / 3)
    # first purchase at least 180 days before the end: A (second after 143 days), C (none)
    assert kpi.f2_rate(small, end, s) == pytest.approx(1 / 2)
    assert kpi.active_customers(small, end, s) == 2  # A and B; C bought in 2023
    assert kpi.revenue(small, end, s) == pytest.approx(1000 + 2000 + 3000 + 500 + 700 - 200)
    assert kpi.nps(small, end, s) is None  # no feedback table


def test_a_zero_amount_order_is_a_purchase(write_csv, files_config):
    """crm_lib.features.PURCHASE (amount >= 0): a free sample makes D an active customer."""
    path = write_csv([*ORDERS, "8,D,2024-10-01,0"])
    ds = load_dataset(load_config(files_config(path), ["period.observation_end=2024-12-31"]))
    s = kpi.KpiSettings.of(ExecutiveParams(window_months=12), Business(f2_window_days=180))
    end = dt.date(2024, 12, 31)
    assert kpi.active_customers(ds, end, s) == 3  # A, B and D
    assert kpi.repeat_rate(ds, end, s) == pytest.approx(1 / 4)  # D: one purchase day
    assert kpi.f2_rate(ds, end, s) == pytest.approx(1 / 2)  # D's first purchase is too recent


def test_windows_come_from_the_shared_business_definitions(small):
    s = kpi.KpiSettings.of(ExecutiveParams(), Business(f2_window_days=90, rank_window_months=6))
    assert (s.f2_window_days, s.concentration_window_months) == (90, 6)
    # 90 days: A (second after 143 days) and C are eligible, neither converted; B is too recent
    assert kpi.f2_rate(small, dt.date(2024, 12, 31), s) == 0.0


def test_goals_with_met_missed_and_no_data(small):
    goals = [
        {"kpi": "repeat_rate", "target": 0.30},  # 1/3: met
        {"kpi": "revenue", "target": 8000, "direction": "up"},  # 7,000: missed
        {"kpi": "active_customers", "target": 2.05},  # 2: at risk (within 5 %)
        {"kpi": "churn_rate", "target": 0.2},  # no churn metrics: no data, not an error
        {"kpi": "f2_rate", "target": 0.4},  # from metrics: 0.45, met
    ]
    metrics = {"segments": {"f2_rate": 0.45}}
    params = ExecutiveParams(trend_periods=3, period_months=12)
    results = kpi.evaluate_goals(goals, small, metrics, params, Business())
    by = {r.kpi: r for r in results}
    assert [r.status for r in results] == ["met", "missed", "at_risk", "no_data", "met"]
    assert by["churn_rate"].direction == "down"  # the KPI's own direction when none is given
    assert by["churn_rate"].trend.empty and by["churn_rate"].actual is None
    assert by["f2_rate"].source == "segments.f2_rate" and by["f2_rate"].actual == 0.45
    assert by["repeat_rate"].source == "data"
    # trend: last point = the actual; no full 12-month window of data before 2024-12-31
    assert by["repeat_rate"].trend["value"].iloc[-1] == pytest.approx(1 / 3)
    assert by["revenue"].trend["value"].tolist()[-1] == 7000
    assert by["revenue"].trend["value"].isna().tolist() == [True, True, False]
    record = by["revenue"].record()
    assert record == {
        "kpi": "revenue",
        "actual": 7000.0,
        "target": 8000.0,
        "direction": "up",
        "status": "missed",
        "source": "data",
    }


def test_a_metric_kpi_falls_back_to_the_data_when_its_report_did_not_run(small):
    """F2 from the segments metric when recorded, else computed from the data (1/2 by hand,
    see test_kpis_by_hand); NPS from the voice report's metric when recorded (no feedback
    table here, so without it: no data)."""
    goals = [{"kpi": "f2_rate", "target": 0.4}, {"kpi": "nps", "target": 10}]
    params = ExecutiveParams(trend_periods=3, period_months=12)
    recorded = {"segments": {"f2_rate": 0.45}, "voice": {"nps": 12.5}}
    by = {r.kpi: r for r in kpi.evaluate_goals(goals, small, recorded, params, Business())}
    assert (by["f2_rate"].source, by["f2_rate"].actual) == ("segments.f2_rate", 0.45)
    assert (by["nps"].source, by["nps"].actual, by["nps"].status) == ("voice.nps", 12.5, "met")
    by = {r.kpi: r for r in kpi.evaluate_goals(goals, small, {}, params, Business())}
    assert by["f2_rate"].source == "data" and by["f2_rate"].actual == pytest.approx(1 / 2)
    assert by["nps"].status == "no_data"
