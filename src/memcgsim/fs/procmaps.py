"""``/proc/PID/maps``, ``smaps``, ``smaps_rollup`` and ``numa_maps``
(fs/proc/task_mmu.c ``show_map_vma``, ``show_smap``, ``__show_smap``,
``show_smaps_rollup``; mm/mempolicy.c ``show_numa_map``, v5.10 and v6.1) from the
model's page tables, and the VM sizes /proc/PID/status and statm print from the
same areas.

A process's areas are its binary's as the guests map them (the static busybox
1.35 and bash 5.2 of the oracle's userland: calibration/proc-files-probe.sh,
recordings proc-files-probe--K-v2.txt; the gnu userland's programs are given the
same static layouts, their own paths), then its ``[heap]``, its anonymous
mappings, ``[stack]``, ``[vvar]`` and ``[vdso]``. Their pages are the model's
(kernel/mmap.py, kernel/fork.py): the areas faulted page by page (``[data]``:
the binary's written .data, .bss and .data.rel.ro, split in that order;
``[heap]``, ``[stack]``, each ``mmap``'d area), the image's other anonymous pages
spread over .data.rel.ro, .data, .bss and the stack as the guests' busybox
``sleep`` has them, the rest on the heap; the pages of the program's own
anonymous mappings (``Mm.map_pages``) in one area; the binary's page-cache pages
(``Mm.rss`` and the split cache's ``rss_pending``: the initramfs's shmem pages,
the vdso's page as MM_FILEPAGES) in its file areas. So smaps' Rss is the page
table's (what ``walk_page_vma`` finds), which the split RSS counters of
``VmRSS`` lag (SPLIT_RSS_COUNTING): Rss = VmRSS + the owner's cached counts.

Addresses are the 6.1 guest's for one run (ASLR is not modelled: every process
of a binary has the same); an anonymous mapping starts half a huge page before a
2 MiB boundary (kernel/mmap.py ``thp_blocks``), the first below the recorded
``mmap_base``, the next below it. Not modelled: Pss by page of the binary (each
page's mapcount is the number of live processes running the binary: the guests'
differ page by page), ``Locked``, ``LazyFree``, hugetlb, numa policies.
"""
from __future__ import annotations

import errno
from dataclasses import field

from ..codecache import dataclass
from ..kernel.fork import PF_KTHREAD
from ..kernel.mmap import HPAGE_PMD_NR, IMAGE
from .vfs import oserror

PAGE_SIZE = 4096
#: ``PSS_SHIFT`` (fs/proc/task_mmu.c): Pss is summed in 1/4096ths of a byte
PSS_SHIFT = 12
#: ``seq_setwidth(m, 25 + sizeof(void *) * 6 - 1)``, then ``seq_pad``'s blank:
#: where a mapping's name starts
NAME_COLUMN = 25 + 8 * 6 - 1 + 1
#: the device of the guests' rootfs (the initramfs: ``00:02``)
ROOTFS_DEV = "00:02"


@dataclass(frozen=True)
class BinaryLayout:
    """A static binary's mappings (``load_elf_binary``): (perms, address, pages,
    file offset) per PT_LOAD part, its .bss after them; ``data_split``: how the
    written pages of ``[data]`` fall on .data, .bss, .data.rel.ro (area index,
    pages), in that order; ``image_slots``: where the image's pages that are not
    faulted one by one lie (area index or "stack", pages), the rest on the heap;
    ``holes``: per part, its pages no fault of the program's run maps (the 64 KiB
    windows of mm/memory.c ``do_fault_around`` that none of its faults falls in:
    ``filemap_map_pages`` maps every other page of a faulted window, clipped to
    the VMA, that is in the page cache)."""
    path: str
    ino: int
    parts: tuple[tuple[str, int, int, int], ...]
    bss_pages: int
    heap_start: int
    data_split: tuple[tuple[int, int], ...]
    image_slots: tuple[tuple[int | str, int], ...]
    holes: tuple[int, ...] = (0, 0, 0, 0, 0)

    @property
    def bss_start(self) -> int:
        """Where .bss begins: the page after the last PT_LOAD part."""
        _, addr, pages, _ = self.parts[-1]
        return addr + pages * PAGE_SIZE


#: /bin/busybox of the guests (1.35, static): its /proc/PID/maps (the same on
#: 5.10 and 6.1), .data.rel.ro 2 pages written (relocated at start-up), .data 3,
#: .bss 3 of 7, ``[stack]`` 2 (calibration/busybox-sh-areas.sh, the tail of
#: proc-files-probe.sh); header 1, .rodata 86 (all) and .data.rel.ro's 5 others in
#: every applet; .text's pages by applet (a tail 244 of 388, a sleep 255, busybox
#: sh 271: calibration/busybox-applet-pages.sh's pagemaps; kernel/fork.py
#: ``BUSYBOX_APPLET_WINDOWS``), so no hole: .text takes what the count leaves
BUSYBOX = BinaryLayout(
    "/bin/busybox", 18,
    (("r--p", 0x400000, 1, 0), ("r-xp", 0x401000, 388, 0x1000),
     ("r--p", 0x585000, 86, 0x185000), ("r--p", 0x5db000, 7, 0x1da000),
     ("rw-p", 0x5e2000, 3, 0x1e1000)),
    7, 0x1d706000, ((4, 3), (5, 3), (3, 2)), ((3, 2), (4, 3), (5, 3), ("stack", 2)))
#: /bin/bash of the guests (5.2, static): .data 7 of 11 pages written, .bss 12 of
#: 18, .data.rel.ro 2 of 7 (calibration/recordings/bash-image-areas--K-v2.txt);
#: its binary's pages mapped, page by page (calibration/bash-text-pages.sh, /proc/
#: PID/pagemap: the same 489 in every bash, both guests): all but .text's
#: 0x4a0000-0x4bffff (two windows: 32 pages) and .rodata's 0x5e0000-0x629fff (42)
BASH = BinaryLayout(
    "/bin/bash", 19,
    (("r--p", 0x400000, 1, 0), ("r-xp", 0x401000, 438, 0x1000),
     ("r--p", 0x5b7000, 115, 0x1b7000), ("r--p", 0x62a000, 7, 0x229000),
     ("rw-p", 0x631000, 11, 0x230000)),
    18, 0x3a910000, ((4, 7), (5, 12), (3, 2)), ((3, 2), (4, 7), (5, 12), ("stack", 2)),
    (0, 32, 42, 0, 0))

#: the initial brk area's pages (the guests' ``[heap]`` of 136 kB: glibc's first
#: ``sbrk``) and the stack VMA's at the first command (132 kB: ``setup_arg_pages``'
#: 128 kB plus the argument page)
HEAP_PAGES = 34
STACK_PAGES = 33
#: the 6.1 guest's tail (proc-files-probe--6.1-v2.txt): the stack's end, ``[vvar]``
#: (4 pages) and ``[vdso]`` (2) above it, the end of the first anonymous mapping
STACK_END = 0x7FFE1127D000
VVAR_START = 0x7FFE112B5000
VDSO_START = 0x7FFE112B9000
MMAP_END = 0x7FEE0A661000
#: the file areas filled with the binary's pages in this order (index into
#: ``parts``): .data.rel.ro and .data (what a fork copies), header, .rodata, .text
FILE_FILL = (3, 4, 0, 2, 1)


@dataclass
class Area:
    """One VMA as /proc prints it: its range, permissions, file, and pages (anon
    pfns, the binary's page-cache pages, the vdso's, swap entries)."""
    start: int
    end: int
    perms: str
    offset: int = 0
    path: str = ""
    ino: int = 0
    tag: str = ""               # [heap], [stack], [vvar], [vdso]
    anon: list[int] = field(default_factory=list)
    shmem: int = 0
    vdso: int = 0
    swap: list[int] = field(default_factory=list)
    thp: int = 0                # PMD-mapped huge pages
    dev: str = "00:00"

    @property
    def pages(self) -> int:
        """The area's size in pages."""
        return (self.end - self.start) // PAGE_SIZE

    @property
    def name(self) -> str:
        """What maps prints after the inode: the file's path or the tag."""
        return self.path or self.tag


def binary_of(k, t) -> BinaryLayout:
    """The layout of the binary the task runs: bash's for bash (and ``sh`` in the
    gnu userland, where it is bash), busybox's for every other program."""
    name = t.mm.image if t.mm.image is not None else t.comm
    if name == "bash" or (name == "sh" and getattr(k, "userland", "gnu") == "gnu"):
        return BASH
    return BUSYBOX


def exe_path(k, layout: BinaryLayout, t) -> str:
    """The path of the binary the task's mm maps (its ``exe_file``)."""
    return _path(k, layout, t)[0]


def _path(k, layout: BinaryLayout, t) -> tuple[str, int]:
    """The mapped file's path and inode number: the guests' busybox or bash in
    the busybox userland, else the program's own file in /usr/bin (the model's
    inode of it, ``Vfs.install_programs``)."""
    if getattr(k, "userland", "gnu") == "busybox":
        return layout.path, layout.ino
    name = "bash" if layout is BASH else (t.mm.image if t.mm.image is not None else t.comm)
    node = k.vfs.programs.get(name)
    return f"/usr/bin/{name}", node.ino if node is not None else layout.ino


def _dev(k) -> str:
    """The device of the root filesystem the binaries are on, ``%02x:%02x``:
    the guests' initramfs (00:02), or a host's ext4 disk /dev/vda (254:0)."""
    return ROOTFS_DEV if k.vfs.workdir != "/" else "fe:00"


def _extent(pages: dict[int, int], swapped: list[int]) -> int:
    hi = max(pages) + 1 if pages else 0
    if swapped:
        hi = max(hi, max(swapped) + 1)
    return hi


def mm_areas(k, t) -> list[Area]:
    """The task's VMAs in address order (none for a kernel thread or a zombie)."""
    mm = t.mm
    if mm is None or not t.alive or t.flags & PF_KTHREAD:
        return []
    lay = binary_of(k, t)
    path, ino = _path(k, lay, t)
    dev = _dev(k)
    parts = [Area(a, a + n * PAGE_SIZE, p, off, path, ino, dev=dev) for p, a, n, off in lay.parts]
    bss = Area(lay.bss_start, lay.bss_start + lay.bss_pages * PAGE_SIZE, "rw-p")
    slots: list[Area] = parts + [bss]
    swap_at = mm.swap_at or {}
    swapped: dict[str, list[int]] = {}
    for (name, idx) in swap_at:
        swapped.setdefault(name, []).append(idx)
    heap_pages: list[int] = []
    stack_pages: list[int] = []
    maps: list[tuple[str, dict[int, int]]] = []
    addressed = set()
    for name, vma in mm.vmas.items():
        pages = vma.pages
        addressed.update(pages.values())
        if name == "[data]":
            it = iter(sorted(pages))
            for ai, cap in lay.data_split:
                for _ in range(cap):
                    i = next(it, None)
                    if i is None:
                        break
                    slots[ai].anon.append(pages[i])
            slots[5].anon.extend(pages[i] for i in it)
        elif name == "[heap]":
            heap_pages.extend(pages.values())
        elif name == "[stack]":
            stack_pages.extend(pages.values())
        elif name != IMAGE:
            maps.append((name, pages))
        else:
            heap_pages.extend(pages.values())
    rest = [p for p in mm.anon if p not in addressed]
    nmap = min(mm.map_pages, len(rest))
    own = rest[len(rest) - nmap:] if nmap else []
    rest = rest[:len(rest) - nmap]
    pos = 0
    for where, cap in lay.image_slots:
        dest = stack_pages if where == "stack" else slots[where].anon  # type: ignore[index]
        room = max(cap - len(dest), 0)
        dest.extend(rest[pos:pos + room])
        pos += room
    heap_pages.extend(rest[pos:])
    # the binary's page-cache pages: the mm's counters and its owner's cached ones
    shmem = mm.rss[1] + mm.rss_pending[1]
    for ai in FILE_FILL:
        a = parts[ai]
        n = min(max(a.pages - lay.holes[ai] - len(a.anon), 0), shmem)
        a.shmem = n
        shmem -= n
    # the VMA ends at brk (a program that set it: mm->brk), at least its faulted extent
    hsize = max(HEAP_PAGES, mm.brk_pages,
                _extent(mm.vmas["[heap]"].pages, swapped.get("[heap]", []))
                if "[heap]" in mm.vmas else 0)
    heap = Area(lay.heap_start, lay.heap_start + hsize * PAGE_SIZE, "rw-p", tag="[heap]",
                anon=heap_pages)
    out = slots + [heap]
    # anonymous mappings, top-down from mmap_base: the program's own buffers first
    top = MMAP_END
    anon_maps: list[Area] = []
    loose_swap = [e for e, loc in (mm.swap or {}).items() if loc is None]
    if own or loose_swap:
        n = len(own) + len(loose_swap)
        anon_maps.append(_mmap_area(top, n, own, loose_swap))
        top = anon_maps[-1].start
    for name, pages in maps:
        sw = swapped.get(name, [])
        n = max(_extent(pages, sw), 1)
        a = _mmap_area(top, n, list(pages.values()), [swap_at[(name, i)] for i in sw])
        anon_maps.append(a)
        top = a.start
    out += reversed(anon_maps)
    ssize = max(STACK_PAGES, _extent(mm.vmas["[stack]"].pages, swapped.get("[stack]", []))
                if "[stack]" in mm.vmas else 0)
    out.append(Area(STACK_END - ssize * PAGE_SIZE, STACK_END, "rw-p", tag="[stack]",
                    anon=stack_pages))
    out.append(Area(VVAR_START, VVAR_START + 4 * PAGE_SIZE, "r--p", tag="[vvar]"))
    out.append(Area(VDSO_START, VDSO_START + 2 * PAGE_SIZE, "r-xp", tag="[vdso]",
                    vdso=min(mm.rss[0] + mm.rss_pending[0], 2)))
    for name in ("[heap]", "[stack]"):
        if name in swapped:
            a = heap if name == "[heap]" else out[-3]
            a.swap = [swap_at[(name, i)] for i in swapped[name]]
    heads = k.mmap.thp_heads
    if heads:
        for a in out:
            a.thp = sum(1 for p in a.anon if p in heads)
    return out


def _mmap_area(top: int, n: int, anon: list[int], swap: list[int]) -> Area:
    """An anonymous mapping of ``n`` pages ending at or below ``top``, its start
    half a huge page before a 2 MiB boundary (kernel/mmap.py ``thp_blocks``)."""
    huge = HPAGE_PMD_NR * PAGE_SIZE
    start = top - n * PAGE_SIZE
    start = (start - huge // 2) // huge * huge + huge // 2
    return Area(start, start + n * PAGE_SIZE, "rw-p", anon=anon, swap=swap)


# ------------------------------------------------------------------ formats
def _vma_head(start: int, end: int, perms: str, offset: int, dev: str, ino: int,
              name: str) -> str:
    """``show_vma_header_prefix`` and ``seq_pad``: the name at NAME_COLUMN."""
    head = f"{start:08x}-{end:08x} {perms} {offset:08x} {dev} {ino} "
    if not name:
        return head + "\n"
    return head.ljust(NAME_COLUMN) + name + "\n"


def show_map_vma(a: Area) -> str:
    """One line of /proc/PID/maps (``show_map_vma``)."""
    return _vma_head(a.start, a.end, a.perms, a.offset, a.dev, a.ino, a.name)


def show_maps(k, t) -> str:
    """/proc/PID/maps."""
    return "".join(show_map_vma(a) for a in mm_areas(k, t))


@dataclass
class MemSizeStats:
    """``struct mem_size_stats``: bytes, Pss in bytes << PSS_SHIFT."""
    resident: int = 0
    shared_clean: int = 0
    shared_dirty: int = 0
    private_clean: int = 0
    private_dirty: int = 0
    referenced: int = 0
    anonymous: int = 0
    anonymous_thp: int = 0
    swap: int = 0
    pss: int = 0
    pss_anon: int = 0
    pss_file: int = 0
    pss_shmem: int = 0
    pss_dirty: int = 0
    swap_pss: int = 0


def _users(k) -> list:
    return [t for t in k.tasks.values()
            if t.mm is not None and t.alive and not t.flags & PF_KTHREAD]


def _binary_mappers(k) -> dict[str, int]:
    """Per binary, the live processes mapping its pages (each page's mapcount)."""
    n: dict[str, int] = {}
    for t in _users(k):
        if sum(t.mm.rss) + sum(t.mm.rss_pending):
            p = binary_of(k, t).path
            n[p] = n.get(p, 0) + 1
    return n


def _accumulate(mss: MemSizeStats, nr: int, mapcount: int, dirty: bool, kind: str) -> None:
    """``smaps_account`` → ``smaps_page_accumulate`` for ``nr`` pages each mapped
    ``mapcount`` times: private if mapped once, shared otherwise, Pss split."""
    size = nr * PAGE_SIZE
    pss = nr * ((PAGE_SIZE << PSS_SHIFT) // mapcount)
    mss.resident += size
    mss.referenced += size
    mss.pss += pss
    if dirty:
        mss.pss_dirty += pss
    if kind == "anon":
        mss.anonymous += size
        mss.pss_anon += pss
    elif kind == "shmem":
        mss.pss_shmem += pss
    else:
        mss.pss_file += pss
    if mapcount >= 2:
        if dirty:
            mss.shared_dirty += size
        else:
            mss.shared_clean += size
    elif dirty:
        mss.private_dirty += size
    else:
        mss.private_clean += size


def smap_gather(k, a: Area, mss: MemSizeStats, mappers: dict[str, int], mapcount: dict,
                nr_users: int) -> None:
    """``smap_gather_stats`` of one area: its anon pages (dirty; shared after a
    fork until copied), the binary's shmem pages (dirty: the initramfs's pages
    were never written back), the vdso page (clean, every process maps it), its
    swap entries (``SwapPss`` split by ``swap_map``'s count)."""
    if a.anon:
        by_count: dict[int, int] = {}
        for p in a.anon:
            c = mapcount.get(p, 1)
            by_count[c] = by_count.get(c, 0) + 1
        for c, nr in sorted(by_count.items()):
            _accumulate(mss, nr, c, True, "anon")
        mss.anonymous_thp += a.thp * HPAGE_PMD_NR * PAGE_SIZE
    if a.shmem:
        _accumulate(mss, a.shmem, max(mappers.get(a.path, 1), 1), True, "shmem")
    if a.vdso:
        _accumulate(mss, a.vdso, max(nr_users, 2), False, "file")
    if a.swap:
        counts = k.swap.count
        for e in a.swap:
            mss.swap += PAGE_SIZE
            mss.swap_pss += (PAGE_SIZE << PSS_SHIFT) // max(counts.get(e, 1), 1)


def _kb_line(label: str, val_bytes: int) -> str:
    """``SEQ_PUT_DEC``: the label padded to 16 columns, kB at least 8 wide."""
    lab = f"{label}:".ljust(16) if len(label) < 15 else f"{label}: "
    return f"{lab}{val_bytes >> 10:{24 - len(lab)}d} kB\n"


def show_smap_stats(mss: MemSizeStats, rollup: bool, pss_dirty: bool) -> str:
    """``__show_smap``: the counters in order (``pss_dirty``: v6.0's Pss_Dirty,
    design switch ``smaps_pss_dirty``; Pss_Anon/File/Shmem in the rollup only)."""
    out = [_kb_line("Rss", mss.resident), _kb_line("Pss", mss.pss >> PSS_SHIFT)]
    if pss_dirty:
        out.append(_kb_line("Pss_Dirty", mss.pss_dirty >> PSS_SHIFT))
    if rollup:
        out += [_kb_line("Pss_Anon", mss.pss_anon >> PSS_SHIFT),
                _kb_line("Pss_File", mss.pss_file >> PSS_SHIFT),
                _kb_line("Pss_Shmem", mss.pss_shmem >> PSS_SHIFT)]
    out += [_kb_line("Shared_Clean", mss.shared_clean), _kb_line("Shared_Dirty", mss.shared_dirty),
            _kb_line("Private_Clean", mss.private_clean),
            _kb_line("Private_Dirty", mss.private_dirty),
            _kb_line("Referenced", mss.referenced), _kb_line("Anonymous", mss.anonymous),
            _kb_line("LazyFree", 0), _kb_line("AnonHugePages", mss.anonymous_thp),
            _kb_line("ShmemPmdMapped", 0), _kb_line("FilePmdMapped", 0),
            _kb_line("Shared_Hugetlb", 0), "Private_Hugetlb:       0 kB\n",
            _kb_line("Swap", mss.swap), _kb_line("SwapPss", mss.swap_pss >> PSS_SHIFT),
            _kb_line("Locked", 0)]
    return "".join(out)


def _vm_flags(a: Area, denywrite: bool) -> str:
    """``show_smap_vma_flags`` of the guests' areas: rd/wr/ex from the
    permissions, mr mw me (may read, write, exec), dw (VM_DENYWRITE of the
    executable's own mappings, design switch ``vm_denywrite``), gd for the stack
    (grows down), ac (accountable: private writable, or written once: a relocated
    .data.rel.ro), sd (soft-dirty); [vvar] and [vdso] are special mappings."""
    if a.tag == "[vvar]":
        return "rd mr pf io de dd sd "
    if a.tag == "[vdso]":
        return "rd ex mr mw me de sd "
    f = ["rd"]
    if a.perms[1] == "w":
        f.append("wr")
    if a.perms[2] == "x":
        f.append("ex")
    f += ["mr", "mw", "me"]
    if a.path and denywrite:
        f.append("dw")
    if a.tag == "[stack]":
        return " ".join(f + ["gd", "ac"]) + " "
    if a.perms[1] == "w" or a.anon:
        f.append("ac")
    f.append("sd")
    return " ".join(f) + " "


def _thp_eligible(a: Area) -> int:
    """``transparent_hugepage_active``: an anonymous area (not the stack, nor a
    special mapping) holding a whole aligned 2 MiB range, with THP "always"."""
    if a.path or a.tag in ("[vvar]", "[vdso]", "[stack]"):
        return 0
    huge = HPAGE_PMD_NR * PAGE_SIZE
    first = -(-a.start // huge) * huge
    return 1 if first + huge <= a.end else 0


def show_smaps(k, t) -> str:
    """/proc/PID/smaps: per area ``show_map_vma``, its sizes, ``__show_smap``,
    THPeligible, ProtectionKey (pkeys: the guests' CPU has ``pku``), VmFlags."""
    d = k.design
    areas = mm_areas(k, t)
    if not areas:
        return ""
    mappers = _binary_mappers(k)
    mapcount = k.mmap.mapcount
    users = len(_users(k))
    out = []
    for a in areas:
        mss = MemSizeStats()
        smap_gather(k, a, mss, mappers, mapcount, users)
        out.append(show_map_vma(a))
        out.append(_kb_line("Size", a.end - a.start))
        out.append(_kb_line("KernelPageSize", PAGE_SIZE))
        out.append(_kb_line("MMUPageSize", PAGE_SIZE))
        out.append(show_smap_stats(mss, False, d.smaps_pss_dirty))
        out.append(f"THPeligible:    {_thp_eligible(a)}\n")
        out.append("ProtectionKey:         0\n")
        out.append(f"VmFlags: {_vm_flags(a, d.vm_denywrite)}\n")
    return "".join(out)


def show_smaps_rollup(k, t) -> str:
    """/proc/PID/smaps_rollup: the sums over every area under a ``[rollup]``
    header spanning them (``show_smaps_rollup``); ESRCH without an mm (a
    zombie's: ``proc_mem_open`` found none)."""
    areas = mm_areas(k, t)
    if not areas:
        raise oserror(errno.ESRCH)
    mappers = _binary_mappers(k)
    mapcount = k.mmap.mapcount
    users = len(_users(k))
    mss = MemSizeStats()
    for a in areas:
        smap_gather(k, a, mss, mappers, mapcount, users)
    head = _vma_head(areas[0].start, areas[-1].end, "---p", 0, "00:00", 0, "[rollup]")
    return head + show_smap_stats(mss, True, k.design.smaps_pss_dirty)


def show_numa_maps(k, t) -> str:
    """/proc/PID/numa_maps (``show_numa_map``): the default policy, file= or
    heap/stack, then the page counts (``gather_stats``) for areas with pages:
    anon, dirty (every page the model maps is dirty but the vdso's, which
    ``vm_normal_page`` does not count), mapmax, active (the binary's pages, and
    the stack's argument page; the process's own anon pages are new, inactive),
    N0, kernelpagesize_kB."""
    areas = mm_areas(k, t)
    if not areas:
        return ""
    mappers = _binary_mappers(k)
    mapcount = k.mmap.mapcount
    out = []
    for a in areas:
        line = f"{a.start:08x} default"
        if a.path:
            line += f" file={a.path}"
        elif a.tag == "[heap]":
            line += " heap"
        elif a.tag == "[stack]":
            line += " stack"
        pages = len(a.anon) + a.shmem
        if pages:
            anon = len(a.anon)
            mmax = max([mapcount.get(p, 1) for p in a.anon] +
                       ([mappers.get(a.path, 1)] if a.shmem else []))
            active = a.shmem + (1 if a.tag == "[stack]" and anon else 0)
            if anon:
                line += f" anon={anon}"
            line += f" dirty={pages}"
            if mmax > 1:
                line += f" mapmax={mmax}"
            if active < pages:
                line += f" active={active}"
            line += f" N0={pages} kernelpagesize_kB=4"
        out.append(line + "\n")
    return "".join(out)


def vm_sizes(k, t) -> tuple[int, int, int, int, int]:
    """(total_vm, VmExe, VmLib, stack_vm, data_vm) in pages from the areas
    (``task_mem``: VmExe the executable's text, VmLib the other executable
    mappings (the vdso), VmStk the stack, VmData the private writable ones but
    the stack); zeros without an mm."""
    areas = mm_areas(k, t)
    total = exe = lib = stk = data = 0
    for a in areas:
        n = a.pages
        total += n
        if a.perms[2] == "x":
            if a.path:
                exe += n
            else:
                lib += n
        if a.tag == "[stack]":
            stk += n
        elif a.perms[1] == "w" and a.perms[3] == "p":
            data += n
    return total, exe, lib, stk, data
