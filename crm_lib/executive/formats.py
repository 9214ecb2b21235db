"""How the executive page writes a KPI's value, a change and a gap, in the page's language
and the run's currency (amounts as sentences write them: 7,864万, 78.6M), and the verdict
on a change (only for a KPI with a better direction)."""

from __future__ import annotations

from crm_lib.i18n import Translator


def format_value(value: float | None, unit: str, t: Translator) -> str:
    """A KPI value as the panel shows it: share as %, counts with separators, money in the
    run's currency, points signed."""
    if value is None:
        return t("exec_no_data")
    if unit == "share":
        return f"{value:.1%}"
    if unit == "money":
        return t.money.compact(value)
    if unit in ("count", "days", "weeks"):
        return f"{value:,.0f}"
    if unit == "points":
        return f"{value:+.1f}"
    return f"{value:,.4g}"


def format_change(change: float, unit: str, t: Translator) -> str:
    """A KPI's change, signed: shares in percentage points, money in the currency."""
    if unit == "share":
        return f"{change * 100:+.1f} pt"
    if unit == "points":
        return f"{change:+.1f}"
    if unit == "money":
        return ("+" if change > 0 else "") + t.money.compact(change)
    return f"{change:+,.0f}"


def format_gap(gap: float, unit: str, t: Translator) -> str:
    """The size of a gap (no sign): shares in percentage points, money in the currency."""
    gap = abs(gap)
    if unit == "share":
        return f"{gap * 100:.1f} pt"
    if unit == "points":
        return f"{gap:.1f}"
    if unit == "money":
        return t.money.compact(gap)
    return f"{gap:,.0f}"


def verdict(change: float, direction: str | None) -> str:
    """The label key of the verdict on a change: better, worse or unchanged for a KPI with a
    direction; ``exec_verdict_none`` (no words) without one."""
    if direction not in ("up", "down"):
        return "exec_verdict_none"
    if change == 0:
        return "exec_verdict_flat"
    better = change > 0 if direction == "up" else change < 0
    return "exec_verdict_better" if better else "exec_verdict_worse"


__all__ = ["format_change", "format_gap", "format_value", "verdict"]
