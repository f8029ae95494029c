"""Blind spots and hidden strengths are picked once (``render._text.spotlight``, at most
``SPOTLIGHT``) for every report that names them: the terminal table and the HTML page list the
same rows, and changing the one constant changes both."""

from __future__ import annotations

import re

import pytest

from conftest import SAMPLE
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.render import _text, html
from cxgap.render.emit import render
from cxgap.report import GapRow, Report
from cxgap.stats import analyze


@pytest.fixture(scope="module")
def report() -> Report:
    return analyze(load_survey(SAMPLE), Settings())


def _table_block(text: str, title: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    return [" ".join(line.split()) for line in lines[start + 1 : end]]


def _html_list(page: str, title: str) -> list[str]:
    found = re.search(rf"<h2>{title}</h2><ul>(.*?)</ul>", page)
    assert found, title
    return [" ".join(item.split()) for item in re.findall(r"<li>(.*?)</li>", found[1])]


def _line(row: GapRow) -> str:
    return (
        f"{_text.fmt_gap(row.gap_pp)} pp {_text.describe_group(row)} "
        f"({_text.fmt_pct(row.company.pct)} vs {_text.fmt_pct(row.customers.pct)})"
    )


@pytest.mark.parametrize("limit", [5, 1])
def test_table_and_html_name_the_same_rows(
    report: Report, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_text, "SPOTLIGHT", limit)
    text, page = render(report, "table"), html.render(report)
    assert isinstance(text, str)
    for title, sign in (("Blind spots", 1), ("Hidden strengths", -1)):
        candidates = sorted(
            (
                r
                for r in report.rows
                if r.significant and sign * (r.gap_pp or 0) > 0 and r.group_by != ("item",)
            ),
            key=lambda r: -sign * (r.gap_pp or 0),
        )
        expected = [_line(r) for r in candidates[:limit]]
        assert len(candidates) >= 2  # the sample has more than one of each, so the cut shows
        assert _table_block(text, title) == expected
        assert _html_list(page, title) == [e.replace(" pp ", " pp: ", 1) for e in expected]
