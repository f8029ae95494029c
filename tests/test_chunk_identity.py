"""Every sum is its chunks' sums added one after the other in row order (:mod:`cxgap._chunks`),
so a sample read in batches of any size, from parts cut anywhere, gives the very bits of the
sample read whole (and so does Spark, which reduces the same chunks: tests_spark).

The data are the sample survey's customers: their first 240 with chunks of 32 rows (7.5 chunks,
so parts and batches cut chunks anywhere), and 50,000 rows at the real chunk size (3 chunks and
a part), made of the sample's customers under new ids.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import SAMPLE
from cxgap import _chunks
from cxgap._chunks import pieces
from cxgap.load import load_survey
from cxgap.model import Parts, Sample
from cxgap.stats import _sums
from cxgap.stats._sums import group_sums
from test_stream import _json, _parts, _rows, _split_parquet, arrow_table, data

__all__ = ["data"]  # the fixture, used here by name
SMALL = 32


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of :data:`SMALL` rows, for the cutting and for every sum."""
    monkeypatch.setattr(_chunks, "CHUNK", SMALL)
    monkeypatch.setattr(_sums, "CHUNK", SMALL)


@pytest.fixture(scope="module")
def customers() -> Sample:
    return load_survey(SAMPLE).customers


def _batches(sample: Sample, sizes: list[int]) -> list[Sample]:
    edges = [0, *itertools.accumulate(sizes)]
    return [_chunks._rows(sample, slice(a, b)) for a, b in itertools.pairwise(edges)]


@pytest.mark.parametrize("start", [0, 5, SMALL - 1, SMALL, 3 * SMALL + 7])
@pytest.mark.parametrize("sizes", [[240], [1] * 70, [7, 0, 50, 33, 100], [SMALL] * 5 + [3]])
def test_pieces_cut_the_rows_at_every_chunk_edge(
    small_chunks: None, customers: Sample, start: int, sizes: list[int]
) -> None:
    got = list(pieces(_batches(customers, sizes), start))
    ids = [rid for _, piece in got for rid in piece.respondent_ids]
    assert ids == list(customers.respondent_ids[: sum(sizes)])
    assert [at for at, _ in got] == list(
        itertools.accumulate([start] + [piece.size for _, piece in got[:-1]])
    )
    for at, piece in got:
        assert piece.size > 0 and at // SMALL == (at + piece.size - 1) // SMALL
        if at % SMALL > 0 or at + piece.size < start + sum(sizes):  # inside, every piece whole
            assert (at + piece.size) % SMALL == 0 or at == got[0][0]


def test_chunk_sums_added_in_blocks_differ_in_the_last_bits(
    small_chunks: None, customers: Sample
) -> None:
    """What the order of additions is for: on these data, the chunks' sums added two by two
    first (as batches of two chunks were before) are not the same bits as added flat."""
    k = len(customers.scores.columns)

    def sums(sample: Sample) -> _sums.Sums:
        zeros = np.zeros(sample.size, np.intp)
        return group_sums(sample.scores, np.full(k, 4.0), sample.weights, np.eye(k), zeros, 1)

    flat = sums(customers)
    blocks = [sums(b) for b in _batches(customers, [2 * SMALL] * (customers.size // SMALL))]
    added = blocks[0]
    for block in blocks[1:]:
        added = added + block
    assert np.allclose(added.sbb, flat.sbb, rtol=1e-12)
    assert not all(
        np.array_equal(getattr(added, f), getattr(flat, f)) for f in ("sw", "sww", "sb", "sbb")
    )


@pytest.mark.parametrize(
    ("batch", "cuts"),
    [(7, [31, 33]), (SMALL, [3, 100, 161]), (50, [64]), (250, [1, 200])],
)
def test_a_streamed_sample_is_its_whole_reading_to_the_bit(
    small_chunks: None, data: dict[str, Any], tmp_path: Path, batch: int, cuts: list[int]
) -> None:
    whole = _json(_parts(data, data["root"] / "customers.parquet"))
    folder = _split_parquet(data, tmp_path / "parts", cuts)
    assert _json(_parts(data, folder), batch_rows=batch) == whole
    assert whole["rows"] and whole["nps"]


@pytest.mark.slow  # 3.5 s: make test-slow
def test_the_real_chunk_size_with_parts_cut_inside_chunks(
    data: dict[str, Any], tmp_path: Path
) -> None:
    """50,000 customers (3 chunks of 16,384 and 848 rows), in four parts cut inside chunks
    and read in batches of 7,000: the JSON is the whole file's, byte for byte."""
    n = 3 * _chunks.CHUNK + 848
    sample = arrow_table(_rows("customers"))
    table = pa.concat_tables([sample] * -(-n // sample.num_rows)).slice(0, n)
    ids = pa.array([f"R{k:06d}" for k in range(n)])
    table = table.set_column(table.schema.get_field_index("respondent_id"), "respondent_id", ids)
    pq.write_table(table, tmp_path / "customers.parquet")
    (tmp_path / "parts").mkdir()
    for k, (a, b) in enumerate(itertools.pairwise([0, 9_999, 16_385, 40_000, n])):
        pq.write_table(table.slice(a, b - a), tmp_path / "parts" / f"part-{k}.parquet")
    given = {"items": data["items"], "company": data["company"]}
    whole = _json(Parts(customers=tmp_path / "customers.parquet", **given))
    parts = _json(Parts(customers=tmp_path / "parts", **given), batch_rows=7_000)
    assert parts == whole
    assert whole["rows"] and whole["nps"]
