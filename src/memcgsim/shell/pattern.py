"""Bash's pattern matching, one implementation for every use: ``case``, ``[[ == ]]``,
``${x#p}`` ``%`` ``/``, pathname expansion and ``find -name``.

A pattern comes as (text, quoted) segments; quoted characters are literal, as a
backslash-escaped one is. Semantics of bash 5.2's ``lib/glob/sm_loop.c`` (``GMATCH``,
``BRACKMATCH``, ``EXTMATCH``) in the C locale:

- ``*`` ``?``; ``[...]`` with ``!``/``^`` negation, a leading ``]`` literal, ranges by
  code point (a reversed one matches nothing), ``[:class:]`` (an unknown class name
  matches nothing), ``[=c=]``, ``[.c.]``, backslash escapes; a ``[`` without its ``]``
  is literal;
- with ``extglob``: ``?(..|..)`` ``*(..)`` ``+(..)`` ``@(..)`` ``!(..)``.

A pattern compiles to a Python regex when it can (no ``!(...)``), else to a
backtracking matcher over the same parse; :class:`Pattern` hides which.
"""
from __future__ import annotations

import re

#: POSIX classes in the C locale (bash's ``is_valid_cclass`` names)
CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "0-9A-Za-z", "upper": "A-Z", "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "xdigit": "0-9A-Fa-f", "word": "0-9A-Za-z_",
    "punct": "".join("\\" + c for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "print": "\\x20-\\x7e", "graph": "\\x21-\\x7e", "cntrl": "\\x00-\\x1f\\x7f",
    "ascii": "\\x00-\\x7f",
}
EXT_OPS = "?*+@!"
#: collating-symbol names of ``[[.name.]]`` (bash's lib/glob/collsyms.h, printable ones)
COLLSYMS = {
    "space": " ", "exclamation-mark": "!", "quotation-mark": '"', "number-sign": "#",
    "dollar-sign": "$", "percent-sign": "%", "ampersand": "&", "apostrophe": "'",
    "left-parenthesis": "(", "right-parenthesis": ")", "asterisk": "*", "plus-sign": "+",
    "comma": ",", "hyphen": "-", "hyphen-minus": "-", "period": ".", "full-stop": ".",
    "slash": "/", "solidus": "/", "zero": "0", "one": "1", "two": "2", "three": "3",
    "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "colon": ":", "semicolon": ";", "less-than-sign": "<", "equals-sign": "=",
    "greater-than-sign": ">", "question-mark": "?", "commercial-at": "@",
    "left-square-bracket": "[", "backslash": "\\", "reverse-solidus": "\\",
    "right-square-bracket": "]", "circumflex": "^", "circumflex-accent": "^",
    "underscore": "_", "low-line": "_", "grave-accent": "`", "left-brace": "{",
    "left-curly-bracket": "{", "vertical-line": "|", "right-brace": "}",
    "right-curly-bracket": "}", "tilde": "~", "tab": "\t", "newline": "\n",
    "NUL": "\0", "DEL": "\x7f",
}

# parsed nodes: ("lit", str) ("any",) ("star",) ("set", regex class text)
# ("ext", op, [alternative node lists])


def _chars(segs) -> list[tuple[str, bool]]:
    """(char, literal) pairs: quoted characters and backslash escapes are literal."""
    out: list[tuple[str, bool]] = []
    for text, quoted in segs:
        if quoted:
            out.extend((c, True) for c in text)
            continue
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if c == "\\" and i + 1 < n:
                out.append((text[i + 1], True))
                i += 2
                continue
            out.append((c, False))
            i += 1
    return out


def _cls_char(c: str) -> str:
    return "\\" + c if c in "\\]-[^" else c


def _bracket(cs: list, i: int):
    """``cs[i]`` is an unquoted ``[``: (class regex text, index after ``]``) or None
    when the bracket is not closed (then ``[`` is literal)."""
    n = len(cs)
    j = i + 1
    neg = j < n and not cs[j][1] and cs[j][0] in "!^"
    if neg:
        j += 1
    items: list[str] = []
    first = True
    while True:
        if j >= n:
            return None
        c, lit = cs[j]
        if c == "]" and not lit and not first:
            j += 1
            break
        first = False
        if c == "[" and not lit and j + 1 < n and not cs[j + 1][1] and cs[j + 1][0] in ":=.":
            kind = cs[j + 1][0]
            k = j + 2
            while k + 1 < n and not (cs[k][0] == kind and cs[k + 1][0] == "]" and not cs[k + 1][1]):
                k += 1
            if k + 1 < n:
                name = "".join(ch for ch, _ in cs[j + 2:k])
                j = k + 2
                if kind == ":":
                    items.append(CLASSES.get(name, ""))
                elif len(name) == 1:
                    items.append(_cls_char(name))
                elif kind == "." and name in COLLSYMS:
                    items.append(_cls_char(COLLSYMS[name]))
                continue
            # no closing ":]": the "[" is an ordinary member
        lo = c
        j += 1
        if j + 1 < n and cs[j] == ("-", False) and cs[j + 1] != ("]", False):
            hi = cs[j + 1][0]
            j += 2
            if lo <= hi:
                items.append(_cls_char(lo) + "-" + _cls_char(hi))
            continue
        items.append(_cls_char(lo))
    body = "".join(items)
    if not body:
        return ("(?s:.)" if neg else "(?!)"), j
    return "[" + ("^" if neg else "") + body + "]", j


def _parse(cs: list, i: int, extglob: bool, inside: bool):
    """Nodes from ``cs[i:]`` up to the end (or, ``inside`` a group, an unquoted
    ``|`` or ``)``); returns (nodes, index)."""
    nodes: list = []
    lit: list[str] = []
    n = len(cs)

    def flush():
        if lit:
            nodes.append(("lit", "".join(lit)))
            lit.clear()

    while i < n:
        c, q = cs[i]
        if q:
            lit.append(c)
            i += 1
            continue
        if inside and c in "|)":
            break
        if extglob and c in EXT_OPS and i + 1 < n and cs[i + 1] == ("(", False):
            alts, j = _group(cs, i + 2, extglob)
            if alts is not None:
                flush()
                nodes.append(("ext", c, alts))
                i = j
                continue
        if c == "*":
            flush()
            if not nodes or nodes[-1] != ("star",):
                nodes.append(("star",))
        elif c == "?":
            flush()
            nodes.append(("any",))
        elif c == "[":
            b = _bracket(cs, i)
            if b is None:
                lit.append(c)
            else:
                flush()
                nodes.append(("set", b[0]))
                i = b[1]
                continue
        else:
            lit.append(c)
        i += 1
    flush()
    return nodes, i


def _group(cs: list, i: int, extglob: bool):
    """Alternatives of an extglob group whose ``(`` ends before ``i``; (None, i)
    when the group is not closed."""
    alts = []
    while True:
        nodes, i = _parse(cs, i, extglob, True)
        alts.append(nodes)
        if i >= len(cs):
            return None, i
        if cs[i][0] == ")":
            return alts, i + 1
        i += 1  # "|"


def _has_neg(nodes) -> bool:
    return any(nd[0] == "ext" and (nd[1] == "!" or any(_has_neg(a) for a in nd[2])) for nd in nodes)


def _regex(nodes) -> str:
    out = []
    for nd in nodes:
        k = nd[0]
        if k == "lit":
            out.append(re.escape(nd[1]))
        elif k == "any":
            out.append("(?s:.)")
        elif k == "star":
            out.append("(?s:.)*")
        elif k == "set":
            out.append(nd[1])
        else:
            body = "|".join(_regex(a) for a in nd[2])
            out.append("(?:" + body + ")" + {"?": "?", "*": "*", "+": "+", "@": ""}[nd[1]])
    return "".join(out)


class Pattern:
    """A compiled shell pattern."""

    __slots__ = ("nodes", "rx", "literal_dot", "alternation", "fold")

    def __init__(self, nodes: list, rx, fold: bool = False):
        self.nodes = nodes
        self.rx = rx
        #: letters match either case (bash's ``nocasematch``: ``FNM_CASEFOLD``)
        self.fold = fold
        #: holds an extglob group: the regex's first match need not be the longest
        self.alternation = any(nd[0] == "ext" for nd in nodes)
        #: starts with a literal "." (may match a leading dot in pathname expansion)
        self.literal_dot = bool(nodes) and nodes[0][0] == "lit" and nodes[0][1].startswith(".")

    def fullmatch(self, s: str, pos: int = 0, endpos: int | None = None) -> bool:
        """Whether ``s[pos:endpos]`` matches the whole pattern."""
        end = len(s) if endpos is None else endpos
        if self.rx is not None:
            return self.rx.fullmatch(s, pos, end) is not None
        return end in _Matcher(s, end, self.fold).ends(self.nodes, 0, pos)

    def search(self, s: str, pos: int = 0, anchored: bool = False):
        """The leftmost-longest match in ``s`` from ``pos`` (at ``pos`` only if
        ``anchored``) as (start, end), or None."""
        if self.rx is not None:
            m = self.rx.match(s, pos) if anchored else self.rx.search(s, pos)
            if m is None:
                return None
            if self.alternation:    # the longest from the leftmost start
                i = m.start()
                for j in range(len(s), m.end(), -1):
                    if self.rx.fullmatch(s, i, j):
                        return i, j
            return m.start(), m.end()
        n = len(s)
        for i in range(pos, pos + 1 if anchored else n + 1):
            ends = _Matcher(s, n, self.fold).ends(self.nodes, 0, i)
            if ends:
                return i, max(ends)
        return None


class _Matcher:
    """Backtracking over parsed nodes: the set of positions each suffix can end at."""

    def __init__(self, s: str, end: int, fold: bool = False):
        self.s = s
        self.end = end
        self.memo: dict = {}
        #: ``re`` flags of a bracket's match: ASCII letters of either case
        self.flags = re.IGNORECASE | re.ASCII if fold else 0

    def ends(self, nodes: list, k: int, i: int) -> frozenset:
        key = (id(nodes), k, i)
        got = self.memo.get(key)
        if got is not None:
            return got
        self.memo[key] = frozenset()  # an empty loop ends nowhere new
        got = frozenset(self._ends(nodes, k, i))
        self.memo[key] = got
        return got

    def _ends(self, nodes: list, k: int, i: int):
        if k == len(nodes):
            return {i}
        s, end = self.s, self.end
        nd = nodes[k]
        kind = nd[0]
        if kind == "lit":
            t = nd[1]
            if i + len(t) <= end and (s.startswith(t, i) or self.flags and _fold(s[i:i + len(t)]) == _fold(t)):
                return self.ends(nodes, k + 1, i + len(t))
            return set()
        if kind == "any":
            return self.ends(nodes, k + 1, i + 1) if i < end else set()
        if kind == "set":
            if i < end and re.fullmatch(nd[1], s[i], self.flags):
                return self.ends(nodes, k + 1, i + 1)
            return set()
        if kind == "star":
            out: set = set()
            for j in range(i, end + 1):
                out |= self.ends(nodes, k + 1, j)
            return out
        op, alts = nd[1], nd[2]
        if op == "!":
            bad: set = set()
            for a in alts:
                bad |= self.ends(a, 0, i)
            mids = [j for j in range(i, end + 1) if j not in bad]
        else:
            mids = set()
            for a in alts:
                mids |= self.ends(a, 0, i)
            if op in "*+":
                frontier = set(mids)
                while frontier:
                    nxt = set()
                    for j in frontier:
                        for a in alts:
                            nxt |= self.ends(a, 0, j)
                    frontier = nxt - mids
                    mids |= frontier
            if op in "?*":
                mids.add(i)
        out = set()
        for j in mids:
            out |= self.ends(nodes, k + 1, j)
        return out


_CACHE: dict = {}


def _fold(t: str) -> str:
    """``t`` with ASCII letters lower-cased (glob's ``FOLD``: ``tolower`` in the C
    locale)."""
    return t.translate(_LOWER)


_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def compile_pattern(segs, extglob: bool = False, fold: bool = False) -> Pattern:
    """Compile (text, quoted) segments (or one unquoted string) to a :class:`Pattern`
    (``fold``: letters match either case, bash's ``nocasematch``)."""
    if isinstance(segs, str):
        segs = ((segs, False),)
    key = (tuple(segs), extglob, fold)
    p = _CACHE.get(key)
    if p is not None:
        return p
    nodes, _ = _parse(_chars(segs), 0, extglob, False)
    rx = None if _has_neg(nodes) else re.compile(_regex(nodes), re.IGNORECASE | re.ASCII if fold else 0)
    p = Pattern(nodes, rx, fold)
    if len(_CACHE) > 4096:
        _CACHE.clear()
    _CACHE[key] = p
    return p


def has_glob(t: str, extglob: bool = True) -> bool:
    """Whether unquoted text ``t`` may be a pattern (``[`` only with a later ``]``,
    as bash's ``glob_pattern_p``; ``X(`` for an extglob operator X)."""
    if "*" in t or "?" in t:
        return True
    if extglob and "(" in t and any(op + "(" in t for op in "+@!"):
        return True
    i = t.find("[")
    return i >= 0 and t.find("]", i + 1) >= 0


def is_pattern(segs, extglob: bool = False) -> bool:
    """Whether (text, quoted) segments hold an unquoted pattern character."""
    return any(not q and has_glob(t, extglob) for t, q in segs)
