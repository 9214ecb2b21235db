"""Errors the ``crm`` command reports as one line, each with its own exit code.

=====  =====================================================================
 code  meaning
=====  =====================================================================
   0   success
   1   an analysis failed (a notebook raised): the run is published as ``failed``
   2   bad config or bad data (:class:`CrmUserError`): nothing is published
   3   the output folder cannot be written: read-only, no permission, disk full
       (:class:`OutputError`): nothing is published
   4   a notebook's kernel died: killed (``kill -9``, the OOM killer) or out of
       memory (:class:`KernelDied`): the run is published as ``failed``
 130   interrupted by SIGINT (Ctrl-C) (:class:`Interrupted`): nothing is published
 143   stopped by SIGTERM (a scheduler's timeout) (:class:`Interrupted`): nothing
       is published
=====  =====================================================================

Anything that is not one of these is a bug and may raise normally.
"""

from __future__ import annotations

import errno
import signal

EXIT_OK = 0
EXIT_ANALYSIS_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 3
EXIT_KERNEL_DIED = 4

# errno values that mean "this folder cannot take the run's files"
OUTPUT_ERRNOS = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "not a folder",
    errno.EFBIG: "file too large",
}
# the same causes as an engine or a kernel words them (no errno attached)
OUTPUT_MESSAGES = {
    "no space left on device": "disk full",
    "disk quota exceeded": "disk quota exceeded",
    "read-only file system": "read-only file system",
    "file too large": "file too large",
}


class CrmError(Exception):
    """An error ``crm`` reports as one line (``str(exc)``) with :attr:`exit_code`."""

    exit_code = EXIT_ANALYSIS_FAILED


class CrmUserError(CrmError):
    """A mistake in the user's input (config or data): one line, exit code 2."""

    exit_code = EXIT_BAD_INPUT


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


class OutputError(CrmError):
    """The run's folder cannot be written (read-only, no permission, disk full): exit 3.

    Nothing is published and ``latest`` is untouched; the half-built run is removed."""

    exit_code = EXIT_OUTPUT

    def __init__(self, where: str, cause: str, detail: str = ""):
        self.where, self.cause = where, cause
        extra = f" ({detail})" if detail else ""
        super().__init__(f"cannot write to {where}: {cause}{extra}; nothing was published")


class KernelDied(CrmError):
    """A notebook's kernel died (killed, or out of memory): exit 4."""

    exit_code = EXIT_KERNEL_DIED


class Interrupted(KeyboardInterrupt):
    """The run was stopped by SIGINT (exit 130) or SIGTERM (exit 143).

    A KeyboardInterrupt, so that no ``except Exception`` swallows it on its way out."""

    def __init__(self, signum: int = signal.SIGINT, where: str = ""):
        self.signum, self.where = signum, where
        super().__init__(self.message)

    @property
    def exit_code(self) -> int:
        return 128 + int(self.signum)

    @property
    def message(self) -> str:
        name = signal.Signals(self.signum).name
        during = f" while {self.where}" if self.where else ""
        return f"interrupted by {name}{during}; nothing was published"


def output_cause(exc: BaseException) -> str | None:
    """The environmental cause ("disk full", "read-only file system" ...) of an error
    writing files, or None when ``exc`` is not one."""
    if isinstance(exc, OSError) and exc.errno in OUTPUT_ERRNOS:
        return OUTPUT_ERRNOS[exc.errno]
    return message_cause(str(exc))


def message_cause(text: str) -> str | None:
    """The environmental cause named in an error message (an engine's or a kernel's)."""
    lower = text.lower()
    for words, cause in OUTPUT_MESSAGES.items():
        if words in lower:
            return cause
    if "[errno 28]" in lower:
        return "disk full"
    if "[errno 30]" in lower:
        return "read-only file system"
    return None
