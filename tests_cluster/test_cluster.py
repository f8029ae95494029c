"""SPEC 8 on a real cluster: a standalone master and a 1-core worker on loopback (the
``cluster`` fixture). cxgap runs as a process of its own, under ``strace``: the data stays
where the cluster reads it, and the driver opens no part."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from loopback import Cluster

ROOT = Path(__file__).resolve().parents[1]
CXGAP = str(Path(sys.executable).with_name("cxgap"))
ROWS, PART = 20_000, 5_000


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bench/make_parts.py's design: items, company.parquet, customers/ of 4 parts x 30 items."""
    sys.path.insert(0, str(ROOT / "bench"))
    import make_parts

    folder = tmp_path_factory.mktemp("survey")
    make_parts.PART = PART
    make_parts.write_parts(folder, ROWS)
    return folder


def _cxgap(argv: list[str], env: dict[str, str], trace: Path | None = None) -> Any:
    strace = ["strace", "-f", "-qq", "-e", "trace=openat", "-o", str(trace)] if trace else []
    return subprocess.run(
        [*strace, CXGAP, *argv], capture_output=True, text=True, env=env, check=False
    )


def _opened(trace: Path, folder: Path) -> list[str]:
    """The files under ``folder`` that the traced process tree opened (their paths)."""
    opened = re.compile(r'openat\([^,]+, "([^"]+)"')
    found = (m.group(1) for line in trace.read_text().splitlines() if (m := opened.search(line)))
    return sorted({p for p in found if p.startswith(str(folder)) and Path(p).suffix})


def _tasks_run(cluster: Cluster) -> int:
    """The tasks the worker's executors ran, from their logs."""
    logs = cluster.work.glob("app-*/*/stderr")
    return sum(log.read_text(errors="replace").count("Running task") for log in logs)


def test_the_driver_opens_no_part_and_the_executor_runs_the_tasks(
    cluster: Cluster, survey: Path, tmp_path: Path
) -> None:
    """The samples given as ``file://`` URIs: the JSON is the local engine's, byte for byte,
    the cxgap process tree (driver JVM included) opens the codebook and no part, and the
    worker's executor ran the tasks."""
    trace = tmp_path / "openat.trace"
    before = _tasks_run(cluster)
    uris = ["--company", (survey / "company.parquet").as_uri(), "--customers"]
    argv = [
        "analyze",
        "--items",
        str(survey / "items.parquet"),
        *uris,
        survey.as_uri() + "/customers",
    ]
    argv += ["-f", "json", "--split", "role"]
    spark = _cxgap(
        [*argv, "--engine", "spark", "--spark-master", cluster.master], cluster.env(), trace
    )
    assert spark.returncode == 0, spark.stderr
    local = _cxgap(argv, cluster.env())  # the local engine reads a file:// URI as its path
    assert local.returncode == 0, local.stderr
    assert spark.stdout == local.stdout
    opened = _opened(trace, survey)
    assert str(survey / "items.parquet") in opened  # the codebook is read here, and only it
    assert opened == [str(survey / "items.parquet")], f"the driver opened {opened}"
    assert _tasks_run(cluster) > before


def _plant(survey: Path, tmp_path: Path, change: str) -> Path:
    """A copy of the survey with one part changed: a cell no answer, or an id of another part."""
    copy = tmp_path / "survey"
    subprocess.run(["cp", "-r", str(survey), str(copy)], check=True)
    part = copy / "customers" / "part-00002.parquet"
    table = pq.read_table(part)
    column = "q07" if change == "cell" else "respondent_id"
    values = table.column(column).to_pylist()
    values[16] = (
        "Excellent!!"
        if change == "cell"
        else pq.read_table(copy / "customers" / "part-00000.parquet")
        .column("respondent_id")[3]
        .as_py()
    )
    table = table.set_column(table.schema.get_field_index(column), column, pa.array(values))
    pq.write_table(table, part)
    return copy


@pytest.mark.parametrize("change", ["cell", "id"])
def test_a_bad_part_is_named_as_locally_with_exit_2(
    cluster: Cluster, survey: Path, tmp_path: Path, change: str
) -> None:
    """An invalid cell planted in one part is named by file, row and column (the executor
    reads the part itself, rows numbered as in it); an id of another part is found by the
    groupBy and named in both parts; the message is the local engine's."""
    copy = _plant(survey, tmp_path, change)
    argv = ["analyze", str(copy), "-f", "json"]
    spark = _cxgap([*argv, "--engine", "spark", "--spark-master", cluster.master], cluster.env())
    local = _cxgap(argv, cluster.env())
    assert spark.returncode == local.returncode == 2, spark.stderr
    assert spark.stderr == local.stderr
    assert "part-00002.parquet" in spark.stderr and "row 18" in spark.stderr, spark.stderr
    assert spark.stderr.count("\n") == 1 and "Traceback" not in spark.stderr


def test_cp1252_csv_parts_read_on_the_executor_as_locally(
    cluster: Cluster, survey: Path, tmp_path: Path
) -> None:
    """The customers as CSV parts in cp1252 with ';' (Spark 4's CSV reader takes neither):
    the executor decodes them with the local engine's reader; the JSON is the local engine's,
    byte for byte (20,000 rows: a chunk over the four parts, and one in the last)."""
    folder = tmp_path / "customers"
    folder.mkdir()
    for part in sorted((survey / "customers").iterdir()):
        table = pq.read_table(part)
        regions = pa.array(["Zürich \u2013 Nord" if i % 3 else "Genève" for i in range(len(table))])
        table = table.append_column("region", regions)
        with (folder / f"{part.stem}.csv").open("w", encoding="cp1252", newline="") as handle:
            handle.write(";".join(table.column_names) + "\n")
            for row in zip(*(c.to_pylist() for c in table.columns), strict=True):
                handle.write(";".join("" if v is None else str(v) for v in row) + "\n")
    argv = ["analyze", "--items", str(survey / "items.parquet"), "--company"]
    argv += [str(survey / "company.parquet"), "--customers", folder.as_uri()]
    argv += ["--encoding", "cp1252", "--split", "region", "-f", "json"]
    spark = _cxgap([*argv, "--engine", "spark", "--spark-master", cluster.master], cluster.env())
    assert spark.returncode == 0, spark.stderr
    local = _cxgap(argv, cluster.env())
    assert local.returncode == 0, local.stderr
    assert spark.stdout == local.stdout
    a = json.loads(local.stdout)
    assert {row["split"]["region"] for row in a["rows"] if row["split"]} == {
        "Zürich \u2013 Nord",
        "Genève",
    }
