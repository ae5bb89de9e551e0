"""A host's RAM (``--mem``): its zones' managed pages, ``min_free_kbytes`` and the
zone watermarks, computed as mm/page_alloc.c does at boot (v5.10 and v6.1:
``init_per_zone_wmark_min``, ``__setup_per_zone_wmarks``,
``setup_per_zone_lowmem_reserve``; mm/khugepaged.c ``set_recommended_min_free_kbytes``).

The constants are the oracle guests' (qemu -m, 2 CPUs), fitted by
calibration/host-mem-wmarks.sh at 256 MiB, 320 MiB and 1 GiB on both kernels
(calibration/recordings/host-mem-wmarks--*): every zone's min, low and high
watermark and protection of the six recordings is what :func:`host_zones`
computes from them (tests/kernel/test_kswapd.py).

- MemTotal (``totalram_pages``) is the RAM less what boot reserves (kernel image,
  firmware holes, ``struct page`` arrays allocated a 128 MiB memory section at a
  time...): the recorded guests' reserved pages at 256 MiB, 320 MiB, 1, 2 and 4
  GiB, interpolated between them and extended beyond 4 GiB by the 2..4 GiB slope
  (1.7 %, ``struct page``'s 64 bytes a 4 KiB page and the page tables of the
  direct map), plus the swiotlb bounce buffer once RAM reaches above 4 GiB (qemu
  pc puts what exceeds 3 GiB there): ``swiotlb_init`` reserves
  ``IO_TLB_DEFAULT_SIZE`` (64 MiB) below 4 GiB when ``max_pfn > MAX_DMA32_PFN``
  (arch/x86/kernel/pci-swiotlb.c ``pci_swiotlb_detect_4gb``, v5.10;
  arch/x86/kernel/pci-dma.c ``pci_swiotlb_detect``, v6.1): without it the 4 GiB
  guests' reserved pages lie on the 1..2 GiB slope.
- ZONE_DMA is the first 16 MiB (its managed pages recorded); ZONE_DMA32 the rest up
  to 3 GiB (qemu's pc machine puts RAM above 3 GiB at 4 GiB; real hosts' holes vary),
  ZONE_NORMAL the remainder; the reserved share is taken from each zone in
  proportion to its size (memblock reserves top-down: an approximation).
- ``init_per_zone_wmark_min`` runs (core_initcall) while the initramfs still holds
  ``HostMemFit.initrd_pages`` pages of ZONE_DMA32 (``free_initrd_mem`` comes later, at
  rootfs_initcall), and so does khugepaged's start (``hugepage_init``,
  subsys_initcall): the watermarks are computed from those managed pages, the
  lowmem reserves from the final ones (``setup_per_zone_lowmem_reserve`` runs again
  when the initramfs pages are freed). The range every recorded watermark and
  min_free_kbytes allows is 3464..3487 (5.10) and 3725..3758 (6.1): the middle is
  used. ``totalreserve_pages`` keeps the reserves of then (:meth:`HostMem.
  totalreserve_pages`: the boot probes' MemAvailable at 1-64 CPUs, to the kB).
- Transparent huge pages are off below 512 MiB (``hugepage_init``: "disable
  hugepages on systems with less than 512MB"), so khugepaged's recommended
  min_free_kbytes applies from 512 MiB (the 256 MiB guests: 1791 and 1759 kB, the
  320 MiB ones 2053 and 2026, the 1 GiB ones 45056).
- MemFree at boot: MemTotal less what boot left allocated, which grows with the
  zones (the per-CPU page lists, sized from the zones on 5.10 and from the low
  watermark on 6.1, ``zone_highsize``): the recorded guests' MemTotal - MemFree at
  the three sizes, interpolated the same way (what the probe's own processes hold,
  the difference between its MemFree and kernel/sizes/boot.py's at 1 GiB, given
  back).
- The possible CPUs (those recordings are at 2): boot reserves, a CPU more, its
  embedded first-chunk unit (:func:`cpu_reserved_pages`: the percpu areas, the page
  tables of its ``cpu_entry_area``, printk's larger ring buffer past 17 CPUs), so
  MemTotal falls with the CPUs as the guests' probes read it (docs/fidelity.md item
  447); what boot holds besides grows with them (:func:`cpu_used_kb`: each CPU's
  slabs, kthreads' stacks, percpu pages, per-CPU page lists and its virtio queue's
  requests: :func:`virtio_blk_pages`), the probes' MemTotal - MemFree at each CPU
  count.
"""
from __future__ import annotations

from math import isqrt

from .boot import BOOT
from .btf import BTF

PAGE_KB = 4
#: the oracle guests' RAM (qemu -m 1G): the default, whose /proc values are recorded
DEFAULT_MEM = 1 << 30
#: mm/page_alloc.c ``sysctl_lowmem_reserve_ratio`` (DMA, DMA32, NORMAL)
LOWMEM_RESERVE_RATIO = (256, 256, 32)
#: ``watermark_scale_factor``'s default (mm/page_alloc.c)
WATERMARK_SCALE_FACTOR = 10
#: ``pageblock_nr_pages`` (order 9 on x86-64) and MIGRATE_PCPTYPES
PAGEBLOCK_NR_PAGES = 512
MIGRATE_PCPTYPES = 3
#: ``init_per_zone_wmark_min``'s clamp of min_free_kbytes (v5.10 and v6.1)
MIN_FREE_KBYTES_RANGE = (128, 262144)
#: ``hugepage_init``: no THP (so no khugepaged recommendation) below 512 MiB
THP_MIN_PAGES = 512 << (20 - 12)
#: qemu pc's RAM below 4 GiB when there is more (ZONE_DMA32's end)
DMA32_END_PAGES = 3 << (30 - 12)
DMA_END_PAGES = 16 << (20 - 12)


class HostMemFit:
    """One release's constants (see the module's docstring): ZONE_DMA's managed
    pages, the initramfs' pages at the watermarks' setup, and per recorded RAM size
    (MiB) the guest's MemTotal and MemFree (kB, calibration/host-mem-wmarks.sh). A
    plain class: a NamedTuple's creation costs the model's start 2 M instructions."""
    __slots__ = ("dma_managed", "initrd_pages", "recorded")

    def __init__(self, dma_managed: int, initrd_pages: int,
                 recorded: tuple[tuple[int, int, int], ...]) -> None:
        self.dma_managed = dma_managed
        self.initrd_pages = initrd_pages
        self.recorded = recorded


#: calibration/recordings/host-mem-wmarks--{5.10,6.1}-{256M,320M,1G,2G,4G}.txt
FITS = {
    "5.10": HostMemFit(3977, 3475, ((256, 214432, 182732), (320, 277536, 245560),
                                    (1024, 987424, 952964), (2048, 2018080, 1983152),
                                    (4096, 4013472, 3975432))),
    "6.1": HostMemFit(3840, 3741, ((256, 208472, 173332), (320, 271576, 235668),
                                   (1024, 981464, 931220), (2048, 2012120, 1958288),
                                   (4096, 4007120, 3949192))),
}
#: the RAM size whose recording is the boot probe's (kernel/sizes/boot.py), MiB
PROBE_MIB = 1024
#: ``IO_TLB_DEFAULT_SIZE`` in pages: the swiotlb buffer (the module's docstring)
SWIOTLB_PAGES = (64 << 20) >> 12
#: the possible CPUs of the recordings above and of the boot probe's baseline
PROBE_CPUS = 2
#: kernel/printk/printk.c ``__LOG_BUF_LEN`` and ``__LOG_CPU_MAX_BUF_LEN``: Debian's
#: CONFIG_LOG_BUF_SHIFT=17 and CONFIG_LOG_CPU_MAX_BUF_SHIFT=12 (/boot/config-* of
#: both packages)
LOG_BUF_LEN = 1 << 17
LOG_CPU_MAX_BUF_LEN = 1 << 12
#: kernel/printk/printk.c ``PRB_AVGBITS``: a record descriptor and info every 32
#: bytes of text (v5.10 and v6.1)
PRB_AVGBITS = 5
PMD_SIZE = 2 << 20
PAGE_SIZE = 4096
#: x86's ``cache_line_size()`` on the guests' CPU model (L1 line: 64 bytes)
CACHE_LINE = 64
#: block/blk-mq.c ``blk_mq_alloc_rqs``' ``max_order`` (v5.10, v6.1)
BLK_MQ_MAX_ORDER = 4


def log_buf_bytes(release: str, nr_cpus: int) -> int:
    """What ``setup_log_buf`` takes from memblock at ``nr_cpus`` possible CPUs
    (kernel/printk/printk.c, v5.10 and v6.1): ``log_buf_add_cpu`` asks for
    ``__LOG_CPU_MAX_BUF_LEN`` more a CPU past the first once that exceeds half of
    ``__LOG_BUF_LEN`` (from 18 CPUs), ``log_buf_len_update`` rounds it up to a power
    of two, and the new buffer comes with its descriptors and infos (``struct
    prb_desc`` and ``struct printk_info`` a ``1 << PRB_AVGBITS`` bytes, sizes from
    BTF); the static ``__log_buf`` stays in the kernel image."""
    extra = (nr_cpus - 1) * LOG_CPU_MAX_BUF_LEN
    if nr_cpus == 1 or extra <= LOG_BUF_LEN // 2:
        return 0
    size = 1 << (extra + LOG_BUF_LEN - 1).bit_length()
    btf = BTF[release]
    return size + (size >> PRB_AVGBITS) * (btf["prb_desc"][0] + btf["printk_info"][0])


def cea_pte_pages(release: str, nr_cpus: int) -> int:
    """The page-table pages of the CPU entry areas (arch/x86/mm/cpu_entry_area.c
    ``setup_cpu_entry_areas`` from ``trap_init``, before memblock hands its pages
    over: ``set_pte_vaddr`` → ``spp_getpage``'s ``memblock_alloc``): a PTE page a 2
    MiB the areas span, each CPU's ``struct cpu_entry_area`` (BTF: 241,664 bytes on
    both) after the read-only IDT page, one after the other (``cea_offset(cpu)`` is
    the CPU: the randomized offsets of v6.2's 97e3d26b5e5f are not in either guest,
    whose BTF has no ``_cea_offset``). Its PMD and PUD pages are the same at any
    count up to 4,000 CPUs."""
    end = PAGE_SIZE + nr_cpus * BTF[release]["cpu_entry_area"][0]
    return -(-end // PMD_SIZE)


def cpu_reserved_pages(release: str, nr_cpus: int) -> int:
    """The pages boot keeps for ``nr_cpus`` possible CPUs out of ``totalram_pages``:
    each CPU's embedded first-chunk unit (mm/percpu.c ``pcpu_embed_first_chunk``
    allocates ``unit_size`` a CPU and gives back all but its static, reserved and
    dynamic areas: "Embedded 63 pages/cpu" on 5.10, 62 on 6.1, the boot log's;
    kernel/sizes/boot.py ``pcpu``), the CPU entry areas' page tables
    (:func:`cea_pte_pages`) and printk's ring buffer (:func:`log_buf_bytes`). The
    probes' MemTotal at 1-64 CPUs are the 1-CPU one less these, to the kB
    (tests/kernel/test_kswapd.py)."""
    return (nr_cpus * BOOT[release]["pcpu"][0] + cea_pte_pages(release, nr_cpus)
            + -(-log_buf_bytes(release, nr_cpus) // PAGE_SIZE))


#: The guests' virtio disk (qemu's virtio-blk-pci, 256-entry virtqueues, one a vCPU;
#: tools/sizes/recordings/boot-unnamed--K-v2-Ncpu.txt): a hardware queue a CPU, 256
#: tags each, ``max_segments`` 254 (the device's ``seg_max``), mq-deadline (its 256
#: ``nr_requests``) on a single queue and no scheduler on more
#: (block/elevator.c ``elevator_get_default``)
VIRTIO_BLK_DEPTH = 256
VIRTIO_BLK_SEG_MAX = 254
#: ``struct virtblk_req`` (drivers/block/virtio_blk.c): 6.1's 40 bytes from its
#: module's BTF (``pahole --btf_base vmlinux -C virtblk_req virtio_blk.ko``); 5.10's
#: module has no BTF: the v5.10 source's ``out_hdr`` (16) and ``status``, the
#: scatterlist array after them 8-aligned (CONFIG_VIRTIO_BLK_SCSI off): 24
VIRTBLK_REQ = {"5.10": 24, "6.1": 40}
#: the scatterlist entries a request carries inline: 5.10 ``seg_max + 2`` (head and
#: tail: ``virtblk_probe``), 6.1 ``VIRTIO_BLK_INLINE_SG_CNT`` (2; the rest chained
#: at I/O time through the request's ``sg_table``, which 6.1's BTF shows and v5.10's
#: source lacks)
VIRTBLK_INLINE_SG = {"5.10": VIRTIO_BLK_SEG_MAX + 2, "6.1": 2}


def blk_mq_rqs_pages(release: str, depth: int = VIRTIO_BLK_DEPTH) -> int:
    """The pages one tag set's requests take (block/blk-mq.c ``blk_mq_alloc_rqs``,
    v5.10 and v6.1): ``rq_size`` is ``struct request`` and the driver's
    ``cmd_size`` (``virtblk_req`` and its inline scatterlist) rounded up to the
    cache line; chunks of order ``max_order`` (4), each of whole requests, the last
    one's order lowered while what is left fits in half of it."""
    btf = BTF[release]
    rq = btf["request"][0] + VIRTBLK_REQ[release] + VIRTBLK_INLINE_SG[release] * btf["scatterlist"][0]
    rq = -(-rq // CACHE_LINE) * CACHE_LINE
    pages, left, i = 0, rq * depth, 0
    while i < depth:
        order = BLK_MQ_MAX_ORDER
        while order and left < (PAGE_SIZE << (order - 1)):
            order -= 1
        todo = min((PAGE_SIZE << order) // rq, depth - i)
        left -= todo * rq
        i += todo
        pages += 1 << order
    return pages


def virtio_blk_pages(release: str, nr_cpus: int) -> int:
    """The guests' disk's requests at ``nr_cpus`` CPUs: a tag set a hardware queue
    (one a CPU), and mq-deadline's scheduler tags of as many requests on a single
    queue (``blk_mq_init_sched`` → ``blk_mq_sched_alloc_tags``): 5.10 2368 kB a
    queue, 6.1 128 (docs/fidelity.md item 483)."""
    return blk_mq_rqs_pages(release) * (nr_cpus + (1 if nr_cpus == 1 else 0))


def cpu_used_kb(release: str, nr_cpus: int) -> int:
    """MemTotal - MemFree right after boot at ``nr_cpus`` possible CPUs (1 GiB): the
    probes' (kernel/sizes/boot.py ``mem_kb_by_cpus``, tools/sizes/guest-probe.sh at
    1-64 CPUs), else the line between the two probed counts around it, in pages.
    What it holds a CPU more: SLUB's per-CPU slabs, the kthreads' stacks, the percpu
    chunks' pages (each read on its own line), and page allocations no meminfo line
    counts (5.10's 2.5 MB a CPU, 6.1's 0.7: the virtio disk's requests of a
    hardware queue a CPU, :func:`virtio_blk_pages`, and the per-CPU page lists,
    whose fill is the boot's; tools/sizes/boot_unnamed.py leaves 2.1-3.5 MB at every
    recorded count once they are counted: docs/fidelity.md item 483)."""
    by = {c: t - f for c, (t, f, _a) in BOOT[release]["mem_kb_by_cpus"].items()}
    return by_cpus(by, nr_cpus, PAGE_KB)


def by_cpus(by: dict[int, int], nr_cpus: int, unit: int) -> int:
    """A boot value probed at the CPU counts of ``by`` (kB) at ``nr_cpus``: the
    probe's where there is one, else the line between the two probed counts around
    it (past the last, the step between the last two), in whole ``unit`` kB."""
    if nr_cpus in by:
        return by[nr_cpus]
    cpus = sorted(by)
    lo = max((c for c in cpus if c < nr_cpus), default=cpus[0])
    hi = min((c for c in cpus if c > nr_cpus), default=None)
    if hi is None:
        lo, hi = cpus[-2], cpus[-1]
    elif lo == hi:
        hi = cpus[1]
    return by[lo] + (by[hi] - by[lo]) // unit * (nr_cpus - lo) // (hi - lo) * unit


def swiotlb_pages(pages: int) -> int:
    """The swiotlb buffer's pages on a guest of ``pages`` of RAM: reserved when some
    of it lies above 4 GiB (qemu pc: past :data:`DMA32_END_PAGES`)."""
    return SWIOTLB_PAGES if pages > DMA32_END_PAGES else 0


def _interpolate(points: list[tuple[int, int]], x: int) -> int:
    """The broken line through ``points`` (sorted by x) at ``x``: its first segment
    below them, its last above."""
    i = 1
    while i < len(points) - 1 and x > points[i][0]:
        i += 1
    (x0, y0), (x1, y1) = points[i - 1], points[i]
    return y0 + (y1 - y0) * (x - x0) // (x1 - x0)


def reserved_pages(release: str, mem_bytes: int, nr_cpus: int = PROBE_CPUS) -> int:
    """The pages boot reserves on a guest of ``mem_bytes`` with ``nr_cpus``
    possible CPUs (the recordings' 2, plus :func:`cpu_reserved_pages`' difference)."""
    rec = FITS[release].recorded
    pages = mem_bytes >> 12
    cpus = 0
    if nr_cpus != PROBE_CPUS:
        cpus = cpu_reserved_pages(release, nr_cpus) - cpu_reserved_pages(release, PROBE_CPUS)
    return cpus + swiotlb_pages(pages) + _interpolate(
        [(mib << 8, (mib << 8) - total // PAGE_KB - swiotlb_pages(mib << 8))
         for mib, total, _ in rec], pages)


def boot_used_kb(release: str, mem_bytes: int) -> int:
    """MemTotal - MemFree right after boot, kB."""
    rec = FITS[release].recorded
    return _interpolate([(mib << 8, total - free) for mib, total, free in rec], mem_bytes >> 12)


def parse_mem(text: "str | int") -> int:
    """``--mem SIZE``: bytes from 1G, 64G, 768M, 524288K or a number of bytes (qemu's
    suffixes, binary); at least 128 MiB (what the guests boot in), at most 64 TiB."""
    if isinstance(text, int):
        n = text
    else:
        s = text.strip().upper().removesuffix("B").removesuffix("I")
        mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}.get(s[-1:], 1)
        digits = s[:-1] if mult != 1 else s
        if not digits.isdigit():
            raise ValueError(f"bad memory size {text!r} (e.g. 1G, 64G, 384M)")
        n = int(digits) * mult
    if not 128 << 20 <= n <= 64 << 40:
        raise ValueError(f"memory size {text!r} out of range (128M..64T)")
    return n


class Zone:
    """One zone: ``zone_managed_pages`` now and when the watermarks were set, its
    watermarks and ``protection``: its ``lowmem_reserve[]`` against an allocation
    whose highest zone is the last one."""
    __slots__ = ("name", "managed", "init_managed", "wmark_min", "wmark_low", "wmark_high",
                 "protection")

    def __init__(self, name: str, managed: int, init_managed: int) -> None:
        self.name = name
        self.managed = managed
        self.init_managed = init_managed
        self.wmark_min = self.wmark_low = self.wmark_high = self.protection = 0


def host_zones(release: str, mem_bytes: int,
               nr_cpus: int = PROBE_CPUS) -> tuple[list[Zone], int]:
    """The zones of a guest of ``mem_bytes`` and ``nr_cpus`` possible CPUs (see the
    module's docstring), their watermarks from the boot's min_free_kbytes
    (:func:`boot_min_free_kbytes`), and that min_free_kbytes."""
    fit = FITS[release]
    pages = mem_bytes >> 12
    total = pages - reserved_pages(release, mem_bytes, nr_cpus)
    present = [DMA_END_PAGES, min(pages, DMA32_END_PAGES) - DMA_END_PAGES,
               max(0, pages - DMA32_END_PAGES)]
    dma = fit.dma_managed
    swiotlb = swiotlb_pages(pages)
    rest = total - dma + swiotlb
    upper = present[1] + present[2]
    dma32 = rest * present[1] // upper - swiotlb      # (memblock_alloc_low)
    zones = [Zone("DMA", dma, dma), Zone("DMA32", dma32, dma32 - fit.initrd_pages)]
    if present[2]:
        normal = rest - swiotlb - dma32
        zones.append(Zone("Normal", normal, normal))
    setup_per_zone_lowmem_reserve(zones)
    mfk = boot_min_free_kbytes(zones)
    setup_per_zone_wmarks(zones, mfk, WATERMARK_SCALE_FACTOR, True)
    return zones, mfk


def calculate_min_free_kbytes(zones: list[Zone]) -> int:
    """``calculate_min_free_kbytes`` at run time (mm/page_alloc.c, v6.1):
    ``int_sqrt(lowmem_kbytes * 16)`` of ``nr_free_buffer_pages`` (each zone's
    managed pages above its high watermark), clamped."""
    lowmem = sum(max(0, z.managed - z.wmark_high) for z in zones) * PAGE_KB
    lo, hi = MIN_FREE_KBYTES_RANGE
    return min(max(isqrt(lowmem * 16), lo), hi)


def recommended_min_free_kbytes(zones: list[Zone], current: int) -> int:
    """khugepaged's ``set_recommended_min_free_kbytes`` (mm/khugepaged.c, v5.10 and
    v6.1): 2 + MIGRATE_PCPTYPES² pageblocks a populated zone, at most 5 % of
    ``nr_free_buffer_pages``, if more than ``current``."""
    recommended = PAGEBLOCK_NR_PAGES * len(zones) * (2 + MIGRATE_PCPTYPES * MIGRATE_PCPTYPES)
    free_buffer = sum(max(0, z.managed - z.wmark_high) for z in zones)
    return max(current, min(recommended, free_buffer // 20) * PAGE_KB)


def boot_min_free_kbytes(zones: list[Zone]) -> int:
    """``init_per_zone_wmark_min``: ``int_sqrt(lowmem_kbytes * 16)`` of the managed
    pages then (``nr_free_buffer_pages``: the watermarks still 0), clamped; then, THP
    on, khugepaged's ``set_recommended_min_free_kbytes``: 2 + MIGRATE_PCPTYPES²
    pageblocks a populated zone, at most 5 % of ``nr_free_buffer_pages`` (managed
    less the high watermarks just set), if more."""
    lowmem = sum(z.init_managed for z in zones)
    lo, hi = MIN_FREE_KBYTES_RANGE
    mfk = min(max(isqrt(lowmem * PAGE_KB * 16), lo), hi)
    if sum(z.managed for z in zones) < THP_MIN_PAGES:
        return mfk
    setup_per_zone_wmarks(zones, mfk, WATERMARK_SCALE_FACTOR, True)
    nr_zones = len(zones)
    recommended = PAGEBLOCK_NR_PAGES * nr_zones * (2 + MIGRATE_PCPTYPES * MIGRATE_PCPTYPES)
    free_buffer = sum(max(0, z.init_managed - z.wmark_high) for z in zones)
    recommended = min(recommended, free_buffer // 20) * PAGE_KB
    return max(mfk, recommended)


def setup_per_zone_wmarks(zones: list[Zone], min_free_kbytes: int, scale_factor: int,
                          at_boot: bool = False) -> None:
    """``__setup_per_zone_wmarks``: min_free_kbytes shared by the zones in proportion
    to their managed pages; low and high ``max(min / 4, managed × scale_factor /
    10000)`` above min and above low. ``at_boot``: the managed pages of then (the
    initramfs not yet freed); a sysctl write later uses today's."""
    pages_min = min_free_kbytes >> 2
    size = (lambda z: z.init_managed) if at_boot else (lambda z: z.managed)
    lowmem = sum(size(z) for z in zones)
    for z in zones:
        managed = size(z)
        z.wmark_min = pages_min * managed // lowmem
        gap = max(z.wmark_min >> 2, managed * scale_factor // 10000)
        z.wmark_low = z.wmark_min + gap
        z.wmark_high = z.wmark_min + 2 * gap


def lowmem_reserves(zones: list[Zone], at_boot: bool = False) -> list[int]:
    """``setup_per_zone_lowmem_reserve``'s reserve of each zone: the managed pages
    of the zones above it (``at_boot``: those of the watermarks' setup, the
    initramfs still held), divided by its ratio."""
    out = []
    for i in range(len(zones)):
        above = sum(x.init_managed if at_boot else x.managed for x in zones[i + 1:])
        out.append(above // LOWMEM_RESERVE_RATIO[i] if above else 0)
    return out


def setup_per_zone_lowmem_reserve(zones: list[Zone]) -> None:
    """``setup_per_zone_lowmem_reserve``: a lower zone keeps the managed pages of the
    zones above it, divided by its ratio, from allocations that could use those
    (the highest class: a movable allocation's)."""
    for z, reserve in zip(zones, lowmem_reserves(zones)):
        z.protection = reserve


class HostMem:
    """The node's free-page thresholds as one pool (the model's free pages are not
    split by zone): an allocation whose highest zone is the last falls back through
    the lower ones, each down to its watermark plus its protection, so the node's
    thresholds are the zones' sums (``zone_watermark_fast`` on each zone of the
    zonelist, ``pgdat_balanced`` for kswapd). On the recorded guests ZONE_DMA's
    share is 1.6 % of the node."""
    __slots__ = ("release", "mem_bytes", "zones", "min_free_kbytes", "watermark_scale_factor",
                 "nr_cpus", "reserve_protection")

    def __init__(self, release: str, mem_bytes: int, zones: list[Zone],
                 min_free_kbytes: int, nr_cpus: int = PROBE_CPUS) -> None:
        self.release = release
        self.mem_bytes = mem_bytes
        self.zones = zones
        self.min_free_kbytes = min_free_kbytes
        self.watermark_scale_factor = WATERMARK_SCALE_FACTOR
        self.nr_cpus = nr_cpus
        #: the zones' reserves ``totalreserve_pages`` was last computed with: the
        #: boot's (:meth:`totalreserve_pages`), the current ones after a sysctl
        self.reserve_protection = lowmem_reserves(zones, at_boot=True)

    @classmethod
    def boot(cls, release: str, mem_bytes: int, nr_cpus: int = PROBE_CPUS) -> "HostMem":
        """The host of ``mem_bytes`` and ``nr_cpus`` possible CPUs right after boot."""
        zones, mfk = host_zones(release, mem_bytes, nr_cpus)
        return cls(release, mem_bytes, zones, mfk, nr_cpus)

    @property
    def recorded(self) -> bool:
        """The host the boot probe recorded (1 GiB, 2 CPUs): its /proc/meminfo values
        are kernel/sizes/boot.py's as they are."""
        return self.mem_bytes == DEFAULT_MEM and self.nr_cpus == PROBE_CPUS

    @property
    def totalram_pages(self) -> int:
        """``totalram_pages()``: every zone's managed pages (MemTotal)."""
        return sum(z.managed for z in self.zones)

    def boot_free_kb(self) -> int:
        """MemFree right after boot (the module's docstring): MemTotal less what
        boot holds at this RAM size (2 CPUs) and what the CPUs past 2 hold more."""
        rel = self.release
        boot_free = next(v for n, v, _ in BOOT[rel]["meminfo"] if n == "MemFree")
        probe = next(free for mib, _, free in FITS[rel].recorded if mib == PROBE_MIB)
        used = boot_used_kb(rel, self.mem_bytes)
        if self.nr_cpus != PROBE_CPUS:
            used += cpu_used_kb(rel, self.nr_cpus) - cpu_used_kb(rel, PROBE_CPUS)
        return self.totalram_pages * PAGE_KB - used + boot_free - probe

    def wmark(self, which: str) -> int:
        """The node's ``min``, ``low`` or ``high`` threshold in pages: the zones'
        watermarks plus their protection."""
        attr = "wmark_" + which
        return sum(getattr(z, attr) + z.protection for z in self.zones)

    def low_wmark_kb(self) -> int:
        """The zones' low watermarks summed (``si_mem_available``'s ``wmark_low``)."""
        return sum(z.wmark_low for z in self.zones) * PAGE_KB

    def totalreserve_pages(self) -> int:
        """``calculate_totalreserve_pages`` (mm/page_alloc.c, v5.10 and v6.1): each
        zone's high watermark plus its largest lowmem reserve, at most its managed
        pages. After boot the reserves are those of the watermarks' setup, the
        initramfs still held (ZONE_DMA's 13 pages less on 5.10, 14 on 6.1, than
        /proc/zoneinfo's protection): with them ``si_mem_available`` gives the boot
        probes' MemAvailable at 1-64 CPUs to the kB but one (24 kB) and
        ``global_dirtyable_memory`` the 2-CPU probe's dirty thresholds, with
        zoneinfo's 52-60 kB less (docs/fidelity.md item 448; which call sets the
        final reserves without ``calculate_totalreserve_pages`` is not located).
        A sysctl that sets the watermarks again counts the current reserves."""
        return sum(min(z.wmark_high + r, z.managed)
                   for z, r in zip(self.zones, self.reserve_protection))

    def set_min_free_kbytes(self, value: int) -> None:
        """``min_free_kbytes_sysctl_handler`` → ``setup_per_zone_wmarks`` (and
        ``calculate_totalreserve_pages``)."""
        self.min_free_kbytes = value
        setup_per_zone_wmarks(self.zones, value, self.watermark_scale_factor)
        self.reserve_protection = [z.protection for z in self.zones]

    def set_watermark_scale_factor(self, value: int) -> None:
        """``watermark_scale_factor_sysctl_handler`` → ``setup_per_zone_wmarks`` (and
        ``calculate_totalreserve_pages``)."""
        self.watermark_scale_factor = value
        setup_per_zone_wmarks(self.zones, self.min_free_kbytes, value)
        self.reserve_protection = [z.protection for z in self.zones]
