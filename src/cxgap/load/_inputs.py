"""Turn the PATH a user gave into the three raw tables (by role) and a digest of the input."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cxgap.errors import InputError, Where
from cxgap.load._archive import Caps
from cxgap.load._flat import read_csv, read_parquet
from cxgap.load._tables import Table
from cxgap.load._workbook import WORKBOOK_SUFFIXES, read_workbook
from cxgap.model import LoadOptions

ROLES = ("items", "company", "customers")
TABLE_SUFFIXES = (".csv", ".parquet", ".xlsx", ".xlsm", ".ods")


def read_tables(path: Path, display: str, options: LoadOptions) -> tuple[dict[str, Table], str]:
    """The ``items``, ``company`` and ``customers`` tables of a workbook or folder, and the
    input's sha256 (of the file; for a folder, of its three files' names and digests)."""
    names = (options.items_sheet, options.company_sheet, options.customers_sheet)
    wanted = dict(zip(ROLES, names, strict=True))
    caps = Caps.from_options(options)
    if path.is_dir():
        files = _folder_files(path, display, wanted)
        tables = {role: _read_file(file, role, options, caps) for role, file in files.items()}
        digest = hashlib.sha256()
        for role in ROLES:
            digest.update(f"{role}:{_sha256(files[role])}\n".encode())
        return tables, digest.hexdigest()
    _check_workbook_path(path, display)
    return read_workbook(path, display, wanted, caps), _sha256(path)


def _check_workbook_path(source: Path, display: str) -> None:
    if not source.exists():
        raise InputError(
            "no such file or folder",
            where=Where(display),
            hint="check the path; a folder must hold items, company and customers",
        )
    if source.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise InputError(
            f"'{source.suffix or 'no extension'}' is not a workbook type cxgap reads",
            where=Where(display),
            hint="pass an .xlsx, .xlsm or .ods workbook, or a folder of items/company/customers "
            "tables (.csv, .xlsx, .parquet)",
        )


def _folder_files(folder: Path, display: str, wanted: dict[str, str]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for role, name in wanted.items():
        matches = sorted(
            p
            for p in folder.iterdir()
            if p.is_file()
            and p.suffix.lower() in TABLE_SUFFIXES
            and p.stem.strip().casefold() == name.strip().casefold()
        )
        if not matches:
            raise InputError(
                f"the folder has no '{name}' table",
                where=Where(display),
                hint=f"add {name}.csv, {name}.xlsx or {name}.parquet, "
                f"or name the {role} file with --{role}-sheet",
            )
        if len(matches) > 1:
            raise InputError(
                f"the folder has {len(matches)} '{name}' tables: "
                f"{', '.join(p.name for p in matches)}",
                where=Where(display),
                hint="keep one of them",
            )
        found[role] = matches[0]
    return found


def _read_file(file: Path, role: str, options: LoadOptions, caps: Caps) -> Table:
    display = str(file)
    if file.stat().st_size == 0:
        raise InputError("the file is empty", where=Where(display), hint="export it again")
    suffix = file.suffix.lower()
    if suffix == ".csv":
        return read_csv(file, display, options.encoding)
    if suffix == ".parquet":
        return read_parquet(file, display, caps)
    return read_workbook(file, display, {role: file.stem}, caps, single=True)[role]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
