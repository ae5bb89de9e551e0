"""Programs a memcg script may run whose subject the model does not have: they
stop the script with their line (``unsupported``, status 2), never run half-way
wrong. ``unshare`` and ``nsenter`` need namespaces, ``losetup`` and ``mke2fs``
block devices other than the root disk, ``gzip``, ``gunzip``, ``zcat`` and ``tar``
the formats' byte-exact encoders (busybox's deflate and GNU gzip's differ)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..flow import RuntimeUnsupported
from ._util import command

if TYPE_CHECKING:
    from ..context import CommandContext

#: each program, and what the model lacks for it
LACKS = {
    "unshare": "namespaces",
    "nsenter": "namespaces",
    "losetup": "loop block devices",
    "mke2fs": "block devices to make a filesystem on",
    "mkfs.ext2": "block devices to make a filesystem on",
    "gzip": "gzip's compressed bytes",
    "gunzip": "gzip's compressed bytes",
    "zcat": "gzip's compressed bytes",
    "tar": "tar archives",
}


def _refuse(ctx: "CommandContext") -> int:
    """Stop the script at this program's line."""
    prog = ctx.argv[0].rsplit("/", 1)[-1]
    # the line is the shell's that ran it (interp._run_command)
    raise RuntimeUnsupported(f"{prog} (the model has no {LACKS[prog]})", 0)


for _name in LACKS:
    command(_name, std_opts=False)(_refuse)
