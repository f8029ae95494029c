"""Read raw tables (a header row and columns of raw cell values) from workbooks, CSV and Parquet.

No value is interpreted here: numbers stay numbers, text stays text, an empty cell is ``""``
(``None`` from Parquet). Classification is the job of :mod:`cxgap.load._cells`.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cxgap.errors import InputError, Where

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".parquet")
MAX_UNCOMPRESSED = 4 * 1024**3
MAX_RATIO = 200


@dataclass(frozen=True)
class Table:
    """One sheet or file: its header and its data columns, with what is needed to name a cell."""

    file: str
    sheet: str
    header: tuple[str, ...]
    columns: tuple[Sequence[object], ...]
    header_row: int
    """1-based spreadsheet row of the header; data row ``i`` (0-based) is row ``header_row+1+i``."""
    col_offset: tuple[int, ...]
    """0-based spreadsheet column of each entry of ``header``/``columns``."""
    formula_cells: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    """(data row, column position) of formulas without a cached value."""
    row_numbers: tuple[int, ...] = ()
    """Spreadsheet row of each data row, when rows were skipped; else ``header_row + 1 + i``."""

    @property
    def n_rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def cell(self, row: int, col: int) -> str:
        """The spreadsheet address of data row ``row`` in column position ``col``: ``D17``."""
        return f"{column_letter(self.col_offset[col])}{self.row_number(row)}"

    def row_number(self, row: int) -> int:
        return self.row_numbers[row] if self.row_numbers else self.header_row + 1 + row

    def where(self, row: int | None = None, col: int | None = None) -> Where:
        cell = self.cell(row, col) if row is not None and col is not None else None
        column = self.header[col] if col is not None and cell is None else None
        return Where(self.file, self.sheet, cell, column)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def header_text(value: object) -> str:
    """A header or id cell as text: ``7.0`` reads as ``7``, surrounding spaces go."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def tables_from_rows(file: str, sheet: str, rows: Sequence[Sequence[object]]) -> Table:
    """Find the header (the first non-empty row) and turn the rows below it into columns."""
    header_at = next((i for i, row in enumerate(rows) if any(_filled(v) for v in row)), None)
    if header_at is None:
        raise InputError(
            "the sheet is empty", where=Where(file, sheet), hint="add a header row and data"
        )
    width = max(len(row) for row in rows[header_at:])
    body = [list(row) + [""] * (width - len(row)) for row in rows[header_at + 1 :]]
    raw_header = list(rows[header_at]) + [""] * (width - len(rows[header_at]))
    columns = list(zip(*body, strict=True)) if body else [() for _ in range(width)]
    keep: list[int] = []
    seen: dict[str, int] = {}
    for j, value in enumerate(raw_header):
        name = header_text(value)
        if not name:
            filled = next((i for i, v in enumerate(columns[j]) if _filled(v)), None)
            if filled is not None:
                raise InputError(
                    "this cell has a value but its column has no header",
                    where=Where(file, sheet, f"{column_letter(j)}{header_at + 2 + filled}"),
                    hint=f"give the column a header in row {header_at + 1} or delete the column",
                )
            continue
        key = name.casefold()
        if key in seen:
            raise InputError(
                f"the header '{name}' appears twice (columns {column_letter(seen[key])} "
                f"and {column_letter(j)})",
                where=Where(file, sheet),
                hint="rename or delete one of them",
            )
        seen[key] = j
        keep.append(j)
    return Table(
        file=file,
        sheet=sheet,
        header=tuple(header_text(raw_header[j]) for j in keep),
        columns=tuple(columns[j] for j in keep),
        header_row=header_at + 1,
        col_offset=tuple(keep),
    )


def _filled(value: object) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))


def check_archive(path: Path, display: str) -> None:
    """Refuse a zip whose uncompressed size or compression ratio is absurd (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise InputError(
            "not a readable workbook (the file is not a valid zip archive; it may be truncated, "
            "or be another kind of file renamed)",
            where=Where(display),
            hint="re-export it from Excel as .xlsx",
        ) from exc
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if total > MAX_UNCOMPRESSED or (total > 50 * 1024**2 and total / packed > MAX_RATIO):
        raise InputError(
            f"refusing to open: it unpacks to {total / 1024**2:,.0f} MiB "
            f"({total / packed:,.0f}x its size)",
            where=Where(display),
            hint="this looks like a zip bomb; re-export the workbook from its source",
        )


_FORMULA = re.compile(rb"<f[ >/]")


def formula_cells(path: Path, sheet_name: str) -> frozenset[tuple[int, int]]:
    """Cells of an .xlsx/.xlsm sheet holding a formula with no cached value (0-based row, col).

    python-calamine reads such a cell as empty; it is not a blank but an unknown value. The
    sheet XML is scanned for a formula first, and openpyxl (guarded by defusedxml) only opens
    the rare workbook that has one.
    """
    with zipfile.ZipFile(path) as archive:
        members = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        if not any(_has_formula(archive, name) for name in members):
            return frozenset()
    import openpyxl

    found: set[tuple[int, int]] = set()
    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    values = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        f_rows = formulas[sheet_name].iter_rows()
        v_rows = values[sheet_name].iter_rows()
        for f_row, v_row in zip(f_rows, v_rows, strict=False):
            for f_cell, v_cell in zip(f_row, v_row, strict=False):
                text = getattr(f_cell, "value", None)
                if isinstance(text, str) and text.startswith("=") and v_cell.value is None:
                    found.add((f_cell.row - 1, f_cell.column - 1))
    finally:
        formulas.close()
        values.close()
    return frozenset(found)


def _has_formula(archive: zipfile.ZipFile, name: str) -> bool:
    tail = b""
    with archive.open(name) as stream:
        while chunk := stream.read(1 << 20):
            if _FORMULA.search(tail + chunk):
                return True
            tail = chunk[-3:]
    return False


def read_workbook_sheets(path: Path, display: str, wanted: Sequence[str]) -> dict[str, Table]:
    """Read the sheets named in ``wanted`` (case-insensitive, spaces ignored) from a workbook."""
    from python_calamine import CalamineWorkbook

    if path.suffix.lower() != ".xls":
        check_archive(path, display)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types for a broken file
        raise InputError(
            f"not a readable workbook ({type(exc).__name__}: {str(exc)[:120]})",
            where=Where(display),
            hint="check that it is an .xlsx/.xlsm/.ods file and not truncated; re-export it",
        ) from exc
    names = {name.strip().casefold(): name for name in workbook.sheet_names}
    tables: dict[str, Table] = {}
    for want in wanted:
        actual = names.get(want.strip().casefold())
        if actual is None:
            raise InputError(
                f"no sheet named '{want}' (sheets: {', '.join(workbook.sheet_names) or 'none'})",
                where=Where(display),
                hint=f"add the sheet or name it with --{_option_for(want)}",
            )
        try:
            rows = workbook.get_sheet_by_name(actual).to_python(skip_empty_area=False)
        except Exception as exc:
            raise InputError(
                f"sheet '{actual}' cannot be read ({type(exc).__name__}: {str(exc)[:120]})",
                where=Where(display),
                hint="the workbook may be damaged; re-export it",
            ) from exc
        table = tables_from_rows(display, actual, rows)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            table = _with_formulas(table, formula_cells(path, actual))
        tables[want] = table
    workbook.close()
    return tables


def _with_formulas(table: Table, cells: frozenset[tuple[int, int]]) -> Table:
    if not cells:
        return table
    position = {col: j for j, col in enumerate(table.col_offset)}
    first_data = table.header_row  # 0-based index of the first data row
    mapped = frozenset(
        (row - first_data, position[col])
        for row, col in cells
        if col in position and row >= first_data
    )
    return replace(table, formula_cells=mapped)


def _option_for(sheet: str) -> str:
    key = sheet.strip().casefold()
    return f"{key}-sheet" if key in ("items", "company", "customers") else "items-sheet"


def read_csv(path: Path, display: str, encoding: str) -> Table:
    """Read a CSV as text cells (UTF-8, a BOM allowed, unless ``--encoding`` says otherwise)."""
    try:
        with path.open(encoding=encoding, newline="") as handle:
            rows = list(csv.reader(handle))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {encoding} text (byte {exc.start} cannot be decoded)",
            where=Where(display),
            hint="save it as UTF-8, or name its encoding with --encoding latin-1 (or cp1252, ...)",
        ) from exc
    except LookupError as exc:
        raise InputError(
            f"unknown encoding '{encoding}'",
            where=Where(display),
            hint="pass --encoding utf-8, latin-1, cp1252, ...",
        ) from exc
    if not rows:
        raise InputError("the file is empty", where=Where(display), hint="export it again")
    return tables_from_rows(display, Path(display).stem, rows)


def read_parquet(path: Path, display: str) -> Table:
    """Read a Parquet file's columns as Python values (``None`` for null)."""
    import pyarrow.parquet as pq

    try:
        data = pq.read_table(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
        raise InputError(
            f"not a readable Parquet file ({type(exc).__name__})",
            where=Where(display),
            hint="write it again with pandas.DataFrame.to_parquet or pyarrow",
        ) from exc
    rows: list[Sequence[object]] = [list(data.column_names)]
    columns = [data.column(i).to_pylist() for i in range(data.num_columns)]
    rows.extend(zip(*columns, strict=True))
    return tables_from_rows(display, Path(display).stem, rows)
