"""Property: any mixture of cells classifies, every cell counted once, or is a cxgap error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxgap.errors import CxgapError, InputError
from cxgap.load._cells import Unreadable
from cxgap.load._classify import INVALID, NON_SUBSTANTIVE_WORDS, REASON_NAMES, VALID, classify
from cxgap.load._parse import build_survey
from cxgap.load._raw import RawTable
from cxgap.model import Item, LoadOptions, Survey

CODES = (-99, 99, 0)


@st.composite
def word(draw: st.DrawFn) -> str:
    """A non-substantive word in random case, with random surrounding spaces."""
    text = draw(st.sampled_from(sorted(NON_SUBSTANTIVE_WORDS)))
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    text = "".join(c.upper() if f else c for c, f in zip(text, flips, strict=True))
    return (
        draw(st.sampled_from(["", " ", "\t", "\u00a0"])) + text + draw(st.sampled_from(["", "  "]))
    )


CELLS = st.one_of(
    st.integers(-120, 120),
    st.integers(1, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(0, 11),
    st.sampled_from(CODES),
    st.sampled_from([str(c) for c in CODES]),
    word(),
    st.sampled_from(["", " ", None, "4", " 2.0 ", "5,0", "nan", "inf", "1e0", "NaN"]),
    st.text(max_size=6),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.decimals(allow_nan=False, allow_infinity=False, places=1, min_value=-10, max_value=10),
    st.just(10**400),
    st.just(Unreadable("=1+2", "a formula without a cached value")),
    st.just(Unreadable("#N/A", "an error value")),
)

ITEMS = st.lists(
    st.tuples(
        st.sampled_from([(1, 5), (0, 10), (1, 7)]),
        st.booleans(),
        st.sampled_from(["", "-99;99", "0"]),
    ),
    min_size=1,
    max_size=3,
)


def tables(items: list[tuple[tuple[int, int], bool, str]], company: list, customers: list) -> dict:
    head = ("item", "touchpoint", "category", "scale_min", "scale_max", "reverse", "missing_codes")
    codebook = [head] + [
        (f"q{i}", "store", "x", lo, hi, "yes" if reverse else "no", codes)
        for i, ((lo, hi), reverse, codes) in enumerate(items)
    ]
    ids = [f"q{i}" for i in range(len(items))]
    return {
        "items": RawTable.from_rows("t", "items", codebook, reader="python"),
        "company": RawTable.from_rows("t", "company", [ids, *company], reader="python"),
        "customers": RawTable.from_rows("t", "customers", [ids, *customers], reader="python"),
    }


def rows(width: int) -> st.SearchStrategy[list[list[object]]]:
    return st.lists(st.lists(CELLS, min_size=width, max_size=width), min_size=1, max_size=6)


def check_accounting(survey: Survey) -> None:
    """Exclusions plus valid answers are exactly the cells read, sample by sample."""
    total = 0
    for name in ("company", "customers"):
        sample = survey.sample(name)
        present = np.array(sample.present)
        scores = sample.scores.dense()[:, present]
        excluded = sum(e.count for e in survey.exclusions if e.sample == name)
        valid = int(np.count_nonzero(~np.isnan(scores)))
        assert excluded + valid == scores.size
        total += scores.size
        for j, item in enumerate(
            i for i, p in zip(survey.codebook.items, present, strict=True) if p
        ):
            column = scores[:, j]
            finite = column[~np.isnan(column)]
            assert ((finite >= item.scale_min) & (finite <= item.scale_max)).all()
    assert survey.cells_read == total


@settings(max_examples=100, deadline=None)
@given(data=st.data(), items=ITEMS, extra=st.sampled_from([(), (0.0,), (-99.0, 7.0)]))
def test_any_cells_classify_and_add_up_or_raise_a_cxgap_error(
    data: st.DataObject, items: list, extra: tuple[float, ...]
) -> None:
    company = data.draw(rows(len(items)))
    customers = data.draw(rows(len(items)))
    parts = tables(items, company, customers)
    try:
        excluded = build_survey("t", "", parts, LoadOptions(missing=extra, on_invalid="exclude"))
    except CxgapError:
        return  # e.g. every row empty: no respondents
    check_accounting(excluded)
    invalid = sum(e.count for e in excluded.exclusions if e.reason == "invalid")
    strict = LoadOptions(missing=extra)
    if invalid:
        with pytest.raises(InputError, match=f"^t: {invalid} cells? cannot be read as answers"):
            build_survey("t", "", parts, strict)
    else:
        check_accounting(build_survey("t", "", parts, strict))


@settings(max_examples=100, deadline=None)
@given(values=st.lists(CELLS, max_size=30), reverse=st.booleans())
def test_classify_gives_every_cell_one_code(values: list[object], reverse: bool) -> None:
    item = Item(
        id="q",
        touchpoint="t",
        category="c",
        scale_min=1,
        scale_max=5,
        reverse=reverse,
        missing_codes=(-99.0,),
    )
    result = classify(values, item)
    assert len(result.codes) == len(values)
    assert set(result.codes.tolist()) <= {VALID, *REASON_NAMES}
    assert (np.isfinite(result.scores) == (result.codes == VALID)).all()
    assert sorted(result.why) == np.flatnonzero(result.codes == INVALID).tolist()


def test_the_examples_cover_every_kind_of_cell() -> None:
    """Guard the strategy itself: each reason is reachable from these values."""
    item = Item(id="q", touchpoint="t", category="c", missing_codes=(-99.0,))
    values = [4, None, " n/A ", -99, "abc", True, dt.date(2026, 1, 1), Decimal("2.0"), 10**400]
    codes = classify(values, item).codes.tolist()
    assert codes == [VALID, 1, 2, 3, 4, 4, 4, VALID, 4]
