"""mm/vmscan.c and the memcg OOM killer (mm/oom_kill.c) as the model needs them.

``try_to_free_mem_cgroup_pages`` walks the memcg subtree (``mem_cgroup_iter``,
dying memcgs included: that walk is the cost dying cgroups put on reclaim) at
falling priorities, each memcg giving up clean page-cache pages, oldest first, by
its size >> priority as memory.min/memory.low allow, and its shrinkers
(``shrink_slab``, kernel/shrinker.py: shadow nodes, each superblock's dentries,
negative ones too, and inodes: kernel/super.py); a pass that took only dirty
pages wakes the flusher; anon pages
go to swap once a swap file is on (:meth:`Vmscan.shrink_anon`, kernel/swapfile.py).
Global reclaim (:meth:`Vmscan.wmark_hit`): the page allocator's watermarks
(kernel/sizes/hostmem.py) wake ``kswapd`` (:meth:`Vmscan.balance_pgdat`) and make an
allocation below the min watermark reclaim directly (:meth:`Vmscan.try_to_free_pages`),
both over every memcg of the node by the same :meth:`Vmscan.shrink_node_memcgs`; the
slow path retries and at last calls the global OOM killer (kernel/oom_kill.py:
:meth:`Vmscan.alloc_pages_slowpath`).
memory.high's
reclaim runs on the way back to user space (and, on 6.1, in ``try_charge``
itself).
"""
from __future__ import annotations

from collections import Counter
from itertools import compress
from math import isqrt
from typing import TYPE_CHECKING

from .clock import WORK_LATENCY_NS
from .fork import get_mm_anon, mm_pgtables_pages
from .initramfs import BINARY_INO
from .mmap import HPAGE_PMD_NR
from .memcontrol import MAX_RECLAIM_RETRIES
from .oom_victim import MEMCG_OOM_PASS_NS
from .page_alloc import PG_ANON, PG_BUFFER, PG_FILE, PG_SHMEM, PG_SHMEM_ACTIVE
from .page_counter import PAGE_COUNTER_MAX
from .signum import SIGKILL
from .swapfile import MEMCG_SWAP_FAIL, MEMCG_SWAP_HIGH
from .vmstat import (MEMCG_HIGH, MEMCG_LOW, MEMCG_OOM, MEMCG_OOM_GROUP_KILL, MEMCG_OOM_KILL,
                     NR_ACTIVE_ANON, NR_ACTIVE_FILE, NR_ANON_THPS, NR_INACTIVE_ANON,
                     NR_INACTIVE_FILE, PAGE_SHIFT, PAGE_SIZE, PGACTIVATE,
                     PGDEACTIVATE,
                     PGREFILL, PGSCAN, PGSCAN_KSWAPD, PGSTEAL, PGSTEAL_KSWAPD, PercpuBatchStats)

if TYPE_CHECKING:
    from . import KernelCore
    from .memcontrol import MemCgroup

#: include/uapi/linux/oom.h: ``/proc/PID/oom_score_adj``'s range; a task at the
#: minimum is never chosen (``oom_badness`` returns LONG_MIN)
OOM_SCORE_ADJ_MIN = -1000
OOM_SCORE_ADJ_MAX = 1000
#: ``CONFIG_HZ`` of Debian's 5.10.262 and 6.1.192 (their /boot/config-*: CONFIG_HZ=250)
HZ = 250
NSEC_PER_JIFFY = 1_000_000_000 // HZ
#: ``congestion_wait(BLK_RW_ASYNC, HZ/10)`` and ``reclaim_throttle``'s
#: VMSCAN_THROTTLE_WRITEBACK timeout (HZ/10)
CONGESTION_WAIT_NS = HZ // 10 * NSEC_PER_JIFFY
#: include/linux/swap.h ``SWAP_CLUSTER_MAX``
SWAP_CLUSTER_MAX = 32
#: mm/vmscan.c ``DEF_PRIORITY``: reclaim scans an LRU's size >> priority, from 12 down
DEF_PRIORITY = 12
#: mm/memcontrol.c: the fixed-point precision and scaling of memory.high's penalty
MEMCG_DELAY_PRECISION_SHIFT = 20
MEMCG_DELAY_SCALING_SHIFT = 14
#: ``MEMCG_MAX_HIGH_DELAY_JIFFIES``: at most 2 s of penalty per return to user
MEMCG_MAX_HIGH_DELAY_JIFFIES = 2 * HZ


def calculate_overage(usage: int, high: int) -> int:
    """``calculate_overage`` (mm/memcontrol.c, v5.8 to v6.1): ``(usage - high) <<
    MEMCG_DELAY_PRECISION_SHIFT`` over ``high`` (at least a page), 0 at or under it."""
    if usage <= high:
        return 0
    high = max(high, 1)
    return ((usage - high) << MEMCG_DELAY_PRECISION_SHIFT) // high


def effective_protection(usage: int, setting: int, parent_effective: int,
                         siblings_protected: int) -> int:
    """``effective_protection`` without ``memory_recursiveprot``: the protected usage
    ``min(usage, setting)``, scaled down in proportion when the siblings together
    use more protection than the parent's effective protection affords."""
    protected = min(usage, setting)
    if siblings_protected > parent_effective:
        return protected * parent_effective // siblings_protected
    return protected


#: /proc/vmstat's reclaim, OOM and drop_caches events (``enum vm_event_item``, v5.10
#: and v6.1) the model counts (:attr:`Vmscan.vm_events`), with the LRU moves it makes:
#: PGACTIVATE (``__activate_page``, ``shrink_page_list``'s activations), PGDEACTIVATE
#: (``shrink_active_list``, ``lru_deactivate_file_fn``), PGREFILL (``shrink_active_list``
#: in global reclaim only: ``if (!cgroup_reclaim(sc))``), each beside its memcg event
#: (mm/swap.c, mm/vmscan.c)
VM_RECLAIM_EVENTS = ("pgscan_kswapd", "pgsteal_kswapd", "pgscan_direct", "pgsteal_direct",
                     "pgscan_anon", "pgscan_file", "pgsteal_anon", "pgsteal_file", "pageoutrun",
                     "allocstall_normal", "allocstall_movable", "oom_kill",
                     "pginodesteal", "kswapd_inodesteal", "slabs_scanned",
                     "drop_pagecache", "drop_slab", "pgactivate", "pgdeactivate", "pgrefill")
#: the page kinds allocated with GFP_HIGHUSER_MOVABLE (a file's page cache, anon
#: and shmem pages): an allocation stall counts in ALLOCSTALL_MOVABLE, the others'
#: (GFP_KERNEL, GFP_USER: the block devices' cache) in ALLOCSTALL_NORMAL
#: (``__count_zid_vm_events(ALLOCSTALL, ac->highest_zoneidx, 1)``)
MOVABLE_KINDS = frozenset((PG_ANON, PG_FILE, PG_SHMEM))
#: the guests' binaries' inodes (their pages mapped by every process: not swapped)
BINARY_INODES = frozenset(BINARY_INO.values())
#: a victim of ``shrink_anon`` that is a tmpfs page: ``(SHMEM_MARK, None)``
SHMEM_MARK = object()
SHMEM_PAGE = (SHMEM_MARK, None)


def lru_file_sizes(pfns: list[int], kind, mapping, inodes) -> tuple[int, int]:
    """``lruvec_lru_size`` of a memcg's file list whose pages are ``pfns``: (the
    inactive pages, the active data pages). Shmem pages (the anon LRU) are left
    out; a block device's page counts as inactive, as :meth:`Vmscan.shrink_lruvec`
    takes it (an active ``PG_BUFFER`` page is a data page's). Counted in C: the
    pages' kinds gathered (``kind``: ``mem_map``'s column), those of the
    ``PG_BUFFER`` pages' inodes (``mapping``'s ids into ``inodes``) tested once an
    inode."""
    kinds = bytes(map(kind.__getitem__, pfns))
    other = len(kinds) - kinds.count(PG_SHMEM) - kinds.count(PG_SHMEM_ACTIVE)
    active = 0
    if kinds.count(PG_BUFFER):
        ids = Counter(map(mapping.__getitem__,
                          compress(pfns, map(PG_BUFFER.__eq__, kinds))))
        active = sum(n for mid, n in ids.items() if not inodes[mid].bdev)
    return other - active, active



def list_scan(size: int, protected: bool, protection: int, usage: int, priority: int,
              offline: bool) -> int:
    """``get_scan_count``'s scan of one LRU list of ``size`` pages (mm/vmscan.c,
    v5.10 and v6.1): while ``protected`` by memory.min/low, the size less its
    protected share, at least SWAP_CLUSTER_MAX (``apply_proportional_protection``);
    then ``>> priority``; a dying (``offline``) memcg's at least
    ``min(size, SWAP_CLUSTER_MAX)`` (``!mem_cgroup_online``)."""
    scan = size
    if protected:
        scan = max(size - size * protection // max(usage, protection), SWAP_CLUSTER_MAX)
    scan >>= priority
    if offline and not scan:
        scan = min(size, SWAP_CLUSTER_MAX)
    return scan

class Vmscan:
    __slots__ = ("k", "memcgs_visited", "reclaim_passes", "any_high", "may_swap", "_rmap",
                 "scan_item", "steal_item", "global_reclaim", "nr_scanned", "vm_events",
                 "kswapd_pending", "kswapd_failures", "in_reclaim", "boot_free", "boot_used",
                 "oom_lock", "reclaimed_slab", "force_deactivate", "skipped_deactivate",
                 "lru_cost")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: modelled-kernel cost: memcgs visited by reclaim walks (grows with dying ones)
        self.memcgs_visited = 0
        self.reclaim_passes = 0
        #: a memory.high below "max" was ever written (:meth:`memory_high_write`, its
        #: only writer): until then no level can be above its high, and
        #: :meth:`note_over_high`'s walk, which would find none, is not made
        self.any_high = False
        #: ``scan_control.may_swap`` of the reclaim under way
        self.may_swap = True
        #: the anon pages' mms for this reclaim (:meth:`anon_rmap`), made when needed
        self._rmap: dict | None = None
        #: the memcg events the reclaim under way counts (``current_is_kswapd()``:
        #: PGSCAN_KSWAPD, else PGSCAN_DIRECT, the model's PGSCAN) and whether it is
        #: global (``!cgroup_reclaim(sc)``: /proc/vmstat's counters move too)
        self.scan_item, self.steal_item = PGSCAN, PGSTEAL
        self.global_reclaim = False
        #: ``scan_control.nr_scanned`` of the reclaim under way
        self.nr_scanned = 0
        #: /proc/vmstat's reclaim events (VM_RECLAIM_EVENTS) since boot
        self.vm_events = dict.fromkeys(VM_RECLAIM_EVENTS, 0)
        #: ``current->reclaim_state->reclaimed_slab`` of the shrink_node pass under
        #: way (:meth:`shrink_node_memcgs`), None outside reclaim
        self.reclaimed_slab: int | None = None
        #: ``scan_control.force_deactivate`` and ``skipped_deactivate`` of the reclaim
        #: under way (:meth:`do_try_to_free_pages`): an active file list was left
        #: unaged because the target's inactive list was not low, so a pass that
        #: freed nothing is run again deactivating regardless
        self.force_deactivate = self.skipped_deactivate = False
        #: a wake-up of kswapd is queued (``pgdat->kswapd_wait``)
        self.kswapd_pending = False
        #: ``pgdat->kswapd_failures``: balance_pgdat runs that freed nothing
        self.kswapd_failures = 0
        #: PF_MEMALLOC: a global reclaim is under way (its own allocations ignore
        #: the watermarks: ALLOC_NO_WATERMARKS)
        self.in_reclaim = False
        #: the node's free pages at boot and the pages the model had allocated then
        self.boot_free = self.boot_used = 0
        #: ``oom_lock``: a global OOM kill is under way (the victim's exit allocates
        #: from the reserves)
        self.oom_lock = False
        #: each memcg's lruvec ``[anon_cost, file_cost]`` (:meth:`lru_note_cost`)
        self.lru_cost: dict = {}

    def subtree(self, memcg: "MemCgroup"):
        """``mem_cgroup_iter``: pre-order over every memcg not yet freed."""
        stack = [memcg]
        children = self.k.memcg_children
        while stack:
            m = stack.pop()
            yield m
            stack.extend(reversed(children.get(m, ())))

    @staticmethod
    def css_tasks(memcg: "MemCgroup") -> list:
        """``css_task_iter`` of a memory css (``mem_cgroup_scan_tasks``): the tasks of
        every css_set whose memory css it is (``cgrp->e_csets``), so those of its
        cgroup and of every descendant cgroup without a memory css of its own (on
        cgroup2, below a parent whose subtree_control lacks memory)."""
        cgrp = memcg.cgroup
        if cgrp is None:
            return []
        out = list(cgrp.tasks.values())
        stack = [c for c in cgrp.children.values() if "memory" not in c.subsys]
        while stack:
            c = stack.pop()
            out.extend(c.tasks.values())
            stack.extend(x for x in c.children.values() if "memory" not in x.subsys)
        return out

    def try_to_free_mem_cgroup_pages(self, memcg: "MemCgroup", nr_pages: int,
                                     may_swap: bool = True) -> int:
        """``try_to_free_mem_cgroup_pages`` → ``do_try_to_free_pages``: walks of the
        subtree at priority DEF_PRIORITY (12) down to 0 until ``max(nr_pages,
        SWAP_CLUSTER_MAX)`` pages (``scan_control.nr_to_reclaim``) are freed, each
        respecting memory.min and memory.low; then the dcache shrinker if still
        short; a walk that freed nothing is retried as :meth:`do_try_to_free_pages`
        says (memory.low gives way in a ``memcg_low_reclaim`` pass)."""
        self.reclaim_passes += 1
        nr_pages = max(nr_pages, SWAP_CLUSTER_MAX)
        outer = self.may_swap, self._rmap
        self.may_swap = may_swap
        self._rmap = None
        try:
            return self.do_try_to_free_pages(memcg, nr_pages)
        finally:
            self.may_swap, self._rmap = outer

    def do_try_to_free_pages(self, target: "MemCgroup", nr_pages: int) -> int:
        """``do_try_to_free_pages`` (mm/vmscan.c, v5.10 and v6.1): priority passes
        (:meth:`priority_passes`) until one frees something. A pass that freed
        nothing is run again with ``force_deactivate`` if it left an active file
        list unaged (``skipped_deactivate``: Linux commit b91ac374346b ("mm:
        vmscan: enforce inactive:active ratio at the reclaim root") (in v5.5)),
        else with ``memcg_low_reclaim`` if it skipped a memcg for its memory.low
        ("Untapped cgroup reserves? Don't OOM, retry"), which clears
        ``force_deactivate``; so a protected memcg's empty lists, whose targets
        are at least SWAP_CLUSTER_MAX (:meth:`shrink_lruvec`), can make a
        fruitless reclaim walk the tree three times (calibration/
        reclaim-proactive-trace.sh). Returns the pages freed."""
        outer = self.force_deactivate, self.skipped_deactivate
        self.force_deactivate = False
        memcg_low_reclaim = low_skipped = False
        try:
            while True:
                self.skipped_deactivate = False
                reclaimed, skipped = self.priority_passes(target, nr_pages, memcg_low_reclaim)
                if reclaimed:
                    return reclaimed
                low_skipped = low_skipped or skipped
                if self.skipped_deactivate:
                    self.force_deactivate = True
                elif low_skipped:
                    self.force_deactivate = False
                    memcg_low_reclaim = True
                    low_skipped = False
                else:
                    return 0
        finally:
            self.force_deactivate, self.skipped_deactivate = outer

    def priority_passes(self, target: "MemCgroup", nr_pages: int,
                        memcg_low_reclaim: bool) -> tuple[int, bool]:
        """``do_try_to_free_pages``' priority loop over :meth:`shrink_node_memcgs`
        (whose ``shrink_slab`` frees the dentries, negative ones too: kernel/super.py).
        Returns (pages freed, a memcg skipped for memory.low)."""
        sizes: dict = {}
        reclaimed = 0
        low_skipped = False
        for priority in range(DEF_PRIORITY, -1, -1):
            got, skipped = self.shrink_node_memcgs(target, nr_pages, memcg_low_reclaim,
                                                   priority, sizes)
            reclaimed += got
            low_skipped = low_skipped or skipped
            if reclaimed >= nr_pages:
                return reclaimed, low_skipped
        return reclaimed, low_skipped

    def shrink_node_memcgs(self, target: "MemCgroup", nr_pages: int, memcg_low_reclaim: bool,
                           priority: int, sizes: dict) -> tuple[int, bool]:
        """``shrink_node_memcgs`` (mm/vmscan.c, v5.10 and v6.1) at one priority: every
        memcg of the subtree (no early stop) gets its effective protection
        (:meth:`mem_cgroup_calculate_protection`); one below its memory.min is
        skipped; one below its memory.low is skipped (``memcg_low_skipped``) unless
        ``memcg_low_reclaim``, which counts MEMCG_LOW on it. The others lose clean
        file pages, oldest first (``shrink_lruvec``): ``get_scan_count``'s target,
        the file LRU's size (shmem is on the anon LRU, not scanned without swap)
        less its protected share (``lruvec_size - lruvec_size * protection /
        max(usage, protection)``, at least SWAP_CLUSTER_MAX), ``>> priority``; an
        offline memcg's at least ``min(size, SWAP_CLUSTER_MAX)``; a memcg stops once
        it freed ``nr_to_reclaim`` (in SWAP_CLUSTER_MAX batches). Every page scanned
        is taken (the model has no referenced bits), but dirty ones and those whose
        buffers are busy (kernel/buffer.py; ``Filemap.reclaimable``); a batch of
        SWAP_CLUSTER_MAX taken all dirty wakes the flusher (:meth:`wakeup_flusher`),
        whose I/O cleans them before a retry. With a swap area (``may_swap``) a
        memcg that can swap (:meth:`can_scan_anon`) also loses anon, as
        ``get_scan_count`` balances the lists: SCAN_FILE while the target's
        inactive file list ``>> priority`` is not 0 (``cache_trim_mode``, set by
        ``shrink_node``/``prepare_scan_count`` unless :meth:`inactive_is_low`),
        SCAN_EQUAL at priority 0, else SCAN_FRACT (:meth:`scan_fraction`), what
        each list gives split as ``shrink_lruvec``'s loop does (:meth:`scan_split`).
        ``sizes``: each memcg's file LRU size in this reclaim. Returns (pages
        freed, a memcg skipped for low)."""
        k = self.k
        mc = k.memcg
        shrinkers = k.shrinkers
        cap = -(-nr_pages // SWAP_CLUSTER_MAX) * SWAP_CLUSTER_MAX
        reclaimed = 0
        low_skipped = False
        deactivate = self.force_deactivate or self.inactive_is_low(target)
        anon_on = self.may_swap and bool(k.swap.areas)      # anon is scanned at all
        if anon_on:
            # prepare_scan_count (shrink_node): cache_trim_mode, the target's costs
            trim = bool(max(target.stats.state[NR_INACTIVE_FILE], 0) >> priority) \
                and not deactivate
            costs = self.lru_cost.get(target, (0, 0))
        outer_slab, self.reclaimed_slab = self.reclaimed_slab, 0
        for m in self.subtree(target):
            self.memcgs_visited += 1
            c = m.memory
            protection = 0
            protected = False
            if m is not target:
                self.mem_cgroup_calculate_protection(target, m)
                if c.emin >= c.usage:
                    continue            # mem_cgroup_below_min: hard protection
                if c.elow >= c.usage:   # mem_cgroup_below_low
                    if not memcg_low_reclaim:
                        low_skipped = True
                        continue
                    mc.memcg_memory_event(m, MEMCG_LOW)
                # mem_cgroup_protection(): emin only in low reclaim
                protection = c.emin if memcg_low_reclaim else max(c.emin, c.elow)
                protected = bool(c.emin or c.elow)
            if anon_on and self.can_scan_anon(m):
                # get_scan_count: SCAN_EQUAL at priority 0, SCAN_FILE in
                # cache_trim_mode, else SCAN_FRACT; shrink_lruvec's rounds split
                # what this memcg gives (:meth:`scan_split`)
                if trim and priority:
                    reclaimed += self.shrink_lruvec(m, c, protection, priority, cap, sizes,
                                                    target, deactivate, protected)
                else:
                    offline = m.offline_at is not None
                    f = self.file_target(m, c, protection, priority, sizes, protected)
                    a = self.anon_target(m, c, protection, priority)
                    frac = self.scan_fraction(costs, self.swappiness(m)) if priority else None
                    if frac is not None:
                        f, a = self.fract(f, frac[1], frac[2], offline), \
                            self.fract(a, frac[0], frac[2], offline)
                    ta, tf = self.scan_split(a, f, cap)
                    reclaimed += self.shrink_lruvec(m, c, protection, priority, min(cap, tf),
                                                    sizes, target, deactivate, protected,
                                                    frac and (frac[1], frac[2]))
                    if ta:
                        reclaimed += self.shrink_anon(m, c, protection, priority, min(cap, ta))
            else:
                reclaimed += self.shrink_lruvec(m, c, protection, priority, cap, sizes, target,
                                                deactivate, protected)
            # shrink_slab(sc->gfp_mask, pgdat->node_id, memcg, sc->priority): its
            # objects freed after a grace period (RCU), not counted as reclaimed;
            # the page cache of the inodes it prunes is (reclaimed_slab)
            shrinkers.shrink_slab(m, priority)
        # shrink_node: sc->nr_reclaimed += reclaim_state->reclaimed_slab
        reclaimed += self.reclaimed_slab
        self.reclaimed_slab = outer_slab
        return reclaimed, low_skipped

    def can_scan_anon(self, m: "MemCgroup") -> bool:
        """``get_scan_count``'s first tests (mm/vmscan.c, v5.10 and v6.1): anon is
        scanned only with swap room for the memcg (``mem_cgroup_get_nr_swap_pages``
        / ``can_reclaim_anon_pages``) and, in cgroup reclaim, a swappiness above 0;
        else SCAN_FILE. An empty anon list is balanced all the same (its target 0,
        the file list's scaled)."""
        return bool(self.swappiness(m)) and self.k.swap.mem_cgroup_get_nr_swap_pages(m) > 0

    @staticmethod
    def scan_fraction(costs, swappiness: int) -> tuple[int, int, int]:
        """``get_scan_count``'s SCAN_FRACT (mm/vmscan.c, v5.10 and v6.1): the
        pressure on each list inversely proportional to its recent cost (the
        reclaim target's ``anon_cost``/``file_cost``, :meth:`lru_note_cost`), each
        list's own cost counted twice so that at least a third goes to either, and
        weighted by swappiness: (anon's, file's, their sum)."""
        anon_cost, file_cost = costs
        total = anon_cost + file_cost
        anon_cost += total
        file_cost += total
        total = anon_cost + file_cost
        ap = swappiness * (total + 1) // (anon_cost + 1)
        fp = (200 - swappiness) * (total + 1) // (file_cost + 1)
        return ap, fp, ap + fp

    @staticmethod
    def fract(scan: int, part: int, denominator: int, offline: bool) -> int:
        """A list's scan target times its fraction: rounded down, up for an offline
        memcg ("Make sure we don't miss the last page on the offlined memory
        cgroups because of a round-off error")."""
        return scan * part // denominator if not offline else -(-scan * part // denominator)

    def file_target(self, m: "MemCgroup", c, protection: int, priority: int, sizes: dict,
                    protected: bool) -> int:
        """The inactive file list's ``get_scan_count`` target before the balance, as
        :meth:`shrink_lruvec` computes it (its sizes counted into ``sizes``)."""
        got = sizes.get(m)
        if got is None:
            n = m.lru_file.n
            if not n or (m.offline_at is None and max(n, SWAP_CLUSTER_MAX if protected else 0)
                         >> priority == 0):
                return 0
            k = self.k
            got = sizes[m] = lru_file_sizes(m.lru_file.pfns(), k.mem_map.kind,
                                            k.filemap.pages.mapping, k.filemap.pages.inodes)
        return list_scan(got[0], protected, protection, c.usage, priority, m.offline_at is not None)

    @staticmethod
    def anon_target(m: "MemCgroup", c, protection: int, priority: int) -> int:
        """The anon list's ``get_scan_count`` target before the balance, as
        :meth:`shrink_anon` computes it."""
        return list_scan(len(m.lru_anon), bool(protection), protection, c.usage, priority,
                         m.offline_at is not None)

    @staticmethod
    def scan_split(a: int, f: int, need: int) -> tuple[int, int]:
        """What ``shrink_lruvec``'s loop takes of the anon and file targets ``a`` and
        ``f`` (mm/vmscan.c, v5.10 and v6.1): SWAP_CLUSTER_MAX from each list in
        turn until ``nr_to_reclaim`` (``need``) is met; then, in cgroup reclaim
        (not ``scan_adjusted``/``proportional_reclaim``), the list with less left
        stops and the other goes on to the same share of its own target (every
        page scanned counted as freed here)."""
        if a + f <= need:
            return a, f
        ra, rf = a, f
        da = df = 0
        while (ra or rf) and da + df < need:
            x = min(ra, SWAP_CLUSTER_MAX)
            ra -= x
            da += x
            y = min(rf, SWAP_CLUSTER_MAX)
            rf -= y
            df += y
        if not ra or not rf:
            return da, df
        if rf > ra:
            pct = ra * 100 // (a + 1)
            df = max(df, f * (100 - pct) // 100)
        else:
            pct = rf * 100 // (f + 1)
            da = max(da, a * (100 - pct) // 100)
        return da, df

    def lru_note_cost(self, m: "MemCgroup", file: int, nr_pages: int) -> None:
        """``lru_note_cost`` (mm/swap.c, v5.10 and v6.1) of pages reclaim wrote
        (``shrink_inactive_list``'s ``stat.nr_pageout``, a batch of
        SWAP_CLUSTER_MAX at a time): the cost added to the lruvec and every
        ancestor's, each decayed (both halved) once they exceed a quarter of its
        LRU pages. Refaults' costs (``workingset_refault`` →
        ``lru_note_cost_page``) are not modelled."""
        costs = self.lru_cost
        w: "MemCgroup | None" = m
        while w is not None:
            cost = costs.get(w)
            if cost is None:
                cost = costs[w] = [0, 0]
            cost[file] += nr_pages
            st = w.stats.state
            lrusize = st[NR_INACTIVE_ANON] + st[NR_ACTIVE_ANON] + st[NR_INACTIVE_FILE] \
                + st[NR_ACTIVE_FILE]
            if cost[0] + cost[1] > lrusize // 4:
                cost[0] //= 2
                cost[1] //= 2
            w = w.parent_memcg

    def inactive_is_low(self, target: "MemCgroup") -> bool:
        """``shrink_node``'s DEACTIVATE_FILE test (mm/vmscan.c, v5.10 and v6.1):
        ``inactive_is_low(target_lruvec, LRU_INACTIVE_FILE)``, the reclaim target's
        hierarchical counts (6.1 flushes them first: ``mem_cgroup_flush_stats``):
        ``inactive * inactive_ratio < active``, the ratio ``int_sqrt(10 * gb)`` of
        the lists' size in GiB, 1 below 1 GiB. The other trigger, a change of
        WORKINGSET_ACTIVATE_FILE since the last reclaim (``snapshot_refaults``), is
        not modelled."""
        mc = self.k.memcg
        if not isinstance(mc.stats, PercpuBatchStats):
            mc.flush_stats()
        st = target.stats.state
        inactive, active = max(st[NR_INACTIVE_FILE], 0), max(st[NR_ACTIVE_FILE], 0)
        gb = (inactive + active) >> (30 - PAGE_SHIFT)
        return inactive * (isqrt(10 * gb) if gb else 1) < active

    def shrink_active_list(self, m: "MemCgroup", nr_to_scan: int) -> None:
        """``shrink_active_list`` (mm/vmscan.c, v5.10 and v6.1) of the file list: the
        ``nr_to_scan`` oldest active data pages taken (PGREFILL); none is mapped
        executable, so every one goes to the head of the inactive list
        (``ClearPageActive``, ``SetPageWorkingset``: PGDEACTIVATE). A block
        device's pages stay where the model keeps them (always active: the
        calibrated metadata of items 28 and 36)."""
        k = self.k
        kind = k.mem_map.kind
        mapping, inodes = k.filemap.pages.mapping, k.filemap.pages.inodes
        moved = []
        for pfn in m.lru_file:
            if kind[pfn] == PG_BUFFER and not inodes[mapping[pfn]].bdev:  # type: ignore[union-attr]
                moved.append(pfn)
                if len(moved) >= nr_to_scan:
                    break
        if not moved:
            return
        m.lru_file.remove_many(moved)
        m.lru_file.extend(moved)
        k.filemap.deactivate(moved, m)
        k.memcg.mod_memcg_state(m, PGREFILL, len(moved))
        k.memcg.mod_memcg_state(m, PGDEACTIVATE, len(moved))
        if self.global_reclaim:                 # if (!cgroup_reclaim(sc))
            self.vm_events["pgrefill"] += len(moved)
        self.vm_events["pgdeactivate"] += len(moved)

    def shrink_lruvec(self, m: "MemCgroup", c, protection: int, priority: int, cap: int,
                      sizes: dict, target: "MemCgroup", deactivate: bool = False,
                      protected: bool = False, frac: tuple | None = None) -> int:
        """``shrink_lruvec`` of one memcg at one priority (see
        :meth:`shrink_node_memcgs`): the pages freed. Every inactive page taken
        counts as scanned (``isolate_lru_pages``' nr_scanned: PGSCAN_DIRECT, or
        PGSCAN_KSWAPD in kswapd, :meth:`count_reclaim`), those freed as stolen
        (PGSTEAL_*); a page kept for its busy buffers or because it is dirty goes
        back to the list's head (``activate_locked``), a dirty data page onto the
        active list (``SetPageActive``, PGACTIVATE: ``shrink_page_list``'s "Only
        kswapd can writeback filesystem pages" branch, mm/vmscan.c v5.10 and v6.1;
        before, every pass rescanned it); each freed page leaves a shadow entry naming the
        reclaim's ``target`` (``workingset_eviction``). Active data pages
        (activated by a second read, :meth:`Filemap.mark_page_accessed`) are not
        taken; with ``deactivate`` (:meth:`inactive_is_low`) the active list's own
        target (its size >> priority) is aged by :meth:`shrink_active_list`, a
        SWAP_CLUSTER_MAX batch for each batch of the inactive list's, as the
        kernel's loop over ``for_each_evictable_lru`` interleaves them and stops
        after the round that met ``nr_to_reclaim``; without it, an active target
        above 0 sets ``skipped_deactivate`` (``shrink_list``). A ``protected``
        memcg's (``mem_cgroup_protection``: a nonzero emin or elow, even when the
        pass protects 0 of it) targets are at least SWAP_CLUSTER_MAX before the
        shift, empty lists' too (``get_scan_count``: Linux commit 9783aa9917f8
        ("mm, memcg: proportional memory.{low,min} reclaim") (in v5.4)). The lists' sizes
        (``lruvec_lru_size``) are counted once a reclaim, and not at all for an
        online memcg whose file pages (or SWAP_CLUSTER_MAX, protected) ``>>
        priority`` are 0: both targets are 0, nothing is scanned (``get_scan_count``,
        mm/vmscan.c v5.10 and v6.1), an empty lruvec costs one test."""
        k = self.k
        filemap = k.filemap
        mc = k.memcg
        kind = k.mem_map.kind
        mapping, inodes = filemap.pages.mapping, filemap.pages.inodes
        got = sizes.get(m)
        if got is None:
            n = m.lru_file.n
            if n and m.offline_at is None and max(n, SWAP_CLUSTER_MAX if protected else 0) \
                    >> priority == 0:
                # get_scan_count: both lists' targets (each at most the file
                # list's pages, or SWAP_CLUSTER_MAX when protected) >> priority
                # are 0: nothing scanned, and the lists are not counted
                sizes[m] = None
                return 0
            size, active = lru_file_sizes(m.lru_file.pfns(), kind, mapping, inodes)
            sizes[m] = (size, active)
        else:
            size, active = got
        if not size and not active:
            if protected and not deactivate and SWAP_CLUSTER_MAX >> priority:
                self.skipped_deactivate = True
            return 0
        offline = m.offline_at is not None
        scan = list_scan(size, protected, protection, c.usage, priority, offline)
        nr_active = list_scan(active, protected, protection, c.usage, priority, offline)
        if frac:
            scan = self.fract(scan, frac[0], frac[1], offline)
            nr_active = self.fract(nr_active, frac[0], frac[1], offline)
        if nr_active and not deactivate:
            self.skipped_deactivate = True
        want = min(scan, cap)
        if not want:
            if deactivate and nr_active:
                self.shrink_active_list(m, nr_active)
                sizes[m] = None         # counted again
            return 0
        victims = []
        # pages whose buffers are busy (try_to_release_page fails) or that are
        # dirty (only kswapd may write a file page, and not on a first encounter:
        # SetPageReclaim): ``goto activate_locked``, back to the list's head, a
        # data page onto the active list (PGACTIVATE); not scanned again by the
        # next pass
        busy = []
        dirty_data = []
        # shrink_inactive_list's batches of SWAP_CLUSTER_MAX pages taken: the
        # pages it keeps (dirty, busy) count as taken, dirty ones as unqueued
        taken = dirty = scanned = 0
        wake = False
        for pfn in m.lru_file:
            kd = kind[pfn]
            if kd == PG_SHMEM or kd == PG_SHMEM_ACTIVE or (
                    kd == PG_BUFFER and not inodes[mapping[pfn]].bdev):  # type: ignore[union-attr]
                continue
            taken += 1
            scanned += 1
            if filemap.reclaimable(pfn):
                victims.append(pfn)
            elif filemap.page_dirty(pfn):
                dirty += 1
                if kd == PG_FILE:
                    dirty_data.append(pfn)
                else:
                    busy.append(pfn)
            else:
                busy.append(pfn)
            if taken == SWAP_CLUSTER_MAX:
                wake = wake or dirty == taken
                taken = dirty = 0
            if len(victims) >= want:
                break
        if scanned:
            self.count_reclaim(m, scanned, len(victims), "file")
        if dirty_data:
            k.writeback.set_page_reclaim(dirty_data)
            activate = filemap.activate
            for pfn in dirty_data:
                activate(pfn)
            mc.mod_memcg_state(m, PGACTIVATE, len(dirty_data))
            self.vm_events["pgactivate"] += len(dirty_data)
            busy += dirty_data
            sizes[m] = None             # counted again
        if busy:
            m.lru_file.remove_many(busy)
            m.lru_file.extend(busy)
        if victims:
            for pfn in victims:
                filemap.delete_from_page_cache(pfn, target)   # workingset shadow
            if sizes[m] is not None:
                sizes[m] = (size - len(victims), active)
        if deactivate and nr_active:
            self.shrink_active_list(m, min(nr_active, max(1, -(-scanned // SWAP_CLUSTER_MAX))
                                           * SWAP_CLUSTER_MAX))
            sizes[m] = None
        if wake or (taken and dirty == taken):
            self.wakeup_flusher(m)      # after shrink_page_list freed the others
        return len(victims)

    def swappiness(self, m: "MemCgroup") -> int:
        """``mem_cgroup_swappiness``: ``vm_swappiness`` (the root's) on cgroup2
        ("Cgroup2 doesn't have per-cgroup swappiness") and for the root, else the
        memcg's memory.swappiness."""
        root = self.k.memcg.root_mem_cgroup
        return root.swappiness if (self.k.dfl or m is root) and root is not None \
            else m.swappiness

    def anon_rmap(self) -> dict:
        """pfn -> (mm, (area, index) or None) of every anon page one mm maps (the
        reverse map ``try_to_unmap`` walks), lazy children counted first so that a
        page two mms map is known (``Mmap.mapcount``) and left out."""
        rmap = self._rmap
        if rmap is not None:
            return rmap
        shared = self.k.mmap.mapcount
        rmap = {}
        for t in self.k.tasks.values():
            mm = t.mm
            if mm is None or not mm.anon:
                continue
            rmap.update(dict.fromkeys(mm.anon, (mm, None)))
            for area, vma in mm.vmas.items():
                for idx, pfn in vma.pages.items():
                    rmap[pfn] = (mm, (area, idx))
        for pfn in shared:
            rmap.pop(pfn, None)
        self._rmap = rmap
        return rmap

    def shrink_anon(self, m: "MemCgroup", c, protection: int, priority: int, cap: int) -> int:
        """The anon side of ``shrink_lruvec`` (kernel/swapfile.py): with a swap area
        that has room and ``scan_control.may_swap``, ``get_scan_count`` scans anon
        unless the memcg's swappiness is 0 (``cgroup_reclaim(sc) && !swappiness``:
        SCAN_FILE) or it is at its swap limit (``mem_cgroup_get_nr_swap_pages``
        <= 0). The target is the anon list's size less its protected share,
        ``>> priority`` (an offline memcg's at least SWAP_CLUSTER_MAX), taken
        oldest first and written to swap (``shrink_page_list`` → ``add_to_swap``,
        ``try_to_unmap``, ``__remove_mapping``); ``cap`` is what
        :meth:`shrink_node_memcgs` gives it of ``get_scan_count``'s balance
        (docs/fidelity.md item 363), and the pages it writes are the lruvec's
        anon cost (:meth:`lru_note_cost`). Referenced pages' second chance is not
        modelled. A tmpfs page (on the
        anon LRU) goes to swap through ``shmem_writepage`` (kernel/swapfile.py
        ``Swap.shmem_writepage``) unless a process maps it (the binaries' pages:
        kernel/initramfs.py); pages more than one mm maps are not swapped."""
        k = self.k
        swap = k.swap
        size = len(m.lru_anon)
        if not size or not self.swappiness(m) or swap.mem_cgroup_get_nr_swap_pages(m) <= 0:
            return 0
        scan = list_scan(size, bool(protection), protection, c.usage, priority, m.offline_at is not None)
        want = min(scan, cap)
        if not want:
            return 0
        rmap = self.anon_rmap()
        kind = k.mem_map.kind
        victims = []
        scanned = 0
        unmapped = swap.unmapped
        binaries = k.procs.initramfs.mapped
        inodes, mapping = k.filemap.pages.inodes, k.filemap.pages.mapping
        for pfn in m.lru_anon:
            kd = kind[pfn]
            if kd != PG_ANON:
                inode = inodes[mapping[pfn]] if kd == PG_SHMEM or kd == PG_SHMEM_ACTIVE \
                    else None
                # a tmpfs page no process maps (a binary's, mapped or not, is left)
                if inode is not None and pfn not in binaries \
                        and inode.ino not in BINARY_INODES:
                    scanned += 1
                    victims.append((pfn, SHMEM_PAGE))       # shmem_writepage
                    if len(victims) >= want:
                        break
                continue
            scanned += 1
            where = rmap.get(pfn)
            if where is None and unmapped and pfn in unmapped:
                where = (None, None)        # a cached page no pte maps
            if where is not None:
                victims.append((pfn, where))
                if len(victims) >= want:
                    break
        done = 0
        gone: dict = {}
        site = k.mmap.site
        cached = swap.cache_entry
        heads = k.mmap.thp_heads
        written = 0
        for pfn, (mm, loc) in victims:
            if heads and loc is not None:
                self.thp_swap_fallback(mm, loc, m)
            if mm is SHMEM_MARK:
                if not swap.shmem_writepage(pfn, m):
                    break
                done += 1
                written += 1
                continue
            if cached and pfn in cached:
                swap.reclaim_cached(pfn, m, mm, loc)    # clean: no write
                done += 1
                if mm is None:
                    continue
            elif not swap.swap_out(pfn, m, mm, loc):
                break
            else:
                done += 1
                written += 1
            del rmap[pfn]
            site.pop(pfn, None)
            gone.setdefault(mm, set()).add(pfn)
        for mm, pfns in gone.items():
            mm.anon[:] = [p for p in mm.anon if p not in pfns]   # in place: a fault holds it
        if scanned:
            self.count_reclaim(m, scanned, done, "anon")
        for i in range(0, written, SWAP_CLUSTER_MAX):
            self.lru_note_cost(m, 0, min(SWAP_CLUSTER_MAX, written - i))
        return done

    def thp_swap_fallback(self, mm, loc: tuple, m: "MemCgroup") -> None:
        """A page reclaim takes to swap that a huge page maps (``PageTransHuge``,
        PMD-mapped): ``shrink_page_list`` → ``add_to_swap`` tries the whole THP
        first (``get_swap_page``/``folio_alloc_swap`` → ``get_swap_pages(1, ...,
        HPAGE_PMD_NR)``), which finds no cluster on the guests' areas (a swap file
        on a rotational disk: v5.10 ``swap_alloc_cluster`` with no free clusters,
        v6.1 only for SWP_BLKDEV), so ``__mem_cgroup_try_charge_swap`` counts
        MEMCG_SWAP_FAIL on the page's memcg (cgroup2) for the empty entry; then
        ``split_huge_page_to_list`` (THP_SWPOUT_FALLBACK: NR_ANON_THPS less) and
        its pages go one by one (mm/vmscan.c, mm/swap_slots.c, mm/swapfile.c,
        mm/memcontrol.c, v5.10 and v6.1). The vm events THP_SWPOUT_FALLBACK and
        THP_SPLIT_PAGE (/proc/vmstat) and the PTE page the split takes from the
        deposit are not modelled. The guests' THPs in recorded scripts were
        khugepaged's (docs/fidelity.md items 295, 325)."""
        area, idx = loc
        vma = mm.vmas.get(area)
        if vma is None or not vma.huge:
            return
        k = self.k
        heads = k.mmap.thp_heads
        for start in vma.huge:
            if start <= idx < start + HPAGE_PMD_NR:
                head = vma.pages.get(start)
                if head is None or head not in heads:
                    return
                if k.dfl:
                    k.swap.swap_event(k.memcg.page_memcg(head) or m, MEMCG_SWAP_FAIL)
                heads.discard(head)
                k.memcg.mod_lruvec_page_state(
                    head, NR_ANON_THPS, -(HPAGE_PMD_NR if k.design.anon_thps_in_pages else 1))
                return

    def count_reclaim(self, m: "MemCgroup", scanned: int, stolen: int, lru: str) -> None:
        """``shrink_inactive_list``'s counting (mm/vmscan.c, v5.10 and v6.1): the memcg's
        PGSCAN_KSWAPD or PGSCAN_DIRECT (and PGSTEAL_*) always, the node's
        (/proc/vmstat) only in global reclaim (``if (!cgroup_reclaim(sc))``), and
        PGSCAN_ANON/PGSCAN_FILE (PGSTEAL_*) in every reclaim. ``scan_control.nr_scanned``
        grows by ``scanned``."""
        mc = self.k.memcg
        self.nr_scanned += scanned
        mc.mod_memcg_state(m, self.scan_item, scanned)
        if stolen:
            mc.mod_memcg_state(m, self.steal_item, stolen)
        ev = self.vm_events
        ev["pgscan_" + lru] += scanned
        ev["pgsteal_" + lru] += stolen
        if self.global_reclaim:
            who = "kswapd" if self.scan_item == PGSCAN_KSWAPD else "direct"
            ev["pgscan_" + who] += scanned
            ev["pgsteal_" + who] += stolen

    # ------------------------------------------------------- global reclaim
    def arm_watermarks(self) -> None:
        """Boot is over (``KernelCore.snapshot_boot``): the node's free pages are the
        guest's boot MemFree (kernel/sizes/hostmem.py for another ``--mem``) and the
        page allocator's watermark check starts (``MemMap.wmark_limit``)."""
        k = self.k
        from ..fs.procmem import boot_meminfo_kb
        self.boot_free = boot_meminfo_kb(k, "MemFree") // (PAGE_SIZE // 1024)
        self.boot_used = self.pages_used()
        k.mem_map.wmark_hit = self.wmark_hit
        self.set_wmark_limit()

    def pages_used(self) -> int:
        """The pages the model holds: the page table's, slab pages, populated per-CPU
        pages (what /proc/meminfo's MemFree falls by: fs/procmem.py)."""
        k = self.k
        return (len(k.mem_map) + k.slab.slab_pages()
                + k.percpu.populated_bytes() // PAGE_SIZE)

    def nr_free_pages(self) -> int:
        """``NR_FREE_PAGES`` of the node (every zone's)."""
        return self.boot_free - (self.pages_used() - self.boot_used)

    def set_wmark_limit(self) -> None:
        """The next allocation count at which the free pages fall below the watermark
        that matters next: the low one (kswapd's wake-up), or, kswapd woken, the min
        one (direct reclaim). Pages the slab or per-CPU allocators take meanwhile are
        counted at the next check (they do not pass through ``MemMap``)."""
        k = self.k
        hm = k.hostmem
        mem_map = k.mem_map
        mark = hm.wmark("min" if self.kswapd_pending else "low")
        mem_map.wmark_limit = mem_map.nr_allocated + max(self.nr_free_pages() - mark, 0)

    def wmark_hit(self, nr_pages: int, kind: int) -> None:
        """``__alloc_pages`` (mm/page_alloc.c, v5.10 and v6.1) of ``nr_pages`` already
        counted: the fast path's ``zone_watermark_fast`` at the low watermark failed
        on every zone of the zonelist, so ``__alloc_pages_slowpath`` wakes kswapd
        (``wake_all_kswapds``); below the min watermark too, the allocating task
        reclaims, retries and at last OOM-kills (:meth:`alloc_pages_slowpath`). In
        reclaim (PF_MEMALLOC) the watermarks are ignored."""
        hm = self.k.hostmem
        if not self.in_reclaim:
            if self.nr_free_pages() < hm.wmark("low"):
                self.wakeup_kswapd()
                # get_page_from_freelist again, at the min watermark
                if self.nr_free_pages() < hm.wmark("min") and not self.alloc_pages_slowpath(kind):
                    mem_map = self.k.mem_map
                    mem_map.wmark_limit = mem_map.nr_allocated + hm.wmark("min")
                    return
        self.set_wmark_limit()

    def alloc_pages_slowpath(self, kind: int) -> bool:
        """The rest of ``__alloc_pages_slowpath`` (mm/page_alloc.c, v5.10 and v6.1)
        once the free pages are below the min watermark: a task already chosen by
        the OOM killer takes the reserves (``__gfp_pfmemalloc_flags``: ALLOC_OOM);
        else ``__alloc_pages_direct_reclaim`` (:meth:`try_to_free_pages`) and
        ``get_page_from_freelist`` at min, again while :meth:`should_reclaim_retry`
        says so, then ``__alloc_pages_may_oom``: the high watermark checked once
        more (a parallel kill), and ``out_of_memory`` (kernel/oom_kill.py), whose
        kill counts as progress (``no_progress_loops = 0``, retry). False when the
        pages are handed out below min: the OOM lock is held (the victim's exit) or
        nobody could be killed (the kernel panics: "System is deadlocked on
        memory")."""
        k = self.k
        cur = k.current
        if cur is None or self.oom_lock:
            return False
        if cur.oom_victim:
            return True                 # ALLOC_OOM: below min, for the victim's exit
        from .oom_kill import out_of_memory
        hm = k.hostmem
        no_progress_loops = 0
        while True:
            progress = self.try_to_free_pages(kind)
            if self.nr_free_pages() >= hm.wmark("min"):
                return True
            if progress:
                no_progress_loops = 0
            else:
                no_progress_loops += 1
            if self.should_reclaim_retry(progress, no_progress_loops):
                if not cur.alive:       # killed by a timer in the congestion wait
                    return True
                continue
            if self.nr_free_pages() >= hm.wmark("high"):
                return True             # __alloc_pages_may_oom's ALLOC_WMARK_HIGH try
            self.oom_lock = True
            try:
                killed = out_of_memory(k, kind)
            finally:
                self.oom_lock = False
            if not killed:
                return False
            no_progress_loops = 0
            if cur.oom_victim or not cur.alive or self.nr_free_pages() >= hm.wmark("min"):
                return True

    def should_reclaim_retry(self, progress: int, no_progress_loops: int) -> bool:
        """``should_reclaim_retry`` (mm/page_alloc.c, v5.10 and v6.1; order 0):
        no after MAX_RECLAIM_RETRIES rounds in a row without progress; else yes
        if the free pages and every reclaimable one (``zone_reclaimable_pages``,
        mm/vmscan.c: ``NR_ZONE_INACTIVE_FILE + NR_ZONE_ACTIVE_FILE``, and the anon
        pair while swap has room; the node's LRU counters, kernel/lru.py
        ``LruCount``) would pass the min watermark (``__zone_watermark_ok`` on the
        node's sums). Before v5.16 a
        round without progress whose reclaimable pages are half dirty first
        sleeps ``congestion_wait(BLK_RW_ASYNC, HZ/10)`` (design switch
        ``slowpath_write_pending_wait``)."""
        if no_progress_loops > MAX_RECLAIM_RETRIES:
            return False
        k = self.k
        lru = k.mem_map.lru
        # zone_reclaimable_pages: the node's LRU counters (kernel/lru.py LruCount),
        # every memcg's lists, so the pages /proc/vmstat's nr_*_file (PG_FILE,
        # PG_BUFFER: a block device's pages are on the file LRU too) and, with
        # swap, nr_*_anon (anon and shmem pages) count
        reclaimable = lru.file.n
        if k.swap.nr_swap_pages() > 0:
            reclaimable += lru.anon.n
        if reclaimable + self.nr_free_pages() <= k.hostmem.wmark("min"):
            return False
        if (not progress and k.design.slowpath_write_pending_wait
                and 2 * k.writeback.nr_dirty_pages() > reclaimable):
            k.clock.run_until(k.clock.now_ns + CONGESTION_WAIT_NS)
        return True

    def wakeup_kswapd(self) -> None:
        """``wakeup_kswapd`` (mm/vmscan.c, v5.10 and v6.1): a node kswapd gave up on
        (``kswapd_failures >= MAX_RECLAIM_RETRIES``) is left to direct reclaim; else
        ``kswapd0`` is woken (``wake_up_interruptible(&pgdat->kswapd_wait)``). It
        runs :meth:`balance_pgdat` at once, at this simulated time: a kthread that
        gets another CPU (or this one at the allocator's next ``cond_resched``)
        while the allocating task goes on. The model's file I/O takes no simulated
        time, so a wake-up queued for later would find a whole read done; how far
        the allocator gets before kswapd catches up (the share of direct reclaim
        on the recorded guests: 13 % on 5.10, 29 % on 6.1 in
        tests/conformance/recordings/kswapd-dying-pagecache--*) is a race the
        model does not have: its direct reclaim starts only when kswapd cannot
        keep the node above the min watermark."""
        if self.kswapd_pending or self.kswapd_failures >= MAX_RECLAIM_RETRIES:
            return
        self.kswapd_pending = True
        k = self.k
        cur = k.current
        cpu = (cur.cpu + 1) % k.nr_cpus if cur is not None else 0
        k.call_on_cpu(cpu, self.balance_pgdat)

    def balance_pgdat(self) -> None:
        """``kswapd`` → ``balance_pgdat`` (mm/vmscan.c, v5.10 and v6.1; order 0, no
        watermark boost): PAGEOUTRUN, then from DEF_PRIORITY down, while the node is
        not balanced (``pgdat_balanced``: free pages above the high watermark),
        ``kswapd_shrink_node``: ``shrink_node`` (:meth:`shrink_node_memcgs` of the
        root: every memcg, offline ones included) with ``nr_to_reclaim`` the zones'
        high watermarks (each at least SWAP_CLUSTER_MAX); the priority is raised
        (lowered by one) unless that scan reached ``nr_to_reclaim`` and freed pages.
        A run that freed nothing counts a failure (``kswapd_failures``)."""
        k = self.k
        self.kswapd_pending = False
        hm = k.hostmem
        self.vm_events["pageoutrun"] += 1
        high = hm.wmark("high")
        nr_to_reclaim = sum(max(z.wmark_high, SWAP_CLUSTER_MAX) for z in hm.zones)
        root = k.memcg.root_mem_cgroup
        reclaimed = 0
        if root is not None and self.nr_free_pages() <= high:
            outer = self._enter_global(PGSCAN_KSWAPD, PGSTEAL_KSWAPD)
            try:
                sizes: dict = {}
                priority = DEF_PRIORITY
                while priority >= 1 and self.nr_free_pages() <= high:
                    self.nr_scanned = 0
                    got = self.shrink_node_memcgs(root, nr_to_reclaim, False, priority,
                                                  sizes)[0]
                    reclaimed += got
                    if self.nr_scanned < nr_to_reclaim or not got:
                        priority -= 1
            finally:
                self._leave_global(outer)
            if not reclaimed:
                self.kswapd_failures += 1
        self.set_wmark_limit()

    def try_to_free_pages(self, kind: int) -> int:
        """``__alloc_pages_direct_reclaim`` → ``try_to_free_pages`` (mm/vmscan.c, v5.10
        and v6.1): ALLOCSTALL of the allocation's highest zone (MOVABLE_KINDS), then
        ``do_try_to_free_pages`` over the node (every memcg from the root) for
        SWAP_CLUSTER_MAX pages, with its retries (memory.low given up on a later
        pass). Progress resets ``kswapd_failures``
        (``shrink_node``). Returns the pages freed."""
        k = self.k
        root = k.memcg.root_mem_cgroup
        if root is None:
            return 0
        self.vm_events["allocstall_movable" if kind in MOVABLE_KINDS
                       else "allocstall_normal"] += 1
        self.reclaim_passes += 1
        outer = self._enter_global(PGSCAN, PGSTEAL)
        try:
            reclaimed = self.do_try_to_free_pages(root, SWAP_CLUSTER_MAX)
        finally:
            self._leave_global(outer)
        if reclaimed:
            self.kswapd_failures = 0
        return reclaimed

    def _enter_global(self, scan_item: int, steal_item: int) -> tuple:
        """Start a global reclaim (its counters, PF_MEMALLOC, a fresh reverse map);
        returns what :meth:`_leave_global` restores."""
        outer = (self.scan_item, self.steal_item, self.global_reclaim, self.in_reclaim,
                 self.may_swap, self._rmap)
        self.scan_item, self.steal_item = scan_item, steal_item
        self.global_reclaim = self.in_reclaim = self.may_swap = True
        self._rmap = None
        return outer

    def _leave_global(self, outer: tuple) -> None:
        (self.scan_item, self.steal_item, self.global_reclaim, self.in_reclaim,
         self.may_swap, self._rmap) = outer

    def wakeup_flusher(self, m: "MemCgroup") -> None:
        """``shrink_inactive_list`` (mm/vmscan.c, v5.10 and v6.1) found every page it
        took dirty and not queued for I/O (``stat.nr_unqueued_dirty == nr_taken``):
        ``wakeup_flusher_threads(WB_REASON_VMSCAN)`` (kernel/writeback.py). On
        cgroup v1 (``!writeback_throttling_sane``) the reclaimer then sleeps in
        ``reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK)`` (design switch
        ``v1_reclaim_throttle_writeback``): HZ/10, or until more than
        SWAP_CLUSTER_MAX pages finished writeback (``__acct_reclaim_writeback``),
        i.e. once the flusher's work ran, its I/O completing at once in the model."""
        k = self.k
        wb = k.writeback
        wb.wakeup_flusher_threads()
        if k.design.v1_reclaim_throttle_writeback and not k.memory_root.is_dfl:
            if wb.start_all and wb.nr_to_write() > SWAP_CLUSTER_MAX:
                k.schedule_timeout_killable(WORK_LATENCY_NS)
            else:
                k.schedule_timeout_killable(CONGESTION_WAIT_NS)

    @staticmethod
    def mem_cgroup_calculate_protection(root: "MemCgroup", memcg: "MemCgroup") -> None:
        """``mem_cgroup_calculate_protection`` (mm/memcontrol.c, v5.7 to v6.1): a child
        of the reclaim's target is protected by its own memory.min/low; deeper
        down, by ``effective_protection`` of its parent's. An empty memcg keeps its
        stale values. The cgroup2 mount option ``memory_recursiveprot`` (the
        unclaimed share spread over unprotected children) is not set in the
        recorded guests and not modelled."""
        c = memcg.memory
        usage = c.usage
        if not usage:
            return
        parent = memcg.parent_memcg
        if parent is None:
            return
        if parent is root:
            c.set_effective_protection(c.min, c.low)
            return
        p = parent.memory
        c.set_effective_protection(
            effective_protection(usage, c.min, p.emin, p.children_min_usage),
            effective_protection(usage, c.low, p.elow, p.children_low_usage))

    # ----------------------------------------------------------- memory.high
    def note_over_high(self, memcg: "MemCgroup", batch: int) -> None:
        """``try_charge``'s tail: any level above ``memory.high``, or with its swap
        above ``memory.swap.high`` (``swap_high``, Linux commit 4b82ab4f2883 ("mm:
        memcontrol: add memory.swap.high limit") (in v5.8), as in v5.10 and v6.1),
        queues return-to-user reclaim (``memcg_nr_pages_over_high``). The model's
        ``memsw`` counter is cgroup2's ``memcg->swap``; on v1 its high stays at
        PAGE_COUNTER_MAX (no swap.high file)."""
        if not self.any_high:
            return
        m: MemCgroup | None = memcg
        while m is not None:
            c = m.memory
            sw = m.memsw
            if c.usage > c.high or sw.usage > sw.high:
                self.k.current.memcg_nr_pages_over_high += batch
                return
            m = m.parent_memcg

    def mem_cgroup_handle_over_high(self, task) -> None:
        """``mem_cgroup_handle_over_high`` (mm/memcontrol.c, as in v5.10 and v6.1):
        ``reclaim_high`` of the pages the task charged over ``memory.high`` (each
        level still above its high counts MEMCG_HIGH and is reclaimed), then, while
        the throttling penalty (``calculate_high_delay`` of the largest memory
        overage plus that of the largest swap overage, at most 2 s) is above HZ /
        100, more rounds of SWAP_CLUSTER_MAX pages as long as reclaim makes progress
        or MAX_RECLAIM_RETRIES allow; then the task sleeps the penalty
        (``schedule_timeout_killable``: Linux commit 0e4b01df8659 ("mm,
        memcg: throttle allocators when failing reclaim over memory.high") (in v5.4),
        the retries b3ff92916af3 ("mm, memcg: reclaim more aggressively before high
        allocator throttling") (in v5.8), the swap overage 4b82ab4f2883 (in v5.8)).
        A task charging anon past memory.high without swap, or past memory.swap.high
        (nothing to reclaim: memory is under its high), sleeps up to 2 s every
        MEMCG_CHARGE_BATCH pages, each round counting swap.events ``high``."""
        nr = task.memcg_nr_pages_over_high
        if not nr:
            return
        task.memcg_nr_pages_over_high = 0
        memcg = self.k.task_memcg(task)
        retries = MAX_RECLAIM_RETRIES
        goal = nr
        while True:
            reclaimed = self.reclaim_high(memcg, goal)
            penalty = min(self.calculate_high_delay(nr, self.mem_find_max_overage(memcg))
                          + self.calculate_high_delay(nr, self.swap_find_max_overage(memcg)),
                          MEMCG_MAX_HIGH_DELAY_JIFFIES)
            if penalty <= HZ // 100:
                return
            if not reclaimed:
                if not retries:
                    self.k.schedule_timeout_killable(penalty * NSEC_PER_JIFFY)
                    return
                retries -= 1
            goal = SWAP_CLUSTER_MAX

    def reclaim_high(self, memcg: "MemCgroup", nr_pages: int) -> int:
        """``reclaim_high``: every level from ``memcg`` up (the root excluded) above its
        ``memory.high`` counts MEMCG_HIGH and reclaims ``nr_pages``."""
        k = self.k
        root = k.memcg.root_mem_cgroup
        reclaimed = 0
        m: MemCgroup | None = memcg
        while m is not None and m is not root:
            c = m.memory
            if c.usage > c.high:
                k.memcg.memcg_memory_event(m, MEMCG_HIGH)
                reclaimed += self.try_to_free_mem_cgroup_pages(m, nr_pages)
            m = m.parent_memcg
        return reclaimed

    def mem_find_max_overage(self, memcg: "MemCgroup") -> int:
        """``mem_find_max_overage``: the largest ``calculate_overage`` of memory
        against ``memory.high`` from ``memcg`` up to the root's child."""
        overage = 0
        root = self.k.memcg.root_mem_cgroup
        m: MemCgroup | None = memcg
        while m is not None and m is not root:
            c = m.memory
            if c.usage > c.high:
                overage = max(overage, calculate_overage(c.usage, c.high))
            m = m.parent_memcg
        return overage

    def swap_find_max_overage(self, memcg: "MemCgroup") -> int:
        """``swap_find_max_overage`` (v5.8): the largest overage of swap against
        ``memory.swap.high`` up to the root's child; each level over it counts
        MEMCG_SWAP_HIGH (``memcg_memory_event``: that level and its ancestors)."""
        overage = 0
        k = self.k
        root = k.memcg.root_mem_cgroup
        m: MemCgroup | None = memcg
        while m is not None and m is not root:
            c = m.memsw
            if c.usage > c.high:
                overage = max(overage, calculate_overage(c.usage, c.high))
                k.swap.swap_event(m, MEMCG_SWAP_HIGH)
            m = m.parent_memcg
        return overage

    def calculate_high_delay(self, nr_pages: int, max_overage: int) -> int:
        """``calculate_high_delay(memcg, nr_pages, max_overage)`` in jiffies: the
        overage squared, times HZ, >> (20 + 14), scaled by ``nr_pages /
        MEMCG_CHARGE_BATCH`` (its caller clamps the sum)."""
        if not max_overage:
            return 0
        penalty = (max_overage * max_overage * HZ) >> (MEMCG_DELAY_PRECISION_SHIFT
                                                       + MEMCG_DELAY_SCALING_SHIFT)
        return penalty * nr_pages // self.k.memcg.batch

    def memory_high_write(self, memcg: "MemCgroup", high: int) -> None:
        """``memory_high_write``: set, then reclaim down to it (no OOM)."""
        memcg.memory.high = high
        if high < PAGE_COUNTER_MAX:
            self.any_high = True
        self._reclaim_down_to(memcg, high, oom=False)

    def memory_max_write(self, memcg: "MemCgroup", max_: int) -> None:
        """``memory_max_write``: set, reclaim, and OOM-kill while still above."""
        memcg.memory.max = max_
        self._reclaim_down_to(memcg, max_, oom=True)

    def mem_cgroup_force_empty(self, memcg: "MemCgroup") -> bool:
        """``mem_cgroup_force_empty`` (mm/memcontrol.c, v5.10 and v6.1): drain the
        stocks (``lru_add_drain_all``: the model has no per-CPU LRU pagevecs), then
        ``try_to_free_mem_cgroup_pages(memcg, 1)`` (SWAP_CLUSTER_MAX pages a pass)
        while pages are charged, until MAX_RECLAIM_RETRIES passes freed nothing;
        before v5.16 each such pass is followed by ``congestion_wait(BLK_RW_ASYNC,
        HZ/10)`` (design switch ``force_empty_congestion_wait``): the clock moves,
        so the flusher a pass woke, a jbd2 commit or its timers run in between.
        False is -EINTR (``signal_pending``: the writer chosen by the OOM killer)."""
        k = self.k
        k.memcg.drain_all_stock(memcg)
        retries = MAX_RECLAIM_RETRIES
        wait = k.design.force_empty_congestion_wait
        cur = k.current
        c = memcg.memory
        while retries and c.usage:
            if cur is not None and cur.oom_victim:
                return False
            if not self.try_to_free_mem_cgroup_pages(memcg, 1):
                retries -= 1
                if wait:
                    # no request queue is congested (blk-mq): the full timeout
                    k.schedule_timeout_killable(CONGESTION_WAIT_NS)
        return True

    def _reclaim_down_to(self, memcg: "MemCgroup", limit: int, oom: bool) -> None:
        """The loop both writers share: drain the stocks once, reclaim; after
        ``MAX_RECLAIM_RETRIES`` rounds without progress stop (high) or go to the
        OOM killer (max: ``memory_max_write`` reclaims no more then, each pass
        counting MEMCG_OOM and taking :data:`MEMCG_OOM_PASS_NS` while a victim
        exits, kernel/oom_victim.py); it ends when the writer has a signal
        pending (``signal_pending(current)``, as when the OOM killer chose the
        writer) or the killer finds nobody (mm/memcontrol.c, v5.10 and v6.1)."""
        drained = False
        retries = MAX_RECLAIM_RETRIES
        k = self.k
        cur = k.current
        while memcg.memory.usage > limit:
            if cur is not None and cur.oom_victim:
                break   # signal_pending(current): the writer itself was chosen
            if not drained:
                drained = True
                k.memcg.drain_all_stock(memcg)
                continue
            if not oom or retries:
                if self.try_to_free_mem_cgroup_pages(memcg, memcg.memory.usage - limit):
                    continue
                if retries:
                    retries -= 1
                    continue
                break
            k.memcg.memcg_memory_event(memcg, MEMCG_OOM)
            if not self.out_of_memory(memcg, wait=True, zap=True):
                break
            k.clock.tick(MEMCG_OOM_PASS_NS)

    # ------------------------------------------------------------------ OOM
    def mem_cgroup_oom(self, memcg: "MemCgroup") -> bool:
        """``mem_cgroup_oom`` → ``mem_cgroup_out_of_memory``: MEMCG_OOM, then kill;
        a dying task kills nobody (``task_is_dying()``, a4ebf1b6ca1e)."""
        k = self.k
        k.memcg.memcg_memory_event(memcg, MEMCG_OOM)
        if k.memcg_oom.oom_disabled(memcg):
            return False    # v1 oom_kill_disable: wait at the fault's end, or -ENOMEM
        if k.design.dying_task_charge == "fail" and k.memcg.task_is_dying(k.current):
            return True
        return self.out_of_memory(memcg, wait=True)

    def oom_report(self, memcg: "MemCgroup", victim) -> None:
        """What mm/oom_kill.c prints for a memcg OOM kill (the same in 5.10 and 6.1,
        checked against the oracle: tests/conformance/recordings/oom-child-dmesg*):
        ``dump_header``'s first line, ``dump_oom_summary`` and
        ``__oom_kill_process``'s line (the stack dump and the memory/task tables
        between them are left out). The gfp mask is GFP_KERNEL's, as for the kernel's
        own charges and ``memory.max`` writes (a user page fault's would be
        GFP_HIGHUSER_MOVABLE); the model keeps no address-space sizes, so total-vm
        counts the task's resident pages only (:meth:`kill_process`)."""
        k = self.k
        cur = k.current
        log = k.log
        log.printk(f"{cur.comm} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, "
                   f"oom_score_adj={cur.oom_score_adj}")
        log.printk("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
                   f"mems_allowed=0,oom_memcg={memcg.cgroup.path},"
                   f"task_memcg={k.task_memcg(victim).cgroup.path},task={victim.comm},"
                   f"pid={victim.pid},uid=0")

    def kill_process(self, victim, doomed: dict,
                     message: str = "Memory cgroup out of memory") -> None:
        """``__oom_kill_process``: OOM_KILL in /proc/vmstat (``count_vm_event``),
        ``MEMCG_OOM_KILL`` on the memcg of its mm, its line (``message``: the memcg
        OOM killer's or the global one's, kernel/oom_kill.py), and SIGKILL
        (``doomed``: sent once the killer is done, the tasks dying when they next
        run; the current task on its return from the fault), and the OOM reaper's
        timer (kernel/oom_kill.py :func:`~memcgsim.kernel.oom_kill.queue_oom_reaper`)."""
        k = self.k
        mm = victim.mm
        anon_kb = get_mm_anon(mm) * 4        # get_mm_counter(mm, MM_ANONPAGES)
        file_kb, shmem_kb = mm.rss[0] * 4, mm.rss[1] * 4
        from ..fs.procmaps import vm_sizes
        vm_kb = vm_sizes(k, victim)[0] * 4     # total_vm: its areas' pages
        pgt_kb = mm_pgtables_pages(mm) * 4
        self.vm_events["oom_kill"] += 1
        k.memcg.memcg_memory_event(k.task_memcg(victim), MEMCG_OOM_KILL)
        k.log.printk(f"{message}: Killed process {victim.pid} ({victim.comm}) "
                     f"total-vm:{vm_kb}kB, anon-rss:{anon_kb}kB, "
                     f"file-rss:{file_kb}kB, shmem-rss:{shmem_kb}kB, "
                     f"UID:0 pgtables:{pgt_kb}kB oom_score_adj:{victim.oom_score_adj}")
        doomed[victim] = None
        from .oom_kill import queue_oom_reaper  # oom_kill imports this module
        queue_oom_reaper(k, victim)

    def mem_cgroup_get_oom_group(self, victim, oom_domain: "MemCgroup"):
        """``mem_cgroup_get_oom_group`` (cgroup2 only, 3d8b38eb81ca "mm, oom: introduce
        memory.oom.group", v4.19): the highest memcg with ``oom_group`` set from the
        victim's up to the OOMing one, or None."""
        k = self.k
        if not k.memory_root.is_dfl:
            return None
        m = k.task_memcg(victim)
        if m is k.memcg.root_mem_cgroup:
            return None
        path = []
        while m is not None:
            path.append(m)
            if m is oom_domain:
                break
            m = m.parent_memcg
        else:
            return None     # moved out of the OOM domain meanwhile (ignored)
        return next((m for m in reversed(path) if m.oom_group), None)

    def out_of_memory(self, memcg: "MemCgroup", wait: bool = False, zap: bool = False) -> bool:
        """``select_bad_process`` over the memcg's tasks by ``oom_badness`` (pages
        mapped plus page tables, plus ``oom_score_adj`` thousandths of
        ``mem_cgroup_get_max``: memory.max, the model having no swap; a task at
        OOM_SCORE_ADJ_MIN is never chosen; on a tie the later task in
        ``css_task_iter``'s order, as ``oom_evaluate_task`` skips only ``points <
        chosen_points``: mm/oom_kill.c, v5.10 and v6.1), then
        ``oom_kill_process``. ``wait`` (a charge, whose rounds take time:
        kernel/oom_victim.py; ``memory.max``'s write, whose passes do too): the
        victim dies when it next runs, and one still exiting aborts the scan
        unless its mm has MMF_OOM_SKIP (passed over: the next task may be
        chosen); without it the victim exits at once. ``zap``: the victim's
        ``exit_mmap`` takes its time (``memory_max_write``'s victims)."""
        from .oom_kill import check_panic_on_oom, oom_badness  # oom_kill imports this module
        k = self.k
        check_panic_on_oom(k, True)
        victim = None
        best = None
        totalpages = memcg.memory.max or 1
        for m in self.subtree(memcg):
            for t in self.css_tasks(m):
                if t.mm is None or not t.alive:
                    continue
                if t.oom_victim:
                    if wait and k.mmf_oom_skip(t):
                        continue    # oom_evaluate_task: MMF_OOM_SKIP, goto next
                    if t is not k.current and not (wait and k.oom_victim_exiting(t)):
                        # a victim marked while it charged in a call that does not
                        # end in _check_killed (fork, file I/O, ...) has returned to
                        # user space by now: SIGKILL takes it there. Waiting for it
                        # (below) would retry forever.
                        k.procs.exit(t, signal=SIGKILL)
                    # a victim is already on its way out (oom_evaluate_task's
                    # abort): the charge goes round again meanwhile
                    # (kernel/oom_victim.py)
                    return True
                points = oom_badness(k, t, totalpages)
                if points is None:
                    continue
                if best is None or points >= best:
                    best, victim = points, t
        if victim is None:
            return False
        self.oom_report(memcg, victim)
        oom_group = self.mem_cgroup_get_oom_group(victim, memcg)
        doomed: dict = {}
        self.kill_process(victim, doomed)
        if oom_group is not None:
            # oom_kill_process: every task of the group, the victim again
            # (mem_cgroup_scan_tasks → oom_kill_memcg_member; not init)
            k.memcg.memcg_memory_event(oom_group, MEMCG_OOM_GROUP_KILL)
            k.log.printk(f"Tasks in {oom_group.cgroup.path} are going to be killed due to "
                         "memory.oom.group set")
            for m in self.subtree(oom_group):
                for t in self.css_tasks(m):
                    if (t.pid != 1 and t.mm is not None and t.alive
                            and t.oom_score_adj != OOM_SCORE_ADJ_MIN):
                        self.kill_process(t, doomed)
        for t in doomed:
            if t is k.current:
                t.oom_victim = True  # dies on return from the fault
            elif not t.alive:
                continue
            elif wait:
                k.oom_kill_task(t, zap)  # dies when it next runs (kernel/oom_victim.py)
            else:
                k.procs.exit(t, signal=SIGKILL)
        return True
