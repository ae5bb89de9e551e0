"""The cftype tables: each file's reader ``(fs, cgroup, task) -> str`` and writer
``(fs, cgroup, text, task)``, with the kernel's formats and errnos."""
from __future__ import annotations

import errno
import re
import weakref

from ..kernel.cgroup import V2_CONTROLLERS
from ..kernel.page_counter import PAGE_COUNTER_MAX
from ..kernel.vmstat import (MEMCG_KMEM, MEMCG_PERCPU_B, MEMCG_SOCK, MEMORY_EVENT_NAMES,
                             NR_ACTIVE_ANON, NR_ACTIVE_FILE, NR_ANON_MAPPED, NR_FILE_DIRTY,
                             NR_FILE_MAPPED, NR_FILE_PAGES, NR_INACTIVE_ANON,
                             NR_INACTIVE_FILE, NR_KERNEL_STACK_KB, NR_PAGETABLE, NR_SHMEM,
                             NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B, NR_UNEVICTABLE,
                             NR_WRITEBACK, PAGE_SIZE, PGACTIVATE, PGDEACTIVATE, PGFAULT,
                             PGMAJFAULT, PGPGIN, PGPGOUT, PGREFILL, PGSCAN, PGSTEAL)
from .cgroupfs import _limit, page_counter_memparse
from .vfs import oserror

SIGKILL = 9


def _memcg(c):
    return c.subsys.get("memory")


# ------------------------------------------------------------------ core files
def r_procs(fs, c, task) -> str:
    return "".join(f"{pid}\n" for pid in sorted(c.tasks))


def w_procs(fs, c, text, task) -> None:
    """``__cgroup_procs_write``: one pid per write (0 = the writer)."""
    k = fs.k
    word = text.strip()
    try:
        pid = int(word)
    except ValueError:
        raise oserror(errno.EINVAL) from None
    if pid < 0:
        raise oserror(errno.EINVAL)
    t = task if pid == 0 else k.tasks.get(pid)
    if t is None or not t.alive or t.kthread:
        raise oserror(errno.ESRCH if t is None or not t.alive else errno.EINVAL)
    if fs.v2 and c.parent is not None and c.subtree_control:
        raise oserror(errno.EBUSY)   # no internal processes
    k.procs.attach(t, c)


def r_stat(fs, c, task) -> str:
    return f"nr_descendants {c.nr_descendants}\nnr_dying_descendants {c.nr_dying_descendants}\n"


def r_events(fs, c, task) -> str:
    populated = int(bool(c.tasks) or any(_populated(x) for x in c.children.values()))
    return f"populated {populated}\nfrozen 0\n"


def _populated(c) -> bool:
    return bool(c.tasks) or any(_populated(x) for x in c.children.values())


def r_controllers(fs, c, task) -> str:
    avail = V2_CONTROLLERS if c.parent is None else sorted(c.parent.subtree_control,
                                                           key=V2_CONTROLLERS.index)
    return " ".join(avail) + "\n"


def r_subtree_control(fs, c, task) -> str:
    return " ".join(sorted(c.subtree_control, key=V2_CONTROLLERS.index)) + "\n"


def w_subtree_control(fs, c, text, task) -> None:
    """``cgroup_subtree_control_write``: "+name"/"-name" tokens."""
    avail = set(V2_CONTROLLERS if c.parent is None else c.parent.subtree_control)
    enable, disable = set(), set()
    for tok in text.split():
        if tok[:1] not in "+-" or tok[1:] not in V2_CONTROLLERS:
            raise oserror(errno.EINVAL)
        if tok[1:] not in avail:
            raise oserror(errno.ENOENT)
        (enable if tok[0] == "+" else disable).add(tok[1:])
    if enable and c.parent is not None and c.tasks:
        raise oserror(errno.EBUSY)
    if "memory" in disable and any("memory" in ch.subtree_control for ch in c.children.values()):
        raise oserror(errno.EBUSY)
    c.subtree_control |= enable
    c.subtree_control -= disable
    if "memory" in enable:
        for child in c.children.values():
            fs.k.cgroups.css_create_memory(child)


def w_kill(fs, c, text, task) -> None:
    """``cgroup_kill_write`` (v5.14): "1" SIGKILLs every task in the subtree."""
    if text.strip() != "1":
        raise oserror(errno.ERANGE)
    stack = [c]
    while stack:
        x = stack.pop()
        for t in list(x.tasks.values()):
            fs.k.kill(t.pid, SIGKILL)
        stack.extend(x.children.values())


# ----------------------------------------------------------------- memory v2
def _flushed(fs, m):
    fs.k.memcg.flush_stats()
    return m.stats.state


def r_current(fs, c, task):
    return f"{_memcg(c).memory.usage * PAGE_SIZE}\n"


def _r_limit(attr):
    def rd(fs, c, task):
        return _limit(getattr(_memcg(c).memory, attr), True) + "\n"
    return rd


def w_min(fs, c, text, task):
    _memcg(c).memory.set_min(page_counter_memparse(text))


def w_low(fs, c, text, task):
    _memcg(c).memory.set_low(page_counter_memparse(text))


def w_high(fs, c, text, task):
    fs.k.vmscan.memory_high_write(_memcg(c), page_counter_memparse(text))


def w_max(fs, c, text, task):
    fs.k.vmscan.memory_max_write(_memcg(c), page_counter_memparse(text))


def r_events_mem(local):
    def rd(fs, c, task):
        s = _memcg(c).stats
        ev = s.events_local if local else s.events
        return "".join(f"{n} {ev[i]}\n" for i, n in enumerate(MEMORY_EVENT_NAMES))
    return rd


def r_swap_current(fs, c, task):
    return "0\n"


def r_swap_max(fs, c, task):
    return _limit(_memcg(c).memsw.max, True) + "\n"


def w_swap_max(fs, c, text, task):
    _memcg(c).memsw.max = page_counter_memparse(text)


def r_oom_group(fs, c, task):
    return f"{_memcg(c).oom_group}\n"


def w_oom_group(fs, c, text, task):
    v = text.strip()
    if v not in ("0", "1"):
        raise oserror(errno.EINVAL)
    _memcg(c).oom_group = int(v)


def r_swap_events(fs, c, task):
    """``swap_events_show``: the model has no swap device, so no swap.high/max
    breach and no failed swap-out is ever counted."""
    return "high 0\nmax 0\nfail 0\n"


def r_swap_high(fs, c, task):
    return _limit(_memcg(c).memsw.high, True) + "\n"


def w_swap_high(fs, c, text, task):
    """``swap_high_write`` (v5.8): ``page_counter_set_high(&memcg->swap, high)``."""
    _memcg(c).memsw.high = page_counter_memparse(text)


def r_peak(fs, c, task):
    """``memory_peak_read`` (v5.19, read-only until v6.12): the memory counter's
    watermark in bytes."""
    return f"{_memcg(c).memory.watermark * PAGE_SIZE}\n"


def w_reclaim(fs, c, text, task):
    """``memory_reclaim`` (v5.19, as in 6.1): ``page_counter_memparse(buf, "")``
    (an empty write means PAGE_COUNTER_MAX), then reclaim until that many pages
    are freed; MAX_RECLAIM_RETRIES (16) rounds freeing nothing give -EAGAIN."""
    word = text.strip()
    if word.startswith("-"):
        raise oserror(errno.EINVAL)   # memparse takes no sign
    nr_to_reclaim = page_counter_memparse(word, "")
    m = _memcg(c)
    retries = 16
    reclaimed = 0
    while reclaimed < nr_to_reclaim:
        if not retries:
            fs.k.memcg.drain_all_stock(m)   # lru_add_drain_all(): the last attempt
        got = fs.k.vmscan.try_to_free_mem_cgroup_pages(m, nr_to_reclaim - reclaimed)
        if not got:
            if not retries:
                raise oserror(errno.EAGAIN)
            retries -= 1
        reclaimed += got


#: per-memcg ``zswap_max`` (pages), kept beside the model's MemCgroup
_ZSWAP_MAX: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def r_zswap_current(fs, c, task):
    """``zswap_current_read`` (v5.19): MEMCG_ZSWAP_B; the model has no zswap."""
    return "0\n"


def r_zswap_max(fs, c, task):
    return _limit(_ZSWAP_MAX.get(_memcg(c), PAGE_COUNTER_MAX), True) + "\n"


def w_zswap_max(fs, c, text, task):
    """``zswap_max_write`` (v5.19): ``xchg(&memcg->zswap_max, max)``."""
    _ZSWAP_MAX[_memcg(c)] = page_counter_memparse(text)


# ------------------------------------------------------------------------ PSI
#: cgroups whose ``cgroup.pressure`` was set to 0 (keyed by their self css)
_PSI_OFF: "weakref.WeakSet" = weakref.WeakSet()
_PSI_LINE = "avg10=0.00 avg60=0.00 avg300=0.00 total=0"
_PSI_TRIGGER = re.compile(r"^\s*(some|full)\s+(\d+)\s+(\d+)")


def r_pressure(fs, c, task):
    """``psi_show`` for memory (``cgroup_base_files``, CONFIG_PSI): the model does
    not account stall time, so every average and total reads 0."""
    return f"some {_PSI_LINE}\nfull {_PSI_LINE}\n"


def w_pressure(fs, c, text, task):
    """``pressure_write`` → ``psi_trigger_create``: "some|full <threshold_us>
    <window_us>", window 500ms..10s, 0 < threshold <= window, else -EINVAL. The
    trigger itself is not modelled (nothing polls it)."""
    m = _PSI_TRIGGER.match(text)
    if m is None:
        raise oserror(errno.EINVAL)
    threshold, window = int(m.group(2)), int(m.group(3))
    if threshold >= 1 << 32 or window >= 1 << 32:
        raise oserror(errno.EINVAL)
    if not 500_000 <= window <= 10_000_000 or threshold == 0 or threshold > window:
        raise oserror(errno.EINVAL)


def r_cgroup_pressure(fs, c, task):
    """``cgroup_pressure_show`` (v6.1)"""
    return "0\n" if c.self_css in _PSI_OFF else "1\n"


def w_cgroup_pressure(fs, c, text, task):
    """``cgroup_pressure_write`` (v6.1): ``kstrtoint`` (-EINVAL), 0 or 1 (else
    -ERANGE); 0 hides the cgroup's {cpu,memory,io}.pressure files."""
    word = text.strip()
    try:
        if "_" in word:
            raise ValueError(word)
        v = int(word, 0)
    except ValueError:
        raise oserror(errno.EINVAL) from None
    if v not in (0, 1):
        raise oserror(errno.ERANGE)
    if v:
        _PSI_OFF.discard(c.self_css)
    else:
        _PSI_OFF.add(c.self_css)


#: memory.stat v2 keys: key -> (stat item, multiplier); None reads 0 (not modelled)
V2_STAT_ITEMS = {
    "anon": (NR_ANON_MAPPED, PAGE_SIZE), "file": (NR_FILE_PAGES, PAGE_SIZE),
    "kernel": (MEMCG_KMEM, PAGE_SIZE), "kernel_stack": (NR_KERNEL_STACK_KB, 1024),
    "pagetables": (NR_PAGETABLE, PAGE_SIZE), "percpu": (MEMCG_PERCPU_B, 1),
    "sock": (MEMCG_SOCK, PAGE_SIZE), "shmem": (NR_SHMEM, PAGE_SIZE),
    "file_mapped": (NR_FILE_MAPPED, PAGE_SIZE), "file_dirty": (NR_FILE_DIRTY, PAGE_SIZE),
    "file_writeback": (NR_WRITEBACK, PAGE_SIZE),
    "inactive_anon": (NR_INACTIVE_ANON, PAGE_SIZE), "active_anon": (NR_ACTIVE_ANON, PAGE_SIZE),
    "inactive_file": (NR_INACTIVE_FILE, PAGE_SIZE), "active_file": (NR_ACTIVE_FILE, PAGE_SIZE),
    "unevictable": (NR_UNEVICTABLE, PAGE_SIZE),
    "slab_reclaimable": (NR_SLAB_RECLAIMABLE_B, 1),
    "slab_unreclaimable": (NR_SLAB_UNRECLAIMABLE_B, 1), "slab": ("slab", 1),
    "pgfault": (PGFAULT, 1), "pgmajfault": (PGMAJFAULT, 1), "pgrefill": (PGREFILL, 1),
    "pgscan": (PGSCAN, 1), "pgsteal": (PGSTEAL, 1), "pgactivate": (PGACTIVATE, 1),
    "pgdeactivate": (PGDEACTIVATE, 1),
}
_WS = ("workingset_refault_anon workingset_refault_file workingset_activate_anon "
       "workingset_activate_file workingset_restore_anon workingset_restore_file "
       "workingset_nodereclaim")
#: ``memory_stat_format`` key order per kernel, as the recorded kernels print them
#: (kernel-recordings/probe-fresh-cgroup-one-sleep.txt) and v5.13's source
V2_STAT_KEYS = {
    "5.10": ("anon file kernel_stack percpu sock shmem file_mapped file_dirty file_writeback "
             "anon_thp inactive_anon active_anon inactive_file active_file unevictable "
             f"slab_reclaimable slab_unreclaimable slab {_WS} pgfault pgmajfault pgrefill "
             "pgscan pgsteal pgactivate pgdeactivate pglazyfree pglazyfreed thp_fault_alloc "
             "thp_collapse_alloc").split(),
    "5.13": ("anon file kernel_stack pagetables percpu sock shmem file_mapped file_dirty "
             "file_writeback anon_thp file_thp shmem_thp inactive_anon active_anon "
             "inactive_file active_file unevictable slab_reclaimable slab_unreclaimable slab "
             f"{_WS} pgfault pgmajfault pgrefill pgscan pgsteal pgactivate pgdeactivate "
             "pglazyfree pglazyfreed thp_fault_alloc thp_collapse_alloc").split(),
    "6.1": ("anon file kernel kernel_stack pagetables sec_pagetables percpu sock vmalloc shmem "
            "zswap zswapped file_mapped file_dirty file_writeback swapcached anon_thp file_thp "
            "shmem_thp inactive_anon active_anon inactive_file active_file unevictable "
            f"slab_reclaimable slab_unreclaimable slab {_WS} pgscan pgsteal pgscan_kswapd "
            "pgscan_direct pgsteal_kswapd pgsteal_direct pgfault pgmajfault pgrefill pgactivate "
            "pgdeactivate pglazyfree pglazyfreed zswpin zswpout thp_fault_alloc "
            "thp_collapse_alloc").split(),
}


def r_memory_stat_v2(fs, c, task) -> str:
    s = _flushed(fs, _memcg(c))
    out = []
    for key in V2_STAT_KEYS[fs.k.design.memory_stat_keys]:
        item, mult = V2_STAT_ITEMS.get(key, (None, 0))
        if item is None:
            v = 0
        elif item == "slab":
            v = s[NR_SLAB_RECLAIMABLE_B] + s[NR_SLAB_UNRECLAIMABLE_B]
        else:
            v = s[item] * mult
        out.append(f"{key} {v}\n")
    return "".join(out)


#: ``memory_stats[]`` entries that are node items (``idx < NR_VM_NODE_STAT_ITEMS``):
#: the keys ``memory_numa_stat_show`` (v5.8) prints, in memory.stat's order. The
#: workingset items joined ``memory_stats[]`` after 5.13 (5.10 printed them
#: separately, so its numa_stat has none); "slab" is not an array entry.
_NUMA_NODE_KEYS = frozenset(
    "anon file kernel_stack pagetables sec_pagetables shmem file_mapped file_dirty "
    "file_writeback swapcached anon_thp file_thp shmem_thp inactive_anon active_anon "
    "inactive_file active_file unevictable slab_reclaimable slab_unreclaimable".split())


def numa_stat_keys(keyset: str) -> list[str]:
    ws = set(_WS.split()) if keyset == "6.1" else set()
    return [k for k in V2_STAT_KEYS[keyset] if k in _NUMA_NODE_KEYS or k in ws]


def r_memory_numa_stat_v2(fs, c, task) -> str:
    """``memory_numa_stat_show``: one line per node item, " N<nid>=<bytes>" for
    each node with memory; the model's machine is one node (N0)."""
    s = _flushed(fs, _memcg(c))
    out = []
    for key in numa_stat_keys(fs.k.design.memory_stat_keys):
        item, mult = V2_STAT_ITEMS.get(key, (None, 0))
        v = 0 if item is None else s[item] * mult
        out.append(f"{key} N0={v}\n")
    return "".join(out)


# ----------------------------------------------------------------- memory v1
def r_usage(swap):
    def rd(fs, c, task):
        m = _memcg(c)
        return f"{fs.k.memcg.usage(m, swap) * PAGE_SIZE}\n"
    return rd


def r_counter_attr(counter, attr):
    def rd(fs, c, task):
        pc = getattr(_memcg(c), counter)
        v = getattr(pc, attr)
        if attr == "max":
            return f"{min(v, PAGE_COUNTER_MAX) * PAGE_SIZE}\n"
        if attr == "failcnt":
            return f"{v}\n"
        return f"{v * PAGE_SIZE}\n"
    return rd


def w_reset(counter, attr):
    """``mem_cgroup_reset``: max_usage and failcnt files reset on any write."""
    def wr(fs, c, text, task):
        pc = getattr(_memcg(c), counter)
        if attr == "watermark":
            pc.reset_watermark()
        else:
            pc.failcnt = 0
    return wr


def w_limit_v1(counter):
    """``mem_cgroup_write`` RES_LIMIT: root refuses; memory and memsw limits reclaim
    down first (``mem_cgroup_resize_max``, -EBUSY if it cannot)."""
    def wr(fs, c, text, task):
        if c.parent is None:
            raise oserror(errno.EINVAL)
        pages = page_counter_memparse(text, "-1")
        m = _memcg(c)
        pc = getattr(m, counter)
        if counter == "memory":
            if pages > m.memsw.max:
                raise oserror(errno.EINVAL)
            for _ in range(5):
                if pc.set_max(pages):
                    return
                fs.k.memcg.drain_all_stock(m)
                fs.k.vmscan.try_to_free_mem_cgroup_pages(m, pc.usage - pages)
            raise oserror(errno.EBUSY)
        if counter == "memsw" and pages < m.memory.max:
            raise oserror(errno.EINVAL)
        if not pc.set_max(pages):
            raise oserror(errno.EBUSY)
    return wr


def r_int_attr(attr):
    def rd(fs, c, task):
        return f"{getattr(_memcg(c), attr)}\n"
    return rd


def w_move_charge(fs, c, text, task):
    """``mem_cgroup_move_charge_write``: only MOVE_ANON|MOVE_FILE bits."""
    try:
        v = int(text.strip(), 0)
    except ValueError:
        raise oserror(errno.EINVAL) from None
    if v & ~3 or v < 0:
        raise oserror(errno.EINVAL)
    _memcg(c).move_charge_at_immigrate = v


def w_use_hierarchy(fs, c, text, task):
    try:
        v = int(text.strip())
    except ValueError:
        raise oserror(errno.EINVAL) from None
    fs.k.memcg.set_use_hierarchy(_memcg(c), v)


def w_swappiness(fs, c, text, task):
    try:
        v = int(text.strip())
    except ValueError:
        raise oserror(errno.EINVAL) from None
    if not 0 <= v <= 100:
        raise oserror(errno.EINVAL)
    _memcg(c).swappiness = v


def w_force_empty(fs, c, text, task):
    """``mem_cgroup_force_empty``: reclaim everything reclaimable; root refuses."""
    if c.parent is None:
        raise oserror(errno.EINVAL)
    m = _memcg(c)
    fs.k.memcg.drain_all_stock(m)
    for _ in range(5):
        if not m.memory.usage:
            break
        if not fs.k.vmscan.try_to_free_mem_cgroup_pages(m, m.memory.usage):
            break


def w_kmem_limit(fs, c, text, task):
    """``memory.kmem.limit_in_bytes``: root refuses; see ``memcg_update_kmem_limit``."""
    if c.parent is None:
        raise oserror(errno.EINVAL)
    fs.k.memcg.memcg_update_kmem_limit(_memcg(c), page_counter_memparse(text, "-1"))


def r_oom_control(fs, c, task):
    m = _memcg(c)
    return (f"oom_kill_disable {m.oom_kill_disable}\nunder_oom 0\n"
            f"oom_kill {m.stats.events_local[4]}\n")


V1_STAT = (("cache", NR_FILE_PAGES, PAGE_SIZE), ("rss", NR_ANON_MAPPED, PAGE_SIZE),
           ("rss_huge", None, 0), ("shmem", NR_SHMEM, PAGE_SIZE),
           ("mapped_file", NR_FILE_MAPPED, PAGE_SIZE), ("dirty", NR_FILE_DIRTY, PAGE_SIZE),
           ("writeback", NR_WRITEBACK, PAGE_SIZE), ("swap", None, 0),
           ("pgpgin", PGPGIN, 1), ("pgpgout", PGPGOUT, 1), ("pgfault", PGFAULT, 1),
           ("pgmajfault", PGMAJFAULT, 1),
           ("inactive_anon", NR_INACTIVE_ANON, PAGE_SIZE), ("active_anon", NR_ACTIVE_ANON, PAGE_SIZE),
           ("inactive_file", NR_INACTIVE_FILE, PAGE_SIZE), ("active_file", NR_ACTIVE_FILE, PAGE_SIZE),
           ("unevictable", NR_UNEVICTABLE, PAGE_SIZE))


#: ``memcg1_stats[]`` gained WORKINGSET_REFAULT_ANON/FILE (between writeback and
#: swap) after 5.10: the recorded 6.1.192 prints them, 5.10.262 does not
#: (tests/conformance/recordings/probe-cgroupfs--*-v1.txt)
V1_STAT_6_1 = V1_STAT[:7] + (("workingset_refault_anon", None, 0),
                             ("workingset_refault_file", None, 0)) + V1_STAT[7:]


def r_memory_stat_v1(fs, c, task) -> str:
    """``memcg_stat_show``: local values, the hierarchical limits, then total_*."""
    m = _memcg(c)
    fs.k.memcg.flush_stats()
    local, total = m.stats.local, m.stats.state
    stat = V1_STAT_6_1 if fs.k.design.memory_stat_keys == "6.1" else V1_STAT
    out = [f"{k} {local[i] * mult if i is not None else 0}\n" for k, i, mult in stat]
    mem_lim = memsw_lim = PAGE_COUNTER_MAX
    x = m
    while x is not None:
        mem_lim = min(mem_lim, x.memory.max)
        memsw_lim = min(memsw_lim, x.memsw.max)
        x = x.parent_memcg
    out.append(f"hierarchical_memory_limit {mem_lim * PAGE_SIZE}\n")
    out.append(f"hierarchical_memsw_limit {memsw_lim * PAGE_SIZE}\n")
    out += [f"total_{k} {total[i] * mult if i is not None else 0}\n" for k, i, mult in stat]
    return "".join(out)


#: ``memcg_numa_stat_show``'s rows: name and the LRU lists it sums
_V1_NUMA = (("total", (NR_INACTIVE_ANON, NR_ACTIVE_ANON, NR_INACTIVE_FILE, NR_ACTIVE_FILE,
                       NR_UNEVICTABLE)),
            ("file", (NR_INACTIVE_FILE, NR_ACTIVE_FILE)),
            ("anon", (NR_INACTIVE_ANON, NR_ACTIVE_ANON)),
            ("unevictable", (NR_UNEVICTABLE,)))


def r_memory_numa_stat_v1(fs, c, task) -> str:
    """``memcg_numa_stat_show``: LRU pages (not bytes), "name=<pages> N0=<pages>",
    this memcg's own pages, then the ``hierarchical_`` rows; one node (N0)."""
    m = _memcg(c)
    fs.k.memcg.flush_stats()
    out = []
    for prefix, vals in (("", m.stats.local), ("hierarchical_", m.stats.state)):
        for name, items in _V1_NUMA:
            n = sum(vals[i] for i in items)
            out.append(f"{prefix}{name}={n} N0={n}\n")
    return "".join(out)


_SLABINFO_HEADER = ("slabinfo - version: 2.1\n"
                    "# name            <active_objs> <num_objs> <objsize> <objperslab> "
                    "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
                    "slabdata <active_slabs> <num_slabs> <sharedavail>\n")


def r_kmem_slabinfo(fs, c, task) -> str:
    """``memory.kmem.slabinfo``. Since Linux commit 4330a26bc452 ("mm: memcg/slab:
    deprecate memory.kmem.slabinfo", v5.9) ``mem_cgroup_slab_show`` prints
    nothing (the objcg designs). With per-memcg caches (v3.10) it is
    ``mem_cgroup_slabinfo_read``: -EIO unless the memcg accounts kmem (never the
    root), else ``print_slabinfo_header`` (the per-cache lines are not modelled)."""
    if fs.k.design.slab_ref != "memcg_cache":
        return ""
    m = _memcg(c)
    if c.parent is None or not m.kmem_active:
        raise oserror(errno.EIO)
    return _SLABINFO_HEADER


def w_event_control(fs, c, text, task):
    """``memcg_write_event_control``: "<event_fd> <control_fd> [args]" (-EINVAL if
    malformed); the model has no eventfds, so the event fd never resolves (-EBADF)."""
    m = re.match(r"^(\d+) (\d+)(?:$| )", text.strip())
    if m is None:
        raise oserror(errno.EINVAL)
    raise oserror(errno.EBADF)


def w_einval(fs, c, text, task):
    """``cgroup_file_write`` for a cftype with no write handler: -EINVAL."""
    raise oserror(errno.EINVAL)


# -------------------------------------------------------------------- tables
def _v1_table(is_root: bool) -> dict:
    t = {
        "cgroup.procs": (r_procs, w_procs), "tasks": (r_procs, w_procs),
        "cgroup.clone_children": (lambda fs, c, task: "0\n", None),
        "notify_on_release": (lambda fs, c, task: "0\n", None),
        "memory.usage_in_bytes": (r_usage(False), None),
        "memory.max_usage_in_bytes": (r_counter_attr("memory", "watermark"),
                                      w_reset("memory", "watermark")),
        "memory.limit_in_bytes": (r_counter_attr("memory", "max"), w_limit_v1("memory")),
        "memory.soft_limit_in_bytes": (lambda fs, c, task: f"{PAGE_COUNTER_MAX * PAGE_SIZE}\n", None),
        "memory.failcnt": (r_counter_attr("memory", "failcnt"), w_reset("memory", "failcnt")),
        "memory.stat": (r_memory_stat_v1, None),
        "memory.force_empty": (None, w_force_empty),
        "memory.use_hierarchy": (r_int_attr("use_hierarchy"), w_use_hierarchy),
        "memory.swappiness": (r_int_attr("swappiness"), w_swappiness),
        "memory.move_charge_at_immigrate": (r_int_attr("move_charge_at_immigrate"), w_move_charge),
        "memory.oom_control": (r_oom_control, None),
        "memory.kmem.limit_in_bytes": (r_counter_attr("kmem", "max"), w_kmem_limit),
        "memory.kmem.usage_in_bytes": (r_counter_attr("kmem", "usage"), None),
        "memory.kmem.max_usage_in_bytes": (r_counter_attr("kmem", "watermark"),
                                           w_reset("kmem", "watermark")),
        "memory.kmem.failcnt": (r_counter_attr("kmem", "failcnt"), w_reset("kmem", "failcnt")),
        "memory.kmem.tcp.limit_in_bytes": (r_counter_attr("tcpmem", "max"), None),
        "memory.kmem.tcp.usage_in_bytes": (r_counter_attr("tcpmem", "usage"), None),
        "memory.kmem.tcp.max_usage_in_bytes": (r_counter_attr("tcpmem", "watermark"), None),
        "memory.kmem.tcp.failcnt": (r_counter_attr("tcpmem", "failcnt"), None),
        "memory.memsw.usage_in_bytes": (r_usage(True), None),
        "memory.memsw.limit_in_bytes": (r_counter_attr("memsw", "max"), w_limit_v1("memsw")),
        "memory.memsw.max_usage_in_bytes": (r_counter_attr("memsw", "watermark"),
                                            w_reset("memsw", "watermark")),
        "memory.memsw.failcnt": (r_counter_attr("memsw", "failcnt"), w_reset("memsw", "failcnt")),
        "memory.numa_stat": (r_memory_numa_stat_v1, None),
        "memory.kmem.slabinfo": (r_kmem_slabinfo, None),
        # vmpressure (v3.10): no handlers; registered through cgroup.event_control
        "memory.pressure_level": (None, w_einval),
        "cgroup.event_control": (None, w_event_control),
    }
    if is_root:
        t["cgroup.sane_behavior"] = (lambda fs, c, task: "0\n", None)
        t["release_agent"] = (lambda fs, c, task: "\n", None)
    return t


def _v2_table(is_root: bool, memory: bool, design, psi: bool = True) -> dict:
    t = {
        "cgroup.procs": (r_procs, w_procs), "cgroup.threads": (r_procs, w_procs),
        "cgroup.controllers": (r_controllers, None),
        "cgroup.subtree_control": (r_subtree_control, w_subtree_control),
        "cgroup.stat": (r_stat, None),
        "cgroup.max.descendants": (lambda fs, c, task: "max\n", None),
        "cgroup.max.depth": (lambda fs, c, task: "max\n", None),
    }
    # PSI files are cgroup core files: in every cgroup2 directory, memory or not
    if psi:
        t["memory.pressure"] = (r_pressure, w_pressure)
    if design.cgroup_pressure:
        t["cgroup.pressure"] = (r_cgroup_pressure, w_cgroup_pressure)
    if memory:
        # memory_files[] entries without CFTYPE_NOT_ON_ROOT
        t["memory.stat"] = (r_memory_stat_v2, None)
        t["memory.numa_stat"] = (r_memory_numa_stat_v2, None)
        if design.memory_reclaim:
            t["memory.reclaim"] = (None, w_reclaim)
    if not is_root:
        t["cgroup.events"] = (r_events, None)
        t["cgroup.type"] = (lambda fs, c, task: "domain\n", None)
        t["cgroup.freeze"] = (lambda fs, c, task: "0\n", None)
        if design.cgroup_kill:
            t["cgroup.kill"] = (None, w_kill)
    if memory and not is_root:
        t.update({
            "memory.current": (r_current, None),
            "memory.min": (_r_limit("min"), w_min), "memory.low": (_r_limit("low"), w_low),
            "memory.high": (_r_limit("high"), w_high), "memory.max": (_r_limit("max"), w_max),
            "memory.events": (r_events_mem(False), None),
            "memory.events.local": (r_events_mem(True), None),
            "memory.oom.group": (r_oom_group, w_oom_group),
            "memory.swap.current": (r_swap_current, None),
            "memory.swap.max": (r_swap_max, w_swap_max),
            "memory.swap.high": (r_swap_high, w_swap_high),
            "memory.swap.events": (r_swap_events, None),
        })
        if design.memory_peak:
            t["memory.peak"] = (r_peak, None)
        if design.zswap_files:
            t["memory.zswap.current"] = (r_zswap_current, None)
            t["memory.zswap.max"] = (r_zswap_max, w_zswap_max)
    return t


_CACHE: dict = {}


def cgroup_files(fs, c) -> dict:
    is_root = c.parent is None
    memory = "memory" in c.subsys
    psi = not (fs.v2 and c.self_css in _PSI_OFF)
    key = (fs.v2, is_root, memory, fs.k.design, psi)
    t = _CACHE.get(key)
    if t is None:
        t = _CACHE[key] = (_v2_table(is_root, memory, fs.k.design, psi) if fs.v2
                           else _v1_table(is_root))
    return t
