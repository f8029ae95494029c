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
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cxgap.cli import app
from cxgap.errors import CxgapError
from cxgap.load import load_survey
from cxgap.model import LoadOptions, Parts, Settings
from cxgap.render.json import envelope, render_trend
from cxgap.stats import analyze, trend

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
            answers[1] = "x" if i % 17 == 6 else answers[1]  # invalid: counted (exclude)
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
    for k, (a, b) in enumerate(itertools.pairwise(bounds)):
        chunk = rows[a:b]
        if fmt == "csv":
            write_csv(folder / f"part-{k:03d}.csv", [HEAD, *chunk])
            continue
        columns = list(zip(*chunk, strict=True))
        arrays = [
            pa.array([str(v) for v in column])
            if j < 3 or j in (5, 7)
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


def analyze_json(given: Parts, **options: Any) -> dict[str, Any]:
    survey = load_survey(given, LoadOptions(**(READ | options)))
    out = envelope(analyze(survey, SETTINGS))
    del out["input"]
    return dict(json.loads(json.dumps(out)))


def test_analyze_on_parts_with_waves_pools_them_as_the_whole_read_does(
    survey: dict[str, Path],
) -> None:
    whole = analyze_json(parts(survey, "company", "customers"))
    streamed = analyze_json(parts(survey, "company_parts", "customer_parts"), batch_rows=7)
    assert streamed == whole
    assert whole["headline"]["n_customers"] == 80 + 95 + 70  # every wave, pooled


def refusal(given: Parts, survey: dict[str, Path]) -> str:
    """The message of ``cxgap trend`` on ``given``, its paths shown by role."""
    with pytest.raises(CxgapError) as caught:
        trend_json(given, batch_rows=7)
    said = str(caught.value)
    for name in ("company_parts", "customer_parts", "company", "customers", "items"):
        said = said.replace(str(survey[name]), name.split("_")[0].rstrip("s"))
    return said


def rewrite(survey: dict[str, Path], root: Path, name: str, change: Any) -> dict[str, Path]:
    """The survey with sample ``name``'s rows changed, written whole and as parts."""
    with survey[name].open(encoding="utf-8") as handle:
        head, *rows = list(csv.reader(handle))
    head, rows = change(head, rows)
    root.mkdir()
    whole = write_csv(root / f"{name}.csv", [head, *rows])
    folder = root / f"{name}_parts"
    folder.mkdir()
    third = -(-len(rows) // 3)
    for k in range(3):  # in the whole file's order: the sums add in the same order
        write_csv(folder / f"part-{k}.csv", [head, *rows[k * third : (k + 1) * third]])
    changed = survey | {
        name: whole,
        f"{'company' if name == 'company' else 'customer'}_parts": folder,
    }
    return changed


def _drop_q2(head: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    return head, [r for r in rows if r[1] != "2026Q2"]


def _no_wave(head: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    return [h for j, h in enumerate(head) if j != 1], [r[:1] + r[2:] for r in rows]


@pytest.mark.parametrize(
    ("sample", "change", "message"),
    [
        ("company", _drop_q2, "wave 2026Q2 has no company respondents"),
        ("customers", _no_wave, "the customers sheet has no wave column"),
    ],
    ids=["a wave without staff", "no wave column in one sample"],
)
def test_a_refusal_of_the_whole_read_is_the_parts_refusal(
    survey: dict[str, Path],
    tmp_path: Path,
    sample: str,
    change: Callable[[list[str], list[list[str]]], tuple[list[str], list[list[str]]]],
    message: str,
) -> None:
    changed = rewrite(survey, tmp_path / "w", sample, change)
    whole = refusal(parts(changed, "company", "customers"), changed)
    assert refusal(parts(changed, "company_parts", "customer_parts"), changed) == whole
    assert message in whole


def test_respondents_without_a_wave_are_left_out_and_counted(
    survey: dict[str, Path], tmp_path: Path
) -> None:
    def blank(head: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        return head, [[r[0], "" if k % 10 == 4 else r[1], *r[2:]] for k, r in enumerate(rows)]

    changed = rewrite(survey, tmp_path / "w", "customers", blank)
    whole = trend_json(parts(changed, "company", "customers"))
    streamed = trend_json(parts(changed, "company_parts", "customer_parts"), batch_rows=7)
    left_out = "25 respondent(s) without a wave left out"
    assert whole["warnings"] == [f"{changed['customers']}: {left_out}"]
    assert streamed["warnings"] == [f"{changed['customer_parts']}: {left_out}"]
    whole["warnings"] = streamed["warnings"] = []
    assert streamed == whole


def test_an_id_in_two_waves_is_refused_as_the_whole_read_refuses_it(
    survey: dict[str, Path], tmp_path: Path
) -> None:
    def reuse(head: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        other = next(r for r in rows if r[1] != rows[0][1])
        other[0] = rows[0][0]  # one id in two waves: the whole read checks the sample
        return head, rows

    changed = rewrite(survey, tmp_path / "w", "company", reuse)
    for given in (
        parts(changed, "company", "customers"),
        parts(changed, "company_parts", "customer_parts"),
    ):
        assert "appears twice" in refusal(given, changed)


def test_the_cli_compares_the_waves_of_one_parts_input(survey: dict[str, Path]) -> None:
    result = CliRunner().invoke(
        app,
        ["trend", "--items", str(survey["items"]), "--company", str(survey["company_parts"]),
         "--customers", str(survey["customer_parts"]), "--on-invalid", "exclude",
         "--non-answers", "n/a", "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    del out["input"]
    assert out == trend_json(parts(survey, "company", "customers"), settings=Settings())


def test_each_wave_counts_the_exclusions_of_its_own_rows(
    survey: dict[str, Path], tmp_path: Path
) -> None:
    """Each wave lists its respondents' exclusions, as one file per wave does; together they
    are the input's."""
    inputs = []
    for wave in WAVES:
        files = {}
        for name in ("company", "customers"):
            with survey[name].open(encoding="utf-8") as handle:
                head, *rows = list(csv.reader(handle))
            files[name] = write_csv(
                tmp_path / f"{name}-{wave}.csv", [head, *(r for r in rows if r[1] == wave)]
            )
        given = Parts(items=survey["items"], company=files["company"], customers=files["customers"])
        inputs.append((wave, load_survey(given, LoadOptions(**READ))))
    per_file = json.loads(render_trend(trend(inputs, SETTINGS)))
    one_input = trend_json(parts(survey, "company_parts", "customer_parts"), batch_rows=7)
    assert one_input["exclusions"] == per_file["exclusions"]
    assert one_input["rows"] == per_file["rows"] and one_input["headline"] == per_file["headline"]
    pooled = analyze_json(parts(survey, "company", "customers"))["exclusions"]
    total: dict[tuple[str, str, str], int] = {}
    for e in per_file["exclusions"]:
        key = (e["sample"], e["item"], e["reason"])
        total[key] = total.get(key, 0) + e["count"]
    assert total == {(e["sample"], e["item"], e["reason"]): e["count"] for e in pooled}
    assert {e["reason"] for e in pooled} == {"blank", "missing_code", "non_substantive", "invalid"}
