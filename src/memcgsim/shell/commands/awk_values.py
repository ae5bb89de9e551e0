"""awk values: numbers (``float``), strings (``str``), :class:`StrNum` (input
strings that compare as numbers when they look numeric), the uninitialized value,
and the exceptions that carry control flow."""
from __future__ import annotations

import math
import re

#: strings shorter than this are not counted in the process's heap
#: (awk.py ``Runtime.keep``)
KEEP_MIN = 4096


class AwkError(Exception):
    """Syntax or fatal runtime error (``awk: ...``, status 2)."""


# --- values -------------------------------------------------------------------------

class StrNum(str):
    """An input string: numeric if it looks like a number."""
    __slots__ = ("num",)


_NUMLIKE = re.compile(r"[ \t\n]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[ \t\n]*\Z")
_NUMPREFIX = re.compile(r"[ \t\n\r\f\v]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def strnum(s: str) -> StrNum:
    o = StrNum(s)
    o.num = float(s) if _NUMLIKE.match(s) else None
    return o


UNINIT = StrNum("")
UNINIT.num = 0.0


def to_num(v) -> float:
    t = type(v)
    if t is float:
        return v
    if t is StrNum and v.num is not None:
        return v.num
    m = _NUMPREFIX.match(v)
    return float(m.group(0)) if m else 0.0


def num_str(v: float, fmt: str) -> str:
    if v == v and v not in (math.inf, -math.inf):
        if v == int(v) and abs(v) < 1e18:
            return "%d" % v
        try:
            return fmt % v
        except (TypeError, ValueError):
            return "%.6g" % v
    return "nan" if v != v else ("inf" if v > 0 else "-inf")


def truth(v) -> bool:
    t = type(v)
    if t is float:
        return v != 0.0
    if t is StrNum and v.num is not None:
        return v.num != 0.0
    return v != ""


def compare(a, b) -> int:
    ta, tb = type(a), type(b)
    an = a if ta is float else (a.num if ta is StrNum else None)
    bn = b if tb is float else (b.num if tb is StrNum else None)
    if an is not None and bn is not None:
        return (an > bn) - (an < bn)
    sa = a if ta is not float else num_str(a, "%.6g")
    sb = b if tb is not float else num_str(b, "%.6g")
    return (sa > sb) - (sa < sb)


class _Untyped:
    """An unset variable passed to a function: becomes an array if used as one."""
    __slots__ = ("arr", "used")

    def __init__(self):
        self.arr: dict = {}
        self.used = False


# --- control flow -------------------------------------------------------------------

class _Next(Exception):
    pass


class _NextFile(Exception):
    pass


class _Exit(Exception):
    def __init__(self, code: int):
        self.code = code


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Return(Exception):
    def __init__(self, value):
        self.value = value
