"""Golden files: the sample's analyze and trend reports in every text format, pinned.

Regenerate after an intended change with ``CXGAP_UPDATE_GOLDEN=1 make test`` and review the diff.
Table and Markdown are compared byte for byte (their numbers are rounded); JSON and CSV number
by number at 1e-9 relative, so that a last-bit difference between BLAS builds is no failure.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import ROOT, assert_close
from cxgap.cli import app

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CXGAP_UPDATE_GOLDEN") == "1"
RELATIVE = 1e-9
SAMPLE = ["analyze", "sample_data/survey.xlsx"]
WAVES = ["trend", "sample_data/waves/2026Q2.xlsx", "sample_data/waves/2026Q3.xlsx"]
CASES = {
    "analyze.txt": [*SAMPLE, "-f", "table"],
    "analyze.json": [*SAMPLE, "-f", "json"],
    "analyze.csv": [*SAMPLE, "-f", "csv"],
    "analyze.md": [*SAMPLE, "-f", "markdown"],
    "analyze-role.txt": [
        *SAMPLE,
        "-f",
        "table",
        "--split",
        "role",
        "--by",
        "touchpoint",
        "--by",
        "category",
    ],
    "trend.txt": [*WAVES, "-f", "table"],
    "trend.json": [*WAVES, "-f", "json"],
    "trend.csv": [*WAVES, "-f", "csv"],
    "trend.md": [*WAVES, "-f", "markdown", "--by", "touchpoint"],
    # SPEC 10: the SERVQUAL sample (expectation items paired with the experience)
    "servqual.json": ["analyze", "sample_data/servqual.xlsx", "-f", "json", "--split", "role"],
    "servqual.txt": ["analyze", "sample_data/servqual.xlsx", "-f", "table", "--metric", "mean"],
    "servqual.md": ["analyze", "sample_data/servqual.xlsx", "-f", "markdown", "--metric", "mean"],
    "servqual-trend.json": ["trend", "sample_data/servqual_waves/2026Q2.xlsx",
                            "sample_data/servqual_waves/2026Q3.xlsx", "-f", "json"],
    # SPEC 9: consistency across channels (a codebook column) and regions (a customers' one)
    "analyze-consistency.txt": [*SAMPLE, "-f", "table", "--consistency", "channel"],
    "analyze-consistency.json": [*SAMPLE, "-f", "json", "--consistency", "channel"],
    "analyze-consistency-region.md": [
        *SAMPLE,
        "-f",
        "markdown",
        "--consistency",
        "region",
        "--by",
        "touchpoint",
    ],
    "trend-consistency.md": [
        *WAVES,
        "-f",
        "markdown",
        "--by",
        "touchpoint",
        "--consistency",
        "channel",
    ],
}  # fmt: skip


def run(runner: CliRunner, args: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    actual = run(runner, CASES[name], monkeypatch)
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if name.endswith(".json"):
        assert_close(json.loads(actual), json.loads(expected), "$", rel=RELATIVE)
    elif name.endswith(".csv"):
        assert_close(_csv(actual), _csv(expected), "csv", rel=RELATIVE)
    else:
        assert actual == expected


def _csv(text: str) -> list[dict[str, Any]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    return [{k: _maybe_float(v) for k, v in row.items()} for row in rows]


def _maybe_float(value: str) -> Any:
    try:
        return float(value)
    except ValueError:
        return value


def test_assert_close_catches_a_wrong_number() -> None:
    with pytest.raises(AssertionError, match=r"\$.rows\[0\].gap_pp"):
        assert_close(
            {"rows": [{"gap_pp": 72.000001}]}, {"rows": [{"gap_pp": 72.0}]}, "$", rel=RELATIVE
        )
