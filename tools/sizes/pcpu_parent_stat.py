#!/usr/bin/env python3
"""Replay 5.10's per-CPU batching of a parent's memory.stat ``percpu`` over the CPUs a
run made and freed its children on (tools/sizes/pcpu-parent-stat-trace.sh's "E cpu
a|f" lines), and print what the parent reads after the mkdirs and after the rmdirs
beside what the guest read ("made" and "after").

mm/memcontrol.c (v5.10) ``__mod_memcg_state``: a CPU's delta ``x`` is folded into the
memcg's and its ancestors' atomic counters when ``abs(x)`` passes
``MEMCG_CHARGE_BATCH << PAGE_SHIFT`` (a byte item), else kept; ``pcpu_alloc`` and
``free_percpu`` charge and uncharge each area on their own (``size *
num_possible_cpus()``), a child's four statistics areas in ``mem_cgroup_alloc``'s
order and freed in ``__mem_cgroup_free``'s (kernel/sizes ``memcg_pcpu``,
``memcg_pcpu_free_order``).

    python3 tools/sizes/pcpu_parent_stat.py RECORDING

Where the recording has the "V cpu bytes" lines (__mod_memcg_state's own CPU for each
area), those are replayed too: the guest's reading, to the byte.
"""
from __future__ import annotations

import re
import sys

MEMCG_CHARGE_BATCH = 32
PAGE_SHIFT = 12


def fold(updates, cpus: int) -> tuple[int, int, list[int]]:
    """``(made, after, remainders)``: the parent's folded counter after the last
    charge and at the end, and each CPU's unfolded delta, for ``updates`` ``(cpu,
    bytes)`` in order (``__mod_memcg_state``)."""
    threshold = MEMCG_CHARGE_BATCH << PAGE_SHIFT
    delta = [0] * cpus
    folded = made = 0
    for cpu, v in updates:
        x = delta[cpu] + v
        if abs(x) > threshold:
            folded += x
            x = 0
        delta[cpu] = x
        if v > 0:
            made = folded
    return made, folded, delta


def child_updates(events, cpus: int) -> list[tuple[int, int]]:
    """Each child's four statistics areas charged (``"a"``) or uncharged (``"f"``)
    on its event's CPU, in the order 5.10 allocates and frees them."""
    sys.path.insert(0, "src")
    from memcgsim.kernel.sizes import SIZES
    sz = SIZES["5.10"]
    specs = sz.memcg_pcpu(1)
    charged = [i for i, s in enumerate(specs) if s.charged]
    alloc = [specs[i].size * cpus for i in charged]
    free = [-specs[i].size * cpus for i in sz.memcg_pcpu_free_order(1) if i in charged]
    return [(cpu, v) for cpu, kind in events for v in (alloc if kind == "a" else free)]


def main(argv: list[str]) -> int:
    text = open(argv[1]).read()
    cpus = int(re.search(r"^(\d+) CPUs", text, re.M).group(1))
    events = [(int(c), k) for c, k in re.findall(r"^E (\d+) ([af])$", text, re.M)]
    real = {k: int(v) for k, v in re.findall(r"^(made|after) (\d+)$", text, re.M)}
    print(f"{cpus} CPUs, {len(events)} children's events, guest: made {real.get('made')}, "
          f"after {real.get('after')}")
    made, after, rest = fold(child_updates(events, cpus), cpus)
    print(f"  each child's areas on its css_alloc's / css_free's CPU: made {made}, "
          f"after {after}, remainders {rest}")
    # the areas as __mod_memcg_state counted them, each on its own CPU
    updates = [(int(c), int(v)) for c, v in re.findall(r"^V (\d+) (-?\d+)$", text, re.M)]
    if updates:
        made, after, rest = fold(updates, cpus)
        moved, cpu = 0, None
        for kind, c in re.findall(r"^([EV]) (\d+) ", text, re.M):
            if kind == "E":
                cpu = c
            elif c != cpu:
                moved += 1
        print(f"  each area on its own CPU ({len(updates)}, {moved} on another CPU than "
              f"its child's event): made {made}, after {after}, remainders {rest}")
    for c in range(cpus):
        print(f"  CPU {c}: {sum(1 for e in events if e == (c, 'a'))} made, "
              f"{sum(1 for e in events if e == (c, 'f'))} freed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
