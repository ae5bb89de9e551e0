"""The model's side of tools/sizes/charge_sites.py (session 31, stock31:
docs/fidelity.md item 145): a script run as the oracle's guest runs it (busybox init
and userland), every page the model charges to a memory cgroup other than the root
counted by task and by site, the site named as charge_sites.py names the guest's
(the model's call chain read for the kernel function it models: ``cow``,
``anon``, ``shmem``, ``pte``/``upper``/``pgd``, ``kstack``, ``obj`` ...), and, with
``--cpu``, by CPU.

    PYTHONPATH=src python3 tools/sizes/model_charge_sites.py SCRIPT --kernel K \
        --cgroup V [--cpus N] [--cpu] [--chain]

Each memcg's held pages (its ``memory`` counter less the pages the stocks keep for
it: what ``try_charge`` gave out, from a stock or the counter) are read at every call
and return of the model's functions (``sys.setprofile``); each change is counted
(`+` charged, `-` uncharged) for the function it happened in. A debugging aid: the
model is unchanged.
"""
from __future__ import annotations

import sys
from collections import Counter

from model_guest import guest_kernel, guest_parser     # tools/sizes/

#: the model's functions (innermost first) that name a charge's site, as
#: charge_sites.py's kernel functions do
SITES = (
    ("alloc_thread_stack", "kstack"), ("_alloc_pgtables", "pgtables"),
    ("alloc_pgd", "pgd"), ("pte_alloc", "pte"), ("_bash_fork_writes", "cow"),
    ("cow", "cow"), ("fault_anon", "anon"), ("shmem", "shmem"),
    ("kmem_cache_alloc", "obj"), ("obj_cgroup_charge", "obj"), ("pipe", "pipe"),
    ("add_to_page_cache", "cache"), ("raw_write", "write"), ("fork_writes", "cow"),
    ("exec", "exec"), ("fork", "fork"), ("filemap", "file"),
)

#: the stock's own functions: a memcg's held pages are not read inside them (a
#: batch is on the counter before its remainder is in the stock)
STOCK_FUNCS = frozenset(("try_charge", "refill_stock", "refill_stock_each", "drain_stock",
                         "obj_cgroup_uncharge_pages", "drain_local_stock",
                         "drain_all_stock", "consume_stock_run"))


def site_of(frame, chain: bool = False) -> str:
    """The first of :data:`SITES` in the call chain above the charge (``chain``:
    the chain's functions up to the shell's)."""
    names = []
    f = frame
    while f is not None and len(names) < 40:
        names.append(f.f_code.co_name)
        f = f.f_back
    if chain:
        return "<".join(names[:9])
    for n in names:
        for key, site in SITES:
            if key in n:
                return site
    return "/".join(names[1:5])


def main(argv: list[str]) -> int:
    """Run the script and print the charged pages by task and site."""
    ap = guest_parser(__doc__)
    ap.add_argument("--cpu", action="store_true", help="by CPU too")
    ap.add_argument("--chain", action="store_true", help="the model's call chain, not the site")
    a = ap.parse_args(argv)
    from memcgsim.shell import run_script
    k = guest_kernel(a)
    mc = k.memcg
    pages: Counter = Counter()
    comms: dict[int, str] = {}
    held: dict = {}

    def held_now(m) -> int:
        # what m's tasks and objects hold: its counter less its pages in the stocks
        return m.memory.usage - sum(st.nr_pages for st in mc.stocks if st.cached is m)

    def prof(frame, event, arg) -> None:
        f = frame
        for _ in range(4):
            if f is None:
                break
            if f.f_code.co_name in STOCK_FUNCS:
                return
            f = f.f_back
        for m in list(mc.idr.values()):
            if m is None or m is mc.root_mem_cgroup:
                continue
            h = held_now(m)
            d = h - held.get(m, 0)
            if not d:
                continue
            held[m] = h
            t = k.current
            comms[t.pid] = t.comm
            f = frame if event in ("return", "c_return", "c_exception") else frame.f_back
            key = (t.pid, getattr(m.cgroup, "name", "?"), site_of(f, a.chain),
                   "+" if d > 0 else "-")
            if a.cpu:
                key += (t.cpu,)
            pages[key] += abs(d)
    text = open(a.script).read()
    sys.setprofile(prof)
    try:
        res = run_script(k, text, a.script, seed=a.seed)
    finally:
        sys.setprofile(None)
    sys.stdout.write(res.stdout)
    for key in sorted(pages):
        pid, cg, site, sign = key[:4]
        print(f"{pid} {comms[pid]} {cg} {site} {sign}" + (f" cpu{key[4]}" if a.cpu else "")
              + f" {pages[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
