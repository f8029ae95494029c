"""The Spark session of the Spark engine (SPEC 8, ``--engine spark``, the extra
``cxgap[spark]``); what runs on it is :mod:`._spark_pass` (the whole pass on the executors).

Spark runs where ``SPARK_REMOTE`` points (Spark Connect, ``sc://host:15002``), else on
``--spark-master`` (``spark://host:7077``, ``yarn``, ...; default ``local[*]``). cxgap and
numpy must be installed on the workers (``PYSPARK_PYTHON`` names their Python).

Spark's own output stays out of cxgap's messages: the JVM that pyspark starts writes its
lines (Java's notices, log4j's warnings) to :data:`JVM_LOG` instead of stderr, and pyspark's
warning about pandas versions (cxgap hands Spark Arrow batches, never pandas) is filtered.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from cxgap.errors import UsageError
from cxgap.model import Progress

JAVA_HINT = "install Java 17 (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
JVM_LOG = Path(tempfile.gettempdir()) / "cxgap-spark.log"
"""Where the JVM pyspark starts writes its own lines (replaced at each start)."""
PANDAS_NOTICE = "PySpark does not yet fully support pandas"


def session(master: str | None) -> Any:
    """The Spark session: Spark Connect at ``SPARK_REMOTE``, else ``master`` (``local[*]``)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise UsageError(
            "--engine spark needs pyspark, which is not installed",
            hint="pip install 'cxgap[spark]'",
        ) from exc
    builder = SparkSession.builder.appName("cxgap")
    remote = os.environ.get("SPARK_REMOTE")
    try:
        if remote:
            return builder.remote(remote).getOrCreate()
        builder = (
            builder.master(master or "local[*]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            # One BLAS thread on the executors, as cxgap runs here (cli.main): the bits of a
            # chunk's products depend on how many threads BLAS splits them over.
            .config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1")
        )
        if (master or "local").startswith("local"):  # the workers run this very Python
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no warning about the host
        starting = SparkSession.getActiveSession() is None  # a JVM is started, not reused
        with warnings.catch_warnings(), _jvm_output_to(JVM_LOG) if starting else nullcontext():
            warnings.filterwarnings("ignore", PANDAS_NOTICE, FutureWarning)
            spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        if spark.conf.get("spark.sql.shuffle.partitions") == "200":  # Spark's default: unset
            cores = spark.sparkContext.defaultParallelism  # the ids' groupBy: two per core
            spark.conf.set("spark.sql.shuffle.partitions", str(max(2, 2 * cores)))
        return spark
    except Exception as exc:  # pyspark raises PySparkRuntimeError when Java cannot start
        raise UsageError(
            f"Spark could not start ({type(exc).__name__}: {str(exc)[:160]})",
            hint=(
                JAVA_HINT if "java" in str(exc).lower() else "check --spark-master or SPARK_REMOTE"
            )
            + f"; Spark's own log is {JVM_LOG}",
        ) from exc


@contextmanager
def stages_told(spark: Any, progress: Progress | None, what: str) -> Iterator[None]:
    """Tell ``progress`` the tasks done of the Spark jobs the block runs (of their stages'
    tasks), from Spark's status tracker: every half second, and once at the end."""
    if progress is None:
        yield
        return
    import threading
    import uuid

    context = spark.sparkContext
    tracker = context.statusTracker()
    group = f"cxgap-{uuid.uuid4().hex}"
    done = threading.Event()

    def tell(ended: bool = False) -> None:
        finished = total = 0
        for job in tracker.getJobIdsForGroup(group):
            info = tracker.getJobInfo(job)
            for stage in info.stageIds if info is not None else ():
                state = tracker.getStageInfo(stage)
                if state is not None:
                    finished, total = finished + state.numCompletedTasks, total + state.numTasks
        # at the end, tasks the adaptive plan dropped (coalesced partitions) are not to do
        progress(what, finished, finished if ended else total)

    def poll() -> None:
        while not done.wait(0.5):
            tell()

    context.setJobGroup(group, what)
    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
        context.setLocalProperty("spark.jobGroup.id", None)
    tell(ended=True)


@contextmanager
def pandas_notice_filtered() -> Iterator[None]:
    """pyspark's warning about pandas versions left out (cxgap hands Spark Arrow batches)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", PANDAS_NOTICE, FutureWarning)
        yield


@contextmanager
def _jvm_output_to(log: Path) -> Iterator[None]:
    """Point file descriptor 2 at ``log`` while pyspark starts its JVM, which keeps it as its
    stderr; cxgap's own stderr is back as soon as the session is up."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with log.open("wb") as handle:
            os.dup2(handle.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
