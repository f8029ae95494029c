"""Raw tables: a header row and columns of raw cell values, with what is needed to name a cell.

No value is interpreted here: numbers stay numbers, text stays text, an empty cell is empty, and
a workbook cell whose value the reader cannot give (a formula never computed, an error value) is
an :class:`Unreadable`. Each column is a :class:`~cxgap.load._columns.Cells`, built from rows of
Python values (:func:`table_from_rows`) or straight from typed columns (:func:`table_from_columns`);
both find the header and check the columns the same way. Classification is the job of
:mod:`cxgap.load._cells`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cxgap.errors import InputError, Where
from cxgap.load._columns import Cells, Unreadable, header_text

__all__ = [
    "Table",
    "Unreadable",
    "column_letter",
    "filled",
    "header_text",
    "table_from_columns",
    "table_from_rows",
    "table_with_header",
]

_HEADER_SEARCH = 64
"""Rows looked at first for the header; the rest only if these are all empty."""


@dataclass(frozen=True)
class Table:
    """One sheet or file: its header and its data columns, with what is needed to name a cell."""

    file: str
    sheet: str
    header: tuple[str, ...]
    columns: tuple[Cells, ...]
    header_row: int
    """1-based spreadsheet row of the header; data row ``i`` (0-based) is row ``header_row+1+i``."""
    col_offset: tuple[int, ...]
    """0-based spreadsheet column of each entry of ``header``/``columns``."""
    row_numbers: tuple[int, ...] = ()
    """Spreadsheet row of each data row, when rows were skipped; else ``header_row + 1 + i``."""

    @property
    def n_rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def cell(self, row: int, col: int) -> str:
        """The spreadsheet address of data row ``row`` in column position ``col``: ``D17``."""
        return f"{column_letter(self.col_offset[col])}{self.row_number(row)}"

    def row_number(self, row: int) -> int:
        return self.row_numbers[row] if self.row_numbers else self.header_row + 1 + row

    def where(self, row: int | None = None, col: int | None = None) -> Where:
        """The sheet; with ``col``, the column; with ``row`` and ``col`` too, the cell."""
        cell = self.cell(row, col) if row is not None and col is not None else None
        column = self.header[col] if col is not None and cell is None else None
        return Where(self.file, self.sheet, cell, column)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def filled(value: object) -> bool:
    """Whether a raw cell holds anything: not ``None``, not empty or blank text."""
    return not (value is None or (isinstance(value, str) and not value.strip()))


def table_from_rows(file: str, sheet: str, rows: Sequence[Sequence[object]]) -> Table:
    """Find the header (the first non-empty row) and turn the rows below it into columns."""
    width = max((len(row) for row in rows), default=0)
    padded = [list(row) + [""] * (width - len(row)) for row in rows]
    columns = [Cells.of(column) for column in zip(*padded, strict=True)] if padded else []
    return table_from_columns(file, sheet, columns)


def table_from_columns(
    file: str, sheet: str, columns: Sequence[Cells], first_column: int = 0
) -> Table:
    """Find the header (the first non-empty row) of whole columns, the header row included;
    ``first_column`` is the 0-based spreadsheet column of ``columns[0]``."""
    header_at = _first_filled_row(columns)
    if header_at is None:
        raise InputError(
            "the sheet is empty", where=Where(file, sheet), hint="add a header row and data"
        )
    raw_header = [column[header_at] for column in columns]
    body = [column.take(slice(header_at + 1, None)) for column in columns]
    return _table(file, sheet, header_at, raw_header, body, first_column)


def table_with_header(
    file: str, sheet: str, header: Sequence[object], columns: Sequence[Cells]
) -> Table:
    """A table whose header is given apart from its columns (Parquet's column names), as if it
    were the sheet's first row; it must hold a value (:func:`filled`)."""
    return _table(file, sheet, 0, header, columns, 0)


def _table(
    file: str,
    sheet: str,
    header_at: int,
    raw_header: Sequence[object],
    body: Sequence[Cells],
    first_column: int,
) -> Table:
    keep = _named_columns(file, sheet, header_at, raw_header, body, first_column)
    return Table(
        file=file,
        sheet=sheet,
        header=tuple(header_text(raw_header[j]) for j in keep),
        columns=tuple(body[j] for j in keep),
        header_row=header_at + 1,
        col_offset=tuple(first_column + j for j in keep),
    )


def _first_filled_row(columns: Sequence[Cells]) -> int | None:
    """The first row where any column holds a value (the first rows are looked at first)."""
    length = max((len(column) for column in columns), default=0)
    for start, stop in ((0, _HEADER_SEARCH), (_HEADER_SEARCH, length)):
        if start >= length:
            break
        rows = np.zeros(min(stop, length) - start, dtype=bool)
        for column in columns:
            rows |= column.take(slice(start, stop)).filled()
        if rows.any():
            return start + int(np.argmax(rows))
    return None


def _named_columns(
    file: str,
    sheet: str,
    header_at: int,
    raw_header: Sequence[object],
    columns: Sequence[Cells],
    first_column: int,
) -> list[int]:
    """Positions of the columns with a header; a headerless column with values is an error."""
    keep: list[int] = []
    seen: dict[str, int] = {}
    for j, value in enumerate(raw_header):
        name = header_text(value)
        if not name:
            values = np.flatnonzero(columns[j].filled())
            if len(values):
                where = f"{column_letter(first_column + j)}{header_at + 2 + int(values[0])}"
                raise InputError(
                    "this cell has a value but its column has no header",
                    where=Where(file, sheet, where),
                    hint=f"give the column a header in row {header_at + 1} or delete the column",
                )
            continue
        key = name.casefold()
        if key in seen:
            raise InputError(
                f"the header '{name}' appears twice (columns "
                f"{column_letter(first_column + seen[key])} and {column_letter(first_column + j)})",
                where=Where(file, sheet),
                hint="rename or delete one of them",
            )
        seen[key] = j
        keep.append(j)
    return keep
