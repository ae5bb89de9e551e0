"""Where a script's ``file_free_rcu`` callbacks come from (docs/fidelity.md item 370):
the guest's, from a recording of ``tools/sizes/stock_trace.py --rcu`` (or
rcu-sources-head.sh with the sched events), each ``call_rcu(file_free_rcu)`` by the
queuing task's command and what that task last did (``at exec``: within 0.2 ms of
its ``sched_process_exec``; ``after exec``, ``after fork``, ``at exit``); or the
model's, every ``call_rcu`` of the same script by callback name.

    python3 tools/sizes/rcu_file_frees.py guest REC...
    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_file_frees.py model SCRIPT \\
        --kernel 5.10 --cgroup v1 [--cpus 2] [--exit-rcu-frees on|off] [--file-life on|off]
"""
from __future__ import annotations

import collections
import gzip
import os
import re
import sys

LINE = re.compile(r"(\d+) ([\d.]+) (\S+) (\S+)-(\d+)(.*)")
KINDS = {"sched_process_exec": "after exec", "sched_process_exit": "at exit",
         "sched_process_fork": "after fork"}


def guest(path: str) -> collections.Counter:
    """The recording's ``file_free_rcu`` callbacks by (command, what it last did)."""
    with (gzip.open(path, "rt") if path.endswith(".gz") else open(path)) as f:
        lines = f.read().split("\n")
    names = {}
    if "--- functions" in lines:
        for ln in lines[lines.index("--- functions") + 1:]:
            p = ln.split()
            if len(p) == 2:     # "0xADDR name" (stock_trace.py), "ADDR name" (rcu-sources-tail.sh)
                names[p[0] if p[0].startswith("0x") else "0x" + p[0]] = p[1]
    last: dict[str, tuple[str, float]] = {}
    out: collections.Counter = collections.Counter()
    for ln in lines:
        m = LINE.match(ln)
        if not m:
            continue
        _, t, ev, comm, pid, args = m.groups()
        if ev in KINDS:
            last[pid] = (ev, float(t))
        elif ev == "qrc":
            f = re.search(r"func=(0x[0-9a-f]+)", args)
            if f is None or names.get(f.group(1)) != "file_free_rcu":
                continue
            ev0, t0 = last.get(pid, ("-", 0.0))
            kind = KINDS.get(ev0, "-")
            if kind == "after exec" and float(t) - t0 < 0.2:
                kind = "at exec"
            out[(comm, kind)] += 1
    return out


def model(argv: list[str]) -> collections.Counter:
    """The model's ``call_rcu`` callbacks of the script by name (OpenObjects' filp
    named ``open_objects filp``)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from model_guest import guest_kernel, guest_parser  # tools/sizes/

    from memcgsim.kernel import clock, file_table, fork
    from memcgsim.shell import run_script
    ap = guest_parser(__doc__, kernel="5.10", cgroup="v1")
    ap.add_argument("--exit-rcu-frees", choices=("on", "off"), default=None)
    ap.add_argument("--file-life", choices=("on", "off"), default=None)
    a = ap.parse_args(argv)
    if a.exit_rcu_frees is not None:
        fork.EXIT_RCU_FREES = a.exit_rcu_frees == "on"
    if a.file_life is not None:
        file_table.FILE_LIFE = a.file_life == "on"
    out: collections.Counter = collections.Counter()
    orig = clock.Clock.call_rcu

    def call_rcu(self, fn, *args, cpu: int = -1):
        name = getattr(fn, "__name__", type(fn).__name__)
        if name == "_give" and args and getattr(args[0], "name", "") == "filp":
            name = "open_objects filp"
        out[name] += 1
        return orig(self, fn, *args, cpu=cpu)
    clock.Clock.call_rcu = call_rcu     # type: ignore[method-assign]
    k = guest_kernel(a)
    run_script(k, open(a.script).read(), a.script, seed=a.seed)
    return out


def main(argv: list[str]) -> int:
    """Print the counts."""
    if not argv or argv[0] not in ("guest", "model"):
        sys.stderr.write(__doc__)
        return 2
    if argv[0] == "guest":
        for path in argv[1:]:
            got = guest(path)
            print(f"{path}: {sum(got.values())} file_free_rcu")
            for (comm, kind), n in got.most_common():
                print(f"  {comm} {kind}: {n}")
    else:
        got = model(argv[1:])
        for name, n in got.most_common():
            print(f"{name} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
