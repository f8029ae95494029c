"""Pick a renderer and a destination: stdout, or a file written atomically with ``-o``."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

from cxgap.errors import UsageError
from cxgap.model import Report, TrendReport
from cxgap.render import FORMATS

SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "markdown", ".txt": "table"}
FILE_WIDTH = 100


def choose_format(fmt: str | None, output: Path | None) -> str:
    if fmt is None:
        if output is not None:
            return SUFFIX_FORMATS.get(output.suffix.lower(), "json")
        return "table" if sys.stdout.isatty() else "json"
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt} is not a format", hint=f"choose {', '.join(FORMATS)}")
    return fmt


def emit(
    report: Report,
    fmt: str | None,
    output: Path | None,
    limit: int | None,
    inputs: tuple[Path, ...],
    quiet: bool = False,
) -> None:
    """Render ``report`` and write it to stdout or ``output``; warnings go to stderr."""
    from rich.console import Console

    chosen = choose_format(fmt, output)
    if chosen == "table" and output is None:
        render_table(report, Console(highlight=False), limit)
    else:
        _write(render_text(report, chosen, limit), output, inputs)
    warn(report.warnings, quiet or chosen == "table")


def emit_trend(
    report: TrendReport,
    fmt: str | None,
    output: Path | None,
    limit: int | None,
    inputs: tuple[Path, ...],
    quiet: bool = False,
) -> None:
    """As :func:`emit`, for ``cxgap trend``."""
    from rich.console import Console

    from cxgap.render import csv, json, markdown, trend_table

    chosen = choose_format(fmt, output)
    if chosen == "table" and output is None:
        trend_table.render(report, Console(highlight=False), limit)
    else:
        if chosen == "json":
            text = json.render_trend(report)
        elif chosen == "csv":
            text = csv.render_trend(report)
        elif chosen == "markdown":
            text = markdown.render_trend(report, limit)
        else:
            buffer = io.StringIO()
            trend_table.render(report, Console(file=buffer, width=FILE_WIDTH, no_color=True), limit)
            text = buffer.getvalue()
        _write(text, output, inputs)
    warn(report.warnings, quiet or chosen == "table")


def _write(text: str, output: Path | None, inputs: tuple[Path, ...]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    write_atomic(output, text.encode("utf-8"), inputs)


def warn(warnings: tuple[str, ...], quiet: bool) -> None:
    """Each warning on stderr, one line each (yellow on a terminal)."""
    if quiet:
        return
    from rich.console import Console

    err = Console(stderr=True, highlight=False)
    for warning in warnings:
        err.print(f"warning: {warning}", style="yellow", markup=False)


def render_text(report: Report, fmt: str, limit: int | None = None) -> str:
    if fmt == "json":
        from cxgap.render import json

        return json.render(report)
    if fmt == "csv":
        from cxgap.render import csv

        return str(csv.render(report))
    if fmt == "markdown":
        from cxgap.render import markdown

        return markdown.render(report, limit)
    from rich.console import Console

    buffer = io.StringIO()
    render_table(report, Console(file=buffer, width=FILE_WIDTH, no_color=True), limit)
    return buffer.getvalue()


def render_table(report: Report, console: object, limit: int | None) -> None:
    from cxgap.render import table

    table.render(report, console, limit)  # type: ignore[arg-type]


def write_atomic(target: Path, data: bytes, inputs: tuple[Path, ...] = ()) -> None:
    """Write ``data`` to a temp file beside ``target``, then rename: never half a file.

    Refuses to write over any of ``inputs`` (a file, or a file inside an input folder).
    """
    resolved = target.resolve()
    for source in inputs:
        source = source.resolve()
        if resolved == source or (source.is_dir() and source in resolved.parents):
            raise UsageError(
                f"-o {target} would overwrite the input",
                hint="write the report somewhere else",
            )
    if target.parent and not target.parent.exists():
        raise UsageError(
            f"-o {target}: the folder {target.parent} does not exist", hint="create it first"
        )
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
