"""How long the css chain's ``queue_rcu_work`` waited on the guests, in grace periods
(session 34, stock34: docs/fidelity.md item 216), from a trace of
tools/sizes/jobs-v1-trace.sh (6.1's ``rcu_gp_init``/``rcu_gp_cleanup`` probed):
each ``css_release_work_fn`` (``crw``: its ``queue_rcu_work`` comes at its end) is
matched to its ``rcu_work_rcufn`` (``rwr``: the rcu_head follows the work_struct
and its workqueue pointer, 0x40 bytes on), and the wait is told as the grace
periods that ended meanwhile, the one running when it was queued, and the
median length of the grace periods (init to cleanup).

    python3 tools/sizes/rcu_work_waits.py [--from MS] TRACE.txt[.gz]...

``--from MS``: only the waits queued from the trace's MS on
(tools/sizes/kill-child-chain-trace.sh: the child bash's exit, 354565 in its
recording, before the "child exited" marker).
"""
import gzip
import re
import statistics
import sys

EV = re.compile(r"^(\d+) (\d+\.\d+) (\w+) (\S+)(.*)$")


def read(path: str) -> list[tuple[float, str, str]]:
    """(ms, event, args) of the trace's event lines."""
    opener = gzip.open if path.endswith(".gz") else open
    out = []
    with opener(path, "rt", errors="replace") as f:
        for ln in f:
            m = EV.match(ln.rstrip("\n"))
            if m:
                out.append((float(m.group(2)), m.group(3), m.group(5)))
    return out


def waits(events: list[tuple[float, str, str]], since: float = 0.0) -> tuple[list, list]:
    """The chain's waits as (queued ms, wait ms, grace periods ended meanwhile, the
    memory css's or the self css's), and the grace periods' lengths; the waits
    queued from ``since`` (ms) on."""
    queued: dict[int, tuple[float, bool]] = {}
    ends: list[float] = []
    lengths: list[float] = []
    start = None
    out = []
    for t, ev, args in events:
        a = dict(kv.split("=", 1) for kv in args.split() if "=" in kv)
        if ev == "gpi":
            start = t
        elif ev == "gpc":
            ends.append(t)
            if start is not None:
                lengths.append(t - start)
                start = None
        elif ev == "crw" and t >= since:
            queued[int(a["w"], 16) + 0x40] = (t, a.get("ss", "0x0") != "0x0")
        elif ev == "rwr":
            q = queued.pop(int(a["r"], 16), None)
            if q is not None:
                n = sum(1 for e in ends if q[0] < e <= t)
                out.append((q[0], t - q[0], n, "memory" if q[1] else "self"))
    return out, lengths


def main(argv: list[str]) -> int:
    """Print each trace's waits and grace periods."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    since = 0.0
    if argv[0] == "--from":
        since, argv = float(argv[1]), argv[2:]
    for path in argv:
        out, lengths = waits(read(path), since)
        print(f"== {path}: {len(lengths)} grace periods, median "
              f"{statistics.median(lengths):.1f} ms (min {min(lengths):.1f}, max {max(lengths):.1f})")
        for kind in ("memory", "self"):
            w = [x for x in out if x[3] == kind]
            if not w:
                continue
            ms = [x[1] for x in w]
            gps = sorted({x[2] for x in w})
            print(f"   {kind} css: {len(w)} waits, median {statistics.median(ms):.1f} ms "
                  f"({min(ms):.1f}-{max(ms):.1f}); grace periods ended meanwhile: {gps}")
            print("      queued at ms (wait, ends): " + " ".join(
                f"{x[0]:.1f}({x[1]:.1f},{x[2]})" for x in w[:6]) + (" ..." if len(w) > 6 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
