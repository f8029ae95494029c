"""Where the real survey-platform exports are: ``../shared/exports/`` beside the project.

They are not copied into the project (their licences and origins are in that folder's
README.md). A test that needs them fails, with a message saying where they are expected, when
they are not there: it never skips.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgap.load.exports import Export, read_export

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT.parent / "shared" / "exports"


def real(relative: str) -> Path:
    """The real export ``relative`` (``qualtrics/cats_salami_choice_text.csv``)."""
    path = EXPORTS / relative
    if not path.is_file():
        pytest.fail(
            f"real export {relative} not found: the tests expect the shared exports in "
            f"{EXPORTS} (../shared/exports beside the project, as CI checks it out)"
        )
    return path


def read_real(relative: str, **options: object) -> Export:
    return read_export(real(relative), display=relative, **options)  # type: ignore[arg-type]


def column_values(export: Export, name: str) -> list[object]:
    return list(export.column(name))
