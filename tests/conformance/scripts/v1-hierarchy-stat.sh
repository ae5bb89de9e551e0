#!/bin/bash
# Written for memcgsim's conformance suite (session 9): a cgroup v1 memory hierarchy as
# an SRE would inspect it. memory.use_hierarchy (inherited from the parent at mkdir;
# 5.10 lets a childless group change it, 6.1 always reads 1 and refuses 0), what the
# parent's memory.usage_in_bytes and memory.stat total_* sum over its children, the
# local values of each group (cache, rss, shmem, mapped_file), memory.numa_stat, and
# /proc/cgroups' num_cgroups over mkdir -p and rmdir of nested groups.
cd /sys/fs/cgroup/memory
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
echo "num_cgroups at start: $(ncg)"
echo "root use_hierarchy: $(cat memory.use_hierarchy)"
mkdir -p flat/a tree
echo "num_cgroups after mkdir -p flat/a tree: $(ncg)"
for d in flat flat/a tree; do echo "$d use_hierarchy: $(cat $d/memory.use_hierarchy)"; done
# flat has a child: its use_hierarchy cannot change; tree has none yet
for v in 0 1; do
  for d in flat tree; do
    if echo $v > $d/memory.use_hierarchy 2>/dev/null; then r=ok; else r=failed; fi
    echo "write $v to $d/memory.use_hierarchy: $r, reads $(cat $d/memory.use_hierarchy)"
  done
done
mkdir -p tree/b/c tree/d
echo "num_cgroups after mkdir -p tree/b/c tree/d: $(ncg)"
for d in tree/b tree/b/c tree/d; do echo "$d use_hierarchy: $(cat $d/memory.use_hierarchy)"; done
# workloads: a 2 MiB tmpfs file written in tree/b/c and in flat/a, 1 MiB in tree/d,
# a subshell holding a 4 MB string (anon) sleeping in tree/b
(echo $BASHPID > tree/b/c/cgroup.procs; dd if=/dev/zero of=/tmp/c.tmp bs=64k count=32 2>/dev/null)
(echo $BASHPID > flat/a/cgroup.procs; dd if=/dev/zero of=/tmp/a.tmp bs=64k count=32 2>/dev/null)
(echo $BASHPID > tree/d/cgroup.procs; dd if=/dev/zero of=/tmp/d.tmp bs=64k count=16 2>/dev/null)
(echo $BASHPID > tree/b/cgroup.procs; printf -v x '%*s' 4000000 ''; sleep 3600) &
sleep 2
for d in tree tree/b tree/b/c tree/d flat flat/a; do
  echo "== $d usage $(( $(cat $d/memory.usage_in_bytes) >> 20 ))M"
  grep -E '^(total_)?(cache|rss|shmem|mapped_file|unevictable) ' $d/memory.stat
done
echo "== tree numa_stat"
grep -E '^(hierarchical_)?(total|file|anon)=' tree/memory.numa_stat | cut -d' ' -f1
kill %1; wait
rm -f /tmp/c.tmp /tmp/a.tmp /tmp/d.tmp
sleep 1
echo "== after rm"
for d in tree tree/b/c flat/a; do
  echo "$d usage $(( $(cat $d/memory.usage_in_bytes) >> 20 ))M"
  grep -E '^(total_)?(cache|shmem) ' $d/memory.stat
done
rmdir tree/b/c 2>/dev/null; echo "num_cgroups after rmdir tree/b/c: $(ncg)"
rmdir tree 2>/dev/null || echo "rmdir tree: failed (children)"
rmdir tree/b tree/d tree flat/a flat
echo "num_cgroups at end: $(ncg)"
echo "hierarchy deprecation warnings: $(dmesg | grep -c "Non-hierarchical mode is deprecated")"
