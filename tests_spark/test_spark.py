"""The Spark engine (SPEC 8) in local mode: JSON rows equal to the local engine's at 1e-12.

Run by ``make spark`` (not ``make test``: a Spark session takes seconds to start). Nothing is
skipped: without pyspark or Java these tests fail, saying what is missing.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cxgap.load import load_survey
from cxgap.model import LoadOptions, Parts, Settings
from cxgap.render.json import envelope, render_trend
from cxgap.stats import analyze

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "survey.xlsx"
SETTINGS = Settings(levels=(("item",), ("touchpoint",), ("category",)), splits=("region",))
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)


def test_java_and_pyspark_are_there() -> None:
    assert shutil.which("java"), "Java is missing: apt-get install openjdk-17-jre-headless"
    import pyspark  # noqa: F401  (fails with the message 'No module named pyspark')


def _rows(sheet: str) -> list[list[Any]]:
    import python_calamine

    rows = python_calamine.CalamineWorkbook.from_path(SAMPLE).get_sheet_by_name(sheet).to_python()
    return [["" if v is None else v for v in row] for row in rows]


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> Parts:
    root = tmp_path_factory.mktemp("spark")
    for name in ("items", "company"):
        with (root / f"{name}.csv").open("w", newline="") as handle:
            csv.writer(handle).writerows(_rows(name))
    rows = _rows("customers")

    def column(values: tuple[Any, ...]) -> pa.Array:
        if all(isinstance(v, int | float) or v == "" for v in values):
            return pa.array([None if v == "" else float(v) for v in values], pa.float64())
        return pa.array([str(v) for v in values])

    table = pa.table([column(c) for c in zip(*rows[1:], strict=True)], names=rows[0])
    (root / "customers").mkdir()
    for k in range(0, table.num_rows, 700):
        pq.write_table(table.slice(k, 700), root / "customers" / f"part-{k:05d}.parquet")
    return Parts(
        items=root / "items.csv", company=root / "company.csv", customers=root / "customers"
    )


def _close(a: Any, b: Any, where: str = "") -> None:
    if isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            _close(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _close(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert abs(a - b) <= 1e-12 * max(1.0, abs(a)), f"{where}: {a} vs {b}"
    else:
        assert a == b, where


def _json(parts: Parts, settings: Settings, engine: str) -> dict[str, Any]:
    survey = load_survey(parts, LoadOptions(engine=engine))  # type: ignore[arg-type]
    if engine == "spark":
        assert survey.customers.stream is not None
        assert survey.customers.stream.map_batches is not None
    return json.loads(json.dumps(envelope(analyze(survey, settings))))


@pytest.mark.parametrize(
    "settings",
    [SETTINGS, Settings(metric="mean", levels=(("touchpoint",),), splits=("segment",))],
    ids=["topbox-split", "mean-split"],
)
def test_spark_rows_equal_the_local_engines(parts: Parts, settings: Settings) -> None:
    local, spark = _json(parts, settings, "local"), _json(parts, settings, "spark")
    assert local["rows"] and local["rows"][0]["importance"] is not None
    _close(local["rows"], spark["rows"])
    _close(local["headline"], spark["headline"])
    assert local["exclusions"] == spark["exclusions"]


@pytest.mark.parametrize("dim", ["channel", "region"])
def test_spark_consistency_equals_the_local_engines(parts: Parts, dim: str) -> None:
    """SPEC 9 on Spark: the cross-products and pattern counts summed per partition and merged
    on the driver give the local engine's consistency block (counts exactly, numbers at 1e-12)."""
    settings = Settings(levels=(("touchpoint",), ("category",)), consistency=dim)
    local, spark = _json(parts, settings, "local"), _json(parts, settings, "spark")
    assert any(row["f"] is not None for row in local["consistency"]["rows"])
    _close(local["consistency"], spark["consistency"])


def _counted(survey: Any, calls: list[str]) -> Any:
    """``survey`` with each sample's Spark mapper counting its jobs."""
    from dataclasses import replace

    for sample in (survey.company, survey.customers):
        stream = sample.stream
        if stream is None or stream.map_batches is None:
            continue
        mapper = stream.map_batches

        def counted(fn: Any, name: str = sample.name, mapper: Any = mapper) -> Any:
            calls.append(name)
            return mapper(fn)

        stream = replace(stream, map_batches=counted)
        survey = replace(survey, **{sample.name: replace(sample, stream=stream)})
    return survey


def test_one_spark_job_per_sample_for_splits_outcome_and_nps(parts: Parts) -> None:
    settings = Settings(splits=("region", "segment", "role"))
    calls: list[str] = []
    survey = _counted(load_survey(parts, LoadOptions(engine="spark")), calls)
    spark = json.loads(json.dumps(envelope(analyze(survey, settings))))
    assert calls == ["company", "customers"]  # --engine spark sends the CSV company too
    local = json.loads(json.dumps(envelope(analyze(load_survey(parts), settings))))
    assert spark["nps"] and spark["rows"][0]["importance"] is not None
    _close(local["nps"], spark["nps"])
    _close(local["rows"], spark["rows"])


def test_trend_on_parts_with_spark_equals_the_local_engines(parts: Parts, tmp_path: Path) -> None:
    """Two waves given as parts, the second with the last item left out (restricted to the
    common items on the executors); the Spark trend equals the local one."""
    from cxgap.stats import trend

    second = tmp_path / "customers"
    second.mkdir()
    for part in sorted(parts.customers.iterdir()):
        table = pq.read_table(part)
        table = table.drop_columns(["q24"]).set_column(
            table.schema.get_field_index("wave"),
            "wave",
            pa.array(["2026Q4"] * table.num_rows),
        )
        pq.write_table(table, second / part.name)
    waves = [parts, Parts(items=parts.items, company=parts.company, customers=second)]
    settings = Settings(levels=(("touchpoint",),), splits=("region",))
    reports = []
    for engine in ("local", "spark"):
        calls: list[str] = []
        options = LoadOptions(engine=engine)
        inputs = [(f"w{k}", _counted(load_survey(w, options), calls)) for k, w in enumerate(waves)]
        reports.append(json.loads(render_trend(trend(inputs, settings))))
        assert calls == (["company", "customers"] * 2 if engine == "spark" else [])
    local, spark = reports
    assert local["waves"] == ["2026Q3", "2026Q4"] and local["nps"]
    assert any("q24" in w for w in local["warnings"])
    _close(local["rows"], spark["rows"])
    _close(local["nps"], spark["nps"])


def test_a_partition_returns_its_batches_results_added(parts: Parts) -> None:
    """One result per partition, however many Arrow batches it holds (here 100 rows each)."""
    from cxgap.load._raw import PartFiles
    from cxgap.load._spark import _read, session, spark_mapper

    spark = session(None)
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "100")
    try:
        files = PartFiles(str(parts.customers), tuple(sorted(parts.customers.iterdir())))
        codebook = load_survey(parts).codebook
        mapper = spark_mapper("customers", files, codebook, LoadOptions(engine="spark"))
        sizes = [size for size in mapper(lambda batch: batch.size) if isinstance(size, int)]
        assert len(sizes) == _read(spark, files, "utf-8").rdd.getNumPartitions()
        assert sum(sizes) == 3000 and max(sizes) > 100
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")


def test_spark_keeps_its_own_lines_out_of_cxgaps_stderr(parts: Parts, tmp_path: Path) -> None:
    """A fresh process starts its own JVM: Java's and log4j's notices go to the JVM log, and
    stderr holds nothing but cxgap's (here: nothing at all); stdout is the JSON."""
    import subprocess
    import sys

    from cxgap.load._spark import JVM_LOG

    cxgap = Path(sys.executable).with_name("cxgap")
    argv = [str(cxgap), "analyze", "--items", str(parts.items), "--company", str(parts.company)]
    argv += ["--customers", str(parts.customers), "--engine", "spark", "-f", "json"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout)["rows"]
    assert "log4j" in JVM_LOG.read_text(errors="replace")
