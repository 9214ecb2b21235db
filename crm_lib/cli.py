"""The ``crm`` command: ``run``, ``validate`` and ``demo-data``.

Exit codes (each with one line on stderr naming the cause; a traceback only with
``--debug``):

* 0   success: the run is published and ``latest`` points at it
* 1   an analysis failed: a notebook raised; the run is published with status ``failed``
* 2   bad config or bad data (file, row, column and problem); nothing is published
* 3   the output folder cannot be written: read-only, no permission, disk full (at load
      or mid-run); nothing is published
* 4   a notebook's kernel died (killed, e.g. by the out-of-memory killer) or a run ran out
      of memory; the run is published with status ``failed``, its index names the notebook
* 130 interrupted by SIGINT (Ctrl-C); 143 stopped by SIGTERM; nothing is published

In every case but 0, ``latest`` is untouched. Progress goes to stderr, results to stdout.
Values of ``${NAME}`` references and of the secrets file never appear in what is printed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from crm_lib.errors import CrmError, Interrupted, OutputError, output_cause
from crm_lib.secrets import ENV_FILE, redact


class _Group(click.Group):
    """Turns every error of the run's environment or input into one line and its exit
    code (see the module docstring), unless ``--debug`` is given."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (CrmError, Interrupted, OSError) as exc:
            if ctx.params.get("debug"):
                raise
            if isinstance(exc, OSError):  # outside a run: reading or writing a file
                cause = output_cause(exc)
                where = str(exc.filename or "a file")
                if cause is None:
                    raise
                exc = OutputError(where, cause)
            message = exc.message if isinstance(exc, Interrupted) else str(exc)
            click.echo(f"error: {redact(message)}", err=True)
            ctx.exit(exc.exit_code)


def progress(message: str) -> None:
    click.echo(message, err=True)


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show tracebacks for user errors.")
@click.version_option(package_name="crm-workbench")
def main(debug: bool) -> None:
    """CRM Workbench: segmentation, churn, LTV and journey reports for CRM teams."""


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Run configuration (YAML).",
)
secrets_option = click.option(
    "--secrets",
    "secrets_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"KEY=value or YAML file whose keys the config can reference as ${{KEY}} "
    f"(default: ${ENV_FILE}). Keep it outside the repository and the output folder.",
)
set_option = click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a config key; nested keys with dots (period.time_unit=W). Repeatable.",
)


@main.command()
@config_option
@set_option
@secrets_option
def validate(config_path: Path, overrides: tuple[str, ...], secrets_file: Path | None) -> None:
    """Check the config and the data without running any analysis."""
    from crm_lib.config import load_config
    from crm_lib.dataset import load_dataset

    config = load_config(config_path, list(overrides), secrets_file=secrets_file)
    progress(f"checking data ({config.data.source}) ...")
    start = time.perf_counter()
    dataset = load_dataset(config)
    progress(f"data checked in {time.perf_counter() - start:.1f} s")
    click.echo(f"config {config_path}: OK (observation end {dataset.observation_end})")
    for load in dataset.loads.values():
        left_out = load.rows_after_observation_end
        note = f", {left_out:,} after observation end left out" if left_out else ""
        click.echo(redact(f"  {load.name:<13} {load.rows_used:>10,} rows{note}  <- {load.source}"))


@main.command()
@config_option
@set_option
@secrets_option
@click.pass_context
def run(
    ctx: click.Context, config_path: Path, overrides: tuple[str, ...], secrets_file: Path | None
) -> None:
    """Run the configured notebooks and publish the HTML reports; prints the index page."""
    from crm_lib.config import load_config
    from crm_lib.pipeline import FAILED_CELL, KERNEL_DIED, Runner

    config = load_config(config_path, list(overrides), secrets_file=secrets_file)
    result = Runner(config, progress=progress).run()
    if result.status == "succeeded":
        click.echo(result.index)
        return
    failed = result.failure
    cell = f"in cell {failed.failed_cell}" if failed.failed_cell else "before its first cell"
    if failed.failure == KERNEL_DIED:
        message = f"notebook {failed.file}: {failed.error} {cell} (report: {result.index})"
    else:
        what = "failed" if failed.failure == FAILED_CELL else "ran out of memory"
        page = result.run_dir / f"{failed.name}.html"
        message = f"notebook {failed.file} {what} {cell}: {failed.error} (report: {page})"
    click.echo(f"error: {redact(message)}", err=True)
    ctx.exit(result.exit_code)


@main.command("demo-data")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--customers", default=5000, show_default=True, type=click.IntRange(50))
@click.option("--seed", default=42, show_default=True, type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True
)
@click.option(
    "--encoding",
    type=click.Choice(["utf-8", "cp932"]),
    default="utf-8",
    show_default=True,
    help="CSV text encoding (cp932 = Shift_JIS).",
)
@click.option(
    "--japanese-headers", is_flag=True, help="Japanese column names and 2025/01/31 dates in CSV."
)
@click.option("--tables", help="Comma-separated tables to write (default: all).")
def demo_data(
    out_dir: Path,
    customers: int,
    seed: int,
    fmt: str,
    encoding: str,
    japanese_headers: bool,
    tables: str | None,
) -> None:
    """Write the seeded demo company: one file per table, truth.json and a config.yaml."""
    from crm_lib.contract import TABLES
    from crm_lib.demo import generate_demo
    from crm_lib.demo_files import write_demo_company

    names = [t.strip() for t in tables.split(",")] if tables else None
    unknown = sorted(set(names or ()) - set(TABLES))
    if unknown:
        raise click.BadParameter(f"unknown table {unknown[0]!r}", param_hint="--tables")
    start = time.perf_counter()
    progress(f"generating {customers:,} customers (seed {seed}) ...")
    company = generate_demo(n_customers=customers, seed=seed)
    progress(f"generated in {time.perf_counter() - start:.1f} s; writing {fmt} ...")
    written = write_demo_company(
        company, out_dir, fmt, encoding=encoding, japanese_headers=japanese_headers, tables=names
    )
    for path in written:
        click.echo(path)


if __name__ == "__main__":
    sys.exit(main())
