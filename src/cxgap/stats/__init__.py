"""Samples -> sufficient sums -> estimates, gaps, q-values and ranks. Pure: no I/O, no printing.

``analyze`` is the entry point; :mod:`._sums`, :mod:`._estimate` and :mod:`._gaps` hold the
formulas of SPEC section 2, each documented with its reference implementation.
"""

from __future__ import annotations

from cxgap.stats._analyze import analyze, levels_for

__all__ = ["analyze", "levels_for"]
