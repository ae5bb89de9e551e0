"""Which shell a :class:`~.interp.Shell` is: bash, busybox sh (the guests' /bin/sh) or
dash (Debian's /bin/sh, the gnu userland's), and what differs between them, held in
one object chosen where the shell is made (``interp.cmd_bash``).

The switches, each read where the shells part ways:

- ``ash_errors``: errors as the ash family words and raises them (busybox ash.c
  ``ash_msg_and_raise_error``, dash error.c ``exerror``): ``ARG0: ...`` messages
  (:meth:`BusyboxSh.head`), an error outside a regular builtin ending the shell with
  status 2 (shell/ash.py); bash's otherwise (``NAME: line N: ...``).
- ``applets``: ``echo``, ``printf``, ``test``/``[`` and ``kill`` are busybox's applets
  (their own parsing, ``bb_error_msg`` messages: commands/bbprintf.py, bbtest.py).
- ``ash_grammar``: the parser's grammar: False bash's, else the ash family member's
  name, ``"ash"`` or ``"dash"`` (shell/scan.py ``Scan(ash=...)``: no arrays, ``((``,
  ``<<<``, ``|&``, brace expansion...; dash has no ``$'...'``, ``<(...)``, ``&>``,
  ``${x:N:M}``, ``${x/a/b}`` either).
- ``ash_listings``: ``set``, ``set -o``, ``export -p``, ``readonly -p``, ``alias``,
  ``trap``, ``ulimit -a`` and ``hash`` list as ash.c does.
- ``ash_eval``: ash.c's evaluation where it differs from bash's (``return`` outside a
  function ends the script, ``break``'s count, ``$?`` after ``$(...)``, a subshell's
  loops and traps, no CHLD trap bookkeeping, aliases from the next line on).
- ``ash_jobs``: ash.c's job table (shell/ashjobs.py) and reports (the job waited for
  only).
- ``ash_vars``: ash.c's variables (``varinit``: bash's computed ones plain, ``$-``).
- ``builtins``: the builtins' names (None: every builtin the model has, bash's);
  ``keywords``: the reserved words ``type`` names.
- ``not_special``: bash's computed variables that are plain ones here.
- methods: the words that differ between busybox sh and dash (:class:`BusyboxSh`).
- ``commandname``: ash's ``commandname`` at the top level (None for a bare ``sh -c
  STRING``); ``applet``: the name an applet's messages take.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import dash      # loaded at a dash's first use (shell/__init__.py)
from .hashcmd import ASH_KEYWORDS, KEYWORDS

if TYPE_CHECKING:
    from .interp import Shell


class Dialect:
    """bash's ways (bash 5.2.15, Debian 12's): every switch off."""
    __slots__ = ("commandname", "applet")
    name = "bash"
    ash_errors = False
    applets = False
    ash_grammar = False
    ash_listings = False
    ash_eval = False
    ash_jobs = False
    ash_vars = False
    builtins: frozenset | None = None
    keywords = KEYWORDS
    not_special: frozenset = frozenset()
    #: the builtins ``type`` calls special (``is a special shell builtin``)
    special_builtins: frozenset = frozenset()
    #: a command's status when its redirection fails
    redirect_status = 1
    #: the arithmetic syntax check run before the model's (bash's) evaluator: None,
    #: or a function of the expression giving its error (dash's smaller grammar)
    arith_check = None
    #: whether arithmetic evaluates every operand, side effects and all (busybox
    #: math.c: no short-circuit of ``&&``, ``||``, ``?:``)
    arith_eager = False
    #: a syntax error at the end of the input stands past its last line, which is
    #: given a newline (bash's ``shell_getc``; dash's counts only newlines read)
    eof_newline = True
    #: the descriptor a process substitution's pipe end is moved to: bash's
    #: ``move_to_high_fd(fd, 1, 64)``, the highest free below 64 (subst.c
    #: ``process_substitute``); busybox's ``fcntl(F_DUPFD, 64)``, the lowest free
    #: from 64 (ash.c ``evalbackcmd``)
    procsub_fd_up = False
    #: how ``read`` splits its line among its variables: a function's name in
    #: shell/readsplit.py (imported when a ``read`` runs)
    read_fields = "read_fields"
    #: ``read``'s options, getopt's way (read.def: bash 5.2's)
    read_opts = "ersa:d:i:n:N:p:t:u:"
    #: whether ``read`` checks its names before it reads (busybox's
    #: ``shell_builtin_read``), else each at its assignment
    read_names_first = False

    def bad_read_option(self, sh: "Shell", c: str) -> int:
        """read.def's ``-C: invalid option`` and its usage, status 2."""
        sh.err(f"read: -{c}: invalid option")
        sh.stderr.write("read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] "
                        "[-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n")
        return 2

    def bad_read_name(self, sh: "Shell", name: str) -> int:
        """``sh_invalidid``: ``read: `NAME': not a valid identifier``, status 1."""
        sh.err(f"read: `{name}': not a valid identifier")
        return 1
    #: the largest number ``number()`` takes (dash's mystring.c: INT_MAX; busybox's
    #: ``atoi`` none: None)
    number_limit: int | None = None
    #: ``.`` without a file: None bash's "filename argument required" and usage
    #: (status 2), else the ash family's silent status (busybox ash.c ``dotcmd``:
    #: 2; dash main.c ``dotcmd``: 0)
    dot_without_file: int | None = None
    #: a command substitution's shell keeps ``set -e`` (dash 0.5.12's
    #: ``evalbackcmd``, "[EVAL] Don't clear eflag in evalbackcmd"); bash 5.2 clears
    #: it unless ``inherit_errexit`` (subst.c ``command_substitute``), busybox
    #: 1.35's ash.c ``evalbackcmd`` too (``eflag = 0``)
    comsub_keeps_errexit = False
    #: ``$-`` shows ``c`` for a ``-c`` string (busybox's ``optlist`` has it; dash
    #: keeps ``-c`` in ``minusc``, outside ``optlist``: options.c)
    dollar_c = True
    #: the first line of an ``eval`` string: None the current line (dash's: 1)
    eval_line0: int | None = None
    #: ``set -v`` echoes what the shell reads from strings too (``-c``, ``eval``), each
    #: line with its newline (a last line without one given one): bash's
    #: ``shell_getc``; the ash family's ``preadbuffer`` echoes file input only, as read
    verbose_strings = True
    #: the first line of a ``-c`` string (bash's and dash's 1: input.c
    #: ``setinputstring``'s ``plinno = 1``; busybox's 0: ash.c ``setinputstring``
    #: takes the global ``lineno``, 0 before any command ran)
    c_string_line0 = 1
    #: ``kill``'s status is its count of errors (busybox procps/kill.c ``errors``);
    #: bash's 1 for any (EXECUTION_FAILURE)
    kill_counts_errors = False
    #: builtins check their options first, as bash's ``internal_getopt`` does
    #: (shell/bashgetopt.py); the ash family's builtins their own ways
    builtin_getopt = True
    #: ``getopts``: None bash's (getopts.def: OPTIND the word being read, OPTARG
    #: unset for an option without one), else the ash family's (ash.c / dash
    #: options.c ``getopts``: OPTIND past the word begun, OPTARG empty), "busybox"
    #: also unsetting OPTARG at the end and reading OPTERR
    ash_getopts: str | None = None
    #: trap actions are read as ``eval`` strings are, from :attr:`eval_line0` (the ash
    #: family's ``dotrap``/``exitshell``: ``evalstring``); bash's from 1 but for
    #: DEBUG, RETURN and ERR (trap.c ``SEVAL_RESETLINE``)
    traps_as_eval = False
    #: the lines of what the shell parses while a trap runs all count as its first
    #: (busybox: ash.c ``nlprompt``/``nlnoprompt`` count none at ``trap_depth`` > 0)
    trap_lines_flat = False
    #: the names ``set -o NAME`` takes (None: the model's, bash's), as ``set -o``
    #: lists them
    set_o_names: frozenset | None = None
    set_o_order: tuple = ()
    #: the traps that are no signal (bash's trap.c; busybox's ash.c NTRAP_ERR only;
    #: dash none: ``trap: ERR: bad trap``)
    trap_pseudo = ("ERR", "RETURN", "DEBUG")
    #: the letters ``set`` takes (None: bash's, flags.c); of those, the ones the
    #: model keeps as bash's letters are (the others are unsupported, but ``m``)
    set_letters: str | None = None
    set_letters_kept = ""
    #: ``set -o NAME`` of a name it does not know ends the shell (dash's
    #: ``setoption``: sh_error); busybox's ``plus_minus_o`` says so and fails (1)
    set_o_error_ends = True
    #: ``read`` without a name reads into REPLY (dash's: ``arg count``, status 2)
    read_reply = True
    #: ``local NAME`` keeps NAME's value (dash's ``mklocal``; bash's and busybox
    #: sh's start it unset)
    local_keeps_value = False
    #: ``ulimit``: a function's name in shell/ulimits.py (imported when one runs)
    ulimit = "bash_ulimit"
    #: the bits of ``return N`` that ``$?`` keeps (None: all: dash's ``returncmd``
    #: returns ``number()``'s int, ``$?`` prints it whole)
    return_mask: int | None = 0xFF
    #: ``type``'s first argument starting with ``-`` makes it brief (busybox's
    #: ``typecmd``)
    type_brief_option = False
    #: how ``type`` names a hashed command's path (ash family: dash exec.c
    #: ``describe_command``'s " is a tracked alias for", busybox's " is")
    tracked_alias = ""
    #: ``type``'s words for a function: None, bash's (``is a function`` and its
    #: body); busybox's ``a function``, dash's ``a shell function``
    function_is: str | None = None
    #: ``shift`` past the parameters: None status 1, else the error that ends the shell
    shift_error: str | None = None

    def __init__(self, commandname: str | None = None, applet: str = "bash") -> None:
        self.commandname = commandname
        self.applet = applet

    def named(self, commandname: str) -> "Dialect":
        """This dialect with ``commandname`` set (while ``eval`` or ``.`` runs)."""
        return type(self)(commandname, self.applet)

    def bad_trap(self, sh: "Shell", spec: str) -> None:
        """``trap ACTION SPEC`` of no signal (the command fails, status 1): trap.def's
        ``invalid signal specification`` (busybox ash.c ``trapcmd``'s too, in
        ``ash_msg``'s form)."""
        if self.ash_errors:
            from .ash import msg
            msg(sh, f"{spec}: invalid signal specification", "trap")
        else:
            sh.err(f"trap: {spec}: invalid signal specification")


class BusyboxSh(Dialect):
    """busybox 1.35's sh (shell/ash.c, Debian's configuration), the guests' /bin/sh:
    ``ARG0: [COMMANDNAME: line N: ]`` messages (``ash_vmsg``: ``commandname`` set,
    lines of a ``-c`` string from 0), its grammar, job table, variables and
    listings, and the applets echo/printf/test/kill as builtins."""
    __slots__ = ()
    name = "busybox"
    c_string_line0 = 0
    #: ``showjob``'s ``+``/``-`` mark, this many columns back from the end of
    #: ``"[N]   "`` (ash.c ``s[col - 3]``: ``[1]+  Done``; dash jobs.c ``s[col - 2]``:
    #: ``[1] + Done``)
    job_mark_back = 3
    #: ``forkchild`` keeps the job table for a child whose command is a simple
    #: ``jobs`` (ash.c's "Job hack": ``jobs | cat``, ``$(jobs)``); dash 0.5.12 frees
    #: every job in every child
    fork_keeps_jobs_for_jobs = True
    #: ash.c ``optletters_optnames`` (Debian's configuration)
    set_o_order = ("errexit", "noglob", "ignoreeof", "monitor", "noexec", "xtrace", "verbose",
                   "noclobber", "allexport", "notify", "nounset", "errtrace", "vi", "pipefail")
    set_o_names = frozenset(set_o_order)
    set_o_error_ends = False
    #: ash.c ``optletters_optnames``' letters (i, s, c for the shell's own use)
    set_letters = "efIimnscxvCabuE"
    trap_pseudo = ("ERR",)
    set_letters_kept = "efxCauEvb"
    verbose_strings = False
    builtin_getopt = False
    ash_getopts = "busybox"
    traps_as_eval = True
    trap_lines_flat = True
    ash_errors = True
    applets = True
    dot_without_file = 2
    ash_grammar: bool | str = "ash"
    ash_listings = True
    read_fields = "bb_read_fields"
    procsub_fd_up = True
    arith_eager = True
    ulimit = "bb_ulimit"
    type_brief_option = True
    function_is = "a function"
    #: ash.c ``readcmd``'s ``nextopt("p:u:rt:n:sd:")``
    read_opts = "p:u:rt:n:sd:"
    read_names_first = True

    def bad_read_option(self, sh: "Shell", c: str) -> int:
        """``nextopt``'s ``illegal option -C``, status 2."""
        from .ash import bad_option
        return bad_option(sh, c, "read", False)

    def bad_read_name(self, sh: "Shell", name: str) -> int:
        """``shell_builtin_read``'s ``read: 'NAME': bad variable name``
        (``bb_error_msg``), status 1."""
        from .ash import applet_msg
        applet_msg(sh, f"read: '{name}': bad variable name", "read")
        return 1
    ash_eval = True
    ash_jobs = True
    ash_vars = True
    #: ash.c ``builtintab`` (1.35, Debian's configuration: job control, getopts, the
    #: applets test/echo/printf/kill as builtins, bash's ``source`` and ``let``): a
    #: bash builtin not here (``declare``, ``shopt``, ``mapfile``, ``pushd``...) is a
    #: command busybox sh does not find
    builtins = frozenset(". : [ [[ alias bg break cd chdir command continue echo eval exec exit "
                         "export false fg getopts hash help history jobs kill let local printf "
                         "pwd read readonly return set shift source test times trap true type "
                         "ulimit umask unalias unset wait".split())
    keywords = ASH_KEYWORDS
    #: variables bash computes that busybox sh does not have: plain variables there
    #: (``echo $BASHPID $SECONDS`` prints nothing; RANDOM, LINENO, FUNCNAME, PPID and
    #: EPOCHSECONDS/EPOCHREALTIME it computes too: ash.c ``varinit``); ``_`` is the
    #: environment's, kept and exported as any other (no last argument)
    not_special = frozenset(("BASHPID", "SRANDOM", "SECONDS", "UID", "EUID", "GROUPS", "DIRSTACK",
                             "PIPESTATUS", "BASH_COMMAND", "BASH_LINENO", "BASH_SOURCE", "BASHOPTS",
                             "SHELLOPTS", "BASH_ARGV0", "BASH_SUBSHELL", "BASH_ARGV", "BASH_ARGC",
                             "_"))

    def head(self, sh: "Shell", name: str | None) -> str:
        """An ash-family message's prefix (:func:`.ash.msg`), ``name`` the builtin
        running if any: busybox's ``ash_vmsg``."""
        head = f"{sh.arg0}: "
        if name is not None:
            if name != sh.arg0:
                head += f"{name}: "
            head += f"line {sh.lineno}: "
        return head

    def applet_head(self, sh: "Shell", name: str) -> str:
        """The prefix of a builtin applet's message (``bb_error_msg``): ``sh: ``."""
        return f"{self.applet}: "

    def echo(self, args: list[str]) -> str:
        """``echo``: the applet's (coreutils/echo.c: ``-n``, ``-e``, ``-E``)."""
        from .commands.bbprintf import bb_echo
        return bb_echo(args)

    def syntax(self, words: str) -> str:
        """``raise_error_syntax``'s message for busybox sh's ``words``."""
        return "syntax error: " + words

    def bad_substitution(self, sh: "Shell") -> str:
        """``varvalue``'s error for a ``${...}`` ``parsesub`` left untyped:
        ``raise_error_syntax``, at the parser's line (``errlinno``: a script's has
        passed the command's newline)."""
        if not sh.cmd_string:
            sh.lineno += 1
        return "syntax error: bad substitution"

    def errmsg(self, err: int, action: str, text: str | None = None) -> str:
        """ash.c ``errmsg``: ENOENT/ENOTDIR as the action's words (``open``, ``create``,
        ``exec``), else strerror."""
        from .ash import errmsg
        return errmsg(err, {"open": "no such file", "create": "nonexistent directory",
                            "exec": "not found"}[action], text)

    def open_failed(self, path: str, e: OSError, reading: bool) -> str:
        """``openredirect``'s ``can't open FILE: ...``/``can't create FILE: ...``."""
        if reading:
            return f"can't open {path}: {self.errmsg(e.errno, 'open', e.strerror)}"
        return f"can't create {path}: {self.errmsg(e.errno, 'create', e.strerror)}"

    def dot_failed(self, path: str, e: OSError) -> str:
        """``dotcmd`` → ``setinputfile``: ``can't open 'FILE': STRERROR``."""
        return f"can't open '{path}': {e.strerror}"

    def cd_failed(self, path: str, e: OSError) -> str:
        """``cdcmd``'s ``can't cd to DIR: STRERROR``."""
        return f"can't cd to {path}: {e.strerror}"

    def bad_option(self, c: str, sign: str = "-") -> str:
        """``nextopt``'s ``illegal option -C`` (``set``'s ``setoption``: ``+C`` too)."""
        return f"illegal option {sign}{c}"

    def arith(self, bash_msg: str, expr: str) -> str:
        """shell/math.c's message for the arithmetic error bash words ``bash_msg``."""
        from .ash import arith_error
        return arith_error(bash_msg)

    def test(self, sh: "Shell", args: list[str], name: str) -> int:
        """``test``/``[``/``[[``: the applet's (commands/bbtest.py)."""
        from .ash import applet_msg
        from .commands.bbtest import bb_test
        return bb_test(args, sh.test_unary, lambda op, x, y: sh.test_binary(op, x, y, name=name),
                       lambda m: applet_msg(sh, m, name), name if name != "test" else "")

    def printf(self, sh: "Shell", args: list[str]) -> tuple[str, int]:
        """``printf``: the applet's (commands/bbprintf.py); its output and status."""
        from .ash import applet_msg
        from .commands.bbprintf import bb_printf
        if args[:1] == ["--"]:
            args = args[1:]
        if not args:
            applet_msg(sh, "usage: printf FORMAT [ARGUMENT...]", "printf")
            return "", 2
        text, bad = bb_printf(args[0], args[1:], lambda m: applet_msg(sh, m, "printf"))
        return text, int(bad)

    def kill_args(self, sh: "Shell", args: list[str], write) -> "tuple[int, list[str]] | int":
        """``kill``'s options (the applet's, procutils.bb_kill_args) after ash.c
        ``killcmd`` turned job specs into pids: (signal, operands) or the status."""
        from . import ashjobs
        from .ash import ASH_ERROR_STATUS, applet_msg, msg
        from .commands.procutils import bb_kill_args
        if args and args[0] != "-l":
            try:
                args = ashjobs.job_pids(sh, args)
            except ashjobs.JobError as e:
                msg(sh, str(e), "kill")
                return ASH_ERROR_STATUS
        return bb_kill_args(args, write, lambda t: applet_msg(sh, t, "kill"))


    #: ``getopts``' usage message (ash.c ``getoptscmd``)
    getopts_usage = "usage: getopts optstring var [arg]"
    #: the largest octal ``umask`` (ash.c ``umaskcmd``: ``mask > 0777`` is illegal)
    umask_max = 0o777

    def bad_umask(self, mode: str, octal: bool) -> str:
        """``umaskcmd``'s ``illegal mode: MODE``."""
        return f"illegal mode: {mode}"

    #: ``getjob``'s words for a job spec that names none (ash.c's ``%s: no such job``)
    no_such_job = "{}: no such job"
    #: the status of a ``kill`` whose operand is no number (None: an error counted,
    #: the next operand's turn: busybox's kill_main)
    kill_operand_status: int | None = None
    kill_counts_errors = True

    def kill_pid(self, sh: "Shell", p: str) -> int | None:
        """A ``kill`` operand's pid: the applet's ``invalid number 'X'`` (None: the
        command ends with ``kill_operand_status``)."""
        try:
            return int(p)
        except ValueError:
            from .ash import applet_msg
            applet_msg(sh, f"invalid number '{p}'", "kill")
            return None

    def kill_error(self, sh: "Shell", pid: int, text: str) -> None:
        """The applet's ``can't kill pid N: STRERROR``."""
        from .ash import applet_msg
        applet_msg(sh, f"can't kill pid {pid}: {text}", "kill")

    def set_o_listing(self, sh: "Shell", reusable: bool) -> str:
        """``set -o``/``set +o`` (ash.c ``minus_o``)."""
        from .ash import set_o_listing
        return set_o_listing(sh, reusable)

    def start_vars(self, sh: "Shell", env: dict) -> dict:
        """The variables the shell starts with (ash.c ``varinit``)."""
        from .ash import start_vars
        return start_vars(sh, env)


class Dash(BusyboxSh):
    """dash 0.5.12 (Debian 12's /bin/sh, the gnu userland's ``sh``): busybox sh's
    cousin, the same error semantics, job table and listings' forms, with its own
    message form and words, builtins, ``echo`` and grammar (shell/dash.py)."""
    __slots__ = ()
    name = "dash"
    ash_grammar = "dash"
    job_mark_back = 2
    fork_keeps_jobs_for_jobs = False
    c_string_line0 = 1
    ash_getopts = "dash"
    trap_lines_flat = False
    #: builtins.def (0.5.12, Debian's build: no history, so no ``fc``): a bash builtin not
    #: here (``[[``, ``let``, ``source``, ``declare``...) is a command dash does not find
    builtins = frozenset(". : [ alias bg break cd chdir command continue echo eval exec exit export "
                         "false fg getopts hash jobs kill local printf pwd read readonly return set "
                         "shift test times trap true type ulimit umask unalias unset wait".split())
    #: parser.c ``parsekwd`` (token.h's KWDOFFSET on): ``function``, ``select``, ``[[``
    #: are words
    keywords = frozenset(("!", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in",
                          "then", "until", "while", "{", "}"))
    #: builtins.def's special builtins (``-s``): ``type`` says ``is a special shell builtin``
    special_builtins = frozenset(". : break continue eval exec exit export local readonly return set "
                                 "shift times trap unset".split())
    #: variables bash (or busybox sh) computes that dash does not have (var.c
    #: ``varinit``: no RANDOM, SECONDS, FUNCNAME...: ``echo $RANDOM`` prints nothing;
    #: LINENO is ``WITH_LINENO``'s, and Debian 12 builds dash ``--disable-lineno``:
    #: debian/rules)
    not_special = BusyboxSh.not_special | frozenset(("RANDOM", "SRANDOM", "SECONDS", "FUNCNAME",
                                                     "EPOCHSECONDS", "EPOCHREALTIME", "HOSTNAME",
                                                     "LINENO"))
    shift_error = "can't shift that many"
    local_keeps_value = True
    read_reply = False
    read_fields = "dash_read_fields"
    ulimit = "dash_ulimit"
    type_brief_option = False
    return_mask = None
    tracked_alias = "a tracked alias for "
    function_is = "a shell function"
    #: miscbltin.c ``readcmd``'s ``nextopt("p:r")``
    read_opts = "p:r"
    read_names_first = False

    def bad_read_name(self, sh: "Shell", name: str) -> int:
        """``setvar``'s ``NAME: bad variable name`` at its assignment (an error:
        status 2)."""
        from .ash import ASH_ERROR_STATUS, msg
        msg(sh, f"{name}: bad variable name", "read")
        return ASH_ERROR_STATUS
    #: options.c ``optnames`` (0.5.12) as ``set -o`` lists them (dash.py ``set_o_listing``)
    set_o_order = ("errexit", "noglob", "ignoreeof", "interactive", "monitor", "noexec", "stdin",
                   "xtrace", "verbose", "vi", "emacs", "noclobber", "allexport", "notify", "nounset",
                   "privileged", "nolog", "debug")
    set_o_names = frozenset(set_o_order)
    set_o_error_ends = True
    #: options.h ``optletters`` (0.5.12: ``E`` is emacs, ``V`` vi, no errtrace)
    set_letters = "efIimnsxvVECabup"
    trap_pseudo = ()
    set_letters_kept = "efxCauvb"
    verbose_strings = False
    comsub_keeps_errexit = True
    dollar_c = False
    number_limit = (1 << 31) - 1
    dot_without_file = 0
    eof_newline = False
    eval_line0 = 1

    @staticmethod
    def arith_check(expr: str, lookup=None) -> str | None:
        """arith_yacc.c's grammar: None, or the error (shell/dash.py ``arith_check``)."""
        return dash.arith_check(expr, lookup)

    @staticmethod
    def arith_source(expr: str) -> str:
        """``expr`` as the model's evaluator reads it for dash (shell/dash.py)."""
        return dash.arith_source(expr)
    arith_eager = False
    #: redir.c ``redirect``'s ``sh_error`` (exerror status 2), the command abandoned
    redirect_status = 2

    def head(self, sh: "Shell", name: str | None) -> str:
        """error.c ``exvwarning2``: ``ARG0: LINE: `` and ``COMMANDNAME: `` while a
        builtin runs (none at the top level), lines from 1 under ``-c`` too."""
        return f"{sh.arg0}: {sh.lineno}: " + (f"{name}: " if name is not None else "")

    def applet_head(self, sh: "Shell", name: str) -> str:
        """dash's echo, printf, test and kill are its own builtins: ``sh_warnx``/
        ``sh_error``, the form of its other messages."""
        return self.head(sh, name)

    def echo(self, args: list[str]) -> str:
        """bltin/printf.c ``echocmd``: only ``-n``, backslashes always interpreted."""
        return dash.echo(args)

    def syntax(self, words: str) -> str:
        """parser.c ``synerror``: ``Syntax error: `` and dash's words."""
        return "Syntax error: " + dash.syntax_words(words)

    def bad_substitution(self, sh: "Shell") -> str:
        """expand.c ``varvalue``: ``sh_error("Bad substitution")`` at the command's line."""
        return "Bad substitution"

    def errmsg(self, err: int, action: str, text: str | None = None) -> str:
        """error.c ``errmsg``."""
        return dash.errmsg(err, action, text)

    def open_failed(self, path: str, e: OSError, reading: bool) -> str:
        """redir.c ``openredirect``'s ``cannot open``/``cannot create``."""
        if reading:
            return f"cannot open {path}: {self.errmsg(e.errno, 'open', e.strerror)}"
        return f"cannot create {path}: {self.errmsg(e.errno, 'create', e.strerror)}"

    def dot_failed(self, path: str, e: OSError) -> str:
        """main.c ``dotcmd`` → input.c ``setinputfile``'s ``cannot open``."""
        return f"cannot open {path}: {self.errmsg(e.errno, 'open', e.strerror)}"

    def cd_failed(self, path: str, e: OSError) -> str:
        """cd.c ``cdcmd``: ``sh_error("can't cd to %s", dest)``, no strerror."""
        return f"can't cd to {path}"

    def bad_option(self, c: str, sign: str = "-") -> str:
        """options.c ``nextopt``'s and ``setoption``'s ``Illegal option -C``."""
        return f"Illegal option -{c}"

    def arith(self, bash_msg: str, expr: str) -> str:
        """arith_yacc.c ``yyerror``: ``arithmetic expression: WORDS: "EXPR"``, for
        an error of a value (the syntax checked first: ``arith_check``)."""
        words = "division by zero" if bash_msg == "division by 0" else "expecting primary"
        return f'arithmetic expression: {words}: "{expr}"'

    def bad_trap(self, sh: "Shell", spec: str) -> None:
        """trap.c ``trapcmd``: ``outfmt(out2, "trap: %s: bad trap\n")``, no prefix."""
        from .commands._util import err_write
        err_write(sh.stderr, f"trap: {spec}: bad trap\n")

    def test(self, sh: "Shell", args: list[str], name: str) -> int:
        """bltin/test.c ``testcmd`` (shell/dashbltin.py)."""
        from .dashbltin import DashError, test
        try:
            return test(args, sh.test_unary, lambda op, x, y: sh.test_binary(op, x, y, name=name),
                        name == "[")
        except DashError as e:
            return self._error(sh, str(e), name)

    def printf(self, sh: "Shell", args: list[str]) -> tuple[str, int]:
        """bltin/printf.c ``printfcmd`` (shell/dashbltin.py)."""
        from .ash import msg
        from .dashbltin import DashError, printf
        try:
            return printf(args, lambda m: msg(sh, m, "printf"))
        except DashError as e:
            return e.out, self._error(sh, str(e), "printf")

    def kill_args(self, sh: "Shell", args: list[str], write) -> "tuple[int, list[str]] | int":
        """jobs.c ``killcmd``'s options (shell/dashbltin.py); a job spec is the
        group of its first process (``-jp->ps[0].pid``)."""
        from . import ashjobs
        from .dashbltin import DashError, kill_args
        try:
            r = kill_args(args, write)
            if type(r) is int:
                return r
            sig, ops = r
            return sig, [f"-{ashjobs.getjob(sh, a).job.task.pid}" if a[:1] == "%" else a for a in ops]
        except (DashError, ashjobs.JobError) as e:
            return self._error(sh, str(e), "kill")

    kill_operand_status = 2
    kill_counts_errors = False
    getopts_usage = "Usage: getopts optstring var [arg...]"
    #: miscbltin.c ``umaskcmd`` takes any octal digits (the kernel keeps 0777's)
    umask_max = float("inf")

    def bad_umask(self, mode: str, octal: bool) -> str:
        """``umaskcmd``: ``Illegal number: MODE`` (octal), ``Illegal mode: MODE``."""
        return f"Illegal number: {mode}" if octal else f"Illegal mode: {mode}"

    #: jobs.c ``getjob``'s ``No such job: %s``
    no_such_job = "No such job: {}"

    def kill_pid(self, sh: "Shell", p: str) -> int | None:
        """``killcmd``'s ``number``: ``Illegal number: X`` ends the command with 2."""
        from .dashbltin import DashError, kill_pid
        try:
            return kill_pid(p)
        except DashError as e:
            self._error(sh, str(e), "kill")
            return None

    def kill_error(self, sh: "Shell", pid: int, text: str) -> None:
        """``killcmd``: ``sh_warnx("%s\n", strerror(errno))``: the words and a blank line."""
        from .ash import msg
        msg(sh, text + "\n", "kill")

    def _error(self, sh: "Shell", text: str, name: str) -> int:
        """``sh_error`` in a regular builtin: the message, status 2."""
        from .ash import msg
        msg(sh, text, name)
        return 2

    def set_o_listing(self, sh: "Shell", reusable: bool) -> str:
        """options.c ``minus_o``."""
        return dash.set_o_listing(sh, reusable)

    def start_vars(self, sh: "Shell", env: dict) -> dict:
        """var.c ``varinit``."""
        return dash.start_vars(sh, env)


#: bash's dialect, shared by every bash
BASH = Dialect()
