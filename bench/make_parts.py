"""Generate a sample given as parts (SPEC 8): ``bench/data/parts{N}m/`` holds ``items.parquet``,
``company.parquet`` and ``customers/part-00000.parquet``, ... of 500,000 customers each, the
same design as ``parquet1m`` (30 text item columns, weights, ~3% blanks, ~1% "Don't know").

Each part is drawn from its own seed and written before the next is made, so memory stays at
one part's (about 0.3 GB) however many millions are asked for.

    python bench/make_parts.py 20      # 20 million customers
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from make_data import ANSWERS, DATA, N_ITEMS, N_STAFF, ROLES, _ids, answer_codes, items

PART = 500_000


def write_parts(folder: Path, n_customers: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    (folder / "customers").mkdir(parents=True, exist_ok=True)
    head, *body = items()
    pq.write_table(
        pa.table({h: pa.array([str(row[i]) for row in body]) for i, h in enumerate(head)}),
        folder / "items.parquet",
    )
    rng = np.random.default_rng(7)
    roles = pa.array(rng.integers(0, len(ROLES), N_STAFF).astype(np.int32))
    staff = {"respondent_id": _ids(pa, "S", N_STAFF)}
    staff["role"] = pa.DictionaryArray.from_arrays(roles, pa.array(ROLES)).cast(pa.string())
    pq.write_table(
        pa.table({**staff, **_answers(pa, rng, N_STAFF, 0.7)}), folder / "company.parquet"
    )
    for k, start in enumerate(range(0, n_customers, PART)):
        n = min(PART, n_customers - start)
        rng = np.random.default_rng(1000 + k)
        ids = _ids(pa, "C", start + n).slice(start)
        columns = {"respondent_id": ids, "weight": pa.array(np.round(rng.uniform(0.4, 2.5, n), 3))}
        columns |= _answers(pa, rng, n, 0.3)
        pq.write_table(pa.table(columns), folder / "customers" / f"part-{k:05d}.parquet")


def _answers(pa: Any, rng: np.random.Generator, n: int, top: float) -> dict[str, Any]:
    codes = answer_codes(rng, n, top)
    out = {}
    for j in range(N_ITEMS):
        column = codes[:, j].astype(np.int32)
        indices = pa.array(column, mask=column < 0)
        text = pa.DictionaryArray.from_arrays(indices, pa.array(ANSWERS))
        out[f"q{j + 1:02d}"] = text.cast(pa.string())
    return out


def main() -> None:
    for millions in sys.argv[1:] or ["1"]:
        folder = DATA / f"parts{millions}m"
        if folder.exists():
            print(f"{folder}: exists", file=sys.stderr)
            continue
        print(f"writing {folder} ...", file=sys.stderr)
        write_parts(folder, int(float(millions) * 1_000_000))


if __name__ == "__main__":
    main()
