"""Shared fixtures: the sample workbook, a CLI runner, and a builder for small surveys."""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "survey.xlsx"

Rows = Sequence[Sequence[object]]
UPDATE_GOLDEN = os.environ.get("CXGAP_UPDATE_GOLDEN") == "1"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``CXGAP_UPDATE_GOLDEN=1 make test`` runs in one process: two tests rewrite README.md."""
    return 0 if UPDATE_GOLDEN else None


def pytest_configure(config: pytest.Config) -> None:
    if UPDATE_GOLDEN and getattr(config.option, "numprocesses", None):
        raise pytest.UsageError(
            "CXGAP_UPDATE_GOLDEN=1: two tests rewrite README.md, run them in one process (-n 0)"
        )


@pytest.fixture(scope="session", autouse=True)
def _one_click_command_per_app() -> Iterator[None]:
    """typer's ``CliRunner.invoke`` builds the click command from the Typer app at every call,
    and the command builds each option's coercion lazily, once per command object: a run
    costs what ``cxgap`` pays once per process, 400 times over. The command is built once per
    app here, as click's own tests invoke one command object again and again."""
    import typer.testing

    built: dict[int, Any] = {}
    original = typer.testing._get_command

    def get_command(app: typer.Typer) -> Any:
        if id(app) not in built:
            built[id(app)] = (app, original(app))  # the app too: its id stays its own
        return built[id(app)][1]

    typer.testing._get_command = get_command
    yield
    typer.testing._get_command = original


@pytest.fixture(scope="session", autouse=True)
def _committed_samples_loaded_once() -> Iterator[None]:
    """The committed sample files loaded once per process (tests/sample_loads.py)."""
    import cxgap.load
    from sample_loads import SampleLoads

    loads = SampleLoads(cxgap.load.load_survey)
    cxgap.load.load_survey = loads  # type: ignore[assignment]
    yield
    cxgap.load.load_survey = loads.load  # type: ignore[assignment]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80"})


@pytest.fixture
def sample() -> Path:
    return SAMPLE


def write_workbook(path: Path, sheets: dict[str, Rows]) -> Path:
    """Write ``sheets`` (name -> rows, the first row the header) as an .xlsx; None = empty cell."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def write_folder(path: Path, tables: dict[str, Rows]) -> Path:
    """Write ``tables`` as CSV files in the folder ``path``; None = empty cell."""
    import csv

    path.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (path / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(["" if v is None else v for v in row] for row in rows)
    return path


SMALL_ITEMS: Rows = [
    ("item", "touchpoint", "category", "text"),
    ("q1", "store", "consumable", "Shelves are full"),
    ("q2", "store", "luxury", "Staff give personal attention"),
    ("q3", "after-sales", "durable", "Repairs are done when promised"),
]


def small_survey(path: Path, *, items: Rows = SMALL_ITEMS, n_customers: int = 40) -> Path:
    """A deterministic little survey: staff rate nearly everything 5, customers are more mixed.

    ``path`` ending in .xlsx gives a workbook, anything else a folder of CSV files.
    """
    company = [("respondent_id", "role", "q1", "q2", "q3")] + [
        (f"S{i}", "executive" if i < 4 else "frontline", 5, 5 if i % 3 else 4, 5) for i in range(12)
    ]
    customers = [("respondent_id", "weight", "q1", "q2", "q3")] + [
        (f"C{i}", 1 + (i % 3) / 2, 5 if i % 2 else 3, 5 if i % 5 == 0 else 2, None if i % 4 else 5)
        for i in range(n_customers)
    ]
    tables = {"items": items, "company": company, "customers": customers}
    if path.suffix == ".xlsx":
        return write_workbook(path, tables)
    return write_folder(path, tables)


def assert_close(
    actual: Any, expected: Any, where: str, *, rel: float, ordered_keys: bool = True
) -> None:
    """Compare nested JSON-like values: floats at ``rel`` (absolute floor 1e-12), everything
    else exactly; ``ordered_keys`` also requires dict keys in the same order. The assertion
    names the path of the first difference (``$.rows[0].gap_pp``)."""
    if isinstance(expected, float):
        assert isinstance(actual, float | int) and not isinstance(actual, bool), where
        assert math.isclose(actual, expected, rel_tol=rel, abs_tol=1e-12), (
            f"{where}: {actual!r} != {expected!r}"
        )
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), where
        same = (
            list(actual) == list(expected) if ordered_keys else sorted(actual) == sorted(expected)
        )
        assert same, where
        for key in expected:
            assert_close(
                actual[key], expected[key], f"{where}.{key}", rel=rel, ordered_keys=ordered_keys
            )
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_close(a, e, f"{where}[{i}]", rel=rel, ordered_keys=ordered_keys)
    else:
        assert actual == expected, where


@pytest.fixture(scope="session")
def sample_analysis() -> Any:
    """``cxgap.analyze`` of the sample, once per test session (the renderers' tests share it)."""
    import cxgap

    return cxgap.analyze(SAMPLE)


@pytest.fixture(scope="session")
def sample_trend() -> Any:
    """``cxgap.trend`` of the sample's two waves, once per test session."""
    import cxgap

    waves = SAMPLE.parent / "waves"
    return cxgap.trend([waves / "2026Q2.xlsx", waves / "2026Q3.xlsx"])
