"""Turn the input a user gave into raw tables by role (``items``, ``company``, ``customers``)
and a digest of the input.

The input is a workbook holding the three sheets, or a folder holding the three tables as
files, each a CSV, Parquet or workbook file (:func:`read_tables`).

CSV cells stay text (``N/A`` and ``NA`` too; classification decides what they are). The file
is UTF-8, a BOM allowed; a UTF-16 file with its BOM is read as such; any other encoding is
named with ``--encoding`` or refused with a message saying so. The delimiter is the one of
``,``, ``;``, tab and ``|`` that the header row uses most (:mod:`._delimiter`).

Parquet is read with pyarrow, column by column into cells (:mod:`._arrow`; with
``LoadOptions(reader="exact")`` every column goes through Python values instead); a null is
an empty cell. Its footer gives the unpacked size of the data, which faces the same
``max_unpacked_mb`` cap as a zip-based workbook.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from cxgap.errors import InputError, Where
from cxgap.load._arrow import column_cells, is_id, is_text
from cxgap.load._cells import Cells
from cxgap.load._delimiter import HEAD_CHARS, csv_delimiter
from cxgap.load._parts import digest_of, part_files, sample_parts, sha256, streams
from cxgap.load._raw import PartFiles, RawTable, header_key
from cxgap.load._sheets import WORKBOOK_SUFFIXES, read_workbook
from cxgap.load._xlsx import RAISE_UNPACKED, mib
from cxgap.model import LoadOptions, Parts, Progress

ROLES = ("items", "company", "customers")
TABLE_SUFFIXES = (".csv", ".parquet", ".xlsx", ".xlsm", ".ods")
_UTF8 = ("utf-8", "utf-8-sig", "utf8", "utf_8")
_TOLD_EVERY = 50_000


def read_tables(path: Path, options: LoadOptions) -> tuple[dict[str, RawTable | PartFiles], str]:
    """The ``items``, ``company`` and ``customers`` tables of a workbook or folder, and the
    input's sha256 (of the file; for a folder, of its three files' names and digests)."""
    names = (options.items_sheet, options.company_sheet, options.customers_sheet)
    wanted = dict(zip(ROLES, names, strict=True))
    if path.is_dir():
        files = _folder_files(path, wanted)
        tables = {
            role: read_table(file, options, role)
            if role == "items"
            else sample_source(file, options, role)
            for role, file in files.items()
        }
        digest = hashlib.sha256()
        for role in ROLES:
            digest.update(f"{role}:{digest_of(tables[role], files[role], options)}\n".encode())
        return tables, digest.hexdigest()
    if not path.exists():
        raise InputError(
            "no such file or folder",
            where=Where(str(path)),
            hint="check the path; a folder must hold items, company and customers",
        )
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise InputError(
            f"'{path.suffix or 'no extension'}' is not a workbook type cxgap reads",
            where=Where(str(path)),
            hint="pass an .xlsx, .xlsm or .ods workbook, or a folder of items/company/customers "
            "tables (.csv, .xlsx, .parquet)",
        )
    return dict(read_workbook(path, wanted, options)), sha256(path)


def read_parts(
    parts: Parts, options: LoadOptions
) -> tuple[dict[str, RawTable | PartFiles], str, tuple[str, ...]]:
    """The codebook and both samples given as files of their own (SPEC 5), the input's sha256
    (of the three files' roles and digests) and what reading them warns of."""
    given = {"items": parts.items, "company": parts.company, "customers": parts.customers}
    streamed = {role: sample_parts(given[role]) for role in ("company", "customers")}
    files = {role: file for role, file in given.items() if isinstance(file, Path)}
    for role, file in files.items():
        if streamed.get(role) is None and not file.is_file():
            raise InputError(
                "no such file" if not file.exists() else "not a file",
                where=Where(str(file)),
                hint=f"check the path given with --{role}",
            )
    items = read_table(parts.items, options, "items")
    tables: dict[str, RawTable | PartFiles] = {"items": items}
    referenced = _referenced(items)
    warnings: list[str] = []
    for role in ("company", "customers"):
        sample = streamed[role]
        if sample is None and streams(files[role], options):
            sample = PartFiles(str(files[role]), (files[role],))
        if sample is not None:
            tables[role] = sample
            continue
        tables[role], told = read_sample(files[role], options, role, referenced)
        warnings.extend(told)
    digest = hashlib.sha256()
    for role in ROLES:
        digest.update(f"{role}:{digest_of(tables[role], files.get(role), options)}\n".encode())
    return tables, digest.hexdigest(), tuple(warnings)


def read_sample(
    file: Path, options: LoadOptions, role: str, referenced: frozenset[str] = frozenset()
) -> tuple[RawTable, tuple[str, ...]]:
    """One sample's file: a survey platform's export (Qualtrics, SurveyMonkey, SPSS, Stata,
    Google Forms: detected from the file itself) or a plain table as in section 1.2; and what
    reading it warns of. ``referenced``: the column names the codebook gives (folded)."""
    from cxgap.load.exports import SUFFIXES, read_export
    from cxgap.load.exports._adapt import sample_table

    if file.suffix.lower() not in SUFFIXES or file.stat().st_size == 0:
        return read_table(file, options, role), ()
    export = read_export(file, options)
    keep = {header_key(name) for name in options.keep_columns}
    return sample_table(export, referenced, keep), export.warnings


_REFERENCING = ("item", "column", "company_column", "customer_column")


def _referenced(items: RawTable) -> frozenset[str]:
    """Every column name the codebook gives for an item (folded), before it is parsed."""
    names: set[str] = set()
    for j, header in enumerate(items.header):
        if header.casefold() in _REFERENCING:
            names.update(header_key(label) for label in items.columns[j].labels() if label)
    return frozenset(names)


def sample_source(file: Path, options: LoadOptions, role: str) -> RawTable | PartFiles:
    """A sample's table of a folder: a subfolder of parts, or a Parquet file large enough to
    be read in batches (:mod:`._stream`), or a table read whole."""
    given = part_files(file)
    if given is not None:
        return given
    if streams(file, options):
        return PartFiles(str(file), (file,))
    return read_table(file, options, role)


def read_table(file: Path, options: LoadOptions, role: str) -> RawTable:
    """One table held alone in a file: a CSV, a Parquet file, or a workbook's sheet (the one
    named after the file, else its first); its cells' addresses name the file."""
    return replace(_table_in(file, options, role), own_file=True)


def _table_in(file: Path, options: LoadOptions, role: str) -> RawTable:
    if file.stat().st_size == 0:
        raise InputError("the file is empty", where=Where(str(file)), hint="export it again")
    suffix = file.suffix.lower()
    if suffix == ".csv":
        return read_csv(file, options.encoding, options.progress)
    if suffix == ".parquet":
        return read_parquet(file, options)
    return read_workbook(file, {role: file.stem}, options, single=True)[role]


def _folder_files(folder: Path, wanted: dict[str, str]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for role, name in wanted.items():
        matches = sorted(
            p
            for p in folder.iterdir()
            if (
                p.is_file()
                and p.suffix.lower() in TABLE_SUFFIXES
                and p.stem.strip().casefold() == name.strip().casefold()
            )
            or (
                role != "items"
                and p.is_dir()
                and p.name.strip().casefold() == name.strip().casefold()
            )
        )
        if not matches:
            raise InputError(
                f"the folder has no '{name}' table",
                where=Where(str(folder)),
                hint=f"add {name}.csv, {name}.xlsx or {name}.parquet, "
                f"or name the {role} file with --{role}-sheet",
            )
        if len(matches) > 1:
            raise InputError(
                f"the folder has {len(matches)} '{name}' tables: "
                f"{', '.join(p.name for p in matches)}",
                where=Where(str(folder)),
                hint="keep one of them",
            )
        found[role] = matches[0]
    return found


def read_csv(path: Path, encoding: str, progress: Progress | None = None) -> RawTable:
    """Read a CSV as text cells; its stem names it in messages (``items!B3``)."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            "this is a workbook (a zip archive) named .csv",
            where=Where(str(path)),
            hint="rename it to .xlsx",
        )
    text = decode(data, str(path), encoding)
    delimiter = csv_delimiter(text[:HEAD_CHARS], str(path))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader) if progress is None else _told_rows(reader, text, path, progress)
    except csv.Error as exc:
        raise InputError(
            f"line {reader.line_num} cannot be read as CSV ({exc})",
            where=Where(str(path)),
            hint="export it again as CSV (separated by commas, semicolons, tabs or '|')",
        ) from exc
    return RawTable.from_rows(str(path), path.stem, rows, reader="csv")


def _told_rows(
    reader: Iterator[list[str]], text: str, path: Path, progress: Progress
) -> list[list[str]]:
    """The CSV's rows, telling ``progress`` every 50,000 (of about as many as it has lines)."""
    total, rows = max(text.count("\n") - 1, 0), []
    for row in reader:
        rows.append(row)
        if len(rows) % _TOLD_EVERY == 0:
            progress(f"reading {path.name}", len(rows), max(total, len(rows)))
    progress(f"reading {path.name}", max(len(rows) - 1, 0), max(len(rows) - 1, 0))
    return rows


def decode(data: bytes, display: str, encoding: str) -> str:
    """A text file's bytes as text: UTF-8 (a BOM allowed), UTF-16 with its BOM, or
    ``encoding``; anything else is refused naming the line and the fix."""
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


def read_parquet(path: Path, options: LoadOptions) -> RawTable:
    """Read a Parquet file's columns as cells: text columns as dictionaries, numbers as floats
    (:mod:`._arrow`), never a Python object per cell of those."""
    import pyarrow.parquet as pq

    try:
        with pq.ParquetFile(path) as parquet:
            meta = parquet.metadata
            unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
            _check_unpacked(unpacked, str(path), options.max_unpacked_mb)
            schema = parquet.schema_arrow
        texts = [f.name for f in schema if is_text(f.type) and not is_id(f.name)]
        if len(set(schema.names)) < len(schema.names) or options.reader == "exact":
            texts = []  # read_dictionary names columns, which must then be unique
        data = _read_parquet(path, texts, options.progress)
    except InputError:
        raise
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for a broken file
        raise InputError(
            f"not a readable Parquet file ({type(exc).__name__}: {str(exc)[:120]})",
            where=Where(str(path)),
            hint="write it again with pandas.DataFrame.to_parquet or pyarrow",
        ) from exc
    try:
        if options.reader == "exact":
            columns, reader = [Cells.of(column.to_pylist()) for column in data.columns], "python"
        else:
            columns = [
                column_cells(column, distinct=is_id(name))
                for name, column in zip(data.column_names, data.columns, strict=True)
            ]
            reader = "arrow"
    except UnicodeDecodeError as exc:  # pyarrow reads text unchecked; Python decodes it
        raise InputError(
            f"not a readable Parquet file: a text column holds bytes that are not UTF-8 ({exc})",
            where=Where(str(path)),
            hint="write it again with pandas.DataFrame.to_parquet or pyarrow",
        ) from exc
    return RawTable.named(str(path), path.stem, list(data.column_names), columns, reader=reader)


def _read_parquet(path: Path, texts: list[str], progress: Progress | None) -> Any:
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


def _check_unpacked(unpacked: int, display: str, cap_mb: float) -> None:
    if unpacked > cap_mb * 1024**2:
        raise InputError(
            f"refusing to read: its data unpack to {mib(unpacked)}, above the cap of "
            f"{mib(cap_mb * 1024**2)}",
            where=Where(display),
            hint=f"if the file is genuine, raise the cap: {RAISE_UNPACKED} <MiB>",
        )
