"""Raw tables: a header row and columns of raw cell values, with what is needed to name a cell.

No value is interpreted here: numbers stay numbers, text stays text, an empty cell is ``""``
(``None`` from Parquet), and a workbook cell whose value the reader cannot give (a formula
never computed, an error value) is an :class:`Unreadable`. Classification is the job of
:mod:`cxgap.load._cells`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cxgap.errors import InputError, Where


@dataclass(frozen=True)
class Unreadable:
    """A workbook cell with no readable value: ``=1+2`` never computed, or ``#DIV/0!``.

    python-calamine returns such a cell as empty; it is not a blank but an unknown value, so
    the workbook reader puts this marker in its place.
    """

    shown: str
    """How the cell reads in a message: the formula (``=1+2``) or the error (``#N/A``)."""
    why: str
    """Why it is not an answer: ``a formula without a cached value``, ``an error value``."""

    def __str__(self) -> str:
        return self.shown


@dataclass(frozen=True)
class Table:
    """One sheet or file: its header and its data columns, with what is needed to name a cell."""

    file: str
    sheet: str
    header: tuple[str, ...]
    columns: tuple[Sequence[object], ...]
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


def header_text(value: object) -> str:
    """A header, id or codebook cell as text: ``7.0`` reads as ``7``, surrounding spaces go.

    An :class:`Unreadable` cell reads as ``""``: outside the item columns it holds no value.
    """
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None or isinstance(value, Unreadable):
        return ""
    return str(value).strip()


def filled(value: object) -> bool:
    """Whether a raw cell holds anything: not ``None``, not empty or blank text."""
    return not (value is None or (isinstance(value, str) and not value.strip()))


def table_from_rows(file: str, sheet: str, rows: Sequence[Sequence[object]]) -> Table:
    """Find the header (the first non-empty row) and turn the rows below it into columns."""
    header_at = next((i for i, row in enumerate(rows) if any(filled(v) for v in row)), None)
    if header_at is None:
        raise InputError(
            "the sheet is empty", where=Where(file, sheet), hint="add a header row and data"
        )
    width = max(len(row) for row in rows[header_at:])
    body = [list(row) + [""] * (width - len(row)) for row in rows[header_at + 1 :]]
    raw_header = list(rows[header_at]) + [""] * (width - len(rows[header_at]))
    columns = list(zip(*body, strict=True)) if body else [() for _ in range(width)]
    keep = _named_columns(file, sheet, header_at, raw_header, columns)
    return Table(
        file=file,
        sheet=sheet,
        header=tuple(header_text(raw_header[j]) for j in keep),
        columns=tuple(columns[j] for j in keep),
        header_row=header_at + 1,
        col_offset=tuple(keep),
    )


def _named_columns(
    file: str,
    sheet: str,
    header_at: int,
    raw_header: Sequence[object],
    columns: Sequence[Sequence[object]],
) -> list[int]:
    """Positions of the columns with a header; a headerless column with values is an error."""
    keep: list[int] = []
    seen: dict[str, int] = {}
    for j, value in enumerate(raw_header):
        name = header_text(value)
        if not name:
            first = next((i for i, v in enumerate(columns[j]) if filled(v)), None)
            if first is not None:
                raise InputError(
                    "this cell has a value but its column has no header",
                    where=Where(file, sheet, f"{column_letter(j)}{header_at + 2 + first}"),
                    hint=f"give the column a header in row {header_at + 1} or delete the column",
                )
            continue
        key = name.casefold()
        if key in seen:
            raise InputError(
                f"the header '{name}' appears twice (columns {column_letter(seen[key])} "
                f"and {column_letter(j)})",
                where=Where(file, sheet),
                hint="rename or delete one of them",
            )
        seen[key] = j
        keep.append(j)
    return keep
