"""A what-if for docs/fidelity.md item 102 (branch release27): pod-kill.sh in the model
with tree RCU's rule in ``Clock.call_rcu`` (item 68's, not kept: a callback queued
while a grace period runs waits for the next one; one queued at the instant a grace
period starts shares it), to see what the read right after the ``rm`` would say.

    .venv/bin/python tools/sizes/pod_kill_rcu_whatif.py tests/conformance/scripts/pod-kill.sh 6.1

Prints the script's output (4 dying after the rm on both kernels, with or without
kernel/backing_dev.py; the model as it is reads 2).
"""
from __future__ import annotations

import heapq
import sys
from pathlib import Path

import memcgsim
from memcgsim.kernel import clock

GP = clock.RCU_GRACE_PERIOD_NS
#: per clock: the running grace period's start and end, and the next one's end
_STATE: dict[int, list] = {}


def call_rcu(self, fn, *args, cpu: int = -1) -> None:
    """``call_rcu`` by the rule: with none running one starts now; with one running
    (not starting now) the callback waits for the next, which starts at its end
    (``cpu``, the queuing CPU, unused)."""
    now = self.now_ns
    st = _STATE.setdefault(id(self), [None, None, None])
    start, end, nxt = st
    if nxt is not None and end is not None and end <= now < nxt:
        start, end, nxt = nxt - GP, nxt, None          # the next one is running
    if end is None or end <= now:
        start, end, nxt = now, now + GP, None          # none running: one starts
    if start == now:
        when = end
    else:
        nxt = nxt if nxt is not None and nxt > end else end + GP
        when = nxt
    st[:] = [start, end, nxt]
    self._seq += 1
    heapq.heappush(self._heap, (when, self._seq, fn, args))


def main() -> None:
    clock.Clock.call_rcu = call_rcu
    r = memcgsim.run(Path(sys.argv[1]), kernel=sys.argv[2], cgroup="v2", cpus=4,
                     init="busybox")
    print(r.stdout, end="")


if __name__ == "__main__":
    main()
