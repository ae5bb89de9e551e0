"""The shell's per-command heap work alone (bench/README.md, session 27): ``N`` times
``Heap.free_many(Heap.malloc_many(SIZES))`` on an arena warmed by three rounds, the
seed loop's two kinds of command (8 requests, all from the tcache; 11 requests, two
past bin 0's seven chunks: from the fastbin the previous free filled), the page
writes going to a stand-in that does nothing.

Run under cachegrind, ``N`` and 0, the difference over ``N`` is one command's
instructions: ``PYTHONPATH=TREE/src valgrind --tool=cachegrind --cache-sim=no
python bench/heap_commands.py 2000 8`` (and ``11``; ``0 8`` for the base).
"""
from __future__ import annotations

import sys

from memcgsim.shell.malloc import Heap

#: the seed's commands' requests (shell/bashmem.py ``command_sizes``): ``echo $$ >
#: cgroup.procs`` and ``mkdir kmem_test`` kinds
SIZES = {"8": (32, 24, 16, 6, 16, 16, 10, 16),
         "11": (32, 24, 16, 5, 16, 16, 3, 16, 48, 16, 23)}


class _NoFaults:
    """A SysAPI stand-in whose page writes cost nothing."""

    def touch(self, task, area, first, last) -> None:
        """A write to pages ``first..last`` of ``area``: nothing to do."""


def main() -> None:
    """Run ``argv[1]`` commands of the kind ``argv[2]`` ("8" or "11")."""
    n, kind = int(sys.argv[1]), sys.argv[2]
    h = Heap(_NoFaults(), None, top=0, brk=0)
    for _ in range(3):
        h.free_many(h.malloc_many(SIZES["8"]))
        h.free_many(h.malloc_many(SIZES["11"]))
    sizes = SIZES[kind]
    for _ in range(n):
        h.free_many(h.malloc_many(sizes))


if __name__ == "__main__":
    main()
