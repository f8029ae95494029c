"""The fast readers (fastexcel for .xlsx, columnar pyarrow for Parquet) read exactly what the
cell-by-cell readers read: the same survey, the same exclusions, the same messages. Where they
cannot prove that, they step aside; where they can, they are used (or the speed is lost)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxgap.load._arrow as arrow
import cxgap.load._workbook as workbook
from cxgap.errors import InputError
from cxgap.load import load_survey
from cxgap.load._columns import Cells
from cxgap.model import LoadOptions, Survey
from load_builders import Rows, csv_folder, tables, xlsx, xlsx_shared

EXCLUDE = LoadOptions(on_invalid="exclude")
ITEMS: Rows = [
    ("item", "touchpoint", "category", "missing_codes"),
    ("q1", "store", "consumable", -99),
    ("q2", "web", "luxury", None),
]


def exactly(path: Path, options: LoadOptions, monkeypatch: pytest.MonkeyPatch) -> Survey:
    """The survey as the cell-by-cell readers give it."""
    with monkeypatch.context() as patch:
        patch.setattr(workbook, "open_reader", lambda path: None)
        patch.setattr(arrow, "column_cells", lambda column: Cells.of(column.to_pylist()))
        return load_survey(path, options)


def fast_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any cell-by-cell read of a workbook sheet fail the test."""

    def refuse(*args: object) -> None:
        raise AssertionError("a sheet was read cell by cell")

    monkeypatch.setattr(workbook, "_rows", refuse)


def assert_same(fast: Survey, exact: Survey) -> None:
    assert fast.exclusions == exact.exclusions
    assert fast.warnings == exact.warnings
    assert fast.cells_read == exact.cells_read
    for name in ("company", "customers"):
        a, b = fast.sample(name), exact.sample(name)
        assert a.respondent_ids == b.respondent_ids
        assert dict(a.attributes) == dict(b.attributes)
        assert a.present == b.present and a.has_weights == b.has_weights
        np.testing.assert_array_equal(a.weights, b.weights)
        np.testing.assert_array_equal(a.scores, b.scores)


def outcome(load: Any) -> Survey | str:
    try:
        survey: Survey = load()
    except InputError as exc:
        return str(exc)
    return survey


def test_a_dont_know_deep_in_a_numeric_column_is_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fastexcel guesses a column's type from its first rows and would make this text a null:
    cxgap asks for numbers and reads every other cell from fastexcel's report of it."""
    import xlsxwriter

    path = tmp_path / "big.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    for name, rows in tables(items=ITEMS, company=[("q1", "q2"), (5, 4), (4, 5)]).items():
        if name != "customers":
            sheet = book.add_worksheet(name)
            for r, row in enumerate(rows):
                sheet.write_row(r, 0, row)
    sheet = book.add_worksheet("customers")
    sheet.write(0, 0, "q1")
    for r in range(1, 100_001):  # respondent 90,000 (row 90,001 of the sheet): "Don't know"
        sheet.write(r, 0, "Don't know" if r == 90_000 else 1 + r % 5)
    book.close()
    fast_only(monkeypatch)
    survey = load_survey(path)
    q1 = {e.reason: e.count for e in survey.exclusions if (e.sample, e.item) == ("customers", "q1")}
    assert q1 == {"non_substantive": 1}
    assert np.count_nonzero(~np.isnan(survey.customers.scores[:, 0])) == 99_999
    assert np.isnan(survey.customers.scores[89_999, 0])


SCORES = st.one_of(st.integers(1, 5), st.sampled_from([2.5, 4.0, 6, 0, -99, 5.000000000000001]))
TEXTS = st.one_of(
    st.sampled_from(["Don't know", "N/A", " n/a ", "-", "refused", "abc", "", "   "]),
    st.sampled_from(["4", " 4 ", "007", "1e0", "+3", "nan", "inf", "4,5", "\u0664"]),
    st.text(alphabet="ab \"\\'\t\n\u0301\u00e9\U0001f600", max_size=5),
)
CELLS = st.one_of(SCORES, SCORES, TEXTS, st.none())
LABELS = st.one_of(
    st.sampled_from(["north", " south ", "007", "7", "7.0", "1.5", "", "x\u0301"]),
    st.integers(0, 20),
    st.sampled_from([0.30000000000000004, 1.5e-7, 2.5]),
    st.none(),
)
ROWS = st.lists(st.tuples(LABELS, CELLS, CELLS), min_size=1, max_size=12)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=ROWS, shared=st.booleans())
def test_fastexcel_reads_exactly_what_calamine_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[tuple[object, ...]], shared: bool
) -> None:
    customers = [("respondent_id", "region", "q1", "q2")]
    customers += [(f"C{i}", *row) for i, row in enumerate(rows)]
    writer = xlsx_shared if shared else xlsx
    path = writer(tmp_path / f"survey{len(rows)}{shared}.xlsx", tables(customers=customers))
    fast = outcome(lambda: load_survey(path, EXCLUDE))
    exact = outcome(lambda: exactly(path, EXCLUDE, monkeypatch))
    if isinstance(fast, str) or isinstance(exact, str):
        assert fast == exact
    else:
        assert_same(fast, exact)
    strict_fast = outcome(lambda: load_survey(path))
    strict_exact = outcome(lambda: exactly(path, LoadOptions(), monkeypatch))
    if isinstance(strict_fast, str) or isinstance(strict_exact, str):
        assert strict_fast == strict_exact


def test_plain_sheets_are_read_fast_and_odd_ones_cell_by_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = xlsx_shared(tmp_path / "plain.xlsx", tables(items=ITEMS))
    read: list[str] = []
    real_rows = workbook._rows

    def spy(book: Any, sheet: str, display: str) -> list[list[object]]:
        read.append(sheet)
        return real_rows(book, sheet, display)

    monkeypatch.setattr(workbook, "_rows", spy)
    load_survey(plain)
    assert read == []
    customers = [("respondent_id", "q1", "q2"), ("007", 4, 5), ("C2", True, 4)]
    odd = xlsx(tmp_path / "odd.xlsx", tables(items=ITEMS, customers=customers))
    survey = load_survey(odd, EXCLUDE)
    assert read == ["customers"]  # a numeric-looking text and a TRUE: cell by cell
    assert survey.customers.respondent_ids == ("007", "C2")


def test_a_sheet_that_starts_further_down_and_right_names_cells_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data from C3 on: fastexcel's rows and columns are placed where the sheet has them."""
    blank: Sequence[object] = (None, None)
    customers = [(), ()] + [
        (*blank, *row)
        for row in [("respondent_id", "q1", "q2"), ("C1", 4, 5), ("C2", 3, None), ("C1", 2, 2)]
    ]
    path = xlsx_shared(tmp_path / "survey.xlsx", tables(items=ITEMS, customers=customers))
    fast_only(monkeypatch)
    with pytest.raises(InputError, match=r"customers!C6: .*rows 4 and 6 \(C4 and C6\)"):
        load_survey(path)


def test_dates_read_by_fastexcel_send_the_sheet_to_calamine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    customers = [("respondent_id", "q1", "q2"), ("C1", 4, 5), ("C2", dt.date(2026, 7, 1), 4)]
    path = xlsx(tmp_path / "survey.xlsx", tables(items=ITEMS, customers=customers))
    with pytest.raises(InputError, match="customers!B3 = 2026-07-01: a date or time"):
        load_survey(path)
    assert_same(load_survey(path, EXCLUDE), exactly(path, EXCLUDE, monkeypatch))


PARQUET_COLUMNS = {
    "respondent_id": ["a", "b", " c", "d", "e", "f"],
    "text": ["4", "N/A", None, "abc", " 2 ", "007"],
    "floats": [4.0, float("nan"), None, 6.5, 1.0, -99.0],
    "ints": [1, 5, None, 2**60, 3, 4],
    "small": [1, 5, None, 2, 3, 4],
    "flags": [True, False, None, True, True, False],
    "dates": [dt.date(2026, 1, 1), None, None, None, None, None],
    "region": ["n", "s", None, "n", "7", "s"],
    "nothing": [None] * 6,
}


@pytest.mark.parametrize("dictionary", [False, True])
def test_parquet_columns_read_as_python_values_would_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dictionary: bool
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = [c for c in PARQUET_COLUMNS if c not in ("respondent_id", "region", "nothing")]
    items: Rows = [("item", "touchpoint", "category", "missing_codes")]
    items += [(name, "store", "x", "-99") for name in names]
    folder = csv_folder(tmp_path / "drop", tables(items=items, company=[("text",), ("4",)]))
    (folder / "customers.csv").unlink()
    table = pa.table(PARQUET_COLUMNS)
    if dictionary:
        table = table.set_column(1, "text", table.column("text").dictionary_encode())
    pq.write_table(table, folder / "customers.parquet", row_group_size=4)
    fast, exact = load_survey(folder, EXCLUDE), exactly(folder, EXCLUDE, monkeypatch)
    assert_same(fast, exact)
    assert fast.customers.attributes["region"] == ("n", "s", "", "n", "7", "s")
    with pytest.raises(InputError) as refused:
        load_survey(folder)
    with pytest.raises(InputError, match=str(refused.value).replace("(", r"\(")[:60]):
        exactly(folder, LoadOptions(), monkeypatch)


def test_odd_arrow_columns_read_as_their_python_values() -> None:
    """Unsigned dictionary indices, a null inside a dictionary, sliced chunks, big integers."""
    import pyarrow as pa

    from cxgap.load._cells import classify
    from cxgap.model import Item

    words = pa.array([f"{i}" if i < 6 else f"w{i}" for i in range(256)])
    columns = [
        pa.chunked_array(
            [pa.DictionaryArray.from_arrays(pa.array([1, 5, None, 200], pa.uint8()), words)]
        ),
        pa.chunked_array(
            [pa.DictionaryArray.from_arrays(pa.array([0, 1, 2]), pa.array(["4", None, "x"]))]
        ),
        pa.chunked_array([pa.array(["x", None]).slice(1), pa.array(["y", "3"]).slice(1)]),
        pa.chunked_array([pa.array([1, 2**53 + 1, None])]),
        pa.chunked_array([pa.array([1.5, float("nan"), None], pa.float32())]),
        pa.chunked_array([], pa.string()),
    ]
    item = Item("q", "t", "c", scale_min=1, scale_max=5)
    for column in columns:
        cells, values = arrow.column_cells(column), column.to_pylist()
        assert list(map(repr, cells)) == list(map(repr, values))
        fast, slow = classify(cells, item), classify(values, item)
        np.testing.assert_array_equal(fast.codes, slow.codes)
        np.testing.assert_array_equal(fast.scores, slow.scores)
        assert cells.labels() == Cells.of(values).labels()
