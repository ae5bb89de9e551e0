"""dash 0.5.12's own ``test``/``[``, ``printf`` and ``kill`` (bltin/test.c,
bltin/printf.c, jobs.c ``killcmd``): where busybox sh runs its applets, dash has
builtins with their own grammar and words (shell/dialect.py ``Dash``).

- ``test``: test.c's ``testcmd`` (POSIX's cases by argument count, then
  ``oexpr``/``aexpr``/``nexpr``/``primary`` over ``t_lex``'s tokens; no ``==``, no
  ``-v``), errors ``OP: argument expected``, ``closing paren expected``, ``X:
  unexpected operator`` for what is left, ``missing ]``; numbers ``atomax10``'s
  (``Illegal number: X``).
- ``printf``: ``printfcmd``: no length modifiers (``%l: invalid directive``),
  ``\\NNN`` octal without a ``0`` and no ``\\x`` in the format, ``%b`` as
  ``echo``'s escapes; a bad number warns ``X: expected numeric value`` or ``X: not
  completely converted`` (status 1, the value read so far printed), an error
  (``missing format character``, ``%Z: invalid directive``, ``usage: ...``) ends it
  with 2.
- ``kill``: ``killcmd``: ``-SIG``/``-NUM``, ``-s SIG``, ``-l [STATUS]`` (names one a
  line, 0 first), ``%JOB`` as ``-PGID`` of its first process (ESRCH without job
  control), operands ``number``'s; a failed kill is ``STRERROR`` and a blank line.

Every error is ``sh_error``'s (:class:`DashError`: the builtin ends, status 2).
Checked against the host's dash 0.5.12 (tests/shell/dash_cases/bltins.sh)."""
from __future__ import annotations

import re
from typing import Callable

from . import dash
from .commands.bbtest import binary
from .commands.printf import _from_l1, _to_l1
from ..kernel.signum import SIGNAMES

#: mystring.c ``illnum``
ILLNUM = "Illegal number: {}"

_BLANK = " \t\n\v\f\r"
#: INTMAX_MAX of x86-64 glibc's 64-bit ``intmax_t`` (strtoimax's range)
_INTMAX = 2**63 - 1


class DashError(Exception):
    """``sh_error``'s message: the builtin ends with status 2 (``out``: what it had
    written, flushed all the same)."""
    out = ""


def atomax10(s: str) -> int:
    """mystring.c ``atomax(s, 10)``: strtoimax after blanks, an optional sign,
    digits, blanks only after; ``Illegal number`` otherwise or out of range."""
    m = re.fullmatch(r"[ \t\n\v\f\r]*([+-]?[0-9]+)[ \t\n\v\f\r]*", s)
    if m is None:
        raise DashError(ILLNUM.format(s))
    v = int(m.group(1))
    if not -_INTMAX - 1 <= v <= _INTMAX:
        raise DashError(ILLNUM.format(s))
    return v


def number(s: str) -> int:
    """mystring.c ``number``: ``atomax10`` within 0..INT_MAX."""
    n = atomax10(s)
    if not 0 <= n <= 2**31 - 1:
        raise DashError(ILLNUM.format(s))
    return n


class Opts:
    """options.c ``nextopt`` over ``args`` (``argptr``/``optptr``): each call
    gives the next option letter of ``optstring`` or ``""`` at the operands
    (``--`` consumed); ``Illegal option -C``, ``No arg for -C option``."""
    __slots__ = ("args", "i", "rest", "arg")

    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.i = 0
        self.rest = ""
        self.arg: str | None = None

    def next(self, optstring: str) -> str:
        p = self.rest
        if not p:
            if self.i >= len(self.args):
                return ""
            p = self.args[self.i]
            if p[:1] != "-" or len(p) == 1:
                return ""
            self.i += 1
            p = p[1:]
            if p == "-":
                return ""
        c, p = p[0], p[1:]
        k = optstring.find(c)
        if k < 0 or c == ":":
            raise DashError(f"Illegal option -{c}")
        if optstring[k + 1:k + 2] == ":":
            if not p:
                if self.i >= len(self.args):
                    raise DashError(f"No arg for -{c} option")
                p = self.args[self.i]
                self.i += 1
            self.arg, p = p, ""
        self.rest = p
        return c

    def operands(self) -> list[str]:
        return self.args[self.i:]


# -- test / [ ----------------------------------------------------------------------------------
#: test.c ``ops``: text -> type (UNOP, BINOP, BUNOP ``!``, BBINOP ``-a``/``-o``, PAREN)
_OPS = {**{o: "UNOP" for o in "-r -w -x -e -f -d -c -b -p -u -g -k -s -t -z -n -h -O -G -L -S".split()},
        **{o: "BINOP" for o in "= != < > -eq -ne -ge -gt -le -lt -nt -ot -ef".split()},
        "!": "BUNOP", "-a": "BBINOP", "-o": "BBINOP", "(": "PAREN", ")": "PAREN"}
_EOI, _OPERAND = None, ""


class _Test:
    """test.c's parser state: ``wp`` (``t_wp``) and ``op`` (``t_wp_op``)."""
    __slots__ = ("a", "wp", "op", "unary", "files")

    def __init__(self, args: list[str], unary, files) -> None:
        self.a = args
        self.wp = 0
        self.op: str | None = None
        self.unary = unary
        self.files = files

    def at(self, k: int) -> str | None:
        return self.a[k] if k < len(self.a) else None

    def lex(self, k: int) -> str | None:
        """``t_lex``: the operator at ``k`` (setting ``op``), ``_OPERAND`` or ``_EOI``."""
        s = self.at(k)
        if s is None:
            self.op = None
            return _EOI
        t = _OPS.get(s)
        if t is not None and not (t == "UNOP" and self.isoperand(k)) and not (
                s == "(" and self.at(k + 1) is None):
            self.op = s
            return s
        self.op = None
        return _OPERAND

    def isoperand(self, k: int) -> bool:
        s = self.at(k + 1)
        if s is None:
            return True
        if self.at(k + 2) is None:
            return False
        return _OPS.get(s) == "BINOP"

    def oexpr(self, n) -> bool:
        res = False
        while True:
            res |= self.aexpr(n)
            n = self.lex(self.wp + 1)
            if n != "-o":
                return res
            self.wp += 2
            n = self.lex(self.wp)

    def aexpr(self, n) -> bool:
        res = True
        while True:
            if not self.nexpr(n):
                res = False
            n = self.lex(self.wp + 1)
            if n != "-a":
                return res
            self.wp += 2
            n = self.lex(self.wp)

    def nexpr(self, n) -> bool:
        if n != "!":
            return self.primary(n)
        n = self.lex(self.wp + 1)
        if n is not _EOI:
            self.wp += 1
        return not self.nexpr(n)

    def primary(self, n) -> bool:
        if n is _EOI:
            return False
        if n == "(":
            self.wp += 1
            nn = self.lex(self.wp)
            if nn == ")":
                return False
            res = self.oexpr(nn)
            self.wp += 1
            if self.lex(self.wp) != ")":
                raise DashError("closing paren expected")
            return res
        if self.op is not None and _OPS[self.op] == "UNOP":
            op = self.op
            self.wp += 1
            x = self.at(self.wp)
            if x is None:
                raise DashError(f"{op}: argument expected")
            if op == "-z":
                return x == ""
            if op == "-n":
                return x != ""
            if op == "-t":
                atomax10(x)
            return self.unary(op, x)
        self.lex(self.wp + 1)
        if self.op is not None and _OPS[self.op] == "BINOP":
            return self.binop()
        return self.a[self.wp] != ""

    def binop(self) -> bool:
        x = self.a[self.wp]
        self.wp += 1
        self.lex(self.wp)
        op = self.op
        self.wp += 1
        y = self.at(self.wp)
        if y is None:
            raise DashError(f"{op}: argument expected")
        return binary(op, x, y, atomax10, self.files)


def test(args: list[str], unary: Callable[[str, str], bool],
         files: Callable[[str, str, str], bool], bracket: bool = False) -> int:
    """``testcmd``: 0 true, 1 false; :class:`DashError` for a syntax error.
    ``unary(op, x)`` answers the file tests (and ``-t``), ``files(op, x, y)``
    ``-nt``, ``-ot``, ``-ef``."""
    if bracket:
        if not args or args[-1][:1] != "]":
            raise DashError("missing ]")
        args = args[:-1]
    res = 1
    while True:
        argc = len(args)
        if argc < 1:
            return res
        n = "?"
        if argc == 3 and _OPS.get(args[1]) == "BINOP":
            n = _OPERAND
        elif argc in (3, 4):
            if args[0] == "(" and args[-1] == ")":
                args = args[1:-1]
            elif args[0] == "!":
                res = 0
                args = args[1:]
                continue
        break
    p = _Test(args, unary, files)
    if n == "?":
        n = p.lex(0)
    res ^= p.oexpr(n)
    left = p.at(p.wp)
    if left is not None and p.at(p.wp + 1) is not None:
        # bltin/test.c syntax(): an empty operand is not named
        raise DashError(f"{left}: unexpected operator" if left else "unexpected operator")
    return res


# -- printf ------------------------------------------------------------------------------------
_INT = re.compile(r"[ \t\n\v\f\r]*[+-]?(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")
_FLOAT = re.compile(r"[ \t\n\v\f\r]*[+-]?(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)"
                    r"(?:[pP][+-]?[0-9]+)?|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
                    r"|(?i:inf(?:inity)?|nan))")


def _conv_escape(f: str, i: int) -> tuple[str, int]:
    """printf.c ``conv_escape`` at ``f[i]`` (after the backslash): C's escapes (and
    Debian's ``\\e``), up to three octal digits, else the backslash alone (the next
    character read again)."""
    c = f[i:i + 1]
    if c in dash.ESC:
        return dash.ESC[c], i + 1
    j = i
    while j < len(f) and j < i + 3 and f[j] in "01234567":
        j += 1
    if j == i:
        return "\\", i
    return chr(int(f[i:j], 8) & 0xFF), j


class _Printf:
    """``printfcmd``'s state: the arguments (``gargv``) and ``rval``."""
    __slots__ = ("args", "k", "rval", "warn")

    def __init__(self, args: list[str], warn) -> None:
        self.args = args
        self.k = 0
        self.rval = 0
        self.warn = warn

    def get(self) -> str | None:
        if self.k >= len(self.args):
            return None
        self.k += 1
        return self.args[self.k - 1]

    def check(self, s: str, used: int, erange: bool) -> None:
        """``check_conversion``."""
        if used < len(s):
            self.warn(f"{s}: expected numeric value" if not used else f"{s}: not completely converted")
            self.rval = 1
        elif erange:
            self.warn(f"{s}: Numerical result out of range")
            self.rval = 1

    def field(self, fmt: str, j: int) -> tuple[int | str, int]:
        """A width or precision at ``fmt[j]``: ``*`` an argument's value (a C int),
        else the digits (``SKIP2``: and stars) as written; and where it ends."""
        if fmt[j:j + 1] == "*":
            return _clamp_int(self.uintmax(True)), j + 1
        k = j
        while j < len(fmt) and fmt[j] in "*0123456789":
            j += 1
        return fmt[k:j], j

    def uintmax(self, sign: bool) -> int:
        """``getuintmax``: a quote's character code, else strtoimax/strtoumax base 0."""
        s = self.get()
        if s is None:
            return 0
        if s[:1] in ("'", '"'):
            return ord(s[1]) if len(s) > 1 else 0
        m = _INT.match(s)
        v, erange = 0, False
        if m is not None:
            t = m.group(0).lstrip(_BLANK)
            neg = t[:1] == "-"
            body = t.lstrip("+-")
            v = int(body, 16 if body[:2].lower() == "0x" else 8 if body[:1] == "0" else 10)
            if sign:
                v = -v if neg else v
                if not -_INTMAX - 1 <= v <= _INTMAX:
                    v, erange = (-_INTMAX - 1 if neg else _INTMAX), True
            else:
                if v > 2**64 - 1:
                    v, erange = 2**64 - 1, True
                elif neg:
                    v = -v & (2**64 - 1)
        self.check(s, m.end() if m is not None else 0, erange)
        return v

    def double(self) -> float:
        """``getdouble``: strtod (decimal, hex, inf, nan) or a quote's code."""
        s = self.get()
        if s is None:
            return 0.0
        if s[:1] in ("'", '"'):
            return float(ord(s[1])) if len(s) > 1 else 0.0
        m = _FLOAT.match(s)
        v = 0.0
        if m is not None:
            t = m.group(0).lstrip(_BLANK)
            v = float.fromhex(t) if "x" in t.lower() else float(t)
        self.check(s, m.end() if m is not None else 0, v in (float("inf"), float("-inf"))
                   and m is not None and "inf" not in m.group(0).lower())
        return v


def _hexfloat(v: float, spec: str, upper: bool) -> str:
    """``%a``: glibc's shortest hexadecimal mantissa."""
    h = v.hex()
    mant, _, exp = h.partition("p")
    if "." in mant:
        mant = mant.rstrip("0").rstrip(".")
    h = f"{mant}p{exp}" if exp[:1] in "+-" else f"{mant}p+{exp}"
    return (spec + "s") % (h.upper() if upper else h)


def printf(args: list[str], warn: Callable[[str], None]) -> tuple[str, int]:
    """``printfcmd``: the output and ``rval`` (1 after a warning); an error
    (:class:`DashError`, its ``out`` what was printed before it) ends it with 2."""
    o = Opts(args)
    o.next("")
    args = o.operands()
    if not args:
        raise DashError("usage: printf format [arg ...]")
    out: list[str] = []
    try:
        return _printf(_to_l1(args[0]), [_to_l1(a) for a in args[1:]], warn, out)
    except DashError as e:
        e.out = _from_l1("".join(out))
        raise


def _printf(fmt: str, args: list[str], warn, out: list[str]) -> tuple[str, int]:
    p = _Printf(args, lambda m: warn(_from_l1(m)))
    while True:
        i, n = 0, len(fmt)
        while i < n:
            c = fmt[i]
            i += 1
            if c == "\\":
                c, i = _conv_escape(fmt, i)
                out.append(c)
                continue
            if c != "%":
                out.append(c)
                continue
            if fmt[i:i + 1] == "%":
                out.append("%")
                i += 1
                continue
            start = i - 1
            j = i
            while j < n and fmt[j] in "#-+ 0":
                j += 1
            flags = fmt[i:j]
            width, j = p.field(fmt, j)
            prec = None
            if fmt[j:j + 1] == ".":
                prec, j = p.field(fmt, j + 1)
            if j >= n:
                raise DashError("missing format character")
            ch = fmt[j]
            i = j + 1
            if isinstance(width, int):
                if width < 0:
                    flags, width = flags + "-", -width
                width = str(width)
            if isinstance(prec, int):
                prec = None if prec < 0 else str(prec)
            spec = "%" + flags + (width or "") + ("" if prec is None else "." + (prec or "0"))
            if ch == "b":
                s = p.get()
                text, stop = dash.escape_str(s or "")
                out.append((spec + "s") % text)
                if stop:
                    return _from_l1("".join(out)), p.rval
            elif ch == "c":
                s = p.get()
                out.append(("%" + flags + (width or "") + "s") % ((s or "\0")[:1]))
            elif ch == "s":
                out.append((spec + "s") % (p.get() or ""))
            elif ch in "di":
                out.append((spec + "d") % p.uintmax(True))
            elif ch in "ouxX":
                v = p.uintmax(False)
                out.append(_c_unsigned(spec, ch, v, flags))
            elif ch in "eEfFgG":
                out.append((spec + ch) % p.double())
            elif ch in "aA":
                out.append(_hexfloat(p.double(), "%" + flags.replace("#", "") + (width or ""), ch == "A"))
            else:
                raise DashError(f"{fmt[start:j + 1]}: invalid directive")
        if p.k == 0 or p.k >= len(p.args):
            break
    return _from_l1("".join(out)), p.rval


def _clamp_int(v: int) -> int:
    """``*param++ = getuintmax(1)``: the value as a C int."""
    v &= 2**32 - 1
    return v - 2**32 if v >= 2**31 else v


def _c_unsigned(spec: str, ch: str, v: int, flags: str) -> str:
    """C's ``%o``, ``%u``, ``%x``, ``%X`` (``#``: ``0`` before octal digits, ``0x``
    before a non-zero hexadecimal)."""
    if ch == "u":
        return (spec + "d") % v
    if "#" not in flags:
        return (spec + ch) % v
    plain = spec.replace("#", "")
    if ch == "o":
        m = re.match(r"%([-+ 0]*)(\d*)(?:\.(\d*))?", plain)
        body = ("%" + ("." + m.group(3) if m.group(3) is not None else "") + "o") % v
        body = body if body[:1] == "0" else "0" + body
        w = m.group(2)
        return ("%" + ("-" if "-" in m.group(1) else "") + w + "s") % body if w else body
    if not v:
        return (plain + ch) % v
    return (spec + ch) % v


# -- kill --------------------------------------------------------------------------------------
#: mksignames.c's ``signal_names`` on Linux/glibc (SIGRTMIN 34, SIGRTMAX 64): an
#: unnamed signal is its number
SIGNAL_NAMES = ["0"] + [str(n) for n in range(1, 65)]
for _n, _name in SIGNAMES.items():
    if _n != 16:                        # no SIGSTKFLT in mksignames.c
        SIGNAL_NAMES[_n] = _name
SIGNAL_NAMES[29] = "IO"
SIGNAL_NAMES[34], SIGNAL_NAMES[64] = "RTMIN", "RTMAX"
for _i in range(1, 15):
    SIGNAL_NAMES[34 + _i], SIGNAL_NAMES[64 - _i] = f"RTMIN+{_i}", f"RTMAX-{_i}"
SIGNAL_NAMES[49] = "RTMIN+15"
#: glibc's NSIG on Linux (``_NSIG`` 64, plus one): signals 1..64
NSIG = 65


def decode_signal(s: str, minsig: int) -> int:
    """trap.c ``decode_signal``: a number below NSIG, else a name (no ``SIG``,
    any case) from ``minsig`` on; -1 if none."""
    if s.isdigit() and s.isascii():
        n = int(s)
        return n if n < NSIG else -1
    low = s.lower()
    for n in range(minsig, NSIG):
        if SIGNAL_NAMES[n].lower() == low and not SIGNAL_NAMES[n].isdigit():
            return n
    return -1


_KILL_USAGE = ("Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\n"
               "kill -l [exitstatus]")


def kill_args(args: list[str], write: Callable[[str], None]) -> "tuple[int, list[str]] | int":
    """``killcmd``'s options: (the signal, the operands) or, for ``-l``, 0 after
    writing the list; :class:`DashError` for a usage error."""
    if not args:
        raise DashError(_KILL_USAGE)
    signo, listing = -1, False
    ops = args
    if args[0][:1] == "-":
        signo = decode_signal(args[0][1:], 1)
        if signo < 0:
            o = Opts(args)
            while True:
                c = o.next("ls:")
                if not c:
                    break
                if c == "l":
                    listing = True
                else:
                    signo = decode_signal(o.arg, 1)
                    if signo < 0:
                        raise DashError(f"invalid signal number or name: {o.arg}")
            ops = o.operands()
        else:
            ops = args[1:]
    if not listing and signo < 0:
        signo = 15
    if (signo < 0 or not ops) != listing:
        raise DashError(_KILL_USAGE)
    if listing:
        if not ops:
            write("0\n" + "".join(SIGNAL_NAMES[n] + "\n" for n in range(1, NSIG)))
            return 0
        n = number(ops[0])
        if n > 128:
            n -= 128
        if not 0 < n < NSIG:
            raise DashError(f"invalid signal number or exit status: {ops[0]}")
        write(SIGNAL_NAMES[n] + "\n")
        return 0
    return signo, ops


def kill_pid(s: str) -> int:
    """``killcmd``'s operand: ``-N`` a group, else ``number``."""
    return -number(s[1:]) if s[:1] == "-" else number(s)
