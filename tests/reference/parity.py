"""Re-derive the reference values from scratch and diff them against the committed files.

    python tests/reference/parity.py          (make parity)

Runs ``make_fixtures.py``, ``make_servqual.py``, ``Rscript reference.R``, ``Rscript trend.R``,
``Rscript drivers.R``, ``Rscript servqual.R`` and ``Rscript consistency.R``
into a temporary folder, then compares ``cases.json``, ``drivers.json``, every fixture CSV (byte
for byte) and every ``expected/<case>.json`` (every value exactly; the ``generated_by`` block only
warns when R or survey versions differ) with the
committed ones under ``tests/reference``. Exit 0 when all agree, 1 on any difference, 2 when
R or its packages are missing.

To accept new values after a deliberate change: ``python tests/reference/make_fixtures.py &&
Rscript tests/reference/reference.R && Rscript tests/reference/trend.R && Rscript
tests/reference/drivers.R``, then review ``git diff tests/reference``.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHOWN = 20


def main() -> int:
    rscript = shutil.which("Rscript")
    if rscript is None:
        print("parity: Rscript not found; install R with the survey and jsonlite packages")
        return 2
    with tempfile.TemporaryDirectory(prefix="cxgap-parity-") as tmp:
        fresh = Path(tmp)
        for maker in ("make_fixtures.py", "make_servqual.py"):
            subprocess.run([sys.executable, str(HERE / maker), "--out", str(fresh)], check=True)
        for script in ("reference.R", "trend.R", "drivers.R", "servqual.R", "consistency.R"):
            r = subprocess.run([rscript, str(HERE / script), str(fresh)], check=False)
            if r.returncode != 0:
                print(f"parity: {script} failed (exit {r.returncode})")
                return 2
        problems = list(_compare(fresh))
    for problem in problems[:SHOWN]:
        print(problem)
    if len(problems) > SHOWN:
        print(f"... and {len(problems) - SHOWN} more")
    print(f"parity: {'OK' if not problems else f'{len(problems)} difference(s)'}")
    return 1 if problems else 0


def _files(root: Path) -> set[str]:
    patterns = ("cases.json", "drivers.json", "consistency.json", "fixtures/*/*", "expected/*.json")
    return {str(p.relative_to(root)) for pattern in patterns for p in root.glob(pattern)}


def _compare(fresh: Path) -> Iterator[str]:
    committed, made = _files(HERE), _files(fresh)
    yield from (f"{name}: committed, but not generated" for name in sorted(committed - made))
    yield from (f"{name}: generated, but not committed" for name in sorted(made - committed))
    for name in sorted(committed & made):
        old, new = (HERE / name).read_text("utf-8"), (fresh / name).read_text("utf-8")
        if old == new:
            continue
        if name.startswith("expected/"):
            yield from _compare_json(name, json.loads(old), json.loads(new))
        else:
            diff = difflib.unified_diff(
                old.splitlines(),
                new.splitlines(),
                f"committed/{name}",
                f"fresh/{name}",
                n=0,
                lineterm="",
            )
            yield f"{name}: differs\n" + "\n".join(list(diff)[:12])


def _compare_json(name: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[str]:
    if old.get("generated_by") != new.get("generated_by"):
        print(f"note: {name}: generated_by {old.get('generated_by')} -> {new.get('generated_by')}")
    old = {k: v for k, v in old.items() if k != "generated_by"}
    new = {k: v for k, v in new.items() if k != "generated_by"}
    yield from (f"{name}: {where}" for where in _differences(old, new, ""))


def _differences(old: Any, new: Any, path: str) -> Iterator[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys()):
            yield from _differences(old.get(key), new.get(key), f"{path}.{key}")
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from _differences(a, b, f"{path}[{i}]")
    elif old != new or type(old) is not type(new):
        yield f"{path}: committed {old!r}, fresh {new!r}"


if __name__ == "__main__":
    sys.exit(main())
