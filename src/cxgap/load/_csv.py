"""The one CSV reader: a plain table read whole, a platform export's grid, a sample's part read
in batches, and a Spark executor's part all read CSV here, so the same bytes never split or
decode two ways.

Loading (bytes -> text, once): the file is UTF-8, a BOM allowed; UTF-16 with its BOM is read
as such; any other encoding is the one named with ``--encoding``. A file that starts as a zip
archive is a workbook with a text file's name, and refused. The delimiter is the one of ``,``,
``;``, tab and ``|`` that the header row holds most (:mod:`._delimiter`).

Parsing (text -> rows): :func:`csv_batches` yields Arrow record batches of text columns, every
cell kept as written (``N/A`` and ``NA`` too: classification decides what they are). pyarrow's
C++ reader parses (no Python object per cell); whatever it refuses (ragged rows, a field too
large, bytes that are not text in the encoding) is read again with the csv module, which gives
the same cells or names the line and the byte that is wrong. ``exact`` reads with the csv module
alone. Everything here is a module-level function of bytes, a path or a binary stream, so that
Spark can call it on an executor's part with no local path.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cxgap.errors import InputError, Where
from cxgap.load._delimiter import HEAD_CHARS, csv_delimiter

BATCH_ROWS = 65_536
UTF8 = ("utf-8", "utf-8-sig", "utf8", "utf_8")
ZIP_MAGIC = b"PK\x03\x04"
CSV_HINT = "export it again as CSV (separated by commas, semicolons, tabs or '|')"
_BLOCK = 1 << 22
_HEAD_TEXT = 1 << 16
"""Characters of a text in which :func:`first_rows` looks first."""

Source = bytes | Path | BinaryIO
"""What a CSV is read from: its bytes, its path, or a binary stream (an executor's part)."""


def is_utf8(encoding: str) -> bool:
    """Whether ``--encoding`` names UTF-8 (then a BOM, UTF-8's or UTF-16's, decides)."""
    return encoding.lower() in UTF8


def text_encoding(head: bytes, encoding: str) -> str:
    """The codec that decodes a text file beginning with ``head``: UTF-16 where UTF-8 was asked
    for and the file starts with a UTF-16 BOM, UTF-8 with or without BOM, else ``encoding``."""
    if is_utf8(encoding) and head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig" if is_utf8(encoding) else encoding


def decode(data: bytes, display: str, encoding: str) -> str:
    """A text file's bytes as text (:func:`text_encoding`); bytes that are not text in it are
    refused naming the line, the byte and the fix."""
    codec = text_encoding(data[:2], encoding)
    try:
        return data.decode(codec)
    except LookupError as exc:
        hint = "pass --encoding utf-8, latin-1, cp1252, ..."
        raise InputError(f"unknown encoding '{codec}'", where=Where(display), hint=hint) from exc
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        name = "UTF-8" if codec == "utf-8-sig" else codec
        raise InputError(
            f"not {name} text: line {line} holds byte {data[exc.start : exc.start + 1]!r}, "
            f"which is not {name}",
            where=Where(display),
            hint="save it as UTF-8, or name its encoding with --encoding (e.g. --encoding "
            "latin-1, or cp1252 for Windows exports)",
        ) from exc


def sniff(head: bytes, display: str, encoding: str) -> str:
    """The delimiter of the CSV whose bytes begin with ``head`` (at least :data:`HEAD_CHARS`
    of them, or all); a zip archive (a workbook) is refused."""
    if head.startswith(ZIP_MAGIC):
        suffix = Path(display).suffix
        raise InputError(
            f"this is a workbook (a zip archive) named {suffix}"
            if suffix
            else "this is a workbook (a zip archive) with a text file's name",
            where=Where(display),
            hint="rename it to .xlsx",
        )
    try:
        start = head[:HEAD_CHARS].decode(text_encoding(head, encoding), errors="replace")
    except LookupError:
        start = head[:HEAD_CHARS].decode("latin-1")  # the encoding is named when it decodes
    return csv_delimiter(start, display)


def first_rows(
    text: str, delimiter: str, display: str, most: int, hint: str = CSV_HINT
) -> list[list[object]]:
    """The first ``most`` rows holding anything (an export's header rows), by the csv module."""
    return rows_at_start(text, delimiter, display, most, hint) or []


def rows_at_start(
    text: str, delimiter: str, display: str, most: int, hint: str = CSV_HINT, *, whole: bool = True
) -> list[list[object]] | None:
    """:func:`first_rows` of a text that is the file's whole text, or (``whole`` False) only
    its beginning: None where that is too short to hold them whole.

    They are parsed from the text's beginning, longer until it holds one row more than they
    are (which may be cut short), or is all of it: a large file's text is not copied into a
    stream whole (0.1 s at 40 MB) for its first rows."""
    size = _HEAD_TEXT
    while True:
        end = size >= len(text)
        reader = csv.reader(
            io.StringIO(text if end else text[:size], newline=""), delimiter=delimiter
        )
        try:
            rows = list(itertools.islice(reader, most * 4 + (not (end and whole))))
        except csv.Error as exc:
            if end and whole:
                raise _unreadable(display, reader.line_num, exc, hint) from exc
            rows = []  # maybe at the cut: read more
        if (end and whole) or len(rows) > most * 4:
            return [list[object](row) for row in rows[: most * 4] if row][:most]
        if end:
            return None
        size *= 4


def text_start(path: Path, display: str, encoding: str, size: int) -> tuple[str, bool]:
    """The text of a text file's first ``size`` bytes (:func:`text_encoding`; a character cut
    at their end left out), and whether that is all of it. Bytes in them that are not text in
    the encoding are refused as :func:`decode` refuses them; the rest is not looked at here."""
    with path.open("rb") as handle:
        start = handle.read(size)
        whole = not handle.read(1)
    try:
        decoder = codecs.getincrementaldecoder(text_encoding(start[:2], encoding))()
        return decoder.decode(start, final=whole), whole
    except (UnicodeError, LookupError):
        # named as decode names it, or (UTF-16 without its BOM, which only the incremental
        # decoder refuses) decoded whole
        return decode(path.read_bytes(), display, encoding), True


def csv_batches(
    source: Source,
    display: str,
    encoding: str = "utf-8",
    batch_rows: int = BATCH_ROWS,
    *,
    header: bool = True,
    skip: int = 0,
    width: int | None = None,
    empty_lines: bool = True,
    exact: bool = False,
    hint: str = CSV_HINT,
) -> Iterator[Any]:
    """The CSV's rows as Arrow record batches of text columns, at most ``batch_rows`` rows each.

    ``header``: the first row names the columns; else they are ``c0``, ``c1``, ... and every row
    is data, after the first ``skip``; ``width``: that many columns (a short row padded, a
    long one cut), else as many as the longest row. ``empty_lines``: an empty line is a row of
    empty cells (else it is no row). ``exact``: the csv module only. ``hint``: the fix that a
    refusal of a line names."""
    data, head = _opened(source)
    delimiter = sniff(head, display, encoding)
    codec = text_encoding(head, encoding)
    shape = _Shape(header, skip, width, empty_lines)
    done = 0
    if not exact:
        try:
            for batch in _arrow_batches(data, head, delimiter, codec, batch_rows, shape):
                yield batch
                done += batch.num_rows
            return
        except Exception as exc:
            if not isinstance(exc, _refusals()):
                raise
            # read again by the csv module, from the row after those already given
    text = decode(_bytes(data), display, encoding)
    rows = _module_rows(text, delimiter, display, shape, hint)
    names, rows = _named(rows, shape)
    yield from _module_batches(itertools.islice(rows, done, None), names, batch_rows)


@dataclass(frozen=True)
class _Shape:
    """How the rows are taken: see :func:`csv_batches`."""

    header: bool
    skip: int
    width: int | None
    empty_lines: bool


def _opened(source: Source) -> tuple[Any, bytes]:
    """What pyarrow reads (a path, a buffer or a seekable stream, read from its beginning),
    and the first bytes."""
    if isinstance(source, bytes):
        return source, source[:HEAD_CHARS]
    if isinstance(source, Path):
        with source.open("rb") as handle:
            return source, handle.read(HEAD_CHARS)
    if not source.seekable():  # read once into memory: it can be read again from there
        data = source.read()
        return data, data[:HEAD_CHARS]
    source.seek(0)
    head = source.read(HEAD_CHARS)
    source.seek(0)
    return source, head


def _bytes(data: Any) -> bytes:
    """All the bytes of what :func:`_opened` gave, again from its beginning."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, Path):
        return data.read_bytes()
    data.seek(0)
    return bytes(data.read())


def _refusals() -> tuple[type[Exception], ...]:
    """What pyarrow's reader raises for what the csv module reads, or names: a UnicodeError too,
    as Python's incremental UTF-16 decoder (pyarrow's transcoder) wants a BOM that
    ``bytes.decode`` does not."""
    import pyarrow as pa

    return (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeError, LookupError)


def _arrow_batches(
    data: Any, head: bytes, delimiter: str, codec: str, batch_rows: int, shape: _Shape
) -> Iterator[Any]:
    """The batches as pyarrow reads them, every column as text (never a type guessed)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    first = _first_row(head, codec, delimiter)
    if shape.header:
        names, given = first, None
    else:
        given = [f"c{j}" for j in range(shape.width or max(len(first), 1))]
        names = given
    reader = pcsv.open_csv(
        pa.BufferReader(data) if isinstance(data, bytes) else data,
        read_options=pcsv.ReadOptions(
            encoding="utf8" if codec == "utf-8-sig" else codec,
            block_size=_BLOCK,
            column_names=given,
            skip_rows_after_names=0 if shape.header else shape.skip,
        ),
        parse_options=pcsv.ParseOptions(
            delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=not shape.empty_lines
        ),
        convert_options=pcsv.ConvertOptions(
            null_values=[],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            column_types=dict.fromkeys(names, pa.string()),
        ),
    )
    try:
        if reader.schema.names != names or any(t != pa.string() for t in reader.schema.types):
            raise pa.ArrowInvalid("the header row reads otherwise than the csv module reads it")
        for batch in reader:
            for start in range(0, batch.num_rows, batch_rows):
                yield batch.slice(start, batch_rows)
    finally:  # its read-ahead stops here, also when the batches are left unread
        reader.close()


def _first_row(head: bytes, codec: str, delimiter: str) -> list[str]:
    """The first row of the file, by the csv module (the header's names)."""
    text = head.decode(codec, errors="replace")
    return next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])


def _module_rows(
    text: str, delimiter: str, display: str, shape: _Shape, hint: str
) -> Iterator[list[str]]:
    """The rows as the csv module reads them (empty lines as empty rows or left out)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if row or shape.empty_lines:
                yield row
    except csv.Error as exc:
        raise _unreadable(display, reader.line_num, exc, hint) from exc


def _named(rows: Iterator[list[str]], shape: _Shape) -> tuple[list[str], Iterator[list[str]]]:
    """The column names and the data rows, each as wide as the names."""
    if shape.header:
        first = next(rows, None)
        names = list(first or [])
    else:
        rows = itertools.islice(rows, shape.skip, None)
        if shape.width is None:  # as wide as the longest row: all of them are read first
            held = list(rows)
            width = max((len(row) for row in held), default=0)
            rows = iter(held)
        else:
            width = shape.width
        names = [f"c{j}" for j in range(width)]
    width = len(names)
    return names, (row if len(row) == width else _fitted(row, width) for row in rows)


def _fitted(row: Sequence[str], width: int) -> list[str]:
    return [*row[:width], *[""] * (width - len(row))]


def _module_batches(rows: Iterator[list[str]], names: list[str], batch_rows: int) -> Iterator[Any]:
    import pyarrow as pa

    schema = pa.schema([pa.field(name, pa.string()) for name in names])
    while chunk := list(itertools.islice(rows, batch_rows)):
        columns = zip(*chunk, strict=True) if names else ()
        arrays = [pa.array(column, type=pa.string()) for column in columns]
        yield pa.RecordBatch.from_arrays(arrays, schema=schema)


def _unreadable(display: str, line: int, exc: csv.Error, hint: str) -> InputError:
    return InputError(f"row {line} cannot be read as CSV ({exc})", where=Where(display), hint=hint)
