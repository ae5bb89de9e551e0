"""The kernel's own work a shell's forked command leaves on its CPU (docs/fidelity.md
item 143 of fork31; sched.py ``KWORK_NS``, ``RMDIR_KWORK_NS``): from
tools/sizes/fork-place-trace.sh's recordings (real CPUs by fork_trace_cpus.py), per
loop, the run time of per-CPU kernel threads (kworker/N:*, ksoftirqd/N, kworker/uM:*
while there; not the RCU grace-period kthread, which keeps to a CPU of its own) on the
CPU a command ran on, from its first run to ``AFTER_US`` after its exit, per command
(median and mean, µs of the guest's time), and the loop's time a command.

    python3 tools/sizes/fork_kwork.py tools/sizes/recordings/fork-place-trace--6.1-v2-32cpu.txt.gz
"""
import collections
import gzip
import statistics
import sys

from fork_trace_cpus import decode

#: how long after a command's exit its CPU's kernel work still counts as its own
AFTER_US = 10_000
KTHREADS = ("kworker/", "ksoftirqd/")


def kwork(path: str) -> dict[str, tuple[int, float, float, float]]:
    """Per loop: (commands, median µs, mean µs of kernel-thread time, ms a command)."""
    nc, ev = decode(path)
    loop = {}
    with (gzip.open(path, "rt", errors="replace") if path.endswith(".gz") else open(path)) as f:
        for line in f:
            w = line.split()
            if len(w) >= 8 and w[0] == "fp" and w[1] in "ABCD":
                loop[int(w[2])] = w[1]
    runs = collections.defaultdict(list)       # CPU -> [(start, end)] of kernel threads
    since, cur, comm = {}, {}, {}
    first, exit_ = {}, {}
    for cpu, t, e, task, a in ev:
        if e == "tracing_mark_write":
            continue
        if e == "sched_switch":
            if cpu in since and comm.get(cpu, "").startswith(KTHREADS):
                runs[cpu].append((since[cpu], t))
            nxt = int(a["next_pid"])
            cur[cpu], since[cpu], comm[cpu] = nxt, t, a.get("next_comm", "")
            if nxt in loop and nxt not in first:
                first[nxt] = (cpu, t)
        elif e == "sched_process_exit":
            pid = int(task.rsplit("-", 1)[1])
            if pid in loop:
                exit_[pid] = t
    per = collections.defaultdict(list)
    span = collections.defaultdict(list)
    for pid, (cpu, t0) in first.items():
        if pid not in exit_:
            continue
        t1 = exit_[pid] + AFTER_US
        per[loop[pid]].append(sum(min(e, t1) - max(s, t0) for s, e in runs[cpu]
                                  if e > t0 and s < t1))
        span[loop[pid]].append(t0)
    out = {}
    for ph in "ABCD":
        v = per.get(ph)
        if v:
            ts = sorted(span[ph])
            out[ph] = (len(v), statistics.median(v), statistics.fmean(v),
                       (ts[-1] - ts[0]) / (len(ts) - 1) / 1000)
    return out


def main(argv: list[str]) -> int:
    """Print each recording's loops; with ``--share`` (session 39, branch place39:
    docs/fidelity.md item 320) each loop's kernel-thread mean as a share of its time
    a command, and over every loop the pooled share (kernel-thread time over loop
    time), the median loop's and the quartiles: what ``KWORK_NS`` is of a
    command's time at any pace (``Sched.pace`` scales both)."""
    share = argv[:1] == ["--share"]
    if share:
        argv = argv[1:]
    shares: list[float] = []
    kw = tm = 0.0
    for path in argv:
        print(path.rsplit("/", 1)[-1])
        for ph, (n, med, mean, ms) in kwork(path).items():
            line = (f"  {ph}: {n} commands, {ms:.1f} ms a command; kernel threads on its "
                    f"CPU median {med:.0f} µs, mean {mean:.0f} µs")
            if share:
                shares.append(mean / (ms * 1000))
                kw += mean * n
                tm += ms * 1000 * n
                line += f" ({shares[-1]:.2%})"
            print(line)
    if share and shares:
        q = statistics.quantiles(shares, n=4)
        print(f"{len(shares)} loops: pooled {kw / tm:.2%}, loops' quartiles "
              f"{q[0]:.2%} / {q[1]:.2%} / {q[2]:.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
