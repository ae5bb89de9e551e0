"""bash 5.2's ``compgen`` (builtins/complete.def ``compgen_builtin``, pcomplete.c
``gen_compspec_completions``): the words an action, a word list or both give that
start with the word asked for, filtered (``-X``), with a prefix and suffix.

The actions whose lists are the shell's own state are made: aliases, array
variables, builtins (enabled, disabled), exported variables, functions, keywords,
``set -o``'s and ``shopt``'s options, variables. Those that read the file system,
the passwd database or the jobs (``-c``, ``-f``, ``-d``, ``-u``, ``-g``, ``-j``, ``-s``,
signals, hostnames...), ``-G``, ``-F``, ``-C`` and ``-o`` are refused as
unsupported, as is a word list with an expansion in it (compgen expands it)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .flow import RuntimeUnsupported
from .pattern import compile_pattern

if TYPE_CHECKING:
    from .interp import Shell

#: ``-A``'s actions the model makes, by their one-letter options where they have one
_LETTERS = {"a": "alias", "b": "builtin", "e": "export", "k": "keyword", "v": "variable"}
#: pcomplete.c ``gen_action_completions``' order of the actions
_ORDER = ("alias", "arrayvar", "builtin", "disabled", "enabled", "export", "function", "keyword",
          "setopt", "shopt", "variable")
_USAGE = ("compgen: usage: compgen [-abcdefgjksuv] [-o option] [-A action] [-G globpat] "
          "[-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [word]\n")


def compgen(sh: "Shell", args: list[str], out: Callable[[str], None], lists: dict) -> int:
    """``compgen [-abekv] [-A ACTION] [-W WORDLIST] [-X FILTER] [-P PREFIX] [-S
    SUFFIX] [WORD]``; ``lists`` gives each action's names (``lists[action](sh)``).
    Status 1 when nothing matches (complete.def: ``EXECUTION_FAILURE``)."""
    actions: set[str] = set()
    opts: dict[str, str] = {}
    while args and args[0].startswith("-") and len(args[0]) > 1:
        a = args.pop(0)
        if a == "--":
            break
        k = 1
        while k < len(a):
            c = a[k]
            if c in _LETTERS:
                actions.add(_LETTERS[c])
            elif c in "AWXPSGFCo":
                value = a[k + 1:] or (args.pop(0) if args else None)
                if value is None:
                    sh.err(f"compgen: -{c}: option requires an argument")
                    sh.stderr.write(_USAGE)
                    return 2
                if c == "A":
                    if value not in _ORDER:
                        raise RuntimeUnsupported(f"compgen -A {value}", sh.lineno)
                    actions.add(value)
                elif c in "GFCo":
                    raise RuntimeUnsupported(f"compgen -{c}", sh.lineno)
                else:
                    opts[c] = value
                break
            elif c in "cdfgjsu":
                raise RuntimeUnsupported(f"compgen -{c}", sh.lineno)
            else:
                sh.err(f"compgen: -{c}: invalid option")
                sh.stderr.write(_USAGE)
                return 2
            k += 1
    word = args[0] if args else ""
    words: list[str] = []
    for action in _ORDER:
        if action in actions:
            words += [w for w in lists[action](sh) if w.startswith(word)]
    if "W" in opts:
        if any(c in opts["W"] for c in "$`\\'\""):
            raise RuntimeUnsupported("compgen -W with expansions", sh.lineno)
        ifs = sh.get("IFS")
        seps = " \t\n" if ifs is None else ifs
        words += [w for w in "".join(" " if c in seps else c for c in opts["W"]).split()
                  if w.startswith(word)]
    if "X" in opts:
        # filter_stringlist: a word the pattern matches goes (with a leading !,
        # one it does not match)
        neg = opts["X"].startswith("!")
        pat = compile_pattern(opts["X"][neg:], "extglob" in sh.shopts)
        words = [w for w in words if pat.fullmatch(w) == neg]
    if not words:
        return 1
    pre, suf = opts.get("P", ""), opts.get("S", "")
    out("".join(f"{pre}{w}{suf}\n" for w in words))
    return 0
