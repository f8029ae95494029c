"""How a ``cxgap`` run ends: with its exit code, its output flushed, and nothing after that.

A normal interpreter exit does more than end the process. After Python's own shutdown, the C
runtime runs the native libraries' static destructors: Arrow's thread pools among them. If a
worker of such a pool is still joinable then (a reader's read-ahead, a pool being torn down
while a thread is still in it), its ``std::thread`` destructor calls ``std::terminate``: the run
prints ``terminate called without an active exception`` after its one-line message and ends in
SIGABRT, exit 134 instead of 2 (apache/arrow#34314; #38352 is the same teardown ending in
SIGSEGV). It is rare and depends on timing, so it cannot be avoided by closing one more reader:
the teardown itself is the lottery.

So :func:`end` does what a normal exit does that matters, in a fixed order, and then ends the
process at once (``os._exit``), never running the native teardown:

1. threading's own shutdown: every non-daemon thread joined (cxgap's own threads are joined
   where they are started: the archive scan, the import thread, the summing pools);
2. the exit handlers (``atexit``: pyspark stops its JVM there);
3. stdout and stderr flushed; a report that cannot be written is an error line and exit 2,
   a reader that went away is 141, as :mod:`._edge` says while a command runs.

Memory, files and threads go back to the system with the process, as at any exit.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn

from cxgap.commands._edge import EXIT_BROKEN_PIPE
from cxgap.errors import stdout_error


def exit_code(code: object) -> int:
    """The process's exit code for ``SystemExit(code)``, as the interpreter would choose it:
    None is 0, an int is itself, anything else is printed on stderr and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def end(code: int) -> NoReturn:
    """End the process now with ``code``, after threads, exit handlers and output."""
    shutdown = getattr(threading, "_shutdown", None)  # what the interpreter calls first
    if shutdown is not None:
        shutdown()
    atexit._run_exitfuncs()
    code = _flush(code)
    os._exit(code)


def _flush(code: int) -> int:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = code or EXIT_BROKEN_PIPE
    except OSError as exc:
        print(f"cxgap: error: {stdout_error(exc)}", file=sys.stderr)
        code = code or 2
    except ValueError:  # stdout closed by the program itself: nothing is waiting in it
        pass
    with contextlib.suppress(OSError, ValueError):  # nowhere left to say anything
        sys.stderr.flush()
    return code
