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

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from cxgap.errors import InputError, Where
from cxgap.load._arrow import column_cells, is_id
from cxgap.load._cells import Cells
from cxgap.load._csv import csv_batches
from cxgap.load._parquet import read_parquet
from cxgap.load._parts import digest_of, part_files, sha256, streams
from cxgap.load._raw import PartFiles, RawTable, header_key
from cxgap.load._sheets import WORKBOOK_SUFFIXES, read_workbook
from cxgap.load.exports import SUFFIXES, read_export
from cxgap.load.exports._adapt import sample_table
from cxgap.model import LoadOptions, Parts, Progress

ROLES = ("items", "company", "customers")
TABLE_SUFFIXES = (".csv", ".parquet", ".xlsx", ".xlsm", ".ods")
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
            digest.update(f"{role}:{digest_of(tables[role], files[role])}\n".encode())
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
    files = {"items": parts.items, "company": parts.company, "customers": parts.customers}
    streamed = {role: part_files(files[role]) for role in ("company", "customers")}
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
        given = streamed[role]
        if given is None and streams(files[role], options):
            given = PartFiles(str(files[role]), (files[role],))
        if given is not None:
            tables[role] = given
            continue
        tables[role], told = read_sample(files[role], options, role, referenced)
        warnings.extend(told)
    digest = hashlib.sha256()
    for role in ROLES:
        digest.update(f"{role}:{digest_of(tables[role], files[role])}\n".encode())
    return tables, digest.hexdigest(), tuple(warnings)


def read_sample(
    file: Path, options: LoadOptions, role: str, referenced: frozenset[str] = frozenset()
) -> tuple[RawTable, tuple[str, ...]]:
    """One sample's file: a survey platform's export (Qualtrics, SurveyMonkey, SPSS, Stata,
    Google Forms: detected from the file itself) or a plain table as in section 1.2; and what
    reading it warns of. ``referenced``: the column names the codebook gives (folded)."""
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
        return read_csv(file, options.encoding, options.progress, exact=options.reader == "exact")
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
