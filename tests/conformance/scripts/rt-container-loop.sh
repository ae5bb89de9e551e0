#!/bin/bash
# Written for memcgsim's conformance suite (session 11, cgroup v2): what a container
# runtime's create/run/kill/remove loop leaves behind. Each of N "containers" is a
# nested cgroup rt/ctr$i with memory.max and pids.max; its job (a shell moved in
# before it runs anything) writes 64 KiB to a file in /tmp and 32 KiB to one in
# /dev/shm (both tmpfs: shmem pages charged to the container) and sleeps; the runtime
# kills it with SIGKILL, waits, and removes the cgroup. The tmpfs pages keep every
# removed memcg dying (cgroup.stat nr_dying_descendants, /proc/cgroups) until the
# files go. /proc/meminfo Slab, SReclaimable, SUnreclaim, Percpu, KernelStack and
# PageTables, and a few /proc/slabinfo caches' active objects, as deltas per
# container from before the loop: after the loop, and 3 s after the files are removed.
N=30
C=/sys/fs/cgroup
grep -qw memory $C/cgroup.subtree_control || echo "+memory +pids" > $C/cgroup.subtree_control
mkdir $C/rt
echo "+memory +pids" > $C/rt/cgroup.subtree_control
mkdir -p /dev/shm
echo "cgroup v2, $(getconf _NPROCESSORS_ONLN) CPUs, $N containers"
mi() { awk '$1 ~ /^(Slab|SReclaimable|SUnreclaim|Percpu|KernelStack|PageTables):$/ {print $1, $2}' /proc/meminfo; }
# active objects of caches every container touches (the kernel's names, merged or not)
sl() { awk '$1 ~ /^(task_struct|mm_struct|signal_cache|sighand_cache|files_cache|pid|cred_jar|shmem_inode_cache|anon_vma|vm_area_struct)$/ {print $1, $2}' /proc/slabinfo; }
delta() { printf '%s\n==\n%s\n' "$1" "$2" | awk -v tag="$3" -v n=$N '
  $0 == "==" {after = 1; next}
  !after {v[$1] = $2; next}
  {printf "%s %s %d per container x100\n", tag, $1, ($2 - v[$1]) * 100 / n}'; }
st() { awk -v k="$2" '$1 == k {print $2}' $C/$1; }
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
echo "num_cgroups before: $(ncg)"
sleep 1
m0=$(mi); s0=$(sl)
for ((i = 0; i < N; i++)); do
  d=$C/rt/ctr$i
  mkdir $d
  echo 64M > $d/memory.max
  echo 16 > $d/pids.max
  bash -c "echo \$\$ > $d/cgroup.procs; head -c 65536 /dev/zero > /tmp/ctr$i; head -c 32768 /dev/zero > /dev/shm/ctr$i; exec sleep 100" &
  pid=$!
  while [ "$(cat $d/pids.current)" != 1 ] || ! grep -q sleep /proc/$pid/comm 2>/dev/null; do sleep 0.05; done
  if [ $i = 0 ]; then
    echo "ctr0 pids.current $(cat $d/pids.current) pids.max $(cat $d/pids.max) memory.max $(cat $d/memory.max)"
    echo "ctr0 shmem $(st rt/ctr0/memory.stat shmem) current >= shmem $(( $(cat $d/memory.current) >= $(st rt/ctr0/memory.stat shmem) ))"
  fi
  kill -9 $pid
  wait $pid 2>/dev/null
  rmdir $d || echo "rmdir ctr$i failed"
done
echo "after the loop: $(tr '\n' ' ' < $C/rt/cgroup.stat)"
echo "num_cgroups after the loop: $(ncg)"
echo "rt shmem $(st rt/memory.stat shmem) pids.current $(cat $C/rt/pids.current)"
m1=$(mi); s1=$(sl)
delta "$m0" "$m1" meminfo-loop
delta "$s0" "$s1" slabinfo-loop
rm -f /tmp/ctr* /dev/shm/ctr*
sleep 3
echo "after rm: $(tr '\n' ' ' < $C/rt/cgroup.stat)"
echo "num_cgroups after rm: $(ncg)"
echo "rt shmem after rm $(st rt/memory.stat shmem)"
m2=$(mi); s2=$(sl)
delta "$m0" "$m2" meminfo-rm
delta "$s0" "$s2" slabinfo-rm
rmdir $C/rt; echo "rmdir rt: $?"
