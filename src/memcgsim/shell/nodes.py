"""The command tree and how each node runs.

``run(sh)`` is a generator that yields blocking requests up to the scheduler
and returns the exit status. Callers that sequence commands store it in
``sh.status``. ``errexit`` (``set -e``) is checked where bash checks it: after a
simple command, a pipeline, a subshell, ``(( ))`` and ``[[ ]]``, unless
``sh.noerrexit`` says the command runs in a condition.
"""
from __future__ import annotations

import bisect
import re
from operator import itemgetter
from typing import TYPE_CHECKING

from .expand import (ExpansionError, Param, Word, array_index, expand_fields, expand_g, expand_str, pattern_match,
                     run_sync)
from .builtins import BUILTINS, RO_ATTR
from . import verbose, xtrace
from .quote import single_quote
from .flow import ArithFailed, Break, Continue, ExitShell, ReadonlyError, ShellError
from . import bashmem
from .bashmem import busybox_sizes, command_sizes
from . import wordcache
from . import execframes
from .execframes import run_framed
from .malloc import word_list_bytes
from .stack import ANDOR_LEVEL, CASE_FRAME, FOR_FRAME, GROUP_FRAME, IF_FRAME, WHILE_FRAME, list_depths
from ..kernel.signum import SIGPIPE
from .pipes import BrokenPipe
from .jobs import COMMAND_COST_NS, charge_cpu
from .commands.userland import ASH_APPLET_BUILTINS, map_applet_code
from . import ashjobs
from .jobtable import CLEANUP, cleanup_dead_jobs
from .legalnum import number_or_zero

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell


class Node:
    #: ``jtext``: the node's job text once made (``printcmd.job_text``);
    #: ``psizes``: its parse tree's requests once counted (``parsetree.tree_sizes``)
    __slots__ = ("line", "jtext", "psizes")

    def run(self, sh: "Shell"):  # pragma: no cover - abstract
        raise NotImplementedError
        yield


class Redir:
    """One redirection; ``target`` is a Word, an fd number (dup), "-" (close) or None (heredoc)."""

    __slots__ = ("fd", "op", "target", "line", "body", "body_word")

    def __init__(self, fd: int, op: str, target, line: int, body: str | None = None,
                 body_word: Word | None = None):
        self.fd = fd
        self.op = op
        self.target = target
        self.line = line
        self.body = body
        self.body_word = body_word


class UnitSyntaxError(Exception):
    """bash's parser failing on a complete command as it comes to it (the state
    it reads with is the one the commands before left): ``msg`` at ``line``, the
    input line ``text``, before any of that command runs."""

    def __init__(self, msg: str, line: int, text: str) -> None:
        super().__init__(msg)
        self.msg = msg
        self.line = line
        self.text = text


class Seq(Node):
    #: ``ends``: a program's, each top-level command's last line, then the line of
    #: its end (None elsewhere); ``marks``: a program's places whose reading
    #: depends on the parser's state then (parser.parse_program), or None
    #: ``source``: a program's text as ``set -v`` echoes it (shell/verbose.py), None
    #: where its reader echoes nothing
    __slots__ = ("items", "ends", "marks", "source")

    def __init__(self, items: list, line: int, ends: list[int] | None = None):
        self.items = items
        self.line = line
        self.ends = ends
        self.marks = None
        self.source = None

    def check_unit(self, sh, i: int) -> None:
        """Before a program's ``i``-th complete command, read as bash reads it
        then: a word with an extglob group (``"extglob"`` mark) while ``extglob``
        is unset, where ``(`` is a syntax error (parse.y ``read_token_word``); a
        ``[[`` (``"cond"`` mark: its first token's name) while the parser is
        left in a failed ``[[ ]]``'s state (:attr:`Shell.cond_stuck`): the first
        such place is :class:`UnitSyntaxError`."""
        extglob_off = "extglob" not in sh.shopts
        if not (extglob_off or sh.cond_stuck):
            return
        marks = self.marks
        hi = self.ends[i]
        # the marks are sorted by line: those of this command's lines only
        at = bisect.bisect_right(marks, self.ends[i - 1] if i else -1, key=itemgetter(0))
        while at < len(marks) and marks[at][0] <= hi:
            line, kind, name, text = marks[at]
            if kind == "extglob" and extglob_off or kind == "cond" and sh.cond_stuck:
                raise UnitSyntaxError(f"syntax error near unexpected token `{name}'", line, text)
            at += 1

    def run(self, sh):
        st = sh.status
        base = sh.sdepth
        items = self.items
        # execute_connection's levels: the earlier commands run deeper (shell/stack.py),
        # each level's first part through execute_command (shell/execframes.py)
        last = len(items) - 1
        frames = execframes.enter(sh, last)
        try:
            for i, ((node, bg), d) in enumerate(zip(items, list_depths(len(items)))):
                sh.sdepth = base + d
                if self.marks is not None:
                    self.check_unit(sh, i)
                if self.source is not None and sh.verbose:
                    verbose.echo(sh, self, i)
                if bg:
                    st = sh.background(node)
                else:
                    st = yield from node.run(sh)
                sh.status = st
                if i < last:
                    execframes.leave(sh, frames)
        finally:
            execframes.leave_all(sh, frames)
        sh.sdepth = base
        if self.source is not None and sh.verbose:
            verbose.echo(sh, self, len(items))
        return st


class HeredocEof(Node):
    """A program's last command when a here-document in it ran to the end of the
    input: bash warns as it reads it, before it runs (make_cmd.c
    ``make_here_document``: ``here-document at line %d delimited by end-of-file
    (wanted `%s')``, at the input's last line)."""
    __slots__ = ("node", "at_end", "op_line", "delim")

    def __init__(self, node: Node, at_end: int, op_line: int, delim: str):
        self.node = node
        self.at_end = at_end
        self.op_line = op_line
        self.delim = delim
        self.line = node.line

    def run(self, sh):
        lineno, sh.lineno = sh.lineno, self.at_end
        sh.err(f"warning: here-document at line {self.op_line} delimited by end-of-file "
               f"(wanted `{self.delim}')")
        sh.lineno = lineno
        return (yield from self.node.run(sh))


class AndOr(Node):
    __slots__ = ("first", "rest")

    def __init__(self, first: Node, rest: list):
        self.first = first
        self.rest = rest
        self.line = first.line

    def run(self, sh):
        saved = sh.noerrexit
        sh.noerrexit = saved + 1
        base = sh.sdepth
        # ((a && b) || c): the earlier commands a level deeper each (shell/stack.py)
        last = len(self.rest) - 1
        sh.sdepth = base + (last + 1) * ANDOR_LEVEL
        # ((a && b) || c): each level's first part through execute_command
        frames = execframes.enter(sh, last + 1)
        try:
            st = yield from self.first.run(sh)
            execframes.leave(sh, frames)
            sh.noerrexit = saved
            sh.status = st
            for i, (op, node) in enumerate(self.rest):
                if (op == "&&") == (st == 0):
                    if i < last:
                        sh.noerrexit = saved + 1
                    sh.sdepth = base + (last + 1 - i) * ANDOR_LEVEL
                    st = yield from node.run(sh)
                    sh.noerrexit = saved
                    sh.status = st
                if i < last:
                    execframes.leave(sh, frames)
        finally:
            execframes.leave_all(sh, frames)
        sh.sdepth = base
        return st


class Pipeline(Node):
    __slots__ = ("cmds", "negate")

    def __init__(self, cmds: list, negate: bool, line: int):
        self.cmds = cmds
        self.negate = negate
        self.line = line

    def run(self, sh):
        if len(self.cmds) == 1:
            if not self.negate:
                return (yield from self.cmds[0].run(sh))
            saved = sh.noerrexit
            sh.noerrexit = saved + 1
            st = yield from self.cmds[0].run(sh)
            sh.noerrexit = saved
            return 0 if st else 1
        # bash's line_number: the pipeline's line (a report of its death names it)
        sh.lineno = self.line
        st = yield from sh.pipeline(self.cmds)
        # BASH_COMMAND: the last stage's, set as the shell forked it
        sh.cur_cmd = getattr(self.cmds[-1], "text", sh.cur_cmd)
        if self.negate:
            return 0 if st else 1
        if st and sh.check_errexit(st):
            yield from sh.err_trap(st)
        return st


class Simple(Node):
    __slots__ = ("assigns", "words", "redirs", "text", "blocking", "msizes", "asizes")

    def __init__(self, assigns: list, words: list, redirs: list, line: int, text: str):
        self.assigns = assigns
        self.words = words
        self.redirs = redirs
        self.line = line
        self.text = text
        #: what bash allocates for the command's words while it runs (bashmem.py)
        self.msizes = command_sizes(assigns, words, redirs)
        #: busybox sh's (bashmem.busybox_sizes), made at its first run there
        self.asizes = None
        self.blocking = any(w.blocking for w in words) or any(w.blocking for _, w, _ in assigns) or any(
            isinstance(r.target, Word) and r.target.blocking for r in redirs) or any(
            r.body_word is not None and r.body_word.blocking for r in redirs)

    def run(self, sh):
        # the command's structures held while it runs (bashmem.command_sizes)
        heap = sh.heap
        outer = sh.words_held
        if sh.noexec is None:
            held = wordcache.take(sh, self.msizes)
            # execute_simple_command disposes of them as execute_disk_command
            # returns in the parent, after its fork (Shell.run_external)
            box = sh.words_held = [held]
        else:
            if self.asizes is None:
                self.asizes = busybox_sizes(self.assigns, self.words, self.redirs)
            held = heap.malloc_many(self.asizes)
        try:
            if getattr(sh.task, "sigpending", 0) or sh.chld_seen is not None:
                yield from sh.run_pending_traps()
            sh.lineno = self.line
            sh.cur_cmd = self.text
            sh.subst_status = None
            if charge_cpu(COMMAND_COST_NS):     # preempted: a signal may have ended it
                sh.check_alive()
            if self.blocking:
                # a <(...) in the words stays open until the command ends
                mark = len(sh.procsubs)
                try:
                    argv = []
                    for w in self.words:
                        argv.extend((yield from expand_g(sh, w)))
                    return (yield from self._command(sh, argv))
                finally:
                    if len(sh.procsubs) > mark:
                        sh.close_procsubs(mark)
            else:
                words = self.words
                if len(words) == 1:
                    argv = expand_fields(sh, words[0])
                else:
                    argv = []
                    for w in words:
                        c = w.const
                        if c is not None:
                            argv.extend(c)
                        else:
                            argv.extend(expand_fields(sh, w))
            return (yield from self._command(sh, argv))
        finally:
            if sh.noexec is None:
                sh.words_held = outer
                if box[0] is not None:
                    wordcache.give(sh, held)
            else:
                heap.free_many(held)

    def _command(self, sh, argv: list[str]):
        if not argv:
            st = yield from sh.assign_only(self)
            sh.bind_lastarg("")
        else:
            bi = sh.builtins.get(argv[0])
            if sh.stage_bump:
                sh.stage_command(bi is not None or argv[0] in sh.funcs)
            if (bi is not None and not bi[1] and not self.assigns and not self.redirs and not sh.xtrace
                    and argv[0] not in sh.funcs):
                # fast path: a plain builtin needs no generator plumbing
                if sh.noexec is not None and argv[0] in ASH_APPLET_BUILTINS:
                    # busybox sh's builtin runs its applet's main: its code's windows
                    map_applet_code(sh.sys, sh.task, ASH_APPLET_BUILTINS[argv[0]])
                try:
                    st = None
                    if len(argv) > 1 and argv[1][:1] in ("-", "+") and sh.dialect.builtin_getopt:
                        from .bashgetopt import usage_error
                        st = usage_error(sh, argv)
                    if st is None:
                        st = bi[0](sh, argv)
                except OSError as e:
                    st = sh.write_error(argv[0], e)
                except ReadonlyError:
                    st = 1
                except BrokenPipe:
                    sh.sys.kill(sh.task.pid, SIGPIPE, sh.task)      # raises TaskKilled
                    raise
            else:
                sh.lastarg_early = False
                st = yield from sh.command(argv, self)
            # execute_simple_command's bind_lastarg: $_ is the last word (after
            # the command ran), "" after an assignment-only command
            if sh.lastarg_early:
                sh.lastarg_early = False    # bound after the fork (Shell.run_external)
            else:
                sh.bind_lastarg(argv[-1])
            if sh.ashtab is not None:
                # busybox sh: evalcommand's waitforjob(NULL), a dowait without
                # blocking after every command: the children ended by now reaped
                ashjobs.dowait(sh)
        sh.pipestatus = [st]
        if st and sh.check_errexit(st):
            sh.lineno = self.line       # line_number_for_err_trap: this command's
            yield from sh.err_trap(st)
        return st


class Timed(Node):
    """``time [-p] PIPELINE``: the pipeline, then how long it took on the simulated
    clock, on stderr in bash's default format (or ``-p``'s, or ``TIMEFORMAT``'s);
    user and sys read 0, the model keeping no CPU time."""
    __slots__ = ("body", "posix")

    def __init__(self, body: Node, posix: bool, line: int):
        self.body = body
        self.posix = posix
        self.line = line

    def run(self, sh):
        body = self.body
        if type(body) is Subshell:
            # execute_command_internal forks a ( LIST ) before it looks at
            # CMD_TIME_PIPELINE: the child times its list, its redirections
            # applied (``time (sleep 1) 2>/dev/null`` prints nothing)
            body = Subshell(Timed(body.body, self.posix, self.line), body.redirs, body.line)
            return (yield from body.run(sh))
        t0 = sh.sys.now
        try:
            st = yield from body.run(sh)
        except (ExitShell, ShellError, ExpansionError) as e:
            # time_command's setjmp on top_level: a jump there (exit, an error that
            # abandons the command) is timed too, after the error's message; a
            # function's return is not one
            if type(e) is ExpansionError:
                sh.expansion_error(e)
            self._report(sh, t0)
            raise
        self._report(sh, t0)
        return st

    def _report(self, sh, t0: float) -> None:
        real = sh.sys.now - t0
        fmt = ("real %2R\nuser %2U\nsys %2S" if self.posix else sh.get("TIMEFORMAT")
               if sh.get("TIMEFORMAT") is not None else "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS")
        sh.stderr.write(_timeformat(fmt, real) + "\n")


def _timeformat(fmt: str, real: float) -> str:
    """bash's TIMEFORMAT: ``%[p][l]R``/``U``/``S`` (p: 0 to 3 decimals, l: MmS.FFs),
    ``%P`` and ``%%``."""
    def sub(m) -> str:
        if m.group(0) == "%%":
            return "%"
        prec = 3 if m.group(1) is None else min(3, int(m.group(1)))
        v = real if m.group(3) == "R" else 0.0
        if m.group(3) == "P":
            return f"{0.0:.{prec}f}"
        if m.group(2):
            mins, secs = divmod(v, 60)
            return f"{int(mins)}m{secs:.{prec}f}s"
        return f"{v:.{prec}f}"
    return re.sub(r"%%|%(\d)?(l)?([RUSP])", sub, fmt)


class Subshell(Node):
    __slots__ = ("body", "redirs")

    def __init__(self, body: Node, redirs: list, line: int):
        self.body = body
        self.redirs = redirs
        self.line = line

    def run(self, sh):
        sh.lineno = self.line
        text = job_text(self)
        if not self.redirs:
            st = yield from sh.subshell(self.body, text=text, paren=True)
        else:
            # the redirections are the child's: bash reports its death by a signal
            # on its own stderr, once they are undone
            m: dict = {}
            st = yield from sh.with_redirs(self.redirs, lambda s: s.subshell(
                self.body, text=text, member=m, paren=True))
            if "task" in m:
                sh._foreground_ended(m["task"], m.get("sig") is not None, text)
        # a ( LIST ) is a pipeline of its own: PIPESTATUS is its status (bash 5.2),
        # whatever pipelines ran inside the child
        sh.pipestatus = [st]
        if st and sh.check_errexit(st):
            yield from sh.err_trap(st)
        return st


class Group(Node):
    __slots__ = ("body", "redirs")

    def __init__(self, body: Node, redirs: list, line: int):
        self.body = body
        self.redirs = redirs
        self.line = line

    def run(self, sh):
        base = sh.sdepth
        sh.sdepth = base + GROUP_FRAME
        try:
            if not self.redirs:
                return (yield from self.body.run(sh))
            return (yield from sh.with_redirs(self.redirs, self.body.run))
        finally:
            sh.sdepth = base


def _cond(sh, node):
    saved = sh.noerrexit
    sh.noerrexit = saved + 1
    st = yield from run_framed(sh, node)
    sh.noerrexit = saved
    sh.status = st
    return st


class Compound(Node):
    """A compound command: its body (``_run``) under its own redirections, its
    frames ``frame`` bytes deep (shell/stack.py)."""
    frame = 0

    def run(self, sh):
        base = sh.sdepth
        sh.sdepth = base + self.frame
        try:
            if self.redirs:
                return (yield from sh.with_redirs(self.redirs, self._run))
            return (yield from self._run(sh))
        finally:
            sh.sdepth = base


class ConditionCmd(Compound):
    """``(( ))`` and ``[[ ]]``: a compound that sets the line and honours ``set -e``."""

    def run(self, sh):
        sh.lineno = self.line
        sh.cur_cmd = self.text      # BASH_COMMAND
        st = yield from Compound.run(self, sh)
        if st and sh.check_errexit(st):
            yield from sh.err_trap(st)
        return st


class If(Compound):
    __slots__ = ("clauses", "else_", "redirs")
    frame = IF_FRAME

    def __init__(self, clauses: list, else_: Node | None, redirs: list, line: int):
        self.clauses = clauses
        self.else_ = else_
        self.redirs = redirs
        self.line = line

    def _run(self, sh):
        for cond, body in self.clauses:
            if (yield from _cond(sh, cond)) == 0:
                return (yield from run_framed(sh, body))
        if self.else_ is not None:
            return (yield from run_framed(sh, self.else_))
        return 0


def _pass(sh, body, st, reap: bool):
    """One pass of a loop's body and what bash does after it (execute_cmd.c, bash 5.2:
    ``execute_for_command``, ``execute_select_command``, ``execute_while_or_until``,
    ``execute_arith_for_command``): ``REAP()`` if ``reap`` (``for`` and ``select`` reap
    after the body, ``while`` and ``for ((`` after the test), then ``breaking`` and
    ``continuing``. Returns None for ``break`` (the loop's status is then the
    ``Break``'s, set as ``$?``: 0, or a stopped command's), else the
    loop's status, set as ``$?``: the body's, or ``st`` (the last pass's) after
    ``continue``. ``break N`` and ``continue N`` propagate to the enclosing loop."""
    try:
        st = yield from run_framed(sh, body)
    except Break as b:
        if b.n > 1:
            b.n -= 1
            raise
        if reap and sh.pending_notify:
            _reap(sh)
        sh.status = b.status
        return None
    except Continue as c:
        if c.n > 1:
            c.n -= 1
            raise
    if reap and sh.pending_notify:
        _reap(sh)
    sh.status = st
    return st


def _reap(sh) -> None:
    """bash's ``REAP()`` in a loop (after a ``while`` test, an arithmetic ``for``'s
    test, a ``for`` body): the dead jobs it notified of leave the job table
    (``reap_dead_jobs``; its marking of the oldest dead jobs past ``CHILD_MAX``
    dead processes is not modelled)."""
    if sh.pending_notify & CLEANUP:
        cleanup_dead_jobs(sh)


class Loop(Compound):
    __slots__ = ("cond", "body", "until", "redirs")
    frame = WHILE_FRAME

    def __init__(self, cond: Node, body: Node, until: bool, redirs: list, line: int):
        self.cond = cond
        self.body = body
        self.until = until
        self.redirs = redirs
        self.line = line

    def _run(self, sh):
        st = 0
        sh.loop_depth += 1
        try:
            while True:
                c = yield from _cond(sh, self.cond)
                if sh.pending_notify:
                    _reap(sh)
                if (c == 0) == self.until:
                    break
                st = yield from _pass(sh, self.body, st, False)
                if st is None:
                    st = sh.status
                    break
        finally:
            sh.loop_depth -= 1
        return st


class For(Compound):
    __slots__ = ("var", "words", "body", "redirs")
    frame = FOR_FRAME

    def __init__(self, var: str, words: list | None, body: Node, redirs: list, line: int):
        self.var = var
        self.words = words
        self.body = body
        self.redirs = redirs
        self.line = line

    def head(self, kw: str = "for") -> str:
        """``for NAME in WORDS`` as ``set -x`` writes it: the words as written
        (``"$@"`` without ``in``)."""
        words = '"$@"' if self.words is None else " ".join(w.raw for w in self.words)
        return f"{kw} {self.var} in {words}"

    def _run(self, sh):
        sh.lineno = self.line
        items = yield from _loop_words(sh, self.words)
        st = 0
        var = self.var
        sh.loop_depth += 1
        # the expanded word list stays allocated while the loop runs (shell/malloc.py)
        words = sh.heap.malloc(word_list_bytes(items)) if items else None
        try:
            for v in items:
                sh.ctx_line = self.line     # execute_for_command: line_number, each iteration
                if sh.xtrace:   # execute_for_command: each iteration
                    xtrace.head(sh, self.head())
                try:
                    sh.setvar(var, v)
                except ReadonlyError:
                    return 1
                st = yield from _pass(sh, self.body, st, True)
                if st is None:
                    st = sh.status
                    break
        finally:
            sh.loop_depth -= 1
            sh.heap.free(words)
        return st


class Coproc(Node):
    """``coproc [NAME] COMMAND``: COMMAND in an asynchronous child whose stdin
    and stdout are pipes to this shell (``Shell.coproc_start``)."""
    __slots__ = ("name", "body")

    def __init__(self, name: str, body: Node, line: int):
        self.name = name
        self.body = body
        self.line = line

    def run(self, sh):
        sh.lineno = self.line
        return sh.coproc_start(self)
        yield   # a generator, as commands are


def _loop_words(sh, words: list | None):
    """The words a ``for`` or ``select`` goes over: ``"$@"`` without ``in``."""
    if words is None:
        return list(sh.positional())
    items: list[str] = []
    for w in words:
        if w.blocking:
            items.extend((yield from expand_g(sh, w)))
        else:
            items.extend(expand_fields(sh, w))
    return items


class Select(For):
    """``select NAME [in WORDS]; do LIST; done`` (execute_cmd.c
    ``execute_select_command``, bash 5.2): the menu and ``PS3`` on stderr, a
    line read from stdin as ``read`` reads it into ``REPLY``; an empty line shows
    the menu again, a number of the menu sets NAME to its word, anything else to
    ""; LIST runs after each answer (the menu is not shown again:
    ``KSH_COMPATIBLE_SELECT``) until ``break``; end of input prints a newline on
    stdout and ends the loop, status 1."""
    __slots__ = ()

    def _run(self, sh):
        sh.lineno = self.line
        if sh.xtrace:   # execute_select_command: once, before the words' expansion
            xtrace.head(sh, self.head("select"))
        items = yield from _loop_words(sh, self.words)
        if not items:
            return 0
        st = 0
        sh.loop_depth += 1
        words = sh.heap.malloc(word_list_bytes(items))
        show_menu = True
        try:
            while True:
                sh.lineno = self.line
                ps3 = sh.get("PS3")
                selection = yield from _select_query(sh, items, "#? " if ps3 is None else ps3, show_menu)
                if selection is None:
                    st = 1
                    break
                try:
                    sh.setvar(self.var, selection)
                except ReadonlyError:
                    return 1
                st = yield from _pass(sh, self.body, st, True)
                if st is None:
                    st = sh.status
                    break
                show_menu = sh.get("REPLY") == ""
        finally:
            sh.loop_depth -= 1
            sh.heap.free(words)
        return st


def _select_query(sh, items: list[str], prompt: str, show_menu: bool):
    """``select_query``: the word chosen, "" for an answer that is not one of the
    menu's numbers, None at end of input (``read`` failed)."""
    fn, is_gen = BUILTINS["read"]
    while True:
        if show_menu:
            sh.stderr.write(select_menu(items, _columns(sh)))
        sh.stderr.write(prompt)
        st = (yield from fn(sh, ["read"])) if is_gen else fn(sh, ["read"])
        if st != 0:
            sh.stdout.write("\n")
            return None
        reply = sh.get("REPLY")
        if reply is None:
            return None
        if reply == "":
            show_menu = True
            continue
        n = number_or_zero(reply)
        return items[n - 1] if 1 <= n <= len(items) else ""


def _columns(sh) -> int:
    """``default_columns``: ``COLUMNS`` when a positive number, else 80 (a
    script's shell has no terminal to ask)."""
    v = sh.get("COLUMNS") or ""
    m = re.match(r"\s*[-+]?\d+", v)
    c = int(m.group(0)) if m else 0
    return c if c > 0 else 80


def _number_len(n: int) -> int:
    return 1 if n < 10 else 2 if n < 100 else 3 if n < 1000 else 4 if n < 10000 else 5 if n < 100000 else 6


def select_menu(items: list[str], cols_avail: int) -> str:
    """``print_select_list``: the menu in columns filled downwards, each entry
    ``N) WORD``, padded with tabs and blanks (tab stops of 8) to the widest."""
    n = len(items)
    indices_len = _number_len(n)
    max_elem_len = max(len(w) for w in items) + indices_len + 2 + 2
    cols = cols_avail // max_elem_len or 1
    rows = n // cols + (n % cols != 0)
    cols = n // rows + (n % rows != 0)
    if rows == 1:
        rows, cols = cols, 1
    first_len = _number_len(rows)
    out = []
    for row in range(rows):
        ind, pos = row, 0
        while True:
            width = first_len if pos == 0 else indices_len
            word = items[ind]
            out.append(f"{ind + 1:{width}d}) {word}")
            elem_len = len(word) + width + 2
            ind += rows
            if ind >= n:
                break
            frm, to = pos + elem_len, pos + max_elem_len
            while frm < to:         # indent()
                if to // 8 > frm // 8:
                    out.append("\t")
                    frm += 8 - frm % 8
                else:
                    out.append(" ")
                    frm += 1
            pos += max_elem_len
        out.append("\n")
    return "".join(out)


def _arith(sh, w: Word | None, strip: bool = False) -> int:
    """Expand and evaluate an arithmetic command's (or, ``strip``, an arithmetic
    for's: its words trimmed) expression; an empty one is 1 (parse.y
    ``make_arith_for_expr``)."""
    if w is None:
        if sh.xtrace:
            xtrace.arith(sh, "1")
        return 1
    if w.blocking:
        e = yield from expand_g(sh, w, "str")
    else:
        e = expand_str(sh, w)
    if sh.xtrace:
        xtrace.arith(sh, e.strip() if strip else e)
    return sh.arith(e, "((: ", True)


def _arith_sync(sh, w: Word | None) -> int:
    """An arithmetic for's expression that runs no command."""
    if w is None or sh.xtrace:
        return run_sync(_arith(sh, w, True))
    return sh.arith(expand_str(sh, w), "((: ", True)


class ArithFor(Compound):
    __slots__ = ("init", "cond", "step", "body", "redirs")
    frame = FOR_FRAME

    def __init__(self, init, cond, step, body: Node, redirs: list, line: int):
        self.init = init
        self.cond = cond
        self.step = step
        self.body = body
        self.redirs = redirs
        self.line = line

    def _run(self, sh):
        """execute_arith_for_command: an expression's error fails the loop (status
        1), the line goes on."""
        try:
            return (yield from self._loop(sh))
        except ArithFailed:
            return 1

    def _loop(self, sh):
        sh.lineno = self.line
        if self.init is not None or sh.xtrace:
            yield from _arith(sh, self.init, True)
        st = 0
        sh.loop_depth += 1
        cond = self.cond
        sync = cond is None or not cond.blocking
        try:
            while True:
                sh.lineno = self.line
                go = _arith_sync(sh, cond) if sync else (yield from _arith(sh, cond, True))
                if sh.pending_notify:
                    _reap(sh)
                if not go:
                    break
                st = yield from _pass(sh, self.body, st, False)
                if st is None:
                    st = sh.status
                    break
                step = self.step
                if step is not None or sh.xtrace:
                    sh.lineno = self.line
                    if step is not None and step.blocking:
                        yield from _arith(sh, step, True)
                    else:
                        _arith_sync(sh, step)
        finally:
            sh.loop_depth -= 1
        return st


class Case(Compound):
    __slots__ = ("word", "items", "redirs")
    frame = CASE_FRAME

    def __init__(self, word: Word, items: list, redirs: list, line: int):
        self.word = word
        self.items = items
        self.redirs = redirs
        self.line = line

    def _run(self, sh):
        # execute_case_command: line_number, kept after (recorded:
        # novel-bash-notify-lines-fg)
        sh.lineno = sh.ctx_line = self.line
        if sh.xtrace:
            xtrace.head(sh, f"case {self.word.raw} in")
        if self.word.blocking:
            subject = yield from expand_g(sh, self.word, "str")
        else:
            subject = expand_str(sh, self.word)
        st = 0
        matched = False
        for pats, body, term in self.items:
            if not matched:
                for p in pats:
                    segs = (yield from expand_g(sh, p, "pattern")) if p.blocking else run_sync(
                        expand_g(sh, p, "pattern"))
                    if pattern_match(segs, subject, "extglob" in sh.shopts, "nocasematch" in sh.shopts):
                        matched = True
                        break
                if not matched:
                    continue
            st = yield from body.run(sh)
            if term == ";&":
                continue
            if term == ";;&":
                matched = False
                continue
            break
        return st


class ArrayAssign(Node):
    """``NAME=(WORD...)`` / ``NAME+=(...)``: an indexed array of the words' fields;
    ``[SUB]=VALUE`` words set one element (a key of an associative array)."""
    __slots__ = ("name", "append", "words", "blocking")

    def __init__(self, name: str, append: bool, words: list, line: int):
        self.name = name
        self.append = append
        self.words = words
        self.line = line
        #: a word runs a command (``$(...)``): expanded as a generator
        self.blocking = any(w.blocking or sub is not None and sub.blocking for sub, w in words)

    @property
    def raw(self) -> str:
        """The assignment as written (``print_cmd``, ``set -x``)."""
        vals = " ".join(v.raw if s is None else f"[{s.raw}]={v.raw}" for s, v in self.words)
        return f"{self.name}{'+' if self.append else ''}=({vals})"

    def run(self, sh):
        sh.lineno = self.line
        sh.subst_status = None
        yield from self.assign(sh)
        return sh.subst_status or 0

    def assign(self, sh):
        """Expand the words and assign the array (``assign_compound_array_list``):
        the expanded words' strings are held until every element is bound
        (shell/bashmem.py ``ArrayWord``, ``bind_array_element``)."""
        held: list = []
        try:
            vals = yield from self.expand(sh, held)
            yield from self.store(sh, vals)
        finally:
            for g in held:
                sh.heap.free(g)

    def expand(self, sh, held: list | None = None) -> list:
        """The words' values: (subscript word or None, value or fields); with
        ``held``, a plain word's buffers are bash's (``bashmem.ArrayWord``), its
        string appended to ``held``."""
        vals: list = []
        for sub, w in self.words:
            if held is None or sub is not None or not bashmem.array_word_plain(w):
                vals.append((sub, (yield from expand_g(sh, w, "fields" if sub is None else "str"))))
                continue
            lens = [len(sh.get(p.name) or "") for p in w.parts if type(p) is Param]
            aw = bashmem.ArrayWord(sh.heap, w)
            sh.comsub_bufs = []
            try:
                v = yield from expand_g(sh, w, "fields")
            finally:
                bufs, sh.comsub_bufs = sh.comsub_bufs, None
            held.append(aw.end(lens, bufs))
            vals.append((sub, v))
        return vals

    def store(self, sh, vals: list):
        """Assign the expanded values (the subscripts evaluated now)."""
        items: list = []
        arr = sh.get_array(self.name, {})
        for sub, v in vals:
            if sub is None:
                items.extend(v)
            else:
                items.append(((yield from array_index(sh, self.name, sub, arr)), v))
        # each element bound as bind_array_var_internal binds (shell/arraymem.py)
        sh.bind_elems = True
        try:
            sh.assign_array(self.name, items, self.append)
        finally:
            sh.bind_elems = False

    def as_string(self, sh):
        """Its value as a command's prefix assignment (the temporary environment
        takes no array): the words expanded, quotes removed, in parentheses."""
        vals = []
        for sub, w in self.words:
            v = yield from expand_g(sh, w, "str")
            vals.append(v if sub is None else f"[{sub.raw}]={v}")
        return "(" + " ".join(vals) + ")"


class DeclArrays(Node):
    """``declare``/``local``/``readonly``/``export``/``typeset`` with ``NAME=(...)``
    arguments: the builtin declares each NAME with its attributes, the arrays
    are assigned, then ``-r`` is applied to those names, so ``declare -ar
    a=(1 2)`` and ``local -a x=(...)`` assign as bash's ``declare_internal``
    does (the compound value assigned before the readonly attribute)."""
    __slots__ = ("simple", "arrays")

    def __init__(self, simple: Simple, arrays: list, line: int):
        self.simple = simple
        self.arrays = arrays
        self.line = line

    def run(self, sh):
        # the compound values are expanded with the command's words, before the
        # builtin runs (``local -a x=("$x")`` reads the caller's x), and traced
        # so; the subscripts are evaluated as they are assigned
        vals = []
        for a in self.arrays:
            v = yield from a.expand(sh)
            vals.append(v)
            if sh.xtrace:
                xtrace.assignment(sh, a.name + ("+" if a.append else ""), " ".join(
                    " ".join(map(single_quote, x)) if sub is None else f"[{sub.raw}]={single_quote(x)}"
                    for sub, x in v), array=True)
        saved = sh.decl_ro
        sh.decl_ro = ro = dict.fromkeys(a.name for a in self.arrays)
        try:
            st = yield from self.simple.run(sh)
            for a, v in zip(self.arrays, vals):
                yield from a.store(sh, v)
        finally:
            sh.decl_ro = saved
        for name, scope in ro.items():
            if scope is not None:
                scope[RO_ATTR + name] = True
        return st


class ArithCmd(ConditionCmd):
    __slots__ = ("expr", "redirs", "text")

    def __init__(self, expr: Word, redirs: list, line: int):
        self.expr = expr
        self.redirs = redirs
        self.line = line
        self.text = f"(({expr.raw}))"

    def _run(self, sh):
        try:
            v = yield from _arith(sh, self.expr)
        except (ReadonlyError, ArithFailed):
            return 1            # execute_arith_command: evalexp failed, status 1
        return 0 if v else 1


class _CondError:
    """A ``[[ ]]`` term's status 2 (a regex regcomp refuses: sh_regmatch's 2),
    false to ``&&``/``||``/``!`` as execute_cond_node takes it: not success."""
    __slots__ = ()

    def __bool__(self) -> bool:
        return False


_COND_ERROR = _CondError()


class CondCmd(ConditionCmd):
    """``[[ EXPR ]]``; ``text`` as bash prints it (its tokens one space apart)."""
    __slots__ = ("expr", "redirs", "text")

    def __init__(self, expr, redirs: list, line: int, text: str = ""):
        self.expr = expr
        self.redirs = redirs
        self.line = line
        self.text = text

    def _run(self, sh):
        r = yield from self.ev(sh, self.expr)
        return 0 if r else 2 if r is _COND_ERROR else 1

    def ev(self, sh, e, inv: bool = False):
        """Evaluate ``e``; ``inv``: a ``!`` right before this term (``set -x``
        writes it with the term: ``xtrace_print_cond_term``)."""
        k = e[0]
        if k == "and":
            return (yield from self.ev(sh, e[1])) and (yield from self.ev(sh, e[2]))
        if k == "or":
            return (yield from self.ev(sh, e[1])) or (yield from self.ev(sh, e[2]))
        if k == "not":
            return not (yield from self.ev(sh, e[1], e[1][0] not in ("and", "or", "not", "group")))
        if k == "group":
            return (yield from self.ev(sh, e[1]))
        if k == "str":
            arg = yield from expand_g(sh, e[1], "str")
            if sh.xtrace:
                xtrace.cond(sh, inv, "-n", arg)
            return arg != ""
        if k == "unary":
            arg = yield from expand_g(sh, e[2], "str")
            if sh.xtrace:
                xtrace.cond(sh, inv, e[1], arg)
            return sh.test_unary(e[1], arg)
        if k == "regex":
            # an ERE; its quoted parts match literally. BASH_REMATCH: the match and
            # its groups, an empty array when nothing matched
            left = yield from expand_g(sh, e[1], "str")
            segs = yield from expand_g(sh, e[2], "pattern")
            if sh.xtrace:
                xtrace.cond(sh, inv, "=~", left, _glob_quoted(segs))
            from .commands.posixre import RegexError    # few scripts use =~
            from .condregex import bash_regex, posix_search
            try:
                m = posix_search(bash_regex(segs), left, "nocasematch" in sh.shopts)
            except RegexError:
                return _COND_ERROR
            sh.setvar("BASH_REMATCH", dict(enumerate([m.group(0)] + [g or "" for g in m.groups()]))
                      if m else {})
            return m is not None
        op = e[1]
        left = yield from expand_g(sh, e[2], "str")
        if op in ("==", "=", "!="):
            segs = yield from expand_g(sh, e[3], "pattern")
            if sh.xtrace:
                xtrace.cond(sh, inv, op, left, _glob_quoted(segs))
            # [[ ]] matches as if extglob were set (test.c patcomp: FNMATCH_IGNCASE)
            r = pattern_match(segs, left, True, "nocasematch" in sh.shopts)
            return r if op != "!=" else not r
        right = yield from expand_g(sh, e[3], "str")
        if sh.xtrace:
            xtrace.cond(sh, inv, op, left, right)
        if op == "<":
            return left < right
        if op == ">":
            return left > right
        return sh.test_binary(op, left, right, arith=True)


def _glob_quoted(segs: list) -> str:
    """A pattern's text as ``set -x`` writes it: its quoted parts' characters
    backslashed (``quote_string_for_globbing``)."""
    return "".join("".join("\\" + c for c in t) if q else t for t, q in segs)


class FuncDef(Node):
    __slots__ = ("name", "body")

    def __init__(self, name: str, body: Node, line: int):
        self.name = name
        self.body = body
        self.line = line

    def run(self, sh):
        sh.define_function(self.name, self.body)
        return 0
        yield  # pragma: no cover


from .printcmd import job_text  # noqa: E402  (printcmd reads this module's classes)
