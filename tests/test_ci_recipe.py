"""The GitHub Actions recipe in docs/ci/cxgap.yml works: its run steps, run here as Actions runs
them (bash -e, $GITHUB_ENV between steps, a failed step stopping the rest unless
``if: always()``) on drops made from the sample, give the exit codes CI relies on (issue 15.5).

Only what needs GitHub or the network is not run, and each such step is named here:
checkout, setup-python, upload-artifact and the ``pip install`` of cxgap (the tests run the
cxgap under test instead).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.slow  # the CI recipe run step by step: make test-slow

RECIPE = ROOT / "docs" / "ci" / "cxgap.yml"
WAVES = ROOT / "sample_data" / "waves"
NOT_RUN = {
    "actions/checkout@v4",
    "actions/setup-python@v5",
    "Install cxgap",
    "Upload the reports",
}


@dataclass
class Step:
    name: str
    code: int | None  # None: not run (needs GitHub), or skipped by its if
    output: str = ""


def workflow() -> dict[str, Any]:
    return yaml.safe_load(RECIPE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def run_recipe(repo: Path, **env: str) -> dict[str, Step]:
    """Run the recipe's job in ``repo`` with its env overridden by ``env``."""
    (job,) = workflow()["jobs"].values()
    github_env = repo / ".github_env"
    github_env.write_text("")
    values = {**workflow()["env"], **env}
    failed = False
    steps: dict[str, Step] = {}
    for spec in job["steps"]:
        name = spec.get("name", spec.get("uses"))
        if not _wanted(spec.get("if"), values, failed):
            steps[name] = Step(name, None)
            continue
        if name in NOT_RUN:
            assert "uses" in spec or spec["run"].startswith("pip install"), name
            steps[name] = Step(name, None)
            continue
        done = subprocess.run(
            ["bash", "-e", "-c", spec["run"]],
            cwd=repo,
            env={**os.environ, **values, "GITHUB_ENV": str(github_env), "PATH": _path()},
            capture_output=True,
            text=True,
            check=False,
        )
        steps[name] = Step(name, done.returncode, done.stdout + done.stderr)
        values.update(_read_env(github_env))
        failed = failed or done.returncode != 0
    return steps


def _wanted(condition: str | None, values: dict[str, str], failed: bool) -> bool:
    """The ``if:`` expressions the recipe uses, evaluated as Actions would; any other fails."""
    if condition is None:
        return not failed
    if condition == "always()":
        return True
    compared = re.fullmatch(r"env\.(\w+) != env\.(\w+)", condition)
    assert compared, f"the test cannot evaluate if: {condition}"
    return not failed and values.get(compared[1]) != values.get(compared[2])


def _read_env(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return dict(pairs)


def _path() -> str:
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def drops(tmp_path: Path, *names: tuple[str, str]) -> Path:
    """A repository with drops/ holding sample waves under new names: (wave file, name)."""
    repo = tmp_path / "repo"
    (repo / "drops").mkdir(parents=True)
    for wave, name in names:
        shutil.copy(WAVES / wave, repo / "drops" / name)
    return repo


QUARTERS = (("2026Q2.xlsx", "2026Q2.xlsx"), ("2026Q3.xlsx", "2026Q3.xlsx"))


def test_a_quarter_within_the_gates_passes_and_writes_the_reports(tmp_path: Path) -> None:
    repo = drops(tmp_path, *QUARTERS)
    steps = run_recipe(repo, MAX_GAP="80", MAX_WIDENING="50")
    ran = {name: step.code for name, step in steps.items() if step.code is not None}
    assert ran == {
        "Find the newest drop and the one before": 0,
        "Check the drop": 0,
        "Delivery gap": 0,
        "Change since the previous drop": 0,
    }, [step.output for step in steps.values()]
    assert {name for name, step in steps.items() if step.code is None} == NOT_RUN
    report = json.loads((repo / "reports" / "delivery-gap.json").read_text())
    assert report["input"]["path"] == "drops/2026Q3.xlsx"
    for page in ("delivery-gap.html", "trend.html"):
        assert "<html" in (repo / "reports" / page).read_text(encoding="utf-8")


def test_a_gap_above_max_gap_fails_the_job_with_an_annotation(tmp_path: Path) -> None:
    steps = run_recipe(drops(tmp_path, *QUARTERS))  # the recipe's own MAX_GAP: 40
    assert steps["Delivery gap"].code == 1
    assert "::error::a significant gap exceeds 40 points" in steps["Delivery gap"].output
    assert "cxgap: gate failed: --max-gap 40" in steps["Delivery gap"].output
    assert steps["Change since the previous drop"].code is None  # the job stops there
    assert workflow()["jobs"]["delivery-gap"]["steps"][-1]["if"] == "always()"  # still uploads


def test_a_widening_above_max_widening_fails_the_job(tmp_path: Path) -> None:
    """Q3's data as the older drop and Q2's as the newer: after-sales widens by 15.8 points."""
    repo = drops(tmp_path, ("2026Q3.xlsx", "a.xlsx"), ("2026Q2.xlsx", "b.xlsx"))
    steps = run_recipe(repo, MAX_GAP="90")
    trend = steps["Change since the previous drop"]
    assert steps["Delivery gap"].code == 0 and trend.code == 1, trend.output
    assert "::error::a gap widened by more than 5 points" in trend.output
    assert "--max-widening 5: after-sales [touchpoint] widened by +15.8 pp" in trend.output


def test_an_unreadable_drop_fails_the_job_with_exit_2(tmp_path: Path) -> None:
    repo = drops(tmp_path, *QUARTERS)
    (repo / "drops" / "2026Q4.xlsx").write_text("not a workbook")
    steps = run_recipe(repo, MAX_GAP="80")
    assert steps["Check the drop"].code == 2
    assert "drops/2026Q4.xlsx" in steps["Check the drop"].output
    assert steps["Delivery gap"].code is None


def test_the_readme_shows_the_recipe_as_it_is() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## In CI", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert block == RECIPE.read_text(encoding="utf-8")
