"""bash's directory stack: ``pushd``, ``popd``, ``dirs`` and ``DIRSTACK`` (bash 5.2
builtins/pushd.def).

The stack (``Shell.dirstack``) holds the directories below the current one, the
most recent last (``pushd_directory_list``); what ``dirs`` shows is the current
directory, then the stack from its end (``DIRSTACK``'s elements). ``pushd`` and
``popd`` change directory as ``cd`` does and then print the stack as ``dirs``
does. A subshell takes a copy."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .interp import Shell

_USAGE = {"pushd": "pushd [-n] [+N | -N | dir]", "popd": "popd [-n] [+N | -N]",
          "dirs": "dirs [-clpv] [+N] [-N]"}


def listing(sh: "Shell") -> list[str]:
    """``DIRSTACK``: the current directory, then the stack, most recent first."""
    return [sh.get("PWD") or sh.cwd] + sh.dirstack[::-1]


def _polite(sh: "Shell", d: str) -> str:
    """general.c ``polite_directory_format``: $HOME's prefix shown as ``~``."""
    home = sh.get("HOME") or ""
    if home and home != "/" and d.startswith(home) and (len(d) == len(home) or d[len(home)] == "/"):
        return "~" + d[len(home):]
    return d


def _usage(sh: "Shell", name: str, arg: str, what: str) -> int:
    sh.err(f"{name}: {arg}: {what}")
    sh.stderr.write(f"{name}: usage: {_USAGE[name]}\n")
    return 2


def _index(arg: str) -> tuple[int, bool] | None:
    """``+N``/``-N``: (N, from the top), or None if not one."""
    if len(arg) > 1 and arg[0] in "+-" and arg[1:].isdigit():
        return int(arg[1:]), arg[0] == "+"
    return None


def _nth(shown: list[str], n: int, top: bool) -> int | None:
    """``+N`` (``top``) or ``-N``'s position in the listing, None past its end."""
    if n >= len(shown):
        return None
    return n if top else len(shown) - 1 - n


def _no_cd(argv: list[str]) -> tuple[bool, list[str]]:
    """pushd's and popd's ``-n`` (no directory change) and the words after it."""
    args = argv[1:]
    nocd = False
    while args and args[0] == "-n":
        nocd = True
        args.pop(0)
    if args and args[0] == "--":
        args.pop(0)
    return nocd, args


def _cd(sh: "Shell", name: str, d: str) -> bool:
    """``cd_builtin`` for pushd and popd: its error message under their name."""
    from .cwd import bindpwd, change_to_directory
    e = change_to_directory(sh, d, False)
    if e is not None:
        sh.err(f"{name}: {d}: {e.strerror}")
        return False
    bindpwd(sh, False)
    return True


def _range_error(sh: "Shell", name: str, arg: str) -> int:
    if not sh.dirstack:
        sh.err(f"{name}: directory stack empty")
    else:
        sh.err(f"{name}: {arg}: directory stack index out of range")
    return 1


def dirs(sh: "Shell", argv: list[str], out) -> int:
    """``dirs [-clpv] [+N] [-N]``."""
    long = lines = numbered = False
    which = None
    for a in argv[1:]:
        if a == "-c":
            sh.dirstack = []
            return 0
        if _index(a) is not None:
            which = a
            continue
        if a.startswith("-") and len(a) > 1 and set(a[1:]) <= set("lpv"):
            long |= "l" in a
            lines |= "p" in a or "v" in a
            numbered |= "v" in a
            continue
        return _usage(sh, "dirs", a, "invalid number" if a.startswith(("-", "+")) else
                      "invalid option")
    shown = listing(sh)
    fmt = (lambda d: d) if long else (lambda d: _polite(sh, d))
    if which is not None:
        i = _nth(shown, *_index(which))
        if i is None:
            sh.err(f"dirs: {which[1:]}: directory stack index out of range")
            return 1
        out(fmt(shown[i]) + "\n")
        return 0
    if numbered:
        out("".join(f"{i:2d}  {fmt(d)}\n" for i, d in enumerate(shown)))
    elif lines:
        out("".join(fmt(d) + "\n" for d in shown))
    else:
        out(" ".join(map(fmt, shown)) + "\n")
    return 0


def pushd(sh: "Shell", argv: list[str], out) -> int:
    """``pushd [-n] [+N | -N | dir]``."""
    nocd, args = _no_cd(argv)
    if len(args) > 1:
        sh.err("pushd: too many arguments")
        return 1
    if not args or _index(args[0]) is not None:
        if not args:
            if not sh.dirstack:
                sh.err("pushd: no other directory")
                return 1
            n, top = 1, True
        else:
            n, top = _index(args[0])
        shown = listing(sh)
        n = _nth(shown, n, top) if sh.dirstack else None
        if n is None:
            return _range_error(sh, "pushd", args[0] if args else "+1")
        if n == 0:
            return dirs(sh, ["dirs"], out)
        if nocd and not args:
            return 0
        # no argument: the top two exchanged; +N: the stack rotated to its Nth
        rotated = [shown[1], shown[0], *shown[2:]] if not args else shown[n:] + shown[:n]
        if not _cd(sh, "pushd", rotated[0]):
            return 1
        sh.dirstack = rotated[1:][::-1]
        return dirs(sh, ["dirs"], out)
    d = args[0]
    if d.startswith("-") and d != "-":
        return _usage(sh, "pushd", d, "invalid number")
    if nocd:
        sh.dirstack = sh.dirstack + [d]
        return dirs(sh, ["dirs"], out)
    old = sh.get("PWD") or sh.cwd
    if d == "-":
        d = sh.get("OLDPWD") or ""
        if not _cd(sh, "pushd", d):
            return 1
        out(d + "\n")      # cd_builtin prints the directory of `cd -`
    elif not _cd(sh, "pushd", d):
        return 1
    sh.dirstack = sh.dirstack + [old]
    return dirs(sh, ["dirs"], out)


def popd(sh: "Shell", argv: list[str], out) -> int:
    """``popd [-n] [+N | -N]``."""
    nocd, args = _no_cd(argv)
    n, top = 0, True
    if args:
        idx = _index(args[0])
        if idx is None:
            return _usage(sh, "popd", args[0], "invalid argument")
        n, top = idx
    shown = listing(sh)
    n = _nth(shown, n, top) if sh.dirstack else None
    if n is None:
        return _range_error(sh, "popd", args[0] if args else "+0")
    if n == 0:
        if not nocd and not _cd(sh, "popd", shown[1]):
            return 1
        del shown[1 if nocd else 0]
    else:
        del shown[n]
    sh.dirstack = shown[1:][::-1]
    return dirs(sh, ["dirs"], out)
