"""A platform's CSV, TSV or workbook as its first rows (the header rows) and columns of cells.

CSV/TSV text is read by the one CSV reader, :mod:`cxgap.load._csv`, as a plain table is (its
encoding, delimiter and refusals): the header rows with the csv module, the data rows in Arrow
batches of text cells. Empty lines are not rows; trailing rows with nothing in them are
dropped. A workbook's first sheet is read with
python-calamine after the zip-bomb checks every workbook passes. Nothing is interpreted.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cxgap.errors import InputError, Where
from cxgap.load._arrow import column_cells
from cxgap.load._cells import Cells, columns_of
from cxgap.load._csv import csv_batches, decode, first_rows, rows_at_start, sniff, text_start
from cxgap.load._delimiter import HEAD_CHARS
from cxgap.load._sheets import first_sheet_rows
from cxgap.model import LoadOptions

Rows = list[list[object]]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_HINT = "export it again from the survey platform as CSV"
HEAD = 4
"""Rows parsed up front: enough for any platform's header rows and a first response."""
_HEAD_BYTES = 1 << 20
"""The bytes of a text file decoded to find its header rows in (all of it where they reach
further); pyarrow decodes the rest, as it parses."""


@dataclass(frozen=True)
class Grid:
    """One export's cells: ``head`` (its first rows, as read) and, on demand, its data rows as
    columns: a text file's from the file (``data``: its path, or its bytes) by
    :mod:`cxgap.load._csv`, a workbook's from its rows."""

    display: str
    head: Rows
    data: bytes | Path | None = None
    encoding: str = "utf-8"
    rows: Rows | None = None
    exact: bool = False
    """Read the data rows with the csv module alone (pyarrow's read is checked against it)."""
    notes: tuple[str, ...] = ()
    """What the workbook reader logged while it read (warnings for the export)."""

    def body(self, skip: int, width: int, distinct: Collection[int] = ()) -> list[Cells]:
        """The rows after the first ``skip`` as ``width`` columns (short rows padded); those at
        the positions ``distinct`` (respondent ids) hold a text of its own in each cell, and
        are not dictionary-encoded (:func:`~cxgap.load._arrow.column_cells`), as a plain
        table's id column is not."""
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
        return _trimmed([column_cells(table.column(j), j in distinct) for j in range(width)])

    def check_text(self) -> None:
        """Refuse a text file that is not text in its encoding, naming the line and the byte
        (:func:`decode`). Only its beginning is decoded up front, so where anything else in
        the file is refused, this is asked first: the encoding is named first, as it was
        when the whole text was decoded up front."""
        if self.data is not None:
            data = self.data.read_bytes() if isinstance(self.data, Path) else self.data
            decode(data, self.display, self.encoding)


def _schema(width: int) -> Any:
    import pyarrow as pa

    return pa.schema([pa.field(f"c{j}", pa.string()) for j in range(width)])


def read_grid(path: Path, display: str, options: LoadOptions) -> Grid:
    """The export's grid, read with ``options``' encoding (a text file) or zip-bomb caps (a
    workbook); an empty export is an :class:`InputError`."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        rows, notes = first_sheet_rows(path, display, options)
        while rows and not any(_filled(v) for v in rows[-1]):
            rows.pop()
        grid = Grid(display, rows[:HEAD], rows=rows, notes=notes)
    else:
        grid = _text_grid(path, display, options.encoding)
    if not any(_filled(v) for row in grid.head for v in row):
        grid.check_text()
        raise InputError(
            "the export is empty: no header and no responses",
            where=Where(display),
            hint="export the responses again from the survey platform",
        )
    return grid


def _text_grid(path: Path, display: str, encoding: str) -> Grid:
    with path.open("rb") as handle:
        delimiter = sniff(handle.read(HEAD_CHARS), display, encoding)
    text, whole = text_start(path, display, encoding, _HEAD_BYTES)
    head = rows_at_start(text, delimiter, display, HEAD, _HINT, whole=whole)
    if head is None:  # header rows longer than the text looked at: all of it
        text = decode(path.read_bytes(), display, encoding)
        head = first_rows(text, delimiter, display, HEAD, _HINT)
    return Grid(display, head, data=path, encoding=encoding)


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
