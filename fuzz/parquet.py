"""Write (mutated) tables as a folder of Parquet files: numbers as float64, other columns as
text, and one column of one table given an odd type (bool, date, decimal, binary,
dictionary, large_string, null, nested list, struct, int64 beyond 2**53, ...), its names
changed or its bytes damaged (cut, or bits flipped, half of them in uncompressed pages).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from decimal import Decimal
from typing import Any

from fuzz.base import ROLES
from fuzz.flat import Files, Written, is_number, text
from fuzz.tables import Tables


def parquet_folder(rng: random.Random, tables: Tables) -> Written:
    """The tables as Parquet: numeric columns as float64 or int64, others as text, and one
    column of one table given an odd type (or the file damaged)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    files: Files = {}
    notes: list[str] = []
    odd = rng.choice(ROLES)
    for role in ROLES:
        header, body = tables[role][0], tables[role][1:]
        names = [text(h) for h in header]
        arrays = [
            _plain_array([row[j] if j < len(row) else None for row in body])
            for j in range(len(header))
        ]
        if role == odd:
            j = rng.randrange(len(arrays))
            kind = rng.choice(tuple(_ODD_TYPES))
            arrays[j] = _ODD_TYPES[kind](rng, arrays[j])
            notes.append(f"{role} column {names[j]!r} as {kind}")
            if rng.random() < 0.15:
                k = rng.randrange(len(names))
                new = rng.choice(("", " ", names[(k + 1) % len(names)], "\u00e9", "q01 "))
                notes.append(f"{role} column {names[k]!r} renamed {new!r}")
                names[k] = new
        table = pa.Table.from_arrays(arrays, names=names)
        buffer = io.BytesIO()
        group = rng.choice((None, None, 7, 1000))
        compression = rng.choice(("snappy", "zstd", "none", "gzip"))
        damaged = role == odd and rng.random() < 0.25
        if damaged and rng.random() < 0.5:  # raw pages: a flipped bit reaches the values
            compression = "none"
        pq.write_table(table, buffer, row_group_size=group, compression=compression)
        data = buffer.getvalue()
        if damaged:
            data, what = _damage_binary(rng, data)
            notes.append(f"{role} ({compression}): {what}")
        files[f"{role}.parquet"] = data
    return files, "; ".join(notes), ()


def _damage_binary(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    if rng.random() < 0.3:
        at = rng.randrange(len(data))
        return data[:at], f"cut at byte {at} of {len(data)}"
    flipped = bytearray(data)
    spots = []
    for _ in range(rng.choice((1, 1, 3))):
        at = rng.randrange(len(data)) if rng.random() < 0.6 else len(data) - rng.randrange(1, 64)
        flipped[at] ^= 1 << rng.randrange(8)
        spots.append(at)
    return bytes(flipped), f"a bit flipped at byte(s) {spots}"


def _plain_array(values: list[object]) -> Any:
    """A column as the sample would be written: numbers as float64, anything else as text."""
    import pyarrow as pa

    if all(v is None or v == "" or is_number(v) for v in values):
        numbers = [None if v is None or v == "" else float(v) for v in values]  # type: ignore[arg-type]
        return pa.array(numbers, type=pa.float64())
    return pa.array([None if v is None or v == "" else _clean(str(v)) for v in values], pa.string())


def _clean(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


def _numbers(array: Any) -> list[float | None]:
    """A column's values as numbers small enough for any type (others null)."""
    out: list[float | None] = []
    for value in array.to_pylist():
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            number = math.nan
        out.append(number if math.isfinite(number) and abs(number) < 1e6 else None)
    return out


def _as_bool(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    return pa.array([None if v is None else v > 3 for v in _numbers(array)], pa.bool_())


def _as_date(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    epoch = dt.date(2026, 1, 1)
    days = [None if v is None else epoch + dt.timedelta(days=int(v)) for v in _numbers(array)]
    return pa.array(days, pa.date32())


def _as_timestamp(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    values = [None if v is None else int(v) * 86_400_000 for v in _numbers(array)]
    return pa.array(values, pa.timestamp("ms", tz=rng.choice((None, "UTC"))))


def _as_decimal(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    scale = rng.choice((0, 3))
    values = [None if v is None else Decimal(str(round(v, scale))) for v in _numbers(array)]
    return pa.array(values, pa.decimal128(38, scale))


def _as_binary(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    values = [None if v is None else str(v).encode() for v in array.to_pylist()]
    return pa.array(values, pa.binary())


def _as_dictionary(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    texts = pa.array([None if v is None else str(v) for v in array.to_pylist()], pa.string())
    return texts.dictionary_encode()


def _as_large_string(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    return pa.array([None if v is None else str(v) for v in array.to_pylist()], pa.large_string())


def _as_null(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    return pa.nulls(len(array))


def _as_list(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    return pa.array([None if v is None else [v] for v in _numbers(array)], pa.list_(pa.float64()))


def _as_struct(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    return pa.array([None if v is None else {"v": v} for v in _numbers(array)])


def _as_big_int(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    shift = rng.choice((2**53 + 1, 2**62, -(2**63) + 10))
    values = [None if v is None else shift + abs(int(v)) for v in _numbers(array)]
    return pa.array(values, pa.int64())


def _as_uint64(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    values = [None if v is None else 2**64 - 1 - abs(int(v)) for v in _numbers(array)]
    return pa.array(values, pa.uint64())


def _as_int8(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    values = [None if v is None else max(-128, min(127, int(v))) for v in _numbers(array)]
    return pa.array(values, pa.int8())


def _as_float32(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    values = [
        rng.choice((v, math.nan, math.inf)) if v is not None else None for v in _numbers(array)
    ]
    return pa.array(values, pa.float32())


def _as_float16(rng: random.Random, array: Any) -> Any:
    import numpy as np
    import pyarrow as pa

    values = np.array([math.nan if v is None else v for v in _numbers(array)], dtype=np.float16)
    return pa.array(values, pa.float16())


def _as_duration(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    values = [None if v is None else int(v) for v in _numbers(array)]
    return pa.array(values, pa.duration("s"))


def _as_time(rng: random.Random, array: Any) -> Any:
    import pyarrow as pa

    values = [None if v is None else int(v) * 1_000_000 for v in _numbers(array)]
    return pa.array(values, pa.time64("us"))


_ODD_TYPES = {
    "bool": _as_bool,
    "date32": _as_date,
    "timestamp": _as_timestamp,
    "decimal128": _as_decimal,
    "binary": _as_binary,
    "dictionary": _as_dictionary,
    "large_string": _as_large_string,
    "null": _as_null,
    "list<double>": _as_list,
    "struct": _as_struct,
    "int64 beyond 2**53": _as_big_int,
    "uint64": _as_uint64,
    "int8": _as_int8,
    "float32 with NaN/inf": _as_float32,
    "float16": _as_float16,
    "duration": _as_duration,
    "time64": _as_time,
}
