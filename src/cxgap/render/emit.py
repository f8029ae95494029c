"""Pick a renderer and a destination: stdout, or a file written atomically with ``-o``."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxgap._visible import markdown_text, one_line, printable
from cxgap.errors import OutputError, UsageError, os_error_hint, stdout_error
from cxgap.render import FILE_FORMATS, FORMATS
from cxgap.render._safe import mapped
from cxgap.report import Report, TrendReport

if TYPE_CHECKING:
    from rich.console import Console

SUFFIX_FORMATS = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".txt": "table",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".pptx": "pptx",
}
"""The extensions ``-o`` knows, each with the format it holds: a new format adds its line here.
Any other extension needs ``--format``; a ``.txt`` file may hold any text format."""
FILE_WIDTH = 100
LIMITED_FORMATS = ("table", "markdown", "html")
"""The formats ``--limit`` shortens; the data formats always hold every row."""


def choose_format(fmt: str | None, output: Path | None) -> str:
    """``--format``, else the ``-o`` file's extension, else table on a terminal and json off it.

    Refuses what would silently write the wrong thing: an unknown format, a file format to
    stdout, an ``-o`` extension cxgap does not write, an extension that contradicts ``--format``.
    """
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"--format {fmt} is not a format", hint=f"choose {', '.join(FORMATS)}")
    if output is None:
        if fmt in FILE_FORMATS:
            raise UsageError(
                f"--format {fmt} writes a file", hint=f"name it with -o report{suffix_of(fmt)}"
            )
        return fmt or ("table" if sys.stdout.isatty() else "json")
    check_target(output)
    if _is_special(output):  # /dev/null, /dev/stdout, a named pipe: no extension to go by
        return fmt or "json"
    suffix = output.suffix.lower()
    named = SUFFIX_FORMATS.get(suffix)
    if fmt is None:
        if named is None:
            raise UsageError(
                f"-o {output}: cxgap does not write {suffix or 'files without an extension'}",
                hint=f"end its name in {', '.join(SUFFIX_FORMATS)}; "
                f"or say what to write with --format {'|'.join(FORMATS)}",
            )
        return named
    if named not in (None, fmt) and not (suffix == ".txt" and fmt not in FILE_FORMATS):
        raise UsageError(
            f"-o {output} is named for {named}, but --format asks for {fmt}",
            hint=f"name it {output.with_suffix(suffix_of(fmt)).name}, or leave out --format",
        )
    return fmt


def check_output(fmt: str | None, output: Path | None, inputs: tuple[Path, ...]) -> None:
    """Everything :func:`emit` would refuse about ``--format`` and ``-o``, checked up front."""
    if output is not None:
        check_target(output, inputs)
    choose_format(fmt, output)


def suffix_of(fmt: str) -> str:
    """The extension a file of ``fmt`` gets (its first in :data:`SUFFIX_FORMATS`)."""
    return next((suffix for suffix, known in SUFFIX_FORMATS.items() if known == fmt), f".{fmt}")


def check_target(target: Path, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse an ``-o`` that cannot be written, before any work: a folder, a file in a folder
    that does not exist, any of ``inputs`` (a file, or a file inside an input folder)."""
    if target.is_dir():
        raise UsageError(
            f"-o {target} is a folder", hint=f"name a file in it, e.g. -o {target / 'report.json'}"
        )
    if not target.parent.exists():
        raise UsageError(
            f"-o {target}: the folder {target.parent} does not exist", hint="create it first"
        )
    resolved = target.resolve()
    for source in inputs:
        source = source.resolve()
        if resolved == source or (source.is_dir() and source in resolved.parents):
            raise UsageError(
                f"-o {target} would overwrite the input", hint="write the report somewhere else"
            )


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
        try:
            _table(report, console(highlight=False, markup=False, emoji=False), limit)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise stdout_error(exc) from exc
    else:
        data = render(report, chosen, limit)
        if output is None:
            write_stdout(data.decode("utf-8") if isinstance(data, bytes) else data)
        else:
            write_atomic(output, data if isinstance(data, bytes) else data.encode("utf-8"), inputs)
    notes = report.warnings
    if limit is not None and chosen not in LIMITED_FORMATS:
        notes += (f"--limit shortens {', '.join(LIMITED_FORMATS)}; {chosen} holds every row",)
    warn(notes, quiet or (chosen == "table" and output is None))


def render(report: Report | TrendReport, fmt: str, limit: int | None = None) -> str | bytes:
    """The report in ``fmt``: text, or bytes for xlsx and pptx. Its texts from the input are
    shown as :mod:`cxgap._visible` says: exact in JSON, without HTML or links in Markdown, on
    one line in a table, with control characters escaped everywhere."""
    if fmt not in ("json", "table"):
        report = mapped(report, markdown_text if fmt == "markdown" else printable)
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
    if fmt == "pptx":
        from cxgap.render import pptx

        return pptx.render(report, limit)
    from rich.console import Console

    buffer = io.StringIO()
    plain = Console(file=buffer, width=FILE_WIDTH, no_color=True, markup=False, emoji=False)
    _table(report, plain, limit)
    return buffer.getvalue()


def _table(report: Report | TrendReport, console: object, limit: int | None) -> None:
    """The table on ``console``, which must take text as written (``markup=False``,
    ``emoji=False``: a cell ``[link=...]`` or ``:smile:`` is shown, not obeyed), each text
    from the input on one line with its control characters escaped."""
    from cxgap.render import table, trend_table

    report = mapped(report, one_line)
    if isinstance(report, Report):
        table.render(report, console, limit)  # type: ignore[arg-type]
    else:
        trend_table.render(report, console, limit)  # type: ignore[arg-type]


def warn(warnings: tuple[str, ...], quiet: bool) -> None:
    """Each warning on stderr, one line each (yellow on a terminal): never wrapped at the
    width, a line break in it (an item id's, say) made a space, a control character escaped."""
    if quiet:
        return
    err = console(stderr=True, highlight=False, soft_wrap=True)
    for warning in warnings:
        err.print(f"warning: {one_line(warning)}", style="yellow", markup=False, emoji=False)


def console(**options: Any) -> Console:
    """A Rich console for stdout or stderr whose closed pipe raises :class:`BrokenPipeError`
    for the command's edge to handle (Rich's own handler would exit 1: a failed gate)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return _Console(**options)


def write_atomic(target: Path, data: bytes, inputs: tuple[Path, ...] = ()) -> None:
    """Write ``data`` to a temp file beside ``target``, then rename: never half a file.

    Refuses to write over any of ``inputs`` (a file, or a file inside an input folder). A
    device or pipe (``-o /dev/null``) is written to, never replaced by a file.
    """
    check_target(target, inputs)
    try:
        if _is_special(target):
            with target.open("wb") as stream:
                stream.write(data)
            return
        _replace(target, data)
    except OSError as exc:
        raise OutputError(
            f"-o {target}: cannot write it: {exc.strerror or exc}", hint=os_error_hint(exc)
        ) from exc


def _replace(target: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _is_special(target: Path) -> bool:
    """An existing path that is neither a file nor a folder: a device, a pipe, a socket."""
    return target.exists() and not target.is_file() and not target.is_dir()


def write_stdout(text: str) -> None:
    """Text to stdout; a full disk behind ``>`` is an output error (a closed pipe is left to
    the command's edge, which exits quietly)."""
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise stdout_error(exc) from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
