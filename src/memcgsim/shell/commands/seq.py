"""``seq`` as GNU coreutils 9 has it (src/seq.c), streamed as it computes.

Integer operands (``seq 1 99999999999999999999``, ``seq 1e9``: no fraction, not
negative, a step of 1..200, no ``-f``/``-w``, a one-character separator) take
``seq_fast``: arbitrary-precision integers, written a stdio buffer at a time, so
``seq 1e9 | head -1`` ends as soon as ``head`` has gone (the next write gets
SIGPIPE). Everything else is ``print_numbers`` on x87 ``long double`` values,
emulated exactly: every operand (``strtold``) and every ``first + i * step`` is
rounded to a 64-bit significand, and ``printf`` formats the exact binary value
(as glibc does), so outputs match GNU seq digit for digit.
"""
from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from ._util import Out, UsageError, command, getopt

if TYPE_CHECKING:  # pragma: no cover
    from ..context import CommandContext

#: seq_fast takes steps up to this (``SEQ_FAST_STEP_LIMIT``)
SEQ_FAST_STEP_LIMIT = 200
INT_MAX = 2 ** 31 - 1
#: ``LDBL_MAX_EXP``: a long double is below 2**16384
_LDBL_MAX_EXP = 16384
INF = float("inf")

_STRTOLD = re.compile(
    r"\s*([+-]?)(?:"
    r"0[xX](?P<hex>[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP](?P<bexp>[+-]?\d+))?"
    r"|(?P<dec>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<inf>(?i:inf(?:inity)?))|(?P<nan>(?i:nan)(?:\([0-9A-Za-z_]*\))?))")


class _Invalid(Exception):
    """Not a number ``strtold`` takes whole, or one that overflows."""


def ld_round(x: Fraction) -> Fraction:
    """``x`` rounded to the nearest x87 long double (64-bit significand, ties to
    even)."""
    if not x:
        return x
    sign = -1 if x < 0 else 1
    n, d = abs(x.numerator), x.denominator
    e = n.bit_length() - d.bit_length()
    if (n << max(0, -e)) < (d << max(0, e)):
        e -= 1                      # 2**e <= |x| < 2**(e+1)
    if e >= _LDBL_MAX_EXP:
        raise _Invalid()
    shift = 63 - e
    num, den = (n << shift, d) if shift >= 0 else (n, d << -shift)
    m, r = divmod(num, den)
    if 2 * r > den or (2 * r == den and m & 1):
        m += 1
    if m >> 64:
        m >>= 1
        shift -= 1
    return sign * (Fraction(m) / (1 << shift) if shift >= 0 else Fraction(m << -shift))


def strtold(s: str):
    """``xstrtold``: the whole string as a long double (Fraction, or ±inf); NaN is
    returned as None. Raises :class:`_Invalid` for anything else or an overflow."""
    m = _STRTOLD.fullmatch(s)
    if not m:
        raise _Invalid()
    neg = m.group(1) == "-"
    if m.group("nan"):
        return None
    if m.group("inf"):
        return -INF if neg else INF
    if m.group("hex") is not None:
        h = m.group("hex")
        ip, _, fp = h.partition(".")
        v = Fraction(int((ip + fp) or "0", 16), 16 ** len(fp))
        be = int(m.group("bexp") or 0)
        if v and be > 4 * _LDBL_MAX_EXP:
            raise _Invalid()
        v = v * Fraction(2) ** max(be, -5 * _LDBL_MAX_EXP)
    else:
        dec = Decimal(m.group("dec"))
        if dec and dec.adjusted() > 4933:
            raise _Invalid()
        v = Fraction(dec) if dec.adjusted() > -5000 else Fraction(0)
    v = ld_round(v)
    return -v if neg else v


# --- printf of a long double ---------------------------------------------------------

def _round_div(n: int, d: int) -> int:
    """n / d rounded to the nearest integer, ties to even (glibc's default mode)."""
    q, r = divmod(n, d)
    if 2 * r > d or (2 * r == d and q & 1):
        q += 1
    return q


def _fixed(a: Fraction, prec: int, alt: bool) -> str:
    q = _round_div(a.numerator * 10 ** prec, a.denominator)
    s = str(q).rjust(prec + 1, "0")
    if not prec:
        return s + ("." if alt else "")
    return s[:-prec] + "." + s[-prec:]


def _exp10(a: Fraction) -> int:
    """floor(log10(a)) for a > 0."""
    e = len(str(a.numerator)) - len(str(a.denominator))
    while a < Fraction(10) ** e:
        e -= 1
    while a >= Fraction(10) ** (e + 1):
        e += 1
    return e


def _sci(a: Fraction, prec: int) -> tuple[str, int]:
    """The digits of ``a`` rounded to ``prec + 1`` significant ones, and its exponent."""
    if not a:
        return "0" * (prec + 1), 0
    e = _exp10(a)
    scale = Fraction(10) ** (prec - e)
    q = _round_div(a.numerator * scale.numerator, a.denominator * scale.denominator)
    if q >= 10 ** (prec + 1):
        q //= 10
        e += 1
    return str(q), e


def _exp_form(digits: str, e: int, alt: bool, upper: bool) -> str:
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 or alt else "")
    return f"{mant}{'E' if upper else 'e'}{'-' if e < 0 else '+'}{abs(e):02d}"


def _hex_form(a: Fraction, prec: int | None, upper: bool) -> str:
    """``%La`` of an x87 long double: a leading hex digit 8..f, exponent of 2."""
    if not a:
        s, e = "0" + ("." + "0" * prec if prec else ""), 0
    else:
        n, d = a.numerator, a.denominator
        e = n.bit_length() - d.bit_length()
        if (n << max(0, -e)) < (d << max(0, e)):
            e -= 1
        shift = 63 - e
        m = (n << shift) // d if shift >= 0 else n // (d << -shift)
        frac = f"{m & ((1 << 60) - 1):015x}"
        lead = m >> 60
        if prec is None:
            frac = frac.rstrip("0")
        elif prec < 15:
            q = _round_div(m, 1 << (60 - 4 * prec))
            lead, fr = divmod(q, 1 << (4 * prec)) if prec else (q, 0)
            if lead >= 16:
                lead //= 2      # (rare) rounding carried out of the leading digit
                e += 1
            frac = f"{fr:0{prec}x}" if prec else ""
        else:
            frac = frac.ljust(prec, "0")
        s = f"{lead:x}" + ("." + frac if frac else "")
        e -= 3
    out = f"0x{s}p{'-' if e < 0 else '+'}{abs(e)}"
    return out.upper() if upper else out


def format_ld(spec: str, x) -> str:
    """One printf conversion (``%[flags][width][.prec]L?[efgaEFGA]``) of ``x``, a
    Fraction or ±inf, as glibc prints the long double."""
    m = re.fullmatch(r"%([-+#0 ']*)(\d*)(?:\.(\d*))?L?([efgaEFGA])", spec)
    flags, width, prec_s, conv = m.group(1), int(m.group(2) or 0), m.group(3), m.group(4)
    prec = None if prec_s is None else int(prec_s or 0)
    upper = conv.isupper()
    c = conv.lower()
    alt = "#" in flags
    neg = x < 0 if isinstance(x, Fraction) else x < 0
    if neg:
        sign = "-"
    else:
        sign = "+" if "+" in flags else " " if " " in flags else ""
    if not isinstance(x, Fraction):
        body = "INF" if upper else "inf"
        zero = False
    else:
        a = abs(x)
        zero = "0" in flags and "-" not in flags
        if c == "f":
            body = _fixed(a, 6 if prec is None else prec, alt)
        elif c == "e":
            p = 6 if prec is None else prec
            body = _exp_form(*_sci(a, p), alt, upper)
        elif c == "g":
            p = 6 if prec is None else (prec or 1)
            digits, e = _sci(a, p - 1)
            if p > e >= -4:
                body = _fixed(a, p - 1 - e, alt)
            else:
                body = _exp_form(digits, e, alt, upper)
            if not alt:
                head, ex = (body.split("E" if upper else "e") + [""])[:2] if ("e" in body.lower()) \
                    else (body, "")
                if "." in head:
                    head = head.rstrip("0").rstrip(".")
                body = head + (("E" if upper else "e") + ex if ex else "")
        else:
            body = _hex_form(a, prec, upper)
    if len(sign) + len(body) >= width:
        return sign + body
    pad = width - len(sign) - len(body)
    if "-" in flags:
        return sign + body + " " * pad
    if zero:
        if c == "a":
            return sign + body[:2] + "0" * pad + body[2:]
        return sign + "0" * pad + body
    return " " * pad + sign + body


class _Format:
    """A ``-f`` FORMAT checked as ``long_double_format`` does: text, one
    floating-point directive, text."""
    __slots__ = ("prefix", "spec", "suffix")

    def __init__(self, fmt: str):
        i = 0
        prefix = []
        while not (fmt[i:i + 1] == "%" and fmt[i + 1:i + 2] != "%"):
            if i >= len(fmt):
                raise UsageError(f"format '{fmt}' has no % directive", hint=False)
            prefix.append(fmt[i])
            i += 2 if fmt[i] == "%" else 1
        m = re.compile(r"%[-+#0 ']*\d*(?:\.\d*)?L?").match(fmt, i)
        j = m.end()
        if j >= len(fmt):
            raise UsageError(f"format '{fmt}' ends in %", hint=False)
        if fmt[j] not in "efgaEFGA":
            raise UsageError(f"format '{fmt}' has unknown %{fmt[j]} directive", hint=False)
        suffix = []
        k = j + 1
        while k < len(fmt):
            if fmt[k] == "%" and fmt[k + 1:k + 2] != "%":
                raise UsageError(f"format '{fmt}' has too many % directives", hint=False)
            suffix.append(fmt[k])
            k += 2 if fmt[k] == "%" else 1
        self.prefix = "".join(prefix)
        self.spec = fmt[i:j + 1]
        self.suffix = "".join(suffix)

    def __call__(self, x) -> str:
        return self.prefix + format_ld(self.spec, x) + self.suffix


# --- operands --------------------------------------------------------------------------

class _Operand:
    """``struct operand``: the value, its print width and its decimals (INT_MAX: not
    a fixed-point number)."""
    __slots__ = ("value", "width", "precision")

    def __init__(self, value, width: int, precision: int):
        self.value = value
        self.width = width
        self.precision = precision


def _scan_arg(arg: str) -> _Operand:
    """``scan_arg``: the value, and the width and precision its spelling implies."""
    try:
        v = strtold(arg)
    except _Invalid:
        raise UsageError(f"invalid floating point argument: '{arg}'") from None
    if v is None:
        raise UsageError(f"invalid 'not-a-number' argument: '{arg}'")
    a = arg.lstrip(" \t\n\v\f\r+")
    op = _Operand(v, 0, INT_MAX)
    dp = a.find(".")
    if dp < 0 and "p" not in a:
        op.precision = 0
    if not any(c in a for c in "xX") and isinstance(v, Fraction):
        fraction_len = 0
        op.width = len(a)
        if dp >= 0:
            fraction_len = len(re.match(r"[^eE]*", a[dp + 1:]).group())
            op.precision = fraction_len
            op.width += -1 if fraction_len == 0 else (dp == 0 or not a[dp - 1].isdigit())
        e = next((i for i, c in enumerate(a) if c in "eE"), -1)
        if e >= 0:
            exponent = int(re.match(r"[+-]?\d*", a[e + 1:]).group() or 0)
            op.precision += -exponent if exponent < 0 else -min(op.precision, exponent)
            op.width -= len(a) - e
            if exponent < 0:
                if dp >= 0:
                    if e == dp + 1:
                        op.width += 1
                else:
                    op.width += 1
                exponent = -exponent
            else:
                if dp >= 0 and op.precision == 0 and fraction_len:
                    op.width -= 1
                exponent -= min(fraction_len, exponent)
            op.width += exponent
    return op


def _default_format(first: _Operand, step: _Operand, last: _Operand, equal: bool) -> str:
    """``get_default_format``: %.PRECLf (zero-padded to one width with -w) when every
    operand is fixed-point, else %Lg."""
    prec = max(first.precision, step.precision)
    if prec != INT_MAX and last.precision != INT_MAX:
        if equal:
            first_width = first.width + (prec - first.precision)
            last_width = last.width + (prec - last.precision)
            if last.precision and prec == 0:
                last_width -= 1
            if last.precision == 0 and prec:
                last_width += 1
            if first.precision == 0 and prec:
                first_width += 1
            return f"%0{max(first_width, last_width)}.{prec}Lf"
        return f"%.{prec}Lf"
    return "%Lg"


# --- the two generators ------------------------------------------------------------------

def _seq_fast(out: Out, a: int, b: int | None, step: int, sep: str) -> bool:
    """``seq_fast``: whole numbers from ``a`` to ``b`` (None: no end), one buffer at
    a time. False (nothing printed) when ``b < a``."""
    if b is not None and a > b:
        return False
    sepb = sep.encode("utf-8", "surrogateescape")
    x = a
    while True:
        hi = x + step * 1024
        if b is not None and hi > b:
            hi = b + 1
        chunk = range(x, hi, step)
        out.write(sepb.join(str(v).encode() for v in chunk))
        x = chunk[-1] + step
        if b is not None and x > b:
            break
        out.write(sepb)
    out.write(b"\n")
    return True


def _print_numbers(out: Out, fmt, first, step, last, sep: str) -> None:
    """``print_numbers``: ``first + i * step`` in long double until past ``last``;
    the number just past it is printed too when it prints as ``last`` and unlike
    the one before (rounding: ``seq 0 0.000001 0.000003``)."""
    out_of_range = first < last if step < 0 else last < first
    if out_of_range:
        return
    enc = lambda s: s.encode("utf-8", "surrogateescape")    # noqa: E731
    sepb = enc(sep)
    x = first
    i = 1
    while True:
        x0 = x
        out.write(enc(fmt(x)))
        if isinstance(first, Fraction) and isinstance(step, Fraction):
            x = ld_round(first + ld_round(i * step))
        else:                       # an infinite operand
            x = float(first) + i * float(step)
        i += 1
        out_of_range = x < last if step < 0 else last < x
        if out_of_range:
            xs = fmt.bare(x)
            try:
                xv = strtold(xs)
            except _Invalid:
                xv = None
            if xv is None or xv != last or fmt.bare(x0) == xs:
                break
        out.write(sepb)
    out.write(b"\n")


class _Printer:
    """A format as ``print_numbers`` uses it: the whole text, and the number alone
    (what lies between the prefix and the suffix)."""
    __slots__ = ("fmt",)

    def __init__(self, fmt: _Format):
        self.fmt = fmt

    def __call__(self, x) -> str:
        return self.fmt(x)

    def bare(self, x) -> str:
        return format_ld(self.fmt.spec, x)


@command("seq", usage="[OPTION]... LAST\n  or:  seq [OPTION]... FIRST LAST\n  or:  seq [OPTION]... FIRST INCREMENT LAST")
def cmd_seq(ctx: "CommandContext") -> int:
    """``seq [-w] [-s SEP] [-f FMT] [FIRST [INCR]] LAST`` (GNU coreutils 9)."""
    opts, args = getopt(ctx.argv[1:], "ws:f:", {"equal-width": "w", "separator=": "s",
                                                 "format=": "f"}, permute=False,
                        numeric_ok=True)
    equal = False
    sep = "\n"
    fmt_s = None
    for o, v in opts:
        if o == "w":
            equal = True
        elif o == "s":
            sep = v
        elif o == "f":
            fmt_s = v
    if not args:
        raise UsageError("missing operand")
    if len(args) > 3:
        raise UsageError(f"extra operand '{args[3]}'")
    fmt = _Format(fmt_s) if fmt_s is not None else None
    if fmt is not None and equal:
        raise UsageError("format string may not be specified when printing equal width strings")
    out = Out(ctx.stdout)
    n = len(args)
    digits = lambda s: s[:1].isdigit() and s.isdigit() and s.isascii()    # noqa: E731
    fast_ok = not equal and fmt is None and len(sep) == 1
    step_fast = n != 3 or (digits(args[1]) and 0 < int(args[1]) <= SEQ_FAST_STEP_LIMIT)
    if fast_ok and all(digits(a) for a in args) and step_fast:
        if _seq_fast(out, int(args[0]) if n > 1 else 1, int(args[-1]),
                     int(args[1]) if n == 3 else 1, sep):
            out.flush()
            return 0
    ops = [_scan_arg(a) for a in args]
    one = _Operand(Fraction(1), 1, 0)
    first, step, last = (one, one, ops[0]) if n == 1 else \
        (ops[0], one, ops[1]) if n == 2 else tuple(ops)
    if n == 3 and step.value == 0:
        raise UsageError(f"invalid Zero increment value: '{args[1]}'")
    f, s, l_ = first.value, step.value, last.value
    if (fast_ok and first.precision == 0 and step.precision == 0 and last.precision == 0
            and isinstance(f, Fraction) and f >= 0 and l_ >= 0
            and 0 < s <= SEQ_FAST_STEP_LIMIT):
        a = _round_div(f.numerator, f.denominator)      # "%0.Lf"
        b = None if not isinstance(l_, Fraction) else _round_div(l_.numerator, l_.denominator)
        if _seq_fast(out, a, b, int(s), sep):
            out.flush()
            return 0
    if fmt is None:
        fmt = _Format(_default_format(first, step, last, equal))
    _print_numbers(out, _Printer(fmt), f, s, l_, sep)
    out.flush()
    return 0
