"""``cxgap trend`` on the sample's two waves, pinned to R (``tests/reference/trend.R``).

Per-wave shares and SEs from ``svymean`` with the respondent as the cluster; the change, its
SE, the four-sample Welch-Satterthwaite df, the t interval, p (``pt``) and BH q (``p.adjust``)
computed in R from SPEC section 2.1's formulas.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import ROOT, assert_close
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.render.json import trend_envelope
from cxgap.stats import trend

EXPECTED = json.loads((ROOT / "tests/reference/expected/trend_sample.json").read_text("utf-8"))
LEVELS = ([], ["touchpoint"], ["category"])


@pytest.fixture(scope="module")
def output() -> dict[str, Any]:
    waves = ROOT / "sample_data" / "waves"
    inputs = [(w, load_survey(waves / f"{w}.xlsx")) for w in ("2026Q2", "2026Q3")]
    return trend_envelope(trend(inputs, Settings()))


def test_nps_trend_matches_r(output: dict[str, Any]) -> None:
    """SPEC 6 in trend: each NPS item's NPS per wave and the change of its gap."""
    assert [n["item"] for n in EXPECTED["nps"]] == ["q26"]
    got = [
        {k: v for k, v in n.items() if k not in ("significant", "direction")} for n in output["nps"]
    ]
    assert_close(got, EXPECTED["nps"], "nps", rel=1e-10, ordered_keys=False)
    assert [n["direction"] for n in output["nps"]] == [
        "steady" if n["q_value"] >= 0.05 else ("widened" if n["change"] > 0 else "narrowed")
        for n in EXPECTED["nps"]
    ]


@pytest.fixture(scope="module")
def rows(output: dict[str, Any]) -> dict[str, dict[str, Any]]:
    report = output
    everything = [report["headline"], *report["rows"]]
    return {_key(r): r for r in everything if r["group_by"] in LEVELS and not r["split"]}


def _key(row: dict[str, Any]) -> str:
    return "+".join(row["group_by"]) + ":" + ",".join(row["group"].values())


@pytest.mark.parametrize("index", range(len(EXPECTED["rows"])))
def test_trend_matches_r(rows: dict[str, dict[str, Any]], index: int) -> None:
    want = EXPECTED["rows"][index]
    key = _key(want)
    got = rows[key]
    for field in (
        "by_wave",
        "change_pp",
        "change_se_pp",
        "change_ci_pp",
        "df",
        "p_value",
        "q_value",
    ):
        assert_close(got[field], want[field], f"{key}.{field}", rel=1e-10, ordered_keys=False)


def test_every_row_of_the_levels_is_pinned(rows: dict[str, dict[str, Any]]) -> None:
    assert sorted(rows) == sorted(_key(r) for r in EXPECTED["rows"])
