"""Log axes a reader can read, and a colour per line (hand-worked ticks)."""

from __future__ import annotations

import math

from crm_lib.charts.base import COLORS, log_axis


def test_log_axis_ticks_are_one_two_five_within_the_data():
    """3 .. 47: ticks 2, 5, 10, 20, 50 (the nearest below and above kept), in full."""
    axis = log_axis([3, 47, float("nan"), 0, -1], title="x")
    assert axis["type"] == "log" and axis["title"] == "x"
    assert axis["tickvals"] == [2, 5, 10, 20, 50]
    assert axis["ticktext"] == ["2", "5", "10", "20", "50"]


def test_a_wide_log_axis_keeps_only_the_powers_of_ten():
    """0.3 .. 2,000 would need 15 ticks of 1, 2, 5: powers of ten only, with separators."""
    axis = log_axis([0.3, 2000])
    assert [math.log10(v) for v in axis["tickvals"]] == [-1, 0, 1, 2, 3, 4]
    assert axis["ticktext"] == ["0.1", "1", "10", "100", "1,000", "10,000"]


def test_no_positive_value_leaves_plotly_its_own_ticks():
    assert log_axis([0, float("nan")]) == {"type": "log"}


def test_seven_channels_get_seven_colours():
    """The churn survival chart draws one line per acquisition channel (seven on the demo):
    with six colours two of them shared one."""
    assert len(set(COLORS)) == len(COLORS) >= 10
