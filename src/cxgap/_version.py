"""cxgap's version, in a module of its own: what prints it (``cxgap --version``, the JSON's
``tool``, the HTML report's footer) imports it from here, and so neither the package's
``__init__`` nor, through it, the notebook API."""

__version__ = "0.1.0"
