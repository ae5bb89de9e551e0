"""The model's side of ``wake_replay.py --folds`` (session 44, branch place44:
docs/fidelity.md item 442): runs a conformance script on the model as `memcgsim
conform` does and, at each mark the top-level shell echoes, prints for each named
memcg its local anon and shmem pages folded so far (5.10's per-CPU batches folded
past ``MEMCG_CHARGE_BATCH``: what memory.stat reads) and each CPU's delta not yet
folded, in wake_replay.py's form (a mark whose figures are the last printed one's is
left out):

    PYTHONPATH=src python3 tools/sizes/model_stat_cpus.py SCRIPT --kernel 5.10 --cgroup v1 \
        --cpus 2 [--seed S] [--set NAME=VALUE]... NAME...

NAME: a memcg's directory name (its path's last part), as wake_replay.py names them.
A last line gives the same at the script's end.
"""
from __future__ import annotations

import sys
from pathlib import Path

from model_guest import guest_kernel, guest_parser     # tools/sizes/


def main(argv: list[str]) -> int:
    """Run the script; print each mark's folded and pending anon and shmem."""
    ap = guest_parser(__doc__, kernel="5.10", cgroup="v1")
    ap.add_argument("names", nargs="+")
    a = ap.parse_args(argv)
    from memcgsim.kernel import memcontrol as M
    from memcgsim.kernel.vmstat import NR_ANON_MAPPED, NR_SHMEM
    from memcgsim.shell import builtins as B
    from memcgsim.shell import run_script
    k = guest_kernel(a)
    memcgs: dict = {}
    alloc = M.MemoryController.css_alloc
    echo_fn, echo_gen = B.BUILTINS["echo"]
    shell = [None]
    last = [None]       # the last line's figures: a mark that moved none is not printed

    def h_alloc(self, cgrp, parent_css):
        m = alloc(self, cgrp, parent_css)
        name = cgrp.path.rstrip("/").rsplit("/", 1)[-1]
        if name in a.names:
            memcgs[name] = m
        return m

    def line(text: str, cpu: int) -> None:
        parts = []
        for name in a.names:
            m = memcgs.get(name)
            if m is None:
                continue
            st = m.stats
            pc = st.pcpu if isinstance(st.pcpu, dict) else {}
            row = []
            for idx, item in ((NR_ANON_MAPPED, "anon"), (NR_SHMEM, "shmem")):
                folded = st.local[idx]
                pend = [pc[c][idx] if c in pc else 0 for c in range(k.nr_cpus)]
                row.append(f"{item} {folded} (+{pend})")
            parts.append(f"{name}: " + " ".join(row))
        payload = "; ".join(parts)
        if payload != last[0] or cpu < 0:
            print(f"mark {text} | cpu {cpu} | " + payload, flush=True)
            last[0] = payload

    def h_echo(sh, argv):
        if shell[0] is None:
            shell[0] = sh.task
        if sh.task is shell[0] and len(argv) > 1:
            line(" ".join(argv[1:]), sh.task.cpu)
        return echo_fn(sh, argv)
    M.MemoryController.css_alloc = h_alloc
    B.BUILTINS["echo"] = (h_echo, echo_gen)
    try:
        run_script(k, Path(a.script).read_text(), a.script, seed=a.seed)
        line("(the script's end)", -1)
    finally:
        M.MemoryController.css_alloc = alloc
        B.BUILTINS["echo"] = (echo_fn, echo_gen)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
