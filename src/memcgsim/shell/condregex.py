"""The regular expressions of ``[[ X =~ RE ]]``: the string bash hands
``regcomp(REG_EXTENDED)`` (bash 5.2 pathexp.c ``quote_string_for_globbing`` with
QGLOB_REGEXP) and glibc's reading of it (commands/posixre.py's ``regcomp`` mode),
which busybox sh's ``[[`` (coreutils/test.c ``binop``) shares."""
from __future__ import annotations

import re
from functools import lru_cache

from .commands.posixre import RegexError, translate

#: pathexp.c ``ere_char``: the characters a quoted one gets a backslash before
ERE_CHARS = frozenset(".[\\()*+?{|^$")


def bash_regex(segs) -> str:
    """The ERE of the (text, quoted) segments ``segs``: a quoted character special
    in an ERE gets a backslash, another goes bare; inside a bracket expression
    (an unquoted ``[`` to its ``]``, ``[:class:]``, ``[=e=]`` and ``[.c.]`` read
    whole) every character goes bare; a ``[`` with no ``]`` is an ordinary one."""
    cs = [(c, q) for t, q in segs for c in t]
    n = len(cs)
    out: list[str] = []
    i = 0
    while i < n:
        c, q = cs[i]
        i += 1
        if q:
            out.append("\\" + c if c in ERE_CHARS else c)
            continue
        if c != "[":
            out.append(c)
            continue
        end = _bracket_end(cs, i)
        if end is None:
            out.append(c)
            continue
        out.append("[" + "".join(ch for ch, _ in cs[i:end]))
        i = end
    return "".join(out)


def _bracket_end(cs: list, i: int) -> int | None:
    """Just past the ``]`` closing the bracket expression whose ``[`` is before
    ``cs[i]`` (quote_string_for_globbing's loop: a leading ``^`` then ``]`` are
    members; a quoted ``]`` is one), or None."""
    n = len(cs)

    def at(k: int) -> tuple[str | None, bool]:
        return cs[k] if k < n else (None, False)

    if at(i) == ("^", False):
        i += 1
    if at(i) == ("]", False):
        i += 1
    inside = None       # the ``:``/``=``/``.`` of an open [:class:], [=e=], [.c.]
    while i < n:
        c, q = cs[i]
        i += 1
        if q:
            continue
        if c == "]" and inside is None:
            return i
        nxt = at(i)
        if inside is None and c == "[" and nxt[0] in (":", "=", ".") and not nxt[1]:
            inside = nxt[0]
            i += 1
            if inside != ":" and at(i) == ("]", False):
                i += 1          # a right bracket may stand in an equivalence class
        elif c == inside and nxt == ("]", False):
            inside = None
            i += 1
    return None


@lru_cache(maxsize=256)
def regcomp(pattern: str, icase: bool = False) -> "re.Pattern[str]":
    """``regcomp(pattern, REG_EXTENDED)``: a pattern searching a whole string
    (``.`` matches a newline, ``^``/``$`` its ends); RegexError when glibc
    refuses it. ``icase``: ``REG_ICASE`` (shmatch.c with ``nocasematch``)."""
    try:
        return re.compile(translate(pattern, "regcomp"), re.S | (re.I | re.A if icase else 0))
    except re.error as e:
        raise RegexError(str(e)) from None


@lru_cache(maxsize=256)
def _ending(pattern: str, left: int, icase: bool) -> "re.Pattern[str]":
    """``pattern`` matched only where ``left`` characters of the string follow."""
    return re.compile(f"(?:{translate(pattern, 'regcomp')})(?=.{{{left}}}\\Z)",
                      re.S | (re.I | re.A if icase else 0))


def posix_search(pattern: str, s: str, icase: bool = False) -> "re.Match[str] | None":
    """``regexec``'s match of ``pattern`` in ``s``: the leftmost, of those the
    longest (POSIX; Python's alternation takes the first alternative that
    matches: ``(a|ab)`` in ``ab`` is ``ab`` here). RegexError as :func:`regcomp`."""
    m = regcomp(pattern, icase).search(s)
    if m is None or m.end() == len(s):
        return m
    for end in range(len(s), m.end(), -1):
        longer = _ending(pattern, len(s) - end, icase).match(s, m.start())
        if longer is not None:
            return longer
    return m
