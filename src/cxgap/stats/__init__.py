"""Samples -> sufficient sums -> estimates, gaps, q-values and ranks. Pure: no I/O, no printing.

``analyze`` (one survey) and ``trend`` (several waves) are the entry points; :mod:`._sums`,
:mod:`._estimate`, :mod:`._gaps` and :mod:`._trend` hold the formulas of SPEC section 2, each
documented with its reference implementation.
"""

from __future__ import annotations

from cxgap.stats._analyze import analyze
from cxgap.stats._levels import levels_for
from cxgap.stats._trend import trend

__all__ = ["analyze", "levels_for", "trend"]
