"""A platform's CSV, TSV or workbook as rows of raw values, and those rows as columns of cells.

CSV/TSV text is decoded as :mod:`cxgap.load._flat` decodes a plain table (UTF-8 with or without
BOM, UTF-16 with its BOM, or the ``--encoding`` given; anything else refused with the line and
byte named); the delimiter is the one of ``,``, ``;`` and tab the first line uses most. A
workbook's first sheet is read with python-calamine after the zip-bomb checks every workbook
passes. Nothing is interpreted: CSV cells stay text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from cxgap.errors import InputError, Where
from cxgap.load._archive import (
    DEFAULT_MAX_RATIO,
    DEFAULT_MAX_UNPACKED_MB,
    ENV_MAX_RATIO,
    ENV_MAX_UNPACKED,
    Caps,
    _cap,
    check_archive,
)
from cxgap.load._columns import Cells
from cxgap.load._flat import _decode

Rows = list[list[object]]

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_DELIMITERS = (",", ";", "\t")


def read_rows(path: Path, display: str, encoding: str) -> Rows:
    """The file's rows (trailing empty rows dropped); an empty file is an :class:`InputError`."""
    suffix = path.suffix.lower()
    rows = _workbook_rows(path, display) if suffix in WORKBOOK_SUFFIXES else None
    if rows is None:
        rows = _text_rows(path, display, encoding)
    while rows and not any(_filled(v) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise InputError(
            "the export is empty: no header and no responses",
            where=Where(display),
            hint="export the responses again from the survey platform",
        )
    return rows


def _text_rows(path: Path, display: str, encoding: str) -> Rows:
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            "this is a workbook (a zip archive) with a text file's name",
            where=Where(display),
            hint="rename it to .xlsx",
        )
    text = _decode(data, display, encoding)
    first_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)  # type: ignore[arg-type]
    except csv.Error as exc:
        raise InputError(
            f"row {reader.line_num} cannot be read as CSV ({exc})",
            where=Where(display),
            hint="export it again from the survey platform as CSV",
        ) from exc


def _workbook_rows(path: Path, display: str) -> Rows:
    from cxgap.load._workbook import _open, _rows

    caps = Caps(
        _cap(None, ENV_MAX_UNPACKED, DEFAULT_MAX_UNPACKED_MB),
        _cap(None, ENV_MAX_RATIO, DEFAULT_MAX_RATIO),
    )
    check_archive(path, display, caps)
    workbook = _open(path, display)
    names = workbook.sheet_names
    if not names:
        raise InputError("the workbook has no sheet", where=Where(display))
    return _rows(workbook, names[0], display)


def _filled(value: object) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))


def header_cell(value: object) -> str:
    """A header cell as text, exactly as written apart from surrounding spaces; ``7.0`` as 7."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def to_columns(rows: Sequence[Sequence[object]], width: int) -> list[Cells]:
    """Rows as ``width`` columns of cells; a short row is padded with empty cells."""
    if not rows:
        return [Cells.empty_column(0) for _ in range(width)]
    padded = [
        row if len(row) == width else [*row[:width], *[""] * (width - len(row))] for row in rows
    ]
    return [Cells.of(list(column)) for column in zip(*padded, strict=True)]
