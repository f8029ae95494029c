"""The levels of a report: which items each group of a ``--by`` level holds.

Its own module below :mod:`._analyze`, which estimates every level, and :mod:`._servqual`,
which estimates the SERVQUAL gaps of the same groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cxgap.errors import UsageError
from cxgap.model import Codebook, Item


@dataclass(frozen=True)
class Level:
    """A grouping of items: its columns and, per group, its labels and member items."""

    columns: tuple[str, ...]
    labels: tuple[dict[str, str], ...]
    membership: npt.NDArray[np.float64]


def levels_for(codebook: Codebook, by: Sequence[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """Check ``--by`` columns against the codebook; ``item`` and every grouping column are fine."""
    known = {"item", *codebook.groupings}
    for level in by:
        for column in level:
            if column not in known:
                raise UsageError(
                    f"--by {'+'.join(level)}: '{column}' is not a codebook column",
                    hint=f"choose from {', '.join(sorted(known))}",
                )
    return tuple(by)


def level_of(codebook: Codebook, columns: tuple[str, ...], scope: Sequence[bool]) -> Level:
    """The level of ``columns``: its groups in the order of their first items, and each item's
    group (an item out of ``scope`` is in none)."""
    labels: dict[tuple[str, ...], int] = {}
    member: list[int] = []
    for item, in_scope in zip(codebook.items, scope, strict=True):
        key = tuple(_value(item, column) for column in columns)
        member.append(labels.setdefault(key, len(labels)) if in_scope else -1)
    membership = np.zeros((len(codebook.items), len(labels)))
    for i, g in enumerate(member):
        if g >= 0:
            membership[i, g] = 1.0
    return Level(columns, tuple(dict(zip(columns, key, strict=True)) for key in labels), membership)


def _value(item: Item, column: str) -> str:
    return item.id if column == "item" else item.groups.get(column, "")
