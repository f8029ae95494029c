"""Write the sample's reports to ``sample_data/reports/``: the deck, the HTML page and the
workbook of ``cxgap analyze`` on the sample survey and of ``cxgap trend`` on its two waves, so
that a newcomer can open them without installing anything (``make sample`` runs this). Both
show the consistency across channels (``--consistency channel``, SPEC 9) too.

The files are deterministic: the same code and data give the same bytes.

Usage: python sample_data/make_reports.py [OUTPUT_DIR]   (default: sample_data/reports)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import cxgap

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sample_data" / "reports"
FORMATS = ("pptx", "html", "xlsx")
WAVES = ["sample_data/waves/2026Q2.xlsx", "sample_data/waves/2026Q3.xlsx"]


def write_reports(out: Path) -> list[Path]:
    """Write the six reports into ``out``; the inputs are named relative to the repository, as
    in the README's commands."""
    out = out.resolve()
    out.mkdir(exist_ok=True)
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        analysis = cxgap.analyze("sample_data/survey.xlsx", consistency="channel")
        waves = cxgap.trend(WAVES, consistency="channel")
        return [
            result.save(out / f"{name}.{fmt}")
            for fmt in FORMATS
            for name, result in (("analyze", analysis), ("trend", waves))
        ]
    finally:
        os.chdir(here)


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    written = write_reports(out)
    print(f"wrote {len(written)} reports in {out}")


if __name__ == "__main__":
    main(sys.argv)
