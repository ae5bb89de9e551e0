"""bash's command hash table and its PATH search (bash 5.2 hashcmd.c, findcmd.c,
builtins/hash.def), and how ``type`` and ``command -v/-V`` describe a name
(builtins/type.def ``describe_command``).

The table (``Shell.hashed``) maps a command's name to ``(path, hits)``: a program
run by a PATH search enters it with one hit (``search_for_command``'s
``phash_insert (..., 1)``); each later lookup of the name in it adds one
(hashlib.c ``hash_search``); an assignment to PATH or its unset empties it
(variables.c ``sv_path``: ``phash_flush``). A subshell takes a copy. ``path``
is None until it is first shown: the file the PATH search finds then, which is
the file found when the entry was made unless a file was made or removed since
(bash itself never looks again: ``check_hashed_filenames`` is off). The table's
own chunks in bash's heap are not modelled."""
from __future__ import annotations

import posixpath
import stat as stat_mod
from typing import TYPE_CHECKING

from .assoc import table_order

if TYPE_CHECKING:
    from .interp import Shell

#: hashcmd.h: the buckets of the table, walked in order when it is listed
FILENAME_HASH_BUCKETS = 256
#: parse.y ``word_token_alist``: the reserved words ``type`` names keywords
KEYWORDS = frozenset(("if", "then", "else", "elif", "fi", "case", "esac", "for", "select",
                      "while", "until", "do", "done", "in", "function", "time", "{", "}",
                      "!", "[[", "]]", "coproc"))


def _executable(sh: "Shell", path: str) -> bool:
    try:
        st = sh.sys.stat(sh.path(path), sh.task)
    except OSError:
        return False
    return stat_mod.S_ISREG(st.st_mode) and bool(st.st_mode & 0o111)


def search_path(sh: "Shell", name: str, every: bool = False) -> list[str]:
    """findcmd.c ``find_user_command`` (``every``: ``user_command_matches``, for
    ``type -a``): the executable regular files ``DIR/name`` of the PATH
    directories in turn (an empty one is the working directory)."""
    found = []
    for d in (sh.get("PATH") or "").split(":"):
        p = posixpath.join(d or ".", name)
        if _executable(sh, p):
            found.append(p)
            if not every:
                break
    return found


def find_program(sh: "Shell", name: str) -> str | None:
    """findcmd.c ``search_for_command`` where the image is the guests' tree (the
    busybox userland; its lookup counted by :func:`remember` when it runs): the
    hashed path of ``name``, used as it is (an execve of a file gone since fails:
    ``check_hashed_filenames`` is off), else the PATH search's first file; None
    if none is found."""
    e = sh.hashed.get(name)
    if e is not None and e[0] is not None:
        return e[0]
    found = search_path(sh, name)
    return found[0] if found else None


def remember(sh: "Shell", name: str) -> None:
    """A program ``name`` (no slash) is run: a hit on its entry, or a new entry;
    where programs are found by PATH the entry keeps the file found now (what
    :func:`find_program` returns while it is there)."""
    e = sh.hashed.get(name)
    path = None if e is None else e[0]
    if path is None and searches_path(sh):
        found = search_path(sh, name)
        path = found[0] if found else None
    sh.hashed[name] = (path, 1 if e is None else e[1] + 1)


def searches_path(sh: "Shell") -> bool:
    """Whether programs are found by the PATH search: the busybox userland, whose
    /bin is the guests' (fs/rootfs.py; shell/interp.py ``Shell.find_command``)."""
    return getattr(sh.commands, "installed", None) is not None


def _path(sh: "Shell", name: str, path: str | None) -> str:
    """An entry's path, found by the PATH search when it is first asked for."""
    if path is None:
        found = search_path(sh, name)
        path = found[0] if found else name
    return path


def lookup(sh: "Shell", name: str) -> str | None:
    """hashcmd.c ``phash_search``: the entry's path (a hit counted), or None."""
    e = sh.hashed.get(name)
    if e is None:
        return None
    path = _path(sh, name, e[0])
    sh.hashed[name] = (path, e[1] + 1)
    return path


def flush(sh: "Shell") -> None:
    """``phash_flush``: PATH changed."""
    if sh.hashed:
        sh.hashed = {}


def entries(sh: "Shell") -> list[tuple[str, str, int]]:
    """(name, path, hits) in the order ``hash_walk`` lists them (the table's
    buckets: :func:`table_order`)."""
    out = []
    for k in table_order(sh.hashed, FILENAME_HASH_BUCKETS):
        path, hits = sh.hashed[k]
        path = _path(sh, k, path)
        sh.hashed[k] = (path, hits)
        out.append((k, path, hits))
    return out


def describe(sh: "Shell", name: str, *, kind: bool = False, short: bool = False,
             path_only: bool = False, force_path: bool = False, every: bool = False,
             nofuncs: bool = False) -> tuple[bool, str]:
    """``describe_command``: (found, what it prints). ``kind``: ``type -t``;
    ``short``: ``type``'s sentences (``command -V``); ``path_only``: ``type -p``
    (``force_path``: ``-P``); neither: ``command -v``'s reusable form."""
    out: list[str] = []
    found = False

    def say(word: str, sentence: str, reusable: str | None) -> None:
        if kind:
            out.append(word + "\n")
        elif short:
            out.append(sentence + "\n")
        elif reusable is not None:
            out.append(reusable + "\n")

    if not force_path:
        if name in KEYWORDS:
            say("keyword", f"{name} is a shell keyword", None if path_only else name)
            found = True
            if not every:
                return True, "".join(out)
        body = None if nofuncs else sh.funcs.get(name)
        if body is not None:
            from .printcmd import function_string
            say("function", f"{name} is a function\n{function_string(name, body)}",
                None if path_only else name)
            found = True
            if not every:
                return True, "".join(out)
        if name in sh.builtins:
            say("builtin", f"{name} is a shell builtin", None if path_only else name)
            found = True
            if not every:
                return True, "".join(out)
    if "/" not in name and sh.noexec is not None:
        from .commands.busybox_usage import LIST
        if name in LIST:
            # busybox sh (FEATURE_SH_STANDALONE): an applet is found as itself
            # (ash.c find_command: index -1), and describe_command names it so
            say("file", f"{name} is {name}", name)
            return True, "".join(out)
    if "/" in name:
        if _executable(sh, name):
            say("file", f"{name} is {name}", name)
            return True, "".join(out)
    elif not every or force_path:
        path = lookup(sh, name)
        if path is not None:
            say("file", f"{name} is hashed ({path})", path)
            return True, "".join(out)
    if "/" not in name:
        for path in search_path(sh, name, every):
            say("file", f"{name} is {path}", path)
            found = True
    return found, "".join(out)
