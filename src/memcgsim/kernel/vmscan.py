"""mm/vmscan.c and the memcg OOM killer (mm/oom_kill.c) as the model needs them.

``try_to_free_mem_cgroup_pages`` walks the memcg subtree (``mem_cgroup_iter``,
dying memcgs included: that walk is the cost dying cgroups put on reclaim),
dropping clean page-cache pages oldest first and running the memcg-aware dcache
shrinker; anon pages need swap, which the model's machine has none of by default.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .memcontrol import MAX_RECLAIM_RETRIES
from .page_alloc import PG_SHMEM
from .vmstat import MEMCG_HIGH, MEMCG_OOM, MEMCG_OOM_GROUP_KILL, MEMCG_OOM_KILL, PGSCAN, PGSTEAL

if TYPE_CHECKING:
    from . import KernelCore
    from .memcontrol import MemCgroup

SIGKILL = 9


class Vmscan:
    __slots__ = ("k", "memcgs_visited", "reclaim_passes")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: modelled-kernel cost: memcgs visited by reclaim walks (grows with dying ones)
        self.memcgs_visited = 0
        self.reclaim_passes = 0

    def subtree(self, memcg: "MemCgroup"):
        """``mem_cgroup_iter``: pre-order over every memcg not yet freed."""
        stack = [memcg]
        children = self.k.memcg_children
        while stack:
            m = stack.pop()
            yield m
            stack.extend(reversed(children.get(m, ())))

    def try_to_free_mem_cgroup_pages(self, memcg: "MemCgroup", nr_pages: int) -> int:
        k = self.k
        self.reclaim_passes += 1
        filemap = k.filemap
        mc = k.memcg
        reclaimed = 0
        for m in self.subtree(memcg):
            self.memcgs_visited += 1
            if reclaimed >= nr_pages:
                continue
            # shrink_lruvec: clean file pages, oldest first, but buffer pages whose
            # buffers are busy (try_to_free_buffers fails: kernel/buffer.py)
            victims = []
            for pfn in m.lru_file:
                if k.mem_map.kind[pfn] != PG_SHMEM and not filemap.buffers_busy(pfn):
                    victims.append(pfn)
                    if len(victims) >= nr_pages - reclaimed:
                        break
            if victims:
                mc.mod_memcg_state(m, PGSCAN, len(victims))
                mc.mod_memcg_state(m, PGSTEAL, len(victims))
            for pfn in victims:
                filemap.delete_from_page_cache(pfn)
            reclaimed += len(victims)
            # shrink_slab: the dentries freed count by the slab pages SLUB lets go
            # (reclaim_state->reclaimed_slab, added in shrink_node)
            if reclaimed < nr_pages and k.list_lrus.get(m):
                before = k.slab.slab_pages(True)
                filemap.shrink_dcache_memcg(m, (nr_pages - reclaimed) * 20)
                reclaimed += max(0, before - k.slab.slab_pages(True))
        return reclaimed

    # ----------------------------------------------------------- memory.high
    def note_over_high(self, memcg: "MemCgroup", batch: int) -> None:
        """``try_charge``'s tail: any level above ``memory.high`` queues
        return-to-user reclaim (``memcg_nr_pages_over_high``)."""
        m: MemCgroup | None = memcg
        while m is not None:
            c = m.memory
            if c.usage > c.high:
                self.k.current.memcg_nr_pages_over_high += batch
                return
            m = m.parent_memcg

    def mem_cgroup_handle_over_high(self, task) -> None:
        """``mem_cgroup_handle_over_high`` → ``reclaim_high``: each level above its
        high gets a MEMCG_HIGH event and reclaim of the excess."""
        nr = task.memcg_nr_pages_over_high
        task.memcg_nr_pages_over_high = 0
        if not nr:
            return
        k = self.k
        m = k.task_memcg(task)
        while m is not None and m is not k.memcg.root_mem_cgroup:
            c = m.memory
            if c.usage > c.high:
                k.memcg.memcg_memory_event(m, MEMCG_HIGH)
                self.try_to_free_mem_cgroup_pages(m, max(nr, c.usage - c.high))
            m = m.parent_memcg

    def memory_high_write(self, memcg: "MemCgroup", high: int) -> None:
        """``memory_high_write``: set, then reclaim down to it (no OOM)."""
        memcg.memory.high = high
        self._reclaim_down_to(memcg, high, oom=False)

    def memory_max_write(self, memcg: "MemCgroup", max_: int) -> None:
        """``memory_max_write``: set, reclaim, and OOM-kill while still above."""
        memcg.memory.max = max_
        self._reclaim_down_to(memcg, max_, oom=True)

    def _reclaim_down_to(self, memcg: "MemCgroup", limit: int, oom: bool) -> None:
        """The loop both writers share: drain the stocks once, reclaim; after
        ``MAX_RECLAIM_RETRIES`` rounds without progress stop (high) or OOM-kill (max);
        it ends when the writer has a signal pending (``memory_max_write``'s
        ``signal_pending(current)``), as when the OOM killer chose the writer."""
        drained = False
        retries = MAX_RECLAIM_RETRIES
        cur = self.k.current
        while memcg.memory.usage > limit:
            if cur is not None and cur.oom_victim:
                break   # signal_pending(current): the writer itself was chosen
            if not drained:
                drained = True
                self.k.memcg.drain_all_stock(memcg)
                continue
            if self.try_to_free_mem_cgroup_pages(memcg, memcg.memory.usage - limit):
                continue
            if retries:
                retries -= 1
                continue
            if not oom:
                break
            self.k.memcg.memcg_memory_event(memcg, MEMCG_OOM)
            if not self.out_of_memory(memcg):
                break

    # ------------------------------------------------------------------ OOM
    def mem_cgroup_oom(self, memcg: "MemCgroup") -> bool:
        """``mem_cgroup_oom`` → ``mem_cgroup_out_of_memory``: MEMCG_OOM, then kill;
        a dying task kills nobody (``task_is_dying()``, a4ebf1b6ca1e)."""
        k = self.k
        k.memcg.memcg_memory_event(memcg, MEMCG_OOM)
        if k.memcg_oom.oom_disabled(memcg):
            return False    # v1 oom_kill_disable: wait at the fault's end, or -ENOMEM
        if k.current.oom_victim and k.design.dying_task_charge == "fail":
            return True
        return self.out_of_memory(memcg)

    def oom_report(self, memcg: "MemCgroup", victim) -> None:
        """What mm/oom_kill.c prints for a memcg OOM kill (the same in 5.10 and 6.1,
        checked against the oracle: tests/conformance/recordings/oom-child-dmesg*):
        ``dump_header``'s first line, ``dump_oom_summary`` and
        ``__oom_kill_process``'s line (the stack dump and the memory/task tables
        between them are left out). The gfp mask is GFP_KERNEL's, as for the kernel's
        own charges and ``memory.max`` writes (a user page fault's would be
        GFP_HIGHUSER_MOVABLE); the model keeps no address-space sizes, so total-vm
        counts the task's resident anon pages only."""
        k = self.k
        cur = k.current
        log = k.log
        log.printk(f"{cur.comm} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, "
                   "oom_score_adj=0")
        mm = victim.mm
        anon_kb = len(mm.anon) * 4 if mm is not None else 0
        pgt_kb = len(mm.pgtables) * 4 if mm is not None else 0
        log.printk("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
                   f"mems_allowed=0,oom_memcg={memcg.cgroup.path},"
                   f"task_memcg={k.task_memcg(victim).cgroup.path},task={victim.comm},"
                   f"pid={victim.pid},uid=0")

    def kill_process(self, victim, doomed: dict) -> None:
        """``__oom_kill_process``: its line, ``MEMCG_OOM_KILL`` on the memcg of its
        mm, and SIGKILL (``doomed``: sent once the killer is done, the tasks dying
        when they next run; the current task on its return from the fault)."""
        k = self.k
        mm = victim.mm
        anon_kb = len(mm.anon) * 4
        pgt_kb = len(mm.pgtables) * 4
        k.memcg.memcg_memory_event(k.task_memcg(victim), MEMCG_OOM_KILL)
        k.log.printk(f"Memory cgroup out of memory: Killed process {victim.pid} ({victim.comm}) "
                     f"total-vm:{anon_kb}kB, anon-rss:{anon_kb}kB, file-rss:0kB, shmem-rss:0kB, "
                     f"UID:0 pgtables:{pgt_kb}kB oom_score_adj:0")
        doomed[victim] = None

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

    def out_of_memory(self, memcg: "MemCgroup") -> bool:
        """``select_bad_process`` over the memcg's tasks by ``oom_badness`` (pages
        mapped plus page tables; first highest wins), then ``oom_kill_process``."""
        k = self.k
        victim = None
        best = -1
        for m in self.subtree(memcg):
            for t in m.cgroup.tasks.values() if m.cgroup else ():
                if t.mm is None or not t.alive:
                    continue
                if t.oom_victim:
                    if t is not k.current:
                        # a victim marked while it charged in a call that does not
                        # end in _check_killed (fork, file I/O, ...) has returned to
                        # user space by now: SIGKILL takes it there. Waiting for it
                        # (below) would retry forever.
                        k.procs.exit(t, signal=SIGKILL)
                    return True  # a victim is already on its way out
                points = len(t.mm.anon) + len(t.mm.pgtables)
                if points > best:
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
                for t in list(m.cgroup.tasks.values()) if m.cgroup else ():
                    if t.pid != 1 and t.mm is not None and t.alive:
                        self.kill_process(t, doomed)
        for t in doomed:
            if t is k.current:
                t.oom_victim = True  # dies on return from the fault
            elif t.alive:
                k.procs.exit(t, signal=SIGKILL)
        return True
