"""The suite's load cache (tests/sample_loads.py) keeps only what cannot differ between loads."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from conftest import SAMPLE, small_survey
from cxgap.model import LoadOptions, Survey
from sample_loads import SampleLoads


class Counted:
    """The loader itself (not the suite's cache in front of it), counting its calls."""

    def __init__(self) -> None:
        import cxgap.load

        loader = cxgap.load.load_survey
        self.load = loader.load if isinstance(loader, SampleLoads) else loader
        self.calls = 0

    def __call__(self, source: object, options: LoadOptions | None = None) -> Survey:
        self.calls += 1
        return self.load(source, options)


def test_a_committed_sample_is_loaded_once_per_path_and_options() -> None:
    counted = Counted()
    loads = SampleLoads(counted)
    first = loads(SAMPLE)
    assert loads(SAMPLE) is first and counted.calls == 1
    assert loads(SAMPLE, LoadOptions(reader="exact")) is not first and counted.calls == 2
    assert loads(str(SAMPLE)) is first and counted.calls == 2
    assert loads(os.path.relpath(SAMPLE)) is not first and counted.calls == 3  # as given: its path
    assert not first.customers.weights.flags.writeable
    assert not any(c.values.flags.writeable for c in first.customers.scores.columns)
    with pytest.raises(ValueError, match="read-only"):
        first.customers.weights[0] = 2.0


def test_other_files_and_progress_go_to_the_loader_every_time(tmp_path: Path) -> None:
    counted = Counted()
    loads = SampleLoads(counted)
    survey = small_survey(tmp_path / "s.xlsx")
    assert loads(survey) is not loads(survey) and counted.calls == 2
    told: list[object] = []
    progress = replace(LoadOptions(), progress=lambda *event: told.append(event))
    assert loads(SAMPLE, progress) is not loads(SAMPLE, progress) and counted.calls == 4
    assert loads.hits == 0 and np.asarray(loads(survey).customers.weights).flags.writeable
