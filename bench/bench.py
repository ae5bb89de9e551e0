"""memcgsim benchmarks: operations per second of the model's hot paths.

Run: ``make bench`` (or ``python bench/bench.py``). Figures go in bench/README.md.
"""
from __future__ import annotations

import gc
import os
import subprocess
import sys
import time

from memcgsim import Kernel
from memcgsim.workload.seed import seed_loop

M = "/sys/fs/cgroup/memory"
HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "..", "shared", "seed", "kmem_test.sh")


def _kernel_in_cgroup(design: str):
    k = Kernel(design=design, cgroup="v1", nr_cpus=2)
    sh = k.spawn("bash")
    k.mkdir(M + "/a", sh)
    k.write(M + "/a/cgroup.procs", str(sh.pid), sh)
    return k, sh


def bench_stock_fast_path(design: str, n: int = 1_000_000) -> float:
    """try_charge served by the per-CPU stock, then uncharge into it."""
    k, sh = _kernel_in_cgroup(design)
    mc = k.memcg
    memcg = k.task_memcg(sh)
    k.current = sh
    mc.try_charge(memcg, 1)
    mc.refill_stock(memcg, 1)
    t = time.perf_counter()
    for _ in range(n // 2):
        mc.try_charge(memcg, 1)
        mc.refill_stock(memcg, 1)
    return n / (time.perf_counter() - t)


def bench_kmem_page(design: str, n: int = 200_000) -> float:
    """A kmem page charged and uncharged (memcg_kmem_charge_page/uncharge_page)."""
    k, sh = _kernel_in_cgroup(design)
    mc = k.memcg
    k.current = sh
    pfn = k.mem_map.alloc(8, sh.pid, 0)
    charge, uncharge = mc.memcg_kmem_charge_page, mc.memcg_kmem_uncharge_page
    t = time.perf_counter()
    for _ in range(n):
        charge(pfn)
        uncharge(pfn)
    return n / (time.perf_counter() - t)


def bench_slab_object(design: str, n: int = 200_000) -> float:
    k, sh = _kernel_in_cgroup(design)
    slab = k.slab
    c = slab.cache("dentry", 192, reclaimable=True)
    k.current = sh
    t = time.perf_counter()
    for _ in range(n):
        slab.kmem_cache_free(c, slab.kmem_cache_alloc(c))
    return n / (time.perf_counter() - t)


def bench_fork_exit(design: str, n: int = 20_000) -> float:
    k, sh = _kernel_in_cgroup(design)
    t = time.perf_counter()
    for _ in range(n):
        c = k.fork(sh)
        k.exit(c)
        k.reap(c)
    return n / (time.perf_counter() - t)


def bench_seed_loop(design: str) -> float:
    """The cover letter's 500 iterations through the Python API (boot included);
    seconds. The garbage of the benchmarks before is collected first (the
    collector stays on while the loop runs)."""
    gc.collect()
    t = time.perf_counter()
    seed_loop(Kernel(design=design, cgroup="v1", nr_cpus=2))
    return time.perf_counter() - t


def bench_seed_script(design: str) -> float | None:
    """The whole ``memcgsim run`` process on the seed script; wall seconds."""
    if not os.path.exists(SEED):
        return None
    exe = os.path.join(os.path.dirname(sys.executable), "memcgsim")
    t = time.perf_counter()
    r = subprocess.run([exe, "run", SEED, "--kernel", design], capture_output=True)
    if r.returncode:
        return None
    return time.perf_counter() - t


def main() -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    for design in ("5.12", "5.13"):
        print(f"design {design}:")
        print(f"  stock fast path        {bench_stock_fast_path(design):12,.0f} ops/s")
        print(f"  kmem page charge+unch. {bench_kmem_page(design):12,.0f} pairs/s")
        print(f"  slab object alloc+free {bench_slab_object(design):12,.0f} pairs/s")
        print(f"  fork+exit              {bench_fork_exit(design):12,.0f} tasks/s")
        print(f"  seed loop (API, 500)   {bench_seed_loop(design):12.3f} s")
        s = bench_seed_script(design)
        print(f"  memcgsim run seed      {s:12.3f} s" if s is not None
              else "  memcgsim run seed      (not available)")


if __name__ == "__main__":
    main()
