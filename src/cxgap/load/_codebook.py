"""Parse the ``items`` table (the codebook) of SPEC sections 1.1 and 5.

Besides the columns of section 1.1, an item may name its column in the samples (``column``, or
``company_column``/``customer_column`` when the two questionnaires differ), its answer
``labels`` in scale order (``Very dissatisfied;...;Very satisfied`` is 1..5 on its scale), the
platform's ``non_answers`` beyond SPEC 1.3's words, and its ``kind`` (``score``, ``outcome``,
``nps``, ``expectation``) with the ``pair`` it belongs to (SPEC 10, :mod:`._pairs`). A ``note``
column (written by ``cxgap codebook``) is for the analyst and ignored, except for
:data:`UNCONFIRMED`: a drafted row whose answer order nothing confirmed says
``order unconfirmed: [A | B | C] ...``, and stops the run until the analyst deletes those words
or sets ``labels`` to anything else than the order the note records.

A draft whose ``touchpoint`` or ``category`` is still blank stops the run with the list of
rows to fill, not just the first one.
"""

from __future__ import annotations

import math
import re

from cxgap.errors import InputError, quote_value
from cxgap.load._cells import header_text
from cxgap.load._classify import fold
from cxgap.load._pairs import link_pairs
from cxgap.load._raw import RawTable, shown_names
from cxgap.model import (
    CODEBOOK_COLUMNS,
    CODEBOOK_REQUIRED,
    KINDS,
    Codebook,
    Item,
    Kind,
    parse_codes,
)

KNOWN = CODEBOOK_COLUMNS
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}
_SHOWN_ROWS = 10
UNCONFIRMED = "order unconfirmed"
"""The words of a drafted note whose row's answer order must be checked (docs/format.md)."""
_RECORDED = re.compile(re.escape(UNCONFIRMED) + r":\s*\[([^\]]*)\]", re.I)


def parse_codebook(table: RawTable) -> Codebook:
    """Build the codebook; a missing column, duplicate item or impossible scale is an error."""
    names = [name.casefold() for name in table.header]
    for column in CODEBOOK_REQUIRED:
        if column not in names:
            raise InputError(
                f"the codebook has no '{column}' column (columns: {shown_names(table.header)})",
                where=table.where(),
                hint=f"add a '{column}' column: every item needs {', '.join(CODEBOOK_REQUIRED)}",
            )
    position = {name: j for j, name in enumerate(names)}
    extras = tuple(table.header[j] for j, name in enumerate(names) if name not in KNOWN)
    groupings = ("touchpoint", "category", *(("stage",) if "stage" in position else ()), *extras)
    rows = [
        row
        for row in range(table.n_rows)
        if any(header_text(table.columns[j][row]) for j in position.values())
    ]
    if not rows:
        raise InputError(
            "the codebook lists no items", where=table.where(), hint="add one row per survey item"
        )
    _refuse_unfilled(table, rows, position)
    _refuse_unconfirmed(table, rows, position)
    items: list[Item] = []
    seen: dict[str, int] = {}
    for row in rows:
        cells = {name: table.columns[j][row] for name, j in position.items()}
        items.append(_parse_item(table, row, cells, position, extras))
        key = items[-1].id.casefold()
        if key in seen:
            raise InputError(
                f"item {quote_value(items[-1].id)} is listed twice (rows {seen[key]} and "
                f"{table.row_number(row)})",
                where=table.where(row, position["item"]),
                hint="give each item one row with a unique id",
            )
        seen[key] = table.row_number(row)
    if "pair" in position or any(item.kind == "expectation" for item in items):
        items = link_pairs(table, rows, position, items)
    return Codebook(tuple(items), groupings)


def _refuse_unfilled(table: RawTable, rows: list[int], position: dict[str, int]) -> None:
    """One error listing every row whose item, touchpoint or category is blank."""
    blank: list[tuple[int, list[str]]] = []
    for row in rows:
        missing = [c for c in CODEBOOK_REQUIRED if not header_text(table.columns[position[c]][row])]
        if missing:
            blank.append((row, missing))
    if not blank:
        return
    if len(blank) == 1:
        row, missing = blank[0]
        raise InputError(
            f"the item's '{missing[0]}' is blank",
            where=table.where(row, position[missing[0]]),
            hint=f"fill in '{missing[0]}' for every item",
        )
    listed = "; ".join(
        f"row {table.row_number(row)} ({_item_of(table, row, position)}): {', '.join(missing)}"
        for row, missing in blank[:_SHOWN_ROWS]
    )
    more = f" (the first {_SHOWN_ROWS})" if len(blank) > _SHOWN_ROWS else ""
    raise InputError(
        f"{len(blank)} codebook rows are not filled in{more}: {listed}",
        where=table.where(),
        hint="fill in touchpoint and category for every item (a draft from cxgap codebook "
        "leaves them to you)",
    )


def _refuse_unconfirmed(table: RawTable, rows: list[int], position: dict[str, int]) -> None:
    """One error listing every row whose note still says its answer order is unconfirmed and
    whose labels are still the order that note records."""
    if "note" not in position:
        return
    waiting = []
    for row in rows:
        note = header_text(table.columns[position["note"]][row])
        if UNCONFIRMED not in note.casefold():
            continue
        recorded = _RECORDED.search(note)
        labels = header_text(table.columns[position["labels"]][row]) if "labels" in position else ""
        drafted = recorded.group(1).split(" | ") if recorded else None
        if drafted is None or [fold(x) for x in drafted] == [fold(x) for x in _split(labels)]:
            waiting.append(row)
    if not waiting:
        return
    listed = "; ".join(
        f"row {table.row_number(row)} ({_item_of(table, row, position)})"
        for row in waiting[:_SHOWN_ROWS]
    )
    more = f" (the first {_SHOWN_ROWS})" if len(waiting) > _SHOWN_ROWS else ""
    count = "1 codebook row has" if len(waiting) == 1 else f"{len(waiting)} codebook rows have"
    raise InputError(
        f"{count} an unconfirmed answer order{more}: {listed}",
        where=table.where(waiting[0], position["note"]) if len(waiting) == 1 else table.where(),
        hint="put each row's labels in scale order, low to high (or, if they already are, "
        f"delete '{UNCONFIRMED}' from its note)",
    )


def _item_of(table: RawTable, row: int, position: dict[str, int]) -> str:
    item = header_text(table.columns[position["item"]][row])
    return item or "no item id"


def _parse_item(
    table: RawTable,
    row: int,
    cells: dict[str, object],
    position: dict[str, int],
    extras: tuple[str, ...],
) -> Item:
    def text(name: str) -> str:
        return header_text(cells.get(name))

    def number(name: str) -> float | None:
        value = cells.get(name)
        if value is None or header_text(value) == "":
            return None
        try:
            result = float(str(value).strip()) if not isinstance(value, int | float) else value
        except ValueError:
            result = math.nan
        if isinstance(value, bool) or not math.isfinite(float(result)):
            raise InputError(
                f"{quote_value(value)} is not a number",
                where=table.where(row, position[name]),
                hint=f"write a number in '{name}' or leave it blank",
            )
        return float(result)

    labels = _split(text("labels"))
    kind = _kind(table, row, position, text("kind"))
    lo, hi = _scale(table, row, position, number("scale_min"), number("scale_max"), labels, kind)
    top = number("top_box_min")
    if top is not None and not lo <= top <= hi:
        raise InputError(
            f"top_box_min {top:g} is outside the {lo:g}-{hi:g} scale",
            where=table.where(row, position["top_box_min"]),
            hint="choose a score within the scale",
        )
    groups = {"touchpoint": text("touchpoint"), "category": text("category")}
    groups["stage"] = text("stage")
    groups.update(
        {name: header_text(table.columns[table.header.index(name)][row]) for name in extras}
    )
    return Item(
        id=text("item"),
        touchpoint=text("touchpoint"),
        category=text("category"),
        text=text("text"),
        stage=text("stage"),
        scale_min=lo,
        scale_max=hi,
        top_box_min=top,
        reverse=_yes_no(table, row, position, cells),
        missing_codes=_codes(table, row, position, cells),
        groups=groups,
        column=text("column"),
        company_column=text("company_column"),
        customer_column=text("customer_column"),
        labels=labels,
        non_answers=_split(text("non_answers")),
        kind=kind,
        pair=text("pair"),
    )


def _scale(
    table: RawTable,
    row: int,
    position: dict[str, int],
    given_lo: float | None,
    given_hi: float | None,
    labels: tuple[str, ...],
    kind: Kind,
) -> tuple[float, float]:
    """The answer scale: as given, else 1-5 (an nps item 0-10), else as many points as the
    labels from 1."""
    nps = kind == "nps"
    lo = (0.0 if nps else 1.0) if given_lo is None else given_lo
    default_hi = 10.0 if nps else 5.0 if not labels else lo + len(labels) - 1
    hi = default_hi if given_hi is None else given_hi
    if nps and (lo, hi) != (0.0, 10.0):
        raise InputError(
            f"an nps item runs from 0 to 10, not {lo:g}-{hi:g}",
            where=table.where(row, position.get("scale_min", position["kind"])),
            hint="set scale_min 0 and scale_max 10 (or leave them blank), or change its kind",
        )
    if lo >= hi:
        raise InputError(
            f"scale_min {lo:g} is not below scale_max {hi:g}",
            where=table.where(row, position.get("scale_min", position["item"])),
            hint="the scale runs from its lowest to its highest point, e.g. 1 and 5",
        )
    if labels and len(labels) != hi - lo + 1:
        raise InputError(
            f"{len(labels)} labels for the {lo:g}-{hi:g} scale, which has {hi - lo + 1:g} points",
            where=table.where(row, position["labels"]),
            hint="give one label per scale point, lowest first, separated by ';'",
        )
    if labels and len({fold(label) for label in labels}) < len(labels):
        raise InputError(
            "two labels are the same",
            where=table.where(row, position["labels"]),
            hint="each scale point needs its own label",
        )
    return lo, hi


def _split(text: str) -> tuple[str, ...]:
    """A ``;``-separated list, its parts trimmed, empty parts dropped."""
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _kind(table: RawTable, row: int, position: dict[str, int], word: str) -> Kind:
    for kind in KINDS:
        if word.casefold() == kind:
            return kind
    if not word:
        return "score"
    raise InputError(
        f"kind is {quote_value(word)}",
        where=table.where(row, position["kind"]),
        hint=f"write one of {', '.join(KINDS)} (blank means score)",
    )


def _yes_no(table: RawTable, row: int, position: dict[str, int], cells: dict[str, object]) -> bool:
    word = header_text(cells.get("reverse")).casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InputError(
        f"reverse is {quote_value(word)}",
        where=table.where(row, position["reverse"]),
        hint="write yes or no (blank means no)",
    )


def _codes(
    table: RawTable, row: int, position: dict[str, int], cells: dict[str, object]
) -> tuple[float, ...]:
    raw = cells.get("missing_codes")
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return (float(raw),)
    parsed = parse_codes(header_text(raw))
    if parsed.bad is not None:
        raise InputError(
            f"missing code {quote_value(parsed.bad)} is not a number",
            where=table.where(row, position["missing_codes"]),
            hint="list numbers separated by ';', e.g. -99;99",
        )
    return parsed.numbers
