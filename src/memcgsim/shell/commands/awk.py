"""awk: a POSIX awk (with a few gawk conveniences) for the model's shell.

Tokenizer -> recursive-descent parser -> tuple AST -> closures ``f(rt)``; the
compiled program is cached per program text. Values are ``float`` (numbers),
``str`` (string constants and results) and :class:`StrNum` (input fields, ``-v``
values, ``split`` elements: compare as numbers when they look numeric). Strings
are latin-1 decoded bytes (C locale).

Supported: BEGIN/END, ``pattern``, ``/re/``, ``p1,p2`` ranges, functions,
``$expr``, NF/NR/FNR/FS/OFS/ORS/RS/SUBSEP/CONVFMT/OFMT/RSTART/RLENGTH/FILENAME/
ENVIRON/ARGC/ARGV, all operators, ``in``, (multi-dim) associative arrays,
``delete``, if/else, while, do, for, for-in, break, continue, next, nextfile,
exit, return, ``print``/``printf`` (with ``> >>`` to files), ``getline`` (plain,
var, ``< file``), length substr index split sub gsub match sprintf toupper
tolower int sqrt exp log sin cos atan2 rand srand close fflush system.
"""
from __future__ import annotations

import math
import random
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable

from ._util import Out, UsageError, command, err, getopt, strerror
from .posixre import RegexError, compile_awk, substitute

if TYPE_CHECKING:
    from ..context import CommandContext


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


# --- lexer --------------------------------------------------------------------------

KEYWORDS = {"BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break",
            "continue", "next", "nextfile", "exit", "return", "delete", "in", "getline",
            "print", "printf"}
BUILTINS = {"length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "sin",
            "cos", "atan2", "exp", "log", "sqrt", "int", "rand", "srand", "tolower", "toupper",
            "system", "close", "fflush"}
_TOK = re.compile(r"""
 (?P<ws>[ \t\r]+|\\\r?\n|\#[^\n]*)
|(?P<nl>\n)
|(?P<num>0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
|(?P<str>"(?:[^"\\]|\\.)*")
|(?P<name>[A-Za-z_][A-Za-z0-9_]*)
|(?P<op>\*\*=|\+=|-=|\*=|/=|%=|\^=|==|<=|>=|!=|\+\+|--|&&|\|\||>>|!~|\*\*|[-+*/%^!<>|?:~$=(){}\[\];,])
""", re.X | re.S)
_STR_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a",
            "b": "\b", "f": "\f", "v": "\v", "\n": ""}
# after these, "/" is division and a newline is not ignored...
_OPERAND_END = {"NUMBER", "STRING", "ERE", "NAME", ")", "]", "++", "--", "$"}
# ...and after these a newline is ignored
_NL_SKIP_AFTER = {"{", "&&", "||", ",", "do", "else", "NEWLINE", "?", ":", ";"}


def unescape(s: str) -> str:
    """Process awk string escapes (also used for ``-v`` and command-line assignments)."""
    if "\\" not in s:
        return s
    out = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        d = s[i + 1]
        if d in "01234567":
            j = i + 1
            while j < n and j < i + 4 and s[j] in "01234567":
                j += 1
            out.append(chr(int(s[i + 1:j], 8) & 0xFF))
            i = j
        elif d in _STR_ESC:
            out.append(_STR_ESC[d])
            i += 2
        else:
            out.append("\\" + d if d not in "/\"" else d)
            i += 2
    return "".join(out)


def tokenize(src: str) -> list[tuple[str, Any, int]]:
    toks: list[tuple[str, Any, int]] = []
    i, n, line = 0, len(src), 1
    prev = "NEWLINE"
    while i < n:
        c = src[i]
        if c == "/" and prev not in _OPERAND_END and prev != "BUILTIN_length":
            j = i + 1
            in_br = False
            while j < n:
                d = src[j]
                if d == "\\":
                    j += 2
                    continue
                if d == "\n":
                    raise AwkError(f"syntax error at source line {line}: unterminated regexp")
                if in_br:
                    if d == "]" and not (src[j - 1] == "[" or src[j - 2:j] == "[^"):
                        in_br = False
                elif d == "[":
                    in_br = True
                elif d == "/":
                    break
                j += 1
            if j >= n:
                raise AwkError(f"syntax error at source line {line}: unterminated regexp")
            toks.append(("ERE", src[i + 1:j], line))
            prev = "ERE"
            i = j + 1
            continue
        m = _TOK.match(src, i)
        if not m:
            raise AwkError(f"syntax error at source line {line}: invalid char '{c}'")
        i = m.end()
        kind = m.lastgroup
        text = m.group(0)
        if kind == "ws":
            if "\n" in text:
                line += 1
            continue
        if kind == "nl":
            line += 1
            if prev in _NL_SKIP_AFTER and prev != ";":
                continue
            if prev == "NEWLINE":
                continue
            tok = ("NEWLINE", None, line - 1)
        elif kind == "num":
            v = float(int(text, 16)) if text[:2].lower() == "0x" else float(text)
            tok = ("NUMBER", v, line)
        elif kind == "str":
            line += text.count("\n")
            tok = ("STRING", unescape(text[1:-1]), line)
        elif kind == "name":
            if text in KEYWORDS:
                tok = ("func" if text == "func" else text, text, line)
                if text == "func":
                    tok = ("function", text, line)
            elif text in BUILTINS:
                tok = ("BUILTIN", text, line)
            elif i < n and src[i] == "(":
                tok = ("FUNC_NAME", text, line)
            else:
                tok = ("NAME", text, line)
        else:
            if text == "**":
                text = "^"
            elif text == "**=":
                text = "^="
            tok = (text, text, line)
        toks.append(tok)
        prev = tok[0] if tok[0] != "BUILTIN" or tok[1] != "length" else "BUILTIN_length"
    toks.append(("EOF", None, line))
    return toks


# --- parser -------------------------------------------------------------------------

_ASSIGN_OPS = {"=", "+=", "-=", "*=", "/=", "%=", "^="}
_CONCAT_START = {"NUMBER", "STRING", "ERE", "NAME", "FUNC_NAME", "BUILTIN", "$", "(", "-",
                 "+", "!", "++", "--"}
_REL_OPS = {"<", "<=", "!=", "==", ">", ">="}


class Parser:
    def __init__(self, src: str):
        self.toks = tokenize(src)
        self.i = 0
        self.begin: list = []
        self.end: list = []
        self.rules: list = []  # (pattern | None | ('range', p1, p2), action | None)
        self.funcs: dict[str, tuple[list[str], Any]] = {}
        self.params: list[str] | None = None

    # token helpers
    @property
    def kind(self) -> str:
        return self.toks[self.i][0]

    def peek(self, k: int = 1) -> str:
        j = min(self.i + k, len(self.toks) - 1)
        return self.toks[j][0]

    def advance(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, kind: str):
        if self.kind != kind:
            self.error()
        return self.advance()

    def error(self):
        t = self.toks[self.i]
        near = t[1] if t[1] is not None else ("end of file" if t[0] == "EOF" else "newline")
        raise AwkError(f"syntax error at source line {t[2]}: near '{near}'" if t[0] != "EOF"
                       else f"syntax error at source line {t[2]}: unexpected end of program")

    def opt_nl(self) -> None:
        while self.kind == "NEWLINE":
            self.i += 1

    def skip_terms(self) -> None:
        while self.kind in ("NEWLINE", ";"):
            self.i += 1

    # program
    def parse(self) -> "Parser":
        self.skip_terms()
        while self.kind != "EOF":
            k = self.kind
            if k == "BEGIN":
                self.advance()
                self.opt_nl()
                self.begin.append(self.block())
            elif k == "END":
                self.advance()
                self.opt_nl()
                self.end.append(self.block())
            elif k == "function":
                self.function()
            else:
                pat = None
                if k != "{":
                    pat = self.expr()
                    if self.kind == ",":
                        self.advance()
                        self.opt_nl()
                        pat = ("range", pat, self.expr())
                action = self.block() if self.kind == "{" else None
                self.rules.append((pat, action))
            if self.kind not in ("NEWLINE", ";", "EOF"):
                if self.toks[self.i - 1][0] != "}":
                    self.error()
            self.skip_terms()
        return self

    def function(self) -> None:
        self.advance()
        t = self.advance()
        if t[0] not in ("NAME", "FUNC_NAME"):
            self.error()
        name = t[1]
        if name in self.funcs:
            raise AwkError(f"function '{name}' redefined")
        self.expect("(")
        params = []
        while self.kind != ")":
            params.append(self.expect("NAME")[1])
            if self.kind == ",":
                self.advance()
                self.opt_nl()
            elif self.kind != ")":
                self.error()
        self.advance()
        self.opt_nl()
        self.params = params
        body = self.block()
        self.params = None
        self.funcs[name] = (params, body)

    def block(self):
        self.expect("{")
        stmts = []
        self.skip_terms()
        while self.kind != "}":
            if self.kind == "EOF":
                self.error()
            stmts.append(self.statement())
            self.skip_terms()
        self.advance()
        return ("block", stmts)

    def end_simple(self) -> None:
        k = self.kind
        if k in (";", "NEWLINE"):
            self.advance()
        elif k not in ("}", "EOF"):
            self.error()

    def statement(self):
        k = self.kind
        if k == "{":
            return self.block()
        if k == ";":
            self.advance()
            return ("block", [])
        if k == "if":
            self.advance()
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            self.opt_nl()
            then = self.statement()
            save = self.i
            self.skip_terms()
            if self.kind == "else":
                self.advance()
                self.opt_nl()
                return ("if", cond, then, self.statement())
            self.i = save
            return ("if", cond, then, None)
        if k == "while":
            self.advance()
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            if self.kind == ";":
                self.advance()
                return ("while", cond, ("block", []))
            self.opt_nl()
            return ("while", cond, self.statement())
        if k == "do":
            self.advance()
            self.opt_nl()
            body = self.statement()
            self.skip_terms()
            self.expect("while")
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            self.end_simple()
            return ("do", body, cond)
        if k == "for":
            self.advance()
            self.expect("(")
            if (self.kind == "NAME" and self.peek() == "in" and self.peek(2) == "NAME"
                    and self.peek(3) == ")"):
                var = ("var", self.advance()[1])
                self.advance()
                arr = self.advance()[1]
                self.advance()
                self.opt_nl()
                return ("forin", var, arr, self.statement())
            init = None if self.kind == ";" else self.simple_statement()
            self.expect(";")
            self.opt_nl()
            cond = None if self.kind == ";" else self.expr()
            self.expect(";")
            self.opt_nl()
            step = None if self.kind == ")" else self.simple_statement()
            self.expect(")")
            if self.kind == ";":
                self.advance()
                return ("for", init, cond, step, ("block", []))
            self.opt_nl()
            return ("for", init, cond, step, self.statement())
        s = self.simple_statement()
        self.end_simple()
        return s

    def simple_statement(self):
        k = self.kind
        if k in ("next", "nextfile", "break", "continue"):
            self.advance()
            if k == "next" and self.params is not None:
                pass
            return (k,)
        if k in ("exit", "return"):
            self.advance()
            e = None if self.kind in (";", "NEWLINE", "}", "EOF") else self.expr()
            return (k, e)
        if k == "delete":
            self.advance()
            name = self.expect("NAME")[1]
            if self.kind == "[":
                self.advance()
                subs = self.expr_list()
                self.expect("]")
                return ("delete", name, subs)
            return ("delete", name, None)
        if k in ("print", "printf"):
            self.advance()
            args: list = []
            if self.kind not in (";", "NEWLINE", "}", ">", ">>", "|", "EOF"):
                args = self.expr_list(no_gt=True)
                if len(args) == 1 and args[0][0] == "grouping":
                    args = args[0][1]
            redir = None
            if self.kind in (">", ">>", "|"):
                op = self.advance()[0]
                redir = (op, self.concat(no_gt=True))
            if k == "printf" and not args:
                self.error()
            return (k, args, redir)
        return ("expr", self.expr())

    def expr_list(self, no_gt: bool = False) -> list:
        items = [self.expr(no_gt)]
        while self.kind == ",":
            self.advance()
            self.opt_nl()
            items.append(self.expr(no_gt))
        return items

    # expressions
    def expr(self, no_gt: bool = False):
        left = self.ternary(no_gt)
        if self.kind in _ASSIGN_OPS and left[0] in ("var", "field", "index"):
            op = self.advance()[0]
            self.opt_nl()
            return ("assign", op, left, self.expr(no_gt))
        return left

    def ternary(self, no_gt: bool):
        cond = self.or_(no_gt)
        if self.kind == "?":
            self.advance()
            a = self.expr(no_gt)
            self.opt_nl()
            self.expect(":")
            b = self.expr(no_gt)
            return ("cond", cond, a, b)
        return cond

    def or_(self, no_gt: bool):
        left = self.and_(no_gt)
        while self.kind == "||":
            self.advance()
            left = ("or", left, self.and_(no_gt))
        return left

    def and_(self, no_gt: bool):
        left = self.in_(no_gt)
        while self.kind == "&&":
            self.advance()
            left = ("and", left, self.in_(no_gt))
        return left

    def in_(self, no_gt: bool):
        left = self.match(no_gt)
        while self.kind == "in":
            self.advance()
            arr = self.expect("NAME")[1]
            subs = left[1] if left[0] == "grouping" else [left]
            left = ("in", subs, arr)
        return left

    def match(self, no_gt: bool):
        left = self.rel(no_gt)
        while self.kind in ("~", "!~"):
            neg = self.advance()[0] == "!~"
            left = ("match", neg, left, self.rel(no_gt))
        return left

    def rel(self, no_gt: bool):
        left = self.concat(no_gt)
        k = self.kind
        if k in _REL_OPS and not (no_gt and k == ">"):
            self.advance()
            return ("cmp", k, left, self.concat(no_gt))
        return left

    def concat(self, no_gt: bool):
        left = self.additive()
        parts = [left]
        while self.kind in _CONCAT_START and self.kind not in ("-", "+", "!"):
            if self.kind == "(" and False:
                break
            parts.append(self.additive())
        if self.kind == "|" and self.peek() == "getline":
            self.advance()
            self.advance()
            lv = self.opt_lvalue()
            node = ("getline", "cmd", lv, parts[0] if len(parts) == 1 else ("concat", parts))
            return node
        return parts[0] if len(parts) == 1 else ("concat", parts)

    def additive(self):
        left = self.mul()
        while self.kind in ("+", "-"):
            op = self.advance()[0]
            left = ("bin", op, left, self.mul())
        return left

    def mul(self):
        left = self.unary()
        while self.kind in ("*", "/", "%"):
            op = self.advance()[0]
            left = ("bin", op, left, self.unary())
        return left

    def unary(self):
        k = self.kind
        if k == "!":
            self.advance()
            return ("not", self.unary())
        if k == "-":
            self.advance()
            return ("neg", self.unary())
        if k == "+":
            self.advance()
            return ("pos", self.unary())
        return self.power()

    def power(self):
        base = self.postfix()
        if self.kind == "^":
            self.advance()
            return ("bin", "^", base, self.power_rhs())
        return base

    def power_rhs(self):
        k = self.kind
        if k == "-":
            self.advance()
            return ("neg", self.power_rhs())
        if k == "+":
            self.advance()
            return self.power_rhs()
        if k == "!":
            self.advance()
            return ("not", self.power_rhs())
        return self.power()

    def postfix(self):
        e = self.primary()
        if self.kind in ("++", "--") and e[0] in ("var", "field", "index"):
            op = self.advance()[0]
            return ("post", op, e)
        return e

    def opt_lvalue(self):
        if self.kind == "$":
            self.advance()
            return ("field", self.field_operand())
        if self.kind == "NAME":
            return self.name_ref()
        return None

    def name_ref(self):
        name = self.advance()[1]
        if self.kind == "[":
            self.advance()
            subs = self.expr_list()
            self.expect("]")
            return ("index", name, subs)
        return ("var", name)

    def field_operand(self):
        k = self.kind
        if k in ("++", "--"):
            op = self.advance()[0]
            lv = self.primary()
            return ("pre", op, lv)
        if k == "-":
            self.advance()
            return ("neg", self.field_operand())
        return self.primary()

    def primary(self):
        t = self.toks[self.i]
        k = t[0]
        if k == "NUMBER":
            self.i += 1
            return ("num", t[1])
        if k == "STRING":
            self.i += 1
            return ("str", t[1])
        if k == "ERE":
            self.i += 1
            return ("regex", t[1])
        if k == "$":
            self.i += 1
            return ("field", self.field_operand())
        if k in ("++", "--"):
            self.i += 1
            lv = self.primary()
            if lv[0] not in ("var", "field", "index"):
                self.error()
            return ("pre", k, lv)
        if k == "(":
            self.i += 1
            self.opt_nl()
            items = self.expr_list()
            self.opt_nl()
            self.expect(")")
            if len(items) > 1:
                return ("grouping", items)
            return ("group", items[0])
        if k == "NAME":
            return self.name_ref()
        if k == "FUNC_NAME":
            self.i += 1
            self.expect("(")
            self.opt_nl()
            args = [] if self.kind == ")" else self.expr_list()
            self.opt_nl()
            self.expect(")")
            return ("call", t[1], args)
        if k == "BUILTIN":
            self.i += 1
            name = t[1]
            if self.kind == "(":
                self.advance()
                self.opt_nl()
                args = [] if self.kind == ")" else self.expr_list()
                self.opt_nl()
                self.expect(")")
            elif name == "length":
                args = []
            else:
                self.error()
            return ("builtin", name, args)
        if k == "getline":
            self.i += 1
            lv = self.opt_lvalue()
            if self.kind == "<":
                self.advance()
                src = self.primary_for_redirect()
                return ("getline", "file", lv, src)
            return ("getline", "main", lv, None)
        if k == "-":
            self.i += 1
            return ("neg", self.unary())
        if k == "!":
            self.i += 1
            return ("not", self.unary())
        self.error()

    def primary_for_redirect(self):
        e = self.primary()
        return e


# --- compiler -----------------------------------------------------------------------

class Program:
    """Compiled awk program: closures over a runtime ``rt``."""

    def __init__(self, p: Parser):
        self.funcs: dict[str, Any] = {}
        self.func_params = {name: params for name, (params, _) in p.funcs.items()}
        self._locals: list[str] | None = None
        for name, (params, body) in p.funcs.items():
            self._locals = params
            self.funcs[name] = (len(params), self.stmt(body))
        self._locals = None
        self.begin = [self.stmt(b) for b in p.begin]
        self.end = [self.stmt(b) for b in p.end]
        self.rules = []
        for pat, action in p.rules:
            if pat is None:
                cp = None
            elif pat[0] == "range":
                cp = ("range", self.cond(pat[1]), self.cond(pat[2]))
            else:
                cp = self.cond(pat)
            self.rules.append((cp, self.stmt(action) if action else None))
        self.needs_input = bool(self.rules or self.end)

    # statements
    def stmt(self, s) -> Callable:
        k = s[0]
        m = getattr(self, "s_" + k)
        return m(s)

    def s_block(self, s):
        fs = [self.stmt(x) for x in s[1]]
        if not fs:
            return lambda rt: None
        if len(fs) == 1:
            return fs[0]
        if len(fs) == 2:
            a, b = fs

            def run2(rt):
                a(rt)
                b(rt)
            return run2

        def run(rt):
            for f in fs:
                f(rt)
        return run

    def s_expr(self, s):
        e = self.expr(s[1])
        return lambda rt: (e(rt), None)[1]

    def s_print(self, s):
        args = [self.expr(a) for a in s[1]]
        redir = self._redir(s[2])
        if not args:
            def pr0(rt):
                rt.output(redir, rt.get_record() + rt.g["ORS"])
            return pr0

        def pr(rt):
            ofmt = rt.g["OFMT"]
            vals = []
            for a in args:
                v = a(rt)
                vals.append(num_str(v, ofmt) if type(v) is float else v)
            rt.output(redir, rt.tostr(rt.g["OFS"]).join(vals) + rt.tostr(rt.g["ORS"]))
        return pr

    def s_printf(self, s):
        args = [self.expr(a) for a in s[1]]
        redir = self._redir(s[2])

        def pf(rt):
            vals = [a(rt) for a in args]
            rt.output(redir, rt.sprintf(rt.tostr(vals[0]), vals[1:]))
        return pf

    def _redir(self, r):
        if r is None:
            return None
        op, e = r
        return (op, self.expr(e))

    def s_if(self, s):
        c = self.cond(s[1])
        a = self.stmt(s[2])
        if s[3] is None:
            def if1(rt):
                if c(rt):
                    a(rt)
            return if1
        b = self.stmt(s[3])

        def if2(rt):
            if c(rt):
                a(rt)
            else:
                b(rt)
        return if2

    def s_while(self, s):
        c = self.cond(s[1])
        body = self.stmt(s[2])

        def wh(rt):
            while c(rt):
                try:
                    body(rt)
                except _Break:
                    break
                except _Continue:
                    continue
        return wh

    def s_do(self, s):
        body = self.stmt(s[1])
        c = self.cond(s[2])

        def do(rt):
            while True:
                try:
                    body(rt)
                except _Break:
                    break
                except _Continue:
                    pass
                if not c(rt):
                    break
        return do

    def s_for(self, s):
        init = self.stmt(s[1]) if s[1] else None
        c = self.cond(s[2]) if s[2] else (lambda rt: True)
        step = self.stmt(s[3]) if s[3] else None
        body = self.stmt(s[4])

        def fo(rt):
            if init:
                init(rt)
            while c(rt):
                try:
                    body(rt)
                except _Break:
                    break
                except _Continue:
                    pass
                if step:
                    step(rt)
        return fo

    def s_forin(self, s):
        setv = self.assigner(s[1])
        arr = self.array_ref(s[2])
        body = self.stmt(s[3])

        def fi(rt):
            a = arr(rt)
            for k in list(a):
                if k not in a:
                    continue
                setv(rt, strnum(k))
                try:
                    body(rt)
                except _Break:
                    break
                except _Continue:
                    pass
        return fi

    def s_next(self, s):
        def nx(rt):
            raise _Next()
        return nx

    def s_nextfile(self, s):
        def nf(rt):
            raise _NextFile()
        return nf

    def s_break(self, s):
        def br(rt):
            raise _Break()
        return br

    def s_continue(self, s):
        def co(rt):
            raise _Continue()
        return co

    def s_exit(self, s):
        e = self.expr(s[1]) if s[1] else None

        def ex(rt):
            code = int(to_num(e(rt))) & 0xFF if e else rt.exit_code
            raise _Exit(code)
        return ex

    def s_return(self, s):
        e = self.expr(s[1]) if s[1] else None

        def ret(rt):
            raise _Return(e(rt) if e else UNINIT)
        return ret

    def s_delete(self, s):
        arr = self.array_ref(s[1])
        if s[2] is None:
            return lambda rt: arr(rt).clear()
        key = self.subscript(s[2])
        return lambda rt: (arr(rt).pop(key(rt), None), None)[1]

    # expressions
    def cond(self, e) -> Callable:
        k = e[0]
        if k == "regex":
            rx = self._regex(e[1])
            return lambda rt: rx.search(rt.get_record()) is not None
        if k == "cmp":
            return self.expr(e)  # returns 1.0/0.0
        f = self.expr(e)
        return lambda rt: truth(f(rt))

    def _regex(self, src: str):
        try:
            return compile_awk(src)
        except RegexError as ex:
            raise AwkError(f"regular expression /{src}/: {ex}") from None

    def expr(self, e) -> Callable:
        return getattr(self, "e_" + e[0])(e)

    def e_num(self, e):
        v = float(e[1])
        return lambda rt: v

    def e_str(self, e):
        v = e[1]
        return lambda rt: v

    def e_regex(self, e):
        rx = self._regex(e[1])
        return lambda rt: 1.0 if rx.search(rt.get_record()) else 0.0

    def e_group(self, e):
        return self.expr(e[1])

    def e_grouping(self, e):
        parts = [self.expr(x) for x in e[1]]

        def gr(rt):
            return rt.tostr(rt.g["SUBSEP"]).join(rt.tostr(p(rt)) for p in parts)
        return gr

    def _local(self, name: str) -> int | None:
        if self._locals is not None and name in self._locals:
            return self._locals.index(name)
        return None

    def e_var(self, e):
        name = e[1]
        li = self._local(name)
        if li is not None:
            def lv(rt):
                v = rt.frame[li]
                if type(v) is _Untyped or type(v) is dict:
                    if type(v) is dict:
                        raise AwkError(f"attempt to use array '{name}' in a scalar context")
                    return UNINIT
                return v
            return lv
        if name == "NF":
            return lambda rt: float(rt.get_nf())
        if name in self.funcs or name in self.func_params:
            raise AwkError(f"function '{name}' called with space between name and '('")

        def gv(rt):
            v = rt.g.get(name, UNINIT)
            if type(v) is dict:
                raise AwkError(f"attempt to use array '{name}' in a scalar context")
            return v
        return gv

    def array_ref(self, name: str) -> Callable:
        li = self._local(name)
        if li is not None:
            def la(rt):
                v = rt.frame[li]
                t = type(v)
                if t is dict:
                    return v
                if t is _Untyped:
                    v.used = True
                    return v.arr
                if v is UNINIT:
                    d: dict = {}
                    rt.frame[li] = d
                    return d
                raise AwkError(f"attempt to use scalar '{name}' as an array")
            return la

        def ga(rt):
            g = rt.g
            v = g.get(name)
            if type(v) is dict:
                return v
            if v is None or v is UNINIT:
                d: dict = {}
                g[name] = d
                return d
            raise AwkError(f"attempt to use scalar '{name}' as an array")
        return ga

    def subscript(self, subs: list) -> Callable:
        if len(subs) == 1:
            f = self.expr(subs[0])
            return lambda rt: rt.tokey(f(rt))
        fs = [self.expr(x) for x in subs]
        return lambda rt: rt.tostr(rt.g["SUBSEP"]).join(rt.tokey(f(rt)) for f in fs)

    def e_index(self, e):
        arr = self.array_ref(e[1])
        key = self.subscript(e[2])

        def ix(rt):
            a = arr(rt)
            k = key(rt)
            v = a.get(k)
            if v is None:
                a[k] = v = UNINIT
            return v
        return ix

    def e_field(self, e):
        idx = self.expr(e[1])
        if e[1][0] == "num":
            n = int(e[1][1])
            if n == 0:
                return lambda rt: rt.get_record()
            return lambda rt: rt.get_field(n)
        return lambda rt: rt.get_field(_field_index(idx(rt)))

    def e_in(self, e):
        arr = self.array_ref(e[2])
        key = self.subscript(e[1])
        return lambda rt: 1.0 if key(rt) in arr(rt) else 0.0

    def assigner(self, lv) -> Callable:
        """``set(rt, value)`` for an lvalue."""
        k = lv[0]
        if k == "var":
            name = lv[1]
            li = self._local(name)
            if li is not None:
                def sl(rt, v):
                    rt.frame[li] = v
                return sl
            if name == "NF":
                return lambda rt, v: rt.set_nf(int(to_num(v)))
            special = name in ("FS", "RS", "OFS", "ORS", "SUBSEP", "CONVFMT", "OFMT")

            def sg(rt, v):
                g = rt.g
                if type(g.get(name)) is dict:
                    raise AwkError(f"attempt to use array '{name}' in a scalar context")
                g[name] = rt.tostr(v) if special else v
            return sg
        if k == "field":
            idx = self.expr(lv[1])
            return lambda rt, v: rt.set_field(_field_index(idx(rt)), v)
        if k == "index":
            arr = self.array_ref(lv[1])
            key = self.subscript(lv[2])

            def si(rt, v):
                arr(rt)[key(rt)] = v
            return si
        if k == "group":
            return self.assigner(lv[1])
        raise AwkError("assignment to non-lvalue")

    def e_assign(self, e):
        op, lv, rhs = e[1], e[2], self.expr(e[3])
        setv = self.assigner(lv)
        if op == "=":
            def asg(rt):
                v = rhs(rt)
                if type(v) is dict:
                    raise AwkError("attempt to use array in a scalar context")
                setv(rt, v)
                return v
            return asg
        get = self.expr(lv)
        fn = _ARITH[op[0]]

        def aug(rt):
            # evaluate the lvalue's current value first, as awk does
            cur = to_num(get(rt))
            v = fn(cur, to_num(rhs(rt)))
            setv(rt, v)
            return v
        return aug

    def e_pre(self, e):
        setv = self.assigner(e[2])
        get = self.expr(e[2])
        d = 1.0 if e[1] == "++" else -1.0

        def pre(rt):
            v = to_num(get(rt)) + d
            setv(rt, v)
            return v
        return pre

    def e_post(self, e):
        setv = self.assigner(e[2])
        get = self.expr(e[2])
        d = 1.0 if e[1] == "++" else -1.0

        def post(rt):
            v = to_num(get(rt))
            setv(rt, v + d)
            return v
        return post

    def e_cond(self, e):
        c, a, b = self.cond(e[1]), self.expr(e[2]), self.expr(e[3])
        return lambda rt: a(rt) if c(rt) else b(rt)

    def e_or(self, e):
        a, b = self.cond(e[1]), self.cond(e[2])
        return lambda rt: 1.0 if (a(rt) or b(rt)) else 0.0

    def e_and(self, e):
        a, b = self.cond(e[1]), self.cond(e[2])
        return lambda rt: 1.0 if (a(rt) and b(rt)) else 0.0

    def e_not(self, e):
        a = self.cond(e[1])
        return lambda rt: 0.0 if a(rt) else 1.0

    def e_neg(self, e):
        a = self.expr(e[1])
        return lambda rt: -to_num(a(rt))

    def e_pos(self, e):
        a = self.expr(e[1])
        return lambda rt: to_num(a(rt))

    def e_match(self, e):
        neg = e[1]
        s = self.expr(e[2])
        if e[3][0] == "regex":
            rx = self._regex(e[3][1])
            if neg:
                return lambda rt: 0.0 if rx.search(rt.tostr(s(rt))) else 1.0
            return lambda rt: 1.0 if rx.search(rt.tostr(s(rt))) else 0.0
        r = self.expr(e[3])

        def dyn(rt):
            hit = rt.regex(r(rt)).search(rt.tostr(s(rt))) is not None
            return 1.0 if hit != neg else 0.0
        return dyn

    def e_cmp(self, e):
        op, a, b = e[1], self.expr(e[2]), self.expr(e[3])
        test = _CMP[op]
        return lambda rt: 1.0 if test(compare(a(rt), b(rt))) else 0.0

    def e_concat(self, e):
        parts = [self.expr(x) for x in e[1]]
        if len(parts) == 2:
            a, b = parts
            return lambda rt: rt.tostr(a(rt)) + rt.tostr(b(rt))
        return lambda rt: "".join([rt.tostr(p(rt)) for p in parts])

    def e_bin(self, e):
        op, a, b = e[1], self.expr(e[2]), self.expr(e[3])
        fn = _ARITH[op]
        return lambda rt: fn(to_num(a(rt)), to_num(b(rt)))

    def e_call(self, e):
        name, argn = e[1], e[2]
        fdef_box: list = []
        args = []
        for a in argn:
            if a[0] == "var":
                args.append(("name", a[1], None))
            else:
                args.append(("val", None, self.expr(a)))
        # bare names may be arrays: resolve at call time
        refs = []
        for kind, nm, f in args:
            if kind == "name":
                li = self._local(nm)
                refs.append(("local", li, nm) if li is not None else ("global", None, nm))
            else:
                refs.append(("val", f, None))
        funcs = self.funcs
        fparams = self.func_params

        def call(rt):
            if not fdef_box:
                if name not in funcs:
                    raise AwkError(f"function '{name}' not defined")
                fdef_box.append(funcs[name])
            nparams, body = fdef_box[0]
            if len(refs) > nparams:
                raise AwkError(f"function '{name}' called with more arguments than declared")
            frame = []
            untyped = []
            for kind, x, nm in refs:
                if kind == "val":
                    v = x(rt)
                else:
                    v = rt.frame[x] if kind == "local" else rt.g.get(nm, UNINIT)
                    if v is UNINIT:
                        u = _Untyped()
                        untyped.append((kind, x, nm, u))
                        v = u
                frame.append(v)
            frame.extend([UNINIT] * (nparams - len(frame)))
            saved = rt.frame
            rt.frame = frame
            rt.depth += 1
            if rt.depth > 2000:
                raise AwkError("function call nesting too deep")
            try:
                body(rt)
                result = UNINIT
            except _Return as r:
                result = r.value
            finally:
                rt.frame = saved
                rt.depth -= 1
            for kind, x, nm, u in untyped:
                if u.used:
                    if kind == "local":
                        if saved[x] is UNINIT:
                            saved[x] = u.arr
                    elif rt.g.get(nm, UNINIT) is UNINIT:
                        rt.g[nm] = u.arr
            if type(result) is dict:
                raise AwkError("function returned an array")
            return result
        _ = fparams
        return call

    def e_getline(self, e):
        kind, lv, src = e[1], e[2], e[3]
        setv = self.assigner(lv) if lv is not None else None
        srcf = self.expr(src) if src is not None else None

        def gl(rt):
            if kind == "main":
                rec = rt.next_main_record()
                if rec is None:
                    return 0.0
                rt.g["NR"] = rt.g_num("NR") + 1
                rt.g["FNR"] = rt.g_num("FNR") + 1
            elif kind == "file":
                rec = rt.read_file_record(rt.tostr(srcf(rt)))
                if rec is None or rec is False:
                    return -1.0 if rec is False else 0.0
            else:
                return -1.0
            if setv is None:
                rt.set_record(rec)
            else:
                setv(rt, strnum(rec))
            return 1.0
        return gl

    def e_builtin(self, e):
        name, argn = e[1], e[2]
        fn = getattr(self, "b_" + name)
        return fn(argn)

    # builtins
    def b_length(self, a):
        if not a:
            return lambda rt: float(len(rt.get_record()))
        if a[0][0] == "var":
            nm = a[0][1]
            li = self._local(nm)

            def ln(rt):
                v = rt.frame[li] if li is not None else rt.g.get(nm, UNINIT)
                if type(v) is dict:
                    return float(len(v))
                if type(v) is _Untyped:
                    return 0.0
                if nm == "NF" and li is None:
                    v = float(rt.get_nf())
                return float(len(rt.tostr(v)))
            return ln
        f = self.expr(a[0])
        return lambda rt: float(len(rt.tostr(f(rt))))

    def b_substr(self, a):
        if len(a) not in (2, 3):
            raise AwkError("substr: wrong number of arguments")
        s, m = self.expr(a[0]), self.expr(a[1])
        n = self.expr(a[2]) if len(a) == 3 else None

        def sub(rt):
            st = rt.tostr(s(rt))
            mv = to_num(m(rt))
            start = _round(mv)
            if n is None:
                end = len(st) + 1
            else:
                nv = to_num(n(rt))
                if nv != nv:
                    return ""
                end = _round(mv + nv) if not math.isinf(nv) else (len(st) + 1 if nv > 0 else start)
            start = max(start, 1)
            end = min(end, len(st) + 1)
            return st[start - 1:end - 1] if end > start else ""
        return sub

    def b_index(self, a):
        s, t = self.expr(a[0]), self.expr(a[1])
        return lambda rt: float(rt.tostr(s(rt)).find(rt.tostr(t(rt))) + 1)

    def b_split(self, a):
        if len(a) not in (2, 3):
            raise AwkError("split: wrong number of arguments")
        s = self.expr(a[0])
        arr = self.array_ref(a[1][1]) if a[1][0] == "var" else None
        if arr is None:
            raise AwkError("split: second argument is not an array")
        sep = None
        rx_lit = None
        if len(a) == 3:
            if a[2][0] == "regex":
                rx_lit = self._regex(a[2][1])
            else:
                sep = self.expr(a[2])

        def sp(rt):
            st = rt.tostr(s(rt))
            d = arr(rt)
            d.clear()
            if rx_lit is not None:
                parts = rx_split(rx_lit, st) if st else []
            else:
                parts = rt.split(st, rt.tostr(sep(rt)) if sep else rt.g["FS"])
            for i, p in enumerate(parts, 1):
                d[str(i)] = strnum(p)
            return float(len(parts))
        return sp

    def _sub(self, a, glob: bool):
        if len(a) not in (2, 3):
            raise AwkError("sub: wrong number of arguments")
        if a[0][0] == "regex":
            rx = self._regex(a[0][1])
            rxf = lambda rt: rx  # noqa: E731
        else:
            r = self.expr(a[0])
            rxf = lambda rt: rt.regex(r(rt))  # noqa: E731
        repl = self.expr(a[1])
        target = a[2] if len(a) == 3 else ("field", ("num", 0.0))
        if target[0] not in ("var", "field", "index", "group"):
            get = self.expr(target)
            setv = lambda rt, v: None  # noqa: E731
        else:
            get = self.expr(target)
            setv = self.assigner(target)

        def su(rt):
            rep = _awk_repl(rt.tostr(repl(rt)))
            cur = rt.tostr(get(rt))
            new, n = substitute(rxf(rt), cur, rep, 1, glob)
            if n:
                setv(rt, new)
            return float(n)
        return su

    def b_sub(self, a):
        return self._sub(a, False)

    def b_gsub(self, a):
        return self._sub(a, True)

    def b_match(self, a):
        s = self.expr(a[0])
        if a[1][0] == "regex":
            rx = self._regex(a[1][1])
            rxf = lambda rt: rx  # noqa: E731
        else:
            r = self.expr(a[1])
            rxf = lambda rt: rt.regex(r(rt))  # noqa: E731
        arr = self.array_ref(a[2][1]) if len(a) == 3 and a[2][0] == "var" else None

        def ma(rt):
            m = rxf(rt).search(rt.tostr(s(rt)))
            if arr is not None:
                d = arr(rt)
                d.clear()
            if m is None:
                rt.g["RSTART"], rt.g["RLENGTH"] = 0.0, -1.0
                return 0.0
            rt.g["RSTART"] = float(m.start() + 1)
            rt.g["RLENGTH"] = float(m.end() - m.start())
            if arr is not None:
                d[("0")] = strnum(m.group(0))
                for i, grp in enumerate(m.groups(), 1):
                    if grp is not None:
                        d[str(i)] = strnum(grp)
            return float(m.start() + 1)
        return ma

    def b_sprintf(self, a):
        if not a:
            raise AwkError("sprintf: no format")
        fs = [self.expr(x) for x in a]

        def spf(rt):
            vals = [f(rt) for f in fs]
            return rt.sprintf(rt.tostr(vals[0]), vals[1:])
        return spf

    def _math1(self, a, fn):
        f = self.expr(a[0]) if a else (lambda rt: 0.0)

        def m1(rt):
            try:
                return float(fn(to_num(f(rt))))
            except (ValueError, OverflowError):
                return math.nan
        return m1

    def b_sin(self, a):
        return self._math1(a, math.sin)

    def b_cos(self, a):
        return self._math1(a, math.cos)

    def b_exp(self, a):
        return self._math1(a, math.exp)

    def b_log(self, a):
        return self._math1(a, lambda x: math.log(x) if x > 0 else (-math.inf if x == 0 else math.nan))

    def b_sqrt(self, a):
        return self._math1(a, lambda x: math.sqrt(x) if x >= 0 else math.nan)

    def b_int(self, a):
        return self._math1(a, lambda x: float(math.trunc(x)) if math.isfinite(x) else x)

    def b_atan2(self, a):
        y, x = self.expr(a[0]), self.expr(a[1])
        return lambda rt: math.atan2(to_num(y(rt)), to_num(x(rt)))

    def b_rand(self, a):
        return lambda rt: rt.rng.random()

    def b_srand(self, a):
        f = self.expr(a[0]) if a else None

        def sr(rt):
            prev = rt.seed
            rt.seed = to_num(f(rt)) if f else float(int(rt.now()))
            rt.rng.seed(rt.seed)
            return prev
        return sr

    def b_tolower(self, a):
        f = self.expr(a[0])
        return lambda rt: rt.tostr(f(rt)).translate(_LOWER)

    def b_toupper(self, a):
        f = self.expr(a[0])
        return lambda rt: rt.tostr(f(rt)).translate(_UPPER)

    def b_close(self, a):
        f = self.expr(a[0])
        return lambda rt: rt.close(rt.tostr(f(rt)))

    def b_fflush(self, a):
        def ff(rt):
            rt.out.flush()
            return 0.0
        return ff

    def b_system(self, a):
        f = self.expr(a[0])
        return lambda rt: rt.system(rt.tostr(f(rt)))


_LOWER = {c: c + 32 for c in range(65, 91)}
_UPPER = {c: c - 32 for c in range(97, 123)}


def rx_split(rx: "re.Pattern[str]", s: str) -> list[str]:
    """Split at non-empty matches (groups in ``rx`` do not add fields)."""
    out, pos = [], 0
    for m in rx.finditer(s):
        if m.end() == m.start():
            continue
        out.append(s[pos:m.start()])
        pos = m.end()
    out.append(s[pos:])
    return out


def _round(x: float) -> int:
    if math.isinf(x):
        return -(1 << 62) if x < 0 else 1 << 62
    if x != x:
        return 0
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def _field_index(v) -> int:
    n = to_num(v)
    if n < 0:
        raise AwkError(f"trying to access out of range field {int(n)}")
    return int(n)


def _div(a: float, b: float) -> float:
    if b == 0:
        raise AwkError("division by zero")
    return a / b


def _mod(a: float, b: float) -> float:
    if b == 0:
        raise AwkError("division by zero in %")
    return math.fmod(a, b)


def _pow(a: float, b: float) -> float:
    try:
        return float(a ** b) if not (a < 0 and b != int(b)) else math.nan
    except OverflowError:
        return math.inf
    except ZeroDivisionError:
        return math.inf


_ARITH = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
          "/": _div, "%": _mod, "^": _pow}
_CMP = {"<": lambda c: c < 0, "<=": lambda c: c <= 0, ">": lambda c: c > 0,
        ">=": lambda c: c >= 0, "==": lambda c: c == 0, "!=": lambda c: c != 0}


def _awk_repl(rep: str) -> Callable:
    """sub/gsub replacement: ``&`` is the match, ``\\&`` a literal ``&``, ``\\\\`` a ``\\``."""
    if "&" not in rep and "\\" not in rep:
        return lambda m: rep
    parts: list = []
    lit = []
    i = 0
    while i < len(rep):
        c = rep[i]
        if c == "\\" and i + 1 < len(rep) and rep[i + 1] in "&\\":
            lit.append(rep[i + 1])
            i += 2
            continue
        if c == "&":
            parts.append("".join(lit))
            lit = []
            parts.append(None)
        else:
            lit.append(c)
        i += 1
    parts.append("".join(lit))
    return lambda m: "".join(m.group(0) if p is None else p for p in parts)


_FMT = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([cdiouxXeEfFgGs%])")


@lru_cache(maxsize=256)
def _compile_program(src: str) -> Program:
    return Program(Parser(src).parse())


# --- runtime --------------------------------------------------------------------------

_DEFAULT_FS = re.compile(r"[^ \t\n]+")


class Runtime:
    def __init__(self, ctx: "CommandContext", prog: Program):
        self.ctx = ctx
        self.prog = prog
        self.g: dict[str, Any] = {
            "FS": " ", "OFS": " ", "ORS": "\n", "RS": "\n", "NR": 0.0, "NF": 0.0, "FNR": 0.0,
            "SUBSEP": "\x1c", "CONVFMT": "%.6g", "OFMT": "%.6g", "RSTART": 0.0,
            "RLENGTH": -1.0, "FILENAME": "",
        }
        self.g["ENVIRON"] = {_l1(k): strnum(_l1(v)) for k, v in ctx.env.items()}
        self.frame: list = []
        self.depth = 0
        self.record = ""
        self.fields: list | None = [None]
        self.nf = 0
        self.rec_fs = " "
        self.out = Out(ctx.stdout)
        self.files: dict[str, Any] = {}
        self.readers: dict[str, Any] = {}
        self.exit_code = 0
        self.seed = 0.0
        self.rng = random.Random(0)
        self.main_iter = None
        self.range_active: dict[int, bool] = {}

    # conversions
    def tostr(self, v) -> str:
        if type(v) is float:
            return num_str(v, self.g["CONVFMT"])
        if type(v) is dict:
            raise AwkError("attempt to use array in a scalar context")
        return v

    def tokey(self, v) -> str:
        if type(v) is float:
            if v == int(v) and abs(v) < 1e18:
                return "%d" % v
            return num_str(v, self.g["CONVFMT"])
        if type(v) is dict or type(v) is _Untyped:
            raise AwkError("attempt to use array in a scalar context")
        return str(v) if type(v) is not str else v

    def g_num(self, name: str) -> float:
        return to_num(self.g.get(name, UNINIT))

    def regex(self, v):
        if type(v) is float:
            v = self.tostr(v)
        try:
            return compile_awk(v)
        except RegexError as ex:
            raise AwkError(f"regular expression {v}: {ex}") from None

    def now(self) -> float:
        try:
            return float(self.ctx.sys.now)
        except Exception:
            return 0.0

    # records and fields
    def set_record(self, rec: str) -> None:
        self.record = rec
        self.fields = None
        self.rec_fs = self.tostr(self.g["FS"])

    def get_record(self) -> str:
        r = self.record
        if type(r) is not StrNum:
            r = self.record = strnum(r)
        return r

    def split(self, s: str, fs: str) -> list[str]:
        if fs == " ":
            return _DEFAULT_FS.findall(s)
        if not s:
            return []
        if len(fs) == 1 and fs != "\\":
            if self.g["RS"] == "" and fs != "\n":
                return re.split("[" + re.escape(fs) + "\n]", s)
            return s.split(fs)
        if fs == "":
            return list(s)
        return rx_split(self.regex(fs), s)

    def _split_record(self) -> None:
        parts = self.split(self.record, self.rec_fs)
        self.fields = [None] + [strnum(p) for p in parts]
        self.nf = len(parts)

    def get_field(self, i: int):
        if i == 0:
            return self.get_record()
        if self.fields is None:
            self._split_record()
        if i <= self.nf:
            return self.fields[i]
        return UNINIT

    def get_nf(self) -> int:
        if self.fields is None:
            self._split_record()
        return self.nf

    def set_field(self, i: int, v) -> None:
        if i == 0:
            self.record = self.tostr(v)
            self.fields = None
            self.rec_fs = self.tostr(self.g["FS"])
            return
        if self.fields is None:
            self._split_record()
        if i > self.nf:
            self.fields.extend([UNINIT] * (i - self.nf))
            self.nf = i
        self.fields[i] = v
        self._rebuild()

    def set_nf(self, n: int) -> None:
        if self.fields is None:
            self._split_record()
        if n < self.nf:
            del self.fields[n + 1:]
        else:
            self.fields.extend([UNINIT] * (n - self.nf))
        self.nf = n
        self._rebuild()

    def _rebuild(self) -> None:
        ofs = self.tostr(self.g["OFS"])
        self.record = ofs.join(self.tostr(f) for f in self.fields[1:])

    # output
    def output(self, redir, text: str) -> None:
        data = text.encode("latin-1", "replace")
        if redir is None:
            self.out.write(data)
            return
        op, namef = redir
        name = self.tostr(namef(self))
        if op == "|":
            raise AwkError(f"can't open pipe to '{name}': pipes are not supported")
        if name in ("/dev/stdout", "-"):
            self.out.write(data)
            return
        if name == "/dev/stderr":
            self.out.flush()
            self.ctx.stderr.write(data)
            return
        f = self.files.get(name)
        if f is None:
            try:
                f = self.ctx.sys.open(self.ctx.path(_u8(name)), "a" if op == ">>" else "w",
                                      self.ctx.task)
            except OSError as e:
                raise AwkError(f"can't redirect to '{name}': {strerror(e)}") from None
            self.files[name] = f
        f.write(data)

    def close(self, name: str) -> float:
        f = self.files.pop(name, None)
        if f is not None:
            f.close()
            return 0.0
        if self.readers.pop(name, None) is not None:
            return 0.0
        return -1.0

    def close_all(self) -> None:
        for f in self.files.values():
            f.close()
        self.files.clear()

    def system(self, cmd: str) -> float:
        from .procutils import run_command
        import inspect
        self.out.flush()
        try:
            r = run_command(self.ctx, ["sh", "-c", _u8(cmd)])
        except OSError:
            return 127.0
        if inspect.isgenerator(r):
            r.close()
            err(self.ctx, "awk: system(): commands that sleep are not supported")
            return -1.0
        return float(r)

    def sprintf(self, fmt: str, args: list) -> str:
        out = []
        pos = 0
        ai = 0
        for m in _FMT.finditer(fmt):
            out.append(fmt[pos:m.start()])
            pos = m.end()
            flags, width, prec, conv = m.groups()
            if conv == "%":
                out.append("%")
                continue
            if width == "*":
                width = str(int(to_num(args[ai]))) if ai < len(args) else "0"
                ai += 1
            if prec == "*":
                prec = str(int(to_num(args[ai]))) if ai < len(args) else "0"
                ai += 1
            v = args[ai] if ai < len(args) else None
            ai += 1
            spec = "%" + flags + (width or "") + ("." + prec if prec is not None else "")
            if conv == "c":
                if v is None:
                    s = ""
                elif type(v) is float:
                    s = chr(int(v) & 0xFF)
                else:
                    s = v[:1]
                out.append(("%" + flags + (width or "") + "s") % s)
            elif conv == "s":
                out.append((spec + "s") % ("" if v is None else self.tostr(v)))
            elif conv in "di":
                n = to_num(v) if v is not None else 0.0
                if not math.isfinite(n):
                    out.append(("%" + flags + (width or "") + "s") % num_str(n, "%g"))
                else:
                    out.append((spec + "d") % math.trunc(n))
            elif conv in "ouxX":
                n = to_num(v) if v is not None else 0.0
                iv = math.trunc(n) if math.isfinite(n) else 0
                if iv < 0:
                    iv &= (1 << 64) - 1
                out.append((spec + conv.replace("u", "d")) % iv)
            else:
                n = to_num(v) if v is not None else 0.0
                out.append((spec + conv) % n)
        out.append(fmt[pos:])
        return "".join(out)

    # input
    def records(self, data: str):
        rs = self.tostr(self.g["RS"])
        if rs == "\n":
            recs = data.split("\n")
            if recs and recs[-1] == "":
                recs.pop()
            return recs
        if rs == "":
            return [r for r in re.split(r"\n\n+", data.strip("\n")) if r] if data.strip("\n") else []
        if len(rs) == 1:
            recs = data.split(rs)
        else:
            recs = rx_split(self.regex(rs), data)
        if recs and recs[-1] in ("", "\n"):
            recs.pop()
        return recs

    def _read(self, name: str) -> str:
        ctx = self.ctx
        if name in ("-", "/dev/stdin"):
            data = ctx.stdin.read()
        else:
            f = ctx.sys.open(ctx.path(_u8(name)), "r", ctx.task)
            try:
                chunks = []
                while True:
                    b = f.read(1 << 17)
                    if not b:
                        break
                    chunks.append(b)
                data = b"".join(chunks)
            finally:
                f.close()
        return data.decode("latin-1")

    def read_file_record(self, name: str):
        r = self.readers.get(name)
        if r is None:
            try:
                r = iter(self.records(self._read(name)))
            except OSError:
                return False
            self.readers[name] = r
        return next(r, None)

    def main_records(self, operands: list[str]):
        """Yield records of the main input (ARGV files, assignments, stdin)."""
        g = self.g
        argv = g["ARGV"]
        used_file = False
        i = 1
        while i < int(to_num(g["ARGC"])):
            arg = argv.get(str(i), UNINIT)
            i += 1
            if arg == "":
                continue
            m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)\Z", arg, re.S)
            if m:
                g[m.group(1)] = strnum(unescape(m.group(2)))
                continue
            used_file = True
            yield from self._file_records(arg)
        if not used_file:
            yield from self._file_records("-")

    def _file_records(self, name: str):
        self.g["FILENAME"] = name if name != "-" else ""
        self.g["FNR"] = 0.0
        try:
            data = self._read(name)
        except OSError as e:
            self.out.flush()
            err(self.ctx, f"awk: cannot open \"{_u8(name)}\" ({strerror(e)})")
            self.exit_code = 2
            return
        for rec in self.records(data):
            if self.skip_file:
                self.skip_file = False
                return
            yield rec

    skip_file = False

    def next_main_record(self):
        if self.main_iter is None:
            return None
        return next(self.main_iter, None)


def _l1(s: str) -> str:
    return s.encode("utf-8", "surrogateescape").decode("latin-1")


def _u8(s: str) -> str:
    return s.encode("latin-1", "replace").decode("utf-8", "surrogateescape")


# --- the command ----------------------------------------------------------------------

def run_awk(ctx: "CommandContext", src: str, operands: list[str],
            assigns: list[tuple[str, str]], fs: str | None) -> int:
    try:
        prog = _compile_program(src)
    except AwkError as e:
        err(ctx, f"awk: {e}")
        return 2
    rt = Runtime(ctx, prog)
    if fs is not None:
        rt.g["FS"] = "\t" if fs == "t" else unescape(fs)
    for k, v in assigns:
        rt.g[k] = strnum(unescape(v))
    rt.g["ARGV"] = {str(i): strnum(a) for i, a in enumerate(["awk"] + operands)}
    rt.g["ARGC"] = float(len(operands) + 1)
    code = 0
    exiting = False
    rt.main_iter = rt.main_records(operands)
    try:
        try:
            for b in prog.begin:
                b(rt)
            if prog.needs_input:
                _main_loop(rt)
        except _Exit as e:
            code = e.code
            exiting = True
        except (_Next, _NextFile):
            raise AwkError("next used in BEGIN or END action") from None
        try:
            rt.exit_code = code if exiting else rt.exit_code
            for b in prog.end:
                b(rt)
        except _Exit as e:
            code = e.code
            exiting = True
    except AwkError as e:
        rt.out.flush()
        err(ctx, f"awk: run time error: {e}")
        rt.close_all()
        return 2
    except (_Break, _Continue, _Return):
        rt.out.flush()
        err(ctx, "awk: break, continue or return outside a loop or function")
        return 2
    rt.out.flush()
    rt.close_all()
    return code if exiting else rt.exit_code


def _main_loop(rt: Runtime) -> None:
    rules = rt.prog.rules
    g = rt.g
    nr = 0.0
    for rec in rt.main_iter:
        nr = to_num(g["NR"]) + 1.0
        g["NR"] = nr
        g["FNR"] = to_num(g["FNR"]) + 1.0
        rt.record = rec
        rt.fields = None
        rt.rec_fs = g["FS"]
        try:
            for k, (pat, action) in enumerate(rules):
                if pat is None:
                    hit = True
                elif type(pat) is tuple:
                    if rt.range_active.get(k):
                        hit = True
                        if pat[2](rt):
                            rt.range_active[k] = False
                    elif pat[1](rt):
                        hit = True
                        rt.range_active[k] = not pat[2](rt)
                    else:
                        hit = False
                else:
                    hit = pat(rt)
                if hit:
                    if action is None:
                        rt.out.write((rt.get_record() + rt.tostr(g["ORS"])).encode("latin-1", "replace"))
                    else:
                        action(rt)
        except _Next:
            continue
        except _NextFile:
            rt.skip_file = True
            continue


@command("awk", "gawk", "mawk", "nawk", usage_status=2,
         usage="[POSIX or GNU style options] -f progfile [--] file ...\n"
               "Usage: awk [POSIX or GNU style options] [--] 'program' file ...")
def cmd_awk(ctx: "CommandContext") -> int:
    """``awk [-F FS] [-v var=val]... [-f progfile | 'program'] [file | var=val]...``."""
    opts, args = getopt(ctx.argv[1:], "F:v:f:", {"field-separator=": "F", "assign=": "v",
                                                 "file=": "f"}, permute=False)
    fs = None
    assigns = []
    progs = []
    for o, v in opts:
        if o == "F":
            fs = _l1(v)
        elif o == "v":
            name, eq, val = v.partition("=")
            if not eq or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                err(ctx, f"awk: fatal: `{v}' is not a legal variable name")
                return 2
            assigns.append((_l1(name), _l1(val)))
        elif o == "f":
            try:
                data = ctx.sys.read(ctx.path(v), ctx.task) if v != "-" else ctx.stdin.read().decode()
            except OSError as e:
                err(ctx, f"awk: fatal: can't open source file `{v}' for reading: {strerror(e)}")
                return 2
            progs.append(data)
    if not progs:
        if not args:
            raise UsageError("")
        progs.append(args[0])
        args = args[1:]
    src = _l1("\n".join(progs))
    return run_awk(ctx, src, [_l1(a) for a in args], assigns, fs)

