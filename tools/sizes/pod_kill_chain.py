"""The removed pod cgroups' last steps in a pod-kill-trace.sh output (docs/fidelity.md
item 102).

For each cgroup the script removes (``rmdir a b c pod1``, matched by the kernfs node
of ``cgroup_rmdir`` in that order): when its memory css went offline, who put its
last reference (the stack of ``css_release``: ``cgwb_release_workfn``,
``css_killed_work_fn``...), the cgroup writeback's release (``cgwb_release``, from
``__destroy_inode`` or the kill's ``percpu_ref_switch_to_atomic_rcu``), the release
work and the ``wb_workfn`` it flushed, the memory css's ``css_release_work_fn``, the
grace period of its ``queue_rcu_work`` and the self css's ``css_release_work_fn``
(``nr_dying_descendants`` falls). Then the shell's commands around the read after
the ``rm`` (its exec and exit, the ``$(grep ...)`` child's fork, exec and exit) and
what the read saw. Times are ms of the guest's clock.

    python3 tools/sizes/pod_kill_chain.py tools/sizes/recordings/pod-kill-trace--6.1-v2-4cpu.txt.gz

The pod-kill-trace-light--* recordings (5.10, 4 CPUs, three runs) were made with
the chain's probes only (no fork/exec events, no probe but crl, crw, mof, rmd, cwr,
cwf; a stack at every ``css_release``), to see whether the probes change the count
after drop_caches; the script was made from pod-kill-trace.sh by::

    grep -vE "^kp 'p:(ckr|ckw|rwr|cfw|mfr|wbw|coc|isw|uli|gpi|gpc|dcs) |sched_process_fork" \
      tools/sizes/pod-kill-trace.sh | sed 's/stacktrace if ss != 0/stacktrace/' > light.sh
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from css_chains import DESTROY_WORK, REFCNT, parse  # noqa: E402

NAMES = ("a", "b", "c", "pod1")
#: ``struct bdi_writeback``: release_work's offset from refcnt (cgwb_release's ref
#: and cgwb_release_workfn's work in the traces differ by it: 6.1, 5.10)
WB_RELEASE_WORK = (0xB8, 0x70)


def stacks(path: str) -> dict[float, str]:
    """The stack printed after each event, by the event's time."""
    import gzip
    opener = gzip.open if path.endswith(".gz") else open
    out, last = {}, None
    for line in opener(path, "rt", errors="replace"):
        f = line.split(None, 3)
        if line.startswith("STACK ") and last is not None:
            out[last] = line[6:].strip()
        elif len(f) >= 3 and f[0].isdigit() and f[2] in ("crl", "cwr"):
            last = float(f[1])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trace", nargs="+")
    a = ap.parse_args()
    for path in a.trace:
        evs, marks = parse(path)
        st = stacks(path)
        print(f"== {Path(path).name}")
        kns = [int(args["kn"], 16) for _, _, e, _, args in evs if e == "rmd"][-4:]
        name = dict(zip(kns, NAMES))
        t_rmdir = {name[int(args["kn"], 16)]: t for t, _, e, _, args in evs
                   if e == "rmd" and int(args["kn"], 16) in name}
        memcss: dict[int, str] = {}
        memcgs = {int(args["css"], 16) for _, _, e, _, args in evs if e == "mof"}
        rows: dict[str, dict] = {n: {} for n in NAMES}
        for t, _, e, task, args in evs:
            kn = int(args["kn"], 16) if "kn" in args else None
            n = name.get(kn)
            if n is None:
                continue
            self_css = args.get("ss", "0x0") == "0x0"
            if e in ("ckw", "crw"):
                css = int(args["w"], 16) - DESTROY_WORK
            elif e == "crl":
                css = int(args["ref"], 16) - REFCNT
            else:
                continue
            mem = css in memcgs
            if e == "ckw" and mem:
                rows[n]["off"] = t
            if e == "crl" and (mem or self_css):
                who = st.get(t, "").split("<css_release<")[-1].split("<")[0]
                if self_css:
                    rows[n]["self_put"] = (t, who)
                else:
                    memcss[css] = n
                    rows[n].setdefault("puts", []).append((t, who))
            if e == "crw" and (mem or self_css):
                rows[n]["self_crw" if self_css else "mem_crw"] = t
        # the memory css's last put from cgwb_release_workfn: its release and flush
        cwr = [(t, int(args["ref"], 16), st.get(t, "")) for t, _, e, _, args in evs if e == "cwr"]
        refs = {r for _, r, _ in cwr}
        cwf = {}
        for t, _, e, _, args in evs:
            if e == "cwf":
                for off in WB_RELEASE_WORK:
                    if int(args["w"], 16) - off in refs:
                        cwf[int(args["w"], 16) - off] = t
        rm_exec = next((t for t, _, e, task, _ in evs if e == "sched_process_exec"
                        and task.startswith("rm-")), None)
        rm_exit = next((t for t, _, e, task, _ in evs if e == "sched_process_exit"
                        and task.startswith("rm-")), None)
        grep = [(t, e) for t, _, e, task, args in evs if rm_exit and t > rm_exit
                and e.startswith("sched_process") and (task.startswith("grep-") or
                                                       args.get("child_comm") == "bash")][:3]
        print(f"  rm exec {rm_exec:.1f} exit {rm_exit:.1f}; then "
              + ", ".join(f"{e.split('_')[-1]} {t:.1f}" for t, e in grep))
        for t, ref, s in cwr:
            caller = s.split("<cgwb_release<")[-1].split("<")[0] if s else "?"
            w = cwf.get(ref)
            print(f"  cgwb_release {t:.1f} from {caller}; its cgwb_release_workfn "
                  + (f"{w:.1f}" if w is not None else "-"))
        for n in NAMES:
            r = rows[n]
            puts = r.get("puts", [])
            last = puts[-1] if puts else None
            off = f"{r['off']:.1f}" if "off" in r else "-"
            line = f"  {n:4} rmdir {t_rmdir.get(n, 0):.1f} offline {off}"
            if last:
                line += f"; memcg's last put {last[0]:.1f} by {last[1]}"
            if "mem_crw" in r and "self_crw" in r:
                line += (f", self css released {r['self_crw']:.1f} "
                         f"({r['self_crw'] - last[0]:.1f} after the last put)")
            elif last:
                line += ", self css not released"
            else:
                line += "; memcg not released"
            print(line)
        for t, m in marks:
            if m.startswith(("rm", "after rm")):
                print(f"  mark {t:.1f} {m}")


if __name__ == "__main__":
    main()
