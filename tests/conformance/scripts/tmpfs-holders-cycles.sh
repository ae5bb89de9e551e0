#!/bin/bash
# Written for memcgsim's conformance suite (session 14, bytes): memory cgroups that each
# leave a small tmpfs file behind. In each of 2 cycles, N cgroups are made; a shell
# moved into each writes a 12 KiB file in a tmpfs of the script's own (3 shmem pages
# charged to that cgroup, which stays dying once removed); the files are then deleted
# and the tmpfs's pages freed, which lets the dying memcgs go. Printed per cycle: the
# parent's memory.stat shmem and file (v2 also slab and percpu; v1 cache and shmem),
# dying descendants, /proc/cgroups num_cgroups, and /proc/meminfo Shmem, Slab and Percpu
# as bytes per cgroup (deltas from before the first cycle), with the files held and
# 3 s after they are deleted.
N=50
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
P=$R/holders
mkdir $P
[ $V = 2 ] && echo +memory > $P/cgroup.subtree_control
mkdir -p /tmp/holders
mount -t tmpfs -o size=16m holders /tmp/holders || echo "mount failed"
echo "cgroup v$V, $(getconf _NPROCESSORS_ONLN) CPUs, $N cgroups a cycle"
val() { awk -v k="$2" '$1 == k {print $2}' $1; }
kb() { echo $(( $(val /proc/meminfo $1:) * 1024 )); }
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
show() {
  if [ $V = 2 ]; then
    echo "$1: parent shmem $(val $P/memory.stat shmem) file $(val $P/memory.stat file) slab $(val $P/memory.stat slab) percpu $(val $P/memory.stat percpu)"
    echo "$1: dying $(val $P/cgroup.stat nr_dying_descendants) num_cgroups +$(( $(ncg) - n0 ))"
  else
    echo "$1: parent shmem $(val $P/memory.stat total_shmem) cache $(val $P/memory.stat total_cache)"
    echo "$1: num_cgroups +$(( $(ncg) - n0 ))"
  fi
  echo "$1: per cgroup Shmem $(( ($(kb Shmem) - sh0) / N )) Slab $(( ($(kb Slab) - sl0) / N )) Percpu $(( ($(kb Percpu) - pc0) / N ))"
}
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
n0=$(ncg); sh0=$(kb Shmem); sl0=$(kb Slab); pc0=$(kb Percpu)
for cycle in 1 2; do
  for ((i = 0; i < N; i++)); do
    mkdir $P/h$i
    (echo $BASHPID > $P/h$i/cgroup.procs; head -c 12288 /dev/zero > /tmp/holders/f$i)
    rmdir $P/h$i || echo "rmdir h$i failed"
  done
  sleep 1
  show "cycle $cycle held"
  echo "cycle $cycle: $(ls /tmp/holders | wc -l) files, $(du -sk /tmp/holders | awk '{print $1}') KiB"
  rm /tmp/holders/f*
  sleep 3
  show "cycle $cycle freed"
done
umount /tmp/holders
rmdir $P && echo "parent removed"
