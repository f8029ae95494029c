"""cxgap: measure the delivery gap between what a company believes and what its customers say.

The notebook API: :func:`analyze` and :func:`trend` return the report objects the CLI renders
(see :mod:`cxgap.api`). Importing cxgap stays light: numpy, pandas and the loaders load when a
function runs.
"""

__version__ = "0.1.0"

from cxgap.api import Analysis, TrendAnalysis, analyze, trend

__all__ = ["Analysis", "TrendAnalysis", "__version__", "analyze", "trend"]
