"""Estimates of a top-box share from sufficient sums (SPEC section 2).

Reference implementation: R's ``survey`` package. With the respondent as the cluster,
``svymean(~y, svydesign(ids = ~respondent_id, weights = ~weight, data = long))`` on the group's
valid answers in long form gives the share and SE below, and ``svyciprop(method = "logit")`` the
interval; ``tests/reference/`` holds the R script and its numbers, pinned at 1e-9.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import special

from cxgap.report import Estimate
from cxgap.stats._sums import Sums


@dataclass(frozen=True)
class Share:
    """One group's share as fractions (0-1), with what the gap needs."""

    p: float | None
    se: float | None
    n: int
    responses: int
    n_eff: float | None
    ci: tuple[float, float] | None
    ci_method: str | None
    wilson: tuple[float, float] | None

    def estimate(self) -> Estimate:
        """The share in percent, as reports show it."""
        return Estimate(
            pct=None if self.p is None else 100 * self.p,
            se_pp=None if self.se is None else 100 * self.se,
            ci_pp=None if self.ci is None else (100 * self.ci[0], 100 * self.ci[1]),
            ci_method=self.ci_method,
            n=self.n,
            n_eff=self.n_eff,
            responses=self.responses,
        )


EMPTY = Share(None, None, 0, 0, None, None, None, None)


def shares(sums: Sums, confidence: float) -> list[Share]:
    """Every group of a one-part ``sums``: share, SE, n_eff and interval.

    - share ``p = Σb/Σa`` (ratio estimator, all answers of the group pooled);
    - ``SE² = n/(n-1) · Σz²`` with ``z_i = (b_i - p a_i)/Σa`` (Taylor linearisation, respondent
      as the cluster), as ``svymean`` computes it;
    - ``n_eff = n p(1-p) / ((n-1) SE²) = p(1-p)/Σz²``;
    - interval: logit with Student t on n-1 df, ``expit(logit p ± t · SE/(p(1-p)))``, as
      ``svyciprop(method = "logit")``; at p = 0 or 1, or where the SE is zero or undefined
      (n < 2; a pooled group where every respondent has the same share), the Wilson score
      interval on Kish's effective n ``(Σw)²/Σw²`` (R's logit interval is NaN there).
    """
    out: list[Share] = []
    for g in range(sums.n.shape[1]):
        n = round(sums.n[0, g])
        if n == 0:
            out.append(EMPTY)
            continue
        sa, sb = sums.sa[0, g], sums.sb[0, g]
        p = min(max(sb / sa, 0.0), 1.0)
        sz2 = max(sums.sbb[0, g] - 2 * p * sums.sab[0, g] + p * p * sums.saa[0, g], 0.0) / sa**2
        se = math.sqrt(n / (n - 1) * sz2) if n > 1 else None
        kish = sums.sw[0, g] ** 2 / sums.sww[0, g]
        wilson = wilson_interval(p, kish, confidence)
        n_eff = p * (1 - p) / sz2 if se is not None and sz2 > 0 and 0 < p < 1 else None
        if se is not None and se > 0 and 0 < p < 1:
            ci, method = logit_interval(p, se, n - 1, confidence), "logit"
        else:
            ci, method = wilson, "wilson"
        responses = round(sums.responses[0, g])
        out.append(Share(p, se, n, responses, n_eff, ci, method, wilson))
    return out


def t_quantile(df: float, confidence: float) -> float:
    """Two-sided Student t critical value: ``qt(1 - (1 - confidence)/2, df)`` in R."""
    return float(special.stdtrit(df, 1 - (1 - confidence) / 2))


def logit_interval(p: float, se: float, df: float, confidence: float) -> tuple[float, float]:
    """``svyciprop(method = "logit")``: the Wald interval of logit(p), t on df, back-transformed."""
    half = t_quantile(df, confidence) * se / (p * (1 - p))
    centre = math.log(p / (1 - p))
    return float(special.expit(centre - half)), float(special.expit(centre + half))


def wilson_interval(p: float, n: float, confidence: float) -> tuple[float, float]:
    """Wilson score interval for a share ``p`` on ``n`` (here Kish's effective n).

    ``(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)`` with z the normal quantile; as R's
    ``prop.test(correct = FALSE)`` / ``binom::binom.wilson``.
    """
    z = float(special.ndtri(1 - (1 - confidence) / 2))
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(centre - half, 0.0), min(centre + half, 1.0)
