"""Summarize a tools/sizes/shell-heap-trace.sh recording (docs/fidelity.md item
133, branch heap30): the script's bash's page faults by area and page, which were
charged (the LRU charge that follows a fault of the same task) and to which cgroup
the bash was in then, its brk/mmap/munmap/mremap calls, and the forked bash
children (subshells, command substitutions) the same way.

    python3 tools/sizes/shell_heap.py REC.txt[.gz] [--pages] [--calls] [--pid PID] [--by-id] [--all]

``--by-id``: cgroups told apart by their ID (a loop's scopes of one path);
``--all``: the children that exec'd too (their pages up to the exec).

Areas: ``heap+N`` (pages from the ``[heap]`` start of the maps at the start),
``data+N`` (the binary's writable image and its .bss from its first rw page),
``stack``, ``mmap@ADDR+N`` (a mapping the bash made), ``?`` otherwise.
"""
from __future__ import annotations

import gzip
import re
import sys
from collections import Counter, defaultdict

PAGE = 4096
NR = {9: "mmap", 11: "munmap", 12: "brk", 25: "mremap"}


def _open(path: str):
    return gzip.open(path, "rt", errors="replace") if path.endswith(".gz") else open(path, errors="replace")


def parse(path: str):
    """(shell pid, start maps [(lo, hi, perm, name)], events [(usecs, ev, pid, comm, args)])."""
    shell = None
    maps: list[tuple[int, int, str, str]] = []
    events = []
    section = None
    for line in _open(path):
        if line.startswith("ht: ") and "shell pid" in line:
            shell = int(line.split("shell pid")[1])
        elif line.startswith("ht: --- "):
            section = line[8:].split(":")[0]
        elif line.startswith("ht: map ") and section == "start":
            t = line.split()
            lo, hi = (int(x, 16) for x in t[2].split("-"))
            maps.append((lo, hi, t[3], t[7] if len(t) > 7 else ""))
        elif line.startswith("ht "):
            t = line.split(None, 5)
            if len(t) < 5:
                continue
            task = t[4]
            comm, _, pid = task.rpartition("-")
            events.append((int(t[2]), t[3], int(pid), comm, t[5].strip() if len(t) > 5 else ""))
    return shell, maps, events


class Areas:
    """Addresses of the bash's image as its start maps give them, and its mappings."""

    def __init__(self, maps):
        self.heap = next(lo for lo, hi, p, n in maps if n == "[heap]")
        self.data = next(lo for lo, hi, p, n in maps if p.startswith("rw") and n.endswith("bash"))
        self.data_end = max(hi for lo, hi, p, n in maps if p.startswith("rw") and hi < self.heap)
        self.stack = next(hi for lo, hi, p, n in maps if n == "[stack]")
        self.mmaps: dict[int, int] = {}

    def name(self, addr: int) -> str:
        if self.data <= addr < self.data_end:
            return f"data+{(addr - self.data) // PAGE}"
        if self.heap <= addr < self.heap + (1 << 30):
            return f"heap+{(addr - self.heap) // PAGE}"
        if self.stack - (8 << 20) <= addr < self.stack:
            return f"stack-{(self.stack - addr - 1) // PAGE}"
        for lo, hi in self.mmaps.items():
            if lo <= addr < hi:
                return f"mmap@{lo:x}+{(addr - lo) // PAGE}"
        return "?"


def print_task(head: str, live: Counter, charges: Counter, by_id: bool) -> None:
    """One task's summary: ``live`` (cgroup, area) -> pages still mapped, by
    cgroup alone with ``by_id``; ``charges`` (cgroup, area, kind) -> pages."""
    print(head + " at its end (or exit) still mapped, by cgroup/area:")
    if by_id:
        held = Counter(c for (c, a) in live.elements())
        print(f"   {len(held)} cgroups hold pages; pages per cgroup: "
              + " ".join(f"{c}:{n}" for c, n in sorted(held.items())))
    else:
        for (c, a), n in sorted(live.items()):
            print(f"   {c:24} {a:8} {n}")
    print("   charges by cgroup/area/kind:",
          ", ".join(f"{c} {a} {k} {n}" for (c, a, k), n in sorted(charges.items())))


def kv(args: str) -> dict[str, str]:
    return dict(a.split("=", 1) for a in args.split() if "=" in a)


def summarize(path: str, show_pages: bool, show_calls: bool, only: int | None,
              by_id: bool = False, show_all: bool = False) -> None:
    shell, maps, events = parse(path)
    areas = Areas(maps)
    cg: dict[int, str] = defaultdict(lambda: "/")       # pid -> cgroup path
    family = {shell}                                     # the bash and its bash forks
    execd: set[int] = set()
    pending: dict[int, tuple[int, int, str]] = {}        # pid -> (usecs, addr, err)
    owner: dict[int, dict[int, str]] = defaultdict(dict)  # pid -> page addr -> cgroup charged
    log: dict[int, list] = defaultdict(list)
    calls: dict[int, list] = defaultdict(list)
    enter: dict[int, tuple] = {}
    faults = Counter()
    for us, ev, pid, comm, args in events:
        if ev == "cgroup_attach_task":
            a = kv(args)
            cg[int(a["pid"])] = a.get("dst_path", "?") + ("#" + a["dst_id"] if by_id else "")
            if int(a["pid"]) in family:
                log[int(a["pid"])].append((us, "attach", a.get("dst_path")))
            continue
        if ev == "sched_process_fork":
            a = kv(args)
            if int(a["pid"]) in family and a.get("child_comm") == "bash":
                c = int(a["child_pid"])
                family.add(c)
                cg[c] = cg[int(a["pid"])]
                owner[c] = dict(owner[int(a["pid"])])
                log[int(a["pid"])].append((us, "fork", c))
            continue
        if ev == "sched_process_exec":
            if pid == shell:
                # the script's bash run by a wrapper (shell-heap-trace-child.sh):
                # it starts at its exec, what its pid did before is the wrapper's
                owner[pid].clear()
                log[pid].clear()
                faults[pid] = 0
                pending.pop(pid, None)
            else:
                execd.add(pid)
            continue
        if pid not in family or pid in execd:
            continue
        if ev == "page_fault_user":
            a = kv(args)
            pending[pid] = (us, int(a["address"], 16), a.get("error_code", "?"))
            faults[pid] += 1
        elif ev == "chg" and pid in pending:
            fus, addr, err = pending.pop(pid)
            page = addr & ~(PAGE - 1)
            prev = owner[pid].get(page)
            owner[pid][page] = cg[pid]
            log[pid].append((fus, "charge", areas.name(addr), cg[pid], "cow" if prev else "new", err))
        elif ev == "sys_enter":
            t = args.replace("(", " ").replace(")", " ").replace(",", " ").split()
            nr = int(t[1])
            enter[pid] = (us, nr, [int(x, 16) for x in t[2:] if re.fullmatch(r"[0-9a-f]+", x)])
        elif ev == "sys_exit" and pid in enter:
            t = args.split()
            ret = int(t[-1])
            eus, nr, av = enter.pop(pid)
            calls[pid].append((eus, NR.get(nr, nr), av, ret, cg[pid]))
            if nr == 9 and ret > 0:
                areas.mmaps[ret] = ret + av[1]
            elif nr == 11:
                for p in [p for p in owner[pid] if av[0] <= p < av[0] + av[1]]:
                    del owner[pid][p]
                areas.mmaps.pop(av[0], None)
            elif nr == 12 and av[0] and ret > 0:
                for p in [p for p in owner[pid] if ret <= p < ret + (1 << 30)
                          and areas.heap <= p < areas.heap + (1 << 30)]:
                    del owner[pid][p]
            elif nr == 25 and ret > 0:
                lo = av[0]
                if ret != lo:
                    for p in [p for p in owner[pid] if lo <= p < lo + av[1]]:
                        owner[pid][p - lo + ret] = owner[pid].pop(p)
                    areas.mmaps.pop(lo, None)
                areas.mmaps[ret] = ret + av[2]
    pre = Counter((e[3], e[2].split("+")[0].split("-")[0]) for p in execd & family
                  for e in log[p] if e[1] == "charge")
    print("exec'd children's charges before their exec, by cgroup/area:",
          ", ".join(f"{c} {a} {n}" for (c, a), n in sorted(pre.items())))
    rest = family - {shell} if show_all else family - {shell} - execd
    pids = [shell] + sorted(rest) if only is None else [only]
    for pid in pids:
        live = Counter()
        for page, c in owner[pid].items():
            live[(c, areas.name(page).split("+")[0].split("-")[0])] += 1
        charges = Counter((e[3], e[2].split("+")[0].split("-")[0], e[4]) for e in log[pid] if e[1] == "charge")
        print_task(f"== pid {pid}{' (the script)' if pid == shell else ''}: {faults[pid]} user"
                   f" faults, {sum(charges.values())} charged;", live, charges, by_id)
        if show_calls:
            for eus, name, av, ret, c in calls[pid]:
                print(f"   {eus / 1e6:10.6f} {name}({', '.join(hex(x) for x in av[:3])}) = {ret:#x} in {c}")
        if show_pages:
            for e in log[pid]:
                print("  ", f"{e[0] / 1e6:10.6f}", *e[1:])
            print("   mapped at the end:", " ".join(
                f"{areas.name(p)}:{c}" for p, c in sorted(owner[pid].items())))


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    only = int(argv[argv.index("--pid") + 1]) if "--pid" in argv else None
    summarize(argv[0], "--pages" in argv, "--calls" in argv, only, "--by-id" in argv,
              "--all" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
