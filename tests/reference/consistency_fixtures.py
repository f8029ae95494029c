"""The fixture of ``consistency.R`` (SPEC 9): a survey whose items carry a ``channel`` and whose
customers a ``region``, written by ``make_fixtures.py`` beside the others.

- after-sales: four items in three channels (phone twice), answered by most customers in
  several channels at once, so the respondent is a cluster across channels; phone lower;
- delivery: two channels (web, store) alike, one item on a 0-10 scale (the mean metric pools it);
- billing: phone answered by many, store (b2) by 20 customers only: under --min-base, so the
  group keeps a single value and has no test;
- shop: one item, one channel;
- region: north and south large, east about 25 customers (under --min-base); the staff have
  north and south only (east's company share is null); customers weighted in steps of 1/8.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

# id, touchpoint, category, channel, scale, top_box_min, customers' latent offset
ITEMS = (
    ("a1", "after-sales", "durable", "phone", (1, 5), "", -0.6),
    ("a2", "after-sales", "durable", "store", (1, 5), "", 0.1),
    ("a3", "after-sales", "luxury", "web", (1, 5), "", 0.4),
    ("a4", "after-sales", "luxury", "phone", (1, 5), "", -0.4),
    ("d1", "delivery", "consumable", "web", (1, 5), "", 0.2),
    ("d2", "delivery", "consumable", "store", (0, 10), "9", 0.2),
    ("b1", "billing", "consumable", "phone", (1, 5), "", 0.0),
    ("b2", "billing", "durable", "store", (1, 5), "", 0.3),
    ("s1", "shop", "luxury", "store", (1, 5), "", 0.1),
)
REGIONS = (("north", 0.45, 0.3), ("south", 0.45, -0.2), ("east", 0.10, 0.0))
CASES: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("consistency_channel", "consistency", {"consistency": "channel"}),
    (
        "consistency_channel_unweighted",
        "consistency",
        {"consistency": "channel", "weighted": False},
    ),
    ("consistency_channel_mean", "consistency", {"consistency": "channel", "metric": "mean"}),
    ("consistency_region", "consistency", {"consistency": "region"}),
    ("consistency_region_unweighted", "consistency", {"consistency": "region", "weighted": False}),
)


def consistency(root: Path) -> None:
    rng = np.random.default_rng(20260409)
    folder = root / "fixtures" / "consistency"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "items.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["item", "touchpoint", "category", "channel", "scale_min", "scale_max",
                      "top_box_min"])  # fmt: skip
        for iid, tp, cat, channel, (lo, hi), top, _ in ITEMS:
            out.writerow([iid, tp, cat, channel, lo, hi, top])
    n_u, n_c = 260, 50
    names = [r[0] for r in REGIONS]
    region = rng.choice(names, size=n_u, p=[r[1] for r in REGIONS])
    lift = {r[0]: r[2] for r in REGIONS}
    mood = rng.normal(0.0, 0.7, size=n_u) + np.array([lift[r] for r in region])
    weights = [float(k) / 8 for k in rng.integers(4, 33, size=n_u)]
    customers = {
        iid: _answers(rng, mood + offset, scale, 0.25) for iid, _, _, _, scale, _, offset in ITEMS
    }
    few = rng.choice(n_u, size=20, replace=False)
    customers["b2"] = [a if i in few else None for i, a in enumerate(customers["b2"])]
    staff_mood = rng.normal(0.8, 0.5, size=n_c)
    company = {iid: _answers(rng, staff_mood, scale, 0.1) for iid, _, _, _, scale, _, _ in ITEMS}
    staff_region = rng.choice(["north", "south"], size=n_c)
    _write(folder / "customers.csv", "U", customers, {"weight": [_text(w) for w in weights],
           "region": [str(r) for r in region]})  # fmt: skip
    _write(folder / "company.csv", "S", company, {"region": [str(r) for r in staff_region]})


def _answers(
    rng: np.random.Generator, latent: np.ndarray, scale: tuple[int, int], blank: float
) -> list[int | None]:
    lo, hi = scale
    raw = latent + 0.9 + rng.normal(0.0, 0.9, size=len(latent))
    points = np.clip(np.rint(lo + (hi - lo) * (raw + 2.0) / 4.0), lo, hi).astype(int)
    skipped = rng.random(len(latent)) < blank
    return [None if s else int(x) for x, s in zip(points, skipped, strict=True)]


def _text(w: float) -> str:
    return f"{w:.3f}".rstrip("0").rstrip(".")


def _write(
    path: Path, prefix: str, answers: dict[str, list[int | None]], attributes: dict[str, list[str]]
) -> None:
    n = len(next(iter(answers.values())))
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["respondent_id", *attributes, *answers])
        for i in range(n):
            row = [f"{prefix}{i + 1:03d}", *(v[i] for v in attributes.values())]
            out.writerow(row + ["" if a[i] is None else str(a[i]) for a in answers.values()])
