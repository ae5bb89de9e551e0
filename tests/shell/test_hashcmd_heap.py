"""bash's command hash table and PATH search in its arena (shell/hashcmd.py;
docs/fidelity.md item 258): what bash 5.2.15 allocates for them
(calibration/bash-hash-walk.sh, traced with calibration/malloc-trace/mtrbt.c)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from memcgsim.shell import hashcmd
from memcgsim.shell.malloc import Heap

PATH = "/usr/local/bin:/usr/bin:/bin"
FILES = {"/usr/bin/cat", "/bin/sleep"}


def _sh(start: bool = False) -> SimpleNamespace:
    sh = SimpleNamespace(heap=Heap(None, None, top=0, brk=1 << 20), noexec=None, hashed={},
                         hash_table=None, hash_chunks={}, hash_start=start, cmd_path=None)
    sh.get = {"PATH": PATH}.get
    return sh


@pytest.fixture(autouse=True)
def _files(monkeypatch):
    monkeypatch.setattr(hashcmd, "_executable", lambda sh, p: p in FILES)


class _LoggedHeap(Heap):
    """A heap that logs its calls: (name, size or sizes or chunk)."""
    __slots__ = ("log",)

    def malloc(self, n, written=None):
        self.log.append(("malloc", n))
        return super().malloc(n, written)

    def malloc_many(self, sizes):
        self.log.append(("malloc_many", sizes))
        return super().malloc_many(sizes)

    def free(self, chunk):
        self.log.append(("free", chunk[1]))
        return super().free(chunk)

    def free_many(self, chunks):
        self.log.append(("free_many", len(chunks)))
        return super().free_many(chunks)


def _calls(sh) -> list:
    heap = _LoggedHeap(None, None, top=sh.heap.top, brk=sh.heap.brk)
    for f in Heap.__slots__:
        setattr(heap, f, getattr(sh.heap, f))
    heap.log = []
    sh.heap = heap
    return heap.log


def test_the_first_program_walks_path_then_makes_the_table_and_its_entry():
    """``cat`` on /usr/local/bin:/usr/bin:/bin: the directory's copy (15) and the
    candidate (19) freed, then /usr/bin's (9) freed and its candidate (13) kept;
    ``hash_create``'s 16 + 2048, the entry's 32, key, 16 and path (the host's
    trace: the same sizes in the same order)."""
    sh = _sh()
    log = _calls(sh)
    hashcmd.command_path(sh, "cat", True)
    assert log == [("malloc", 15), ("malloc", 19), ("free", 32), ("free", 32),
                     ("malloc", 9), ("malloc", 13), ("free", 32),
                     ("malloc_many", (16, 2048)), ("malloc_many", (32, 4, 16, 13))]
    assert sh.hashed == {"cat": ("/usr/bin/cat", 1)}
    assert [c[1] for c in sh.hash_table] == [32, 2064]
    assert [c[1] for c in sh.hash_chunks["cat"]] == [48, 32, 32, 32]
    assert sh.cmd_path is not None and sh.cmd_path[1] == 32
    hashcmd.free_command_path(sh)
    assert sh.cmd_path is None


def test_a_hashed_program_copies_its_path_and_counts_a_hit():
    """``phash_search``: the path's copy, nothing else; the table stays."""
    sh = _sh()
    hashcmd.command_path(sh, "cat", True)
    hashcmd.free_command_path(sh)
    top = sh.heap.top
    log = _calls(sh)
    hashcmd.command_path(sh, "cat", True)
    assert log == [("malloc", 13)] and sh.hashed["cat"] == ("/usr/bin/cat", 2)
    hashcmd.free_command_path(sh)
    assert sh.heap.top == top


def test_the_start_up_heap_holds_the_first_entry_and_the_table():
    """A new bash's start-up heap was read after its first program was hashed: that
    entry takes no chunk, the next name makes its own, and the table is not made
    again."""
    sh = _sh(start=True)
    hashcmd.command_path(sh, "cat", True)
    assert sh.heap.top == 0 and sh.cmd_path is None and sh.hash_chunks == {"cat": ()}
    hashcmd.command_path(sh, "sleep", True)
    assert sh.hash_table == () and len(sh.hash_chunks["sleep"]) == 4
    assert sh.hashed["sleep"] == ("/bin/sleep", 1)


def test_a_path_assignment_frees_every_entry_but_keeps_the_table():
    """``phash_flush``: each entry's path, ``PATH_DATA``, key and bucket freed."""
    sh = _sh()
    hashcmd.command_path(sh, "cat", True)
    hashcmd.free_command_path(sh)
    hashcmd.command_path(sh, "sleep", True)
    hashcmd.free_command_path(sh)
    table = sh.hash_table
    hashcmd.flush(sh)
    assert sh.hashed == {} and sh.hash_chunks == {} and sh.hash_table == table
    free = sum(len(b) for b in sh.heap.tcache.values())
    assert free >= 8


def test_a_name_not_found_walks_every_directory_and_keeps_nothing():
    """No executable file: each directory's strings freed, no entry, no path."""
    sh = _sh()
    hashcmd.command_path(sh, "nosuch", False)
    assert sh.hashed == {} and sh.cmd_path is None and sh.hash_table is None
    assert sum(len(b) for b in sh.heap.tcache.values()) == 2     # 2 sizes, reused
