"""Number and time formats of busybox's libbb, shared by the applets the busybox
userland models (``ls``, ``free``): busybox 1.35 ``libbb/human_readable.c`` and
``coreutils/ls.c``'s dates."""
from __future__ import annotations

import time

UNIT_CHARS = "\0KMGTPEZY"
#: ls.c: a time within this many seconds before now is ``Mon DD HH:MM``
HALF_YEAR = 3600 * 24 * 365 // 2


def make_human_readable_str(val: int, block_size: int, display_unit: int) -> str:
    """libbb ``make_human_readable_str``: ``val`` blocks of ``block_size`` bytes
    divided by ``display_unit`` and rounded, or (``display_unit`` 0) scaled by
    1024 with one decimal and a K/M/G... suffix; ``block_size`` 0: no decimal,
    rounded (``ls -h``'s total, ``2M``)."""
    if val == 0:
        return "0"
    if block_size > 1:
        val *= block_size
    if display_unit:
        return str((val + display_unit // 2) // display_unit)
    frac = 0
    u = 0
    while val >= 1024:
        u += 1
        frac = ((val % 1024) * 10 + 1024 // 2) // 1024
        val //= 1024
    if frac >= 10:
        val += 1
        frac = 0
    if not u:
        return str(val)
    if block_size == 0:
        return f"{val + (frac >= 5)}{UNIT_CHARS[u]}"
    return f"{val}.{frac}{UNIT_CHARS[u]}"


def ls_time(t: float, now: float) -> str:
    """ls.c's date column: ``Mon DD HH:MM`` from ctime for a time less than half a
    year old (and at most 15 minutes ahead), else ``Mon DD  YYYY``."""
    s = time.asctime(time.gmtime(int(t)))      # "Wed Jun 30 21:49:08 1993"
    age = now - t
    if -15 * 60 < age < HALF_YEAR:
        return s[4:16]
    return f"{s[4:11]}{s[20:]:>5}"
