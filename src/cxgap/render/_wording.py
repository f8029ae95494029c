"""A table of items with each item's wording on a line of its own beneath its row.

An item level's label is its id and its question; at 80 columns the label column holds some
14 characters, so the question was cut (``q03 Staff expl…``) and two questions that begin alike
printed the same. When the questions do not fit, the table shows the ids and :class:`Worded`
puts each question, whole, under its row, indented to the id and wrapped to the terminal:

```
  1  q14           83%         10%   +73.8*       │     ─●─     60/952
     Phone advisers give me expert, personal advice before I buy a luxury item
```
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text


def fits(labels: Sequence[str], width: int) -> bool:
    """Whether every label shows whole in a column ``width`` wide."""
    return all(len(label) <= width for label in labels)


class Worded:
    """``table``, whose rows take one line each (every cell ``no_wrap``), with ``texts[k]``
    printed beneath row ``k``, dim, under the id (``ranked``: the id follows a rank, the row's
    first word)."""

    def __init__(self, table: Table, texts: Sequence[str], *, ranked: bool = True) -> None:
        self.table, self.texts, self.ranked = table, texts, ranked

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = console.render_lines(self.table, options, pad=False)
        first = next(i + 1 for i, line in enumerate(lines) if _is_rule(line))
        for i, line in enumerate(lines):
            yield from line
            yield Segment.line()
            k = i - first
            if 0 <= k < len(self.texts) and self.texts[k]:
                indent = _indent(_plain(line), self.ranked)
                yield from _beneath(console, options, self.texts[k], indent)


def _beneath(
    console: Console, options: ConsoleOptions, text: str, indent: int
) -> Iterator[Segment]:
    wording = Padding(Text(text, style="dim"), (0, 0, 0, indent), expand=False)
    for line in console.render_lines(wording, options, pad=False):
        yield from line
        yield Segment.line()


def _plain(line: list[Segment]) -> str:
    return "".join(segment.text for segment in line)


def _is_rule(line: list[Segment]) -> bool:
    """The line under the header: nothing but the horizontal rule."""
    plain = _plain(line).strip()
    return bool(plain) and set(plain) == {"─"}


def _indent(plain: str, ranked: bool) -> int:
    """Where the question starts: under the id, the row's second word after a rank; two
    spaces in from the id when the id opens the row."""
    start = len(plain) - len(plain.lstrip())
    if not ranked:  # the id opens the row: set the question off by two spaces
        return start + 2
    after_rank = plain.find(" ", start)
    if after_rank < 0:
        return start
    return after_rank + len(plain[after_rank:]) - len(plain[after_rank:].lstrip())
