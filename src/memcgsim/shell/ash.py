"""busybox 1.35's sh (shell/ash.c), the guests' /bin/sh, where a script sees it differ
from bash: the form of its messages, their words, and which errors end the shell.

- ``ash_vmsg``: ``ARG0: ``, then, when ``commandname`` is set, ``COMMANDNAME: `` (unless
  it is ARG0) and ``line N: ``. ``commandname`` is ARG0 for a script (``sh FILE``,
  ``sh -c STRING NAME``: ``procargs``), unset at a bare ``sh -c STRING``'s top level,
  and a builtin's name while it runs (``evalbltin``); a ``-c`` string's lines count
  from 0, a file's from 1.
- ``ash_msg_and_raise_error`` sets ``exitstatus = 2`` and raises EXERROR: outside a
  regular builtin (an expansion, an assignment, a special builtin) it ends the
  non-interactive shell (or subshell) with status 2; in a regular builtin only the
  command fails, status 2 (``evalcommand``: ``exception_type == EXERROR &&
  spclbltin <= 0``).
- ``errmsg``: ENOENT and ENOTDIR are the operation's own words ("nonexistent
  directory" for a create, "no such file" for an open, "not found" for an exec).
- The builtins that are applets (echo, printf, test, kill) report as busybox's
  ``bb_error_msg`` with the applet name (``sh``), without a line.

Checked against the host's busybox 1.35 (tests/shell/ash_cases)."""
from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING

from ..kernel.signum import SIGINT, SIGPIPE
from .flow import ExitShell
from .jobreport import signal_desc

if TYPE_CHECKING:
    from .interp import Shell

#: ``ash_msg_and_raise_error``'s exit status
ASH_ERROR_STATUS = 2

def _say(sh: "Shell", text: str) -> None:
    """``text`` on the shell's stderr, a refused write ignored (commands/_util.py
    ``err_write``, imported here when first used: it imports the shell)."""
    from .commands._util import err_write
    err_write(sh.stderr, text)


def msg(sh: "Shell", text: str, builtin: str | None = None) -> None:
    """``ash_msg``: ``text`` in ash_vmsg's form, ``builtin`` the commandname if one runs."""
    _say(sh, f"{sh.dialect.head(sh, builtin or sh.dialect.commandname)}{text}\n")


def fatal(sh: "Shell", text: str, builtin: str | None = None) -> ExitShell:
    """An error raised outside a regular builtin (or in a special one, ``builtin``):
    its message, and the exception that ends the (sub)shell with status 2 (to raise)."""
    msg(sh, text, builtin)
    return ExitShell(ASH_ERROR_STATUS)


def applet_msg(sh: "Shell", text: str, name: str = "") -> None:
    """``bb_error_msg`` of a builtin applet (``name``): ``sh: text`` (dash's own
    builtin's: its other messages' form, shell/dialect.py ``applet_head``)."""
    _say(sh, f"{sh.dialect.applet_head(sh, name)}{text}\n")


def errmsg(err: int, words: str, text: str | None = None) -> str:
    """ash.c ``errmsg``: ``words`` for ENOENT/ENOTDIR, else strerror (``text``, an
    error's own, if given)."""
    if err in (errno.ENOENT, errno.ENOTDIR):
        return words
    return text or os.strerror(err or errno.EIO)


def redirect_error(sh: "Shell", path: str, e: OSError, reading: bool) -> None:
    """``openredirect``: ``can't open FILE: ...`` for ``<``, ``can't create FILE: ...``
    for the others (the command fails with status 1)."""
    msg(sh, sh.dialect.open_failed(path, e, reading))


def not_found(sh: "Shell", name: str, e: int) -> int:
    """``shellexec``'s failure with errno ``e``: ``NAME: `` and ``errmsg(e, "not
    found")``; status 127 for ENOENT, ENOTDIR, ELOOP and ENAMETOOLONG, else 126
    (a directory, a file not executable: EACCES)."""
    msg(sh, f"{name}: {sh.dialect.errmsg(e, 'exec')}")
    return 127 if e in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.ENAMETOOLONG) else 126


def waited_death(sh: "Shell", sig: int | None) -> None:
    """A process of the job the shell waits for (``dowait``'s ``thisjob == job``)
    died of ``sig``: ``sprint_status48(status, sigonly=1)``, strsignal's words on
    stderr, nothing for SIGINT and SIGPIPE (a command substitution's shell too).
    A background job is reported only when ``wait PID`` reaps it."""
    if sig and sig not in (SIGINT, SIGPIPE):
        _say(sh, signal_desc(sig) + "\n")


def start_vars(sh: "Shell", env: dict) -> dict:
    """The variables busybox sh starts with (ash.c ``varinit``, ``init``): the
    environment's, IFS, the prompts, OPTIND, PPID, HOSTNAME when the environment
    has none (BASH_HOSTNAME_VAR), and LINENO/FUNCNAME, whose cells ``set`` lists empty."""
    return {"HOSTNAME": sh.sys.uname_nodename(), **env, "IFS": " \t\n", "PS1": "\\w \\$ ",
            "PS2": "> ", "PS4": "+ ", "OPTIND": "1", "PPID": str(sh.ppid()), "LINENO": "",
            "FUNCNAME": ""}


def single_quote(s: str) -> str:
    """ash.c ``single_quote``: ``'...'``, each run of ``'`` as ``"'"``."""
    out, i = [], 0
    while True:
        j = s.find("'", i)
        out.append("'" + s[i:j if j >= 0 else len(s)] + "'")
        if j < 0:
            return "".join(out)
        k = j
        while k < len(s) and s[k] == "'":
            k += 1
        out.append('"' + s[j:k] + '"')
        if k == len(s):
            return "".join(out)
        i = k


def showvars(sh: "Shell", prefix: str, names) -> str:
    """ash.c ``showvars``: each variable of ``names`` that is set, sorted,
    ``PREFIX NAME='VALUE'`` (``set``'s lines have no prefix); one exported or made
    readonly without a value as ``PREFIX NAME``."""
    lines = []
    for name in sorted(names):
        v = sh._var(name)
        if isinstance(v, dict):
            continue
        head = f"{prefix} " if prefix else ""
        if v is None:
            if prefix:
                lines.append(f"{head}{name}\n")
            continue
        lines.append(f"{head}{name}={single_quote(v)}\n")
    return "".join(lines)


#: ash.c ``tokname_array``'s tokens that ``tokname`` quotes (``"%s"``)
_TOKENS = frozenset((";", "&", "&&", "||", "|", "(", ")", ";;", "`", "!", "case", "do", "done",
                     "elif", "else", "esac", "fi", "for", "function", "if", "in", "then", "until",
                     "while", "{", "}"))

#: bash's words for an input that ends inside a construct -> ash's
_EOF_WORDS = {"`\"'": "unterminated quoted string", "`''": "unterminated quoted string",
              "`}'": "missing '}'", "`)'": "unexpected end of file", "`))'": "missing '))'",
              "``'": "EOF in backquote substitution"}


def syntax_words(bash_msg: str) -> str:
    """ash.c's words for a syntax error the model's parser words as bash
    (``raise_error_unexpected_syntax``: ``unexpected`` and ``tokname``: an
    operator or reserved word quoted, else ``newline``, ``redirection``,
    ``word``, ``end of file``); a message already ash's (shell/scan.py
    ``AshSyntaxError``) as it is."""
    if bash_msg.startswith("syntax error near unexpected token `"):
        tok = bash_msg[len("syntax error near unexpected token `"):-1]
        if tok == "newline":
            return "unexpected newline"
        if tok in _TOKENS:
            return f'unexpected "{tok}"'
        if tok and tok[0] in "<>" or tok[:1].isdigit() and tok.lstrip("0123456789")[:1] in ("<", ">"):
            return "unexpected redirection"
        return "unexpected word"
    if bash_msg.startswith("unexpected EOF while looking for matching "):
        return _EOF_WORDS.get(bash_msg.rsplit(" ", 1)[1], "unexpected end of file")
    if bash_msg.startswith("syntax error: unexpected end of file"):
        return "unexpected end of file"
    return bash_msg


def number(sh: "Shell", s: str, builtin: str, positive: bool = False) -> int:
    """ash.c ``number``: digits only (no sign; dash's also at most INT_MAX:
    mystring.c ``number``), else ``Illegal number: S``, an error that ends the shell (the builtins taking one are special: exit, return, break,
    continue; break's and continue's count is ``positive``)."""
    limit = sh.dialect.number_limit
    if not s.isdigit() or positive and int(s) == 0 or limit is not None and int(s) > limit:
        raise fatal(sh, f"Illegal number: {s}", builtin)
    return int(s)


def bad_option(sh: "Shell", c: str, builtin: str, special: bool) -> int:
    """``nextopt``'s ``illegal option -C``: a special builtin's ends the shell, a
    regular one's fails the command (2)."""
    if special:
        raise fatal(sh, sh.dialect.bad_option(c), builtin)
    msg(sh, sh.dialect.bad_option(c), builtin)
    return ASH_ERROR_STATUS


#: those the model keeps (the others are off in a script)
SET_O_MODELLED = frozenset(("errexit", "noglob", "xtrace", "noclobber", "nounset", "errtrace",
                             "pipefail", "allexport", "verbose", "notify"))


def set_o_listing(sh: "Shell", reusable: bool) -> str:
    """``set -o`` (``%-16s%s``: on/off) or ``set +o`` (``set -o NAME``/``set +o
    NAME``): ash.c ``minus_o``. monitor is off without a terminal."""
    lines = []
    for name in sh.dialect.set_o_order:
        on = name in SET_O_MODELLED and bool(getattr(sh, name))
        lines.append(f"set {'-' if on else '+'}o {name}\n" if reusable
                     else f"{name:<16}{'on' if on else 'off'}\n")
    return "".join(lines)


def dollar_dash(sh: "Shell") -> str:
    """``$-``: the options set, ash.c ``varvalue`` walking ``optlist`` from its end (u
    before x before e; ``c`` for a ``-c`` string (not dash's), ``s`` for a script read from
    standard input, no ``h`` or ``B``; ``m`` only with a terminal); measured on the host's busybox 1.35:
    ``-e -u -x -f -C -a -b -v`` reads ``ubaCvxfe``, ``-E`` (errtrace, busybox's last
    letter) first."""
    return (("E" if sh.errtrace and "E" in sh.dialect.set_letters_kept else "") + ("u" if sh.nounset else "")
            + ("b" if sh.notify else "") + ("a" if sh.allexport else "") + ("C" if sh.noclobber else "")
            + ("v" if sh.verbose else "") + ("x" if sh.xtrace else "") + ("c" if sh.cmd_string and sh.dialect.dollar_c else "")
            + ("f" if sh.noglob else "") + ("e" if sh.errexit else ""))


#: shell/math.c's words for the errors bash's expr.c names otherwise
_ARITH = {"division by 0": "divide by zero", "exponent less than 0": "exponent less than 0"}


def arith_error(bash_msg: str) -> str:
    """shell/math.c's message for an arithmetic error bash words as ``bash_msg``:
    "divide by zero", else "arithmetic syntax error"."""
    return _ARITH.get(bash_msg, "arithmetic syntax error")
