"""The shell: variables, processes, redirections and the top-level run.

A :class:`Shell` is one bash process: a model task plus the shell state. A
subshell (``( )``, ``$( )``, a pipeline stage, a background job) is a copy of
that state bound to a task forked with ``sys.fork``. External commands are
forked, exec'ed and run with :class:`~.context.CommandContext`; builtins run in
the shell's own task.
"""
from __future__ import annotations

import errno
import functools
import itertools
import os
import posixpath
import random
import stat as stat_mod
import weakref
from dataclasses import field
from functools import partial
from itertools import islice
from types import GeneratorType
from typing import TYPE_CHECKING, Callable, Generator

from ..codecache import dataclass
from ..lazyimport import LazyPattern
from ..kernel.clock import BOOT_EPOCH
from ..kernel.fork import (ASH_CHILD_IO_WINDOWS, ASH_COMSUB_CHILD_WINDOWS, ASH_COMSUB_WINDOWS,
                           ASH_EVAL_WINDOWS, ASH_FORK_CHILD_WINDOWS, ASH_SUBSHELL_WINDOW_FAULTS,
                           BASH_CHILD_PATHS, BASH_COMSUB_PARSE_WRITES, BASH_COMSUB_WINDOWS,
                           BASH_FORK_CHILD_WINDOWS, BASH_FORK_WRITES, BASH_SCRIPT_CHILD_WINDOWS,
                           EXEC_FAIL_FAULTS, EXECVE_FAIL_FAULTS, PF_FORKNOEXEC,
                           REDIRECT_FAULTS, execvp_attempts)
from ..kernel.signum import SIGCHLD, SIGINT, SIGKILL, SIGPIPE, SIGTERM
from ..sysapi import PROGRAM_INO_BASE, TaskKilled
from .arrays import max_index, owned, set_top, track
from .assoc import Assoc, table_order
from .bashrand import BashRandom
from .builtins import (ASH_ONLY, BUILTINS, CASEMAP, INT_ATTR, INVIS_ATTR, INVISIBLE, NAMEREFS, REF_ATTR, RO_ATTR,
                       SPECIAL, TEMPENV, LOCAL_OPTS, SET_OPTIONS, bi_exec, bi_export, bi_readonly, casemap, is_binary,
                       not_executable)
from .commands._util import err_write
from .commands.userland import (ASH_APPLET_BUILTINS, map_applet_code, nofork_applets,
                                noexec_applets, scripts)
from .context import CommandContext, Sleep, abspath, lstat
from .cwd import set_pwd
from .expand import (ExpansionError, Param, array_index, compile_word, element_index, expand_fields, expand_g,
                     expand_str)
from .depth import funcnest_max, python_stack, too_deep
from .legalnum import legal_number, number_or_zero
from .flow import ArithFailed, Break, Continue, ExitShell, ForceEOF, ReadonlyError, Return, RuntimeUnsupported, ShellError
from .jobreport import process_lines, signal_desc
from .jobs import (Block, Deadlock, Job, Proc, RunsForever, Scheduler, raw_status, sleep_anywhere,
                   task_killed)
from .jobtable import notify_and_cleanup, stop_pipeline
from . import (arith, arraymem, ash, ashjobs, bashmem, dirstack, dolparen, envimport, forkretry, hashcmd,
               jobcontrol, vartable, verbose, wordcache, xtrace)
from .dialect import BASH, BusyboxSh, Dash, Dialect
from .shopt import BASHOPTS_ON, SHOPT_NAMES
from .arraymem import FLUSH, VAR_CHUNKS, position as _position
from .applet_pages import AppletRun
from .malloc import (BUCKET_CONTENTS_SIZE, BUSYBOX_SH_CHILD_WRITES,
                     BUSYBOX_SH_FORK_PARENT_FAULTS, BUSYBOX_SH_HEAP_START,
                     busybox_sh_fork_writes, busybox_sh_parent_writes,
                     BUSYBOX_SH_STACK_PAGES, BUSYBOX_SH_SUBSHELL_FAULTS,
                     CACHE_ARRAYS, ELEMENT_BYTES, HEAP_START, JOB_SIZE, JOBS_ARRAY_SIZE, PROCESS_SIZE, SCRIPT_START,
                     FORK_DATA, FORK_PARENT_FAULTS, SHELL_VAR_SIZE, TIMES_FOUND, VAR_BUCKETS, Heap, after_fork_writes,
                     fork_writes, settle_faults)
from . import execframes
from .parsetree import definition_sizes, tree_sizes
from .stack import FUNCTION_FRAME, STACK_IMAGE_PAGES, fork_stack_pages, list_depths
from .nodes import AndOr, ArrayAssign, FuncDef, Group, Node, Pipeline, Redir, Seq, Simple, Subshell, UnitSyntaxError
from .printcmd import function_string, job_text
from .pattern import compile_pattern, is_pattern
from . import parsecache
from .parser import ParseError, Src, Unsupported, parse, parse_program
from .scan import CondError, DiscardError
from .pipes import (BrokenPipe, Deferred, Pipe, PipeIn, PipeOut, block_until, run_stages,
                    yield_turn)
from .scriptinput import ScriptInput
from .slotcopy import slot_copier
from .signals import (async_signals, end_wait_sigint, initialize_shell_signals,
                      procsub_signals, restore_original_signals, subshell_signals, wait_sigint)
from .streams import (CLOSED_IN, EMPTY_IN, MODE_FLAGS, O_CLOEXEC, O_LARGEFILE, O_RDONLY, BytesIn,
                      ClosedOut, EchoList, FileIn, FileInOut, FileOut, TermOut, fd_file)

#: deaths non-interactive bash does not report: SIGINT, SIGPIPE, SIGTERM
QUIET_SIGNALS = (SIGINT, SIGPIPE, SIGTERM)
#: bash's general.h ``SHELL_FD_BASE``: the lowest descriptor a ``{NAME}``
#: redirection takes (``fcntl(fd, F_DUPFD, SHELL_FD_BASE)``)
SHELL_FD_BASE = 10
#: bash's jobs.c: ``make_child`` retries a fork failing with EAGAIN while its
#: sleep (1 s, doubled each time) stays below this
FORKSLEEP_MAX = 16
#: the status of busybox's ``spawn`` child whose ``BB_EXECVP`` failed: ``_exit(111)``
#: (libbb/vfork_daemon_rexec.c, 1.35: "If 111 - then it (most probably) failed to exec")
SPAWN_FAIL_STATUS = 111

if TYPE_CHECKING:  # pragma: no cover
    from ..sysapi import SysAPI, TaskLike

__all__ = ["Shell", "Result", "run_script"]

DEFAULT_ENV = {"PATH": hashcmd.DEFAULT_PATH, "HOME": "/root", "USER": "root", "PWD": "/"}
#: the environment a script's bash starts with, by userland: the one above, or
#: the oracle guests' (their init, ``busybox sh /init``, exports PATH=/bin:/sbin and
#: HOME=/root over the kernel's TERM=linux and sets SHLVL 1: oracle/image.py INIT;
#: `env` in a guest's script, docs/fidelity.md item 220)
SCRIPT_ENV = {"gnu": DEFAULT_ENV,
              "busybox": {"SHLVL": "1", "HOME": "/root", "TERM": "linux", "PATH": "/bin:/sbin",
                          "PWD": "/"}}
#: the bash the shell is (Debian 12's), set in every shell, not exported
BASH_VARS = {"BASH_VERSION": "5.2.15(1)-release",
             "BASH_VERSINFO": dict(enumerate(("5", "2", "15", "1", "release", "x86_64-pc-linux-gnu"))),
             "BASH": "/bin/bash", RO_ATTR + "BASH_VERSINFO": True,
             # variables.c initialize_shell_variables: IFS set, not taken from the
             # environment (`old=$IFS; IFS=:; ...; IFS=$old` restores splitting)
             "IFS": " \t\n",
             # set once at start-up, readonly (variables.c set_ppid, initialize_shell_variables)
             RO_ATTR + "PPID": True, RO_ATTR + "UID": True, RO_ATTR + "EUID": True,
             # getopts' state, bound at start-up whatever the environment says,
             # OPTIND an integer (initialize_shell_variables)
             "OPTIND": "1", INT_ATTR + "OPTIND": True, "OPTERR": "1",
             # computed from the options when read (variables.c set_bashopts /
             # set_shellopts keep them current), readonly
             RO_ATTR + "BASHOPTS": True, RO_ATTR + "SHELLOPTS": True}
#: initialize_shell_variables and set_machine_vars: set unless the environment
#: has them (``set_if_not``); HOSTNAME is the machine's (``current_host_name``);
#: SHELL the passwd entry's (``set_shell_var``)
IF_NOT_SET = {"TERM": "dumb", "PS4": "+ ", "HOSTTYPE": "x86_64", "OSTYPE": "linux-gnu",
              # config-top.h DEFAULT_PATH_VALUE (``env -i bash -c 'echo $PATH'``)
              "PATH": "/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin:.",
              "MACHTYPE": "x86_64-pc-linux-gnu", "SHELL": "/bin/bash",
              "BASH_LOADABLES_PATH": "/usr/local/lib/bash:/usr/lib/bash:/opt/local/lib/bash:"
                                     "/usr/pkg/lib/bash:/opt/pkg/lib/bash:."}
_SPECIAL = frozenset(("?", "$", "!", "#", "-", "@", "*", "_", "BASH_COMMAND", "BASH_LINENO", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
                      "BASHPID", "RANDOM", "SRANDOM", "LINENO", "SECONDS", "PPID", "UID", "EUID", "PIPESTATUS",
                      "FUNCNAME", "BASH_SOURCE", "EPOCHSECONDS", "EPOCHREALTIME", "BASHOPTS", "SHELLOPTS",
                      "GROUPS", "DIRSTACK", "BASH_ARGV0", "BASH_SUBSHELL", "BASH_ARGV",
                      "BASH_ARGC"))
#: ``{NAME[SUB]}`` redirections' subscripts, compiled: text -> Word
_SUBSCRIPTS: dict = {}
#: the arrays of the calls running (``Shell.call_frames``): which field
_CALL_ARRAYS = {"FUNCNAME": 0, "BASH_SOURCE": 1, "BASH_LINENO": 2}
#: the arrays ``get_array`` computes
_COMPUTED_ARRAYS = frozenset(("PIPESTATUS", "BASH_ARGV", "BASH_ARGC", "GROUPS", "DIRSTACK", *_CALL_ARRAYS))
#: variables.c's ``att_noassign`` variables: an assignment is ignored
#: (``bind_variable``), a compound one fails, abandoning the line unreported
#: (``assign_array_var_from_string``: bash 5.2.15 ``BASH_ARGV=(x) || echo no``
#: prints nothing, ``$?`` 1)
_NOASSIGN = frozenset(("GROUPS", "BASH_ARGV", "BASH_ARGC", "BASH_SOURCE", "BASH_LINENO", "FUNCNAME"))
#: variables.c's assignment functions of dynamic variables (besides RANDOM's)
#: the first characters of a builtin's option word (bashgetopt.usage_error)
_OPTION_START = ("-", "+")
_ASSIGN_HOOKS = _NOASSIGN | {"BASH_ARGV0", "BASH_SUBSHELL", "PATH", "OPTIND", "SECONDS"}
#: dynamic variables ``unset`` turns into plain ones
_DYNAMIC = frozenset(("RANDOM", "SRANDOM", "BASHPID", "SECONDS", "LINENO", "EPOCHSECONDS", "EPOCHREALTIME",
                      "BASH_SUBSHELL", "GROUPS", "DIRSTACK", "FUNCNAME"))
_DEV_FD = LazyPattern(r"/dev/(?:fd/(\d+)|std(in|out|err))")
_REDIR_MODE = {">": "w", ">|": "w", ">>": "a", "<": "r", "&>": "w", "&>>": "a", ">&": "w", "<>": "r+",
               "<&": "r"}


@dataclass
class Result:
    """A script's run: its stdout, stderr, exit status, the signal that killed the
    shell if one did, and ``output``, the ``("out" | "err", text)`` chunks in the
    order they were written."""
    stdout: str
    stderr: str
    status: int
    output: list[tuple[str, str]] = field(default_factory=list)
    signal: int | None = None
    #: commands the script called that the model does not have: name -> calls
    not_modelled: dict[str, int] = field(default_factory=dict)
    #: the script's shell's process ID (``$$``); 0 when it never started
    pid: int = 0

    def not_modelled_line(self) -> str:
        """``not modelled: systemd-run (3 calls), ...`` (most called first), or ""."""
        if not self.not_modelled:
            return ""
        items = sorted(self.not_modelled.items(), key=lambda kv: (-kv[1], kv[0]))
        return "not modelled: " + ", ".join(
            f"{n} ({c} call{'s' if c != 1 else ''})" for n, c in items) + "\n"


class _Programs(dict):
    """The shell's own programs (``bash``, ``sh``, ``ash``), then the external commands'
    registry, looked up there only when asked for (it imports a tool's module at
    its first lookup); only those of ``installed`` when it is given (a userland's
    programs: ``userland.installed``)."""

    def __init__(self, commands, installed: frozenset[str] | None = None) -> None:
        super().__init__(SHELL_PROGRAMS)
        self.commands = commands
        self.installed = installed

    def get(self, name, default=None):
        """The program's implementation, or ``default``."""
        if self.installed is not None and name not in self.installed:
            return default
        fn = dict.get(self, name)
        return self.commands.get(name, default) if fn is None else fn

    def modelled(self, name: str) -> bool:
        """Whether the model has program ``name``, installed or not."""
        return dict.get(self, name) is not None or self.commands.get(name) is not None

    def names(self) -> set[str]:
        """Every program's name, the tools' modules not imported."""
        names = set(dict.keys(self)) | self.commands.names()
        return names if self.installed is None else names & self.installed


def _commands(userland: str = "gnu") -> dict:
    try:
        from .commands import COMMANDS
        from .commands.userland import installed
    except Exception:  # the external commands package is optional for the interpreter
        return dict(SHELL_PROGRAMS)
    return _Programs(COMMANDS, installed(userland))


def _close_dropped(saved) -> None:
    """``exec``'s redirections replaced the streams ``saved``: the FIFO ends no
    descriptor refers to any more are closed (the other files' closes change
    nothing the model keeps)."""
    i, o, e, fds = saved
    for s in (i, o, e, *fds.values()):
        f = getattr(s, "f", None)
        if getattr(f, "held", None) is not None and not f.live():
            f.close()


def shell_level(old: str | None, change: int) -> int:
    """variables.c ``adjust_shell_level``: SHLVL's value (0 if unset or not a
    number) plus ``change``, at least 0 (1000 and up: the caller warns and
    resets it to 1)."""
    level = number_or_zero(old) + change
    return max(level, 0)


def _shlvl_lowered(env) -> dict:
    """The environment (``env``, or what making it returns) with SHLVL one down."""
    e = env() if callable(env) else env
    v = e.get("SHLVL")
    if v is not None:
        e["SHLVL"] = str(shell_level(v, -1))
    return e


def _in_pipeline(sh: "Shell") -> bool:
    """Whether this process is a pipeline's stage (its stdin or stdout a pipe of the
    pipeline's own, which no shell's descriptor holds: ``SUBSHELL_PIPE``); not the
    pipes the bash program got from its caller (``bash -c`` as a stage: its
    subshell_environment is 0)."""
    i, o = sh.stdin, sh.stdout
    return ((type(i) is PipeIn and not i.pipe.holders and i.pipe not in sh.outer_pipes)
            or (type(o) is PipeOut and not o.pipe.holders and o.pipe not in sh.outer_pipes))


class CoprocState:
    """bash's ``struct coproc``: the coprocess's name, pid, job and this shell's
    descriptors on its pipes (-1 once closed)."""
    __slots__ = ("name", "pid", "job", "rfd", "wfd")

    def __init__(self, name: str, pid: int, job: Job, rfd: int, wfd: int):
        self.name = name
        self.pid = pid
        self.job = job
        self.rfd = rfd
        self.wfd = wfd


class Shell:
    """One bash process of a script run (the main shell or a subshell)."""

    __slots__ = ("sys", "task", "script", "scopes", "exported", "funcs", "args", "arg0", "status",
                 "last_bg", "errexit", "nounset", "xtrace", "verbose", "notify", "pipefail", "noclobber", "allexport", "_cwd", "stdin", "stdout",
                 "stderr", "sched", "jobs", "inherited_jobs", "rng", "rand", "lineno", "ctx_line", "noerrexit",
                 "exec_direct", "execed", "main_pid", "funcnames", "loop_depth", "in_cmdsub", "subst_status",
                 "sdepth", "stack_low",
                 "out", "commands", "source_depth", "owns_task", "start_time", "seconds_assigned", "seed", "pending_notify",
                 "traps", "chld_seen", "shown_traps", "own_ignored", "pipestatus", "fds", "aliases", "hashed", "hash_table", "hash_chunks", "hash_start", "cmd_path", "dirstack", "builtins", "disabled", "getopts_at",
                 "procsubs", "shopts",
                 "ulimits", "reaped", "missing", "heap", "var_chunks", "subst_chunks", "comsub_bufs",
                 "job_chunks", "jobs_seen", "jobs_array", "kept", "child_redirs", "exec_last", "jmarks",
                 "cmd_string", "exported_funcs", "arrays", "lastarg", "decl_ro", "errtrace", "functrace", "in_return_trap",
                 "cur_cmd", "trap_cmd", "funclines", "umask", "coproc", "shlvl_warning",
                 "in_paren", "outer_pipes", "tcwd", "printf_vbuf", "bgpids", "store_src", "bind_elems", "elem_op", "xlevel",
                 "subshell_level", "stage_bump", "subshell_cell", "srcframes", "funcfiles", "main_src", "top_src",
                 "argstack", "scripts", "noexec", "script_input", "monitor", "job_control",
                 "pipeline_pgrp", "job_stops", "func_chunks", "uw_cache", "uw_used", "ps_chunks",
                 "wdcache", "wlcache", "cache_arrays", "words_held", "fork_due", "var_buckets", "lastarg_chunk",
                 "lastarg_early", "dialect", "noglob", "ashtab", "script_path", "script_in",
                 "hash_tables", "hash_chains", "cond_stuck", "env_shift")

    def __init__(self, sys: "SysAPI", task: "TaskLike | None" = None, script_name: str = "-",
                 args=(), env: dict | None = None, seed: int = 0, cwd: str = "/",
                 commands: dict | None = None):
        self.sys = sys
        self.owns_task = task is None
        if task is None:
            # a script file is bash's argument (``bash NAME``: its cmdline), as
            # the machine names the program (``script_argv0``)
            argv0 = getattr(sys, "script_argv0", None)
            task = sys.spawn("bash") if argv0 is None or script_name in ("-", "", "bash") \
                else sys.spawn("bash", [argv0, script_name])
        self.task = task
        _share_fds(sys, self.task, self)
        self.script = script_name if script_name not in ("-", "") else "bash"
        #: the script file bash opened (its input at 255), None for -c or stdin
        self.script_path: str | None = None
        #: bash's buffered reads of that file (shell/scriptinput.py), None but in the
        #: bash reading it
        self.script_in: ScriptInput | None = None
        self.arg0 = script_name if script_name not in ("-", "") else "bash"
        env = dict(SCRIPT_ENV[getattr(sys, "userland", "gnu")] if env is None else env)
        #: ``$_``: the last word of the last simple command (``bind_lastarg``);
        #: at start-up the environment's ``_`` (the path the parent ran), else
        #: the shell's own name; never exported
        self.lastarg = env.pop("_", "bash")
        #: where ``_``'s value is in the arena once :meth:`bind_lastarg` made it
        #: (its start-up chunk is not known: never freed), and whether the running
        #: disk command bound it already (after its fork, before the wait)
        self.lastarg_chunk: tuple[int, int] | None = None
        self.lastarg_early = False
        #: the start-up variables' hash buckets in the arena (malloc.py
        #: ``VAR_BUCKETS``): a script bash's once its arena is laid out, else None
        self.var_buckets: dict | None = None
        #: how much further its environment put the start-up chunks made after its
        #: import than the laid-out arena's (shell/envimport.py): an exec'd bash's
        #: in a userland whose arena is laid out (:func:`cmd_bash`), else 0
        self.env_shift = 0
        #: bash's start-up hash tables of variables and functions in the arena
        #: (shell/vartable.py; malloc.py ``HASH_TABLES``): the guests' bash's,
        #: else None; the names made since in each bucket, newest first
        self.hash_tables: dict | None = None
        self.hash_chains: dict = {}
        #: while ``declare NAME=(...)`` runs (``nodes.DeclArrays``): its array
        #: names -> the scope their deferred ``-r`` goes to
        self.decl_ro: dict | None = None
        if cwd != "/" and env.get("PWD", "/") == "/":
            env["PWD"] = cwd
        #: variables.c adjust_shell_level(1): SHLVL one up, exported (a
        #: warning for 1000 and up, kept for ``bash`` to print: ``shlvl_warning``)
        level = shell_level(env.get("SHLVL"), 1)
        self.shlvl_warning = level >= 1000
        self.in_paren = False
        #: execute_cmd.c ``subshell_level`` ($BASH_SUBSHELL): subshells nested
        #: here; ``stage_bump``: this child was forked for a simple command of
        #: a pipeline, the level one up once it runs a builtin or a function
        #: (:meth:`stage_command`); ``subshell_cell``: the variable's value
        #: cell, what ``get_subshell`` last wrote (``declare -p`` lists it)
        self.subshell_level = 0
        self.stage_bump = False
        self.subshell_cell: str | None = None
        env["SHLVL"] = "1" if level >= 1000 else str(level)
        self.scopes: list[dict] = [{**IF_NOT_SET, "HOSTNAME": sys.uname_nodename(), **env,
                                    **BASH_VARS}]
        self.exported: set[str] = set(env)
        if "OLDPWD" not in env:
            # variables.c initialize_shell_variables: OLDPWD exported, no value
            self.scopes[0]["OLDPWD"] = None
            self.exported.add("OLDPWD")
        self.funcs: dict[str, Node] = {}
        #: each function's kept copies of its body (parsetree.definition_sizes):
        #: name -> the chunks of ``bind_function_def``'s and ``bind_function``'s
        self.func_chunks: dict[str, tuple[list, list]] = {}
        #: unwind_prot.c's cache of free unwind-protect elements (newest last)
        #: and the elements of the frames running, innermost last: their chunks
        #: (shell/execframes.py)
        self.uw_cache: list = []
        self.uw_used: list = []
        #: the chunks of the ``PIPESTATUS`` array a ``$(...)``'s parse last copied
        #: (shell/dolparen.py); empty while it is the start-up one
        self.ps_chunks: tuple = ()
        #: make_cmd.c's object caches: the free ``WORD_DESC`` and ``WORD_LIST``
        #: cells, the next one taken last (shell/wordcache.py)
        self.wdcache: list = []
        self.wlcache: list = []
        #: where those caches' and unwind_prot.c's arrays are in the arena
        #: (malloc.py ``CACHE_ARRAYS``), None if not known
        self.cache_arrays: dict | None = CACHE_ARRAYS[getattr(sys, "userland", "gnu")]
        #: the running simple command's words (``[held]`` of shell/wordcache.py
        #: ``take``; ``[None]`` once disposed of), None outside one
        self.words_held: list | None = None
        #: the parent's faults of its last fork not yet counted, its ``min_flt``
        #: then, the child and its writes still to make (:meth:`make_child` with
        #: ``settle`` False, :meth:`fork_settle`)
        self.fork_due: tuple = (0, 0, None, None)
        #: ``export -f``: the functions passed to commands (``BASH_FUNC_NAME%%``),
        #: in export order; replaced, never changed in place
        self.exported_funcs: tuple[str, ...] = ()
        self.args: list[str] = [str(a) for a in args]
        #: the ``source`` builtins running (``_evalfile``'s pushes onto FUNCNAME,
        #: BASH_SOURCE, BASH_LINENO), outermost first: (how many functions were
        #: running, the file's name, the line it was sourced at)
        self.srcframes: tuple = ()
        #: the functions defined while a file other than the script was the
        #: innermost BASH_SOURCE (make_cmd.c ``make_function_def``'s
        #: ``source_file``): name -> that file; replaced, never changed in place
        self.funcfiles: dict | None = None
        #: BASH_SOURCE's last element: the script as bash was given it; None when
        #: bash runs a ``-c`` string or its standard input (no file is pushed:
        #: shell.c ``open_shell_script`` pushes "main" and the file only for a file)
        self.main_src: str | None = self.arg0
        #: the file of the functions defined outside every ``source``: the
        #: script's, "environment" under ``-c``, "main" on standard input (bash
        #: 5.2.15: ``bash -c 'f() { echo $BASH_SOURCE; }; f'`` prints environment)
        self.top_src = self.arg0
        #: BASH_ARGV and BASH_ARGC (extdebug off): (initialized, values, counts),
        #: the latest first (``array_push`` shifts them in at 0); the script's
        #: arguments pushed at the first reference outside a function
        #: (``get_bash_argv`` → ``init_bash_argv``), a ``source`` without
        #: arguments pushing its file's name (``_evalfile``)
        self.argstack: tuple = (False, (), ())
        self.status = 0
        self.last_bg: int | None = None
        self.errexit = self.nounset = self.xtrace = self.pipefail = False
        #: ``set -v`` (shell/verbose.py) and ``set -b`` (``notify``: kept, reported;
        #: bash acts on it only when interactive: jobs.c ``asynchronous_notification``)
        self.verbose = self.notify = False
        #: ``set -m``: ``$-``'s ``m`` (``jobs_m_flag``, kept in subshells) and
        #: ``job_control`` (off in a subshell: ``without_job_control``), the process
        #: group the pipeline being forked joins (shell/jobcontrol.py)
        self.monitor = self.job_control = False
        self.pipeline_pgrp = 0
        #: a job of this shell was ever seen stopped: the marks' rules must look
        #: for stopped jobs (jobtable ``reset_current``)
        self.job_stops = False
        #: ``set -C``: ``>`` does not overwrite an existing regular file
        self.noclobber = False
        #: ``set -a`` (flags.c ``mark_modified_vars``): every variable or function
        #: set or defined is exported
        self.allexport = False
        #: ``set -f``: no pathname expansion (subst.c ``glob_expand_word_list``)
        self.noglob = False
        #: ``indirection_level``: PS4's first character repeated this often in a
        #: ``set -x`` trace (shell/xtrace.py)
        self.xlevel = 1
        #: ``set -E``: functions and subshells run the ERR trap too
        self.errtrace = False
        #: set -T: functions inherit the RETURN trap (execute_function)
        self.functrace = False
        self.in_return_trap = False
        #: ``umask``'s mask: its process's (``fs->umask``), which the files and
        #: directories it and its children create follow
        self.umask = getattr(self.task, "umask", 0o022)
        #: the coprocess (``sh_coproc``), until disposed of
        self.coproc: CoprocState | None = None
        #: ``BASH_COMMAND``: the simple command running (its text as bash prints
        #: it); while a trap runs, the one running when it was called
        self.cur_cmd = ""
        self.trap_cmd: str | None = None
        #: where relative names resolve on a system without a kernel cwd (else
        #: the task's ``fs->pwd``: :attr:`cwd`)
        self._cwd = cwd
        if self.owns_task and hasattr(sys, "chdir"):
            sys.chdir(cwd, self.task)
        #: bash's ``the_current_working_directory`` (shell/cwd.py): its name of the
        #: directory it is in, apart from the kernel's cwd; None until asked
        self.tcwd: str | None = cwd
        self.out: list[tuple[str, str]] = []
        self.stdin = EMPTY_IN
        self.stdout = TermOut(self.out, "out")
        self.stderr = TermOut(self.out, "err")
        self.sched = Scheduler(sys)
        #: the job table (``shell/jobtable.py``), in job-number order
        self.jobs: list[Job] = []
        #: the jobs ``%+`` and ``%-`` name (``js.j_current``, ``js.j_previous``)
        self.jmarks: tuple = (None, None)
        #: the statuses of jobs deleted from the table, by their last pid
        #: (``bgpids``), and the process substitutions, until a ``wait``
        self.reaped: dict[int, Job] = {}
        #: ``jobtable.NOTIFY``: a job ended since the last notification;
        #: ``jobtable.CLEANUP``: a job was marked notified since the last cleanup
        self.pending_notify = 0
        #: running a ``-c`` string (bash's ``startup_state`` 2), not a script (0)
        self.cmd_string = False
        #: reading its commands from a script's buffered input (input.c
        #: ``default_buffered_input`` >= 0): a bash running a script file or its
        #: standard input, not a ``-c`` string nor a subshell (``make_child``'s
        #: child closes it: ``unset_bash_input``)
        self.script_input = False
        #: job lists of the parent shells (``jobs`` in ``$(jobs -p)`` shows the parent's jobs)
        self.inherited_jobs: list[list[Job]] = []
        #: ``trap``: "EXIT" or a signal number -> action ("" ignores it)
        self.traps: dict = {}
        #: with a CHLD trap set: the task's ``chld_notified`` its trap has run for
        #: (None: no CHLD trap)
        self.chld_seen: int | None = None
        #: a subshell's listing of its parent's traps until it sets one (bash 5.2
        #: trap.def: ``SUBSHELL_RESETTRAP``, ``free_trap_strings``); None: its own
        self.shown_traps: dict | None = None
        #: the SIGINT/SIGQUIT bits this bash process ignores by its own choice
        #: (``initialize_shell_signals``' SIGQUIT, ``setup_async_signals`` in an
        #: async subshell): the commands it runs get them back
        #: (``restore_original_signals`` before their execve; shell/signals.py)
        self.own_ignored = initialize_shell_signals(sys, self.task)
        self.fds: dict = {}     # descriptors above 2 (exec 3>FILE, 3>&1), never changed in place
        self.aliases: dict[str, str] = {}
        #: the command hash table: name -> (path, hits) (shell/hashcmd.py)
        self.hashed: dict[str, tuple] = {}
        #: its chunks in bash's heap: the table's (made at the first entry), each
        #: entry's, and the path of the command about to fork (shell/hashcmd.py)
        self.hash_table: tuple | None = None
        self.hash_chunks: dict[str, tuple] = {}
        #: the start-up heap (``HEAP_START``, ``SCRIPT_START``) holds the table and
        #: its first entry, not yet taken by a command (shell/hashcmd.py)
        self.hash_start = True
        self.cmd_path: tuple[int, int] | None = None
        #: the directory stack below the working directory (shell/dirstack.py)
        self.dirstack: list[str] = []
        #: the builtins it runs: all but those ``enable -n`` turned off (``disabled``)
        self.builtins: dict = BUILTINS
        self.disabled: frozenset = frozenset()
        #: shopt's options on (shell/shopt.py)
        self.shopts: frozenset[str] = BASHOPTS_ON
        #: ulimit: option -> (soft, hard); replaced, never changed in place
        self.ulimits = sys.init_rlimits() if hasattr(sys, "init_rlimits") else dict.fromkeys(
            (o for o, *_ in _ulimit_rows()), (None, None))
        #: (fd, stream) of process substitutions still open (closed after their command)
        self.procsubs: list = []
        #: getopts' place: (OPTIND it set, index in that word of the next option)
        self.getopts_at = (1, 1)
        #: the statuses of the last pipeline's members (``PIPESTATUS``): none until
        #: a first command ends (bash 5.2.15: ``echo ${#PIPESTATUS[@]}`` first prints 0)
        self.pipestatus: list[int] = []
        self.seed = seed
        self.rng = random.Random(seed)
        #: parse.y's parser_state keeps PST_CONDEXPR after a ``[[ ]]`` syntax error
        #: (read_token returns -1 without clearing it) until ``reset_parser``: the
        #: next ``[[`` this process parses is then a syntax error at its first token
        self.cond_stuck = False
        self.lineno = 0
        #: bash's ``line_number`` between simple commands (each restores it as it
        #: ends: execute_cmd.c ``execute_command_internal``): the innermost
        #: function's definition line, for loop's line, else the last line the
        #: parser read; the line of a job's report after a foreground command
        self.ctx_line = 0
        self.noerrexit = 0
        self.exec_direct = False
        #: ``exec COMMAND`` replaced this shell's process: nothing reaps its children
        self.execed = False
        self.exec_last = None
        #: the pipes this bash program's stdin and stdout were when it started
        #: (``bash -c`` as a stage of its caller's pipeline): not pipes of its
        #: own pipelines, so no SUBSHELL_PIPE for its subshells
        self.outer_pipes: tuple = ()
        self.main_pid = self.task.pid
        parent = getattr(self.task, "parent", None)
        #: the dynamic variables: RANDOM's generator, seeded at start-up
        #: (``seedrand``); PPID, getppid() then (``set_ppid``), kept by subshells
        self.rand = BashRandom(0, self.main_pid, self.rng.getrandbits(32),
                               parent.pid if parent is not None else getattr(self.task, "ppid", 1))
        self.rand.sbrand(self.rand.genseed(self.sys.now, self.main_pid, self.ppid()))
        self.funcnames: list[str] = []     # the functions running, innermost last
        self.funclines: list[int] = []     # the lines they were called from (BASH_LINENO)
        self.loop_depth = 0
        #: how deep in its stack the command running is past a top-level command's
        #: frames (bytes), and the deepest stack page written so far (shell/stack.py)
        self.sdepth = 0
        self.stack_low = STACK_IMAGE_PAGES - 1
        self.source_depth = 0
        self.in_cmdsub = False
        self.subst_status: int | None = None
        #: external commands by name (default: ``memcgsim.shell.commands.COMMANDS``)
        self.commands = _commands(getattr(sys, "userland", "gnu")) if commands is None else commands
        #: the image's programs that are scripts, by the name a command gives
        #: (``userland.SCRIPTS``: the guests' head and getconf wrappers)
        self.scripts = scripts(getattr(sys, "userland", "gnu"))
        #: busybox sh's NOEXEC applets (:func:`cmd_bash` sets them for a busybox
        #: ``sh``/``ash``), run in the shell's process without an execve; None: bash
        self.noexec: frozenset[str] | None = None
        #: which shell this is, and what differs (shell/dialect.py): bash's by default
        self.dialect: Dialect = BASH
        #: busybox sh's job table (shell/ashjobs.py); None: bash's (``jobs``)
        self.ashtab: ashjobs.JobTab | None = None
        self.start_time = sys.now
        #: the value last assigned to SECONDS (assign_seconds' seconds_value_assigned)
        self.seconds_assigned = 0
        #: commands not found (shared with subshells): name -> calls
        self.missing: dict[str, int] = {}
        #: this process's malloc arena (``shell/malloc.py``): the chunks of its
        #: variables' values and of its jobs, past its bash's start-up heap
        #: (``HEAP_START``)
        self.heap = Heap(sys, self.task, *HEAP_START[getattr(sys, "userland", "gnu")])
        #: a command substitution's copies of its output that live until the
        #: assignment that takes it is done (:meth:`command_subst`)
        self.subst_chunks: list = []
        #: the ``read_comsub`` buffers of an assignment's command substitutions,
        #: left for the assignment's expansion to take (``shell/bashmem.py``)
        self.comsub_bufs: list | None = None
        #: name -> (SHELL_VAR chunk, value chunk or the array's element chunks)
        self.var_chunks: dict[str, tuple] = {}
        #: ``printf -v``'s buffer, kept between calls while it is 4096 bytes or
        #: less: (chunk, vbsize) (shell/bashmem.py ``printf_vbuf``)
        self.printf_vbuf: tuple | None = None
        #: ``bgpids.storage``, the saved statuses of background jobs deleted from
        #: the job table, once the first is (shell/bashmem.py ``bgp_add``)
        self.bgpids: tuple | None = None
        #: the chunk the next scalar assignment copies its value from (``printf
        #: -v``'s buffer), else None: the value is written
        self.store_src: tuple | None = None
        #: array elements are bound as a compound assignment binds them
        #: (shell/bashmem.py ``bind_array_element``: a copy freed after each)
        self.bind_elems = False
        #: what the next array store does besides adding or removing elements:
        #: ``FLUSH`` (``NAME=(...)``), or the subscript ``NAME[SUB]=`` binds
        self.elem_op = None
        #: arrays and element-chunk lists by id: ``[object, max index, owner]``;
        #: the object is this shell's to change in place while its owner is this
        #: table, which a fork replaces in parent and child (``shell/arrays.py``);
        #: None until the shell has an array
        self.arrays: dict[int, list] | None = None
        self.job_chunks: dict[Job, tuple] = {}
        #: jobs.c's ``jobs``, the job table's array of ``JOB_SLOTS`` pointers:
        #: malloc'd by the first job's ``stop_pipeline`` (shell/malloc.py
        #: ``JOBS_ARRAY_SIZE``), None before
        self.jobs_array: tuple[int, int] | None = None
        self.jobs_seen: list[Job] = self.jobs
        #: the descriptors redirections saved to restore later (bash dups them
        #: to 10 and up, close-on-exec): still open in this process, innermost last
        self.kept: tuple = ()
        #: the redirections of the command a forked child was made for: the
        #: child applies them for good, keeping no copy (bash's RX_UNDOABLE unset)
        self.child_redirs: list | None = None

    # -- state ---------------------------------------------------------------------
    def fork_state(self, task: "TaskLike") -> "Shell":
        """A copy of this shell's state for a subshell running as ``task``."""
        if self.rand.env is None and "RANDOM" in self.exported:
            self.random_env()           # the parent makes the environment before forking
        s = _copy_shell(self)
        s.task = task
        _share_fds(self.sys, task, s)
        s.owns_task = False
        s.heap = self.heap.fork(task)
        s.subst_chunks = list(self.subst_chunks)
        s.comsub_bufs = None
        s.var_chunks = dict(self.var_chunks)
        s.hash_chains = dict(self.hash_chains)
        s.wdcache = list(self.wdcache)
        s.wlcache = list(self.wlcache)
        s.words_held = None
        t = self.arrays
        if t is not None:
            # both now share every array and chunk list: new tables, no owner's
            s.arrays = dict(t)
            self.arrays = dict(t)
        s.job_chunks = {}
        s.scopes = [dict(d) for d in self.scopes]
        s.exported = set(self.exported)
        s.funcs = dict(self.funcs)
        s.func_chunks = dict(self.func_chunks)
        s.uw_cache = list(self.uw_cache)
        s.uw_used = list(self.uw_used)
        s.args = list(self.args)
        s.funcnames = list(self.funcnames)
        s.funclines = list(self.funclines)
        s.aliases = dict(self.aliases)
        s.hashed = dict(self.hashed)
        s.hash_chunks = dict(self.hash_chunks)
        s.cmd_path = None
        s.procsubs = []
        s.jobs = []
        s.jobs_seen = s.jobs
        if self.ashtab is not None:
            # busybox sh's child has its parent's table until ``forkchild`` (the
            # node it runs: :meth:`_child_node`)
            s.ashtab = self.ashtab.copy()
            ashjobs.sync(s)
        s.reaped = {}
        s.pending_notify = 0
        # a subshell resets the traps it did not inherit as ignored (ERR kept
        # under set -E, RETURN under set -T: bash's functrace)
        s.traps = {k: v for k, v in self.traps.items()
                   if v == "" and k != "EXIT" or k == "ERR" and self.errtrace
                   or k == "RETURN" and self.functrace
                   } if self.traps else {}
        s.chld_seen = None
        if not self.dialect.ash_eval:
            shown = self.traps if self.shown_traps is None else self.shown_traps
            s.shown_traps = dict(shown) if shown else None
        if self.traps and getattr(task, "sigcaught", 0):
            for k in self.traps:
                if isinstance(k, int) and k not in s.traps:
                    self.sys.sigaction(task, k, False)
        # execute_in_subshell: SIGQUIT back, SIGINT caught (an async one's
        # setup_async_signals then ignores both: Shell.background)
        subshell_signals(self.sys, task, self.own_ignored)
        s.own_ignored = 0
        s.script_input = False          # unset_bash_input in make_child's child
        s.script_in = None
        s.inherited_jobs = [self.jobs] + self.inherited_jobs if self.jobs else self.inherited_jobs
        s.exec_direct = False
        s.execed = False
        s.job_control = s.job_stops = False
        s.pipeline_pgrp = 0
        s.exec_last = None
        s.in_cmdsub = False
        s.subst_status = None
        s.child_redirs = None
        s.stage_bump = False
        cp = self.coproc
        if cp is not None:
            # coproc_closeall in the child (execute_in_subshell, a forked simple
            # command's child; a command substitution keeps them: _run_forked)
            s.coproc = None
            s.fds = {k: v for k, v in self.fds.items() if k != cp.rfd and k != cp.wfd}
        return s

    def open_streams(self) -> list:
        """The streams this process has descriptors on: 0-2, those above, and
        those its redirections saved (``kept``)."""
        out = [self.stdin, self.stdout, self.stderr, *self.fds.values()]
        for i, o, e, fds in self.kept:
            out += (i, o, e, *fds.values())
        return out

    def fd_files(self, task: "TaskLike") -> dict:
        """The descriptors of ``task`` (this shell's process, or a command it forked,
        whose table is these streams while it runs) as /proc/PID/fd shows them
        (fs/procfd.py): fd -> (path, ``f_flags``, offset) (streams.py ``fd_file``):
        0-2, those above (``exec 3>FILE``), and the script's input at 255
        (``open_shell_script``: close-on-exec, closed in every child,
        ``unset_bash_input``) while the process holds it. Not shown: the
        descriptors a builtin's redirections saved at 10 and up for the time it
        runs (``kept``)."""
        return _fd_files(self.sys, task, (self.stdin, self.stdout, self.stderr, self.fds),
                         self.script_path, self.script_in)

    def _child_node(self, sub: "Shell", node: Node, paren: bool = False,
                    comsub: bool = False, fork: str = "async", stage: bool = False) -> Node:
        """What the forked ``sub`` runs for ``node``: a ``( LIST )`` runs in the
        child forked for it (a stage, a job: bash's ``execute_in_subshell``, no
        second fork), its redirections and a simple command's applied for good
        (``child_redirs``); a simple command is exec'ed in it, but for a command
        substitution (``comsub``) only without redirections: bash 5.2's child of
        ``command_substitute`` runs the string through ``parse_and_execute``, whose
        ``should_suppress_fork`` (builtins/evalstring.c) asks for no redirections
        but in a process substitution, so ``$(wc -l < FILE)`` forks ``wc`` (bash
        5.2.15: ``$(awk '{print $4}' /proc/self/stat < /dev/null)`` prints the pid
        of the substitution's child, without the redirection the shell's). busybox
        sh (``sub.noexec`` set) execs it with redirections too: ash.c
        ``evalbackcmd`` runs the substitution with ``EV_EXIT``, and ``evalcommand``
        applies the redirections before it decides to exec without a fork (the 6.1
        and 5.10 guests: ``$(wc -l < cgroup.procs)`` in ash lists 2 processes,
        novel-busybox-runtime).

        ``fork`` says what the child was forked for, which sets its
        ``subshell_level`` (bash 5.2 execute_cmd.c, subst.c): ``paren``, a
        ``( LIST )`` (``execute_in_subshell``: one up); ``subst``, a command or
        process substitution (``command_substitute``, ``process_substitute``:
        one up); in both a ``( )`` that the child runs in place is one more
        (``execute_in_subshell`` again, forked or not: ``$( (x) )`` is 2);
        ``async``, a job or a coprocess (one up: ``execute_simple_command``'s
        ``if (async) subshell_level++`` before the words are expanded, or
        ``execute_in_subshell``); ``stage``, a foreground pipeline's stage:
        a compound command one up (``execute_in_subshell``), a simple command
        only once it runs a builtin or a function (:meth:`stage_command`).
        ``stage``: a background pipeline's stage. busybox sh's child frees the job
        table it copied unless a stage or a command substitution runs ``jobs``
        (shell/ashjobs.py ``forkchild``)."""
        inner = body = _unseq(node)
        if sub.ashtab is not None:
            ashjobs.forkchild(sub, inner if stage or fork in ("stage", "subst") else None)
        if fork == "stage":
            if type(inner) is Simple:
                sub.stage_bump = True
            else:
                sub.subshell_level += 1
        elif fork == "async" or type(inner) is not Subshell:
            sub.subshell_level += 1
        else:
            sub.subshell_level += 2
        if paren or type(inner) is Subshell:
            sub.in_paren = True         # subshell_environment's SUBSHELL_PAREN
        if not sub.dialect.ash_eval and (paren or type(inner) is Subshell
                                or (fork != "subst" and type(inner) is not Simple)):
            # execute_in_subshell (bash 5.2, compatibility level above 4.4): "we're
            # no longer in a loop" (POSIX interp 842): break and continue there
            # complain and do nothing; a simple command's fork and a command
            # substitution's child keep the loops they are in
            sub.loop_depth = 0
        paren = paren or sub.in_cmdsub
        if type(inner) is Subshell:
            paren = True
            body = _unseq(inner.body)
            if not inner.redirs:
                inner = body
            else:
                inner = Group(body, inner.redirs, inner.line)
        if paren:
            sub.exec_last = _last_simple(body, sub.noexec is not None)
        redirs = getattr(inner, "redirs", None)
        if redirs:
            sub.child_redirs = redirs
        if isinstance(inner, Simple) and not (comsub and inner is body and inner.redirs
                                              and sub.noexec is None):
            sub.exec_direct = True
        return inner

    def call_frames(self, field: int) -> list[str]:
        """FUNCNAME (``field`` 0), BASH_SOURCE (1) or BASH_LINENO (2), innermost
        first: a frame for each function running (``execute_function``: its
        name, the file it was defined in, the line it was called from) and each
        ``source`` (``_evalfile``: "source", the file, the line), then, for a
        script file, the script's ("main", its name, 0)."""
        names, lines, srcs = self.funcnames, self.funclines, self.srcframes
        files = self.funcfiles or {}
        main = self.top_src
        out: list[tuple] = []
        at = 0
        for pos, path, line in srcs + ((len(names), None, 0),):
            out += [(n, files.get(n, main), str(ln)) for n, ln in zip(names[at:pos], lines[at:pos])]
            if path is not None:
                out.append(("source", path, str(line)))
            at = pos
        out.reverse()
        if self.main_src is not None:
            out.append(("main", self.main_src, "0"))
        return [f[field] for f in out]

    def current_source(self) -> str:
        """The file of the innermost function or ``source``, else the top level's
        (:attr:`top_src`): where a function defined now comes from."""
        if not self.srcframes and not self.funcfiles:
            return self.top_src
        frames = self.call_frames(1)
        return frames[0] if frames else self.top_src

    def no_main_frame(self, top_src: str) -> None:
        """bash runs a ``-c`` string (``top_src`` "environment") or its standard
        input ("main"): no script file, so no "main" frame in FUNCNAME,
        BASH_SOURCE and BASH_LINENO."""
        self.main_src = None
        self.top_src = top_src

    def define_function(self, name: str, body: Node) -> None:
        """A function definition (``execute_intern_function``): its body, the
        two copies of it bash keeps (parsetree.py: a redefinition frees the old
        ones first), and the file it comes from when that is not the script."""
        new = name not in self.funcs
        self.funcs[name] = body
        if self.allexport and name not in self.exported_funcs:
            # variables.c bind_function: mark_modified_vars exports it
            self.exported_funcs += (name,)
            self.export_changed()
        src = self.current_source()
        self.unbind_function_chunks(name)
        if self.noexec is None:
            self.func_chunks[name] = tuple(
                wordcache.take(self, sizes) for sizes in definition_sizes(name, src, body))
            if new and self.hash_tables is not None:
                # a new name: make_function_def's bind_function_def, then
                # execute_intern_function's bind_function, each a hash_insert
                vartable.insert(self, "function_defs", name)
                vartable.insert(self, "functions", name)
        files = self.funcfiles
        if src != self.top_src:
            self.funcfiles = {**(files or {}), name: src}
        elif files and name in files:
            self.funcfiles = {k: v for k, v in files.items() if k != name}

    def unbind_function_chunks(self, name: str) -> None:
        """The copies a function's definition kept, freed (``unset -f``, a
        redefinition: variables.c ``dispose_command`` of the old body)."""
        kept = self.func_chunks.pop(name, None)
        if kept is not None:
            for held in kept:
                wordcache.give(self, held)

    def bash_argv(self) -> tuple:
        """(BASH_ARGV, BASH_ARGC), latest first; referenced outside a function
        the first time, the positional parameters are pushed (bash 5.2
        variables.c ``get_bash_argv`` → ``init_bash_argv`` → ``save_bash_argv``:
        ``set -- a b`` before it makes them ``b a``, 2)."""
        done, argv, argc = self.argstack
        if not done and not self.funcnames:
            argv = tuple(reversed(self.args)) + argv
            argc = (str(len(self.args)),) + argc
            self.argstack = (True, argv, argc)
        return argv, argc

    def push_source(self, path: str, args: bool) -> tuple:
        """``_evalfile`` starting ``source PATH``: its frame; without arguments
        (no ``FEVAL_NOPUSHARGS``) PATH and 1 pushed on BASH_ARGV and BASH_ARGC.
        Returns what :meth:`pop_source` restores."""
        saved = (self.srcframes, not args)
        self.srcframes += ((len(self.funcnames), path, self.lineno),)
        if not args:
            argv, argc = self.bash_argv()
            self.argstack = (self.argstack[0], (path,) + argv, ("1",) + argc)
        return saved

    def pop_source(self, saved: tuple) -> None:
        """``source`` done: its frame gone; what it pushed popped (``pop_args``:
        BASH_ARGC's first count, that many of BASH_ARGV's first values)."""
        self.srcframes, pushed = saved
        done, argv, argc = self.argstack
        if pushed and argc:
            self.argstack = (done, argv[max(number_or_zero(argc[0]), 0):], argc[1:])

    def stage_command(self, internal: bool) -> None:
        """The simple command this pipeline stage was forked for has its words
        expanded: a builtin or a function (``internal``) runs one subshell level
        up (bash 5.2 execute_cmd.c execute_simple_command: ``if (async == 0)
        subshell_level++`` before ``execute_subshell_builtin_or_function``,
        which then does the redirections: ``echo $BASH_SUBSHELL | cat`` prints
        0, ``f | cat`` runs f at 1)."""
        self.stage_bump = False
        if internal:
            self.subshell_level += 1

    def get(self, name: str) -> str | None:
        """A variable's value; an array's element 0."""
        if name in _SPECIAL:
            return self.special(name)
        v = self._var(name)
        if isinstance(v, dict):
            return v.get("0") if type(v) is Assoc else v.get(0)
        if v is None:
            if name.isdigit():
                return self.special(name)      # ${10} and beyond: positional too
            return v
        try:
            swapped = self.task.mm.swap_at
        except AttributeError:
            swapped = None
        if swapped:
            self._read_value(name)
        return v

    def _read_value(self, name: str) -> None:
        """Bash reads a value as it expands it (its length, its copy): read faults
        on the pages of its chunk, which bring back any swapped out."""
        chunks = self.var_chunks.get(name)
        if chunks is not None and type(chunks[1]) is tuple:
            self.heap.read(chunks[1])

    def _var(self, name: str):
        """The value of the variable ``name`` in the innermost scope holding it
        (None: unset, or declared without a value, as ``local x``: bash 5.2
        variables.c ``find_variable`` stops at the first scope that has it, an
        ``att_invisible`` variable there reading as unset)."""
        scopes = self.scopes
        if NAMEREFS in scopes[0]:
            name = self.resolve(name)
        d = scopes[-1]
        v = d.get(name)
        if v is not None or len(scopes) == 1 or name in d:
            return v
        for i in range(len(scopes) - 2, -1, -1):
            d = scopes[i]
            if name in d:
                return d[name]
        return None

    def get_array(self, name: str, default: dict | None = None) -> dict | None:
        """An indexed array's elements by index (a scalar is element 0), None if
        unset. Arrays are never changed in place: subshells share them safely."""
        if name in _COMPUTED_ARRAYS and name not in self.rand.undyn and (
                name not in self.dialect.not_special):
            if name == "PIPESTATUS":
                return dict(enumerate(map(str, self.pipestatus)))
            if name in _CALL_ARRAYS:
                if name == "FUNCNAME" and not self.funcnames:
                    return default
                return dict(enumerate(self.call_frames(_CALL_ARRAYS[name])))
            if name == "BASH_ARGV" or name == "BASH_ARGC":
                return dict(enumerate(self.bash_argv()[name == "BASH_ARGC"]))
            if name == "DIRSTACK":
                return dict(enumerate(dirstack.listing(self)))
            return {0: self.special(name)}      # GROUPS
        v = self.special(name) if name in _SPECIAL else self._var(name)
        if v is None:
            return default
        return v if isinstance(v, dict) else {0: v}

    def is_array(self, name: str) -> bool:
        """``name`` is an array with a value (indexed or associative; bash's
        ``array_p``/``assoc_p`` and not ``invisible_p``)."""
        if name in _COMPUTED_ARRAYS and name not in self.rand.undyn and (
                name not in self.dialect.not_special):
            return self.get_array(name) is not None
        return isinstance(self._var(name), dict) and not (
            INVISIBLE in self.scopes[0] and self.has_attr(INVIS_ATTR, name))

    def _assoc_items(self, name: str, items: list) -> list:
        """An associative array's ``(key, value)`` pairs from a compound assignment's
        ``items`` (bash 5.2 arrayfunc.c ``assign_compound_array_list``): a first
        word that is no ``[KEY]=VALUE`` makes the words keys and values in turn
        (``kvpair_assignment_p``, ``assign_assoc_from_kvlist``: a ``[KEY]=VALUE``
        word among them a key as written, a last key without a value "", an empty
        key skipped with ``'': bad array subscript``); else a word without its
        ``[KEY]=`` is skipped with ``must use subscript``."""
        if type(items[0]) is tuple:
            pairs = []
            for it in items:
                if type(it) is tuple:
                    pairs.append(it)
                else:
                    self.err(f"{name}: '{it}': must use subscript when assigning "
                             "associative array")
            return pairs
        words = [f"[{it[0]}]={it[1]}" if type(it) is tuple else it for it in items]
        pairs = []
        for i in range(0, len(words), 2):
            key = words[i]
            if key == "":
                self.err(f"'{key}': bad array subscript")
                continue
            pairs.append((key, words[i + 1] if i + 1 < len(words) else ""))
        return pairs

    def assign_array(self, name: str, items: list, append: bool = False) -> None:
        """``NAME=(...)`` / ``NAME+=(...)``: ``items`` are values, or (index, value)
        pairs (``[IDX]=VALUE``; a key for an associative array). An associative
        array (``declare -A``) stays one. An array of this shell's own is
        changed in place (``shell/arrays.py``), another one copied."""
        if name in _NOASSIGN and name not in self.rand.undyn:
            raise ShellError(1)
        old = self.get_array(name)
        assoc = type(old) is Assoc
        if assoc and items:
            items = self._assoc_items(name, items)
        if items and self.is_integer(name):
            # an integer array's values are arithmetic (arrayfunc.c
            # bind_array_var_internal → make_array_variable_value: evalexp)
            items = [(it[0], str(self.arith(it[1]))) if type(it) is tuple else str(self.arith(it))
                     for it in items]
        if append and old:
            if self._in_place(name, old):
                arr = old
                top = -1 if assoc else max_index(self, arr)
            else:
                arr = old.copy() if assoc else dict(old)
                top = -1 if assoc else max_index(self, old)
                track(self, arr, top)
        else:
            arr = Assoc() if assoc else {}
            top = -1
            track(self, arr, top)
        if assoc:
            for idx, v in items:
                arr[idx] = v
        else:
            nxt = top + 1
            for it in items:
                if type(it) is tuple:
                    nxt, v = it
                else:
                    v = it
                arr[nxt] = v
                if nxt > top:
                    top = nxt
                nxt += 1
            set_top(self, arr, top)
        if not append:
            self.elem_op = FLUSH
        try:
            self.setvar(name, arr)
        finally:
            self.elem_op = None

    def assign_element(self, name: str, idx, value: str, append: bool = False) -> None:
        """``NAME[IDX]=VALUE`` / ``+=`` (IDX a key for an associative array; an
        integer array's VALUE arithmetic, ``+=`` a sum)."""
        old = self.get_array(name)
        if self.is_integer(name):
            value = str(self.arith(value) + (self.arith((old or {}).get(idx) or "0") if append else 0))
            append = False
        if old is not None and self._in_place(name, old):
            arr = old
        else:
            arr = old.copy() if type(old) is Assoc else dict(old or {})
            track(self, arr, -1 if type(arr) is Assoc or not arr else max_index(self, old))
        arr[idx] = (arr.get(idx) or "") + value if append else value
        if type(arr) is not Assoc and idx > max_index(self, arr):
            set_top(self, arr, idx)
        # bound as bind_array_var_internal binds (shell/arraymem.py)
        self.elem_op = idx
        self.bind_elems = True
        try:
            self.setvar(name, arr)
        finally:
            self.bind_elems = False
            self.elem_op = None

    def unset_element(self, name: str, arr: dict, idx) -> None:
        """``unset 'NAME[IDX]'`` of the array ``arr`` ``name`` holds (``array_remove``,
        ``assoc_remove``): an associative array's key that is there; an indexed
        array's index, if any (an index out of range stores it unchanged)."""
        if type(arr) is Assoc:
            if idx not in arr:
                return
            if not self._in_place(name, arr):
                arr = arr.copy()
                track(self, arr)
            del arr[idx]
        elif self._in_place(name, arr):
            if idx in arr:
                top = max_index(self, arr)
                del arr[idx]
                if idx == top:      # array_remove: max_index from the element before
                    set_top(self, arr, top - 1 if top - 1 in arr else max(arr) if arr else -1)
        else:
            arr = {k: v for k, v in arr.items() if k != idx}
            track(self, arr, max(arr) if arr else -1)
        self.setvar(name, arr)

    def _in_place(self, name: str, arr: dict) -> bool:
        """May ``arr``, the array ``get_array(name)`` found, be changed in place? It
        is this shell's own (``shell/arrays.py``), the value ``setvar`` would
        replace, and not readonly (``setvar`` refuses that before any change)."""
        if not owned(self, arr):
            return False
        if NAMEREFS in self.scopes[0]:
            name = self.resolve(name)
        return self._scope(name).get(name) is arr and not self._readonly(name)

    def _readonly(self, name: str) -> bool:
        """``name`` (a resolved name) is readonly in the scope that holds it."""
        scopes = self.scopes
        return RO_ATTR + name in scopes[0] or (len(scopes) > 1 and self.has_attr(RO_ATTR, name))

    def _scope(self, name: str) -> dict:
        """The scope an assignment to ``name`` (resolved) writes: the innermost
        holding it, else the global one."""
        scopes = self.scopes
        for i in range(len(scopes) - 1, 0, -1):
            if name in scopes[i]:
                return scopes[i]
        return scopes[0]

    def special(self, name: str) -> str | None:
        if name == "?":
            return str(self.status)
        if name in self.dialect.not_special:
            return self._var(name)
        if name == "PIPESTATUS":
            return str(self.pipestatus[0]) if self.pipestatus else None
        if name == "FUNCNAME":
            if name in self.rand.undyn:
                return self._var(name)
            return self.funcnames[-1] if not self.srcframes and self.funcnames else (
                self.get_array(name) or {}).get(0)
        if name == "BASH_SOURCE":
            frames = self.call_frames(1)
            return frames[0] if frames else None
        if name == "$":
            return str(self.main_pid)
        if name == "BASHPID":
            if name in self.rand.undyn:
                return self._var(name)
            return str(self.task.pid)
        if name == "#":
            return str(len(self.args))
        if name == "!":
            return None if self.last_bg is None else str(self.last_bg)
        if name == "0":
            return self.arg0
        if name.isdigit():
            i = int(name)
            return self.args[i - 1] if i <= len(self.args) else None
        if name in ("@", "*"):
            return " ".join(self.args) if self.args else None
        if name == "-":
            if self.dialect.ash_vars:
                return ash.dollar_dash(self)
            # flags.c shell_flags' order: a, b, e, f, h, m, u, v, x, B, E (a bash -c shell adds c)
            return ("a" if self.allexport else "") + ("b" if self.notify else "") + \
                ("e" if self.errexit else "") + \
                ("f" if self.noglob else "") + "h" + \
                ("m" if self.monitor else "") + \
                ("u" if self.nounset else "") + ("v" if self.verbose else "") + \
                ("x" if self.xtrace else "") + "B" + ("C" if self.noclobber else "") + \
                ("E" if self.errtrace else "") + ("T" if self.functrace else "") + \
                ("c" if self.cmd_string else "")
        if name == "RANDOM":
            if name in self.rand.undyn:
                return self._var(name)
            return str(self._own_rand().draw(self.sys.now, self.task.pid, self.ppid()))
        if name == "SRANDOM":
            if name in self.rand.undyn:
                return self._var(name)
            return str(self.rng.getrandbits(32))       # getrandom(2), here seeded
        if name == "LINENO":
            return str(self.lineno)
        if name == "SECONDS":
            if name in self.rand.undyn:
                return self._var(name)
            # get_seconds: the value assigned and the whole seconds of gettimeofday
            # since (tv_sec less shell_start_time)
            return str(self.seconds_assigned + int(BOOT_EPOCH + self.sys.now) - int(BOOT_EPOCH + self.start_time))
        if name in ("EPOCHSECONDS", "EPOCHREALTIME"):
            # variables.c get_epochseconds / get_epochrealtime: gettimeofday()
            if name in self.rand.undyn:
                return self._var(name)
            us = int((BOOT_EPOCH + self.sys.now) * 1_000_000)
            return str(us // 1_000_000) if name == "EPOCHSECONDS" else f"{us // 1_000_000}.{us % 1_000_000:06d}"
        if name in ("UID", "EUID"):
            return "0"
        if name == "PPID":
            return str(self.ppid())
        if name == "_":
            return self.lastarg
        if name == "BASH_COMMAND":
            return self.cur_cmd if self.trap_cmd is None else self.trap_cmd
        if name == "BASH_LINENO":
            frames = self.call_frames(2)
            return frames[0] if frames else None
        if name == "BASH_ARGV" or name == "BASH_ARGC":
            v = self.bash_argv()[name == "BASH_ARGC"]
            return v[0] if v else None
        if name == "GROUPS" or name == "DIRSTACK":
            if name in self.rand.undyn:
                return self._var(name)
            # get_groupset: root's supplementary groups; get_dirstack: the working
            # directory first
            return "0" if name == "GROUPS" else self.get("PWD") or self.tcwd
        if name == "BASH_ARGV0":
            return self.arg0
        if name == "BASH_SUBSHELL":
            # variables.c get_subshell: the level, written to the value cell
            if name in self.rand.undyn:
                return self._var(name)
            v = self.subshell_cell = str(self.subshell_level)
            return v
        if name == "BASHOPTS":
            return ":".join(n for n in SHOPT_NAMES if n in self.shopts)
        if name == "SHELLOPTS":
            return ":".join(sorted(["braceexpand", "hashall", "interactive-comments"] + [
                o for o, on in (("allexport", self.allexport), ("errexit", self.errexit),
                                ("errtrace", self.errtrace),
                                ("functrace", self.functrace), ("monitor", self.monitor),
                                ("noclobber", self.noclobber), ("noglob", self.noglob),
                                ("notify", self.notify), ("nounset", self.nounset),
                                ("pipefail", self.pipefail), ("verbose", self.verbose),
                                ("xtrace", self.xtrace)) if on]))
        return None

    def random_env(self) -> str:
        """An exported RANDOM's value in a command's environment: its value
        cell when the export environment was last made (``maybe_make_export_env``
        copies values, it draws nothing), kept until an exported variable other
        than RANDOM changes or ``export``/``unset`` runs."""
        r = self.rand
        if r.env is None:
            r = self._own_rand()
            r.env = r.value
        return r.env

    def export_changed(self) -> None:
        """``array_needs_making``: the export environment is to be made again."""
        if self.rand.env is not None:
            self._own_rand().env = None

    def ppid(self) -> int:
        """``getppid()`` of the main shell (PPID is set once, at start-up)."""
        return self.rand.ppid

    def unset_value(self, name: str) -> str:
        """Value of an unset parameter: "" or, under ``set -u``, a fatal error."""
        if self.nounset and name not in ("@", "*"):
            if self.dialect.ash_errors:
                raise ash.fatal(self, f"{name}: parameter not set")
            self.err(f"{name}: unbound variable")
            raise ForceEOF()
        return ""

    def has_attr(self, key: str, name: str) -> bool:
        """The attribute ``key`` (``RO_ATTR``, ``REF_ATTR``) of the innermost scope
        holding ``name``."""
        key += name
        for d in reversed(self.scopes):
            if key in d:
                return True
            if name in d:
                return False
        return False

    def resolve(self, name: str) -> str:
        """The variable a nameref (``declare -n``) chain leads to."""
        for _ in range(8):
            if not self.has_attr(REF_ATTR, name):
                return name
            target = self._var_raw(name)
            if not target or type(target) is not str:
                return name
            name = target
        self.err(f"{name}: circular name reference")
        raise ShellError(1)

    def _var_raw(self, name: str):
        for d in reversed(self.scopes):
            if name in d:
                return d[name]
        return None
    def _free_jobs(self) -> None:
        """Free the chunks of the jobs no longer in the job table."""
        chunks = self.job_chunks
        if chunks:
            keep = set(self.jobs)
            for j in [j for j in chunks if j not in keep]:
                for c in chunks.pop(j):
                    self.heap.free(c)
        self.jobs_seen = self.jobs

    def _store(self, name: str, value, append: bool = False) -> None:
        """The variable in the heap: its ``SHELL_VAR`` when it is first set; a
        scalar's new value allocated before the old one is freed, ``append``
        (``NAME+=WORD``) its value reallocated in place or moved; an array's
        elements allocated or freed as it grows or shrinks (``array_insert``).
        bash 5.2 variables.c ``bind_variable_internal``: ``make_variable_value``'s
        ``savestring`` (a new chunk: the tcache's, a bin's or the top's), then
        ``FREE (value_cell (entry))``; ``can_optimize_assignment`` →
        ``optimized_assignment``'s ``xrealloc (v, len + vlen + 8)`` for an append
        to a plain string."""
        heap = self.heap
        old = self.var_chunks.get(name)
        if old is None:
            # make_new_variable: the SHELL_VAR, its name, the hash bucket's key
            # and the BUCKET_CONTENTS (hash_insert)
            n = len(name) + 1
            old = ((heap.malloc(SHELL_VAR_SIZE), heap.malloc(n), heap.malloc(n),
                    heap.malloc(BUCKET_CONTENTS_SIZE)), None)
            if self.hash_tables is not None and self._new_global(name):
                vartable.insert(self, "variables", name)
        var, val = old
        if type(value) is str:
            heap.store(var[0], bashmem.SHELL_VAR_VALUE)      # var_setvalue
            if type(val) is list:
                bashmem.free_elements(heap, val)
                arraymem.free_container(heap, var[VAR_CHUNKS:])
                var = var[:VAR_CHUNKS]
                val = None
            src = self.store_src
            if src is not None and getattr(self.sys, "swapping", False):
                # make_variable_value's savestring: the source read as the copy is
                # written, page by page (with swap, its pages may have to come back)
                new = heap.malloc(len(value) + 1, 0)
                heap.copy(src, new, len(value) + 1)
                heap.free(val)
                val = new
            elif append and type(val) is tuple:
                val = heap.realloc(val, len(value) + 8, len(value) + 1)
            else:
                new = heap.malloc(len(value) + 1)
                heap.free(val)
                val = new
            if self.subst_chunks:
                self._free_subst()
        elif value is not None:
            assoc = type(value) is Assoc
            op = self.elem_op
            disposed = None
            if type(val) is not list:
                heap.free(val)
                val = []
                track(self, val)
                var = var[:VAR_CHUNKS] + arraymem.make_container(heap, assoc)
            elif op is FLUSH and (val or assoc):
                # NAME=(...) of a set array (assign_compound_array_list): an
                # associative one's new table now, the old one disposed of after
                # the elements are bound; an indexed one's elements freed first
                if assoc:
                    disposed = val, var[VAR_CHUNKS:]
                    var = var[:VAR_CHUNKS] + arraymem.make_container(heap, True)
                else:
                    bashmem.free_elements(heap, val)
                val = []
                track(self, val)
            n = len(value) - len(val)
            if (n or op is not None) and not owned(self, val):
                val = list(val)         # shared with a forked child: copy on write
                track(self, val)
            if n > 0:
                # the n elements added last (dict order), oldest first
                for k, v in reversed(list(islice(reversed(value.items()), n))):
                    val.append(arraymem.bind_element(heap, k, len(v), assoc) if self.bind_elems else
                               # array_insert's own (read -a): the ARRAY_ELEMENT, its copy
                               (heap.malloc(ELEMENT_BYTES), heap.malloc(len(v) + 1)))
            elif n < 0:
                bashmem.free_elements(heap, val[n:])
                del val[n:]
            elif op is not None and op is not FLUSH:
                # NAME[SUB]=VALUE of an element there: its place in the array
                i = _position(value, op)
                if i < len(val):
                    val[i] = arraymem.replace_element(heap, val[i], op, len(value[op]), assoc)
            if disposed is not None:
                bashmem.free_elements(heap, disposed[0])
                arraymem.free_container(heap, disposed[1])
        self.var_chunks[name] = (var, val)

    def _new_global(self, name: str) -> bool:
        """An assignment to ``name`` makes a variable in the global table: none of
        that name in any scope (nor one of the dynamic variables bash makes at
        start-up)."""
        return not any(name in d for d in self.scopes) and name not in _SPECIAL

    def _var_bucket(self, name: str):
        """The ``BUCKET_CONTENTS`` chunk of a variable the model made (None: a
        start-up one)."""
        chunks = self.var_chunks.get(name)
        return chunks[0][3] if chunks is not None and len(chunks[0]) > 3 else None

    def setvar(self, name: str, value: str) -> None:
        scopes = self.scopes
        if NAMEREFS in scopes[0]:
            name = self.resolve(name)
        if self._readonly(name):
            if self.dialect.ash_errors:
                raise ash.fatal(self, f"{name}: is read only")
            self.err(f"{name}: readonly variable")
            raise ReadonlyError(1)
        if name in _ASSIGN_HOOKS:
            if name in _NOASSIGN and name not in self.rand.undyn:
                return      # GROUPS: "Assignments to GROUPS have no effect" (until unset)
            if name == "BASH_ARGV0":    # assign_arg0: $0 too
                self.arg0 = value
            elif name == "BASH_SUBSHELL" and name not in self.rand.undyn:
                # assign_subshell: the level a number (legal_number) or 0; the
                # value cell left as it was
                self.subshell_level = number_or_zero(value)
                return
            elif name == "PATH":
                hashcmd.flush(self)     # sv_path
            elif (name == "SECONDS" and name not in self.rand.undyn
                  and name not in self.dialect.not_special):
                # variables.c assign_seconds: the value (legal_number's, else 0) and
                # the time counted from now (shell_start_time too: printf's %(...)T -2)
                self.seconds_assigned = number_or_zero(value)
                self.start_time = self.sys.now
            elif name == "OPTIND":
                # bash's sv_optind / ash's getoptsreset: getopts starts the word anew
                # (getopts' own assignment sets its place after)
                self.getopts_at = (0, -1)
        if name == "RANDOM" and name not in self.rand.undyn:
            # assign_random: bind_variable returns before array_needs_making
            self._assign_random(value)
        elif self.rand.env is not None and name in self.exported:
            self._own_rand().env = None
        self._store(name, value)
        d = self._scope(name) if len(scopes) > 1 else scopes[0]
        if type(value) is not str and INVISIBLE in scopes[0]:
            d.pop(INVIS_ATTR + name, None)      # assigned: visible
        d[name] = value
        if self.allexport and name not in self.exported:
            # bind_variable_internal: mark_modified_vars sets att_exported
            self.exported.add(name)
            self.export_changed()

    def _assign_random(self, value: str) -> None:
        """``assign_random``: RANDOM has the integer attribute, so the value is
        an arithmetic expression (``evalexp``); it seeds the generator
        (``sbrand``); in a subshell it counts as seeded there."""
        seed = self.arith(value) if value.strip() else 0
        r = self._own_rand()
        r.sbrand(seed)
        r.value = str(seed)     # set_int_value
        if self.task.pid != self.main_pid:
            r.seeded_pid = self.task.pid

    def _own_rand(self) -> BashRandom:
        """This process's generator: a subshell shares its parent's until it
        first draws or seeds (copy on write: its first draw reseeds anyway)."""
        r = self.rand
        if r.owner != self.task.pid:
            r = self.rand = r.copy(self.task.pid)
        return r

    def unsetvar(self, name: str) -> None:
        if NAMEREFS in self.scopes[0]:
            name = self.resolve(name)
        if name == "PATH":
            hashcmd.flush(self)         # sv_path
        if name in _DYNAMIC or self.rand.env is not None:
            r = self._own_rand()
            r.env = None
            if name in _DYNAMIC:
                r.undyn = r.undyn | {name}
        if self.hash_tables is not None and name in self.scopes[0] and not any(
                name in d for d in self.scopes[1:]):
            # makunbound: hash_remove from the global table, then the
            # variable disposed of
            vartable.remove(self, "variables", name, self._var_bucket)
        var, val = self.var_chunks.pop(name, (None, None))
        if type(val) is list:
            bashmem.free_elements(self.heap, val)
        else:
            self.heap.free(val)
        for c in var or ():
            self.heap.free(c)
        scopes = self.scopes
        for d in reversed(scopes):
            if name in d:
                d.pop(INVIS_ATTR + name, None)
                if d is scopes[-1] and d is not scopes[0]:
                    # unset of a local of the running function: it stays local,
                    # reading as unset until the function returns
                    d[name] = None
                else:
                    # a global, or a calling function's local: gone, the
                    # variable of the scope below visible again (bash 5.2
                    # variables.c unbind_variable, localvar_unset off)
                    del d[name]
                return

    def positional(self) -> list[str]:
        return self.args

    def env(self, extra: dict | None = None, command: str | None = None) -> dict[str, str]:
        """The environment of a command it runs, in the order bash 5.2's
        ``maybe_make_export_env`` makes it: ``extra`` (the prefix assignments,
        the temporary environment), then the exported variables set, but no
        array, innermost function scope first (a name once), each scope's
        table walked bucket by bucket (``table_order``); then the exported
        functions (``BASH_FUNC_NAME%%``); then, for the program ``command``,
        ``_`` set to its path (execute_cmd.c ``put_command_name_into_env``)."""
        env = {}
        if extra:
            for n in table_order(extra, TEMPENV_HASH_BUCKETS):
                env[n] = extra[n]
        scopes = self.scopes
        d = scopes[0]
        if len(scopes) == 1 and NAMEREFS not in d:
            # one scope, no namerefs: a plain value is get()'s answer
            for n in table_order(self._exported_in(d), VARIABLES_HASH_BUCKETS):
                if n in env:
                    continue
                v = d.get(n)
                if v is None or type(v) is not str or n in _SPECIAL:
                    if isinstance(v, dict):
                        continue
                    v = self.random_env() if n == "RANDOM" and n not in self.rand.undyn else self.get(n)
                    if v is None:
                        continue
                env[n] = v
        else:
            for n in self._export_order():
                if n in env or n not in _SPECIAL and isinstance(self._var(n), dict):
                    continue
                v = self.random_env() if n == "RANDOM" and n not in self.rand.undyn else self.get(n)
                if v is not None:
                    env[n] = v
        funcs = self.exported_funcs
        for n in table_order(dict.fromkeys(funcs), FUNCTIONS_HASH_BUCKETS) if len(funcs) > 1 else funcs:
            body = self.funcs.get(n)
            if body is not None:
                env[f"BASH_FUNC_{n}%%"] = function_string("", body, multiline=False)
        if command is not None and not self.dialect.ash_vars:
            env["_"] = self.command_path(command)
        return env

    def _exported_in(self, d: dict) -> dict:
        """The exported names ``d`` (a scope) holds, in the order they entered it
        (those it lacks, with no value to pass, left out)."""
        exported = self.exported
        return dict.fromkeys(n for n in d if n in exported)

    def _export_order(self) -> list[str]:
        """The exported names, innermost function scope first, each scope's table
        in its walk order (bash's ``map_over`` and ``vlist_add``: a name once)."""
        scopes = self.scopes
        out: list[str] = []
        seen: set[str] = set()
        exported = self.exported
        for i in range(len(scopes) - 1, 0, -1):
            d = scopes[i]
            temp = d.get(TEMPENV, ())      # a temporary environment's are exported
            names = {n: None for n in d if (n in exported or n in temp) and n not in seen}
            out += table_order(names, TEMPENV_HASH_BUCKETS)
            seen.update(names)
        rest = self._exported_in(scopes[0])
        for n in seen:
            rest.pop(n, None)
        return out + table_order(rest, VARIABLES_HASH_BUCKETS)

    def command_path(self, name: str) -> str:
        """The file ``name`` runs (bash's ``search_for_command``): itself if it
        has a slash, else the first executable file of that name in a ``PATH``
        directory (the command's name if none is found)."""
        if "/" in name:
            return name
        for d in (self.get("PATH") or "").split(":"):
            p = posixpath.join(d or ".", name)
            try:
                st = self.sys.stat(self.path(p), self.task)
            except OSError:
                continue
            if stat_mod.S_ISREG(st.st_mode) and st.st_mode & 0o111:
                return p
        return name

    def import_functions(self) -> None:
        """``initialize_shell_variables``: each ``BASH_FUNC_NAME%%`` of the
        environment whose value starts ``() {`` defines function NAME, exported
        again (bash 5.2 variables.c); it is no variable."""
        for k in [k for k in self.exported if k.startswith("BASH_FUNC_") and k.endswith("%%")]:
            v = self.scopes[0].pop(k)
            self.exported.discard(k)
            name = k[10:-2]
            if not v.startswith("() {"):
                continue
            try:
                node = parse(Src(f"{name} {v}"))
            except (ParseError, Unsupported):
                self.err(f"error importing function definition for `{name}'")
                continue
            items = node.items if type(node) is Seq else [(node, False)]
            if len(items) == 1 and type(items[0][0]) is FuncDef and items[0][0].name == name:
                self.define_function(name, items[0][0].body)
                self.exported_funcs += (name,)
            else:
                self.err(f"error importing function definition for `{name}'")

    @property
    def cwd(self) -> str:
        """The path relative names are resolved from: the kernel's cwd of the shell's
        process (kernel/fs_struct.py: renamed, or removed, as it is now)."""
        if getattr(self.task, "pwd", None) is None:
            return self._cwd
        return self.sys.cwd_base(self.task)

    @cwd.setter
    def cwd(self, value: str) -> None:
        self._cwd = value

    def path(self, p: str) -> str:
        return abspath(self.cwd, p, self.sys)

    def report_syntax_error(self, msg: str, lineno: int, offending: str | None) -> None:
        """bash's ``report_syntax_error``: the message, and for an unexpected token
        the input line it was read from (``print_offending_line``, a
        non-interactive shell); ``NAME: -c: line N:`` for a ``-c`` string."""
        self.lineno = lineno
        if self.dialect.ash_errors:
            # ash.c raise_error_syntax: ``syntax error: `` and ash's words, at the
            # line the parser stands on (errlinno), no input line
            ash.msg(self, self.dialect.syntax(msg))
            return
        lines = ([(m, lineno) for m in [msg] + ([f"`{offending}'"] if offending is not None else [])]
                 if type(msg) is not CondReport else msg.lines)
        for m, n in lines:
            self.lineno = n
            if self.cmd_string:
                self.stderr.write(f"{self.script}: -c: line {n}: {m}\n")
            else:
                self.err(m)
        self.lineno = lineno

    def err(self, msg: str) -> None:
        """A bash error message: ``script: line N: msg``. bash prints it with
        ``fprintf(stderr, ...)`` (error.c ``report_error``/``builtin_error``) and ignores
        a failed write: a stderr redirected into a file that refuses the text
        (``echo x > cgroup.max.depth 2>&1``: EINVAL again) loses the message. The
        ash family's in ``ash_vmsg``'s form (:func:`.ash.msg`: no line at a ``-c``
        string's top level, dash's ``ARG0: N:``)."""
        if self.dialect.ash_errors:
            ash.msg(self, msg)
            return
        try:
            self.stderr.write(f"{self.err_name()}: line {self.lineno}: {msg}\n")
        except OSError:
            pass

    def expansion_error(self, e: ExpansionError) -> None:
        """An expansion's error message, named where it arose (:meth:`err`), once."""
        if e.shown:
            return
        e.shown = True
        if e.where is None:
            self.err(e.msg)
            return
        try:
            self.stderr.write(f"{e.where}{e.msg}\n")
        except OSError:
            pass

    def err_name(self) -> str:
        """Whom bash's messages name (error.c ``get_name_for_error``):
        BASH_SOURCE[0], the file of the innermost function or ``source``
        ("environment" for a function a ``-c`` string defined), else $0."""
        if not self.srcframes and not self.funcfiles and (not self.funcnames
                                                            or self.top_src == self.script):
            return self.script
        frames = self.call_frames(1)
        return frames[0] if frames and frames[0] else self.script

    def arith(self, text: str, what: str = "", soft: bool = False) -> int:
        """``text`` evaluated (expr.c ``evalexp``); an error is reported as bash's
        ``evalerror``: ``what`` (``((: ``, ``let: ``, ``NAME: ``), the
        expression from its first non-blank, the message, the error token. It
        abandons the command line (ShellError), or with ``soft`` (``((``, ``let``,
        ``for ((``) fails the command (ArithFailed); an error in an element's
        subscript names the subscript alone and always abandons the line
        (``array_expand_index``); one in a variable's value names that value
        (``ArithError.expr``). A RecursionError is memcgsim's own stack, not
        bash's ``expression recursion level exceeded`` (arith.py counts bash's
        ``MAX_EXPR_RECURSION_LEVEL``): it goes on to the (sub)shell's report."""
        check = self.dialect.arith_check
        source = text
        if check is not None:
            if (bad := check(text, self.get)) is not None:
                raise ash.fatal(self, bad)      # dash's own grammar (shell/dash.py)
            source = self.dialect.arith_source(text)
        try:
            return arith.compile_arith(source, self.dialect.arith_eager)(self)
        except arith.ArithError as e:
            if self.dialect.ash_errors:
                # shell/math.c's error: ash_msg_and_raise_error, the shell ends
                raise ash.fatal(self, self.dialect.arith(e.msg, text)) from None
            tok = f' (error token is "{e.token}")' if e.token else ""
            if isinstance(e, arith.SubscriptError):
                sub = e.text
                self.err(f"{(sub if e.upto is None else sub[:e.upto]).lstrip()}: {e.msg}{tok}")
                raise ShellError(1) from None
            if e.expr is not None:
                text = e.expr
            self.err(f"{what}{(text if e.upto is None else text[:e.upto]).lstrip()}: {e.msg}{tok}")
            raise (ArithFailed if soft else ShellError)(1) from None

    def check_errexit(self, st: int) -> bool:
        """A command failed with ``st`` (``st`` not 0) where ``set -e`` would act:
        True if the ERR trap is to run first (the caller then runs
        :meth:`err_trap`), else exit under ``set -e``. Bash runs the ERR trap
        where it would exit (execute_cmd.c ``run_error_trap``), not in a function
        or a subshell unless ``set -E`` (``execute_function`` restores it to
        default there; a subshell resets it)."""
        if st and not self.noerrexit:
            if "ERR" in self.traps and (self.errtrace or not self.funcnames):
                return True
            if self.errexit:
                raise ExitShell(st)
        return False

    def err_trap(self, st: int) -> Generator:
        """The ERR trap's action, ``$?`` being ``st``; then ``set -e``'s exit."""
        action = self.traps["ERR"]
        if action:
            self.status = st
            ex = yield from self.run_trap(action, resetline=False)
            if ex is not None:
                raise ExitShell(ex)
        if self.errexit:
            raise ExitShell(st)

    def check_alive(self) -> None:
        """Raise :class:`TaskKilled` if this shell's own task died meanwhile, or
        was sent a fatal signal it has not died of yet (``Scheduler.dying``: it
        runs no code of its own again, it waits for its death)."""
        t = self.task
        sched = self.sched
        if sched is not None and sched.dying(t):
            block_until(lambda: task_killed(t), sched)
        if t.exit_signal is not None or t.state in ("zombie", "dead"):
            raise TaskKilled(t.pid, t.exit_signal or SIGKILL)

    # -- globbing ------------------------------------------------------------------
    def glob(self, segs: list) -> list[str]:
        """Pathname expansion of one field given as (text, quoted) segments."""
        comps: list[list] = [[]]
        for text, q in segs:
            parts = text.split("/")
            for k, p in enumerate(parts):
                if k:
                    comps.append([])
                if p:
                    comps[-1].append((p, q))
        absolute = segs[0][0].startswith("/")
        if absolute:
            comps = comps[1:]
        trailing = segs[-1][0].endswith("/")
        if trailing and comps and not comps[-1]:
            comps.pop()
        cands = ["/" if absolute else ""]
        ext = "extglob" in self.shopts
        globbed = False         # a component before this one was a pattern
        for idx, comp in enumerate(comps):
            last = idx == len(comps) - 1
            if not comp:
                continue
            if comp == [("**", False)] and "globstar" in self.shopts:
                cands = self._globstar(cands, last, trailing, globbed)
                globbed = True
                if not cands:
                    return []
                continue
            is_glob = is_pattern(comp, ext)
            globbed = globbed or is_glob
            nxt = []
            if not is_glob:
                lit = "".join(t for t, _ in comp)
                for c in cands:
                    nxt.append(c + lit)
            else:
                pat = compile_pattern(comp, ext)
                dot = pat.literal_dot
                for c in cands:
                    d = self.path(c or ".")
                    try:
                        names = self.sys.listdir(d, self.task)
                    except OSError:
                        continue
                    for nm in names:
                        if nm.startswith(".") and not dot and (
                                "dotglob" not in self.shopts or nm in (".", "..")):
                            continue
                        if pat.fullmatch(nm):
                            if not last:
                                try:
                                    if not stat_mod.S_ISDIR(self.sys.stat(self.path(c + nm), self.task).st_mode):
                                        continue
                                except OSError:
                                    continue
                            nxt.append(c + nm)
            if not last:
                nxt = [c + "/" for c in nxt]
            cands = nxt
            if not cands:
                return []
        out = []
        for c in cands:
            try:
                if trailing:
                    # a trailing slash matches directories only, links to them
                    # too (bash's lib/glob/glob.c: GX_MATCHDIRS, ``glob_testdir``)
                    if not stat_mod.S_ISDIR(self.sys.stat(self.path(c), self.task).st_mode):
                        continue
                else:                       # a dangling link matches (bash's lstat)
                    lstat(self.sys, self.path(c), self.task)
            except OSError:
                continue
            out.append(c + "/" if trailing else c)
        return sorted(out)

    def _globstar(self, cands: list[str], last: bool, trailing: bool, globbed: bool) -> list[str]:
        """``shopt -s globstar``'s ``**`` component (lib/glob/glob.c
        ``glob_vector`` with ``GX_ALLDIRS``): each candidate directory itself (a
        zero-length match: ``a/**`` is ``a/``, but a directory a pattern before
        found names itself without the slash; none at the top) and everything
        below it, files too when ``**`` is the last component, directories only
        when a ``/`` follows; names starting with ``.`` only with ``dotglob``;
        symbolic links to directories are listed, not followed."""
        files = last and not trailing
        out = []
        for c in cands:
            if not last:
                out.append(c)       # no directory: what follows matches in c
            elif c and (st := self._stat(c)) is not None and stat_mod.S_ISDIR(st.st_mode):
                out.append(c if not trailing and not globbed else c.rstrip("/"))
            found = self._walk(c, files, last)
            out += found if last else [p + "/" for p in found]
        return out

    def _walk(self, c: str, files: bool, links: bool) -> list[str]:
        """The names below directory ``c`` (a prefix ending in ``/`` or empty),
        depth first: directories, and other files too if ``files``; a link to a
        directory is one of them if ``links`` (a last ``**``: bash matches what
        it lists, but walks no link and finds nothing below one)."""
        out: list[str] = []
        dotglob = "dotglob" in self.shopts
        try:
            names = self.sys.listdir(self.path(c or "."), self.task)
        except OSError:
            return out
        for nm in names:
            if nm in (".", "..") or nm.startswith(".") and not dotglob:
                continue
            p = c + nm
            try:
                mode = lstat(self.sys, self.path(p), self.task).st_mode
            except OSError:
                continue
            is_dir = stat_mod.S_ISDIR(mode)
            if not is_dir and stat_mod.S_ISLNK(mode) and not files:
                if not links:
                    continue
                # a link to a directory matches **/ (glob_testdir follows it)
                try:
                    is_dir = stat_mod.S_ISDIR(self.sys.stat(self.path(p), self.task).st_mode)
                except OSError:
                    is_dir = False
                if is_dir:
                    out.append(p)
                continue
            if is_dir or files:
                out.append(p)
            if is_dir:
                out += self._walk(p + "/", files, links)
        return out

    # -- tests (shared by test/[ and [[) ------------------------------------------------
    def _stat(self, p: str, follow: bool = True):
        if not p:
            return None
        try:
            if not follow:
                return lstat(self.sys, self.path(p), self.task)
            return self.sys.stat(self.path(p), self.task)
        except OSError:
            return None

    def test_unary(self, op: str, arg: str) -> bool:
        if op == "-z":
            return arg == ""
        if op == "-n":
            return arg != ""
        if op == "-v":
            if arg.endswith("]") and "[" in arg:
                # NAME[SUB]: that element is set (test.c unary_test → array_expand_index)
                name, sub = arg[:-1].split("[", 1)
                arr = self.get_array(name)
                if arr is None:
                    return False
                if type(arr) is Assoc:
                    return sub in arr
                if sub in ("@", "*"):
                    return bool(arr)
                return element_index(self, arr, self.arith(sub)) in arr
            return self.get(arg) is not None
        if op == "-R":
            # test.c unary_test: a nameref whose own value is set
            return self.has_attr(REF_ATTR, arg) and self._var_raw(arg) is not None
        if op == "-o":
            from .builtins import set_o_value    # test.c: minus_o_option_value
            return bool(set_o_value(self, arg))
        if op == "-t":
            # test.def's isatty(fd): only a descriptor number (bash: legal_number)
            try:
                fd = int(arg)
            except ValueError:
                return False
            from .streams import isatty
            return 0 <= fd and isatty(self.sys, self._getfd(fd))
        st = self._stat(arg, op not in ("-L", "-h"))
        if st is None:
            return False
        m = st.st_mode
        if op in ("-e", "-a", "-r", "-w"):
            return True
        if op == "-f":
            return stat_mod.S_ISREG(m)
        if op == "-d":
            return stat_mod.S_ISDIR(m)
        if op == "-s":
            return st.st_size > 0
        if op == "-x":
            return stat_mod.S_ISDIR(m) or bool(m & 0o111)
        if op == "-c":
            return stat_mod.S_ISCHR(m)
        if op == "-b":
            return stat_mod.S_ISBLK(m)
        if op == "-p":
            return stat_mod.S_ISFIFO(m)
        if op == "-S":
            return stat_mod.S_ISSOCK(m)
        if op in ("-L", "-h"):
            return stat_mod.S_ISLNK(m)
        if op in ("-g", "-u", "-k"):
            return bool(m & {"-g": 0o2000, "-u": 0o4000, "-k": 0o1000}[op])
        return False

    def test_binary(self, op: str, a: str, b: str, arith: bool = False, name: str = "test") -> bool:
        if op in ("=", "=="):
            return a == b
        if op == "!=":
            return a != b
        if op == "<":
            return a < b
        if op == ">":
            return a > b
        if op in ("-eq", "-ne", "-lt", "-le", "-gt", "-ge"):
            if arith:
                # [[ ]]'s test.c arithcomp: evalexp's error named ``[[: ``, FALSE
                try:
                    x, y = self.arith(a, "[[: ", True), self.arith(b, "[[: ", True)
                except ArithFailed:
                    return False
            else:
                x, y = self._int(a, name), self._int(b, name)
            return {"-eq": x == y, "-ne": x != y, "-lt": x < y, "-le": x <= y, "-gt": x > y,
                    "-ge": x >= y}[op]
        if op == "-ef":
            sa, sb = self._stat(a), self._stat(b)
            return sa is not None and sb is not None and sa.st_ino == sb.st_ino
        if op in ("-nt", "-ot"):
            return False
        raise ShellError(2)

    def _int(self, s: str, name: str) -> int:
        """test.c ``test_binop``'s operand: ``legal_number`` (an intmax_t), else
        "integer expression expected"."""
        n = legal_number(s)
        if n is None:
            self.err(f"{name}: {s}: integer expression expected")
            raise _TestError()
        return n

    # -- processes -----------------------------------------------------------------------
    def make_child(self, kind: str = "fg", pgrp: str | None = "new",
                   settle: bool = True) -> "TaskLike":
        """``make_child`` (bash's jobs.c): fork this shell's task, for ``kind`` (``fg``:
        a command, a subshell or a job; ``pipeline``: a stage; ``comsub``: a command
        substitution: where it then is in its stack, shell/stack.py). When fork fails
        (ENOMEM: the memcg could not be charged for the child's stack) bash prints
        ``NAME: fork: Cannot allocate memory``, sets status 126 (EX_NOEXEC) and
        calls ``throw_to_top_level``, which in a non-interactive shell ORs in 128
        and jumps to EXITPROG: the (sub)shell exits with 254, its EXIT trap run.
        EAGAIN (the pids controller's limit) is retried first: ``NAME: fork: retry:
        ...`` and a sleep of 1, 2, 4 then 8 s (``forksleep`` doubled while below
        FORKSLEEP_MAX, 16), given up when a job's end cuts a sleep short by a second
        or more (shell/forkretry.py); busybox sh does not retry (``can't fork``,
        status 2). A shell the OOM killer chose while it forked dies
        instead (TaskKilled). Under job control (``set -m``) the child leads a
        process group of its own (``pgrp`` "new") or joins its pipeline's
        ("join"); ``pgrp`` None keeps it in the shell's (a command or process
        substitution: ``pipeline_pgrp = shell_pgrp``; shell/jobcontrol.py)."""
        if self.jobs is not self.jobs_seen:
            # the jobs bash dropped since are freed first (shell/malloc.py)
            self._free_jobs()
        if self.job_control:
            jobcontrol.waitchld(self)      # its SIGCHLDs came in meanwhile: a child sees the table
        if self.ashtab is not None:
            ashjobs.makejob(self)       # a done job waited for may leave its slot
        forksleep = 1
        while True:
            try:
                child = self.sys.fork(self.task)
                break
            except OSError as e:
                msg = e.strerror or os.strerror(e.errno)
                if self.dialect.ash_errors:
                    raise ash.fatal(self, f"can't fork: {msg}") from None
                if e.errno != errno.EAGAIN or forksleep >= FORKSLEEP_MAX:
                    self.stderr.write(f"{self.arg0}: fork: {msg}\n")
                    raise ExitShell((126 | 128)) from None
                self.stderr.write(f"{self.arg0}: fork: retry: {msg}\n")
            if forkretry.fork_retry_sleep(self, forksleep):
                self.stderr.write(forkretry.interrupted_message(self.arg0))
                raise ExitShell((126 | 128))
            forksleep <<= 1
        if self.script_in is not None and self.script_input:
            # before the fork: the script's file offset back to what the parser took
            self.script_in.sync()
        if self.job_control and pgrp is not None:
            jobcontrol.child_pgrp(self, child, pgrp == "join")
        # the parent's writes on its way back from fork, COW (shell/malloc.py), at
        # the depth it forked at (shell/stack.py)
        first, last, deep = fork_stack_pages(self.sdepth, kind)
        low = self.stack_low
        if deep > low:
            self.stack_low = deep
        bash = self.noexec is None
        writes = BASH_FORK_WRITES[getattr(self.sys, "userland", "gnu")] if bash else None
        self.heap.forked()
        arena = writes is not None and writes.arena
        command = self.cmd_path if arena else None
        if command is not None:
            self.cmd_path = None            # freed by fork_return (shell/hashcmd.py)
        due = fork_writes(self.sys, self.task, first, last, (last if last > low else low) + 1, deep,
                          writes.parent if writes is not None else FORK_DATA if bash else (),
                          self.heap if arena else None,
                          FORK_PARENT_FAULTS if bash else
                          BUSYBOX_SH_FORK_PARENT_FAULTS - busybox_sh_parent_writes(self.heap),
                          command, settle)
        # the child closes the script's input (``unset_bash_input (0)`` in jobs.c's
        # make_child), after fork copied the table that holds it
        close = getattr(self.sys, "close_fd", None)
        if close is not None:
            close(child, SCRIPT_FD)
        if not settle:
            # the caller's own calls after the fork are among these faults, and
            # come before the child's writes (:meth:`fork_settle`)
            self.fork_due = (due, getattr(self.task, "min_flt", 0), child, writes)
        elif writes is not None:
            self._child_writes(child, writes)
        if writes is not None and writes.windowed:
            # the guests' bash: the child's code back from fork, faulted again
            # (kernel/fork.py BASH_FORK_CHILD_WINDOWS; a script's input closed)
            self.bash_child_code(child, BASH_FORK_CHILD_WINDOWS + (
                BASH_SCRIPT_CHILD_WINDOWS if self.script_input else ()))
        if self.noexec is not None:
            # busybox sh: ``forkparent`` writes its job table, ``forkchild`` resets
            # globals in the child (the job table, traps, ``rootpid``) and the kernel
            # writes the child's tid in its TCB: COW copies (shell/malloc.py
            # busybox_sh_fork_writes)
            busybox_sh_fork_writes(self.sys, self.task, child, self.heap)
            # the child's code back from fork and in forkchild, faulted again (fork
            # copied no PTE of .text and .rodata); a command substitution's and a
            # pipeline stage's tree evaluated, their dup2 onto the pipe
            # (kernel/fork.py ASH_FORK_CHILD_WINDOWS)
            self.ash_child_code(child, ASH_FORK_CHILD_WINDOWS + (
                ASH_EVAL_WINDOWS + ASH_CHILD_IO_WINDOWS + ASH_COMSUB_CHILD_WINDOWS
                if kind == "comsub" else ASH_EVAL_WINDOWS + ASH_CHILD_IO_WINDOWS
                if kind == "pipeline" else ()))
        return child

    def bash_child_code(self, child: "TaskLike", windows: tuple[int, ...]) -> None:
        """The guests' bash's forked ``child`` runs code in the binary's ``windows``
        (kernel/fork.py ``BASH_CHILD_PATHS``; ``Processes.map_code``)."""
        map_code = getattr(self.sys, "map_code", None)
        if map_code is not None:
            map_code(child, windows, False, True)

    def bash_child_exits(self, child: "TaskLike", kind: str, parsed: bool = False) -> None:
        """The guests' bash's forked ``child`` ends its ``kind`` of path without an
        exec (kernel/fork.py ``BASH_CHILD_PATHS``): the path's windows and its other
        faults (``parsed``: a command substitution's, whose windows and parse
        writes were counted as it started)."""
        windows, rest = BASH_CHILD_PATHS[kind]
        if not parsed:
            self.bash_child_code(child, windows)
        minor_faults = getattr(self.sys, "minor_faults", None)
        if minor_faults is not None:
            minor_faults(child, rest - (BASH_COMSUB_PARSE_WRITES if parsed else 0))

    def ash_child_code(self, child: "TaskLike", windows: tuple[int, ...]) -> None:
        """busybox sh's forked ``child`` runs code in the binary's ``windows``: those
        its mm has not mapped are faulted (kernel/fork.py ``Processes.map_code``)."""
        map_code = getattr(self.sys, "map_code", None)
        if map_code is not None:
            map_code(child, windows)

    def run_in_subshell(self, node: Node) -> Generator:
        """Run ``node`` as the body of this (sub)shell; returns its exit status.

        Stops (dropping the body) if the shell's task is killed while blocked.
        """
        st = yield from self._run_in_subshell(node)
        st = yield from self.traps_at_end(st)
        if "EXIT" in self.traps and not task_killed(self.task):
            st = yield from self.exit_trap(st)
        return st

    def traps_at_end(self, st: int) -> Generator:
        """The body is done: a trapped signal that arrived during its last command
        still runs its trap before the shell exits (and before the EXIT trap), the
        status unchanged unless the trap calls ``exit`` (bash 5.2 against the 6.1
        guest, probe of docs/fidelity.md item 48: ``( trap 'echo t' TERM; sleep 2 )``
        sent TERM prints t and exits 0; bash's manual, SIGNALS: wait returns > 128,
        "immediately after which the trap is executed")."""
        t = self.task
        if not (getattr(t, "sigpending", 0) or self.chld_due()) or task_killed(t):
            return st
        self.status = st
        try:
            yield from _drive(self.run_pending_traps(), t, self.sched)
        except ExitShell as e:
            return e.status
        except TaskKilled:
            raise
        return st

    def _run_in_subshell(self, node: Node) -> Generator:
        task = self.task
        try:
            return (yield from _drive(node.run(self), task, self.sched))
        except ExitShell as e:
            return e.status
        except ShellError as e:
            return e.status
        except (Break, Continue):
            return 0
        except Return as e:
            return e.status
        except ExpansionError as e:
            # ${x:?}, a bad substitution: this (sub)shell's error and its end,
            # not its parent's (the parent's command is the subshell)
            self.expansion_error(e)
            return 1
        except TaskKilled as e:
            if e.pid == task.pid:
                return 128 + e.signal
            raise
        except RecursionError as e:
            # memcgsim's stack, not bash's: this subshell ends, not the run
            # (bash would lose only the process whose stack overflowed)
            self.stderr.write(too_deep(self.script, self.lineno, e, len(self.funcnames)))
            return 2

    def _spawner(self, ctx: CommandContext) -> Callable:
        """The ``spawn`` hook of commands that run commands: fork a child of the
        command's task, exec, run, wait (``execvp`` + ``wait``: ``xargs``,
        ``timeout``), or with ``in_place`` exec in the command's own process
        (``execvp`` alone: ``env``, ``nice``, ``nohup``, ``taskset``)."""
        def spawn(argv: list[str], env: dict | None = None, started=None,
                  in_place: bool = False, applets: bool = False,
                  background: bool = False, vfork: bool = False) -> Generator:
            fn = self.commands.get(posixpath.basename(argv[0]))
            if fn is None:
                if vfork:       # BB_EXECVP_or_die: its message, exit(127)
                    return self._spawn_exec_fail(ctx, list(argv), env)
                if (applets or background) and nofork_applets(
                        getattr(self.sys, "userland", "gnu")) is not None:
                    # busybox's spawn: the vforked child's execvp fails, _exit(111)
                    return self._spawn_exec_fail(ctx, list(argv), env, SPAWN_FAIL_STATUS)
                raise OSError(errno.ENOENT, os.strerror(errno.ENOENT))
            if background:
                return self._spawn_job(fn, ctx, list(argv), env)
            if in_place:
                return self._exec_run(fn, ctx, list(argv), env, started)
            if vfork:       # busybox's xvfork, then BB_EXECVP (time)
                return self._spawn_run(fn, ctx, list(argv), env, started, vfork=True)
            if applets:
                # busybox's spawn_and_wait (libbb/vfork_daemon_rexec.c, 1.35, with
                # FEATURE_PREFER_APPLETS): ``find_applet_by_name(argv[0])`` (a name,
                # not a path); a NOFORK applet by ``run_nofork_applet`` in the
                # caller's process, a NOEXEC one in a fork by
                # ``run_noexec_applet_and_exit`` (no execve)
                userland = getattr(self.sys, "userland", "gnu")
                nofork = nofork_applets(userland)
                if nofork is not None:
                    if argv[0] in nofork:
                        # its main's code in the caller's mm
                        map_applet_code(self.sys, ctx.task, argv[0])
                        return self._run_in(fn, ctx, ctx.task, list(argv), env)
                    if argv[0] in (noexec_applets(userland) or ()):
                        return self._spawn_run(fn, ctx, list(argv), env, started,
                                               execs=False)
                    # any other command: ``spawn`` (vfork, then BB_EXECVP)
                    return self._spawn_run(fn, ctx, list(argv), env, started, vfork=True)
            return self._spawn_run(fn, ctx, list(argv), env, started)
        return spawn

    def _exec_run(self, fn, cur: CommandContext, argv: list[str], env,
                  started=None) -> Generator:
        """``execvp`` of ``argv`` by the running command ``cur``: the same process
        becomes the program (its pid, cgroup and memcg charges stay); its status is
        the command's."""
        task = cur.task
        if started is not None:
            started(task)
        return (yield from self._exec_in(fn, cur, task, argv, env))

    def _exec_in(self, fn, cur: CommandContext, task, argv: list[str], env) -> Generator:
        """``execve`` of ``argv`` in ``task``, then run it with ``cur``'s streams,
        directory and (or ``env``'s) environment."""
        self.sys.exec(task, "/bin/" + posixpath.basename(argv[0]), argv)
        return (yield from self._run_in(fn, cur, task, argv, env))

    def _run_in(self, fn, cur: CommandContext, task, argv: list[str], env) -> Generator:
        """Run ``argv`` in ``task`` as it is (no execve: busybox's NOFORK and NOEXEC
        applets) with ``cur``'s streams, directory and (or ``env``'s) environment."""
        ctx = CommandContext(self.sys, task, argv, dict(cur.env if env is None else env),
                             cur.cwd, cur.stdin, cur.stdout, cur.stderr, None)
        ctx.extra["spawn"] = self._spawner(ctx)
        ctx.extra["shell"] = self
        ctx.extra["fds"] = cur.extra.get("fds", {})
        return (yield from _run_command(fn, ctx, task, self))

    def _spawn_run(self, fn, parent: CommandContext, argv: list[str], env,
                   started=None, execs: bool = True, vfork: bool = False) -> Generator:
        """Fork, exec and run; ``started(child)`` is told the child's task.
        ``execs`` False: busybox's ``run_noexec_applet_and_exit`` in the child, no
        execve, its comm the applet's (``set_task_comm``). ``vfork``: busybox's
        ``spawn`` (libbb/vfork_daemon_rexec.c, 1.35: ``vfork()`` then
        ``BB_EXECVP``): the child borrows the command's mm until its execve, so
        neither side writes a copy-on-write page."""
        sys = self.sys
        if vfork:
            child = sys.fork(parent.task, vfork=True)
        else:
            child = sys.fork(parent.task)
            fork_writes(sys, parent.task)
        _share_fds(sys, child, self)
        self.sched.wait_child(parent.task, child)      # the command waits (wait4)
        if started is not None:
            started(child)
        try:
            if execs:
                st = yield from self._exec_in(fn, parent, child, argv, env)
            else:
                child.comm = argv[0][:15]
                st = yield from self._run_in(fn, parent, child, argv, env)
        except TaskKilled as e:
            if e.pid != child.pid:
                raise
            st = 128 + e.signal
        self._end_child(child, st, parent.task)
        if parent.task.state == "stopped":
            yield from self.reap_continued(child, parent.task)
        return st

    def _spawn_exec_fail(self, parent: CommandContext, argv: list[str], env: dict | None,
                         status: int = 127) -> Generator:
        """A vforked child of a program that is nowhere: its ``execvp`` fails (ENOENT:
        an ``execve`` per PATH directory, :func:`execvp_attempts`, each faulting
        the new mm's argument page: :data:`EXECVE_FAIL_FAULTS`). ``status`` 127:
        busybox's ``xvfork`` then ``BB_EXECVP_or_die`` (miscutils/time.c
        ``run_command``, libbb/executable.c, 1.35): the child prints the error and
        exits 127 (``xfunc_die`` → ``exit``), its faults (:data:`EXEC_FAIL_FAULTS`)
        and its exit path's pages in its parent's mm. :data:`SPAWN_FAIL_STATUS`
        (111): busybox's ``spawn`` (libbb/vfork_daemon_rexec.c: xargs, find
        -exec): the child sets ``failed = errno`` in the stack it shares and
        ``_exit(111)``s, nothing else (no message, no exit handlers). The parent
        reaps it (``spawn``'s ``safe_waitpid``), then the ENOENT is raised for the
        caller's message."""
        sys = self.sys
        child = sys.fork(parent.task, vfork=True)
        _share_fds(sys, child, self)
        self.sched.wait_child(parent.task, child)      # the command waits (wait4)
        faults = getattr(sys, "vfork_child_faults", None)
        if faults is not None:
            path = (parent.env if env is None else env).get("PATH")
            n = EXECVE_FAIL_FAULTS * execvp_attempts(argv[0], path)
            faults(child, n + (EXEC_FAIL_FAULTS if status == 127 else 0))
        self._end_child(child, status, parent.task, handlers=status == 127)
        raise OSError(errno.ENOENT, os.strerror(errno.ENOENT))
        yield       # a generator: the caller's ``yield from``

    def _spawn_job(self, fn, parent: CommandContext, argv: list[str], env) -> Job:
        """Fork and exec ``argv`` without waiting for it (``xargs -P``): busybox's
        ``spawn`` (libbb/vfork_daemon_rexec.c, 1.35: ``vfork`` then ``BB_EXECVP``,
        an applet exec'ed as busybox too), GNU's ``fork`` + ``execvp``. The child
        runs as a job of the scheduler outside the shell's job table, first run
        when ``wake_up_new_task`` places it (the caller goes on meanwhile, a
        vfork's only once the child has run: ``Job.let`` set); the caller waits
        for it (``Job.done``, ``Job.status``)."""
        sys = self.sys
        vfork = nofork_applets(getattr(sys, "userland", "gnu")) is not None
        child = sys.fork(parent.task, vfork=vfork)
        if not vfork:
            fork_writes(sys, parent.task)
        _share_fds(sys, child, self)
        return self.start_child(parent.task, child, self._exec_in(fn, parent, child, argv, env),
                                " ".join(argv))

    def start_child(self, parent: "TaskLike", child: "TaskLike", run: Generator, name: str) -> Job:
        """Schedule ``child``'s program ``run`` as a job of no shell's job table,
        first run when ``wake_up_new_task`` places it; it ends in ``exit`` with
        its status, or 128 + the signal that killed it."""
        job = Job(child, _child_body(self, child, run), name, None)
        start = getattr(self.sys, "wake_up_new_task", None)
        self.sched.start(job, start(parent, child) if start is not None else 0.0)
        return job

    def _end_child(self, child: "TaskLike", st: int, waiter: "TaskLike | None" = None,
                   handlers: bool = True) -> None:
        """exit() the child unless it was killed, and reap it; its exit wakes the
        task that waited for it (this shell's, or ``waiter``); ``handlers`` False:
        its ``_exit()``."""
        sys = self.sys
        parent = self.task if waiter is None else waiter
        fg = self.sched.fg_child
        if fg.get(parent) is child:
            del fg[parent]
        if self.ashtab is not None:
            ashjobs.dowait(self)        # waitforjob: every child ended by now reaped
        sleeping = getattr(self.sched, "rd_sleeping", None)
        if sleeping and sys.pipe_release_wakes:
            _pipe_release_wakes(sys, sleeping, child, parent)
        wake = getattr(sys, "wake_up_parent", None)
        if wake is not None:
            wake(parent, child)
        self._exit(child, st, handlers)
        if child.state == "zombie" and parent.state != "stopped":
            sys.reap(child)

    def _stopped_foreground(self, child: "TaskLike", sub: "Shell | None", rest: Generator,
                            text: str) -> int:
        """The foreground ``child`` stopped under job control (shell/jobcontrol.py
        ``drive_foreground``): its stop wakes this shell (``do_notify_parent_cldstop``),
        which makes it a stopped job of its table (the ``rest`` of its run goes on
        as a job once continued) and goes on with 128 + the signal; a SIGTSTP
        breaks the loops (``Break`` with that status)."""
        fg = self.sched.fg_child
        if fg.get(self.task) is child:
            del fg[self.task]
        wake = getattr(self.sys, "wake_up_parent", None)
        if wake is not None:
            wake(self.task, child)
        job = Job(child, self._stopped_rest(rest, child), text, self)
        job.shell = sub
        self._start_job(job, 0.0, background=False)
        st = jobcontrol.foreground_stopped(self, job)
        if jobcontrol.breaks_loops(self, job):
            raise Break(self.loop_depth, st)
        return st

    def _stopped_rest(self, rest: Generator, child: "TaskLike") -> Generator:
        """A stopped foreground child's job: the rest of its run, then its exit."""
        st = yield from rest
        self._exit(child, st)
        return st

    def reap_continued(self, child: "TaskLike", waiter: "TaskLike") -> Generator:
        """``waiter`` was stopped when its foreground ``child`` ended: the child
        stays a zombie until a SIGCONT lets the waiter return from its ``wait4``
        and reap it (:meth:`_end_child`)."""
        yield from self.held_here(waiter)
        if child.state == "zombie":
            self.sys.reap(child)

    def subshell(self, body: Node, stdin=None, stdout=None, cmdsub: bool = False,
                 member: dict | None = None, text: str | None = None,
                 paren: bool = False, made: dict | None = None) -> Generator:
        """Fork a subshell running ``body``; returns its status. A pipeline passes
        ``member`` to get the child's pid and signal and report them itself; a
        command substitution ``made``, to learn its child (``made["task"]``)."""
        job = member is None and not cmdsub and self._fork_calls()
        if job:
            # execute_command_internal's ``savestring (tcmd)`` for make_child
            text_chunk = self.heap.malloc(len(text if text is not None else job_text(body)) + 1)
        child = self.make_child("comsub" if cmdsub else "fg", None if cmdsub else "new",
                                settle=not job)
        if self.noexec is not None and not cmdsub:
            # busybox sh's subshell evaluates its body (evaltreenr)
            self.ash_child_code(child, ASH_EVAL_WINDOWS)
        if job:
            # add_process's PROCESS, then stop_pipeline's JOB and wd
            job = self._fg_job(text_chunk, self.heap.malloc(PROCESS_SIZE))
            self.fork_settle()
        if made is not None:
            made["task"] = child
        waiting = 0
        if member is None:
            # the parent waits for it (wait4; a command substitution's pipe read)
            self.sched.wait_child(self.task, child)
            waiting = 0 if cmdsub else wait_sigint(self.sys, self.task)
        else:
            self.sched.wait_cpu(child)
        try:
            return (yield from self._run_forked(child, body, stdin, stdout, cmdsub, member, text, paren))
        finally:
            if job:
                self._fg_job_done(job)
            if waiting:
                end_wait_sigint(self.sys, self.task, waiting, child)

    def _run_forked(self, child: "TaskLike", body: Node, stdin, stdout, cmdsub: bool,
                    member: dict | None, text: str | None, paren: bool) -> Generator:
        """What the child forked for :meth:`subshell` runs, once it has its CPU:
        ``body``, then its exit; its parent reaps it."""
        sub = self._forked(child, stdin, stdout, member)
        sub.in_cmdsub = cmdsub
        w = BASH_FORK_WRITES[getattr(self.sys, "userland", "gnu")] if self.noexec is None \
            else None
        if cmdsub and w is not None and w.windowed:
            # the guests' bash's child parses the substitution's text again: its
            # windows and writes (kernel/fork.py BASH_COMSUB_WINDOWS,
            # BASH_COMSUB_PARSE_WRITES)
            self.bash_child_code(child, BASH_COMSUB_WINDOWS)
            minor_faults = getattr(self.sys, "minor_faults", None)
            if minor_faults is not None:
                minor_faults(child, BASH_COMSUB_PARSE_WRITES)
        if cmdsub:
            sub.xlevel += 1     # command_substitute: parse_and_execute
            if not (sub.dialect.comsub_keeps_errexit or "inherit_errexit" in sub.shopts):
                sub.errexit = False     # change_flag ('e', FLAG_OFF)
        if cmdsub and self.coproc is not None:
            sub.fds = self.fds      # command_substitute does not close the coprocess's
        if text is None:
            text = job_text(body)
        inner = self._child_node(sub, body, paren, cmdsub,
                                 "paren" if paren else "subst" if cmdsub else "stage")
        run = sub.run_in_subshell(inner)
        if self.job_control and member is None and not cmdsub:
            # a job-control shell's wait ends when its foreground child stops
            stopped, st = yield from jobcontrol.drive_foreground(self, run, child)
            if stopped:
                return self._stopped_foreground(child, sub, st, text)
        else:
            st = yield from run
        killed = task_killed(child)
        if not killed and (cmdsub or member is not None):
            # the reader its output woke (fs/pipe.c pipe_write at v5.10 and v6.1:
            # wake_up_interruptible_sync_poll on pipe->rd_wait) drains the pipe while
            # this child reaps its own and exits: do_exit's exit_mm comes after the
            # parent's last reads in 8 of 12 traced takes of a 128 KiB $(...) on
            # 5.10 and 6.1 at 1, 2 and 8 CPUs, 4-36 KiB unread in the others
            # (calibration/comsub-pipe-order.sh; docs/fidelity.md item 182), so
            # what read_comsub writes in the heap it shares is copied first
            yield_turn()
        minor_faults = getattr(self.sys, "minor_faults", None)
        if (minor_faults is not None and not killed
                and getattr(child, "flags", 0) & PF_FORKNOEXEC):
            # a forked shell that exec'd nothing: its own faults to its exit (a
            # command substitution's less those its parse took already)
            if w is not None and w.windowed:
                self.bash_child_exits(child, "comsub" if cmdsub else "paren" if member is None
                                      else "stage", cmdsub)
            else:
                minor_faults(child, w.exit_faults if w is not None else
                             BUSYBOX_SH_SUBSHELL_FAULTS - BUSYBOX_SH_CHILD_WRITES
                             - ASH_SUBSHELL_WINDOW_FAULTS)
        self._end_child(child, st)
        if self.task.state == "stopped":
            yield from self.reap_continued(child, self.task)
        if member is not None:
            # a pipeline's stage: its parent checks its own death when every stage
            # has ended (:meth:`pipeline`), the other stages run on meanwhile
            member.update(pid=child.pid, sig=child.exit_signal if killed else None, text=text)
            return st
        if not cmdsub:
            self._foreground_ended(child, killed, text)
        self.check_alive()
        return st

    def _forked(self, child: "TaskLike", stdin, stdout, member: dict | None) -> "Shell":
        """The state of the child forked for a subshell or a stage: its stdin and
        stdout (pipe ends written and read by it) if given."""
        sub = self.fork_state(child)
        if member is not None:
            member["task"] = child
        if stdin is not None:
            sub.stdin = stdin
            if type(stdin) is PipeIn:
                stdin.task = child
        if stdout is not None:
            sub.stdout = stdout
            if type(stdout) is PipeOut:
                stdout.task = child
        return sub

    def _foreground_ended(self, child, killed: bool, text: str) -> None:
        """A foreground child ended: the children it killed reaped, then
        ``notify_of_job_status`` in job-table order, the foreground job last."""
        self.check_alive()
        if self.sched.jobs:
            self.sched.reap_killed()    # bash reaps children the command killed
        if self.job_stops and self.job_control:
            jobcontrol.foreground_ended(self)      # shell/jobcontrol.py: the command's job
        elif self.pending_notify:
            self._notify_after_foreground()
        if killed and child.exit_signal:
            self._at_ctx_line(self.report_signal, child.pid, child.exit_signal, text, True)

    def _notify_after_foreground(self) -> None:
        """jobs.c ``wait_for``'s ``notify_and_cleanup`` once a foreground command
        or pipeline has ended: the jobs that died meanwhile are reported as of
        bash's ``line_number`` between commands (:meth:`_at_ctx_line`)."""
        self._at_ctx_line(notify_and_cleanup, self)

    def _at_ctx_line(self, report, *args) -> None:
        """``report(*args)`` with bash's ``line_number`` between commands
        (``ctx_line``): the command's own line is restored by the time
        ``wait_for`` reports a job, its own included (recorded:
        novel-bash-notify-lines, novel-bash-notify-lines-fg)."""
        line, self.lineno = self.lineno, self.ctx_line or self.lineno
        try:
            report(*args)
        finally:
            self.lineno = line

    def _subst_copies(self, buf: tuple[int, int], n: int) -> None:
        """``$(...)``'s ``n`` bytes of output in a word other than an assignment's:
        ``expand_word_internal`` appends ``read_comsub``'s buffer to the word's
        ``istring`` and frees it (``sub_append_string``); the word lives until the
        command is done (freed with the next command substitution's or an
        assignment's copies)."""
        heap = self.heap
        self._free_subst()
        ist = heap.malloc(bashmem.ISTRING_INITIAL, 1)
        ist = heap.realloc(ist, bashmem.sub_append_size(bashmem.ISTRING_INITIAL, 0, n), n + 1)
        heap.free(buf)
        self.subst_chunks = [ist]

    def _free_subst(self) -> None:
        """The copies of the last command substitution freed, in order."""
        chunks = self.subst_chunks
        if chunks:
            self.subst_chunks = []
            for c in chunks:
                self.heap.free(c)

    def command_subst(self, node: Node, parses: int = 0) -> Generator:
        """``$(...)`` or a backquoted command: output of ``node`` run in a subshell,
        trailing newlines removed; ``parses``: the parent's parses of its text
        first (``expand.CmdSub``)."""
        for _ in range(parses):
            dolparen.xparse_dolparen(self, node)     # extract_command_subst parses it again
        inner = node
        while isinstance(inner, Seq) and len(inner.items) == 1 and not inner.items[0][1]:
            inner = inner.items[0][0]
        if isinstance(inner, Seq) and not inner.items:
            self.subst_status = 0
            return ""
        if (isinstance(inner, Simple) and not inner.words and not inner.assigns and len(inner.redirs) == 1
                and inner.redirs[0].op == "<" and inner.redirs[0].fd == 0):
            w = inner.redirs[0].target
            p = (yield from expand_g(self, w, "str")) if w.blocking else expand_str(self, w)
            try:
                data = self.sys.read(self.path(p), self.task)
            except OSError as e:
                self.err(f"{p}: {e.strerror}")
                self.subst_status = self.status = 1
                return ""
            self.subst_status = self.status = 0
            if "\0" in data:
                self.err("warning: command substitution: ignored null byte in input")
                data = data.replace("\0", "")
            return data.rstrip("\n")
        if self.pipe_fail_at(1) is not None:
            # subst.c command_substitute: sys_error, the expansion empty, $? kept
            self.stderr.write(f"{self.arg0}: cannot make pipe for command substitution: "
                              f"{os.strerror(errno.EMFILE)}\n")
            return ""
        # command_substitute: the child writes the pipe while this shell reads it
        # (read_comsub) to EOF, until no process has its write end open (a job
        # that inherited it as its stdout: fs/pipe.c pipe_read returns 0 only
        # once pipe->writers is 0), then waits for the child. The pipe is the
        # kernel's (do_pipe2 before the fork: its pipe_inode_info charged to this
        # shell), its pages pipe_write's, charged to the writer (kernel/pipe.py)
        pipe = Pipe(self.sys, self.task, self.sched)
        pipe.holders = (self,)      # its read end is this shell's descriptor
        out = PipeOut(pipe)
        members: list[dict] = [{}, {"task": self.task}]
        buf = bytearray()
        comsub = bashmem.ComsubBuf(self.heap)
        killed: list = []
        src = PipeIn(pipe)
        src.task = self.task
        try:
            statuses = yield from run_stages(
                [self.subshell(inner, stdout=out, cmdsub=True, made=members[0]),
                 Deferred(self._read_comsub(src, buf, comsub, killed), src,
                          partial(_comsub_killed, killed))],
                [pipe], lambda: self.sys.now, members)
        finally:
            if pipe.readers or pipe.writers:
                # unwound (this shell killed, its child abandoned with it): the
                # exits' exit_files close both ends, the last frees the pipe
                pipe.readers = pipe.writers = 0
                pipe.close_end(self.task)
        if killed:
            raise killed[0]     # this shell was killed reading: the child ran on
        st = statuses[0]
        if self.noexec is not None:
            # busybox sh's expbackq and evalbackcmd: their code's window
            # (kernel/fork.py ASH_COMSUB_WINDOWS)
            map_code = getattr(self.sys, "map_code", None)
            if map_code is not None:
                map_code(self.task, ASH_COMSUB_WINDOWS)
        if self.dialect.ash_jobs and members[0].get("task") is not None:
            # evalbackcmd's waitforjob: busybox sh waits for the substitution's job
            t = members[0]["task"]
            ash.waited_death(self, t.exit_signal if task_killed(t) else None)
        # bash's command_substitute sets last_command_exit_value: a later $? of the
        # same command reads it (`echo $(exit 3) $?` prints 3; an empty $() does
        # not); busybox sh's $? stays the last command's
        self.subst_status = st
        if not self.dialect.ash_eval:
            self.status = st
        n = len(buf)
        chunk = comsub.grow(n)
        if self.comsub_bufs is not None:
            self.comsub_bufs.append((chunk, n))     # the assignment's expansion takes it
        else:
            self._subst_copies(chunk, n)
        data = bytes(buf)
        if b"\0" in data:
            # read_comsub drops NUL bytes, warning once
            self.err("warning: command substitution: ignored null byte in input")
            data = data.replace(b"\0", b"")
        return data.decode("utf-8", "surrogateescape").rstrip("\n")

    def _read_comsub(self, src: PipeIn, buf: bytearray, comsub: "bashmem.ComsubBuf",
                     killed: list) -> Generator:
        """``read_comsub``'s loop as a stage beside the child: each read (up to
        ``COMSUB_PIPEBUF``, 4096 bytes) grows the buffer, whose faults charge this
        shell's memcg while the child's commands still run. Killed meanwhile (the
        OOM killer), it stops reading (the pipe has no reader: the child's writes
        get SIGPIPE) and keeps the TaskKilled in ``killed`` (:func:`_comsub_killed`,
        killed before its first read woke)."""
        try:
            while True:
                data = src.read(bashmem.COMSUB_PIPEBUF)
                if not data:
                    return 0
                buf += data
                comsub.grow(len(buf))
        except TaskKilled as e:
            return _comsub_killed(killed, e)
        yield   # a generator, as stages are

    def process_subst(self, node: Node, out: bool = False) -> Generator:
        """``<(LIST)``: LIST runs in a child of this shell, started as an
        asynchronous command outside the job table (``$!`` is its pid), its
        stdout a pipe whose read end is a descriptor of this shell, 63 down
        (busybox's: 64 up, ``Dialect.procsub_fd_up``); the
        word is that descriptor's ``/dev/fd/N`` (bash's ``process_substitute``).
        The reader and LIST go on side by side through the pipe's room, so
        ``head -1 <(yes)`` ends at once: the descriptor is closed when its
        command ends, and a LIST still writing dies of SIGPIPE. ``>(LIST)``
        (``out``): the other way round, LIST reads the pipe, to EOF once no
        process holds its write end (``exec > >(tee log)`` keeps it for good)."""
        sys = self.sys
        if self.pipe_fail_at(1) is not None:
            # subst.c process_substitute: sys_error, the word expands to nothing
            self.stderr.write(f"{self.arg0}: cannot make pipe for process substitution: "
                              f"{os.strerror(errno.EMFILE)}\n")
            return ""
        pipe = Pipe(sys, self.task, self.sched)
        # its ends are held by processes' descriptors only: this shell's, the job's
        pipe.readers = pipe.writers = 0
        pipe.holders = (self,)
        child = self.make_child(pgrp=None)     # process_substitute: the shell's group
        sub = self.fork_state(child)
        if out:
            sub.stdin = PipeIn(pipe)
            sub.stdin.task = child
            stream = PipeOut(pipe)
        else:
            sub.stdout = PipeOut(pipe)
            sub.stdout.task = child
            stream = PipeIn(pipe)
        sub.in_cmdsub = True
        sub.xlevel += 1         # process_substitute: parse_and_execute
        sub.own_ignored = procsub_signals(sys, child)
        inner = self._child_node(sub, node, fork="subst")
        job = Job(child, self._job_body(sub, inner, child), job_text(node), None)
        job.shell = sub
        self.last_bg = child.pid
        # outside the job table, but ``wait PID`` (and a plain ``wait``) waits for
        # it, its status kept for another ``wait`` (bash 5.1's procsub list)
        self.reaped[child.pid] = job
        fd = next(n for n in (itertools.count(64) if self.dialect.procsub_fd_up else range(63, 9, -1))
                  if n not in self.fds)
        stream.task = self.task
        self._setfd(fd, stream)
        self.procsubs.append((fd, stream))
        start = getattr(sys, "wake_up_new_task", None)
        self.sched.start(job, start(self.task, child) if start is not None else 0.0)
        self.check_alive()
        return f"/dev/fd/{fd}"
        yield   # a generator, as expansions are

    def set_umask(self, mask: int) -> None:
        """``umask(2)``: this process's mask."""
        self.umask = mask
        if hasattr(self.task, "umask"):
            self.task.umask = mask

    def coproc_start(self, node) -> int:
        """``coproc NAME COMMAND`` (bash 5.2 execute_cmd.c ``execute_coproc``): two
        pipes (``sh_openpipe``: each end moved to the highest free descriptor
        below 64), COMMAND in an asynchronous child reading one and writing the
        other (a job, ``$!``), this shell keeping the read end of the one
        (``NAME[0]``) and the write end of the other (``NAME[1]``), close-on-exec
        and closed in every child but a command substitution; ``NAME_PID`` its
        pid. One coprocess at a time: a second one warns while the first's
        descriptors are open, and forgets them. When the coprocess has exited,
        the next ``cleanup_dead_jobs`` closes them and unsets the variables
        (``coproc_reap``)."""
        cp = self.coproc
        if cp is not None and (cp.rfd >= 0 or cp.wfd >= 0):
            self.err(f"warning: execute_coproc: coproc [{cp.pid}:{cp.name}] still exists")
        self.coproc = None
        sys = self.sys
        free = [n for n in range(63, 3, -1) if n not in self.fds][:4]
        if len(free) < 4:
            self.err("pipe error: Too many open files")
            return 1
        rpipe = Pipe(sys, self.task, self.sched)
        wpipe = Pipe(sys, self.task, self.sched)
        for p in (rpipe, wpipe):
            p.readers = p.writers = 0
            p.holders = (self,)
        child = self.make_child()
        sub = self.fork_state(child)
        sub.stdin = PipeIn(wpipe)
        sub.stdin.task = child
        sub.stdout = PipeOut(rpipe)
        sub.stdout.task = child
        body = node.body
        newly = async_signals(sys, child)
        if not isinstance(_unseq(body), (Simple, Pipeline)):
            sub.own_ignored |= newly
        inner = self._child_node(sub, body)
        job = Job(child, self._job_body(sub, inner, child), job_text(node), self)
        job.shell = sub
        rin, wout = PipeIn(rpipe), PipeOut(wpipe)
        rin.task = wout.task = self.task
        cp = self.coproc = CoprocState(node.name, child.pid, job, free[0], free[3])
        self._setfd(cp.rfd, rin)
        self._setfd(cp.wfd, wout)
        self.coproc_setvars(cp)
        self._start_job(job, self._first_run(child))
        return 0

    def coproc_setvars(self, cp: "CoprocState") -> None:
        """``coproc_setvars``: ``NAME`` an indexed array of the read and write
        descriptors, ``NAME_PID``; nothing if NAME is readonly."""
        if self.has_attr(RO_ATTR, cp.name):
            self.err(f"{cp.name}: readonly variable")
            return
        self.assign_element(cp.name, 0, str(cp.rfd))
        self.assign_element(cp.name, 1, str(cp.wfd))
        self.setvar(cp.name + "_PID", str(cp.pid))

    def _close_pipes(self, fds: dict) -> None:
        """``exec``'s redirections closed pipe ends (a coprocess's, a process
        substitution's): a pipe no process holds any more is freed, and its
        sleepers wake (a reader gets EOF)."""
        dropped = [st for st in fds.values() if type(st) in (PipeIn, PipeOut)
                   and not any(st is o for o in self.fds.values())]
        for st in dropped:
            st.pipe.close_end(self.task)
        if dropped and self.sched.jobs:
            self.sched.wake()

    def coproc_fdchk(self, fd: int) -> None:
        """``coproc_fdchk``: a redirection closed a coprocess's descriptor: its
        variable element becomes -1."""
        cp = self.coproc
        if cp is not None and fd in (cp.rfd, cp.wfd):
            if fd == cp.rfd:
                cp.rfd = -1
            else:
                cp.wfd = -1
            self.coproc_setvars(cp)

    def coproc_dispose(self) -> None:
        """``coproc_dispose`` of a coprocess that exited: its variables unset, its
        descriptors closed (the pipes' ends this shell held)."""
        cp = self.coproc
        self.coproc = None
        for name in (cp.name + "_PID", cp.name):
            if not self.has_attr(RO_ATTR, name):
                self.unsetvar(name)
        for fd in (cp.rfd, cp.wfd):
            stream = self.fds.get(fd) if fd >= 0 else None
            if stream is not None:
                self._setfd(fd, None)
                if type(stream) in (PipeIn, PipeOut):
                    stream.pipe.close_end(self.task)
        if self.sched.jobs:
            self.sched.wake()

    def close_procsubs(self, mark: int) -> None:
        """Close the process substitutions opened since ``mark`` (their command
        ended): a LIST still writing with no reader left gets SIGPIPE."""
        for fd, stream in self.procsubs[mark:]:
            if self.fds.get(fd) is stream:
                self._setfd(fd, None)
            stream.pipe.close_end(self.task)
        del self.procsubs[mark:]
        if self.sched.jobs:
            self.sched.wake()

    def background(self, node: Node) -> int:
        """``node &``: fork a job and run it up to its first blocking point."""
        pipeline = _unseq(node)
        if type(pipeline) is Pipeline and len(pipeline.cmds) > 1:
            return self._background_pipeline(pipeline)
        sys = self.sys
        text = job_text(node)
        # the guests' bash (:meth:`_fork_calls`): make_child's command text
        # (execute_simple_command's or execute_command_internal's ``savestring``)
        # before the fork, add_process's PROCESS after it, then stop_pipeline's
        # calls (:meth:`_start_job`; docs/fidelity.md item 347)
        calls = self._fork_calls()
        line = self._job_text_chunk(text, calls, True)
        child = self.make_child(settle=not calls)
        if self.noexec is not None:
            # busybox sh's job: forkchild's open of /dev/null, its tree evaluated
            self.ash_child_code(child, ASH_EVAL_WINDOWS + ASH_CHILD_IO_WINDOWS)
        sub = self.fork_state(child)
        # (the parent's calls once the child's arena is its own)
        procs = [self._job_text_chunk(text, calls, False, line),
                 self.heap.malloc(PROCESS_SIZE)] if calls else None
        sub.stdin = EMPTY_IN
        _own_pipe_ends(sub, child)
        if not _stdin_redirected(pipeline):
            _async_redirect_stdin(sys, child)
        # setup_async_signals (no job control in a script): the job ignores SIGINT
        # and SIGQUIT; a simple command or a pipeline keeps that through its execve,
        # the commands of an async ( ) or { } get them back
        newly = async_signals(sys, child)
        if not isinstance(_unseq(node), (Simple, Pipeline)):
            sub.own_ignored |= newly
        inner = self._child_node(sub, node)
        job = Job(child, self._job_body(sub, inner, child), text, self)
        job.shell = sub
        self._start_job(job, self._first_run(child), procs=procs)
        return 0

    def _job_text_chunk(self, text: str, calls: bool, before: bool, made=None):
        """A background process's command text (make_child's ``savestring``),
        made ``before`` its fork where this bash's arena is laid out
        (:attr:`var_buckets`: the chunk from its free ones, as the guests'), else
        after it: a ``bash -c``'s start-up free chunks are not known
        (docs/fidelity.md item 275), so
        one made before would come from its top and fault a page the guests'
        ``bash -c`` takes from its tcache (a forked child sees 16 heap pages there:
        tests/shell/test_bash_image.py). ``made``: the chunk made before, if any."""
        if not calls:
            return None
        if before:
            return self.heap.malloc(len(text) + 1) if self.var_buckets is not None else None
        return made if made is not None else self.heap.malloc(len(text) + 1)

    def _first_run(self, child: "TaskLike") -> float:
        """``wake_up_new_task``: seconds until the forked ``child`` first runs on
        its CPU (the parent goes on meanwhile)."""
        start = getattr(self.sys, "wake_up_new_task", None)
        return start(self.task, child) if start is not None else 0.0

    def _start_job(self, job: Job, delay: float, background: bool = True,
                   procs: list | None = None) -> None:
        """Enter ``job`` in the job table (``stop_pipeline``) and start it, its
        first process running ``delay`` seconds from now; ``$!`` is its last
        (``background``: not for a foreground command that stopped). ``procs``:
        the command text and ``PROCESS`` of each of its processes, made around
        their forks by the guests' bash (:meth:`_fork_calls`, whose fork's faults
        are then settled here, after stop_pipeline's calls: :meth:`fork_settle`)."""
        if self.job_control:
            # stop_pipeline: J_JOBCONTROL, ``pgrp`` the first process's (make_child)
            job.pgrp = job.pid if job.procs is None else job.procs[0].pid
        if self.ashtab is not None:
            ashjobs.add(self, job)
        else:
            stop_pipeline(self, job)
        heap = self.heap
        if procs is not None:
            # stop_pipeline's JOB, the chain's links, wd and slot, as a foreground
            # pipeline's (:meth:`_pipeline_job`); delete_job frees them in that order
            self.job_chunks[job] = self._pipeline_job(procs)
            self.fork_settle()
        if self.noexec is None:
            # the job table's and ``last_asynchronous_pid``'s pages (kernel/fork.py
            # BASH_FORK_WRITES.job): the fork write-protected them
            job_writes = BASH_FORK_WRITES[getattr(self.sys, "userland", "gnu")].job
            if job_writes:
                after_fork_writes(self.sys, self.task, job_writes)
        if procs is None:
            # stop_pipeline: the JOB, the job's wd (savestring), a PROCESS and the
            # command's text (jobs.c add_process: savestring)
            self.job_chunks[job] = (heap.malloc(JOB_SIZE), heap.malloc(len(str(self._cwd or "/")) + 1),
                                    heap.malloc(PROCESS_SIZE), heap.malloc(len(job.text) + 1))
            if self.noexec is None:
                self._jobs_slot()
        if background:
            self.last_bg = job.pid
        self.sched.start(job, delay)
        self.check_alive()

    def _background_pipeline(self, node: Pipeline) -> int:
        """``a | b &``: bash's ``execute_pipeline`` with ``asynchronous`` set: this
        shell makes each pipe and forks each stage itself (no shell in between),
        the first reading /dev/null; ``stop_pipeline`` makes one job of the
        processes, ``$!`` the last (execute_cmd.c, jobs.c). The stages then run
        side by side as a foreground pipeline's do (``run_stages``), in the
        job's coroutine; a writer whose reader died gets SIGPIPE. ``PIPESTATUS``
        is not set; the job's status is ``raw_job_exit_status``'s."""
        sys = self.sys
        cmds = node.cmds
        n = len(cmds)
        pipes: list[Pipe] = []
        members: list[dict] = [{} for _ in range(n)]
        procs = []
        stages = []
        starts = []
        fail = self.pipe_fail_at(n - 1)
        self.pipeline_pgrp = 0
        # the guests' bash's calls (:meth:`_fork_calls`): each stage's command text
        # before its fork, add_process's PROCESS after it (as :meth:`pipeline`'s);
        # the last stage's fork settled after stop_pipeline's (:meth:`_start_job`)
        calls = self._fork_calls()
        procs_made: list = []
        for i, c in enumerate(cmds):
            if i == fail:
                # the stages forked so far run on, the last writing to a pipe
                # no process reads; the shell exits (pipe_error)
                if i:
                    pipes[i - 1].readers = 0
                members = members[:i]
                break
            if i < n - 1:
                pipes.append(Pipe(sys, self.task, self.sched))
            text = job_text(c)
            line = self._job_text_chunk(text, calls, True)
            child = self.make_child("pipeline", "join", settle=not calls)
            starts.append(sys.now + self._first_run(child))
            sub = self._forked(child, PipeIn(pipes[i - 1]) if i else EMPTY_IN,
                               PipeOut(pipes[i]) if i < n - 1 else None, members[i])
            if calls:
                # add_process's PROCESS, the previous one's ``next`` pointed at it
                # (the parent's, once the child's arena is its own)
                procs_made += (self._job_text_chunk(text, calls, False, line),
                               self.heap.malloc(PROCESS_SIZE))
                if len(procs_made) > 2:
                    self.heap.store(procs_made[-4])
                if i < n - 1:
                    self.fork_settle()
            _own_pipe_ends(sub, child)
            if not i and not _stdin_redirected(c):
                _async_redirect_stdin(sys, child)
            # setup_async_signals in each stage (execute_simple_command and
            # execute_in_subshell with asynchronous set)
            newly = async_signals(sys, child)
            if not isinstance(_unseq(c), Simple):
                sub.own_ignored |= newly
            procs.append(Proc(child, text, sub))
            stages.append((sub, c, text, members[i]))
        self.pipeline_pgrp = 0
        # the stages run in one coroutine, from when the first of them runs (the
        # others' execve comes before its program gets to work: run_external)
        if stages:
            job = Job(child, run_stages([self._bg_stage(*a) for a in stages], pipes,
                                        lambda: sys.now, members), job_text(node), self)
            job.procs = procs
            self._start_job(job, max(0.0, min(starts) - sys.now),
                            procs=procs_made if calls else None)
        if fail is not None:
            self.pipe_error()
        return 0

    def _bg_stage(self, sub: "Shell", node: Node, text: str, member: dict) -> Generator:
        """What a background pipeline's stage runs: ``node`` in its forked
        process, which exits (its parent, this shell, reaps it)."""
        child = sub.task
        st = yield from sub.run_in_subshell(self._child_node(sub, node, stage=True))
        killed = task_killed(child)
        self._job_child_exits(child, "stage", killed)
        self._exit(child, st)
        member.update(pid=child.pid, sig=child.exit_signal if killed else None, text=text)
        self.sched.release(child, sub, self.ashtab is None)   # busybox sh: its dowait
        return st

    def _job_body(self, sub: "Shell", node: Node, child: "TaskLike") -> Generator:
        st = yield from sub.run_in_subshell(node)
        self._job_child_exits(child, "job", task_killed(child))
        self._exit(child, st)
        return st

    def _job_child_exits(self, child: "TaskLike", kind: str, killed: bool) -> None:
        """A job's process that exec'd nothing ends (the guests' bash's:
        :meth:`bash_child_exits`)."""
        if self.noexec is None and not killed and getattr(child, "flags", 0) & PF_FORKNOEXEC \
                and BASH_FORK_WRITES[getattr(self.sys, "userland", "gnu")].windowed:
            self.bash_child_exits(child, kind)

    def _exit(self, child: "TaskLike", st: int, handlers: bool = True) -> None:
        """``exit(st)`` (``handlers`` False: ``_exit(st)``) of a child that was not
        killed: do_exit's last ``schedule()`` gives its CPU to the tasks queued
        there, then it exits."""
        if not task_killed(child):
            self.sched.blocked(child)
            self.sys.exit(child, st & 0xFF, handlers)

    def pipeline(self, cmds: list) -> Generator:
        """Run the stages side by side through 64 KiB pipes (``shell/pipes.py``), each
        in its own subshell task; a writer whose reader has gone dies of SIGPIPE, and
        bash reports the job when a member died of another signal."""
        n = len(cmds)
        fail = self.pipe_fail_at(n - 1)
        pipes = [Pipe(self.sys, self.task, self.sched) for _ in range(n - 1 if fail is None else fail)]
        members: list[dict] = [{} for _ in range(n)]
        # shopt -s lastpipe (execute_pipeline's lastpipe_flag: no job control, not
        # asynchronous): the last stage runs in this shell, reading the last pipe
        lastpipe = fail is None and "lastpipe" in self.shopts
        # execute_pipeline: the shell forks every stage in order, then waits (its
        # CPU is theirs); each stage runs once it has a CPU (Scheduler.wait_cpu)
        children: list = []
        self.pipeline_pgrp = 0
        # the guests' bash's calls (:meth:`_fork_calls`): each stage's command text
        # (execute_simple_command's or execute_command_internal's ``savestring``
        # for make_child) before its fork, add_process's PROCESS after it
        calls = self._fork_calls()
        procs: list = []
        try:
            for i, m in enumerate(members[:-1] if lastpipe else members):
                if i == fail:
                    self.pipe_error()
                text = self.heap.malloc(len(job_text(cmds[i])) + 1) if calls else None
                m["task"] = child = self.make_child("pipeline", "join", settle=not calls)
                children.append(child)
                if calls:
                    procs += (text, self.heap.malloc(PROCESS_SIZE))
                    if len(procs) > 2:
                        self.heap.store(procs[-4])      # add_process: the last one's ``next``
                    self.fork_settle()
            self.pipeline_pgrp = 0
        except (ExitShell, TaskKilled):
            # a fork failed (the shell exits) or the OOM killer chose the shell: the
            # stages forked already run on, the last writing to a pipe nobody reads
            k = len(children)
            if k:
                if k < n:
                    pipes[k - 1].readers = 0
                yield from run_stages(self._stages(children, cmds[:k], pipes, members), pipes[:k],
                                      lambda: self.sys.now, members[:k])
            raise
        job = self._pipeline_job(procs) if procs else None
        self.sched.blocked(self.task)
        waiting = wait_sigint(self.sys, self.task)
        fg = self.sched.fg_stages
        fg[self.task] = children
        stages = self._stages(children, cmds, pipes, members)
        if lastpipe:
            stages.append(self._lastpipe_stage(cmds[-1], PipeIn(pipes[-1]), members[-1]))
        try:
            statuses = yield from run_stages(stages, pipes, lambda: self.sys.now, members)
        finally:
            if fg.get(self.task) is children:
                del fg[self.task]
        # killed meanwhile, the stages ran on (Scheduler._orphan_foreground): the dead
        # shell's part stops here
        self.check_alive()
        if job is not None:
            self._fg_job_done(job)
        if lastpipe and "flow" in members[-1]:
            raise members[-1]["flow"]
        if waiting:
            end_wait_sigint(self.sys, self.task, waiting, children[-1])
        self.pipestatus = statuses
        if not self.job_control and not self.in_cmdsub:
            # the background jobs first (the pipeline is the job table's last)
            if self.sched.jobs:
                self.sched.reap_killed()
            if self.pending_notify:
                self._notify_after_foreground()
        self._at_ctx_line(self.report_job, members)
        st = statuses[-1]
        if self.pipefail:
            st = next((s for s in reversed(statuses) if s), 0)
        return st

    def pipe_fail_at(self, npipes: int) -> int | None:
        """Which of a pipeline's ``npipes`` pipes ``pipe()`` cannot make under
        RLIMIT_NOFILE (fs/file.c ``alloc_fd``: EMFILE), None if all can be:
        execute_pipeline makes each before forking the stage that writes it,
        the first with 2 descriptors free, each later one with 3 (the previous
        pipe's read end is held until the next stage is forked). bash 5.2.15
        with ``ulimit -Sn 5`` (0-2 open, 255 above): ``a | b`` runs, ``a | b |
        c`` fails at its second pipe."""
        nofile = self.ulimits["n"][0]
        if nofile is None or not npipes or 6 + len(self.fds) <= nofile:
            return None
        used = self._fds_used()
        free = sum(fd not in used for fd in range(nofile))
        if free < 2:
            return 0
        return 1 if free < 3 and npipes > 1 else None

    def pipe_error(self) -> None:
        """A pipeline's ``pipe()`` failed: ``sys_error`` (the shell's name, no
        line) and ``throw_to_top_level``: the (sub)shell exits 1|128."""
        self.stderr.write(f"{self.arg0}: pipe error: {os.strerror(errno.EMFILE)}\n")
        raise ExitShell(1 | 128)       # EXECUTION_FAILURE

    def _stages(self, children: list, cmds: list, pipes: list, members: list) -> list:
        """The stages of a foreground pipeline: each of ``cmds`` in its forked
        child, stage ``i`` writing ``pipes[i]`` and reading ``pipes[i-1]``."""
        last = len(pipes)
        return [self._stage(child, c, PipeIn(pipes[i - 1]) if i else None,
                            PipeOut(pipes[i]) if i < last else None, members[i])
                for i, (child, c) in enumerate(zip(children, cmds))]

    def _lastpipe_stage(self, node: Node, stdin: PipeIn, member: dict) -> Generator:
        """``shopt -s lastpipe``'s last stage (execute_pipeline: ``lastpipe_flag``,
        ``CMD_LASTPIPE``): ``node`` runs in this shell, its standard input the
        last pipe's read end (``do_piping``), restored once it is done
        (``restore_stdin``, closing the pipe), while the forked stages run on;
        bash then waits for them (``wait_for (lastpid)``). What it changes
        stays (``echo hi | read x``); an ``exit``, ``return``, ``break`` or
        abandoned line it runs takes effect once the other stages are done (bash
        leaves them running at once: not modelled)."""
        member.update(task=self.task, pid=self.task.pid, sig=None, text=job_text(node))
        stdin.task = self.task
        saved = self.stdin
        self.stdin = stdin
        try:
            st = yield from node.run(self)
        except (ExitShell, Return, Break, Continue, ShellError) as e:
            member["flow"] = e
            st = getattr(e, "status", 0)
        finally:
            self.stdin = saved
        member["state"] = (False, st, None)
        return st

    def _stage(self, child: "TaskLike", node: Node, stdin, stdout, member: dict) -> Generator:
        """A foreground pipeline's stage: the forked ``child`` waits for its CPU
        (the first runs queued there before it), then runs ``node``."""
        wait = self.sched.runqueue_wait(child)
        if wait > 0:
            try:
                yield Sleep(wait)
            except TaskKilled as e:
                if e.pid != child.pid:
                    raise
        return (yield from self._run_forked(child, node, stdin, stdout, False, member, None,
                                            False))

    def report_signal(self, pid: int, sig: int, text: str, foreground: bool = False) -> None:
        """What non-interactive bash prints when a child dies of a signal
        (``notify_of_job_status``): ``NAME: line N: PID DESC  TEXT``, not for
        SIGINT, nor SIGPIPE and SIGTERM (bash's config-top.h DONT_REPORT_SIGPIPE,
        DONT_REPORT_SIGTERM), nor a signal the shell traps; of those, a foreground
        job's death by any but SIGINT and SIGPIPE is its description alone
        (``Terminated``: :meth:`_report_short`). busybox sh reports only the job
        it waits for (:func:`ash.waited_death`)."""
        if self.dialect.ash_jobs:
            if foreground:
                ash.waited_death(self, sig)
            return
        if not self._reported(sig):
            if foreground:
                self._report_short(sig)
            return
        desc = signal_desc(sig)
        self.err(f"{pid:5d} {desc:<24}{text}")

    def _report_short(self, sig: int) -> None:
        """``notify_of_job_status``'s IS_FOREGROUND branch: ``j_strsignal`` alone."""
        if sig not in (2, 13) and not self.in_cmdsub:
            self.stderr.write(signal_desc(sig) + "\n")

    def _reported(self, sig: int) -> bool:
        """Whether a death by ``sig`` is reported (``notify_of_job_status``)."""
        return not (sig in QUIET_SIGNALS or sig in self.traps or self.in_cmdsub)

    def report_job(self, members: list[dict]) -> None:
        """A foreground pipeline's death is reported as a job's
        (``notify_of_job_status``): when ``raw_job_exit_status`` (its last
        process's, with ``pipefail`` the last one not 0) is a reported signal,
        every process on its own line with its own status."""
        if self.in_cmdsub and not self.dialect.ash_jobs:
            return
        states = [m.get("state") or Proc(m["task"], m["text"], None).state() for m in members]
        if self.dialect.ash_jobs:
            for st in states:
                ash.waited_death(self, st[2])
            return
        _, sig = raw_status(states, self.pipefail)
        if sig and self._reported(sig):
            self._report_lines(process_lines(
                [(m["task"].pid, m["text"], *st, 0) for m, st in zip(members, states)], "dead", True))
        elif sig:
            self._report_short(sig)

    def _report_lines(self, lines: list[str]) -> None:
        """``NAME: line N: `` and ``pretty_print_job(JLIST_NONINTERACTIVE)``'s lines."""
        self.err(lines[0])
        for line in lines[1:]:
            self.stderr.write(line + "\n")

    # -- redirections ---------------------------------------------------------------------
    def _getfd(self, fd: int):
        return (self.stdin, self.stdout, self.stderr)[fd] if 0 <= fd <= 2 else self.fds.get(fd)

    def _setfd(self, fd: int, stream) -> None:
        """Point ``fd`` at ``stream``; None closes a descriptor above 2."""
        if fd == 0:
            self.stdin = stream
        elif fd == 1:
            self.stdout = stream
        elif fd == 2:
            self.stderr = stream
        elif stream is None:
            self.fds = {k: v for k, v in self.fds.items() if k != fd}
        else:
            self.fds = {**self.fds, fd: stream}

    def apply_redirs(self, redirs: list, task: "TaskLike") -> Generator:
        """Apply ``redirs`` to this shell's streams, files opened by ``task``.

        Returns (saved streams, opened files), or None after printing the error.
        """
        saved = (self.stdin, self.stdout, self.stderr, self.fds)
        opened: list = []
        varfds: list = []
        for r in redirs:
            self.lineno = r.line
            op = r.op
            if type(r.fd) is str:
                # {NAME}>WORD (REDIR_VARASSIGN, redir.c do_redirection_internal)
                ref = r.fd if r.fd[-1] != "]" else (yield from self._element_ref(r.fd))
                r = self._varassign(r, varfds, ref)
                if r is None:
                    continue
                if r is False:
                    self._undo(saved, opened)
                    return None
            if op == "<<":
                if r.body_word is None:
                    body = r.body
                elif r.body_word.blocking:
                    body = yield from expand_g(self, r.body_word, "str")
                else:
                    body = expand_str(self, r.body_word)
                self._setfd(r.fd, BytesIn(body.encode("utf-8", "surrogateescape")))
                continue
            tgt = r.target
            if type(tgt) is int:
                src = self._getfd(tgt)
                if src is None or (r.fd != tgt and not self._dup2_ok(r.fd)):
                    self.err(f"{tgt}: Bad file descriptor")
                    self._undo(saved, opened)
                    return None
                if r.fd != tgt and not self._save_ok(r.fd, tgt):
                    self._undo(saved, opened)
                    return None
                self._setfd(r.fd, src)
                continue
            if tgt == "-" and not self._save_ok(r.fd, 0):
                self._undo(saved, opened)
                return None
            if tgt == "-":
                self._setfd(r.fd, (ClosedOut() if r.fd else CLOSED_IN) if r.fd <= 2 else None)
                if self.coproc is not None:
                    self.coproc_fdchk(r.fd)
                continue
            if op == "<<<":
                s = (yield from expand_g(self, tgt, "str")) if tgt.blocking else expand_str(self, tgt)
                self._setfd(r.fd, BytesIn((s + "\n").encode("utf-8", "surrogateescape")))
                continue
            fields = (yield from expand_g(self, tgt)) if tgt.blocking else expand_fields(self, tgt)
            if len(fields) != 1:
                self.err(f"{tgt.raw}: ambiguous redirect")
                self._undo(saved, opened)
                return None
            p = fields[0]
            if op in (">&", "<&") and p.isdigit():
                src = self._getfd(int(p))
                if src is None or (r.fd != int(p) and not self._dup2_ok(r.fd)):
                    # redirection_error's guess for EBADF: the word as written
                    # when it is dup'ed to the default descriptor, else that one
                    self.err(f"{tgt.raw if r.fd == (op == '>&') else r.fd}: Bad file descriptor")
                    self._undo(saved, opened)
                    return None
                if r.fd != int(p) and not self._save_ok(r.fd, p):
                    self._undo(saved, opened)
                    return None
                self._setfd(r.fd, src)
                continue
            m = _DEV_FD.fullmatch(p) if p[:5] == "/dev/" else None
            if m and op in _REDIR_MODE:
                # bash opens /dev/fd/N and /dev/std* as a dup of its own descriptor
                n = int(m.group(1)) if m.group(1) else ("in", "out", "err").index(m.group(2))
                src = self._getfd(n)
                if src is None:
                    self.err(f"{p}: No such file or directory")
                    self._undo(saved, opened)
                    return None
                self._setfd(r.fd, src)
                continue
            mode = _REDIR_MODE.get(op)
            if mode is None:
                raise RuntimeUnsupported(f"redirection {op}", r.line)
            try:
                if not p:
                    raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))
                nofile = self.ulimits["n"][0]
                # RLIMIT_NOFILE matters only near it: with 4 + the others below it,
                # the open's descriptor, bash's saved one and N all are
                tight = nofile is not None and (r.fd >= nofile or 4 + len(self.fds) >= nofile)
                if tight:
                    # open(): alloc_fd's lowest free descriptor, EMFILE past the limit
                    from ..kernel.file import alloc_fd
                    alloc_fd(self._fds_used(), 0, nofile)
                ap = self.path(p)
                f = self._open_redir(ap, mode, op, task)
            except OSError as e:
                if self.dialect.ash_errors:
                    ash.redirect_error(self, p, e, mode == "r")
                else:
                    self.err(f"{p}: {e.strerror or os.strerror(e.errno or errno.EIO)}")
                self._undo(saved, opened)
                return None
            if tight and op not in ("&>", "&>>") and not self._dup2_ok(r.fd):
                # dup2(fd, N) past RLIMIT_NOFILE (the file opened below it):
                # redirection_error names N
                f.close()
                self.err(f"{r.fd}: Bad file descriptor")
                self._undo(saved, opened)
                return None
            if tight and not self._save_ok(r.fd, p, 1):
                f.close()
                self._undo(saved, opened)
                return None
            opened.append(f)
            stream = FileIn(f) if mode == "r" else FileInOut(f) if mode == "r+" else FileOut(f)
            stream.name = (ap, MODE_FLAGS[mode])
            if op in ("&>", "&>>") or (op == ">&" and r.fd == 1 and type(tgt) is not int):
                self.stdout = stream
                self.stderr = stream
            else:
                self._setfd(r.fd, stream)
            if hasattr(f, "held"):          # a FIFO's end: open while a descriptor is
                f.held = self._holder(stream)
        if varfds:
            res = self._varassign_done(varfds, saved, opened)
            if res is None:
                self._undo(saved, opened)
                return None
            saved, opened = res
        if redirs is self.child_redirs:
            self.child_redirs = None
        else:
            self.kept += (saved,)
        return saved, opened

    def _element_ref(self, text: str) -> Generator:
        """``{NAME[SUB]}``'s variable: (NAME, the element's index or key, the
        text as written, which errors name), the
        subscript expanded as an element assignment's is (redir.c
        ``redir_varvalue`` → ``get_array_value``, ``redir_varassign`` →
        ``bind_var_to_int`` → ``assign_array_element``)."""
        name, sub = text[:-1].split("[", 1)
        word = _SUBSCRIPTS.get(sub)
        if word is None:
            word = _SUBSCRIPTS[sub] = compile_word(Src(sub, 1), 0, len(sub), assign_value=True)
        arr = self.get_array(name)
        idx = yield from array_index(self, name, word, {} if arr is None else arr)
        return name, idx, text

    def _varassign(self, r: Redir, varfds: list, ref):
        """A ``{NAME}`` redirection (``ref``: NAME, or an element's (NAME, index)):
        ``{NAME}>&-`` closes the descriptor NAME holds (unset: ``NAME: ambiguous
        redirect``; not a number: nothing), at once and for good (None); any
        other opens or dups onto the lowest descriptor free from 10
        (``fcntl(F_DUPFD, SHELL_FD_BASE)``), returned as an ordinary redirection
        to it, NAME assigned once all are made (:meth:`_varassign_done`)."""
        name = r.fd
        if r.target == "-":
            v = self.get(name) if type(ref) is str else (self.get_array(ref[0]) or {}).get(ref[1])
            if v is None:
                self.err(f"{name}: ambiguous redirect")
                return False
            if v.strip().isdigit():
                n = int(v)
                self._setfd(n, (ClosedOut() if n else CLOSED_IN) if n <= 2 else None)
                varfds.append((None, n))
            return None
        from ..kernel.file import alloc_fd, f_dupfd     # (their first use imports them)
        used = self._fds_used()
        used.update(fd for _, fd in varfds)
        nofile = self.ulimits["n"][0]
        try:
            if r.op not in (">&", "<&"):
                # the file is opened first (EMFILE: redirection_error with the word)
                try:
                    used.add(alloc_fd(used, 0, nofile))
                except OSError as e:
                    self.err(f"{self._redir_word(r.target)}: {os.strerror(e.errno)}")
                    return False
            n = f_dupfd(used, SHELL_FD_BASE, nofile)
        except OSError as e:
            # redir.c: the descriptor opened, its fcntl(F_DUPFD) failed: sys_error's
            # message, then redirection_error's with the word
            msg = os.strerror(e.errno)
            self.stderr.write(f"{self.arg0}: redirection error: cannot duplicate fd: {msg}\n")
            self.err(f"{self._redir_word(r.target)}: {msg}")
            return False
        varfds.append((ref, n))
        return Redir(n, r.op, r.target, r.line)

    def _redir_word(self, t) -> str:
        """A redirection's word as redirection_error names it: expanded (as
        written when that needs a command substitution), a descriptor's number."""
        if not hasattr(t, "raw"):
            return str(t)
        return t.raw if t.blocking else expand_str(self, t)

    def _fds_used(self) -> set:
        """The descriptors this shell has open: 0-2 and its redirections' (bash's
        own 255, the script, lies above any limit a script sets)."""
        return {0, 1, 2, *self.fds}

    def _save_ok(self, fd: int, word, opening: int = 0) -> bool:
        """bash keeps an open descriptor it redirects, to put it back after the
        command (redir.c ``add_undo_redirect``: ``fcntl(F_DUPFD)``; ``exec``'s too,
        dropped after): with no descriptor free below RLIMIT_NOFILE (``opening``:
        the file just opened holds one more) that fails, ``redirection error:
        cannot duplicate fd``, and the redirection with it (``WORD: ...``: the
        file, the descriptor dup'ed, 0 for a close)."""
        nofile = self.ulimits["n"][0]
        if nofile is None or 3 + len(self.fds) + opening < nofile:
            return True
        from ..kernel.file import alloc_fd
        used = self._fds_used()
        if fd not in used:
            return True         # nothing open there to keep
        try:
            if opening:
                used.add(alloc_fd(used, 0, nofile))     # the file's own
            alloc_fd(used, 0, nofile)
        except OSError as e:
            msg = os.strerror(e.errno)
            self.stderr.write(f"{self.arg0}: redirection error: cannot duplicate fd: {msg}\n")
            self.err(f"{word}: {msg}")
            return False
        return True

    def _dup2_ok(self, newfd: int) -> bool:
        """``dup2(.., newfd)`` within RLIMIT_NOFILE (``ksys_dup3``: else EBADF)."""
        nofile = self.ulimits["n"][0]
        if nofile is None or newfd < nofile:
            return True
        from ..kernel.file import dup2_check
        try:
            dup2_check(newfd, self.ulimits["n"][0])
        except OSError:
            return False
        return True

    def _varassign_done(self, varfds: list, saved, opened):
        """NAME of each ``{NAME}`` redirection set to its descriptor, which outlives
        the command (bash adds no undo for it): kept in ``saved``'s table, its file
        left open. None after an error (a readonly NAME: ``cannot assign fd to
        variable``)."""
        fds = dict(saved[3])
        keep = set()
        for ref, n in varfds:
            if ref is None:                 # a close, for good
                fds.pop(n, None)
                continue
            stream = self._getfd(n)
            try:
                if type(ref) is str:
                    self.setvar(ref, str(n))
                else:
                    self.assign_element(ref[0], ref[1], str(n))
            except ReadonlyError:
                self.err(f"{ref if type(ref) is str else ref[2]}: cannot assign fd to variable")
                return None
            fds[n] = stream
            keep.add(id(getattr(stream, "f", None)))
        saved = (saved[0], saved[1], saved[2], fds)
        return saved, [f for f in opened if id(f) not in keep]

    def _holder(self, stream) -> Callable[[], bool]:
        """Whether this shell, or a job started from now on (which may have
        inherited it), still has a descriptor on ``stream``."""
        since = self.sched.seq if self.sched is not None else 0

        def held() -> bool:
            if any(s is stream for s in self.open_streams()):
                return True
            return self.sched is not None and self.sched.holds(
                lambda s: s is stream, since)
        return held

    def _open_redir(self, path: str, mode: str, op: str, task):
        """Open a redirection's file. ``<>`` is ``O_RDWR|O_CREAT`` (bash redir.c
        ``r_input_output``): a missing file is made empty, then opened. Under
        ``set -C`` (``noclobber``) ``>``, ``&>`` and ``>&`` refuse a regular file that
        exists."""
        if self.noclobber and op in (">", "&>", ">&"):
            # set -C: redir.c noclobber_open refuses an existing regular file (``>|``
            # forces it); anything else (a device, a cgroupfs file) opens as usual
            try:
                st = self.sys.stat(path, task)
            except OSError:
                st = None
            if st is not None and stat_mod.S_ISREG(st.st_mode):
                # bash's own words (redir.c redirection_error: REDIR_NOCLOBBER); the
                # ash family's noclobberopen sets EEXIST, said as strerror
                raise OSError(errno.EEXIST, "cannot overwrite existing file" if not self.dialect.ash_errors
                              else os.strerror(errno.EEXIST))
        try:
            return self.sys.open(path, mode, task)
        except OSError as e:
            if op != "<>" or e.errno != errno.ENOENT:
                raise
        self.sys.truncate(path, 0, task)
        return self.sys.open(path, mode, task)

    def _undo(self, saved, opened) -> None:
        self.stdin, self.stdout, self.stderr, self.fds = saved
        kept = self.kept
        if kept and kept[-1] is saved:
            self.kept = kept[:-1]
        for f in opened:
            try:
                f.close()
            except OSError:
                pass

    def with_redirs(self, redirs: list, body: Callable[["Shell"], Generator]) -> Generator:
        """Run ``body(self)`` with ``redirs`` applied in this shell; a ``<(...)``
        they opened is closed after it."""
        mark = len(self.procsubs)
        res = yield from self.apply_redirs(redirs, self.task)
        if res is None:
            if len(self.procsubs) > mark:
                self.close_procsubs(mark)
            return self.dialect.redirect_status
        saved, opened = res
        try:
            st = yield from body(self)
        except GeneratorExit:
            raise
        except BaseException:
            self._undo(saved, opened)
            if len(self.procsubs) > mark:
                self.close_procsubs(mark)
            raise
        self._undo(saved, opened)
        if len(self.procsubs) > mark:
            self.close_procsubs(mark)
        return st

    # -- simple commands -------------------------------------------------------------------
    def assign_only(self, node: Simple) -> Generator:
        """A command of assignments alone (and redirections): bash expands and binds
        them before its redirections (the words' expansion), the ash family after
        them, inside them (busybox ash.c and dash eval.c ``evalcommand``: the
        redirections, then each assignment expanded and set: ``x=$(cmd)
        2>/dev/null`` hides cmd's errors, and a readonly's)."""
        if node.redirs and self.dialect.ash_eval:
            res = yield from self.apply_redirs(node.redirs, self.task)
            if res is None:
                return self.dialect.redirect_status
            try:
                yield from self._assign_words(node)
            finally:
                self._undo(*res)
            return self.subst_status or 0
        yield from self._assign_words(node)
        st = self.subst_status or 0
        if node.redirs:
            res = yield from self.apply_redirs(node.redirs, self.task)
            if res is None:
                return self.dialect.redirect_status
            self._undo(*res)
        return st

    def _assign_words(self, node: Simple) -> Generator:
        for name, w, append in node.assigns:
            if type(w) is ArrayAssign:  # NAME=(...)
                if self.xtrace:
                    xtrace.head(self, w.raw)
                yield from w.assign(self)
                continue
            if (w.const is None and type(name) is str and not append
                    and (w.simple or bashmem.plain(w)) and type(self._var(name)) is not dict):
                # bash's buffers for the word's expansion (shell/bashmem.py)
                lens = [len(self.get(p.name) or "") for p in w.parts if type(p) is Param]
                self._free_subst()
                a = bashmem.Assignment(self.heap, w, name)
                if w.blocking:
                    self.comsub_bufs = []
                    try:
                        v = yield from expand_g(self, w, "str")
                    finally:
                        bufs, self.comsub_bufs = self.comsub_bufs, None
                else:
                    v, bufs = expand_str(self, w), []
                self.subst_chunks = a.end(lens, len(v), bufs)
                if self.xtrace:     # do_assignment_internal, before binding
                    xtrace.assignment(self, name, v)
                self.assign(name, v)
                continue
            v = (yield from expand_g(self, w, "str")) if w.blocking else expand_str(self, w)
            if self.xtrace:
                xtrace.assignment(self, (name if type(name) is str else f"{name[0]}[{name[1].raw}]")
                                  + ("+" if append else ""), v)
            if type(name) is tuple:     # NAME[SUB]=VALUE
                name, sub = name
                idx = yield from array_index(self, name, sub, self.get_array(name, {}),
                                             f"{name}[{sub.raw}]")
                self.assign_element(name, idx, v, append)
            else:
                self.assign(name, v, append)

    def var_names(self) -> set[str]:
        """Every variable set (in any scope), arrays included."""
        return {k for d in self.scopes for k, v in d.items() if v is not None and k[0] != "\0"}

    def is_integer(self, name: str) -> bool:
        """``declare -i``: the attribute of the innermost scope holding ``name``."""
        key = INT_ATTR + name
        for d in reversed(self.scopes):
            if key in d:
                return True
            if name in d:
                return False
        return False

    def assign(self, name: str, value: str, append: bool = False) -> None:
        if self.is_integer(name):       # assignments to it are arithmetic
            value = str(self.arith(value) + (self.arith(self.get(name) or "0") if append else 0))
            append = False
        if append:
            scopes = self.scopes
            d = scopes[0] if len(scopes) == 1 else self._scope(name)
            old = d.get(name)
            if (type(old) is str and name not in _SPECIAL and NAMEREFS not in scopes[0]
                    and CASEMAP not in scopes[0] and not self._readonly(name)):
                # NAME+=VALUE on a string: appended where it is (CPython resizes a
                # string nothing else holds), so a loop of appends takes linear
                # time, as bash's (make_variable_value copies the value once)
                d[name] = ""
                old += value
                d[name] = old
                if self.rand.env is not None and name in self.exported:
                    self._own_rand().env = None
                self._store(name, old, True)
                return
            value = (self.get(name) or "") + value
        if CASEMAP in self.scopes[0]:
            value = casemap(self, name, value)
        v = self._var(name)
        if isinstance(v, dict):         # NAME=VALUE sets an array's element 0
            self.assign_element(name, "0" if type(v) is Assoc else 0, value)
            return
        self.setvar(name, value)

    def command(self, argv: list[str], node: Simple) -> Generator:
        name = argv[0]
        env = None
        if self.xtrace:
            # the prefix assignments are expanded (and traced) after the words,
            # before the command is traced (subst.c expand_word_list_internal)
            if node.assigns:
                env = yield from self._prefix_env(node)
            xtrace.words(self, argv)
        body = self.funcs.get(name)
        if body is not None:
            return (yield from self.call_function(body, argv, node, env))
        bi = self.builtins.get(name)
        if bi is not None:
            return (yield from self.run_builtin(bi, argv, node, name in SPECIAL, env))
        return (yield from self.run_external(argv, node, env))

    def _prefix_env(self, node: Simple) -> Generator:
        """A command's prefix assignments, its temporary environment: each
        expanded in turn, the earlier ones visible to the later (``assign_in_env``
        adds to ``temporary_env`` as it goes: ``A=1 B=$A cmd``). An array
        element (``a[1]=x cmd``) is no identifier there: ``assign_in_env``'s
        ``sh_invalidid`` names it as written, its value is not expanded, and the
        command runs without it."""
        env: dict = {}
        assigns = node.assigns
        visible = len(assigns) > 1
        if visible:
            self.scopes.append(env)
        try:
            for name, w, append in assigns:
                if type(name) is tuple:
                    self.lineno = node.line
                    self.err(f"`{name[0]}[{name[1].raw}]': not a valid identifier")
                    continue
                if type(w) is ArrayAssign:
                    v = yield from w.as_string(self)
                else:
                    v = (yield from expand_g(self, w, "str")) if w.blocking else expand_str(self, w)
                if self.has_attr(RO_ATTR, name):
                    if self.dialect.ash_errors:     # mklocal/setvareq's error: fatal
                        raise ash.fatal(self, f"{name}: is read only")
                    self.err(f"{name}: readonly variable")
                    continue
                env[name] = (self.get(name) or "") + v if append else v
                if self.xtrace:     # assign_in_env: xtrace_print_assignment
                    xtrace.assignment(self, name + ("+" if append else ""), v)
        finally:
            if visible:
                self.scopes.pop()
        return env

    def call_function(self, body: Node, argv: list[str], node: Simple | None,
                      prefix: dict | None = None) -> Generator:
        if self.funcnames:
            limit = funcnest_max(self._var("FUNCNEST"))
            if 0 < limit <= len(self.funcnames):
                # execute_cmd.c execute_function: the whole top-level command is
                # discarded (jump_to_top_level (DISCARD)), a subshell ends
                self.err(f"{argv[0]}: maximum function nesting level exceeded ({len(self.funcnames)})")
                raise ShellError(1)
        res = None
        late = (node is not None and node.redirs and node.assigns and prefix is None
                and self.dialect.ash_eval)      # as in run_builtin
        if late:
            res = yield from self.apply_redirs(node.redirs, self.task)
            if res is None:
                return self.dialect.redirect_status
        try:
            scope = prefix if prefix is not None else (
                (yield from self._prefix_env(node)) if node is not None and node.assigns else {})
        except BaseException:
            if res is not None:
                self._undo(*res)
            raise
        if scope:
            scope[TEMPENV] = frozenset(scope)
        if self.exec_direct or (self.in_cmdsub and node is not None and node is self.exec_last):
            # a forked child's sole command (a ( ) subshell's, a stage's, a job's:
            # CMD_NO_FORK) calls a function: only the body's own last simple command
            # is exec'ed in place, as in a command substitution; `( f )` with f's
            # `ls >FILE; awk ... | sed` forks ls, as the guests' bash does
            # (tests/conformance/scripts/userland-proc.sh: the subshell's
            # /proc/$BASHPID/fd, read by the ls it forked), where the model exec'ed
            # the body's first program
            self._optimize_shell_function(body)
        if node is not None and node.redirs and not late:
            res = yield from self.apply_redirs(node.redirs, self.task)
            if res is None:
                return self.dialect.redirect_status
        saved_args, saved_noerr, saved_loop = self.args, self.noerrexit, self.loop_depth
        saved_ctx = self.ctx_line
        self.ctx_line = body.line       # execute_function: the body's (definition) line
        # execute_function: without set -T the function does not inherit the
        # RETURN trap (restore_default_signal), which is set again after it
        # unless the function set one of its own (maybe_set_return_trap)
        traps = self.traps
        ret_trap = traps.pop("RETURN", None) if traps and not self.functrace else None
        self.args = argv[1:]
        self.scopes.append(scope)
        self.funcnames.append(argv[0])
        self.funclines.append(self.lineno)
        self.loop_depth = 0
        sdepth = self.sdepth
        self.sdepth = sdepth + FUNCTION_FRAME       # execute_function (shell/stack.py)
        # execute_function runs a copy of the body, freed as it returns (parsetree.py)
        tc = wordcache.take(self, tree_sizes(body)) if self.noexec is None else None
        # its unwind-protect frame: the saves are fresh chunks (shell/execframes.py)
        saves = execframes.save_mem(self, execframes.EXECUTE_FUNCTION_SAVES,
                                    execframes.EXECUTE_FUNCTION_ELTS)
        try:
            try:
                st = yield from body.run(self)
            except Return as r:
                st = r.status
            if "RETURN" in traps:
                # run_return_trap, in the function's context, $? its last command's
                yield from self.return_trap()
        except GeneratorExit:
            raise
        except BaseException as e:
            if type(e) is RecursionError and not e.args[1:]:
                e.args += (len(self.funcnames),)    # how deep, for Shell.run's report
            elif type(e) is ExpansionError and e.where is None:
                # reported where bash reports it, in the function (its file's name)
                e.where = f"{self.err_name()}: line {self.lineno}: "
            self.sdepth = sdepth
            if tc is not None:
                wordcache.give(self, tc)
            execframes.run_frame(self, saves)
            self._leave_function(saved_args, saved_noerr, saved_loop, res)
            self.ctx_line = saved_ctx
            if ret_trap is not None:
                traps.setdefault("RETURN", ret_trap)
            raise
        self.sdepth = sdepth
        if tc is not None:
            wordcache.give(self, tc)
        execframes.run_frame(self, saves)
        self._leave_function(saved_args, saved_noerr, saved_loop, res)
        self.ctx_line = saved_ctx
        if ret_trap is not None:
            traps.setdefault("RETURN", ret_trap)
        return st

    def return_trap(self) -> Generator:
        """trap.c ``run_return_trap``: the RETURN trap's action as a function or
        a sourced file ends, ``$?`` kept, not while it runs already."""
        action = self.traps.get("RETURN")
        if action and not self.in_return_trap:
            self.in_return_trap = True
            try:
                ex = yield from self.run_trap(action, resetline=False)
            finally:
                self.in_return_trap = False
            if ex is not None:
                raise ExitShell(ex)

    def _optimize_shell_function(self, body: Node) -> None:
        """A function called as the command a command or process substitution
        runs without a fork: only its body's own last simple command is exec'ed
        in place, the body's sole simple command or the second of its top
        ``;``/``&&``/``||`` connection; every other program it runs (in an
        ``if``, a loop, a nested group, or not last) is forked (bash 5.2
        execute_cmd.c ``execute_function`` → evalstring.c
        ``optimize_shell_function``, under ``CMD_NO_FORK`` and
        ``SUBSHELL_COMSUB``; checked against bash 5.2.15: ``f() { if true; then
        sh -c 'echo $PPID'; fi; }; echo $(f) $$`` prints the subshell's pid, with
        ``f() { true; sh -c ..; }`` the shell's). Before, the first program the
        body ran was exec'ed in place, wherever it was."""
        self.exec_direct = False
        inner = body.body if type(body) is Group else body
        self.exec_last = _oneshot_last(inner)

    def _leave_function(self, args, noerr, loop, res) -> None:
        saved = self.scopes.pop().get(LOCAL_OPTS)
        if saved is not None:
            for o, on in zip(SET_OPTIONS, saved):
                setattr(self, o, on)
        self.args = args
        self.noerrexit = noerr
        self.loop_depth = loop
        self.funcnames.pop()
        self.funclines.pop()
        if res is not None:
            self._undo(*res)

    def run_builtin(self, bi, argv: list[str], node: Simple, special: bool,
                    prefix: dict | None = None) -> Generator:
        fn, is_gen = bi
        tmp = None
        res = None
        # the ash family expands the assignments inside the redirections
        # (evalcommand), bash before them
        late = node.redirs and node.assigns and prefix is None and self.dialect.ash_eval
        if late:
            res = yield from self.apply_redirs(node.redirs, self.task)
            if res is None:
                if special and self.dialect.ash_errors:
                    raise ExitShell(self.dialect.redirect_status)
                return self.dialect.redirect_status
        if node.assigns:
            # the temporary environment, special builtins' too (bash, not in
            # POSIX mode: `x=1 :` leaves no x)
            try:
                tmp = prefix if prefix is not None else (yield from self._prefix_env(node))
            except BaseException:
                if res is not None:
                    self._undo(*res)
                raise
            tmp[TEMPENV] = frozenset(tmp)
            self.scopes.append(tmp)
        if node.redirs and not late:
            res = yield from self.apply_redirs(node.redirs, self.task)
            if res is None:
                if tmp is not None:
                    self.scopes.pop()
                if special and self.dialect.ash_errors:
                    # evalcommand's redirection error in a special builtin:
                    # EXERROR, the (sub)shell ends with the redirection's status
                    # (busybox 1.35: `(exec 3< /nonexistent; echo x)` ends, 1)
                    raise ExitShell(self.dialect.redirect_status)
                return self.dialect.redirect_status
        self.lineno = node.line
        if self.noexec is not None and argv and argv[0] in ASH_APPLET_BUILTINS:
            # busybox sh's builtin runs its applet's main: its code's windows
            map_applet_code(self.sys, self.task, ASH_APPLET_BUILTINS[argv[0]])
        try:
            try:
                st = None
                if len(argv) > 1 and argv[1][:1] in _OPTION_START and self.dialect.builtin_getopt:
                    from .bashgetopt import usage_error
                    st = usage_error(self, argv)
                if st is None:
                    st = (yield from fn(self, argv)) if is_gen else fn(self, argv)
            except OSError as e:
                st = self.write_error(argv[0], e)
            except ReadonlyError:
                st = 1
            except BrokenPipe:
                self.sys.kill(self.task.pid, SIGPIPE, self.task)   # raises TaskKilled
                raise
        except GeneratorExit:
            raise
        except BaseException:
            if tmp is not None:
                self.scopes.remove(tmp)
            if res is not None:
                self._undo(*res)
            raise
        if tmp is not None:
            self.scopes.remove(tmp)
            if fn is bi_export or fn is bi_readonly:
                self._propagate(tmp, argv)
        if res is not None and not (fn is bi_exec and len(argv) == 1):
            self._undo(*res)    # `exec` alone keeps its redirections for the shell
        elif res is not None and self.kept and self.kept[-1] is res[0]:
            self.kept = self.kept[:-1]      # and closes what they replaced
            _close_dropped(res[0])
            # a closed descriptor (``exec 3>&-``) may have held an unlinked file's last
            # reference: ``__fput`` → ``iput_final`` evicts it
            closed = getattr(self.sys, "files_closed", None)
            if closed is not None:
                closed(self.task)
            if self.coproc is not None or self.procsubs:
                self._close_pipes(res[0][3])
        return st

    def _propagate(self, tmp: dict, argv: list[str]) -> None:
        """``NAME=VALUE export NAME`` / ``readonly NAME``: a variable of the
        temporary environment the builtin names outlives it, exported (bash's
        ``att_propagate``, variables.c ``push_temp_var``)."""
        for a in argv[1:]:
            if a in tmp:
                scope = self._scope(a)
                self._store(a, tmp[a])
                scope[a] = tmp[a]
                self.exported.add(a)
                self.export_changed()

    def write_error(self, name: str, e: OSError) -> int:
        """A builtin's output failed (``echo $$ > cgroup.procs`` refused): bash's message,
        status 1. busybox sh's echo is the applet's (``bb_simple_perror_msg("write
        error")``), its printf says nothing (``fflush_all`` fails: status 1)."""
        err = e.strerror or os.strerror(e.errno or errno.EIO)
        if not self.dialect.applets:
            self.err(f"{name}: write error: {err}")
        elif name == "echo":
            ash.applet_msg(self, f"write error: {err}", "echo")
        return 1

    def find_command(self, name: str):
        """The program ``name`` runs: one of the image's (by its name, or by a path
        to its file; one of ``scripts`` as a :class:`Script` of its text), or an
        executable file of the script's run as a script (:class:`Script`); None if
        nothing can run. Where the image is the guests' tree (the busybox userland:
        fs/rootfs.py), a name is found as bash finds it, by its hashed path or the
        PATH search (shell/hashcmd.py ``find_program``), and busybox sh's applets by
        their name."""
        fn = self.commands.get(name)
        if "/" not in name:
            if getattr(self.commands, "installed", None) is None:
                # the gnu image: its own programs without the walk while PATH is the
                # first (hashcmd.DEFAULT_PATH)
                search = (fn is None or self.get("PATH") != hashcmd.DEFAULT_PATH) \
                    and hashcmd.searches_path(self)
            else:
                search = not (self.noexec is not None and name in busybox_applets())
            if search:
                path = hashcmd.find_program(self, name)
                return None if path is None else self.find_command(path)
        if fn is None and "/" in name:
            try:
                st = self.sys.stat(self.path(name), self.task)
            except OSError:
                return None
            if st.st_ino >= PROGRAM_INO_BASE:
                base = posixpath.basename(name)
                text = self.scripts.get(base)
                if text is not None:
                    return Script.of_text(self, text, name)
                fn = self.commands.get(base)
                if fn is None and base not in busybox_applets():
                    busybox = getattr(getattr(self.sys, "vfs", None), "programs", {}).get("busybox")
                    if busybox is not None and st.st_ino == busybox.ino:
                        return applet_not_found
                return fn
            if stat_mod.S_ISREG(st.st_mode) and st.st_mode & 0o111:
                return Script.of(self, name)
        elif fn is not None and name in self.scripts:
            return Script.of_text(self, self.scripts[name], "/bin/" + name)
        return fn

    def run_external(self, argv: list[str], node: Simple, prefix: dict | None = None) -> Generator:
        sys = self.sys
        name = argv[0]
        fn = self.find_command(name)
        direct = self.exec_direct or (node is self.exec_last and not any(self.traps.values()))
        self.exec_direct = False
        if fn is None and not direct and "/" not in name and self.dialect.ash_errors:
            # ash's and dash's evalcommand: find_command's CMDUNKNOWN is the shell's
            # own "not found" and 127, its redirections applied and undone in it:
            # no fork (busybox 1.35 shell/ash.c, dash 0.5.12 src/eval.c; bash's
            # execute_disk_command forks a child that reports it)
            return (yield from self.run_builtin((_unknown_command, False), argv, node, False,
                                                prefix))
        early = None
        if node.redirs and node.assigns and prefix is None and self.dialect.ash_eval:
            # the ash family's evalcommand: the redirections (opened by the shell,
            # before its fork), then the assignments expanded inside them
            early = yield from self.apply_redirs(node.redirs, self.task)
            if early is None:
                return self.dialect.redirect_status
        try:
            env_extra = prefix if prefix is not None else (
                (yield from self._prefix_env(node)) if node.assigns else None)
        except BaseException:
            if early is not None:
                self._undo(*early)
            raise
        bash = not direct and self._fork_calls()
        # execute_simple_command's ``savestring (the_printed_command_except_trap)``
        # (``command_line``), freed once execute_disk_command returns
        line = self.heap.malloc(len(node.text) + 1) if bash and self.var_buckets is not None else None
        # execute_disk_command: search_for_command, after the words and the
        # temporary environment are expanded, before the fork
        hashcmd.command_path(self, name, fn is not None, direct)
        if direct:
            self.cmd_path = None            # the exec replaces the arena
            child = self.task
        else:
            # execute_disk_command's ``savestring (command_line)`` for make_child
            # (the job's PROCESS keeps it)
            text = self.heap.malloc(len(node.text) + 1) if bash else None
            child = self.make_child(settle=not bash)
            # add_process's PROCESS
            proc = self.heap.malloc(PROCESS_SIZE) if bash else None
            # the parent's FREE (command) (the guests' bash: in make_child's
            # Heap.fork_return; another's here)
            hashcmd.free_command_path(self)
            if bash and self.var_buckets is not None:
                # execute_simple_command's return_result: bind_lastarg, then
                # FREE (command_line) and dispose_words, before the wait
                self.bind_lastarg(argv[-1])
                self.lastarg_early = True
                self.heap.free(line)
            # execute_simple_command's dispose_words (words) once
            # execute_disk_command returns, before the wait: its writes copy the
            # pages the child still maps (calibration/bash-fork-chunks.sh: the
            # caches' page 13 and the words' chunks)
            box = self.words_held if bash else None
            if box is not None and box[0] is not None:
                held, box[0] = box[0], None
                wordcache.give(self, held)
            # stop_pipeline: the JOB, its wd, its place in the job table
            job = None
            if bash:
                job = self._fg_job(text, proc)
                self.fork_settle()
        waiting = 0
        if not direct:
            self.sched.wait_child(self.task, child)     # the shell waits (wait4)
            waiting = wait_sigint(sys, self.task)
        st = 0
        res = None
        applet = None
        try:
            if node.redirs:
                res = early or (yield from self.apply_redirs(node.redirs, child))
                if not direct and res is not None:
                    # the parent's descriptors stay as they were (fs/procfd.py)
                    _share_fds(sys, self.task, FdTable(self, res[0]))
                if not direct and res is not None and self.noexec is None:
                    # the forked child's redirection code, faulted again after the
                    # fork (kernel/fork.py REDIRECT_FAULTS; busybox sh's child faults
                    # none more: shell/malloc.py BUSYBOX_SH_NOEXEC_FAULTS)
                    minor_faults = getattr(sys, "minor_faults", None)
                    if minor_faults is not None:
                        minor_faults(child, REDIRECT_FAULTS)
            if direct:
                self.kept = ()      # exec closes the saved descriptors (close-on-exec)
            else:
                # the child's table: the shell's streams as its redirections left them
                _share_fds(sys, child, self)
            self.lineno = node.line
            if node.redirs and res is None:
                st = self.dialect.redirect_status
            elif fn is None:
                st = not_executable(self, name)
            elif type(fn) is Script and fn.bad is not None:
                self.err(f"{name}: {fn.bad}: bad interpreter: No such file or directory")
                st = 126
            else:
                if self.own_ignored:
                    restore_original_signals(sys, child, self.own_ignored)
                if type(fn) is Script:
                    script = fn
                    argv, fn = script.argv(argv), script.fn
                    if script.execs:
                        sys.exec(child, name, list(argv), interpreter=argv[0])
                        if direct:
                            self.heap.exec_mmap()
                elif self.noexec is not None and name in self.noexec:
                    # busybox sh (FEATURE_SH_STANDALONE): ``shellexec`` finds an
                    # applet by its name, ``tryexec`` runs a NOEXEC one in this
                    # process: no execve, the mm stays; ``run_noexec_applet_and_exit``
                    # names the task (``set_task_comm``: prctl PR_SET_NAME); a
                    # forked child faults busybox's text again, runs and exits
                    # (shell/malloc.py BUSYBOX_SH_NOEXEC_FAULTS)
                    child.comm = name[:15]
                    # the applet's code, its exit: in the shell's own mm
                    # (busybox-applet-windows: ``sh -c 'basename x'`` maps
                    # basename's window and exit's, 400 pages) or a forked
                    # child's, which faults the start-up's windows it uses too
                    map_applet_code(sys, child, name, exits=True)
                    if not direct:
                        # its stdio's chunks in the child's copy of sh's arena
                        # (shell/applet_pages.py), its exit's writes below
                        applet = AppletRun(sys, child, self.heap, argv)
                else:
                    sys.exec(child, "/bin/" + name.rpartition("/")[2], list(argv))
                    if direct:
                        self.heap.exec_mmap()
                # the program's start-up (ld.so, libc) outlasts the fork and execve
                # of the stages forked after it, which run on the other CPUs: in a
                # pipeline, they start before it gets to work
                yield_turn()
                # the environment is made if the command reads it (CommandContext.env),
                # at once if it exports a special variable (reading $RANDOM draws)
                env = (partial(self.env, env_extra, name) if self.exported.isdisjoint(_SPECIAL)
                       else self.env(env_extra, name))
                if direct and not self.dialect.ash_vars and (
                        not self.in_paren if self.execed else not _in_pipeline(self)):
                    # an exec (not in a ( ) subshell), or the implicit one of a last
                    # command outside a pipeline: SHLVL one down first (exec.def,
                    # execute_disk_command: adjust_shell_level(-1))
                    env = partial(_shlvl_lowered, env)
                ctx = CommandContext(sys, child, list(argv), env, self.cwd,
                                     self.stdin, self.stdout, self.stderr, None)
                ctx.extra["spawn"] = self._spawner(ctx)
                ctx.extra["shell"] = self
                ctx.extra["fds"] = self.fds
                run = _run_command(fn, ctx, child, self)
                if not direct and self.job_control and applet is None:
                    # a job-control shell's wait ends when its foreground child stops
                    stopped, st = yield from jobcontrol.drive_foreground(self, run, child)
                    if stopped:
                        if res is not None:
                            self._undo(*res)
                            _share_fds(sys, self.task, self)
                        if waiting:
                            end_wait_sigint(sys, self.task, waiting, child)
                        return self._stopped_foreground(child, None, st, node.text)
                else:
                    st = yield from run
                if applet is not None:
                    applet.exit()
        except TaskKilled as e:
            if e.pid != child.pid:
                if res is not None:
                    self._undo(*res)
                    _share_fds(sys, self.task, self)
                raise
            st = 128 + e.signal
        if res is not None:
            self._undo(*res)
            _share_fds(sys, self.task, self)
        if not direct:
            killed = task_killed(child)
            self._end_child(child, st)
            if self.task.state == "stopped":
                yield from self.reap_continued(child, self.task)
            self._foreground_ended(child, killed, node.text)
            if job is not None:
                self._fg_job_done(job)
        if waiting:
            end_wait_sigint(sys, self.task, waiting, child)
        return st

    def _fork_calls(self) -> bool:
        """Whether this shell makes its calls on its way back from a fork as bash's
        (its job's chunks, the words disposed of before the wait): the guests'
        bash, whose fork writes are traced page by page (kernel/fork.py
        ``BASH_FORK_WRITES``' ``arena``); the gnu userland's are a fit of the
        totals, these calls among them (and 6.5 % of the seed's instructions)."""
        if self.noexec is not None:
            return False
        return BASH_FORK_WRITES[getattr(self.sys, "userland", "gnu")].arena

    def bind_lastarg(self, value: str) -> None:
        """execute_cmd.c ``bind_lastarg``: ``$_`` set to the simple command's last
        word (``bind_variable ("_", ...)``). Where the arena's start-up buckets are
        known (:attr:`var_buckets`), its calls too: ``hash_search``'s
        ``times_found++`` on ``_``'s bucket (the guests' heap page 6, with its
        ``SHELL_VAR``: calibration/bash-fork-chunks.sh, docs/fidelity.md item 273),
        then variables.c ``bind_variable_internal``'s new value (``savestring``)
        before the old one is freed."""
        self.lastarg = value
        buckets = self.var_buckets
        if buckets is None:
            return
        heap = self.heap
        heap.store((buckets["_"], BUCKET_CONTENTS_SIZE + 16), TIMES_FOUND, 4)
        new = heap.malloc(len(value) + 1)      # as _store sizes a value
        heap.free(self.lastarg_chunk)
        self.lastarg_chunk = new

    def _child_writes(self, child: "TaskLike", writes) -> None:
        """The forked bash's own writes before its command (kernel/fork.py
        ``BASH_FORK_WRITES``), and freeing the script's buffered input."""
        if writes.child:
            after_fork_writes(self.sys, child, writes.child)
        if self.script_input and (writes.script_child or writes.script_child_faults):
            after_fork_writes(self.sys, child, writes.script_child, writes.script_child_faults)

    def fork_settle(self) -> None:
        """After :meth:`make_child` with ``settle`` False, the parent's calls on
        its way back from the fork made (``add_process``, ``dispose_words``,
        ``stop_pipeline``): its faults left to count, then the child's writes (the
        guests' parent copies the pages both write first: calibration/
        bash-fork-chunks.sh, docs/fidelity.md item 273)."""
        due, mark, child, writes = self.fork_due
        self.fork_due = (0, 0, None, None)
        settle_faults(self.sys, self.task, due, mark)
        if writes is not None:
            self._child_writes(child, writes)

    def _jobs_slot(self) -> None:
        """``jobs[i]`` set or cleared (jobs.c ``stop_pipeline``, ``delete_job``):
        the job table's array made at the first job (``xmalloc (js.j_jobslots *
        sizeof (JOB *))``), else written."""
        arr = self.jobs_array
        if arr is None:
            self.jobs_array = self.heap.malloc(JOBS_ARRAY_SIZE)
        else:
            self.heap.store(arr)

    def _fg_job(self, text: tuple[int, int], proc: tuple[int, int]) -> tuple:
        """A foreground command's job in bash's arena after its fork (jobs.c
        ``stop_pipeline``): the ``JOB``, its wd (``job_working_directory``:
        ``savestring`` of ``$PWD``) and its slot, beside make_child's command text
        and ``PROCESS``; what :meth:`_fg_job_done` frees."""
        heap = self.heap
        job = heap.malloc(JOB_SIZE)
        wd = heap.malloc(len(self.get("PWD") or self.tcwd or "/") + 1)
        self._jobs_slot()
        return wd, text, proc, job

    def _pipeline_job(self, procs: list) -> tuple:
        """A foreground pipeline's job (jobs.c ``stop_pipeline``) once its stages
        are forked: the ``JOB``, the chain of ``PROCESS``es ``add_process`` made
        reversed into the job's order (``REVERSE_LIST``: each one's ``next``
        written), its wd and its slot. ``procs`` holds each stage's command text
        and ``PROCESS``; returns the chunks :meth:`_fg_job_done` frees in
        ``delete_job``'s order (the wd, then ``discard_pipeline``'s text and
        ``PROCESS`` a stage, then the ``JOB``)."""
        heap = self.heap
        job = heap.malloc(JOB_SIZE)
        if len(procs) > 2:
            for proc in procs[1::2]:
                heap.store(proc)
        wd = heap.malloc(len(self.get("PWD") or self.tcwd or "/") + 1)
        self._jobs_slot()
        return (wd, *procs, job)

    def _fg_job_done(self, chunks: tuple) -> None:
        """The foreground job reaped (``wait_for`` → ``delete_job``): its slot
        cleared, its wd, command text, ``PROCESS`` and ``JOB`` freed in that order
        (calibration/recordings/bash-hash-walk.txt.gz)."""
        self._jobs_slot()
        for c in chunks:
            self.heap.free(c)

    # -- top level ------------------------------------------------------------------------
    def run_node(self, node: Node) -> Generator:
        """Run a parsed program as this shell's main body, top-level command by
        command. Reading each new line, bash notifies of the jobs and deletes the
        notified ones (parse.y ``shell_getc``: ``notify_and_cleanup``), a report
        naming the line just read (bash 5.2.15: a job killed on line 3 and not
        reported by the ``wait`` there is reported as of line 4); commands on the
        line already read (``a; b``) run without."""
        items = node.items if isinstance(node, Seq) else [(node, False)]
        ends = node.ends if isinstance(node, Seq) else None
        depths = _line_depths(items)
        source = node.source if isinstance(node, Seq) else None
        st = self.status
        frozen = self.sched.task_frozen
        read = None
        sched = self.sched
        bash = self.noexec is None      # busybox sh: its own parser, not modelled
        try:
            marks = isinstance(node, Seq) and node.marks is not None
            for i, ((n, bg), depth) in enumerate(zip(items, depths)):
                self.sdepth = depth
                if marks:
                    node.check_unit(self, i)
                line = getattr(n, "line", None)
                if sched.jobs and line != read:
                    # bash's SIGCHLD handler has reaped the children the last line
                    # killed by the time it reads the next (waitchld, asynchronous;
                    # tests/shell/bash_cases/trap_pending)
                    sched.reap_killed()
                if self.pending_notify and (line is None or line != read):
                    if line is not None:
                        self.lineno = self.ctx_line = line
                    notify_and_cleanup(self)
                read = line
                # the parser has read the whole command: to its last line
                self.ctx_line = ends[i] if ends is not None else (line or self.ctx_line)
                if self.script_in is not None and ends is not None:
                    self.script_in.take_through(ends[i])
                if self.verbose and source is not None:
                    verbose.echo(self, node, i)
                if (frozen is not None and frozen(self.task)) or self.task.state == "stopped":
                    yield from self.held_here()
                # the command's tree, parsed whole before it runs, freed after it
                # (parsetree.py; eval.c reader_loop's dispose_command)
                tree = wordcache.take(self, tree_sizes(n)) if bash else None
                frame = execframes.enter(self)
                try:
                    if bg:
                        st = self.background(n)
                    else:
                        st = yield from n.run(self)
                except ShellError as e:
                    st = e.status
                except (Break, Continue):
                    st = 0
                except ExpansionError as e:
                    # bash abandons the top-level command and reads on
                    self.expansion_error(e)
                    st = 1
                finally:
                    execframes.leave(self, frame)
                    if tree is not None:
                        wordcache.give(self, tree)
                self.status = st
            if self.verbose and source is not None:
                verbose.echo(self, node, len(items))
            if ends is not None and not self.cmd_string:
                # the parser reads the script's end (shell_getc's notify_and_cleanup):
                # a job killed since the last foreground command is reported there
                if sched.jobs:
                    sched.reap_killed()
                if self.pending_notify:
                    self.lineno = self.ctx_line = ends[-1]
                    notify_and_cleanup(self)
        except ExitShell as e:
            st = 127 if self.cmd_string and type(e) is ForceEOF else e.status
        except Return as e:
            st = e.status
        except TaskKilled as e:
            if e.pid != self.task.pid:
                raise
            st = 128 + e.signal
        self.status = st
        return st

    def held_here(self, task: "TaskLike | None" = None) -> Generator:
        """Its cgroup was frozen or a stop signal stopped it (this shell's task, or
        ``task``): it stops on its way back to user space and goes on once thawed
        and continued (the others run meanwhile); with nothing left that could,
        the run stops there."""
        sched = self.sched
        frozen = sched.task_frozen
        task = self.task if task is None else task
        # a fatal signal held while it was stopped acts once it is continued: it
        # dies before running on (kernel/signal.py)
        blk = Block(lambda: task_killed(task) or (
            not (frozen is not None and frozen(task)) and task.state != "stopped"
            and not sched.dying(task)))
        sched.blocked(task)
        yield blk
        if blk.deadlocked:
            raise Deadlock()
        if task_killed(task):
            raise TaskKilled(task.pid, task.exit_signal or 0)

    def run_pending_traps(self) -> Generator:
        """Signals other processes sent this shell's process while it ran a command
        (``run_pending_traps``, between commands): each trap runs, an ``exit`` in
        it ends the shell; one whose trap was removed meanwhile takes its default
        action."""
        t = self.task
        if self.chld_seen is not None:
            yield from self.run_sigchld_trap()
        while t.sigpending:
            pend = t.sigpending
            sig = (pend & -pend).bit_length() - 1
            t.sigpending = pend & ~(1 << sig)
            action = self.traps.get(sig)
            if action is None:
                self.sys.kill(t.pid, sig, t)
            elif action:
                st = yield from self.run_trap(action)
                if st is not None:
                    raise ExitShell(st)

    def chld_due(self) -> bool:
        """A CHLD trap is set and a child exited since it last ran."""
        seen = self.chld_seen
        return seen is not None and self.task.chld_notified != seen

    def run_sigchld_trap(self) -> Generator:
        """``run_sigchld_trap (nchild)`` (bash 5.2 trap.c; jobs.c ``waitchld``
        queues it for each child reaped, with or without job control): the CHLD
        trap once for each child that exited since it last ran, at the next
        command (bash 5.2.15: ``trap 'echo c' CHLD; echo x | cat | cat`` prints c
        three times before the next command)."""
        t = self.task
        n = t.chld_notified - self.chld_seen
        self.chld_seen = t.chld_notified
        action = self.traps.get(SIGCHLD)
        for _ in range(n if action else 0):
            st = yield from self.run_trap(action)
            if st is not None:
                raise ExitShell(st)

    def run_trap(self, action: str, resetline: bool = True, level: int = 1) -> Generator:
        """Run a trap's action in this shell, ``$?`` kept; returns the status of an
        ``exit`` it called, else None. The action's lines count from 1 for the EXIT
        trap and signal traps, from the current line for ERR (bash 5.2 trap.c:
        ``SEVAL_RESETLINE`` but for DEBUG, RETURN and ERR), an ``eval`` string's in the
        ash family (:attr:`Dialect.traps_as_eval`; busybox's all one line:
        :attr:`Dialect.trap_lines_flat`); the line is restored after
        (input.c ``pop_stream``)."""
        saved, line = self.status, self.lineno
        d = self.dialect
        if d.traps_as_eval:
            first = line if d.eval_line0 is None else d.eval_line0
        else:
            first = 1 if resetline else line
        try:
            node = parse(Src(action, first, d.ash_grammar, flat=d.trap_lines_flat))
        except (ParseError, Unsupported) as e:
            self.err(f"trap: {getattr(e, 'msg', None) or getattr(e, 'what', '')}")
            return None
        frozen, cur = self.trap_cmd, self.cur_cmd
        if frozen is None:
            self.trap_cmd = cur
        self.xlevel += level    # parse_and_execute: a level more in traces, but the EXIT trap's
        try:
            yield from node.run(self)
        except ExitShell as e:
            return e.status
        except (ShellError, ExpansionError, Break, Continue, Return):
            pass
        finally:
            self.xlevel -= level
            self.trap_cmd, self.cur_cmd = frozen, cur
            self.lineno = line
        self.status = saved
        return None

    def exit_trap(self, st: int) -> Generator:
        """The shell exits with ``st``: its EXIT trap runs first (once)."""
        action = self.traps.pop("EXIT")
        self.status = st
        r = None
        if action:
            r = yield from self.run_trap(action, level=0)
        return st if r is None else r

    def run(self, text: str) -> Result:
        """Parse and run a whole script; returns what it printed and its status."""
        start = len(self.out)
        sys_ = self.sys
        # a task the kernel puts to sleep (an OOM wait, kernel/memcg_oom.py) sleeps
        # as a blocked command: the scheduler runs the others meanwhile
        had_sleeper = hasattr(sys_, "sleeper")
        if had_sleeper:
            old_sleeper, sys_.sleeper = sys_.sleeper, partial(block_until, sched=self.sched)
            old_napper, sys_.napper = sys_.napper, partial(sleep_anywhere, sched=self.sched)
            old_blocker, sys_.blocker = getattr(sys_, "blocker", None), self.sched.blocked
        try:
            with python_stack():
                st = self.sched.run(self.run_program(text), self.task)
        except Deadlock:
            self.stderr.write(f"memcgsim: {self.script}:{self.lineno}: command would block forever\n")
            st = 2
        except RunsForever as e:
            self.stderr.write(f"memcgsim: {self.script}:{self.lineno}: {e.what}: would run forever\n")
            st = 2
        except RuntimeUnsupported as e:
            # met in a job, which the scheduler ran from wherever the script was
            self.stderr.write(f"memcgsim: {self.script}:{e.line}: unsupported: {e.what}\n")
            st = 2
        except ExpansionError as e:
            self.expansion_error(e)
            st = 1
        except TaskKilled as e:
            st = 128 + e.signal
        except RecursionError as e:
            self.stderr.write(too_deep(self.script, self.lineno, e, len(self.funcnames)))
            st = 2
        except Exception as e:  # never let a traceback escape
            self.stderr.write(f"memcgsim: {self.script}:{self.lineno}: internal error: {type(e).__name__}: {e}\n")
            st = 2
        finally:
            if had_sleeper:
                sys_.sleeper = old_sleeper
                sys_.napper = old_napper
                sys_.blocker = old_blocker
        self.status = st
        return self._result(start, st)

    def _env_start(self, heap: bool = True) -> None:
        """An exec'd bash whose environment moved its start-up chunks (:attr:`env_shift`,
        shell/envimport.py): the object caches' arrays that far (made after the
        import), and, ``heap``, the start-up arena's top (a ``bash -c``'s)."""
        shift = self.env_shift
        if self.cache_arrays is not None:
            self.cache_arrays = {k: envimport.shifted(p, shift) for k, p in self.cache_arrays.items()}
        if heap:
            h = self.heap
            h.start_shift(shift, envimport.brk_for(h.top + shift, h.brk))

    def run_program(self, text: str, command_string: bool = False) -> Generator:
        """Generator: ``text`` as this shell's whole program, its EXIT trap at the end;
        syntax errors and unsupported constructs are reported, status 2 (bash names a
        ``-c`` string's syntax errors ``NAME: -c: line N``)."""
        self.cmd_string = command_string
        if command_string:
            self.no_main_frame("environment")
            if self.noexec is None:
                if self.env_shift:
                    self._env_start()
                # shell.c run_one_command: ``parse_and_execute (savestring (command),
                # ...)``: the string's copy, held while its commands run
                self.heap.malloc(len(text.encode()) + 1)
                # shell.c main: ``bind_variable ("BASH_EXECUTION_STRING", ...)``, one of
                # the start-up variables (envimport.START_VARS: the laid-out arenas hold it)
                self.scopes[0]["BASH_EXECUTION_STRING"] = text
        elif self.noexec is None:
            # bash reading a script (file or standard input): its arena as its first
            # line runs, its input buffer and that line's structures past the
            # start-up heap (malloc.SCRIPT_START), moved by its environment's import
            arena = SCRIPT_START[getattr(self.sys, "userland", "gnu")]
            buckets = VAR_BUCKETS[getattr(self.sys, "userland", "gnu")]
            if self.env_shift and arena is not None:
                arena = envimport.shifted_arena(arena, self.env_shift)
                self._env_start(heap=False)
                if buckets is not None:
                    buckets = {k: envimport.shifted(p, self.env_shift) for k, p in buckets.items()}
            self.heap.script_start(arena)
            self.var_buckets = buckets
            self.script_input = True
            if self.script_path is not None:
                # the file read through a buffer; the oracle's guest's own first words
                # before the top script's (``script_prefix``: oracle/image.py RUN_PREFIX)
                prefix = getattr(self.sys, "script_prefix", 0) if self.owns_task else 0
                self.script_in = ScriptInput(text, prefix)
        if self.noexec is None:
            # variables.c create_variable_tables' tables, at the same offsets in
            # every bash of a userland whose arena is traced (shell/vartable.py)
            self.hash_tables = vartable.HASH_TABLES[getattr(self.sys, "userland", "gnu")]
        if "\0" in text:
            text = text.replace("\0", "")  # parse.y shell_getc: "Ignore null bytes in input"
        syntax, end = None, len(text)
        line0 = self.dialect.c_string_line0 if command_string else 1
        try:
            node = _parse_program(text, self.dialect.ash_grammar, line0)
        except Unsupported as e:
            self.stderr.write(f"memcgsim: {self.script}:{_line(text, e.pos)}: unsupported: {e.what}\n")
            return 2
        except ParseError as e:
            # bash reads and runs a complete command at a time: the commands before
            # the error run first, then it reports the error and stops
            grammar = self.dialect.ash_grammar
            discarded, start, end, syntax = _read_errors(text, e, grammar, self.dialect.eof_newline)
            if syntax is not None and line0 != 1:
                syntax = (syntax[0], syntax[1] + line0 - 1, syntax[2])
            try:
                node = parse(Src(text[start:end], text.count("\n", 0, start) + line0, grammar))
            except Unsupported as u:
                self.stderr.write(f"memcgsim: {self.script}:{_line(text, start + u.pos)}: unsupported: {u.what}\n")
                return 2
            except (ParseError, RecursionError):
                node = parse(Src(""))
            for a, b, report in discarded:
                # bash's DISCARD: the commands before the error run, the line is
                # dropped, $? is 1 and the reader goes on
                try:
                    yield from self.run_node(parse(Src(text[a:b], text.count("\n", 0, a) + line0, grammar)))
                except RuntimeUnsupported as u:
                    self.stderr.write(f"memcgsim: {self.script}:{u.line}: unsupported: {u.what}\n")
                    return 2
                self.report_syntax_error(*report)
                self.status = 1
            if syntax is None:
                end = len(text)
        except RecursionError:
            self.stderr.write(f"memcgsim: {self.script}:1: unsupported: nesting too deep\n")
            return 2
        if type(node) is Seq and "alias" in text and (self.dialect.ash_eval or "expand_aliases" in text):
            from . import ashalias
            if ashalias.ALIAS_WORD.search(text):
                # its lines read after an alias
                node = ashalias.Program(text[:end], node, line0)
        if syntax is not None:
            try:
                st = yield from self.run_node(node)
            except RuntimeUnsupported as e:
                self.stderr.write(f"memcgsim: {self.script}:{e.line}: unsupported: {e.what}\n")
                return 2
            if not getattr(node, "syntax", None):
                self.report_syntax_error(*syntax)
            st = syntax[0].status(self.status) if type(syntax[0]) is CondReport else 2
            if self.traps.get("EXIT") is not None and not task_killed(self.task):
                st = yield from self.exit_trap(st)
            return st
        if type(node) is Seq and node.ends is not None and (self.dialect.verbose_strings or not command_string):
            node.source = verbose.Source(text, line0)
        if command_string:
            self.exec_last = _oneshot_last(node, self.noexec is not None)
        try:
            try:
                st = yield from self.run_node(node)
            except UnitSyntaxError as e:
                self.report_syntax_error(e.msg, e.line, e.text)
                self.cond_stuck = False     # yyerror's reset_parser
                self.status = st = 2
                if self.traps.get("EXIT") is not None and not task_killed(self.task):
                    st = yield from self.exit_trap(st)
                return st
            st = yield from self.traps_at_end(st)
            if self.traps.get("EXIT") is not None and not task_killed(self.task):
                st = yield from self.exit_trap(st)
        except RuntimeUnsupported as e:
            self.stderr.write(f"memcgsim: {self.script}:{e.line}: unsupported: {e.what}\n")
            st = 2
        return st

    def _result(self, start: int, st: int) -> Result:
        chunks = self.out[start:]
        sig = self.task.exit_signal if task_killed(self.task) else None
        return Result("".join(t for k, t in chunks if k == "out"), "".join(t for k, t in chunks if k == "err"),
                      st & 0xFF if st >= 0 else st, list(chunks), sig or None,
                      pid=self.task.pid)

    def finish(self) -> None:
        """The shell process ends: exit and reap its task. Its background jobs stay,
        on the kernel timers of their sleeps, so ``advance`` keeps running them."""
        if self.owns_task:
            self._exit(self.task, self.status)
        if self.owns_task and self.task.state == "zombie":
            self.sys.reap(self.task)
        # its descriptors closed: a pipe it held the last end of is released, and
        # a writer still blocked on it gets SIGPIPE
        streams = self.open_streams()
        self.fds = {}
        self.kept = ()
        if any(getattr(x, "pipe", None) is not None for x in streams):
            for x in streams:
                p = getattr(x, "pipe", None)
                if p is not None:
                    p.close_end(self.task)
            self.sched.wake()



#: a new Shell with every slot of another (``fork_state`` copies them all,
#: then replaces some; shell/slotcopy.py)
_copy_shell = slot_copier(Shell)


class _TestError(ShellError):
    def __init__(self):
        super().__init__(2)


def _last_simple(node: Node, ash: bool = False) -> Simple | None:
    """The command bash 5.2 runs without a fork at the end of a ``( LIST )``, a
    command or a process substitution: the second of the list's top connection
    (``;``, ``&&`` or ``||``) when it is a simple command with no redirections, not
    negated or timed (evalstring.c ``optimize_subshell_command`` →
    ``optimize_connection_fork``, ``should_optimize_fork``). ``&&`` binds tighter
    than ``;`` (parse.y), so ``a; b || c`` ends in a connection and forks ``c``.
    Exec'ed in place if it is a program and no trap but ignored ones is set then
    (``any_signals_trapped``); checked against bash 5.2. A lone simple command is
    ``_child_node``'s.

    ``ash``: busybox sh's rule (ash.c ``evaltree``: the last command of a list
    inherits ``EV_EXIT``, and ``evalcommand`` execs under it after its own
    redirections): with redirections too, after ``a &``, and at the end of a
    list's last ``&&``/``||`` (checked against the host's busybox 1.35)."""
    if type(node) is Seq:
        items = node.items
        if len(items) < 2 or items[-1][1] or items[-2][1] and not ash:   # `a & b`, `b &`
            return None
        node = items[-1][0]
        if ash and type(node) is AndOr:
            node = node.rest[-1][1]
    elif type(node) is AndOr:
        node = node.rest[-1][1]
    else:
        return None
    if type(node) is Pipeline and len(node.cmds) == 1 and not node.negate:
        node = node.cmds[0]
    if type(node) is Simple and (ash or not node.redirs):
        return node
    return None


def _oneshot_last(node: Node, ash: bool = False) -> Simple | None:
    """The command a ``bash -c STRING`` shell execs without a fork: the string's
    last command when it is a simple command without redirections (shell.c
    ``run_one_command`` → evalstring.c ``parse_and_execute``: once the string is
    all read, ``should_suppress_fork`` sets CMD_NO_FORK), or the last of its
    final ``;``/``&&``/``||`` list as :func:`_last_simple` finds it
    (``can_optimize_connection``, then ``optimize_connection_fork``). As there,
    only if no trap but ignored ones is set when it runs. ``ash``: busybox sh's
    ``evalstring`` (``EV_EXIT`` for the string's last command), redirections
    allowed (:func:`_last_simple`)."""
    one = _unseq(node)
    if type(one) is Pipeline and len(one.cmds) == 1 and not one.negate:
        one = one.cmds[0]
    if type(one) is Simple:
        return None if one.redirs and not ash else one
    return _last_simple(one, ash)


def _unseq(node: Node) -> Node:
    while isinstance(node, Seq) and len(node.items) == 1 and not node.items[0][1]:
        node = node.items[0][0]
    return node


def _pipe_release_wakes(sys, sleeping: dict, child: "TaskLike", parent: "TaskLike") -> None:
    """``child`` exits (``do_exit`` → ``exit_files``, before ``exit_notify`` wakes
    ``parent``): each pipe whose last write end it closes wakes the reader asleep
    on it, empty (fs/pipe.c ``pipe_release``: ``wake_up_interruptible_all
    (&pipe->rd_wait)``), which the system places (``pipe_release_wake``). A reader
    that is the parent (a command substitution's shell) is placed by the exit's
    own wake-up."""
    for p in list(sleeping):
        r = p.sleeper
        if r is None or r is child or r is parent or not p.last_writer(child):
            continue
        p.sleep(None)       # woken: runnable, not placed again (ttwu_runnable)
        sys.pipe_release_wake(r, child)


def _comsub_killed(killed: list, e: TaskKilled) -> int:
    """``read_comsub``'s reader killed at its read: the TaskKilled kept for the
    shell to raise once the child is done (``Shell.command_subst``); its status."""
    killed.append(e)
    return 128 + (e.signal or 0)


def _own_pipe_ends(sub: Shell, child: "TaskLike") -> None:
    """The pipe ends and regular files ``sub`` inherited, as ``child``'s own
    descriptors (what it writes is charged to it, and its writes go on after the
    process that opened the file is gone)."""
    def own(s):
        t = type(s)
        if t is PipeOut or t is PipeIn:
            e = t(s.pipe)
            e.task = child
            return e
        if t is FileOut and hasattr(s.f, "write_as"):
            o = FileOut(s.f, child)         # a regular file: written as the job
            o.name = s.name
            return o
        return s
    sub.stdin, sub.stdout, sub.stderr = own(sub.stdin), own(sub.stdout), own(sub.stderr)
    if sub.fds:
        sub.fds = {k: own(v) for k, v in sub.fds.items()}


def _drive(gen: Generator, task, sched=None) -> Generator:
    """Pass ``gen``'s requests up until it ends (its status; 0 if not an int), or
    until ``task`` dies meanwhile (128 + the signal); with ``sched``, not while the
    foreground child it waits for lives on (``Scheduler.runner``): that child's
    command runs to its end first."""
    try:
        req = gen.send(None)
        while True:
            yield req
            if task.exit_signal is not None or task.state in ("zombie", "dead"):
                if sched is None or task_killed(sched.runner(task)):
                    return 128 + (task.exit_signal or 0)
            req = gen.send(None)
    except StopIteration as e:
        return e.value if isinstance(e.value, int) else 0


def _run_command(fn, ctx: CommandContext, child, sh: Shell) -> Generator:
    """Run an external command function; drive it if it is a generator."""
    try:
        r = fn(ctx)
        if type(r) is not GeneratorType:
            return r if isinstance(r, int) else 0
        return (yield from _drive(r, child))
    except TaskKilled:
        raise
    except RuntimeUnsupported as e:
        # a program the model refuses (commands/notmodelled.py): the script stops
        e.line = e.line or sh.lineno
        raise
    except BrokenPipe:
        ctx.sys.kill(child.pid, SIGPIPE, child)     # raises TaskKilled
        raise
    except OSError as e:
        err_write(ctx.stderr, f"{ctx.argv[0]}: {e.strerror or e}\n")
        return 1
    except Exception as e:
        sh.stderr.write(f"memcgsim: {sh.script}:{sh.lineno}: internal error: {ctx.argv[0]}: "
                        f"{type(e).__name__}: {e}\n")
        return 2


#: bash 5.2 variables.h: the buckets of the global variables' hash table, of a
#: function's local variables' and the temporary environment's, of the functions'
VARIABLES_HASH_BUCKETS = 1024
TEMPENV_HASH_BUCKETS = 4
FUNCTIONS_HASH_BUCKETS = 512


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, max(0, pos)) + 1


def _ulimit_rows():
    """bash's ``ulimit -a`` rows (shell/ulimits.py, imported for a shell without
    the kernel's limits)."""
    from .ulimits import BASH
    return BASH


def _eof_error(msg: str) -> bool:
    return "unexpected end of file" in msg or "unexpected EOF" in msg


class CondReport:
    """What bash prints and does at a ``[[ ]]`` syntax error (:class:`scan.CondError`):
    its ``lines`` (message, line number), and whether a newline follows the error
    token, where bison's error recovery stops."""
    __slots__ = ("lines", "newline_after")

    def __init__(self, err: CondError | None, text: str = "", eof_newline: bool = True) -> None:
        self.lines = [] if err is None else [(m, _line(text, p)) for m, p in err.lines]
        # a last line without its newline is given one (shell_getc)
        self.newline_after = err is not None and not err.eof and (
            "\n" in text[err.end:] or eof_newline and text[-1:] != "\n")

    def shifted(self, by: int) -> "CondReport":
        """The same report with its line numbers ``by`` more."""
        r = CondReport(None)
        r.lines = [(m, n + by) for m, n in self.lines]
        r.newline_after = self.newline_after
        return r

    def status(self, last: int) -> int:
        """The shell's status as it stops: ``$?`` kept at the ``error '\\n'`` rule,
        2 for a 0 at ``error yacc_EOF`` (parse.y ``inputunit``)."""
        return last if self.newline_after or last else 2


def _read_errors(text: str, err: ParseError, ash_text: bool | str,
                 eof_newline: bool = True) -> tuple[list, int, int, tuple | None]:
    """How bash reads a script whose parse fails with ``err``: the parts it runs
    before a compound assignment's error (:class:`scan.DiscardError`), each as
    (start, end, report) with the reader going on at the next line; then the last
    part's (start, end) and its fatal error's report (:func:`_syntax_error_site`),
    or None when the text after the last dropped line parses."""
    discarded = []
    start, line0 = 0, 1
    while True:
        part = text[start:]
        end, (msg, line, offending) = _syntax_error_site(part, err, ash_text, eof_newline)
        if type(msg) is CondReport:
            msg = msg.shifted(line0 - 1)
        report = (msg, line + line0 - 1, offending)
        if ash_text or not isinstance(err, DiscardError):
            return discarded, start, start + end, report
        discarded.append((start, start + end, report))
        if _eof_error(msg):     # the reader met the end of the input
            return discarded, len(text), len(text), None
        nxt = start
        for _ in range(line):
            k = text.find("\n", nxt)
            nxt = len(text) if k < 0 else k + 1
        start, line0 = nxt, line0 + line
        try:
            parse(Src(text[start:], line0, ash_text))
        except ParseError as e:
            err = e
            continue
        except (Unsupported, RecursionError):
            pass
        return discarded, start, len(text), None


def _child_body(sh: Shell, child: "TaskLike", run: Generator) -> Generator:
    """:meth:`Shell.start_child`'s job: ``run``, then the child's ``exit``."""
    try:
        st = yield from run
    except TaskKilled as e:
        if e.pid != child.pid:
            raise
        return 128 + e.signal
    sh._exit(child, st)
    return st


def _syntax_error_site(text: str, err: ParseError,
                       ash_text: bool | str = False,
                       eof_newline: bool = True, stuck: bool = False) -> tuple[int, tuple[str, int, str | None]]:
    """Where bash meets a script's syntax error: it reads a line at a time and runs
    each complete command as soon as it has it (parse.y ``reader_loop``,
    ``shell_getc``), so the commands of the lines before the error's run first.
    Returns the end of those lines and (message, line, offending line): the error's
    line is the first line whose text makes the parse fail other than at the end of
    the input, and ``report_syntax_error`` then prints that whole input line
    (``print_offending_line``); an error at the end of the input (an open ``if``,
    quote) is reported at its own line, without the input line.
    A prefix holding the error fails on it, so its line is found by bisection; the
    complete commands before it, by going back from there to the last line a
    prefix ends cleanly at. ``ash_text``: the ash family's grammar, "ash" or "dash"
    (shell/scan.py). ``eof_newline``: a last line without its newline is given one
    (bash's ``shell_getc``), so an error at the end of the input stands on the line
    after it; dash's parser counts a line only at a newline it reads (and so do
    both ash's for an ``eval`` string). ``stuck``: bash's parser left in a
    ``[[ ]]``'s state (:attr:`Shell.cond_stuck`)."""
    ends = [i + 1 for i, c in enumerate(text) if c == "\n"]
    if not ends or ends[-1] != len(text):
        ends.append(len(text))

    def token_error(n: int) -> ParseError | None:
        """The error of the first ``n`` lines when it is not at their end."""
        try:
            parse(Src(text[:ends[n - 1]], 1, ash_text, stuck))
        except ParseError as e:
            return None if _eof_error(e.msg) or type(e) is CondError and e.eof else e
        except (Unsupported, RecursionError):
            return None
        return None

    lo, hi = 1, len(ends)
    if token_error(hi) is None:
        lo = hi + 1                     # the error is at the end of the input
    while lo < hi:
        mid = (lo + hi) // 2
        if token_error(mid) is None:
            lo = mid + 1
        else:
            hi = mid
    ok = 0
    for n in range(min(lo, len(ends) + 1) - 1, 0, -1):
        try:
            parse(Src(text[:ends[n - 1]], 1, ash_text, stuck))
        except (ParseError, Unsupported, RecursionError):
            continue
        ok = ends[n - 1]
        break
    if lo <= len(ends):
        e = token_error(lo)
        assert e is not None
        if type(e) is CondError:
            return ok, (CondReport(e, text, eof_newline), lo, None)
        first = ends[lo - 2] if lo > 1 else 0
        msg, line = e.msg, lo
        if ash_text and msg.endswith("`newline'"):
            if e.pos >= len(text):
                # the ash family reads the end of the input there, not a newline
                msg = "syntax error: unexpected end of file"
            else:
                line += 1       # the newline read: its parser's line count has passed it
        msg = _ash_expecting(msg, text[:e.pos], ash_text) if ash_text else msg
        return ok, (msg, line, text[first:ends[lo - 1]].rstrip("\n"))
    # at the end of the input: bash's line_number has passed the last line (a last
    # line without its newline is given one, shell_getc); bash names an open
    # construct's opening line, the ash family the line its input ended on
    # (``raise_error_syntax`` at ``g_parsefile->linno``, dash ``plinno``)
    if type(err) is CondError:
        return ok, (CondReport(err, text, eof_newline), _line(text, err.pos), None)
    line = (text.count("\n") + 1 + (text[-1:] not in ("", "\n") and eof_newline)
            if "unexpected end of file" in err.msg or ash_text and _eof_error(err.msg)
            else _line(text, err.pos))
    return ok, (_ash_expecting(err.msg, text, ash_text) if ash_text else err.msg, line, None)


#: the tokens busybox sh's parser names as expected (``raise_error_unexpected_syntax(T)``
#: of an ``if``'s ``then``, a loop's ``do``, a compound command's end), tried in
#: this order, each with a command before or after it (no body is empty);
#: ``esac``: a ``case`` (not named here)
_ASH_CLOSERS = (("then", "then :\n"), ("do", "do :\n"), ("fi", ":\nfi\n"), ("done", ":\ndone\n"),
                ("esac", "esac\n"), (")", ":\n)\n"), ("}", ":\n}\n"))


#: what completes an open ``case`` at the error: a pattern's ``)`` (after a pattern
#: word, or where a pattern belongs), an item's ``;;``, the ``in``
_ASH_CASE = ((";;", "\n;;\nesac\n"), (")", ") :;;\nesac\n"), (")", "\nx) :;;\nesac\n"),
             ("in", " in\nesac\n"))


def _ash_expecting(msg: str, before: str, grammar: bool | str = "ash") -> str:
    """busybox sh's words for a syntax error the parser met after ``before``
    (shell/ash.py ``syntax_words``), and `` (expecting "T")`` where ash names the
    token it wanted: the first of :data:`_ASH_CLOSERS` that, put where the error
    is, lets the text parse (with one more closer after it, for a construct
    inside another; failing that, at the end of the input, after a command:
    ``if`` alone)."""
    words = ash.syntax_words(msg)
    if words == msg or not words.startswith("unexpected "):
        return words        # ash's own words (scan.AshSyntaxError), or no token

    def parses(text: str) -> bool:
        try:
            parse(Src(text, 1, grammar))
        except (ParseError, Unsupported, RecursionError):
            return False
        return True

    def fits(text: str) -> bool:
        return parses(text) or any(parses(text + f) for _, f in _ASH_CLOSERS)

    # then, at the end of the input, with a command before the closer (``if``
    # alone wants its condition)
    seps = ("\n", "\n:\n") if words == "unexpected end of file" else ("\n",)
    closer = next((c for sep in seps for c, fill in _ASH_CLOSERS if fits(before + sep + fill)), None)
    if closer is not None and closer != "esac":
        return f'{words} (expecting "{closer}")'
    # a ``case``'s own: its ``in``, a pattern's ``)``, an item's ``;;`` (ash.c
    # ``parse_command``'s TCASE: every way out of its loop names what it wanted)
    closer = next((c for c, fill in _ASH_CASE if fits(before + fill)), None)
    return words if closer is None else f'{words} (expecting "{closer}")'


#: where bash keeps a script's input (shell.c ``open_shell_script`` →
#: ``move_to_high_fd``: the highest fd below the descriptor limit, at most 255;
#: close-on-exec), closed in its children (``unset_bash_input``)
SCRIPT_FD = 255


def _stdin_redirected(node) -> bool:
    """``stdin_redirects``: a redirection of ``node`` (a simple command, a subshell,
    a group) acts on fd 0."""
    if type(node) is Pipeline and len(node.cmds) == 1:
        node = node.cmds[0]
    return any(r.fd == 0 for r in getattr(node, "redirs", None) or ())


def _async_redirect_stdin(sys: "SysAPI", child: "TaskLike") -> None:
    """``async_redirect_stdin`` (execute_cmd.c): without job control an asynchronous
    command whose stdin is neither redirected nor a pipe reads /dev/null, opened in
    the child (a filp charged to it, held until it exits)."""
    hold = getattr(sys, "hold_file", None)
    if hold is not None:
        hold(child)


def _fd_files(sys: "SysAPI", task: "TaskLike", streams: tuple, script_path: str | None,
              script_in: "ScriptInput | None") -> dict:
    """:meth:`Shell.fd_files` of the streams (stdin, stdout, stderr, fds above 2), the
    script's at its offset (``script_in``'s: where bash's buffered reads left it)."""
    i, o, e, fds = streams
    out = {}
    for fd, st in ((0, i), (1, o), (2, e), *fds.items()):
        f = fd_file(sys, st)
        if f is not None:
            out[fd] = f
    if script_path is not None and getattr(task, "files_high", 0) == SCRIPT_FD:
        out[SCRIPT_FD] = (script_path, O_RDONLY | O_LARGEFILE | O_CLOEXEC,
                          script_in.pos if script_in is not None else 0)
    return out


class FdTable:
    """A shell's descriptors as they were before a forked command's redirections
    (bash applies those in the child: redir.c ``do_redirections`` after
    ``make_child``; the model applies them to the shell's streams for the
    command's time, which are then the child's table). What ``fdget`` (``fds``)
    and /proc/PID/fd (:meth:`fd_files`) read of the shell meanwhile."""
    __slots__ = ("sys", "streams", "fds", "script_path", "script_in")

    def __init__(self, sh: "Shell", streams: tuple) -> None:
        self.sys = sh.sys
        self.streams = streams
        self.fds = streams[3]
        self.script_path = sh.script_path
        self.script_in = sh.script_in

    def fd_files(self, task: "TaskLike") -> dict:
        """fd -> (path, ``f_flags``, offset), as :meth:`Shell.fd_files`."""
        return _fd_files(self.sys, task, self.streams, self.script_path, self.script_in)


def _share_fds(sys: "SysAPI", task: "TaskLike", shell: "Shell") -> None:
    """The kernel looks ``task``'s descriptors above 2 up in ``shell.fds``
    (``fdget``): the shell process running as the task, or the one that forked
    a command (its table copied at the fork)."""
    share = getattr(sys, "share_fds", None)
    if share is not None:
        share(task, shell)


def _open_script_fd(sys: "SysAPI", task: "TaskLike") -> None:
    """bash opening its script file (``open_shell_script``): the fd moved to
    :data:`SCRIPT_FD`, which gives the process a table past 64 fds."""
    install = getattr(sys, "install_fd", None)
    if install is not None:
        install(task, SCRIPT_FD)


def _line_depths(items: list) -> list[int]:
    """The stack depth of each top-level command (shell/stack.py): bash reads and
    runs a line at a time, so the commands of one line (``a; b``) are one list."""
    depths: list[int] = []
    i, n = 0, len(items)
    while i < n:
        line = getattr(items[i][0], "line", None)
        j = i + 1
        while j < n and line is not None and getattr(items[j][0], "line", None) == line:
            j += 1
        depths += list_depths(j - i)
        i = j
    return depths


def run_script(sys: "SysAPI", text: str, script_name: str = "-", args=(), seed: int = 0,
               env: dict | None = None, cwd: str | None = None, commands: dict | None = None,
               echo: Callable[[str, str], None] | None = None) -> Result:
    """Run ``text`` as a bash script in a new shell process of ``sys``, in ``cwd`` (by
    default the system's ``workdir``); the shell exits at the end. ``echo(stream,
    text)`` ("out" or "err") is called with each chunk the script writes to its own
    stdout or stderr as it writes it (``memcgsim run`` streams them)."""
    if cwd is None:
        cwd = getattr(sys, "workdir", "/")
    # the script's bash is one of the boot's tasks where the system ran nothing
    # yet: the guests' boot values are read at a script's first line (machine.py)
    begin = getattr(sys, "begin_script_boot", None)
    booting = begin is not None and begin()
    try:
        sh = Shell(sys, script_name=script_name, args=args, env=env, seed=seed, cwd=cwd, commands=commands)
    except Exception as e:
        if booting:
            sys.end_script_boot()
        return Result("", f"memcgsim: {script_name}:0: internal error: {type(e).__name__}: {e}\n", 2,
                      [("err", f"memcgsim: {script_name}:0: internal error: {type(e).__name__}: {e}\n")])
    if script_name not in ("-", "", "bash"):
        # a script file (its name is $0); "bash" names a script read from stdin or
        # given as a string (memcgsim's callers), which bash reads from fd 0
        _open_script_fd(sys, sh.task)
        sh.script_path = abspath(getattr(sys, "script_dir", None) or cwd, script_name)
    else:
        sh.no_main_frame("main")
    if hasattr(sys, "call_usermodehelper"):
        from .umh import register_usermode_helper
        register_usermode_helper(sh)
    vfs = getattr(sys, "vfs", None)
    if vfs is not None and hasattr(vfs, "install_programs"):
        commands = sh.commands                  # ls /usr/bin: what the shell can run
        vfs.install_programs(commands.names() if hasattr(commands, "names") else commands)
    if echo is not None:
        sh.out = EchoList(echo)
        sh.stdout, sh.stderr = TermOut(sh.out, "out"), TermOut(sh.out, "err")
    users = getattr(sys, "file_users", None)
    if users is not None:
        # the descriptors of this run's processes hold their files' inodes
        sh.sched.main = sh      # its own descriptors (``exec 3<> FILE``) count too
        users.append(weakref.WeakMethod(sh.sched.open_inodes))
    start = len(sh.out)
    if booting:
        sys.end_script_boot()
    if script_name not in ("-", "", "bash") and is_binary(text[:80]):
        # shell.c open_shell_script: check_binary_file, then exit (EX_BINARY_FILE)
        sh.stderr.write(f"{script_name}: {script_name}: cannot execute binary file\n")
        text = "exit 126"
    res = sh.run(text)
    try:
        sh.finish()
        sh.sched.settle()
    except Exception:
        pass
    if len(sh.out) > start + len(res.output):
        # what the jobs its exit woke wrote at once (a ``>(LIST)`` it held open: EOF)
        res = sh._result(start, res.status)
    res.not_modelled = dict(sh.missing)
    return res


_SET_O = {"errexit": "errexit", "errtrace": "errtrace", "nounset": "nounset", "xtrace": "xtrace",
          "pipefail": "pipefail", "functrace": "functrace", "verbose": "verbose", "notify": "notify"}


def cmd_bash(ctx: CommandContext) -> Generator:
    """``bash``/``sh`` run as a program: a new shell in the command's own process
    running ``-c STRING [NAME [ARG...]]``, a script ``FILE [ARG...]``, or what its
    standard input holds; options ``-e -u -x -v -b -o NAME``. Its variables come from the
    environment only; background jobs share the calling shell's scheduler."""
    outer: Shell = ctx.extra["shell"]
    args = list(ctx.argv[1:])
    flags: dict[str, bool] = {}
    command = False
    while args and len(args[0]) > 1 and args[0][0] in "-+" and args[0] != "--":
        a = args.pop(0)
        if a in ("--norc", "--noprofile", "--posix"):
            continue
        for c in a[1:]:
            if c == "c":
                command = True
            elif c in "euxvb":
                flags[{"e": "errexit", "u": "nounset", "x": "xtrace", "v": "verbose", "b": "notify"}[c]] = a[0] == "-"
            elif c == "o" and args and args[0] in _SET_O:
                flags[_SET_O[args.pop(0)]] = a[0] == "-"
            else:
                ctx.stderr.write(f"{ctx.argv[0]}: {a}: invalid option\n")
                return 2
    if args and args[0] == "--":
        args.pop(0)
    if command:
        if not args:
            ctx.stderr.write(f"{ctx.argv[0]}: -c: option requires an argument\n")
            return 2
        text, name, pos = args[0], (args[1] if len(args) > 1 else ctx.argv[0]), args[2:]
    elif args:
        name, pos = args[0], args[1:]
        try:
            text = ctx.sys.read(ctx.path(name), ctx.task) or _program_text(ctx, name)
        except OSError as e:
            ctx.stderr.write(f"{ctx.argv[0]}: {name}: {e.strerror}\n")
            return 127
        if is_binary(text[:80]):
            ctx.stderr.write(f"{name}: {name}: cannot execute binary file\n")
            return 126
        _open_script_fd(ctx.sys, ctx.task)
        script_path = ctx.path(name)
    else:
        text, name, pos = ctx.stdin.read(-1).decode("utf-8", "surrogateescape"), ctx.argv[0], []
    sh = Shell(ctx.sys, ctx.task, name, pos, ctx.env, outer.seed, ctx.cwd, outer.commands)
    if args and not command:
        sh.script_path = script_path
    applet = ctx.argv[0].rpartition("/")[2]
    if applet in ("sh", "ash"):
        # procargs: commandname is the script's or -c's NAME (none read from stdin)
        _as_sh(sh, applet, name if len(args) > command else None, ctx.env)
    if not command and not args:
        sh.no_main_frame("main")
    if sh.shlvl_warning:
        ctx.stderr.write(f"{ctx.argv[0]}: warning: shell level ({shell_level(ctx.env.get('SHLVL'), 1)}) "
                         "too high, resetting to 1\n")
    if SCRIPT_START[getattr(ctx.sys, "userland", "gnu")] is not None:
        # its variables' chunks against those of the environment the laid-out
        # arena was read with: a plain ``bash -c``'s, or the script bash's own
        sh.env_shift = envimport.import_shift(
            ctx.env, envimport.PLAIN_ENV if command else SCRIPT_ENV[getattr(ctx.sys, "userland", "gnu")])
    sh.import_functions()
    sh.sched = outer.sched
    sh.missing = outer.missing
    sh.stdin, sh.stdout, sh.stderr = ctx.stdin, ctx.stdout, ctx.stderr
    sh.outer_pipes = tuple(getattr(x, "pipe", None) for x in (ctx.stdin, ctx.stdout))
    sh.tcwd = None
    set_pwd(sh)
    for k, v in flags.items():
        setattr(sh, k, v)
    return (yield from sh.run_program(text, command))


#: programs parsed by :func:`_parse_program`, by their text (at most ``_PROGRAMS_MAX``)
_PROGRAMS: dict[str, Node] = {}
_PROGRAMS_MAX = 64


def _parse_program(text: str, ash_text: bool | str = False, line0: int = 1) -> Node:
    """``parse(Src(text, line0))``, kept by text: a program run again and again (the
    guests' head script, a ``sh -c`` in a loop) is parsed once; its nodes hold
    nothing of a run. A process finds the programs of earlier ones parsed
    (:mod:`.parsecache`). ``ash_text``: the ash family's grammar, "ash" or
    "dash" (each kept apart: no brace expansion); ``line0`` its first line's number."""
    key = f"\0{ash_text}\n" + text if ash_text else text
    if line0 != 1:
        key = f"\0{line0}\n" + key
    node = _PROGRAMS.get(key)
    if node is None:
        node = parsecache.load(key)
        if node is None:
            node = parse_program(Src(text, line0, ash_text))
            parsecache.store(key, node)
        if len(_PROGRAMS) >= _PROGRAMS_MAX:
            _PROGRAMS.clear()
        _PROGRAMS[key] = node
    return node


def _program_text(ctx: CommandContext, name: str) -> str:
    """What the shell reads from ``name`` when it is one of the image's programs
    that is a script (``userland.SCRIPTS``: the guests' head and getconf); else ""
    (a program of the image reads empty)."""
    text = scripts(getattr(ctx.sys, "userland", "gnu")).get(posixpath.basename(name))
    if text is None or ctx.sys.stat(ctx.path(name), ctx.task).st_ino < PROGRAM_INO_BASE:
        return ""
    return text


@functools.cache
def busybox_applets() -> frozenset[str]:
    """The guests' busybox's applets (``busybox --list``), imported when first asked."""
    from .commands.busybox_usage import LIST
    return frozenset(LIST)


def _unknown_command(sh: "Shell", argv: list[str]) -> int:
    """The ash family's command that is nowhere, reported by the shell itself."""
    return not_executable(sh, argv[0])


def applet_not_found(ctx: CommandContext) -> int:
    """busybox run by a name that is none of its applets (a link to it renamed, or
    made under another name): libbb/appletlib.c ``run_applet_and_exit``'s
    "NAME: applet not found", status 127."""
    err_write(ctx.stderr, f"{posixpath.basename(ctx.argv[0])}: applet not found\n")
    return 127


@functools.cache
def _builtins_of(names: frozenset) -> dict:
    """The model's builtins among ``names`` (a dialect's ``builtins``), made once."""
    return {k: v for k, v in (BUILTINS | ASH_ONLY).items() if k in names}


def _start_env(sh: "Shell", env0: dict) -> dict:
    """The environment as the shell took it (SHLVL counted, PWD set), no bash's own;
    ``_`` an ordinary variable of it (``env0``'s: bash took it out)."""
    env = {k: v for k in sh.exported if (v := sh.scopes[0].get(k)) is not None}
    if "_" in env0:
        env["_"] = env0["_"]
    return env


def _as_sh(sh: "Shell", applet: str, commandname: str | None, env0: dict) -> None:
    """``sh`` (or ``ash``) of the machine's userland: busybox's (the guests') looks a
    command's name up as an applet before its PATH (ash.c ``find_command`` with
    FEATURE_SH_STANDALONE: so ``head`` is busybox head, not the head script), runs
    a NOEXEC applet without an execve (``tryexec``) and words its errors as ash
    (shell/ash.py: ``commandname`` None for a bare ``-c STRING``). The gnu
    userland's ``sh`` is dash (Debian's /bin/sh: shell/dash.py), its memory still
    bash's (not modelled); its ``ash``, which Debian does not have, runs as bash.
    ``env0`` is the environment it was given: dash leaves SHLVL as it is there
    (busybox's ``BASH_SHLVL_VAR`` counts it up, exported, as bash does); busybox
    exports its default PATH when the environment has none (``env -i sh -c env``
    on the host: ``PATH=/sbin:/usr/sbin:/bin:/usr/bin``)."""
    noexec = noexec_applets(getattr(sh.sys, "userland", "gnu"))
    if noexec is None:
        if applet == "sh":
            sh.dialect = Dash(None, applet)
            sh.shopts = frozenset()
            sh.ashtab = ashjobs.JobTab()     # jobs.c's table: ash.c's ancestor
            sh.builtins = _builtins_of(Dash.builtins)
            env = _start_env(sh, env0)
            env.pop("SHLVL", None)
            if "SHLVL" in env0:
                env["SHLVL"] = env0["SHLVL"]
            sh.scopes[0] = sh.dialect.start_vars(sh, env)
            sh.exported = set(env)
        return
    sh.noexec = noexec
    sh.dialect = BusyboxSh(commandname, applet)
    sh.shopts = frozenset()
    sh.ashtab = ashjobs.JobTab()
    sh.builtins = _builtins_of(BusyboxSh.builtins)
    env = _start_env(sh, env0)
    if "PATH" not in env:
        env["PATH"] = BB_DEFAULT_PATH
    sh.scopes[0] = sh.dialect.start_vars(sh, env)
    sh.exported = set(env)
    sh.scripts = {n: t for n, t in sh.scripts.items() if n not in busybox_applets()}
    # its own image's heap and stack at its start (kernel/fork.py GUEST_BUSYBOX_SH),
    # not bash-static's: an exec'd busybox sh's, a forked one's copied by fork
    sh.heap = Heap(sh.sys, sh.task, *BUSYBOX_SH_HEAP_START)
    sh.stack_low = BUSYBOX_SH_STACK_PAGES - 1


#: busybox's PATH when the environment has none (include/libbb.h BB_PATH_ROOT_PATH)
BB_DEFAULT_PATH = "/sbin:/usr/sbin:/bin:/usr/bin"


#: ``sh`` and busybox's ``ash`` (the guests' /bin/sh): busybox sh under the busybox
#: userland (:func:`_as_sh`, shell/ash.py), else bash (docs/shell.md)
SHELL_PROGRAMS = {"bash": cmd_bash, "sh": cmd_bash, "ash": cmd_bash}


class Script:
    """An executable file run by its path (``binfmt_script``): ``#!INTERP [ARG]``
    runs INTERP (one of the image's programs; ``/usr/bin/env NAME`` looks NAME up)
    with ARG, the path and the arguments, the script's name as comm; a file
    without ``#!`` is bash's ENOEXEC fallback: the forked shell runs it itself
    (no execve). ``bad``: an interpreter the image lacks."""
    __slots__ = ("fn", "head", "bad", "execs", "path")

    def __init__(self, fn, head: list[str], bad: str | None, execs: bool = True) -> None:
        self.fn = fn
        self.head = head
        self.bad = bad
        self.execs = execs
        self.path: str | None = None

    @classmethod
    def of(cls, sh: "Shell", path: str) -> "Script":
        """The script file at ``path`` (the interpreter's operand: the path a PATH
        search found, or the one the command gave)."""
        try:
            text = sh.sys.read(sh.path(path), sh.task)
        except OSError:
            text = ""
        return cls.of_text(sh, text, path)

    @classmethod
    def of_text(cls, sh: "Shell", text: str, path: str | None = None) -> "Script":
        """A script file holding ``text``; ``path``: the path a PATH search
        execs it by (the interpreter's operand), else the name the command gave."""
        first = text[:256].split("\n", 1)[0]
        if not first.startswith("#!"):
            return cls(cmd_bash, [sh.arg0], None, execs=False)
        interp, _, arg = first[2:].strip().partition(" ")
        head = [interp] + ([arg.strip()] if arg.strip() else [])
        prog = interp.rsplit("/", 1)[-1]
        if prog == "env" and len(head) > 1:
            prog = head[1].split(" ", 1)[0]
            head = [prog] + head[1].split(" ", 1)[1:]
        fn = sh.commands.get(prog)
        script = cls(fn, head, None if fn is not None else interp)
        script.path = path
        return script

    def argv(self, argv: list[str]) -> list[str]:
        """The interpreter's command line for ``argv`` (the path first)."""
        if self.path is not None:
            return self.head + [self.path] + list(argv[1:])
        return self.head + list(argv)
