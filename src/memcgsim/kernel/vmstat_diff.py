"""Each CPU's differential of the node's slab counters: what /proc/meminfo's Slab
(and /proc/vmstat's ``nr_slab_*``) do not show yet.

A slab page is counted on the CPU that allocates or frees it (mm/slab.h
``account_slab_page`` / ``unaccount_slab_page`` → ``mod_node_page_state`` of
``cache_vmstat_idx(s)``, ``PAGE_SIZE << order`` bytes, which ``__mod_node_page_state``
turns into pages; a large kmalloc's pages likewise, mm/slab_common.c ``kmalloc_order``
/ ``kfree``'s ``NR_SLAB_UNRECLAIMABLE_B``) into that CPU's ``vm_node_stat_diff``, and
reach the global ``vm_node_stat`` that ``global_node_page_state`` reads (meminfo,
vmstat) only when (mm/vmstat.c, v5.10 and v6.1 alike):

- the CPU's difference passes its ``stat_threshold`` (``mod_node_state``: the whole
  difference folded, ``overstep_mode`` 0), ``calculate_normal_threshold`` of each
  zone at boot, the node's the largest (``refresh_zone_stat_thresholds``):
  ``2 * fls(num_online_cpus()) * (1 + fls(zone_managed_pages(zone) >> 15))``, at most
  125: 8, 16, 24, 32 pages at 1, 2, 4, 8 CPUs for the 1 GiB guests (DMA32's managed
  pages, 7 units of 128 MiB; docs/fidelity.md item 199 read the guests' lag within
  those bounds);
- ``vmstat_shepherd``, every ``sysctl_stat_interval`` (HZ, ``round_jiffies_relative``:
  on whole seconds) queues ``vmstat_update`` on each CPU that ``need_update``,
  which folds it (``refresh_cpu_vm_stats``); modelled as a fold of every CPU's
  difference at each whole second of the simulated clock;
- ``quiet_vmstat``, when the CPU enters idle while its ``vmstat_update`` is pending:
  an update that folded something queues itself again a second later
  (``queue_delayed_work_on(..., round_jiffies_relative(sysctl_stat_interval))``), so
  in the second after one the CPU counted anything in (its tick found a difference:
  free pages, the NUMA and LRU items move with every page) the CPU folds at each idle
  entry, and goes on doing so while it is busy every second; the model folds the
  updates of a second that follows one with an update on that CPU at once (a
  script's CPU idles between its commands). So a CPU holds what it counted only in
  its first second of work after an idle one, until the next whole second;
- /proc/sys/vm/stat_refresh (``vmstat_refresh``: every CPU folded).

Off by default (``Kernel(vmstat_diff=True)`` turns it on; docs/fidelity.md item
225): the model's clock runs at the calibration host's pace, where a script's work
fits in a second or two, while the oracle's TCG guests spread the same work over
10-40 times as long, so that their CPUs fold at nearly every idle entry and their
meminfo read after a step lagged 0-12 pages at 4 and 8 CPUs where this model, at
pace 1, holds up to the thresholds; the conformance cases compare at pace 1.

A CPU's work is known here from its slab updates and from the page counters that
its forks, execs and exits move (:meth:`NodeStatDiff.touch`: the kernel stack, page
tables and the mm's pages; a page fault's or a charge alone not); those items
(NR_FREE_PAGES, KernelStack, PageTables) stay exact. Packed objects (the
per-memcg caches' design, kernel/slab.py ``nr_packed``) are counted at once.
"""
from __future__ import annotations

NSEC_PER_SEC = 1_000_000_000
#: the two items, in :class:`NodeStatDiff`'s rows
RECLAIMABLE, UNRECLAIMABLE = 0, 1


def fls(x: int) -> int:
    """``fls``: the 1-based index of the highest bit set, 0 for 0."""
    return x.bit_length()


def calculate_normal_threshold(managed_pages: int, nr_cpus: int) -> int:
    """mm/vmstat.c ``calculate_normal_threshold`` (v5.10, v6.1): a zone's per-CPU
    ``stat_threshold`` from its managed pages (in 128 MiB units) and the online CPUs."""
    mem = managed_pages >> (27 - 12)
    return min(125, 2 * fls(nr_cpus) * (1 + fls(mem)))


class NodeStatDiff:
    """The node's ``vm_node_stat_diff`` of ``NR_SLAB_RECLAIMABLE_B`` and
    ``NR_SLAB_UNRECLAIMABLE_B`` on each CPU, in pages (see the module)."""
    __slots__ = ("clock", "threshold", "diff", "second", "pending", "enabled")

    def __init__(self, clock, nr_cpus: int, zones_managed) -> None:
        self.clock = clock
        #: the differentials are kept (see the module: off, every update is folded)
        self.enabled = False
        #: the node's ``stat_threshold``: the largest of its zones'
        #: (``refresh_zone_stat_thresholds``, run at boot by ``init_mm_internals``
        #: before the initrd is freed: the zones' managed pages then)
        self.threshold = max(calculate_normal_threshold(m, nr_cpus) for m in zones_managed)
        #: per CPU [reclaimable, unreclaimable]
        self.diff = [[0, 0] for _ in range(nr_cpus)]
        #: per CPU the whole second of its last update (a difference older than the
        #: current second was folded by that second's ``vmstat_update``)
        self.second = [-1] * nr_cpus
        #: per CPU the second its ``vmstat_update`` is pending through (its updates
        #: folded at its idle entries, ``quiet_vmstat``), -1 for none
        self.pending = [-1] * nr_cpus

    def mod(self, cpu: int, item: int, pages: int) -> None:
        """``mod_node_page_state`` of ``pages`` slab pages on ``cpu``."""
        if not self.enabled:
            return
        sec = self.clock.now_ns // NSEC_PER_SEC
        if self.second[cpu] != sec:
            self._roll(cpu, sec)
        if self.pending[cpu] == sec:
            return          # folded at the CPU's next idle entry
        d = self.diff[cpu]
        x = d[item] + pages
        t = self.threshold
        d[item] = 0 if x > t or x < -t else x

    def _roll(self, cpu: int, sec: int) -> None:
        """``cpu``'s first update in second ``sec``: the tick after its last update
        folded what it held and queued ``vmstat_update`` again for the second after."""
        last = self.second[cpu]
        self.pending[cpu] = last + 1 if last >= 0 else -1
        self.second[cpu] = sec
        d = self.diff[cpu]
        d[0] = d[1] = 0

    def touch(self, cpu: int) -> None:
        """``cpu`` moved another of its counters (a page allocated or freed:
        ``NR_FREE_PAGES``, the NUMA events, ``NR_KERNEL_STACK_KB``,
        ``NR_PAGETABLE``, the LRU items; mm/vmstat.c ``__mod_zone_page_state``,
        ``__mod_node_page_state``): its ``vmstat_update`` has work this second as a
        slab update's would (``need_update``), so the second after is a busy one
        (``quiet_vmstat`` folds at its idle entries)."""
        if self.enabled:
            sec = self.clock.now_ns // NSEC_PER_SEC
            if self.second[cpu] != sec:
                self._roll(cpu, sec)

    def held(self, item: int) -> int:
        """The pages the CPUs' differences hold of ``item`` now (summed: what
        ``global_node_page_state`` lags the slabs by)."""
        if not self.enabled:
            return 0
        sec = self.clock.now_ns // NSEC_PER_SEC
        return sum(d[item] for d, s in zip(self.diff, self.second) if s == sec)

    def fold_all(self) -> None:
        """``refresh_vm_stats`` on every CPU (stat_refresh)."""
        for d in self.diff:
            d[0] = d[1] = 0

    def settle(self) -> None:
        """Every CPU folded and idle, no ``vmstat_update`` pending: the booted guest
        the scripts start on (the model's boot)."""
        self.fold_all()
        n = len(self.diff)
        self.second = [-1] * n
        self.pending = [-1] * n
