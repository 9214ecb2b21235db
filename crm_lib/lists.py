"""Action lists as files a CRM manager opens in Excel: ``lists/<name>.csv`` and ``.xlsx``.

An action list (:attr:`crm_lib.artifacts.Artifact.action_list`: who to call, offer or leave
alone) is saved as Parquet for analysts; beside it the same rows, in the same order, are
written for a spreadsheet (:func:`write_list`): the columns of :data:`LAYOUTS` with headers
in the run's language, codes as their labels, amounts as numbers with the currency in the
header, shares as fractions (0-1), dates as ``YYYY-MM-DD``. A customer list also gets the
name, e-mail and phone of the customers table, masked as the pages mask them
(``business.privacy``); customer and lead ids stay as they are (a list to act on needs
them), other text from the data is masked like a page's table cell.

The CSV is UTF-8 with a byte-order mark (Excel reads it as UTF-8) or CP932 for older tools
on Japanese Windows (``report.lists.encoding``); CP932 lacks some characters (𠮷, emoji):
each is written as 〓 and counted in a note under the link (the em dash — is written as
the horizontal bar ―, its CP932 look-alike; 〜 and − are written as ～ and －). A cell
a spreadsheet would run as a formula (text starting with = + - @) is prefixed with an
apostrophe in the CSV and stored as text in the .xlsx. The .xlsx (openpyxl, write-only) is
written for a list longer than ``report.lists.xlsx_min_rows`` rows and no longer than
``xlsx_max_rows``.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from crm_lib.artifacts import LISTS_FOLDER, Artifact
from crm_lib.cells import CITED, cell_text
from crm_lib.config import ListsConfig
from crm_lib.engine import quote_ident
from crm_lib.i18n import Translator
from crm_lib.io import write_table
from crm_lib.privacy import masker_of
from crm_lib.section import Column, Download, Sentence

ID_COLUMNS = ("customer_id", "lead_id")  # written as they are, never masked
CONTACTS = ("name", "email", "phone")  # of the customers table, masked per business.privacy
#: how each action list is written: its columns (in order) with header and format
LAYOUTS: dict[str, dict[str, Column]] = {
    "rank_at_risk": {
        "customer_id": Column("seg_customer_id"),
        "rank": Column("seg_rank"),
        "spend_12m": Column("seg_spend_12m", "money"),
        "spend_still_counting": Column("seg_spend_still_counting", "money"),
        "scheduled_deliveries": Column("lists_col_scheduled_deliveries", "count"),
        "scheduled_amount": Column("seg_scheduled_amount", "money"),
        "gap": Column("seg_gap", "money"),
        "keep_by": Column("seg_keep_by", "date"),
        "last_purchase_date": Column("seg_last_purchase_date", "date"),
    },
    "cpm_lapsed": {
        "customer_id": Column("seg_customer_id"),
        "cell": Column("seg_cpm_cell", "code:seg_cpm_cell_"),
        "last_purchase_date": Column("seg_last_purchase_date", "date"),
        "recency_days": Column("lists_col_recency_days", "days"),
        "purchase_days": Column("lists_col_purchase_days", "count"),
        "spend": Column("lists_col_spend", "money"),
    },
    "churn_at_risk": {
        "rank": Column("lists_col_position", "count"),
        "customer_id": Column("churn_customer_id"),
        "p_churn": Column("churn_p_churn", "share"),
        "p_alive": Column("churn_p_alive", "share"),
        "clv": Column("churn_clv", "money"),
        "value_if_retained": Column("churn_value_if_retained", "money"),
        "value_at_risk": Column("churn_value_at_risk", "money"),
        "reason_1": Column("lists_col_reason_1", "code:churn_feature_"),
        "reason_2": Column("lists_col_reason_2", "code:churn_feature_"),
        "action": Column("churn_action", "code:churn_action_"),
        "mean_gap_days": Column("churn_mean_gap", "number1"),
        "expected_next_order": Column("churn_next_order", "date"),
    },
    "do_not_disturb": {
        "customer_id": Column("seg_customer_id"),
        "predicted_uplift": Column("lists_col_predicted_uplift", "share"),
        "reason_1": Column("lists_col_reason_1", "code:lists_feature_"),
        "value_1": Column("lists_col_value_1"),
        "reason_2": Column("lists_col_reason_2", "code:lists_feature_"),
        "value_2": Column("lists_col_value_2"),
    },
    "leads_priority": {
        "lead_id": Column("leads_col_lead"),
        "source": Column("leads_col_source", "code:leads_src_"),
        "probability": Column("leads_col_probability", "share"),
        "value": Column("leads_col_value", "money"),
        "expected_value": Column("leads_col_expected_value", "money"),
        "reason": Column("leads_col_reason", "code:leads_reason_"),
    },
}
CSV_LINK = {"utf-8-sig": "lists_csv_utf8", "cp932": "lists_csv_cp932"}  # link label keys
#: characters CP932 spells with another code point (Python's codec maps 〜 − ‖ itself)
CP932_LOOKALIKES = str.maketrans({"—": "―"})
CP932_MISSING = "〓"  # the geta mark: a character the encoding cannot hold
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XLSX_FORMATS = {"share": "0.0%", "percent": "0%", "count": "#,##0", "days": "#,##0",
                 "number1": "#,##0.0", "date": "yyyy-mm-dd"}  # fmt: skip
DECIMALS = {"share": 4, "percent": 4, "count": 0, "days": 0, "number1": 1}  # in the files
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


# ---------------------------------------------------------------- the list as its reader sees it


def columns_of(frame: pd.DataFrame, artifact: Artifact) -> dict[str, Column]:
    """The layout columns the frame has, in order (a list without a layout: a bug)."""
    return {c: col for c, col in LAYOUTS[artifact.name].items() if c in frame.columns}


def contacts(dataset, ids: pd.Series) -> pd.DataFrame:
    """``customer_id`` (text) and the name, e-mail and phone the customers table has for
    ``ids``, unmasked (none without a customers table or those columns)."""
    if dataset is None or not dataset.has("customers"):
        return pd.DataFrame({"customer_id": pd.Series(dtype=str)})
    have = [c for c in CONTACTS if c in dataset.loads["customers"].columns]
    if not have:
        return pd.DataFrame({"customer_id": pd.Series(dtype=str)})
    wanted = pd.DataFrame({"customer_id": ids.astype(str).drop_duplicates()})
    fields = ", ".join(f"c.{quote_ident(c)}" for c in have)
    view = "crm_list_ids"
    dataset.con.register(view, wanted)
    try:
        return dataset.con.execute(
            f"SELECT CAST(c.customer_id AS VARCHAR) AS customer_id, {fields} FROM customers c "
            f"JOIN {view} w ON CAST(c.customer_id AS VARCHAR) = w.customer_id"
        ).df()
    finally:
        dataset.con.unregister(view)


def reader_table(
    frame: pd.DataFrame, artifact: Artifact, t: Translator, dataset=None
) -> tuple[pd.DataFrame, list[str]]:
    """The list as a spreadsheet shows it: one column per header (the run's language) and
    the format of each column (:class:`~crm_lib.section.Column` formats; ``id`` for ids).
    ``t``: the page's Translator (its masker masks the contact fields and text from the
    data); ``dataset``: for the contact fields of a customer list."""
    layout = columns_of(frame, artifact)
    cells = {name: _cells(frame[name], name, column.format, t) for name, column in layout.items()}
    formats = {
        name: "id" if name in ID_COLUMNS else column.format for name, column in layout.items()
    }
    headers = {name: _header(column, t) for name, column in layout.items()}
    if "customer_id" in layout:
        people = _masked_contacts(frame["customer_id"], dataset, t)
        at = list(cells).index("customer_id") + 1
        items = list(cells.items())
        extra = [(c, people[c]) for c in people]
        cells = dict(items[:at] + extra + items[at:])
        formats |= dict.fromkeys(people, "text")
        headers |= {c: _contact_header(c, t) for c in people}
    shown = [headers[c] for c in cells]
    if len(set(shown)) < len(shown):
        raise ValueError(f"list {artifact.name} has two columns with one header: {shown}")
    table = pd.DataFrame({headers[c]: v.to_numpy() for c, v in cells.items()}, index=frame.index)
    return table.reset_index(drop=True), [formats[c] for c in cells]


def _masked_contacts(ids: pd.Series, dataset, t: Translator) -> dict[str, pd.Series]:
    found = contacts(dataset, ids).set_index("customer_id")
    masker = masker_of(t)
    mask = {"name": masker.names, "email": masker.emails, "phone": masker.phones}
    keys = ids.astype(str)
    return {c: mask[c](found[c].reindex(keys)).set_axis(ids.index) for c in found.columns}


def _cells(values: pd.Series, name: str, fmt: str, t: Translator) -> pd.Series:
    """One column's cells: ids as text, codes as labels, text masked, numbers as numbers
    (amounts in the currency's decimals, shares to 4), dates as dates; a column of cited
    values (:data:`crm_lib.cells.CITED`) and any code or text column as a page writes it."""
    if name in ID_COLUMNS:
        return values.astype("string").fillna("").astype(object)
    if fmt.startswith("code:") or fmt == "text" or _cites(values):
        return _text_cells(values, fmt, t)
    if fmt == "money":
        decimals = t.money.info.decimals
        amounts = pd.to_numeric(values, errors="coerce").round(decimals)
        return amounts.astype("Int64") if decimals == 0 else amounts
    if fmt == "date":
        dates = pd.to_datetime(values, errors="coerce")
        return pd.Series([d.date() if pd.notna(d) else None for d in dates], index=values.index)
    return pd.to_numeric(values, errors="coerce").round(DECIMALS.get(fmt, 6))


def _cites(values: pd.Series) -> bool:
    return values.dtype == object and any(isinstance(v, CITED) for v in values)


def _text_cells(values: pd.Series, fmt: str, t: Translator) -> pd.Series:
    """Codes as their labels, text masked: each cell as a page's table writes it
    (:func:`crm_lib.cells.cell_text`), each distinct value written once."""
    written: dict = {}

    def write(value) -> str:
        try:
            if value not in written:
                written[value] = cell_text(value, fmt, t)
            return written[value]
        except TypeError:  # unhashable (a list): written each time
            return cell_text(value, fmt, t)

    return pd.Series([write(v) for v in values], index=values.index, dtype=object)


def _header(column: Column, t: Translator) -> str:
    label = t(column.label)
    if column.format != "money":
        return label
    return Translator(t.language)("lists_money_header", label=label, unit=t.money.unit)


def _contact_header(field: str, t: Translator) -> str:
    masked = getattr(masker_of(t).policy, field)
    return t(f"lists_col_{field}_masked" if masked else f"lists_col_{field}")


# ---------------------------------------------------------------- files


def write_list(
    frame: pd.DataFrame,
    artifact: Artifact,
    run_dir: str | Path,
    t: Translator,
    settings: ListsConfig | None = None,
    dataset=None,
) -> Download:
    """Write an action list as ``lists/<name>.csv`` (and ``.xlsx``, per ``settings``) in
    the run folder; the files and notes for the page's link line."""
    settings = settings or ListsConfig()
    table, formats = reader_table(frame, artifact, t, dataset)
    folder = Path(run_dir) / LISTS_FOLDER
    csv = folder / f"{artifact.name}.csv"
    replaced = write_csv(table, csv, settings.encoding)
    files = [(CSV_LINK[settings.encoding], f"{LISTS_FOLDER}/{csv.name}")]
    notes = [Sentence("lists_replaced", {"chars": replaced})] if replaced else []
    if settings.xlsx_min_rows < len(table) <= settings.xlsx_max_rows:
        xlsx = folder / f"{artifact.name}.xlsx"
        write_xlsx(table, formats, xlsx, t(f"lists_title_{artifact.name}"), t)
        files.append(("lists_xlsx", f"{LISTS_FOLDER}/{xlsx.name}"))
    elif len(table) > settings.xlsx_max_rows:
        notes.append(Sentence("lists_xlsx_too_long", {"limit": settings.xlsx_max_rows}))
    return Download(f"lists_title_{artifact.name}", len(table), tuple(files), tuple(notes))


def write_csv(table: pd.DataFrame, path: Path, encoding: str = "utf-8-sig") -> int:
    """Write the table as CSV in ``encoding`` (``utf-8-sig`` or ``cp932``), formula-like
    text prefixed with an apostrophe; returns how many characters were written as 〓
    (those CP932 cannot hold; 0 in UTF-8)."""
    out = table.copy()
    for column in out.columns:
        if _is_text(out[column]):
            out[column] = _formula_safe(out[column])
    replaced = 0
    if encoding == "cp932":
        out, replaced = in_cp932(out)
    write_table(out, path, encoding=encoding)
    return replaced


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or pd.api.types.is_string_dtype(values)


def _formula_safe(values: pd.Series) -> pd.Series:
    def safe(v):
        return "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v

    return values.map(safe)


def in_cp932(table: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The table with its headers and text in characters CP932 holds: look-alikes
    translated (— → ―), any other missing character replaced by 〓; with the count of
    replaced characters (in cells and headers)."""
    headers = [_cp932_text(str(c)) for c in table.columns]
    replaced = sum(n for _, n in headers)
    out = table.copy()
    out.columns = [h for h, _ in headers]
    for i in range(out.shape[1]):
        values = out.iloc[:, i]
        if not _is_text(values):
            continue
        counts = values[values.map(lambda v: isinstance(v, str))].value_counts()
        fixed = {v: _cp932_text(v) for v in counts.index}
        replaced += sum(fixed[v][1] * n for v, n in counts.items())
        out.iloc[:, i] = values.map(lambda v, f=fixed: f[v][0] if isinstance(v, str) else v)
    return out, replaced


def _cp932_text(text: str) -> tuple[str, int]:
    """``text`` in characters CP932 holds, with how many were replaced by 〓."""
    text = text.translate(CP932_LOOKALIKES)
    if _in_cp932(text):
        return text, 0
    missing = [not _in_cp932(ch) for ch in text]
    chars = (CP932_MISSING if m else ch for ch, m in zip(text, missing, strict=True))
    return "".join(chars), sum(missing)


def _in_cp932(text: str) -> bool:
    try:
        text.encode("cp932")
        return True
    except UnicodeEncodeError:
        return False


def write_xlsx(table: pd.DataFrame, formats: list[str], path: Path, title: str, t) -> None:
    """Write the table as one sheet named ``title``: bold frozen header with a filter, ids
    and text as text (never formulas), amounts in the currency's decimals, shares as
    percentages, dates as dates; atomically."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_SHEET_NAME_BAD.sub(" ", title)[:31])
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(table.columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{len(table) + 1}"
    for i, header in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = _width(header)
    bold = Font(bold=True)
    sheet.append([_header_cell(sheet, h, bold) for h in table.columns])
    decimals = t.money.info.decimals
    money = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    number_formats = [money if f == "money" else _XLSX_FORMATS.get(f) for f in formats]
    columns = [_xlsx_values(table[c]) for c in table.columns]
    for row in zip(*columns, strict=True):
        sheet.append([_cell(sheet, v, f) for v, f in zip(row, number_formats, strict=True)])
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    book.save(tmp)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)  # mkstemp creates 0600; give the file the usual mode
    os.replace(tmp, path)


def _xlsx_values(values: pd.Series) -> list:
    """Cell values: missing as empty, text without the control characters a sheet cannot
    hold (written as U+FFFD)."""
    out = []
    for v in values.tolist():
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            out.append(None)
        elif isinstance(v, str):
            out.append(ILLEGAL_CHARACTERS_RE.sub("\ufffd", v))
        else:
            out.append(v)
    return out


def _cell(sheet, value, number_format: str | None):
    if isinstance(value, str):
        if not value.startswith("="):
            return value
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"  # text, never a formula
        return cell
    if number_format is None or value is None:
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = number_format
    return cell


def _header_cell(sheet, header: str, font: Font):
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(header)))
    cell.data_type = "s"
    cell.font = font
    return cell


def _width(header: str) -> float:
    """A column wide enough for its header (wide characters count twice), 10-40."""
    wide = sum(2 if ord(ch) > 0x2E7F else 1 for ch in header)
    return float(min(max(wide + 2, 10), 40))
