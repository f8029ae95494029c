"""Generate the benchmark inputs (deterministic; written to bench/data/, which git ignores).

- ``big.xlsx``: 100,000 customers x 30 items, 200 staff, weights, ~3% blanks, ~1% "Don't know";
- ``big500k.xlsx``: the same design with 500,000 customers;
- ``parquet1m/``: items, company and customers as Parquet, 1,000,000 customers x 30 items,
  the item columns as text (survey exports hold "Don't know" beside the numbers);
- ``small10k.xlsx``: 10,000 customers, for the naive pandas + openpyxl baseline.

Workbooks are written by xlsxwriter in constant-memory mode, so even 500k rows need little RAM;
the Parquet tables are built with numpy and pyarrow, column by column, without a Python loop
over respondents.

    python bench/make_data.py [big big500k parquet1m small10k]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).parent / "data"
N_ITEMS = 30
N_STAFF = 200
TOUCHPOINTS = ("store", "web", "app", "phone support", "delivery", "after-sales")
CATEGORIES = ("consumable", "durable", "luxury")
ROLES = ("executive", "manager", "frontline")
CODED = (4, 17)
"""Items whose codebook lists the missing code -99 (q05 gets a few)."""
ANSWERS = ("1", "2", "3", "4", "5", "Don't know", "-99")
"""What an item cell holds, by code: a score 1-5, a non-answer, a missing code."""


def items() -> list[list[object]]:
    rows: list[list[object]] = [["item", "touchpoint", "category", "text", "missing_codes"]]
    for j in range(N_ITEMS):
        code = "-99" if j in CODED else ""
        rows.append([f"q{j + 1:02d}", TOUCHPOINTS[j % 6], CATEGORIES[j % 3], f"Item {j + 1}", code])
    return rows


def answer_codes(rng: np.random.Generator, n: int, top: float) -> np.ndarray:
    """Codes into ANSWERS (-1: blank): ~3% blanks, ~1% "Don't know", a few -99 in q05."""
    scores = np.where(rng.random((n, N_ITEMS)) < top, 5, rng.integers(1, 5, (n, N_ITEMS)))
    codes = (scores - 1).astype(np.int8)
    draw = rng.random((n, N_ITEMS))
    codes[draw < 0.03] = -1
    codes[(draw >= 0.03) & (draw < 0.04)] = 5
    codes[:, CODED[0]][rng.random(n) < 0.002] = 6
    return codes


def respondents(rng: np.random.Generator, n: int, staff: bool) -> tuple[list[str], np.ndarray]:
    """Header and rows (objects; None = blank) of the company or customers sheet."""
    header = ["respondent_id", "role" if staff else "weight"]
    header += [f"q{j + 1:02d}" for j in range(N_ITEMS)]
    codes = answer_codes(rng, n, 0.7 if staff else 0.3)
    values = np.array([*(float(k) for k in range(1, 6)), "Don't know", -99.0, None], dtype=object)
    cells = values[codes]  # code -1 picks the last value: None
    prefix = "S" if staff else "C"
    ids = np.array([f"{prefix}{i:07d}" for i in range(n)], dtype=object)
    extra = (
        rng.choice(np.array(ROLES, dtype=object), n)
        if staff
        else np.round(rng.uniform(0.4, 2.5, n), 3).astype(object)
    )
    return header, np.column_stack([ids, extra, cells])


def write_xlsx(path: Path, n_customers: int, seed: int) -> None:
    import xlsxwriter

    rng = np.random.default_rng(seed)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("items")
    for r, row in enumerate(items()):
        sheet.write_row(r, 0, row)
    for name, n, staff in (("company", N_STAFF, True), ("customers", n_customers, False)):
        sheet = workbook.add_worksheet(name)
        header, body = respondents(rng, n, staff)
        sheet.write_row(0, 0, header)
        for r, row in enumerate(body.tolist(), start=1):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    workbook.close()


def write_parquet(folder: Path, n_customers: int, seed: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    head, *body = items()
    codebook = {h: pa.array([str(row[i]) for row in body]) for i, h in enumerate(head)}
    pq.write_table(pa.table(codebook), folder / "items.parquet")
    for name, n, staff in (("company", N_STAFF, True), ("customers", n_customers, False)):
        columns: dict[str, Any] = {"respondent_id": _ids(pa, "S" if staff else "C", n)}
        if staff:
            roles = pa.array(rng.integers(0, len(ROLES), n).astype(np.int32))
            columns["role"] = pa.DictionaryArray.from_arrays(roles, pa.array(ROLES))
            columns["role"] = columns["role"].cast(pa.string())
        else:
            columns["weight"] = pa.array(np.round(rng.uniform(0.4, 2.5, n), 3))
        codes = answer_codes(rng, n, 0.7 if staff else 0.3)
        for j in range(N_ITEMS):
            column = codes[:, j].astype(np.int32)
            indices = pa.array(column, mask=column < 0)
            text = pa.DictionaryArray.from_arrays(indices, pa.array(ANSWERS))
            columns[f"q{j + 1:02d}"] = text.cast(pa.string())  # plain text, as exports write
        pq.write_table(pa.table(columns), folder / f"{name}.parquet")


def _ids(pa: Any, prefix: str, n: int) -> Any:
    """``C0000000``, ``C0000001``, ...: built by pyarrow, not a Python loop."""
    import pyarrow.compute as pc

    digits = pc.utf8_lpad(pc.cast(pa.array(np.arange(n)), pa.string()), 7, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def main() -> None:
    DATA.mkdir(exist_ok=True)
    wanted = set(sys.argv[1:]) or {"big", "big500k", "parquet1m", "small10k"}
    plans = {
        "small10k": lambda: write_xlsx(DATA / "small10k.xlsx", 10_000, 10),
        "big": lambda: write_xlsx(DATA / "big.xlsx", 100_000, 100),
        "big500k": lambda: write_xlsx(DATA / "big500k.xlsx", 500_000, 500),
        "parquet1m": lambda: write_parquet(DATA / "parquet1m", 1_000_000, 1000),
    }
    for name in sorted(wanted):
        target = DATA / (name if name.startswith("parquet") else f"{name}.xlsx")
        if target.exists():
            print(f"{target}: exists", file=sys.stderr)
            continue
        print(f"writing {target} ...", file=sys.stderr)
        plans[name]()


if __name__ == "__main__":
    main()
