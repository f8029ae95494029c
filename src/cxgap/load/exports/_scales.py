"""The answer scales survey platforms offer, low to high: the data :mod:`._ladders` matches.

One place for every known ladder. ``LIBRARY`` holds the scales that the Qualtrics scale library
("Use predefined choices") and the SurveyMonkey answer bank offer for the nine families the
delivery gap meets (agreement, satisfaction, quality, frequency, likelihood, importance,
expectation, comparison, effort), at 4 points (no neutral point), 5 and 7 points; ``OTHER``
holds further ladders found in real exports (amount, trust, favourability, change, level).
Each is written low to high: the first label is scale point 1.

Two ladders of one family that share labels agree on their order where they overlap (the
Qualtrics "Somewhat" and the SurveyMonkey bare forms differ only in the words between the
ends), so :func:`._ladders.match` can merge them as partial orders: "Very poor" < "Poor" from
one and "Good" < "Excellent" from another order "Very poor; Poor; Fair; Good; Excellent".
"""

from __future__ import annotations

Ladders = dict[str, tuple[str, ...]]


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";"))


_LIBRARY_TEXT: dict[str, str] = {
    # agreement
    "agreement-4": "Strongly disagree; Somewhat disagree; Somewhat agree; Strongly agree",
    "agreement-4-plain": "Strongly disagree; Disagree; Agree; Strongly agree",
    "agreement": "Strongly disagree; Disagree; Neither agree nor disagree; Agree; Strongly agree",
    "agreement-somewhat": "Strongly disagree; Somewhat disagree; Neither agree nor disagree; "
    "Somewhat agree; Strongly agree",
    "agreement-7": "Strongly disagree; Disagree; Somewhat disagree; Neither agree nor disagree; "
    "Somewhat agree; Agree; Strongly agree",
    # satisfaction
    "satisfaction-4": "Extremely dissatisfied; Somewhat dissatisfied; Somewhat satisfied; "
    "Extremely satisfied",
    "satisfaction-4-very": "Very dissatisfied; Dissatisfied; Satisfied; Very satisfied",
    "satisfaction": "Extremely dissatisfied; Somewhat dissatisfied; "
    "Neither satisfied nor dissatisfied; Somewhat satisfied; Extremely satisfied",
    "satisfaction-very": "Very dissatisfied; Dissatisfied; Neither satisfied nor dissatisfied; "
    "Satisfied; Very satisfied",
    "satisfaction-neutral": "Very dissatisfied; Dissatisfied; Neutral; Satisfied; Very satisfied",
    "satisfaction-7": "Extremely dissatisfied; Moderately dissatisfied; Slightly dissatisfied; "
    "Neither satisfied nor dissatisfied; Slightly satisfied; Moderately satisfied; "
    "Extremely satisfied",
    # quality
    "quality-4": "Poor; Fair; Good; Excellent",
    "quality": "Poor; Fair; Good; Very good; Excellent",
    "quality-very": "Very poor; Poor; Fair; Good; Very good",
    "quality-average": "Terrible; Poor; Average; Good; Excellent",
    "quality-7": "Extremely poor; Very poor; Poor; Average; Good; Very good; Excellent",
    # frequency
    "frequency-4": "Never; Sometimes; Often; Always",
    "frequency": "Never; Rarely; Sometimes; Often; Always",
    "frequency-half": "Never; Sometimes; About half the time; Most of the time; Always",
    "frequency-7": "Never; Rarely; Occasionally; Sometimes; Frequently; Usually; Always",
    # likelihood
    "likelihood-4": "Extremely unlikely; Somewhat unlikely; Somewhat likely; Extremely likely",
    "likelihood-4-very": "Very unlikely; Unlikely; Likely; Very likely",
    "likelihood": "Extremely unlikely; Somewhat unlikely; Neither likely nor unlikely; "
    "Somewhat likely; Extremely likely",
    "likelihood-very": "Very unlikely; Unlikely; Neither likely nor unlikely; Likely; Very likely",
    "likelihood-7": "Extremely unlikely; Moderately unlikely; Slightly unlikely; "
    "Neither likely nor unlikely; Slightly likely; Moderately likely; Extremely likely",
    # importance
    "importance-4": "Not at all important; Slightly important; Very important; Extremely important",
    "importance": "Not at all important; Slightly important; Moderately important; "
    "Very important; Extremely important",
    "importance-bipolar": "Very unimportant; Unimportant; Neither important nor unimportant; "
    "Important; Very important",
    "importance-7": "Not at all important; Low importance; Slightly important; Neutral; "
    "Moderately important; Very important; Extremely important",
    # expectation
    "expectation-4": "Much worse than expected; Somewhat worse than expected; "
    "Somewhat better than expected; Much better than expected",
    "expectation": "Much worse than expected; Somewhat worse than expected; "
    "About what I expected; Somewhat better than expected; Much better than expected",
    "expectation-met": "Far below expectations; Below expectations; Met expectations; "
    "Above expectations; Far above expectations",
    "expectation-7": "Much worse than expected; Moderately worse than expected; "
    "Slightly worse than expected; About what I expected; Slightly better than expected; "
    "Moderately better than expected; Much better than expected",
    # comparison
    "comparison-4": "Much worse; Somewhat worse; Somewhat better; Much better",
    "comparison": "Much worse; Somewhat worse; About the same; Somewhat better; Much better",
    "comparison-plain": "Much worse; Worse; About the same; Better; Much better",
    "comparison-7": "Much worse; Moderately worse; Slightly worse; About the same; "
    "Slightly better; Moderately better; Much better",
    # effort (customer effort: easy is best)
    "effort-4": "Extremely difficult; Somewhat difficult; Somewhat easy; Extremely easy",
    "effort": "Extremely difficult; Somewhat difficult; Neither easy nor difficult; "
    "Somewhat easy; Extremely easy",
    "effort-very": "Very difficult; Difficult; Neutral; Easy; Very easy",
    "effort-level": "Very high effort; High effort; Moderate effort; Low effort; Very low effort",
    "effort-7": "Extremely difficult; Moderately difficult; Slightly difficult; "
    "Neither easy nor difficult; Slightly easy; Moderately easy; Extremely easy",
}

_OTHER_TEXT: dict[str, str] = {
    "amount": "Not at all; A little; A moderate amount; A lot; A great deal",
    "trust": "Not at all; Not very much; Some; A lot",
    "favourability": "Very unfavorable; Somewhat unfavorable; Neither favorable nor unfavorable; "
    "Somewhat favorable; Very favorable",
    "favourability-4": "Very unfavorable; Somewhat unfavorable; Somewhat favorable; Very favorable",
    "favourability-adverb": "Very unfavorably; Somewhat unfavorably; "
    "Neither favorably nor unfavorably (neutral); Somewhat favorably; Very favorably",
    "change": "Much less; Somewhat less; No change; Somewhat more; Much more",
    "level": "Very low; Low; Medium; High; Very high",
}

LIBRARY: Ladders = {name: _split(text) for name, text in _LIBRARY_TEXT.items()}
"""The platforms' scale libraries, by family and number of points."""
OTHER: Ladders = {name: _split(text) for name, text in _OTHER_TEXT.items()}
"""Ladders seen in real exports beyond the nine families."""
FAMILIES = (
    "agreement", "satisfaction", "quality", "frequency", "likelihood", "importance",
    "expectation", "comparison", "effort",
)  # fmt: skip
