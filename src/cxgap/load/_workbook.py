"""Read sheets of a workbook (.xlsx, .xlsm, .ods; .xls) with python-calamine.

A zip-based workbook passes :func:`~cxgap.load._archive.check_archive` first. In .xlsx/.xlsm
sheets that hold formulas or error values, the cells calamine returns as empty but are not
(see :mod:`cxgap.load._sheetxml`) are put back as :class:`~cxgap.load._tables.Unreadable`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cxgap.errors import InputError, Where
from cxgap.load._archive import Caps, check_archive
from cxgap.load._sheetxml import sheet_members, unreadable_cells
from cxgap.load._tables import Table, table_from_rows

OOXML_SUFFIXES = (".xlsx", ".xlsm")
WORKBOOK_SUFFIXES = (*OOXML_SUFFIXES, ".ods", ".xls")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_workbook(
    path: Path, display: str, wanted: Mapping[str, str], caps: Caps, *, single: bool = False
) -> dict[str, Table]:
    """Read the sheets ``wanted`` (role -> sheet name, matched case-insensitively, spaces
    ignored); with ``single``, a workbook holding one table: its first sheet if none matches.
    """
    suffix = path.suffix.lower()
    flagged: frozenset[str] = frozenset()
    if zipfile.is_zipfile(path):
        flagged = check_archive(path, display, caps)
    elif suffix != ".xls" or not _head(path).startswith(_OLE2):
        raise _not_a_workbook(path, display)
    workbook = _open(path, display)
    try:
        names = {name.strip().casefold(): name for name in workbook.sheet_names}
        tables: dict[str, Table] = {}
        for role, want in wanted.items():
            actual = names.get(want.strip().casefold())
            if actual is None and single and workbook.sheet_names:
                actual = workbook.sheet_names[0]
            if actual is None:
                raise InputError(
                    f"no sheet named '{want}' (sheets: {', '.join(workbook.sheet_names)})",
                    where=Where(display),
                    hint=f"add the sheet, or name the {role} sheet with --{role}-sheet",
                )
            rows = _rows(workbook, actual, display)
            if flagged and suffix in OOXML_SUFFIXES:
                _put_unreadable(path, display, actual, flagged, rows)
            tables[role] = table_from_rows(display, actual, rows)
    finally:
        workbook.close()
    return tables


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


def _put_unreadable(
    path: Path, display: str, sheet: str, flagged: frozenset[str], rows: list[list[object]]
) -> None:
    """Write markers over the cells calamine read as empty (rows and columns grow if needed)."""
    with zipfile.ZipFile(path) as archive:
        member = sheet_members(archive, display).get(sheet)
        if member not in flagged:
            return
        cells = unreadable_cells(archive, member, display)
    for (row, col), marker in cells.items():
        while len(rows) <= row:
            rows.append([])
        line = rows[row]
        line.extend([""] * (col + 1 - len(line)))
        line[col] = marker


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
