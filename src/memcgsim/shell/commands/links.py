"""Names of files: ``ln`` and ``unlink`` (coreutils 9.1).

``ln`` makes hard links (``sys.link``: the same inode under another name, its
page cache shared and its link count up); symbolic links are not modelled (the
model's file system has none but ``/proc/self``), so ``ln -s`` is refused.
"""
from __future__ import annotations

import errno
import stat as S
from typing import TYPE_CHECKING

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
    if "s" in flags:
        err(ctx, "ln: symbolic links are not modelled (memcgsim)")
        return 1
    if flags.keys() & {"r", "b", "S", "i"}:
        raise UsageError("-r, -b, -S and -i are not modelled (memcgsim)", hint=False)
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
    elif len(args) == 2 and not is_dir(ctx, args[1]):
        pairs = [(args[0], args[1])]
    else:
        if not _check_dir(ctx, args[-1], "target"):
            return 1
        pairs = [(a, _join(args[-1], _base(a))) for a in args[:-1]]
    rc = 0
    out = []
    for src, dest in pairs:
        if not _link(ctx, src, dest, "f" in flags):
            rc = 1
        elif "v" in flags:
            out.append(f"{quoteaf(dest)} => {quoteaf(src)}\n")
    if out:
        raw_write(ctx.stdout, "".join(out).encode("utf-8", "surrogateescape"))
    return rc


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


def _link(ctx: "CommandContext", src: str, dest: str, force: bool) -> bool:
    """One hard link: True once made, else False after ln's message."""
    sys_, task = ctx.sys, ctx.task
    try:
        st = sys_.stat(ctx.path(src), task)
    except OSError as e:
        err(ctx, f"ln: failed to access {quoteaf(src)}: {strerror(e)}")
        return False
    if S.S_ISDIR(st.st_mode):
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
                    st.st_nlink == 1 or ctx.path(src) == ctx.path(dest)):
                err(ctx, f"ln: {quoteaf(src)} and {quoteaf(dest)} are the same file")
                return False
            if not S.S_ISDIR(dst.st_mode):
                try:
                    sys_.unlink(ctx.path(dest), task)
                except OSError:
                    pass
    try:
        sys_.link(ctx.path(src), ctx.path(dest), task)
    except OSError as e:
        code = e.errno
        what = (f"failed to create hard link {quoteaf(dest)}"
                if code in (errno.EDQUOT, errno.EEXIST, errno.ENOSPC, errno.EROFS)
                else f"failed to create hard link {quoteaf(dest)} => {quoteaf(src)}")
        err(ctx, f"ln: {what}: {strerror(e)}")
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
