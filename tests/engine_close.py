"""One engine's JSON against another's (SPEC 8: Spark equals the local engine to 1e-12): used
by tests_spark and tests_cluster, which put this folder on their import path."""

from __future__ import annotations

from typing import Any

SPARK_REL = 1e-12


def assert_engines_agree(a: Any, b: Any, where: str = "$") -> None:
    """Nested JSON values equal, floats to :data:`SPARK_REL` (relative to ``a``, at least 1);
    the assertion names the path of the first difference."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            assert_engines_agree(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_engines_agree(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert abs(a - b) <= SPARK_REL * max(1.0, abs(a)), f"{where}: {a} vs {b}"
    else:
        assert a == b, where
