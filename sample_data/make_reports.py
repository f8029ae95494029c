"""Write the sample's reports to ``sample_data/reports/``: the deck, the HTML page and the
workbook of ``cxgap analyze`` on the sample survey and of ``cxgap trend`` on its two waves, so
that a newcomer can open them without installing anything (``make sample`` runs this).

The files are deterministic: the same code and data give the same bytes.

Usage: python sample_data/make_reports.py   (run from the repository root)
"""

from __future__ import annotations

import os
from pathlib import Path

import cxgap

ROOT = Path(__file__).absolute().parents[1]
OUT = ROOT / "sample_data" / "reports"
FORMATS = ("pptx", "html", "xlsx")
WAVES = ["sample_data/waves/2026Q2.xlsx", "sample_data/waves/2026Q3.xlsx"]


def main() -> None:
    os.chdir(ROOT)  # the reports name their inputs as the README's commands do
    OUT.mkdir(exist_ok=True)
    analysis = cxgap.analyze("sample_data/survey.xlsx")
    waves = cxgap.trend(WAVES)
    for fmt in FORMATS:
        analysis.save(OUT / f"analyze.{fmt}")
        waves.save(OUT / f"trend.{fmt}")
    print(f"wrote {len(FORMATS) * 2} reports in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
