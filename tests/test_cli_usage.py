"""Usage errors (an unknown option, a bad value, a missing argument) are one line and exit 2,
as every other error (SPEC 3.2), not Click's four-line usage block; help and version unchanged."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE
from cxgap import __version__
from cxgap.cli import app

NUMBER = "input should be a valid number, unable to parse string as a number"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["analyze", "x.xlsx", "--max-ratio", "lots"],
            "invalid value for '--max-ratio' (env var: 'CXGAP_MAX_RATIO'): "
            f"{NUMBER}; see cxgap analyze --help",
        ),
        (
            ["analyze", "x.xlsx", "--confidence", "2"],
            "invalid value for '--confidence': input should be less than or equal to 0.9999; "
            "see cxgap analyze --help",
        ),
        (
            ["analyze", "x.xlsx", "--metric", "median"],
            "invalid value for '--metric': 'median' is not one of 'topbox', 'mean'; "
            "see cxgap analyze --help",
        ),
        (["analyze", "x.xlsx", "--bogus"], "no such option: --bogus; see cxgap analyze --help"),
        (
            ["validate", "x.xlsx", "--limit"],
            "no such option: --limit; see cxgap validate --help",
        ),
        (
            ["analyze", "x.xlsx", "--limit"],
            "option '--limit' requires an argument; see cxgap analyze --help",
        ),
        (
            ["analyze", "x.xlsx", "y.xlsx"],
            "got unexpected extra argument(s) (y.xlsx); see cxgap analyze --help",
        ),
        (
            ["trend", "a.xlsx", "b.xlsx", "--max-widening", "wide"],
            f"invalid value for '--max-widening': {NUMBER}; see cxgap trend --help",
        ),
        (["template"], "missing option '--output' / '-o'; see cxgap template --help"),
        (
            ["codebook"],
            "missing argument '[SURVEY.qsf] EXPORT [EXPORT]'; see cxgap codebook --help",
        ),
        (["report"], "no such command 'report'; see cxgap --help"),
        (["anlyze"], "no such command 'anlyze'. Did you mean 'analyze'? See cxgap --help"),
        (
            ["--verbose"],
            "no such option: --verbose (possible options: --version); see cxgap --help",
        ),
    ],
)
def test_a_usage_error_is_one_line(runner: CliRunner, args: list[str], line: str) -> None:
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"cxgap: error: {line}\n")


def test_a_bad_value_from_the_environment_is_one_line(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(SAMPLE)], env={"CXGAP_MAX_RATIO": "lots"})
    assert (result.exit_code, result.stderr) == (
        2,
        f"cxgap: error: invalid value for '--max-ratio' (env var: 'CXGAP_MAX_RATIO'): {NUMBER}; "
        "see cxgap validate --help\n",
    )


def test_help_and_version_are_unchanged(runner: CliRunner) -> None:
    version = runner.invoke(app, ["--version"])
    assert (version.exit_code, version.stdout, version.stderr) == (0, f"cxgap {__version__}\n", "")
    for args in (["--help"], ["analyze", "--help"], ["trend", "--help"]):
        shown = runner.invoke(app, args)
        assert shown.exit_code == 0 and shown.stderr == ""
        assert shown.stdout.startswith(
            f"Usage: cxgap {' '.join(args[:-1])}".rstrip() + " [OPTIONS]"
        )
        assert "Options:" in shown.stdout and "--help" in shown.stdout


def test_no_arguments_still_show_the_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2  # as Click has it: nothing was asked
    assert result.stderr.startswith("Usage: cxgap [OPTIONS] COMMAND [ARGS]...")
    assert "Commands:" in result.stderr and "analyze" in result.stderr


def test_a_usage_error_in_a_real_process_is_one_line() -> None:
    """Through ``cxgap.cli.main`` as the installed script runs it (sys.argv, sys.exit)."""
    done = subprocess.run(
        [sys.executable, "-c", "from cxgap.cli import main; main()", "analyze", "--top", "x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "cxgap: error: invalid value for '--top': input should be a valid integer, unable to "
        "parse string as an integer; see cxgap analyze --help\n",
    )
