"""Several waves in one parts input on the Spark engine (SPEC 2.1 with SPEC 8): the first pass
counts each wave on the executors, each wave's sums are taken there from the batches filtered
to its rows (some batches hold none of a wave's rows), and the trend's JSON equals the local
engine's whole read to 1e-12 (its exclusions, warnings and every count exactly). Run by
``make spark``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from cxgap.errors import CxgapError
from cxgap.load import load_survey
from cxgap.model import LoadOptions, Parts, Settings
from cxgap.render.json import envelope, render_trend
from cxgap.stats import analyze, trend
from engine_close import assert_engines_agree
from test_wave_parts import HEAD, ITEMS, READ, sample_rows, write_csv, write_parts

SETTINGS = Settings(splits=("region",))
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("spark_waves")
    company = sample_rows(1, "S", {"2026Q1": 30, "2026Q2": 24, "2026Q3": 35})
    customers = sample_rows(2, "C", {"2026Q1": 800, "2026Q2": 950, "2026Q3": 700})
    customers[:400] = sorted(customers[:400], key=lambda r: str(r[1]))  # batches of one wave
    no_q2 = [r for r in company if r[1] != "2026Q2"]
    return {
        "items": write_csv(root / "items.csv", ITEMS),
        "company": write_csv(root / "company.csv", [HEAD, *company]),
        "customers": write_csv(root / "customers.csv", [HEAD, *customers]),
        "company_parts": write_parts(root / "company_parts", company, [20, 61], "parquet"),
        "customer_parts": write_parts(root / "customer_parts", customers, [400, 1300], "csv"),
        "no_q2": write_parts(root / "no_q2", no_q2, [30], "parquet"),
    }


def _load(survey: dict[str, Path], company: str, customers: str, engine: str) -> Any:
    given = Parts(items=survey["items"], company=survey[company], customers=survey[customers])
    return load_survey(given, LoadOptions(engine=engine, batch_rows=100, **READ))  # type: ignore[arg-type]


def _trend(loaded: Any) -> dict[str, Any]:
    out = json.loads(render_trend(trend([("label", loaded)], SETTINGS)))
    del out["input"]
    return dict(out)


def test_trend_of_waves_in_one_parts_input_on_spark_equals_the_whole_read(
    survey: dict[str, Path],
) -> None:
    whole = _trend(_load(survey, "company", "customers", "local"))
    loaded = _load(survey, "company_parts", "customer_parts", "spark")
    stream = loaded.customers.stream
    assert stream is not None and stream.map_batches is not None  # summed on the executors
    assert sorted(stream.waves) == ["2026Q1", "2026Q2", "2026Q3"]
    assert stream.waves["2026Q2"].size == 950
    spark = _trend(loaded)
    assert whole["waves"] == spark["waves"] == ["2026Q1", "2026Q2", "2026Q3"]
    assert spark["exclusions"] == whole["exclusions"] and spark["warnings"] == whole["warnings"]
    assert_engines_agree(whole, spark)


def test_analyze_of_waves_in_one_parts_input_on_spark_pools_them(
    survey: dict[str, Path],
) -> None:
    whole = envelope(analyze(_load(survey, "company", "customers", "local"), SETTINGS))
    spark = envelope(analyze(_load(survey, "company_parts", "customer_parts", "spark"), SETTINGS))
    del whole["input"], spark["input"]
    assert spark["headline"]["n_customers"] == 800 + 950 + 700
    assert_engines_agree(json.loads(json.dumps(whole)), json.loads(json.dumps(spark)))


def test_a_wave_without_staff_is_refused_on_spark_as_locally(survey: dict[str, Path]) -> None:
    said = []
    for engine in ("local", "spark"):
        with pytest.raises(CxgapError) as caught:
            trend([("label", _load(survey, "no_q2", "customer_parts", engine))], SETTINGS)
        said.append(str(caught.value))
    assert said[0] == said[1] and "wave 2026Q2 has no company respondents" in said[0]
