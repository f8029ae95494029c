"""cxgap: measure the delivery gap between what a company believes and what its customers say."""

__version__ = "0.1.0"

__all__ = ["__version__"]
