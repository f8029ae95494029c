"""Draft SPEC 10's pairs in a drafted codebook: when an export asks the same question twice,
once for the expectation ("How important is it to you that ...", "... expected ...") and once
for the experience ("How satisfied are you that ...", "... experienced ..."), the two rows are
proposed as a pair: the first of kind ``expectation``, each naming the other in ``pair``, with a
note to check. Works on the drafted rows alone (their ``item``, ``text`` and ``kind``), so it
stays apart from how the rows were drafted.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

_EXPECT = re.compile(
    r"^\s*(how\s+important\s+is(\s+it)?(\s+to\s+you)?(\s+that)?|how\s+much\s+do\s+you\s+expect"
    r"(\s+that)?|what\s+do\s+you\s+expect(\s+of)?|importance\s*(of|:|-))\b"
    r"|\bexpect(ed|ation|ations)?\b",
    re.I,
)
_PERCEIVE = re.compile(
    r"^\s*(how\s+satisfied\s+(are|were)\s+you(\s+with|\s+that)?|how\s+well(\s+did\s+we)?"
    r"|how\s+would\s+you\s+rate|satisfaction\s*(with|:|-))\b"
    r"|\b(experienced?|received|got|delivered|actual(ly)?|perceived?|performance)\b",
    re.I,
)
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "a", "an", "of", "to", "you", "your", "is", "are", "it", "that", "with",
         "how", "do", "did", "we", "our", "was", "were", "in", "on", "for", "and", "or", "be",
         "by"}  # fmt: skip
MATCH = 0.75
"""The least similarity (difflib ratio) of two questions' remaining words to pair them."""


def draft_pairs(
    rows: list[dict[str, object]], columns: Sequence[str]
) -> tuple[list[dict[str, object]], tuple[str, ...]]:
    """``rows`` with the pairs found marked (and ``pair`` added to ``columns`` after ``kind``),
    or both unchanged when there is none."""
    scored = [k for k, row in enumerate(rows) if row.get("kind", "score") in ("score", "")]
    expect = [k for k in scored if _EXPECT.search(str(rows[k].get("text", "")))]
    perceive = [k for k in scored if k not in expect and _PERCEIVE.search(str(rows[k]["text"]))]
    candidates = sorted(
        (
            (-difflib.SequenceMatcher(None, _core(rows[e]), _core(rows[p])).ratio(), e, p)
            for e in expect
            for p in perceive
        ),
    )
    taken: set[int] = set()
    out = [dict(row) for row in rows]
    for score, e, p in candidates:
        if -score < MATCH or e in taken or p in taken:
            continue
        taken |= {e, p}
        out[e].update(kind="expectation", pair=out[p]["item"])
        out[p]["pair"] = out[e]["item"]
        for k, other, side in ((e, p, "the experience"), (p, e, "the expectation")):
            note = (
                f"paired with {out[other]['item']} as {side} from the questions' wording: "
                "check the pair (same touchpoint and category), or clear pair and kind"
            )
            out[k]["note"] = "; ".join(n for n in (str(out[k].get("note", "")), note) if n)
    if not taken:
        return rows, tuple(columns)
    at = list(columns).index("kind") + 1 if "kind" in columns else len(columns)
    return out, (*columns[:at], "pair", *columns[at:])


def _core(row: dict[str, object]) -> str:
    """A question's words without the expectation or experience wording and small words."""
    text = _PERCEIVE.sub(" ", _EXPECT.sub(" ", str(row.get("text", "")).lower()))
    return " ".join(w for w in _WORD.findall(text) if w not in _STOP)
