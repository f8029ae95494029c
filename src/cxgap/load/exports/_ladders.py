"""Answer ladders people use, low to high, and matching a column's labels against them.

Labels are compared as :func:`norm` gives them: case folded, curly apostrophes straight, runs of
spaces and newlines as one space. Two kinds of ladder are known:

- named ladders (:data:`LADDERS`, the data in :mod:`._scales`): the platforms' scale libraries
  (agreement, satisfaction, quality, frequency, likelihood, importance, expectation, comparison,
  effort) and amount, trust, favourability, change, level. Labels that no one ladder holds are
  ordered by the ladders that hold two or more of them, merged as partial orders: each ladder
  says "a before b" for its labels; ladders that would contradict the ones already taken are
  left out; the merge orders the labels when every two of them are then comparable
  (``Very poor`` < ``Poor`` from one, ``Good`` < ``Excellent`` from another);
- unipolar adverb ladders built from the labels themselves: ``Not at all X`` < ``Not very X``
  (``not so``, ``not too``) < ``Somewhat X`` (``slightly``, ``fairly``, ``moderately``) <
  ``Very X`` < ``Extremely X`` (``completely``), the same X throughout (``comfortable``,
  ``familiar``, ``closely``, ``important``...).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from cxgap.load.exports._scales import LIBRARY, OTHER

LADDERS: dict[str, tuple[str, ...]] = {**LIBRARY, **OTHER}
"""Every known ladder by name (:mod:`._scales`)."""

_ADVERBS = (
    ("not at all", 1),
    ("not very", 2),
    ("not so", 2),
    ("not too", 2),
    ("somewhat", 3),
    ("slightly", 3),
    ("fairly", 3),
    ("moderately", 3),
    ("very", 4),
    ("extremely", 5),
    ("completely", 5),
)
_CANONICAL = {1: "Not at all", 2: "Not very", 3: "Somewhat", 4: "Very", 5: "Extremely"}
_STEM_END = re.compile(r"(ly|le|y)$")


def norm(label: str) -> str:
    """A label as matched: case folded, curly quotes straight, whitespace runs as one space."""
    text = label.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return " ".join(text.replace("\u201d", '"').split()).casefold()


_KEYS = {name: [norm(x) for x in ladder] for name, ladder in LADDERS.items()}


@dataclass(frozen=True)
class Match:
    """A column's labels on a ladder: the ladder's labels low to high, as the data spell the
    ones seen; the texts seen that are not on it (``others``); the ladder's name."""

    name: str
    labels: tuple[str, ...]
    others: tuple[str, ...]
    added: tuple[str, ...] = ()
    """Labels never seen that the ladder puts between seen ones (adverb ladders only)."""
    neutral: str = ""
    """The middle point of a longer known ladder that holds every label seen besides it: the
    scale may have had it although nobody chose it."""


def match(seen: Iterable[str], *, max_others: int = 3) -> Match | None:
    """The ladder that the labels ``seen`` (distinct, as written) sit on, if one does: at least
    three of its labels seen (all of a shorter ladder's), at most ``max_others`` other texts.
    One known ladder holding the most of them wins (its unseen labels kept, so that the scale
    has all its points); ladders merged as partial orders win when they order more of them."""
    spelled = {norm(label): label.strip() for label in seen if label.strip()}
    best: Match | None = None
    for name, ladder in LADDERS.items():
        keys = _KEYS[name]
        covered = [key for key in keys if key in spelled]
        if len(covered) < min(3, len(ladder)):
            continue
        others = tuple(spelled[k] for k in spelled if k not in keys)
        if _variants(others, keys):
            continue
        labels = tuple(spelled.get(key, label) for key, label in zip(keys, ladder, strict=True))
        found = Match(name, labels, others)
        if best is None or _score(found, spelled) > _score(best, spelled):
            best = found
    merged = _merged(spelled) if best is None or best.others else None
    if merged is not None and (best is None or len(merged.others) < len(best.others)):
        best = merged
    elif best is not None and best.name in LIBRARY:
        best = replace(best, neutral=_unseen_middle(best, spelled))
    if best is not None and len(best.others) <= max_others:
        return best
    return _adverb_ladder(spelled, max_others)


def _merged(spelled: dict[str, str]) -> Match | None:
    """The labels seen that known ladders order together, merged as partial orders.

    Each ladder holding at least two of the labels adds its order ("a before b" for each two of
    its labels), those holding the most first; one that would make a cycle with the ones taken
    is left out. The labels seen that the taken ladders hold are the scale when every two of them
    are then ordered (at least three of them)."""
    overlap = {name: sum(k in spelled for k in keys) for name, keys in _KEYS.items()}
    candidates = sorted((-n, name) for name, n in overlap.items() if n >= 2)
    after: dict[str, set[str]] = {}  # label -> every label after it, closed transitively
    taken: list[str] = []
    for _, name in candidates:
        keys = _KEYS[name]
        trial = {k: set(v) for k, v in after.items()}
        for low, high in itertools.pairwise(keys):  # _add closes the order transitively
            _add(trial, low, high)
        if any(k in v for k, v in trial.items()):
            continue  # contradicts the ladders taken
        after, taken = trial, [*taken, name]
    ordered = sorted(
        (k for k in spelled if k in after), key=lambda k: -len(after[k])
    )  # more labels after it: lower on the scale
    if len(ordered) < 3 or any(b not in after[a] for a, b in itertools.pairwise(ordered)):
        return None
    others = tuple(spelled[k] for k in spelled if k not in after)
    if _variants(others, list(after)):
        return None
    return Match("+".join(taken), tuple(spelled[k] for k in ordered), others)


def _variants(others: Iterable[str], keys: list[str]) -> bool:
    """Whether a text besides the ladder is a variant of one of its points (``Never, but open
    to it`` beside ``Never``): then the answers are another scale, not this ladder plus
    non-answers."""
    return any(re.match(re.escape(key) + r"\b\W", norm(other)) for other in others for key in keys)


def _add(after: dict[str, set[str]], low: str, high: str) -> None:
    """Record ``low`` before ``high``, keeping ``after`` transitively closed."""
    above = {high, *after.get(high, set())}
    after.setdefault(high, set())
    for key, later in after.items():
        if key == low or low in later:
            later.update(above)
    after.setdefault(low, set()).update(above)


def _unseen_middle(best: Match, spelled: dict[str, str]) -> str:
    """The middle label of a ladder one point longer than ``best`` holding all its labels."""
    keys = [norm(x) for x in best.labels]
    for ladder in LADDERS.values():
        extra = [x for x in ladder if norm(x) not in keys]
        middle = ladder[len(ladder) // 2]
        if (
            len(ladder) == len(keys) + 1
            and len(ladder) % 2
            and extra == [middle]
            and norm(middle) not in spelled
            and [norm(x) for x in ladder if x != middle] == keys
        ):
            return middle
    return ""


def _score(found: Match, spelled: dict[str, str]) -> tuple[int, bool, int, int]:
    """More labels seen first; then a ladder seen whole (a 4-point scale without a neutral point
    is told from a 5-point one only when all four are seen); then fewer labels never seen apart
    from a middle point; then the longer ladder (the one with the middle point)."""
    seen = sum(norm(label) in spelled for label in found.labels)
    n = len(found.labels)
    middle = norm(found.labels[n // 2]) if n % 2 else ""
    unseen = [x for x in found.labels if norm(x) not in spelled and norm(x) != middle]
    return seen, seen == n, -len(unseen), n


def _adverb_ladder(spelled: dict[str, str], max_others: int) -> Match | None:
    """``Not at all familiar`` ... ``Very familiar``: one stem, at least three adverb ranks."""
    ranked: dict[int, str] = {}
    stems: dict[str, str] = {}
    others: list[str] = []
    for key, label in spelled.items():
        for adverb, rank in _ADVERBS:
            if key.startswith(adverb + " ") and rank not in ranked:
                stem = label.strip()[len(adverb) + 1 :]
                stems.setdefault(_STEM_END.sub("", stem.casefold()), stem)
                ranked[rank] = label
                break
        else:
            others.append(label)
    if len(ranked) < 3 or len(stems) != 1 or len(others) > max_others:
        return None
    stem = next(iter(stems.values()))
    added = tuple(
        f"{_CANONICAL[rank]} {stem}"
        for rank in range(min(ranked), max(ranked))
        if rank not in ranked
    )
    for rank in range(min(ranked), max(ranked)):
        ranked.setdefault(rank, f"{_CANONICAL[rank]} {stem}")
    labels = tuple(ranked[rank] for rank in sorted(ranked))
    return Match(f"{next(iter(stems))} (adverbs)", labels, tuple(others), added)
