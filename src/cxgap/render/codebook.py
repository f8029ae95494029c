"""The drafted codebook as an .xlsx workbook: one ``items`` sheet, the same bytes on every run.

openpyxl writes the workbook; its zip members are then re-packed with a fixed time stamp and
the document properties carry a fixed date, so that the same draft gives the same file (a
codebook kept in version control does not change when nothing in it did).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxgap.drafting import Draft

FIXED_TIME = datetime(2026, 1, 1)
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_WIDTHS = {"item": 24, "text": 60, "column": 28, "labels": 60, "non_answers": 30, "note": 60}


def workbook_bytes(
    sheets: Mapping[str, Sequence[Sequence[object]]], *, styled: bool = True
) -> bytes:
    """An .xlsx of ``sheets`` (name -> rows), the same bytes for the same rows; ``styled``: the
    first row bold and frozen, columns widened."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(["" if value is None else value for value in row])
        for cell in sheet[1] if rows and styled else ():
            cell.font = Font(bold=True)
            width = _WIDTHS.get(str(cell.value), 14)
            sheet.column_dimensions[cell.column_letter].width = width
        if styled:
            sheet.freeze_panes = "A2"
    workbook.properties.creator = "cxgap"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _repacked(buffer.getvalue())


def codebook_bytes(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> bytes:
    """The codebook rows as the ``items`` sheet (``columns`` in order)."""
    table: list[list[object]] = [list(columns)]
    table.extend([row.get(c, "") for c in columns] for row in rows)
    return workbook_bytes({"items": table})


def draft_summary(draft: Draft, files: Sequence[str]) -> str:
    """What ``cxgap codebook`` drafted: rows, pairs, rows to check, columns left out by reason."""
    rows = len(draft.rows)
    parts = [f"drafted {rows} row{'s' if rows != 1 else ''}"]
    if len(files) == 2:
        parts.append(f"{draft.paired} paired")
    parts.append(f"{draft.to_check} needing a check (order unconfirmed)")
    lines = [", ".join(parts)]
    for name, reasons in zip(files, draft.left_out, strict=True):
        total = sum(reasons.values())
        shown = ", ".join(f"{n} {why}" for why, n in sorted(reasons.items(), key=lambda r: -r[1]))
        lines.append(f"{name}: {total} column{'s' if total != 1 else ''} left out" + (
            f" ({shown})" if shown else ""
        ))  # fmt: skip
    return "\n".join(lines)


def _repacked(data: bytes) -> bytes:
    """The zip with every member's time stamp, and the document's "modified" date, fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" at save
                data = _MODIFIED.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", data)
            target.writestr(fixed, data)
    return out.getvalue()
