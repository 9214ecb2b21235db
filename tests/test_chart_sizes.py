"""Charts of one value per customer carry a summary whose size does not grow with the
customers: histograms binned before plotting, curves thinned."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lib.charts.base import histogram_bar, thinned
from crm_lib.charts.campaigns import plot_qini
from crm_lib.charts.churn import plot_gap_distribution
from crm_lib.charts.ltv import plot_p_alive
from crm_lib.i18n import Translator

T = Translator("en")


def test_histogram_counts_every_value_once_in_its_bin():
    """Counts by direct comparison (not numpy's histogram): bins [0, .05), ..., [.95, 1]."""
    values = np.random.default_rng(1).random(100_000)
    values[:3] = [0.0, 1.0, 0.05]
    bar = histogram_bar(values, 0.0, 1.0, 0.05)
    assert len(bar.y) == 20 and sum(bar.y) == len(values)
    lows = np.arange(20) * 0.05
    for i in (0, 1, 7, 19):
        upper = values <= 1.0 if i == 19 else values < lows[i] + 0.05
        assert bar.y[i] == int(((values >= lows[i] - 1e-12) & upper).sum())
    assert np.allclose(bar.x, lows + 0.025) and np.allclose(bar.width, 0.05)


def test_customer_charts_do_not_grow_with_the_customers():
    """200,000 customers' P(alive) and purchase gaps, a 200,000-point Qini curve: each
    figure's JSON stays under 50 kB (with every value it held ~4 MB)."""
    rng = np.random.default_rng(2)
    p_alive = plot_p_alive(rng.random(200_000), T)
    gaps = plot_gap_distribution(rng.gamma(2.0, 30.0, 200_000).round(), 90, T)
    share = np.arange(1, 200_001) / 200_000
    qini = plot_qini(pd.DataFrame({"share": share, "qini": np.sqrt(share) * 500,
                                   "qini_random": share * 400}), T)  # fmt: skip
    for fig in (p_alive, gaps, qini):
        assert len(fig.to_json()) < 50_000
    assert sum(gaps.data[0].y) >= 0.99 * 200_000  # the top 1 % of gaps is cut, as before


def test_a_thinned_curve_keeps_its_ends_and_its_points():
    curve = pd.DataFrame({"share": np.linspace(0, 1, 10_001), "qini": np.arange(10_001.0)})
    thin = thinned(curve, 500)
    assert len(thin) == 500 and thin.index[0] == 0 and thin.index[-1] == 10_000
    assert (thin["qini"] == curve.loc[thin.index, "qini"]).all()
    assert thinned(curve.head(100), 500) is not None and len(thinned(curve.head(100))) == 100
