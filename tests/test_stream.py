"""A sample read in batches (SPEC 8) gives exactly what reading it whole gives.

The data are the sample survey's first 240 customers, written as one Parquet or CSV file (read
whole) and as parts (read in batches of any size, down to 1 row): the JSON must be the same
bytes but for the input's path and digest, and errors must name the same cells.
"""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE, assert_close
from cxgap.errors import InputError
from cxgap.load import load_survey
from cxgap.model import LoadOptions, Parts, Settings
from cxgap.render.json import envelope
from cxgap.stats import analyze

CUSTOMERS = 240
SETTINGS = Settings(levels=(("item",), ("touchpoint",), ("category",)), splits=("region", "role"))


def _rows(sheet: str) -> list[list[Any]]:
    import python_calamine

    rows = python_calamine.CalamineWorkbook.from_path(SAMPLE).get_sheet_by_name(sheet).to_python()
    return [["" if v is None else v for v in row] for row in rows]


def arrow_table(rows: list[list[Any]]) -> pa.Table:
    """A sheet's rows as an Arrow table: number columns as floats (blank: null), others text."""

    def column(values: tuple[Any, ...]) -> pa.Array:
        if all(isinstance(v, int | float) or v == "" for v in values):
            return pa.array([None if v == "" else float(v) for v in values], pa.float64())
        return pa.array([str(v) for v in values])

    return pa.table([column(c) for c in zip(*rows[1:], strict=True)], names=rows[0])


def _write_csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("stream")
    items = _write_csv(root / "items.csv", _rows("items"))
    company = _write_csv(root / "company.csv", _rows("company"))
    customers = _rows("customers")[: CUSTOMERS + 1]
    pq.write_table(arrow_table(customers), root / "customers.parquet", row_group_size=50)
    _write_csv(root / "customers.csv", customers)
    return {"root": root, "items": items, "company": company, "customers": customers}


def _json(parts: Parts, settings: Settings = SETTINGS, **options: Any) -> dict[str, Any]:
    survey = load_survey(parts, LoadOptions(**options))
    out = envelope(analyze(survey, settings))
    out["input"] = {k: v for k, v in out["input"].items() if k not in ("path", "sha256")}
    return json.loads(json.dumps(out))


def _parts(data: dict[str, Any], customers: Path) -> Parts:
    return Parts(items=data["items"], company=data["company"], customers=customers)


def _split_parquet(data: dict[str, Any], folder: Path, cuts: list[int]) -> Path:
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    table = arrow_table(data["customers"])
    bounds = [0, *sorted(set(cuts)), table.num_rows]
    for k, (a, b) in enumerate(itertools.pairwise(bounds)):
        if b > a:
            pq.write_table(table.slice(a, b - a), folder / f"part-{k:03d}.parquet")
    return folder


@pytest.fixture(scope="module")
def whole(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON of the customers read whole, with the default settings of this module."""
    return _json(_parts(data, data["root"] / "customers.parquet"))


# A run costs about one batch per customer at batch 1: the one-row batch is the explicit
# example, and the drawn batches start at 2 (Hypothesis tries its smallest value first, so
# a range starting at 1 ran the costliest case twice).
@pytest.mark.slow  # hypothesis over batch sizes: make test-slow
@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    batch=st.integers(min_value=2, max_value=CUSTOMERS + 10),
    cuts=st.lists(st.integers(min_value=1, max_value=CUSTOMERS - 1), max_size=3),
)
@example(batch=1, cuts=[])
@example(batch=7, cuts=[3, 100])
def test_streaming_equals_in_memory_json(
    data: dict[str, Any], whole: dict[str, Any], tmp_path: Path, batch: int, cuts: list[int]
) -> None:
    folder = _split_parquet(data, tmp_path / "parts", cuts)
    streamed = _json(_parts(data, folder), batch_rows=batch)
    assert streamed == whole
    assert whole["rows"] and whole["nps"] and whole["exclusions"]


def test_a_glob_and_a_large_single_file_stream_too(
    data: dict[str, Any], whole: dict[str, Any], tmp_path: Path
) -> None:
    folder = _split_parquet(data, tmp_path / "g", [120])
    assert _json(_parts(data, folder / "part-*.parquet"), batch_rows=33) == whole
    single = _parts(data, data["root"] / "customers.parquet")
    survey = load_survey(single, LoadOptions(stream_above_mb=1e-6, batch_rows=64))
    assert survey.customers.stream is not None and survey.customers.size == CUSTOMERS
    assert _json(single, stream_above_mb=1e-6, batch_rows=64) == whole


def test_mean_metric_streams_identically(data: dict[str, Any], tmp_path: Path) -> None:
    mean = Settings(metric="mean", levels=(("touchpoint",),), splits=("segment",))
    whole = _json(_parts(data, data["root"] / "customers.parquet"), mean)
    assert (
        _json(_parts(data, _split_parquet(data, tmp_path / "m", [5])), mean, batch_rows=9) == whole
    )


def _bad_csv(data: dict[str, Any], folder: Path) -> Path:
    folder.mkdir()
    rows = [list(r) for r in data["customers"]]
    column = rows[0].index("q07")
    rows[17][column] = "abc"
    rows[200][column] = "9"
    _write_csv(folder / "customers.csv", rows)
    return folder


def test_a_one_row_batch_names_an_invalid_cell_by_file_row_and_column(
    data: dict[str, Any], tmp_path: Path
) -> None:
    folder = _bad_csv(data, tmp_path / "bad")
    with pytest.raises(InputError) as whole:
        load_survey(_parts(data, folder / "customers.csv"))
    with pytest.raises(InputError) as streamed:
        load_survey(_parts(data, folder), LoadOptions(batch_rows=1))
    message = str(streamed.value)
    assert "customers.csv, row 18, column 'q07' = 'abc': not a number" in message
    assert (
        "customers.csv, row 201, column 'q07' = '9': outside the 1-5 scale of item q07" in message
    )
    assert message.replace(str(folder), "X") == str(whole.value).replace(
        str(folder / "customers.csv"), "X"
    )
    excluded = load_survey(_parts(data, folder), LoadOptions(batch_rows=1, on_invalid="exclude"))
    invalid = [e for e in excluded.exclusions if e.reason == "invalid"]
    assert [(e.sample, e.item, e.count) for e in invalid] == [("customers", "q07", 2)]


def test_a_csv_part_streams_as_its_whole_file_reads(data: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    _write_csv(folder / "a.csv", data["customers"][:100])
    _write_csv(folder / "b.csv", [data["customers"][0], *data["customers"][100:]])
    whole = _json(_parts(data, data["root"] / "customers.csv"))
    assert _json(_parts(data, folder), batch_rows=17) == whole


def test_a_respondent_id_in_two_batches_is_an_input_error(
    data: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "dup"
    folder.mkdir()
    _write_csv(folder / "a.csv", data["customers"][:100])
    _write_csv(folder / "b.csv", [data["customers"][0], data["customers"][50]])
    rid = data["customers"][50][0]
    with pytest.raises(
        InputError,
        match=f"respondent_id '{rid}' appears twice: a.csv, row 51, column 'respondent_id' "
        "and b.csv, row 2, column 'respondent_id'",
    ):
        load_survey(_parts(data, folder), LoadOptions(batch_rows=10))


def test_parts_with_other_columns_are_refused(data: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "cols"
    folder.mkdir()
    _write_csv(folder / "a.csv", data["customers"][:100])
    _write_csv(
        folder / "b.csv", [row[:-1] for row in [data["customers"][0], *data["customers"][100:]]]
    )
    with pytest.raises(InputError, match=r"b\.csv: this part's columns differ from the first"):
        load_survey(_parts(data, folder))


def test_cli_reads_a_customers_subfolder_and_a_glob(
    data: dict[str, Any], tmp_path: Path, runner: Any
) -> None:
    from cxgap.cli import app

    whole, drop = tmp_path / "whole", tmp_path / "drop"
    for folder in (whole, drop):
        folder.mkdir()
        for name in ("items", "company"):
            (folder / f"{name}.csv").write_bytes(data[name].read_bytes())
    (whole / "customers.parquet").write_bytes((data["root"] / "customers.parquet").read_bytes())
    _split_parquet(data, drop / "customers", [80, 160])
    args = ["analyze", "-f", "json", "--split", "region"]
    expected = runner.invoke(app, [*args, str(whole)])
    assert expected.exit_code == 0, expected.stderr
    got = runner.invoke(app, [*args, str(drop)])
    files = ["--items", str(drop / "items.csv"), "--company", str(drop / "company.csv")]
    glob = runner.invoke(
        app, [*args, *files, "--customers", str(drop / "customers" / "part-*.parquet")]
    )
    for result in (got, glob):
        assert result.exit_code == 0, result.stderr
        out, want = json.loads(result.stdout), json.loads(expected.stdout)
        assert out["rows"] == want["rows"] and out["exclusions"] == want["exclusions"]


def test_engine_spark_on_a_workbook_says_it_ran_here() -> None:
    survey = load_survey(SAMPLE, LoadOptions(engine="spark"))
    assert survey.customers.stream is None
    assert any(w.startswith("--engine spark: both samples were read here") for w in survey.warnings)


def test_extreme_weights_in_parts_are_refused_not_rescaled_batch_by_batch(
    data: dict[str, Any], tmp_path: Path
) -> None:
    """A whole file's extreme weights are rescaled exactly by a power of two; batches would
    each be rescaled by their own largest weight, so parts refuse them instead."""
    header, *rows = data["customers"]
    at = header.index("weight")
    folder = tmp_path / "extreme"
    folder.mkdir()
    huge = [[*r[:at], 1e200, *r[at + 1 :]] for r in rows]
    _write_csv(folder / "a.csv", [header, *huge])
    with pytest.raises(InputError, match=r"weights of 2\*\*64 \(1.8e19\) or more"):
        load_survey(_parts(data, folder), LoadOptions(batch_rows=10))
    whole = _write_csv(tmp_path / "customers.csv", [header, *huge])
    ones = _write_csv(tmp_path / "ones.csv", [header, *([*r[:at], 1, *r[at + 1 :]] for r in rows)])
    rows = _json(_parts(data, whole))["rows"]
    assert_close(rows, _json(_parts(data, ones))["rows"], "$.rows", rel=1e-12)


def test_validate_counts_the_valid_cells_of_parts_as_of_the_whole_file(
    data: dict[str, Any], tmp_path: Path, runner: Any
) -> None:
    from cxgap.cli import app

    whole, drop = tmp_path / "whole", tmp_path / "drop"
    for folder in (whole, drop):
        folder.mkdir()
        for name in ("items", "company"):
            (folder / f"{name}.csv").write_bytes(data[name].read_bytes())
    (whole / "customers.parquet").write_bytes((data["root"] / "customers.parquet").read_bytes())
    _split_parquet(data, drop / "customers", [80, 160])
    counted = [runner.invoke(app, ["validate", str(folder)]) for folder in (whole, drop)]
    lines = [
        next(line for line in r.stdout.splitlines()[::-1] if "cells:" in line) for r in counted
    ]
    assert lines[0] == lines[1] and " 0 valid" not in lines[1]
