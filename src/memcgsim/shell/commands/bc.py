"""GNU ``bc`` 1.07.1: arbitrary-precision decimal arithmetic for scripts.

Numbers are exact decimals (an integer and a scale, as bc's ``bc_num``), with
POSIX bc's scale rules for each operator (bc's number.c: ``bc_multiply``,
``bc_divide``, ``bc_modulo``, ``bc_raise``, ``bc_sqrt`` truncate, never round).
The language: expressions with ``+ - * / % ^``, unary minus, comparisons and
``! && ||`` (GNU extensions), ``++ --``, assignments (``= += -= *= /= %= ^=``) to
variables and array elements, ``scale ibase obase last``, ``sqrt() length()
scale()``, strings, ``print``, ``if/else``, ``while``, ``for``, ``break``,
``continue``, ``{ }``, ``define`` with ``auto`` and ``return``, ``quit``,
``halt``, comments. ``-l`` sets scale to 20; the math library's functions (s c a
l e j) are not modelled. Output as bc prints it: no leading zero (``.50``),
lines of 70 characters ending in ``\\``, ``obase`` 2..16 digits and larger bases
as spaced groups. Syntax errors (``(standard_in) N: syntax error``) skip to the
next line; runtime errors stop the line's statements. bc's error messages name
the byte-code address where the fault happened (``adr=``): it is computed from
the code bc generates for constants and operators; for code using variables or
functions it may differ from bc's.
"""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Iterator

from ._util import Out, command, err, getopt, open_input, quotef, raw_write, strerror

if TYPE_CHECKING:
    from ..context import CommandContext

LINE_LENGTH = 70        # BC_LINE_LENGTH's default
#: ``limits`` on Debian 12's 64-bit build
LIMITS = ("BC_BASE_MAX     = 2147483647\nBC_DIM_MAX      = 16777215\n"
          "BC_SCALE_MAX    = 2147483647\nBC_STRING_MAX   = 2147483647\n"
          "MAX Exponent    = 9223372036854775807\nNumber of vars  = 32767\n")


class Num:
    """``n / 10**s`` with ``s >= 0`` (bc_num: sign, digits, ``n_scale``)."""
    __slots__ = ("n", "s")

    def __init__(self, n: int, s: int = 0) -> None:
        self.n = n
        self.s = s

    def at(self, s: int) -> int:
        """The value as an integer at scale ``s`` (truncated toward zero)."""
        if s >= self.s:
            return self.n * 10 ** (s - self.s)
        return _tdiv(self.n, 10 ** (self.s - s))

    def is_zero(self) -> bool:
        return self.n == 0

    def to_int(self) -> int:
        return self.at(0)


class NegZero(Num):
    """bc's negative zero: ``bc_raise`` cuts a negative power's digits to the
    result's scale without the zero check ``bc_multiply`` and ``bc_divide`` make,
    so its sign stays (``(-.3)^3`` at scale 0 is ``-0``). ``bc_out_num`` prints it
    ``-0``, ``bc_compare`` puts it below 0, and ``bc_add``/``bc_sub`` keep it
    where they keep the first operand's sign (GNU bc 1.07.1, lib/number.c)."""

    __slots__ = ()

    def __init__(self, s: int = 0) -> None:
        super().__init__(0, s)


def _negative(a: Num) -> bool:
    """``n_sign == MINUS``."""
    return a.n < 0 or type(a) is NegZero


def compare(a: Num, b: Num) -> int:
    """``bc_compare``: -1, 0 or 1; the signs decide first (``-0`` is below 0)."""
    na = _negative(a)
    if na != _negative(b):
        return -1 if na else 1
    s = max(a.s, b.s)
    x, y = a.at(s), b.at(s)
    return (x > y) - (x < y)


def _tdiv(a: int, b: int) -> int:
    """C's truncating division."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _trunc(n: int, s: int, rs: int) -> Num:
    return Num(_tdiv(n, 10 ** (s - rs)), rs) if rs < s else Num(n, s)


def add(a: Num, b: Num) -> Num:
    """``bc_add``: a zero sum of two negative zeros keeps their sign."""
    s = max(a.s, b.s)
    n = a.at(s) + b.at(s)
    if not n and type(a) is NegZero and type(b) is NegZero:
        return NegZero(s)
    return Num(n, s)


def sub(a: Num, b: Num) -> Num:
    """``bc_sub``: operands of different signs are added with the first one's sign
    (``-0 - 0`` is ``-0``); equal magnitudes of one sign give 0."""
    s = max(a.s, b.s)
    n = a.at(s) - b.at(s)
    if not n and type(a) is NegZero and not _negative(b):
        return NegZero(s)
    return Num(n, s)


def mul(a: Num, b: Num, scale: int) -> Num:
    """``bc_multiply``: scale ``min(sa + sb, max(scale, sa, sb))``."""
    full = a.s + b.s
    return _trunc(a.n * b.n, full, min(full, max(scale, a.s, b.s)))


class BcError(Exception):
    """A runtime error: its message."""


class NotModelled(Exception):
    """What the model does not do: its message, and the line is dropped."""


#: the functions of ``-l``'s library (libmath.b)
MATHLIB = frozenset("scalej")


def div(a: Num, b: Num, scale: int) -> Num:
    """``bc_divide``: truncated at ``scale``."""
    if b.is_zero():
        raise BcError("Divide by zero")
    return Num(_tdiv(a.n * 10 ** (scale + b.s), b.n * 10 ** a.s), scale)


def mod(a: Num, b: Num, scale: int) -> Num:
    """``bc_modulo``: ``a - (a / b) * b``, the quotient at ``scale``."""
    if b.is_zero():
        raise BcError("Modulo by zero")
    rs = max(a.s, b.s + scale)
    q = div(a, b, scale)
    return sub(a, mul(q, b, rs))


def power(a: Num, b: Num, scale: int, warn) -> Num:
    """``bc_raise``: an integer exponent (a fraction is warned about and dropped)."""
    if b.s and b.n % 10 ** b.s:
        warn("non-zero scale in exponent")
    e = b.to_int()
    if e == 0:
        return Num(1)
    if e < 0:
        if a.is_zero():
            raise BcError("divide by zero")     # bc_raise's own message
        full = a.s * -e
        return div(Num(1), Num(a.n ** -e, full), scale)
    rs = min(a.s * e, max(scale, a.s))
    r = _trunc(a.n ** e, a.s * e, rs)
    if not r.n and e & 1 and (a.n < 0 or (e == 1 and type(a) is NegZero)):
        return NegZero(rs)      # the sign of a power cut to zero (or of -0 itself)
    return r


def sqrt(a: Num, scale: int) -> Num:
    if a.n < 0:
        raise BcError("Square root of a negative number")
    rs = max(scale, a.s)
    return Num(math.isqrt(a.n * 10 ** (2 * rs - a.s)), rs)


def length(a: Num) -> int:
    """``length()``: significant digits (bc's n_len + n_scale, zero's integer digit
    counted only when there is no fraction)."""
    ip = str(abs(a.n) // 10 ** a.s) if a.s else str(abs(a.n))
    if ip == "0":
        return a.s if a.s else 1
    return len(ip) + a.s


def fmt(a: Num, obase: int) -> str:
    """``bc_out_num``: the number in ``obase``, no leading zero before the point."""
    if a.n == 0:
        return "-0" if type(a) is NegZero else "0"
    sign = "-" if a.n < 0 else ""
    n = abs(a.n)
    ip, fp = divmod(n, 10 ** a.s)
    if obase == 10:
        text = (str(ip) if ip else "")
        if a.s:
            text += "." + str(fp).rjust(a.s, "0")
        return sign + text
    digit = (lambda d: "0123456789ABCDEF"[d]) if obase <= 16 else (
        lambda d: " " + str(d).rjust(len(str(obase - 1)), "0"))
    digits = []
    while ip:
        ip, d = divmod(ip, obase)
        digits.append(digit(d))
    text = "".join(reversed(digits))
    if a.s:
        text += "."
        den = 10 ** a.s
        place = 1
        first = True
        while len(str(place)) <= a.s:
            fp *= obase
            d, fp = divmod(fp, den)
            text += digit(d)[1:] if first and obase > 16 else digit(d)
            first = False
            place *= obase
    return sign + text


def parse_number(text: str, ibase: int) -> Num:
    """A constant in ``ibase``: digits ``0-9A-Z`` (10 to 35), a one-digit constant
    is its digit's value, in a longer one a digit past the base counts as the
    base's largest (``AA`` is 99 in base 10)."""
    if len(text) == 1:
        return Num(int(text, 36))
    ip, _, fp = text.partition(".")
    top = ibase - 1
    n = 0
    for c in ip:
        n = n * ibase + min(int(c, 36), top)
    if not fp:
        return Num(n)
    s = len(fp)
    num, den = 0, 1
    for c in fp:
        num = num * ibase + min(int(c, 36), top)
        den *= ibase
    return Num(n * 10 ** s + num * 10 ** s // den, s)


# --- scanner -----------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<ws>[ \t]+|\\\n)
  | (?P<comment>/\*.*?\*/|\#[^\n]*)
  | (?P<nl>\n)
  | (?P<num>[0-9A-Z]+(?:\.[0-9A-Z]*)?|\.[0-9A-Z]+|\.)
  | (?P<str>"[^"]*")
  | (?P<name>[a-z][a-z0-9_]*)
  | (?P<op>\+\+|--|\+=|-=|\*=|/=|%=|\^=|==|<=|>=|!=|&&|\|\||[-+*/%^=<>!(){}\[\];,])
""", re.S | re.X)
KEYWORDS = frozenset(("if", "else", "while", "for", "break", "continue", "quit", "halt",
                      "define", "auto", "return", "print", "scale", "ibase", "obase",
                      "last", "sqrt", "length", "limits", "read", "warranty"))


class Tok:
    __slots__ = ("kind", "val", "line")

    def __init__(self, kind: str, val: str, line: int) -> None:
        self.kind = kind
        self.val = val
        self.line = line


def scan(src: str, line: int = 1) -> list[Tok]:
    """Tokens, with ``nl`` for newlines; an illegal character becomes ``bad``;
    ``line``: the number of the text's first line."""
    toks = []
    i = 0
    while i < len(src):
        m = _TOKEN.match(src, i)
        if not m:
            toks.append(Tok("bad", src[i], line))
            i += 1
            continue
        kind = m.lastgroup
        val = m.group()
        if kind == "num":
            val = _normalize_number(val)
        if kind in ("ws", "comment"):
            line += val.count("\n")
        elif kind == "nl":
            toks.append(Tok("nl", val, line))
            line += 1
        else:
            toks.append(Tok("kw" if kind == "name" and val in KEYWORDS else kind, val, line))
            line += val.count("\n")
        i = m.end()
    toks.append(Tok("eof", "", line))
    return toks


def _normalize_number(t: str) -> str:
    """bc.l's NUMBER action: a trailing ``.`` and leading zeros dropped."""
    if t.endswith("."):
        t = t[:-1]
    s = t.lstrip("0")
    return s if s else "0"


# --- parser: nodes are tuples, each with the length of its byte code ------------------

class IllegalChar(Exception):
    """bc.l's ``illegal character`` (the line's statements are dropped)."""

    def __init__(self, tok) -> None:
        super().__init__(tok.val)
        self.tok = tok


class SyntaxErr(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _const_len(text: str) -> int:
    return 1 if text in ("0", "1") else len(text) + 2


class Parser:
    """bc.y's grammar (the parts above): statements of one line at a time."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self, k: int = 0) -> Tok:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self) -> Tok:
        t = self.toks[self.i]
        if t.kind != "eof":
            self.i += 1
        return t

    def accept(self, val: str) -> bool:
        t = self.peek()
        if t.kind in ("op", "kw") and t.val == val:
            self.i += 1
            return True
        return False

    def expect(self, val: str) -> None:
        if not self.accept(val):
            raise SyntaxErr(self.err_line())

    def err_line(self) -> int:
        """bc's line count when the parser fails at the next token (one more at a
        newline: the scanner has counted it); an illegal character is its own error."""
        t = self.peek()
        if t.kind == "bad":
            raise IllegalChar(t)
        return t.line + (1 if t.kind == "nl" else 0)

    def skip_nl(self) -> None:
        while self.peek().kind == "nl":
            self.i += 1

    # statements
    def statement(self):
        t = self.peek()
        if t.kind == "op" and t.val == "{":
            self.next()
            body = self.stmt_list("}")
            self.expect("}")
            return ("block", body)
        if t.kind == "str":
            self.next()
            return ("str", t.val[1:-1])
        if t.kind == "kw":
            v = t.val
            if v in ("quit",):
                self.next()
                return ("quit",)
            if v == "limits":
                self.next()
                return ("limits",)
            if v == "halt":
                self.next()
                return ("halt",)
            if v in ("break", "continue"):
                self.next()
                return (v,)
            if v == "print":
                self.next()
                items = [self.print_item()]
                while self.accept(","):
                    items.append(self.print_item())
                return ("print", items)
            if v == "return":
                self.next()
                nt = self.peek()
                if nt.kind in ("nl", "eof") or nt.kind == "op" and nt.val in (";", "}"):
                    return ("return", None)
                if nt.kind == "op" and nt.val == "(" and self.peek(1).val == ")":
                    self.next()
                    self.next()
                    return ("return", None)
                return ("return", self.expr())     # GNU: with or without parentheses
            if v == "if":
                self.next()
                self.expect("(")
                c = self.expr()
                self.expect(")")
                self.skip_nl()
                body = self.statement()
                other = None
                save = self.i
                self.skip_nl()
                if self.accept("else"):
                    self.skip_nl()
                    other = self.statement()
                else:
                    self.i = save
                return ("if", c, body, other)
            if v == "while":
                self.next()
                self.expect("(")
                c = self.expr()
                self.expect(")")
                self.skip_nl()
                return ("while", c, self.statement())
            if v == "for":
                self.next()
                self.expect("(")
                a = None if self.peek().val == ";" else self.expr()
                self.expect(";")
                c = None if self.peek().val == ";" else self.expr()
                self.expect(";")
                b = None if self.peek().val == ")" else self.expr()
                self.expect(")")
                self.skip_nl()
                return ("for", a, c, b, self.statement())
            if v == "define":
                return self.define()
        if t.kind in ("nl", "eof") or (t.kind == "op" and t.val in (";", "}")):
            return None
        return ("expr", self.expr())

    def print_item(self):
        t = self.peek()
        if t.kind == "str":
            self.next()
            return ("str", t.val[1:-1])
        return self.expr()

    def stmt_list(self, end: str) -> list:
        out = []
        while True:
            t = self.peek()
            if t.kind == "eof" or (t.kind == "op" and t.val == end):
                return out
            if t.kind == "nl" or (t.kind == "op" and t.val == ";"):
                self.next()
                continue
            s = self.statement()
            if s is not None:
                out.append(s)
            t = self.peek()
            if not (t.kind in ("nl", "eof") or (t.kind == "op" and t.val in (";", end))):
                raise SyntaxErr(self.err_line())

    def define(self):
        self.next()
        name = self.next()
        if name.kind != "name":
            raise SyntaxErr(name.line)
        self.expect("(")
        params = []
        while not self.accept(")"):
            p = self.next()
            if p.kind != "name":
                raise SyntaxErr(p.line)
            arr = self.accept("[") and (self.expect("]") or True)
            params.append(p.val + ("[]" if arr else ""))
            if not self.accept(","):
                self.expect(")")
                break
        self.skip_nl()
        self.expect("{")
        self.skip_nl()
        autos = []
        if self.accept("auto"):
            while True:
                p = self.next()
                if p.kind != "name":
                    raise SyntaxErr(p.line)
                arr = self.accept("[") and (self.expect("]") or True)
                autos.append(p.val + ("[]" if arr else ""))
                if not self.accept(","):
                    break
        body = self.stmt_list("}")
        self.expect("}")
        return ("define", name.val, params, autos, body)

    # expressions (bc.y's precedence, loosest first)
    def expr(self):
        return self.assign()

    def assign(self):
        left = self.oror()
        t = self.peek()
        if t.kind == "op" and t.val in ("=", "+=", "-=", "*=", "/=", "%=", "^="):
            if left[0] not in ("var", "elem", "special"):
                raise SyntaxErr(t.line)
            self.next()
            right = self.assign()
            return ("assign", t.val, left, right)
        return left

    def oror(self):
        left = self.andand()
        while self.accept("||"):
            left = ("or", left, self.andand())
        return left

    def andand(self):
        left = self.nott()
        while self.accept("&&"):
            left = ("and", left, self.nott())
        return left

    def nott(self):
        if self.accept("!"):
            return ("not", self.nott())
        return self.rel()

    def rel(self):
        left = self.additive()
        t = self.peek()
        if t.kind == "op" and t.val in ("<", "<=", ">", ">=", "==", "!="):
            self.next()
            return ("rel", t.val, left, self.additive())
        return left

    def additive(self):
        left = self.term()
        while True:
            t = self.peek()
            if t.kind == "op" and t.val in ("+", "-"):
                self.next()
                left = ("bin", t.val, left, self.term())
            else:
                return left

    def term(self):
        left = self.powr()
        while True:
            t = self.peek()
            if t.kind == "op" and t.val in ("*", "/", "%"):
                self.next()
                left = ("bin", t.val, left, self.powr())
            else:
                return left

    def powr(self):
        """``^`` binds right to left, looser than unary minus (``-2^2`` is 4)."""
        base = self.unary()
        if self.accept("^"):
            return ("bin", "^", base, self.powr())
        return base

    def unary(self):
        if self.accept("-"):
            return ("neg", self.unary())
        return self.postfix()

    def postfix(self):
        t = self.peek()
        if t.kind == "op" and t.val in ("++", "--"):
            self.next()
            target = self.primary()
            if target[0] not in ("var", "elem", "special"):
                raise SyntaxErr(t.line)
            return ("pre", t.val, target)
        e = self.primary()
        t = self.peek()
        if t.kind == "op" and t.val in ("++", "--") and e[0] in ("var", "elem", "special"):
            self.next()
            return ("post", t.val, e)
        return e

    def primary(self):
        t = self.peek()
        if t.kind in ("nl", "eof", "bad"):
            raise SyntaxErr(self.err_line())     # the newline is left for the resync
        self.next()
        if t.kind == "num":
            return ("num", t.val)
        if t.kind == "op" and t.val == "(":
            e = self.expr()
            self.expect(")")
            return e
        if t.kind == "kw" and t.val in ("scale", "ibase", "obase", "last"):
            if t.val == "scale" and self.accept("("):
                e = self.expr()
                self.expect(")")
                return ("fn", "scale", e)
            return ("special", t.val)
        if t.kind == "kw" and t.val in ("sqrt", "length"):
            self.expect("(")
            e = self.expr()
            self.expect(")")
            return ("fn", t.val, e)
        if t.kind == "name":
            if self.accept("("):
                args = []
                if not self.accept(")"):
                    args.append(self.expr())
                    while self.accept(","):
                        args.append(self.expr())
                    self.expect(")")
                return ("call", t.val, args)
            if self.accept("["):
                idx = self.expr()
                self.expect("]")
                return ("elem", t.val, idx)
            return ("var", t.val)
        if t.kind == "op" and t.val == "-":
            return ("neg", self.unary())
        raise SyntaxErr(t.line)


def code_len(node) -> int:
    """The bytes of code bc generates for an expression (constants, operators)."""
    kind = node[0]
    if kind == "num":
        return _const_len(node[1])
    if kind == "bin" or kind == "rel":
        return code_len(node[2]) + code_len(node[3]) + 1
    if kind in ("neg", "not"):
        return code_len(node[1]) + 1
    if kind == "fn":
        return code_len(node[2]) + 2
    if kind in ("and", "or"):
        return code_len(node[1]) + code_len(node[2]) + 6
    if kind == "var":
        return 3
    if kind == "special":
        return 1
    if kind == "assign":
        return code_len(node[3]) + 2 + (0 if node[1] == "=" else code_len(node[2]) + 1)
    return 3


# --- interpreter ----------------------------------------------------------------------

class Quit(Exception):
    pass


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Return(Exception):
    def __init__(self, value: Num) -> None:
        super().__init__()
        self.value = value


class Bc:
    """bc's machine: variables, arrays, functions, ``scale ibase obase last``."""

    def __init__(self, out: Out, warn) -> None:
        self.out = out
        self.warn_out = warn
        self.scale = 0
        self.ibase = 10
        self.obase = 10
        self.last = Num(0)
        self.scopes: list[dict] = [{}]
        self.arrays: list[dict] = [{}]
        self.funcs: dict = {}
        self.col = 0
        self.pc = 0
        self.mathlib = False

    # output with bc's line wrapping
    def write(self, text: str) -> None:
        for c in text:
            if c == "\n":
                self.col = 0
            else:
                self.col += 1
                if self.col == LINE_LENGTH - 1:
                    self.out.write(b"\\\n")
                    self.col = 1
            self.out.write(c.encode("latin-1", "replace"))

    def warn(self, msg: str) -> None:
        self.warn_out(f"Runtime warning (func=(main), adr={self.pc}): {msg}")

    # variables
    def get(self, name: str) -> Num:
        for d in reversed(self.scopes):
            if name in d:
                return d[name]
        return Num(0)

    def set(self, name: str, v: Num) -> None:
        for d in reversed(self.scopes):
            if name in d:
                d[name] = v
                return
        self.scopes[0][name] = v

    def array(self, name: str) -> dict:
        for d in reversed(self.arrays):
            if name in d:
                return d[name]
        return self.arrays[0].setdefault(name, {})

    def load(self, target) -> Num:
        kind = target[0]
        if kind == "var":
            return self.get(target[1])
        if kind == "elem":
            return self.array(target[1]).get(self.eval(target[2]).to_int(), Num(0))
        return {"scale": lambda: Num(self.scale), "ibase": lambda: Num(self.ibase),
                "obase": lambda: Num(self.obase), "last": lambda: self.last}[target[1]]()

    def store(self, target, v: Num) -> Num:
        kind = target[0]
        if kind == "var":
            self.set(target[1], v)
        elif kind == "elem":
            self.array(target[1])[self.eval(target[2]).to_int()] = v
        else:
            name = target[1]
            if name == "last":
                self.last = v
                return v
            n = v.to_int()
            if name == "scale":
                if n < 0:
                    self.warn("negative scale, set to 0")
                    n = 0
                self.scale = n
            elif name == "ibase":
                if n < 2:
                    self.warn("ibase too small, set to 2")
                    n = 2
                elif n > 16:
                    self.warn("ibase too large, set to 16")
                    n = 16
                self.ibase = n
            else:
                if n < 2:
                    self.warn("obase too small, set to 2")
                    n = 2
                self.obase = n
            return Num(n)
        return v

    def eval(self, node) -> Num:
        kind = node[0]
        if kind == "num":
            self.pc += _const_len(node[1])
            return parse_number(node[1], self.ibase)
        if kind == "bin":
            a = self.eval(node[2])
            b = self.eval(node[3])
            self.pc += 1
            op = node[1]
            if op == "+":
                return add(a, b)
            if op == "-":
                return sub(a, b)
            if op == "*":
                return mul(a, b, self.scale)
            if op == "/":
                return div(a, b, self.scale)
            if op == "%":
                return mod(a, b, self.scale)
            return power(a, b, self.scale, self.warn)
        if kind == "neg":
            v = self.eval(node[1])
            self.pc += 1
            return Num(-v.n, v.s)
        if kind == "rel":
            a = self.eval(node[2])
            b = self.eval(node[3])
            self.pc += 1
            c = compare(a, b)
            r = {"<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0, "==": c == 0,
                 "!=": c != 0}[node[1]]
            return Num(int(r))
        if kind == "not":
            return Num(int(self.eval(node[1]).is_zero()))
        if kind == "and":
            return Num(int(not self.eval(node[1]).is_zero() and not self.eval(node[2]).is_zero()))
        if kind == "or":
            return Num(int(not self.eval(node[1]).is_zero() or not self.eval(node[2]).is_zero()))
        if kind in ("var", "elem", "special"):
            self.pc += code_len(node)
            return self.load(node)
        if kind == "assign":
            op = node[1]
            v = self.eval(node[3])
            if op != "=":
                v = self.eval(("bin", op[0], ("val", self.load(node[2])), ("val", v)))
            self.pc += 2
            return self.store(node[2], v)
        if kind == "val":
            return node[1]
        if kind in ("pre", "post"):
            old = self.load(node[2])
            new = add(old, Num(1 if node[1] == "++" else -1))
            self.store(node[2], new)
            return new if kind == "pre" else old
        if kind == "fn":
            v = self.eval(node[2])
            self.pc += 2
            if node[1] == "sqrt":
                return sqrt(v, self.scale)
            if node[1] == "length":
                return Num(length(v))
            return Num(v.s)
        if kind == "call":
            return self.call(node[1], node[2])
        raise BcError("unknown expression")

    def call(self, name: str, args: list) -> Num:
        f = self.funcs.get(name)
        if f is None and self.mathlib and name in MATHLIB:
            raise NotModelled(f"bc: the math library's {name}() is not modelled")
        if f is None:
            raise BcError(f"Function {name} not defined.")
        _, _, params, autos, body = f
        if len(args) != len(params):
            raise BcError("Parameter number mismatch")
        scope: dict = {}
        arrs: dict = {}
        for p, a in zip(params, args):
            if p.endswith("[]"):
                arrs[p[:-2]] = dict(self.array(a[1])) if a[0] == "var" else {}
            else:
                scope[p] = self.eval(a)
        for a in autos:
            if a.endswith("[]"):
                arrs[a[:-2]] = {}
            else:
                scope[a] = Num(0)
        self.scopes.append(scope)
        self.arrays.append(arrs)
        try:
            self.run(body)
        except _Return as r:
            return r.value
        finally:
            self.scopes.pop()
            self.arrays.pop()
        return Num(0)

    def run(self, stmts: list) -> None:
        for s in stmts:
            self.exec(s)

    def exec(self, s) -> None:
        kind = s[0]
        if kind == "expr":
            e = s[1]
            v = self.eval(e)
            self.pc += 1                # "W" (write) or "p" (pop) after the expression
            if e[0] != "assign":        # an assignment statement prints nothing
                self.last = v
                self.write(fmt(v, self.obase) + "\n")
        elif kind == "str":
            self.write(_unescape_str(s[1], False))
        elif kind == "print":
            for item in s[1]:
                if item[0] == "str":
                    self.write(_unescape_str(item[1], True))
                else:
                    v = self.eval(item)
                    self.last = v
                    self.write(fmt(v, self.obase))
        elif kind == "block":
            self.run(s[1])
        elif kind == "if":
            if not self.eval(s[1]).is_zero():
                self.exec(s[2])
            elif s[3] is not None:
                self.exec(s[3])
        elif kind == "while":
            while not self.eval(s[1]).is_zero():
                try:
                    self.exec(s[2])
                except _Break:
                    break
                except _Continue:
                    continue
        elif kind == "for":
            if s[1] is not None:
                self.eval(s[1])
            while s[2] is None or not self.eval(s[2]).is_zero():
                try:
                    self.exec(s[4])
                except _Break:
                    break
                except _Continue:
                    pass
                if s[3] is not None:
                    self.eval(s[3])
        elif kind == "break":
            raise _Break()
        elif kind == "continue":
            raise _Continue()
        elif kind == "return":
            raise _Return(self.eval(s[1]) if s[1] is not None else Num(0))
        elif kind == "define":
            self.funcs[s[1]] = s
        elif kind in ("quit", "halt"):
            raise Quit()
        elif kind == "limits":
            self.write(LIMITS)


def _unescape_str(s: str, escapes: bool) -> str:
    """A string statement prints as is; ``print`` knows ``\\n \\t \\\\ \\a \\b \\f \\q \\r``."""
    if not escapes:
        return s
    table = {"n": "\n", "t": "\t", "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "q": '"',
             "r": "\r", "e": "\\"}
    out = []
    i = 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append(table.get(s[i + 1], s[i + 1]))
            i += 2
            continue
        out.append(s[i])
        i += 1
    return "".join(out)


def run_text(bc: Bc, text: str, errors, line: int = 1) -> bool:
    """Run a program: each line's statements run once the line is parsed (as bc's
    ``run_code`` at each newline); False once ``quit`` ran. ``line``: the number
    of the text's first line (in error messages)."""
    toks = scan(text, line)
    p = Parser(toks)
    while p.peek().kind != "eof":
        start = p.i
        try:
            stmts = []
            while True:
                t = p.peek()
                if t.kind == "eof":
                    break
                if t.kind == "nl":
                    p.next()
                    break
                if t.kind == "op" and t.val == ";":
                    p.next()
                    continue
                s = p.statement()
                if s is not None:
                    stmts.append(s)
                t = p.peek()
                if not (t.kind in ("nl", "eof") or (t.kind == "op" and t.val == ";")):
                    raise SyntaxErr(p.err_line())
        except (SyntaxErr, IllegalChar) as e:
            if isinstance(e, IllegalChar):
                errors(f"(standard_in) {e.tok.line}: illegal character: {e.tok.val}")
            else:
                errors(f"(standard_in) {e.line}: syntax error")
            # resync at the next newline
            p.i = max(p.i, start)
            while p.peek().kind not in ("nl", "eof"):
                p.next()
            p.next()
            continue
        bc.pc = 0
        try:
            for s in stmts:
                if s[0] == "quit":
                    return False
                bc.exec(s)
        except BcError as e:
            errors(f"Runtime error (func=(main), adr={bc.pc}): {e}")
        except NotModelled as e:
            errors(str(e))
        except Quit:
            return False
        except (_Break, _Continue, _Return):
            pass
    return True


@command("bc", usage="[options] [file ...]")
def cmd_bc(ctx: "CommandContext") -> int:
    """``bc [-l] [-q] [FILE]...``: the files, then standard input (see the module)."""
    opts, files = getopt(ctx.argv[1:], "hilqswv", {"help": "h", "interactive": "i",
                                                    "mathlib": "l", "quiet": "q",
                                                    "standard": "s", "warn": "w",
                                                    "version": "v"})
    flags = {o for o, _ in opts}
    if "v" in flags:
        raw_write(ctx.stdout, b"bc 1.07.1\n")
        return 0
    out = Out(ctx.stdout)

    def errors(msg: str) -> None:
        out.flush()
        err(ctx, msg)

    machine = Bc(out, errors)
    if "l" in flags:
        machine.scale = 20
        machine.mathlib = True
    for name in files + ["-"]:
        try:
            inp = open_input(ctx, name)
            try:
                if name == "-":
                    # bc reads its standard input a line at a time and answers each
                    # complete statement at once (a coprocess's ``6*7`` is 42 before
                    # the next line comes)
                    line = 1
                    for chunk in _statements(inp):
                        if not run_text(machine, chunk, errors, line):
                            break
                        line += chunk.count("\n")
                        out.flush()
                    break
                text = inp.read_all().decode("utf-8", "surrogateescape")
            finally:
                inp.close()
        except OSError as e:
            out.flush()
            err(ctx, f"File {name} is unavailable." if e.errno == 2 else
                f"bc: {quotef(name)}: {strerror(e)}")
            return 1
        if not run_text(machine, text, errors):
            break
    out.flush()
    return 0


def _statements(inp) -> Iterator[str]:
    """The input's text in runs of whole lines that end outside a string, a
    comment, braces, parentheses or brackets and a ``\\`` continuation: what
    bc's parser has complete at a newline."""
    buf: list[str] = []
    depth = 0
    quote = comment = False
    for raw in inp.lines():
        ln = raw.decode("utf-8", "surrogateescape") + "\n"
        buf.append(ln)
        i = 0
        while i < len(ln):
            c = ln[i]
            if comment:
                if ln.startswith("*/", i):
                    comment = False
                    i += 1
            elif quote:
                quote = c != '"'
            elif c == '"':
                quote = True
            elif ln.startswith("/*", i):
                comment = True
                i += 1
            elif c == "#":
                break
            elif c in "({[":
                depth += 1
            elif c in ")}]":
                depth -= 1
            i += 1
        if depth <= 0 and not quote and not comment and not ln.endswith("\\\n"):
            yield "".join(buf)
            buf = []
            depth = 0
    if buf:
        yield "".join(buf)
