"""Work the command does beside the input's read, so that a large survey waits on one of them,
not on both.

Reading a Parquet or workbook survey spends most of its time in pyarrow's or fastexcel's own
threads, outside the interpreter; importing what comes after the read (pyarrow's compute
functions, about 0.05 s, and the statistics with scipy's special functions, about 0.2 s) is
interpreter work. :func:`importing` does those imports in a thread of its own while the read
runs. numpy is loaded first, by the command's thread; beyond it, a module either side imports
is simply waited for (its import lock), and no module imports one of the other side that
imports it back (``cxgap.load`` and ``cxgap.stats`` import nothing of each other), so no lock is
waited on in a circle. An import that fails in the thread fails again, with its own error,
when the command imports the module after the read.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def importing(*modules: str) -> Iterator[None]:
    """Import ``modules``, one after the other, in a thread while the body runs; the thread is
    joined on leaving."""
    import numpy  # noqa: F401  # loaded before the thread: both sides need it

    thread = threading.Thread(target=_quietly, args=modules, name=f"import {', '.join(modules)}")
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _quietly(*modules: str) -> None:
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception:  # the command's own import raises it again, where errors are handled
            return
