"""Pick a renderer and a destination: stdout, or a file written atomically with ``-o``."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

from cxgap.errors import UsageError
from cxgap.model import Report, TrendReport
from cxgap.render import FILE_FORMATS, FORMATS

SUFFIX_FORMATS = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".txt": "table",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
}
FILE_WIDTH = 100


def choose_format(fmt: str | None, output: Path | None) -> str:
    """``--format``, else the ``-o`` file's extension, else table on a terminal and json off it."""
    if fmt is None:
        if output is not None:
            return SUFFIX_FORMATS.get(output.suffix.lower(), "json")
        return "table" if sys.stdout.isatty() else "json"
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt} is not a format", hint=f"choose {', '.join(FORMATS)}")
    if fmt in FILE_FORMATS and output is None:
        raise UsageError(f"--format {fmt} writes a file", hint=f"name it with -o report.{fmt}")
    return fmt


def emit(
    report: Report | TrendReport,
    fmt: str | None,
    output: Path | None,
    limit: int | None,
    inputs: tuple[Path, ...],
    quiet: bool = False,
) -> None:
    """Render ``report`` to stdout or ``output``; its warnings go to stderr (the table on a
    terminal shows them itself)."""
    chosen = choose_format(fmt, output)
    if chosen == "table" and output is None:
        from rich.console import Console

        _table(report, Console(highlight=False), limit)
    else:
        data = render(report, chosen, limit)
        if output is None:
            sys.stdout.write(data.decode("utf-8") if isinstance(data, bytes) else data)
        else:
            write_atomic(output, data if isinstance(data, bytes) else data.encode("utf-8"), inputs)
    warn(report.warnings, quiet or (chosen == "table" and output is None))


def render(report: Report | TrendReport, fmt: str, limit: int | None = None) -> str | bytes:
    """The report in ``fmt``: text, or bytes for xlsx."""
    if fmt == "json":
        from cxgap.render import json

        return json.render(report) if isinstance(report, Report) else json.render_trend(report)
    if fmt == "csv":
        from cxgap.render import csv

        return csv.render(report)
    if fmt == "markdown":
        from cxgap.render import markdown

        if isinstance(report, Report):
            return markdown.render(report, limit)
        return markdown.render_trend(report, limit)
    if fmt == "xlsx":
        from cxgap.render import xlsx

        return xlsx.render(report)
    if fmt == "html":
        from cxgap.render import html

        return html.render(report, limit)
    from rich.console import Console

    buffer = io.StringIO()
    _table(report, Console(file=buffer, width=FILE_WIDTH, no_color=True), limit)
    return buffer.getvalue()


def _table(report: Report | TrendReport, console: object, limit: int | None) -> None:
    from cxgap.render import table, trend_table

    if isinstance(report, Report):
        table.render(report, console, limit)  # type: ignore[arg-type]
    else:
        trend_table.render(report, console, limit)  # type: ignore[arg-type]


def warn(warnings: tuple[str, ...], quiet: bool) -> None:
    """Each warning on stderr, one line each (yellow on a terminal): never wrapped at the
    width, a line break in it (an item id's, say) made a space."""
    if quiet:
        return
    import re

    from rich.console import Console

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for warning in warnings:
        line = re.sub(r"\s*[\r\n]+\s*", " ", warning)
        err.print(f"warning: {line}", style="yellow", markup=False)


def write_atomic(target: Path, data: bytes, inputs: tuple[Path, ...] = ()) -> None:
    """Write ``data`` to a temp file beside ``target``, then rename: never half a file.

    Refuses to write over any of ``inputs`` (a file, or a file inside an input folder).
    """
    resolved = target.resolve()
    for source in inputs:
        source = source.resolve()
        if resolved == source or (source.is_dir() and source in resolved.parents):
            raise UsageError(
                f"-o {target} would overwrite the input", hint="write the report somewhere else"
            )
    if not target.parent.exists():
        raise UsageError(
            f"-o {target}: the folder {target.parent} does not exist", hint="create it first"
        )
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
