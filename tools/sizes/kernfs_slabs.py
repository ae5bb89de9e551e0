"""Where kernfs_node_cache's slabs go over cgroup-cost.sh, guest against model (session
25, branch kernfs25): per phase (the mkdirs, the rmdirs, the 3 s after) and CPU, the
nodes allocated and freed, SLUB's list events (``pcp1`` ``put_cpu_partial`` from a free
into a full slab, ``pcp0`` from ``get_partial_node``, ``ufp`` a CPU's partial list
unfrozen, ``dis`` ``discard_slab``, ``new`` a slab made: the model's only), who freed
them (the task's comm), and the lists at each phase.

    python3 tools/sizes/kernfs_slabs.py tools/sizes/recordings/kernfs-slab-trace--5.10-v2-8cpu.txt.gz
    PYTHONPATH=src python3 tools/sizes/kernfs_slabs.py --model 5.10 8
    PYTHONPATH=src python3 tools/sizes/kernfs_slabs.py --replay REC.txt.gz

The guest's events are tools/sizes/kernfs-slab-trace.sh's (`CPU USECS EVENT TASK-PID
ARGS`); the model's are the same points of kernel/slub.py's ``SlubLists`` for the
cache, the task that runs each free taken from the kernel's ``current``.

``--replay`` feeds the guest's own order (each node allocated and freed on its CPU,
objects named by their addresses) to the model's SLUB (``SlubLists`` of the release's
design, ``slub_cpu_partial``), from the guest's CPU slabs as the trace finds them
(each CPU's first slab with the room the CPU's first allocations took there), and
prints the lists it ends with beside the guest's ``lists r1`` line.
"""
from __future__ import annotations

import collections
import gzip
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slub_events import slub_events  # noqa: E402  (this folder's)

CACHE = "kernfs_node_cache"
PHASES = ("mkdirs", "rmdirs", "after")


def _open(path: str):
    return gzip.open(path, "rt", errors="replace") if path.endswith(".gz") else open(
        path, errors="replace")


def _comm(task_pid: str) -> str:
    comm = task_pid.rsplit("-", 1)[0]
    return re.sub(r"\d+$", "N", comm) if comm.startswith(("kworker", "ksoftirqd")) else comm


def guest(path: str) -> tuple[collections.Counter, list]:
    """(phase, event, cpu, comm) -> count, and the ``lists`` / ``conf`` lines."""
    counts: collections.Counter = collections.Counter()
    lists = []
    phase = None
    with _open(path) as f:
        for line in f:
            if line.startswith(("lists ", "conf ")):
                lists.append(line.rstrip())
                continue
            parts = line.split()
            if len(parts) < 4 or not parts[0].isdigit():
                continue
            cpu, ev, task = int(parts[0]), parts[2], parts[3]
            if ev == "tracing_mark_write":
                phase = {"mkdirs": "mkdirs", "rmdirs": "rmdirs", "rmdirs-done": "after",
                         "slept": None, "mkdirs-done": None}.get(parts[-1], phase)
                continue
            if phase is None:
                continue
            if ev == "kmem_cache_alloc":
                if "kernfs" not in line:
                    continue
                ev = "alloc"
            elif ev == "kcf":
                ev = "free"
            elif ev == "pcp":
                ev = "pcp" + line.rsplit("drain=", 1)[1].split()[0]
            elif ev in ("ufp", "ufp5"):
                ev = "ufp"
            elif ev not in ("dis", "dea", "sfree"):
                continue
            counts[(phase, ev, cpu, _comm(task) if ev in ("alloc", "free") else "")] += 1
    return counts, lists


def guest_order(path: str) -> tuple[list, int, str]:
    """The guest's kernfs_node allocations and frees in trace order, ``("a"|"f", cpu,
    object address)``, its CPU count and its release (the model's design)."""
    order = []
    cpus = 0
    design = ""
    alloc = re.compile(r" ptr=([0-9a-f]+)")
    free = re.compile(r" obj=0x([0-9a-f]+)")
    with _open(path) as f:
        for line in f:
            m = re.match(r"(\d+) CPUs, (\d+\.\d+)\.", line)
            if m:
                cpus, design = int(m.group(1)), m.group(2)
                continue
            parts = line.split(None, 3)
            if len(parts) < 4 or not parts[0].isdigit():
                continue
            if parts[2] == "kmem_cache_alloc" and "kernfs" in line:
                order.append(("a", int(parts[0]), int(alloc.search(line).group(1), 16)))
            elif parts[2] == "kcf":
                order.append(("f", int(parts[0]), int(free.search(line).group(1), 16)))
    return order, cpus, design


def guest_lists(path: str, tag: str) -> tuple[int, int, dict]:
    """A ``lists`` line of the guest's: slabs, node partial slabs, per CPU its partial
    list's slabs."""
    with _open(path) as f:
        for line in f:
            if line.startswith(f"lists {tag} "):
                slabs = int(re.search(r"\| slabs (\d+)", line).group(1))
                partial = int(re.search(r"\| partial (\d+)", line).group(1))
                per_cpu = {int(c): int(n) for c, n in re.findall(r" C(\d+)=\d+\((\d+)\)", line)}
                return slabs, partial, per_cpu
    raise ValueError(f"no lists {tag} line in {path}")


def replay(order: list, cpus: int, design: str, boot_partial: dict | None = None):
    """The guest's order through the model's SLUB: the ``SlubLists`` it leaves and
    the slabs it made over the trace (the boot's not counted). The boot's slabs are
    each CPU's first slab (its CPU slab) and, for a CPU with ``boot_partial[cpu]``
    slabs on its partial list (the trace's ``lists s0``), the next ones, each with
    the room the CPU's allocations took there before they moved on."""
    from memcgsim.designs import DESIGNS
    from memcgsim.kernel.slub import CPU, SlubLists
    boot_partial = boot_partial or {}
    seen: dict[int, list[int]] = collections.defaultdict(list)
    room: collections.Counter = collections.Counter()
    for kind, cpu, obj in order:
        if kind == "a":
            slabs = seen[cpu]
            if not slabs or slabs[-1] != obj >> 12:
                slabs.append(obj >> 12)
            if len(slabs) <= 1 + boot_partial.get(cpu, 0):
                room[(cpu, len(slabs) - 1)] += 1
    sl = SlubLists(128, 32, DESIGNS[design].slub_cpu_partial, cpus)
    for cpu in range(cpus):
        sl.cpu_slab[cpu] = sl._new_slab(sl.objects - room[(cpu, 0)], CPU)
        # the partial list's head last: the slab the CPU takes next
        for i in range(boot_partial.get(cpu, 0), 0, -1):
            sid = sl._new_slab(sl.objects - room[(cpu, i)], CPU)
            sl._put_cpu_partial(cpu, sid, False)
    boot = sl.nr
    where: dict[int, int] = {}
    for kind, cpu, obj in order:
        if kind == "a":
            ((where[obj], _),) = sl.alloc(cpu, 1)
        elif obj in where:          # (a node from before the trace: not placed)
            sl.free(cpu, ((where.pop(obj), 1),))
    return sl, sl.nr - boot


def model(design: str, cpus: int) -> tuple[collections.Counter, list]:
    """The model's run of cgroup-cost.sh's loops with the same events counted."""
    from memcgsim import Kernel
    from slab_origin import run_cost_phases

    counts: collections.Counter = collections.Counter()
    state = {"phase": "boot"}
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus, init="busybox", userland="busybox")

    def mine(sl) -> bool:
        kc = k.slab.caches.get(CACHE)
        return kc is not None and kc.slub is sl and state["phase"] in PHASES

    def comm() -> str:
        t = getattr(k, "current", None)
        return getattr(t, "comm", "?") if t is not None else "?"

    def on_alloc(sl, cpu, n):
        if mine(sl):
            counts[(state["phase"], "alloc", cpu, comm())] += n

    def on_free(sl, cpu, placements):
        if mine(sl):
            counts[(state["phase"], "free", cpu, comm())] += sum(m for _, m in placements)

    def on_event(sl, ev, cpu, in_alloc):
        if mine(sl):
            counts[(state["phase"], ev, cpu, "")] += 1

    lists = []

    def snap(tag):
        sl = k.slab.caches[CACHE].slub
        lists.append(f"lists {tag} {CACHE} | slabs {sl.nr_slabs()} | partial "
                     f"{len(sl.node_partial)} | cpu_slabs "
                     f"{sum(s is not None for s in sl.cpu_slab)} | "
                     f"slabs_cpu_partial " + " ".join(
                         f"C{cpu}={sum(1 for _ in v)}" for cpu, v in
                         sorted(sl.cpu_partial.items()) if v))

    with slub_events(on_event, on_alloc, on_free):
        run_cost_phases(k, state, snap, snap_rmdirs=True)
    return counts, lists


def report(counts: collections.Counter, lists: list) -> None:
    for ln in lists:
        print(ln)
    cpus = sorted({c for (_, _, c, _) in counts})
    for ph in PHASES:
        evs = sorted({e for (p, e, _, _) in counts if p == ph})
        if not evs:
            continue
        print(f"{ph}: {'event':8s}" + "".join(f"{'C' + str(c):>7s}" for c in cpus) + "    all")
        for e in evs:
            row = [sum(v for (p, ee, c, _), v in counts.items() if p == ph and ee == e and c == cpu)
                   for cpu in cpus]
            print(f"{'':{len(ph) + 2}s}{e:8s}" + "".join(f"{v:7d}" for v in row) + f"{sum(row):7d}")
        for e in ("alloc", "free"):
            by = collections.Counter()
            for (p, ee, _, comm), v in counts.items():
                if p == ph and ee == e:
                    by[comm] += v
            if by:
                print(f"{'':{len(ph) + 2}s}{e} by task: " + ", ".join(
                    f"{c} {v}" for c, v in by.most_common(6)))


def main(argv: list) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "--model":
        report(*model(argv[1], int(argv[2])))
    elif argv[0] == "--replay":
        order, cpus, design = guest_order(argv[1])
        s0, p0, c0 = guest_lists(argv[1], "s0")
        sl, made = replay(order, cpus, design, c0)
        s1, p1, c1 = guest_lists(argv[1], "r1")
        print(f"{design}, {cpus} CPUs, {sum(1 for o in order if o[0] == 'a')} nodes "
              f"allocated, {sum(1 for o in order if o[0] == 'f')} freed")
        print(f"guest: slabs kept {s1 - s0}, node partial {p1}, per CPU partial "
              + " ".join(f"C{c}={n}" for c, n in sorted(c1.items()) if n))
        print(f"model's SLUB, the guest's order: slabs kept {made}, node partial "
              f"{len(sl.node_partial)}, per CPU partial " + " ".join(
                  f"C{c}={len(v)}" for c, v in sorted(sl.cpu_partial.items()) if v))
    else:
        report(*guest(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
