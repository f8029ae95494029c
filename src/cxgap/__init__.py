"""cxgap: measure the delivery gap between what a company believes and what its customers say.

The notebook API: :func:`analyze` and :func:`trend` return the report objects the CLI renders
(see :mod:`cxgap.api`). Importing cxgap stays light: the API itself loads when one of its names
is first used (PEP 562), and numpy, pandas and the loaders when a function runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxgap._version import __version__

if TYPE_CHECKING:
    from cxgap.api import Analysis, TrendAnalysis, analyze, trend

__all__ = ["Analysis", "TrendAnalysis", "__version__", "analyze", "trend"]
_API = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> object:
    """A name of the notebook API, imported on first use: ``import cxgap``, and every module
    that imports one of cxgap's (``cxgap --version`` among them), loads no more than this."""
    if name not in _API:
        raise AttributeError(f"module 'cxgap' has no attribute {name!r}")
    from cxgap import api  # start-up cost: api loads inputs and report (most of import cxgap)

    value = getattr(api, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
