"""Classify raw cells of one item column, exactly as SPEC section 1.3 says.

Each cell becomes a valid answer (a number within the item's scale, not a missing code) or one
of the counted reasons ``blank``, ``non_substantive``, ``missing_code``, ``invalid``.
Work is vectorised: numbers are parsed in one pass by pandas; only the distinct texts left
over are looked at one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from cxgap.model import Item

VALID, BLANK, NON_SUBSTANTIVE, MISSING_CODE, INVALID = range(5)
REASON_NAMES = {
    BLANK: "blank",
    NON_SUBSTANTIVE: "non_substantive",
    MISSING_CODE: "missing_code",
    INVALID: "invalid",
}
NON_SUBSTANTIVE_WORDS = frozenset(
    {
        "n/a",
        "na",
        "dk",
        "don't know",
        "dont know",
        "not applicable",
        "prefer not to say",
        "refused",
        "-",
    }
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


@dataclass(frozen=True)
class Classified:
    """One column's cells: ``scores`` (NaN unless valid, reverse coding applied) and ``codes``."""

    scores: npt.NDArray[np.float64]
    codes: npt.NDArray[np.int8]
    why: dict[int, str]
    """Row -> reason text for each invalid cell (for the error message)."""


def object_array(values: Sequence[object]) -> npt.NDArray[np.object_]:
    """Raw cell values as a 1-d object array (never a 2-d one, whatever the values are)."""
    raw = np.empty(len(values), dtype=object)
    raw[:] = values
    return raw


def empty_cells(values: Sequence[object]) -> npt.NDArray[np.bool_]:
    """Cells with nothing in them: ``""`` from a workbook or CSV, ``None`` from Parquet."""
    raw = object_array(values)
    empty: npt.NDArray[np.bool_] = (cell_kinds(raw) == NONE) | np.asarray(raw == "", dtype=bool)
    return empty


def text_code(value: str) -> int:
    """The reason code of a text that is not a number: blank, non-substantive or invalid."""
    word = value.strip().casefold().translate(_APOSTROPHES)
    if not word:
        return BLANK
    return NON_SUBSTANTIVE if word in NON_SUBSTANTIVE_WORDS else INVALID


def classify(
    values: Sequence[object],
    item: Item,
    extra_missing: Sequence[float] = (),
    formulas: Sequence[int] = (),
) -> Classified:
    """Classify one item column; ``formulas`` are rows holding a formula without a value."""
    raw = object_array(values)
    kinds = cell_kinds(raw)
    numbers = np.full(len(raw), np.nan)
    is_number = kinds == NUMBER
    numbers[is_number] = raw[is_number].astype(np.float64)
    is_text = kinds == TEXT
    if is_text.any():
        parsed = pd.to_numeric(pd.Series(raw[is_text], dtype=object), errors="coerce")
        numbers[is_text] = parsed.to_numpy(dtype=np.float64, na_value=np.nan)

    codes = np.full(len(raw), INVALID, dtype=np.int8)
    why: dict[int, str] = {}
    _classify_numbers(numbers, item, extra_missing, codes)
    _classify_leftovers(raw, kinds, numbers, codes, why)
    for row in formulas:
        codes[row] = INVALID
        why[row] = "a formula without a cached value"
    invalid_numbers = np.flatnonzero((codes == INVALID) & np.isfinite(numbers))
    for row in invalid_numbers.tolist():
        why.setdefault(row, f"outside the {item.scale_text()} scale of item {item.id}")

    scores = np.where(codes == VALID, numbers, np.nan)
    if item.reverse:
        scores = item.scale_min + item.scale_max - scores
    return Classified(scores, codes, why)


NUMBER, TEXT, NONE, OTHER = range(4)
_KINDS = {float: NUMBER, int: NUMBER, str: TEXT, type(None): NONE}


def cell_kinds(raw: npt.NDArray[np.object_]) -> npt.NDArray[np.int8]:
    """Each cell's kind: NUMBER (int or float, never bool), TEXT, NONE or OTHER (bool, date...)."""
    if not len(raw):
        return np.zeros(0, dtype=np.int8)
    kind = np.frompyfunc(lambda value: _KINDS.get(type(value), OTHER), 1, 1)
    return np.asarray(kind(raw), dtype=np.int8)


def _classify_numbers(
    numbers: npt.NDArray[np.float64],
    item: Item,
    extra_missing: Sequence[float],
    codes: npt.NDArray[np.int8],
) -> None:
    finite = np.isfinite(numbers)
    missing = finite & np.isin(numbers, [*item.missing_codes, *extra_missing])
    in_scale = finite & ~missing & (numbers >= item.scale_min) & (numbers <= item.scale_max)
    codes[missing] = MISSING_CODE
    codes[in_scale] = VALID


def _classify_leftovers(
    raw: npt.NDArray[np.object_],
    kinds: npt.NDArray[np.int8],
    numbers: npt.NDArray[np.float64],
    codes: npt.NDArray[np.int8],
    why: dict[int, str],
) -> None:
    """Cells that are not numbers: blanks, non-substantive words, anything else is invalid."""
    codes[kinds == NONE] = BLANK
    codes[(kinds == NUMBER) & np.isnan(numbers)] = BLANK  # a NaN (Parquet, pandas) is empty
    texts = np.flatnonzero((kinds == TEXT) & np.isnan(numbers))
    if len(texts):
        distinct, inverse = np.unique(raw[texts].astype(str), return_inverse=True)
        text_codes = np.array([text_code(t) for t in distinct], dtype=np.int8)
        codes[texts] = text_codes[inverse]
        for row in texts[codes[texts] == INVALID].tolist():
            why[row] = "not a number"
    for row in np.flatnonzero(kinds == OTHER).tolist():
        why[row] = f"a {type(raw[row]).__name__}, not a score"
