#!/bin/sh
# Written for memcgsim's conformance suite (session 15, conform15c: per-CPU costs).
# How the per-CPU charge caches (memcg_stock_pcp) show in a parent's usage. Children
# of one parent P are made by mkdir processes pinned to each CPU in turn (taskset):
# each new memcg's per-CPU data is charged to P (mem_cgroup_alloc under
# set_active_memcg(parent)) from that CPU, so P's usage grows a batch of pages at a
# time per CPU while its charged bytes grow by what the children's areas take.
# Printed per CPU: P's usage in pages, the charged percpu bytes (v2) or kmem usage
# (v1) and their difference in pages (what the CPUs' stocks hold). Then every child
# is removed from CPU 0 and, after the frees, P's limit is set below its usage (the
# limit write drains every CPU's stock before it reclaims) and set back.
ncpu=$(grep -c '^processor' /proc/cpuinfo)
PER=12
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
P=$R/pinned_parent
mkdir $P
if [ $V = 2 ]; then
  echo +memory > $P/cgroup.subtree_control
  USAGE=$P/memory.current; LIMIT=$P/memory.max
else
  USAGE=$P/memory.usage_in_bytes; LIMIT=$P/memory.limit_in_bytes
fi
charged() {
  if [ $V = 2 ]; then
    awk '$1 == "percpu" {print $2}' $P/memory.stat
  else
    cat $P/memory.kmem.usage_in_bytes
  fi
}
report() {
  u=$(cat $USAGE); c=$(charged)
  echo "$1: usage $((u / 4096)) pages, charged $c, stocked $(( (u - c) / 4096 )) pages"
}
echo "cgroup v$V, $ncpu CPUs, $PER children a CPU"
report start
cpu=0
while [ $cpu -lt $ncpu ]; do
  j=0
  while [ $j -lt $PER ]; do
    taskset -c $cpu mkdir $P/k${cpu}_$j
    j=$((j + 1))
  done
  report "cpu $cpu made $PER"
  cpu=$((cpu + 1))
done
n=$(ls -d $P/k* | wc -l)
echo "children: $n"
for d in $P/k*; do taskset -c 0 rmdir $d; done
sleep 3
report "removed"
if echo 4096 > $LIMIT; then echo "limit 4096 set"; else echo "limit 4096 refused"; fi
report "limited"
echo max > $LIMIT 2>/dev/null || echo -1 > $LIMIT
report "unlimited"
rmdir $P && echo "parent removed"
