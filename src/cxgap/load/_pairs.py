"""SPEC 10's pairs in the codebook: an expectation item and the perception item it goes with.

A pair is written in the ``pair`` column on either row of the two, or on both; where both are
filled, each must name the other. Exactly one of the two is of kind ``expectation`` (the other a
rated item of kind ``score``), both share touchpoint and category, and an item belongs to one
pair at most. Anything else stops the run naming the codebook row and what to write. Once
read, ``pair`` is filled on both sides (:meth:`~cxgap.model.Codebook.pairs`).
"""

from __future__ import annotations

from dataclasses import replace

from cxgap.errors import InputError, quote_value
from cxgap.load._raw import RawTable
from cxgap.model import Item


def link_pairs(
    table: RawTable, rows: list[int], position: dict[str, int], items: list[Item]
) -> list[Item]:
    """``items`` with each pair checked and ``pair`` written on both sides."""
    index = {item.id.casefold(): k for k, item in enumerate(items)}
    partner: dict[int, int] = {}
    for k, item in enumerate(items):
        if not item.pair:
            continue
        other = index.get(item.pair.casefold())
        where = table.where(rows[k], position["pair"])
        if other is None:
            raise InputError(
                f"item {quote_value(item.id)} is paired with {quote_value(item.pair)}, which is "
                "not an item of the codebook",
                where=where,
                hint="write the id of the paired item (its expectation or its perception) in "
                "'pair', or leave it blank",
            )
        if other == k:
            raise InputError(
                f"item {quote_value(item.id)} is paired with itself",
                where=where,
                hint="write the id of the other item of the pair in 'pair'",
            )
        for a, b in ((k, other), (other, k)):
            if partner.get(a, b) != b:
                taken = items[partner[a]].id
                raise InputError(
                    f"item {quote_value(items[a].id)} is in two pairs (with {quote_value(taken)} "
                    f"and {quote_value(items[b].id)})",
                    where=where,
                    hint="pair each perception item with one expectation item",
                )
        partner[k], partner[other] = other, k
    for k, item in enumerate(items):
        if item.kind == "expectation" and k not in partner:
            raise InputError(
                f"item {quote_value(item.id)} is of kind expectation but paired with no item",
                where=table.where(rows[k], position["kind"]),
                hint="write the id of the item it is the expectation of in 'pair'",
            )
    for k, other in partner.items():
        _check(table, rows[k], position, items[k], items[other])
    return [replace(item, pair=items[partner[k]].id) if k in partner else item
            for k, item in enumerate(items)]  # fmt: skip


def _check(table: RawTable, row: int, position: dict[str, int], item: Item, other: Item) -> None:
    where = table.where(row, position["pair"])
    kinds = {item.kind, other.kind}
    if kinds != {"expectation", "score"}:
        both = " and ".join(sorted({quote_value(item.kind), quote_value(other.kind)}))
        raise InputError(
            f"items {quote_value(item.id)} and {quote_value(other.id)} are paired, but their kinds "
            f"are {both if len(kinds) > 1 else f'both {quote_value(item.kind)}'}",
            where=where,
            hint="mark one of the two (the expectation question) as kind expectation and leave "
            "the other (the experience) of kind score",
        )
    for column in ("touchpoint", "category"):
        mine, theirs = getattr(item, column), getattr(other, column)
        if mine != theirs:
            raise InputError(
                f"paired items {quote_value(item.id)} and {quote_value(other.id)} differ in "
                f"{column} ({quote_value(mine)} vs {quote_value(theirs)})",
                where=where,
                hint=f"give both items of a pair the same {column}",
            )
