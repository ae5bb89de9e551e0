"""Kernel designs: named sets of behaviour switches, each switch cited.

The model branches on a switch in one place, behind a function named for the
kernel behaviour. Adding a design is adding data here.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace


@dataclass(frozen=True, slots=True)
class Switch:
    value: object
    source: str


@dataclass(frozen=True)
class KernelDesign:
    name: str
    release: str
    #: What a non-slab kmem page's ``page->memcg_data`` points at and pins:
    #: "memcg" (a css reference) or "objcg" (an obj_cgroup reference, reparented at
    #: offline). Linux commit b4e0b68fbd9d ("mm: memcontrol: use obj_cgroup APIs to
    #: charge kmem pages") (in v5.13) switched it to "objcg".
    kmem_page_ref: str = "memcg"
    #: ``MEMCG_CHARGE_BATCH``: pages a per-CPU stock precharges. 64 from Linux
    #: commit 1813e51eece0 ("memcg: increase MEMCG_CHARGE_BATCH to 64") (in v6.1).
    memcg_charge_batch: int = 32
    #: Reparented obj_cgroups hold a css reference on the memcg they point at
    #: (``memcg_reparent_objcgs``/``obj_cgroup_release`` css_get/css_put). Removed by
    #: Linux commit 9838354e16a2 ("mm: memcontrol: simplify the logic of objcg
    #: pinning memcg") (in v5.14).
    objcg_pins_memcg: bool = True
    #: How memory.stat is kept: "percpu_batch" (per-CPU deltas folded into the
    #: hierarchical counters beyond a threshold, v5.12 and before), "rstat" (exact
    #: flush on read, Linux commit 2d146aa3aa84 ("mm: memcontrol: switch to rstat")
    #: (in v5.13)), "rstat_threshold" (flush only when enough updates accumulated,
    #: plus a periodic 2 s flush: Linux commit aa48e47e3906 ("memcg: infrastructure
    #: to flush memcg stats") (in v5.15)).
    stats_flush: str = "percpu_batch"
    #: ``refill_obj_stock`` drains the whole obj stock once it holds more than a page
    #: (v5.9-v5.13); from v5.14 it uncharges whole pages only (Waiman Long, Linux
    #: commit 5387c90490f7 ("mm/memcg: improve refill_obj_stock() performance"))
    obj_stock_keeps_remainder: bool = False
    #: Highest memcg ID: ``MEM_CGROUP_ID_MAX`` = USHRT_MAX, allocated with
    #: ``idr_alloc(.., 1, MEM_CGROUP_ID_MAX)`` (end exclusive) → 1..65534 until Linux
    #: commit be740503ed03 ("mm: memcontrol: fix cannot alloc the maximum memcg ID")
    #: (in v5.18, and stable kernels that took it) made it 1..65535.
    memcg_id_max: int = 65534
    #: The memory stat ``kernel`` key and ``MEMCG_KMEM`` item: Linux commit
    #: a8c49af3be5f ("memcg: add per-memcg total kernel memory stat") (in v5.18).
    stat_kernel_key: bool = False
    #: v1 ``memory.use_hierarchy`` is always 1: Linux commit bef8620cd8e0 ("mm:
    #: memcg: deprecate the non-hierarchical mode") (in v5.11).
    use_hierarchy_forced: bool = True
    #: v2 memory.stat key set ("5.10", "5.13" or "6.1": see fs/cgroup_files.py)
    memory_stat_keys: str = "5.13"
    #: bpf maps charge their memory to a memcg they hold: None (not charged; they
    #: count against RLIMIT_MEMLOCK), "memcg" (``map->memcg``, Linux commit
    #: 48edc1f78aab ("bpf: Prepare for memcg-based memory accounting for bpf maps")
    #: (in v5.11)) or "objcg" (``map->objcg``, Linux commit 4201d9ab3e42 ("bpf:
    #: reparent bpf maps on memcg offlining") (in v6.0)).
    bpf_map_ref: str | None = "memcg"
    #: ``cgroup.kill``: Linux commit 661ee6280931 ("cgroup: introduce cgroup.kill")
    #: (in v5.14)
    cgroup_kill: bool = False
    #: ``uname -r``
    uname: str = ""
    #: bibliography of every switch (filled by ``describe``)
    notes: tuple[str, ...] = field(default=())

    def switches(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("name", "release", "notes", "uname")}


_5_12 = KernelDesign(name="5.12", release="v5.12", uname="5.12.0-memcgsim")
_5_13 = replace(_5_12, name="5.13", release="v5.13", uname="5.13.0-memcgsim",
                kmem_page_ref="objcg", stats_flush="rstat")
#: Debian's 5.10.262 (linux-image-5.10.0-46-amd64): before 5.11's use_hierarchy
#: deprecation and bpf memcg accounting; it took be740503ed03 (IDs up to 65535).
_5_10 = replace(_5_12, name="5.10", release="v5.10.262", uname="5.10.0-46-amd64",
                use_hierarchy_forced=False, bpf_map_ref=None, memcg_id_max=65535,
                memory_stat_keys="5.10")
#: Debian's 6.1.192 (linux-image-6.1.0-56-amd64)
_6_1 = replace(_5_13, name="6.1", release="v6.1.192", uname="6.1.0-56-amd64",
               memcg_charge_batch=64, objcg_pins_memcg=False, stats_flush="rstat_threshold",
               obj_stock_keeps_remainder=True, memcg_id_max=65535, stat_kernel_key=True,
               cgroup_kill=True, bpf_map_ref="objcg", memory_stat_keys="6.1")

DESIGNS: dict[str, KernelDesign] = {d.name: d for d in (_5_10, _5_12, _5_13, _6_1)}
NEWEST = "6.1"


def get_design(name: str) -> KernelDesign:
    try:
        return DESIGNS[name]
    except KeyError:
        raise ValueError(f"unknown kernel design {name!r}; known: {', '.join(DESIGNS)}") from None


@dataclass(frozen=True, slots=True)
class BootOptions:
    """Kernel command-line options the model honours."""
    #: ``cgroup.memory=nokmem``: ``memcg_online_kmem`` does nothing, so no objcg and
    #: no kmem accounting. Vladimir Davydov, "mm: memcontrol: allow to
    #: disable kmem accounting for cgroup2" (in v4.6).
    nokmem: bool = False
    #: ``cgroup.memory=nosocket``
    nosocket: bool = False

    @classmethod
    def parse(cls, cmdline: str) -> "BootOptions":
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
