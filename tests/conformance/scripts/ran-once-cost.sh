#!/bin/bash
# Written for memcgsim's conformance suite (session 14, bytes): N memory cgroups, each of
# which ran one short process and nothing else, then were removed. The process (sh,
# moved into its cgroup before it runs sleep) exits; what it allocated under its memcg
# (task_struct, kernel stack, page tables, its anon and slab objects) goes back, but
# objects freed to per-CPU caches or still referenced keep some memcgs dying. Printed:
# the parent's memory.stat (v2: anon, file, kernel_stack, slab, percpu, sock; v1:
# memory.usage_in_bytes and memory.kmem.usage_in_bytes) after the first cgroup's
# process exited and after the loop, dying descendants and /proc/cgroups num_cgroups,
# /proc/meminfo KernelStack, PageTables, Slab and Percpu as bytes per cgroup.
N=60
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
P=$R/ran_once
mkdir $P
[ $V = 2 ] && echo +memory > $P/cgroup.subtree_control
echo "cgroup v$V, $(getconf _NPROCESSORS_ONLN) CPUs, $N cgroups"
mi() { awk -v k="$1:" '$1 == k {print $2 * 1024}' /proc/meminfo; }
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
pstat() {
  if [ $V = 2 ]; then
    for k in anon file kernel_stack slab percpu sock; do
      printf '%s %s ' $k $(awk -v k=$k '$1 == k {print $2}' $P/memory.stat)
    done
    echo
  else
    echo "usage $(cat $P/memory.usage_in_bytes) kmem $(cat $P/memory.kmem.usage_in_bytes)"
  fi
}
dying() {
  if [ $V = 2 ]; then awk '$1 == "nr_dying_descendants" {print $2}' $P/cgroup.stat
  else echo "$(( $(ncg) - n0 ))"; fi
}
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
n0=$(ncg)
ks0=$(mi KernelStack); pt0=$(mi PageTables); sl0=$(mi Slab); pc0=$(mi Percpu)
i=0
while [ $i -lt $N ]; do
  c=$P/job$i
  mkdir $c
  sh -c "echo \$\$ > $c/cgroup.procs; exec sleep 0.1"
  if [ $i = 0 ]; then
    echo "job0 after its process exited: memory.current $(cat $c/memory.usage_in_bytes $c/memory.current 2>/dev/null)"
    echo "parent: $(pstat)"
  fi
  rmdir $c
  i=$((i + 1))
done
echo "after the loop: parent: $(pstat)"
echo "after the loop: dying $(dying) num_cgroups +$(( $(ncg) - n0 ))"
sleep 3
ks=$(mi KernelStack); pt=$(mi PageTables); sl=$(mi Slab); pc=$(mi Percpu)
echo "3 s later: parent: $(pstat)"
echo "3 s later: dying $(dying)"
echo "per cgroup: KernelStack $(( (ks - ks0) / N )) PageTables $(( (pt - pt0) / N ))"
echo "per cgroup: Slab $(( (sl - sl0) / N )) Percpu $(( (pc - pc0) / N ))"
rmdir $P && echo "parent removed"
