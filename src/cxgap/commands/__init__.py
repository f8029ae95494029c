"""One module per command; shared options and the error handler live in ``_common``."""
