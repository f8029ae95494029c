"""Parse a respondent table (``company`` or ``customers``) of SPEC section 1.2."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from cxgap.errors import InputError
from cxgap.load._cells import INVALID, REASON_NAMES, VALID, Classified, classify, empty_cells
from cxgap.load._tables import Table, header_text
from cxgap.model import Codebook, Exclusion, LoadOptions, Sample, SampleName

SPECIAL = ("respondent_id", "weight")


@dataclass(frozen=True)
class InvalidCell:
    sample: str
    where: str
    value: object
    why: str
    order: tuple[int, int]


@dataclass(frozen=True, eq=False)
class ParsedSample:
    sample: Sample
    exclusions: tuple[Exclusion, ...]
    invalid: tuple[InvalidCell, ...]
    invalid_total: int
    cells: int
    empty_rows: tuple[int, ...]


def parse_sample(
    name: SampleName, table: Table, codebook: Codebook, options: LoadOptions
) -> ParsedSample:
    """Validate ids and weights, match item columns to the codebook and classify every cell."""
    table, empty_rows = _drop_empty_rows(table)
    if table.n_rows == 0:
        raise InputError(
            "the sheet has a header but no respondents",
            where=table.where(),
            hint=f"add one row per respondent to the {name} sheet",
        )
    index = {item.id.casefold(): i for i, item in enumerate(codebook.items)}
    item_cols: dict[int, int] = {}
    attributes: dict[str, tuple[str, ...]] = {}
    specials: dict[str, int] = {}
    for j, header in enumerate(table.header):
        key = header.casefold()
        if key in index:
            item_cols[index[key]] = j
        elif key in SPECIAL:
            specials[key] = j
        else:
            attributes[header if key != "wave" else "wave"] = tuple(
                header_text(v) for v in table.columns[j]
            )
    ids = _respondent_ids(table, specials.get("respondent_id"))
    weights = _weights(table, specials.get("weight"))
    n_items = len(codebook.items)
    scores = np.full((table.n_rows, n_items), np.nan)
    exclusions: list[Exclusion] = []
    invalid: list[InvalidCell] = []
    invalid_total = 0
    formulas_by_col: dict[int, list[int]] = {}
    for row, col in table.formula_cells:
        formulas_by_col.setdefault(col, []).append(row)
    for i, j in sorted(item_cols.items()):
        item = codebook.items[i]
        result = classify(table.columns[j], item, options.missing, formulas_by_col.get(j, ()))
        scores[:, i] = result.scores
        exclusions.extend(_count(name, item.id, result))
        invalid_total += int((result.codes == INVALID).sum())
        invalid.extend(
            InvalidCell(
                name,
                f"{table.sheet}!{table.cell(row, j)}",
                table.columns[j][row],
                why,
                (table.row_number(row), table.col_offset[j]),
            )
            for row, why in sorted(result.why.items())[:10]
        )
    present = tuple(i in item_cols for i in range(n_items))
    sample = Sample(
        name=name,
        source=f"{table.file}!{table.sheet}" if table.sheet else table.file,
        respondent_ids=ids,
        weights=weights if weights is not None else np.ones(table.n_rows),
        has_weights=weights is not None,
        attributes=attributes,
        present=present,
        scores=scores,
    )
    cells = table.n_rows * len(item_cols)
    return ParsedSample(sample, tuple(exclusions), tuple(invalid), invalid_total, cells, empty_rows)


def _count(sample: str, item: str, result: Classified) -> list[Exclusion]:
    counts = np.bincount(result.codes, minlength=len(REASON_NAMES) + 1)
    return [
        Exclusion(sample, item, reason, int(counts[code]))
        for code, reason in REASON_NAMES.items()
        if code != VALID and counts[code]
    ]


def _drop_empty_rows(table: Table) -> tuple[Table, tuple[int, ...]]:
    """Rows with no value in any column are not respondents: skipped, and their rows reported."""
    filled = np.zeros(table.n_rows, dtype=bool)
    for column in table.columns:
        filled |= ~empty_cells(column)
    if filled.all():
        return table, ()
    keep = np.flatnonzero(filled).tolist()
    empty = tuple(table.row_number(row) for row in np.flatnonzero(~filled).tolist())
    last = table.row_number(keep[-1]) if keep else 0
    empty = tuple(row for row in empty if row < last)  # trailing ones just end the table
    columns = tuple([column[row] for row in keep] for column in table.columns)
    position = {row: i for i, row in enumerate(keep)}
    formulas = frozenset((position[r], c) for r, c in table.formula_cells if r in position)
    numbers = tuple(table.row_number(row) for row in keep)
    return replace(table, columns=columns, row_numbers=numbers, formula_cells=formulas), empty


def _respondent_ids(table: Table, col: int | None) -> tuple[str, ...]:
    if col is None:
        return tuple(str(table.header_row + 1 + row) for row in range(table.n_rows))
    ids = tuple(header_text(v) for v in table.columns[col])
    seen: dict[str, int] = {}
    for row, rid in enumerate(ids):
        if not rid:
            raise InputError(
                "the respondent_id is blank",
                where=table.where(row, col),
                hint="give every respondent an id, or delete the column",
            )
        if rid in seen:
            raise InputError(
                f"respondent_id '{rid}' appears twice: {table.cell(seen[rid], col)} and "
                f"{table.cell(row, col)}",
                where=table.where(row, col),
                hint="each respondent needs a unique id",
            )
        seen[rid] = row
    return ids


def _weights(table: Table, col: int | None) -> np.ndarray | None:
    if col is None:
        return None
    values = np.empty(table.n_rows)
    for row, raw in enumerate(table.columns[col]):
        try:
            value = float(raw) if not isinstance(raw, bool) else math.nan  # type: ignore[arg-type]
        except (TypeError, ValueError):
            value = math.nan
        if not (math.isfinite(value) and value > 0):
            raise InputError(
                f"weight {raw!r} is not a finite number above 0",
                where=table.where(row, col),
                hint="weights must be positive numbers; remove the respondent or fix the weight",
            )
        values[row] = value
    return values
