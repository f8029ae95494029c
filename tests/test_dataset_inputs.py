"""A sample given as what Spark reads (SPEC 8): ``--customers`` and ``--company`` take a
dataset URI or ``spark-table:NAME``. The local engine reads a ``file://`` URI as its path and
refuses any other with exit 2, naming ``--engine spark`` (Spark's side: tests_spark,
tests_cluster)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxgap._dataset import Dataset, sample_input
from cxgap.cli import app
from cxgap.inputs import input_files, source, wave_sources
from test_load_formats import csv_copy
from test_parts import parts


def test_a_uri_or_table_stays_as_given_and_a_path_is_a_path() -> None:
    assert sample_input("file:///data/customers") == Dataset("file:///data/customers")
    assert sample_input("s3a://bucket/survey/customers/").name == "customers"
    assert sample_input("spark-table:lake.customers").table == "lake.customers"
    assert sample_input("hdfs://nn:8020/x").local_path() is None
    assert sample_input("file://localhost/a%20b/c").local_path() == Path("/a b/c")
    assert sample_input("customers.csv") == Path("customers.csv")
    assert sample_input("C:customers.csv") == Path("C:customers.csv")  # no '//': a path


def test_the_parsed_options_keep_the_uri_and_name_waves_by_it() -> None:
    given = source(None, Path("items.csv"), "company.csv", "hdfs://nn/lake/w1")
    assert not isinstance(given, Path) and given.customers == Dataset("hdfs://nn/lake/w1")
    assert input_files(given) == (Path("items.csv"), Path("company.csv"))
    waves = wave_sources(None, Path("i.csv"), ["c.csv"], ["spark-table:db.wave_2026q3"])
    assert [label for label, _ in waves] == ["db.wave_2026q3"]


def test_the_local_engine_reads_a_file_uri_as_its_path(runner: CliRunner, tmp_path: Path) -> None:
    folder = csv_copy(tmp_path / "drop")
    given = parts(folder)
    by_path = runner.invoke(app, ["analyze", *given, "-f", "json"])
    given[-1] = (folder / "customers.csv").resolve().as_uri()
    by_uri = runner.invoke(app, ["analyze", *given, "-f", "json"])
    assert by_path.exit_code == by_uri.exit_code == 0, by_uri.stderr
    a, b = json.loads(by_path.stdout), json.loads(by_uri.stdout)
    assert a["rows"] == b["rows"] and a["input"]["sha256"] == b["input"]["sha256"]


@pytest.mark.parametrize(
    "uri", ["hdfs://namenode:8020/lake/customers", "s3a://bucket/customers", "spark-table:c"]
)
def test_the_local_engine_refuses_what_only_spark_reads(
    runner: CliRunner, tmp_path: Path, uri: str
) -> None:
    given = parts(csv_copy(tmp_path / "drop"))
    given[-1] = uri
    result = runner.invoke(app, ["analyze", *given, "-f", "json"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cxgap: error: --customers {uri}: the local engine reads")
    assert "--engine spark" in result.stderr and result.stderr.count("\n") == 1
