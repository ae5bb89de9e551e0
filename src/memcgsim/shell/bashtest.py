"""bash 5.2's ``test`` / ``[`` builtin (test.c): ``posixtest``'s cases by argument
count (``two_arguments``, ``three_arguments``, four with a leading ``!`` or
parentheses), else ``expr``: ``or`` over ``-o``, ``and`` over ``-a``, ``term``
(leading ``!``s, a parenthesized ``expr``, a binary test when an operator stands
second with a third argument, a unary one, else a string's non-emptiness), and
what is left over after the expression (``syntax error: `X' unexpected`` for an
argument starting with ``-``, else ``too many arguments``). Each error is a
:class:`testexpr.TestSyntax` in bash's words (status 2)."""
from __future__ import annotations

from typing import Callable

from .legalnum import legal_number
from .scan import COND_BINARY, COND_UNARY
from .testexpr import TestSyntax


def _binop(w: str) -> bool:
    """test.c ``test_binop``."""
    return w in COND_BINARY


class BashTest:
    """One evaluation of ``test ARGS`` (the arguments after the name)."""
    __slots__ = ("argv", "argc", "pos", "unary", "binary")

    def __init__(self, argv: list[str], unary: Callable[[str, str], bool],
                 binary: Callable[[str, str, str], bool]) -> None:
        self.argv = argv
        self.argc = len(argv)
        self.pos = 0
        self.unary = unary          # (op, operand)
        self.binary = binary        # (left, op, right)

    def advance(self, check: bool) -> None:
        """``advance``: past one argument; past the end is ``argument expected``."""
        self.pos += 1
        if check and self.pos >= self.argc:
            raise TestSyntax("argument expected")

    def run(self) -> bool:
        """``posixtest``, then the check that every argument was used."""
        argv, n = self.argv, self.argc
        if n == 0:
            value = False
        elif n == 1:
            value = argv[0] != ""
            self.pos = n
        elif n == 2:
            value = self.two_arguments()
            self.pos = n
        elif n == 3:
            value = self.three_arguments()
        elif n == 4 and argv[0] == "!":
            self.advance(True)
            value = not self.three_arguments()
        elif n == 4 and argv[0] == "(" and argv[3] == ")":
            self.advance(True)
            value = self.two_arguments()
            self.pos = n
        else:
            value = self.expr()
        if self.pos != n:
            if self.pos < n and argv[self.pos].startswith("-"):
                raise TestSyntax(f"syntax error: `{argv[self.pos]}' unexpected")
            raise TestSyntax("too many arguments")
        return value

    def expr(self) -> bool:
        if self.pos >= self.argc:
            raise TestSyntax("argument expected")
        return self.or_()

    def or_(self) -> bool:
        value = self.and_()
        if self.pos < self.argc and self.argv[self.pos] == "-o":
            self.advance(False)
            v2 = self.or_()
            return value or v2
        return value

    def and_(self) -> bool:
        value = self.term()
        if self.pos < self.argc and self.argv[self.pos] == "-a":
            self.advance(False)
            v2 = self.and_()
            return value and v2
        return value

    def term(self) -> bool:
        argv, n = self.argv, self.argc
        if self.pos >= n:
            raise TestSyntax("argument expected")
        if argv[self.pos] == "!":
            negate = False
            while self.pos < n and argv[self.pos] == "!":
                self.advance(True)
                negate = not negate
            return not self.term() if negate else self.term()
        if argv[self.pos] == "(":
            self.advance(True)
            value = self.expr()
            if self.pos >= n:
                raise TestSyntax("`)' expected")
            if argv[self.pos] != ")":
                raise TestSyntax(f"`)' expected, found {argv[self.pos]}")
            self.advance(False)
            return value
        if self.pos + 3 <= n and _binop(argv[self.pos + 1]):
            return self.binary_operator()
        if self.pos + 2 <= n and argv[self.pos] in COND_UNARY:
            return self.unary_operator()
        value = argv[self.pos] != ""
        self.advance(False)
        return value

    def binary_operator(self) -> bool:
        x, w, y = self.argv[self.pos:self.pos + 3]
        if not _binop(w):
            raise TestSyntax(f"{w}: binary operator expected")
        value = self.binary(x, w, y)
        self.pos += 3
        return value

    def unary_operator(self) -> bool:
        argv = self.argv
        op = argv[self.pos]
        if op not in COND_UNARY:
            return False
        if op == "-t":
            # the one operator whose argument may be missing: a number or nothing
            self.advance(False)
            if self.pos >= self.argc:
                return self.unary(op, "1")
            if not _legal_number(argv[self.pos]):
                return False
            self.advance(False)
            return self.unary(op, argv[self.pos - 1])
        self.advance(True)
        self.pos += 1
        return self.unary(op, argv[self.pos - 1])

    def two_arguments(self) -> bool:
        a = self.argv[self.pos]
        if a == "!":
            return self.argv[self.pos + 1] == ""
        if len(a) == 2 and a[0] == "-" and a in COND_UNARY:
            return self.unary_operator()
        raise TestSyntax(f"{a}: unary operator expected")

    def three_arguments(self) -> bool:
        argv, p = self.argv, self.pos
        if _binop(argv[p + 1]):
            value = self.binary_operator()
        elif argv[p + 1] in ("-a", "-o"):
            one, two = argv[p] != "", argv[p + 2] != ""
            value = (one and two) if argv[p + 1] == "-a" else (one or two)
        elif argv[p] == "!":
            self.advance(True)
            value = not self.two_arguments()
        elif argv[p] == "(" and argv[p + 2][:1] == ")":
            value = argv[p + 1] != ""
        else:
            raise TestSyntax(f"{argv[p + 1]}: binary operator expected")
        self.pos = self.argc
        return value


def _legal_number(s: str) -> bool:
    """general.c ``legal_number``: blanks around an optional sign and digits, in
    ``intmax_t``'s range."""
    return legal_number(s) is not None
