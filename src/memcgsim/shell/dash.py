"""dash 0.5.12 (Debian 12's /bin/sh, the gnu userland's ``sh``) where a script sees it
differ from busybox sh, its cousin (both descend from the 4.4BSD ash; shell/ash.py):
its messages' form and words, its builtins, ``echo``, its listings.

- error.c ``exvwarning2``: ``ARG0: LINE: `` then ``COMMANDNAME: `` while a builtin
  runs (``evalbltin``; none at the top level, a script's or ``-c``'s), ``errlinno``
  counted from 1 for a ``-c`` string as for a file.
- error.c ``errmsg``: ENOENT/ENOTDIR are ``No such file`` (E_OPEN), ``Directory
  nonexistent`` (E_CREAT), ``not found`` (E_EXEC).
- parser.c ``synexpect``/``synerror``: ``Syntax error: "TOKEN" unexpected``
  (``(expecting "T")``), capitalised words (``Missing '}'``, ``Unterminated quoted
  string``, ``Bad for loop variable``); expand.c ``varvalue``'s ``Bad substitution``.

Checked against the host's dash 0.5.12 (tools/ash_diff.py --dash, tests/shell/dash_cases).
"""
from __future__ import annotations

import errno
import functools
import os

from ..lazyimport import LazyPattern
from .ash import SET_O_MODELLED    # the options the model keeps (the others off in a script)
from .dialect import Dash     # its builtins, keywords and variables' tables


def errmsg(err: int, action: str, text: str | None = None) -> str:
    """error.c ``errmsg``: for ENOENT/ENOTDIR the action's words (``open``: No such
    file, ``create``: Directory nonexistent, ``exec``: not found), else strerror."""
    if err in (errno.ENOENT, errno.ENOTDIR):
        return {"open": "No such file", "create": "Directory nonexistent", "exec": "not found"}[action]
    return text or os.strerror(err or errno.EIO)


def syntax_words(ash_words: str) -> str:
    """parser.c's words for a syntax error busybox sh words ``ash_words`` (shell/ash.py
    ``syntax_words``, scan.AshSyntaxError): ``synexpect``'s ``TOKEN unexpected``
    (``"X" unexpected``, ``newline unexpected``, ``end of file unexpected``) and
    ``(expecting "T")``, else ``synerror``'s own words, capitalised."""
    if ash_words.startswith("unexpected "):
        rest = ash_words[len("unexpected "):]
        tok, sep, expecting = rest.partition(" (expecting ")
        return f"{tok} unexpected" + (f" (expecting {expecting}" if sep else "")
    return {"unterminated quoted string": "Unterminated quoted string",
            "missing '}'": "Missing '}'", "bad for loop variable": "Bad for loop variable",
            "bad substitution": "Bad substitution"}.get(ash_words, ash_words[:1].upper() + ash_words[1:])


#: printf.c ``conv_escape``'s C escapes, with Debian's ``\\e`` (debian/patches/0008)
ESC = {"\\": "\\", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
        "v": "\v"}


def escape_str(s: str) -> tuple[str, bool]:
    """bltin/printf.c ``conv_escape_str`` (``%b``, ``echo``): ``\\c`` ends all output
    (True), ``\\0`` then up to 3 octal digits (or ``\\NNN``) a byte, the C escapes;
    another backslash is kept."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c != "\\" or i + 1 == len(s):
            out.append(c)
            i += 1
            continue
        c = s[i + 1]
        i += 2
        if c == "c":
            return "".join(out), True
        if c in "01234567":
            if c == "0" and i < len(s) and s[i] in "01234567":
                c, i = s[i], i + 1
            j = i
            while j < len(s) and j < i + 2 and s[j] in "01234567":
                j += 1
            out.append(chr(int(c + s[i:j], 8) & 0xFF))
            i = j
        elif c in ESC:
            out.append(ESC[c])
        else:
            out.append("\\" + c)
    return "".join(out), False


def echo(args: list[str]) -> str:
    """bltin/printf.c ``echocmd``: a first ``-n`` (exactly) drops the newline; every
    argument's backslashes interpreted (``conv_escape_str``), ``\\c`` ending the output."""
    newline = True
    if args[:1] == ["-n"]:
        newline, args = False, args[1:]
    parts = []
    for k, a in enumerate(args):
        if k:
            parts.append(" ")
        text, stop = escape_str(a)
        parts.append(text)
        if stop:
            return "".join(parts)
    return "".join(parts) + ("\n" if newline else "")


def set_o_listing(sh, reusable: bool) -> str:
    """options.c ``minus_o``: ``Current option settings`` then ``%-16s%s`` (on/off),
    or (``set +o``) ``set -o NAME``/``set +o NAME`` lines."""
    lines = [] if reusable else ["Current option settings\n"]
    for name in Dash.set_o_order:
        on = name in SET_O_MODELLED and bool(getattr(sh, name))
        lines.append(f"set {'-' if on else '+'}o {name}\n" if reusable
                     else f"{name:<16}{'on' if on else 'off'}\n")
    return "".join(lines)


#: var.c ``defpathvar`` (Debian 12's dash: ``env -i dash -c 'echo $PATH'``)
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def start_vars(sh, env: dict) -> dict:
    """The variables dash starts with (var.c ``varinit``, main.c ``init``): PATH's
    default (not exported) unless the environment has one, the environment's, IFS, the prompts (PS1 ``# ``: root's, as the model's scripts run),
    PS4, OPTIND, PPID."""
    return {"PATH": DEFAULT_PATH, **env, "IFS": " \t\n", "PS1": "# ",
            "PS2": "> ", "PS4": "+ ", "OPTIND": "1", "PPID": str(sh.ppid())}


#: arith_yylex.c's operators, longest first: ``**``, ``++``, ``--`` and ``,`` are not
#: among them (``2 ** 3`` is ``2 *`` and a ``*`` where a primary belongs)
_ARITH_OPS = ("<<=", ">>=", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=", "+=",
              "-=", "&=", "^=", "|=", "=", "<", ">", "&", "^", "|", "*", "/", "%", "+", "-", "!",
              "~", "(", ")", "?", ":")
_ARITH_ASSIGN = frozenset(("=", "*=", "/=", "%=", "+=", "-=", "<<=", ">>=", "&=", "^=", "|="))
_ARITH_BINARY = frozenset(("<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "<", ">", "&", "^", "|",
                           "*", "/", "%", "+", "-"))
_ARITH_TOKEN = LazyPattern(r"[ \t\n]*(?:(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)|([A-Za-z_][A-Za-z0-9_]*))?")


@functools.lru_cache(maxsize=256)
def _arith_tokens(s: str) -> tuple[tuple[str, str], ...]:
    """arith_yylex.c ``yylex`` over ``s``: ``num`` (``strtoimax`` base 0), ``var``,
    the operators, ``bad`` for another character (the last token), then ``eof``;
    each with its text (kept for the same expression: :func:`arith_check` then
    :func:`arith_source` read it)."""
    out, i = [], 0
    while True:
        m = _ARITH_TOKEN.match(s, i)
        i = m.end()
        if m.group(1) or m.group(2):
            out.append(("num", m.group(1)) if m.group(1) else ("var", m.group(2)))
            continue
        if i == len(s):
            return (*out, ("eof", ""))
        op = next((o for o in _ARITH_OPS if s.startswith(o, i)), None)
        if op is None:
            return (*out, ("bad", s[i]))
        out.append((op, op))
        i += len(op)


#: what var.c ``lookupvarint`` (``atomax(VALUE, 0)``) takes: blanks, a sign, a
#: number in base 0, blanks; an empty value is 0
_ARITH_VALUE = LazyPattern(r"\s*(?:[-+]?(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\s*)?")


def arith_source(expr: str) -> str:
    """``expr`` as the model's evaluator is to read it for dash: its tokens apart
    (arith_yylex.c has no ``++``/``--``: ``x--7`` is ``x - -7``)."""
    return " ".join(t for _, t in _arith_tokens(expr)[:-1])


class _ArithSyntax(Exception):
    """arith_yacc.c ``yyerror``'s words (or a variable's ``Illegal number``)."""


def arith_check(expr: str, lookup=None) -> str | None:
    """dash's arithmetic syntax (arith_yacc.c: ``assignment``, ``cond``, ``or``,
    ``and``, ``binop``, ``primary``): None if ``expr`` parses, else its error,
    ``arithmetic expression: WORDS: "EXPR"`` (``expecting primary``, ``expecting
    EOF``, ``expecting ')'``, ``expecting ':'``); ``lookup`` (a variable's value or
    None), if given: a variable read whose value is no number is ``Illegal number:
    VALUE`` (``lookupvarint``), met in the parse's order (every operand read: the
    short-circuits' ``noeval`` is not followed). Its values are bash's (the model's
    evaluator) for what dash accepts."""
    toks = _arith_tokens(expr)
    pos = 0

    def nxt() -> str:
        nonlocal pos
        pos += 1
        return toks[pos - 1][0]

    def read(name: str) -> None:
        v = lookup(name) if lookup is not None else None
        if v and _ARITH_VALUE.fullmatch(v) is None:
            raise _ArithSyntax(f"Illegal number: {v}")

    def primary(tok: str) -> str:
        """The token after the primary (``last_token``)."""
        while tok in ("+", "-", "!", "~"):
            tok = nxt()
        if tok == "(":
            if assignment(nxt()) != ")":
                raise _ArithSyntax("expecting ')'")
            return nxt()
        if tok == "var":
            read(toks[pos - 1][1])
            return nxt()
        if tok == "num":
            return nxt()
        raise _ArithSyntax("expecting primary")

    def cond(tok: str) -> str:
        last = primary(tok)
        while last in _ARITH_BINARY:
            last = primary(nxt())
        if last != "?":
            return last
        if assignment(nxt()) != ":":
            raise _ArithSyntax("expecting ':'")
        return cond(nxt())

    def assignment(tok: str) -> str:
        if tok == "var" and toks[pos][0] in _ARITH_ASSIGN:
            if toks[pos][0] != "=":
                read(toks[pos - 1][1])
            nxt()
            return assignment(nxt())
        return cond(tok)

    try:
        if assignment(nxt()) != "eof":
            raise _ArithSyntax("expecting EOF")
    except _ArithSyntax as e:
        words = str(e)
        return words if words.startswith("Illegal number") else \
            f'arithmetic expression: {words}: "{expr}"'
    return None
