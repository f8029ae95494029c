"""Reproducible Office packages: the same report gives the same bytes on every run.

An .xlsx or .pptx is a zip archive whose entries carry the time they were written, and whose
``docProps/core.xml`` carries a created and a modified date; a deck also embeds one workbook per
chart (its editable data), a package of its own. :func:`reproducible` sets every one of those
times to ``FIXED_TIME``, inside embedded packages too.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

FIXED_TIME = datetime(1980, 1, 1)
"""The earliest time a zip entry can hold: a date deliberately not set, the same every run."""
CORE = "docProps/core.xml"
_DATE = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def reproducible(package: bytes) -> bytes:
    """``package`` with its entries, in their order, timed ``FIXED_TIME``; its core dates and
    those of every embedded ``.xlsx`` set to ``FIXED_TIME`` as well."""
    stamp = FIXED_TIME.timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == CORE:
                data = fixed_dates(data)
            elif entry.filename.endswith(".xlsx"):
                data = reproducible(data)
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, data)
    return out.getvalue()


def fixed_dates(core_xml: bytes) -> bytes:
    """``docProps/core.xml`` with its created and modified dates set to ``FIXED_TIME``."""
    when = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return _DATE.sub(lambda m: m[1] + when + m[3], core_xml)
