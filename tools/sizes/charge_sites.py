"""The pages each task charged, by memcg, site and CPU, from a trace of
``tools/sizes/stock_trace.py --mm`` (session 31, stock31: docs/fidelity.md item
145): every ``try_charge`` (``tc``, a stock hit or a batch) with its folded stack,
the site named by the first kernel function of the chain that tells it
(``wp_page_copy``: ``cow``; a fault's ``charge_memcg`` from ``__handle_mm_fault``:
``anon``; ``do_fault``: ``file-cow``; ``shmem_add_to_page_cache``: ``shmem``;
``pte_alloc_one``/``__pmd_alloc``/``__pud_alloc``/``__p4d_alloc``: ``pgtables``;
``pgd_alloc``: ``pgd``; ``memcg_charge_kernel_stack``: ``kstack``;
``obj_cgroup_charge``: ``obj`` (the obj stock's whole pages) ...), and the pages
each CPU's stock took back (``rfs``: ``refill`` by site too). tools/sizes/
model_charge_sites.py prints the model's in the same form.

    python3 tools/sizes/charge_sites.py TRACE.txt[.gz] [--cpu] [--memcg NAME]
"""
import sys
from collections import Counter

from stock_replay import EV, args_of, read_trace, stack_after   # tools/sizes/

#: kernel functions (in a folded stack) that name a charge's or a refill's site
SITES = (
    ("wp_page_copy", "cow"), ("do_fault", "file-cow"), ("shmem_add_to_page_cache", "shmem"),
    ("__filemap_add_folio", "cache"), ("add_to_page_cache", "cache"),
    ("pgd_alloc", "pgd"), ("pte_alloc_one", "pgtables"), ("__pmd_alloc", "pgtables"),
    ("__pud_alloc", "pgtables"), ("__p4d_alloc", "pgtables"),
    ("memcg_charge_kernel_stack", "kstack"), ("account_kernel_stack", "kstack"),
    ("pgd_free", "pgd"), ("__mmdrop", "mmdrop"), ("release_task", "release_task"),
    ("drain_obj_stock", "obj-drain"), ("obj_cgroup_charge", "obj"),
    ("obj_cgroup_uncharge", "obj"), ("kmem_cache_free", "obj"),
    ("__get_user_pages", "anon"), ("__handle_mm_fault", "anon"), ("try_charge", "batch"),
)


def site_of(stack: str) -> str:
    """The site of a folded stack's event."""
    frames = [f.lstrip("<") for f in stack.split()[1:]]
    for fr in frames[1:]:
        for key, site in SITES:
            if fr.startswith(key):
                return site
    return "/".join(frames[1:4]) or "?"


def main(argv: list[str]) -> int:
    """Print the pages charged and refilled by task, memcg, site (and CPU)."""
    path = argv[0]
    by_cpu = "--cpu" in argv
    only = argv[argv.index("--memcg") + 1] if "--memcg" in argv else None
    lines = read_trace(path)
    pages: Counter = Counter()
    for i, ln in enumerate(lines):
        m = EV.match(ln)
        if not m or m.group(3) not in ("tc", "rfs"):
            continue
        args = args_of(m.group(5))
        memcg = args.get("memcg", "?")
        if memcg.startswith("0x") or (only and memcg != only):
            continue
        stack = stack_after(lines, i)
        pid = m.group(4).rsplit("-", 1)[-1]
        key = (int(pid) if pid.isdigit() else 0, memcg,
               ("+" if m.group(3) == "tc" else "refill ") + site_of(stack))
        if by_cpu:
            key += (int(m.group(1)),)
        pages[key] += int(args.get("nr", "0"))
    for key in sorted(pages):
        print(" ".join(str(x) if j < 3 else f"cpu{x}" for j, x in enumerate(key)), pages[key])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
