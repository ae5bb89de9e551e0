"""Kernel designs: named sets of behaviour switches, each switch cited.

The model branches on a switch in one place, behind a function named for the
kernel behaviour. Adding a design is adding data here.
"""

from .codecache import dataclass
from .lazyimport import deferred
from .record import Record

with deferred("inspect"):   # dataclasses' import of it (memcgsim.lazyimport)
    from dataclasses import fields

#: The guests' boot mounts in ID order (tools/sizes/mount-ids-trace.sh, recordings
#: mount-ids-trace--*: every alloc_vfsmnt of the boot and its caller): shm_mnt
#: (shmem_init), the initial namespace's rootfs (init_mount_tree), bdev, nsfs,
#: devtmpfs, kdevtmpfs' copy of the namespace's root and its devtmpfs mount
#: (devtmpfs_setup: ksys_unshare, init_mount), then the initcalls' in link order;
#: 6.1 pins /dev/mem's and iomem's file system (kernel/resource.c
#: iomem_init_inode) at fs_initcall, 5.10 later (chr_dev_init: "devmem"). 5.12 and
#: 5.13 (no guest of theirs: from the sources) are 6.1's: Linux commit 71a1d8ed900f
#: ("resource: Move devmem revoke code to resource framework"), merged for v5.12
#: (pushed to torvalds/linux master 2021-02-23, with 636b21b50152 "PCI: Revoke
#: mappings like devmem"), moved the pin from drivers/char/mem.c ``devmem_init_inode``
#: (in ``chr_dev_init``, linked after fs/ and security/) to kernel/resource.c's own
#: ``fs_initcall(iomem_init_inode)``, linked before kernel/trace/ (tracefs: pinned
#: inline by ``tracer_init_tracefs`` until 2022's "tracing: Make tracer_init_tracefs
#: initcall asynchronous", so without 6.1's race) and fs/pipe.c.
_BOOT_START = ("shm", "rootfs", "bdev", "nsfs", "devtmpfs", "rootfs", "devtmpfs",
               "securityfs", "debugfs", "sockfs", "dax", "dmabuf")
_BOOT_END = ("anon_inodefs", "hugetlbfs", "hugetlbfs", "apparmorfs", "apparmorfs")
BOOT_MOUNTS = {
    "5.10": _BOOT_START + ("tracefs", "pipefs") + _BOOT_END + ("devmem", "aio", "mqueue"),
    "5.12": _BOOT_START + ("iomem", "tracefs", "pipefs") + _BOOT_END + ("aio", "mqueue"),
    "6.1": _BOOT_START + ("iomem", "tracefs", "pipefs") + _BOOT_END + ("aio", "mqueue")}


@dataclass(frozen=True)
class KernelDesign:
    """One kernel design: every field but ``name``, ``release`` and ``uname`` is a
    behaviour switch; :data:`SOURCES` cites the change behind each."""
    name: str
    release: str
    #: What a non-slab kmem page's ``page->memcg_data`` points at and pins:
    #: "memcg" (a css reference) or "objcg" (an obj_cgroup reference, reparented).
    kmem_page_ref: str = "memcg"
    #: What an LRU (anon, page cache) page points at: "memcg" (a css reference per
    #: page) or "objcg" (reparented at offline, the 2026 proposal).
    lru_page_ref: str = "memcg"
    #: LRU pages are moved to the parent at offline (``mem_cgroup_reparent_charges``).
    lru_reparent_at_offline: bool = False
    #: Slab objects: "objcg" (byte-charged, one set of caches) or "memcg_cache"
    #: (per-memcg kmem caches whose slab pages pin the memcg until empty).
    slab_ref: str = "objcg"
    #: kmem accounting is off until a v1 cgroup's ``memory.kmem.limit_in_bytes`` is set.
    kmem_accounting_opt_in: bool = False
    #: User page tables are charged (GFP_PGTABLE_USER has __GFP_ACCOUNT).
    pgtables_accounted: bool = True
    #: Five-level paging (CONFIG_X86_5LEVEL on a CPU with LA57, as the oracle's
    #: ``-cpu max`` has): every mm has a P4D page under its PGD, and an exec's
    #: argument stack, set up at ``STACK_TOP_MAX`` in the 57-bit space, has its own
    #: P4D and PUD until ``shift_arg_pages`` moves it (kernel/fork.py
    #: ``mm_upper_pages``, kernel/pgtable.py ``shift_arg_pgtables``).
    pgtable_l5: bool = True
    #: A new memcg's per-CPU data is charged to its parent.
    memcg_percpu_charged: bool = True
    #: ``MEMCG_CHARGE_BATCH``: pages a per-CPU stock precharges.
    memcg_charge_batch: int = 32
    #: Reparented obj_cgroups hold a css reference on the memcg they point at.
    objcg_pins_memcg: bool = True
    #: memory.stat upkeep: "percpu_batch", "rstat" or "rstat_threshold".
    stats_flush: str = "percpu_batch"
    #: ``refill_obj_stock`` keeps the sub-page remainder instead of draining.
    obj_stock_keeps_remainder: bool = False
    #: ``mod_objcg_state`` caches slab statistics in the per-CPU obj stock until
    #: they pass a page or the stock's objcg changes (v5.14).
    obj_stock_caches_vmstat: bool = False
    #: An mm's VMAs are indexed by a maple tree (``mm->mm_mt``): its nodes come
    #: from the unaccounted maple_node cache (v6.1), where 5.10's rb-tree lives
    #: in the vm_area_structs themselves.
    mm_maple_tree: bool = False
    #: The maple tree in RCU mode (``MT_FLAGS_USE_RCU``): a VMA write that replaces
    #: a node frees the old one a grace period later (``mas_free`` →
    #: ``ma_free_rcu``: ``call_rcu(mt_free_rcu)``): how many an exec'd program
    #: queues as its image is mapped (the dynamic loader's and libc's start-up
    #: mmaps and mprotects: kernel/fork.py ``Processes.mt_free_rcus``, queued when
    #: ``fork.MT_FREE_RCU`` is on, off by default: docs/fidelity.md item 315); 0:
    #: none (5.10's rb-tree frees nothing through RCU).
    mm_mt_rcu_frees: int = 0
    #: A dead task's kernel stack that finds its CPU's two cached stacks taken goes
    #: back a grace period later (``free_thread_stack`` →
    #: ``thread_stack_delayed_free``: ``call_rcu(thread_stack_free_rcu)``, which
    #: tries the cache again, else ``vfree``), where 5.10 frees it at once
    #: (``vfree_atomic``); read with kernel/fork.py ``EXIT_RCU_FREES``
    #: (``Processes.release_task_stack``, docs/fidelity.md item 351).
    thread_stack_rcu: bool = False
    #: Where and when a dead task's objects go (traced on both guests, docs/fidelity.md
    #: items 54 and 59): the task structures a grace period after ``release_task`` on
    #: the reaper's CPU (its sighand_struct at ``release_task``, its files_struct and
    #: fs_struct at ``do_exit`` on its own CPU: kernel/fork.py ``TASK_EXIT_FREED``),
    #: the exe file by ``file_free_rcu``, the ``mm_struct`` as the exit CPU's lazy
    #: TLB mm until a user task runs there. Off: the task structures a grace period
    #: after the exit on its CPU, the file and the mm_struct at ``exit_mm``. (exec's
    #: cred is the task's either way.)
    late_frees: bool = False
    #: The kernel's LSMs include TOMOYO (no policy loaded): every ``execve``'s
    #: ``security_bprm_check`` kmallocs and frees its buffers on the exec'ing CPU
    #: (kernel/exec_kmallocs.py).
    exec_tomoyo: bool = False
    #: ``do_proc_readlink`` (a static program's readlink of /proc/self/exe after
    #: its exec) takes a kmalloc(PATH_MAX) buffer, not a page (kernel/exec_kmallocs.py).
    proc_readlink_kmalloc: bool = False
    #: Some /proc entries are made permanent at boot (``pde_make_permanent``: fs/
    #: procfs.py ``PROC_PERMANENT``): their open takes no ``pde_opener``
    #: (kernel/open_objects.py).
    proc_permanent: bool = False
    #: A kernfs node's ``kernfs_open_node`` is freed by ``kfree_rcu`` at its last
    #: close, not at once (kernel/open_objects.py).
    kernfs_open_node_rcu: bool = False
    #: How often the dead task's final switch comes after its parent's reap on
    #: another CPU, so that ``finish_task_switch`` drops the last of its two
    #: ``rcu_users`` and queues ``delayed_put_task_struct`` on the dead task's CPU
    #: (kernel/sched.py ``Sched.dead_switch_after_reap``): the guests' race of
    #: their emulated CPUs, measured on 5.10 and 6.1 (docs/fidelity.md item 67).
    #: A fraction (late, reaped), as traced; (0, 1): every reaped task's callback is
    #: queued by ``release_task`` (item 59).
    dead_switch_late_p: tuple[int, int] = (0, 1)
    #: How ``select_idle_sibling`` keeps ``p->recent_used_cpu`` (kernel/sched.py
    #: ``Sched.select_task_rq_wake``): True, the wakee's previous CPU at each wakeup
    #: that gets past the target and prev (v5.15+); False, prev only when the recent
    #: CPU is returned, and ``select_task_rq_fair`` sets the waker's to its own CPU.
    recent_used_cpu_prev: bool = False
    #: How long the RCU grace-period kthread keeps a CPU it is woken onto from idle
    #: (queued for the idle vCPU's wake-up, then its run), in the model's µs at paces
    #: 1: the knots of its distribution (least, 10th to 90th percentiles, 99th) on the
    #: recorded kernels' emulated guests (:data:`GP_KTHREAD_OWN_HOLD_US`); () when not
    #: traced. Used with kernel/sched.py ``GP_KTHREAD_HOLDS`` (docs/fidelity.md item 374).
    #: Woken by an interrupt of an awake CPU (its timer's force-quiescent-state scans;
    #: on 6.1 every wake-up traced): the knots of those wake-ups (item 389).
    gp_kthread_hold_us: tuple = ()
    #: The same for a wake-up by a task running on another CPU (5.10's grace-period
    #: starts and ends: ``rcu_start_this_gp`` or ``rcu_report_qs_rsp`` from the busy
    #: CPU's tick, an IPI to the idle vCPU, which wakes late); () when the kernel's
    #: boundaries are woken as its ticks are (6.1: 2 of its 800 traced wake-ups onto an
    #: idle CPU came from another CPU). Used with ``GP_KTHREAD_HOLDS`` (item 389).
    gp_kthread_remote_hold_us: tuple = ()
    #: Of the kthread's wake-ups by an interrupt while the CPU it last ran on is busy
    #: (stayed, of all): the wake-up came on that CPU and queues it there (an idle
    #: CPU's interrupt wakes it onto that CPU instead: ``wake_affine_idle``), as
    #: traced (item 389); (0, 1) when not traced.
    gp_kthread_busy_stay: tuple[int, int] = (0, 1)
    #: A cgroup.procs write's ``percpu_down_write`` of ``cgroup_threadgroup_rwsem``
    #: waits for an RCU grace period when its rcu_sync is idle (kernel/rcu_sync.py):
    #: True from v6.0 (favordynmods off); False, ``cgroup_init``'s
    #: ``rcu_sync_enter_start`` keeps every writer from waiting.
    threadgroup_rwsem_sync: bool = False
    #: Preemptible RCU (``CONFIG_PREEMPT_RCU``, ``rcu_preempt``): a tick in the kernel
    #: outside a read-side critical section is a quiescent state. False:
    #: non-preemptible RCU (``rcu_sched``), where a CPU running a task in the kernel
    #: passes one only at a context switch; used with kernel/clock.py
    #: ``RCU_SCHED_QS`` (docs/fidelity.md item 394).
    rcu_preempt: bool = False
    #: Highest memcg ID (65534 before be740503ed03, 65535 after).
    memcg_id_max: int = 65534
    #: The memcg ID is freed at offline (True) or only when the css is freed.
    memcg_id_released_at_offline: bool = True
    #: memory.stat has the ``kernel`` key (``MEMCG_KMEM``).
    stat_kernel_key: bool = False
    #: v1 ``memory.use_hierarchy`` is always 1.
    use_hierarchy_forced: bool = True
    #: v2 memory.stat key set ("5.10", "5.13" or "6.1": see fs/cgroup_files.py)
    memory_stat_keys: str = "5.13"
    #: bpf maps charge a memcg they hold: None (not charged), "memcg" or "objcg".
    bpf_map_ref: str | None = "memcg"
    #: inotify/fanotify groups charge a memcg they hold: None, "memcg" or "objcg".
    fsnotify_ref: str | None = "memcg"
    #: The cgroupfs files (``cftype`` tables) of this release: "5.10" or "6.1"
    #: (fs/cftypes/: names, modes, flags, parsers and errnos).
    cftypes: str = "5.10"
    #: A charge by a task already chosen or killed by the OOM killer: "force" (it
    #: may exceed the limit, ``should_force_charge``) or "fail" (it counts an OOM
    #: event, kills nobody and gets -ENOMEM).
    dying_task_charge: str = "force"
    #: ``exit_mmap`` of an OOM victim sets MMF_OOM_SKIP once its areas are unmapped,
    #: before the gathered pages are freed and uncharged (``tlb_finish_mmu``); else
    #: (before v6.0) it first reaps the mm (``__oom_reap_task_mm``: the pages freed)
    #: and sets MMF_OOM_SKIP after.
    oom_skip_before_free: bool = False
    #: How often a kernel copy into user memory (``read()`` into a fresh buffer)
    #: faults on a page whose charge fails before the syscall gives up.
    usercopy_fault_attempts: int = 2
    #: RLIMIT_MEMLOCK at boot, KiB (``MLOCK_LIMIT``).
    mlock_limit_kb: int = 64
    #: v1 non-hierarchical memcgs' page counters link to the root's (else to none).
    nonhierarchical_counters_link_root: bool = True
    #: ``page_counter_cancel`` resets an underflowing usage to 0 (with its WARN).
    page_counter_underflow_clamps: bool = True
    #: cgroup v2 is available.
    cgroup2: bool = True
    #: Sizes of the structures a cgroup and a memcg allocate (kernel/sizes ``SIZES``):
    #: a real kernel's ("5.10", "6.1") or one derived from 5.10's ("5.12", "5.13").
    sizes: str = "5.10"
    #: /proc/PID/status has ``SpeculationIndirectBranch`` (fs/proc/procpid.py).
    proc_status_ib: bool = False
    #: /proc/PID/stat's wchan field is 1 for a sleeping task (else always 0).
    proc_stat_wchan: bool = False
    #: /proc/PID/smaps and smaps_rollup print ``Pss_Dirty`` after ``Pss``.
    smaps_pss_dirty: bool = False
    #: The executable's mappings carry VM_DENYWRITE: smaps' VmFlags ``dw``.
    vm_denywrite: bool = True
    #: /proc/pressure/* are made 0666 (else 0444; root writes either).
    psi_proc_0666: bool = False
    #: /proc/PID/fdinfo/N has an ``ino`` line (fs/procfd.py).
    proc_fdinfo_ino: bool = False
    #: /proc/PID/fdinfo and its files are 0555 and 0444 (else 0500 and 0400).
    proc_fdinfo_0444: bool = False
    #: The boot's mounts by the file system each mounts, in the order they take
    #: their IDs (``mnt_alloc_id``: the lowest free of ``mnt_id_ida``): pipefs' is
    #: a pipe's ``mnt_id`` in /proc/PID/fdinfo, rootfs' the initial namespace's
    #: root, and the mounts made after boot number on from the tuple's length.
    boot_mounts: tuple[str, ...] = BOOT_MOUNTS["5.10"]
    #: Stopping khugepaged (THP "never") recalculates min_free_kbytes without
    #: its recommendation (else the raised watermarks stay).
    khugepaged_stop_recalculates: bool = False
    #: A zone's per-CPU page lists' ``high`` is its low watermark shared by the
    #: node's CPUs (else six times ``batch``).
    pcp_high_low_wmark: bool = False
    #: ``nanosleep`` sleeps in ``freezable_schedule``, which flags the task
    #: PF_FREEZER_SKIP meanwhile (else in TASK_FREEZABLE, no flag).
    freezable_schedule: bool = True
    #: An accounted per-CPU area is charged ``pcpu_obj_full_size()``: its size on
    #: every possible CPU plus its slots in the chunk's obj_cgroup vector.
    pcpu_obj_full_size: bool = False
    #: Accounted per-CPU areas live in chunks of their own (``PCPU_CHUNK_MEMCG``),
    #: apart from the unaccounted ones; each type keeps one free chunk.
    pcpu_memcg_chunks: bool = True
    #: A chunk with a quarter of its pages empty is depopulated (``pcpu_reclaim_populated``).
    pcpu_reclaim_populated: bool = False
    #: ``cgroup_create`` sets up rstat (``cgrp->rstat_cpu``) on cgroup1 hierarchies too,
    #: not only on the default one.
    cgroup1_rstat: bool = False
    #: ``cgroup_create`` sets up the cgroup's bpf state (``cgroup_bpf_inherit``: the
    #: ``cgrp->bpf.refcnt`` percpu_ref) on cgroup1 hierarchies too, not only on the
    #: default one.
    cgroup1_bpf: bool = True
    #: cpuset's ``validate_change`` keeps every child's cpus and mems within its
    #: parent's on cgroup2 too: a parent's shrink below a child fails with -EBUSY.
    cpuset_child_subset: bool = True
    #: Accounted kmallocs (``GFP_KERNEL_ACCOUNT``) have caches of their own,
    #: ``kmalloc-cg-<n>``; else they share ``kmalloc-<n>``'s slabs with the
    #: unaccounted ones (objcg design: ``Slab.kmalloc_cache``), each shared slab
    #: that takes one getting an ``obj_cgroups`` vector (docs/fidelity.md item 53).
    kmalloc_cg_caches: bool = False
    #: A SLAB_ACCOUNT cache's new slab gets its ``obj_cgroups`` vector when it is
    #: allocated (``account_slab_page``), not at its first accounted object.
    slab_objcgs_prealloc: bool = True
    #: How long SLUB's per-CPU partial lists grow (kernel/slub.py): "objects"
    #: (``s->cpu_partial`` free objects) or "slabs" (``s->cpu_partial_slabs``).
    slub_cpu_partial: str = "objects"
    #: kernfs keeps a negative dentry for a name its lookup does not find (the
    #: ``mkdir`` of a cgroup leaves one), revalidated by the parent's revision.
    kernfs_negative_dentries: bool = False
    #: A newly faulted anon page joins the active anon LRU list (else the inactive).
    anon_fault_active: bool = False
    #: ``try_charge`` runs ``mem_cgroup_handle_over_high`` itself once the task has
    #: charged more than MEMCG_CHARGE_BATCH pages over memory.high (else that reclaim
    #: waits for the return to user space).
    memcg_high_sync_reclaim: bool = False
    #: v1 ``memory.kmem.limit_in_bytes`` is enforced (kmem charges past it fail with
    #: -ENOMEM); else writes are ignored and kmem is charged past any limit.
    kmem_limit_enforced: bool = True
    #: The first write of v1 ``memory.kmem.limit_in_bytes`` warns (``pr_warn_once``).
    kmem_limit_warns: bool = True
    #: The inode shrinker leaves an inode that still has page cache off its LRU
    #: (``mapping_shrinkable``): drop_caches=2 frees its dentry only; else
    #: ``inode_lru_isolate`` drops its clean pages and then evicts it.
    inode_lru_skips_pagecache: bool = False
    #: ``drop_pagecache_sb`` walks an inode whose mapping holds only shadow entries
    #: (``mapping_empty``), clearing them; else it skips an inode without pages
    #: (``nrpages == 0``), its shadow entries kept (kernel/filemap.py
    #: ``Filemap.drop_pagecache``).
    drop_pagecache_shadow_inodes: bool = False
    #: A removed memcg's wb switches its clean inodes to an ancestor's wb
    #: (``cleanup_offline_cgwbs_workfn``), so they no longer pin it; else an inode
    #: keeps the wb of its first dirtying, and the wb its memcg, until the inode is
    #: destroyed (kernel/backing_dev.py).
    cgwb_offline_switch: bool = False
    #: A released block group (``__blkg_release``, an RCU callback) is freed by a
    #: work item (``blkg_free_workfn`` on ``system_wq``), else in the callback itself
    #: (kernel/blk_cgroup.py).
    blkg_free_work: bool = False
    #: A memcg-aware shrinker's deferred scan count is kept per memcg (reparented at
    #: offline) and only ``nr_deferred >> priority`` of it joins a pass (else one
    #: count per shrinker, all of it joining: kernel/shrinker.py).
    shrinker_deferred_per_memcg: bool = False
    #: ``drop_slab`` repeats its walk of every memcg while ``freed >> shift++`` is
    #: above 1 (else while more than 10 objects were freed).
    drop_slab_shift: bool = False
    #: Where ext4 keeps a symlink target of 60 bytes or more: "page_cache" (a page
    #: of the link inode's own mapping, ``__page_symlink``) or "bdev" (a buffer of
    #: the block device, ``ext4_init_symlink_block``).
    ext4_slow_symlink: str = "page_cache"
    #: ext4's allocator prefetches block bitmaps (kernel/ext4.py)
    ext4_mb_prefetch: bool = True
    #: /proc/mounts shows each tmpfs's "inode64" (fs/shmem_sb.py)
    tmpfs_inode64: bool = False
    #: ext4lazyinit prefetches them after the mount
    ext4_prefetch_block_bitmaps: bool = False
    #: What lets a clean checkpointed jbd2 buffer go besides a commit (kernel/
    #: jbd2.py): "bdev_try_to_free_page" (reclaim, drop_caches) or "shrinker"
    #: (drop_caches 2 and 3).
    jbd2_release: str = "bdev_try_to_free_page"
    #: ``mem_cgroup_force_empty`` sleeps ``congestion_wait(BLK_RW_ASYNC, HZ/10)``
    #: after each reclaim that freed nothing.
    force_empty_congestion_wait: bool = True
    #: cgroup v1 reclaim that took only dirty file pages sleeps in
    #: ``reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK)`` after waking the flusher.
    v1_reclaim_throttle_writeback: bool = False
    #: the page allocator's ``should_reclaim_retry`` sleeps ``congestion_wait(
    #: BLK_RW_ASYNC, HZ/10)`` after a reclaim round without progress when half the
    #: reclaimable pages are dirty or under writeback (kernel/vmscan.py)
    slowpath_write_pending_wait: bool = True
    #: ``proc_doulongvec_minmax`` refuses a negative number with -EINVAL (else it
    #: skips it and the write succeeds: the vm.dirty_*_bytes sysctls' handlers then
    #: run with the old value, kernel/writeback.py ``Writeback.sysctl_write``)
    doulongvec_negative_einval: bool = False
    #: memcg's NR_ANON_THPS counts pages (512 a huge page; else one a huge page,
    #: which 5.10's per-CPU stat batches keep back)
    anon_thps_in_pages: bool = False
    #: a page swapped in for an entry whose memcg is offline is charged to
    #: ``get_mem_cgroup_from_mm(NULL)``: the current task's memcg (else the root).
    swapin_nomm_charges_current: bool = False
    #: ``ondemand_readahead``'s next window on the expected index never shrinks
    #: below the last one (``max(ra->size, get_next_ra_size(...))``), where the
    #: maximum is the shorter rest of a large read (kernel/readahead.py)
    ra_window_no_shrink: bool = False
    #: ``uname -r``
    uname: str = ""

    def switches(self) -> dict[str, object]:
        """The design's switches by field name (all fields but name, release, uname)."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("name", "release", "uname")}


#: The change behind each switch: commit (or posting) and release.
SOURCES = {
    "kmem_page_ref": 'objcg: Linux commit b4e0b68fbd9d ("mm: memcontrol: use obj_cgroup APIs to '
                     'charge kmem pages") (in v5.13)',
    "lru_page_ref": 'objcg: Qi Zheng, "Eliminate Dying Memory Cgroup" v4 (2026-02, '
                    'cover.1770279888.git.zhengqi.arch), not merged',
    "lru_reparent_at_offline": 'True until Linux commit b2052564e66d ("mm: memcontrol: continue '
                               'cache reclaim from offlined groups") (in v3.19)',
    "slab_ref": 'objcg: Linux commit 9855609bde03 ("mm: memcg/slab: use a single set of '
                'kmem_caches for all accounted allocations") (in v5.9)',
    "kmem_accounting_opt_in": "True in v3.10 (RHEL 7): kmem accounting per cgroup, switched on by "
                              "writing memory.kmem.limit_in_bytes (what runc did)",
    "pgtables_accounted": "page tables charged with GFP_PGTABLE_USER (not in v3.10)",
    "pgtable_l5": "Debian's 6.1.192 config has CONFIG_X86_5LEVEL=y, its 5.10.262 config not "
                  "(/boot/config-* of the cached packages); traced: 6.1's __p4d_alloc charges "
                  "one page a mm and four a shift_arg_pages, 5.10's none and two "
                  "(tools/sizes/recordings/stock-mm-trace-*, docs/fidelity.md item 145); "
                  "5.12, 5.13 and the seed's designs keep five levels (the measured 6.1 mm)",
    "memcg_percpu_charged": 'Linux commit 3e38e0aaca9e ("mm: memcg: charge memcg percpu memory '
                            'to the parent cgroup") (in v5.9)',
    "memcg_charge_batch": 'Linux commit 1813e51eece0 ("memcg: increase MEMCG_CHARGE_BATCH to 64") '
                          '(in v6.1)',
    "objcg_pins_memcg": 'False from Linux commit 9838354e16a2 ("mm: memcontrol: simplify the logic '
                        'of objcg pinning memcg") (in v5.14)',
    "stats_flush": 'rstat: Linux commit 2d146aa3aa84 ("mm: memcontrol: switch to rstat") (in '
                   'v5.13); rstat_threshold: Linux commit aa48e47e3906 ("memcg: infrastructure '
                   'to flush memcg stats") (in v5.15); 3.10-rhel7 reads exact sums as rstat '
                   'does: mm/memcontrol.c mem_cgroup_read_stat at v3.10 adds every online '
                   'CPU\'s counter at each read (the batch came with Linux commit a983b5ebee57, '
                   '"mm: memcontrol: fix excessive complexity in memory.stat reporting", in v4.16)',
    "obj_stock_keeps_remainder": 'Linux commit 5387c90490f7 ("mm/memcg: improve '
                                 'refill_obj_stock() performance") (in v5.14)',
    "obj_stock_caches_vmstat": 'Linux commit 68ac5b3c8db2 ("mm/memcg: cache vmstat data in '
                               'percpu memcg_stock_pcp") (in v5.14); the 6.1.192 guest\'s '
                               'parent keeps slab 224 until memory.max 0 drains the stocks '
                               '(tools/sizes/recordings/ran-once-trace--6.1-v2-2cpu.txt)',
    "mm_maple_tree": 'Linux commit d4af56c5c7c6 ("mm: start tracking VMAs with maple tree") '
                     '(in v6.1); lib/maple_tree.c maple_tree_init: kmem_cache_create('
                     '"maple_node", ..., SLAB_PANIC): not SLAB_ACCOUNT; one node a live '
                     'process on the 6.1.192 guest (maple_node 0.94 a sleeper: '
                     'tools/sizes/recordings/fork-objects--6.1-v2.txt)',
    "mm_mt_rcu_frees": 'lib/maple_tree.c mas_wr_node_store → mas_replace → mas_free → '
                       'ma_free_rcu (call_rcu(&node->rcu, mt_free_rcu)) when mt_in_rcu; '
                       'include/linux/mm_types.h MM_MT_FLAGS with MT_FLAGS_USE_RCU ("mm: '
                       'enable maple tree RCU mode by default", v6.3, in 6.1\'s stable '
                       'series); the 6.1.192 guest queued 9 mt_free_rcu an exec (165 of '
                       '180 traced processes), 8 within 1.6 ms of the first (the 9th '
                       'later, 2.3-35 ms, the program\'s own: not modelled; python3 '
                       'tools/sizes/mt_free_times.py '
                       'tools/sizes/recordings/rcu-sources-*--6.1-v1-2cpu.txt.gz)',
    "thread_stack_rcu": 'Linux commit e540bf3162e8 ("fork: Only cache the VMAP stack in '
                        'finish_task_switch()") (in v5.18): kernel/fork.c free_thread_stack → '
                        'try_release_thread_stack_to_cache, else thread_stack_delayed_free '
                        '(call_rcu(&vm_stack->rcu, thread_stack_free_rcu)); the 6.1.192 guest '
                        'queued 40 thread_stack_free_rcu in novel-host-lifecycle (83 exits, '
                        'the rest cached), 153 in xarray-nodes at 4 CPUs (207 exits): '
                        'python3 tools/sizes/rcu_sources.py --by-task tools/sizes/'
                        'recordings/rcu-sources-lifecycle--6.1-v1-2cpu.txt.gz, '
                        'rcu-batches-xarray-nodes--6.1-v1-4cpu.txt.gz',
    "exec_tomoyo": 'security/tomoyo/domain.c tomoyo_find_next_domain (v5.10, v6.1), called '
                   'by tomoyo_bprm_check_security at every execve: Debian\'s 5.10.262 and '
                   '6.1.192 run it (kmem:kmalloc from tomoyo_find_next_domain and '
                   'tomoyo_realpath_from_path at each exec: tools/sizes/recordings/'
                   'exec-kmallocs-trace--*); the cover letter\'s 5.12 and 5.13 builds '
                   'are not known to',
    "proc_readlink_kmalloc": 'fs/proc/base.c do_proc_readlink: kmalloc(PATH_MAX) in v6.1, '
                             '__get_free_page in v5.10 (the 6.1 guest\'s kmem:kmalloc from '
                             'proc_pid_readlink, 4096 bytes, at every busybox exec; none in '
                             '5.10\'s: tools/sizes/recordings/exec-kmallocs-trace--*, '
                             'kmalloc-sites-trace--*)',
    "proc_permanent": 'Linux commit d919b33dafb3 ("proc: faster open/read/close with '
                      '"permanent" files") (in v5.17); v6.1 fs/proc/meminfo.c '
                      'proc_meminfo_init, loadavg.c, uptime.c, version.c: pde_make_permanent; '
                      'stat.c: PROC_ENTRY_PERMANENT (the 6.1 guest\'s awk of /proc/meminfo '
                      'takes no pde_opener, of /proc/cgroups one: tools/sizes/recordings/'
                      'seq-read-trace--6.1-v2-2cpu.txt)',
    "kernfs_open_node_rcu": 'Linux commit 086c00c719b6 ("kernfs: make ->attr.open RCU '
                            'protected.") (in v6.0): kernfs_unlink_open_file kfree_rcu; the '
                            '6.1 guest\'s kernfs_open_node outlives its task (tools/sizes/'
                            'recordings/seq-read-trace--6.1-v2-2cpu.txt)',
    "late_frees": 'kernel/exit.c put_task_struct_rcu_user (callers release_task and '
                  'finish_task_switch, "tasks: Add a count of task RCU users", in v5.4); '
                  'fs/file_table.c file_free → call_rcu(file_free_rcu); kernel/sched/core.c '
                  'context_switch / finish_task_switch (lazy TLB mm, mmdrop): traced on both '
                  'guests (tools/sizes/recordings/late-frees-trace--*.txt: sched_process_free '
                  'on the reaper\'s CPU); the same since v5.4 in every design here but 3.10 '
                  '(whose release_task and finish_task_switch each put a reference: the '
                  'same CPUs); on from docs/fidelity.md item 59',
    "recent_used_cpu_prev": 'Linux commit 89aafd67f28c ("sched/fair: Use prev instead of new '
                            'target as recent_used_cpu") (in v5.15): select_idle_sibling sets '
                            'p->recent_used_cpu = prev before trying the recent CPU, and '
                            'select_task_rq_fair no longer sets current->recent_used_cpu = cpu; '
                            'before it (v5.10) the recent CPU is swapped with prev when returned '
                            '(32e839dda3ba, "sched/fair: Use a recently used CPU as an idle '
                            'candidate and the basis for SIS", in v4.16); kernel/sched/fair.c '
                            'v5.10 and v6.1',
    "threadgroup_rwsem_sync": 'Linux commit 6a010a49b63a ("cgroup: Make !percpu threadgroup_rwsem '
                              'operations optional") (in v6.0): cgroup_init no longer calls '
                              'rcu_sync_enter_start(&cgroup_threadgroup_rwsem.rss) unless the '
                              'hierarchy is mounted favordynmods (CONFIG_CGROUP_FAVOR_DYNMODS off in '
                              'Debian\'s 6.1); kernel/rcu/sync.c rcu_sync_enter, v5.10 and v6.1; '
                              'traced on both guests at 1 and 4 CPUs (tools/sizes/wake_trace.py '
                              '--attach, docs/fidelity.md item 237)',
    "rcu_preempt": 'kernel/rcu/tree_plugin.h rcu_flavor_sched_clock_irq (PREEMPT_RCU: rcu_qs '
                   'at a tick outside a read-side section with preemption and softirqs on; '
                   'else only in user mode or idle), kernel/sched/core.c __cond_resched; '
                   'Debian\'s configs (boot/config-*): 5.10.262 CONFIG_PREEMPT_VOLUNTARY without '
                   'PREEMPT_RCU (rcu_sched), 6.1.192 CONFIG_PREEMPT_DYNAMIC, which selects '
                   'PREEMPT_RCU (rcu_preempt); traced on both guests at 2 CPUs '
                   '(calibration/rcu-qs-sources.sh, tools/sizes/rcu_qs_sources.py; '
                   'docs/fidelity.md item 394)',
    "gp_kthread_hold_us": 'kernel/rcu/tree.c rcu_gp_kthread_wake, rcu_gp_fqs_loop; '
                          'kernel/sched/core.c try_to_wake_up, kernel/sched/fair.c '
                          'select_task_rq_fair (v5.10 and v6.1); the holds traced on the '
                          '5.10.262 and 6.1.192 guests at 2 CPUs (calibration/comsub-pipe-cpus.sh, '
                          'tools/sizes/gp_kthread_holds.py; docs/fidelity.md item 374); '
                          'woken by the CPU\'s own interrupt (item 389)',
    "gp_kthread_remote_hold_us": 'kernel/rcu/tree.c rcu_start_this_gp, rcu_report_qs_rsp → '
                                 'rcu_gp_kthread_wake from a busy CPU\'s tick, v5.10; the '
                                 'holds so woken traced on the 5.10.262 guest at 2 CPUs '
                                 '(tools/sizes/gp_kthread_holds.py "elsewhere"; docs/fidelity.md '
                                 'item 389)',
    "gp_kthread_busy_stay": 'kernel/sched/fair.c select_task_rq_fair, wake_affine_idle, '
                            'select_idle_sibling (6.1: SIS_UTIL, 70fb5ccf2ebb); traced at 2 '
                            'CPUs (tools/sizes/gp_kthread_holds.py --busy; docs/fidelity.md '
                            'item 389)',
    "dead_switch_late_p": 'kernel/sched/core.c finish_task_switch (prev_state == TASK_DEAD: '
                          'put_task_struct_rcu_user(prev)) and kernel/exit.c release_task, '
                          'v5.10 and v6.1; the rates traced on the 5.10.262 and 6.1.192 guests '
                          'at 2, 4 and 8 CPUs (tools/sizes/taskfree-race-trace.sh, '
                          'taskfree_race.py; docs/fidelity.md item 67); 0 in the seed\'s '
                          'designs and 3.10 (whose release_task queues the callback itself)',
    "memcg_id_max": 'Linux commit be740503ed03 ("mm: memcontrol: fix cannot alloc the maximum '
                    'memcg ID") (in v5.18; taken by Debian 5.10.262)',
    "memcg_id_released_at_offline": 'Linux commit 73f576c04b94 ("mm: memcontrol: fix cgroup '
                                    'creation failure after many small jobs") (in v4.8)',
    "stat_kernel_key": 'Linux commit a8c49af3be5f ("memcg: add per-memcg total kernel memory '
                       'stat") (in v5.18)',
    "use_hierarchy_forced": 'Linux commit bef8620cd8e0 ("mm: memcg: deprecate the '
                            'non-hierarchical mode") (in v5.11)',
    "memory_stat_keys": "key sets as printed by the recorded 5.10.262 and 6.1.192 kernels "
                        "(v2 memory.stat and memory.numa_stat; on \"6.1\" also v1 memory.stat's "
                        "workingset_refault_anon/file)",
    "bpf_map_ref": 'memcg: Linux commit 48edc1f78aab ("bpf: Prepare for memcg-based memory '
                   'accounting for bpf maps") (in v5.11); objcg: Linux commit 4201d9ab3e42 ("bpf: '
                   'reparent bpf maps on memcg offlining") (in v6.0); seed v1 patch 5/5 (2021-03)',
    "fsnotify_ref": 'memcg: group->memcg (Shakeel Butt, "fsnotify: account fsnotify marks and '
                    'events to memcg", v4.x era); objcg: seed v1 patch 5/5 (2021-03), not merged',
    "cftypes": '6.1: Linux commits 661ee6280931 ("cgroup: introduce cgroup.kill") (in v5.14), '
               '8e20d4b33266 ("mm/memcontrol: export memcg->watermark via sysfs for v2 '
               'memcg") (in v5.19), 94968384dde1 ("memcg: introduce per-memcg reclaim '
               'interface") (in v5.19), f4840ccfca25 ("zswap: memcg accounting") (in v5.19), '
               '34f26a15611a ("sched/psi: Per-cgroup PSI accounting disable/re-enable '
               'interface") (in v6.1), 58056f77502f ("memcg, kmem: further deprecate '
               'kmem.limit_in_bytes") (in v5.16); every file checked against the 5.10.262 '
               'and 6.1.192 recordings (tests/conformance/scripts/probe-cgroupfs-writes.sh)',
    "dying_task_charge": 'fail: Linux commit a4ebf1b6ca1e ("memcg: prohibit unconditional '
                         'exceeding the limit of dying tasks") (in v5.16; in 5.10.80 stable, so '
                         'in Debian 5.10.262)',
    "oom_skip_before_free": 'Linux commit bf3980c85212 ("mm: drop oom code from exit_mmap") '
                            "(in v6.0): exit_mmap sets MMF_OOM_SKIP after unmap_vmas, before "
                            "free_pgtables and tlb_finish_mmu; 5.10 reaps an OOM victim's mm "
                            "first (traced: tools/sizes/oom-max-loop-trace.sh)",
    "mlock_limit_kb": 'Linux commit 9dcc38e2813e ("Increase default MLOCK_LIMIT to 8 MiB") '
                      "(in v5.16): 64 KiB before; read with ulimit -l on 5.10.262 (64) and "
                      "6.1.192 (8192)",
    "usercopy_fault_attempts": "2: x86 copy_user_*() faults, then copy_user_handle_tail() "
                               "retries byte by byte at the same address; 4 on 6.1: "
                               "copy_page_to_iter() loops once more after a chunk made "
                               "partial progress (the v6.0 iov_iter rework, \"copy_page_"
                               "{to,from}_iter(): switch iovec variants to generic\"); "
                               "traced on 5.10.262 and 6.1.192 (docs/fidelity.md item 5)",
    "cgroup2": "cgroup v2 (not in RHEL 7's 3.10)",
    "nonhierarchical_counters_link_root": 'Linux commit 8de15e920dc8 ("mm: memcg: link page '
                                          'counters to root if use_hierarchy is false") (in '
                                          'v5.10); v3.10 left them unlinked',
    "page_counter_underflow_clamps": 'False in v5.10-v5.12 (the usage goes negative); Johannes '
                                     'Weiner, "mm: page_counter: mitigate consequences of a '
                                     'page_counter underflow" (9317d0fffeb4, in v5.13); v3.10\'s '
                                     'res_counter_uncharge_locked clamped too',
    "sizes": "BTF of Debian's 5.10.262 and 6.1.192 (tools/sizes/btf_sizes.py); 3.10-rhel7 takes "
             "5.10's; 5.12, 5.13 and seed-v1 5.10's with the memcg's per-CPU statistics of "
             'Linux commits f3344adf38bd ("mm: memcontrol: optimize per-lruvec stats counter '
             'memory usage") (in v5.12) and 2d146aa3aa84 ("mm: memcontrol: switch to rstat") '
             "(in v5.13) (kernel/sizes: SIZES['5.12'], SIZES['5.13'])",
    "pcpu_memcg_chunks": 'Linux commit 3c7be18ac9a0 ("mm: memcg/percpu: account percpu memory '
                         'to memory cgroups") (in v5.9); False from Linux commit faf65dde844a '
                         '("percpu: rework memcg accounting") (in v5.14)',
    "pcpu_reclaim_populated": "mm/percpu.c pcpu_reclaim_populated, pcpu_should_reclaim_chunk "
                              "(from v5.14; v6.1): partial chunk depopulation",
    "cgroup1_rstat": 'Linux commit a7df69b81aac ("cgroup: rstat: support cgroup1") (in v5.13): '
                     'cgroup_rstat_init no longer under cgroup_on_dfl(parent); 5.10\'s v1 '
                     'Percpu per child 5955 bytes at 2 CPUs, the model\'s 6094 with rstat (cgroup-cost-v1)',
    "cgroup1_bpf": 'False from Linux commit 2190df6c9137 ("cgroup/bpf: only cgroup v2 can be '
                   'attached by bpf programs") (in v6.13), which the stable 5.10.y and 6.1.y '
                   'took: Debian\'s 5.10.262 and 6.1.192 make no cgrp->bpf.refcnt for a v1 '
                   'child (tools/sizes/pcpu-boot-trace.sh, recordings pcpu-boot-trace--K-v1-2cpu); '
                   'v5.12 and v5.13 still call cgroup_bpf_inherit there',
    "cpuset_child_subset": 'kernel/cgroup/cpuset.c validate_change: "Each of our child cpusets '
                           'must be a subset of us" (-EBUSY), as the 5.10 guest refuses; False '
                           'from Linux commit f9da322e864e ("cgroup/cpuset: Relax constraints to '
                           'partition & cpus changes") (in v6.1): the 6.1 guest takes the shrink '
                           '(tests/conformance/recordings/v2-controller-files--*)',
    "anon_fault_active": 'False from Linux commit b518154e59aa ("mm/vmscan: protect the workingset '
                      'on anonymous LRU") (in v5.9), lru_cache_add_inactive_or_unevictable; '
                      'True before (lru_cache_add_active_or_unevictable, RHEL 7\'s 3.10). '
                      'With MGLRU (Linux commit ec1c86b25f4b ("mm: multi-gen LRU: groundwork") '
                      '(in v6.1)) a folio added in a fault is set active (youngest generation), '
                      'but Debian\'s 6.1.192 has it built in and off: '
                      '/sys/kernel/mm/lru_gen/enabled reads 0x0000 (calibration/faults.sh)',
    "kmalloc_cg_caches": 'Linux commit 494c1dfe855e ("mm: memcg/slab: create a new set of '
                         'kmalloc-cg-<n> caches") (in v5.14): kmalloc_slab() picks '
                         'kmalloc_caches[KMALLOC_CGROUP] for __GFP_ACCOUNT; before, from Linux '
                         'commit 10befea91b61 ("mm: memcg/slab: use a single set of kmem_caches '
                         'for all allocations") (in v5.9), accounted and unaccounted objects share '
                         'one kmalloc-<n> cache and its slabs (5.10.262: the sleepers\' 2 KiB '
                         'fdtables move kmalloc-2k, tools/sizes/recordings/fork-objects--5.10-v2.txt); '
                         'a shared slab that takes an accounted object gets its obj_cgroups vector '
                         '(mm/slab.h memcg_slab_post_alloc_hook, v5.10; docs/fidelity.md items 49, 53)',
    "slab_objcgs_prealloc": 'Linux commit 2e9bd4831599 ("mm: memcg/slab: pre-allocate obj_cgroups '
                            'for slab caches with SLAB_ACCOUNT") (in v5.11): account_slab_page '
                            'calls memcg_alloc_page_obj_cgroups(page, s, gfp, true) for a '
                            'SLAB_ACCOUNT cache\'s new slab; v5.10\'s mm/slab.h allocates the '
                            'vector only in memcg_slab_post_alloc_hook, at the slab\'s first '
                            'accounted object',
    "slub_cpu_partial": 'slabs: Linux commit b47291ef02b0 ("mm, slub: change percpu partial '
                        'accounting from objects to pages") (in v5.16)',
    "kernfs_negative_dentries": 'Linux commit c7e7c04274b1 ("kernfs: use VFS negative dentry '
                                'caching") (in v5.15): kernfs_iop_lookup hashes the dentry of a '
                                'missing name (d_splice_alias(NULL, dentry)), before it left it '
                                'unhashed; the 6.1 guests keep one per mkdir (tests/conformance/'
                                'recordings/cgroup-cost-1cpu--6.1-v2.txt: dentry +1008)',
    "memcg_high_sync_reclaim": 'Linux commit c9afe31ec443 ("memcg: synchronously enforce '
                               'memory.high for large overcharges") (in v5.18)',
    "kmem_limit_enforced": '__memcg_kmem_charge fails when page_counter_try_charge(&memcg->kmem) '
                           'does (__GFP_NOFAIL charges pass) until Linux commit 58056f77502f '
                           '("memcg, kmem: further deprecate kmem.limit_in_bytes") (in v5.16), '
                           'which refuses writes (-ENOTSUPP) and charges kmem with '
                           'page_counter_charge; False: Linux commit 86327e8eb94c ("memcg: '
                           'reconsider kmem.limit_in_bytes deprecation") (in v6.1) accepts and '
                           'ignores writes. 5.10.262 refuses a file creation past a 1M kmem '
                           'limit, 6.1.192 does not (tests/conformance/recordings/'
                           'v1-kmem-limit--*)',
    "kmem_limit_warns": 'Linux commit 0158115f702b ("memcg, kmem: deprecate '
                        'kmem.limit_in_bytes") (in v5.4); 86327e8eb94c (v6.1) words it anew '
                        '(fs/cgroup_files.py KMEM_LIMIT_WARNING); both recorded kernels log '
                        'one line for two writes',
    "inode_lru_skips_pagecache": 'Linux commit 51b8c1fe250d ("vfs: keep inodes with page cache '
                                 'off the inode shrinker LRU") (in v5.16); before, '
                                 'inode_lru_isolate called invalidate_mapping_pages '
                                 '(tests/conformance/recordings/drop-caches-*)',
    "drop_pagecache_shadow_inodes": 'Linux commit "fs: drop_caches: fix skipping over shadow '
                                    'cache inodes" (Johannes Weiner, 2021-06-14; in v5.16 with '
                                    '51b8c1fe250d\'s series, linux-next 2021-09-05): fs/'
                                    'drop_caches.c tests mapping_empty(inode->i_mapping) where '
                                    'v5.10.13 tests inode->i_mapping->nrpages == 0',
    "cgwb_offline_switch": 'Linux commits f3b6a6df38aa ("writeback, cgroup: keep list of inodes '
                           'attached to bdi_writeback") and c22d70a162d3 ("writeback, cgroup: '
                           'release dying cgwbs by switching attached inodes") (in v5.14)',
    "blkg_free_work": 'Linux commit d578c770c852 ("block: avoid calling blkg_free() in atomic '
                      'context") (in v5.18): traced on the guests, 5.10.262 frees in '
                      '__blkg_release\'s softirq, 6.1.192 in a kworker\'s blkg_free_workfn '
                      '(tools/sizes/recordings/blkg-trace--*)',
    "shrinker_deferred_per_memcg": 'Linux commits 3c6f17e6c5d0 ("mm: vmscan: add per memcg '
                                   'shrinker nr_deferred"), 867508304685 ("mm: vmscan: use '
                                   'per memcg nr_deferred of shrinker"), a178015cde69 ("mm: '
                                   'memcontrol: reparent nr_deferred when memcg offline") and '
                                   '18bb473e5031 ("mm: vmscan: shrink deferred objects '
                                   'proportional to priority") (in v5.13)',
    "drop_slab_shift": 'v5.10\'s drop_slab_node loops while freed > 10 (with 069c411de40a '
                       '("mm/vmscan: fix infinite loop in drop_slab_node")\'s fatal signal '
                       'check); by v5.15 and in v6.1 while (freed >> shift++) > 1: the change '
                       'between them not identified, set from 5.13 here',
    "ext4_slow_symlink": 'bdev: Linux commit 6493792d3299 ("ext4: convert symlink external data '
                         'block mapping to bdev") (in v5.19); page_cache (__page_symlink) before',
    "tmpfs_inode64": 'mm/shmem.c shmem_show_options (since v5.9\'s "tmpfs: support 64-bit '
                     'inums per-sb"): inode64 shown when built with CONFIG_TMPFS_INODE64, as '
                     'Debian\'s 6.1.192 is and its 5.10.262 is not (both guests\' /proc/mounts)',
    "ext4_mb_prefetch": 'Linux commit cfd732377221 ("ext4: add prefetching for block '
                        'allocation bitmaps") (in v5.9)',
    "ext4_prefetch_block_bitmaps": 'Linux commit 21175ca434c5 ("ext4: make prefetch_block_bitmaps '
                                   'default") (in v5.13): 6.1.192 reads them in ext4lazyinit '
                                   '0-5 s after the mount, 5.10.262 not (tests/conformance/'
                                   'recordings/ext4-metadata-charge--*)',
    "jbd2_release": 'shrinker: Linux commits 4ba3fcdde7e3 ("jbd2,ext4: add a shrinker to '
                    'release checkpointed buffers") and acc6100d3ffa ("fs: remove '
                    'bdev_try_to_free_page callback") (in v5.14)',
    "force_empty_congestion_wait": 'False: Linux commit 69392a403f49 ("mm/vmscan: throttle '
                                   'reclaim when no progress is being made") (in v5.16)',
    "slowpath_write_pending_wait": 'False: Linux commit 132b0d21d21f ("mm/page_alloc: remove '
                                   'the throttling logic from the page allocator") (in v5.16)',
    "doulongvec_negative_einval": 'measured on the guests (tests/conformance/recordings/'
                                  'dirty-sysctls--*: 5.10.262 skips -5, 6.1.192 -EINVAL); '
                                  'from memory Linux commit 1622ed7d0743 ("sysctl: returns '
                                  '-EINVAL when a negative value is passed to '
                                  'proc_doulongvec_minmax") (in v6.1)',
    "v1_reclaim_throttle_writeback": 'Linux commit 81a70c21d917 ("mm/cgroup/reclaim: fix dirty '
                                     'pages throttling on cgroup v1") (in v6.1)',
    "swapin_nomm_charges_current": 'Linux commit 04f94e3fbe17 ("mm: Charge active memcg when '
                                   'no mm is set") (in v5.14): current->mm\'s memcg, the root '
                                   'before',
    "ra_window_no_shrink": 'measured, not traced to a commit: 6.1.192\'s async readahead at '
                           'the mark of a large read\'s first window keeps its size (dd '
                           'bs=192k count=1 after drop_caches reads 384 KiB, bs=1M 2048, bs=2M '
                           '3840; 5.10.262 320, 1536, 3328: the window cut to the rest of the '
                           'request), as a line of later upstream kernels would (`ra->size = '
                           'max(ra->size, get_next_ra_size(ra, max_pages))`, recalled, not '
                           'checked against a source; the 6.1 stable backport not traced): '
                           'calibration/readahead-queue.sh',
    "pcpu_obj_full_size": 'Linux commit 8c57c07741bf ("mm: memcg/percpu: account extra objcg '
                          'space to memory cgroups") (in v5.17): size * CPUs + size / 4 * 8',
    "proc_status_ib": 'task_seccomp\'s SpeculationIndirectBranch line (PR_SPEC_INDIRECT_BRANCH), '
                      'after v5.10: absent from 5.10.262\'s /proc/PID/status, present in '
                      '6.1.192\'s (tests/conformance/recordings/proc-pid-files--*)',
    "freezable_schedule": 'Linux commit f5d39b020809 ("freezer,sched: Rewrite core freezer '
                          'logic") (in v6.1) removed freezable_schedule and PF_FREEZER_SKIP; '
                          '5.10.262\'s sleeping sleep has flags 1077936128 (PF_RANDOMIZE | '
                          'PF_FREEZER_SKIP), 6.1.192\'s 4194304: '
                          'tests/conformance/recordings/proc-pid-files--*',
    "anon_thps_in_pages": 'Muchun Song\'s "mm: memcontrol: convert NR_ANON_THPS account to '
                          'pages" (in v5.12); 5.10.262 reads anon_thp 0 with a '
                          'huge page mapped (calibration/thp-anon-fault.sh)',
    "smaps_pss_dirty": 'Linux commit 30934843b4c5 ("mm/smaps: add Pss_Dirty") (in v6.0; '
                       'the hash recalled, not checked against a tree): in 6.1.192\'s '
                       'smaps and smaps_rollup, not in 5.10.262\'s '
                       '(calibration/recordings/proc-files-probe--*)',
    "vm_denywrite": 'Linux commit 8d0920bde5eb ("mm: remove VM_DENYWRITE") (in v5.15; the '
                    'hash recalled, not checked against a tree): 5.10.262\'s smaps flags '
                    'the binary\'s areas "dw", 6.1.192\'s not '
                    '(calibration/recordings/proc-files-probe--*)',
    "proc_fdinfo_ino": 'fs/proc/fd.c seq_show prints "ino:\\t%lu" after mnt_id: Linux commit '
                       '3845f256a8b5 ("procfs/dmabuf: add inode number to /proc/*/fdinfo") '
                       '(posted in June 2022 with "size", so in v6.0, not v5.14; the hash '
                       'recalled): absent from '
                       '5.10.262\'s fdinfo, present in 6.1.192\'s '
                       '(tools/sizes/recordings/proc-tree--*)',
    "boot_mounts": 'fs/namespace.c alloc_vfsmnt (mnt_alloc_id: ida_alloc, the lowest free '
                   'ID) traced at boot with a stack per call (tools/sizes/mount-ids-trace.sh, '
                   'recordings mount-ids-trace--*): 22 mounts before /init\'s first, pipefs\' '
                   '(fs/pipe.c init_pipe_fs) the 14th on 5.10.262 and the 15th on 6.1.192, '
                   'whose kernel/resource.c iomem_init_inode pins its pseudo file system at '
                   'fs_initcall, before pipefs (5.10 drivers/char/mem.c chr_dev_init pinned it '
                   'after); 6.1\'s tracefs pin races: tracer_init_tracefs_work_func on '
                   'eval_map_wq and init_trace_printk_function_export may both mount it '
                   '(simple_pin_fs), the loser\'s ID freed an RCU grace period later, so '
                   'pipefs takes 15 when that free comes after init_pipe_fs (one 6.1 boot of '
                   'six in tests/conformance/recordings/userland-proc2--*); 5.12 and 5.13 '
                   '(no guest: Debian\'s archive the oracle fetches from holds 5.10 and 6.1 '
                   'builds only) from the sources: Linux commit 71a1d8ed900f ("resource: '
                   'Move devmem revoke code to resource framework", in v5.12: pushed to '
                   'torvalds/linux master on 2021-02-23, in the 5.12 merge window) made '
                   'iomem_init_inode kernel/resource.c\'s fs_initcall, so 6.1\'s order, '
                   'tracefs still pinned inline (no race): pipefs 14',
    "proc_fdinfo_0444": 'fs/proc/base.c DIR("fdinfo", S_IRUGO|S_IXUGO) and fs/proc/fd.c '
                        'proc_fdinfo_instantiate S_IFREG | S_IRUGO: Linux commit 7bc3fa0172a4 '
                        '("procfs: allow reading fdinfo with PTRACE_MODE_READ") (in v5.14; '
                        'the hash as cyphar/libpathrs#346 cites it); 5.10.262 shows 0500 and '
                        '0400, 6.1.192 0555 and 0444 (tools/sizes/recordings/proc-tree--*)',
    "psi_proc_0666": 'Linux commit 6db12ee0456d ("psi: allow unprivileged users with '
                     'CAP_SYS_RESOURCE to write psi files") (in v6.0; the hash recalled, not '
                     'checked against a tree): 6.1.192\'s /proc/pressure files are '
                     '-rw-rw-rw-, 5.10.262\'s -r--r--r-- (proc_create mode 0: S_IRUGO; '
                     'tests/conformance/recordings/proc-sys-misc--*)',
    "khugepaged_stop_recalculates": 'Linux commit bd3400ea173f ("mm: khugepaged: recalculate '
                                    'min_free_kbytes after stopping khugepaged") (in v6.0; '
                                    'the hash recalled, not checked against a tree): the 6.1 '
                                    'guest\'s DMA32 min 11084 -> 940 pages after "never" to '
                                    'transparent_hugepage/enabled, 5.10\'s 11079 stays '
                                    '(tests/conformance/recordings/proc-zones-psi--*)',
    "pcp_high_low_wmark": 'Linux commit b92ca18e8ca5 ("mm/page_alloc: disassociate the pcp->high '
                          'from pcp->batch") (in v5.14; the hash recalled, not checked): '
                          'zone_highsize = low watermark / the node\'s CPUs (6.1 guest: 6927 '
                          'at low 13855, 590 at 1181); 5.10: 6 * batch (378)',
    "proc_stat_wchan": 'do_task_stat prints 1 for a task not running (!task_is_running) in '
                       '6.1.192; 5.10.262 prints 0 for sleeping tasks as well (get_wchan '
                       'finds no wait channel): tests/conformance/recordings/proc-pid-files--*',
}

#: ``dead_switch_late_p`` of the recorded kernels: of the reaped commands, those whose
#: own ``finish_task_switch`` dropped the last ``rcu_users`` (tools/sizes/recordings:
#: taskfree-race-trace--* at 2, 4 and 8 CPUs, tools/sizes/taskfree_race.py: 5.10 1 of
#: 192, 6 of 200, 5 of 200, 6.1 6 of 178, 9 of 199, 9 of 200 reaped on another CPU;
#: fork-cpus-trace--* at 4 and 8 CPUs: 5.10 3 and 8 of 301, 6.1 10 and 11 of 301;
#: rcu-frees-trace--* at 2 CPUs: 5.10 0 and 2 of 66, 6.1 6 and 2 of 66; no trend with
#: the CPUs; docs/fidelity.md item 67)
DEAD_SWITCH_LATE_P = {"5.10": (25, 1326), "6.1": (53, 1311)}

#: ``gp_kthread_hold_us`` and ``gp_kthread_remote_hold_us`` of the recorded kernels:
#: from each wake-up of ``rcu_sched`` / ``rcu_preempt`` onto an idle CPU to its
#: switch-out there, in the model's µs at the trace's pace (the guest's loop over the
#: model's, 432 ms at paces 1): the least, the 10th to 90th percentiles and the 99th.
#: ``python3 tools/sizes/gp_kthread_holds.py
#: tools/sizes/recordings/place-trace-comsub-pipe-cpus--*.gz --model-loop-ms 432``,
#: its ``self`` and ``elsewhere`` lines (docs/fidelity.md items 374 and 389): 5.10 605
#: holds (pace 109.2), woken by the idle CPU's own interrupt 301 (short: the vCPU
#: awake already), from another CPU 304 (an IPI to the idle vCPU: a long wait); 6.1
#: 800 (pace 129.3), 798 by the CPU's own interrupt (a long run in three of ten).
GP_KTHREAD_OWN_HOLD_US = {
    "5.10": (0.4, 0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 1.9, 2.2, 2.8, 470.2),
    "6.1": (0.0, 1.0, 1.2, 1.5, 1.9, 2.4, 3.4, 216.3, 366.0, 539.0, 1793.3),
}
GP_KTHREAD_REMOTE_HOLD_US = {
    "5.10": (0.7, 82.7, 167.6, 271.9, 330.2, 403.6, 513.6, 659.3, 786.3, 1204.0, 3183.8),
}
#: ``gp_kthread_busy_stay``: the kthread's wake-ups by an interrupt (its waker's CPU the
#: target's) while the CPU it last ran on was busy, in the same traces
#: (``python3 tools/sizes/gp_kthread_holds.py --busy TRACE...``): 5.10 90 left queued
#: on a busy CPU of 95, 6.1 265 of 437 (the others woken onto an idle CPU by its
#: interrupt).
GP_KTHREAD_BUSY_STAY = {"5.10": (90, 95), "6.1": (265, 437)}


def _derive(base: KernelDesign, **changes: object) -> KernelDesign:
    """``dataclasses.replace(base, **changes)`` for the designs below: the base's
    fields copied and the changes set, without ``replace``'s walk over every field and
    ``__init__``'s frozen store of each (~3,400 bytecodes a call, six at every start:
    bench/README.md, session 43). A name that is not a field is refused, as
    ``replace`` refuses it (TypeError)."""
    unknown = changes.keys() - base.__dict__.keys()
    if unknown:
        raise TypeError(f"KernelDesign has no field {', '.join(sorted(unknown))}")
    design = object.__new__(KernelDesign)
    design.__dict__.update(base.__dict__, **changes)
    return design


_5_12 = KernelDesign(name="5.12", release="v5.12", uname="5.12.0-memcgsim", sizes="5.12",
                     page_counter_underflow_clamps=False, anon_thps_in_pages=True,
                     late_frees=True, boot_mounts=BOOT_MOUNTS["5.12"])
_5_13 = _derive(_5_12, name="5.13", release="v5.13", uname="5.13.0-memcgsim",
                kmem_page_ref="objcg", stats_flush="rstat", cgroup1_rstat=True,
                page_counter_underflow_clamps=True,
                sizes="5.13", ext4_prefetch_block_bitmaps=True, shrinker_deferred_per_memcg=True,
                drop_slab_shift=True)
#: Debian's 5.10.262 (linux-image-5.10.0-46-amd64): before 5.11's use_hierarchy
#: deprecation and bpf memcg accounting; it took be740503ed03 (IDs up to 65535).
_5_10 = _derive(_5_12, name="5.10", release="v5.10.262", uname="5.10.0-46-amd64", sizes="5.10",
                use_hierarchy_forced=False, bpf_map_ref=None, memcg_id_max=65535, cgroup1_bpf=False,
                memory_stat_keys="5.10", dying_task_charge="fail", anon_thps_in_pages=False,
                slab_objcgs_prealloc=False, dead_switch_late_p=DEAD_SWITCH_LATE_P["5.10"],
                gp_kthread_hold_us=GP_KTHREAD_OWN_HOLD_US["5.10"],
                gp_kthread_remote_hold_us=GP_KTHREAD_REMOTE_HOLD_US["5.10"],
                gp_kthread_busy_stay=GP_KTHREAD_BUSY_STAY["5.10"],
                exec_tomoyo=True, pgtable_l5=False, boot_mounts=BOOT_MOUNTS["5.10"])
#: Debian's 6.1.192 (linux-image-6.1.0-56-amd64)
_6_1 = _derive(_5_13, name="6.1", release="v6.1.192", uname="6.1.0-56-amd64", sizes="6.1",
               memcg_charge_batch=64, objcg_pins_memcg=False, stats_flush="rstat_threshold",
               obj_stock_keeps_remainder=True, memcg_id_max=65535, stat_kernel_key=True,
               rcu_preempt=True,
               bpf_map_ref="objcg", memory_stat_keys="6.1", cftypes="6.1",
               dying_task_charge="fail", usercopy_fault_attempts=4, mlock_limit_kb=8192,
               oom_skip_before_free=True,
               pcpu_obj_full_size=True, pcpu_memcg_chunks=False, pcpu_reclaim_populated=True,
               cgroup1_bpf=False, cpuset_child_subset=False,
               slub_cpu_partial="slabs",
               kernfs_negative_dentries=True, memcg_high_sync_reclaim=True,
               kmem_limit_enforced=False, inode_lru_skips_pagecache=True,
               drop_pagecache_shadow_inodes=True,
               cgwb_offline_switch=True, blkg_free_work=True,
               ext4_slow_symlink="bdev", tmpfs_inode64=True, proc_status_ib=True,
               proc_stat_wchan=True,
               smaps_pss_dirty=True, vm_denywrite=False, psi_proc_0666=True,
               proc_fdinfo_ino=True, proc_fdinfo_0444=True, boot_mounts=BOOT_MOUNTS["6.1"],
               khugepaged_stop_recalculates=True, pcp_high_low_wmark=True,
               freezable_schedule=False, jbd2_release="shrinker",
               force_empty_congestion_wait=False, v1_reclaim_throttle_writeback=True,
               slowpath_write_pending_wait=False, doulongvec_negative_einval=True,
               swapin_nomm_charges_current=True, ra_window_no_shrink=True,
               obj_stock_caches_vmstat=True, mm_maple_tree=True, mm_mt_rcu_frees=8,
               thread_stack_rcu=True, kmalloc_cg_caches=True,
               dead_switch_late_p=DEAD_SWITCH_LATE_P["6.1"], exec_tomoyo=True,
               gp_kthread_hold_us=GP_KTHREAD_OWN_HOLD_US["6.1"],
               gp_kthread_busy_stay=GP_KTHREAD_BUSY_STAY["6.1"],
               proc_readlink_kmalloc=True, recent_used_cpu_prev=True,
               threadgroup_rwsem_sync=True,
               proc_permanent=True,
               kernfs_open_node_rcu=True)
#: RHEL 7's 3.10 (kernel-3.10.0-1062 era): per-memcg kmem caches, opt-in kmem
#: accounting, LRU pages reparented at offline, memcg (css) IDs held until freed;
#: statistics summed over the CPUs at each read (``stats_flush`` "rstat": exact).
_3_10 = _derive(_5_10, name="3.10-rhel7", release="v3.10 (RHEL 7)",
                uname="3.10.0-1062.el7.x86_64", slab_ref="memcg_cache",
                kmem_accounting_opt_in=True, lru_reparent_at_offline=True,
                pgtables_accounted=False, memcg_percpu_charged=False,
                nonhierarchical_counters_link_root=False, page_counter_underflow_clamps=True,
                memcg_id_released_at_offline=False, bpf_map_ref=None, fsnotify_ref=None,
                cgroup2=False, dying_task_charge="force", sizes="5.10",
                pcpu_memcg_chunks=False, anon_fault_active=True, kmem_limit_warns=False,
                ext4_mb_prefetch=False, dead_switch_late_p=(0, 1), exec_tomoyo=False,
                stats_flush="rstat", gp_kthread_hold_us=(),
                gp_kthread_remote_hold_us=(), gp_kthread_busy_stay=(0, 1))
#: The series as first posted (v1, 2021-03-01): kmem pages *and* remote charging
#: (bpf maps, fsnotify groups) through obj_cgroup.
_seed_v1 = _derive(_5_13, name="seed-v1", release="v5.12 + obj_cgroup kmem series v1",
                   uname="5.12.0-objcg-v1", bpf_map_ref="objcg", fsnotify_ref="objcg",
                   page_counter_underflow_clamps=False)
#: Qi Zheng's "Eliminate Dying Memory Cgroup" on top of 6.1-era behaviour.
_lru_reparent = _derive(_6_1, name="lru-reparent", release="v6.x + Eliminate Dying Memory Cgroup",
                        uname="6.19.0-lru-reparent", lru_page_ref="objcg")

DESIGNS: dict[str, KernelDesign] = {d.name: d for d in (
    _3_10, _5_10, _5_12, _seed_v1, _5_13, _6_1, _lru_reparent)}
NEWEST = "6.1"


def get_design(name: "str | KernelDesign") -> KernelDesign:
    """A design by name (or a design built with ``dataclasses.replace``, as is)."""
    if isinstance(name, KernelDesign):
        return name
    try:
        return DESIGNS[name]
    except KeyError:
        raise ValueError(f"unknown kernel design {name!r}; known: {', '.join(DESIGNS)}") from None


class BootOptions(Record):
    """Kernel command-line options the model honours."""
    #: ``cgroup.memory=nokmem``: ``memcg_online_kmem`` does nothing, so no objcg
    #: and no kmem accounting. Vladimir Davydov, "mm: memcontrol: allow to
    #: disable kmem accounting for cgroup2" (in v4.6).
    nokmem: bool
    #: ``cgroup.memory=nosocket``
    nosocket: bool
    __slots__ = tuple(__annotations__)
    _defaults = {"nokmem": False, "nosocket": False}

    @classmethod
    def parse(cls, cmdline: str) -> "BootOptions":
        """The options of a kernel command line (``cgroup.memory=nokmem,nosocket``,
        as ``cgroup_memory``'s ``__setup`` handler reads them). Any other word is
        refused (ValueError), as not modelled."""
        nokmem = nosocket = False
        for word in cmdline.split():
            if word.startswith("cgroup.memory="):
                for opt in word.split("=", 1)[1].split(","):
                    if opt == "nokmem":
                        nokmem = True
                    elif opt == "nosocket":
                        nosocket = True
                    else:
                        raise ValueError(f"unknown cgroup.memory option {opt!r}")
            elif word:
                raise ValueError(f"unsupported boot option {word!r}")
        return cls(nokmem=nokmem, nosocket=nosocket)
