"""cxgap trend: waves from files or a wave column, baselines, codebook drift and the gate."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
from typer.testing import CliRunner

from conftest import SAMPLE, write_workbook
from cxgap.cli import app

WAVES = SAMPLE.parent / "waves"
ITEMS = [("item", "touchpoint", "category"), ("q1", "store", "consumable"),
         ("q2", "store", "luxury"), ("q3", "after-sales", "durable")]  # fmt: skip


def wave_tables(seed: int, wave: str | None, customer_top: float, n: int = 300) -> dict[str, Any]:
    """A random wave: staff mostly top box, customers top box with probability customer_top."""
    rng = np.random.default_rng(seed)
    head = ["respondent_id", *(["wave"] if wave else []), "q1", "q2", "q3"]
    tag = [wave] if wave else []

    def answers(p: float, size: int) -> list[list[object]]:
        top = rng.random((size, 3)) < p
        return np.where(top, 5, rng.integers(1, 5, (size, 3))).tolist()

    company = [head] + [[f"S{wave}{i}", *tag, *a] for i, a in enumerate(answers(0.8, 40))]
    customers = [head] + [[f"C{wave}{i}", *tag, *a] for i, a in enumerate(answers(customer_top, n))]
    return {"items": ITEMS, "company": company, "customers": customers}


def run(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, ["trend", *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def rows(data: dict[str, Any], *level: str) -> dict[str, Any]:
    return {
        "/".join(r["group"].values()): r
        for r in data["rows"]
        if r["group_by"] == list(level) and not r["split"]
    }


def test_sample_waves_after_sales_narrows(runner: CliRunner) -> None:
    data = run(runner, str(WAVES / "2026Q2.xlsx"), str(WAVES / "2026Q3.xlsx"))
    assert data["waves"] == ["2026Q2", "2026Q3"]
    touch = rows(data, "touchpoint")
    assert touch["after-sales"]["direction"] == "narrowed"
    assert [r["direction"] for k, r in touch.items() if k != "after-sales"] == ["steady"] * 5
    ranked = sorted(touch.values(), key=lambda r: r["rank"])
    assert [r["change_pp"] for r in ranked] == sorted(
        (r["change_pp"] for r in ranked), reverse=True
    )
    head = data["headline"]
    assert [w["wave"] for w in head["by_wave"]] == ["2026Q2", "2026Q3"]
    assert math.isclose(
        head["change_pp"], head["by_wave"][1]["gap_pp"] - head["by_wave"][0]["gap_pp"]
    )


def test_change_follows_the_four_sample_formula(runner: CliRunner) -> None:
    data = run(runner, str(WAVES / "2026Q2.xlsx"), str(WAVES / "2026Q3.xlsx"))
    q2 = json.loads(
        runner.invoke(app, ["analyze", str(WAVES / "2026Q2.xlsx"), "-f", "json"]).stdout
    )
    q3 = json.loads(
        runner.invoke(app, ["analyze", str(WAVES / "2026Q3.xlsx"), "-f", "json"]).stdout
    )

    def touch(report: dict[str, Any]) -> dict[str, Any]:
        return next(r for r in report["rows"] if r["group"] == {"touchpoint": "after-sales"})

    a, b = touch(q2), touch(q3)
    ses = [a["company_se_pp"], a["customer_se_pp"], b["company_se_pp"], b["customer_se_pp"]]
    ns = [a["n_company"], a["n_customers"], b["n_company"], b["n_customers"]]
    df = sum(s * s for s in ses) ** 2 / sum(s**4 / (n - 1) for s, n in zip(ses, ns, strict=True))
    row = rows(data, "touchpoint")["after-sales"]
    assert math.isclose(row["change_pp"], b["gap_pp"] - a["gap_pp"], rel_tol=1e-12)
    assert math.isclose(
        row["change_se_pp"], math.hypot(a["gap_se_pp"], b["gap_se_pp"]), rel_tol=1e-12
    )
    assert math.isclose(row["df"], df, rel_tol=1e-12)


def test_a_wave_column_in_one_file_equals_one_file_per_wave(
    runner: CliRunner, tmp_path: Path
) -> None:
    a, b = wave_tables(1, "2026Q1", 0.3), wave_tables(2, "2026Q2", 0.5)
    combined = {
        "items": ITEMS,
        "company": a["company"] + b["company"][1:],
        "customers": a["customers"] + b["customers"][1:],
    }
    one = write_workbook(tmp_path / "all.xlsx", combined)
    first = write_workbook(tmp_path / "first.xlsx", a)
    second = write_workbook(tmp_path / "second.xlsx", b)
    single = run(runner, str(one))
    pair = run(runner, str(first), str(second))
    assert single["waves"] == pair["waves"] == ["2026Q1", "2026Q2"]
    assert single["rows"] == pair["rows"]
    assert single["headline"]["direction"] == "narrowed"


def test_three_waves_and_baseline_first(runner: CliRunner, tmp_path: Path) -> None:
    paths = [
        str(write_workbook(tmp_path / f"w{i}.xlsx", wave_tables(i, None, top)))
        for i, top in enumerate((0.2, 0.3, 0.6))
    ]
    previous = run(runner, *paths)
    first = run(runner, *paths, "--baseline", "first")
    assert previous["waves"] == ["w0", "w1", "w2"]
    gaps = [w["gap_pp"] for w in first["headline"]["by_wave"]]
    assert math.isclose(first["headline"]["change_pp"], gaps[2] - gaps[0])
    assert math.isclose(previous["headline"]["change_pp"], gaps[2] - gaps[1])
    assert first["settings"]["baseline"] == "first"
    table = runner.invoke(app, ["trend", *paths, "-f", "table"]).stdout
    assert "▁" in table or "█" in table  # a sparkline for three waves


def test_codebook_drift_is_a_warning_and_the_item_is_left_out(
    runner: CliRunner, tmp_path: Path
) -> None:
    a, b = wave_tables(1, None, 0.3), wave_tables(2, None, 0.3)
    b["customers"] = [row[:-1] for row in b["customers"]]  # q3 not asked in wave 2
    paths = [str(write_workbook(tmp_path / f"{n}.xlsx", t)) for n, t in (("a", a), ("b", b))]
    result = runner.invoke(app, ["trend", *paths, "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (
        "item q3 is not compared in every wave (missing in b): left out of the trend"
        in (data["warnings"])
    )
    assert sorted(rows(data, "item")) == ["q1", "q2"]
    assert "q3" in result.stderr


def test_mixed_waves_in_one_of_several_inputs_is_an_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    a, b = wave_tables(1, "2026Q1", 0.3), wave_tables(2, "2026Q2", 0.5)
    mixed = {"items": ITEMS, "company": a["company"] + b["company"][1:],
             "customers": a["customers"] + b["customers"][1:]}  # fmt: skip
    one = write_workbook(tmp_path / "mixed.xlsx", mixed)
    other = write_workbook(tmp_path / "other.xlsx", wave_tables(3, "2026Q3", 0.5))
    result = runner.invoke(app, ["trend", str(one), str(other)])
    assert result.exit_code == 2
    assert "holds several waves (2026Q1, 2026Q2)" in result.stderr


def test_max_widening_gate(runner: CliRunner, tmp_path: Path) -> None:
    paths = [
        str(write_workbook(tmp_path / f"w{i}.xlsx", wave_tables(i, None, top, n=600)))
        for i, top in enumerate((0.6, 0.2))
    ]
    data = run(runner, *paths)
    assert data["headline"]["direction"] == "widened" and data["headline"]["change_pp"] > 20
    widest = max(r["change_pp"] for r in [data["headline"], *data["rows"]])
    failing = runner.invoke(app, ["trend", *paths, "--max-widening", "10"])
    passing = runner.invoke(app, ["trend", *paths, "--max-widening", f"{widest + 0.1:.1f}"])
    assert failing.exit_code == 1
    assert "gate failed: --max-widening 10: all items widened by" in failing.stderr
    assert passing.exit_code == 0


def test_a_single_wave_is_an_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["trend", str(SAMPLE)])
    assert result.exit_code == 2
    assert "only one wave (2026Q3)" in result.stderr


def test_input_paths_are_reported_as_given_even_with_brackets(tmp_path: Path) -> None:
    """The paths are carried as data, not recovered from a display label (`w [final]`)."""
    folder = tmp_path / "w [final]"
    folder.mkdir()
    paths = []
    for name in ("2026Q2.xlsx", "2026Q3.xlsx"):
        (folder / name).write_bytes((WAVES / name).read_bytes())
        paths.append(str(folder / name))
    report = run(CliRunner(), *paths)
    assert report["input"]["path"] == paths
    assert len(set(report["input"]["sha256"])) == 2
