"""A parts folder (``make_parts.py``) with what a one-pass analysis is measured on: a
``region`` column in both samples (so ``--split region`` cuts the customers' parts) and a
0-10 item ``nps`` of kind ``nps``; written next to, never over, the source.

    python bench/make_split_nps.py bench/data/parts2m /tmp/parts2m-rn
    cxgap analyze /tmp/parts2m-rn -f json --split region --split role --outcome q01
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

REGIONS = ("north", "south", "east", "west")


def with_region_and_nps(table: Any, seed: int) -> Any:
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    n = table.num_rows
    codes = pa.array(rng.integers(0, len(REGIONS), n).astype(np.int32))
    region = pa.DictionaryArray.from_arrays(codes, pa.array(REGIONS)).cast(pa.string())
    nps = pa.array(rng.integers(0, 11, n).astype(np.float64), mask=rng.random(n) < 0.05)
    return table.append_column("region", region).append_column("nps", nps)


def main(source: Path, target: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    (target / "customers").mkdir(parents=True)
    items = pq.read_table(source / "items.parquet").to_pylist()
    for row in items:
        row |= {"kind": "score", "scale_min": "1", "scale_max": "5"}
    nps = {"item": "nps", "text": "Recommend", "missing_codes": "", "kind": "nps"}
    items.append({**items[0], **nps, "scale_min": "0", "scale_max": "10"})
    pq.write_table(pa.Table.from_pylist(items), target / "items.parquet")
    company = with_region_and_nps(pq.read_table(source / "company.parquet"), 1)
    pq.write_table(company, target / "company.parquet")
    for k, part in enumerate(sorted((source / "customers").glob("*.parquet"))):
        customers = with_region_and_nps(pq.read_table(part), 100 + k)
        pq.write_table(customers, target / "customers" / part.name)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
