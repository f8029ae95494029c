"""Mutations of the sample's three tables as rows of Python values, before they are written
as CSV, Parquet or a fresh workbook: hostile cell values, headers, codebook fields, ids,
weights and rows."""

from __future__ import annotations

import random
from collections.abc import Callable

from fuzz.base import Rows
from fuzz.values import HOSTILE, NUMBERS, TEXTS, python_value

Tables = dict[str, Rows]

_CODEBOOK_FIELDS: dict[str, tuple[object, ...]] = {
    "scale_min": (5, 1, 0, -1e308, "abc", "", True, "nan", 1e308, 2.5, "1", -5, 10**30),
    "scale_max": (1, 5, 0, 1e308, "inf", "", False, 7, 10, 1.0000001, "5 ", 2**63),
    "top_box_min": (6, 0, 5, 4.5, "abc", -1, 1e308, "", "nan", 99),
    "reverse": ("maybe", "yes", "no", "Y", "1", 1, 0, 2, True, "", "TRUE", "\u00ff", "-"),
    "missing_codes": ("abc", "-99;99", "-99;;99", ";", "nan", "inf", "1e400", "-99, 99", 5,
                      "5;abc", " ", "0x10", -99.5, "1;2;3;4;5", True),
}  # fmt: skip


def _column(rows: Rows, name: str) -> int:
    header = rows[0]
    if name not in header:
        header.append(name)
        for row in rows[1:]:
            row.append("")
    return header.index(name)


def cell_values(rng: random.Random, tables: Tables) -> str:
    """One to five cells, or a whole column, set to hostile values."""
    role = rng.choices(("items", "company", "customers"), weights=(2, 3, 5))[0]
    rows = tables[role]
    if len(rows) < 2 or not rows[0]:
        return f"{role}: no cell to change"
    notes = []
    if rng.random() < 0.15:
        col = rng.randrange(len(rows[0]))
        value = python_value(rng)
        for row in rows[1:]:
            row[col] = value
        return f"{role} column {rows[0][col]!r}: every cell {value!r}"
    for _ in range(rng.randint(1, 5)):
        r = rng.randrange(1, len(rows))
        c = rng.randrange(len(rows[0]))
        rows[r][c] = python_value(rng)
        notes.append(f"{role}[{r}][{rows[0][c]}] = {rows[r][c]!r}"[:120])
    return "; ".join(notes)


def headers(rng: random.Random, tables: Tables) -> str:
    """A header removed (its column kept), blanked, renamed, duplicated; a column dropped."""
    role = rng.choice(("items", "company", "customers"))
    header = tables[role][0]
    if not header:
        return f"{role}: no header to change"
    col = rng.randrange(len(header))
    old = header[col]
    action = rng.choice(("blank", "rename", "duplicate", "drop", "none", "number", "case"))
    if action == "blank":
        header[col] = rng.choice(("", " "))
    elif action == "rename":
        header[col] = rng.choice(("x", "q99", "item", "weight", "wave", "respondent_id", "\u00e9"))
    elif action == "duplicate":
        header[col] = rng.choice(header)
    elif action == "drop":
        for row in tables[role]:
            del row[col]
    elif action == "none":
        header[col] = None
    elif action == "number":
        header[col] = rng.choice((1, 1.5, 7.0, float("nan")))
    else:
        header[col] = str(old).upper()
    return f"{role} header {old!r}: {action} -> {header[col] if action != 'drop' else ''!r}"


def codebook(rng: random.Random, tables: Tables) -> str:
    """Codebook fields out of range: scale_min >= scale_max, top_box_min off the scale,
    reverse = 'maybe', missing_codes 'abc', ..."""
    rows = tables["items"]
    notes = []
    for _ in range(rng.randint(1, 3)):
        field = rng.choice(tuple(_CODEBOOK_FIELDS))
        col = _column(rows, field)
        value = rng.choice(_CODEBOOK_FIELDS[field])
        targets = range(1, len(rows)) if rng.random() < 0.3 else [rng.randrange(1, len(rows))]
        for r in targets:
            rows[r][col] = value
        notes.append(f"items {field} = {value!r} in {len(targets)} row(s)")
    return "; ".join(notes)


def respondents(rng: random.Random, tables: Tables) -> str:
    """Ids duplicated or blank, weights hostile, rows duplicated, emptied or removed."""
    role = rng.choice(("company", "customers"))
    rows = tables[role]
    if len(rows) < 3:
        return f"{role}: too few rows to change"
    action = rng.choice(("id", "weights", "weight", "dup_row", "empty_rows", "no_rows", "one_row"))
    if action == "id":
        value = rng.choice((rows[2][0], "", None, 1.5, 2**70, True, " S001 ", "s001"))
        rows[1][0] = value
        return f"{role} first id = {value!r}"
    if action in ("weights", "weight"):
        col = _column(rows, "weight")
        value = rng.choice(
            (0, -1, 1e308, 1e200, 1e-320, 5e-324, float("nan"), float("inf"), "", "abc", 1e160)
        )
        targets = range(1, len(rows)) if action == "weights" else [rng.randrange(1, len(rows))]
        for r in targets:
            rows[r][col] = value
        return f"{role} weight = {value!r} in {len(targets)} row(s)"
    if action == "dup_row":
        rows.append(list(rows[rng.randrange(1, len(rows))]))
        return f"{role}: a row repeated at the end"
    if action == "empty_rows":
        for _ in range(rng.randint(1, 70)):
            rows.insert(rng.randrange(1, len(rows) + 1), [""] * len(rows[0]))
        return f"{role}: empty rows inserted"
    if action == "no_rows":
        del rows[1:]
        return f"{role}: header only"
    del rows[2:]
    return f"{role}: one respondent"


def extreme_answers(rng: random.Random, tables: Tables) -> str:
    """Every answer of a sample, or of an item, set to one value (all top box, all blank, ...)."""
    role = rng.choice(("company", "customers"))
    rows = tables[role]
    first = 3 if role == "company" else 5
    if len(rows[0]) <= first:
        return f"{role}: no item column to change"
    value = rng.choice((5, 1, "", "N/A", rng.choice(NUMBERS), rng.choice(TEXTS)))
    cols = (
        range(first, len(rows[0])) if rng.random() < 0.5 else [rng.randrange(first, len(rows[0]))]
    )
    for row in rows[1:]:
        for c in cols:
            row[c] = value
    return f"{role}: {len(cols)} item column(s) all {value!r}"


_NAMES = ("respondent_id", "weight", "role", "wave", "region", "Q01", " q01", "q01 ", "7",
          "1.0", "", "item", "touchpoint", "x" * 300, "q\u00e9", "q1;q2", "a+b", "nan")  # fmt: skip


def names(rng: random.Random, tables: Tables) -> str:
    """An item id changed in the codebook, in a sample, or in all three: names that collide
    with the special columns, differ in case or spaces, or read as numbers."""
    row = rng.randrange(1, len(tables["items"]))
    old = str(tables["items"][row][0])
    new = rng.choice(_NAMES)
    where = rng.choice(("items", "company", "customers", "all"))
    if where in ("items", "all"):
        tables["items"][row][0] = new
    for role in ("company", "customers"):
        if where in (role, "all") and old in tables[role][0]:
            tables[role][0][tables[role][0].index(old)] = new
    return f"item {old!r} renamed {new!r} in {where}"


def attributes(rng: random.Random, tables: Tables) -> str:
    """A respondent attribute (role, segment, region, wave) given odd values: blanks, numbers,
    bools, one value, many values."""
    role = rng.choice(("company", "customers"))
    header = tables[role][0]
    candidates = [h for h in header if h in ("role", "department", "segment", "region", "wave")]
    if not candidates:
        return f"{role}: no attribute to change"
    column = rng.choice(candidates)
    col = header.index(column)
    value_kind = rng.choice(("blank", "number", "bool", "one", "unique", "mixed"))
    for i, line in enumerate(tables[role][1:]):
        if value_kind == "blank":
            line[col] = "" if rng.random() < 0.5 else line[col]
        elif value_kind == "number":
            line[col] = rng.choice((1, 2, 2.5, float("nan")))
        elif value_kind == "bool":
            line[col] = i % 2 == 0
        elif value_kind == "one":
            line[col] = "same"
        elif value_kind == "unique":
            line[col] = f"v{i}"
        else:
            line[col] = rng.choice(("a", 1, "", None, True, "A", " a "))
    return f"{role} attribute {column!r}: {value_kind} values"


def texts(rng: random.Random, tables: Tables) -> str:
    """Hostile texts (script, javascript: links, ANSI and OSC sequences, bidi overrides) where
    a report shows them: an item's text, touchpoint, category or stage, or the values of a
    respondent attribute."""
    value = rng.choice(HOSTILE)
    if rng.random() < 0.3:
        role = rng.choice(("company", "customers"))
        header = tables[role][0]
        names = [h for h in header if h in ("role", "department", "segment", "region")]
        if names:
            col = header.index(rng.choice(names))
            for i, row in enumerate(tables[role][1:]):
                if i % 3 == 0:
                    row[col] = value
            return f"{role} {header[col]!r}: every third value the hostile {value!r}"
    rows = tables["items"]
    name = rng.choice(("text", "touchpoint", "category", "stage"))
    if name not in rows[0]:
        return f"items: no {name} column for the hostile {value!r}"
    col = rows[0].index(name)
    targets = rng.sample(range(1, len(rows)), min(3, len(rows) - 1))
    for r in targets:
        rows[r][col] = value
    return f"items {name} = the hostile {value!r} in rows {targets}"


MUTATORS: dict[str, tuple[int, Callable[[random.Random, Tables], str]]] = {
    "cells": (6, cell_values),
    "headers": (2, headers),
    "codebook": (3, codebook),
    "respondents": (3, respondents),
    "answers": (2, extreme_answers),
    "names": (2, names),
    "attributes": (2, attributes),
    "texts": (2, texts),
}
"""Name -> (weight, mutator)."""
