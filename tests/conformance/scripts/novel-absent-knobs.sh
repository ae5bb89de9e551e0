#!/bin/bash
# Written for memcgsim's conformance suite (session 36, novel36; cgroup v1 or v2): a
# monitoring or tuning tool written for another kernel or hierarchy probes the files
# it expects (swap, zswap, peak, reclaim, kill, kmem, pressure), in the root and in a
# job's cgroup: whether each exists, what a read and a write of a file that is not
# there give (ENOENT for the read; the write's O_CREAT in a kernfs directory, which has
# no create: EACCES), and the reads of write-only files (kernel/cgroup/cgroup.c
# cgroup_seqfile_show: no seq_show nor read_u64/read_s64, EINVAL) and the writes of
# read-only ones (cgroup_file_write: no write, EINVAL). Each line: the shell's message
# (its path cut) and the status.
if [ -d /sys/fs/cgroup/memory ]; then C=/sys/fs/cgroup/memory; else
  C=/sys/fs/cgroup; echo "+memory +pids" > $C/cgroup.subtree_control; fi
mkdir $C/job
cut_path() { sed -e 's#^[^:]*: line [0-9]*: ##' -e "s#$C/##" -e 's#^cat: can.t open ##'; }
for d in . job; do
  for f in memory.swap.max memory.swap.current memory.swap.events memory.zswap.current \
      memory.zswap.max memory.peak memory.reclaim cgroup.kill memory.max \
      memory.kmem.limit_in_bytes memory.kmem.usage_in_bytes memory.memsw.limit_in_bytes \
      memory.oom_control memory.pressure cgroup.pressure memory.numa_stat; do
    p=$C/$d/$f
    if [ -e $p ]; then e=yes; else e=no; fi
    r=$(cat $p 2>&1 >/dev/null | cut_path); rs=$?
    cat $p >/dev/null 2>&1; rs=$?
    w=$( (echo max > $p) 2>&1 | cut_path)
    echo "$d/$f: exists $e; read $rs ${r:-ok}; write max: ${w:-ok}"
  done
done
echo "job's files: $(ls $C/job | wc -l), the root's: $(ls $C | wc -l)"
rmdir $C/job; echo "rmdir: $?"
