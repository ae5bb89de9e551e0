"""Whose programs the external commands are: the userland switch.

``"gnu"`` (``memcgsim run``'s default) is GNU coreutils, grep, findutils...;
``"busybox"`` is busybox 1.35 (Debian 12 busybox-static), what the oracle's guests
run (``oracle/image.py``: every applet linked in /bin, ``head`` and ``getconf``
busybox sh scripts: :data:`SCRIPTS`). The machine carries the choice (``Kernel(userland=...)``); a program asks
:func:`report` to word a failure, :func:`usage_text` for busybox's usage screen,
and :func:`quirk` for a per-userland difference of behaviour. Everything that
differs is data in the tables below, each busybox entry checked against the host's
busybox by ``tests/shell/test_busybox.py``.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..context import CommandContext

#: the userlands a machine can run
USERLANDS = ("gnu", "busybox")

#: (program, situation) -> message line per userland; ``{op}`` is the operand,
#: ``{err}`` strerror(errno), ``{to}`` a destination; ``{q}`` and ``{qto}`` the
#: same quoted as GNU's ``quoteaf``. GNU's are coreutils 9.1's.
MESSAGES: dict[str, dict[tuple[str, str], str]] = {
    "gnu": {
        ("diff", "stat"): "diff: {op}: {err}",
        ("mkdir", "create"): "mkdir: cannot create directory '{op}': {err}",
        # pwd.c robust_getcwd, after getcwd failed (a removed directory)
        ("pwd", "getcwd"): "pwd: couldn't find directory entry in '..' with matching i-node",
        ("mkdir", "created"): "mkdir: created directory '{op}'",
        ("rmdir", "remove"): "rmdir: failed to remove '{op}': {err}",
        ("rm", "remove"): "rm: cannot remove '{op}': {err}",
        ("rm", "is_dir"): "rm: cannot remove '{op}': Is a directory",
        ("cp", "stat"): "cp: cannot stat '{op}': {err}",
        ("chmod", "access"): "chmod: cannot access '{op}': {err}",
        ("cp", "omit_dir"): "cp: -r not specified; omitting directory '{op}'",
        ("cp", "mkdir"): "cp: cannot create directory '{op}': {err}",
        ("cp", "create"): "cp: cannot create regular file '{op}': {err}",
        ("cp", "open"): "cp: cannot open '{op}' for reading: {err}",
        ("cp", "write"): "cp: error writing '{op}': {err}",
        ("tee", "write"): "tee: {op}: {err}",
        ("mv", "stat"): "mv: cannot stat '{op}': {err}",
        ("mv", "subdir"): "mv: cannot move '{op}' to a subdirectory of itself, '{to}'",
        ("mv", "move"): "mv: cannot move '{op}' to '{to}': {err}",
        ("cat", "open"): "cat: {op}: {err}",
        ("cat", "read"): "cat: {op}: {err}",
        ("ls", "access"): "ls: cannot access '{op}': {err}",
        ("stat", "stat"): "stat: cannot statx '{op}': {err}",
        ("touch", "touch"): "touch: cannot touch '{op}': {err}",
        ("head", "open"): "head: cannot open '{op}' for reading: {err}",
        ("head", "read"): "head: error reading '{op}': {err}",
        ("head", "number"): "head: invalid number of {what}: '{op}'",
        ("head", "stdout_write"): "head: write error: {err}",
        ("tail", "open"): "tail: cannot open '{op}' for reading: {err}",
        ("tail", "number"): "tail: invalid number of {what}: '{op}'",
        ("sort", "open"): "sort: cannot read: {op}: {err}",
        # sort.c check: the file, the line out of order and its text
        ("sort", "disorder"): "sort: {op}:{line}: disorder: {text}",
        ("du", "access"): "du: cannot access {q}: {err}",
        ("find", "access"): "find: '{op}': {err}",
        # findutils' -exec of a program that is nowhere: its child's message, status 1
        ("find", "exec"): "find: '{op}': {err}",
        ("dd", "open"): "dd: failed to open '{op}': {err}",
        ("timeout", "exec"): "timeout: failed to run command '{op}': {err}",
        ("uniq", "open"): "uniq: {op}: {err}",
        ("truncate", "open"): "truncate: cannot open '{op}' for writing: {err}",
        ("cut", "no_list"): "cut: you must specify a list of bytes, characters, or fields\n"
                            "Try 'cut --help' for more information.",
        ("sleep", "number"): "sleep: invalid time interval '{op}'\n"
                             "Try 'sleep --help' for more information.",
        ("ln", "symlink"): "ln: failed to create symbolic link {q}: {err}",
        ("ln", "symlink_to"): "ln: failed to create symbolic link {q} -> {qto}: {err}",
        ("ln", "access"): "ln: failed to access {q}: {err}",
        ("ln", "link"): "ln: failed to create hard link {q}: {err}",
        ("ln", "link_to"): "ln: failed to create hard link {q} => {qto}: {err}",
        ("grep", "regex"): "grep: {msg}",
        ("sed", "open"): "sed: can't read {op}: {err}",
        # sort.c's key errors (the message made by textutils._gnu_key_error)
        ("sort", "key"): "sort: {op}",
        ("sort", "tab"): "sort: multi-character tab '{op}'",
        ("uniq", "create"): "uniq: {op}: {err}",
        ("grep", "context"): "grep: {op}: invalid context length argument",
        ("dd", "number"): "dd: invalid number: '{op}'",
        ("dd", "block_size"): "dd: invalid number: '{op}'",
        ("find", "missing_arg"): "find: missing argument to `{op}'",
        ("find", "type"): "find: Unknown argument to -type: {op}",
        ("find", "perm"): "find: invalid mode '{op}'",
        # util-linux 2.38 umount (libmount's mnt_context_get_excode)
        ("umount", "not_mounted"): "umount: {op}: not mounted.",
        ("umount", "busy"): "umount: {op}: target is busy.",
        ("umount", "unmount"): "umount: {op}: {err}.",
        # findutils xargs.c: error (0, 0, _("%s: terminated by signal %d"), ...)
        ("xargs", "signal"): "xargs: {op}: terminated by signal {sig}",
        ("xargs", "procs"): 'xargs: invalid number "{op}" for -P option',
    },
    "busybox": {
        # diff.c diffreg: xstat's bb_perror_msg_and_die("can't stat '%s'")
        ("diff", "stat"): "diff: can't stat '{op}': {err}",
        ("mkdir", "create"): "mkdir: can't create directory '{op}': {err}",
        # libbb xrealloc_getcwd_or_warn: bb_simple_perror_msg("getcwd")
        ("pwd", "getcwd"): "pwd: getcwd: {err}",
        ("mkdir", "created"): "created directory: '{op}'",
        ("rmdir", "remove"): "rmdir: '{op}': {err}",
        ("rm", "remove"): "rm: can't remove '{op}': {err}",
        ("rm", "is_dir"): "rm: '{op}' is a directory",
        ("cp", "stat"): "cp: can't stat '{op}': {err}",
        # chmod.c change_filemode: stat's bb_simple_perror_msg(fileName)
        ("chmod", "access"): "chmod: {op}: {err}",
        ("cp", "omit_dir"): "cp: omitting directory '{op}'",
        ("cp", "mkdir"): "cp: can't create directory '{op}': {err}",
        ("cp", "create"): "cp: can't create '{op}': {err}",
        ("cp", "open"): "cp: can't open '{op}': {err}",
        # libbb copyfd.c bb_copyfd_size: bb_simple_perror_msg(bb_msg_write_error)
        ("cp", "write"): "cp: write error: {err}",
        # tee.c: stdio streams, die_if_ferror: "ferror doesn't set useful errno"
        ("tee", "write"): "tee: {op}: I/O error",
        ("mv", "stat"): "mv: can't rename '{op}': {err}",
        ("mv", "subdir"): "mv: can't rename '{op}': Invalid argument",
        ("mv", "move"): "mv: can't rename '{op}': {err}",
        ("cat", "open"): "cat: can't open '{op}': {err}",
        ("cat", "read"): "cat: read error: {err}",
        ("ls", "access"): "ls: {op}: {err}",
        ("stat", "stat"): "stat: can't stat '{op}': {err}",
        ("touch", "touch"): "touch: {op}: {err}",
        ("head", "open"): "head: {op}: {err}",
        # stdio reads; libbb fclose_nonstdin.c: "ferror does NOT set errno", so EIO
        ("head", "read"): "head: {op}: Input/output error",
        ("head", "number"): "head: invalid number '{op}'",
        # stdio writes; die_if_ferror_stdout: "ferror doesn't set useful errno"
        ("head", "stdout_write"): "head: standard output: I/O error",
        ("tail", "open"): "tail: can't open '{op}': {err}",
        ("tail", "number"): "tail: invalid number '{op}'",
        ("sort", "open"): "sort: {op}: {err}",
        ("find", "access"): "find: {op}: {err}",
        # find.c ACTF(exec): spawn_and_wait < 0 → bb_simple_perror_msg(argv[0]); the
        # predicate is false, find's status unchanged (STATUS: 0)
        ("find", "exec"): "find: {op}: {err}",
        ("dd", "open"): "dd: can't open '{op}': {err}",
        ("timeout", "exec"): "timeout: can't execute '{op}': {err}",
        ("uniq", "open"): "uniq: can't open '{op}': {err}",
        ("truncate", "open"): "truncate: {op}: open: {err}",
        ("cut", "no_list"): "cut: expected a list of bytes, characters, or fields",
        ("sleep", "number"): "sleep: invalid number '{op}'",
        # ln.c: bb_simple_perror_msg of the link's name (the source's when stat fails)
        ("ln", "symlink"): "ln: {op}: {err}",
        ("ln", "symlink_to"): "ln: {op}: {err}",
        ("ln", "access"): "ln: {op}: {err}",
        ("ln", "link"): "ln: {op}: {err}",
        ("ln", "link_to"): "ln: {op}: {err}",
        ("sort", "key"): "sort: bad field specification",
        # sort.c (FEATURE_SORT_BIG) -c: fprintf(stderr, "Check line %u\n", i), the
        # first line of the pair out of order, no applet name
        ("sort", "disorder"): "Check line {pair}",
        # du.c du(): bb_simple_perror_msg(filename)
        ("du", "access"): "du: {op}: {err}",
        ("sort", "tab"): "sort: bad -t parameter",
        ("uniq", "create"): "uniq: can't open '{op}': {err}",
        ("sed", "open"): "sed: {op}: {err}",
        # xregcomp: "bad regex" (the first pattern's with -e)
        ("grep", "regex"): "grep: bad regex '{op}'",
        ("grep", "context"): "grep: invalid number '{op}'",
        ("dd", "number"): "dd: invalid number '{op}'",
        # xatoul_range_sfx(1, ...) of bs/ibs/obs
        ("dd", "block_size"): "dd: number {op} is not in 1..9223372036854775807 range",
        ("find", "missing_arg"): "find: {op} requires an argument",
        ("find", "type"): "find: invalid argument '{op}' to '-type'",
        ("find", "perm"): "find: invalid mode '{op}'",
        # umount.c: bb_perror_msg("can't unmount %s", zapit), the mount's directory
        # as /proc/mounts names it, or the operand as given if none is there (the
        # oracle's guests: tests/conformance/scripts/tmpfs-umount.sh)
        ("umount", "not_mounted"): "umount: can't unmount {op}: {err}",
        ("umount", "busy"): "umount: can't unmount {mnt}: {err}",
        ("umount", "unmount"): "umount: can't unmount {op}: {err}",
        # xargs.c (1.35) xargs_exec: bb_error_msg("'%s' terminated by signal %d")
        ("xargs", "signal"): "xargs: '{op}' terminated by signal {sig}",
        # getopt32's "P:+": xatoi_positive, xstrtou_range's message
        ("xargs", "procs"): "xargs: invalid number '{op}'",
    },
}

#: exit statuses that are not 1: (program, situation) -> status per userland
STATUS: dict[str, dict[tuple[str, str], int]] = {
    "gnu": {("umount", "not_mounted"): 32, ("umount", "busy"): 32, ("umount", "unmount"): 32,
            ("ls", "access"): 2, ("sort", "open"): 2, ("find", "access"): 1,
            ("sort", "key"): 2, ("sort", "tab"): 2, ("sed", "open"): 2,
            ("grep", "regex"): 2, ("grep", "context"): 2},
    # (APPLET, "usage"): bb_show_usage's status (xfunc_error_retval)
    "busybox": {("find", "exec"): 0, ("sort", "open"): 2, ("sort", "usage"): 2, ("grep", "usage"): 2, ("tty", "usage"): 2,
                ("sort", "key"): 2, ("sort", "tab"): 2,
                ("grep", "regex"): 2, ("grep", "context"): 2},
}

#: behaviours that differ, by name, per userland (True: the userland does it)
QUIRKS: dict[str, frozenset[str]] = {
    "gnu": frozenset({
        "dd.bytes_line",            # dd's third summary line, "N bytes (...) copied, ..."
        "mv.same_file",             # mv of two names of one file: "are the same file"
        "sort.random",              # sort -R, --random-sort, --random-source (busybox: none)
    }),
    "busybox": frozenset({
        "mkdir.p_prefix",           # -p names the failing prefix ('f/'), make_directory.c
        "cp.special_bits",          # cp makes a file with the source's setuid/setgid/sticky
                                    # bits (copy_file.c: open(..., source_stat.st_mode))
        "dest.many_is_dir",         # cp/mv of 2+ sources into DEST: no directory check
        "tail.open_first",          # opens all operands first; none: "tail: no files"
        "size.bkm",                 # head/tail counts take b, k, m only (xatoul_sfx)
        "head.stdio",               # head reads with getc(): a file's st_blksize a read
        "sleep.duration",           # sleep's numbers are parse_duration_str's
        "usage",                    # a bad command line prints the applet's usage
        "ln.dir_tried",             # ln tries link() on a directory, and -f unlinks
                                    # DEST even when it is SOURCE (no same-file check)
        "ps.busybox",               # ps is busybox's (bbps.py): -o only, PID USER COMMAND
        "wc.width9",                # wc's columns are 9 wide unless one count of one file
        "wc.stdin_name",            # wc without operands names its input "standard input"
        "timeout.exec",             # timeout execs PROG, signals it alone, whole seconds
        "free.busybox",             # free is busybox's: its columns, -bkmgh, first argument only
        "df.busybox",               # df is busybox's: %-20s %9s columns, rootfs left out
        "top.busybox",              # top is busybox's (top.py): Mem/CPU/Load lines, PPID STAT VSZ
        "kill.busybox",             # /bin/kill is busybox's (bash's builtin kill is bash's)
        "cut.busybox",              # cut's LIST and -d are cut.c's (0 is 1, first char...)
        "sed.busybox",              # sed's script errors in busybox's words
        "awk.busybox",              # awk is busybox's: no ^ or libm, its substr/index/errors
        "ls.busybox",               # ls is busybox's (bbls.py): its -l columns, -s -i -h...
        "cat.sendfile",             # cat copies a regular file with sendfile, 16 MiB a call
        "swap.busybox",             # mkswap/swapon/swapoff are busybox's: their messages
        "stat.busybox_fstype",      # stat -f %T names only human_fstype's types (UNKNOWN)
        "readlink.busybox",         # readlink takes one FILE and -fnvsq (readlink.c)
        "printf.busybox",           # printf, echo, test and [ are busybox's (bbprintf.py, bbtest.py)
        "diff.unified",             # diff prints unified hunks only, names without times (diff.c)
        "date.busybox",             # date -d takes parse_datestr's forms (libbb/time.c)
        "time.busybox",             # time is busybox's: its formats, %M in kB taken for pages
        "mktemp.busybox",           # mktemp wants XXXXXX at the end (mkstemp's), tmp.XXXXXX
    }),
}

#: programs of a userland's /bin that are scripts (``#!INTERP``, run by an execve
#: through ``binfmt_script``): name -> text. The busybox userland's are the oracle
#: guests' wrappers (oracle/guestbin.py: the texts oracle/image.py installs)
SCRIPTS: dict[str, dict[str, str]] = {"gnu": {}, "busybox": {}}


def scripts(name: str) -> dict[str, str]:
    """The script programs of userland ``name`` (:data:`SCRIPTS`)."""
    if name == "busybox" and not SCRIPTS["busybox"]:
        from ...oracle.guestbin import SCRIPTS as guest
        SCRIPTS["busybox"] = dict(guest)
    return SCRIPTS.get(name, {})


def noexec_applets(name: str) -> frozenset[str] | None:
    """The applets userland ``name``'s sh runs in its own process, without an
    execve (busybox sh: :data:`.busybox_noexec.NOEXEC`); None: its sh looks no
    applet up (a sh that is not busybox's)."""
    if name != "busybox":
        return None
    from .busybox_noexec import NOEXEC
    return NOEXEC


def nofork_applets(name: str) -> frozenset[str] | None:
    """The applets userland ``name``'s ``spawn_and_wait`` (find -exec, xargs) runs in
    the caller's own process, without a fork (busybox's NOFORK:
    :data:`.busybox_noexec.NOFORK`); None: its find and xargs fork and exec every
    command (not busybox's)."""
    if name != "busybox":
        return None
    from .busybox_noexec import NOFORK
    return NOFORK


#: busybox sh's builtins that run an applet's ``main`` in the shell's process (busybox
#: 1.35 shell/ash.c ``builtintab``: ``echocmd`` → ``echo_main``, ``printfcmd`` →
#: ``printf_main``, ``testcmd`` → ``test_main``, ``killcmd`` → ``kill_main``), by the
#: applet whose code they map
ASH_APPLET_BUILTINS = {"echo": "echo", "printf": "printf", "test": "test", "[": "test",
                       "[[": "test", "kill": "kill"}


def map_applet_code(sys, task, applet: str, option: str | None = None,
                    exits: bool = False) -> None:
    """``task`` runs busybox applet ``applet``'s code (its ``main``, run by another
    applet or by busybox sh in the same process), or with ``option`` the code that
    option adds (kernel/fork.py ``BUSYBOX_APPLET_WINDOWS``,
    ``BUSYBOX_OPTION_WINDOWS``): the binary's windows it maps there
    (``Processes.map_code``; nothing where the mm is not busybox's), with the
    start-up's it uses and its ``write``'s (what a fork's child of busybox sh
    faults again: ``applet_code_windows``); ``exits``: the applet's ``exit`` ends
    the process."""
    map_code = getattr(sys, "map_code", None)
    if map_code is None:
        return
    from ...kernel.fork import BUSYBOX_OPTION_WINDOWS, applet_code_windows
    map_code(task, applet_code_windows(applet) if option is None
             else BUSYBOX_OPTION_WINDOWS[(applet, option)], exits)


#: size suffixes (``xatoul_sfx``'s tables): busybox tail's and head's ``bkm_suffixes``
BKM_SUFFIXES = {"b": 512, "k": 1024, "m": 1024 * 1024}


#: programs of a userland's /bin besides busybox's applets: the oracle guest's
#: (oracle/image.py: bash, the getconf and head scripts)
GUEST_PROGRAMS = frozenset({"busybox", "bash", "getconf", "head"})


def installed(name: str) -> frozenset[str] | None:
    """The programs userland ``name`` has (None: every program the model has).
    busybox's is the guest's /bin: the applets of ``busybox --list`` and
    GUEST_PROGRAMS; another program there is "command not found", as on the guest."""
    if name != "busybox":
        return None
    from .busybox_usage import LIST
    return frozenset(LIST) | GUEST_PROGRAMS


def userland(ctx: "CommandContext") -> str:
    """The userland of the machine the command runs on ("gnu" without one)."""
    return getattr(ctx.sys, "userland", "gnu")


def quirk(ctx: "CommandContext", name: str) -> bool:
    """Whether the command's userland has behaviour ``name`` (a key of QUIRKS)."""
    return name in QUIRKS[getattr(ctx.sys, "userland", "gnu")]     # userland(ctx), written out


def report(ctx: "CommandContext", prog: str, situation: str, op: str = "",
           e: OSError | None = None, **kw: str) -> int:
    """Write ``prog``'s message for ``situation`` (operand ``op``, error ``e``) to
    the command's stderr in its userland's words; returns the exit status that
    userland gives it."""
    try:    # fprintf(stderr): a refused message is lost (_util.err_write)
        ctx.stderr.write(message(ctx, prog, situation, op, e, **kw) + "\n")
    except OSError:
        pass
    return STATUS[userland(ctx)].get((prog, situation), 1)


def message(ctx: "CommandContext", prog: str, situation: str, op: str = "",
            e: OSError | None = None, **kw: str) -> str:
    """``prog``'s message for ``situation`` in the command's userland's words
    (:func:`report`'s line, for a command that writes it itself)."""
    text = "" if e is None else os.strerror(e.errno) if e.errno else (e.strerror or str(e))
    return MESSAGES[userland(ctx)][(prog, situation)].format(op=op, err=text, **kw)


def usage_text(name: str) -> str | None:
    """busybox's usage screen of applet ``name`` (None if the model has none)."""
    from .busybox_usage import USAGE
    return USAGE.get(name)


def usage_status_of(ctx: "CommandContext", name: str) -> int:
    """The exit status of applet ``name``'s usage screen (1 unless STATUS says)."""
    return STATUS[userland(ctx)].get((name, "usage"), 1)


def bad_option(name: str, args: list[str]) -> str | None:
    """busybox applet ``name``'s getopt32 verdict on ``args`` (options permuted
    as glibc's getopt does, until ``--``, or with a ``+`` spec until the first
    operand): the message of the first option it does
    not take (``invalid option -- 'E'``, ``unrecognized option '--force'``), else
    None (also for an applet whose options the model does not know)."""
    from .busybox_usage import OPTIONS
    spec = OPTIONS.get(name)
    if spec is None:
        return None
    short, longs, table = spec
    permute = not short.startswith("+")
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a == "--":
            return None
        if not a.startswith("-") or a == "-":
            if not permute:
                return None
            continue
        if a.startswith("--"):
            opt = a[2:].partition("=")[0]
            if not table:
                return "invalid option -- '-'"
            if not any(n.startswith(opt) for n in longs):
                # glibc's getopt_long (posix/getopt.c process_long_option, 2.26+):
                # "unrecognized option '%s%s'", prefix and the rest, ``=VALUE`` too
                return f"unrecognized option '{a}'"
            continue
        for j, c in enumerate(a[1:], 1):
            k = short.find(c)
            if k < 0 or c == ":":
                return f"invalid option -- '{c}'"
            if short[k + 1:k + 2] == ":":
                if j == len(a) - 1:
                    if i >= len(args):
                        return f"option requires an argument -- '{c}'"
                    i += 1
                break
    return None


def bb_number(s: str, suffixes: dict[str, int]) -> int:
    """busybox ``xatoul_sfx``: decimal digits and one suffix of ``suffixes``;
    ValueError otherwise (the applet says ``invalid number``)."""
    digits = s.rstrip("".join(suffixes))
    sfx = s[len(digits):]
    if not digits.isdigit() or (sfx and sfx not in suffixes):
        raise ValueError(s)
    return int(digits) * suffixes.get(sfx, 1)
