"""pyreadstat in a child process: a damaged ``.sav``/``.zsav``/``.dta`` cannot take cxgap down.

ReadStat is C, and a file from outside can crash it: a ``.zsav`` with a few flipped bytes
gives SIGSEGV inside ``read_sav``, which in cxgap's own process would end the run with exit
139 and nothing said. So :func:`read_readstat` runs :mod:`._readstat_child` as a script in
another process (never a fork of cxgap: a thread of cxgap's may hold a lock at that moment),
with its address space capped, and turns every way it can end into the answer or one
:class:`InputError` naming the file:

- killed by a signal (SIGSEGV, SIGBUS, SIGABRT, ...): "the file is damaged";
- out of its memory cap: "reading it needs more than N MiB";
- pyreadstat's own refusal: "not a readable ... file", as when it ran in this process.

Why a child rather than a memory-safe reader: none reads what cxgap needs of both formats.
pandas' ``read_stata`` is pure Python but reads only ``.dta`` (and would need every Stata rule
pinned again); ``ambers`` (Rust) reads only ``.sav``/``.zsav``, needs polars, and has no
distribution this project's registry serves; ``pyspssio`` wraps IBM's C library, and
``polars-readstat`` and ``readstat-arrow`` wrap ReadStat itself. A Rust reader can also still
end the process, by aborting on a failed allocation (issue 19's far-cell workbook did). The
child keeps the reader every test pins (value labels, user-missing codes and ranges, tagged
missing values, variable labels, string and numeric types), and bounds its memory as well.

Where the system allows (``os.fork``, ``AF_UNIX`` ``SOCK_SEQPACKET``: Linux), the child is
forked from one warm process per cxgap run, :mod:`._readstat_server`, started at the first read
in a fresh interpreter, that has imported pyreadstat once: a read then costs a fork (~10 ms of
CPU) instead of a fresh interpreter and ``import pyreadstat`` (~0.35 s). The child still ends
alone, its wait status comes back as a child's own would, and the server never reads a file.
A fork of cxgap (``make fuzz`` forks one per command) shares its parent's server.
Elsewhere, or when the server cannot be started, each read starts the child afresh.

The answer comes back as a pickle read with an unpickler that builds nothing but the values
a reader returns (numbers, texts, dates and times, containers): a child that a crafted file
took over cannot make this process run anything.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import pickle
import selectors
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from cxgap.errors import InputError, Where

CHILD = Path(__file__).with_name("_readstat_child.py")
SERVER = Path(__file__).with_name("_readstat_server.py")
MEMORY_MB = 1024.0
"""Memory the child may use beyond its start-up, by default: the data cap (``max_unpacked_mb``)
every other reader holds a file to."""

DAMAGED_HINT = "the file may be truncated or damaged: save or export it again"
_SAFE = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
}


def read_readstat(
    path: Path, display: str, *, stata: bool, memory_mb: float = MEMORY_MB
) -> tuple[list[str], list[list[object]], int, Any]:
    """``path`` read by pyreadstat in a child: the variables' names, their values (as
    :mod:`._readstat_child` gives them), the number of cases and the metadata (pyreadstat's
    attribute names)."""
    argv = [str(CHILD), str(path), "dta" if stata else "sav", str(memory_mb)]
    try:
        done = _forked(argv) or subprocess.run(
            [sys.executable, "-P", *argv],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise InputError(
            f"cannot start the reader for it ({exc.strerror or exc})",
            where=Where(display),
            hint="check that the Python that runs cxgap can start another process",
        ) from exc
    answer = _answer(done, display, stata, memory_mb)
    payload: dict[str, Any] = answer[1]
    return payload["names"], payload["columns"], payload["rows"], SimpleNamespace(**payload["meta"])


class _Server:
    """The warm process (:mod:`._readstat_server`) and this process's end of its socket."""

    def __init__(self) -> None:
        mine, its = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with its:
            self.process = subprocess.Popen(
                [sys.executable, "-P", str(SERVER), str(its.fileno())],
                pass_fds=(its.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        self.socket = mine
        self.sending = threading.Lock()
        self.owned = True  # False in a fork of the process that started it

    def run(self, argv: list[str]) -> subprocess.CompletedProcess[bytes] | None:
        """The child run on ``argv`` (script, arguments) in the current directory, as
        ``subprocess.run`` gives it; None when the server is gone."""
        out, err, status = os.pipe(), os.pipe(), os.pipe()
        ends = (out[1], err[1], status[1])
        try:
            with self.sending:
                message = "\0".join([os.getcwd(), *argv]).encode("utf-8", "surrogateescape")
                socket.send_fds(self.socket, [message], list(ends))
        except OSError:
            for fd in (out[0], err[0], status[0]):
                os.close(fd)
            return None
        finally:
            for fd in ends:
                os.close(fd)
        stdout, stderr, ended = _drained(out[0], err[0], status[0])
        if not ended:  # the server or the child's waiter was stopped: no wait status
            return None
        code = os.waitstatus_to_exitcode(int(ended))
        return subprocess.CompletedProcess(argv, code, stdout, stderr)

    def close(self) -> None:
        """Close the socket (the server ends when it sees that) and wait for the server, if
        this process started it."""
        self.socket.close()
        if not self.owned:
            return
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_server: _Server | None = None
_starting = threading.Lock()


def _forked(argv: list[str]) -> subprocess.CompletedProcess[bytes] | None:
    """The child forked from the warm server, or None where there is none to be had (the
    caller then starts the child afresh). A server found stopped is replaced once."""
    global _server
    if not _FORKS:
        return None
    for _ in range(2):
        with _starting:
            if _server is None:
                try:
                    _server = _Server()
                except OSError:
                    return None
            server = _server
        done = server.run(argv)
        if done is not None:
            return done
        with _starting:
            if _server is server:
                _server = None
                server.close()
    return None


def _drained(*fds: int) -> tuple[bytes, ...]:
    """Everything written to each pipe until all of them are closed."""
    chunks: dict[int, list[bytes]] = {fd: [] for fd in fds}
    with selectors.DefaultSelector() as selector:
        for fd in fds:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            for key, _ in selector.select():
                data = os.read(key.fd, 1 << 20)
                if data:
                    chunks[key.fd].append(data)
                else:
                    selector.unregister(key.fd)
                    os.close(key.fd)
    return tuple(b"".join(chunks[fd]) for fd in fds)


def _closed_at_exit() -> None:
    if _server is not None:
        _server.close()


def _shared_in_fork() -> None:
    """A fork of this process (a ``make fuzz`` command) sends its reads to the same server: a
    request is one message on the socket and its answers come on pipes of its own. The server
    stays the parent's to close; locks another thread held at the fork are made anew."""
    global _starting
    _starting = threading.Lock()
    if _server is not None:
        _server.owned = False
        _server.sending = threading.Lock()


def start() -> None:
    """Start the warm server now, where there is one, so that the forks of this process share
    it (``make fuzz`` forks a process per command) rather than each starting its own."""
    global _server
    if _FORKS:
        with _starting, contextlib.suppress(OSError):
            _server = _server or _Server()


_FORKS = (
    hasattr(os, "fork")
    and hasattr(socket, "SOCK_SEQPACKET")
    and hasattr(socket, "send_fds")
    and sys.platform.startswith("linux")
)
if _FORKS:
    atexit.register(_closed_at_exit)
    os.register_at_fork(after_in_child=_shared_in_fork)


def _answer(
    done: subprocess.CompletedProcess[bytes], display: str, stata: bool, memory_mb: float
) -> tuple[Any, ...]:
    where = Where(display)
    if done.returncode < 0:
        name = _signal_name(-done.returncode)
        if -done.returncode in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            raise InputError(
                f"its reader was stopped ({name}) before it finished",
                where=where,
                hint="run cxgap again; if the system stopped it for want of memory, the file "
                "may be damaged: save or export it again",
            )
        raise InputError(
            f"the file is damaged: its reader (ReadStat) crashed on it ({name})",
            where=where,
            hint="save or export it again, and check that it arrives whole",
        )
    answer = _unpickled(done.stdout) if done.returncode == 0 else None
    if answer is None:
        last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        failed = f"exit {done.returncode}" + (f": {last[0][:120]}" if last else "")
        raise InputError(
            "the file is damaged: its reader "
            + (f"failed on it ({failed})" if done.returncode else "gave no answer"),
            where=where,
            hint=DAMAGED_HINT,
        )
    if answer[0] == "memory":
        raise InputError(
            f"reading it needs more than {memory_mb:,.0f} MiB of memory",
            where=where,
            hint="if the file is damaged, save or export it again; if it is a genuine survey "
            "this large, raise the cap with --max-unpacked-mb, or export it as CSV or Parquet "
            "parts and read those with a codebook",
        )
    if answer[0] == "error":
        kind = "Stata .dta" if stata else "SPSS .sav/.zsav"
        raise InputError(
            f"not a readable {kind} file ({answer[1]}: {str(answer[2])[:120]})",
            where=where,
            hint=DAMAGED_HINT,
        )
    return answer


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class _Values(pickle.Unpickler):
    """Builds only plain values: any other class named in the pickle is refused."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a value a reader returns")


def _unpickled(data: bytes) -> tuple[Any, ...] | None:
    """The child's answer, or None when it is not one."""
    try:
        answer = _Values(io.BytesIO(data)).load()
    except Exception:  # truncated, or not a pickle of values: no answer
        return None
    ok = isinstance(answer, tuple) and answer and answer[0] in ("ok", "error", "memory")
    return answer if ok else None
