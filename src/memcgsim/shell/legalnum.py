"""bash's ``legal_number`` (general.c): a variable's or a reply's text as a number."""
from __future__ import annotations

from ..lazyimport import LazyPattern

#: general.c ``legal_number``: ``strtoimax`` in base 10 (leading blanks, a sign,
#: decimal digits), then only blanks
_LEGAL_NUMBER = LazyPattern(r"[ \t\n\v\f\r]*([-+]?[0-9]+)[ \t\n\v\f\r]*")


#: ``intmax_t``'s range: ``strtoimax`` sets ERANGE past it, which ``legal_number``
#: refuses
_INTMAX = (1 << 63) - 1


def number_or_zero(value) -> int:
    """``value`` as ``legal_number`` reads it, 0 when it is not a string or not a
    number (what SHLVL, FUNCNEST, BASH_SUBSHELL, BASH_ARGC and select's reply
    take then)."""
    n = legal_number(value) if type(value) is str else None
    return 0 if n is None else n


def legal_number(value: str) -> int | None:
    """``value`` as ``legal_number`` reads it, None when it is not a number (or
    out of ``intmax_t``'s range)."""
    m = _LEGAL_NUMBER.fullmatch(value)
    if not m:
        return None
    n = int(m[1])
    return n if -_INTMAX - 1 <= n <= _INTMAX else None
