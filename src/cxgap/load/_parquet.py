"""The one Parquet reader: a file read whole into a table's cells, or in record batches (a
sample given as parts, or too large to read whole), by the same rules.

A text column is read as a dictionary (its distinct texts once) but for ``respondent_id``,
whose texts differ from row to row (:func:`text_columns`); a file whose column names repeat is
read without dictionaries, since pyarrow names them by column. The footer gives the data's
unpacked size (:func:`unpacked_size`), which faces the same ``--max-unpacked-mb`` cap as a
workbook's archive (:mod:`._caps`) and decides whether a sample's file is read in batches
(:func:`~._parts.streams`). Cells are made column by column (:mod:`._arrow`; with
``LoadOptions(reader="exact")`` every column goes through Python values instead); a null is an
empty cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cxgap.errors import InputError, Where
from cxgap.load._arrow import column_cells, is_id, is_text
from cxgap.load._caps import check_unpacked
from cxgap.load._cells import Cells
from cxgap.load._raw import RawTable
from cxgap.load._refuse import refused
from cxgap.model import LoadOptions, Progress

_HINT = "write it again with pandas.DataFrame.to_parquet or pyarrow"


def unpacked_size(meta: Any) -> int:
    """The bytes a Parquet file's row groups unpack to, from its footer (``FileMetaData``)."""
    return sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))


def text_columns(schema: Any, exact: bool = False) -> list[str]:
    """The columns read as dictionaries: text columns but the id; none where names repeat."""
    if exact or len(set(schema.names)) < len(schema.names):
        return []  # read_dictionary names columns, which must then be unique
    return [f.name for f in schema if is_text(f.type) and not is_id(f.name)]


def parquet_batches(file: Path, batch_rows: int) -> Iterator[Any]:
    """A Parquet file's record batches, its text columns read as the whole file's are."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(file) as parquet:
        texts = text_columns(parquet.schema_arrow)
    with pq.ParquetFile(file, read_dictionary=texts) as parquet:
        yield from parquet.iter_batches(batch_size=batch_rows)


def read_parquet(path: Path, options: LoadOptions) -> RawTable:
    """Read a Parquet file's columns as cells: text columns as dictionaries, numbers as floats
    (:mod:`._arrow`), never a Python object per cell of those."""
    import pyarrow.parquet as pq

    exact = options.reader == "exact"
    with refused("not a readable Parquet file", str(path), _HINT):  # ArrowInvalid, OSError...
        with pq.ParquetFile(path) as parquet:
            check_unpacked(unpacked_size(parquet.metadata), options.max_unpacked_mb, str(path))
            texts = text_columns(parquet.schema_arrow, exact)
        data = _read(path, texts, options.progress)
    try:
        if exact:
            columns = [Cells.of(column.to_pylist()) for column in data.columns]
        else:
            columns = [
                column_cells(column, distinct=is_id(name))
                for name, column in zip(data.column_names, data.columns, strict=True)
            ]
    except UnicodeDecodeError as exc:  # pyarrow reads text unchecked; Python decodes it
        raise InputError(
            f"not a readable Parquet file: a text column holds bytes that are not UTF-8 ({exc})",
            where=Where(str(path)),
            hint=_HINT,
        ) from exc
    reader = "python" if exact else "arrow"
    names = list(data.column_names)
    return RawTable.found(str(path), path.stem, columns, names=names, reader=reader)


def _read(path: Path, texts: list[str], progress: Progress | None) -> Any:
    """The whole Parquet table, read row group by row group when someone is told of it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetFile(path, read_dictionary=texts) as parquet:  # closed before the run ends
        if progress is None:
            return parquet.read()
        total, done, groups = parquet.metadata.num_rows, 0, []
        for i in range(parquet.num_row_groups):
            groups.append(parquet.read_row_group(i))
            done += groups[-1].num_rows
            progress(f"reading {path.name}", done, total)
        return pa.concat_tables(groups) if groups else parquet.read()
