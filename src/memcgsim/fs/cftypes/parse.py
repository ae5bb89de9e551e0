"""The kernel's number parsers, as cgroupfs write handlers call them, on the
written bytes (a ``str`` of code points < 256: one per byte).

lib/kstrtox.c (``_parse_integer_fixup_radix``, ``_parse_integer``,
``kstrtoull``/``kstrtoll``/``kstrtoint``), lib/vsprintf.c (``simple_strtoull``),
lib/cmdline.c (``memparse``), lib/string.c (``strstrip``) and mm/page_counter.c
(``page_counter_memparse``). The rules that matter to a user:

* ``kstrto*`` take base 0 here (``0x`` hex, leading ``0`` octal), one leading
  ``+`` (or ``-`` for the signed ones), at most one trailing newline and nothing
  else: no spaces; -EINVAL when malformed, -ERANGE when the value overflows.
* ``memparse`` takes no sign and silently wraps modulo 2**64 on overflow (digits
  and the K/M/G/T/P/E shifts); ``page_counter_memparse`` wants nothing after it
  (-EINVAL), callers ``strstrip`` first, so surrounding whitespace is fine.
"""
from __future__ import annotations

import errno

from ..vfs import oserror

U64 = (1 << 64) - 1
INT_MAX = (1 << 31) - 1
INT_MIN = -(1 << 31)
#: ``KSTRTOX_OVERFLOW``: the flag ``_parse_integer`` sets in its return value
KSTRTOX_OVERFLOW = 1 << 31
#: the kernel's ``isspace()`` (lib/ctype.c ``_ctype``: _S bytes, 0xa0 included)
_SPACE = frozenset(" \t\n\v\f\r\xa0")


_SPACE_CHARS = "".join(sorted(_SPACE))


def strstrip(s: str) -> str:
    """``strstrip``: trailing then leading ``isspace()`` bytes removed."""
    return s.strip(_SPACE_CHARS)


def _fixup_radix(s: str, base: int) -> tuple[str, int]:
    """``_parse_integer_fixup_radix``: base 0 is 16 for "0x" followed by a hex
    digit, 8 for a leading "0", else 10; a "0x" prefix is skipped in base 16."""
    if base == 0:
        if s[:1] == "0":
            base = 16 if s[1:2].lower() == "x" and _isxdigit(s[2:3]) else 8
        else:
            base = 10
    if base == 16 and s[:1] == "0" and s[1:2].lower() == "x":
        s = s[2:]
    return s, base


def _isxdigit(c: str) -> bool:
    return c != "" and c in "0123456789abcdefABCDEF"


def _parse_integer(s: str, base: int) -> tuple[int, int]:
    """``_parse_integer``: (value modulo 2**64, characters used | KSTRTOX_OVERFLOW)."""
    if base == 10:
        # up to 19 decimal digits cannot overflow 64 bits: the loop's result, at once
        n = len(s) - len(s.lstrip("0123456789"))
        if n <= 19:
            return (int(s[:n]) if n else 0), n
    res = 0
    rv = 0
    for ch in s:
        o = ord(ch)
        if 0x30 <= o <= 0x39:
            val = o - 0x30
        elif 0x61 <= (o | 0x20) <= 0x66:
            val = (o | 0x20) - 0x61 + 10
        else:
            break
        if val >= base:
            break
        if res > (U64 - val) // base:
            rv |= KSTRTOX_OVERFLOW
        res = (res * base + val) & U64
        rv += 1
    return res, rv


def _kstrtoull(s: str, base: int) -> int:
    s, base = _fixup_radix(s, base)
    res, rv = _parse_integer(s, base)
    if rv & KSTRTOX_OVERFLOW:
        raise oserror(errno.ERANGE)
    if rv == 0:
        raise oserror(errno.EINVAL)
    s = s[rv:]
    if s[:1] == "\n":
        s = s[1:]
    if s:
        raise oserror(errno.EINVAL)
    return res


def kstrtoull(s: str, base: int = 0) -> int:
    """``kstrtoull``: an unsigned 64-bit number, one leading "+" allowed."""
    if s[:1] == "+":
        s = s[1:]
    return _kstrtoull(s, base)


#: ``kstrtoul`` is ``kstrtoull`` on 64-bit
kstrtoul = kstrtoull


def kstrtoll(s: str, base: int = 0) -> int:
    """``kstrtoll``: a signed 64-bit number ("-" or "+" once), -ERANGE outside."""
    if s[:1] == "-":
        tmp = _kstrtoull(s[1:], base)
        if tmp > 1 << 63:
            raise oserror(errno.ERANGE)
        return -tmp
    tmp = kstrtoull(s, base)
    if tmp >= 1 << 63:
        raise oserror(errno.ERANGE)
    return tmp


def kstrtoint(s: str, base: int = 0) -> int:
    """``kstrtoint``: ``kstrtoll``, then -ERANGE outside int."""
    if base == 0 or base == 10:
        # the usual "PID\n": up to 9 ASCII digits, no leading 0 (octal, hex),
        # one newline: kstrtoll's answer at once
        d = s[:-1] if s[-1:] == "\n" else s
        if 0 < len(d) < 10 and d.isdigit() and d.isascii() and (d[0] != "0" or len(d) == 1):
            return int(d)
    v = kstrtoll(s, base)
    if not INT_MIN <= v <= INT_MAX:
        raise oserror(errno.ERANGE)
    return v


def kstrtouint(s: str, base: int = 0) -> int:
    """``kstrtouint``: ``kstrtoull``, then -ERANGE above UINT_MAX."""
    v = kstrtoull(s, base)
    if v > 0xFFFFFFFF:
        raise oserror(errno.ERANGE)
    return v


def simple_strtoull(s: str, base: int = 0) -> tuple[int, str]:
    """``simple_strtoull``: (value modulo 2**64, the rest of the string); no sign,
    no error: nothing parsed is 0 with the whole string left."""
    t, base = _fixup_radix(s, base)
    res, rv = _parse_integer(t, base)
    return res, t[rv & ~KSTRTOX_OVERFLOW:]


_SHIFT = {"k": 10, "m": 20, "g": 30, "t": 40, "p": 50, "e": 60}


def memparse(s: str) -> tuple[int, str]:
    """``memparse``: ``simple_strtoull`` base 0, then one K/M/G/T/P/E suffix (either
    case) shifting by 10 per step, wrapping modulo 2**64; returns (bytes, rest)."""
    ret, rest = simple_strtoull(s, 0)
    shift = _SHIFT.get(rest[:1].lower())
    if shift is not None:
        ret = (ret << shift) & U64
        rest = rest[1:]
    return ret, rest


def page_counter_memparse(s: str, max_word: str, page_size: int, counter_max: int) -> int:
    """``page_counter_memparse``: ``max_word`` is ``counter_max``; else ``memparse``
    must use the whole string (-EINVAL); bytes → pages rounded down, capped."""
    if s == max_word:
        return counter_max
    nbytes, rest = memparse(s)
    if rest:
        raise oserror(errno.EINVAL)
    return min(nbytes // page_size, counter_max)
