"""The notebook API: ``cxgap.analyze`` and ``cxgap.trend`` return the reports the CLI renders;
``.to_json()`` is the CLI's JSON byte for byte, ``.to_pandas()`` the JSON's rows; the README's
notebook example runs as printed; and ``import cxgap`` stays light."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cxgap
from conftest import ROOT, SAMPLE
from cxgap.cli import app
from cxgap.errors import CxgapError, UsageError

WAVES = [ROOT / "sample_data" / "waves" / f"{w}.xlsx" for w in ("2026Q2", "2026Q3")]
README = ROOT / "README.md"
EXAMPLE = re.compile(
    r"<!-- notebook example: [^>]*-->\n```python\n(?P<code>.*?)```\n\n```text\n(?P<out>.*?)```",
    re.S,
)


def _cli(args: list[str]) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_import_cxgap_loads_no_numerical_library() -> None:
    code = (
        "import sys, cxgap\n"
        "assert callable(cxgap.analyze) and callable(cxgap.trend)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'numpy', 'scipy'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_to_json_is_the_cli_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = cxgap.analyze("sample_data/survey.xlsx")
    assert result.to_json() == _cli(["analyze", "sample_data/survey.xlsx", "-f", "json"])


def test_options_are_the_cli_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = cxgap.analyze(
        "sample_data/survey.xlsx",
        by="touchpoint+category",
        split=["role"],
        top=2,
        confidence=0.9,
        alpha=0.1,
        min_base=20,
        weights=False,
        missing="-99",
    )
    args = ["--by", "touchpoint+category", "--split", "role", "--top", "2", "--confidence"]
    args += ["0.9", "--alpha", "0.1", "--min-base", "20", "--no-weights", "--missing=-99"]
    assert result.to_json() == _cli(["analyze", "sample_data/survey.xlsx", "-f", "json", *args])


def test_to_pandas_holds_the_json_rows() -> None:
    result = cxgap.analyze(SAMPLE, by=["touchpoint", "category"])
    rows = json.loads(result.to_json())["rows"]
    frame = result.to_pandas()
    assert len(frame) == len(rows) == len(result.rows) == 9
    assert {"group.touchpoint", "group.category", "gap_ci_low_pp", "q_value"} <= set(frame)
    for (_, line), row in zip(frame.iterrows(), rows, strict=True):
        assert line["group_by"] == "+".join(row["group_by"])
        label = line["group." + row["group_by"][0]]
        assert label == next(iter(row["group"].values()))
        for field in ("company_pct", "customer_pct", "gap_pp", "p_value", "q_value", "df"):
            assert line[field] == row[field]
        assert [line["gap_ci_low_pp"], line["gap_ci_high_pp"]] == row["gap_ci_pp"]
        assert line["n_customers"] == row["n_customers"] and line["rank"] == row["rank"]
        assert line["significant"] == row["significant"]


def test_trend_is_the_cli_trend() -> None:
    result = cxgap.trend(WAVES, by="touchpoint", baseline="first")
    args = ["trend", *map(str, WAVES), "-f", "json", "--by", "touchpoint", "--baseline", "first"]
    assert result.to_json() == _cli(args)
    assert result.waves == ("2026Q2", "2026Q3") and result.headline.direction == "steady"
    frame = result.to_pandas()
    assert list(frame["2026Q3.gap_pp"]) == [r.by_wave[-1].gap_pp for r in result.rows]


def test_save_writes_any_format_and_never_over_an_input(tmp_path: Path) -> None:
    result = cxgap.analyze(SAMPLE, by="touchpoint")
    deck = result.save(tmp_path / "deck.pptx")
    assert deck.read_bytes()[:2] == b"PK"
    assert result.save(tmp_path / "rows.txt", format="csv").read_text().startswith("group_by,")
    with pytest.raises(UsageError, match="would overwrite the input"):
        result.save(SAMPLE)


def test_bad_input_and_bad_options_raise_cxgap_errors(tmp_path: Path) -> None:
    with pytest.raises(CxgapError, match="no such file or folder"):
        cxgap.analyze(tmp_path / "nope.xlsx")
    with pytest.raises(UsageError, match=r"confidence=1.5 is out of range \(use between"):
        cxgap.analyze(SAMPLE, confidence=1.5)
    with pytest.raises(UsageError, match="is not a number"):
        cxgap.analyze(SAMPLE, missing="-99;x")


def test_the_readme_notebook_example_runs_as_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = README.read_text(encoding="utf-8")
    found = EXAMPLE.search(text)
    assert found, "README has no notebook example"
    (tmp_path / "sample_data").symlink_to(ROOT / "sample_data")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(found["code"], "README notebook example", "exec"), {})
    assert (tmp_path / "northway.pptx").exists()
    if os.environ.get("CXGAP_UPDATE_GOLDEN") == "1":
        README.write_text(
            text.replace(
                found.group(0),
                found.group(0).replace("```text\n" + found["out"], "```text\n" + out.getvalue()),
            ),
            encoding="utf-8",
        )
    else:
        assert out.getvalue() == found["out"], "README notebook example is stale"


def test_the_mean_metric_and_an_outcome_are_keywords_as_on_the_cli(runner: CliRunner) -> None:
    result = cxgap.analyze(SAMPLE, by=["touchpoint"], metric="mean", outcome="q25")
    cli = runner.invoke(
        app, ["analyze", str(SAMPLE), "--by", "touchpoint", "--metric", "mean",
              "--outcome", "q25", "-f", "json"],
    )  # fmt: skip
    assert cli.exit_code == 0, cli.stderr
    assert result.to_json() == cli.stdout
    assert json.loads(cli.stdout)["settings"]["metric"] == "mean"
