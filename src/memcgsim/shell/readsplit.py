"""How ``read`` splits its line among its variables (bash 5.2 builtins/read.def
``read_builtin`` with subst.c ``get_word_from_string`` and
``strip_trailing_ifs_whitespace``; dash 0.5.12 and busybox 1.35 give the same
fields): a backslash quotes the character after it (no ``-r``: read.def marks it
CTLESC, so it separates nothing and is kept), every variable but the last takes
one field, and the last takes the rest of the line less its trailing IFS white
space (quoted or not: read.def marks a quoted IFS character CTLESC, which
``strip_trailing_ifs_whitespace`` strips with it), or its one field alone when
nothing follows that field's delimiter (``a:b:`` read by ``IFS=: read x y`` gives
``y=b``). dash and busybox split
the same lines the same but at the edges of quoted characters, each by its own
code (:func:`dash_read_fields`, :func:`bb_read_fields`)."""
from __future__ import annotations

_WS = " \t\n"


def _chars(text: str, raw: bool) -> list[tuple[str, bool]]:
    """The line's characters, each with whether a backslash quoted it."""
    if raw:
        return [(c, False) for c in text]
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            out.append((text[i + 1], True))
            i += 2
        else:
            if c != "\\":       # a lone backslash at the end: read.def drops it
                out.append((c, False))
            i += 1
    return out


def unescape(text: str, raw: bool) -> str:
    """The line with its backslashes taken (no ``-r``), unsplit (``REPLY``, ``-N``)."""
    return text if raw else "".join(c for c, _ in _chars(text, raw))


def _skip_white(s: list, i: int, white: str) -> int:
    """Past the unquoted IFS white space (``white``) from ``s[i]``."""
    n = len(s)
    while i < n and not s[i][1] and s[i][0] in white:
        i += 1
    return i


def _get_word(s: list, i: int, ifs: str, white: str) -> tuple[str, int]:
    """subst.c ``get_word_from_string`` from ``s[i]``: leading IFS white space
    (``white``) skipped, the field up to an unquoted IFS character, then that
    separator, the IFS white space after it and, after a white-space separator, one
    non-white IFS character with its white space: (field, where the next starts)."""
    n = len(s)
    i = _skip_white(s, i, white)
    j = i
    while j < n and (s[j][1] or s[j][0] not in ifs):
        j += 1
    word = "".join(c for c, _ in s[i:j])
    if j < n:
        whitesep = s[j][0] in white
        j = _skip_white(s, j + 1, white)
        if j < n and whitesep and not s[j][1] and s[j][0] in ifs and s[j][0] not in white:
            j = _skip_white(s, j + 1, white)
    return word, j


def read_fields(text: str, ifs: str | None, nvars: int, raw: bool) -> list[str]:
    """bash's values of ``read``'s ``nvars`` variables for the line ``text`` (its
    delimiter removed) under ``ifs`` (None: unset, the default)."""
    ifs = _WS if ifs is None else ifs
    s = _chars(text, raw)
    white = "".join(c for c in ifs if c in _WS)
    n = len(s)
    i = _skip_white(s, 0, white)
    out = []
    for _ in range(nvars - 1):
        if i < n:
            word, i = _get_word(s, i, ifs, white)
            out.append(word)
        else:
            out.append("")
    if i >= n:
        return out + [""]
    word, j = _get_word(s, i, ifs, white)
    if j >= n:
        return out + [word]
    end = n
    while end > i + 1 and s[end - 1][0] in white:
        end -= 1        # strip_trailing_ifs_whitespace: quoted IFS blanks too
    return out + ["".join(c for c, _ in s[i:end])]


def read_array(text: str, ifs: str | None, raw: bool) -> list[str]:
    """``read -a``'s elements: every field of the line (an escaped separator
    splits nothing)."""
    ifs = _WS if ifs is None else ifs
    s = _chars(text, raw)
    white = "".join(c for c in ifs if c in _WS)
    words = []
    i = _skip_white(s, 0, white)
    while i < len(s):
        word, i = _get_word(s, i, ifs, white)
        words.append(word)
    return words


def dash_read_fields(text: str, ifs: str | None, nvars: int, raw: bool) -> list[str]:
    """dash 0.5.12's fields: ``readcmd`` records the runs of unquoted characters
    as IFS regions (a quoted one lies between two), ``ifsbreakup`` splits within
    them with ``maxargs`` the variables' count (expand.c), so a quoted character
    after the last field's trailing IFS blanks is cut with them."""
    ifs = _WS if ifs is None else ifs
    s = _chars(text, raw)
    chars = [c for c, _ in s]
    regions, b = [], 0
    for i, (_, quoted) in enumerate(s):
        if quoted:
            regions.append((b, i))
            b = i + 1
    regions.append((b, len(s)))
    fields: list[str] = []
    maxargs, start, r = nvars, 0, None
    for b, e in regions:
        ifsspc = False
        p = b
        while p < e:
            q = p
            c = chars[p]
            p += 1
            isifs = c in ifs
            isdefifs = isifs and c in _WS
            if not maxargs:
                if isdefifs:
                    if r is None:
                        r = q
                    continue
                if not (isifs and ifsspc):
                    r = None
                ifsspc = False
                continue
            if ifsspc:
                if isifs:
                    q = p
                start = q
                if isdefifs:
                    continue
                isifs = False
            if isifs:
                ifsspc = isdefifs
                if q == start and ifsspc:       # IFS white space at the start
                    start = p
                    ifsspc = False
                    continue
                maxargs -= 1
                if not maxargs:
                    r = q
                    continue
                fields.append("".join(chars[start:q]))
                start = p
                continue
            ifsspc = False
    last = "".join(chars[start:len(chars) if r is None else r])
    if last:
        fields.append(last)
    return fields + [""] * (nvars - len(fields))


def bb_read_fields(text: str, ifs: str | None, nvars: int, raw: bool) -> list[str]:
    """busybox 1.35's fields (shell/shell_common.c ``shell_builtin_read``): split
    as the characters come, a quoted one stored past every IFS test; the last
    variable's buffer then loses its trailing IFS blanks, quoted or not, and a
    lone field its trailing delimiter (``isspace``'s blanks: also \\v \\f \\r)."""
    ifs = _WS if ifs is None else ifs
    out: list[str] = []
    buf: list[str] = []
    startword, backslash = 1, False
    for c in text:
        if not raw:
            if backslash:
                backslash = False
                buf.append(c)
                continue
            if c == "\\":
                backslash = True
                continue
        is_ifs = c in ifs
        if startword and is_ifs:
            if c.isspace():
                continue
            startword -= 1
            if startword == 1:
                continue
        startword = 0
        if len(out) < nvars - 1 and is_ifs:
            out.append("".join(buf))
            buf = []
            startword = 2 if c.isspace() else 1
            continue
        buf.append(c)
    n = len(buf)
    while n and buf[n - 1].isspace() and buf[n - 1] in ifs:
        n -= 1
    if n and buf[n - 1] in ifs:
        k = n - 1
        while k and buf[k - 1].isspace() and buf[k - 1] in ifs:
            k -= 1
        first = next((i for i, c in enumerate(buf[:n]) if c in ifs), n)
        if first >= k:          # one field: its trailing delimiters go
            n = k
    out.append("".join(buf[:n]))
    return out + [""] * (nvars - len(out))
