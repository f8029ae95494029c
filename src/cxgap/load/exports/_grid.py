"""A platform's CSV, TSV or workbook as its first rows (the header rows) and columns of cells.

CSV/TSV text is decoded as :mod:`cxgap.load._sources` decodes a plain table (UTF-8 with or without
BOM, UTF-16 with its BOM, or the ``--encoding`` given; anything else refused with the line and
byte named); the delimiter is the one of ``,``, ``;``, tab and ``|`` the first line uses most
(:mod:`cxgap.load._delimiter`, as for a plain table). The
header rows are parsed with the csv module; the data rows of a UTF-8 file with pyarrow's CSV
reader (C++, no Python object per cell), every cell kept as text, falling back to the csv
module for anything pyarrow refuses (ragged rows, say), with the same cells. Empty lines are
not rows; trailing rows with nothing in them are dropped. A workbook's first sheet is read with
python-calamine after the zip-bomb checks every workbook passes. Nothing is interpreted.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cxgap.errors import InputError, Where
from cxgap.load._cells import TEXT, Cells
from cxgap.load._delimiter import HEAD_CHARS, csv_delimiter
from cxgap.load._sources import decode
from cxgap.model import LoadOptions

Rows = list[list[object]]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_UTF8 = ("utf-8", "utf-8-sig", "utf8", "utf_8")
HEAD = 4
"""Rows parsed up front: enough for any platform's header rows and a first response."""


@dataclass(frozen=True)
class Grid:
    """One export's cells: ``head`` (its first rows, as read) and, on demand, its data rows as
    columns."""

    display: str
    head: Rows
    text: str | None = None
    data: bytes | None = None
    delimiter: str = ","
    rows: Rows | None = None

    def body(self, skip: int, width: int) -> list[Cells]:
        """The rows after the first ``skip`` as ``width`` columns (short rows padded)."""
        columns = self._arrow(skip, width) if self.data is not None else None
        if columns is None:
            columns = to_columns(self._rows()[skip:], width)
        return _trimmed(columns)

    def _rows(self) -> Rows:
        if self.rows is not None:
            return self.rows
        reader = csv.reader(io.StringIO(self.text or "", newline=""), delimiter=self.delimiter)
        try:
            return [list(row) for row in reader if row]
        except csv.Error as exc:
            raise _csv_error(self.display, reader.line_num, exc) from exc

    def _arrow(self, skip: int, width: int) -> list[Cells] | None:
        import pyarrow as pa
        import pyarrow.csv as pcsv

        from cxgap.load._arrow import column_cells

        names = [f"c{j}" for j in range(width)]
        try:
            table = pcsv.read_csv(
                pa.BufferReader(self.data),
                read_options=pcsv.ReadOptions(column_names=names, skip_rows_after_names=skip),
                parse_options=pcsv.ParseOptions(delimiter=self.delimiter, newlines_in_values=True),
                convert_options=pcsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None  # ragged rows, a field too large, ...: the csv module reads (or names) it
        return [column_cells(table.column(j)) for j in range(width)]


def read_grid(path: Path, display: str, options: LoadOptions) -> Grid:
    """The export's grid, read with ``options``' encoding (a text file) or zip-bomb caps (a
    workbook); an empty export is an :class:`InputError`."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        rows = _workbook_rows(path, display, options)
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
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            "this is a workbook (a zip archive) with a text file's name",
            where=Where(display),
            hint="rename it to .xlsx",
        )
    text = decode(data, display, encoding)
    delimiter = csv_delimiter(text[:HEAD_CHARS], display)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        head: Rows = [list[object](row) for row in itertools.islice(reader, HEAD * 4) if row][:HEAD]
    except csv.Error as exc:
        raise _csv_error(display, reader.line_num, exc) from exc
    utf8 = encoding.lower() in _UTF8 and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    )
    return Grid(display, head, text=text, data=data if utf8 else None, delimiter=delimiter)


def _csv_error(display: str, line: int, exc: csv.Error) -> InputError:
    return InputError(
        f"row {line} cannot be read as CSV ({exc})",
        where=Where(display),
        hint="export it again from the survey platform as CSV",
    )


def _workbook_rows(path: Path, display: str, options: LoadOptions) -> Rows:
    from cxgap.load._sheets import first_sheet_rows

    return first_sheet_rows(path, display, options)


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
    filled = np.zeros(len(columns[0]), dtype=bool)
    for column in columns:
        filled |= column.filled()
    last = int(np.flatnonzero(filled)[-1]) + 1 if filled.any() else 0
    return columns if last == len(filled) else [c.take(slice(0, last)) for c in columns]


def to_columns(rows: Sequence[Sequence[object]], width: int) -> list[Cells]:
    """Rows as ``width`` columns of cells; a short row is padded with empty cells."""
    if not rows:
        return [Cells.empty_column(0) for _ in range(width)]
    if {len(row) for row in rows} != {width}:
        rows = [[*row[:width], *[""] * (width - len(row))] for row in rows]
    return [_cells(column) for column in zip(*rows, strict=True)]


def _cells(values: Sequence[object]) -> Cells:
    """A column of cells; a column of texts only (every CSV column) without a Python loop: its
    distinct texts in order of first appearance, each cell's index among them."""
    if set(map(type, values)) != {str}:
        return Cells.of(list(values))
    texts = list(dict.fromkeys(values))
    index = {text: i for i, text in enumerate(texts)}
    ids = np.fromiter(map(index.__getitem__, values), dtype=np.int32, count=len(values))
    n = len(values)
    return Cells(np.full(n, TEXT, dtype=np.int8), np.full(n, np.nan), ids, tuple(texts))  # type: ignore[arg-type]
