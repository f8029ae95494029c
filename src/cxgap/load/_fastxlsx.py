"""Read an .xlsx/.xlsm sheet into typed columns with fastexcel, when that read is provably exact.

fastexcel (calamine in Rust, straight to Arrow) reads a large sheet about twice as fast as
python-calamine's ``to_python()`` and without a Python object per cell. It is asked for every
column as float64 and reports each cell that is not a number as an error that quotes the cell
(``Expected float but got 'String("Don't know")'``): that is how the texts are read, in full.

But fastexcel reads a text that parses as a number (``"007"``, ``"4"``) as that number, a
TRUE/FALSE cell as 1 or 0, and a formula without a cached value or an error value as empty.
So its read is used only when it cannot differ from reading cell by cell:

- the guard's scan (:class:`~cxgap.load._archive.SheetScan`) found no formula, error value or
  TRUE/FALSE cell in the sheet's XML;
- every cell fastexcel did not read as a number is a text it quotes (a date, for one, is not);
- it quoted as many texts as the XML holds text-typed cells (a count that can only be too
  high), so none was read as a number.

Otherwise :func:`table_of` returns None, and the sheet is read cell by cell
(:mod:`cxgap.load._workbook`). Reading (:func:`load`) needs no scan, so that the scan can run
meanwhile; only using what was read does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cxgap.load._archive import SheetScan
from cxgap.load._arrow import float_values
from cxgap.load._columns import NONE, NUMBER, TEXT, Cells
from cxgap.load._tables import Table, table_from_columns

_QUOTED_TEXT = re.compile(r"Expected float but got 'String\(\"(.*)\"\)'", re.DOTALL)
_ESCAPE = re.compile(r"\\(?:u\{([0-9a-fA-F]{1,6})\}|(.))", re.DOTALL)
_ESCAPED = {"t": "\t", "r": "\r", "n": "\n", "0": "\0", "\\": "\\", '"': '"', "'": "'"}
"""Rust's ``{:?}`` escapes of a string, which fastexcel's error quotes the text in."""


class _NotExact(Exception):
    """The fast read could differ from reading cell by cell."""


def open_reader(path: Path) -> Any | None:
    """A fastexcel reader of the workbook, or None if fastexcel cannot open it."""
    try:
        import fastexcel

        return fastexcel.read_excel(str(path))
    except Exception:  # the exact reader will open it, or say why it cannot
        return None


@dataclass(frozen=True, eq=False)
class Loaded:
    """A sheet as fastexcel read it: float64 columns and its report of the other cells."""

    batch: Any
    errors: list[Any]
    first_column: int


def load(reader: Any, sheet: str) -> Loaded | None:
    """Read a sheet with fastexcel (None if it cannot: the exact reader will say why)."""
    try:
        loaded = reader.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="float")
        batch, errors = loaded.to_arrow_with_errors()
        first_column = loaded.selected_columns[0].absolute_index if batch.num_columns else 0
        return Loaded(batch, errors.errors if errors is not None else [], first_column)
    except Exception:  # a damaged sheet: the exact reader names the problem
        return None


def table_of(loaded: Loaded, display: str, sheet: str, scan: SheetScan | None) -> Table | None:
    """The sheet as a table of typed columns, or None where only a cell-by-cell read is exact
    (``scan``: what the sheet's XML holds)."""
    if scan is None or scan.unreadable or scan.unusual:
        return None
    try:
        texts = _quoted_texts(loaded.errors, loaded.batch.num_columns)
    except _NotExact:
        return None
    if sum(len(rows) for rows in texts) != scan.texts:
        return None
    batch = loaded.batch
    try:
        columns = [_cells(batch.column(j), texts[j]) for j in range(batch.num_columns)]
    except _NotExact:
        return None
    return table_from_columns(display, sheet, columns, loaded.first_column)


def _quoted_texts(errors: list[Any], width: int) -> list[dict[int, str]]:
    """Row -> text of each text cell, per column, from fastexcel's errors."""
    texts: list[dict[int, str]] = [{} for _ in range(width)]
    for error in errors:
        row, col = error.position
        quoted = _QUOTED_TEXT.fullmatch(error.detail)
        if quoted is None:
            raise _NotExact(error.detail)
        texts[col][row] = _unescape(quoted.group(1))
    return texts


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(_unescaped, text)


def _unescaped(match: re.Match[str]) -> str:
    code, char = match.groups()
    if code is not None:
        return chr(int(code, 16))
    if char not in _ESCAPED:
        raise _NotExact(f"unknown escape \\{char}")
    return _ESCAPED[char]


def _cells(values: Any, texts: dict[int, str]) -> Cells:
    """One column: fastexcel's float64 values (null where empty) and the column's texts."""
    read = float_values(values)
    if read is None:
        raise _NotExact(f"a column of {values.type}")
    numbers, valid = read
    kinds = np.where(valid, np.int8(NUMBER), np.int8(NONE))
    text_ids = np.full(len(numbers), -1, dtype=np.int32)
    index: dict[str, int] = {}
    if texts:
        rows = np.fromiter(texts.keys(), dtype=np.intp, count=len(texts))
        kinds[rows] = TEXT
        numbers[rows] = np.nan
        text_ids[rows] = [index.setdefault(text, len(index)) for text in texts.values()]
    return Cells(kinds, numbers, text_ids, tuple(index))
