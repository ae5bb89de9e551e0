"""Which caches make a script's /proc/meminfo Slab at each of its steps, guest against
model (session 34, branch slab34: docs/fidelity.md items 199 ff.). The script gets
a dump after every line matching AFTER (model_slab_growth.py's `instrument`): each
cache's /proc/slabinfo line (active objects, objects, object size, slab pages) and
meminfo's Slab and SUnreclaim, read by the script's bash (`read` loops: no fork, no
exec, one filp a file), with --tasks every task's pid, comm, state and parent too
(/proc/PID/stat: what else runs in the guest).

    python3 tools/sizes/step_slabinfo.py instrument SCRIPT [--after REGEX] [--tasks] > /tmp/s.sh
    memcgsim oracle /tmp/s.sh --kernel K --cgroup V --cpus N > REC.txt; gzip -9 REC.txt
    PYTHONPATH=src python3 tools/sizes/step_slabinfo.py compare SCRIPT REC.txt.gz \
        [--after REGEX] [--tasks] [--kernel K] [--cgroup V] [--cpus N] [--seed S] [--min PAGES]

`compare` runs the same instrumented script on the model (booted as `memcgsim conform`
boots it) and prints, for each dump, the growth in slab pages since the first dump
of every cache whose growth differs by --min pages or more (default 1), guest and
model side by side with their active objects' growth, then the sums (slabinfo's
pages; meminfo's Slab, which includes kmalloc's large pages and leaves out each
CPU's vmstat differential, item 49) and the tasks present in one dump only.
Default AFTER: `^\\s*step ` (novel-host-lifecycle.sh's and novel-host-steps.sh's steps).
"""
from __future__ import annotations

import argparse
import collections
import gzip
import sys

from model_slab_growth import instrument

#: a dump, read by the script's bash itself (no fork, one open a file): its count,
#: every cache (name, active, objects, size, slab pages), meminfo's Slab and SUnreclaim
#: in bytes
DUMP = ("{{ read -r _; read -r _; while read -r n a o s _ pp _ _ _ _ _ _ _ _ ns _; do "
        "echo \"SI {n} $n $a $o $s $((ns * pp))\"; done; }} < /proc/slabinfo; "
        "while read -r k v _; do case $k in Slab:|SUnreclaim:) echo \"SM {n} $k $((v * 1024))\";; "
        "esac; done < /proc/meminfo")
#: with --refresh, meminfo again after ``vmstat_refresh`` (mm/vmstat.c: every CPU's
#: ``vm_node_stat_diff`` folded into the global counters meminfo reads): what the
#: CPUs' differentials held back at the dump
REFRESH = ("; echo 1 > /proc/sys/vm/stat_refresh; while read -r k v _; do case $k in Slab:|SUnreclaim:) "
           "echo \"SR {n} $k $((v * 1024))\";; esac; done < /proc/meminfo")
#: with --tasks, every task's pid, comm, state and parent (/proc/PID/stat: what
#: else runs in the guest; one open a task)
TASKS = ("; for f in /proc/[0-9]*/stat; do read -r p c st pp _ < $f 2>/dev/null && "
         "echo \"SP {n} $p $c $st $pp\"; done")

AFTER = r"^\s*step "


class Dumps:
    """The dumps of one run: per dump, caches -> (active, objects, size, pages),
    meminfo -> bytes, tasks -> (comm, state, ppid)."""

    def __init__(self, text: str):
        """Parse the SI/SM/SP lines of ``text`` (a run's standard output)."""
        self.order: list[str] = []
        self.caches: dict = collections.defaultdict(dict)
        self.mem: dict = collections.defaultdict(dict)
        self.tasks: dict = collections.defaultdict(dict)
        for line in text.split("\n"):
            f = line.split()
            if len(f) < 4 or f[0] not in ("SI", "SM", "SR", "SP"):
                continue
            if f[1] not in self.order:
                self.order.append(f[1])
            if f[0] == "SI" and len(f) == 7:
                self.caches[f[1]][f[2]] = tuple(int(x) for x in f[3:7])
            elif f[0] in ("SM", "SR"):
                self.mem[f[1]][f[2].rstrip(":") + ("" if f[0] == "SM" else " refreshed")] = int(f[3])
            elif f[0] == "SP" and len(f) >= 6:
                self.tasks[f[1]][int(f[2])] = (f[3], f[4], int(f[5]))

    def growth(self, d: str, base: str) -> dict:
        """cache -> (active objects, slab pages) grown from dump ``base`` to ``d``."""
        b, now = self.caches[base], self.caches[d]
        out = {}
        for c in set(b) | set(now):
            x, y = b.get(c, (0, 0, 0, 0)), now.get(c, (0, 0, 0, 0))
            out[c] = (y[0] - x[0], y[3] - x[3])
        return out


def labels(text: str, n: int) -> list[str]:
    """The script's own step lines in order, as many as ``n`` dumps need (their first
    field before the colon), for the table's headings."""
    seen: list[str] = []
    for line in text.split("\n"):
        if ":" in line and not line.startswith(("SI ", "SM ", "SR ", "SP ")):
            head = line.split(":", 1)[0]
            if not seen or seen[-1] != head:
                seen.append(head)
    return seen[:n]


def compare(guest: Dumps, model: Dumps, names: list[str], minimum: int) -> None:
    """Print each dump's caches whose slab-page growth differs, guest against model."""
    base = guest.order[1] if len(guest.order) > 1 else guest.order[0]
    for i, d in enumerate(guest.order[1:], 1):
        if d not in model.caches:
            continue
        g, m = guest.growth(d, base), model.growth(d, base)
        name = names[i - 1] if i - 1 < len(names) else d
        gs, ms = sum(v[1] for v in g.values()), sum(v[1] for v in m.values())
        gm = {k: guest.mem[d].get(k, 0) - guest.mem[base].get(k, 0) for k in ("Slab", "SUnreclaim")}
        mm = {k: model.mem[d].get(k, 0) - model.mem[base].get(k, 0) for k in ("Slab", "SUnreclaim")}
        print(f"== dump {d} ({name}): slabinfo pages guest {gs:+d} model {ms:+d}; meminfo "
              f"Slab {gm['Slab']:+d} / {mm['Slab']:+d}, SUnreclaim {gm['SUnreclaim']:+d} / "
              f"{mm['SUnreclaim']:+d}")
        rows = sorted(((g.get(c, (0, 0))[1] - m.get(c, (0, 0))[1], c) for c in set(g) | set(m)),
                      key=lambda r: (-abs(r[0]), r[1]))
        for diff, c in rows:
            if abs(diff) < minimum:
                continue
            ga, gp = g.get(c, (0, 0))
            ma, mp = m.get(c, (0, 0))
            size = (guest.caches[d].get(c) or model.caches[d].get(c) or (0, 0, 0, 0))[2]
            print(f"   {c:26s} {size:6d}  pages {gp:+5d} {mp:+5d} ({diff:+d})  active {ga:+6d} {ma:+6d}")
    if guest.tasks:
        tasks(guest, "guest")


def tasks(run: Dumps, who: str) -> None:
    """The tasks that come or go between the dumps, by comm (kernel threads too)."""
    first = run.tasks[run.order[0]]
    for d in run.order[1:]:
        now = run.tasks[d]
        new = sorted(f"{p}:{now[p][0]}" for p in set(now) - set(first))
        gone = sorted(f"{p}:{first[p][0]}" for p in set(first) - set(now))
        print(f"-- {who} tasks at dump {d}: +{len(new)} {' '.join(new)[:300]} | "
              f"-{len(gone)} {' '.join(gone)[:300]}")


def main(argv: list[str]) -> int:
    """instrument or compare (the module's docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("instrument", "compare"))
    ap.add_argument("script")
    ap.add_argument("recording", nargs="?")
    ap.add_argument("--after", default=AFTER)
    ap.add_argument("--kernel", default="6.1")
    ap.add_argument("--cgroup", default="v2")
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--min", type=int, default=1)
    ap.add_argument("--tasks", action="store_true", help="dump the tasks too")
    ap.add_argument("--refresh", action="store_true", help="meminfo after stat_refresh too")
    ap.add_argument("--model-out", help="also write the model's output there")
    a = ap.parse_args(argv)
    text = instrument(open(a.script).read(), a.after, None, DUMP + (REFRESH if a.refresh else "")
                      + (TASKS if a.tasks else ""))
    if a.mode == "instrument":
        print(text)
        return 0
    from memcgsim.oracle.cli import run_model

    res = run_model(text, a.script.rsplit("/", 1)[-1], a.kernel, a.cgroup, a.cpus, seed=a.seed)
    if a.model_out:
        open(a.model_out, "w").write(res.stdout)
    gtext = (gzip.open(a.recording, "rt") if a.recording.endswith(".gz")
             else open(a.recording)).read()
    guest, model = Dumps(gtext), Dumps(res.stdout)
    compare(guest, model, labels(gtext, len(guest.order)), a.min)
    if model.tasks:
        tasks(model, "model")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
