"""How far a worksheet reaches, found while the archive guard unpacks it: the rule that sends
a sheet to the sparse reader (:mod:`._sparse`) instead of fastexcel or python-calamine.

Both Rust readers place every cell holding anything (an empty text too) in one dense grid
from the sheet's first to its last row and column: a stray cell at ``ZZZZ1048576`` asks for
15 TB (the process aborts), one at row 1,048,576 in column 201 for 6 GB. So, before either
reader opens a sheet, :class:`ExtentCounter` reads the place of every cell from the XML the
guard unpacks anyway, and :attr:`Extent.far` decides:

    **the rule**: a sheet is read sparsely when the rectangle from A1 to its furthest cell (the
    largest row and the largest column any ``<c>`` or ``<row>`` element names, the elements
    without a reference counted on as the readers count them) holds more than
    ``max(FLOOR, FACTOR x cells)`` cells, ``cells`` being the ``<c>`` elements written; or when
    a reference is not the plain ``A1`` form (1-3 capital letters, 1-7 digits, in double
    quotes) that this count can vouch for.

``FLOOR`` (2^20 cells, 32 MiB of calamine's grid) keeps every ordinary sheet on the fast
readers; ``FACTOR`` 2 lets a table be half blank (blank cells unwritten) and still be read
fast, while a dense read can at most double the grid of the cells written. Every cell element
counts, a styled empty one too (calamine skips those, so counting them only errs towards the
sparse reader). The ``<dimension ref=...>`` element is ignored: it may claim less than the
cells reach (the readers do not trust it either) or more (a used range Excel never shrank).

An OpenDocument sheet declares repetition instead (``table:number-rows-repeated="1048000"``):
:class:`OdsRepeats` flags a ``content.xml`` that repeats a row or cell :data:`ODS_REPEAT` times
or more unless the repeated element is provably empty (a self-closing cell with no value, which
LibreOffice writes to fill every sheet to its last row and column, and calamine skips).

The count runs with numpy on each unpacked chunk (about 0.1 s per 100 MB of sheet XML), in a
thread beside the unpacking (:func:`~cxgap.load._xlsx.check_archive`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FLOOR = 1 << 20
"""A sheet whose rectangle holds up to this many cells is never far."""
FACTOR = 2
"""A sheet whose rectangle holds more than this many times its cells is far (beyond FLOOR)."""
ODS_REPEAT = 10_000
"""A repeat count from which an .ods row or cell that may hold a value sends the sheet sparse."""
_QUOTE, _EQUALS, _R = 0x22, 0x3D, 0x72
_MOST_LETTERS, _MOST_DIGITS = 3, 7


@dataclass(frozen=True)
class Extent:
    """Where a worksheet's cells reach, as far as the dense readers are concerned."""

    rows: int
    """The largest row (1-based) a reader can place a cell in."""
    cols: int
    """The largest column (1-based) a reader can place a cell in."""
    cells: int
    """``<c>`` elements written."""
    vouched: bool = True
    """Every reference was in the plain form the count reads; else the sheet is far."""

    @property
    def far(self) -> bool:
        """The rule: read sparsely (see the module's docstring)."""
        return not self.vouched or self.rows * self.cols > max(FLOOR, FACTOR * self.cells)


class ExtentCounter:
    """Reads one worksheet's cell references chunk by chunk (each chunk given with the bytes
    carried over from the last, which :meth:`feed` does not count again)."""

    def __init__(self) -> None:
        self.max_row = self.max_col = 0
        self.row_refs = self.cell_refs = self.row_elements = self.cell_elements = 0
        self.vouched = True
        self.prefixed = False
        self._first = True

    def feed(self, window: bytes, carried: int) -> None:
        """Count ``window``, whose first ``carried`` bytes were in the last window too."""
        if self._first:
            self.prefixed = b":worksheet" in window[:4096]
            self._first = False
        self.row_elements += _count(window, carried, b"<row", self.prefixed)
        self.cell_elements += _count(window, carried, b"<c", self.prefixed)
        if self.vouched:
            self._references(window, carried)

    def _references(self, window: bytes, carried: int) -> None:
        a = np.frombuffer(window, dtype=np.uint8)
        quotes = np.flatnonzero(a == _QUOTE)
        quotes = quotes[quotes >= 3]
        before = a[quotes - 3]
        refs = (a[quotes - 1] == _EQUALS) & (a[quotes - 2] == _R)
        refs &= (before == 0x20) | (before == 0x0A) | (before == 0x09) | (before == 0x0D)
        if len(refs) and refs[-1]:  # a reference cut by the chunk's end: read with the next
            cut = len(a) - int(quotes[-1]) - 1
            self.vouched = self.vouched and cut <= _MOST_LETTERS + _MOST_DIGITS
            refs[-1] = False
        at = np.flatnonzero(refs)
        at = at[quotes[at + 1] >= carried]  # those ending in what the last window lacked
        if not len(at):
            return
        start, end = quotes[at] + 1, quotes[at + 1]
        length = end - start
        letters = np.zeros(len(start), dtype=np.intp)
        run = np.ones(len(start), dtype=bool)
        for k in range(_MOST_LETTERS + 1):
            byte = a[np.minimum(start + k, len(a) - 1)]
            run &= (byte >= 0x41) & (byte <= 0x5A) & (k < length)
            letters += run
        digits = length - letters
        first_digit = a[np.minimum(start + letters, len(a) - 1)]
        plain = (letters <= _MOST_LETTERS) & (digits >= 1) & (digits <= _MOST_DIGITS)
        plain &= (first_digit >= 0x30) & (first_digit <= 0x39)
        if not plain.all():
            self.vouched = False
            return
        cells = letters > 0
        self.cell_refs += int(cells.sum())
        self.row_refs += len(cells) - int(cells.sum())
        self.max_row = max(self.max_row, _largest(a, start + letters, digits, 10, 0x30))
        if cells.any():
            self.max_col = max(self.max_col, _largest(a, start, letters, 26, 0x40))

    def result(self) -> Extent:
        """The extent: rows without a reference follow the last row (calamine adds one), cells
        without one follow the last cell of their row."""
        loose_rows = max(self.row_elements - self.row_refs, 0)
        loose_cells = max(self.cell_elements - self.cell_refs, 0)
        return Extent(
            self.max_row + loose_rows,
            self.max_col + loose_cells,
            self.cell_elements,
            self.vouched,
        )


def _count(window: bytes, carried: int, tag: bytes, prefixed: bool) -> int:
    """Elements named ``tag`` ending after the carried bytes (a few others that begin alike
    too: only ever too many)."""
    found = window.count(tag, max(carried - len(tag) + 1, 0))
    if prefixed:
        found += window.count(b":" + tag[1:], max(carried - len(tag) + 1, 0))
    return found


def _largest(
    a: npt.NDArray[np.uint8], start: npt.NDArray[np.intp], width: npt.NDArray[np.intp], base: int, zero: int
) -> int:
    """The largest number written at ``start`` in ``width`` digits of ``base`` (letters A=1 or
    decimal digits): the widest first, then by their digits, without a loop over the cells."""
    widest = int(width.max())
    if widest == 0:
        return 0
    chosen = np.flatnonzero(width == widest)
    value = np.zeros(len(chosen), dtype=np.int64)
    for k in range(widest):
        value = value * base + (a[start[chosen] + k].astype(np.int64) - zero)
    return int(value.max())


_ODS_REPEATED = re.compile(rb"number-(rows|columns)-repeated\s*=\s*[\"'](\d{3,})")
_ODS_EMPTY = rb"<table:table-cell(?:\s+table:(?:style-name|number-columns-repeated|content-validation-name)\s*=\s*\"[^\"<>]*\")*\s*/>"
_ODS_EMPTY_CELL = re.compile(_ODS_EMPTY)
_ODS_EMPTY_ROW = re.compile(
    rb"<table:table-row(?:\s+table:[\w-]+\s*=\s*\"[^\"<>]*\")*\s*>(?:\s*" + _ODS_EMPTY
    + rb")*\s*</table:table-row>"
)
_ODS_ROW_END = re.compile(rb"(?:\s*" + _ODS_EMPTY + rb")*\s*</table:table-row>")
_ODS_TABLE_END = re.compile(rb"(?:\s*" + _ODS_EMPTY_ROW.pattern + rb")*\s*</table:table>")
_ODS_LOOK = 4096
"""Bytes after a repeated element within which its row's or table's end must show."""


class OdsRepeats:
    """Decides whether an .ods ``content.xml`` is far (chunk by chunk, as
    :class:`ExtentCounter`): it is when a row or cell repeated :data:`ODS_REPEAT` times or
    more may hold a value, or is followed by anything that may (an empty repeat in the middle
    moves what follows far); or when the repeats of 100 or more that are not a sheet's empty
    end add more than :data:`ODS_REPEAT` rows, or cells, in all. LibreOffice fills every sheet
    to its last row and column with empty repeats at the ends of rows and of the sheet: those
    are not counted."""

    def __init__(self) -> None:
        self.far = False
        self.rows = self.cells = 0
        self._consumed = 0
        """Bytes of the part fed so far."""
        self._decided = 0
        """Repeats starting before this offset in the part are decided."""

    def feed(self, window: bytes, carried: int) -> None:
        window_start = self._consumed - carried
        self._consumed += len(window) - carried
        for found in _ODS_REPEATED.finditer(window):
            at = window_start + found.start()
            if self.far or at < self._decided:
                continue
            opening = window.rfind(b"<", 0, found.start())
            if window.startswith(b"<table:table-column", opening):
                continue
            trailing = _empty_end(window, opening, found)
            if trailing is None:  # cut off by the chunk's end: decided with the next chunk
                self.far = found.start() < len(window) - 200  # unless too long to carry
                return
            self._decided = at + 1
            if trailing:
                continue
            count = int(found.group(2)) - 1
            if found.group(1) == b"rows":
                self.rows += count
            else:
                self.cells += count
            self.far = count + 1 >= ODS_REPEAT or max(self.rows, self.cells) > ODS_REPEAT


def _empty_end(window: bytes, opening: int, found: re.Match[bytes]) -> bool | None:
    """Whether a repeated row or cell is empty and ends its sheet or row (nothing after it but
    empty rows or cells), or None if the window ends before that shows."""
    row = found.group(1) == b"rows"
    element = (_ODS_EMPTY_ROW if row else _ODS_EMPTY_CELL).match(window, opening)
    if element is None:
        cut = window.find(b">", found.end()) < 0 or (
            row and window.find(b"</table:table-row>", found.end()) < 0
        )
        return None if cut else False
    rest = (_ODS_TABLE_END if row else _ODS_ROW_END).match(window, element.end())
    if rest is None and len(window) - element.end() < _ODS_LOOK:
        return None if b"</table:table" not in window[element.end() :] else False
    return rest is not None
