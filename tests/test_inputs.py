"""The input options are declared once (cxgap.inputs): every command that reads a survey, and the
notebook API, takes all of them, with the same defaults and ranges; the API never loads the CLI."""

from __future__ import annotations

import inspect
import subprocess
import sys
from dataclasses import fields
from typing import Any

import pytest
import typer.main

import cxgap
from cxgap.cli import app
from cxgap.errors import UsageError
from cxgap.inputs import INPUT_OPTIONS, RANGES, ReadArgs
from cxgap.model import LoadOptions

READING = ("analyze", "trend", "validate")
"""The commands that read a survey (template writes one; codebook drafts from exports)."""


def _commands() -> dict[str, Any]:
    """The commands as typer builds them (its own click: only ``.params`` is used)."""
    group: Any = typer.main.get_command(app)
    return {name: group.commands[name] for name in READING}


def test_the_api_loads_neither_typer_nor_click_nor_the_commands() -> None:
    """Neither on import nor when a function runs (to the loader, which finds no file)."""
    code = (
        "import sys, cxgap, cxgap.api, cxgap.inputs\n"
        "from cxgap.errors import CxgapError\n"
        "for run in (lambda: cxgap.analyze('nope.xlsx', missing='-99'), "
        "lambda: cxgap.trend(['nope.xlsx'])):\n"
        "    try:\n"
        "        run()\n"
        "    except CxgapError:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click')\n"
        "      or m.startswith(('cxgap.commands', 'cxgap.cli'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_input_options_are_the_fields_of_read_args() -> None:
    assert tuple(f.name for f in fields(ReadArgs)) == INPUT_OPTIONS
    assert set(INPUT_OPTIONS) >= {"missing", "on_invalid", "encoding", "engine", "spark_master"}
    for name in set(INPUT_OPTIONS) - {"missing", "non_answers"}:  # parsed from texts
        assert getattr(ReadArgs(), name) == getattr(LoadOptions(), name), name


@pytest.mark.parametrize("command", READING)
def test_every_reading_command_takes_every_input_option(command: str) -> None:
    params = {p.name: p for p in _commands()[command].params}
    assert set(INPUT_OPTIONS) <= set(params)
    for f in fields(ReadArgs):
        expected = None if f.default == () else f.default
        assert params[f.name].default == expected, f.name


def test_the_reading_commands_share_one_set_of_input_options() -> None:
    """What differs between them is their own (PATHs, gates, formats), never an input option."""
    options = {name: {p.name for p in cmd.params} for name, cmd in _commands().items()}
    shared = set.intersection(*options.values())
    assert set(INPUT_OPTIONS) <= shared
    for name in READING:
        assert options[name] - shared <= {
            "by", "split", "top", "confidence", "alpha", "min_base", "no_weights", "metric",
            "outcome", "consistency", "rank_by", "fmt", "output", "limit", "max_gap",
            "min_customer_pct", "baseline", "max_widening", "path", "paths",
        }, name  # fmt: skip


def test_the_api_takes_every_input_option_with_the_same_defaults() -> None:
    for function in (cxgap.analyze, cxgap.trend):
        parameters = inspect.signature(function).parameters
        assert set(INPUT_OPTIONS) <= set(parameters), function.__name__
        for f in fields(ReadArgs):
            expected = None if f.default == () else f.default
            assert parameters[f.name].default == expected, (function.__name__, f.name)


def test_the_cli_ranges_are_the_declared_ranges() -> None:
    params = {p.name: p for p in _commands()["analyze"].params}
    assert set(RANGES) <= set(params)
    for name, allowed in RANGES.items():
        assert (params[name].min, params[name].max) == (allowed.low, allowed.high), name


@pytest.mark.parametrize(
    ("keyword", "value", "hint"),
    [
        ("top", 0, "1 or more"),
        ("confidence", 0.4, "between 0.5 and 0.9999"),
        ("alpha", 0.6, "between 0.0001 and 0.5"),
        ("min_base", -1, "0 or more"),
        ("max_unpacked_mb", 0.5, "between 1 and 1,048,576"),
        ("max_ratio", 1.5, "between 2 and 1,000,000"),
    ],
)
def test_the_api_refuses_what_the_cli_refuses(keyword: str, value: float, hint: str) -> None:
    with pytest.raises(UsageError, match=rf"{keyword}={value} is out of range \(use {hint}\)"):
        cxgap.analyze("never-read.xlsx", **{keyword: value})  # type: ignore[arg-type]


def test_the_api_parses_texts_as_the_cli_does() -> None:
    read = ReadArgs(missing=("-99;99", "7"), non_answers=("Unfamiliar (N/A); No basis", " "))
    options = read.load_options(keep_columns=("role",))
    assert options.missing == (-99.0, 99.0, 7.0)
    assert options.non_answers == ("Unfamiliar (N/A)", "No basis")
    assert options.keep_columns == ("role",)
    with pytest.raises(UsageError, match="--missing x: 'x' is not a number"):
        ReadArgs(missing=("x",)).load_options()
