"""A standalone Spark cluster on loopback (SPEC 8, "On a real cluster"): a master and one
1-core worker started from pyspark's own ``bin/spark-class``, in process groups of their own,
and always stopped (the whole group killed) when the block ends, also when it fails or the
start does. Their executors are the worker's children, never cxgap's. Used by the tests'
``cluster`` fixture and by ``bench/stream.py``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

START_SECONDS = 120
"""How long the master and worker may take to start (about 8 s on an idle machine)."""


@dataclass(frozen=True)
class Cluster:
    master: str
    work: Path
    """The worker's work folder: one folder per application, its executors' logs inside."""
    logs: Path

    def env(self) -> dict[str, str]:
        """The environment a cxgap process on this cluster runs in."""
        return {**os.environ, **_cluster_env()}


def _cluster_env() -> dict[str, str]:
    return {"SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": sys.executable}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _spark_class() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent / "bin" / "spark-class"


def _start(argv: list[str], log: Path, home: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, **_cluster_env(), "SPARK_HOME": str(home)}
    with log.open("wb") as out:
        return subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """The process and everything it started (its session's group), killed."""
    if process.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_for(log: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.5)
    raise RuntimeError(f"'{text}' never appeared in {log}:\n{log.read_text(errors='replace')}")


@contextmanager
def loopback_cluster(root: Path) -> Iterator[Cluster]:
    """A master and a 1-core worker (2 GB) on 127.0.0.1, their logs and work folder in
    ``root``; stopped when the block ends."""
    spark_class = _spark_class()  # fails with 'No module named pyspark' without the extra
    work = root / "work"
    work.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    master = f"spark://127.0.0.1:{port}"
    started: list[subprocess.Popen[bytes]] = []
    try:
        started.append(
            _start(
                [str(spark_class), "org.apache.spark.deploy.master.Master", "--host",
                 "127.0.0.1", "--port", str(port), "--webui-port", str(_free_port())],
                root / "master.log",
                spark_class.parents[1],
            )
        )  # fmt: skip
        _wait_for(root / "master.log", "I have been elected leader", started[0])
        started.append(
            _start(
                [str(spark_class), "org.apache.spark.deploy.worker.Worker", master,
                 "--host", "127.0.0.1", "--cores", "1", "--memory", "2g",
                 "--webui-port", str(_free_port()), "--work-dir", str(work)],
                root / "worker.log",
                spark_class.parents[1],
            )
        )  # fmt: skip
        _wait_for(root / "worker.log", "Successfully registered with master", started[1])
        yield Cluster(master=master, work=work, logs=root)
    finally:
        for process in reversed(started):
            _stop(process)
