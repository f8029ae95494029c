"""Errors a person can act on.

Every error says where (file, sheet, cell or option) and what to do. The CLI maps
:class:`CxgapError` to exit code 2 with one line on stderr; nothing else in the package prints.
"""

from __future__ import annotations

import datetime as dt
import decimal
import errno
import numbers
import re
from dataclasses import dataclass

QUOTE_LIMIT = 60
"""Characters of a cell's text a message quotes; longer text ends in an ellipsis."""
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


@dataclass(frozen=True)
class Where:
    """A place in the input: a file, optionally a sheet and a cell (``D17``) or a column."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            place = self.sheet
            if self.cell:
                place += f"!{self.cell}"
            elif self.column:
                place += f", column '{self.column}'"
            parts.append(place)
        elif self.cell:  # a file without sheets names a cell by row and column
            parts.append(self.cell)
        elif self.column:
            parts.append(f"column '{self.column}'")
        return ": ".join(parts)


class CxgapError(Exception):
    """Base of every error cxgap reports to a user (exit code 2), always as one line: a line
    break in a quoted value, a path or a reader's message becomes a space."""

    exit_code = 2

    def __init__(self, message: str, *, where: Where | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where or Where()
        self.hint = hint

    def __str__(self) -> str:
        place = str(self.where)
        text = f"{place}: {self.message}" if place else self.message
        if self.hint:
            text += f" ({self.hint})"
        return _LINE_BREAKS.sub(" ", text).strip()


class InputError(CxgapError):
    """The input cannot be read or does not follow the format (missing sheet, bad cell, ...)."""


class UsageError(CxgapError):
    """An option value that cannot be used."""


class OutputError(CxgapError):
    """The report cannot be written: a folder where a file should be, a full disk, ..."""


_OS_HINTS = {
    errno.EACCES: "check its permissions",
    errno.EPERM: "check its permissions",
    errno.ENOSPC: "free some disk space, or write somewhere else",
    errno.EDQUOT: "free some disk space, or write somewhere else",
    errno.EISDIR: "name a file, not a folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENOENT: "check the path",
    errno.EROFS: "the file system is read-only: write somewhere else",
}


def os_error_hint(exc: OSError) -> str:
    """What to do about an operating-system error, by its errno."""
    return _OS_HINTS.get(exc.errno or 0, "check the path and try again")


def stdout_error(exc: OSError) -> OutputError:
    """A failed write to standard output (a full disk behind ``>``) as a message."""
    return OutputError(
        f"cannot write to standard output: {exc.strerror or exc}",
        hint=os_error_hint(exc),
    )


def quote_value(value: object) -> str:
    """User data as a message quotes it: short, and as a person would have written it.

    Integral numbers print without ``.0`` (``4``); other numbers in Python's shortest form that
    reads back the same (``5.000000000000001``), which turns to scientific notation for very
    large or small ones (``1e+308``, not 309 digits); text in quotes (``'abc'``); a date or
    time in ISO form. Any text is cut to :data:`QUOTE_LIMIT` characters with an ellipsis.
    """
    if isinstance(value, bool):
        text = str(value)
    elif isinstance(value, numbers.Integral):
        whole = int(value)
        text = str(whole) if abs(whole) < 10**16 else f"{decimal.Decimal(whole).normalize():.16g}"
    elif isinstance(value, float):
        text = repr(float(value)).removesuffix(".0")
    elif isinstance(value, str):
        return repr(_cut(value))
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    return _cut(text)


def _cut(text: str) -> str:
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "\u2026"


class GateFailed(Exception):
    """A quality gate failed (exit code 1). Not an error in the input: a finding."""

    exit_code = 1

    def __init__(self, failures: list[str]):
        super().__init__("; ".join(failures))
        self.failures = failures
