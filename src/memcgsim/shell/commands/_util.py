"""Shared machinery of the external commands: registry, GNU-style option parsing,
messages, buffered output, input files, size suffixes, and anon-memory accounting
for tools that hold their input in memory."""
from __future__ import annotations

import errno
import os
import re
import stat as _stat
import weakref
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator

from ..jobs import charge_io, spin_until_killed
from .userland import (MESSAGES, bad_option, quirk, report, usage_status_of, usage_text,
                       userland)

if TYPE_CHECKING:
    from ..context import CommandContext

class Commands(dict):
    """The registry of external commands, filled by each module's ``@command``.
    A module is imported at the first lookup of one of its programs (``modules``:
    program name -> module of this package), so a run imports only the tools its
    script calls (``awk``'s parser, ``seq``'s decimals... 0.01 s in all);
    iterating, ``len`` and ``keys`` import them all first."""

    def __init__(self) -> None:
        super().__init__()
        self.modules: dict[str, str] = {}

    def _load(self, name: str) -> bool:
        mod = self.modules.get(name)
        if mod is None or dict.__contains__(self, name):
            return False
        import importlib
        importlib.import_module(f"{__package__}.{mod}")
        return True

    def load_all(self) -> None:
        """Import every module of the package's programs."""
        for name in self.modules:
            self._load(name)

    def __missing__(self, name: str):
        if self._load(name):
            return self[name]
        raise KeyError(name)

    def get(self, name, default=None):
        """The program's implementation (its module imported if need be)."""
        fn = dict.get(self, name)
        if fn is None and self._load(name):
            fn = dict.get(self, name)
        return default if fn is None else fn

    def __contains__(self, name) -> bool:
        return dict.__contains__(self, name) or name in self.modules

    def __iter__(self):
        self.load_all()
        return dict.__iter__(self)

    def names(self) -> set[str]:
        """Every program's name, without importing a module."""
        return set(dict.keys(self)) | set(self.modules)

    def __len__(self) -> int:
        self.load_all()
        return dict.__len__(self)

    def keys(self):
        """Every program's name (all modules imported)."""
        self.load_all()
        return dict.keys(self)

    def values(self):
        """Every program's implementation (all modules imported)."""
        self.load_all()
        return dict.values(self)

    def items(self):
        """(name, implementation) of every program (all modules imported)."""
        self.load_all()
        return dict.items(self)


#: filled by the ``@command`` decorator of each module
COMMANDS: Commands = Commands()

#: read size for files and pipes (GNU cat's io_blksize is 128 KiB)
READ_SIZE = 128 * 1024
#: stdio buffer size when stdout is a file or a pipe
STDIO_BUF = 4096
#: glibc's ``BUFSIZ`` (libio/stdio.h): coreutils' fixed read buffers (head.c)
GNU_BUFSIZ = 8192


class UsageError(Exception):
    """Bad command line: ``prog: MSG`` plus the tool's usage hint; with
    ``situation``, the message is the userland's (``userland.MESSAGES[(prog,
    situation)]`` of operand ``op``) and no usage follows."""

    def __init__(self, msg: str, hint: bool = True, situation: str | None = None,
                 op: str = ""):
        super().__init__(msg)
        self.msg = msg
        self.hint = hint
        self.situation = situation
        self.op = op


class WriteError(Exception):
    """Writing stdout failed (``prog: write error: STRERROR``)."""

    def __init__(self, err: OSError):
        super().__init__(err)
        self.errno = err.errno


def err_write(stream, text: str) -> None:
    """A program's message on its stderr, a failed write ignored: C programs print
    them with ``fprintf(stderr)`` (busybox ``bb_verror_msg``) and do not check it, so
    ``cat bad > memory.max 2>&1`` loses cat's "write error" to the same refused file."""
    try:
        stream.write(text)
    except OSError:
        pass


def strerror(e: OSError) -> str:
    return os.strerror(e.errno) if e.errno else (e.strerror or str(e))


def command(name: str, *aliases: str, usage_status: int = 1, usage: str | None = None,
            full_usage: bool = False, std_opts: bool = True) -> Callable:
    """Register ``fn`` under ``name`` (and ``aliases``). Turns :class:`UsageError`
    into GNU's ``prog: msg`` + ``Try 'prog --help'...`` (status ``usage_status``) and
    :class:`WriteError` into ``prog: write error: ...`` (status 1)."""
    def deco(fn: Callable) -> Callable:
        def run(ctx: "CommandContext"):
            if ctx.argv[1:] == ["--help"] and quirk(ctx, "usage") and \
                    (bb := usage_text(name)) is not None:
                ctx.stderr.write(bb)    # busybox's appletlib: "APPLET --help", status 0
                return 0
            if std_opts and len(ctx.argv) == 2 and ctx.argv[1] in ("--help", "--version") \
                    and not (quirk(ctx, "usage") and usage_text(name) is not None):
                ctx.stdout.write(help_text(name, usage) if ctx.argv[1] == "--help"
                                 else f"{name} (memcgsim) 0.1\n")
                return 0
            try:
                if quirk(ctx, "usage") and (bad := bad_option(name, ctx.argv[1:])):
                    raise UsageError(bad)
                return fn(ctx)
            except UsageError as e:
                if e.situation is not None:
                    return report(ctx, name, e.situation, e.op)
                if quirk(ctx, "usage") and (bb := usage_text(name)) is not None:
                    # busybox: an option error's line (getopt32), then bb_show_usage
                    opt_err = e.msg.startswith(("invalid option", "unrecognized option",
                                                "option requires"))
                    ctx.stderr.write((f"{name}: {e.msg}\n" if opt_err else "") + bb)
                    return usage_status_of(ctx, name)
                lines = [f"{name}: {e.msg}\n"] if e.msg else []
                if e.hint:
                    if usage and full_usage:
                        lines.append(f"Usage: {name} {usage}\n")
                    lines.append(f"Try '{name} --help' for more information.\n")
                ctx.stderr.write("".join(lines))
                return usage_status
            except WriteError as e:
                msg = MESSAGES[userland(ctx)].get((name, "stdout_write"),
                                                  "{name}: write error: {err}")
                err_write(ctx.stderr, msg.format(name=name, err=os.strerror(e.errno)) + "\n")
                return 1
        run.__name__ = f"cmd_{name}"
        run.__qualname__ = run.__name__
        run.__doc__ = fn.__doc__
        run.__wrapped__ = fn  # type: ignore[attr-defined]
        run.usage = usage  # type: ignore[attr-defined]
        for n in (name, *aliases):
            COMMANDS[n] = run
        return run
    return deco


def help_text(name: str, usage: str | None) -> str:
    return f"Usage: {name} {usage or '[OPTION]...'}\n"


# --- option parsing ---------------------------------------------------------------

def getopt(args: list[str], short: str, long: dict[str, str] | None = None,
           permute: bool = True, numeric_ok: bool = False
           ) -> tuple[list[tuple[str, str | None]], list[str]]:
    """GNU ``getopt_long``: returns ``([(opt, arg)], operands)``.

    ``short`` is a getopt string (``"n:qv"``). ``long`` maps a long name to the
    option it stands for; a trailing ``=`` on the name means it takes an argument,
    ``?`` an optional one (``{"lines=": "n", "quiet": "q"}``). Unique prefixes of
    long names are accepted. ``permute`` lets options follow operands (GNU
    default); ``numeric_ok`` treats ``-5`` as an operand (``seq``). A getopt string
    led by ``-`` (glibc's RETURN_IN_ORDER) returns each operand before ``--`` in
    ``opts`` as ``("", operand)``, in its place among the options.
    """
    for a in args:
        if a[:1] == "-" and len(a) > 1:
            break
    else:
        return [], list(args)  # fast path: no options at all
    long = long or {}
    in_order = short[:1] == "-"
    takes = short_options(short[in_order:])
    longs: dict[str, tuple[str, int]] = {}
    for k, v in long.items():
        if k.endswith("="):
            longs[k[:-1]] = (v, 1)
        elif k.endswith("?"):
            longs[k[:-1]] = (v, 2)
        else:
            longs[k] = (v, 0)
    opts: list[tuple[str, str | None]] = []
    operands: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a == "--":
            operands.extend(args[i:])
            break
        if a.startswith("--"):
            name, eq, val = a[2:].partition("=")
            if name in longs:
                target, need = longs[name]
                full = name
            else:
                cands = sorted(k for k in longs if k.startswith(name))
                if len({longs[k] for k in cands}) > 1:
                    raise UsageError(f"option '{a.split('=')[0]}' is ambiguous; possibilities: "
                                     + " ".join(f"'--{k}'" for k in cands))
                if not cands:
                    raise UsageError(f"unrecognized option '{a}'")
                full = cands[0]
                target, need = longs[full]
            if need == 0 and eq:
                raise UsageError(f"option '--{full}' doesn't allow an argument")
            if need == 1 and not eq:
                if i >= len(args):
                    raise UsageError(f"option '--{full}' requires an argument")
                val = args[i]
                i += 1
            opts.append((target, val if (eq or need == 1) else None))
            continue
        if a.startswith("-") and len(a) > 1 and not (numeric_ok and _is_number(a)):
            j = 1
            while j < len(a):
                c = a[j]
                j += 1
                if c not in takes:
                    raise UsageError(f"invalid option -- '{c}'")
                need = takes[c]
                if need == 0:
                    opts.append((c, None))
                    continue
                if j < len(a):
                    opts.append((c, a[j:]))
                elif need == 1:
                    if i >= len(args):
                        raise UsageError(f"option requires an argument -- '{c}'")
                    opts.append((c, args[i]))
                    i += 1
                else:
                    opts.append((c, None))
                break
            continue
        if in_order:
            opts.append(("", a))
            continue
        operands.append(a)
        if not permute:
            operands.extend(args[i:])
            break
    return opts, operands


def short_options(short: str) -> dict[str, int]:
    """A getopt string's options: 0 no argument, 1 one (``:``), 2 an optional
    one (``::``)."""
    takes: dict[str, int] = {}
    i = 0
    while i < len(short):
        c = short[i]
        n = 0
        while i + 1 + n < len(short) and short[i + 1 + n] == ":":
            n += 1
        takes[c] = min(n, 2)
        i += 1 + n
    return takes


def _is_number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


# --- sizes ------------------------------------------------------------------------

_POW = {"": 0, "K": 1, "M": 2, "G": 3, "T": 4, "P": 5, "E": 6, "Z": 7, "Y": 8}


def parse_size(s: str, extra: dict[str, int] | None = None) -> int:
    """``10``, ``1K`` (1024), ``1KB`` (1000), ``1KiB``, ``100M``, ``b`` = 512...
    as coreutils' ``xstrtoumax`` with its usual suffixes; ValueError otherwise."""
    t = s.strip()
    j = 0
    if t[:1] in "+-":
        j = 1
    while j < len(t) and t[j].isdigit():
        j += 1
    num, suf = t[:j], t[j:]
    if num in ("", "+", "-"):
        if not suf or num == "-":
            raise ValueError(s)
        num = num + "1"
    n = int(num)
    if not suf:
        return n
    if extra and suf in extra:
        return n * extra[suf]
    if suf == "b":
        return n * 512
    letter = suf[0].upper()
    if letter not in _POW or letter == "":
        raise ValueError(s)
    rest = suf[1:]
    if rest in ("", "iB"):
        base = 1024
    elif rest == "B":
        base = 1000
    else:
        raise ValueError(s)
    return n * base ** _POW[letter]


# --- output -----------------------------------------------------------------------

class Out:
    """stdio-like full buffering of stdout: one ``write()`` per ``STDIO_BUF`` bytes."""
    __slots__ = ("_w", "_buf", "_n", "_size")

    def __init__(self, stream, size: int = STDIO_BUF):
        self._w = stream
        self._buf: list[bytes] = []
        self._n = 0
        self._size = size

    def write(self, data: bytes) -> None:
        self._buf.append(data)
        self._n += len(data)
        if self._n >= self._size:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            data = b"".join(self._buf) if len(self._buf) > 1 else self._buf[0]
            self._buf = []
            self._n = 0
            raw_write(self._w, data)


def raw_write(stream, data: bytes) -> None:
    """One ``write()`` to ``stream``; OSError becomes :class:`WriteError`."""
    charge_io(len(data))
    try:
        stream.write(data)
    except OSError as e:
        raise WriteError(e) from None


def err(ctx: "CommandContext", msg: str) -> None:
    err_write(ctx.stderr, msg + "\n")


def discards(stream) -> bool:
    """Whether what is written to ``stream`` goes nowhere (/dev/null, /dev/zero)."""
    return getattr(getattr(stream, "f", stream), "discards", False)


def reads_forever(prog: str, name: str) -> None:
    """``prog`` reads ``name``, an endless device, to an end that never comes,
    writing nothing meanwhile (``wc -c /dev/zero``): it computes until a signal
    ends it (:func:`~memcgsim.shell.jobs.spin_until_killed`), without reading."""
    spin_until_killed(f"{prog}: reads {'its standard input' if name == '-' else name} without end")


# --- input ------------------------------------------------------------------------

class Input:
    """An input operand: ``-`` is stdin, anything else is opened with ``sys.open``."""
    __slots__ = ("name", "f", "is_stdin")

    def __init__(self, name: str, f, is_stdin: bool):
        self.name = name
        self.f = f
        self.is_stdin = is_stdin

    @property
    def endless(self) -> bool:
        """Whether reads never reach an end (/dev/zero, /dev/urandom)."""
        f = self.f
        return getattr(getattr(f, "f", f), "endless", False)

    def read(self, n: int = READ_SIZE) -> bytes:
        b = self.f.read(n)
        charge_io(len(b))
        return b

    def chunks(self, n: int = READ_SIZE) -> Iterator[bytes]:
        read = self.f.read
        while True:
            b = read(n)
            charge_io(len(b))
            if not b:
                return
            yield b

    def read_all(self, limit: int | None = None) -> bytes:
        """The input to its end, or its buffers until ``limit`` bytes are in (a
        ``-N``/``-n`` of an endless device ends: the tool reads no further)."""
        if limit is None:
            return b"".join(self.chunks())
        data = bytearray()
        for b in self.chunks():
            data += b
            if len(data) >= limit:
                break
        return bytes(data)

    def lines(self, sep: bytes = b"\n") -> Iterator[bytes]:
        """The lines without their separator, read a buffer at a time (a final
        unterminated one counts), so a filter on an endless pipe streams."""
        rest = b""
        for chunk in self.chunks():
            parts = (rest + chunk).split(sep)
            rest = parts.pop()
            yield from parts
        if rest:
            yield rest

    def close(self) -> None:
        if not self.is_stdin:
            self.f.close()


def open_input(ctx: "CommandContext", name: str) -> Input:
    """Open an input operand (raises OSError like ``open(2)``); ``/dev/stdin`` and
    ``/dev/fd/N`` are the descriptors the command inherited (``<(...)``)."""
    if name in ("-", "/dev/stdin", "/dev/fd/0"):
        return Input(name, ctx.stdin, True)
    if name.startswith("/dev/fd/") and name[8:].isdigit():
        stream = ctx.extra.get("fds", {}).get(int(name[8:]))
        if stream is None or not hasattr(stream, "read"):
            raise OSError(errno.ENOENT, os.strerror(errno.ENOENT))
        return Input(name, stream, True)
    return Input(name, ctx.sys.open(ctx.path(name), "r", ctx.task), False)


class HeldFiles:
    """Input files a command keeps open across its sleeps (``tail -f``): listed in
    the kernel's ``file_users`` (``i_count``), so an unlinked one keeps its inode
    and page cache until the command closes it (fs/file_table.c ``__fput`` →
    ``dput`` → fs/inode.c ``iput_final``)."""
    __slots__ = ("ctx", "inputs", "__weakref__")

    def __init__(self, ctx: "CommandContext", inputs: list) -> None:
        self.ctx = ctx
        self.inputs = inputs
        users = getattr(ctx.sys, "file_users", None)
        if users is not None:
            users.append(weakref.WeakMethod(self.inodes))

    def inodes(self) -> list:
        """The inodes the files hold."""
        return [ino for i in self.inputs
                if (ino := getattr(i.f, "inode", None)) is not None]

    def close(self) -> None:
        """Close them all; an unlinked file no other descriptor holds is evicted."""
        inputs, self.inputs = self.inputs, []
        for i in inputs:
            i.close()
        closed = getattr(self.ctx.sys, "files_closed", None)
        if inputs and closed is not None:
            closed(self.ctx.task)


class _Dup:
    """An inherited descriptor opened by its ``/dev/fd/N`` name (a ``>(...)``): a
    dup of it, whose close leaves the descriptor open."""
    __slots__ = ("stream",)

    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        self.stream.write(data)
        return len(data)

    def close(self) -> None:
        pass


def open_output(ctx: "CommandContext", name: str, mode: str):
    """Open an output operand (raises OSError like ``open(2)``); ``/dev/fd/N`` is a
    descriptor the command inherited (``>(...)``)."""
    if name.startswith("/dev/fd/") and name[8:].isdigit():
        stream = ctx.extra.get("fds", {}).get(int(name[8:]))
        if stream is not None and hasattr(stream, "write"):
            return _Dup(stream)
    return ctx.sys.open(ctx.path(name), mode, ctx.task)


def read_file(ctx: "CommandContext", name: str) -> bytes:
    """Whole content of an input operand (raises OSError)."""
    inp = open_input(ctx, name)
    try:
        return inp.read_all()
    finally:
        inp.close()


def is_dir(ctx: "CommandContext", path: str) -> bool:
    try:
        return _stat.S_ISDIR(ctx.sys.stat(ctx.path(path), ctx.task).st_mode)
    except OSError:
        return False


def split_lines(data: bytes) -> list[bytes]:
    """Lines without their newline; a final unterminated line counts."""
    if not data:
        return []
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return lines


# --- anon memory ------------------------------------------------------------------

#: a held buffer this big makes AnonHold look at the machine's RAM
HOLD_CHECK = 64 << 20


def _commit_room(sys, task) -> float:
    """What ``__vm_enough_memory`` (mm/util.c, OVERCOMMIT_GUESS since v5.8) lets one
    mapping have: ``totalram_pages() + total_swap_pages``, /proc/meminfo's MemTotal
    and SwapTotal in bytes (no limit without the file)."""
    try:
        text = sys.read("/proc/meminfo", task)
    except (OSError, AttributeError):
        return float("inf")
    room = 0
    for ln in text.splitlines():
        if ln.startswith(("MemTotal:", "SwapTotal:")):
            room += int(ln.split()[1]) * 1024
    return room or float("inf")


def overcommit_refuses(ctx: "CommandContext", nbytes: int) -> bool:
    """Whether ``malloc(nbytes)`` fails under the default heuristic overcommit
    (:func:`_commit_room`)."""
    return nbytes > HOLD_CHECK and nbytes > _commit_room(ctx.sys, ctx.task)


class AnonHold:
    """Anonymous memory a tool holds (buffered input): charged as it grows with
    ``sys.alloc_anon`` in whole pages (faulted in by ``read()`` copying into it),
    released with ``sys.free_anon``.

    Used as a context manager: on normal exit or an ordinary error it frees what
    it holds; when the task is killed (:class:`TaskKilled`) the kernel's exit
    work frees the memory, so nothing is called.
    """
    __slots__ = ("sys", "task", "page", "held", "charged")

    def __init__(self, ctx: "CommandContext"):
        self.sys = ctx.sys
        self.task = ctx.task
        self.page = int(getattr(ctx.sys, "page_size", 4096) or 4096)
        self.held = 0
        self.charged = 0

    def grow(self, n: int) -> None:
        """Hold ``n`` more bytes. A buffer larger than the machine's RAM and swap
        cannot be had: under the default heuristic overcommit,
        ``__vm_enough_memory`` (mm/util.c, OVERCOMMIT_GUESS, since v5.8) refuses a
        mapping of more than ``totalram_pages() + total_swap_pages``, so the tool's
        realloc fails and it dies as GNU's ``xalloc_die``: "memory exhausted"
        (``sort < /dev/zero`` ends so, as on the host)."""
        self.held += n
        if self.held > HOLD_CHECK and self.held > _commit_room(self.sys, self.task):
            raise OSError(errno.ENOMEM, "memory exhausted")
        if self.held > self.charged:
            p = self.page
            need = -(-self.held // p) * p - self.charged
            self.sys.alloc_anon(self.task, need, copy=True)
            self.charged += need

    def shrink(self, n: int) -> None:
        self.held = max(0, self.held - n)
        p = self.page
        keep = -(-self.held // p) * p
        if self.charged - keep >= 64 * p:  # give back in batches, like free() trimming
            self.sys.free_anon(self.task, self.charged - keep)
            self.charged = keep

    def release(self) -> None:
        if self.charged:
            c = self.charged
            self.charged = 0
            self.held = 0
            self.sys.free_anon(self.task, c)

    def __enter__(self) -> "AnonHold":
        return self

    def __exit__(self, et, ev, tb) -> None:
        if et is None or issubclass(et, Exception):
            self.release()


# --- busybox's line buffers --------------------------------------------------------

#: the guests' page size (the model's; kernel/vmstat.py PAGE_SIZE)
_PAGE = 4096
#: glibc's chunk header (``CHUNK_HDR_SZ``, shell/malloc.py)
_CHUNK_HDR = 16
def line_buffer_pages(longest: int, copies: int = 1) -> int:
    """The heap pages past a short line's that a busybox applet's line buffer writes
    for a line of ``longest`` bytes (``copies`` such buffers side by side): libbb's
    ``bb_get_chunk_from_file`` (libbb/get_line_from_file.c, 1.35) grows it 256 bytes
    at a time with ``xrealloc``, glibc's ``realloc`` extending the arena's top chunk
    in place, the bytes read written from its start; ``xmalloc_fgetline`` shrinks
    it to the line and the caller frees it, so the next line reuses the same pages,
    and glibc keeps them. The first page is the top's, which a short line's buffer
    writes too (calibration/busybox-applet-windows.sh, part 4: grep, sed, uniq and
    sort on lines of 3968, 7936, 15872, 31744 and 63488 bytes write 0, 1, 3, 7 and
    15 heap pages more than on short lines, cut -c with its second buffer 1, 3, 7,
    15 and 30; both guests)."""
    return max(0, -(-copies * (longest + 1 + _CHUNK_HDR) // _PAGE) - 1)


def longest_line(data: bytes, sep: bytes = b"\n") -> int:
    """The longest line's length in ``data`` (0 when every line is under a page:
    no buffer past a short line's)."""
    if len(data) < _PAGE - _CHUNK_HDR or _LONG_LINE.search(data) is None:
        return 0
    return max(map(len, data.split(sep)))


#: the longest line whose two buffers write no page past a short line's
LINE_BUFFER_MIN = _PAGE // 2 - _CHUNK_HDR - 1
#: a line as long as a page less a chunk header and its end
_LONG_LINE = re.compile(rb"[^\n]{%d}" % (_PAGE - _CHUNK_HDR - 1))


class LineBuffer:
    """busybox's line buffer (:func:`line_buffer_pages`), ``copies`` of it (cut's
    ``printed``, ``xzalloc(linelen + 1)`` a line), faulted and charged by the task
    as longer lines come, kept to its exit; nothing for the gnu userland
    (coreutils' buffers are :class:`AnonHold`'s)."""
    __slots__ = ("ctx", "copies", "held")

    def __init__(self, ctx: "CommandContext", copies: int = 1) -> None:
        self.ctx = ctx
        self.copies = copies if userland(ctx) == "busybox" else 0
        self.held = 0

    def pages(self, longest: int) -> int:
        """The heap pages past a short line's for a line of ``longest`` bytes."""
        return line_buffer_pages(longest, self.copies)

    def line(self, longest: int) -> None:
        """A line of ``longest`` bytes read."""
        n = self.pages(longest) if self.copies else 0
        if n > self.held:
            alloc = getattr(self.ctx.sys, "alloc_anon", None)
            if alloc is not None:
                alloc(self.ctx.task, (n - self.held) * _PAGE)
            self.held = n


class LongestLine:
    """The longest line of a stream read a chunk at a time (a line across chunks
    counted whole)."""
    __slots__ = ("longest", "partial")

    def __init__(self) -> None:
        self.longest = 0
        self.partial = 0

    def feed(self, chunk: bytes) -> None:
        """Take ``chunk`` in."""
        i = chunk.find(b"\n")
        if i < 0:
            self.partial += len(chunk)
            return
        first = self.partial + i
        j = chunk.rfind(b"\n")
        inner = longest_line(chunk[i + 1:j]) if j > i else 0
        self.longest = max(self.longest, first, inner)
        self.partial = len(chunk) - j - 1

    def result(self) -> int:
        """The longest line (an unterminated last one counted)."""
        return max(self.longest, self.partial)


# --- GNU quoting -------------------------------------------------------------------

#: characters that make gnulib's shell quoting style quote a name
_SHELL_SPECIAL = frozenset(" !\"$&'()*:;<=>?[\\^`|")
_C_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}


def quotef(name: str) -> str:
    """gnulib's ``quotef`` (``shell_escape_quoting_style``) in the C locale, how
    coreutils names a file in a diagnostic: as is when nothing in it is special to
    the shell, in double quotes when only a ``'`` is, else in single quotes with
    each unprintable byte as a ``$'\\ooo'`` piece (``'x'$'\\n''y'``)."""
    if not name:
        return "''"
    printable = all(" " <= c <= "~" for c in name)
    if printable and not (any(c in _SHELL_SPECIAL for c in name) or name[0] in "#~"
                          or name in ("{", "}")):
        return name
    if printable and "'" in name and not any(c in "$`\"\\!" for c in name):
        return f'"{name}"'
    out = ["'"]
    quoted = True
    for c in name:
        if " " <= c <= "~":
            if not quoted:
                out.append("'")
                quoted = True
            out.append("'\\''" if c == "'" else c)
            continue
        if quoted:
            out.append("'")
            quoted = False
        esc = _C_ESCAPES.get(c)
        out.append("$'" + ("\\" + esc if esc else "".join(
            f"\\{b:03o}" for b in c.encode("utf-8", "surrogateescape"))) + "'")
    if quoted:
        out.append("'")
    return "".join(out)


def quoteaf(name: str) -> str:
    """gnulib's ``quoteaf`` (``shell_escape_always_quoting_style``): as
    :func:`quotef`, but a name that needs no quoting is quoted all the same
    (``'a'``), how coreutils names an operand in most diagnostics."""
    q = quotef(name)
    return f"'{q}'" if q == name else q


class _DirOpenView:
    """A process's descriptor table with the directory its ``opendir`` holds: the
    table it had (its ``fd_view``, maybe its shell's, shared) and that one more,
    whose ``d_path`` (the links on the way followed) is found when it is read."""
    __slots__ = ("view", "fd", "ctx", "path", "fds")

    def __init__(self, view, fd: int, ctx: "CommandContext", path: str) -> None:
        from ..streams import OpenDir
        self.view = view
        self.fd = fd
        self.ctx = ctx
        self.path = path
        self.fds = {**view.fds, fd: OpenDir(path)}

    def fd_files(self, task) -> dict:
        """fd -> (path, ``f_flags``, offset), the directory's included."""
        from ..streams import OPENDIR_FLAGS
        from .paths import canonicalize
        files = self.view.fd_files(task)
        try:
            path = canonicalize(self.ctx, self.path, "e")
        except OSError:
            path = self.path
        files[self.fd] = (path, OPENDIR_FLAGS, 0)
        return files


@contextmanager
def dir_open(ctx: "CommandContext", path: str):
    """``opendir(path)`` .. ``closedir``: the directory open meanwhile as the
    process's lowest free descriptor (fs/file.c ``alloc_fd``), as its /proc/PID/fd
    shows it (``ls -l /proc/self/fd`` stats, and GNU ls reads, that entry while the
    directory is open; busybox ls reads its links after ``closedir``)."""
    from ...fs.procfd import task_files
    from ...kernel.file import alloc_fd
    task = ctx.task
    view = getattr(task, "fd_view", None)
    if getattr(view, "fds", None) is None:
        yield
        return
    fd = alloc_fd(task_files(task), 0, None)
    task.fd_view = opened = _DirOpenView(view, fd, ctx, path)
    try:
        yield
    finally:
        if task.fd_view is opened:      # (not if the task exited meanwhile: exit_files)
            task.fd_view = view
