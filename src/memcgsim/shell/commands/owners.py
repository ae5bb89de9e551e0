"""``chown`` and ``chgrp`` (coreutils 9.1). Every process runs as root and the
model keeps no owner on its inodes (all are root's): changing a file to root
(``root``, ``0``, ``root:root``...) is accepted and changes nothing, any other
user or group is refused: a name the system does not know as GNU's ``invalid
user``/``invalid group`` (the image knows only root), a number as not modelled
(status 1)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._util import UsageError, command, err, getopt, quoteaf, raw_write, strerror

if TYPE_CHECKING:
    from ..context import CommandContext

_ROOT = ("root", "0", "")


def _check(name: str, spec: str, what: str) -> str | None:
    """None if ``spec`` names root (or nothing), else the message."""
    if spec in _ROOT:
        return None
    if spec.isdigit():
        return f"{name}: {what}s other than root are not modelled (memcgsim)"
    return f"{name}: invalid {what}: {quoteaf(spec)}"


def _run(ctx: "CommandContext", name: str) -> int:
    opts, args = getopt(ctx.argv[1:], "cfvhHLPR", {
        "changes": "c", "silent": "f", "quiet": "f", "verbose": "v", "recursive": "R",
        "no-dereference": "h", "dereference": "D", "reference=": "r", "from=": "F",
        "preserve-root": "p", "no-preserve-root": "n"})
    flags = {o for o, _ in opts}
    if not args:
        raise UsageError("missing operand")
    if len(args) == 1 and "r" not in flags:
        raise UsageError(f"missing operand after {quoteaf(args[0])}")
    spec, files = args[0], args[1:]
    if name == "chown":
        user, colon, group = spec.partition(":")
        if not colon and "." in spec and not spec.replace(".", "").isdigit():
            user, _, group = spec.partition(".")
            err(ctx, f"chown: warning: '.' should be ':': {quoteaf(spec)}")
        msg = _check(name, user, "user")
        if msg is None and group:
            msg = _check(name, group, "group")
            if msg is not None and not group.isdigit():
                msg = f"chown: invalid group: {quoteaf(spec)}"
        what = "ownership"
    else:
        msg = _check(name, spec, "group")
        what = "group"
    if msg is not None:
        err(ctx, msg)
        return 1
    rc = 0
    out = []
    for f in files:
        try:
            ctx.sys.stat(ctx.path(f), ctx.task)
        except OSError as e:
            if "f" not in flags:
                err(ctx, f"{name}: cannot access {quoteaf(f)}: {strerror(e)}")
            rc = 1
            continue
        if "v" in flags:
            out.append(f"{what} of {quoteaf(f)} retained as root\n")
    if out:
        raw_write(ctx.stdout, "".join(out).encode("utf-8", "surrogateescape"))
    return rc


@command("chown", usage="[OPTION]... [OWNER][:[GROUP]] FILE...")
def cmd_chown(ctx: "CommandContext") -> int:
    """``chown [-R] [-v] [-c] [-f] OWNER[:GROUP] FILE...`` (see the module doc)."""
    return _run(ctx, "chown")


@command("chgrp", usage="[OPTION]... GROUP FILE...")
def cmd_chgrp(ctx: "CommandContext") -> int:
    """``chgrp [-R] [-v] [-c] [-f] GROUP FILE...`` (see the module doc)."""
    return _run(ctx, "chgrp")
