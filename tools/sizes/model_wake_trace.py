"""The model's side of wake_trace.py (session 32, branch wake32): runs a conformance
script on the model as `memcgsim conform` does (busybox init and userland, seed 0)
and prints where its tasks fork, wake and exit and, for the memcgs named, each LRU
statistics update with its CPU, with each line the script's own shell echoes as a
mark, in the order they happen:

    PYTHONPATH=src python3 tools/sizes/model_wake_trace.py SCRIPT --kernel 5.10 [--cgroup v2] [--cpus 2] [NAME...]

Lines: ``T fork PARENT-PID@CPU CHILD-PID@CPU``, ``T wake TASK-PID PREV->CPU by
WAKER-PID@CPU``, ``T exit TASK-PID@CPU``, ``T stat NAME ITEM VAL xN @CPU``, ``T
mark TEXT`` (T: the model's ms).
"""
from __future__ import annotations

import sys
from pathlib import Path

from model_guest import guest_kernel, guest_parser     # tools/sizes/


def main(argv: list[str]) -> int:
    """Run the script with the hooks; print the events."""
    ap = guest_parser(__doc__, kernel="5.10", cgroup="v1")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args(argv)

    from memcgsim.kernel import fork as F
    from memcgsim.kernel import sched as S
    from memcgsim.kernel import vmstat as V
    from memcgsim.shell import builtins as B
    from memcgsim.shell import run_script

    k = guest_kernel(a)
    items = {V.NR_ANON_MAPPED: "anon", V.NR_SHMEM: "shmem", V.NR_FILE_PAGES: "file"}
    out = sys.stdout

    def t() -> str:
        return f"{k.clock.now_ns / 1e6:.3f}"

    def who(task) -> str:
        return f"{task.comm}-{task.pid}"

    fork, wake, ex = F.Processes.fork, S.Sched.select_task_rq_wake, F.Processes.exit
    mod, mod_each = V.PercpuBatchStats.mod, V.PercpuBatchStats.mod_each
    echo_fn, echo_gen = B.BUILTINS["echo"]

    def h_fork(self, parent, comm=None, vfork=False):
        pc = parent.cpu
        child = fork(self, parent, comm, vfork)
        out.write(f"{t()} fork {who(parent)}@{pc} {child.pid}@{child.cpu}\n")
        return child

    def h_wake(self, p, waker, **kw):
        prev = p.cpu
        cpu = wake(self, p, waker, **kw)
        out.write(f"{t()} wake {who(p)} {prev}->{cpu} by {who(waker)}@{waker.cpu}\n")
        return cpu

    def h_exit(self, tsk, code=0, signal=None, **kw):
        out.write(f"{t()} exit {who(tsk)}@{tsk.cpu}\n")
        return ex(self, tsk, code, signal, **kw)

    def named(memcg) -> str | None:
        n = memcg.cgroup.name if memcg.cgroup is not None else None
        return n if n in a.names else None

    def h_mod(self, memcg, idx, val, cpu):
        n = named(memcg)
        if n is not None and idx in items:
            out.write(f"{t()} stat {n} {items[idx]} {val} x1 @{cpu}\n")
        return mod(self, memcg, idx, val, cpu)

    def h_mod_each(self, memcg, its, val, cnt, cpu):
        n = named(memcg)
        if n is not None:
            for idx in its:
                if idx in items:
                    out.write(f"{t()} stat {n} {items[idx]} {val} x{cnt} @{cpu}\n")
        return mod_each(self, memcg, its, val, cnt, cpu)

    def h_echo(sh, argv):
        if sh.task.pid == shell_pid[0]:
            out.write(f"{t()} mark {' '.join(argv[1:])}\n")
        return echo_fn(sh, argv)

    shell_pid = [None]
    spawn = k.spawn

    def h_spawn(*args, **kw):
        task = spawn(*args, **kw)
        if shell_pid[0] is None:
            shell_pid[0] = task.pid
        return task
    k.spawn = h_spawn   # type: ignore[method-assign]
    F.Processes.fork, S.Sched.select_task_rq_wake, F.Processes.exit = h_fork, h_wake, h_exit
    V.PercpuBatchStats.mod, V.PercpuBatchStats.mod_each = h_mod, h_mod_each
    B.BUILTINS["echo"] = (h_echo, echo_gen)
    try:
        res = run_script(k, Path(a.script).read_text(), a.script, seed=a.seed)
    finally:
        F.Processes.fork, S.Sched.select_task_rq_wake, F.Processes.exit = fork, wake, ex
        V.PercpuBatchStats.mod, V.PercpuBatchStats.mod_each = mod, mod_each
        B.BUILTINS["echo"] = (echo_fn, echo_gen)
    out.write("--- stdout\n" + res.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
