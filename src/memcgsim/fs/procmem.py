"""/proc/meminfo, /proc/vmstat and /proc/slabinfo as each release prints them.

The line sets, their order and the values at boot are the oracle guests' (kernel/sizes/
boot.py, 2 CPUs, 1 GiB; Percpu and the slab lines at the host's CPU count); every
value the model drives moves from there by what the
model's counters moved since its own boot (``node_page_state``): MemFree falls with
every page, slab page and populated per-CPU page the model allocates. Lines the model
does not drive (VmallocUsed, Committed_AS, DirectMap...) keep their boot values.
"""
from __future__ import annotations

from ..kernel.sizes.boot import BOOT
from ..kernel.sizes.hostmem import by_cpus
from ..kernel.slab import slub_order
from ..kernel.vmstat import PAGE_SIZE, node_page_state, slab_percpu_pages

PAGE_KB = 4


def _delta(k, now: dict[str, int] | None = None) -> dict[str, int]:
    """What ``now`` (default :func:`node_page_state`) moved since the model's boot."""
    if now is None:
        now = node_page_state(k)
    base = k.boot_node_state
    return {key: now[key] - base.get(key, 0) for key in now}


def _slab_percpu_moved(d: dict[str, int]) -> dict[str, int]:
    """/proc/meminfo's Slab and Percpu moves (kB) from :func:`_delta`'s counters."""
    return {"Slab": (d["nr_slab_reclaimable"] + d["nr_slab_unreclaimable"]) * PAGE_KB,
            "Percpu": d["nr_percpu"] * PAGE_KB}


def _meminfo_value(k, boot: dict[str, int], name: str, moved: dict[str, int]) -> int:
    """One /proc/meminfo value: its boot value (:func:`_boot_meminfo`) moved by
    ``moved``, not below 0."""
    return max(0, boot[name] + moved.get(name, 0))


def boot_percpu_kb(release: str, nr_cpus: int) -> int:
    """/proc/meminfo Percpu right after boot at ``nr_cpus`` possible CPUs: the
    recorded 2-CPU value's pages a unit times the units. mm/percpu.c
    ``pcpu_nr_pages()`` is ``pcpu_nr_populated * pcpu_nr_units`` (v5.10 and v6.1):
    every chunk's populated pages count once per unit, and the boot populates the
    same pages of each unit at every CPU count: the guests' probes
    (tools/sizes/recordings/guest-probe--K-v2-Ncpu.txt) read 280 kB a CPU on 5.10
    and 260 on 6.1 at 1, 2, 4, 8, 16, 32 and 64 CPUs, and the pcpu-boot-trace
    recordings at 32 (5.10: 8960 kB) and 64 (6.1: 16640 kB) agree
    (tests/fs/test_boot_meminfo.py; docs/fidelity.md item 426)."""
    boot = dict((n, v) for n, v, _ in BOOT[release]["meminfo"])
    return boot["Percpu"] // BOOT_CPUS * nr_cpus


def boot_kernel_stack_kb(release: str, nr_cpus: int) -> int:
    """/proc/meminfo KernelStack right after boot at ``nr_cpus`` CPUs: the guests'
    probe at that count (kernel/sizes/boot.py ``kernel_stack_kb_by_cpus``: each CPU
    brings its idle task and per-CPU kthreads, ``cpuhp``, ``migration``,
    ``ksoftirqd``, kworkers, their 16 KiB stacks in ``NR_KERNEL_STACK_KB``: 5.10 720
    kB at 1, 848 at 2, 1632 at 8), else interpolated in whole stacks."""
    return by_cpus(BOOT[release]["kernel_stack_kb_by_cpus"], nr_cpus, 16)


def slab_percpu_kb(k) -> tuple[int, int]:
    """/proc/meminfo's Slab and Percpu (kB) as :func:`meminfo` prints them, without
    its other lines (churn samples, workload/metrics.py: no walk of every memcg's
    event counters for pgfault, no count of the pages by kind)."""
    moved = _slab_percpu_moved(_delta(k, slab_percpu_pages(k)))
    boot = _boot_meminfo(k)
    return _meminfo_value(k, boot, "Slab", moved), _meminfo_value(k, boot, "Percpu", moved)


def _boot(k) -> dict:
    return BOOT[k.sizes.release]


def totalram_pages(k) -> int:
    """``totalram_pages()``: the host's MemTotal in pages (the guests' boot
    /proc/meminfo, or kernel/sizes/hostmem.py's for another ``--mem``)."""
    return boot_meminfo_kb(k, "MemTotal") * 1024 // PAGE_SIZE


def _boot_meminfo(k) -> dict[str, int]:
    """/proc/meminfo's values at boot, kB: the recorded guest's (1 GiB, 2 CPUs), or,
    for a host of another size or CPU count, its MemTotal, MemFree and MemAvailable
    (kernel/sizes/hostmem.py; MemAvailable as ``si_mem_available`` computes it from
    them: free less ``totalreserve_pages``, plus the boot's page cache and
    reclaimable slab less their shares of the low watermark)."""
    boot = {name: val for name, val, _ in _boot(k)["meminfo"]}
    rec, unrec = _boot_slab_moved(k)
    if rec or unrec:
        boot["SReclaimable"] += rec
        boot["KReclaimable"] += rec
        boot["SUnreclaim"] += unrec
        boot["Slab"] += rec + unrec
    if k.nr_cpus != BOOT_CPUS:
        boot["Percpu"] = boot_percpu_kb(k.sizes.release, k.nr_cpus)
        boot["KernelStack"] = boot_kernel_stack_kb(k.sizes.release, k.nr_cpus)
    hm = k.hostmem
    if not hm.recorded:
        boot["MemTotal"] = hm.totalram_pages * PAGE_KB
        boot["MemFree"] = hm.boot_free_kb()
        boot["MemAvailable"] = boot["MemFree"] - hm.totalreserve_pages() * PAGE_KB + (
            _available_part(boot["Active(file)"] + boot["Inactive(file)"],
                            boot["KReclaimable"], hm.low_wmark_kb()))
    return boot


def boot_slab_kb(release: str, nr_cpus: int) -> tuple[int, int]:
    """/proc/meminfo's (SReclaimable, SUnreclaim) kB right after boot at ``nr_cpus``
    CPUs: the guests' probe at that count (kernel/sizes/boot.py ``slab_kb_by_cpus``:
    every cache holds a CPU slab and a per-CPU partial list on each CPU, mm/slub.c
    ``kmem_cache_cpu``, so the boot's Slab grows with the CPUs: 5.10 12648 kB at 1,
    13320 at 2, 14804 at 4, 17044 at 8, 20072 at 16), else the line between the two
    probed counts around it; past the last (16) an extrapolation, not a measurement:
    the per-CPU step between the last two."""
    by = BOOT[release]["slab_kb_by_cpus"]
    # in whole pages (the probes' kB are)
    return tuple(by_cpus({c: v[i] for c, v in by.items()}, nr_cpus, PAGE_KB)
                 for i in (0, 1))


def _boot_slab_moved(k) -> tuple[int, int]:
    """What the boot's (SReclaimable, SUnreclaim) at ``k.nr_cpus`` add to the
    recorded 2-CPU probe's, kB."""
    if k.nr_cpus == BOOT_CPUS:
        return 0, 0
    now = boot_slab_kb(k.sizes.release, k.nr_cpus)
    base = BOOT[k.sizes.release]["slab_kb_by_cpus"][BOOT_CPUS]
    return now[0] - base[0], now[1] - base[1]


def boot_meminfo_kb(k, name: str) -> int:
    """One /proc/meminfo value at boot (:func:`_boot_meminfo`), kB."""
    return _boot_meminfo(k)[name]


def _available_part(pagecache_kb: int, reclaimable_kb: int, wmark_low_kb: int) -> int:
    """``si_mem_available``'s page cache and reclaimable kernel memory (kB): each
    counts less the part needed to stay above the low watermark (half, at most
    wmark_low), in pages as the kernel halves them (mm/page_alloc.c, v5.10; mm/
    show_mem.c, v6.1)."""
    pc, rc, wl = pagecache_kb // PAGE_KB, reclaimable_kb // PAGE_KB, wmark_low_kb // PAGE_KB
    return (pc - min(pc // 2, wl) + rc - min(rc // 2, wl)) * PAGE_KB


def meminfo(k) -> str:
    """``meminfo_proc_show``: kB values, ``%8lu kB`` after the padded name."""
    d = _delta(k)
    moved = {
        "MemFree": d["nr_free_pages"] * PAGE_KB,
        # meminfo_proc_show: cached = NR_FILE_PAGES - swap cache - bufferram
        "Buffers": d["nr_blockdev"] * PAGE_KB,
        "Cached": (d["nr_file_pages"] - d["nr_blockdev"]) * PAGE_KB,
        "Inactive": (d["nr_inactive_anon"] + d["nr_inactive_file"]) * PAGE_KB,
        "Inactive(anon)": d["nr_inactive_anon"] * PAGE_KB,
        "Inactive(file)": d["nr_inactive_file"] * PAGE_KB,
        # the block devices' pages start active (kernel/filemap.py page_cache_kind);
        # data pages and shmem pages read again are activated (mark_page_accessed)
        "Active": (d["nr_active_anon"] + d["nr_active_file"]) * PAGE_KB,
        "Active(anon)": d["nr_active_anon"] * PAGE_KB,
        "Active(file)": d["nr_active_file"] * PAGE_KB,
        "AnonPages": d["nr_anon_pages"] * PAGE_KB,
        "Shmem": d["nr_shmem"] * PAGE_KB,
        "Dirty": d["nr_dirty"] * PAGE_KB,
        "KReclaimable": d["nr_slab_reclaimable"] * PAGE_KB,
        "SReclaimable": d["nr_slab_reclaimable"] * PAGE_KB,
        "SUnreclaim": d["nr_slab_unreclaimable"] * PAGE_KB,
        "KernelStack": d["nr_kernel_stack"],
        "PageTables": d["nr_page_table_pages"] * PAGE_KB,
        # si_swapinfo: total_swap_pages and nr_swap_pages (the guests boot without)
        "SwapTotal": k.swap.total_swap_pages() * PAGE_KB,
        "SwapFree": k.swap.nr_swap_pages() * PAGE_KB,
        # total_swapcache_pages (kernel/swapfile.py: the swap cache)
        "SwapCached": k.swap.swapcached() * PAGE_KB,
        **_slab_percpu_moved(d),
    }
    boot = _boot_meminfo(k)
    wl = k.hostmem.low_wmark_kb()
    pc0 = boot["Active(file)"] + boot["Inactive(file)"]
    rc0 = boot["KReclaimable"]
    moved["MemAvailable"] = moved["MemFree"] + (
        _available_part(pc0 + moved["Inactive(file)"] + moved["Active(file)"],
                        rc0 + moved["KReclaimable"], wl)
        - _available_part(pc0, rc0, wl))
    out = []
    for name, _val, kb in _boot(k)["meminfo"]:
        v = _meminfo_value(k, boot, name, moved)
        # the labels are padded to 16 columns in the source, the values printed
        # at least 8 wide ("HardwareCorrupted: " and %5lu make the same 24)
        label = f"{name}:".ljust(16) if len(name) < 16 else f"{name}: "
        line = f"{label}{v:{24 - len(label)}d}"
        out.append(line + " kB" if kb else line)
    return "\n".join(out) + "\n"


VMSTAT_MOVED = {
    "nr_free_pages": "nr_free_pages", "nr_zone_inactive_anon": "nr_inactive_anon",
    "nr_zone_inactive_file": "nr_inactive_file", "nr_inactive_anon": "nr_inactive_anon",
    "nr_inactive_file": "nr_inactive_file", "nr_anon_pages": "nr_anon_pages",
    "nr_zone_active_file": "nr_active_file", "nr_active_file": "nr_active_file",
    "nr_zone_active_anon": "nr_active_anon", "nr_active_anon": "nr_active_anon",
    "nr_file_pages": "nr_file_pages", "nr_shmem": "nr_shmem",
    "nr_slab_reclaimable": "nr_slab_reclaimable",
    "nr_slab_unreclaimable": "nr_slab_unreclaimable", "nr_kernel_stack": "nr_kernel_stack",
    "nr_page_table_pages": "nr_page_table_pages", "pgfault": "pgfault",
    "nr_dirty": "nr_dirty", "nr_zone_write_pending": "nr_dirty",
}


#: the vm events of swapping (kernel/swapfile.py ``Swap``'s counters): PGMAJFAULT
#: is counted by ``do_swap_page`` only (the model's programs take no other major
#: fault: their files are in the initramfs)
SWAP_EVENTS = {"pswpin": "pswpin", "pswpout": "pswpout", "pgmajfault": "pgmajfault",
               "swap_ra": "swap_ra", "swap_ra_hit": "swap_ra_hit"}


def vmstat(k) -> str:
    """``vmstat_show``: ``name value`` per line, zone, node and event counters."""
    d = _delta(k)
    out = []
    pgpg = getattr(k, "pgpg", (0, 0))
    events = k.vmscan.vm_events
    free0 = k.vmscan.boot_free
    # vmstat_start: global_dirty_limits() (kernel/writeback.py)
    limits = dict(zip(("nr_dirty_background_threshold", "nr_dirty_threshold"),
                      k.writeback.global_dirty_limits()))
    wb_events = k.writeback.events
    slab_moved = dict(zip(("nr_slab_reclaimable", "nr_slab_unreclaimable"),
                          (kb // PAGE_KB for kb in _boot_slab_moved(k))))
    if k.nr_cpus != BOOT_CPUS:      # nr_kernel_stack is in kB
        slab_moved["nr_kernel_stack"] = (boot_kernel_stack_kb(k.sizes.release, k.nr_cpus)
                                         - boot_kernel_stack_kb(k.sizes.release, BOOT_CPUS))
    for name, val in _boot(k)["vmstat"]:
        src = VMSTAT_MOVED.get(name)
        val += slab_moved.get(name, 0)
        if name == "nr_free_pages" and free0:
            val = free0          # the host's (its boot MemFree)
        if name in limits:
            val = limits[name]
        elif src is not None:
            val = max(0, val + d[src])
        elif name == "pgpgin" or name == "pgpgout":
            # vmstat_start: the sector counts halved (KiB); the boot's are KiB
            val += pgpg[name == "pgpgout"] // 2
        elif name in SWAP_EVENTS:
            val += getattr(k.swap, SWAP_EVENTS[name])
        elif name in wb_events:
            val += wb_events[name]
        elif name in events:
            val += events[name]
        out.append(f"{name} {val}")
    return "\n".join(out) + "\n"


def swaps(k) -> str:
    """``swap_show`` (mm/swapfile.c, v5.10 and v6.1): the header, then per area its
    path padded to 40 columns, "file", size and used in kB, priority."""
    out = ["Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"]
    for si in k.swap.areas:
        size, used = si.pages * PAGE_KB, si.inuse_pages * PAGE_KB
        pad = 40 - len(si.path) if len(si.path) < 40 else 1
        out.append(f"{si.path}{' ' * pad}file\t\t{size}\t{chr(9) if size < 10000000 else ''}"
                   f"{used}\t{chr(9) if used < 10000000 else ''}{si.prio}\n")
    return "".join(out)


SLABINFO_HEADER = ("slabinfo - version: 2.1\n"
                   "# name            <active_objs> <num_objs> <objsize> <objperslab> "
                   "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
                   "slabdata <active_slabs> <num_slabs> <sharedavail>\n")


def _slab_line(name, active, num, objsize, per, pages, aslabs, nslabs) -> str:
    return (f"{name:<17} {active:6d} {num:6d} {objsize:6d} {per:4d} {pages:4d} : "
            f"tunables {0:4d} {0:4d} {0:4d} : slabdata {aslabs:6d} {nslabs:6d} {0:6d}\n")


#: the CPU count of the guests whose boot values BOOT holds (kernel/sizes/boot.py)
BOOT_CPUS = 2


def _regeometry(c, nr_cpus: int, active: int, num: int, objsize: int, per: int,
                pages: int, aslabs: int, nslabs: int) -> tuple[int, int, int, int, int, int]:
    """A boot line recorded at BOOT_CPUS in the geometry SLUB gives the cache at
    ``nr_cpus`` (``calculate_order``: min_objects = 4 * (fls(nr_cpu_ids) + 1), so
    1 CPU has smaller slabs, 8 CPUs larger ones): the same objects in slabs of
    this size (at 1 CPU shmem_inode_cache is 11 objects of 720 bytes in 2 pages,
    at 2 CPUs 22 in 4)."""
    if c is not None:
        nper, npages = c.objperslab, c.pagesperslab
    else:
        order = slub_order(objsize, nr_cpus)
        nper, npages = (PAGE_SIZE << order) // objsize, 1 << order
    if (nper, npages) == (per, pages):
        return active, num, per, pages, aslabs, nslabs
    slabs = -(-num // nper)
    return min(active, slabs * nper), slabs * nper, nper, npages, slabs, slabs


def boot_slab_active(k, name: str) -> int:
    """The active objects of cache ``name`` in the boot's /proc/slabinfo (0 if it
    has no such line)."""
    for line in _boot(k)["slabinfo"]:
        if line[0] == name:
            return line[1]
    return 0


def slabinfo(k) -> str:
    """``slab_show``: the guest's caches at boot, those the model allocates from
    moved by the model's slabs and objects (SLUB's geometry at this CPU count).
    ``active_objs`` is ``num_objs`` less the free objects on the node's partial
    list (``get_slabinfo`` → ``count_partial(n, count_free)``): objects free in CPU
    slabs and on per-CPU partial lists count as active (those the boot left there
    are in the boot line's already: ``boot_held``)."""
    caches = k.slab.caches
    base = k.boot_slab_objs
    out = [SLABINFO_HEADER]
    seen = set()
    for name, active, num, objsize, per, pages, aslabs, nslabs in _boot(k)["slabinfo"]:
        c = caches.get(name)
        if k.nr_cpus != BOOT_CPUS:
            active, num, per, pages, aslabs, nslabs = _regeometry(
                c, k.nr_cpus, active, num, objsize, per, pages, aslabs, nslabs)
        if c is not None:
            seen.add(name)
            a0, n0 = base.get(name, (0, 0))
            per, pages = c.objperslab, c.pagesperslab
            nslabs = aslabs = max(0, nslabs + c.num_slabs() - n0)
            num = nslabs * per
            active = max(0, min(num, active + c.active_objs() - a0
                                + c.slub.nr_slabs() * per - c.slub.nr_inuse()
                                - c.slub.node_free_objects() - c.boot_held))
        out.append(_slab_line(name, active, num, objsize, per, pages, aslabs, nslabs))
    for name, c in caches.items():
        n = c.num_slabs()
        if name not in seen and n:
            num = n * c.objperslab
            active = num - c.slub.node_free_objects()
            out.append(_slab_line(name, active, num, c.size, c.objperslab, c.pagesperslab,
                                  n, n))
    return "".join(out)
