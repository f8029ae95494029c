"""SPEC 8 on a standalone cluster on loopback (``tests_cluster/loopback.py``: a master and a
1-core worker), for ``bench/stream.py``: cxgap with ``--engine spark`` on a parts folder given
as ``file://`` URIs, its wall time, the driver's peak RSS (the cxgap process tree: Python and
the driver JVM it starts, summed, sampled every 0.2 s), the largest relative difference of its
JSON to the local engine's and whether it is the same bytes, and whether the driver opened a
part (``strace``)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from run import CXGAP

sys.path.insert(0, str(Path(__file__).parents[1] / "tests_cluster"))
from loopback import Cluster, loopback_cluster


@dataclass(frozen=True)
class ClusterRun:
    rows: int
    seconds: float
    driver_peak_mb: float
    worst: float
    parts_opened: list[str]
    identical: bool = False
    """Whether the JSON is the local engine's byte for byte."""


def run_on_cluster(folder: Path, rows: int, local_json: Path | None = None) -> ClusterRun:
    """cxgap on ``folder`` (items.parquet, company.parquet, customers/) on a fresh cluster."""
    with tempfile.TemporaryDirectory(prefix="cxgap-cluster-") as scratch:
        root = Path(scratch)
        with loopback_cluster(root / "cluster") as cluster:
            return _measured(cluster, folder, rows, root, local_json)


def argv(folder: Path) -> list[str]:
    return [
        "analyze", "--items", str(folder / "items.parquet"),
        "--company", (folder / "company.parquet").resolve().as_uri(),
        "--customers", (folder / "customers").resolve().as_uri(), "-f", "json",
    ]  # fmt: skip


def _measured(
    cluster: Cluster, folder: Path, rows: int, root: Path, local_json: Path | None
) -> ClusterRun:
    trace = root / "openat.trace"
    out = root / "spark.json"
    strace = ["strace", "-f", "-qq", "-e", "trace=openat", "-o", str(trace)]
    spark = [*argv(folder), "--engine", "spark", "--spark-master", cluster.master]
    start = time.perf_counter()
    with out.open("w") as stdout:
        process = subprocess.Popen(
            [*strace, CXGAP, *spark], stdout=stdout, stderr=subprocess.PIPE, env=cluster.env()
        )
        peak = _peak_rss(process)
        _, errors = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"cxgap on the cluster failed: {errors.decode(errors='replace')}")
    if local_json is None:
        local_json = root / "local.json"
        with local_json.open("w") as stdout:
            subprocess.run([CXGAP, *argv(folder)], stdout=stdout, check=True)
    worst = _worst(json.loads(local_json.read_text()), json.loads(out.read_text()))
    identical = out.read_bytes() == local_json.read_bytes()
    return ClusterRun(rows, seconds, peak, worst, _opened(trace, folder / "customers"), identical)


def _peak_rss(process: subprocess.Popen[bytes]) -> float:
    """The largest summed RSS (MB) of ``process`` and its descendants while it runs."""
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.2):
            peak = max(peak, _tree_rss(process.pid))

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    process.wait()
    done.set()
    watcher.join()
    return peak


def _tree_rss(root: int) -> float:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        pid, ppid = int(fields["Pid"]), int(fields["PPid"])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total / 1024


def _opened(trace: Path, folder: Path) -> list[str]:
    opened = re.compile(r'openat\([^,]+, "([^"]+)"')
    paths = {m.group(1) for line in trace.read_text().splitlines() if (m := opened.search(line))}
    return sorted(p for p in paths if p.startswith(str(folder.resolve())) and Path(p).suffix)


def _worst(a: Any, b: Any) -> float:
    if isinstance(a, dict):
        return max((_worst(a[k], b[k]) for k in a), default=0.0)
    if isinstance(a, list):
        if len(a) != len(b):
            raise SystemExit(f"{len(a)} vs {len(b)} entries")
        return max((_worst(x, y) for x, y in zip(a, b, strict=True)), default=0.0)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) / max(1.0, abs(a))
    if a != b:
        raise SystemExit(f"{a!r} vs {b!r}")
    return 0.0


if __name__ == "__main__":
    if not shutil.which("strace"):
        raise SystemExit("strace is missing: apt-get install strace")
    given = Path(sys.argv[1])
    done = run_on_cluster(given, int(float(sys.argv[2]) * 1e6) if len(sys.argv) > 2 else 0)
    print(done)
