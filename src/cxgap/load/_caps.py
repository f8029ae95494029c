"""The caps on what a file may unpack to (``--max-unpacked-mb``, ``--max-ratio``): one check of
the unpacked size and one of the packing ratio, for a workbook's zip archive (:mod:`._xlsx`), an
SPSS file's data (:mod:`.exports._spss_caps`) and a Parquet file's row groups
(:mod:`._parquet`), each refusal naming the cap to raise."""

from __future__ import annotations

from dataclasses import dataclass

from cxgap.errors import InputError, Where
from cxgap.model import LoadOptions

RATIO_FLOOR = 1024**2
"""Members up to this size (1 MiB) are never refused for their ratio: they cannot do harm."""
RAISE_UNPACKED = "--max-unpacked-mb"
RAISE_RATIO = "--max-ratio"


@dataclass(frozen=True)
class Caps:
    """The zip-bomb caps in force: total unpacked MiB, and the packing ratio of a member."""

    max_unpacked_mb: float
    max_ratio: float

    @classmethod
    def from_options(cls, options: LoadOptions) -> Caps:
        return cls(options.max_unpacked_mb, options.max_ratio)


def check_unpacked(size: int, cap_mb: float, display: str, *, workbook: bool = False) -> None:
    """Refuse data that unpack to more than ``cap_mb`` MiB."""
    if size <= cap_mb * 1024**2:
        return
    subject = "open: it unpacks" if workbook else "read: its data unpack"
    raise InputError(
        f"refusing to {subject} to {mib(size)}, above the cap of {mib(cap_mb * 1024**2)}",
        where=Where(display),
        hint=f"if the {_thing(workbook)} is genuine, raise the cap: {RAISE_UNPACKED} <MiB>",
    )


def check_ratio(
    size: int, packed: int, cap: float, display: str, *, member: str | None = None
) -> None:
    """Refuse data (a workbook's ``member``, else a file's data) that unpack to more than 1 MiB
    at more than ``cap`` times their packed size."""
    ratio = size / max(packed, 1)
    if size <= RATIO_FLOOR or ratio <= cap:
        return
    shown = f"{mib(size)}, {ratio:,.0f} times"
    message = (
        f"refusing to read: its data unpack to {shown} their packed size (cap {cap:g}); this "
        "looks like a decompression bomb"
        if member is None
        else f"refusing to open: {member} unpacks to {shown} its packed size (cap {cap:g}); "
        "this looks like a zip bomb"
    )
    raise InputError(
        message,
        where=Where(display),
        hint=f"if the {_thing(member is not None)} is genuine, raise the cap: "
        f"{RAISE_RATIO} <ratio>",
    )


def _thing(workbook: bool) -> str:
    return "workbook" if workbook else "file"


def mib(size: float) -> str:
    """A byte count in MiB, as a message shows it: ``1.4 MiB``, ``2,048 MiB``."""
    value = size / 1024**2
    return f"{value:,.0f} MiB" if value >= 100 else f"{value:.3g} MiB"
