"""bash 5.2's builtins' option checks: ``internal_getopt`` (builtins/bashgetopt.c)
over each builtin's option string, and ``builtin_usage`` after an option it does
not take (``NAME: -z: invalid option``, ``NAME: -d: option requires an
argument``, then ``NAME: usage: SHORT_DOC``, status EX_USAGE, 2), for the
builtins whose ``*.def`` reads its options so before anything else; ``no_options``'
builtins (eval, source, builtin, times, getopts) take none. The builtins then read
their options themselves."""
from __future__ import annotations

#: name -> internal_getopt's string, bash 5.2.15's builtins/*.def (flags.c
#: ``optflags`` for set); not here: those that look at something first (local: a
#: function's context; fg/bg: job control; caller: the call stack) or read options
#: their own way (kill, ulimit, echo, test, let, dirs/pushd/popd, exit, return,
#: shift, break)
GETOPT = {
    "alias": "p",
    "unalias": "a",
    "cd": "eLP@",
    "pwd": "LP",
    "command": "pvV",
    "enable": "adnpsf:",
    "exec": "cla:",
    "hash": "dlp:rt",
    "help": "dms",
    "jobs": "lpnxrs",
    "disown": "ahr",
    "mapfile": "d:u:n:O:tC:c:s:",
    "readarray": "d:u:n:O:tC:c:s:",
    "printf": "v:",
    "read": "ersa:d:i:n:p:t:u:N:",
    "unset": "fnv",
    "shopt": "psuoq",
    "suspend": "f",
    "trap": "lp",
    "type": "afptP",
    "umask": "Sp",
    "wait": "fnp:",
    "export": "aAfnp",
    "readonly": "aAfnp",
    "declare": "+acfgilnprtuxAFGI",
    "typeset": "+acfgilnprtuxAFGI",
    "set": "+abefhkmnprtuvxBCEHPTo;",
    "builtin": "",
    "eval": "",
    "source": "",
    ".": "",
    "times": "",
    "getopts": "",
}
#: name -> ``$SHORT_DOC`` (builtins/*.def), what ``builtin_usage`` prints
SHORT_DOC = {
    "alias": "alias [-p] [name[=value] ... ]",
    "unalias": "unalias [-a] name [name ...]",
    "cd": "cd [-L|[-P [-e]] [-@]] [dir]",
    "pwd": "pwd [-LP]",
    "command": "command [-pVv] command [arg ...]",
    "enable": "enable [-a] [-dnps] [-f filename] [name ...]",
    "exec": "exec [-cl] [-a name] [command [argument ...]] [redirection ...]",
    "hash": "hash [-lr] [-p pathname] [-dt] [name ...]",
    "help": "help [-dms] [pattern ...]",
    "jobs": "jobs [-lnprs] [jobspec ...] or jobs -x command [args]",
    "disown": "disown [-h] [-ar] [jobspec ... | pid ...]",
    "mapfile": "mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C callback] "
               "[-c quantum] [array]",
    "readarray": "readarray [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C "
                 "callback] [-c quantum] [array]",
    "printf": "printf [-v var] format [arguments]",
    "read": "read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t "
            "timeout] [-u fd] [name ...]",
    "unset": "unset [-f] [-v] [-n] [name ...]",
    "shopt": "shopt [-pqsu] [-o] [optname ...]",
    "suspend": "suspend [-f]",
    "trap": "trap [-lp] [[arg] signal_spec ...]",
    "type": "type [-afptP] name [name ...]",
    "umask": "umask [-p] [-S] [mode]",
    "wait": "wait [-fn] [-p var] [id ...]",
    "export": "export [-fn] [name[=value] ...] or export -p",
    "readonly": "readonly [-aAf] [name[=value] ...] or readonly -p",
    "declare": "declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name "
               "...]",
    "typeset": "typeset [-aAfFgiIlnrtux] name[=value] ... or typeset -p [-aAfFilnrtux] [name ...]",
    "set": "set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]",
    "builtin": "builtin [shell-builtin [arg ...]]",
    "eval": "eval [arg ...]",
    "source": "source filename [arguments]",
    ".": ". filename [arguments]",
    "times": "times",
    "getopts": "getopts optstring name [arg ...]",
    "kill": "kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]",
    "fg": "fg [job_spec]",
    "bg": "bg [job_spec ...]",
    "caller": "caller [expr]",
}


def builtin_usage(sh, name: str) -> None:
    """common.c ``builtin_usage``: ``NAME: usage: SHORT_DOC`` on stderr, no shell
    name, no line."""
    sh.stderr.write(f"{name}: usage: {SHORT_DOC[name]}\n")


def usage_error(sh, argv: list[str]) -> int | None:
    """``internal_getopt``'s verdict on builtin ``argv[0]``'s options: None if it
    takes them (or is not in :data:`GETOPT`), else its messages written and 2.
    Options end at ``--``, ``--help`` (builtin_help's, left to the builtin), ``-``
    or the first word that is none (``+`` starts one of declare's)."""
    spec = GETOPT.get(argv[0])
    if spec is None:
        return None
    plus = spec[:1] == "+"
    letters = spec[1:] if plus else spec
    i, n = 1, len(argv)
    while i < n:
        w = argv[i]
        if len(w) < 2 or not (w[0] == "-" or plus and w[0] == "+") or w == "--" or w == "--help":
            return None
        for j in range(1, len(w)):
            c = w[j]
            k = letters.find(c)
            if c in ":;" or k < 0:
                return _usage(sh, argv[0], f"{w[0]}{c}: invalid option")
            if letters[k + 1:k + 2] == ";":    # an argument attached, or a next word no option
                if j + 1 == len(w) and i + 1 < n and (len(argv[i + 1]) < 2 or argv[i + 1][0] not in "-+"):
                    i += 1
                break
            if letters[k + 1:k + 2] == ":":
                if j + 1 == len(w):         # -d DELIM: the next word, whatever it is
                    if i + 1 >= n:
                        return _usage(sh, argv[0], f"{w[0]}{c}: option requires an argument")
                    i += 1
                break
        i += 1
    return None


def _usage(sh, name: str, msg: str) -> int:
    """``sh_invalidopt``/``sh_needarg`` (builtin_error's form), then
    :func:`builtin_usage`; EX_USAGE."""
    sh.err(f"{name}: {msg}")
    builtin_usage(sh, name)
    return 2
