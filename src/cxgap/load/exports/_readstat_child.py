"""The child process that reads one ``.sav``/``.zsav``/``.dta`` file with pyreadstat.

ReadStat, pyreadstat's C library, crashes on some damaged files (a few flipped bytes in a
``.zsav`` give SIGSEGV), so cxgap never runs it in its own process: :mod:`._readstat` starts
this file as a script (``python -P _readstat_child.py PATH KIND MEMORY_MB``; run by its path, it
imports nothing of cxgap and no pandas), and a crash here is a message there.

Before reading, the child caps its address space at what its imports use plus ``MEMORY_MB``:
a damaged header that declares billions of cases fails an allocation here instead of taking
the machine's memory. It writes one pickle to the stdout it was given, and sends anything a
library prints to stderr, so that nothing else reaches the pipe:

- ``("ok", {"names", "columns", "rows", "meta"})``: the variables' names, each variable's
  values as Python values (system-missing as None; in a numeric variable, a Stata tagged
  missing value as the text ``.a``...``.z``), the number of cases, and pyreadstat's metadata
  as plain dicts;
- ``("error", type name, message)``: pyreadstat refused the file;
- ``("memory", "")``: reading needed more than the cap.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import Any, BinaryIO

META = (
    "column_names_to_labels",
    "original_variable_types",
    "readstat_variable_types",
    "variable_value_labels",
    "missing_ranges",
    "missing_user_values",
)
"""The metadata cxgap uses, by pyreadstat's attribute names."""


def main(argv: list[str]) -> int:
    path, kind, memory_mb = argv[1], argv[2], float(argv[3])
    out = _payload_pipe()
    import pyreadstat

    _cap_memory(memory_mb)
    reader = pyreadstat.read_dta if kind == "dta" else pyreadstat.read_sav
    try:
        data, meta = reader(path, user_missing=True, output_format="dict")
        message: tuple[Any, ...] = ("ok", _payload(data, meta))
    except MemoryError:
        message = ("memory", "")
    except Exception as exc:  # pyreadstat raises ReadstatError, PyreadstatError, OSError
        if "allocate memory" in str(exc):  # ReadStat's READSTAT_ERROR_MALLOC
            message = ("memory", "")
        else:
            message = ("error", type(exc).__name__, str(exc))
    try:
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
    except MemoryError:
        return 3  # the parent sees no answer and an exit code: a reader that failed
    return 0


def _payload_pipe() -> BinaryIO:
    """The stdout the parent reads, kept for the answer alone: fd 1 becomes stderr."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return out


def _cap_memory(memory_mb: float) -> None:
    """Cap the address space at what is mapped now plus ``memory_mb`` (Linux; elsewhere the
    cap is left to the system)."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            mapped = next(int(line.split()[1]) * 1024 for line in status if line[:7] == "VmSize:")
        limit = mapped + int(memory_mb * 1024**2)
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    except (ImportError, OSError, StopIteration, ValueError):
        return


def _payload(data: dict[str, list[Any]], meta: Any) -> dict[str, Any]:
    names = list(data)
    types = meta.readstat_variable_types or {}
    columns = [_values(data[name], types.get(name) == "string") for name in names]
    return {
        "names": names,
        "columns": columns,
        "rows": len(columns[0]) if columns else 0,
        "meta": {name: getattr(meta, name, None) or {} for name in META},
    }


def _values(column: list[Any], string: bool) -> list[object]:
    """System-missing (None, NaN) as None; in a numeric variable, a Stata tagged missing value
    (pyreadstat gives ``'a'``) as the text ``'.a'``."""
    if string:
        return [None if value is None or value != value else value for value in column]
    return [
        None if value is None or value != value else f".{value}" if type(value) is str else value
        for value in column
    ]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
