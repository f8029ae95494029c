"""A column of raw cells held by kind, so that a large sheet needs no Python object per cell.

:class:`Cells` keeps each cell's kind (a number, a text, empty, or something else: a bool, a
date, an :class:`Unreadable` formula), the numbers as float64, the texts as indices into the
column's distinct texts, and the rare other values by row. The columnar readers (fastexcel's
Arrow arrays, pyarrow's Parquet columns) build it without a Python object per cell;
:meth:`Cells.of` builds the same thing from Python values.

Nothing is interpreted here: what a cell means (SPEC section 1.3) is :mod:`._classify`'s job.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

NUMBER, TEXT, NONE, OTHER = range(4)
"""Kinds of cell: a number (never a bool), a text, empty (None), anything else."""

EXACT_INTEGERS = 2**53
"""Integers up to this size are exact as float64; larger ones are kept as their digits."""


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
    texts: Sequence[str]
    """Distinct texts (possibly some that no cell of this column holds); or, for a column of
    mostly distinct texts such as ids, one text per cell (:func:`~._arrow.column_cells`)."""
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


def text_numbers(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """Each text as the finite number it reads as (``"4"``, ``" 4.0 "``), else NaN."""
    return np.array([_as_number(text) for text in texts], dtype=np.float64)


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


def columns_of(rows: Sequence[Sequence[object]], width: int | None = None) -> list[Cells]:
    """Rows (of a CSV, a sheet read cell by cell) as ``width`` columns of cells, as wide as the
    longest row by default; a short row is padded with empty texts, a long one cut."""
    width = max((len(row) for row in rows), default=0) if width is None else width
    if not rows:
        return [Cells.empty_column(0) for _ in range(width)]
    if {len(row) for row in rows} != {width}:
        rows = [[*row[:width], *[""] * (width - len(row))] for row in rows]
    return [_column(column) for column in zip(*rows, strict=True)]


def _column(values: Sequence[object]) -> Cells:
    """A column of cells; a column of texts only (every CSV column) without a Python loop: its
    distinct texts in order of first appearance, each cell's index among them."""
    if set(map(type, values)) != {str}:
        return Cells.of(list(values))
    texts = list(dict.fromkeys(values))
    index = {text: i for i, text in enumerate(texts)}
    ids = np.fromiter(map(index.__getitem__, values), dtype=np.int32, count=len(values))
    n = len(values)
    return Cells(np.full(n, TEXT, dtype=np.int8), np.full(n, np.nan), ids, tuple(texts))  # type: ignore[arg-type]
