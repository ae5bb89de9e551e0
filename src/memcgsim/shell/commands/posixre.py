"""POSIX regular expressions (BRE, ERE, awk's ERE) translated to Python ``re``.

C-locale semantics: grep and sed match bytes, awk matches latin-1 strings with
``re.ASCII``. Bracket expressions (``[[:alpha:]_]``, ``[]a]``), BRE escapes
(``\\(`` ``\\{m,n\\}`` ``\\|`` ``\\+``), word anchors ``\\<`` ``\\>`` and ``$``
(end of string only) are translated; leftmost-longest alternation is not.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from ...lazyimport import LazyPattern

_CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "0-9A-Za-z", "upper": "A-Z",
    "lower": "a-z", "space": " \\t\\n\\r\\f\\v", "blank": " \\t",
    "punct": "".join("\\" + c for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "print": "\\x20-\\x7e", "graph": "\\x21-\\x7e", "cntrl": "\\x00-\\x1f\\x7f",
    "xdigit": "0-9A-Fa-f", "word": "0-9A-Za-z_",
}
_AWK_ESC = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "b": "\b",
            "/": "/", '"': '"', "\\": "\\"}
_INTERVAL = LazyPattern(r"\{(\d*)(,(\d*))?\}")


class RegexError(ValueError):
    """Invalid regular expression; the message is GNU regcomp's."""


def _cls(ch: str) -> str:
    return "\\" + ch if ch in "\\]-[^&~|" else ch


def _awk_escape(p: str, j: int) -> tuple[str, int]:
    """``p[j]`` is a backslash inside an awk regex: the character it stands for."""
    c = p[j + 1]
    if c in "01234567":
        k = j + 1
        while k < len(p) and k < j + 4 and p[k] in "01234567":
            k += 1
        return chr(int(p[j + 1:k], 8)), k
    return _AWK_ESC.get(c, c), j + 2


def _bracket(p: str, i: int, awk: bool) -> tuple[str, int]:
    j = i + 1
    neg = j < len(p) and p[j] == "^"
    if neg:
        j += 1
    items: list[str] = []
    first = True
    while True:
        if j >= len(p):
            raise RegexError("Unmatched [, [^, [:, [., or [=")
        c = p[j]
        if c == "]" and not first:
            j += 1
            break
        first = False
        if c == "[" and j + 1 < len(p) and p[j + 1] in ":=.":
            kind = p[j + 1]
            end = p.find(kind + "]", j + 2)
            if end < 0:
                raise RegexError("Unmatched [, [^, [:, [., or [=")
            name = p[j + 2:end]
            j = end + 2
            if kind == ":":
                if name not in _CLASSES:
                    raise RegexError("Invalid character class name")
                items.append(_CLASSES[name])
            else:
                items.append("".join(_cls(ch) for ch in name))
            continue
        if c == "\\" and awk and j + 1 < len(p):
            ch, j = _awk_escape(p, j)
        else:
            ch, j = c, j + 1
        if j + 1 < len(p) and p[j] == "-" and p[j + 1] != "]":
            if awk and p[j + 1] == "\\" and j + 2 < len(p):
                hi, j = _awk_escape(p, j + 1)
            else:
                hi, j = p[j + 1], j + 2
            if hi < ch:
                raise RegexError("Invalid range end")
            items.append(_cls(ch) + "-" + _cls(hi))
        else:
            items.append(_cls(ch))
    return "[" + ("^" if neg else "") + "".join(items) + "]", j


@lru_cache(maxsize=512)
def translate(pat: str, mode: str) -> str:
    """Python regex source for POSIX ``pat``; ``mode`` is ``bre``, ``ere``, ``awk``
    or ``regcomp`` (glibc's ``regcomp(REG_EXTENDED)``, RE_SYNTAX_POSIX_EXTENDED:
    a ``*+?{`` with nothing to repeat is REG_BADRPT, a ``{`` not an interval
    REG_EBRACE/REG_BADBR, a repetition of a repetition repeats it)."""
    bre = mode == "bre"
    awk = mode == "awk"
    rc = mode == "regcomp"
    out: list[str] = []
    i, n = 0, len(pat)
    depth = 0
    # "at start": a following * (and ^ in BRE) is literal/anchor
    start = True
    # regcomp: where the last atom starts in ``out``, whether it is repeated, and
    # where each open group starts
    atom: int | None = None
    repeated = False
    groups: list[int] = []
    while i < n:
        c = pat[i]
        at_start, start = start, False
        if rc:
            if c in "*+?{":
                if at_start or atom is None:
                    raise RegexError("Invalid preceding regular expression")
                if c == "{":
                    m = _INTERVAL.match(pat, i)
                    if m is None or not (m.group(1) or m.group(2)):
                        raise RegexError("Unmatched \\{" if "}" not in pat[i:] else "Invalid content of \\{\\}")
                    q, i = ("{0" + m.group(0)[1:] if m.group(0)[1] == "," else m.group(0)), m.end()
                else:
                    q, i = c, i + 1
                if repeated:
                    out[atom:] = ["(?:" + "".join(out[atom:]) + ")"]
                out.append(q)
                repeated = True
                continue
            repeated = False
            atom = None if c in "|^$" else groups[-1] if c == ")" and groups else len(out)
            if c == "(":
                groups.append(len(out))
            elif c == ")" and groups:
                groups.pop()
        if c == "[":
            s, i = _bracket(pat, i, awk)
            out.append(s)
            continue
        if c == "\\":
            if i + 1 >= n:
                raise RegexError("Trailing backslash")
            d = pat[i + 1]
            i += 2
            if bre and d in "(){}|+?":
                if d == "(":
                    depth += 1
                    start = True
                elif d == ")":
                    if depth == 0:
                        raise RegexError("Unmatched ) or \\)")
                    depth -= 1
                elif d == "|":
                    start = True
                elif d in "{}":
                    pass
                elif at_start:  # \+ or \? with nothing to repeat: literal
                    out.append("\\" + d)
                    continue
                out.append(d)
            elif d in "<>" or (awk and d == "y"):
                out.append("\\b")
            elif d == "`":
                out.append("\\A")
            elif d == "'":
                out.append("\\Z")
            elif d in "wWsSbB" or d in "123456789" and not awk:
                out.append("\\" + d)
            elif awk:
                ch, i = _awk_escape(pat, i - 2)
                out.append(re.escape(ch))
            elif d == "n":
                out.append("\\n")
            elif d == "t":
                out.append("\\t")
            else:
                out.append(re.escape(d))
            continue
        i += 1
        if c == "*":
            out.append("\\*" if at_start else "*")
        elif c == "^":
            if bre and not at_start:
                out.append("\\^")
            else:
                out.append("^")
                start = True
        elif c == "$":
            if bre and not (i == n or pat.startswith("\\)", i) or pat.startswith("\\|", i)):
                out.append("\\$")
            else:
                out.append("\\Z")
        elif c == ".":
            out.append(".")
        elif bre and c in "(){}|+?":
            out.append("\\" + c)
        elif c in "+?":
            out.append("\\" + c if at_start else c)
        elif c == "{":
            m = _INTERVAL.match(pat, i - 1)
            if m and not at_start:
                out.append(m.group(0))
                i = m.end()
            else:
                out.append("\\{")
        elif c == "(":
            depth += 1
            start = True
            out.append("(")
        elif c == ")":
            if depth == 0:
                if awk:
                    out.append("\\)")
                    continue
                raise RegexError("Unmatched ) or \\)")
            depth -= 1
            out.append(")")
        elif c == "|":
            start = True
            out.append("|")
        elif c == "}":
            out.append("\\}")
        else:
            out.append(re.escape(c) if c in "#& ~\t\n\r\v\f-" else c)
    if depth:
        raise RegexError("Unmatched ( or \\(")
    return "".join(out)


@lru_cache(maxsize=512)
def compile_bytes(pat: str, mode: str, icase: bool = False) -> "re.Pattern[bytes]":
    """Compile for matching bytes (grep, sed)."""
    src = translate(pat, mode)
    try:
        return re.compile(src.encode("utf-8", "surrogateescape"), re.S | (re.I if icase else 0))
    except re.error as e:
        raise RegexError(_gnu_msg(e)) from None


@lru_cache(maxsize=512)
def compile_awk(pat: str) -> "re.Pattern[str]":
    """Compile an awk ERE for latin-1 strings."""
    src = translate(pat, "awk")
    try:
        return re.compile(src, re.ASCII | re.S)
    except re.error as e:
        raise RegexError(_gnu_msg(e)) from None


def _gnu_msg(e: re.error) -> str:
    m = str(e.msg)
    if "unterminated character set" in m:
        return "Unmatched [, [^, [:, [., or [="
    if "missing )" in m:
        return "Unmatched ( or \\("
    if "unbalanced parenthesis" in m:
        return "Unmatched ) or \\)"
    if "invalid group reference" in m:
        return "Invalid back reference"
    if "nothing to repeat" in m or "multiple repeat" in m:
        return "Invalid preceding regular expression"
    return "Invalid regular expression"


def substitute(rx: "re.Pattern", s, repl: Callable, nth: int = 1, glob: bool = False):
    """POSIX substitution (sed ``s``, awk ``sub``/``gsub``): replace the ``nth``
    match (and all later ones if ``glob``); an empty match right after a previous
    match is not a match. ``repl(m)`` gives the replacement. Returns
    ``(new, count)``."""
    out = []
    pos = 0
    k = 0
    done = 0
    prev_end = -1
    for m in rx.finditer(s):
        st, en = m.span()
        if st == en and st == prev_end:
            continue
        prev_end = en
        k += 1
        if k < nth:
            continue
        out.append(s[pos:st])
        out.append(repl(m))
        pos = en
        done += 1
        if not glob:
            break
    if not done:
        return s, 0
    out.append(s[pos:])
    return s[:0].join(out), done
