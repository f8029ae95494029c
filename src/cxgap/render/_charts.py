"""The colours every chart shares (deck, HTML, Excel), as RGB hex without ``#``.

Blue and orange stay apart for the common colour-vision deficiencies; red and green mark only
significant findings, always beside a sign or a word that says the same.
"""

from __future__ import annotations

COMPANY = "1F4E79"
CUSTOMERS = "D9730D"
OLDER_WAVES = ("A9BCD0", "7F9DBA", "5A7FA3")
"""Earlier waves, lightest first; the last wave is drawn in ``COMPANY`` blue."""
OVER, UNDER, NOT_SIGNIFICANT = "B00020", "137333", "6B6B6B"
INK, MUTED = "222222", "666666"


def wave_colours(n: int) -> list[str]:
    """One colour per wave, oldest first, the last one ``COMPANY``."""
    older = [OLDER_WAVES[k % len(OLDER_WAVES)] for k in range(max(n - 1, 0))]
    return [*older, COMPANY][-n:] if n else []
