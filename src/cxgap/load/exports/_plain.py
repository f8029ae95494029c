"""Google Forms downloads and plain tables: one header row, one row per response.

Google Forms heads each column with its question's full text and writes ``Timestamp`` first;
the timestamp is metadata, not an id (two responses can share a second), so the rows are
numbered, with a warning. Check-all answers are joined with ``", "`` in one cell
(``multi_choice``). A plain table is section 1.2's layout: ``respondent_id`` and ``weight`` by
name; its column names are ids, so their ``text`` is empty.
"""

from __future__ import annotations

from cxgap.load.exports._common import build_every_row
from cxgap.load.exports._detect import metadata_role
from cxgap.load.exports._grid import Grid, header_cell
from cxgap.load.exports._model import Export, ExportColumn


def read_plain(grid: Grid, display: str, platform: str) -> Export:
    rows = grid.head
    width = max(len(row) for row in rows)
    names = [header_cell(v) for v in rows[0]] + [""] * (width - len(rows[0]))
    texted = platform == "google_forms"
    metas = [
        ExportColumn(
            name=name,
            text=name if texted else "",
            role=("metadata" if not name else metadata_role(name)) or "?",
            position=j,
        )
        for j, name in enumerate(names)
    ]
    return build_every_row(grid, 1, platform, display, metas)
