"""sed: a GNU sed subset on bytes.

Addresses: ``N``, ``$``, ``/re/`` (``I``), ``\\cREc``, ``first~step``, ``A,B``,
``A,+N``, ``0,/re/``, ``!``. Commands: ``{ } s y p P d D n N q Q = a i c h H g G x
b t T : z l #``. Options: ``-n -e -f -E -r -i[SUF] -s -z``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .userland import STATUS, quirk, report, userland
from ._util import (LINE_BUFFER_MIN, LineBuffer, LongestLine, line_buffer_pages, UsageError, command, err, getopt, open_input,
                    raw_write, strerror)
from .posixre import RegexError, compile_bytes, substitute

if TYPE_CHECKING:
    from ..context import CommandContext


class SedError(Exception):
    pass


class _Cmd:
    __slots__ = ("a1", "a2", "neg", "name", "arg", "active", "end", "jump", "done")

    def __init__(self):
        self.a1 = self.a2 = None
        self.neg = False
        self.name = ""
        self.arg = None
        self.active = False
        self.end = 0
        self.jump = 0
        self.done = False


class _Script:
    """Parsed sed program (immutable: range state lives in a per-run copy)."""

    def __init__(self, text: str, ere: bool):
        self.src = text.encode("utf-8", "surrogateescape")
        self.ere = ere
        self.i = 0
        self.cmds: list[_Cmd] = []
        self.labels: dict[bytes, int] = {}
        try:
            self._parse()
        except SedError as e:
            e.pos = self.i  # type: ignore[attr-defined]
            raise

    # --- parsing ---
    def _peek(self) -> int:
        return self.src[self.i] if self.i < len(self.src) else -1

    def _skip_ws(self) -> None:
        while self.i < len(self.src) and self.src[self.i] in b" \t":
            self.i += 1

    def _regex(self, delim: int) -> bytes:
        s, out = self.src, bytearray()
        while True:
            if self.i >= len(s):
                raise SedError("unterminated address regex" if delim == 0x2F else "unterminated `s' command")
            c = s[self.i]
            if c == 0x5C and self.i + 1 < len(s):
                d = s[self.i + 1]
                if d == delim:
                    out.append(d)
                elif d == 0x6E:  # \n
                    out += b"\\n"
                else:
                    out += bytes([c, d])
                self.i += 2
                continue
            if c == 0x0A and delim != 0x0A:
                raise SedError("unterminated address regex")
            self.i += 1
            if c == delim:
                return bytes(out)
            if c == 0x5B:  # bracket expression: copy through the closing ]
                j = self.i
                if j < len(s) and s[j] == 0x5E:
                    j += 1
                if j < len(s) and s[j] == 0x5D:
                    j += 1
                while j < len(s) and s[j] != 0x5D:
                    if s[j] == 0x5B and j + 1 < len(s) and s[j + 1] in b":.=":
                        k = s.find(bytes([s[j + 1], 0x5D]), j + 2)
                        j = k + 2 if k >= 0 else j + 1
                        continue
                    j += 1
                out.append(c)
                out += s[self.i:j + 1]
                self.i = j + 1
                continue
            out.append(c)

    def _compile(self, pat: bytes, flags: str) -> "re.Pattern[bytes] | None":
        if not pat:
            return None  # the last regex used
        try:
            rx = compile_bytes(pat.decode("utf-8", "surrogateescape"), "ere" if self.ere else "bre",
                               "I" in flags)
        except RegexError as e:
            raise SedError(str(e)) from None
        if "M" in flags:
            rx = re.compile(rx.pattern.replace(b"\\Z", b"$"), rx.flags | re.M)
        return rx

    def _address(self):
        s = self.src
        c = self._peek()
        if 0x30 <= c <= 0x39:
            j = self.i
            while j < len(s) and 0x30 <= s[j] <= 0x39:
                j += 1
            n = int(s[self.i:j])
            self.i = j
            if self._peek() == 0x7E:  # first~step
                self.i += 1
                k = self.i
                while k < len(s) and 0x30 <= s[k] <= 0x39:
                    k += 1
                step = int(s[self.i:k] or b"0")
                self.i = k
                return ("step", n, step)
            return ("line", n)
        if c == 0x24:
            self.i += 1
            return ("last",)
        if c == 0x2F or c == 0x5C:
            if c == 0x5C:
                self.i += 1
            delim = s[self.i]
            self.i += 1
            pat = self._regex(delim)
            fl = ""
            while self._peek() in (0x49, 0x4D):
                fl += chr(s[self.i])
                self.i += 1
            return ("re", self._compile(pat, fl))
        return None

    def _text_arg(self) -> bytes:
        """Text of a/i/c: GNU one-liner (``a foo``) or ``a\\`` + lines."""
        s = self.src
        self._skip_ws()
        if self._peek() == 0x5C:
            self.i += 1
            if self._peek() == 0x0A:
                self.i += 1
        out = bytearray()
        while self.i < len(s):
            c = s[self.i]
            if c == 0x5C and self.i + 1 < len(s):
                out.append(s[self.i + 1])
                self.i += 2
                continue
            if c == 0x0A:
                self.i += 1
                break
            out.append(c)
            self.i += 1
        return bytes(out)

    def _label(self) -> bytes:
        self._skip_ws()
        s = self.src
        j = self.i
        while j < len(s) and s[j] not in b";\n":
            j += 1
        lab = s[self.i:j].strip()
        self.i = j
        return lab

    def _end_cmd(self) -> None:
        self._skip_ws()
        c = self._peek()
        if c in (0x3B, 0x0A):
            self.i += 1
        elif c == 0x23 or c == 0x7D or c == -1:
            pass
        else:
            raise SedError("extra characters after command")

    def _parse(self) -> None:
        s = self.src
        stack: list[int] = []
        while True:
            while self.i < len(s) and s[self.i] in b" \t\n;":
                self.i += 1
            if self.i >= len(s):
                break
            if s[self.i] == 0x23:  # comment
                j = s.find(b"\n", self.i)
                self.i = len(s) if j < 0 else j + 1
                continue
            cmd = _Cmd()
            cmd.a1 = self._address()
            if cmd.a1 is not None and self._peek() == 0x2C:
                self.i += 1
                self._skip_ws()
                if self._peek() == 0x2B:
                    self.i += 1
                    j = self.i
                    while j < len(s) and 0x30 <= s[j] <= 0x39:
                        j += 1
                    cmd.a2 = ("plus", int(s[self.i:j] or b"0"))
                    self.i = j
                else:
                    cmd.a2 = self._address()
                    if cmd.a2 is None:
                        raise SedError("unexpected `,'")
            if cmd.a1 == ("line", 0) and not (cmd.a2 and cmd.a2[0] == "re"):
                raise SedError("invalid usage of line address 0")
            self._skip_ws()
            while self._peek() == 0x21:
                cmd.neg = True
                self.i += 1
                self._skip_ws()
            if self.i >= len(s):
                raise SedError("missing command")
            name = chr(s[self.i])
            self.i += 1
            cmd.name = name
            idx = len(self.cmds)
            self.cmds.append(cmd)
            if name == "{":
                stack.append(idx)
                continue
            if name == "}":
                if not stack or cmd.a1 is not None:
                    raise SedError("unexpected `}'")
                self.cmds[stack.pop()].jump = idx + 1
                self._end_cmd()
                continue
            if name in "aic":
                cmd.arg = self._text_arg()
            elif name == ":":
                if cmd.a1 is not None:
                    raise SedError(": doesn't want any addresses")
                lab = self._label()
                if not lab:
                    raise SedError("\":\" lacks a label")
                self.labels[lab] = idx
                if self._peek() == 0x3B:
                    self.i += 1
            elif name in "btT":
                cmd.arg = self._label()
                if self._peek() == 0x3B:
                    self.i += 1
            elif name in "qQlL":
                self._skip_ws()
                j = self.i
                while j < len(s) and 0x30 <= s[j] <= 0x39:
                    j += 1
                cmd.arg = int(s[self.i:j]) if j > self.i else 0
                self.i = j
                self._end_cmd()
            elif name == "s":
                self._parse_s(cmd)
            elif name == "y":
                delim = s[self.i]
                self.i += 1
                src = self._unesc(self._regex(delim))
                dst = self._unesc(self._regex(delim))
                if len(src) != len(dst):
                    raise SedError("strings for `y' command are different lengths")
                cmd.arg = bytes.maketrans(src, dst)
                self._end_cmd()
            elif name in "rRwW":
                cmd.arg = self._text_arg().decode("utf-8", "surrogateescape")
            elif name in "=dDgGhHnNpPxz":
                self._end_cmd()
            else:
                raise SedError(f"unknown command: `{name}'")
        if stack:
            raise SedError("unmatched `{'")
        for c in self.cmds:
            if c.name in "btT" and c.arg and c.arg not in self.labels:
                raise SedError(f"can't find label for jump to `{c.arg.decode()}'")

    @staticmethod
    def _unesc(b: bytes) -> bytes:
        return b.replace(b"\\n", b"\n").replace(b"\\t", b"\t").replace(b"\\\\", b"\\")

    def _parse_s(self, cmd: _Cmd) -> None:
        s = self.src
        if self.i >= len(s):
            raise SedError("unterminated `s' command")
        delim = s[self.i]
        self.i += 1
        pat = self._regex(delim)
        rep = bytearray()
        while True:
            if self.i >= len(s):
                raise SedError("unterminated `s' command")
            c = s[self.i]
            if c == 0x5C and self.i + 1 < len(s):
                d = s[self.i + 1]
                rep += bytes([d]) if d == delim and d != 0x26 else bytes([c, d])
                self.i += 2
                continue
            self.i += 1
            if c == delim:
                break
            rep.append(c)
        flags = ""
        nth = 1
        glob = prnt = False
        wfile = None
        while self.i < len(s):
            c = chr(s[self.i])
            if c == "g":
                glob = True
            elif c == "p":
                prnt = True
            elif c in "iI":
                flags += "I"
            elif c in "mM":
                flags += "M"
            elif c == "e":
                pass
            elif c.isdigit():
                j = self.i
                while j < len(s) and chr(s[j]).isdigit():
                    j += 1
                nth = int(s[self.i:j])
                if nth == 0:
                    raise SedError("number option to `s' command may not be zero")
                self.i = j
                continue
            elif c == "w":
                self.i += 1
                wfile = self._text_arg().decode("utf-8", "surrogateescape")
                break
            else:
                break
            self.i += 1
        if wfile is None:
            self._end_cmd()
        cmd.arg = (self._compile(pat, flags), _template(bytes(rep)), nth, glob, prnt, wfile)


def _template(rep: bytes):
    """sed replacement -> list of bytes/int parts (``&`` = 0, ``\\N`` = N)."""
    parts: list = []
    lit = bytearray()
    i = 0
    while i < len(rep):
        c = rep[i]
        if c == 0x26:
            parts.append(bytes(lit))
            lit = bytearray()
            parts.append(0)
        elif c == 0x5C and i + 1 < len(rep):
            d = rep[i + 1]
            i += 1
            if 0x30 <= d <= 0x39:
                parts.append(bytes(lit))
                lit = bytearray()
                parts.append(d - 0x30)
            elif d == 0x6E:
                lit.append(0x0A)
            elif d == 0x74:
                lit.append(0x09)
            else:
                lit.append(d)
        else:
            lit.append(c)
        i += 1
    parts.append(bytes(lit))
    parts = [p for p in parts if p != b""]
    if all(isinstance(p, bytes) for p in parts):
        lit_b = b"".join(parts)
        return lambda m: lit_b

    def repl(m):
        return b"".join(p if isinstance(p, bytes) else (m.group(p) or b"") for p in parts)
    return repl


@lru_cache(maxsize=128)
def _parse_cached(text: str, ere: bool) -> _Script:
    return _Script(text, ere)


class _Quit(Exception):
    def __init__(self, code: int, autoprint: bool):
        self.code = code
        self.autoprint = autoprint


@command("sed", usage="[OPTION]... {script-only-if-no-other-script} [input-file]...",
         full_usage=True)
def cmd_sed(ctx: "CommandContext") -> int:
    """Stream editor (GNU subset); ``-i`` rewrites files through ``sys.open``."""
    opts, args = getopt(ctx.argv[1:], "ne:f:Erisz", {
        "quiet": "n", "silent": "n", "expression=": "e", "file=": "f",
        "regexp-extended": "E", "in-place?": "i", "separate": "s", "null-data": "z",
        "posix": "P", "debug": "D"})
    quiet = ere = inplace = separate = False
    scripts: list[str] = []
    for o, v in opts:
        if o == "n":
            quiet = True
        elif o == "e":
            scripts.append(v)
        elif o == "f":
            try:
                scripts.append(ctx.sys.read(ctx.path(v), ctx.task).rstrip("\n"))
            except OSError as e:
                err(ctx, f"sed: couldn't open file {v}: {strerror(e)}")
                return 1
        elif o in "Er":
            ere = True
        elif o == "i":
            inplace = separate = True
        elif o == "s":
            separate = True
    if not scripts:
        if not args:
            raise UsageError("")
        scripts.append(args[0])
        args = args[1:]
    text = "\n".join(scripts)
    try:
        prog = _parse_cached(text, ere)
    except SedError as e:
        if quirk(ctx, "sed.busybox"):
            err(ctx, f"sed: {_bb_message(str(e))}")
        else:
            err(ctx, f"sed: -e expression #1, char {getattr(e, 'pos', len(text))}: {e}")
        return 1
    if text.startswith("#n\n") or text == "#n":
        quiet = True
    files = args or ["-"]
    if inplace and not args:
        err(ctx, "sed: no input files")
        return 1
    rc = 0
    groups = [[f] for f in files] if separate else [files]
    out: list[bytes] = []
    for group in groups:
        run = _Run(ctx, prog, quiet)
        run.out = [] if inplace else out
        failed: list[str] = []
        flush = None if inplace else (lambda: _flush(ctx, out))
        try:
            run.feed(_Lines(_group_chunks(ctx, group, failed)), flush)
        except _Quit as q:
            if inplace:
                _write_back(ctx, group[0], b"".join(run.out))
            else:
                raw_write(ctx.stdout, b"".join(out))
            return q.code
        except SedError as e:
            raw_write(ctx.stdout, b"".join(out))
            err(ctx, f"sed: {e}")
            return 4
        if failed:
            rc = STATUS[userland(ctx)].get(("sed", "open"), 1)
        if inplace:
            _write_back(ctx, group[0], b"".join(run.out))
    if out:
        raw_write(ctx.stdout, b"".join(out))
    return rc


#: the model's (GNU sed's) script errors -> busybox 1.35 sed.c's
BB_MESSAGES = (
    (r"unterminated address regex|unterminated `s' command", "unmatched '/'"),
    (r"can't find label for jump to `(.*)'", r"can't find label for jump to '\1'"),
    (r"unknown command: `(.*)'", r"unsupported command \1"),
    (r"unexpected `,'", "no address after comma"),
    (r"unknown option to `s'", "bad option in substitution expression"),
    (r"missing filename in r/R/w/W commands", "empty filename"),
)


def _bb_message(msg: str) -> str:
    """busybox sed's words for a script error (``sed: MSG``, no position)."""
    for pat, rep in BB_MESSAGES:
        if re.fullmatch(pat, msg):
            return re.sub(pat, rep, msg)
    return msg


def _group_chunks(ctx: "CommandContext", group: list[str], failed: list[str]):
    """The group's files read a buffer at a time, as one stream; a file that does not
    end in a newline gets one unless it is the last (GNU sed's read_pattern_space).
    A file that cannot be read is reported when reached and named in ``failed``.
    busybox sed's line buffer (``get_next_line``: ``bb_get_chunk_from_file``) grows
    to the longest line (:class:`._util.LineBuffer`)."""
    linebuf, track = LineBuffer(ctx), LongestLine()
    for k, name in enumerate(group):
        try:
            inp = open_input(ctx, name)
        except OSError as e:
            report(ctx, "sed", "open", name, e)
            failed.append(name)
            continue
        last = b""
        for chunk in inp.chunks():
            last = chunk
            if linebuf.copies:
                track.feed(chunk)
                if track.result() > LINE_BUFFER_MIN:
                    linebuf.line(track.result())
            yield chunk
        inp.close()
        if last and not last.endswith(b"\n") and k < len(group) - 1:
            yield b"\n"


#: What busybox sed's substitution writes past its line buffer, as one page more
#: than a second line-long buffer (editors/sed.c ``do_subst_command``, 1.35: a match
#: builds the line's new text in ``G.pipeline.buf``, ``xmalloc(PIPE_GROW)`` then
#: ``pipe_putc``'s ``xrealloc`` 64 bytes at a time, which replaces the line, the old
#: one freed): ``sed s/a/b/`` of one line of 3968, 7936, 15872, 31744 and 63488 bytes
#: writes 7, 8, 12, 20 and 34 heap pages where ``sed -n '$p'`` and ``sed p`` write 4,
#: 5, 7, 11 and 19 (calibration/busybox-fork-windows.sh part 2, both guests alike):
#: the rule's 6, 8, 12, 20, 36 (a page under at 4 KiB, two over at 62 KiB; no layout
#: of glibc's chunks tried fitted all five: docs/fidelity.md item 487)
SUBST_BUFFER_PAGES = 1


class _PipelineBuffer(LineBuffer):
    """busybox sed's substitution buffer (:data:`SUBST_BUFFER_PAGES`): its pages past
    the line buffer's for the longest line a substitution made."""
    __slots__ = ()

    def pages(self, longest: int) -> int:
        return (line_buffer_pages(longest, 2) + SUBST_BUFFER_PAGES
                - line_buffer_pages(longest))


class _Lines:
    """The input's lines, split as they are read with one line of lookahead (``$``
    needs it), so sed streams an endless pipe as GNU sed does."""
    __slots__ = ("_it", "_ahead", "final_nl")

    def __init__(self, chunks) -> None:
        self._it = self._split(chunks)
        self._ahead = next(self._it, None)
        #: whether the line taken last ended in a newline
        self.final_nl = True

    @staticmethod
    def _split(chunks):
        rest = b""
        for chunk in chunks:
            parts = (rest + chunk).split(b"\n")
            rest = parts.pop()
            for line in parts:
                yield line, True
        if rest:
            yield rest, False

    def more(self) -> bool:
        """Another line follows."""
        return self._ahead is not None

    def take(self) -> bytes:
        line, self.final_nl = self._ahead
        self._ahead = next(self._it, None)
        return line


#: output lines sed keeps before writing them (it writes as it goes)
FLUSH_LINES = 64


def _flush(ctx: "CommandContext", out: list[bytes]) -> None:
    raw_write(ctx.stdout, b"".join(out))
    out.clear()


def _write_back(ctx: "CommandContext", name: str, data: bytes) -> None:
    f = ctx.sys.open(ctx.path(name), "w", ctx.task)
    try:
        f.write(data)
    finally:
        f.close()


class _Run:
    """One execution of a script over an input stream (range state is per run)."""

    def __init__(self, ctx: "CommandContext", prog: _Script, quiet: bool):
        self.ctx = ctx
        self.prog = prog
        self.quiet = quiet
        self.out: list[bytes] = []
        self.hold = b""
        self.last_rx = None
        self.lineno = 0
        self.state = [[False, 0, False] for _ in prog.cmds]  # active, end, done
        #: busybox sed's substitution buffer (none for GNU sed's)
        self.subbuf = _PipelineBuffer(ctx)

    def _rx(self, rx):
        if rx is None:
            if self.last_rx is None:
                raise SedError("no previous regular expression")
            return self.last_rx
        self.last_rx = rx
        return rx

    def _match1(self, a, ps: bytes, last: bool) -> bool:
        t = a[0]
        if t == "line":
            return self.lineno == a[1]
        if t == "last":
            return last
        if t == "re":
            return self._rx(a[1]).search(ps) is not None
        if t == "step":
            first, step = a[1], a[2]
            if step <= 0:
                return self.lineno == first
            return self.lineno >= first and (self.lineno - first) % step == 0
        return False

    def _matches(self, k: int, cmd: _Cmd, ps: bytes, last: bool) -> bool:
        if cmd.a1 is None:
            return True
        if cmd.a2 is None:
            return self._match1(cmd.a1, ps, last)
        st = self.state[k]
        n = self.lineno
        if st[0]:
            a2 = cmd.a2
            if a2[0] == "line":
                if n >= a2[1]:
                    st[0] = False
                return True
            if a2[0] == "plus":
                if n >= st[1]:
                    st[0] = False
                return True
            if self._match1(a2, ps, last):
                st[0] = False
            return True
        if cmd.a1 == ("line", 0):
            if st[2]:
                return False
            st[2] = True
            st[0] = True
            if self._match1(cmd.a2, ps, last):
                st[0] = False
            return True
        if not self._match1(cmd.a1, ps, last):
            return False
        a2 = cmd.a2
        if a2[0] == "line":
            st[0] = a2[1] > n
        elif a2[0] == "plus":
            st[0] = a2[1] > 0
            st[1] = n + a2[1]
        elif a2[0] == "last":
            st[0] = not last
        else:
            st[0] = True
        return True

    def feed(self, src: "_Lines", flush=None) -> None:
        """Run the script over ``src``; ``flush()`` writes what is kept in ``out``
        (every ``FLUSH_LINES`` lines)."""
        self.src = src
        cmds = self.prog.cmds
        out = self.out
        while src.more():
            if flush is not None and len(out) >= FLUSH_LINES:
                flush()
            ps = self._next()
            restart = True
            while restart:
                restart = False
                append: list[bytes] = []
                tflag = False
                pc = 0
                autoprint = not self.quiet
                deleted = False
                while pc < len(cmds):
                    cmd = cmds[pc]
                    last = not src.more()
                    m = self._matches(pc, cmd, ps, last)
                    if cmd.neg:
                        m = not m
                    name = cmd.name
                    if not m:
                        pc = cmd.jump if name == "{" else pc + 1
                        continue
                    pc += 1
                    if name in "{}:":
                        continue
                    if name == "s":
                        rx, repl, nth, glob, prnt, wfile = cmd.arg
                        new, n = substitute(self._rx(rx), ps, repl, nth, glob)
                        if n:
                            ps = new
                            tflag = True
                            if len(ps) > LINE_BUFFER_MIN and self.subbuf.copies:
                                self.subbuf.line(len(ps))
                            if prnt:
                                out.append(ps + b"\n")
                            if wfile:
                                self._wfile(wfile, ps)
                    elif name == "p":
                        out.append(ps + b"\n")
                    elif name == "d":
                        deleted = True
                        break
                    elif name == "D":
                        if b"\n" not in ps:
                            deleted = True
                            break
                        ps = ps.split(b"\n", 1)[1]
                        out.extend(append)
                        restart = True
                        break
                    elif name == "n":
                        if not src.more():
                            if not self.quiet:
                                out.append(ps + self._nl())
                            raise _Quit(0, False)
                        if not self.quiet:
                            out.append(ps + b"\n")
                        out.extend(append)
                        append = []
                        ps = self._next()
                    elif name == "N":
                        if not src.more():
                            if not self.quiet:
                                out.append(ps + self._nl())
                            out.extend(append)
                            raise _Quit(0, False)
                        ps = ps + b"\n" + self._next()
                    elif name == "=":
                        out.append(b"%d\n" % self.lineno)
                    elif name == "a":
                        append.append(cmd.arg + b"\n")
                    elif name == "i":
                        out.append(cmd.arg + b"\n")
                    elif name == "c":
                        st = self.state[pc - 1]
                        if cmd.a2 is None or not st[0] or cmd.neg:
                            out.append(cmd.arg + b"\n")
                        deleted = True
                        break
                    elif name == "y":
                        ps = ps.translate(cmd.arg)
                    elif name == "h":
                        self.hold = ps
                    elif name == "H":
                        self.hold = self.hold + b"\n" + ps
                    elif name == "g":
                        ps = self.hold
                    elif name == "G":
                        ps = ps + b"\n" + self.hold
                    elif name == "x":
                        ps, self.hold = self.hold, ps
                    elif name == "z":
                        ps = b""
                    elif name == "P":
                        out.append(ps.split(b"\n", 1)[0] + b"\n")
                    elif name == "l":
                        out.append(_escape_l(ps) + b"$\n")
                    elif name in "btT":
                        jump = name == "b" or (name == "t") == tflag
                        if name != "b":
                            tflag = False if jump or name == "T" else tflag
                        if jump:
                            pc = self.prog.labels[cmd.arg] if cmd.arg else len(cmds)
                    elif name == "q":
                        if autoprint:
                            out.append(ps + self._nl())
                        out.extend(append)
                        raise _Quit(cmd.arg, False)
                    elif name == "Q":
                        raise _Quit(cmd.arg, False)
                    elif name in "wW":
                        self._wfile(cmd.arg, ps if name == "w" else ps.split(b"\n", 1)[0])
                    elif name in "rR":
                        try:
                            append.append(self.ctx.sys.read(self.ctx.path(cmd.arg), self.ctx.task)
                                          .encode("utf-8", "surrogateescape"))
                        except OSError:
                            pass
                if restart:
                    continue
                if not deleted and autoprint:
                    out.append(ps + self._nl())
                out.extend(append)

    def _nl(self) -> bytes:
        return b"\n" if self.src.more() or self.src.final_nl else b""

    def _next(self) -> bytes:
        self.lineno += 1
        return self.src.take()

    def _wfile(self, name: str, data: bytes) -> None:
        if name in ("/dev/stdout", "-"):
            self.out.append(data + b"\n")
            return
        f = self.ctx.sys.open(self.ctx.path(name), "a", self.ctx.task)
        try:
            f.write(data + b"\n")
        finally:
            f.close()


def _escape_l(ps: bytes) -> bytes:
    res = bytearray()
    for c in ps:
        if c == 0x5C:
            res += b"\\\\"
        elif c in b"\a\b\f\n\r\t\v":
            res += b"\\" + b"abfnrtv"[b"\a\b\f\n\r\t\v".index(c):][:1]
        elif 32 <= c < 127:
            res.append(c)
        else:
            res += b"\\%03o" % c
    return bytes(res)
