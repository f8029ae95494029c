"""The one place where whatever a command raises becomes a message and an exit code.

Modelled on pypa/build's ``_handle_build_error``: every command runs inside :func:`reporting`,
which prints one line on stderr (the traceback only with ``--debug``) and exits with

- 1 for a failed quality gate (a finding, never anything else: CI reads 1 as one);
- 2 for a usage, input or output error, an operating-system error on a file included;
- 3 for anything unexpected: a bug in cxgap, said so in one line with how to report it;
- 141 (128 + SIGPIPE, what a shell reports for a Unix tool whose reader went away) when
  stdout is closed under us (``cxgap ... | head -1``), silently.

What typer rejects before a command runs (an unknown option, ``--confidence 2``, a missing
argument) goes through :class:`OneLineGroup`, the app's group: the same one line and exit 2,
instead of Click's usage block.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from cxgap._visible import one_line
from cxgap.errors import CxgapError, GateFailed, os_error_hint, stdout_error

DETAIL_LIMIT = 200  # characters of an unexpected error's text on its one line
EXIT_BROKEN_PIPE = 128 + 13
REPORT_HOW = (
    "a bug in cxgap; please report it with the command you ran and the output of the same "
    "command with --debug"
)


@contextmanager
def reporting(debug: bool) -> Iterator[None]:
    """Run a command: its errors become one line on stderr and their exit code."""
    gate_failed = False
    try:
        try:
            yield
        except GateFailed as exc:
            for failure in exc.failures:
                typer.echo(one_line(f"cxgap: gate failed: {failure}"), err=True)
            gate_failed = True
        flush_stdout()  # a full disk or a closed pipe shows here, not at exit
    except BrokenPipeError:
        _reader_gone()
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise
    except CxgapError as exc:
        _fail(f"cxgap: error: {exc}", exc.exit_code, debug)
    except OSError as exc:
        _fail(f"cxgap: error: {describe_os_error(exc)}", 2, debug)
    except Exception as exc:
        detail = str(exc) if len(str(exc)) <= DETAIL_LIMIT else str(exc)[: DETAIL_LIMIT - 1] + "…"
        _fail(f"cxgap: internal error: {type(exc).__name__}: {detail} ({REPORT_HOW})", 3, debug)
    if gate_failed:
        raise typer.Exit(GateFailed.exit_code)


def describe_os_error(exc: OSError) -> str:
    """``path: what went wrong (what to do)`` for an operating-system error."""
    what = f"{exc.strerror or exc or type(exc).__name__} ({os_error_hint(exc)})"
    if exc.filename is None:
        return what
    name = exc.filename
    return f"{os.fsdecode(name) if isinstance(name, str | bytes | os.PathLike) else name}: {what}"


def flush_stdout() -> None:
    """Flush stdout; a failure other than a closed pipe is an output error."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise stdout_error(exc) from exc


def _fail(line: str, code: int, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exc(file=sys.stderr)
    typer.echo(one_line(line), err=True)  # a cell or file name it quotes cannot drive the terminal
    raise typer.Exit(code) from None


def _reader_gone() -> NoReturn:
    """Stdout's reader has gone: exit quietly, and let nothing write to the pipe at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test runner's buffer): nothing to close
        pass
    raise typer.Exit(EXIT_BROKEN_PIPE) from None


class OneLineGroup(TyperGroup):
    """The app's group: a usage error typer finds while parsing is one line, exit 2.

    Click prints ``Usage: ...``, ``Try ... for help.`` and ``Error: ...`` on four lines; SPEC
    3.2 asks for one message naming the option and what to do, as every other error. The
    group runs typer's own ``main`` outside its standalone mode, so that the error comes back
    here, and exits as standalone mode would. No arguments at all still shows the help.
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        if not standalone_mode or (not given and self.no_args_is_help):
            return super().main(
                args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.TyperException as exc:  # Click's errors: UsageError, BadParameter, ...
            named = next((word for word in given if not word.startswith("-")), None)
            command = f"cxgap {named}" if named in self.commands else "cxgap"
            typer.echo(one_line(usage_line(exc, command)), err=True)
            sys.exit(2)  # never Click's 1 for its other errors: CI reads 1 as a finding
        sys.exit(code if isinstance(code, int) else 0)


_CAPITAL_AFTER = re.compile(r"(: |\()([A-Z])(?=[a-z])")  # "...: Input should", "(Possible ..."


def usage_line(exc: typer.TyperException, command: str) -> str:
    """``cxgap: error: <what>; see cxgap analyze --help`` for an error typer found in the
    arguments of ``command``: Click's message on one line, in the house's lower case."""
    what = " ".join(exc.format_message().split()).replace("Value error, ", "").rstrip(".")
    what = _CAPITAL_AFTER.sub(lambda m: m[1] + m[2].lower(), what)
    if what[:1].isupper() and not what[1:2].isupper():
        what = what[0].lower() + what[1:]
    if what.endswith("?"):  # Click suggests the fix already ("Did you mean 'analyze'?")
        return f"cxgap: error: {what} See {command} --help"
    return f"cxgap: error: {what}; see {command} --help"
