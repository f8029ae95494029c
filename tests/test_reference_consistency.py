"""SPEC 9 pinned to R's ``survey`` package (``tests/reference/consistency.R``): per value the
share, SE, interval and n of ``svymean``/``svyciprop`` on that value's answers; the Wald test
of ``regTermTest(svyglm(y ~ factor(DIM), design), ~factor(DIM), method = "Wald")``; BH q-values
per level, ``inconsistent`` and ranks.

The cases cover a codebook dimension (``channel``) whose respondents answer in several values
of one group, a customers' dimension (``region``) with a value under --min-base, weighted and
unweighted, the mean metric, and groups left with a single value (no test). No R is needed
here: each case runs through the public path (``load_survey`` -> ``analyze`` -> JSON).
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
CASES: dict[str, dict[str, Any]] = json.loads((REFERENCE / "consistency.json").read_text("utf-8"))
SHARES = 1e-9
"""Shares, SEs, intervals and ranges."""
TEST = 1e-8
"""chi2, F, p- and q-values."""


def settings_for(case: str) -> Settings:
    s = CASES[case]["settings"]
    return Settings(
        top=s["top"],
        confidence=s["confidence"],
        alpha=s["alpha"],
        min_base=s["min_base"],
        weighted=s["weighted"],
        metric=s["metric"],
        consistency=s["consistency"],
    )


@cache
def cxgap_output(case: str) -> dict[str, Any]:
    folder = REFERENCE / "fixtures" / CASES[case]["fixture"]
    data: dict[str, Any] = envelope(analyze(load_survey(folder), settings_for(case)))
    return json.loads(json.dumps(data))


def expected(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REFERENCE / "expected" / f"{case}.json").read_text("utf-8"))
    return data


def key(row: dict[str, Any]) -> str:
    group = ",".join(f"{k}={v}" for k, v in row["group"].items())
    return f"{'+'.join(row['group_by'])}[{group}]"


def check(case: str, got: dict[str, Any], want: dict[str, Any]) -> None:
    block = got["consistency"]
    assert block["dimension"] == want["dimension"]
    rows = {key(r): r for r in block["rows"]}
    assert sorted(rows) == sorted(key(r) for r in want["rows"]), f"{case}: groups differ"
    for w in want["rows"]:
        g = rows[key(w)]
        assert list(g) == [
            *("group_by", "group", "values", "range_pp", "lowest", "highest"),
            *("excluded_values", "chi2", "df_num", "df_den", "f", "p_value", "q_value"),
            *("inconsistent", "rank"),
        ]
        where = f"{case}.{key(w)}"
        assert_close(g["values"], w["values"], f"{where}.values", rel=SHARES)
        assert_close(g["range_pp"], w["range_pp"], f"{where}.range_pp", rel=SHARES)
        for field in ("chi2", "f", "p_value", "q_value"):
            assert_close(g[field], w[field], f"{where}.{field}", rel=TEST)
        for field in ("lowest", "highest", "excluded_values", "df_num", "df_den"):
            assert g[field] == w[field], f"{where}.{field}: {g[field]!r} != {w[field]!r}"
        for field in ("inconsistent", "rank"):
            assert g[field] == w[field], f"{where}.{field}: {g[field]!r} != {w[field]!r}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_r_survey(case: str) -> None:
    want = expected(case)
    assert want["settings"] == CASES[case]["settings"], f"{case}: rerun parity.py"
    check(case, cxgap_output(case), want)


def test_the_cases_cover_what_spec_9_asks() -> None:
    """Respondents in several channels of one tested group, a value under --min-base left out,
    a group left with one value (no test), weighted and unweighted, both dimensions."""
    channel = {key(r): r for r in expected("consistency_channel")["rows"]}
    after_sales = channel["touchpoint[touchpoint=after-sales]"]
    n_values = sum(v["n_customers"] for v in after_sales["values"])
    assert after_sales["df_den"] + after_sales["df_num"] + 1 < n_values  # respondents overlap
    billing = channel["touchpoint[touchpoint=billing]"]
    assert billing["excluded_values"] == ["store"] and billing["f"] is None
    region = {key(r): r for r in expected("consistency_region")["rows"]}
    assert region["touchpoint[touchpoint=after-sales]"]["excluded_values"] == ["east"]
    assert region["touchpoint[touchpoint=after-sales]"]["f"] is not None
    assert region["item[item=b2]"]["values"][0]["customer_pct"] == 0  # Wilson at p = 0
    assert {c["settings"]["weighted"] for c in CASES.values()} == {True, False}
    assert {c["settings"]["consistency"] for c in CASES.values()} == {"channel", "region"}


def test_a_wrong_number_fails() -> None:
    want = expected("consistency_channel")
    got = cxgap_output("consistency_channel")
    tested = next(k for k, r in enumerate(want["rows"]) if (r["p_value"] or 0) > 0.01)
    for path in (("values", 0, "customer_se_pp"), ("p_value",), ("f",), ("rank",)):
        bad = copy.deepcopy(want)
        entry = bad["rows"][tested]
        for step in path[:-1]:
            entry = entry[step]
        value = entry[path[-1]]
        entry[path[-1]] = value + 1 if isinstance(value, int) else value * (1 + 1e-7)
        with pytest.raises(AssertionError):
            check("consistency_channel", got, bad)


def test_without_consistency_the_json_has_no_block() -> None:
    folder = REFERENCE / "fixtures" / "consistency"
    assert "consistency" not in envelope(analyze(load_survey(folder), Settings()))
