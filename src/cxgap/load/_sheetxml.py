"""Find the cells of a workbook sheet that python-calamine returns as empty but are not.

Two kinds: a formula without a cached value (a workbook written by a program that does not
compute formulas, e.g. openpyxl) and an error value (``#DIV/0!``, or ``#N/A`` typed in a cell).
In .xlsx/.xlsm a formula whose cached value is the empty string (``t="str"``) is a genuine
blank (:func:`unreadable_cells`). In .ods (:func:`ods_unreadable_cells`) an error value is a
cell whose ``calcext:value-type`` is ``error`` (LibreOffice writes it so, with the error's text
as the cell's text), and a formula without a value is a ``table:formula`` with no value
attribute and no text.

The XML is parsed with defusedxml and ``forbid_dtd=True``, streamed row by row, so neither an
entity bomb nor a large sheet can take unbounded memory. Namespaces are matched by local name,
so transitional and strict OOXML both work.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from cxgap.errors import InputError, Where
from cxgap.load._cells import Unreadable
from cxgap.load._refuse import refused

NO_CACHED_VALUE = "a formula without a cached value"
ERROR_VALUE = "an error value"
_ADDRESS = re.compile(r"([A-Z]+)(\d+)")
_SHOWN = 40
DAMAGED_HINT = "the workbook may be damaged; re-export it"


def sheet_members(archive: zipfile.ZipFile, display: str) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML, from the workbook part and its rels."""
    book, part = book_relationships(archive, display)
    rels = {rel_id: path for rel_id, _, path in part}
    members: dict[str, str] = {}
    for element in _parse(archive, book, display).iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
        if rel_id in rels:
            members[element.get("name", "")] = rels[rel_id]
    return members


def book_relationships(
    archive: zipfile.ZipFile, display: str
) -> tuple[str, list[tuple[str, str, str]]]:
    """The workbook part's member, and its relationships (id, type, target member)."""
    package = _relationships(archive, "_rels/.rels", "", display)
    book = next((p for _, kind, p in package if kind.endswith("/officeDocument")), None)
    book = book or "xl/workbook.xml"
    folder, name = posixpath.split(book)
    rels = _relationships(archive, posixpath.join(folder, "_rels", f"{name}.rels"), folder, display)
    return book, rels


def unreadable_cells(
    archive: zipfile.ZipFile, member: str, display: str
) -> dict[tuple[int, int], Unreadable]:
    """(0-based row, 0-based column) -> marker, for every unreadable cell of a sheet."""
    with _sheet_read(member, display), archive.open(member) as stream:
        return dict(_scan_cells(stream))


_ODS_VALUES = ("value", "string-value", "date-value", "time-value", "boolean-value")
_ODS_REPEAT_CAP = 1000
"""Repeated rows or cells marked at most this often (a real error cell is not repeated more)."""


def ods_unreadable_cells(
    archive: zipfile.ZipFile, member: str, sheet: str, display: str
) -> dict[tuple[int, int], Unreadable]:
    """(0-based row, 0-based column) -> marker, for every unreadable cell of an .ods sheet."""
    with _sheet_read(sheet, display), archive.open(member) as stream:
        return dict(_scan_ods(stream, sheet))


def _sheet_read(sheet: str, display: str) -> AbstractContextManager[None]:
    """A damaged sheet's XML as the input error naming it."""
    kinds = (ParseError, DefusedXmlException, KeyError, ValueError)
    return refused(f"the sheet {sheet} cannot be read", display, DAMAGED_HINT, kinds, cut=None)


def _scan_ods(stream: IO[bytes], sheet: str) -> Iterator[tuple[tuple[int, int], Unreadable]]:
    inside = False
    row = col = 0
    found: list[tuple[int, Unreadable]] = []
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        name = _local(element.tag)
        if name == "table":
            inside = event == "start" and _attr(element, "name") == sheet
        elif not inside:
            continue
        elif name == "table-row" and event == "start":
            col, found = 0, []
        elif name in ("table-cell", "covered-table-cell") and event == "end":
            repeat = int(_attr(element, "number-columns-repeated") or 1)
            marker = _ods_marker(element)
            if marker is not None:
                found.extend((col + k, marker) for k in range(min(repeat, _ODS_REPEAT_CAP)))
            col += repeat
        elif name == "table-row" and event == "end":
            repeat = int(_attr(element, "number-rows-repeated") or 1)
            for k in range(min(repeat, _ODS_REPEAT_CAP) if found else 0):
                for cell_col, marker in found:
                    yield (row + k, cell_col), marker
            row += repeat
            element.clear()


def _ods_marker(cell: Any) -> Unreadable | None:
    text = "".join(cell.itertext()).strip()
    if any(_local(k) == "value-type" and v == "error" for k, v in cell.attrib.items()):
        return Unreadable(text or "#error", ERROR_VALUE)
    formula = _attr(cell, "formula")
    if formula is None or text or any(_attr(cell, value) is not None for value in _ODS_VALUES):
        return None
    shown = "=" + formula.split(":", 1)[-1].lstrip("=")
    return Unreadable(
        shown if len(shown) <= _SHOWN else shown[: _SHOWN - 3] + "...", NO_CACHED_VALUE
    )


def _attr(element: Any, local: str) -> str | None:
    """An attribute by its local name, whatever its namespace."""
    return next((v for k, v in element.attrib.items() if _local(k) == local), None)


def _scan_cells(stream: IO[bytes]) -> Iterator[tuple[tuple[int, int], Unreadable]]:
    row, col = -1, -1
    parent: Any = None
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        name = _local(element.tag)
        if event == "start":
            if name == "sheetData":
                parent = element
            elif name == "row":
                row = int(element.get("r", row + 2)) - 1
                col = -1
            continue
        if name == "c":
            row, col = _position(element.get("r"), row, col + 1)
            marker = _marker(element)
            if marker is not None:
                yield (row, col), marker
        elif name == "row" and parent is not None:
            parent.clear()  # keep memory flat: drop each row once read


def _marker(cell: Any) -> Unreadable | None:
    children = {_local(child.tag): child for child in cell}
    value = children.get("v")
    cached = value.text if value is not None and value.text else None
    kind = cell.get("t", "n")
    if kind == "e":
        return Unreadable(cached or "#error", ERROR_VALUE)
    formula = children.get("f")
    if formula is None or cached is not None or kind == "str":
        return None
    text = f"={formula.text or '...'}"
    return Unreadable(text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "...", NO_CACHED_VALUE)


def _position(address: str | None, row: int, col: int) -> tuple[int, int]:
    match = _ADDRESS.fullmatch(address or "")
    if match is None:
        return row, col
    letters, digits = match.groups()
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return int(digits) - 1, index - 1


def _relationships(
    archive: zipfile.ZipFile, member: str, folder: str, display: str
) -> list[tuple[str, str, str]]:
    """The (id, type, target member) of each relationship in a ``.rels`` part."""
    if member not in archive.namelist():
        return []
    found: list[tuple[str, str, str]] = []
    for element in _parse(archive, member, display).iter():
        if _local(element.tag) != "Relationship":
            continue
        target = element.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.append((element.get("Id", ""), element.get("Type", ""), posixpath.normpath(path)))
    return found


def _parse(archive: zipfile.ZipFile, member: str, display: str) -> Any:
    try:
        return fromstring(archive.read(member), forbid_dtd=True)
    except (ParseError, DefusedXmlException, KeyError) as exc:
        raise InputError(
            f"the workbook part {member} cannot be read ({type(exc).__name__}: {exc})",
            where=Where(display),
            hint="the workbook may be damaged; re-export it",
        ) from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
