"""SPEC 10's codebook pairs and the SERVQUAL gaps beyond the R pins: the pairs' validation (exit
2 naming the codebook row), expectation items out of the delivery-gap rows, a codebook without
pairs unchanged, splits, and parts read in batches equal to the whole file."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import small_survey, write_folder
from cxgap.cli import app
from cxgap.errors import InputError
from cxgap.load import load_survey
from cxgap.model import LoadOptions, Parts, Settings
from cxgap.render.json import envelope
from cxgap.stats import analyze

FIXTURE = Path(__file__).parent / "reference" / "fixtures" / "servqual"
SERVQUAL_FIELDS = ("service_gap", "n_paired", "knowledge_gap_pp", "knowledge_gap_q")


def _items(*rows: tuple[str, ...]) -> list[tuple[object, ...]]:
    return [("item", "touchpoint", "category", "kind", "pair"), *rows]


def _survey(tmp_path: Path, items: list[tuple[object, ...]]) -> Path:
    ids = [row[0] for row in items[1:]]
    company = [("respondent_id", *ids), *((f"S{i}", *(4 for _ in ids)) for i in range(5))]
    customers = [("respondent_id", *ids), *((f"C{i}", *(3 for _ in ids)) for i in range(5))]
    return write_folder(
        tmp_path / "s", {"items": items, "company": company, "customers": customers}
    )


BAD = {
    "unknown item": (
        _items(("p1", "store", "lux", "", "e9"), ("e1", "store", "lux", "expectation", "p1")),
        "items!E2",
        "not an item of the codebook",
    ),
    "both expectations": (
        _items(
            ("p1", "store", "lux", "expectation", "e1"), ("e1", "store", "lux", "expectation", "")
        ),
        "items!E2",
        "both 'expectation'",
    ),
    "no expectation": (
        _items(("p1", "store", "lux", "", "e1"), ("e1", "store", "lux", "", "")),
        "items!E2",
        "mark one of the two",
    ),
    "other touchpoint": (
        _items(("p1", "store", "lux", "", ""), ("e1", "web", "lux", "expectation", "p1")),
        "items!E3",
        "differ in touchpoint ('web' vs 'store')",
    ),
    "other category": (
        _items(("p1", "store", "lux", "", "e1"), ("e1", "store", "basic", "expectation", "")),
        "items!E2",
        "differ in category",
    ),
    "not mutual": (
        _items(
            ("p1", "store", "lux", "", "e1"),
            ("e1", "store", "lux", "expectation", "p2"),
            ("p2", "store", "lux", "", ""),
        ),
        "items!E3",
        "in two pairs",
    ),
    "paired with itself": (
        _items(
            ("p1", "store", "lux", "", "p1"),
        ),
        "items!E2",
        "paired with itself",
    ),
    "expectation alone": (
        _items(("p1", "store", "lux", "", ""), ("e1", "store", "lux", "expectation", "")),
        "items!D3",
        "paired with no item",
    ),
    "an nps item paired": (
        _items(("p1", "store", "lux", "nps", "e1"), ("e1", "store", "lux", "expectation", "")),
        "items!E2",
        "kinds are",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_pair_is_an_input_error_naming_its_codebook_row(tmp_path: Path, case: str) -> None:
    items, cell, words = BAD[case]
    with pytest.raises(InputError) as caught:
        load_survey(_survey(tmp_path, items))
    message = str(caught.value)
    assert cell in message and words in message, message


def test_the_cli_exits_2_with_one_line(tmp_path: Path) -> None:
    items, cell, _ = BAD["other touchpoint"]
    result = CliRunner().invoke(app, ["analyze", str(_survey(tmp_path, items)), "-f", "json"])
    assert result.exit_code == 2
    assert result.stderr.startswith("cxgap: error: ") and cell in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_pair_written_on_either_row_or_both_reads_the_same(tmp_path: Path) -> None:
    e = ("e1", "store", "lux", "expectation")
    written = {
        "perception": (("p1", "store", "lux", "", "e1"), (*e, "")),
        "expectation": (("p1", "store", "lux", "", ""), (*e, "p1")),
        "both": (("p1", "store", "lux", "", "E1"), (*e, "p1")),
    }
    for name, rows in written.items():
        codebook = load_survey(_survey(tmp_path / name, _items(*rows))).codebook
        assert codebook.pairs() == ((0, 1),), name
        assert [item.pair for item in codebook.items] == ["e1", "p1"], name


def _json(path: Path | Parts, settings: Settings, **options: Any) -> dict[str, Any]:
    out = envelope(analyze(load_survey(path, LoadOptions(**options)), settings))
    out["input"] = {}
    return json.loads(json.dumps(out))


def test_expectation_items_stay_out_of_the_delivery_gap_rows() -> None:
    out = _json(FIXTURE, Settings())
    items = {row["group"]["item"] for row in out["rows"] if row["group_by"] == ["item"]}
    assert items == {"p1", "p2", "p3", "p4"}
    headline = out["headline"]
    survey = load_survey(FIXTURE)
    perceptions = [j for j, item in enumerate(survey.codebook.items) if item.kind == "score"]
    answered = (~np.isnan(survey.customers.scores.dense()[:, perceptions])).sum()
    assert headline["responses_customers"] == answered
    assert all(field in row for row in out["rows"] for field in SERVQUAL_FIELDS)


def test_a_codebook_without_pairs_gives_the_same_json(tmp_path: Path) -> None:
    """A ``pair`` column left blank changes nothing: no SERVQUAL field, the same bytes."""
    plain = small_survey(tmp_path / "plain")
    blank = tmp_path / "blank"
    shutil.copytree(plain, blank)
    with (plain / "items.csv").open(encoding="utf-8") as handle:
        rows = [[*row, "pair" if k == 0 else ""] for k, row in enumerate(csv.reader(handle))]
    write_folder(blank, {"items": rows})
    settings = Settings(splits=("role",))
    a, b = _json(plain, settings), _json(blank, settings)
    assert a == b
    assert "service_gap" not in json.dumps(a) and "unpaired" not in json.dumps(a)


def test_a_split_part_is_its_own_customers_gap(tmp_path: Path) -> None:
    """The service gap of the customers of one split part is the unsplit gap of a survey of
    those customers alone (to the last bits: the part's sums are added in another order)."""
    with (FIXTURE / "customers.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    tagged = [[*rows[0], "zone"], *([*row, "AB"[k % 2]] for k, row in enumerate(rows[1:]))]
    alone = [rows[0], *(row for k, row in enumerate(rows[1:]) if k % 2 == 0)]
    whole = tmp_path / "whole"
    shutil.copytree(FIXTURE, whole)
    write_folder(whole, {"customers": tagged})
    part = tmp_path / "part"
    shutil.copytree(FIXTURE, part)
    write_folder(part, {"customers": alone})
    split = _json(whole, Settings(splits=("zone",)))
    want = _json(part, Settings())
    got = {(tuple(r["group_by"]), tuple(r["group"].items())): r for r in split["rows"]
           if r["split"] == {"zone": "A"}}  # fmt: skip
    for row in want["rows"]:
        other = got[tuple(row["group_by"]), tuple(row["group"].items())]
        for field in ("service_gap", "service_gap_se", "n_paired", "service_gap_q"):
            want_value = row[field]
            assert other[field] == (want_value and pytest.approx(want_value, rel=1e-12)), field


def _table(path: Path) -> pa.Table:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    columns = list(zip(*rows[1:], strict=True))
    return pa.table(
        [pa.array(c) if k == 0 else pa.array([float(v) if v else None for v in c], pa.float64())
         for k, c in enumerate(columns)],
        names=rows[0],
    )  # fmt: skip


@pytest.mark.parametrize("batch", [1, 1000])
def test_parts_read_in_batches_give_the_whole_files_json(tmp_path: Path, batch: int) -> None:
    table = _table(FIXTURE / "customers.csv")
    pq.write_table(table, tmp_path / "customers.parquet")
    parts = tmp_path / "parts"
    parts.mkdir()
    for k, start in enumerate(range(0, table.num_rows, 40)):
        pq.write_table(table.slice(start, 40), parts / f"part-{k}.parquet")
    settings = Settings(weighted=True)

    def of(customers: Path, **options: Any) -> dict[str, Any]:
        return _json(Parts(items=FIXTURE / "items.csv", company=FIXTURE / "company.csv",
                           customers=customers), settings, **options)  # fmt: skip

    whole = of(tmp_path / "customers.parquet")
    assert whole["headline"]["service_gap"] is not None
    assert of(parts, batch_rows=batch) == whole


def test_the_templates_paired_example_reads_as_a_pair(tmp_path: Path) -> None:
    """``cxgap template`` shows how to lay out a pair: its example, pasted into ``items``, is a
    valid pair, and the items sheet has the ``pair`` column to paste it into."""
    from python_calamine import CalamineWorkbook

    target = tmp_path / "t.xlsx"
    assert CliRunner().invoke(app, ["template", "-o", str(target)]).exit_code == 0
    book = CalamineWorkbook.from_path(str(target))
    assert "pair" in book.get_sheet_by_name("items").to_python()[0]
    rows = book.get_sheet_by_name("instructions").to_python()
    start = next(k for k, row in enumerate(rows) if str(row[0]).startswith("example:"))
    width = rows[start + 1].index("pair") + 1
    items = [tuple(row[:width]) for row in rows[start + 1 : start + 4]]
    folder = _survey(tmp_path, items)
    codebook = load_survey(folder).codebook
    assert [(codebook.items[a].id, codebook.items[b].id) for a, b in codebook.pairs()] == [
        ("q07", "q07e")
    ]


def test_an_engine_elsewhere_is_refused_for_pairs() -> None:
    """``--engine spark`` does not carry the pair sums yet: with pairs it stops (exit 2) rather
    than print gaps summed here from parts the cluster was meant to read."""
    from dataclasses import replace

    from cxgap.errors import UsageError
    from cxgap.model import Stream

    survey = load_survey(FIXTURE)
    customers = survey.customers
    stream = Stream(
        batches=lambda: iter([customers]),
        size=customers.size,
        values={},
        map_batches=lambda fn: iter([fn(customers)]),
    )
    elsewhere = replace(survey, customers=replace(customers, stream=stream))
    with pytest.raises(UsageError, match="--engine spark does not compute the SERVQUAL gaps"):
        analyze(elsewhere, Settings())


def test_a_pair_with_one_side_missing_from_the_customers_is_a_warning(tmp_path: Path) -> None:
    """Customers' sheet without the expectation column: no ``unpaired`` count for every answer
    of the experience, but a warning naming the missing column, and the gaps null."""
    items = _items(("p1", "store", "lux", "", "e1"), ("e1", "store", "lux", "expectation", ""))
    folder = _survey(tmp_path, items)
    write_folder(folder, {"customers": [("respondent_id", "p1"), ("C1", 3), ("C2", 4)]})
    out = _json(folder, Settings())
    assert not [e for e in out["exclusions"] if e["reason"] == "unpaired"]
    assert any("e1 is not a column of the customers' sample" in w for w in out["warnings"])
    row = next(r for r in out["rows"] if r["group"] == {"item": "p1"})
    assert row["service_gap"] is None and row["n_paired"] == 0
    assert row["knowledge_gap_pp"] is None
