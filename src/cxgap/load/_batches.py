"""A sample's parts as tables of Arrow record batches, for every engine: the local stream
(:mod:`._stream`) reads them here, and Spark's executors make their partitions' batches into
tables with :func:`batch_table` and :func:`without_empty_rows`, as the local reader does.

Each batch becomes a :class:`~._raw.RawTable` whose rows are numbered as in the whole file
(``part-003.parquet, row 17, column 'q07'``); its empty rows are left out and reported by the
one rule of the whole-file read too (:func:`without_empty_rows`): rows with no value in any
column are not respondents, and those that only end a file are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from cxgap.load._arrow import column_cells, is_id
from cxgap.load._csv import csv_batches
from cxgap.load._parquet import parquet_batches
from cxgap.load._raw import PartFiles, RawTable
from cxgap.load._refuse import refused
from cxgap.model import LoadOptions

_PART_HINT = "write the part again (pyarrow or pandas)"


def part_tables(
    parts: PartFiles, batch_rows: int, options: LoadOptions
) -> Iterator[tuple[RawTable, list[int]]]:
    """Each batch of each part as a table without its empty rows (batches that are all empty
    are skipped), and the rows (numbered in the file) that were empty before its last filled
    row: as the in-memory path, empty rows that only end a file are not reported."""
    for file in parts.files:
        pending: list[int] = []
        for table in file_tables(file, batch_rows, options):
            kept, empties = without_empty_rows(table)
            if kept.n_rows == 0:
                pending += empties
                continue
            last = kept.row_number(kept.n_rows - 1)
            yield kept, pending + [r for r in empties if r < last]
            pending = [r for r in empties if r > last]


def file_tables(file: Path, batch_rows: int, options: LoadOptions) -> Iterator[RawTable]:
    """A part's record batches as tables whose rows are numbered as in the whole file."""
    offset = 0
    with refused("this part cannot be read", str(file), _PART_HINT, cut=160):
        for batch in record_batches(file, batch_rows, options):  # pyarrow's errors, OSError...
            yield batch_table(batch, str(file), offset)
            offset += batch.num_rows


def batch_table(batch: Any, file: str, offset: int) -> RawTable:
    """An Arrow record batch as a table whose rows are numbered from ``offset`` in ``file``."""
    import pyarrow as pa

    columns = [
        column_cells(pa.chunked_array([c], type=c.type), distinct=is_id(name))
        for name, c in zip(batch.schema.names, batch.columns, strict=True)
    ]
    table = RawTable.found(file, "", columns, names=batch.schema.names, reader="arrow")
    return replace(table, header_row=table.header_row + offset)


def without_empty_rows(table: RawTable) -> tuple[RawTable, list[int]]:
    """The table without its empty rows, and their row numbers."""
    empty = np.ones(table.n_rows, dtype=bool)
    for column in table.columns:
        empty &= column.empty()
        if not empty.any():
            return table, []
    keep = np.flatnonzero(~empty)
    columns = tuple(column.take(keep) for column in table.columns)
    numbers = tuple(table.row_number(r) for r in keep.tolist())
    empties = [table.row_number(r) for r in np.flatnonzero(empty).tolist()]
    return replace(table, columns=columns, row_numbers=numbers), empties


def record_batches(file: Path, batch_rows: int, options: LoadOptions) -> Iterator[Any]:
    """A Parquet or CSV part's Arrow record batches, by the one reader of each format."""
    if file.suffix.lower() == ".parquet":
        return parquet_batches(file, batch_rows)
    return csv_batches(file, str(file), options.encoding, batch_rows)
