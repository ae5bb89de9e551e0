#!/bin/bash
# memcgsim calibration (session 29, branch procs29): which pages a busybox sh and
# the children it forks write, page by page: three rounds of a subshell and ten
# NOEXEC applets (head -n 0, head -c, head -n, cut, sort, stat, ls, dd, seq, and
# job1-v1.sh's head -c 200000 > F) forked by one sh in a v1 memcg, traced with
# tools/sizes/job-tasks-trace.sh's kprobes (handle_mm_fault's address, the LRU
# charge after it); tools/sizes/fork_pages.py names each charged fault's area.
#   cat tools/sizes/job-tasks-trace.sh calibration/busybox-noexec-trace.sh |
#     memcgsim oracle - --kernel 6.1 --cgroup v1
M=/sys/fs/cgroup/memory
mkdir $M/nx
printf 'x\n' > /tmp/nx.in
sh -c "echo \$\$ > $M/nx/cgroup.procs
  for k in 1 2 3; do ( : ); head -n 0 /dev/null; head -c 4 /dev/zero > /dev/null; head -n 1 /tmp/nx.in > /dev/null; cut -c1 /tmp/nx.in > /dev/null; sort /tmp/nx.in > /dev/null; stat /tmp/nx.in > /dev/null; ls /tmp/nx.in > /dev/null; dd if=/tmp/nx.in of=/dev/null 2> /dev/null; seq 1 > /dev/null; head -c 200000 /dev/urandom > /tmp/f1; done; :"
