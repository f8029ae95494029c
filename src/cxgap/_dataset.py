"""A sample given as what Spark reads (SPEC 8, "On a real cluster"): a dataset URI
(``file://``, ``hdfs://``, ``s3a://``, ...) or a catalog table (``spark-table:NAME``), as
``--customers`` and ``--company`` take them beside local paths. Typer-free: the commands and
:func:`cxgap.analyze` parse the option's text here (:func:`sample_input`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

TABLE = "spark-table:"
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Dataset:
    """A dataset URI or ``spark-table:NAME``, kept as given (a :class:`~pathlib.Path` would
    fold ``file:///a`` to ``file:/a``)."""

    text: str

    def __str__(self) -> str:
        return self.text

    @property
    def table(self) -> str | None:
        """The catalog table's name, for ``spark-table:NAME``."""
        return self.text.removeprefix(TABLE) if self.text.startswith(TABLE) else None

    @property
    def scheme(self) -> str:
        return "spark-table" if self.table is not None else urlparse(self.text).scheme.lower()

    def local_path(self) -> Path | None:
        """The local path of a ``file://`` URI (``file:///a`` or ``file://localhost/a``)."""
        parsed = urlparse(self.text)
        if parsed.scheme.lower() != "file" or parsed.netloc not in ("", "localhost"):
            return None
        return Path(unquote(parsed.path))

    @property
    def name(self) -> str:
        """Its last path segment (or the table's name): a wave without a wave column is so
        named."""
        if self.table is not None:
            return self.table
        return Path(unquote(urlparse(self.text).path.rstrip("/"))).stem or self.text


def sample_input(value: str | Path) -> Path | Dataset:
    """A sample option's text as a local path, or a :class:`Dataset` when it is a URI or a
    catalog table."""
    if isinstance(value, Path):
        return value
    if value.startswith(TABLE) or _URI.match(value):
        return Dataset(value)
    return Path(value)
