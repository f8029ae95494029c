"""Turn the input a user gave into raw tables by role (``items``, ``company``, ``customers``),
a digest of the input, and what reading it warns of.

The input is a workbook holding the three sheets (:mod:`._sheets`), a folder holding the three
tables as files (:func:`read_tables`), or the three files given apart (:func:`read_parts`).
Each file is found out once (:func:`~._detect.detect`: a plain table, a platform's export or a
sample's parts) and read by the reader of its kind, by the same rules wherever it comes from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from cxgap._dataset import Dataset
from cxgap.errors import InputError, Where
from cxgap.load._detect import STATS_SUFFIXES, detect
from cxgap.load._parse import Digest
from cxgap.load._parts import PartDigests, digest_of, part_files, sample_parts, sha256
from cxgap.load._raw import PartFiles, RawTable, header_key
from cxgap.load._sheets import WORKBOOK_SUFFIXES, read_workbook
from cxgap.load._tables import read_table
from cxgap.model import LoadOptions, Parts

ROLES = ("items", "company", "customers")
TABLE_SUFFIXES = (".csv", ".parquet", ".xlsx", ".xlsm", ".ods")
SAMPLE_SUFFIXES = (*TABLE_SUFFIXES, ".tsv", *STATS_SUFFIXES)
"""What a folder's company or customers file may be: a table, or a platform's export."""

Tables = dict[str, RawTable | PartFiles]


def read_tables(path: Path, options: LoadOptions) -> tuple[Tables, Digest, tuple[str, ...]]:
    """The ``items``, ``company`` and ``customers`` tables of a workbook or folder, the input's
    sha256 (of the file; for a folder, of its three files' names and digests) and what reading
    them warns of."""
    names = (options.items_sheet, options.company_sheet, options.customers_sheet)
    wanted = dict(zip(ROLES, names, strict=True))
    if path.is_dir():
        files = _folder_files(path, wanted)
        tables, warnings = _read(files, options, alone=False)
        return tables, _digest(tables, files, options), warnings
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
    return dict(read_workbook(path, wanted, options)), sha256(path), ()


def read_parts(parts: Parts, options: LoadOptions) -> tuple[Tables, Digest, tuple[str, ...]]:
    """The codebook and both samples given as files of their own (SPEC 5), the input's sha256
    (of the three files' roles and digests) and what reading them warns of."""
    given = {"items": parts.items, "company": parts.company, "customers": parts.customers}
    files = {role: file for role, file in given.items() if isinstance(file, Path)}
    datasets = {
        role: sample for role, file in given.items() if (sample := _dataset(file)) is not None
    }
    for role, file in files.items():
        if (role == "items" or part_files(file) is None) and not file.is_file():
            raise InputError(
                "no such file" if not file.exists() else "not a file",
                where=Where(str(file)),
                hint=f"check the path given with --{role}",
            )
    tables, warnings = _read(files, options, alone=True, datasets=datasets)
    return tables, _digest(tables, files, options), warnings


def _dataset(given: Path | Dataset) -> PartFiles | None:
    """A sample given as what Spark reads (a dataset URI, ``spark-table:NAME``), listed by
    Spark; None for a path."""
    return sample_parts(given) if isinstance(given, Dataset) else None


def _read(
    files: dict[str, Path],
    options: LoadOptions,
    *,
    alone: bool,
    datasets: dict[str, PartFiles] | None = None,
) -> tuple[Tables, tuple[str, ...]]:
    """The codebook, then each sample (an export keeps the columns the codebook names); a
    sample in ``datasets`` is Spark's to read."""
    items = read_table(files["items"], options, "items")
    tables: Tables = {"items": items}
    referenced = _referenced(items)
    warnings: list[str] = []
    for role in ("company", "customers"):
        if datasets and role in datasets:
            tables[role] = datasets[role]
            continue
        tables[role], told = detect(files[role], role, options, alone=alone).read(
            options, referenced
        )
        warnings.extend(told)
    return tables, tuple(warnings)


def _digest(tables: Tables, files: dict[str, Path], options: LoadOptions) -> Digest:
    """The input's sha256; with ``--engine spark``, worked out once the samples are parsed, as
    Spark's first pass hashes the parts on the executors (the same digests as here)."""

    def of(shas: Mapping[str, PartDigests]) -> str:
        digest = hashlib.sha256()
        for role in ROLES:
            named = digest_of(tables[role], files.get(role), shas.get(role))
            digest.update(f"{role}:{named}\n".encode())
        return digest.hexdigest()

    if options.engine != "spark":
        return of({})
    return lambda parsed: of(
        {role: _hashed(p.part_digests) for role, p in parsed.items() if p.part_digests is not None}
    )


def _hashed(named: tuple[tuple[str, str], ...]) -> PartDigests:
    return lambda _: list(named)


_REFERENCING = ("item", "column", "company_column", "customer_column")


def _referenced(items: RawTable) -> frozenset[str]:
    """Every column name the codebook gives for an item (folded), before it is parsed."""
    names: set[str] = set()
    for j, header in enumerate(items.header):
        if header.casefold() in _REFERENCING:
            names.update(header_key(label) for label in items.columns[j].labels() if label)
    return frozenset(names)


def _folder_files(folder: Path, wanted: dict[str, str]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for role, name in wanted.items():
        matches = sorted(
            p
            for p in folder.iterdir()
            if (
                p.is_file()
                and p.suffix.lower() in (TABLE_SUFFIXES if role == "items" else SAMPLE_SUFFIXES)
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
