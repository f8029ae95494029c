"""Write the SERVQUAL sample workbooks (SPEC 10): what Northway's customers expect, what they
get, and what its staff think they expect.

The story. Northway (the retailer of ``make_sample.py``) ran a second questionnaire in the
SERVQUAL style: for ten promises, customers say how important each is to them ("How important
is it to you that ...", 1-7) and how Northway did ("Northway ...", agreement 1-5); staff answer
the same two questions about customers ("How important is it to our customers that ...", and
how well we deliver it). Each pair is an expectation item (kind ``expectation``) and the
perception item it names in ``pair``. The data are built so that ``cxgap`` has something to find:

1. Customers expect most of accurate delivery promises for consumables (the promised day) and
   of personal attention in luxury (a dedicated adviser in store).
2. Experience falls short of expectations everywhere, most in after-sales (refunds and repairs:
   about 40 points on the 0-100 scale), then phone support.
3. Staff underestimate what customers expect of phone support (reaching a person quickly, an
   adviser who knows the order): the knowledge gap is about -25 points there, small elsewhere.
4. Between the 2026Q2 and 2026Q3 waves after-sales improved (customers' experience about 8
   points higher), so its service gap narrowed; the rest stayed put.

Each answer is the 0-100 design mean plus a respondent effect (one customer's answers lean
together) plus noise, rounded to the item's scale. Customers answer the touchpoints they used;
a few leave one side of a pair blank (counted as ``unpaired``). Fixed seeds and a fixed
creation time make re-runs byte-identical; ``survey.xlsx`` is not touched.

Usage: python sample_data/make_servqual.py [OUTPUT_DIR]   (default: this script's folder)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import xlsxwriter

# id, touchpoint, category, promise; design means on 0-100: customers' expectation and
# experience, staff's belief about the expectation and about the experience
PAIRS = (
    ("s1", "store", "luxury", "a dedicated adviser gives me personal attention", 90, 60, 88, 80),
    ("s2", "store", "consumable", "what I came for is in stock", 72, 63, 72, 74),
    ("s3", "web", "consumable", "stock shown online is accurate", 74, 61, 73, 72),
    ("s4", "web", "luxury", "product pages show the details I would see in store", 66, 60, 67, 70),
    ("s5", "delivery", "consumable", "my order arrives on the promised day", 93, 67, 91, 80),
    ("s6", "delivery", "luxury", "my order is handled with care", 84, 66, 84, 80),
    ("s7", "phone support", "consumable", "I reach a person quickly", 84, 50, 56, 76),
    ("s8", "phone support", "luxury", "the adviser knows my order history", 82, 49, 60, 78),
    ("s9", "after-sales", "consumable", "a return is refunded within a week", 80, 40, 80, 78),
    ("s10", "after-sales", "luxury", "a repair is done right the first time", 87, 45, 86, 82),
)  # fmt: skip
TOUCHPOINT_USE = {
    "store": 0.65, "web": 0.6, "delivery": 0.55, "phone support": 0.35, "after-sales": 0.3,
}  # fmt: skip
SEGMENTS = {"new": (0.3, 0.5), "loyal": (0.5, 1.5), "lapsed": (0.2, 1.0)}  # share, weight
ROLES = {"executive": 6, "manager": 14, "frontline": 30}
N_CUSTOMERS = 900
CREATED = datetime(2026, 10, 1, 9, 0, 0)
Cell = int | float | str | None


@dataclass(frozen=True)
class Wave:
    label: str
    seed: int
    after_sales: float = 0.0
    """Points added to customers' after-sales experience against 2026Q3."""


WAVES = (Wave("2026Q2", 2426, -8.0), Wave("2026Q3", 2427))


def _score(rng: np.random.Generator, mean: np.ndarray, lean: np.ndarray, hi: int) -> np.ndarray:
    """Answers on a 1-``hi`` scale around ``mean`` (0-100) with a respondent ``lean``."""
    level = mean / 100 + lean[:, None] + rng.normal(0, 0.17, (len(lean), len(mean)))
    return np.clip(np.rint(1 + (hi - 1) * level), 1, hi)


def _sample(rng: np.random.Generator, n: int, wave: Wave, staff: bool) -> np.ndarray:
    """n x 20 answers: per pair the expectation (1-7) then the experience (1-5); NaN = blank."""
    e_mean = np.array([p[6 if staff else 4] for p in PAIRS], dtype=float)
    p_mean = np.array([p[7 if staff else 5] for p in PAIRS], dtype=float)
    if not staff:
        p_mean += np.array([wave.after_sales * (p[1] == "after-sales") for p in PAIRS])
    expectation = _score(rng, e_mean, rng.normal(0, 0.06, n), 7)
    experience = _score(rng, p_mean, rng.normal(0, 0.1, n), 5)
    out = np.empty((n, 2 * len(PAIRS)))
    out[:, 0::2], out[:, 1::2] = expectation, experience
    if not staff:
        used = {tp: rng.random(n) < share for tp, share in TOUCHPOINT_USE.items()}
        for k, pair in enumerate(PAIRS):
            out[~used[pair[1]], 2 * k : 2 * k + 2] = np.nan
    out[rng.random(out.shape) < 0.04] = np.nan  # a skipped question: the pair is unpaired
    return out


def _rows(ids: list[str], attributes: list[list[Cell]], answers: np.ndarray) -> list[list[Cell]]:
    return [
        [rid, *attrs, *(None if np.isnan(x) else int(x) for x in row)]
        for rid, attrs, row in zip(ids, attributes, answers, strict=True)
    ]


def write_workbook(path: Path, wave: Wave) -> None:
    rng = np.random.default_rng(wave.seed)
    roles = [role for role, n in ROLES.items() for _ in range(n)]
    company = _rows(
        [f"S{k + 1:03d}" for k in range(len(roles))],
        [[role] for role in roles],
        _sample(rng, len(roles), wave, staff=True),
    )
    names = list(SEGMENTS)
    segment = rng.choice(len(names), N_CUSTOMERS, p=[s for s, _ in SEGMENTS.values()])
    customers = _rows(
        [f"C{k + 1:04d}" for k in range(N_CUSTOMERS)],
        [[SEGMENTS[names[s]][1], names[s], wave.label] for s in segment],
        _sample(rng, N_CUSTOMERS, wave, staff=False),
    )
    items: list[list[Cell]] = []
    for pid, tp, cat, promise, *_ in PAIRS:
        eid = f"{pid}e"
        items.append([eid, tp, cat, f"How important is it to you that {promise}?", 1, 7,
                      "expectation", pid])  # fmt: skip
        items.append([pid, tp, cat, f"Northway: {promise}.", 1, 5, None, eid])
    answer_ids = [x for pid, *_ in PAIRS for x in (f"{pid}e", pid)]
    sheets = {
        "items": (
            ["item", "touchpoint", "category", "text", "scale_min", "scale_max", "kind", "pair"],
            items,
        ),
        "company": (["respondent_id", "role", *answer_ids], company),
        "customers": (["respondent_id", "weight", "segment", "wave", *answer_ids], customers),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": f"Northway SERVQUAL survey {wave.label}", "created": CREATED})
    bold = workbook.add_format({"bold": True})
    for name, (header, rows) in sheets.items():
        sheet = workbook.add_worksheet(name)
        sheet.write_row(0, 0, header, bold)
        sheet.freeze_panes(1, 1)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif value is not None:
                    sheet.write_number(r, c, value)
        sheet.set_column(0, len(header) - 1, 11)
        if name == "items":
            sheet.set_column(3, 3, 60)
    workbook.close()


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    for wave in WAVES:
        write_workbook(out / "servqual_waves" / f"{wave.label}.xlsx", wave)
    write_workbook(out / "servqual.xlsx", WAVES[-1])
    print(f"wrote {out / 'servqual.xlsx'} and {len(WAVES)} waves in {out / 'servqual_waves'}")


if __name__ == "__main__":
    main(sys.argv)
