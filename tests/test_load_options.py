"""Every load option, on every input kind it applies to, changes what is read (issue 19.3):
the table (:mod:`option_matrix`) is complete, and each of its cells but the exports' (in
test_load_options_exports.py) and Spark's (in tests_spark) passes its probe
(:mod:`option_probes`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from option_matrix import EXPORTS, KINDS, TABLE, cells, check_complete
from option_probes import PROBES, run


def test_the_table_names_every_option_and_every_kind() -> None:
    assert check_complete() == []
    assert {name for name, _ in cells(spark=False)} == set(PROBES)
    assert set(KINDS) - {"spark"} == {kind for _, kind in cells(spark=False)}


@pytest.mark.parametrize(
    ("option", "kind"), [(o, k) for o, k in cells(spark=False) if k not in EXPORTS]
)
def test_option_on_kind(
    option: str, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(option, kind, tmp_path, monkeypatch)


def test_a_reason_is_given_for_every_kind_an_option_skips() -> None:
    for name, row in TABLE.items():
        for kind in KINDS:
            assert (kind in row.applies) != (row.reason(kind) is not None), (name, kind)
