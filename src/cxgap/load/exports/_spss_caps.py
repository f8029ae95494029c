"""The zip-bomb caps (``--max-unpacked-mb``, ``--max-ratio``) for an SPSS file, from its own
header, before pyreadstat reads it.

An SPSS ``.sav`` holds its cases raw or bytecode-compressed (up to 8-fold); a ``.zsav`` holds
them in zlib blocks (a thousand-fold and more). The file header (176 bytes: record type
``$FL2``/``$FL3``, then the layout code that gives the byte order, the case size in 8-byte units
at byte 68, the compression at 72 and the number of cases at 80, -1 where unknown) gives the
unpacked size, cases x case size x 8; a ``.zsav``'s trailer, at the end of the file (24 bytes,
the last 4 the number of blocks, then 24 per block: each block's unpacked and packed size),
gives it too. The larger of the two faces ``max_unpacked_mb``; unpacked over packed (the
blocks' packed sizes, or the file's size) faces ``max_ratio`` where the data unpack to more
than 1 MiB, as a workbook's members do. A Stata ``.dta`` is never compressed: its size on disk
is its data's. A header that cannot be read is left to pyreadstat, which names it.
"""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

from cxgap.load._caps import Caps, check_ratio, check_unpacked

_HEADER = 176
_MOST_BLOCKS = 1 << 20


def check_spss(path: Path, display: str, caps: Caps) -> None:
    """Refuse an SPSS file whose data would unpack beyond ``caps``."""
    if path.suffix.lower() == ".dta":
        return
    sizes = _sizes(path)
    if sizes is None:
        return
    unpacked, packed = sizes
    check_unpacked(unpacked, caps.max_unpacked_mb, display)
    check_ratio(unpacked, packed, caps.max_ratio, display)


def _sizes(path: Path) -> tuple[int, int] | None:
    """The data's unpacked and packed sizes in bytes, or None where the header says nothing."""
    size = path.stat().st_size
    if size < _HEADER:
        return None
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data[:4] not in (b"$FL2", b"$FL3"):
            return None
        order = "<" if struct.unpack_from("<i", data, 64)[0] in (2, 3) else ">"
        case_size, _, _, cases = struct.unpack_from(f"{order}4i", data, 68)
        declared = cases * case_size * 8 if cases > 0 and case_size > 0 else 0
        blocks = _zlib_blocks(data, order) if data[:4] == b"$FL3" else None
    if blocks is not None:
        unpacked, packed = blocks
        return max(unpacked, declared), packed
    return (declared, size) if declared else None


def _zlib_blocks(data: mmap.mmap, order: str) -> tuple[int, int] | None:
    """A ``.zsav`` trailer's blocks: their unpacked and packed sizes added up."""
    size = len(data)
    for n in range(1, min((size - _HEADER) // 24, _MOST_BLOCKS)):
        start = size - 24 - 24 * n
        zero, _, count = struct.unpack_from(f"{order}qii", data, start + 8)
        if zero != 0 or count != n:
            continue
        unpacked = packed = 0
        for k in range(n):
            u, p = struct.unpack_from(f"{order}ii", data, start + 24 + 24 * k + 16)
            unpacked, packed = unpacked + max(u, 0), packed + max(p, 0)
        return unpacked, packed
    return None
