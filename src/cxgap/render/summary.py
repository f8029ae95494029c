"""What ``cxgap validate`` prints: what was read, and every exclusion counted by reason."""

from __future__ import annotations

from collections import Counter

from cxgap._visible import one_line
from cxgap.model import REASONS, SAMPLES, Survey


def summary(survey: Survey) -> str:
    codebook = survey.codebook
    items = [i for i in codebook.items if i.kind == "score"]
    kinds = ("score", "expectation")
    others = "".join(f", {i.kind} {i.id}" for i in codebook.items if i.kind not in kinds)
    if pairs := codebook.pairs():  # SPEC 10
        others += f", {len(pairs)} expectation item{'s' if len(pairs) > 1 else ''} paired"
    lines = [
        f"{survey.path}: OK",
        f"  items        {len(codebook.items)} "
        f"({len({i.touchpoint for i in items})} touchpoints, "
        f"{len({i.category for i in items})} categories{others})",
        f"  touchpoints  {', '.join(sorted({i.touchpoint for i in items}))}",
        f"  categories   {', '.join(sorted({i.category for i in items}))}",
    ]
    counts: Counter[tuple[str, str]] = Counter()
    for e in survey.exclusions:
        counts[e.sample, e.reason] += e.count
    for name in SAMPLES:
        sample = survey.sample(name)
        present = sum(sample.present)
        cells = sample.size * present
        valid = cells - sum(counts[name, reason] for reason in REASONS)  # parts hold no scores
        weights = "weighted" if sample.has_weights else "unweighted"
        attributes = ", ".join(sample.attributes) or "none"
        lines.append(f"  {name:<12} {sample.source}")
        lines.append(
            f"  {'':<12} {sample.size:,} respondents, {present} items, {weights}; "
            f"attributes: {attributes}"
        )
        excluded = ", ".join(f"{counts[name, r]:,} {r}" for r in REASONS if counts[name, r])
        lines.append(f"  {'':<12} {cells:,} cells: {valid:,} valid; {excluded or 'none excluded'}")
    return "\n".join(map(one_line, lines)) + "\n"  # names from the input: no control characters
