"""grep: BRE/ERE/fixed patterns over bytes; exit 0 (selected), 1 (none), 2 (error)."""
from __future__ import annotations

import posixpath
import re
import stat as S
from typing import TYPE_CHECKING

from .userland import report
from ._util import (LineBuffer, Out, UsageError, command, err, getopt, longest_line, open_input, read_file,
                    reads_forever, split_lines, strerror)
from .posixre import RegexError, translate

if TYPE_CHECKING:
    from ..context import CommandContext

_LONG = {
    "extended-regexp": "E", "fixed-strings": "F", "basic-regexp": "G", "regexp=": "e",
    "file=": "f", "ignore-case": "i", "invert-match": "v", "word-regexp": "w",
    "line-regexp": "x", "count": "c", "files-with-matches": "l",
    "files-without-match": "L", "only-matching": "o", "quiet": "q", "silent": "q",
    "no-messages": "s", "line-number": "n", "no-filename": "h", "with-filename": "H",
    "max-count=": "m", "recursive": "r", "text": "a", "null-data": "z", "null": "Z",
    "after-context=": "A", "before-context=": "B", "context=": "C", "color?": "#",
    "colour?": "#",
}


@command("grep", "egrep", "fgrep", usage_status=2, usage="[OPTION]... PATTERNS [FILE]...",
         full_usage=True)
def cmd_grep(ctx: "CommandContext") -> int:
    """``grep [-EFGivwxcloqsnhHLra] [-m N] [-e PAT]... [-f FILE] PATTERNS [FILE]...``."""
    opts, args = getopt(ctx.argv[1:], "EFGe:f:iyvwxclLoqsnhHm:rRazZA:B:C:", _LONG)
    mode = {"egrep": "ere", "fgrep": "fixed"}.get(posixpath.basename(ctx.argv[0]), "bre")
    pats: list[str] | None = None
    flags: set[str] = set()
    max_count = -1
    context = [0, 0]        # lines after, lines before
    for o, v in opts:
        if o == "E":
            mode = "ere"
        elif o == "F":
            mode = "fixed"
        elif o == "G":
            mode = "bre"
        elif o == "e":
            pats = (pats or []) + v.split("\n")
        elif o == "f":
            try:
                data = read_file(ctx, v).decode("utf-8", "surrogateescape")
            except OSError as e:
                err(ctx, f"grep: {v}: {strerror(e)}")
                return 2
            pats = (pats or []) + data.splitlines()
        elif o == "m":
            try:
                max_count = int(v)
            except ValueError:
                err(ctx, "grep: invalid max count")
                return 2
        elif o in "ABC":
            if not v.isdigit():
                return report(ctx, "grep", "context", v)
            if o != "B":
                context[0] = int(v)
            if o != "A":
                context[1] = int(v)
        elif o == "#":
            pass
        elif o == "y":
            flags.add("i")
        elif o == "R":
            flags.add("r")
        else:
            flags.add(o)
    if pats is None:
        if not args:
            raise UsageError("")
        pats = args[0].split("\n")
        args = args[1:]
    try:
        rx = _compile(pats, mode, "i" in flags, "w" in flags, "x" in flags)
    except RegexError as e:
        return report(ctx, "grep", "regex", pats[0] if len(pats) == 1 else "", msg=str(e))
    files = args or (["."] if "r" in flags else ["-"])
    with_name = ("H" in flags or len(files) > 1 or "r" in flags) and "h" not in flags
    g = _Grep(ctx, rx, flags, with_name, max_count, context)
    for name in files:
        g.file(name)
        if g.quit:
            break
    g.out.flush()
    if g.selected and "q" in flags:
        return 0
    if g.error:
        return 2
    return 0 if g.selected else 1


def _compile(pats: list[str], mode: str, icase: bool, word: bool, line: bool) -> "re.Pattern[bytes]":
    if mode == "fixed":
        srcs = [re.escape(p) for p in pats]
    else:
        srcs = [translate(p, mode) for p in pats]
    src = srcs[0] if len(srcs) == 1 else "|".join(f"(?:{s})" for s in srcs)
    if line:
        src = f"^(?:{src})\\Z"
    elif word:
        src = f"(?<![0-9A-Za-z_])(?:{src})(?![0-9A-Za-z_])"
    # translate() output is cached per pattern; compile the combination here
    return _re_compile(src, icase)


def _re_compile(src: str, icase: bool) -> "re.Pattern[bytes]":
    try:
        return re.compile(src.encode("utf-8", "surrogateescape"), re.S | (re.I if icase else 0))
    except re.error as e:
        from .posixre import _gnu_msg
        raise RegexError(_gnu_msg(e)) from None


class _Grep:
    def __init__(self, ctx: "CommandContext", rx, flags: set[str], with_name: bool,
                 max_count: int, context: list[int] | None = None):
        self.ctx = ctx
        #: -A and -B: lines shown after and before a selected one
        self.after, self.before = context or (0, 0)
        #: a context group was printed (of an earlier file too: ``--`` before the next)
        self.grouped = False
        self.rx = rx
        self.flags = flags
        self.with_name = with_name
        self.max_count = max_count
        #: busybox grep's line buffer (``xmalloc_fgetline``)
        self.linebuf = LineBuffer(ctx)
        self.out = Out(ctx.stdout)
        self.selected = False
        self.error = False
        self.quit = False

    def file(self, name: str) -> None:
        ctx, flags = self.ctx, self.flags
        if "r" in flags and name != "-":
            try:
                st = ctx.sys.stat(ctx.path(name), ctx.task)
            except OSError as e:
                self._err(f"grep: {name}: {strerror(e)}")
                return
            if S.S_ISDIR(st.st_mode):
                for child in ctx.sys.listdir(ctx.path(name), ctx.task):
                    self.file(posixpath.join(name, child))
                    if self.quit:
                        return
                return
        try:
            inp = open_input(ctx, name)
        except OSError as e:
            self._err(f"grep: {name}: {strerror(e)}")
            return
        if getattr(getattr(inp.f, "f", inp.f), "zero", False):
            # /dev/zero holds no line (GNU grep skips the NULs, its memory flat):
            # nothing ever matches, and the end never comes
            reads_forever("grep", name)
        try:
            data = self._read(inp)
        except OSError as e:
            self._err(f"grep: {name}: {strerror(e)}")
            return
        finally:
            inp.close()
        if self.linebuf.copies:
            self.linebuf.line(longest_line(data, b"\0" if "z" in self.flags else b"\n"))
        self.search(name, data)

    def _read(self, inp) -> bytes:
        """The input, read a buffer at a time; when grep can stop early (-q, -l, -L,
        -m N) it stops reading once enough whole lines matched, as GNU grep does,
        so ``yes | grep -m1 y`` ends."""
        flags = self.flags
        need = 1 if flags & {"q", "l", "L"} else self.max_count
        if need < 0:
            return inp.read_all()
        sep = b"\0" if "z" in flags else b"\n"
        search, invert = self.rx.search, "v" in flags
        buf = bytearray()
        done = found = 0
        for chunk in inp.chunks():
            buf += chunk
            end = buf.rfind(sep)
            if end < done:
                continue
            for line in bytes(buf[done:end]).split(sep):
                if (search(line) is None) == invert and (line or sep == b"\n"):
                    found += 1
            done = end + 1
            if found >= need:
                break
        return bytes(buf)

    def _context(self, lines: list[bytes], prefix: bytes, sep: bytes) -> None:
        """Selected lines with -A/-B context (``NAME-N-LINE``), ``--`` between
        groups that do not touch; after -m N matches, the last one's trailing
        context."""
        search, invert = self.rx.search, "v" in self.flags
        number = "n" in self.flags
        cprefix = prefix[:-1] + b"-" if prefix and prefix[-1:] == b":" else prefix
        out = self.out
        last = -1           # the last line printed
        left = 0            # trailing context lines still to print
        n = 0
        for i, line in enumerate(lines):
            if n == self.max_count:
                if not left:
                    break
                selected = False
            else:
                selected = (search(line) is None) == invert
            if selected:
                n += 1
                self.selected = True
                start = max(i - self.before, last + 1)
                if start > last + 1 if last >= 0 else self.grouped:
                    out.write(b"--\n")
                self.grouped = True
                for j in range(start, i):
                    out.write(cprefix + (b"%d-" % (j + 1) if number else b"") + lines[j] + sep)
                out.write(prefix + (b"%d:" % (i + 1) if number else b"") + line + sep)
                last, left = i, self.after
            elif left:
                out.write(cprefix + (b"%d-" % (i + 1) if number else b"") + line + sep)
                last, left = i, left - 1

    def _err(self, msg: str) -> None:
        self.error = True
        if "s" not in self.flags:
            self.out.flush()
            err(self.ctx, msg)

    def search(self, name: str, data: bytes) -> None:
        flags = self.flags
        shown = "(standard input)" if name == "-" else name
        prefix = (shown.encode("utf-8", "surrogateescape") + (b"\0" if "Z" in flags else b":")
                  if self.with_name else b"")
        invert = "v" in flags
        search = self.rx.search
        quiet = "q" in flags
        count_only = "c" in flags
        list_mode = "l" in flags or "L" in flags
        only = "o" in flags
        number = "n" in flags
        binary = b"\0" in data and "a" not in flags and "z" not in flags
        sep = b"\0" if "z" in flags else b"\n"
        lines = split_lines(data) if sep == b"\n" else [x for x in data.split(b"\0") if x]
        n = 0
        out = self.out
        after, before = self.after, self.before
        if (after or before) and not (quiet or count_only or list_mode or only or binary):
            self._context(lines, prefix, sep)
            return
        for i, line in enumerate(lines):
            m = search(line)
            if (m is None) != invert:
                continue
            n += 1
            self.selected = True
            if quiet:
                self.quit = True
                return
            if list_mode or count_only:
                if list_mode:
                    break
            elif binary:
                break
            elif only:
                if not invert:
                    for mm in self.rx.finditer(line):
                        if mm.end() > mm.start():
                            out.write(prefix + (b"%d:" % (i + 1) if number else b"") + mm.group(0) + sep)
            else:
                out.write(prefix + (b"%d:" % (i + 1) if number else b"") + line + sep)
            if n == self.max_count:
                break
        if count_only:
            out.write(prefix + b"%d\n" % n)
        end = b"\0" if "Z" in flags else b"\n"
        if "l" in flags and n:
            out.write(shown.encode("utf-8", "surrogateescape") + end)
        elif "L" in flags and not n:
            out.write(shown.encode("utf-8", "surrogateescape") + end)
        elif binary and n and not count_only and not list_mode:
            out.flush()
            out.write(f"grep: {shown}: binary file matches\n".encode("utf-8", "surrogateescape"))
