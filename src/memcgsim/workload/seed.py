"""The cover letter's loop (``kmem_test.sh`` of "Use obj_cgroup APIs to charge kmem
pages", Muchun Song, 2021) through the Python API, for tests and benchmarks."""
from __future__ import annotations

M = "/sys/fs/cgroup/memory"


def seed_loop(k, n: int = 500):
    """``n`` times: the shell joins kmem_test, forks ``sleep 3600``, both move back to
    the root (v1, ``move_charge_at_immigrate=1``), kmem_test is removed. Returns the
    shell task and the sleepers."""
    sh = k.spawn("bash")
    k.write(M + "/memory.move_charge_at_immigrate", "1\n", sh)
    sleepers = []
    for _ in range(n):
        k.mkdir(M + "/kmem_test", sh)
        k.write(M + "/kmem_test/cgroup.procs", f"{sh.pid}\n", sh)
        c = k.fork(sh)
        k.exec(c, "/bin/sleep", ["sleep", "3600"])
        sleepers.append(c)
        k.write(M + "/cgroup.procs", f"{sh.pid}\n", sh)
        k.write(M + "/cgroup.procs", k.read(M + "/kmem_test/cgroup.procs", sh), sh)
        k.rmdir(M + "/kmem_test", sh)
    return sh, sleepers
