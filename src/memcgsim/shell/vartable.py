"""bash's start-up hash tables of variables and functions in its arena: the words a
new name or a removed one writes there.

bash 5.2 variables.c ``create_variable_tables`` makes the global variables' table
(``hash_create (VARIABLES_HASH_BUCKETS)``, 1024 buckets) and the functions' two
(``FUNCTIONS_HASH_BUCKETS``, 512: ``shell_functions`` and, with the debugger
support Debian builds, ``shell_function_defs``) before the environment is read, so
their chunks sit at the same offsets in every bash of the guests (a script's, a
``bash -c``'s with or without exports: shell/startheap.py ``GUEST_HASH_TABLES``).
hashlib.c ``hash_insert`` (``make_new_variable``, ``bind_function``,
``bind_function_def``: ``HASH_NOSRCH``) puts the new ``BUCKET_CONTENTS`` at its
bucket's head, ``table->bucket_array[bucket] = item``, and counts
``table->nentries++``; ``hash_remove`` (``unbind_variable``, ``unbind_func``)
unlinks it (``prev->next`` or the bucket's slot) and counts ``nentries--``. The
``HASH_TABLE`` (its ``nentries``) is on the heap's page 1, the variables' slots on
pages 1-3 (by ``hash_string``'s bucket): the first new variable a bash makes while a
forked child still maps those start-up pages copies them (docs/fidelity.md item
321: v2-daemon-rmdir's ``d=$!``, 5.10 guest).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .assoc import _hash
from .malloc import CHUNK_HDR_SZ
from .startheap import GUEST_HASH_TABLES

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell

#: hashlib.h ``HASH_TABLE``: ``bucket_array``, ``nbuckets``, then ``nentries``
NENTRIES = 12
#: hashlib.h ``BUCKET_CONTENTS``' ``next``, its first word
NEXT = 0


class HashTable:
    """One of bash's start-up hash tables: its ``HASH_TABLE`` chunk, its bucket
    array's chunk (both offsets in ``[heap]``), its bucket count."""
    __slots__ = ("table", "buckets", "nbuckets")

    def __init__(self, table: int, buckets: int, nbuckets: int) -> None:
        self.table = (table, 2 * CHUNK_HDR_SZ)
        self.buckets = (buckets, nbuckets * 8 + CHUNK_HDR_SZ)
        self.nbuckets = nbuckets

    def slot(self, name: str) -> int:
        """``HASH_BUCKET``: the name's bucket, ``hash_string`` masked."""
        return _hash(name) & (self.nbuckets - 1)


def tables(spec: dict | None) -> dict | None:
    """The tables of a userland's bash (shell/startheap.py ``GUEST_HASH_TABLES``'s
    form: name -> (table chunk, bucket array chunk, buckets)); None: not traced."""
    if spec is None:
        return None
    return {k: HashTable(*v) for k, v in spec.items()}


def insert(sh: "Shell", which: str, name: str) -> None:
    """``hash_insert`` of ``name`` in the table ``which``: its bucket's slot set to
    the new item, the count up. The names made here are kept per bucket, newest
    first (``sh.hash_chains``), for :func:`remove`'s unlinking."""
    t = sh.hash_tables[which]
    heap = sh.heap
    b = t.slot(name)
    heap.store(t.buckets, 8 * b, 8)
    heap.store(t.table, NENTRIES, 4)
    chains = sh.hash_chains
    key = (which, b)
    chains[key] = (name,) + chains.get(key, ())


def remove(sh: "Shell", which: str, name: str, bucket_of=None) -> None:
    """``hash_remove`` of ``name`` from the table ``which``: the item before it in
    its bucket relinked (its ``next``, when ``bucket_of`` gives that item's chunk),
    or, the bucket's first, its slot; the count down. A start-up name is behind
    every one made since in its bucket."""
    t = sh.hash_tables[which]
    heap = sh.heap
    b = t.slot(name)
    key = (which, b)
    chain = sh.hash_chains.get(key, ())
    i = chain.index(name) if name in chain else len(chain)
    if i == 0:
        heap.store(t.buckets, 8 * b, 8)
    elif bucket_of is not None:
        prev = bucket_of(chain[i - 1])
        if prev is not None:
            heap.store(prev, NEXT, 8)
    heap.store(t.table, NENTRIES, 4)
    if i < len(chain):
        rest = chain[:i] + chain[i + 1:]
        if rest:
            sh.hash_chains[key] = rest
        else:
            del sh.hash_chains[key]


#: Per userland, its bash's start-up tables (None: not traced: the gnu userland's
#: fork writes are a fit of the totals, no arena laid out)
HASH_TABLES = {"gnu": None, "busybox": tables(GUEST_HASH_TABLES)}
