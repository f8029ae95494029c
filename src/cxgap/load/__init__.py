"""Load a survey (a workbook or a folder of tables) into validated samples, counting exclusions.

``load_survey`` is the only entry point: it reads the three tables, parses the codebook,
classifies every item cell (SPEC section 1.3) and either refuses invalid cells with one message
naming them or, with ``on_invalid="exclude"``, counts them as ``invalid``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cxgap.errors import InputError, Where
from cxgap.load._codebook import parse_codebook
from cxgap.load._samples import InvalidCell, ParsedSample, parse_sample
from cxgap.load._tables import (
    TABLE_SUFFIXES,
    WORKBOOK_SUFFIXES,
    Table,
    read_csv,
    read_parquet,
    read_workbook_sheets,
)
from cxgap.model import Codebook, LoadOptions, Survey

__all__ = ["load_survey"]

SHOWN_INVALID = 10


def load_survey(path: str | Path, options: LoadOptions | None = None) -> Survey:
    """Read and validate ``path``; raise :class:`~cxgap.errors.InputError` on bad input."""
    options = options or LoadOptions()
    source = Path(path)
    display = str(path)
    names = (options.items_sheet, options.company_sheet, options.customers_sheet)
    if source.is_dir():
        files = _folder_files(source, display, names)
        tables = {name: _read_file(file, options) for name, file in files.items()}
        digest = _digest_folder(files)
    else:
        _check_workbook_path(source, display)
        tables = read_workbook_sheets(source, display, names)
        digest = _sha256(source)
    codebook = parse_codebook(tables[options.items_sheet])
    company = parse_sample("company", tables[options.company_sheet], codebook, options)
    customers = parse_sample("customers", tables[options.customers_sheet], codebook, options)
    _refuse_invalid(display, (company, customers), options)
    return Survey(
        path=display,
        sha256=digest,
        codebook=codebook,
        company=company.sample,
        customers=customers.sample,
        exclusions=company.exclusions + customers.exclusions,
        warnings=tuple(_warnings(codebook, company, customers)),
        cells_read=company.cells + customers.cells,
    )


def _check_workbook_path(source: Path, display: str) -> None:
    if not source.exists():
        raise InputError(
            "no such file or folder",
            where=Where(display),
            hint="check the path; a folder must hold items, company and customers",
        )
    suffix = source.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES:
        raise InputError(
            f"'{suffix or 'no extension'}' is not a workbook type cxgap reads",
            where=Where(display),
            hint="pass an .xlsx, .xlsm or .ods workbook, or a folder of items/company/customers "
            "tables (.csv, .xlsx, .parquet)",
        )
    if source.stat().st_size == 0:
        raise InputError(
            "the file is empty",
            where=Where(display),
            hint="save the workbook again from Excel, or run cxgap template",
        )


def _folder_files(folder: Path, display: str, names: tuple[str, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for name in names:
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
                hint=f"add {name}.csv, {name}.xlsx or {name}.parquet",
            )
        if len(matches) > 1:
            raise InputError(
                f"the folder has {len(matches)} '{name}' tables: "
                f"{', '.join(p.name for p in matches)}",
                where=Where(display),
                hint="keep one of them",
            )
        found[name] = matches[0]
    return found


def _read_file(file: Path, options: LoadOptions) -> Table:
    display = str(file)
    if file.stat().st_size == 0:
        raise InputError("the file is empty", where=Where(display), hint="export it again")
    suffix = file.suffix.lower()
    if suffix == ".csv":
        return read_csv(file, display, options.encoding)
    if suffix == ".parquet":
        return read_parquet(file, display)
    tables = read_workbook_sheets(file, display, [_only_sheet(file, display)])
    return next(iter(tables.values()))


def _only_sheet(file: Path, display: str) -> str:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(file))
    except Exception as exc:
        raise InputError(
            f"not a readable workbook ({type(exc).__name__})",
            where=Where(display),
            hint="re-export it as .xlsx",
        ) from exc
    sheets = workbook.sheet_names
    workbook.close()
    stem = file.stem.strip().casefold()
    return next((s for s in sheets if s.strip().casefold() == stem), sheets[0])


def _refuse_invalid(display: str, parsed: tuple[ParsedSample, ...], options: LoadOptions) -> None:
    total = sum(p.invalid_total for p in parsed)
    if not total or options.on_invalid == "exclude":
        return
    cells: list[InvalidCell] = sorted(
        (cell for p in parsed for cell in p.invalid), key=lambda c: (c.sample, c.order)
    )[:SHOWN_INVALID]
    listed = "; ".join(f"{c.where} = {_show(c.value)}: {c.why}" for c in cells)
    more = f" (showing {len(cells)} of {total})" if total > len(cells) else ""
    raise InputError(
        f"{total} cell{'s' if total > 1 else ''} cannot be read as answers{more}: {listed}",
        where=Where(display),
        hint="fix the cells, add the codes to missing_codes or --missing, "
        "or pass --on-invalid exclude to count them as excluded",
    )


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value == "":
        return "(formula, no value)"
    return repr(value) if isinstance(value, str) else str(value)


def _warnings(codebook: Codebook, company: ParsedSample, customers: ParsedSample) -> list[str]:
    warnings: list[str] = []
    for i, item in enumerate(codebook.items):
        in_company, in_customers = company.sample.present[i], customers.sample.present[i]
        if in_company != in_customers:
            has, lacks = ("company", "customers") if in_company else ("customers", "company")
            warnings.append(
                f"item {item.id} is only in the {has} sheet: shown one-sided, no gap "
                f"(add a {item.id} column to {lacks} to compare)"
            )
        elif not in_company:
            warnings.append(f"item {item.id} is in the codebook but in neither sample")
    for parsed in (company, customers):
        if parsed.empty_rows:
            rows = ", ".join(map(str, parsed.empty_rows[:10]))
            warnings.append(
                f"{parsed.sample.source}: {len(parsed.empty_rows)} empty row(s) skipped "
                f"(rows {rows}{', ...' if len(parsed.empty_rows) > 10 else ''})"
            )
    return warnings


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _digest_folder(files: dict[str, Path]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(f"{name}:{_sha256(files[name])}\n".encode())
    return digest.hexdigest()
