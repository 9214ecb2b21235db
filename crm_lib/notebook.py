"""What a notebook needs to run, from its papermill parameters, in one call; and the few
verbs a notebook section uses: show a table, say the sentences, record the figures.

Inside ``crm run`` a notebook gets the run's checked data (a DuckDB file) and its run
folder; opened by hand in JupyterLab, with its default parameters, it loads the demo
company from ``configs/demo.yaml`` itself and writes nothing. Its parameters come from
the config (``params.<notebook>`` and ``business``), typed, with every default in
:mod:`crm_lib.params`; a notebook's own ``params`` override them by hand.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML, Markdown, display

from crm_lib import artifacts
from crm_lib.artifacts import Artifact
from crm_lib.cells import cell_text
from crm_lib.config import ListsConfig, RunConfig, load_config
from crm_lib.dataset import Dataset, load_dataset
from crm_lib.i18n import Translator
from crm_lib.io import write_table
from crm_lib.lists import write_list
from crm_lib.metrics import MetricsRecorder
from crm_lib.metrics.ltv import MODEL_CHOSEN, SPEND_CHOSEN, VALUE_COUNT_PARAMS
from crm_lib.metrics.recorder import lookup, merge_metrics
from crm_lib.params import Business, LtvParams, Strict
from crm_lib.privacy import Masker, MaskingTranslator, masker_of
from crm_lib.section import Download, Section, Sentence, Table


@dataclass
class RunContext:
    """A notebook's config, typed parameters, data, language, metrics and run folder."""

    notebook: str
    config: RunConfig
    params: Strict
    dataset: Dataset
    t: Translator
    metrics: MetricsRecorder
    output_dir: Path | None

    @property
    def business(self) -> Business:
        return self.config.business

    def ltv_params(self) -> LtvParams:
        """``params.ltv`` with the models the run's LTV report chose (its recorded
        ``ltv.model_choice.chosen`` and ``ltv.spend.chosen``) and the count model's fit at
        the observation end (``ltv.value.count_params``), so that a later report values
        customers with the same models without fitting every candidate, or the chosen one,
        again; as configured outside a run or when the LTV report has not recorded them."""
        ltv = self.config.params.ltv
        if self.output_dir is None:
            return ltv
        figures = merge_metrics(self.output_dir)
        count, spend = lookup(figures, MODEL_CHOSEN), lookup(figures, SPEND_CHOSEN)
        if count is None or spend is None:
            return ltv
        chosen = ltv.model_copy(update={"count_model": count, "spend_model": spend})
        fitted = lookup(figures, VALUE_COUNT_PARAMS)
        return chosen.with_count_params(fitted) if fitted else chosen

    def ltv_values(self) -> pd.DataFrame | None:
        """The LTV report's value of every customer in this run (artifact ``customer_ltv``,
        indexed by ``customer_id``): the CLV and P(alive) at the observation end that
        later reports cite, read rather than computed again; None outside a run or when
        the LTV report has not saved it."""
        values = artifacts.CUSTOMER_LTV.read(self.output_dir)
        return None if values is None else values.set_index("customer_id")

    @property
    def language(self) -> str:
        return self.t.language

    def heading(self, section: Section) -> None:
        """The section's heading."""
        if section.heading:
            display(Markdown(f"## {self.t(section.heading)}"))

    def say(self, section: Section | Sentence) -> None:
        """Every sentence of a section (or one sentence), as a paragraph of text: cited
        values are data (personal data masked by the page's Translator), escaped here, never
        markup — not Markdown either, where a channel named ``![x](http://...)`` would be
        an image fetched from the network."""
        sentences = [section] if isinstance(section, Sentence) else section.sentences
        for sentence in sentences:
            display(HTML(sentence_html(self.t.sentence(sentence))))

    def table(self, table: Table) -> None:
        """Show a table with translated headers, cells written per column; cell text is
        escaped, never markup, and personal data in it masked."""
        display(HTML(table_html(table, self.t)))

    def tables(self, section: Section, *names: str) -> None:
        """Show the tables of ``section`` named in ``names``, in that order; a name the
        section has no table for (its data was absent) is skipped."""
        for name in names:
            if name in section.tables:
                self.table(section.tables[name])

    @property
    def masker(self) -> Masker:
        """How this notebook masks personal data (``business.privacy`` of the config)."""
        return masker_of(self.t)

    def record(self, section: Section) -> None:
        """Record the section's metrics (text from the data masked, as on the pages) and save
        its artifacts in the run folder; an action list also as files for a spreadsheet
        (``section.downloads``), linked from the page in a line under the section."""
        if section.metrics:
            self.metrics.record({m: self._masked(v) for m, v in section.metrics.items()})
        written = [self._save(frame, artifact) for artifact, frame in section.artifacts.items()]
        downloads = [d for d in written if d is not None]
        section.downloads.extend(downloads)
        self._link(downloads)

    def _masked(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.masker.text(value)
        if isinstance(value, dict):
            return {self._masked(k): self._masked(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._masked(v) for v in value]
        return value

    def save_artifact(self, frame: pd.DataFrame, artifact: Artifact) -> None:
        """Write a table the notebook produced to ``artifacts/<name>.parquet`` of the run (an
        action list also to ``lists/``, linked under the cell); shows nothing else, so a
        cell may end with it."""
        self._link([d for d in [self._save(frame, artifact)] if d is not None])

    def _save(self, frame: pd.DataFrame, artifact: Artifact) -> Download | None:
        """Write the artifact; the files of its action list (None: not one, or no run)."""
        if self.output_dir is None:
            return None
        shared = frame if artifact.personal_data else self.masker.frame(frame)
        write_table(artifact.checked(shared), artifact.path(self.output_dir))
        if not artifact.action_list:
            return None
        settings = self.config.report.lists if self.config is not None else ListsConfig()
        return write_list(frame, artifact, self.output_dir, self.t, settings, self.dataset)

    def _link(self, downloads: list[Download]) -> None:
        for download in downloads:
            display(HTML(downloads_html(download, self.t)))


def open_run(
    notebook: str,
    config_path: str,
    database: str = "",
    output_dir: str = "",
    language: str = "",
    params: dict[str, Any] | None = None,
) -> RunContext:
    """The context of one notebook run; empty ``database``/``output_dir`` mean "by hand".

    ``params``: overrides of this notebook's parameters (checked like the config's)."""
    config = load_config(config_path)
    typed = config.params.of(notebook)
    if params:
        typed = type(typed).model_validate(typed.model_dump() | params)
    dataset = Dataset.open(database) if database else load_dataset(config)
    out = Path(output_dir) if output_dir else None
    lang = language or config.language
    masker = Masker.for_dataset(config.business.privacy, dataset)  # for every page and artifact
    return RunContext(
        notebook=notebook,
        config=config,
        params=typed,
        dataset=dataset,
        t=MaskingTranslator(lang, config.business.currency.money(lang), masker),
        metrics=MetricsRecorder(notebook, out),
        output_dir=out,
    )


def downloads_html(download: Download, t: Translator) -> str:
    """The link line of an action list: its title and rows, a relative link to each file
    (a copied run folder still works) and the notes on how it was written; escaped."""
    title = t("lists_download", title=t(download.title), rows=download.rows)
    links = " · ".join(
        f'<a href="{html.escape(path, quote=True)}" download>{html.escape(t(label))}</a>'
        for label, path in download.files
    )
    notes = "".join(f" {html.escape(t.sentence(n), quote=False)}" for n in download.notes)
    return f'<p class="crm-downloads">{html.escape(title, quote=False)} {links}{notes}</p>'


def sentence_html(text: str) -> str:
    """A sentence as an HTML paragraph of escaped text."""
    return f"<p>{html.escape(text, quote=False)}</p>"


def table_html(table: Table, t: Translator) -> str:
    """A table as escaped HTML in ``t``'s language; two columns with the same header would
    merge into one, so that is an error."""
    headers = [t(column.label) for column in table.columns.values()]
    if len(set(headers)) < len(headers):
        twice = sorted({h for h in headers if headers.count(h) > 1})
        raise ValueError(f"table columns share a header in {t.language}: {twice}")
    shown = pd.DataFrame(
        {
            header: [cell_text(v, column.format, t) for v in table.frame[name]]
            for header, (name, column) in zip(headers, table.columns.items(), strict=True)
        }
    )
    return shown.to_html(index=False, escape=True, classes="crm-table", na_rep="", border=0)
