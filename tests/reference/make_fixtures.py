"""Generate the reference fixtures: small surveys that ``reference.R`` pins to R's ``survey``.

Deterministic (``numpy.random.default_rng`` with fixed seeds, plain CSV text), so that
``parity.py`` can regenerate everything and diff it against the committed files.

    python tests/reference/make_fixtures.py [--out DIR]

writes ``DIR/fixtures/<fixture>/{items,company,customers}.csv`` and ``DIR/cases.json`` (each case:
a fixture and the settings to analyse it with). ``DIR`` defaults to this script's folder.

Weights are multiples of 1/8 so that their decimal text is exact in binary: R and Python then
read the very same doubles, whatever their string-to-number routines do with the last bit.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from consistency_fixtures import CASES as CONSISTENCY_CASES
from consistency_fixtures import consistency

HERE = Path(__file__).resolve().parent

# Answer distributions on the analysis scale (higher is better), from the lowest point up.
HIGH_5 = (0.03, 0.07, 0.20, 0.35, 0.35)
LOW_5 = (0.10, 0.15, 0.30, 0.30, 0.15)
HIGH_11 = (0.01, 0.01, 0.02, 0.03, 0.05, 0.08, 0.10, 0.15, 0.20, 0.20, 0.15)
LOW_11 = (0.03, 0.04, 0.05, 0.08, 0.10, 0.15, 0.15, 0.15, 0.12, 0.08, 0.05)


@dataclass(frozen=True)
class Item:
    id: str
    touchpoint: str
    category: str
    scale: tuple[int, int] = (1, 5)
    top_box_min: int | None = None
    reverse: bool = False
    explicit_scale: bool = False
    kind: str = "score"

    def row(self) -> dict[str, str]:
        explicit = self.explicit_scale or self.scale != (1, 5)
        return {
            "item": self.id,
            "touchpoint": self.touchpoint,
            "category": self.category,
            "text": f"Question {self.id}",
            "scale_min": str(self.scale[0]) if explicit else "",
            "scale_max": str(self.scale[1]) if explicit else "",
            "top_box_min": "" if self.top_box_min is None else str(self.top_box_min),
            "reverse": "yes" if self.reverse else "",
            "kind": "" if self.kind == "score" else self.kind,
        }


def write_codebook(path: Path, items: Sequence[Item]) -> None:
    """``items.csv``; the ``kind`` column only where some item is not a plain score."""
    names = list(items[0].row())
    if all(item.kind == "score" for item in items):
        names.remove("kind")
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, fieldnames=names, lineterminator="\n", extrasaction="ignore")
        out.writeheader()
        out.writerows(item.row() for item in items)


@dataclass
class Sheet:
    """One respondent table under construction: ids, optional weights, attributes, answers."""

    ids: list[str]
    weights: list[float] | None = None
    attributes: dict[str, list[str]] = field(default_factory=dict)
    answers: dict[str, list[int | None]] = field(default_factory=dict)

    def write(self, path: Path) -> None:
        header = ["respondent_id"]
        header += ["weight"] if self.weights is not None else []
        header += list(self.attributes) + list(self.answers)
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f, lineterminator="\n")
            out.writerow(header)
            for i, rid in enumerate(self.ids):
                row = [rid]
                row += [_weight_text(self.weights[i])] if self.weights is not None else []
                row += [values[i] for values in self.attributes.values()]
                row += ["" if a[i] is None else str(a[i]) for a in self.answers.values()]
                out.writerow(row)


def _weight_text(w: float) -> str:
    assert (w * 8).is_integer(), w
    return f"{w:.3f}".rstrip("0").rstrip(".")


def draw(
    rng: np.random.Generator,
    n: int,
    item: Item,
    probs: Sequence[float],
    blank_rate: float,
) -> list[int | None]:
    """``n`` answers to ``item`` drawn on the analysis scale, written on the raw scale."""
    lo, hi = item.scale
    assert len(probs) == hi - lo + 1
    points = rng.choice(np.arange(lo, hi + 1), size=n, p=np.asarray(probs) / sum(probs))
    blank = rng.random(n) < blank_rate
    raw = [int(lo + hi - s) if item.reverse else int(s) for s in points]
    return [None if b else s for s, b in zip(raw, blank, strict=True)]


def weights(rng: np.random.Generator, n: int) -> list[float]:
    """Design weights in 0.5-5 by steps of 1/8 (exact in binary)."""
    return [float(k) / 8 for k in rng.integers(4, 41, size=n)]


def write_fixture(root: Path, name: str, items: Sequence[Item], company: Sheet, customers: Sheet):
    folder = root / "fixtures" / name
    folder.mkdir(parents=True, exist_ok=True)
    write_codebook(folder / "items.csv", items)
    company.write(folder / "company.csv")
    customers.write(folder / "customers.csv")


def basic(root: Path) -> None:
    """Unweighted; pooled rollups with partial blanks; a reverse-coded item; a 0-10 item with its
    own top box; one item only in customers (q07) and one only in company (q08); ``role`` only in
    company (three respondents with a blank role); respondents who answered nothing."""
    rng = np.random.default_rng(20260401)
    items = [
        Item("q01", "store", "reliability"),
        Item("q02", "store", "empathy"),
        Item("q03", "web", "reliability"),
        Item("q04", "web", "empathy", reverse=True),
        Item("q05", "phone", "reliability", scale=(0, 10), top_box_min=9),
        Item("q06", "phone", "empathy"),
        Item("q07", "web", "reliability"),
        Item("q08", "store", "empathy"),
    ]
    roles = ["executive"] * 8 + ["manager"] * 14 + ["frontline"] * 20 + [""] * 3
    n_c = len(roles)
    company = Sheet(
        [f"C{i:03d}" for i in range(1, n_c + 1)],
        attributes={"role": [str(r) for r in rng.permutation(np.array(roles, dtype=object))]},
    )
    n_u = 130
    customers = Sheet(
        [f"U{i:03d}" for i in range(1, n_u + 1)],
        attributes={"segment": [str(s) for s in rng.choice(["retail", "business"], size=n_u)]},
    )
    for item in items:
        high, low = (HIGH_11, LOW_11) if item.scale == (0, 10) else (HIGH_5, LOW_5)
        if item.id != "q07":
            company.answers[item.id] = draw(rng, n_c, item, high, 0.15)
        if item.id != "q08":
            customers.answers[item.id] = draw(rng, n_u, item, low, 0.2)
    # blank-role staff answer everything: the first all top box, the second all bottom box (so
    # their shares differ in every group: a split part of three with n = 3 and SE > 0 throughout)
    blank_role = [i for i, role in enumerate(company.attributes["role"]) if role == ""]
    for k, i in enumerate(blank_role):
        for item in items:
            answers = company.answers.get(item.id)
            if answers is None:
                continue
            lo, hi = item.scale
            if k < 2:
                score = hi if k == 0 else lo
                answers[i] = lo + hi - score if item.reverse else score
            elif answers[i] is None:
                answers[i] = int(rng.integers(lo, hi + 1))
    for sheet, row in ((company, 5), (customers, 17)):  # in the samples, in no group
        for answers in sheet.answers.values():
            answers[row] = None
    write_fixture(root, "basic", items, company, customers)


def weighted(root: Path) -> None:
    """Weights in both samples; four touchpoints x two categories; a reverse item and a 0-10 item
    with its own top box (so ``--top 2`` applies to the others only); ``role`` only in company and
    ``region`` in both, with a region (east) that only customers have."""
    rng = np.random.default_rng(20260402)
    items = [
        Item("w01", "store", "consumable"),
        Item("w02", "store", "luxury"),
        Item("w03", "web", "consumable", reverse=True),
        Item("w04", "web", "luxury"),
        Item("w05", "phone", "consumable"),
        Item("w06", "phone", "luxury", scale=(0, 10), top_box_min=8),
        Item("w07", "after-sales", "consumable"),
        Item("w08", "after-sales", "luxury"),
        Item("w09", "web", "luxury"),
    ]
    n_c, n_u = 70, 240
    company = Sheet(
        [f"S{i:03d}" for i in range(1, n_c + 1)],
        weights(rng, n_c),
        {
            "role": [str(r) for r in rng.choice(["executive", "manager", "frontline"], n_c)],
            "region": [str(r) for r in rng.choice(["north", "south"], n_c)],
        },
    )
    customers = Sheet(
        [f"K{i:04d}" for i in range(1, n_u + 1)],
        weights(rng, n_u),
        {
            "region": [
                str(r) for r in rng.choice(["north", "south", "east"], n_u, p=[0.45, 0.4, 0.15])
            ]
        },
    )
    for item in items:
        high, low = (HIGH_11, LOW_11) if item.scale == (0, 10) else (HIGH_5, LOW_5)
        company.answers[item.id] = draw(rng, n_c, item, high, 0.2)
        if item.id != "w09":  # w09: company only
            customers.answers[item.id] = draw(rng, n_u, item, low, 0.3)
    write_fixture(root, "weighted", items, company, customers)


def edge(root: Path) -> None:
    """Tiny weighted samples with shares of exactly 0% and 100%.

    e1: company 100%, customers 0% (both SEs zero: Newcombe, p-value null);
    e2: company 100% (Wilson on Kish's n), customers mixed (Welch with one SE zero);
    e3: only two staff answered (n = 2, df = 1);
    e4: company 0%, customers mixed;
    e5: 0% in both (gap 0 by Newcombe).
    Touchpoint ``store`` pools e1 and e2: 100% for the company, on respondents' weights.
    """
    rng = np.random.default_rng(20260403)
    items = [
        Item("e1", "store", "speed"),
        Item("e2", "store", "care"),
        Item("e3", "web", "speed", explicit_scale=True),
        Item("e4", "web", "care"),
        Item("e5", "phone", "care"),
    ]
    n_c, n_u = 12, 30
    company = Sheet([f"E{i:02d}" for i in range(1, n_c + 1)], weights(rng, n_c))
    customers = Sheet([f"F{i:02d}" for i in range(1, n_u + 1)], weights(rng, n_u))
    mixed = (0.15, 0.15, 0.25, 0.25, 0.20)
    none_top = (0.25, 0.25, 0.25, 0.25, 0.0)
    only_top = (0.0, 0.0, 0.0, 0.0, 1.0)
    company.answers["e1"] = draw(rng, n_c, items[0], only_top, 0.0)
    customers.answers["e1"] = draw(rng, n_u, items[0], none_top, 0.1)
    company.answers["e2"] = draw(rng, n_c, items[1], only_top, 0.2)
    customers.answers["e2"] = draw(rng, n_u, items[1], mixed, 0.1)
    company.answers["e3"] = [5, None, None, None, None, None, None, 3, None, None, None, None]
    customers.answers["e3"] = draw(rng, n_u, items[2], mixed, 0.3)
    company.answers["e4"] = draw(rng, n_c, items[3], none_top, 0.1)
    customers.answers["e4"] = draw(rng, n_u, items[3], mixed, 0.1)
    company.answers["e5"] = draw(rng, n_c, items[4], none_top, 0.1)
    customers.answers["e5"] = draw(rng, n_u, items[4], none_top, 0.1)
    write_fixture(root, "edge", items, company, customers)


def _latent(rng: np.random.Generator, n: int, scale: tuple[int, int], base: float,
            lift: np.ndarray, blank_rate: float) -> list[int | None]:  # fmt: skip
    """Answers on ``scale`` from a respondent's latent mood ``lift`` plus noise, some blank."""
    lo, hi = scale
    raw = base + lift + rng.normal(0.0, 0.9, size=n)
    points = np.clip(np.rint(lo + (hi - lo) * (raw + 2.0) / 4.0), lo, hi).astype(int)
    blank = rng.random(n) < blank_rate
    return [None if b else int(x) for x, b in zip(points, blank, strict=True)]


def drivers(root: Path) -> None:
    """SPEC 6 on a weighted survey: mixed scales (1-5, 0-10, a reverse item) for the mean
    metric; an outcome item (o1, also asked of staff: it must stay out of every row) and an
    NPS item (n1) in both samples; answers that follow a latent mood, so that scores correlate
    with the outcome; ``region`` in customers only. The edge cases of importance:

    d05: customers who answered it never answered the outcome (nobody answered both);
    d06: every customer who answered it gave 4 (a constant score: r undefined); with d05 it
    makes touchpoint ``phone``, which is then constant too;
    d07: answered by three customers only (Kish's n <= 3: no Fisher interval).
    """
    rng = np.random.default_rng(20260404)
    items = [
        Item("d01", "store", "speed"),
        Item("d02", "store", "care"),
        Item("d03", "web", "speed", scale=(0, 10)),
        Item("d04", "web", "care", reverse=True),
        Item("d05", "phone", "care"),
        Item("d06", "phone", "speed"),
        Item("d07", "app", "speed"),
        Item("o1", "overall", "overall", kind="outcome"),
        Item("n1", "overall", "overall", scale=(0, 10), kind="nps"),
    ]
    n_c, n_u = 40, 160
    company = Sheet([f"P{i:03d}" for i in range(1, n_c + 1)], weights(rng, n_c))
    customers = Sheet(
        [f"Q{i:03d}" for i in range(1, n_u + 1)],
        weights(rng, n_u),
        {"region": [str(r) for r in rng.choice(["north", "south"], n_u)]},
    )
    staff_mood = rng.normal(0.6, 0.5, size=n_c)
    mood = rng.normal(0.0, 0.8, size=n_u)
    for item in items:
        base = {"d01": 0.2, "d02": -0.1, "d03": 0.3, "d04": 0.0, "n1": 0.4}.get(item.id, 0.0)
        company.answers[item.id] = _flip(item, _latent(rng, n_c, item.scale, base, staff_mood, 0.1))
        weight = 1.2 if item.id in ("d01", "d04") else 0.5
        customers.answers[item.id] = _flip(
            item, _latent(rng, n_u, item.scale, base - 0.5, weight * mood, 0.15)
        )
    outcome = customers.answers["o1"]
    no_outcome = [i for i, o in enumerate(outcome) if o is None]
    customers.answers["d05"] = [
        int(rng.integers(1, 6)) if i in no_outcome[:12] else None for i in range(n_u)
    ]
    with_outcome = [i for i, o in enumerate(outcome) if o is not None]
    customers.answers["d06"] = [4 if i in with_outcome[:20] else None for i in range(n_u)]
    customers.answers["d07"] = [
        [2, 5, 4][with_outcome[-3:].index(i)] if i in with_outcome[-3:] else None
        for i in range(n_u)
    ]
    write_fixture(root, "drivers", items, company, customers)


def _flip(item: Item, answers: list[int | None]) -> list[int | None]:
    lo, hi = item.scale
    return [None if a is None else lo + hi - a for a in answers] if item.reverse else answers


# (case, the fixture it analyses, the settings it changes: cxgap.model.Settings field names)
def sample(root: Path) -> None:
    """The README's sample survey (``sample_data/survey.xlsx``, wave 2026Q3) and its previous
    wave (``sample_data/waves/2026Q2.xlsx``) as CSV, answers kept only where they are valid
    (1-5): the non-answers (Don't know, N/A, -99) become blanks, which is what cxgap's loader
    makes of them too. Tests tie the workbooks' rows to these fixtures."""
    data = HERE.parents[1] / "sample_data"
    _export(data / "survey.xlsx", root / "fixtures" / "sample")
    _export(data / "waves" / "2026Q2.xlsx", root / "fixtures" / "sample_q2")


def _export(path: Path, folder: Path) -> None:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    folder.mkdir(parents=True, exist_ok=True)
    head, *codebook = workbook.get_sheet_by_name("items").to_python()
    items = [
        Item(
            str(r[head.index("item")]),
            str(r[head.index("touchpoint")]),
            str(r[head.index("category")]),
            scale=(int(r[head.index("scale_min")]), int(r[head.index("scale_max")])),
            kind=str(r[head.index("kind")] or "score") if "kind" in head else "score",
        )
        for r in codebook
    ]
    scales = {item.id: item.scale for item in items}
    write_codebook(folder / "items.csv", items)
    for name in ("company", "customers"):
        header, *rows = workbook.get_sheet_by_name(name).to_python()
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            out_rows = csv.writer(f, lineterminator="\n")
            out_rows.writerow(header)
            out_rows.writerows(
                [_sample_cell(v, scales.get(h)) for h, v in zip(header, row, strict=True)]
                for row in rows
            )


def _sample_cell(value: object, scale: tuple[int, int] | None) -> str:
    if scale is None:
        return repr(value) if isinstance(value, float) else str(value)
    valid = isinstance(value, float) and scale[0] <= value <= scale[1]
    return str(int(value)) if valid else ""  # type: ignore[arg-type]


CASES: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("basic", "basic", {"splits": ["role"]}),
    ("basic_top2", "basic", {"top": 2}),
    ("weighted", "weighted", {"top": 2, "confidence": 0.9, "splits": ["role", "region"]}),
    ("weighted_ignored", "weighted", {"weighted": False, "splits": ["region"]}),
    ("edge", "edge", {}),
    ("edge_unweighted", "edge", {"weighted": False}),
    ("sample", "sample", {"splits": ["role", "segment"]}),
)
# drivers.R's cases (SPEC 6): importance, the mean metric and NPS
DRIVER_CASES: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("drivers_mean", "drivers", {"metric": "mean", "splits": ["region"]}),
    ("drivers_mean_unweighted", "drivers", {"metric": "mean", "weighted": False}),
    ("drivers_topbox", "drivers", {"confidence": 0.9}),
    ("drivers_sample", "sample", {}),
)
DEFAULTS: dict[str, object] = {
    "top": 1,
    "confidence": 0.95,
    "alpha": 0.05,
    "min_base": 30,
    "weighted": True,
    "splits": [],
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    out = parser.parse_args(argv).out
    for make in (basic, weighted, edge, drivers, sample, consistency):
        make(out)
    for file, table, defaults in (
        ("cases.json", CASES, DEFAULTS),
        ("drivers.json", DRIVER_CASES, {**DEFAULTS, "metric": "topbox"}),
        ("consistency.json", CONSISTENCY_CASES, {**DEFAULTS, "metric": "topbox"}),
    ):
        cases = {
            name: {"fixture": fixture, "settings": {**defaults, **changes}}
            for name, fixture, changes in table
        }
        (out / file).write_text(json.dumps(cases, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
