"""One sums pass per sample given as parts (SPEC 8), whatever the splits, outcome and NPS items;
and ``cxgap trend`` on waves given as parts, equal to the same waves read whole.

The data are the sample waves (and the sample survey's first 240 customers), written as whole
files and as Parquet parts; a company ``region`` column makes one split cut both samples.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import SAMPLE
from cxgap._chunks import chunks
from cxgap.cli import app
from cxgap.load import load_survey
from cxgap.model import LoadOptions, Sample, Settings, Stream
from cxgap.render.json import envelope
from cxgap.stats import analyze
from test_parts import run
from test_stream import arrow_table

WAVES = SAMPLE.parent / "waves"
REGIONS = ("East", "North", "South", "West")
SPLITS = Settings(splits=("region", "role", "segment"))
"""``region`` is in both samples, ``role`` in the company's, ``segment`` in the customers';
the sample's codebook has an outcome (q25) and an NPS item (q26)."""


def _sheets(workbook: Path, customers: int | None = None) -> dict[str, list[list[Any]]]:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(workbook)
    sheets = {}
    for name in ("items", "company", "customers"):
        rows = book.get_sheet_by_name(name).to_python()
        sheets[name] = [["" if v is None else v for v in row] for row in rows]
    sheets["customers"] = sheets["customers"][: None if customers is None else customers + 1]
    header, *rows = sheets["company"]
    sheets["company"] = [[*header, "region"], *([*r, REGIONS[k % 4]] for k, r in enumerate(rows))]
    return sheets


def _write(folder: Path, sheets: dict[str, list[list[Any]]], parts: int) -> Path:
    """The survey as a folder: items.csv, and each sample as one Parquet file (``parts`` = 1)
    or as a subfolder of ``parts`` Parquet parts."""
    folder.mkdir(parents=True)
    with (folder / "items.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(sheets["items"])
    for name in ("company", "customers"):
        table = arrow_table(sheets[name])
        if parts == 1:
            pq.write_table(table, folder / f"{name}.parquet")
            continue
        (folder / name).mkdir()
        size = -(-table.num_rows // parts)
        for k, start in enumerate(range(0, table.num_rows, size)):
            pq.write_table(table.slice(start, size), folder / name / f"part-{k:03d}.parquet")
    return folder


def _counted(stream: Stream, counts: Counter[str], name: str, engine: bool) -> Stream:
    """``stream`` counting its passes: calls of ``batches``, or of an engine's ``map_batches``
    (here a stand-in that maps over the sample's chunks, as Spark's executors and driver do)."""
    batches = stream.batches

    def read() -> Iterator[Sample]:
        counts[name] += 1
        return batches()

    def mapped(fn: Callable[[Sample], object]) -> Iterator[object]:
        counts[name] += 1
        return map(fn, chunks(batches()))

    return replace(stream, batches=read, map_batches=mapped if engine else None)


def _plain(report: dict[str, Any]) -> dict[str, Any]:
    """The report but for its input's paths and digests."""
    return {key: value for key, value in report.items() if key != "input"}


@pytest.mark.parametrize("engine", [False, True], ids=["local", "engine"])
def test_one_sums_pass_per_streamed_sample(tmp_path: Path, engine: bool) -> None:
    sheets = _sheets(SAMPLE, customers=240)
    whole = load_survey(_write(tmp_path / "whole", sheets, 1))
    survey = load_survey(_write(tmp_path / "parts", sheets, 3), LoadOptions(batch_rows=50))
    counts: Counter[str] = Counter()
    for sample in (survey.company, survey.customers):
        assert sample.stream is not None
        stream = _counted(sample.stream, counts, sample.name, engine)
        survey = replace(survey, **{sample.name: replace(sample, stream=stream)})
    got = json.loads(json.dumps(envelope(analyze(survey, SPLITS))))
    assert counts == {"company": 1, "customers": 1}
    want = json.loads(json.dumps(envelope(analyze(whole, SPLITS))))
    assert got["nps"] and got["rows"][0]["importance"] is not None
    assert {k for r in got["rows"] for k in r["split"]} == {"region", "role", "segment"}
    assert _plain(got) == _plain(want)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each sample given as parts is read, by its folder."""
    from cxgap.load import _stream

    counts: Counter[str] = Counter()
    read = _stream.part_tables

    def counted(parts: Any, *args: Any) -> Any:
        counts[parts.display] += 1
        return read(parts, *args)

    monkeypatch.setattr(_stream, "part_tables", counted)
    return counts


def test_analyze_reads_each_part_folder_twice_validate_and_sums(
    tmp_path: Path, runner: CliRunner, reads: Counter[str]
) -> None:
    folder = _write(tmp_path / "drop", _sheets(SAMPLE, customers=240), 2)
    splits = ["--split", "region", "--split", "role", "--split", "segment"]
    out = run(runner, "analyze", str(folder), *splits, "--outcome", "q25")
    assert out["nps"] and out["rows"][0]["importance"] is not None
    assert reads == {str(folder / "company"): 2, str(folder / "customers"): 2}


def _waves(root: Path, parts: int) -> list[str]:
    return [str(_write(root / w.stem, _sheets(w), parts)) for w in sorted(WAVES.glob("*.xlsx"))]


def test_trend_on_parts_equals_trend_on_the_whole_files(
    tmp_path: Path, runner: CliRunner, reads: Counter[str]
) -> None:
    options = ["--split", "region", "--split", "segment", "--by", "touchpoint"]
    whole = run(runner, "trend", *_waves(tmp_path / "whole", 1), *options)
    assert not reads
    folders = _waves(tmp_path / "parts", 3)
    got = run(runner, "trend", *folders, *options)
    assert _plain(got) == _plain(whole)
    assert got["waves"] == ["2026Q2", "2026Q3"] and got["nps"] and got["rows"]
    assert {k for r in got["rows"] for k in r["split"]} == {"region", "segment"}
    samples = [f"{folder}/{name}" for folder in folders for name in ("company", "customers")]
    assert reads == dict.fromkeys(samples, 2)
    assert got["input"]["path"] == folders


def test_trend_takes_parts_per_wave_as_items_company_customers(
    tmp_path: Path, runner: CliRunner
) -> None:
    folders = [Path(f) for f in _waves(tmp_path / "parts", 2)]
    files = ["--items", str(folders[-1] / "items.csv")]
    for folder in folders:
        files += ["--company", str(folder / "company"), "--customers", str(folder / "customers")]
    by_folder = run(runner, "trend", *map(str, folders))
    by_files = run(runner, "trend", *files)
    assert _plain(by_files) == _plain(by_folder) and by_files["waves"] == ["2026Q2", "2026Q3"]


def test_parts_holding_several_waves_are_refused_as_the_whole_read_is(
    tmp_path: Path, runner: CliRunner
) -> None:
    """Waves in the customers' parts but no wave column in the company's: the whole read's
    refusal (tests/test_wave_parts.py compares the waves that are read)."""
    sheets = _sheets(SAMPLE, customers=240)
    header, *rows = sheets["customers"]
    at = header.index("wave")
    sheets["customers"] = [header, *([*r[:at], f"2026Q{2 + k % 2}", *r[at + 1 :]]
                                     for k, r in enumerate(rows))]  # fmt: skip
    said = []
    for parts in (1, 2):
        folder = _write(tmp_path / f"drop{parts}", sheets, parts)
        result = runner.invoke(app, ["trend", str(folder)])
        assert result.exit_code == 2
        said.append(result.stderr.replace(str(folder), "DROP"))
    assert said[0] == said[1]
    assert said[0] == (
        "cxgap: error: DROP: company, column 'wave': the company sheet has no wave column, so "
        "it cannot be split into waves (add a wave column to both samples, or pass one input "
        "per wave)\n"
    )


def test_a_split_given_twice_gives_its_rows_twice_as_before(tmp_path: Path) -> None:
    sheets = _sheets(SAMPLE, customers=240)
    survey = load_survey(_write(tmp_path / "drop", sheets, 2))
    once = analyze(survey, Settings(splits=("region",), levels=(("touchpoint",),)))
    twice = analyze(survey, Settings(splits=("region", "region"), levels=(("touchpoint",),)))
    split = tuple(r for r in once.rows if r.split)
    assert split and twice.rows == once.rows + split
