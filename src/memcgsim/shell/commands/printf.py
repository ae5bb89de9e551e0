"""printf, echo, test/[ , true, false as /bin programs.

coreutils' wording and rules (the shell's builtins are bash's, in shell/builtins.py);
``test`` shares its grammar with bash's (shell/testexpr.py).
Strings are handled as latin-1 internally so that ``\\NNN`` escapes give bytes.
"""
from __future__ import annotations

import re
import stat as S
from functools import partial
from typing import TYPE_CHECKING, Callable

from ...lazyimport import LazyPattern
from ..testexpr import COREUTILS_MSGS, TestParser, TestSyntax
from ._util import UsageError, command, err, quirk, raw_write

if TYPE_CHECKING:
    from ..context import CommandContext

_SIMPLE_ESC = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n",
               "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"', "'": "'", "?": "?"}
_SPEC = LazyPattern(r"%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXfFeEgGaAcsbq%])")


def _to_l1(s: str) -> str:
    return s.encode("utf-8", "surrogateescape").decode("latin-1")


def _from_l1(s: str) -> str:
    return s.encode("latin-1").decode("utf-8", "surrogateescape")


def _escapes(s: str, in_b: bool) -> tuple[str, bool]:
    """Backslash escapes of a printf format (``in_b``: of a ``%b`` argument, where
    ``\\0NNN`` is octal and ``\\c`` stops all output). Returns (text, stop)."""
    out = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        d = s[i + 1]
        if d in _SIMPLE_ESC and not (in_b and d in "\"?'"):
            out.append(_SIMPLE_ESC[d])
            i += 2
        elif d in "01234567":
            j = i + 1
            lim = 4
            if in_b and d == "0":
                j += 1
            k = j
            while k < n and k < j + (3 if in_b else lim - 1) and s[k] in "01234567":
                k += 1
            out.append(chr(int(s[j:k] or "0", 8) & 0xFF))
            i = k
        elif d == "x":
            m = re.match(r"[0-9a-fA-F]{1,2}", s[i + 2:])
            if m:
                out.append(chr(int(m.group(0), 16)))
                i += 2 + m.end()
            else:
                out.append("\\x")
                i += 2
        elif d in "uU":
            m = re.match(r"[0-9a-fA-F]{1,%d}" % (4 if d == "u" else 8), s[i + 2:])
            if m:
                out.append(_to_l1(chr(int(m.group(0), 16))))
                i += 2 + m.end()
            else:
                out.append("\\" + d)
                i += 2
        elif d == "c" and in_b:
            return "".join(out), True
        else:
            out.append("\\" + d)
            i += 2
    return "".join(out), False


def _intarg(a: str, errors: list[str]) -> int:
    s = a.strip()
    if not s:
        return 0
    if s[0] in "'\"":
        return ord(s[1]) if len(s) > 1 else 0
    m = re.fullmatch(r"([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)", s)
    if m:
        body = m.group(2)
        v = int(body, 16) if body[:2].lower() == "0x" else int(body, 8) if body.startswith("0") else int(body)
        return -v if m.group(1) == "-" else v
    m = re.match(r"[-+]?\d+", s)
    errors.append(f"{a}: invalid number")
    return int(m.group(0)) if m else 0


def _floatarg(a: str, errors: list[str]) -> float:
    s = a.strip()
    if s and s[0] in "'\"":
        return float(ord(s[1])) if len(s) > 1 else 0.0
    try:
        return float(s) if s else 0.0
    except ValueError:
        errors.append(f"{a}: invalid number")
        return 0.0


def _shell_quote(s: str) -> str:
    if s == "":
        return "''"
    return re.sub(r"([^A-Za-z0-9_./,:=@%^+-])", r"\\\1", s)


def format_printf(fmt: str, args: list[str]) -> tuple[str, list[str]]:
    """bash ``printf FORMAT ARGS...``: returns (output, error messages without the
    ``printf: `` prefix). The format is reused while arguments remain."""
    fmt = _to_l1(fmt)
    args = [_to_l1(a) for a in args]
    errors: list[str] = []
    out: list[str] = []
    ai = 0
    while True:
        consumed = False
        pos = 0
        for m in _SPEC.finditer(fmt):
            text, _ = _escapes(fmt[pos:m.start()], False)
            out.append(text)
            pos = m.end()
            flags, width, prec, conv = m.groups()
            if conv == "%":
                out.append("%")
                continue
            if width == "*":
                width = str(_intarg(args[ai], errors)) if ai < len(args) else "0"
                ai += 1
                consumed = True
            if prec == "*":
                prec = str(_intarg(args[ai], errors)) if ai < len(args) else "0"
                ai += 1
                consumed = True
            arg = args[ai] if ai < len(args) else None
            if ai < len(args):
                consumed = True
            ai += 1
            flags = flags.replace("'", "")
            spec = "%" + flags + (width or "") + ("." + prec if prec is not None else "")
            if conv in "di":
                out.append((spec + "d") % _intarg(arg or "0", errors))
            elif conv in "ouxX":
                v = _intarg(arg or "0", errors)
                if v < 0:
                    v &= (1 << 64) - 1
                out.append((spec + conv.replace("u", "d")) % v)
            elif conv in "fFeEgGaA":
                v = _floatarg(arg or "0", errors)
                out.append(float.hex(v) if conv in "aA" else (spec + conv) % v)
            elif conv == "c":
                out.append(("%" + flags + (width or "") + "s") % ((arg or "")[:1]))
            elif conv == "s":
                out.append((spec + "s") % (arg or ""))
            elif conv == "q":
                out.append(("%" + flags + (width or "") + "s") % _shell_quote(arg or ""))
            elif conv == "b":
                text, stop = _escapes(arg or "", True)
                out.append((spec + "s") % text)
                if stop:
                    return _from_l1("".join(out)), errors
        text, _ = _escapes(fmt[pos:], False)
        out.append(text)
        if ai >= len(args) or not consumed:
            break
    return _from_l1("".join(out)), errors


def echo_text(args: list[str], allow_opts: bool = True) -> str:
    """bash/coreutils ``echo``: ``-n``, ``-e``, ``-E`` (combinable, first args only)."""
    newline, esc = True, False
    i = 0
    while allow_opts and i < len(args) and re.fullmatch(r"-[neE]+", args[i]):
        for c in args[i][1:]:
            if c == "n":
                newline = False
            elif c == "e":
                esc = True
            else:
                esc = False
        i += 1
    text = " ".join(args[i:])
    if esc:
        t, stop = _escapes(_to_l1(text), True)
        text = _from_l1(t)
        if stop:
            return text
    return text + ("\n" if newline else "")


@command("printf", std_opts=False)
def cmd_printf(ctx: "CommandContext") -> int:
    """``printf FORMAT [ARG]...``; busybox's under its userland (bbprintf.py)."""
    args = ctx.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if quirk(ctx, "printf.busybox"):
        from .bbprintf import bb_printf
        if not args:
            raise UsageError("")        # bb_show_usage
        text, bad = bb_printf(args[0], args[1:], lambda m: err(ctx, f"printf: {m}"))
        raw_write(ctx.stdout, text.encode("utf-8", "surrogateescape"))
        return int(bad)
    if not args:
        ctx.stderr.write("printf: missing operand\nTry 'printf --help' for more information.\n")
        return 1
    text, errors = format_printf(args[0], args[1:])
    raw_write(ctx.stdout, text.encode("utf-8", "surrogateescape"))
    for e in errors:
        ctx.stderr.write(f"printf: {e}\n")
    return 1 if errors else 0


@command("echo", std_opts=False)
def cmd_echo(ctx: "CommandContext") -> int:
    """``echo [-neE] [STRING]...``; busybox's escapes under its userland (bbprintf.py)."""
    if quirk(ctx, "printf.busybox"):
        from .bbprintf import bb_echo
        text = bb_echo(ctx.argv[1:])
    else:
        text = echo_text(ctx.argv[1:])
    raw_write(ctx.stdout, text.encode("utf-8", "surrogateescape"))
    return 0


@command("true", std_opts=False)
def cmd_true(ctx: "CommandContext") -> int:
    return 0


@command("false", std_opts=False)
def cmd_false(ctx: "CommandContext") -> int:
    return 1


# --- test ---------------------------------------------------------------------------

#: coreutils' unary operators
_UNARY = frozenset("-" + c for c in "bcdefghknprstuwxGLOSzN")


def test_eval(args: list[str], stat: Callable[[str], object]) -> bool:
    """Evaluate a coreutils ``test`` expression; ``stat(path)`` is ``sys.stat`` for the
    caller (raises OSError). Raises :class:`TestSyntax` with coreutils' message."""

    def unary(op: str, x: str) -> bool:
        c = op[1]
        if c == "n":
            return x != ""
        if c == "z":
            return x == ""
        if c == "t":
            return False
        try:
            st = stat(x)
        except OSError:
            return False
        m = st.st_mode
        return {
            "e": True, "f": S.S_ISREG(m), "d": S.S_ISDIR(m), "s": st.st_size > 0,
            "r": True, "w": True, "x": bool(m & 0o111) or S.S_ISDIR(m), "b": S.S_ISBLK(m),
            "c": S.S_ISCHR(m), "p": S.S_ISFIFO(m), "S": S.S_ISSOCK(m), "L": S.S_ISLNK(m),
            "h": S.S_ISLNK(m), "k": bool(m & S.S_ISVTX), "u": bool(m & S.S_ISUID),
            "g": bool(m & S.S_ISGID), "O": True, "G": True, "N": False,
        }[c]

    def binary(x: str, op: str, y: str) -> bool:
        if op in ("=", "=="):
            return x == y
        if op == "!=":
            return x != y
        if op == "<":
            return x < y
        if op == ">":
            return x > y
        if op in ("-nt", "-ot", "-ef"):
            try:
                sx, sy = stat(x), stat(y)
            except OSError:
                return False
            return op == "-ef" and sx.st_ino == sy.st_ino
        xi, yi = _int(x), _int(y)
        return {"-eq": xi == yi, "-ne": xi != yi, "-lt": xi < yi, "-le": xi <= yi,
                "-gt": xi > yi, "-ge": xi >= yi}[op]

    return TestParser(args, _UNARY, unary, binary, COREUTILS_MSGS).run()


def _q(s: str) -> str:
    return f"'{s}'"


def _int(s: str) -> int:
    t = s.strip(" \t")
    if re.fullmatch(r"[-+]?\d+", t):
        return int(t)
    raise TestSyntax(f"invalid integer {_q(s)}")


def _run_test(ctx: "CommandContext", name: str) -> int:
    args = ctx.argv[1:]
    if quirk(ctx, "printf.busybox"):
        from .bbtest import bb_test
        return bb_test(args, partial(_bb_unary, ctx), partial(_bb_files, ctx),
                       lambda m: err(ctx, f"{name}: {m}"), name if name == "[" else "")
    if name == "[":
        if not args or args[-1] != "]":
            ctx.stderr.write("[: missing ']'\n")
            return 2
        args = args[:-1]

    def stat(p: str):
        return ctx.sys.stat(ctx.path(p), ctx.task)
    try:
        return 0 if test_eval(args, stat) else 1
    except TestSyntax as e:
        ctx.stderr.write(f"{name}: {e}\n")
        return 2


def _bb_unary(ctx: "CommandContext", op: str, x: str) -> bool:
    """busybox test's ``filstat`` on the model's files (root: ``-r``/``-w`` any file,
    ``-x`` one with an execute bit or a directory; ``-h``/``-L`` by lstat)."""
    try:
        st = (ctx.sys.lstat if op in ("-h", "-L") else ctx.sys.stat)(ctx.path(x), ctx.task)
    except OSError:
        return False
    m = st.st_mode
    c = op[1]
    return {"r": True, "w": True, "x": bool(m & 0o111), "e": True, "f": S.S_ISREG(m),
            "d": S.S_ISDIR(m), "c": S.S_ISCHR(m), "b": S.S_ISBLK(m), "p": S.S_ISFIFO(m),
            "S": S.S_ISSOCK(m), "h": S.S_ISLNK(m), "L": S.S_ISLNK(m), "u": bool(m & S.S_ISUID),
            "g": bool(m & S.S_ISGID), "k": bool(m & S.S_ISVTX), "s": st.st_size > 0,
            "O": st.st_uid == 0, "G": st.st_gid == 0}[c]


def _bb_files(ctx: "CommandContext", op: str, x: str, y: str) -> bool:
    """busybox test's ``-nt``, ``-ot`` (mtimes) and ``-ef`` (device and inode)."""
    try:
        a, b = (ctx.sys.stat(ctx.path(p), ctx.task) for p in (x, y))
    except OSError:
        return False
    if op == "-ef":
        return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
    return a.st_mtime > b.st_mtime if op == "-nt" else a.st_mtime < b.st_mtime


@command("test", std_opts=False)
def cmd_test(ctx: "CommandContext") -> int:
    """``test EXPRESSION``."""
    return _run_test(ctx, "test")


@command("[", std_opts=False)
def cmd_bracket(ctx: "CommandContext") -> int:
    """``[ EXPRESSION ]``."""
    return _run_test(ctx, "[")

