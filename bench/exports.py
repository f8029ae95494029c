"""The cost of reading a platform export against reading the same data as a plain CSV.

Writes (once) 100,000 respondents x 30 items three ways into bench/data/exports/:

- ``plain.csv``: section 1's layout (``respondent_id``, ``weight``, ``segment``, ``q01``...
  ``q30`` as numbers), read with ``cxgap.load._tables.read_csv``;
- ``qualtrics_numeric.csv``: the same answers as a Qualtrics "numeric values" export (three
  header rows, 11 metadata columns, ``ResponseId``, the items, ``segment`` and ``weight`` as
  embedded data), read with ``cxgap.load.exports.read_export``;
- ``qualtrics_text.csv``: the same as a "choice text" export (answers as agreement labels).

The goal: a Qualtrics export costs at most 1.5x the plain CSV. ``python bench/exports.py``
times the three reads alone (each in a fresh process, the minimum of ``CXGAP_BENCH_RUNS``
runs, default 5); ``bench/run.py`` times them with the other cases.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

BENCH = Path(__file__).parent
DATA = BENCH / "data" / "exports"
N, ITEMS, SEED = 100_000, 30, 11
LABELS = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
META = (
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
    "Finished", "RecordedDate", "ResponseId", "DistributionChannel", "UserLanguage",
)  # fmt: skip
READ_PLAIN = (
    "import sys; from pathlib import Path; from cxgap.load._tables import read_csv\n"
    "read_csv(Path(sys.argv[1]), 'utf-8-sig')"
)
READ_EXPORT = (
    "import sys; from pathlib import Path; from cxgap.load.exports import read_export\n"
    "read_export(Path(sys.argv[1]))"
)


def make(folder: Path = DATA) -> dict[str, Path]:
    """Write the three files unless they are there; their paths by name."""
    paths = {
        name: folder / f"{name}.csv" for name in ("plain", "qualtrics_numeric", "qualtrics_text")
    }
    if all(p.exists() for p in paths.values()):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    answers = rng.integers(1, 6, size=(N, ITEMS))
    blank = rng.random((N, ITEMS)) < 0.3
    weights = np.round(rng.uniform(0.5, 2.0, N), 3)
    segments = rng.choice(["new", "loyal", "lapsed"], N)
    ids = [f"C{i:06d}" for i in range(N)]
    items = [f"q{j + 1:02d}" for j in range(ITEMS)]
    with paths["plain"].open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["respondent_id", "weight", "segment", *items])
        for i in range(N):
            cells = ["" if blank[i, j] else str(answers[i, j]) for j in range(ITEMS)]
            out.writerow([ids[i], weights[i], segments[i], *cells])
    for name, as_text in (("qualtrics_numeric", False), ("qualtrics_text", True)):
        with paths[name].open("w", newline="", encoding="utf-8") as handle:
            _qualtrics(csv.writer(handle), answers, blank, weights, segments, ids, as_text)
    return paths


def _qualtrics(out: object, answers: np.ndarray, blank: np.ndarray, weights: np.ndarray,
               segments: np.ndarray, ids: list[str], as_text: bool) -> None:  # fmt: skip
    write = out.writerow  # type: ignore[attr-defined]
    questions = [f"Q{j + 1}" for j in range(ITEMS)]
    write([*META, *questions, "segment", "weight"])
    write([*META, *(f"Statement number {j + 1} about our service" for j in range(ITEMS)),
           "segment", "weight"])  # fmt: skip
    write([json.dumps({"ImportId": x}) for x in (*META, *(f"QID{j + 1}" for j in range(ITEMS)),
                                                  "segment", "weight")])  # fmt: skip
    for i in range(N):
        meta = ["2026-09-01 08:00:00", "2026-09-01 08:05:00", "IP Address", "", "100", "300",
                "True", "2026-09-01 08:05:00", ids[i], "anonymous", "EN"]  # fmt: skip
        if as_text:
            cells = ["" if blank[i, j] else LABELS[answers[i, j] - 1] for j in range(ITEMS)]
        else:
            cells = ["" if blank[i, j] else str(answers[i, j]) for j in range(ITEMS)]
        write([*meta, *cells, segments[i], weights[i]])


def best_of(script: str, path: Path, runs: int) -> float:
    """The fastest of ``runs`` fresh-process runs of ``script`` on ``path``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", script, str(path)], check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    runs = int(os.environ.get("CXGAP_BENCH_RUNS", "5"))
    paths = make()
    plain = best_of(READ_PLAIN, paths["plain"], runs)
    print(f"plain CSV, read_csv            {plain:6.2f} s")
    for name in ("qualtrics_numeric", "qualtrics_text"):
        seconds = best_of(READ_EXPORT, paths[name], runs)
        size = paths[name].stat().st_size / paths["plain"].stat().st_size
        print(f"{name:<18} read_export {seconds:6.2f} s  {seconds / plain:.2f}x the plain read "
              f"(file {size:.1f}x its size)")  # fmt: skip


if __name__ == "__main__":
    main()
