"""Re-make src/memcgsim/kernel/sizes/slub_boot.py from the guests' SLUB lists at boot
(tools/sizes/slub-boot-cpus.sh at 1, 2, 4 and 8 CPUs, both releases; the `VFS`
caches from tools/sizes/slub-boot-vfs.sh, which reads them undisturbed):

    memcgsim oracle tools/sizes/slub-boot-cpus.sh --kernel K --cgroup v2 --cpus N \\
        > tools/sizes/recordings/slub-boot-cpus--K-v2-Ncpu.txt
    memcgsim oracle tools/sizes/slub-boot-vfs.sh --kernel K --cgroup v2 --cpus N \\
        > tools/sizes/recordings/slub-boot-vfs--K-v2-Ncpu.txt
    memcgsim oracle tools/sizes/slub-boot-reads.sh --kernel K --cgroup v2 --cpus N \\
        > tools/sizes/recordings/slub-boot-reads--K-v2-Ncpu.txt
    memcgsim oracle tools/sizes/slub-boot-start.sh --kernel K --cgroup v2 --cpus N \\
        > tools/sizes/recordings/slub-boot-start--K-v2-Ncpu.txt
    memcgsim oracle calibration/slub-start-fill.sh --kernel K --cgroup v2 --cpus N \\
        > calibration/recordings/slub-start-fill--K-v2-Ncpu-RUN.txt
    python3 tools/sizes/slub_boot.py [--vfs] [--reads | --start] [--fill] > src/memcgsim/kernel/sizes/slub_boot.py

Per cache: its objects per slab; per CPU the free objects of its CPU slab (None: no
CPU slab) and, for each slab on its per-CPU partial list, its free objects and the
free objects ``slabs_cpu_partial`` counts for it (5.10's ``pobjects`` at the put);
the free objects of each slab on the node's partial list. From /sys/kernel/slab (mm/slub.c
``show_slab_objects``): ``cpu_slabs`` counts each CPU's slab and, for a CPU that has
one, its partial list's slabs; ``slabs_cpu_partial`` gives each CPU's partial
slabs; ``partial`` / ``objects_partial`` the node list's slabs and objects in use;
``objects`` counts the CPU-held slabs full (``inuse`` is ``objects`` while frozen),
so ``objects`` less the in-use objects left after ``shrink`` (``flush_all``: every
CPU slab and per-CPU partial list back to the node) is what the CPUs held free,
split here over the CPU-held slabs (which of them holds how many is not visible):
each partial slab as ``slabs_cpu_partial`` counts it, the rest evenly over the
CPU slabs, what exceeds them over the partial slabs. CPU slabs go first to the CPUs with a partial list, then to the lowest
CPUs, as few as make ``cpu_slabs`` (5.10 and 6.1 count a partial list only where
the CPU has a slab). The dentry, inode, kernfs_iattrs, file and seq_file caches
(`VFS`) are left out: slub-boot-cpus.sh's own sysfs lookups and opens populate them.
With ``--vfs`` they are taken from slub-boot-vfs.sh's recordings, which read them
undisturbed (session 35, slab35: docs/fidelity.md item 224; the 18 descriptors that
probe holds open are in use in both its counts); the table is made without: those
lists alone leave the model's reads taking none of the slabs the guests' reads take
on each new CPU (item 201), and move agreeing cases below the guests. kernfs_node_cache is kept
(session 25, branch kernfs25): a lookup in sysfs makes a dentry and an inode for a
node that exists (fs/kernfs/dir.c ``kernfs_iop_lookup``), no node, and the guests'
boot leaves a CPU slab with room on every CPU (tools/sizes/kernfs-slab-trace.sh:
the conformance scripts' first mkdirs on each CPU take their nodes there).
A cache the guests' boot slabinfo shows empty (src/memcgsim/kernel/sizes/boot.py,
from tools/sizes/boot_state.py) is left out whatever the probe's lists hold of it:
those slabs came after the boot, taken by work the model makes itself (session 37,
slab37: jbd2_journal_head and mbcache, ext4lazyinit's zeroing of the inode tables a
few seconds after the disk's mount, tools/sizes/lazyinit-slabs-trace.sh; dquot).
With ``--start`` every cache but the `VFS` ones is taken from slub-boot-start.sh's
recordings where there is one: the lists where a conformance script starts (no
``sync``, ``drop_caches`` and ``sleep 1`` first), the `READS` caches read as
slub-boot-reads.sh reads them (session 40, slab40: docs/fidelity.md item 336).
With ``--fill`` the caches calibration/slub-start-fill.sh filled CPU by CPU where a
script starts take each CPU's own free objects as measured (the mean over the
recorded boots) on their CPU slabs, not the even split; their partial lists stay the
table's (session 42, slab42: docs/fidelity.md item 392).
"""
import ast
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CALIBRATION = os.path.join(HERE, "..", "..", "calibration", "recordings")
VFS = {"dentry", "inode_cache", "kernfs_iattrs_cache", "seq_file",
       "filp", "lsm_file_cache"}
#: per release: names_cache, the open file's, the open node's and the seq buffer's caches
READS = {"5.10": {"names_cache", "kmalloc-192", "kmalloc-64", "kmalloc-4k"},
         "6.1": {"names_cache", "kmalloc-192", "kmalloc-96", "kmalloc-cg-4k"}}
LINE = re.compile(r'^(\S+) order (\d+) objs_per_slab (\d+) slabs (\d+)\S* (?:N0=\d+ )?'
                  r'objects (\d+) (?:N0=\d+ )?partial (\d+) (?:N0=\d+ )?objects_partial '
                  r'(\d+) (?:N0=\d+ )?cpu_slabs "(\d+)[^"]*" cpu_partial "([^"]*)"$')


def empty_at_boot(release: str) -> set[str]:
    """The caches with no object in the guests' boot /proc/slabinfo (the generated
    src/memcgsim/kernel/sizes/boot.py, read as data)."""
    path = os.path.join(HERE, "..", "..", "src", "memcgsim", "kernel", "sizes", "boot.py")
    with open(path) as f:
        tree = ast.parse(f.read())
    boot = next(ast.literal_eval(n.value) for n in tree.body
                if isinstance(n, ast.Assign) and n.targets[0].id == "BOOT")
    return {line[0] for line in boot[release]["slabinfo"] if line[2] == 0}


def split(total: int, n: int, cap: int) -> list[int]:
    """``total`` free objects over ``n`` slabs, evenly, none above ``cap``."""
    total = max(0, min(total, n * cap))
    return [total // n + (i < total % n) for i in range(n)]


def parse(path: str, nr_cpus: int, vfs: bool = False, only: set | None = None) -> dict:
    """The lists of every cache of the recording ``path`` at ``nr_cpus`` CPUs: the
    `VFS` caches alone (``vfs``, a slub-boot-vfs.sh recording) or all others; of
    those, the caches in ``only`` alone (a slub-boot-reads.sh recording)."""
    with open(path) as f:
        text = f.read()
    shrunk = {m.group(1): int(m.group(2)) for m in re.finditer(
        r"^shrunk (\S+) slabs \d+ objects (\d+)", text, re.M)}
    out = {}
    for line in text.splitlines():
        m = LINE.match(line)
        if not m or (m.group(1) in VFS) != vfs or m.group(1) not in shrunk or (
                only is not None and m.group(1) not in only):
            continue
        name = m.group(1)
        per, objects = int(m.group(3)), int(m.group(5))
        np_, npo, cpu_slabs = int(m.group(6)), int(m.group(7)), int(m.group(8))
        partial = [0] * nr_cpus
        pobjects = [0] * nr_cpus
        for c, objs, slabs in re.findall(r"C(\d+)=(\d+)\((\d+)\)", m.group(9)):
            partial[int(c)] = int(slabs)
            pobjects[int(c)] = int(objs)
        # the fewest CPUs with a slab whose count, with their partial slabs, makes
        # cpu_slabs
        order = sorted(range(nr_cpus), key=lambda c: (not partial[c], c))
        n_cpu = 0
        while n_cpu < nr_cpus and n_cpu + sum(partial[c] for c in order[:n_cpu]) < cpu_slabs:
            n_cpu += 1
        if not n_cpu and not np_ and not any(partial):
            continue
        has = set(order[:n_cpu])
        # a partial slab's free objects as slabs_cpu_partial counts them (5.10:
        # pobjects, each slab's free objects when put; 6.1: half a slab each), the
        # rest of what the CPUs held on their CPU slabs, any excess on the partials
        pfree = [split(pobjects[c], partial[c], per) if partial[c] else [] for c in range(nr_cpus)]
        rest = objects - shrunk[name] - sum(map(sum, pfree))
        cfree = split(rest, n_cpu, per) if n_cpu else []
        extra = max(0, rest - sum(cfree))
        extras = split(extra, sum(partial), per) if sum(partial) else []
        cpu_free, cpu_partial = [], []
        for c in range(nr_cpus):
            cpu_free.append(cfree.pop() if c in has else None)
            cpu_partial.append(tuple((min(per, f + extras.pop()), f) for f in pfree[c]))
        node = tuple(split(np_ * per - npo, np_, per)) if np_ else ()
        out[name] = (per, tuple(cpu_free), tuple(cpu_partial), node)
    return out


def fill_room(path: str, nr_cpus: int) -> dict:
    """Each CPU's own free objects of each cache calibration/slub-start-fill.sh filled
    (its recording ``path`` at ``nr_cpus`` CPUs) where a script starts: ``{cache:
    (objects per slab, per CPU the free objects of its CPU slab or None where not
    measured)}``. A CPU's fill took its CPU slab's free objects, then its per-CPU
    partial slabs', then the node's partial slabs' it took (`partial` dropped),
    before a new slab (mm/slub.c ``___slab_alloc``, ``get_partial``); measured where
    the CPU's partial list was empty at the start and the fill ended in a new slab
    (a partial slab's own free objects are not read: 5.10's ``pobjects`` is a count
    at the put), the node's partial slabs' free objects taken out (exact:
    ``objects_partial``)."""
    with open(path) as f:
        text = f.read()
    out = {}
    for line in text.splitlines():
        m = LINE.match(line[len("first "):]) if line.startswith("first ") else None
        if not m:
            continue
        name = m.group(1)
        per = int(m.group(3))
        np_, npo = int(m.group(6)), int(m.group(7))
        partial = [0] * nr_cpus
        for c, _objs, slabs in re.findall(r"C(\d+)=(\d+)\((\d+)\)", m.group(9)):
            partial[int(c)] = int(slabs)
        node = list(split(np_ * per - npo, np_, per)) if np_ else []
        free: list = [None] * nr_cpus
        for c, took in re.findall(rf"^filled cpu (\d+) {re.escape(name)} (\d+) before",
                                  text, re.M):
            c = int(c)
            # the node's partial slabs this CPU's fill took (`partial` dropped)
            drops = [int(d) for d in re.findall(
                rf"^fill cpu {c} {re.escape(name)} at \d+ slabs \d+ partial (\d+)", text, re.M)]
            taken = max(0, drops[0] - min(drops)) if drops else 0
            from_node = sum(node[:taken])
            node = node[taken:]
            if not partial[c]:
                free[c] = max(0, min(per, int(took) - from_node))
        out[name] = (per, free)
    return out


def fill_apply(lists: dict, runs: list[dict]) -> None:
    """Each measured CPU slab's free objects in ``lists`` (a table's, in place) the
    mean of :func:`fill_room`'s ``runs`` (rounded), the boots differing in which CPU
    holds the room; every other CPU, partial list and cache as the table had it. A
    CPU the table gave no CPU slab (None) and the boots none to take either stays
    None."""
    for name in sorted({n for r in runs for n in r}):
        if name not in lists:
            continue
        per, cpu_free, cpu_partial, node = lists[name]
        frees = list(cpu_free)
        for c in range(len(frees)):
            vals = [r[name][1][c] for r in runs if name in r and r[name][0] == per
                    and r[name][1][c] is not None]
            if vals:
                v = round(sum(vals) / len(vals))
                frees[c] = None if v == 0 and frees[c] is None else v
        lists[name] = (per, tuple(frees), cpu_partial, node)


def main() -> None:
    """Print the table (``--vfs``: with the `VFS` caches' lists; ``--reads``: the
    `READS` caches' from slub-boot-reads.sh; ``--start``: every other cache's from
    slub-boot-start.sh)."""
    with_vfs = "--vfs" in sys.argv[1:]
    with_reads = "--reads" in sys.argv[1:]
    with_start = "--start" in sys.argv[1:]
    with_fill = "--fill" in sys.argv[1:]
    print('"""SLUB\'s lists as the oracle guests\' boot leaves them, per release, CPU count')
    print("and cache: (objects per slab, per CPU the free objects of its CPU slab or")
    print("None, per CPU (free objects, free objects counted at the put) of each slab of")
    print("its partial list, the free objects of each slab of the node's partial list).")
    print()
    print("Generated by tools/sizes/slub_boot.py from tools/sizes/recordings/")
    print("slub-boot-cpus--*.txt" + (", slub-boot-reads--*.txt" if with_reads else "")
          + (", slub-boot-start--*.txt" if with_start else "")
          + (", calibration/recordings/slub-start-fill--*.txt" if with_fill else "")
          + (" and slub-boot-vfs--*.txt" if with_vfs else "")
          + '; do not edit.\n"""\n')
    print("SLUB_BOOT = {")
    for rel in ("5.10", "6.1"):
        empty = empty_at_boot(rel)
        print(f"    {rel!r}: {{")
        for n in (1, 2, 4, 8):
            path = os.path.join(HERE, "recordings", f"slub-boot-cpus--{rel}-v2-{n}cpu.txt")
            if not os.path.exists(path) or not os.path.getsize(path):
                continue
            lists = parse(path, n)
            reads = os.path.join(HERE, "recordings", f"slub-boot-reads--{rel}-v2-{n}cpu.txt")
            if with_reads and os.path.exists(reads):
                for name in READS[rel]:
                    lists.pop(name, None)
                lists.update(parse(reads, n, only=READS[rel]))
            start = os.path.join(HERE, "recordings", f"slub-boot-start--{rel}-v2-{n}cpu.txt")
            if with_start and os.path.exists(start):
                with open(start) as f:
                    read = set(re.findall(r"^shrunk (\S+) ", f.read(), re.M)) - VFS
                for name in read:       # the caches it read, with lists or none
                    lists.pop(name, None)
                lists.update(parse(start, n))
            fills = sorted(glob.glob(os.path.join(CALIBRATION,
                                                  f"slub-start-fill--{rel}-v2-{n}cpu-*.txt")))
            if with_fill and fills:
                fill_apply(lists, [fill_room(f, n) for f in fills])
            vfs = os.path.join(HERE, "recordings", f"slub-boot-vfs--{rel}-v2-{n}cpu.txt")
            if with_vfs and os.path.exists(vfs):
                lists.update(parse(vfs, n, vfs=True))
            for name in empty:
                lists.pop(name, None)
            print(f"        {n}: {{")
            for name, v in sorted(lists.items()):
                print(f"            {name!r}: {v!r},")
            print("        },")
        print("    },")
    print("}")


if __name__ == "__main__":
    main()
