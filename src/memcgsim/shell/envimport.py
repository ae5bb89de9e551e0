"""What bash 5.2 allocates at start-up for its environment: each imported variable's
chunks in its arena, before the rest of its start-up's.

variables.c ``initialize_shell_variables`` runs right after
``create_variable_tables`` (the tables' chunks, shell/startheap.py
``GUEST_HASH_TABLES``, come first) and binds each ``NAME=VALUE`` of the environment
in order: ``bind_variable`` → ``bind_variable_internal`` → ``make_new_variable``
(``new_shell_variable``: the ``SHELL_VAR``, ``xmalloc (sizeof (SHELL_VAR))``, and
``savestring (name)``; ``hash_insert (savestring (name), table, HASH_NOSRCH)``: the
key's copy, then the ``BUCKET_CONTENTS``), ``make_variable_value``'s ``savestring
(value)``; then ``CACHE_IMPORTSTR (temp_var, name)``, the exportstr, a copy of
``NAME=VALUE``. A name that is no identifier goes to ``invalid_env`` the same way
(``bind_invalid_envvar``, the table made at the first: ``hash_create (64)``). A
function (``BASH_FUNC_NAME%%=() {...}``) is parsed (``parse_and_execute``): the
model's ``Shell.import_functions``. The variables bash makes anyway at start-up
(``set_if_not``, ``set_pwd``, ``set_machine_vars``, the dynamic ones) cost their
exportstr only, and their value's size over bash's own default when the imported
value is kept; those it binds again with its own value (``adjust_shell_level``'s
``SHLVL``, ``IFS``, ...) free the imported value and exportstr. hashlib.c
``hash_insert``: the table grows (``hash_grow``: ``HASH_SHOULDGROW``, entries
``>= nbuckets * HASH_REHASH_FACTOR`` 2; ``hash_rehash`` by
``HASH_REHASH_MULTIPLIER`` 4: a new bucket array, the old one freed).

Read from the guests' bash-static 5.2.15 (calibration/bash-c-env.sh, both kernels,
recordings calibration/recordings/bash-c-env--K-v2.txt, calibration/bash-c-env.py):
a ``bash -c`` of 20 and 200 variables ``E001=`` + 20 bytes holds 3 chunks of 32 bytes
(two names, the value), 2 of 48 (the bucket, the exportstr) and a 64-byte
``SHELL_VAR`` a variable (and, once its first command forks, a 48-byte copy in the
export environment), its start-up chunks after the import every 256 bytes a
variable further (the tables made after it: 5120 and 51200 bytes), the script's own
environment's (``HOME``, ``TERM``, ``PATH``, ``PWD``, ``SHLVL``, ``_``) 320 bytes past
an empty one's: this module's figures exactly. The start-up arena the model lays
out (shell/malloc.py ``HEAP_START``, ``SCRIPT_START``) is the plain environment's:
another environment moves what follows the import by the difference
(:func:`import_shift`): the oracle's script bash runs in the one its arena was
read with, and moves nothing.
"""
from __future__ import annotations

from .malloc import BUCKET_CONTENTS_SIZE, MINSIZE, SHELL_VAR_SIZE, TOP_PAD, chunk_size, page_up
from .scan import is_name

#: The 46 variables a non-interactive bash 5.2.15 has after its start-up with an
#: empty environment (``env -i bash -c``: the global table's names in
#: calibration/recordings/bash-c-env--K-v2.txt's "env0" arena)
START_VARS = frozenset((
    "BASH", "BASHOPTS", "BASHPID", "BASH_ALIASES", "BASH_ARGC", "BASH_ARGV", "BASH_ARGV0",
    "BASH_CMDS", "BASH_COMMAND", "BASH_EXECUTION_STRING", "BASH_LINENO",
    "BASH_LOADABLES_PATH", "BASH_SOURCE", "BASH_SUBSHELL", "BASH_VERSINFO", "BASH_VERSION",
    "COMP_WORDBREAKS", "DIRSTACK", "EPOCHREALTIME", "EPOCHSECONDS", "EUID", "FUNCNAME",
    "GROUPS", "HISTCMD", "HOSTNAME", "HOSTTYPE", "IFS", "LINENO", "MACHTYPE", "OLDPWD",
    "OPTERR", "OPTIND", "OSTYPE", "PATH", "PPID", "PS4", "PWD", "RANDOM", "SECONDS", "SHELL",
    "SHELLOPTS", "SHLVL", "SRANDOM", "TERM", "UID", "_"))
#: Of those, the ones whose imported value bash keeps (variables.c ``set_if_not``:
#: ``_``, ``PATH``, ``TERM``, ``PS4``, ``BASH_LOADABLES_PATH``, ``set_machine_vars``'
#: ``HOSTTYPE``, ``OSTYPE``, ``MACHTYPE``, ``HOSTNAME``; ``set_shell_var``'s
#: ``SHELL``; ``set_pwd``'s ``PWD`` naming the working directory; ``OLDPWD``
#: naming a directory), with the value bash gives them otherwise (None: a
#: variable with no value; ``_``'s is ``$0``, PWD's the working directory's: the
#: imported one's length, for the model)
KEPT = {"PATH": "/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin:.",
        "TERM": "dumb", "PS4": "+ ",
        "BASH_LOADABLES_PATH": "/usr/local/lib/bash:/usr/lib/bash:/opt/local/lib/bash:"
                               "/usr/pkg/lib/bash:/opt/pkg/lib/bash:.",
        "HOSTTYPE": "x86_64", "OSTYPE": "linux-gnu", "MACHTYPE": "x86_64-pc-linux-gnu",
        "SHELL": "/bin/bash", "OLDPWD": None, "_": "bash", "PWD": None, "HOSTNAME": None}
#: The environment of the guests' ``bash -c`` run by a script's bash with nothing
#: exported of its own ("plain" in calibration/recordings/bash-c-env--K-v2.txt: its
#: exportstrs), which the laid-out start-up arenas were read with
PLAIN_ENV = {"PWD": "/mnt/disk/work", "HOME": "/root", "TERM": "linux", "SHLVL": "3",
             "PATH": "/bin:/sbin", "_": "/bin/bash"}
#: variables.c ``VARIABLES_HASH_BUCKETS``; hashlib.c ``HASH_REHASH_FACTOR``,
#: ``HASH_REHASH_MULTIPLIER``; ``bind_invalid_envvar``'s ``hash_create (64)``
VARIABLES_HASH_BUCKETS = 1024
HASH_REHASH_FACTOR = 2
HASH_REHASH_MULTIPLIER = 4
INVALID_ENV_BUCKETS = 64
#: hashlib.h ``HASH_TABLE`` (bucket_array, nbuckets, nentries)
HASH_TABLE_SIZE = 16


def _len(s: str) -> int:
    return len(s.encode("utf-8", "surrogateescape"))


def _function(name: str, value: str) -> bool:
    """An exported function's string (``BASHFUNC_PREFIX``, ``BASHFUNC_SUFFIX``)."""
    return name.startswith("BASH_FUNC_") and name.endswith("%%") and value.startswith("() {")


def import_bytes(env: dict[str, str]) -> int:
    """The bytes of the chunks ``initialize_shell_variables`` leaves in the arena for
    ``env``'s variables past those bash makes with an empty environment (functions
    left to ``Shell.import_functions``)."""
    total = 0
    entries = len(START_VARS)
    nbuckets = VARIABLES_HASH_BUCKETS
    invalid = False
    for name, value in env.items():
        if _function(name, value):
            continue
        n, v = _len(name), _len(value)
        if name in START_VARS:
            if name in KEPT:
                default = KEPT[name]
                if name in ("PWD", "HOSTNAME"):
                    default = value
                total += chunk_size(n + v + 2) + chunk_size(v + 1)
                if default is not None:
                    total -= chunk_size(_len(default) + 1)
            continue
        if not is_name(name) and not invalid:
            invalid = True
            total += chunk_size(HASH_TABLE_SIZE) + chunk_size(8 * INVALID_ENV_BUCKETS)
        elif is_name(name):
            entries += 1
            if entries > nbuckets * HASH_REHASH_FACTOR:
                # hash_rehash: the new array, the old one's chunk freed and taken by
                # the requests that follow
                total += chunk_size(8 * nbuckets * HASH_REHASH_MULTIPLIER) - chunk_size(8 * nbuckets)
                nbuckets *= HASH_REHASH_MULTIPLIER
        total += (chunk_size(SHELL_VAR_SIZE) + 2 * chunk_size(n + 1)
                  + chunk_size(BUCKET_CONTENTS_SIZE) + chunk_size(v + 1) + chunk_size(n + v + 2))
    return total


def import_shift(env: dict[str, str], base: dict[str, str]) -> int:
    """How much further than the laid-out start-up arena's the chunks bash makes
    after importing ``env`` lie: :func:`import_bytes` of ``env`` less that of
    ``base``, the environment the arena was read with (:data:`PLAIN_ENV` for a
    ``bash -c``'s, the script bash's own for a script's)."""
    return import_bytes(env) - import_bytes(base)


#: The first chunk bash allocates after ``create_variable_tables``' (the end of
#: ``shell_function_defs``' bucket array, chunk 18720 + 4112, in every arena
#: dumped: shell/startheap.py ``GUEST_HASH_TABLES``): start-up chunks from here on
#: follow the environment's
IMPORT_AT = 18720 + chunk_size(8 * 512)


def shifted(offset: int, shift: int) -> int:
    """A start-up chunk's offset in a bash whose environment moved its chunks by
    ``shift``: those made after the import move."""
    return offset + shift if offset >= IMPORT_AT else offset


def shifted_arena(arena: dict, shift: int) -> dict:
    """shell/startheap.py ``GUEST_SCRIPT_ARENA``'s form, its chunks and top moved by
    ``shift`` past the import (the heap's end grown as ``sysmalloc`` grows it when
    the top passes it: :func:`brk_for`)."""
    if not shift:
        return arena
    top = arena["top"] + shift
    return {"top": top, "brk": brk_for(top, arena["brk"]),
            "tcache": {s: [shifted(p, shift) for p in lst] for s, lst in arena["tcache"].items()},
            "fastbins": {s: [shifted(p, shift) for p in lst] for s, lst in arena["fastbins"].items()},
            "bins": {i: [(shifted(p, shift), size) for p, size in lst]
                     for i, lst in arena["bins"].items()}}


def brk_for(top: int, brk: int) -> int:
    """The heap's end once the top chunk starts at ``top``: ``brk`` while the top's
    header and a minimal chunk fit, else grown as glibc's ``sysmalloc`` grows it
    (``nb + mp_.top_pad + MINSIZE`` past the old top, page-aligned)."""
    if top + MINSIZE <= brk:
        return brk
    return page_up(top + TOP_PAD + MINSIZE)
