"""A platform's CSV, TSV or workbook as its first rows (the header rows) and columns of cells.

CSV/TSV text is read by the one CSV reader, :mod:`cxgap.load._csv`, as a plain table is (its
encoding, delimiter and refusals): the header rows with the csv module, the data rows in Arrow
batches of text cells. Empty lines are not rows; trailing rows with nothing in them are
dropped. A workbook's first sheet is read with
python-calamine after the zip-bomb checks every workbook passes. Nothing is interpreted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cxgap.errors import InputError, Where
from cxgap.load._arrow import column_cells
from cxgap.load._cells import Cells, columns_of
from cxgap.load._csv import csv_batches, decode, first_rows, sniff
from cxgap.load._sheets import first_sheet_rows
from cxgap.model import LoadOptions

Rows = list[list[object]]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_HINT = "export it again from the survey platform as CSV"
HEAD = 4
"""Rows parsed up front: enough for any platform's header rows and a first response."""


@dataclass(frozen=True)
class Grid:
    """One export's cells: ``head`` (its first rows, as read) and, on demand, its data rows as
    columns: a text file's from its bytes (:mod:`cxgap.load._csv`), a workbook's from its rows."""

    display: str
    head: Rows
    data: bytes | None = None
    encoding: str = "utf-8"
    rows: Rows | None = None
    exact: bool = False
    """Read the data rows with the csv module alone (pyarrow's read is checked against it)."""

    def body(self, skip: int, width: int) -> list[Cells]:
        """The rows after the first ``skip`` as ``width`` columns (short rows padded)."""
        if self.data is None:
            return _trimmed(columns_of((self.rows or [])[skip:], width))
        import pyarrow as pa

        batches = csv_batches(
            self.data,
            self.display,
            self.encoding,
            header=False,
            skip=skip,
            width=width,
            empty_lines=False,
            exact=self.exact,
            hint=_HINT,
        )
        table = pa.Table.from_batches(list(batches), schema=_schema(width))
        return _trimmed([column_cells(table.column(j)) for j in range(width)])


def _schema(width: int) -> Any:
    import pyarrow as pa

    return pa.schema([pa.field(f"c{j}", pa.string()) for j in range(width)])


def read_grid(path: Path, display: str, options: LoadOptions) -> Grid:
    """The export's grid, read with ``options``' encoding (a text file) or zip-bomb caps (a
    workbook); an empty export is an :class:`InputError`."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        rows = first_sheet_rows(path, display, options)
        while rows and not any(_filled(v) for v in rows[-1]):
            rows.pop()
        grid = Grid(display, rows[:HEAD], rows=rows)
    else:
        grid = _text_grid(path, display, options.encoding)
    if not any(_filled(v) for row in grid.head for v in row):
        raise InputError(
            "the export is empty: no header and no responses",
            where=Where(display),
            hint="export the responses again from the survey platform",
        )
    return grid


def _text_grid(path: Path, display: str, encoding: str) -> Grid:
    data = path.read_bytes()
    delimiter = sniff(data, display, encoding)
    head = first_rows(decode(data, display, encoding), delimiter, display, HEAD, _HINT)
    return Grid(display, head, data=data, encoding=encoding)


def _filled(value: object) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))


def header_cell(value: object) -> str:
    """A header cell as text, exactly as written apart from surrounding spaces; ``7.0`` as 7."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _trimmed(columns: list[Cells]) -> list[Cells]:
    """The columns without their trailing rows in which no column holds anything."""
    if not columns or not len(columns[0]):
        return columns
    if any(_filled(column[len(column) - 1]) for column in columns):
        return columns  # the last row holds something: nothing to trim, nothing to look at
    filled = np.zeros(len(columns[0]), dtype=bool)
    for column in columns:
        filled |= column.filled()
    last = int(np.flatnonzero(filled)[-1]) + 1 if filled.any() else 0
    return columns if last == len(filled) else [c.take(slice(0, last)) for c in columns]
