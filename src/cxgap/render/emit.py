"""Pick a renderer and a destination: stdout, or a file written atomically with ``-o``."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from cxgap.errors import UsageError
from cxgap.model import Report
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
        text = render_text(report, chosen, limit)
        if output is None:
            sys.stdout.write(text)
        else:
            from cxgap.commands._common import write_atomic

            write_atomic(output, text.encode("utf-8"), inputs)
    if not quiet and chosen != "table":
        err = Console(stderr=True, highlight=False)
        for warning in report.warnings:
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
