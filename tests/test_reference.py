"""Every statistic pinned to R's ``survey`` package (SPEC section 2; issue 4, reference values).

``tests/reference/reference.R`` computed ``tests/reference/expected/<case>.json`` from the
fixtures that ``tests/reference/make_fixtures.py`` wrote; ``tests/reference/parity.py``
regenerates both and diffs them against the committed files. No R is needed here: each case runs
through the public path (``load_survey`` -> ``analyze`` -> the JSON envelope) and every row's
every number must match R's.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest

from cxgap.load import load_survey
from cxgap.model import LoadOptions, Settings
from cxgap.render.json import envelope
from cxgap.stats import analyze

REFERENCE = Path(__file__).parent / "reference"
CASES: dict[str, dict[str, Any]] = json.loads((REFERENCE / "cases.json").read_text("utf-8"))

# Relative tolerances, per field. Shares, SEs and n_eff come from the same sums in both tools
# (agreement ~1e-15); intervals, df, p and q go through quantile and distribution functions
# (scipy's vs R's nmath), which agree to ~1e-13. ABS is the floor for values that are 0 in
# percentage points (a Wilson bound at 0%, a gap of 0).
SHARE_TOL = 1e-12
STAT_TOL = 1e-10
ABS = 1e-12
TOLERANCE = {
    **dict.fromkeys(
        (
            "company_pct",
            "company_se_pp",
            "n_eff_company",
            "customer_pct",
            "customer_se_pp",
            "n_eff_customers",
            "gap_pp",
            "gap_se_pp",
        ),
        SHARE_TOL,
    ),
    **dict.fromkeys(
        ("company_ci_pp", "customer_ci_pp", "gap_ci_pp", "df", "p_value", "q_value"), STAT_TOL
    ),
}
EXACT = (
    "n_company",
    "responses_company",
    "company_ci_method",
    "n_customers",
    "responses_customers",
    "customer_ci_method",
    "gap_ci_method",
    "significant",
    "low_base",
)


def row_key(row: dict[str, Any]) -> str:
    """A row's name in messages and its identity: level, group and split part."""
    level = "+".join(row["group_by"]) or "headline"
    group = ", ".join(f"{k}={v}" for k, v in row["group"].items())
    split = ", ".join(f"{k}={v}" for k, v in row["split"].items())
    return f"{level}[{group}]" + (f" split[{split}]" if split else "")


def settings_for(case: str) -> Settings:
    s = CASES[case]["settings"]
    return Settings(
        top=s["top"],
        confidence=s["confidence"],
        alpha=s["alpha"],
        min_base=s["min_base"],
        weighted=s["weighted"],
        splits=tuple(s["splits"]),
    )


def cxgap_rows(case: str) -> list[dict[str, Any]]:
    folder = REFERENCE / "fixtures" / CASES[case]["fixture"]
    report = analyze(load_survey(folder, LoadOptions()), settings_for(case))
    out = envelope(report)
    return [out["headline"], *out["rows"]]


def expected(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REFERENCE / "expected" / f"{case}.json").read_text("utf-8"))
    return data


def _close(got: object, want: object, rel: float) -> bool:
    if got is None or want is None:
        return got is None and want is None
    if isinstance(want, list):
        return (
            isinstance(got, list)
            and len(got) == len(want)
            and all(_close(g, w, rel) for g, w in zip(got, want, strict=True))
        )
    if (
        isinstance(got, bool)
        or not isinstance(got, int | float)
        or not isinstance(want, int | float)
    ):
        return False
    return math.isclose(got, want, rel_tol=rel, abs_tol=ABS)


def compare(case: str, got: list[dict[str, Any]], want: list[dict[str, Any]]) -> list[str]:
    """Every difference between cxgap's rows and R's, each naming case, row and field."""
    problems: list[str] = []
    got_by = {row_key(row): row for row in got}
    want_by = {row_key(row): row for row in want}
    if len(got_by) != len(got):
        problems.append(f"{case}: cxgap prints a row twice")
    problems += [f"{case}: {key}: missing from cxgap" for key in want_by.keys() - got_by.keys()]
    problems += [f"{case}: {key}: not in the reference" for key in got_by.keys() - want_by.keys()]
    for key in sorted(want_by.keys() & got_by.keys()):
        g, w = got_by[key], want_by[key]
        for field, rel in TOLERANCE.items():
            if not _close(g.get(field), w[field], rel):
                problems.append(
                    f"{case}: {key}: {field}: cxgap {g.get(field)!r}, R {w[field]!r} (rel {rel:g})"
                )
        problems += [
            f"{case}: {key}: {field}: cxgap {g.get(field)!r}, R {w[field]!r}"
            for field in EXACT
            if g.get(field) != w[field] or type(g.get(field)) is not type(w[field])
        ]
    return problems


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_r_survey(case: str) -> None:
    reference = expected(case)
    assert reference["settings"] == CASES[case]["settings"], f"{case}: rerun parity.py"
    problems = compare(case, cxgap_rows(case), reference["rows"])
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} differences)"


def test_every_case_has_expected_values() -> None:
    on_disk = {p.stem for p in (REFERENCE / "expected").glob("*.json")}
    drivers = json.loads((REFERENCE / "drivers.json").read_text("utf-8"))  # drivers.R's
    servqual = {"servqual_weighted", "servqual_unweighted"}  # test_reference_servqual.py
    consistency = json.loads((REFERENCE / "consistency.json").read_text("utf-8"))
    # trend_sample: test_reference_trend.py
    assert on_disk == {*CASES, *drivers, *consistency, "trend_sample", *servqual}


def test_cases_cover_the_edges() -> None:
    """The fixtures hold what the reference is for: each of these must occur in some row."""
    rows = [row for case in CASES for row in expected(case)["rows"]]
    seen = {
        "wilson": any(r["company_ci_method"] == "wilson" for r in rows),
        "newcombe": any(r["gap_ci_method"] == "newcombe" and r["p_value"] is None for r in rows),
        "welch, one SE zero": any(
            r["gap_ci_method"] == "welch" and 0 in (r["company_se_pp"], r["customer_se_pp"])
            for r in rows
        ),
        "n = 2": any(r["n_company"] == 2 and r["company_ci_method"] == "logit" for r in rows),
        "one-sided": any(r["n_company"] == 0 and r["n_customers"] > 0 for r in rows)
        and any(r["n_customers"] == 0 and r["n_company"] > 0 for r in rows),
        "pooled": any(r["responses_company"] > r["n_company"] > 0 for r in rows),
        "split": any(r["split"] for r in rows),
        "weighted": any(CASES[c]["settings"]["weighted"] for c in CASES),
        "q > p": any(
            r["q_value"] is not None and r["q_value"] > r["p_value"] * (1 + 1e-9) for r in rows
        ),
    }
    assert all(seen.values()), [name for name, ok in seen.items() if not ok]


def test_a_wrong_number_fails() -> None:
    """The comparison catches a perturbed value, a wrong count, a number for a null, a lost row."""
    case = "edge"
    want = expected(case)["rows"]
    got = cxgap_rows(case)
    assert compare(case, got, want) == []

    def broken(field: str, value: Any, index: int = 1) -> list[str]:
        bad = copy.deepcopy(want)
        bad[index][field] = value
        return compare(case, got, bad)

    upper = want[1]["customer_ci_pp"][1]
    (message,) = broken("customer_ci_pp", [0, upper * (1 + 1e-8)])
    assert message.startswith(f"{case}: item[item=e1]: customer_ci_pp: ")
    assert broken("company_pct", want[1]["company_pct"] * (1 + 1e-11))
    assert broken("n_company", want[1]["n_company"] + 1)
    assert broken("p_value", 0.5)  # a number where R has null
    assert broken("df", None, index=0)  # a null where R has a number
    assert broken("gap_ci_method", "welch")
    assert any("missing from cxgap" in m for m in compare(case, got[1:], want))


def test_the_sample_workbook_gives_the_r_pinned_rows() -> None:
    """``sample_data/survey.xlsx`` itself is R-exact: read from the workbook (with its Don't
    know, N/A and -99 cells) it gives the very rows of the ``sample`` case, which R pinned."""
    workbook = REFERENCE.parents[1] / "sample_data" / "survey.xlsx"
    report = envelope(analyze(load_survey(workbook, LoadOptions()), settings_for("sample")))
    from_workbook = [report["headline"], *report["rows"]]
    problems = compare("sample.xlsx", from_workbook, expected("sample")["rows"])
    assert not problems, "\n".join(problems[:40])
