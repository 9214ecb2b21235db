"""Hostile text in the data never runs, hangs or fetches when a stakeholder opens a report,
and is shown as text: every text column of every table of a small demo company is planted
with markup (``<img onerror>``, ``<script>while(1){}``, ``"><svg onload>``), Markdown links
and images, quotes, ``str.format`` braces and very long strings; one run of every notebook
is rendered in headless Chromium.

The helpers :func:`plant` and :func:`retarget_config` also serve ``tests/test_privacy.py``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from IPython.display import HTML

import crm_lib.notebook as nb
from crm_lib.charts.base import code_text, data_text
from crm_lib.i18n import Translator
from crm_lib.params import ExecutiveParams, JourneyParams
from crm_lib.section import Sentence

CRM = [sys.executable, "-m", "crm_lib"]
CHROMIUM = Path("/usr/bin/chromium")
NOTEBOOKS = ["data_health", "segments", "ltv", "churn", "journey", "voice", "leads", "executive"]
CUSTOMERS = 300
PAGE_SECONDS = 90  # a page that does not finish loading by then hangs

PWN = "document.body.setAttribute('data-pwned','{}')"
PAYLOADS = (
    f'<img src=x onerror="{PWN.format("img")}">',
    f"<script>{PWN.format('script')};while(1){{}}</script>",
    f'"><svg onload="{PWN.format("svg")}">',
    f"[click](javascript:{PWN.format('md')})",
    "![x](http://127.0.0.1:9/pwned.png)",
    "<a href=\"javascript:alert('a')\">link</a> 'single' \"double\" {0} {name} {} %{y} %s",
    "長" * 3000 + "<b>end</b>",
)
"""Appended to the data's values; each must show as the text it is."""
MARKDOWN = (PAYLOADS[3], PAYLOADS[4])
SHORT = PAYLOADS[:6]  # for identifiers, which are shown in narrow table columns
VISIBLE = (
    "<img src=x onerror=",
    "<script>document.body",
    '"><svg onload=',
    "[click](javascript:",
    "![x](http://127.0.0.1:9/pwned.png)",
    "{0} {name} {} %{y}",
    "長" * 200,
)
"""Text of each payload that must be readable on some page (as text, not markup)."""

KEEP = {
    ("transactions", "channel"): {"subscription"},
    ("contacts", "group"): {"treatment", "control"},
}
"""Values the analyses read as codes (subscription deliveries, control groups): kept."""
PLANTED_IDS = ("customer_id", "campaign_id")  # identifiers that reports show
TABLES = ("transactions", "customers", "subscriptions", "events", "leads", "contacts",
          "feedback", "context")  # fmt: skip


def _is_text(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series) or series.dtype == object


def plant(
    data_dir: Path,
    variant: Callable[[str, int], str],
    *,
    id_variant: Callable[[str, int], str] | None = None,
) -> dict[str, str]:
    """Rewrite every text column of every table of a ``crm demo-data`` folder in place.

    Each distinct value ``v`` becomes ``variant(v, i)``, ``i`` counting the distinct values
    met so far (over all tables, so a value has one variant everywhere and tables still
    join); identifiers other than :data:`PLANTED_IDS` are left alone, and those use
    ``id_variant``. Returns the mapping (old value -> planted value)."""
    mapping: dict[str, str] = {}
    ids: dict[str, str] = {}

    def new(value: str, table: dict[str, str], fn) -> str:
        if value not in table:
            table[value] = fn(value, len(table))
        return table[value]

    for name in TABLES:
        path = data_dir / f"{name}.parquet"
        frame = pd.read_parquet(path)
        for column in frame.columns:
            if not _is_text(frame[column]):
                continue
            is_id = column.endswith("_id")
            if is_id and (column not in PLANTED_IDS or id_variant is None):
                continue
            keep = KEEP.get((name, column), set())
            table, fn = (ids, id_variant) if is_id else (mapping, variant)
            frame[column] = frame[column].map(
                lambda v, fn=fn, table=table, keep=keep: (
                    v if pd.isna(v) or v in keep else new(v, table, fn)
                )
            )
        frame.to_parquet(path, index=False)
    return mapping


def retarget_config(data_dir: Path, mapping: dict[str, str]) -> Path:
    """The folder's ``config.yaml`` with every notebook and the parameters that name data
    values (stage events, plans, feedback channels) renamed as :func:`plant` renamed them;
    quick settings (few bootstrap refits) keep the run short. Returns the config path."""
    config_path = data_dir / "config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    rename = lambda v: mapping.get(v, v)  # noqa: E731
    journey = JourneyParams()
    executive = ExecutiveParams()
    config |= {
        "notebooks": NOTEBOOKS,
        "business": {
            "renewal_days": {rename(p): d for p, d in {"monthly": 30, "bimonthly": 60}.items()}
        },
        "goals": [
            {"kpi": "repeat_rate", "target": 0.35},
            {"kpi": "churn_rate", "target": 0.4},
            {"kpi": "nps", "target": 20},
            {"kpi": "average_clv", "target": 20000},
        ],
        "params": {
            "ltv": {"n_boot": 10, "interval_draws": 50},
            "segments": {"stability_seeds": 1},
            "journey": {
                "stages": {s: [rename(e) for e in es] for s, es in journey.stages.items()},
                "measure_events": [rename(e) for e in journey.measure_events],
                "satisfaction_channels": {
                    rename(c): d for c, d in journey.satisfaction_channels.items()
                },
                "rating_scales": {rename(c): list(s) for c, s in journey.rating_scales.items()},
                "min_variant_people": 5,
            },
            "executive": {"nps_channel": rename(executive.nps_channel), "nps_min_responses": 1},
        },
    }
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return config_path


def run_pipeline(config: Path, out: Path) -> Path:
    """``crm run`` of the config into ``out``; the run folder."""
    proc = subprocess.run(
        [*CRM, "run", "--config", str(config), "--set", f"output={out}"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return Path(proc.stdout.strip()).parent


def hostile(value: str, i: int) -> str:
    """A value with a payload and, so that every sentence citing data cites some, Markdown."""
    return f"{value}{PAYLOADS[i % len(PAYLOADS)]}{MARKDOWN[i % 2]}"


def hostile_id(value: str, i: int) -> str:
    return f"{value}{SHORT[i % len(SHORT)]}" if i % 3 == 0 else value


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> Path:
    """One run of every notebook on 300 demo customers whose text is all hostile."""
    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    made = subprocess.run(
        [*CRM, "demo-data", "--out", str(data), "--customers", str(CUSTOMERS)],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    mapping = plant(data, hostile, id_variant=hostile_id)
    return run_pipeline(retarget_config(data, mapping), base / "reports")


def pages(run_dir: Path) -> list[Path]:
    return [run_dir / "index.html", *(run_dir / f"{n}.html" for n in NOTEBOOKS)]


class _Dom(HTMLParser):
    """Elements (tag, attributes) and the readable text of a document (not scripts/styles)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._skip += tag in ("script", "style")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    def count(self, tag: str) -> int:
        return sum(t == tag for t, _ in self.elements)


def parse(markup: str) -> _Dom:
    dom = _Dom()
    dom.feed(markup)
    return dom


def render(page: Path, profile: Path) -> tuple[str, str]:
    """The DOM of a page after it loaded in headless Chromium, and Chromium's log
    (console messages included); fails when the page does not finish loading."""
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--proxy-server=127.0.0.1:9",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
        "--virtual-time-budget=5000", "--dump-dom", page.as_uri(),
    ]  # fmt: skip
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=PAGE_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{page.name} did not finish loading in {PAGE_SECONDS} s (a script hangs)")
    return proc.stdout, proc.stderr


def console_problems(log: str) -> list[str]:
    """Console messages and uncaught errors in Chromium's log."""
    return [line[-200:] for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]


URL_ATTRIBUTES = ("href", "src", "xlink:href", "action", "formaction", "data")
FETCHING = ("img", "image", "iframe", "video", "audio", "source", "object", "embed", "link")
LOCAL = ("#", "data:image/")  # Plotly draws heatmaps as inline PNG images


def attack_surface(dom: _Dom) -> list[str]:
    """What hostile data could have made of a page: event handlers, script URLs, images
    from the network, the flag a payload sets when it runs."""
    found = []
    for tag, attrs in dom.elements:
        for name, value in attrs.items():
            url = value.strip().lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...> (an event handler)")
            elif name in URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:")):
                found.append(f"<{tag} {name}={value[:40]!r}> (a script URL)")
            elif name in URL_ATTRIBUTES and tag in FETCHING and not url.startswith(LOCAL):
                found.append(f"<{tag} {name}={value[:40]!r}> (a fetch)")
            elif name == "data-pwned":
                found.append(f"<{tag} data-pwned={value!r}> (a payload ran)")
    return found


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_pages_with_hostile_data_load_run_nothing_and_show_it_as_text(hostile_run, tmp_path):
    """Every page, loaded in headless Chromium: it finishes loading (no ``while(1)`` from a
    plan name), no payload ran (no ``data-pwned``, no element with an event handler, no
    extra script), nothing was fetched and the console is clean; the planted text is
    readable on the pages, escaped rather than dropped."""
    seen, problems = "", {}
    for page in pages(hostile_run):
        source = parse(page.read_text(encoding="utf-8"))
        dom_html, log = render(page, tmp_path / f"profile-{page.stem}")
        assert "</html>" in dom_html, f"{page.name}: Chromium gave no DOM\n{log[-2000:]}"
        dom = parse(dom_html)
        found = attack_surface(dom) + console_problems(log)
        if dom.count("script") != source.count("script"):
            found.append(
                f"{dom.count('script')} scripts in the DOM, {source.count('script')} in the file"
            )
        text = "".join(dom.text)
        seen += text
        if re.search(r"&(lt|gt|amp);", text):  # escaped twice: the reader sees the entity
            found.append(f"shows an entity: {re.search(r'.{20}&(lt|gt|amp);.{20}', text)}")
        if found:
            problems[page.name] = found[:6]
        if page.stem in ("segments", "ltv", "churn", "journey"):
            assert any(v in text for v in VISIBLE), f"{page.name} shows no planted value as text"
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    missing = [v[:40] for v in VISIBLE if v not in seen]
    assert not missing, f"planted text dropped from every page: {missing}"


@pytest.mark.slow
def test_page_sources_hold_planted_markup_only_as_text(hostile_run):
    """Without a browser: outside the chart scripts, each page holds the planted markup only
    escaped, and Markdown syntax from the data made no link or image; the planted text is
    in the sentences and tables (a customer id in the churn table, a channel in a sentence)."""
    problems = {}
    for page in pages(hostile_run):
        dom = parse(page.read_text(encoding="utf-8"))
        found = attack_surface(dom) + ["<img>"] * bool(dom.count("img"))
        if found:
            problems[page.name] = found[:6]
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    churn = "".join(parse((hostile_run / "churn.html").read_text(encoding="utf-8")).text)
    assert SHORT[0] in churn  # a planted customer id in the at-risk table
    segments = "".join(parse((hostile_run / "segments.html").read_text(encoding="utf-8")).text)
    assert "[click](javascript:" in segments or "![x](http://" in segments  # in a sentence


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@pytest.mark.slow
def test_every_chart_escapes_the_data_it_labels(hostile_run):
    """Plotly reads titles, ticks, legends and hover text as pseudo-HTML: a value from the
    data reaches a figure escaped (``&lt;img``), never as markup, in every chart."""
    markup = re.compile(r"<(img|script|svg|a |b>)")
    charts, unescaped = 0, {}
    for path in sorted((hostile_run / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                figure = output.get("data", {}).get("application/vnd.plotly.v1+json")
                if figure is None:
                    continue
                charts += 1
                bad = [s for s in _strings(figure) if markup.search(s)]
                if bad:
                    title = str(figure["layout"].get("title", {}).get("text", ""))
                    unescaped.setdefault(path.stem, []).append(f"{title[:50]}: {bad[0][:60]}")
    assert charts >= 20
    assert not unescaped, json.dumps(unescaped, ensure_ascii=False, indent=1)


def test_sentences_are_paragraphs_of_escaped_text_never_markdown(monkeypatch):
    """A cited value with Markdown syntax stays text: a sentence is an HTML paragraph, not
    Markdown (where ``![x](http://...)`` is an image fetched and ``[a](javascript:...)`` a
    link that runs)."""
    shown = []
    monkeypatch.setattr(nb, "display", shown.append)
    ctx = nb.RunContext("data_health", None, None, None, Translator("en"), None, None)
    cited = "".join(PAYLOADS[:6])
    ctx.say(Sentence("health_tables_absent", {"tables": cited}))
    (out,) = shown
    assert isinstance(out, HTML) and out.data.startswith("<p>") and out.data.endswith("</p>")
    dom = parse(out.data)
    assert [tag for tag, _ in dom.elements] == ["p"] and cited in "".join(dom.text)


def test_chart_labels_from_the_data_are_masked_and_escaped_once():
    t = Translator("en")
    assert data_text('<b>web</b> & "tv" {0} taro@example.jp', t) == (
        '&lt;b&gt;web&lt;/b&gt; &amp; "tv" {0} t***@example.jp'
    )
    assert code_text("jny_stage_", "awareness", t) == t("jny_stage_awareness")  # a label
    assert code_text("jny_event_", "<img src=x>", t) == "&lt;img src=x&gt;"
    assert code_text(None, "<i>gold</i>", t) == "&lt;i&gt;gold&lt;/i&gt;"
