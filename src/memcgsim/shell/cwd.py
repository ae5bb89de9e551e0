"""bash's idea of the working directory, kept apart from the kernel's.

The kernel holds the process's cwd as a dentry (kernel/fs_struct.py): relative
names resolve from it, renamed or removed. bash keeps a *name* beside it,
``the_current_working_directory`` (``Shell.tcwd``, bash 5.2 builtins/cd.def,
general.c ``make_absolute``, lib/sh/pathcanon.c ``sh_canonpath``,
lib/sh/pathphys.c ``sh_physpath``, builtins/common.c
``get_working_directory``), from which ``cd -L`` computes its target and
``$PWD`` is set:

- ``cd DIR`` makes DIR absolute against that name, canonicalizes it by name
  (``..`` takes the last component off, after checking that what it takes it off
  is a directory; every component must be a directory), ``chdir``s to the result;
  if that fails it ``chdir``s to DIR as given (relative to the kernel's cwd: ``cd
  ..`` in a removed directory goes up its ``d_parent``), then asks ``getcwd``,
  which fails in a removed directory: "cd: error retrieving current directory:
  getcwd: cannot access parent directories: No such file or directory", status 0,
  the name kept uncanonicalized (``$PWD`` ends in ``/..``);
- ``pwd`` prints the name; ``pwd -P`` resolves it physically and, when that
  fails (renamed, removed), forgets it and asks ``getcwd``: the new name, or the
  error and status 1 (the name is then gone: the next ``cd`` asks ``getcwd``
  again, "chdir: error retrieving...", and keeps a relative ``.``);
- at start-up (variables.c ``set_pwd``) an imported ``$PWD`` naming the
  directory the shell is in is kept, else ``getcwd``'s answer ("shell-init:
  error retrieving..." in a removed one, ``$PWD`` left as imported).
"""
from __future__ import annotations

import errno
import os
import stat as stat_mod

#: lib/sh/getcwd.c / shell.c ``bash_getcwd_errstr``
GETCWD_ERRSTR = "getcwd: cannot access parent directories"


def getcwd(sh) -> str:
    """``getcwd(3)`` of the shell's process: OSError (ENOENT) in a removed
    directory. A system without a kernel cwd: the shell's own name of it."""
    g = getattr(sh.sys, "getcwd", None)
    return sh._cwd if g is None else g(sh.task)


def chdir(sh, d: str) -> None:
    """``chdir(2)`` of ``d`` (relative to the process's cwd): OSError as the
    kernel's (ENOENT, ENOTDIR)."""
    c = getattr(sh.sys, "chdir", None)
    if c is not None:
        c(sh.path(d), sh.task)
        return
    p = sh.path(d)
    if not stat_mod.S_ISDIR(sh.sys.stat(p, sh.task).st_mode):
        raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
    sh._cwd = p


def get_working_directory(sh, for_whom: str) -> str | None:
    """builtins/common.c ``get_working_directory``: the name bash has, or ``getcwd``'s
    (kept as the name); None after "FOR_WHOM: error retrieving current directory:
    getcwd: cannot access parent directories: STRERROR" on stderr (``fprintf``:
    no script name, no line)."""
    if sh.tcwd is None:
        try:
            sh.tcwd = getcwd(sh)
        except OSError as e:
            try:
                sh.stderr.write(f"{for_whom}: error retrieving current directory: "
                                f"{GETCWD_ERRSTR}: {e.strerror}\n")
            except OSError:
                pass
            return None
    return sh.tcwd


def resetpwd(sh, caller: str) -> str | None:
    """cd.def ``resetpwd``: forget the name, ask ``getcwd`` again."""
    sh.tcwd = None
    return get_working_directory(sh, caller)


def _isdir(sh, p: str) -> bool:
    """pathcanon.c ``_path_isdir``: ``stat`` succeeds and names a directory."""
    try:
        return stat_mod.S_ISDIR(sh.sys.stat(sh.path(p), sh.task).st_mode)
    except OSError:
        return False


def sh_canonpath(sh, path: str, check: bool = True) -> str | None:
    """lib/sh/pathcanon.c ``sh_canonpath`` with PATH_CHECKDOTDOT|PATH_CHECKEXISTS
    (``check``): ``.`` and empty components dropped, ``..`` takes the last one off
    (what it takes it off must be a directory), every other component must be one
    (by name, through the kernel's cwd for a relative path); None if a check
    fails. A relative path keeps the ``..`` it cannot take off."""
    rooted = path.startswith("/")
    out: list[str] = []
    fixed = 0           # ``dotdot``: the leading ``..`` a relative path keeps
    for c in path.split("/"):
        if c == "" or c == ".":
            continue
        if c == "..":
            if len(out) > fixed:
                if check and not _isdir(sh, _join(rooted, out)):
                    return None
                out.pop()
            elif not rooted:
                out.append("..")
                fixed = len(out)
            continue
        out.append(c)
        if check and not _isdir(sh, _join(rooted, out)):
            return None
    return _join(rooted, out) or ("/" if rooted else ".")


def _join(rooted: bool, parts: list[str]) -> str:
    return ("/" if rooted else "") + "/".join(parts)


def sh_physpath(sh, path: str) -> str | None:
    """lib/sh/pathphys.c ``sh_physpath``: ``path`` with its symbolic links resolved
    component by component; None if a component does not resolve."""
    from .commands.paths import canonicalize
    try:
        return canonicalize(sh, path, "e")
    except OSError:
        return None


def make_absolute(d: str, dot_path: str | None) -> str:
    """general.c ``make_absolute``: ``d`` under ``dot_path`` (``sh_makepath``), as
    it is if absolute or with no name to put it under."""
    if dot_path is None or d.startswith("/"):
        return d
    return dot_path + d if dot_path.endswith("/") else dot_path + "/" + d


def change_to_directory(sh, newdir: str, nolinks: bool) -> OSError | None:
    """cd.def ``change_to_directory`` (bash 5.2): None on success, else the error
    of the ``chdir`` that failed last (see the module)."""
    if sh.tcwd is None:
        get_working_directory(sh, "chdir")
    t = make_absolute(newdir, sh.tcwd)
    tdir = sh_physpath(sh, t) if nolinks else sh_canonpath(sh, t)
    canon_failed = not tdir
    if canon_failed:
        tdir = t
    try:
        chdir(sh, newdir if nolinks else tdir)
    except OSError as e:
        err = e
    else:
        if canon_failed:
            if resetpwd(sh, "cd") is None:
                sh.tcwd = tdir
        else:
            sh.tcwd = tdir
        return None
    if nolinks:
        return err
    # not in physical mode: what the user passed, verbatim
    try:
        chdir(sh, newdir)
    except OSError:
        return err
    if resetpwd(sh, "cd") is None:
        sh.tcwd = tdir
    return None


def bindpwd(sh, no_symlinks: bool) -> None:
    """cd.def ``bindpwd``: OLDPWD the old ``$PWD``, ``$PWD`` the name (made physical
    for ``-P``; the name as it is if that fails)."""
    tcwd = sh.tcwd
    if tcwd is not None:
        dirname = sh_physpath(sh, tcwd) if no_symlinks else tcwd
    else:
        dirname = get_working_directory(sh, "cd")
    if dirname is None:
        dirname = sh.tcwd
    old = sh.get("PWD")
    sh.setvar("OLDPWD", old)
    sh.setvar("PWD", dirname if dirname is not None else "")


def set_pwd(sh) -> None:
    """variables.c ``set_pwd`` at start-up: an imported absolute ``$PWD`` that names
    the directory the shell is in (``same_file (PWD, ".")``) is kept, canonicalized;
    else ``getcwd``'s answer becomes ``$PWD`` (exported)."""
    pwd = sh.get("PWD")
    same = getattr(sh.sys, "is_cwd", None)
    if pwd and pwd.startswith("/") and (same(sh.path(pwd), sh.task) if same is not None
                                        else True):
        cur = sh_canonpath(sh, pwd)
        if cur is None:
            get_working_directory(sh, "shell_init")
        else:
            sh.tcwd = cur
        return
    t = get_working_directory(sh, "shell-init")
    if t is not None:
        sh.setvar("PWD", t)
        sh.exported.add("PWD")
