"""The cost of reading SPSS and Stata files in a child process (load/exports/_readstat.py).

For each file, in a fresh process each time (the minimum of ``CXGAP_BENCH_RUNS`` runs, default
3), the read as it was in cxgap's own process (pyreadstat into pandas, each variable's values
as Python values, pandas and pyreadstat imported on the way) against the read through the child
(start-up, read, the values pickled back over a pipe): wall time, and CPU time of the process
and its children. Files: the real exports in ``../shared/exports/{spss,stata}`` when there,
and a generated 100,000 cases x 30 items ``.sav``, ``.zsav`` and ``.dta`` in bench/data/.

``python bench/readstat.py`` prints a Markdown table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parent
DATA = BENCH / "data" / "readstat"
SHARED = BENCH.parents[1] / "shared" / "exports"
RUNS = int(os.environ.get("CXGAP_BENCH_RUNS", "3"))

IN_PROCESS = """
import math, pyreadstat
read = pyreadstat.read_dta if PATH.endswith(".dta") else pyreadstat.read_sav
frame, meta = read(PATH, user_missing=True)
kinds = meta.readstat_variable_types
values = [
    [None if v is None or type(v).__name__ == "NaTType" or (isinstance(v, float) and math.isnan(v))
     else v for v in frame[name].tolist()]
    for name in frame.columns
]
"""
CHILD = """
from pathlib import Path
from cxgap.load.exports._readstat import read_readstat
read_readstat(Path(PATH), PATH, stata=PATH.endswith(".dta"))
"""
TIMED = """
import json, resource, sys, time
PATH = sys.argv[1]
start = time.perf_counter()
exec(sys.argv[2])
wall = time.perf_counter() - start
cpu = sum(
    getattr(resource.getrusage(who), f)
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    for f in ("ru_utime", "ru_stime")
)
print(json.dumps({"wall": wall, "cpu": cpu}))
"""


def generated() -> list[Path]:
    """100,000 cases x 30 labelled items (and an id), written once."""
    files = [DATA / f"survey_100k{suffix}" for suffix in (".sav", ".zsav", ".dta")]
    if all(f.exists() for f in files):
        return files
    import numpy as np
    import pandas as pd
    import pyreadstat

    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    n = 100_000
    items = {f"q{j:02d}": rng.integers(1, 6, n).astype(float) for j in range(1, 31)}
    frame = pd.DataFrame({"respondent_id": [f"R{i:06d}" for i in range(n)], **items})
    ladder = {1: "Very poor", 2: "Poor", 3: "Fair", 4: "Good", 5: "Very good"}
    labels = dict.fromkeys(items, ladder)
    pyreadstat.write_sav(frame, str(files[0]), variable_value_labels=labels)
    pyreadstat.write_sav(frame, str(files[1]), variable_value_labels=labels, compress=True)
    pyreadstat.write_dta(frame, str(files[2]), variable_value_labels=labels)
    return files


def timed(path: Path, code: str) -> tuple[float, float]:
    """The minimum wall and CPU seconds of ``RUNS`` fresh processes running ``code``."""
    runs = []
    for _ in range(RUNS):
        done = subprocess.run(
            [sys.executable, "-c", TIMED, str(path), code], capture_output=True, check=True
        )
        runs.append(json.loads(done.stdout))
    return min(r["wall"] for r in runs), min(r["cpu"] for r in runs)


def main() -> None:
    real = sorted(SHARED.glob("spss/*.sav")) + sorted(SHARED.glob("spss/*.zsav"))
    real += sorted(SHARED.glob("stata/*.dta"))
    print("| file | size | in-process wall / CPU | child wall / CPU |")
    print("|---|---:|---:|---:|")
    for path in [*real, *generated()]:
        old, new = timed(path, IN_PROCESS), timed(path, CHILD)
        size = path.stat().st_size
        print(
            f"| {path.name} | {size / 1024:,.0f} KiB | {old[0]:.2f} s / {old[1]:.2f} s "
            f"| {new[0]:.2f} s / {new[1]:.2f} s |"
        )


if __name__ == "__main__":
    main()
