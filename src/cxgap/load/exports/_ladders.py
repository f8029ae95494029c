"""Answer ladders people use, low to high, and matching a column's labels against them.

Labels are compared as :func:`norm` gives them: case folded, curly apostrophes straight, runs of
spaces and newlines as one space. Two kinds of ladder are known:

- named ladders (:data:`LADDERS`): satisfaction, agreement, likelihood, amount, trust,
  favourability, quality, change, level;
- unipolar adverb ladders built from the labels themselves: ``Not at all X`` < ``Not very X``
  (``not so``, ``not too``) < ``Somewhat X`` (``slightly``, ``fairly``, ``moderately``) <
  ``Very X`` < ``Extremely X`` (``completely``), the same X throughout (``comfortable``,
  ``familiar``, ``closely``, ``important``...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

LADDERS: dict[str, tuple[str, ...]] = {
    "satisfaction": ("Extremely dissatisfied", "Somewhat dissatisfied",
                     "Neither satisfied nor dissatisfied", "Somewhat satisfied",
                     "Extremely satisfied"),
    "satisfaction-very": ("Very dissatisfied", "Dissatisfied",
                          "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"),
    "satisfaction-neutral": ("Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied",
                             "Very satisfied"),
    "satisfaction-7": ("Extremely dissatisfied", "Moderately dissatisfied",
                       "Slightly dissatisfied", "Neither satisfied nor dissatisfied",
                       "Slightly satisfied", "Moderately satisfied", "Extremely satisfied"),
    "agreement": ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                  "Strongly agree"),
    "agreement-somewhat": ("Strongly disagree", "Somewhat disagree",
                           "Neither agree nor disagree", "Somewhat agree", "Strongly agree"),
    "agreement-7": ("Strongly disagree", "Disagree", "Somewhat disagree",
                    "Neither agree nor disagree", "Somewhat agree", "Agree", "Strongly agree"),
    "likelihood": ("Extremely unlikely", "Somewhat unlikely", "Neither likely nor unlikely",
                   "Somewhat likely", "Extremely likely"),
    "likelihood-very": ("Very unlikely", "Unlikely", "Neither likely nor unlikely", "Likely",
                        "Very likely"),
    "amount": ("Not at all", "A little", "A moderate amount", "A lot", "A great deal"),
    "trust": ("Not at all", "Not very much", "Some", "A lot"),
    "favourability": ("Very unfavorable", "Somewhat unfavorable",
                      "Neither favorable nor unfavorable", "Somewhat favorable",
                      "Very favorable"),
    "favourability-4": ("Very unfavorable", "Somewhat unfavorable", "Somewhat favorable",
                        "Very favorable"),
    "favourability-adverb": ("Very unfavorably", "Somewhat unfavorably",
                             "Neither favorably nor unfavorably (neutral)", "Somewhat favorably",
                             "Very favorably"),
    "quality": ("Poor", "Fair", "Good", "Very good", "Excellent"),
    "quality-very": ("Very poor", "Poor", "Fair", "Good", "Very good"),
    "change": ("Much less", "Somewhat less", "No change", "Somewhat more", "Much more"),
    "level": ("Very low", "Low", "Medium", "High", "Very high"),
}  # fmt: skip

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


@dataclass(frozen=True)
class Match:
    """A column's labels on a ladder: the ladder's labels low to high, as the data spell the
    ones seen; the texts seen that are not on it (``others``); the ladder's name."""

    name: str
    labels: tuple[str, ...]
    others: tuple[str, ...]
    added: tuple[str, ...] = ()
    """Labels never seen that the ladder puts between seen ones (adverb ladders only)."""


def match(seen: Iterable[str], *, max_others: int = 3) -> Match | None:
    """The ladder that the labels ``seen`` (distinct, as written) sit on, if one does: at least
    three of its labels seen (all of a shorter ladder's), at most ``max_others`` other texts."""
    spelled = {norm(label): label.strip() for label in seen if label.strip()}
    best: Match | None = None
    for name, ladder in LADDERS.items():
        keys = [norm(label) for label in ladder]
        covered = [key for key in keys if key in spelled]
        if len(covered) < min(3, len(ladder)):
            continue
        others = tuple(spelled[k] for k in spelled if k not in keys)
        if len(others) > max_others:
            continue
        labels = tuple(spelled.get(key, label) for key, label in zip(keys, ladder, strict=True))
        found = Match(name, labels, others)
        if best is None or _score(found, spelled) > _score(best, spelled):
            best = found
    return best or _adverb_ladder(spelled, max_others)


def _score(found: Match, spelled: dict[str, str]) -> tuple[int, int]:
    """More labels seen first; then fewer labels never seen (a 4-point ladder over a 5)."""
    seen = sum(norm(label) in spelled for label in found.labels)
    return seen, seen - len(found.labels)


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
