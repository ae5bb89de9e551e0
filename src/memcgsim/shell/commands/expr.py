"""``expr`` (coreutils 9.1): each argument a token; ``|`` ``&``, the comparisons,
``+ -``, ``* / %``, ``:`` (a BRE anchored at the start: the ``\\(...\\)`` group or
the length matched), and ``match``/``substr``/``index``/``length``/``+ TOKEN``.
Integers are arbitrary precision (coreutils built with GMP). The side of ``|``
and ``&`` that cannot change the result is parsed, not evaluated (no errors from
it). Exit status 0, or 1 when the result is null or 0; 2 for a syntax error or
division by zero."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._util import command, err, raw_write
from .posixre import translate
from .userland import quirk

if TYPE_CHECKING:
    from ..context import CommandContext

#: ``looks_like_integer``: an optional "-" then digits, nothing else
_INT = re.compile(r"-?\d+\Z")
_CMP = ("=", "==", "!=", "<", "<=", ">", ">=")


class _Error(Exception):
    def __init__(self, msg: str, status: int = 2) -> None:
        super().__init__(msg)
        self.status = status


def _num(v) -> int:
    if isinstance(v, int):
        return v
    if _INT.match(v):
        return int(v)
    raise _Error("non-integer argument")


def _null(v) -> bool:
    """``null``: 0, or a string empty or of zeros after an optional "-"."""
    if isinstance(v, int):
        return v == 0
    digits = v[1:] if v.startswith("-") else v
    return v == "" or (digits != "" and digits.strip("0") == "")


def _wrap64(v: int) -> int:
    """busybox's ``arith_t`` (long long): a result modulo 2**64, signed."""
    return (v + (1 << 63)) % (1 << 64) - (1 << 63)


class _Parser:
    def __init__(self, args: list[str], bb: bool = False) -> None:
        self.a = args
        self.i = 0
        #: busybox's expr: 64-bit arithmetic
        self.bb = bb

    def peek(self):
        return self.a[self.i] if self.i < len(self.a) else None

    def take(self) -> str:
        if self.i >= len(self.a):
            raise _Error(f"syntax error: missing argument after '{self.a[-1]}'"
                         if self.a else "missing operand")
        self.i += 1
        return self.a[self.i - 1]

    def eval0(self, ev: bool = True):            # |
        l = self.eval1(ev)
        while self.peek() == "|":
            self.take()
            r = self.eval1(ev and _null(l))
            l = r if _null(l) else l
            if _null(l):
                l = 0
        return l

    def eval1(self, ev: bool = True):            # &
        l = self.eval2(ev)
        while self.peek() == "&":
            self.take()
            r = self.eval2(ev and not _null(l))
            l = 0 if _null(l) or _null(r) else l
        return l

    def eval2(self, ev: bool = True):            # comparisons
        l = self.eval3(ev)
        while self.peek() in _CMP:
            op = self.take()
            r = self.eval3(ev)
            if not ev:
                l = 0
                continue
            try:
                a, b = _num(l), _num(r)
            except _Error:
                a, b = str(l), str(r)
            c = (a > b) - (a < b)
            l = int({"=": c == 0, "==": c == 0, "!=": c != 0, "<": c < 0, "<=": c <= 0,
                     ">": c > 0, ">=": c >= 0}[op])
        return l

    def eval3(self, ev: bool = True):            # + -
        l = self.eval4(ev)
        while self.peek() in ("+", "-"):
            op = self.take()
            r = self.eval4(ev)
            if not ev:
                l = 0
                continue
            l = _num(l) + _num(r) if op == "+" else _num(l) - _num(r)
            if self.bb:
                l = _wrap64(l)
        return l

    def eval4(self, ev: bool = True):            # * / %
        l = self.eval5(ev)
        while self.peek() in ("*", "/", "%"):
            op = self.take()
            r = self.eval5(ev)
            if not ev:
                l = 0
                continue
            a, b = _num(l), _num(r)
            if op == "*":
                l = a * b
            elif b == 0:
                raise _Error("division by zero")
            else:
                q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
                l = q if op == "/" else a - q * b
            if self.bb:
                l = _wrap64(l)
        return l

    def eval5(self, ev: bool = True):            # :
        l = self.eval6(ev)
        while self.peek() == ":":
            self.take()
            r = self.eval6(ev)
            l = _match(str(l), str(r)) if ev else 0
        return l

    def eval6(self, ev: bool = True):
        t = self.take()
        if t == "+":
            return self.take()
        if t == "length":
            return len(str(self.eval6(ev)))
        if t == "match":
            s, pat = str(self.eval6(ev)), str(self.eval6(ev))
            return _match(s, pat) if ev else 0
        if t == "index":
            s, chars = str(self.eval6(ev)), str(self.eval6(ev))
            return next((i + 1 for i, c in enumerate(s) if c in chars), 0)
        if t == "substr":
            s = str(self.eval6(ev))
            pos, n = self.eval6(ev), self.eval6(ev)
            try:
                p, k = _num(pos), _num(n)
            except _Error:
                return ""
            if p < 1 or k < 1:
                return ""
            return s[p - 1:p - 1 + k]
        if t == "(":
            v = self.eval0(ev)
            if self.peek() != ")":
                raise _Error("syntax error: expecting ')'" + (
                    f" after '{self.a[self.i - 1]}'" if self.i else "") if self.peek() is None
                    else f"syntax error: expecting ')' instead of '{self.peek()}'")
            self.take()
            return v
        if t == ")":
            raise _Error("syntax error: unexpected ')'")
        return t


def _match(s: str, pattern: str):
    """``docolon``: a BRE anchored at the start; the first group's text, or the
    length matched."""
    rx = re.compile(translate(pattern, "bre"))
    m = rx.match(s)
    if rx.groups:
        return m.group(1) if m and m.group(1) is not None else ""
    return m.end() if m else 0


@command("expr", usage_status=2, usage="EXPRESSION")
def cmd_expr(ctx: "CommandContext") -> int:
    """``expr EXPRESSION``: its value on a line; status 1 if null or 0. Busybox's
    (coreutils/expr.c): 64-bit arithmetic, its words (``syntax error``,
    ``non-numeric argument``, ``too few arguments``), and a string is null only
    when empty or ``0`` (``expr 00`` is 0)."""
    bb = quirk(ctx, "usage")
    args = ctx.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        err(ctx, "expr: too few arguments" if bb else
            "expr: missing operand\nTry 'expr --help' for more information.")
        return 2
    p = _Parser(args, bb)
    try:
        v = p.eval0()
        if p.i != len(args):
            raise _Error(f"syntax error: unexpected argument '{args[p.i]}'")
    except _Error as e:
        msg = str(e)
        if bb:
            msg = ("syntax error" if msg.startswith("syntax error") else
                   "non-numeric argument" if msg == "non-integer argument" else msg)
        err(ctx, f"expr: {msg}")
        return e.status
    raw_write(ctx.stdout, f"{v}\n".encode("utf-8", "surrogateescape"))
    if bb and not isinstance(v, int):
        return 1 if v in ("", "0") else 0
    return 1 if _null(v) else 0
