"""A what-if for docs/fidelity.md item 479's second kind (session 45, branch mem45): the
per-CPU ``lru_add`` batch (mm/swap.c ``__lru_cache_add`` v5.10: ``if (!pagevec_add(pvec,
page) || PageCompound(page)) __pagevec_lru_add(pvec)``; v6.1's folio batch alike) as a
count per CPU of the LRU pages the model allocates (anon, file, tmpfs and block-device
pages), emptied at PAGEVEC_SIZE and by an exiting mm's ``exit_mmap`` (its
``lru_add_drain``); no other drain. A new block-device page that is its batch's 15th is
on the inactive list with PG_referenced (``find_or_create_page``'s FGP_ACCESSED) when
``__getblk_slow``'s lookup marks it again, so it is activated with PGACTIVATE. Prints,
for a script run as the oracle's guests run it, the model's pgactivate lines and those
pages (CPU, pfn, time, page index); the model itself is not changed.

    PYTHONPATH=src .venv/bin/python tools/sizes/lru_add_batch_whatif.py SCRIPT 5.10|6.1 [v1|v2]
"""
from __future__ import annotations

import sys

import memcgsim
from memcgsim.kernel import fork, page_alloc
from memcgsim.oracle.cli import run_model

#: PAGEVEC_SIZE (include/linux/pagevec.h, v5.10 and v6.1)
PAGEVEC_SIZE = 15
LRU_KINDS = frozenset((page_alloc.PG_ANON, page_alloc.PG_FILE, page_alloc.PG_SHMEM,
                       page_alloc.PG_BUFFER))

_state: dict = {"k": None, "batch": {}, "pages": []}


def _added(kind: int, pfns) -> None:
    """``lru_cache_add`` of ``pfns`` on the current CPU."""
    if kind not in LRU_KINDS:
        return
    k = _state["k"]
    cpu = k.current.cpu if k is not None and k.current is not None else 0
    n = _state["batch"].get(cpu, 0)
    for pfn in pfns:
        n += 1
        if n == PAGEVEC_SIZE:
            n = 0
            if kind == page_alloc.PG_BUFFER:
                t = k.clock.now_ns / 1e9 if k is not None else -1.0
                _state["pages"].append((cpu, pfn, t))
    _state["batch"][cpu] = n


def patch() -> None:
    """Count the LRU pages each CPU adds; empty a CPU's batch at an mm's exit."""
    mm = page_alloc.MemMap
    alloc, alloc_many = mm.alloc, mm.alloc_many

    def alloc_(self, kind, owner, now_ns, order=0):
        pfn = alloc(self, kind, owner, now_ns, order)
        _added(kind, (pfn,))
        return pfn

    def alloc_many_(self, kind, owner, now_ns, n, one_by_one=False):
        pfns = alloc_many(self, kind, owner, now_ns, n, one_by_one)
        _added(kind, pfns)
        return pfns

    mm.alloc, mm.alloc_many = alloc_, alloc_many_
    procs = next(v for v in vars(fork).values()
                 if isinstance(v, type) and "exit_mm" in vars(v))
    exit_mm = procs.exit_mm

    def exit_mm_(self, tsk, lazy=False):
        if tsk.mm is not None:
            _state["batch"][tsk.cpu] = 0        # exit_mmap: lru_add_drain
        return exit_mm(self, tsk, lazy)

    procs.exit_mm = exit_mm_
    kernel_cls = memcgsim.Kernel

    class Kernel(kernel_cls):       # type: ignore[misc,valid-type]
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            _state["k"] = self

    memcgsim.Kernel = Kernel


def main(argv: list[str]) -> None:
    script, design = argv[0], argv[1]
    cgroup = argv[2] if len(argv) > 2 else "v2"
    patch()
    with open(script) as f:
        res = run_model(f.read(), script.rsplit("/", 1)[-1], design, cgroup, 2)
    print("\n".join(line for line in res.stdout.splitlines() if "pgactivate" in line))
    k = _state["k"]
    for cpu, pfn, t in _state["pages"]:
        print(f"15th-page block-device add: cpu {cpu} pfn {pfn} t {t:.3f} s "
              f"index {k.filemap.pages.index[pfn]}")


if __name__ == "__main__":
    main(sys.argv[1:])
