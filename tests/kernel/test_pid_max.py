"""kernel.pid_max: alloc_pid's cyclic allocation below pid_max, wrapping to
RESERVED_PIDS, skipping busy pids, EAGAIN when none is free; the sysctl's bounds
(kernel/pid.py; tools/sizes/pid-max.sh and its recordings)."""
from __future__ import annotations

import errno

import pytest

from memcgsim import Kernel
from memcgsim.kernel.pid import PidNs

PM = "/proc/sys/kernel/pid_max"


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_boot_value_and_bounds(design):
    # the guests (2 CPUs): 32768; 300 and 4194305 refused, 301 and 4194304 taken
    k = Kernel(design=design, cgroup="v2")
    sh = k.spawn("bash")
    assert k.read(PM, sh) == "32768\n"
    for bad in ("300", "4194305", "abc", "-5", "0"):
        with pytest.raises(OSError) as e:
            k.write(PM, bad, sh)
        assert e.value.errno == errno.EINVAL
    for good in ("301", "4194304", " 1000\n"):
        k.write(PM, good, sh)
        assert k.read(PM, sh) == f"{int(good)}\n"


def test_pid_idr_init_scales_with_cpus():
    # pid_idr_init: max(PID_MAX_DEFAULT, 1024 a CPU), min max(301, 8 a CPU)
    ns = PidNs(64)
    assert (ns.pid_max, ns.pid_max_min) == (65536, 512)
    assert (PidNs(2).pid_max, PidNs(2).pid_max_min) == (32768, 301)


def test_wrap_to_reserved_pids_skips_busy_and_runs_out():
    ns = PidNs(2)
    busy: dict[int, object] = {}
    for _ in range(400):
        busy[ns.alloc_pid(busy)] = None
    assert ns.idr_next == 401
    for p in list(busy):
        if p != 300 and p != 302:
            del busy[p]
    ns.set_pid_max(305)
    # the cursor is past pid_max: from RESERVED_PIDS, 300 and 302 busy
    got = []
    for _ in range(3):
        p = ns.alloc_pid(busy)
        busy[p] = None
        got.append(p)
    assert got == [301, 303, 304]
    with pytest.raises(OSError) as e:
        ns.alloc_pid(busy)
    assert e.value.errno == errno.EAGAIN
    del busy[301]
    assert ns.alloc_pid(busy) == 301


def test_pids_below_reserved_are_used_before_the_first_wrap():
    ns = PidNs(2)
    busy = {1: None, 2: None}
    ns.idr_next = 3
    ns.set_pid_max(301)
    got = [ns.alloc_pid(busy) for _ in range(298)]
    assert got == list(range(3, 301))
    # the cursor (301) is past RESERVED_PIDS: pid_min is 300 from now on
    busy.update(dict.fromkeys(got))
    del busy[5]
    with pytest.raises(OSError):
        ns.alloc_pid(busy)


def test_a_group_keeps_its_pid_busy():
    class T:
        def __init__(self, pgid, sid=0):
            self.pgid, self.sid = pgid, sid
    ns = PidNs(2)
    ns.idr_next = 400
    ns.set_pid_max(401)
    ns.groups.add(300)
    busy = {350: T(300)}            # a member of the group 300 lives on
    assert ns.alloc_pid(busy) == 400
    assert ns.alloc_pid(busy) == 301
    busy = {}
    ns.idr_next = 400
    assert ns.alloc_pid(busy) == 400
    assert ns.alloc_pid(busy) == 300 and 300 not in ns.groups


def test_forks_wrap_and_proc_sees_them():
    k = Kernel(design="6.1", cgroup="v2")
    sh = k.spawn("bash")
    while k.procs.last_pid() < 320:
        c = k.fork(sh, "sleep")
        k.exit(c)
        k.reap(c)
    k.write(PM, "330", sh)
    pids = []
    for _ in range(12):
        c = k.fork(sh, "sleep")
        pids.append(c.pid)
    assert pids == list(range(321, 330)) + [300, 301, 302]
    assert k.read(f"/proc/{pids[-1]}/comm", sh) == "sleep\n"
    assert k.read("/proc/loadavg", sh).split()[-1] == "302"
