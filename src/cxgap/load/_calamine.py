"""What the workbook readers' Rust code says while it reads, kept as cxgap's warnings.

calamine (the Rust reader inside fastexcel and python-calamine) reports what it finds odd in a
workbook through Python's logging (pyo3-log: loggers ``calamine.xlsx``, ...): a sheet whose
``<dimension>`` reaches column ``ZZZ...`` logs ``xlsx has more than maximum number of columns
(1030792149 > 16384)`` at WARNING. cxgap configures no logging, so logging's last resort
printed that line on stderr: outside cxgap's warnings, in no JSON, even with ``--quiet``.
:func:`calamine_said` catches these records while a reader runs, for the reader to report
as warnings, each naming the workbook: nothing calamine says is lost, none of it is printed.

A handler is attached to the readers' loggers for the call and taken off after. It keeps every
record logged meanwhile, from whichever thread (the Rust code may log from threads of its own),
so one capture runs at a time: a survey read in another thread waits for it (a lock).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

LOGGERS = ("calamine", "fastexcel", "python_calamine")
"""The loggers the Rust readers log to (pyo3-log names them after the Rust module paths)."""

_ONE_AT_A_TIME = threading.RLock()
"""Held by the thread whose capture runs (re-entrant: a capture nested in its own thread's
keeps its records twice, and waits for nothing)."""


class _Kept(logging.Handler):
    """Keeps the message of each record, on one line."""

    def __init__(self, said: list[str]) -> None:
        super().__init__()
        self.said = said

    def emit(self, record: logging.LogRecord) -> None:
        self.said.append(" ".join(record.getMessage().split()))


@contextmanager
def calamine_said(said: list[str]) -> Iterator[None]:
    """Add to ``said`` each message the readers log while the block runs, instead of letting
    logging print it; also when the block raises."""
    kept = _Kept(said)
    loggers = [logging.getLogger(name) for name in LOGGERS]
    with _ONE_AT_A_TIME:
        for logger in loggers:
            logger.addHandler(kept)
        try:
            yield
        finally:
            for logger in loggers:
                logger.removeHandler(kept)
