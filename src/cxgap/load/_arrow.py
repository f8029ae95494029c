"""Arrow arrays (fastexcel's sheets, pyarrow's Parquet columns) as :class:`Cells`, without a
Python object per cell.

A text column becomes a dictionary (its distinct texts) and indices; a float column its numbers
(null = empty, NaN = a NaN number, a blank to classify); an integer column the same numbers as
floats when every value is exact as a float (|n| <= 2**53), which is how they were always
classified. Any other type (bool, decimal, date, binary, ...) is turned into Python values and
built by :meth:`Cells.of`, exactly as before, cell by cell.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from cxgap.load._cells import EXACT_INTEGERS, NONE, NUMBER, TEXT, Cells


def float_values(values: Any) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]] | None:
    """An Arrow float64 array as numbers (NaN where null) and where it is not null, read from its
    buffers (``to_numpy`` is slow on an array with nulls); None if it is of another type."""
    length, offset = len(values), values.offset
    if values.null_count == length:
        return np.full(length, np.nan), np.zeros(length, dtype=bool)
    if str(values.type) != "double":
        return None
    validity, data = values.buffers()
    numbers = np.frombuffer(data, dtype=np.float64, count=length, offset=8 * offset).copy()
    valid = _validity(validity, offset, length)
    numbers[~valid] = np.nan
    return numbers, valid


def column_cells(column: Any) -> Cells:
    """A Parquet column (a pyarrow ChunkedArray) as cells."""
    import pyarrow as pa

    kind = column.type
    if is_text(kind) or (pa.types.is_dictionary(kind) and is_text(kind.value_type)):
        cells = _text_cells(column)
        return cells if cells is not None else Cells.of(column.to_pylist())
    if pa.types.is_null(kind):
        return Cells.empty_column(len(column))
    exact = pa.types.is_integer(kind) and _exact_integers(column)
    if not (exact or pa.types.is_float32(kind) or pa.types.is_float64(kind)):
        return Cells.of(column.to_pylist())
    read = float_values(column.cast(pa.float64()).combine_chunks())
    if read is None:
        return Cells.of(column.to_pylist())
    numbers, valid = read
    kinds = np.where(valid, np.int8(NUMBER), np.int8(NONE))
    return Cells(kinds, numbers, np.broadcast_to(np.int32(-1), (len(numbers),)), ())


def _text_cells(column: Any) -> Cells | None:
    """A text column as its distinct texts and each cell's index into them (the Arrow indices
    themselves, not copied; what they hold where a cell is null is unused). None for a
    dictionary holding a null, which only the cell-by-cell path reads right."""
    import pyarrow as pa

    if pa.types.is_dictionary(column.type):
        encoded = column.unify_dictionaries().combine_chunks()
    else:
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(column.combine_chunks())
    length, indices = len(encoded), encoded.indices
    if not length or encoded.dictionary.null_count:
        return None
    width = np.dtype(indices.type.to_pandas_dtype())
    ids = np.frombuffer(
        indices.buffers()[1], dtype=width, count=length, offset=width.itemsize * indices.offset
    ).astype(np.int32, copy=False)
    valid = _validity(indices.buffers()[0], indices.offset, length)
    kinds = np.where(valid, np.int8(TEXT), np.int8(NONE))
    texts = tuple(encoded.dictionary.to_pylist())
    return Cells(kinds, np.broadcast_to(np.float64(np.nan), (length,)), ids, texts)


def _validity(bitmap: Any, offset: int, length: int) -> npt.NDArray[np.bool_]:
    if bitmap is None:
        return np.ones(length, dtype=bool)
    bits = np.unpackbits(np.frombuffer(bitmap, dtype=np.uint8), bitorder="little")
    return bits[offset : offset + length].astype(bool)


def is_text(kind: Any) -> bool:
    """Whether an Arrow type is text (string or large_string)."""
    import pyarrow as pa

    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _exact_integers(column: Any) -> bool:
    import pyarrow.compute as pc

    if column.null_count == len(column):
        return True
    low, high = pc.min_max(column).values()
    return bool(low.as_py() >= -EXACT_INTEGERS and high.as_py() <= EXACT_INTEGERS)
