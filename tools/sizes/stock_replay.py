"""Each CPU's memcg_stock at each marker of a guest trace of tools/sizes/stock_trace.py
(docs/fidelity.md item 69), rebuilt from its events as mm/memcontrol.c (v5.10, v6.1)
moves the pages: ``refill_stock`` caches its memcg (draining another's first) and
drains past MEMCG_CHARGE_BATCH; a ``try_charge`` no ``page_counter_try_charge``
of the memory or memsw counter follows on its CPU took its pages from the stock
(``consume_stock``); every
``drain_stock`` the trace shows is checked against the stock rebuilt so far (a
mismatch is counted and printed: an event the probes missed).

    python3 tools/sizes/stock_replay.py TRACE.txt[.gz] [--batch 32|64]

Prints `MARK | cpu0=MEMCG:PAGES cpu1=...` per marker, the marker's text first.
"""
import gzip
import re
import sys
from collections import deque

EV = re.compile(r"^(\d+) (\d+\.\d+) (\w+) (\S+)(.*)$")


def args_of(rest: str) -> dict:
    """``k=v`` pairs of an event's arguments."""
    return dict(kv.split("=", 1) for kv in rest.split() if "=" in kv)


def read_trace(path: str) -> list[str]:
    """The lines of a trace (gzipped or not)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", errors="replace") as f:
        return [ln.rstrip("\n") for ln in f]


def stack_after(lines: list[str], i: int) -> str:
    """The folded stack printed after event line ``i`` (``stock_trace.py --mm``), or ''."""
    return lines[i + 1] if i + 1 < len(lines) and lines[i + 1].startswith("   stack") else ""


def main(argv: list[str]) -> int:
    """Replay the trace and print the stocks at each marker."""
    path = argv[0]
    batch = int(argv[argv.index("--batch") + 1]) if "--batch" in argv else None
    lines = read_trace(path)
    if batch is None:   # the kernel's batch: the biggest 2-power page_counter charge
        sizes = [int(m.group(1)) for ln in lines for m in [re.search(r" ptc .* nr=(\d+)$", ln)] if m]
        batch = 64 if 64 in sizes else 32
    # the counters a stock miss charges (memory, memsw): those charged a whole batch;
    # 5.10's v1 kmem charge (``page_counter_try_charge(&memcg->kmem)`` after a stock
    # hit) is another counter
    batch_counters = {m.group(1) for ln in lines
                      for m in [re.search(r" ptc .*counter=\S+\.(\w+) nr=%d$" % batch, ln)] if m}
    state: dict = {}
    expected: dict = {}
    pending: dict = {}      # cpu -> (task, memcg, nr) of a try_charge not yet resolved
    mismatches = 0

    def st(cpu):
        return state.setdefault(cpu, [None, 0])

    def resolve(cpu, hit: bool) -> None:
        nonlocal mismatches
        p = pending.pop(cpu, None)
        if p is None or not hit:
            return
        s = st(cpu)
        if s[0] == p[1] and s[1] >= p[2]:
            s[1] -= p[2]
        else:
            mismatches += 1
            print(f"  ! cpu{cpu} consume {p[1]}:{p[2]} from {s[0]}:{s[1]}")

    for ln in lines:
        m = EV.match(ln)
        if not m:
            continue
        cpu, ev, task, rest = int(m.group(1)), m.group(3), m.group(4), m.group(5)
        if ev == "mark":
            for c in list(pending):
                resolve(c, True)
            text = rest.strip()
            print(f"{text[:70]:70} | " + " ".join(
                f"cpu{c}={state[c][0] or '-'}:{state[c][1]}" for c in sorted(state))
                + (f"  (mismatches {mismatches})" if mismatches else ""))
            continue
        a = args_of(rest)
        if ev == "tc":
            resolve(cpu, True)
            if not a["memcg"].startswith("0x"):     # not the root's (returns early)
                pending[cpu] = (task, a["memcg"], int(a["nr"]))
        elif ev == "ptc":
            off = a["counter"].rsplit(".", 1)[-1]
            if cpu in pending and pending[cpu][0] == task and off in batch_counters:
                resolve(cpu, False)
        elif ev == "rfs":
            resolve(cpu, True)
            s = st(cpu)
            q = expected.setdefault(cpu, deque())
            if s[0] != a["memcg"]:
                q.append((s[0] or "0x0", s[1]))
                s[0], s[1] = a["memcg"], 0
            s[1] += int(a["nr"])
            if s[1] > batch:
                q.append((s[0], s[1]))
                s[0], s[1] = None, 0
        elif ev == "ds":
            resolve(cpu, True)
            got = (a["memcg"], int(a["nr"]))
            q = expected.setdefault(cpu, deque())
            if q:
                want = q.popleft()
            else:
                s = st(cpu)
                want = (s[0] or "0x0", s[1])
                s[0], s[1] = None, 0
            if want != got and not (want[1] == 0 and got[1] == 0):
                mismatches += 1
                print(f"  ! cpu{cpu} drain {got[0]}:{got[1]}, rebuilt {want[0]}:{want[1]}")
        elif task and cpu in pending and pending[cpu][0] == task:
            resolve(cpu, True)
    print(f"batch {batch}, mismatches {mismatches}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
