"""Where the real survey-platform exports are: ``../shared/exports/`` beside the project.

They are not copied into the project (their licences and origins are in that folder's
README.md). A clone without that folder beside it skips the tests that need it, all with the
one reason :data:`ABSENT` (so pytest's summary says in one line how many and why);
``CXGAP_REQUIRE_EXPORTS=1`` (set by ``.ci/run``) makes them fail instead, so CI reads every
real export.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cxgap.load.exports import Export, read_export
from cxgap.model import LoadOptions

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT.parent / "shared" / "exports"
REQUIRED = os.environ.get("CXGAP_REQUIRE_EXPORTS") == "1"
ABSENT = (
    "needs the real exports in ../shared/exports, which is not beside this clone "
    "(CXGAP_REQUIRE_EXPORTS=1 makes this a failure)"
)


def real(relative: str) -> Path:
    """The real export ``relative`` (``qualtrics/cats_salami_choice_text.csv``)."""
    if not EXPORTS.is_dir():
        if REQUIRED:
            pytest.fail(f"CXGAP_REQUIRE_EXPORTS=1 but {EXPORTS} is not there")
        pytest.skip(ABSENT)
    path = EXPORTS / relative
    if not path.is_file():
        pytest.fail(f"real export {relative} not found in {EXPORTS}")
    return path


def read_real(relative: str, *, keep_tests: bool = False, **options: object) -> Export:
    """The real export ``relative`` read with the load ``options`` given."""
    path = real(relative)
    return read_export(path, LoadOptions(**options), keep_tests=keep_tests, display=relative)  # type: ignore[arg-type]


def column_values(export: Export, name: str) -> list[object]:
    return list(export.column(name))
