"""The pages a busybox sh and the children it forks charge, page by page, from a
trace of tools/sizes/job-tasks-trace.sh (calibration/busybox-noexec-trace.sh, the
job1-v1.sh traces; session 29, branch procs29): for each fork of the sh that forks
the children (the first task forking with comm sh), the parent's (P) and the
child's (C) faults followed by an LRU charge, each as CPU and area: busybox's
.data.rel.ro (relro N), .data (dN), .bss (bN) pages by their index, the heap's
(hN, from the sh's lowest heap page), the stack; ``text`` is a fault on the
binary's text followed by a page-cache charge (a write's, not the fault's).

    python3 tools/sizes/fork_pages.py TRACE
"""
import gzip
import sys


def _open(path):
    return gzip.open(path, "rt", errors="replace") if path.endswith(".gz") else open(path, errors="replace")


def area(a, hb):
    if 0x5db000 <= a < 0x5e2000: return "relro%d" % ((a-0x5db000)>>12)
    if 0x5e2000 <= a < 0x5e5000: return "d%d" % ((a-0x5e2000)>>12)
    if 0x5e5000 <= a < 0x5ec000: return "b%d" % ((a-0x5e5000)>>12)
    if a >= 0x7f0000000000: return "stk"
    if a < 0x5db000: return "text"
    return "h%d" % ((a>>12) - hb)
lines = [l.split() for l in _open(sys.argv[1]) if l.startswith("jt ") and len(l.split()) > 4 and l.split()[1].isdigit()]
# the sh that joined: parent of forks with comm=sh
forks = [l for l in lines if l[3] == "sched_process_fork" and "comm=sh" in l]
sh = forks[0][-3].split("=")[1]
# the heap's first page: the TCB, whose tid the kernel writes at a child's first run
# (a kernel-mode write fault, flags 0x215), else the sh's lowest heap-like address
kids = [f[-1].split("=")[1] for f in forks]
tcb = [int(l[5].split("=")[1], 16) >> 12 for l in lines if l[3] == "hmf" and l[6].endswith("215")
       and l[4].rsplit("-", 1)[1] in kids and 0x1000000 < int(l[5].split("=")[1], 16) < 0x7f0000000000]
hb = min(tcb) if tcb else min(int(l[5].split("=")[1], 16) >> 12 for l in lines
                              if l[3] == "hmf" and l[4].endswith("-" + sh)
                              and 0x1000000 < int(l[5].split("=")[1], 16) < 0x7f0000000000)
kids = [f[-1].split("=")[1] for f in forks]
prev = {}; cur = None; seq = []
for l in lines:
    p = l[4].rsplit("-",1)[1]
    if l[3] == "sched_process_fork" and p == sh:
        seq.append(["FORK", l[1], l[-1].split("=")[1]])
    if p not in kids and p != sh: prev[p] = l; continue
    who = "P" if p == sh else "C"
    if l[3] == "chg" and prev.get(p, [0,0,0,""])[3] == "hmf":
        seq.append([who, l[1], area(int(prev[p][5].split("=")[1],16), hb)])
    elif l[3] == "sched_process_exec" and p != sh: seq.append([who, l[1], "EXEC"])
    elif l[3] == "sched_process_exit": seq.append([who, l[1], "EXIT"])
    elif l[3] == "sched_wakeup_new" and p == sh: seq.append(["W", "", l[-1]])
    prev[p] = l
out = []
for s in seq:
    if s[0] == "FORK": out.append("\n" + s[2] + ":")
    else: out.append(s[0] + s[1] + ":" + s[2] if s[0] != "W" else s[2])
print(" ".join(out))
