"""Several waves in one parts input on the Spark engine (SPEC 2.1 with SPEC 8): the first pass
counts each wave on the executors, part by part; each wave's sums are taken there from the
batches filtered to its rows (some batches hold none of a wave's rows), cut into the chunks the
local engine cuts over the filtered rows (from each part's count of the wave), so the trend's
JSON is the local engine's byte for byte, and the whole read's but for the input. Run by
``make spark``.
"""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from cxgap._chunks import CHUNK
from cxgap.errors import CxgapError
from cxgap.load import load_survey
from cxgap.load._spark_pass import changed
from cxgap.model import LoadOptions, Parts, Settings
from cxgap.render.json import envelope, render_trend
from cxgap.stats import analyze, trend
from cxgap.stats._waves import wave_rows
from test_wave_parts import HEAD, ITEMS, READ, sample_rows, write_csv, write_parts

SETTINGS = Settings(splits=("region",))
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)


BIG = {"2026Q1": 24_000, "2026Q2": 17_000, "2026Q3": 9_000}
BIG_CUTS = [17_500, 30_000, 30_500]
"""50,000 customers in four Parquet parts: the first 17,000 rows all of 2026Q1, so that wave's
first chunk (of its filtered rows) lies in the first part, whole; the rest interleaved, so its
second chunk and 2026Q2's first are cut by three parts' edges (one part of 500 rows)."""


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("spark_waves")
    company = sample_rows(1, "S", {"2026Q1": 30, "2026Q2": 24, "2026Q3": 35})
    customers = sample_rows(2, "C", {"2026Q1": 800, "2026Q2": 950, "2026Q3": 700})
    customers[:400] = sorted(customers[:400], key=lambda r: str(r[1]))  # batches of one wave
    no_q2 = [r for r in company if r[1] != "2026Q2"]
    big = sample_rows(3, "B", BIG)
    first = [r for r in big if r[1] == "2026Q1"][:17_000]
    taken = {id(r) for r in first}
    big = first + [r for r in big if id(r) not in taken]
    return {
        "items": write_csv(root / "items.csv", ITEMS),
        "company": write_csv(root / "company.csv", [HEAD, *company]),
        "customers": write_csv(root / "customers.csv", [HEAD, *customers]),
        "company_parts": write_parts(root / "company_parts", company, [20, 61], "parquet"),
        "customer_parts": write_parts(root / "customer_parts", customers, [400, 1300], "csv"),
        "no_q2": write_parts(root / "no_q2", no_q2, [30], "parquet"),
        "big": write_csv(root / "big.csv", [HEAD, *big]),
        "big_parts": write_parts(root / "big_parts", big, BIG_CUTS, "parquet"),
    }


def _load(
    survey: dict[str, Path], company: str, customers: str, engine: str, batch_rows: int = 100
) -> Any:
    given = Parts(items=survey["items"], company=survey[company], customers=survey[customers])
    options = LoadOptions(engine=engine, batch_rows=batch_rows, **READ)  # type: ignore[arg-type]
    return load_survey(given, options)


def _trend(loaded: Any) -> str:
    return render_trend(trend([("label", loaded)], SETTINGS))


def _but_input(text: str) -> dict[str, Any]:
    out = json.loads(text)
    del out["input"]
    return dict(out)


def test_trend_of_waves_in_one_parts_input_on_spark_is_the_local_engines(
    survey: dict[str, Path],
) -> None:
    whole = _trend(_load(survey, "company", "customers", "local"))
    local = _trend(_load(survey, "company_parts", "customer_parts", "local"))
    loaded = _load(survey, "company_parts", "customer_parts", "spark")
    stream = loaded.customers.stream
    assert stream is not None and stream.map_batches is not None  # summed on the executors
    assert sorted(stream.waves) == ["2026Q1", "2026Q2", "2026Q3"]
    assert stream.waves["2026Q2"].size == 950
    assert [sum(part.values()) for part in stream.part_waves] == [400, 900, 1150]
    spark = _trend(loaded)
    assert json.loads(spark)["waves"] == ["2026Q1", "2026Q2", "2026Q3"]
    assert spark == local
    assert _but_input(spark) == _but_input(whole)


def test_analyze_of_waves_in_one_parts_input_on_spark_pools_them(
    survey: dict[str, Path],
) -> None:
    texts = []
    for engine in ("local", "spark"):
        loaded = _load(survey, "company_parts", "customer_parts", engine)
        texts.append(json.dumps(envelope(analyze(loaded, SETTINGS))))
    assert json.loads(texts[1])["headline"]["n_customers"] == 800 + 950 + 700
    assert texts[1] == texts[0]


def test_waves_over_several_chunks_cut_by_parts_edges_give_the_local_engines_json(
    survey: dict[str, Path],
) -> None:
    """50,000 customers: each wave's filtered rows cut into the local engine's chunks, whole
    ones reduced on the executors and those cut by parts' edges on the driver; the trend's JSON
    byte for byte, and the whole read's but for the input."""
    texts = {}
    for engine, customers in (("local", "big"), ("local", "big_parts"), ("spark", "big_parts")):
        loaded = _load(survey, "company_parts", customers, engine, batch_rows=3_000)
        texts[engine, customers] = _trend(loaded)
    stream = loaded.customers.stream  # Spark's
    assert {wave: count.size for wave, count in stream.waves.items()} == BIG
    assert stream.part_waves[0]["2026Q1"] == 17_000
    spark = texts["spark", "big_parts"]
    assert spark == texts["local", "big_parts"]
    assert _but_input(spark) == _but_input(texts["local", "big"])


def test_a_waves_chunks_on_spark_are_the_local_engines(survey: dict[str, Path]) -> None:
    """Each wave's chunks, as Spark maps a function over them, are those the local engine
    reads (first id and size, in row order): 2026Q1's first lies in one part (reduced on an
    executor), its second is cut by parts' edges (joined and reduced here)."""
    import os

    from cxgap._chunks import chunks
    from cxgap.stats._waves import assemble_waves

    seen = {}
    for engine in ("local", "spark"):
        waves, _ = assemble_waves([("label", _load(survey, "company_parts", "big_parts", engine))])
        for wave, viewed in waves:
            sample = viewed.customers
            stream = sample.stream
            assert stream is not None
            if engine == "local":
                got = [(c.respondent_ids[0], c.size, 0) for c in chunks(sample.batches())]
            else:
                assert stream.map_batches is not None
                fn = lambda c: (c.respondent_ids[0], c.size, os.getpid())  # noqa: E731
                got = list(stream.map_batches(fn))
            seen[engine, wave] = got
    for wave, n in BIG.items():
        spark = seen["spark", wave]
        assert [(rid, size) for rid, size, _ in spark] == [
            (rid, size) for rid, size, _ in seen["local", wave]
        ]
        assert [size for _, size, _ in spark] == [
            min(CHUNK, n - start) for start in range(0, n, CHUNK)
        ]
    here = [pid == os.getpid() for _, _, pid in seen["spark", "2026Q1"]]
    assert here == [False, True]


def test_a_filter_said_to_keep_every_row_is_refused_on_the_executors(
    survey: dict[str, Path],
) -> None:
    """A wave's filter given as a change that keeps rows would have the executors cut chunks
    from the parts' unfiltered starts: the executor raises instead of giving other sums."""
    stream = _load(survey, "company_parts", "customer_parts", "spark").customers.stream
    assert stream is not None
    wrong = stream.each(partial(wave_rows, wave="2026Q2"))
    assert wrong.map_batches is not None
    with pytest.raises(Exception, match="a change said to keep every row left"):
        list(wrong.map_batches(lambda chunk: chunk.size))


def test_a_filter_keeping_other_rows_than_it_said_is_refused_on_the_executors(
    survey: dict[str, Path],
) -> None:
    stream = _load(survey, "company_parts", "customer_parts", "spark").customers.stream
    assert stream is not None
    rows = tuple(part.get("2026Q2", 0) for part in stream.part_waves)
    with pytest.raises(ValueError, match="2 parts' rows given for 3 parts"):
        stream.filtered(partial(wave_rows, wave="2026Q2"), rows[:2])
    wrong = stream.filtered(partial(wave_rows, wave="2026Q2"), (rows[1], rows[0], rows[2]))
    assert wrong.map_batches is not None
    with pytest.raises(Exception, match=r"a filter kept \d+ rows of the part, where the first"):
        list(wrong.map_batches(lambda chunk: chunk.size))


def test_changed_counts_every_changes_rows_in_a_part(survey: dict[str, Path]) -> None:
    """The executors' check itself: a row-keeping change that keeps them passes, a filter
    whose rows match passes, and each mismatch raises naming the part."""
    loaded = _load(survey, "company", "customers", "local")
    batch = loaded.customers
    q2 = partial(wave_rows, wave="2026Q2")
    same = list(changed([batch], [(lambda b: b, None), (q2, (0, 950))], 1, "part-1"))
    assert [b.size for b in same] == [950]
    with pytest.raises(RuntimeError, match="part-1: a change said to keep every row left 950"):
        list(changed([batch], [(q2, None)], 0, "part-1"))
    with pytest.raises(RuntimeError, match="part-1: a filter kept 950 rows of the part, where"):
        list(changed([batch], [(q2, (949,))], 0, "part-1"))


def test_a_wave_without_staff_is_refused_on_spark_as_locally(survey: dict[str, Path]) -> None:
    said = []
    for engine in ("local", "spark"):
        with pytest.raises(CxgapError) as caught:
            trend([("label", _load(survey, "no_q2", "customer_parts", engine))], SETTINGS)
        said.append(str(caught.value))
    assert said[0] == said[1] and "wave 2026Q2 has no company respondents" in said[0]
