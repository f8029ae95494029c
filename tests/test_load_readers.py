"""The fast readers (fastexcel for .xlsx, columnar pyarrow for Parquet) read exactly what the
exact readers (python-calamine cell by cell, Parquet through Python values) read: the same
survey, the same exclusions, the same messages. Where they cannot prove that, they step aside;
where they can, they are used (or the speed is lost). The exact readers are chosen with the
public switch ``LoadOptions(reader="exact")``, and every test checks which reader read each
table, so that no comparison can end up comparing a reader with itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE
from cxgap.errors import InputError
from cxgap.load import load_survey
from cxgap.load._arrow import column_cells
from cxgap.load._cells import Cells
from cxgap.load._sources import read_tables
from cxgap.model import LoadOptions, Survey
from load_builders import Rows, csv_folder, tables, xlsx, xlsx_shared

EXCLUDE = LoadOptions(on_invalid="exclude")
ITEMS: Rows = [
    ("item", "touchpoint", "category", "missing_codes"),
    ("q1", "store", "consumable", -99),
    ("q2", "web", "luxury", None),
]


def exactly(path: Path, options: LoadOptions) -> Survey:
    """The survey as the exact readers give it (and proof that they read every table)."""
    exact = replace(options, reader="exact")
    assert set(readers(path, exact).values()) <= {"calamine", "python", "csv"}
    return load_survey(path, exact)


def readers(path: Path, options: LoadOptions | None = None) -> dict[str, str]:
    """Which reader read each table of the input."""
    tables, *_ = read_tables(path, options or LoadOptions())
    return {role: table.reader for role, table in tables.items()}


def fast_only(path: Path) -> None:
    """Fail the test unless every sheet of the workbook is read by fastexcel."""
    assert set(readers(path).values()) == {"fastexcel"}


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
    tmp_path: Path,
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
    fast_only(path)
    survey = load_survey(path)
    q1 = {e.reason: e.count for e in survey.exclusions if (e.sample, e.item) == ("customers", "q1")}
    assert q1 == {"non_substantive": 1}
    assert np.count_nonzero(~np.isnan(survey.customers.scores.column(0))) == 99_999
    assert np.isnan(survey.customers.scores.column(0)[89_999])


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
    tmp_path: Path, rows: list[tuple[object, ...]], shared: bool
) -> None:
    customers = [("respondent_id", "region", "q1", "q2")]
    customers += [(f"C{i}", *row) for i, row in enumerate(rows)]
    writer = xlsx_shared if shared else xlsx
    path = writer(tmp_path / f"survey{len(rows)}{shared}.xlsx", tables(customers=customers))
    fast = outcome(lambda: load_survey(path, EXCLUDE))
    exact = outcome(lambda: exactly(path, EXCLUDE))
    if isinstance(fast, str) or isinstance(exact, str):
        assert fast == exact
    else:
        assert_same(fast, exact)
    strict_fast = outcome(lambda: load_survey(path))
    strict_exact = outcome(lambda: exactly(path, LoadOptions()))
    if isinstance(strict_fast, str) or isinstance(strict_exact, str):
        assert strict_fast == strict_exact


def test_plain_sheets_are_read_fast_and_odd_ones_cell_by_cell(tmp_path: Path) -> None:
    plain = xlsx_shared(tmp_path / "plain.xlsx", tables(items=ITEMS))
    fast_only(plain)
    customers = [("respondent_id", "q1", "q2"), ("007", 4, 5), ("C2", True, 4)]
    odd = xlsx(tmp_path / "odd.xlsx", tables(items=ITEMS, customers=customers))
    # a numeric-looking text and a TRUE: cell by cell
    assert readers(odd)["customers"] == "calamine"
    assert readers(odd)["items"] == "fastexcel"
    survey = load_survey(odd, EXCLUDE)
    assert survey.customers.respondent_ids == ("007", "C2")


def test_the_sample_reads_the_same_fast_and_exact() -> None:
    fast_only(SAMPLE)
    assert_same(load_survey(SAMPLE), exactly(SAMPLE, LoadOptions()))


def test_a_workbook_with_every_kind_of_cell_reads_the_same_fast_and_exact(
    tmp_path: Path,
) -> None:
    """Numbers, texts that read as numbers, non-answers, blanks, spaces, bools, dates, times,
    formulas with and without values, error values, unicode and escapes in texts."""
    import openpyxl

    path = tmp_path / "every.xlsx"
    xlsx(path, tables(items=ITEMS))
    book = openpyxl.load_workbook(path)
    sheet = book["customers"]
    values: list[object] = [
        4, 4.0, 2.5, -99, 6, 5.000000000000001, "4", " 4 ", "007", "N/A", "n/a", "Don\u2019t know",
        "", "   ", "abc", 'quote " and \\ back', "line\nbreak", "e\u0301", "\U0001f600", True,
        dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 3, 4), dt.time(9, 30), "=1+2", "=NA()",
    ]  # fmt: skip
    sheet.delete_rows(1, sheet.max_row)
    sheet.append(["respondent_id", "q1", "q2"])
    for i, value in enumerate(values):
        sheet.append([f"C{i}", value, 4])
    book.save(path)
    assert readers(path)["customers"] == "calamine"  # formulas: the exact read only
    fast, exact = load_survey(path, EXCLUDE), exactly(path, EXCLUDE)
    assert_same(fast, exact)
    plain = [v for v in values if not isinstance(v, bool | dt.date | dt.time)]
    plain = [v for v in plain if not (isinstance(v, str) and v.startswith("="))]
    # a text that reads as a number, or an empty text (openpyxl types it as text, fastexcel
    # reads it as empty, so the count of texts cannot prove the read): cell by cell too
    plain = [v for v in plain if not (isinstance(v, str) and v in ("4", " 4 ", "007", ""))]
    sheet.delete_rows(2, sheet.max_row)
    for i, value in enumerate(plain):
        sheet.append([f"C{i}", value, 4])
    book.save(path)
    fast_only(path)
    assert_same(load_survey(path, EXCLUDE), exactly(path, EXCLUDE))


def test_a_sheet_that_starts_further_down_and_right_names_cells_right(
    tmp_path: Path,
) -> None:
    """Data from C3 on: fastexcel's rows and columns are placed where the sheet has them."""
    blank: Sequence[object] = (None, None)
    customers = [(), ()] + [
        (*blank, *row)
        for row in [("respondent_id", "q1", "q2"), ("C1", 4, 5), ("C2", 3, None), ("C1", 2, 2)]
    ]
    path = xlsx_shared(tmp_path / "survey.xlsx", tables(items=ITEMS, customers=customers))
    fast_only(path)
    with pytest.raises(InputError, match=r"customers!C6: .*rows 4 and 6 \(C4 and C6\)"):
        load_survey(path)


def test_dates_read_by_fastexcel_send_the_sheet_to_calamine(
    tmp_path: Path,
) -> None:
    customers = [("respondent_id", "q1", "q2"), ("C1", 4, 5), ("C2", dt.date(2026, 7, 1), 4)]
    path = xlsx(tmp_path / "survey.xlsx", tables(items=ITEMS, customers=customers))
    with pytest.raises(InputError, match="customers!B3 = 2026-07-01: a date or time"):
        load_survey(path)
    assert_same(load_survey(path, EXCLUDE), exactly(path, EXCLUDE))


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
def test_parquet_columns_read_as_python_values_would_be(tmp_path: Path, dictionary: bool) -> None:
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
    assert readers(folder)["customers"] == "arrow"
    fast, exact = load_survey(folder, EXCLUDE), exactly(folder, EXCLUDE)
    assert_same(fast, exact)
    assert fast.customers.attributes["region"] == ("n", "s", "", "n", "7", "s")
    with pytest.raises(InputError) as refused:
        load_survey(folder)
    with pytest.raises(InputError, match=str(refused.value).replace("(", r"\(")[:60]):
        exactly(folder, LoadOptions())


def test_odd_arrow_columns_read_as_their_python_values() -> None:
    """Unsigned dictionary indices, a null inside a dictionary, sliced chunks, big integers."""
    import pyarrow as pa

    from cxgap.load._classify import classify
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
    item = Item(id="q", touchpoint="t", category="c", scale_min=1, scale_max=5)
    for column in columns:
        cells, values = column_cells(column), column.to_pylist()
        assert list(map(repr, cells)) == list(map(repr, Cells.of(values)))
        fast, slow = classify(cells, item), classify(values, item)
        np.testing.assert_array_equal(fast.codes, slow.codes)
        np.testing.assert_array_equal(fast.scores, slow.scores)
        assert cells.labels() == Cells.of(values).labels()
