"""Errors meant for users: each carries a one-line message and maps to exit code 2.

Anything that is not one of these is a bug and may raise normally.
"""

from __future__ import annotations


class CrmUserError(Exception):
    """A mistake in the user's input (config or data): one line, exit code 2."""

    exit_code = 2


class ConfigError(CrmUserError):
    """The run configuration is invalid: names the file, the key and the problem."""

    def __init__(self, source: str, key: str, problem: str):
        self.source, self.key, self.problem = source, key, problem
        where = f"{source}: {key}" if key else source
        super().__init__(f"{where}: {problem}")


class DataError(CrmUserError):
    """A data file is invalid: names the file, the row, the column and the problem.

    ``row`` counts rows the way the user sees them in the file: for CSV the header is
    row 1 and the first data row is row 2 (as in a spreadsheet); for Parquet and query
    results the first record is row 1. ``None`` where the problem concerns the whole file.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ):
        self.file, self.row, self.column, self.problem = file, row, column, problem
        parts = [str(file)]
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            parts.append(f"column {column}")
        super().__init__(", ".join(parts) + f": {problem}")
