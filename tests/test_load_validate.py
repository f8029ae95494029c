"""``cxgap validate`` prints what was read, and exits 0 on the sample, 2 on bad input."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import SAMPLE
from cxgap.cli import app
from load_builders import refused, with_customers, xlsx


def test_validate_the_sample(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(SAMPLE)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"{SAMPLE}: OK\n")
    assert "items        26 (6 touchpoints, 3 categories, outcome q25, nps q26)" in out
    assert "touchpoints  after-sales, app, delivery, phone support, store, web" in out
    assert "categories   consumable, durable, luxury" in out
    assert f"company      {SAMPLE}!company\n" in out
    assert "               60 respondents, 26 items, unweighted" in out
    assert f"customers    {SAMPLE}!customers\n" in out
    assert "               3,000 respondents, 26 items, weighted" in out
    assert "1,560 cells: 1,546 valid; 14 non_substantive" in out
    assert "78,000 cells: 37,641 valid; 39,814 blank, 494 non_substantive, 51 missing_code" in out


def test_validate_counts_excluded_invalid_cells(runner: CliRunner, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "survey.xlsx", with_customers((1, "x", 2, None), (1, 4, "N/A", 9)))
    refused(runner.invoke(app, ["validate", str(path)]), "2 cells cannot be read as answers")
    result = runner.invoke(app, ["validate", str(path), "--on-invalid", "exclude"])
    assert result.exit_code == 0, result.stderr
    assert "10 respondents, 3 items, weighted" in result.stdout
    assert "30 cells: 26 valid; 1 blank, 1 non_substantive, 2 invalid" in result.stdout
