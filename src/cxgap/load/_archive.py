"""Guards for zip-based workbooks (.xlsx, .xlsm, .ods), run before any reader relies on one.

Zip bombs (:func:`check_archive`, before any reader opens the file). An archive is refused when
the declared uncompressed size of all its members exceeds ``max_unpacked_mb`` (default
1024 MiB), or when a member larger than 1 MiB (or the whole, beyond 16 MiB) unpacks to more than
``max_ratio`` times its packed size (default 100; real sheets pack 5-20x, a bomb about 1000x).
Each cap comes from :class:`~cxgap.model.LoadOptions` when set there, else from the environment
(``CXGAP_MAX_UNPACKED_MB``, ``CXGAP_MAX_RATIO``), else the default. Declared sizes bound the
work only if they are true, and fastexcel's zip reader unpacks a member past its declared size:
so every XML part is unpacked here first, never beyond its declared size, and an archive whose
part unpacks to more or less than declared, or fails its CRC, is refused as damaged.

Entity bombs ("billion laughs", :func:`scan_archive`). Every XML part is streamed and refused if
it holds a document type declaration (``<!DOCTYPE``/``<!ENTITY``), which no spreadsheet writer
emits. This scan may run while a reader reads, because neither python-calamine nor fastexcel
expands DTD entities (they fail with "unrecognized entity"); its refusal is the error reported.
:mod:`cxgap.load._sheetxml` parses with defusedxml and ``forbid_dtd=True``.

The same scan notes what each worksheet holds (:class:`SheetScan`): a formula or an error value
(cells the readers return as empty, found again by :mod:`cxgap.load._sheetxml`), a TRUE/FALSE
cell, and how many cells are typed as text, which lets the fast reader prove that it read every
text cell as text.
"""

from __future__ import annotations

import math
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cxgap.errors import InputError, UsageError, Where
from cxgap.model import LoadOptions

DEFAULT_MAX_UNPACKED_MB = 1024.0
DEFAULT_MAX_RATIO = 100.0
RATIO_FLOOR = 1024**2
"""Members up to this size (1 MiB) are never refused for their ratio: they cannot do harm."""
ENV_MAX_UNPACKED = "CXGAP_MAX_UNPACKED_MB"
ENV_MAX_RATIO = "CXGAP_MAX_RATIO"

_CHUNK = 1 << 20
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
_TEXT_VALUES = (b'"s"', b'"str"', b'"inlineStr"')
"""The values of ``t`` that type a cell as text. Counting them wherever they stand, whatever
the attribute's spelling, can only count too many text cells, never too few."""
_SINGLE_QUOTES = bytes.maketrans(b"'", b'"')
_LOCAL_HEADER = b"PK\x03\x04"
_CARRY = 32
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


@dataclass(frozen=True)
class Caps:
    """The zip-bomb caps in force: total unpacked MiB, and the packing ratio of a member."""

    max_unpacked_mb: float
    max_ratio: float

    @classmethod
    def from_options(cls, options: LoadOptions) -> Caps:
        """The options' caps, else the environment's, else the defaults."""
        return cls(
            _cap(options.max_unpacked_mb, ENV_MAX_UNPACKED, DEFAULT_MAX_UNPACKED_MB),
            _cap(options.max_ratio, ENV_MAX_RATIO, DEFAULT_MAX_RATIO),
        )


def _cap(given: float | None, variable: str, default: float) -> float:
    """A cap from LoadOptions, else from the environment variable, else the default."""
    if given is None and variable not in os.environ:
        return default
    source = (
        f"LoadOptions' {variable.removeprefix('CXGAP_').lower()}" if given is not None else variable
    )
    text = str(given) if given is not None else os.environ[variable]
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        raise UsageError(
            f"{source} must be a number above 0, not {text!r}", hint=f"e.g. {variable}={default:g}"
        )
    return value


def check_archive(path: Path, display: str, caps: Caps) -> None:
    """Refuse a zip bomb or a damaged archive: every XML part unpacks to its declared size."""
    with _damaged(display), zipfile.ZipFile(path) as archive, path.open("rb") as handle:
        infos = archive.infolist()
        _check_sizes(infos, display, caps)
        for info in infos:
            if info.filename.lower().endswith(_XML_PARTS):
                for _ in _unpacked(handle, info):
                    pass


def scan_archive(path: Path, display: str) -> dict[str, SheetScan]:
    """Refuse an XML part with a DTD; return what each worksheet (by zip member) holds."""
    with _damaged(display), zipfile.ZipFile(path) as archive, path.open("rb") as handle:
        scans = {
            info.filename: _scan_member(handle, info, display)
            for info in archive.infolist()
            if info.filename.lower().endswith(_XML_PARTS)
        }
    return {name: scan for name, scan in scans.items() if scan is not None}


@contextmanager
def _damaged(display: str) -> Iterator[None]:
    """A zip that cannot be unpacked is an input error saying so."""
    try:
        yield
    except (
        zipfile.BadZipFile,
        zlib.error,
        struct.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise InputError(
            f"not a readable workbook: the zip archive is damaged ({exc})",
            where=Where(display),
            hint="it may be truncated or password-protected; re-export it from its source",
        ) from exc


def _check_sizes(infos: list[zipfile.ZipInfo], display: str, caps: Caps) -> None:
    total = sum(info.file_size for info in infos)
    if total > caps.max_unpacked_mb * 1024**2:
        raise InputError(
            f"refusing to open: it unpacks to {mib(total)}, above the cap of "
            f"{mib(caps.max_unpacked_mb * 1024**2)}",
            where=Where(display),
            hint=f"if the workbook is genuine, raise the cap: {ENV_MAX_UNPACKED}=<MiB>",
        )
    packed = sum(info.compress_size for info in infos)
    whole = [("it", total, packed)] if total > 16 * RATIO_FLOOR else []
    members = [(i.filename, i.file_size, i.compress_size) for i in infos]
    for name, size, packed_size in members + whole:
        ratio = size / max(packed_size, 1)
        if size > RATIO_FLOOR and ratio > caps.max_ratio:
            raise InputError(
                f"refusing to open: {name} unpacks to {mib(size)}, {ratio:,.0f} times its "
                f"packed size (cap {caps.max_ratio:g}); this looks like a zip bomb",
                where=Where(display),
                hint=f"if the workbook is genuine, raise the cap: {ENV_MAX_RATIO}=<ratio>",
            )


def mib(size: float) -> str:
    """A byte count in MiB, as a message shows it: ``1.4 MiB``, ``2,048 MiB``."""
    value = size / 1024**2
    return f"{value:,.0f} MiB" if value >= 100 else f"{value:.3g} MiB"


def _scan_member(handle: BinaryIO, info: zipfile.ZipInfo, display: str) -> SheetScan | None:
    """Refuse a DTD in an XML part; for a worksheet, say what it holds.

    The DTD is looked for only in a chunk holding a ``!``, formulas and error values are
    confirmed by a regular expression only where a plain search finds a hint, and counts
    subtract what the bytes carried over from the last chunk held.
    """
    worksheet = "worksheets/" in info.filename
    unreadable = unusual = utf16 = False
    texts = 0
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
            quoted = window.translate(_SINGLE_QUOTES) if b"'" in window else window
            carried = quoted[: len(tail)]
            unreadable = unreadable or _holds_formula_or_error(window, quoted)
            unusual = unusual or utf16 or b'"b"' in quoted
            texts += sum(quoted.count(value) - carried.count(value) for value in _TEXT_VALUES)
        tail = window[-_CARRY:]
    return SheetScan(unreadable, unusual, texts) if worksheet else None


def _holds_formula_or_error(window: bytes, quoted: bytes) -> bool:
    if (b"<f" in window or b":f" in window) and _FORMULA.search(window):
        return True
    return b'"e"' in quoted and _ERROR.search(quoted) is not None


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
