"""SPEC 6 through the CLI: kind in the codebook, --metric, --outcome, --rank-by, the reports'
Fix first and NPS, and the mergeable pair sums behind importance."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cxgap.cli import app
from cxgap.stats._importance import importances, pair_sums
from cxgap.stats._means import mean_shares, nps_sides, nps_sums
from cxgap.stats._sums import Sums, group_sums

DRIVERS = Path(__file__).parent / "reference" / "fixtures" / "drivers"


def drivers_copy(tmp_path: Path, items: str | None = None) -> Path:
    folder = tmp_path / "drivers"
    shutil.copytree(DRIVERS, folder)
    if items is not None:
        (folder / "items.csv").write_text(items, encoding="utf-8")
    return folder


def edited_items(replace: tuple[str, str]) -> str:
    text = (DRIVERS / "items.csv").read_text("utf-8")
    assert replace[0] in text
    return text.replace(*replace)


def run(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, ["analyze", *args])
    return result


def test_an_unknown_kind_names_its_cell(runner: CliRunner, tmp_path: Path) -> None:
    folder = drivers_copy(
        tmp_path, edited_items(("Question o1,,,,,outcome", "Question o1,,,,,driver"))
    )
    result = run(runner, str(folder), "-f", "json")
    assert result.exit_code == 2
    assert "kind is 'driver'" in result.stderr and "items.csv" in result.stderr
    assert "I9" in result.stderr or "row 9" in result.stderr
    assert all(kind in result.stderr.split("'driver'")[1] for kind in ("score", "outcome", "nps"))


def test_an_nps_item_must_run_from_0_to_10(runner: CliRunner, tmp_path: Path) -> None:
    folder = drivers_copy(
        tmp_path, edited_items(("Question n1,0,10,,,nps", "Question n1,1,10,,,nps"))
    )
    result = run(runner, str(folder))
    assert result.exit_code == 2
    assert "an nps item runs from 0 to 10, not 1-10" in result.stderr


def test_several_outcomes_ask_for_outcome(runner: CliRunner, tmp_path: Path) -> None:
    folder = drivers_copy(tmp_path, edited_items(("Question d07,,,,,", "Question d07,,,,,outcome")))
    result = run(runner, str(folder))
    assert result.exit_code == 2
    assert "several items as kind outcome (d07, o1)" in result.stderr
    assert "--outcome ITEM" in result.stderr
    chosen = run(runner, str(folder), "--outcome", "o1", "-f", "json")
    assert chosen.exit_code == 0, chosen.stderr
    assert json.loads(chosen.stdout)["settings"]["outcome"] == "o1"


def test_an_unknown_outcome_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, str(DRIVERS), "--outcome", "q99")
    assert result.exit_code == 2
    assert "--outcome q99: no such item in the codebook" in result.stderr


def test_outcome_can_be_any_item(runner: CliRunner) -> None:
    """--outcome d01: d01 leaves the rows and every other row gets importance against it."""
    data = json.loads(run(runner, str(DRIVERS), "--outcome", "d01", "-f", "json", "-q").stdout)
    items = {r["group"]["item"] for r in data["rows"] if r["group_by"] == ["item"]}
    assert "d01" not in items and "o1" not in items
    d04 = next(r for r in data["rows"] if r["group"].get("item") == "d04")
    assert d04["importance"] is not None and d04["importance"] != 0


def test_metric_mean_uses_t_intervals_and_says_so(runner: CliRunner) -> None:
    data = json.loads(run(runner, str(DRIVERS), "--metric", "mean", "-f", "json", "-q").stdout)
    assert data["settings"]["metric"] == "mean"
    head = data["headline"]
    assert head["company_ci_method"] == "t" and head["n_eff_company"] is None
    low, high = head["company_ci_pp"]
    assert low < head["company_pct"] < high
    assert abs((low + high) / 2 - head["company_pct"]) < 1e-9  # symmetric: no logit


def test_rank_by_priority(runner: CliRunner) -> None:
    data = json.loads(run(runner, str(DRIVERS), "--rank-by", "priority", "-f", "json", "-q").stdout)
    items = sorted(
        (r for r in data["rows"] if r["group_by"] == ["item"] and r["rank"] is not None),
        key=lambda r: r["rank"],
    )
    priorities = [r["priority"] for r in items]
    assert priorities == sorted(priorities, reverse=True) and len(priorities) >= 4
    gaps = [r["gap_pp"] for r in items]
    assert gaps != sorted(gaps, reverse=True)  # a different order from --rank-by gap


def test_quadrants_follow_the_median(runner: CliRunner) -> None:
    data = json.loads(run(runner, str(DRIVERS), "-f", "json", "-q").stdout)
    for level in (["item"], ["touchpoint"], ["category"]):
        rows = [r for r in data["rows"] if r["group_by"] == level and not r["split"]]
        known = sorted(r["importance"] for r in rows if r["importance"] is not None)
        median = float(np.median(known))
        for r in rows:
            positive = r["gap_pp"] is not None and r["gap_pp"] > 0
            important = r["importance"] is not None and r["importance"] >= median
            want = (
                ("fix_first" if r["significant"] and important else "monitor")
                if positive
                else ("strength" if r["significant"] and r["gap_pp"] < 0 else "aligned")
            )
            assert r["quadrant"] == want, r["group"]


def test_without_an_outcome_the_fields_are_null(runner: CliRunner, tmp_path: Path) -> None:
    folder = drivers_copy(tmp_path, edited_items(("Question o1,,,,,outcome", "Question o1,,,,,")))
    data = json.loads(run(runner, str(folder), "-f", "json", "-q").stdout)
    assert data["settings"]["outcome"] is None
    assert all(r["importance"] is None and r["quadrant"] is None for r in data["rows"])
    items = {r["group"]["item"] for r in data["rows"] if r["group_by"] == ["item"]}
    assert "o1" in items  # a plain score again
    table = run(runner, str(folder), "-f", "table").stdout
    assert "Fix first" not in table


def test_the_table_opens_with_fix_first_and_shows_nps(runner: CliRunner) -> None:
    out = run(runner, str(DRIVERS), "-f", "table", "-q").stdout
    lines = out.splitlines()
    first = next(k for k, line in enumerate(lines) if line.startswith("Fix first"))
    assert first < next(k for k, line in enumerate(lines) if line.startswith("╭─ Delivery gap"))
    assert lines[first + 1].split()[:7] == ["+24.4", "pp", "x", "r", "0.36", "=", "8.7"]
    assert "NPS (n1): staff predict +13, customers say -71: gap +83.7*" in out
    md = run(runner, str(DRIVERS), "-f", "markdown", "-q").stdout
    assert md.splitlines()[2] == "## Fix first"
    assert "| 1 | web · speed [touchpoint + category] | +24.4 | 0.36 | 8.7 |" in md


def test_csv_carries_nps_lines(runner: CliRunner) -> None:
    out = run(runner, str(DRIVERS), "-f", "csv", "-q").stdout
    header, *lines = out.splitlines()
    columns = header.split(",")
    nps = [dict(zip(columns, line.split(","), strict=True)) for line in lines if line[:4] == "nps,"]
    assert len(nps) == 1 and nps[0]["group.item"] == "n1"
    assert float(nps[0]["company_nps"]) == float("12.915129151291513")
    assert float(nps[0]["promoters_pct"]) > 0 and nps[0]["gap_ci_low"]


def test_pair_sums_merge_across_chunks() -> None:
    rng = np.random.default_rng(7)
    scores = np.where(rng.random((300, 4)) < 0.3, np.nan, rng.integers(1, 6, (300, 4)) * 1.0)
    outcome = np.where(rng.random(300) < 0.2, np.nan, rng.random(300))
    weights = rng.integers(1, 17, 300) / 8.0
    membership = np.array([[1, 0, 1], [1, 0, 1], [0, 1, 1], [0, 1, 1]], dtype=float)
    rescale = (np.ones(4), np.full(4, 4.0))
    parts = np.zeros(300, dtype=np.intp)

    def sums(rows: slice) -> Any:
        return pair_sums(
            scores[rows], rescale, outcome[rows], weights[rows], membership, parts[rows], 1
        )

    whole, merged = sums(slice(None)), sums(slice(0, 111)) + sums(slice(111, None))
    for a, b in zip(importances(whole, 0.95), importances(merged, 0.95), strict=True):
        assert a.n == b.n and a.r is not None and b.r is not None
        assert abs(a.r - b.r) < 1e-12


def test_mean_metric_reads_as_points(runner: CliRunner) -> None:
    """The R-pinned drivers_mean headline (69.93 vs 41.93, gap 28.00 [21.8, 34.2]) as
    Markdown and the table show it: a 0-100 score and a gap in points, not a share."""
    md = run(runner, str(DRIVERS), "--metric", "mean", "-f", "markdown", "-q").stdout
    assert "**Company 69.9 · Customers 41.9 · Delivery gap +28.0 pts [21.8, 34.2]**" in md
    assert "Score = mean answer rescaled to 0-100 on its item's scale; gaps in points" in md
    table = run(runner, str(DRIVERS), "--metric", "mean", "-f", "table", "-q").stdout
    assert "Company 69.9  ·  Customers 41.9  ·  Delivery gap +28.0 pts [21.8, 34.2]" in table
    assert "Gap pt" in table


def test_trend_takes_metric_mean(runner: CliRunner) -> None:
    waves = Path(__file__).parents[1] / "sample_data" / "waves"
    args = ["trend", str(waves / "2026Q2.xlsx"), str(waves / "2026Q3.xlsx"), "--metric", "mean"]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["settings"]["metric"] == "mean"
    top = runner.invoke(app, [*args[:3], "-f", "json"])
    assert json.loads(top.stdout)["headline"]["change_pp"] != data["headline"]["change_pp"]
    assert [n["item"] for n in data["nps"]] == ["q26"]  # NPS does not depend on the metric
    assert data["nps"] == json.loads(top.stdout)["nps"]


def test_stats_refuse_an_nps_item_off_the_0_10_scale() -> None:
    """Whatever the loader let through, NPS is only defined on 0-10 answers."""
    from dataclasses import replace

    import pytest

    from cxgap.errors import InputError
    from cxgap.load import load_survey
    from cxgap.model import Settings
    from cxgap.stats import analyze

    survey = load_survey(DRIVERS)
    items = tuple(
        replace(i, scale_min=1.0) if i.kind == "nps" else i for i in survey.codebook.items
    )
    odd = replace(survey, codebook=replace(survey.codebook, items=items))
    with pytest.raises(InputError, match="item n1 is of kind nps but its scale is 1-10"):
        analyze(odd, Settings())


def test_rank_by_priority_needs_an_outcome(runner: CliRunner, tmp_path: Path) -> None:
    folder = drivers_copy(tmp_path, edited_items(("Question o1,,,,,outcome", "Question o1,,,,,")))
    result = run(runner, str(folder), "--rank-by", "priority")
    assert result.exit_code == 2
    assert "--rank-by priority needs an outcome" in result.stderr


def test_trend_leaves_the_outcome_out_of_its_rows(runner: CliRunner) -> None:
    waves = Path(__file__).parents[1] / "sample_data" / "waves"
    args = ["trend", str(waves / "2026Q2.xlsx"), str(waves / "2026Q3.xlsx"), "-f", "json"]
    result = runner.invoke(app, [*args, "--outcome", "q01"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    items = {r["group"]["item"] for r in data["rows"] if r["group_by"] == ["item"]}
    assert "q01" not in items and "q02" in items and data["settings"]["outcome"] == "q01"


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 60), weighted=st.booleans())
@settings(max_examples=60, deadline=None)
def test_means_and_nps_stay_in_range_and_merge(seed: int, n: int, weighted: bool) -> None:
    """A mean lies in 0-1 and inside its t interval, NPS in -1..1, and the mean metric's sums
    of two chunks of respondents equal one pass."""
    rng = np.random.default_rng(seed)
    scores = np.where(rng.random((n, 3)) < 0.3, np.nan, rng.integers(0, 11, (n, 3)) * 1.0)
    weights = rng.integers(1, 33, n) / 8.0 if weighted else np.ones(n)
    membership = np.array([[1.0, 1.0], [0.0, 1.0], [0.0, 1.0]])
    rescale = (np.zeros(3), np.full(3, 10.0))
    parts = np.zeros(n, dtype=np.intp)

    def sums(rows: slice) -> Sums:
        args = (weights[rows], membership, parts[rows], 1, rescale)
        return group_sums(scores[rows], np.full(3, 9.0), *args)

    cut = n // 2
    for whole, merged in zip(
        mean_shares(sums(slice(None)), 0.95),
        mean_shares(sums(slice(0, cut)) + sums(slice(cut, None)), 0.95),
        strict=True,
    ):
        assert (whole.p is None) == (merged.p is None)
        if whole.p is None or merged.p is None:
            continue
        assert 0.0 <= whole.p <= 1.0 and abs(whole.p - merged.p) < 1e-12
        if whole.ci is not None:
            assert whole.ci[0] <= whole.p <= whole.ci[1]
    one = nps_sums(scores[:, :1], weights)
    (side,) = nps_sides(one, one, 0.95)
    for share in (side.company, side.customers):
        assert share.p is None or -1.0 <= share.p <= 1.0


def test_the_table_shows_the_priority_it_ranks_by(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["analyze", str(DRIVERS), "--rank-by", "priority", "--by", "touchpoint", "-f", "table"],
        env={"COLUMNS": "100", "NO_COLOR": "1"},
    )
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "touchpoint" in line and "Company" in line)
    assert header.split()[-1] == "prio"
    first = lines[lines.index(header) + 2].split()
    assert first[:2] == ["1", "store"] and first[-1] == "8.3"
    app_line = next(line for line in lines if line.split()[1:2] == ["app"])
    assert app_line.split()[-1] == "-19.1"  # -30.8 pp x r 0.62: not cut
