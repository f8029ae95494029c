"""``make fuzz``: run N deterministic mutations of the sample through the CLI, 2 at a time.

Each case's input is written to a temporary folder and run as ``cxgap analyze CASE --format
json`` and ``cxgap validate CASE`` (with the case's options; some cases also print the Markdown
or table report, or draft a codebook), each in its own process under a time limit and an
address-space limit (``RLIMIT_AS``); a forked command whose peak RSS grows more than 1.5 GiB
above its parent's fails too (exit code 99 and a note on stderr). A case that is not handled (see
:mod:`fuzz.check`) is written to ``fuzz/found/<case>/``: its input files and ``note.md`` (the
mutation, the command lines, exit codes, stdout and stderr); the run then exits 1.

Processes: by default each worker imports cxgap once and forks a child per command, which sets
its limits, points fds 1 and 2 at files and runs ``cxgap.cli.main()`` as the ``cxgap`` script
does (import time is most of a run's cost). A forked child's address-space limit is the limit
on top of what it inherits from its worker. ``--exec`` runs the installed ``cxgap`` script
instead (``subprocess`` with the limits in ``preexec_fn``); every failure found by a forked
child is run again that way and both outcomes go in its note.

    python -m fuzz.run --cases 1000 --seed 0 --jobs 2 [--exec] [--only 17,42]
"""

from __future__ import annotations

import argparse
import atexit
import multiprocessing
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fuzz.base import ROOT, Base
from fuzz.check import judge
from fuzz.mutate import Case, make_case

FOUND = ROOT / "fuzz" / "found"
CXGAP = str(Path(sys.executable).with_name("cxgap"))


@dataclass(frozen=True)
class Limits:
    seconds: float
    memory_mb: int

    def apply(self, inherited: int = 0) -> None:
        """In the child: cap its address space at ``inherited`` bytes (what a forked child
        starts with) plus the limit, and its CPU time a little above the wall-clock limit."""
        memory = inherited + self.memory_mb * 1024**2
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        cpu = int(self.seconds) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


@dataclass(frozen=True)
class Outcome:
    command: str
    argv: list[str]
    code: int | None
    stdout: str
    stderr: str
    failure: str | None


def run_exec(argv: list[str], limits: Limits) -> tuple[int | None, str, str]:
    """Run the installed ``cxgap`` script; None as the code on a timeout."""
    try:
        done = subprocess.run(
            [CXGAP, *argv],
            capture_output=True,
            timeout=limits.seconds,
            preexec_fn=limits.apply,
            env={**os.environ, "NO_COLOR": "1"},
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        return None, _text(exc.stdout), _text(exc.stderr)
    return done.returncode, _text(done.stdout), _text(done.stderr)


def run_forked(argv: list[str], limits: Limits, scratch: Path) -> tuple[int | None, str, str]:
    """Fork, and in the child run ``cxgap.cli.main()`` with ``argv`` under the limits."""
    out, err = scratch / "stdout", scratch / "stderr"
    out.write_bytes(b"")  # here, not in the child: a child killed before it opens them
    err.write_bytes(b"")  # (a hang, a timeout) leaves empty output, not a missing file
    sys.stdout.flush()
    sys.stderr.flush()
    inherited, resident = _address_space(), _resident_kb()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 70
        try:
            atexit._clear()  # the worker's exit handlers (its temporary folders' cleanup) are
            # not the child's: cxgap's own ending runs exit handlers (cxgap.cli:run)
            limits.apply(inherited)
            for fd, path in ((1, out), (2, err)):
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                os.dup2(handle, fd)
                os.close(handle)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            _own_streams()
            sys.argv = ["cxgap", *argv]
            code = _main()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    deadline = time.monotonic() + limits.seconds
    pause = 0.002
    while True:
        done, status, used = os.wait4(pid, os.WNOHANG)
        if done:
            code: int | None = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, _, used = os.wait4(pid, 0)
            code = None
            break
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    PEAKS.append(max(0, used.ru_maxrss - resident) // 1024)
    stdout, stderr = _text(out.read_bytes()), _text(err.read_bytes())
    if code in (0, 1, 2) and PEAKS[-1] > PEAK_MB:
        stderr += f"\n(fuzz: peak RSS {PEAKS[-1]} MiB above {PEAK_MB} MiB)\n"
        code = PEAK_CODE
    return code, stdout, stderr


PEAK_MB = 1536
"""No command may take more memory than this: its peak RSS above its forking parent's."""
PEAK_CODE = 99
"""The exit code a forked command is given when it ran but took more than PEAK_MB."""
PEAKS: list[int] = []
"""Each forked command's peak RSS in MiB above its parent's resident size when it forked."""


def _resident_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _own_streams() -> None:
    """In the child: ``sys.stdout`` and ``sys.stderr`` on fds 1 and 2, as the interpreter
    opens them (a test harness may have replaced them with its own capture objects)."""
    for fd, name in ((1, "stdout"), (2, "stderr")):
        original = getattr(sys, f"__{name}__")
        stream = open(  # noqa: SIM115 - the process ends with it
            fd, "w", encoding=original.encoding, errors=original.errors, closefd=False
        )
        setattr(sys, name, stream)


def _address_space() -> int:
    """This process's virtual size in bytes (a warm worker's is over 1 GiB: the imports, the
    sample, Arrow's thread pools), which a forked child starts with."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _main() -> int:
    """What the interpreter does with the ``cxgap`` script (the function its entry point
    names): its exit code, a traceback on stderr (and 1) for an uncaught exception."""
    import traceback

    try:
        _entry_point()()
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


def _entry_point() -> Callable[[], object]:
    """The function the installed ``cxgap`` script calls (``cxgap.cli:main`` if none is
    installed)."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="console_scripts", name="cxgap"):
        function: Callable[[], object] = entry.load()
        return function
    from cxgap.cli import main

    return main


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


_BASE: Base | None = None
_SETTINGS: tuple[int, Limits, bool] | None = None


def _init(seed: int, limits: Limits, use_exec: bool) -> None:
    """A worker: the sample in memory and, for forking, cxgap's modules imported once."""
    global _BASE, _SETTINGS
    _BASE, _SETTINGS = Base.load(), (seed, limits, use_exec)
    os.environ["NO_COLOR"] = "1"
    if not use_exec:
        warm()


WARM = (
    "cxgap.cli", "cxgap.commands.analyze", "cxgap.commands.validate", "cxgap.gates",
    "cxgap.load", "cxgap.stats", "cxgap.render.emit", "cxgap.render.json", "cxgap.render._text",
    "cxgap.render.summary", "fastexcel", "python_calamine", "pyarrow", "pyarrow.parquet",
    "pyarrow.compute", "rich.console", "defusedxml.ElementTree", "scipy.stats", "scipy.special",
    "pydantic", "pyreadstat", "pandas", "cxgap.commands.codebook", "cxgap.load.exports",
    "cxgap.load.exports.qualtrics", "cxgap.load.exports.surveymonkey", "cxgap.load.exports.spss",
    "cxgap.render.markdown", "cxgap.render.table",
)  # fmt: skip
"""Modules a command imports as it runs: imported once per worker, before any fork."""


def warm() -> None:
    import contextlib
    import importlib

    for name in WARM:
        with contextlib.suppress(ImportError):  # not installed: the child imports what it needs
            importlib.import_module(name)
    from cxgap.load.exports import _readstat

    _readstat.start()  # the .sav/.zsav/.dta reader's warm process, shared by every child


def run_case(number: int) -> tuple[int, str, list[Outcome], float, int]:
    """Build case ``number``, run its commands, write it to fuzz/found/ if one fails; its
    number, kind, failures, seconds and largest peak RSS in MiB (forked commands only)."""
    assert _BASE is not None and _SETTINGS is not None
    seed, limits, use_exec = _SETTINGS
    start = time.monotonic()
    try:
        case = make_case(seed, number, _BASE)
    except Exception as exc:  # a bug of the fuzzer itself: reported, never skipped
        failure = f"the fuzzer cannot build this case: {type(exc).__name__}: {exc}"
        return number, "unbuilt", [Outcome("build", [], None, "", "", failure)], 0.0, 0
    outcomes = []
    PEAKS.clear()
    with tempfile.TemporaryDirectory(prefix="cxgap-fuzz-") as folder:
        scratch = Path(folder)
        target = case.write(scratch / "in")
        for command, argv in case.commands(target).items():
            code, stdout, stderr = (
                run_exec(argv, limits) if use_exec else run_forked(argv, limits, scratch)
            )
            outcomes.append(
                Outcome(command, argv, code, stdout, stderr, judge(command, code, stdout, stderr))
            )
        failed = [o for o in outcomes if o.failure]
        if failed:
            again = {} if use_exec else {o.command: run_exec(o.argv, limits) for o in failed}
            record(case, scratch / "in", outcomes, again)
    peak = max(PEAKS, default=0)
    return number, case.kind, [o for o in outcomes if o.failure], time.monotonic() - start, peak


def record(
    case: Case, folder: Path, outcomes: list[Outcome], again: dict[str, tuple[int | None, str, str]]
) -> Path:
    """Write the case's input and a note to fuzz/found/<case>/."""
    found = FOUND / case.name
    shutil.rmtree(found, ignore_errors=True)
    shutil.copytree(folder, found / "input")
    lines = [
        f"# {case.name}: {case.kind}",
        "",
        f"Mutation: {case.note}",
        f"Rebuild: `python -m fuzz.run --seed {case.seed} --only {case.number}`",
        "",
    ]
    for o in outcomes:
        shown = " ".join(["cxgap", *o.argv]).replace(str(folder), "input")
        lines += [f"## `{shown}`", "", f"exit {o.code}: {o.failure or 'handled'}", ""]
        if o.failure:
            lines += ["stderr:", "```", o.stderr[-4000:], "```", "stdout (start):", "```",
                      o.stdout[:1000], "```", ""]  # fmt: skip
        if o.command in again:
            code, _, stderr = again[o.command]
            verdict = judge(o.command, code, again[o.command][1], stderr) or "handled"
            lines += [f"Run again by the cxgap script: exit {code}: {verdict}", ""]
    (found / "note.md").write_text("\n".join(lines), encoding="utf-8")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz.run", description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per command")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address space per command")
    parser.add_argument("--exec", action="store_true", help="run the cxgap script, not a fork")
    parser.add_argument("--only", default="", help="case numbers, comma-separated")
    args = parser.parse_args(argv)
    numbers = [int(n) for n in args.only.split(",") if n] or list(range(args.cases))
    limits = Limits(args.timeout, args.memory_mb)
    start = time.monotonic()
    failures: list[tuple[int, str, list[Outcome]]] = []
    kinds: dict[str, list[float]] = {}
    peaks: dict[str, tuple[int, int]] = {}
    context = multiprocessing.get_context("fork")
    with context.Pool(args.jobs, _init, (args.seed, limits, args.exec)) as pool:
        results = pool.imap_unordered(run_case, numbers)
        for done, (number, kind, failed, took, peak) in enumerate(results, 1):
            kinds.setdefault(kind, []).append(took)
            peaks[kind] = max(peaks.get(kind, (0, 0)), (peak, number))
            if failed:
                failures.append((number, kind, failed))
                for o in failed:
                    print(f"FAILED case {number} ({kind}) {o.command}: {o.failure}", flush=True)
            if done % 100 == 0 and done < len(numbers):
                print(
                    f"  {done}/{len(numbers)} cases, {time.monotonic() - start:.0f} s", flush=True
                )
        pool.close()
        pool.join()
    seconds = time.monotonic() - start
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = used.ru_utime + used.ru_stime
    mode = "exec" if args.exec else "fork"
    print(
        "cases by kind (mean s): "
        + ", ".join(f"{k} {len(t)} ({sum(t) / len(t):.2f})" for k, t in sorted(kinds.items()))
    )
    if not args.exec:
        print(
            "largest peak RSS by kind (MiB above the worker; case): "
            + ", ".join(f"{k} {mb} ({n})" for k, (mb, n) in sorted(peaks.items()))
        )
    handled = len(numbers) - len(failures)
    print(
        f"{handled}/{len(numbers)} handled in {seconds:.1f} s ({cpu:.0f} s of CPU) "
        f"(seed {args.seed}, {args.jobs} jobs, {mode}; limits {args.timeout:g} s, "
        f"{args.memory_mb} MiB)"
    )
    if failures:
        print(f"{len(failures)} failed: see {FOUND.relative_to(ROOT)}/seed{args.seed}-case*/")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
