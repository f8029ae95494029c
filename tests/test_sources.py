"""Every input kind from every place a sample can come from (issue 20): a platform's export in a
survey folder is read as the export it is, exactly as the same file given with --customers,
and detect() says once what each file is."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from cxgap.load import load_survey
from cxgap.load._detect import detect
from cxgap.model import LoadOptions, Parts, Survey
from load_builders import ITEMS, csv_folder, tables

QUALTRICS = [
    ["ResponseId", "Finished", "q1", "q2", "q3"],
    ["Response ID", "Finished", "How was the store?", "How was the web?", "After-sales?"],
]


def _qualtrics(path: Path) -> Path:
    """Customers as Qualtrics writes them: three header rows, an unfinished response."""
    imports = [
        json.dumps({"ImportId": n}) for n in ("_recordId", "finished", "QID1", "QID2", "QID3")
    ]
    rows = [QUALTRICS[0], QUALTRICS[1], imports]
    rows += [[f"R_{i}", "1", str(3 + i % 3), "2", str(1 + i % 5)] for i in range(8)]
    rows += [["R_unfinished", "0", "5", "5", "5"]]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _parts(folder: Path, customers: str) -> Parts:
    return Parts(
        items=folder / "items.csv", company=folder / "company.csv", customers=folder / customers
    )


def _same(a: Survey, b: Survey) -> None:
    assert a.exclusions == b.exclusions and a.warnings == b.warnings
    for name in ("company", "customers"):
        x, y = a.sample(name), b.sample(name)
        assert x.respondent_ids == y.respondent_ids and x.size == y.size
        np.testing.assert_array_equal(x.scores, y.scores)


def test_a_qualtrics_export_in_a_folder_reads_as_with_customers(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "drop", tables())
    _qualtrics(folder / "customers.csv")
    given = _parts(folder, "customers.csv")
    from_folder, alone = load_survey(folder), load_survey(given)
    _same(from_folder, alone)
    assert from_folder.customers.size == 8  # the unfinished response left out, and said
    assert any("unfinished" in w or "left out" in w for w in from_folder.warnings)


def test_a_spss_file_in_a_folder_reads_as_with_customers(tmp_path: Path) -> None:
    import pandas as pd
    import pyreadstat

    folder = csv_folder(tmp_path / "drop", tables())
    (folder / "customers.csv").unlink()
    frame = pd.DataFrame(
        {
            "respondent_id": [f"C{i}" for i in range(8)],
            "q1": [float(3 + i % 3) for i in range(8)],
            "q2": [2.0, 9.0, *[2.0] * 6],  # 9: user-missing, no answer
            "q3": [float(1 + i % 5) for i in range(8)],
        }
    )
    pyreadstat.write_sav(frame, str(folder / "customers.sav"), missing_ranges={"q2": [9]})
    given = _parts(folder, "customers.sav")
    from_folder = load_survey(folder)
    _same(from_folder, load_survey(given))
    assert from_folder.customers.size == 8
    assert {(e.item, e.reason): e.count for e in from_folder.exclusions if e.sample == "customers"}[
        ("q2", "missing_code")
    ] == 1


def test_detect_names_each_kind_once(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "drop", tables())
    options = LoadOptions()
    assert detect(folder / "items.csv", "items", options).kind == "table"
    assert detect(folder / "customers.csv", "customers", options).kind == "table"
    assert detect(folder / "customers.csv", "customers", options, alone=True).kind == "export"
    _qualtrics(tmp_path / "q.csv")
    assert detect(tmp_path / "q.csv", "customers", options).kind == "export"
    parts = tmp_path / "parts"
    parts.mkdir()
    for k in range(2):
        (parts / f"part-{k}.csv").write_text("respondent_id,q1\nC1,4\nC2,5\n", encoding="utf-8")
    source = detect(parts, "customers", options)
    assert source.kind == "parts" and source.parts is not None
    assert len(source.parts.files) == 2


@pytest.mark.parametrize("batch_rows", [1, 3, 100])
def test_batches_are_one_table_read_whole_or_one_per_batch_of_parts(
    tmp_path: Path, batch_rows: int
) -> None:
    options = LoadOptions(batch_rows=batch_rows)
    folder = csv_folder(tmp_path / "drop", tables())
    whole = list(detect(folder / "customers.csv", "customers", options).batches(options))
    assert len(whole) == 1 and whole[0].n_rows == 8
    parts = tmp_path / "parts"
    parts.mkdir()
    lines = (folder / "customers.csv").read_text(encoding="utf-8").splitlines()
    for k, rows in enumerate((lines[1:5], lines[5:])):
        (parts / f"part-{k}.csv").write_text("\n".join([lines[0], *rows]) + "\n", "utf-8")
    batches = list(detect(parts, "customers", options).batches(options))
    assert [b.n_rows for b in batches] == [
        n for rows in (4, 4) for n in [batch_rows] * (rows // batch_rows) + [rows % batch_rows] if n
    ]
    ids = [i for b in batches for i in b.columns[0].labels()]
    assert ids == list(whole[0].columns[0].labels())


def test_items_stay_a_table_wherever_they_come_from(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "drop", {"items": ITEMS})
    assert detect(folder / "items.csv", "items", LoadOptions(), alone=True).kind == "table"
