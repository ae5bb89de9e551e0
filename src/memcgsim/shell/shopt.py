"""bash 5.2.15's ``shopt`` (builtins/shopt.def): its options, which of them the
model honours, and the builtin.

``Shell.shopts`` holds the options that are on (a non-interactive bash starts
with :data:`BASHOPTS_ON`; the ash family's shells have none). An option the
model does not act on may only keep its start-up value: setting it otherwise is
refused as unsupported, so a script never runs with a setting silently ignored."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .flow import RuntimeUnsupported

if TYPE_CHECKING:
    from .interp import Shell

#: shopt.def ``shopt_vars`` in its order (Debian 12's build: READLINE, HISTORY,
#: JOB_CONTROL, DEBUGGER, PROGRAMMABLE_COMPLETION and RESTRICTED_SHELL defined,
#: no SYSLOG_SHOPT): ``shopt``'s listing and ``BASHOPTS``' order
SHOPT_NAMES = (
    "autocd", "assoc_expand_once", "cdable_vars", "cdspell", "checkhash", "checkjobs",
    "checkwinsize", "cmdhist", "compat31", "compat32", "compat40", "compat41", "compat42",
    "compat43", "compat44", "complete_fullquote", "direxpand", "dirspell", "dotglob",
    "execfail", "expand_aliases", "extdebug", "extglob", "extquote", "failglob",
    "force_fignore", "globasciiranges", "globskipdots", "globstar", "gnu_errfmt",
    "histappend", "histreedit", "histverify", "hostcomplete", "huponexit",
    "inherit_errexit", "interactive_comments", "lastpipe", "lithist", "localvar_inherit",
    "localvar_unset", "login_shell", "mailwarn", "no_empty_cmd_completion", "nocaseglob",
    "nocasematch", "noexpand_translation", "nullglob", "patsub_replacement", "progcomp",
    "progcomp_alias", "promptvars", "restricted_shell", "shift_verbose", "sourcepath",
    "varredir_close", "xpg_echo")
#: on in a non-interactive bash 5.2.15 (``bash -c 'echo $BASHOPTS'``)
BASHOPTS_ON = frozenset(("checkwinsize", "cmdhist", "complete_fullquote", "extquote", "force_fignore",
                         "globasciiranges", "globskipdots", "hostcomplete", "interactive_comments",
                         "patsub_replacement", "progcomp", "promptvars", "sourcepath"))
#: options whose either value the model acts on: globbing (expand.py, interp.py
#: ``glob``), aliases (ashalias.py), ``lastpipe``, ``nocasematch`` (``case``,
#: ``[[ == != =~ ]]``, ``${v/pat/rep}``), ``xpg_echo`` (echo.def ``do_v9``),
#: ``shift_verbose`` (shift.def ``print_shift_error``), ``inherit_errexit``
#: (subst.c ``command_substitute``), ``sourcepath`` (source.def
#: ``source_uses_path``), ``patsub_replacement`` (subst.c ``pat_subst``'s ``&``)
HONOURED = frozenset(("dotglob", "expand_aliases", "extglob", "failglob", "globstar", "lastpipe",
                      "nullglob", "nocasematch", "xpg_echo", "shift_verbose", "inherit_errexit",
                      "sourcepath", "patsub_replacement"))
#: options that do nothing in a non-interactive shell reading a script: readline's
#: and history's, prompts, mail, job control's exit checks, ``cd``'s spelling fixes
#: and ``autocd`` (interactive only: shell.c, bashline.c), ``huponexit`` (an
#: interactive login shell's), ``interactive_comments`` (parse.y: comments are
#: always read when not interactive), ``checkwinsize`` (no terminal is the
#: model's), ``globasciiranges`` (the guests run in the C locale, whose ranges are
#: ASCII's either way)
NO_EFFECT = frozenset(("autocd", "cdspell", "checkjobs", "checkwinsize", "cmdhist", "complete_fullquote",
                       "direxpand", "dirspell", "force_fignore", "histappend", "histreedit",
                       "histverify", "hostcomplete", "huponexit", "interactive_comments", "lithist",
                       "mailwarn", "no_empty_cmd_completion", "progcomp", "progcomp_alias",
                       "promptvars", "globasciiranges"))
#: their set functions put the shell's own state back (``set_login_shell``,
#: ``set_restricted_shell``): setting them changes nothing, status 0
READONLY = frozenset(("login_shell", "restricted_shell"))


def _print(name: str, on: bool, p: bool) -> str:
    """shopt.def ``print_shopt`` (``OPTFMT`` ``%-15s\\t%s\\n``)."""
    return f"shopt {'-s' if on else '-u'} {name}\n" if p else f"{name:<15}\t{'on' if on else 'off'}\n"


def shopt(sh: "Shell", args: list[str], out: Callable[[str], None],
          o_value: Callable[[str], bool | None], o_set: Callable[[str, bool], bool],
          o_listing: Callable[[bool, bool | None], str]) -> int:
    """``shopt [-pqsu] [-o] [OPTNAME...]`` (shopt.def ``shopt_builtin``); the
    ``-o`` forms act on ``set -o``'s options through ``o_value`` (an option's
    value, None if unknown), ``o_set`` (False if unknown) and ``o_listing``
    (reusable, only those on/off or all)."""
    from .builtins import short_options
    flags = short_options(sh, args, "shopt", "psuoq")
    if flags is None:
        return 2
    s, u, q, p = "s" in flags, "u" in flags, "q" in flags, "p" in flags
    if s and u:
        sh.err("shopt: cannot set and unset shell options simultaneously")
        return 1
    if "o" in flags:
        return _o_options(sh, args, s, u, q, p, out, o_value, o_set, o_listing)
    if (s or u) and args:
        st = 0
        on = set(sh.shopts)
        for name in args:
            if name not in SHOPT_NAMES:
                sh.err(f"shopt: {name}: invalid shell option name")
                st = 1
                continue
            if name in READONLY or (name in on) == s:
                continue
            if name not in HONOURED and name not in NO_EFFECT:
                raise RuntimeUnsupported(f"shopt {'-s' if s else '-u'} {name}", sh.lineno)
            (on.add if s else on.discard)(name)
        sh.shopts = frozenset(on)
        return st
    if s or u:
        if not q:
            out("".join(_print(n, s, p) for n in SHOPT_NAMES if (n in sh.shopts) == s))
        return 0
    if not args:
        if not q:
            out("".join(_print(n, n in sh.shopts, p) for n in SHOPT_NAMES))
        return 0
    st = 0
    for name in args:
        if name not in SHOPT_NAMES:
            sh.err(f"shopt: {name}: invalid shell option name")
            st = 1
            continue
        on = name in sh.shopts
        st = st or (0 if on else 1)
        if not q:
            out(_print(name, on, p))
    return st


def _o_options(sh, args, s, u, q, p, out, o_value, o_set, o_listing) -> int:
    """``shopt -o``: ``list_shopt_o_options`` (``set -o``'s listing, or the named
    options' values: status 1 if one is off), ``set_shopt_o_options`` (``-so``,
    ``-uo`` with names) and ``list_some_o_options`` (without names)."""
    if not (s or u):
        if not args:
            if not q:
                out(o_listing(p, None))
            return 0
        st = 0
        for name in args:
            v = o_value(name)
            if v is None:
                sh.err(f"shopt: {name}: invalid option name")
                st = 1
                continue
            st = st or (0 if v else 1)
            if not q:
                out(f"set {'-' if v else '+'}o {name}\n" if p else f"{name:<15}\t{'on' if v else 'off'}\n")
        return st
    if not args:
        if not q:
            out(o_listing(p, s))
        return 0
    st = 0
    for name in args:
        if not o_set(name, s):
            sh.err(f"shopt: {name}: invalid option name")
            st = 1
    return st
