"""External commands of the model's shell (coreutils/busybox-like tools).

``COMMANDS`` maps a program name to ``fn(ctx: CommandContext)``, which returns
an exit status, or a generator that yields :class:`~memcgsim.shell.context.Sleep`
and returns the status (``sleep``, ``stress-ng``, ``inotifywait``, ``xargs`` and
``env`` when they run a sleeping child). Messages and statuses are GNU's
(coreutils, grep, sed, gawk-like awk, util-linux mount, procps kill).

Modules: :mod:`.bc`, :mod:`.fileutils` (cat tee cp dd truncate touch mkdir rmdir rm ls stat
mount basename dirname), :mod:`.textutils` (head tail wc cut tr sort uniq), :mod:`.textfmt` (fold expand strings), :mod:`.seq`,
:mod:`.find`, :mod:`.fsutils` (fallocate df du), :mod:`.encoders` (base64), :mod:`.sysutils` (date mktemp mv), :mod:`.lines` (paste tac), :mod:`.od`,
:mod:`.paths` (readlink realpath pwd), :mod:`.procps` (ps pgrep pkill pidof), :mod:`.memviews` (free vmstat), :mod:`.slabtop`, :mod:`.top`, :mod:`.grep`, :mod:`.sed`, :mod:`.awk` (with :mod:`.awk_values`,
:mod:`.awk_parse`, :mod:`.awk_compile`), :mod:`.posixre` (POSIX BRE/ERE -> ``re``),
:mod:`.printf` (printf echo test [ true
false; shared helpers for the builtins), :mod:`.procutils` (sleep stress-ng
inotifywait xargs env kill getconf uname id nproc sync; documents the
``ctx.extra["spawn"]`` hook), :mod:`.taskset`, :mod:`.stress` (stress 1.0.7), :mod:`.sums` (md5sum sha1sum sha224sum
sha256sum sha384sum sha512sum b2sum).

Memory: ``tail`` and ``sort`` charge what they buffer with ``sys.alloc_anon``
(:class:`._util.AnonHold`) and free it before exit; ``TaskKilled`` is never caught.
"""
from __future__ import annotations

from ._util import COMMANDS

#: The module of each program (imported at the program's first lookup in
#: ``COMMANDS``; a test checks this against what the modules register).
MODULES = {
    "awk": ("awk", "gawk", "mawk", "nawk"),
    "bc": ("bc",),
    "bpftool": ("bpftool",),
    "fileutils": ("basename", "cat", "chmod", "cp", "dd", "dirname", "findmnt", "ls", "mkdir", "mount",
                  "mountpoint", "rm",
                  "rmdir", "stat", "tee", "touch", "truncate", "umount"),
    "column": ("column",),
    "compare": ("cmp", "diff"),
    "encoders": ("base64",),
    "expr": ("expr",),
    "find": ("find",),
    "fsutils": ("df", "du", "fallocate"),
    "hexdump": ("hexdump", "xxd"),
    "getoptcmd": ("getopt",),
    "grep": ("egrep", "fgrep", "grep"),
    "links": ("ln", "mkfifo", "mknod", "unlink"),
    "lines": ("comm", "join", "paste", "tac"),
    "memviews": ("free", "vmstat"),
    "notmodelled": ("gunzip", "gzip", "losetup", "mke2fs", "mkfs.ext2", "nsenter", "tar", "unshare",
                    "zcat"),
    "numbering": ("nl", "rev"),
    "numfmt": ("numfmt",),
    "od": ("od",),
    "owners": ("chgrp", "chown"),
    "paths": ("readlink", "realpath", "pwd"),
    "printf": ("[", "echo", "false", "printf", "test", "true"),
    "priority": ("ionice", "renice"),
    "procps": ("pgrep", "pidof", "pkill", "ps"),
    "psmisc": ("killall",),
    "procutils": ("dmesg", "env", "getconf", "hostname", "id", "inotifywait", "kill", "nproc",
                  "printenv", "sleep", "stress-ng", "sync", "sysctl", "timeout", "tty", "uname", "usleep", "which",
                  "whoami", "xargs"),
    "sed": ("sed",),
    "slabtop": ("slabtop",),
    "shuf": ("shuf",),
    "seq": ("seq",),
    "split": ("split",),
    "sysutils": ("date", "mktemp", "mv", "uptime"),
    "stress": ("stress",),
    "swap": ("mkswap", "swapoff", "swapon"),
    "sums": ("b2sum", "cksum", "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum"),
    "taskset": ("taskset",),
    "timecmd": ("time",),
    "top": ("top",),
    "textfmt": ("expand", "fold", "strings"),
    "textutils": ("cut", "head", "sort", "tail", "tr", "uniq", "wc", "yes"),
    "wrappers": ("busybox", "nice", "nohup", "setsid", "watch"),
}
COMMANDS.modules.update((name, mod) for mod, names in MODULES.items() for name in names)

__all__ = ["COMMANDS", "MODULES", "echo_text", "format_printf", "test_eval"]

_PRINTF_NAMES = ("echo_text", "format_printf", "test_eval")


def __getattr__(name: str):
    """``echo_text``, ``format_printf`` and ``test_eval``: commands/printf.py's, the
    module imported at their first read (a script that runs none of echo, printf
    and test as programs never imports it)."""
    if name in _PRINTF_NAMES:
        from . import printf
        return getattr(printf, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
