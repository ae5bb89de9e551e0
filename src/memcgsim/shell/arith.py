"""Bash integer arithmetic (``$(( ))``, ``(( ))``, ``for ((;;))``, ``let``).

Expressions compile once into closures over a variable accessor; 64-bit signed
wrap-around, C division and remainder, bash's operator precedence.
"""
from __future__ import annotations

import re
from typing import Callable, Protocol

from ..lazyimport import LazyPattern

_M64 = 1 << 64
_S64 = 1 << 63


class ArithError(Exception):
    """An expression's error: bash's message and error token; ``upto``: where
    the expression bash prints is cut (a number's end: readtok ends the text
    there while ``strlong`` reads it); ``expr``: the expression it arose in
    when that is a variable's value evaluated inside another (expr.c's
    ``expression`` is then that value's text), None for the whole one."""
    def __init__(self, msg: str, token: str = "", upto: int | None = None):
        super().__init__(msg)
        self.msg = msg
        self.token = token
        self.upto = upto
        self.expr: str | None = None


class _TooDeep(ArithError):
    """``pushexp`` refused a value's evaluation: ``MAX_EXPR_RECURSION_LEVEL``
    expressions are being evaluated already. ``token`` is the variable's name,
    which the expression that names it turns into bash's error token."""


class SubscriptError(ArithError):
    """An error evaluating an array element's subscript inside an expression:
    ``array_expand_index`` evaluates ``text`` on its own (no command name before
    it) and abandons the command line (``jump_to_top_level``)."""
    def __init__(self, e: ArithError, text: str):
        super().__init__(e.msg, e.token, e.upto)
        self.text = text
        self.expr = e.expr


class Vars(Protocol):
    def get(self, name: str) -> str | None: ...
    def setvar(self, name: str, value: str) -> None: ...
    def get_array(self, name: str, default: dict | None = None) -> dict | None: ...
    def assign_element(self, name: str, idx, value: str, append: bool = False) -> None: ...

# A variable an expression names is ``NAME``, or ``(NAME, SUBSCRIPT)`` for an
# array element ``NAME[SUBSCRIPT]`` (an indexed array's subscript an expression,
# an associative array's a key).


def wrap(v: int) -> int:
    if -_S64 <= v < _S64:
        return v
    return ((v + _S64) % _M64) - _S64


_TOKEN = LazyPattern(r"""
    \s*(?:
      (?P<num>\d[0-9a-zA-Z#@_]*)
     |(?P<name>[A-Za-z_][A-Za-z0-9_]*)
     |(?P<op><<=|>>=|\*\*|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||\+=|-=|\*=|/=|%=|&=|\^=|\|=|[-+*/%<>=!~&^|?:,()])
    )""", re.VERBOSE)

_BINARY = {  # op: (precedence, right-assoc)
    ",": (1, False),
    "||": (4, False), "&&": (5, False), "|": (6, False), "^": (7, False), "&": (8, False),
    "==": (9, False), "!=": (9, False),
    "<": (10, False), ">": (10, False), "<=": (10, False), ">=": (10, False),
    "<<": (11, False), ">>": (11, False),
    "+": (12, False), "-": (12, False),
    "*": (13, False), "/": (13, False), "%": (13, False),
    "**": (14, True),
}
_ASSIGN = frozenset(("=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="))

Fn = Callable[[Vars], int]


def _parse_num(s: str) -> int:
    """expr.c ``strlong``: a constant as ``readtok`` took it (a digit, then letters,
    digits, ``#``, ``@``, ``_``): 0x hex, 0 octal, BASE#DIGITS (2..64), else decimal;
    a digit beyond the base is "value too great for base"."""
    if s.isdigit() and s[0] != "0":
        return wrap(int(s))
    base = 10
    found = False
    i = 0
    if s[0] == "0":
        if len(s) == 1:
            return 0
        i = 1
        if s[1] in "xX":
            base, i = 16, 2
        else:
            base = 8
        found = True
    v = 0
    while i < len(s):
        c = s[i]
        i += 1
        if c == "#":
            if found:
                raise ArithError("invalid number", s)
            if not 2 <= v <= 64:
                raise ArithError("invalid arithmetic base", s)
            base, v, found = v, 0, True
            if i >= len(s) or not (s[i].isalnum() or s[i] in "@_"):
                raise ArithError("invalid integer constant", s)
            continue
        if "0" <= c <= "9":
            d = ord(c) - 48
        elif "a" <= c <= "z":
            d = ord(c) - 87
        elif "A" <= c <= "Z":
            d = ord(c) - (55 if base <= 36 else 29)
        elif c == "@":
            d = 62
        else:
            d = 63
        if d >= base:
            raise ArithError("value too great for base", s)
        v = v * base + d
    return wrap(v)


def _element(vs: Vars, ref: tuple, depth: int = 0) -> tuple[dict | None, object]:
    """The array ``ref`` names and the element's index (evaluated: expr.c
    ``expr_streval`` → ``array_expand_index``; a negative one counted from the
    end) or key."""
    name, sub = ref
    arr = vs.get_array(name)
    if arr is not None and type(arr) is not dict:      # an associative array
        return arr, sub
    try:
        idx = _eval_text(vs, sub, depth + 1) if sub.strip() else 0
    except SubscriptError:
        raise
    except ArithError as e:
        raise SubscriptError(e, sub) from None
    if idx < 0:
        idx += (max(arr) if arr else -1) + 1
        if idx < 0:
            raise ArithError("bad array subscript", f"{name}[{sub}]")
    return arr, idx


def ref_text(ref) -> str:
    """How an error names the variable ``ref``."""
    return ref if type(ref) is str else f"{ref[0]}[{ref[1]}]"


def set_ref(vs: Vars, ref, value: str) -> None:
    """Assign ``value`` to the variable or element ``ref``."""
    if type(ref) is str:
        vs.setvar(ref, value)
        return
    _, idx = _element(vs, ref)
    vs.assign_element(ref[0], idx, value)


def value_of(vs: Vars, name, depth: int = 0) -> int:
    """Integer value of a variable (or an array element, ``name`` a pair): empty
    or unset is 0, otherwise its text evaluated. An unset variable under bash's
    ``set -u`` is ``err_unboundvar`` and the end of the script (expr.c
    ``expr_streval``: ``jump_to_top_level (FORCE_EOF)``; an array's missing
    element is not, the array is set)."""
    if type(name) is str:
        v = vs.get(name)
        if v is None and getattr(vs, "nounset", False) and getattr(vs, "ash", None) is None:
            vs.unset_value(name)        # type: ignore[attr-defined]
    else:
        arr, idx = _element(vs, name, depth)
        v = arr.get(idx) if arr else None
    if not v:
        return 0
    if v.isdigit() and (v[0] != "0" or len(v) == 1):
        return wrap(int(v))
    if v[0] == "-" and v[1:].isdigit() and v[1:2] != "0":
        return wrap(int(v))
    return _eval_text(vs, v.strip(), depth + 1, ref_text(name))


#: expr.c ``MAX_EXPR_RECURSION_LEVEL``: expressions evaluated inside one another
#: (a variable's value, an element's subscript: ``subexpr`` → ``pushexp``), the
#: command's own the first
MAX_EXPR_RECURSION_LEVEL = 1024
#: how many values' or subscripts' evaluations are under way (``expr_depth``
#: less the command's own expression); an evaluation never yields
_nested = [0]


def _eval_text(vs: Vars, text: str, depth: int, name: str = "") -> int:
    """``text``, a variable's value or a subscript, evaluated inside the
    expression that named it (expr.c ``expr_streval`` → ``evalexp`` →
    ``subexpr``): ``pushexp`` refuses it past ``MAX_EXPR_RECURSION_LEVEL``
    (bash 5.2.15: ``a=b b=a; ((a))`` prints ``((: b: expression recursion level
    exceeded (error token is "b")``: the expression evaluating when the limit
    was met, from the name on). An error names the expression it arose in
    (``ArithError.expr``: ``x='1+'; echo $((x))`` prints ``1+: syntax error``)."""
    n = _nested[0]
    if n + 1 >= MAX_EXPR_RECURSION_LEVEL:
        raise _TooDeep("expression recursion level exceeded", name)
    _nested[0] = n + 1
    try:
        return compile_arith(text)(vs)
    except ArithError as e:
        if e.expr is None:
            e.expr = text
            if type(e) is _TooDeep:
                at = text.find(e.token)
                e.token = text[at:] if at >= 0 else e.token
        raise
    finally:
        _nested[0] = n


class _Parser:
    def __init__(self, text: str, eager: bool = False):
        self.text = text
        #: every operand evaluated, its side effects kept (busybox's math.c: no
        #: short-circuit of ``&&``, ``||`` or ``?:``)
        self.eager = eager
        self.toks: list[tuple[str, str, int]] = []
        pos = 0
        n = len(text)
        while pos < n:
            if text[pos:].strip() == "":
                break
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                # expr.c readtok: a character no token starts with is "operand
                # expected" at the start or after an operator (``curtok`` 0,
                # ``_is_arithop`` or ``_is_multiop``), after a number or name
                # "invalid arithmetic operator" (a post-increment's ``curtok`` is NUM)
                rest = text[pos:].lstrip()
                toks = self.toks
                after_operand = toks and (toks[-1][0] != "op" or toks[-1][1] in ("++", "--")
                                          and len(toks) > 1 and toks[-2][0] == "name")
                raise ArithError("syntax error: invalid arithmetic operator" if after_operand
                                 else "syntax error: operand expected", rest)
            kind = m.lastgroup
            val: object = m.group(kind)
            pos = m.end()
            if val in ("++", "--") and kind == "op" and not (self.toks and self.toks[-1][0] == "name"):
                # expr.c readtok: a pre-increment only before an identifier (blanks
                # between), else one sign and the other read again (``--0x1f``)
                j = pos
                while j < n and text[j] in " \t\n\r":
                    j += 1
                if not (j < n and text[j].isascii() and (text[j].isalpha() or text[j] == "_")):
                    val = val[0]
                    pos -= 1
            if kind == "name" and text.startswith("[", pos):
                # NAME[SUBSCRIPT] (expr.c readtok: the subscript up to its ``]``)
                depth, j = 0, pos
                while j < n:
                    if text[j] == "[":
                        depth += 1
                    elif text[j] == "]":
                        depth -= 1
                        if depth == 0:
                            break
                    j += 1
                if j >= n:
                    raise ArithError("bad array subscript", text[m.start(kind):])
                val = (val, text[pos + 1:j])
                pos = j + 1
            self.toks.append((kind, val, m.start(kind)))  # type: ignore[arg-type]
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def rest(self) -> str:
        """The error token: the text from the token at hand to the end (expr.c
        ``evalerror``'s ``lasttp``); at the end, from the last token read."""
        t = self.peek()
        if t is None:
            t = self.toks[self.i - 1] if self.i else None
        return self.text[t[2]:] if t else ""

    def take(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, op: str) -> None:
        t = self.peek()
        if t is None or t[1] != op:
            raise ArithError("syntax error in expression", self.rest())
        self.i += 1

    def parse(self) -> Fn:
        if not self.toks:
            return lambda vs: 0
        f = self.expr(0)
        if self.peek() is not None:
            raise ArithError("syntax error in expression", self.rest())
        return f

    def expr(self, minp: int) -> Fn:
        left = self.unary()
        terms: list | None = None       # the terms of the sum ``left`` is, if it is one
        terms_fn = None
        while True:
            t = self.peek()
            if t is None or t[0] != "op":
                if t is not None:
                    raise ArithError("syntax error in expression", self.rest())
                return left
            op = t[1]
            if op in _ASSIGN:
                if minp > 2:
                    return left
                name = getattr(left, "varname", None)
                if name is None:
                    raise ArithError("attempted assignment to non-variable", self.rest())
                self.i += 1
                right = self.expr(2)
                left = _assign(name, op, right)
                continue
            if op == "?":
                if minp > 3:
                    return left
                self.i += 1
                a = self.expr(1)
                self.expect(":")
                b = self.expr(3)
                c = left
                left = ((lambda c, a, b: lambda vs: (lambda cv, av, bv: av if cv else bv)(c(vs), a(vs), b(vs)))
                        if self.eager else (lambda c, a, b: lambda vs: a(vs) if c(vs) else b(vs)))(c, a, b)
                continue
            info = _BINARY.get(op)
            if info is None:
                return left
            prec, right_assoc = info
            if prec < minp:
                return left
            self.i += 1
            # the error token of a division by 0; taken only for them (a copy of
            # the text's rest at every operator made a long sum quadratic)
            rest = self.rest() if op in ("/", "%") else ""
            right = self.expr(prec if right_assoc else prec + 1)
            if op == "**":
                rest = self.rest()      # exppower's error: the token after its operand
            if op in ("+", "-"):
                if terms is not None and left is terms_fn:
                    terms.append((op == "-", right))
                    continue
                terms = [(op == "-", right)]
                left = terms_fn = _sum(left, terms)
                continue
            if self.eager and op in ("&&", "||"):
                left = _eager_logic(op == "&&", left, right)
                continue
            left = _binary(op, left, right, rest)

    def unary(self) -> Fn:
        t = self.peek()
        if t is None:
            raise ArithError("syntax error: operand expected", self.rest())
        kind, val, _ = t
        if kind == "op":
            if val in ("++", "--"):
                self.i += 1
                nt = self.peek()
                if nt is None or nt[0] != "name":
                    raise ArithError("syntax error: operand expected", self.rest())
                self.i += 1
                name = nt[1]
                d = 1 if val == "++" else -1

                def pre(vs, name=name, d=d):
                    v = wrap(value_of(vs, name) + d)
                    set_ref(vs, name, str(v))
                    return v
                return pre
            if val in ("-", "+", "!", "~"):
                self.i += 1
                f = self.unary()
                if val == "-":
                    return lambda vs: wrap(-f(vs))
                if val == "+":
                    return f
                if val == "!":
                    return lambda vs: 0 if f(vs) else 1
                return lambda vs: ~f(vs)
            if val == "(":
                self.i += 1
                f = self.expr(0)
                self.expect(")")
                return f
            raise ArithError("syntax error: operand expected", self.rest())
        self.i += 1
        if kind == "num":
            try:
                v = _parse_num(val)
            except ArithError as e:
                e.upto = t[2] + len(val)
                raise
            return lambda vs: v
        name = val
        nt = self.peek()
        if nt is not None and nt[1] in ("++", "--"):
            self.i += 1
            d = 1 if nt[1] == "++" else -1

            def post(vs, name=name, d=d):
                v = value_of(vs, name)
                set_ref(vs, name, str(wrap(v + d)))
                return v
            return post

        def var(vs, name=name):
            return value_of(vs, name)
        var.varname = name  # type: ignore[attr-defined]
        return var


def _div(a: int, b: int, text: str) -> int:
    if b == 0:
        raise ArithError("division by 0", text)
    q = abs(a) // abs(b)
    return wrap(q if (a >= 0) == (b >= 0) else -q)


def _mod(a: int, b: int, text: str) -> int:
    if b == 0:
        raise ArithError("division by 0", text)
    r = abs(a) % abs(b)
    return r if a >= 0 else -r


def _pow(a: int, b: int, text: str = "") -> int:
    if b < 0:
        raise ArithError("exponent less than 0", text)
    return wrap(pow(a, b, _M64)) if b > 64 else wrap(a ** b)


def _sum(first: Fn, terms: list) -> Fn:
    """``a + b - c ...``: evaluated left to right, wrapped at each step, as the
    nested ``_binary`` closures would be, but in a loop (bash's ``expaddsub``
    loops too), so a sum of thousands of terms does not recurse as deep."""
    def f(vs):
        v = first(vs)
        for neg, t in terms:
            v = wrap(v - t(vs)) if neg else wrap(v + t(vs))
        return v
    return f


def _binary(op: str, l: Fn, r: Fn, text: str) -> Fn:
    if op == "+":
        return lambda vs: wrap(l(vs) + r(vs))
    if op == "-":
        return lambda vs: wrap(l(vs) - r(vs))
    if op == "*":
        return lambda vs: wrap(l(vs) * r(vs))
    if op == "/":
        return lambda vs: _div(l(vs), r(vs), text)
    if op == "%":
        return lambda vs: _mod(l(vs), r(vs), text)
    if op == "**":
        return lambda vs: _pow(l(vs), r(vs), text)
    if op == "<<":
        return lambda vs: wrap(l(vs) << (r(vs) & 63))
    if op == ">>":
        return lambda vs: l(vs) >> (r(vs) & 63)
    if op == "<":
        return lambda vs: int(l(vs) < r(vs))
    if op == ">":
        return lambda vs: int(l(vs) > r(vs))
    if op == "<=":
        return lambda vs: int(l(vs) <= r(vs))
    if op == ">=":
        return lambda vs: int(l(vs) >= r(vs))
    if op == "==":
        return lambda vs: int(l(vs) == r(vs))
    if op == "!=":
        return lambda vs: int(l(vs) != r(vs))
    if op == "&":
        return lambda vs: wrap(l(vs) & r(vs))
    if op == "|":
        return lambda vs: wrap(l(vs) | r(vs))
    if op == "^":
        return lambda vs: wrap(l(vs) ^ r(vs))
    if op == "&&":
        return lambda vs: int(bool(l(vs)) and bool(r(vs)))
    if op == "||":
        return lambda vs: int(bool(l(vs)) or bool(r(vs)))
    if op == ",":
        return lambda vs: (l(vs), r(vs))[1]
    raise ArithError("syntax error in expression", op)


_ASSIGN_OPS = {"+=": "+", "-=": "-", "*=": "*", "/=": "/", "%=": "%", "<<=": "<<", ">>=": ">>",
               "&=": "&", "^=": "^", "|=": "|"}


def _assign(name, op: str, right: Fn) -> Fn:
    """``NAME op= EXPR`` (``NAME`` a variable or an element: :data:`Ref`)."""
    if op == "=":
        def set_(vs):
            v = right(vs)
            set_ref(vs, name, str(v))
            return v
        return set_
    bop = _binary(_ASSIGN_OPS[op], lambda vs: value_of(vs, name), right, ref_text(name))

    def upd(vs):
        v = bop(vs)
        set_ref(vs, name, str(v))
        return v
    return upd


_CACHE: dict[str, Fn] = {}


def _eager_logic(conj: bool, left: Fn, right: Fn) -> Fn:
    """``&&`` (``conj``) or ``||`` with both operands evaluated (busybox's)."""
    if conj:
        return lambda vs: (lambda x, y: int(bool(x) and bool(y)))(left(vs), right(vs))
    return lambda vs: (lambda x, y: int(bool(x) or bool(y)))(left(vs), right(vs))


def compile_arith(text: str, eager: bool = False) -> Fn:
    """Compile ``text`` (already expanded) to a function of the variable accessor;
    ``eager``: busybox's evaluation, every operand's side effects kept."""
    key = "\0eager\0" + text if eager else text
    f = _CACHE.get(key)
    if f is None:
        f = _Parser(text, eager).parse()
        if len(_CACHE) > 8192:
            _CACHE.clear()
        _CACHE[key] = f
    return f
