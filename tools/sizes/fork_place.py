"""Where a shell's forked children are placed, guest against model (docs/fidelity.md
item 131, branch fork30): reads tools/sizes/fork-place-trace.sh's recordings (its
``fp`` lines: per child the parent's CPU, ``sched_wakeup_new``'s target_cpu, the exec's
and the exit's CPU), or runs the script's four loops on the model with the fork and
exec hooked, and prints per loop (A mkdirs, B ``sh -c`` children, C mkdir / move /
rmdir rounds, D rmdirs) the CPUs the children were placed on, how many distinct ones,
how often a child lands where the previous one did, and how many CPUs the first 16 and
64 children reached.

    python3 tools/sizes/fork_place.py tools/sizes/recordings/fork-place-trace--6.1-v2-16cpu.txt.gz
    PYTHONPATH=src python3 tools/sizes/fork_place.py --model 6.1 16 [N [SEED [PACE [SCHED_PACE]]]]
"""
import collections
import gzip
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("fork-place-trace.sh")


def _open(path: str):
    return gzip.open(path, "rt", errors="replace") if path.endswith(".gz") else \
        open(path, errors="replace")


def read_guest(path: str) -> tuple[dict[str, list[tuple[int, int, int]]], dict[str, float]]:
    """Per loop, (parent CPU, target CPU, exec CPU or -1) of each child, in order;
    and each loop's milliseconds (its trace markers)."""
    out: dict[str, list] = collections.defaultdict(list)
    marks: dict[str, float] = {}
    with _open(path) as f:
        for line in f:
            w = line.split()
            if len(w) >= 8 and w[0] == "fp" and w[1] in "ABCD" and w[4] != "-":
                out[w[1]].append((int(w[3]), int(w[4]), -1 if w[5] == "-" else int(w[5])))
            elif len(w) >= 6 and w[0] == "ft" and w[3] == "tracing_mark_write":
                marks[w[-1]] = int(w[2]) / 1000
    ms = {a: marks[b] - marks[a] for a, b in zip("ABCD", "BCDE") if a in marks and b in marks}
    return out, ms


def model_script(n: int) -> str:
    """The trace script's loops as the model runs them: no tracefs, no sched debug."""
    keep = []
    on = False
    for line in SCRIPT.read_text().splitlines():
        if line.startswith("R=/sys/fs/cgroup"):
            on = True
        if line.startswith("echo $((4000"):
            on = False
        if line.startswith("echo \"fpmark E\""):
            break
        if line.startswith("echo \"fpmark A\""):
            on = True
        elif on:
            keep.append(line.split("; echo \"fpmark")[0].replace("su ", ": "))
    return f"N={n}\n" + "\n".join(keep) + "\n"


def run_model(design: str, cpus: int, n: int, seed: int = 0,
              pace: float = 1.0, sched_pace: float = 1.0) -> tuple[dict[str, list[tuple[int, int, int]]], dict[str, float]]:
    """The same per-loop placements and durations from the model (v2, busybox init
    and userland), its scheduler's PELT clock at ``sched_pace``."""
    from memcgsim import Kernel
    from memcgsim.kernel import fork as F
    from memcgsim.shell import run_script

    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus, init="busybox", userland="busybox",
               seed=seed, pace=pace, sched_pace=sched_pace)
    kids: list = []
    execs: dict = {}
    fork, exe = F.Processes.fork, F.Processes.exec
    shell: list = []

    def h_fork(self, parent, comm=None, vfork=False):
        pcpu = parent.cpu
        child = fork(self, parent, comm, vfork)
        if not shell:               # the script's shell: the boot's first fork
            shell.append(child.pid)
        elif parent.pid == shell[0]:
            kids.append((pcpu, child.cpu, child.pid, k.clock.now_ns / 1e6))
        return child

    def h_exec(self, tsk, path, argv, interpreter=None):
        execs.setdefault(tsk.pid, tsk.cpu)
        return exe(self, tsk, path, argv, interpreter)
    F.Processes.fork, F.Processes.exec = h_fork, h_exec
    try:
        run_script(k, model_script(n), "fork-place", seed=seed)
    finally:
        F.Processes.fork, F.Processes.exec = fork, exe
    out: dict[str, list] = {}
    ms: dict[str, float] = {}
    i = len(kids) - 5 * n           # the loops' forks are the shell's last 5N
    for ph, cnt in (("A", n), ("B", n), ("C", 2 * n), ("D", n)):
        out[ph] = [(p, c, execs.get(pid, -1)) for p, c, pid, _ in kids[i:i + cnt]]
        end = kids[i + cnt][3] if i + cnt < len(kids) else k.clock.now_ns / 1e6
        ms[ph] = end - kids[i][3]
        i += cnt
    return out, ms


def report(kids: dict[str, list[tuple[int, int, int]]], ms: dict[str, float]) -> None:
    """Per loop: the milliseconds a child, the CPUs used, distinct CPUs in all and
    among the first 16 and 64 children, the children on their parent's CPU, repeats
    of the previous child's CPU, execs on another CPU than the placement."""
    for ph in "ABCD":
        ks = kids.get(ph, [])
        if not ks:
            continue
        tg = [c for _, c, _ in ks]
        hist = collections.Counter(tg)
        rep = sum(a == b for a, b in zip(tg, tg[1:]))
        per = f"{ms[ph] / len(ks):.1f} ms each, " if ph in ms else ""
        print(f"{ph}: {len(ks)} children, {per}on {len(hist)} CPUs (first 16: {len(set(tg[:16]))}, "
              f"first 64: {len(set(tg[:64]))}); on the parent's CPU "
              f"{sum(p == c for p, c, _ in ks)}; same CPU as the previous {rep}; "
              f"exec elsewhere {sum(e >= 0 and e != c for _, c, e in ks)}")
        print("   by CPU:", " ".join(f"{c}:{hist[c]}" for c in sorted(hist)))
        print("   parents:", " ".join(f"{c}:{v}" for c, v in
                                    sorted(collections.Counter(p for p, _, _ in ks).items())))


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--model":
        design, cpus = argv[1], int(argv[2])
        n = int(argv[3]) if len(argv) > 3 else 150
        seed = int(argv[4]) if len(argv) > 4 else 0
        pace = float(argv[5]) if len(argv) > 5 else 1.0
        sp = float(argv[6]) if len(argv) > 6 else 1.0
        report(*run_model(design, cpus, n, seed, pace, sp))
    else:
        report(*read_guest(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
