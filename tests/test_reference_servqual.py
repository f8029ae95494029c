"""SPEC 10 pinned to R's ``survey`` package (``tests/reference/servqual.R``): the service gap
(paired, on the 0-100 rescaled scale, respondent as cluster) and the knowledge gap, weighted and
unweighted, with 1-5 and 1-7 items paired in one group and unpaired answers present.

``make_servqual.py`` wrote the fixture and ``servqual.R`` the expected values; ``parity.py``
(``make parity``) regenerates both. No R is needed here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_close
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.render.json import envelope
from cxgap.stats import analyze

REFERENCE = Path(__file__).parent / "reference"
FIELDS = (
    "service_gap",
    "service_gap_se",
    "service_gap_ci",
    "service_gap_p",
    "service_gap_q",
    "n_paired",
    "knowledge_gap_pp",
    "knowledge_gap_se_pp",
    "knowledge_gap_ci_pp",
    "knowledge_gap_p",
    "knowledge_gap_q",
)


def _key(row: dict[str, Any]) -> tuple[object, ...]:
    return tuple(row["group_by"]), tuple(row["group"].items())


@pytest.mark.parametrize("weighted", [True, False], ids=["weighted", "unweighted"])
def test_servqual_gaps_equal_r_survey(weighted: bool) -> None:
    case = "servqual_weighted" if weighted else "servqual_unweighted"
    expected = json.loads((REFERENCE / "expected" / f"{case}.json").read_text("utf-8"))
    survey = load_survey(REFERENCE / "fixtures" / "servqual")
    out = envelope(analyze(survey, Settings(weighted=weighted)))
    rows = {_key(row): row for row in (out["headline"], *out["rows"]) if not row["split"]}
    assert len(expected["rows"]) == 11
    for want in expected["rows"]:
        got = rows.pop(_key(want))
        assert_close({f: got[f] for f in FIELDS}, {f: want[f] for f in FIELDS}, str(_key(want)),
                     rel=1e-9, ordered_keys=False)  # fmt: skip
    # What R has no row for holds no pair (p4: web, luxury): every SERVQUAL field null.
    assert {k[1] for k in rows} == {
        (("item", "p4"),),
        (("touchpoint", "web"), ("category", "luxury")),
    }
    assert all(row[f] is None for row in rows.values() for f in FIELDS)
    unpaired = [
        {"item": e["item"], "count": e["count"]}
        for e in out["exclusions"]
        if e["reason"] == "unpaired"
    ]
    assert unpaired == [u for u in expected["unpaired"] if u["count"]]
    assert all(e["sample"] == "customers" for e in out["exclusions"] if e["reason"] == "unpaired")


@pytest.mark.parametrize("weighted", [True, False], ids=["weighted", "unweighted"])
def test_the_expectation_means_the_reports_show_equal_r_survey(weighted: bool) -> None:
    case = "servqual_weighted" if weighted else "servqual_unweighted"
    expected = json.loads((REFERENCE / "expected" / f"{case}.json").read_text("utf-8"))
    report = analyze(load_survey(REFERENCE / "fixtures" / "servqual"), Settings(weighted=weighted))
    rows = {
        (tuple(r.group_by), tuple(r.group.items())): r.servqual
        for r in (report.headline, *report.rows)
        if not r.split
    }
    for want in expected["rows"]:
        got = rows[tuple(want["group_by"]), tuple(want["group"].items())]
        assert got is not None
        for name in ("customer_expectation", "company_expectation"):
            assert getattr(got, name) == pytest.approx(want[name], rel=1e-9), name
