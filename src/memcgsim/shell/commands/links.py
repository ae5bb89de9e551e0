"""Names of files: ``ln``, ``unlink`` and ``mkfifo`` (coreutils 9.1).

``ln`` makes hard links (``sys.link``: the same inode under another name, its
page cache shared and its link count up) and with ``-s`` symbolic links
(``sys.symlink``: a link inode whose target the filesystem keeps, fs/namei.py).
"""
from __future__ import annotations

import errno
import os
import posixpath
import stat as S
from typing import TYPE_CHECKING

from ..context import lstat
from ..flow import RuntimeUnsupported
from .userland import quirk, report
from ._util import UsageError, command, err, getopt, is_dir, quoteaf, quotef, raw_write, strerror

if TYPE_CHECKING:
    from ..context import CommandContext


def _join(d: str, name: str) -> str:
    """``file_name_concat``: DIR/NAME (no doubled slash)."""
    return d + name if d.endswith("/") else f"{d}/{name}"


def _base(path: str) -> str:
    return path.rstrip("/").rpartition("/")[2] or path


@command("ln", usage="[OPTION]... [-T] TARGET LINK_NAME")
def cmd_ln(ctx: "CommandContext") -> int:
    """``ln [-f] [-v] [-n] [-T] [-t DIR] TARGET... [LINK_NAME|DIR]`` (hard links):
    ``do_link``'s messages; ``-f`` removes a destination that is another file
    first (coreutils' ``force_linkat`` makes a temporary name and renames it
    over: the model unlinks, then links)."""
    opts, args = getopt(ctx.argv[1:], "bdfFinrsLPTt:vS:", {
        "force": "f", "symbolic": "s", "verbose": "v", "no-dereference": "n",
        "no-target-directory": "T", "target-directory=": "t", "logical": "L",
        "physical": "P", "relative": "r", "interactive": "i", "backup?": "b", "suffix=": "S"})
    flags = {o: v for o, v in opts}
    symbolic = "s" in flags
    # -L: a link operand's target is linked (the last of -L and -P counts)
    logical = next((o == "L" for o, _ in reversed(opts) if o in "LP"), False)
    if flags.keys() & {"b", "S", "i"}:
        raise UsageError("-b, -S and -i are not modelled (memcgsim)", hint=False)
    if "r" in flags and not symbolic:
        raise UsageError("cannot do --relative without --symbolic", hint=False)
    target_dir = flags.get("t")
    if not args:
        raise UsageError("missing file operand")
    if target_dir is not None:
        if "T" in flags:
            raise UsageError("cannot combine --target-directory and --no-target-directory")
        if not _check_dir(ctx, target_dir, "failed to access"):
            return 1
        pairs = [(a, _join(target_dir, _base(a))) for a in args]
    elif "T" in flags:
        if len(args) != 2:
            raise UsageError(f"extra operand {quoteaf(args[2])}" if len(args) > 2
                             else f"missing destination file operand after {quoteaf(args[0])}")
        pairs = [(args[0], args[1])]
    elif len(args) == 1:
        pairs = [(args[0], "./" + _base(args[0]))]
    elif len(args) == 2 and not _dest_dir(ctx, args[1], "n" in flags):
        pairs = [(args[0], args[1])]
    else:
        if not _check_dir(ctx, args[-1], "target"):
            return 1
        pairs = [(a, _join(args[-1], _base(a))) for a in args[:-1]]
    rc = 0
    out = []
    for src, dest in pairs:
        if symbolic:
            target = _relative(ctx, src, dest) if "r" in flags else src
            if not _symlink(ctx, target, dest, "f" in flags):
                rc = 1
            elif "v" in flags:
                out.append(f"{quoteaf(dest)} -> {quoteaf(target)}\n")
        elif not _link(ctx, src, dest, "f" in flags, logical):
            rc = 1
        elif "v" in flags:
            out.append(f"{quoteaf(dest)} => {quoteaf(src)}\n")
    if out:
        raw_write(ctx.stdout, "".join(out).encode("utf-8", "surrogateescape"))
    return rc


def _dest_dir(ctx: "CommandContext", path: str, no_deref: bool) -> bool:
    """Whether the last operand names a directory to link into; with ``-n`` a
    symbolic link to one is a file to replace."""
    if no_deref:
        try:
            if S.S_ISLNK(lstat(ctx.sys, ctx.path(path), ctx.task).st_mode):
                return False
        except OSError:
            return False
    return is_dir(ctx, path)


def _relative(ctx: "CommandContext", src: str, dest: str) -> str:
    """``ln -r``: ``src`` relative to the directory ``dest`` will be in, both
    canonical (``relpath`` of coreutils' ``convert_abs_rel``)."""
    from .paths import canonicalize
    try:
        s = canonicalize(ctx, src, "m")
        d = canonicalize(ctx, posixpath.dirname(ctx.path(dest)) or "/", "m")
    except OSError:
        return src
    return posixpath.relpath(s, d)


def _symlink(ctx: "CommandContext", target: str, dest: str, force: bool) -> bool:
    """One symbolic link: True once made, else False after ln's message."""
    sys_, task = ctx.sys, ctx.task
    if force:
        try:
            dst = lstat(sys_, ctx.path(dest), task)
        except OSError:
            dst = None
        if dst is not None and not S.S_ISDIR(dst.st_mode):
            try:
                sys_.unlink(ctx.path(dest), task)
            except OSError:
                pass
    try:
        if not hasattr(sys_, "symlink"):
            raise OSError(errno.EPERM, os.strerror(errno.EPERM))
        sys_.symlink(target, ctx.path(dest), task)
    except OSError as e:
        situation = "symlink" if e.errno != errno.ENAMETOOLONG and target else "symlink_to"
        report(ctx, "ln", situation, dest, e, q=quoteaf(dest), qto=quoteaf(target))
        return False
    return True


def _check_dir(ctx: "CommandContext", path: str, what: str) -> bool:
    """Whether the target directory is one; else ln's message about it."""
    try:
        st = ctx.sys.stat(ctx.path(path), ctx.task)
    except OSError as e:
        err(ctx, f"ln: {what} {quoteaf(path)}: {strerror(e)}")
        return False
    if not S.S_ISDIR(st.st_mode):
        err(ctx, f"ln: target {quoteaf(path)} is not a directory")
        return False
    return True


def _link(ctx: "CommandContext", src: str, dest: str, force: bool, logical: bool) -> bool:
    """One hard link: True once made, else False after ln's message."""
    sys_, task = ctx.sys, ctx.task
    old = ctx.path(src)
    try:
        if logical:
            from .paths import canonicalize
            st = sys_.stat(old, task)
            old = canonicalize(ctx, src, "e")
        else:
            st = lstat(sys_, old, task)           # -P: a link is linked itself
    except OSError as e:
        report(ctx, "ln", "access", src, e, q=quoteaf(src))
        return False
    if S.S_ISDIR(st.st_mode) and not quirk(ctx, "ln.dir_tried"):
        err(ctx, f"ln: {quotef(src)}: hard link not allowed for directory")
        return False
    if force:
        try:
            dst = sys_.stat(ctx.path(dest), task)
        except OSError:
            dst = None
        if dst is not None:
            # removing DEST would remove SOURCE: one link, or the same name
            if dst.st_ino == st.st_ino and not S.S_ISDIR(dst.st_mode) and (
                    st.st_nlink == 1 or ctx.path(src) == ctx.path(dest)) and \
                    not quirk(ctx, "ln.dir_tried"):
                err(ctx, f"ln: {quoteaf(src)} and {quoteaf(dest)} are the same file")
                return False
            if not S.S_ISDIR(dst.st_mode):
                try:
                    sys_.unlink(ctx.path(dest), task)
                except OSError:
                    pass
    try:
        sys_.link(old, ctx.path(dest), task)
    except OSError as e:
        short = e.errno in (errno.EDQUOT, errno.EEXIST, errno.ENOSPC, errno.EROFS)
        report(ctx, "ln", "link" if short else "link_to", dest, e, q=quoteaf(dest),
               qto=quoteaf(src))
        return False
    return True


@command("unlink", usage="FILE")
def cmd_unlink(ctx: "CommandContext") -> int:
    """``unlink FILE``: one ``unlink(2)``."""
    _, args = getopt(ctx.argv[1:], "", {})
    if not args:
        raise UsageError("missing operand")
    if len(args) > 1:
        raise UsageError(f"extra operand {quoteaf(args[1])}")
    try:
        ctx.sys.unlink(ctx.path(args[0]), ctx.task)
    except OSError as e:
        err(ctx, f"unlink: cannot unlink {quoteaf(args[0])}: {strerror(e)}")
        return 1
    return 0


@command("mkfifo", usage="[OPTION]... NAME...")
def cmd_mkfifo(ctx: "CommandContext") -> int:
    """``mkfifo [-m MODE] NAME...``: ``mknod(NAME, S_IFIFO | 0666)``, which the
    kernel masks with the umask; with ``-m`` then ``chmod`` to MODE itself
    (coreutils 9.1 mkfifo.c's ``lchmod``)."""
    opts, names = getopt(ctx.argv[1:], "m:Z", {"mode=": "m", "context?": "Z"})
    mode = _fifo_mode(ctx, "mkfifo", opts)
    if mode is None:
        return 1
    if not names:
        raise UsageError("missing operand")
    rc = 0
    for name in names:
        try:
            _mknod_fifo(ctx, name, mode)
        except OSError as e:
            err(ctx, f"mkfifo: cannot create fifo {quoteaf(name)}: {strerror(e)}")
            rc = 1
            continue
        if _mode_given(opts):
            try:
                ctx.sys.chmod(ctx.path(name), mode & 0o7777, ctx.task)
            except (OSError, NotImplementedError) as e:
                err(ctx, f"mkfifo: cannot set permissions of {quoteaf(name)}: "
                         f"{strerror(e) if isinstance(e, OSError) else e}")
                rc = 1
    return rc


def _fifo_mode(ctx: "CommandContext", prog: str, opts) -> int | None:
    """mkfifo's and mknod's ``-m MODE`` (0666 without it, which the kernel masks
    with the umask); None once "invalid mode" is reported."""
    from .fileutils import _parse_mode
    mode = 0o666
    for o, v in opts:
        if o == "m":
            try:
                mode = _parse_mode(v, 0o666)
            except ValueError:
                err(ctx, f"{prog}: invalid mode")
                return None
    return mode


def _mode_given(opts) -> bool:
    """Whether ``-m`` was given: the FIFO is then ``chmod``'ed to it."""
    return any(o == "m" for o, _ in opts)


def _mknod_fifo(ctx: "CommandContext", name: str, mode: int) -> None:
    """``mknod(NAME, S_IFIFO | MODE)`` (EPERM where the system makes no nodes)."""
    if not hasattr(ctx.sys, "mknod"):
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))
    ctx.sys.mknod(ctx.path(name), S.S_IFIFO | (mode & 0o7777), ctx.task)


@command("mknod", usage="[OPTION]... NAME TYPE [MAJOR MINOR]")
def cmd_mknod(ctx: "CommandContext") -> int:
    """``mknod [-m MODE] NAME p``: a FIFO, as ``mkfifo`` makes it (``mknod(NAME,
    S_IFIFO | MODE)``, MODE 0666 less the umask, or ``-m``'s); a block or
    character device (``b``, ``c``, ``u``) is refused: the model has no device
    numbers to give one."""
    opts, args = getopt(ctx.argv[1:], "m:Z", {"mode=": "m", "context?": "Z"})
    mode = _fifo_mode(ctx, "mknod", opts)
    if mode is None:
        return 1
    if len(args) < 2:
        raise UsageError("missing operand" if not args else f"missing operand after '{args[-1]}'")
    name, kind = args[0], args[1]
    if kind == "p" and len(args) > 2:
        raise UsageError(f"extra operand '{args[2]}'\nFifos do not have major and minor device numbers.")
    if kind in ("b", "c", "u"):
        raise RuntimeUnsupported("mknod of a device node (the model has no device numbers)", 0)
    if kind != "p":
        raise UsageError(f"invalid device type '{kind}'")
    try:
        _mknod_fifo(ctx, name, mode)
        if _mode_given(opts):
            ctx.sys.chmod(ctx.path(name), mode & 0o7777, ctx.task)
    except OSError as e:
        err(ctx, f"mknod: {name}: {strerror(e)}")
        return 1
    return 0
