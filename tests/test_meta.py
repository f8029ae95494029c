"""The project's promises about itself: help everywhere, README coverage, a light start-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from cxgap.cli import app

COMMANDS = sorted(command.name or "" for command in app.registered_commands)


def test_there_are_commands() -> None:
    assert COMMANDS == ["analyze", "codebook", "template", "trend", "validate"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_text(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"Usage: cxgap {command}" in result.stdout
    callback = next(c.callback for c in app.registered_commands if c.name == command)
    assert callback is not None and callback.__doc__, f"{command} has no docstring"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_appears_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"cxgap {command}" in readme


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["analyze", "--help"]])
def test_start_up_imports_neither_pandas_nor_scipy(args: list[str]) -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['cxgap', *{args!r}]\n"
        "from cxgap.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'scipy', 'numpy'})\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "HEAVY []"


@pytest.mark.parametrize(
    ("option", "default"),
    [
        ("--top K", "Settings.top"),
        ("--confidence LEVEL", "Settings.confidence"),
        ("--alpha Q", "Settings.alpha"),
        ("--min-base N", "Settings.min_base"),
    ],
)
def test_the_readme_states_the_defaults_the_model_defines(option: str, default: str) -> None:
    """Option defaults live once, in the model: the commands and the README read them there."""
    from cxgap import model

    cls, name = default.split(".")
    value = getattr(getattr(model, cls), name)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith(f"| `{option}`"))
    assert f"(default {value:g}" in line, line
    command = next(c.callback for c in app.registered_commands if c.name == "analyze")
    import inspect

    parameter = inspect.signature(command).parameters[name]
    assert parameter.default == value


@pytest.mark.parametrize(("null_id", "exit_code"), [(False, 0), (True, 2)])
def test_a_parquet_analysis_never_loads_pandas(
    tmp_path: Path, null_id: bool, exit_code: int
) -> None:
    """pyarrow loads pandas (0.15 s) whenever a Python value is turned into Arrow; the Parquet
    path of ``analyze`` turns none, a null id (refused) included. pandas stays for the notebook
    API's ``to_pandas`` and the SPSS reader."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from load_builders import tables

    folder = tmp_path / "drop"
    folder.mkdir()
    for name, rows in tables().items():
        columns: dict[str, list[str | None]] = {
            str(h): [str(row[j]) for row in rows[1:]] for j, h in enumerate(rows[0])
        }
        if name == "customers" and null_id:
            columns["respondent_id"][3] = None
        pq.write_table(pa.table(columns), folder / f"{name}.parquet")
    code = (
        "import sys\n"
        f"sys.argv = ['cxgap', 'analyze', {str(folder)!r}, '-f', 'json']\n"
        "from cxgap.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    print('EXIT', exc.code or 0)\n"
        "print('PANDAS', 'pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.splitlines()[-2:] == [f"EXIT {exit_code}", "PANDAS False"], done.stderr
    assert ("respondent_id is blank" in done.stderr) == null_id
