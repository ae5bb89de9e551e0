"""awk: a POSIX awk (with a few gawk conveniences) for the model's shell.

Tokenizer -> recursive-descent parser -> tuple AST -> closures ``f(rt)``; the
compiled program is cached per program text. Values are ``float`` (numbers),
``str`` (string constants and results) and :class:`StrNum` (input fields, ``-v``
values, ``split`` elements: compare as numbers when they look numeric). Strings
are latin-1 decoded bytes (C locale).

Supported: BEGIN/END, ``pattern``, ``/re/``, ``p1,p2`` ranges, functions,
``$expr``, NF/NR/FNR/FS/OFS/ORS/RS/SUBSEP/CONVFMT/OFMT/RSTART/RLENGTH/FILENAME/
ENVIRON/ARGC/ARGV, all operators, ``in``, (multi-dim) associative arrays,
``delete``, if/else, while, do, for, for-in, break, continue, next, nextfile,
exit, return, ``print``/``printf`` (with ``> >>`` to files), ``getline`` (plain,
var, ``< file``), length substr index split sub gsub match sprintf toupper
tolower int sqrt exp log sin cos atan2 rand srand close fflush system.
"""
from __future__ import annotations

import math
import random
import re
from typing import TYPE_CHECKING, Any

from ..malloc import Heap
from ..pipes import drive_here
from .userland import quirk
from ._util import Out, UsageError, command, err, getopt, strerror
from .awk_compile import _FMT, Program, _compile_program, rx_split
from .awk_parse import unescape
from .awk_values import (KEEP_MIN, UNINIT, AwkError, StrNum, _Break, _Continue, _Exit, _Next,
                         _NextFile, _Return, _Untyped, num_str, to_num, BB_INT_LIMIT,
                         MAWK_INT_LIMIT)
from .posixre import RegexError, compile_awk

if TYPE_CHECKING:
    from ..context import CommandContext


# --- runtime --------------------------------------------------------------------------

_DEFAULT_FS = re.compile(r"[^ \t\n]+")


class Runtime:
    def __init__(self, ctx: "CommandContext", prog: Program):
        self.ctx = ctx
        self.prog = prog
        #: where integral numbers stop being written as integers (awk_values.num_str)
        self.int_limit = BB_INT_LIMIT if prog.bb else MAWK_INT_LIMIT
        self.g: dict[str, Any] = {
            "FS": " ", "OFS": " ", "ORS": "\n", "RS": "\n", "NR": 0.0, "NF": 0.0, "FNR": 0.0,
            "SUBSEP": "\x1c", "CONVFMT": "%.6g", "OFMT": "%.6g", "RSTART": 0.0,
            "RLENGTH": -1.0, "FILENAME": "",
        }
        self.g["ENVIRON"] = {_l1(k): prog.strnum(_l1(v)) for k, v in ctx.env.items()}
        self.frame: list = []
        self.depth = 0
        self.record = ""
        self.fields: list | None = [None]
        self.nf = 0
        self.rec_fs = " "
        self.out = Out(ctx.stdout)
        self.files: dict[str, Any] = {}
        #: ``print | "cmd"``'s pipes: what each command is given, by its text
        self.out_pipes: dict[str, bytearray] = {}
        self.readers: dict[str, Any] = {}
        #: ``"cmd" | getline``'s commands, each an iterator of its records
        self.cmd_readers: dict[str, Any] = {}
        #: their commands' statuses, for ``close``
        self.cmd_status: dict[str, int] = {}
        self.exit_code = 0
        self.seed = 0.0
        self.rng = random.Random(0)
        self.main_iter = None
        self.range_active: dict[int, bool] = {}
        #: the chunks of the global variables holding big strings (:meth:`keep`)
        self.kept: dict[str, tuple[int, int]] = {}
        self.heap: Heap | None = None

    def keep(self, name: str, v) -> None:
        """A global variable's new value in the process's heap: a string of
        ``KEEP_MIN`` bytes or more is a malloc'd copy (busybox awk's ``setvar_s`` →
        ``xstrdup``, the old one freed after), so a big one is an mmap'd chunk
        past glibc's threshold (shell/malloc.py); smaller values are not counted."""
        kept = self.kept
        old = kept.pop(name, None)
        if self.heap is None:
            self.heap = Heap(self.ctx.sys, self.ctx.task, 0)
        if type(v) is not float and len(v) >= KEEP_MIN:
            kept[name] = self.heap.malloc(len(v) + 1)
        self.heap.free(old)

    # conversions
    def tostr(self, v) -> str:
        if type(v) is float:
            return num_str(v, self.g["CONVFMT"], self.int_limit)
        if type(v) is dict:
            raise AwkError("attempt to use array in a scalar context")
        return v

    def tokey(self, v) -> str:
        if type(v) is float:
            return num_str(v, self.g["CONVFMT"], self.int_limit)
        if type(v) is dict or type(v) is _Untyped:
            raise AwkError("attempt to use array in a scalar context")
        return str(v) if type(v) is not str else v

    def g_num(self, name: str) -> float:
        return self.prog.to_num(self.g.get(name, UNINIT))

    def regex(self, v):
        if type(v) is float:
            v = self.tostr(v)
        try:
            return compile_awk(v)
        except RegexError as ex:
            raise AwkError(f"regular expression {v}: {ex}") from None

    def now(self) -> float:
        try:
            return float(self.ctx.sys.now)
        except Exception:
            return 0.0

    # records and fields
    def set_record(self, rec: str) -> None:
        self.record = rec
        self.fields = None
        self.rec_fs = self.tostr(self.g["FS"])

    def get_record(self) -> str:
        r = self.record
        if type(r) is not StrNum:
            r = self.record = self.prog.strnum(r)
        return r

    def split(self, s: str, fs: str) -> list[str]:
        if fs == " ":
            return _DEFAULT_FS.findall(s)
        if not s:
            return []
        if len(fs) == 1 and fs != "\\":
            if self.g["RS"] == "" and fs != "\n":
                return re.split("[" + re.escape(fs) + "\n]", s)
            return s.split(fs)
        if fs == "":
            return list(s)
        return rx_split(self.regex(fs), s)

    def _split_record(self) -> None:
        parts = self.split(self.record, self.rec_fs)
        strnum = self.prog.strnum
        self.fields = [None] + [strnum(p) for p in parts]
        self.nf = len(parts)

    def get_field(self, i: int):
        if i == 0:
            return self.get_record()
        if self.fields is None:
            self._split_record()
        if i <= self.nf:
            return self.fields[i]
        return UNINIT

    def get_nf(self) -> int:
        if self.fields is None:
            self._split_record()
        return self.nf

    def set_field(self, i: int, v) -> None:
        if i == 0:
            self.record = self.tostr(v)
            self.fields = None
            self.rec_fs = self.tostr(self.g["FS"])
            return
        if self.fields is None:
            self._split_record()
        if i > self.nf:
            self.fields.extend([UNINIT] * (i - self.nf))
            self.nf = i
        self.fields[i] = v
        self._rebuild()

    def set_nf(self, n: int) -> None:
        if self.fields is None:
            self._split_record()
        if n < self.nf:
            del self.fields[n + 1:]
        else:
            self.fields.extend([UNINIT] * (n - self.nf))
        self.nf = n
        self._rebuild()

    def _rebuild(self) -> None:
        ofs = self.tostr(self.g["OFS"])
        self.record = ofs.join(self.tostr(f) for f in self.fields[1:])

    # output
    def output(self, redir, text: str) -> None:
        data = text.encode("latin-1", "replace")
        if redir is None:
            self.out.write(data)
            return
        op, namef = redir
        name = self.tostr(namef(self))
        if op == "|":
            pipe = self.out_pipes.get(name)
            if pipe is None:
                # the output so far flushed as the pipe opens (mawk: before its fork)
                self.out.flush()
                pipe = self.out_pipes[name] = bytearray()
            pipe.extend(data)
            return
        if name in ("/dev/stdout", "-"):
            self.out.write(data)
            return
        if name == "/dev/stderr":
            self.out.flush()
            self.ctx.stderr.write(data)
            return
        f = self.files.get(name)
        if f is None:
            try:
                f = self.ctx.sys.open(self.ctx.path(_u8(name)), "a" if op == ">>" else "w",
                                      self.ctx.task)
            except OSError as e:
                raise AwkError(f"can't redirect to '{name}': {strerror(e)}") from None
            self.files[name] = f
        f.write(data)

    def close(self, name: str) -> float:
        f = self.files.pop(name, None)
        if f is not None:
            f.close()
            return 0.0
        if name in self.out_pipes:
            return self._run_pipe(name, self.out_pipes.pop(name))
        if self.cmd_readers.pop(name, None) is not None:
            return self._wait_value(self.cmd_status.pop(name, 0))
        if self.readers.pop(name, None) is not None:
            return 0.0
        return 0.0 if self.prog.bb else -1.0      # busybox: nothing of that name closes

    def close_all(self) -> None:
        """The output files and pipes, and the main input's file if awk stopped
        reading it (``exit``). mawk closes its pipes (``pclose``: their commands
        run) before its own output is flushed at its exit; busybox flushes all
        first (``awk_exit``: ``fflush_all``)."""
        for f in self.files.values():
            f.close()
        self.files.clear()
        while self.out_pipes:
            name = next(iter(self.out_pipes))
            self._run_pipe(name, self.out_pipes.pop(name))
        self.out.flush()
        if self.main_iter is not None:
            self.main_iter.close()

    def _sh(self, cmd: str, what: str, stdin=None, stdout=None):
        """``sh -c cmd`` run to its end, its standard input or output replaced
        if given: its status, None if it could not run (OSError), False if it
        sleeps (refused with ``awk: WHAT: commands that sleep are not supported``)."""
        from types import GeneratorType

        from .procutils import run_command
        ctx = self.ctx
        saved = ctx.stdin, ctx.stdout
        if stdin is not None:
            ctx.stdin = stdin
        if stdout is not None:
            ctx.stdout = stdout
        try:
            st = run_command(ctx, ["sh", "-c", _u8(cmd)])
            if type(st) is GeneratorType:
                st = drive_here(st)
                if st is None:
                    err(ctx, f"awk: {what}: commands that sleep are not supported")
                    return False
            return st
        except OSError:
            return None
        finally:
            ctx.stdin, ctx.stdout = saved

    def _run_pipe(self, cmd: str, data: bytearray) -> float:
        """``print | "cmd"``'s command run on what was printed to it, at its
        ``close`` or awk's end (``popen(cmd, "w")`` then ``pclose``: the model
        runs it whole once its input is complete; busybox's output so far comes
        first, mawk's stays buffered): :meth:`_wait_value`, -1 if it could not run.
        (A command that leaves some of it unread races awk's flush at ``pclose``:
        if it has exited by then awk dies of SIGPIPE; the model's awk is the quick
        one, as a short program on the hosts mostly is.)"""
        from ..streams import BytesIn
        if self.prog.bb:
            self.out.flush()        # busybox: its output first, then the command's
        st = self._sh(cmd, 'print | "cmd"', stdin=BytesIn(data))
        return -1.0 if st is None or st is False else self._wait_value(st)

    def _wait_value(self, st: int, system: bool = False) -> float:
        """What ``close`` of a command's pipe or ``system`` gives for its status
        ``st`` (the shell's: 128 + N for a signal N): busybox awk.c's ``pclose``
        wait status (``code << 8``, or N) and its ``system`` that shifted right
        (a signal's 0); mawk 1.3.4's ``wait_status`` (the code, or 256 + N)."""
        sig = st - 128 if 128 < st <= 192 else 0
        if self.prog.bb:
            raw = sig or st << 8
            return float(raw >> 8 if system else raw)
        return float(256 + sig if sig else st)

    def system(self, cmd: str) -> float:
        """``system(cmd)``: :meth:`_wait_value` (127 if it could not run), the
        output so far flushed first."""
        self.out.flush()
        st = self._sh(cmd, "system()")
        return 127.0 if st is None else -1.0 if st is False else self._wait_value(st, True)

    def sprintf(self, fmt: str, args: list) -> str:
        to_num = self.prog.to_num
        out = []
        pos = 0
        ai = 0
        for m in _FMT.finditer(fmt):
            out.append(fmt[pos:m.start()])
            pos = m.end()
            flags, width, prec, conv = m.groups()
            if conv == "%":
                out.append("%")
                continue
            if width == "*":
                width = str(int(to_num(args[ai]))) if ai < len(args) else "0"
                ai += 1
            if prec == "*":
                prec = str(int(to_num(args[ai]))) if ai < len(args) else "0"
                ai += 1
            v = args[ai] if ai < len(args) else None
            ai += 1
            spec = "%" + flags + (width or "") + ("." + prec if prec is not None else "")
            if conv == "c":
                if v is None:
                    s = ""
                elif type(v) is float:
                    s = chr(int(v) & 0xFF)
                else:
                    s = v[:1]
                out.append(("%" + flags + (width or "") + "s") % s)
            elif conv == "s":
                out.append((spec + "s") % ("" if v is None else self.tostr(v)))
            elif conv in "diouxX" and self.prog.bb:
                # busybox awk.c awk_printf: xasprintf (s, (int) getvar_i (arg)):
                # x86-64's cvttsd2si gives INT_MIN for a value outside int (a
                # memory.stat count past 2 GiB prints -2147483648); o, u, x, X
                # read that int as unsigned int
                n = to_num(v) if v is not None else 0.0
                iv = math.trunc(n) if math.isfinite(n) and -2 ** 31 <= math.trunc(n) < 2 ** 31 \
                    else -2 ** 31
                if conv not in "di":
                    iv &= 0xFFFFFFFF
                out.append((spec + ("d" if conv in "diu" else conv)) % iv)
            elif conv in "di":
                n = to_num(v) if v is not None else 0.0
                if not math.isfinite(n):
                    out.append(("%" + flags + (width or "") + "s") % num_str(n, "%g", self.int_limit))
                else:
                    out.append((spec + "d") % math.trunc(n))
            elif conv in "ouxX":
                n = to_num(v) if v is not None else 0.0
                iv = math.trunc(n) if math.isfinite(n) else 0
                if iv < 0:
                    iv &= (1 << 64) - 1
                out.append((spec + conv.replace("u", "d")) % iv)
            else:
                n = to_num(v) if v is not None else 0.0
                out.append((spec + conv) % n)
        out.append(fmt[pos:])
        return "".join(out)

    # input
    def records(self, data: str):
        rs = self.tostr(self.g["RS"])
        if rs == "\n":
            recs = data.split("\n")
            if recs and recs[-1] == "":
                recs.pop()
            return recs
        if rs == "":
            return [r for r in re.split(r"\n\n+", data.strip("\n")) if r] if data.strip("\n") else []
        if len(rs) == 1:
            recs = data.split(rs)
        else:
            recs = rx_split(self.regex(rs), data)
        if recs and recs[-1] in ("", "\n"):
            recs.pop()
        return recs

    def _read(self, name: str) -> str:
        ctx = self.ctx
        if name in ("-", "/dev/stdin"):
            data = ctx.stdin.read()
        else:
            f = ctx.sys.open(ctx.path(_u8(name)), "r", ctx.task)
            try:
                chunks = []
                while True:
                    b = f.read(1 << 17)
                    if not b:
                        break
                    chunks.append(b)
                data = b"".join(chunks)
            finally:
                f.close()
        return data.decode("latin-1")

    def read_command_record(self, cmd: str):
        """``"cmd" | getline``: the next record of what ``sh -c cmd`` printed
        (None at its end, False if it could not run). The command runs to its
        end at the first getline (awk's ``popen``, its pipe read to EOF: a
        command that sleeps is refused, as by :meth:`system`); ``close(cmd)``
        lets the next getline run it again."""
        r = self.cmd_readers.get(cmd)
        if r is None:
            from ..streams import BufOut
            self.out.flush()
            buf = BufOut()
            st = self._sh(cmd, '"cmd" | getline', stdout=buf)
            if st is None or st is False:
                return False
            self.cmd_status[cmd] = st
            r = self.cmd_readers[cmd] = iter(self.records(bytes(buf.buf).decode("latin-1")))
        return next(r, None)

    def read_file_record(self, name: str):
        r = self.readers.get(name)
        if r is None:
            try:
                r = iter(self.records(self._read(name)))
            except OSError:
                return False
            self.readers[name] = r
        return next(r, None)

    def main_records(self, operands: list[str]):
        """Yield records of the main input (ARGV files, assignments, stdin)."""
        g = self.g
        argv = g["ARGV"]
        used_file = False
        i = 1
        while i < int(to_num(g["ARGC"])):
            arg = argv.get(str(i), UNINIT)
            i += 1
            if arg == "":
                continue
            m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)\Z", arg, re.S)
            if m:
                g[m.group(1)] = self.prog.strnum(unescape(m.group(2)))
                continue
            used_file = True
            yield from self._file_records(arg)
        if not used_file:
            yield from self._file_records("-")

    def _file_records(self, name: str):
        self.g["FILENAME"] = name if name != "-" else ""
        self.g["FNR"] = 0.0
        lines = self.tostr(self.g["RS"]) == "\n"
        if name in ("-", "/dev/stdin") and lines:
            yield from self._lines(self.ctx.stdin.read)
            return
        try:
            if lines:
                f = self.ctx.sys.open(self.ctx.path(_u8(name)), "r", self.ctx.task)
            else:
                data = self._read(name)
        except OSError as e:
            self.out.flush()
            err(self.ctx, f"awk: cannot open \"{_u8(name)}\" ({strerror(e)})")
            self.exit_code = 2
            return
        if lines:
            try:
                yield from self._lines(f.read)
            finally:
                f.close()
            return
        for rec in self.records(data):
            if self.skip_file:
                self.skip_file = False
                return
            yield rec

    skip_file = False

    def _lines(self, read):
        """An input's lines, read a buffer at a time as gawk reads them, so
        ``yes | awk 'NR==2{exit}1'`` and ``awk 'NR==1{exit}' /dev/urandom`` end."""
        rest = ""
        while True:
            b = read(1 << 16)
            if not b:
                break
            parts = (rest + b.decode("latin-1")).split("\n")
            rest = parts.pop()
            for rec in parts:
                if self.skip_file:
                    self.skip_file = False
                    return
                yield rec
        if rest and not self.skip_file:
            yield rest
        self.skip_file = False

    def next_main_record(self):
        if self.main_iter is None:
            return None
        return next(self.main_iter, None)


def _l1(s: str) -> str:
    return s.encode("utf-8", "surrogateescape").decode("latin-1")


def _u8(s: str) -> str:
    return s.encode("latin-1", "replace").decode("utf-8", "surrogateescape")


# --- the command ----------------------------------------------------------------------

#: the model's awk errors -> busybox awk.c's (its EMSG_* texts)
BB_ERRORS = {"division by zero": "Division by zero",
             "division by zero in %": "Division by zero"}


def _bb_error(ctx: "CommandContext", e: AwkError, src_file: str | None = None) -> int:
    """busybox awk's ``syntax_error``: ``awk: PROGNAME:N: MSG`` (``g_progname``:
    ``cmd. line`` or the ``-f`` file), status 1; a syntax error is its
    ``Unexpected token`` (``Unexpected end of string`` for an unterminated one).
    A run-time error's line is the model's 1 (busybox names the instruction's)."""
    msg = str(e)
    m = re.match(r"(?:syntax error at source )?line (\d+): (.*)", msg)
    if m:
        line, what = m.groups()
        line = line if e.line is None else e.line
        msg = "Unexpected end of string" if what.startswith("runaway") else "Unexpected token"
    else:
        line = "1"
    err(ctx, f"awk: {src_file or 'cmd. line'}:{line}: {BB_ERRORS.get(msg, msg)}")
    return 1


def run_awk(ctx: "CommandContext", src: str, operands: list[str],
            assigns: list[tuple[str, str]], fs: str | None, src_file: str | None = None) -> int:
    """Compile and run ``src`` (mawk's compile errors name ``src_file``, the
    program's ``-f`` file: scan.c ``compile_error``)."""
    bb = quirk(ctx, "awk.busybox")
    try:
        prog = _compile_program(src, bb)
    except AwkError as e:
        if bb:
            return _bb_error(ctx, e, src_file)
        err(ctx, f"awk: {src_file + ': ' if src_file else ''}{e}")
        return 2
    rt = Runtime(ctx, prog)
    if fs is not None:
        rt.g["FS"] = "\t" if fs == "t" else unescape(fs)
    for k, v in assigns:
        rt.g[k] = prog.strnum(unescape(v))
    rt.g["ARGV"] = {str(i): prog.strnum(a) for i, a in enumerate(["awk"] + operands)}
    rt.g["ARGC"] = float(len(operands) + 1)
    code = 0
    exiting = False
    rt.main_iter = rt.main_records(operands)
    try:
        try:
            for b in prog.begin:
                b(rt)
            if prog.needs_input:
                _main_loop(rt)
        except _Exit as e:
            code = e.code
            exiting = True
        except (_Next, _NextFile):
            raise AwkError("next used in BEGIN or END action") from None
        try:
            rt.exit_code = code if exiting else rt.exit_code
            for b in prog.end:
                b(rt)
        except _Exit as e:
            code = e.code
            exiting = True
    except AwkError as e:
        rt.out.flush()
        rt.close_all()
        if bb:
            return _bb_error(ctx, e, src_file)
        err(ctx, f"awk: run time error: {e}")
        return 2
    except (_Break, _Continue, _Return):
        rt.out.flush()
        err(ctx, "awk: break, continue or return outside a loop or function")
        return 2
    rt.close_all()
    return code if exiting else rt.exit_code


def _main_loop(rt: Runtime) -> None:
    rules = rt.prog.rules
    g = rt.g
    nr = 0.0
    for rec in rt.main_iter:
        nr = to_num(g["NR"]) + 1.0
        g["NR"] = nr
        g["FNR"] = to_num(g["FNR"]) + 1.0
        rt.record = rec
        rt.fields = None
        rt.rec_fs = g["FS"]
        try:
            for k, (pat, action) in enumerate(rules):
                if pat is None:
                    hit = True
                elif type(pat) is tuple:
                    if rt.range_active.get(k):
                        hit = True
                        if pat[2](rt):
                            rt.range_active[k] = False
                    elif pat[1](rt):
                        hit = True
                        rt.range_active[k] = not pat[2](rt)
                    else:
                        hit = False
                else:
                    hit = pat(rt)
                if hit:
                    if action is None:
                        rt.out.write((rt.get_record() + rt.tostr(g["ORS"])).encode("latin-1", "replace"))
                    else:
                        action(rt)
        except _Next:
            continue
        except _NextFile:
            rt.skip_file = True
            continue


@command("awk", "gawk", "mawk", "nawk", usage_status=2, full_usage=True,
         usage="[POSIX or GNU style options] -f progfile [--] file ...\n"
               "Usage: awk [POSIX or GNU style options] [--] 'program' file ...")
def cmd_awk(ctx: "CommandContext") -> int:
    """``awk [-F FS] [-v var=val]... [-f progfile | 'program'] [file | var=val]...``."""
    opts, args = getopt(ctx.argv[1:], "F:v:f:", {"field-separator=": "F", "assign=": "v",
                                                 "file=": "f"}, permute=False)
    fs = None
    assigns = []
    progs = []
    for o, v in opts:
        if o == "F":
            fs = _l1(v)
        elif o == "v":
            name, eq, val = v.partition("=")
            if not eq or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                err(ctx, f"awk: fatal: `{v}' is not a legal variable name")
                return 2
            assigns.append((_l1(name), _l1(val)))
        elif o == "f":
            try:
                data = ctx.sys.read(ctx.path(v), ctx.task) if v != "-" else ctx.stdin.read().decode()
            except OSError as e:
                if quirk(ctx, "awk.busybox"):
                    err(ctx, f"awk: can't open '{v}': {strerror(e)}")
                    return 1
                err(ctx, f"awk: fatal: can't open source file `{v}' for reading: {strerror(e)}")
                return 2
            progs.append(data)
    if not progs:
        if not args:
            raise UsageError("")
        progs.append(args[0])
        args = args[1:]
    src = _l1("\n".join(progs))
    files = [v for o, v in opts if o == "f"]
    return run_awk(ctx, src, [_l1(a) for a in args], assigns, fs,
                   files[0] if len(files) == 1 else None)
