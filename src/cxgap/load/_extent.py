"""How far a worksheet reaches, found while the archive guard unpacks it: the rule that sends
a sheet to the sparse reader (:mod:`._sparse`) instead of fastexcel or python-calamine.

Both Rust readers place every cell holding anything (an empty text too) in one dense grid
from the sheet's first to its last row and column: a stray cell at ``ZZZZ1048576`` asks for
15 TB (the process aborts), one at row 1,048,576 in column 201 for 6 GB. So, before either
reader opens a sheet, :class:`ExtentCounter` reads the place of every cell from the XML the
guard unpacks anyway, and :attr:`Extent.far` decides:

    **the rule**: a sheet is read sparsely when the rectangle from A1 to its furthest cell (the
    largest row any ``<c>`` or ``<row>`` element names, times the largest column any ``<c>``
    names) holds more than ``max(FLOOR, FACTOR x cells)`` cells, ``cells`` being the ``<c>``
    elements written; or when the count cannot vouch for every reference: each ``<c>`` and
    ``<row>`` must begin with a plain one (``<c r="AF17"``: 1-3 capital letters and 1-7 digits
    in double quotes, as Excel, openpyxl and xlsxwriter write them). A cell without one is
    placed by counting, one with ``r`` later or in single quotes is read alike by the Rust
    readers; rather than follow them, such a sheet is read sparsely.

``FLOOR`` (2^20 cells, 32 MiB of calamine's grid) keeps every ordinary sheet on the fast
readers; ``FACTOR`` 2 lets a table be half blank (blank cells unwritten) and still be read
fast, while a dense read can at most double the grid of the cells written. Every cell element
counts, a styled empty one too (calamine skips those, so counting them only errs towards the
sparse reader). The ``<dimension ref=...>`` element is ignored: it may claim less than the
cells reach (the readers do not trust it either) or more (a used range Excel never shrank).

An OpenDocument sheet declares repetition instead (``table:number-rows-repeated="1048000"``),
and calamine reads every sheet of an .ods as it opens it: :class:`OdsRepeats` flags a
``content.xml`` (all its sheets are then read sparsely) that repeats a row or cell
:data:`ODS_REPEAT` times or more unless the repeat is provably empty and ends its row or sheet
(the self-closing empty cells LibreOffice writes to fill every sheet to its last row and
column, which calamine skips), or whose other repeats together declare more cells than
``max(ODS_REPEAT, cells written)``.

The count runs with numpy on each unpacked chunk, without a Python loop over the cells (about
0.2 s of CPU for the 88 MB sheet of 100,000 x 30 answers), in a thread beside the unpacking
(:func:`~cxgap.load._xlsx.check_archive`), whose zlib work it overlaps.
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
    carried over from the last, which :meth:`feed` does not count again).

    It finds every ``<`` and reads what follows: a ``<c`` or ``<row`` element must begin
    with its reference, ``<c r="AF17"``, ``<row r="17"`` (as Excel, openpyxl and xlsxwriter
    write them); one that does not (no ``r``, ``r`` not first, single quotes, a namespace
    prefix) leaves the sheet not vouched for, and so does a reference that is not plain.
    """

    def __init__(self) -> None:
        self.max_row = self.max_col = self.cells = 0
        self.vouched = True

    def feed(self, window: bytes, carried: int) -> None:
        """Count ``window``, whose first ``carried`` bytes were in the last window too."""
        if not self.vouched:
            return
        a = np.frombuffer(window, dtype=np.uint8)
        lo, hi = max(carried - _LOOK, 0), len(a) - _LOOK
        if hi <= lo:
            return
        lt = a[lo:hi] == _LT
        cells = np.flatnonzero(lt & (a[lo + 1 : hi + 1] == _C)) + lo
        rows = np.flatnonzero(lt & (a[lo + 1 : hi + 1] == _R)) + lo
        cells = cells[_ends_name(a[cells + 2])]
        rows = rows[(a[rows + 2] == _O) & (a[rows + 3] == _W) & _ends_name(a[rows + 4])]
        if not (_begins_ref(a, cells + 2).all() and _begins_ref(a, rows + 4).all()):
            self.vouched = False
            return
        words = np.ndarray((len(a) - 7,), dtype=">u8", buffer=window, strides=(1,))
        cell_starts, row_starts = cells + 6, rows + 8
        column = words[cell_starts].astype(np.uint64)
        letters = _run(column, 0x41, 26)
        starts = np.concatenate([cell_starts + letters, row_starts])
        number = words[starts].astype(np.uint64)
        digits = _run(number, 0x30, 10)
        shift = (8 * (7 - np.minimum(digits, 7))).astype(np.uint64)
        closed = (number >> shift) & np.uint64(0xFF) == _QUOTE
        plain = (digits >= 1) & (digits <= _MOST_DIGITS) & closed
        plain[: len(cells)] &= (letters >= 1) & (letters <= _MOST_LETTERS)
        if not plain.all():
            self.vouched = False
            return
        self.cells += len(cells)
        if len(starts):
            self.max_row = max(self.max_row, _largest(number, digits, 0x30, 10))
        if len(cells):
            self.max_col = max(self.max_col, _largest(column, letters, 0x40, 26))

    def result(self) -> Extent:
        return Extent(self.max_row, self.max_col, self.cells, self.vouched)


_LT, _QUOTE, _C, _R, _O, _W, _EQUALS = (ord(c) for c in '<"crow=')
_LOOK = 8 + _MOST_LETTERS + _MOST_DIGITS + 2
"""Bytes read after each ``<``: ``<row r="`` and the longest plain reference, closed."""
_NAME_ENDS = np.isin(np.arange(256), [0x20, 0x3E, 0x2F, 0x0A, 0x09, 0x0D])
"""Byte -> whether it ends an element's name."""


def _ends_name(byte: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """Where an element's name ends: a space, a line break, a tab, ``>`` or ``/``."""
    ends: npt.NDArray[np.bool_] = _NAME_ENDS[byte]
    return ends


def _begins_ref(a: npt.NDArray[np.uint8], name_end: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
    """Whether each element's first attribute is `` r="``."""
    begins: npt.NDArray[np.bool_] = (
        (a[name_end] == 0x20)
        & (a[name_end + 1] == _R)
        & (a[name_end + 2] == _EQUALS)
        & (a[name_end + 3] == _QUOTE)
    )
    return begins


_ONES, _HIGH = np.uint64(0x0101010101010101), np.uint64(0x8080808080808080)
_GATHER = np.uint64(0x0002040810204081)
"""Multiplying the top bits of a word's 8 bytes by this brings them together in its top byte."""


def _leading_table() -> npt.NDArray[np.intp]:
    """Top byte of ``(top bits) * _GATHER`` -> how many bytes lead before the first top bit."""
    table = np.zeros(256, dtype=np.intp)
    for chosen in range(256):
        bits = sum(0x80 << (8 * j) for j in range(8) if chosen >> j & 1)
        key = (bits * int(_GATHER)) % (1 << 64) >> 56
        table[key] = next((7 - j for j in range(7, -1, -1) if bits >> (8 * j) & 0x80), 8)
    return table


_LEADING = _leading_table()


def _run(words: npt.NDArray[np.uint64], low: int, size: int) -> npt.NDArray[np.intp]:
    """How many of each word's 8 bytes, from the most significant (the file's order), lie in
    ``low .. low + size - 1`` before the first that does not (8 if all do): per byte at once,
    ``(b | 0x80) - low`` keeps its top bit where ``b >= low`` and never borrows."""
    raised = words | _HIGH
    inside = (raised - _ONES * np.uint64(low)) & ~(raised - _ONES * np.uint64(low + size))
    outside = ~(inside & ~words) & _HIGH
    result: npt.NDArray[np.intp] = _LEADING[(outside * _GATHER) >> np.uint64(56)]
    return result


def _largest(
    words: npt.NDArray[np.uint64], width: npt.NDArray[np.intp], zero: int, base: int
) -> int:
    """The largest number written in the first ``width`` bytes of each word (decimal digits,
    or letters A=1): the widest, then the largest of those by their bytes (for equal widths,
    byte order is number order)."""
    widest = int(width.max())
    if widest == 0:
        return 0
    top = int((words[width == widest] >> np.uint64(8 * (8 - widest))).max())
    value = 0
    for byte in top.to_bytes(widest, "big"):
        value = value * base + byte - zero
    return value


_ODS_REPEATED = re.compile(rb"number-(rows|columns)-repeated\s*=\s*[\"'](\d+)")
_ODS_EMPTY = (
    rb"<table:table-cell(?:\s+table:(?:style-name|number-columns-repeated|"
    rb"content-validation-name)\s*=\s*\"[^\"<>]*\")*\s*/>"
)
_ODS_EMPTY_CELL = re.compile(_ODS_EMPTY)
_ODS_EMPTY_ROW = re.compile(
    rb"<table:table-row(?:\s+table:[\w-]+\s*=\s*\"[^\"<>]*\")*\s*>(?:\s*"
    + _ODS_EMPTY
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
    moves what follows far); or when all other repeats together declare more cells than
    ``max(ODS_REPEAT, cells written)`` (a repeated row counts its cells once per repeat).
    LibreOffice fills every sheet to its last row and column with empty repeats at the ends of
    rows and of the sheet: those are not counted."""

    def __init__(self) -> None:
        self.far = False
        self.declared = self.written = 0
        """Cells the repeats add; cell elements written."""
        self._consumed = 0
        """Bytes of the part fed so far."""
        self._decided = 0
        """Repeats starting before this offset in the part are decided."""

    def feed(self, window: bytes, carried: int) -> None:
        window_start = self._consumed - carried
        self._consumed += len(window) - carried
        self.written += window.count(b"<table:table-cell", max(carried - 16, 0))
        for found in _ODS_REPEATED.finditer(window):
            at = window_start + found.start()
            count = int(found.group(2)) - 1
            if self.far or at < self._decided or count < 1:
                continue
            opening = window.rfind(b"<", 0, found.start())
            if window.startswith(b"<table:table-column", opening):
                continue
            trailing = _empty_end(window, opening, found)
            width = _row_width(window, found) if found.group(1) == b"rows" else 1
            if trailing is None or width is None:  # cut off: decided with the next chunk
                self.far = found.start() < len(window) - 200  # unless too long to carry
                return
            self._decided = at + 1
            if not trailing:
                self.declared += count * width
                self.far = count + 1 >= ODS_REPEAT

    def result(self) -> Extent:
        """The part as an extent: vouched for unless far."""
        far = self.far or self.declared > max(ODS_REPEAT, self.written)
        return Extent(0, 0, 0, vouched=not far)


def _row_width(window: bytes, found: re.Match[bytes]) -> int | None:
    """The cells a repeated row holds, its cells' own repeats counted (None: cut off)."""
    end = window.find(b"</table:table-row>", found.end())
    if end < 0:
        return None
    body = window[found.end() : end]
    repeats = [int(n) for _, n in _ODS_REPEATED.findall(body)]
    return body.count(b"<table:table-cell") + sum(repeats) - len(repeats)


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
