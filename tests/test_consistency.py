"""``--consistency DIM`` (SPEC 9) end to end: the estimator against a direct computation from
the answers, the sums merged across chunks and batches (streaming gives the same bytes), the
CLI's errors, the schema, trend's range per wave, and every report's view.

The numbers themselves are pinned to R in ``test_reference_consistency.py``.
"""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import SAMPLE, write_folder
from cxgap.cli import app
from cxgap.load import load_survey
from cxgap.model import LoadOptions, Parts, Settings
from cxgap.render.json import envelope
from cxgap.stats import analyze
from cxgap.stats._consistency import wald
from cxgap.stats._cross import CrossNeed, cross_sums, respondents_in
from cxgap.stats._reduce import Reducer
from test_stream import _rows, _write_csv, arrow_table

WAVES = SAMPLE.parent / "waves"
CHANNEL = Settings(levels=(("touchpoint",), ("category",)), consistency="channel")


def _json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _schema(name: str) -> dict[str, Any]:
    text = resources.files("cxgap.schema").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_the_wald_test_equals_a_direct_computation_from_the_answers() -> None:
    """Respondents answering in several values: V from the z_ik themselves, respondent by
    respondent, against the merged cross-product sums."""
    rng = np.random.default_rng(7)
    n, k = 60, 3
    m = rng.integers(0, 3, size=(n, k)).astype(float)
    y = np.minimum(m, rng.integers(0, 3, size=(n, k)))
    w = rng.uniform(0.5, 2.0, size=n)
    a = (w[:, None] * m).sum(axis=0)
    p = (w[:, None] * y).sum(axis=0) / a
    z = w[:, None] * (y - p * m) / a
    used = (m > 0).any(axis=1)
    v = used.sum() / (used.sum() - 1) * z.T @ z
    c = np.hstack([-np.ones((k - 1, 1)), np.eye(k - 1)])
    chi2 = float((c @ p) @ np.linalg.solve(c @ v @ c.T, c @ p))
    wy, wm = w[:, None] * y, w[:, None] * m
    test = wald(p, a, wy.T @ wy, wy.T @ wm, wm.T @ wm, int(used.sum()))
    assert test.chi2 == pytest.approx(chi2, rel=1e-12)
    assert test.f == pytest.approx(chi2 / (k - 1), rel=1e-12)


def test_cross_sums_merge_across_batches_and_count_respondents_per_pattern() -> None:
    survey = load_survey(SAMPLE)
    items = survey.codebook.items
    channel = [item.groups.get("channel", "") for item in items]
    tp = [item.touchpoint for item in items]
    cols = [[float(t == "after-sales" and c == v) for t, c in zip(tp, channel, strict=True)]
            for v in ("phone", "store", "web")]  # fmt: skip
    need = CrossNeed(np.array(cols).T, (3,))
    reducer = Reducer.of(items, need.membership, 1, mean=False, weighted=True)
    whole = cross_sums(survey.customers, reducer, need)
    from cxgap._chunks import _rows as rows_of

    halves = [rows_of(survey.customers, s) for s in (slice(0, 1234), slice(1234, None))]
    merged = cross_sums(halves[0], reducer, need) + cross_sums(halves[1], reducer, need)
    for name in ("yy", "ym", "mm"):
        np.testing.assert_allclose(getattr(merged, name)[0], getattr(whole, name)[0], rtol=1e-12)
    assert merged.patterns == whole.patterns
    answered = sum(whole.patterns[0].values())
    assert respondents_in(whole.patterns[0], [0, 1, 2], 3) == answered
    assert respondents_in(whole.patterns[0], [0], 3) < answered  # some answered store/web only


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Parts, Parts]:
    """The sample's first 600 customers read whole and as parts of 111 rows."""
    root = tmp_path_factory.mktemp("consistency")
    items = _write_csv(root / "items.csv", _rows("items"))
    company = _write_csv(root / "company.csv", _rows("company"))
    table = arrow_table(_rows("customers")[:601])
    pq.write_table(table, root / "customers.parquet")
    (root / "parts").mkdir()
    for k in range(0, table.num_rows, 111):
        pq.write_table(table.slice(k, 111), root / "parts" / f"part-{k:04d}.parquet")
    whole = Parts(items=items, company=company, customers=root / "customers.parquet")
    return whole, Parts(items=items, company=company, customers=root / "parts")


@pytest.mark.parametrize("dim", ["channel", "region"])
def test_streaming_gives_the_whole_files_bytes(parts: tuple[Parts, Parts], dim: str) -> None:
    settings = Settings(levels=(("touchpoint",), ("category",)), consistency=dim)
    got = []
    for given, options in ((parts[0], LoadOptions()), (parts[1], LoadOptions(batch_rows=50))):
        survey = load_survey(given, options)
        assert (survey.customers.stream is not None) == (given is parts[1])
        out = envelope(analyze(survey, settings))
        got.append(json.dumps(out["consistency"], allow_nan=False))
    assert got[0] == got[1]
    assert any(r["f"] is not None for r in json.loads(got[0])["rows"])


def test_the_sample_tells_its_story(runner: CliRunner) -> None:
    """After-sales is inconsistent across channels, delivery consistent; the JSON validates
    and, without the option, has no consistency block."""
    data = _json(runner, "analyze", str(SAMPLE), "--consistency", "channel")
    jsonschema.validate(data, _schema("report.schema.json"))
    rows = {
        (tuple(r["group_by"]), tuple(r["group"].values())): r for r in data["consistency"]["rows"]
    }
    after, delivery = rows[("touchpoint",), ("after-sales",)], rows[("touchpoint",), ("delivery",)]
    assert after["inconsistent"] and after["highest"] == "web" and after["rank"] == 1
    assert [v["value"] for v in after["values"]] == ["phone", "store", "web"]
    assert not delivery["inconsistent"] and delivery["rank"] == 2
    assert rows[("touchpoint",), ("app",)]["range_pp"] is None  # one channel: no test
    by_channel = _json(runner, "analyze", str(SAMPLE), "--by", "touchpoint+channel")
    row = next(r for r in by_channel["rows"] if r["group"] == {"touchpoint": "after-sales",
               "channel": "web"})  # fmt: skip
    web = after["values"][2]  # the same estimate, its sums from another layout: last bits apart
    for field in ("customer_pct", "customer_se_pp", "customer_ci_pp", "company_pct"):
        assert web[field] == pytest.approx(row[field], rel=1e-13), field
    assert (web["n_customers"], web["n_company"]) == (row["n_customers"], row["n_company"])


def test_a_customers_dimension_equals_the_split_rows(runner: CliRunner) -> None:
    data = _json(runner, "analyze", str(SAMPLE), "--consistency", "region", "--by", "touchpoint")
    split = _json(runner, "analyze", str(SAMPLE), "--split", "region", "--by", "touchpoint")
    row = next(r for r in data["consistency"]["rows"] if r["group"] == {"touchpoint": "web"})
    east = next(r for r in split["rows"] if r["group"] == {"touchpoint": "web"}
                and r["split"] == {"region": "East"})  # fmt: skip
    value = row["values"][0]
    assert value["value"] == "East"
    assert (value["customer_pct"], value["customer_se_pp"], value["n_customers"]) == (
        east["customer_pct"], east["customer_se_pp"], east["n_customers"])  # fmt: skip
    assert row["df_den"] == sum(v["n_customers"] for v in row["values"]) - 4
    high = _json(runner, "analyze", str(SAMPLE), "--consistency", "region", "--by", "touchpoint",
                 "--min-base", "400")  # fmt: skip
    web = next(r for r in high["consistency"]["rows"] if r["group"] == {"touchpoint": "web"})
    small = [v["value"] for v in web["values"] if v["n_customers"] < 400]
    assert web["excluded_values"] == small and small
    assert web["df_num"] == 4 - len(small) - 1


def test_bad_dimensions_are_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(SAMPLE), "--consistency", "colour"])
    assert result.exit_code == 2
    assert result.stderr.startswith("cxgap: error: --consistency colour: not a codebook column")
    folder = write_folder(
        tmp_path / "both",
        {
            "items": [("item", "touchpoint", "category", "region"), ("q1", "a", "x", "n")],
            "company": [("q1",), (5,), (4,)],
            "customers": [("q1", "region"), (5, "n"), (3, "s")],
        },
    )
    result = runner.invoke(app, ["analyze", str(folder), "--consistency", "region"])
    assert result.exit_code == 2 and "both a codebook column and a customers' column" in (
        result.stderr
    )


def test_trend_reports_the_range_per_wave_and_its_change(runner: CliRunner) -> None:
    waves = [str(WAVES / "2026Q2.xlsx"), str(WAVES / "2026Q3.xlsx")]
    data = _json(runner, "trend", *waves, "--consistency", "channel", "--by", "touchpoint")
    jsonschema.validate(data, _schema("trend.schema.json"))
    last = _json(runner, "analyze", waves[1], "--consistency", "channel", "--by", "touchpoint")
    for row in data["consistency"]["rows"]:
        found = next(r for r in last["consistency"]["rows"] if r["group"] == row["group"])
        assert row["by_wave"][1]["range_pp"] == found["range_pp"]
        assert row["by_wave"][1]["inconsistent"] == found["inconsistent"]
        assert [p["wave"] for p in row["by_wave"]] == ["2026Q2", "2026Q3"]
        ranges = [p["range_pp"] for p in row["by_wave"]]
        if None in ranges:
            assert row["change_pp"] is None
        else:
            assert row["change_pp"] == pytest.approx(ranges[1] - ranges[0], rel=1e-12)
    after = next(
        r for r in data["consistency"]["rows"] if r["group"]["touchpoint"] == "after-sales"
    )
    assert after["change_pp"] > 0 and all(p["inconsistent"] for p in after["by_wave"])


@pytest.fixture(scope="module")
def by_touchpoint() -> Any:
    import cxgap

    return cxgap.analyze(SAMPLE, consistency="channel", by="touchpoint")


def test_every_report_shows_inconsistent_service(by_touchpoint: Any, tmp_path: Path) -> None:
    from rich.console import Console

    from cxgap.render import markdown, table

    console = Console(file=io.StringIO(), width=80, color_system=None)
    table.render(by_touchpoint.report, console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert text.index("Fix first") < text.index("Inconsistent service") < text.index("Company")
    assert "after-sales  web 26%  phone 14%  12.0 pp *  F(2, 969) = 28.2, q < 0.001" in text
    lines = markdown.render(by_touchpoint.report)
    assert "| 1 | after-sales | web 26% | phone 14% | 12.0 pp | F(2, 969) = 28.2" in lines
    page = by_touchpoint.save(tmp_path / "r.html").read_text("utf-8")
    assert page.count('class="chart consistency"') == 1  # one level with a range
    assert page.count('<g class="group inconsistent">') == 1  # after-sales; delivery is not
    _check_deck(by_touchpoint.save(tmp_path / "r.pptx"))
    from openpyxl import load_workbook

    sheet = load_workbook(by_touchpoint.save(tmp_path / "r.xlsx"))["consistency"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("level", "group", "channel", "customer_pct")
    after = [line for line in rows if line[1] == "after-sales"]
    assert [line[2] for line in after] == ["phone", "store", "web"]
    assert {line[rows[0].index("inconsistent")] for line in after} == {"yes"}


def _check_deck(path: Path) -> None:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(path.read_bytes()))
    titles = [s.shapes[0].text_frame.text for s in deck.slides]
    at = titles.index("Inconsistent service by touchpoint: does channel matter?")
    assert "Fix first" in titles[at - 1]
    chart = next(s for s in deck.slides[at].shapes if s.has_chart).chart
    names = [series.name for series in chart.plots[0].series]
    assert names == ["groups", "range 0", "range 1", "phone", "store", "web"]
    notes = deck.slides[at].notes_slide.notes_text_frame.text
    assert notes.startswith("after-sales: best web 26%, worst phone 14%, range 12.0 pp")
