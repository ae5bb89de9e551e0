"""busybox 1.35's ``test`` / ``[`` (coreutils/test.c): the guests' /bin/test and
busybox sh's builtin, whose grammar and words differ from bash's and coreutils'.

POSIX's special cases first (one argument: not empty; three with a binary
operator between: that test; each leading ``!`` negating),
then ``oexpr ::= aexpr [-o oexpr]``, ``aexpr ::= nexpr [-a aexpr]``, ``nexpr ::= [!]
nexpr | primary``; ``primary`` takes ``( oexpr )``, then ``A BINOP B`` when a second
and third argument exist and the second is a binary operator, then ``UNOP A``,
then a lone operand (true if not empty). Errors (``syntax``: status 2):
``OP: argument expected``, ``closing paren expected``, ``X: bad number``, ``X: out
of range``, and what is left over after the expression ``X: unknown operand``;
``[`` without its ``]`` is ``missing ]``. ``[[`` (BASH_TEST2: busybox sh's builtin
and the applet) needs ``]]`` (``missing ]]``), takes ``&&``/``||`` where ``[``
takes ``-a``/``-o`` (which are then operands), matches ``=``/``==``/``!=`` as
``fnmatch(Y, X, 0)`` and has ``=~`` (an ERE; a bad one: status 2, no message). Numbers are strtoll's (64 bits, base 10,
blanks around). File tests go to the caller (``unary(op, operand)`` for ``-e``,
``-f``..., ``files(op, a, b)`` for ``-nt``, ``-ot``, ``-ef``). Checked against the
host's busybox 1.35 (tests/shell/ash_cases/test.sh)."""
from __future__ import annotations

import operator
from typing import Callable

#: test.c ``ops``: the unary operators (``UNOP``) and binary ones (``BINOP``)
UNOPS = frozenset("-r -w -x -e -f -d -c -b -p -u -g -k -s -t -z -n -h -O -G -L -S".split())
BINOPS = frozenset("= == != < > -eq -ne -ge -gt -le -lt -nt -ot -ef".split())
#: ``[[``'s: ``=~`` too
BT2_BINOPS = BINOPS | {"=~"}
#: the rest of ``ops``: ``!`` (BUNOP), ``-a``/``-o`` (BBINOP), the parentheses
_OTHER = frozenset(("!", "-a", "-o", "(", ")"))


#: the integer comparisons of test.c's ``binop`` (busybox's and dash's alike)
_INT_OPS = {"-eq": operator.eq, "-ne": operator.ne, "-ge": operator.ge, "-gt": operator.gt,
            "-le": operator.le, "-lt": operator.lt}


def binary(op: str, x: str, y: str, getn: Callable[[str], int],
           files: Callable[[str, str, str], bool]) -> bool:
    """test.c ``binop``'s evaluation of ``X OP Y``: integers read by ``getn`` (the
    shell's own number reader, X's first), strings compared as bytes, the file
    operators (``-nt``, ``-ot``, ``-ef``) to ``files``."""
    cmp = _INT_OPS.get(op)
    if cmp is not None:
        u = getn(x)
        return cmp(u, getn(y))
    if op in ("=", "=="):
        return x == y
    if op == "!=":
        return x != y
    if op in ("<", ">"):
        bx, by = (s.encode("utf-8", "surrogateescape") for s in (x, y))
        return bx < by if op == "<" else bx > by
    return files(op, x, y)


def _bt2_binary(op: str, x: str, y: str) -> bool | None:
    """test.c ``binop`` under ``[[`` (``bash_test2``): ``=``/``==``/``!=`` match X
    against the glob Y (fnmatch flags 0: backslash escapes, ``*`` takes ``/`` and a
    leading ``.``), ``=~`` searches X for the ERE Y (regcomp REG_EXTENDED; a bad
    one ``longjmp(leaving, 2)``: :class:`_BadRegex`); None for the other operators."""
    if op in ("=", "==", "!="):
        from ..expand import pattern_match
        return pattern_match([(y, False)], x) ^ (op == "!=")
    if op == "=~":
        from ..condregex import regcomp
        from .posixre import RegexError
        try:
            return regcomp(y).search(x) is not None
        except RegexError:
            raise _BadRegex from None
    return None


class _BadRegex(Exception):
    """``[[ X =~ Y ]]`` with a Y regcomp refuses: status 2, silently."""


class TestError(Exception):
    """``syntax()``: the message (status 2)."""


def _getn(s: str) -> int:
    """``getn``: strtoll base 10, blanks before and after; ``bad number`` when
    no digit is read or text is left, ``out of range`` past 64 bits."""
    t = s.lstrip(" \t\n\v\f\r")
    body = t[1:] if t[:1] in "+-" else t
    k = 0
    while k < len(body) and body[k].isdigit():
        k += 1
    rest = body[k:]
    if not k or rest.strip(" \t\n\v\f\r"):
        raise TestError(f"{s}: bad number" if s else "bad number")
    v = int(t[:len(t) - len(rest)])
    if not -2**63 <= v < 2**63:
        raise TestError(f"{s}: out of range")
    return v


class _Parser:
    __slots__ = ("a", "i", "unary", "files", "bt2", "band", "bor", "binops")

    def __init__(self, args: list[str], unary, files, bt2: bool = False) -> None:
        self.a = args
        self.i = 0
        self.unary = unary
        self.files = files
        #: ``[[``'s operators (check_operator under ``bash_test2``)
        self.bt2 = bt2
        self.band, self.bor = ("&&", "||") if bt2 else ("-a", "-o")
        self.binops = BT2_BINOPS if bt2 else BINOPS

    def at(self, k: int) -> str | None:
        return self.a[k] if k < len(self.a) else None

    def oexpr(self) -> bool:
        res = self.aexpr()
        self.i += 1
        if self.at(self.i) == self.bor:
            self.i += 1
            return self.oexpr() or res
        self.i -= 1
        return res

    def aexpr(self) -> bool:
        res = self.nexpr()
        self.i += 1
        if self.at(self.i) == self.band:
            self.i += 1
            return self.aexpr() and res
        self.i -= 1
        return res

    def nexpr(self) -> bool:
        if self.at(self.i) == "!":
            self.i += 1
            return not self.nexpr()
        return self.primary()

    def primary(self) -> bool:
        a0 = self.at(self.i)
        if a0 is None:
            raise TestError("argument expected")
        if a0 == "(":
            self.i += 1
            res = self.oexpr()
            self.i += 1
            if self.at(self.i) != ")":
                raise TestError("closing paren expected")
            return res
        a1, a2 = self.at(self.i + 1), self.at(self.i + 2)
        if a1 is not None and a2 is not None and a1 in self.binops:
            return self.binop()
        if a0 in UNOPS:
            if a1 is None:
                return a0 != ""
            self.i += 1
            if a0 == "-z":
                return a1 == ""
            if a0 == "-n":
                return a1 != ""
            if a0 == "-t":
                _getn(a1)
                return False        # no terminal in the model
            return self.unary(a0, a1)
        if a1 in self.binops:
            return self.binop()     # its second operand is missing: an error
        return a0 != ""

    def binop(self) -> bool:
        x = self.a[self.i]
        op = self.a[self.i + 1]
        self.i += 2
        y = self.at(self.i)
        if y is None:
            raise TestError(f"{op}: argument expected")
        if self.bt2:
            r = _bt2_binary(op, x, y)
            if r is not None:
                return r
        return binary(op, x, y, _getn, self.files)


def bb_test(args: list[str], unary: Callable[[str, str], bool],
            files: Callable[[str, str, str], bool], report: Callable[[str], None],
            bracket: str = "") -> int:
    """``test_main`` run as ``test`` or as ``bracket`` (``[`` or ``[[``): 0 true, 1
    false, 2 after ``report``ing an error."""
    bt2 = bracket == "[["
    if bracket:
        close = "]]" if bt2 else "]"
        if not args or args[-1] != close:
            report(f"missing {close}")
            return 2
        args = args[:-1]
    binops = BT2_BINOPS if bt2 else BINOPS
    if not args:
        return 1
    negate = 0
    try:
        while True:
            # POSIX's cases by argument count first, each "!" before them
            # negating (test_main's loop)
            if len(args) == 1:
                return (args[0] == "") ^ negate
            if len(args) == 3 and args[1] in binops:
                return (not _Parser(args, unary, files, bt2).binop()) ^ negate
            if args[0] != "!":
                break
            args = args[1:]
            negate ^= 1
        p = _Parser(args, unary, files, bt2)
        res = 0 if p.oexpr() else 1
        left = p.at(p.i + 1) if p.at(p.i) is not None else None
        if left is not None:
            raise TestError(f"{left}: unknown operand")
    except TestError as e:
        report(str(e))
        return 2
    except _BadRegex:
        return 2
    return res ^ negate
