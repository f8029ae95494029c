"""Parse the ``items`` table (the codebook) of SPEC section 1.1."""

from __future__ import annotations

import math

from cxgap.errors import InputError
from cxgap.load._tables import Table, header_text
from cxgap.model import (
    CODEBOOK_COLUMNS,
    CODEBOOK_REQUIRED,
    KINDS,
    Codebook,
    Item,
    Kind,
    parse_codes,
)

REQUIRED = CODEBOOK_REQUIRED
KNOWN = CODEBOOK_COLUMNS
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


def parse_codebook(table: Table) -> Codebook:
    """Build the codebook; a missing column, duplicate item or impossible scale is an error."""
    names = [name.casefold() for name in table.header]
    for column in REQUIRED:
        if column not in names:
            raise InputError(
                f"the codebook has no '{column}' column (columns: {', '.join(table.header)})",
                where=table.where(),
                hint=f"add a '{column}' column: every item needs {', '.join(REQUIRED)}",
            )
    position = {name: j for j, name in enumerate(names)}
    extras = tuple(table.header[j] for j, name in enumerate(names) if name not in KNOWN)
    groupings = ("touchpoint", "category", *(("stage",) if "stage" in position else ()), *extras)
    items: list[Item] = []
    seen: dict[str, int] = {}
    for row in range(table.n_rows):
        cells = {name: table.columns[j][row] for name, j in position.items()}
        if all(not header_text(v) for v in cells.values()):
            continue
        items.append(_parse_item(table, row, cells, position, extras))
        key = items[-1].id.casefold()
        if key in seen:
            raise InputError(
                f"item '{items[-1].id}' is listed twice (rows {seen[key]} and "
                f"{table.header_row + 1 + row})",
                where=table.where(row, position["item"]),
                hint="give each item one row with a unique id",
            )
        seen[key] = table.header_row + 1 + row
    if not items:
        raise InputError(
            "the codebook lists no items", where=table.where(), hint="add one row per survey item"
        )
    return Codebook(tuple(items), groupings)


def _parse_item(
    table: Table,
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
                f"'{value}' is not a number",
                where=table.where(row, position[name]),
                hint=f"write a number in '{name}' or leave it blank",
            )
        return float(result)

    for name in REQUIRED:
        if not text(name):
            raise InputError(
                f"the item's '{name}' is blank",
                where=table.where(row, position[name]),
                hint=f"fill in '{name}' for every item",
            )
    kind = _kind(table, row, position, text("kind"))
    given_lo, given_hi = number("scale_min"), number("scale_max")
    lo = (0.0 if kind == "nps" else 1.0) if given_lo is None else given_lo
    hi = (10.0 if kind == "nps" else 5.0) if given_hi is None else given_hi
    if kind == "nps" and (lo, hi) != (0.0, 10.0):
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
        kind=kind,
    )


def _kind(table: Table, row: int, position: dict[str, int], word: str) -> Kind:
    for kind in KINDS:
        if word.casefold() == kind:
            return kind
    if not word:
        return "score"
    raise InputError(
        f"kind is '{word}'",
        where=table.where(row, position["kind"]),
        hint="write score, outcome or nps (blank means score)",
    )


def _yes_no(table: Table, row: int, position: dict[str, int], cells: dict[str, object]) -> bool:
    word = header_text(cells.get("reverse")).casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InputError(
        f"reverse is '{word}'",
        where=table.where(row, position["reverse"]),
        hint="write yes or no (blank means no)",
    )


def _codes(
    table: Table, row: int, position: dict[str, int], cells: dict[str, object]
) -> tuple[float, ...]:
    raw = cells.get("missing_codes")
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return (float(raw),)
    try:
        return parse_codes(header_text(raw))
    except ValueError as bad:
        raise InputError(
            f"missing code '{bad}' is not a number",
            where=table.where(row, position["missing_codes"]),
            hint="list numbers separated by ';', e.g. -99;99",
        ) from None
