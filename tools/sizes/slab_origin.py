"""Where the slabs of a cache come from and go, guest against model (docs/fidelity.md
item 73): SLUB's list events of task_struct and maple_node over cgroup-cost.sh, per
phase (the mkdirs, the rmdirs and the 3 s after) and per CPU.

    python3 tools/sizes/slab_origin.py tools/sizes/recordings/slab-origin-trace--6.1-v2-8cpu.txt.gz
    PYTHONPATH=src python3 tools/sizes/slab_origin.py --model 6.1 8
    PYTHONPATH=src python3 tools/sizes/slab_origin.py --replay REC.txt.gz
    PYTHONPATH=src python3 tools/sizes/slab_origin.py --waits REC.txt.gz [SEED]
    PYTHONPATH=src python3 tools/sizes/slab_origin.py --waits REC.txt.gz CASE KERNEL [SEED]
    PYTHONPATH=src python3 tools/sizes/slab_origin.py --waits-all REC.txt.gz [CASE KERNEL [SEED]]

``--replay`` feeds the guest's own order of task_struct allocations and frees over the
mkdirs (``sched_process_fork`` on the parent's CPU, ``sched_process_free`` on the
freeing one; also of tools/sizes/taskfree-race-trace.sh's recordings) to the model's SLUB
(kernel/slub.py ``SlubLists``, seeded with the model's boot slabs at the trace's CPU
count), then the same tasks with each freed ``N`` forks later (N = 1: the model's
order, the free a grace period after the reap, before the fork after next), and
prints the slabs each order makes and how many tasks were allocated and not yet
freed at each fork.

``--waits`` is a what-if, not the model: cgroup-cost.sh on the model with every
reaped task's ``delayed_put_task_struct`` held, instead of one grace period
(kernel/clock.py ``RCU_GRACE_PERIOD_NS``), until the N-th fork after the reap, N
drawn (seeded) from the trace's own waits (the forks between a task's fork and its
free over the mkdirs), or N x 2 ms of model time (the loop's pace) when no fork
comes; it prints the task_struct lines and Slab kept, to compare with the recording,
or, given a conformance case and kernel, that case's disagreements with its recording
under its declarations. ``--waits-all`` holds every ``call_rcu`` callback so (what a
longer grace period would do: the css chains', the creds', the files' too).

The guest's events (tools/sizes/slab-origin-trace.sh): ``alloc``/``free`` the
objects (kmem tracepoints, one each; a bulk call, ``kmem_cache_alloc_bulk`` /
``kmem_cache_free_bulk``, counted by its objects), ``pcp`` ``put_cpu_partial`` (from a
free into a full slab: drain 1; from ``get_partial_node``: drain 0), ``ufp``
``__unfreeze_partials`` (a CPU's partial list to the node's), ``dis`` ``discard_slab``,
``sfree`` ``__slab_free`` (a free that is not into the CPU's own slab); 5.10's
``ufp5`` ``unfreeze_partials`` (its list named by the CPU's ``kmem_cache_cpu``), and no
``free`` (its kmem_cache_free event has no cache name). The model's
are the same points of kernel/slub.py's ``SlubLists``: ``_put_cpu_partial``,
``_unfreeze_partials``, ``_discard``, ``_new_slab`` (``new``: the guest has no probe
for it, ``new_slab`` being inlined into ``___slab_alloc``; its new slabs are counted
from /sys/kernel/slab at each phase); the model's objects are not counted (kernel/
slab.py writes SLUB's fast paths out inline), but ``inflightNN`` counts the loop's
forks at which NN of the loop's tasks were allocated and not yet freed (the fork's
own included), as ``--replay`` prints the guest's.
"""
from __future__ import annotations

import collections
import gzip
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slub_events import slub_events  # noqa: E402  (this folder's)

CACHES = ("task_struct", "maple_node")
PHASES = ("mkdirs", "rmdirs", "after")


def _open(path: str):
    return gzip.open(path, "rt", errors="replace") if path.endswith(".gz") else open(
        path, errors="replace")


def guest(path: str) -> tuple[dict, list]:
    """(phase, cache, event, cpu) -> count, and the ``lists`` lines."""
    counts: collections.Counter = collections.Counter()
    lists = []
    phase = None
    name_re = re.compile(r'name="?([a-z_]+)"?')
    size_re = re.compile(r"size=(\d+)")
    pending_bulk: dict[int, str] = {}
    with _open(path) as f:
        for line in f:
            if line.startswith("lists "):
                lists.append(line.rstrip())
                continue
            parts = line.split()
            if len(parts) < 4 or not parts[0].isdigit():
                continue
            cpu, ev = int(parts[0]), parts[2]
            if ev == "tracing_mark_write":
                mark = parts[-1]
                # tracing is off from "mkdirs-done" to the rmdirs' start: what
                # follows the mark is the rmdirs'
                phase = {"mkdirs": "mkdirs", "mkdirs-done": "rmdirs",
                         "rmdirs-done": "after", "slept": None}.get(mark, phase)
                continue
            if phase is None:
                continue
            cache = None
            n = 1
            if ev == "kmem_cache_alloc":
                if "bytes_alloc=8448" in line or "bytes_alloc=8064" in line:
                    cache = "task_struct"
                elif "mas_alloc_nodes" in line:
                    cache = "maple_node"
                ev = "alloc"
            elif ev == "abulk":
                m = name_re.search(line)
                pending_bulk[cpu] = m.group(1) if m else "?"
                continue
            elif ev == "abulkr":
                cache = pending_bulk.pop(cpu, None)
                n = int(line.rsplit("ret=", 1)[1].split()[0])
                ev = "alloc"
            elif ev in ("kmem_cache_free", "fbulk"):
                m = name_re.search(line)
                cache = m.group(1) if m else None
                if ev == "fbulk":
                    n = int(size_re.search(line).group(1))
                ev = "free"
            else:
                m = name_re.search(line)
                cache = m.group(1) if m else None
                if ev == "pcp":
                    ev = "pcp" + line.rsplit("drain=", 1)[1].split()[0]
            if cache in CACHES:
                counts[(phase, cache, ev, cpu)] += n
    return counts, lists


def run_cost_phases(k, state: dict, snap, snap_rmdirs: bool = False) -> None:
    """cgroup-cost.sh's loops on the model kernel ``k``: its parent, 1000 mkdirs,
    1000 rmdirs, 3 s; ``state["phase"]`` set to each phase as it starts and
    ``snap(tag)`` called at s0, s1, (r1 after the rmdirs,) s2."""
    from memcgsim.shell import run_script
    run_script(k, "R=/sys/fs/cgroup; P=$R/cost_parent; mkdir $P\n"
                  "echo +memory > $R/cgroup.subtree_control\n"
                  "echo +memory > $P/cgroup.subtree_control\n", "setup")
    snap("s0")
    state["phase"] = "mkdirs"
    run_script(k, "P=/sys/fs/cgroup/cost_parent\n"
                  "for ((i = 0; i < 1000; i++)); do mkdir $P/child_$i; done\n", "mkdirs")
    snap("s1")
    state["phase"] = "rmdirs"
    run_script(k, "P=/sys/fs/cgroup/cost_parent\n"
                  "for ((i = 0; i < 1000; i++)); do rmdir $P/child_$i; done\n", "rmdirs")
    if snap_rmdirs:
        snap("r1")
    state["phase"] = "after"
    run_script(k, "sleep 3\n", "sleep")
    snap("s2")


def model(design: str, cpus: int) -> tuple[dict, list]:
    """The model's run of cgroup-cost.sh's loops (its parent, 1000 mkdirs, 1000
    rmdirs, 3 s) with the same events counted."""
    from memcgsim import Kernel

    counts: collections.Counter = collections.Counter()
    state = {"phase": "boot"}
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus, init="busybox", userland="busybox")
    mine: dict[int, str] = {}

    def cache_of(sl) -> str | None:
        name = mine.get(id(sl))
        if name is None:
            for c in CACHES:
                kc = k.slab.caches.get(c)
                if kc is not None and kc.slub is sl:
                    mine[id(sl)] = c
                    return c
            return None
        return name

    def on_event(sl, ev, cpu, in_alloc):
        c = cache_of(sl)
        if c is not None and state["phase"] in PHASES:
            counts[(state["phase"], c, ev, cpu)] += 1

    lists = []

    def snap(tag):
        for c in CACHES:
            kc = k.slab.caches.get(c)
            if kc is None:
                continue
            sl = kc.slub
            lists.append(f"lists {tag} {c} | slabs {sl.nr_slabs()} | partial "
                         f"{len(sl.node_partial)} | cpu_slabs {len(sl.cpu_slab)} + "
                         f"{sum(len(v) for v in sl.cpu_partial.values())} | per CPU partial "
                         + " ".join(f"C{cpu}={len(v)}" for cpu, v in
                                    sorted(sl.cpu_partial.items()) if v))

    from memcgsim.kernel import fork as F
    fork, free_task = F.Processes.fork, F.Processes._free_task_struct
    tasks: list = []        # the mkdirs' ("A", parent pid, id of the task's objects), ("F", id)

    def counted_fork(self, parent, *args):
        child = fork(self, parent, *args)
        if state["phase"] == "mkdirs":
            tasks.append(("A", parent.pid, id(child.slab)))
        return child

    def counted_free_task(self, cpu, objs, *args):
        if state["phase"] == "mkdirs":
            tasks.append(("F", None, id(objs)))
        return free_task(self, cpu, objs, *args)
    F.Processes.fork, F.Processes._free_task_struct = counted_fork, counted_free_task
    try:
        with slub_events(on_event):
            run_cost_phases(k, state, snap)
    finally:
        F.Processes.fork, F.Processes._free_task_struct = fork, free_task
    # the loop's shell: the parent of most forks; its children in flight at each fork
    shell = collections.Counter(p for e, p, _ in tasks if e == "A").most_common(1)[0][0]
    live: set = set()
    for e, p, oid in tasks:
        if e == "A" and p == shell:
            live.add(oid)
            counts[("mkdirs", "task_struct", f"inflight{len(live):02d}", -1)] += 1
        elif e == "F":
            live.discard(oid)
    return counts, lists


def guest_task_order(path: str) -> tuple[list, int]:
    """The mkdirs' task_struct events of a trace in order: ``("A", cpu, pid)`` an
    allocation (``sched_process_fork``, on the parent's CPU: ``copy_process`` →
    ``dup_task_struct``), ``("F", cpu, pid)`` a free (``sched_process_free``:
    ``delayed_put_task_struct``, right before ``free_task`` on the same CPU); and the
    trace's CPU count. Reads this tool's traces and taskfree-race-trace.sh's."""
    order: list = []
    phase = "mkdirs"
    cpus = 0
    with _open(path) as f:
        for line in f:
            if cpus == 0:
                m = re.match(r"(\d+) CPUs, ", line)
                if m:
                    cpus = int(m.group(1))
            p = line.split()
            if len(p) < 3 or not p[0].isdigit() or not p[1].isdigit():
                continue
            if p[2] == "tracing_mark_write":
                phase = p[-1]
                continue
            if phase != "mkdirs":
                continue
            if p[2] == "sched_process_fork":
                order.append(("A", int(p[0]), int(re.search(r"child_pid=(\d+)", line).group(1))))
            elif p[2] == "sched_process_free":
                order.append(("F", int(p[0]), int(re.search(r" pid=(\d+)", line).group(1))))
    return order, cpus


def replay_slabs(order: list, cpus: int, design: str) -> tuple[int, dict, dict]:
    """New slabs (in all and by CPU) the model's SLUB makes for ``order``, from its
    boot slabs at ``cpus`` CPUs, and its list events as the guest's are named
    (``pcp1``: ``put_cpu_partial`` from a free, ``pcp0`` from a refill, ``ufp``,
    ``dis``)."""
    from memcgsim import Kernel
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus, init="busybox", userland="busybox")
    sl = k.slab.cache("task_struct", k.sizes.slab_objsize("task_struct")).slub.copy()
    base = sl.nr_slabs()
    where: dict = {}
    new: collections.Counter = collections.Counter()
    events: collections.Counter = collections.Counter()

    def on_event(sl, ev, cpu, in_alloc):
        if ev != "new":
            events[ev] += 1
    with slub_events(on_event):
        for kind, cpu, pid in order:
            if kind == "A":
                before = sl.nr_slabs()
                placed = sl.alloc(cpu, 1)
                new[cpu] += sl.nr_slabs() - before
                where[pid] = placed
            elif pid in where:
                sl.free(cpu, where.pop(pid))
    return (sl.nr_slabs() - base, {c: n for c, n in sorted(new.items()) if n},
            dict(sorted(events.items())))


def freed_later(order: list, n: int) -> list:
    """``order``'s tasks, each freed (on its own free's CPU) right after the ``n``-th
    fork after its own."""
    frees = {pid: (kind, cpu, pid) for kind, cpu, pid in order if kind == "F"}
    out: list = []
    waiting: list = []
    for a in (o for o in order if o[0] == "A"):
        out.append(a)
        waiting.append(a[2])
        if len(waiting) > n:
            f = frees.get(waiting.pop(0))
            if f is not None:
                out.append(f)
    return out


def replay(path: str) -> None:
    order, cpus = guest_task_order(path)
    design = "5.10" if "--5.10-" in path else "6.1"
    live: set = set()
    hist: collections.Counter = collections.Counter()
    for kind, _, pid in order:
        if kind == "A":
            live.add(pid)
            hist[len(live)] += 1
        else:
            live.discard(pid)
    print(f"{path}: {design}, {cpus} CPUs, {sum(hist.values())} forks over the mkdirs")
    print("  tasks allocated and not yet freed at each fork (itself included):",
          " ".join(f"{k}:{v}" for k, v in sorted(hist.items())))
    total, by_cpu, events = replay_slabs(order, cpus, design)
    print(f"  the guest's order through the model's SLUB: {total} new task_struct slabs",
          by_cpu, events)
    for n in (1, 2, 3, 4, 6, 8):
        total, by_cpu, events = replay_slabs(freed_later(order, n), cpus, design)
        print(f"  each freed after the {n}. fork after its own: {total}", by_cpu, events)


def fork_waits(order: list) -> list:
    """For each task of ``order`` freed in it: the forks between its own and its free."""
    forks = 0
    at: dict = {}
    out: list = []
    for kind, _, pid in order:
        if kind == "A":
            forks += 1
            at[pid] = forks
        elif pid in at:
            out.append(forks - at.pop(pid))
    return out


def waits_what_if(path: str, case: str | None = None, kernel: str | None = None,
                  seed: int = 0, every: bool = False) -> None:
    """The model with every reaped task's ``delayed_put_task_struct`` held until the
    N-th fork after its reap (N drawn from ``path``'s waits, seeded), or N x 2 ms of
    model time if no fork comes: cgroup-cost.sh's task_struct and Slab kept lines,
    or with ``case`` and ``kernel`` that conformance case's disagreements. With
    ``every``, every ``call_rcu`` callback waits so (a longer grace period)."""
    import random

    from memcgsim.api import read_script
    from memcgsim.kernel import clock as C
    from memcgsim.kernel import fork as F
    from memcgsim.oracle.cli import conform_runs, run_model
    from memcgsim.oracle.conform import Rules
    from memcgsim.oracle.record import SUITE, load_suite, read_recording
    order, cpus = guest_task_order(path)
    design = "5.10" if "--5.10-" in path else "6.1"
    waits = fork_waits(order)
    rng = random.Random(seed)
    pending: list = []      # [forks left, fn, args]
    call_rcu, fork = C.Clock.call_rcu, F.Processes.fork
    free_task = F.Processes._free_task_struct

    def run(entry) -> None:
        if entry[0] is not None:
            entry[0] = None
            entry[1](*entry[2])

    def held_call_rcu(self, fn, *args, cpu=-1):
        if every or getattr(fn, "__func__", None) is free_task:
            n = rng.choice(waits)
            entry = [n, fn, args]
            pending.append(entry)
            self.call_at(self.now_ns + n * 2_000_000, run, entry)
            return
        call_rcu(self, fn, *args, cpu=cpu)

    def counting_fork(self, parent, comm=None):
        child = fork(self, parent, comm)
        for entry in list(pending):
            if entry[0] is None:
                pending.remove(entry)
                continue
            entry[0] -= 1
            if entry[0] <= 0:
                pending.remove(entry)
                run(entry)
        return child
    what = "every RCU callback run" if every else "each task freed"
    print(f"{path}: {design}, {cpus} CPUs: {what} after the N-th fork from its "
          f"call_rcu, N from the trace's {len(waits)} waits (median "
          f"{sorted(waits)[len(waits) // 2]}), seed {seed}")
    C.Clock.call_rcu, F.Processes.fork = held_call_rcu, counting_fork
    try:
        if case is None:
            with open(os.path.join(SUITE, "scripts", "cgroup-cost.sh"), encoding="utf-8") as f:
                out = run_model(f.read(), "cgroup-cost.sh", design, "v2", cpus).stdout
            for line in out.splitlines():
                if "task_struct" in line or "Slab kept" in line or "maple_node" in line:
                    print(" ", line)
            return
        c = next(c for c in load_suite() if c.name == case)
        rec = read_recording(c.recording(kernel))
        best, items = conform_runs(
            read_script(c.script)[0], os.path.basename(c.script), rec.design,
            rec.header.get("cgroup", c.cgroup), int(rec.header.get("cpus", 2)),
            rec.header.get("boot", ""), rec.runs, Rules.parse(rec.conform),
            mem=rec.header.get("mem", c.mem))
    finally:
        C.Clock.call_rcu, F.Processes.fork = call_rcu, fork
    bad = [i.describe() for i in items if not i.ok]
    print(f"  {case} {kernel}: {'agrees' if not bad else f'{len(bad)} disagreement(s)'}"
          f" (closest run {best + 1}; known: {'yes' if kernel in c.known else 'no'})")
    for line in bad[:8]:
        print("   ", line)

def report(title: str, counts: dict, lists: list) -> None:
    print(title)
    for line in lists:
        print(" ", line)
    for phase in PHASES:
        for c in CACHES:
            evs = sorted({e for (p, cc, e, _) in counts if p == phase and cc == c})
            for e in evs:
                by = {cpu: n for (p, cc, ee, cpu), n in counts.items()
                      if p == phase and cc == c and ee == e}
                print(f"  {phase:7} {c:12} {e:6} {sum(by.values()):6}  "
                      + " ".join(f"{cpu}:{n}" for cpu, n in sorted(by.items())))


def main(argv: list) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] in ("--waits", "--waits-all"):
        every = argv[0] == "--waits-all"
        if len(argv) > 3:
            waits_what_if(argv[1], argv[2], argv[3], int(argv[4]) if len(argv) > 4 else 0,
                          every)
        else:
            waits_what_if(argv[1], seed=int(argv[2]) if len(argv) > 2 else 0, every=every)
        return 0
    if argv[0] == "--replay":
        for path in argv[1:]:
            replay(path)
        return 0
    if argv[0] == "--model":
        design = argv[1] if len(argv) > 1 else "6.1"
        cpus = int(argv[2]) if len(argv) > 2 else 8
        report(f"model {design} {cpus} CPUs", *model(design, cpus))
        return 0
    for path in argv:
        report(path, *guest(path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
