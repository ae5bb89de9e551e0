"""Where the model's shell forks and reaps over a mkdir loop (docs/fidelity.md item 59):
the CPUs of the forking parent (``copy_process`` allocates the task structures there)
and of ``delayed_put_task_struct`` (the reaper's), then task_struct's SLUB lists at the
end, for comparison with the guests' /sys/kernel/slab
(tools/sizes/recordings/slub-lists--5.10-v2-8cpu.txt), and the CPU each child was
placed on, in order (the guests': tools/sizes/fork-cpus-trace.sh).

    PYTHONPATH=src python3 tools/sizes/shell_fork_cpus.py [CPUS [DESIGN [N [PACE]]]]
"""
import collections
import sys

from memcgsim import Kernel
from memcgsim.kernel import fork as F
from memcgsim.shell import run_script


def main(argv: list) -> int:
    cpus = int(argv[0]) if argv else 8
    design = argv[1] if len(argv) > 1 else "5.10"
    n = int(argv[2]) if len(argv) > 2 else 300
    pace = float(argv[3]) if len(argv) > 3 else 1.0
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus, init="busybox", userland="busybox",
               pace=pace)
    forks: collections.Counter = collections.Counter()
    frees: collections.Counter = collections.Counter()
    fork, free = F.Processes.fork, F.Processes._free_task_struct

    placed: list = []
    shell: list = []

    def counted_fork(self, parent, comm=None):
        forks[parent.cpu] += 1
        shell.append(parent.cpu)
        child = fork(self, parent, comm)
        placed.append(child.cpu)
        return child

    def counted_free(self, cpu, *args):
        frees[cpu] += 1
        return free(self, cpu, *args)
    F.Processes.fork, F.Processes._free_task_struct = counted_fork, counted_free
    try:
        run_script(k, "P=/sys/fs/cgroup/p; mkdir $P\n"
                      "echo +memory > /sys/fs/cgroup/cgroup.subtree_control\n"
                      f"for ((i = 0; i < {n}; i++)); do mkdir $P/c$i; done\n", "loop")
    finally:
        F.Processes.fork, F.Processes._free_task_struct = fork, free
    print(f"{design}, {cpus} CPUs, {n} mkdirs, pace {pace:g}: {k.clock.now_ns / 1e9:.2f} s")
    print("forks by the parent's CPU", sorted(forks.items()))
    print("task structures freed by CPU", sorted(frees.items()))
    moves = sum(a != b for a, b in zip(shell, shell[1:]))
    print("the shell moved between forks", moves, "times")
    print("children placed by CPU", sorted(collections.Counter(placed).items()))
    seq = "".join(map(str, placed))
    print("placement sequence (the CPU of each fork, in order; as fork-cpus-trace.sh):")
    for i in range(0, len(seq), 100):
        print(seq[i:i + 100])
    sl = k.slab.caches["task_struct"].slub
    print("task_struct slabs", sl.nr_slabs(), "CPU slabs", sorted(sl.cpu_slab),
          "per-CPU partial slabs", {c: len(v) for c, v in sorted(sl.cpu_partial.items()) if v},
          "node partial", len(sl.node_partial))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
