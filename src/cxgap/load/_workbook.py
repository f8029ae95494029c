"""Read sheets of a workbook (.xlsx, .xlsm, .ods; .xls): fast where exact, else cell by cell.

A zip-based workbook passes :func:`~cxgap.load._archive.check_archive` first; the scan of its
XML (:func:`~cxgap.load._archive.scan_archive`) runs in a thread while the sheets are read, and
a refusal of it is the error reported. Each sheet of an .xlsx/.xlsm is read by fastexcel into
typed columns when the scan shows that read to be exact (:mod:`cxgap.load._fastxlsx`); any
other sheet, and every sheet of an .ods or .xls, is read cell by cell with python-calamine. In
.xlsx/.xlsm sheets that hold formulas or error values, the cells calamine returns as empty but
are not (see :mod:`cxgap.load._sheetxml`) are put back as
:class:`~cxgap.load._tables.Unreadable`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from cxgap.errors import InputError, Where
from cxgap.load._archive import Caps, SheetScan, check_archive, scan_archive
from cxgap.load._fastxlsx import Loaded, load, open_reader, table_of
from cxgap.load._sheetxml import sheet_members, unreadable_cells
from cxgap.load._tables import Table, table_from_rows

OOXML_SUFFIXES = (".xlsx", ".xlsm")
WORKBOOK_SUFFIXES = (*OOXML_SUFFIXES, ".ods", ".xls")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Scans = Callable[[], dict[str, SheetScan]]
"""What each worksheet holds, waited for (and any refusal raised) when first needed."""


def read_workbook(
    path: Path, display: str, wanted: Mapping[str, str], caps: Caps, *, single: bool = False
) -> dict[str, Table]:
    """Read the sheets ``wanted`` (role -> sheet name, matched case-insensitively, spaces
    ignored); with ``single``, a workbook holding one table: its first sheet if none matches.
    """
    if not zipfile.is_zipfile(path):
        if path.suffix.lower() != ".xls" or not _head(path).startswith(_OLE2):
            raise _not_a_workbook(path, display)
        return _read_sheets(_Workbook(path, display, lambda: {}), wanted, display, single)
    check_archive(path, display, caps)
    with ThreadPoolExecutor(max_workers=1) as pool:
        scanning: Future[dict[str, SheetScan]] = pool.submit(scan_archive, path, display)
        try:
            return _read_sheets(_Workbook(path, display, scanning.result), wanted, display, single)
        except InputError:
            scanning.result()  # a refused archive is the error to report, not what it caused
            raise


def _read_sheets(
    book: _Workbook, wanted: Mapping[str, str], display: str, single: bool
) -> dict[str, Table]:
    try:
        sheets = {
            role: _sheet_name(book, role, want, display, single) for role, want in wanted.items()
        }
        book.load_fast(list(sheets.values()))
        return {role: book.table(sheet) for role, sheet in sheets.items()}
    finally:
        book.close()


def _sheet_name(book: _Workbook, role: str, want: str, display: str, single: bool) -> str:
    names = {name.strip().casefold(): name for name in book.sheet_names}
    actual = names.get(want.strip().casefold())
    if actual is None and single and book.sheet_names:
        actual = book.sheet_names[0]
    if actual is None:
        raise InputError(
            f"no sheet named '{want}' (sheets: {', '.join(book.sheet_names)})",
            where=Where(display),
            hint=f"add the sheet, or name the {role} sheet with --{role}-sheet",
        )
    return actual


class _Workbook:
    """One workbook open for reading: fastexcel for the sheets it reads exactly, python-calamine
    (opened on first need) for the others."""

    def __init__(self, path: Path, display: str, scans: Scans) -> None:
        self.path, self.display, self.scans = path, display, scans
        ooxml = path.suffix.lower() in OOXML_SUFFIXES
        self.fast = open_reader(path) if ooxml else None
        self.loaded: dict[str, Loaded | None] = {}
        self._exact: Any = None
        self._members: dict[str, str] | None = None

    @property
    def sheet_names(self) -> list[str]:
        names: list[str] = (self.fast or self.exact).sheet_names
        return names

    @property
    def exact(self) -> Any:
        if self._exact is None:
            self._exact = _open(self.path, self.display)
        return self._exact

    def load_fast(self, sheets: list[str]) -> None:
        """Read the sheets with fastexcel, before the scan is waited for (it runs meanwhile)."""
        if self.fast is not None:
            self.loaded = {sheet: load(self.fast, sheet) for sheet in dict.fromkeys(sheets)}

    def table(self, sheet: str) -> Table:
        """The sheet as fastexcel read it if that is exact, else read cell by cell."""
        loaded = self.loaded.get(sheet)
        scan = self.scan(sheet)
        if loaded is not None:
            table = table_of(loaded, self.display, sheet, scan)
            if table is not None:
                return table
        rows = _rows(self.exact, sheet, self.display)
        if scan is not None and scan.unreadable:
            self._put_unreadable(sheet, rows)
        return table_from_rows(self.display, sheet, rows)

    def scan(self, sheet: str) -> SheetScan | None:
        """What the sheet's XML holds (.xlsx/.xlsm; None for other workbooks)."""
        scans = self.scans()
        if not scans or self.path.suffix.lower() not in OOXML_SUFFIXES:
            return None
        member = self.members().get(sheet)
        return scans.get(member) if member is not None else None

    def members(self) -> dict[str, str]:
        """Sheet name -> zip member of its XML."""
        if self._members is None:
            with zipfile.ZipFile(self.path) as archive:
                self._members = sheet_members(archive, self.display)
        return self._members

    def _put_unreadable(self, sheet: str, rows: list[list[object]]) -> None:
        """Write markers over the cells calamine read as empty (rows and columns grow)."""
        with zipfile.ZipFile(self.path) as archive:
            cells = unreadable_cells(archive, self.members()[sheet], self.display)
        for (row, col), marker in cells.items():
            while len(rows) <= row:
                rows.append([])
            line = rows[row]
            line.extend([""] * (col + 1 - len(line)))
            line[col] = marker

    def close(self) -> None:
        self.loaded.clear()
        if self._exact is not None:
            self._exact.close()


def _open(path: Path, display: str) -> Any:
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types for a broken file
        raise InputError(
            f"not a readable workbook ({type(exc).__name__}: {str(exc)[:120]})",
            where=Where(display),
            hint="check that it is an .xlsx/.xlsm/.ods file and not damaged; re-export it",
        ) from exc


def _rows(workbook: Any, sheet: str, display: str) -> list[list[object]]:
    try:
        rows: list[list[object]] = workbook.get_sheet_by_name(sheet).to_python(
            skip_empty_area=False
        )
    except Exception as exc:  # calamine's XmlError, ZipError, ... for a damaged sheet
        raise InputError(
            f"sheet '{sheet}' cannot be read ({type(exc).__name__}: {str(exc)[:120]})",
            where=Where(display),
            hint="the workbook may be damaged; re-export it",
        ) from exc
    return rows


def _not_a_workbook(path: Path, display: str) -> InputError:
    """Say what the file is instead, from its first bytes."""
    head = _head(path)
    if not head:
        what, hint = "the file is empty", "save the workbook again, or run cxgap template"
    elif head.startswith(_OLE2):
        what = "it is a password-protected workbook or an old .xls saved under another name"
        hint = "remove the password (or save it as .xlsx) and try again"
    elif head.startswith(b"PK"):
        what = "the zip archive is damaged (truncated?)"
        hint = "copy or download the file again, or re-export it"
    elif _looks_like_text(head):
        what = "it is a text file (a CSV?), not a workbook"
        hint = "save it as .xlsx, or put items, company and customers .csv files in a folder"
    else:
        what, hint = "it is not a workbook", "pass an .xlsx, .xlsm or .ods file"
    return InputError(f"not a readable workbook: {what}", where=Where(display), hint=hint)


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(4096)


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
    return sum(ch.isprintable() or ch in "\r\n\t" for ch in text) >= 0.95 * len(text)
