"""Write the cxgap sample workbooks: an omnichannel retailer's delivery-gap survey.

The story. "Northway", an omnichannel retailer (stores, website, app, phone support, home
delivery, after-sales), asked 60 of its staff and about 3,000 of its customers the same 24
questions on a 1-5 agreement scale (5 = best). Each customer answers only the touchpoints they
used, so blank cells are normal. The data are built so that `cxgap` has something to find:

1. Staff overrate the service: about two thirds of their answers are top-box (5), against about
   three in ten of the customers'.
2. Executives are the most optimistic, then managers; frontline staff are closest to customers.
3. The reactive service, phone support and after-sales, holds the blind spots: staff give it
   top marks (~80%), customers rarely do (~15%).
4. The app is a hidden strength: customers rate it higher (~50%) than staff do (~35%).
5. Luxury's personal-attention items trail the consumables' reliability promises (~17% vs ~40%
   of customers' answers are top-box).
6. Between the 2026Q2 and 2026Q3 waves after-sales improved: its gap was wider in Q2 (customers
   ~10 points lower; staff slightly more self-assured), while the rest stayed put.
7. From gap to priority (SPEC 6): customers also rate their overall satisfaction (q25, kind
   outcome) and how likely they are to recommend Northway (q26, 0-10, kind nps); staff answer
   both as a prediction of what customers say. Staff predict an NPS far above the customers'
   actual one; a customer's overall satisfaction follows their phone-support and after-sales
   experience most (the largest blind spots matter most), and the app least (its hidden
   strength matters less).
8. Consistency across channels (SPEC 9, `--consistency channel`): each item asks about one
   channel. After-sales is inconsistent: refunds on the web work (~26% top-box), repairs in
   store and call-backs by phone do not (~15%). Delivery is consistent: ordered on the web or
   in store, about 36% either way (q19 and q20 were set at 28% and 23% for it, from 30% and 18%).

The two SPEC 6 items are drawn after everything else, from a stream of their own, from the
answers already drawn, so that the 24 items' numbers are the same as without them.

Answers are Bernoulli draws for "top-box or not" on a logit scale (item base + role or segment
offset + a respondent effect, so answers of one person are correlated), then a 1-4 score for the
others. Fixed seeds and a fixed workbook creation time make re-runs byte-identical.

Usage: python sample_data/make_sample.py [OUTPUT_DIR]   (default: this script's folder)
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import xlsxwriter

# id, touchpoint, category, stage, staff top-box share, customers' top-box share (2026Q3), text
ITEMS: list[tuple[str, str, str, str, float, float, str]] = [
    ("q01", "store", "luxury", "pre-purchase", 0.78, 0.14,
     "Staff give me personal attention when I choose a luxury item"),
    ("q02", "store", "consumable", "purchase", 0.66, 0.45,
     "The everyday products I came for are on the shelf"),
    ("q03", "store", "durable", "purchase", 0.66, 0.30,
     "Staff explain the warranty clearly when I buy an appliance"),
    ("q04", "store", "luxury", "purchase", 0.76, 0.16,
     "Store staff give me expert advice on premium brands"),
    ("q05", "web", "consumable", "pre-purchase", 0.66, 0.44,
     "The website shows accurately whether a product is in stock"),
    ("q06", "web", "durable", "pre-purchase", 0.64, 0.32,
     "Product pages tell me what installing a large item involves"),
    ("q07", "web", "luxury", "purchase", 0.70, 0.15,
     "An expert answers my questions online when I shop for a luxury item"),
    ("q08", "web", "consumable", "purchase", 0.68, 0.50,
     "I am charged the price shown at checkout"),
    ("q09", "app", "consumable", "purchase", 0.34, 0.58,
     "Reordering my regular groceries in the app is quick and accurate"),
    ("q10", "app", "consumable", "post-purchase", 0.30, 0.60,
     "The app shows me exactly where my order is"),
    ("q11", "app", "luxury", "pre-purchase", 0.26, 0.36,
     "The app's personal recommendations for premium products suit my taste"),
    ("q12", "app", "durable", "post-purchase", 0.32, 0.46,
     "I can register my appliance's warranty easily in the app"),
    ("q13", "phone support", "durable", "post-purchase", 0.80, 0.12,
     "The phone agent solves my repair question on the first call"),
    ("q14", "phone support", "luxury", "pre-purchase", 0.82, 0.08,
     "Phone advisers give me expert, personal advice before I buy a luxury item"),
    ("q15", "phone support", "consumable", "post-purchase", 0.78, 0.18,
     "Phone support puts a wrong or missing item in my order right without hassle"),
    ("q16", "phone support", "consumable", "purchase", 0.80, 0.20,
     "When I order by phone, the delivery slot I am given is kept"),
    ("q17", "delivery", "consumable", "post-purchase", 0.62, 0.42,
     "My groceries arrive at the time promised"),
    ("q18", "delivery", "consumable", "post-purchase", 0.66, 0.48,
     "My order arrives complete and correct"),
    ("q19", "delivery", "durable", "post-purchase", 0.60, 0.28,
     "The delivery team installs my appliance properly"),
    ("q20", "delivery", "luxury", "post-purchase", 0.68, 0.23,
     "My luxury purchase is handed over with personal care"),
    ("q21", "after-sales", "durable", "post-purchase", 0.80, 0.16,
     "Repairs under warranty are completed when promised"),
    ("q22", "after-sales", "durable", "post-purchase", 0.84, 0.12,
     "You contact me before I have to chase a problem"),
    ("q23", "after-sales", "luxury", "post-purchase", 0.82, 0.10,
     "After I buy a luxury item, someone checks in personally that I am happy with it"),
    ("q24", "after-sales", "consumable", "post-purchase", 0.78, 0.26,
     "Refunds for faulty or missing groceries reach me quickly"),
]  # fmt: skip
CODEBOOK_COLUMNS = [
    "item", "touchpoint", "category", "stage", "text", "scale_min", "scale_max", "missing_codes",
    "kind", "channel",
]  # fmt: skip
# The channel each item asks about (SPEC 9, --consistency channel): a touchpoint's own channel,
# but delivery (ordered on the web or in store) and after-sales (handled in store, by phone or
# on the web) span several. Web refunds work; store and phone after-sales do not.
CHANNEL = {
    **{f"q{k:02d}": "store" for k in range(1, 5)},
    **{f"q{k:02d}": "web" for k in range(5, 9)},
    **{f"q{k:02d}": "app" for k in range(9, 13)},
    **{f"q{k:02d}": "phone" for k in range(13, 17)},
    "q17": "web", "q18": "store", "q19": "web", "q20": "store",
    "q21": "store", "q22": "phone", "q23": "store", "q24": "web",
}  # fmt: skip
# SPEC 6: the outcome and the NPS item (id, scale_max, kind, text); scale_min 1 and 0
OUTCOME = ("q25", 5, "outcome", "Overall, how satisfied are you with Northway?")
NPS = ("q26", 10, "nps", "How likely are you to recommend Northway to a friend or colleague?")
# How much a customer's overall satisfaction follows each touchpoint (logit per scale point)
DRIVER_WEIGHT = {
    "store": 0.35, "web": 0.3, "app": 0.08, "phone support": 0.9, "delivery": 0.35,
    "after-sales": 0.9,
}  # fmt: skip
MISSING_CODE_ITEMS = ("q13", "q21")  # both come from the call-centre system, which codes -99
TOUCHPOINTS = ("store", "web", "app", "phone support", "delivery", "after-sales")
TOUCHPOINT_USE = np.array([0.60, 0.55, 0.42, 0.32, 0.50, 0.32])  # P(customer used it)
ROLES = {"executive": (8, 1.1), "manager": (17, 0.35), "frontline": (35, -0.4)}  # n, logit
DEPARTMENTS = ("Stores", "E-commerce", "Customer Service", "Logistics", "After-Sales", "Marketing")
SEGMENTS = {"new": (0.30, 0.0), "loyal": (0.50, 0.3), "lapsed": (0.20, -0.5)}  # share, logit
REGIONS = {"North": (0.30, 0.8), "South": (0.25, 1.1), "East": (0.20, 1.3), "West": (0.25, 0.9)}
N_CUSTOMERS = 3000
STAFF_LOW = np.array([0.03, 0.10, 0.27, 0.60])  # P(score 1..4 | not top-box)
CUSTOMER_LOW = np.array([0.12, 0.18, 0.32, 0.38])
CREATED = datetime(2026, 10, 1, 9, 0, 0)


@dataclass(frozen=True)
class Wave:
    """One quarterly wave: its label, seed and the after-sales shifts (logit) against 2026Q3."""

    label: str
    seed: int
    after_sales_customers: float = 0.0
    after_sales_staff: float = 0.0


# The design tells the story for ~90% of seed pairs (in the rest, chance drift in the 60 staff makes
# another touchpoint's change look significant too). These seeds are the first k in (20260630 + k,
# 20260930 + k) whose realised changes stay close to the design: after-sales customers +8-11
# points and staff -2-7, every other touchpoint under 5.
WAVES = (Wave("2026Q2", 20260639, -1.05, 0.35), Wave("2026Q3", 20260939))
Cell = int | float | str | None


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1.0 - p))


def _answers(
    rng: np.random.Generator, eta: np.ndarray, low: np.ndarray, dk_rate: float, dk_texts: list[str]
) -> list[list[Cell]]:
    """Scores 1-5 from logits `eta` (respondents x items); NaN marks an unasked cell."""
    asked = ~np.isnan(eta)
    top = rng.random(eta.shape) < 1.0 / (1.0 + np.exp(-np.nan_to_num(eta)))
    score = np.where(top, 5, rng.choice(np.arange(1, 5), size=eta.shape, p=low))
    dk = asked & (rng.random(eta.shape) < dk_rate)
    dk_pick = rng.integers(0, len(dk_texts), size=eta.shape)
    out: list[list[Cell]] = score.astype(object).tolist()
    for i, j in zip(*np.nonzero(dk), strict=True):
        out[i][j] = dk_texts[dk_pick[i, j]]
    for i, j in zip(*np.nonzero(~asked), strict=True):
        out[i][j] = None
    return out


def make_company(rng: np.random.Generator, wave: Wave) -> list[list[Cell]]:
    """About 60 staff: roles, departments, and answers to nearly every item."""
    roles = np.repeat(list(ROLES), [n for n, _ in ROLES.values()])
    roles = rng.permutation(roles)
    offset = np.array([ROLES[r][1] for r in roles])
    base = _logit(np.array([it[4] for it in ITEMS]))
    base += np.array([wave.after_sales_staff if it[1] == "after-sales" else 0.0 for it in ITEMS])
    eta = base[None, :] + offset[:, None] + rng.normal(0.0, 0.35, size=(len(roles), 1))
    answers = _answers(rng, eta, STAFF_LOW, 0.012, ["Don't know"])
    departments = rng.choice(DEPARTMENTS, size=len(roles))
    return [
        [f"S{i + 1:03d}", str(role), str(dept), *row]
        for i, (role, dept, row) in enumerate(zip(roles, departments, answers, strict=True))
    ]


def make_customers(rng: np.random.Generator, wave: Wave) -> list[list[Cell]]:
    """About 3,000 customers, each answering only the touchpoints they used."""
    n = N_CUSTOMERS
    segment = rng.choice(list(SEGMENTS), size=n, p=[s for s, _ in SEGMENTS.values()])
    region = rng.choice(list(REGIONS), size=n, p=[s for s, _ in REGIONS.values()])
    # Post-stratification-like weights: lapsed customers and the East answer less, weigh more.
    cell = np.array([REGIONS[r][1] for r in region]) * np.where(segment == "lapsed", 1.5, 1.0)
    weight = np.clip(cell * rng.lognormal(0.0, 0.25, size=n), 0.4, 2.5)
    weight = np.round(np.clip(weight / weight.mean(), 0.4, 2.5), 3)
    used = rng.random((n, len(TOUCHPOINTS))) < TOUCHPOINT_USE
    nobody = ~used.any(axis=1)
    used[nobody, rng.integers(0, len(TOUCHPOINTS), size=int(nobody.sum()))] = True
    tp_index = np.array([TOUCHPOINTS.index(it[1]) for it in ITEMS])
    base = _logit(np.array([it[5] for it in ITEMS]))
    base += np.where(tp_index == TOUCHPOINTS.index("after-sales"), wave.after_sales_customers, 0)
    seg = np.array([SEGMENTS[s][1] for s in segment])
    eta = base[None, :] + seg[:, None] + rng.normal(0.0, 0.5, size=(n, 1))
    eta[~used[:, tp_index]] = np.nan
    answers = _answers(rng, eta, CUSTOMER_LOW, 0.015, ["Don't know", "N/A"])
    coded = rng.random(eta.shape) < 0.02  # the call-centre system's -99 on its two items
    for j in (k for k, it in enumerate(ITEMS) if it[0] in MISSING_CODE_ITEMS):
        for i in np.nonzero(coded[:, j] & ~np.isnan(eta[:, j]))[0]:
            answers[i][j] = -99
    return [
        [f"C{i + 1:04d}", float(weight[i]), str(segment[i]), str(region[i]), wave.label, *row]
        for i, row in enumerate(answers)
    ]


def _touchpoint_scores(rows: list[list[Cell]], first: int) -> np.ndarray:
    """Customers x touchpoints: the mean of each customer's valid 1-5 answers, centred on 3
    (0 where they answered none of the touchpoint's items)."""
    out = np.zeros((len(rows), len(TOUCHPOINTS)))
    for t, touchpoint in enumerate(TOUCHPOINTS):
        columns = [first + j for j, it in enumerate(ITEMS) if it[1] == touchpoint]
        for i, row in enumerate(rows):
            valid = [v for v in (row[c] for c in columns) if isinstance(v, int) and v > 0]
            out[i, t] = np.mean(valid) - 3.0 if valid else 0.0
    return out


def add_priority_items(
    rng: np.random.Generator, company: list[list[Cell]], customers: list[list[Cell]]
) -> None:
    """Append q25 (overall satisfaction) and q26 (NPS) to the rows; staff answer both as
    predictions of what customers say."""
    drivers = _touchpoint_scores(customers, 5) @ np.array([DRIVER_WEIGHT[t] for t in TOUCHPOINTS])
    mood = drivers + rng.normal(0.0, 0.7, size=len(customers))
    satisfaction = np.clip(np.rint(2.9 + mood), 1, 5).astype(int)
    recommend = np.clip(np.rint(5.6 + 1.6 * mood + rng.normal(0.0, 1.3, len(customers))), 0, 10)
    blank = rng.random((len(customers), 2)) < 0.03
    for i, row in enumerate(customers):
        row.append(None if blank[i, 0] else int(satisfaction[i]))
        row.append(None if blank[i, 1] else int(recommend[i]))
    staff = np.clip(np.rint(rng.normal((4.2, 8.9), (0.7, 1.1), size=(len(company), 2))), 0, 10)
    for row, (overall, likely) in zip(company, staff, strict=True):
        row += [int(min(overall, 5)), int(likely)]


def write_workbook(path: Path, wave: Wave) -> None:
    """Write one wave's workbook with the sheets `items`, `company` and `customers`."""
    rng = np.random.default_rng(wave.seed)
    company = make_company(rng, wave)
    customers = make_customers(rng, wave)
    add_priority_items(np.random.default_rng([wave.seed, 6]), company, customers)
    item_ids = [it[0] for it in ITEMS]
    codebook: list[list[Cell]] = [
        [iid, tp, cat, stage, text, 1, 5, -99 if iid in MISSING_CODE_ITEMS else None, None,
         CHANNEL[iid]]
        for iid, tp, cat, stage, _, _, text in ITEMS
    ]  # fmt: skip
    codebook += [
        [OUTCOME[0], "overall", "overall", None, OUTCOME[3], 1, 5, None, OUTCOME[2], None],
        [NPS[0], "overall", "overall", None, NPS[3], 0, 10, None, NPS[2], None],
    ]
    sheets: dict[str, tuple[list[str], list[list[Cell]]]] = {
        "items": (CODEBOOK_COLUMNS, codebook),
        "company": (["respondent_id", "role", "department", *item_ids, OUTCOME[0], NPS[0]],
                    company),
        "customers": (
            ["respondent_id", "weight", "segment", "region", "wave", *item_ids, OUTCOME[0],
             NPS[0]],
            customers,
        ),
    }  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties(
        {"title": f"Northway delivery-gap survey {wave.label}", "created": CREATED}
    )
    bold = workbook.add_format({"bold": True})
    for name, (header, rows) in sheets.items():
        sheet = workbook.add_worksheet(name)
        sheet.write_row(0, 0, header, bold)
        sheet.freeze_panes(1, 1)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif value is not None:  # None stays a truly empty cell
                    sheet.write_number(r, c, value)
        sheet.set_column(0, len(header) - 1, 11)
        if name == "items":
            sheet.set_column(4, 4, 70)
    workbook.close()


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    for wave in WAVES:
        write_workbook(out / "waves" / f"{wave.label}.xlsx", wave)
    shutil.copyfile(out / "waves" / f"{WAVES[-1].label}.xlsx", out / "survey.xlsx")
    print(f"wrote {out / 'survey.xlsx'} and {len(WAVES)} waves in {out / 'waves'}")


if __name__ == "__main__":
    main(sys.argv)
