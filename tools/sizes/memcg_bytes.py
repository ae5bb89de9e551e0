"""What one dying memory cgroup costs the host, per design and CPU count (session 41,
branch slab41: docs/fidelity.md item 362): the model's own accounting of a dying
memcg (analysis/cost.py ``memcg_cost``: its structures and its cgroup's, from
kernel/sizes, i.e. each kernel's BTF through tools/sizes/btf_sizes.py), split into
the slab objects (each at its kmalloc slot or cache slot), the per-CPU areas charged
to nobody and those charged to the parent (both per CPU times the CPUs), beside the
guests' measured per-CPU bytes of a live child (tests/conformance/recordings/
cgroup-cost-Ncpu--K-v2.txt: 1000 children's /proc/meminfo Percpu and the parent's
memory.stat percpu, per child).

    PYTHONPATH=src python3 tools/sizes/memcg_bytes.py [--cpus 1,2,4,8] [--designs 5.10,6.1]
    PYTHONPATH=src python3 tools/sizes/memcg_bytes.py --parts [--disk] [--designs 5.10,6.1]

``--disk``: the page written to a file on the disk, not tmpfs (:data:`DISK_SCRIPT`).
``--parts`` (session 42, branch slab42: docs/dying-memcg-bytes.md) lists where each
figure comes from: per design, each structure the dying memcg and its cgroup still
hold (the holder, the cache and its slot, the count) and each per-CPU area (its
kernel field, its size a CPU, charged or not), from kernel/sizes' specs (BTF).

The dying memcg: a child of a child of the cgroup2 root (its per-CPU statistics
charged to that parent, as cgroup-cost.sh's children's are), a task in it
writing one tmpfs page (which pins it), the child removed, a second for the grace
periods (perf_event's css and the bpf refcount go), as `memcgsim run` boots the
oracle's guest.
"""
from __future__ import annotations

import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDINGS = os.path.join(HERE, "..", "..", "tests", "conformance", "recordings")
SCRIPT = """echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir /sys/fs/cgroup/p
echo +memory > /sys/fs/cgroup/p/cgroup.subtree_control
mkdir /sys/fs/cgroup/p/x
sh -c 'echo $$ > /sys/fs/cgroup/p/x/cgroup.procs; echo data > /tmp/pin'
rmdir /sys/fs/cgroup/p/x
sleep 1
"""


#: :data:`SCRIPT` with the page written to a file on the disk (the working directory, an
#: ext4 file system as in the oracle's guest): the memcg's cgroup writeback
#: (``bdi_writeback``, its percpu_ref and per-CPU counters: kernel/backing_dev.py) is
#: made at the write and lives as long as the page pins the memcg
DISK_SCRIPT = SCRIPT.replace("/tmp/pin", "pin")


def _dying(design: str, cpus: int, disk: bool):
    """(the model kernel, its one dying memcg) after :data:`SCRIPT` (or
    :data:`DISK_SCRIPT`), booted as `memcgsim run` boots the oracle's guest."""
    from memcgsim import Kernel
    from memcgsim.analysis.cost import dying
    from memcgsim.shell import run_script
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus, init="busybox", userland="busybox")
    run_script(k, DISK_SCRIPT if disk else SCRIPT, "dying.sh")
    (m,) = dying(k)
    return k, m


def dying_memcg_bytes(design: str, cpus: int, disk: bool = False) -> dict:
    """The one dying memcg of :data:`SCRIPT` on the model: its and its cgroup's slab
    objects (bytes of their slots: ``memcg_cost``'s ``slab_uncharged``), the per-CPU
    bytes a CPU of their areas charged to the parent and charged to nobody, and
    what ``memcg_cost`` says the parent is charged for the former (6.1's
    ``pcpu_obj_full_size`` adds an obj_cgroup pointer per 4-byte unit)."""
    from memcgsim.analysis.cost import memcg_cost, wb_owners
    k, m = _dying(design, cpus, disk)
    c = memcg_cost(k, m)
    charged = uncharged = 0
    for owner in (m, m.cgroup) + wb_owners(k, m):
        areas = k.percpu.areas_of(owner)
        for size, objcg, _c in areas.charges() if areas is not None else ():
            if objcg is not None:
                charged += size
            else:
                uncharged += size
    return {"slab": c.slab_uncharged, "pcpu_charged": charged, "pcpu_uncharged": uncharged,
            "charge": sum(c.charged_percpu.values())}


def parts(design: str, disk: bool = False) -> list[str]:
    """Lines naming every part of :func:`dying_memcg_bytes`'s figures for ``design``
    (1 CPU; the per-CPU sizes are a CPU's): the slab objects still held, by holder
    and cache (the cache's slot bytes, as ``memcg_cost`` counts them), then the
    per-CPU areas of the memcg and its cgroup by kernel field (kernel/sizes'
    ``memcg_pcpu`` and ``cgroup_pcpu``, the areas still held matched by size in
    order)."""
    from memcgsim.analysis.cost import kernfs_owners, wb_owners
    k, m = _dying(design, 1, disk)
    out = []
    names = {id(m): "memcg", id(m.cgroup): "cgroup"}
    # the kernel fields in allocation order (those the rmdir's grace periods freed,
    # the cgroup's bpf and perf_event parts, left out); the cgroup's directory's
    # kernfs node and name come after
    fields = {id(m): [f"{o.field} ({o.size} B)" for o in k.sizes.memcg_slab(k.nr_nodes)],
              id(m.cgroup): [f"{o.field} ({o.size} B)"
                             for o in k.sizes.cgroup_slab(m.cgroup.level, False, False)]}
    for wb in wb_owners(k, m):
        fields[wb] = [f"{o.field} ({o.size} B)" for o in k.sizes.cgwb_slab()]
    total = 0
    for owner in (m, m.cgroup) + wb_owners(k, m) + kernfs_owners(m.cgroup):
        held = k.slab.held_of(owner)
        if held is None:
            continue
        who = names.get(id(owner)) or " ".join(
            o if isinstance(o, str) else type(o).__name__ for o in owner)
        left = fields.get(owner if type(owner) is tuple else id(owner), [])
        for t in held:
            cache = k.slab.by_id[t[0]]
            n = t[1]
            total += cache.size * n
            field = left.pop(0) if left else "the directory's kernfs node or name"
            out.append(f"{design} slab {who}: {field} {cache.name} {n} x {cache.size}")
    out.append(f"{design} slab total {total}")
    for owner in (m, m.cgroup) + wb_owners(k, m):
        specs = list(k.sizes.memcg_pcpu(k.nr_nodes) if owner is m else
                     k.sizes.cgroup_pcpu(True, False) if owner is m.cgroup else
                     k.sizes.cgwb_pcpu())
        areas = k.percpu.areas_of(owner)
        for size, objcg, _c in areas.charges() if areas is not None else ():
            i = next((i for i, a in enumerate(specs) if a.size == size), None)
            field = specs.pop(i).field if i is not None else "?"
            who = names.get(id(owner), "cgwb")
            out.append(f"{design} percpu {who}: {field} {size} "
                       f"{'charged' if objcg is not None else 'uncharged'}")
    return out


def guest_percpu(release: str, cpus: int) -> tuple[int, int] | None:
    """(percpu charged to the parent, meminfo Percpu) per child of the guest's
    cgroup-cost-Ncpu recording, or None."""
    path = os.path.join(RECORDINGS, f"cgroup-cost-{cpus}cpu--{release}-v2.txt")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        text = f.read()
    charged = re.search(r"^percpu charged to the parent per child: (\d+)", text, re.M)
    meminfo = re.search(r"^meminfo Percpu per child: (\d+)", text, re.M)
    return int(charged.group(1)), int(meminfo.group(1))


def main(argv: list[str]) -> int:
    """Print the table (markdown)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cpus", default="1,2,4,8")
    ap.add_argument("--designs", default="5.10,5.12,5.13,6.1")
    ap.add_argument("--parts", action="store_true", help="list each figure's parts")
    ap.add_argument("--disk", action="store_true",
                    help="the pinning page in a disk file (its cgroup writeback too)")
    a = ap.parse_args(argv)
    if a.parts:
        for design in a.designs.split(","):
            print("\n".join(parts(design, a.disk)), flush=True)
        return 0
    print("| design | CPUs | slab objects | per-CPU a CPU: charged + uncharged | per-CPU bytes "
          "| dying memcg's bytes (no page) | parent's percpu charge: model / guest | guest "
          "Percpu per live child |")
    print("|---|---|---|---|---|---|---|---|")
    for design in a.designs.split(","):
        for cpus in map(int, a.cpus.split(",")):
            b = dying_memcg_bytes(design, cpus, a.disk)
            pcpu = (b["pcpu_charged"] + b["pcpu_uncharged"]) * cpus
            g = guest_percpu(design, cpus)
            print(f"| {design} | {cpus} | {b['slab']} | {b['pcpu_charged']} + "
                  f"{b['pcpu_uncharged']} | {pcpu} | {b['slab'] + pcpu} | {b['charge']} / "
                  f"{g[0] if g else '-'} | {g[1] if g else '-'} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
