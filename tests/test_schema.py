"""The JSON Schemas shipped in the package accept real output and reject a broken one."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import SAMPLE, write_workbook
from cxgap.cli import app


def schema(name: str) -> dict[str, Any]:
    text = resources.files("cxgap.schema").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def output(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_analyze_output_matches_its_schema(runner: CliRunner) -> None:
    data = output(runner, "analyze", str(SAMPLE), "--split", "role", "--split", "region")
    jsonschema.validate(data, schema("report.schema.json"))


def test_edge_cases_match_the_schema(runner: CliRunner, tmp_path: Path) -> None:
    items = [("item", "touchpoint", "category"), ("q1", "store", "x"), ("q2", "web", "y"),
             ("q3", "app", "z")]  # fmt: skip
    company = [("q1", "q2", "q3"), (5, 5, 5), (5, 5, 4), (5, 5, 5)]
    customers = [("q1", "q2"), (5, 1), (4, 2), (5, 1)]  # q3 only in company: one-sided
    path = write_workbook(
        tmp_path / "s.xlsx", {"items": items, "company": company, "customers": customers}
    )
    data = output(runner, "analyze", str(path))
    assert any(row["gap_ci_method"] == "newcombe" for row in data["rows"])  # q2: 100% vs 0%
    assert any(row["rank"] is None for row in data["rows"])  # q3 has no gap
    jsonschema.validate(data, schema("report.schema.json"))


def test_trend_output_matches_its_schema(runner: CliRunner) -> None:
    waves = SAMPLE.parent / "waves"
    data = output(runner, "trend", str(waves / "2026Q2.xlsx"), str(waves / "2026Q3.xlsx"))
    jsonschema.validate(data, schema("trend.schema.json"))


def test_the_schema_rejects_a_renamed_field(runner: CliRunner) -> None:
    data = output(runner, "analyze", str(SAMPLE))
    data["headline"]["gap"] = data["headline"].pop("gap_pp")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema("report.schema.json"))
