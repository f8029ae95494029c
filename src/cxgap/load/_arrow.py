"""Arrow arrays (fastexcel's sheets, pyarrow's Parquet columns) as :class:`Cells`, without a
Python object per cell.

A text column becomes a dictionary (its distinct texts) and indices; a float column its numbers
(null = empty, NaN = a NaN number, a blank to classify); an integer column the same numbers as
floats when every value is exact as a float (|n| <= 2**53), which is how they were always
classified. Any other type (bool, decimal, date, binary, ...) is turned into Python values and
built by :meth:`Cells.of`, exactly as before, cell by cell.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from cxgap.load._cells import EXACT_INTEGERS, NONE, NUMBER, TEXT, Cells
from cxgap.load._raw import header_key


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


def column_cells(column: Any, distinct: bool = False) -> Cells:
    """A Parquet column (a pyarrow ChunkedArray) as cells; ``distinct``: a text column whose
    texts are expected to differ from cell to cell (respondent ids), which is then not
    dictionary-encoded (:func:`_own_text_cells`)."""
    import pyarrow as pa

    kind = column.type
    if distinct and is_text(kind):
        return _own_text_cells(column)
    if is_text(kind) or (pa.types.is_dictionary(kind) and is_text(kind.value_type)):
        cells = _text_cells(column)
        return cells if cells is not None else Cells.of(column.to_pylist())
    if pa.types.is_null(kind):
        return Cells.empty_column(len(column))
    exact = pa.types.is_integer(kind) and _exact_integers(column)
    if not (exact or pa.types.is_float32(kind) or pa.types.is_float64(kind)):
        return Cells.of(column.to_pylist())
    read = float_values(_one_chunk(column.cast(pa.float64())))
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
        encoded = _one_chunk(column.unify_dictionaries())
    else:
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(_one_chunk(column))
    length, indices = len(encoded), encoded.indices
    if not length or encoded.dictionary.null_count:
        return None
    width = np.dtype(indices.type.to_pandas_dtype())
    ids = np.frombuffer(
        indices.buffers()[1], dtype=width, count=length, offset=width.itemsize * indices.offset
    ).astype(np.int32, copy=False)
    kinds = _kinds(indices.buffers()[0], indices.offset, length, TEXT)
    texts = tuple(encoded.dictionary.to_pylist())
    return Cells(kinds, np.broadcast_to(np.float64(np.nan), (length,)), ids, texts)


class Texts(Sequence[str]):
    """A read-only sequence of texts held otherwise than as a tuple, equal to any sequence
    holding the same texts."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(repr(text) for text in self[:3])
        return f"{type(self).__name__}([{shown}{', ...' if len(self) > 3 else ''}], n={len(self)})"


class ArrowStrings(Texts):
    """Texts held in an Arrow string array."""

    def __init__(self, array: Any) -> None:
        self.array = array

    def __len__(self) -> int:
        return len(self.array)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> ArrowStrings: ...
    def __getitem__(self, index: int | slice) -> str | ArrowStrings:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return ArrowStrings(self.array.slice(start, max(stop - start, 0)))
            return ArrowStrings(self.array.take(positions(np.arange(start, stop, step))))
        return str(self.array[index].as_py())

    def __iter__(self) -> Iterator[str]:
        return iter(self.array.to_pylist())


def positions(rows: npt.NDArray[Any]) -> Any:
    """Row positions as an Arrow int32 array, from their buffer (``pa.array`` would load
    pandas to look at them)."""
    import pyarrow as pa

    at = np.ascontiguousarray(rows, dtype=np.int32)
    return pa.Array.from_buffers(pa.int32(), len(at), [None, pa.py_buffer(at)])


PYTHON_ASCII_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
"""The ASCII characters ``str.strip()`` removes."""


def _own_text_cells(column: Any) -> Cells:
    """A text column with a text of its own for each cell (an id column: encoding a million
    distinct texts as a dictionary costs more than it saves). Its ``texts`` are then one per
    cell, not distinct, and stay in Arrow (:class:`ArrowStrings`), a null as ``""``. Where the
    texts are ASCII, Arrow strips them as ``str.strip()`` would, and where that changes none,
    the memo keeps the Arrow array and which texts are blank: ids are then checked in Arrow
    (:mod:`._respondents`). Nothing here turns a Python value into Arrow: pyarrow would load
    pandas to look at it (0.15 s)."""
    import pyarrow.compute as pc

    array = _one_chunk(column)
    valid_bits, offsets = array.buffers()[0], _offsets(array)
    empty = offsets[1:] == offsets[:-1]
    filled = array
    if array.null_count:
        valid = _validity(valid_bits, array.offset, len(array))
        if empty[~valid].all():  # every null spans no text: drop the bitmap, nulls read ""
            filled = type(array).from_buffers(
                len(array), array.buffers()[1], array.buffers()[2], None, 0, array.offset
            )
        else:
            filled = pc.fill_null(array, "")
    cells = Cells(
        _kinds(valid_bits, array.offset, len(array), TEXT),
        np.broadcast_to(np.float64(np.nan), (len(filled),)),
        np.arange(len(filled), dtype=np.int32),
        ArrowStrings(filled),
    )
    if len(filled) and pc.all(pc.string_is_ascii(filled)).as_py():
        stripped = pc.ascii_trim(filled, PYTHON_ASCII_SPACES)
        if pc.all(pc.equal(stripped, filled)).as_py():
            cells.memo["blank"] = empty | (cells.kinds != TEXT)
            cells.memo["arrow"] = filled  # the texts, as they are stripped: for ._respondents
    return cells


def _offsets(array: Any) -> npt.NDArray[np.int64]:
    """Where each text of an Arrow string (or large string) array begins and ends."""
    width = np.int64 if str(array.type) == "large_string" else np.int32
    item = np.dtype(width).itemsize
    return np.frombuffer(
        array.buffers()[1], dtype=width, count=len(array) + 1, offset=item * array.offset
    ).astype(np.int64)


def _one_chunk(column: Any) -> Any:
    """A ChunkedArray as one array: its only chunk as it is (``combine_chunks`` copies even
    that), else the chunks joined."""
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def _kinds(bitmap: Any, offset: int, length: int, kind: int) -> npt.NDArray[np.int8]:
    """Each cell's kind from an Arrow validity bitmap: ``kind`` where set, NONE where not."""
    if bitmap is None:
        return np.full(length, kind, dtype=np.int8)
    bits = np.unpackbits(
        np.frombuffer(bitmap, dtype=np.uint8), count=offset + length, bitorder="little"
    )[offset:]
    np.multiply(bits, NONE - kind, out=bits)
    np.subtract(NONE, bits, out=bits)  # NONE - (NONE - kind) = kind where set
    return bits.view(np.int8)


def _validity(bitmap: Any, offset: int, length: int) -> npt.NDArray[np.bool_]:
    if bitmap is None:
        return np.ones(length, dtype=bool)
    bits = np.unpackbits(np.frombuffer(bitmap, dtype=np.uint8), bitorder="little")
    return bits[offset : offset + length].astype(bool)


def is_id(name: str) -> bool:
    """Whether a column is headed ``respondent_id`` (as :func:`~._raw.header_key` matches it)."""
    return header_key(name) == "respondent_id"


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
