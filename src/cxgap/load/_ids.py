"""Respondent ids (SPEC 1.2): each respondent's ``respondent_id``, or its row number where the
sample has no such column; a blank or repeated id is an input error naming both rows.

The statistics never read an id (the respondent is the cluster because each row is one), so
ids are checked and then held lazily: an Arrow-read id column stays an Arrow array
(:class:`ArrowStrings`, checked by Arrow without a Python string per id) and row numbers are
written out only when someone reads them (:class:`RowNumbers`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import numpy as np

from cxgap.errors import InputError, quote_value
from cxgap.load._arrow import ArrowStrings, Texts
from cxgap.load._raw import RawTable


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
    blank and none twice; None otherwise (the cell-by-cell check then names the rows)."""
    array = cells.memo.get("arrow")
    if array is None or cells.memo["blank"][cells.text_ids].any():
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    whole = len(cells) == len(array) and np.array_equal(cells.text_ids, np.arange(len(array)))
    ids = array if whole else array.take(pa.array(cells.text_ids))
    return ArrowStrings(ids) if len(pc.unique(ids)) == len(ids) else None
