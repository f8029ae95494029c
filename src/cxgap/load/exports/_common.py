"""What every text-based reader shares: leaving out test and unfinished responses, naming
columns uniquely, telling free text and check-all answers from ratings, building the Export."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt

from cxgap.errors import InputError, Where
from cxgap.load._cells import NUMBER, TEXT, Cells, header_text
from cxgap.load._raw import column_letter
from cxgap.load.exports._grid import Grid
from cxgap.load.exports._ladders import match
from cxgap.load.exports._model import Export, ExportColumn

STATUS_LEFT_OUT = {
    "survey preview": "survey preview",
    "survey test": "survey test",
    "spam": "spam",
    "survey preview spam": "survey preview",
    "imported spam": "spam",
    "offline survey preview": "survey preview",
    "1": "survey preview",
    "2": "survey test",
    "8": "spam",
    "9": "survey preview",
    "12": "spam",
    "17": "survey preview",
}
"""Qualtrics' Response Type (``Status``) of responses that are not real: as text (choice-text
exports) or as its code (numeric exports: 0 IP Address, 1 Survey Preview, 2 Survey Test,
4 Imported, 8 Spam, 9 Preview Spam, 12 Imported Spam, 16 Offline, 17 Offline Preview)."""

_UNFINISHED = {"false", "0", "0.0"}
_CHECK_ALL = re.compile(r"check all|select all|all that apply|choose all|mark all", re.I)
NOT_SELECTED = {"not selected", "0"}


def keep_rows(
    length: int,
    status: Cells | None,
    finished: Cells | None,
    *,
    keep_partial: bool,
    keep_tests: bool = False,
) -> tuple[npt.NDArray[np.intp], dict[str, int]]:
    """Positions of the responses to keep, and the others counted by reason (a survey test is
    counted as such even when it is also unfinished). Decided once per distinct value."""
    keep = np.ones(length, dtype=bool)
    left_out: dict[str, int] = {}
    if status is not None and not keep_tests:
        keys, inverse = _row_keys(status)
        reasons = np.array([STATUS_LEFT_OUT.get(k, "") for k in keys] or [""], dtype=object)
        per_row = reasons[inverse]
        for reason in sorted(set(reasons.tolist()) - {""}):
            marked = per_row == reason
            left_out[reason] = left_out.get(reason, 0) + int(marked.sum())
            keep &= ~marked
    if finished is not None and not keep_partial:
        keys, inverse = _row_keys(finished)
        unfinished = np.array([k in _UNFINISHED for k in keys] or [False])[inverse] & keep
        if unfinished.any():
            left_out["unfinished"] = int(unfinished.sum())
            keep &= ~unfinished
    return np.flatnonzero(keep), {k: v for k, v in left_out.items() if v}


def _row_keys(cells: Cells) -> tuple[list[str], npt.NDArray[np.intp]]:
    """The values of a column as lower-case text, as :meth:`Cells.labels` reads them (``1.0``
    as ``1``), one per distinct text, number or other value (two may read the same), and each
    row's index among them; worked out per distinct value, never per row."""
    keys = [str(text).casefold() for text in cells.stripped_texts().tolist()]
    inverse = np.full(len(cells), len(keys), dtype=np.intp)
    keys.append("")  # an empty cell
    is_text = cells.kinds == TEXT
    inverse[is_text] = cells.text_ids[is_text]
    is_number = cells.kinds == NUMBER
    if is_number.any():
        distinct, at = np.unique(cells.numbers[is_number], return_inverse=True)
        inverse[is_number] = len(keys) + at
        keys.extend(header_text(float(v)).casefold() for v in distinct.tolist())
    for row, value in cells.others.items():
        inverse[row] = len(keys)
        keys.append(header_text(value).casefold())
    return keys, inverse


def left_out_warning(display: str, left_out: dict[str, int]) -> tuple[str, ...]:
    if not left_out:
        return ()
    parts = ", ".join(f"{count} {reason}" for reason, count in sorted(left_out.items()))
    hint = " (--keep-partial keeps the unfinished)" if "unfinished" in left_out else ""
    return (f"{display}: left out {sum(left_out.values())} responses: {parts}{hint}",)


def no_responses(display: str, left_out: dict[str, int]) -> InputError:
    if not left_out:
        return InputError(
            "the export holds no responses, only its header rows",
            where=Where(display),
            hint="export it again once responses are recorded",
        )
    parts = ", ".join(f"{count} {reason}" for reason, count in sorted(left_out.items()))
    hint = (
        "pass --keep-partial to analyse unfinished responses"
        if "unfinished" in left_out
        else "export the real responses (not the survey tests or previews)"
    )
    return InputError(f"every response was left out ({parts})", where=Where(display), hint=hint)


def unique_names(
    metas: list[ExportColumn], alternates: Sequence[str], display: str = ""
) -> list[str]:
    """Make every column name unique and non-blank; returns warnings for renamed answers.

    A blank name becomes ``column D`` (its spreadsheet letter). A name that repeats among the
    answer columns takes its alternate (the Qualtrics ImportId, unique by construction) when it
    has one, else ``name (2)``, ``name (3)``...; a repeated metadata name is numbered too."""
    counts = Counter(m.name for m in metas)
    used: set[str] = set()
    renamed: list[str] = []
    for j, meta in enumerate(metas):
        name = meta.name or f"column {column_letter(meta.position)}"
        if counts[meta.name] > 1 or name in used:
            alt = alternates[j] if j < len(alternates) else ""
            if meta.role != "metadata" and alt and alt not in used and not counts[alt]:
                name = alt
            elif name in used:
                k = 2
                while f"{name} ({k})" in used:
                    k += 1
                name = f"{name} ({k})"
            if meta.role != "metadata" and name != meta.name:
                renamed.append(f"{meta.name} -> {name}")
        used.add(name)
        metas[j] = replace(meta, name=name)
    if not renamed:
        return []
    shown = ", ".join(renamed[:8]) + (f" and {len(renamed) - 8} more" if len(renamed) > 8 else "")
    where = f"{display}: " if display else ""
    return [
        f"{where}{len(renamed)} answer columns share an id with another and were renamed: "
        f"{shown}; "
        "give them unique export tags in the survey platform to keep these names stable"
    ]


def content_role(cells: Cells, text: str, sub: str = "") -> str:
    """``free_text``, ``multi_choice`` or ``answer`` for a question column, from its cells."""
    distinct = text_counts(cells)
    if not distinct:
        return "answer"
    chosen = [v for v in distinct if v.casefold() not in NOT_SELECTED]
    if len(chosen) == 1 and (
        (sub and chosen[0] == sub.strip())
        or "Not selected" in distinct
        or (_CHECK_ALL.search(text) and chosen[0] == "1")
        or text.rstrip().endswith(chosen[0])
    ):
        return "multi_choice"
    texts = [v for v in distinct if not _number(v)]
    if texts and _comma_joined(distinct, text):
        return "multi_choice"
    n_texts = sum(distinct[v] for v in texts)
    mean_length = sum(len(v) * distinct[v] for v in texts) / max(n_texts, 1)
    typed = len(texts) > 0.5 * n_texts and (mean_length >= 20 or len(texts) >= 20)
    if len(texts) >= 5 and typed and match(texts) is None:  # a small pilot's ladder is no text
        return "free_text"
    return "answer"


def text_counts(cells: Cells) -> Counter[str]:
    """How often each filled cell value occurs, as trimmed text (numbers as written: ``4``)."""
    counts: Counter[str] = Counter()
    is_text = cells.kinds == TEXT
    if is_text.any():
        ids = cells.text_ids if is_text.all() else cells.text_ids[is_text]
        per_id = np.bincount(ids, minlength=len(cells.texts))
        for text, n in zip(cells.stripped_texts().tolist(), per_id.tolist(), strict=True):
            if n and text:
                counts[text] += n
    is_number = cells.kinds == NUMBER
    if is_number.any():  # (a column of texts has no numbers to look at)
        is_number &= ~np.isnan(cells.numbers)
    if is_number.any():
        values, n = np.unique(cells.numbers[is_number], return_counts=True)
        for value, k in zip(values.tolist(), n.tolist(), strict=True):
            counts[header_text(value)] += k
    return counts


def _comma_joined(distinct: Counter[str], text: str) -> bool:
    joined = sum(n for v, n in distinct.items() if ", " in v)
    if not joined:
        return False
    if _CHECK_ALL.search(text):
        return True
    parts = {p.strip() for v in distinct for p in v.split(", ")}
    return joined >= 0.2 * sum(distinct.values()) and len(distinct) > 1.5 * len(parts)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def build_every_row(
    grid: Grid,
    header_rows: int,
    platform: str,
    display: str,
    metas: list[ExportColumn],
    **more: Any,
) -> Export:
    """The Export of a grid none of whose responses is left out (it has no status or finished
    column): every row after its ``header_rows``, as :func:`build` makes it."""
    columns = grid.body(header_rows, len(metas))
    every = np.arange(len(columns[0]) if columns else 0)
    return build(
        platform=platform,
        display=display,
        metas=metas,
        columns=columns,
        first_row=header_rows + 1,
        kept=every,
        left_out={},
        **more,
    )


def build(
    *,
    platform: str,
    display: str,
    metas: list[ExportColumn],
    columns: list[Cells],
    first_row: int,
    kept: npt.NDArray[np.intp],
    left_out: dict[str, int],
    subs: Sequence[str] = (),
    alternates: Sequence[str] = (),
    warnings: Sequence[str] = (),
) -> Export:
    """The Export of ``columns`` (every data row; the first at file row ``first_row``), keeping
    the rows ``kept``.

    A column whose role is ``"?"`` is a question column whose role its cells decide
    (:func:`content_role`; ``subs`` holds SurveyMonkey's sub-headers)."""
    if not len(kept):
        raise no_responses(display, left_out)
    if columns and len(kept) < len(columns[0]):
        columns = [column.take(kept) for column in columns]
    for j, meta in enumerate(metas):
        if meta.role == "?":
            sub = subs[j] if j < len(subs) else ""
            metas[j] = replace(meta, role=content_role(columns[j], meta.text, sub))
    notes = unique_names(metas, alternates, display)
    notes.extend(warnings)
    ids = [m.name for m in metas if m.role == "id"]
    respondent_id = ids[0] if ids else None
    if respondent_id is None:
        notes.append(f"{display}: no respondent id column; respondents are numbered by row")
    return Export(
        platform=platform,
        file=display,
        header=tuple(m.name for m in metas),
        columns=tuple(columns),
        meta=tuple(metas),
        row_numbers=tuple((kept + first_row).tolist()),
        header_rows=first_row - 1,
        respondent_id=respondent_id,
        left_out=left_out,
        warnings=(*left_out_warning(display, left_out), *notes),
    )
