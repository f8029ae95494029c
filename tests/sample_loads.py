"""The committed sample files loaded once per test process, not once per test.

``make test`` loads ``sample_data/`` (the survey, its waves, the SERVQUAL sample) a few hundred
times through the CLI and the API, with a handful of distinct options: each load reads and
classifies the same workbook again (0.13 s of CPU for the survey). :class:`SampleLoads` stands
in for ``cxgap.load.load_survey`` (conftest installs it for the session) and keeps the
:class:`~cxgap.model.Survey` of a committed sample file per path as given, file version and
options. Everything else goes to the loader as before:

- any other file or folder, and sample parts (the tests' own inputs, built per test);
- a load that reports progress (a terminal's progress bar must see its events);
- a survey read in batches (its stream reads the files again);
- a load that fails (the error is raised again by the loader each time).

The kept survey is the loader's own result, frozen: its arrays are made read-only, so that a
renderer or a statistic that wrote into its input would fail its test, not pass it on to the
next one.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from cxgap.model import LoadOptions, Survey

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"

Load = Callable[..., Survey]


class SampleLoads:
    def __init__(self, load: Load) -> None:
        self.load = load
        self.kept: dict[tuple[object, ...], Survey] = {}
        self.hits = 0

    def __call__(self, source: object, options: LoadOptions | None = None) -> Survey:
        key = _key(source, options)
        if key is None:
            return self.load(source, options)
        if key in self.kept:
            self.hits += 1
            return self.kept[key]
        survey = self.load(source, options)
        if survey.company.stream is None and survey.customers.stream is None:
            self.kept[key] = _frozen(survey)
        return survey


def _key(source: object, options: LoadOptions | None) -> tuple[object, ...] | None:
    """The key of a committed sample file's load, or None for any other load."""
    options = options or LoadOptions()
    if options.progress is not None or not isinstance(source, str | Path):
        return None
    path = Path(source).resolve()
    if not path.is_file() or not path.is_relative_to(SAMPLE_DATA):
        return None
    stat = path.stat()
    try:
        hash(options)
    except TypeError:
        return None
    return (str(source), os.getcwd(), str(path), stat.st_mtime_ns, stat.st_size, options)


def _frozen(value: Any, seen: set[int] | None = None) -> Any:
    """``value`` with every numpy array inside it made read-only (dataclasses, tuples, lists
    and mappings are walked); returns ``value``."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return value
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        value.setflags(write=False)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _frozen(getattr(value, field.name), seen)
    elif isinstance(value, tuple | list):
        for item in value:
            _frozen(item, seen)
    elif isinstance(value, Mapping):
        for item in value.values():
            _frozen(item, seen)
    return value
