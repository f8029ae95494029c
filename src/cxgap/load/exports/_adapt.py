"""An export as the loader's respondent table: the same :class:`~cxgap.load._raw.RawTable` a
plain sample sheet gives (SPEC 5: readers, not a second pipeline).

Kept: the codebook's item columns (whatever role the reader gave them), answers, the weight
and the respondent id (renamed ``respondent_id``), and the metadata columns ``--split``
names; left out: other metadata, free text and check-all-that-apply columns. Value labels,
user-missing codes and ranges and a platform's no-answer texts travel with their columns to
the classifier. The table has no sheet, so its cells are named by row and column.
"""

from __future__ import annotations

from collections.abc import Collection

from cxgap.load._raw import RawTable, header_key
from cxgap.load.exports._model import Export

_KEPT_ROLES = ("answer", "weight", "id")


def sample_table(export: Export, referenced: Collection[str], keep: Collection[str]) -> RawTable:
    """The export's respondent table; ``referenced``: column names the codebook names (folded),
    ``keep``: metadata columns to keep as attributes (folded)."""
    chosen = [
        j
        for j, meta in enumerate(export.meta)
        if meta.name
        and (
            meta.role in _KEPT_ROLES
            or header_key(meta.name) in referenced
            or header_key(meta.name) in keep
        )
    ]
    metas = [export.meta[j] for j in chosen]
    header = tuple(
        "respondent_id" if m.role == "id" and m.name == export.respondent_id else export.header[j]
        for j, m in zip(chosen, metas, strict=True)
    )
    named = list(zip(header, metas, strict=True))
    return RawTable(
        file=export.file,
        sheet="",
        header=header,
        columns=tuple(export.columns[j] for j in chosen),
        header_row=0,
        col_offset=tuple(range(len(chosen))),
        row_numbers=export.row_numbers,
        reader=export.platform,
        value_labels={
            name: {float(k): v for k, v in m.value_labels.items() if not isinstance(k, str)}
            for name, m in named
            if m.value_labels
        },
        missing_codes={n: m.missing_codes for n, m in named if m.missing_codes},
        missing_ranges={n: m.missing_ranges for n, m in named if m.missing_ranges},
        missing_texts={n: m.missing_texts for n, m in named if m.missing_texts},
    )
