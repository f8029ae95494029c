"""What a third-party reader raises for a damaged file, as the one-line input error naming it:
one context manager for the Parquet, part, workbook-archive and sheet-XML readers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from cxgap.errors import InputError, Where


@contextmanager
def refused(
    what: str,
    display: str,
    hint: str,
    kinds: tuple[type[BaseException], ...] = (Exception,),
    *,
    cut: int | None = 120,
    named: bool = True,
) -> Iterator[None]:
    """Turn an exception of ``kinds`` into an :class:`InputError`: ``what (Kind: detail)``,
    the detail cut to ``cut`` characters (``named=False``: the detail alone); an
    :class:`InputError` raised inside passes as it is."""
    try:
        yield
    except InputError:
        raise
    except kinds as exc:
        detail = str(exc)[:cut] if cut is not None else str(exc)
        shown = f"{type(exc).__name__}: {detail}" if named else detail
        raise InputError(f"{what} ({shown})", where=Where(display), hint=hint) from exc
