"""The executive report: goal statuses, findings that say what metrics.json says, actions
linking to the run's reports, both languages, and a page without console errors."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from string import Formatter

import pytest

from crm_lib import executive as ex
from crm_lib.executive import kpi
from crm_lib.i18n import LABELS, Translator
from crm_lib.metrics import REGISTRY, Metric, lookup
from crm_lib.money import CURRENCIES, Money

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "configs" / "demo.yaml"
CRM = [sys.executable, "-m", "crm_lib"]
CHROMIUM = Path("/usr/bin/chromium")
GOALS = (
    "goals=[{kpi: repeat_rate, target: 0.10, direction: up},"  # demo: about 0.4, met
    " {kpi: f2_rate, target: 0.99, direction: up},"  # missed
    " {kpi: churn_rate, target: 0.20, direction: down},"  # no churn notebook: no data
    " {kpi: average_clv, target: 1000},"  # no ltv notebook here: no data
    " {kpi: top20_revenue_share, target: 0.5}, {kpi: nps, target: 0}]"
)
YEN = Money("JPY", "ja")  # configs/demo.yaml: business.currency JPY, language ja
FAST = ["--set", "data.customers=800", "--set", "params.segments={stability_seeds: 1, k_max: 4}"]


def _run(out: Path, *overrides: str) -> Path:
    proc = subprocess.run(
        [*CRM, "run", "--config", DEMO, "--set", f"output={out}", *FAST, *overrides],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return out / "latest"


@pytest.fixture(scope="module")
def ja_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    run = _run(out, "--set", "notebooks=[segments,journey,executive]", "--set", GOALS)
    metrics = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    page = (run / "executive.html").read_text(encoding="utf-8")
    return run, metrics, page


def _card(page: str, kpi: str) -> str:
    match = re.search(rf'<div class="exec-kpi [^"]*" data-kpi="{kpi}".*?</div></div>', page, re.S)
    assert match, kpi
    return match.group(0)


def test_every_finding_and_kpi_cites_a_declared_metric():
    """A metric renamed or dropped from crm_lib.metrics cannot silently empty a finding."""
    for spec in ex.FINDINGS:
        assert spec.metrics, spec.key
        for name, metric in spec.metrics.items():
            assert REGISTRY.get(metric.path) == metric, (spec.key, name, metric.path)
        for language in ("ja", "en"):  # the sentence cites exactly the spec's placeholders
            fields = {f for _, f, _, _ in Formatter().parse(LABELS[spec.key][language]) if f}
            assert fields == set(spec.metrics) | set(spec.settings), (spec.key, language)
        assert set(spec.settings.values()) <= set(ex.run_settings()), spec.key
    for item in kpi.REGISTRY.values():
        if item.metric is not None:
            assert REGISTRY.get(item.metric.path) == item.metric, item.name
            assert item.unit == item.metric.unit, item.name  # the unit is the declaration's
    undeclared = Metric("segments.f2_ratio", "share", "F2", "F2")
    with pytest.raises(KeyError, match="undeclared metric segments.f2_ratio"):
        ex.FindingSpec("exec_finding_f2", {"rate": undeclared}, "segments")


def test_findings_write_money_in_the_runs_currency():
    metrics = {
        "churn": {
            "rate": 0.25,
            "window_days": 90,
            "value_at_risk": 1_234_567.0,
            "definition": "rhythm",
        },
        "ltv": {"clv": {"mean": 18_500.4, "horizon_weeks": 52, "top20_share": 0.8}},
    }
    ja = ex.select_findings(metrics, Translator("ja", Money("JPY", "ja")), limit=5)
    usd = ex.select_findings(metrics, Translator("en", Money("USD", "en")), limit=5)
    assert [f.key for f in ja] == ["exec_finding_churn", "exec_finding_clv"]
    yen = CURRENCIES["JPY"]
    # a million or more as a director reads it (7,864万円, $1.23M), below it every digit
    assert f"123万{yen.ja_unit}" in ja[0].text and f"18,500{yen.ja_unit}" in ja[1].text
    assert "$1.23M" in usd[0].text and "$18,500" in usd[1].text
    assert not any(mark in f.text for f in usd for mark in (yen.ja_unit, yen.symbol))


def test_blocks_escape_every_text_value():
    """Stage codes and plan names come from the data: the templates write them as text."""
    t = Translator("en", Money("USD", "en"))
    sentence = ex.finding_sentence(
        next(s for s in ex.FINDINGS if s.key == "exec_finding_journey"),
        {"from_stage": "<b>lead</b>", "to_stage": "a&b", "share": 0.5, "lost": 10},
    )
    finding = ex.Finding("exec_finding_journey", sentence, t.sentence(sentence), {}, {}, "x")
    page = ex.blocks.findings_list(ex.report.FindingsSection(findings=[finding]), t)
    assert "&lt;b&gt;lead&lt;/b&gt;" in page and "a&amp;b" in page and "<b>" not in page


def test_met_shows_as_met_and_missed_as_missed(ja_run):
    _, metrics, page = ja_run
    goals = {g["kpi"]: g for g in metrics["executive"]["goals"]}
    assert goals["repeat_rate"]["status"] == "met" and goals["repeat_rate"]["actual"] > 0.1
    assert goals["f2_rate"]["status"] == "missed"
    assert goals["f2_rate"]["actual"] == metrics["segments"]["f2_rate"]
    assert goals["top20_revenue_share"]["actual"] == metrics["segments"]["top20_revenue_share"]
    for absent in ("churn_rate", "average_clv"):  # notebooks not in the run: no data
        assert goals[absent]["status"] == "no_data" and goals[absent]["actual"] is None
    # colour and symbol + word, so the status survives black-and-white printing
    assert 'data-status="met"' in _card(page, "repeat_rate")
    assert "✓ 達成" in _card(page, "repeat_rate")
    assert "✗ 未達" in _card(page, "f2_rate") and "#b3261e" in _card(page, "f2_rate")
    assert "– データなし" in _card(page, "churn_rate")
    # the panel shows the recorded actual
    assert f"{goals['f2_rate']['actual']:.1%}" in _card(page, "f2_rate")


def test_trend_ends_at_the_actual(ja_run):
    """Trailing-window KPIs end at the actual; F2 is per acquisition cohort: the two latest
    quarters are not yet followed for 180 days (no value, said on the page)."""
    _, metrics, page = ja_run
    goals = {g["kpi"]: g for g in metrics["executive"]["goals"]}
    trends = metrics["executive"]["trends"]
    for name in ("repeat_rate", "top20_revenue_share", "nps"):
        last = list(trends[name].values())[-1]
        assert last == pytest.approx(goals[name]["actual"], rel=1e-12), name
    f2 = list(trends["f2_rate"].values())
    assert f2[-2:] == [None, None] and all(v is not None for v in f2[:-2]), f2
    assert "まだ判定できないため除いています" in page
    assert "churn_rate" not in trends  # model KPI: no trend
    assert goals["top20_revenue_share"]["direction"] is None  # no direction: for reference
    assert goals["top20_revenue_share"]["status"] == "reference"


def test_every_number_in_the_findings_equals_metrics_json(ja_run):
    _, metrics, page = ja_run
    found = metrics["executive"]["findings"]
    trends = metrics["executive"]["trends"]
    goals = {g["kpi"]: g for g in metrics["executive"]["goals"]}
    assert 3 <= len(found) <= 5
    specs = {s.key: s for s in ex.FINDINGS}
    for finding in found:
        spec = specs[finding["key"]]
        assert finding["metrics"] == spec.paths
        values = {name: lookup(metrics, path) for name, path in spec.paths.items()}
        assert all(v is not None for v in values.values()), finding
        settings = ex.run_settings()  # configs/demo.yaml keeps the default windows
        values |= {name: settings[key] for name, key in spec.settings.items()}
        # the sentence, written again from metrics.json alone, opens the text on the page
        assert finding["text"].startswith(ex.render_finding(spec, values, Translator("ja", YEN)))
        assert html.escape(finding["text"]) in page
        compared = finding.get("compared")
        if compared and compared["previous"] is not None:  # the trend's points, as recorded
            series = trends[spec.kpi]
            assert series[compared["previous_end"]] == compared["previous"], finding
            assert series[compared["latest_end"]] == compared["latest"], finding
        if compared and compared["target"] is not None:  # the goal, as recorded
            assert compared["target"] == goals[spec.kpi]["target"]
            assert compared["status"] == goals[spec.kpi]["status"]
    # every finding whose reports ran is there: a producer that stops recording a cited
    # metric (or records it under another path) fails here instead of dropping the finding
    ran = {"segments", "journey"}
    expected = [s.key for s in ex.FINDINGS if {m.notebook for m in s.metrics.values()} <= ran]
    assert sorted(f["key"] for f in found) == sorted(expected)
    # F2 misses its 0.99 target by far the most: it comes first, with its cohorts and target
    assert found[0]["key"] == "exec_finding_f2" and found[0]["compared"]["status"] == "missed"
    assert "コホート" in found[0]["text"] and "目標99.0%" in found[0]["text"]
    concentration = next(f for f in found if f["key"] == "exec_finding_concentration")
    share = metrics["segments"]["top20_revenue_share"]
    assert f"{share:.0%}" in concentration["text"]


def test_actions_are_ranked_and_link_to_reports_of_the_run(ja_run):
    run, metrics, page = ja_run
    acts = metrics["executive"]["actions"]
    assert acts, "the demo has customers about to lose their rank"
    # no campaigns report in this run: nothing is measured, so no action claims an impact;
    # they are ranked by what is at stake
    stakes = [a["at_stake"] for a in acts]
    assert stakes == sorted(stakes, reverse=True)
    for a in acts:
        assert (run / a["report"]).exists(), a
        assert a["impact"] is None and a["measured"] is False
        assert f'href="{a["report"]}"' in page
    assert all(a["report"] != "ltv.html" for a in acts)  # ltv did not run


def test_english_page_and_english_sentences(ja_run, tmp_path):
    _, metrics, _ = ja_run
    en = Translator("en", Money("JPY", "en"))
    for spec in ex.FINDINGS:
        values = ex.finding_values(spec, metrics)
        if values is not None:
            text = ex.render_finding(spec, values, en)
            assert text.isascii() or "→" in text, text
    run = _run(tmp_path, "--set", "notebooks=[data_health,executive]", "--set", "language=en")
    page = (run / "executive.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Goals (KPIs)" in page
    assert "✓ met" in page or "✗ missed" in page or "△ at risk" in page
    assert "– no data" in page  # churn_rate of configs/demo.yaml: no churn notebook
    assert "目標" not in page


@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed")
def test_page_has_no_console_errors_in_chromium(ja_run, tmp_path):
    run, _, _ = ja_run
    page = run / "executive.html"
    proc = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.resolve().as_uri(),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [
        line
        for line in proc.stderr.splitlines()
        if "CONSOLE" in line or "Uncaught" in line or "executive.html" in line
    ]
    assert not [line for line in console if "Uncaught" in line or "rror" in line], console
    assert 'class="plotly-graph-div' in proc.stdout and "exec-kpis" in proc.stdout
    assert "main-svg" in proc.stdout  # plotly drew the chart offline
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)


def _target_metrics(qini_low: float, profit: float = 120_000.0) -> dict:
    return {"campaigns": {"uplift": {
        "target_campaign": "CP05", "target_share": 0.3, "target_contacts": 1500,
        "target_profit": profit, "target_profit_ci_low": 40_000.0,
        "target_profit_ci_high": 200_000.0, "qini_auc": 0.08, "qini_auc_ci_low": qini_low,
        "qini_auc_ci_high": 0.15,
    }}}  # fmt: skip


def test_targeted_roll_out_is_measured_only_when_the_model_beats_random():
    """Sending to the top k % by predicted uplift is a measured action, ranked by its expected
    profit and citing it with its interval, only when the held-out Qini interval lies above
    0; otherwise the page advises piloting targeting first and claims no impact."""
    reports = {"campaigns"}
    metrics = _target_metrics(0.01)
    [proven] = ex.rank_actions(metrics, None, reports)
    assert proven.key == "exec_action_target" and proven.measured
    assert proven.impact == 120_000.0 and proven.customers == 1500
    for name, path in proven.cites.items():  # every cited number is the metric's
        assert proven.sentence.values[name] == lookup(metrics, path), name
    en = Translator("en", Money("JPY", "en")).sentence(proven.sentence)
    assert "top 30%" in en and "¥120,000" in en and "¥40,000 to ¥200,000" in en, en
    [unproven] = ex.rank_actions(_target_metrics(-0.02), None, reports)
    assert unproven.key == "exec_action_target_unproven"
    assert unproven.impact is None and not unproven.measured
    assert set(unproven.cites) == {"campaign", "qini", "qini_low", "qini_high"}
    assert ex.rank_actions(_target_metrics(0.01, profit=0.0), None, reports) == []


def test_the_emerging_term_of_the_voice_report_is_a_finding_written_as_text():
    """The voice report's top emerging term becomes a finding, right after churn; the term
    is customer text, so it is written as data (the page escapes it)."""
    metrics = {
        "churn": {"rate": 0.25, "window_days": 90, "value_at_risk": 1e3, "definition": "window"},
        "voice": {"emerging_top": {"term": "<b>開け</b>", "recent": 184, "recent_share": 0.146,
                                   "baseline_share": 0.0}},
    }  # fmt: skip
    found = ex.select_findings(metrics, Translator("ja", Money("JPY", "ja")), limit=6)
    assert [f.key for f in found] == ["exec_finding_churn", "exec_finding_emerging"]
    text = found[1].text
    assert "「<b>開け</b>」" in text and "184件" in text and "14.6%" in text
    assert "判定期間に購入がない" in found[0].text  # the churn definition, in words


def test_neglected_leads_are_a_finding_and_speed_to_lead_an_action_not_measured():
    """The leads report's neglected-lead figures become a finding; answering within a day
    becomes an action ranked by the expected value of its extra customers, marked as not
    measured (an observational effect, not a pilot) and left out when its interval
    includes 0."""
    speed = {"speed_effect": 22.3, "speed_effect_ci_low": 21.4, "speed_effect_ci_high": 23.2,
             "extra_customers": 412.4, "extra_value": 7_500_000.0}  # fmt: skip
    metrics = {"leads": {"count": 23404, "never_followed_share": 0.056, "lost_share": 0.976,
                         **speed}}  # fmt: skip
    [finding] = ex.select_findings(metrics, Translator("ja", Money("JPY", "ja")), limit=6)
    assert finding.key == "exec_finding_leads" and "23,404件の5.6%" in finding.text
    [action] = ex.rank_actions(metrics, None, {"leads"})
    assert action.key == "exec_action_speed" and not action.measured and action.impact is None
    assert action.at_stake == 7_500_000.0 and action.customers == 412
    text = Translator("en", Money("JPY", "en")).sentence(action.sentence)
    assert "+22.3 points" in text and "412 extra customers worth ¥7.50M" in text
    metrics["leads"]["speed_effect_ci_low"] = -0.5
    assert ex.rank_actions(metrics, None, {"leads"}) == []


def _comparison(name: str, **fields):
    from crm_lib.executive.compare import Comparison

    item = kpi.REGISTRY[name]
    return Comparison(name, item.unit, fields.pop("direction", item.direction), **fields)


FIGURES = {
    "segments": {"top20_revenue_share": 0.67, "f2_rate": 0.30, "f2_window_days": 180},
    "ltv": {"clv": {"mean": 18_500.0, "horizon_weeks": 52, "top20_share": 0.8}},
}


def test_findings_follow_importance_not_the_fixed_order():
    """Concentration comes before F2 in the standard order; F2 missing its target by a quarter
    of it (0.30 against 0.40) comes first. Without targets, a notable change (F2's cohorts
    fell 3 standard units) beats a usual one (concentration, 0.5); with neither, the
    standard order stays. Comparisons are said in words, amounts in the run's currency."""
    t = Translator("ja", YEN)
    d1, d2 = dt.date(2025, 6, 30), dt.date(2025, 9, 30)
    concentration = _comparison(
        "top20_revenue_share",
        latest=0.67,
        latest_end=d2,
        previous=0.66,
        previous_end=d1,
        change=0.01,
        z=0.5,
    )
    f2 = _comparison(
        "f2_rate",
        latest=0.28,
        latest_end=d1,
        previous=0.34,
        previous_end=d1,
        change=-0.06,
        z=-3.0,
        cohort=True,
        period_months=3,
        follow_days=180,
    )
    f2_goal = _comparison("f2_rate", target=0.40, actual=0.30, status="missed", shortfall=0.25)
    clv_goal = _comparison("average_clv", target=20_000.0, actual=18_500.0, status="missed",
                           shortfall=0.075)  # fmt: skip
    order = lambda found: [f.key for f in found]  # noqa: E731
    plain = ex.select_findings(FIGURES, t, limit=5)
    assert order(plain) == ["exec_finding_concentration", "exec_finding_f2", "exec_finding_clv"]
    by_goal = ex.select_findings(
        FIGURES, t, limit=5, comparisons={"f2_rate": f2_goal, "average_clv": clv_goal}
    )
    assert order(by_goal) == ["exec_finding_f2", "exec_finding_clv", "exec_finding_concentration"]
    assert "目標40.0%に10.0 pt届いていません（未達）" in by_goal[0].text
    assert "目標20,000円に1,500円届いていません（未達）" in by_goal[1].text  # the currency
    by_change = ex.select_findings(
        FIGURES, t, limit=5, comparisons={"top20_revenue_share": concentration, "f2_rate": f2}
    )
    assert order(by_change)[:2] == ["exec_finding_f2", "exec_finding_concentration"]
    f2_text, concentration_text = by_change[0].text, by_change[1].text
    assert "最新のコホート" in f2_text and "28.0%" in f2_text and "-6.0 pt（悪化）" in f2_text
    # no better direction for concentration: the change without a verdict
    assert "+1.0 pt" in concentration_text and "改善" not in concentration_text
    assert "悪化" not in concentration_text
    assert by_change[0].record()["compared"]["change"] == -0.06
    limited = ex.select_findings(FIGURES, t, limit=1, comparisons={"f2_rate": f2_goal})
    assert order(limited) == ["exec_finding_f2"]  # the limit keeps the most important


def test_a_change_is_said_only_when_the_trend_measures_the_cited_figure():
    """A trailing-window comparison whose latest point is not the figure the finding cites
    (another definition or date) is left unsaid rather than mixed with it."""
    t = Translator("en", Money("JPY", "en"))
    d = dt.date
    other = _comparison(
        "top20_revenue_share",
        latest=0.70,
        latest_end=d(2025, 12, 31),
        previous=0.69,
        previous_end=d(2025, 9, 30),
        change=0.01,
        z=1.0,
    )
    same = _comparison(
        "top20_revenue_share",
        latest=0.67,
        latest_end=d(2025, 12, 31),
        previous=0.69,
        previous_end=d(2025, 9, 30),
        change=-0.02,
        z=1.0,
    )
    [f] = ex.select_findings({"segments": FIGURES["segments"] | {"f2_rate": None}}, t, limit=1,
                             comparisons={"top20_revenue_share": other})  # fmt: skip
    assert f.key == "exec_finding_concentration" and "previous period" not in f.text
    [f] = ex.select_findings({"segments": {"top20_revenue_share": 0.67}}, t, limit=1,
                             comparisons={"top20_revenue_share": same})  # fmt: skip
    assert "-2.0 pt on the previous period (69.0% as of 2025-09-30)." in f.text
    assert "last 12 months" in f.text  # the concentration's window, from the run's settings


def test_a_spared_segment_is_named_as_its_report_names_it():
    """The metric key of a segment (``rank_Bronze``, ``rfm_champions``) is not shown raw."""
    from crm_lib.experiments.report import segment_of_key
    from crm_lib.i18n import Translator

    ja = Translator("ja")
    assert segment_of_key("rank_Bronze") == "Bronze"
    assert ja.value(segment_of_key("rfm_champions")) == ja("seg_name_champions")
    assert ja.value(segment_of_key("under_60")) == "60歳未満"
