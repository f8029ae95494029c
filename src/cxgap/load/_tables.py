"""One table held alone in a file, read whole into a :class:`~._raw.RawTable`: a CSV (the one
CSV reader, :mod:`._csv`), a Parquet file (:mod:`._parquet`) or a workbook holding one table
(:mod:`._sheets`: the sheet named after the file, else its first). Its cells' addresses name
the file (``customers.csv, customers!D17``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from cxgap.errors import InputError, Where
from cxgap.load._arrow import column_cells, is_id
from cxgap.load._cells import Cells
from cxgap.load._csv import csv_batches
from cxgap.load._parquet import read_parquet
from cxgap.load._raw import RawTable
from cxgap.load._sheets import read_workbook
from cxgap.model import LoadOptions, Progress

CSV_SUFFIXES = (".csv", ".tsv")
_TOLD_EVERY = 50_000


def read_table(file: Path, options: LoadOptions, role: str) -> RawTable:
    """One table held alone in a file: a CSV, a Parquet file, or a workbook's sheet (the one
    named after the file, else its first); its cells' addresses name the file."""
    return replace(_table_in(file, options, role), own_file=True)


def _table_in(file: Path, options: LoadOptions, role: str) -> RawTable:
    if file.stat().st_size == 0:
        raise InputError("the file is empty", where=Where(str(file)), hint="export it again")
    suffix = file.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(file, options.encoding, options.progress, exact=options.reader == "exact")
    if suffix == ".parquet":
        return read_parquet(file, options)
    return read_workbook(file, {role: file.stem}, options, single=True)[role]


def read_csv(
    path: Path, encoding: str, progress: Progress | None = None, *, exact: bool = False
) -> RawTable:
    """Read a CSV as text cells (:mod:`._csv`), its header the first row holding a value; its
    stem names it in messages (``items!B3``). ``exact``: through Python values, as the csv
    module reads them."""
    import pyarrow as pa

    told = _Told(path, progress) if progress is not None else None
    batches = []
    for batch in csv_batches(path, str(path), encoding, header=False, exact=exact):
        batches.append(batch)
        if told is not None:
            told.rows(batch.num_rows)
    if told is not None:
        told.done()
    data = pa.Table.from_batches(batches) if batches else None
    if data is None or not data.num_columns:
        raise InputError(
            "the sheet is empty",
            where=Where(str(path), path.stem),
            hint="add a header row and data",
        )
    if exact:
        columns = [Cells.of(column.to_pylist()) for column in data.columns]
    else:
        names = _first_filled(data)
        columns = [
            column_cells(c, distinct=is_id(n)) for n, c in zip(names, data.columns, strict=True)
        ]
    return RawTable.found(str(path), path.stem, columns, reader="csv" if exact else "arrow-csv")


def _first_filled(data: Any) -> list[str]:
    """Each column's cell in the first of the first rows that holds a value (the header, as
    :meth:`RawTable.found` finds it), to know the id column before the cells are made."""
    for row in data.slice(0, 64).to_pylist():
        if any(value.strip() for value in row.values()):
            return list(row.values())
    return [""] * data.num_columns


class _Told:
    """Tells ``progress`` of the CSV rows read, every 50,000, of about as many as it has lines."""

    def __init__(self, path: Path, progress: Progress) -> None:
        with path.open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        self.what, self.total, self.progress = f"reading {path.name}", max(lines - 1, 0), progress
        self.read = 0

    def rows(self, n: int) -> None:
        for at in range(self.read // _TOLD_EVERY + 1, (self.read + n) // _TOLD_EVERY + 1):
            self.progress(self.what, at * _TOLD_EVERY, max(self.total, at * _TOLD_EVERY))
        self.read += n

    def done(self) -> None:
        self.progress(self.what, max(self.read - 1, 0), max(self.read - 1, 0))
