"""The sample's reports in ``sample_data/reports/`` (``make sample``) are current: what the
code writes today, so that a newcomer opening them sees what cxgap makes.

The HTML is compared byte for byte. The deck and the workbook are compared part by part with
every decimal number rounded to 9 significant digits, so that a last-bit difference between
BLAS builds is no failure, while any changed slide, label, reference or value is.
"""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

REPORTS = ROOT / "sample_data" / "reports"
SCRIPT = ROOT / "sample_data" / "make_reports.py"
NAMES = [f"{cmd}.{fmt}" for cmd in ("analyze", "trend") for fmt in ("pptx", "html", "xlsx")]
_DECIMAL = re.compile(rb"-?\d+\.\d+(?:[eE][-+]?\d+)?")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports as the code writes them now."""
    out = tmp_path_factory.mktemp("reports")
    spec = importlib.util.spec_from_file_location("make_reports", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert sorted(p.name for p in module.write_reports(out)) == sorted(NAMES)
    return out


def _parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        parts = {}
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".xlsx"):
                parts.update({f"{name}/{k}": v for k, v in _parts(data).items()})
            else:
                parts[name] = _DECIMAL.sub(lambda m: b"%.9g" % float(m[0]), data)
        return parts


@pytest.mark.parametrize("name", NAMES)
def test_the_committed_sample_report_is_current(fresh: Path, name: str) -> None:
    committed, now = (REPORTS / name).read_bytes(), (fresh / name).read_bytes()
    if name.endswith(".html"):
        assert committed == now, f"{name} is stale: run make sample"
    else:
        assert _parts(committed) == _parts(now), f"{name} is stale: run make sample"
