"""gnulib's ``filevercmp``: the version order of ``sort -V`` and ``ls -v``
(coreutils 9.1, Debian 12: lib/filevercmp.c), on bytes.

Digit runs compare as numbers (leading zeros skipped, then by length, then by
digits); other characters by ``order``: letters by code, ``~`` before the end of
a part, everything else after letters. Names starting with "." come first ("."
then ".." then the rest), and a trailing run of file suffixes
(``(\\.[A-Za-z~][A-Za-z0-9~]*)*``) only breaks ties.
"""
from __future__ import annotations

import re

_DIGITS = frozenset(b"0123456789")
_ALPHA = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


#: a file's suffixes: the longest tail this matches (coreutils' manual, "Version
#: sort ordering"; a name can be all suffix: ".Z" sorts before ".0")
_SUFFIX = re.compile(rb"(?:\.[A-Za-z~][A-Za-z0-9~]*)*\Z")


def _prefixlen(s: bytes) -> int:
    """``file_prefixlen``: the length without the trailing suffixes."""
    return _SUFFIX.search(s).start()


def _order(s: bytes, pos: int, end: int) -> int:
    if pos == end:
        return -1
    c = s[pos]
    if c in _DIGITS:
        return 0
    if c in _ALPHA:
        return c
    if c == 0x7E:
        return -2
    return c + 256


def _verrevcmp(a: bytes, alen: int, b: bytes, blen: int) -> int:
    i = j = 0
    while i < alen or j < blen:
        first_diff = 0
        while (i < alen and a[i] not in _DIGITS) or (j < blen and b[j] not in _DIGITS):
            ca, cb = _order(a, i, alen), _order(b, j, blen)
            if ca != cb:
                return ca - cb
            i += 1
            j += 1
        while i < alen and a[i] == 0x30:
            i += 1
        while j < blen and b[j] == 0x30:
            j += 1
        while i < alen and j < blen and a[i] in _DIGITS and b[j] in _DIGITS:
            if not first_diff:
                first_diff = a[i] - b[j]
            i += 1
            j += 1
        if i < alen and a[i] in _DIGITS:
            return 1
        if j < blen and b[j] in _DIGITS:
            return -1
        if first_diff:
            return first_diff
    return 0


def filevercmp(a: bytes, b: bytes) -> int:
    """``filevercmp``: <0, 0 or >0 as ``a`` sorts before, with or after ``b``."""
    if not a:
        return -1 if b else 0
    if not b:
        return 1
    if a[0] == 0x2E:
        if b[0] != 0x2E:
            return -1
        if a == b".":
            return 0 if b == b"." else -1
        if b == b".":
            return 1
        if a == b"..":
            return 0 if b == b".." else -1
        if b == b"..":
            return 1
    elif b[0] == 0x2E:
        return 1
    ap, bp = _prefixlen(a), _prefixlen(b)
    r = _verrevcmp(a, ap, b, bp)
    if r or (ap == len(a) and bp == len(b)):
        return r
    return _verrevcmp(a, len(a), b, len(b))


class Version:
    """A sort key ordered by :func:`filevercmp`."""
    __slots__ = ("b",)

    def __init__(self, b: bytes) -> None:
        self.b = b

    def __lt__(self, other: "Version") -> bool:
        return filevercmp(self.b, other.b) < 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and filevercmp(self.b, other.b) == 0

    __hash__ = None  # type: ignore[assignment]
