"""Hostile cell values: as Python values (CSV, Parquet, xlsxwriter) and as sheet XML cells.

Every list mixes the values a survey export really holds (``N/A``, ``4``, ``-99``, a blank)
with those that break readers: huge, tiny, negative and non-finite numbers, integers past
2**53, bools, dates, formulas without values, error cells, unicode, control characters and
very long text; and :data:`HOSTILE` texts, which must reach no report as live markup or
terminal control (``fuzz.check.active_content``).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from xml.sax.saxutils import escape

NUMBERS: tuple[object, ...] = (
    0, 1, 2, 3, 4, 5, 6, -1, -99, 99, 2.5, 4.999999999, 5.000000000000001, 0.99999999999,
    1e308, -1e308, 1.7976931348623157e308, 1e-320, 5e-324, -0.0, 1e16, 2**53 + 1, 2**63,
    10**30, -(2**63), float("nan"), float("inf"), float("-inf"), 1e200, 1e-200,
)  # fmt: skip
HOSTILE: tuple[str, ...] = (
    "<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "[link](javascript:alert(3))",
    "![x](javascript:alert(4))", "[a]( JavaScript:alert(5) )", "<iframe src=//evil.invalid>",
    '<a href="javascript:alert(6)">a</a>', "\x1b[31mred\x1b[0m", "\x1b]0;pwned\x07",
    "\x1b]0;pwned\x1b\\", "\x1b[2J\x1b[H", "\x9b31m", "a\x08\x08b", "\u202eevil\u202c",
    "\u2066x\u2069", "[x]: javascript:alert(7)", "<javascript:alert(8)>", "`code` | pipe | *em*",
    "\r\x1b[Koverwritten",
)  # fmt: skip
"""Texts a report must show inert: HTML and script, javascript: links (inline, reference and
autolink), ANSI colour and OSC window-title sequences, a C1 CSI, backspaces, bidi overrides."""
TEXTS: tuple[str, ...] = (
    "", " ", "  \t ", "abc", "N/A", "n/a", "NA", "Don't know", "Don\u2019t know", "dont know",
    "DK", "-", "refused", "Prefer not to say", " 4 ", "4,5", "4.0", "1e3", "0x10", "1_000",
    "nan", "NaN", "inf", "-Infinity", "+5", "05", "007", "\u0663", "\uff15", "4\u00a0",
    "\u202e5", "\U0001f600", "q01", "=1+2", "#DIV/0!", "#N/A", "TRUE", "false", "yes", "a\nb",
    "a\r\nb", '"', "'", '""', "\\", "\\n", "\t", "\ufeff5", "\u00c3\u00a9", "\u00e9t\u00e9",
    "\u4e2d\u6587", "\u0000", "\u0001", "\ud7ff", "<b>5</b>", "&amp;", "]]>", "x" * 40000,
    "5" * 400, "1" + "0" * 400, "-99", "99", " ", "2026Q3", "executive", "South",
    *HOSTILE,
)  # fmt: skip
DATES: tuple[object, ...] = (
    dt.date(2026, 1, 2),
    dt.datetime(2026, 1, 2, 3, 4, 5),
    dt.datetime(1899, 12, 30),
    dt.time(12, 0),
    dt.timedelta(days=3),
)
OTHERS: tuple[object, ...] = (True, False, None, Decimal("4"), Decimal("1E+400"))


def python_value(rng: random.Random) -> object:
    """One hostile Python cell value."""
    pool = rng.choices((NUMBERS, TEXTS, DATES, OTHERS), weights=(4, 5, 1, 1))[0]
    return rng.choice(pool)


_XML_NUMBERS = (
    "5", "1", "0", "-1", "6", "2.5", "-99", "99", "5.000000000000001", "1E+308", "1e309",
    "-1e309", "NaN", "INF", "-INF", "inf", "1e-320", "4.9E-324", "-0", "", " 5 ", "abc",
    "0x1p3", "1,5", "9007199254740993", "1" + "0" * 320, "+4", ".5", "5.", "4e0",
)  # fmt: skip
_ERRORS = ("#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "oops")
_FORMULAS = ("1+2", "SUM(A1:A3)", "NOW()", 'IF(1,"a","b")', "1/0", "A1", "x" * 300)


def xml_cell(rng: random.Random, ref: str, shared_count: int) -> tuple[str, str]:
    """A ``<c>`` element for cell ``ref`` and a note of what it holds (``shared_count``: how
    many shared strings the workbook has)."""
    kind = rng.choice(
        (
            "number", "number", "number", "bool", "error", "formula", "formula_cached",
            "formula_str", "inline", "inline", "rich", "shared", "shared_bad", "str", "date_iso",
            "date_style", "unknown_type", "empty", "no_ref",
        )
    )  # fmt: skip
    a = f'r="{ref}"'
    if kind == "number":
        value = rng.choice(_XML_NUMBERS)
        return f"<c {a}><v>{value}</v></c>", f"number {value!r}"
    if kind == "bool":
        value = rng.choice(("0", "1", "2", "true", ""))
        return f'<c {a} t="b"><v>{value}</v></c>', f"bool {value!r}"
    if kind == "error":
        value = rng.choice(_ERRORS)
        return f'<c {a} t="e"><v>{escape(value)}</v></c>', f"error {value}"
    if kind in ("formula", "formula_cached", "formula_str"):
        formula = escape(rng.choice(_FORMULAS))
        if kind == "formula":
            return f"<c {a}><f>{formula}</f></c>", f"formula ={formula} without a value"
        if kind == "formula_cached":
            value = rng.choice(("4", "5", "7", "-99"))
            return f"<c {a}><f>{formula}</f><v>{value}</v></c>", f"formula with value {value}"
        value = rng.choice(("", "abc", "4", "N/A"))
        return f'<c {a} t="str"><f>{formula}</f><v>{value}</v></c>', f"formula str {value!r}"
    if kind in ("inline", "rich"):
        text = rng.choice(TEXTS)
        if rng.random() < 0.1:
            text = rng.choice(("\x01", "\x0b", "&#1;", "&#0;", "\udfff"))
            body = text if text.startswith("&") else escape(text)
        else:
            body = escape(text.replace("\x00", "").replace("\x01", ""))
        if kind == "rich":
            half = len(body) // 2
            inner = f"<r><t>{body[:half]}</t></r><r><rPr><b/></rPr><t>{body[half:]}</t></r>"
            return f'<c {a} t="inlineStr"><is>{inner}</is></c>', f"rich text {text[:40]!r}"
        space = ' xml:space="preserve"' if rng.random() < 0.5 else ""
        return f'<c {a} t="inlineStr"><is><t{space}>{body}</t></is></c>', f"text {text[:40]!r}"
    if kind == "shared":
        index = rng.randrange(shared_count)
        return f'<c {a} t="s"><v>{index}</v></c>', f"shared string #{index}"
    if kind == "shared_bad":
        value = rng.choice((str(shared_count), "999999", "-1", "abc", "", "1.5"))
        return f'<c {a} t="s"><v>{value}</v></c>', f"shared string index {value!r}"
    if kind == "str":
        value = rng.choice(("5", "abc", "", "N/A"))
        return f'<c {a} t="str"><v>{value}</v></c>', f"t=str {value!r} without formula"
    if kind == "date_iso":
        value = rng.choice(("2026-01-02T00:00:00", "2026-01-02", "garbage", ""))
        return f'<c {a} t="d"><v>{value}</v></c>', f"t=d {value!r}"
    if kind == "date_style":
        value = rng.choice(("45000", "1", "0", "-1", "3000000", "4.5"))
        return f'<c {a} s="{DATE_STYLE}"><v>{value}</v></c>', f"date-styled {value}"
    if kind == "unknown_type":
        return f'<c {a} t="zz"><v>5</v></c>', "unknown type t=zz"
    if kind == "empty":
        return f"<c {a}/>", "an empty <c/>"
    return "<c><v>5</v></c>", "a cell without r"


DATE_STYLE = 2
"""Index of the date cell format that :func:`with_date_style` adds to the sample's styles."""


def with_date_style(styles: bytes) -> bytes:
    """The sample's styles.xml with a third cell format: a date (built-in format 14)."""
    return styles.replace(b'<cellXfs count="2">', b'<cellXfs count="3">').replace(
        b"</cellXfs>",
        b'<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" '
        b'applyNumberFormat="1"/></cellXfs>',
    )
