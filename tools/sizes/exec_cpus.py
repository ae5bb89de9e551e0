"""Where a script's processes fork, exec, exit and are freed, by CPU, guest against
model (docs/fidelity.md item 96, branch slabs26): reads tools/sizes/exec-cpus-trace.sh's
recordings, or runs a conformance case's script on the model with the same points
hooked, and prints one summary for either.

    python3 tools/sizes/exec_cpus.py tools/sizes/recordings/exec-cpus-trace--5.10-v2-8cpu-percpu-mix.txt.gz
    .venv/bin/python tools/sizes/exec_cpus.py --model tests/conformance/scripts/percpu-with-without-memory.sh 5.10 8 [SEED]

The summary: forks by the parent's role (the script's own shell, a subshell that
forks, which is a shell the script's shell forked and that did not exec) and CPU;
``sched_exec`` calls and the execs that ran on another CPU than the one the fork
placed the child on (a migration between ``wake_up_new_task`` and the exec:
``sched_exec``'s ``migration_cpu_stop``, or a balance); the CPUs the task
structures were freed on; the CPUs each forking process forked on (a forking
subshell's CPU is where its children's task_struct, signal, sighand and files are
allocated: ``copy_process`` runs in the parent).
"""
from __future__ import annotations

import collections
import gzip
import sys


def _open(path: str):
    return gzip.open(path, "rt", errors="replace") if path.endswith(".gz") else open(path, errors="replace")


def _kv(args: list[str]) -> dict:
    d = {}
    for a in args:
        if "=" in a:
            k, v = a.split("=", 1)
            d[k] = v
    return d


class Events:
    """The per-process record both sides fill: fork (parent pid, parent CPU, child
    CPU placed), exec CPUs, exit CPU, free CPU (the model's: the reaper's)."""

    def __init__(self) -> None:
        self.shell = None
        self.forks: list[tuple[int, int, int, int]] = []   # parent, pcpu, child, placed
        self.execs: dict[int, list[int]] = collections.defaultdict(list)
        self.exits: dict[int, int] = {}
        self.frees: dict[int, int] = {}
        self.sched_exec = 0
        self.exec_moves = 0
        self.comm: dict[int, str] = {}

    def report(self) -> None:
        """Print the summary."""
        children = collections.defaultdict(list)
        placed = {}
        for parent, pcpu, child, cpu in self.forks:
            children[parent].append((pcpu, child))
            placed[child] = cpu
        role = {}
        for pid in children:
            if pid == self.shell:
                role[pid] = "shell"
            elif self.execs.get(pid):
                role[pid] = "exec'd"
            else:
                role[pid] = "subshell"
        by = collections.Counter()
        cpus_of = collections.defaultdict(collections.Counter)
        for parent, pcpu, child, cpu in self.forks:
            r = role.get(parent, "?")
            by[r] += 1
            cpus_of[r][pcpu] += 1
        print(f"forks {len(self.forks)}: " + ", ".join(f"{r} {n}" for r, n in sorted(by.items())))
        for r, c in sorted(cpus_of.items()):
            print(f"  by {r}, parent CPU: " + " ".join(f"{k}:{v}" for k, v in sorted(c.items())))
        sub = [p for p in children if role[p] == "subshell"]
        print(f"forking subshells {len(sub)}, children each: "
              + " ".join(str(len(children[p])) for p in sub[:60]))
        same = sum(1 for p in sub if placed.get(p) is not None
                   and all(pc == placed[p] for pc, _ in children[p]))
        print(f"  forked all on the CPU the subshell was placed on: {same} of {len(sub)}")
        moved = sum(1 for pid, cpus in self.execs.items()
                    if pid in placed and cpus and cpus[0] != placed[pid])
        print(f"execs {sum(len(v) for v in self.execs.values())}; sched_exec {self.sched_exec}, "
              f"moved by it {self.exec_moves}; first exec off the placed CPU {moved}")
        fr = collections.Counter()
        fork_cpu = {c: pc for _, pc, c, _ in self.forks}
        for pid, cpu in self.frees.items():
            if pid in fork_cpu:
                fr["on the forking CPU" if fork_cpu[pid] == cpu else "elsewhere"] += 1
        print("task structures freed: " + ", ".join(f"{k} {v}" for k, v in sorted(fr.items())))
        shell_cpus = collections.Counter(pc for p, pc, _, _ in self.forks if p == self.shell)
        print("the shell's forks by CPU: " + " ".join(f"{k}:{v}" for k, v in sorted(shell_cpus.items())))


def read_guest(path: str) -> Events:
    """The events of an exec-cpus-trace.sh recording."""
    ev = Events()
    pending_sexec: dict[int, int] = {}
    with _open(path) as f:
        for line in f:
            if line.startswith("xt: ") and "shell pid" in line:
                ev.shell = int(line.rsplit(" ", 1)[1])
                continue
            if not line.startswith("xt ") or len(line.split()) < 5:
                continue
            parts = line.split()
            cpu, name, task = int(parts[1]), parts[3], parts[4]
            a = _kv(parts[5:])
            if name == "sched_process_fork":
                ev.forks.append((int(a["pid"]), cpu, int(a["child_pid"]), -1))
                ev.comm[int(a["child_pid"])] = a["child_comm"]
            elif name == "sched_wakeup_new":
                pid = int(a["pid"])
                for i in range(len(ev.forks) - 1, -1, -1):
                    if ev.forks[i][2] == pid:
                        p, pc, c, _ = ev.forks[i]
                        ev.forks[i] = (p, pc, c, int(a["target_cpu"]))
                        break
            elif name == "sexec":
                ev.sched_exec += 1
                pending_sexec[int(task.rsplit("-", 1)[1])] = cpu
            elif name == "sched_migrate_task":
                pid = int(a["pid"])
                if pid in pending_sexec:
                    ev.exec_moves += 1
            elif name == "sched_process_exec":
                pid = int(a["pid"])
                pending_sexec.pop(pid, None)
                ev.execs[pid].append(cpu)
            elif name == "sched_process_exit":
                ev.exits[int(a["pid"])] = cpu
            elif name == "sched_process_free":
                ev.frees[int(a["pid"])] = cpu
    return ev


def run_model(script: str, design: str, cpus: int, seed: int = 0) -> Events:
    """The same events from the model running ``script`` (v2, busybox init and
    userland, as the conformance suite runs a case)."""
    from pathlib import Path

    import memcgsim
    from memcgsim.kernel import fork as F

    ev = Events()
    fork, exe, free = F.Processes.fork, F.Processes.exec, F.Processes.release_task

    def h_fork(self, parent, comm=None, vfork=False):
        pcpu = parent.cpu
        child = fork(self, parent, comm, vfork)
        if ev.shell is None:        # the script's shell: the boot's first fork
            ev.shell = child.pid
            return child
        ev.forks.append((parent.pid, pcpu, child.pid, child.cpu))
        return child

    def h_exec(self, tsk, path, argv, interpreter=None):
        ev.sched_exec += 1
        ev.execs[tsk.pid].append(tsk.cpu)
        return exe(self, tsk, path, argv, interpreter)

    def h_free(self, tsk, cpu=None):
        # the reaper's CPU (the model's release_task; a late final switch, rarely,
        # frees on the dead task's CPU instead: not told apart here)
        if tsk.state == "zombie":
            p = tsk.parent
            ev.frees[tsk.pid] = cpu if cpu is not None else (p.cpu if p is not None else tsk.cpu)
        return free(self, tsk, cpu)
    F.Processes.fork, F.Processes.exec, F.Processes.release_task = h_fork, h_exec, h_free
    try:
        memcgsim.run(Path(script), kernel=design, cgroup="v2", cpus=cpus, init="busybox",
                     userland="busybox", seed=seed)
    finally:
        F.Processes.fork, F.Processes.exec, F.Processes.release_task = fork, exe, free
    return ev


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--model":
        script, design, cpus = argv[1], argv[2], int(argv[3])
        seed = int(argv[4]) if len(argv) > 4 else 0
        ev = run_model(script, design, cpus, seed)
    else:
        ev = read_guest(argv[0])
    ev.report()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
