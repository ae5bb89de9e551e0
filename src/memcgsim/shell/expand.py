"""Words: compiled once from raw source text, expanded as bash does.

Order as in bash: brace expansion (at compile time, it is purely syntactic),
then tilde, parameter, arithmetic and command substitution, word splitting on
IFS, pathname expansion over the simulated filesystem, quote removal.

Expansion is written once as generators (a command substitution may let
simulated time pass); words without command substitution are run through
:func:`run_sync`, and constant words skip expansion altogether.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Generator

from ..lazyimport import LazyPattern
from .arrays import max_index
from . import ash
from .assoc import Assoc
from .flow import ForceEOF
from .pattern import compile_pattern, has_glob
from .scan import ParseError, Scan, Unsupported, ash_bad_param, ash_nul_word, is_name

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell
    from .parser import Src

GLOB_CHARS = frozenset("*?[")


SPECIAL_PARAMS = frozenset("@*#?$!-0123456789")
#: ``#name[sub]`` or ``!name[sub]`` (groups: #, !, name, sub)
_SUBSCRIPTED = LazyPattern(r"(#)?(!)?([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]", re.S)


class ExpansionError(Exception):
    """A fatal expansion error (bash prints it and, non-interactive, abandons the command)."""

    def __init__(self, msg: str):
        super().__init__(msg)
        self.msg = msg
        #: the message's ``NAME: line N: `` where it arose, when that is not where
        #: it is reported (a function's: ``Shell.call_function``)
        self.where: str | None = None
        #: printed already (``time``'s report follows the message: nodes.Timed)
        self.shown = False


# -- word parts ------------------------------------------------------------------------
class Lit:
    __slots__ = ("text", "quoted")

    def __init__(self, text: str, quoted: bool):
        self.text = text
        self.quoted = quoted


class Param:
    """``$name``/``${name...}``; ``sub`` is an array subscript: "@", "*" or the
    index expression's Word."""
    __slots__ = ("name", "op", "arg", "arg2", "quoted", "blocking", "sub")

    def __init__(self, name: str, op: str = "", arg: "Word | None" = None, quoted: bool = False,
                 arg2: "Word | None" = None, sub=None):
        self.name = name
        self.op = op
        self.arg = arg
        self.arg2 = arg2
        self.quoted = quoted
        self.sub = sub
        self.blocking = bool((arg and arg.blocking) or (arg2 and arg2.blocking)
                             or (type(sub) is Word and sub.blocking))


class CmdSub:
    """A command substitution; ``parses``: how often the parent parses its text
    again as it expands the word (shell/dolparen.py): a backquoted command never,
    a ``$(...)`` once (subst.c ``param_expand``: ``extract_command_subst``), twice
    inside double quotes (``string_extract_double_quoted`` skips it with
    ``extract_command_subst`` before the quoted text is expanded)."""
    __slots__ = ("node", "quoted", "parses")
    blocking = True

    def __init__(self, node, quoted: bool, parses: int = 0):
        self.node = node
        self.quoted = quoted
        self.parses = parses


class ProcSub:
    """``<(LIST)``: LIST's output, read through ``/dev/fd/N``; ``>(LIST)``
    (``out``): LIST's input, written through it."""
    __slots__ = ("node", "quoted", "out")
    blocking = True

    def __init__(self, node, quoted: bool, out: bool = False):
        self.node = node
        self.quoted = quoted
        self.out = out


class Arith:
    __slots__ = ("expr", "quoted", "blocking")

    def __init__(self, expr: "Word", quoted: bool):
        self.expr = expr
        self.quoted = quoted
        self.blocking = expr.blocking


class Word:
    """A compiled word. ``const`` is its expansion when it has no expansions."""

    __slots__ = ("parts", "alts", "const", "blocking", "raw", "assign_like", "fast", "simple")

    def __init__(self, parts: list, raw: str, alts: "list[Word] | None" = None, assign_like: bool = False):
        self.parts = parts
        self.alts = alts
        self.raw = raw
        self.assign_like = assign_like
        if alts is not None:
            self.blocking = any(a.blocking for a in alts)
            consts = [a.const for a in alts]
            self.const = None if any(c is None for c in consts) else [f for c in consts for f in c]
            self.fast = None
            self.simple = False
            return
        if len(parts) > 1 and any(type(p) is not Lit or p.text for p in parts if p.quoted):
            # "" markers only matter when nothing else quoted makes the field exist
            parts = self.parts = [p for p in parts if type(p) is not Lit or p.text or not p.quoted]
        self.blocking = any(getattr(p, "blocking", False) for p in parts)
        self.const = None
        self.fast = None
        self.simple = all(type(p) is Lit or (type(p) is Param and not p.op and p.name not in "@*"
                                              and p.sub is None)
                          for p in parts)
        if all(type(p) is Lit for p in parts):
            text = "".join(p.text for p in parts)
            if not any(not p.quoted and has_glob(p.text) for p in parts):
                self.const = [text] if (text or any(p.quoted for p in parts)) else []
        elif (len(parts) == 1 and type(parts[0]) is Param and not parts[0].op
              and parts[0].name not in "@*" and parts[0].sub is None):
            self.fast = parts[0]

    def __repr__(self) -> str:
        return f"Word({self.raw!r})"


# -- compilation ------------------------------------------------------------------------
def compile_word(src: "Src", start: int, end: int, *, assign_like: bool = False,
                 assign_value: bool = False, arith: bool = False, heredoc: bool = False,
                 cond: bool = False) -> Word:
    """Compile ``src.text[start:end]``.

    ``arith``/``heredoc``: the text is an arithmetic expression / a here-document
    body (expansions, no quote removal of ``'`` ...; an arithmetic expression's
    double quotes removed: :meth:`Lexer.lex`'s "arith"). ``assign_value``: right side
    of an assignment (no brace expansion). ``assign_like``: an argument of
    ``local``/``export`` (no splitting if it looks like an assignment). ``cond``:
    an operand of ``[[ ]]`` (no brace expansion: cond_expand_word).
    """
    raw = src.text[start:end]
    if not (assign_value or arith or heredoc or cond) and "{" in raw and not src.ash:
        alts = brace_expand(raw)
        if len(alts) > 1 or alts[0] != raw:
            from .parser import Src as _Src
            line = src.line(start)
            words = [compile_word(_Src(a, line), 0, len(a), assign_like=assign_like, assign_value=True)
                     if _LEXED.intersection(a) else _plain_word(a, assign_like) for a in alts]
            return Word([], raw, alts=words, assign_like=assign_like)
    lx = Lexer(src, end)
    mode = "arith" if arith else "heredoc" if heredoc else "word"
    parts = lx.lex(start, end, mode)
    if not (arith or heredoc or assign_value) and parts and type(parts[0]) is Lit and not parts[0].quoted \
            and parts[0].text.startswith("~"):
        parts = _tilde(parts)
    elif assign_value and parts and type(parts[0]) is Lit and not parts[0].quoted and parts[0].text.startswith("~"):
        parts = _tilde(parts)
    w = Word(parts, raw, assign_like=assign_like and _looks_assign(raw))
    if src.marks is not None and not (arith or heredoc or cond) and any(
            type(p) is Lit and not p.quoted and _EXTGLOB.search(p.text) for p in parts):
        # a word with an extglob group ``@(..)``: bash reads it only with
        # ``extglob`` set as it parses the command (nodes.Seq.check_unit)
        src.mark(start, "extglob", "(")
    return w


_EXTGLOB = LazyPattern(r"[?*+@!]\(")
#: characters the lexer treats specially in an alternative of a brace expansion
#: (quotes, escapes, expansions, process substitution, tilde, extglob groups)
_LEXED = frozenset("\\'\"$`<>(~")


def _plain_word(text: str, assign_like: bool) -> Word:
    """``compile_word`` of an alternative with none of the characters of
    ``_LEXED``: one unquoted literal (none if empty), as the lexer makes it; the
    fields ``Word.__init__`` gives such a word, set directly (``range{1..500}``
    makes 500 of them at parse)."""
    w = _new_word(Word)
    w.parts = [Lit(text, False)] if text else []
    w.alts = None
    w.raw = text
    w.assign_like = assign_like and _looks_assign(text)
    w.blocking = False
    w.const = None if has_glob(text) else [text] if text else []
    w.fast = None
    w.simple = True
    return w


_new_word = object.__new__


def _looks_assign(raw: str) -> bool:
    eq = raw.find("=")
    return eq > 0 and is_name(raw[:eq].rstrip("+"))


def _tilde(parts: list) -> list:
    first = parts[0].text
    slash = first.find("/")
    head = first if slash < 0 else first[:slash]
    if head == "~" and (slash >= 0 or len(parts) == 1 or getattr(parts[1], "quoted", False) is False):
        rest = first[1:]
        out = [Param("HOME", quoted=True)]
        if rest:
            out.append(Lit(rest, False))
        return out + parts[1:]
    if head == "~root":
        return [Lit("/root" + first[len(head):], True)] + parts[1:]
    return parts


class Lexer:
    """Splits raw word text into parts."""

    def __init__(self, src: "Src", end: int):
        self.src = src
        self.text = src.text
        self.scan = Scan(src.text, end)
        #: how deep in ``${...}`` words the lexer is; ``cut``: the word ends here
        #: (:meth:`ash_nul`)
        self.nest = 0
        self.cut = False

    def lex(self, i: int, end: int, mode: str) -> list:
        """``mode``: "word" (unquoted), "dq" (inside double quotes), "heredoc",
        "arith" (an arithmetic expression, subscript or substring offset: bash
        5.2's ``expand_arith_string`` with ``Q_DOUBLE_QUOTES|Q_ARITH``, a
        here-document's expansions but double quotes removed, their text
        expanded as a double-quoted word's: subst.c ``expand_word_internal``'s
        ``'"'`` case, ``$(( "3" + 1 ))`` is 4; single quotes stay)."""
        t = self.text
        parts: list = []
        buf: list[str] = []
        quoted = mode != "word"

        def flush(q: bool) -> None:
            if buf:
                s = "".join(buf)
                buf.clear()
                if parts and type(parts[-1]) is Lit and parts[-1].quoted == q:
                    parts[-1] = Lit(parts[-1].text + s, q)
                else:
                    parts.append(Lit(s, q))

        while i < end:
            c = t[i]
            if c == "\\":
                nxt = t[i + 1:i + 2] if i + 1 < end else ""
                if nxt == "\n":
                    i += 2
                    continue
                if mode == "word":
                    flush(False)
                    if nxt:
                        buf.append(nxt)
                        flush(True)
                    else:
                        buf.append("\\")
                    i += 2
                    continue
                if nxt in ("$", "`", "\\") or (nxt == '"' and mode in ("dq", "arith")):
                    buf.append(nxt)
                    i += 2
                    continue
                buf.append("\\")
                i += 1
                continue
            if mode == "word" and c == "'":
                j = self.scan.squote_end(i + 1)
                flush(False)
                buf.append(t[i + 1:j - 1])
                if not buf[0]:
                    buf.clear()
                    parts.append(Lit("", True))
                flush(True)
                i = j
                continue
            if c == '"' and mode == "arith":
                j = self.scan.dquote_end(i + 1)
                flush(quoted)
                parts.extend(self.lex(i + 1, j - 1, "dq"))
                i = j
                continue
            if mode == "word" and c == '"':
                j = self.scan.dquote_end(i + 1)
                flush(False)
                inner = self.lex(i + 1, j - 1, "dq")
                parts.append(Lit("", True))
                parts.extend(inner)
                i = j
                if self.cut:
                    break
                continue
            if c == "$" and i + 1 < end:
                j, part = self.dollar(i, end, quoted, mode)
                if part is not None:
                    flush(quoted)
                    if isinstance(part, list):
                        parts.extend(part)
                    else:
                        parts.append(part)
                    i = j
                    if self.cut:
                        break
                    continue
            if (c == "<" or c == ">") and mode == "word" and t.startswith("(", i + 1):
                from .parser import parse
                j, _ = self.scan.commands(i + 2, "paren")
                flush(quoted)
                parts.append(ProcSub(parse(self.src, i + 2, j), False, c == ">"))
                i = j + 1
                continue
            if c == "`":
                j = self.scan.backtick_end(i + 1)
                flush(quoted)
                parts.append(self.backtick(i + 1, j - 1, quoted))
                i = j
                continue
            buf.append(c)
            i += 1
        flush(quoted)
        # merge adjacent literals of equal quoting (keeps "" markers when alone)
        merged: list = []
        for p in parts:
            if type(p) is Lit and merged and type(merged[-1]) is Lit and merged[-1].quoted == p.quoted:
                merged[-1] = Lit(merged[-1].text + p.text, p.quoted)
            else:
                merged.append(p)
        return merged

    def backtick(self, s: int, e: int, quoted: bool) -> CmdSub:
        from .parser import Src, parse
        raw = self.text[s:e]
        # (without a backslash there is nothing to unquote: no regex compiled)
        inner = re.sub(r"\\([$`\\])", r"\1", raw) if "\\" in raw else raw
        # the ash family reads the text again as a string of its own (parser.c
        # parsebackq's ``setinputstring``): dash's lines from 1 (input.c); busybox's
        # from the global ``lineno``, the last command run before the parse (not
        # modelled: the backquote's own line)
        line = 1 if self.src.ash == "dash" else self.src.line(s)
        return CmdSub(parse(Src(inner, line, self.src.ash, flat=self.src.flat)), quoted)

    def dollar(self, i: int, end: int, quoted: bool, mode: str):
        t = self.text
        nxt = t[i + 1]
        if nxt == "(":
            from .parser import parse
            if t.startswith("((", i + 1):
                j = self.scan.arith_end(i + 3)
                if j is not None and j <= end:
                    expr = Word(self.lex(i + 3, j - 2, "arith"), t[i + 3:j - 2])
                    return j, Arith(expr, quoted)
            j, _ = self.scan.commands(i + 2, "paren")
            return j + 1, CmdSub(parse(self.src, i + 2, j), quoted, 2 if mode == "dq" else 1)
        if nxt == "[" and not self.src.ash:
            # bash's ``$[EXPR]``, ``$((EXPR))``'s older form (subst.c
            # ``param_expand``'s ``'['`` case: the same ``expand_arith_string``)
            j = self.scan.bracket_end(i + 2)
            return j, Arith(Word(self.lex(i + 2, j - 1, "arith"), t[i + 2:j - 1]), quoted)
        if nxt == "{":
            if self.src.ash and (a := ash_nul_word(t, i + 2, end)) != i + 2:
                return self.ash_nul(i + 2, a, quoted, mode)
            j = self.scan.brace_end(i + 2)
            self.nest += 1
            try:
                return j, self.brace_param(i + 2, j - 1, quoted)
            finally:
                self.nest -= 1
        if nxt == "'" and mode == "word" and self.src.ash != "dash":
            # (dash 0.5.12 has no $'...': a $, then a quoted string)
            j = self.scan.ansi_end(i + 2)
            return j, Lit(ansi_c(t[i + 2:j - 1]), True)
        if nxt == '"' and mode == "word" and not self.src.ash:
            # bash's $"..." (busybox sh: a $, then a quoted string)
            j = self.scan.dquote_end(i + 2)
            return j, [Lit("", True)] + self.lex(i + 2, j - 1, "dq")
        if nxt.isalpha() or nxt == "_":
            j = i + 2
            while j < end and (t[j].isalnum() or t[j] == "_"):
                j += 1
            return j, Param(t[i + 1:j], quoted=quoted)
        if nxt in SPECIAL_PARAMS:
            return i + 2, Param(nxt, quoted=quoted)
        return i + 1, None

    def ash_nul(self, s: int, a: int, quoted: bool, mode: str) -> tuple[int, list]:
        """The ash family's ``${NAME:}WORD}`` (``s``: the name, ``a``: WORD): a
        ``VSNORMAL`` expansion that carries a word (shell/scan.py ``ash_nul_word``).
        ``evalvar`` expands it as ``${NAME}`` and leaves the caller's ``argstr`` at
        WORD, which it copies, and at the expansion's ``CTLENDVAR``, which ends the
        caller's word: the rest of the word is dropped (dash expand.c ``argstr``:
        ``case CTLENDVAR: goto breakloop``). Inside another expansion's word the
        ends shift one level out: not modelled."""
        if self.nest:
            raise Unsupported("${NAME:}WORD} inside another expansion's word", s)
        j = self.scan.brace_end(a)
        self.cut = True
        return j, [Param(self.text[s:a - 2], quoted=quoted), *self.lex(a, j - 1, mode)]

    def brace_param(self, s: int, e: int, quoted: bool) -> Param:
        t = self.text
        body = t[s:e]
        if self.src.ash and ash_bad_param(t, s, e, self.src.ash):
            return Param(body, "ashbad", quoted=quoted)     # an error when expanded
        mode = "dq" if quoted else "word"
        if not body:
            return Param("", "bad", quoted=quoted)
        if body[0] == "#" and len(body) > 1 and (is_name(body[1:]) or body[1:] in SPECIAL_PARAMS
                                              or body[1:].isdigit()):
            return Param(body[1:], "len", quoted=quoted)
        m = _SUBSCRIPTED.fullmatch(body)
        if m and (m.group(1) or (m.group(2) and m.group(4) in "@*")):
            # ${#a[...]} (a length) or ${!a[@]} (the indexes)
            op = "len" if m.group(1) else "keys"
            k = s + m.start(4)
            return Param(m.group(3), op, quoted=quoted, sub=self.subscript(k, k + len(m.group(4))))
        indirect = False
        k = s
        if body[0] == "!" and len(body) > 1:
            indirect = True
            k += 1
        j = k
        if j < e and (t[j].isalpha() or t[j] == "_"):
            while j < e and (t[j].isalnum() or t[j] == "_"):
                j += 1
        elif j < e and t[j].isdigit():
            while j < e and t[j].isdigit():
                j += 1
        elif j < e and t[j] in SPECIAL_PARAMS:
            j += 1
        name = t[k:j]
        if indirect and j == e - 1 and t[j] in "@*" and is_name(name):
            # ${!prefix@}: the names of the variables beginning with prefix
            return Param(name, "prefix", quoted=quoted, sub=t[j])
        if not name or (indirect and j != e):
            return Param(body, "bad", quoted=quoted)    # an error when expanded
        if indirect:
            return Param(name, "!", quoted=quoted)
        sub = None
        if j < e and t[j] == "[" and is_name(name):
            close = self._subscript_end(j + 1, e)
            if close is None:
                return Param(body, "bad", quoted=quoted)
            sub = self.subscript(j + 1, close)
            j = close + 1
        if j == e:
            return Param(name, quoted=quoted, sub=sub)
        rest = t[j:e]
        if rest[:1] == "@" and len(rest) == 2 and rest[1] in TRANSFORMS:
            return Param(name, rest, quoted=quoted, sub=sub)
        for op in (":-", ":=", ":+", ":?", "-", "=", "+", "?", "##", "#", "%%", "%", "//", "/#", "/%", "/",
                   "^^", "^", ",,", ",", "~~", "~", ":"):
            if rest.startswith(op):
                break
        else:
            return Param(body, "bad", quoted=quoted)
        a = j + len(op)
        if op in ("/", "//", "/#", "/%"):
            # the pattern and replacement are words of their own, even in "...":
            # their quotes quote, and the enclosing ones do not make the pattern literal
            sep = self._find_sep(a, e, "/")
            pat = Word(self.lex(a, sep, "word"), t[a:sep])
            rep = Word(self.lex(sep + 1, e, "word"), t[sep + 1:e]) if sep < e else Word([], "")
            return Param(name, op, pat, quoted, rep, sub=sub)
        if op in ("#", "##", "%", "%%") or op in _CASEMOD:
            # a pattern: the enclosing quotes do not make it literal
            return Param(name, op, Word(self.lex(a, e, "word"), t[a:e]), quoted, sub=sub)
        if op == ":":
            sep = self._find_sep(a, e, ":")
            off = Word(self.lex(a, sep, "arith"), t[a:sep])
            ln = Word(self.lex(sep + 1, e, "arith"), t[sep + 1:e]) if sep < e else None
            return Param(name, op, off, quoted, ln, sub=sub)
        return Param(name, op, Word(self.lex(a, e, mode), t[a:e]), quoted, sub=sub)

    def _subscript_end(self, i: int, e: int) -> int | None:
        """The ``]`` closing a subscript that starts at ``i``."""
        depth = 0
        t = self.text
        while i < e:
            c = t[i]
            if c == "[":
                depth += 1
            elif c == "]":
                if not depth:
                    return i
                depth -= 1
            i += 1
        return None

    def subscript(self, s: int, e: int):
        """``@``, ``*`` or the index expression (expanded, then evaluated)."""
        sub = self.text[s:e]
        return sub if sub in ("@", "*") else Word(self.lex(s, e, "arith"), sub)

    def _find_sep(self, i: int, e: int, ch: str) -> int:
        t = self.text
        while i < e:
            c = t[i]
            if c == "\\":
                i += 2
                continue
            if c == ch:
                return i
            if c == "'":
                i = self.scan.squote_end(i + 1)
                continue
            if c == '"':
                i = self.scan.dquote_end(i + 1)
                continue
            if c == "$":
                i = self.scan.dollar(i)
                continue
            i += 1
        return e


_ANSI = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f",
         "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


def byte_char(b: int) -> str:
    """The character standing for byte ``b`` in the shell's strings: ASCII itself, a
    byte >= 128 as its ``surrogateescape`` code, so it is written back as that byte."""
    return chr(b) if b < 128 else chr(0xDC00 + b)


def unicode_escape(s: str, i: int) -> tuple[str, int] | None:
    """``\\uHHHH`` (1-4 hex digits) or ``\\UHHHHHHHH`` (1-8) at ``s[i]``: what bash
    makes of it and the index after, or None without a digit. In the C locale (the
    guests' and the model's) a code point below 128 is that character, any other stays
    written out as ``\\u%04X`` / ``\\U%08X`` (lib/sh/unicode.c u32cconv, u32tocesc)."""
    m = re.match(r"[0-9a-fA-F]{1,4}" if s[i + 1] == "u" else r"[0-9a-fA-F]{1,8}", s[i + 2:])
    if m is None:
        return None
    c = int(m.group(), 16)
    text = chr(c) if c < 0x80 else f"\\u{c:04X}" if c <= 0xFFFF else f"\\U{c:08X}"
    return text, i + 2 + len(m.group())


def ansi_c(s: str) -> str:
    """Decode ``$'...'`` escapes (lib/sh/strtrans.c ansicstr), up to the first NUL
    one makes: bash takes the result as a C string (parse.y ``ansiexpand``'s,
    ``$'a\0b'c`` is ``ac``)."""
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n in _ANSI:
                out.append(_ANSI[n])
                i += 2
                continue
            if n in "uU":
                u = unicode_escape(s, i)
                if u is not None:
                    out.append(u[0])
                    i = u[1]
                    continue
            if n == "c" and i + 2 < len(s):
                x = s[i + 2]                # TOCTRL: ^? is DEL, else the upper case & 0x1f
                out.append("\x7f" if x == "?" else chr(ord(x.upper()) & 0x1F))
                i += 3
                continue
            if n == "x":
                m = re.match(r"[0-9a-fA-F]{1,2}", s[i + 2:])
                if m:
                    out.append(byte_char(int(m.group(), 16)))
                    i += 2 + len(m.group())
                    continue
            if n in "01234567":
                m = re.match(r"[0-7]{1,3}", s[i + 1:])
                out.append(byte_char(int(m.group(), 8) & 0xFF))
                i += 1 + len(m.group())
                continue
            out.append(c)
            i += 1
            continue
        out.append(c)
        i += 1
    r = "".join(out)
    k = r.find("\0")
    return r if k < 0 else r[:k]


# -- brace expansion -----------------------------------------------------------------------
def _brace_skip(raw: str, i: int, scan: Scan) -> int | None:
    """Index after a quoted/expansion construct at ``i``, or None for a plain char."""
    c = raw[i]
    if c in "\\'\"`" or (c == "$" and raw[i + 1:i + 2] in ("(", "{", "'")):
        return scan.skip_unit(i)
    return None


def brace_expand(raw: str) -> list[str]:
    """Bash brace expansion of one raw word (``a{b,c}d``, ``x{1..5}``, ``{01..10..2}``)."""
    scan = Scan(raw)
    try:
        return _brace(raw, scan)
    except ParseError:
        return [raw]


def _brace(raw: str, scan: Scan) -> list[str]:
    i = 0
    n = len(raw)
    while i < n:
        j = _brace_skip(raw, i, scan)
        if j is not None:
            i = j
            continue
        if raw[i] == "{":
            found = _brace_at(raw, i, scan)
            if found is not None:
                close, alts = found
                pre, post = raw[:i], raw[close + 1:]
                res = []
                for a in alts:
                    for x in _brace(a, Scan(a)) if "{" in a else [a]:
                        for p in _brace(post, Scan(post)):
                            res.append(pre + x + p)
                return res
        i += 1
    return [raw]


def _brace_at(raw: str, i: int, scan: Scan):
    """If a brace expression opens at ``i``: (index of its '}', alternatives)."""
    depth = 0
    commas = []
    j = i + 1
    n = len(raw)
    while j < n:
        k = _brace_skip(raw, j, scan)
        if k is not None:
            j = k
            continue
        c = raw[j]
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                inner = raw[i + 1:j]
                if commas:
                    alts, at = [], i + 1
                    for cpos in commas:
                        alts.append(raw[at:cpos])
                        at = cpos + 1
                    alts.append(raw[at:j])
                    return j, alts
                seq = _sequence(inner)
                if seq is not None:
                    return j, seq
                return None
            depth -= 1
        elif c == "," and depth == 0:
            commas.append(j)
        elif c in " \t\n":
            return None
        j += 1
    return None


_SEQ = LazyPattern(r"^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$")
_CSEQ = LazyPattern(r"^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$")


def _sequence(inner: str) -> list[str] | None:
    m = _SEQ.match(inner)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        step = abs(int(m.group(3) or 1)) or 1
        width = 0
        for g in (m.group(1), m.group(2)):
            d = g.lstrip("-")
            if len(d) > 1 and d.startswith("0"):
                width = max(width, len(g))
        rng = range(a, b + 1, step) if a <= b else range(a, b - 1, -step)
        return [str(x).zfill(width) if width else str(x) for x in rng]
    m = _CSEQ.match(inner)
    if m:
        a, b = ord(m.group(1)), ord(m.group(2))
        step = abs(int(m.group(3) or 1)) or 1
        rng = range(a, b + 1, step) if a <= b else range(a, b - 1, -step)
        return [chr(x) for x in rng]
    return None


# -- expansion -----------------------------------------------------------------------------
def run_sync(gen: Generator):
    """Run a generator that must not block; return its value."""
    try:
        gen.send(None)
    except StopIteration as e:
        return e.value
    gen.close()
    raise RuntimeError("blocking expansion in a synchronous context")


_DEFAULT_IFS = " \t\n"
#: what makes a plain ``$var`` more than one field as it is: default IFS and glob
#: characters (:func:`expand_fields`)
_SPLIT_OR_GLOB = frozenset(" \t\n*?[")
_WS_SPLIT = re.compile(r"[ \t\n]+")


def ifs_split(v: str, ifs: str) -> tuple[list[str], bool, bool]:
    """Split ``v`` on ``ifs``: (fields, leading separator, trailing separator)."""
    if not v:
        return [], False, False
    if ifs == _DEFAULT_IFS:
        words = _WS_SPLIT.split(v)
        lead = words[0] == ""
        trail = words[-1] == "" and len(words) > 1
        if lead:
            words = words[1:]
        if words and words[-1] == "":
            words = words[:-1]
        return words, lead, trail
    if not ifs:
        return [v], False, False
    ws = "".join(c for c in ifs if c in " \t\n")
    nonws = "".join(c for c in ifs if c not in " \t\n")
    wsc = f"[{re.escape(ws)}]*" if ws else ""
    sep = f"{wsc}[{re.escape(nonws)}]{wsc}|[{re.escape(ws)}]+" if nonws and ws else (
        f"[{re.escape(nonws)}]" if nonws else f"[{re.escape(ws)}]+")
    lead = bool(ws) and v[0] in ws
    s = v.strip(ws) if ws else v
    trail = bool(ws) and v[-1] in ws and bool(s)
    if not s:
        return [], lead, False
    words = re.split(sep, s)
    if nonws and words and words[-1] == "":
        words.pop()
        trail = True
    return words, lead, trail


def expand_g(sh: "Shell", word: Word, mode: str = "fields"):
    """Generator expanding ``word``.

    ``mode`` "fields": list of fields (split, globbed); "str": one string;
    "pattern": list of (text, quoted) segments for pattern matching.
    """
    if word.alts is not None:
        if mode == "fields":
            out: list[str] = []
            for a in word.alts:
                out.extend((yield from expand_g(sh, a, mode)))
            return out
        strs = []
        for a in word.alts:
            strs.append((yield from expand_g(sh, a, "str")))
        return " ".join(strs) if mode == "str" else [(" ".join(strs), True)]
    fields: list[list] = []
    cur: list = []
    exists = False
    split = mode == "fields" and not word.assign_like
    for p in word.parts:
        tp = type(p)
        if tp is Lit:
            if word.assign_like and mode == "fields":
                cur.append((p.text, True))
            else:
                cur.append((p.text, p.quoted))
            exists = True
            continue
        if tp is Param:
            if p.blocking:
                v = yield from param_g(sh, p)
            else:
                v = run_sync(param_g(sh, p))
        elif tp is CmdSub:
            v = yield from sh.command_subst(p.node, p.parses)
        elif tp is ProcSub:
            v = yield from sh.process_subst(p.node, p.out)
        else:  # Arith
            if p.blocking:
                e = yield from expand_g(sh, p.expr, "str")
            else:
                e = run_sync(expand_g(sh, p.expr, "str"))
            v = str(sh.arith(e))
        q = p.quoted
        if type(v) is list:  # $@ / $* / ${a[@]} / ${a[*]} / ${!a[@]}
            star = (p.sub if p.sub is not None and p.op != "keys" else p.name) == "*"
            if q and mode == "fields" and not star:
                for idx, a in enumerate(v):
                    if idx:
                        fields.append(cur)
                        cur = []
                    cur.append((a, True))
                    exists = True
                continue
            sepc = " "
            if star and q:
                ifs = sh.get("IFS")
                sepc = " " if ifs is None else ifs[:1]
            v = sepc.join(v)
        if q or not split:
            cur.append((v, q))
            if q or v:
                exists = True
            continue
        ifs = sh.get("IFS")
        words, lead, trail = ifs_split(v, _DEFAULT_IFS if ifs is None else ifs)
        if not words:
            if lead and exists:
                fields.append(cur)
                cur = []
                exists = False
            continue
        if lead and exists:
            fields.append(cur)
            cur = []
        for k, w in enumerate(words):
            if k:
                fields.append(cur)
                cur = []
            cur.append((w, False))
        exists = True
        if trail:
            fields.append(cur)
            cur = []
            exists = False
    if exists:
        fields.append(cur)
    if mode == "str":
        return "".join(t for f in fields for t, _ in f)
    if mode == "pattern":
        return [s for f in fields for s in f]
    if sh.noglob:       # set -f: the fields as they are
        return ["".join(t for t, _ in f) for f in fields]
    out = []
    ext = "extglob" in sh.shopts
    for f in fields:
        if len(f) == 1:
            t, q = f[0]
            if q or not has_glob(t, ext):
                out.append(t)
                continue
        elif not any(not q and has_glob(t, ext) for t, q in f):
            out.append("".join(t for t, _ in f))
            continue
        matches = sh.glob(f)
        if matches:
            out.extend(matches)
        elif "failglob" in sh.shopts:
            raise ExpansionError(f"no match: {''.join(t for t, _ in f)}")
        elif "nullglob" not in sh.shopts:
            out.append("".join(t for t, _ in f))
    return out


def expand_fields(sh: "Shell", word: Word) -> list[str]:
    if word.const is not None:
        return word.const
    p = word.fast
    if p is not None:
        v = sh.get(p.name)
        if v is None:
            v = sh.unset_value(p.name)
        if p.quoted or word.assign_like:
            return [v]
        if not v:
            return []
        ifs = sh.get("IFS")
        if (ifs is None or ifs == _DEFAULT_IFS) and _SPLIT_OR_GLOB.isdisjoint(v):
            return [v]
    return run_sync(expand_g(sh, word))


def expand_str(sh: "Shell", word: Word) -> str:
    if word.const is not None:
        return " ".join(word.const) if len(word.const) != 1 else word.const[0]
    p = word.fast
    if p is not None:
        v = sh.get(p.name)
        return sh.unset_value(p.name) if v is None else v
    if word.simple:
        out = []
        for p in word.parts:
            if type(p) is Lit:
                out.append(p.text)
            else:
                v = sh.get(p.name)
                out.append(sh.unset_value(p.name) if v is None else v)
        return "".join(out)
    return run_sync(expand_g(sh, word, "str"))


def param_g(sh: "Shell", p: Param):
    """Generator: value of a parameter expansion (str, or list for $@/$*)."""
    name, op = p.name, p.op
    if op == "bad":
        raise ExpansionError(f"${{{name}}}: bad substitution")
    if op == "ashbad":
        # busybox sh's (dash's) varvalue: an error that ends the shell
        from . import ash
        raise ash.fatal(sh, sh.dialect.bad_substitution(sh))
    if op == "prefix":
        from .builtins import variable_names     # builtins imports this module
        return sorted(n for n in variable_names(sh) if n.startswith(name))
    if p.sub is not None:
        arr = sh.get_array(name, {})
        if p.sub in ("@", "*"):
            if op == "len":
                if sh.nounset and not sh.is_array(name):
                    # subst.c array_length_reference: no array set is an unbound
                    # variable under set -u (a scalar's ${#x[@]} too), an
                    # expansion error (expand_word_error), not FORCE_EOF
                    raise ExpansionError(f"{name}: unbound variable")
                return str(len(arr))
            keys = arr.ordered() if type(arr) is Assoc else sorted(arr)
            if op == "keys":
                return [str(k) for k in keys]
            if not op:
                return [arr[k] for k in keys]
            if op == ":" and type(arr) is not Assoc:
                # ${a[@]:OFF:LEN}: elements from index OFF (from the end if negative)
                off = sh.arith((yield from _arg_str(sh, p.arg)))
                if off < 0:
                    off += max_index(sh, arr) + 1
                keys = [k for k in keys if k >= off] if off >= 0 else []
                return (yield from _slice_len(sh, p, [arr[k] for k in keys]))
            vals = [arr[k] for k in keys]
            if op in ("@A", "@K", "@k", "@a"):
                return _array_transform(sh, name, op, arr, keys, p.sub)
            if op in (":-", "-", ":+", "+"):
                # ${a[@]:-WORD} and kin: on the array as a whole
                null = not vals or (op[0] == ":" and not "".join(vals))
                if (op[-1] == "-") == null:
                    return (yield from _arg_str(sh, p.arg))
                return vals if op[-1] == "-" else []
            return (yield from _each(sh, p, name, op, vals))
        
        try:
            idx = yield from array_index(sh, name, p.sub, arr,
                                         p.sub.raw + "]" if op == "len" else None)
        except ExpansionError as e:
            if op == "len":
                raise
            # array_value_internal's INDEX_ERROR: the message, then the element
            # expands as unset (bash 5.2; the command goes on)
            sh.err(e.msg)
            idx = p.sub.raw
            v = None
        else:
            v = arr.get(idx)
        if op == "len":
            return str(len(v or ""))
        isset = v is not None
        if not op:
            return v if v is not None else sh.unset_value(f"{name}[{idx}]")
        return (yield from _apply_op(sh, p, name, op, v, isset))
    if op == "len":
        if name in ("@", "*"):
            return str(len(sh.positional()))
        v = sh.get(name)
        if v is None:
            v = sh.unset_value(name)
        return str(len(v))
    if name in ("@", "*"):
        v = sh.positional()
        if not op:
            return list(v)
        if op == ":":
            # ${@:OFF:LEN}: $0 is at offset 0; a negative offset counts from the end
            off = sh.arith((yield from _arg_str(sh, p.arg)))
            allv = [sh.arg0] + list(v)
            if off < 0:
                off += len(allv)
            return (yield from _slice_len(sh, p, allv[off:] if off >= 0 else []))
        if op not in (":-", "-", ":=", "=", ":+", "+", ":?", "?"):
            return (yield from _each(sh, p, name, op, list(v)))
        v = " ".join(v)
        isset = bool(sh.positional())
    else:
        v = sh.get(name)
        isset = v is not None
    if op == "!":
        from .builtins import REF_ATTR
        if sh.has_attr(REF_ATTR, name):     # a nameref: the name it refers to
            return sh._var_raw(name) or ""
        if v is None:       # subst.c parameter_brace_expand_indir
            raise ExpansionError(f"{name}: invalid indirect expansion")
        target = v
        if not is_name(target) and not (target.isdigit() or target in SPECIAL_PARAMS):
            m = _INDIRECT_ELEMENT.fullmatch(target)
            if m is None:
                raise ExpansionError(f"{target}: invalid variable name")
            # NAME[SUB]: that element (NAME[@] and NAME[*] joined by spaces)
            arr = sh.get_array(m.group(1))
            if not arr:
                return ""
            sub = m.group(2)
            if sub in ("@", "*"):
                return " ".join(arr[k] for k in (arr.ordered() if type(arr) is Assoc else sorted(arr)))
            r = arr.get(sub) if type(arr) is Assoc else arr.get(element_index(sh, arr, sh.arith(sub)))
            return "" if r is None else r
        r = sh.get(target)
        return "" if r is None else r
    if not op:
        return v if v is not None else sh.unset_value(name)
    if op[0] == "@" and op != "@a" and v is None:
        return ""
    if v and op in OPERAND_COPY_OPS:
        from .bashmem import free_operand_copies, operand_copies
        copies = operand_copies(sh.heap, len(v), p.quoted)
        try:
            return (yield from _apply_op(sh, p, name, op, v, isset))
        finally:
            free_operand_copies(sh.heap, copies)
    return (yield from _apply_op(sh, p, name, op, v, isset))


#: ``${x@OP}``: the transformations bash 5.2 has
TRANSFORMS = "QEPAKakULu"


def _attrs(sh: "Shell", name: str) -> str:
    """``${x@a}``: the attribute letters, in bash's order (``var_attribute_string``)."""
    from .builtins import REF_ATTR, RO_ATTR
    v = sh._var_raw(name)
    flags = ""
    if isinstance(v, dict):
        flags += "A" if type(v) is Assoc else "a"
    if sh.is_integer(name):
        flags += "i"
    if sh.has_attr(REF_ATTR, name):
        flags += "n"
    if sh.has_attr(RO_ATTR, name):
        flags += "r"
    if name in sh.exported:
        flags += "x"
    return flags


def _array_transform(sh: "Shell", name: str, op: str, arr: dict, keys: list, sub: str):
    """``${a[@]@A}`` ``@K`` ``@k`` ``@a`` on a whole array."""
    if op == "@a":
        return [_attrs(sh, name)] * len(keys)
    if op == "@k":
        return [x for k in keys for x in (str(k), arr[k])]
    pairs = [(str(k), '"' + _dq(arr[k]) + '"') for k in keys]
    if op == "@K":
        # array_to_kvpair: an associative array's pairs each end in a space, an
        # indexed array's are joined by one (arrayfunc.c, bash 5.2)
        text = " ".join(f"{k} {v}" for k, v in pairs)
        return [text + " " if type(arr) is Assoc else text]
    flags = _attrs(sh, name) or "a"
    return [f"declare -{flags} {name}=(" + " ".join(f"[{k}]={v}" for k, v in pairs) + ")"]


def _dq(s: str) -> str:
    return "".join("\\" + c if c in '"\\$`' else c for c in s)


def _transform(sh: "Shell", name: str, op: str, v: str) -> str:
    """``${x@OP}`` on one value."""
    from .quote import quote_reusable
    c = op[1]
    if c == "Q" or c == "K":
        return quote_reusable(v)
    if c == "E":
        return ansi_c(v)
    if c == "U":
        return v.upper()
    if c == "L":
        return v.lower()
    if c == "u":
        return v[:1].upper() + v[1:]
    if c == "a":
        return _attrs(sh, name)
    if c == "k":
        return quote_reusable(v)
    if c == "A":
        flags = _attrs(sh, name)
        decl = f"declare -{flags} " if flags else ""
        return f"{decl}{name}={quote_reusable(v)}"
    return decode_prompt(sh, v)


def decode_prompt(sh: "Shell", v: str) -> str:
    """``decode_prompt_string``: the prompt escapes scripts use (``${x@P}``, PS4)."""
    out = []
    i = 0
    while i < len(v):
        ch = v[i]
        if ch == "\\" and i + 1 < len(v):
            e = v[i + 1]
            i += 2
            if e == "u":
                out.append(sh.get("USER") or "root")
            elif e in "hH":
                host = sh.sys.uname_nodename()
                out.append(host.split(".")[0] if e == "h" else host)
            elif e == "w":
                # decode_prompt_string: $PWD, bash's name of the directory (shell/cwd.py)
                home = sh.get("HOME") or ""
                pwd = sh.get("PWD") or sh.tcwd or "."
                out.append("~" + pwd[len(home):] if home and (pwd + "/").startswith(home + "/") else pwd)
            elif e == "W":
                pwd = sh.get("PWD") or sh.tcwd or "."
                out.append(pwd.rsplit("/", 1)[-1] or "/")
            elif e == "$":
                out.append("#")
            elif e == "n":
                out.append("\n")
            elif e == "\\":
                out.append("\\")
            elif e == "s":
                out.append("bash")
            elif e == "v":
                out.append("5.2")
            elif e == "V":
                out.append("5.2.15")
            elif e in "[]":
                pass
            else:
                out.append("\\" + e)
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _slice_len(sh: "Shell", p: Param, vals: list[str]):
    """Generator: the first LEN of ``vals`` (``${a[@]:OFF:LEN}``; all without LEN)."""
    if p.arg2 is None:
        return vals
    ln = sh.arith((yield from _arg_str(sh, p.arg2)))
    if ln < 0:
        raise ExpansionError(f"{ln}: substring expression < 0")
    return vals[:ln]


def _each(sh: "Shell", p: Param, name: str, op: str, vals: list[str]):
    """Generator: ``${a[@]OP...}``/``${@OP...}``: the operator on every element."""
    if op in (":-", "-", ":=", "=", ":+", "+", ":?", "?", "!"):
        raise ExpansionError(f"${{{name}[{p.sub}]{op}...}}: not supported by memcgsim")
    out = []
    for v in vals:
        out.append((yield from _apply_op(sh, p, name, op, v, True)))
    return out


#: the operators whose expansion of a scalar goes through ``get_var_and_type``
#: (bash 5.2 subst.c ``parameter_brace_substring``, ``parameter_brace_remove_pattern``,
#: ``parameter_brace_patsub``, ``parameter_brace_casemod``)
OPERAND_COPY_OPS = frozenset((":", "#", "##", "%", "%%", "/", "//", "/#", "/%",
                              "^", "^^", ",", ",,", "~", "~~"))


def _apply_op(sh: "Shell", p: Param, name: str, op: str, v, isset: bool):
    """Generator: ``${name OP ...}`` on the value ``v``."""
    if op in (":-", "-", ":=", "=", ":+", "+", ":?", "?"):
        use_alt = (not isset) or (op[0] == ":" and v == "")
        kind = op[-1]
        if kind == "+":
            if use_alt:
                return ""
            return (yield from _arg_str(sh, p.arg))
        if not use_alt:
            return v
        if kind == "-":
            return (yield from _arg_str(sh, p.arg))
        if kind == "=":
            val = yield from _arg_str(sh, p.arg)
            if not is_name(name):
                raise ExpansionError(f"${name}: cannot assign in this way")
            sh.setvar(name, val)
            return val
        msg = yield from _arg_str(sh, p.arg)
        # subst.c parameter_brace_expand_error: "${x?}" of an unset x is "parameter
        # not set", "${x:?}" "parameter null or not set"
        if sh.dialect.ash_errors:
            # ash.c varunset: "parameter not set" / "parameter not set or null"
            raise ash.fatal(sh, f"{name}: {msg or 'parameter not set' + (' or null' if op[0] == ':' else '')}")
        msg = msg or ("parameter null or not set" if op[0] == ":" else "parameter not set")
        # reported where it happens (a function's file names it), then FORCE_EOF
        sh.err(f"{name}: {msg}")
        raise ForceEOF()
    if v is None:
        v = sh.unset_value(name)
    if op in ("#", "##", "%", "%%"):
        segs = yield from _arg_pat(sh, p.arg)
        pat = compile_pattern(segs, "extglob" in sh.shopts)
        n = len(v)
        if op == "#":
            rng = range(0, n + 1)
        elif op == "##":
            rng = range(n, -1, -1)
        elif op == "%":
            rng = range(n, -1, -1)
        else:
            rng = range(0, n + 1)
        if op[0] == "#":
            for i in rng:
                if pat.fullmatch(v, 0, i):
                    return v[i:]
        else:
            for i in rng:
                if pat.fullmatch(v, i, n):
                    return v[:i]
        return v
    if op in ("/", "//", "/#", "/%"):
        # subst.c match_upattern: FNMATCH_IGNCASE with nocasematch
        pat = yield from _pattern_arg(sh, p.arg, "nocasematch" in sh.shopts)
        if "patsub_replacement" in sh.shopts:
            rep_segs = yield from _arg_pat(sh, p.arg2)
            rep = _patsub_rep(rep_segs)
        else:
            rep = yield from _arg_str(sh, p.arg2)
        return _pat_subst(op, v, pat, rep)
    if op == ":":
        off_s = yield from _arg_str(sh, p.arg)
        off = sh.arith(off_s, name + ": ")
        if off < 0:
            off += len(v)
            if off < 0:         # before the start: nothing (substring_from)
                return ""
        if p.arg2 is None:
            return v[off:]
        ln = sh.arith((yield from _arg_str(sh, p.arg2)), name + ": ")
        if ln < 0:
            return v[off:len(v) + ln] if len(v) + ln >= off else ""
        return v[off:off + ln]
    if op in _CASEMOD:
        # subst.c parameter_brace_casemod → sh_modcase: each character (the first
        # only for ^ , ~) the pattern matches, all without one; ~ toggles
        conv = _CASEMOD[op]
        pat = yield from _pattern_arg(sh, p.arg)
        if pat is None:
            return conv(v) if len(op) == 2 else conv(v[:1]) + v[1:]
        n = len(v) if len(op) == 2 else min(len(v), 1)
        return "".join(conv(c) if pat.fullmatch(c) else c for c in v[:n]) + v[n:]
    if op[:1] == "@":
        return _transform(sh, name, op, v)
    raise ExpansionError(f"${{{name}{op}}}: bad substitution")


def _patsub_rep(segs: list) -> "str | list":
    """A ``${v/pat/rep}`` replacement with ``patsub_replacement`` on (subst.c
    ``shouldexp_replacement``, ``pat_subst``'s ``MATCH_EXPREP``): its text, or,
    when an unquoted ``&`` stands in it (an escaped or quoted one is itself), its
    pieces with None where the matched text goes."""
    if not any(not q and "&" in t for t, q in segs):
        return "".join(t for t, _ in segs)
    pieces: list = []
    for t, q in segs:
        if q:
            pieces.append(t)
            continue
        for k, piece in enumerate(t.split("&")):
            if k:
                pieces.append(None)
            pieces.append(piece)
    return pieces


def _replaced(rep: "str | list", matched: str) -> str:
    """The replacement of ``matched`` (:func:`_patsub_rep`'s pieces joined)."""
    if type(rep) is str:
        return rep
    return "".join(matched if x is None else x for x in rep)


def _pat_subst(op: str, v: str, pat, rep: "str | list") -> str:
    """subst.c ``pat_subst``: ``v`` with ``pat``'s first (``/``), every (``//``),
    leading (``/#``) or trailing (``/%``) match replaced."""
    if pat is None:
        # a null pattern anchored at the start prefixes the value with the
        # replacement, at the end appends it; unanchored: nothing
        return _replaced(rep, "") + v if op == "/#" else v + _replaced(rep, "") if op == "/%" else v
    if op == "/#":
        m = pat.search(v, 0, anchored=True)
        return _replaced(rep, v[:m[1]]) + v[m[1]:] if m else v
    if op == "/%":
        for i in range(len(v) + 1):
            if pat.fullmatch(v, i):
                return v[:i] + _replaced(rep, v[i:])
        return v
    # leftmost-longest matches; an empty one copies a character and moves on;
    # none is tried at the very end (unless the value is empty)
    out = []
    at = 0
    while at < len(v) or not v:
        m = pat.search(v, at)
        if m is None:
            break
        out.append(v[at:m[0]])
        out.append(_replaced(rep, v[m[0]:m[1]]))
        if m[1] == m[0]:
            if m[0] < len(v):
                out.append(v[m[0]])
            at = m[0] + 1
        else:
            at = m[1]
        if op == "/" or not v:
            break
    if not out:
        return v
    out.append(v[at:])
    return "".join(out)


#: the case-modifying expansions' conversions (``${v^^}``, ``${v,}``, ``${v~~}``...)
_CASEMOD = {"^^": str.upper, "^": str.upper, ",,": str.lower, ",": str.lower,
            "~~": str.swapcase, "~": str.swapcase}


def _pattern_arg(sh, w: "Word | None", fold: bool = False):
    """Generator: the compiled pattern of an operator's pattern word, None when it
    expands to nothing (a null pattern); ``fold``: either case."""
    segs = yield from _arg_pat(sh, w)
    if not segs or not "".join(t for t, _ in segs):
        return None
    return compile_pattern(segs, "extglob" in sh.shopts, fold)


def _arg_str(sh, w: "Word | None"):
    if w is None:
        return ""
    if w.blocking:
        return (yield from expand_g(sh, w, "str"))
    return expand_str(sh, w)


def _arg_pat(sh, w: "Word | None"):
    if w is None:
        return []
    if w.blocking:
        return (yield from expand_g(sh, w, "pattern"))
    return run_sync(expand_g(sh, w, "pattern"))


# -- patterns ------------------------------------------------------------------------------
def pattern_match(segs: list, s: str, extglob: bool = False, fold: bool = False) -> bool:
    """Whether ``s`` matches the (text, quoted) pattern segments (see :mod:`.pattern`;
    ``fold``: either case, ``nocasematch``)."""
    return compile_pattern(segs, extglob, fold).fullmatch(s)


def array_index(sh: "Shell", name: str, sub: "Word", arr: dict, what: str | None = None):
    """Generator: an index subscript's value (see :func:`element_index`); an
    associative array's key is the subscript expanded as a string. A bad one's
    error names ``what`` (default NAME: ``array_value_internal``'s; ``${#a[-1]}``
    names ``-1]``, ``array_length_reference``'s; an assignment ``a[-1]``)."""
    if type(arr) is Assoc:
        key = yield from _arg_str(sh, _key_word(sub))
        if key == "":
            raise ExpansionError(f"{what or name}: bad array subscript")
        return key
    idx = element_index(sh, arr, sh.arith((yield from _arg_str(sh, sub))))
    if idx < 0:
        raise ExpansionError(f"{what or name}: bad array subscript")
    return idx


_KEY_WORDS: dict[str, Word] = {}


def _key_word(sub: Word) -> Word:
    """An associative array's subscript is a word of its own (quotes removed), not
    the arithmetic text an index is."""
    w = _KEY_WORDS.get(sub.raw)
    if w is None:
        from .parser import Src
        w = _KEY_WORDS[sub.raw] = compile_word(Src(sub.raw, 1), 0, len(sub.raw), assign_value=True)
    return w


#: ``${!REF}`` where REF holds ``NAME[SUB]``
_INDIRECT_ELEMENT = LazyPattern(r"([A-Za-z_][A-Za-z0-9_]*)\[(.+)\]")


def element_index(sh: "Shell", arr: dict, idx: int) -> int:
    """A negative index counts from the end (still negative if out of range)."""
    return idx + max_index(sh, arr) + 1 if idx < 0 else idx
