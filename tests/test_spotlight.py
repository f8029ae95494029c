"""Blind spots, hidden strengths and Fix first are picked once, in stats
(``stats._spotlight``, at most ``SPOTLIGHT``), and held in the report: the terminal table and
the HTML page list the same rows, the JSON and CSV name them, and changing the one constant
changes all."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest

from conftest import SAMPLE
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.render import _text, html
from cxgap.render.csv import render as render_csv
from cxgap.render.emit import render
from cxgap.render.json import render as render_json
from cxgap.report import GapRow, Report
from cxgap.stats import _spotlight, analyze


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
def test_table_and_html_name_the_same_rows(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_spotlight, "SPOTLIGHT", limit)
    report = analyze(load_survey(SAMPLE), Settings())
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


def _rollups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if not r["split"] and r["group_by"] != ["item"]]


def _key(row: dict[str, Any]) -> dict[str, Any]:
    return {"group_by": row["group_by"], "group": row["group"], "split": row["split"]}


def test_json_names_the_rows_its_own_fields_choose(report: Report) -> None:
    """Chosen again here from the JSON's rows alone, by the rules docs/format.md states."""
    out = json.loads(render_json(report))
    rows = _rollups(out["rows"])
    for field, sign in (("blind_spots", 1), ("hidden_strengths", -1)):
        chosen = [r for r in rows if r["significant"] and sign * (r["gap_pp"] or 0) > 0]
        chosen.sort(key=lambda r: -sign * r["gap_pp"])
        assert out["spotlight"][field] == [_key(r) for r in chosen[:5]]
        assert chosen  # the sample has both (and more than five blind spots: the cut shows)
    assert len(out["spotlight"]["blind_spots"]) < len(
        [r for r in rows if r["significant"] and (r["gap_pp"] or 0) > 0]
    )
    fix = sorted((r for r in rows if r["quadrant"] == "fix_first"), key=lambda r: -r["priority"])
    assert out["fix_first"] == [_key(r) for r in fix[:5]] != []


def test_csv_marks_the_same_rows(report: Report) -> None:
    out = json.loads(render_json(report))
    lines = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert {"spotlight", "fix_first"} <= set(lines[0])
    assert lines[0]["spotlight"] == lines[0]["fix_first"] == ""  # the headline

    def named(line: dict[str, str]) -> dict[str, Any]:
        levels = line["group_by"].split("+")
        return {"group_by": levels, "group": {c: line[f"group.{c}"] for c in levels}, "split": {}}

    for field, mark in (("blind_spots", "blind_spot"), ("hidden_strengths", "hidden_strength")):
        marked = [line for line in lines if line["spotlight"] == mark]
        assert sorted(map(str, map(named, marked))) == sorted(map(str, out["spotlight"][field]))
    fix = sorted((line for line in lines if line["fix_first"]), key=lambda x: int(x["fix_first"]))
    assert [int(line["fix_first"]) for line in fix] == list(range(1, len(out["fix_first"]) + 1))
    assert [named(line) for line in fix] == out["fix_first"]
