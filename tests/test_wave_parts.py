"""Several waves in one parts input (SPEC 2.1 with SPEC 8): ``cxgap trend --items ...
--company parts/ --customers parts/`` whose rows carry a ``wave`` column gives the JSON of the
same rows read whole, byte for byte but for the input's path and digest; ``analyze`` on them
is the whole read's too, and so are the refusals.

The rows are built here (three waves, a split attribute with a value one wave lacks, missing
codes, blanks and a non-answer) and written whole (one CSV per sample) and as parts whose
waves are interleaved across parts (Parquet and CSV), read in batches of a few rows.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cxgap.load import load_survey
from cxgap.model import LoadOptions, Parts, Settings
from cxgap.render.json import render_trend
from cxgap.stats import trend

ITEMS = [
    ["item", "touchpoint", "category", "missing_codes"],
    ["q1", "store", "consumable", "99"],
    ["q2", "store", "luxury", ""],
    ["q3", "web", "durable", ""],
    ["q4", "web", "consumable", ""],
]
HEAD = ["respondent_id", "wave", "region", "weight", "q1", "q2", "q3", "q4"]
WAVES = ("2026Q1", "2026Q2", "2026Q3")


def sample_rows(seed: int, prefix: str, per_wave: dict[str, int]) -> list[list[Any]]:
    """Rows of every wave, shuffled so that waves interleave; ids unique in the sample."""
    rng = np.random.default_rng(seed)
    rows: list[list[Any]] = []
    for w, (wave, n) in enumerate(per_wave.items()):
        regions = ("north", "south", "east") if w != 1 else ("north", "south")  # no east in Q2
        for i in range(n):
            answers: list[Any] = [int(v) for v in rng.integers(1, 6, 4)]
            answers[0] = 99 if i % 11 == 3 else answers[0]  # a missing code
            answers[2] = "" if i % 7 == 2 else answers[2]  # a blank
            answers[3] = "n/a" if i % 13 == 5 else answers[3]  # a non-answer
            weight = round(0.5 + rng.random() * 2, 3)
            rows.append([f"{prefix}{wave}-{i}", wave, regions[i % len(regions)], weight, *answers])
    order = rng.permutation(len(rows))
    return [rows[k] for k in order]


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_parts(folder: Path, rows: list[list[Any]], cuts: list[int], fmt: str) -> Path:
    """``rows`` cut at ``cuts`` into parts (as Parquet: number columns as floats, text as text)."""
    folder.mkdir()
    bounds = [0, *cuts, len(rows)]
    for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        chunk = rows[a:b]
        if fmt == "csv":
            write_csv(folder / f"part-{k:03d}.csv", [HEAD, *chunk])
            continue
        columns = list(zip(*chunk, strict=True))
        arrays = [
            pa.array([str(v) for v in column])
            if j < 3 or j == 7
            else pa.array([None if v == "" else float(v) for v in column], pa.float64())
            for j, column in enumerate(columns)
        ]
        pq.write_table(pa.table(arrays, names=HEAD), folder / f"part-{k:03d}.parquet")
    return folder


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("wave_parts")
    company = sample_rows(1, "S", {"2026Q1": 30, "2026Q2": 24, "2026Q3": 35})
    customers = sample_rows(2, "C", {"2026Q1": 80, "2026Q2": 95, "2026Q3": 70})
    return {
        "items": write_csv(root / "items.csv", ITEMS),
        "company": write_csv(root / "company.csv", [HEAD, *company]),
        "customers": write_csv(root / "customers.csv", [HEAD, *customers]),
        "company_parts": write_parts(root / "company_parts", company, [20, 61], "parquet"),
        "customer_parts": write_parts(root / "customer_parts", customers, [40, 90, 200], "csv"),
    }


SETTINGS = Settings(splits=("region",))
READ = {"on_invalid": "exclude", "non_answers": ("n/a",)}


def parts(survey: dict[str, Path], company: str, customers: str) -> Parts:
    return Parts(items=survey["items"], company=survey[company], customers=survey[customers])


def trend_json(given: Parts, settings: Settings = SETTINGS, **options: Any) -> dict[str, Any]:
    """The JSON of ``cxgap trend`` on one input, less its paths and digests."""
    survey = load_survey(given, LoadOptions(**(READ | options)))
    out = json.loads(render_trend(trend([("label", survey)], settings)))
    del out["input"]
    return dict(out)


@pytest.mark.parametrize("batch", [7, 65_536])
def test_trend_on_parts_equals_trend_on_the_whole_files(
    survey: dict[str, Path], batch: int
) -> None:
    whole = trend_json(parts(survey, "company", "customers"))
    streamed = trend_json(parts(survey, "company_parts", "customer_parts"), batch_rows=batch)
    assert streamed == whole
    assert whole["waves"] == list(WAVES) and whole["exclusions"] and whole["nps"] == []
    split = {r["split"].get("region") for r in whole["rows"]}
    assert split == {None, "north", "south"}  # east is not in 2026Q2: not a row of the trend
