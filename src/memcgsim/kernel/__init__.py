"""THE MODEL: one module per kernel source it mirrors. ``KernelCore`` wires them."""
from __future__ import annotations

from typing import Callable

from ..designs import BootOptions, KernelDesign
from .css_set import CssSets
from .cgroup import CONTROLLERS, CgroupCore, CgroupRoot
from .cgroup_v1 import cgroup_update_populated
from .idr import Idr
from . import clock as clock_mod
from .clock import Clock
from .buffer import BufferCache
from .filemap import Filemap
from .readahead import Readahead
from .writeback import Writeback
from .backing_dev import CgroupWritebacks
from .fork import KWORKER_FLAGS, Processes, Task
from .fs_struct import PathTable
from .memcontrol import MemoryController
from .mmap import Mmap
from .page_alloc import MemMap
from .percpu import Percpu
from .cgroup_ifaces import IfaceControllers
from .blk_cgroup import BlkCgroups
from .pids import Pids
from .legacy_freezer import LegacyFreezer
from .pipe import Pipes
from .rcu_sync import RcuSync
from .rcu_tree import gp_kthread_wake
from .remote import RemoteCharging
from .swapfile import Swap
from .sched import Sched
from .signum import SIGKILL
from .sizes import SIZES
from .sizes.hostmem import DEFAULT_MEM, HostMem, parse_mem
from .slab import Slab
from .vmalloc import Vmalloc
from .vmstat_diff import NodeStatDiff
from .open_objects import OpenObjects
from .file_table import FileTable
from .vmscan import Vmscan
from .shrinker import Shrinkers
from .workingset import Workingset
from .memcg_oom import MemcgOomWait


#: where each WARN of the model is in the kernel's source ("FILE:LINE FUNCTION")
WARN_SITES = {"page_counter_cancel": "mm/page_counter.c:56 page_counter_cancel"}
#: ``MAX_NUMNODES`` of Debian's x86_64 kernels (CONFIG_NODES_SHIFT=10)
MAX_NUMNODES = 1024
#: ``NR_CPUS``: CONFIG_NR_CPUS's largest value on x86_64 (arch/x86/Kconfig
#: NR_CPUS_RANGE_END with MAXSMP, Debian's amd64 config): no more CPUs can be possible
NR_CPUS = 8192


class KernelLog:
    """The kernel's ring buffer (``dmesg``), timestamped on the simulated clock;
    ``current`` (set by the kernel) gives the task running, for WARN reports."""
    __slots__ = ("clock", "lines", "_once", "current")

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.lines: list[str] = []
        self._once: set[str] = set()
        self.current: Callable[[], Task] | None = None

    def printk(self, msg: str) -> None:
        self.lines.append(f"[{self.clock.now_ns / 1e9:12.6f}] {msg}")

    def pr_warn_once(self, msg: str) -> None:
        """``pr_warn_once(msg)``: the message, the first time per boot."""
        if msg not in self._once:
            self._once.add(msg)
            self.printk(msg)

    def warn_once(self, site: str, msg: str) -> None:
        """``WARN_ONCE(cond, msg)`` at call site ``site``, the first time per boot:
        the message (``__warn_printk``) then ``__warn``'s "WARNING: CPU: N PID: N at
        FILE:LINE FUNCTION" (:data:`WARN_SITES`; the function's +offset/size, the
        register and stack dump are left out)."""
        if site not in self._once:
            self._once.add(site)
            cur = self.current() if self.current is not None else None
            cpu, pid = (cur.cpu, cur.pid) if cur is not None else (0, 0)
            self.printk(msg)
            self.printk(f"WARNING: CPU: {cpu} PID: {pid} at {WARN_SITES.get(site, site)}")


class _Running:
    """``current`` for the duration of a block (context manager, no generator);
    made by :meth:`KernelCore.running` and ``on_cpu`` (no ``__init__`` frame)."""
    __slots__ = ("k", "task", "old")
    k: "KernelCore"
    task: Task

    def __enter__(self):
        self.old = self.k.current
        self.k.current = self.task
        return self.task

    def __exit__(self, *exc) -> None:
        self.k.current = self.old


_new_object = object.__new__


class KernelCore:
    """The model's state: clock, page table, cgroups, memcgs, tasks, caches."""

    def __init__(self, design: KernelDesign, cgroup_mode: str, nr_cpus: int,
                 boot: BootOptions, seed: int, nr_nodes: int = 1,
                 mem: "int | str | None" = None) -> None:
        if cgroup_mode not in ("v1", "v2"):
            raise ValueError(f"cgroup mode must be 'v1' or 'v2', not {cgroup_mode!r}")
        if cgroup_mode == "v2" and not design.cgroup2:
            raise ValueError(f"design {design.name} has no cgroup v2")
        if not 1 <= nr_cpus <= NR_CPUS:
            raise ValueError(f"nr_cpus must be at least 1 and at most {NR_CPUS} (NR_CPUS)")
        if nr_nodes < 1 or nr_nodes > MAX_NUMNODES:
            raise ValueError(f"nr_nodes must be between 1 and {MAX_NUMNODES}")
        #: the directories tasks hold as their pwd (kernel/fs_struct.py)
        self.paths = PathTable()
        self.design = design
        self.boot = boot
        #: possible CPUs (``num_possible_cpus()``): what per-CPU data scales with
        self.nr_cpus = nr_cpus
        #: NUMA nodes (``nr_node_ids``): what per-node structures scale with
        self.nr_nodes = nr_nodes
        #: sizes of the kernel structures this design allocates (kernel/sizes)
        self.sizes = SIZES[design.sizes]
        #: the host's RAM, its zones and watermarks (kernel/sizes/hostmem.py): the
        #: guests' 1 GiB unless ``mem`` (bytes, or "64G") says otherwise, less what
        #: boot reserves for the possible CPUs
        self.hostmem = HostMem.boot(self.sizes.release,
                                    DEFAULT_MEM if mem is None else parse_mem(mem), nr_cpus)
        self.page_size = 4096
        self.seed = seed
        self.dfl = cgroup_mode == "v2"
        #: what a churn run's samples follow of its dying memcgs, told of changes
        #: there (workload/metrics.py ``Tracker.mark``); None: nothing follows
        self.cost_watch = None
        #: ``cgrp_dfl_visible``: cgroup2 was mounted (/proc/PID/cgroup's "0::" line)
        self.cgrp_dfl_visible = True
        #: v1 charges memsw beside memory (``do_memsw_account``)
        self.do_memsw_account = not self.dfl
        self.clock = Clock()
        # one CPU runs the grace-period kthread and queues every RCU callback (item 282)
        self.clock.on_gp_kthread_cpu = nr_cpus == 1
        self.log = KernelLog(self.clock)
        self.log.current = lambda: self.current
        self.mem_map = MemMap()
        self.tasks: dict[int, Task] = {}
        self.memcg_children: dict = {}
        self.list_lrus: dict = {}
        #: the disks' superblock shrinkers and their list_lrus (kernel/super.py)
        self.superblocks: list = []
        #: weak references to callables that return the inodes open files hold
        #: (the shells' descriptor tables: :meth:`inodes_in_use`)
        self.file_users: list = []
        #: the inodes of the files the system calls under way read or write (their
        #: ``struct file``, ``fdget``'s, holds the dentry and the inode: ``i_count``),
        #: a program's own descriptors being in no shell's table (fs/vfs.py
        #: ``RegularFile``)
        self.files_in_syscall: list = []
        self._ino = 1
        self.sched = Sched(self)
        if nr_cpus > 1 and clock_mod.RCU_GP_KTHREAD_PLACED:
            # the grace-period kthread placed as each grace period ends (item 314)
            self.clock.gp_kthread_wake = gp_kthread_wake(self)
        if clock_mod.RCU_SCHED_QS and not design.rcu_preempt:
            # non-preemptible RCU: a CPU in the kernel holds a grace period (item 394)
            self.clock.rcu_sched_qs = self._rcu_span_task
            self.clock.rcu_seed = seed
        self.mmap = Mmap(self)
        self.procs = Processes(self)
        self.init = self.procs.new_task("init", None)
        # kworkers, one per CPU: the context of deferred work
        self.kworkers = []
        for cpu in range(nr_cpus):
            t = self.procs.new_task(f"kworker/{cpu}:1", None)
            t.cpu = cpu
            t.kthread = True
            t.flags = KWORKER_FLAGS
            self.kworkers.append(t)
        self.current: Task = self.kworkers[0]
        #: how the current task sleeps for a time (``schedule_timeout``) while the rest
        #: of the system runs: the shell's scheduler sets it while it drives a
        #: script; None: nothing else runs, the clock (and its timers) run to the end
        self.napper: Callable[[float], None] | None = None
        #: how a task that sleeps in the kernel gives its CPU up (``schedule``: the
        #: tasks queued behind it there run, kernel/sched.py ``Sched.schedule``):
        #: the shell's scheduler sets it with :attr:`napper`
        self.blocker: Callable[[Task], None] | None = None
        #: ``cgroup_threadgroup_rwsem``'s rcu_sync (kernel/rcu_sync.py)
        self.threadgroup_rwsem = RcuSync(self)
        self.memcg = MemoryController(self)  # type: ignore[arg-type]  # a Kernel
        self.cgroups = CgroupCore(self)  # type: ignore[arg-type]
        self.pids = Pids(self)
        self.ifaces = IfaceControllers(self)
        #: the io controller's block groups on the disk (block/blk-cgroup.c)
        self.blkcg = BlkCgroups(self)
        #: each CPU's differential of the node's slab counters (kernel/vmstat_diff.py)
        self.node_stat_diff = NodeStatDiff(self.clock, nr_cpus,
                                           [z.init_managed for z in self.hostmem.zones])
        self.slab = Slab(self)
        #: the transient objects of an open() of a pseudo file (kernel/open_objects.py)
        self.open_objects = OpenObjects(self)
        #: the open regular files' ``struct file`` (kernel/file_table.py)
        self.file_table = FileTable(self)
        self.vmalloc = Vmalloc(self)
        self.percpu = Percpu(self)
        self.filemap = Filemap(self)
        self.readahead = Readahead(self)
        self.buffers = BufferCache(self)
        #: ``PGPGIN``/``PGPGOUT`` events since boot: the 512-byte sectors of the
        #: block I/O the model submits (``submit_bio``: ``count_vm_events`` of
        #: ``bio_sectors``, reads and writes); /proc/vmstat shows them halved
        self.pgpg = [0, 0]
        self.writeback = Writeback(self)
        self.cgwb = CgroupWritebacks(self)
        #: vm.oom_kill_allocating_task (``sysctl_oom_kill_allocating_task``, 0):
        #: a global OOM kills the allocating task (kernel/oom_kill.py)
        self.oom_kill_allocating_task = 0
        #: vm.panic_on_oom (``sysctl_panic_on_oom``, 0): 1 panics at a global OOM,
        #: 2 at a memcg's too (kernel/oom_kill.py ``check_panic_on_oom``)
        self.panic_on_oom = 0
        self.pipes = Pipes(self)
        self.vmscan = Vmscan(self)
        self.shrinkers = Shrinkers(self)
        self.workingset = Workingset(self)
        self.memcg_oom = MemcgOomWait(self)
        self.remote = RemoteCharging(self)
        self.swap = Swap(self)
        if self.dfl:
            self.memory_root = CgroupRoot(0, CONTROLLERS, True, "/sys/fs/cgroup",
                                          Idr(self, "kernfs ino_idr", 1))
        else:
            self.memory_root = CgroupRoot(1, ("memory",), False, "/sys/fs/cgroup/memory",
                                          Idr(self, "kernfs ino_idr", 1))
        self.roots = [self.memory_root]
        #: the v1 freezer controller, its hierarchy once a script mounts it
        self.freezer = LegacyFreezer(self)
        top = self.memory_root.cgrp
        #: every cgroup not yet freed, live or dying (for self-checks' walks)
        self.all_cgroups: dict = {top: None}
        top.subsys["memory"] = self.memcg.css_alloc(top, None)
        self.cgroups.setup_root(self.memory_root)
        #: ``css_set_table`` (kernel/css_set.py); init is in ``init_css_set``
        self.csets = CssSets(self)
        self.init.cgroups = self.csets.init_css_set
        top.tasks[self.init.pid] = self.init
        with self.running(self.init):
            self.procs.exec(self.init, "/sbin/init", ["init"])
        self.snapshot_boot()

    def snapshot_boot(self) -> None:
        """What the model holds once booted: /proc/meminfo, vmstat and slabinfo
        print the guests' boot values moved by what changed since (fs/procmem.py)."""
        from .vmstat import node_page_state
        self.node_stat_diff.settle()        # the guests' boot values are folded ones
        self.boot_node_state = node_page_state(self)
        self.boot_slab_objs = {n: (c.active_objs(), c.num_slabs())
                               for n, c in self.slab.caches.items()}
        #: the tasks the boot made (init, the kworkers): a script's bash forked
        #: before any other is the boot's (machine.py ``begin_script_boot``)
        self.boot_nr_tasks = len(self.tasks)
        self.vmscan.arm_watermarks()

    # ---------------------------------------------------------------- helpers
    def inodes_in_use(self) -> set:
        """The inodes some open file holds (``i_count`` > 0), from the registered
        descriptor tables (``file_users``; those gone are dropped) and the system
        calls under way (``files_in_syscall``)."""
        out: set = set()
        live = []
        for ref in self.file_users:
            fn = ref()
            if fn is not None:
                live.append(ref)
                out.update(fn())
        self.file_users = live
        out.update(self.files_in_syscall)
        return out

    def files_closed(self, task: Task) -> None:
        """A process closed its descriptors (it ended): an unlinked file no open
        file holds any more is evicted, on its CPU (:meth:`Filemap.release_orphans`)."""
        if self.filemap.orphans:
            with self.running(task):
                self.filemap.release_orphans()

    def next_ino(self) -> int:
        """A new inode number for the model's filesystems (``get_next_ino``)."""
        self._ino += 1
        return self._ino

    def path_put(self, d) -> None:
        """``path_put`` of a task's pwd (``exit_fs``): kernel/fs_struct.py ``dput``."""
        self.paths.dput(d)

    def running(self, task: Task) -> _Running:
        """``with k.running(task):`` makes ``task`` ``current`` for the block: the
        context whose memcg the block's charges go to."""
        r = _new_object(_Running)
        r.k = self
        r.task = task
        return r

    def sleep_uninterruptible(self, task: Task, ns: int) -> None:
        """``task`` sleeps ``ns`` in TASK_UNINTERRUPTIBLE (a ``synchronize_rcu``):
        it gives its CPU up (:attr:`blocker`), the system runs meanwhile
        (:attr:`napper`, else the clock alone), a fatal signal does not end it."""
        if self.blocker is not None:
            self.blocker(task)
        clock = self.clock
        end = clock.now_ns + ns
        if self.napper is None:
            clock.run_until(end)
            return
        while clock.now_ns < end:
            now = clock.now_ns
            self.napper((end - now) / 1e9)
            if clock.now_ns <= now:         # a napper that let no time pass
                clock.run_until(end)

    def _rcu_span_task(self) -> Task:
        """The task whose work ``Clock.tick`` times when its caller names none (the
        current one): a kernel span on its CPU (kernel/clock.py ``Clock.rcu_span``)."""
        return self.current if self.current is not None else self.init

    def schedule_timeout_killable(self, ns: int) -> None:
        """``schedule_timeout_killable``: the current task sleeps ``ns``, woken early
        by a fatal signal (the caller checks ``alive``): it sleeps from one clock
        event to the next, so a kill from a timer (``timeout``'s alarm) ends it then,
        one from another task at the next event."""
        clock = self.clock
        if self.napper is None:
            clock.run_until(clock.now_ns + ns)
            return
        task = self.current
        end = clock.now_ns + ns
        while task.alive and clock.now_ns < end:
            now = clock.now_ns
            nxt = clock.next_at
            step = (int(nxt) if now < nxt < end else end) - now
            self.napper(step / 1e9)
            if clock.now_ns < now + step:     # a napper that let no time pass
                clock.run_until(now + step)

    def on_cpu(self, cpu: int) -> _Running:
        """Deferred work runs in that CPU's kworker."""
        return self.running(self.kworkers[cpu])

    def signal_exit(self, t: Task, sig: int) -> None:
        """A fatal signal's target runs on its CPU and dies (``get_signal`` →
        ``do_group_exit``, kernel/signal.py): its exit's time was counted when the
        signal was sent."""
        self.procs.exit(t, signal=sig, ticked=False)

    def oom_kill_task(self, t: Task, zap: bool = False) -> None:
        """The OOM killer's SIGKILL to ``t``, not the current task
        (``__oom_kill_process`` → ``do_send_sig_info``): without a scheduler of
        fatal signals the victim exits at once."""
        self.procs.exit(t, signal=SIGKILL)

    def oom_victim_exiting(self, t: Task) -> bool:
        """Whether the victim ``t`` is on its way out, its pages still charged
        (kernel/oom_victim.py): never here, as :meth:`oom_kill_task` exits it."""
        return False

    def mmf_oom_skip(self, t: Task) -> bool:
        """Whether the exiting victim ``t``'s mm has MMF_OOM_SKIP: never here."""
        return False

    def mmf_oom_reaped(self, t: Task) -> None:
        """The OOM reaper set MMF_OOM_SKIP on the victim ``t``'s mm: nothing here,
        where a victim exits at once."""

    def fatal_signal_pending(self, t: Task) -> bool:
        """``fatal_signal_pending``: never here, as a fatal signal's target exits
        at once without a scheduler of fatal signals (machine.Kernel's waits)."""
        return False

    def signals_at_thaw(self, t: Task) -> None:
        """What ``t`` was sent while frozen acts as it leaves the freezer: nothing
        here, without a scheduler of signals (machine.Kernel's acts)."""

    def call_on_cpu(self, cpu: int, fn, *args) -> None:
        """``fn(*args)`` in that CPU's kworker (deferred work queued on that CPU:
        :meth:`on_cpu` for one call, without a context manager)."""
        old, self.current = self.current, self.kworkers[cpu]
        try:
            fn(*args)
        finally:
            self.current = old

    def cgroup_task_frozen(self, task: Task) -> bool:
        """``cgroup_task_frozen``: the task's cgroup2 cgroup is frozen, or its v1
        freezer cgroup is freezing (kernel/legacy_freezer.py), so it does not run
        (the model stops it at its next scheduling point: a timer, a wakeup)."""
        root = self.memory_root
        if not root.nr_freezing:
            return self.freezer.root is not None and self.freezer.task_frozen(task)
        c = task.cgroups.get(root)
        return c is not None and c.frozen

    def task_memcg(self, task: Task):
        """``mem_cgroup_from_task``: the memory css of the task's cgroup."""
        m = task.memcg
        if m is None:
            cgrp = task.cgroups.get(self.memory_root)
            m = (self.memcg.root_mem_cgroup if cgrp is None  # type: ignore[assignment]
                 else self.cgroups.memory_css_of(cgrp))
            task.memcg = m
        return m

    def list_lru(self, memcg) -> dict:
        """The memcg's part of the dcache's ``list_lru`` (``list_lru_memcg``): its
        negative dentries by path, oldest first."""
        lru = self.list_lrus.get(memcg)
        if lru is None:
            lru = self.list_lrus[memcg] = {}
        return lru

    def cgroup_populated_changed(self, cgrp) -> None:
        """``cgroup_update_populated`` after a task left ``cgrp`` or joined it:
        cgroup.events is computed on read; a v1 cgroup that emptied, and each
        ancestor it emptied, is checked for release (kernel/cgroup_v1.py), when
        any cgroup of the hierarchy has ``notify_on_release`` set."""
        if cgrp.root.notify_on_release:
            cgroup_update_populated(self, cgrp)

    #: ``call_usermodehelper``'s runner: ``umh(argv, envp)`` starts the program in a
    #: new process (the shell running the script sets it); None: nothing runs
    umh = None

    def call_usermodehelper(self, argv: list[str], envp: list[str]) -> None:
        """``call_usermodehelper(argv[0], argv, envp, UMH_WAIT_EXEC)``
        (kernel/umh.c): a child of kthreadd execs the program, in the root
        cgroups; the caller does not wait for it. Without a runner nothing runs
        (as when the exec fails)."""
        if self.umh is not None:
            self.umh(argv, envp)

    def cgroup_freed(self, cgrp) -> None:
        """The cgroup is gone for good."""
