"""Errors a person can act on.

Every error says where (file, sheet, cell or option) and what to do. The CLI maps
:class:`CxgapError` to exit code 2 with one line on stderr; nothing else in the package prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


class GateFailed(Exception):
    """A quality gate failed (exit code 1). Not an error in the input: a finding."""

    exit_code = 1

    def __init__(self, failures: list[str]):
        super().__init__("; ".join(failures))
        self.failures = failures
