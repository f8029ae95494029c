"""The Spark engine (SPEC 8) in local mode: the local engine's JSON, to the last bit (both sum
the same chunks of rows in the same order, :mod:`cxgap._chunks`).

Run by ``make spark`` (not ``make test``: a Spark session takes seconds to start). Nothing is
skipped: without pyspark or Java these tests fail, saying what is missing.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

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


def test_blas_runs_on_one_thread_as_cxgap_and_its_executors_do() -> None:
    """The bits of a chunk's products depend on how many threads BLAS splits them over:
    cxgap runs it on one (cli.main), so do its executors, and so must these tests."""
    assert os.environ.get("OPENBLAS_NUM_THREADS") == "1", "run these tests with make spark"


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


BIG = 50_000
CUTS = (20_000, 30_000, 31_000)
"""Parts of the big sample: chunk 0 lies in the first, chunk 1 spans four parts (one of
them shorter than a chunk), chunk 2 lies in the last, and so does chunk 3 (848 rows)."""


@pytest.fixture(scope="module")
def big(parts: Parts, tmp_path_factory: pytest.TempPathFactory) -> Parts:
    """50,000 customers (3 chunks and a part): the sample's, repeated under new ids, as
    Parquet parts cut inside chunks."""
    root = tmp_path_factory.mktemp("big")
    sample = pq.read_table(parts.customers)
    table = pa.concat_tables([sample] * -(-BIG // sample.num_rows)).slice(0, BIG)
    ids = pa.array([f"R{k:06d}" for k in range(BIG)])
    table = table.set_column(table.schema.get_field_index("respondent_id"), "respondent_id", ids)
    (root / "customers").mkdir()
    for k, (a, b) in enumerate(itertools.pairwise([0, *CUTS, BIG])):
        pq.write_table(table.slice(a, b - a), root / "customers" / f"part-{k}.parquet")
    return Parts(items=parts.items, company=parts.company, customers=root / "customers")


def test_parquet_parts_over_several_chunks_give_the_local_engines_json(big: Parts) -> None:
    """The whole JSON, byte for byte (input digest, rows, NPS, importance, exclusions)."""
    settings = Settings(splits=("region", "segment"))
    texts = []
    for engine in ("local", "spark"):
        survey = load_survey(big, LoadOptions(engine=engine))  # type: ignore[arg-type]
        texts.append(json.dumps(envelope(analyze(survey, settings))))
    local = json.loads(texts[0])
    assert local["rows"][0]["importance"] is not None and local["nps"]
    assert texts[1] == texts[0]


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
    assert spark["rows"] == local["rows"]
    assert spark["headline"] == local["headline"]
    assert local["exclusions"] == spark["exclusions"]


@pytest.mark.parametrize("dim", ["channel", "region"])
def test_spark_consistency_equals_the_local_engines(parts: Parts, dim: str) -> None:
    """SPEC 9 on Spark: the cross-products and pattern counts summed per partition and merged
    on the driver give the local engine's consistency block (counts exactly, numbers at 1e-12)."""
    settings = Settings(levels=(("touchpoint",), ("category",)), consistency=dim)
    local, spark = _json(parts, settings, "local"), _json(parts, settings, "spark")
    assert any(row["f"] is not None for row in local["consistency"]["rows"])
    assert spark["consistency"] == local["consistency"]


class _Counted:
    """A sample's Spark mapper counting its jobs, also once its batches are changed."""

    def __init__(self, mapper: Any, name: str, calls: list[str]) -> None:
        self.mapper, self.name, self.calls = mapper, name, calls

    def __call__(self, fn: Any) -> Any:
        self.calls.append(self.name)
        return self.mapper(fn)

    def each(self, change: Any, rows: Any) -> _Counted:
        return _Counted(self.mapper.each(change, rows), self.name, self.calls)


def _counted(survey: Any, calls: list[str]) -> Any:
    """``survey`` with each sample's Spark mapper counting its jobs."""
    from dataclasses import replace

    for sample in (survey.company, survey.customers):
        stream = sample.stream
        if stream is None or stream.map_batches is None:
            continue
        counted = _Counted(stream.map_batches, sample.name, calls)
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
    assert spark["nps"] == local["nps"]
    assert spark["rows"] == local["rows"]


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
    assert spark["rows"] == local["rows"]
    assert spark["nps"] == local["nps"]


def test_results_come_back_per_chunk_in_row_order(big: Parts) -> None:
    """One result per chunk of the sample, in row order, each ``fn`` of that chunk's rows:
    a chunk lying in one part reduced on an executor, a chunk cut by parts' edges (here the
    second, over four parts) joined and reduced on the driver."""
    import os

    from cxgap._chunks import CHUNK
    from cxgap.load._raw import PartFiles
    from cxgap.load._spark import session
    from cxgap.load._spark_parts import list_parts
    from cxgap.load._spark_pass import spark_mapper

    spark = session(None)
    files = PartFiles(str(big.customers), tuple(sorted(big.customers.iterdir())))
    codebook = load_survey(big).codebook
    options = LoadOptions(engine="spark")
    rows = [pq.read_metadata(f).num_rows for f in files.files]
    mapper = spark_mapper(
        "customers", list_parts(spark, files), codebook, options, 7_000, spark, rows
    )
    seen = list(mapper(lambda chunk: (chunk.respondent_ids[0], chunk.size, os.getpid())))
    ids = pq.read_table(big.customers, columns=["respondent_id"]).column(0).to_pylist()
    n = len(ids)
    assert [(rid, size) for rid, size, _ in seen] == [
        (ids[start], min(CHUNK, n - start)) for start in range(0, n, CHUNK)
    ]
    here = [pid == os.getpid() for _, _, pid in seen]
    assert len(seen) == 4 and here == [False, True, False, False]


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


def test_cp1252_csv_parts_give_the_local_engines_json(big: Parts, tmp_path: Path) -> None:
    """CSV parts in cp1252 with ';' (Spark 4's CSV reader takes neither the charset nor this
    delimiter rule), 50,000 customers in parts cut inside chunks: the executors decode them
    with the local engine's reader, and the JSON is the local engine's, byte for byte."""
    folder = tmp_path / "customers"
    folder.mkdir()
    for part in sorted(big.customers.iterdir()):
        table = pq.read_table(part)
        region = table.schema.get_field_index("region")
        north = pc.equal(table.column(region), "North")
        renamed = pc.if_else(north, "Zürich \u2013 Nord", table.column(region))
        table = table.set_column(region, "region", renamed)
        with (folder / f"{part.stem}.csv").open("w", newline="", encoding="cp1252") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(table.column_names)
            for row in zip(*(c.to_pylist() for c in table.columns), strict=True):
                writer.writerow(["" if v is None else _cell(v) for v in row])
    cp1252 = Parts(items=big.items, company=big.company, customers=folder)
    texts = []
    for engine in ("local", "spark"):
        options = LoadOptions(engine=engine, encoding="cp1252")  # type: ignore[arg-type]
        report = analyze(load_survey(cp1252, options), SETTINGS)
        texts.append(json.dumps(envelope(report), ensure_ascii=False))
    assert "Zürich \u2013 Nord" in texts[0]
    assert texts[1] == texts[0]


def _cell(value: Any) -> Any:
    """A number as the sheet wrote it (2.0 as 2), else the value."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def test_a_uri_or_a_table_read_by_spark_gives_the_local_engines_json(parts: Parts) -> None:
    """``--customers file://...`` and ``spark-table:NAME`` (a view over the same parts): Spark
    lists the parts, the executors read them; the rows, exclusions and input digest are the
    local engine's."""
    from dataclasses import replace

    from cxgap._dataset import Dataset
    from cxgap.load._spark import session

    session(None).read.parquet(str(parts.customers)).createOrReplaceTempView("cxgap_customers")
    local = json.loads(json.dumps(envelope(analyze(load_survey(parts), SETTINGS))))
    for given in (parts.customers.resolve().as_uri(), "spark-table:cxgap_customers"):
        dataset = replace(parts, customers=Dataset(given))
        survey = load_survey(dataset, LoadOptions(engine="spark"))
        spark = json.loads(json.dumps(envelope(analyze(survey, SETTINGS))))
        assert spark["input"]["sha256"] == local["input"]["sha256"], given
        for key in ("rows", "headline", "nps", "exclusions", "warnings"):
            assert spark[key] == local[key], f"{given}: {key}"


def test_spark_tells_its_tasks_done_while_it_reads(parts: Parts) -> None:
    told: list[tuple[str, int, int | None]] = []
    options = LoadOptions(engine="spark", progress=lambda *said: told.append(said))
    load_survey(parts, options)
    spark = [(done, total) for what, done, total in told if "on Spark" in what]
    assert spark and spark[-1][0] == spark[-1][1] and spark[-1][1] >= 1


def test_the_parts_digests_come_from_the_first_pass(
    parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No part is hashed on the driver and no second job hashes them: each part's sha256
    comes back with its tally, and the input's digest is the local engine's."""
    from cxgap.load import _parts

    local = load_survey(parts).sha256

    def hashed_here(files: Any) -> Any:
        raise AssertionError(f"the driver hashed {files.display}")

    monkeypatch.setattr(_parts, "part_digests", hashed_here)
    assert load_survey(parts, LoadOptions(engine="spark")).sha256 == local
