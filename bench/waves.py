"""Several waves in one parts input (issue 23): ``python bench/waves.py [MILLIONS]`` (default 1).

Writes ``bench/data/waves{N}m/``: the codebook, and each sample twice, as one Parquet file
(read whole) and as a folder of Parquet parts of 250,000 rows whose rows carry a ``wave``
column of three values mixed at random (so every part holds every wave). Then runs, each once
in a fresh process, ``cxgap trend`` on the whole files, on the parts (local engine) and on
the parts with ``--engine spark`` (local mode), and prints each run's time and peak RSS and
the largest relative difference of the JSON numbers to the whole read's, and whether Spark's
JSON is the local engine's on the same parts byte for byte.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from make_data import DATA, N_STAFF, _ids, items
from make_parts import _answers
from run import CXGAP, measure

WAVES = ("2026Q1", "2026Q2", "2026Q3")
PART = 250_000


def _sample(pa: Any, seed: int, prefix: str, start: int, n: int, top: float) -> Any:
    rng = np.random.default_rng(seed)
    waves = pa.DictionaryArray.from_arrays(
        pa.array(rng.integers(0, len(WAVES), n).astype(np.int32)), pa.array(WAVES)
    ).cast(pa.string())
    columns = {"respondent_id": _ids(pa, prefix, start + n).slice(start), "wave": waves}
    columns["weight"] = pa.array(np.round(rng.uniform(0.4, 2.5, n), 3))
    return pa.table(columns | _answers(pa, rng, n, top))


def write(folder: Path, n_customers: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for name in ("company", "customers"):
        (folder / name).mkdir(parents=True)
    head, *body = items()
    pq.write_table(
        pa.table({h: pa.array([str(row[i]) for row in body]) for i, h in enumerate(head)}),
        folder / "items.parquet",
    )
    staff = _sample(pa, 7, "S", 0, 3 * N_STAFF, 0.7)
    pq.write_table(staff, folder / "company.parquet")
    for k in range(3):
        pq.write_table(staff.slice(k * N_STAFF, N_STAFF), folder / "company" / f"part-{k}.parquet")
    with pq.ParquetWriter(folder / "customers.parquet", staff.schema) as whole:
        for k, start in enumerate(range(0, n_customers, PART)):
            part = _sample(pa, 1000 + k, "C", start, min(PART, n_customers - start), 0.3)
            pq.write_table(part, folder / "customers" / f"part-{k:05d}.parquet")
            whole.write_table(part)


def worst(a: Any, b: Any, where: str = "$") -> float:
    """The largest relative difference of two JSON values' numbers (others must be equal)."""
    if isinstance(a, dict):
        if a.keys() != b.keys():
            raise SystemExit(f"{where}: keys differ")
        return max((worst(a[k], b[k], f"{where}.{k}") for k in a), default=0.0)
    if isinstance(a, list):
        if len(a) != len(b):
            raise SystemExit(f"{where}: {len(a)} vs {len(b)} entries")
        return max(
            (worst(x, y, f"{where}[{i}]") for i, (x, y) in enumerate(zip(a, b, strict=True))),
            default=0.0,
        )
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) / max(1.0, abs(a))
    if a != b:
        raise SystemExit(f"{where}: {a!r} vs {b!r}")
    return 0.0


def main() -> None:
    millions = sys.argv[1] if len(sys.argv) > 1 else "1"
    folder = DATA / f"waves{millions}m"
    if not folder.exists():
        print(f"writing {folder} ...", file=sys.stderr)
        write(folder, int(float(millions) * 1_000_000))
    out = Path(tempfile.mkdtemp(prefix="cxgap-waves-"))
    base = [CXGAP, "trend", "--items", str(folder / "items.parquet"), "-q"]
    cases = {
        "whole": ["--company", str(folder / "company.parquet"),
                  "--customers", str(folder / "customers.parquet")],
        "parts, local": ["--company", str(folder / "company"),
                         "--customers", str(folder / "customers")],
        "parts, spark local[*]": ["--company", str(folder / "company"),
                                  "--customers", str(folder / "customers"), "--engine", "spark"],
    }  # fmt: skip
    found = {}
    for name, args in cases.items():
        target = out / f"{name.replace(' ', '_').replace(',', '')}.json"
        timing = measure(name, [*base, *args, "-o", str(target)], runs=1, echo=False)
        data = json.loads(target.read_text())
        del data["input"]
        found[name] = (timing, data, target.read_bytes())
    whole = found["whole"][1]
    print(f"{millions}M customers, 3 waves in one parts input: cxgap trend (default options)")
    for name, (timing, data, _) in found.items():
        print(
            f"{name:<24} {timing.best:7.1f} s  peak RSS {timing.peak_mb:6.0f} MB  "
            f"max rel diff to whole {worst(whole, data):.1e}"
        )
    same = found["parts, spark local[*]"][2] == found["parts, local"][2]
    print(f"Spark's JSON the local engine's on the parts byte for byte: {same}")
    print(f"waves: {whole['waves']}; rows: {len(whole['rows'])}; JSON in {out}")


if __name__ == "__main__":
    main()
