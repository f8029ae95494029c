"""Classify raw cells of one item column, exactly as SPEC section 1.3 says.

Each cell becomes a valid answer (a number within the item's scale, not a missing code) or one
of the counted reasons ``blank``, ``non_substantive``, ``missing_code``, ``invalid``:

- a number (int, float, Decimal; never a bool) or a text that reads as a finite number
  (``"4"``, ``" 4 "``, from CSV) is a missing code, a valid answer or out of scale;
- ``None``, ``""``, text of spaces only and a NaN (Parquet, pandas) are ``blank``;
- the words of :data:`NON_SUBSTANTIVE_WORDS`, in any case and trimmed, are ``non_substantive``
  (``NA`` and ``N/A`` too: never a blank);
- anything else (other text, a bool, a date, an :class:`~cxgap.load._cells.Unreadable`
  formula or error value) is ``invalid``, with the reason kept for the error message.

Work is vectorised over the column (a :class:`~cxgap.load._cells.Cells`); only the distinct
texts are looked at one by one, and only the invalid cells are shown by their Python value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from cxgap._scores import SMALL, ScoreColumn
from cxgap.errors import quote_value
from cxgap.load._cells import NONE, NUMBER, TEXT, Cells, Unreadable, text_numbers
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
FEW = 16
"""Entries a coded column counts one by one."""
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


@dataclass(frozen=True, eq=False)
class Classified:
    """One column's cells, each a score (NaN unless valid, reverse coding applied) and a reason
    code, held by entry: where the column is coded (a text column, classified once per
    distinct text), ``reasons`` and ``whys`` are per entry of ``column.values``; else per cell.
    """

    column: ScoreColumn
    reasons: npt.NDArray[np.int8]
    whys: dict[int, str]
    """Entry (or cell) -> reason text of each invalid one (for the error message)."""

    @property
    def scores(self) -> npt.NDArray[np.float64]:
        return self.column.dense()

    @property
    def codes(self) -> npt.NDArray[np.int8]:
        """Each cell's reason code."""
        return self.reasons if self.column.codes is None else self.reasons[self.column.codes]

    @property
    def why(self) -> dict[int, str]:
        """Row -> reason text of each invalid cell."""
        return {row: self.reason_at(row) for row in self.invalid_rows().tolist()}

    def reason_at(self, row: int) -> str:
        codes = self.column.codes
        return self.whys[row if codes is None else int(codes[row])]

    def invalid_rows(self) -> npt.NDArray[np.intp]:
        if not self.whys:
            return np.zeros(0, dtype=np.intp)
        return np.flatnonzero(self.codes == INVALID)

    def counts(self) -> dict[int, int]:
        """How many cells have each reason code (VALID included)."""
        codes = self.column.codes
        kinds = range(len(REASON_NAMES) + 1)
        if codes is None:
            per = np.bincount(self.reasons, minlength=len(kinds))
            return {code: int(per[code]) for code in kinds}
        if len(self.reasons) <= FEW:  # a pass per entry beats bincount's copy of every code
            entries = np.array([np.count_nonzero(codes == e) for e in range(len(self.reasons))])
        else:
            entries = np.bincount(codes, minlength=len(self.reasons))
        return {code: int(entries[self.reasons == code].sum()) for code in kinds}


def as_cells(values: Cells | Sequence[object]) -> Cells:
    """A column as :class:`Cells` (Python values are kept for messages)."""
    return values if isinstance(values, Cells) else Cells.of(values)


@dataclass(frozen=True)
class Answers:
    """What an item's cells may mean beyond numbers on its scale (SPEC 5): its labels in scale
    order and its platform's non-answers (the codebook's), the ``--missing`` codes, and the
    export's value labels of its column (code -> label)."""

    extra_missing: Sequence[float] = ()
    value_labels: Mapping[float, str] = field(default_factory=dict)
    non_answers: Sequence[str] = ()
    missing_ranges: Sequence[tuple[float, float]] = ()
    """Ranges of codes that mean no answer, both ends included (SPSS user-missing ranges)."""
    missing_texts: Sequence[str] = ()
    """Cell texts that are a platform's no-answer codes (Stata's ``.a`` ... ``.z``)."""


def classify(
    values: Cells | Sequence[object], item: Item, answers: Answers | Sequence[float] = ()
) -> Classified:
    """Classify one item column (``answers``: what else its cells may mean; a sequence of
    numbers is the ``--missing`` codes alone).

    A text that is one of the item's ``labels`` (matched by :func:`fold`) is that scale point;
    one of its ``non_answers`` is non-substantive. A number is first a missing code, else,
    where the export labels it, the scale point of its label (or non-substantive, where the
    label is a non-answer), else itself.

    A column of texts and empty cells alone (a CSV's, a Parquet text column) is classified
    once per distinct text: its entries are its texts and one empty cell, and each cell is
    coded by its entry, never looked at on its own."""
    cells = as_cells(values)
    answers = answers if isinstance(answers, Answers) else Answers(extra_missing=answers)
    texts = len(cells.texts)
    if len(cells) > 2 * texts + 2 and not ((cells.kinds != TEXT) & (cells.kinds != NONE)).any():
        by_entry = _classified(Cells.of([*cells.texts, None]), item, answers)
        codes: npt.NDArray[np.integer[Any]] = cells.text_ids.astype(
            np.uint8 if texts < SMALL else np.int32
        )
        codes[cells.kinds != TEXT] = texts  # the last entry: an empty cell
        column = ScoreColumn.coded(by_entry.values, codes)
        return Classified(column, by_entry.reasons, by_entry.whys)
    found = _classified(cells, item, answers)
    return Classified(ScoreColumn(found.values), found.reasons, found.whys)


@dataclass(frozen=True)
class _Found:
    values: npt.NDArray[np.float64]
    reasons: npt.NDArray[np.int8]
    whys: dict[int, str]


def _classified(cells: Cells, item: Item, answers: Answers) -> _Found:
    """Every cell's score and reason code, looked at cell by cell (vectorised)."""
    words = NON_SUBSTANTIVE_WORDS | {
        fold(word) for word in (*item.non_answers, *answers.non_answers)
    }
    missing_texts = {fold(text) for text in answers.missing_texts}
    numbers, codes, labelled = _read_numbers(cells, item, words, missing_texts)
    finite = np.isfinite(numbers)
    missing = finite & ~labelled & np.isin(numbers, [*item.missing_codes, *answers.extra_missing])
    for low, high in answers.missing_ranges:
        missing |= finite & ~labelled & (numbers >= low) & (numbers <= high)
    if answers.value_labels:
        numbers, codes = _relabel(
            numbers, codes, finite & ~missing & ~labelled, item, answers, words
        )
        finite = np.isfinite(numbers)
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
    return _Found(scores, codes, why)


def fold(text: str) -> str:
    """A label or non-answer as it is matched: case, curly apostrophes and runs of spaces or
    line breaks do not count."""
    return " ".join(text.casefold().translate(_APOSTROPHES).split())


def text_code(value: str, words: frozenset[str] | set[str] = NON_SUBSTANTIVE_WORDS) -> int:
    """The reason code of a text that is not a number: blank, non-substantive or invalid."""
    word = fold(value)
    if not word:
        return BLANK
    return NON_SUBSTANTIVE if word in words else INVALID


def _relabel(
    numbers: npt.NDArray[np.float64],
    codes: npt.NDArray[np.int8],
    coded: npt.NDArray[np.bool_],
    item: Item,
    answers: Answers,
    words: frozenset[str] | set[str],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
    """Numbers the export labels: the scale point of their label among the item's labels, or
    non-substantive where the label is a non-answer; other numbers stay as they are."""
    points = {fold(label): item.scale_min + k for k, label in enumerate(item.labels)}
    numbers = numbers.copy()
    for code, label in answers.value_labels.items():
        rows = coded & (numbers == code)
        if not rows.any():
            continue
        word = fold(label)
        if word in points:
            numbers[rows] = points[word]
        elif word in words:
            numbers[rows], codes[rows] = np.nan, NON_SUBSTANTIVE
    return numbers, codes


def show_value(value: object) -> str:
    """A raw cell as a message shows it: ``4``, ``'abc'``, ``=1+2``, ``#N/A``, ``2024-01-02``,
    ``1e+308``; see :func:`cxgap.errors.quote_value`."""
    return quote_value(value)


def _read_numbers(
    cells: Cells,
    item: Item,
    words: frozenset[str] | set[str],
    missing_texts: set[str],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8], npt.NDArray[np.bool_]]:
    """Each cell as a number (NaN where it is none), a first code (blank, non-substantive,
    invalid; numbers stay invalid here until the scale and missing codes place them), and
    which cells are labels turned into their scale points.

    The distinct texts are read once; their numbers and codes reach the text cells by lookup
    (``text_ids`` outside the text cells is clipped and then unused)."""
    kinds = cells.kinds
    blank = (kinds == NONE) | ((kinds == NUMBER) & np.isnan(cells.numbers))
    codes = np.where(blank, np.int8(BLANK), np.int8(INVALID))
    is_text = kinds == TEXT
    if not cells.texts or not is_text.any():
        return np.array(cells.numbers, dtype=np.float64), codes, np.zeros(len(cells), bool)
    parsed = text_numbers(cells.texts)
    points = {fold(label): item.scale_min + k for k, label in enumerate(item.labels)}
    is_label = np.zeros(len(cells.texts), dtype=bool)
    if points:
        folded = [fold(text) for text in cells.texts]
        is_label[:] = [word in points for word in folded]
        parsed[is_label] = [points[w] for w, hit in zip(folded, is_label, strict=True) if hit]
    text_codes = np.array(
        [
            INVALID
            if math.isfinite(n)
            else MISSING_CODE
            if missing_texts and fold(t) in missing_texts
            else text_code(t, words)
            for t, n in zip(cells.texts, parsed.tolist(), strict=True)
        ],
        dtype=np.int8,
    )
    ids = cells.text_ids
    numbers = np.where(is_text, parsed.take(ids, mode="clip"), cells.numbers)
    codes = np.where(is_text, text_codes.take(ids, mode="clip"), codes)
    return numbers, codes, is_text & is_label.take(ids, mode="clip")


def _why(value: object, kind: int, number: float, item: Item) -> str:
    if isinstance(value, Unreadable):
        return value.why
    if math.isfinite(number):
        return f"outside the {item.scale_text()} scale of item {item.id}"
    if kind == NUMBER:
        return "not a finite number"
    if kind == TEXT and item.labels:
        return (
            f"not one of the labels of item {item.id} ({item.labels[0]} ... "
            f"{item.labels[-1]}), nor a non-answer; add it to the item's labels or non_answers"
        )
    if kind == TEXT:
        return "not a number"
    if isinstance(value, bool | np.bool_):
        return "a TRUE/FALSE value, not a score"
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return "a date or time, not a score"
    return f"a {type(value).__name__}, not a score"
