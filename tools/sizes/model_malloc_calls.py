"""The model's bash heap calls for a script (docs/fidelity.md item 133, branch
heap30), in the form of calibration/bash-malloc-trace.sh's raw shim output, so that
the two can be laid side by side window by window (a fork of the script's bash
starts a window: ``F`` lines):

    PYTHONPATH=src python3 tools/sizes/model_malloc_calls.py SCRIPT [--kernel K] [--cgroup V]

One call a line: ``m SIZE OFF``, ``f OFF``, ``r OLD SIZE NEW`` (offsets of the chunk
in ``[heap]``, an mmap'd chunk as ``mmapN``), ``F CHILD`` at each fork, ``X`` at an
exec of a child.
"""
from __future__ import annotations

import sys

from model_guest import guest_kernel, guest_parser     # tools/sizes/


def main(argv: list[str]) -> int:
    a = guest_parser(__doc__).parse_args(argv)
    from memcgsim.shell import run_script
    from memcgsim.shell import malloc as M
    k = guest_kernel(a)
    shell: list = []
    out = sys.stdout

    def off(chunk) -> str:
        if chunk is None:
            return "-"
        addr = chunk[0]
        return f"mmap{-addr}" if addr < 0 else str(addr + 16)

    malloc, free, realloc = M.Heap.malloc, M.Heap.free, M.Heap.realloc

    def mine(h) -> bool:
        return bool(shell) and h.task is shell[0]

    def m(self, n, *args, **kw):
        c = malloc(self, n, *args, **kw)
        if mine(self):
            out.write(f"m {n} {off(c)}\n")
        return c

    def f(self, chunk):
        if mine(self) and chunk is not None:
            out.write(f"f {off(chunk)}\n")
        return free(self, chunk)

    def r(self, chunk, n, *args, **kw):
        o = off(chunk)
        c = realloc(self, chunk, n, *args, **kw)
        if mine(self):
            out.write(f"r {o} {n} {off(c)}\n")
        return c

    many, free_many = M.Heap.malloc_many, M.Heap.free_many

    def mm(self, sizes):
        cs = many(self, sizes)
        if mine(self):
            out.writelines(f"m {n} {off(c)}\n" for n, c in zip(sizes, cs))
        return cs

    def fm(self, chunks, *args, **kw):
        if mine(self):
            out.writelines(f"f {off(c)}\n" for c in reversed(chunks) if c is not None)
        return free_many(self, chunks, *args, **kw)

    M.Heap.malloc, M.Heap.free, M.Heap.realloc = m, f, r
    M.Heap.malloc_many, M.Heap.free_many = mm, fm
    spawn, fork = k.spawn, k.fork

    def my_spawn(comm="bash"):
        t = spawn(comm)
        if not shell:
            shell.append(t)
        return t

    def my_fork(parent, *args, **kw):
        child = fork(parent, *args, **kw)
        if shell and parent is shell[0]:
            out.write(f"F {child.pid}\n")
        return child

    k.spawn, k.fork = my_spawn, my_fork
    run_script(k, open(a.script).read(), a.script.rsplit("/", 1)[-1], seed=a.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
