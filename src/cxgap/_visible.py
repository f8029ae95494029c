"""Text from the input as cxgap shows it: never as control of a terminal or as live markup.

A survey file is written by someone else. Its texts (question wordings, group names, split
values, file and sheet names) reach the user's terminal, Markdown that a wiki or a CI job
summary renders, and files other programs open. So, wherever such a text is shown:

- :func:`printable`: a control character (C0 but tab and line feed, DEL, C1) or a bidi
  override (the "Trojan Source" characters, U+202A-U+202E and U+2066-U+2069) is written as its
  escape, ``\\x1b``, ``\\x9b``, ``\\u202e``: an ``ESC[31m`` in a cell can neither recolour nor
  retitle a terminal, and an xlsx or pptx (whose XML cannot hold most of them) can be written.
  A line break (``\\r\\n``, ``\\r``) becomes ``\\n``.
- :func:`one_line`: printable, and every line break and tab a space: a table cell or a
  message stays on its line.
- :func:`markdown_text`: one line, and neither HTML nor link or image syntax: ``<``, ``>`` and
  ``&`` as entities, ``[ ] \\ ` |`` backslash-escaped; it reads the same once rendered.

JSON is data and keeps every text exactly (its encoder escapes control characters).
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CR = re.compile("\r\n?")
_BREAKS = re.compile(r"[ \t]*[\n\t][ \t\n]*")
_MARKDOWN = re.compile(r"[\\`\[\]|<>&]")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with its control characters and bidi overrides escaped (``\\x1b``)."""
    return _CONTROL.sub(_escape, _CR.sub("\n", text))


def one_line(text: str) -> str:
    """:func:`printable`, on one line: line breaks and tabs (and spaces around them) a space."""
    return _BREAKS.sub(" ", printable(text))


def markdown_text(text: str) -> str:
    """:func:`one_line`, with nothing Markdown would render as HTML, a link or an image."""
    return _MARKDOWN.sub(lambda m: _ENTITIES.get(m.group(), "\\" + m.group()), one_line(text))
