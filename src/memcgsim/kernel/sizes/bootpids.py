"""The pid a script's shell gets on the oracle's guests: what their boot handed out
before it (``init="busybox"``, kernel/pid.py).

Pids go in order (``alloc_pid``'s cyclic IDR): before the script's ``bash`` the boot
made its kernel threads (kthreadd's per-CPU ones, ``cpuhp/N``, ``migration/N``,
``ksoftirqd/N``, ``kworker/N:0H``..., and the workqueues' and file systems' own:
more with more CPUs), and busybox init ran its commands (oracle/image.py ``INIT``:
its mounts, ``stty``, ``insmod``, the scratch disk's mount; v1's two more for its
hierarchy's tmpfs and directory), each a fork. The guests' figures, run by run
(``tools/sizes/boot-pids.sh``: ``python3 tools/sizes/boot_pids.py`` prints this table
from ``tools/sizes/recordings/boot-pids--K-C.txt``); between the CPU counts measured
a line, past the last the slope of the last two. Kernel workers made while a script
runs (a new ``kworker/N:1H``) take pids the model does not: at 4 and 8 CPUs runs
differ by a pid or two.
"""
from __future__ import annotations

#: (release, cgroup mode) -> {CPUs: the script's pid in each guest run}
SCRIPT_PIDS: dict[tuple[str, str], dict[int, tuple[int, ...]]] = {
    ("5.10", "v1"): {1: (98, 98), 2: (107, 107), 4: (123, 123), 8: (146, 147), 16: (195,)},
    ("5.10", "v2"): {1: (96, 96), 2: (104, 105), 4: (120, 120), 8: (144, 144), 16: (194,)},
    ("6.1", "v1"): {1: (112, 112), 2: (120, 121), 4: (135, 134), 8: (160, 162), 16: (210,)},
    ("6.1", "v2"): {1: (110, 110), 2: (118, 118), 4: (132, 131), 8: (155, 156), 16: (207,)},
}


def script_pid(release: str, cgroup: str, nr_cpus: int) -> int | None:
    """The pid the guests' script gets at ``nr_cpus`` (the lower median of the runs
    measured; a line between measured CPU counts); None for a release not measured."""
    runs = SCRIPT_PIDS.get((release, cgroup))
    if not runs:
        return None
    pts = sorted((c, sorted(p)[(len(p) - 1) // 2]) for c, p in runs.items())
    if nr_cpus <= pts[0][0] or len(pts) == 1:
        return pts[0][1]
    for (c0, p0), (c1, p1) in zip(pts, pts[1:]):
        if nr_cpus <= c1:
            break
    return p0 + round((p1 - p0) * (nr_cpus - c0) / (c1 - c0))
