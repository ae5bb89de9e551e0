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
    """Syntax or fatal runtime error (``awk: ...``, status 2); ``line``: the
    program line busybox names (``cmd. line:N``), when it differs from mawk's."""

    def __init__(self, msg: str, line: int | None = None):
        super().__init__(msg)
        self.line = line


# --- values -------------------------------------------------------------------------

class StrNum(str):
    """An input string: numeric if it looks like a number."""
    __slots__ = ("num",)


#: a decimal number as strtod reads it (the common case, converted by ``float``:
#: Python's own ``float`` also takes ``_``, ``infinity`` and spaces, which C's does not)
_DECIMAL = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
#: glibc strtod's other forms: hexadecimal (``0x1.8p3``), ``inf``/``infinity``,
#: ``nan``/``nan(chars)`` (stdlib/strtod_l.c)
_STRTOD = re.compile(r"""[ \t\n\v\f\r]*
    (?P<sign>[-+]?)(?:
      (?P<hex>0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][-+]?\d+)?)
     |(?P<inf>[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)
     |(?P<nan>[nN][aA][nN](?:\([0-9A-Za-z_]*\))?)
     |(?P<dec>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))""", re.X)


def strtod(s: str, i: int = 0) -> tuple[float, int]:
    """glibc ``strtod`` of ``s[i:]``: the value and the index after what it read
    (``i`` and 0.0 when it reads nothing); hexadecimal, ``inf`` and ``nan`` included."""
    m = _STRTOD.match(s, i)
    if m is None:
        return 0.0, i
    if m["dec"] is not None:
        v = float(m["dec"])
    elif m["hex"] is not None:
        try:
            v = float.fromhex(m["hex"])
        except OverflowError:
            v = math.inf
    else:
        v = math.inf if m["inf"] is not None else math.nan
    return (-v if m["sign"] == "-" else v), m.end()


def bb_strtod(s: str, i: int = 0) -> tuple[float, int]:
    """busybox awk.c ``my_strtod``: a word starting ``0x`` or ``0`` and a digit is
    ``strtoull(s, &end, 0)``'s hexadecimal or octal integer (an octal one followed
    by a digit or ``.`` is read again by ``strtod``: ``09.5``); else ``strtod``."""
    if s[i:i + 1] == "0" and i + 1 < len(s):
        c = s[i + 1]
        if c in "xX":
            j = i + 2
            while j < len(s) and s[j] in "0123456789abcdefABCDEF":
                j += 1
            if j == i + 2:                  # "0x" alone: strtoull reads the 0
                return 0.0, i + 1
            return float(min(int(s[i + 2:j], 16), 2 ** 64 - 1)), j
        if c.isdigit():
            j = i + 1
            while j < len(s) and s[j] in "01234567":
                j += 1
            if j == len(s) or not (s[j].isdigit() or s[j] == "."):
                return float(min(int(s[i:j], 8), 2 ** 64 - 1)), j
    return strtod(s, i)


def strnum(s: str) -> StrNum:
    """An input string as mawk 1.3.4 types it (cast.c ``check_strnum``): numeric
    when, blanks trimmed, it starts with a digit, sign or ``.``, ends with a digit or
    ``.``, and strtod reads all of it (``0x10`` is 16, ``0x1f`` a string)."""
    o = StrNum(s)
    o.num = None
    t = s.strip(" \t\v\f\r")
    if t and (t[-1] in "0123456789.") and t[0] in "0123456789+-.":
        if _DECIMAL.fullmatch(t):
            o.num = float(t)
        else:
            v, end = strtod(t)
            if end == len(t):
                o.num = v
    return o


def bb_strnum(s: str) -> StrNum:
    """An input string as busybox awk types it (``getvar_i``'s ``VF_USER``): numeric
    when ``my_strtod`` then ``skip_spaces`` (blanks, tabs) reach its end."""
    o = StrNum(s)
    o.num = None
    if s:
        v, end = bb_strtod(s)
        if not s[end:].strip(" \t"):
            o.num = v
    return o


UNINIT = StrNum("")
UNINIT.num = 0.0


def _converter(read):
    """A value-as-number function whose strings are read by ``read``."""
    def to_num(v) -> float:
        t = type(v)
        if t is float:
            return v
        if t is StrNum and v.num is not None:
            return v.num
        return read(v)[0]
    return to_num


#: a value as a number: mawk's ``cast1_to_d`` (strtod of a string's start), busybox's
#: ``getvar_i`` (``my_strtod``)
to_num = _converter(strtod)
bb_to_num = _converter(bb_strtod)


#: below this an integral number is written as an integer: busybox awk.c ``fmt_num``'s
#: ``n == (long long)n`` (the model's bound: 1e18); mawk 1.3.4 cast.c's ``d_to_I``,
#: which clamps to Max_Int (INT_MAX): 2147483648 is ``2.14748e+09``
BB_INT_LIMIT = 1e18
MAWK_INT_LIMIT = 2147483648.0


def num_str(v: float, fmt: str, int_limit: float = BB_INT_LIMIT) -> str:
    """A number as awk writes it: an integral one within ``int_limit`` as an
    integer, else by ``fmt`` (CONVFMT, OFMT); glibc's nan and inf."""
    if v == v and v not in (math.inf, -math.inf):
        if v == int(v) and abs(v) < int_limit:
            return "%d" % v
        try:
            return fmt % v
        except (TypeError, ValueError):
            return "%.6g" % v
    if v != v:                      # glibc printf: a nan's sign bit is printed
        return "-nan" if math.copysign(1.0, v) < 0 else "nan"
    return "inf" if v > 0 else "-inf"


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
    sa = a if ta is not float else num_str(a, "%.6g", MAWK_INT_LIMIT)
    sb = b if tb is not float else num_str(b, "%.6g", MAWK_INT_LIMIT)
    return (sa > sb) - (sa < sb)


def bb_compare(a, b):
    """busybox awk.c OC_COMPARE's ``Ld``: the difference of two numbers (nan when
    either is nan, or inf - inf), else ``strcmp``'s sign."""
    ta, tb = type(a), type(b)
    an = a if ta is float else (a.num if ta is StrNum else None)
    bn = b if tb is float else (b.num if tb is StrNum else None)
    if an is not None and bn is not None:
        return an - bn
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
