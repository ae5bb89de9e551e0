"""Per job of tools/sizes/job-cpus-trace.sh's output (session 29, branch procs29): the
CPU the job's sh ran its exec on, head's (``sched_wakeup_new``' target), the CPU
``sched_wakeup`` put the sh on when head's exit woke it, the CPU the sh's in-place
exec of cat ran on, and what the memcg read after it.

    python3 tools/sizes/job_cpus.py OUTPUT...
"""
from __future__ import annotations

import gzip
import sys


def jobs(path: str) -> list[str]:
    """One line per job: ``i sh=CPU head=CPU wake=CPU cat=CPU | the memcg's reads``."""
    reads: dict[str, str] = {}
    ev = []
    op = gzip.open if path.endswith(".gz") else open
    for line in op(path, "rt", errors="replace"):
        f = line.split()
        if len(f) > 2 and f[0] == "jc" and f[1].isdigit():
            reads[f[1]] = " ".join(f[2:])
        elif len(f) > 4 and f[0] == "jt" and f[1].isdigit():
            ev.append(f)
    out = []
    job = None
    st: dict = {}
    for f in ev:
        cpu, name = int(f[1]), f[3]
        args = dict(a.split("=", 1) for a in f[5:] if "=" in a)
        if name == "tracing_mark_write":
            text = line_mark(f)
            if text.startswith("jc mark end"):
                if job is not None:
                    out.append(f"{job} sh={st.get('sh')} head={st.get('head')} "
                               f"wake={st.get('wake')} cat={st.get('cat')} "
                               f"| {reads.get(job, '')}")
                job = None
            elif text.startswith("jc mark "):
                job, st = text.split()[2], {}
            continue
        if job is None:
            continue
        pid = f[4].rsplit("-", 1)[-1]
        if name == "sched_process_exec" and args.get("filename") == "/bin/sh":
            st["sh"], st["shpid"] = cpu, pid
        elif name == "sched_process_fork" and pid == st.get("shpid"):
            st["headpid"] = args.get("child_pid")
        elif name == "sched_wakeup_new" and args.get("pid") == st.get("headpid"):
            st["head"] = int(args["target_cpu"])
        elif (name == "sched_wakeup" and args.get("pid") == st.get("shpid")
              and "head" in st and "wake" not in st):
            st["wake"] = int(args["target_cpu"])
        elif name == "sched_process_exec" and pid == st.get("shpid") and "sh" in st:
            st["cat"] = cpu
    return out


def line_mark(f: list[str]) -> str:
    """A trace marker's text (after the event name)."""
    return " ".join(f[5:]) if len(f) > 5 else " ".join(f[4:])


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print("==", p)
        print("\n".join(jobs(p)))
