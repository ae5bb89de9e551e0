"""What creating a cgroup and a memory cgroup allocates, per kernel release.

Every size is ``sizeof`` from the kernel's own BTF (:mod:`.btf`, re-made by
``tools/sizes/btf_sizes.py``); every allocation is named by the kernel field it
fills and the function that allocates it. Counts that depend on the booted system
rather than on a structure (how many memcg-aware list_lrus exist, how many
shrinkers are registered) were measured in the oracle's guest with
``tests/conformance/scripts/cgroup-cost.sh`` (its ``slabinfo created`` lines) and
say so. ``tools/sizes/README.md`` tells how to re-make each number.

Releases: "5.10" (Debian 5.10.262) and "6.1" (Debian 6.1.192). Designs without a real
kernel (``KernelDesign.sizes``): 3.10-rhel7 takes 5.10's; "5.12" and "5.13" are 5.10's
(its BTF, boot state and item counts) with the memcg's per-CPU statistics changed as
the two commits between changed them (:func:`_derived`): Linux commit f3344adf38bd
("mm: memcontrol: optimize per-lruvec stats counter memory usage") (in v5.12) and
2d146aa3aa84 ("mm: memcontrol: switch to rstat") (in v5.13), so the cover letter's
two kernels differ by what the series and rstat changed, not by 5.10's and 6.1's
structures (5.13 once took 6.1's: its Slab then read above 5.12's).
"""
from __future__ import annotations

from ...record import Record
from .boot import BOOT
from .btf import BTF
from .slub_boot import SLUB_BOOT

_set = object.__setattr__      # the records are frozen

#: (release sizes, method, arguments) -> its result, made once: a cgroup's and a
#: memcg's allocation lists depend only on these (every mkdir asked for them again,
#: ~40 records a memory cgroup)
_MADE: dict = {}


def _once(method):
    """``method`` of a :class:`ReleaseSizes` (frozen) made once per instance and
    arguments, as a tuple (the callers only read it)."""
    name = method.__name__

    def once(self, *args):
        key = (id(self), name, args)
        got = _MADE.get(key)
        if got is None:
            # the instance is kept with its results: its id is never reused
            got = _MADE[key] = (self, tuple(method(self, *args)))
        return got[1]
    once.__name__ = name
    once.__qualname__ = method.__qualname__
    once.__doc__ = method.__doc__
    return once

#: ``sizeof(unsigned long)``: a percpu_ref's per-CPU counter
#: (``percpu_ref_init`` → ``__alloc_percpu_gfp(sizeof(unsigned long), ...)``)
PERCPU_REF_COUNT = (8, 8)
#: a ``percpu_counter``'s per-CPU ``s32`` (``__percpu_counter_init``)
PERCPU_COUNTER_S32 = (4, 4)
POINTER = 8
#: ``cache_line_size()`` of the guests' (qemu's) x86_64 CPU
CACHE_LINE = 64
#: ``PMD_SIZE`` and ``PCPU_MIN_UNIT_SIZE`` in pages
PMD_PAGES = 512
PCPU_MIN_UNIT_PAGES = 8


class PcpuArea(Record):
    """One ``alloc_percpu()`` a cgroup's creation makes: the kernel field it fills,
    its size and alignment per CPU, whether it is charged (``GFP_KERNEL_ACCOUNT``:
    to the parent memcg, under ``set_active_memcg``)."""
    field: str
    size: int
    align: int
    charged: bool
    __slots__ = tuple(__annotations__)
    _defaults = {"charged": False}

    def __init__(self, field: str, size: int, align: int, charged: bool = False) -> None:
        # written out: a cgroup's creation makes ~10 of these
        _set(self, "field", field)
        _set(self, "size", size)
        _set(self, "align", align)
        _set(self, "charged", charged)


class SlabObj(Record):
    """One slab object a cgroup's creation allocates: the kernel field, the bytes
    asked for and the cache (a named ``kmem_cache``, or None for kmalloc's size
    classes). None of them is ``__GFP_ACCOUNT``: they are charged to nobody."""
    field: str
    size: int
    cache: str | None
    __slots__ = tuple(__annotations__)
    _defaults = {"cache": None}

    def __init__(self, field: str, size: int, cache: str | None = None) -> None:
        _set(self, "field", field)
        _set(self, "size", size)
        _set(self, "cache", cache)


#: ``cgroup_bpf_inherit``'s per-CPU area: ``cgrp->bpf.refcnt``'s counter, freed
#: with its data by ``cgroup_bpf_release`` (:meth:`ReleaseSizes.bpf_slab`)
BPF_PCPU = (PcpuArea("cgrp->bpf.refcnt", *PERCPU_REF_COUNT),)


class ReleaseSizes(Record):
    """The sizes and counts of one release."""
    release: str
    btf: dict
    #: ``struct cgroup`` ends in an array indexed by level: ``u64 ancestor_ids[]``
    #: (5.10) or ``struct cgroup *ancestors[]`` (6.1), ``level + 1`` entries
    cgroup_psi_embedded: bool
    #: per-memcg per-CPU statistics (charged to the parent): per memcg, per node
    memcg_pcpu_stats: tuple
    memcg_pcpu_stats_per_node: tuple
    #: the memcg's uncharged per-CPU areas (:data:`MEMCG_PCPU_UNCHARGED`) in the
    #: order a mkdir allocates them (tools/sizes/pcpu-boot-trace.sh's "M mkdir"
    #: lines): ``mem_cgroup_alloc``'s ``memcg_wb_domain_init``, then 5.10's
    #: ``memcg_online_kmem`` in ``mem_cgroup_css_alloc`` before ``css_create``'s
    #: ``percpu_ref_init(&css->refcnt)``; 6.1's after it, in ``mem_cgroup_css_online``
    #: (Linux commit da0efe30944d ("mm: memcontrol: move memcg_online_kmem() to
    #: mem_cgroup_css_online()") (in v5.18))
    memcg_pcpu_uncharged: tuple
    #: 6.1 splits the hierarchical counters out of ``struct mem_cgroup``
    memcg_vmstats_struct: bool
    #: per-node shrinker bitmap: ``memcg_shrinker_map`` (5.10) or ``shrinker_info``
    #: with its ``nr_deferred`` array (6.1); its size follows ``shrinker_nr_max``
    shrinker_struct: str
    shrinker_deferred: bool
    #: memcg-aware list_lrus: 5.10 allocates a ``list_lru_one`` per lru, node and
    #: memcg cache ID as the ID space grows (``memcg_update_all_list_lrus``); 6.1
    #: allocates them lazily on the first object (Linux commit 5abc1e37afa0
    #: ("mm: list_lru: allocate list_lru_one only when needed") (in v5.18)).
    list_lru_eager: bool
    #: memcg-aware list_lrus registered on the guest (2 per superblock plus the
    #: workingset shadow nodes'), measured: see :data:`MEASURED`
    nr_memcg_lrus: int
    #: ``shrinker_nr_max`` on the guest (rounded to BITS_PER_LONG), measured
    shrinker_nr_max: int
    #: the first chunk's static + reserved + dynamic size in pages ("percpu:
    #: Embedded N pages/cpu" in the guest's boot log): sets the unit size
    pcpu_embedded_pages: int
    #: the first chunk's dynamic region ("d" in that line), bytes
    pcpu_dynamic_bytes: int
    #: what the guest's boot leaves of the per-CPU allocator when a script starts
    #: (calibration/percpu-boot.sh, tools/sizes/pcpu-boot-trace.sh): bytes free at
    #: the end of the first chunk's dynamic region before the areas the boot makes
    #: per CPU (:attr:`pcpu_boot_cpu_areas`), then per chunk type (root, memcg)
    #: None or a chunk as (bytes free at the end of its first page: a page when the
    #: chunk is wholly free, empty populated pages after it)
    pcpu_boot: tuple
    #: the boot's per-CPU areas whose number follows the CPUs, one set per CPU
    #: (:data:`PCPU_BOOT_CPU_AREAS`): they take the end of the first chunk
    pcpu_boot_cpu_areas: tuple
    #: the cache ``fs_bio_set``'s bios come from, as /proc/slabinfo names it: 6.1's
    #: "bio-192" (``bio_find_or_create_slab`` names it by its size, sizeof(struct
    #: bio) 128 + BIO_INLINE_VECS * 16; SLAB_TYPESAFE_BY_RCU, so unmerged: 256-byte
    #: objects); 5.10's 192-byte "bio-0" is merged (``find_mergeable``, the newest
    #: compatible cache first) into skbuff_ext_cache, the only 192-byte cache whose
    #: objects moved over the sync of tests/conformance/recordings/
    #: memviews-workload--5.10-v2.txt
    bio_cache: str
    #: the SLAB_ACCOUNT objects ``copy_process`` allocates for a new process, in the
    #: forking task's context: (the kernel's cache, count), each cache's objsize
    #: from :meth:`slab_cache` (:data:`TASK_SLAB`)
    task_slab: tuple
    __slots__ = tuple(__annotations__)
    _defaults = {"bio_cache": "bio-192", "pcpu_boot_cpu_areas": ()}

    def size(self, struct: str) -> int:
        return self.btf[struct][0]

    def align(self, struct: str) -> int:
        return self.btf[struct][1]

    # ------------------------------------------------------------ allocations
    @_once
    def cgroup_slab(self, level: int, dfl: bool, bpf: bool = True) -> tuple[SlabObj, ...]:
        """``cgroup_create``: the cgroup, its psi group (``psi_cgroup_alloc``: a
        kzalloc'd ``cgrp->psi`` in 6.1's BTF, embedded in 5.10's ``struct cgroup``), the
        percpu_ref data (``percpu_ref_init``) of the self css and, where ``bpf``
        (``cgroup_bpf_inherit``), of ``cgrp->bpf.refcnt``; on cgroup2 the implicit
        perf_event css."""
        out = [SlabObj("cgroup", self.size("cgroup") + POINTER * (level + 1))]
        if not self.cgroup_psi_embedded:
            out.append(SlabObj("cgrp->psi", self.size("psi_group")))
        out.append(SlabObj("cgrp->self.refcnt.data", self.size("percpu_ref_data")))
        if bpf:
            out += self.bpf_slab()
        if dfl:
            out += self.perf_slab()
        return out

    @_once
    def bpf_slab(self) -> tuple[SlabObj, ...]:
        """``cgroup_bpf_inherit``'s ``percpu_ref_init(&cgrp->bpf.refcnt)`` data, freed
        by ``cgroup_bpf_release`` (``percpu_ref_exit``) once the cgroup is offline."""
        return (SlabObj("cgrp->bpf.refcnt.data", self.size("percpu_ref_data")),)

    @_once
    def perf_slab(self) -> tuple[SlabObj, ...]:
        """cgroup2's implicit perf_event css: ``perf_cgroup_css_alloc``'s
        ``perf_cgroup`` and the css's percpu_ref data (``init_and_link_css``), freed
        by its own ``css_free_rwork_fn`` (``perf_cgroup_css_free``,
        ``percpu_ref_exit``)."""
        return (SlabObj("perf_cgroup", self.size("perf_cgroup")),
                SlabObj("perf_cgroup css.refcnt.data", self.size("percpu_ref_data")))

    @_once
    def cgroup_pcpu(self, rstat: bool, bpf: bool = True) -> tuple[PcpuArea, ...]:
        """``cgroup_create``'s per-CPU data, none of it charged, in its order: the
        self css's percpu_ref counter, ``cgrp->rstat_cpu`` (``cgroup_rstat_init``)
        where ``rstat``, ``cgrp->psi.pcpu`` (``psi_cgroup_alloc``) and where ``bpf``
        ``cgrp->bpf``'s percpu_ref counter (``cgroup_bpf_inherit``)."""
        out = [PcpuArea("cgrp->self.refcnt", *PERCPU_REF_COUNT)]
        if rstat:
            out.append(PcpuArea("cgrp->rstat_cpu", *self.btf["cgroup_rstat_cpu"]))
        out.append(PcpuArea("cgrp->psi.pcpu", *self.btf["psi_group_cpu"]))
        if bpf:
            out += BPF_PCPU
        return out

    @_once
    def perf_pcpu(self) -> tuple[PcpuArea, ...]:
        """The implicit perf_event css of a cgroup2 cgroup (``css_create`` in
        ``cgroup_apply_control_enable``, after the memory css: the subsystems' order):
        ``perf_cgroup_css_alloc``'s ``jc->info`` and the css's percpu_ref counter."""
        return [PcpuArea("perf_cgroup->info", *self.btf["perf_cgroup_info"]),
                PcpuArea("perf_cgroup css.refcnt", *PERCPU_REF_COUNT)]

    @_once
    def memcg_slab(self, nr_nodes: int) -> tuple[SlabObj, ...]:
        """``mem_cgroup_alloc`` (GFP_KERNEL: not charged): ``struct mem_cgroup`` with
        its ``nodeinfo[]`` pointers, 6.1's ``memcg->vmstats``, one
        ``mem_cgroup_per_node`` per node; the memory css's percpu_ref data;
        ``memcg_online_kmem``'s obj_cgroup and its percpu_ref data; the per-node
        shrinker map (``memcg_alloc_shrinker_maps`` / ``alloc_shrinker_info``)."""
        out = [SlabObj("mem_cgroup", self.size("mem_cgroup") + POINTER * nr_nodes)]
        if self.memcg_vmstats_struct:
            out.append(SlabObj("memcg->vmstats", self.size("memcg_vmstats")))
        out += [SlabObj("mem_cgroup_per_node", self.size("mem_cgroup_per_node"))] * nr_nodes
        out += [SlabObj("memcg->css.refcnt.data", self.size("percpu_ref_data")),
                SlabObj("obj_cgroup", self.size("obj_cgroup")),
                SlabObj("objcg->refcnt.data", self.size("percpu_ref_data"))]
        nr = self.shrinker_nr_max
        shrinker = self.size(self.shrinker_struct) + -(-nr // 64) * 8
        if self.shrinker_deferred:
            shrinker += nr * 8
        out += [SlabObj("shrinker map", shrinker)] * nr_nodes
        return out

    @_once
    def memcg_pcpu(self, nr_nodes: int) -> tuple[PcpuArea, ...]:
        """``mem_cgroup_alloc``'s per-CPU statistics (charged to the parent), then
        the writeback domain's ``percpu_counter`` (``memcg_wb_domain_init``), the
        memory css's and the obj_cgroup's percpu_ref counters (not charged), in the
        release's order (:attr:`memcg_pcpu_uncharged`)."""
        out = [PcpuArea(f, *self.btf[s], charged=True) for f, s in self.memcg_pcpu_stats]
        for _ in range(nr_nodes):
            out += [PcpuArea(f, *self.btf[s], charged=True) for f, s in self.memcg_pcpu_stats_per_node]
        out += [MEMCG_PCPU_UNCHARGED[f] for f in self.memcg_pcpu_uncharged]
        return out

    @_once
    def freezer_slab(self) -> tuple[SlabObj, ...]:
        """``freezer_css_alloc``: a kzalloc'd ``struct freezer`` (208 bytes in both
        kernels' BTF: kmalloc-256; GFP_KERNEL, not charged) and its css's
        percpu_ref data (``css_create`` → ``percpu_ref_init``)
        (kernel/cgroup/legacy_freezer.c, v5.10 and v6.1)."""
        return (SlabObj("freezer", self.size("freezer")),
                SlabObj("freezer css.refcnt.data", self.size("percpu_ref_data")))

    @staticmethod
    def freezer_pcpu() -> list[PcpuArea]:
        """The freezer css's percpu_ref counter (``css_create`` → ``percpu_ref_init``)."""
        return [PcpuArea("freezer css.refcnt", *PERCPU_REF_COUNT)]

    def pids_slab(self) -> list[SlabObj]:
        """``pids_css_alloc``: a kzalloc'd ``struct pids_cgroup`` (GFP_KERNEL: not
        charged) and its css's percpu_ref data (``init_and_link_css``)."""
        return [SlabObj("pids_cgroup", self.size("pids_cgroup")),
                SlabObj("pids css.refcnt.data", self.size("percpu_ref_data"))]

    @_once
    def iface_css_slab(self, ss: str, nr_cpus: int, nr_nodes: int) -> tuple[SlabObj, ...]:
        """An interface-only controller's ``css_alloc`` (kernel/cgroup_ifaces.py),
        none of it accounted, then its css's percpu_ref data (``css_create``):
        cpu's ``sched_create_group`` (a ``task_group`` from its cache;
        ``alloc_fair_sched_group``: two ``kcalloc``'d arrays of ``nr_cpu_ids``
        pointers, then per CPU a ``cfs_rq`` and its group ``sched_entity``, 6.1's
        as a ``sched_entity_stats``); cpuset's ``struct cpuset`` and its three
        cpumasks (``alloc_cpumasks``; CPUMASK_OFFSTACK: ``cpumask_size()`` bytes
        each); io's ``struct blkcg``; hugetlb's ``hugetlb_cgroup`` (6.1: with a
        pointer per node, then per node a ``hugetlb_cgroup_per_node``); rdma's
        ``rdma_cgroup``; misc's ``misc_cg``. io's block groups are
        :meth:`blkg_slab`'s."""
        out = []
        if ss == "cpu":
            se = "sched_entity_stats" if "sched_entity_stats" in self.btf else "sched_entity"
            out = [SlabObj("task_group", self.size("task_group"), "task_group"),
                   SlabObj("tg->cfs_rq", POINTER * nr_cpus), SlabObj("tg->se", POINTER * nr_cpus)]
            for _ in range(nr_cpus):
                out += [SlabObj("cfs_rq", self.size("cfs_rq")), SlabObj("se", self.size(se))]
        elif ss == "cpuset":
            mask = (nr_cpus + 63) // 64 * 8
            out = [SlabObj("cpuset", self.size("cpuset"))] + [SlabObj("cpumask", mask)] * 3
        elif ss == "io":
            # blkcg_css_alloc: the blkcg, then each registered policy's
            # cpd_alloc_fn: blk-iocost's ioc_cpd_alloc (traced on both guests:
            # tools/sizes/blkg-trace.sh)
            out = [SlabObj("blkcg", self.size("blkcg")),
                   SlabObj("blkcg->cpd[iocost]", self.size("ioc_cgrp"))]
        elif ss == "hugetlb":
            if "hugetlb_cgroup_per_node" in self.btf:
                out = [SlabObj("hugetlb_cgroup", self.size("hugetlb_cgroup") + POINTER * nr_nodes)]
                out += [SlabObj("nodeinfo", self.size("hugetlb_cgroup_per_node"))] * nr_nodes
            else:
                out = [SlabObj("hugetlb_cgroup", self.size("hugetlb_cgroup"))]
        elif ss == "rdma":
            out = [SlabObj("rdma_cgroup", self.size("rdma_cgroup"))]
        elif ss == "misc":
            out = [SlabObj("misc_cg", self.size("misc_cg"))]
        return tuple(out) + (SlabObj("css.refcnt.data", self.size("percpu_ref_data")),)

    @_once
    def blkg_slab(self) -> tuple[SlabObj, ...]:
        """``blkg_alloc`` (block/blk-cgroup.c, v5.10 and v6.1), none of it accounted
        (GFP_NOWAIT from the I/O path, GFP_KERNEL from ``blkg_conf_prep``): the
        ``blkcg_gq`` (``kzalloc_node``), its ``percpu_ref``'s data, then the
        policies enabled on the queue: blk-throttle's ``throtl_grp``
        (``throtl_pd_alloc``; iocost is enabled on no queue until io.cost.* is
        written, the guests have no iolatency or bfq). Traced on both guests
        (tools/sizes/blkg-trace.sh: kmalloc-512, -64 and -2k a blkg)."""
        return (SlabObj("blkcg_gq", self.size("blkcg_gq")),
                SlabObj("blkg->refcnt.data", self.size("percpu_ref_data")),
                SlabObj("throtl_grp", self.size("throtl_grp")))

    @_once
    def blkg_pcpu(self) -> tuple[PcpuArea, ...]:
        """``blkg_alloc``'s per-CPU areas, in its order: the percpu_ref counter,
        ``blkg->iostat_cpu`` (``alloc_percpu_gfp(struct blkg_iostat_set)``), then
        ``throtl_pd_alloc``'s two ``blkg_rwstat``s (``stat_bytes``, ``stat_ios``:
        ``BLKG_RWSTAT_NR`` = 5 ``percpu_counter``s each). Traced on both guests
        (percpu_alloc_percpu: 8, 96 and ten 4-byte areas a blkg)."""
        return ((PcpuArea("blkg->refcnt", *PERCPU_REF_COUNT),
                 PcpuArea("blkg->iostat_cpu", *self.btf["blkg_iostat_set"]))
                + (PcpuArea("tg->stat_bytes/stat_ios", *PERCPU_COUNTER_S32),) * 10)

    @_once
    def cgwb_slab(self) -> tuple[SlabObj, ...]:
        """``cgwb_create`` (mm/backing-dev.c, v5.10 and v6.1; GFP_ATOMIC from
        ``__inode_attach_wb``: not accounted): the ``bdi_writeback`` and its
        percpu_ref's data. Traced on both guests (tools/sizes/blkg-trace.sh:
        kmalloc-1k from ``wb_get_create`` and a kmalloc-64 ``percpu_ref_init`` a
        child's first dirtied inode)."""
        return (SlabObj("bdi_writeback", self.size("bdi_writeback")),
                SlabObj("wb->refcnt.data", self.size("percpu_ref_data")))

    @_once
    def cgwb_pcpu(self) -> tuple[PcpuArea, ...]:
        """``cgwb_create``'s per-CPU areas: the percpu_ref counter, then six
        ``percpu_counter``s (``memcg_completions``; ``wb_init``: ``completions`` and
        ``NR_WB_STAT_ITEMS`` = 4 ``stat[]``): traced, 6 a wb on both guests."""
        return ((PcpuArea("wb->refcnt", *PERCPU_REF_COUNT),)
                + (PcpuArea("wb counters", *PERCPU_COUNTER_S32),) * 6)

    @staticmethod
    def pids_pcpu() -> list[PcpuArea]:
        """The pids css's percpu_ref counter (``css_create`` → ``percpu_ref_init``)."""
        return [PcpuArea("pids css.refcnt", *PERCPU_REF_COUNT)]

    @_once
    def memcg_pcpu_free_order(self, nr_nodes: int) -> tuple[int, ...]:
        """Indices into :meth:`memcg_pcpu` in the order ``__mem_cgroup_free`` frees
        them: each node's (``free_mem_cgroup_per_node_info``: 5.10 ``lruvec_stat_cpu``
        then ``lruvec_stat_local``), then the memcg's (5.10 ``vmstats_percpu`` then
        ``vmstats_local``), each group the reverse of its allocation; the uncharged
        counters last. On 5.10 the order decides where each CPU's batched
        ``MEMCG_PERCPU_B`` deltas cross the flush threshold."""
        m, per = len(self.memcg_pcpu_stats), len(self.memcg_pcpu_stats_per_node)
        out = []
        for n in range(nr_nodes):
            out += range(m + (n + 1) * per - 1, m + n * per - 1, -1)
        out += range(m - 1, -1, -1)
        return out + list(range(m + nr_nodes * per, len(self.memcg_pcpu(nr_nodes))))

    def slab_objsize(self, cache: str) -> int:
        """A named cache's object size as the guest's /proc/slabinfo prints it."""
        return _OBJSIZE[self.release][cache]

    def slab_cache(self, cache: str) -> tuple[str, int]:
        """Where ``kmem_cache_alloc`` from the kernel's cache ``cache`` takes its
        objects: the cache /proc/slabinfo lists them under (``cache`` itself, or
        the older cache SLUB merged it into, :data:`MERGED`) and its objsize
        (``s->size``, what ``obj_full_size`` charges with the objcg pointer)."""
        root = MERGED[self.release].get(cache, (cache,))[0]
        return root, _OBJSIZE[self.release][root]

    def slab_slot_size(self, struct: str, hwcache_align: bool) -> int:
        """``kmem_cache_create``'s slot for ``struct`` (no debug, no red zone): its
        BTF size rounded to a word, aligned to the cache line (64 bytes, halved while
        the object fits in half of it: ``calculate_alignment``) when
        SLAB_HWCACHE_ALIGN is asked for (mm/slab_common.c, mm/slub.c
        ``calculate_sizes``)."""
        size = -(-self.size(struct) // POINTER) * POINTER
        align = POINTER
        if hwcache_align:
            ralign = CACHE_LINE
            while size <= ralign // 2:
                ralign //= 2
            align = max(align, ralign)
        return -(-size // align) * align

    def boot_active_objs(self, cache: str) -> int:
        """A named cache's active objects in the guest's boot /proc/slabinfo."""
        return _ACTIVE[self.release][cache]

    def slub_boot(self, cache: str, nr_cpus: int) -> tuple | None:
        """What the guest's boot leaves on SLUB's lists of ``cache`` at ``nr_cpus``
        CPUs (:data:`.slub_boot.SLUB_BOOT`, tools/sizes/slub-boot-cpus.sh): None where
        not measured (a cache the boot never used, a CPU count not recorded)."""
        return SLUB_BOOT.get(self.release, {}).get(nr_cpus, {}).get(cache)

    def lsm_inode_blob(self) -> int | None:
        """``security_inode_alloc`` → ``lsm_inode_alloc``: every inode's
        ``i_security`` blob from ``lsm_inode_cache`` (SLAB_PANIC only: not
        accounted), when the booted LSMs ask for inode blobs (``blob_sizes.lbs_inode``
        != 0): the cache's objsize in the guest's boot slabinfo (6.1: 32 bytes, 11520
        objects), None where it has no such cache (5.10)."""
        return _OBJSIZE[self.release].get("lsm_inode_cache")

    def cred_security_blob(self) -> int | None:
        """``security_prepare_creds`` → ``lsm_cred_alloc``: a cred's ``security``
        blob, ``kzalloc(blob_sizes.lbs_cred, GFP_KERNEL_ACCOUNT)`` (kernel/cred.c
        ``prepare_creds``, security/security.c, v5.10 and v6.1): its kmalloc size as
        traced on the guest (:data:`CRED_SECURITY`), None where not traced."""
        return CRED_SECURITY.get(self.release)

    def task_security_blob(self) -> int | None:
        """``security_task_alloc`` → ``lsm_task_alloc``: a task's ``security`` blob,
        ``kzalloc(blob_sizes.lbs_task, GFP_KERNEL)`` (unaccounted; kernel/fork.c
        ``copy_process``, freed by ``security_task_free`` in ``__put_task_struct``;
        security/security.c, v5.10 and v6.1): its request size as traced on the guest
        (:data:`TASK_SECURITY`), None where not traced."""
        return TASK_SECURITY.get(self.release)

    def list_lru_one_size(self) -> int:
        return self.size("list_lru_one")

    def pcpu_unit_pages(self, nr_cpus: int) -> int:
        """``pcpu_build_alloc_info`` (x86_64 ``pcpu_embed_first_chunk``, one group of
        CPUs, ``atom_size`` = PMD_SIZE): as many units per 2 MiB allocation as fit
        the embedded size, then fewer, larger units while more than a third of them
        would be wasted. Every later chunk has this unit size: 1 MiB per CPU at 2
        CPUs, 256 KiB at 8 (the guests' Percpu after rmdir keeps one such chunk)."""
        atom_pages = PMD_PAGES
        alloc = -(-max(self.pcpu_embedded_pages, PCPU_MIN_UNIT_PAGES) // atom_pages) * atom_pages
        upa = alloc // max(self.pcpu_embedded_pages, PCPU_MIN_UNIT_PAGES)
        while alloc % upa:
            upa -= 1
        best, last = 1, None
        for u in range(upa, 0, -1):
            if alloc % u:
                continue
            allocs = -(-nr_cpus // u)
            if allocs * u - nr_cpus > nr_cpus // 3:
                continue
            if last is not None and allocs > last:
                break
            last, best = allocs, u
        return alloc // best


#: Counts measured on the oracle's guests (the percpu geometry from the boot log,
#: kernel/sizes/boot.py): nr_memcg_lrus, the ``list_lru_one`` objects
#: ``__memcg_init_list_lru_node`` makes a new kmem ID (kmem:kmalloc by call site,
#: 2058 / 2352 / 4704 for 42 / 48 / 96 new IDs: 49, two a superblock (fs/super.c
#: ``alloc_super``) and the workingset's; tools/sizes/recordings/
#: kmalloc-sites-trace--5.10-v2-{2,4}cpu-k32.txt, session 30 slab30; 48 before, from
#: cgroup-cost-2cpu's slab-granular kmalloc-32 growth) and
#: shrinker_nr_max (rounded to 64 bits, as ``expand_shrinker_info`` keeps it).
#: ``pcpu_boot``: /proc/meminfo Percpu after each of 20 core-only cgroups and of a
#: memory cgroup x and 40 children (calibration/percpu-boot.sh, its recordings
#: beside it; the same steps in /tmp-free form: tests/conformance/recordings/
#: ran-once-cost--5.10-v2.txt). Both kernels' boots fill the first chunk's dynamic
#: region. 6.1: a chunk holds 2 empty pages after a page with 3.5 KiB free (13
#: core-only cgroups of 248 bytes a unit fit, the 14th leaves one empty page and the
#: balance work populates 3; x's 2052 bytes fit, its first child's populate 3, then
#: every 6 children 3 more: the model's steps are the guest's, value by value). 5.10,
#: traced (tools/sizes/pcpu-boot-trace.sh: the percpu tracepoints from the kernel
#: command line, every area the boot allocates and frees, recordings/
#: pcpu-boot-trace--5.10-v2-{2,4,8,16,32}cpu.txt.gz): the boot's areas all lie in the
#: first chunk, which ends with 892 bytes free at 2 CPUs, 628 at 8 (no hole before
#: them); both chunks ``pcpu_balance_workfn`` made are wholly free: the root one
#: with 3 pages populated (made while the first chunk still had one empty page:
#: ``PCPU_EMPTY_POP_PAGES_HIGH`` less it), the memcg one with 4. What moves with
#: the CPUs is :data:`PCPU_BOOT_CPU_AREAS`, 44 bytes a CPU, so 980 bytes are free
#: before them (at 32 CPUs the last 428 bytes lie in the root chunk, as the model
#: puts them).
MEASURED = {
    "5.10": {"nr_memcg_lrus": 49, "shrinker_nr_max": 64,
             "pcpu_embedded_pages": BOOT["5.10"]["pcpu"][0],
             "pcpu_dynamic_bytes": BOOT["5.10"]["pcpu"][3],
             "pcpu_boot": (980, (4096, 2), (4096, 3))},
    "6.1": {"nr_memcg_lrus": 0, "shrinker_nr_max": 64,
            "pcpu_embedded_pages": BOOT["6.1"]["pcpu"][0],
            "pcpu_dynamic_bytes": BOOT["6.1"]["pcpu"][3],
            "pcpu_boot": (0, (3584, 2), None)},
}

#: The areas the guest's boot allocates once per CPU (the trace's difference between
#: 2 and 8 CPUs, 264 bytes, is these six times over; tools/sizes/pcpu-boot-trace.sh):
#: kernel/smp.c ``smpcfd_prepare_cpu`` (the CPU hotplug step of each CPU brought
#: up: ``cfd->csd = alloc_percpu(call_single_data_t)``, 32 bytes aligned to their
#: size); one interrupt of the virtio disk's per queue (qemu gives virtio-blk a
#: queue per vCPU): kernel/irq/irqdesc.c ``alloc_desc``'s ``desc->kstat_irqs =
#: alloc_percpu(unsigned int)``; and per hardware queue of its blk-mq tag set
#: lib/sbitmap.c ``sbitmap_queue_init_node``'s ``sbq->alloc_hint =
#: alloc_percpu_gfp(unsigned int)``, twice (``blk_mq_init_tags``: the tags and the
#: reserved tags). Sizes and alignments as the trace's ``size=``/``align=``.
PCPU_BOOT_CPU_AREAS = (PcpuArea("cfd->csd", 32, 32), PcpuArea("desc->kstat_irqs", 4, 4),
                       PcpuArea("bitmap_tags.alloc_hint", 4, 4),
                       PcpuArea("breserved_tags.alloc_hint", 4, 4))

#: A memcg's per-CPU areas none is charged for (``ReleaseSizes.memcg_pcpu_uncharged``)
MEMCG_PCPU_UNCHARGED = {
    "wb": PcpuArea("memcg->cgwb_domain.completions.events", *PERCPU_COUNTER_S32),
    "objcg": PcpuArea("objcg->refcnt", *PERCPU_REF_COUNT),
    "css": PcpuArea("memcg->css.refcnt", *PERCPU_REF_COUNT)}

#: Caches SLUB merged into an older one (``__kmem_cache_alias`` → ``find_mergeable``:
#: the same SLAB_MERGE_SAME flags, SLAB_ACCOUNT among them, and a slot within a
#: pointer of the older one's): /proc/slabinfo lists only the older, whose slabs
#: their objects share. Per release, cache -> (the cache slabinfo lists, the struct
#: it holds, SLAB_HWCACHE_ALIGN), from the guests' /sys/kernel/slab aliases
#: (tools/sizes/recordings/fork-caches--K-v2.txt): fs_cache (``struct fs_struct``,
#: 56 bytes, 64 hwcache-aligned) shares :A-0000064 with anon_vma_chain on both.
MERGED = {
    "5.10": {"fs_cache": ("anon_vma_chain", "fs_struct", True)},
    "6.1": {"fs_cache": ("anon_vma_chain", "fs_struct", True)},
}

_OBJSIZE = {rel: {name: objsize for name, _a, _n, objsize, *_ in b["slabinfo"]}
            for rel, b in BOOT.items()}
_ACTIVE = {rel: {name: active for name, active, *_ in b["slabinfo"]}
           for rel, b in BOOT.items()}

#: What ``copy_process`` allocates (kernel/fork.c): ``dup_task_struct``
#: (task_struct_cachep: arch_task_struct_size, the FPU state sized at boot, so
#: larger in slabinfo than BTF's sizeof), ``copy_creds`` → ``prepare_creds``
#: (cred_jar), ``copy_signal``, ``copy_sighand``, ``copy_files`` → ``dup_fd``,
#: ``copy_fs`` → ``copy_fs_struct``, ``alloc_pid``; every cache SLAB_ACCOUNT
#: (``copy_mm`` → ``dup_mm`` → ``allocate_mm``'s mm_struct is the mm's own:
#: :data:`MM_STRUCT`, with its VMAs in kernel/fork.py). 5.10 also allocates the
#: task's ``delays`` (``delayacct_tsk_init``: delay accounting on unless
#: "nodelayacct"); from Linux commit e4042ad49235 ("delayacct: Default disabled")
#: (in v5.14) only with "delayacct" (6.1's /proc/sys/kernel/task_delayacct reads
#: 0). A sleeping process keeps one object of each on the guests, and a second
#: cred_jar one (exec's ``prepare_bprm_creds``; the fork's stays with the
#: executable's ``f_cred``, not modelled) (tools/sizes/recordings/
#: fork-objects--K-v2.txt: per sleeper task_struct 0.96 / 0.99, task_delay_info
#: 1.02 / -, cred_jar 2.00 / 2.00).
_TASK_SLAB = (("task_struct", 1), ("cred_jar", 1), ("signal_cache", 1), ("sighand_cache", 1),
              ("files_cache", 1), ("fs_cache", 1), ("pid", 1))
#: A cred's LSM blob (``cred->security``), the kmalloc size each ``prepare_creds``
#: charges with the cred (security/security.c ``security_prepare_creds`` →
#: ``lsm_cred_alloc``: ``kzalloc(blob_sizes.lbs_cred, gfp)``, the gfp
#: GFP_KERNEL_ACCOUNT from kernel/cred.c ``prepare_creds`` since Linux commit
#: 84029fd04c20 ("memcg: account security cred as well to kmemcg") (in v5.9); v5.10
#: and v6.1). 6.1's guest charges 24 bytes (kmalloc-cg-16's 16 and the objcg pointer)
#: right after cred_jar's 200, and frees both at ``put_cred_rcu``
#: (``security_cred_free``): kprobes on mod_objcg_state, tools/sizes/
#: late-frees-trace.sh, recordings/late-frees-trace--6.1-v2-2cpu.txt. 5.10's takes
#: ``bytes_req=8 bytes_alloc=8 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO`` at every
#: fork's and exec's ``security_prepare_creds`` (no kmalloc-cg caches before v5.14:
#: kmalloc-8's slabs, charged 8 bytes and the objcg pointer), kfree'd at
#: ``security_cred_free``: calibration/task-lsm-blob.sh, recordings calibration/
#: recordings/task-lsm-blob--5.10-v2-2cpu.txt (docs/fidelity.md items 425, 446). Not
#: taken on 5.10 yet: with it drop-caches-files' v1 kmem reads a page under the
#: guests' three runs and io-blkg-cost-8cpu's m phase leaves its band (item 446);
#: the creds' lives traced since (item 482: kernel/fork.py FORK_CRED_APART,
#: ACCESS_TEMP_CREDS), the page still off with them.
CRED_SECURITY = {"6.1": 16}
#: A task's LSM blob (``task->security``), the request ``copy_process`` makes at
#: ``security_task_alloc`` (unaccounted), freed at ``security_task_free`` with the
#: task_struct: 6.1's ``bytes_req`` 72 (kmalloc-96), 5.10's 48 (kmalloc-64); traced
#: at three forks of the shell (calibration/task-lsm-blob.sh, recordings
#: calibration/recordings/task-lsm-blob--K-v2-2cpu.txt) and at every fork of
#: calibration/memcg-mkdir-allocs.sh (5.10; docs/fidelity.md item 425).
TASK_SECURITY = {"5.10": 48, "6.1": 72}
#: The ``struct mm_struct`` of an mm (mm_cachep, SLAB_ACCOUNT, with its cpumask):
#: ``allocate_mm`` in the forking task's context for a child's copy (``dup_mm``),
#: ``mm_alloc`` in the exec'ing task's for the new one (fs/exec.c ``bprm_mm_init``,
#: v5.10 and v6.1), freed with the mm (mm_struct 0.84-0.98 a sleeper on the
#: guests: tools/sizes/recordings/fork-objects--K-v2.txt)
MM_STRUCT = (("mm_struct", 1),)
TASK_SLAB = {"5.10": _TASK_SLAB + (("task_delay_info", 1),), "6.1": _TASK_SLAB}

SIZES = {
    "5.10": ReleaseSizes(
        "5.10", BTF["5.10"], cgroup_psi_embedded=True,
        memcg_pcpu_stats=(("memcg->vmstats_local", "memcg_vmstats_percpu"),
                    ("memcg->vmstats_percpu", "memcg_vmstats_percpu")),
        memcg_pcpu_stats_per_node=(("pn->lruvec_stat_local", "lruvec_stat"),
                             ("pn->lruvec_stat_cpu", "lruvec_stat")),
        memcg_pcpu_uncharged=("wb", "objcg", "css"),
        memcg_vmstats_struct=False, shrinker_struct="memcg_shrinker_map",
        shrinker_deferred=False, list_lru_eager=True, bio_cache="skbuff_ext_cache",
        task_slab=TASK_SLAB["5.10"], pcpu_boot_cpu_areas=PCPU_BOOT_CPU_AREAS,
        **MEASURED["5.10"]),
    "6.1": ReleaseSizes(
        "6.1", BTF["6.1"], cgroup_psi_embedded=False,
        memcg_pcpu_stats=(("memcg->vmstats_percpu", "memcg_vmstats_percpu"),),
        memcg_pcpu_stats_per_node=(("pn->lruvec_stats_percpu", "lruvec_stats_percpu"),),
        memcg_pcpu_uncharged=("wb", "css", "objcg"),
        memcg_vmstats_struct=True, shrinker_struct="shrinker_info",
        shrinker_deferred=True, list_lru_eager=False, task_slab=TASK_SLAB["6.1"],
        **MEASURED["6.1"]),
}


def _derived(base: ReleaseSizes, btf: dict, **changes) -> ReleaseSizes:
    """``base`` with the structures of ``btf`` and the fields of ``changes``: a release
    between two measured ones, its ``release`` (the boot state, caches and counts
    read by release) still ``base``'s."""
    values = {n: getattr(base, n) for n in ReleaseSizes.__slots__}
    values.update(changes, btf={**base.btf, **btf})
    return ReleaseSizes(**values)


#: 5.10's item counts, read off its BTF: ``memcg_vmstats_percpu`` is
#: ``long stat[MEMCG_NR_STAT]``, ``unsigned long events[NR_VM_EVENT_ITEMS]``,
#: ``nr_page_events`` and ``targets[MEM_CGROUP_NTARGETS]`` (2): 136 items;
#: ``lruvec_stat`` is ``long count[NR_VM_NODE_STAT_ITEMS]``: 37
_NR_MEMCG_ITEMS = BTF["5.10"]["memcg_vmstats_percpu"][0] // 8 - 3
_NR_NODE_ITEMS = BTF["5.10"]["lruvec_stat"][0] // 8
#: f3344adf38bd (v5.12): ``pn->lruvec_stat_cpu`` becomes ``struct batched_lruvec_stat``
#: (``s32 count[NR_VM_NODE_STAT_ITEMS]``: "from 304 bytes to 152" in its config)
SIZES["5.12"] = _derived(
    SIZES["5.10"], {"batched_lruvec_stat": (4 * _NR_NODE_ITEMS, 4)},
    memcg_pcpu_stats_per_node=(("pn->lruvec_stat_local", "lruvec_stat"),
                               ("pn->lruvec_stat_cpu", "batched_lruvec_stat")))
#: 2d146aa3aa84 (v5.13): ``memcg->vmstats_local`` goes, ``memcg_vmstats_percpu`` gains
#: ``state_prev[MEMCG_NR_STAT]`` and ``events_prev[NR_VM_EVENT_ITEMS]``, and ``struct
#: mem_cgroup``'s atomic ``vmstats[]``/``vmevents[]`` become ``struct memcg_vmstats``
#: with the ``state_pending``/``events_pending`` arrays (less the ``vmstats_local``
#: pointer); the lruvec statistics stay batched (rstat from 7e1c0d6f5820, v5.15). Also
#: in v5.13: the per-node ``memcg_shrinker_map`` becomes ``struct shrinker_info`` with
#: its ``nr_deferred`` array (e4262c4f51d8 "mm: memcontrol: rename shrinker_map to
#: shrinker_info", 476b30a0949a "mm: vmscan: add per memcg shrinker nr_deferred"),
#: the struct 6.1 still has (its BTF's size)
SIZES["5.13"] = _derived(
    SIZES["5.12"], {"memcg_vmstats_percpu": (8 * (2 * _NR_MEMCG_ITEMS + 3), 8),
                    "mem_cgroup": (BTF["5.10"]["mem_cgroup"][0] - 8 + 8 * _NR_MEMCG_ITEMS, 8),
                    "shrinker_info": BTF["6.1"]["shrinker_info"]},
    memcg_pcpu_stats=(("memcg->vmstats_percpu", "memcg_vmstats_percpu"),),
    shrinker_struct="shrinker_info", shrinker_deferred=True)
