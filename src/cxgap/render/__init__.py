"""Report -> text or file. One module per format; none of them computes a statistic."""

from __future__ import annotations

FORMATS = ("table", "json", "csv", "markdown", "xlsx", "html", "pptx")
FILE_FORMATS = ("xlsx", "html", "pptx")
"""Formats that are files, not text for a terminal: they need ``-o``."""

__all__ = ["FILE_FORMATS", "FORMATS"]
