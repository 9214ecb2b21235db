"""Charts of the journey report, and the display names of stages, events and groups."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from crm_lib.charts.base import COLORS, TEMPLATE, code_text, data_text, log_axis
from crm_lib.i18n import Translator, label_order
from crm_lib.journey.measures import CAMPAIGN, MeasureMap
from crm_lib.journey.paths import sankey_links
from crm_lib.journey.report import DIMENSION, EVENT, GROUP_PREFIX, STAGE, group
from crm_lib.section import Code

ARROW = " → "
CHANNEL = "cmp_channel_"  # label prefix of a contact channel (e-mail, DM, SMS, call)


def stage_label(t: Translator, stage: str) -> str:
    """Display name of a stage (its code when the label table does not know it)."""
    return code_text(STAGE, stage, t)


def event_label(t: Translator, event_type: str) -> str:
    """Display name of an event type (its code when the label table does not know it)."""
    return code_text(EVENT, event_type, t)


def transition_label(t: Translator, transition: str) -> str:
    """``"awareness→interest"`` as ``"認知 → 興味"``."""
    return ARROW.join(stage_label(t, s) for s in transition.split("→"))


def group_label(t: Translator, dimension: str, value) -> str:
    """Display name of a breakdown group (cohort months as the page writes a month)."""
    if dimension == "cohort_month":
        return t.date(pd.Timestamp(value), "%Y-%m")
    shown = group(dimension, value)
    if isinstance(shown, Code):
        return code_text(shown.prefix, shown.value, t)
    return data_text(shown, t)


def path_label(t: Translator, path: list[str]) -> str:
    return ARROW.join(event_label(t, e) for e in path)


def measure_label(t: Translator, kind: str, measure: str, channel, names: dict) -> str:
    """A campaign as ``CP01 name (channel)``; a touch by its event name."""
    if kind == CAMPAIGN:
        label = data_text(measure, t)
        if measure in names:
            label += f" {data_text(names[measure], t)}"
        return f"{label} ({code_text(CHANNEL, channel, t)})" if isinstance(channel, str) else label
    return event_label(t, measure)


def _pct(value: float) -> str:
    return "" if pd.isna(value) else f"{value:.0%}" if value >= 0.095 else f"{value:.1%}"


def plot_funnel(funnel: pd.DataFrame, t: Translator) -> go.Figure:
    """People per stage of a funnel, with the conversion from the previous stage (among
    the people observed for the whole window when there is a ``conversion`` column, else
    people over the previous stage's); counts written in full (25,000, not 25k)."""
    people = funnel["people"].astype("int64")
    if "conversion" in funnel:
        rates = funnel["conversion"]
    else:
        rates = people / people.shift(1).where(people.shift(1) > 0)
    text = [
        f"{n:,}" + ("" if pd.isna(c) else f" ({_pct(c)})")
        for n, c in zip(people, rates, strict=True)
    ]
    fig = go.Figure(
        go.Funnel(
            y=[stage_label(t, s) for s in funnel["stage"]],
            x=people,
            marker={"color": COLORS[0]},
            text=text,
            textinfo="text",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(template=TEMPLATE, height=380, title=t("jny_chart_funnel"))
    return fig


def plot_time_to_convert(times: pd.DataFrame, t: Translator) -> go.Figure:
    """Days from each stage to the next: box 25-75 %, whiskers 10-90 %, line at the median
    (drawn from quantiles computed in the engine; log scale)."""
    fig = go.Figure()
    for i, row in times.reset_index(drop=True).iterrows():
        fig.add_trace(
            go.Box(
                x=[transition_label(t, row["transition"])],
                q1=[row["p25_days"]],
                median=[row["median_days"]],
                q3=[row["p75_days"]],
                lowerfence=[max(row["p10_days"], 0.01)],
                upperfence=[row["p90_days"]],
                mean=[row["mean_days"]],
                name=transition_label(t, row["transition"]),
                marker_color=COLORS[i % len(COLORS)],
                showlegend=False,
            )
        )
    fig.update_layout(
        template=TEMPLATE,
        height=400,
        title=t("jny_chart_time"),
        yaxis=log_axis(_box_values(times), title=t("jny_axis_days")),
    )
    return fig


def _box_values(times: pd.DataFrame) -> list[float]:
    """Every value a time-to-convert box draws (its fences at least 0.01 day, as drawn)."""
    columns = ["p10_days", "p25_days", "median_days", "p75_days", "p90_days", "mean_days"]
    values = times[[c for c in columns if c in times]].to_numpy().ravel().tolist()
    return [max(v, 0.01) for v in values if v == v]


def _heatmap(z, x, y, text, title, *, colorscale="Blues", zmid=None, height=None, **axes):
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}",
            colorscale=colorscale,
            zmid=zmid,
            showscale=False,
            xgap=1,
            ygap=1,
            hoverongaps=False,
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        height=height or max(320, 26 * len(y) + 160),
        title=title,
        yaxis={"autorange": "reversed", "type": "category", **axes.get("yaxis", {})},
        xaxis={"type": "category", "side": "top", **axes.get("xaxis", {})},
        margin={"t": 110},
    )
    return fig


def plot_conversion_by(table: pd.DataFrame, dimension: str, t: Translator) -> go.Figure:
    """Conversion per transition (columns) and group (rows) of a breakdown (a
    :func:`~crm_lib.journey.conversion_table`), cells annotated in percent."""
    transitions = [c for c in table.columns if "→" in c]
    prefix = GROUP_PREFIX.get(dimension)
    table = table.set_index("group", drop=False).loc[label_order(prefix, list(table["group"]))]
    z = table[transitions].to_numpy(dtype=float)
    text = [[_pct(v) for v in row] for row in z]
    rows = [
        f"{group_label(t, dimension, g)} ({n:,})"
        for g, n in zip(table["group"], table["entered"], strict=True)
    ]
    dim = t(f"jny_dim_{dimension}")
    return _heatmap(
        z,
        [transition_label(t, c) for c in transitions],
        rows,
        text,
        t("jny_chart_conversion_by", dimension=dim),
    )


def plot_step_matrix(steps: pd.DataFrame, t: Translator) -> go.Figure:
    """Event × step heatmap: share of people whose k-th event is each event type."""
    wide = steps.pivot_table(index="event_type", columns="step", values="share", fill_value=0.0)
    order = wide.drop(index="path_end", errors="ignore")
    order = order.loc[order.idxmax(axis=1).sort_values().index]  # events by the step they peak
    wide = pd.concat([order, wide.loc[["path_end"]]]) if "path_end" in wide.index else order
    z = wide.to_numpy()
    text = [[_pct(v) if v > 0 else "" for v in row] for row in z]
    return _heatmap(
        z,
        [str(s) for s in wide.columns],
        [event_label(t, e) for e in wide.index],
        text,
        t("jny_chart_steps"),
        xaxis={"title": t("jny_axis_step")},
    )


def plot_path_sankey(paths: pd.DataFrame, t: Translator) -> go.Figure:
    """Sankey of the most common paths (from :func:`~crm_lib.journey.top_paths`): nodes
    are (step, event), links carry the paths' people."""
    links = sankey_links(paths)
    nodes = sorted(
        {(r.source_step, r.source) for r in links.itertuples()}
        | {(r.target_step, r.target) for r in links.itertuples()}
        | {(1, p[0]) for p in paths["path"] if p}
    )
    index = {node: i for i, node in enumerate(nodes)}
    events = sorted({e for _, e in nodes})
    color = {e: COLORS[i % len(COLORS)] for i, e in enumerate(events)}
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": [f"{s}. {event_label(t, e)}" for s, e in nodes],
                "color": [color[e] for _, e in nodes],
                "pad": 12,
                "thickness": 14,
            },
            link={
                "source": [index[(r.source_step, r.source)] for r in links.itertuples()],
                "target": [index[(r.target_step, r.target)] for r in links.itertuples()],
                "value": links["people"].tolist(),
                "color": "rgba(120,120,120,0.25)",
            },
        )
    )
    fig.update_layout(template=TEMPLATE, height=520, title=t("jny_chart_sankey"))
    return fig


def plot_transitions(transitions: pd.DataFrame, t: Translator) -> go.Figure:
    """Directly-follows matrix: share of the transitions leaving each event (row) that go
    to each next event (column), annotated in percent."""
    wide = transitions.pivot_table(
        index="from_event", columns="to_event", values="share", fill_value=0.0
    )
    names = sorted(set(wide.index) | set(wide.columns))
    wide = wide.reindex(index=names, columns=names, fill_value=0.0)
    z = wide.to_numpy()
    text = [[_pct(v) if v > 0 else "" for v in row] for row in z]
    labels = [event_label(t, e) for e in names]
    return _heatmap(
        z,
        labels,
        labels,
        text,
        t("jny_chart_transitions"),
        height=max(420, 30 * len(names) + 200),
        xaxis={"title": t("jny_axis_to"), "tickangle": -45},
        yaxis={"title": t("jny_axis_from")},
    )


def plot_measure_map(
    measures: MeasureMap, t: Translator, campaign_names: dict | None = None
) -> go.Figure:
    """Stage × measure map: people each measure reaches at each stage, as a share of the
    stage's people; every cell is annotated (people and share, "–" when none) and gap and
    duplicated stages are marked in the column titles, so it reads in black and white."""
    cells, stages = measures.cells, measures.stages
    names = campaign_names or {}
    columns = []
    for row in stages.itertuples():
        title = f"{stage_label(t, row.stage)}<br>({row.people_in_stage:,})"
        if row.is_gap:
            title += f"<br>【{t('jny_gap_marker')}】"
        elif row.is_duplicated:
            title += f"<br>【{t('jny_dup_marker')} {row.duplication_share:.0%}】"
        columns.append(title)
    keys = cells[["kind", "measure", "channel"]].drop_duplicates(["kind", "measure"])
    keys = keys.sort_values(["kind", "measure"])
    rows = [measure_label(t, k.kind, k.measure, k.channel, names) for k in keys.itertuples()]
    z, text = [], []
    for k in keys.itertuples():
        mine = cells[(cells["kind"] == k.kind) & (cells["measure"] == k.measure)]
        mine = mine.set_index("stage_idx")
        z_row, t_row = [], []
        for s in stages["stage_idx"]:
            if s in mine.index:
                share, people = mine.loc[s, "reach_share"], mine.loc[s, "people"]
                z_row.append(share)
                t_row.append(f"{people:,}<br>{_pct(share)}")
            else:
                z_row.append(0.0)
                t_row.append("–")
        z.append(z_row)
        text.append(t_row)
    rows.append(t("jny_any_measure"))
    z.append(stages["coverage"].tolist())
    text.append(
        [
            f"{n:,}<br>{_pct(c)}" if n else "–"
            for n, c in zip(stages["people_reached"], stages["coverage"], strict=True)
        ]
    )
    fig = _heatmap(z, columns, rows, text, t("jny_chart_measures"), height=None)
    fig.update_layout(height=max(380, 44 * len(rows) + 200))
    return fig


def plot_satisfaction(satisfaction: pd.DataFrame, t: Translator) -> go.Figure:
    """Mean satisfaction (0-100) per stage, one bar per dimension (rational, emotional)."""
    fig = go.Figure()
    for i, (dimension, rows) in enumerate(satisfaction.groupby("dimension", sort=True)):
        fig.add_bar(
            x=[stage_label(t, s) for s in rows["stage"]],
            y=rows["score"],
            name=code_text(DIMENSION, dimension, t),
            text=[f"{v:.0f}" for v in rows["score"]],
            textposition="outside",
            marker_color=COLORS[i % len(COLORS)],
        )
    fig.update_layout(
        template=TEMPLATE,
        height=400,
        title=t("jny_chart_satisfaction"),
        barmode="group",
        yaxis={"range": [0, 105], "title": t("jny_axis_score")},
    )
    return fig


def _period_text(t: Translator, period, unit: str) -> str:
    """A cohort period as the page writes it: a quarter (2025年第1四半期), else a month."""
    period = pd.Timestamp(period)
    if unit == "quarter":
        return t("jny_quarter", year=period.year, quarter=period.quarter)
    return t.date(period, "%Y-%m")


def plot_conversion_trend(trend: pd.DataFrame, period: str, t: Translator) -> go.Figure:
    """Conversion per cohort period (a :func:`~crm_lib.journey.funnel.conversion_trend`),
    one line per transition; cohorts with right-censored people get open markers, cohorts
    nobody of which was observed for the whole window are left out."""
    fig = go.Figure()
    rated = trend.dropna(subset=["conversion"])
    for i, (transition, rows) in enumerate(rated.groupby("transition", sort=False)):
        color = COLORS[i % len(COLORS)]
        fig.add_scatter(
            x=[_period_text(t, p, period) for p in rows["period"]],
            y=rows["conversion"],
            mode="lines+markers",
            name=transition_label(t, transition),
            line={"color": color},
            marker={
                "color": color,
                "size": 8,
                "symbol": ["circle-open" if c else "circle" for c in rows["right_censored"]],
            },
            customdata=rows[["observed", "censored"]].to_numpy(),
            hovertemplate="%{x}: %{y:.1%} (n=%{customdata[0]:,}, "
            + t("jny_censored_marker")
            + " %{customdata[1]:,})<extra></extra>",
        )
    fig.update_layout(
        template=TEMPLATE,
        height=420,
        title=t("jny_chart_trend"),
        xaxis={"title": t("jny_axis_cohort"), "type": "category"},
        yaxis={"title": t("jny_axis_conversion"), "tickformat": ".0%", "rangemode": "tozero"},
    )
    return fig


def item_label(t: Translator, item: str, names: dict) -> str:
    """Display name of an item (``kind:code``, :mod:`crm_lib.journey.touches`): a feedback
    topic, an event or a contact by its label, a campaign as its id and name (data)."""
    from crm_lib.journey.report import CONTACT_CODE, TOPIC

    kind, _, code = item.partition(":")
    if kind == "feedback":
        return t("jny_item_feedback", topic=code_text(TOPIC, code, t))
    if kind == "event":
        return t("jny_item_event", event=event_label(t, code))
    if kind == "campaign":
        name = data_text(names.get(code, ""), t)
        return t("jny_item_campaign", campaign=data_text(code, t), name=name)
    return code_text(CONTACT_CODE, code, t)


def plot_between(
    comparison: pd.DataFrame, t: Translator, names: dict | None = None, max_items: int = 12
) -> go.Figure:
    """Lapse rate with minus without each item (points) and its 95 % Newcombe interval,
    one colour per purchase number; filled markers: flagged after FDR control. Per purchase
    number the ``max_items`` largest differences."""
    names = names or {}
    fig = go.Figure()
    for i, (n, rows) in enumerate(comparison.groupby("purchase_number", sort=True)):
        rows = rows.loc[rows["difference"].abs().sort_values().index[-max_items:]]
        fig.add_scatter(
            x=rows["difference"] * 100,
            y=[item_label(t, v, names) for v in rows["item"]],
            mode="markers",
            name=t("jny_after_purchase", n=int(n)),
            marker={
                "color": COLORS[i % len(COLORS)],
                "size": 10,
                "symbol": ["circle" if f else "circle-open" for f in rows["flagged"]],
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (rows["ci_high"] - rows["difference"]) * 100,
                "arrayminus": (rows["difference"] - rows["ci_low"]) * 100,
            },
        )
    fig.add_vline(x=0, line_color="#888")
    labels = comparison["item"].nunique()
    fig.update_layout(
        template=TEMPLATE,
        title=t("jny_chart_between"),
        height=max(380, 26 * min(labels, max_items * 3) + 160),
        xaxis={"title": t("jny_axis_diff_pts")},
        yaxis={"type": "category"},
    )
    return fig


def plot_backwards(
    comparison: pd.DataFrame, t: Translator, names: dict | None = None, max_items: int = 12
) -> go.Figure:
    """Per end kind (a panel each): the share of end points with each item before the end
    and in the same customers' earlier period, the ``max_items`` most common ones."""
    from plotly.subplots import make_subplots

    from crm_lib.journey.report import END

    names = names or {}
    kinds = list(dict.fromkeys(comparison["end_kind"]))
    fig = make_subplots(
        rows=len(kinds), cols=1, subplot_titles=[code_text(END, k, t) for k in kinds]
    )
    for r, kind in enumerate(kinds, start=1):
        rows = comparison[comparison["end_kind"] == kind].head(max_items).iloc[::-1]
        labels = [item_label(t, v, names) for v in rows["item"]]
        for column, key, color in (
            ("share_baseline", "jny_col_share_baseline", COLORS[5]),
            ("share_window", "jny_col_share_window", COLORS[3]),
        ):
            fig.add_bar(
                x=rows[column],
                y=labels,
                orientation="h",
                name=t(key),
                marker_color=color,
                text=[_pct(v) for v in rows[column]],
                textposition="outside",
                showlegend=r == 1,
                row=r,
                col=1,
            )
        fig.update_xaxes(tickformat=".0%", title_text=t("jny_axis_share"), row=r, col=1)
    fig.update_layout(
        template=TEMPLATE,
        title=t("jny_chart_backwards"),
        barmode="group",
        height=max(420, 30 * max_items * len(kinds) + 160),
    )
    return fig
