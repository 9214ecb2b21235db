"""What a notebook needs to run, from its papermill parameters, in one call.

Inside ``crm run`` a notebook gets the run's checked data (a DuckDB file) and its run
folder; opened by hand in JupyterLab, with its default parameters, it loads the demo
company from ``configs/demo.yaml`` itself and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from crm_lib.config import RunConfig, load_config
from crm_lib.dataset import Dataset, load_dataset
from crm_lib.i18n import Translator
from crm_lib.io import write_table
from crm_lib.metrics import MetricsRecorder

ARTIFACTS = "artifacts"


@dataclass
class RunContext:
    """A notebook's config, data, language, metrics and artifact folder."""

    notebook: str
    config: RunConfig
    dataset: Dataset
    t: Translator
    metrics: MetricsRecorder
    output_dir: Path | None

    @property
    def language(self) -> str:
        return self.t.language

    def params(self) -> dict:
        """This notebook's entry under ``params`` in the config."""
        return dict(self.config.params.get(self.notebook, {}))

    def save_artifact(self, frame: pd.DataFrame, name: str) -> Path | None:
        """Write a table the notebook produced to ``artifacts/<name>.parquet`` of the run."""
        if self.output_dir is None:
            return None
        return write_table(frame, self.output_dir / ARTIFACTS / f"{name}.parquet")


def open_run(
    notebook: str,
    config_path: str,
    database: str = "",
    output_dir: str = "",
    language: str = "",
) -> RunContext:
    """The context of one notebook run; empty ``database``/``output_dir`` mean "by hand"."""
    config = load_config(config_path)
    dataset = Dataset.open(database) if database else load_dataset(config)
    out = Path(output_dir) if output_dir else None
    return RunContext(
        notebook=notebook,
        config=config,
        dataset=dataset,
        t=Translator(language or config.language),
        metrics=MetricsRecorder(notebook, out),
        output_dir=out,
    )


def heading(text: str) -> None:
    """A section heading in the report."""
    display(Markdown(f"## {text}"))


def say(text: str) -> None:
    """Show a sentence of narration (Markdown built from numbers, not from customer text)."""
    display(Markdown(text))


def show_table(frame: pd.DataFrame, labels: dict[str, str] | None = None, **formats) -> None:
    """Show a table with translated headers; cell text is escaped, never markup.

    ``formats`` maps a column to a format spec, e.g. ``revenue="{:,.0f}"``.
    """
    shown = frame.copy()
    for column, spec in formats.items():
        shown[column] = shown[column].map(lambda v, s=spec: "" if pd.isna(v) else s.format(v))
    shown = shown.rename(columns=labels or {})
    html = shown.to_html(index=False, escape=True, classes="crm-table", na_rep="", border=0)
    display(HTML(html))
