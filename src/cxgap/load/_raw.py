"""Raw tables: a header and columns of raw cells (:class:`~._cells.Cells`), with what is
needed to name a cell.

Every reader (CSV, Parquet, a workbook sheet, a platform export) produces a :class:`RawTable`:
its header, found as the first row holding a value or given apart (Parquet's column names),
its columns, and the places of its cells in the file (``customers!D17``, or ``customers.csv,
row 17, column 'Q16'`` for a file without sheets). Nothing is interpreted here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cxgap.errors import InputError, Where, quote_value
from cxgap.load._cells import Cells, columns_of, header_text

_HEADER_SEARCH = 64
"""Rows looked at first for the header; the rest only if these are all empty."""


@dataclass(frozen=True, kw_only=True)
class RawTable:
    """One sheet or file: its header and its data columns, with what is needed to name a cell.

    Build it with :meth:`found` (the header is the first row holding a value, or given apart
    from the columns, as Parquet's column names), :meth:`from_rows` (the same from rows of
    Python values) or :meth:`placed` (cells read where they lie, as the sparse reader does).
    """

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
    reader: str = ""
    """What read it: ``fastexcel``, ``calamine``, ``csv``, ``arrow`` (Parquet columns read
    columnar), ``python`` (Parquet through Python values), or an export's platform."""
    value_labels: Mapping[str, Mapping[float, str]] = field(default_factory=dict)
    """Column -> its codes' labels, where the file gives them (SPSS/Stata value labels)."""
    missing_codes: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    """Column -> codes the file declares as no answer (SPSS user-missing values)."""
    missing_ranges: Mapping[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    """Column -> ranges of codes the file declares as no answer (SPSS user-missing ranges)."""
    missing_texts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Column -> cell texts that are the platform's no-answer codes (Stata ``.a``...)."""
    own_file: bool = False
    """The table is a file of its own (a folder's ``customers.xlsx`` or ``.csv``, a codebook
    given with ``--items``), not a sheet of the survey's workbook: a cell's address names the
    file as well as the sheet, since the message around it names only the folder."""
    left_out: tuple[tuple[int, int], ...] = ()
    """Spreadsheet rows (first, last) between the table's rows that hold nothing and were never
    read (the sparse reader reads only the rows holding a value): counted as empty rows."""
    notes: tuple[str, ...] = ()
    """What reading it warns of (what a workbook reader logged: :mod:`._calamine`)."""

    @classmethod
    def found(
        cls,
        file: str,
        sheet: str,
        columns: Sequence[Cells],
        *,
        names: Sequence[object] | None = None,
        first_column: int = 0,
        first_row: int = 0,
        reader: str,
    ) -> RawTable:
        """A table from whole columns, its header the first row holding a value, or ``names``
        where given apart from the columns (Parquet's column names; if every name is blank, the
        header is the first row of the columns holding a value, as a sheet's would be);
        ``first_column``/``first_row``: the 0-based spreadsheet place of ``columns[0][0]``."""
        if names is not None and any(header_text(name) for name in names):
            return cls._of(file, sheet, 0, names, columns, 0, reader)
        if names is not None:
            first_row = 1
        header_at = _first_filled_row(columns)
        if header_at is None:
            raise InputError(
                "the sheet is empty", where=Where(file, sheet), hint="add a header row and data"
            )
        raw_header = [column[header_at] for column in columns]
        body = [column.take(slice(header_at + 1, None)) for column in columns]
        return cls._of(file, sheet, first_row + header_at, raw_header, body, first_column, reader)

    @classmethod
    def from_rows(
        cls, file: str, sheet: str, rows: Sequence[Sequence[object]], *, reader: str
    ) -> RawTable:
        """A table from rows of Python values (a sheet read cell by cell)."""
        return cls.found(file, sheet, columns_of(rows), reader=reader)

    @classmethod
    def placed(
        cls,
        file: str,
        sheet: str,
        header: Sequence[object],
        columns: Sequence[Cells],
        *,
        header_row: int,
        positions: Sequence[int],
        row_numbers: Sequence[int],
        reader: str,
    ) -> RawTable:
        """A table read cell by cell where its cells lie: the header (1-based ``header_row``),
        the columns at 0-based spreadsheet ``positions``, the data rows at ``row_numbers``."""
        keep = _named_columns(file, sheet, header_row - 1, header, columns, positions)
        return cls(
            file=file,
            sheet=sheet,
            header=tuple(header_text(header[j]) for j in keep),
            columns=tuple(columns[j] for j in keep),
            header_row=header_row,
            col_offset=tuple(positions[j] for j in keep),
            row_numbers=tuple(row_numbers),
            reader=reader,
        )

    @classmethod
    def _of(
        cls,
        file: str,
        sheet: str,
        header_at: int,
        raw_header: Sequence[object],
        body: Sequence[Cells],
        first_column: int,
        reader: str,
    ) -> RawTable:
        positions = range(first_column, first_column + len(raw_header))
        keep = _named_columns(file, sheet, header_at, raw_header, body, positions)
        return cls(
            file=file,
            sheet=sheet,
            header=tuple(header_text(raw_header[j]) for j in keep),
            columns=tuple(body[j] for j in keep),
            header_row=header_at + 1,
            col_offset=tuple(first_column + j for j in keep),
            reader=reader,
        )

    @property
    def n_rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def cell(self, row: int, col: int) -> str:
        """The address of data row ``row`` in column position ``col``: ``D17`` in a sheet; in
        an export (a table without a sheet) ``row 17, column 'Q16'``."""
        if not self.sheet:
            return f"row {self.row_number(row)}, column '{self.header[col]}'"
        return f"{column_letter(self.col_offset[col])}{self.row_number(row)}"

    def address(self, row: int, col: int) -> str:
        """A cell as a list of cells names it: ``customers!D17`` in the survey's workbook,
        ``customers.xlsx, customers!D17`` in a table of its own, or ``customers.csv, row 17,
        column 'Q16'`` in an export."""
        if not self.sheet:
            return f"{Path(self.file).name}, {self.cell(row, col)}"
        if self.own_file:
            return f"{Path(self.file).name}, {self.sheet}!{self.cell(row, col)}"
        return f"{self.sheet}!{self.cell(row, col)}"

    def row_number(self, row: int) -> int:
        return self.row_numbers[row] if self.row_numbers else self.header_row + 1 + row

    def where(self, row: int | None = None, col: int | None = None) -> Where:
        """The sheet; with ``col``, the column; with ``row`` and ``col`` too, the cell."""
        cell = self.cell(row, col) if row is not None and col is not None else None
        column = self.header[col] if col is not None and cell is None else None
        return Where(self.file, self.sheet, cell, column)


def shown_names(names: tuple[str, ...] | list[str], most: int = 12, width: int = 40) -> str:
    """Column names as a message lists them: at most ``most``, each cut to ``width``."""
    cut = [name if len(name) <= width else name[: width - 3] + "..." for name in names[:most]]
    more = f", ... ({len(names) - most} more)" if len(names) > most else ""
    return ", ".join(cut) + more


@dataclass(frozen=True)
class PartFiles:
    """A sample given as parts (a folder or glob of Parquet or CSV files, or one large Parquet
    file), read in batches by :mod:`._stream` rather than whole into a :class:`RawTable`."""

    display: str
    files: tuple[Path, ...]


def header_key(header: str) -> str:
    """A header (or a column the codebook names) as it is matched: case and runs of spaces or
    line breaks do not count."""
    return " ".join(header.casefold().split())


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
    positions: Sequence[int],
) -> list[int]:
    """Positions of the columns with a header; a headerless column with values is an error.
    ``positions``: the 0-based spreadsheet column of each column."""
    keep: list[int] = []
    seen: dict[str, int] = {}
    for j, value in enumerate(raw_header):
        name = header_text(value)
        if not name:
            values = np.flatnonzero(columns[j].filled())
            if len(values):
                where = f"{column_letter(positions[j])}{header_at + 2 + int(values[0])}"
                raise InputError(
                    "this cell has a value but its column has no header",
                    where=Where(file, sheet, where),
                    hint=f"give the column a header in row {header_at + 1} or delete the column",
                )
            continue
        key = name.casefold()
        if key in seen:
            raise InputError(
                f"the header {quote_value(name)} appears twice (columns "
                f"{column_letter(positions[seen[key]])} and {column_letter(positions[j])})",
                where=Where(file, sheet),
                hint="rename or delete one of them",
            )
        seen[key] = j
        keep.append(j)
    return keep
