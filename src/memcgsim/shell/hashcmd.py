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
(bash itself never looks again: ``check_hashed_filenames`` is off).

bash's chunks (busybox sh's table is its own, not modelled): the PATH walk's
strings (:func:`search_chunks`), the table made at its first entry and each
entry's chunks (:func:`insert`, ``Shell.hash_chunks``), freed when the table is
flushed; the command's path that ``search_for_command`` returns, freed by the
parent after the fork (:func:`command_path`). A new bash's start-up heap holds
the table, its first entry and that command's walk already (``Shell.hash_start``):
the guests' start-up heaps and arenas were read by a program the shell forked
(shell/malloc.py ``HEAP_START``, shell/startheap.py: calibration/
bash-image-areas.sh's ``awk``, calibration/bash-heap-arena.sh's ``busybox sh``),
after bash had hashed it; its first new name takes that entry, no chunk."""
from __future__ import annotations

import posixpath
import stat as stat_mod
from typing import TYPE_CHECKING

from .assoc import table_order
from .malloc import BUCKET_CONTENTS_SIZE

if TYPE_CHECKING:
    from .interp import Shell

#: hashcmd.h: the buckets of the table, walked in order when it is listed
FILENAME_HASH_BUCKETS = 256
#: hashlib.h ``HASH_TABLE`` (the bucket array's pointer, ``nbuckets``,
#: ``nentries``: 16 bytes) and hashcmd.h ``PATH_DATA`` (``path``, ``flags``: 16),
#: x86-64; ``hash_create`` allocates the table, then its bucket pointers
HASH_TABLE_SIZE = 16
PATH_DATA_SIZE = 16
#: parse.y ``word_token_alist``: the reserved words in its order (``compgen -k``'s)
WORD_TOKENS = ("if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while",
               "until", "do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]",
               "coproc")
#: the reserved words ``type`` names keywords
KEYWORDS = frozenset(WORD_TOKENS)
#: busybox sh's (ash.c ``tokname_array`` from KWDOFFSET): ``[[`` is a builtin there,
#: ``time``, ``select`` and ``coproc`` commands
ASH_KEYWORDS = frozenset(("!", "case", "do", "done", "elif", "else", "esac", "fi", "for",
                          "function", "if", "in", "then", "until", "while", "{", "}"))


def _eaccess(sh: "Shell", path: str) -> None:
    """findcmd.c ``file_status``' ``eaccess`` for ``X_OK`` and for ``R_OK`` of a name
    its ``stat`` found and no directory (HAVE_EACCESS), in bash: glibc's
    ``euidaccess`` → ``access`` for a shell whose real and effective ids agree, a
    temporary cred each in the kernel (``SysAPI.access``; bash 5.2.15 findcmd.c,
    glibc sysdeps/posix/euidaccess.c; docs/fidelity.md item 482). The ash family's
    ``find_command`` stats alone."""
    d = getattr(sh, "dialect", None)
    access = getattr(getattr(sh, "sys", None), "access", None)
    if d is not None and d.name == "bash" and access is not None:
        p = sh.path(path)
        access(p, sh.task)
        access(p, sh.task)


def _executable(sh: "Shell", path: str) -> bool:
    try:
        st = sh.sys.stat(sh.path(path), sh.task)
    except OSError:
        return False
    return stat_mod.S_ISREG(st.st_mode) and bool(st.st_mode & 0o111)


def _searched(sh: "Shell", path: str) -> bool:
    """:func:`_executable` as a command search's ``file_status`` makes it: with its
    :func:`_eaccess` of a file found (the model's walks of a search made already,
    :func:`search_chunks` and :func:`_path`, test with :func:`_executable` alone)."""
    if _executable(sh, path):
        _eaccess(sh, path)
        return True
    return False


def readable_file(sh: "Shell", path: str) -> bool:
    """findcmd.c ``file_status``'s ``FS_READABLE`` for root: a file that exists and
    is no directory (``find_path_file``'s test), with its :func:`_eaccess`."""
    try:
        st = sh.sys.stat(sh.path(path), sh.task)
    except OSError:
        return False
    if stat_mod.S_ISDIR(st.st_mode):
        return False
    _eaccess(sh, path)
    return True


def search_path(sh: "Shell", name: str, every: bool = False, test=None) -> list[str]:
    """findcmd.c ``find_user_command`` (``every``: ``user_command_matches``, for
    ``type -a``): the executable regular files ``DIR/name`` of the PATH
    directories in turn (an empty one is the working directory); ``test``
    :func:`readable_file`: ``find_path_file``'s."""
    test = test or _searched
    found = []
    for d in (sh.get("PATH") or "").split(":"):
        p = posixpath.join(d or ".", name)
        if test(sh, p):
            found.append(p)
            if not every:
                break
    return found


def find_program(sh: "Shell", name: str) -> str | None:
    """findcmd.c ``search_for_command`` where the image is the guests' tree (the
    busybox userland; its lookup counted by :func:`command_path` when it runs): the
    hashed path of ``name``, used as it is (an execve of a file gone since fails:
    ``check_hashed_filenames`` is off), else the PATH search's first file; None
    if none is found."""
    e = sh.hashed.get(name)
    if e is not None and e[0] is not None:
        return e[0]
    if unset_path(sh):
        return "./" + name if _executable(sh, name) else None
    found = search_path(sh, name)
    return found[0] if found else None


def searches_path(sh: "Shell") -> bool:
    """Whether programs are found by the PATH search: where the system has its
    programs as files (fs ``install_programs``: the busybox userland's /bin as the
    guests' have it, the gnu userland's /usr/bin and /bin; shell/interp.py
    ``Shell.find_command``), not a test's system without a file system."""
    return getattr(sh.commands, "installed", None) is not None or bool(
        getattr(getattr(sh.sys, "vfs", None), "programs", None))


#: the PATH a shell starts with (shell/interp.py ``DEFAULT_ENV``): while a gnu
#: userland's shell has it, the image's own programs are found without the walk
#: (:meth:`Shell.find_command`), as the image installs each in /usr/bin and /bin (a
#: program a script removed or shadowed in /usr/sbin is not seen then; the walk's
#: VFS stats in every forked child were 4 % of the seed's instructions,
#: bench/README.md session 45)
DEFAULT_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"


def unset_path(sh: "Shell") -> bool:
    """bash's search with PATH unset or empty: findcmd.c
    ``find_user_command_internal`` returns the name itself, run (and reported:
    ``NAME: No such file or directory``) as a path in the working directory; the
    ash family searches the working directory as the empty PATH's one element."""
    return not sh.dialect.ash_errors and not sh.get("PATH")


def search_chunks(sh: "Shell", name: str) -> str | None:
    """findcmd.c ``find_user_command_in_path`` in bash's heap: per PATH directory
    ``get_next_path_element``'s copy of it (an empty one ``"."``) and
    ``find_in_path_element``'s ``sh_makepath`` of ``DIR/name`` (strlen of both
    + 2); a candidate that is no executable file is freed, then the directory's
    copy (the found one's copy alone). Returns the path found (its chunk in
    ``sh.cmd_path``), or None with nothing kept. Traced on bash 5.2.15
    (calibration/bash-hash-walk.sh: ``substring`` 15, ``sh_makepath`` 19, freed,
    ``substring`` 9, ``sh_makepath`` 13 for ``cat`` on ``/usr/local/bin:/usr/bin``)."""
    heap = sh.heap
    for d in (sh.get("PATH") or "").split(":"):
        d = d or "."
        dchunk = heap.malloc(len(d) + 1)
        p = posixpath.join(d, name)
        full = heap.malloc(len(d) + len(name) + 2)
        if _executable(sh, p):              # find_program's search made its eaccess
            heap.free(dchunk)
            sh.cmd_path = full
            return p
        heap.free(full)
        heap.free(dchunk)
    return None


def insert(sh: "Shell", name: str, path: str, hits: int) -> None:
    """hashcmd.c ``phash_insert``: the table at its first entry (``phash_create``
    → hashlib.c ``hash_create``: ``HASH_TABLE`` and ``FILENAME_HASH_BUCKETS``
    pointers, 16 + 2048 bytes, kept for the shell's life); a new name's
    ``BUCKET_CONTENTS`` (``hash_insert``), its key (``savestring``), its
    ``PATH_DATA`` and the path's copy; a name hashed already has its path's
    copy replaced (the old one freed first)."""
    if sh.noexec is None:
        heap = sh.heap
        if sh.hash_start:
            sh.hash_start = False       # the start-up heap's entry
            sh.hash_table = ()
            sh.hash_chunks[name] = ()
            sh.hashed[name] = (path, hits)
            return
        if sh.hash_table is None:
            sh.hash_table = tuple(heap.malloc_many((HASH_TABLE_SIZE, 8 * FILENAME_HASH_BUCKETS)))
        old = sh.hash_chunks.get(name)
        if old == ():
            pass                        # the start-up heap's: its chunks not kept
        elif old is None:
            sh.hash_chunks[name] = tuple(heap.malloc_many(
                (BUCKET_CONTENTS_SIZE, len(name) + 1, PATH_DATA_SIZE, len(path) + 1)))
        else:
            heap.free(old[3])
            sh.hash_chunks[name] = old[:3] + (heap.malloc(len(path) + 1),)
    sh.hashed[name] = (path, hits)


def _drop_chunks(sh: "Shell", names) -> None:
    """``phash_freedata`` and ``hash_flush``'s frees of the entries ``names``: for
    each, the path's copy, its ``PATH_DATA``, the key, the ``BUCKET_CONTENTS``."""
    chunks = sh.hash_chunks
    if not chunks:
        return
    heap = sh.heap
    for n in names:
        c = chunks.pop(n, None)
        if c:
            heap.free_many([c[0], c[1], c[2], c[3]])


def _standalone_applet(sh: "Shell", name: str) -> bool:
    """busybox sh's ``find_command`` (FEATURE_SH_STANDALONE, Debian's build) finds
    an applet's name before the table and PATH and enters it in neither."""
    if not sh.dialect.applets:
        return False
    from .interp import busybox_applets
    return name in busybox_applets()


def hash_name(sh: "Shell", name: str) -> bool:
    """builtins/hash.def ``add_hashed_command`` (``hash NAME``): the PATH walk
    (``find_user_command``), the entry made with no hit (``phash_insert``), the
    walk's path freed; False if no executable file was found. busybox sh's
    applets are found and not entered (:func:`_standalone_applet`)."""
    if _standalone_applet(sh, name):
        return True
    if sh.noexec is not None:
        found = search_path(sh, name)
        if found:
            sh.hashed[name] = (found[0], 0)
        return bool(found)
    path = search_chunks(sh, name)
    if path is None:
        return False
    insert(sh, name, path, 0)
    free_command_path(sh)
    return True


def remove(sh: "Shell", name: str) -> bool:
    """``phash_remove`` (``hash -d``): the entry and its chunks gone; False if
    ``name`` was not hashed."""
    if sh.hashed.pop(name, None) is None:
        return False
    _drop_chunks(sh, (name,))
    return True


def command_path(sh: "Shell", name: str, found: bool, direct: bool = False) -> None:
    """findcmd.c ``search_for_command`` for a command bash runs from disk
    (``found``: the model has its program): a name with a slash copied
    (``savestring``); a hashed name's path copied (``phash_search``) and a hit
    counted; else the PATH walk (:func:`search_chunks`) and, for a program
    found, its entry (:func:`insert` with one hit). The copy is
    ``sh.cmd_path``, which the parent frees after the fork
    (:func:`free_command_path`); busybox sh (``ash.c find_command``) makes none
    of these. A name not found leaves no entry, as in bash. A process that
    execs the command itself (``direct``: a forked child's, or ``exec``) makes
    the entry without chunks: its arena goes with the exec (``exec_mmap``), and
    the pages the search writes are among its calibrated faults (kernel/fork.py
    ``FORKED_BASH_FAULTS``)."""
    bash = sh.noexec is None and not direct
    if "/" in name:
        if bash:
            sh.cmd_path = sh.heap.malloc(len(name) + 1)
        return
    e = sh.hashed.get(name)
    if e is not None:
        path = _path(sh, name, e[0])
        sh.hashed[name] = (path, e[1] + 1)
        if bash:
            sh.cmd_path = sh.heap.malloc(len(path) + 1)
        return
    if not bash:
        if found and not _standalone_applet(sh, name):
            sh.hashed[name] = (None, 1)
        return
    if sh.hash_start and found:
        found_at = search_path(sh, name)    # in the start-up heap: no chunk
        insert(sh, name, found_at[0] if found_at else name, 1)
        return
    path = search_chunks(sh, name)
    if found:
        insert(sh, name, path or name, 1)


def free_command_path(sh: "Shell") -> None:
    """``execute_disk_command``'s ``FREE (command)`` in the parent after
    ``make_child``, for a bash whose fork writes are a fit (the gnu userland's,
    kernel/fork.py ``BASH_FORK_WRITES``: its page write among them, not made
    again); the guests' bash frees it in shell/malloc.py ``Heap.fork_return``,
    its page written there."""
    c = sh.cmd_path
    if c is not None:
        sh.cmd_path = None
        heap = sh.heap
        d, heap.deferred = heap.deferred, set()
        heap.free(c)
        heap.deferred = d


def _path(sh: "Shell", name: str, path: str | None) -> str:
    """An entry's path, found by the PATH search when it is first asked for."""
    if path is None:
        found = search_path(sh, name, test=_executable)
        path = found[0] if found else name
    return path


def lookup(sh: "Shell", name: str) -> str | None:
    """hashcmd.c ``phash_search``: the entry's path (a hit counted), or None."""
    e = sh.hashed.get(name)
    if e is None:
        return None
    path = _path(sh, name, e[0])
    sh.hashed[name] = (path, e[1] + 1)
    if sh.noexec is None:
        heap = sh.heap                  # the copy phash_search returns, freed
        heap.free(heap.malloc(len(path) + 1))
    return path


def flush(sh: "Shell") -> None:
    """``phash_flush``: PATH changed; each entry's chunks freed in the table's
    order (``hash_flush``), the table itself kept."""
    if sh.hashed:
        if sh.hash_chunks:
            _drop_chunks(sh, table_order(sh.hashed, FILENAME_HASH_BUCKETS))
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


def cmdtable_bucket(name: str) -> int:
    """ash.c/dash exec.c ``cmdlookup``'s bucket of ``name`` among
    ``CMDTABLESIZE`` (31): ``hashval = first << 4``, plus each byte, & 0x7fff."""
    b = name.encode("utf-8", "surrogateescape")
    h = (b[0] << 4) if b else 0
    return ((h + sum(b)) & 0x7FFF) % 31


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
        if name in sh.dialect.keywords:
            say("keyword", f"{name} is a shell keyword", None if path_only else name)
            found = True
            if not every:
                return True, "".join(out)
        body = None if nofuncs else sh.funcs.get(name)
        if body is not None:
            fn_is = sh.dialect.function_is
            if fn_is is None:
                from .printcmd import function_string
                sentence = f"{name} is a function\n{function_string(name, body)}"
            else:
                sentence = f"{name} is {fn_is}"     # the ash family: no body
            say("function", sentence, None if path_only else name)
            found = True
            if not every:
                return True, "".join(out)
        if name in sh.builtins or name in (sh.dialect.builtins or ()):
            # (busybox sh's ``[[`` is its builtintab's, the model's a construct)
            special = "special " if name in sh.dialect.special_builtins else ""
            say("builtin", f"{name} is a {special}shell builtin", None if path_only else name)
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
            # the ash family: dash's " is a tracked alias for PATH", busybox's " is PATH"
            say("file", f"{name} is {sh.dialect.tracked_alias}{path}" if sh.dialect.ash_errors
                else f"{name} is hashed ({path})", path)
            return True, "".join(out)
    if "/" not in name:
        for path in search_path(sh, name, every):
            say("file", f"{name} is {path}", path)
            found = True
            if sh.dialect.ash_errors and not every:
                # ash.c/dash exec.c describe_command's find_command enters it
                sh.hashed.setdefault(name, (path, 0))
                break
    return found, "".join(out)
