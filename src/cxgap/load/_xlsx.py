"""The guard of zip-based workbooks (.xlsx, .xlsm, .ods), in two passes over the archive.

:func:`check_archive`, before any reader opens the file, refuses

- a zip bomb by its directory: the declared uncompressed size of all members above
  ``max_unpacked_mb``, or a member larger than 1 MiB (or the whole, beyond 16 MiB) that
  unpacks to more than ``max_ratio`` times its packed size (real sheets pack 5-20x, a bomb
  about 1000x). Both caps come from :class:`~cxgap.model.LoadOptions` (the CLI's
  ``--max-unpacked-mb``/``--max-ratio``).
- a damaged or lying archive: declared sizes bound the work only if they are true, and
  fastexcel's zip reader unpacks a member past its declared size; so every XML part is
  unpacked here, in chunks, never beyond its declared size, and one that unpacks to more or
  less than declared, or fails its CRC, is refused.

:func:`scan_archive` may run while a reader reads (:mod:`._sheets` runs it in a thread beside
fastexcel): it refuses an entity bomb ("billion laughs": an XML part holding a document type
declaration, ``<!DOCTYPE``/``<!ENTITY``, which no spreadsheet writer emits and neither reader
expands), and notes what each worksheet (and an .ods's ``content.xml``) holds
(:class:`SheetScan`): a formula or an error value (cells the readers return as empty, found
again by :mod:`._sheetxml`), a TRUE/FALSE cell, and how many cells are typed as text, which
lets the fast reader prove that it read every text cell as text.

Why two passes, not one: a single pass must finish before fastexcel starts, which puts the
scan's counting (about 0.3 s for a 100k x 30 sheet) on the critical path; beside fastexcel it
costs nothing on two cores. Measured on 100k x 30: 2.04 s with one pass, 1.88 s with two.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cxgap.errors import InputError, Where
from cxgap.load._caps import RATIO_FLOOR, Caps, check_ratio, check_unpacked
from cxgap.load._extent import Extent, ExtentCounter, OdsRepeats
from cxgap.load._refuse import refused
from cxgap.model import Progress

_CHUNK = 1 << 20
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
)
"""What unpacking a damaged or encrypted archive raises."""
_XML_PARTS = (".xml", ".rels", ".vml")
_DTD_WORDS = ("<!DOCTYPE", "<!ENTITY")
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
_DTD = re.compile(
    b"|".join(
        re.escape(word.encode(codec))
        for word in _DTD_WORDS
        for codec in ("utf-8", "utf-16-le", "utf-16-be")
    )
)
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
"""A formula element (``<f>``, ``<x:f ...>``) in a worksheet's XML."""
_ERROR = re.compile(rb"\st\s*=\s*\"e\"")
"""A cell typed as an error value (``t="e"``; single quotes are made double first)."""
_TYPED = re.compile(rb'"(s|str|inlineStr|b|e)"')
"""The values of ``t`` that type a cell as text (``s``, ``str``, ``inlineStr``), TRUE/FALSE
(``b``) or an error (``e``), found in one pass. Counting them wherever they stand, whatever
the attribute's spelling, can only count too many text cells, never too few."""
_TEXT_TYPES = (b"s", b"str", b"inlineStr")
ODS_CONTENT = "content.xml"
"""The part of an OpenDocument spreadsheet that holds every sheet."""
_ODS_HINTS = (b"table:formula", b'value-type="error"', b"value-type='error'")
"""What an .ods cell holding a formula or an error value carries (checked by a parse after)."""
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension ref=\"[A-Z]+\d+(?::[A-Z]+(\d+))?\"")
"""A sheet's extent (``<dimension ref="A1:AF100001"/>``): its last row."""
_SINGLE_QUOTES = bytes.maketrans(b"'", b'"')
_LOCAL_HEADER = b"PK\x03\x04"
_CARRY = 256
"""Bytes carried from one chunk to the next, so that no pattern is cut in two."""


@dataclass(frozen=True)
class SheetScan:
    """What one worksheet's XML holds, as far as choosing a reader goes."""

    unreadable: bool
    """A formula or an error value: cells the readers return as empty."""
    unusual: bool
    """A cell typed TRUE/FALSE (fastexcel reads it as 1 or 0), or XML in UTF-16."""
    texts: int
    """Cells typed as text (``t="s"``, ``"str"``, ``"inlineStr"``)."""
    rows: int = 0
    """Rows (``<row>`` elements) in the sheet's XML, for the progress of reading it."""


def guard_archive(
    path: Path, caps: Caps, progress: Progress | None = None
) -> tuple[dict[str, Extent], dict[str, SheetScan]]:
    """:func:`check_archive`, then :func:`scan_archive`: everything the guard refuses, how far
    each worksheet reaches and what it holds (by zip member)."""
    extents = check_archive(path, caps)
    return extents, scan_archive(path, progress)


def check_archive(path: Path, caps: Caps) -> dict[str, Extent]:
    """Refuse a zip bomb or a damaged archive: the declared sizes within the caps, and every XML
    part unpacking to its declared size with its CRC. Only this must finish before a reader
    opens the file. Returns how far each worksheet reaches (:mod:`._extent`), by zip member;
    an .ods's ``content.xml`` is there as not vouched for when it repeats a row or cell that
    may hold a value (:class:`~cxgap.load._extent.OdsRepeats`)."""
    display = str(path)
    counters: dict[str, ExtentCounter | OdsRepeats] = {}
    with (
        _damaged(display),
        zipfile.ZipFile(path) as archive,
        path.open("rb") as handle,
        _Beside() as beside,
    ):
        infos = archive.infolist()
        _check_sizes(infos, display, caps)
        for info in infos:
            if not info.filename.lower().endswith(_XML_PARTS):
                continue
            counter: ExtentCounter | OdsRepeats | None = None
            if "worksheets/" in info.filename:
                counter = counters[info.filename] = ExtentCounter()
            elif info.filename == ODS_CONTENT:
                counter = counters[info.filename] = OdsRepeats()
            tail = b""
            for chunk in _unpacked(handle, info):
                if counter is not None:
                    window = tail + chunk
                    beside.run(counter.feed, window, len(tail))
                    tail = window[-_CARRY:]
    return {name: counter.result() for name, counter in counters.items()}


class _Beside:
    """Runs the extent counts in one thread beside the unpacking (numpy and zlib let go of the
    GIL, so on two cores they cost next to no time), in order, a few chunks queued at most."""

    _QUEUED = 4

    def __enter__(self) -> _Beside:
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.queued: deque[Future[None]] = deque()
        return self

    def run(self, count: Callable[[bytes, int], None], window: bytes, carried: int) -> None:
        if len(self.queued) >= self._QUEUED:
            self.queued.popleft().result()
        self.queued.append(self.pool.submit(count, window, carried))

    def __exit__(self, kind: object, exc: BaseException | None, _: object) -> None:
        try:
            if exc is None:
                for future in self.queued:
                    future.result()
        finally:
            for future in self.queued:
                future.cancel()
            self.pool.shutdown(wait=True)


def scan_archive(path: Path, progress: Progress | None = None) -> dict[str, SheetScan]:
    """Refuse an XML part with a DTD; return what each worksheet (by zip member) holds.
    ``progress`` hears of the rows checked in each large worksheet. Neither python-calamine nor
    fastexcel expands DTD entities, so this may run while a reader reads; its refusal is then
    the error to report."""
    display = str(path)
    with _damaged(display), zipfile.ZipFile(path) as archive, path.open("rb") as handle:
        told = _Told(progress, path.name) if progress is not None else None
        scans = {
            info.filename: _scan_member(handle, info, display, told)
            for info in archive.infolist()
            if info.filename.lower().endswith(_XML_PARTS)
        }
    return {name: scan for name, scan in scans.items() if scan is not None}


@contextmanager
def _damaged(display: str) -> Iterator[None]:
    """A zip that cannot be unpacked is an input error saying so."""
    with refused(
        "not a readable workbook: the zip archive is damaged",
        display,
        "it may be truncated or password-protected; re-export it from its source",
        _DAMAGED,
        cut=None,
        named=False,
    ):
        yield


def _check_sizes(infos: list[zipfile.ZipInfo], display: str, caps: Caps) -> None:
    total = sum(info.file_size for info in infos)
    check_unpacked(total, caps.max_unpacked_mb, display, workbook=True)
    packed = sum(info.compress_size for info in infos)
    whole = [("it", total, packed)] if total > 16 * RATIO_FLOOR else []
    members = [(i.filename, i.file_size, i.compress_size) for i in infos]
    for name, size, packed_size in members + whole:
        check_ratio(size, packed_size, caps.max_ratio, display, member=name)


@dataclass(frozen=True)
class _Told:
    """Where the guard reports the rows it has checked, and the workbook's name for it."""

    progress: Progress
    name: str

    def rows(self, done: int, chunk: bytes, total: int | None) -> int | None:
        """Tell of ``done`` rows checked; the total is read from the sheet's ``<dimension>``."""
        if total is None:
            found = _DIMENSION.search(chunk)
            total = max(int(found.group(1)) - 1, 0) if found and found.group(1) else None
        self.progress(f"reading {self.name}", done, total)
        return total


def _scan_member(
    handle: BinaryIO, info: zipfile.ZipInfo, display: str, told: _Told | None = None
) -> SheetScan | None:
    """Refuse a DTD in an XML part; for a worksheet, say what it holds.

    The DTD is looked for only in a chunk holding a ``!``; cell types are counted by one
    regular expression; formulas and error values are confirmed by a regular expression only
    where a plain search finds a hint (``<f``, and ``:f`` in a sheet whose elements carry a
    namespace prefix); counts subtract what the bytes carried over from the last chunk held.
    """
    worksheet = "worksheets/" in info.filename
    ods_content = info.filename == ODS_CONTENT
    unreadable = unusual = utf16 = prefixed = False
    texts = rows = 0
    total: int | None = None
    told = told if worksheet and info.file_size > RATIO_FLOOR else None
    tail = b""
    for chunk in _unpacked(handle, info):
        utf16 = utf16 or (not tail and chunk.startswith(_UTF16_STARTS))
        window = tail + chunk
        if (utf16 or b"!" in window) and _DTD.search(window):
            raise InputError(
                f"refusing to open: {info.filename} declares XML entities (a DTD), which "
                "no spreadsheet program writes; this looks like an entity bomb",
                where=Where(display),
                hint="re-export the workbook from Excel or LibreOffice",
            )
        if worksheet:
            prefixed = prefixed or (not tail and b":worksheet" in chunk)
            quoted = window.translate(_SINGLE_QUOTES) if _single_quoted(window) else window
            typed = Counter(_TYPED.findall(quoted))
            typed.subtract(_TYPED.findall(quoted[: len(tail)]))  # counted with the last chunk
            texts += sum(typed[value] for value in _TEXT_TYPES)
            if told is not None:  # rows are counted only for a progress bar
                rows += window.count(b"<row") - window[: len(tail)].count(b"<row")
                total = told.rows(max(rows - 1, 0), chunk, total)
            unusual = unusual or utf16 or typed[b"b"] > 0
            unreadable = (
                unreadable
                or ((b"<f" in window or (prefixed and b":f" in window)) and _has_formula(window))
                or (typed[b"e"] > 0 and _ERROR.search(quoted) is not None)
            )
        elif ods_content:
            unreadable = unreadable or any(hint in window for hint in _ODS_HINTS)
        tail = window[-_CARRY:]
    return SheetScan(unreadable, unusual, texts, rows) if worksheet or ods_content else None


_SPACES = frozenset(b" \t\r\n")


def _single_quoted(window: bytes) -> bool:
    """Whether an attribute's value stands in single quotes (``t='s'``): an apostrophe after
    ``=`` and spaces. Apostrophes in texts (``Don't know``) are common; such attributes rare."""
    at = window.find(b"'")
    while at >= 0:
        before = at - 1
        while before >= 0 and window[before] in _SPACES:
            before -= 1
        if before >= 0 and window[before] == 0x3D:  # "="
            return True
        at = window.find(b"'", at + 1)
    return False


def _has_formula(window: bytes) -> bool:
    return _FORMULA.search(window) is not None


def _unpacked(handle: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes in chunks, never more than its declared size; a member that unpacks
    to more or less than declared, or fails its CRC, is damaged (``zipfile.BadZipFile``)."""
    if info.flag_bits & 0x1:
        raise RuntimeError(f"{info.filename} is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise NotImplementedError(f"{info.filename}: compression method {info.compress_type}")
    if info.header_offset < 0:  # zipfile adds a damaged directory's offset error to it
        raise zipfile.BadZipFile(f"{info.filename}: its local header lies before the file")
    handle.seek(info.header_offset)
    local = handle.read(30)
    if len(local) < 30 or not local.startswith(_LOCAL_HEADER):
        raise zipfile.BadZipFile(f"{info.filename}: bad local file header")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    left, size, crc = info.compress_size, 0, 0
    while True:
        data = inflate.unconsumed_tail
        if not data and left > 0:
            data = handle.read(min(left, _CHUNK))
            left -= len(data)
            if not data:
                break
        if info.compress_type == zipfile.ZIP_STORED:
            chunk = data
        else:
            chunk = inflate.decompress(data, _CHUNK)
        if not chunk and not data:
            break
        size += len(chunk)
        if size > info.file_size:
            raise zipfile.BadZipFile(
                f"{info.filename} unpacks to more than its declared {info.file_size:,} bytes"
            )
        crc = zlib.crc32(chunk, crc)
        if chunk:
            yield chunk
        if inflate.eof or (info.compress_type == zipfile.ZIP_STORED and left <= 0):
            break
    if size != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile(f"{info.filename} is truncated or fails its CRC check")
