#!/bin/bash
# memcgsim calibration (session 11, branch anonpte): what a process's memcg `kernel`
# (MEMCG_KMEM) holds beyond kernel_stack + pagetables + slab, the pages fork.py's
# MM_UPPER_PGTABLE_PAGES stands for. Busybox sleeps, each exec'd by a subshell that
# moved itself into the cgroup first (so the fork's stack and task structures are
# the root's; the cgroup gets the exec's new mm): one in u1, eight in u8. Prints
# each cgroup's whole memory.stat (non-zero lines: percpu, vmalloc and sock are
# charged to MEMCG_KMEM too on 6.1) and each sleep's VmPTE (mm_pgtables_bytes: PTE,
# PMD and PUD pages; the PGD is not counted).
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir u1 u8
( echo $BASHPID > u1/cgroup.procs; exec sleep 3600 ) &
for i in 1 2 3 4 5 6 7 8; do ( echo $BASHPID > u8/cgroup.procs; exec sleep 3600 ) & done
sleep 3
for c in u1 u8; do
  echo "$c: tasks $(wc -l < $c/cgroup.procs) memory.current $(cat $c/memory.current)"
  awk '$2 != 0 && $1 !~ /^(pg|workingset|thp|numa)/ {printf "%s %s ", $1, $2} END {print ""}' $c/memory.stat
  v=""
  for p in $(cat $c/cgroup.procs); do v="$v $(awk '/VmPTE/ {print $2}' /proc/$p/status)"; done
  echo "$c VmPTE(kB):$v"
done
for c in u1 u8; do for p in $(cat $c/cgroup.procs); do kill $p; done; done
wait 2>/dev/null
sleep 1
rmdir u1 u8
