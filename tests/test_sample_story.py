"""The sample data tells the story the README tells: pinned so a regenerated sample keeps it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from conftest import SAMPLE
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.render.json import envelope
from cxgap.stats import analyze


@cache
def report(path: Path = SAMPLE, splits: tuple[str, ...] = ()) -> dict[str, Any]:
    return envelope(analyze(load_survey(path), Settings(splits=splits)))


def level(data: dict[str, Any], *columns: str, split: dict[str, str] | None = None) -> list[Any]:
    return [
        r for r in data["rows"] if r["group_by"] == list(columns) and r["split"] == (split or {})
    ]


def test_company_overrates_itself_overall() -> None:
    head = report()["headline"]
    assert head["company_pct"] > 55 and head["customer_pct"] < 35
    assert head["significant"]


def test_reactive_service_holds_the_largest_blind_spots() -> None:
    ranked = level(report(), "touchpoint")
    assert {ranked[0]["group"]["touchpoint"], ranked[1]["group"]["touchpoint"]} == {
        "after-sales",
        "phone support",
    }


def test_the_app_is_a_hidden_strength() -> None:
    app = next(r for r in level(report(), "touchpoint") if r["group"]["touchpoint"] == "app")
    assert app["gap_pp"] < -10 and app["significant"]
    negative = [r for r in level(report(), "touchpoint") if r["gap_pp"] < 0]
    assert negative == [app]


def test_luxury_trails_consumables_for_customers() -> None:
    shares = {r["group"]["category"]: r["customer_pct"] for r in level(report(), "category")}
    assert shares["luxury"] + 15 < shares["consumable"]


def test_executives_overrate_the_most() -> None:
    data = report(splits=("role",))
    gaps = {
        r["split"]["role"]: r["gap_pp"] for r in data["rows"] if r["group_by"] == [] and r["split"]
    }
    assert gaps["executive"] > gaps["manager"] > gaps["frontline"] > 0


def test_after_sales_gap_narrows_from_q2_to_q3() -> None:
    waves = SAMPLE.parent / "waves"

    def after_sales(path: Path) -> float:
        rows = level(report(path), "touchpoint")
        return next(r["gap_pp"] for r in rows if r["group"]["touchpoint"] == "after-sales")

    assert after_sales(waves / "2026Q2.xlsx") > after_sales(waves / "2026Q3.xlsx") + 10


def test_staff_predict_an_nps_far_above_the_customers() -> None:
    (nps,) = report()["nps"]
    assert nps["item"] == "q26"
    assert nps["company_nps"] > 50 and nps["customer_nps"] < -20
    assert nps["gap"] > 70 and nps["gap_ci"][0] > 50 and nps["significant"]
    assert nps["detractors_pct"] > 2 * nps["promoters_pct"]


def test_the_largest_blind_spots_matter_most_and_come_first() -> None:
    data = report()
    assert data["settings"]["outcome"] is None and data["headline"]["importance"] is not None
    by_importance = sorted(level(data, "touchpoint"), key=lambda r: -r["importance"])
    top_two = {r["group"]["touchpoint"] for r in by_importance[:2]}
    assert top_two == {"phone support", "after-sales"}
    assert by_importance[1]["importance_ci"][0] > by_importance[2]["importance_ci"][1]
    assert all(r["quadrant"] == "fix_first" for r in by_importance[:2])
    by_priority = sorted(level(data, "touchpoint"), key=lambda r: -r["priority"])
    assert {r["group"]["touchpoint"] for r in by_priority[:2]} == top_two


def test_the_apps_hidden_strength_matters_least() -> None:
    rows = level(report(), "touchpoint")
    app = next(r for r in rows if r["group"]["touchpoint"] == "app")
    assert app["importance"] == min(r["importance"] for r in rows)
    assert app["quadrant"] == "strength" and app["priority"] < 0


def test_the_outcome_and_nps_items_are_in_no_row() -> None:
    items = {r["group"]["item"] for r in level(report(), "item")}
    assert len(items) == 24 and not items & {"q25", "q26"}
