"""A removed cgroup's count against the reads that see it (docs/fidelity.md item 257
of stock36): reads a tools/sizes/stock_trace.py ``--offline --jbd2`` trace of a guest,
or tools/sizes/model_chain_times.py's output of the model (the same event names), and
prints, for each ``cgroup.stat`` read (``cst``) that finds a chain under way, how many
memory csses had been released (``crw``, their ``css_release_work_fn``: the free
queued with ``queue_rcu_work``) and not yet their cgroup (``cgroup_release``: the
self css's ``css_release_work_fn``, where ``nr_dying_descendants`` goes down), and how
long since the first of them; then each chain's wait, from the memory css's release
to the cgroup's (a grace period and two works: kernel/cgroup/cgroup.c
``css_release_work_fn`` → ``css_free_rwork_fn`` → ``cgroup_put``, v5.10 and v6.1).

    python3 tools/sizes/chain_read_race.py TRACE.txt[.gz]

Chains are matched first in, first out (a batch's releases run in one kworker's turn).
"""
import re
import sys

from stock_replay import EV, read_trace     # tools/sizes/


def main(argv: list[str]) -> int:
    """Print the reads that race a chain, and the chains' waits."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    pending: list[tuple[float, str]] = []
    waits: list[tuple[str, float, float]] = []
    last_drop = None
    for ln in read_trace(argv[0]):
        m = EV.match(ln)
        if not m:
            continue
        ms, ev, rest = float(m.group(2)), m.group(3), m.group(5)
        if ev == "dcw":
            last_drop = ms
        elif ev == "crw":
            w = re.search(r"w=(\S+)", rest)
            name = w.group(1) if w else "?"
            if not name.startswith("0x"):       # the self css's own release: its free
                pending.append((ms, re.sub(r"\.0\w\w$", "", name)))
        elif ev == "cgroup_release" and pending:
            t0, name = pending.pop(0)
            path = re.search(r"path=(\S+)", rest)
            waits.append((path.group(1) if path else name, t0, ms - t0))
        elif ev == "cst" and pending:
            since = f", {ms - last_drop:.1f} ms after the drop's write" if last_drop is not None else ""
            print(f"{ms:10.3f} read: {len(pending)} released, not yet their cgroups,"
                  f" the first {ms - pending[0][0]:.1f} ms ago{since}")
    for path, t0, w in waits:
        print(f"{t0:10.3f} chain {path}: the cgroup released {w:.1f} ms after its memory css")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
