"""Speed never costs correctness: cxgap's numbers on a big file equal a slow, obvious loop.

Reads the workbook with python-calamine cell by cell (none of cxgap's loader), computes the
customers' weighted top-box share and its clustered SE for a few items and one touchpoint with
plain Python loops over respondents, counts the excluded cells of those items by reason the same
way, and compares them with ``cxgap analyze --format json``.

    python bench/check.py bench/data/big.xlsx
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

from python_calamine import CalamineWorkbook

NON_SUBSTANTIVE = {
    "n/a",
    "na",
    "dk",
    "don't know",
    "dont know",
    "not applicable",
    "prefer not to say",
    "refused",
    "-",
}
ITEMS = ("q01", "q05", "q17", "q30")


def reason(value: object, missing: set[float]) -> str:
    """What one cell is, by SPEC 1.3, for the 1-5 scale: valid or the reason it is excluded."""
    if isinstance(value, float) and value in missing:
        return "missing_code"
    if isinstance(value, float) and 1 <= value <= 5:
        return "valid"
    if value == "":
        return "blank"
    if isinstance(value, str) and value.strip().lower() in NON_SUBSTANTIVE:
        return "non_substantive"
    raise ValueError(f"unexpected cell {value!r}")


def slow_share(
    rows: list[list[object]], columns: list[int], weight_col: int
) -> tuple[float, float]:
    """p = Σw·y / Σw·m and SE² = n/(n-1) Σ z², z_i = w_i (y_i - p m_i) / Σ w m: loops only."""
    per_respondent = []
    for row in rows:
        m = y = 0
        for c in columns:
            value = row[c]
            if isinstance(value, float) and 1 <= value <= 5:
                m += 1
                y += value >= 5
        if m:
            per_respondent.append((float(row[weight_col]), m, y))  # type: ignore[arg-type]
    total_wm = sum(w * m for w, m, _ in per_respondent)
    p = sum(w * y for w, _, y in per_respondent) / total_wm
    n = len(per_respondent)
    sz2 = sum((w * (y - p * m) / total_wm) ** 2 for w, m, y in per_respondent)
    return p, math.sqrt(n / (n - 1) * sz2)


def main(path: Path) -> None:
    workbook = CalamineWorkbook.from_path(str(path))
    items = workbook.get_sheet_by_name("items").to_python()
    header, *rows = workbook.get_sheet_by_name("customers").to_python()
    command = [str(Path(sys.executable).with_name("cxgap")), "analyze", str(path), "-f", "json"]
    report = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    failures = []
    codes = {str(r[0]): {float(c) for c in str(r[4]).split(";") if c} for r in items[1:]}
    for item in ITEMS:
        column = header.index(item)
        slow = Counter(reason(row[column], codes[item]) for row in rows)
        del slow["valid"]
        fast = Counter(
            {
                e["reason"]: e["count"]
                for e in report["exclusions"]
                if (e["sample"], e["item"]) == ("customers", item)
            }
        )
        if fast != slow:
            failures.append(f"{item} exclusions: cxgap {dict(fast)} != slow {dict(slow)}")
    store = [str(r[0]) for r in items[1:] if r[1] == "store"]
    groups = {("item", item): [item] for item in ITEMS} | {("touchpoint", "store"): store}
    for (level, name), ids in groups.items():
        p, se = slow_share(rows, [header.index(i) for i in ids], header.index("weight"))
        row = next(
            r
            for r in report["rows"]
            if r["group_by"] == [level] and r["group"][level] == name and not r["split"]
        )
        for field, slow_value in (("customer_pct", 100 * p), ("customer_se_pp", 100 * se)):
            if not math.isclose(row[field], slow_value, rel_tol=1e-9):
                failures.append(f"{level} {name} {field}: cxgap {row[field]!r} != {slow_value!r}")
    if failures:
        raise SystemExit("check failed: " + "; ".join(failures))
    print(
        f"check: on {path.name}, cxgap's shares, SEs and exclusion counts of {len(groups)} "
        f"groups equal a slow loop over {len(rows):,} customers",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
