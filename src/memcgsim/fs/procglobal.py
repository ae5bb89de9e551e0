"""The system-wide /proc files reproducers read besides meminfo and vmstat:
``zoneinfo``, ``buddyinfo``, ``pagetypeinfo`` (mm/vmstat.c ``zoneinfo_show``,
``frag_show``, ``pagetypeinfo_show``), ``vmallocinfo`` (mm/vmalloc.c ``s_show``),
``pressure/*`` (kernel/sched/psi.c ``psi_show``), ``version`` (fs/proc/version.c),
``filesystems``, ``interrupts`` (kernel/irq/proc.c ``show_interrupts``), ``iomem``,
``sys/fs/file-nr`` and ``inode-nr`` (fs/file_table.c, fs/inode.c), and
/sys/devices/system/node/node0/meminfo (drivers/base/node.c ``node_read_meminfo``),
v5.10 and v6.1, in the formats the guests print them
(kernel/sizes/procfiles.py, from calibration/recordings/proc-files-probe--*).

The values the model drives are its own: the node's counters are /proc/vmstat's
(procmem.py), the zones' sizes and watermarks kernel/sizes/hostmem.py's. The model
keeps one pool of free pages, no free lists by order or migratetype and no
per-CPU page lists: ZONE_DMA keeps the free pages and counters the guests showed
(the model's allocations come from DMA32), the highest populated zone the rest;
the free lists are the guests' at the probe, the pages freed or taken since
added to or split from MAX_ORDER blocks (the buddy allocator's split leaves one
block of each order of the remainder); the per-CPU lists are empty (``count: 0``,
their ``batch`` the guests', ``high`` 6.1's ``zone_highsize`` of the watermarks,
5.10's the guest's). No interrupt is counted (as
/proc/stat's ``intr``), no stall time accounted (PSI reads 0, as the cgroups'
pressure files).
"""
from __future__ import annotations

from ..kernel.sizes.procfiles import PROC_FILES

MAX_ORDER = 11          # orders 0..10 (MAX_ORDER of 5.10 and 6.1)
#: pages a 1 GiB guest's ZONE_DMA32 spans less its present pages: qemu's e820
#: reserves the top 35 pages of its RAM (recorded 258013 of 258048)
DMA32_HOLE = 35
#: ZONE_DMA's spanned and present pages on both guests (the first page, and the
#: BIOS's reserved ones, are not present)
DMA_SPANNED, DMA_PRESENT = 4095, 3998
#: the zones ``zoneinfo`` and ``protection`` list (MAX_NR_ZONES with
#: ZONE_DEVICE on both builds)
ZONE_NAMES = ("DMA", "DMA32", "Normal", "Movable", "Device")


def _files(k) -> dict:
    return PROC_FILES[k.sizes.release]


def _counters(text: str) -> dict[str, int]:
    out = {}
    for line in text.splitlines():
        name, _, val = line.partition(" ")
        out[name] = int(val)
    return out


def vmstat_values(k) -> dict[str, int]:
    """/proc/vmstat's counters (procmem.py ``vmstat``), by name."""
    from .procmem import vmstat
    return _counters(vmstat(k))


def meminfo_values(k) -> dict[str, int]:
    """/proc/meminfo's values (kB, or pages for HugePages_*), by name."""
    from .procmem import meminfo
    out = {}
    for line in meminfo(k).splitlines():
        name, _, rest = line.partition(":")
        out[name] = int(rest.split()[0])
    return out


def zone_free(k, vm: dict[str, int]) -> list[int]:
    """Free pages per populated zone (hostmem's zones): ZONE_DMA the guests',
    the zones between it and the highest all free, the highest the rest."""
    zones = k.hostmem.zones
    dma = _files(k)["zoneinfo"]["dma_free"]
    out = [dma] + [z.managed for z in zones[1:-1]]
    out.append(max(vm["nr_free_pages"] - sum(out), 0))
    return out


def zoneinfo(k) -> str:
    """``zoneinfo_show``: per zone its header, the node's counters under the
    first, its free pages, watermarks and sizes (``boost`` and ``cma`` from
    v5.11's and 5.12's lines: the release's names), ``protection``
    (``lowmem_reserve``), then for a populated zone its counters, per-CPU
    pagesets, ``node_unreclaimable`` and ``start_pfn``."""
    f = _files(k)["zoneinfo"]
    vm = vmstat_values(k)
    zones = k.hostmem.zones
    free = zone_free(k, vm)
    dma_items = f["dma"]
    pset = f["pageset"]
    out = []
    for i, name in enumerate(ZONE_NAMES):
        out.append(f"Node 0, zone {name:>8}\n")
        if i == 0:
            out.append("  per-node stats\n")
            out += [f"      {n:<12} {vm.get(n, 0)}\n" for n in f["node_items"]]
        z = zones[i] if i < len(zones) else None
        fields = {"boost": 0, "cma": 0, "min": 0, "low": 0, "high": 0, "spanned": 0,
                  "present": 0, "managed": 0}
        if z is not None:
            if i == 0:
                spanned = present = DMA_SPANNED
                present = DMA_PRESENT
            elif i == 1:
                spanned = present = min(k.hostmem.mem_bytes >> 12, 1 << 20) - 4096 - DMA32_HOLE
            else:
                spanned = present = (k.hostmem.mem_bytes >> 12) - (1 << 20)
            fields.update(min=z.wmark_min, low=z.wmark_low, high=z.wmark_high,
                          spanned=spanned, present=present, managed=z.managed)
        out.append(f"  pages free     {free[i] if z is not None else 0}\n")
        out += [f"        {n:<8} {fields[n]}\n" for n in f["field_names"]]
        prot = [z.protection if z is not None and i < j < len(zones) or
                (z is not None and j >= len(zones) and i < len(zones) - 1) else 0
                for j in range(len(ZONE_NAMES))]
        out.append(f"        protection: ({', '.join(map(str, prot))})\n")
        if z is None:
            continue
        for n in f["zone_items"]:
            if i == 0:
                v = dma_items.get(n, 0)
            elif n == "nr_free_pages":
                v = free[i]
            elif i == len(zones) - 1:
                v = max(vm.get(n, 0) - dma_items.get(n, 0), 0)
            else:
                v = 0
            out.append(f"      {n:<12} {v}\n")
        (high, batch), threshold, zstart = pset["DMA" if i == 0 else "DMA32"]
        if k.design.pcp_high_low_wmark:
            # zone_highsize: the low watermark shared by the node's CPUs
            high = z.wmark_low // k.nr_cpus
        out.append("  pagesets\n")
        for cpu in range(k.nr_cpus):
            out.append(f"    cpu: {cpu}\n              count: 0\n              high:  {high}\n"
                       f"              batch: {batch}\n  vm stats threshold: {threshold}\n")
        out.append("  node_unreclaimable:  0\n")
        out.append(f"  start_pfn:           {zstart if i < 2 else 1 << 20}\n")
    return "".join(out)


def _split(counts: list[int], pages: int) -> list[int]:
    """The buddy lists after ``pages`` more free pages (negative: taken): whole
    MAX_ORDER blocks, the remainder one block per set bit."""
    c = list(counts)
    top = 1 << (MAX_ORDER - 1)
    if pages >= 0:
        c[-1] += pages // top
        rem = pages % top
    else:
        blocks = -(-(-pages) // top)
        c[-1] -= blocks
        rem = blocks * top + pages
    for order in range(MAX_ORDER - 1):
        if rem >> order & 1:
            c[order] += 1
    c[-1] = max(c[-1], 0)
    return c


def buddy_lists(k) -> dict[str, list[int]]:
    """Free blocks per order of each populated zone (see the module)."""
    f = _files(k)
    rec = f["buddyinfo"]
    vm = vmstat_values(k)
    free = zone_free(k, vm)
    out = {"DMA": list(rec["DMA"])}
    for i, z in enumerate(k.hostmem.zones[1:], 1):
        base = list(rec["DMA32"]) if i == 1 else [0] * MAX_ORDER
        have = sum(n << o for o, n in enumerate(base))
        out[ZONE_NAMES[i]] = _split(base, free[i] - have)
    return out


def buddyinfo(k) -> str:
    """``frag_show``: the free blocks of each order, per populated zone."""
    return "".join(f"Node 0, zone {name:>8} " + "".join(f"{n:6d} " for n in c) + "\n"
                   for name, c in buddy_lists(k).items())


def pagetypeinfo(k) -> str:
    """``pagetypeinfo_show``: the guests' lines, ZONE_DMA32's Movable free lists
    moved as buddyinfo's (what user pages take and give back is movable)."""
    f = _files(k)
    lines = list(f["pagetypeinfo"])
    new = buddy_lists(k)["DMA32"]
    old = f["buddyinfo"]["DMA32"]
    for j, ln in enumerate(lines):
        if ln.startswith("Node    0, zone    DMA32, type      Movable"):
            head, nums = ln[:44], [int(x) for x in ln[44:].split()]
            nums = [max(n + a - b, 0) for n, a, b in zip(nums, new, old)]
            lines[j] = head + "".join(f"{n:6d} " for n in nums)
    return "\n".join(lines) + "\n"


def _hashed(i: int) -> int:
    """A kernel address as ``%pK`` hashes it for the file (siphash with a boot
    key: any fixed 32-bit mixing of the area's index stands for it here)."""
    x = (i * 0x9E3779B1 + 0x7F4A7C15) & 0xFFFFFFFF
    x ^= x >> 15
    return (x * 0x2C1B3C6D) & 0xFFFFFFFF


def vmallocinfo(k) -> str:
    """``s_show``: the guests' boot areas (ioremaps, per-CPU chunks, modules,
    bpf) and one THREAD_SIZE stack plus its guard page per task the model has
    (``kernel_clone`` → ``alloc_thread_stack_node``: pages=4)."""
    f = _files(k)
    rows = list(f["vmallocinfo"])
    rows += [(20480, f["vmalloc_stack"])] * sum(
        1 for t in k.tasks.values() if t.state != "dead")
    return "".join(f"0x{_hashed(i):016x}-0x{_hashed(i + 1):016x} {size:7d} {rest}\n"
                   for i, (size, rest) in enumerate(rows))


def pressure(k, resource: str) -> str:
    """``psi_show``: "some" and (but cpu before v5.13) "full" lines; no stall
    time is accounted: zeros (fs/cgroup_files.py's memory.pressure)."""
    from .cgroup_files import r_cpu_pressure, r_pressure
    if resource == "cpu":
        return r_cpu_pressure(k.sizes.release == "6.1")(None, None, None)
    return r_pressure(None, None, None)


def version(k) -> str:
    """``version_proc_show``: the guest's banner, the design's release in it."""
    text = _files(k)["version"]
    rec = text.split()[2]
    return text.replace(rec, k.design.uname, 1) + "\n"


def filesystems(k) -> str:
    """``filesystems_proc_show``: the guest's registered filesystems."""
    return "\n".join(_files(k)["filesystems"]) + "\n"


def iomem(k) -> str:
    """``iomem``'s resource tree as root reads it on the guests (qemu q35)."""
    return "\n".join(_files(k)["iomem"]) + "\n"


def interrupts(k) -> str:
    """``show_interrupts``: a ``CPUn`` column per CPU (``%10u``), the guests'
    IRQs and architecture rows; every count 0 (no interrupt is modelled)."""
    n = k.nr_cpus
    out = [" " * 11 + "".join(f"CPU{c:<8}" for c in range(n)) + "\n"]
    for label, cols, desc in _files(k)["interrupts"]:
        out.append(label + " " + " ".join(f"{0:10d}" for _ in range(n if cols > 1 else 1))
                   + desc + "\n")
    return "".join(out)


def node_meminfo(k) -> str:
    """``node_read_meminfo`` of node 0 (the model's only node): /proc/meminfo's
    values, MemUsed (MemTotal - MemFree) and FilePages (NR_FILE_PAGES)."""
    mi = meminfo_values(k)
    vm = vmstat_values(k)
    mi["MemUsed"] = mi["MemTotal"] - mi["MemFree"]
    mi["FilePages"] = vm["nr_file_pages"] * 4
    out = []
    for name, width, kb in _files(k)["node_meminfo"]:
        label = f"{name}:"
        val = str(mi.get(name, 0))
        out.append(f"Node 0 {label}{val.rjust(width - len(label))}{' kB' if kb else ''}\n")
    return "".join(out)


def file_nr(k) -> str:
    """``proc_nr_files``: ``percpu_counter_read_positive(&nr_files)``, the
    counter's global part (the guests read 0: their files' counts are still in
    the per-CPU batches; the model's files since boot, its filp objects, are
    added), 0 free (always, since 2.6.25), ``files_stat.max_files``
    (:func:`file_max`)."""
    c = k.slab.caches.get("filp")
    n = c.active_objs() - k.boot_slab_objs.get("filp", (0, 0))[0] if c is not None else 0
    return f"{max(n, 0)}\t0\t{file_max(k)}\n"


def file_max(k) -> int:
    """``files_maxfiles_init`` (fs/file_table.c): a tenth of the RAM not used at
    boot in kB, ``((totalram_pages - memreserve) * 4) / 10``: the guests' value
    (sys/fs/file-max), scaled with MemTotal for a host of another size."""
    from .procmem import totalram_pages
    rec, rec_total = _files(k)["file_max"]
    return max(rec * totalram_pages(k) // rec_total, 8192)


def inode_nr(k) -> str:
    """``proc_nr_inodes``: ``nr_inodes`` (the boot's inode objects and the
    model's since, every inode cache) and ``nr_unused`` (on the superblocks'
    LRU lists)."""
    from .procmem import boot_slab_active
    n = 0
    for name in INODE_CACHES:
        n += boot_slab_active(k, name)
        c = k.slab.caches.get(name)
        if c is not None:
            n += c.active_objs() - k.boot_slab_objs.get(name, (0, 0))[0]
    unused = 0
    for sb in k.superblocks:
        sb.settle()
        unused += len(sb.s_inode_lru.where)
    return f"{max(n, 0)}\t{unused}\n"


#: the caches of struct inode's containers (``alloc_inode``'s ``s_op->alloc_inode``)
INODE_CACHES = ("inode_cache", "shmem_inode_cache", "ext4_inode_cache", "proc_inode_cache",
                "sock_inode_cache", "kernfs_inode_cache", "bpf_inode_cache",
                "mqueue_inode_cache", "hugetlbfs_inode_cache", "pipe_inode_cache")
