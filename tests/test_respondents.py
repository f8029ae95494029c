"""Respondent ids read from Parquet are checked in Arrow, ids of other readers in Python: the
same ids must give the same outcome either way, the same message naming the same rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from cxgap.errors import InputError
from cxgap.load import load_survey
from cxgap.load._arrow import ArrowStrings
from cxgap.load._respondents import RowNumbers
from load_builders import COMPANY, CUSTOMERS, ITEMS, csv_folder, tables


def with_ids(ids: Sequence[str | None]) -> list[Sequence[object]]:
    """The good customers' table with its ids replaced by ``ids``."""
    return [CUSTOMERS[0], *([rid, *row[1:]] for rid, row in zip(ids, CUSTOMERS[1:], strict=True))]


def parquet_folder(folder: Path, customer_ids: Sequence[str | None]) -> Path:
    """The good tables as Parquet text columns, the customers' ids replaced."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir()
    rows = with_ids(customer_ids)
    for name, table in tables(customers=rows).items():
        header, body = table[0], table[1:]
        columns = {
            str(h): [None if row[j] is None else str(row[j]) for row in body]
            for j, h in enumerate(header)
        }
        pq.write_table(pa.table(columns), folder / f"{name}.parquet")
    return folder


def outcome(folder: Path) -> Sequence[str] | str:
    try:
        return load_survey(folder).customers.respondent_ids
    except InputError as exc:
        return str(exc).replace(str(folder), "DROP").replace(".parquet", "").replace(".csv", "")


IDS = [f"C{i}" for i in range(8)]
CASES = {
    "plain": IDS,
    "twice": [*IDS[:5], "C1", *IDS[6:]],
    "twice, side by side": [*IDS[:5], "C4", *IDS[6:]],
    "unsorted": [*IDS[4:], *IDS[:4]],
    "unsorted, twice": [*IDS[4:], "C5", *IDS[1:4]],
    "blank": [*IDS[:3], "", *IDS[4:]],
    "null": [*IDS[:3], None, *IDS[4:]],
    "spaces only": [*IDS[:3], "   ", *IDS[4:]],
    "twice once stripped": [*IDS[:5], " C1 ", *IDS[6:]],
    "a separator Python strips": [*IDS[:5], "C1\x1c", *IDS[6:]],
    "a tab": [*IDS[:5], "\tC1", *IDS[6:]],
    "not ASCII": [*IDS[:5], "Cé", *IDS[6:]],
    "a non-breaking space": [*IDS[:5], "C1\u00a0", *IDS[6:]],
}


@pytest.mark.parametrize("case", CASES)
def test_parquet_ids_are_checked_as_csv_ids_are(tmp_path: Path, case: str) -> None:
    ids = CASES[case]
    parquet = outcome(parquet_folder(tmp_path / "p", ids))
    csv = outcome(csv_folder(tmp_path / "c", tables(customers=with_ids(ids))))
    if isinstance(csv, str):
        assert parquet == csv
    else:
        assert not isinstance(parquet, str), parquet
        assert list(parquet) == list(csv)


def test_checked_parquet_ids_stay_in_arrow(tmp_path: Path) -> None:
    ids = outcome(parquet_folder(tmp_path / "p", IDS))
    assert isinstance(ids, ArrowStrings)
    assert ids == tuple(IDS) and tuple(IDS) == ids
    assert ids[2] == "C2" and ids[-1] == "C7" and list(ids[1:3]) == ["C1", "C2"]
    assert list(ids[::3]) == ["C0", "C3", "C6"]
    assert "C5" in ids and len(ids) == 8


def test_without_an_id_column_the_row_numbers_are_the_ids(tmp_path: Path) -> None:
    customers = [row[1:] for row in CUSTOMERS]
    survey = load_survey(csv_folder(tmp_path / "c", tables(customers=customers)))
    ids = survey.customers.respondent_ids
    assert isinstance(ids, RowNumbers)
    assert ids == tuple(str(r) for r in range(2, 10))
    assert ids[0] == "2" and ids[-1] == "9" and ids[2:4] == ("4", "5")
    assert len(load_survey(csv_folder(tmp_path / "s", tables())).company.respondent_ids) == len(
        COMPANY[1:]
    )
    assert ITEMS  # the codebook these tables share
