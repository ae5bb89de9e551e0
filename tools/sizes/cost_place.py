"""Where cgroup-cost.sh's commands run (session 32, branch place32; docs/fidelity.md
item 169): reads tools/sizes/cost-place-trace.sh's recordings (``cp`` lines: each of
the shell's children with the shell's CPU at its fork and its exec and exit CPUs;
``cw``: the shell's wakeups; ``ks``: the kernel threads' run time per part and CPU; since
session 33, ``mg``: each move of the shell, by whom and what held its CPU), or
runs the same script on the model, and prints per part (A the mkdir loop, B the
readings between, C the rmdir loop, D the 3 s after, E the last readings) the
commands' CPUs, the shell's, and where the kernel's threads ran.

    python3 tools/sizes/cost_place.py RECORDING
    python3 tools/sizes/cost_place.py --model DESIGN CPUS [N [SCHED_PACE]]
"""
import collections
import gzip
import re
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "tests/conformance/scripts/cgroup-cost.sh"


def read_guest(path: str):
    """(commands, shell wakeups, kernel-thread µs, part starts, work items): [(part,
    comm, shell CPU, exec CPU)], [(part, CPU)], {part: {CPU: µs}}, {part: uptime s},
    {part: {function: µs}}."""
    cmds, wakes = [], []
    kw: dict = collections.defaultdict(dict)
    starts: dict = {}
    works: dict = collections.defaultdict(collections.Counter)
    moves.clear()
    f = gzip.open(path, "rt", errors="replace") if path.endswith(".gz") else \
        open(path, errors="replace")
    for line in f:
        w = line.split()
        if not w:
            continue
        if w[0] == "cp" and len(w) == 7:
            ex = int(w[5]) if w[5] != "-" else int(w[4])
            cmds.append((w[1], w[3].rsplit("/", 1)[-1], int(w[4]), ex))
        elif w[0] == "cw" and len(w) == 3:
            wakes.append((w[1], int(w[2])))
        elif w[0] == "ks" and len(w) == 5:
            kw[w[1]][int(w[2])] = int(w[3])
        elif w[0] == "cpt" and len(w) == 3:
            starts[w[1]] = float(w[2])
        elif w[0] == "kw" and len(w) == 6:
            works[w[1]][w[3]] += int(w[4])
        elif w[0] == "mg" and len(w) >= 9:
            moves.append(w[1:])
    return cmds, wakes, kw, starts, works


#: the shell's moves read by :func:`read_guest` (``mg`` lines: part, µs, the CPU that
#: moved it, from, to, its state (S asleep: a wakeup's placement; R, W runnable: a
#: balance pulled it), what ran on its CPU, the work item running there, what ran on
#: the new CPU)
moves: list = []


def run_model(design: str, cpus: int, n: int, sched_pace: float = 1.0):
    """The same lists from the model (v2, busybox init and userland, the case's RAM
    for its CPU count); parts by the commands' programs, as the trace's marks fall."""
    from memcgsim import Kernel
    from memcgsim.kernel import fork as F
    from memcgsim.shell import run_script

    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus, init="busybox", userland="busybox",
               mem="4G" if cpus > 32 else "2G" if cpus > 16 else None, sched_pace=sched_pace)
    kids: dict = {}
    order: list = []
    fork, exe = F.Processes.fork, F.Processes.exec
    shell: list = []

    def h_fork(self, parent, comm=None, vfork=False):
        pcpu = parent.cpu
        child = fork(self, parent, comm, vfork)
        if not shell:
            shell.append(child.pid)
        elif parent.pid == shell[0]:
            kids[child.pid] = [pcpu, child.cpu, "-"]
            order.append(child.pid)
        return child

    def h_exec(self, tsk, path, argv, interpreter=None):
        kid = kids.get(tsk.pid)
        if kid is not None and kid[2] == "-":
            kid[1], kid[2] = tsk.cpu, str(path).rsplit("/", 1)[-1]
        return exe(self, tsk, path, argv, interpreter)
    F.Processes.fork, F.Processes.exec = h_fork, h_exec
    text = re.sub(r"^N=1000$", f"N={n}", SCRIPT.read_text(), flags=re.M)
    try:
        run_script(k, text, "cgroup-cost.sh")
    finally:
        F.Processes.fork, F.Processes.exec = fork, exe
    comms = [kids[pid][2] for pid in order]
    loops = [_longest_run(comms, "mkdir"), _longest_run(comms, "rmdir")]
    cmds = []
    for i, pid in enumerate(order):
        p, c, comm = kids[pid]
        part = ("-" if i < loops[0][0] else "A" if i < loops[0][1] else
                "B" if i < loops[1][0] else "C" if i < loops[1][1] else "E")
        cmds.append((part, comm, p, c))
    return cmds, [], {}, {}, {}


def _longest_run(comms: list[str], name: str) -> tuple[int, int]:
    """[start, end) of the longest run of ``name`` in ``comms``."""
    best, i = (0, 0), 0
    while i < len(comms):
        j = i
        while j < len(comms) and comms[j] == name:
            j += 1
        if j - i > best[1] - best[0]:
            best = (i, j)
        i = j + 1 if j == i else j
    return best


def report(cmds, wakes, kw, starts, works) -> None:
    """Per part: commands, their distinct CPUs (among the first 16), the shell's CPUs in
    order (runs), the kernel threads' busiest CPUs, ms a command and the longest work
    items (where traced)."""
    parts = collections.OrderedDict()
    for part, comm, p, c in cmds:
        parts.setdefault(part, []).append((comm, p, c))
    allc: dict = collections.defaultdict(set)
    for part, ks in parts.items():
        cpus = [c for _, _, c in ks]
        sh = []
        for _, p, _ in ks:
            if not sh or sh[-1][0] != p:
                sh.append([p, 0])
            sh[-1][1] += 1
        hist = collections.Counter(cpus)
        allc[part] |= set(cpus)
        print(f"{part}: {len(ks)} commands ({collections.Counter(x for x, _, _ in ks).most_common(3)})"
              f" on {len(hist)} CPUs (first 16: {len(set(cpus[:16]))}); shell "
              + " ".join(f"{p}x{n}" for p, n in sh[:30]) + (" ..." if len(sh) > 30 else ""))
        print("   by CPU:", " ".join(f"{c}:{hist[c]}" for c in sorted(hist)))
        nxt = "ABCDEF"["ABCDEF".index(part) + 1] if part in "ABCDE" else None
        if part in starts and nxt in starts:
            print(f"   {(starts[nxt] - starts[part]) * 1000 / len(ks):.1f} ms a command")
        if works.get(part):
            print("   work items (ms):", " ".join(f"{fn}:{v / 1000:.0f}"
                                                  for fn, v in works[part].most_common(6)))
        if part in kw:
            top = sorted(kw[part].items(), key=lambda x: -x[1])[:16]
            print(f"   kernel threads {sum(kw[part].values()) / 1000:.0f} ms:",
                  " ".join(f"{c}:{v / 1000:.0f}" for c, v in top))
    if "A" in allc and "C" in allc:
        print(f"mkdir CPUs {len(allc['A'])}, rmdir CPUs {len(allc['C'])}, "
              f"rmdir CPUs no mkdir ran on {len(allc['C'] - allc['A'])}")
    if wakes:
        moved = collections.Counter(p for (p, c), (_, c0) in zip(wakes[1:], wakes) if c != c0)
        print("shell moves by part:", dict(moved))
    for m in moves:
        kind = "wakeup" if m[5] == "S" else "balance"
        print(f"   move {m[0]}: {m[3]} -> {m[4]} ({kind}, by CPU {m[2]}; on {m[3]}: {m[6]}"
              + (f" running {m[7]}" if m[7] != "-" else "") + ")")


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--model":
        n = int(argv[3]) if len(argv) > 3 else 300
        sp = float(argv[4]) if len(argv) > 4 else 1.0
        report(*run_model(argv[1], int(argv[2]), n, sp))
    else:
        report(*read_guest(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
