"""The delimiter of a CSV file, chosen by its header row: one rule for every CSV read (the one
CSV reader, :mod:`._csv`, reads a table whole, a sample's part in batches and a platform's
export; Spark is told the same delimiter), so that the same file never splits two ways.

The delimiter is the one of ``,`` ``;`` tab and ``|`` that the header row holds most (Excel
writes ``;`` in many locales, database dumps ``|``); a header holding none of them is one
column. A one-column header that a space or a colon (outside quotes) splits into names, above a
first data row that it splits too, is a file separated by a character cxgap does not read: it
is refused naming the file, rather than read as one column that no codebook item matches. (A
true one-column file, ``overall satisfaction`` above ``4``, is read as before.)
"""

from __future__ import annotations

import csv

from cxgap.errors import InputError, Where, quote_value

DELIMITERS = (",", ";", "\t", "|")
"""What a CSV may be separated by; on a tie, the earlier wins."""
UNREAD = {" ": "spaces", ":": "colons"}
"""Separators cxgap recognises but does not read (they stand inside values too)."""
HEAD_CHARS = 1 << 20
"""How much of a file's beginning the choice looks at: the header row and the row after it."""


def csv_delimiter(start: str, display: str) -> str:
    """The delimiter of the CSV whose text begins with ``start`` (at least its header row and
    the next, as far as :data:`HEAD_CHARS` holds them); ``display`` names it in a refusal."""
    lines = start.split("\n", 16)  # the header, and a data row among the next lines
    header = lines[0].rstrip("\r")
    delimiter = max(DELIMITERS, key=header.count)
    if header.count(delimiter):
        return delimiter
    first_row = next((line.rstrip("\r") for line in lines[1:] if line.strip()), None)
    for separator, name in UNREAD.items():
        names = _fields(header.strip(), separator)
        if names > 1 and (first_row is None or _fields(first_row, separator) > 1):
            raise InputError(
                f"the header row is one column, {quote_value(header.strip())}, that looks "
                f"separated by {name}",
                where=Where(display),
                hint="save it as CSV separated by commas, semicolons, tabs or '|'",
            )
    return delimiter


def _fields(line: str, separator: str) -> int:
    """How many fields ``line`` splits into by ``separator``, quotes respected (a quoted
    ``"overall satisfaction"`` is one)."""
    try:
        return len(next(csv.reader([line], delimiter=separator)))
    except (csv.Error, StopIteration):
        return 1
