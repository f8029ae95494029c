"""The process-level choices ``cxgap`` makes for speed: one BLAS thread (set before numpy loads,
never over the user's own setting), and the statistics imported beside the input's read."""

from __future__ import annotations

import os
import sys

import pytest

from conftest import SAMPLE
from cxgap import cli


def _run_main(monkeypatch: pytest.MonkeyPatch, *argv: str) -> None:
    monkeypatch.setattr(sys, "argv", ["cxgap", *argv])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code in (0, None)


def test_the_cli_runs_blas_on_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    _run_main(monkeypatch, "--version")
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"


def test_a_users_blas_threads_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    _run_main(monkeypatch, "--version")
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"


def test_the_statistics_load_beside_the_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The import thread has finished (joined) by the time the analysis runs, and the report
    is the same as ever: the sample's headline is there."""
    import threading

    from cxgap.commands import _beside

    started: list[str] = []
    real = threading.Thread

    def thread(*args: object, **kwargs: object) -> threading.Thread:
        started.append(str(kwargs.get("name")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_beside.threading, "Thread", thread)
    monkeypatch.setenv("NO_COLOR", "1")
    _run_main(monkeypatch, "analyze", str(SAMPLE), "--format", "json", "--quiet")
    assert [name for name in started if name.startswith("import ")] == [
        "import pyarrow.compute, cxgap.stats"
    ]
    assert '"headline"' in capsys.readouterr().out
    assert not [t for t in threading.enumerate() if t.name.startswith("import ")]
