"""Work the command does beside the input's read, so that a large survey waits on one of them,
not on both.

Reading a Parquet or workbook survey spends most of its time in pyarrow's or fastexcel's own
threads, outside the interpreter; importing the statistics (scipy's special functions: about
0.2 s) is interpreter work. :func:`importing` does the import in a thread of its own while the
read runs. The two import no module in common that is not already loaded (numpy is, first),
and ``cxgap.load`` and ``cxgap.stats`` import nothing of each other, so no import lock is
waited on in a circle; an import that fails in the thread fails again, with its own error, when
the command imports the module after the read.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def importing(module: str) -> Iterator[None]:
    """Import ``module`` in a thread while the body runs; the thread is joined on leaving."""
    import numpy  # noqa: F401  # loaded before the thread: both sides need it

    thread = threading.Thread(target=_quietly, args=(module,), name=f"import {module}")
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _quietly(module: str) -> None:
    try:
        importlib.import_module(module)
    except Exception:  # the command's own import raises it again, where errors are handled
        return
