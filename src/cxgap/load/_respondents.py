"""Respondents (SPEC 1.2): their ids and weights.

Each respondent's id is its ``respondent_id``, or its row number where the sample has no such
column; a blank or repeated id is an input error naming both rows. A weight is a finite number
above 0; extreme weights are scaled by a power of two (:func:`weights_of`).

The statistics never read an id (the respondent is the cluster because each row is one), so
ids are checked and then held lazily: an Arrow-read id column stays an Arrow array
(:class:`ArrowStrings`, checked by Arrow without a Python string per id) and row numbers are
written out only when someone reads them (:class:`RowNumbers`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from cxgap.errors import InputError, quote_value
from cxgap.load._arrow import ArrowStrings, Texts, positions
from cxgap.load._classify import show_value
from cxgap.load._raw import RawTable, filled


class RowNumbers(Texts):
    """Each data row's spreadsheet row number as text: the ids of a sample without a
    ``respondent_id`` column."""

    def __init__(self, first: int, numbers: Sequence[int], length: int) -> None:
        self.first, self.numbers, self.length = first, numbers, length

    @classmethod
    def of(cls, table: RawTable) -> RowNumbers:
        return cls(table.header_row + 1, table.row_numbers, table.n_rows)

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(len(self))[index])
        row = range(self.length)[index]
        return str(self.numbers[row] if self.numbers else self.first + row)


def respondent_ids(table: RawTable, col: int | None) -> Sequence[str]:
    """The sample's ids, checked: none blank, none twice (naming both rows)."""
    if col is None:
        return RowNumbers.of(table)
    checked = _arrow_ids(table.columns[col])
    if checked is not None:
        return checked
    ids = table.columns[col].labels()
    if "" not in ids and len(set(ids)) == len(ids):
        return ids
    seen: dict[str, int] = {}
    for row, rid in enumerate(ids):
        if not rid:
            raise InputError(
                "the respondent_id is blank",
                where=table.where(row, col),
                hint="give every respondent an id, or delete the column",
            )
        if rid in seen:
            first = seen[rid]
            raise InputError(
                f"respondent_id {quote_value(rid)} appears twice: rows "
                f"{table.row_number(first)} and {table.row_number(row)} "
                f"({table.cell(first, col)} and {table.cell(row, col)})",
                where=table.where(row, col),
                hint="each respondent needs a unique id",
            )
        seen[rid] = row
    return ids


def _arrow_ids(cells: Any) -> ArrowStrings | None:
    """The ids of an Arrow-read id column whose texts need no stripping, when Arrow finds none
    blank and none twice; None otherwise (the cell-by-cell check then names the rows). Ids in
    strictly ascending order (as platforms number responses) are distinct without hashing."""
    array = cells.memo.get("arrow")
    if array is None or cells.memo["blank"][cells.text_ids].any():
        return None
    import pyarrow.compute as pc

    whole = len(cells) == len(array) and np.array_equal(cells.text_ids, np.arange(len(array)))
    ids = array if whole else array.take(positions(cells.text_ids))
    n = len(ids)
    ascending = n < 2 or pc.all(pc.less(ids.slice(0, n - 1), ids.slice(1))).as_py()
    return ArrowStrings(ids) if ascending or len(pc.unique(ids)) == n else None


def weights_of(table: RawTable, col: int | None) -> tuple[npt.NDArray[np.float64] | None, bool]:
    """The weights (None without a weight column), and whether they had to be rescaled."""
    if col is None:
        return None, False
    column = table.columns[col]
    values = column.as_numbers()
    bad = np.flatnonzero(~(np.isfinite(values) & (values > 0)))
    if len(bad):
        row = int(bad[0])
        raw = column[row]
        shown = show_value(raw) if filled(raw) else "blank"
        more = f" (and {len(bad) - 1} more weights)" if len(bad) > 1 else ""
        raise InputError(
            f"the weight is {shown}, not a finite number above 0{more}",
            where=table.where(row, col),
            hint="weights must be positive numbers; remove the respondent or fix the weight",
        )
    rescaled = not _ordinary(values)
    scaled = _scaled(values) if rescaled else values
    low = int(np.argmin(scaled))
    if scaled[low] < 2.0**-500:  # 1e150 times below the largest: its square underflows
        high = int(np.argmax(scaled))
        raise InputError(
            f"the weight is {values[low]:.6g}, more than 1e150 times below the largest "
            f"({values[high]:.6g} in {table.cell(high, col)})",
            where=table.where(low, col),
            hint="weights count only relative to each other; fix the weight or remove the "
            "respondent",
        )
    return scaled, rescaled


ORDINARY_WEIGHTS = (2.0**-64, 2.0**64)
"""Weights whose largest lies here are kept as given: neither their squares nor the sums of
those over any number of respondents can overflow or underflow."""


def _ordinary(weights: npt.NDArray[np.float64]) -> bool:
    """Whether the largest weight lies in :data:`ORDINARY_WEIGHTS` (after scaling it does, at
    [0.5, 1); so this holds of every sample a parse returns, and of the weights as given where
    they needed no scaling)."""
    largest = float(weights.max())
    return ORDINARY_WEIGHTS[0] <= largest < ORDINARY_WEIGHTS[1]


def _scaled(weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Weights scaled by a power of two so that the largest lies in [0.5, 1): every estimate
    depends only on the weights' ratios, and scaling by a power of two is exact, so the
    estimates are those of the weights as given, to the last bit, while the sums of squared
    weights can neither overflow nor underflow (weights of 1e200, or of 1e-320)."""
    return np.ldexp(weights, -math.frexp(float(weights.max()))[1])
