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

Work is vectorised over the column; only the distinct texts are looked at one by one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

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

NUMBER, TEXT, NONE, OTHER = range(4)
_KINDS: dict[type, int] = {float: NUMBER, int: NUMBER, str: TEXT, type(None): NONE}


@dataclass(frozen=True)
class Classified:
    """One column's cells: ``scores`` (NaN unless valid, reverse coding applied) and ``codes``."""

    scores: npt.NDArray[np.float64]
    codes: npt.NDArray[np.int8]
    why: dict[int, str]
    """Row -> reason text of each invalid cell (for the error message)."""


def classify(
    values: Sequence[object], item: Item, extra_missing: Sequence[float] = ()
) -> Classified:
    """Classify one item column (``extra_missing``: the ``--missing`` codes)."""
    raw = object_array(values)
    kinds = cell_kinds(raw)
    numbers, codes = _read_numbers(raw, kinds)
    finite = np.isfinite(numbers)
    missing = finite & np.isin(numbers, [*item.missing_codes, *extra_missing])
    in_scale = finite & ~missing & (numbers >= item.scale_min) & (numbers <= item.scale_max)
    codes[missing] = MISSING_CODE
    codes[in_scale] = VALID
    why = {
        row: _why(raw[row], kinds[row], numbers[row], item)
        for row in np.flatnonzero(codes == INVALID).tolist()
    }
    scores = np.where(codes == VALID, numbers, np.nan)
    if item.reverse:
        scores = item.scale_min + item.scale_max - scores
    return Classified(scores, codes, why)


def object_array(values: Sequence[object]) -> npt.NDArray[np.object_]:
    """Raw cell values as a 1-d object array (never a 2-d one, whatever the values are)."""
    raw = np.empty(len(values), dtype=object)
    raw[:] = values
    return raw


def cell_kinds(raw: npt.NDArray[np.object_]) -> npt.NDArray[np.int8]:
    """Each cell's kind: NUMBER (never a bool), TEXT, NONE or OTHER (bool, date, Unreadable...).

    Decided once per distinct type of the column, then assigned to its cells in bulk.
    """
    kinds = np.full(len(raw), OTHER, dtype=np.int8)
    if not len(raw):
        return kinds
    types = np.asarray(np.frompyfunc(type, 1, 1)(raw), dtype=object)
    for cls in set(types.tolist()):
        kinds[types == cls] = _kind_of(cls)
    return kinds


def empty_cells(values: Sequence[object]) -> npt.NDArray[np.bool_]:
    """Cells with nothing in them: ``None``, or text of spaces only (``""`` from a workbook)."""
    raw = object_array(values)
    kinds = cell_kinds(raw)
    empty: npt.NDArray[np.bool_] = kinds == NONE
    is_number = kinds == NUMBER
    empty[is_number] = np.isnan(_floats(raw[is_number]))
    is_text = kinds == TEXT
    empty[is_text] = np.char.strip(raw[is_text].astype(str)) == ""
    return empty


def numbers_of(values: Sequence[object]) -> npt.NDArray[np.float64]:
    """Each cell as a finite number where it reads as one (``4``, ``"4.5"``), else NaN."""
    raw = object_array(values)
    numbers, _ = _read_numbers(raw, cell_kinds(raw))
    numbers[~np.isfinite(numbers)] = np.nan
    return numbers


def text_code(value: str) -> int:
    """The reason code of a text that is not a number: blank, non-substantive or invalid."""
    word = value.strip().casefold().translate(_APOSTROPHES)
    if not word:
        return BLANK
    return NON_SUBSTANTIVE if word in NON_SUBSTANTIVE_WORDS else INVALID


def show_value(value: object) -> str:
    """A raw cell as a message shows it: ``4``, ``'abc'``, ``=1+2``, ``#N/A``, ``2024-01-02``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _kind_of(cls: type) -> int:
    kind = _KINDS.get(cls)
    if kind is not None:
        return kind
    if issubclass(cls, bool | np.bool_):
        return OTHER
    if issubclass(cls, int | float | Decimal | np.integer | np.floating):
        return NUMBER
    return TEXT if issubclass(cls, str) else OTHER


def _read_numbers(
    raw: npt.NDArray[np.object_], kinds: npt.NDArray[np.int8]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
    """Each cell as a number (NaN where it is none) and a first code: blank, non-substantive,
    invalid; numbers stay invalid here until the scale and missing codes place them."""
    numbers = np.full(len(raw), np.nan)
    codes = np.full(len(raw), INVALID, dtype=np.int8)
    is_number = kinds == NUMBER
    numbers[is_number] = _floats(raw[is_number])
    codes[(kinds == NONE) | (is_number & np.isnan(numbers))] = BLANK
    texts = np.flatnonzero(kinds == TEXT)
    if len(texts):
        distinct, inverse = np.unique(raw[texts].astype(str), return_inverse=True)
        parsed = np.array([_as_number(text) for text in distinct])
        text_codes = np.array(
            [
                INVALID if math.isfinite(n) else text_code(t)
                for t, n in zip(distinct, parsed, strict=True)
            ],
            dtype=np.int8,
        )
        numbers[texts] = parsed[inverse]
        codes[texts] = text_codes[inverse]
    return numbers, codes


def _floats(values: npt.NDArray[np.object_]) -> npt.NDArray[np.float64]:
    """Numbers as floats; an int too large for a float becomes infinite (and so invalid)."""
    try:
        return values.astype(np.float64)
    except OverflowError:
        return np.array([_as_float(value) for value in values], dtype=np.float64)


def _as_float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:
        return math.inf


def _as_number(text: str) -> float:
    """A text that reads as a finite number (``"4"``, ``" 4.0 "``), else NaN."""
    try:
        number = float(text)
    except ValueError:
        return math.nan
    return number if math.isfinite(number) else math.nan


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
