"""Report -> text. One module per format; none of them computes a statistic."""

from __future__ import annotations

FORMATS = ("table", "json", "csv", "markdown")

__all__ = ["FORMATS"]
