"""Raw tables: a header and columns of raw cells, with what is needed to name a cell.

Every reader (CSV, Parquet, a workbook sheet, a platform export) produces a :class:`RawTable`
whose columns are :class:`Cells`: each cell's kind (a number, a text, empty, or something
else: a bool, a date, an :class:`Unreadable` formula), the numbers as float64, the texts as
indices into the column's distinct texts, and the rare other values by row. The columnar
readers (fastexcel's Arrow arrays, pyarrow's Parquet columns) build it without a Python
object per cell; :meth:`Cells.of` builds the same thing from Python values.

Nothing is interpreted here: what a cell means (SPEC section 1.3) is :mod:`._classify`'s job.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cxgap.errors import InputError, Where

NUMBER, TEXT, NONE, OTHER = range(4)
"""Kinds of cell: a number (never a bool), a text, empty (None), anything else."""

EXACT_INTEGERS = 2**53
"""Integers up to this size are exact as float64; larger ones are kept as their digits."""

_HEADER_SEARCH = 64
"""Rows looked at first for the header; the rest only if these are all empty."""


@dataclass(frozen=True)
class Unreadable:
    """A workbook cell with no readable value: ``=1+2`` never computed, or ``#DIV/0!``.

    The sheet readers return such a cell as empty; it is not a blank but an unknown value, so
    the workbook reader puts this marker in its place.
    """

    shown: str
    """How the cell reads in a message: the formula (``=1+2``) or the error (``#N/A``)."""
    why: str
    """Why it is not an answer: ``a formula without a cached value``, ``an error value``."""

    def __str__(self) -> str:
        return self.shown


def header_text(value: object) -> str:
    """A header, id or codebook cell as text: ``7.0`` reads as ``7``, surrounding spaces go.

    An :class:`Unreadable` cell reads as ``""``: outside the item columns it holds no value.
    """
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None or isinstance(value, Unreadable):
        return ""
    return str(value).strip()


@dataclass(frozen=True, eq=False)
class Cells:
    """One column's raw cells, by kind."""

    kinds: npt.NDArray[np.int8]
    numbers: npt.NDArray[np.float64]
    """The value of each NUMBER cell (NaN elsewhere; a NaN number is a blank to classify). Like
    ``text_ids``, it may be a read-only view: copy before writing."""
    text_ids: npt.NDArray[np.int32]
    """Each TEXT cell's index into ``texts`` (unused elsewhere: read it where ``kinds`` is TEXT)."""
    texts: tuple[str, ...]
    """Distinct texts (possibly some that no cell of this column holds)."""
    others: Mapping[int, object] = field(default_factory=dict)
    """Row -> raw value of each OTHER cell."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """What was worked out from ``texts`` once, shared by the columns taken from this one."""

    @classmethod
    def of(cls, values: Sequence[object]) -> Cells:
        """A column of Python values (a reader's cells: numbers, texts, None or "", others).

        An integer too large to be exact as a float is kept as the text of its digits, so that
        an id reads as written and a score is refused as out of scale, as it would be."""
        raw = np.empty(len(values), dtype=object)
        raw[:] = values
        kinds = _kinds(raw)
        numbers = np.full(len(raw), np.nan)
        is_number = kinds == NUMBER
        if is_number.any():
            numbers[is_number], huge = _floats(raw[is_number])
            if huge.any():
                rows = np.flatnonzero(is_number)[huge]
                raw[rows] = [str(value) for value in raw[rows]]
                kinds[rows], numbers[rows] = TEXT, np.nan
        text_rows = np.flatnonzero(kinds == TEXT)
        text_ids = np.full(len(raw), -1, dtype=np.int32)
        index: dict[str, int] = {}
        text_ids[text_rows] = [index.setdefault(str(t), len(index)) for t in raw[text_rows]]
        others = {row: raw[row] for row in np.flatnonzero(kinds == OTHER).tolist()}
        return cls(kinds, numbers, text_ids, tuple(index), others)

    @classmethod
    def empty_column(cls, length: int) -> Cells:
        return cls(
            np.full(length, NONE, dtype=np.int8),
            np.full(length, np.nan),
            np.full(length, -1, dtype=np.int32),
            (),
        )

    def __len__(self) -> int:
        return len(self.kinds)

    def __getitem__(self, row: int) -> object:
        """The raw value of one cell, as its kind gives it back (None if empty)."""
        kind = self.kinds[row]
        if kind == NUMBER:
            return float(self.numbers[row])
        if kind == TEXT:
            return self.texts[self.text_ids[row]]
        return self.others[row] if kind == OTHER else None

    def __iter__(self) -> Iterator[object]:
        return (self[row] for row in range(len(self)))

    def take(self, rows: slice | npt.NDArray[np.intp]) -> Cells:
        """The cells of ``rows`` (a slice, or row positions in order), as a column of their own."""
        others: dict[int, object] = {}
        if self.others:
            span = range(len(self))[rows] if isinstance(rows, slice) else rows.tolist()
            position = {row: new for new, row in enumerate(span)}
            others = {position[row]: v for row, v in self.others.items() if row in position}
        return Cells(
            self.kinds[rows],
            _subset(self.numbers, rows),
            _subset(self.text_ids, rows),
            self.texts,
            others,
            self.memo,
        )

    def stripped_texts(self) -> npt.NDArray[np.object_]:
        """Each distinct text with surrounding spaces removed (``str.strip``)."""
        if "stripped" not in self.memo:
            stripped = np.empty(len(self.texts), dtype=object)
            stripped[:] = [text.strip() for text in self.texts]
            self.memo["stripped"] = stripped
        result: npt.NDArray[np.object_] = self.memo["stripped"]
        return result

    def filled(self) -> npt.NDArray[np.bool_]:
        """Cells holding anything: not empty, not text of spaces only (a NaN number counts)."""
        result: npt.NDArray[np.bool_] = self.kinds != NONE
        self._blank_texts_to(result, False)
        return result

    def empty(self) -> npt.NDArray[np.bool_]:
        """Cells with nothing in them: empty, text of spaces only, or a NaN number."""
        result: npt.NDArray[np.bool_] = (self.kinds == NONE) | (
            (self.kinds == NUMBER) & np.isnan(self.numbers)
        )
        self._blank_texts_to(result, True)
        return result

    def _blank_texts_to(self, result: npt.NDArray[np.bool_], value: bool) -> None:
        if not self.texts:
            return
        if "blank" not in self.memo:
            self.memo["blank"] = self.stripped_texts() == ""
        blank: npt.NDArray[np.bool_] = self.memo["blank"]
        if blank.any():
            is_text = self.kinds == TEXT
            result[is_text] = np.where(blank[self.text_ids[is_text]], value, result[is_text])

    def labels(self) -> tuple[str, ...]:
        """Each cell as an id or attribute text, as :func:`header_text` reads it: ``7.0`` as
        ``7``, surrounding spaces stripped, an empty cell as ``""``."""
        labels = np.full(len(self), "", dtype=object)
        is_text = self.kinds == TEXT
        if is_text.any():
            labels[is_text] = self.stripped_texts()[self.text_ids[is_text]]
        is_number = self.kinds == NUMBER
        if is_number.any():
            distinct, inverse = np.unique(self.numbers[is_number], return_inverse=True)
            shown = np.array([header_text(float(v)) for v in distinct], dtype=object)
            labels[is_number] = shown[inverse]
        for row, value in self.others.items():
            labels[row] = header_text(value)
        return tuple(labels.tolist())

    def as_numbers(self) -> npt.NDArray[np.float64]:
        """Each cell as a finite number where it reads as one (``4``, ``"4.5"``), else NaN."""
        numbers = self.numbers.copy()
        if self.texts:
            is_text = self.kinds == TEXT
            numbers[is_text] = text_numbers(self.texts)[self.text_ids[is_text]]
        numbers[~np.isfinite(numbers)] = np.nan
        return numbers


@dataclass(frozen=True, kw_only=True)
class RawTable:
    """One sheet or file: its header and its data columns, with what is needed to name a cell.

    Build it with :meth:`found` (the header is the first row holding a value) or
    :meth:`named` (the header is given apart from the columns, as Parquet's column names).
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

    @classmethod
    def found(
        cls,
        file: str,
        sheet: str,
        columns: Sequence[Cells],
        *,
        first_column: int = 0,
        first_row: int = 0,
        reader: str,
    ) -> RawTable:
        """A table from whole columns, its header the first row holding a value;
        ``first_column``/``first_row``: the 0-based spreadsheet place of ``columns[0][0]``."""
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
        """A table from rows of Python values (CSV, a sheet read cell by cell)."""
        width = max((len(row) for row in rows), default=0)
        padded = [list(row) + [""] * (width - len(row)) for row in rows]
        columns = [Cells.of(column) for column in zip(*padded, strict=True)] if padded else []
        return cls.found(file, sheet, columns, reader=reader)

    @classmethod
    def named(
        cls,
        file: str,
        sheet: str,
        names: Sequence[object],
        columns: Sequence[Cells],
        *,
        reader: str,
    ) -> RawTable:
        """A table whose header is given apart from its columns, as if it were the first row;
        if every name is blank, the header is the first row of the columns holding a value."""
        if not any(header_text(name) for name in names):
            return cls.found(file, sheet, columns, first_row=1, reader=reader)
        return cls._of(file, sheet, 0, names, columns, 0, reader)

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
        keep = _named_columns(file, sheet, header_at, raw_header, body, first_column)
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
        """A cell as a list of cells names it: ``customers!D17``, or ``customers.csv, row 17,
        column 'Q16'``."""
        if not self.sheet:
            return f"{Path(self.file).name}, {self.cell(row, col)}"
        return f"{self.sheet}!{self.cell(row, col)}"

    def row_number(self, row: int) -> int:
        return self.row_numbers[row] if self.row_numbers else self.header_row + 1 + row

    def where(self, row: int | None = None, col: int | None = None) -> Where:
        """The sheet; with ``col``, the column; with ``row`` and ``col`` too, the cell."""
        cell = self.cell(row, col) if row is not None and col is not None else None
        column = self.header[col] if col is not None and cell is None else None
        return Where(self.file, self.sheet, cell, column)


@dataclass(frozen=True)
class PartFiles:
    """A sample given as parts (a folder or glob of Parquet or CSV files, or one large Parquet
    file), read in batches by :mod:`._stream` rather than whole into a :class:`RawTable`."""

    display: str
    files: tuple[Path, ...]


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


def text_numbers(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """Each text as the finite number it reads as (``"4"``, ``" 4.0 "``), else NaN."""
    return np.array([_as_number(text) for text in texts], dtype=np.float64)


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


def _subset(values: npt.NDArray[Any], rows: slice | npt.NDArray[np.intp]) -> npt.NDArray[Any]:
    """``values[rows]``, keeping an array of one repeated value (stride 0) that small."""
    if values.strides != (0,) or not len(values):
        return values[rows]
    length = len(range(len(values))[rows]) if isinstance(rows, slice) else len(rows)
    return np.broadcast_to(values[0], (length,))


_KINDS: dict[type, int] = {float: NUMBER, int: NUMBER, str: TEXT, type(None): NONE}


def _kind_of(cls: type) -> int:
    """The kind of a Python type of cell value."""
    kind = _KINDS.get(cls)
    if kind is not None:
        return kind
    if issubclass(cls, bool | np.bool_):
        return OTHER
    if issubclass(cls, int | float | Decimal | np.integer | np.floating):
        return NUMBER
    return TEXT if issubclass(cls, str) else OTHER


def _kinds(raw: npt.NDArray[np.object_]) -> npt.NDArray[np.int8]:
    """Each cell's kind, decided once per distinct type of the column."""
    kinds = np.full(len(raw), OTHER, dtype=np.int8)
    if not len(raw):
        return kinds
    types = np.asarray(np.frompyfunc(type, 1, 1)(raw), dtype=object)
    for cls in set(types.tolist()):
        kinds[types == cls] = _kind_of(cls)
    return kinds


def _floats(
    values: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Numbers as floats, and which are integers too large to be exact as floats (an int too
    large for a float at all becomes infinite first)."""
    try:
        numbers = values.astype(np.float64)
    except OverflowError:
        numbers = np.array([_as_float(value) for value in values], dtype=np.float64)
    huge = np.zeros(len(values), dtype=bool)
    for row in np.flatnonzero(~(np.abs(numbers) <= EXACT_INTEGERS)).tolist():
        huge[row] = isinstance(values[row], int | np.integer)
    return numbers, huge


def _as_float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:
        return math.inf


def _as_number(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        return math.nan
    return number if math.isfinite(number) else math.nan
