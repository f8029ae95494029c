"""The Spark column of the load options' table (tests/option_matrix.py, issue 19.3): each
option that applies to the Spark engine changes what the driver reads (the probe of
tests/option_probes.py, every load with ``--engine spark``), and Spark's own pass reads
the cells as the local engine does under that option (the same JSON rows)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import option_probes as probes
from cxgap.load import load_survey
from cxgap.model import LoadOptions, Parts, Settings
from cxgap.render.json import envelope
from cxgap.stats import analyze
from option_matrix import cells

pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)
SETTINGS = Settings(levels=(("item",),), splits=("region",))
C = probes.customers


def _rows(source: Parts, **options: Any) -> dict[str, Any]:
    report = analyze(load_survey(source, LoadOptions(**options)), SETTINGS)
    data: dict[str, Any] = json.loads(json.dumps(envelope(report)))
    return {key: data[key] for key in ("headline", "rows", "exclusions")}


SAME: dict[str, tuple[Callable[[], probes.Table], dict[str, Any], str]] = {
    "missing": (lambda: C(q1=probes._first(-99)), {"missing": (-99.0,)}, "utf-8"),
    "on_invalid": (lambda: C(q1=probes._first(9)), {"on_invalid": "exclude"}, "utf-8"),
    "non_answers": (lambda: C(q1=probes._first("Meh", str)), {"non_answers": ("meh",)}, "utf-8"),
    "weight": (lambda: C(w=[1 + i % 2 for i in range(probes.N)]), {"weight": "w"}, "utf-8"),
    "encoding": (
        lambda: C(region=["Zürich", "Genève"] * (probes.N // 2)),
        {"encoding": "latin-1"},
        "latin-1",
    ),
}
"""Per option: the customers it acts on, the option, and the parts' encoding."""


def test_the_spark_column_has_a_probe_for_every_option_it_applies_to() -> None:
    names = {name for name, _ in cells(spark=True)}
    assert names - {"progress", "engine", "spark_master", "batch_rows"} == set(SAME)
    assert names >= {"progress", "engine", "spark_master", "batch_rows"}


@pytest.mark.parametrize(("option", "kind"), cells(spark=True))
def test_option_on_spark(
    option: str, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if option == "spark_master":
        import cxgap.load._spark as spark

        masters: list[str | None] = []
        original = spark.session

        def told(master: str | None) -> Any:
            masters.append(master)
            return original(master)

        monkeypatch.setattr(spark, "session", told)
        source = probes.write(kind, tmp_path, C())
        assert isinstance(source, Parts)
        _rows(source, engine="spark", spark_master="local[1]")
        assert masters and set(masters) == {"local[1]"}
        return

    if option == "engine":  # the real pass on Spark (tests/ watches the choice with a spy)
        source = probes.write(kind, tmp_path, C())
        survey = load_survey(source, LoadOptions(engine="spark"))
        stream = survey.customers.stream
        assert stream is not None and stream.map_batches is not None
        assert survey.customers.size == probes.N
        assert not any("both samples were read here" in w for w in survey.warnings)
        return

    if option == "batch_rows":  # the executors read in the local engine's batches
        from cxgap.load._tally import Tally

        source = probes.write(kind, tmp_path, C())
        read: list[int] = []  # the batches of each part's tally, added on the driver
        add = Tally.__add__
        monkeypatch.setattr(Tally, "__add__", lambda a, b: read.append(b.batches) or add(a, b))
        for rows, batches in ((65_536, [1, 1]), (3, [2, 2])):
            read.clear()
            survey = load_survey(source, LoadOptions(engine="spark", batch_rows=rows))
            stream = survey.customers.stream
            assert stream is not None and stream.map_batches is not None
            assert read[-2:] == batches  # the customers' two parts of 4 rows
            assert list(stream.map_batches(lambda chunk: chunk.size)) == [8]  # one chunk
        return

    def on_spark(source: Any, **options: Any) -> Any:
        return load_survey(source, LoadOptions(**{"engine": "spark", **options}))

    monkeypatch.setattr(probes, "load", on_spark)
    monkeypatch.setattr(probes, "PLAIN_TO_SPARK", (*probes.PLAIN_TO_SPARK, "spark"))
    probes.PROBES[option](kind, tmp_path / "probe")
    if option not in SAME:
        return
    rows, options, encoding = SAME[option]
    source = probes.write(kind, tmp_path / "same", rows(), encoding=encoding)
    assert isinstance(source, Parts)
    local = _rows(source, **options)
    assert _rows(source, engine="spark", **options) == local
    if option == "encoding":
        regions = {row["split"]["region"] for row in local["rows"] if row["split"]}
        assert regions == {"Zürich", "Genève"}
