"""Every load option on each platform's export it applies to (issue 19.3): the exports'
cells of the table (:mod:`option_matrix`), each passing its probe (:mod:`option_probes`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from option_matrix import EXPORTS, cells
from option_probes import run

pytestmark = pytest.mark.slow  # every option against every export kind: make test-slow


@pytest.mark.parametrize(
    ("option", "kind"), [(o, k) for o, k in cells(spark=False) if k in EXPORTS]
)
def test_option_on_export(
    option: str, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(option, kind, tmp_path, monkeypatch)
