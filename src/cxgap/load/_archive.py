"""Guards for zip-based workbooks (.xlsx, .xlsm, .ods), run before any reader opens one.

Zip bombs. An archive is refused when the declared uncompressed size of all its members
exceeds ``max_unpacked_mb`` (default 1024 MiB), or when a member larger than 1 MiB (or the
whole, beyond 16 MiB) unpacks to more than ``max_ratio`` times its packed size (default 100;
real sheets pack 5-20x, a bomb about 1000x). Each cap comes from
:class:`~cxgap.model.LoadOptions` when set there, else from the environment
(``CXGAP_MAX_UNPACKED_MB``, ``CXGAP_MAX_RATIO``), else the default. Declared sizes bound the
work: Python's zipfile stops at a member's declared size, and so does
python-calamine ("File is larger than its declared uncompressed size").

Entity bombs ("billion laughs"). Every XML part is streamed once and refused if it holds a
document type declaration (``<!DOCTYPE``/``<!ENTITY``), which no spreadsheet writer emits.
Behind that guard, python-calamine does not expand DTD entities (it fails with "unrecognized
entity"), and :mod:`cxgap.load._sheetxml` parses with defusedxml and ``forbid_dtd=True``.

The same pass notes which worksheets hold a formula or an error value, so that only those are
parsed again to find cells the fast reader returns as empty.
"""

from __future__ import annotations

import math
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

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
_UNREADABLE = re.compile(rb'<f[\s>/]|\st="e"')
"""A formula (``<f>``) or an error value (``t="e"``) in a worksheet's XML."""


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


def check_archive(path: Path, display: str, caps: Caps) -> frozenset[str]:
    """Refuse a zip bomb or an XML part with a DTD; return the worksheets worth a formula scan."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_sizes(infos, display, caps)
            return frozenset(
                info.filename for info in infos if _scan_member(archive, info, display)
            )
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
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


def _scan_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str) -> bool:
    """Refuse a DTD in an XML part; say whether a worksheet holds a formula or error value.

    ``bytes.find`` screens each chunk (fast); the regular expressions run only on a hit.
    """
    if not info.filename.lower().endswith(_XML_PARTS):
        return False
    look_for_cells = "worksheets/" in info.filename
    flagged = utf16 = False
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            utf16 = utf16 or (not tail and chunk.startswith(_UTF16_STARTS))
            window = tail + chunk
            if (utf16 or b"<!" in window) and _DTD.search(window):
                raise InputError(
                    f"refusing to open: {info.filename} declares XML entities (a DTD), which "
                    "no spreadsheet program writes; this looks like an entity bomb",
                    where=Where(display),
                    hint="re-export the workbook from Excel or LibreOffice",
                )
            if look_for_cells and (b"<f" in window or b't="e"' in window):
                flagged = flagged or _UNREADABLE.search(window) is not None
            tail = window[-32:]
    return flagged
