"""bash 5.2's builtins' option checks: ``internal_getopt`` (builtins/bashgetopt.c)
over each builtin's option string, and ``builtin_usage`` after an option it does
not take (``NAME: -z: invalid option``, ``NAME: -d: option requires an
argument``, then ``NAME: usage: SHORT_DOC``, status EX_USAGE, 2), for the
builtins whose ``*.def`` reads its options so before anything else; ``no_options``'
builtins (eval, source, builtin, times, getopts) take none. The builtins then read
their options themselves."""
from __future__ import annotations

#: name -> (internal_getopt's string, $SHORT_DOC), bash 5.2.15's builtins/*.def;
#: not here: those that look at something first (local: a function's context;
#: fg/bg: job control; caller: the call stack) or read options their own way
#: (set, kill, ulimit, echo, test, let, dirs/pushd/popd, exit, return, shift, break)
GETOPT = {
    "alias": ("p", "alias [-p] [name[=value] ... ]"),
    "unalias": ("a", "unalias [-a] name [name ...]"),
    "cd": ("eLP@", "cd [-L|[-P [-e]] [-@]] [dir]"),
    "pwd": ("LP", "pwd [-LP]"),
    "command": ("pvV", "command [-pVv] command [arg ...]"),
    "enable": ("adnpsf:", "enable [-a] [-dnps] [-f filename] [name ...]"),
    "exec": ("cla:", "exec [-cl] [-a name] [command [argument ...]] [redirection ...]"),
    "hash": ("dlp:rt", "hash [-lr] [-p pathname] [-dt] [name ...]"),
    "help": ("dms", "help [-dms] [pattern ...]"),
    "jobs": ("lpnxrs", "jobs [-lnprs] [jobspec ...] or jobs -x command [args]"),
    "disown": ("ahr", "disown [-h] [-ar] [jobspec ... | pid ...]"),
    "mapfile": ("d:u:n:O:tC:c:s:", "mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] "
                "[-C callback] [-c quantum] [array]"),
    "readarray": ("d:u:n:O:tC:c:s:", "readarray [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] "
                  "[-C callback] [-c quantum] [array]"),
    "printf": ("v:", "printf [-v var] format [arguments]"),
    "read": ("ersa:d:i:n:p:t:u:N:", "read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] "
             "[-p prompt] [-t timeout] [-u fd] [name ...]"),
    "unset": ("fnv", "unset [-f] [-v] [-n] [name ...]"),
    "shopt": ("psuoq", "shopt [-pqsu] [-o] [optname ...]"),
    "suspend": ("f", "suspend [-f]"),
    "trap": ("lp", "trap [-lp] [[arg] signal_spec ...]"),
    "type": ("afptP", "type [-afptP] name [name ...]"),
    "umask": ("Sp", "umask [-p] [-S] [mode]"),
    "wait": ("fnp:", "wait [-fn] [-p var] [id ...]"),
    # setattr.def's ATTROPTS for both
    "export": ("aAfnp", "export [-fn] [name[=value] ...] or export -p"),
    "readonly": ("aAfnp", "readonly [-aAf] [name[=value] ...] or readonly -p"),
    "declare": ("+acfgilnprtuxAFGI", "declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p "
                "[-aAfFilnrtux] [name ...]"),
    "typeset": ("+acfgilnprtuxAFGI", "typeset [-aAfFgiIlnrtux] name[=value] ... or typeset -p "
                "[-aAfFilnrtux] [name ...]"),
    # flags.c optflags: the shell's flags (-i refused as set.def does: its usage),
    # ``o;`` (an optional argument)
    "set": ("+abefhkmnprtuvxBCEHPTo;", "set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]"),
    "builtin": ("", "builtin [shell-builtin [arg ...]]"),
    "eval": ("", "eval [arg ...]"),
    "source": ("", "source filename [arguments]"),
    ".": ("", ". filename [arguments]"),
    "times": ("", "times"),
    "getopts": ("", "getopts optstring name [arg ...]"),
}


def usage_error(sh, argv: list[str]) -> int | None:
    """``internal_getopt``'s verdict on builtin ``argv[0]``'s options: None if it
    takes them (or is not in :data:`GETOPT`), else its messages written and 2.
    Options end at ``--``, ``--help`` (builtin_help's, left to the builtin), ``-``
    or the first word that is none (``+`` starts one of declare's)."""
    entry = GETOPT.get(argv[0])
    if entry is None:
        return None
    spec, doc = entry
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
                return _usage(sh, argv[0], doc, f"{w[0]}{c}: invalid option")
            if letters[k + 1:k + 2] == ";":    # an argument attached, or a next word no option
                if j + 1 == len(w) and i + 1 < n and (len(argv[i + 1]) < 2 or argv[i + 1][0] not in "-+"):
                    i += 1
                break
            if letters[k + 1:k + 2] == ":":
                if j + 1 == len(w):         # -d DELIM: the next word, whatever it is
                    if i + 1 >= n:
                        return _usage(sh, argv[0], doc, f"{w[0]}{c}: option requires an argument")
                    i += 1
                break
        i += 1
    return None


def _usage(sh, name: str, doc: str, msg: str) -> int:
    """``sh_invalidopt``/``sh_needarg`` (builtin_error's form), ``builtin_usage``'s
    line (no shell name, no line), EX_USAGE."""
    sh.err(f"{name}: {msg}")
    sh.stderr.write(f"{name}: usage: {doc}\n")
    return 2
