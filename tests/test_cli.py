"""The commands through typer's CliRunner: exit codes, stdout/stderr apart, files written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from conftest import SMALL_ITEMS, small_survey
from cxgap import __version__
from cxgap.cli import app


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"cxgap {__version__}\n"


def test_analyze_json_to_stdout_warnings_to_stderr(runner: CliRunner, tmp_path: Path) -> None:
    items = [*SMALL_ITEMS, ("q9", "web", "luxury", "Not asked of anyone")]
    path = small_survey(tmp_path / "s.xlsx", items=items)
    result = runner.invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["warnings"] == ["item q9 is in the codebook but in neither sample"]
    assert "item q9 is in the codebook but in neither sample" in result.stderr
    assert data["headline"]["n_company"] == 12
    assert data["headline"]["n_customers"] == 40


def test_json_is_the_default_off_a_terminal(runner: CliRunner, sample: Path) -> None:
    result = runner.invoke(app, ["analyze", str(sample)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["schema_version"] == 1


def test_json_is_byte_identical_between_runs(runner: CliRunner, sample: Path) -> None:
    first = runner.invoke(app, ["analyze", str(sample), "-f", "json"]).stdout
    second = runner.invoke(app, ["analyze", str(sample), "-f", "json"]).stdout
    assert first == second
    assert "NaN" not in first and "Infinity" not in first


def test_table_has_no_escape_codes_when_not_a_terminal(runner: CliRunner, sample: Path) -> None:
    result = runner.invoke(app, ["analyze", str(sample), "-f", "table"])
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "Delivery gap" in result.stdout


def test_gate_max_gap_fails_with_exit_1(runner: CliRunner, sample: Path) -> None:
    result = runner.invoke(app, ["analyze", str(sample), "-f", "json", "--max-gap", "60"])
    assert result.exit_code == 1
    assert "gate failed: --max-gap 60: phone support [touchpoint] has a significant gap" in (
        result.stderr
    )
    assert json.loads(result.stdout)["headline"]["gap_pp"] > 30  # the report is still written


def test_gate_max_gap_passes_above_every_gap(runner: CliRunner, sample: Path) -> None:
    result = runner.invoke(app, ["analyze", str(sample), "-f", "json", "--max-gap", "80"])
    assert result.exit_code == 0
    assert "gate failed" not in result.stderr


def test_gate_min_customer_pct(runner: CliRunner, sample: Path) -> None:
    failing = runner.invoke(app, ["analyze", str(sample), "--min-customer-pct", "40"])
    passing = runner.invoke(app, ["analyze", str(sample), "--min-customer-pct", "30"])
    assert failing.exit_code == 1
    assert "customers' overall top-box share is 31.5%" in failing.stderr
    assert passing.exit_code == 0


def test_missing_file_is_exit_2_in_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "nope.xlsx: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.xlsx"), "--debug"])
    assert result.exit_code == 2
    assert "Traceback" in result.stderr


def test_bad_option_value_is_exit_2(runner: CliRunner, sample: Path) -> None:
    result = runner.invoke(app, ["analyze", str(sample), "--confidence", "2"])
    assert result.exit_code == 2
    assert "--confidence" in result.stderr


def test_unknown_level_is_exit_2(runner: CliRunner, sample: Path) -> None:
    result = runner.invoke(app, ["analyze", str(sample), "--by", "colour"])
    assert result.exit_code == 2
    assert "--by colour: 'colour' is not a codebook column" in result.stderr


def test_output_file_is_written_whole(runner: CliRunner, sample: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = runner.invoke(app, ["analyze", str(sample), "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text())["schema_version"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left


def test_output_never_overwrites_the_input(runner: CliRunner, tmp_path: Path) -> None:
    path = small_survey(tmp_path / "s.xlsx")
    before = path.read_bytes()
    result = runner.invoke(app, ["analyze", str(path), "-f", "json", "-o", str(path)])
    assert result.exit_code == 2
    assert "would overwrite the input" in result.stderr
    assert path.read_bytes() == before


def test_csv_neutralises_formula_text(runner: CliRunner, tmp_path: Path) -> None:
    items = [
        ("item", "touchpoint", "category"),
        ("q1", "=HYPERLINK(1)", "@x"),
        ("q2", "+store", "-y"),
        ("q3", "web", "luxury"),
    ]
    path = small_survey(tmp_path / "folder", items=items)
    result = runner.invoke(app, ["analyze", str(path), "-f", "csv", "--by", "touchpoint"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("touchpoint,'=HYPERLINK(1),") for line in lines)
    assert any(line.startswith("touchpoint,'+store,") for line in lines)
    assert "\n=" not in result.stdout and ",=" not in result.stdout


def test_split_role_compares_each_role_with_all_customers(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = small_survey(tmp_path / "s.xlsx")
    result = runner.invoke(app, ["analyze", str(path), "-f", "json", "--split", "role"])
    rows = json.loads(result.stdout)["rows"]
    overall = {r["split"]["role"]: r for r in rows if r["split"] and r["group_by"] == []}
    assert sorted(overall) == ["executive", "frontline"]
    assert overall["executive"]["n_company"] == 4
    assert overall["frontline"]["n_company"] == 8
    assert overall["executive"]["n_customers"] == overall["frontline"]["n_customers"] == 40


def test_validate_counts_what_was_read(runner: CliRunner, sample: Path) -> None:
    result = runner.invoke(app, ["validate", str(sample)])
    assert result.exit_code == 0
    assert "26 (6 touchpoints, 3 categories, outcome q25, nps q26)" in result.stdout
    assert "3,000 respondents, 26 items, weighted" in result.stdout
    assert "39,814 blank, 494 non_substantive, 51 missing_code" in result.stdout


def test_template_writes_the_four_sheets(runner: CliRunner, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    target = tmp_path / "new.xlsx"
    result = runner.invoke(app, ["template", "-o", str(target)])
    assert result.exit_code == 0
    workbook = CalamineWorkbook.from_path(str(target))
    assert workbook.sheet_names == ["items", "company", "customers", "instructions"]
    items = workbook.get_sheet_by_name("items").to_python()
    assert items[0][:3] == ["item", "touchpoint", "category"]
    instructions = workbook.get_sheet_by_name("instructions").to_python()
    assert {row[1] for row in instructions} >= {"item", "touchpoint", "category", "weight"}


def test_template_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "new.xlsx"
    target.write_bytes(b"keep me")
    result = runner.invoke(app, ["template", "-o", str(target)])
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert target.read_bytes() == b"keep me"
    assert runner.invoke(app, ["template", "-o", str(target), "--force"]).exit_code == 0


def test_an_empty_template_is_refused_with_a_hint(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "new.xlsx"
    runner.invoke(app, ["template", "-o", str(target)])
    result = runner.invoke(app, ["validate", str(target)])
    assert result.exit_code == 2
    assert "items" in result.stderr


def test_validate_sends_warnings_to_stderr(runner: CliRunner, tmp_path: Path) -> None:
    items = [*SMALL_ITEMS, ("q9", "web", "luxury", "Not asked of anyone")]
    path = small_survey(tmp_path / "s.xlsx", items=items)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert "warning: item q9 is in the codebook but in neither sample" in result.stderr
    assert "q9" not in result.stdout
    quiet = runner.invoke(app, ["validate", str(path), "--quiet"])
    assert quiet.stderr == ""


def test_a_narrow_terminal_drops_columns_but_never_cuts_a_gap(sample: Path) -> None:
    narrow = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "50"})
    result = narrow.invoke(app, ["analyze", str(sample), "-f", "table", "--by", "touchpoint"])
    assert result.exit_code == 0
    table = result.stdout.split("By touchpoint", 1)[1]
    assert "+63.8*" in table and "-19.3*" in table  # phone support, app: whole
    assert "95% CI" not in table and "n co/cu" not in table
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= 50


def test_no_color_removes_colour_even_on_a_terminal(sample: Path) -> None:
    colour = re.compile(r"\x1b\[(?:3[0-9]|9[0-7])m")
    args = ["analyze", str(sample), "-f", "table", "--by", "touchpoint"]
    forced = CliRunner(env={"FORCE_COLOR": "1", "COLUMNS": "80"}).invoke(app, args)
    plain = CliRunner(env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "80"}).invoke(app, args)
    assert colour.search(forced.stdout)  # a terminal gets red blind spots and green strengths
    assert not colour.search(plain.stdout)


def test_forest_plot_marks_gap_interval_and_zero() -> None:
    from cxgap.render.table import forest
    from cxgap.report import Estimate, GapRow

    side = Estimate(
        pct=50.0, se_pp=1.0, ci_pp=(48.0, 52.0), ci_method="logit", n=100, n_eff=100.0,
        responses=100,
    )  # fmt: skip

    def row(gap: float, low: float, high: float) -> GapRow:
        return GapRow(
            group_by=(), group={}, split={}, company=side, customers=side, gap_pp=gap,
            gap_se_pp=1.0, gap_ci_pp=(low, high), gap_ci_method="welch", df=50.0, p_value=0.01,
        )  # fmt: skip

    # axis -10..30 on 9 characters: one character every 5 pp, zero at the third
    assert forest(row(20.0, 10.0, 30.0), (-10.0, 30.0), 9) == "  │ ──●──"
    assert forest(row(0.0, -5.0, 10.0), (-10.0, 30.0), 9) == " ─●──    "
    assert forest(row(-10.0, -10.0, 5.0), (-10.0, 30.0), 9) == "●─┼─     "


def test_an_80_column_table_draws_the_intervals(runner: CliRunner, sample: Path) -> None:
    result = runner.invoke(app, ["analyze", str(sample), "-f", "table", "--by", "touchpoint"])
    app_row = next(line for line in result.stdout.splitlines() if line.startswith("  6  app"))
    assert "-19.3*" in app_row and "●" in app_row and "│" in app_row
    assert app_row.index("●") < app_row.index("│")  # a negative gap sits left of zero


def test_bad_missing_codes_name_the_option_or_the_cell(runner: CliRunner, tmp_path: Path) -> None:
    path = small_survey(tmp_path / "s.xlsx")
    option = runner.invoke(app, ["analyze", str(path), "--missing=-99;x9"])
    assert option.exit_code == 2
    assert "--missing -99;x9: 'x9' is not a number" in option.stderr
    items = [
        ("item", "touchpoint", "category", "missing_codes"),
        ("q1", "store", "x", "-99;abc"),
        ("q2", "web", "y", ""),
        ("q3", "app", "z", ""),
    ]
    cell = runner.invoke(app, ["analyze", str(small_survey(tmp_path / "t.xlsx", items=items))])
    assert cell.exit_code == 2
    assert "items!D2: missing code 'abc' is not a number" in cell.stderr
