"""SPEC 6 pinned to R's ``survey`` package (``tests/reference/drivers.R``): the mean metric,
importance with its Fisher interval, priority and quadrant, and NPS.

``make_fixtures.py`` wrote the fixtures and ``drivers.json`` (the cases); ``drivers.R`` computed
``expected/<case>.json``; ``parity.py`` (``make parity``) regenerates both. No R is needed here:
each case runs through the public path (``load_survey`` -> ``analyze`` -> the JSON envelope).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_close
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.render.json import envelope
from cxgap.stats import analyze

REFERENCE = Path(__file__).parent / "reference"
CASES: dict[str, dict[str, Any]] = json.loads((REFERENCE / "drivers.json").read_text("utf-8"))
TOL = 1e-10
MEAN_FIELDS = (
    "company_pct",
    "company_se_pp",
    "company_ci_pp",
    "company_ci_method",
    "n_company",
    "customer_pct",
    "customer_se_pp",
    "customer_ci_pp",
    "customer_ci_method",
    "n_customers",
    "gap_pp",
    "gap_se_pp",
    "gap_ci_pp",
    "gap_ci_method",
    "df",
    "p_value",
    "q_value",
    "significant",
    "priority",
    "quadrant",
)


def settings_for(case: str) -> Settings:
    s = CASES[case]["settings"]
    return Settings(
        top=s["top"],
        confidence=s["confidence"],
        alpha=s["alpha"],
        min_base=s["min_base"],
        weighted=s["weighted"],
        splits=tuple(s["splits"]),
        metric=s["metric"],
    )


@cache
def cxgap_output(case: str) -> dict[str, Any]:
    folder = REFERENCE / "fixtures" / CASES[case]["fixture"]
    return envelope(analyze(load_survey(folder), settings_for(case)))


def expected(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REFERENCE / "expected" / f"{case}.json").read_text("utf-8"))
    return data


def key(row: dict[str, Any]) -> str:
    level = "+".join(row["group_by"]) or "headline"
    group = ",".join(f"{k}={v}" for k, v in row["group"].items())
    split = ",".join(f"{k}={v}" for k, v in row["split"].items())
    return f"{level}[{group}]{split}"


def check(case: str, got: dict[str, Any], want: dict[str, Any]) -> None:
    rows = {key(r): r for r in [got["headline"], *got["rows"]]}
    assert sorted(rows) == sorted(key(r) for r in want["rows"]), f"{case}: rows differ"
    fields = ("importance", "importance_ci")
    if want["settings"]["metric"] == "mean":
        fields += MEAN_FIELDS
    for w in want["rows"]:
        for field in fields:
            assert_close(rows[key(w)][field], w[field], f"{case}.{key(w)}.{field}", rel=TOL)
    assert len(got["nps"]) == len(want["nps"])
    for g, w in zip(got["nps"], want["nps"], strict=True):
        for field, value in w.items():
            assert_close(g[field], value, f"{case}.nps.{w['item']}.{field}", rel=TOL)


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_r_survey(case: str) -> None:
    want = expected(case)
    assert want["settings"] == CASES[case]["settings"], f"{case}: rerun parity.py"
    check(case, cxgap_output(case), want)


def test_the_edge_cases_are_in_the_reference() -> None:
    """Nobody answered both, a constant score (null r, said why), Kish's n <= 3 (r, no
    interval), and both a weighted and an unweighted mean case."""
    rows = {key(r): r for r in expected("drivers_mean")["rows"]}
    assert rows["item[item=d05]"]["n_importance"] == 0
    assert rows["item[item=d05]"]["importance"] is None
    assert rows["item[item=d06]"]["n_importance"] > 3
    assert rows["item[item=d06]"]["importance"] is None
    assert rows["item[item=d07]"]["importance"] is not None
    assert rows["item[item=d07]"]["importance_ci"] is None
    assert {CASES[c]["settings"]["weighted"] for c in CASES} == {True, False}
    warnings = cxgap_output("drivers_mean")["warnings"]
    assert "importance of item d05 is null: nobody answered both it and the outcome" in warnings
    assert "importance of item d06 is null: the score is the same for every respondent" in warnings
    assert any(w.startswith("importance interval of item d07 is null: Kish") for w in warnings)


def test_the_outcome_and_nps_items_stay_out_of_the_rows() -> None:
    got = cxgap_output("drivers_mean")
    items = {r["group"].get("item") for r in got["rows"] if r["group_by"] == ["item"]}
    assert items == {f"d0{k}" for k in range(1, 8)}
    assert [n["item"] for n in got["nps"]] == ["n1"]


def test_a_wrong_number_fails() -> None:
    want = expected("drivers_mean")
    got = cxgap_output("drivers_mean")
    for path in (("rows", 3, "importance"), ("rows", 0, "company_ci_pp"), ("nps", 0, "gap_se")):
        bad = copy.deepcopy(want)
        entry = bad[path[0]][path[1]]
        value = entry[path[2]]
        entry[path[2]] = (
            [v * (1 + 1e-8) for v in value] if isinstance(value, list) else value + 1e-6
        )
        with pytest.raises(AssertionError):
            check("drivers_mean", got, bad)
