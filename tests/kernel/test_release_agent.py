"""The v1 release agent (kernel/cgroup_v1.py): which events release a cgroup with
``notify_on_release`` set, and what the user-mode helper is given."""
import pytest

import memcgsim
from memcgsim import Kernel
from memcgsim.kernel.cgroup_v1 import cgroup1_check_for_release

M = "/sys/fs/cgroup/memory"


def _kernel(design: str = "6.1"):
    """A v1 kernel whose user-mode helper calls are recorded, not run."""
    k = Kernel(design=design, cgroup="v1", nr_cpus=2, debug=True)
    calls = []
    k.umh = lambda argv, envp: calls.append((argv, envp))
    sh = k.spawn("bash")
    k.write(f"{M}/release_agent", "/sbin/agent\n", sh)
    return k, sh, calls


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_the_last_task_leaving_releases_the_cgroup_and_its_emptied_ancestors(design):
    k, sh, calls = _kernel(design)
    k.mkdir(f"{M}/a", sh)
    k.write(f"{M}/a/notify_on_release", "1", sh)
    k.mkdir(f"{M}/a/b", sh)                       # inherits the flag
    assert k.read(f"{M}/a/b/notify_on_release", sh) == "1\n"
    t = k.fork(sh)
    k.write(f"{M}/a/b/cgroup.procs", str(t.pid), t)
    k.advance(1.0)
    assert calls == []
    k.exit(t)
    k.advance(1.0)
    # b emptied; a is empty too but has a live child: not released
    assert calls == [(["/sbin/agent", "/a/b"], ["HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin"])]
    k.rmdir(f"{M}/a/b", sh)                       # cgroup_destroy_locked checks the parent
    k.advance(1.0)
    assert [argv[1] for argv, _ in calls] == ["/a/b", "/a"]


def test_no_flag_no_agent_or_a_populated_cgroup_is_not_released():
    k, sh, calls = _kernel()
    k.mkdir(f"{M}/c", sh)
    t = k.fork(sh)
    k.write(f"{M}/c/cgroup.procs", str(t.pid), t)
    k.write(f"{M}/cgroup.procs", str(t.pid), t)   # moved out, flag 0
    k.write(f"{M}/c/notify_on_release", "7", sh)  # any non-zero value sets it
    assert k.read(f"{M}/c/notify_on_release", sh) == "1\n"
    u = k.fork(sh)
    k.write(f"{M}/c/cgroup.procs", str(t.pid), t)
    k.write(f"{M}/c/cgroup.procs", str(u.pid), u)
    k.write(f"{M}/cgroup.procs", str(t.pid), t)   # u still in c
    k.advance(1.0)
    assert calls == []
    k.write(f"{M}/release_agent", "", sh)         # read when the work runs
    k.write(f"{M}/cgroup.procs", str(u.pid), u)
    k.advance(1.0)
    assert calls == []


def test_a_release_queued_twice_before_its_work_runs_runs_the_agent_once():
    k, sh, calls = _kernel()
    k.mkdir(f"{M}/d", sh)
    k.write(f"{M}/d/notify_on_release", "1", sh)
    d = k.memory_root.cgrp.children["d"]
    cgroup1_check_for_release(k, d)
    cgroup1_check_for_release(k, d)          # schedule_work of a pending work
    k.advance(1.0)
    assert len(calls) == 1
    cgroup1_check_for_release(k, d)
    k.advance(1.0)
    assert len(calls) == 2


def test_the_script_s_shell_runs_the_agent_in_the_root_cgroup_with_its_environment():
    script = f"""
printf '#!/bin/sh\\necho "$# [$1] $HOME $PATH $(pwd) $(grep memory /proc/self/cgroup | cut -d: -f2-)" >> /tmp/log\\n' > /tmp/agent
printf 'echo no "#!" >> /tmp/log\\n' > /tmp/agent2
chmod +x /tmp/agent /tmp/agent2
echo /tmp/agent > {M}/release_agent
mkdir {M}/x; echo 1 > {M}/x/notify_on_release
( echo $BASHPID > {M}/x/cgroup.procs; exec true ); sleep 1
echo /tmp/agent2 > {M}/release_agent
( echo $BASHPID > {M}/x/cgroup.procs; exec true ); sleep 1
cat /tmp/log
"""
    r = memcgsim.run(script, kernel="5.10", cgroup="v1", init="busybox", userland="busybox")
    assert r.stdout == "1 [/x] / /sbin:/bin:/usr/sbin:/usr/bin / memory:/\n"
    assert r.status == 0
