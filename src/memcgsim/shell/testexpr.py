"""The grammar of coreutils' ``test`` / ``[``: POSIX's rules by argument count (up
to four), then ``-o`` below ``-a`` below ``!`` and parentheses. The caller brings
its unary operators, how operators evaluate and its wording of errors
(:data:`COREUTILS_MSGS`); bash's builtin is shell/bashtest.py."""
from __future__ import annotations

from typing import Callable

BINARY = frozenset("= == != < > -eq -ne -lt -le -gt -ge -nt -ot -ef".split())

COREUTILS_MSGS = {"unary": "'{}': unary operator expected",
                  "binary": "'{}': binary operator expected", "extra": "extra argument '{}'",
                  "missing": "missing argument after '{}'", "paren": "')' expected"}


class TestSyntax(Exception):
    """A malformed expression (exit status 2); the message is in the caller's words."""


class TestParser:
    __slots__ = ("a", "i", "unary_ops", "unary", "binary", "msgs")

    def __init__(self, args: list[str], unary_ops: frozenset, unary: Callable[[str, str], bool],
                 binary: Callable[[str, str, str], bool], msgs: dict[str, str]):
        self.a = args
        self.i = 0
        self.unary_ops = unary_ops
        self.unary = unary          # (op, operand)
        self.binary = binary        # (left, op, right)
        self.msgs = msgs

    def error(self, kind: str, arg: str = "") -> TestSyntax:
        return TestSyntax(self.msgs[kind].format(arg))

    def _sub(self, args: list[str]) -> bool:
        return TestParser(args, self.unary_ops, self.unary, self.binary, self.msgs).run()

    def run(self) -> bool:
        a = self.a
        n = len(a)
        if n == 0:
            return False
        if n == 1:
            return a[0] != ""
        if n == 2:
            if a[0] == "!":
                return a[1] == ""
            if a[0] in self.unary_ops:
                return self.unary(a[0], a[1])
            raise self.error("unary", a[0])
        if n == 3:
            if a[1] in BINARY:
                return self.binary(a[0], a[1], a[2])
            if a[0] == "!":
                return not self._sub(a[1:])
            if a[0] == "(" and a[2] == ")":
                return a[1] != ""
            if a[1] == "-a":
                return a[0] != "" and a[2] != ""
            if a[1] == "-o":
                return a[0] != "" or a[2] != ""
            raise self.error("binary", a[1])
        if n == 4:
            if a[0] == "!":
                return not self._sub(a[1:])
            if a[0] == "(" and a[3] == ")":
                return self._sub(a[1:3])
        v = self._or()
        if self.i < n:
            raise self.error("extra", a[self.i])
        return v

    def _peek(self) -> str | None:
        return self.a[self.i] if self.i < len(self.a) else None

    def _or(self) -> bool:
        v = self._and()
        while self._peek() == "-o":
            self.i += 1
            r = self._and()
            v = v or r
        return v

    def _and(self) -> bool:
        v = self._not()
        while self._peek() == "-a":
            self.i += 1
            r = self._not()
            v = v and r
        return v

    def _not(self) -> bool:
        if self._peek() == "!":
            self.i += 1
            return not self._not()
        return self._prim()

    def _prim(self) -> bool:
        a = self.a
        t = self._peek()
        if t is None:
            raise self.error("missing", a[-1] if a else "")
        self.i += 1
        if t == "(":
            v = self._or()
            if self._peek() != ")":
                raise self.error("paren")
            self.i += 1
            return v
        if self.i + 1 < len(a) and a[self.i] in BINARY:
            op, y = a[self.i], a[self.i + 1]
            self.i += 2
            return self.binary(t, op, y)
        if t in self.unary_ops and self.i < len(a):
            self.i += 1
            return self.unary(t, a[self.i - 1])
        return t != ""
