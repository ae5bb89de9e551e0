"""Shell builtins: they run in the shell's own task, without fork.

Each is ``fn(sh, argv) -> int`` (or a generator for ``wait``); registered in
:data:`BUILTINS` as ``name: (fn, is_generator)``.
"""
from __future__ import annotations

import errno
import os
import re
import stat as stat_mod
import time
from functools import partial
from typing import TYPE_CHECKING

from greenlet import getcurrent

from ..kernel.clock import BOOT_EPOCH
from ..kernel.signum import SIGCHLD, SIGNALS, SIGNAMES, SIGRTMAX
from ..lazyimport import LazyPattern
from .assoc import Assoc
from .bashmem import bgp_clear, printf_return, printf_vbuf
from .expand import byte_char, element_index, unicode_escape
from . import ash, ashjobs, bashtest, dirstack, hashcmd, jobcontrol, testexpr, vartable, verbose, xtrace
from .legalnum import legal_number
from .flow import ArithFailed, Break, Continue, ExitShell, Return, RuntimeUnsupported, ShellError
from .jobreport import job_state, pipeline_lines, wd_note
from .jobs import Block, sleep_anywhere, spin_forever, task_killed
from .pipes import ReadTimeout
from .jobtable import (DUP_JOB, cleanup_dead_jobs, delete_jobs, disown_jobs, get_job_spec,
                       job_mark, mark_dead_jobs_as_notified, mark_notified, notify_and_cleanup,
                       notify_of_job_status)
from .scan import is_name
from .quote import (ansic_quote, contains_shell_metas, double_quote, needs_ansic, printf_q, quote_value,
                    single_quote)
from ..fs.fifo import FifoFile
from .streams import FileIn

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell

BUILTINS: dict[str, tuple] = {}
#: POSIX special builtins: prefix assignments persist
#: key, in a scope's dict, of a name's integer attribute (``declare -i``)
INT_ATTR = "\0int:"
#: attribute keys beside a variable in its scope: ``readonly``/``declare -r``, ``declare -n``
RO_ATTR = "\0ro:"
REF_ATTR = "\0ref:"
#: set in the global scope once any nameref exists (lookups resolve names from then on)
NAMEREFS = "\0namerefs"
#: ``att_invisible`` of an array declared without a value (``declare -a/-A NAME``,
#: ``local -a NAME``): its empty array is there, yet ``declare -p`` prints no
#: value until an assignment makes it visible (bash 5.2 variables.c
#: ``make_new_array_variable``, builtins/declare.def); INVISIBLE is set in the
#: global scope once any exists
INVIS_ATTR = "\0invisible:"
#: ``declare -l`` / ``-u``: assignments lower- or upper-case the value; CASEMAP
#: is set in the global scope once any exists
LOWER_ATTR = "\0lower:"
UPPER_ATTR = "\0upper:"
CASEMAP = "\0casemap"
#: key, in a scope made of a command's prefix assignments (a builtin's or a
#: function's), of the names they set: exported to the commands run from it
TEMPENV = "\0tempenv"
#: a function scope's key for the shell options ``local -`` saved (restored at its return)
LOCAL_OPTS = "\0localopts"
#: the ``set -o`` options the model has, by their long names
SET_OPTIONS = ("errexit", "errtrace", "nounset", "xtrace", "pipefail", "noclobber", "functrace",
               "noglob", "allexport", "verbose", "notify")
INVISIBLE = "\0invisibles"
SPECIAL = frozenset((":", ".", "source", "eval", "exec", "exit", "export", "readonly", "return", "set",
                     "shift", "unset", "break", "continue", "trap", "times"))


def builtin(*names: str, gen: bool = False):
    def deco(fn):
        for n in names:
            BUILTINS[n] = (fn, gen)
        return fn
    return deco


def _out(sh: "Shell", s: str) -> None:
    """A builtin's output. bash line-buffers its stdout (shell.c ``main``:
    ``sh_setlinebuf (stdout)``): each line is a ``write()`` of its own, so
    ``printf '%s\\n' 8M 9M > memory.max`` sets 8M then 9M. A failed line is dropped
    (glibc's ``new_do_write`` empties the buffer), the next lines are still written,
    and the builtin ends with the last failure (``sh_chkwrite``: ``ferror``, errno)."""
    if not s:
        return
    j = s.find("\n")
    if j < 0 or j == len(s) - 1:
        sh.stdout.write(s)
        return
    failed = None
    start, end = 0, len(s)
    while start < end:
        j = s.find("\n", start)
        stop = end if j < 0 else j + 1
        try:
            sh.stdout.write(s[start:stop])
        except OSError as e:
            failed = e
        start = stop
    if failed is not None:
        raise failed


# -- trivial -------------------------------------------------------------------------------
@builtin(":", "true")
def bi_true(sh, argv) -> int:
    return 0


@builtin("false")
def bi_false(sh, argv) -> int:
    return 1


@builtin("times")
def bi_times(sh, argv) -> int:
    """``times``: the shell's and its children's user and system times (times.def,
    ash.c ``timescmd``: ``%dm%d.%03ds`` each); the model keeps no CPU time, so
    zeros, as ``time`` reads them."""
    _out(sh, "0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n")
    return 0


@builtin("umask")
def bi_umask(sh, argv) -> int:
    """``umask [-p] [-S] [MODE]`` (builtins/umask.def): the shell's mask shown in
    octal, symbolically (``-S``: the permissions it leaves) or as a command
    (``-p``); MODE octal or symbolic (applied to the permissions left). The
    model's files are made with mode 0644/0755 whatever it is."""
    from .commands.fileutils import chmod_mode     # commands -> builtins
    args = argv[1:]
    sym = pflag = False
    while args and args[0][:1] == "-" and len(args[0]) > 1 and args[0] != "--":
        for c in args.pop(0)[1:]:
            if c == "S":
                sym = True
            elif c == "p":
                pflag = True
            else:
                sh.err(f"umask: -{c}: invalid option")
                builtin_usage(sh, "umask")
                return 2
    if args and args[0] == "--":
        args.pop(0)
    if not args:
        m = sh.umask
        if sym:
            text = ",".join(f"{w}=" + "".join(c for c, b in (("r", 4), ("w", 2), ("x", 1))
                                              if ~m >> shift & b)
                            for w, shift in (("u", 6), ("g", 3), ("o", 0)))
        else:
            text = f"{m:04o}"
        _out(sh, ("umask " + ("-S " if sym else "") if pflag else "") + text + "\n")
        return 0
    mode = args[0]
    if sh.dialect.ash_errors:
        return _ash_umask(sh, mode)
    if mode[:1].isdigit():
        if any(c not in "01234567" for c in mode):
            sh.err(f"umask: {mode}: octal number out of range")
            return 1
        sh.set_umask(int(mode, 8) & 0o777)
    else:
        try:
            left = chmod_mode(mode, ~sh.umask & 0o777, umask=0)
        except ValueError:
            sh.err(f"umask: `{mode[-1:]}': invalid symbolic mode operator")
            return 1
        sh.set_umask(~left & 0o777)
    return 0


def _ash_umask(sh, mode: str) -> int:
    """ash.c/dash miscbltin.c ``umaskcmd``'s MODE: octal digits (busybox: at most
    0777) or symbolic, else the dialect's words (``illegal mode: X``; dash's
    ``Illegal number: X``, ``Illegal mode: X``), status 2."""
    from .commands.fileutils import chmod_mode     # commands -> builtins
    if mode[:1].isdigit():
        new = int(mode, 8) if all(c in "01234567" for c in mode) else None
        if new is None or new > sh.dialect.umask_max:
            ash.msg(sh, sh.dialect.bad_umask(mode, True), "umask")
            return ash.ASH_ERROR_STATUS
        sh.set_umask(new & 0o777)
        return 0
    try:
        left = chmod_mode(mode, ~sh.umask & 0o777, umask=0)
    except ValueError:
        ash.msg(sh, sh.dialect.bad_umask(mode, False), "umask")
        return ash.ASH_ERROR_STATUS
    sh.set_umask(~left & 0o777)
    return 0


@builtin("fg", "bg", gen=True)
def bi_fg_bg(sh, argv):
    """``fg [JOBSPEC]`` / ``bg [JOBSPEC...]`` (builtins/fg_bg.def): without job
    control ``NAME: no job control`` (``sh_nojobs``), status 1; a job spec naming
    no job ``NAME: SPEC: no such job`` (``current`` for none), one started
    before ``set -m`` ``NAME: job N started without job control``, both 1; else
    ``start_job`` (shell/jobcontrol.py): ``fg`` returns the job's status (128 +
    the stop signal if it stops again), ``bg`` 0 (1 if one of its jobs failed),
    ``$!`` the job's first pid."""
    name = argv[0]
    if sh.dialect.ash_jobs and not sh.jobs and len(argv) == 1:
        ash.msg(sh, "No current job", name)     # ash.c getjob(NULL)
        return ash.ASH_ERROR_STATUS
    if not sh.job_control:
        sh.err(f"{name}: no job control")
        return 1
    sh.sched.reap_killed()
    jobcontrol.waitchld(sh)
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    elif args and args[0][:1] == "-" and args[0] != "-":
        sh.err(f"{name}: {args[0][:2]}: invalid option")
        builtin_usage(sh, name)
        return 2
    if name == "fg":
        fg = not (args and args[-1] == "&")
        return (yield from _fg_bg(sh, name, args[0] if args else None, fg))
    st = 0
    for a in args or [None]:
        if (yield from _fg_bg(sh, name, a, False)) == 1:
            st = 1
    return st


def _fg_bg(sh, name: str, spec: str | None, foreground: bool):
    """``fg_bg``: the job ``spec`` names (the current one for None), started."""
    job = get_job_spec(sh, "%%" if spec is None else spec, who=name)
    if job is None or job is DUP_JOB:
        if job is not DUP_JOB:
            sh.err(f"{name}: {'current' if spec is None else spec}: no such job")
        return 1
    if not job.pgrp:
        sh.err(f"{name}: job {job.num} started without job control")
        return 1
    old = sh.last_bg
    if not foreground:
        sh.last_bg = job.pid if job.procs is None else job.procs[0].pid
    st = yield from jobcontrol.start_job(sh, job, foreground)
    if st < 0:
        sh.last_bg = old
        return 1
    if foreground:
        notify_and_cleanup(sh)
        return st
    return 0


@builtin("caller")
def bi_caller(sh, argv) -> int:
    """``caller [EXPR]`` (builtins/caller.def, bash 5.2): with no EXPR the line
    and file of the current call (BASH_LINENO[0], BASH_SOURCE[1]), with one
    the line, function and file of frame EXPR; status 1 when FUNCNAME,
    BASH_SOURCE or BASH_LINENO has no such element (no call is running, or a
    ``-c`` string's or standard input's missing "main" frame: "NULL" stands in
    for the file in the short form)."""
    from .legalnum import legal_number
    lines = sh.get_array("BASH_LINENO") or {}
    srcs = sh.get_array("BASH_SOURCE") or {}
    if not lines or not srcs:
        return 1
    args = argv[1:]
    if args and args[0][:1] == "-" and args[0] != "-" and args[0] != "--":
        sh.err(f"caller: {args[0]}: invalid option")
        builtin_usage(sh, "caller")
        return 2
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        _out(sh, f"{lines.get(0, 'NULL')} {srcs.get(1, 'NULL')}\n")
        return 0
    n = legal_number(args[0])
    if n is None:
        sh.err(f"caller: {args[0]}: invalid number")
        builtin_usage(sh, "caller")
        return 2
    names = sh.get_array("FUNCNAME") or {}
    line, fn, src = lines.get(n), names.get(n + 1), srcs.get(n + 1)
    if line is None or fn is None or src is None:
        return 1
    _out(sh, f"{line} {fn} {src}\n")
    return 0


@builtin("pushd", "popd", "dirs")
def bi_dirstack(sh, argv) -> int:
    """``pushd``, ``popd``, ``dirs`` (shell/dirstack.py)."""
    return getattr(dirstack, argv[0])(sh, list(argv), partial(_out, sh))


#: bash 5.2's builtins as ``enable -a`` lists them (builtins.c's table, sorted)
ENABLE_ORDER = (".", ":", "[", "alias", "bg", "bind", "break", "builtin", "caller", "cd",
                "command", "compgen", "complete", "compopt", "continue", "declare", "dirs",
                "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc",
                "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local",
                "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray",
                "readonly", "return", "set", "shift", "shopt", "source", "suspend", "test",
                "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias",
                "unset", "wait")


@builtin("enable")
def bi_enable(sh, argv) -> int:
    """``enable [-a] [-nps] [NAME...]`` (builtins/enable.def): ``-n`` turns builtins
    off (the program of that name runs instead, ``type`` finds the file), without it
    back on; with no name the builtins are listed (``-a`` all, ``-n`` the ones off,
    ``-s`` the POSIX special ones). Loading builtins (``-f``, ``-d``) is refused."""
    args = argv[1:]
    flags = short_options(sh, args, "enable", "anpsfd")
    if flags is None:
        return 2
    if "f" in flags or "d" in flags:
        raise RuntimeUnsupported(f"enable -{'f' if 'f' in flags else 'd'}", sh.lineno)
    if not args:
        off = sh.disabled
        lines = []
        for n in ENABLE_ORDER:
            if "s" in flags and n not in SPECIAL:
                continue
            if n in off and ("a" in flags or "n" in flags):
                lines.append(f"enable -n {n}\n")
            elif n not in off and ("n" not in flags or "a" in flags):
                lines.append(f"enable {n}\n")
        _out(sh, "".join(lines))
        return 0
    st = 0
    off = set(sh.disabled)
    for n in args:
        if n not in ENABLE_ORDER:
            sh.err(f"enable: {n}: not a shell builtin")
            st = 1
        elif "n" in flags:
            off.add(n)
        else:
            off.discard(n)
    sh.disabled = frozenset(off)
    sh.builtins = {k: v for k, v in BUILTINS.items() if k not in off} if off else BUILTINS
    return st


@builtin("coproc", "suspend", "complete", "history", "fc", "bind", "compopt", "help")
def bi_unsupported(sh, argv) -> int:
    """The builtins of interactive use and completion: named as unsupported."""
    raise RuntimeUnsupported(f"builtin {argv[0]}", sh.lineno)


@builtin("compgen")
def bi_compgen(sh, argv) -> int:
    """``compgen`` (shell/compgen.py) over the shell's own names: pcomplete.c's
    item lists (``it_aliases``... ``it_variables``: sorted but for the builtins',
    options' and keywords' table orders)."""
    from . import compgen
    from .shopt import SHOPT_NAMES
    lists = {"alias": lambda sh: sorted(sh.aliases),
             "arrayvar": lambda sh: sorted(n for n in variable_names(sh) if sh.is_array(n) or (
                 _DYNAMIC_LINES.get(n, "").startswith(("declare -a", "declare -A")))),
             "builtin": lambda sh: list(ENABLE_ORDER),
             "disabled": lambda sh: [n for n in ENABLE_ORDER if n in sh.disabled],
             "enabled": lambda sh: [n for n in ENABLE_ORDER if n not in sh.disabled],
             "export": lambda sh: sorted(sh.exported),
             "function": lambda sh: sorted(sh.funcs),
             "keyword": lambda sh: list(hashcmd.WORD_TOKENS),     # it_keywords
             "setopt": lambda sh: list(_ALL_SET_OPTIONS),
             "shopt": lambda sh: list(SHOPT_NAMES),
             "variable": lambda sh: sorted(variable_names(sh))}
    return compgen.compgen(sh, argv[1:], partial(_out, sh), lists)


@builtin("logout")
def bi_logout(sh, argv) -> int:
    """A script's shell is no login shell (builtins/exit.def ``logout_builtin``)."""
    sh.err("logout: not login shell: use `exit'")
    return 1


@builtin("ulimit")
def bi_ulimit(sh, argv) -> int:
    """``ulimit``: the shell's resource limits, from the kernel's at boot
    (``sys.init_rlimits``), kept and inherited, in each shell's own way
    (shell/ulimits.py); the model enforces ``-n`` (RLIMIT_NOFILE) on the shell's
    descriptors (kernel/file.py), no other."""
    from . import ulimits
    return getattr(ulimits, sh.dialect.ulimit)(sh, argv)


def builtin_usage(sh, name: str) -> None:
    """``builtin_usage``'s line for bash's builtin ``name`` (shell/bashgetopt.py
    ``SHORT_DOC``, loaded when a usage is first printed)."""
    from .bashgetopt import builtin_usage as usage
    usage(sh, name)


def short_options(sh, args: list[str], name: str, letters: str) -> str | None:
    """builtins' ``internal_getopt`` over ``args`` (its options taken off, up to
    ``--`` or the first operand): the letters given, in order, or None after
    ``NAME: -C: invalid option`` and ``builtin_usage``'s line."""
    flags = ""
    while args and args[0].startswith("-") and len(args[0]) > 1:
        a = args.pop(0)
        if a == "--":
            break
        for c in a[1:]:
            if c not in letters:
                sh.err(f"{name}: -{c}: invalid option")
                builtin_usage(sh, name)
                return None
            flags += c
    return flags


@builtin("shopt")
def bi_shopt(sh, argv) -> int:
    """``shopt`` (shell/shopt.py); its ``-o`` forms on ``set -o``'s options."""
    from . import shopt
    return shopt.shopt(sh, argv[1:], partial(_out, sh), partial(set_o_value, sh),
                       partial(_set_o, sh), partial(_set_o_listing, sh))


@builtin("alias", "unalias")
def bi_alias(sh, argv) -> int:
    """Aliases are kept and listed; the reader expands them (:mod:`.ashalias`)."""
    aliases = sh.aliases
    if argv[0] == "unalias":
        names = argv[1:]
        # alias.def unalias_builtin (internal_getopt), ash.c unaliascmd (nextopt):
        # -a drops them all, the names then ignored; ``--`` ends the options
        if names and names[0] in ("-a", "--") and names.pop(0) == "-a":
            aliases.clear()
            return 0
        if not sh.dialect.ash_errors:
            if not names:
                builtin_usage(sh, "unalias")
                return 2
        st = 0
        for n in names:
            if aliases.pop(n, None) is None:
                if sh.dialect.ash_errors:
                    sh.stderr.write(f"unalias: {n} not found\n")   # ash.c unaliascmd
                else:
                    sh.err(f"unalias: {n}: not found")
                st = 1
        return st
    st = 0
    for a in argv[1:] or sorted(aliases):
        name, eq, value = a.partition("=")
        if eq:
            aliases[name] = value
        elif name in aliases:
            # busybox sh's printalias: NAME= and ash.c single_quote
            _out(sh, f"{name}={ash.single_quote(aliases[name])}\n" if sh.dialect.ash_listings
                 else f"alias {name}='{aliases[name]}'\n")
        elif sh.dialect.ash_errors:
            sh.stderr.write(f"alias: {name} not found\n")     # ash.c aliascmd
            st = 1
        else:
            sh.err(f"alias: {name}: not found")
            st = 1
    return st


@builtin("mapfile", "readarray")
def bi_mapfile(sh, argv) -> int:
    """``mapfile [-t] [-n COUNT] [-O ORIGIN] [-s SKIP] [-d DELIM] [-u FD] [ARRAY]``:
    lines of standard input (or FD) into an indexed array (MAPFILE by default),
    from index ORIGIN on (the array's other elements kept) or into an emptied one."""
    args = argv[1:]
    strip = False
    count = skip = 0
    origin = None       # -O: the first index, the array kept (else cleared first)
    delim = b"\n"
    inp = sh.stdin
    while args and args[0].startswith("-") and len(args[0]) > 1:
        a = args.pop(0)
        if a == "--":
            break
        for j, c in enumerate(a[1:], 1):
            if c == "t":
                strip = True
                continue
            if c not in "nsduO":
                raise RuntimeUnsupported(f"{argv[0]} -{c}", sh.lineno)
            val = a[j + 1:] or (args.pop(0) if args else "")
            if c == "d":
                delim = val.encode()[:1] or b"\0"
            elif c == "u":
                inp = sh._getfd(int(val)) if val.isdigit() else None
                if inp is None or not hasattr(inp, "read"):
                    sh.err(f"{argv[0]}: {val}: invalid file descriptor: Bad file descriptor")
                    return 1
            elif not val.isdigit():
                what = {"n": "line count", "O": "array origin"}.get(c, "number")
                sh.err(f"{argv[0]}: {val}: invalid {what}")
                return 1
            elif c == "O":
                origin = int(val)
            elif c == "n":
                count = int(val)
            else:
                skip = int(val)
            break
    name = args[0] if args else "MAPFILE"
    lines: list[str] = []
    while not count or len(lines) < count + skip:
        if delim == b"\n":
            rec = inp.readline()
        else:
            rec = bytearray()
            while (c := inp.read(1)) and c != delim:
                rec += c
            rec = bytes(rec) + (c or b"")
        if not rec:
            break
        if strip and rec.endswith(delim):
            rec = rec[:-1]
        lines.append(rec.decode("utf-8", "surrogateescape"))
    if origin is None:
        sh.assign_array(name, lines[skip:])
    else:
        for i, line in enumerate(lines[skip:], origin):
            sh.assign_element(name, i, line)
    return 0


@builtin("getopts")
def bi_getopts(sh, argv) -> int:
    """``getopts OPTSTRING NAME [ARG...]``: the next option of the positional
    parameters (or ARGs), OPTIND and OPTARG as bash keeps them; a leading ``:`` in
    OPTSTRING reports errors in OPTARG instead of on stderr."""
    if len(argv) < 3:
        if sh.dialect.ash_errors:
            ash.msg(sh, sh.dialect.getopts_usage, "getopts")
        else:
            builtin_usage(sh, "getopts")
        return 2
    spec, name, args = argv[1], argv[2], argv[3:] or sh.positional()
    if sh.dialect.ash_getopts is not None:
        return _ash_getopts(sh, spec, name, args)
    silent = spec.startswith(":")
    try:
        optind = int(sh.get("OPTIND") or "1")
    except ValueError:
        optind = 1
    if optind != sh.getopts_at[0]:
        sh.getopts_at = (optind, 1)       # OPTIND set from outside: start that word anew
    pos = sh.getopts_at[1]
    sh.unsetvar("OPTARG")
    word = args[optind - 1] if 0 < optind <= len(args) else None
    if word is None or pos == 1 and (len(word) < 2 or word[0] != "-" or word == "--"):
        if word == "--":
            optind += 1
        sh.setvar("OPTIND", str(optind))
        sh.getopts_at = (optind, 1)
        sh.setvar(name, "?")
        return 1
    c = word[pos]
    pos += 1
    if pos >= len(word):
        optind, pos = optind + 1, 1
    i = spec.find(c) if c != ":" else -1
    if i < 0:
        if silent:
            sh.setvar("OPTARG", c)
        else:
            # ash.c getopts: its own words, no name
            sh.stderr.write(f"Illegal option -{c}\n" if sh.dialect.ash_errors
                            else f"{sh.arg0}: illegal option -- {c}\n")
        sh.setvar(name, "?")
    elif spec[i + 1:i + 2] == ":":
        if pos > 1:                     # the rest of this word is the argument
            sh.setvar("OPTARG", word[pos:])
            optind, pos = optind + 1, 1
        elif optind <= len(args):
            sh.setvar("OPTARG", args[optind - 1])
            optind += 1
        elif silent:
            sh.setvar("OPTARG", c)
            c = ":"
        else:
            sh.stderr.write(f"No arg for -{c} option\n" if sh.dialect.ash_errors
                            else f"{sh.arg0}: option requires an argument -- {c}\n")
            c = "?"
        sh.setvar(name, c)
    else:
        sh.setvar(name, c)
    sh.setvar("OPTIND", str(optind))
    sh.getopts_at = (optind, pos)
    return 0


def _ash_getopts(sh, spec: str, name: str, args: list[str]) -> int:
    """The ash family's ``getopts`` (busybox 1.35 ash.c, dash 0.5.12 options.c):
    OPTIND is past the word whose letters it reads (``optnext``), the place in that
    word kept apart (``shellparam.optoff``, reset when OPTIND is set from outside:
    ``getoptsreset``); OPTARG is empty for an option without an argument; errors
    in its own words (``Illegal option -c``, ``No arg for -c option``)."""
    busybox = sh.dialect.ash_getopts == "busybox"
    try:
        ind = int(sh.get("OPTIND") or "1") or 1
    except ValueError:
        ind = 1
    at, off = sh.getopts_at
    if ind != at:
        off = -1
    nxt = ind - 1                       # optnext: the next word's index
    p = None
    if ind > 1 and off >= 0 and nxt - 1 < len(args) and len(args[nxt - 1]) >= off:
        p = args[nxt - 1][off:]
    c, done = "?", False
    if not p:
        w = args[nxt] if 0 <= nxt < len(args) else None
        if w is None or w[:1] != "-" or w == "-" or w == "--":
            if w == "--":
                nxt += 1
            if busybox:
                sh.unsetvar("OPTARG")
            p, done = None, True
        else:
            nxt += 1
            p = w[1:]
    if not done:
        c, p = p[0], p[1:]
        q = 0
        while q < len(spec) and spec[q] != c:
            q += 1
            if spec[q:q + 1] == ":":
                q += 1
        silent = spec[:1] == ":" or busybox and sh.get("OPTERR") == "0"
        if q >= len(spec):
            if silent:
                sh.setvar("OPTARG", c)
            else:
                sh.stderr.write(f"Illegal option -{c}\n")
                sh.unsetvar("OPTARG")
            c = "?"
        elif spec[q + 1:q + 2] == ":":
            if not p and nxt >= len(args):
                if silent:
                    sh.setvar("OPTARG", c)
                    c = ":"
                else:
                    sh.stderr.write(f"No arg for -{c} option\n")
                    sh.unsetvar("OPTARG")
                    c = "?"
            else:
                if not p:
                    p = args[nxt]
                    nxt += 1
                sh.setvar("OPTARG", p)
                p = None
        else:
            sh.setvar("OPTARG", "")
    ind = nxt + 1
    sh.setvar("OPTIND", str(ind))
    sh.setvar(name, c)
    sh.getopts_at = (ind, len(args[nxt - 1]) - len(p) if p is not None else -1)
    return 1 if done else 0


# -- echo / printf -----------------------------------------------------------------------------
_ECHO_ESC = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
             "v": "\v", "\\": "\\"}


def _escapes(s: str, printf_b: bool = False, fmt: bool = False) -> tuple[str, bool]:
    """Backslash escapes of ``echo -e`` / ``printf %b`` / (``fmt``) a printf format;
    (text, stop-output seen). bash's ansicstr (echo) and printf.def ``tescape``: a
    format's octal is ``\\`` and up to three digits (``\\0101`` is ``\\010`` and
    ``1``), ``%b``'s ``\\0`` and up to three more; a format's ``\\" \\' \\?`` are
    the character alone."""
    out = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        d = s[i + 1]
        if d in _ECHO_ESC:
            out.append(_ECHO_ESC[d])
            i += 2
        elif fmt and d in "\"'?":
            out.append(d)
            i += 2
        elif fmt and d in "01234567":
            m = re.match(r"[0-7]{1,3}", s[i + 1:])
            out.append(byte_char(int(m.group(), 8) & 0xFF))
            i += 1 + len(m.group())
        elif d == "c" and not fmt:
            return "".join(out), True
        elif d == "0" or (printf_b and d in "01234567"):
            m = re.match(r"0?[0-7]{0,3}" if d == "0" else r"[0-7]{1,3}", s[i + 1:])
            digits = m.group()
            digits = digits[1:] if d == "0" and len(digits) > 1 and printf_b is False else digits
            out.append(byte_char(int(digits or "0", 8) & 0xFF))
            i += 1 + len(m.group())
        elif d == "x":
            m = re.match(r"[0-9a-fA-F]{1,2}", s[i + 2:])
            if m:
                out.append(byte_char(int(m.group(), 16)))
                i += 2 + len(m.group())
            else:
                out.append("\\x")
                i += 2
        elif d in "uU" and (u := unicode_escape(s, i)) is not None:
            out.append(u[0])
            i = u[1]
        else:
            out.append(c + d)
            i += 2
    return "".join(out), False


@builtin("echo")
def bi_echo(sh, argv) -> int:
    """``echo [-neE] ARG...``: bash's (echo.def), or busybox sh's, the applet's
    (commands/bbprintf.py)."""
    if sh.dialect.applets:
        _out(sh, sh.dialect.echo(argv[1:]))
        return 0
    args = argv[1:]
    newline = True
    esc = "xpg_echo" in sh.shopts       # echo.def: do_v9 = xpg_echo
    while args and len(args[0]) > 1 and args[0][0] == "-" and all(c in "neE" for c in args[0][1:]):
        for c in args[0][1:]:
            if c == "n":
                newline = False
            elif c == "e":
                esc = True
            else:
                esc = False
        args = args[1:]
    s = " ".join(args)
    if esc:
        s, stop = _escapes(s)
        if stop:
            newline = False
    if newline:
        s += "\n"
    _out(sh, s)
    return 0


#: a conversion (flags, width, precision, length, conversion or ``%(FMT)T``), or
#: what printf.def refuses: a conversion character it does not know (the last
#: group; ``%1$s``'s ``$``), or none before the format's end (the group empty)
_FMT = LazyPattern(r"%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?(?:(hh|h|ll|l|L|q|j|z|t)?"
                   r"([diouxXeEfFgGcsbq%])|\(([^)]*)\)T|(?:hh|h|ll|l|L|q|j|z|t)?([\s\S]?))")


#: ``INTMAX_MAX`` and ``UINTMAX_MAX`` of a 64-bit build: strtoimax's and strtoumax's range
_INTMAX = (1 << 63) - 1
_UINTMAX = (1 << 64) - 1


#: strtoimax's reading in base 0 (leading white space, a sign, 0x and hex digits, 0
#: and octal digits, or decimal ones)
_STRTOIMAX = re.compile(r"[ \t\n\v\f\r]*([+-]?)(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))?")


def _num(sh, s: str, name: str, errs: list, unsigned: bool = False) -> int:
    """printf.def ``getintmax`` (``unsigned``: ``getuintmax``): strtoimax/strtoumax of
    ``s`` in base 0; a trailing non-digit is "invalid number" (the value read so far,
    status 1); a value out of range is clamped with a warning (``printf_erange``,
    status unchanged); strtoumax wraps a negative value."""
    if s.isdigit() and (s[0] != "0" or len(s) == 1) and len(s) < 19:
        return int(s)
    if not s:
        return 0
    if s[0] in "'\"":
        return ord(s[1]) if len(s) > 1 else 0
    m = _STRTOIMAX.match(s)
    hexa, octal, dec = m.group(2, 3, 4)
    v = int(hexa, 16) if hexa else int(octal, 8) if octal else int(dec) if dec else 0
    if m.group(1) == "-":
        v = -v
    if m.end() < len(s) or not (hexa or octal or dec):
        # common.c sh_invalidnum, on the word as given; the value read so far
        sh.err(f"{name}: {s}: " + ("invalid octal number" if s[0] == "0" and s[1:2].isdigit() else
                                   "invalid hex number" if s[:2] == "0x" else "invalid number"))
        errs.append(1)
        return v
    if unsigned:
        if -_UINTMAX <= v <= _UINTMAX:
            return v & _UINTMAX
        v = _UINTMAX
    elif -_INTMAX - 1 <= v <= _INTMAX:
        return v
    else:
        v = _INTMAX if v > 0 else -_INTMAX - 1
    sh.err(f"{name}: warning: {s}: Numerical result out of range")
    return v


def _float(sh, s: str, name: str, errs: list) -> float:
    try:
        return float(s) if s.strip() else 0.0
    except ValueError:
        sh.err(f"{name}: {s}: invalid number")
        errs.append(1)
        return 0.0


def _strftime(sh, timefmt: str, arg: str | None, errs: list) -> str:
    """printf's ``%(FMT)T`` (printf.def): strftime of ``arg`` seconds since the epoch,
    -1 (or no argument) the time now, -2 the shell's start; an empty FMT is ``%X``.
    The model's clock is UTC from BOOT_EPOCH."""
    secs = -1 if arg is None else _num(sh, arg, "printf", errs)
    if secs == -1:
        secs = int(BOOT_EPOCH + sh.sys.now)
    elif secs == -2:
        secs = int(BOOT_EPOCH + sh.start_time)
    try:
        return time.strftime(timefmt or "%X", time.gmtime(secs))
    except (OverflowError, ValueError, OSError):
        return ""


_FMT_CACHE: dict[str, tuple[list, str, bool]] = {}


def _parse_format(fmt: str) -> tuple[list, str, bool]:
    """([(literal before, stop, spec groups)], trailing literal, trailing stop), cached."""
    r = _FMT_CACHE.get(fmt)
    if r is None:
        items = []
        pos = 0
        for m in _FMT.finditer(fmt):
            lit, stop = _escapes(fmt[pos:m.start()], printf_b=True, fmt=True)
            items.append((lit, stop, m.groups()))
            pos = m.end()
        tail, tstop = _escapes(fmt[pos:], printf_b=True, fmt=True)
        r = (items, tail, tstop)
        if len(_FMT_CACHE) > 1024:
            _FMT_CACHE.clear()
        _FMT_CACHE[fmt] = r
    return r


def format_printf(sh, fmt: str, args: list[str], stdout: bool = False) -> tuple[str, int]:
    """bash ``printf``: the format is reused until the arguments are consumed.
    ``stdout``: the text goes there (not to ``-v``'s NAME), so the lines formatted
    before an error are written before its message (line buffering, :func:`_out`)."""
    out: list[str] = []
    errs: list[int] = []
    items, tail, tstop = _parse_format(fmt)
    ai = 0
    while True:
        consumed_any = False
        stop = False
        for lit, stop, groups in items:
            out.append(lit)
            if stop:
                break
            flags, width, prec, _len, conv, timefmt, bad = groups
            if conv == "%":
                if not (flags or width or prec is not None or _len):
                    out.append("%")
                    continue
                bad = "%"       # only "%%" is a literal %: "%5%" is a conversion
            if bad is not None:
                # printf.def: builtin_error and PRETURN (EXECUTION_FAILURE): what
                # was formatted so far is output (or assigned to -v's NAME)
                if stdout:
                    done = "".join(out)
                    j = done.rfind("\n") + 1
                    _out(sh, done[:j])
                    out = [done[j:]]
                if bad:
                    sh.err(f"printf: `{bad}': invalid format character")
                else:
                    sh.err(f"printf: `{fmt[fmt.rindex('%'):]}': missing format character")
                errs.append(1)
                stop = True
                break
            if width == "*":
                width = str(_num(sh, args[ai], "printf", errs)) if ai < len(args) else "0"
                ai += ai < len(args)
            if prec == "*":
                prec = str(_num(sh, args[ai], "printf", errs)) if ai < len(args) else "0"
                ai += ai < len(args)
            has_arg = ai < len(args)
            arg = args[ai] if has_arg else None
            if has_arg:
                ai += 1
                consumed_any = True
            spec = "%" + flags.replace("'", "") + (width or "") + (("." + prec) if prec is not None else "")
            if conv is None:
                out.append((spec + "s") % _strftime(sh, timefmt, arg, errs))
            elif conv in "di":
                v = _num(sh, arg, "printf", errs) if arg is not None else 0
                out.append((spec + "d") % v)
            elif conv in "ouxX":
                v = _num(sh, arg, "printf", errs, unsigned=True) if arg is not None else 0
                if conv == "o" and "#" in flags:
                    # C's ``%#o`` raises the precision until the first digit is a
                    # 0 (Python's ``#`` writes ``0o``)
                    nd = len(f"{v:o}")
                    p = int(prec) if prec else 0
                    spec = spec.split(".")[0].replace("#", "") + (
                        "." + str(p if p > nd else nd + 1) if v else "")
                out.append((spec + ("d" if conv == "u" else conv)) % v)
            elif conv in "eEfFgG":
                v = _float(sh, arg, "printf", errs) if arg is not None else 0.0
                out.append((spec + conv) % v)
            elif conv == "c":
                out.append((spec.split(".")[0] + "s") % ((arg or "")[:1]))
            elif conv == "b":
                s, stop = _escapes(arg or "", printf_b=True)
                out.append((spec + "s") % s)
                if stop:
                    break
            elif conv == "q":
                out.append((spec + "s") % printf_q(arg or ""))
            else:
                out.append((spec + "s") % (arg if arg is not None else ""))
        if stop:
            break
        out.append(tail)
        if tstop or not consumed_any or ai >= len(args):
            break
    return "".join(out), (1 if errs else 0)


def assign_target(sh, target: str, value: str) -> None:
    """Assign to ``NAME`` or ``NAME[SUB]`` (``printf -v``, ``read``): SUB is an
    arithmetic index, or the key of an associative array."""
    if not target.endswith("]"):
        sh.assign(target, value)
        return
    name, sub = target[:-1].split("[", 1)
    arr = sh.get_array(name)
    if type(arr) is Assoc:
        sh.assign_element(name, sub, value)
        return
    idx = element_index(sh, arr or {}, sh.arith(sub))
    if idx < 0:
        sh.err(f"{name}[{sub}]: bad array subscript")
        raise ShellError(1)
    sh.assign_element(name, idx, value)


@builtin("printf")
def bi_printf(sh, argv) -> int:
    """``printf [-v VAR] FORMAT ARG...``: bash's (printf.def), or busybox sh's, the
    applet's (commands/bbprintf.py: no ``-v``; a write error unreported)."""
    args = argv[1:]
    if sh.dialect.applets:
        text, st = sh.dialect.printf(sh, args)
        _out(sh, text)
        return st
    var = None
    # printf.def: internal_getopt (list, "v:"), any other option builtin_usage's
    while args and args[0][:1] == "-" and args[0] != "-":
        a = args.pop(0)
        if a == "--":
            break
        if a[1] != "v":
            sh.err(f"printf: -{a[1]}: invalid option")
            builtin_usage(sh, "printf")
            return 2
        if len(a) > 2:
            var = a[2:]
        elif args:
            var = args.pop(0)
        else:
            sh.err("printf: -v: option requires an argument")
            builtin_usage(sh, "printf")
            return 2
    if not args:
        builtin_usage(sh, "printf")
        return 2
    if var is not None and not _valid_name(var.split("[", 1)[0] if var.endswith("]") else var):
        sh.err(f"printf: `{var}': not a valid identifier")
        return 2
    s, st = format_printf(sh, args[0], args[1:], var is None)
    if var is not None:
        if not args[0]:
            # the buffer is made at the option (xmalloc (vbsize = 16)); an empty
            # format binds "" at once
            if sh.printf_vbuf is None:
                sh.printf_vbuf = sh.heap.malloc(16, 1), 16
            assign_target(sh, var, s)
            return st
        vbuf = printf_vbuf(sh, len(s))
        sh.store_src = vbuf[0]
        try:
            assign_target(sh, var, s)
        finally:
            sh.store_src = None
        printf_return(sh, vbuf)
    else:
        _out(sh, s)
    return st


# -- test / [ ---------------------------------------------------------------------------------
def _test(sh, args: list[str], name: str) -> int:
    """bash's ``test``: test.c's grammar (shell/bashtest.py), the shell's operators;
    busybox sh's is the applet's (commands/bbtest.py)."""
    if sh.dialect.applets:
        return sh.dialect.test(sh, args, name)
    p = bashtest.BashTest(args, sh.test_unary, lambda x, op, y: sh.test_binary(op, x, y, name=name))
    try:
        return 0 if p.run() else 1
    except testexpr.TestSyntax as e:
        sh.err(f"{name}: {e}")
        return 2
    except ShellError as e:
        return e.status


@builtin("test")
def bi_test(sh, argv) -> int:
    return _test(sh, argv[1:], "test")


@builtin("[")
def bi_bracket(sh, argv) -> int:
    if sh.dialect.applets:
        return _test(sh, argv[1:], "[")
    if argv[-1] != "]":
        sh.err("[: missing `]'")
        return 2
    return _test(sh, argv[1:-1], "[")


def bi_dbracket(sh, argv) -> int:
    """busybox sh's ``[[``: ``testcmd`` run as ``[[`` (ash.c BASH_TEST2; the
    applet's grammar, commands/bbtest.py); bash's is a keyword (nodes.Cond), not in
    its table (``$x [[`` with x empty is a command not found)."""
    return sh.dialect.test(sh, argv[1:], "[[")


#: builtins of the ash family only (its tables take them with :data:`BUILTINS`')
ASH_ONLY = {"[[": (bi_dbracket, False)}


# -- variables ---------------------------------------------------------------------------------
def _split_assign(a: str) -> tuple[str, str | None, bool]:
    eq = a.find("=")
    if eq < 0:
        return a, None, False
    if eq > 0 and a[eq - 1] == "+":
        return a[:eq - 1], a[eq + 1:], True
    return a[:eq], a[eq + 1:], False


def _valid_name(n: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n))


@builtin("export")
def bi_export(sh, argv) -> int:
    """``export [-fn] [-p] NAME[=VALUE]...``; ``-f``: the names are functions,
    passed to the commands run as ``BASH_FUNC_NAME%%`` (builtins/setattr.def)."""
    st = 0
    unexport = False
    if any(a[:1] == "-" and "f" in a for a in argv[1:]):
        return _export_functions(sh, argv)
    if all(a in ("-p", "--") for a in argv[1:]):
        if sh.dialect.ash_listings:
            _out(sh, ash.showvars(sh, "export", sh.exported))
            return 0
        return _declare_all(sh, "x")        # export, export -p: the exported variables
    for a in argv[1:]:
        if a == "-p":
            continue
        if a == "-n":
            unexport = True
            continue
        if a == "--":
            continue
        name, val, app = _split_assign(a)
        if not _valid_name(name) and sh.dialect.ash_errors:
            raise ash.fatal(sh, f"{name}: bad variable name", "export")    # setvar
        if not _valid_name(name):
            sh.err(f"export: `{a}': not a valid identifier")
            st = 1
            continue
        if val is not None:
            if sh.xtrace:   # do_assignment_no_expand
                xtrace.assignment(sh, name + ("+" if app else ""), val)
            sh.assign(name, val, app)
        elif name == "RANDOM":
            sh.get(name)        # find_variable runs the dynamic variable's function: a draw
        if unexport:
            sh.exported.discard(name)
        else:
            sh.exported.add(name)
        sh.export_changed()
    return st


def _export_functions(sh, argv) -> int:
    unexport = any(a[:1] == "-" and "n" in a for a in argv[1:])
    names = [a for a in argv[1:] if a[:1] != "-"]
    if not names:       # export -f alone: the exported functions' definitions
        for n in sorted(sh.exported_funcs):
            if n in sh.funcs:
                _declare_print(sh, "declare", [n], "f")
                _out(sh, f"declare -fx {n}\n")
        return 0
    st = 0
    for n in names:
        if n not in sh.funcs:
            sh.err(f"export: {n}: not a function")
            st = 1
        elif unexport:
            sh.exported_funcs = tuple(f for f in sh.exported_funcs if f != n)
        elif n not in sh.exported_funcs:
            sh.exported_funcs += (n,)
    sh.export_changed()
    return st


@builtin("readonly")
def bi_readonly(sh, argv) -> int:
    """``readonly [-p] NAME[=VALUE]...``: ``declare -r`` in the global scope."""
    args = [a for a in argv[1:] if a not in ("-a", "-A", "--")]
    if sh.dialect.ash_errors:
        for a in args:
            name = _split_assign(a)[0]
            if a != "-p" and not _valid_name(name):
                raise ash.fatal(sh, f"{name}: bad variable name", "readonly")    # setvar
    if not args or args == ["-p"]:
        if sh.dialect.ash_listings:
            _out(sh, ash.showvars(sh, "readonly", {k[len(RO_ATTR):] for k in sh.scopes[0]
                                                   if k.startswith(RO_ATTR)}))
            return 0
        return _declare_all(sh, "r")
    return _declare(sh, ["readonly", "-r"] + args, local=False)


@builtin("local")
def bi_local(sh, argv) -> int:
    if not sh.funcnames:
        if sh.dialect.ash_errors:
            # ash.c localcmd: a special builtin's error ends the shell
            raise ash.fatal(sh, "not in a function", "local")
        sh.err("local: can only be used in a function")
        return 1
    if sh.dialect.ash_listings and len(argv) == 1:
        return 0        # ash.c/dash localcmd: no names, nothing listed
    if sh.dialect.local_keeps_value:
        # dash var.c mklocal: a NAME without ``=`` keeps its value in the function
        argv = [argv[0]] + [a if "=" in a or a[:1] == "-" or not isinstance(v := sh._var(a), str)
                            else f"{a}={v}" for a in argv[1:]]
    return _declare(sh, argv, local=True)


@builtin("declare", "typeset")
def bi_declare(sh, argv) -> int:
    return _declare(sh, argv, local=bool(sh.funcnames))


def _declare(sh, argv, local: bool) -> int:
    opts = "".join(a[1:] for a in argv[1:] if a[:1] == "-" and len(a) > 1 and "=" not in a)
    if argv[0] == "local" and opts.strip("p") == "" and all(
            a[:1] == "-" and len(a) > 1 for a in argv[1:]):
        # ``local`` or ``local -p`` without names: the running function's own
        # variables (declare.def: ``all_local_variables``)
        return _declare_all(sh, "", local_only=True)
    if "t" in opts and "p" not in opts:
        # the trace attribute (a function inherits the RETURN trap): not modelled
        raise RuntimeUnsupported(f"{argv[0]} -t", sh.lineno)
    if "p" in opts or "F" in opts or "f" in opts:
        names = [a for a in argv[1:] if a[:1] not in "-+" or len(a) == 1 or "=" in a]
        if not names and "F" not in opts and "f" not in opts:
            return _declare_all(sh, "".join(c for c in opts if c in "aAirx"))
        if not names and "f" in opts and "x" in opts:
            return _export_functions(sh, ["export", "-f"])
        return _declare_print(sh, argv[0], names or sorted(sh.funcs),
                              "F" if "F" in opts else "f" if "f" in opts else "", not names)
    if opts and not any(a[:1] not in "-+" or len(a) == 1 for a in argv[1:]) and opts.strip("aAirx") == "":
        return _declare_all(sh, opts)       # declare -x, -r...: the variables with those attributes
    st = 0
    export = assoc = indexed = integer = ro = ref = False
    #: ``+x``, ``+i``: the attribute taken off (declare.def: ``flags_off``)
    unexport = unint = False
    case: tuple[str, bool] | None = None
    for a in argv[1:]:
        if a.startswith(("-", "+")) and "=" not in a and len(a) > 1:
            for c in a[1:]:
                if c == "r":
                    ro = a[0] == "-"
                if c == "n":
                    ref = a[0] == "-"
                if c == "A":
                    assoc = a[0] == "-"
                if c == "a":
                    indexed = a[0] == "-"
                if c in "lu":
                    case = (c, a[0] == "-")
                if c == "i":
                    integer = a[0] == "-"
                    unint = a[0] == "+"
                if c == "g":
                    local = False
                if c == "x":
                    export = a[0] == "-"
                    unexport = a[0] == "+"

            continue
        if a == "-" and local and argv[0] == "local":
            # bash 4.4's `local -`: the options set -o shows are the function's own,
            # restored when it returns (variables.c make_local_variable "-")
            sh.scopes[-1].setdefault(LOCAL_OPTS, tuple(getattr(sh, o) for o in SET_OPTIONS))
            continue
        name, val, app = _split_assign(a)
        if not _valid_name(name):
            sh.err(f"{argv[0]}: `{a}': not a valid identifier")
            st = 1
            continue
        scope = sh.scopes[-1] if local else sh.scopes[0]
        if ref:
            if val is not None and not _valid_name(val.split("[", 1)[0]):
                sh.err(f"{argv[0]}: `{val}': invalid variable name for name reference")
                st = 1
                continue
            sh.scopes[0][NAMEREFS] = True
            scope[REF_ATTR + name] = True
            if val is not None:
                scope[name] = val
            elif name not in scope:
                scope[name] = None
            continue
        if sh.xtrace and val is not None and argv[0] == "readonly":
            xtrace.assignment(sh, name + ("+" if app else ""), val)     # do_assignment_no_expand
        if sh.has_attr(RO_ATTR, name) and (val is not None or local or not ro):
            sh.err(f"{name}: readonly variable" if argv[0] in ("readonly", "export")
                   else f"{argv[0]}: {name}: readonly variable")
            st = 1
            continue
        if case is not None:
            d = sh.scopes[-1] if local else sh.scopes[0]
            d.pop(LOWER_ATTR + name, None)
            d.pop(UPPER_ATTR + name, None)
            if case[1]:         # -l and -u exclude each other; +l/+u clear
                d[(LOWER_ATTR if case[0] == "l" else UPPER_ATTR) + name] = True
                sh.scopes[0][CASEMAP] = True
            if val is not None:
                val = casemap(sh, name, val)
        if unint:
            (sh.scopes[-1] if local else sh.scopes[0]).pop(INT_ATTR + name, None)
        if integer:
            (sh.scopes[-1] if local else sh.scopes[0])[INT_ATTR + name] = True
            if val is not None:
                val = str(sh.arith(val) + (sh.arith(sh.get(name) or "0") if app else 0))
                app = False
        if assoc:
            cur = sh.scopes[-1].get(name) if local else sh._var(name)
            if val is not None:
                raise RuntimeUnsupported(f"{argv[0]} -A {name}=VALUE", sh.lineno)
            if type(cur) is not Assoc:
                if isinstance(cur, dict) and cur:
                    sh.err(f"{argv[0]}: {name}: cannot convert indexed to associative array")
                    st = 1
                    continue
                new = Assoc()
                if type(cur) is str and not local:
                    # convert_var_to_assoc: the value is element "0" (a local's,
                    # make_local_assoc_variable, is disposed of)
                    new["0"] = cur
                if local:
                    sh.scopes[-1][name] = new
                else:
                    sh.setvar(name, new)
                if cur is None or isinstance(cur, dict):
                    _invisible(sh, name, local)
        elif indexed and val is None and not isinstance(
                cur := sh.scopes[-1].get(name) if local else sh._var(name), dict):
            if cur is not None:         # a scalar becomes element 0 (convert_var_to_array)
                sh.assign_array(name, [cur])
            elif local:
                sh.scopes[-1][name] = {}
                _invisible(sh, name, local)
            else:
                sh.setvar(name, {})
                _invisible(sh, name, local)
        elif local:
            scope = sh.scopes[-1]
            if app:
                val = (sh.get(name) or "") + (val or "")
            if val is None:
                if name not in scope:
                    scope[name] = None
            else:
                scope[name] = val
        elif val is not None:
            sh.assign(name, val, app)
        elif not any(name in d for d in sh.scopes):
            sh.scopes[0][name] = None       # declared, no value: unset, yet declare -p shows it
        if export or sh.allexport and val is not None:      # set -a: bind_variable_value's
            sh.exported.add(name)
        elif unexport and name in sh.exported:
            sh.exported.discard(name)
            sh.export_changed()
        if ro:
            if sh.decl_ro is not None and name in sh.decl_ro:
                sh.decl_ro[name] = scope     # readonly once its array is assigned
                continue
            scope[RO_ATTR + name] = True
            if name not in scope:
                scope[name] = sh.get(name)
    return st


def casemap(sh, name: str, value: str) -> str:
    """``value`` as ``declare -l``/``-u`` of ``name`` makes it (variables.c
    ``make_variable_value``: lower- or upper-cased)."""
    if sh.has_attr(LOWER_ATTR, name):
        return value.lower()
    if sh.has_attr(UPPER_ATTR, name):
        return value.upper()
    return value


def _invisible(sh, name: str, local: bool) -> None:
    """Mark ``name``'s new empty array ``att_invisible`` (declared, no value yet)."""
    (sh.scopes[-1] if local else sh._scope(name))[INVIS_ATTR + name] = True
    sh.scopes[0][INVISIBLE] = True


def _declare_print(sh, cmd: str, names: list[str], functions: str, every: bool = False) -> int:
    """``declare -p NAME...`` (each variable as a ``declare`` command that remakes
    it: its attributes ``var_attribute_string`` orders, its value quoted),
    ``declare -f [NAME...]`` (the functions' definitions, ``named_function_string``)
    and ``declare -F [NAME...]`` (their names; ``declare -f NAME`` for all); a name
    that is not a function makes the status 1, silently; as bash 5.2's
    builtins/declare.def and print_var_value do."""
    from .printcmd import function_string     # printcmd -> nodes -> builtins
    st = 0
    for name in names:
        if functions:
            body = sh.funcs.get(name)
            if body is None:
                st = 1
            elif functions == "f":
                _out(sh, function_string(name, body) + "\n")
                if every and name in sh.exported_funcs:
                    _out(sh, f"declare -fx {name}\n")
            else:
                _out(sh, f"declare -f{'x' if name in sh.exported_funcs else ''} {name}\n"
                     if every else name + "\n")
            continue
        if name in _SPECIAL_VARS:
            raise RuntimeUnsupported(f"{cmd} -p {name}", sh.lineno)
        line = _declare_line(sh, name) if name != "_" else f"declare -- _={quote_value(sh.lastarg)}"
        if line is None and name in _DYNAMIC_LINES and name not in sh.rand.undyn:
            if name in _NAMED_COMPUTED:
                raise RuntimeUnsupported(f"{cmd} -p {name}", sh.lineno)
            if name in ("GROUPS", "DIRSTACK"):      # find_variable runs their functions
                line = f"declare -a {name}=([0]={quote_value(sh.special(name))})"
            elif name == "BASH_ARGV0":
                line = f"declare -- BASH_ARGV0={quote_value(sh.arg0)}"
            else:
                if name in ("BASH_SUBSHELL", "BASH_ARGV", "BASH_ARGC"):
                    sh.special(name)        # find_variable runs their functions
                line = _dynamic_line(sh, name)
        if line is None:
            sh.err(f"{cmd}: {name}: not found")
            st = 1
            continue
        _out(sh, line + "\n")
    return st


def _declare_line(sh, name: str, shell_only: bool = False) -> str | None:
    """The ``declare`` command that remakes variable ``name`` (None if there is
    none): its attributes in ``var_attribute_string``'s order, its value quoted
    (``print_var_value``, ``print_array_assignment``); no value while it is
    declared without one. ``shell_only``: not a prefix assignment's
    (``all_shell_variables`` does not walk the temporary environment)."""
    for scope in reversed(sh.scopes):
        if name in scope and not (shell_only and name in scope.get(TEMPENV, ())):
            break
    else:
        return None
    v = scope[name]
    flags = ("a" if type(v) is dict else "A" if type(v) is Assoc else "") + "".join(
        f for f, key in (("i", INT_ATTR), ("n", REF_ATTR), ("r", RO_ATTR))
        if key + name in scope)
    if name in sh.exported or name in scope.get(TEMPENV, ()):
        flags += "x"
    flags += "l" if LOWER_ATTR + name in scope else "u" if UPPER_ATTR + name in scope else ""
    line = f"declare -{flags or '-'} {name}"
    if INVIS_ATTR + name in scope:
        pass
    elif type(v) is dict:
        line += "=(" + " ".join(f"[{i}]={quote_value(v[i])}" for i in sorted(v)) + ")"
    elif type(v) is Assoc:
        line += "=(" + "".join(
            f"[{double_quote(k) if contains_shell_metas(k) else k}]={quote_value(v[k])} "
            for k in v.ordered()) + ")"
    elif v is not None:
        line += "=" + quote_value(v)
    return line


def _declare_all(sh, filters: str, local_only: bool = False) -> int:
    """``declare -p``, ``declare -x``/``-r``/``-i``/``-a``/``-A``, ``export -p``,
    ``readonly -p`` without names: every variable set or declared (having each
    attribute of ``filters``), sorted by name as bash's ``sort_variables``,
    the ones the shell computes as bash 5.2 prints them; ``local_only``: the
    running function's locals alone."""
    if local_only:
        names = {k for k in sh.scopes[-1] if k[0] != "\0"}
    else:
        names = {k for d in sh.scopes for k in d if k[0] != "\0"} | _DYNAMIC_LINES.keys()
    names.discard("_")
    for name in sorted(names):
        if name in _SPECIAL_VARS or name in _DYNAMIC_LINES and _declare_line(sh, name, True) is None:
            line = _dynamic_line(sh, name)
            if line is None:
                continue
        else:
            line = _declare_line(sh, name, True)
            if line is None:
                continue
        attrs = line[9:line.index(" ", 9)]
        if not filters or any(f in attrs for f in filters):
            _out(sh, line + "\n")
    if not filters and not local_only:
        _out(sh, f"declare -- _={quote_value(sh.lastarg)}\n")
    return 0


def variable_names(sh) -> set[str]:
    """Every variable's name ``${!PREFIX*}`` matches: those set, and the ones bash
    makes at start-up or computes (``_DYNAMIC_LINES``)."""
    return sh.var_names() | _DYNAMIC_LINES.keys()


def _dynamic_line(sh, name: str) -> str | None:
    """``declare -p``'s line for a variable the shell computes (its value is not
    printed, bar the readonly ids and the arrays bash keeps set)."""
    if name in sh.rand.undyn:
        return _declare_line(sh, name)
    fmt = _DYNAMIC_LINES.get(name)
    if fmt is None:
        return None
    if name == "FUNCNAME" and sh.funcnames:
        return "declare -a FUNCNAME=(" + " ".join(
            f"[{i}]={quote_value(f)}" for i, f in enumerate(sh.call_frames(0))) + ")"
    if name == "BASH_SUBSHELL" and sh.subshell_cell is not None:
        return f"{fmt}={quote_value(sh.subshell_cell)}"     # the cell get_subshell wrote
    if "{" in fmt:
        if name == "BASH_ARGV" or name == "BASH_ARGC":
            # the arrays as they are: a listing runs no get_bash_argv
            arr = dict(enumerate(sh.argstack[1 if name == "BASH_ARGV" else 2]))
        else:
            arr = sh.get_array(name) or {} if "arr" in fmt else {}
        return fmt.format(ppid=sh.ppid(), arr=" ".join(
            f"[{i}]={quote_value(arr[i])}" for i in sorted(arr)),
            bashopts=quote_value(sh.special("BASHOPTS")), shellopts=quote_value(sh.special("SHELLOPTS")))
    return fmt


#: bash 5.2's ``declare -p`` lines of its dynamic variables (variables.c
#: ``initialize_dynamic_variables``: no value printed but for these)
_DYNAMIC_LINES = {
    "BASHPID": "declare -i BASHPID", "BASH_SOURCE": "declare -a BASH_SOURCE=({arr})",
    "EPOCHREALTIME": "declare -- EPOCHREALTIME", "EPOCHSECONDS": "declare -- EPOCHSECONDS",
    "EUID": 'declare -ir EUID="0"', "FUNCNAME": "declare -a FUNCNAME",
    "LINENO": "declare -- LINENO", "PIPESTATUS": "declare -a PIPESTATUS=({arr})",
    "PPID": 'declare -ir PPID="{ppid}"', "RANDOM": "declare -i RANDOM",
    "SECONDS": "declare -- SECONDS", "SRANDOM": "declare -i SRANDOM", "UID": 'declare -ir UID="0"',
    # the rest of bash's start-up variables (initialize_shell_variables) that the
    # model computes or keeps no value cell for
    "BASHOPTS": "declare -r BASHOPTS={bashopts}", "SHELLOPTS": "declare -r SHELLOPTS={shellopts}",
    "BASH_ALIASES": "declare -A BASH_ALIASES=()", "BASH_ARGC": "declare -a BASH_ARGC=({arr})",
    "BASH_ARGV": "declare -a BASH_ARGV=({arr})", "BASH_ARGV0": "declare -- BASH_ARGV0",
    "BASH_CMDS": "declare -A BASH_CMDS=()", "BASH_COMMAND": "declare -- BASH_COMMAND",
    "BASH_LINENO": "declare -a BASH_LINENO=({arr})",
    "BASH_SUBSHELL": "declare -- BASH_SUBSHELL", "COMP_WORDBREAKS": "declare -- COMP_WORDBREAKS",
    "DIRSTACK": "declare -a DIRSTACK=()", "GROUPS": "declare -a GROUPS=()",
    "HISTCMD": "declare -i HISTCMD",
}


#: bash's variables whose value ``declare -p NAME`` computes (a dynamic value
#: function: the working directory, the groups, the arguments...), not modelled
_NAMED_COMPUTED = frozenset(("BASH_COMMAND", "COMP_WORDBREAKS",
                             "HISTCMD"))
#: variables.c's ``att_nounset`` arrays of the calls running
_NOUNSET = frozenset(("BASH_ARGV", "BASH_ARGC", "BASH_SOURCE", "BASH_LINENO"))
#: the variables the shell computes (``$RANDOM``, ``$LINENO``...): not printed by ``declare -p``
_SPECIAL_VARS = frozenset(("RANDOM", "SRANDOM", "LINENO", "SECONDS", "EPOCHSECONDS", "EPOCHREALTIME",
                           "BASHPID", "PIPESTATUS", "UID", "EUID", "PPID"))


def _set_line(sh, name: str) -> str:
    """A variable as ``set`` lists it (variables.c print_assignment): an array as
    ``declare -p`` writes its value, a string ``$'...'`` when a character is not
    printable, single-quoted when it holds a shell metacharacter
    (``sh_contains_shell_metas``: ``~`` first or after ``=``/``:``, ``#`` first), else
    as it is."""
    line = _declare_line(sh, name)
    if line is None and name in _DYNAMIC_LINES:
        # a variable bash computes lists its value cell: none for most (RANDOM,
        # LINENO...), the arrays bash keeps set, the readonly ids, BASHOPTS
        line = _dynamic_line(sh, name)
    if line is None or "=" not in line:
        return ""
    v = line.split(" ", 2)[2][len(name) + 1:]
    if v[:1] == "(":
        return f"{name}={v}\n"
    v = sh.get(name) or ""
    if needs_ansic(v):
        return f"{name}={ansic_quote(v)}\n"
    return f"{name}={single_quote(v) if contains_shell_metas(v) else v}\n"


@builtin("unset")
def bi_unset(sh, argv) -> int:
    funcs = refs = saw_v = False
    st = 0
    if sh.dialect.ash_errors:
        flag = ""
        for a in argv[1:]:
            if a[:1] == "-" and a not in ("-f", "-v"):
                return ash.bad_option(sh, a[1:2], "unset", True)
            if a[:1] == "-":
                flag = a[1]
            elif flag != "f" and not _valid_name(a):
                raise ash.fatal(sh, f"{a}: bad variable name", "unset")    # setvar
            elif a[:1] != "-" and sh.has_attr(RO_ATTR, a):
                raise ash.fatal(sh, f"{a}: is read only", "unset")    # ash.c unsetvar
    for a in argv[1:]:
        if a == "-f":
            funcs = True
            continue
        if a == "-v":
            funcs = False
            saw_v = True
            continue
        if a == "-n":
            refs = True
            continue
        if refs and sh.has_attr(REF_ATTR, a):
            for d in reversed(sh.scopes):
                if a in d:
                    d.pop(REF_ATTR + a, None)
                    d[a] = None if d is not sh.scopes[0] else d.pop(a)
                    d.pop(a) if d is sh.scopes[0] else None
                    break
            continue
        fn = funcs
        if not funcs and not sh.dialect.ash_errors and not _valid_name(
                a.split("[", 1)[0] if a.endswith("]") else a):
            # set.def unset_builtin: with -v an invalid name is an error; with
            # neither -f nor -v it can only be a function's
            if saw_v:
                sh.err(f"unset: `{a}': not a valid identifier")
                st = 1
                continue
            fn = True
        if not fn and sh.has_attr(RO_ATTR, sh.resolve(a.split("[", 1)[0])):
            sh.err(f"unset: {a}: cannot unset: readonly variable")
            st = 1
            continue
        if not fn and a in _NOUNSET:
            sh.err(f"unset: {a}: cannot unset")     # unset_builtin: non_unsettable_p
            st = 1
            continue
        if fn:
            if sh.funcs.pop(a, None) is not None and sh.hash_tables is not None:
                vartable.remove(sh, "functions", a)     # unbind_func's hash_remove
            sh.unbind_function_chunks(a)
            if a in sh.exported_funcs:
                sh.exported_funcs = tuple(f for f in sh.exported_funcs if f != a)
                sh.export_changed()
        elif a.endswith("]") and "[" in a:
            # unset 'NAME[IDX]': one element of an array
            name, sub = a[:-1].split("[", 1)
            arr = sh.get_array(name)
            if type(arr) is Assoc:
                sh.unset_element(name, arr, sub)
            elif arr is not None:
                idx = element_index(sh, arr, sh.arith(sub))
                if idx < 0:
                    # arrayfunc.c unbind_array_element: before the first element
                    sh.err(f"unset: [{sub}]: bad array subscript")
                    st = 1
                else:
                    sh.unset_element(name, arr, idx)
        else:
            sh.unsetvar(a)
            sh.exported.discard(a)
    return st


@builtin("shift")
def bi_shift(sh, argv) -> int:
    """``shift [N]``: bash's (shift.def), or the ash family's (ash.c/dash eval.c
    ``shiftcmd``: ``number``'s ``Illegal number`` ends the shell; past the
    parameters busybox's status 1, dash's ``can't shift that many`` error)."""
    n = 1
    if len(argv) > 1 and sh.dialect.ash_errors:
        n = ash.number(sh, argv[1], "shift")
    elif len(argv) > 1:
        n = legal_number(argv[1])       # get_numeric_arg
        if n is None:
            sh.err(f"shift: {argv[1]}: numeric argument required")
            return 1
    if n < 0 or n > len(sh.args):
        if sh.dialect.shift_error is not None:
            raise ash.fatal(sh, sh.dialect.shift_error, "shift")
        if n < 0 or "shift_verbose" in sh.shopts:
            # shift.def: a negative count always, one past $# with shift_verbose
            # (print_shift_error): sh_erange's "ARG: shift count out of range"
            sh.err(f"shift: {argv[1]}: shift count out of range" if len(argv) > 1
                   else "shift: shift count out of range")
        return 1
    sh.args = sh.args[n:]
    return 0


@builtin("set")
def bi_set(sh, argv) -> int:
    args = argv[1:]
    if not args:
        if sh.dialect.ash_listings:
            _out(sh, ash.showvars(sh, "", sh.var_names()))
            return 0
        _out(sh, "".join(map(partial(_set_line, sh), sorted(variable_names(sh)))))
        return 0
    opts = {"a": "allexport", "e": "errexit", "u": "nounset", "x": "xtrace", "E": "errtrace", "C": "noclobber",
            "T": "functrace", "f": "noglob", "v": "verbose", "b": "notify"}
    long = {o: o for o in SET_OPTIONS}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            sh.args = args[i + 1:]
            return 0
        if a in ("-o", "+o"):
            if i + 1 >= len(args):
                _out(sh, sh.dialect.set_o_listing(sh, a[0] == "+") if sh.dialect.ash_listings
                     else _set_o_listing(sh, a[0] == "+"))
                return 0
            name = args[i + 1]
            if sh.dialect.set_o_names is not None and name not in sh.dialect.set_o_names:
                if sh.dialect.set_o_error_ends:
                    # options.c minus_o → setoption: sh_error, a special builtin's: the
                    # shell ends
                    raise ash.fatal(sh, f"{sh.dialect.bad_option('o')} {name}", "set")
                ash.msg(sh, f"{sh.dialect.bad_option('o', a[0])} {name}", "set")   # plus_minus_o
                return 1
            if name not in long:
                if name == "monitor":
                    jobcontrol.set_job_control(sh, a[0] == "-")
                    i += 2
                    continue
                if name in (sh.dialect.set_o_names or _ALL_SET_OPTIONS):
                    # a name the shell takes, an option the model does not keep
                    raise RuntimeUnsupported(f"set -o {name}", sh.lineno)
                sh.err(f"set: {name}: invalid option name")
                return 2
            setattr(sh, long[name], a[0] == "-")
            i += 2
            continue
        if a[:1] in ("-", "+") and len(a) > 1:
            on = a[0] == "-"
            letters = sh.dialect.set_letters
            j = 1
            while j < len(a):
                c = a[j]
                if c == "o":
                    if i + 1 >= len(args) or args[i + 1] not in long:
                        sh.err(f"set: {args[i + 1] if i + 1 < len(args) else ''}: invalid option name")
                        return 2
                    setattr(sh, long[args[i + 1]], on)
                    i += 1
                elif letters is not None and c not in letters:
                    # ash.c/dash options.c setoption: sh_error, a special builtin's:
                    # the shell ends
                    raise ash.fatal(sh, sh.dialect.bad_option(c, a[0]), "set")
                elif c in opts and (letters is None or c in sh.dialect.set_letters_kept):
                    setattr(sh, opts[c], on)
                elif c == "m":
                    jobcontrol.set_job_control(sh, on)
                elif c in "hBH" and letters is None:
                    pass
                else:
                    if c in "nPkt" or letters is not None:
                        raise RuntimeUnsupported(f"set {a[0]}{c}", sh.lineno)
                    # (bash's internal_getopt refused the others before: bashgetopt)
                    sh.err(f"set: {a[0]}{c}: invalid option")
                    return 2
                j += 1
            i += 1
            continue
        sh.args = args[i:]
        return 0
    return 0


#: every ``set -o`` option of bash 5.2 in its listing's order (flags.c ``o_options``),
#: those the model has not at their non-interactive script's values
_ALL_SET_OPTIONS = ("allexport", "braceexpand", "emacs", "errexit", "errtrace", "functrace",
                    "hashall", "histexpand", "history", "ignoreeof", "interactive-comments",
                    "keyword", "monitor", "noclobber", "noexec", "noglob", "nolog", "notify",
                    "nounset", "onecmd", "physical", "pipefail", "posix", "privileged",
                    "verbose", "vi", "xtrace")
_SET_OPTIONS_ON = frozenset(("braceexpand", "hashall", "interactive-comments"))


def set_o_value(sh, name: str) -> bool | None:
    """A ``set -o`` option's value (flags.c ``minus_o_option_value``), None for
    a name it has not."""
    if name not in _ALL_SET_OPTIONS:
        return None
    return getattr(sh, name) if name in SET_OPTIONS or name == "monitor" else name in _SET_OPTIONS_ON


def _set_o(sh, name: str, on: bool) -> bool:
    """``set -o NAME`` / ``set +o NAME`` (set.def ``set_minus_o_option``); False
    for a name it has not."""
    if name in SET_OPTIONS:
        setattr(sh, name, on)
    elif name == "monitor":
        jobcontrol.set_job_control(sh, on)
    elif name in _ALL_SET_OPTIONS:
        if on != (name in _SET_OPTIONS_ON):
            raise RuntimeUnsupported(f"set {'-' if on else '+'}o {name}", sh.lineno)
    else:
        return False
    return True


def _set_o_listing(sh, reusable: bool, only: bool | None = None) -> str:
    """``set -o`` (``NAME<pad>\ton``) or ``set +o`` (``set -o NAME`` for each on,
    ``set +o NAME`` for each off): builtins/set.def ``list_minus_o_opts``
    (``only``: those on, or off, alone)."""
    out = []
    for name in _ALL_SET_OPTIONS:
        on = set_o_value(sh, name)
        if only is not None and on != only:
            continue
        if reusable:
            out.append(f"set {'-' if on else '+'}o {name}\n")
        else:
            out.append(f"{name:<15}\t{'on' if on else 'off'}\n")
    return "".join(out)


# -- control -----------------------------------------------------------------------------------
def _status_arg(sh, argv, name: str, mask: int | None = 0xFF) -> int:
    """``exit``'s or ``return``'s status: its argument (``mask``: the bits kept;
    None: all, dash's ``return``), else ``$?``."""
    if len(argv) < 2:
        return sh.status
    if sh.dialect.ash_errors:
        n = ash.number(sh, argv[1], name)
        return n if mask is None else n & mask
    n = legal_number(argv[1])       # get_exitstat: legal_number (an intmax_t)
    if n is None:
        sh.err(f"{name}: {argv[1]}: numeric argument required")
        return 2
    return n & 0xFF


@builtin("exit")
def bi_exit(sh, argv) -> int:
    raise ExitShell(_status_arg(sh, argv, "exit"))


@builtin("return")
def bi_return(sh, argv) -> int:
    if not sh.funcnames and sh.source_depth == 0:
        if sh.dialect.ash_eval:
            # ash.c returncmd: evalskip ends the script's reading, with the status
            raise ExitShell(_status_arg(sh, argv, "return"))
        sh.err("return: can only `return' from a function or sourced script")
        return 2        # return.def: EX_USAGE
    raise Return(_status_arg(sh, argv, "return", sh.dialect.return_mask))


def _loop_n(sh, argv, name: str) -> int | None:
    """The loops ``break``/``continue`` leave, None when they do nothing (status 0).
    bash 5.2 builtins/break.def: ``check_loop_level`` first (outside a loop: the
    complaint, status 0, whatever the arguments), then ``get_numeric_arg (list, 1,
    ...)`` (common.c: a non-number is ``throw_to_top_level``'s, the shell's end with
    ``$? | 128``, sig.c; a second argument ``no_args``' DISCARD, the top-level
    command abandoned), and a count below 1 ``sh_erange`` with ``breaking =
    loop_level``: every loop ends, status 1. busybox sh (ash.c breakcmd): None
    for a bad count (status 1), no complaint outside a loop."""
    if sh.dialect.ash_eval:
        return ash.number(sh, argv[1], name, positive=True) if len(argv) > 1 else 1
    if sh.loop_depth == 0:
        sh.err(f"{name}: only meaningful in a `for', `while', or `until' loop")
        return None
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        return 1
    n = legal_number(args[0])
    if n is None:
        sh.err(f"{name}: {args[0]}: numeric argument required")
        raise ExitShell((sh.status | 128) & 0xFF)
    if len(args) > 1:
        sh.err(f"{name}: too many arguments")
        raise ShellError(sh.status or 1)
    if n < 1:
        sh.err(f"{name}: {args[0]}: loop count out of range")
        raise Break(sh.loop_depth, 1)
    return n


@builtin("break")
def bi_break(sh, argv) -> int:
    n = _loop_n(sh, argv, "break")
    if n is None:
        return 1 if sh.dialect.ash_eval else 0
    if sh.loop_depth == 0:
        return 0
    raise Break(min(n, sh.loop_depth))


@builtin("continue")
def bi_continue(sh, argv) -> int:
    n = _loop_n(sh, argv, "continue")
    if n is None:
        return 1 if sh.dialect.ash_eval else 0
    if sh.loop_depth == 0:
        return 0
    raise Continue(min(n, sh.loop_depth))


@builtin("let")
def bi_let(sh, argv) -> int:
    if len(argv) < 2:
        sh.err("let: expression expected")
        return 1
    v = 0
    for a in argv[1:]:
        try:
            v = sh.arith(a, "let: ", True)
        except ArithFailed:
            return 1        # let.def: evalexp failed, status 1
    return 0 if v else 1


def _run_text(sh, text: str, name: str, line0: int | None = None, cname: str | None = None):
    """Parse and run ``text`` (``parse_and_execute``), its first line numbered
    ``line0``, by default the current line (``eval``; dash's: 1, its
    ``setinputstring``). The ash family names ``cname`` (by default ``name``, the
    builtin: ``eval``; ``.``'s the file) in the messages of what it runs
    (``commandname``, ``evalbltin``'s)."""
    from .nodes import Seq, UnitSyntaxError
    from .parser import ParseError, Src, Unsupported, parse, parse_program
    if line0 is None:
        line0 = sh.lineno if sh.dialect.eval_line0 is None else sh.dialect.eval_line0
    syntax = None
    try:
        node = parse_program(Src(text, line0, sh.dialect.ash_grammar, sh.cond_stuck))
    except Unsupported as e:
        raise RuntimeUnsupported(e.what, sh.lineno) from None
    except ParseError as e:
        if not sh.dialect.ash_errors:
            return (yield from _bash_text_error(sh, text, e, name, line0))
        # the ash family's evalstring reads a command at a time: those before the
        # error run, then raise_error_syntax (EXERROR) ends the shell, the builtin
        # named (``ARG0: eval: line N: syntax error: ...``)
        from .interp import _syntax_error_site
        end, syntax = _syntax_error_site(text, e, sh.dialect.ash_grammar, False)
        node = parse(Src(text[:end], line0, sh.dialect.ash_grammar))
    if type(node) is Seq and node.ends is not None and (sh.dialect.verbose_strings or name != "eval"):
        node.source = verbose.Source(text, line0)
    dialect = sh.dialect
    if dialect.ash_errors:
        # this process's own copy: a subshell forked inside keeps the name
        sh.dialect = dialect.named(cname or name)
    sh.xlevel += 1      # parse_and_execute: one more level of PS4 in traces
    try:
        try:
            st = yield from node.run(sh)
        except UnitSyntaxError as e:
            # parse_and_execute's syntax error: reported, status 2, the caller on
            _text_error_lines(sh, name, [(m, e.line) for m in (e.msg, f"`{e.text}'")])
            sh.cond_stuck = False
            return 2
        if syntax is not None:
            sh.lineno = line0 + syntax[1] - 1
            raise ash.fatal(sh, dialect.syntax(syntax[0]), cname or name)
    finally:
        sh.xlevel -= 1
        sh.dialect = dialect
    return st


def _bash_text_error(sh, text: str, err, name: str, line0: int):
    """bash's ``parse_and_execute`` meeting a syntax error in an ``eval`` string or
    a sourced file: the commands of the lines before it run, then the error's
    report (``parser_error``: ``NAME: eval: line N:`` for eval, the file's
    ``FILE: line N:``; the input line for an unexpected token; a ``[[ ]]`` error's
    own lines), status 2 (EX_BADUSAGE), the caller going on."""
    from .interp import CondReport, _syntax_error_site
    from .parser import ParseError, Src, parse
    from .scan import CondError
    stuck = sh.cond_stuck
    if not text.endswith("\n"):
        # shell_getc gives the string's last line its newline
        text += "\n"
        try:
            parse(Src(text, line0, False, stuck))
        except ParseError as e:
            err = e
    # a [[ ]] error leaves the parser's state; yyerror's reset_parser clears it
    sh.cond_stuck = type(err) is CondError
    end, (msg, line, offending) = _syntax_error_site(text, err, False, stuck=stuck)
    yield from parse(Src(text[:end], line0, False, stuck)).run(sh)
    lines = (msg.shifted(line0 - 1).lines if type(msg) is CondReport else
             [(m, line0 + line - 1) for m in [msg] + ([f"`{offending}'"] if offending is not None else [])])
    _text_error_lines(sh, name, lines)
    return 2


def _text_error_lines(sh, name: str, lines: list) -> None:
    """``parser_error``'s lines (message, line number) for an ``eval`` string
    (``NAME: eval: line N:``) or a sourced file (its own name)."""
    for m, n in lines:
        sh.lineno = n
        if name == "eval":
            sh.stderr.write(f"{sh.err_name()}: eval: line {n}: {m}\n")
        else:
            sh.err(m)


@builtin("eval", gen=True)
def bi_eval(sh, argv):
    text = " ".join(argv[1:])
    if not text.strip():
        return 0
    return (yield from _run_text(sh, text, "eval"))


_DEV_FD_PATH = LazyPattern(r"/dev/(?:fd/(\d+)|stdin)")


def _source_file(sh, p: str) -> str:
    """source.def: a name without a ``/`` is looked up in PATH first with
    ``sourcepath`` (``find_path_file``: the first DIR/NAME that exists and is no
    directory: root reads any file), else it is taken as it is
    (``source_searches_cwd``)."""
    if "sourcepath" not in sh.shopts or "/" in p or p in (".", ".."):
        return p        # (a name with a ``/``: findcmd.c find_absolute_program's own)
    found = hashcmd.search_path(sh, p, test=hashcmd.readable_file)
    return found[0] if found else p


@builtin("source", ".", gen=True)
def bi_source(sh, argv):
    if len(argv) < 2:
        if sh.dialect.dot_without_file is not None:
            return sh.dialect.dot_without_file
        sh.err(f"{argv[0]}: filename argument required")
        builtin_usage(sh, argv[0])
        return 2
    p = argv[1]
    m = _DEV_FD_PATH.fullmatch(p)
    try:
        if m:
            # /dev/fd/N (a <(...)) and /dev/stdin name this shell's descriptors
            stream = sh._getfd(int(m.group(1)) if m.group(1) else 0)
            if stream is None or not hasattr(stream, "read"):
                raise OSError(errno.ENOENT, os.strerror(errno.ENOENT))
            text = stream.read(-1).decode("utf-8", "surrogateescape")
        else:
            text = sh.sys.read(sh.path(_source_file(sh, p)), sh.task)
    except OSError as e:
        if sh.dialect.ash_errors:
            # ash.c dotcmd → setinputfile: "can't open '%s'", the shell ends
            raise ash.fatal(sh, sh.dialect.dot_failed(p, e), argv[0]) from None
        sh.err(f"{p}: {e.strerror}")
        return 1
    if "\0" in text:
        text = evalfile_nuls(text)
        if text is None:
            sh.err(f"{argv[0]}: {p}: cannot execute binary file")
            return 126                      # EX_BINARY_FILE
    saved_args = sh.args
    if len(argv) > 2:
        sh.args = argv[2:]
    sh.source_depth += 1
    frame = sh.push_source(p, len(argv) > 2)
    line = sh.lineno
    try:
        # evalfile.c _evalfile: parse_and_execute with SEVAL_RESETLINE, the
        # file's lines counted from 1, the caller's line restored after
        st = yield from _run_text(sh, text, argv[0], 1, p)
    except Return as r:
        st = r.status
    finally:
        sh.source_depth -= 1
        sh.args = saved_args
        sh.pop_source(frame)
        sh.lineno = line
    # evalfile.c: the RETURN trap runs as the file ends (bash 5.2.15: one set
    # before the source runs then too)
    yield from sh.return_trap()
    return st


def is_binary(sample: str) -> bool:
    """bash's ``check_binary_file`` (general.c, 5.2) on a script file's first 80
    bytes: ELF, or a NUL before the first newline (the second after ``#!``)."""
    if sample.startswith("\x7fELF"):
        return True
    nline = 2 if sample.startswith("#!") else 1
    return "\0" in "\n".join(sample.split("\n", nline)[:nline])


def evalfile_nuls(text: str) -> str | None:
    """What ``source`` runs of a file holding NULs (bash 5.2 builtins/evalfile.c
    ``_evalfile``): its loop deletes a NUL and steps past the byte moved into its
    place, so of a run of NULs every other one goes; a 257th deletion refuses the
    file (None: "cannot execute binary file"); the parser stops at the first NUL
    left. Checked against the host's bash 5.2.15 (tests/shell/test_binary_files.py)."""
    out = []
    nnull = 0
    skip = False
    for c in text:
        if skip or c != "\0":
            skip = False
            out.append(c)
        else:
            nnull += 1
            if nnull > 256:
                return None
            skip = True
    return "".join(out).split("\0", 1)[0]


def not_executable(sh, name: str) -> int:
    """A command the model cannot run: bash's message and status (127 when nothing
    is found, 126 for a file found but not executable: the model's files are never
    executable, holding no programs). Commands not found are tallied for the run's
    "not modelled" summary, unless the model has them and the userland does not."""
    hashed = sh.hashed.get(name) if "/" not in name else None
    if hashed is not None and hashed[0] is not None and hashcmd.searches_path(sh):
        # the hashed file is gone: its execve's ENOENT (shell/hashcmd.py find_program)
        name = hashed[0]
    if "/" not in name and not (hashcmd.searches_path(sh) and hashcmd.unset_path(sh)):
        if sh.dialect.ash_errors:
            ash.not_found(sh, name, errno.ENOENT)
        else:
            sh.err(f"{name}: command not found")
        modelled = getattr(sh.commands, "modelled", None)
        if modelled is None or not modelled(name):
            sh.missing[name] = sh.missing.get(name, 0) + 1
        return 127
    try:
        st = sh.sys.stat(sh.path(name), sh.task)
    except OSError as e:
        if sh.dialect.ash_errors:
            return ash.not_found(sh, name, e.errno)
        sh.err(f"{name}: No such file or directory")
        return 127
    if sh.dialect.ash_errors:
        return ash.not_found(sh, name, errno.EACCES)
    sh.err(f"{name}: Is a directory" if stat_mod.S_ISDIR(st.st_mode) else f"{name}: Permission denied")
    return 126


@builtin("exec", gen=True)
def bi_exec(sh, argv):
    """``exec`` alone: run_builtin applied the redirections, and keeps them.
    ``exec COMMAND``: the shell's own process becomes COMMAND (no fork) and the
    shell ends with its status."""
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        return 0
    if args[0].startswith("-"):
        raise RuntimeUnsupported(f"exec {args[0]}", sh.lineno)
    if sh.find_command(args[0]) is None:
        if sh.dialect.ash_errors:
            # execcmd → shellexec: its error names the builtin running (commandname)
            ash.msg(sh, f"{args[0]}: not found", "exec")
        else:
            sh.err(f"exec: {args[0]}: not found")
        raise ExitShell(127)
    from .nodes import Simple
    sh.exec_direct = True
    sh.execed = True
    st = yield from sh.run_external(args, Simple([], [], [], sh.lineno, " ".join(args)))
    raise ExitShell(st)


# -- cd / pwd / read ----------------------------------------------------------------------------
@builtin("cd")
def bi_cd(sh, argv) -> int:
    """``cd [-L|-P] [DIR]`` (bash 5.2 cd.def ``cd_builtin``): ``-L`` (the default)
    goes by bash's name of the directory, ``-P`` by the physical one; the work is
    ``change_to_directory`` and ``bindpwd`` (shell/cwd.py)."""
    from .cwd import bindpwd, change_to_directory
    physical = False
    args = argv[1:]
    while args and args[0].startswith("-") and args[0] != "-":
        a = args.pop(0)
        if a == "--":
            break
        for c in a[1:]:
            if c == "P":
                physical = True
            elif c == "L":
                physical = False
            elif c != "e":
                sh.err(f"cd: -{c}: invalid option")
                builtin_usage(sh, "cd")
                return 2
    if len(args) > 1:
        sh.err("cd: too many arguments")
        return 1
    printpath = False
    if not args:
        d = sh.get("HOME")
        if not d:
            sh.err("cd: HOME not set")
            return 1
    elif args[0] == "-":
        d = sh.get("OLDPWD")
        if not d:
            sh.err("cd: OLDPWD not set")
            return 1
        printpath = True
    else:
        d = args[0]
    e = change_to_directory(sh, d, physical)
    if e is not None:
        if sh.dialect.ash_errors:
            # ash.c cdcmd: ash_msg_and_raise_perror("can't cd to %s"), a regular builtin
            ash.msg(sh, sh.dialect.cd_failed(d, e), "cd")
            return ash.ASH_ERROR_STATUS
        sh.err(f"cd: {d}: {e.strerror}")
        return 1
    if printpath:
        _out(sh, d + "\n")
    bindpwd(sh, physical)
    return 0


@builtin("pwd")
def bi_pwd(sh, argv) -> int:
    """``pwd [-L|-P]`` (cd.def ``pwd_builtin``): bash's name of the directory, or with
    ``-P`` that name resolved physically; when that fails (renamed, removed) the
    name is forgotten and ``getcwd`` asked (shell/cwd.py)."""
    from .cwd import get_working_directory, resetpwd, sh_physpath
    physical = False
    for a in argv[1:]:
        if a == "-P":
            physical = True
        elif a == "-L":
            physical = False
    tcwd = sh.tcwd
    if tcwd is None:
        directory = get_working_directory(sh, "pwd")
    else:
        directory = sh_physpath(sh, tcwd) if physical else tcwd
        if directory is None:
            directory = resetpwd(sh, "pwd")
    if directory is None:
        return 1
    _out(sh, directory + "\n")
    return 0


#: read.def: a ``read -t`` whose timer fired returns 128 + SIGALRM
READ_TIMEOUT_STATUS = 128 + 14
_TIMEOUT = LazyPattern(r"[0-9]*(?:\.[0-9]*)?")


def _read_timeout(spec: str) -> float | None:
    """``uconvert`` of a ``read -t``/``TMOUT`` value: seconds with an optional
    fraction (microseconds kept), None if it is not a non-negative number."""
    if not spec or spec == "." or not _TIMEOUT.fullmatch(spec):
        return None
    whole, _, frac = spec.partition(".")
    return int(whole or 0) + int((frac + "000000")[:6]) / 1e6


def _input_avail(inp) -> bool:
    """``input_avail`` (lib/sh/input_avail.c: ``select`` with a zero timeout):
    readable now, data or end of file; a file always is."""
    pipe = getattr(inp, "pipe", None)
    if pipe is not None:                    # a pipe between commands
        return bool(pipe.buf) or not pipe.has_writers()
    fifo = getattr(getattr(inp, "f", None), "fifo", None)
    if fifo is not None:                    # a FIFO opened for reading
        return bool(inp.buf) or bool(fifo.buf) or not fifo.has_writers()
    return True


#: ``NAME[SUBSCRIPT]``: an element, a name ``read`` may assign (``valid_array_reference``)
_ELEMENT_NAME = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*\[.+\]")


@builtin("read")
def bi_read(sh, argv) -> int:
    """``read [-rs] [-a ARRAY] [-d DELIM] [-n N] [-p PROMPT] [-t TIMEOUT] [-u FD]
    [NAME...]``. ``-t``: the input must come within TIMEOUT seconds of simulated
    time (``TMOUT`` the default), else status 142 (128 + SIGALRM) with what came
    assigned; ``-t 0``: whether input is available, nothing read."""
    args = argv[1:]
    raw = False
    delim = "\n"
    nchars = None
    exact = False       # -N: exactly NCHARS, any delimiter read as data, no splitting
    inp = sh.stdin
    fd = 0
    array = None
    tmo = None
    letters = sh.dialect.read_opts
    while args and args[0].startswith("-") and len(args[0]) > 1:
        a = args.pop(0)
        if a == "--":
            break
        j = 1
        while j < len(a):
            c = a[j]
            if c == ":" or c not in letters:
                return sh.dialect.bad_read_option(sh, c)
            if c == "r":
                raw = True
            elif c in "es":     # -e: readline, only for a terminal; -s: no echo
                pass
            elif c in "pdnNtuai":
                val = a[j + 1:] or (args.pop(0) if args else "")
                if c == "a":
                    array = val
                elif c == "d":
                    delim = val[:1] or "\0"
                elif c in "nN":
                    if not val.isdigit():
                        sh.err(f"read: {val}: invalid number")
                        return 1
                    nchars = int(val)
                    exact = c == "N"
                elif c == "t":
                    tmo = val
                elif c == "u":
                    inp = sh._getfd(int(val)) if val.isdigit() else None
                    fd = int(val) if val.isdigit() else 0
                    if inp is None or not hasattr(inp, "readline"):
                        if sh.dialect.ash_errors:
                            # busybox shell_builtin_read: a number's read() fails
                            # (EBADF) silently, status 1; else its error (ash.msg)
                            if val.isdigit():
                                return 1
                            ash.msg(sh, "invalid file descriptor", "read")
                            return ash.ASH_ERROR_STATUS
                        sh.err(f"read: {val}: invalid file descriptor: Bad file descriptor")
                        return 1
                break
            j += 1
    if not args and not sh.dialect.read_reply:
        ash.msg(sh, "arg count", "read")    # dash miscbltin.c readcmd: no REPLY
        return ash.ASH_ERROR_STATUS
    names = args or ["REPLY"]
    if sh.dialect.read_names_first:
        bad = next((n for n in names if not is_name(n)), None)
        if bad is not None:
            return sh.dialect.bad_read_name(sh, bad)
    deadline = None
    if tmo is not None:
        secs = _read_timeout(tmo)
        if secs is None:
            sh.err(f"read: {tmo}: invalid timeout specification")
            return 1
        if secs == 0:           # read.def: input_avail, nothing read
            return 0 if _input_avail(inp) else 1
        deadline = sh.sys.now + secs
    else:
        # read.def: TMOUT, when it is a valid number above 0, is the default timeout
        secs = _read_timeout(sh.get("TMOUT") or "")
        if secs:
            deadline = sh.sys.now + secs
    data = bytearray()
    if delim != "\0" and nchars != 0 and _endless_nul(inp):
        # read_builtin drops NUL bytes (unless one is the delimiter): from a
        # source of nothing else it reads 4 KiB at a time forever, its memory flat,
        # until a timeout's SIGALRM ends it with nothing read
        if deadline is None:
            spin_forever("read: reads NUL bytes from /dev/zero without end, dropping them (bash)")
        sleep_anywhere(max(0.0, deadline - sh.sys.now), sh.sched)
        if array is not None:
            sh.assign_array(array, [])
        for n in names if array is None else ():
            sh.setvar(n, "")
        return READ_TIMEOUT_STATUS
    timed_out = False
    g = getcurrent()
    if deadline is not None:
        g.read_deadline = deadline          # pipes.block_until: the wait ends then
    try:
        eof = _read_input(inp, data, None if exact else delim, nchars, raw)
    except ReadTimeout as e:
        # the timer fired: what was read is assigned (read.def, bash 5.2), status 142
        data += e.partial
        eof = timed_out = True
    except OSError as e:
        # read.def: builtin_error (_("read error: %d: %s"), fd, strerror (errno))
        sh.err(f"read: read error: {fd}: {os.strerror(e.errno or errno.EIO)}")
        return 1
    finally:
        if deadline is not None:
            g.read_deadline = None
    text = data.decode("utf-8", "surrogateescape")
    from . import readsplit
    if array is not None:       # -a NAME: the fields, as an indexed array
        sh.assign_array(array, readsplit.read_array(text, sh.get("IFS"), raw))
    elif names == ["REPLY"] and not args:
        sh.setvar("REPLY", readsplit.unescape(text, raw))
    elif exact:
        for i, n in enumerate(names):
            sh.setvar(n, readsplit.unescape(text, raw) if i == 0 else "")
    else:
        split = getattr(readsplit, sh.dialect.read_fields)
        for n, v in zip(names, split(text, sh.get("IFS"), len(names), raw)):
            if not is_name(n) and not _ELEMENT_NAME.fullmatch(n):
                return sh.dialect.bad_read_name(sh, n)     # read.def: at its turn
            sh.setvar(n, v)
    # read_builtin: end of file before the delimiter (or NCHARS) fails, the
    # variables set all the same (`while read l` skips a last line with no newline)
    if timed_out:
        return READ_TIMEOUT_STATUS
    return 1 if eof else 0


def _read_input(inp, data: bytearray, delim: str | None, nchars: int | None, raw: bool) -> bool:
    """``read``'s input into ``data`` (NUL bytes dropped): a line (with ``\\``
    continuations unless ``raw``), or up to ``delim``/``nchars`` (``delim`` None:
    ``-N``'s NCHARS whatever they are); whether EOF ended it."""
    eof = False
    if delim is None:       # read -N: a read may return less (a pipe's writes)
        while len(data) < nchars:
            c = inp.read(nchars - len(data))
            if not c:
                return True
            data += c.replace(b"\0", b"")
        return False
    if delim == "\n" and nchars is None:
        readline = _unbuffered_readline(inp) if _input_is_fifo(inp) else inp.readline
        line = readline()
        if not line.endswith(b"\n"):
            eof = True
        else:
            line = line[:-1]
        data += line.replace(b"\0", b"")
        while not raw and data.endswith(b"\\") and not eof:
            del data[-1:]
            nxt = readline()
            if not nxt.endswith(b"\n"):
                eof = True
            else:
                nxt = nxt[:-1]
            data += nxt.replace(b"\0", b"")
    else:
        d = delim.encode()
        while nchars is None or len(data) < nchars:
            c = inp.read(1)
            if not c:
                eof = True
                break
            if c == d:
                break
            if c == b"\0":
                continue        # dropped (a NUL delimiter ends the read above)
            data += c
    return eof


def _input_is_fifo(inp) -> bool:
    """bash's ``input_is_pipe`` (read.def: ``lseek(fd, 0, SEEK_CUR)`` fails with
    ESPIPE) for a FIFO opened by a redirection: ``read`` then takes one byte at a
    time (``unbuffered_read``: ``zread(fd, &c, 1)``), leaving what follows the line
    in the FIFO for its next reader. (A pipe's input, :class:`PipeIn`, already stops
    at the newline; a regular file's buffered read is put back by ``zsyncfd``.)"""
    return isinstance(inp, FileIn) and isinstance(inp.f, FifoFile)


def _unbuffered_readline(inp):
    """A ``readline`` of ``inp`` one byte at a time (its buffer used first; a ``read
    -t`` timing out keeps the bytes taken, as :meth:`FileIn.readline` does)."""
    def readline() -> bytes:
        out = bytearray()
        while True:
            try:
                c = inp.read(1)
            except ReadTimeout as e:
                e.partial = bytes(out)      # a read -t's time ran out: what it took
                raise
            if not c:
                return bytes(out)
            out += c
            if c == b"\n":
                return bytes(out)
    return readline


def _endless_nul(inp) -> bool:
    """Whether ``inp`` gives NUL bytes only, without end (/dev/zero)."""
    return type(inp) is FileIn and getattr(inp.f, "zero", False) is True


# -- jobs / signals ---------------------------------------------------------------------------------
def _find_job(sh, spec: str, who: str, by_name: bool = False):
    """The job ``spec`` names: a job spec (``get_job_spec``, which may answer
    ``DUP_JOB``; with ``by_name`` a name without ``%`` too), or a pid of any
    process of a job in the table (``find_job``: ``wait PID`` waits for the
    whole job, its status the job's), else a saved status (``bgpids``) or a
    process substitution."""
    if spec.startswith("%"):
        return get_job_spec(sh, spec, who=who)
    try:
        pid = int(spec)
    except ValueError:
        return get_job_spec(sh, spec, who=who) if by_name else None
    for j in sh.jobs:
        if j.pid == pid or (j.procs is not None and any(p.pid == pid for p in j.procs)):
            return j
    return sh.reaped.get(pid)


#: ``wait``'s target for an operand neither a pid nor a job spec (status 1)
_BAD_OPERAND = object()


@builtin("wait", gen=True)
def bi_wait(sh, argv):
    """``wait [-fn] [ID...]`` (builtins/wait.def): each ID's job (``%N``, a pid
    of one of its processes) waited for, the last one's status; with none
    every running job and process substitution (0). Under job control a job
    that stops ends its wait (128 + the stop signal); ``wait %N`` of a job
    already stopped warns ``wait_for_job: job N is stopped`` first, a plain
    ``wait`` skips the stopped jobs, warning ``wait: job N[PID] stopped``
    before each job it waits for and at its end (``wait_for_background_pids``)."""
    vname = None
    if sh.dialect.builtin_getopt:
        # wait.def: internal_getopt (list, "fnp:") (shell/bashgetopt.py refused
        # the others), -p's VAR checked and unset before the wait
        args, nflag = argv[1:], False
        while args and args[0][:1] == "-" and len(args[0]) > 1:
            a = args.pop(0)
            if a == "--":
                break
            for j, c in enumerate(a[1:], 2):
                nflag = nflag or c == "n"
                if c == "p":
                    vname = a[j:] or args.pop(0)
                    break
        if vname is not None:
            if not _valid_name(vname.split("[", 1)[0] if vname.endswith("]") else vname):
                sh.err(f"wait: `{vname}': not a valid identifier")
                return 1
            if not vname.endswith("]"):
                sh.unsetvar(vname)
    else:
        args = [a for a in argv[1:] if a not in ("-n", "-f", "--")]
        nflag = "-n" in argv[1:]
    sh.sched.reap_killed()
    jobcontrol.waitchld(sh)
    if nflag:
        got: list = []
        st = yield from _wait_next(sh, args, got)
        if vname is not None and got:
            assign_target(sh, vname, str(got[0].pid))
        return st
    if sh.ashtab is not None:
        return (yield from ashjobs.waitcmd(sh, args))
    targets = []
    st = 0
    for a in args:
        j = _find_job(sh, a, "wait")
        if j is DUP_JOB:
            j = None
        elif j is None:
            if a.startswith("%"):
                sh.err(f"wait: {a}: no such job")
            elif a.lstrip("-").isdigit():
                sh.err(f"wait: pid {a} is not a child of this shell")
            else:
                # sh_badpid: that operand's status 1, the others still waited for
                sh.err(f"wait: `{a}': not a pid or valid job spec")
                j = _BAD_OPERAND
        elif a.startswith("%") and getattr(j, "stopped", False) and not j.done:
            sh.err(f"warning: wait_for_job: job {j.num} is stopped")
        targets.append(j)
    if args:
        live = [j for j in targets if j is not None and j is not _BAD_OPERAND]
    else:   # wait_for_background_pids: the jobs running, and the process substitutions
        live = [j for j in sh.jobs if not j.done and not j.stopped] + [
            j for j in sh.reaped.values() if not j.done]
    if any(not jobcontrol.finished_or_stopped(sh, j) for j in live):
        task = sh.task
        blk = Block(lambda: all(jobcontrol.finished_or_stopped(sh, j) for j in live)
                    or getattr(task, "sigpending", 0))
        sh.sched.blocked(task)
        yield blk
        if blk.deadlocked:
            sh.err("wait: memcgsim: wait would block forever")
            notify_and_cleanup(sh)
            return 127
        interrupted = _wait_interrupted(task)
        if interrupted:
            return interrupted
        _woken_by(sh, max(live, key=lambda j: j.ended))
    jobcontrol.waitchld(sh)
    if args:
        last = targets[-1]
        st = (127 if last is None else 1 if last is _BAD_OPERAND
              else jobcontrol.wait_status(sh, last))
        if vname is not None and last is not None and last is not _BAD_OPERAND:
            assign_target(sh, vname, str(last.pid))
    elif sh.job_control:
        _warn_stopped(sh, live)
    # wait_for's notify_and_cleanup, then each job waited for is marked notified
    # (wait_for_single_pid, wait_for_job): deleted at the next cleanup (a job the
    # model ended at once, as a SIGKILL's, the guests' bash still finds running here)
    notify_and_cleanup(sh)
    for j in live:
        if j.done:
            mark_notified(sh, j)
    if not args:
        # POSIX lets ``wait`` discard every status: all dead jobs but $!'s go,
        # and the saved statuses with them (bgp_clear)
        mark_dead_jobs_as_notified(sh)
        cleanup_dead_jobs(sh)
        sh.reaped = {}
        bgp_clear(sh)
    return st


def _warn_stopped(sh, waited: list) -> None:
    """``wait_for_background_pids``' warnings: each pass over the table warns of
    the stopped jobs before the first job still running, then waits for that
    one; the last pass, when none runs, of every stopped job."""
    stopped = [j for j in sh.jobs if j.stopped and not j.done]
    if not stopped:
        return
    after = -1
    while True:
        running = next((j for j in sh.jobs if j in waited and j.ended > after), None)
        for j in sh.jobs:
            if j is running:
                break
            if j.stopped and not j.done:
                t = j.task if j.procs is None else j.procs[-1].task
                sh.err(f"wait: warning: job {j.num}[{t.pid}] stopped")
        if running is None:
            return
        after = running.ended


def _wait_interrupted(task) -> int:
    """A trapped signal pending on the waiting shell ends ``wait`` (any form,
    ``-n`` too) at once with 128 + its number (the lowest pending); its trap runs
    next (bash's builtins/wait.def: the signal longjmps to ``wait_intr_buf``, and
    ``wait_builtin`` returns ``128 + wait_signal_received``, as POSIX asks). 0 if
    none is pending."""
    pending = getattr(task, "sigpending", 0)
    return 128 + (pending & -pending).bit_length() - 1 if pending else 0


def _woken_by(sh, job) -> None:
    """The shell slept in ``wait`` until ``job`` ended: its exit woke the shell
    (``__wake_up_parent``), which the kernel places again (``wake_up_parent``)."""
    wake = getattr(sh.sys, "wake_up_parent", None)
    if wake is not None and job.task is not None:
        wake(sh.task, job.task)


def _wait_next(sh, args: list[str], got: list):
    """``wait -n [ID...]`` (``wait_for_any_job``): the first job in the table
    (of those IDs name) that ended and was not notified of, else, once one
    ends, the first finished one in the table; its status, and it leaves the
    table (its status saved for ``wait PID``; the job put in ``got``). 127 if no
    job runs."""
    if args:
        pool = []
        for a in args:
            j = _find_job(sh, a, "wait")     # set_waitlist: a job in the table
            if j is None or j is DUP_JOB or j not in sh.jobs:
                sh.err(f"wait: {a}: no such job")
            elif j not in pool:
                pool.append(j)
        if not pool:
            return 127
        wanted = set(map(id, pool))
        table = [j for j in sh.jobs if id(j) in wanted]     # in table order
    else:
        table = pool = sh.jobs
    job = next((j for j in table if j.done and not j.notified), None)
    if job is None:
        # wait_for_any_job: a job to wait for is running (a stopped one is not)
        if not any(not j.done and not j.stopped for j in pool):
            return 127
        task = sh.task
        live = list(pool)
        blk = Block(lambda: any(j.done for j in live) or getattr(task, "sigpending", 0))
        sh.sched.blocked(task)
        yield blk
        if blk.deadlocked:
            sh.err("wait: memcgsim: wait would block forever")
            return 127
        interrupted = _wait_interrupted(task)
        if interrupted:
            return interrupted
        _woken_by(sh, min((j for j in live if j.done), key=lambda j: j.ended))
        job = next(j for j in table if j.done)
    notify_of_job_status(sh)
    delete_jobs(sh, [job])
    got.append(job)
    return job.status


@builtin("disown")
def bi_disown(sh, argv) -> int:
    """``disown [-h] [-ar] [JOBSPEC|PID...]`` (builtins/jobs.def): each job named,
    by spec or by a process's pid (the current job if none), leaves the table,
    so its end is never reported nor waited for by ``wait``; ``-a`` every job,
    ``-r`` the running ones. ``-h`` (``nohup_job``) only marks the jobs against
    the SIGHUP an interactive shell sends at exit: nothing here. A name that is
    no job: ``NAME: no such job`` (``current`` for none), status 1."""
    opts = ""
    args = argv[1:]
    while args and args[0].startswith("-") and args[0] != "-":
        a = args.pop(0)
        if a == "--":
            break
        for c in a[1:]:
            if c not in "ahr":
                sh.err(f"disown: -{c}: invalid option")
                builtin_usage(sh, "disown")
                return 2
        opts += a[1:]
    if not args and ("a" in opts or "r" in opts):
        if "h" not in opts:
            disown_jobs(sh, [j for j in sh.jobs if "r" not in opts or not j.done])
        return 0
    st = 0
    for a in args or [None]:
        j = get_job_spec(sh, "%%") if a is None else _find_job(sh, a, "disown", True)
        if j is None or j is DUP_JOB or not any(j is t for t in sh.jobs):
            sh.err(f"disown: {'current' if a is None else a}: no such job")
            st = 1
        elif "h" not in opts:
            disown_jobs(sh, [j])
    return st


@builtin("jobs", gen=True)
def bi_jobs(sh, argv):
    """``jobs [-lnprs] [JOBSPEC...]``: ``pretty_print_job`` of each job in the table,
    finished ones too (``Done``, ``Exit N``), which it marks notified (not with
    ``-p``: the first process's pid, the process group leader's); ``-l`` a line
    per process with its pid (jobs.c ``print_pipeline``), ``-n`` only the jobs
    not yet notified of (the last of -l, -n, -p counts); ``-r`` the running
    jobs, ``-s`` the stopped ones (none: the model stops no job), both only
    when no JOBSPEC is given (``list_one_job`` ignores them). ``+`` and ``-``
    mark ``%+`` and ``%-``. A subshell lists its parent's jobs. ``jobs -x CMD
    ARG...`` runs CMD with each ARG that names a job replaced by its process
    group (the shell's: no job control). busybox sh's: shell/ashjobs.py."""
    sh.sched.reap_killed()
    if sh.ashtab is not None:
        return ashjobs.jobscmd(sh, argv, partial(_out, sh))
    args = argv[1:]
    form = state = ""
    execute = False
    while args and args[0].startswith("-") and args[0] != "-":
        a = args.pop(0)
        if a == "--":
            break
        for c in a[1:]:
            if c in "lpn":
                form = c
            elif c in "rs":
                state = c
            elif c == "x":
                if form:
                    sh.err("jobs: no other options allowed with `-x'")
                    return 1
                execute = True
            else:
                sh.err(f"jobs: -{c}: invalid option")
                builtin_usage(sh, "jobs")
                return 2
    own = bool(sh.jobs) or not any(sh.inherited_jobs)
    alljobs = sh.jobs if own else next(lst for lst in sh.inherited_jobs if lst)
    if execute:
        return (yield from _jobs_execute(sh, args, alljobs))
    if own:
        cleanup_dead_jobs(sh)       # list_all_jobs
        alljobs = sh.jobs
    st = 0
    if args:
        shown = []
        for a in args:
            j = get_job_spec(sh, a, alljobs, "jobs")
            if j is None or j is DUP_JOB:
                sh.err(f"jobs: {a}: no such job")
                st = 1
            else:
                shown.append(j)
    else:
        shown = [j for j in alljobs if not state
                 or job_state(j) == ("running" if state == "r" else "stopped")]
    cur, prev = sh.jmarks
    for j in shown:
        if form == "p":
            _out(sh, f"{j.pid if j.procs is None else j.procs[0].pid}\n")
            continue
        if form == "n" and j.notified:
            continue
        mark = job_mark(sh, j)
        lines = pipeline_lines(j, form == "l")
        lines[0] = f"[{j.num}]{mark} {'' if form == 'l' else ' '}{lines[0]}"
        lines[-1] += wd_note(sh, j)
        _out(sh, "".join(line + "\n" for line in lines))
        if own:
            mark_notified(sh, j)
    if args and own:
        cleanup_dead_jobs(sh)       # list_one_job
    return st


def _jobs_execute(sh, args: list[str], alljobs: list):
    """``execute_list_with_replacements``: each ``%``-word naming a job becomes
    the job's process group (the shell's for one started without job control),
    others stay; the command runs as ``command`` would run it."""
    words = []
    for a in args:
        if a.startswith("%"):
            j = get_job_spec(sh, a, alljobs, "jobs")
            if j is not None and j is not DUP_JOB:
                a = str(j.pgrp or getattr(sh.task, "pgid", sh.task.pid))
        words.append(a)
    if not words:
        return 0
    return (yield from _run_words(sh, words))


def _signal_number(spec: str) -> int | None:
    """``decode_signal``: a number, or a name with or without ``SIG`` in any
    case (the real-time ones as :func:`signal_list` names them)."""
    s = spec.upper()
    if s.isdigit():
        n = int(s)      # trap.c decode_signal: a number below NSIG (_NSIG + 1)
        return n if n <= SIGRTMAX else None
    if s.startswith("SIG"):
        s = s[3:]
    n = SIGNALS.get(s)
    if n is None and s.startswith("RT"):
        n = next((k for k, v in signal_list().items() if v == s), None)
    return n


def _trap_key(spec: str):
    """``EXIT``/``0`` or a signal's number; None if invalid."""
    if spec.upper() in ("EXIT", "SIGEXIT", "0"):
        return "EXIT"
    n = _signal_number(spec)
    return n if n in SIGNALS.values() else None


@builtin("trap")
def bi_trap(sh, argv) -> int:
    """``trap [-lp] [[ACTION] SIGSPEC...]``. The EXIT trap runs when the shell (or
    subshell) exits; a signal's action runs when this shell signals itself with
    the ``kill`` builtin (the model delivers no other signals to a shell); an
    empty action ignores the signal (SIG_IGN, inherited by the children)."""
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if args and args[0] == "-l":
        # display_signal_list: "%2d) SIGNAME", a tab between, five to a line
        cells = [f"{n:2d}) SIG{name}" for n, name in signal_list().items()]
        _out(sh, "".join(c + ("\n" if i % 5 == 4 else "\t") for i, c in enumerate(cells))
             + ("\n" if len(cells) % 5 else ""))
        return 0
    # busybox sh's listing names a signal without SIG (ash.c trapcmd: get_signame)
    sig = "" if sh.dialect.ash_listings else "SIG"
    names = {v: sig + k for k, v in SIGNALS.items()} | {"EXIT": "EXIT", "ERR": "ERR",
                                                         "RETURN": "RETURN"}
    if sh.dialect.ash_listings and args[:1] in (["-p"], ["-l"]):
        return ash.bad_option(sh, args[0][1], "trap", True)
    if not args or args[0] == "-p":
        # trap.def showtrap's loop: EXIT (0), the signals by number, then ERR, RETURN;
        # a subshell shows its parent's until it sets a trap
        traps = sh.traps if sh.shown_traps is None else sh.shown_traps
        keys = [a if a in ("ERR", "RETURN") else _trap_key(a) for a in args[1:]] or sorted(
            traps, key=lambda k: k if type(k) is int else {"EXIT": 0, "ERR": 1000}.get(k, 1001))
        for key in keys:
            if key in traps:
                action = traps[key].replace("'", "'\\''")
                _out(sh, f"trap -- '{action}' {names[key]}\n")
        return 0
    if (len(args) == 1 and not sh.dialect.ash_errors and args[0].upper() not in ("ERR", "RETURN", "DEBUG")
            and _trap_key(args[0]) is None):
        # trap.def: one word that names no signal is an action without any
        builtin_usage(sh, "trap")
        return 2
    sh.shown_traps = None
    action, specs = (args[0], args[1:]) if len(args) > 1 else ("-", args)
    if action.isdigit():
        action, specs = "-", args     # POSIX: ``trap 1 2`` resets both
    st = 0
    for spec in specs:
        if spec.upper() == "DEBUG" and "DEBUG" in sh.dialect.trap_pseudo:
            raise RuntimeUnsupported(f"trap on {spec}", sh.lineno)
        if spec in sh.dialect.trap_pseudo:   # no signal: run by Shell.err_trap, call_function
            if action == "-":
                sh.traps.pop(spec, None)
            else:
                sh.traps[spec] = action
            continue
        key = _trap_key(spec)
        if key is None:
            sh.dialect.bad_trap(sh, spec)
            st = 1
        elif action == "-":
            sh.traps.pop(key, None)
            # SIGINT and SIGCHLD go back to bash's own handlers (set_sigint_handler,
            # sigchld_handler), the others to SIG_DFL
            _sigaction(sh, key, False, key in BASH_HANDLED, True)
            if key == SIGCHLD:
                sh.chld_seen = None
        else:
            sh.traps[key] = action
            _sigaction(sh, key, action == "", action != "")
            if key == SIGCHLD and not sh.dialect.ash_eval:
                # the children that exit from now on (waitchld's children_exited)
                task = sh.task
                sh.chld_seen = getattr(task, "chld_notified", None) if action else None
    return st


#: SIGINT and SIGCHLD: bash's handlers, back after ``trap -`` (bash 5.2.15)
BASH_HANDLED = (2, 17)


def _sigaction(sh, key, ignore: bool, catch: bool, own: bool = False) -> None:
    """A signal trapped with an empty action is SIG_IGN for the shell's process (its
    children inherit it); another action is bash's handler (the signal is left
    pending for the trap: ``Shell.run_pending_traps``); ``-`` the default, or
    bash's ``own`` handler (its effect is the default action's: ``Task.sigfatal``)."""
    fn = getattr(sh.sys, "sigaction", None)
    if fn is not None and isinstance(key, int) and key not in (9, 19):
        fn(sh.task, key, ignore, catch, own)
        sh.own_ignored &= ~(1 << key)     # the script's own choice from now on


def signal_list() -> dict[int, str]:
    """bash's signal names without ``SIG`` by number (``signal_name``): 1-31,
    then glibc's real-time ones from 34 (32 and 33 are glibc's own): RTMIN,
    RTMIN+1..15, RTMAX-14..1, RTMAX."""
    names = dict(SIGNAMES)
    names[34] = "RTMIN"
    names.update({34 + i: f"RTMIN+{i}" for i in range(1, 16)})
    names.update({64 - i: f"RTMAX-{i}" for i in range(14, 0, -1)})
    names[64] = "RTMAX"
    return names


@builtin("kill", gen=True)
def bi_kill(sh, argv):
    """``kill``: bash's builtin (jobs.c ``kill_pid``, kill.def), or busybox sh's, the
    kill applet (procutils.bb_kill_args) after ash.c ``killcmd`` turned job specs
    into pids."""
    if sh.dialect.applets:
        r = sh.dialect.kill_args(sh, argv[1:], lambda t: _out(sh, t))
    else:
        r = _kill_options(sh, argv[1:])
    if type(r) is int:
        return r
    sig, args = r
    st = 0
    jobcontrol.waitchld(sh)
    for p in args:
        if p.startswith("%"):
            j = get_job_spec(sh, p, who="kill")
            if j is DUP_JOB:
                st += 1
                continue
            if j is None:
                sh.err(f"kill: {p}: no such job")
                st += 1
                continue
            # kill_pid(pid, sig, 1): the job's state is news again (J_NOTIFIED
            # cleared); a job started under job control has its group signalled
            # (killpg), else each of its processes still alive is (kill_pid),
            # an ended one skipped
            j.notified = False
            if j.pgrp:
                try:
                    jobcontrol.killpg_job(sh, j, sig)
                except OSError as e:
                    _kill_error(sh, j.pgrp, e)
                    st += 1
                continue
            if j.procs is not None:
                _kill_job(sh, j, sig)
                continue
            if j.done:
                continue
            pid = j.pid
        else:
            if sh.dialect.applets:
                pid = sh.dialect.kill_pid(sh, p)
                if pid is None:
                    if sh.dialect.kill_operand_status is None:
                        st += 1
                        continue
                    return sh.dialect.kill_operand_status
            else:
                try:
                    pid = int(p)
                except ValueError:
                    sh.err(f"kill: {p}: arguments must be process or job IDs")
                    st += 1
                    continue
            if pid < -1:
                if not _kill_group(sh, pid, sig):
                    st += 1
                continue
            if pid <= 0:
                # kill(0, sig): the shell's own process group, itself included;
                # kill(-1, sig): every process but init and itself (kernel/signal.c
                # kill_something_info); a trapped signal to the shell runs its trap
                # before the next command (run_pending_traps)
                try:
                    if pid:
                        sh.sys.kill_all(sig, sender=sh.task)
                    else:
                        sh.sys.kill_pgrp(sh.task.pgid, sig, sender=sh.task)
                except OSError as e:
                    _kill_error(sh, pid, e)
                    st += 1
                continue
        if pid == sh.task.pid and sig in sh.traps and sig not in (9, 19):
            # the shell signals itself: its trap runs instead of the default action
            if sh.traps[sig]:
                r = yield from sh.run_trap(sh.traps[sig])
                if r is not None:
                    from .flow import ExitShell
                    raise ExitShell(r)
            continue
        try:
            sh.sys.kill(pid, sig, sender=sh.task)
        except OSError as e:
            _kill_error(sh, pid, e)
            st += 1
    if sh.task.state == "stopped":
        # it stopped itself: on its way back to user space (do_signal_stop)
        yield from sh.held_here()
    # busybox's kill_main returns its count of errors; bash's kill.def succeeds if
    # any operand did (any_succeeded: CONTINUE_AFTER_KILL_ERROR)
    return st if sh.dialect.kill_counts_errors else int(st >= len(args))


def _kill_options(sh, args: list[str]) -> "tuple[int, list[str]] | int":
    """bash's kill options: ``-l``/``-L`` [SIGSPEC...], ``-s``/``-n SIG``, ``-SIG``;
    (signal, operands) or the status."""
    sig = 15
    if not args:
        builtin_usage(sh, "kill")
        return 2
    a = args[0]
    if a == "-l" or a == "-L":
        if len(args) > 1:
            for x in args[1:]:
                if x.isdigit():
                    n = int(x) & 0x7F if int(x) > 128 else int(x)
                    name = signal_list().get(n)
                    if name is None:
                        sh.err(f"kill: {x}: invalid signal specification")
                        return 1
                    _out(sh, name + "\n")
                else:
                    n = _signal_number(x)
                    if n is None:
                        sh.err(f"kill: {x}: invalid signal specification")
                        return 1
                    _out(sh, f"{n}\n")
            return 0
        # display_signal_list: "%2d) SIGNAME", a tab between, five to a line
        cells = [f"{n:2d}) SIG{name}" for n, name in signal_list().items()]
        _out(sh, "".join(c + ("\n" if i % 5 == 4 else "\t") for i, c in enumerate(cells))
             + ("\n" if len(cells) % 5 else ""))
        return 0
    if a in ("-s", "-n"):
        if len(args) < 2:
            sh.err(f"kill: {a}: option requires an argument")
            return 1        # kill.def: sh_needarg, EXECUTION_FAILURE
        n = _signal_number(args[1])
        if n is None:
            sh.err(f"kill: {args[1]}: invalid signal specification")
            return 1
        sig = n
        args = args[2:]
    elif a.startswith("-") and len(a) > 1 and a != "--":
        n = _signal_number(a[1:])
        if n is None:
            sh.err(f"kill: {a[1:]}: invalid signal specification")
            return 1
        sig = n
        args = args[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        builtin_usage(sh, "kill")
        return 2
    return sig, args


def _kill_error(sh, pid: int, e: OSError) -> None:
    """``kill_error``: ``kill: (PID) - STRERROR``; busybox's ``can't kill pid N: ...``."""
    msg = e.strerror or os.strerror(e.errno or errno.ESRCH)
    if sh.dialect.applets:
        sh.dialect.kill_error(sh, pid, msg)
    else:
        sh.err(f"kill: ({pid}) - {msg}")


def _kill_group(sh, pid: int, sig: int) -> bool:
    """``kill -- -PGID`` (``kill_pid(pid, sig, 1)`` with ``pid < -1``): the job
    one of whose processes is PGID has its group signalled as ``kill %N`` does
    (shell/jobcontrol.py ``killpg_job``; one started without job control: the
    group PGID), else ``killpg(PGID)``; ``kill: (-PGID) - No such process``
    (ESRCH) for an empty group. False on failure."""
    pgid = -pid
    j = jobcontrol.job_of_pid(sh, pgid)
    try:
        if j is not None:
            j.notified = False
            if j.pgrp:
                jobcontrol.killpg_job(sh, j, sig)
                return True
        sh.sys.kill_pgrp(pgid, sig, sender=sh.task)
    except OSError as e:
        _kill_error(sh, pid, e)
        return False
    return True


def _kill_job(sh, job, sig: int) -> None:
    """``kill %N`` of a job of several processes started without job control
    (its process group is the shell's): bash 5.2's ``kill_pid`` signals each
    process in turn, ignoring errors, from the first; its loop skips a dead
    process with ``continue`` before stepping to the next, so a dead first one
    ends it at once and a dead one further on makes the shell spin there."""
    for i, p in enumerate(job.procs):
        if task_killed(p.task):
            if i == 0:
                return
            spin_forever(f"kill %{job.num}: bash 5.2's kill_pid loops on the job's ended "
                         f"process {p.pid} (jobs.c)")
        try:
            sh.sys.kill(p.pid, sig, sender=sh.task)
        except OSError:
            pass


# -- introspection ---------------------------------------------------------------------------------
@builtin("type")
def bi_type(sh, argv) -> int:
    """``type [-afptP] NAME...`` (builtins/type.def): each name described
    (shell/hashcmd.py ``describe``); status 1 if one is not found, which only the
    plain form reports."""
    if sh.dialect.ash_errors:
        return _ash_type(sh, argv[1:])
    flags = {"kind": False, "path_only": False, "force_path": False, "every": False,
             "nofuncs": False}
    args = argv[1:]
    opts = short_options(sh, args, "type", "afptP")
    if opts is None:
        return 2
    for c in opts:
        flags[{"a": "every", "f": "nofuncs", "p": "path_only", "t": "kind", "P": "force_path"}[c]] = True
    flags["path_only"] |= flags["force_path"]
    short = not (flags["kind"] or flags["path_only"])
    st = 0
    for n in args:
        found, text = hashcmd.describe(sh, n, short=short, **flags)
        _out(sh, text)
        if not found:
            if short:
                sh.err(f"type: {n}: not found")
            st = 1
    return st


def _ash_type(sh, args: list[str]) -> int:
    """ash.c/dash exec.c ``typecmd``: each name described (``describe_command``,
    verbose: ``NAME: not found`` on the standard output, status 127); busybox's
    first argument starting with ``-`` is taken off and makes it brief (``command
    -v``'s words, nothing for a name not found), dash's is a name like the others."""
    verbose = True
    if args and args[0][:1] == "-" and sh.dialect.type_brief_option:
        args, verbose = args[1:], False
    st = 0
    for n in args:
        st = _ash_describe(sh, n, verbose) or st
    return st


def _ash_describe(sh, name: str, verbose: bool) -> int:
    """ash.c/dash exec.c ``describe_command``: ``name`` described, its sentence
    (``verbose``: ``type``, ``command -V``) or its brief words (``command -v``);
    not found: status 127, ``NAME: not found`` on the standard output if verbose."""
    found, text = hashcmd.describe(sh, name, short=verbose)
    _out(sh, text if found else f"{name}: not found\n" if verbose else "")
    return 0 if found else 127


@builtin("hash")
def bi_hash(sh, argv) -> int:
    """``hash [-lr] [-p PATH] [-dt] [NAME...]`` (builtins/hash.def): the command
    hash table (shell/hashcmd.py) listed, emptied, added to or asked."""
    args = argv[1:]
    opts = ""
    given = None
    while args and args[0].startswith("-") and len(args[0]) > 1:
        a = args.pop(0)
        if a == "--":
            break
        for i, c in enumerate(a[1:]):
            if c not in "dlprt":
                sh.err(f"hash: -{c}: invalid option")
                builtin_usage(sh, "hash")
                return 2
            if c == "p":
                rest = a[i + 2:]
                if not rest and not args:
                    sh.err("hash: -p: option requires an argument")
                    builtin_usage(sh, "hash")
                    return 2
                given = rest or args.pop(0)
                break
            opts += c
    portable = "l" in opts
    if "r" in opts:
        hashcmd.flush(sh)
    if "t" in opts:
        st = 0
        for n in args:
            path = hashcmd.lookup(sh, n)
            if path is None:
                sh.err(f"hash: {n}: not found")
                st = 1
            elif portable:
                _out(sh, f"builtin hash -p {path} {n}\n")
            elif len(args) > 1:
                _out(sh, f"{n}\t{path}\n")
            else:
                _out(sh, path + "\n")
        return st
    if not args and "d" not in opts and "r" not in opts:
        rows = hashcmd.entries(sh)
        if portable:
            _out(sh, "".join(f"builtin hash -p {p} {n}\n" for n, p, _ in rows))
        elif sh.dialect.ash_listings:
            # ash.c/dash exec.c hashcmd: each table bucket's commands' paths
            _out(sh, "".join(f"{p}\n" for _, p, _ in sorted(
                rows, key=lambda r: hashcmd.cmdtable_bucket(r[0]))))
        elif rows:
            _out(sh, "hits\tcommand\n" + "".join(f"{h:4d}\t{p}\n" for _, p, h in rows))
        elif not sh.dialect.ash_listings:            # (ash.c hashcmd prints nothing of an empty table)
            _out(sh, "hash: hash table empty\n")
        return 0
    st = 0
    for n in args:
        if "d" in opts:
            if not hashcmd.remove(sh, n):
                sh.err(f"hash: {n}: not found")
                st = 1
        elif given is not None:
            if stat_mod.S_ISDIR(_stat_mode(sh, given)):
                sh.err(f"hash: {given}: Is a directory")
                st = 1
            else:
                hashcmd.insert(sh, n, given, 0)
        elif "/" not in n and n not in sh.funcs and n not in sh.builtins:
            if not hashcmd.hash_name(sh, n):
                if sh.dialect.ash_errors:
                    ash.msg(sh, f"{n}: not found", "hash")
                else:
                    sh.err(f"hash: {n}: not found")
                st = 1
    return st


def _stat_mode(sh, path: str) -> int:
    try:
        return sh.sys.stat(sh.path(path), sh.task).st_mode
    except OSError:
        return 0


@builtin("command", gen=True)
def bi_command(sh, argv):
    args = argv[1:]
    if sh.dialect.ash_errors and args and args[0][:1] == "-" and args[0] not in ("-", "--"):
        return (yield from _ash_command(sh, args))
    if args and args[0] in ("-v", "-V"):
        # command.def: success if any name is found; -V reports the others
        any_found = False
        for n in args[1:]:
            found, text = hashcmd.describe(sh, n, short=args[0] == "-V")
            _out(sh, text)
            any_found |= found
            if not found and args[0] == "-V":
                sh.err(f"command: {n}: not found")
        return 0 if any_found else 1
    if args and args[0] == "-p":
        args = args[1:]
    if not args:
        return 0
    return (yield from _run_words(sh, args))


def _ash_command(sh, args: list[str]):
    """ash.c/dash exec.c ``commandcmd``: options ``-p``, ``-v``, ``-V`` (``nextopt``,
    any order and together); with ``-v`` or ``-V`` its first name described
    (``describe_command``: not found is status 127, ``NAME: not found`` on the
    standard output for ``-V``), none 0; else the words run."""
    verify = ""
    i = 0
    while i < len(args) and args[i][:1] == "-" and len(args[i]) > 1:
        if args[i] == "--":
            i += 1
            break
        for c in args[i][1:]:
            if c not in "pvV":
                return ash.bad_option(sh, c, "command", False)
            if c != "p":
                verify = "V" if c == "V" or verify == "V" else "v"
        i += 1
    names = args[i:]
    if not verify:
        return (yield from _run_words(sh, names)) if names else 0
    if not names:
        return 0
    return _ash_describe(sh, names[0], verify == "V")


def _run_words(sh, args: list[str]):
    """Run ``args`` as a builtin or a program, no function looked up
    (``command``, ``jobs -x``)."""
    bi = sh.builtins.get(args[0])
    if bi is not None:
        return (yield from _call_builtin(sh, bi, args))
    from .nodes import Simple
    return (yield from sh.run_external(args, Simple([], [], [], sh.lineno, " ".join(args))))


@builtin("builtin", gen=True)
def bi_builtin(sh, argv):
    if len(argv) < 2:
        return 0
    bi = sh.builtins.get(argv[1])
    if bi is None:
        sh.err(f"builtin: {argv[1]}: not a shell builtin")
        return 1
    return (yield from _call_builtin(sh, bi, argv[1:]))


def _call_builtin(sh, bi: tuple, argv: list[str]):
    """Builtin ``bi`` run by ``builtin`` or ``command``: its options read first
    (shell/bashgetopt.py ``usage_error``), as wherever bash runs it."""
    if len(argv) > 1 and sh.dialect.builtin_getopt:
        from .bashgetopt import usage_error
        st = usage_error(sh, argv)
        if st is not None:
            return st
    fn, is_gen = bi
    return (yield from fn(sh, argv)) if is_gen else fn(sh, argv)

