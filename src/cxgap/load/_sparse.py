"""Read a far sheet (:mod:`._extent`) cell by cell from its XML, in memory bounded by the
cells that hold something, never by how far they reach.

:func:`xlsx_cells` and :func:`ods_cells` stream a sheet (defusedxml's ``iterparse``, no DTD,
each row dropped once read) and keep only the cells holding a value, typed as python-calamine
types them (numbers as floats, texts, TRUE/FALSE as bools, dates as datetimes, the cells it
reads as empty but are not as :class:`~cxgap.load._cells.Unreadable`). An empty cell, styled
or not, and a text of spaces only (a blank, whatever reader) are nothing. :class:`Sparse` then
makes the table of them that the dense readers would have made, by today's rules: the header
is the first row holding a value; a value in a column without a header is the error naming
its cell; the rows between that hold nothing are left out but counted, as the dense path
counts its empty rows (:attr:`~cxgap.load._raw.RawTable.left_out`). So a far cell holding a
value is an attribute column (in the header row) or a respondent's row; a far empty one is
nothing.

A sheet whose values spread over more rows x columns than ``max(FLOOR, FACTOR x values)`` once
the empty rows and columns are left out (values on a diagonal, say) is refused: no table has
that shape. Repeats in an .ods count as the cells they stand for, up to :data:`MOST_CELLS`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zipfile
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import IO, Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

import numpy as np
import numpy.typing as npt
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from cxgap.errors import InputError, Where
from cxgap.load._cells import Cells, Unreadable, header_text
from cxgap.load._extent import FACTOR, FLOOR
from cxgap.load._raw import RawTable, column_letter
from cxgap.load._refuse import refused
from cxgap.load._sheetxml import (
    DAMAGED_HINT,
    ERROR_VALUE,
    NO_CACHED_VALUE,
    _attr,
    _local,
    _ods_marker,
    _position,
    book_relationships,
)

MOST_CELLS = 8_000_000
"""Cells a sparse read keeps at most (repeats in an .ods included) before refusing: about
1 GB at its peak (the 3.1 million of the 100k x 30 benchmark sheet took 460 MB)."""
MOST_ROWS = 1_048_576
"""The last row of an Excel or LibreOffice sheet: a value beyond it is refused."""
_DATE_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
"""Built-in number formats that show a date or a time."""
_EPOCH = dt.datetime(1899, 12, 30)


@dataclass
class Sparse:
    """The cells of one sheet holding a value: 0-based rows and columns, and the values."""

    display: str
    sheet: str
    rows: array[int] = field(default_factory=lambda: array("q"))
    cols: array[int] = field(default_factory=lambda: array("q"))
    values: list[object] = field(default_factory=list)

    def add(self, row: int, col: int, value: object, *, coming: int = 1) -> None:
        """Keep a cell holding a value (``coming``: the cells about to be added with it)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        if row >= MOST_ROWS:
            raise InputError(
                f"a value at {column_letter(col)}{row + 1} lies beyond row {MOST_ROWS:,}, the "
                "last a sheet has",
                where=Where(self.display, self.sheet),
                hint="the workbook may be damaged; delete the cell or re-export it",
            )
        if len(self.values) + coming > MOST_CELLS:
            raise InputError(
                f"sheet '{self.sheet}' holds more than {MOST_CELLS:,} cells with a value",
                where=Where(self.display, self.sheet),
                hint="split the survey, or give the sample as CSV or Parquet parts",
            )
        self.rows.append(row)
        self.cols.append(col)
        self.values.append(value)

    def table(self) -> RawTable:
        """The table the dense readers would have made (see the module's docstring)."""
        if not self.values:
            raise InputError(
                "the sheet is empty",
                where=Where(self.display, self.sheet),
                hint="add a header row and data",
            )
        rows = np.frombuffer(self.rows, dtype=np.int64)
        cols = np.frombuffer(self.cols, dtype=np.int64)
        values = np.empty(len(self.values), dtype=object)
        values[:] = self.values
        top = int(rows.min())
        in_header = np.flatnonzero(rows == top)
        named = sorted(int(cols[i]) for i in in_header if header_text(values[i]))
        body = rows > top
        self._check_headers(top, rows[body], cols[body], np.array(named, dtype=np.int64))
        data_rows = np.unique(rows[body])
        self._check_shape(len(data_rows) + 1, len(named))
        at_col = np.searchsorted(named, cols)
        header: list[object] = [None] * len(named)
        for i in in_header:
            if at_col[i] < len(named) and named[at_col[i]] == cols[i]:
                header[int(at_col[i])] = values[i]
        grid = np.full((len(named), len(data_rows)), None, dtype=object)
        grid[at_col[body], np.searchsorted(data_rows, rows[body])] = values[body]
        table = RawTable.placed(
            self.display,
            self.sheet,
            header,
            [Cells.of(column.tolist()) for column in grid],
            header_row=top + 1,
            positions=named,
            row_numbers=(data_rows + 1).tolist(),
            reader="sparse",
        )
        return replace(table, left_out=_gaps([top, *data_rows.tolist()]))

    def rows_of_values(self) -> list[list[object]]:
        """The cells as rows of Python values from A1, as python-calamine's ``to_python`` gives
        a sheet (an export's reader wants its rows); refused if they reach far."""
        if not self.values:
            return []
        height, width = max(self.rows) + 1, max(self.cols) + 1
        self._check_shape(height, width, far=True)
        rows: list[list[object]] = [[""] * width for _ in range(height)]
        for r, c, v in self._cells():
            rows[r][c] = v
        return rows

    def _cells(self) -> Iterator[tuple[int, int, object]]:
        return zip(self.rows, self.cols, self.values, strict=True)

    def _check_headers(
        self,
        top: int,
        rows: npt.NDArray[np.int64],
        cols: npt.NDArray[np.int64],
        named: npt.NDArray[np.int64],
    ) -> None:
        """A value in a column without a header is the error naming it (leftmost, topmost)."""
        stray = ~np.isin(cols, named)
        if stray.any():
            col = int(cols[stray].min())
            row = int(rows[stray][cols[stray] == col].min())
            raise InputError(
                "this cell has a value but its column has no header",
                where=Where(self.display, self.sheet, f"{column_letter(col)}{row + 1}"),
                hint=f"give the column a header in row {top + 1} or delete the column",
            )

    def _check_shape(self, height: int, width: int, *, far: bool = False) -> None:
        if height * width <= max(FLOOR, FACTOR * len(self.values)):
            return
        row, col = max(zip(self.rows, self.cols, strict=True))
        where = f"{column_letter(col)}{row + 1}"
        raise InputError(
            f"sheet '{self.sheet}' holds {len(self.values):,} values spread over {height:,} rows "
            f"x {width:,} columns (the last at {where}): no table has that shape"
            if not far
            else f"a value at {where} lies far beyond the sheet's other "
            f"{len(self.values) - 1:,} values",
            where=Where(self.display, self.sheet),
            hint="delete the cells outside the table (Ctrl+End shows the last one) and save again",
        )


def _gaps(rows: list[int]) -> tuple[tuple[int, int], ...]:
    """The 1-based spreadsheet rows (first, last) between consecutive rows of a table."""
    return tuple((a + 2, b) for a, b in itertools.pairwise(rows) if b > a + 1)


def xlsx_cells(archive: zipfile.ZipFile, member: str, sheet: str, display: str) -> Sparse:
    """A worksheet's cells holding a value (see the module's docstring), read with expat's
    handlers (no element objects: a few microseconds a cell); a DTD is refused."""
    found = Sparse(display, sheet)
    with _readable(display, sheet):
        parts = _book_parts(archive, display)
        strings = _shared_strings(archive, parts.get("sharedStrings"))
        dates = _date_styles(archive, parts.get("styles"))
        reader = _SheetReader(found, strings, dates)
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = reader.start
        parser.EndElementHandler = reader.end
        parser.CharacterDataHandler = reader.text
        parser.StartDoctypeDeclHandler = _no_dtd
        parser.EntityDeclHandler = _no_dtd
        with archive.open(member) as stream:
            parser.ParseFile(stream)
    return found


def _no_dtd(*_: object) -> None:
    raise ValueError("the sheet declares a DTD")


class _SheetReader:
    """expat's handlers for a worksheet: each ``<c>``'s place, type, cached value (``<v>``),
    formula (``<f>``) and inline text (``<is>``, phonetic runs left out)."""

    def __init__(self, found: Sparse, strings: list[str], dates: frozenset[int]) -> None:
        self.found, self.strings, self.dates = found, strings, dates
        self.row = self.col = -1
        self.kind, self.style = "n", 0
        self.value: str | None = None
        self.formula: str | None = None
        self.inline: list[str] | None = None
        self.capture: list[str] | None = None
        self.phonetic = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rpartition(":")[2]
        if name == "c":
            self.row, self.col = _position(attrs.get("r"), self.row, self.col + 1)
            self.kind, self.style = attrs.get("t", "n"), int(attrs.get("s", "0"))
            self.value = self.formula = None
            self.inline = None
        elif name == "row":
            self.row, self.col = int(attrs.get("r", self.row + 2)) - 1, -1
        elif name in ("v", "f") or (name == "t" and self.inline is not None and not self.phonetic):
            self.capture = []
        elif name == "is":
            self.inline = []
        elif name == "rPh":
            self.phonetic = True

    def text(self, data: str) -> None:
        if self.capture is not None:
            self.capture.append(data)

    def end(self, tag: str) -> None:
        name = tag.rpartition(":")[2]
        if name == "c":
            self.found.add(self.row, self.col, self._value())
        elif self.capture is not None and name in ("v", "f", "t"):
            captured = "".join(self.capture)
            self.capture = None
            if name == "v":
                self.value = captured
            elif name == "f":
                self.formula = captured
            elif self.inline is not None:
                self.inline.append(captured)
        elif name == "rPh":
            self.phonetic = False

    def _value(self) -> object:
        """The cell as python-calamine gives it, or the marker of a cell it reads as empty."""
        cached = self.value or None
        if self.kind == "e":
            return Unreadable(cached or "#error", ERROR_VALUE)
        if self.formula is not None and cached is None and self.kind != "str":
            shown = f"={self.formula or '...'}"
            return Unreadable(shown if len(shown) <= 40 else shown[:37] + "...", NO_CACHED_VALUE)
        if self.kind == "inlineStr":
            return "".join(self.inline) if self.inline is not None else None
        if self.value is None:
            return None
        if self.kind == "s":
            return self.strings[int(self.value)]
        if self.kind == "str":
            return self.value
        if self.kind == "b":
            return self.value.strip() not in ("0", "")
        if self.kind == "d":
            return _iso_date(self.value)
        number = float(self.value)
        return _serial_date(number) if self.style in self.dates else number


def _rich_text(element: Any) -> str:
    """A string item's text: its ``<t>`` elements, phonetic runs (``<rPh>``) left out."""
    parts: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _iso_date(text: str) -> object:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return text


def _serial_date(number: float) -> object:
    """An Excel date serial as a datetime (a whole number as a date)."""
    try:
        moment = _EPOCH + dt.timedelta(days=number)
    except OverflowError:
        return number
    return moment.date() if number.is_integer() else moment


def _book_parts(archive: zipfile.ZipFile, display: str) -> dict[str, str]:
    """Relationship type (its last word: ``sharedStrings``, ``styles``) -> zip member."""
    _, rels = book_relationships(archive, display)
    return {kind.rsplit("/", 1)[-1]: path for _, kind, path in rels}


def _shared_strings(archive: zipfile.ZipFile, member: str | None) -> list[str]:
    if member is None or member not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open(member) as stream:
        for _, element in iterparse(stream, events=("end",), forbid_dtd=True):
            if _local(element.tag) == "si":
                strings.append(_rich_text(element))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, member: str | None) -> frozenset[int]:
    """The cell styles (``s`` indexes) whose number format shows a date or a time."""
    if member is None or member not in archive.namelist():
        return frozenset()
    formats: dict[int, str] = {}
    styles: list[int] = []
    inside = False
    with archive.open(member) as stream:
        for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
            name = _local(element.tag)
            if name == "cellXfs":
                inside = event == "start"
            elif event == "end" and name == "numFmt":
                formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif event == "end" and name == "xf" and inside:
                styles.append(int(element.get("numFmtId", "0")))
    return frozenset(
        i for i, fmt in enumerate(styles) if fmt in _DATE_IDS or _is_date(formats.get(fmt, ""))
    )


_NOT_DATE = re.compile(r'"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]|[eE][+-]', re.IGNORECASE)


def _is_date(code: str) -> bool:
    """A custom number format showing a date or time: a d, m, y, h or s outside quoted text,
    escapes and brackets (elapsed time ``[h]`` counts)."""
    return any(ch in "dmyhs" for ch in _NOT_DATE.sub("", code).lower())


def ods_cells(archive: zipfile.ZipFile, member: str, display: str) -> dict[str, Sparse]:
    """Each .ods table's cells holding a value (by sheet name, in order), in one pass; repeats
    count as the cells they stand for."""
    sheets: dict[str, Sparse] = {}
    with _readable(display, member), archive.open(member) as stream:
        for sheet, row, col, repeat_rows, repeat_cols, value in _ods_elements(stream):
            found = sheets.setdefault(sheet, Sparse(display, sheet))
            coming = repeat_rows * repeat_cols
            for r in range(row, row + repeat_rows):
                for c in range(col, col + repeat_cols):
                    found.add(r, c, value, coming=coming)
                    coming -= 1
    return sheets


def _ods_elements(stream: IO[bytes]) -> Iterator[tuple[str, int, int, int, int, object]]:
    """(sheet, row, column, rows repeated, cells repeated, value) of each cell holding a
    value; (sheet, 0, 0, 0, 0, None) as each sheet begins."""
    sheet = ""
    row = col = 0
    held: list[tuple[int, int, object]] = []
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        name = _local(element.tag)
        if name == "table" and event == "start":
            sheet, row = _attr(element, "name") or "", 0
            yield sheet, 0, 0, 0, 0, None
        elif name == "table-row" and event == "start":
            col, held = 0, []
        elif name in ("table-cell", "covered-table-cell") and event == "end":
            repeat = int(_attr(element, "number-columns-repeated") or 1)
            value = _ods_value(element)
            if value is not None and not (isinstance(value, str) and not value.strip()):
                held.append((col, repeat, value))
            col += repeat
            element.clear()
        elif name == "table-row" and event == "end":
            repeat = int(_attr(element, "number-rows-repeated") or 1)
            for cell_col, cell_repeat, value in held:
                yield sheet, row, cell_col, repeat, cell_repeat, value
            row += repeat
            element.clear()


def _ods_value(cell: Any) -> object:
    marker = _ods_marker(cell)
    if marker is not None:
        return marker
    kind = _attr(cell, "value-type")
    if kind in ("float", "percentage", "currency"):
        return float(_attr(cell, "value") or "nan")
    if kind == "boolean":
        return (_attr(cell, "boolean-value") or "").lower() == "true"
    if kind == "date":
        return _iso_date(_attr(cell, "date-value") or "")
    if kind == "time":
        return _attr(cell, "time-value")
    string = _attr(cell, "string-value")
    if string is not None:
        return string
    paragraphs = [_ods_text(p) for p in cell if _local(p.tag) in ("p", "h")]
    return "\n".join(paragraphs) if paragraphs else None


def _ods_text(element: Any) -> str:
    """A paragraph's text: ``<text:s text:c="3"/>`` as spaces, tabs and line breaks kept."""
    parts = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name == "s":
            parts.append(" " * int(_attr(child, "c") or 1))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        else:
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


@contextmanager
def _readable(display: str, sheet: str) -> Iterator[None]:
    """A damaged sheet is an input error saying so."""
    kinds = (ParseError, expat.ExpatError, DefusedXmlException, KeyError, ValueError, IndexError)
    with refused(f"sheet '{sheet}' cannot be read", display, DAMAGED_HINT, kinds):
        yield
