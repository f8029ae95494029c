"""A column that reads as a rating although nothing known orders its labels.

Such a column is never left out of the draft: its row holds the labels in the order first seen
and a note with :data:`~cxgap.load._codebook.UNCONFIRMED` that ``analyze`` refuses until the
analyst has checked the order (``load/_codebook.py``). A column reads as a rating when it has 3
to 11 distinct answers (beyond SPEC 1.3's non-answer words) and either belongs to a matrix (a
question of several statement columns sharing their answers) or at least half its answers look
like scale points: one to three words, after an intensity adverb, one of them a word of the
known ladders (``Awful``, ``Rather good``, ``Hardly ever``...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cxgap.load._classify import NON_SUBSTANTIVE_WORDS
from cxgap.load._codebook import UNCONFIRMED
from cxgap.load.exports._ladders import LADDERS, norm

UNCONFIRMED_HINT = "put labels in scale order, low to high, then delete this note"
_ADVERB = re.compile(
    r"^(?:not at all|not very|not so|not too|very|extremely|somewhat|slightly|moderately|"
    r"fairly|rather|quite|much|far|strongly|completely|totally|mostly|hardly)\s+"
)
_GENERIC = {"a", "an", "the", "of", "than", "nor", "at", "all", "not", "i", "what", "about",
            "time", "half", "most", "neither", "no", "some", "little", "lot", "great", "deal",
            "moderate", "very", "much", "somewhat", "slightly", "moderately", "extremely",
            "low", "high", "medium"}  # fmt: skip
_EXTRA_WORDS = {"awful", "terrible", "bad", "great", "ok", "okay", "like", "dislike", "love",
                "hate", "best", "worst", "acceptable", "unacceptable", "adequate", "inadequate",
                "helpful", "unhelpful", "useful", "useless", "ever", "positive", "negative",
                "effective", "ineffective", "true", "untrue", "false"}  # fmt: skip
SCALE_WORDS = frozenset(
    {w for ladder in LADDERS.values() for x in ladder for w in re.findall(r"[a-z]+", norm(x))}
    - _GENERIC
    | _EXTRA_WORDS
)
MAX_POINTS = 11
_NON_ANSWER = re.compile(
    r"^(?:no answer|not selected|no opinion|don't know\b|not applicable|n/?a\b|prefer not|"
    r"never heard|unfamiliar|no basis|not sure|unsure|refused|skipped)"
)


def substantive(labels: Iterable[str]) -> list[str]:
    """The labels that are neither SPEC 1.3's non-answer words nor a platform's usual
    no-answer texts (``No answer``, ``Not sure``, ...), in the order given."""
    return [
        x for x in labels if norm(x) not in NON_SUBSTANTIVE_WORDS and not _NON_ANSWER.match(norm(x))
    ]


def rating_like(labels: Iterable[str], *, matrix: bool) -> bool:
    """Whether answers ``labels`` (distinct, as seen) read as points of a rating scale."""
    chosen = substantive(labels)
    if not 3 <= len(chosen) <= MAX_POINTS or any(x.strip().lstrip("-").isdigit() for x in chosen):
        return False
    if matrix:
        return True
    return sum(_scale_point(x) for x in chosen) * 2 >= len(chosen)


def _scale_point(label: str) -> bool:
    words = re.findall(r"[a-z]+", _ADVERB.sub("", norm(label)))
    return 1 <= len(words) <= 3 and any(w in SCALE_WORDS for w in words)


def unconfirmed_note(labels: Iterable[str]) -> str:
    """The note of a row whose labels are in the order first seen."""
    return f"{UNCONFIRMED}: [{' | '.join(labels)}] is the order first seen; {UNCONFIRMED_HINT}"
