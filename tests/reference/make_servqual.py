"""Generate the SERVQUAL reference fixture (SPEC 10) that ``servqual.R`` pins to R's ``survey``.

    python tests/reference/make_servqual.py [--out DIR]

writes ``DIR/fixtures/servqual/{items,company,customers}.csv``: three pairs of a perception and
its expectation item, 1-5 items paired with 1-7 ones in the same touchpoint and category (so
that the 0-100 rescaling matters in the rollups), one pair written on both codebook rows, an
unpaired rated item, weights in multiples of 1/8 (exact in binary), blanks on either side of
a pair (unpaired answers) and a few respondents who answered no pair at all. Deterministic.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
# item, touchpoint, category, kind, pair, scale_max
ITEMS = (
    ("p1", "store", "luxury", "score", "e1", 5),
    ("e1", "store", "luxury", "expectation", "", 7),
    ("p2", "store", "consumable", "score", "", 7),
    ("e2", "store", "consumable", "expectation", "p2", 5),
    ("p3", "web", "consumable", "score", "e3", 5),
    ("e3", "web", "consumable", "expectation", "p3", 5),
    ("p4", "web", "luxury", "score", "", 5),
)


def write(out: Path) -> None:
    folder = out / "fixtures" / "servqual"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(24)
    header = ["item", "touchpoint", "category", "kind", "pair", "scale_min", "scale_max"]
    rows = [[i, t, c, "" if k == "score" else k, p, "1", str(hi)] for i, t, c, k, p, hi in ITEMS]
    _csv(folder / "items.csv", header, rows)
    for name, n, shift in (("company", 40, 0.8), ("customers", 150, 0.0)):
        out_rows = []
        for r in range(n):
            cells = []
            for item, _, _, kind, _, hi in ITEMS:
                lean = 0.75 if kind == "expectation" else 0.5 - (0.1 if item == "p2" else 0)
                centre = 1 + (hi - 1) * min(lean + shift * 0.1 * (kind == "expectation"), 1)
                score = int(np.clip(np.rint(rng.normal(centre, hi / 4)), 1, hi))
                blank = rng.random() < 0.15 or (r % 17 == 0 and item != "p4")
                cells.append("" if blank else str(score))
            weight = [] if name == "company" else [str(int(rng.integers(4, 20)) / 8)]
            out_rows.append([f"{name[:4]}{r:03d}", *weight, *cells])
        columns = ["respondent_id", *(["weight"] if name == "customers" else [])]
        _csv(folder / f"{name}.csv", [*columns, *(i[0] for i in ITEMS)], out_rows)


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE)
    write(parser.parse_args().out)
