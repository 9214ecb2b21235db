"""The page frame of every report: header, navigation, styles, plotly.js once, print layout.

Pages load nothing from the network: styles are inlined, fonts are the reader's own
(Japanese system fonts first). plotly.js (4.6 MB) is either one file beside the pages of a
run (:data:`PLOTLY_ASSET`, referenced relatively, so a copied run folder still works and a
page stays small) or inlined in the page (a single file to e-mail).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

import jinja2

from crm_lib import __version__
from crm_lib.i18n import Translator
from crm_lib.i18n.dates import period_text, time_text

TEMPLATES = files("crm_lib.report") / "templates"
PLOTLY_ASSET = "assets/plotly.min.js"  # relative to the run folder
PlotlyMode = Literal["shared", "inline"]


@dataclass(frozen=True)
class PageInfo:
    """What the header of every page of a run shows."""

    run_name: str
    run_id: str
    language: str
    data_start: dt.date | None
    data_end: dt.date | None
    generated_at: dt.datetime  # UTC (naive) or aware
    extra: dict = field(default_factory=dict)
    timezone: str | None = None  # IANA zone of the times shown; None: the language's own

    @property
    def period(self) -> str:
        """The data period in the page's language (2023年1月3日〜2025年12月31日)."""
        if not (self.data_start and self.data_end):
            return ""
        return period_text(self.data_start, self.data_end, self.language)

    @property
    def generated(self) -> str:
        """When the run was made, in the page's zone, the zone named (Japan time on
        Japanese pages unless the run names a zone)."""
        return time_text(self.generated_at, self.language, self.timezone)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (TEMPLATES / name).read_text("utf-8")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render_template(name: str, **values) -> str:
    """One template of ``crm_lib/report/templates`` (every text value escaped)."""
    return _environment().get_template(name).render(**values)


def _plotly_bundle():
    return files("plotly") / "package_data" / "plotly.min.js"


@cache
def plotly_js() -> str:
    """The plotly.js bundle shipped inside the plotly package, safe to inline."""
    return _plotly_bundle().read_text("utf-8").replace("</script", "<\\/script")


def write_plotly_asset(run_dir: Path) -> Path:
    """Copy plotly.js to :data:`PLOTLY_ASSET` of a run folder (pages in ``shared`` mode)."""
    target = run_dir / PLOTLY_ASSET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_plotly_bundle().read_bytes())
    return target


def render_page(
    title: str,
    body_html: str,
    info: PageInfo,
    *,
    index: bool = False,
    plotly: PlotlyMode = "inline",
) -> str:
    """A full HTML page around ``body_html`` (already safe HTML: nbconvert's output).

    ``plotly``: ``inline`` embeds plotly.js when the page has a chart; ``shared`` refers to
    :data:`PLOTLY_ASSET` instead (:func:`write_plotly_asset` puts it there).
    """
    t = Translator(info.language)
    charts = "plotly-graph-div" in body_html
    return render_template(
        "page.html.j2",
        title=title,
        body=body_html,
        info=info,
        t=t,
        is_index=index,
        css=(TEMPLATES / "report.css").read_text("utf-8"),
        plotly_js=plotly_js() if charts and plotly == "inline" else "",
        plotly_src=PLOTLY_ASSET if charts and plotly == "shared" else "",
        version=__version__,
    )


def render_index(
    info: PageInfo,
    entries: list[dict],
    status: str,
    freshness_days: int | None,
    saved: list[dict] = (),
    *,
    stale_after_days: int = 60,
):
    """The run's index: every report with its status and seconds, run status and freshness,
    and the artifacts the run saved (those with personal data marked).

    ``entries``: dicts with ``name``, ``title``, ``href`` (None when not produced),
    ``status`` and ``seconds``. ``saved``: :func:`crm_lib.artifacts.saved`.
    ``freshness_days``: days from the data's end to the run; more than ``stale_after_days``
    (``report.stale_after_days``) shows a warning.
    """
    t = Translator(info.language)
    body = render_template(
        "index_body.html.j2",
        entries=entries,
        status=status,
        t=t,
        info=info,
        freshness_days=freshness_days,
        stale_after_days=stale_after_days,
        saved=list(saved),
    )
    return render_page(t("index_title"), jinja2.utils.markupsafe.Markup(body), info, index=True)
