"""Which shell a :class:`~.interp.Shell` is: bash, busybox sh (the guests' /bin/sh) or
dash (Debian's /bin/sh, the gnu userland's), and what differs between them, held in
one object chosen where the shell is made (``interp.cmd_bash``).

The switches, each read where the shells part ways:

- ``ash_errors``: errors as the ash family words and raises them (busybox ash.c
  ``ash_msg_and_raise_error``, dash error.c ``exerror``): ``ARG0: ...`` messages
  (:meth:`Dialect.head`), an error outside a regular builtin ending the shell with
  status 2 (shell/ash.py); bash's otherwise (``NAME: line N: ...``).
- ``applets``: ``echo``, ``printf``, ``test``/``[`` and ``kill`` are busybox's applets
  (their own parsing, ``bb_error_msg`` messages: commands/bbprintf.py, bbtest.py).
- ``ash_grammar``: the parser's grammar is ash's (shell/scan.py ``Scan(ash=True)``:
  no arrays, ``((``, ``<<<``, ``|&``, brace expansion...).
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
- ``commandname``: ash's ``commandname`` at the top level (None for a bare ``sh -c
  STRING``); ``applet``: the name an applet's messages take.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .ash import BUILTINS as ASH_BUILTINS
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

    def __init__(self, commandname: str | None = None, applet: str = "bash") -> None:
        self.commandname = commandname
        self.applet = applet


class BusyboxSh(Dialect):
    """busybox 1.35's sh (shell/ash.c, Debian's configuration), the guests' /bin/sh:
    ``ARG0: [COMMANDNAME: line N: ]`` messages (``ash_vmsg``: ``commandname`` set,
    lines of a ``-c`` string from 0), its grammar, job table, variables and
    listings, and the applets echo/printf/test/kill as builtins."""
    __slots__ = ()
    name = "busybox"
    ash_errors = True
    applets = True
    ash_grammar = True
    ash_listings = True
    ash_eval = True
    ash_jobs = True
    ash_vars = True
    builtins = ASH_BUILTINS
    keywords = ASH_KEYWORDS

    def head(self, sh: "Shell", name: str | None) -> str:
        """An ash-family message's prefix (:func:`.ash.msg`), ``name`` the builtin
        running if any: busybox's ``ash_vmsg``."""
        head = f"{sh.arg0}: "
        if name is not None:
            if name != sh.arg0:
                head += f"{name}: "
            head += f"line {sh.lineno - 1 if sh.cmd_string else sh.lineno}: "
        return head


#: bash's dialect, shared by every bash
BASH = Dialect()
