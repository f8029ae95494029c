"""Classify raw cells of one item column, exactly as SPEC section 1.3 says.

Each cell becomes a valid answer (a number within the item's scale, not a missing code) or one
of the counted reasons ``blank``, ``non_substantive``, ``missing_code``, ``invalid``:

- a number (int, float, Decimal; never a bool) or a text that reads as a finite number
  (``"4"``, ``" 4 "``, from CSV) is a missing code, a valid answer or out of scale;
- ``None``, ``""``, text of spaces only and a NaN (Parquet, pandas) are ``blank``;
- the words of :data:`NON_SUBSTANTIVE_WORDS`, in any case and trimmed, are ``non_substantive``
  (``NA`` and ``N/A`` too: never a blank);
- anything else (other text, a bool, a date, an :class:`~cxgap.load._tables.Unreadable`
  formula or error value) is ``invalid``, with the reason kept for the error message.

Work is vectorised over the column (a :class:`~cxgap.load._columns.Cells`); only the distinct
texts are looked at one by one, and only the invalid cells are shown by their Python value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cxgap.errors import quote_value
from cxgap.load._columns import NONE, NUMBER, TEXT, Cells, text_numbers
from cxgap.load._tables import Unreadable
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
    """Row -> reason text of each invalid cell (for the error message)."""


def as_cells(values: Cells | Sequence[object]) -> Cells:
    """A column as :class:`Cells` (Python values are kept for messages)."""
    return values if isinstance(values, Cells) else Cells.of(values)


def classify(
    values: Cells | Sequence[object], item: Item, extra_missing: Sequence[float] = ()
) -> Classified:
    """Classify one item column (``extra_missing``: the ``--missing`` codes)."""
    cells = as_cells(values)
    numbers, codes = _read_numbers(cells)
    finite = np.isfinite(numbers)
    missing = finite & np.isin(numbers, [*item.missing_codes, *extra_missing])
    in_scale = finite & ~missing & (numbers >= item.scale_min) & (numbers <= item.scale_max)
    codes[missing] = MISSING_CODE
    codes[in_scale] = VALID
    why = {
        row: _why(cells[row], int(cells.kinds[row]), float(numbers[row]), item)
        for row in np.flatnonzero(codes == INVALID).tolist()
    }
    scores = np.where(codes == VALID, numbers, np.nan)
    if item.reverse:
        scores = item.scale_min + item.scale_max - scores
    return Classified(scores, codes, why)


def text_code(value: str) -> int:
    """The reason code of a text that is not a number: blank, non-substantive or invalid."""
    word = value.strip().casefold().translate(_APOSTROPHES)
    if not word:
        return BLANK
    return NON_SUBSTANTIVE if word in NON_SUBSTANTIVE_WORDS else INVALID


def show_value(value: object) -> str:
    """A raw cell as a message shows it: ``4``, ``'abc'``, ``=1+2``, ``#N/A``, ``2024-01-02``,
    ``1e+308``; see :func:`cxgap.errors.quote_value`."""
    return quote_value(value)


def _read_numbers(cells: Cells) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
    """Each cell as a number (NaN where it is none) and a first code: blank, non-substantive,
    invalid; numbers stay invalid here until the scale and missing codes place them.

    The distinct texts are read once; their numbers and codes reach the text cells by lookup
    (``text_ids`` outside the text cells is clipped and then unused)."""
    kinds = cells.kinds
    blank = (kinds == NONE) | ((kinds == NUMBER) & np.isnan(cells.numbers))
    codes = np.where(blank, np.int8(BLANK), np.int8(INVALID))
    is_text = kinds == TEXT
    if not cells.texts or not is_text.any():
        return np.array(cells.numbers, dtype=np.float64), codes
    parsed = text_numbers(cells.texts)
    text_codes = np.array(
        [
            INVALID if math.isfinite(n) else text_code(t)
            for t, n in zip(cells.texts, parsed.tolist(), strict=True)
        ],
        dtype=np.int8,
    )
    numbers = np.where(is_text, parsed.take(cells.text_ids, mode="clip"), cells.numbers)
    codes = np.where(is_text, text_codes.take(cells.text_ids, mode="clip"), codes)
    return numbers, codes


def _why(value: object, kind: int, number: float, item: Item) -> str:
    if isinstance(value, Unreadable):
        return value.why
    if math.isfinite(number):
        return f"outside the {item.scale_text()} scale of item {item.id}"
    if kind == NUMBER:
        return "not a finite number"
    if kind == TEXT:
        return "not a number"
    if isinstance(value, bool | np.bool_):
        return "a TRUE/FALSE value, not a score"
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return "a date or time, not a score"
    return f"a {type(value).__name__}, not a score"
