"""Read sheets of a workbook (.xlsx, .xlsm, .ods; .xls): fastexcel where provably exact, else
python-calamine cell by cell.

A zip-based workbook passes the archive guard of :mod:`~cxgap.load._xlsx` in two passes:
:func:`~cxgap.load._xlsx.check_archive` (zip bombs, damaged archives, how far each sheet
reaches) before any reader opens it, and :func:`~cxgap.load._xlsx.scan_archive` (entity bombs,
what each worksheet holds) in a thread beside fastexcel, which waits for it only to use what
it read. Then :meth:`_Workbook.read_sheet` reads
each sheet once:

- **fast**: fastexcel (calamine in Rust, straight to Arrow) is asked for every column as
  float64, with no Python object per cell, and reports each cell that is not a number as an
  error quoting it (:func:`quoted_text`): that is how the texts are read, in full. But it reads
  a text that parses as a number (``"007"``) as that number, TRUE/FALSE as 1/0, and a formula
  without a cached value or an error value as empty. So its read is used only when it cannot
  differ from the exact one: the guard's scan found no formula, error value or TRUE/FALSE cell
  in the sheet's XML; every cell it did not read as a number is a text it quotes (a date, for
  one, is not); and it quoted as many texts as the XML holds text-typed cells (a count that can
  only be too high), so none was read as a number.
- **exact**: python-calamine's ``to_python()``, cell by cell; the cells it returns as empty but
  are not (formulas without a value, error values: :mod:`._sheetxml`) are put back as
  :class:`~cxgap.load._cells.Unreadable`. Every sheet of an .ods or .xls, any sheet the fast read
  cannot prove, and every sheet with ``LoadOptions(reader="exact")``.
- **sparse**: a sheet reaching far beyond its cells (:mod:`._extent`: the guard's first pass
  measures it), which neither Rust reader may open, is read from its XML keeping only the cells
  holding a value (:mod:`._sparse`), exports' sheets too.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from cxgap.errors import InputError, Where, quote_value
from cxgap.load._arrow import float_values
from cxgap.load._calamine import calamine_said
from cxgap.load._caps import Caps
from cxgap.load._cells import NONE, NUMBER, TEXT, Cells
from cxgap.load._extent import Extent
from cxgap.load._raw import RawTable, shown_names
from cxgap.load._sheetxml import ods_unreadable_cells, sheet_members, unreadable_cells
from cxgap.load._sparse import Sparse, ods_cells, xlsx_cells
from cxgap.load._xlsx import (
    ODS_CONTENT,
    SheetScan,
    check_archive,
    guard_archive,
    scan_archive,
)
from cxgap.model import LoadOptions, Progress

OOXML_SUFFIXES = (".xlsx", ".xlsm")
WORKBOOK_SUFFIXES = (*OOXML_SUFFIXES, ".ods", ".xls")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_workbook(
    path: Path, wanted: Mapping[str, str], options: LoadOptions, *, single: bool = False
) -> dict[str, RawTable]:
    """Read the sheets ``wanted`` (role -> sheet name, matched case-insensitively, spaces
    ignored); with ``single``, a workbook holding one table: its first sheet if none matches.
    An .xlsx/.xlsm is checked first; its scan then runs in a thread while fastexcel reads."""
    exact = options.reader == "exact"
    if not zipfile.is_zipfile(path):
        if path.suffix.lower() != ".xls" or not _head(path).startswith(_OLE2):
            raise _not_a_workbook(path)
        return _read(_Workbook(path, dict, exact=exact, progress=options.progress), wanted, single)
    extents = check_archive(path, Caps.from_options(options))
    with ThreadPoolExecutor(max_workers=1) as pool:
        scanning = pool.submit(scan_archive, path, options.progress)
        book = _Workbook(
            path, scanning.result, exact=exact, progress=options.progress, extents=extents
        )
        try:
            return _read(book, wanted, single)
        except InputError:
            scanning.result()  # a refused archive is the error to report, not what it caused
            raise


def _read(book: _Workbook, wanted: Mapping[str, str], single: bool) -> dict[str, RawTable]:
    try:
        sheets = {role: book.sheet_name(role, want, single) for role, want in wanted.items()}
        book.load_fast(list(sheets.values()))  # while the scan runs
        tables = {role: book.read_sheet(sheet) for role, sheet in sheets.items()}
    finally:
        book.close()
    notes = book.notes(str(book.path))
    if notes and tables:  # the workbook's, told once: with its first table
        first = next(iter(tables))
        tables[first] = replace(tables[first], notes=(*tables[first].notes, *notes))
    return tables


def first_sheet_rows(
    path: Path, display: str, options: LoadOptions
) -> tuple[list[list[object]], tuple[str, ...]]:
    """The first sheet of a workbook as rows of Python values, cell by cell (an export's
    header rows need reading before any header is known), after the archive guard with
    ``options``' caps; and what the reader logged meanwhile, as warnings."""
    if not zipfile.is_zipfile(path):
        raise _not_a_workbook(path, display)
    extents, scans = guard_archive(path, Caps.from_options(options))
    book = _Workbook(path, lambda: scans, exact=True, extents=extents)
    try:
        if not book.sheet_names:
            raise InputError("the workbook has no sheet", where=Where(display))
        first = book.sheet_names[0]
        rows = book.rows(first, book.scan(first))
    finally:
        book.close()
    return rows, book.notes(display)


class _Workbook:
    """One workbook open for reading: fastexcel (opened first, for .xlsx/.xlsm) for the sheets it
    reads exactly, python-calamine (opened on first need) for the others, and the sparse reader
    (:mod:`._sparse`) for the far sheets (:mod:`._extent`), which neither may open."""

    def __init__(
        self,
        path: Path,
        scans: Callable[[], Mapping[str, SheetScan]],
        *,
        exact: bool,
        progress: Progress | None = None,
        extents: Mapping[str, Extent] | None = None,
    ) -> None:
        self.path, self.scans, self.progress = path, scans, progress
        self.extents = extents or {}
        self.loaded: dict[str, Any] = {}
        self.said: list[tuple[str, str]] = []
        """What calamine logged (:mod:`._calamine`), with the sheet it was reading (or "")."""
        ooxml = path.suffix.lower() in OOXML_SUFFIXES
        self.fast: Any = None
        if ooxml and not exact:
            with self.listening(""):
                self.fast = _open_fast(path)
        self._calamine: Any = None
        self._members: dict[str, str] | None = None
        self._ods: dict[str, Sparse] | None = None
        self._read: dict[str, RawTable] = {}

    @property
    def sheet_names(self) -> list[str]:
        if self._ods_far():  # calamine reads a whole .ods when it opens it
            return list(self._ods_tables())
        names: list[str] = (self.fast or self.calamine).sheet_names
        return names

    def far(self, sheet: str) -> bool:
        """Whether the sheet reaches too far for the dense readers (:mod:`._extent`)."""
        if self._ods_far():
            return True
        member = self._member(sheet) if self.extents else None
        extent = self.extents.get(member) if member is not None else None
        return extent is not None and extent.far

    def _ods_far(self) -> bool:
        extent = self.extents.get(ODS_CONTENT)
        return extent is not None and extent.far and self.path.suffix.lower() == ".ods"

    def _ods_tables(self) -> dict[str, Sparse]:
        """A far .ods's sheets, read sparsely in one pass over its ``content.xml``."""
        if self._ods is None:
            with zipfile.ZipFile(self.path) as archive:
                self._ods = ods_cells(archive, ODS_CONTENT, str(self.path))
        return self._ods

    def _member(self, sheet: str) -> str | None:
        """The zip member holding an .xlsx/.xlsm sheet's XML."""
        if self.path.suffix.lower() not in OOXML_SUFFIXES:
            return None
        if self._members is None:
            with zipfile.ZipFile(self.path) as archive:
                self._members = sheet_members(archive, str(self.path))
        return self._members.get(sheet)

    def sparse(self, sheet: str) -> Sparse:
        """The far sheet's cells holding a value, read from its XML."""
        display = str(self.path)
        if self._ods_far():
            return self._ods_tables()[sheet]
        with zipfile.ZipFile(self.path) as archive:
            member = self._member(sheet)
            if member is None:
                raise InputError(f"sheet '{sheet}' has no worksheet part", where=Where(display))
            return xlsx_cells(archive, member, sheet, display)

    @property
    def calamine(self) -> Any:
        if self._calamine is None:
            with self.listening(""):
                self._calamine = _open_calamine(self.path)
        return self._calamine

    @contextmanager
    def listening(self, sheet: str) -> Iterator[None]:
        """Keep what calamine logs while the block runs (:mod:`._calamine`), in ``said``."""
        lines: list[str] = []
        try:
            with calamine_said(lines):
                yield
        finally:
            self.said.extend((sheet, line) for line in lines)

    def notes(self, display: str) -> tuple[str, ...]:
        """What calamine logged, as warnings naming the workbook and sheet (each once)."""
        return tuple(
            dict.fromkeys(
                f"{display}: {f'sheet {sheet!r}: ' if sheet else ''}the workbook reader "
                f"(calamine) says: {line}"
                for sheet, line in self.said
            )
        )

    def sheet_name(self, role: str, want: str, single: bool) -> str:
        names = {name.strip().casefold(): name for name in self.sheet_names}
        actual = names.get(want.strip().casefold())
        if actual is None and single and self.sheet_names:
            actual = self.sheet_names[0]
        if actual is None:
            raise InputError(
                f"no sheet named {quote_value(want)} (sheets: {shown_names(self.sheet_names)})",
                where=Where(str(self.path)),
                hint=f"add the sheet, or name the {role} sheet with --{role}-sheet",
            )
        return actual

    def load_fast(self, sheets: list[str]) -> None:
        """Read the sheets with fastexcel (the scan runs meanwhile; using what was read waits
        for it)."""
        if self.fast is not None:
            for sheet in dict.fromkeys(sheets):
                if not self.far(sheet):
                    with self.listening(sheet):
                        self.loaded[sheet] = _load_fast(self.fast, sheet)

    def read_sheet(self, sheet: str) -> RawTable:
        """The sheet, read fast where that is exact, else cell by cell (each sheet once)."""
        if sheet not in self._read and self.far(sheet):
            self._read[sheet] = self.sparse(sheet).table()
        if sheet not in self._read:
            scan = self.scan(sheet)
            loaded = self.loaded.pop(sheet, None)
            fast = _read_fast(loaded, self.path, sheet, scan) if loaded is not None else None
            self._read[sheet] = fast or self._read_exact(sheet, scan)
        return self._read[sheet]

    def scan(self, sheet: str) -> SheetScan | None:
        """What the sheet's XML holds (.xlsx/.xlsm; None for other workbooks)."""
        scans = self.scans()
        if not scans or self.path.suffix.lower() not in OOXML_SUFFIXES:
            return None
        member = self._member(sheet)
        return scans.get(member) if member is not None else None

    def _read_exact(self, sheet: str, scan: SheetScan | None) -> RawTable:
        return RawTable.from_rows(str(self.path), sheet, self.rows(sheet, scan), reader="calamine")

    def rows(self, sheet: str, scan: SheetScan | None) -> list[list[object]]:
        """The sheet cell by cell, as Python values, with the cells calamine reads as empty but
        are not (formulas without a value, error values) put back as unreadable markers; a far
        sheet from its cells holding a value (refused if they reach far)."""
        if self.far(sheet):
            return self.sparse(sheet).rows_of_values()
        try:
            calamine = self.calamine  # opened (and heard) first: captures do not nest
            with self.listening(sheet):
                rows: list[list[object]] = calamine.get_sheet_by_name(sheet).to_python(
                    skip_empty_area=False
                )
        except InputError:
            raise
        except Exception as exc:  # calamine's XmlError, ZipError, ... for a damaged sheet
            raise InputError(
                f"sheet '{sheet}' cannot be read ({type(exc).__name__}: {str(exc)[:120]})",
                where=Where(str(self.path)),
                hint="the workbook may be damaged; re-export it",
            ) from exc
        cells = self._unreadable(sheet, scan)
        for (row, col), marker in cells.items():  # rows and columns grow to hold them
            while len(rows) <= row:
                rows.append([])
            line = rows[row]
            line.extend([""] * (col + 1 - len(line)))
            line[col] = marker
        return rows

    def _unreadable(self, sheet: str, scan: SheetScan | None) -> dict[tuple[int, int], Any]:
        """The cells calamine reads as empty but are not: formulas without a value, errors."""
        ods = self.scans().get(ODS_CONTENT) if self.path.suffix.lower() == ".ods" else None
        if ods is not None and ods.unreadable:
            with zipfile.ZipFile(self.path) as archive:
                return ods_unreadable_cells(archive, ODS_CONTENT, sheet, str(self.path))
        if scan is not None and scan.unreadable and self._members:
            with zipfile.ZipFile(self.path) as archive:
                return unreadable_cells(archive, self._members[sheet], str(self.path))
        return {}

    def close(self) -> None:
        self._read.clear()
        self.loaded.clear()
        if self._calamine is not None:
            self._calamine.close()


_QUOTED_TEXT = re.compile(r"Expected float but got 'String\(\"(.*)\"\)'", re.DOTALL)
_ESCAPE = re.compile(r"\\(?:u\{([0-9a-fA-F]{1,6})\}|(.))", re.DOTALL)
_ESCAPED = {"t": "\t", "r": "\r", "n": "\n", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


def quoted_text(detail: str) -> str | None:
    """The text a fastexcel cell error quotes, or None if the error is of another kind.

    fastexcel 0.21 reports a text cell of a column read as float as
    ``Expected float but got 'String("Don't know")'``: the text in Rust's ``{:?}`` notation
    (escapes ``\\n``, ``\\"``, ``\\u{301}``, ...). This is the one place that depends on the
    wording; ``tests/test_load_sheets.py`` checks it against the installed fastexcel, so that
    an upgrade that changes it fails loudly instead of silently taking the slow path.
    """
    quoted = _QUOTED_TEXT.fullmatch(detail)
    if quoted is None:
        return None
    text = quoted.group(1)
    if "\\" not in text:
        return text
    try:
        return _ESCAPE.sub(_unescaped, text)
    except KeyError:  # an escape Rust does not write: not a message we understand
        return None


def _unescaped(match: re.Match[str]) -> str:
    code, char = match.groups()
    return chr(int(code, 16)) if code is not None else _ESCAPED[char]


def _load_fast(reader: Any, sheet: str) -> Any | None:
    """fastexcel's read of a sheet as float64 columns and its report of the other cells (None
    if it cannot read it: the exact reader then says why)."""
    try:
        loaded = reader.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="float")
        batch, report = loaded.to_arrow_with_errors()
        first_column = loaded.selected_columns[0].absolute_index if batch.num_columns else 0
    except Exception:  # a damaged sheet: the exact reader names the problem
        return None
    return batch, report, first_column


def _read_fast(loaded: Any, path: Path, sheet: str, scan: SheetScan | None) -> RawTable | None:
    """The sheet as fastexcel read it, as typed columns, or None where only a cell-by-cell
    read is exact (``scan``: what the sheet's XML holds)."""
    if scan is None or scan.unreadable or scan.unusual:
        return None
    batch, report, first_column = loaded
    texts: list[dict[int, str]] = [{} for _ in range(batch.num_columns)]
    for error in report.errors if report is not None else []:
        text = quoted_text(error.detail)
        if text is None:
            return None
        row, col = error.position
        texts[col][row] = text
    if sum(map(len, texts)) != scan.texts:
        return None
    columns: list[Cells] = []
    for j in range(batch.num_columns):
        column = _fast_cells(batch.column(j), texts[j])
        if column is None:
            return None
        columns.append(column)
    return RawTable.found(str(path), sheet, columns, first_column=first_column, reader="fastexcel")


def _fast_cells(values: Any, texts: dict[int, str]) -> Cells | None:
    """One column: fastexcel's float64 values (null where empty) and the column's texts."""
    read = float_values(values)
    if read is None:
        return None
    numbers, valid = read
    kinds = np.where(valid, np.int8(NUMBER), np.int8(NONE))
    text_ids = np.full(len(numbers), -1, dtype=np.int32)
    index: dict[str, int] = {}
    if texts:
        rows = np.fromiter(texts.keys(), dtype=np.intp, count=len(texts))
        kinds[rows] = TEXT
        numbers[rows] = np.nan
        text_ids[rows] = [index.setdefault(text, len(index)) for text in texts.values()]
    return Cells(kinds, numbers, text_ids, tuple(index))


def _open_fast(path: Path) -> Any | None:
    try:
        import fastexcel

        return fastexcel.read_excel(str(path))
    except Exception:  # the exact reader will open it, or say why it cannot
        return None


def _open_calamine(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types for a broken file
        raise InputError(
            f"not a readable workbook ({type(exc).__name__}: {str(exc)[:120]})",
            where=Where(str(path)),
            hint="check that it is an .xlsx/.xlsm/.ods file and not damaged; re-export it",
        ) from exc


def _not_a_workbook(path: Path, display: str | None = None) -> InputError:
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
    return InputError(
        f"not a readable workbook: {what}", where=Where(display or str(path)), hint=hint
    )


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(4096)


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
    return sum(ch.isprintable() or ch in "\r\n\t" for ch in text) >= 0.95 * len(text)
