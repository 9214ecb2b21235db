"""The page frame of every report: header, navigation, styles, plotly.js once, print layout.

Pages load nothing from the network: styles and plotly.js are inlined, fonts are the
reader's own (Japanese system fonts first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import jinja2

from crm_lib import __version__
from crm_lib.i18n import Translator

TEMPLATES = files("crm_lib.report") / "templates"


@dataclass(frozen=True)
class PageInfo:
    """What the header of every page of a run shows."""

    run_name: str
    run_id: str
    language: str
    data_start: dt.date | None
    data_end: dt.date | None
    generated_at: dt.datetime  # UTC
    extra: dict = field(default_factory=dict)

    @property
    def period(self) -> str:
        if not (self.data_start and self.data_end):
            return ""
        return f"{self.data_start:%Y-%m-%d} – {self.data_end:%Y-%m-%d}"


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


@cache
def plotly_js() -> str:
    """The plotly.js bundle shipped inside the plotly package, safe to inline."""
    bundle = files("plotly") / "package_data" / "plotly.min.js"
    return bundle.read_text("utf-8").replace("</script", "<\\/script")


def render_page(title: str, body_html: str, info: PageInfo, *, index: bool = False) -> str:
    """A full HTML page around ``body_html`` (already safe HTML: nbconvert's output)."""
    t = Translator(info.language)
    return render_template(
        "page.html.j2",
        title=title,
        body=body_html,
        info=info,
        t=t,
        is_index=index,
        css=(TEMPLATES / "report.css").read_text("utf-8"),
        plotly_js=plotly_js() if "plotly-graph-div" in body_html else "",
        version=__version__,
    )


def render_index(
    info: PageInfo,
    entries: list[dict],
    status: str,
    freshness_days: int | None,
    saved: list[dict] = (),
):
    """The run's index: every report with its status and seconds, run status and freshness,
    and the artifacts the run saved (those with personal data marked).

    ``entries``: dicts with ``name``, ``title``, ``href`` (None when not produced),
    ``status`` and ``seconds``. ``saved``: :func:`crm_lib.artifacts.saved`.
    """
    t = Translator(info.language)
    body = render_template(
        "index_body.html.j2",
        entries=entries,
        status=status,
        t=t,
        info=info,
        freshness_days=freshness_days,
        saved=list(saved),
    )
    return render_page(t("index_title"), jinja2.utils.markupsafe.Markup(body), info, index=True)
