"""Bash's ways of quoting a string for reuse as input (bash 5.2's lib/sh/shquote.c and
``ansic_quote``), in the C locale: ``printf %q``, ``${x@Q}`` and ``declare -p``."""
from __future__ import annotations

#: characters ``sh_backslash_quote`` escapes anywhere (``#`` and ``~`` only where special)
_BACKSLASHED = frozenset(" \t\n!\"$&'()*,;<>?[\\]^`{|}")
_ANSIC = {"\a": "\\a", "\b": "\\b", "\x1b": "\\E", "\f": "\\f", "\n": "\\n", "\r": "\\r",
          "\t": "\\t", "\v": "\\v", "\\": "\\\\", "'": "\\'"}


def _printable(c: str) -> bool:
    return " " <= c <= "~"


def ansic_quote(s: str) -> str:
    """``$'...'`` with C escapes; other unprintable bytes (and every byte of a
    non-ASCII character, the C locale's view) as ``\\ooo``."""
    out = []
    for c in s:
        if c in _ANSIC:
            out.append(_ANSIC[c])
        elif _printable(c):
            out.append(c)
        else:
            out.extend(f"\\{b:03o}" for b in c.encode("utf-8", "surrogateescape"))
    return "$'" + "".join(out) + "'"


def needs_ansic(s: str) -> bool:
    """Whether a character of ``s`` is not printable (``ansic_shouldquote``)."""
    return any(not _printable(c) for c in s)


def double_quote(s: str) -> str:
    """``"..."`` with ``"``, ``$``, `````` ` `````` and ``\\`` backslashed (``sh_double_quote``)."""
    return '"' + "".join("\\" + c if c in '"$`\\' else c for c in s) + '"'


def quote_value(s: str) -> str:
    """A value as ``declare -p`` prints it: ``$'...'`` when a character is not
    printable (``ansic_shouldquote``), else double quotes."""
    return ansic_quote(s) if needs_ansic(s) else double_quote(s)


def single_quote(s: str) -> str:
    """``'...'`` with each ``'`` as ``'\\''``, a lone ``'`` as ``\\'`` (``sh_single_quote``)."""
    if s == "'":
        return "\\'"
    return "'" + s.replace("'", "'\\''") + "'"


#: ``sh_contains_shell_metas``' characters (``~`` only first or after ``=``/``:``,
#: ``#`` only first)
_METAS = frozenset(" \t\n'\"\\|&;()<>!{}*[?]^$`")


def contains_shell_metas(s: str) -> bool:
    """lib/sh/shquote.c ``sh_contains_shell_metas``: whether ``s`` needs quoting to be
    read back as one word (``set``'s values, associative keys, ``set -x``)."""
    if s[:1] in ("#", "~"):
        return True
    return not _METAS.isdisjoint(s) or ("~" in s and ("=~" in s or ":~" in s))


def quote_reusable(s: str) -> str:
    """``${x@Q}``: ``''`` for the empty string, ``$'...'`` when a character is not
    printable, else single quotes."""
    if not s:
        return "''"
    return ansic_quote(s) if needs_ansic(s) else single_quote(s)


def printf_q(s: str) -> str:
    """``printf %q``: ``''``, ``$'...'`` when a character is not printable, else
    backslashes before the characters special to the shell (``sh_backslash_quote``
    with tildes: ``#`` at the start, ``~`` at the start or after ``:`` or ``=``)."""
    if not s:
        return "''"
    if needs_ansic(s):
        return ansic_quote(s)
    out = []
    for i, c in enumerate(s):
        if c in _BACKSLASHED or (c == "#" and i == 0) or (
                c == "~" and (i == 0 or s[i - 1] in ":=")):
            out.append("\\")
        out.append(c)
    return "".join(out)
