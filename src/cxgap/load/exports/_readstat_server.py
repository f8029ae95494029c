"""One warm process per cxgap run that has imported pyreadstat, and forks each read from it.

Starting the reader afresh for every file cost ~0.35 s of CPU, nearly all of it ``import
pyreadstat`` (and pandas under it). :mod:`._readstat` starts this file once, as a script in a
fresh interpreter (``python -P _readstat_server.py FD``: no fork of cxgap itself, whose threads
may hold locks), and this process imports pyreadstat once and then serves reads. It never
reads a file itself, so a crash of ReadStat cannot end it:

- a request comes on the socket ``FD`` (``AF_UNIX``, ``SOCK_SEQPACKET``: one message each) as
  cxgap's current directory, the script to run and its arguments, with three descriptors: the
  reader's stdout, its stderr, and a pipe for its end;
- a waiter is forked for it, and the waiter forks the reader, which runs the script (the
  child, :mod:`._readstat_child`) as ``__main__`` with its stdin on ``/dev/null`` and its
  stdout and stderr on the two descriptors, as a fresh interpreter would run it: an
  uncaught exception prints its traceback and exits 1, Ctrl-C ends it by SIGINT;
- the waiter writes the reader's wait status to the third descriptor, so that cxgap sees the
  signal that killed it as it would see a child of its own; several reads can run at once.

The server waits for its waiters (so that their CPU time counts in cxgap's, as a child's
would) and ends when cxgap closes its end of the socket (or exits).
"""

from __future__ import annotations

import contextlib
import os
import runpy
import signal
import socket
import sys
import traceback


def main(argv: list[str]) -> int:
    requests = socket.socket(fileno=int(argv[1]))
    with contextlib.suppress(ImportError):  # each reader's own import then says why, as before
        import pyreadstat  # noqa: F401  (the import every read would otherwise pay)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops cxgap and its reader, not this
    while True:
        _reap(os.WNOHANG)
        try:
            message, fds, _, _ = socket.recv_fds(requests, 65536, 3)
        except OSError:
            message, fds = b"", []
        if not message:  # cxgap closed its end
            _reap(0)
            return 0
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            continue
        if os.fork() == 0:
            requests.close()
            argv = message.decode("utf-8", "surrogateescape").split("\0")
            os._exit(_wait_for_reader(argv, *fds))
        for fd in fds:
            os.close(fd)


def _reap(options: int) -> None:
    """Wait for the waiters that have ended (all of them, without ``WNOHANG``): waited for,
    their CPU time and their readers' counts in cxgap's, as a child's own would."""
    try:
        while os.waitpid(-1, options)[0]:
            pass
    except ChildProcessError:
        return


def _wait_for_reader(argv: list[str], out: int, err: int, status: int) -> int:
    """In the waiter: fork the reader, wait for it, and write its wait status."""
    pid = os.fork()
    if pid == 0:
        os.close(status)
        _run_reader(argv, out, err)
    os.close(out)
    os.close(err)
    _, wait_status = os.waitpid(pid, 0)
    os.write(status, str(wait_status).encode("ascii"))
    return 0


def _run_reader(argv: list[str], out: int, err: int) -> None:
    """In the reader: ``argv`` is cxgap's directory, the script and its arguments; run the
    script there as a fresh ``python -P script ARGS`` would, then exit."""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(err, 2)
    for fd in (null, out, err):
        os.close(fd)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 0
    try:
        os.chdir(argv[0])
        sys.argv = argv[1:]
        runpy.run_path(argv[1], run_name="__main__")
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    except BaseException:
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            code = code or 120  # as the interpreter does when it cannot flush at exit
    os._exit(code)


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
