"""``readlink`` and ``realpath`` (GNU coreutils 9.1) over the model's file system:
names are made absolute and ``.``/``..`` and symbolic links (``readlink(2)``)
resolved component by component, checking that the components exist as GNU's
``canonicalize_filename_mode`` does (at most 40 links followed: ELOOP)."""
from __future__ import annotations

import errno
import os
import posixpath
import stat as S
from typing import TYPE_CHECKING

from ...fs.namei import names_directory
from ...kernel.fs_struct import DEAD_PREFIX
from ._util import Out, UsageError, command, err, getopt

if TYPE_CHECKING:
    from ..context import CommandContext


def _link(ctx, path: str) -> str | None:
    """The target of the symbolic link ``path``, None if it is none (or missing)."""
    read = getattr(ctx.sys, "readlink", None)
    if read is None:
        return None
    try:
        return read(path, ctx.task)
    except OSError:
        return None


def _readlink(ctx, name: str) -> str:
    """``readlink(2)`` of ``name``: its target, or OSError (ENOENT, EINVAL)."""
    if not name:
        raise OSError(errno.ENOENT, os.strerror(errno.ENOENT))
    read = getattr(ctx.sys, "readlink", None)
    if read is None or names_directory(name):
        ctx.sys.stat(ctx.path(name), ctx.task)
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    return read(ctx.path(name), ctx.task)


def canonicalize(ctx, name: str, mode: str, links: bool = True) -> str:
    """``mode`` "e": every component must exist; "f": all but the last; "m": none.
    Raises OSError (ENOENT, ENOTDIR, ELOOP) as GNU's canonicalize does; without
    ``links`` (``realpath -s``) symbolic links are left as they are."""
    if name == "" or (name[0] != "/" and ctx.cwd[:3] == DEAD_PREFIX):
        # (a relative name starts from getcwd, which fails in a removed directory)
        raise OSError(errno.ENOENT, os.strerror(errno.ENOENT))
    todo = posixpath.join(ctx.cwd, name).split("/")
    done: list[str] = []
    hops = 0
    while todo:
        c = todo.pop(0)
        if c in ("", "."):
            continue
        if c == "..":
            if done:
                done.pop()
            continue
        path = "/" + "/".join(done + [c])
        target = _link(ctx, path) if links else None
        if target is not None:
            hops += 1
            if hops > 40:
                raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))
            todo = target.split("/") + todo
            if target.startswith("/"):
                done = []
            continue
        last = not any(t not in ("", ".") for t in todo)
        if mode != "m":
            try:
                st = ctx.sys.stat(path, ctx.task)
            except OSError as e:
                if not (last and mode == "f" and e.errno == errno.ENOENT):
                    raise
            else:
                if not last and not S.S_ISDIR(st.st_mode):
                    raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        done.append(c)
    return "/" + "/".join(done)


def _bb_realpath(ctx, path: str, hops: int = 0) -> str | None:
    """busybox 1.35 libbb/xreadlink.c ``xmalloc_realpath_coreutils``: glibc's
    ``realpath`` (every component must exist); when that fails with ENOENT, a
    symbolic link's target (a relative one taken from the working directory, not
    the link's) resolved the same way, else the existing directory of the name
    (its repeated leading and its trailing slashes ignored) and the last component
    as it is; a name with no slash gives None."""
    try:
        res = canonicalize(ctx, path, "e")
        if path.endswith("/") and not S.S_ISDIR(ctx.sys.stat(res, ctx.task).st_mode):
            return None     # a trailing slash names a directory: ENOTDIR
        return res
    except OSError as e:
        if e.errno != errno.ENOENT:
            return None
    target = _link(ctx, ctx.path(path)) if path else None
    if target is not None:
        if hops >= 40:
            return None
        if not target.startswith("/"):
            target = ctx.cwd.rstrip("/") + "/" + target     # concat_path_file(getcwd)
        return _bb_realpath(ctx, target, hops + 1)
    while path[:2] == "//":
        path = path[1:]
    path = path[:1] + path[1:].rstrip("/")
    slash = path.rfind("/")
    if slash == 0:
        return path
    if slash < 0:
        return None
    try:
        return canonicalize(ctx, path[:slash], "e").rstrip("/") + path[slash:]
    except OSError:
        return None


def _bb_readlink(ctx: "CommandContext") -> int:
    """busybox 1.35 coreutils/readlink.c: ``getopt32(argv, "^fnvsq\\0=1")``, one
    operand exactly (else the usage screen, status 1); ``-f``
    (:func:`_bb_realpath`) fails silently, a plain readlink says why with ``-v``
    only (``xmalloc_readlink_or_warn``: "cannot read link: not a symlink" for
    EINVAL); ``-n`` no newline; ``-s``, ``-q`` taken and ignored."""
    opts, files = getopt(ctx.argv[1:], "fnvsq")
    if len(files) != 1:
        raise UsageError("")
    flags = {o for o, _ in opts}
    name = files[0]
    if "f" in flags:
        res = _bb_realpath(ctx, name)
    else:
        try:
            res = _readlink(ctx, name)
        except OSError as e:
            if "v" in flags:
                why = "not a symlink" if e.errno == errno.EINVAL else os.strerror(e.errno)
                err(ctx, f"readlink: {name}: cannot read link: {why}")
            return 1
    if res is None:
        return 1
    out = Out(ctx.stdout)
    out.write((res + ("" if "n" in flags else "\n")).encode("utf-8", "surrogateescape"))
    out.flush()
    return 0


@command("readlink", usage="[OPTION]... FILE...")
def cmd_readlink(ctx: "CommandContext") -> int:
    """``readlink [-f|-e|-m] [-n] [-z] [-q|-s|-v] FILE...``: a link's target, or
    with ``-f -e -m`` the canonical name; failures are silent unless ``-v``.
    busybox's takes one FILE (:func:`_bb_readlink`)."""
    from .userland import quirk
    if quirk(ctx, "readlink.busybox"):
        return _bb_readlink(ctx)
    opts, files = getopt(ctx.argv[1:], "femnqsvz", {
        "canonicalize": "f", "canonicalize-existing": "e", "canonicalize-missing": "m",
        "no-newline": "n", "quiet": "q", "silent": "s", "verbose": "v", "zero": "z"})
    mode = None
    newline, verbose = "\n", False
    for o, _ in opts:
        if o in "fem":
            mode = o
        elif o == "n":
            newline = ""
        elif o == "z":
            newline = "\0"
        elif o == "v":
            verbose = True
        elif o in "qs":
            verbose = False
    if not files:
        raise UsageError("missing operand")
    if newline == "" and len(files) > 1:
        err(ctx, "readlink: ignoring --no-newline with multiple arguments")
        newline = "\n"
    out = Out(ctx.stdout)
    rc = 0
    for name in files:
        try:
            if mode is None:
                res = _readlink(ctx, name)
            else:
                res = canonicalize(ctx, name, mode)
        except OSError as e:
            if verbose:
                err(ctx, f"readlink: {name}: {os.strerror(e.errno)}")
            rc = 1
            continue
        out.write((res + newline).encode("utf-8", "surrogateescape"))
    out.flush()
    return rc


@command("pwd", usage="[-LP]")
def cmd_pwd(ctx: "CommandContext") -> int:
    """``pwd [-L|-P]`` the program (busybox coreutils/pwd.c, GNU pwd.c): ``getcwd``
    (-P, busybox's default); ``-L`` prints ``$PWD`` if it is absolute, has no ``.`` or
    ``..`` component and names the directory it is in (``logical_getcwd``). In a
    removed directory getcwd fails (ENOENT): status 1."""
    from .userland import report
    opts, _ = getopt(ctx.argv[1:], "LP", {"logical": "L", "physical": "P"})
    if opts and opts[-1][0] == "L":
        wd = ctx.env.get("PWD", "")
        same = getattr(ctx.sys, "is_cwd", None)
        if (wd.startswith("/") and not any(c in (".", "..") for c in wd.split("/"))
                and same is not None and same(wd, ctx.task)):
            ctx.stdout.write(wd + "\n")
            return 0
    getcwd = getattr(ctx.sys, "getcwd", None)
    try:
        wd = ctx.cwd if getcwd is None else getcwd(ctx.task)
    except OSError as e:
        return report(ctx, "pwd", "getcwd", e=e) or 1
    ctx.stdout.write(wd + "\n")
    return 0


@command("realpath", usage="[OPTION]... FILE...")
def cmd_realpath(ctx: "CommandContext") -> int:
    """``realpath [-e|-m] [-s] [-q] [-z] [--relative-to=DIR] FILE...``: canonical
    absolute names (all but the last component must exist, by default). Busybox's
    takes no option, each name whole (realpath.c: :func:`_bb_realpath`, its error
    ``bb_simple_perror_msg``)."""
    from .userland import quirk
    if quirk(ctx, "usage"):
        if not ctx.argv[1:]:
            raise UsageError("")
        out = Out(ctx.stdout)
        rc = 0
        for name in ctx.argv[1:]:
            res = _bb_realpath(ctx, name)
            if res is None:
                try:
                    canonicalize(ctx, name, "e")
                    why = errno.ENOTDIR
                except OSError as e:
                    why = e.errno
                out.flush()
                err(ctx, f"realpath: {name}: {os.strerror(why)}")
                rc = 1
                continue
            out.write((res + "\n").encode("utf-8", "surrogateescape"))
        out.flush()
        return rc
    opts, files = getopt(ctx.argv[1:], "emLPqsz", {
        "canonicalize-existing": "e", "canonicalize-missing": "m", "logical": "L",
        "physical": "P", "quiet": "q", "strip": "s", "no-symlinks": "s", "zero": "z",
        "relative-to=": "R", "relative-base=": "B"})
    mode, quiet, end, rel, base, links = "f", False, "\n", None, None, True
    for o, v in opts:
        if o == "s":
            links = False
        elif o in "em":
            mode = o
        elif o == "q":
            quiet = True
        elif o == "z":
            end = "\0"
        elif o == "R":
            rel = v
        elif o == "B":
            base = v
    if not files:
        raise UsageError("missing operand")
    try:
        rel = canonicalize(ctx, rel, mode, links) if rel is not None else None
        base = canonicalize(ctx, base, mode, links) if base is not None else None
    except OSError as e:
        err(ctx, f"realpath: {rel if base is None else base}: {os.strerror(e.errno)}")
        return 1
    out = Out(ctx.stdout)
    rc = 0
    for name in files:
        try:
            res = canonicalize(ctx, name, mode, links)
        except OSError as e:
            if not quiet:
                err(ctx, f"realpath: {name or repr('')}: {os.strerror(e.errno)}")
            rc = 1
            continue
        if base is not None and not _under(res, base):
            pass
        elif rel is not None and (base is None or _under(rel, base)):
            res = posixpath.relpath(res, rel)
        elif base is not None:
            res = posixpath.relpath(res, base)
        out.write((res + end).encode("utf-8", "surrogateescape"))
    out.flush()
    return rc


def _under(p: str, d: str) -> bool:
    return d == "/" or p == d or p.startswith(d + "/")
