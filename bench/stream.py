"""SPEC 8's cases (``python bench/stream.py [MILLIONS]``, or ``make bench-stream``): writes
bench/STREAM.md.

- a sample of MILLIONS (default 20) million customers x 30 items as Parquet parts, against
  the same design at 1 million: peak RSS under 1 GB, and time per million rows no worse;
- Spark local mode on 2 million: JSON rows equal to the local engine's at 1e-12;
- a standalone Spark cluster on loopback (a master and a 1-core worker, ``bench/cluster.py``)
  on the MILLIONS (or CLUSTER_MILLIONS) parts given as ``file://`` URIs: its time next to the
  local engine's, the driver's peak RSS, the JSON's largest relative difference to the local
  engine's, and the parts the driver opened (strace: none).

    python bench/stream.py [MILLIONS [CLUSTER_MILLIONS]]

The parts are written first by ``make_parts.py`` (bounded memory). Each case runs once, in a
fresh process (``os.wait4`` gives its peak RSS): at 20 million a run takes minutes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from cluster import ClusterRun, run_on_cluster
from run import CXGAP, DATA, PY, Timing, compile_cxgap, machine, measure

PEAK_GOAL_MB = 1024.0
SPARK_COMPARE = """
import json, sys
from cxgap.load import load_survey
from cxgap.model import LoadOptions, Settings
from cxgap.render.json import envelope
from cxgap.stats import analyze
rows = {}
for engine in ("local", "spark"):
    survey = load_survey(sys.argv[1], LoadOptions(engine=engine))
    rows[engine] = envelope(analyze(survey, Settings()))["rows"]
worst = 0.0
def walk(x, y, where):
    global worst
    if isinstance(x, dict):
        for key in x:
            walk(x[key], y[key], f"{where}.{key}")
    elif isinstance(x, list):
        if len(x) != len(y):
            raise SystemExit(f"{where}: {len(x)} vs {len(y)} entries")
        for i, (a, b) in enumerate(zip(x, y)):
            walk(a, b, f"{where}[{i}]")
    elif isinstance(x, float) and isinstance(y, float):
        worst = max(worst, abs(x - y) / max(1.0, abs(x)))
    elif x != y:
        raise SystemExit(f"{where}: {x!r} vs {y!r}")
walk(rows["local"], rows["spark"], "rows")
print(json.dumps({"rows": len(rows["local"]), "worst": worst}))
"""


def main() -> None:
    millions = sys.argv[1] if len(sys.argv) > 1 else "20"
    on_cluster = sys.argv[2] if len(sys.argv) > 2 else millions
    compile_cxgap()
    subprocess.run(
        [PY, str(Path(__file__).with_name("make_parts.py")), "1", "2", millions, on_cluster],
        check=True,
    )
    one = measure("cxgap analyze, parts 1M x 30", _analyze("1"), 1)
    big = measure(f"cxgap analyze, parts {millions}M x 30", _analyze(millions), 1)
    spark = subprocess.run(
        [PY, "-W", "ignore", "-c", SPARK_COMPARE, str(DATA / "parts2m")],
        check=True,
        capture_output=True,
        text=True,
    )
    compared = json.loads(spark.stdout.strip().splitlines()[-1])
    local = (
        big
        if on_cluster == millions
        else measure(f"cxgap analyze, parts {on_cluster}M x 30", _analyze(on_cluster), 1)
    )
    cluster = run_on_cluster(DATA / f"parts{on_cluster}m", int(float(on_cluster) * 1e6))
    print(cluster, file=sys.stderr)
    _write(one, big, float(millions), compared, (local, cluster))


def _analyze(millions: str) -> list[str]:
    return [CXGAP, "analyze", str(DATA / f"parts{millions}m"), "-f", "json"]


def _write(
    one: Timing,
    big: Timing,
    millions: float,
    spark: dict[str, float],
    on_cluster: tuple[Timing, ClusterRun],
) -> None:
    local, cluster = on_cluster
    rows = cluster.rows / 1e6
    per_one, per_big = one.best, big.best / millions
    lines = [
        "# Streaming and Spark (SPEC 8)",
        "",
        f"Written by `python bench/stream.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
        f"{machine()}. One run per case.",
        "",
        "| case | wall | per million rows | peak RSS | goal | met |",
        "|---|---:|---:|---:|---|---|",
        f"| parts, 1M x 30 | {one.best:.1f} s | {per_one:.1f} s | {one.peak_mb:.0f} MB | | |",
        f"| parts, {millions:g}M x 30 | {big.best:.1f} s | {per_big:.1f} s | {big.peak_mb:.0f} MB "
        f"| peak < {PEAK_GOAL_MB:.0f} MB, per million <= 1M's | "
        f"{'yes' if big.peak_mb < PEAK_GOAL_MB and per_big <= per_one else 'no'} |",
        f"| Spark local vs local engine, 2M | {spark['rows']:.0f} rows | | | "
        f"max relative difference <= 1e-12 | {'yes' if spark['worst'] <= 1e-12 else 'no'} "
        f"({spark['worst']:.1e}) |",
        f"| Spark standalone cluster on loopback (1 worker, 1 core), {rows:g}M x 30 as file:// "
        f"URIs | {cluster.seconds:.1f} s (local engine {local.best:.1f} s) | "
        f"{cluster.seconds / rows:.1f} s | driver {cluster.driver_peak_mb:.0f} MB | "
        "max relative difference <= 1e-12; the driver opens no part | "
        f"{'yes' if cluster.worst <= 1e-12 and not cluster.parts_opened else 'no'} "
        f"({cluster.worst:.1e}; parts opened by the driver: {len(cluster.parts_opened)}) |",
        "",
        "The cluster's driver peak RSS is the cxgap process tree's (Python and the driver JVM "
        "it starts), summed, sampled every 0.2 s; the executor runs in the worker's JVM and "
        "Python workers, outside it. The cluster's wall time includes starting Spark (JVM, "
        "Python workers), listing the parts, the first pass (each part hashed for the input "
        "digest, the ids' groupBy) and the sums (each chunk's results fetched to the driver "
        "in row order, a partition at a time).",
        "",
    ]
    (Path(__file__).parent / "STREAM.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
