"""busybox 1.35's printf and echo (coreutils/printf.c, coreutils/echo.c): the guests'
/bin/printf and /bin/echo, and busybox sh's ``printf`` and ``echo`` builtins.

Where they differ from bash's and coreutils': escapes are libbb's
``bb_process_escape_sequence`` (``\\NNN`` octal without a leading 0, ``\\xHH``, no
``\\u``; an unknown one is kept with its backslash); a number that does not convert,
an empty one included, is ``invalid number 'X'`` and 0 (status 1 at the end), a
missing float is 0 silently (``conv_strtod``); a conversion outside
``diouxXfeEgGcs`` ends the output with ``REST: invalid format`` (REST the format
from its ``%``); one flag of ``-+ #`` at most, then digits; ``%b`` and ``\\c`` as
``print_esc_string``. Checked against the host's busybox 1.35
(tests/shell/ash_cases/printf.sh). Strings are latin-1 inside, as printf.py's."""
from __future__ import annotations

from typing import Callable

from .printf import _from_l1, _to_l1

#: libbb's one-letter escapes (``bb_process_escape_sequence``'s charmap)
_ESC = {"a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
        "v": "\v", "\\": "\\"}
#: print_formatted's conversions
_CONVS = "diouxXfeEgGcs"


def escape(s: str, i: int) -> tuple[str, int]:
    """``bb_process_escape_sequence`` at ``s[i]`` (just after a backslash): the
    character and where the text goes on. ``\\x`` takes up to 2 hex digits,
    octal up to 3 digits while the value fits a byte; an unknown letter (or a
    bad ``\\x``) gives the backslash alone, the letter left to print."""
    base, digits, n, j = 8, 0, 0, i
    if s[j:j + 1] == "x":
        base, digits, j = 16, 1, j + 1
    while True:
        c = s[j:j + 1]
        d = int(c, 16) if c and c in "0123456789abcdefABCDEF" else 99
        if d >= base:
            if base == 16:
                digits -= 1
                if digits == 0:
                    return "\\", i
            break
        if n * base + d > 255:
            break
        n = n * base + d
        j += 1
        digits += 1
        if digits >= 3:
            break
    if digits == 0:
        c = s[i:i + 1]
        if c in _ESC:
            return _ESC[c], i + 1
        return "\\", i
    return chr(n), j


def esc_string(s: str) -> tuple[str, bool]:
    """``print_esc_string`` (``%b``, ``echo -e``): escapes, ``\\0NNN`` as octal,
    ``\\c`` stops everything (True)."""
    out, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        i += 1
        if c == "\\":
            if s[i:i + 1] == "0" and s[i + 1:i + 2] in tuple("01234567"):
                i += 1
            elif s[i:i + 1] == "c":
                return "".join(out), True
            c, i = escape(s, i)
        out.append(c)
    return "".join(out), False


def _int(arg: str, unsigned: bool, report: Callable[[str], None]) -> int | None:
    """``multiconvert`` with ``conv_strtoll``/``conv_strtoull``: a quote's character
    code, else base 0 (``0x``, ``0``) after blanks and one ``+``; None after
    reporting ``invalid number``."""
    if arg[:1] in ("'", '"'):
        return ord(arg[1]) if len(arg) > 1 else 0
    t = arg.lstrip(" \t\n")
    if t[:1] == "+":
        t = t[1:]
    neg = t[:1] == "-"
    body = t[1:] if neg else t
    try:
        if body[:2] in ("0x", "0X") and len(body) > 2:
            v = int(body[2:], 16)
        elif body[:1] == "0" and len(body) > 1:
            v = int(body[1:], 8)
        else:
            v = int(body) if body.isdigit() else None
    except ValueError:
        v = None
    if v is not None:
        v = -v if neg else v
        if -2**63 <= v < 2**64 and (unsigned or v < 2**63):
            return v & (2**64 - 1) if unsigned else v
    report(f"invalid number '{arg}'")
    return None


def _float(arg: str, report: Callable[[str], None]) -> float:
    """``conv_strtod``: what strtod reads, ``invalid number`` if text is left (an
    empty argument is 0, no error)."""
    t = arg.lstrip(" \t\n")
    if not t:
        return 0.0
    hexa = t.lstrip("+-")[:2] in ("0x", "0X")
    try:
        return float.fromhex(t) if hexa else float(t)
    except ValueError:
        pass
    report(f"invalid number '{arg}'")
    return 0.0


def bb_printf(fmt: str, args: list[str], report: Callable[[str], None]) -> tuple[str, bool]:
    """``printf_main``'s loop over ``print_formatted``: the output, and whether it
    failed (an invalid number or format: status 1)."""
    fmt, args = _to_l1(fmt), [_to_l1(a) for a in args]
    out: list[str] = []
    bad = False

    def rep(msg: str) -> None:
        nonlocal bad
        bad = True
        report(_from_l1(msg))
    ai = 0
    while True:
        start = ai
        i, n = 0, len(fmt)
        while i < n:
            c = fmt[i]
            if c == "\\":
                if fmt[i + 1:i + 2] == "c":
                    return _from_l1("".join(out)), bad
                ch, i = escape(fmt, i + 1)
                out.append(ch)
                continue
            if c != "%":
                out.append(c)
                i += 1
                continue
            d = i
            i += 1
            if fmt[i:i + 1] == "%":
                out.append("%")
                i += 1
                continue
            if fmt[i:i + 1] == "b":
                i += 1
                if ai < len(args):
                    text, stop = esc_string(args[ai])
                    ai += 1
                    out.append(text)
                    if stop:
                        return _from_l1("".join(out)), bad
                continue
            flag = ""
            if fmt[i:i + 1] and fmt[i] in "-+ #":
                flag = fmt[i]
                i += 1
            width = prec = ""
            if fmt[i:i + 1] == "*":
                i += 1
                if ai < len(args):
                    width = str(_int(args[ai], False, rep) or 0)
                    ai += 1
            else:
                while fmt[i:i + 1].isdigit():
                    width += fmt[i]
                    i += 1
            if fmt[i:i + 1] == ".":
                i += 1
                prec = "."
                if fmt[i:i + 1] == "*":
                    i += 1
                    if ai < len(args):
                        prec += str(_int(args[ai], False, rep) or 0)
                        ai += 1
                else:
                    while fmt[i:i + 1].isdigit():
                        prec += fmt[i]
                        i += 1
            mods = i
            while fmt[i:i + 1] and (fmt[i] in "lLhz"):
                i += 1          # size modifiers cut out of the format (coreutils' leniency)
            conv = fmt[i:i + 1]
            if not conv or conv not in _CONVS:
                rep(f"{fmt[d:mods]}{fmt[i:]}: invalid format")
                return _from_l1("".join(out)), True
            i += 1
            arg = args[ai] if ai < len(args) else ""
            ai += ai < len(args)
            if width[:1] == "-" and flag == "-":
                width = width[1:]       # a negative '*' width: left-justified already
            spec = "%" + flag + width + prec
            if conv in "di":
                v = _int(arg, False, rep)
                out.append((spec + "d") % (v or 0))
            elif conv in "ouxX":
                v = _int(arg, True, rep) or 0
                if not v and conv in "xX":
                    spec = spec.replace("#", "")    # C's %#x of 0 has no 0x
                if conv == "o" and flag == "#":
                    # C's alternate octal: a leading 0 unless the digits have one
                    body = ("%" + prec + "o") % v
                    out.append(("%" + width + "s") % (body if body[:1] == "0" else "0" + body))
                else:
                    out.append((spec + ("d" if conv == "u" else conv)) % v)
            elif conv in "feEgG":
                out.append((spec + conv) % _float(arg, rep))
            elif conv == "c":
                out.append(("%" + flag + width + "s") % (arg[:1] or "\0"))
            else:
                out.append((spec + "s") % arg)
        if ai <= start or ai >= len(args):
            break
    return _from_l1("".join(out)), bad


def bb_echo(args: list[str]) -> str:
    """coreutils/echo.c: leading arguments made only of ``n``, ``e``, ``E`` after a
    ``-`` are options; ``-e`` text as ``print_esc_string``."""
    newline, esc, i = True, False, 0
    while i < len(args) and len(args[i]) > 1 and args[i][0] == "-" and \
            all(c in "neE" for c in args[i][1:]):
        for c in args[i][1:]:
            if c == "n":
                newline = False
            else:
                esc = c == "e"
        i += 1
    parts = []
    for k, a in enumerate(args[i:]):
        if k:
            parts.append(" ")
        if esc:
            text, stop = esc_string(_to_l1(a))
            parts.append(_from_l1(text))
            if stop:
                return "".join(parts)
        else:
            parts.append(a)
    return "".join(parts) + ("\n" if newline else "")
