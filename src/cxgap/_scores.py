"""A sample's scores, respondents x items, held compactly: each item column as a small table of
distinct values and one code per respondent into it (one byte per answer where a column has
under 256 distinct values, as every rating scale does), or as its float64 values where it
has more.

The scores are exactly the float64 values a dense matrix would hold (NaN wherever a cell is not
a valid answer): ``column.values[column.codes]``. Nothing is rounded or converted; only the
storage is smaller (30 MB instead of 240 MB for a million respondents x 30 items), and the
statistics read it a chunk of rows at a time (:meth:`Scores.chunk`), mapping each column's few
distinct values instead of every cell (:meth:`ScoreColumn.mapped`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Rows = slice | npt.NDArray[np.intp] | npt.NDArray[np.bool_]
SMALL = 255
"""Most distinct values a column holds as one-byte codes (the code 255 is never used)."""


@dataclass(frozen=True, eq=False)
class ScoreColumn:
    """One item's scores: ``values[codes]``, or ``values`` itself where ``codes`` is None."""

    values: FloatArray
    codes: npt.NDArray[np.unsignedinteger[Any]] | None = None

    @classmethod
    def missing(cls, n: int) -> ScoreColumn:
        """A column of ``n`` non-answers (an item the sample does not hold), held in no memory."""
        return cls(np.array([np.nan]), np.broadcast_to(np.uint8(0), (n,)))

    @classmethod
    def coded(cls, values: FloatArray, codes: npt.NDArray[np.integer[Any]]) -> ScoreColumn:
        """``values[codes]``, its codes in the narrowest unsigned type that holds them."""
        if len(values) > np.iinfo(np.uint16).max:
            return cls(values[codes])
        width = np.uint8 if len(values) <= SMALL else np.uint16
        return cls(values, codes.astype(width, copy=False))

    @classmethod
    def of(cls, scores: FloatArray) -> ScoreColumn:
        """A column given as its float64 scores: coded where they are integers spanning fewer
        than 255 points (a rating scale) in a column of 255 cells or more, else kept as they
        are."""
        if len(scores) < SMALL:  # a byte per answer saves nothing worth a pass over so few
            return cls(scores)
        blank = np.isnan(scores)
        finite = scores[~blank]
        if not len(finite):
            return cls.missing(len(scores))
        low, high = float(finite.min()), float(finite.max())
        if (
            high - low >= SMALL - 1
            or not np.array_equal(finite, np.rint(finite))
            or (low <= 0 <= high and np.signbit(finite[finite == 0]).any())  # -0.0 stays -0.0
        ):
            return cls(scores)
        span = int(high - low) + 1
        values = np.append(np.arange(span, dtype=np.float64) + low, np.nan)
        return cls(values, np.where(blank, span, scores - low).astype(np.uint8))

    def __len__(self) -> int:
        return len(self.values) if self.codes is None else len(self.codes)

    def dense(self, rows: Rows | None = None) -> FloatArray:
        """The scores (of ``rows``) as float64."""
        if self.codes is None:
            return self.values if rows is None else self.values[rows]
        picked: FloatArray = self.values[self.codes if rows is None else self.codes[rows]]
        return picked

    def mapped(self, function: Callable[[FloatArray], FloatArray]) -> ScoreColumn:
        """``function`` of every score, computed once per distinct value where the column is
        coded; ``function`` must work element by element (``np.isnan``, ``x >= 4``)."""
        return ScoreColumn(np.asarray(function(self.values), dtype=np.float64), self.codes)

    def take(self, rows: Rows) -> ScoreColumn:
        if self.codes is None:
            return ScoreColumn(self.values[rows])
        if self.codes.strides == (0,):  # one repeated code, held in no memory
            return ScoreColumn(
                self.values, np.broadcast_to(self.codes[0], (length(len(self), rows),))
            )
        return ScoreColumn(self.values, self.codes[rows])


def _at(
    function: Callable[[FloatArray, int], FloatArray], j: int, values: FloatArray
) -> FloatArray:
    return function(values, j)


def length(n: int, rows: Rows) -> int:
    """How many of ``n`` rows ``rows`` (a slice, a boolean mask or row positions) picks."""
    if isinstance(rows, slice):
        return len(range(n)[rows])
    return int(np.count_nonzero(rows)) if rows.dtype == np.bool_ else len(rows)


@dataclass(frozen=True, eq=False)
class Scores:
    """Respondents x items scores on the analysis scale (NaN wherever the cell is not a valid
    answer), column by column."""

    n: int
    columns: tuple[ScoreColumn, ...]

    @classmethod
    def of(cls, matrix: FloatArray) -> Scores:
        """Scores given as a respondents x items float64 matrix."""
        matrix = np.asarray(matrix, dtype=np.float64)
        return cls(len(matrix), tuple(ScoreColumn.of(matrix[:, j]) for j in range(matrix.shape[1])))

    @classmethod
    def wrap(cls, matrix: FloatArray) -> Scores:
        """A respondents x items float64 matrix as it is, column by column (no coding)."""
        return cls(len(matrix), tuple(ScoreColumn(matrix[:, j]) for j in range(matrix.shape[1])))

    @classmethod
    def joined(cls, parts: Sequence[Scores]) -> Scores:
        """The rows of ``parts``, one after the other (all with the same items)."""
        columns = []
        for j in range(len(parts[0].columns)):
            pieces = [part.columns[j] for part in parts]
            codes = [p.codes for p in pieces]
            if all(c is not None for c in codes) and all(
                np.array_equal(p.values, pieces[0].values, equal_nan=True) for p in pieces
            ):
                joined = np.concatenate([c for c in codes if c is not None])
                columns.append(ScoreColumn(pieces[0].values, joined))
            else:
                columns.append(ScoreColumn.of(np.concatenate([p.dense() for p in pieces])))
        return cls(sum(part.n for part in parts), tuple(columns))

    @property
    def shape(self) -> tuple[int, int]:
        return self.n, len(self.columns)

    def __len__(self) -> int:
        return self.n

    def __array__(self, dtype: Any = None, copy: Any = None) -> FloatArray:
        dense = self.dense()
        return dense if dtype is None else dense.astype(dtype)

    def dense(self) -> FloatArray:
        """All scores as one respondents x items float64 matrix (for small samples and tests:
        a million respondents x 30 items take 240 MB this way)."""
        return self.chunk(slice(0, self.n))

    def column(self, j: int) -> FloatArray:
        """Item ``j``'s scores as float64."""
        return self.columns[j].dense()

    def map(self, function: Callable[[FloatArray, int], FloatArray]) -> Scores:
        """``function(scores, j)`` of each item ``j``'s scores, worked out once per distinct
        value of a coded column (:meth:`ScoreColumn.mapped`)."""
        return Scores(
            self.n,
            tuple(
                column.mapped(partial(_at, function, j)) for j, column in enumerate(self.columns)
            ),
        )

    def chunk(self, rows: slice, out: FloatArray | None = None) -> FloatArray:
        """The scores of ``rows`` as a rows x items float64 matrix, written into ``out`` if
        given (Fortran order: each column contiguous, filled by one lookup per column)."""
        if out is None:
            out = np.empty((len(self.columns), length(self.n, rows))).T
        for j, column in enumerate(self.columns):
            if column.codes is None:
                out[:, j] = column.values[rows]
            else:
                np.take(column.values, column.codes[rows], out=out[:, j], mode="clip")
        return out

    def take(self, rows: Rows) -> Scores:
        """The scores of ``rows`` (a slice, a boolean mask or row positions)."""
        return Scores(length(self.n, rows), tuple(column.take(rows) for column in self.columns))

    def select(self, columns: Sequence[int]) -> Scores:
        """The scores of the items ``columns``, in that order."""
        return Scores(self.n, tuple(self.columns[j] for j in columns))
