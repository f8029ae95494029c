"""Read one table from a CSV or Parquet file, every cell kept as it is written.

CSV cells stay text (``N/A`` and ``NA`` too; classification decides what they are). The file
is UTF-8, a BOM allowed; a UTF-16 file with its BOM is read as such; any other encoding is
named with ``--encoding`` or refused with a message saying so. The delimiter is the one of
``,``, ``;`` and tab that the header row uses most (Excel writes ``;`` in many locales).

Parquet is read with pyarrow, column by column into cells (:mod:`cxgap.load._arrow`); a null is
an empty cell. Its footer gives the unpacked size of the data, which faces the same
``max_unpacked_mb`` cap as a zip-based workbook.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import Any

from cxgap.errors import InputError, Where
from cxgap.load._archive import ENV_MAX_UNPACKED, Caps, mib
from cxgap.load._arrow import column_cells, is_text
from cxgap.load._tables import Table, filled, table_from_rows, table_with_header

_UTF8 = ("utf-8", "utf-8-sig", "utf8", "utf_8")
_DELIMITERS = (",", ";", "\t")


def read_csv(path: Path, display: str, encoding: str) -> Table:
    """Read a CSV as text cells; ``Path(display).stem`` names it in messages (``items!B3``)."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            "this is a workbook (a zip archive) named .csv",
            where=Where(display),
            hint="rename it to .xlsx",
        )
    text = _decode(data, display, encoding)
    first_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(
            f"line {reader.line_num} cannot be read as CSV ({exc})",
            where=Where(display),
            hint="export it again as CSV (comma- or semicolon-separated)",
        ) from exc
    return table_from_rows(display, Path(display).stem, rows)


def _decode(data: bytes, display: str, encoding: str) -> str:
    if encoding.lower() in _UTF8 and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif encoding.lower() in _UTF8:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except LookupError as exc:
        raise InputError(
            f"unknown encoding '{encoding}'",
            where=Where(display),
            hint="pass --encoding utf-8, latin-1, cp1252, ...",
        ) from exc
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        name = "UTF-8" if encoding == "utf-8-sig" else encoding
        raise InputError(
            f"not {name} text: line {line} holds byte {data[exc.start : exc.start + 1]!r}, "
            f"which is not {name}",
            where=Where(display),
            hint="save it as UTF-8, or name its encoding with --encoding (e.g. --encoding "
            "latin-1, or cp1252 for Windows exports)",
        ) from exc


def read_parquet(path: Path, display: str, caps: Caps) -> Table:
    """Read a Parquet file's columns as cells: text columns as dictionaries, numbers as floats
    (:mod:`cxgap.load._arrow`), never a Python object per cell of those."""
    import pyarrow.parquet as pq

    try:
        with pq.ParquetFile(path) as parquet:
            meta = parquet.metadata
            unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
            _check_unpacked(unpacked, display, caps)
            schema = parquet.schema_arrow
        texts = [f.name for f in schema if is_text(f.type)]
        if len(set(schema.names)) < len(schema.names):
            texts = []  # read_dictionary names columns, which must then be unique
        data = pq.ParquetFile(path, read_dictionary=texts).read()
    except InputError:
        raise
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for a broken file
        raise InputError(
            f"not a readable Parquet file ({type(exc).__name__}: {str(exc)[:120]})",
            where=Where(display),
            hint="write it again with pandas.DataFrame.to_parquet or pyarrow",
        ) from exc
    try:
        return _parquet_table(data, display)
    except UnicodeDecodeError as exc:  # pyarrow reads text unchecked; Python decodes it
        raise InputError(
            f"not a readable Parquet file: a text column holds bytes that are not UTF-8 ({exc})",
            where=Where(display),
            hint="write it again with pandas.DataFrame.to_parquet or pyarrow",
        ) from exc


def _parquet_table(data: Any, display: str) -> Table:
    names = list(data.column_names)
    if not any(filled(name) for name in names):  # the header is then the first row with a value
        rows: list[list[object]] = [names]
        rows.extend(map(list, zip(*(c.to_pylist() for c in data.columns), strict=True)))
        return table_from_rows(display, Path(display).stem, rows)
    columns = [column_cells(data.column(j)) for j in range(data.num_columns)]
    return table_with_header(display, Path(display).stem, names, columns)


def _check_unpacked(unpacked: int, display: str, caps: Caps) -> None:
    if unpacked > caps.max_unpacked_mb * 1024**2:
        raise InputError(
            f"refusing to read: its data unpack to {mib(unpacked)}, above the cap of "
            f"{mib(caps.max_unpacked_mb * 1024**2)}",
            where=Where(display),
            hint=f"if the file is genuine, raise the cap: {ENV_MAX_UNPACKED}=<MiB>",
        )
