"""``find`` (GNU findutils), the part scripts use to count and walk cgroups:
``find /sys/fs/cgroup/memory -type d | wc -l`` (moby#29638's measure).

Starting points, then an expression of tests (``-name -iname -path -type -perm
-empty -true -false``), actions (``-print -print0 -printf FORMAT -exec CMD {} ; -exec CMD {}
+ -delete -prune -quit``), operators (``! -not -a -and -o -or ( )``) and the global options
``-maxdepth``/``-mindepth``/``-depth``/``-xdev`` and ``-P``/``-H``/``-L`` (which
symbolic links are followed); without an action, ``-print``. Entries are
visited in name order (a real directory's order is its readdir order).
"""
from __future__ import annotations

import errno
import re
import stat as S
from typing import TYPE_CHECKING, Generator

from ..context import lstat
from ..pattern import compile_pattern
from .userland import map_applet_code, quirk, report
from ._util import UsageError, command, err, raw_write, strerror
from .procutils import _run_status

if TYPE_CHECKING:
    from ..context import CommandContext

_TYPES = {"b": S.S_ISBLK, "c": S.S_ISCHR, "d": S.S_ISDIR, "p": S.S_ISFIFO, "f": S.S_ISREG,
          "l": S.S_ISLNK, "s": S.S_ISSOCK}
_TESTS = ("-name", "-iname", "-path", "-wholename", "-type")


class _Find:
    __slots__ = ("ctx", "args", "i", "maxdepth", "mindepth", "depth_first", "has_action",
                 "batches", "quit", "status", "follow", "xdev", "start")

    def __init__(self, ctx: "CommandContext", args: list[str]):
        self.ctx = ctx
        self.args = args
        self.i = 0
        self.maxdepth: int | None = None
        self.mindepth = 0
        self.depth_first = False
        self.has_action = False
        self.batches: list[tuple[list[str], list[str]]] = []     # -exec ... {} +
        self.quit = False
        self.status = 0
        #: -P (links never followed, the default), -H (starting points'), -L (all)
        self.follow = "P"
        #: -xdev: the starting point's filesystem, whose directories alone are
        #: entered (find.c ``fileAction``: another's is acted on, not descended)
        self.xdev: object = None

    # -- parsing: a tree of tuples ---------------------------------------------------
    def parse(self):
        if self.i >= len(self.args):
            return ("true",)
        e = self._or()
        if self.i < len(self.args):
            a = self.args[self.i]
            raise UsageError(f"unexpected extra predicate '{a}'" if a != ")" else
                             "invalid expression; you have too many ')'", hint=False)
        return e

    def _or(self):
        e = self._and()
        while self._peek() in ("-o", "-or"):
            self.i += 1
            e = ("or", e, self._and())
        return e

    def _and(self):
        e = self._not()
        while self._peek() not in (None, ")", "-o", "-or"):
            if self._peek() in ("-a", "-and"):
                self.i += 1
            e = ("and", e, self._not())
        return e

    def _not(self):
        if self._peek() in ("!", "-not"):
            self.i += 1
            return ("not", self._not())
        return self._primary()

    def _peek(self) -> str | None:
        return self.args[self.i] if self.i < len(self.args) else None

    def _arg(self, pred: str) -> str:
        if self.i >= len(self.args):
            raise UsageError(f"missing argument to `{pred}'", situation="missing_arg", op=pred)
        self.i += 1
        return self.args[self.i - 1]

    def _primary(self):
        a = self._arg("(")
        if a == "(":
            e = self._or()
            if self._peek() != ")":
                raise UsageError("invalid expression; I was expecting to find a ')' "
                                 "somewhere but did not see one.", hint=False)
            self.i += 1
            return e
        if a in ("-maxdepth", "-mindepth"):
            v = self._arg(a)
            if not v.isdigit():
                raise UsageError(f"Expected a positive decimal integer argument to {a}, "
                                 f"but got '{v}'", hint=False)
            setattr(self, a[1:], int(v))
            # busybox's parse_params: its number's parse, code of its own
            map_applet_code(self.ctx.sys, self.ctx.task, "find", "depth")
            return ("true",)
        if a == "-depth":
            self.depth_first = True
            return ("true",)
        if a == "-xdev":
            self.xdev = True
            return ("true",)
        if a in _TESTS:
            v = self._arg(a)
            if a == "-type" and (len(v) != 1 or v not in _TYPES):
                raise UsageError(f"Unknown argument to -type: {v}", situation="type", op=v)
            return (a, v)
        if a == "-perm":
            return self._perm(self._arg(a))
        if a in ("-empty", "-true", "-false", "-prune", "-quit"):
            return (a,)
        if a in ("-print", "-print0", "-delete"):
            self.has_action = True
            if a == "-delete":
                self.depth_first = True
            return (a,)
        if a in ("-exec", "-execdir", "-ok"):
            if a != "-exec":
                raise UsageError(f"{a} is not supported by memcgsim", hint=False)
            self.has_action = True
            cmd = []
            while True:
                if self.i >= len(self.args):
                    raise UsageError("missing argument to `-exec'", hint=False)
                w = self.args[self.i]
                self.i += 1
                if w == ";" or (w == "+" and cmd and cmd[-1] == "{}"):
                    break
                cmd.append(w)
            if not cmd:
                raise UsageError("missing argument to `-exec'", hint=False)
            if w == "+":
                self.batches.append((cmd[:-1], []))
                return ("exec+", len(self.batches) - 1)
            return ("exec", cmd)
        if a == "-printf" and not quirk(self.ctx, "usage"):       # (busybox has none)
            self.has_action = True
            return ("-printf", _printf_parts(self.ctx, self._arg(a)))
        if quirk(self.ctx, "usage"):
            # find.c parse_params: bb_error_msg("unrecognized: %s"), bb_show_usage
            err(self.ctx, f"find: unrecognized: {a}")
            raise UsageError("")
        raise UsageError(f"unknown predicate `{a}'", hint=False)

    def _perm(self, v: str):
        """``-perm MODE`` (exactly these permission bits), ``-MODE`` (all of them),
        ``/MODE`` or busybox's ``+MODE`` (any of them); MODE octal or symbolic, from
        no bits (busybox find.c ``parse_params``: ``bb_parse_mode`` of a zero mask;
        findutils ``mode_adjust(0, ...)``)."""
        from .fileutils import chmod_mode
        kind = v[0] if v[:1] in ("-", "/", "+") else ""
        try:
            mask = chmod_mode(v[len(kind):], 0, umask=0)
        except ValueError:
            # findutils: error (EXIT_FAILURE, 0, _("invalid mode %s")); busybox:
            # bb_error_msg_and_die("invalid mode '%s'"): status 1, no usage
            raise UsageError("", situation="perm", op=v) from None
        return ("-perm", kind, mask)

    # -- evaluation ------------------------------------------------------------------
    def st_mode(self, path: str, depth: int = 1) -> int:
        """The mode of ``path``: its link's own under -P (and -H below the
        starting points), else its target's (a dangling link's own)."""
        ctx = self.ctx
        p = ctx.path(path)
        if self.follow == "L" or (self.follow == "H" and depth == 0):
            try:
                return ctx.sys.stat(p, ctx.task).st_mode
            except OSError as e:
                if e.errno != errno.ENOENT:     # a dangling link is one
                    raise
        return lstat(ctx.sys, p, ctx.task).st_mode

    def eval(self, e, path: str, name: str, mode: int, pruned: list) -> Generator:
        op = e[0]
        if op == "and":
            return (yield from self.eval(e[1], path, name, mode, pruned)) and \
                (yield from self.eval(e[2], path, name, mode, pruned))
        if op == "or":
            return (yield from self.eval(e[1], path, name, mode, pruned)) or \
                (yield from self.eval(e[2], path, name, mode, pruned))
        if op == "not":
            return not (yield from self.eval(e[1], path, name, mode, pruned))
        if op == "true":
            return True
        if op in ("-false",):
            return False
        if op == "-name":
            return compile_pattern(e[1]).fullmatch(name)
        if op == "-iname":
            return compile_pattern(e[1].lower()).fullmatch(name.lower())
        if op in ("-path", "-wholename"):
            return compile_pattern(e[1]).fullmatch(path)
        if op == "-type":
            return _TYPES[e[1]](mode)
        if op == "-perm":
            bits = mode & 0o7777
            if e[1] == "-":
                return bits & e[2] == e[2]
            if e[1]:
                return bits & e[2] != 0
            return bits == e[2]
        if op == "-empty":
            if S.S_ISDIR(mode):
                return not self.ctx.sys.listdir(self.ctx.path(path), self.ctx.task)
            return S.S_ISREG(mode) and self.ctx.sys.stat(self.ctx.path(path), self.ctx.task).st_size == 0
        if op == "-print":
            raw_write(self.ctx.stdout, (path + "\n").encode("utf-8", "surrogateescape"))
            return True
        if op == "-print0":
            raw_write(self.ctx.stdout, (path + "\0").encode("utf-8", "surrogateescape"))
            return True
        if op == "-printf":
            raw_write(self.ctx.stdout, self.printf(e[1], path, name).encode(
                "utf-8", "surrogateescape"))
            return True
        if op == "-prune":
            pruned.append(True)
            return True
        if op == "-quit":
            self.quit = True
            return True
        if op == "-delete":
            return self.delete(path, mode)
        if op == "exec":
            argv = [a.replace("{}", path) for a in e[1]]
            return (yield from self.run(argv)) == 0
        if op == "exec+":
            self.batches[e[1]][1].append(path)
            return True
        raise AssertionError(op)    # pragma: no cover

    def printf(self, parts: list, path: str, name: str) -> str:
        """``-printf``'s text for ``path`` (findutils print.c ``do_fprintf``): each
        directive's value formatted with its flags, width and precision as a string."""
        ctx = self.ctx
        st = None
        out = []
        for lit, spec, d in parts:
            out.append(lit)
            if d is None:
                continue
            if st is None and d in "smkbinMy":
                st = lstat(ctx.sys, ctx.path(path), ctx.task)
            if d == "p":
                v = path
            elif d == "f":
                v = name
            elif d == "h":
                bare = path.rstrip("/")
                v = (bare.rpartition("/")[0] or "/") if "/" in bare else "." if bare else ""
            elif d == "P":
                v = path[len(self.start):].lstrip("/")
            elif d == "H":
                v = self.start
            elif d == "d":
                v = str(path[len(self.start):].count("/") if path != self.start else 0)
            elif d == "y":
                v = _type_char(st.st_mode)
            elif d == "Y":
                try:
                    v = _type_char(ctx.sys.stat(ctx.path(path), ctx.task).st_mode)
                except OSError as ex:
                    v = "N" if ex.errno == errno.ENOENT else "L" if ex.errno == errno.ELOOP else "?"
            elif d == "m":
                v = f"{S.S_IMODE(st.st_mode):o}"
            elif d == "M":
                v = S.filemode(st.st_mode)
            elif d == "s":
                v = str(st.st_size)
            elif d in "kb":
                blocks = getattr(st, "st_blocks", None) or 0
                v = str(-(-blocks // 2) if d == "k" else blocks)
            elif d == "i":
                v = str(st.st_ino)
            elif d == "n":
                v = str(getattr(st, "st_nlink", 1))
            elif d in "ug":
                v = "root"
            elif d in "UG":
                v = "0"
            elif d == "l":
                v = ""
                if S.S_ISLNK(lstat(ctx.sys, ctx.path(path), ctx.task).st_mode):
                    v = ctx.sys.readlink(ctx.path(path), ctx.task)
            else:
                v = "%"
            out.append(("%" + spec + "s") % v if spec else v)
        return "".join(out)

    def delete(self, path: str, mode: int) -> bool:
        ctx = self.ctx
        try:
            if S.S_ISDIR(mode):
                ctx.sys.rmdir(ctx.path(path), ctx.task)
            else:
                ctx.sys.unlink(ctx.path(path), ctx.task)
        except OSError as ex:
            err(ctx, f"find: cannot delete '{path}': {strerror(ex)}")
            self.status = 1
            return False
        return True

    def run(self, argv: list[str]) -> Generator:
        try:
            return (yield from _run_status(self.ctx, argv))
        except OSError as ex:
            st = report(self.ctx, "find", "exec", argv[0], ex)
            if st:
                self.status = st
            return 127

    def same_fs(self, path: str, depth: int) -> bool:
        """Whether directory ``path`` may be entered under -xdev: it is on its
        starting point's filesystem (``st_dev``)."""
        if self.xdev is None:
            return True
        ctx = self.ctx
        fs = ctx.sys.filesystem(ctx.path(path), ctx.task)
        if depth == 0:
            self.xdev = fs
        return fs is self.xdev

    def visit(self, expr, path: str, depth: int) -> Generator:
        ctx = self.ctx
        try:
            mode = self.st_mode(path, depth)
        except OSError as ex:
            self.status = report(ctx, "find", "access", path, ex)
            return
        name = path.rstrip("/").rsplit("/", 1)[-1] or "/"
        pruned: list = []
        here = self.mindepth <= depth
        if here and not self.depth_first:
            yield from self.eval(expr, path, name, mode, pruned)
        if S.S_ISDIR(mode) and not pruned and not self.quit and (
                self.maxdepth is None or depth < self.maxdepth) and self.same_fs(path, depth):
            try:
                names = ctx.sys.listdir(ctx.path(path), ctx.task)
            except OSError as ex:
                self.status = report(ctx, "find", "access", path, ex)
                names = []
            for n in names:
                if self.quit:
                    return
                yield from self.visit(expr, path + n if path.endswith("/") else f"{path}/{n}",
                                      depth + 1)
        if here and self.depth_first and not self.quit:
            yield from self.eval(expr, path, name, mode, pruned)


@command("find", usage="[-H] [-L] [-P] [starting-point...] [expression]")
def cmd_find(ctx: "CommandContext"):
    args = list(ctx.argv[1:])
    follow = "P"
    while args and args[0] in ("-H", "-L", "-P"):
        follow = args.pop(0)[1]
    paths = []
    while args and not (args[0].startswith("-") and len(args[0]) > 1) and args[0] not in ("(", "!"):
        paths.append(args.pop(0))
    f = _Find(ctx, args)
    f.follow = follow
    expr = f.parse()        # a bad expression is a usage error before any output
    if not f.has_action:
        expr = ("and", expr, ("-print",))
    return _walk(f, expr, paths or ["."])


def _walk(f: _Find, expr, paths: list[str]) -> Generator:
    for p in paths:
        if f.quit:
            break
        f.start = p
        yield from f.visit(expr, p, 0)
    for cmd, items in f.batches:
        if items and (yield from f.run(cmd + items)) != 0:
            f.status = 1
    return f.status


#: ``-printf``'s escapes (findutils print.c ``make_segment``'s backslash cases)
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            "\\": "\\"}
_DIRECTIVE = re.compile(r"%([-+ #0]*[0-9]*(?:\.[0-9]*)?)([%pfhPHdyYmMskbinugUGl])|\\(?:([0-7]{1,3})|(.))|%|[^%\\]+")


def _printf_parts(ctx: "CommandContext", fmt: str) -> list:
    """``-printf FORMAT`` as (literal, flags and width, directive) parts: the
    directives of the file's name, place, type, mode, size, blocks, inode, links,
    owner and link target (findutils' times are not modelled: refused); ``\\c``
    ends the output there."""
    parts = []
    lit = []
    for m in _DIRECTIVE.finditer(fmt):
        spec, d, octal, esc = m.groups()
        if d is not None:
            if d == "%":
                lit.append("%")
                continue
            parts.append(("".join(lit), spec, d))
            lit = []
        elif octal is not None:
            lit.append(chr(int(octal, 8) & 0xFF))
        elif esc is not None:
            if esc == "c":
                break
            lit.append(_ESCAPES.get(esc, "\\" + esc))
        elif m.group(0) == "%":
            if fmt[m.end():m.end() + 1] in ("t", "T", "a", "A", "c", "C") and m.end() < len(fmt):
                raise UsageError(f"-printf %{fmt[m.end()]}: file times are not modelled (memcgsim)",
                                 hint=False)
            if m.end() < len(fmt):
                err(ctx, f"find: warning: unrecognized format directive `%{fmt[m.end()]}'")
            lit.append("%")
        else:
            lit.append(m.group(0))
    parts.append(("".join(lit), "", None))
    return parts


def _type_char(mode: int) -> str:
    """``%y``: the type's letter (``d f l p s c b``)."""
    for c, test in _TYPES.items():
        if test(mode):
            return c
    return "U"
