"""awk tokenizer and recursive-descent parser: program text -> tuple AST."""
from __future__ import annotations

import re
from typing import Any

from .awk_values import AwkError, bb_strtod

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
|(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
|(?P<str>"(?:[^"\\\n]|\\.)*")
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


def _runaway(what: str, text: str, line: int) -> str:
    """mawk scan.c's message for a string or regular expression a newline or the
    program's end cuts: ``line N: runaway string constant "%.10s ...``."""
    return f"line {line}: runaway {what}{text[:10]} ..."


def tokenize(src: str, busybox: bool = False) -> list[tuple[str, Any, int]]:
    """The program's tokens. A number is mawk's decimal (scan.c ``collect_decimal``:
    ``0x10`` is 0 then the name ``x10``) or busybox's ``my_strtod`` (hexadecimal and
    octal integers; a ``.`` right after one is ``Unexpected token``)."""
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
                    raise AwkError(_runaway("regular expression /", src[i + 1:j], line))
                if in_br:
                    if d == "]" and not (src[j - 1] == "[" or src[j - 2:j] == "[^"):
                        in_br = False
                elif d == "[":
                    in_br = True
                elif d == "/":
                    break
                j += 1
            if j >= n:
                raise AwkError(_runaway("regular expression /", src[i + 1:j], line))
            toks.append(("ERE", src[i + 1:j], line))
            prev = "ERE"
            i = j + 1
            continue
        m = _TOK.match(src, i)
        if not m:
            if c == '"':
                raise AwkError(_runaway('string constant "', src[i + 1:].split("\n", 1)[0], line))
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
            if busybox:
                v, end = bb_strtod(src, m.start())
                if src[end:end + 1] == ".":
                    raise AwkError(f"syntax error at source line {line}: number")
                i = end
            else:
                v = float(text)
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
    def __init__(self, src: str, busybox: bool = False):
        self.toks = tokenize(src, busybox)
        self.i = 0
        self.begin: list = []
        self.end: list = []
        self.rules: list = []  # (pattern | None | ('range', p1, p2), action | None)
        self.funcs: dict[str, tuple[list[str], Any]] = {}
        self.params: list[str] | None = None
        #: the functions called, in the order of their first call
        self.called: dict[str, None] = {}
        #: the program's newlines (mawk names the line past its end: fcall.c)
        self.newlines = src.count("\n")

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
            self.error(kind)
        return self.advance()

    def error(self, expected: str | None = None):
        """mawk's first message for a syntax error (parse.y ``yyerror``): ``line N:
        syntax error at or near TOKEN``, ``missing ) near TOKEN``, or at the end
        inside a brace ``missing } near end of file`` on the line past the last."""
        t = self.toks[self.i]
        kind, line = t[0], t[2]
        if kind == "EOF" and expected != ")":
            opened = sum((k == "{") - (k == "}") for k, _, _ in self.toks)
            if opened > 0:
                raise AwkError(f"line {line + 1}: missing }} near end of file", line)
        if kind in ("EOF", "NEWLINE"):
            near = "end of line"
        elif kind == "NUMBER":
            near = "%.6g" % t[1]
        else:
            near = kind if t[1] is None else t[1]
        raise AwkError(f"line {line}: missing ) near {near}" if expected == ")"
                       else f"line {line}: syntax error at or near {near}",
                       line + 1 if kind == "NEWLINE" else None)   # busybox: past the newline

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
            self.called.setdefault(t[1])
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
